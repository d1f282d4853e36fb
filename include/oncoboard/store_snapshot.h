/* store_snapshot.h: report snapshots in the registry (table report_snapshots, 001_reports.sql).
 *
 * A snapshot is what a patient's report said when it was last looked at: the knowledge base it
 * was built with, when, and a canonical digest of what the tumor board decides on (report
 * digest, src/report/report_digest.c) as JSON text. `oncoboard db reannotate` rebuilds each
 * report with the current knowledge base, compares it with the newest snapshot and adds a new
 * one. Rows are only added; the newest is the last added. Every call runs inside the caller's
 * transaction and writes its audit entry there (audit.h). docs/registry.md "Re-annotation".
 */
#ifndef ONCOBOARD_STORE_SNAPSHOT_H
#define ONCOBOARD_STORE_SNAPSHOT_H

#include "oncoboard/db.h"
#include "oncoboard/error.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct onc_snapshot {
    char *taken_at;      /* "2026-11-29T05:00:00Z" (UTC); set by put when NULL */
    char *taken_by;      /* the actor ("os:alice"); set by put */
    char *kb_version;    /* required */
    char *kb_date;       /* may be NULL */
    char *trials_source; /* what the trial statuses came from (a path, "registry"); NULL: none */
    char *digest;        /* canonical JSON text, required */
} onc_snapshot_t;

/* Frees the strings of s (not s) and zeroes it; accepts NULL. */
void onc_snapshot_clear(onc_snapshot_t *s);

/* The newest snapshot of patient_id (the external id) into *out (clear it with
 * onc_snapshot_clear), *found false when the patient has none. ONC_ENOTFOUND when there is no
 * such patient. Audited as a read of the patient. */
onc_rc onc_store_snapshot_latest(onc_db_t *db, const char *patient_id, const char *actor, onc_snapshot_t *out,
                                 bool *found, onc_err_t *err) ONC_MUST_CHECK;

/* Adds snapshot s of patient_id (taken_at now when NULL; taken_by is actor). ONC_ENOTFOUND when
 * there is no such patient, ONC_EINVAL without kb_version or digest. Audited as a create of a
 * report_snapshot of the patient, the detail naming the kb version and the digest's SHA-256, so
 * that the audit chain vouches for the stored text. */
onc_rc onc_store_snapshot_put(onc_db_t *db, const char *patient_id, const char *actor, const onc_snapshot_t *s,
                              onc_err_t *err) ONC_MUST_CHECK;

/* The number of snapshots of patient_id, or of every patient when NULL (not audited: no
 * patient data). */
onc_rc onc_store_snapshot_count(onc_db_t *db, const char *patient_id, int64_t *n, onc_err_t *err) ONC_MUST_CHECK;

#endif
