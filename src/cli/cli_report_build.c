/* cli_report_build.c: classify, match and build one report per case (cli_report_build.h). The
 * trial portfolio is matched one patient at a time: a report is about one patient, and rows come
 * out the same as for a run over many (match.h: results grouped by patient in the given order). */
#include "cli_report_build.h"

#include "cli.h"
#include "oncoboard/classify.h"
#include "oncoboard/report.h"

#include <string.h>

bool cli_report_builder_has_trials(const cli_report_builder_t *b) { return b->trials || b->owned_trials; }

int cli_report_builder_open(cli_report_builder_t *b)
{
    onc_err_t err = {0};
    b->today = cli_today_utc(b->generated);
    onc_match_opts_init(&b->mo);
    b->mo.comparison_date = b->today;
    b->mo.threads = 1;
    if (b->comparison_date && onc_date_parse(b->comparison_date, &b->mo.comparison_date, &err) != ONC_OK) {
        cli_error(b->cmd, "--comparison-date '%s': %s", b->comparison_date, err.msg);
        return CLI_BAD_INPUT;
    }
    if (!b->trials && !b->trials_path && !b->matching) return CLI_OK;
    b->in.kb_dir = b->kb_dir;
    b->in.kb_given = b->kb;
    int status = cli_match_context_open(&b->in, b->cmd);
    if (status != CLI_OK || b->trials || !b->trials_path) return status;
    if (onc_trials_load(b->trials_path, &b->in.ctx, &b->owned_trials, &err) != ONC_OK) {
        cli_error(b->cmd, "%s", err.msg);
        return cli_status_of(err.code);
    }
    return CLI_OK;
}

/* The case's eligible and potential rows as Match JSON, in *out (NULL without trials). */
static int match_rows(cli_report_builder_t *b, const onc_case_t *c, const onc_classification_t *cl, json_t **out)
{
    *out = NULL;
    const onc_trials_t *trials = b->trials ? b->trials : b->owned_trials;
    if (!trials) return CLI_OK;
    onc_err_t err = {0};
    onc_match_patient_t *p = NULL;
    onc_match_result_t *res = NULL;
    int status = CLI_OK;
    if (onc_match_patient_from_case(c, cl, &b->in.ctx, &p, &err) != ONC_OK ||
        onc_match_run(trials, (const onc_match_patient_t *const *)&p, 1, &b->mo, &b->in.ctx, &res, &err) != ONC_OK) {
        cli_error(b->cmd, "%s", err.msg);
        status = cli_status_of(err.code);
    }
    if (status == CLI_OK && !(*out = json_array())) status = CLI_INTERNAL;
    for (size_t i = 0; status == CLI_OK && i < onc_match_result_rows(res); i++)
        if (json_array_append_new(*out, onc_match_row_json(onc_match_result_row(res, i)))) status = CLI_INTERNAL;
    if (status == CLI_INTERNAL) cli_error(b->cmd, "out of memory");
    onc_match_result_free(res);
    onc_match_patient_free(p);
    return status;
}

int cli_report_builder_build(cli_report_builder_t *b, const onc_case_t *c, const char *case_path, json_t **doc)
{
    *doc = NULL;
    onc_classify_opts_t co;
    onc_classify_opts_init(&co);
    co.tumor_type = b->tumor_type;
    co.kb_dir = cli_reader_kb_dir(b->kb_dir);
    co.today = b->today;
    onc_err_t err = {0};
    onc_classification_t *cl = NULL;
    onc_rc rc = onc_classify(c, b->kb, &co, &cl, &err);
    if (rc != ONC_OK) {
        cli_error(b->cmd, "%s", err.msg);
        return cli_status_of(rc);
    }
    json_t *trials = NULL;
    int status = match_rows(b, c, cl, &trials);
    if (status == CLI_OK) {
        onc_report_opts_t ro;
        onc_report_opts_init(&ro);
        ro.trials = trials;
        ro.trials_path = b->trials ? NULL : b->trials_path;
        ro.no_version = b->no_version;
        ro.command = b->command;
        ro.generated = b->generated[0] ? b->generated : NULL;
        ro.case_path = case_path;
        if (!(*doc = onc_report_build(c, b->kb, cl, &ro, &err))) {
            cli_error(b->cmd, "%s", err.msg);
            status = cli_status_of(err.code);
        }
    }
    json_decref(trials);
    onc_classification_free(cl);
    return status;
}

void cli_report_builder_close(cli_report_builder_t *b)
{
    onc_trials_free(b->owned_trials);
    b->owned_trials = NULL;
    cli_match_input_close(&b->in);
}
