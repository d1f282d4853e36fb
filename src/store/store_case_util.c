/* store_case_util.c: small helpers of the case store (store_case_int.h): binding a row in order
 * with one error check, running statements, the clock, the audit call. */
#include "store_case_int.h"

#include "oncoboard/alteration.h"
#include "oncoboard/audit.h"

#include <math.h>
#include <string.h>
#include <time.h>

void sb_start(store_binder_t *b, onc_db_stmt_t *st, onc_err_t *err)
{
    b->st = st;
    b->i = 0;
    b->rc = ONC_OK;
    b->err = err;
}

void sb_text(store_binder_t *b, const char *s)
{
    b->i++;
    if (b->rc == ONC_OK) b->rc = onc_db_bind_text(b->st, b->i, s, b->err);
}

void sb_i64(store_binder_t *b, int64_t v)
{
    b->i++;
    if (b->rc == ONC_OK) b->rc = onc_db_bind_int64(b->st, b->i, v, b->err);
}

void sb_int(store_binder_t *b, int32_t v)
{
    b->i++;
    if (b->rc != ONC_OK) return;
    b->rc = v == ONC_INT_MISSING ? onc_db_bind_null(b->st, b->i, b->err) : onc_db_bind_int64(b->st, b->i, v, b->err);
}

void sb_dbl(store_binder_t *b, double v)
{
    b->i++;
    if (b->rc == ONC_OK) b->rc = onc_db_bind_double(b->st, b->i, v, b->err);
}

void sb_tri(store_binder_t *b, onc_tri t)
{
    b->i++;
    if (b->rc != ONC_OK) return;
    b->rc = t == ONC_TRI_UNKNOWN ? onc_db_bind_null(b->st, b->i, b->err)
                                 : onc_db_bind_int64(b->st, b->i, t == ONC_TRI_TRUE, b->err);
}

void sb_enum(store_binder_t *b, const char *const *names, int v)
{
    sb_text(b, v > 0 ? names[v] : NULL);
}

void sb_date(store_binder_t *b, onc_date_t d)
{
    char buf[11];
    sb_text(b, onc_date_is_missing(d) ? NULL : onc_date_format(d, buf));
}

onc_rc store_run(onc_db_stmt_t *st, onc_err_t *err)
{
    bool row = true;
    onc_rc rc = ONC_OK;
    while (rc == ONC_OK && row) rc = onc_db_step(st, &row, err);
    onc_err_t ignored = {0};
    onc_rc rr = onc_db_reset(st, rc == ONC_OK ? err : &ignored);
    return rc != ONC_OK ? rc : rr;
}

onc_rc store_run_id(onc_db_stmt_t *st, int64_t *id, onc_err_t *err)
{
    bool row = false;
    onc_rc rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && !row) rc = onc_err_set(err, ONC_EINTERNAL, "an insert returned no id");
    if (rc == ONC_OK) *id = onc_db_column_int64(st, 0);
    while (rc == ONC_OK && row) rc = onc_db_step(st, &row, err);
    onc_err_t ignored = {0};
    onc_rc rr = onc_db_reset(st, rc == ONC_OK ? err : &ignored);
    return rc != ONC_OK ? rc : rr;
}

void store_now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm)) memcpy(buf, "1970-01-01T00:00:00Z", 21);
}

onc_rc store_need_transaction(onc_db_t *db, const char *what, onc_err_t *err)
{
    if (!db) return onc_err_set(err, ONC_EINVAL, "%s: no database", what);
    if (!onc_db_in_transaction(db))
        return onc_err_set(err, ONC_EINVAL, "%s: must run inside a transaction (onc_db_begin)", what);
    return ONC_OK;
}

static onc_audit_entry_t audit_entry(const char *actor, const char *action, const char *entity, const char *pid,
                                     const char *detail)
{
    onc_audit_entry_t e = {.actor = actor ? actor : onc_audit_os_actor(),
                           .action = action,
                           .entity = entity,
                           .entity_id = pid,
                           .patient_id = pid,
                           .detail = detail};
    return e;
}

onc_rc store_audit(onc_db_t *db, const char *actor, const char *action, const char *entity, const char *pid,
                   const char *detail, onc_err_t *err)
{
    onc_audit_entry_t e = audit_entry(actor, action, entity, pid, detail);
    return onc_audit_append(db, &e, err);
}

onc_rc store_audit_add(onc_audit_appender_t *a, const char *actor, const char *action, const char *entity,
                       const char *pid, const char *detail, onc_err_t *err)
{
    onc_audit_entry_t e = audit_entry(actor, action, entity, pid, detail);
    return onc_audit_appender_add(a, &e, err);
}

onc_rc store_prepare_all(onc_db_t *db, const char *const *sqls, onc_db_stmt_t **sts, int n, onc_err_t *err)
{
    for (int i = 0; i < n; i++) sts[i] = NULL;
    for (int i = 0; i < n; i++) {
        onc_rc rc = onc_db_prepare(db, sqls[i], &sts[i], err);
        if (rc != ONC_OK) {
            store_finalize_all(sts, n);
            return rc;
        }
    }
    return ONC_OK;
}

void store_finalize_all(onc_db_stmt_t **sts, int n)
{
    for (int i = 0; i < n; i++) {
        onc_db_finalize(sts[i]);
        sts[i] = NULL;
    }
}

int store_enum_of(const char *const *names, const char *s)
{
    if (!s) return 0;
    for (int i = 1; names[i]; i++)
        if (strcmp(names[i], s) == 0) return i;
    return 0;
}

/* The internal key of patient_id; ONC_ENOTFOUND naming them when not registered. */
onc_rc store_patient_key(onc_db_t *db, const char *patient_id, int64_t *key, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT id FROM patients WHERE external_id = ?", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, patient_id, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && !row) rc = onc_err_set(err, ONC_ENOTFOUND, "patient %s is not in the registry", patient_id);
    if (rc == ONC_OK) *key = onc_db_column_int64(st, 0);
    onc_db_finalize(st);
    return rc;
}
