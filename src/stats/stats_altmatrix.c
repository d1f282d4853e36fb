/* stats_altmatrix.c: the gene x sample alteration matrix of a cBioPortal study
 * (stats_cohort.h), built from the cases onc_cbio_study_read gives.
 *
 * What counts as altered follows cBioPortal's OncoPrint: a non-silent mutation (the consequence
 * classes tmb.h calls nonsynonymous: missense, nonsense, frameshift, in-frame, splice site,
 * start and stop lost, protein altering; a variant without a consequence counts, as the reader
 * kept it for a reason), an amplification or a deep deletion (GISTIC 2 / -2; gains and shallow
 * losses do not count), and a structural variant or fusion for each of its partners. A gene the
 * sample's panel leaves out for every counted type is not profiled there: missing, never wild
 * type, so that genes on the larger panels are not diluted by samples that could not show them.
 * An alteration seen in a gene off the panel still counts (the lab reported it).
 */
#include "oncoboard/kb.h"
#include "oncoboard/stats_cohort.h"
#include "oncoboard/tmb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALTM_MAX_GENES 100000

void onc_altmatrix_opts_init(onc_altmatrix_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->types = ONC_ALTM_ALL;
}

void onc_altmatrix_free(onc_altmatrix_t *m)
{
    if (!m) return;
    for (size_t g = 0; m->genes && g < m->n_genes; g++) free(m->genes[g]);
    free(m->genes);
    free(m->samples), free(m->patients), free(m->patient_index);
    free(m->cell), free(m->kinds);
    memset(m, 0, sizeof *m);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

size_t onc_altmatrix_gene(const onc_altmatrix_t *m, const char *gene)
{
    if (!gene || !m->n_genes) return m->n_genes;
    char *const *hit = bsearch(&gene, m->genes, m->n_genes, sizeof *m->genes, cmp_str);
    return hit ? (size_t)(hit - m->genes) : m->n_genes;
}

size_t onc_altmatrix_sample(const onc_altmatrix_t *m, const char *sample_id)
{
    for (size_t s = 0; sample_id && s < m->n_samples; s++)
        if (strcmp(m->samples[s], sample_id) == 0) return s;
    return m->n_samples;
}

/* ---- which alterations count ---- */

typedef struct visit {
    const onc_altmatrix_opts_t *o;
    onc_kb_match_t *match;  /* scratch for the knowledge base (oncogenic only) */
    onc_altmatrix_t *m;
    /* pass 1 collects gene names; pass 2 marks cells of sample column s */
    int pass;
    size_t s;
    char **names;
    size_t n_names, cap_names;
    onc_err_t *err;
} visit_t;

static bool non_silent(const char *consequence)
{
    if (!consequence) return true;
    int unrecognised = 0;
    unsigned classes = onc_tmb_consequence_classes(consequence, &unrecognised);
    unsigned coding = (1u << ONC_TMB_C_MISSENSE) | (1u << ONC_TMB_C_NONSENSE) | (1u << ONC_TMB_C_FRAMESHIFT) |
                      (1u << ONC_TMB_C_INFRAME) | (1u << ONC_TMB_C_SPLICE_SITE) | (1u << ONC_TMB_C_START_LOST) |
                      (1u << ONC_TMB_C_STOP_LOST) | (1u << ONC_TMB_C_PROTEIN_ALTERING);
    return (classes & coding) != 0 || (classes == 0 && unrecognised > 0);
}

/* True when the knowledge base calls gene's alteration oncogenic (or when not asked). An
 * alteration the matcher cannot read is not oncogenic. */
static bool kb_keeps(visit_t *v, const char *gene, const char *alteration, int kind)
{
    if (!v->o->oncogenic) return true;
    if (!gene || !alteration) return false;
    onc_err_t ignored = {0};
    if (onc_kb_match_text(v->o->kb, gene, alteration, kind, v->o->tumor_type, v->match, &ignored) != ONC_OK)
        return false;
    return onc_oncogenicity_is_oncogenic(v->match->oncogenicity);
}

static onc_rc add_name(visit_t *v, const char *gene)
{
    if (v->n_names == v->cap_names) {
        size_t cap = v->cap_names ? v->cap_names * 2 : 256;
        char **grown = cap <= ALTM_MAX_GENES * 4 ? realloc(v->names, cap * sizeof *grown) : NULL;
        if (!grown) return onc_err_set(v->err, ONC_ENOMEM, "alteration matrix: out of memory");
        v->names = grown, v->cap_names = cap;
    }
    if (!(v->names[v->n_names] = strdup(gene))) return onc_err_set(v->err, ONC_ENOMEM, "out of memory");
    v->n_names++;
    return ONC_OK;
}

/* One counted alteration of gene (bit: ONC_ALTM_*). */
static onc_rc counted(visit_t *v, const char *gene, unsigned bit)
{
    if (!gene || !*gene || !(v->o->types & bit)) return ONC_OK;
    if (v->pass == 1) return add_name(v, gene);
    size_t g = onc_altmatrix_gene(v->m, gene);
    if (g == v->m->n_genes) return ONC_OK;
    size_t k = g * v->m->n_samples + v->s;
    v->m->cell[k] = ONC_ALTM_ALTERED;
    v->m->kinds[k] |= (uint8_t)bit;
    return ONC_OK;
}

static onc_rc visit_variants(visit_t *v, const onc_molecular_t *mol)
{
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < mol->n_variants; i++) {
        const onc_case_variant_t *x = &mol->variants[i];
        if (!(v->o->types & ONC_ALTM_MUTATION)) break;
        if (!non_silent(x->consequence)) {
            if (v->pass == 2) v->m->n_silent++;
            continue;
        }
        const char *name = x->alteration ? x->alteration : x->hgvsp ? x->hgvsp : x->protein_change;
        if (!kb_keeps(v, x->gene, name, ONC_KIND_MUTATION)) {
            if (v->pass == 2) v->m->n_not_oncogenic++;
            continue;
        }
        rc = counted(v, x->gene, ONC_ALTM_MUTATION);
    }
    return rc;
}

static onc_rc visit_cna(visit_t *v, const onc_molecular_t *mol)
{
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < mol->n_copy_number; i++) {
        const onc_case_cna_t *x = &mol->copy_number[i];
        unsigned bit = x->call == ONC_KIND_AMPLIFICATION ? ONC_ALTM_AMPLIFICATION
                       : x->call == ONC_KIND_DELETION    ? ONC_ALTM_DELETION
                                                         : 0;
        if (!bit || !(v->o->types & bit)) continue;
        if (!kb_keeps(v, x->gene, bit == ONC_ALTM_AMPLIFICATION ? "Amplification" : "Deletion", (int)x->call)) {
            if (v->pass == 2) v->m->n_not_oncogenic++;
            continue;
        }
        rc = counted(v, x->gene, bit);
    }
    return rc;
}

static onc_rc visit_fusions(visit_t *v, const onc_molecular_t *mol)
{
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < mol->n_fusions; i++) {
        const onc_case_fusion_t *x = &mol->fusions[i];
        if (!(v->o->types & ONC_ALTM_SV)) break;
        char name[256];
        snprintf(name, sizeof name, "%s-%s Fusion", x->gene_a ? x->gene_a : "", x->gene_b ? x->gene_b : "");
        bool keep_a = x->gene_a && kb_keeps(v, x->gene_a, name, ONC_KIND_FUSION);
        bool same = x->gene_b && x->gene_a && strcmp(x->gene_a, x->gene_b) == 0;
        bool keep_b = x->gene_b && !same && kb_keeps(v, x->gene_b, name, ONC_KIND_FUSION);
        if (!keep_a && !keep_b && v->pass == 2) v->m->n_not_oncogenic++;
        if (keep_a) rc = counted(v, x->gene_a, ONC_ALTM_SV);
        if (rc == ONC_OK && keep_b) rc = counted(v, x->gene_b, ONC_ALTM_SV);
    }
    return rc;
}

static onc_rc visit_sample(visit_t *v, const onc_sample_t *smp)
{
    if (!smp || !smp->has_molecular) return ONC_OK;
    onc_rc rc = visit_variants(v, &smp->molecular);
    if (rc == ONC_OK) rc = visit_cna(v, &smp->molecular);
    if (rc == ONC_OK) rc = visit_fusions(v, &smp->molecular);
    return rc;
}

/* ---- the matrix ---- */

/* The case's sample with id (the reader keeps the clinical order, but a caller may have
 * changed a case: look it up). */
static const onc_sample_t *case_sample(const onc_case_t *c, const char *id)
{
    for (size_t k = 0; c && k < c->n_samples; k++)
        if (c->samples[k].id && strcmp(c->samples[k].id, id) == 0) return &c->samples[k];
    return NULL;
}

static unsigned counted_cover_types(unsigned types)
{
    return ((types & ONC_ALTM_MUTATION) ? ONC_COVER_MUTATION : 0) |
           ((types & (ONC_ALTM_AMPLIFICATION | ONC_ALTM_DELETION)) ? ONC_COVER_CNA : 0) |
           ((types & ONC_ALTM_SV) ? ONC_COVER_FUSION : 0);
}

/* Column s: every gene profiled (scope unknown), none (no molecular results), or the panel's. */
static void profile_column(onc_altmatrix_t *m, size_t s, const onc_sample_t *smp, unsigned types)
{
    const onc_assay_t *a = smp && smp->has_molecular ? &smp->molecular.assay : NULL;
    bool unknown_scope = a && a->n_genes == 0 && a->n_coverage == 0;
    for (size_t g = 0; g < m->n_genes; g++)
        m->cell[g * m->n_samples + s] = unknown_scope ? ONC_ALTM_WILDTYPE : ONC_ALTM_NOT_PROFILED;
    if (!a || unknown_scope) return;
    unsigned cover = counted_cover_types(types);
    for (size_t i = 0; i < a->n_genes; i++) {
        size_t g = onc_altmatrix_gene(m, a->genes[i]);
        if (g < m->n_genes) m->cell[g * m->n_samples + s] = ONC_ALTM_WILDTYPE;
    }
    for (size_t i = 0; i < a->n_coverage; i++) {
        size_t g = onc_altmatrix_gene(m, a->coverage[i].gene);
        if (g < m->n_genes && (a->coverage[i].types & cover)) m->cell[g * m->n_samples + s] = ONC_ALTM_WILDTYPE;
    }
}

/* The sample columns in clinical order. */
static onc_rc list_samples(const onc_cbio_study_t *st, onc_altmatrix_t *m, onc_err_t *err)
{
    const onc_cbio_clinical_t *c = st->clinical;
    size_t n = 0;
    for (size_t i = 0; i < c->n_patients; i++) n += c->patients[i].n_samples;
    m->samples = malloc((n + 1) * sizeof *m->samples);
    m->patients = malloc((n + 1) * sizeof *m->patients);
    m->patient_index = malloc((n + 1) * sizeof *m->patient_index);
    if (!m->samples || !m->patients || !m->patient_index) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->n_patients; i++)
        for (size_t k = 0; k < c->patients[i].n_samples; k++) {
            m->samples[m->n_samples] = c->patients[i].samples[k].sample_id;
            m->patients[m->n_samples] = c->patients[i].patient_id;
            m->patient_index[m->n_samples++] = i;
        }
    return ONC_OK;
}

static const onc_sample_t *sample_of(const onc_cbio_study_t *st, const onc_altmatrix_t *m, size_t s)
{
    size_t i = m->patient_index[s];
    return i < st->n_cases ? case_sample(st->cases[i], m->samples[s]) : NULL;
}

/* Pass 1: the genes, sorted and unique. */
static onc_rc collect_genes(const onc_cbio_study_t *st, visit_t *v)
{
    onc_rc rc = ONC_OK;
    for (size_t s = 0; rc == ONC_OK && s < v->m->n_samples; s++) rc = visit_sample(v, sample_of(st, v->m, s));
    if (rc != ONC_OK) return rc;
    qsort(v->names, v->n_names, sizeof *v->names, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < v->n_names; i++) {
        if (u && strcmp(v->names[u - 1], v->names[i]) == 0) free(v->names[i]);
        else v->names[u++] = v->names[i];
    }
    if (u > ALTM_MAX_GENES)
        return onc_err_set(v->err, ONC_ELIMIT, "alteration matrix: %zu genes, more than %d", u, ALTM_MAX_GENES);
    v->m->genes = v->names, v->m->n_genes = u;
    v->names = NULL, v->n_names = 0;
    return ONC_OK;
}

static onc_rc fill_cells(const onc_cbio_study_t *st, visit_t *v)
{
    onc_altmatrix_t *m = v->m;
    size_t cells = m->n_genes * m->n_samples;
    m->cell = malloc(cells + 1);
    m->kinds = calloc(cells + 1, 1);
    if (!m->cell || !m->kinds) return onc_err_set(v->err, ONC_ENOMEM, "alteration matrix: out of memory");
    v->pass = 2;
    onc_rc rc = ONC_OK;
    for (size_t s = 0; rc == ONC_OK && s < m->n_samples; s++) {
        const onc_sample_t *smp = sample_of(st, m, s);
        profile_column(m, s, smp, v->o->types);
        v->s = s;
        rc = visit_sample(v, smp);
    }
    return rc;
}

onc_rc onc_altmatrix_build(const onc_cbio_study_t *st, const onc_altmatrix_opts_t *o, onc_altmatrix_t *out,
                           onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_altmatrix_opts_t defaults;
    onc_altmatrix_opts_init(&defaults);
    if (!o) o = &defaults;
    if (!st || !st->clinical) return onc_err_set(err, ONC_EINVAL, "alteration matrix: no study");
    if (o->oncogenic && !o->kb)
        return onc_err_set(err, ONC_EINVAL, "alteration matrix: oncogenic alterations only needs a knowledge base");
    visit_t v = {.o = o, .m = out, .pass = 1, .err = err};
    if (o->oncogenic && !(v.match = malloc(sizeof *v.match))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = list_samples(st, out, err);
    if (rc == ONC_OK) rc = collect_genes(st, &v);
    if (rc == ONC_OK) rc = fill_cells(st, &v);
    for (size_t i = 0; i < v.n_names; i++) free(v.names[i]);
    free(v.names);
    free(v.match);
    if (rc != ONC_OK) onc_altmatrix_free(out);
    return rc;
}

/* ---- the matrix over a table's rows ---- */

/* The matrix column of each row: by sample its SAMPLE_ID's, by patient the first column of the
 * patient (its columns are consecutive) and their count. */
static void row_columns(const onc_altmatrix_t *m, const char *id, bool by_sample, size_t *first, size_t *count)
{
    *first = 0, *count = 0;
    if (!id) return;
    for (size_t s = 0; s < m->n_samples; s++) {
        if (strcmp(by_sample ? m->samples[s] : m->patients[s], id) != 0) continue;
        if (*count == 0) *first = s;
        (*count)++;
        if (by_sample) return;
    }
}

onc_rc onc_altmatrix_rows(const onc_altmatrix_t *m, const char *const *ids, size_t n, bool by_sample, int8_t **out,
                          onc_err_t *err)
{
    *out = malloc(m->n_genes * n + 1);
    size_t *first = malloc((n + 1) * sizeof *first), *count = malloc((n + 1) * sizeof *count);
    if (!*out || !first || !count) {
        free(*out), free(first), free(count);
        *out = NULL;
        return onc_err_set(err, ONC_ENOMEM, "alteration matrix: out of memory");
    }
    for (size_t i = 0; i < n; i++) row_columns(m, ids[i], by_sample, &first[i], &count[i]);
    for (size_t g = 0; g < m->n_genes; g++) {
        const int8_t *cells = m->cell + g * m->n_samples;
        for (size_t i = 0; i < n; i++) {
            int8_t v = ONC_ALTM_NOT_PROFILED;
            for (size_t s = first[i]; s < first[i] + count[i] && v != ONC_ALTM_ALTERED; s++)
                if (cells[s] > v) v = cells[s];
            (*out)[g * n + i] = v;
        }
    }
    free(first), free(count);
    return ONC_OK;
}
