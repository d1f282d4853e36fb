/* stats_maxstat.c: the maximally selected rank statistic for a cut-off on a continuous marker,
 * as R's maxstat.test(..., pmethod = "Lau92").
 *
 * The response becomes scores (log-rank scores of censored times as exactRankTests' cscores,
 * ranks, or the values themselves); for every cut-off between the minprop and maxprop
 * quantiles of the marker the standardised linear rank statistic of the group x <= cut-off is
 * computed, and the largest is kept with the smallest cut-off that reaches it. Its p-value is
 * Lausen and Schumacher's (1992) approximation, which is not capped at 1 (as in R).
 */
#include "oncoboard/stats_assoc.h"
#include "stats_assoc_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

typedef struct pair {
    double x, s;
} pair_t;

static int cmp_pair_x(const void *a, const void *b)
{
    double u = ((const pair_t *)a)->x, v = ((const pair_t *)b)->x;
    return u < v ? -1 : u > v;
}

/* Log-rank scores: a_i = e_i - sum over t_j <= t_i of e_j / (N - R_j + 1), R_j the number of
 * times <= t_j (exactRankTests' cscores for Surv). */
static onc_rc logrank_scores(const double *t, const double *e, size_t n, double *s, onc_err_t *err)
{
    pair_t *p = malloc((n + 1) * sizeof *p);
    double *cum = malloc((n + 1) * sizeof *cum);
    if (!p || !cum) {
        free(p), free(cum);
        return onc_err_set(err, ONC_ENOMEM, "cut-off: out of memory");
    }
    for (size_t i = 0; i < n; i++) p[i].x = t[i], p[i].s = e[i];
    qsort(p, n, sizeof *p, cmp_pair_x);
    /* cum[k]: the sum over the first k sorted times, each tie group at its last index */
    double acc = 0;
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a; b < n && p[b].x == p[a].x; b++) {}
        for (size_t k = a; k < b; k++) acc += p[k].s / (double)(n - b + 1);
        for (size_t k = a; k < b; k++) cum[k] = acc;
    }
    for (size_t i = 0; i < n; i++) { /* the cumulated sum at t_i's tie group */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (p[mid].x <= t[i]) lo = mid + 1;
            else hi = mid;
        }
        s[i] = e[i] - cum[lo - 1];
    }
    free(p), free(cum);
    return ONC_OK;
}

static double lausen92(double b, double minprop, double maxprop)
{
    if (b < 1) return 1;
    double db = gsl_ran_ugaussian_pdf(b);
    double p = 4 * db / b + db * (b - 1 / b) * log((maxprop * (1 - minprop)) / ((1 - maxprop) * minprop));
    return p > 0 ? p : 0;
}

static onc_rc check_args(const double *x, const double *y, const double *event, size_t n, onc_maxstat_scores sc,
                         double minprop, double maxprop, onc_err_t *err)
{
    if (!(minprop > 0 && minprop < maxprop && maxprop < 1))
        return onc_err_set(err, ONC_EINVAL, "cut-off: need 0 < minprop < maxprop < 1");
    if (n < 3) return onc_err_set(err, ONC_EINVAL, "cut-off: %zu rows; need at least 3", n);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]) || (sc == ONC_MAXSTAT_LOGRANK && !isfinite(event[i])))
            return onc_err_set(err, ONC_EINVAL, "cut-off: row %zu has a missing value (drop it first)", i + 1);
        if (sc == ONC_MAXSTAT_LOGRANK && !(event[i] == 0 || event[i] == 1))
            return onc_err_set(err, ONC_EINVAL, "cut-off: row %zu: the event must be 0 or 1", i + 1);
    }
    return ONC_OK;
}

onc_rc onc_maxstat(const double *x, const double *y, const double *event, size_t n, onc_maxstat_scores sc,
                   double minprop, double maxprop, onc_maxstat_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_assoc_gsl_quiet();
    onc_rc rc = check_args(x, y, event, n, sc, minprop, maxprop, err);
    if (rc != ONC_OK) return rc;
    double *s = malloc(n * sizeof *s);
    pair_t *p = malloc(n * sizeof *p);
    if (!s || !p) rc = onc_err_set(err, ONC_ENOMEM, "cut-off: out of memory");
    else if (sc == ONC_MAXSTAT_LOGRANK) rc = logrank_scores(y, event, n, s, err);
    else if (sc == ONC_MAXSTAT_WILCOXON) rc = onc_assoc_rank(y, n, s, NULL, err);
    else memcpy(s, y, n * sizeof *s);
    if (rc != ONC_OK) {
        free(s), free(p);
        return rc;
    }
    double N = (double)n, ss = 0, ss2 = 0;
    for (size_t i = 0; i < n; i++) p[i].x = x[i], p[i].s = s[i], ss += s[i], ss2 += s[i] * s[i];
    qsort(p, n, sizeof *p, cmp_pair_x);
    size_t lo = (size_t)floor(N * minprop), hi = (size_t)floor(N * maxprop);
    if (lo < 1) lo = 1;
    double cum = 0, best = -1, scale = N * ss2 - ss * ss;
    for (size_t k = 0; k + 1 < n; k++) {
        cum += p[k].s;
        size_t m = k + 1; /* rows at or below p[k].x */
        if (p[k + 1].x == p[k].x || m < lo || m > hi) continue;
        double E = (double)m / N * ss, V = (double)m * (N - (double)m) / (N * N * (N - 1)) * scale;
        double T = fabs((cum - E) / sqrt(V));
        out->n_cutoffs++;
        if (T > best) best = T, out->cutoff = p[k].x, out->n_below = m;
    }
    free(s), free(p);
    if (out->n_cutoffs == 0) return onc_err_set(err, ONC_EINVAL, "cut-off: no cut-off of the marker between the %g and %g quantiles", minprop, maxprop);
    if (!(scale > 0) || !isfinite(best))
        return onc_err_set(err, ONC_EINVAL, "cut-off: the response's scores are all equal; the statistic is undefined (R gives NaN)");
    out->stat = best;
    out->p = lausen92(best, minprop, maxprop);
    return ONC_OK;
}
