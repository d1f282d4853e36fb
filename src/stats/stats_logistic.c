/* stats_logistic.c: logistic regression by iteratively reweighted least squares, as R's
 * glm(family = binomial), and Firth's penalised logistic regression, as R's logistf.
 *
 * glm: starts from mu = (y + 0.5) / 2, solves the weighted normal equations by Cholesky at
 * each step and stops when the deviance changes by less than epsilon relative (R's test); the
 * link is clamped as R's C code clamps it (|eta| > 30), so that a separated data set behaves as
 * in R: the fit "converges" with fitted probabilities of 0 or 1 and huge estimates. Those
 * estimates are then marked: the fit is continued for more steps and the coefficients that
 * keep moving are the ones going to infinity.
 *
 * Firth: maximises l(b) + log|I(b)| / 2 by Newton steps on the modified score
 * X'(y - mu + h (1/2 - mu)) (h the hat values), each step at most 5 in any coordinate and
 * halved while the penalised likelihood falls (logistf's control). The same fitter with some
 * coefficients held fixed gives the profile penalised likelihood: logistf's p-values
 * (2 (l* - l*(b_j = 0)), chi-square 1 df), its intervals (where that falls by
 * qchisq(conf, 1) / 2, found by Brent's method) and its likelihood-ratio test against the
 * intercept alone.
 */
#include "oncoboard/stats_assoc.h"
#include "stats_assoc_int.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#define LINK_THRESH 30.0 /* R's logit_link clamps eta here */
#define LOGIT_MAX_P 200
#define FIRTH_MAX_STEP 5.0
#define SEPARATION_EXTRA_STEPS 10

void onc_logit_opts_init(onc_logit_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->profile = true;
    o->conf = 0.95;
    o->max_iter = 0; /* per method: 25 glm, 100 Firth */
    o->epsilon = 1e-8;
}

static double link_mu(double eta)
{
    double e = eta < -LINK_THRESH ? DBL_EPSILON : eta > LINK_THRESH ? 1 / DBL_EPSILON : exp(eta);
    return e / (1 + e);
}

static double link_mu_eta(double eta)
{
    if (eta > LINK_THRESH || eta < -LINK_THRESH) return DBL_EPSILON;
    double o = 1 + exp(eta);
    return exp(eta) / (o * o);
}

/* The work of one fit: n x p design, its information matrix and scratch vectors. */
typedef struct fitter {
    const double *x, *y;
    size_t n, p;
    const bool *free; /* NULL: all coefficients free */
    gsl_matrix *info, *chol;
    gsl_vector *rhs, *delta;
    double *eta, *mu, *w, *h;
} fitter_t;

static void fitter_free(fitter_t *f)
{
    gsl_matrix_free(f->info), gsl_matrix_free(f->chol);
    gsl_vector_free(f->rhs), gsl_vector_free(f->delta);
    free(f->eta), free(f->mu), free(f->w), free(f->h);
}

static onc_rc fitter_init(fitter_t *f, const double *x, const double *y, size_t n, size_t p, onc_err_t *err)
{
    memset(f, 0, sizeof *f);
    f->x = x, f->y = y, f->n = n, f->p = p;
    f->info = gsl_matrix_alloc(p, p), f->chol = gsl_matrix_alloc(p, p);
    f->rhs = gsl_vector_alloc(p), f->delta = gsl_vector_alloc(p);
    f->eta = malloc(n * sizeof *f->eta), f->mu = malloc(n * sizeof *f->mu);
    f->w = malloc(n * sizeof *f->w), f->h = malloc(n * sizeof *f->h);
    if (!f->info || !f->chol || !f->rhs || !f->delta || !f->eta || !f->mu || !f->w || !f->h) {
        fitter_free(f);
        return onc_err_set(err, ONC_ENOMEM, "logistic regression: out of memory");
    }
    return ONC_OK;
}

static bool is_free(const fitter_t *f, size_t j) { return !f->free || f->free[j]; }

static void set_eta(fitter_t *f, const double *beta)
{
    for (size_t i = 0; i < f->n; i++) f->eta[i] = 0;
    for (size_t j = 0; j < f->p; j++)
        for (size_t i = 0; i < f->n; i++) f->eta[i] += f->x[j * f->n + i] * beta[j];
    for (size_t i = 0; i < f->n; i++) f->mu[i] = link_mu(f->eta[i]);
}

static double loglik(const fitter_t *f)
{
    double l = 0;
    for (size_t i = 0; i < f->n; i++) l += f->y[i] > 0 ? log(f->mu[i]) : log1p(-f->mu[i]);
    return l;
}

/* info = X' diag(w) X over all columns; chol its Cholesky factor over the free ones (the fixed
 * ones replaced by identity rows so that the solve leaves them at zero). */
static onc_rc factor_info(fitter_t *f, onc_err_t *err)
{
    size_t n = f->n, p = f->p;
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b <= a; b++) {
            double s = 0;
            const double *xa = f->x + a * n, *xb = f->x + b * n;
            for (size_t i = 0; i < n; i++) s += xa[i] * f->w[i] * xb[i];
            gsl_matrix_set(f->info, a, b, s), gsl_matrix_set(f->info, b, a, s);
        }
    gsl_matrix_memcpy(f->chol, f->info);
    for (size_t a = 0; a < p; a++)
        if (!is_free(f, a))
            for (size_t b = 0; b < p; b++) {
                gsl_matrix_set(f->chol, a, b, a == b);
                gsl_matrix_set(f->chol, b, a, a == b);
            }
    if (gsl_linalg_cholesky_decomp1(f->chol) != GSL_SUCCESS)
        return onc_err_set(err, ONC_EINVAL,
                           "logistic regression: the design is singular (collinear covariates, or a covariate "
                           "constant among the rows used)");
    return ONC_OK;
}

/* One IRLS step of glm: beta = (X'WX)^-1 X'W z. */
static onc_rc irls_step(fitter_t *f, double *beta, onc_err_t *err)
{
    size_t n = f->n, p = f->p;
    double *z = f->h;
    for (size_t i = 0; i < n; i++) {
        double me = link_mu_eta(f->eta[i]), var = f->mu[i] * (1 - f->mu[i]);
        z[i] = f->eta[i] + (f->y[i] - f->mu[i]) / me;
        f->w[i] = me * me / var;
    }
    onc_rc rc = factor_info(f, err);
    if (rc != ONC_OK) return rc;
    for (size_t j = 0; j < p; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++) s += f->x[j * n + i] * f->w[i] * z[i];
        gsl_vector_set(f->rhs, j, s);
    }
    gsl_linalg_cholesky_solve(f->chol, f->rhs, f->delta);
    for (size_t j = 0; j < p; j++) beta[j] = gsl_vector_get(f->delta, j);
    set_eta(f, beta);
    return ONC_OK;
}

static double deviance(const fitter_t *f) { return -2 * loglik(f); }

/* glm's loop from mu = (y + 0.5) / 2. */
static onc_rc glm_fit(fitter_t *f, double *beta, int max_iter, double eps, int *iters, bool *converged, onc_err_t *err)
{
    for (size_t i = 0; i < f->n; i++) {
        f->mu[i] = (f->y[i] + 0.5) / 2;
        f->eta[i] = log(f->mu[i] / (1 - f->mu[i]));
    }
    double dev_old = INFINITY;
    *converged = false;
    for (*iters = 1; *iters <= max_iter; (*iters)++) {
        onc_rc rc = irls_step(f, beta, err);
        if (rc != ONC_OK) return rc;
        double dev = deviance(f);
        if (fabs(dev - dev_old) / (fabs(dev) + 0.1) < eps) {
            *converged = true;
            break;
        }
        dev_old = dev;
    }
    if (*iters > max_iter) *iters = max_iter;
    /* R stops at 1e-8; a few more Newton steps make the estimates exact to rounding (what R
     * gives with epsilon = 1e-14), except where the fit diverges */
    bool edge = false;
    for (size_t i = 0; i < f->n; i++) edge = edge || f->mu[i] < 10 * DBL_EPSILON || f->mu[i] > 1 - 10 * DBL_EPSILON;
    for (int k = 0; *converged && !edge && k < 5; k++) {
        double before = deviance(f);
        onc_rc rc = irls_step(f, beta, err);
        if (rc != ONC_OK) return rc;
        if (fabs(deviance(f) - before) <= 1e-15 * (fabs(before) + 0.1)) break;
    }
    return ONC_OK;
}

static void covariance_into(fitter_t *f, double *se)
{
    gsl_linalg_cholesky_invert(f->chol);
    for (size_t j = 0; j < f->p; j++) se[j] = is_free(f, j) ? sqrt(gsl_matrix_get(f->chol, j, j)) : NAN;
}

/* ---- Firth ---- */

/* The hat values h_i = w_i x_i' (X'WX)^-1 x_i over all columns, and log|X'WX|. */
static onc_rc firth_hat(fitter_t *f, double *logdet, onc_err_t *err)
{
    size_t n = f->n, p = f->p;
    for (size_t i = 0; i < n; i++) f->w[i] = f->mu[i] * (1 - f->mu[i]);
    const bool *keep = f->free;
    f->free = NULL; /* the penalty is on the whole information matrix */
    onc_rc rc = factor_info(f, err);
    f->free = keep;
    if (rc != ONC_OK) return rc;
    double ld = 0;
    for (size_t j = 0; j < p; j++) ld += 2 * log(gsl_matrix_get(f->chol, j, j));
    *logdet = ld;
    gsl_vector *xi = f->rhs, *sol = f->delta;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < p; j++) gsl_vector_set(xi, j, f->x[j * n + i]);
        gsl_linalg_cholesky_solve(f->chol, xi, sol);
        double q = 0;
        for (size_t j = 0; j < p; j++) q += f->x[j * n + i] * gsl_vector_get(sol, j);
        f->h[i] = f->w[i] * q;
    }
    return ONC_OK;
}

static onc_rc firth_pll(fitter_t *f, const double *beta, double *pll, onc_err_t *err)
{
    set_eta(f, beta);
    double ld;
    onc_rc rc = firth_hat(f, &ld, err);
    if (rc == ONC_OK) *pll = loglik(f) + ld / 2;
    return rc;
}

/* Maximises the penalised likelihood over the free coefficients from beta. */
static onc_rc firth_fit(fitter_t *f, double *beta, int max_iter, double *pll, int *iters, bool *converged, onc_err_t *err)
{
    size_t n = f->n, p = f->p;
    double *trial = malloc(2 * p * sizeof *trial), *step = trial + p, cur = -INFINITY;
    if (!trial) return onc_err_set(err, ONC_ENOMEM, "Firth regression: out of memory");
    onc_rc rc = firth_pll(f, beta, &cur, err);
    *converged = false;
    for (*iters = 0; rc == ONC_OK && *iters < max_iter; (*iters)++) {
        /* modified score, then Newton's step on the free coefficients */
        double smax = 0;
        for (size_t j = 0; j < p; j++) {
            double s = 0;
            for (size_t i = 0; i < n; i++) s += f->x[j * n + i] * (f->y[i] - f->mu[i] + f->h[i] * (0.5 - f->mu[i]));
            if (!is_free(f, j)) s = 0;
            gsl_vector_set(f->rhs, j, s);
            if (fabs(s) > smax) smax = fabs(s);
        }
        if ((rc = factor_info(f, err)) != ONC_OK) break;
        gsl_linalg_cholesky_solve(f->chol, f->rhs, f->delta);
        double dmax = 0; /* the step is copied: firth_pll's hat values reuse f->delta */
        for (size_t j = 0; j < p; j++) dmax = fmax(dmax, fabs(step[j] = gsl_vector_get(f->delta, j)));
        if (dmax < 1e-12 && smax < 1e-9) {
            *converged = true;
            break;
        }
        double scale = dmax > FIRTH_MAX_STEP ? FIRTH_MAX_STEP / dmax : 1, next = -INFINITY;
        for (int half = 0; half < 30; half++, scale /= 2) {
            for (size_t j = 0; j < p; j++) trial[j] = beta[j] + scale * step[j];
            if ((rc = firth_pll(f, trial, &next, err)) != ONC_OK) break;
            if (next >= cur - 1e-12 * fabs(cur)) break;
        }
        if (rc != ONC_OK) break;
        memcpy(beta, trial, p * sizeof *beta);
        cur = next;
    }
    if (rc == ONC_OK) rc = firth_pll(f, beta, &cur, err); /* leave mu, w and h at beta */
    *pll = cur;
    free(trial);
    return rc;
}

/* The profile: the penalised likelihood's maximum with coefficient j held at b. */
typedef struct profile {
    fitter_t *f;
    const double *start;
    double *beta;
    bool *mask;
    size_t j;
    double target; /* the profile's value at the interval's ends */
    onc_rc rc;
    onc_err_t *err;
} profile_t;

static double profile_at(profile_t *pr, double b)
{
    fitter_t *f = pr->f;
    memcpy(pr->beta, pr->start, f->p * sizeof *pr->beta);
    pr->beta[pr->j] = b;
    for (size_t k = 0; k < f->p; k++) pr->mask[k] = k != pr->j;
    f->free = pr->mask;
    double pll = -INFINITY;
    int it;
    bool conv;
    onc_rc rc = firth_fit(f, pr->beta, 100, &pll, &it, &conv, pr->err);
    f->free = NULL;
    if (rc != ONC_OK && pr->rc == ONC_OK) pr->rc = rc;
    return pll;
}

static double profile_gap(double b, void *v)
{
    profile_t *pr = v;
    return profile_at(pr, b) - pr->target;
}

/* The interval end on side (-1 or +1): walk out by steps of se until the profile falls below
 * the target, then Brent. */
static onc_rc profile_end(profile_t *pr, double est, double se, int side, double *end)
{
    double step = se > 0 && isfinite(se) ? se : 1, in = est, out = est + side * step;
    for (int k = 0; k < 60 && profile_gap(out, pr) > 0; k++) {
        in = out;
        step *= 1.6;
        out = est + side * step;
    }
    if (pr->rc != ONC_OK) return pr->rc;
    if (profile_gap(out, pr) > 0) return *end = side * INFINITY, ONC_OK;
    double r;
    onc_rc rc = onc_assoc_root(profile_gap, pr, side < 0 ? out : in, side < 0 ? in : out, &r, pr->err);
    *end = r;
    return rc != ONC_OK ? rc : pr->rc;
}

static onc_rc firth_profile(fitter_t *f, onc_logit_fit_t *o, double pll, double conf, onc_err_t *err)
{
    size_t p = f->p;
    double *beta = malloc(p * sizeof *beta);
    bool *mask = malloc(p * sizeof *mask);
    if (!beta || !mask) {
        free(beta), free(mask);
        return onc_err_set(err, ONC_ENOMEM, "Firth regression: out of memory");
    }
    profile_t pr = {.f = f, .start = o->coef, .beta = beta, .mask = mask, .err = err};
    double crit = gsl_cdf_chisq_Pinv(conf, 1) / 2;
    onc_rc rc = ONC_OK;
    for (size_t j = 0; j < p && rc == ONC_OK; j++) {
        pr.j = j;
        double at0 = profile_at(&pr, 0);
        double chi = 2 * (pll - at0);
        o->pval[j] = gsl_cdf_chisq_Q(chi > 0 ? chi : 0, 1);
        pr.target = pll - crit;
        if (pr.rc == ONC_OK) rc = profile_end(&pr, o->coef[j], o->se[j], -1, &o->lower[j]);
        if (rc == ONC_OK) rc = profile_end(&pr, o->coef[j], o->se[j], +1, &o->upper[j]);
        if (rc == ONC_OK) rc = pr.rc;
    }
    free(beta), free(mask);
    return rc;
}

/* The model with the intercept (column 0) alone: the likelihood-ratio test's null. */
static onc_rc null_loglik(fitter_t *f, const onc_logit_opts_t *o, double *ll, onc_err_t *err)
{
    size_t p = f->p;
    double *beta = calloc(p, sizeof *beta);
    bool *mask = calloc(p, sizeof *mask);
    if (!beta || !mask) {
        free(beta), free(mask);
        return onc_err_set(err, ONC_ENOMEM, "logistic regression: out of memory");
    }
    mask[0] = true;
    f->free = mask;
    int it;
    bool conv;
    onc_rc rc;
    if (o->firth) {
        rc = firth_fit(f, beta, 100, ll, &it, &conv, err);
    } else { /* the intercept alone: mu is the mean of y */
        double ybar = 0;
        for (size_t i = 0; i < f->n; i++) ybar += f->y[i];
        ybar /= (double)f->n;
        for (size_t i = 0; i < f->n; i++) f->mu[i] = ybar;
        *ll = loglik(f);
        rc = ONC_OK;
    }
    f->free = NULL;
    free(beta), free(mask);
    return rc;
}

static onc_rc fit_alloc(onc_logit_fit_t *o, size_t n, size_t p, onc_err_t *err)
{
    o->n = n, o->p = p;
    o->coef = calloc(6 * p, sizeof *o->coef);
    o->diverged = calloc(p, sizeof *o->diverged);
    o->lin_pred = calloc(n, sizeof *o->lin_pred);
    if (!o->coef || !o->diverged || !o->lin_pred) return onc_err_set(err, ONC_ENOMEM, "logistic regression: out of memory");
    o->se = o->coef + p, o->z = o->se + p, o->pval = o->z + p, o->lower = o->pval + p, o->upper = o->lower + p;
    return ONC_OK;
}

void onc_logit_fit_free(onc_logit_fit_t *f)
{
    if (!f) return;
    free(f->coef), free(f->diverged), free(f->lin_pred);
    memset(f, 0, sizeof *f);
}

static onc_rc check_input(const double *x, const double *y, size_t n, size_t p, onc_err_t *err)
{
    if (p == 0 || p > LOGIT_MAX_P) return onc_err_set(err, ONC_EINVAL, "logistic regression: 1 to %d coefficients", LOGIT_MAX_P);
    if (n <= p) return onc_err_set(err, ONC_EINVAL, "logistic regression: %zu rows for %zu coefficients", n, p);
    size_t ones = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(y[i] == 0 || y[i] == 1)) return onc_err_set(err, ONC_EINVAL, "logistic regression: row %zu: the outcome must be 0 or 1", i + 1);
        ones += y[i] == 1;
    }
    for (size_t k = 0; k < n * p; k++)
        if (!isfinite(x[k])) return onc_err_set(err, ONC_EINVAL, "logistic regression: a covariate is missing or infinite (row %zu)", k % n + 1);
    if (ones == 0 || ones == n)
        return onc_err_set(err, ONC_EINVAL, "logistic regression: every outcome is %d; nothing to model", ones ? 1 : 0);
    return ONC_OK;
}

/* Separation: fitted probabilities at 0 or 1 (R's warning); the coefficients that still move
 * when the fit goes on are the diverging ones. */
static onc_rc mark_divergence(fitter_t *f, onc_logit_fit_t *o, onc_err_t *err)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->mu[i] < 10 * DBL_EPSILON || f->mu[i] > 1 - 10 * DBL_EPSILON) o->fitted_01 = true;
    if (!o->fitted_01) return ONC_OK;
    double *b = malloc(f->p * sizeof *b);
    if (!b) return onc_err_set(err, ONC_ENOMEM, "logistic regression: out of memory");
    memcpy(b, o->coef, f->p * sizeof *b);
    onc_rc rc = ONC_OK;
    for (int k = 0; k < SEPARATION_EXTRA_STEPS && rc == ONC_OK; k++) rc = irls_step(f, b, err);
    for (size_t j = 0; j < f->p && rc == ONC_OK; j++)
        if (fabs(b[j] - o->coef[j]) > 1e-3 * (1 + fabs(o->coef[j]))) o->diverged[j] = o->separation = true;
    free(b);
    set_eta(f, o->coef);
    return rc;
}

static void wald(onc_logit_fit_t *o, double conf)
{
    double q = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
    for (size_t j = 0; j < o->p; j++) {
        o->z[j] = o->coef[j] / o->se[j];
        o->pval[j] = 2 * gsl_cdf_ugaussian_Q(fabs(o->z[j]));
        o->lower[j] = o->coef[j] - q * o->se[j];
        o->upper[j] = o->coef[j] + q * o->se[j];
    }
}

onc_rc onc_logit_fit(const double *x, const double *y, size_t n, size_t p, const onc_logit_opts_t *opts,
                     onc_logit_fit_t *o, onc_err_t *err)
{
    memset(o, 0, sizeof *o);
    onc_assoc_gsl_quiet();
    onc_logit_opts_t def;
    if (!opts) onc_logit_opts_init(&def), opts = &def;
    if (!(opts->conf > 0 && opts->conf < 1)) return onc_err_set(err, ONC_EINVAL, "logistic regression: the level must be in (0, 1)");
    onc_rc rc = check_input(x, y, n, p, err);
    if (rc != ONC_OK) return rc;
    fitter_t f;
    if ((rc = fitter_init(&f, x, y, n, p, err)) != ONC_OK) return rc;
    if ((rc = fit_alloc(o, n, p, err)) != ONC_OK) {
        fitter_free(&f);
        return rc;
    }
    o->firth = opts->firth;
    int max_iter = opts->max_iter > 0 ? opts->max_iter : opts->firth ? 100 : 25;
    double pll = 0;
    if (opts->firth) rc = firth_fit(&f, o->coef, max_iter, &pll, &o->iterations, &o->converged, err);
    else rc = glm_fit(&f, o->coef, max_iter, opts->epsilon, &o->iterations, &o->converged, err);
    if (rc == ONC_OK) {
        o->loglik = loglik(&f);
        o->deviance = -2 * o->loglik;
        o->aic = o->deviance + 2 * (double)p;
        for (size_t i = 0; i < n; i++) o->lin_pred[i] = f.eta[i];
        /* glm: the information of the last step's weights, as R's summary.glm uses (the same as at
         * the estimate once converged; under separation it reproduces R's standard errors too).
         * Firth: at the estimate, w = mu (1 - mu) from firth_hat. */
        if (opts->firth) rc = factor_info(&f, err);
    }
    if (rc == ONC_OK) {
        covariance_into(&f, o->se);
        wald(o, opts->conf);
        if (!opts->firth) rc = mark_divergence(&f, o, err);
    }
    double ll0 = opts->firth ? pll : o->loglik; /* the intercept alone when p is 1 */
    if (rc == ONC_OK && opts->firth && opts->profile) {
        o->profile = true;
        rc = firth_profile(&f, o, pll, opts->conf, err);
    }
    if (rc == ONC_OK && p > 1) rc = null_loglik(&f, opts, &ll0, err);
    if (rc == ONC_OK) {
        double full = opts->firth ? pll : o->loglik;
        o->null_deviance = opts->firth ? NAN : -2 * ll0;
        o->lr_stat = p > 1 ? 2 * (full - ll0) : 0;
        o->lr_df = (double)(p - 1);
        o->lr_p = p > 1 ? gsl_cdf_chisq_Q(o->lr_stat > 0 ? o->lr_stat : 0, o->lr_df) : 1;
        if (opts->firth) o->loglik = pll; /* logistf's log-likelihood is the penalised one */
    }
    fitter_free(&f);
    if (rc != ONC_OK) onc_logit_fit_free(o);
    return rc;
}
