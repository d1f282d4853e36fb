/* cli_match_input.c: loading the engine's context and the patients for `match` and `report`
 * (cli_match_input.h). A directory given to --case contributes its *.json files in name order,
 * so that runs are reproducible. */
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
    if ((!in->kb_given && !(in->kb = onc_kb_load(in->kb_dir, &err))) ||
        !(in->oncotree = onc_oncotree_load(cli_reader_kb_dir(in->kb_dir), &err)) ||
        !(in->genes = onc_genes_load(cli_reader_kb_dir(in->kb_dir), &err))) {
        cli_error(cmd, "%s", err.msg);
        return cli_status_of(err.code);
    }
    in->ctx.kb = in->kb_given ? in->kb_given : in->kb;
    in->ctx.oncotree = in->oncotree;
    in->ctx.genes = in->genes;
    return CLI_OK;
}

static int push_patient(cli_match_input_t *in, const char *cmd, onc_match_patient_t *p, onc_case_t *c,
                        onc_classification_t *cl)
{
    if (in->n_patients == in->m_patients) {
        size_t m = in->m_patients ? in->m_patients * 2 : 16;
        onc_match_patient_t **p2 = realloc(in->patients, m * sizeof *p2);
        if (p2) in->patients = p2;
        onc_case_t **c2 = p2 ? realloc(in->cases, m * sizeof *c2) : NULL;
        if (c2) in->cases = c2;
        onc_classification_t **k2 = c2 ? realloc(in->classes, m * sizeof *k2) : NULL;
        if (!k2) {
            cli_error(cmd, "out of memory");
            return CLI_INTERNAL;
        }
        in->classes = k2;
        in->m_patients = m;
    }
    in->patients[in->n_patients] = p;
    in->cases[in->n_patients] = c;
    in->classes[in->n_patients] = cl;
    in->n_patients++;
    return CLI_OK;
}

int cli_match_input_add_patient(cli_match_input_t *in, const char *cmd, const onc_case_t *c,
                                const onc_classification_t *cl)
{
    onc_err_t err = {0};
    onc_match_patient_t *p = NULL;
    if (onc_match_patient_from_case(c, cl, &in->ctx, &p, &err) != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        return cli_status_of(err.code);
    }
    return push_patient(in, cmd, p, NULL, NULL);
}

/* Classifies and adds one loaded case (taken over: freed here on failure). */
static int add_loaded_case(cli_match_input_t *in, const char *cmd, onc_case_t *c)
{
    onc_err_t err = {0};
    onc_classification_t *cl = NULL;
    onc_match_patient_t *p = NULL;
    onc_classify_opts_t co;
    onc_classify_opts_init(&co);
    co.kb_dir = cli_reader_kb_dir(in->kb_dir);
    const onc_kb_t *kb = in->ctx.kb;
    co.today = cli_today_utc(NULL);
    if (onc_classify(c, kb, &co, &cl, &err) != ONC_OK ||
        onc_match_patient_from_case(c, cl, &in->ctx, &p, &err) != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        onc_classification_free(cl);
        onc_case_free(c);
        return cli_status_of(err.code);
    }
    int status = push_patient(in, cmd, p, c, cl);
    if (status != CLI_OK) {
        onc_match_patient_free(p);
        onc_classification_free(cl);
        onc_case_free(c);
    }
    return status;
}

/* Loads, classifies and adds one case file. */
static int add_case_file(cli_match_input_t *in, const char *cmd, const char *path)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    if (onc_case_load(path, NULL, &c, &err) != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        return cli_status_of(err.code);
    }
    return add_loaded_case(in, cmd, c);
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
        onc_case_t *c = NULL;
        rc = onc_store_get_case(db, ids[i], onc_audit_os_actor(), &c, &err);
        if (rc == ONC_OK) status = add_loaded_case(in, cmd, c);
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
    if (onc_matchminer_load(in->mm_clinical, in->mm_genomic, &in->ctx, &in->cohort, &err) != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        return cli_status_of(err.code);
    }
    onc_match_cohort_assume_tested(in->cohort, in->assume_tested);
    for (size_t i = 0; i < onc_match_cohort_n_warnings(in->cohort); i++)
        cli_error(cmd, "warning: %s", onc_match_cohort_warning(in->cohort, i));
    if (onc_match_cohort_n_skipped(in->cohort) > onc_match_cohort_n_warnings(in->cohort))
        cli_error(cmd, "warning: %zu genomic documents skipped in all (first %zu listed)",
                  onc_match_cohort_n_skipped(in->cohort), onc_match_cohort_n_warnings(in->cohort));
    size_t n = onc_match_cohort_size(in->cohort);
    for (size_t i = 0; i < n; i++) {
        int status = push_patient(in, cmd, (onc_match_patient_t *)onc_match_cohort_at(in->cohort, i), NULL, NULL);
        if (status != CLI_OK) return status;
    }
    return CLI_OK;
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
    for (size_t i = 0; i < in->n_patients; i++) {
        if (!in->cohort) onc_match_patient_free(in->patients[i]);
        if (in->classes) onc_classification_free(in->classes[i]);
        if (in->cases) onc_case_free(in->cases[i]);
    }
    onc_match_cohort_free(in->cohort);
    free(in->patients);
    free(in->cases);
    free(in->classes);
    free(in->case_args);
    onc_genes_free(in->genes);
    onc_oncotree_free(in->oncotree);
    onc_kb_free(in->kb);
    memset(in, 0, sizeof *in);
}
