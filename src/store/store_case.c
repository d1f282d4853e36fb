/* store_case.c: a case into the registry (store.h).
 *
 * The writer prepares its statements once and binds each row; a case is written as the patient
 * row, then each part of the case file in its own table (ordinals keep the file's order), then
 * its samples with their assay, typed entries, lab-file references and the normalised alterations
 * the case reader gives (typed entries and lab files alike), then the case file's text. Replacing
 * a registered patient updates their row in place (same internal id, so decisions and match
 * history stay attached) after deleting what the case file holds. One audit entry per case.
 */
#include "store_case_int.h"

#include "oncoboard/arena.h"
#include "oncoboard/store.h"
#include "oncoboard/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    W_FIND, W_INSERT, W_UPDATE,
    W_DEL_SOURCE, W_DEL_WARN, W_DEL_DIAG, W_DEL_BIO, W_DEL_IHC, W_DEL_LAB, W_DEL_PROG, W_DEL_THER, W_DEL_ENROL,
    W_DEL_DOCS, W_DEL_SAMPLE,
    W_SOURCE, W_WARN, W_DIAG, W_BIO, W_IHC, W_LAB, W_THERAPY, W_AGENT, W_PROG, W_ENROL,
    W_SAMPLE, W_COVER, W_FILE,
    W_NEXT_ORDINALS, W_SAMPLE_KEY, W_STALE, W_TOUCH,
    W_N
};

#define DEL(t) "DELETE FROM " t " WHERE patient_id = ?"
static const char *const write_sql[W_N] = {
    [W_FIND] = "SELECT id FROM patients WHERE external_id = ?",
    [W_INSERT] = "INSERT INTO patients (external_id, case_format, sex, birth_date, age, smoking, ecog, consent_research, "
                 "vital_status, death_date, last_follow_up, from_samples, created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    [W_UPDATE] = "UPDATE patients SET external_id = ?, case_format = ?, sex = ?, birth_date = ?, age = ?, smoking = ?, "
                 "ecog = ?, consent_research = ?, vital_status = ?, death_date = ?, last_follow_up = ?, from_samples = ?, "
                 "updated_at = ? WHERE id = ?",
    [W_DEL_SOURCE] = DEL("case_sources"),
    [W_DEL_WARN] = DEL("case_warnings"),
    [W_DEL_DIAG] = DEL("diagnoses"),
    [W_DEL_BIO] = DEL("biomarkers"),
    [W_DEL_IHC] = DEL("ihc_results"),
    [W_DEL_LAB] = DEL("labs"),
    [W_DEL_PROG] = DEL("progression_events"),
    [W_DEL_THER] = DEL("therapy_lines"),
    [W_DEL_ENROL] = DEL("enrolments"),
    [W_DEL_DOCS] = DEL("matchminer_documents"),
    [W_DEL_SAMPLE] = DEL("samples"),
    [W_SOURCE] = "INSERT INTO case_sources (patient_id, name, text, current, imported_at) VALUES (?, ?, ?, 1, ?)",
    [W_WARN] = "INSERT INTO case_warnings (patient_id, ordinal, origin, message) VALUES (?, ?, ?, ?)",
    [W_DIAG] = "INSERT INTO diagnoses (patient_id, ordinal, oncotree_code, stage, diagnosis_date, brain_metastases, "
               "measurable_disease) VALUES (?, 0, ?, ?, ?, ?, ?)",
    [W_BIO] = "INSERT INTO biomarkers (patient_id, pdl1_tps, pdl1_cps, pdl1_clone, tmb, msi) VALUES (?, ?, ?, ?, ?, ?)",
    [W_IHC] = "INSERT INTO ihc_results (patient_id, ordinal, marker, result, clone, score, percent, intensity) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [W_LAB] = "INSERT INTO labs (patient_id, ordinal, name, value, unit, uln, lab_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [W_THERAPY] = "INSERT INTO therapy_lines (patient_id, ordinal, line_no, start_date, end_date, best_response) "
                  "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    [W_AGENT] = "INSERT INTO therapy_agents (therapy_id, ordinal, agent) VALUES (?, ?, ?)",
    [W_PROG] = "INSERT INTO progression_events (patient_id, therapy_id, progressed, event_date) VALUES (?, ?, ?, ?)",
    [W_ENROL] = "INSERT INTO enrolments (patient_id, ordinal, trial, arm, status, enrol_date, reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
    [W_SAMPLE] = "INSERT INTO samples (patient_id, ordinal, sample_key, path, collected, sample_type, has_molecular, "
                 "genome, specimen, assay_name, assay_method, size_mb) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 "RETURNING id",
    [W_COVER] = "INSERT INTO assay_coverage (sample_id, ordinal, gene, mutation, cna, fusion) VALUES (?, ?, ?, ?, ?, ?)",
    [W_FILE] = "INSERT INTO sample_files (sample_id, ordinal, path, file_type, line) VALUES (?, ?, ?, ?, ?)",
    /* adding samples to a registered patient (opts->add_samples) */
    [W_NEXT_ORDINALS] = "SELECT (SELECT COALESCE(MAX(ordinal) + 1, 0) FROM samples WHERE patient_id = ?), "
                        "(SELECT COALESCE(MAX(ordinal) + 1, 0) FROM case_warnings WHERE patient_id = ?)",
    [W_SAMPLE_KEY] = "SELECT 1 FROM samples WHERE patient_id = ? AND sample_key = ?",
    [W_STALE] = "UPDATE case_sources SET current = 0 WHERE patient_id = ?",
    [W_TOUCH] = "UPDATE patients SET updated_at = ? WHERE id = ?",
};

#undef DEL

/* Multi-row INSERTs for the tables that get many rows per sample (assay genes, typed entries,
 * alterations): a sample's rows go in statements of 32, 16, 8 ... 1 rows, each size prepared on
 * first use, instead of one statement per row. One round trip to PostgreSQL instead of ten for
 * a sample's alterations, and fewer statement runs for SQLite; plain `VALUES (...), (...)`, the
 * same SQL on both. */
#define BATCH_SIZES 6 /* statements of 1, 2, 4, 8, 16, 32 rows */
enum { B_GENE, B_ENTRY, B_ALT, B_N };
static const struct batch_sql {
    const char *head; /* up to VALUES */
    int cols;
} batch_sql[B_N] = {
    [B_GENE] = {"INSERT INTO assay_genes (sample_id, ordinal, gene) VALUES ", 3},
    [B_ENTRY] = {"INSERT INTO sample_entries (sample_id, section, ordinal, gene, protein_change, coding_change, "
                 "alteration, hgvsp, hgvsc, consequence, aa_pos, chrom, pos, ref, alt, vaf, depth, partner, cna_call, "
                 "copies, line) VALUES ",
                 21},
    [B_ALT] = {"INSERT INTO alterations (sample_id, ordinal, origin, entry_section, entry_ordinal, gene, kind, "
               "alteration, hgvsp, hgvsc, transcript, consequence, chrom, pos, ref, alt, genome, exon, vaf, depth, "
               "alt_count, copies, partner, filter, flags, source_file, source_line) VALUES ",
               27},
};

struct onc_store_writer {
    onc_db_t *db;
    onc_db_stmt_t *st[W_N];
    onc_db_stmt_t *batch[B_N][BATCH_SIZES]; /* [table][k]: 2^k rows; NULL until first used */
    onc_audit_appender_t *audit;             /* one entry per case */
};

/* What one put is writing. */
typedef struct put_state {
    onc_store_writer_t *w;
    const onc_case_t *c;
    int64_t pid;
    int64_t *sample_ids; /* per sample of c */
    size_t first_sample; /* the ordinal of c's first sample (after the patient's others when adding) */
    size_t n_warnings;   /* the next case_warnings ordinal */
    size_t n_alts, n_file_alts;
    onc_err_t *err;
} put_state_t;

void onc_store_put_opts_init(onc_store_put_opts_t *o)
{
    memset(o, 0, sizeof *o);
}

/* SQLite's page cache, for a connection that writes many cases (docs/registry.md): the default
 * 2 MB holds a few thousand pages, while an import touches the B-trees of every table and index
 * of the clinical part; pages that do not fit are written to the WAL and read back before the
 * transaction ends. A cap, not an allocation: memory is taken as pages are used, and given back
 * when the connection closes. */
#define WRITER_CACHE_KIB 262144

static onc_rc bulk_settings(onc_db_t *db, onc_err_t *err)
{
    if (onc_db_kind_of(db) != ONC_DB_SQLITE) return ONC_OK;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", WRITER_CACHE_KIB);
    return onc_db_exec(db, sql, err);
}

onc_rc onc_store_writer_open(onc_db_t *db, onc_store_writer_t **out, onc_err_t *err)
{
    *out = NULL;
    if (!db) return onc_err_set(err, ONC_EINVAL, "store: no database");
    onc_store_writer_t *w = calloc(1, sizeof *w);
    if (!w) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    w->db = db;
    onc_rc rc = bulk_settings(db, err);
    if (rc == ONC_OK) rc = store_prepare_all(db, write_sql, w->st, W_N, err);
    if (rc == ONC_OK && (rc = onc_audit_appender_open(db, &w->audit, err)) != ONC_OK) store_finalize_all(w->st, W_N);
    if (rc != ONC_OK) {
        free(w);
        return rc;
    }
    *out = w;
    return ONC_OK;
}

void onc_store_writer_close(onc_store_writer_t *w)
{
    if (!w) return;
    store_finalize_all(w->st, W_N);
    for (int t = 0; t < B_N; t++) store_finalize_all(w->batch[t], BATCH_SIZES);
    onc_audit_appender_close(w->audit);
    free(w);
}

static onc_db_stmt_t *bind(put_state_t *s, int which, store_binder_t *b)
{
    sb_start(b, s->w->st[which], s->err);
    return s->w->st[which];
}

static onc_rc run_bound(store_binder_t *b)
{
    return b->rc != ONC_OK ? b->rc : store_run(b->st, b->err);
}

static onc_rc run_bound_id(store_binder_t *b, int64_t *id)
{
    return b->rc != ONC_OK ? b->rc : store_run_id(b->st, id, b->err);
}

/* The statement inserting 2^k rows into batch table t, prepared when first asked for. */
static onc_rc batch_stmt(onc_store_writer_t *w, int t, int k, onc_err_t *err)
{
    if (w->batch[t][k]) return ONC_OK;
    onc_strbuf_t sql = ONC_STRBUF_INIT;
    onc_rc rc = onc_strbuf_puts(&sql, batch_sql[t].head);
    for (int row = 0; rc == ONC_OK && row < 1 << k; row++) {
        rc = onc_strbuf_puts(&sql, row ? ", (?" : "(?");
        for (int c = 1; rc == ONC_OK && c < batch_sql[t].cols; c++) rc = onc_strbuf_puts(&sql, ", ?");
        if (rc == ONC_OK) rc = onc_strbuf_putc(&sql, ')');
    }
    if (rc != ONC_OK) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    else rc = onc_db_prepare(w->db, onc_strbuf_str(&sql), &w->batch[t][k], err);
    onc_strbuf_free(&sql);
    return rc;
}

/* Rows of one batch table: batch_row before binding each row's values (in column order) into
 * r->b, batch_row_done after; a statement runs when its rows are bound. */
typedef struct batch_run {
    put_state_t *s;
    int table;
    size_t left;       /* rows still to come */
    size_t in_stmt;    /* rows the current statement still takes */
    store_binder_t b;
} batch_run_t;

static void batch_start(batch_run_t *r, put_state_t *s, int table, size_t rows)
{
    *r = (batch_run_t){.s = s, .table = table, .left = rows};
}

static onc_rc batch_row(batch_run_t *r)
{
    if (r->in_stmt) return ONC_OK;
    int k = BATCH_SIZES - 1;
    while (k > 0 && ((size_t)1 << k) > r->left) k--;
    onc_rc rc = batch_stmt(r->s->w, r->table, k, r->s->err);
    if (rc != ONC_OK) return rc;
    r->in_stmt = (size_t)1 << k;
    sb_start(&r->b, r->s->w->batch[r->table][k], r->s->err);
    return ONC_OK;
}

static onc_rc batch_row_done(batch_run_t *r)
{
    r->left--;
    return --r->in_stmt ? r->b.rc : run_bound(&r->b);
}

static void sb_pos(store_binder_t *b, int64_t pos)
{
    if (pos == ONC_POS_MISSING) sb_text(b, NULL);
    else sb_i64(b, pos);
}

static void sb_line(store_binder_t *b, uint64_t line)
{
    if (line == 0 || line > INT64_MAX) sb_text(b, NULL);
    else sb_i64(b, (int64_t)line);
}

/* The patient's row: a new one, or the existing one updated (replace). */
static onc_rc put_patient(put_state_t *s, int64_t existing, const char *now)
{
    const onc_case_t *c = s->c;
    store_binder_t b;
    bind(s, existing ? W_UPDATE : W_INSERT, &b);
    sb_text(&b, c->id);
    sb_i64(&b, c->case_format > 0 ? c->case_format : ONC_CASE_FORMAT);
    sb_enum(&b, onc_sex_names, c->sex);
    sb_date(&b, c->birth_date);
    sb_int(&b, c->age);
    sb_enum(&b, onc_smoking_names, c->smoking);
    sb_int(&b, c->ecog);
    sb_tri(&b, c->consent_research);
    sb_enum(&b, onc_vital_names, c->outcome.vital_status);
    sb_date(&b, c->outcome.death_date);
    sb_date(&b, c->outcome.last_follow_up);
    sb_i64(&b, c->from_samples ? 1 : 0);
    if (!existing) sb_text(&b, now);
    sb_text(&b, now);
    if (!existing) return run_bound_id(&b, &s->pid);
    sb_i64(&b, existing);
    s->pid = existing;
    return run_bound(&b);
}

/* Deletes what a case file holds for the patient (before a replace). */
static onc_rc clear_patient(put_state_t *s)
{
    onc_rc rc = ONC_OK;
    for (int which = W_DEL_SOURCE; rc == ONC_OK && which <= W_DEL_SAMPLE; which++) {
        store_binder_t b;
        bind(s, which, &b);
        sb_i64(&b, s->pid);
        rc = run_bound(&b);
    }
    return rc;
}

static onc_rc put_warning(put_state_t *s, const char *origin, const char *msg)
{
    store_binder_t b;
    bind(s, W_WARN, &b);
    sb_i64(&b, s->pid);
    sb_i64(&b, (int64_t)s->n_warnings++);
    sb_text(&b, origin);
    sb_text(&b, msg);
    return run_bound(&b);
}

static onc_rc put_source_and_warnings(put_state_t *s, const char *now)
{
    const onc_case_t *c = s->c;
    store_binder_t b;
    onc_rc rc = ONC_OK;
    if (c->text) {
        bind(s, W_SOURCE, &b);
        sb_i64(&b, s->pid);
        sb_text(&b, c->name ? c->name : c->id);
        sb_text(&b, c->text);
        sb_text(&b, now);
        rc = run_bound(&b);
    }
    for (size_t i = 0; rc == ONC_OK && i < c->n_warnings; i++) rc = put_warning(s, "case", c->warnings[i]);
    return rc;
}

static int diagnosis_given(const onc_diagnosis_t *d)
{
    return d->oncotree_code || d->stage || !onc_date_is_missing(d->date) || d->brain_metastases ||
           d->measurable_disease;
}

static onc_rc put_diagnosis_biomarkers(put_state_t *s)
{
    const onc_case_t *c = s->c;
    const onc_diagnosis_t *d = &c->diagnosis;
    const onc_biomarkers_t *m = &c->biomarkers;
    store_binder_t b;
    onc_rc rc = ONC_OK;
    if (diagnosis_given(d)) {
        bind(s, W_DIAG, &b);
        sb_i64(&b, s->pid);
        sb_text(&b, d->oncotree_code);
        sb_text(&b, d->stage);
        sb_date(&b, d->date);
        sb_enum(&b, onc_brain_mets_names, d->brain_metastases);
        sb_tri(&b, d->measurable_disease);
        rc = run_bound(&b);
    }
    if (rc != ONC_OK) return rc;
    bind(s, W_BIO, &b);
    sb_i64(&b, s->pid);
    sb_dbl(&b, m->pdl1_tps);
    sb_dbl(&b, m->pdl1_cps);
    sb_enum(&b, onc_pdl1_clone_names, m->pdl1_clone);
    sb_dbl(&b, m->tmb);
    sb_enum(&b, onc_msi_names, m->msi);
    rc = run_bound(&b);
    for (size_t i = 0; rc == ONC_OK && i < m->n_ihc; i++) {
        const onc_ihc_t *h = &m->ihc[i];
        bind(s, W_IHC, &b);
        sb_i64(&b, s->pid);
        sb_i64(&b, (int64_t)i);
        sb_text(&b, h->marker);
        sb_enum(&b, onc_ihc_result_names, h->result);
        sb_text(&b, h->clone);
        sb_text(&b, h->score);
        sb_dbl(&b, h->percent);
        sb_text(&b, h->intensity);
        rc = run_bound(&b);
    }
    return rc;
}

static onc_rc put_labs(put_state_t *s)
{
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < s->c->n_labs; i++) {
        const onc_lab_t *l = &s->c->labs[i];
        store_binder_t b;
        bind(s, W_LAB, &b);
        sb_i64(&b, s->pid);
        sb_i64(&b, (int64_t)i);
        sb_text(&b, l->name);
        sb_dbl(&b, l->value);
        sb_text(&b, l->unit);
        sb_dbl(&b, l->uln);
        sb_date(&b, l->date);
        rc = run_bound(&b);
    }
    return rc;
}

static onc_rc put_therapy(put_state_t *s, size_t i)
{
    const onc_therapy_t *t = &s->c->therapies[i];
    store_binder_t b;
    int64_t tid = 0;
    bind(s, W_THERAPY, &b);
    sb_i64(&b, s->pid);
    sb_i64(&b, (int64_t)i);
    sb_int(&b, t->line);
    sb_date(&b, t->start);
    sb_date(&b, t->end);
    sb_enum(&b, onc_recist_names, t->best_response);
    onc_rc rc = run_bound_id(&b, &tid);
    for (size_t k = 0; rc == ONC_OK && k < t->n_agents; k++) {
        bind(s, W_AGENT, &b);
        sb_i64(&b, tid);
        sb_i64(&b, (int64_t)k);
        sb_text(&b, t->agents[k]);
        rc = run_bound(&b);
    }
    if (rc != ONC_OK || t->progression == ONC_TRI_UNKNOWN) return rc;
    bind(s, W_PROG, &b);
    sb_i64(&b, s->pid);
    sb_i64(&b, tid);
    sb_tri(&b, t->progression);
    sb_date(&b, t->progression_date);
    return run_bound(&b);
}

static onc_rc put_therapies_enrolments(put_state_t *s)
{
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < s->c->n_therapies; i++) rc = put_therapy(s, i);
    for (size_t i = 0; rc == ONC_OK && i < s->c->n_enrolments; i++) {
        const onc_enrolment_t *e = &s->c->enrolments[i];
        store_binder_t b;
        bind(s, W_ENROL, &b);
        sb_i64(&b, s->pid);
        sb_i64(&b, (int64_t)i);
        sb_text(&b, e->trial);
        sb_text(&b, e->arm);
        sb_enum(&b, onc_enrol_status_names, e->status);
        sb_date(&b, e->date);
        sb_text(&b, e->reason);
        rc = run_bound(&b);
    }
    return rc;
}

static onc_rc put_assay(put_state_t *s, int64_t sid, const onc_assay_t *a)
{
    onc_rc rc = ONC_OK;
    store_binder_t b;
    batch_run_t g;
    batch_start(&g, s, B_GENE, a->n_genes);
    for (size_t i = 0; rc == ONC_OK && i < a->n_genes; i++) {
        if ((rc = batch_row(&g)) != ONC_OK) break;
        sb_i64(&g.b, sid);
        sb_i64(&g.b, (int64_t)i);
        sb_text(&g.b, a->genes[i]);
        rc = batch_row_done(&g);
    }
    for (size_t i = 0; rc == ONC_OK && i < a->n_coverage; i++) {
        const onc_coverage_t *cv = &a->coverage[i];
        bind(s, W_COVER, &b);
        sb_i64(&b, sid);
        sb_i64(&b, (int64_t)i);
        sb_text(&b, cv->gene);
        sb_i64(&b, (cv->types & ONC_COVER_MUTATION) != 0);
        sb_i64(&b, (cv->types & ONC_COVER_CNA) != 0);
        sb_i64(&b, (cv->types & ONC_COVER_FUSION) != 0);
        rc = run_bound(&b);
    }
    return rc;
}

/* One typed entry; the columns a section does not use are NULL. */
typedef struct entry_row {
    const char *section;
    size_t ordinal;
    const onc_case_variant_t *v;
    const char *gene, *partner, *cna_call;
    double copies;
    uint64_t line;
} entry_row_t;

static onc_rc put_entry(batch_run_t *r, int64_t sid, const entry_row_t *e)
{
    onc_case_variant_t none;
    onc_case_variant_init(&none);
    const onc_case_variant_t *v = e->v ? e->v : &none;
    onc_rc rc = batch_row(r);
    if (rc != ONC_OK) return rc;
    store_binder_t *b = &r->b;
    sb_i64(b, sid);
    sb_text(b, e->section);
    sb_i64(b, (int64_t)e->ordinal);
    sb_text(b, e->v ? v->gene : e->gene);
    sb_text(b, v->protein_change);
    sb_text(b, v->coding_change);
    sb_text(b, v->alteration);
    sb_text(b, v->hgvsp);
    sb_text(b, v->hgvsc);
    sb_text(b, v->consequence);
    sb_int(b, v->aa_pos);
    sb_text(b, v->chrom);
    sb_pos(b, v->pos);
    sb_text(b, v->ref);
    sb_text(b, v->alt);
    sb_dbl(b, v->vaf);
    sb_int(b, v->depth);
    sb_text(b, e->partner);
    sb_text(b, e->cna_call);
    sb_dbl(b, e->copies);
    sb_line(b, e->v ? v->line : e->line);
    return batch_row_done(r);
}

static onc_rc put_entries(put_state_t *s, int64_t sid, const onc_molecular_t *m)
{
    onc_rc rc = ONC_OK;
    batch_run_t r;
    batch_start(&r, s, B_ENTRY, m->n_variants + m->n_fusions + m->n_copy_number);
    for (size_t i = 0; rc == ONC_OK && i < m->n_variants; i++) {
        entry_row_t e = {.section = "variant", .ordinal = i, .v = &m->variants[i], .copies = ONC_NUM_MISSING};
        rc = put_entry(&r, sid, &e);
    }
    for (size_t i = 0; rc == ONC_OK && i < m->n_fusions; i++) {
        const onc_case_fusion_t *f = &m->fusions[i];
        entry_row_t e = {.section = "fusion", .ordinal = i, .gene = f->gene_a, .partner = f->gene_b,
                         .copies = ONC_NUM_MISSING, .line = f->line};
        rc = put_entry(&r, sid, &e);
    }
    for (size_t i = 0; rc == ONC_OK && i < m->n_copy_number; i++) {
        const onc_case_cna_t *cn = &m->copy_number[i];
        entry_row_t e = {.section = "cna", .ordinal = i, .gene = cn->gene, .cna_call = onc_alt_kind_name(cn->call),
                         .copies = cn->copies, .line = cn->line};
        rc = put_entry(&r, sid, &e);
    }
    for (size_t i = 0; rc == ONC_OK && i < m->n_files; i++) {
        const onc_case_file_t *f = &m->files[i];
        store_binder_t b;
        bind(s, W_FILE, &b);
        sb_i64(&b, sid);
        sb_i64(&b, (int64_t)i);
        sb_text(&b, f->path);
        sb_text(&b, f->type == ONC_FMT_AUTO ? NULL : onc_format_name(f->type));
        sb_line(&b, f->line);
        rc = run_bound(&b);
    }
    return rc;
}

static onc_rc put_sample(put_state_t *s, size_t i)
{
    const onc_sample_t *sm = &s->c->samples[i];
    const onc_molecular_t *m = &sm->molecular;
    store_binder_t b;
    bind(s, W_SAMPLE, &b);
    sb_i64(&b, s->pid);
    sb_i64(&b, (int64_t)(s->first_sample + i));
    sb_text(&b, sm->id ? sm->id : s->c->id);
    sb_text(&b, sm->path);
    sb_date(&b, sm->collected);
    sb_enum(&b, onc_specimen_names, sm->type);
    sb_i64(&b, sm->has_molecular ? 1 : 0);
    sb_text(&b, m->genome);
    sb_enum(&b, onc_specimen_names, m->specimen);
    sb_text(&b, m->assay.name);
    sb_enum(&b, onc_assay_method_names, m->assay.method);
    sb_dbl(&b, m->assay.size_mb);
    onc_rc rc = run_bound_id(&b, &s->sample_ids[i]);
    if (rc == ONC_OK) rc = put_assay(s, s->sample_ids[i], &m->assay);
    if (rc == ONC_OK) rc = put_entries(s, s->sample_ids[i], m);
    return rc;
}

/* Which sample of c an alteration belongs to (the reader names it by the sample's id). */
static size_t sample_of(const onc_case_t *c, const onc_alt_t *a)
{
    for (size_t i = 0; i < c->n_samples; i++) {
        const char *id = c->samples[i].id ? c->samples[i].id : c->id;
        if (a->sample && strcmp(a->sample, id) == 0) return i;
    }
    return c->n_samples;
}

/* The typed entry the k-th typed alteration of a sample came from (the reader gives them in
 * order: variants, fusions, copy-number calls). */
static const char *entry_section(const onc_molecular_t *m, size_t k, size_t *ordinal)
{
    if (k < m->n_variants) return *ordinal = k, "variant";
    k -= m->n_variants;
    if (k < m->n_fusions) return *ordinal = k, "fusion";
    k -= m->n_fusions;
    if (k < m->n_copy_number) return *ordinal = k, "cna";
    return NULL;
}

/* The case reader names the case itself as the source of the typed entries' alterations. */
static int from_case_entry(const onc_case_t *c, const onc_alt_t *a)
{
    return a->source && c->name && strcmp(a->source, c->name) == 0;
}

static onc_rc put_alt(batch_run_t *r, const onc_alt_t *a, size_t si, size_t ordinal, size_t typed_k)
{
    put_state_t *s = r->s;
    const onc_case_t *c = s->c;
    int from_case = from_case_entry(c, a);
    size_t entry = 0;
    const char *section = from_case ? entry_section(&c->samples[si].molecular, typed_k, &entry) : NULL;
    onc_rc rc = batch_row(r);
    if (rc != ONC_OK) return rc;
    store_binder_t *b = &r->b;
    sb_i64(b, s->sample_ids[si]);
    sb_i64(b, (int64_t)ordinal);
    sb_text(b, from_case ? "case" : "file");
    sb_text(b, section);
    if (section) sb_i64(b, (int64_t)entry);
    else sb_text(b, NULL);
    sb_text(b, a->gene);
    sb_text(b, onc_alt_kind_name(a->kind));
    sb_text(b, a->alteration);
    sb_text(b, a->hgvsp);
    sb_text(b, a->hgvsc);
    sb_text(b, a->transcript);
    sb_text(b, a->consequence);
    sb_text(b, a->chrom);
    sb_pos(b, a->pos);
    sb_text(b, a->ref);
    sb_text(b, a->alt);
    sb_text(b, a->genome);
    sb_int(b, a->exon);
    sb_dbl(b, a->vaf);
    sb_int(b, a->depth);
    sb_int(b, a->alt_count);
    sb_dbl(b, a->copies);
    sb_text(b, a->partner);
    sb_text(b, a->filter);
    sb_i64(b, a->flags);
    sb_text(b, from_case ? NULL : a->source);
    sb_line(b, a->line);
    if (!from_case) s->n_file_alts++;
    return batch_row_done(r);
}

/* ---- the case's alterations, read once ---- */

struct onc_store_alts {
    const onc_case_t *c;  /* the case read */
    onc_case_t *store;    /* whose arena holds everything here: c itself, or a scratch case */
    onc_alt_t *v;         /* in the reader's order */
    size_t *sample;       /* per alteration: its sample's index in c */
    size_t n, cap;
    const char **warnings; /* the lab-file readers' warnings, for the case's warnings */
    size_t n_warnings;
};

/* s in the case's arena; the case's own name (the source of every typed entry) is shared. */
static bool keep_str(onc_store_alts_t *k, const char **s)
{
    if (!*s) return true;
    if (k->c->name && (*s == k->c->name || strcmp(*s, k->c->name) == 0)) {
        *s = k->c->name;
        return true;
    }
    return (*s = onc_case_strdup(k->store, *s)) != NULL;
}

/* Room for one more alteration (arrays doubled in the arena, which frees nothing before the case). */
static bool make_room(onc_store_alts_t *k)
{
    if (k->n < k->cap) return true;
    size_t cap = k->cap ? k->cap * 2 : 16;
    onc_alt_t *v = onc_case_alloc(k->store, cap * sizeof *v);
    size_t *sample = onc_case_alloc(k->store, cap * sizeof *sample);
    if (!v || !sample) return false;
    if (k->n) memcpy(v, k->v, k->n * sizeof *v), memcpy(sample, k->sample, k->n * sizeof *sample);
    k->v = v, k->sample = sample, k->cap = cap;
    return true;
}

static onc_rc keep_alt(onc_store_alts_t *k, const onc_alt_t *a, size_t si, onc_err_t *err)
{
    if (!make_room(k)) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_alt_t *d = &k->v[k->n];
    *d = *a;
    d->sample = NULL; /* k->sample says which */
    const char **strs[] = {&d->gene, &d->partner, &d->alteration, &d->hgvsp, &d->hgvsc, &d->transcript,
                           &d->consequence, &d->chrom, &d->ref, &d->alt, &d->genome, &d->filter, &d->source};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        if (!keep_str(k, strs[i])) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    k->sample[k->n++] = si;
    return ONC_OK;
}

/* Is msg a warning of one of the case's lab files ("panel.maf: ...", as the case reader
 * forwards them)? */
static int from_lab_file(const onc_case_t *c, const char *msg)
{
    for (size_t i = 0; i < c->n_samples; i++) {
        const onc_molecular_t *m = &c->samples[i].molecular;
        for (size_t k = 0; k < m->n_files; k++) {
            size_t n = strlen(m->files[k].path);
            if (strncmp(msg, m->files[k].path, n) == 0 && msg[n] == ':') return 1;
        }
    }
    return 0;
}

/* The lab-file readers' warnings, kept with the case's (a rebuilt case has no files to read). */
static onc_rc keep_warnings(onc_store_alts_t *k, const onc_reader_t *r, onc_err_t *err)
{
    size_t n = onc_reader_n_warnings(r);
    if (n && !(k->warnings = onc_case_alloc(k->store, n * sizeof *k->warnings)))
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *msg = onc_reader_warning(r, i);
        if (!from_lab_file(k->c, msg)) continue;
        if (!(k->warnings[k->n_warnings++] = onc_case_strdup(k->store, msg)))
            return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    return ONC_OK;
}

/* Reads every alteration of c with the case reader into *k. */
static onc_rc read_alts(const onc_case_t *c, const onc_read_opts_t *read, onc_store_alts_t *k, onc_err_t *err)
{
    onc_read_opts_t ro;
    if (read) ro = *read;
    else onc_read_opts_init(&ro);
    onc_reader_t *r = onc_case_reader_open(c, &ro, err);
    onc_rc rc = r ? ONC_OK : (err && err->code ? err->code : ONC_EIO);
    onc_alt_t a;
    int ret = 0;
    while (rc == ONC_OK && (ret = onc_reader_next(r, &a)) == 0) {
        size_t si = sample_of(c, &a);
        if (si == c->n_samples)
            rc = onc_err_set(err, ONC_EINTERNAL, "%s: an alteration of unknown sample '%s'", c->name ? c->name : c->id,
                             a.sample ? a.sample : "");
        else rc = keep_alt(k, &a, si, err);
    }
    if (rc == ONC_OK && ret < -1) rc = onc_err_set(err, ONC_EPARSE, "%s", onc_reader_errmsg(r));
    if (rc == ONC_OK) rc = keep_warnings(k, r, err);
    onc_reader_close(r);
    return rc;
}

/* Reads c's alterations into store's arena and counts what c writes. */
static onc_rc read_into(const onc_case_t *c, onc_case_t *store, const onc_read_opts_t *read,
                        onc_store_counts_t *counts, const onc_store_alts_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_store_alts_t *k = onc_case_alloc(store, sizeof *k);
    if (!k) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    k->c = c;
    k->store = store;
    onc_rc rc = read_alts(c, read, k, err);
    if (rc != ONC_OK) return rc;
    counts->patients++;
    counts->samples += c->n_samples;
    counts->therapies += c->n_therapies;
    counts->labs += c->n_labs;
    counts->enrolments += c->n_enrolments;
    counts->alterations += k->n;
    for (size_t i = 0; i < k->n; i++) counts->file_alterations += !from_case_entry(c, &k->v[i]);
    *out = k;
    return ONC_OK;
}

onc_rc onc_store_case_read(onc_case_t *c, const onc_read_opts_t *read, onc_store_counts_t *counts,
                           const onc_store_alts_t **out, onc_err_t *err)
{
    return read_into(c, c, read, counts, out, err);
}

/* A case the caller keeps const is read into a scratch case's arena, freed by the caller. */
static onc_rc read_scratch(const onc_case_t *c, const onc_read_opts_t *read, onc_store_counts_t *counts,
                           onc_case_t **scratch, const onc_store_alts_t **out, onc_err_t *err)
{
    *out = NULL;
    if (!(*scratch = onc_case_new())) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    return read_into(c, *scratch, read, counts, out, err);
}

onc_rc onc_store_case_count(const onc_case_t *c, const onc_read_opts_t *read, onc_store_counts_t *counts,
                            onc_err_t *err)
{
    onc_case_t *scratch = NULL;
    const onc_store_alts_t *k = NULL;
    onc_rc rc = read_scratch(c, read, counts, &scratch, &k, err);
    onc_case_free(scratch);
    return rc;
}

/* Writes the alterations of k (and its readers' warnings): per sample, ordinals in the reader's
 * order, typed ones numbered apart to name their entry. */
static onc_rc put_alts(put_state_t *s, const onc_store_alts_t *k)
{
    size_t *next = calloc(s->c->n_samples ? s->c->n_samples : 1, 2 * sizeof *next);
    if (!next) return onc_err_set(s->err, ONC_ENOMEM, "out of memory");
    size_t *typed = next + s->c->n_samples;
    onc_rc rc = ONC_OK;
    batch_run_t r;
    batch_start(&r, s, B_ALT, k->n);
    for (size_t i = 0; rc == ONC_OK && i < k->n; i++) {
        size_t si = k->sample[i];
        const onc_alt_t *a = &k->v[i];
        rc = put_alt(&r, a, si, next[si]++, typed[si]);
        if (from_case_entry(s->c, a)) typed[si]++;
        s->n_alts++;
    }
    free(next);
    for (size_t i = 0; rc == ONC_OK && i < k->n_warnings; i++) rc = put_warning(s, "file", k->warnings[i]);
    return rc;
}

static onc_rc find_patient(onc_store_writer_t *w, const char *id, int64_t *pid, onc_err_t *err)
{
    onc_db_stmt_t *st = w->st[W_FIND];
    bool row = false;
    *pid = 0;
    onc_rc rc = onc_db_bind_text(st, 1, id, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && row) *pid = onc_db_column_int64(st, 0);
    onc_err_t ignored = {0};
    onc_rc rr = onc_db_reset(st, rc == ONC_OK ? err : &ignored);
    return rc != ONC_OK ? rc : rr;
}

/* The case's alterations: those validation already read (alts), else read now. */
static onc_rc put_case_alts(put_state_t *s, const onc_read_opts_t *read, const onc_store_alts_t *alts)
{
    if (alts && alts->c != s->c) return onc_err_set(s->err, ONC_EINVAL, "store: alterations read from another case");
    if (alts) return put_alts(s, alts);
    onc_store_counts_t counts = {0};
    onc_case_t *scratch = NULL;
    const onc_store_alts_t *k = NULL;
    onc_rc rc = read_scratch(s->c, read, &counts, &scratch, &k, s->err);
    if (rc == ONC_OK) rc = put_alts(s, k);
    onc_case_free(scratch);
    return rc;
}

static onc_rc put_all(put_state_t *s, int64_t existing, const onc_read_opts_t *read, const onc_store_alts_t *alts,
                      const char *now)
{
    onc_rc rc = put_patient(s, existing, now);
    if (rc == ONC_OK && existing) rc = clear_patient(s);
    if (rc == ONC_OK) rc = put_source_and_warnings(s, now);
    if (rc == ONC_OK) rc = put_diagnosis_biomarkers(s);
    if (rc == ONC_OK) rc = put_labs(s);
    if (rc == ONC_OK) rc = put_therapies_enrolments(s);
    for (size_t i = 0; rc == ONC_OK && i < s->c->n_samples; i++) rc = put_sample(s, i);
    return rc == ONC_OK ? put_case_alts(s, read, alts) : rc;
}

/* ---- adding samples to a registered patient ---- */

/* Where the new samples and warnings go after the patient's own, and that none of the new
 * sample keys is taken. */
static onc_rc add_positions(put_state_t *s)
{
    onc_db_stmt_t *st = s->w->st[W_NEXT_ORDINALS];
    bool row = false;
    onc_rc rc = onc_db_bind_int64(st, 1, s->pid, s->err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 2, s->pid, s->err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, s->err);
    if (rc == ONC_OK && row) {
        s->first_sample = (size_t)onc_db_column_int64(st, 0);
        s->n_warnings = (size_t)onc_db_column_int64(st, 1);
    }
    onc_err_t ignored = {0};
    onc_db_reset(st, &ignored);
    st = s->w->st[W_SAMPLE_KEY];
    for (size_t i = 0; rc == ONC_OK && i < s->c->n_samples; i++) {
        const char *key = s->c->samples[i].id ? s->c->samples[i].id : s->c->id;
        rc = onc_db_bind_int64(st, 1, s->pid, s->err);
        if (rc == ONC_OK) rc = onc_db_bind_text(st, 2, key, s->err);
        if (rc == ONC_OK) rc = onc_db_step(st, &row, s->err);
        onc_db_reset(st, &ignored);
        if (rc == ONC_OK && row) rc = onc_err_set(s->err, ONC_ECONFLICT, "the patient already has a sample %s", key);
    }
    return rc;
}

/* The new samples with their alterations; the case text no longer says everything (current 0). */
static onc_rc add_all(put_state_t *s, const onc_read_opts_t *read, const onc_store_alts_t *alts, const char *now)
{
    onc_rc rc = add_positions(s);
    for (size_t i = 0; rc == ONC_OK && i < s->c->n_samples; i++) rc = put_sample(s, i);
    if (rc == ONC_OK) rc = put_case_alts(s, read, alts);
    store_binder_t b;
    if (rc == ONC_OK) {
        bind(s, W_STALE, &b);
        sb_i64(&b, s->pid);
        rc = run_bound(&b);
    }
    if (rc == ONC_OK) {
        bind(s, W_TOUCH, &b);
        sb_text(&b, now);
        sb_i64(&b, s->pid);
        rc = run_bound(&b);
    }
    return rc;
}

/* "P001.json: " in front of a message that does not name the case yet. */
static onc_rc name_error(onc_err_t *err, onc_rc rc, const onc_case_t *c)
{
    if (!err) return rc;
    char msg[ONC_ERR_MSG_MAX];
    memcpy(msg, err->msg, sizeof msg);
    msg[sizeof msg - 1] = '\0';
    const char *name = c->name ? c->name : c->id;
    if (strncmp(msg, name, strlen(name)) == 0) return rc;
    return onc_err_set(err, rc, "%s: patient %s: %s", name, c->id, msg);
}

onc_rc onc_store_writer_put(onc_store_writer_t *w, const onc_case_t *c, const char *actor,
                            const onc_store_put_opts_t *opts, bool *replaced, onc_err_t *err)
{
    onc_store_put_opts_t defaults;
    onc_store_put_opts_init(&defaults);
    if (!opts) opts = &defaults;
    if (replaced) *replaced = false;
    if (!w || !c || !c->id) return onc_err_set(err, ONC_EINVAL, "store: no case to write");
    onc_rc rc = store_need_transaction(w->db, "storing a case", err);
    int64_t existing = 0;
    if (rc == ONC_OK) rc = find_patient(w, c->id, &existing, err);
    if (rc == ONC_OK && existing && !opts->replace && !opts->add_samples)
        return onc_err_set(err, ONC_ECONFLICT, "%s: patient %s is already in the registry", c->name ? c->name : c->id, c->id);
    if (rc == ONC_OK && !existing && opts->add_samples)
        return onc_err_set(err, ONC_ENOTFOUND, "patient %s is not in the registry", c->id);
    put_state_t s = {.w = w, .c = c, .pid = existing, .err = err};
    if (rc == ONC_OK && !(s.sample_ids = calloc(c->n_samples ? c->n_samples : 1, sizeof *s.sample_ids)))
        rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    char now[32];
    store_now(now);
    if (rc == ONC_OK)
        rc = opts->add_samples ? add_all(&s, opts->read, opts->alts, now) : put_all(&s, existing, opts->read, opts->alts, now);
    free(s.sample_ids);
    if (rc != ONC_OK) return name_error(err, rc, c);
    char detail[256];
    snprintf(detail, sizeof detail, "%s %s: %zu samples, %zu alterations (%zu from lab files)",
             opts->add_samples ? "samples added from" : "case file", c->name ? c->name : c->id, c->n_samples, s.n_alts,
             s.n_file_alts);
    rc = store_audit_add(w->audit, actor, existing ? "update" : "create", "patient", c->id, detail, err);
    if (rc == ONC_OK && replaced) *replaced = existing != 0 && !opts->add_samples;
    return rc;
}

onc_rc onc_store_put_case(onc_db_t *db, const onc_case_t *c, const char *actor, const onc_store_put_opts_t *opts,
                          onc_err_t *err)
{
    onc_store_writer_t *w = NULL;
    onc_rc rc = onc_store_writer_open(db, &w, err);
    if (rc == ONC_OK) rc = onc_store_writer_put(w, c, actor, opts, NULL, err);
    onc_store_writer_close(w);
    return rc;
}
