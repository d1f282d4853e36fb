/* store_boards.c: tumor board meetings and the patients listed for them (store_clinic.h; tables
 * tumor_boards and tumor_board_patients of 001_tumor_boards.sql).
 *
 * A meeting is a date and a title; its patients keep the order they were added in (ordinal: one
 * past the highest, so that a patient taken off leaves a gap and the others keep their places).
 * Whether a patient is already listed is asked before the insert, so that a duplicate is a plain
 * ONC_ECONFLICT that leaves the caller's transaction usable (a failed statement would spoil it).
 * Adding or taking off a patient is an audited write of the meeting concerning that patient;
 * reading who is listed is one audited read. The meetings themselves hold no patient data: the
 * list of meetings is not audited.
 */
#include "store_clinic_int.h"

#include "oncoboard/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_MAX 200

onc_rc clinic_board_date(onc_db_t *db, int64_t id, char when[11], onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT meets_on FROM tumor_boards WHERE id = ?", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, id, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && !row) rc = onc_err_set(err, ONC_ENOTFOUND, "tumor board meeting %lld does not exist", (long long)id);
    if (rc == ONC_OK) snprintf(when, 11, "%s", onc_db_column_text(st, 0));
    onc_db_finalize(st);
    return rc;
}

onc_rc onc_board_create(onc_db_t *db, const char *meets_on, const char *title, const char *actor, int64_t *id,
                        onc_err_t *err)
{
    onc_date_t d;
    if (title && !*title) title = NULL;
    onc_rc rc = clinic_date(meets_on, "meets_on", false, &d, err);
    if (rc == ONC_OK && title) rc = clinic_text(title, "title", 1, TITLE_MAX, err);
    if (rc != ONC_OK) return rc;
    bool own = false;
    onc_db_stmt_t *st = NULL;
    char now[32];
    store_now(now);
    int64_t new_id = 0;
    rc = clinic_begin(db, "creating a tumor board meeting", &own, err);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "INSERT INTO tumor_boards (meets_on, title, created_by, created_at) VALUES (?, ?, ?, ?) "
                                "RETURNING id", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) {
        sb_text(&b, meets_on), sb_text(&b, title), sb_text(&b, actor ? actor : onc_audit_os_actor()), sb_text(&b, now);
        rc = b.rc;
    }
    if (rc == ONC_OK) rc = store_run_id(st, &new_id, err);
    onc_db_finalize(st);
    char key[24], detail[64];
    snprintf(key, sizeof key, "%lld", (long long)new_id);
    snprintf(detail, sizeof detail, "meeting of %s", meets_on);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "create", "tumor_board", key, NULL, detail, err);
    rc = clinic_end(db, own, rc, err);
    if (rc == ONC_OK && id) *id = new_id;
    return rc;
}

onc_rc onc_board_list(onc_db_t *db, const char *from, onc_board_fn fn, void *ctx, onc_err_t *err)
{
    onc_date_t d;
    onc_rc rc = from ? clinic_date(from, "from", false, &d, err) : ONC_OK;
    if (rc != ONC_OK) return rc;
    bool own = false;
    onc_db_stmt_t *st = NULL;
    rc = clinic_begin(db, "listing tumor board meetings", &own, err);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "SELECT b.id, b.meets_on, b.title, (SELECT count(*) FROM tumor_board_patients bp "
                                "WHERE bp.board_id = b.id) FROM tumor_boards b WHERE b.meets_on >= ? "
                                "ORDER BY b.meets_on, b.id", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, from ? from : "0000-00-00", err);
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_board_t b = {.id = onc_db_column_int64(st, 0),
                         .meets_on = onc_db_column_text(st, 1),
                         .title = onc_db_column_text(st, 2),
                         .n_patients = (size_t)onc_db_column_int64(st, 3)};
        if (fn && fn(&b, ctx) != 0) break;
    }
    onc_db_finalize(st);
    return clinic_end(db, own, rc, err);
}

/* Whether patient pid is listed for meeting board_id. */
static onc_rc is_listed(onc_db_t *db, int64_t board_id, int64_t pid, bool *listed, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "SELECT 1 FROM tumor_board_patients WHERE board_id = ? AND patient_id = ?", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, board_id, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 2, pid, err);
    if (rc == ONC_OK) return clinic_one_row(st, listed, NULL, err);
    onc_db_finalize(st);
    return rc;
}

/* The meeting's date and the patient's key, both required to exist, and whether they are listed. */
static onc_rc board_and_patient(onc_db_t *db, int64_t board_id, const char *patient, char when[11], int64_t *pid,
                                bool *listed, onc_err_t *err)
{
    if (!patient) return onc_err_set(err, ONC_EINVAL, "tumor board: no patient given");
    onc_rc rc = clinic_board_date(db, board_id, when, err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient, pid, err);
    if (rc == ONC_OK) rc = is_listed(db, board_id, *pid, listed, err);
    return rc;
}

/* Lists pid last for board_id (add), or takes them off. */
static onc_rc write_listing(onc_db_t *db, int64_t board_id, int64_t pid, bool add, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    int64_t last = 0;
    onc_rc rc = ONC_OK;
    if (add) {
        rc = onc_db_prepare(db, "SELECT coalesce(max(ordinal), 0) FROM tumor_board_patients WHERE board_id = ?", &st, err);
        if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, board_id, err);
        if (rc == ONC_OK) rc = clinic_one_row(st, &row, &last, err);
        else onc_db_finalize(st);
        st = NULL;
    }
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, add ? "INSERT INTO tumor_board_patients (board_id, patient_id, ordinal) VALUES (?, ?, ?)"
                                    : "DELETE FROM tumor_board_patients WHERE board_id = ? AND patient_id = ?",
                            &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, board_id, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 2, pid, err);
    if (rc == ONC_OK && add) rc = onc_db_bind_int64(st, 3, last + 1, err);
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    return rc;
}

/* Adds (add) or takes off patient; the checks and the audit entry the same way round. */
static onc_rc change_listing(onc_db_t *db, int64_t board_id, const char *patient, const char *actor, bool add,
                             onc_err_t *err)
{
    bool own = false, listed = false;
    int64_t pid = 0;
    char when[11] = "";
    onc_rc rc = clinic_begin(db, "listing a patient for a tumor board", &own, err);
    if (rc == ONC_OK) rc = board_and_patient(db, board_id, patient, when, &pid, &listed, err);
    if (rc == ONC_OK && add && listed)
        rc = onc_err_set(err, ONC_ECONFLICT, "patient %s is already listed for the meeting of %s", patient, when);
    if (rc == ONC_OK && !add && !listed)
        rc = onc_err_set(err, ONC_ENOTFOUND, "patient %s is not listed for the meeting of %s", patient, when);
    if (rc == ONC_OK) rc = write_listing(db, board_id, pid, add, err);
    char key[24], detail[80];
    snprintf(key, sizeof key, "%lld", (long long)board_id);
    snprintf(detail, sizeof detail, "%s the meeting of %s", add ? "listed for" : "taken off", when);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "update", "tumor_board", key, patient, detail, err);
    return clinic_end(db, own, rc, err);
}

onc_rc onc_board_add_patient(onc_db_t *db, int64_t board_id, const char *patient, const char *actor, onc_err_t *err)
{
    return change_listing(db, board_id, patient, actor, true, err);
}

onc_rc onc_board_remove_patient(onc_db_t *db, int64_t board_id, const char *patient, const char *actor,
                                onc_err_t *err)
{
    return change_listing(db, board_id, patient, actor, false, err);
}

static onc_rc push_id(char ***ids, size_t *n, const char *s, onc_err_t *err)
{
    char **v = realloc(*ids, (*n + 1) * sizeof *v);
    if (!v) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    *ids = v;
    if (!(v[*n] = strdup(s))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    (*n)++;
    return ONC_OK;
}

onc_rc onc_board_patients(onc_db_t *db, int64_t board_id, const char *actor, char ***ids, size_t *n, onc_err_t *err)
{
    *ids = NULL;
    *n = 0;
    bool own = false;
    char when[11];
    onc_db_stmt_t *st = NULL;
    onc_rc rc = clinic_begin(db, "reading a tumor board's patients", &own, err);
    if (rc == ONC_OK) rc = clinic_board_date(db, board_id, when, err);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "SELECT p.external_id FROM tumor_board_patients bp JOIN patients p ON p.id = "
                                "bp.patient_id WHERE bp.board_id = ? ORDER BY bp.ordinal", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, board_id, err);
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row)
        rc = push_id(ids, n, onc_db_column_text(st, 0), err);
    onc_db_finalize(st);
    char key[24], detail[80];
    snprintf(key, sizeof key, "%lld", (long long)board_id);
    snprintf(detail, sizeof detail, "patients of the meeting of %s: %zu", when, *n);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "read", "tumor_board", key, NULL, detail, err);
    rc = clinic_end(db, own, rc, err);
    if (rc != ONC_OK) {
        onc_store_ids_free(*ids, *n);
        *ids = NULL, *n = 0;
    }
    return rc;
}
