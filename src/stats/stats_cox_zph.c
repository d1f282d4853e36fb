/* stats_cox_zph.c: the test of proportional hazards of R's cox.zph (survival 3.x). For each
 * term, a score test at the fitted beta of the model with the extra covariates x g(t), where g
 * is the Kaplan-Meier transform of time (1 - S(t-) of all the rows used, centred on its mean over
 * the events): u is zero for beta at the estimate, so the statistic is u2' (I^-1)22 u2 computed
 * as u' I^-1 u on the term's block of the 2p x 2p information. One pass over the sorted rows
 * (cox_iterate with g). */
#include "stats_cox_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void onc_cox_zph_free(onc_cox_zph_t *z)
{
    if (!z) return;
    free(z->chisq), free(z->pvalue), free(z->df);
    memset(z, 0, sizeof *z);
}

/* g for each sorted row: 1 - S(t-) from the Kaplan-Meier curve of all rows, centred on the mean
 * over the events. */
static onc_rc zph_transform(const cox_data_t *d, double *g, onc_err_t *err)
{
    onc_km_t km;
    onc_rc rc = onc_km_fit(d->time, d->status, d->n, NULL, &km, err);
    if (rc != ONC_OK) return rc;
    double sum = 0, events = 0;
    for (size_t i = 0; i < d->n; i++) {
        /* the last curve time strictly before t: binary search */
        size_t lo = 0, hi = km.n_times;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (km.time[mid] < d->time[i]) lo = mid + 1;
            else hi = mid;
        }
        g[i] = 1 - (lo == 0 ? 1 : km.surv[lo - 1]);
        if (d->status[i]) sum += g[i], events++;
    }
    for (size_t i = 0; i < d->n; i++) g[i] -= sum / events;
    onc_km_free(&km);
    return ONC_OK;
}

/* u' A^-1 u over the indices kk (k of them) of the w x w system. */
static double zph_block_test(const double *u, const double *imat, size_t w, const size_t *kk, size_t k)
{
    double *a = malloc(k * k * sizeof *a), *v = malloc(k * sizeof *v), r = NAN;
    if (a && v) {
        for (size_t i = 0; i < k; i++) {
            v[i] = u[kk[i]];
            for (size_t j = 0; j < k; j++) a[i * k + j] = imat[kk[i] * w + kk[j]];
        }
        r = surv_quad_inverse(a, v, k);
    }
    free(a), free(v);
    return r;
}

static onc_rc zph_tests(const onc_cox_t *fit, const int *term, size_t q, const double *u, const double *imat,
                        onc_cox_zph_t *z, onc_err_t *err)
{
    size_t p = fit->p, w = 2 * q, *kk = malloc(w * sizeof *kk);
    if (!kk) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t t = 0; t < z->n_terms; t++) {
        size_t k = 0, a = 0;
        for (size_t i = 0; i < q; i++) kk[k++] = i;
        for (size_t j = 0; j < p; j++) {
            if (fit->aliased[j]) continue;
            if ((term ? (size_t)term[j] : j) == t) kk[k++] = q + a;
            a++;
        }
        z->df[t] = (int)(k - q);
        z->chisq[t] = k > q ? zph_block_test(u, imat, w, kk, k) : NAN;
        z->pvalue[t] = surv_chisq_p(z->chisq[t], z->df[t]);
    }
    for (size_t i = 0; i < w; i++) kk[i] = i;
    z->global_df = (int)q;
    z->global_chisq = zph_block_test(u, imat, w, kk, w);
    z->global_p = surv_chisq_p(z->global_chisq, q);
    free(kk);
    return ONC_OK;
}

onc_rc onc_cox_zph(const double *time, const int *status, const double *x, size_t n, size_t p, const int *strata,
                   const int *term, const onc_cox_opts_t *opts, const onc_cox_t *fit, onc_cox_zph_t *z,
                   onc_err_t *err)
{
    onc_cox_opts_t def;
    if (!opts) onc_cox_opts_init(&def), opts = &def;
    memset(z, 0, sizeof *z);
    if (!fit || fit->p != p || !fit->coef)
        return onc_err_set(err, ONC_EINVAL, "cox.zph needs the fit of the same model");
    size_t n_terms = 0;
    for (size_t j = 0; j < p; j++) {
        size_t t = term ? (size_t)term[j] : j;
        if (term && term[j] < 0) return onc_err_set(err, ONC_EINVAL, "negative term index");
        if (t + 1 > n_terms) n_terms = t + 1;
    }
    cox_data_t d;
    onc_rc rc = cox_data_build(time, status, x, n, p, strata, &d, err);
    if (rc != ONC_OK) return rc;
    size_t q = 0;
    bool *use = malloc(p * sizeof *use);
    double *beta = malloc(p * sizeof *beta), *g = malloc((d.n ? d.n : 1) * sizeof *g);
    double *u = malloc(2 * p * sizeof *u), *imat = malloc(4 * p * p * sizeof *imat), lk;
    z->n_terms = n_terms;
    z->chisq = malloc(n_terms * sizeof *z->chisq);
    z->pvalue = malloc(n_terms * sizeof *z->pvalue);
    z->df = malloc(n_terms * sizeof *z->df);
    if (!use || !beta || !g || !u || !imat || !z->chisq || !z->pvalue || !z->df) {
        rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        goto out;
    }
    /* the fitted coefficients in the scaled coordinates of cox_data */
    for (size_t j = 0; j < p; j++) {
        use[j] = !fit->aliased[j];
        if (use[j]) beta[q++] = fit->coef[j] / d.scale[j];
    }
    if ((rc = zph_transform(&d, g, err)) != ONC_OK) goto out;
    if ((rc = cox_iterate(&d, use, beta, opts->ties, g, &lk, u, imat, err)) != ONC_OK) goto out;
    memset(u, 0, q * sizeof *u); /* the score for beta is zero at the estimate */
    rc = zph_tests(fit, term, q, u, imat, z, err);
out:
    free(use), free(beta), free(g), free(u), free(imat);
    cox_data_free(&d);
    if (rc != ONC_OK) onc_cox_zph_free(z);
    return rc;
}
