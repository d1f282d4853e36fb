/* cli_match_input.c: loading the engine's context and the patients for `match`
 * (cli_match_input.h), over the app layer (app.h), which classifies cases and reads registered
 * patients. A directory given to --case contributes its *.json files in name order, so that runs
 * are reproducible. */
#include "cli_match_input.h"
#include "cli.h"
#include "oncoboard/audit.h"
#include "oncoboard/db.h"
#include "oncoboard/store.h"
#include "oncoboard/store_trials.h"

#include <stdlib.h>
#include <string.h>

int cli_match_input_add_case(cli_match_input_t *in, const char *path)
{
    const char **v = realloc(in->case_args, (in->n_cases + 1) * sizeof *v);
    if (!v) {
        cli_error("match", "out of memory");
        return -1;
    }
    v[in->n_cases++] = path;
    in->case_args = v;
    return 0;
}

int cli_match_context_open(cli_match_input_t *in, const char *cmd)
{
    onc_err_t err = {0};
    onc_app_opts_t o;
    onc_app_opts_init(&o);
    o.kb_dir = in->kb_dir;
    if (onc_app_open(&o, &in->app, &err) != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        return cli_status_of(err.code);
    }
    in->ctx = *onc_app_match_ctx(in->app);
    return CLI_OK;
}

/* Adds match patient p (borrowed: it belongs to owned[] or to the cohort). */
static int push_patient(cli_match_input_t *in, const char *cmd, const onc_match_patient_t *p)
{
    if (in->n_patients == in->m_patients) {
        size_t m = in->m_patients ? in->m_patients * 2 : 16;
        const onc_match_patient_t **grown = realloc(in->patients, m * sizeof *grown);
        if (!grown) {
            cli_error(cmd, "out of memory");
            return CLI_INTERNAL;
        }
        in->patients = grown;
        in->m_patients = m;
    }
    in->patients[in->n_patients++] = p;
    return CLI_OK;
}

/* Adds p (taken over) and its match patients. */
static int add_patient(cli_match_input_t *in, const char *cmd, onc_app_patient_t *p)
{
    if (in->n_owned == in->m_owned) {
        size_t m = in->m_owned ? in->m_owned * 2 : 16;
        onc_app_patient_t **grown = realloc(in->owned, m * sizeof *grown);
        if (!grown) {
            onc_app_patient_free(p);
            cli_error(cmd, "out of memory");
            return CLI_INTERNAL;
        }
        in->owned = grown;
        in->m_owned = m;
    }
    in->owned[in->n_owned++] = p;
    int status = CLI_OK;
    for (size_t i = 0; status == CLI_OK && i < onc_app_patient_count(p); i++)
        status = push_patient(in, cmd, onc_app_patient_at(p, i));
    return status;
}

/* Loads, classifies and adds one case file. */
static int add_case_file(cli_match_input_t *in, const char *cmd, const char *path)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    onc_app_patient_t *p = NULL;
    if (onc_case_load(path, NULL, &c, &err) != ONC_OK || onc_app_patient_from_case(in->app, c, &p, &err) != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        return cli_status_of(err.code);
    }
    return add_patient(in, cmd, p);
}

void cli_match_cohort_warnings(const char *cmd, const onc_match_cohort_t *m)
{
    for (size_t i = 0; i < onc_match_cohort_n_warnings(m); i++)
        cli_error(cmd, "warning: %s", onc_match_cohort_warning(m, i));
    if (onc_match_cohort_n_skipped(m) > onc_match_cohort_n_warnings(m))
        cli_error(cmd, "warning: %zu genomic documents skipped in all (first %zu listed)", onc_match_cohort_n_skipped(m),
                  onc_match_cohort_n_warnings(m));
}

/* Every patient of the registry at in->db_url (each read audited), in id order. */
static int add_registry(cli_match_input_t *in, const char *cmd)
{
    onc_db_t *db = NULL;
    int status = cli_db_open(cmd, in->db_url, NULL, true, &db);
    if (status != CLI_OK) return status;
    onc_err_t err = {0};
    char **ids = NULL;
    size_t n = 0;
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_list_patients(db, onc_audit_os_actor(), &ids, &n, &err);
    for (size_t i = 0; rc == ONC_OK && status == CLI_OK && i < n; i++) {
        onc_app_patient_t *p = NULL;
        rc = onc_app_patient_get(in->app, db, ids[i], onc_audit_os_actor(), &p, &err);
        if (rc == ONC_OK) status = add_patient(in, cmd, p);
    }
    if (rc == ONC_OK && status == CLI_OK) rc = cli_db_commit(db, &err);
    if (rc != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        status = cli_status_of(rc);
    }
    if (status != CLI_OK) onc_db_rollback(db, NULL);
    onc_store_ids_free(ids, n);
    onc_db_close(db);
    return status;
}

int cli_match_trials_open(cli_match_input_t *in, const char *cmd, const char *path, onc_trials_t **out)
{
    onc_err_t err = {0};
    *out = NULL;
    if (path) {
        if (onc_trials_load(path, &in->ctx, out, &err) == ONC_OK) return CLI_OK;
        cli_error(cmd, "%s", err.msg);
        return cli_status_of(err.code);
    }
    onc_db_t *db = NULL;
    int status = cli_db_open(cmd, in->db_url, NULL, true, &db);
    if (status != CLI_OK) return status;
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_trials_active(db, &in->ctx, onc_audit_os_actor(), NULL, 0, out, &err);
    if (rc == ONC_OK) rc = cli_db_commit(db, &err);
    if (rc != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        onc_db_rollback(db, NULL);
        onc_trials_free(*out);
        *out = NULL;
        status = cli_status_of(rc);
    }
    onc_db_close(db);
    return status;
}

static int add_matchminer(cli_match_input_t *in, const char *cmd)
{
    onc_err_t err = {0};
    onc_match_cohort_t *m = NULL;
    if (onc_matchminer_load(in->mm_clinical, in->mm_genomic, &in->ctx, &m, &err) != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        return cli_status_of(err.code);
    }
    cli_match_cohort_warnings(cmd, m);
    in->cohort = m;
    onc_match_cohort_assume_tested(m, in->assume_tested);
    int status = CLI_OK;
    for (size_t i = 0; status == CLI_OK && i < onc_match_cohort_size(m); i++)
        status = push_patient(in, cmd, onc_match_cohort_at(m, i));
    return status;
}

int cli_match_input_open(cli_match_input_t *in, const char *cmd)
{
    int status = cli_match_context_open(in, cmd);
    if (status != CLI_OK) return status;
    if (in->mm_clinical) return add_matchminer(in, cmd);
    if (in->db_url && (status = add_registry(in, cmd)) != CLI_OK) return status;
    if (in->n_cases == 0) return CLI_OK;
    cli_paths_t paths = {0};
    status = cli_case_paths(cmd, (char *const *)in->case_args, in->n_cases, &paths);
    for (size_t i = 0; i < paths.n && status == CLI_OK; i++) status = add_case_file(in, cmd, paths.v[i]);
    cli_paths_free(&paths);
    return status;
}

void cli_match_input_close(cli_match_input_t *in)
{
    for (size_t i = 0; i < in->n_owned; i++) onc_app_patient_free(in->owned[i]);
    free(in->owned);
    free(in->patients);
    onc_match_cohort_free(in->cohort);
    free(in->case_args);
    onc_app_close(in->app);
    memset(in, 0, sizeof *in);
}
