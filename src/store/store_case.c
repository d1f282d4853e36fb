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

#include "oncoboard/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    W_FIND, W_INSERT, W_UPDATE,
    W_DEL_SOURCE, W_DEL_WARN, W_DEL_DIAG, W_DEL_BIO, W_DEL_IHC, W_DEL_LAB, W_DEL_PROG, W_DEL_THER, W_DEL_ENROL,
    W_DEL_DOCS, W_DEL_SAMPLE,
    W_SOURCE, W_WARN, W_DIAG, W_BIO, W_IHC, W_LAB, W_THERAPY, W_AGENT, W_PROG, W_ENROL,
    W_SAMPLE, W_GENE, W_COVER, W_ENTRY, W_FILE, W_ALT,
    W_NEXT_ORDINALS, W_SAMPLE_KEY, W_STALE, W_TOUCH,
    W_N
};

#define DEL(t) "DELETE FROM " t " WHERE patient_id = ?"
static const char *const write_sql[W_N] = {
    [W_FIND] = "SELECT id FROM patients WHERE external_id = ?",
    [W_INSERT] = "INSERT INTO patients (external_id, case_format, sex, birth_date, age, smoking, ecog, consent_research, "
                 "from_samples, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    [W_UPDATE] = "UPDATE patients SET external_id = ?, case_format = ?, sex = ?, birth_date = ?, age = ?, smoking = ?, "
                 "ecog = ?, consent_research = ?, from_samples = ?, updated_at = ? WHERE id = ?",
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
    [W_GENE] = "INSERT INTO assay_genes (sample_id, ordinal, gene) VALUES (?, ?, ?)",
    [W_COVER] = "INSERT INTO assay_coverage (sample_id, ordinal, gene, mutation, cna, fusion) VALUES (?, ?, ?, ?, ?, ?)",
    [W_ENTRY] = "INSERT INTO sample_entries (sample_id, section, ordinal, gene, protein_change, coding_change, "
                "alteration, hgvsp, hgvsc, consequence, aa_pos, chrom, pos, ref, alt, vaf, depth, partner, cna_call, "
                "copies, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [W_FILE] = "INSERT INTO sample_files (sample_id, ordinal, path, file_type, line) VALUES (?, ?, ?, ?, ?)",
    [W_ALT] = "INSERT INTO alterations (sample_id, ordinal, origin, entry_section, entry_ordinal, gene, kind, "
              "alteration, hgvsp, hgvsc, transcript, consequence, chrom, pos, ref, alt, genome, exon, vaf, depth, "
              "alt_count, copies, partner, filter, flags, source_file, source_line) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    /* adding samples to a registered patient (opts->add_samples) */
    [W_NEXT_ORDINALS] = "SELECT (SELECT COALESCE(MAX(ordinal) + 1, 0) FROM samples WHERE patient_id = ?), "
                        "(SELECT COALESCE(MAX(ordinal) + 1, 0) FROM case_warnings WHERE patient_id = ?)",
    [W_SAMPLE_KEY] = "SELECT 1 FROM samples WHERE patient_id = ? AND sample_key = ?",
    [W_STALE] = "UPDATE case_sources SET current = 0 WHERE patient_id = ?",
    [W_TOUCH] = "UPDATE patients SET updated_at = ? WHERE id = ?",
};
#undef DEL

struct onc_store_writer {
    onc_db_t *db;
    onc_db_stmt_t *st[W_N];
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

onc_rc onc_store_writer_open(onc_db_t *db, onc_store_writer_t **out, onc_err_t *err)
{
    *out = NULL;
    if (!db) return onc_err_set(err, ONC_EINVAL, "store: no database");
    onc_store_writer_t *w = calloc(1, sizeof *w);
    if (!w) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    w->db = db;
    onc_rc rc = store_prepare_all(db, write_sql, w->st, W_N, err);
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
static onc_rc put_reader_warnings(put_state_t *s, const onc_reader_t *r)
{
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < onc_reader_n_warnings(r); i++)
        if (from_lab_file(s->c, onc_reader_warning(r, i))) rc = put_warning(s, "file", onc_reader_warning(r, i));
    return rc;
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
    for (size_t i = 0; rc == ONC_OK && i < a->n_genes; i++) {
        bind(s, W_GENE, &b);
        sb_i64(&b, sid);
        sb_i64(&b, (int64_t)i);
        sb_text(&b, a->genes[i]);
        rc = run_bound(&b);
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

static onc_rc put_entry(put_state_t *s, int64_t sid, const entry_row_t *e)
{
    onc_case_variant_t none;
    onc_case_variant_init(&none);
    const onc_case_variant_t *v = e->v ? e->v : &none;
    store_binder_t b;
    bind(s, W_ENTRY, &b);
    sb_i64(&b, sid);
    sb_text(&b, e->section);
    sb_i64(&b, (int64_t)e->ordinal);
    sb_text(&b, e->v ? v->gene : e->gene);
    sb_text(&b, v->protein_change);
    sb_text(&b, v->coding_change);
    sb_text(&b, v->alteration);
    sb_text(&b, v->hgvsp);
    sb_text(&b, v->hgvsc);
    sb_text(&b, v->consequence);
    sb_int(&b, v->aa_pos);
    sb_text(&b, v->chrom);
    sb_pos(&b, v->pos);
    sb_text(&b, v->ref);
    sb_text(&b, v->alt);
    sb_dbl(&b, v->vaf);
    sb_int(&b, v->depth);
    sb_text(&b, e->partner);
    sb_text(&b, e->cna_call);
    sb_dbl(&b, e->copies);
    sb_line(&b, e->v ? v->line : e->line);
    return run_bound(&b);
}

static onc_rc put_entries(put_state_t *s, int64_t sid, const onc_molecular_t *m)
{
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < m->n_variants; i++) {
        entry_row_t e = {.section = "variant", .ordinal = i, .v = &m->variants[i], .copies = ONC_NUM_MISSING};
        rc = put_entry(s, sid, &e);
    }
    for (size_t i = 0; rc == ONC_OK && i < m->n_fusions; i++) {
        const onc_case_fusion_t *f = &m->fusions[i];
        entry_row_t e = {.section = "fusion", .ordinal = i, .gene = f->gene_a, .partner = f->gene_b,
                         .copies = ONC_NUM_MISSING, .line = f->line};
        rc = put_entry(s, sid, &e);
    }
    for (size_t i = 0; rc == ONC_OK && i < m->n_copy_number; i++) {
        const onc_case_cna_t *cn = &m->copy_number[i];
        entry_row_t e = {.section = "cna", .ordinal = i, .gene = cn->gene, .cna_call = onc_alt_kind_name(cn->call),
                         .copies = cn->copies, .line = cn->line};
        rc = put_entry(s, sid, &e);
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

static onc_rc put_alt(put_state_t *s, const onc_alt_t *a, size_t si, size_t ordinal, size_t typed_k)
{
    const onc_case_t *c = s->c;
    int from_case = from_case_entry(c, a);
    size_t entry = 0;
    const char *section = from_case ? entry_section(&c->samples[si].molecular, typed_k, &entry) : NULL;
    store_binder_t b;
    bind(s, W_ALT, &b);
    sb_i64(&b, s->sample_ids[si]);
    sb_i64(&b, (int64_t)ordinal);
    sb_text(&b, from_case ? "case" : "file");
    sb_text(&b, section);
    if (section) sb_i64(&b, (int64_t)entry);
    else sb_text(&b, NULL);
    sb_text(&b, a->gene);
    sb_text(&b, onc_alt_kind_name(a->kind));
    sb_text(&b, a->alteration);
    sb_text(&b, a->hgvsp);
    sb_text(&b, a->hgvsc);
    sb_text(&b, a->transcript);
    sb_text(&b, a->consequence);
    sb_text(&b, a->chrom);
    sb_pos(&b, a->pos);
    sb_text(&b, a->ref);
    sb_text(&b, a->alt);
    sb_text(&b, a->genome);
    sb_int(&b, a->exon);
    sb_dbl(&b, a->vaf);
    sb_int(&b, a->depth);
    sb_int(&b, a->alt_count);
    sb_dbl(&b, a->copies);
    sb_text(&b, a->partner);
    sb_text(&b, a->filter);
    sb_i64(&b, a->flags);
    sb_text(&b, from_case ? NULL : a->source);
    sb_line(&b, a->line);
    if (!from_case) s->n_file_alts++;
    return run_bound(&b);
}

/* Per sample: the next alteration ordinal and the count of typed alterations seen. */
typedef struct alt_counters {
    size_t next, typed;
} alt_counters_t;

/* Walks the case's alterations (typed and from files) with the case reader; fn gets each. */
typedef onc_rc (*alt_fn)(void *ctx, const onc_alt_t *a, size_t sample, alt_counters_t *cnt);
/* Called once the reader is done, with its warnings (NULL: nothing to do). */
typedef onc_rc (*done_fn)(void *ctx, const onc_reader_t *r);

static onc_rc each_alt(const onc_case_t *c, const onc_read_opts_t *read, alt_fn fn, done_fn done, void *ctx,
                       onc_err_t *err)
{
    onc_read_opts_t ro;
    if (read) ro = *read;
    else onc_read_opts_init(&ro);
    alt_counters_t *cnt = calloc(c->n_samples ? c->n_samples : 1, sizeof *cnt);
    if (!cnt) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_reader_t *r = onc_case_reader_open(c, &ro, err);
    onc_rc rc = r ? ONC_OK : (err && err->code ? err->code : ONC_EIO);
    onc_alt_t a;
    int ret = 0;
    while (rc == ONC_OK && (ret = onc_reader_next(r, &a)) == 0) {
        size_t si = sample_of(c, &a);
        if (si == c->n_samples)
            rc = onc_err_set(err, ONC_EINTERNAL, "%s: an alteration of unknown sample '%s'", c->name ? c->name : c->id,
                             a.sample ? a.sample : "");
        else rc = fn(ctx, &a, si, &cnt[si]);
    }
    if (rc == ONC_OK && ret < -1) rc = onc_err_set(err, ONC_EPARSE, "%s", onc_reader_errmsg(r));
    if (rc == ONC_OK && done) rc = done(ctx, r);
    onc_reader_close(r);
    free(cnt);
    return rc;
}

static onc_rc store_one_alt(void *ctx, const onc_alt_t *a, size_t si, alt_counters_t *cnt)
{
    put_state_t *s = ctx;
    int from_case = from_case_entry(s->c, a);
    onc_rc rc = put_alt(s, a, si, cnt->next++, cnt->typed);
    if (from_case) cnt->typed++;
    s->n_alts++;
    return rc;
}

typedef struct count_state {
    const onc_case_t *c;
    onc_store_counts_t *counts;
} count_state_t;

static onc_rc store_reader_done(void *ctx, const onc_reader_t *r)
{
    return put_reader_warnings(ctx, r);
}

static onc_rc count_one_alt(void *ctx, const onc_alt_t *a, size_t si, alt_counters_t *cnt)
{
    (void)si, (void)cnt;
    count_state_t *cs = ctx;
    cs->counts->alterations++;
    if (!from_case_entry(cs->c, a)) cs->counts->file_alterations++;
    return ONC_OK;
}

onc_rc onc_store_case_count(const onc_case_t *c, const onc_read_opts_t *read, onc_store_counts_t *counts,
                            onc_err_t *err)
{
    counts->patients++;
    counts->samples += c->n_samples;
    counts->therapies += c->n_therapies;
    counts->labs += c->n_labs;
    counts->enrolments += c->n_enrolments;
    count_state_t cs = {.c = c, .counts = counts};
    return each_alt(c, read, count_one_alt, NULL, &cs, err);
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

static onc_rc put_all(put_state_t *s, int64_t existing, const onc_read_opts_t *read, const char *now)
{
    onc_rc rc = put_patient(s, existing, now);
    if (rc == ONC_OK && existing) rc = clear_patient(s);
    if (rc == ONC_OK) rc = put_source_and_warnings(s, now);
    if (rc == ONC_OK) rc = put_diagnosis_biomarkers(s);
    if (rc == ONC_OK) rc = put_labs(s);
    if (rc == ONC_OK) rc = put_therapies_enrolments(s);
    for (size_t i = 0; rc == ONC_OK && i < s->c->n_samples; i++) rc = put_sample(s, i);
    if (rc == ONC_OK) rc = each_alt(s->c, read, store_one_alt, store_reader_done, s, s->err);
    return rc;
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
        if (rc == ONC_OK && row)
            rc = onc_err_set(s->err, ONC_ECONFLICT, "the patient already has a sample %s", key);
    }
    return rc;
}

/* The new samples with their alterations; the case text no longer says everything (current 0). */
static onc_rc add_all(put_state_t *s, const onc_read_opts_t *read, const char *now)
{
    onc_rc rc = add_positions(s);
    for (size_t i = 0; rc == ONC_OK && i < s->c->n_samples; i++) rc = put_sample(s, i);
    if (rc == ONC_OK) rc = each_alt(s->c, read, store_one_alt, store_reader_done, s, s->err);
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
    if (rc == ONC_OK) rc = opts->add_samples ? add_all(&s, opts->read, now) : put_all(&s, existing, opts->read, now);
    free(s.sample_ids);
    if (rc != ONC_OK) return name_error(err, rc, c);
    char detail[256];
    snprintf(detail, sizeof detail, "%s %s: %zu samples, %zu alterations (%zu from lab files)",
             opts->add_samples ? "samples added from" : "case file", c->name ? c->name : c->id, c->n_samples, s.n_alts,
             s.n_file_alts);
    rc = store_audit(w->db, actor, existing ? "update" : "create", "patient", c->id, detail, err);
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
