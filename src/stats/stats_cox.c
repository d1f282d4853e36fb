/* stats_cox.c: the Cox proportional-hazards model as R's coxph fits it (coxfit6): rows sorted
 * once by stratum and time, covariates centred and scaled, Newton-Raphson from beta = 0 with
 * step halving when the log partial likelihood falls, convergence when its relative change is
 * at most eps. Each iteration is one pass from the last time to the first, keeping the risk
 * set's sums of exp(eta), exp(eta) x and exp(eta) x x' (O(n p^2)); tied deaths are handled by
 * Efron's approximation (coxph's default) or Breslow's. Columns that are linear combinations of
 * earlier ones are found as coxph finds them (a Cholesky pivot below toler_chol of the largest
 * diagonal of the information, in coxph's units where a 0/1 column is not scaled) and left out,
 * their coefficients NaN as R's NA; so is a column that becomes singular at the estimate (a
 * coefficient run off to infinity), as coxfit6's final test of the information. After the fit:
 * the likelihood-ratio, Wald and score tests, Wald intervals, and the concordance of the linear
 * predictor (stats_concordance.c). */
#include "stats_cox_int.h"

#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void onc_cox_opts_init(onc_cox_opts_t *o)
{
    o->ties = ONC_TIES_EFRON;
    o->eps = 1e-9;
    o->max_iter = 20;
    o->conf_level = 0.95;
    o->toler_chol = 1.818989403545856e-12; /* .Machine$double.eps^0.75 */
}

void onc_cox_free(onc_cox_t *f)
{
    if (!f) return;
    free(f->coef), free(f->se), free(f->z), free(f->pvalue), free(f->hr), free(f->hr_lower), free(f->hr_upper);
    free(f->aliased), free(f->var), free(f->means);
    memset(f, 0, sizeof *f);
}

void cox_data_free(cox_data_t *d)
{
    if (!d) return;
    free(d->time), free(d->status), free(d->first), free(d->zero_one), free(d->x), free(d->scale), free(d->mean);
    free(d->row);
    memset(d, 0, sizeof *d);
}

onc_rc cox_data_build(const double *time, const int *status, const double *x, size_t n, size_t p, const int *strata,
                      cox_data_t *d, onc_err_t *err)
{
    memset(d, 0, sizeof *d);
    size_t *order, m;
    onc_rc rc = surv_select_sorted(time, status, NULL, strata, x, p, n, &order, &m, err);
    if (rc != ONC_OK) return rc;
    d->n = m, d->p = p, d->row = order;
    d->time = malloc((m ? m : 1) * sizeof *d->time);
    d->status = malloc((m ? m : 1) * sizeof *d->status);
    d->first = malloc((m ? m : 1) * sizeof *d->first);
    d->x = malloc((m ? m : 1) * (p ? p : 1) * sizeof *d->x);
    d->scale = malloc((p ? p : 1) * sizeof *d->scale);
    d->mean = calloc(p ? p : 1, sizeof *d->mean);
    d->zero_one = malloc(p ? p : 1);
    if (!d->time || !d->status || !d->first || !d->x || !d->scale || !d->mean || !d->zero_one) {
        cox_data_free(d);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < m; i++) {
        size_t r = order[i];
        d->time[i] = time[r];
        d->status[i] = status[r];
        d->n_events += (size_t)status[r];
        d->first[i] = i == 0 || (strata && strata[r] != strata[order[i - 1]]);
        for (size_t j = 0; j < p; j++) d->x[i * p + j] = x[r * p + j];
    }
    /* coxfit6: centre each column on its mean and scale it by 1 / mean |x - mean|. */
    for (size_t j = 0; j < p; j++) {
        double s = 0;
        d->zero_one[j] = 1;
        for (size_t i = 0; i < m; i++) {
            double v = d->x[i * p + j];
            d->mean[j] += v;
            if (v != 0 && v != 1 && v != -1) d->zero_one[j] = 0;
        }
        d->mean[j] /= m ? (double)m : 1;
        for (size_t i = 0; i < m; i++) s += fabs(d->x[i * p + j] -= d->mean[j]);
        d->scale[j] = s > 0 ? (double)m / s : 1;
        for (size_t i = 0; i < m; i++) d->x[i * p + j] *= d->scale[j];
    }
    return ONC_OK;
}

/* Adds a (q-vector) times b' into the packed lower triangle helpers below: c += w a a'. */
static void sym_add(double *c, const double *a, double w, size_t q)
{
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j <= i; j++) c[i * q + j] += w * a[i] * a[j];
}

/* Adds the contribution of one death time (score du, information di, q columns) to u and imat,
 * and with the time-varying term of cox.zph (g the transformed time, gt non-zero) to the
 * blocks of x g(t) in the 2q x 2q system. */
static void cox_add_time(const double *du, const double *di, size_t q, bool gt, double g, double *u, double *imat)
{
    size_t w = gt ? 2 * q : q;
    for (size_t i = 0; i < q; i++) {
        u[i] += du[i];
        if (gt) u[q + i] += g * du[i];
        for (size_t j = 0; j <= i; j++) {
            imat[i * w + j] += di[i * q + j];
            if (!gt) continue;
            imat[(q + i) * w + j] += g * di[i * q + j];
            if (i != j) imat[(q + j) * w + i] += g * di[i * q + j];
            imat[(q + i) * w + q + j] += g * g * di[i * q + j];
        }
    }
}

onc_rc cox_iterate(const cox_data_t *d, const bool *use, const double *beta, onc_ties ties, const double *g,
                   double *loglik, double *u, double *imat, onc_err_t *err)
{
    size_t p = d->p, q = 0, col[ONC_SURV_MAX_COVARIATES];
    for (size_t j = 0; j < p; j++)
        if (!use || use[j]) col[q++] = j;
    size_t w = g ? 2 * q : q;
    double *buf = calloc(6 * q + 3 * q * q + 1, sizeof *buf);
    if (!buf) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    double *xi = buf, *a = xi + q, *a2 = a + q, *mean = a2 + q, *xdead = mean + q, *du = xdead + q;
    double *cmat = du + q, *cmat2 = cmat + q * q, *di = cmat2 + q * q;
    double lk = 0, denom = 0;
    memset(u, 0, w * sizeof *u);
    memset(imat, 0, w * w * sizeof *imat);
    for (size_t person = d->n; person-- > 0;) {
        /* A new stratum starts at its last row (we walk backwards): empty the risk set. */
        if (person + 1 == d->n || d->first[person + 1]) {
            denom = 0;
            memset(a, 0, q * sizeof *a);
            memset(cmat, 0, q * q * sizeof *cmat);
        }
        double dtime = d->time[person], deadwt = 0, denom2 = 0, gtime = g ? g[person] : 0;
        size_t ndead = 0;
        memset(a2, 0, q * sizeof *a2);
        memset(xdead, 0, q * sizeof *xdead);
        memset(cmat2, 0, q * q * sizeof *cmat2);
        for (;;) {
            const double *xr = d->x + person * p;
            double eta = 0;
            for (size_t k = 0; k < q; k++) eta += beta[k] * (xi[k] = xr[col[k]]);
            double risk = exp(eta);
            if (d->status[person] == 0) {
                denom += risk;
                for (size_t k = 0; k < q; k++) a[k] += risk * xi[k];
                sym_add(cmat, xi, risk, q);
            } else {
                ndead++, deadwt += 1, denom2 += risk, lk += eta;
                for (size_t k = 0; k < q; k++) xdead[k] += xi[k], a2[k] += risk * xi[k];
                sym_add(cmat2, xi, risk, q);
            }
            if (person == 0 || d->first[person] || d->time[person - 1] != dtime) break;
            person--;
        }
        if (ndead == 0) continue;
        /* Efron: the deaths leave the risk set in d equal steps; Breslow: all stay in. */
        bool efron = ties == ONC_TIES_EFRON;
        size_t steps = efron ? ndead : 1;
        double f = efron ? 1.0 / (double)ndead : 1, wtave = deadwt / (double)steps;
        memcpy(du, xdead, q * sizeof *du);
        memset(di, 0, q * q * sizeof *di);
        for (size_t s = 0; s < steps; s++) {
            denom += denom2 * f;
            lk -= wtave * log(denom);
            for (size_t i = 0; i < q; i++) {
                a[i] += a2[i] * f;
                mean[i] = a[i] / denom;
                du[i] -= wtave * mean[i];
            }
            for (size_t i = 0; i < q; i++)
                for (size_t j = 0; j <= i; j++) {
                    cmat[i * q + j] += cmat2[i * q + j] * f;
                    di[i * q + j] += wtave * (cmat[i * q + j] - mean[i] * a[j]) / denom;
                }
        }
        cox_add_time(du, di, q, g != NULL, gtime, u, imat);
    }
    for (size_t i = 0; i < w; i++)
        for (size_t j = 0; j < i; j++) imat[j * w + i] = imat[i * w + j];
    free(buf);
    *loglik = lk;
    return ONC_OK;
}

/* coxph's singularity rule (cholesky2): eliminating the columns in order, a pivot below toler
 * times the largest diagonal marks the column as a combination of the earlier ones. a is p x p,
 * overwritten. Returns the number of columns kept. */
static size_t cox_find_aliased(double *a, size_t p, double toler, bool *aliased)
{
    double eps = 0;
    size_t rank = 0;
    for (size_t i = 0; i < p; i++)
        if (a[i * p + i] > eps) eps = a[i * p + i];
    eps *= toler;
    for (size_t i = 0; i < p; i++) {
        double pivot = a[i * p + i];
        aliased[i] = !isfinite(pivot) || pivot < eps || pivot <= 0;
        if (aliased[i]) continue;
        rank++;
        for (size_t j = i + 1; j < p; j++) {
            double t = a[j * p + i] / pivot;
            a[j * p + i] = t;
            a[j * p + j] -= t * t * pivot;
            for (size_t k = j + 1; k < p; k++) a[k * p + j] -= t * a[k * p + i];
        }
    }
    return rank;
}

/* cox_find_aliased on the information im (q x q over the columns col of d, in d's scaled units)
 * taken first to coxph's units, where a -1/0/1 column is neither centred nor scaled: the
 * tolerance is relative to the largest diagonal, so the units decide which pivots fall below it
 * (a level with one patient whose coefficient runs off to infinity). im is overwritten. */
static size_t cox_find_aliased_r(const cox_data_t *d, const size_t *col, double *im, size_t q, double toler,
                                 bool *aliased)
{
    for (size_t a = 0; a < q; a++)
        for (size_t b = 0; b < q; b++) {
            double ua = d->zero_one[col[a]] ? d->scale[col[a]] : 1, ub = d->zero_one[col[b]] ? d->scale[col[b]] : 1;
            im[a * q + b] /= ua * ub;
        }
    return cox_find_aliased(im, q, toler, aliased);
}

/* Solves imat s = u (q), or inverts imat in place when s is NULL; -1 when not positive definite. */
static int chol_solve(double *imat, const double *u, double *s, size_t q)
{
    if (q == 0) return 0;
    surv_gsl_quiet();
    double *copy = malloc(q * q * sizeof *copy);
    int rc = -1;
    if (copy) {
        memcpy(copy, imat, q * q * sizeof *copy);
        gsl_matrix_view A = gsl_matrix_view_array(copy, q, q);
        if (gsl_linalg_cholesky_decomp1(&A.matrix) == 0) {
            if (s) {
                gsl_vector_const_view U = gsl_vector_const_view_array(u, q);
                gsl_vector_view S = gsl_vector_view_array(s, q);
                rc = gsl_linalg_cholesky_solve(&A.matrix, &U.vector, &S.vector) == 0 ? 0 : -1;
            } else {
                rc = gsl_linalg_cholesky_invert(&A.matrix) == 0 ? 0 : -1;
                if (rc == 0) memcpy(imat, copy, q * q * sizeof *copy);
            }
        }
        free(copy);
    }
    return rc;
}

static bool all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) return false;
    return true;
}

static void warn_add(onc_cox_t *f, const char *msg)
{
    size_t len = strlen(f->warning);
    snprintf(f->warning + len, sizeof f->warning - len, "%s%s", len ? "; " : "", msg);
}

/* The Newton-Raphson loop of coxfit6, in the scaled coordinates: beta (q) in, the estimate out;
 * imat out as the inverse information at it; u the score there. */
typedef struct cox_work {
    size_t q;
    double *beta, *newbeta, *u, *imat, *step;
} cox_work_t;

static onc_rc cox_newton(const cox_data_t *d, const bool *use, const onc_cox_opts_t *o, cox_work_t *w, onc_cox_t *f,
                         onc_err_t *err)
{
    size_t q = w->q;
    double lk0, newlk, best;
    onc_rc rc = cox_iterate(d, use, w->beta, o->ties, NULL, &lk0, w->u, w->imat, err);
    if (rc != ONC_OK) return rc;
    f->loglik0 = f->loglik = lk0;
    if (chol_solve(w->imat, w->u, w->step, q) != 0) return onc_err_set(err, ONC_EINVAL, "singular information matrix");
    f->score = 0;
    for (size_t i = 0; i < q; i++) f->score += w->u[i] * w->step[i];
    for (size_t i = 0; i < q; i++) w->newbeta[i] = w->beta[i] + w->step[i];
    best = lk0;
    int halving = 0;
    for (f->iter = 1; f->iter <= o->max_iter; f->iter++) {
        if ((rc = cox_iterate(d, use, w->newbeta, o->ties, NULL, &newlk, w->u, w->imat, err)) != ONC_OK) return rc;
        bool finite = isfinite(newlk) && all_finite(w->u, q) && all_finite(w->imat, q * q);
        if (finite && fabs(1 - best / newlk) <= o->eps) {
            memcpy(w->beta, w->newbeta, q * sizeof *w->beta);
            f->loglik = newlk;
            f->converged = true;
            break;
        }
        if (!finite || newlk < best || chol_solve(w->imat, w->u, w->step, q) != 0) {
            halving++;
            for (size_t i = 0; i < q; i++) w->newbeta[i] = (w->newbeta[i] + halving * w->beta[i]) / (halving + 1.0);
        } else {
            halving = 0;
            best = newlk;
            for (size_t i = 0; i < q; i++) w->beta[i] = w->newbeta[i], w->newbeta[i] += w->step[i];
        }
    }
    if (!f->converged) {
        f->iter = o->max_iter;
        if ((rc = cox_iterate(d, use, w->beta, o->ties, NULL, &f->loglik, w->u, w->imat, err)) != ONC_OK) return rc;
        warn_add(f, "Ran out of iterations and did not converge");
    }
    if (!isfinite(f->loglik)) return onc_err_set(err, ONC_EINVAL, "the log-likelihood is not finite");
    return ONC_OK;
}

static onc_rc cox_alloc(onc_cox_t *f, size_t p, onc_err_t *err)
{
    size_t c = p ? p : 1;
    double **arrays[] = {&f->coef, &f->se, &f->z, &f->pvalue, &f->hr, &f->hr_lower, &f->hr_upper, &f->means};
    for (size_t a = 0; a < sizeof arrays / sizeof arrays[0]; a++)
        if (!(*arrays[a] = malloc(c * sizeof(double)))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    f->var = calloc(c * c, sizeof *f->var);
    f->aliased = calloc(c, sizeof *f->aliased);
    if (!f->var || !f->aliased) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}

/* Which columns are aliased, from the information at beta = 0. Returns the number kept. */
static onc_rc cox_aliasing(const cox_data_t *d, const onc_cox_opts_t *o, onc_cox_t *f, size_t *q, onc_err_t *err)
{
    size_t p = d->p;
    double *zero = calloc(p ? p : 1, sizeof *zero), *u = malloc((p ? p : 1) * sizeof *u),
           *im = malloc((p ? p * p : 1) * sizeof *im), lk;
    onc_rc rc = zero && u && im ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) rc = cox_iterate(d, NULL, zero, o->ties, NULL, &lk, u, im, err);
    size_t *all = malloc((p ? p : 1) * sizeof *all);
    if (rc == ONC_OK && !all) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t j = 0; rc == ONC_OK && j < p; j++) all[j] = j;
    if (rc == ONC_OK) *q = cox_find_aliased_r(d, all, im, p, o->toler_chol, f->aliased);
    free(zero), free(u), free(im), free(all);
    return rc;
}

/* coxph's warning for coefficients running off to infinity (separation): at convergence, a
 * remaining step I^-1 u (inv the inverse information over the columns col) larger than eps and
 * than sqrt(eps) |beta|. */
static void cox_warn_infinite(const cox_data_t *d, const onc_cox_opts_t *o, const cox_work_t *w, const size_t *col,
                              const double *inv, onc_cox_t *f)
{
    char infinite[256] = "";
    double toler_inf = sqrt(o->eps);
    for (size_t a = 0; f->converged && a < w->q; a++) {
        double step = 0;
        for (size_t c = 0; c < w->q; c++) step += inv[a * w->q + c] * w->u[c];
        if (fabs(step * d->scale[col[a]]) > o->eps && fabs(step) > toler_inf * fabs(w->beta[a])) {
            size_t len = strlen(infinite);
            snprintf(infinite + len, sizeof infinite - len, "%s%zu", len ? "," : "", col[a] + 1);
        }
    }
    if (*infinite) {
        char msg[320];
        snprintf(msg, sizeof msg, "Loglik converged before variable %s; coefficient may be infinite", infinite);
        warn_add(f, msg);
    }
}

/* The covariance, tests and intervals in the original units, from the scaled fit. As coxfit6, a
 * column whose pivot in the information at the estimate falls below toler_chol (coxph's units) is
 * singular there: its coefficient NA (aliased), the others' covariance the inverse of their own
 * information, the tests on the columns kept. */
static onc_rc cox_summarise(const cox_data_t *d, const onc_cox_opts_t *o, cox_work_t *w, onc_cox_t *f, onc_err_t *err)
{
    size_t p = d->p, q = w->q, col[ONC_SURV_MAX_COVARIATES], kept[ONC_SURV_MAX_COVARIATES], k = 0, m = 0;
    bool singular[ONC_SURV_MAX_COVARIATES];
    for (size_t j = 0; j < p; j++)
        if (!f->aliased[j]) col[k++] = j;
    double *inv = malloc(q * q * sizeof *inv), *sub = malloc(q * q * sizeof *sub), *b = malloc(q * sizeof *b);
    if (!inv || !sub || !b) {
        free(inv), free(sub), free(b);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    memcpy(sub, w->imat, q * q * sizeof *sub);
    cox_find_aliased_r(d, col, sub, q, o->toler_chol, singular);
    memcpy(inv, w->imat, q * q * sizeof *inv);
    if (chol_solve(inv, NULL, NULL, q) == 0) cox_warn_infinite(d, o, w, col, inv, f);
    for (size_t a = 0; a < q; a++)
        if (!singular[a]) kept[m++] = a;
    for (size_t a = 0; a < m; a++) {
        b[a] = w->beta[kept[a]];
        for (size_t c = 0; c < m; c++) sub[a * m + c] = w->imat[kept[a] * q + kept[c]];
    }
    /* Wald: b' I b in the scaled coordinates (the scale cancels). */
    f->wald = 0;
    for (size_t a = 0; a < m; a++)
        for (size_t c = 0; c < m; c++) f->wald += b[a] * sub[a * m + c] * b[c];
    onc_rc rc = m > 0 && chol_solve(sub, NULL, NULL, m) == 0
                    ? ONC_OK
                    : onc_err_set(err, ONC_EINVAL, "singular information matrix at the estimate");
    double z = surv_norm_z(o->conf_level);
    for (size_t j = 0; j < p; j++) {
        f->coef[j] = f->se[j] = f->z[j] = f->pvalue[j] = f->hr[j] = f->hr_lower[j] = f->hr_upper[j] = NAN;
        f->means[j] = d->mean[j];
    }
    for (size_t a = 0; rc == ONC_OK && a < m; a++) {
        size_t j = col[kept[a]];
        double s = d->scale[j], coef = b[a] * s;
        for (size_t c = 0; c < m; c++) f->var[j * p + col[kept[c]]] = sub[a * m + c] * s * d->scale[col[kept[c]]];
        f->coef[j] = coef;
        f->se[j] = sqrt(f->var[j * p + j]);
        f->z[j] = coef / f->se[j];
        f->pvalue[j] = surv_norm_p2(f->z[j]);
        f->hr[j] = exp(coef);
        f->hr_lower[j] = exp(coef - z * f->se[j]);
        f->hr_upper[j] = exp(coef + z * f->se[j]);
    }
    free(inv), free(sub), free(b);
    if (rc != ONC_OK) return rc;
    for (size_t a = 0; a < q; a++) f->aliased[col[a]] |= singular[a];
    if (m < q) warn_add(f, "X matrix deemed to be singular at the estimate; aliased coefficients are NA");
    f->df = (int)m;
    f->lrt = 2 * (f->loglik - f->loglik0);
    f->lrt_p = surv_chisq_p(f->lrt, m);
    f->wald_p = surv_chisq_p(f->wald, m);
    f->score_p = surv_chisq_p(f->score, m);
    return ONC_OK;
}

static onc_rc cox_lp_concordance(const cox_data_t *d, cox_work_t *w, onc_cox_t *f, onc_err_t *err)
{
    double *lp = malloc((d->n ? d->n : 1) * sizeof *lp);
    if (!lp) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n; i++) {
        double eta = 0;
        for (size_t j = 0, a = 0; j < d->p; j++)
            if (!f->aliased[j]) eta += w->beta[a++] * d->x[i * d->p + j];
        lp[i] = eta;
    }
    onc_rc rc = cox_concordance(d, lp, &f->concordance, &f->concordance_se, err);
    free(lp);
    return rc;
}

onc_rc onc_cox_fit(const double *time, const int *status, const double *x, size_t n, size_t p, const int *strata,
                   const onc_cox_opts_t *opts, onc_cox_t *f, onc_err_t *err)
{
    onc_cox_opts_t def;
    if (!opts) onc_cox_opts_init(&def), opts = &def;
    memset(f, 0, sizeof *f);
    if (p == 0 || p > ONC_SURV_MAX_COVARIATES)
        return onc_err_set(err, ONC_EINVAL, "%zu covariates: the model takes 1 to %d", p, ONC_SURV_MAX_COVARIATES);
    if (!(opts->eps > 0) || opts->max_iter < 1 || !(opts->conf_level > 0 && opts->conf_level < 1))
        return onc_err_set(err, ONC_EINVAL, "bad Cox options (eps %g, iterations %d, level %g)", opts->eps,
                           opts->max_iter, opts->conf_level);
    cox_data_t d;
    onc_rc rc = cox_data_build(time, status, x, n, p, strata, &d, err);
    if (rc != ONC_OK) return rc;
    f->n = d.n, f->n_events = d.n_events, f->n_missing = n - d.n, f->p = p;
    cox_work_t w = {0};
    if ((rc = cox_alloc(f, p, err)) != ONC_OK) goto out;
    if (d.n_events == 0) {
        rc = onc_err_set(err, ONC_EINVAL, "no events among the %zu complete rows: the model cannot be fitted", d.n);
        goto out;
    }
    if ((rc = cox_aliasing(&d, opts, f, &w.q, err)) != ONC_OK) goto out;
    if (w.q == 0) {
        rc = onc_err_set(err, ONC_EINVAL, "no covariate varies among the rows used: the model cannot be fitted");
        goto out;
    }
    if (w.q < p) warn_add(f, "X matrix deemed to be singular; aliased coefficients are NA");
    w.beta = calloc(w.q, sizeof *w.beta);
    w.newbeta = malloc(w.q * sizeof *w.newbeta);
    w.u = malloc(w.q * sizeof *w.u);
    w.step = malloc(w.q * sizeof *w.step);
    w.imat = malloc(w.q * w.q * sizeof *w.imat);
    if (!w.beta || !w.newbeta || !w.u || !w.step || !w.imat) {
        rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        goto out;
    }
    bool *use = malloc(p * sizeof *use);
    if (!use) {
        rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t j = 0; j < p; j++) use[j] = !f->aliased[j];
    rc = cox_newton(&d, use, opts, &w, f, err);
    free(use);
    /* the concordance first: a column found singular at the estimate keeps its coefficient in
     * the linear predictor, as coxph's (it is NA only in the report) */
    if (rc == ONC_OK) rc = cox_lp_concordance(&d, &w, f, err);
    if (rc == ONC_OK) rc = cox_summarise(&d, opts, &w, f, err);
out:
    free(w.beta), free(w.newbeta), free(w.u), free(w.step), free(w.imat);
    cox_data_free(&d);
    if (rc != ONC_OK) onc_cox_free(f);
    return rc;
}
