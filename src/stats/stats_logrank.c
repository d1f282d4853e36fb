/* stats_logrank.c: the G-rho family of k-sample tests as R's survdiff computes it, on the rows
 * sorted once by stratum and time: one pass per stratum with the numbers at risk per group,
 * observed and expected events weighted by the pooled left-continuous Kaplan-Meier S(t-)^rho,
 * and the hypergeometric variance. Beside survdiff's chi-square it gives the Mantel-Haenszel
 * (Peto) hazard ratio exp((O-E)/V) that MSK's immunotherapy papers report for two groups
 * (research/cohorts.md section 0), and the test for trend across ordered groups. */
#include "stats_surv_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void onc_logrank_free(onc_logrank_t *lr)
{
    if (!lr) return;
    free(lr->n_group), free(lr->observed), free(lr->expected), free(lr->var);
    memset(lr, 0, sizeof *lr);
}

/* One stratum, rows order[a..b): adds to observed, expected and var. risk has k entries. */
static void logrank_stratum(const double *time, const int *status, const int *group, const size_t *order, size_t a,
                            size_t b, size_t k, double rho, double *risk, double *dead, onc_logrank_t *lr)
{
    memset(risk, 0, k * sizeof *risk);
    for (size_t i = a; i < b; i++) risk[group[order[i]]]++;
    double km = 1;
    for (size_t i = a; i < b;) {
        double ti = time[order[i]], n = (double)(b - i), d = 0;
        size_t j = i;
        memset(dead, 0, k * sizeof *dead);
        for (; j < b && time[order[j]] == ti; j++)
            if (status[order[j]]) dead[group[order[j]]]++, d++;
        double wt = rho == 0 ? 1 : pow(km, rho);
        for (size_t g = 0; g < k; g++) lr->observed[g] += wt * dead[g];
        if (d > 0) {
            for (size_t g = 0; g < k; g++) lr->expected[g] += wt * d * risk[g] / n;
            if (n > 1) {
                double w2 = wt * wt;
                for (size_t g = 0; g < k; g++) {
                    if (risk[g] == 0) continue;
                    double t = w2 * d * risk[g] * (n - d) / (n * (n - 1));
                    lr->var[g * k + g] += t;
                    for (size_t h = 0; h < k; h++) lr->var[g * k + h] -= t * risk[h] / n;
                }
            }
        }
        km *= (n - d) / n;
        for (; i < j; i++) risk[group[order[i]]]--;
    }
}

/* survdiff's statistic: the groups with expected > 0, less the first. */
static onc_rc logrank_chisq(onc_logrank_t *lr, onc_err_t *err)
{
    size_t k = lr->k, q = 0, *use = malloc(k * sizeof *use);
    if (!use) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t g = 0; g < k; g++)
        if (lr->expected[g] > 0) use[q++] = g;
    if (q < 2) {
        free(use);
        return onc_err_set(err, ONC_EINVAL, "no events in at least two groups: the test is undefined");
    }
    lr->df = (int)q - 1;
    double *v = malloc((q - 1) * (q - 1) * sizeof *v), *u = malloc((q - 1) * sizeof *u);
    if (!v || !u) {
        free(use), free(v), free(u);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    for (size_t a = 1; a < q; a++) {
        u[a - 1] = lr->observed[use[a]] - lr->expected[use[a]];
        for (size_t b = 1; b < q; b++) v[(a - 1) * (q - 1) + b - 1] = lr->var[use[a] * k + use[b]];
    }
    lr->chisq = surv_quad_inverse(v, u, q - 1);
    free(use), free(v), free(u);
    if (isnan(lr->chisq)) return onc_err_set(err, ONC_EINVAL, "the variance matrix of the test is singular");
    lr->p = surv_chisq_p(lr->chisq, lr->df);
    return ONC_OK;
}

static void logrank_hr(onc_logrank_t *lr, double conf_level)
{
    lr->hr = lr->hr_lower = lr->hr_upper = NAN;
    if (lr->k != 2 || !(lr->var[3] > 0)) return;
    double v = lr->var[3], oe = lr->observed[1] - lr->expected[1], z = surv_norm_z(conf_level);
    lr->hr = exp(oe / v);
    lr->hr_lower = exp(oe / v - z / sqrt(v));
    lr->hr_upper = exp(oe / v + z / sqrt(v));
}

static void logrank_trend(onc_logrank_t *lr, const double *scores)
{
    lr->trend_chisq = lr->trend_p = NAN;
    size_t k = lr->k;
    if (k < 3) return;
    double num = 0, den = 0;
    for (size_t g = 0; g < k; g++) {
        double sg = scores ? scores[g] : (double)(g + 1);
        num += sg * (lr->observed[g] - lr->expected[g]);
        for (size_t h = 0; h < k; h++) den += sg * lr->var[g * k + h] * (scores ? scores[h] : (double)(h + 1));
    }
    if (!(den > 0)) return;
    lr->trend_chisq = num * num / den;
    lr->trend_p = surv_chisq_p(lr->trend_chisq, 1);
}

onc_rc onc_logrank(const double *time, const int *status, const int *group, size_t k, const int *strata, size_t n,
                   double rho, const double *trend_scores, double conf_level, onc_logrank_t *lr, onc_err_t *err)
{
    memset(lr, 0, sizeof *lr);
    if (k < 2 || k > ONC_SURV_MAX_GROUPS)
        return onc_err_set(err, ONC_EINVAL, "%zu groups: the test compares 2 to %d", k, ONC_SURV_MAX_GROUPS);
    if (!(conf_level > 0 && conf_level < 1) || !isfinite(rho))
        return onc_err_set(err, ONC_EINVAL, "bad confidence level %g or rho %g", conf_level, rho);
    for (size_t i = 0; i < n; i++)
        if (group[i] >= (int)k)
            return onc_err_set(err, ONC_EINVAL, "row %zu: group code %d >= %zu", i + 1, group[i], k);
    size_t *order, m;
    onc_rc rc = surv_select_sorted(time, status, group, strata, NULL, 0, n, &order, &m, err);
    if (rc != ONC_OK) return rc;
    lr->k = k, lr->n = m, lr->n_missing = n - m;
    lr->n_group = calloc(k, sizeof *lr->n_group);
    lr->observed = calloc(k, sizeof(double));
    lr->expected = calloc(k, sizeof(double));
    lr->var = calloc(k * k, sizeof(double));
    double *risk = malloc(k * sizeof *risk), *dead = malloc(k * sizeof *dead);
    if (!lr->n_group || !lr->observed || !lr->expected || !lr->var || !risk || !dead) {
        free(order), free(risk), free(dead);
        onc_logrank_free(lr);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < m; i++) lr->n_group[group[order[i]]]++;
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (strata && b < m && strata[order[b]] == strata[order[a]]) b++;
        if (!strata) b = m;
        logrank_stratum(time, status, group, order, a, b, k, rho, risk, dead, lr);
        a = b;
    }
    free(order), free(risk), free(dead);
    if ((rc = logrank_chisq(lr, err)) != ONC_OK) {
        onc_logrank_free(lr);
        return rc;
    }
    logrank_hr(lr, conf_level);
    logrank_trend(lr, trend_scores);
    return ONC_OK;
}
