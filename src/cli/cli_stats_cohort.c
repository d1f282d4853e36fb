/* cli_stats_cohort.c: `oncoboard stats` on cBioPortal studies (stats_cohort.h; docs/stats.md,
 * "Cohorts"): the table every analysis reads (--data FILE or --study DIR), and the analyses that
 * need the study's alterations: screen (genes against response, PFS and OS) and compare (two
 * groups of patients). The library does the work; this file parses options and prints. */
#include "cli_stats.h"
#include "oncoboard/frame.h"
#include "oncoboard/stats_cohort.h"

#include <stdlib.h>
#include <string.h>

#define STUDY_ERRORS_SHOWN 10

/* The study's problems, as the reader listed them (at most STUDY_ERRORS_SHOWN). */
static void print_study_errors(const char *cmd, const onc_cbio_study_t *s)
{
    size_t n = s->n_errors < STUDY_ERRORS_SHOWN ? s->n_errors : STUDY_ERRORS_SHOWN;
    for (size_t i = 0; i < n; i++) cli_error(cmd, "%s", s->errors[i]);
    if (s->n_errors + s->n_errors_dropped > n)
        cli_error(cmd, "... and %zu more problems", s->n_errors + s->n_errors_dropped - n);
}

/* Reads study dir (clinical_only: the clinical tables alone). CLI_OK, or the exit status after
 * the reader's messages. */
static int read_study(const char *cmd, const char *dir, bool clinical_only, const char *kb_dir, onc_cbio_study_t **out)
{
    onc_cbio_opts_t o;
    onc_cbio_opts_init(&o);
    o.clinical_only = clinical_only;
    o.kb_dir = kb_dir ? cli_reader_kb_dir(kb_dir) : NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_cbio_study_read(dir, &o, out, &err);
    if (rc == ONC_OK) return CLI_OK;
    if (*out) print_study_errors(cmd, *out);
    else cli_error(cmd, "%s", err.msg);
    onc_cbio_study_free(*out);
    *out = NULL;
    return cli_status_of(rc);
}

static int study_frame(const char *cmd, const onc_cbio_study_t *s, const char *dir, bool per_sample,
                       onc_frame_t **out)
{
    onc_err_t err = {0};
    onc_rc rc = onc_frame_from_cbio(s->clinical, per_sample, dir, out, &err);
    if (rc == ONC_OK) return CLI_OK;
    cli_error(cmd, "%s", err.msg);
    return cli_status_of(rc);
}

int cli_stats_table(const char *cmd, const char *data, const char *study, bool per_sample, onc_frame_t **out)
{
    *out = NULL;
    onc_err_t err = {0};
    if (!study) {
        onc_rc rc = onc_frame_read(data, out, &err);
        if (rc == ONC_OK) return CLI_OK;
        cli_error(cmd, "%s", err.msg);
        return cli_status_of(rc);
    }
    onc_cbio_study_t *s = NULL;
    int st = read_study(cmd, study, true, NULL, &s);
    if (st == CLI_OK) st = study_frame(cmd, s, study, per_sample, out);
    onc_cbio_study_free(s);
    return st;
}

cli_command_t cli_stats_cohort_commands[] = {
    {NULL, NULL, NULL},
};
