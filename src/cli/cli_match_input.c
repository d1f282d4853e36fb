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

static int grow_patients(cli_match_input_t *in, const char *cmd)
{
    size_t m = in->m_patients ? in->m_patients * 2 : 16;
    onc_match_patient_t **p2 = realloc(in->patients, m * sizeof *p2);
    if (p2) in->patients = p2;
    onc_case_t **c2 = p2 ? realloc(in->cases, m * sizeof *c2) : NULL;
    if (c2) in->cases = c2;
    onc_classification_t **k2 = c2 ? realloc(in->classes, m * sizeof *k2) : NULL;
    if (k2) in->classes = k2;
    bool *b2 = k2 ? realloc(in->borrowed, m * sizeof *b2) : NULL;
    if (!b2) {
        cli_error(cmd, "out of memory");
        return CLI_INTERNAL;
    }
    in->borrowed = b2;
    in->m_patients = m;
    return CLI_OK;
}

/* Adds p (owned unless borrowed from a cohort) with its case and classification (owned, may be
 * NULL). */
static int push_patient(cli_match_input_t *in, const char *cmd, onc_match_patient_t *p, onc_case_t *c,
                        onc_classification_t *cl, bool borrowed)
{
    int status = in->n_patients == in->m_patients ? grow_patients(in, cmd) : CLI_OK;
    if (status != CLI_OK) return status;
    in->patients[in->n_patients] = p;
    in->cases[in->n_patients] = c;
    in->classes[in->n_patients] = cl;
    in->borrowed[in->n_patients] = borrowed;
    in->n_patients++;
    return CLI_OK;
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
    int status = push_patient(in, cmd, p, c, cl, false);
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

void cli_match_cohort_warnings(const char *cmd, const onc_match_cohort_t *m)
{
    for (size_t i = 0; i < onc_match_cohort_n_warnings(m); i++)
        cli_error(cmd, "warning: %s", onc_match_cohort_warning(m, i));
    if (onc_match_cohort_n_skipped(m) > onc_match_cohort_n_warnings(m))
        cli_error(cmd, "warning: %zu genomic documents skipped in all (first %zu listed)", onc_match_cohort_n_skipped(m),
                  onc_match_cohort_n_warnings(m));
}

/* Adds the patients of m (taken over). */
static int add_cohort(cli_match_input_t *in, const char *cmd, onc_match_cohort_t *m)
{
    onc_match_cohort_t **grown = realloc(in->cohorts, (in->n_cohorts + 1) * sizeof *grown);
    if (!grown) {
        onc_match_cohort_free(m);
        cli_error(cmd, "out of memory");
        return CLI_INTERNAL;
    }
    in->cohorts = grown;
    in->cohorts[in->n_cohorts++] = m;
    onc_match_cohort_assume_tested(m, in->assume_tested);
    int status = CLI_OK;
    for (size_t i = 0; status == CLI_OK && i < onc_match_cohort_size(m); i++)
        status = push_patient(in, cmd, (onc_match_patient_t *)onc_match_cohort_at(m, i), NULL, NULL, true);
    return status;
}

/* A patient registered from MatchMiner's documents is matched on them, as on the files
 * (store.h): ONC_OK with the patient added (or *status set), ONC_ENOTFOUND for a patient
 * registered from a case, else the error. */
static onc_rc add_registry_documents(cli_match_input_t *in, const char *cmd, onc_db_t *db, const char *id,
                                     int *status, onc_err_t *err)
{
    onc_store_documents_t *d = NULL;
    onc_err_t none = {0};
    onc_rc rc = onc_store_get_documents(db, id, onc_audit_os_actor(), &d, &none);
    if (rc != ONC_OK) {
        if (rc != ONC_ENOTFOUND) *err = none;
        return rc;
    }
    onc_match_cohort_t *m = NULL;
    char name[256];
    snprintf(name, sizeof name, "registry patient %s", id);
    rc = onc_matchminer_from_documents(&d->clinical, 1, d->genomic, d->n_genomic, name, &in->ctx, &m, err);
    onc_store_documents_free(d);
    if (rc == ONC_OK) *status = add_cohort(in, cmd, m);
    return rc;
}

onc_rc cli_match_input_add_registry_patient(cli_match_input_t *in, const char *cmd, onc_db_t *db, const char *id,
                                            int *status, onc_err_t *err)
{
    onc_rc rc = add_registry_documents(in, cmd, db, id, status, err);
    if (rc != ONC_ENOTFOUND) return rc;
    onc_case_t *c = NULL;
    rc = onc_store_get_case(db, id, onc_audit_os_actor(), &c, err);
    if (rc == ONC_OK) *status = add_loaded_case(in, cmd, c);
    return rc;
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
    for (size_t i = 0; rc == ONC_OK && status == CLI_OK && i < n; i++)
        rc = cli_match_input_add_registry_patient(in, cmd, db, ids[i], &status, &err);
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
    return add_cohort(in, cmd, m);
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
        if (!in->borrowed[i]) onc_match_patient_free(in->patients[i]);
        if (in->classes) onc_classification_free(in->classes[i]);
        if (in->cases) onc_case_free(in->cases[i]);
    }
    for (size_t i = 0; i < in->n_cohorts; i++) onc_match_cohort_free(in->cohorts[i]);
    free(in->cohorts);
    free(in->borrowed);
    free(in->patients);
    free(in->cases);
    free(in->classes);
    free(in->case_args);
    onc_genes_free(in->genes);
    onc_oncotree_free(in->oncotree);
    onc_kb_free(in->kb);
    memset(in, 0, sizeof *in);
}
