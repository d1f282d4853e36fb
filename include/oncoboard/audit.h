/* audit.h: the registry's append-only, hash-chained audit log.
 *
 * Every read of patient data and every write goes through onc_audit_append(), inside the
 * transaction of the change it records, so that a change and its audit entry are committed
 * together or not at all. Each entry holds who (a user of the registry, or the operating-system
 * user for the command line), when (UTC), what (an action word and the entity), which patient,
 * a detail text without secrets, and the hash of the previous entry: entry i's hash is
 * HMAC-SHA-256(key, hash[i-1] || canonical(entry i)). The key lives outside the database (a
 * file readable only by its owner, $ONCOBOARD_AUDIT_KEY or next to an SQLite file) and so do
 * checkpoints of the head (sequence number and hash), so that an edit, a deletion, a truncation
 * or a recomputation of the chain by someone holding only the database is detected by
 * onc_audit_verify(). docs/audit.md says where the key and checkpoints live and how to
 * rotate them.
 */
#ifndef ONCOBOARD_AUDIT_H
#define ONCOBOARD_AUDIT_H

#include "oncoboard/db.h"
#include "oncoboard/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct onc_audit_entry {
    const char *actor;      /* "user:alice" or "os:root" */
    const char *action;     /* "create" "update" "delete" "read" "export" "import" "login" ... */
    const char *entity;     /* "patient" "sample" "decision" "trial" "export" ... */
    const char *entity_id;  /* the entity's identifier, or NULL */
    const char *patient_id; /* the patient concerned, or NULL */
    const char *detail;     /* short free text, never a secret or a whole record; may be NULL */
} onc_audit_entry_t;

/* The operating-system user running the command line, as "os:NAME" (static storage). */
const char *onc_audit_os_actor(void);

/* Appends e to the chain (must be inside a transaction of db). ONC_EDB/ONC_EIO on failure:
 * the caller rolls its change back. */
onc_rc onc_audit_append(onc_db_t *db, const onc_audit_entry_t *e, onc_err_t *err) ONC_MUST_CHECK;

/* The same for many entries of one transaction (an import writes one per patient): an appender
 * prepares its statements and reads the key once. Open it inside the transaction, add, close it
 * before the commit (or the rollback). onc_audit_append is an appender opened for one entry. */
typedef struct onc_audit_appender onc_audit_appender_t;
onc_rc onc_audit_appender_open(onc_db_t *db, onc_audit_appender_t **out, onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_audit_appender_add(onc_audit_appender_t *a, const onc_audit_entry_t *e, onc_err_t *err) ONC_MUST_CHECK;
void onc_audit_appender_close(onc_audit_appender_t *a); /* accepts NULL */

/* ---- reads recorded in groups (the server) ----
 * A server answering many reads at once would otherwise commit one transaction, with its
 * synchronous write, per read, and the reads would queue behind the disk. With a read sink set on
 * a connection, the entries of action "read" appended on it are handed to the sink instead of
 * written; the sink's owner writes them with other requests' in one transaction (group commit)
 * and sends nothing of the data read before that commit: every read is still durably recorded
 * before any of its data leaves the process. Other entries are never deferred: a change and its
 * entry commit together. sink NULL removes it. */
typedef onc_rc (*onc_audit_read_sink)(const onc_audit_entry_t *e, void *ctx, onc_err_t *err);
void onc_audit_set_read_sink(onc_db_t *db, onc_audit_read_sink sink, void *ctx);

/* Anchors the committed head (seq, hash, time) in the checkpoint file: call it after the
 * onc_db_commit() of every transaction that appended (not inside it: an entry that is rolled
 * back must never be anchored). Idempotent: nothing is written when the file's last line is
 * the head already. A crash between the commit and this call leaves the head beyond the last
 * checkpoint by that one transaction, which verify reports as not yet anchored (not broken);
 * the next checkpoint covers it. ONC_EIO when the file cannot be written. */
onc_rc onc_audit_checkpoint(onc_db_t *db, onc_err_t *err) ONC_MUST_CHECK;

/* Commits db's open transaction and, when it appended to the log, anchors the head
 * (onc_audit_checkpoint): how every audited change ends. When the commit succeeds but the
 * anchoring fails, the error says that the change was made, so that no caller reports it as
 * lost. */
onc_rc onc_audit_commit(onc_db_t *db, onc_err_t *err) ONC_MUST_CHECK;

/* Runs fn inside the caller's transaction when one is open (the caller commits), else inside a
 * transaction of its own, ended by onc_audit_commit, or rolled back when fn fails. */
typedef onc_rc (*onc_audit_tx_fn)(onc_db_t *db, void *ctx, onc_err_t *err);
onc_rc onc_audit_in_transaction(onc_db_t *db, onc_audit_tx_fn fn, void *ctx, onc_err_t *err) ONC_MUST_CHECK;
/* The same for an fn that only reads: when db has a read sink (its "read" entries are handed
 * over, not written) and no transaction is open, fn runs in a read transaction
 * (onc_db_begin_read), so that readers do not queue for the write lock; otherwise as
 * onc_audit_in_transaction. */
onc_rc onc_audit_in_read_transaction(onc_db_t *db, onc_audit_tx_fn fn, void *ctx, onc_err_t *err) ONC_MUST_CHECK;

/* Verifies the whole chain against the key and the checkpoints. Returns ONC_OK when intact;
 * ONC_ECONFLICT with the first broken sequence number and why in err otherwise; ONC_EIO /
 * ONC_EINVAL / ONC_EDB when the key, the checkpoint file or the database cannot be read
 * (nothing can be said). *n_entries (may be NULL) receives the number of entries checked. */
onc_rc onc_audit_verify(onc_db_t *db, int64_t *n_entries, onc_err_t *err) ONC_MUST_CHECK;

/* What verify found, for `oncoboard audit verify`. */
typedef struct onc_audit_report {
    int64_t n_entries;     /* entries checked (the head's seq when intact) */
    int64_t n_checkpoints; /* checkpoint lines checked */
    int64_t anchored_seq;  /* the highest checkpointed seq (0: none) */
    int64_t first_bad_seq; /* the first broken seq (0 when intact) */
} onc_audit_report_t;
onc_rc onc_audit_verify_report(onc_db_t *db, onc_audit_report_t *rep, onc_err_t *err) ONC_MUST_CHECK;

/* Verifies db's chain against anchors named explicitly: the key at key_path and, when
 * checkpoint_path is not NULL and the file exists, its checkpoints. For a copy of a registry
 * (backup.h), whose anchors are those of the registry it was taken from or restored into. With
 * prefix set, the copy may end before the last checkpoints (it was taken before them): those
 * lines only raise rep->anchored_seq above rep->n_entries; every checkpoint at or below the
 * copy's head must still match. Results and errors as onc_audit_verify_report. */
onc_rc onc_audit_verify_anchors(onc_db_t *db, const char *key_path, const char *checkpoint_path, bool prefix,
                                onc_audit_report_t *rep, onc_err_t *err) ONC_MUST_CHECK;

/* One entry as stored, for listing (strings valid during the callback only). */
typedef struct onc_audit_row {
    int64_t seq;
    const char *at, *actor, *action, *entity, *entity_id, *patient_id, *detail, *hash;
} onc_audit_row_t;
/* Calls fn for each entry in seq order, only those of patient_id when not NULL and those at or
 * after since ("YYYY-MM-DD" or a full UTC timestamp as stored) when not NULL. fn returns 0 to
 * go on, anything else to stop (onc_audit_list then returns ONC_OK). */
typedef int (*onc_audit_row_fn)(const onc_audit_row_t *row, void *ctx);
onc_rc onc_audit_list(onc_db_t *db, const char *patient_id, const char *since, onc_audit_row_fn fn,
                      void *ctx, onc_err_t *err) ONC_MUST_CHECK;

/* Where the key and the checkpoints of db live: $ONCOBOARD_AUDIT_KEY /
 * $ONCOBOARD_AUDIT_CHECKPOINTS, else PATH.audit-key / PATH.audit-checkpoints next to an SQLite
 * file; ONC_EINVAL for PostgreSQL when the variable is unset (there is no default key). */
onc_rc onc_audit_key_path(onc_db_t *db, char *out, size_t n, onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_audit_checkpoint_path(onc_db_t *db, char *out, size_t n, onc_err_t *err) ONC_MUST_CHECK;

#endif
