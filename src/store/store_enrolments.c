/* store_enrolments.c: a patient's status in a trial as the unit records it day to day
 * (onc_enrolment_set, store_clinic.h): the enrolments rows of 001_clinical.sql that a case file's
 * "enrolments" list fills, that accrual counts (store_accrual.c: each row is a dated event) and
 * that the patient list reads (the latest row of a trial, by ordinal, is its status now).
 *
 * So a change of status is a new row after the others, never an edit of an old one: screening in
 * March then enrolled in April stay two events, counted in their months. The same status given
 * again updates the latest row's date, arm and reason (a correction, not a new event). Like every
 * form, it marks the imported case text as no longer current (clinic_patient_changed) and is
 * audited in the same transaction; the entry names the trial and status, not the reason's text.
 */
#include "store_clinic_int.h"

#include <stdio.h>
#include <string.h>

#define TRIAL_MAX 200
#define ARM_MAX 200
#define REASON_MAX 2000

typedef struct latest_row {
    bool found;
    int64_t id;
    char status[16];
} latest_row_t;

/* The latest row of trial for patient pid (by ordinal), if any. */
static onc_rc find_latest(onc_db_t *db, int64_t pid, const char *trial, latest_row_t *out, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT id, status FROM enrolments WHERE patient_id = ? AND trial = ? "
                                   "ORDER BY ordinal DESC LIMIT 1", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) sb_i64(&b, pid), sb_text(&b, trial), rc = b.rc;
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    out->found = rc == ONC_OK && row;
    if (out->found) {
        const char *s = onc_db_column_text(st, 1);
        out->id = onc_db_column_int64(st, 0);
        clinic_clip(out->status, sizeof out->status, s ? s : "");
    }
    onc_db_finalize(st);
    return rc;
}

static onc_rc update_row(onc_db_t *db, int64_t id, const char *date, const char *arm, const char *reason,
                         onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "UPDATE enrolments SET enrol_date = ?, arm = ?, reason = ? WHERE id = ?", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) sb_text(&b, date), sb_text(&b, arm), sb_text(&b, reason), sb_i64(&b, id), rc = b.rc;
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    return rc;
}

/* A new row after the patient's others (ordinal keeps the case file's order). */
static onc_rc insert_row(onc_db_t *db, int64_t pid, const char *trial, const char *status, const char *date,
                         const char *arm, const char *reason, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "INSERT INTO enrolments (patient_id, ordinal, trial, arm, status, enrol_date, reason) "
                                   "SELECT ?, coalesce(max(ordinal) + 1, 0), ?, ?, ?, ?, ? FROM enrolments "
                                   "WHERE patient_id = ?", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) {
        sb_i64(&b, pid), sb_text(&b, trial), sb_text(&b, arm), sb_text(&b, status), sb_text(&b, date);
        sb_text(&b, reason), sb_i64(&b, pid), rc = b.rc;
    }
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    return rc;
}

static onc_rc check_enrolment(const char *trial, const char *status, const char *date, const char *arm,
                              const char *reason, onc_date_t *when, onc_err_t *err)
{
    onc_rc rc = clinic_text(trial, "trial", 1, TRIAL_MAX, err);
    if (rc == ONC_OK && !store_enum_of(onc_enrol_status_names, status))
        rc = onc_err_set(err, ONC_EINVAL, "field status: '%.20s' is none of screening, enrolled, screen_failed, withdrawn",
                         status ? status : "");
    if (rc == ONC_OK && date) rc = clinic_date(date, "date", true, when, err);
    if (rc == ONC_OK && arm) rc = clinic_text(arm, "arm", 1, ARM_MAX, err);
    if (rc == ONC_OK && reason) rc = clinic_text(reason, "reason", 1, REASON_MAX, err);
    return rc;
}

onc_rc onc_enrolment_set(onc_db_t *db, const char *patient, const char *trial, const char *status, const char *date,
                         const char *arm, const char *reason, const char *actor, onc_err_t *err)
{
    onc_date_t when;
    char today[11];
    if (!date) clinic_today(today), date = today;
    onc_rc rc = check_enrolment(trial, status, date, arm, reason, &when, err);
    if (rc == ONC_OK && !patient) rc = onc_err_set(err, ONC_EINVAL, "enrolment: no patient given");
    if (rc != ONC_OK) return rc;
    bool own = false;
    int64_t pid = 0;
    latest_row_t latest = {0};
    rc = clinic_begin(db, "recording an enrolment", &own, err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient, &pid, err);
    if (rc == ONC_OK) rc = find_latest(db, pid, trial, &latest, err);
    bool same = latest.found && strcmp(latest.status, status) == 0;
    if (rc == ONC_OK) rc = same ? update_row(db, latest.id, date, arm, reason, err)
                                : insert_row(db, pid, trial, status, date, arm, reason, err);
    if (rc == ONC_OK) rc = clinic_patient_changed(db, pid, err);
    char detail[TRIAL_MAX + 80];
    snprintf(detail, sizeof detail, "%s: %s on %s%s", trial, status, date, same ? " (corrected)" : "");
    if (rc == ONC_OK) rc = clinic_audit(db, actor, same ? "update" : "create", "enrolment", NULL, patient, detail, err);
    return clinic_end(db, own, rc, err);
}
