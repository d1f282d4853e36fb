/* store_case_get.c: a case out of the registry (store.h), built with case.h's builders so that
 * report and match read it as they read a case file.
 *
 * Each part is one prepared statement run per patient (or per sample / therapy line), rows in
 * the case file's order (ordinal). The typed entries come back as typed; the alterations read
 * from lab files when the case was stored come back as typed entries of their sample (the files
 * themselves are not kept): mutations as variants, fusions as fusions, copy-number calls as
 * copy-number entries. Also the listing of patients and the stored case text for exports.
 */
#include "store_case_int.h"

#include "oncoboard/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    G_PAT, G_SRC, G_WARN, G_DIAG, G_BIO, G_IHC, G_LAB, G_THER, G_AGENT, G_ENROL, G_SAMPLE, G_GENE, G_COVER,
    G_ENTRY, G_FILE, G_FILEALT,
    G_N
};

static const char *const get_sql[G_N] = {
    [G_PAT] = "SELECT id, case_format, sex, birth_date, age, smoking, ecog, consent_research, from_samples, "
              "vital_status, death_date, last_follow_up FROM patients WHERE external_id = ?",
    [G_SRC] = "SELECT name, text, current FROM case_sources WHERE patient_id = ?",
    [G_WARN] = "SELECT message FROM case_warnings WHERE patient_id = ? ORDER BY ordinal", /* case's, files' */
    [G_DIAG] = "SELECT oncotree_code, stage, diagnosis_date, brain_metastases, measurable_disease FROM diagnoses "
               "WHERE patient_id = ? ORDER BY ordinal",
    [G_BIO] = "SELECT pdl1_tps, pdl1_cps, pdl1_clone, tmb, msi FROM biomarkers WHERE patient_id = ?",
    [G_IHC] = "SELECT marker, result, clone, score, percent, intensity FROM ihc_results WHERE patient_id = ? "
              "ORDER BY ordinal",
    [G_LAB] = "SELECT name, value, unit, uln, lab_date FROM labs WHERE patient_id = ? ORDER BY ordinal",
    [G_THER] = "SELECT t.id, t.line_no, t.start_date, t.end_date, t.best_response, p.progressed, p.event_date "
               "FROM therapy_lines t LEFT JOIN progression_events p ON p.therapy_id = t.id "
               "WHERE t.patient_id = ? ORDER BY t.ordinal",
    [G_AGENT] = "SELECT agent FROM therapy_agents WHERE therapy_id = ? ORDER BY ordinal",
    [G_ENROL] = "SELECT trial, arm, status, enrol_date, reason FROM enrolments WHERE patient_id = ? ORDER BY ordinal",
    [G_SAMPLE] = "SELECT id, sample_key, path, collected, sample_type, has_molecular, genome, specimen, assay_name, "
                 "assay_method, size_mb FROM samples WHERE patient_id = ? ORDER BY ordinal",
    [G_GENE] = "SELECT gene FROM assay_genes WHERE sample_id = ? ORDER BY ordinal",
    [G_COVER] = "SELECT gene, mutation, cna, fusion FROM assay_coverage WHERE sample_id = ? ORDER BY ordinal",
    [G_ENTRY] = "SELECT section, gene, protein_change, coding_change, alteration, hgvsp, hgvsc, consequence, aa_pos, "
                "chrom, pos, ref, alt, vaf, depth, partner, cna_call, copies, line FROM sample_entries "
                "WHERE sample_id = ? ORDER BY CASE section WHEN 'variant' THEN 0 WHEN 'fusion' THEN 1 ELSE 2 END, "
                "ordinal",
    [G_FILE] = "SELECT path, file_type, line FROM sample_files WHERE sample_id = ? ORDER BY ordinal",
    /* the same columns as G_ENTRY: a file's alterations come back as typed entries */
    [G_FILEALT] = "SELECT CASE WHEN kind = 'fusion' THEN 'fusion' WHEN kind IN ('amplification', 'gain', 'loss', "
                  "'deletion') THEN 'cna' ELSE 'variant' END, gene, NULL, NULL, alteration, hgvsp, hgvsc, consequence, "
                  "NULL, chrom, pos, ref, alt, vaf, depth, partner, kind, copies, source_line FROM alterations "
                  "WHERE sample_id = ? AND origin = 'file' ORDER BY ordinal",
};

typedef struct get_state {
    onc_db_stmt_t *st[G_N];
    onc_case_t *c;
    onc_err_t *err;
} get_state_t;

/* ---- columns into the case's arena ---- */

static const char *col_str(get_state_t *g, onc_db_stmt_t *st, int col, onc_rc *rc)
{
    const char *s = onc_db_column_text(st, col);
    if (!s) return NULL;
    char *copy = onc_case_strdup(g->c, s);
    if (!copy && *rc == ONC_OK) *rc = onc_err_set(g->err, ONC_ENOMEM, "out of memory");
    return copy;
}

static int32_t col_int(onc_db_stmt_t *st, int col)
{
    return onc_db_column_is_null(st, col) ? ONC_INT_MISSING : (int32_t)onc_db_column_int64(st, col);
}

static double col_dbl(onc_db_stmt_t *st, int col)
{
    return onc_db_column_is_null(st, col) ? ONC_NUM_MISSING : onc_db_column_double(st, col);
}

static onc_tri col_tri(onc_db_stmt_t *st, int col)
{
    if (onc_db_column_is_null(st, col)) return ONC_TRI_UNKNOWN;
    return onc_db_column_int64(st, col) ? ONC_TRI_TRUE : ONC_TRI_FALSE;
}

static onc_date_t col_date(get_state_t *g, onc_db_stmt_t *st, int col, onc_rc *rc)
{
    onc_date_t d = {0, 0, 0};
    const char *s = onc_db_column_text(st, col);
    if (s && onc_date_parse(s, &d, g->err) != ONC_OK && *rc == ONC_OK) *rc = ONC_ECONFLICT;
    return d;
}

static int col_enum(onc_db_stmt_t *st, int col, const char *const *names)
{
    return store_enum_of(names, onc_db_column_text(st, col));
}

/* Grows an arena array by one element: *arr has *n elements; the new one is zeroed. */
static void *grow(get_state_t *g, void *arr, size_t n, size_t size, onc_rc *rc)
{
    if (*rc != ONC_OK) return arr;
    /* capacities are powers of two: reallocate when n is one */
    if (n && (n & (n - 1)) != 0) return arr;
    void *bigger = onc_case_alloc(g->c, (n ? n * 2 : 1) * size);
    if (!bigger) {
        *rc = onc_err_set(g->err, ONC_ENOMEM, "out of memory");
        return arr;
    }
    if (n) memcpy(bigger, arr, n * size);
    return bigger;
}

/* Starts the statement `which` with its one key bound. */
static onc_db_stmt_t *query(get_state_t *g, int which, int64_t key, onc_rc *rc)
{
    onc_db_stmt_t *st = g->st[which];
    if (*rc == ONC_OK) *rc = onc_db_bind_int64(st, 1, key, g->err);
    return st;
}

/* The next row of a query started with query(): 1 with a row, 0 when done or on error (the
 * statement is then reset for its next use). */
static int next_row(get_state_t *g, onc_db_stmt_t *st, onc_rc *rc)
{
    bool row = false;
    if (*rc == ONC_OK) *rc = onc_db_step(st, &row, g->err);
    if (*rc == ONC_OK && row) return 1;
    onc_err_t ignored = {0};
    onc_rc rr = onc_db_reset(st, *rc == ONC_OK ? g->err : &ignored);
    if (*rc == ONC_OK) *rc = rr;
    return 0;
}

/* ---- the parts ---- */

static void get_warnings_source(get_state_t *g, int64_t pid, onc_rc *rc)
{
    onc_db_stmt_t *st = query(g, G_WARN, pid, rc);
    while (next_row(g, st, rc)) {
        const char *m = onc_db_column_text(st, 0);
        if (m && onc_case_add_warning(g->c, m) != ONC_OK) *rc = onc_err_set(g->err, ONC_ENOMEM, "out of memory");
    }
    st = query(g, G_SRC, pid, rc);
    while (next_row(g, st, rc)) {
        g->c->name = col_str(g, st, 0, rc);
        const char *text = col_str(g, st, 1, rc);
        if (text && onc_db_column_int64(st, 2)) {
            g->c->text = text;
            g->c->text_len = strlen(text);
        }
    }
}

static void get_diagnosis_biomarkers(get_state_t *g, int64_t pid, onc_rc *rc)
{
    onc_diagnosis_t *d = &g->c->diagnosis;
    onc_db_stmt_t *st = query(g, G_DIAG, pid, rc);
    while (next_row(g, st, rc)) {
        d->oncotree_code = col_str(g, st, 0, rc);
        d->stage = col_str(g, st, 1, rc);
        d->date = col_date(g, st, 2, rc);
        d->brain_metastases = col_enum(st, 3, onc_brain_mets_names);
        d->measurable_disease = col_tri(st, 4);
    }
    onc_biomarkers_t *b = &g->c->biomarkers;
    st = query(g, G_BIO, pid, rc);
    while (next_row(g, st, rc)) {
        b->pdl1_tps = col_dbl(st, 0);
        b->pdl1_cps = col_dbl(st, 1);
        b->pdl1_clone = col_enum(st, 2, onc_pdl1_clone_names);
        b->tmb = col_dbl(st, 3);
        b->msi = col_enum(st, 4, onc_msi_names);
    }
    st = query(g, G_IHC, pid, rc);
    while (next_row(g, st, rc)) {
        b->ihc = grow(g, b->ihc, b->n_ihc, sizeof *b->ihc, rc);
        if (*rc != ONC_OK) continue;
        onc_ihc_t *h = &b->ihc[b->n_ihc++];
        onc_ihc_init(h);
        h->marker = col_str(g, st, 0, rc);
        h->result = col_enum(st, 1, onc_ihc_result_names);
        h->clone = col_str(g, st, 2, rc);
        h->score = col_str(g, st, 3, rc);
        h->percent = col_dbl(st, 4);
        h->intensity = col_str(g, st, 5, rc);
    }
}

static void get_labs_enrolments(get_state_t *g, int64_t pid, onc_rc *rc)
{
    onc_case_t *c = g->c;
    onc_db_stmt_t *st = query(g, G_LAB, pid, rc);
    while (next_row(g, st, rc)) {
        c->labs = grow(g, c->labs, c->n_labs, sizeof *c->labs, rc);
        if (*rc != ONC_OK) continue;
        onc_lab_t *l = &c->labs[c->n_labs++];
        onc_lab_init(l);
        l->name = col_str(g, st, 0, rc);
        l->value = col_dbl(st, 1);
        l->unit = col_str(g, st, 2, rc);
        l->uln = col_dbl(st, 3);
        l->date = col_date(g, st, 4, rc);
    }
    st = query(g, G_ENROL, pid, rc);
    while (next_row(g, st, rc)) {
        c->enrolments = grow(g, c->enrolments, c->n_enrolments, sizeof *c->enrolments, rc);
        if (*rc != ONC_OK) continue;
        onc_enrolment_t *e = &c->enrolments[c->n_enrolments++];
        onc_enrolment_init(e);
        e->trial = col_str(g, st, 0, rc);
        e->arm = col_str(g, st, 1, rc);
        e->status = col_enum(st, 2, onc_enrol_status_names);
        e->date = col_date(g, st, 3, rc);
        e->reason = col_str(g, st, 4, rc);
    }
}

static void get_agents(get_state_t *g, int64_t tid, onc_therapy_t *t, onc_rc *rc)
{
    onc_db_stmt_t *st = query(g, G_AGENT, tid, rc);
    while (next_row(g, st, rc)) {
        t->agents = grow(g, (void *)t->agents, t->n_agents, sizeof *t->agents, rc);
        if (*rc == ONC_OK) t->agents[t->n_agents++] = col_str(g, st, 0, rc);
    }
}

/* Therapy lines (their ids first: the agents' query cannot run inside the lines' one on every
 * back end). */
static void get_therapies(get_state_t *g, int64_t pid, onc_rc *rc)
{
    onc_case_t *c = g->c;
    int64_t *ids = NULL;
    onc_db_stmt_t *st = query(g, G_THER, pid, rc);
    while (next_row(g, st, rc)) {
        c->therapies = grow(g, c->therapies, c->n_therapies, sizeof *c->therapies, rc);
        ids = grow(g, ids, c->n_therapies, sizeof *ids, rc);
        if (*rc != ONC_OK) continue;
        ids[c->n_therapies] = onc_db_column_int64(st, 0);
        onc_therapy_t *t = &c->therapies[c->n_therapies++];
        onc_therapy_init(t);
        t->line = col_int(st, 1);
        t->start = col_date(g, st, 2, rc);
        t->end = col_date(g, st, 3, rc);
        t->best_response = col_enum(st, 4, onc_recist_names);
        t->progression = col_tri(st, 5);
        t->progression_date = col_date(g, st, 6, rc);
    }
    for (size_t i = 0; *rc == ONC_OK && i < c->n_therapies; i++) get_agents(g, ids[i], &c->therapies[i], rc);
}

static void get_assay(get_state_t *g, int64_t sid, onc_assay_t *a, onc_rc *rc)
{
    onc_db_stmt_t *st = query(g, G_GENE, sid, rc);
    while (next_row(g, st, rc)) {
        a->genes = grow(g, (void *)a->genes, a->n_genes, sizeof *a->genes, rc);
        if (*rc == ONC_OK) a->genes[a->n_genes++] = col_str(g, st, 0, rc);
    }
    st = query(g, G_COVER, sid, rc);
    while (next_row(g, st, rc)) {
        a->coverage = grow(g, a->coverage, a->n_coverage, sizeof *a->coverage, rc);
        if (*rc != ONC_OK) continue;
        onc_coverage_t *cv = &a->coverage[a->n_coverage++];
        cv->gene = col_str(g, st, 0, rc);
        cv->types = (onc_db_column_int64(st, 1) ? ONC_COVER_MUTATION : 0) |
                    (onc_db_column_int64(st, 2) ? ONC_COVER_CNA : 0) | (onc_db_column_int64(st, 3) ? ONC_COVER_FUSION : 0);
    }
}

static onc_case_variant_t *new_variant(get_state_t *g, onc_molecular_t *m, onc_rc *rc)
{
    m->variants = grow(g, m->variants, m->n_variants, sizeof *m->variants, rc);
    if (*rc != ONC_OK) return NULL;
    onc_case_variant_t *v = &m->variants[m->n_variants++];
    onc_case_variant_init(v);
    return v;
}

static onc_case_fusion_t *new_fusion(get_state_t *g, onc_molecular_t *m, onc_rc *rc)
{
    m->fusions = grow(g, m->fusions, m->n_fusions, sizeof *m->fusions, rc);
    return *rc == ONC_OK ? &m->fusions[m->n_fusions++] : NULL;
}

static onc_case_cna_t *new_cna(get_state_t *g, onc_molecular_t *m, onc_rc *rc)
{
    m->copy_number = grow(g, m->copy_number, m->n_copy_number, sizeof *m->copy_number, rc);
    if (*rc != ONC_OK) return NULL;
    onc_case_cna_t *cn = &m->copy_number[m->n_copy_number++];
    onc_case_cna_init(cn);
    return cn;
}

static onc_alt_kind cna_kind(const char *name)
{
    static const onc_alt_kind kinds[] = {ONC_KIND_AMPLIFICATION, ONC_KIND_GAIN, ONC_KIND_LOSS, ONC_KIND_DELETION};
    for (size_t i = 0; name && i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(onc_alt_kind_name(kinds[i]), name) == 0) return kinds[i];
    return ONC_KIND_MUTATION; /* not a copy-number call */
}

static uint64_t col_line(onc_db_stmt_t *st, int col)
{
    int64_t v = onc_db_column_int64(st, col);
    return onc_db_column_is_null(st, col) || v < 0 ? 0 : (uint64_t)v;
}

/* The variant columns gene .. depth of a typed entry, starting at column 1. */
static void entry_variant(get_state_t *g, onc_db_stmt_t *st, onc_case_variant_t *v, onc_rc *rc)
{
    v->gene = col_str(g, st, 1, rc);
    v->protein_change = col_str(g, st, 2, rc);
    v->coding_change = col_str(g, st, 3, rc);
    v->alteration = col_str(g, st, 4, rc);
    v->hgvsp = col_str(g, st, 5, rc);
    v->hgvsc = col_str(g, st, 6, rc);
    v->consequence = col_str(g, st, 7, rc);
    v->aa_pos = col_int(st, 8);
    v->chrom = col_str(g, st, 9, rc);
    v->pos = onc_db_column_is_null(st, 10) ? ONC_POS_MISSING : onc_db_column_int64(st, 10);
    v->ref = col_str(g, st, 11, rc);
    v->alt = col_str(g, st, 12, rc);
    v->vaf = col_dbl(st, 13);
    v->depth = col_int(st, 14);
    v->line = col_line(st, 18);
}

/* The typed entries of a sample (G_ENTRY), or its lab files' alterations as typed entries
 * (G_FILEALT). A file's variant comes back without its coordinates (they stay in alterations):
 * the file's reader already named it from them, and a typed entry with coordinates would be looked
 * up again and warned about ("not looked up", "kept unannotated") where the file was not. */
static void get_entries(get_state_t *g, int which, int64_t sid, onc_molecular_t *m, onc_rc *rc)
{
    onc_db_stmt_t *st = query(g, which, sid, rc);
    while (next_row(g, st, rc)) {
        const char *section = onc_db_column_text(st, 0);
        if (section && strcmp(section, "variant") == 0) {
            onc_case_variant_t *v = new_variant(g, m, rc);
            if (v) entry_variant(g, st, v, rc);
            if (v && which == G_FILEALT) {
                v->chrom = v->ref = v->alt = NULL;
                v->pos = ONC_POS_MISSING;
            }
        } else if (section && strcmp(section, "fusion") == 0) {
            onc_case_fusion_t *f = new_fusion(g, m, rc);
            if (!f) continue;
            f->gene_a = col_str(g, st, 1, rc);
            f->gene_b = col_str(g, st, 15, rc);
            f->line = col_line(st, 18);
        } else {
            onc_case_cna_t *cn = new_cna(g, m, rc);
            if (!cn) continue;
            cn->gene = col_str(g, st, 1, rc);
            cn->call = cna_kind(onc_db_column_text(st, 16));
            cn->copies = col_dbl(st, 17);
            cn->line = col_line(st, 18);
        }
    }
}

static void get_sample_row(get_state_t *g, onc_db_stmt_t *st, onc_sample_t *s, onc_rc *rc)
{
    onc_molecular_t *m = &s->molecular;
    s->id = col_str(g, st, 1, rc);
    s->path = col_str(g, st, 2, rc);
    s->collected = col_date(g, st, 3, rc);
    s->type = col_enum(st, 4, onc_specimen_names);
    s->has_molecular = onc_db_column_int64(st, 5) != 0;
    m->genome = col_str(g, st, 6, rc);
    m->specimen = col_enum(st, 7, onc_specimen_names);
    m->assay.name = col_str(g, st, 8, rc);
    m->assay.method = col_enum(st, 9, onc_assay_method_names);
    m->assay.size_mb = col_dbl(st, 10);
}

static void get_samples(get_state_t *g, int64_t pid, onc_rc *rc)
{
    onc_case_t *c = g->c;
    int64_t *ids = NULL;
    onc_db_stmt_t *st = query(g, G_SAMPLE, pid, rc);
    while (next_row(g, st, rc)) {
        c->samples = grow(g, c->samples, c->n_samples, sizeof *c->samples, rc);
        ids = grow(g, ids, c->n_samples, sizeof *ids, rc);
        if (*rc != ONC_OK) continue;
        ids[c->n_samples] = onc_db_column_int64(st, 0);
        onc_sample_t *s = &c->samples[c->n_samples++];
        onc_sample_init(s);
        get_sample_row(g, st, s, rc);
    }
    for (size_t i = 0; *rc == ONC_OK && i < c->n_samples; i++) {
        onc_molecular_t *m = &c->samples[i].molecular;
        get_assay(g, ids[i], &m->assay, rc);
        get_entries(g, G_ENTRY, ids[i], m, rc);
        get_entries(g, G_FILEALT, ids[i], m, rc);
    }
}

/* The patient row; 0 in *pid when there is none. */
static void get_patient(get_state_t *g, const char *patient_id, int64_t *pid, onc_rc *rc)
{
    onc_case_t *c = g->c;
    onc_db_stmt_t *st = g->st[G_PAT];
    *pid = 0;
    if (*rc == ONC_OK) *rc = onc_db_bind_text(st, 1, patient_id, g->err);
    while (next_row(g, st, rc)) {
        *pid = onc_db_column_int64(st, 0);
        c->id = col_str(g, st, 0 + 0, rc) ? onc_case_strdup(c, patient_id) : NULL;
        c->case_format = col_int(st, 1);
        c->sex = col_enum(st, 2, onc_sex_names);
        c->birth_date = col_date(g, st, 3, rc);
        c->age = col_int(st, 4);
        c->smoking = col_enum(st, 5, onc_smoking_names);
        c->ecog = col_int(st, 6);
        c->consent_research = col_tri(st, 7);
        c->from_samples = onc_db_column_int64(st, 8) != 0;
        c->outcome.vital_status = col_enum(st, 9, onc_vital_names);
        c->outcome.death_date = col_date(g, st, 10, rc);
        c->outcome.last_follow_up = col_date(g, st, 11, rc);
    }
}

static void get_parts(get_state_t *g, int64_t pid, onc_rc *rc)
{
    get_warnings_source(g, pid, rc);
    get_diagnosis_biomarkers(g, pid, rc);
    get_labs_enrolments(g, pid, rc);
    get_therapies(g, pid, rc);
    get_samples(g, pid, rc);
}

onc_rc store_case_read(onc_db_t *db, const char *patient_id, onc_case_t **out, int64_t *pid, onc_err_t *err)
{
    *out = NULL;
    *pid = 0;
    onc_rc rc = store_need_transaction(db, "reading a case", err);
    if (rc != ONC_OK) return rc;
    if (!patient_id) return onc_err_set(err, ONC_EINVAL, "reading a case: no patient id");
    get_state_t g = {.err = err};
    if (!(g.c = onc_case_new())) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    rc = store_prepare_all(db, get_sql, g.st, G_N, err);
    get_patient(&g, patient_id, pid, &rc);
    if (rc == ONC_OK && !*pid) rc = onc_err_set(err, ONC_ENOTFOUND, "patient %s is not in the registry", patient_id);
    if (rc == ONC_OK) get_parts(&g, *pid, &rc);
    store_finalize_all(g.st, G_N);
    if (rc == ONC_OK && !g.c->name) g.c->name = g.c->id;
    if (rc != ONC_OK) {
        onc_case_free(g.c);
        return rc;
    }
    *out = g.c;
    return ONC_OK;
}

onc_rc onc_store_get_case(onc_db_t *db, const char *patient_id, const char *actor, onc_case_t **out, onc_err_t *err)
{
    int64_t pid = 0;
    onc_rc rc = store_case_read(db, patient_id, out, &pid, err);
    if (rc == ONC_OK) rc = store_audit(db, actor, "read", "patient", patient_id, "case", err);
    if (rc != ONC_OK) {
        onc_case_free(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- the case text and the listing ---- */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

onc_rc onc_store_get_case_text(onc_db_t *db, const char *patient_id, const char *actor, char **name, char **text,
                               bool *current, onc_err_t *err)
{
    *name = *text = NULL;
    *current = false;
    onc_rc rc = store_need_transaction(db, "reading a case file", err);
    onc_db_stmt_t *st = NULL;
    if (rc == ONC_OK)
        rc = onc_db_prepare(db,
                            "SELECT s.name, s.text, s.current FROM case_sources s JOIN patients p ON p.id = s.patient_id "
                            "WHERE p.external_id = ?",
                            &st, err);
    bool row = false;
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, patient_id, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && !row) rc = onc_err_set(err, ONC_ENOTFOUND, "patient %s: no case file text in the registry", patient_id);
    if (rc == ONC_OK) {
        *name = dup_or_null(onc_db_column_text(st, 0));
        *text = dup_or_null(onc_db_column_text(st, 1));
        *current = onc_db_column_int64(st, 2) != 0;
        if (!*name || !*text) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    onc_db_finalize(st);
    if (rc == ONC_OK) rc = store_audit(db, actor, "export", "patient", patient_id, "case file", err);
    if (rc != ONC_OK) {
        free(*name), free(*text);
        *name = *text = NULL;
    }
    return rc;
}

void onc_store_ids_free(char **ids, size_t n)
{
    for (size_t i = 0; ids && i < n; i++) free(ids[i]);
    free(ids);
}

static onc_rc push_id(char ***ids, size_t *n, size_t *cap, const char *s, onc_err_t *err)
{
    if (*n == *cap) {
        size_t m = *cap ? *cap * 2 : 64;
        char **bigger = realloc(*ids, m * sizeof *bigger);
        if (!bigger) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        *ids = bigger, *cap = m;
    }
    if (!((*ids)[*n] = strdup(s ? s : ""))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    (*n)++;
    return ONC_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

onc_rc onc_store_list_patients(onc_db_t *db, const char *actor, char ***ids, size_t *n, onc_err_t *err)
{
    *ids = NULL;
    *n = 0;
    size_t cap = 0;
    onc_rc rc = store_need_transaction(db, "listing patients", err);
    onc_db_stmt_t *st = NULL;
    if (rc == ONC_OK) rc = onc_db_prepare(db, "SELECT external_id FROM patients", &st, err);
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row)
        rc = push_id(ids, n, &cap, onc_db_column_text(st, 0), err);
    onc_db_finalize(st);
    /* sorted here, not by the database: bytewise on every back end whatever its collation */
    if (rc == ONC_OK && *n) qsort(*ids, *n, sizeof **ids, cmp_str);
    if (rc == ONC_OK) rc = store_audit(db, actor, "list", "patient", NULL, "patient ids", err);
    if (rc != ONC_OK) {
        onc_store_ids_free(*ids, *n);
        *ids = NULL, *n = 0;
    }
    return rc;
}
