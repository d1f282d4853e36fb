/* stats_roc.c: the ROC curve's area with DeLong's variance and the Youden cut-off, as R's pROC
 * (roc, ci.auc(method = "delong"), coords(best.method = "youden")), and Harrell's bootstrap
 * correction of a logistic model's apparent AUC for optimism.
 *
 * DeLong's placement values come from the sorted controls and cases by binary search, so a
 * cohort of a million rows costs n log n. pROC's thresholds are the midpoints between
 * consecutive distinct scores; the sweep over them counts the cases above and the controls
 * below each one.
 */
#include "oncoboard/stats_assoc.h"
#include "stats_assoc_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The number of v[0..n) below x and equal to it (v sorted). */
static void count_around(const double *v, size_t n, double x, size_t *below, size_t *equal)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    size_t first = lo;
    hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] <= x) lo = mid + 1;
        else hi = mid;
    }
    *below = first;
    *equal = lo - first;
}

/* Cases and controls of score by y, signed so that higher is a case; sorted. */
typedef struct groups {
    double *cases, *controls;
    size_t m, n;
} groups_t;

static onc_rc split(const double *score, const double *y, size_t n, bool higher, groups_t *g, onc_err_t *err)
{
    memset(g, 0, sizeof *g);
    g->cases = malloc((n + 1) * sizeof *g->cases);
    g->controls = malloc((n + 1) * sizeof *g->controls);
    if (!g->cases || !g->controls) {
        free(g->cases), free(g->controls);
        return onc_err_set(err, ONC_ENOMEM, "ROC: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if (isnan(score[i]) || isnan(y[i])) continue;
        double s = higher ? score[i] : -score[i];
        if (y[i] == 1) g->cases[g->m++] = s;
        else if (y[i] == 0) g->controls[g->n++] = s;
        else {
            free(g->cases), free(g->controls);
            return onc_err_set(err, ONC_EINVAL, "ROC: row %zu: the outcome must be 0 or 1", i + 1);
        }
    }
    qsort(g->cases, g->m, sizeof *g->cases, cmp_double);
    qsort(g->controls, g->n, sizeof *g->controls, cmp_double);
    return ONC_OK;
}

static void groups_free(groups_t *g) { free(g->cases), free(g->controls); }

/* AUC and DeLong's variance. */
static void delong(const groups_t *g, double *auc, double *var)
{
    double sum10 = 0, sum01 = 0, ss10 = 0, ss01 = 0, m = (double)g->m, n = (double)g->n;
    size_t below, equal;
    for (size_t i = 0; i < g->m; i++) {
        count_around(g->controls, g->n, g->cases[i], &below, &equal);
        double v = ((double)below + 0.5 * (double)equal) / n;
        sum10 += v, ss10 += v * v;
    }
    for (size_t j = 0; j < g->n; j++) {
        count_around(g->cases, g->m, g->controls[j], &below, &equal);
        double v = (m - (double)below - (double)equal + 0.5 * (double)equal) / m;
        sum01 += v, ss01 += v * v;
    }
    *auc = sum10 / m;
    if (var) {
        double s10 = (ss10 - sum10 * sum10 / m) / (m - 1), s01 = (ss01 - sum01 * sum01 / n) / (n - 1);
        *var = s10 / m + s01 / n;
    }
}

/* The Youden cut-off among pROC's thresholds (on the signed scale): -Inf (everyone positive),
 * the midpoints between distinct scores, +Inf; the lowest of the best is kept, ties counted. */
static void youden_consider(double J, double cut, double se, double sp, double *best, double *out, double *sens,
                            double *spec, size_t *ties)
{
    if (J > *best + 1e-12) *best = J, *out = cut, *sens = se, *spec = sp, *ties = 1;
    else if (fabs(J - *best) <= 1e-12) (*ties)++;
}

/* Calls visit at each of pROC's thresholds (on the signed scale), from -Inf (everyone positive:
 * sensitivity 1) through the midpoints between distinct scores to +Inf (everyone negative). */
typedef void (*roc_visit)(double cut, double se, double sp, void *ctx);

static void sweep(const groups_t *g, roc_visit visit, void *ctx)
{
    size_t i = 0, j = 0; /* cases and controls at or below the current value */
    visit(-INFINITY, 1, 0, ctx);
    while (i < g->m || j < g->n) {
        double v = i < g->m && (j >= g->n || g->cases[i] <= g->controls[j]) ? g->cases[i] : g->controls[j];
        while (i < g->m && g->cases[i] == v) i++;
        while (j < g->n && g->controls[j] == v) j++;
        if (i == g->m && j == g->n) break;
        double next = i < g->m && (j >= g->n || g->cases[i] <= g->controls[j]) ? g->cases[i] : g->controls[j];
        visit((v + next) / 2, (double)(g->m - i) / (double)g->m, (double)j / (double)g->n, ctx);
    }
    visit(INFINITY, 0, 1, ctx);
}

typedef struct youden_best {
    double best, cut, sens, spec;
    size_t ties;
} youden_best_t;

static void youden_visit(double cut, double se, double sp, void *ctx)
{
    youden_best_t *y = ctx;
    youden_consider(se + sp, cut, se, sp, &y->best, &y->cut, &y->sens, &y->spec, &y->ties);
}

static void youden(const groups_t *g, double *cut, double *sens, double *spec, size_t *ties)
{
    youden_best_t y = {-INFINITY, NAN, NAN, NAN, 0};
    sweep(g, youden_visit, &y);
    *cut = y.cut, *sens = y.sens, *spec = y.spec, *ties = y.ties;
}

onc_rc onc_roc_auc(const double *score, const double *y, size_t n, bool higher, double conf, onc_roc_t *out,
                   onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_assoc_gsl_quiet();
    if (!(conf > 0 && conf < 1)) return onc_err_set(err, ONC_EINVAL, "ROC: the level must be in (0, 1)");
    groups_t g;
    onc_rc rc = split(score, y, n, higher, &g, err);
    if (rc != ONC_OK) return rc;
    out->n_cases = g.m, out->n_controls = g.n;
    if (g.m < 2 || g.n < 2) {
        groups_free(&g);
        return onc_err_set(err, ONC_EINVAL, "ROC: %zu cases and %zu controls; DeLong's interval needs at least 2 of each",
                           out->n_cases, out->n_controls);
    }
    delong(&g, &out->auc, &out->var);
    double q = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2), sd = sqrt(out->var);
    out->lower = fmax(0, out->auc - q * sd);
    out->upper = fmin(1, out->auc + q * sd);
    youden(&g, &out->cutoff_youden, &out->sensitivity, &out->specificity, &out->n_youden);
    if (!higher) out->cutoff_youden = -out->cutoff_youden;
    groups_free(&g);
    return ONC_OK;
}

/* AUC alone (higher = case), for the bootstrap. */
static onc_rc auc_of(const double *score, const double *y, size_t n, double *auc, onc_err_t *err)
{
    groups_t g;
    onc_rc rc = split(score, y, n, true, &g, err);
    if (rc != ONC_OK) return rc;
    if (g.m == 0 || g.n == 0) rc = onc_err_set(err, ONC_EINVAL, "AUC: one outcome only");
    else delong(&g, auc, NULL);
    groups_free(&g);
    return rc;
}

static void linear_predictor(const double *x, size_t n, size_t p, const double *beta, double *lp)
{
    for (size_t i = 0; i < n; i++) lp[i] = 0;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < n; i++) lp[i] += x[j * n + i] * beta[j];
}

/* The data of the AUC's bootstrap and the buffers of one resample. */
typedef struct auc_boot {
    const double *x, *y;
    size_t n, p;
    double *xb, *yb, *lp;
} auc_boot_t;

/* One resample: the fit's AUC on it less its AUC on the original rows; ONC_EINVAL to skip. */
static onc_rc auc_resample(const uint32_t *rows, void *ctx, double *gap, onc_err_t *err)
{
    auc_boot_t *a = ctx;
    size_t n = a->n, p = a->p;
    for (size_t i = 0; i < n; i++) {
        size_t k = rows[i];
        a->yb[i] = a->y[k];
        for (size_t j = 0; j < p; j++) a->xb[j * n + i] = a->x[j * n + k];
    }
    onc_logit_fit_t fit;
    onc_rc rc = onc_logit_fit(a->xb, a->yb, n, p, NULL, &fit, err);
    if (rc != ONC_OK) return rc;
    double app, test;
    rc = auc_of(fit.lin_pred, a->yb, n, &app, err);
    if (rc == ONC_OK) {
        linear_predictor(a->x, n, p, fit.coef, a->lp);
        rc = auc_of(a->lp, a->y, n, &test, err);
    }
    if (rc == ONC_OK) *gap = app - test;
    onc_logit_fit_free(&fit);
    return rc;
}

onc_rc onc_logit_auc_optimism_rs(const double *x, const double *y, size_t n, size_t p, const onc_resamples_t *rs,
                                 onc_optimism_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    out->seed = rs->seed;
    onc_logit_fit_t fit;
    onc_rc rc = onc_logit_fit(x, y, n, p, NULL, &fit, err);
    if (rc != ONC_OK) return rc;
    rc = auc_of(fit.lin_pred, y, n, &out->apparent, err);
    onc_logit_fit_free(&fit);
    if (rc != ONC_OK) return rc;
    auc_boot_t a = {x, y, n, p, malloc(n * p * sizeof(double)), malloc(n * sizeof(double)), malloc(n * sizeof(double))};
    if (!a.xb || !a.yb || !a.lp) rc = onc_err_set(err, ONC_ENOMEM, "bootstrap: out of memory");
    else rc = onc_assoc_bootstrap(rs, n, auc_resample, &a, out, err);
    free(a.xb), free(a.yb), free(a.lp);
    return rc;
}

onc_rc onc_logit_auc_optimism(const double *x, const double *y, size_t n, size_t p, size_t B, unsigned long seed,
                              onc_optimism_t *out, onc_err_t *err)
{
    onc_resamples_t drawn = {.B = B, .n = n, .seed = seed};
    return onc_logit_auc_optimism_rs(x, y, n, p, &drawn, out, err);
}

/* ---- the curve's points (pROC's coords) ---- */

static void curve_visit(double cut, double se, double sp, void *ctx)
{
    onc_roc_curve_t *c = ctx;
    c->threshold[c->n] = cut, c->sensitivity[c->n] = se, c->specificity[c->n++] = sp;
}

void onc_roc_curve_free(onc_roc_curve_t *c)
{
    if (!c) return;
    free(c->threshold), free(c->sensitivity), free(c->specificity);
    memset(c, 0, sizeof *c);
}

onc_rc onc_roc_curve(const double *score, const double *y, size_t n, bool higher, onc_roc_curve_t *out,
                     onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    groups_t g;
    onc_rc rc = split(score, y, n, higher, &g, err);
    if (rc != ONC_OK) return rc;
    if (g.m == 0 || g.n == 0) {
        groups_free(&g);
        return onc_err_set(err, ONC_EINVAL, "ROC: %zu cases and %zu controls; a curve needs both", g.m, g.n);
    }
    size_t room = g.m + g.n + 2;
    out->threshold = malloc(room * sizeof *out->threshold);
    out->sensitivity = malloc(room * sizeof *out->sensitivity);
    out->specificity = malloc(room * sizeof *out->specificity);
    if (!out->threshold || !out->sensitivity || !out->specificity) {
        groups_free(&g);
        onc_roc_curve_free(out);
        return onc_err_set(err, ONC_ENOMEM, "ROC: out of memory");
    }
    sweep(&g, curve_visit, out);
    if (!higher)
        for (size_t i = 0; i < out->n; i++) out->threshold[i] = -out->threshold[i];
    groups_free(&g);
    return ONC_OK;
}
