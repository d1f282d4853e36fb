/* store_documents.c: MatchMiner's documents of the patients registered from them (store.h,
 * 001_matchminer.sql).
 *
 * The documents are kept as they were read (compact JSON, with whether their values are CSV
 * cells) so that matching the registry decides exactly as matching the files did. Both calls run
 * in the caller's transaction and write their audit entry there.
 */
#include "store_case_int.h"

#include "oncoboard/store.h"

#include <stdlib.h>
#include <string.h>

static onc_rc put_one(onc_db_stmt_t *st, int64_t pid, const char *kind, size_t ordinal, const onc_json_doc_t *d,
                      onc_err_t *err)
{
    store_binder_t b;
    sb_start(&b, st, err);
    sb_i64(&b, pid);
    sb_text(&b, kind);
    sb_i64(&b, (int64_t)ordinal);
    sb_i64(&b, d->cells_as_text ? 1 : 0);
    sb_text(&b, d->json);
    return b.rc != ONC_OK ? b.rc : store_run(st, err);
}

onc_rc onc_store_put_documents(onc_db_t *db, const char *patient_id, const onc_json_doc_t *clinical,
                               const onc_json_doc_t *genomic, size_t n_genomic, const char *actor, onc_err_t *err)
{
    if (!clinical || !clinical->json) return onc_err_set(err, ONC_EINVAL, "store: no clinical document");
    int64_t pid = 0;
    onc_db_stmt_t *st = NULL;
    onc_rc rc = store_need_transaction(db, "storing documents", err);
    if (rc == ONC_OK) rc = store_patient_key(db, patient_id, &pid, err);
    if (rc == ONC_OK) rc = onc_db_prepare(db, "DELETE FROM matchminer_documents WHERE patient_id = ?", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, pid, err);
    if (rc == ONC_OK) rc = store_run(st, err);
    onc_db_finalize(st);
    st = NULL;
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "INSERT INTO matchminer_documents (patient_id, kind, ordinal, cells_as_text, document) "
                                "VALUES (?, ?, ?, ?, ?)", &st, err);
    if (rc == ONC_OK) rc = put_one(st, pid, "clinical", 0, clinical, err);
    for (size_t i = 0; rc == ONC_OK && i < n_genomic; i++) rc = put_one(st, pid, "genomic", i, &genomic[i], err);
    onc_db_finalize(st);
    char detail[96];
    snprintf(detail, sizeof detail, "MatchMiner documents: 1 clinical, %zu genomic", n_genomic);
    if (rc == ONC_OK) rc = store_audit(db, actor, "update", "patient", patient_id, detail, err);
    return rc;
}

void onc_store_documents_free(onc_store_documents_t *d)
{
    if (!d) return;
    free((char *)d->clinical.json);
    for (size_t i = 0; i < d->n_genomic; i++) free((char *)d->genomic[i].json);
    free(d->genomic);
    free(d);
}

/* Appends the row's document to d (the clinical one, or the next genomic one). */
static onc_rc take_row(onc_db_stmt_t *st, onc_store_documents_t *d, size_t *cap, onc_err_t *err)
{
    const char *kind = onc_db_column_text(st, 0), *json = onc_db_column_text(st, 2);
    onc_json_doc_t doc = {.json = json ? strdup(json) : NULL, .cells_as_text = onc_db_column_int64(st, 1) != 0};
    if (!doc.json) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (kind && strcmp(kind, "clinical") == 0 && !d->clinical.json) {
        d->clinical = doc;
        return ONC_OK;
    }
    if (d->n_genomic == *cap) {
        size_t m = *cap ? *cap * 2 : 16;
        onc_json_doc_t *bigger = realloc(d->genomic, m * sizeof *bigger);
        if (!bigger) return free((char *)doc.json), onc_err_set(err, ONC_ENOMEM, "out of memory");
        d->genomic = bigger, *cap = m;
    }
    d->genomic[d->n_genomic++] = doc;
    return ONC_OK;
}

onc_rc onc_store_get_documents(onc_db_t *db, const char *patient_id, const char *actor, onc_store_documents_t **out,
                               onc_err_t *err)
{
    *out = NULL;
    onc_store_documents_t *d = calloc(1, sizeof *d);
    onc_db_stmt_t *st = NULL;
    size_t cap = 0;
    bool row = true;
    onc_rc rc = d ? store_need_transaction(db, "reading documents", err) : onc_err_set(err, ONC_ENOMEM, "out of memory");
    /* 'clinical' sorts before 'genomic': the clinical document comes first */
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "SELECT m.kind, m.cells_as_text, m.document FROM matchminer_documents m "
                                "JOIN patients p ON p.id = m.patient_id WHERE p.external_id = ? ORDER BY m.kind, m.ordinal",
                            &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, patient_id, err);
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) rc = take_row(st, d, &cap, err);
    onc_db_finalize(st);
    if (rc == ONC_OK && !d->clinical.json)
        rc = onc_err_set(err, ONC_ENOTFOUND, "patient %s: no MatchMiner documents in the registry", patient_id);
    if (rc == ONC_OK) rc = store_audit(db, actor, "read", "patient", patient_id, "MatchMiner documents", err);
    if (rc != ONC_OK) onc_store_documents_free(d);
    else *out = d;
    return rc;
}
