/* stats_concordance.c: the concordance of a Cox model's linear predictor with survival, as coxph
 * reports it (survival's concordancefit with timewt "n"). Within a stratum a pair is comparable
 * when the shorter time is an event; an event and a censoring at the same time count the censored
 * as longer; tied event times are not compared. The pair is concordant when the one that died
 * first has the higher risk (lp); equal lp counts one half. C = (concordant + tied/2) / pairs.
 *
 * The standard error is concordancefit's: each row's counts of concordant, discordant and tied
 * pairs it belongs to give its influence on Somers' d = (C - D) / pairs,
 * dfbeta_i = (C_i - D_i) / pairs - d (C_i + D_i + T_i) / pairs, and var(C) = sum dfbeta_i^2 / 4.
 * Two passes over the rows sorted by stratum and time with a Fenwick tree over the ranks of lp
 * count them in O(n log n): backwards for each death's pairs with the longer survivors, forwards
 * for each row's pairs with the earlier deaths.
 *
 * Also Harrell's bootstrap correction of the C-index for optimism (onc_cox_cindex_optimism). */
#include "stats_cox_int.h"
#include "stats_assoc_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct conc_work {
    size_t n;
    const size_t *rank;  /* 1-based rank of each row's lp, equal lp sharing one */
    double *tree;        /* Fenwick tree over ranks */
    double *c, *dd, *t;  /* per row: concordant, discordant, tied pairs it belongs to */
} conc_work_t;

static void fen_add(conc_work_t *w, size_t r, double v)
{
    for (; r <= w->n; r += r & -r) w->tree[r] += v;
}

static double fen_sum(const conc_work_t *w, size_t r)
{
    double s = 0;
    for (; r > 0; r -= r & -r) s += w->tree[r];
    return s;
}

/* The tie group ending at row i going backwards: its first row. */
static size_t group_start(const cox_data_t *d, size_t i)
{
    size_t j = i;
    while (j > 0 && !d->first[j] && d->time[j - 1] == d->time[i]) j--;
    return j;
}

/* Rows [j, i] compared with the tree's rows (total of them): below, equal, above counts. */
static void conc_query(const conc_work_t *w, size_t k, double total, double *below, double *equal, double *above)
{
    double b = fen_sum(w, w->rank[k] - 1), upto = fen_sum(w, w->rank[k]);
    *below = b, *equal = upto - b, *above = total - upto;
}

/* Backwards: each death against the rows still at risk after it (the tree). */
static void conc_backward(const cox_data_t *d, conc_work_t *w)
{
    double inserted = 0, lo, eq, hi;
    size_t stratum_end = d->n;
    for (size_t i = d->n; i-- > 0;) {
        size_t j = group_start(d, i);
        double censored = 0;
        for (size_t k = j; k <= i; k++)
            if (!d->status[k]) fen_add(w, w->rank[k], 1), censored++;
        for (size_t k = j; k <= i; k++) {
            if (!d->status[k]) continue;
            conc_query(w, k, inserted + censored, &lo, &eq, &hi);
            w->c[k] += lo, w->t[k] += eq, w->dd[k] += hi;
        }
        for (size_t k = j; k <= i; k++) {
            if (d->status[k]) fen_add(w, w->rank[k], 1);
            inserted++;
        }
        if (j == 0 || d->first[j]) {
            for (size_t k = j; k < stratum_end; k++) fen_add(w, w->rank[k], -1);
            inserted = 0;
            stratum_end = j;
        }
        i = j;
    }
}

/* Forwards: each row against the earlier deaths it outlived (the tree holds deaths). */
static void conc_forward(const cox_data_t *d, conc_work_t *w)
{
    double deaths = 0, lo, eq, hi;
    size_t start = 0;
    for (size_t j = 0; j < d->n;) {
        if (d->first[j]) {
            for (size_t k = start; k < j; k++)
                if (d->status[k]) fen_add(w, w->rank[k], -1);
            deaths = 0, start = j;
        }
        size_t i = j;
        while (i + 1 < d->n && !d->first[i + 1] && d->time[i + 1] == d->time[j]) i++;
        for (size_t k = j; k <= i; k++)
            if (d->status[k]) {
                conc_query(w, k, deaths, &lo, &eq, &hi);
                w->c[k] += hi, w->t[k] += eq, w->dd[k] += lo;
            }
        for (size_t k = j; k <= i; k++)
            if (d->status[k]) fen_add(w, w->rank[k], 1), deaths++;
        for (size_t k = j; k <= i; k++)
            if (!d->status[k]) {
                conc_query(w, k, deaths, &lo, &eq, &hi);
                w->c[k] += hi, w->t[k] += eq, w->dd[k] += lo;
            }
        j = i + 1;
    }
}

onc_rc cox_concordance(const cox_data_t *d, const double *lp, double *c, double *se, onc_err_t *err)
{
    size_t n = d->n, *rank = malloc((n ? n : 1) * sizeof *rank), *idx = malloc((n ? n : 1) * sizeof *idx);
    conc_work_t w = {n, rank, calloc(n + 1, sizeof(double)), calloc(n ? n : 1, sizeof(double)),
                     calloc(n ? n : 1, sizeof(double)), calloc(n ? n : 1, sizeof(double))};
    *c = *se = NAN;
    onc_rc rc = rank && idx && w.tree && w.c && w.dd && w.t ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ONC_OK && i < n; i++) idx[i] = i;
    if (rc == ONC_OK) rc = surv_radix_sort(lp, idx, n, err);
    if (rc == ONC_OK) {
        for (size_t r = 0; r < n; r++)
            rank[idx[r]] = (r > 0 && lp[idx[r]] == lp[idx[r - 1]]) ? rank[idx[r - 1]] : r + 1;
        conc_backward(d, &w);
        conc_forward(d, &w);
        /* every pair is counted once at its death and once at its survivor */
        double conc = 0, disc = 0, tied = 0;
        for (size_t i = 0; i < n; i++) conc += w.c[i], disc += w.dd[i], tied += w.t[i];
        conc /= 2, disc /= 2, tied /= 2;
        double pairs = conc + disc + tied;
        if (pairs > 0) {
            double somer = (conc - disc) / pairs, var = 0;
            for (size_t i = 0; i < n; i++) {
                double dfbeta = (w.c[i] - w.dd[i]) / pairs - somer * (w.c[i] + w.dd[i] + w.t[i]) / pairs;
                var += dfbeta * dfbeta;
            }
            *c = (conc + tied / 2) / pairs;
            *se = sqrt(var / 4);
        }
    }
    free(rank), free(idx), free(w.tree), free(w.c), free(w.dd), free(w.t);
    return rc;
}

/* ---- optimism of the C-index (Harrell's bootstrap) ---- */

/* The concordance, as coxph reports it, of the linear predictor x coef (aliased columns left
 * out) on the rows of (time, status, x). */
static onc_rc concordance_of(const double *time, const int *status, const double *x, size_t n, size_t p,
                             const int *strata, const onc_cox_t *fit, double *c, onc_err_t *err)
{
    cox_data_t d;
    onc_rc rc = cox_data_build(time, status, x, n, p, strata, &d, err);
    if (rc != ONC_OK) return rc;
    double *lp = malloc((d.n ? d.n : 1) * sizeof *lp), se;
    if (!lp) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ONC_OK && i < d.n; i++) {
        lp[i] = 0;
        for (size_t j = 0; j < p; j++)
            if (!fit->aliased[j]) lp[i] += fit->coef[j] * x[d.row[i] * p + j];
    }
    if (rc == ONC_OK) rc = cox_concordance(&d, lp, c, &se, err);
    free(lp);
    cox_data_free(&d);
    return rc;
}

/* The data of the C-index's bootstrap and the buffers of one resample: the resamples index the
 * complete rows (row[k] the input row of the k-th). */
typedef struct cindex_boot {
    const double *time, *x;
    const int *status, *strata;
    size_t n, p, m;
    const size_t *row;
    const onc_cox_opts_t *opts;
    double *tb, *xb;
    int *sb, *gb;
} cindex_boot_t;

/* One resample: its fit's C on it less that fit's C on the original rows; ONC_EINVAL (or a
 * fit's other refusal) to skip it. */
static onc_rc cindex_resample(const uint32_t *rows, void *ctx, double *gap, onc_err_t *err)
{
    cindex_boot_t *r = ctx;
    size_t m = r->m, p = r->p;
    for (size_t i = 0; i < m; i++) {
        size_t k = r->row[rows[i]];
        r->tb[i] = r->time[k], r->sb[i] = r->status[k];
        if (r->strata) r->gb[i] = r->strata[k];
        memcpy(r->xb + i * p, r->x + k * p, p * sizeof *r->x);
    }
    onc_cox_t fit = {0};
    onc_rc rc = onc_cox_fit(r->tb, r->sb, r->xb, m, p, r->strata ? r->gb : NULL, r->opts, &fit, err);
    double test = NAN;
    if (rc == ONC_OK) rc = concordance_of(r->time, r->status, r->x, r->n, p, r->strata, &fit, &test, err);
    if (rc == ONC_OK && (isnan(fit.concordance) || isnan(test)))
        rc = onc_err_set(err, ONC_EINVAL, "no comparable pair");
    if (rc == ONC_OK) *gap = fit.concordance - test;
    onc_cox_free(&fit);
    return rc;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The complete rows in input order (the rows the resamples index). */
static onc_rc complete_rows(const double *time, const int *status, const double *x, size_t n, size_t p,
                            const int *strata, size_t **row, size_t *m, onc_err_t *err)
{
    cox_data_t d;
    onc_rc rc = cox_data_build(time, status, x, n, p, strata, &d, err);
    if (rc != ONC_OK) return rc;
    qsort(d.row, d.n, sizeof *d.row, cmp_size);
    *row = d.row, *m = d.n;
    d.row = NULL;
    cox_data_free(&d);
    return ONC_OK;
}

onc_rc onc_cox_cindex_optimism_rs(const double *time, const int *status, const double *x, size_t n, size_t p,
                                  const int *strata, const onc_cox_opts_t *opts, const onc_resamples_t *rs,
                                  onc_optimism_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    out->seed = rs->seed;
    onc_cox_t fit = {0};
    onc_rc rc = onc_cox_fit(time, status, x, n, p, strata, opts, &fit, err);
    if (rc == ONC_OK) out->apparent = fit.concordance;
    onc_cox_free(&fit);
    if (rc != ONC_OK) return rc;
    if (isnan(out->apparent)) return onc_err_set(err, ONC_EINVAL, "bootstrap: no comparable pair for a concordance");
    cindex_boot_t r = {time, x, status, strata, n, p, 0, NULL, opts, NULL, NULL, NULL, NULL};
    size_t *row = NULL;
    rc = complete_rows(time, status, x, n, p, strata, &row, &r.m, err);
    if (rc != ONC_OK) return rc;
    size_t m = r.m ? r.m : 1;
    r.row = row;
    r.tb = malloc(m * sizeof(double)), r.xb = malloc((p ? m * p : 1) * sizeof(double));
    r.sb = malloc(m * sizeof(int)), r.gb = malloc(m * sizeof(int));
    if (!r.tb || !r.xb || !r.sb || !r.gb) rc = onc_err_set(err, ONC_ENOMEM, "bootstrap: out of memory");
    else rc = onc_assoc_bootstrap(rs, r.m, cindex_resample, &r, out, err);
    free(r.tb), free(r.xb), free(r.sb), free(r.gb), free(row);
    return rc;
}

onc_rc onc_cox_cindex_optimism(const double *time, const int *status, const double *x, size_t n, size_t p,
                               const int *strata, const onc_cox_opts_t *opts, size_t B, unsigned long seed,
                               onc_optimism_t *out, onc_err_t *err)
{
    onc_resamples_t drawn = {.B = B, .seed = seed};
    return onc_cox_cindex_optimism_rs(time, status, x, n, p, strata, opts, &drawn, out, err);
}
