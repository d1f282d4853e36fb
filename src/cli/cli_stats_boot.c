/* cli_stats_boot.c: the bootstrap options of `stats logistic` and `stats cox` (cli_stats_boot.h).
 * Given resamples make an analysis reproducible elsewhere: the same rows refitted in R give the
 * same optimism to rounding (tests/r/bootstrap_reference.R). */
#include "cli_stats_boot.h"

#include <math.h>
#include <string.h>

void cli_boot_init(cli_boot_t *b)
{
    memset(b, 0, sizeof *b);
    b->seed = 1;
}

int cli_boot_option(const char *cmd, cli_boot_t *b, const char *name, const char *v)
{
    double d;
    if (!strcmp(name, "resamples")) b->resamples = v;
    else if (!strcmp(name, "write-resamples")) b->write = v;
    else if (!strcmp(name, "bootstrap")) {
        if (cli_parse_number(v, 1, ONC_RESAMPLES_MAX_B, &d) || d != floor(d))
            return cli_usage_error(cmd, "--bootstrap must be a whole number from 1 to %d, not '%s'", ONC_RESAMPLES_MAX_B, v);
        b->bootstrap = (size_t)d;
    } else if (!strcmp(name, "seed")) {
        if (cli_parse_number(v, 0, 4294967295.0, &d) || d != floor(d))
            return cli_usage_error(cmd, "--seed must be a whole number from 0 to 4294967295, not '%s'", v);
        b->seed = (unsigned long)d, b->seed_given = true;
    } else return -2;
    return -1;
}

bool cli_boot_wanted(const cli_boot_t *b) { return b->bootstrap || b->resamples; }

int cli_boot_check(const char *cmd, const cli_boot_t *b)
{
    if (b->resamples && b->write) return cli_usage_error(cmd, "--resamples and --write-resamples exclude each other");
    if (b->resamples && b->seed_given) return cli_usage_error(cmd, "--seed draws resamples; --resamples gives them");
    if (b->write && !b->bootstrap) return cli_usage_error(cmd, "--write-resamples needs --bootstrap B");
    return -1;
}

static int boot_fail(const char *cmd, const onc_err_t *err)
{
    cli_error(cmd, "%s", err->msg);
    return cli_status_of(err->code);
}

static int write_drawn(const char *cmd, const cli_boot_t *b, const onc_resamples_t *rs)
{
    cli_output_t out;
    int st = cli_output_open(&out, b->write);
    if (st != CLI_OK) return st;
    char note[200];
    snprintf(note, sizeof note, "%zu resamples of the %zu analysed rows (1-based), GSL mt19937 seed %lu", rs->B, rs->n,
             rs->seed);
    onc_err_t err = {0};
    if (onc_resamples_write(rs, note, out.fp, &err) != ONC_OK) {
        cli_output_abort(&out);
        return boot_fail(cmd, &err);
    }
    return cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
}

int cli_boot_resamples(const char *cmd, const cli_boot_t *b, size_t n, onc_resamples_t *rs)
{
    onc_err_t err = {0};
    memset(rs, 0, sizeof *rs);
    if (b->resamples) {
        if (onc_resamples_read(b->resamples, n, rs, &err) != ONC_OK) return boot_fail(cmd, &err);
        if (b->bootstrap && b->bootstrap != rs->B) {
            cli_error(cmd, "%s: %zu resamples, --bootstrap says %zu", b->resamples, rs->B, b->bootstrap);
            onc_resamples_free(rs);
            return CLI_BAD_INPUT;
        }
        return CLI_OK;
    }
    if (!b->write) {
        *rs = (onc_resamples_t){.B = b->bootstrap, .n = n, .seed = b->seed};
        return CLI_OK;
    }
    if (onc_resamples_draw(b->bootstrap, n, b->seed, rs, &err) != ONC_OK) return boot_fail(cmd, &err);
    int st = write_drawn(cmd, b, rs);
    if (st != CLI_OK) onc_resamples_free(rs);
    return st;
}
