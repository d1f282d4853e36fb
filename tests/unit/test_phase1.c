/* test_phase1.c: a phase I trial in the registry (store_phase1.h) on every database target: the
 * set-up checked against the design's own rules, assignments and DLTs with their errors (unknown
 * trial, unknown patient, unknown level, a DLT of a patient not assigned), every write and read
 * audited, and the next dose from the rows: BOIN (escalation, elimination that stays), TITE-BOIN
 * (pending patients and their follow-up) and the JSON document.
 *
 * Expected decisions are BOIN's published boundaries for a target of 0.3 (Liu & Yuan 2015, Table
 * 1; research/dose-finding.md 1.1): lambda_e 0.236, lambda_d 0.359, so at n = 3 escalate with 0
 * DLT, stay with 1, de-escalate with 2, eliminate with 3 (Pr(p > 0.3 | 3/3) = 1 - 0.3^4 > 0.95).
 */
#include "check.h"
#include "db_targets.h"
#include "registry_fixture.h"

#include "oncoboard/case.h"
#include "oncoboard/store.h"
#include "oncoboard/store_phase1.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTOR "user:tester"
#define TRIAL "NCT09990001"

static void put_patient(onc_db_t *db, const char *id)
{
    char json[128];
    snprintf(json, sizeof json, "{\"case_format\": 1, \"id\": \"%s\"}", id);
    onc_case_t *c = NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_case_parse(json, strlen(json), "case.json", NULL, NULL, &c, &err);
    if (rc == ONC_OK) rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_put_case(db, c, "os:tester", NULL, &err);
    if (rc == ONC_OK) rc = registry_commit(db, &err);
    else onc_db_rollback(db, NULL);
    if (rc != ONC_OK) fprintf(stderr, "put %s: %s\n", id, err.msg);
    CHECK_INT(rc, ONC_OK);
    onc_case_free(c);
}

static void put_trial(onc_db_t *db, const char *key)
{
    char sql[300];
    snprintf(sql, sizeof sql, "INSERT INTO trials (trial_key, version, ctml, loaded_at, active) VALUES "
                              "('%s', 1, '{}', '2026-01-01T00:00:00Z', 1)", key);
    onc_err_t err = {0};
    onc_db_stmt_t *st = NULL;
    bool row = false;
    CHECK_INT(onc_db_prepare(db, sql, &st, &err), ONC_OK);
    CHECK_INT(onc_db_step(st, &row, &err), ONC_OK);
    onc_db_finalize(st);
}

/* A registry with trial TRIAL and patients P1..P<n>. */
static onc_db_t *registry(int n)
{
    onc_db_t *db = open_registry();
    if (!db) return NULL;
    put_trial(db, TRIAL);
    char id[16];
    for (int i = 1; i <= n; i++) snprintf(id, sizeof id, "P%d", i), put_patient(db, id);
    return db;
}

static onc_phase1_setup_t boin_setup(int n_doses)
{
    onc_phase1_setup_t s;
    onc_phase1_setup_init(&s);
    snprintf(s.design, sizeof s.design, "boin");
    s.target = 0.3, s.cohort_size = 3, s.sample_size = 18, s.n_doses = n_doses;
    for (int j = 0; j < n_doses; j++) snprintf(s.doses[j].label, sizeof s.doses[j].label, "%d mg", 100 * (j + 1));
    return s;
}

static void assign(onc_db_t *db, int from, int to, int level, const char *date)
{
    char id[16];
    onc_err_t err = {0};
    for (int i = from; i <= to; i++) {
        snprintf(id, sizeof id, "P%d", i);
        CHECK_INT(onc_phase1_assign(db, TRIAL, id, level, date, ACTOR, &err), ONC_OK);
    }
}

static onc_phase1_rec_t recommend(onc_db_t *db, const char *asof)
{
    onc_phase1_trial_t *t = NULL;
    onc_phase1_rec_t r;
    memset(&r, 0, sizeof r);
    onc_err_t err = {0};
    CHECK_INT(onc_phase1_read(db, TRIAL, ACTOR, &t, &err), ONC_OK);
    if (t) CHECK_INT(onc_phase1_recommend(t, asof, &r, &err), ONC_OK);
    if (err.msg[0]) fprintf(stderr, "recommend: %s\n", err.msg);
    onc_phase1_trial_free(t);
    return r;
}

/* ---- the set-up and the records, with their errors ---- */

static void setup_errors(void)
{
    onc_db_t *db = registry(2);
    if (!db) return;
    onc_err_t err = {0};
    int64_t audit0 = registry_audit_entries(db);
    onc_phase1_setup_t s = boin_setup(3);
    CHECK_INT(onc_phase1_setup_put(db, "NCT00000000", &s, ACTOR, &err), ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "NCT00000000 is not in the registry") != NULL);
    onc_phase1_setup_t bad = s;
    snprintf(bad.design, sizeof bad.design, "tite-boin");
    CHECK_INT(onc_phase1_setup_put(db, TRIAL, &bad, ACTOR, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "dlt_window_days") != NULL);
    bad = s, bad.target = 0.8; /* BOIN's own check: phi in [0.05, 0.6] */
    CHECK_INT(onc_phase1_setup_put(db, TRIAL, &bad, ACTOR, &err), ONC_EINVAL);
    bad = s, snprintf(bad.doses[2].label, sizeof bad.doses[2].label, "100 mg");
    CHECK_INT(onc_phase1_setup_put(db, TRIAL, &bad, ACTOR, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "levels 1 and 3") != NULL);
    bad = s, snprintf(bad.design, sizeof bad.design, "crm");
    bad.doses[0].skeleton = 0.2, bad.doses[1].skeleton = 0.1, bad.doses[2].skeleton = 0.3; /* not increasing */
    CHECK_INT(onc_phase1_setup_put(db, TRIAL, &bad, ACTOR, &err), ONC_EINVAL);
    CHECK_INT(registry_audit_entries(db) - audit0, 0);

    CHECK_INT(onc_phase1_assign(db, TRIAL, "P1", 1, "2026-01-05", ACTOR, &err), ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "has no phase I set-up") != NULL);
    CHECK_INT(onc_phase1_setup_put(db, TRIAL, &s, ACTOR, &err), ONC_OK);
    s.sample_size = 24; /* a replacement while nobody is assigned */
    CHECK_INT(onc_phase1_setup_put(db, TRIAL, &s, ACTOR, &err), ONC_OK);
    CHECK_INT(reg_scalar(db, "SELECT sample_size FROM phase1_setups"), 24);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM phase1_doses"), 3);

    CHECK_INT(onc_phase1_assign(db, TRIAL, "P9", 1, "2026-01-05", ACTOR, &err), ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "patient P9") != NULL);
    CHECK_INT(onc_phase1_assign(db, TRIAL, "P1", 4, "2026-01-05", ACTOR, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "levels 1 to 3, not 4") != NULL);
    CHECK_INT(onc_phase1_assign(db, TRIAL, "P1", 1, "2999-01-05", ACTOR, &err), ONC_EINVAL);
    CHECK_INT(onc_phase1_assign(db, TRIAL, "P1", 1, "2026-01-05", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_phase1_assign(db, TRIAL, "P1", 2, "2026-01-06", ACTOR, &err), ONC_ECONFLICT);
    CHECK(strstr(err.msg, "already assigned") != NULL);
    CHECK_INT(onc_phase1_setup_put(db, TRIAL, &s, ACTOR, &err), ONC_ECONFLICT);

    CHECK_INT(onc_phase1_dlt_add(db, TRIAL, "P2", "Febrile neutropenia", 3, "2026-01-10", ACTOR, &err), ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "P2 has no dose level") != NULL);
    CHECK_INT(onc_phase1_dlt_add(db, TRIAL, "P1", "Febrile neutropenia", 6, "2026-01-10", ACTOR, &err), ONC_EINVAL);
    CHECK_INT(onc_phase1_dlt_add(db, TRIAL, "P1", "", 3, "2026-01-10", ACTOR, &err), ONC_EINVAL);
    CHECK_INT(onc_phase1_dlt_add(db, TRIAL, "P1", "Febrile neutropenia", 3, "2026-01-01", ACTOR, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "before the patient's first dose") != NULL);
    CHECK_INT(onc_phase1_dlt_add(db, TRIAL, "P1", "Febrile neutropenia", 3, "2026-01-10", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_phase1_window_complete(db, TRIAL, "P2", ACTOR, &err), ONC_ENOTFOUND);
    CHECK_INT(onc_phase1_window_complete(db, TRIAL, "P1", ACTOR, &err), ONC_OK);
    /* set-up twice, one assignment, one DLT, one window: 5 writes */
    CHECK_INT(registry_audit_entries(db) - audit0, 5);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM audit_log WHERE entity = 'phase1' AND patient_id = 'P1'"), 3);

    onc_phase1_trial_t *t = NULL;
    CHECK_INT(onc_phase1_read(db, "NCT00000000", ACTOR, &t, &err), ONC_ENOTFOUND);
    CHECK_INT(onc_phase1_read(db, TRIAL, ACTOR, &t, &err), ONC_OK);
    if (t) {
        CHECK_INT((int)t->n_patients, 1);
        CHECK_INT(t->setup.n_doses, 3);
        CHECK_STR(t->setup.doses[2].label, "300 mg");
        CHECK_STR(t->patients[0].dose_date, "2026-01-05");
        CHECK(t->patients[0].window_complete);
        CHECK_INT((int)t->patients[0].n_dlts, 1);
        CHECK_STR(t->dlts[0].term, "Febrile neutropenia");
        CHECK_INT(t->dlts[0].grade, 3);
    }
    onc_phase1_trial_free(t);
    CHECK_INT(registry_audit_entries(db) - audit0, 6); /* the read */
    close_registry(db);
}

/* ---- BOIN from the registry ---- */

static void boin_conduct(void)
{
    onc_db_t *db = registry(9);
    if (!db) return;
    onc_err_t err = {0};
    onc_phase1_setup_t s = boin_setup(3);
    CHECK_INT(onc_phase1_setup_put(db, TRIAL, &s, ACTOR, &err), ONC_OK);
    onc_phase1_rec_t r = recommend(db, NULL);
    CHECK_STR(r.decision, "start");
    CHECK_INT(r.next_level, 1);

    assign(db, 1, 3, 1, "2026-01-05"); /* 0/3 at level 1: escalate */
    r = recommend(db, NULL);
    CHECK_STR(r.decision, "escalate");
    CHECK_INT(r.current, 1);
    CHECK_INT(r.next_level, 2);

    /* 3 patients with a DLT at level 2, P4 with two events: 3/3, not 4/3 */
    assign(db, 4, 6, 2, "2026-02-05");
    CHECK_INT(onc_phase1_dlt_add(db, TRIAL, "P4", "Febrile neutropenia", 3, "2026-02-10", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_phase1_dlt_add(db, TRIAL, "P4", "Platelet count decreased", 4, "2026-02-11", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_phase1_dlt_add(db, TRIAL, "P5", "Diarrhea", 3, "2026-02-12", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_phase1_dlt_add(db, TRIAL, "P6", "Hepatic failure", 4, "2026-02-13", ACTOR, &err), ONC_OK);
    r = recommend(db, NULL);
    CHECK_INT(r.levels[1].n, 3);
    CHECK_INT(r.levels[1].y, 3);
    CHECK_STR(r.decision, "deescalate");
    CHECK_INT(r.next_level, 1);
    CHECK_INT(r.eliminated_from, 2);

    /* 0/6 at level 1 would escalate, but level 2 stays eliminated */
    assign(db, 7, 9, 1, "2026-03-05");
    r = recommend(db, NULL);
    CHECK_INT(r.levels[0].n, 6);
    CHECK_INT(r.levels[0].y, 0);
    CHECK_INT(r.current, 1);
    CHECK_INT(r.eliminated_from, 2);
    CHECK_INT(r.next_level, 1);
    CHECK_STR(r.decision, "stay");

    /* the same counts through design.h directly give the same decision */
    onc_boin_params_t p;
    onc_boin_params_init(&p, 0.3);
    int n[3] = {6, 3, 0}, y[3] = {0, 3, 0};
    onc_boin_next_t nx;
    CHECK_INT(onc_boin_next(&p, n, y, 3, 0, 1, &nx, &err), ONC_OK);
    CHECK_INT(nx.next_dose + 1, r.next_level);
    CHECK_STR(r.rule, nx.rule);
    close_registry(db);
}

/* ---- TITE-BOIN: pending patients ---- */

static void tite_pending(void)
{
    onc_db_t *db = registry(3);
    if (!db) return;
    onc_err_t err = {0};
    onc_phase1_setup_t s = boin_setup(2);
    snprintf(s.design, sizeof s.design, "tite-boin");
    s.dlt_window_days = 28;
    CHECK_INT(onc_phase1_setup_put(db, TRIAL, &s, ACTOR, &err), ONC_OK);
    assign(db, 1, 1, 1, "2026-01-01"); /* window passed by 2026-02-01 */
    assign(db, 2, 2, 1, "2026-01-18"); /* 14 of 28 days: 0.5 */
    assign(db, 3, 3, 1, "2026-01-25"); /* 7 of 28 days: 0.25 */
    onc_phase1_rec_t r = recommend(db, "2026-02-01");
    CHECK_INT(r.levels[0].n, 3);
    CHECK_INT(r.levels[0].pending, 2);
    CHECK_NEAR(r.levels[0].followup, 0.75, 1e-12);
    /* 2 of 3 pending: more than half, TITE-BOIN suspends accrual */
    onc_tite_decision d;
    double thr;
    onc_boin_params_t p;
    onc_boin_params_init(&p, 0.3);
    CHECK_INT(onc_tite_boin_decide(&p, 3, 0, 2, &d, &thr, &err), ONC_OK);
    CHECK_INT(d, ONC_TITE_SUSPEND);
    CHECK_STR(r.decision, "suspend");
    CHECK_INT(r.next_level, 0);
    /* P2's window completed: 1 pending of 3, no DLT */
    CHECK_INT(onc_phase1_window_complete(db, TRIAL, "P2", ACTOR, &err), ONC_OK);
    r = recommend(db, "2026-02-01");
    CHECK_INT(r.levels[0].pending, 1);
    CHECK_NEAR(r.levels[0].followup, 0.25, 1e-12);
    CHECK_INT(onc_tite_boin_decide(&p, 3, 0, 1, &d, &thr, &err), ONC_OK);
    CHECK(d == ONC_TITE_ESCALATE || d == ONC_TITE_ESCALATE_IF);
    if (d == ONC_TITE_ESCALATE_IF) CHECK_STR(r.decision, 0.25 >= thr ? "escalate" : "stay");
    else CHECK_STR(r.decision, "escalate");
    /* later, every window has passed */
    r = recommend(db, "2026-06-01");
    CHECK_INT(r.levels[0].pending, 0);
    CHECK_STR(r.decision, "escalate");
    CHECK_INT(r.next_level, 2);

    /* the JSON document */
    onc_phase1_trial_t *t = NULL;
    CHECK_INT(onc_phase1_read(db, TRIAL, ACTOR, &t, &err), ONC_OK);
    if (t) {
        json_t *o = onc_phase1_json(t, &r, "2026-06-01");
        CHECK(o != NULL);
        CHECK_STR(json_string_value(json_object_get(o, "decision")), "escalate");
        CHECK_STR(json_string_value(json_object_get(o, "next_label")), "200 mg");
        CHECK_INT((int)json_integer_value(json_object_get(o, "dlt_window_days")), 28);
        json_t *lv = json_array_get(json_object_get(o, "levels"), 0);
        CHECK_INT((int)json_array_size(json_object_get(lv, "patients")), 3);
        json_t *row = json_array_get(json_object_get(o, "table"), 0); /* n = 3: escalate <= 0, eliminate >= 3 */
        CHECK_INT((int)json_integer_value(json_object_get(row, "n")), 3);
        CHECK_INT((int)json_integer_value(json_object_get(row, "escalate_if_le")), 0);
        CHECK_INT((int)json_integer_value(json_object_get(row, "deescalate_if_ge")), 2);
        CHECK_INT((int)json_integer_value(json_object_get(row, "eliminate_if_ge")), 3);
        json_decref(o);
    }
    onc_phase1_trial_free(t);
    close_registry(db);
}

/* ---- a patient removed removes their assignment and DLTs ---- */

static void cascade(void)
{
    onc_db_t *db = registry(1);
    if (!db) return;
    onc_err_t err = {0};
    onc_phase1_setup_t s = boin_setup(2);
    CHECK_INT(onc_phase1_setup_put(db, TRIAL, &s, ACTOR, &err), ONC_OK);
    assign(db, 1, 1, 1, "2026-01-01");
    CHECK_INT(onc_phase1_dlt_add(db, TRIAL, "P1", "Diarrhea", 3, "2026-01-03", ACTOR, &err), ONC_OK);
    onc_db_stmt_t *st = NULL;
    bool row = false;
    CHECK_INT(onc_db_prepare(db, "DELETE FROM patients WHERE external_id = 'P1'", &st, &err), ONC_OK);
    CHECK_INT(onc_db_step(st, &row, &err), ONC_OK);
    onc_db_finalize(st);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM phase1_patients"), 0);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM phase1_dlts"), 0);
    close_registry(db);
}

/* ---- Keyboard and the CRM, on a trial built in memory (no database needed) ---- */

static void add_patients(onc_phase1_trial_t *t, onc_phase1_patient_t *pv, int level, int n, int with_dlt)
{
    for (int i = 0; i < n; i++) {
        onc_phase1_patient_t *p = &pv[t->n_patients];
        memset(p, 0, sizeof *p);
        snprintf(p->patient, sizeof p->patient, "Q%zu", t->n_patients);
        p->level = level;
        snprintf(p->dose_date, sizeof p->dose_date, "2026-01-%02zu", t->n_patients + 1);
        p->n_dlts = i < with_dlt ? 1 : 0; /* the counts only need n_dlts */
        t->n_patients++;
    }
}

static void keyboard_in_memory(void)
{
    onc_phase1_trial_t t = {.trial = "K"};
    onc_phase1_patient_t pv[12];
    t.patients = pv;
    t.setup = boin_setup(3);
    snprintf(t.setup.design, sizeof t.setup.design, "keyboard");
    t.setup.margin = 0.05;
    add_patients(&t, pv, 1, 3, 0);
    onc_phase1_rec_t r;
    onc_err_t err = {0};
    CHECK_INT(onc_phase1_recommend(&t, "2026-06-01", &r, &err), ONC_OK);
    /* 0/3 at level 1: Keyboard's E (research 4.1, mTPI-2 = Keyboard), as onc_interval_decide says */
    CHECK_INT(onc_interval_decide(ONC_INTERVAL_MTPI2, 0.3, 0.05, 0.05, 3, 0), ONC_INTERVAL_E);
    CHECK_STR(r.decision, "escalate");
    CHECK_INT(r.next_level, 2);
    add_patients(&t, pv, 2, 3, 3); /* 3/3 at level 2: DU, level 2 and above eliminated */
    CHECK_INT(onc_interval_decide(ONC_INTERVAL_MTPI2, 0.3, 0.05, 0.05, 3, 3), ONC_INTERVAL_DU);
    CHECK_INT(onc_phase1_recommend(&t, "2026-06-01", &r, &err), ONC_OK);
    CHECK_STR(r.decision, "deescalate");
    CHECK_INT(r.next_level, 1);
    CHECK_INT(r.eliminated_from, 2);
    add_patients(&t, pv, 1, 3, 0); /* 0/6 at level 1 would escalate: level 2 stays eliminated */
    CHECK_INT(onc_phase1_recommend(&t, "2026-06-01", &r, &err), ONC_OK);
    CHECK_INT(r.next_level, 1);
    CHECK_INT(r.eliminated_from, 2);
    CHECK_STR(r.decision, "stay");
}

static void crm_in_memory(void)
{
    onc_phase1_trial_t t = {.trial = "C"};
    onc_phase1_patient_t pv[4];
    t.patients = pv;
    t.setup = boin_setup(3);
    snprintf(t.setup.design, sizeof t.setup.design, "crm");
    t.setup.target = 0.25, t.setup.cohort_size = 1;
    double sk[3] = {0.1, 0.2, 0.35};
    for (int j = 0; j < 3; j++) t.setup.doses[j].skeleton = sk[j];
    add_patients(&t, pv, 1, 1, 0);
    onc_phase1_rec_t r;
    onc_err_t err = {0};
    CHECK_INT(onc_phase1_recommend(&t, "2026-06-01", &r, &err), ONC_OK);
    /* the model's own fit on the same patient */
    onc_crm_t c;
    onc_crm_init(&c);
    c.n_doses = 3, c.target = 0.25;
    memcpy(c.skeleton, sk, sizeof sk);
    int level[1] = {0}, dlt[1] = {0};
    onc_crm_fit_t f;
    CHECK_INT(onc_crm_fit(&c, level, dlt, NULL, 1, &f, &err), ONC_OK);
    for (int j = 0; j < 3; j++) CHECK_NEAR(r.ptox[j], f.ptox[j], 1e-12);
    /* the model may prefer a higher level; no skipping: one above the last patient's at most */
    CHECK_INT(r.next_level, f.mtd >= 1 ? 2 : f.mtd + 1);
    add_patients(&t, pv, 2, 1, 1); /* a DLT at level 2: no escalation above it */
    CHECK_INT(onc_phase1_recommend(&t, "2026-06-01", &r, &err), ONC_OK);
    CHECK(r.next_level <= 2);
    CHECK(strstr(r.rule, "CRM") != NULL);
    /* the CRM has no decision table */
    onc_boin_row_t *rows = NULL;
    size_t n = 0;
    CHECK_INT(onc_phase1_table(&t.setup, &rows, &n, &err), ONC_EINVAL);
    free(rows);
}

int main(void)
{
    RUN(keyboard_in_memory);
    RUN(crm_in_memory);
    static const db_test_t tests[] = {
        DB_TEST(setup_errors), DB_TEST(boin_conduct), DB_TEST(tite_pending), DB_TEST(cascade), {NULL, NULL},
    };
    if (registry_fixture_start() != 0) return 1;
    db_targets_run(tests);
    registry_fixture_end();
    CHECK_EXIT();
}
