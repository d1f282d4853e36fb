/* store_decisions.c: the tumor board's decisions (store_clinic.h; table tumor_board_decisions of
 * 001_tumor_boards.sql).
 *
 * A decision starts as a draft that may be edited; finalising it records who and when, and from
 * then on it is never changed: both the edit and the finalisation are one UPDATE that holds only
 * for a draft (`... AND status = 'draft' RETURNING id`), so that two sessions racing to finalise
 * or to edit a decision being finalised cannot both succeed, whatever the back end's isolation.
 * The decision's text never goes into the audit log (a detail is never a whole record): its
 * entries say what was done to which decision of which patient, and the text's size.
 */
#include "store_clinic_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DECISION_TEXT_MAX 20000
#define LOGIN_MAX 200

/* The audit actor for a login: "user:LOGIN", or the value as it is when it names its kind
 * already ("os:root", "user:alice"). */
static void actor_of(const char *login, char *buf, size_t cap)
{
    if (strchr(login, ':')) snprintf(buf, cap, "%s", login);
    else snprintf(buf, cap, "user:%s", login);
}

onc_rc onc_decision_draft(onc_db_t *db, const char *patient, int64_t board_id, const char *text, const char *author,
                          int64_t *id, onc_err_t *err)
{
    onc_rc rc = clinic_text(text, "text", 1, DECISION_TEXT_MAX, err);
    if (rc == ONC_OK) rc = clinic_text(author, "author", 1, LOGIN_MAX, err);
    if (rc == ONC_OK && !patient) rc = onc_err_set(err, ONC_EINVAL, "decision: no patient given");
    if (rc != ONC_OK) return rc;
    bool own = false;
    int64_t pid = 0, new_id = 0;
    char when[11], now[32];
    store_now(now);
    onc_db_stmt_t *st = NULL;
    rc = clinic_begin(db, "drafting a decision", &own, err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient, &pid, err);
    if (rc == ONC_OK && board_id) rc = clinic_board_date(db, board_id, when, err);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "INSERT INTO tumor_board_decisions (patient_id, board_id, status, text, author, "
                                "created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, ?) RETURNING id", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) {
        sb_i64(&b, pid);
        if (board_id) sb_i64(&b, board_id);
        else sb_text(&b, NULL);
        sb_text(&b, text), sb_text(&b, author), sb_text(&b, now), sb_text(&b, now);
        rc = b.rc;
    }
    if (rc == ONC_OK) rc = store_run_id(st, &new_id, err);
    onc_db_finalize(st);
    char key[24], detail[80], actor[LOGIN_MAX + 8];
    snprintf(key, sizeof key, "%lld", (long long)new_id);
    snprintf(detail, sizeof detail, "draft, %zu bytes", strlen(text));
    actor_of(author, actor, sizeof actor);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "create", "decision", key, patient, detail, err);
    rc = clinic_end(db, own, rc, err);
    if (rc == ONC_OK && id) *id = new_id;
    return rc;
}

/* The decision's patient (external id, into patient) when it is a draft; ONC_ENOTFOUND when
 * there is no decision id, ONC_ECONFLICT when it is final. */
static onc_rc find_draft(onc_db_t *db, int64_t id, char *patient, size_t cap, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT d.status, p.external_id FROM tumor_board_decisions d JOIN patients p ON "
                                   "p.id = d.patient_id WHERE d.id = ?", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, id, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && !row) rc = onc_err_set(err, ONC_ENOTFOUND, "decision %lld does not exist", (long long)id);
    if (rc == ONC_OK && strcmp(onc_db_column_text(st, 0), "draft") != 0)
        rc = onc_err_set(err, ONC_ECONFLICT, "decision %lld is final: it cannot be changed", (long long)id);
    if (rc == ONC_OK) clinic_clip(patient, cap, onc_db_column_text(st, 1));
    onc_db_finalize(st);
    return rc;
}

/* Runs the prepared UPDATE st (bound) that holds only for a draft: no row back means the
 * decision was made final meanwhile. */
static onc_rc update_draft(onc_db_stmt_t *st, int64_t id, onc_err_t *err)
{
    bool row = false;
    onc_rc rc = clinic_one_row(st, &row, NULL, err);
    if (rc == ONC_OK && !row)
        rc = onc_err_set(err, ONC_ECONFLICT, "decision %lld is final: it cannot be changed", (long long)id);
    return rc;
}

onc_rc onc_decision_update(onc_db_t *db, int64_t id, const char *text, const char *actor, onc_err_t *err)
{
    onc_rc rc = clinic_text(text, "text", 1, DECISION_TEXT_MAX, err);
    if (rc != ONC_OK) return rc;
    bool own = false;
    char patient[256], now[32];
    store_now(now);
    onc_db_stmt_t *st = NULL;
    rc = clinic_begin(db, "editing a decision", &own, err);
    if (rc == ONC_OK) rc = find_draft(db, id, patient, sizeof patient, err);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "UPDATE tumor_board_decisions SET text = ?, updated_at = ? WHERE id = ? AND "
                                "status = 'draft' RETURNING id", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) sb_text(&b, text), sb_text(&b, now), sb_i64(&b, id), rc = b.rc;
    if (rc == ONC_OK) rc = update_draft(st, id, err);
    else onc_db_finalize(st);
    char key[24], detail[80];
    snprintf(key, sizeof key, "%lld", (long long)id);
    snprintf(detail, sizeof detail, "draft edited, %zu bytes", strlen(text));
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "update", "decision", key, patient, detail, err);
    return clinic_end(db, own, rc, err);
}

onc_rc onc_decision_finalise(onc_db_t *db, int64_t id, const char *login, onc_err_t *err)
{
    onc_rc rc = clinic_text(login, "login", 1, LOGIN_MAX, err);
    if (rc != ONC_OK) return rc;
    bool own = false;
    char patient[256], now[32];
    store_now(now);
    onc_db_stmt_t *st = NULL;
    rc = clinic_begin(db, "finalising a decision", &own, err);
    if (rc == ONC_OK) rc = find_draft(db, id, patient, sizeof patient, err);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "UPDATE tumor_board_decisions SET status = 'final', finalised_at = ?, finalised_by = ?, "
                                "updated_at = ? WHERE id = ? AND status = 'draft' RETURNING id", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) sb_text(&b, now), sb_text(&b, login), sb_text(&b, now), sb_i64(&b, id), rc = b.rc;
    if (rc == ONC_OK) rc = update_draft(st, id, err);
    else onc_db_finalize(st);
    char key[24], actor[LOGIN_MAX + 8];
    snprintf(key, sizeof key, "%lld", (long long)id);
    actor_of(login, actor, sizeof actor);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "finalise", "decision", key, patient, "made final", err);
    return clinic_end(db, own, rc, err);
}

onc_rc onc_decisions(onc_db_t *db, const char *patient, const char *actor, onc_decision_fn fn, void *ctx,
                     onc_err_t *err)
{
    if (!patient) return onc_err_set(err, ONC_EINVAL, "decisions: no patient given");
    bool own = false;
    int64_t pid = 0;
    size_t n = 0;
    onc_db_stmt_t *st = NULL;
    onc_rc rc = clinic_begin(db, "reading decisions", &own, err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient, &pid, err);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "SELECT id, board_id, status, text, author, created_at, updated_at, finalised_at, "
                                "finalised_by FROM tumor_board_decisions WHERE patient_id = ? ORDER BY id DESC", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, pid, err);
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_decision_t d = {.id = onc_db_column_int64(st, 0),
                            .patient = patient,
                            .board_id = onc_db_column_int64(st, 1), /* 0 for NULL */
                            .status = onc_db_column_text(st, 2),
                            .text = onc_db_column_text(st, 3),
                            .author = onc_db_column_text(st, 4),
                            .created_at = onc_db_column_text(st, 5),
                            .updated_at = onc_db_column_text(st, 6),
                            .finalised_at = onc_db_column_text(st, 7),
                            .finalised_by = onc_db_column_text(st, 8)};
        n++;
        if (fn && fn(&d, ctx) != 0) break;
    }
    onc_db_finalize(st);
    char detail[64];
    snprintf(detail, sizeof detail, "decisions: %zu", n);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "read", "decision", NULL, patient, detail, err);
    return clinic_end(db, own, rc, err);
}
