/* store_export.c: a patient read for an export (store_export.h).
 *
 * The case comes from store_case_get.c's reader (not audited there), its outcome included; this
 * file adds the rows of `alterations` with their sample, copies every string into
 * the case's arena so that one free releases it all, and writes the one audit entry of the export.
 */
#include "store_case_int.h"

#include "oncoboard/store_export.h"

#include <stdlib.h>
#include <string.h>

/* Columns 0.. of alts_sql, in onc_alt_t's order. */
static const char *const alts_sql =
    "SELECT s.ordinal, a.gene, a.partner, a.kind, a.alteration, a.hgvsp, a.hgvsc, a.transcript, a.consequence, "
    "a.chrom, a.pos, a.ref, a.alt, a.genome, a.exon, a.vaf, a.depth, a.alt_count, a.copies, a.filter, "
    "a.source_file, a.source_line, a.flags FROM alterations a JOIN samples s ON s.id = a.sample_id "
    "WHERE s.patient_id = ? ORDER BY s.ordinal, a.ordinal";

enum { A_SORD, A_GENE, A_PARTNER, A_KIND, A_ALT, A_HGVSP, A_HGVSC, A_TX, A_CONSEQ, A_CHROM, A_POS, A_REF, A_ALTA,
       A_GENOME, A_EXON, A_VAF, A_DEPTH, A_ALTCOUNT, A_COPIES, A_FILTER, A_SRC, A_LINE, A_FLAGS };

typedef struct export_state {
    onc_store_export_t *x;
    onc_err_t *err;
    onc_rc rc;
} export_state_t;

static const char *arena_str(export_state_t *s, onc_db_stmt_t *st, int col)
{
    const char *v = onc_db_column_text(st, col);
    if (!v || s->rc != ONC_OK) return NULL;
    char *copy = onc_case_strdup(s->x->c, v);
    if (!copy) s->rc = onc_err_set(s->err, ONC_ENOMEM, "out of memory");
    return copy;
}

static int32_t col_i32(onc_db_stmt_t *st, int col)
{
    return onc_db_column_is_null(st, col) ? ONC_INT_MISSING : (int32_t)onc_db_column_int64(st, col);
}

static double col_num(onc_db_stmt_t *st, int col)
{
    return onc_db_column_is_null(st, col) ? ONC_NUM_MISSING : onc_db_column_double(st, col);
}

static onc_alt_kind kind_of(const char *name)
{
    for (int k = ONC_KIND_MUTATION; k <= ONC_KIND_BIOMARKER; k++)
        if (name && strcmp(onc_alt_kind_name((onc_alt_kind)k), name) == 0) return (onc_alt_kind)k;
    return ONC_KIND_MUTATION;
}

/* One row of alts_sql into a, its strings in the arena. */
static void alt_row(export_state_t *s, onc_db_stmt_t *st, onc_store_alt_t *r)
{
    onc_case_t *c = s->x->c;
    onc_alt_t *a = &r->alt;
    onc_alt_init(a);
    int64_t ord = onc_db_column_int64(st, A_SORD);
    r->sample_index = ord >= 0 && (size_t)ord < c->n_samples ? (size_t)ord : 0;
    a->sample = c->n_samples ? c->samples[r->sample_index].id : NULL;
    a->gene = arena_str(s, st, A_GENE);
    a->partner = arena_str(s, st, A_PARTNER);
    a->kind = kind_of(onc_db_column_text(st, A_KIND));
    a->alteration = arena_str(s, st, A_ALT);
    a->hgvsp = arena_str(s, st, A_HGVSP);
    a->hgvsc = arena_str(s, st, A_HGVSC);
    a->transcript = arena_str(s, st, A_TX);
    a->consequence = arena_str(s, st, A_CONSEQ);
    a->chrom = arena_str(s, st, A_CHROM);
    a->pos = onc_db_column_is_null(st, A_POS) ? ONC_POS_MISSING : onc_db_column_int64(st, A_POS);
    a->ref = arena_str(s, st, A_REF);
    a->alt = arena_str(s, st, A_ALTA);
    a->genome = arena_str(s, st, A_GENOME);
    a->exon = col_i32(st, A_EXON);
    a->vaf = col_num(st, A_VAF);
    a->depth = col_i32(st, A_DEPTH);
    a->alt_count = col_i32(st, A_ALTCOUNT);
    a->copies = col_num(st, A_COPIES);
    a->filter = arena_str(s, st, A_FILTER);
    a->source = arena_str(s, st, A_SRC);
    int64_t line = onc_db_column_int64(st, A_LINE);
    a->line = onc_db_column_is_null(st, A_LINE) || line < 0 ? 0 : (uint64_t)line;
    a->flags = (unsigned)onc_db_column_int64(st, A_FLAGS);
}

/* Grows x->alts (arena memory: a doubling copy, the old block stays until the case goes). */
static onc_store_alt_t *next_alt(export_state_t *s, size_t *cap)
{
    onc_store_export_t *x = s->x;
    if (x->n_alts == *cap) {
        size_t m = *cap ? *cap * 2 : 16;
        onc_store_alt_t *bigger = onc_case_alloc(x->c, m * sizeof *bigger);
        if (!bigger) {
            s->rc = onc_err_set(s->err, ONC_ENOMEM, "out of memory");
            return NULL;
        }
        if (x->n_alts) memcpy(bigger, x->alts, x->n_alts * sizeof *bigger);
        x->alts = bigger, *cap = m;
    }
    return &x->alts[x->n_alts++];
}

static void read_alts(export_state_t *s, onc_db_t *db, int64_t pid)
{
    onc_db_stmt_t *st = NULL;
    size_t cap = 0;
    bool row = true;
    s->rc = onc_db_prepare(db, alts_sql, &st, s->err);
    if (s->rc == ONC_OK) s->rc = onc_db_bind_int64(st, 1, pid, s->err);
    while (s->rc == ONC_OK && (s->rc = onc_db_step(st, &row, s->err)) == ONC_OK && row) {
        onc_store_alt_t *r = next_alt(s, &cap);
        if (r) alt_row(s, st, r);
    }
    onc_db_finalize(st);
}

onc_rc onc_store_get_export(onc_db_t *db, const char *patient_id, const char *actor, const char *purpose,
                            onc_store_export_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_case_t *c = NULL;
    int64_t pid = 0;
    onc_rc rc = store_case_read(db, patient_id, &c, &pid, err);
    if (rc != ONC_OK) return rc;
    export_state_t s = {.err = err, .rc = ONC_OK};
    if (!(s.x = onc_case_alloc(c, sizeof *s.x))) {
        onc_case_free(c);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    s.x->c = c;
    read_alts(&s, db, pid);
    if (s.rc == ONC_OK) s.rc = store_audit(db, actor, "export", "patient", patient_id, purpose, err);
    if (s.rc != ONC_OK) {
        onc_case_free(c);
        return s.rc;
    }
    *out = s.x;
    return ONC_OK;
}

void onc_store_export_free(onc_store_export_t *x)
{
    if (x) onc_case_free(x->c); /* x itself is in the case's arena */
}
