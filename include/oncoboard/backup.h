/* backup.h: a registry's backup and its restore, with a verification of the copy each way.
 *
 * A backup is always an SQLite registry file at this build's schema version, whatever the
 * registry's back end, taken from one consistent snapshot: of SQLite, its pages through the online
 * backup API inside one read transaction; of PostgreSQL (REPEATABLE READ), the rows of every table
 * in schema order through db.h. Its oncoboard_meta gains a few `backup_*` rows (when, from where,
 * by whom, and the SHA-256 of every other row). So one format restores into either back end, can
 * be opened by any SQLite tool, and is checked with PRAGMA integrity_check. Beside it, FILE.sha256
 * holds the SHA-256 of its bytes (sha256sum's format), so that any flipped byte is caught, even in
 * unused space. The audit key and checkpoints are never in it: they are the anchors the copy's
 * audit log is verified against (docs/registry.md, "Backup and restore").
 */
#ifndef ONCOBOARD_BACKUP_H
#define ONCOBOARD_BACKUP_H

#include "oncoboard/error.h"

#include <stdbool.h>
#include <stdint.h>

#define ONC_BACKUP_MAX_TABLES 64
#define ONC_BACKUP_NAME_MAX 64

/* What was copied and verified, for the command to print. */
typedef struct onc_backup_report {
    int schema_version;
    int n_tables;
    char table[ONC_BACKUP_MAX_TABLES][ONC_BACKUP_NAME_MAX];
    int64_t rows[ONC_BACKUP_MAX_TABLES]; /* per table, equal in the source and the copy */
    int64_t total_rows;
    bool integrity_checked;             /* PRAGMA integrity_check said "ok" (an SQLite side) */
    char sha256[65];                    /* the digest of the backup's rows, stored and rechecked */
    char file_sha256[65];               /* the SHA-256 of the backup file, in FILE.sha256 */
    bool file_hash_checked;             /* FILE.sha256 written (backup) or matched (restore) */
    int64_t audit_entries;              /* the copy's chain, verified against the key */
    int64_t audit_checkpoints;          /* checkpoint lines checked against it */
    int64_t anchored_seq;               /* the highest checkpointed seq seen */
    int64_t audit_head;                 /* restore: the backup's head (seq) before the restore entry */
    char moved_checkpoints[4096];       /* restore: where the registry's old checkpoints were kept */
} onc_backup_report_t;

/* Backs up the registry at url to path (a new file: an existing one is refused). Written to a
 * temporary file beside path, synced, verified (integrity_check, schema version, row counts per
 * table equal to the snapshot's, the row digest, the audit chain against the registry's key and
 * checkpoints), then linked to its name with PATH.sha256 beside it and the folder synced; a
 * failure of fsync, close or link removes both and fails. Afterwards the backup is an audited action of actor in the
 * registry (committed and checkpointed); if that cannot be recorded the backup is removed. */
onc_rc onc_backup_write(const char *url, const char *path, const char *actor, onc_backup_report_t *rep,
                        onc_err_t *err) ONC_MUST_CHECK;

/* Restores the backup at path into the registry at url (an SQLite file is created when absent; an
 * empty database is migrated first). The backup is checked before anything is written (integrity,
 * version, digest, audit chain against the registry's key and, when the registry has
 * checkpoints, that the backup's log agrees with them up to its head). A registry that holds any
 * row is refused (ONC_ECONFLICT) unless force. Then one transaction: every row replaced by the
 * backup's and the restore appended to the audit log, or nothing. The registry's old checkpoint
 * file, which may anchor entries the backup lacks, is kept as CHECKPOINTS.before-restore-TIME
 * and a new one begins with the restored head. Verified after the commit: integrity (SQLite), the
 * counts, the whole audit log against the registry's anchors. PATH.sha256, when present, must
 * match the file's bytes (rep->file_hash_checked). */
onc_rc onc_backup_restore(const char *url, const char *path, bool force, const char *actor,
                          onc_backup_report_t *rep, onc_err_t *err) ONC_MUST_CHECK;

#endif
