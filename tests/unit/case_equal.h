/* case_equal.h: two cases compared field by field, for the writer's round-trip tests (include
 * after check.h).
 *
 * Every field of case.h is compared except what is not the case's content: the file's name and
 * text, the warnings, the entry lines, a sample's path label ("samples[1]") and a referenced
 * file's resolved path (which depends on the folder it was loaded from). Numbers compare equal
 * when both are missing (NaN) or both the same double. The first difference is printed with
 * its field and the test marked failed; case_equal returns 1 when the cases are equal.
 */
#ifndef ONCOBOARD_TEST_CASE_EQUAL_H
#define ONCOBOARD_TEST_CASE_EQUAL_H

#include "oncoboard/case.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct ceq {
    const char *what; /* the case's name, for messages */
    int differs;
} ceq_t;

static void ceq_fail(ceq_t *q, const char *field, const char *a, const char *b)
{
    if (!q->differs) fprintf(stderr, "%s: field %s differs: \"%s\" vs \"%s\"\n", q->what, field, a, b);
    q->differs = 1;
}

static void ceq_str(ceq_t *q, const char *field, const char *a, const char *b)
{
    if (a == b || (a && b && strcmp(a, b) == 0)) return;
    ceq_fail(q, field, a ? a : "(null)", b ? b : "(null)");
}

static void ceq_int(ceq_t *q, const char *field, long long a, long long b)
{
    char x[32], y[32];
    if (a == b) return;
    snprintf(x, sizeof x, "%lld", a);
    snprintf(y, sizeof y, "%lld", b);
    ceq_fail(q, field, x, y);
}

static void ceq_num(ceq_t *q, const char *field, double a, double b)
{
    char x[32], y[32];
    if ((isnan(a) && isnan(b)) || a == b) return;
    snprintf(x, sizeof x, "%.17g", a);
    snprintf(y, sizeof y, "%.17g", b);
    ceq_fail(q, field, x, y);
}

static void ceq_date(ceq_t *q, const char *field, onc_date_t a, onc_date_t b)
{
    char x[11], y[11];
    ceq_str(q, field, onc_date_format(a, x), onc_date_format(b, y));
}

/* "therapies[1].start" */
static const char *ceq_at(char *buf, size_t n, const char *list, size_t i, const char *field)
{
    if (snprintf(buf, n, "%s[%zu].%s", list, i, field) < 0) buf[0] = '\0';
    return buf;
}

/* "samples[0].molecular.variants[2].vaf" */
static const char *ceq_in(char *buf, size_t n, const char *at, const char *field)
{
    if (snprintf(buf, n, "%s.%s", at, field) < 0) buf[0] = '\0';
    return buf;
}

static void ceq_strings(ceq_t *q, const char *field, const char *const *a, size_t na, const char *const *b, size_t nb)
{
    char f[256];
    ceq_int(q, field, (long long)na, (long long)nb);
    for (size_t i = 0; i < na && i < nb; i++) {
        if (snprintf(f, sizeof f, "%s[%zu]", field, i) < 0) f[0] = '\0';
        ceq_str(q, f, a[i], b[i]);
    }
}

static void ceq_variant(ceq_t *q, const char *at, const onc_case_variant_t *a, const onc_case_variant_t *b)
{
    char f[256];
    ceq_str(q, ceq_in(f, sizeof f, at, "gene"), a->gene, b->gene);
    ceq_str(q, ceq_in(f, sizeof f, at, "protein_change"), a->protein_change, b->protein_change);
    ceq_str(q, ceq_in(f, sizeof f, at, "coding_change"), a->coding_change, b->coding_change);
    ceq_str(q, ceq_in(f, sizeof f, at, "alteration"), a->alteration, b->alteration);
    ceq_str(q, ceq_in(f, sizeof f, at, "hgvsp"), a->hgvsp, b->hgvsp);
    ceq_str(q, ceq_in(f, sizeof f, at, "hgvsc"), a->hgvsc, b->hgvsc);
    ceq_str(q, ceq_in(f, sizeof f, at, "consequence"), a->consequence, b->consequence);
    ceq_int(q, ceq_in(f, sizeof f, at, "aa_pos"), a->aa_pos, b->aa_pos);
    ceq_str(q, ceq_in(f, sizeof f, at, "chrom"), a->chrom, b->chrom);
    ceq_int(q, ceq_in(f, sizeof f, at, "pos"), a->pos, b->pos);
    ceq_str(q, ceq_in(f, sizeof f, at, "ref"), a->ref, b->ref);
    ceq_str(q, ceq_in(f, sizeof f, at, "alt"), a->alt, b->alt);
    ceq_num(q, ceq_in(f, sizeof f, at, "vaf"), a->vaf, b->vaf);
    ceq_int(q, ceq_in(f, sizeof f, at, "depth"), a->depth, b->depth);
}

static void ceq_assay(ceq_t *q, const char *at, const onc_assay_t *a, const onc_assay_t *b)
{
    char f[256];
    ceq_in(f, sizeof f, at, "assay.name");
    ceq_str(q, f, a->name, b->name);
    ceq_in(f, sizeof f, at, "assay.method");
    ceq_int(q, f, a->method, b->method);
    ceq_in(f, sizeof f, at, "assay.genes");
    ceq_strings(q, f, a->genes, a->n_genes, b->genes, b->n_genes);
    ceq_in(f, sizeof f, at, "assay.coverage");
    ceq_int(q, f, (long long)a->n_coverage, (long long)b->n_coverage);
    for (size_t i = 0; i < a->n_coverage && i < b->n_coverage; i++) {
        ceq_str(q, f, a->coverage[i].gene, b->coverage[i].gene);
        ceq_int(q, f, a->coverage[i].types, b->coverage[i].types);
    }
    ceq_in(f, sizeof f, at, "assay.size_mb");
    ceq_num(q, f, a->size_mb, b->size_mb);
}

static void ceq_molecular(ceq_t *q, const char *at, const onc_molecular_t *a, const onc_molecular_t *b)
{
    char f[256], g[256];
    ceq_in(f, sizeof f, at, "genome");
    ceq_str(q, f, a->genome, b->genome);
    ceq_in(f, sizeof f, at, "specimen");
    ceq_int(q, f, a->specimen, b->specimen);
    ceq_assay(q, at, &a->assay, &b->assay);
    ceq_in(f, sizeof f, at, "variants");
    ceq_int(q, f, (long long)a->n_variants, (long long)b->n_variants);
    for (size_t i = 0; i < a->n_variants && i < b->n_variants; i++) {
        if (snprintf(g, sizeof g, "%s.variants[%zu]", at, i) < 0) g[0] = '\0';
        ceq_variant(q, g, &a->variants[i], &b->variants[i]);
    }
    ceq_in(f, sizeof f, at, "fusions");
    ceq_int(q, f, (long long)a->n_fusions, (long long)b->n_fusions);
    for (size_t i = 0; i < a->n_fusions && i < b->n_fusions; i++) {
        ceq_str(q, ceq_at(g, sizeof g, f, i, "gene_a"), a->fusions[i].gene_a, b->fusions[i].gene_a);
        ceq_str(q, ceq_at(g, sizeof g, f, i, "gene_b"), a->fusions[i].gene_b, b->fusions[i].gene_b);
    }
    ceq_in(f, sizeof f, at, "copy_number");
    ceq_int(q, f, (long long)a->n_copy_number, (long long)b->n_copy_number);
    for (size_t i = 0; i < a->n_copy_number && i < b->n_copy_number; i++) {
        ceq_str(q, ceq_at(g, sizeof g, f, i, "gene"), a->copy_number[i].gene, b->copy_number[i].gene);
        ceq_int(q, ceq_at(g, sizeof g, f, i, "call"), a->copy_number[i].call, b->copy_number[i].call);
        ceq_num(q, ceq_at(g, sizeof g, f, i, "copies"), a->copy_number[i].copies, b->copy_number[i].copies);
    }
    ceq_in(f, sizeof f, at, "files");
    ceq_int(q, f, (long long)a->n_files, (long long)b->n_files);
    for (size_t i = 0; i < a->n_files && i < b->n_files; i++) {
        ceq_str(q, ceq_at(g, sizeof g, f, i, "path"), a->files[i].path, b->files[i].path);
        ceq_int(q, ceq_at(g, sizeof g, f, i, "type"), a->files[i].type, b->files[i].type);
    }
}

static void ceq_clinical(ceq_t *q, const onc_case_t *a, const onc_case_t *b)
{
    char f[256];
    const onc_diagnosis_t *da = &a->diagnosis, *db = &b->diagnosis;
    ceq_str(q, "diagnosis.oncotree_code", da->oncotree_code, db->oncotree_code);
    ceq_str(q, "diagnosis.stage", da->stage, db->stage);
    ceq_date(q, "diagnosis.date", da->date, db->date);
    ceq_int(q, "diagnosis.brain_metastases", da->brain_metastases, db->brain_metastases);
    ceq_int(q, "diagnosis.measurable_disease", da->measurable_disease, db->measurable_disease);
    const onc_biomarkers_t *ba = &a->biomarkers, *bb = &b->biomarkers;
    ceq_num(q, "biomarkers.pdl1_tps", ba->pdl1_tps, bb->pdl1_tps);
    ceq_num(q, "biomarkers.pdl1_cps", ba->pdl1_cps, bb->pdl1_cps);
    ceq_int(q, "biomarkers.pdl1_clone", ba->pdl1_clone, bb->pdl1_clone);
    ceq_num(q, "biomarkers.tmb", ba->tmb, bb->tmb);
    ceq_int(q, "biomarkers.msi", ba->msi, bb->msi);
    ceq_int(q, "biomarkers.ihc", (long long)ba->n_ihc, (long long)bb->n_ihc);
    for (size_t i = 0; i < ba->n_ihc && i < bb->n_ihc; i++) {
        const onc_ihc_t *x = &ba->ihc[i], *y = &bb->ihc[i];
        ceq_str(q, ceq_at(f, sizeof f, "ihc", i, "marker"), x->marker, y->marker);
        ceq_int(q, ceq_at(f, sizeof f, "ihc", i, "result"), x->result, y->result);
        ceq_str(q, ceq_at(f, sizeof f, "ihc", i, "clone"), x->clone, y->clone);
        ceq_str(q, ceq_at(f, sizeof f, "ihc", i, "score"), x->score, y->score);
        ceq_num(q, ceq_at(f, sizeof f, "ihc", i, "percent"), x->percent, y->percent);
        ceq_str(q, ceq_at(f, sizeof f, "ihc", i, "intensity"), x->intensity, y->intensity);
    }
    ceq_int(q, "labs", (long long)a->n_labs, (long long)b->n_labs);
    for (size_t i = 0; i < a->n_labs && i < b->n_labs; i++) {
        const onc_lab_t *x = &a->labs[i], *y = &b->labs[i];
        ceq_str(q, ceq_at(f, sizeof f, "labs", i, "name"), x->name, y->name);
        ceq_num(q, ceq_at(f, sizeof f, "labs", i, "value"), x->value, y->value);
        ceq_str(q, ceq_at(f, sizeof f, "labs", i, "unit"), x->unit, y->unit);
        ceq_num(q, ceq_at(f, sizeof f, "labs", i, "uln"), x->uln, y->uln);
        ceq_date(q, ceq_at(f, sizeof f, "labs", i, "date"), x->date, y->date);
    }
    ceq_int(q, "therapies", (long long)a->n_therapies, (long long)b->n_therapies);
    for (size_t i = 0; i < a->n_therapies && i < b->n_therapies; i++) {
        const onc_therapy_t *x = &a->therapies[i], *y = &b->therapies[i];
        ceq_int(q, ceq_at(f, sizeof f, "therapies", i, "line"), x->line, y->line);
        ceq_strings(q, ceq_at(f, sizeof f, "therapies", i, "agents"), x->agents, x->n_agents, y->agents, y->n_agents);
        ceq_date(q, ceq_at(f, sizeof f, "therapies", i, "start"), x->start, y->start);
        ceq_date(q, ceq_at(f, sizeof f, "therapies", i, "end"), x->end, y->end);
        ceq_int(q, ceq_at(f, sizeof f, "therapies", i, "best_response"), x->best_response, y->best_response);
        ceq_int(q, ceq_at(f, sizeof f, "therapies", i, "progression"), x->progression, y->progression);
        ceq_date(q, ceq_at(f, sizeof f, "therapies", i, "progression_date"), x->progression_date, y->progression_date);
    }
    ceq_int(q, "enrolments", (long long)a->n_enrolments, (long long)b->n_enrolments);
    for (size_t i = 0; i < a->n_enrolments && i < b->n_enrolments; i++) {
        const onc_enrolment_t *x = &a->enrolments[i], *y = &b->enrolments[i];
        ceq_str(q, ceq_at(f, sizeof f, "enrolments", i, "trial"), x->trial, y->trial);
        ceq_str(q, ceq_at(f, sizeof f, "enrolments", i, "arm"), x->arm, y->arm);
        ceq_int(q, ceq_at(f, sizeof f, "enrolments", i, "status"), x->status, y->status);
        ceq_date(q, ceq_at(f, sizeof f, "enrolments", i, "date"), x->date, y->date);
        ceq_str(q, ceq_at(f, sizeof f, "enrolments", i, "reason"), x->reason, y->reason);
    }
}

static int case_equal(const onc_case_t *a, const onc_case_t *b)
{
    ceq_t q = {a->name ? a->name : "case", 0};
    char f[256];
    ceq_str(&q, "id", a->id, b->id);
    ceq_int(&q, "case_format", a->case_format, b->case_format);
    ceq_int(&q, "sex", a->sex, b->sex);
    ceq_date(&q, "birth_date", a->birth_date, b->birth_date);
    ceq_int(&q, "age", a->age, b->age);
    ceq_int(&q, "smoking", a->smoking, b->smoking);
    ceq_int(&q, "ecog", a->ecog, b->ecog);
    ceq_int(&q, "consent.research", a->consent_research, b->consent_research);
    ceq_clinical(&q, a, b);
    ceq_int(&q, "from_samples", a->from_samples, b->from_samples);
    ceq_int(&q, "samples", (long long)a->n_samples, (long long)b->n_samples);
    for (size_t i = 0; i < a->n_samples && i < b->n_samples; i++) {
        const onc_sample_t *x = &a->samples[i], *y = &b->samples[i];
        ceq_str(&q, ceq_at(f, sizeof f, "samples", i, "id"), x->id, y->id);
        ceq_date(&q, ceq_at(f, sizeof f, "samples", i, "collected"), x->collected, y->collected);
        ceq_int(&q, ceq_at(f, sizeof f, "samples", i, "type"), x->type, y->type);
        ceq_int(&q, ceq_at(f, sizeof f, "samples", i, "has_molecular"), x->has_molecular, y->has_molecular);
        if (snprintf(f, sizeof f, "samples[%zu].molecular", i) < 0) f[0] = '\0';
        ceq_molecular(&q, f, &x->molecular, &y->molecular);
    }
    if (q.differs) check_failed = 1;
    return !q.differs;
}

#endif
