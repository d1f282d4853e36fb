/* published_cohorts.h: the shared immunotherapy cohorts of research/cohorts.md section 2 as the
 * tests of their published results read them (include after check.h), so that every test
 * builds the same rows the same way:
 * - R's quantile (type 7, also R's median) and "top fraction within each group" (Samstein 2019's
 *   top 20% of TMB within each cancer type);
 * - Rizvi 2015 (luad_mskcc_2015): PFS, progression, burden, durable benefit and which patients
 *   are the 16 of the discovery cohort (the sample ids of nsclc_mskcc_2015);
 * - Samstein 2019 (tmb_mskcc_2018): overall survival, deaths ("1:DECEASED"), TMB, cancer type.
 * The openers return -1 when ../shared/data is absent (the caller SKIPs) and flag a failure when
 * a file is there but does not read as the note describes. */
#ifndef ONCOBOARD_TEST_PUBLISHED_COHORTS_H
#define ONCOBOARD_TEST_PUBLISHED_COHORTS_H

#include "oncoboard/frame.h"
#include "oncoboard/stats_surv.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- quantiles */
static int cohort_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* R's quantile(v, prob, type = 7) of the n values of v that are not NaN (NaN when none):
 * h = (m - 1) prob on the sorted values, interpolated between floor(h) and floor(h) + 1. */
__attribute__((unused)) static double cohort_quantile7(const double *v, size_t n, double prob)
{
    double *s = malloc((n + 1) * sizeof *s);
    size_t m = 0;
    for (size_t i = 0; s && i < n; i++)
        if (!isnan(v[i])) s[m++] = v[i];
    double q = NAN;
    if (m > 0) {
        qsort(s, m, sizeof *s, cohort_cmp_double);
        double h = (double)(m - 1) * prob, lo = floor(h);
        size_t j = (size_t)lo;
        q = s[j] + (j + 1 < m ? (h - lo) * (s[j + 1] - s[j]) : 0);
    }
    free(s);
    return q;
}

/* For each group g in 0..k-1 (group[i], -1 missing) the type-7 prob-quantile of x within it in
 * cut[g]; top[i] = 1 when x[i] >= cut of its group, 0 below, -1 when x or the group is missing. */
__attribute__((unused)) static void cohort_top_within(const double *x, const int *group, size_t n, size_t k,
                                                      double prob, double *cut, int *top)
{
    double *v = malloc((n + 1) * sizeof *v);
    for (size_t g = 0; v && g < k; g++) {
        for (size_t i = 0; i < n; i++) v[i] = group[i] == (int)g ? x[i] : NAN;
        cut[g] = cohort_quantile7(v, n, prob);
    }
    free(v);
    for (size_t i = 0; i < n; i++) top[i] = group[i] < 0 || isnan(x[i]) ? -1 : x[i] >= cut[group[i]];
}

static onc_frame_t *cohort_frame(const char *rel)
{
    const char *path = shared_data(rel);
    onc_frame_t *f = NULL;
    onc_err_t err = {0};
    if (!path) return NULL;
    if (onc_frame_read(path, &f, &err) != ONC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        check_failed = 1;
        return NULL;
    }
    return f;
}

static double *cohort_numeric(const onc_frame_t *f, const char *name)
{
    double *v = malloc((onc_frame_rows(f) + 1) * sizeof *v);
    onc_err_t err = {0};
    if (v && onc_frame_numeric(f, name, v, NULL, &err) == ONC_OK) return v;
    fprintf(stderr, "%s\n", err.msg);
    check_failed = 1;
    free(v);
    return NULL;
}

/* ---------------------------------------------------------------- Rizvi 2015 */
/* One row per row of luad_mskcc_2015's patient table (34 patients and an all-NA row, whose
 * values are missing). */
typedef struct rizvi15 {
    onc_frame_t *pat, *smp, *disc; /* patients, samples, nsclc_mskcc_2015's 16 */
    size_t n;
    double *pfs, *burden; /* PFS_MONTHS, NONSYNONYMOUS_MUTATION_BURDEN (NaN missing) */
    int *progressed;      /* EVENT_TYPE: 1 "Progression-free Survival", 0 "Censored", -1 missing */
    int *dcb;             /* 1 durable benefit, 0 no durable benefit, -1 not reached 6 months or missing */
    bool *discovery;      /* the patient's sample is one of the discovery cohort's */
} rizvi15_t;

__attribute__((unused)) static void rizvi15_close(rizvi15_t *r)
{
    onc_frame_free(r->pat), onc_frame_free(r->smp), onc_frame_free(r->disc);
    free(r->pfs), free(r->burden), free(r->progressed), free(r->dcb), free(r->discovery);
    memset(r, 0, sizeof *r);
}

static bool rizvi15_sample_in_discovery(const rizvi15_t *r, const char *patient)
{
    int ps = onc_frame_col(r->smp, "PATIENT_ID"), ss = onc_frame_col(r->smp, "SAMPLE_ID"),
        dp = onc_frame_col(r->disc, "PATIENT_ID");
    if (ps < 0 || ss < 0 || dp < 0 || !patient) return false;
    for (size_t k = 0; k < onc_frame_rows(r->smp); k++) {
        const char *p = onc_frame_cell(r->smp, k, (size_t)ps), *s = onc_frame_cell(r->smp, k, (size_t)ss);
        if (!p || !s || strcmp(p, patient) != 0) continue;
        for (size_t d = 0; d < onc_frame_rows(r->disc); d++) {
            const char *id = onc_frame_cell(r->disc, d, (size_t)dp);
            if (id && strcmp(id, s) == 0) return true;
        }
    }
    return false;
}

/* 0, or -1 when the shared data are absent or do not read (a failure is then flagged). */
__attribute__((unused)) static int rizvi15_open(rizvi15_t *r)
{
    memset(r, 0, sizeof *r);
    if (!shared_data("cohorts/luad_mskcc_2015/data_clinical_patient.txt")) return -1;
    r->pat = cohort_frame("cohorts/luad_mskcc_2015/data_clinical_patient.txt");
    r->smp = cohort_frame("cohorts/luad_mskcc_2015/data_clinical_sample.txt");
    r->disc = cohort_frame("cohorts/nsclc_mskcc_2015/data_clinical_patient.txt");
    if (!r->pat || !r->smp || !r->disc) goto fail;
    r->n = onc_frame_rows(r->pat);
    r->pfs = cohort_numeric(r->pat, "PFS_MONTHS");
    r->burden = cohort_numeric(r->pat, "NONSYNONYMOUS_MUTATION_BURDEN");
    r->progressed = malloc((r->n + 1) * sizeof *r->progressed);
    r->dcb = malloc((r->n + 1) * sizeof *r->dcb);
    r->discovery = malloc((r->n + 1) * sizeof *r->discovery);
    int pid = onc_frame_col(r->pat, "PATIENT_ID"), ev = onc_frame_col(r->pat, "EVENT_TYPE"),
        cb = onc_frame_col(r->pat, "DURABLE_CLINICAL_BENEFIT");
    if (!r->pfs || !r->burden || !r->progressed || !r->dcb || !r->discovery || pid < 0 || ev < 0 || cb < 0) goto fail;
    for (size_t i = 0; i < r->n; i++) {
        const char *e = onc_frame_cell(r->pat, i, (size_t)ev), *b = onc_frame_cell(r->pat, i, (size_t)cb);
        r->progressed[i] = !e ? -1 : strcmp(e, "Censored") != 0;
        r->dcb[i] = !b ? -1 : strncmp(b, "Durable", 7) == 0 ? 1 : strncmp(b, "No durable", 10) == 0 ? 0 : -1;
        r->discovery[i] = rizvi15_sample_in_discovery(r, onc_frame_cell(r->pat, i, (size_t)pid));
    }
    return 0;
fail:
    check_failed = 1;
    rizvi15_close(r);
    return -1;
}

/* ---------------------------------------------------------------- Samstein 2019 */
typedef struct samstein19 {
    onc_frame_t *f;
    const char *path;
    size_t n;
    double *os, *tmb; /* "Overall Survival (Months)", "TMB Score" */
    int *died;        /* "Overall Survival Status": 1 "1:DECEASED", 0 "0:LIVING" */
    onc_factor_t type; /* "Cancer Type", levels in byte order */
} samstein19_t;

__attribute__((unused)) static void samstein19_close(samstein19_t *s)
{
    onc_frame_free(s->f);
    free(s->os), free(s->tmb), free(s->died);
    onc_factor_free(&s->type);
    memset(s, 0, sizeof *s);
}

/* 0, or -1 when the shared data are absent or do not read (a failure is then flagged). */
__attribute__((unused)) static int samstein19_open(samstein19_t *s)
{
    static char path[4096];
    memset(s, 0, sizeof *s);
    const char *p = shared_data("cohorts/tmb_mskcc_2018/tmb_mskcc_2018_clinical_data.tsv");
    if (!p) return -1;
    snprintf(path, sizeof path, "%s", p);
    s->path = path;
    s->f = cohort_frame("cohorts/tmb_mskcc_2018/tmb_mskcc_2018_clinical_data.tsv");
    if (!s->f) goto fail;
    s->n = onc_frame_rows(s->f);
    s->os = cohort_numeric(s->f, "Overall Survival (Months)");
    s->tmb = cohort_numeric(s->f, "TMB Score");
    s->died = malloc((s->n + 1) * sizeof *s->died);
    onc_err_t err = {0};
    if (!s->os || !s->tmb || !s->died ||
        onc_surv_event_column(s->f, s->path, "Overall Survival Status", s->died, NULL, &err) != ONC_OK ||
        onc_frame_factor(s->f, "Cancer Type", NULL, &s->type, &err) != ONC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        goto fail;
    }
    return 0;
fail:
    check_failed = 1;
    samstein19_close(s);
    return -1;
}

/* The level index of name in a factor, or -1. */
__attribute__((unused)) static int cohort_level(const onc_factor_t *fa, const char *name)
{
    for (size_t l = 0; l < fa->n_levels; l++)
        if (strcmp(fa->levels[l], name) == 0) return (int)l;
    return -1;
}

#endif
