/* store_phase1.c: a phase I trial's set-up, dose assignments and DLTs in the registry
 * (store_phase1.h, 001_trials_phase1.sql).
 *
 * Each write is one small audited change, in the caller's transaction or one of its own
 * (clinic_begin / clinic_end, as the clinic's forms). The set-up is checked against the design's
 * own parameter checks before anything is written, so a trial cannot be set up with parameters
 * the design functions would refuse later. The read gathers the set-up, the patients and their
 * DLTs in three statements and is audited as one read of the trial's phase I record.
 */
#include "store_clinic_int.h"

#include "oncoboard/store_phase1.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRIAL_MAX 200

static const char *const designs[] = {"boin", "tite-boin", "keyboard", "crm", NULL};

void onc_phase1_setup_init(onc_phase1_setup_t *s)
{
    memset(s, 0, sizeof *s);
    s->dlt_window_days = ONC_INT_MISSING;
    s->margin = NAN;
    for (int j = 0; j < ONC_DESIGN_MAX_DOSES; j++) s->doses[j].skeleton = NAN;
}

void onc_phase1_boin_params(const onc_phase1_setup_t *s, onc_boin_params_t *p)
{
    onc_boin_params_init(p, s->target);
}

static bool is_design(const char *d)
{
    for (int i = 0; designs[i]; i++)
        if (!strcmp(designs[i], d)) return true;
    return false;
}

static onc_rc check_crm(const onc_phase1_setup_t *s, onc_err_t *err)
{
    onc_crm_t c;
    onc_crm_init(&c);
    c.target = s->target;
    c.n_doses = s->n_doses;
    if (s->model[0] && strcmp(s->model, "empiric") && strcmp(s->model, "logistic"))
        return onc_err_set(err, ONC_EINVAL, "field model: '%.16s' is neither empiric nor logistic", s->model);
    c.model = !strcmp(s->model, "logistic") ? ONC_CRM_LOGISTIC : ONC_CRM_EMPIRIC;
    for (int j = 0; j < s->n_doses; j++) {
        if (!(s->doses[j].skeleton > 0 && s->doses[j].skeleton < 1))
            return onc_err_set(err, ONC_EINVAL, "field skeleton: level %d needs a prior DLT rate in (0, 1)", j + 1);
        c.skeleton[j] = s->doses[j].skeleton;
    }
    return onc_crm_check(&c, err);
}

static onc_rc check_doses(const onc_phase1_setup_t *s, onc_err_t *err)
{
    if (s->n_doses < 1 || s->n_doses > ONC_DESIGN_MAX_DOSES)
        return onc_err_set(err, ONC_EINVAL, "field doses: 1 to %d dose levels, not %d", ONC_DESIGN_MAX_DOSES, s->n_doses);
    for (int j = 0; j < s->n_doses; j++) {
        onc_rc rc = clinic_text(s->doses[j].label, "label", 1, ONC_PHASE1_LABEL_MAX, err);
        if (rc != ONC_OK) return rc;
        for (int k = 0; k < j; k++)
            if (!strcmp(s->doses[k].label, s->doses[j].label))
                return onc_err_set(err, ONC_EINVAL, "field label: levels %d and %d are both '%s'", k + 1, j + 1,
                                   s->doses[j].label);
    }
    return ONC_OK;
}

onc_rc onc_phase1_setup_check(const onc_phase1_setup_t *s, onc_err_t *err)
{
    if (!is_design(s->design))
        return onc_err_set(err, ONC_EINVAL, "field design: '%.16s' is none of boin, tite-boin, keyboard, crm", s->design);
    if (!(s->target > 0 && s->target < 1))
        return onc_err_set(err, ONC_EINVAL, "field target: a DLT rate strictly between 0 and 1 is required");
    if (s->cohort_size < 1 || s->cohort_size > 100)
        return onc_err_set(err, ONC_EINVAL, "field cohort_size: 1 to 100, not %d", s->cohort_size);
    if (s->sample_size < 1 || s->sample_size > ONC_DESIGN_MAX_N)
        return onc_err_set(err, ONC_EINVAL, "field sample_size: 1 to %d, not %d", ONC_DESIGN_MAX_N, s->sample_size);
    bool window = s->dlt_window_days != ONC_INT_MISSING;
    if (window && (s->dlt_window_days < 1 || s->dlt_window_days > 3650))
        return onc_err_set(err, ONC_EINVAL, "field dlt_window_days: 1 to 3650, not %d", s->dlt_window_days);
    if (!strcmp(s->design, "tite-boin") && !window)
        return onc_err_set(err, ONC_EINVAL, "field dlt_window_days: tite-boin needs the DLT window");
    if (!isnan(s->margin) && !(s->margin > 0 && s->margin <= 0.5))
        return onc_err_set(err, ONC_EINVAL, "field margin: a half-width in (0, 0.5]");
    onc_rc rc = check_doses(s, err);
    if (rc != ONC_OK) return rc;
    if (!strcmp(s->design, "crm")) return check_crm(s, err);
    if (!strcmp(s->design, "keyboard")) return ONC_OK;
    onc_boin_params_t p;
    onc_phase1_boin_params(s, &p);
    return onc_boin_check(&p, err);
}

/* ---- the set-up ---- */

static onc_rc trial_registered(onc_db_t *db, const char *trial, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT 1 FROM trials WHERE trial_key = ? LIMIT 1", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, trial, err);
    if (rc == ONC_OK) rc = clinic_one_row(st, &row, NULL, err);
    else onc_db_finalize(st);
    if (rc == ONC_OK && !row) rc = onc_err_set(err, ONC_ENOTFOUND, "trial %s is not in the registry (db trials load)", trial);
    return rc;
}

/* Whether trial has a set-up (*has) and how many patients are assigned (*n). */
static onc_rc setup_state(onc_db_t *db, const char *trial, bool *has, int64_t *n, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT (SELECT count(*) FROM phase1_patients WHERE trial_key = ?) "
                                   "FROM phase1_setups WHERE trial_key = ?", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, trial, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 2, trial, err);
    if (rc == ONC_OK) rc = clinic_one_row(st, &row, n, err);
    else onc_db_finalize(st);
    *has = row;
    return rc;
}

static onc_rc run_sql(onc_db_t *db, const char *sql, const char *trial, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, sql, &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, trial, err);
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    return rc;
}

static onc_rc insert_setup(onc_db_t *db, const char *trial, const onc_phase1_setup_t *s, const char *actor,
                           onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    char now[32];
    store_now(now);
    onc_rc rc = onc_db_prepare(db, "INSERT INTO phase1_setups (trial_key, design, target, cohort_size, sample_size, "
                                   "dlt_window_days, margin, model, updated_at, updated_by) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) {
        sb_text(&b, trial), sb_text(&b, s->design), sb_dbl(&b, s->target), sb_int(&b, s->cohort_size);
        sb_int(&b, s->sample_size), sb_int(&b, s->dlt_window_days), sb_dbl(&b, s->margin);
        sb_text(&b, s->model[0] ? s->model : NULL), sb_text(&b, now), sb_text(&b, actor), rc = b.rc;
    }
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    for (int j = 0; rc == ONC_OK && j < s->n_doses; j++) {
        rc = onc_db_prepare(db, "INSERT INTO phase1_doses (trial_key, level, label, skeleton) VALUES (?, ?, ?, ?)", &st, err);
        sb_start(&b, st, err);
        if (rc == ONC_OK) sb_text(&b, trial), sb_int(&b, j + 1), sb_text(&b, s->doses[j].label), sb_dbl(&b, s->doses[j].skeleton), rc = b.rc;
        if (rc == ONC_OK) rc = store_run(st, err);
        onc_db_finalize(st);
        st = NULL;
    }
    return rc;
}

onc_rc onc_phase1_setup_put(onc_db_t *db, const char *trial, const onc_phase1_setup_t *s, const char *actor,
                            onc_err_t *err)
{
    onc_rc rc = clinic_text(trial, "trial", 1, TRIAL_MAX, err);
    if (rc == ONC_OK) rc = onc_phase1_setup_check(s, err);
    if (rc != ONC_OK) return rc;
    bool own = false, has = false;
    int64_t n = 0;
    rc = clinic_begin(db, "a phase I set-up", &own, err);
    if (rc == ONC_OK) rc = trial_registered(db, trial, err);
    if (rc == ONC_OK) rc = setup_state(db, trial, &has, &n, err);
    if (rc == ONC_OK && n > 0)
        rc = onc_err_set(err, ONC_ECONFLICT, "trial %s: %lld patients are assigned already; the set-up cannot change",
                         trial, (long long)n);
    if (rc == ONC_OK && has) rc = run_sql(db, "DELETE FROM phase1_setups WHERE trial_key = ?", trial, err);
    if (rc == ONC_OK) rc = insert_setup(db, trial, s, actor, err);
    char detail[160];
    snprintf(detail, sizeof detail, "%s, target %g, %d dose levels, cohorts of %d, %d patients", s->design, s->target,
             s->n_doses, s->cohort_size, s->sample_size);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, has ? "update" : "create", "phase1", trial, NULL, detail, err);
    return clinic_end(db, own, rc, err);
}

/* ---- patients ---- */

/* The set-up's number of levels (ONC_ENOTFOUND when trial has none). */
static onc_rc setup_levels(onc_db_t *db, const char *trial, int64_t *n_levels, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT count(d.level) FROM phase1_setups s LEFT JOIN phase1_doses d "
                                   "ON d.trial_key = s.trial_key WHERE s.trial_key = ? GROUP BY s.trial_key", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, trial, err);
    if (rc == ONC_OK) rc = clinic_one_row(st, &row, n_levels, err);
    else onc_db_finalize(st);
    if (rc == ONC_OK && !row)
        rc = onc_err_set(err, ONC_ENOTFOUND, "trial %s has no phase I set-up (oncoboard phase1 setup)", trial);
    return rc;
}

onc_rc onc_phase1_assign(onc_db_t *db, const char *trial, const char *patient, int level, const char *date,
                         const char *actor, onc_err_t *err)
{
    onc_date_t when;
    onc_rc rc = clinic_text(trial, "trial", 1, TRIAL_MAX, err);
    if (rc == ONC_OK) rc = clinic_text(patient, "patient", 1, 127, err);
    if (rc == ONC_OK) rc = clinic_date(date, "date", true, &when, err);
    if (rc != ONC_OK) return rc;
    bool own = false;
    int64_t levels = 0, pid = 0;
    rc = clinic_begin(db, "a phase I dose assignment", &own, err);
    if (rc == ONC_OK) rc = setup_levels(db, trial, &levels, err);
    if (rc == ONC_OK && (level < 1 || level > levels))
        rc = onc_err_set(err, ONC_EINVAL, "field level: trial %s has dose levels 1 to %lld, not %d", trial,
                         (long long)levels, level);
    if (rc == ONC_OK) rc = store_patient_key(db, patient, &pid, err);
    onc_db_stmt_t *st = NULL;
    char now[32];
    store_now(now);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "INSERT INTO phase1_patients (trial_key, patient_id, level, dose_date, recorded_at) "
                                "VALUES (?, ?, ?, ?, ?)", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) sb_text(&b, trial), sb_i64(&b, pid), sb_int(&b, level), sb_text(&b, date), sb_text(&b, now), rc = b.rc;
    if (rc == ONC_OK && (rc = store_run(st, err)) == ONC_ECONFLICT)
        rc = onc_err_set(err, ONC_ECONFLICT, "patient %s is already assigned a dose level in trial %s", patient, trial);
    onc_db_finalize(st);
    char detail[64];
    snprintf(detail, sizeof detail, "level %d from %s", level, date);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "create", "phase1", trial, patient, detail, err);
    return clinic_end(db, own, rc, err);
}

/* The patient's assignment in trial: its id and first-dose date. */
static onc_rc find_assignment(onc_db_t *db, const char *trial, const char *patient, int64_t *id, char dose_date[11],
                              onc_err_t *err)
{
    int64_t levels = 0, pid = 0;
    onc_rc rc = setup_levels(db, trial, &levels, err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient, &pid, err);
    onc_db_stmt_t *st = NULL;
    bool row = false;
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "SELECT id, dose_date FROM phase1_patients WHERE trial_key = ? AND patient_id = ?", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) sb_text(&b, trial), sb_i64(&b, pid), rc = b.rc;
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && !row)
        rc = onc_err_set(err, ONC_ENOTFOUND, "patient %s has no dose level in trial %s (oncoboard phase1 assign)",
                         patient, trial);
    if (rc == ONC_OK) {
        *id = onc_db_column_int64(st, 0);
        clinic_clip(dose_date, 11, onc_db_column_text(st, 1) ? onc_db_column_text(st, 1) : "");
    }
    onc_db_finalize(st);
    return rc;
}

static onc_rc check_dlt(const char *trial, const char *patient, const char *term, int grade, const char *onset,
                        onc_err_t *err)
{
    onc_date_t when;
    onc_rc rc = clinic_text(trial, "trial", 1, TRIAL_MAX, err);
    if (rc == ONC_OK) rc = clinic_text(patient, "patient", 1, 127, err);
    if (rc == ONC_OK) rc = clinic_text(term, "term", 1, ONC_PHASE1_TERM_MAX, err);
    if (rc == ONC_OK && (grade < 1 || grade > 5))
        rc = onc_err_set(err, ONC_EINVAL, "field grade: a CTCAE grade is 1 to 5, not %d", grade);
    if (rc == ONC_OK) rc = clinic_date(onset, "onset", true, &when, err);
    return rc;
}

onc_rc onc_phase1_dlt_add(onc_db_t *db, const char *trial, const char *patient, const char *term, int grade,
                          const char *onset, const char *actor, onc_err_t *err)
{
    onc_rc rc = check_dlt(trial, patient, term, grade, onset, err);
    if (rc != ONC_OK) return rc;
    bool own = false;
    int64_t aid = 0;
    char dose_date[11] = "";
    rc = clinic_begin(db, "a DLT", &own, err);
    if (rc == ONC_OK) rc = find_assignment(db, trial, patient, &aid, dose_date, err);
    if (rc == ONC_OK && strcmp(onset, dose_date) < 0)
        rc = onc_err_set(err, ONC_EINVAL, "field onset: %s is before the patient's first dose (%s)", onset, dose_date);
    onc_db_stmt_t *st = NULL;
    char now[32];
    store_now(now);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "INSERT INTO phase1_dlts (assignment_id, term, grade, onset_date, recorded_at) "
                                "VALUES (?, ?, ?, ?, ?)", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) sb_i64(&b, aid), sb_text(&b, term), sb_int(&b, grade), sb_text(&b, onset), sb_text(&b, now), rc = b.rc;
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    char detail[ONC_PHASE1_TERM_MAX + 48], clipped[ONC_PHASE1_TERM_MAX + 48];
    snprintf(detail, sizeof detail, "DLT grade %d on %s: %s", grade, onset, term);
    clinic_clip(clipped, sizeof clipped, detail);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "create", "phase1", trial, patient, clipped, err);
    return clinic_end(db, own, rc, err);
}

onc_rc onc_phase1_window_complete(onc_db_t *db, const char *trial, const char *patient, const char *actor,
                                  onc_err_t *err)
{
    onc_rc rc = clinic_text(trial, "trial", 1, TRIAL_MAX, err);
    if (rc == ONC_OK) rc = clinic_text(patient, "patient", 1, 127, err);
    if (rc != ONC_OK) return rc;
    bool own = false;
    int64_t aid = 0;
    char dose_date[11];
    rc = clinic_begin(db, "a completed DLT window", &own, err);
    if (rc == ONC_OK) rc = find_assignment(db, trial, patient, &aid, dose_date, err);
    onc_db_stmt_t *st = NULL;
    if (rc == ONC_OK) rc = onc_db_prepare(db, "UPDATE phase1_patients SET window_complete = 1 WHERE id = ?", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, aid, err);
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "update", "phase1", trial, patient, "DLT window completed", err);
    return clinic_end(db, own, rc, err);
}

/* ---- reading ---- */

static onc_rc read_setup(onc_db_t *db, onc_phase1_trial_t *t, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_phase1_setup_t *s = &t->setup;
    onc_rc rc = onc_db_prepare(db, "SELECT design, target, cohort_size, sample_size, dlt_window_days, margin, model "
                                   "FROM phase1_setups WHERE trial_key = ?", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, t->trial, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && !row)
        rc = onc_err_set(err, ONC_ENOTFOUND, "trial %s has no phase I set-up (oncoboard phase1 setup)", t->trial);
    if (rc == ONC_OK) {
        clinic_clip(s->design, sizeof s->design, onc_db_column_text(st, 0));
        s->target = onc_db_column_double(st, 1);
        s->cohort_size = (int)onc_db_column_int64(st, 2);
        s->sample_size = (int)onc_db_column_int64(st, 3);
        if (!onc_db_column_is_null(st, 4)) s->dlt_window_days = (int)onc_db_column_int64(st, 4);
        s->margin = onc_db_column_double(st, 5);
        if (!onc_db_column_is_null(st, 6)) clinic_clip(s->model, sizeof s->model, onc_db_column_text(st, 6));
    }
    onc_db_finalize(st);
    st = NULL;
    if (rc == ONC_OK) rc = onc_db_prepare(db, "SELECT level, label, skeleton FROM phase1_doses WHERE trial_key = ? "
                                              "ORDER BY level", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, t->trial, err);
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        int j = (int)onc_db_column_int64(st, 0) - 1;
        if (j < 0 || j >= ONC_DESIGN_MAX_DOSES || j != s->n_doses) {
            rc = onc_err_set(err, ONC_EDB, "trial %s: the dose levels are not numbered 1, 2, ..", t->trial);
            break;
        }
        clinic_clip(s->doses[j].label, sizeof s->doses[j].label, onc_db_column_text(st, 1));
        s->doses[j].skeleton = onc_db_column_double(st, 2);
        s->n_doses++;
    }
    onc_db_finalize(st);
    return rc;
}

static onc_rc read_patients(onc_db_t *db, onc_phase1_trial_t *t, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT a.id, p.external_id, a.level, a.dose_date, a.window_complete, "
                                   "d.term, d.grade, d.onset_date FROM phase1_patients a "
                                   "JOIN patients p ON p.id = a.patient_id LEFT JOIN phase1_dlts d ON d.assignment_id = a.id "
                                   "WHERE a.trial_key = ? ORDER BY a.dose_date, a.id, d.onset_date, d.id", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, t->trial, err);
    int64_t last = -1;
    size_t cap_p = 0, cap_d = 0;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        int64_t id = onc_db_column_int64(st, 0);
        if (id != last) {
            if (t->n_patients == ONC_PHASE1_MAX_PATIENTS) {
                rc = onc_err_set(err, ONC_ELIMIT, "trial %s: more than %d patients", t->trial, ONC_PHASE1_MAX_PATIENTS);
                break;
            }
            if (t->n_patients == cap_p) {
                size_t cap = cap_p ? 2 * cap_p : 16;
                onc_phase1_patient_t *v = realloc(t->patients, cap * sizeof *v);
                if (!v) { rc = onc_err_set(err, ONC_ENOMEM, "out of memory"); break; }
                t->patients = v, cap_p = cap;
            }
            onc_phase1_patient_t *p = &t->patients[t->n_patients++];
            memset(p, 0, sizeof *p);
            clinic_clip(p->patient, sizeof p->patient, onc_db_column_text(st, 1));
            p->level = (int)onc_db_column_int64(st, 2);
            clinic_clip(p->dose_date, sizeof p->dose_date, onc_db_column_text(st, 3));
            p->window_complete = onc_db_column_int64(st, 4) != 0;
            p->first_dlt = t->n_dlts;
            last = id;
        }
        if (onc_db_column_is_null(st, 5)) continue;
        if (t->n_dlts == cap_d) {
            size_t cap = cap_d ? 2 * cap_d : 16;
            onc_phase1_dlt_t *v = realloc(t->dlts, cap * sizeof *v);
            if (!v) { rc = onc_err_set(err, ONC_ENOMEM, "out of memory"); break; }
            t->dlts = v, cap_d = cap;
        }
        onc_phase1_dlt_t *d = &t->dlts[t->n_dlts++];
        clinic_clip(d->term, sizeof d->term, onc_db_column_text(st, 5));
        d->grade = (int)onc_db_column_int64(st, 6);
        clinic_clip(d->onset, sizeof d->onset, onc_db_column_text(st, 7));
        t->patients[t->n_patients - 1].n_dlts++;
    }
    onc_db_finalize(st);
    return rc;
}

onc_rc onc_phase1_read(onc_db_t *db, const char *trial, const char *actor, onc_phase1_trial_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_rc rc = clinic_text(trial, "trial", 1, TRIAL_MAX, err);
    if (rc != ONC_OK) return rc;
    onc_phase1_trial_t *t = calloc(1, sizeof *t);
    if (!t) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    snprintf(t->trial, sizeof t->trial, "%s", trial);
    onc_phase1_setup_init(&t->setup);
    bool own = false;
    rc = clinic_begin(db, "reading a phase I trial", &own, err);
    if (rc == ONC_OK) rc = read_setup(db, t, err);
    if (rc == ONC_OK) rc = read_patients(db, t, err);
    char detail[48];
    snprintf(detail, sizeof detail, "%zu patients", t->n_patients);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "read", "phase1", trial, NULL, detail, err);
    rc = clinic_end(db, own, rc, err);
    if (rc != ONC_OK) onc_phase1_trial_free(t);
    else *out = t;
    return rc;
}

void onc_phase1_trial_free(onc_phase1_trial_t *t)
{
    if (!t) return;
    free(t->patients);
    free(t->dlts);
    free(t);
}
