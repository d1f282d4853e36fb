/* design_crm.c: the continual reassessment method (design.h; research/dose-finding.md section 3,
 * the R package dfcrm 0.2-2.1's definitions).
 *
 * Models: empiric (power) p_i(b) = alpha_i^exp(b), and one-parameter logistic p_i(b) =
 * expit(a0 + exp(b) x_i) with x_i = logit(alpha_i) - a0; prior b ~ N(0, sigma^2). The estimate is
 * dfcrm's plug-in: bhat = E[b | data], ptox_i = p_i(bhat), and the 90% interval maps bhat -+ z sd
 * through the model.
 *
 * Integration: the log-posterior is smooth and unimodal, so its mode m and curvature s are found
 * first (Newton's method on numerical derivatives), and the three integrals (mass, first and
 * second moments) are taken together by Gauss-Legendre rules over m -+ 10 s (40 points) and the
 * two sides out to -+10 (dfcrm's range; 16 points each). This agrees with dfcrm's adaptive quadrature to better than
 * 1e-8 on its reference cases (tests) and costs about a hundred evaluations of the likelihood,
 * which matters in simulation (thousands of trials, one fit per cohort). The likelihood groups
 * patients by dose (weights of one), so an evaluation costs one power per dose.
 */
#include "design/design_crm_int.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define GL_PEAK 40 /* Gauss-Legendre points over the peak */
#define GL_SIDE 16 /* and over each side */


static double expit(double x) { return 1 / (1 + exp(-x)); }
static double logit(double p) { return log(p / (1 - p)); }

/* The model's rate at dose d given e = exp(b) and the dose's coefficient k (crm_data.coef). */
static double prob_k(const onc_crm_t *c, double k, double e)
{
    return c->model == ONC_CRM_LOGISTIC ? expit(c->intercept + e * k) : exp(e * k);
}

static double coef(const onc_crm_t *c, int d)
{
    double a = c->skeleton[d];
    return c->model == ONC_CRM_LOGISTIC ? logit(a) - c->intercept : log(a);
}

void crm_prepare(const onc_crm_t *c, crm_data_t *x)
{
    memset(x, 0, sizeof *x);
    for (int d = 0; d < c->n_doses; d++) x->coef[d] = coef(c, d);
}

static double log_post(const onc_crm_t *c, const crm_data_t *x, double b)
{
    double h = -b * b / (2 * c->prior_var), e = exp(b);
    bool empiric = c->model != ONC_CRM_LOGISTIC;
    for (int d = 0; d < c->n_doses; d++) {
        if (!x->y[d] && !x->m[d]) continue;
        double p = prob_k(c, x->coef[d], e);
        /* the empiric model's log p is e k itself: the simulations' hot loop saves a log */
        if (x->y[d]) h += x->y[d] * (empiric ? e * x->coef[d] : log(p));
        if (x->m[d]) h += x->m[d] * log1p(-p);
    }
    for (int i = 0; i < x->n_partial; i++)
        h += log1p(-x->partial_w[i] * prob_k(c, x->coef[x->partial_dose[i]], e));
    return h;
}

/* The mode of the log-posterior and the curvature there as a standard deviation. */
static void mode(const onc_crm_t *c, const crm_data_t *x, double *m, double *s)
{
    double b = x->start, e = 1e-4, curv = -1 / c->prior_var;
    for (int it = 0; it < 100; it++) {
        double h0 = log_post(c, x, b), hp = log_post(c, x, b + e), hm = log_post(c, x, b - e);
        double g = (hp - hm) / (2 * e);
        curv = (hp - 2 * h0 + hm) / (e * e);
        double step = curv < 0 ? -g / curv : (g > 0 ? 0.5 : -0.5);
        if (step > 2) step = 2;
        if (step < -2) step = -2;
        while (fabs(step) > 1e-12 && log_post(c, x, b + step) < h0) step /= 2; /* never go downhill */
        b += step;
        if (fabs(step) < 1e-10) break;
    }
    *m = b;
    *s = curv < 0 ? 1 / sqrt(-curv) : sqrt(c->prior_var);
}

/* The Gauss-Legendre nodes, made once for every thread. */
static gsl_integration_glfixed_table *gl_peak, *gl_side;
static pthread_once_t gl_once = PTHREAD_ONCE_INIT;
static void make_gl(void)
{
    gl_peak = gsl_integration_glfixed_table_alloc(GL_PEAK);
    gl_side = gsl_integration_glfixed_table_alloc(GL_SIDE);
}

/* Adds the Gauss-Legendre sums over [a, b] of the posterior (relative to its mode value h0)
 * times 1, b and b^2. */
static void gl_sums(const onc_crm_t *c, const crm_data_t *x, const gsl_integration_glfixed_table *gl, double a,
                    double b, double h0, double *z)
{
    if (b <= a) return;
    for (size_t i = 0; i < gl->n; i++) {
        double t, w;
        gsl_integration_glfixed_point(a, b, i, &t, &w, gl);
        double f = w * exp(log_post(c, x, t) - h0);
        z[0] += f, z[1] += f * t, z[2] += f * t * t;
    }
}

/* bhat = E[b | data] and the posterior variance of b, over (-10, 10) as dfcrm's numerators (the
 * prior's mass beyond is below 1e-17). The peak m -+ 12 s gets its own rule; the two sides get
 * one each, because the logistic model's likelihood levels off as b falls, leaving a tail that
 * is the prior's times a constant and weighs about 1e-7 in the mean. */
static onc_rc posterior(const onc_crm_t *c, const crm_data_t *x, double *bhat, double *var, onc_err_t *err)
{
    pthread_once(&gl_once, make_gl);
    if (!gl_peak || !gl_side) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    double m, sd, z[3] = {0, 0, 0};
    mode(c, x, &m, &sd);
    double lo = fmax(-10, m - 10 * sd), hi = fmin(10, m + 10 * sd), h0 = log_post(c, x, m);
    gl_sums(c, x, gl_peak, lo, hi, h0, z);
    /* A side matters only where the posterior at the peak's edge is not negligible: being
     * unimodal, it only falls further out, so the side's mass is below 20 times that value. */
    double tiny = 1e-14 * z[0] / 20;
    if (exp(log_post(c, x, lo) - h0) > tiny) gl_sums(c, x, gl_side, -10, lo, h0, z);
    if (exp(log_post(c, x, hi) - h0) > tiny) gl_sums(c, x, gl_side, hi, 10, h0, z);
    *bhat = z[1] / z[0];
    *var = z[2] / z[0] - *bhat * *bhat;
    return ONC_OK;
}

int crm_closest(const onc_crm_t *c, const double *ptox)
{
    int best = 0;
    for (int d = 1; d < c->n_doses; d++)
        if (fabs(ptox[d] - c->target) < fabs(ptox[best] - c->target)) best = d;
    return best;
}

void onc_crm_init(onc_crm_t *c)
{
    memset(c, 0, sizeof *c);
    c->model = ONC_CRM_EMPIRIC;
    c->prior_var = 1.34;
    c->intercept = 3;
}

onc_rc onc_crm_check(const onc_crm_t *c, onc_err_t *err)
{
    if (c->n_doses < 1 || c->n_doses > ONC_DESIGN_MAX_DOSES)
        return onc_err_set(err, ONC_EINVAL, "%d doses in the skeleton: between 1 and %d", c->n_doses, ONC_DESIGN_MAX_DOSES);
    if (!(c->target > 0 && c->target < 1)) return onc_err_set(err, ONC_EINVAL, "target %g: must be in (0, 1)", c->target);
    if (!(c->prior_var > 0)) return onc_err_set(err, ONC_EINVAL, "prior variance %g: must be positive", c->prior_var);
    for (int d = 0; d < c->n_doses; d++) {
        if (!(c->skeleton[d] > 0 && c->skeleton[d] < 1))
            return onc_err_set(err, ONC_EINVAL, "skeleton value %d: %g is not in (0, 1)", d + 1, c->skeleton[d]);
        if (d && !(c->skeleton[d] > c->skeleton[d - 1]))
            return onc_err_set(err, ONC_EINVAL, "skeleton: values must increase (dose %d)", d + 1);
        if (c->model == ONC_CRM_LOGISTIC && !(logit(c->skeleton[d]) < c->intercept))
            return onc_err_set(err, ONC_EINVAL, "skeleton value %d: logit(%g) must be below the intercept %g",
                               d + 1, c->skeleton[d], c->intercept);
    }
    return ONC_OK;
}

/* Groups the patients' outcomes (weight NULL: all full). */
onc_rc crm_gather(const onc_crm_t *c, const int *level, const int *dlt, const double *weight, int n, crm_data_t *x,
                  onc_err_t *err)
{
    crm_prepare(c, x);
    if (n < 0 || n > ONC_CRM_MAX_PATIENTS) return onc_err_set(err, ONC_EINVAL, "%d patients: at most %d", n, ONC_CRM_MAX_PATIENTS);
    for (int j = 0; j < n; j++) {
        if (level[j] < 0 || level[j] >= c->n_doses)
            return onc_err_set(err, ONC_EINVAL, "patient %d: dose %d is not in the skeleton", j + 1, level[j] + 1);
        if (dlt[j] != 0 && dlt[j] != 1) return onc_err_set(err, ONC_EINVAL, "patient %d: a DLT is 0 or 1", j + 1);
        double w = weight && !dlt[j] ? weight[j] : 1; /* a DLT always counts in full */
        if (!(w >= 0 && w <= 1)) return onc_err_set(err, ONC_EINVAL, "patient %d: weight %g is not in [0, 1]", j + 1, w);
        if (dlt[j]) x->y[level[j]]++;
        else if (w == 1) x->m[level[j]]++;
        else x->partial_dose[x->n_partial] = level[j], x->partial_w[x->n_partial++] = w;
    }
    return ONC_OK;
}

static onc_rc fit_data(const onc_crm_t *c, const crm_data_t *x, onc_crm_fit_t *out, onc_err_t *err)
{
    onc_rc rc = posterior(c, x, &out->bhat, &out->post_var, err);
    if (rc == ONC_OK) crm_fill_fit(c, out);
    return rc;
}

void crm_fill_fit(const onc_crm_t *c, onc_crm_fit_t *out)
{
    double z = gsl_cdf_ugaussian_Pinv(0.95), sd = sqrt(out->post_var > 0 ? out->post_var : 0);
    for (int d = 0; d < c->n_doses; d++) {
        out->ptox[d] = onc_crm_prob(c, d, out->bhat);
        out->lower[d] = onc_crm_prob(c, d, out->bhat + z * sd); /* p falls as b grows */
        out->upper[d] = onc_crm_prob(c, d, out->bhat - z * sd);
    }
    out->mtd = crm_closest(c, out->ptox);
}

onc_rc onc_crm_fit(const onc_crm_t *c, const int *level, const int *dlt, const double *weight, int n,
                   onc_crm_fit_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    crm_data_t x;
    onc_rc rc = onc_crm_check(c, err);
    if (rc == ONC_OK) rc = crm_gather(c, level, dlt, weight, n, &x, err);
    return rc == ONC_OK ? fit_data(c, &x, out, err) : rc;
}

double onc_crm_prob(const onc_crm_t *c, int dose, double b)
{
    return prob_k(c, coef(c, dose), exp(b));
}

/* ---- skeletons (Lee & Cheung 2009 indifference intervals; dfcrm's getprior) ---- */

onc_rc onc_crm_skeleton(onc_crm_model model, double delta, double target, int prior_mtd, int n_doses, double intercept,
                        double *out, onc_err_t *err)
{
    if (!(target - delta > 0 && target + delta < 1 && delta > 0))
        return onc_err_set(err, ONC_EINVAL, "half-width %g around target %g: the interval must lie inside (0, 1)", delta, target);
    if (n_doses < 1 || n_doses > ONC_DESIGN_MAX_DOSES || prior_mtd < 0 || prior_mtd >= n_doses)
        return onc_err_set(err, ONC_EINVAL, "prior MTD %d of %d doses: no such dose", prior_mtd + 1, n_doses);
    bool logistic = model == ONC_CRM_LOGISTIC;
    double lo = logistic ? logit(target - delta) - intercept : log(target - delta);
    double hi = logistic ? logit(target + delta) - intercept : log(target + delta);
    double v[ONC_DESIGN_MAX_DOSES]; /* log alpha (empiric) or x (logistic) */
    v[prior_mtd] = logistic ? logit(target) - intercept : log(target);
    for (int k = prior_mtd; k > 0; k--) v[k - 1] = lo * v[k] / hi;
    for (int k = prior_mtd; k + 1 < n_doses; k++) v[k + 1] = hi * v[k] / lo;
    for (int k = 0; k < n_doses; k++) out[k] = logistic ? expit(intercept + v[k]) : exp(v[k]);
    return ONC_OK;
}

/* ---- TITE-CRM weights ---- */

double onc_crm_weight_linear(double followup, double window)
{
    double w = followup / window;
    return w < 0 ? 0 : w > 1 ? 1 : w;
}

/* ---- simulation (dfcrm's crmsim with restrict = TRUE) ---- */

typedef struct crm_sim {
    const onc_crm_t *c;
    const double *truth;
    const onc_crm_sim_opts_t *o;
} crm_sim_t;

/* One trial: cohorts at the model's dose, never skipping a level upward and never above the last
 * dose after a cohort whose DLT rate reached the target; the MTD is the model's recommendation
 * after the last patient. */
static void crm_trial(const void *ctx, gsl_rng *r, design_tally_t *t)
{
    const crm_sim_t *S = ctx;
    const onc_crm_t *c = S->c;
    crm_data_t x;
    crm_prepare(c, &x);
    onc_crm_fit_t f = {0};
    int cur = S->o->start_dose, treated = 0, n = S->o->n_patients, cohorts = 0;
    int npts[ONC_DESIGN_MAX_DOSES] = {0}, ndlt[ONC_DESIGN_MAX_DOSES] = {0};
    while (treated < n) {
        int m = n - treated < S->o->cohort_size ? n - treated : S->o->cohort_size, tox = 0;
        for (int k = 0; k < m; k++) tox += gsl_rng_uniform(r) < S->truth[cur];
        x.y[cur] += tox, x.m[cur] += m - tox;
        npts[cur] += m, ndlt[cur] += tox;
        treated += m, cohorts++;
        if (fit_data(c, &x, &f, NULL) != ONC_OK) return;
        x.start = f.bhat;
        int next = f.mtd;
        if (next > cur + 1) next = cur + 1;
        if ((double)tox / m >= c->target && next > cur) next = cur;
        cur = next;
    }
    design_trial_end_t e = {.n = npts, .y = ndlt, .mtd = f.mtd, .cohorts = cohorts};
    design_tally_add(t, &e, c->n_doses, S->truth, c->target, n);
}

onc_rc onc_crm_simulate(const onc_crm_t *c, const double *truth, const onc_crm_sim_opts_t *o, onc_design_oc_t *out,
                        onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = onc_crm_check(c, err);
    if (rc == ONC_OK) rc = design_check_truth(truth, c->n_doses, err);
    if (rc != ONC_OK) return rc;
    if (o->n_patients < 1 || o->n_patients > ONC_CRM_MAX_PATIENTS || o->cohort_size < 1)
        return onc_err_set(err, ONC_EINVAL, "%d patients in cohorts of %d: between 1 and %d patients", o->n_patients,
                           o->cohort_size, ONC_CRM_MAX_PATIENTS);
    if (o->start_dose < 0 || o->start_dose >= c->n_doses)
        return onc_err_set(err, ONC_EINVAL, "start dose %d: no such dose", o->start_dose + 1);
    if (o->tite) return crm_simulate_tite(c, truth, o, out, err);
    if (o->initial || o->method == ONC_CRM_MLE) return crm_simulate_two_stage(c, truth, o, out, err);
    crm_sim_t S = {.c = c, .truth = truth, .o = o};
    rc = design_run_trials(crm_trial, &S, c->n_doses, o->n_trials, o->seed, o->threads, true, out, err);
    if (rc == ONC_OK) design_overdose_defined(out, truth, c->n_doses, c->target);
    return rc;
}
