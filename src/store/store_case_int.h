/* store_case_int.h: what the case writer (store_case.c) and reader (store_case_get.c) share:
 * binding a row's values in order with one error check at the end, and the registry's clock. */
#ifndef ONCOBOARD_STORE_CASE_INT_H
#define ONCOBOARD_STORE_CASE_INT_H

#include "oncoboard/audit.h"
#include "oncoboard/case.h"
#include "oncoboard/db.h"

#include <stdbool.h>

/* Binds values 1, 2, 3 ... of st; the first failure sticks in rc and the rest are skipped. */
typedef struct store_binder {
    onc_db_stmt_t *st;
    int i;
    onc_rc rc;
    onc_err_t *err;
} store_binder_t;

void sb_start(store_binder_t *b, onc_db_stmt_t *st, onc_err_t *err);
void sb_text(store_binder_t *b, const char *s);        /* NULL: SQL NULL */
void sb_i64(store_binder_t *b, int64_t v);
void sb_int(store_binder_t *b, int32_t v);             /* ONC_INT_MISSING: NULL */
void sb_dbl(store_binder_t *b, double v);              /* NaN: NULL */
void sb_tri(store_binder_t *b, onc_tri t);             /* unknown: NULL, else 0/1 */
void sb_enum(store_binder_t *b, const char *const *names, int v); /* 0: NULL */
void sb_date(store_binder_t *b, onc_date_t d);         /* missing: NULL */

/* Runs a statement that returns no row (or ignores them) and resets it for the next row. */
onc_rc store_run(onc_db_stmt_t *st, onc_err_t *err) ONC_MUST_CHECK;
/* Runs an INSERT ... RETURNING id: *id gets the new key; resets the statement. */
onc_rc store_run_id(onc_db_stmt_t *st, int64_t *id, onc_err_t *err) ONC_MUST_CHECK;

/* The case of patient_id rebuilt from the registry (store_case_get.c), NOT audited: the public
 * readers (onc_store_get_case, the exports' onc_store_get_export) audit what they hand out.
 * *pid gets the patient's internal key. ONC_ENOTFOUND when there is no such patient. */
onc_rc store_case_read(onc_db_t *db, const char *patient_id, onc_case_t **out, int64_t *pid, onc_err_t *err)
    ONC_MUST_CHECK;

/* "2026-11-29T03:04:05Z" (UTC now) in buf. */
void store_now(char buf[32]);

/* Fails with ONC_EINVAL unless db has an open transaction (every store call runs in one). */
onc_rc store_need_transaction(onc_db_t *db, const char *what, onc_err_t *err) ONC_MUST_CHECK;

/* Appends an audit entry (audit.h) for patient pid. */
onc_rc store_audit(onc_db_t *db, const char *actor, const char *action, const char *entity, const char *pid,
                   const char *detail, onc_err_t *err) ONC_MUST_CHECK;

/* The internal key of registered patient_id; ONC_ENOTFOUND naming them otherwise. */
onc_rc store_patient_key(onc_db_t *db, const char *patient_id, int64_t *key, onc_err_t *err) ONC_MUST_CHECK;
/* The same through an appender kept over many cases (a writer's). */
onc_rc store_audit_add(onc_audit_appender_t *a, const char *actor, const char *action, const char *entity,
                       const char *pid, const char *detail, onc_err_t *err) ONC_MUST_CHECK;

/* Prepares n statements from sqls into sts (all or none). */
onc_rc store_prepare_all(onc_db_t *db, const char *const *sqls, onc_db_stmt_t **sts, int n, onc_err_t *err)
    ONC_MUST_CHECK;
void store_finalize_all(onc_db_stmt_t **sts, int n);

/* The table value of an enumeration name ("mutation" for ONC_KIND_MUTATION) and back. */
int store_enum_of(const char *const *names, const char *s); /* 0 for NULL or unknown */

#endif
