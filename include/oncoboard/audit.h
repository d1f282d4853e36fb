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

/* Verifies the whole chain against the key and the checkpoints. Returns ONC_OK when intact;
 * ONC_ECONFLICT with the first broken sequence number and why in err otherwise. *n_entries
 * (may be NULL) receives the number of entries checked. */
onc_rc onc_audit_verify(onc_db_t *db, int64_t *n_entries, onc_err_t *err) ONC_MUST_CHECK;

#endif
