/* design_crm_mle.c: the CRM by maximum likelihood, its two-stage simulation, and TITE-CRM's
 * adaptive weights (design.h; research/dose-finding.md 3.1-3.2, dfcrm 0.2-2.1's crm(method =
 * "mle"), crmsim with an initial design x0, and titecrm(scheme = "adaptive")).
 *
 * dfcrm finds the MLE with R's optimize over (-10, 10) at tolerance 1e-4, so its estimates are
 * those of Brent's minimiser stopped at that tolerance, up to 1.4e-5 from the exact maximum on
 * its own example. To agree with dfcrm to 1e-8 rather than 1e-4, the same minimiser (Brent
 * 1973, "Algorithms for minimization without derivatives", ch. 5: golden section and parabolic
 * steps) runs here with the same tolerance. dfcrm's "posterior variance" of the MLE is E[b^2]
 * under a N(0, 500^2) prior, integrated over (-100, 100), divided by the mass over (-10, 10),
 * minus bhat^2; it is computed here with GSL's QUADPACK routines at R's default tolerance, as
 * R's integrate does (for the logistic model that integral misses part of the likelihood's flat
 * left tail, as dfcrm's does: the figure is dfcrm's, not the observed information's).
 *
 * The MLE exists only with at least one DLT and one patient without. dfcrm's simulation then
 * uses the Bayes estimate under a N(0, 500^2) prior ("mle is approximated"), and its two-stage
 * design follows the initial sequence until the first DLT, which is how a trial run by the MLE
 * gets there.
 */
#include "design/design_crm_int.h"

#include <float.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define FLAT_SD 500.0    /* dfcrm's prior standard deviation around the MLE */
#define QUAD_LIMIT 100   /* R's integrate: at most 100 subintervals */
#define MLE_TOL 1e-4     /* dfcrm's optimize(tol = 0.0001) */

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;
static void gsl_quiet(void) { gsl_set_error_handler_off(); }

bool onc_crm_mle_exists(const int *dlt, int n)
{
    int y = 0;
    for (int j = 0; j < n; j++) y += dlt[j] != 0;
    return y > 0 && y < n;
}

/* The log-likelihood of b (no prior), as dfcrm's lcrm / lcrmlgt. */
static double log_lik(const onc_crm_t *c, const crm_data_t *x, double b)
{
    double h = 0, e = exp(b);
    bool logistic = c->model == ONC_CRM_LOGISTIC;
    for (int d = 0; d < c->n_doses; d++) {
        if (!x->y[d] && !x->m[d]) continue;
        double p = logistic ? 1 / (1 + exp(-c->intercept - e * x->coef[d])) : exp(e * x->coef[d]);
        if (x->y[d]) h += logistic ? x->y[d] * log(p) : x->y[d] * x->coef[d] * e;
        if (x->m[d]) h += x->m[d] * log1p(-p);
    }
    for (int i = 0; i < x->n_partial; i++) {
        double k = x->coef[x->partial_dose[i]];
        double p = logistic ? 1 / (1 + exp(-c->intercept - e * k)) : exp(e * k);
        h += log1p(-x->partial_w[i] * p);
    }
    return h;
}

/* ---- Brent's minimiser (Brent 1973, ch. 5), as R's optimize uses it ---- */

typedef double (*objective_fn)(double b, const void *ctx);

/* A parabolic step through (x, fx), (w, fw), (v, fv), or a golden-section step into the larger
 * part of [a, b]; e is the step before last, d the last one (both updated). */
static double brent_step(double a, double b, double x, double w, double v, double fx, double fw, double fv, double tol1,
                         double *d, double *e)
{
    const double golden = (3 - sqrt(5.0)) / 2;
    double mid = (a + b) / 2, t2 = 2 * tol1, p = 0, q = 0, r = 0;
    if (fabs(*e) > tol1) { /* try a parabola */
        r = (x - w) * (fx - fv);
        q = (x - v) * (fx - fw);
        p = (x - v) * q - (x - w) * r;
        q = 2 * (q - r);
        if (q > 0) p = -p;
        else q = -q;
        r = *e;
        *e = *d;
    }
    if (fabs(p) >= fabs(q * r / 2) || p <= q * (a - x) || p >= q * (b - x)) {
        *e = x < mid ? b - x : a - x;
        *d = golden * *e;
    } else {
        *d = p / q;
        double u = x + *d;
        if (u - a < t2 || b - u < t2) *d = x < mid ? tol1 : -tol1; /* not too close to the ends */
    }
    if (fabs(*d) >= tol1) return x + *d;
    return *d > 0 ? x + tol1 : x - tol1; /* not too close to x */
}

static double brent_min(objective_fn f, const void *ctx, double a, double b, double tol)
{
    const double golden = (3 - sqrt(5.0)) / 2, eps = sqrt(DBL_EPSILON);
    double x = a + golden * (b - a), w = x, v = x, d = 0, e = 0;
    double fx = f(x, ctx), fw = fx, fv = fx;
    for (int it = 0; it < 1000; it++) {
        double mid = (a + b) / 2, tol1 = eps * fabs(x) + tol / 3;
        if (fabs(x - mid) <= 2 * tol1 - (b - a) / 2) break;
        double u = brent_step(a, b, x, w, v, fx, fw, fv, tol1, &d, &e), fu = f(u, ctx);
        if (fu <= fx) { /* u is the new best: the bracket closes on it */
            if (u < x) b = x;
            else a = x;
            v = w, fv = fw, w = x, fw = fx, x = u, fx = fu;
            continue;
        }
        if (u < x) a = u;
        else b = u;
        if (fu <= fw || w == x) v = w, fv = fw, w = u, fw = fu;
        else if (fu <= fv || v == x || v == w) v = u, fv = fu;
    }
    return x;
}

typedef struct objective {
    const onc_crm_t *c;
    const crm_data_t *x;
    int power; /* integrands: b^power x likelihood x N(0, 500^2) kernel */
    double sd;
} objective_t;

static double minus_log_lik(double b, const void *ctx)
{
    const objective_t *o = ctx;
    return -log_lik(o->c, o->x, b);
}

static double integrand(double b, void *ctx)
{
    const objective_t *o = ctx;
    double f = exp(-b * b / (2 * o->sd * o->sd) + log_lik(o->c, o->x, b));
    return o->power == 0 ? f : o->power == 1 ? b * f : b * b * f;
}

/* The integral of b^power L(b) exp(-b^2 / 2 sd^2) over (lo, hi), or the whole line when lo >
 * hi, as R's integrate (QUADPACK qags / qagi, relative tolerance eps^0.25). R stops on a
 * QUADPACK error; the estimate is kept here, since it only serves the interval. */
static onc_rc integral(const objective_t *o, double lo, double hi, double *out, onc_err_t *err)
{
    pthread_once(&quiet_once, gsl_quiet);
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(QUAD_LIMIT);
    if (!ws) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    gsl_function f = {.function = integrand, .params = (void *)o};
    double abserr, rel = pow(DBL_EPSILON, 0.25);
    if (lo > hi) gsl_integration_qagi(&f, 0, rel, QUAD_LIMIT, ws, out, &abserr);
    else gsl_integration_qags(&f, lo, hi, 0, rel, QUAD_LIMIT, ws, out, &abserr);
    gsl_integration_workspace_free(ws);
    return ONC_OK;
}

/* bhat by maximum likelihood, and dfcrm's variance when asked for. */
static onc_rc mle(const onc_crm_t *c, const crm_data_t *x, bool want_var, onc_crm_fit_t *out, onc_err_t *err)
{
    objective_t o = {.c = c, .x = x, .power = 2, .sd = FLAT_SD};
    out->bhat = brent_min(minus_log_lik, &o, -10, 10, MLE_TOL);
    out->post_var = NAN;
    if (!want_var) return ONC_OK;
    double e2, mass;
    onc_rc rc = integral(&o, -100, 100, &e2, err);
    o.power = 0;
    if (rc == ONC_OK) rc = integral(&o, -10, 10, &mass, err);
    if (rc == ONC_OK) out->post_var = e2 / mass - out->bhat * out->bhat;
    return rc;
}

/* The Bayes estimate under N(0, 500^2), as dfcrm's crm(scale = 500): the mean's numerator over
 * (-10, 10), the mass over the whole line. */
static onc_rc flat(const onc_crm_t *c, const crm_data_t *x, bool want_var, onc_crm_fit_t *out, onc_err_t *err)
{
    objective_t o = {.c = c, .x = x, .power = 0, .sd = FLAT_SD};
    double mass, m1, m2 = NAN;
    onc_rc rc = integral(&o, 1, 0, &mass, err);
    o.power = 1;
    if (rc == ONC_OK) rc = integral(&o, -10, 10, &m1, err);
    o.power = 2;
    if (rc == ONC_OK && want_var) rc = integral(&o, -10, 10, &m2, err);
    if (rc != ONC_OK) return rc;
    out->bhat = m1 / mass;
    out->post_var = m2 / mass - out->bhat * out->bhat;
    return ONC_OK;
}

typedef onc_rc (*estimator_fn)(const onc_crm_t *c, const crm_data_t *x, bool want_var, onc_crm_fit_t *out,
                               onc_err_t *err);

static onc_rc fit_with(estimator_fn fn, const onc_crm_t *c, const int *level, const int *dlt, const double *weight,
                       int n, onc_crm_fit_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    crm_data_t *x = malloc(sizeof *x);
    if (!x) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = onc_crm_check(c, err);
    if (rc == ONC_OK) rc = crm_gather(c, level, dlt, weight, n, x, err);
    if (rc == ONC_OK) rc = fn(c, x, true, out, err);
    if (rc == ONC_OK) crm_fill_fit(c, out);
    free(x);
    return rc;
}

onc_rc onc_crm_fit_mle(const onc_crm_t *c, const int *level, const int *dlt, const double *weight, int n,
                       onc_crm_fit_t *out, onc_err_t *err)
{
    if (!onc_crm_mle_exists(dlt, n)) {
        memset(out, 0, sizeof *out);
        return onc_err_set(err, ONC_EINVAL, "the MLE does not exist with %s: it needs at least one DLT and one "
                           "patient without", n == 0 ? "no patient" : dlt[0] ? "only DLTs" : "no DLT");
    }
    return fit_with(mle, c, level, dlt, weight, n, out, err);
}

onc_rc onc_crm_fit_flat(const onc_crm_t *c, const int *level, const int *dlt, const double *weight, int n,
                        onc_crm_fit_t *out, onc_err_t *err)
{
    return fit_with(flat, c, level, dlt, weight, n, out, err);
}

/* ---- TITE-CRM's adaptive weights (Cheung & Chappell 2000) ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void onc_crm_weights_adaptive(const double *followup, const int *dlt, int n, double window, double *w)
{
    double *t = malloc(((size_t)n + 1) * sizeof *t);
    int z = 0;
    for (int j = 0; t && j < n; j++)
        if (dlt[j]) t[z++] = followup[j];
    if (t) qsort(t, (size_t)z, sizeof *t, cmp_double);
    for (int i = 0; i < n; i++) {
        double u = followup[i], v;
        int m = 0;
        while (m < z && t[m] <= u) m++; /* DLT times at or before u */
        if (!t || z == 0) v = u / window;
        else if (m == 0) v = u / t[0] / (z + 1);
        else if (m == z) v = (z + (u - t[z - 1]) / (window - t[z - 1])) / (z + 1);
        else v = (m + (u - t[m - 1]) / (t[m] - t[m - 1])) / (z + 1);
        w[i] = dlt[i] ? 1 : v > 1 ? 1 : v < 0 ? 0 : v;
    }
    free(t);
}

/* ---- the two-stage CRM in simulation (dfcrm's crmsim with x0, restrict = TRUE) ---- */

typedef struct two_stage {
    const onc_crm_t *c;
    const double *truth;
    const onc_crm_sim_opts_t *o;
} two_stage_t;

/* The model's recommendation after the patients so far, fitted as crmsim does: with the
 * method, except by the flat-prior Bayes estimate during the trial when every outcome is a DLT,
 * and at the end (final) when the MLE does not exist. */
static int recommend(const two_stage_t *S, const int *level, const int *dlt, int n, bool final)
{
    onc_crm_fit_t f;
    int y = 0;
    for (int j = 0; j < n; j++) y += dlt[j];
    bool mle_method = S->o->method == ONC_CRM_MLE;
    bool flat_fit = final ? mle_method && (y == 0 || y == n) : y == n;
    onc_rc rc;
    crm_data_t *x = malloc(sizeof *x);
    if (!x) return 0;
    rc = crm_gather(S->c, level, dlt, NULL, n, x, NULL);
    if (rc == ONC_OK && flat_fit) rc = flat(S->c, x, false, &f, NULL);
    else if (rc == ONC_OK && mle_method) rc = mle(S->c, x, false, &f, NULL);
    else if (rc == ONC_OK) rc = onc_crm_fit(S->c, level, dlt, NULL, n, &f, NULL);
    free(x);
    if (rc != ONC_OK) return 0;
    f.post_var = 0;
    crm_fill_fit(S->c, &f);
    return f.mtd;
}

static void two_stage_trial(const void *ctx, gsl_rng *r, design_tally_t *t)
{
    const two_stage_t *S = ctx;
    const onc_crm_sim_opts_t *o = S->o;
    int n = o->n_patients, level[ONC_CRM_MAX_PATIENTS], dlt[ONC_CRM_MAX_PATIENTS], treated = 0, cohorts = 0;
    int npts[ONC_DESIGN_MAX_DOSES] = {0}, ndlt[ONC_DESIGN_MAX_DOSES] = {0}, last_tox = 0, last_m = 1;
    bool stage1 = true;
    while (treated < n) {
        int m = n - treated < o->cohort_size ? n - treated : o->cohort_size;
        int cur = stage1 ? -1 : recommend(S, level, dlt, treated, false);
        if (!stage1) {
            int last = level[treated - 1];
            if ((double)last_tox / last_m >= S->c->target) cur = cur < last ? cur : last; /* coherence */
            else cur = cur < last + 1 ? cur : last + 1;                               /* no skipping */
        }
        last_tox = 0, last_m = m;
        for (int k = 0; k < m; k++, treated++) {
            level[treated] = stage1 ? o->initial[treated] : cur;
            dlt[treated] = gsl_rng_uniform(r) < S->truth[level[treated]];
            last_tox += dlt[treated];
            npts[level[treated]]++, ndlt[level[treated]] += dlt[treated];
        }
        if (last_tox) stage1 = false;
        cohorts++;
    }
    design_trial_end_t e = {.n = npts, .y = ndlt, .mtd = recommend(S, level, dlt, n, true), .cohorts = cohorts};
    design_tally_add(t, &e, S->c->n_doses, S->truth, S->c->target, n);
}

onc_rc crm_simulate_two_stage(const onc_crm_t *c, const double *truth, const onc_crm_sim_opts_t *o,
                              onc_design_oc_t *out, onc_err_t *err)
{
    if (!o->initial)
        return onc_err_set(err, ONC_EINVAL, "the CRM by maximum likelihood needs an initial sequence (a two-stage "
                                            "design: the MLE does not exist before the first DLT)");
    for (int j = 0; j < o->n_patients; j++)
        if (o->initial[j] < 0 || o->initial[j] >= c->n_doses)
            return onc_err_set(err, ONC_EINVAL, "initial sequence, patient %d: dose %d is not in the skeleton", j + 1,
                               o->initial[j] + 1);
    two_stage_t S = {.c = c, .truth = truth, .o = o};
    onc_rc rc = design_run_trials(two_stage_trial, &S, c->n_doses, o->n_trials, o->seed, o->threads, true, out, err);
    if (rc == ONC_OK) design_overdose_defined(out, truth, c->n_doses, c->target);
    return rc;
}
