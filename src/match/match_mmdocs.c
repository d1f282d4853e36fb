/* match_mmdocs.c: MatchMiner's clinical and genomic documents as patients (onc_matchminer_load).
 *
 * One patient per clinical document (one sequenced sample in DFCI's model, trial-matching.md
 * 2.10), its id the SAMPLE_ID. Genomic documents join their clinical document by CLINICAL_ID
 * (the clinical _id, or a SAMPLE_ID where a producer put that there), else by SAMPLE_ID, as
 * MatchMiner's loader links them. A genomic document whose clinical document is missing is
 * skipped with a warning naming its file and line, not refused: MatchMiner would never match
 * it either, and exports of a subset of patients (MatchMiner V1's own example CSVs: 3 of 59
 * genomic rows have a clinical row) are common; the warning keeps the mismatch visible
 * (docs/matchminer-input.md).
 *
 * Field names: v2.2.3 HARMONIZED_* and v2.1 TRUE_* are both read (HARMONIZED_ first); values
 * are kept as written, because MatchMiner compares them as exact strings, and each event also
 * gets its canonical alteration (onc_alt_t) and the knowledge base's oncogenicity.
 */
#include "match/match_mmdocs_int.h"
#include "match/match_pat_int.h"

#include "io/io_annot.h"
#include "oncoboard/hgvs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MM_MAX_WARNINGS 1000

struct onc_match_cohort {
    onc_arena_t *arena;
    onc_match_patient_t *patients;
    size_t n, cap;
    /* the documents as read, per patient (onc_matchminer_read with keep_documents) */
    onc_json_doc_t *clinical_docs;
    onc_json_doc_t **genomic_docs;
    size_t *n_genomic_docs;
    const char *warnings[MM_MAX_WARNINGS];
    size_t n_warnings, n_skipped;
};

typedef struct id_key {
    const char *key;
    size_t index;
} id_key_t;

/* A genomic event waiting for its patient's array. */
typedef struct pending {
    size_t patient;
    match_event_t e;
    onc_json_doc_t doc; /* its document, when kept */
} pending_t;

typedef struct loader {
    onc_match_cohort_t *m;
    const onc_match_ctx_t *ctx;
    uint64_t *lines;           /* clinical document lines, per patient (duplicate messages) */
    const char **files;
    id_key_t *by_id, *by_sample;
    size_t n_by_id;
    pending_t *ev;
    size_t n_ev, cap_ev;
    onc_kb_match_t *kbm;       /* scratch for the oncogenicity */
    bool keep;                 /* keep each document's text (the registry stores them) */
    char buf[256];
} loader_t;

#define K(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- clinical documents ---- */

static onc_tri vital_status(const char *s)
{
    if (!s) return ONC_TRI_UNKNOWN;
    if (!strcasecmp(s, "deceased")) return ONC_TRI_TRUE;
    if (!strcasecmp(s, "alive")) return ONC_TRI_FALSE;
    return ONC_TRI_UNKNOWN;
}

/* The node of a diagnosis name, when exactly one node has it (OncoTree repeats a few names). */
static const onc_tumor_type_t *diagnosis_node(const onc_oncotree_t *t, const char *name)
{
    const onc_tumor_type_t *out[2];
    if (!t || !name) return NULL;
    return onc_oncotree_find_name(t, name, out, 2) == 1 ? out[0] : NULL;
}

static onc_rc grow_patients(onc_match_cohort_t *m, loader_t *L, onc_err_t *err)
{
    if (m->n < m->cap) return ONC_OK;
    size_t cap = m->cap ? m->cap * 2 : 64;
    onc_match_patient_t *p = realloc(m->patients, cap * sizeof *p);
    if (p) m->patients = p;
    uint64_t *l = p ? realloc(L->lines, cap * sizeof *l) : NULL;
    if (l) L->lines = l;
    const char **f = l ? realloc(L->files, cap * sizeof *f) : NULL;
    if (f) L->files = f;
    onc_json_doc_t *d = f && L->keep ? realloc(m->clinical_docs, cap * sizeof *d) : NULL;
    if (d) m->clinical_docs = d;
    if (!f || (L->keep && !d)) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    m->cap = cap;
    return ONC_OK;
}

static onc_rc clinical_dates(const mm_rec_t *r, onc_match_patient_t *p, onc_err_t *err)
{
    /* MatchMiner computes ages from BIRTH_DATE_INT; BIRTH_DATE serves when that is absent. */
    onc_rc rc = mm_date_int(r, "BIRTH_DATE_INT", &p->birth_date, err);
    if (!rc && onc_date_is_missing(p->birth_date)) rc = mm_date(r, "BIRTH_DATE", &p->birth_date, err);
    if (!rc) rc = mm_date(r, "REPORT_DATE", &p->report_date, err);
    return rc;
}

/* The record as compact JSON in the cohort's arena (its text as read is not kept: a document
 * of an array or a CSV row has none of its own). */
static onc_rc keep_document(loader_t *L, const mm_rec_t *r, onc_json_doc_t *out, onc_err_t *err)
{
    *out = (onc_json_doc_t){0};
    if (!L->keep) return ONC_OK;
    char *json = json_dumps(r->obj, JSON_COMPACT | JSON_ENCODE_ANY);
    out->json = json ? onc_arena_strdup(L->m->arena, json) : NULL;
    free(json);
    out->cells_as_text = r->csv;
    return out->json ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
}

static onc_rc visit_clinical(const mm_rec_t *r, void *vctx, onc_err_t *err)
{
    loader_t *L = vctx;
    onc_match_cohort_t *m = L->m;
    onc_rc rc = grow_patients(m, L, err);
    if (rc) return rc;
    onc_match_patient_t *p = &m->patients[m->n];
    match_pat_init(p);
    const char *vital = NULL;
    onc_arena_t *a = m->arena;
    if (!rc) rc = mm_text(r, "SAMPLE_ID", a, &p->id, err);
    if (!rc && !p->id) rc = mm_fail(r, err, ONC_EPARSE, "SAMPLE_ID", "missing (every clinical document needs one)");
    if (!rc) rc = mm_text(r, "_id", a, &p->clinical_id, err);
    if (!rc) rc = mm_text(r, "MRN", a, &p->mrn, err);
    if (!rc) rc = mm_text(r, "GENDER", a, &p->gender, err);
    if (!rc) rc = mm_text(r, "VITAL_STATUS", a, &vital, err);
    if (!rc) rc = mm_text(r, "ONCOTREE_PRIMARY_DIAGNOSIS_NAME", a, &p->diagnosis_name, err);
    if (!rc) rc = mm_text(r, "MMR_STATUS", a, &p->mmr_status, err);
    if (!rc) rc = mm_number(r, "TUMOR_MUTATIONAL_BURDEN_PER_MEGABASE", &p->tmb, err);
    if (!rc) rc = clinical_dates(r, p, err);
    if (!rc && L->keep) rc = keep_document(L, r, &m->clinical_docs[m->n], err);
    if (rc) return rc;
    p->deceased = vital_status(vital);
    p->tumor_type = diagnosis_node(L->ctx ? L->ctx->oncotree : NULL, p->diagnosis_name);
    p->genes = L->ctx ? L->ctx->genes : NULL;
    L->lines[m->n] = r->line;
    L->files[m->n] = r->file;
    m->n++;
    return ONC_OK;
}

/* ---- the join ---- */

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const id_key_t *)a)->key, ((const id_key_t *)b)->key);
}

static const id_key_t *find_key(const id_key_t *keys, size_t n, const char *key)
{
    id_key_t probe = {key, 0};
    return key ? bsearch(&probe, keys, n, sizeof probe, cmp_key) : NULL;
}

/* Sorted (key, patient) pairs; a key twice is an error naming both documents. */
static onc_rc build_index(loader_t *L, bool by_id, id_key_t **out, size_t *n_out, onc_err_t *err)
{
    onc_match_cohort_t *m = L->m;
    id_key_t *keys = malloc((m->n ? m->n : 1) * sizeof *keys);
    if (!keys) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++) {
        const char *k = by_id ? m->patients[i].clinical_id : m->patients[i].id;
        if (k) keys[n++] = (id_key_t){k, i};
    }
    qsort(keys, n, sizeof *keys, cmp_key);
    *out = keys;
    *n_out = n;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(keys[i - 1].key, keys[i].key) != 0) continue;
        size_t a = keys[i - 1].index < keys[i].index ? keys[i - 1].index : keys[i].index;
        size_t b = keys[i - 1].index < keys[i].index ? keys[i].index : keys[i - 1].index;
        return onc_err_at(err, ONC_EPARSE, L->files[b], L->lines[b], by_id ? "_id" : "SAMPLE_ID",
                          "\"%s\" again (first at %s:%llu)", keys[i].key, L->files[a], (unsigned long long)L->lines[a]);
    }
    return ONC_OK;
}

static onc_rc skip_orphan(loader_t *L, const mm_rec_t *r, const char *field, const char *id, onc_err_t *err)
{
    onc_match_cohort_t *m = L->m;
    m->n_skipped++;
    if (m->n_warnings == MM_MAX_WARNINGS) return ONC_OK;
    onc_err_t w = {0};
    onc_err_at(&w, ONC_ENOTFOUND, r->file, mm_line(r, field), field,
               "no clinical document has _id or SAMPLE_ID \"%s\": genomic document skipped", id);
    const char *s = onc_arena_strdup(m->arena, w.msg);
    if (!s) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    m->warnings[m->n_warnings++] = s;
    return ONC_OK;
}

/* *out: the patient's index, or SIZE_MAX when the document joins none (skipped). */
static onc_rc find_patient(loader_t *L, const mm_rec_t *r, size_t *out, onc_err_t *err)
{
    const char *cid = NULL, *sid = NULL;
    onc_rc rc = mm_text(r, "CLINICAL_ID", L->m->arena, &cid, err);
    if (!rc) rc = mm_text(r, "SAMPLE_ID", L->m->arena, &sid, err);
    if (rc) return rc;
    size_t n = L->m->n;
    const id_key_t *k = cid ? find_key(L->by_id, L->n_by_id, cid) : NULL;
    if (!k && cid) k = find_key(L->by_sample, n, cid);
    if (!k && sid) k = find_key(L->by_sample, n, sid);
    if (k) {
        *out = k->index;
        return ONC_OK;
    }
    if (!cid && !sid) return mm_fail(r, err, ONC_EPARSE, "CLINICAL_ID", "missing, and no SAMPLE_ID either: the document belongs to no patient");
    *out = SIZE_MAX;
    return skip_orphan(L, r, cid ? "CLINICAL_ID" : "SAMPLE_ID", cid ? cid : sid, err);
}

/* ---- genomic documents ---- */

static match_category category_of(const char *s)
{
    static const struct {
        const char *name;
        match_category cat;
    } cats[] = {{"MUTATION", MATCH_CAT_MUTATION}, {"CNV", MATCH_CAT_CNV}, {"SV", MATCH_CAT_SV},
                {"SIGNATURE", MATCH_CAT_SIGNATURE}, {"WT", MATCH_CAT_WT}};
    /* exact: MatchMiner compares the upper-cased CTML value with the document as written */
    for (size_t i = 0; s && i < sizeof cats / sizeof cats[0]; i++)
        if (!strcmp(s, cats[i].name)) return cats[i].cat;
    return MATCH_CAT_OTHER;
}

static onc_rc genomic_texts(const mm_rec_t *r, onc_arena_t *a, match_event_t *e, onc_err_t *err)
{
    onc_rc rc = mm_text(r, "_id", a, &e->id, err);
    if (!rc) rc = mm_text(r, "VARIANT_CATEGORY", a, &e->category_raw, err);
    if (!rc) rc = mm_text(r, mm_key(r, K("HARMONIZED_HUGO_SYMBOL", "TRUE_HUGO_SYMBOL")), a, &e->gene, err);
    if (!rc) rc = mm_text(r, mm_key(r, K("HARMONIZED_PROTEIN_CHANGE", "TRUE_PROTEIN_CHANGE")), a, &e->protein_change, err);
    if (!rc)
        rc = mm_text(r, mm_key(r, K("HARMONIZED_VARIANT_CLASSIFICATION", "TRUE_VARIANT_CLASSIFICATION")), a,
                     &e->variant_classification, err);
    if (!rc)
        rc = mm_exon(r, mm_key(r, K("HARMONIZED_TRANSCRIPT_EXON", "TRUE_TRANSCRIPT_EXON")), &e->exon,
                     &e->exon_is_text, err);
    if (!rc) rc = mm_text(r, "CNV_CALL", a, &e->cnv_call, err);
    if (!rc) rc = mm_bool(r, "WILDTYPE", &e->wildtype, err);
    if (!rc) rc = mm_text(r, "MMR_STATUS", a, &e->mmr_status, err);
    return rc;
}

static onc_rc genomic_signatures(const mm_rec_t *r, onc_arena_t *a, match_event_t *e, onc_err_t *err)
{
    static const char *const keys[MATCH_SIG_COUNT][3] = {
        [MATCH_SIG_APOBEC] = {"APOBEC_STATUS", NULL, NULL},
        [MATCH_SIG_POLE] = {"POLE_STATUS", NULL, NULL},
        [MATCH_SIG_TOBACCO] = {"TOBACCO_STATUS", "TABACCO_STATUS", NULL}, /* v2.1 spelling, sic */
        [MATCH_SIG_TEMOZOLOMIDE] = {"TEMOZOLOMIDE_STATUS", NULL, NULL},
        [MATCH_SIG_UVA] = {"UVA_STATUS", NULL, NULL},
    };
    onc_rc rc = ONC_OK;
    for (int s = 0; s < MATCH_SIG_COUNT && !rc; s++) rc = mm_text(r, mm_key(r, keys[s]), a, &e->signature[s], err);
    return rc;
}

/* Structural variants: partners given (structured, DFCI reports from 2018-12) or only a
 * comment. A partner key present with null is intergenic, so presence decides; a CSV row
 * has no null, so there a non-empty partner cell does. */
static onc_rc genomic_sv(const mm_rec_t *r, onc_arena_t *a, match_event_t *e, onc_err_t *err)
{
    const char *left = mm_key(r, K("HARMONIZED_LEFT_PARTNER_GENE", "TRUE_LEFT_PARTNER_GENE", "LEFT_PARTNER_GENE"));
    const char *right = mm_key(r, K("HARMONIZED_RIGHT_PARTNER_GENE", "TRUE_RIGHT_PARTNER_GENE", "RIGHT_PARTNER_GENE"));
    double tier;
    onc_rc rc = mm_text(r, left, a, &e->left_partner, err);
    if (!rc) rc = mm_text(r, right, a, &e->right_partner, err);
    if (!rc) rc = mm_text(r, "STRUCTURAL_VARIANT_TYPE", a, &e->sv_type, err);
    if (!rc) rc = mm_text(r, "STRUCTURAL_VARIANT_COMMENT", a, &e->sv_comment, err);
    if (!rc) rc = mm_number(r, "TIER", &tier, err);
    if (rc) return rc;
    e->structured_sv = r->csv ? (e->left_partner || e->right_partner) : (left || right);
    e->tier = tier >= 1 && tier <= 4 && tier == (int)tier ? (int)tier : 0;
    return ONC_OK;
}

static const char *canonical(const loader_t *L, const char *sym)
{
    return sym && L->ctx && L->ctx->genes ? onc_genes_canonical(L->ctx->genes, sym) : sym;
}

/* The canonical alteration of an event, or NULL (signatures, wild-type calls, comments). */
static onc_rc event_alt(loader_t *L, const mm_rec_t *r, match_event_t *e, onc_alt_t **out, onc_err_t *err)
{
    onc_alt_t a;
    onc_alt_init(&a);
    *out = NULL;
    a.source = r->file;
    a.line = r->line;
    a.gene = canonical(L, e->gene);
    if (e->category == MATCH_CAT_MUTATION && a.gene) {
        a.kind = ONC_KIND_MUTATION;
        a.hgvsp = e->protein_change;
        a.consequence = e->variant_classification;
        a.exon = e->exon;
        if (e->protein_change && onc_hgvsp_normalise(e->protein_change, L->buf, sizeof L->buf, NULL) == ONC_OK)
            a.alteration = L->buf;
        else a.flags |= ONC_ALT_UNANNOTATED;
    } else if (e->category == MATCH_CAT_CNV && a.gene && match_pat_cnv_kind(e->cnv_call, &a.kind)) {
        a.alteration = io_cna_alteration(a.kind);
    } else if (e->category == MATCH_CAT_SV && e->structured_sv && (e->left_partner || e->right_partner)) {
        if (io_fusion_fill(&a, canonical(L, e->left_partner), canonical(L, e->right_partner), L->buf, sizeof L->buf) < 0)
            return mm_fail(r, err, ONC_ELIMIT, NULL, "partner names too long");
        a.alteration = L->buf;
    } else {
        return ONC_OK;
    }
    onc_alt_t *copy = onc_arena_alloc(L->m->arena, sizeof *copy);
    if (!copy) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    *copy = a;
    if (a.alteration && !(copy->alteration = onc_arena_strdup(L->m->arena, a.alteration)))
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    *out = copy;
    return ONC_OK;
}

static onc_rc push_event(loader_t *L, size_t patient, const match_event_t *e, const onc_json_doc_t *doc,
                         onc_err_t *err)
{
    if (L->n_ev == L->cap_ev) {
        size_t cap = L->cap_ev ? L->cap_ev * 2 : 256;
        pending_t *p = realloc(L->ev, cap * sizeof *p);
        if (!p) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        L->ev = p;
        L->cap_ev = cap;
    }
    L->ev[L->n_ev++] = (pending_t){patient, *e, *doc};
    return ONC_OK;
}

static onc_rc visit_genomic(const mm_rec_t *r, void *vctx, onc_err_t *err)
{
    loader_t *L = vctx;
    onc_arena_t *a = L->m->arena;
    size_t pi = 0;
    match_event_t e;
    match_event_init(&e);
    onc_rc rc = find_patient(L, r, &pi, err);
    if (rc || pi == SIZE_MAX) return rc;
    rc = genomic_texts(r, a, &e, err);
    if (!rc) rc = genomic_signatures(r, a, &e, err);
    if (!rc) rc = genomic_sv(r, a, &e, err);
    if (rc) return rc;
    e.category = category_of(e.category_raw);
    onc_alt_t *alt;
    if ((rc = event_alt(L, r, &e, &alt, err))) return rc;
    e.alt = alt;
    e.oncogenicity = match_pat_oncogenicity(L->ctx ? L->ctx->kb : NULL, alt, L->m->patients[pi].tumor_type, L->kbm);
    onc_json_doc_t doc;
    if ((rc = keep_document(L, r, &doc, err))) return rc;
    return push_event(L, pi, &e, &doc, err);
}

/* Each patient's genomic documents in one array, in file order (as their events). */
static onc_rc attach_documents(loader_t *L, onc_err_t *err)
{
    onc_match_cohort_t *m = L->m;
    size_t n = m->n ? m->n : 1;
    m->genomic_docs = onc_arena_alloc(m->arena, n * sizeof *m->genomic_docs);
    m->n_genomic_docs = onc_arena_alloc(m->arena, n * sizeof *m->n_genomic_docs);
    if (!m->genomic_docs || !m->n_genomic_docs) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < m->n; i++) {
        size_t k = m->patients[i].n_events;
        if (k && !(m->genomic_docs[i] = onc_arena_alloc(m->arena, k * sizeof **m->genomic_docs)))
            return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < L->n_ev; i++) {
        size_t p = L->ev[i].patient;
        m->genomic_docs[p][m->n_genomic_docs[p]++] = L->ev[i].doc;
    }
    return ONC_OK;
}

/* Each patient's events in one array, in file order. */
static onc_rc attach_events(loader_t *L, onc_err_t *err)
{
    onc_match_cohort_t *m = L->m;
    for (size_t i = 0; i < L->n_ev; i++) m->patients[L->ev[i].patient].n_events++;
    for (size_t i = 0; i < m->n; i++) {
        onc_match_patient_t *p = &m->patients[i];
        if (p->n_events && !(p->events = onc_arena_alloc(m->arena, p->n_events * sizeof *p->events)))
            return onc_err_set(err, ONC_ENOMEM, "out of memory");
        p->n_events = 0;
    }
    for (size_t i = 0; i < L->n_ev; i++) {
        onc_match_patient_t *p = &m->patients[L->ev[i].patient];
        p->events[p->n_events++] = L->ev[i].e;
    }
    /* A clinical document is a sequencing report in MatchMiner's model: one with a report
     * date or any genomic document was sequenced; one with neither may not have been. */
    for (size_t i = 0; i < m->n; i++) {
        onc_match_patient_t *p = &m->patients[i];
        p->sequenced = p->n_events || !onc_date_is_missing(p->report_date) ? ONC_TRI_TRUE : ONC_TRI_UNKNOWN;
    }
    return L->keep ? attach_documents(L, err) : ONC_OK;
}

static void loader_free(loader_t *L)
{
    free(L->lines);
    free(L->files);
    free(L->by_id);
    free(L->by_sample);
    free(L->ev);
    free(L->kbm);
}

/* What a load reads the documents from: two paths, or documents in memory. */
typedef struct mm_source {
    const char *clinical_path, *genomic_path;
    const onc_json_doc_t *clinical, *genomic;
    size_t n_clinical, n_genomic;
    const char *name; /* in messages about documents in memory */
} mm_source_t;

static onc_rc visit_docs(const onc_json_doc_t *docs, size_t n, const char *name, mm_visit_fn fn, loader_t *L,
                         onc_err_t *err)
{
    onc_rc rc = ONC_OK;
    for (size_t i = 0; !rc && i < n; i++)
        rc = mm_visit_text(docs[i].json, docs[i].json ? strlen(docs[i].json) : 0, name, docs[i].cells_as_text, fn, L,
                           err);
    return rc;
}

static onc_rc read_source(loader_t *L, const mm_source_t *src, onc_err_t *err)
{
    size_t n_sample = 0;
    onc_rc rc = src->clinical_path ? mm_read_path(src->clinical_path, visit_clinical, L, err)
                                   : visit_docs(src->clinical, src->n_clinical, src->name, visit_clinical, L, err);
    if (!rc) rc = build_index(L, false, &L->by_sample, &n_sample, err);
    if (!rc) rc = build_index(L, true, &L->by_id, &L->n_by_id, err);
    if (!rc && src->genomic_path) rc = mm_read_path(src->genomic_path, visit_genomic, L, err);
    if (!rc && !src->clinical_path) rc = visit_docs(src->genomic, src->n_genomic, src->name, visit_genomic, L, err);
    if (!rc) rc = attach_events(L, err);
    return rc;
}

static onc_rc load(const mm_source_t *src, bool keep, const onc_match_ctx_t *ctx, onc_match_cohort_t **out,
                   onc_err_t *err)
{
    *out = NULL;
    loader_t L = {.ctx = ctx, .keep = keep};
    onc_match_cohort_t *m = calloc(1, sizeof *m);
    if (m) m->arena = onc_arena_new();
    L.m = m;
    L.kbm = malloc(sizeof *L.kbm);
    onc_rc rc = m && m->arena && L.kbm ? read_source(&L, src, err) : onc_err_set(err, ONC_ENOMEM, "out of memory");
    loader_free(&L);
    if (rc) {
        onc_match_cohort_free(m);
        return rc;
    }
    *out = m;
    return ONC_OK;
}

onc_rc onc_matchminer_read(const char *clinical_path, const char *genomic_path, bool keep_documents,
                           const onc_match_ctx_t *ctx, onc_match_cohort_t **out, onc_err_t *err)
{
    *out = NULL;
    if (!clinical_path) return onc_err_set(err, ONC_EINVAL, "MatchMiner documents: no clinical file given");
    mm_source_t src = {.clinical_path = clinical_path, .genomic_path = genomic_path};
    return load(&src, keep_documents, ctx, out, err);
}

onc_rc onc_matchminer_load(const char *clinical_path, const char *genomic_path, const onc_match_ctx_t *ctx,
                           onc_match_cohort_t **out, onc_err_t *err)
{
    return onc_matchminer_read(clinical_path, genomic_path, false, ctx, out, err);
}

onc_rc onc_matchminer_from_documents(const onc_json_doc_t *clinical, size_t n_clinical, const onc_json_doc_t *genomic,
                                     size_t n_genomic, const char *name, const onc_match_ctx_t *ctx,
                                     onc_match_cohort_t **out, onc_err_t *err)
{
    mm_source_t src = {.clinical = clinical, .n_clinical = n_clinical, .genomic = genomic, .n_genomic = n_genomic,
                       .name = name ? name : "MatchMiner documents"};
    return load(&src, false, ctx, out, err);
}

onc_rc onc_match_cohort_documents(const onc_match_cohort_t *m, size_t i, const onc_json_doc_t **clinical,
                                  const onc_json_doc_t **genomic, size_t *n_genomic)
{
    if (!m || i >= m->n || !m->clinical_docs || !m->genomic_docs) return ONC_ENOTFOUND;
    *clinical = &m->clinical_docs[i];
    *genomic = m->genomic_docs[i];
    *n_genomic = m->n_genomic_docs[i];
    return ONC_OK;
}

size_t onc_match_cohort_size(const onc_match_cohort_t *m) { return m ? m->n : 0; }

const onc_match_patient_t *onc_match_cohort_at(const onc_match_cohort_t *m, size_t i)
{
    return m && i < m->n ? &m->patients[i] : NULL;
}

size_t onc_match_cohort_n_warnings(const onc_match_cohort_t *m) { return m ? m->n_warnings : 0; }

const char *onc_match_cohort_warning(const onc_match_cohort_t *m, size_t i)
{
    return m && i < m->n_warnings ? m->warnings[i] : NULL;
}

size_t onc_match_cohort_n_skipped(const onc_match_cohort_t *m) { return m ? m->n_skipped : 0; }

void onc_match_cohort_assume_tested(onc_match_cohort_t *m, bool on)
{
    for (size_t i = 0; m && i < m->n; i++) m->patients[i].assume_tested = on;
}

void onc_match_cohort_free(onc_match_cohort_t *m)
{
    if (!m) return;
    onc_arena_free(m->arena);
    free(m->patients);
    free(m->clinical_docs);
    free(m);
}
