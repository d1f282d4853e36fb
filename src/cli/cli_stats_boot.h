/* cli_stats_boot.h: the bootstrap options that `stats logistic` (the AUC) and `stats cox` (the
 * C-index) share: --bootstrap B, --seed S, --resamples FILE (the resamples taken from a file,
 * e.g. written by R) and --write-resamples FILE (the drawn ones written, for R to refit). */
#ifndef ONCOBOARD_CLI_STATS_BOOT_H
#define ONCOBOARD_CLI_STATS_BOOT_H

#include "cli.h"
#include "oncoboard/stats_assoc.h"

typedef struct cli_boot {
    size_t bootstrap;                 /* --bootstrap B [0: none] */
    unsigned long seed;               /* --seed [1] */
    bool seed_given;
    const char *resamples, *write;    /* --resamples FILE, --write-resamples FILE */
} cli_boot_t;

#define CLI_BOOT_HELP                                                                                  \
    "    --bootstrap B        Harrell's optimism correction over B resamples of the analysed rows\n"     \
    "    --seed S             the resamples' generator (GSL mt19937) [1]\n"                              \
    "    --resamples FILE     take the resamples from FILE instead: one a line, the 1-based numbers of\n" \
    "                         the analysed rows (rows with a missing value left out), as R's\n"          \
    "                         sample.int(n, replace = TRUE); --bootstrap, if given, must be their count\n" \
    "    --write-resamples FILE  write the resamples drawn (the same format)\n"

void cli_boot_init(cli_boot_t *b);
/* Option name (without "--") with value v: -1 taken, -2 not a bootstrap option, else the exit
 * status after a message. */
int cli_boot_option(const char *cmd, cli_boot_t *b, const char *name, const char *v);
/* Whether the options ask for the bootstrap; cli_boot_check: -1 when they agree, else the exit
 * status after a message. */
bool cli_boot_wanted(const cli_boot_t *b);
int cli_boot_check(const char *cmd, const cli_boot_t *b);
/* The resamples of n analysed rows (read, drawn and written, or to draw): CLI_OK, or the exit
 * status after a message. Free with onc_resamples_free. */
int cli_boot_resamples(const char *cmd, const cli_boot_t *b, size_t n, onc_resamples_t *rs);

#endif
