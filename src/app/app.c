/* app.c: the shared services' context (app.h): the knowledge base, OncoTree and gene tables
 * loaded once, then the one report construction of the program, for the command line's
 * `report` and `db reannotate` and for the server: a case classified, matched against a
 * portfolio one patient at a time (a report is about one patient, and rows come out the same as
 * for a run over many: match.h groups results by patient in the given order), and built into the
 * report document (report.h).
 *
 * Nothing here writes to the context after open: the engines take it as const, so threads share
 * it. The only mutable state, the registry portfolio cache, lives in app_portfolio.c under a
 * mutex. */
#include "app_int.h"

#include "oncoboard/audit.h"
#include "oncoboard/report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void onc_app_opts_init(onc_app_opts_t *o) { memset(o, 0, sizeof *o); }

const onc_kb_t *onc_app_kb(const onc_app_t *app) { return app->kb; }
const onc_match_ctx_t *onc_app_match_ctx(const onc_app_t *app) { return &app->ctx; }
const onc_trials_t *onc_app_trials(const onc_app_t *app) { return app->trials; }

onc_date_t onc_app_today_utc(char generated[32])
{
    time_t now = time(NULL);
    struct tm tm;
    onc_date_t d = {0, 0, 0};
    if (!gmtime_r(&now, &tm)) return d;
    if (generated) strftime(generated, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    return d;
}

const char *onc_app_reader_kb_dir(const char *kb_dir)
{
    char path[4096];
    if (!kb_dir || (size_t)snprintf(path, sizeof path, "%s/gene_aliases.tsv", kb_dir) >= sizeof path) return NULL;
    return access(path, R_OK) == 0 ? kb_dir : NULL;
}

onc_rc onc_app_commit(onc_db_t *db, onc_err_t *err) { return onc_audit_commit(db, err); }

/* A copy of s (NULL stays NULL); false when out of memory. */
static bool copy_opt(char **dst, const char *s)
{
    *dst = s ? strdup(s) : NULL;
    return !s || *dst;
}

static onc_rc load_context(onc_app_t *app, const onc_app_opts_t *o, onc_err_t *err)
{
    if (!copy_opt(&app->kb_dir, o->kb_dir) || !copy_opt(&app->command, o->command) ||
        !copy_opt(&app->tumor_type, o->tumor_type) || !copy_opt(&app->trials_path, o->trials_path))
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    app->reader_kb_dir = onc_app_reader_kb_dir(app->kb_dir);
    app->no_version = o->no_version;
    if (o->comparison_date) {
        onc_err_t e = {0};
        if (onc_date_parse(o->comparison_date, &app->comparison_date, &e) != ONC_OK)
            return onc_err_set(err, e.code, "comparison date '%s': %s", o->comparison_date, e.msg);
        app->fixed_date = true;
    }
    if ((!o->kb && !(app->owned_kb = onc_kb_load(app->kb_dir, err))) ||
        !(app->oncotree = onc_oncotree_load(app->reader_kb_dir, err)) ||
        !(app->genes = onc_genes_load(app->reader_kb_dir, err)))
        return err ? err->code : ONC_EIO;
    app->kb = o->kb ? o->kb : app->owned_kb;
    app->ctx = (onc_match_ctx_t){.oncotree = app->oncotree, .kb = app->kb, .genes = app->genes};
    if (app->trials_path) return onc_trials_load(app->trials_path, &app->ctx, &app->trials, err);
    return ONC_OK;
}

onc_rc onc_app_open(const onc_app_opts_t *opts, onc_app_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_app_opts_t defaults;
    if (!opts) {
        onc_app_opts_init(&defaults);
        opts = &defaults;
    }
    onc_app_t *app = calloc(1, sizeof *app);
    if (!app) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (pthread_mutex_init(&app->lock, NULL) != 0) {
        free(app);
        return onc_err_set(err, ONC_EINTERNAL, "cannot create the portfolio lock");
    }
    onc_rc rc = load_context(app, opts, err);
    if (rc != ONC_OK) {
        onc_app_close(app);
        return rc;
    }
    *out = app;
    return ONC_OK;
}

void onc_app_close(onc_app_t *app)
{
    if (!app) return;
    app_portfolio_free(app->portfolio);
    pthread_mutex_destroy(&app->lock);
    onc_trials_free(app->trials);
    onc_genes_free(app->genes);
    onc_oncotree_free(app->oncotree);
    onc_kb_free(app->owned_kb);
    free(app->kb_dir);
    free(app->command);
    free(app->tumor_type);
    free(app->trials_path);
    free(app);
}

onc_rc app_classify(const onc_app_t *app, const onc_case_t *c, const char *tumor_type, onc_date_t today,
                    onc_classification_t **out, onc_err_t *err)
{
    onc_classify_opts_t co;
    onc_classify_opts_init(&co);
    co.tumor_type = tumor_type;
    co.kb_dir = app->reader_kb_dir;
    co.today = today;
    return onc_classify(c, app->kb, &co, out, err);
}

onc_rc app_match_rows(const onc_app_t *app, const onc_match_patient_t *const *patients, size_t n,
                      const onc_trials_t *trials, onc_date_t today, json_t **rows, onc_err_t *err)
{
    onc_match_opts_t mo;
    onc_match_opts_init(&mo);
    mo.comparison_date = app->fixed_date ? app->comparison_date : today;
    mo.threads = 1; /* the callers' threads are the parallelism */
    onc_match_result_t *res = NULL;
    onc_rc rc = n ? onc_match_run(trials, patients, n, &mo, &app->ctx, &res, err) : ONC_OK;
    if (rc == ONC_OK && !(*rows = json_array())) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ONC_OK && i < onc_match_result_rows(res); i++)
        if (json_array_append_new(*rows, onc_match_row_json(onc_match_result_row(res, i))))
            rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc != ONC_OK) {
        json_decref(*rows);
        *rows = NULL;
    }
    onc_match_result_free(res);
    return rc;
}

/* The case's rows against trials (NULL: none, *rows NULL). */
static onc_rc case_rows(const onc_app_t *app, const onc_case_t *c, const onc_classification_t *cl,
                        const onc_trials_t *trials, onc_date_t today, json_t **rows, onc_err_t *err)
{
    *rows = NULL;
    if (!trials) return ONC_OK;
    onc_match_patient_t *p = NULL;
    onc_rc rc = onc_match_patient_from_case(c, cl, &app->ctx, &p, err);
    if (rc == ONC_OK) rc = app_match_rows(app, (const onc_match_patient_t *const *)&p, 1, trials, today, rows, err);
    onc_match_patient_free(p);
    return rc;
}

onc_rc onc_app_report_case(onc_app_t *app, const onc_case_t *c, const char *case_path, const onc_trials_t *trials,
                           json_t **doc, onc_err_t *err)
{
    *doc = NULL;
    char generated[32] = "";
    onc_date_t today = onc_app_today_utc(generated);
    onc_classification_t *cl = NULL;
    json_t *rows = NULL;
    onc_rc rc = app_classify(app, c, app->tumor_type, today, &cl, err);
    if (rc == ONC_OK) rc = case_rows(app, c, cl, trials, today, &rows, err);
    if (rc == ONC_OK) {
        onc_report_opts_t ro;
        onc_report_opts_init(&ro);
        ro.trials = rows;
        ro.trials_path = trials && trials == app->trials ? app->trials_path : NULL;
        ro.no_version = app->no_version;
        ro.command = app->command;
        ro.generated = generated[0] ? generated : NULL;
        ro.case_path = case_path;
        if (!(*doc = onc_report_build(c, app->kb, cl, &ro, err))) rc = err ? err->code : ONC_ENOMEM;
    }
    json_decref(rows);
    onc_classification_free(cl);
    return rc;
}
