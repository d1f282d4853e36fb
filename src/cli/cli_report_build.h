/* cli_report_build.h: the one report construction of the command line, for `report` (one case)
 * and `db reannotate` (every patient of the registry): a case classified against the knowledge
 * base, matched against a trial portfolio when there is one, and built into the report document
 * (report.h). The portfolio and the matching context are loaded once, for any number of cases. */
#ifndef ONCOBOARD_CLI_REPORT_BUILD_H
#define ONCOBOARD_CLI_REPORT_BUILD_H

#include "cli_match_input.h"
#include "oncoboard/case.h"
#include "oncoboard/kb.h"
#include "oncoboard/match.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct cli_report_builder {
    /* given */
    const char *cmd;             /* for messages */
    const onc_kb_t *kb;          /* borrowed */
    const char *kb_dir;          /* --kb: the readers' gene tables and the matching context */
    const char *tumor_type;      /* overrides the case's; NULL: the case's */
    const char *trials_path;     /* the portfolio to load; NULL: no trials section */
    const onc_trials_t *trials;  /* or a portfolio already loaded (borrowed); wins over the path;
                                    may be set after open when matching is set */
    bool matching;               /* load the matching context even without trials_path (a
                                    caller that loads its portfolio with it, after open) */
    const char *comparison_date; /* YYYY-MM-DD for trial criteria; NULL: today */
    int no_version;              /* report options (report.h) */
    const char *command;
    /* loaded by open */
    onc_trials_t *owned_trials;
    cli_match_input_t in;        /* the matching context only */
    onc_match_opts_t mo;
    onc_date_t today;
    char generated[32];
} cli_report_builder_t;

/* Loads what the given fields ask for (the portfolio and the matching context when there are
 * trials): CLI_OK, or an exit status after a message. Close it either way. */
int cli_report_builder_open(cli_report_builder_t *b);
/* The report document of c (case_path: the file for provenance, or NULL) in *doc (json_decref
 * it): CLI_OK, or an exit status after a message. */
int cli_report_builder_build(cli_report_builder_t *b, const onc_case_t *c, const char *case_path, json_t **doc);
/* Whether reports carry a trials section. */
bool cli_report_builder_has_trials(const cli_report_builder_t *b);
void cli_report_builder_close(cli_report_builder_t *b);

#endif
