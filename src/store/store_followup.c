/* store_followup.c: what the clinic records about a patient after the tumor board (store_clinic.h):
 * dated RECIST assessments of a therapy line (table response_assessments of 001_clinical.sql) and
 * the patient's outcome (the vital status and dates of the patients row).
 *
 * Both change the patient's clinical rows, so both mark the imported case text as no longer
 * current and move updated_at (clinic_patient_changed): an export then writes the case from the
 * rows, with the new outcome and best responses, and the next `db match` sees the patient as
 * changed. The checks are the case file's (io_case_json.c's read_outcome) plus "not in the
 * future", which a form, unlike a file, can check against today. The audit entries name the
 * fields written, not their values.
 */
#include "store_clinic_int.h"

#include <stdio.h>
#include <string.h>

/* ---- response assessments ---- */

/* Better responses rank higher: CR > PR > SD > PD; NE (not evaluable) only above none. */
static int response_rank(const char *recist)
{
    static const char *const order[] = {"NE", "PD", "SD", "PR", "CR", NULL};
    for (int i = 0; recist && order[i]; i++)
        if (strcmp(recist, order[i]) == 0) return i + 1;
    return 0;
}

typedef struct line_row {
    int64_t id;
    char start[11];          /* "" when unknown */
    char best[3];            /* "" when none */
} line_row_t;

/* Therapy line line_no of patient pid; ONC_ENOTFOUND naming it when there is none. */
static onc_rc find_line(onc_db_t *db, int64_t pid, const char *patient, int line_no, line_row_t *out, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT id, start_date, best_response FROM therapy_lines WHERE patient_id = ? AND "
                                   "line_no = ? ORDER BY ordinal LIMIT 1", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, pid, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 2, line_no, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && !row) rc = onc_err_set(err, ONC_ENOTFOUND, "patient %s has no therapy line %d", patient, line_no);
    if (rc == ONC_OK) {
        const char *start = onc_db_column_text(st, 1), *best = onc_db_column_text(st, 2);
        out->id = onc_db_column_int64(st, 0);
        clinic_clip(out->start, sizeof out->start, start ? start : "");
        clinic_clip(out->best, sizeof out->best, best ? best : "");
    }
    onc_db_finalize(st);
    return rc;
}

static onc_rc run_sql(onc_db_t *db, const char *sql, const char *const *texts, int n_texts, int64_t key, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, sql, &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) {
        for (int i = 0; i < n_texts; i++) sb_text(&b, texts[i]);
        sb_i64(&b, key);
        rc = b.rc;
    }
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    return rc;
}

/* The assessment's row, and the line's best response raised when this one is better. */
static onc_rc write_response(onc_db_t *db, int64_t pid, int line_no, const line_row_t *line, const char *assessed_on,
                             const char *recist, const char *actor, bool *raised, onc_err_t *err)
{
    char now[32];
    store_now(now);
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "INSERT INTO response_assessments (patient_id, line_no, assessed_on, recist, "
                                   "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) {
        sb_i64(&b, pid), sb_i64(&b, line_no), sb_text(&b, assessed_on), sb_text(&b, recist);
        sb_text(&b, actor ? actor : onc_audit_os_actor()), sb_text(&b, now);
        rc = b.rc;
    }
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    *raised = response_rank(recist) > response_rank(line->best[0] ? line->best : NULL);
    const char *value[] = {recist};
    if (rc == ONC_OK && *raised)
        rc = run_sql(db, "UPDATE therapy_lines SET best_response = ? WHERE id = ?", value, 1, line->id, err);
    return rc;
}

onc_rc onc_response_add(onc_db_t *db, const char *patient, int line_no, const char *assessed_on, const char *recist,
                        const char *actor, onc_err_t *err)
{
    onc_date_t d;
    if (!patient) return onc_err_set(err, ONC_EINVAL, "response: no patient given");
    if (line_no < 1) return onc_err_set(err, ONC_EINVAL, "field line_no: %d is not a line number (1, 2 ...)", line_no);
    if (!recist || !store_enum_of(onc_recist_names, recist))
        return onc_err_set(err, ONC_EINVAL, "field recist: '%.8s' is none of CR, PR, SD, PD, NE", recist ? recist : "");
    onc_rc rc = clinic_date(assessed_on, "assessed_on", true, &d, err);
    if (rc != ONC_OK) return rc;
    bool own = false, raised = false;
    int64_t pid = 0;
    line_row_t line;
    rc = clinic_begin(db, "recording a response", &own, err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient, &pid, err);
    if (rc == ONC_OK) rc = find_line(db, pid, patient, line_no, &line, err);
    if (rc == ONC_OK && line.start[0] && strcmp(assessed_on, line.start) < 0)
        rc = onc_err_set(err, ONC_EINVAL, "field assessed_on: %s is before the start of line %d (%s)", assessed_on,
                         line_no, line.start);
    if (rc == ONC_OK) rc = write_response(db, pid, line_no, &line, assessed_on, recist, actor, &raised, err);
    if (rc == ONC_OK) rc = clinic_patient_changed(db, pid, err);
    char detail[96];
    snprintf(detail, sizeof detail, "assessment of therapy line %d%s", line_no, raised ? "; best response raised" : "");
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "create", "response", NULL, patient, detail, err);
    return clinic_end(db, own, rc, err);
}

onc_rc onc_responses(onc_db_t *db, const char *patient, const char *actor, onc_response_fn fn, void *ctx,
                     onc_err_t *err)
{
    if (!patient) return onc_err_set(err, ONC_EINVAL, "responses: no patient given");
    bool own = false;
    int64_t pid = 0;
    size_t n = 0;
    onc_db_stmt_t *st = NULL;
    onc_rc rc = clinic_begin(db, "reading responses", &own, err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient, &pid, err);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "SELECT line_no, assessed_on, recist, recorded_by FROM response_assessments WHERE "
                                "patient_id = ? ORDER BY line_no, assessed_on, id", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, pid, err);
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_response_row_t r = {.line_no = (int)onc_db_column_int64(st, 0),
                                .assessed_on = onc_db_column_text(st, 1),
                                .recist = onc_db_column_text(st, 2),
                                .recorded_by = onc_db_column_text(st, 3)};
        n++;
        if (fn && fn(&r, ctx) != 0) break;
    }
    onc_db_finalize(st);
    char detail[64];
    snprintf(detail, sizeof detail, "response assessments: %zu", n);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "read", "response", NULL, patient, detail, err);
    return clinic_end(db, own, rc, err);
}

/* ---- the outcome ---- */

/* The rules that need no registry: the values, the dates, death and follow-up in order. */
static onc_rc check_outcome(const char *vital, const char *death, const char *follow_up, onc_err_t *err)
{
    onc_date_t d;
    if (vital && !store_enum_of(onc_vital_names, vital))
        return onc_err_set(err, ONC_EINVAL, "field vital_status: '%.16s' is neither alive nor dead", vital);
    onc_rc rc = death ? clinic_date(death, "death_date", true, &d, err) : ONC_OK;
    if (rc == ONC_OK && follow_up) rc = clinic_date(follow_up, "last_follow_up", true, &d, err);
    if (rc != ONC_OK) return rc;
    if (death && (!vital || strcmp(vital, "dead") != 0))
        return onc_err_set(err, ONC_EINVAL, "field death_date: a death date needs vital_status \"dead\"");
    if (death && follow_up && strcmp(follow_up, death) > 0)
        return onc_err_set(err, ONC_EINVAL, "field last_follow_up: %s is after the death date %s", follow_up, death);
    return ONC_OK;
}

/* No date of the outcome before the (first) diagnosis, as the case file's rule. */
static onc_rc check_against_diagnosis(onc_db_t *db, int64_t pid, const char *death, const char *follow_up,
                                      onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT diagnosis_date FROM diagnoses WHERE patient_id = ? ORDER BY ordinal LIMIT 1",
                               &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, pid, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    const char *diagnosed = rc == ONC_OK && row ? onc_db_column_text(st, 0) : NULL;
    if (diagnosed && death && strcmp(death, diagnosed) < 0)
        rc = onc_err_set(err, ONC_EINVAL, "field death_date: %s is before the diagnosis date %s", death, diagnosed);
    else if (diagnosed && follow_up && strcmp(follow_up, diagnosed) < 0)
        rc = onc_err_set(err, ONC_EINVAL, "field last_follow_up: %s is before the diagnosis date %s", follow_up,
                         diagnosed);
    onc_db_finalize(st);
    return rc;
}

onc_rc onc_outcome_set(onc_db_t *db, const char *patient, const char *vital_status, const char *death_date,
                       const char *last_follow_up, const char *actor, onc_err_t *err)
{
    if (!patient) return onc_err_set(err, ONC_EINVAL, "outcome: no patient given");
    /* a form's empty field is no value */
    if (vital_status && !*vital_status) vital_status = NULL;
    if (death_date && !*death_date) death_date = NULL;
    if (last_follow_up && !*last_follow_up) last_follow_up = NULL;
    onc_rc rc = check_outcome(vital_status, death_date, last_follow_up, err);
    if (rc != ONC_OK) return rc;
    bool own = false;
    int64_t pid = 0;
    rc = clinic_begin(db, "recording an outcome", &own, err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient, &pid, err);
    if (rc == ONC_OK) rc = check_against_diagnosis(db, pid, death_date, last_follow_up, err);
    const char *values[] = {vital_status, death_date, last_follow_up};
    if (rc == ONC_OK)
        rc = run_sql(db, "UPDATE patients SET vital_status = ?, death_date = ?, last_follow_up = ? WHERE id = ?", values,
                     3, pid, err);
    if (rc == ONC_OK) rc = clinic_patient_changed(db, pid, err);
    char detail[96];
    snprintf(detail, sizeof detail, "outcome:%s%s%s", vital_status ? " vital_status" : " vital_status unknown",
             death_date ? ", death_date" : "", last_follow_up ? ", last_follow_up" : "");
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "update", "patient", patient, patient, detail, err);
    return clinic_end(db, own, rc, err);
}
