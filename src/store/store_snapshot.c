/* store_snapshot.c: report snapshots (store_snapshot.h, table report_snapshots of 001_reports.sql).
 *
 * The store keeps a snapshot as text: building and comparing digests belongs to the report layer,
 * which the store sits beside, not below. The one thing it reads inside is the top-level
 * "molecular_group", copied into its own column for the patient list's filter (store_clinic.c).
 * Each put's audit entry carries the SHA-256 of the digest text, so that a stored snapshot
 * edited afterwards no longer agrees with the hash-chained log. */
#include "store_case_int.h"

#include "oncoboard/store_snapshot.h"

#include <jansson.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void onc_snapshot_clear(onc_snapshot_t *s)
{
    if (!s) return;
    free(s->taken_at), free(s->taken_by), free(s->kb_version), free(s->kb_date), free(s->trials_source);
    free(s->digest);
    memset(s, 0, sizeof *s);
}

/* Column col as a new string in *dst (NULL stays NULL). */
static onc_rc copy_column(onc_db_stmt_t *st, int col, char **dst, onc_err_t *err)
{
    const char *s = onc_db_column_text(st, col);
    *dst = NULL;
    if (s && !(*dst = strdup(s))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}

static onc_rc read_row(onc_db_stmt_t *st, onc_snapshot_t *out, onc_err_t *err)
{
    onc_rc rc = copy_column(st, 0, &out->taken_at, err);
    if (rc == ONC_OK) rc = copy_column(st, 1, &out->taken_by, err);
    if (rc == ONC_OK) rc = copy_column(st, 2, &out->kb_version, err);
    if (rc == ONC_OK) rc = copy_column(st, 3, &out->kb_date, err);
    if (rc == ONC_OK) rc = copy_column(st, 4, &out->trials_source, err);
    if (rc == ONC_OK) rc = copy_column(st, 5, &out->digest, err);
    return rc;
}

onc_rc onc_store_snapshot_latest(onc_db_t *db, const char *patient_id, const char *actor, onc_snapshot_t *out,
                                 bool *found, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    *found = false;
    int64_t key = 0;
    onc_rc rc = store_need_transaction(db, "reading a report snapshot", err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient_id, &key, err);
    onc_db_stmt_t *st = NULL;
    if (rc == ONC_OK)
        rc = onc_db_prepare(db,
                            "SELECT taken_at, taken_by, kb_version, kb_date, trials_source, digest FROM report_snapshots "
                            "WHERE patient_id = ? ORDER BY id DESC LIMIT 1",
                            &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, key, err);
    if (rc == ONC_OK) rc = onc_db_step(st, found, err);
    if (rc == ONC_OK && *found) rc = read_row(st, out, err);
    onc_db_finalize(st);
    if (rc == ONC_OK) rc = store_audit(db, actor, "read", "report_snapshot", patient_id, "newest snapshot", err);
    if (rc != ONC_OK) {
        onc_snapshot_clear(out);
        *found = false;
    }
    return rc;
}

/* "kb VERSION, digest sha256 HEX" for the audit entry. */
static void put_detail(const onc_snapshot_t *s, char *buf, size_t n)
{
    struct sha256_ctx h;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&h);
    sha256_update(&h, strlen(s->digest), (const uint8_t *)s->digest);
    sha256_digest(&h, sizeof digest, digest);
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    for (size_t i = 0; i < sizeof digest; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    snprintf(buf, n, "kb %.64s, digest sha256 %s", s->kb_version, hex);
}

/* The digest's top-level "molecular_group" as a new string, or NULL (none, or not JSON: the text
 * is stored all the same). */
static char *group_of(const char *digest)
{
    json_t *d = json_loads(digest, 0, NULL);
    const char *g = json_string_value(json_object_get(d, "molecular_group"));
    char *copy = g ? strdup(g) : NULL;
    json_decref(d);
    return copy;
}

onc_rc onc_store_snapshot_put(onc_db_t *db, const char *patient_id, const char *actor, const onc_snapshot_t *s,
                              onc_err_t *err)
{
    if (!s || !s->kb_version || !*s->kb_version || !s->digest || !*s->digest)
        return onc_err_set(err, ONC_EINVAL, "a report snapshot needs a kb version and a digest");
    int64_t key = 0;
    onc_rc rc = store_need_transaction(db, "storing a report snapshot", err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient_id, &key, err);
    onc_db_stmt_t *st = NULL;
    if (rc == ONC_OK)
        rc = onc_db_prepare(db,
                            "INSERT INTO report_snapshots (patient_id, taken_at, taken_by, kb_version, kb_date, "
                            "trials_source, digest, molecular_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            &st, err);
    char now[32];
    store_now(now);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) {
        sb_i64(&b, key);
        sb_text(&b, s->taken_at ? s->taken_at : now);
        sb_text(&b, actor);
        sb_text(&b, s->kb_version);
        sb_text(&b, s->kb_date);
        sb_text(&b, s->trials_source);
        sb_text(&b, s->digest);
        char *group = group_of(s->digest);
        sb_text(&b, group);
        free(group);
        rc = b.rc;
    }
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    char detail[160];
    if (rc == ONC_OK) put_detail(s, detail, sizeof detail);
    if (rc == ONC_OK) rc = store_audit(db, actor, "create", "report_snapshot", patient_id, detail, err);
    return rc;
}

onc_rc onc_store_snapshot_count(onc_db_t *db, const char *patient_id, int64_t *n, onc_err_t *err)
{
    *n = 0;
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = patient_id ? onc_db_prepare(db,
                                            "SELECT count(*) FROM report_snapshots s JOIN patients p ON p.id = "
                                            "s.patient_id WHERE p.external_id = ?",
                                            &st, err)
                           : onc_db_prepare(db, "SELECT count(*) FROM report_snapshots", &st, err);
    if (rc == ONC_OK && patient_id) rc = onc_db_bind_text(st, 1, patient_id, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && row) *n = onc_db_column_int64(st, 0);
    onc_db_finalize(st);
    return rc;
}
