/* stats_cox_terms.c: the questions a predictive-biomarker analysis asks of a Cox model: is the
 * treatment-by-biomarker interaction real (the Wald test of its coefficients, and the
 * likelihood-ratio test of the model without it, as R's anova(coxph) gives for the last term),
 * and what is the treatment's hazard ratio within each subgroup. Both refit the model on a
 * copy of the design where rows that must not count are made missing, so that the reduced
 * model sees exactly the rows of the full one and a subgroup exactly its own. */
#include "stats_surv_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether row i of x (p columns) has every cell. */
static bool row_complete(const double *x, size_t p, size_t i)
{
    for (size_t j = 0; j < p; j++)
        if (isnan(x[i * p + j])) return false;
    return true;
}

static void wald_of_term(const onc_cox_t *fit, size_t p, const int *column_term, int term, onc_cox_term_test_t *out,
                         double *work, double *b)
{
    size_t q = 0, cols[ONC_SURV_MAX_COVARIATES];
    for (size_t j = 0; j < p; j++)
        if (column_term[j] == term && !fit->aliased[j]) cols[q++] = j;
    for (size_t r = 0; r < q; r++) {
        b[r] = fit->coef[cols[r]];
        for (size_t c = 0; c < q; c++) work[r * q + c] = fit->var[cols[r] * p + cols[c]];
    }
    out->df = (int)q;
    out->wald = q ? surv_quad_inverse(work, b, q) : NAN;
    out->wald_p = q ? surv_chisq_p(out->wald, (double)q) : NAN;
}

onc_rc onc_cox_term_test(const double *time, const int *status, const double *x, size_t n, size_t p,
                         const int *strata, const int *column_term, int term, const onc_cox_opts_t *opts,
                         const onc_cox_t *fit, onc_cox_term_test_t *out, onc_err_t *err)
{
    size_t keep = 0;
    for (size_t j = 0; j < p; j++) keep += column_term[j] != term;
    if (keep == p) return onc_err_set(err, ONC_EINVAL, "term %d has no column in the model", term);
    double *work = malloc(p * p * sizeof *work), *b = malloc(p * sizeof *b);
    double *xr = keep ? malloc((n ? n : 1) * keep * sizeof *xr) : NULL;
    if (!work || !b || (keep && !xr)) {
        free(work), free(b), free(xr);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    wald_of_term(fit, p, column_term, term, out, work, b);
    onc_rc rc = ONC_OK;
    out->loglik_without = fit->loglik0; /* the model without it has no covariate: the null model */
    if (keep) {
        for (size_t i = 0; i < n; i++) { /* the rows of the full model, no more */
            size_t k = 0;
            for (size_t j = 0; j < p; j++)
                if (column_term[j] != term) xr[i * keep + k++] = x[i * p + j];
            if (!row_complete(x, p, i)) xr[i * keep] = NAN;
        }
        onc_cox_t reduced = {0};
        rc = onc_cox_fit(time, status, xr, n, keep, strata, opts, &reduced, err);
        if (rc == ONC_OK) out->loglik_without = reduced.loglik;
        onc_cox_free(&reduced);
    }
    out->lrt = 2 * (fit->loglik - out->loglik_without);
    out->lrt_p = surv_chisq_p(out->lrt, out->df);
    free(work), free(b), free(xr);
    return rc;
}

static void subgroup_fit(const double *time, const int *status, const double *xs, size_t n, size_t p,
                         const int *strata, size_t column, const onc_cox_opts_t *opts, onc_cox_subgroup_t *o)
{
    onc_cox_t fit = {0};
    onc_err_t e = {0};
    if (onc_cox_fit(time, status, xs, n, p, strata, opts, &fit, &e) != ONC_OK) {
        memcpy(o->note, e.msg, sizeof o->note < sizeof e.msg ? sizeof o->note : sizeof e.msg), o->note[sizeof o->note - 1] = 0;
    } else {
        o->n = fit.n, o->n_events = fit.n_events;
        if (fit.aliased[column]) snprintf(o->note, sizeof o->note, "the treatment does not vary in this subgroup");
        else {
            o->coef = fit.coef[column], o->se = fit.se[column], o->hr = fit.hr[column];
            o->hr_lower = fit.hr_lower[column], o->hr_upper = fit.hr_upper[column];
            o->z = fit.z[column], o->p = fit.pvalue[column];
            if (*fit.warning) memcpy(o->note, fit.warning, sizeof fit.warning);
        }
    }
    onc_cox_free(&fit);
}

onc_rc onc_cox_subgroups(const double *time, const int *status, const double *x, size_t n, size_t p,
                         const int *strata, const int *code, size_t n_levels, size_t column,
                         const onc_cox_opts_t *opts, onc_cox_subgroup_t *out, onc_err_t *err)
{
    if (column >= p) return onc_err_set(err, ONC_EINVAL, "the treatment column %zu is not in the model", column);
    double *xs = malloc((n ? n : 1) * p * sizeof *xs);
    if (!xs) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t l = 0; l < n_levels; l++) {
        onc_cox_subgroup_t *o = &out[l];
        *o = (onc_cox_subgroup_t){0, 0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, ""};
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < p; j++) xs[i * p + j] = code[i] == (int)l ? x[i * p + j] : NAN;
        subgroup_fit(time, status, xs, n, p, strata, column, opts, o);
    }
    free(xs);
    return ONC_OK;
}
