/* model_case_write.c: a case written out as a case file, version 1 (case.h, docs/case-format.md).
 *
 * The inverse of the loader (io_case_json.c): every field the model holds is written under the
 * name the loader reads it from, so that load -> write -> load gives an equal case. Missing values
 * (NULL, NaN, ONC_INT_MISSING, *_UNKNOWN, year 0) are left out rather than written as null: the
 * loader reads both the same. The registry's exports use it for cases rebuilt from their rows
 * (onc_store_get_case), whose lab-file alterations are typed entries with their normalised names
 * only: a variant without a protein or coding change is written with the one it has (hgvsp,
 * hgvsc, or the alteration's protein-level name).
 *
 * The layout is fixed (two-space indent; list entries that are small objects on one line each),
 * so that the same case always gives the same bytes. Numbers are written with the fewest
 * significant digits (15 to 17) that read back as the same double.
 */
#include "oncoboard/case.h"

#include "oncoboard/hgvs.h"
#include "oncoboard/jsonw.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WRITE_MAX_DEPTH 8 /* case > samples > sample > molecular > assay > coverage > entry > types */

typedef struct writer {
    FILE *fp;
    int depth;
    bool first[WRITE_MAX_DEPTH], inline_[WRITE_MAX_DEPTH];
    onc_err_t *err;
    onc_rc rc;
} writer_t;

/* ---- layout ---- */

/* Before a member or an element: the comma, then a new indented line (block containers) or a
 * space (inline ones). */
static void separate(writer_t *w)
{
    int d = w->depth - 1;
    if (!w->first[d]) putc(',', w->fp);
    if (w->inline_[d]) {
        if (!w->first[d]) putc(' ', w->fp);
    } else {
        putc('\n', w->fp);
        for (int i = 0; i < w->depth; i++) fputs("  ", w->fp);
    }
    w->first[d] = false;
}

static void key(writer_t *w, const char *k)
{
    separate(w);
    if (k) {
        onc_jsonw_string(w->fp, k);
        fputs(": ", w->fp);
    }
}

/* Opens an object ('{') or a list ('[') as member k (NULL: a list element). Inline containers
 * keep their contents on one line, and so do containers inside them. */
static void open_(writer_t *w, const char *k, char bracket, bool inline_)
{
    if (w->depth > 0) key(w, k);
    putc(bracket, w->fp);
    if (w->depth >= WRITE_MAX_DEPTH) {
        if (w->rc == ONC_OK) w->rc = onc_err_set(w->err, ONC_EINTERNAL, "writing a case: nesting deeper than %d", WRITE_MAX_DEPTH);
        return;
    }
    w->first[w->depth] = true;
    w->inline_[w->depth] = inline_ || (w->depth > 0 && w->inline_[w->depth - 1]);
    w->depth++;
}

static void close_(writer_t *w, char bracket)
{
    if (w->depth <= 0) return;
    w->depth--;
    if (!w->inline_[w->depth] && !w->first[w->depth]) {
        putc('\n', w->fp);
        for (int i = 0; i < w->depth; i++) fputs("  ", w->fp);
    }
    putc(bracket, w->fp);
}

/* ---- values: each member is left out when its value is missing ---- */

static void m_str(writer_t *w, const char *k, const char *v)
{
    if (!v) return;
    key(w, k);
    onc_jsonw_string(w->fp, v);
}

static void m_int(writer_t *w, const char *k, int64_t v, int64_t missing)
{
    if (v == missing) return;
    key(w, k);
    fprintf(w->fp, "%lld", (long long)v);
}

/* The shortest of %.15g, %.16g, %.17g that reads back as v. */
static void m_num(writer_t *w, const char *k, double v)
{
    if (!isfinite(v)) return;
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (strtod(buf, NULL) == v) break;
    }
    /* "-0" would read back as the integer 0: a negative zero keeps its sign only as a real */
    if (v == 0 && signbit(v)) snprintf(buf, sizeof buf, "-0.0");
    key(w, k);
    fputs(buf, w->fp);
}

static void m_enum(writer_t *w, const char *k, int v, const char *const *names)
{
    if (v > 0) m_str(w, k, names[v]);
}

static void m_tri(writer_t *w, const char *k, onc_tri v)
{
    if (v == ONC_TRI_UNKNOWN) return;
    key(w, k);
    fputs(v == ONC_TRI_TRUE ? "true" : "false", w->fp);
}

static void m_date(writer_t *w, const char *k, onc_date_t d)
{
    char buf[11];
    if (!onc_date_is_missing(d)) m_str(w, k, onc_date_format(d, buf));
}

static void m_strings(writer_t *w, const char *k, const char *const *v, size_t n)
{
    if (n == 0) return;
    open_(w, k, '[', true);
    for (size_t i = 0; i < n; i++) m_str(w, NULL, v[i]);
    close_(w, ']');
}

/* ---- the parts ---- */

static bool diagnosis_given(const onc_diagnosis_t *d)
{
    return d->oncotree_code || d->stage || !onc_date_is_missing(d->date) || d->brain_metastases ||
           d->measurable_disease;
}

static void write_diagnosis(writer_t *w, const onc_diagnosis_t *d)
{
    if (!diagnosis_given(d)) return;
    open_(w, "diagnosis", '{', false);
    m_str(w, "oncotree_code", d->oncotree_code);
    m_str(w, "stage", d->stage);
    m_date(w, "date", d->date);
    m_enum(w, "brain_metastases", d->brain_metastases, onc_brain_mets_names);
    m_tri(w, "measurable_disease", d->measurable_disease);
    close_(w, '}');
}

static bool biomarkers_given(const onc_biomarkers_t *b)
{
    return isfinite(b->pdl1_tps) || isfinite(b->pdl1_cps) || b->pdl1_clone || isfinite(b->tmb) || b->msi || b->n_ihc;
}

static void write_biomarkers(writer_t *w, const onc_biomarkers_t *b)
{
    if (!biomarkers_given(b)) return;
    open_(w, "biomarkers", '{', false);
    m_num(w, "pdl1_tps", b->pdl1_tps);
    m_num(w, "pdl1_cps", b->pdl1_cps);
    m_enum(w, "pdl1_clone", b->pdl1_clone, onc_pdl1_clone_names);
    m_num(w, "tmb", b->tmb);
    m_enum(w, "msi", b->msi, onc_msi_names);
    if (b->n_ihc) open_(w, "ihc", '[', false);
    for (size_t i = 0; i < b->n_ihc; i++) {
        const onc_ihc_t *h = &b->ihc[i];
        open_(w, NULL, '{', true);
        m_str(w, "marker", h->marker);
        m_enum(w, "result", h->result, onc_ihc_result_names);
        m_str(w, "clone", h->clone);
        m_str(w, "score", h->score);
        m_num(w, "percent", h->percent);
        m_str(w, "intensity", h->intensity);
        close_(w, '}');
    }
    if (b->n_ihc) close_(w, ']');
    close_(w, '}');
}

static void write_labs(writer_t *w, const onc_case_t *c)
{
    if (!c->n_labs) return;
    open_(w, "labs", '[', false);
    for (size_t i = 0; i < c->n_labs; i++) {
        const onc_lab_t *l = &c->labs[i];
        open_(w, NULL, '{', true);
        m_str(w, "name", l->name);
        m_num(w, "value", l->value);
        m_str(w, "unit", l->unit);
        m_num(w, "uln", l->uln);
        m_date(w, "date", l->date);
        close_(w, '}');
    }
    close_(w, ']');
}

static void write_therapies(writer_t *w, const onc_case_t *c)
{
    if (!c->n_therapies) return;
    open_(w, "therapies", '[', false);
    for (size_t i = 0; i < c->n_therapies; i++) {
        const onc_therapy_t *t = &c->therapies[i];
        open_(w, NULL, '{', true);
        m_int(w, "line", t->line, ONC_INT_MISSING);
        m_strings(w, "agents", t->agents, t->n_agents);
        m_date(w, "start", t->start);
        m_date(w, "end", t->end);
        m_enum(w, "best_response", t->best_response, onc_recist_names);
        m_tri(w, "progression", t->progression);
        m_date(w, "progression_date", t->progression_date);
        close_(w, '}');
    }
    close_(w, ']');
}

static void write_enrolments(writer_t *w, const onc_case_t *c)
{
    if (!c->n_enrolments) return;
    open_(w, "enrolments", '[', false);
    for (size_t i = 0; i < c->n_enrolments; i++) {
        const onc_enrolment_t *e = &c->enrolments[i];
        open_(w, NULL, '{', true);
        m_str(w, "trial", e->trial);
        m_str(w, "arm", e->arm);
        m_enum(w, "status", e->status, onc_enrol_status_names);
        m_date(w, "date", e->date);
        m_str(w, "reason", e->reason);
        close_(w, '}');
    }
    close_(w, ']');
}

static void write_assay(writer_t *w, const onc_assay_t *a)
{
    static const char *const cover_names[] = {"mutation", "cna", "fusion"};
    if (!a->name && !a->method && !a->n_genes && !a->n_coverage && !isfinite(a->size_mb)) return;
    open_(w, "assay", '{', false);
    m_str(w, "name", a->name);
    m_enum(w, "method", a->method, onc_assay_method_names);
    m_strings(w, "genes", a->genes, a->n_genes);
    if (a->n_coverage) open_(w, "coverage", '[', false);
    for (size_t i = 0; i < a->n_coverage; i++) {
        open_(w, NULL, '{', true);
        m_str(w, "gene", a->coverage[i].gene);
        open_(w, "types", '[', true);
        for (unsigned b = 0; b < 3; b++)
            if (a->coverage[i].types & (1u << b)) m_str(w, NULL, cover_names[b]);
        close_(w, ']');
        close_(w, '}');
    }
    if (a->n_coverage) close_(w, ']');
    m_num(w, "size_mb", a->size_mb);
    close_(w, '}');
}

/* The change that names a variant: as given, else the normalised form a registry row keeps. A
 * protein-level name that is not HGVS p. (X1010_splice) goes with its coding change. */
static void variant_changes(const onc_case_variant_t *v, const char **protein, const char **coding)
{
    onc_pchange_t p;
    onc_err_t ignored = {0};
    *protein = v->protein_change ? v->protein_change : v->hgvsp;
    *coding = v->coding_change ? v->coding_change : v->hgvsc;
    if (!*protein && !*coding && v->alteration && onc_pchange_parse(v->alteration, &p, &ignored) == ONC_OK)
        *protein = v->alteration;
}

static bool has_coordinates(const onc_case_variant_t *v)
{
    return v->chrom && v->pos != ONC_POS_MISSING && v->ref && v->alt;
}

static bool nameable(const onc_case_variant_t *v)
{
    const char *protein, *coding;
    variant_changes(v, &protein, &coding);
    return protein || coding || has_coordinates(v);
}

size_t onc_case_drop_unnamed_variants(onc_case_t *c)
{
    size_t dropped = 0;
    for (size_t i = 0; i < c->n_samples; i++) {
        onc_molecular_t *m = &c->samples[i].molecular;
        size_t kept = 0;
        for (size_t k = 0; k < m->n_variants; k++)
            if (nameable(&m->variants[k])) m->variants[kept++] = m->variants[k];
        dropped += m->n_variants - kept;
        m->n_variants = kept;
    }
    return dropped;
}

static void write_variant(writer_t *w, const onc_case_variant_t *v, const char *sample, size_t i)
{
    const char *protein, *coding;
    variant_changes(v, &protein, &coding);
    bool coords = has_coordinates(v);
    if (!nameable(v) && w->rc == ONC_OK)
        w->rc = onc_err_set(w->err, ONC_EINVAL,
                            "writing a case: %s variant %zu (%s): no protein change, coding change or coordinates, "
                            "which the case format needs to name it",
                            sample, i + 1, v->gene ? v->gene : "no gene");
    open_(w, NULL, '{', true);
    m_str(w, "gene", v->gene);
    m_str(w, "protein_change", protein);
    m_str(w, "coding_change", coding);
    if (coords) {
        m_str(w, "chrom", v->chrom);
        m_int(w, "pos", v->pos, ONC_POS_MISSING);
        m_str(w, "ref", v->ref);
        m_str(w, "alt", v->alt);
    }
    m_num(w, "vaf", v->vaf);
    m_int(w, "depth", v->depth, ONC_INT_MISSING);
    close_(w, '}');
}

static void write_entries(writer_t *w, const onc_molecular_t *m, const char *sample)
{
    if (m->n_variants) open_(w, "variants", '[', false);
    for (size_t i = 0; i < m->n_variants; i++) write_variant(w, &m->variants[i], sample, i);
    if (m->n_variants) close_(w, ']');
    if (m->n_fusions) open_(w, "fusions", '[', false);
    for (size_t i = 0; i < m->n_fusions; i++) {
        open_(w, NULL, '{', true);
        m_str(w, "gene_a", m->fusions[i].gene_a);
        m_str(w, "gene_b", m->fusions[i].gene_b);
        close_(w, '}');
    }
    if (m->n_fusions) close_(w, ']');
    if (m->n_copy_number) open_(w, "copy_number", '[', false);
    for (size_t i = 0; i < m->n_copy_number; i++) {
        open_(w, NULL, '{', true);
        m_str(w, "gene", m->copy_number[i].gene);
        m_str(w, "call", onc_alt_kind_name(m->copy_number[i].call));
        m_num(w, "copies", m->copy_number[i].copies);
        close_(w, '}');
    }
    if (m->n_copy_number) close_(w, ']');
}

static void write_molecular(writer_t *w, const onc_molecular_t *m, const char *sample)
{
    open_(w, "molecular", '{', false);
    m_str(w, "genome", m->genome);
    m_enum(w, "specimen", m->specimen, onc_specimen_names);
    write_assay(w, &m->assay);
    write_entries(w, m, sample);
    if (m->n_files) open_(w, "files", '[', false);
    for (size_t i = 0; i < m->n_files; i++) {
        open_(w, NULL, '{', true);
        m_str(w, "path", m->files[i].path);
        if (m->files[i].type != ONC_FMT_AUTO) m_str(w, "type", onc_format_name(m->files[i].type));
        close_(w, '}');
    }
    if (m->n_files) close_(w, ']');
    close_(w, '}');
}

static void write_samples(writer_t *w, const onc_case_t *c)
{
    if (!c->from_samples) {
        if (c->n_samples == 1 && c->samples[0].has_molecular) write_molecular(w, &c->samples[0].molecular, "molecular");
        return;
    }
    open_(w, "samples", '[', false);
    for (size_t i = 0; i < c->n_samples; i++) {
        const onc_sample_t *s = &c->samples[i];
        open_(w, NULL, '{', false);
        m_str(w, "id", s->id);
        m_date(w, "collected", s->collected);
        m_enum(w, "type", s->type, onc_specimen_names);
        if (s->has_molecular) write_molecular(w, &s->molecular, s->id ? s->id : "a sample's");
        close_(w, '}');
    }
    close_(w, ']');
}

static void write_outcome(writer_t *w, const onc_outcome_t *o)
{
    if (!o->vital_status && onc_date_is_missing(o->death_date) && onc_date_is_missing(o->last_follow_up)) return;
    open_(w, "outcome", '{', true);
    m_enum(w, "vital_status", o->vital_status, onc_vital_names);
    m_date(w, "death_date", o->death_date);
    m_date(w, "last_follow_up", o->last_follow_up);
    close_(w, '}');
}

onc_rc onc_case_write_json(const onc_case_t *c, FILE *fp, onc_err_t *err)
{
    writer_t w = {.fp = fp, .err = err};
    if (!c->id) return onc_err_set(err, ONC_EINVAL, "writing a case: the case has no id");
    if (!c->from_samples && c->n_samples > 1)
        return onc_err_set(err, ONC_EINVAL, "writing a case: %s has %zu samples in the one-sample form", c->id, c->n_samples);
    open_(&w, NULL, '{', false);
    m_int(&w, "case_format", ONC_CASE_FORMAT, 0);
    m_str(&w, "id", c->id);
    m_enum(&w, "sex", c->sex, onc_sex_names);
    m_date(&w, "birth_date", c->birth_date);
    m_int(&w, "age", c->age, ONC_INT_MISSING);
    m_enum(&w, "smoking", c->smoking, onc_smoking_names);
    m_int(&w, "ecog", c->ecog, ONC_INT_MISSING);
    if (c->consent_research != ONC_TRI_UNKNOWN) {
        open_(&w, "consent", '{', true);
        m_tri(&w, "research", c->consent_research);
        close_(&w, '}');
    }
    write_outcome(&w, &c->outcome);
    write_diagnosis(&w, &c->diagnosis);
    write_biomarkers(&w, &c->biomarkers);
    write_labs(&w, c);
    write_therapies(&w, c);
    write_enrolments(&w, c);
    write_samples(&w, c);
    close_(&w, '}');
    putc('\n', fp);
    if (w.rc != ONC_OK) return w.rc;
    if (ferror(fp)) return onc_err_set(err, ONC_EIO, "writing case %s: write failed", c->id);
    return ONC_OK;
}
