/* app_patient.c: patients for the match engine, from a case or from the registry, and the
 * services on a registered patient (app.h): their report and their trial matches.
 *
 * The registry is read in one short transaction (the patient and the portfolio's mark, both
 * audited under the caller's actor); the classification, the matching and the report are built
 * after it, so that on SQLite, where a transaction holds the write lock the audit log needs,
 * threads wait for each other only for the reads. */
#include "app_int.h"

#include "oncoboard/audit.h"

#include "oncoboard/store.h"

#include <stdio.h>
#include <stdlib.h>

struct onc_app_patient {
    onc_case_t *c;               /* from a case */
    onc_classification_t *cl;
    onc_match_patient_t *p;
    onc_match_cohort_t *cohort;  /* or from MatchMiner documents */
};

size_t onc_app_patient_count(const onc_app_patient_t *p) { return p->cohort ? onc_match_cohort_size(p->cohort) : 1; }

const onc_match_patient_t *onc_app_patient_at(const onc_app_patient_t *p, size_t i)
{
    return p->cohort ? onc_match_cohort_at(p->cohort, i) : p->p;
}

void onc_app_patient_free(onc_app_patient_t *p)
{
    if (!p) return;
    onc_match_patient_free(p->p); /* before what it points into */
    onc_classification_free(p->cl);
    onc_case_free(p->c);
    onc_match_cohort_free(p->cohort);
    free(p);
}

onc_rc onc_app_patient_from_case(const onc_app_t *app, onc_case_t *c, onc_app_patient_t **out, onc_err_t *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out) {
        onc_case_free(c);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    (*out)->c = c;
    onc_rc rc = app_classify(app, c, NULL, onc_app_today_utc(NULL), &(*out)->cl, err);
    if (rc == ONC_OK) rc = onc_match_patient_from_case(c, (*out)->cl, &app->ctx, &(*out)->p, err);
    if (rc != ONC_OK) {
        onc_app_patient_free(*out);
        *out = NULL;
    }
    return rc;
}

/* A patient registered from MatchMiner's documents is matched on them, as on the files
 * (store.h): ONC_OK with *out, ONC_ENOTFOUND for a patient registered from a case (err
 * untouched), else the error. */
static onc_rc from_documents(const onc_app_t *app, onc_db_t *db, const char *id, const char *actor,
                             onc_app_patient_t **out, onc_err_t *err)
{
    onc_store_documents_t *d = NULL;
    onc_err_t none = {0};
    onc_rc rc = onc_store_get_documents(db, id, actor, &d, &none);
    if (rc != ONC_OK) {
        if (rc != ONC_ENOTFOUND && err) *err = none;
        return rc;
    }
    char name[256];
    snprintf(name, sizeof name, "registry patient %s", id);
    onc_match_cohort_t *m = NULL;
    rc = onc_matchminer_from_documents(&d->clinical, 1, d->genomic, d->n_genomic, name, &app->ctx, &m, err);
    onc_store_documents_free(d);
    if (rc == ONC_OK && !(*out = calloc(1, sizeof **out))) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) (*out)->cohort = m;
    else onc_match_cohort_free(m);
    return rc;
}

onc_rc onc_app_patient_get(const onc_app_t *app, onc_db_t *db, const char *id, const char *actor,
                           onc_app_patient_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_rc rc = from_documents(app, db, id, actor, out, err);
    if (rc != ONC_ENOTFOUND) return rc;
    onc_case_t *c = NULL;
    rc = onc_store_get_case(db, id, actor, &c, err);
    return rc == ONC_OK ? onc_app_patient_from_case(app, c, out, err) : rc;
}

/* ---- services on a registered patient ---- */

/* What one service reads of the registry, in one transaction. */
typedef struct patient_read {
    onc_app_t *app;
    onc_db_t *db;
    const char *id, *actor;
    bool as_case;                /* the case (report), else the match patient */
    onc_case_t *c;
    onc_app_patient_t *patient;
    app_portfolio_t *portfolio;
} patient_read_t;

/* The patient first: an unknown one costs no portfolio read. */
static onc_rc read_patient(onc_db_t *db, void *ctx, onc_err_t *err)
{
    (void)db; /* r->db */
    patient_read_t *r = ctx;
    onc_rc rc = r->as_case ? onc_store_get_case(r->db, r->id, r->actor, &r->c, err)
                           : onc_app_patient_get(r->app, r->db, r->id, r->actor, &r->patient, err);
    return rc == ONC_OK ? app_portfolio_get(r->app, r->db, r->actor, &r->portfolio, err) : rc;
}

static void patient_read_clear(patient_read_t *r)
{
    app_portfolio_release(r->app, r->portfolio);
    onc_app_patient_free(r->patient);
    onc_case_free(r->c);
}

static onc_rc check_args(onc_app_t *app, onc_db_t *db, const char *patient, const char *actor, onc_err_t *err)
{
    if (!app || !db || !patient || !*patient || !actor || !*actor)
        return onc_err_set(err, ONC_EINVAL, "the app, a registry, a patient id and an actor are required");
    return ONC_OK;
}

onc_rc onc_app_report_patient(onc_app_t *app, onc_db_t *db, const char *patient, const char *actor, json_t **doc,
                              onc_err_t *err)
{
    *doc = NULL;
    onc_rc rc = check_args(app, db, patient, actor, err);
    patient_read_t r = {.app = app, .db = db, .id = patient, .actor = actor, .as_case = true};
    if (rc == ONC_OK) rc = onc_audit_in_read_transaction(db, read_patient, &r, err);
    if (rc == ONC_OK) rc = onc_app_report_case(app, r.c, NULL, r.portfolio->trials, doc, err);
    patient_read_clear(&r);
    return rc;
}

onc_rc onc_app_match_patient(onc_app_t *app, onc_db_t *db, const char *patient, const char *actor, json_t **rows,
                             onc_err_t *err)
{
    *rows = NULL;
    onc_rc rc = check_args(app, db, patient, actor, err);
    patient_read_t r = {.app = app, .db = db, .id = patient, .actor = actor};
    if (rc == ONC_OK) rc = onc_audit_in_read_transaction(db, read_patient, &r, err);
    size_t n = rc == ONC_OK ? onc_app_patient_count(r.patient) : 0;
    const onc_match_patient_t **v = n ? calloc(n, sizeof *v) : NULL;
    if (n && !v) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; v && i < n; i++) v[i] = onc_app_patient_at(r.patient, i);
    if (rc == ONC_OK)
        rc = app_match_rows(app, (const onc_match_patient_t *const *)v, n, r.portfolio->trials,
                            onc_app_today_utc(NULL), rows, err);
    free(v);
    patient_read_clear(&r);
    return rc;
}
