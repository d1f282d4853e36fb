/* stats_rank.c: the Wilcoxon rank-sum (Mann-Whitney) and signed-rank tests, as R's wilcox.test.
 *
 * Exact p-values count, by dynamic programming over the ranks 1..N, the subsets whose rank sum
 * is as extreme as the one observed (R's cwilcox and csignrank count the same numbers); they
 * are exact only without ties (and, for the signed-rank test, without zero differences), so
 * then, and for samples of 50 or more, the normal approximation with the continuity correction
 * and the tie correction of the variance is used, as R does by default.
 */
#include "oncoboard/stats_assoc.h"
#include "stats_assoc_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#define EXACT_AUTO_MAX 50   /* R: exact when each sample is under 50 */
#define EXACT_RANKSUM_CELLS 2e7 /* forced exact: the counting table's cap (160 MB) */
#define EXACT_SIGNRANK_MAX 1000 /* 2^n subsets: a double holds 2^1000 */

/* Two-sided normal p of z after the continuity correction, as wilcox.test. */
static double normal_p(double z, double sigma)
{
    double corr = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
    z = (z - corr) / sigma;
    double lo = gsl_cdf_ugaussian_P(z), hi = gsl_cdf_ugaussian_Q(z);
    double p = 2 * (lo < hi ? lo : hi);
    return p > 1 ? 1 : p;
}

/* Two-sided exact p from the counts f[0..max] of a statistic symmetric about max/2. */
static double exact_p(const double *f, size_t max, double stat)
{
    double total = 0, tail = 0;
    for (size_t u = 0; u <= max; u++) total += f[u];
    bool upper = stat > (double)max / 2;
    for (size_t u = 0; u <= max; u++)
        if (upper ? (double)u >= stat : (double)u <= stat) tail += f[u];
    double p = 2 * tail / total;
    return p > 1 ? 1 : p;
}

/* Counts of the Mann-Whitney U for samples of m and n: the m-subsets of ranks 1..m+n by
 * their rank sum less m(m+1)/2. */
static onc_rc ranksum_counts(size_t m, size_t n, double **out, onc_err_t *err)
{
    size_t N = m + n, smax = m * n;
    /* dp[j][u]: j ranks chosen so far, U so far (each chosen rank k as the j-th adds k - j) */
    double *dp = calloc((m + 1) * (smax + 1), sizeof *dp);
    if (!dp) return onc_err_set(err, ONC_ENOMEM, "Wilcoxon test: out of memory");
    dp[0] = 1;
    for (size_t k = 1; k <= N; k++) {
        size_t jmax = k < m ? k : m;
        for (size_t j = jmax; j >= 1; j--) {
            if (k < j) continue;
            size_t add = k - j; /* U added when rank k is the j-th chosen */
            if (add > n) continue;
            double *to = dp + j * (smax + 1), *from = dp + (j - 1) * (smax + 1);
            for (size_t u = smax; u + 1 > add; u--) {
                to[u] += from[u - add];
                if (u == 0) break;
            }
        }
    }
    double *f = malloc((smax + 1) * sizeof *f);
    if (!f) {
        free(dp);
        return onc_err_set(err, ONC_ENOMEM, "Wilcoxon test: out of memory");
    }
    memcpy(f, dp + m * (smax + 1), (smax + 1) * sizeof *f);
    free(dp);
    *out = f;
    return ONC_OK;
}

static size_t drop_nan(const double *v, size_t n, double *to)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i])) to[k++] = v[i];
    return k;
}

onc_rc onc_wilcoxon_test(const double *x, size_t nx, const double *y, size_t ny, onc_rank_method method,
                         onc_rank_test_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_assoc_gsl_quiet();
    double *v = malloc((nx + ny + 1) * sizeof *v), *rank = malloc((nx + ny + 1) * sizeof *rank);
    if (!v || !rank) {
        free(v), free(rank);
        return onc_err_set(err, ONC_ENOMEM, "Wilcoxon test: out of memory");
    }
    size_t m = drop_nan(x, nx, v), n = drop_nan(y, ny, v + m);
    onc_rc rc = ONC_OK;
    double ties = 0;
    if (m == 0 || n == 0) rc = onc_err_set(err, ONC_EINVAL, "Wilcoxon test: the %s group has no value", m == 0 ? "first" : "second");
    if (rc == ONC_OK) rc = onc_assoc_rank(v, m + n, rank, &ties, err);
    if (rc == ONC_OK) {
        double w = 0;
        for (size_t i = 0; i < m; i++) w += rank[i];
        w -= (double)m * (double)(m + 1) / 2;
        out->stat = w;
        out->n_used = m + n;
        out->ties = ties > 0;
        bool exact = method == ONC_RANK_EXACT || (method == ONC_RANK_AUTO && m < EXACT_AUTO_MAX && n < EXACT_AUTO_MAX);
        size_t small = m < n ? m : n, large = m < n ? n : m; /* U's law is the same either way */
        double cells = ((double)small + 1) * ((double)m * (double)n + 1);
        if (exact && !out->ties && cells <= EXACT_RANKSUM_CELLS) {
            double *f = NULL;
            rc = ranksum_counts(small, large, &f, err);
            if (rc == ONC_OK) out->p = exact_p(f, m * n, w), out->exact = true;
            free(f);
        } else if (exact && !out->ties) {
            rc = onc_err_set(err, ONC_ELIMIT, "Wilcoxon test: the exact test of %zu against %zu values is too large "
                                              "(its table would pass %.0f cells); use the normal approximation", m, n,
                             EXACT_RANKSUM_CELLS);
        } else {
            double N = (double)(m + n), mn = (double)m * (double)n;
            double var = mn / 12 * ((N + 1) - ties / (N * (N - 1)));
            if (!(var > 0)) rc = onc_err_set(err, ONC_EINVAL, "Wilcoxon test: every value is tied; the test is undefined (R gives NA)");
            else out->p = normal_p(w - mn / 2, sqrt(var));
        }
    }
    free(v), free(rank);
    return rc;
}

/* Counts of the signed-rank statistic V for n pairs: the subsets of 1..n by their sum. */
static onc_rc signrank_counts(size_t n, double **out, onc_err_t *err)
{
    size_t smax = n * (n + 1) / 2;
    double *f = calloc(smax + 1, sizeof *f);
    if (!f) return onc_err_set(err, ONC_ENOMEM, "signed-rank test: out of memory");
    f[0] = 1;
    for (size_t k = 1, top = 0; k <= n; k++) {
        top += k;
        for (size_t s = top; s >= k; s--) f[s] += f[s - k];
    }
    *out = f;
    return ONC_OK;
}

onc_rc onc_signrank_test(const double *d, size_t n_in, onc_rank_method method, onc_rank_test_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_assoc_gsl_quiet();
    double *a = malloc((n_in + 1) * sizeof *a), *rank = malloc((n_in + 1) * sizeof *rank);
    if (!a || !rank) {
        free(a), free(rank);
        return onc_err_set(err, ONC_ENOMEM, "signed-rank test: out of memory");
    }
    size_t n = 0, n_valid = 0;
    for (size_t i = 0; i < n_in; i++) {
        if (isnan(d[i])) continue;
        n_valid++;
        if (d[i] == 0) out->zeros = true;
        else a[n++] = fabs(d[i]);
    }
    onc_rc rc = ONC_OK;
    double ties = 0;
    if (n_valid == 0) rc = onc_err_set(err, ONC_EINVAL, "signed-rank test: no pair with both values");
    else if (n == 0) rc = onc_err_set(err, ONC_EINVAL, "signed-rank test: every difference is zero; the test is undefined (R gives NA)");
    if (rc == ONC_OK) rc = onc_assoc_rank(a, n, rank, &ties, err);
    if (rc == ONC_OK) {
        double v = 0;
        for (size_t i = 0, k = 0; i < n_in; i++) {
            if (isnan(d[i]) || d[i] == 0) continue;
            if (d[i] > 0) v += rank[k];
            k++;
        }
        out->stat = v;
        out->n_used = n;
        out->ties = ties > 0;
        bool exact = method == ONC_RANK_EXACT || (method == ONC_RANK_AUTO && n < EXACT_AUTO_MAX);
        if (exact && !out->ties && !out->zeros && n <= EXACT_SIGNRANK_MAX) {
            double *f = NULL;
            rc = signrank_counts(n, &f, err);
            if (rc == ONC_OK) out->p = exact_p(f, n * (n + 1) / 2, v), out->exact = true;
            free(f);
        } else if (exact && !out->ties && !out->zeros) {
            rc = onc_err_set(err, ONC_ELIMIT, "signed-rank test: the exact test takes at most %d pairs", EXACT_SIGNRANK_MAX);
        } else {
            double N = (double)n;
            double var = N * (N + 1) * (2 * N + 1) / 24 - ties / 48;
            out->p = normal_p(v - N * (N + 1) / 4, sqrt(var));
        }
    }
    free(a), free(rank);
    return rc;
}
