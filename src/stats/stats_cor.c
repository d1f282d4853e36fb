/* stats_cor.c: correlation tests as R's cor.test (R 4.2), for biomarkers against each other
 * (TMB against PD-L1, mutation burden against neoantigens).
 *
 * Pearson: r with Student's t on n - 2 df and the Fisher-z interval. Spearman: Pearson's r of
 * the average ranks (onc_assoc_rank, the ranks of the Wilcoxon tests), its p as cor.test finds
 * it: without ties and for n <= 1290 (R's default exact = TRUE) by algorithm AS 89 (Best and
 * Roberts, Appl. Statist. 1975;24:377), which counts every permutation up to n = 9 (R's n_small)
 * and uses its Edgeworth series above; with ties, exact = FALSE or n > 1290, Student's t on the
 * rho recomputed from S. Kendall: tau-b from concordant and discordant pairs counted in
 * n log n (Knight's merge sort); exact below 50 pairs without ties, from the distribution of
 * the number of concordant pairs (R's ckendall recursion, kept as probabilities so that it
 * does not overflow), else the normal approximation with R's tie correction of var(S).
 * GSL supplies the t and normal distributions.
 */
#include "oncoboard/stats_assoc.h"
#include "stats_assoc_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#define SPEARMAN_EXACT_MAX_N 1290 /* R: AS 89 when n <= 1290 (n(n^2 - 1) fits R's integers) */
#define SPEARMAN_ENUM_MAX_N 9     /* R's prho enumerates the n! permutations up to n = 9 */
#define KENDALL_EXACT_AUTO 50     /* R: exact = (n < 50) by default */

void onc_cor_opts_init(onc_cor_opts_t *o)
{
    o->method = ONC_COR_PEARSON;
    o->alternative = ONC_ALT_TWO_SIDED;
    o->conf = 0.95;
    o->exact = ONC_RANK_AUTO;
}

/* ---- Pearson ---- */

/* Pearson's r of x and y as R's cor: means corrected by a second pass, sums in long double;
 * NaN when either has no spread (R: NA, "the standard deviation is zero"); clamped to [-1, 1]. */
static double pearson_r(const double *x, const double *y, size_t n)
{
    long double mx = 0, my = 0, cx = 0, cy = 0;
    for (size_t i = 0; i < n; i++) mx += x[i], my += y[i];
    mx /= (long double)n, my /= (long double)n;
    for (size_t i = 0; i < n; i++) cx += x[i] - mx, cy += y[i] - my;
    mx += cx / (long double)n, my += cy / (long double)n;
    long double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        long double dx = x[i] - mx, dy = y[i] - my;
        sxy += dx * dy, sxx += dx * dx, syy += dy * dy;
    }
    if (sxx == 0 || syy == 0) return NAN;
    double r = (double)(sxy / (sqrtl(sxx) * sqrtl(syy)));
    return r > 1 ? 1 : r < -1 ? -1 : r;
}

/* Pr[T > |t|] for Student's t on df degrees of freedom, from the regularized incomplete beta
 * function: gsl_cdf_tdist_Q loses digits in the far tail (2e-7 relative at p = 1e-15, where
 * this form agrees with R's pt to 1e-14). */
static double t_tail(double t, double df)
{
    double t2 = t * t;
    if (isinf(t)) return 0;
    if (t2 > df) return gsl_sf_beta_inc(df / 2, 0.5, df / (df + t2)) / 2;
    return (1 - gsl_sf_beta_inc(0.5, df / 2, t2 / (df + t2))) / 2;
}

/* The p of Student's t on df degrees of freedom for the alternative (an infinite t, |r| = 1,
 * gives 0 or 1). */
static double t_p(double t, double df, onc_alternative alt)
{
    double tail = t_tail(t, df), lo = t < 0 ? tail : 1 - tail, hi = t < 0 ? 1 - tail : tail;
    if (alt == ONC_ALT_LESS) return lo;
    if (alt == ONC_ALT_GREATER) return hi;
    double p = 2 * (lo < hi ? lo : hi);
    return p > 1 ? 1 : p;
}

static void pearson_test(double r, size_t n, const onc_cor_opts_t *o, onc_cor_test_t *out)
{
    double df = (double)n - 2;
    out->df = df;
    out->statistic = sqrt(df) * r / sqrt(1 - r * r);
    if (fabs(r) == 1) out->statistic = r * INFINITY;
    out->statistic_name[0] = 't';
    out->p = t_p(out->statistic, df, o->alternative);
    out->p_method = ONC_COR_P_T;
    if (n <= 3) return; /* R gives no interval below 4 pairs */
    double z = atanh(r), sigma = 1 / sqrt((double)n - 3);
    if (o->alternative == ONC_ALT_TWO_SIDED) {
        double q = gsl_cdf_ugaussian_Pinv((1 + o->conf) / 2);
        out->lower = tanh(z - sigma * q), out->upper = tanh(z + sigma * q);
    } else if (o->alternative == ONC_ALT_LESS) {
        out->lower = -1, out->upper = tanh(z + sigma * gsl_cdf_ugaussian_Pinv(o->conf));
    } else {
        out->lower = tanh(z - sigma * gsl_cdf_ugaussian_Pinv(o->conf)), out->upper = 1;
    }
}

/* ---- Spearman ---- */

/* Pr[S >= is] (upper) or Pr[S < is] (lower) for S = sum (i - pi(i))^2 over the n! equally
 * likely permutations pi, n <= SPEARMAN_ENUM_MAX_N: the permutations are walked in
 * lexicographic order. */
static double spearman_enumerate(int n, double is, bool lower)
{
    int perm[SPEARMAN_ENUM_MAX_N];
    for (int i = 0; i < n; i++) perm[i] = i;
    double total = 0, at_least = 0;
    for (;;) {
        int s = 0;
        for (int i = 0; i < n; i++) s += (i - perm[i]) * (i - perm[i]);
        total++;
        at_least += s >= is;
        int k = n - 2; /* the next permutation: the last ascent, swapped and the tail reversed */
        while (k >= 0 && perm[k] > perm[k + 1]) k--;
        if (k < 0) break;
        int l = n - 1;
        while (perm[l] < perm[k]) l--;
        int t = perm[k];
        perm[k] = perm[l], perm[l] = t;
        for (int a = k + 1, b = n - 1; a < b; a++, b--) t = perm[a], perm[a] = perm[b], perm[b] = t;
    }
    return (lower ? total - at_least : at_least) / total;
}

/* AS 89's Edgeworth series for Pr[S >= is] (or Pr[S < is]), n > SPEARMAN_ENUM_MAX_N; the
 * coefficients are the algorithm's published ones. */
static double spearman_edgeworth(double n, double is, bool lower)
{
    static const double c[13] = {0,     .2274, .2531, .1745, .0758, .1033, .3932,
                                 .0879, .0151, .0072, .0831, .0131, 4.6e-4};
    double b = 1 / n;
    double x = (6 * (is - 1) * b / (n * n - 1) - 1) * sqrt(n - 1); /* -rho sqrt(n - 1), about N(0, 1) */
    double y = x * x;
    double u = x * b *
               (c[1] + b * (c[2] + c[3] * b) +
                y * (-c[4] + b * (c[5] + c[6] * b) - y * b * (c[7] + c[8] * b - y * (c[9] - c[10] * b + y * b * (c[11] - c[12] * y)))));
    double corr = u / exp(y / 2);
    double p = (lower ? -corr : corr) + (lower ? gsl_cdf_ugaussian_P(x) : gsl_cdf_ugaussian_Q(x));
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

/* R's pspearman with exact = TRUE for n <= 1290: prho(round(q) + 2 lower, n, lower). */
static double spearman_as89(size_t n, double q, bool lower)
{
    double is = nearbyint(q) + (lower ? 2 : 0); /* R's round(): to the even neighbour at .5 */
    double nd = (double)n, max_s = nd * (nd * nd - 1) / 3;
    if (is <= 0) return lower ? 0 : 1;
    if (is > max_s) return lower ? 1 : 0;
    return n <= SPEARMAN_ENUM_MAX_N ? spearman_enumerate((int)n, is, lower) : spearman_edgeworth(nd, is, lower);
}

static double spearman_tail(size_t n, double q, bool lower, bool exact)
{
    if (exact) return spearman_as89(n, q, lower);
    double nd = (double)n, r = 1 - q / (nd * (nd * nd - 1) / 6);
    r = r > 1 ? 1 : r < -1 ? -1 : r;
    double t = fabs(r) == 1 ? r * INFINITY : r / sqrt((1 - r * r) / (nd - 2));
    return t_p(t, nd - 2, lower ? ONC_ALT_GREATER : ONC_ALT_LESS);
}

static void spearman_test(double rho, size_t n, bool ties, const onc_cor_opts_t *o, onc_cor_test_t *out)
{
    double nd = (double)n, q = (nd * nd * nd - nd) * (1 - rho) / 6;
    bool want_exact = o->exact != ONC_RANK_NORMAL; /* R's default exact = TRUE */
    bool exact = want_exact && !ties && n <= SPEARMAN_EXACT_MAX_N;
    out->statistic = q;
    out->statistic_name[0] = 'S';
    out->ties_warning = want_exact && ties;
    out->p_method = !exact ? ONC_COR_P_T : n <= SPEARMAN_ENUM_MAX_N ? ONC_COR_P_EXACT : ONC_COR_P_EDGEWORTH;
    if (o->alternative == ONC_ALT_GREATER) out->p = spearman_tail(n, q, true, exact);
    else if (o->alternative == ONC_ALT_LESS) out->p = spearman_tail(n, q, false, exact);
    else {
        double p = spearman_tail(n, q, !(q > (nd * nd * nd - nd) / 6), exact);
        out->p = 2 * p > 1 ? 1 : 2 * p;
    }
}

/* ---- Kendall ---- */

typedef struct xy {
    double x, y;
} xy_t;

static int cmp_xy(const void *a, const void *b)
{
    const xy_t *u = a, *v = b;
    if (u->x != v->x) return u->x < v->x ? -1 : 1;
    return u->y < v->y ? -1 : u->y > v->y;
}

/* Sorts v[0..n) by merging, returning the number of pairs i < j with v[i] > v[j]. */
static int64_t count_inversions(double *v, double *tmp, size_t n)
{
    if (n < 2) return 0;
    size_t h = n / 2;
    int64_t inv = count_inversions(v, tmp, h) + count_inversions(v + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        if (v[j] < v[i]) tmp[k++] = v[j++], inv += (int64_t)(h - i);
        else tmp[k++] = v[i++];
    }
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
    return inv;
}

/* The tie groups of sorted values: pairs tied (sum t(t-1)/2) and the sums of t(t-1),
 * t(t-1)(2t+5) and t(t-1)(t-2) that R's var(S) uses. */
typedef struct ties {
    int64_t pairs;
    double a1, a2, a3;
} ties_t;

static ties_t tie_groups(const double *v, size_t n)
{
    ties_t t = {0, 0, 0, 0};
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && v[b] == v[a]; b++) {}
        double k = (double)(b - a);
        t.pairs += (int64_t)((b - a) * (b - a - 1) / 2);
        t.a1 += k * (k - 1), t.a2 += k * (k - 1) * (2 * k + 5), t.a3 += k * (k - 1) * (k - 2);
    }
    return t;
}

/* Pr[T <= q] for T the concordant pairs among n values in random order, from the law
 * P_m(k) = (1/m) sum_{i < m} P_{m-1}(k - i): R's ckendall recursion divided by m!, so that it
 * cannot overflow. Each law is symmetric about its middle: only its lower half is summed, from
 * the left (a running sum carried across the peak would lose the far tail to cancellation), and
 * the upper half mirrored; an upper tail is the lower tail of top - q. */
static onc_rc kendall_lower_tail(size_t n, int64_t q, double *p, onc_err_t *err)
{
    size_t top = n * (n - 1) / 2;
    if (q < 0 || (uint64_t)q >= top) return *p = q < 0 ? 0 : 1, ONC_OK;
    double *cur = calloc(top + 1, sizeof *cur), *next = calloc(top + 1, sizeof *next);
    if (!cur || !next) {
        free(cur), free(next);
        return onc_err_set(err, ONC_ENOMEM, "Kendall's exact test: out of memory");
    }
    cur[0] = 1;
    for (size_t m = 2, len = 1; m <= n; m++) { /* len: the support of P_{m-1} */
        size_t nlen = len + m - 1, half = (nlen - 1) / 2;
        double window = 0;
        for (size_t k = 0; k <= half; k++) {
            if (k < len) window += cur[k];
            if (k >= m && k - m < len) window -= cur[k - m];
            next[k] = window / (double)m;
        }
        for (size_t k = half + 1; k < nlen; k++) next[k] = next[nlen - 1 - k];
        double *t = cur;
        cur = next, next = t;
        len = nlen;
    }
    double s = 0;
    for (int64_t k = 0; k <= q; k++) s += cur[k];
    free(cur), free(next);
    *p = s > 1 ? 1 : s;
    return ONC_OK;
}

/* cor.test's exact p: greater Pr[T >= q], less Pr[T <= q], two-sided twice the tail on q's side. */
static onc_rc kendall_exact_p(size_t n, int64_t q, onc_alternative alt, double *p, onc_err_t *err)
{
    int64_t top = (int64_t)(n * (n - 1) / 2);
    bool upper = alt == ONC_ALT_GREATER || (alt == ONC_ALT_TWO_SIDED && (double)q > (double)top / 2);
    onc_rc rc = kendall_lower_tail(n, upper ? top - q : q, p, err);
    if (rc == ONC_OK && alt == ONC_ALT_TWO_SIDED) *p = 2 * *p > 1 ? 1 : 2 * *p;
    return rc;
}

typedef struct kendall_counts {
    double tau;
    int64_t s, n0;     /* concordant - discordant; all pairs */
    ties_t tx, ty;
} kendall_counts_t;

/* tau-b = S / sqrt((n0 - n1)(n0 - n2)) with S = n0 - n1 - n2 + n3 - 2 D (Knight 1966): n1, n2
 * the pairs tied in x, in y; n3 in both; D the discordant pairs, the inversions of y once the
 * pairs are sorted by x then y. NaN when x or y is constant. */
static onc_rc kendall_count(const double *x, const double *y, size_t n, kendall_counts_t *k, onc_err_t *err)
{
    xy_t *p = malloc(n * sizeof *p);
    double *v = malloc(n * sizeof *v), *tmp = malloc(n * sizeof *tmp), *xs = malloc(n * sizeof *xs);
    if (!p || !v || !tmp || !xs) {
        free(p), free(v), free(tmp), free(xs);
        return onc_err_set(err, ONC_ENOMEM, "Kendall's tau: out of memory");
    }
    for (size_t i = 0; i < n; i++) p[i].x = x[i], p[i].y = y[i];
    qsort(p, n, sizeof *p, cmp_xy);
    int64_t joint = 0;
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && p[b].x == p[a].x && p[b].y == p[a].y; b++) {}
        joint += (int64_t)((b - a) * (b - a - 1) / 2);
    }
    for (size_t i = 0; i < n; i++) v[i] = p[i].y, xs[i] = p[i].x;
    k->tx = tie_groups(xs, n);
    int64_t discordant = count_inversions(v, tmp, n);
    k->ty = tie_groups(v, n);
    k->n0 = (int64_t)(n * (n - 1) / 2);
    k->s = k->n0 - k->tx.pairs - k->ty.pairs + joint - 2 * discordant;
    double dx = (double)(k->n0 - k->tx.pairs), dy = (double)(k->n0 - k->ty.pairs);
    k->tau = dx == 0 || dy == 0 ? NAN : (double)k->s / sqrt(dx * dy);
    free(p), free(v), free(tmp), free(xs);
    return ONC_OK;
}

static onc_rc kendall_test(const kendall_counts_t *k, size_t n, const onc_cor_opts_t *o, onc_cor_test_t *out,
                           onc_err_t *err)
{
    bool ties = k->tx.pairs > 0 || k->ty.pairs > 0;
    bool want_exact = o->exact == ONC_RANK_EXACT || (o->exact == ONC_RANK_AUTO && n < KENDALL_EXACT_AUTO);
    if (want_exact && !ties) {
        if (n > ONC_COR_KENDALL_EXACT_MAX)
            return onc_err_set(err, ONC_ELIMIT, "Kendall's exact test: at most %d pairs (%zu given); use the normal "
                                                "approximation", ONC_COR_KENDALL_EXACT_MAX, n);
        int64_t q = (k->s + k->n0) / 2; /* the concordant pairs: R's round((tau + 1) n (n - 1) / 4) */
        out->statistic = (double)q;
        out->statistic_name[0] = 'T';
        out->p_method = ONC_COR_P_EXACT;
        return kendall_exact_p(n, q, o->alternative, &out->p, err);
    }
    double nd = (double)n;
    double v0 = nd * (nd - 1) * (2 * nd + 5);
    double var = (v0 - k->tx.a2 - k->ty.a2) / 18 + k->tx.a1 * k->ty.a1 / (2 * nd * (nd - 1)) +
                 k->tx.a3 * k->ty.a3 / (9 * nd * (nd - 1) * (nd - 2));
    double z = (double)k->s / sqrt(var);
    out->statistic = z;
    out->statistic_name[0] = 'z';
    out->p_method = ONC_COR_P_NORMAL;
    out->ties_warning = want_exact && ties;
    double lo = gsl_cdf_ugaussian_P(z), hi = gsl_cdf_ugaussian_Q(z);
    out->p = o->alternative == ONC_ALT_LESS ? lo : o->alternative == ONC_ALT_GREATER ? hi : fmin(1, 2 * fmin(lo, hi));
    return ONC_OK;
}

/* ---- the test ---- */

/* The complete pairs of x and y into cx, cy; their number, or an error for an infinite value. */
static onc_rc complete_pairs(const double *x, const double *y, size_t n, double *cx, double *cy, size_t *m,
                             onc_err_t *err)
{
    *m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i])) continue;
        if (isinf(x[i]) || isinf(y[i]))
            return onc_err_set(err, ONC_EINVAL, "correlation test: row %zu has an infinite value", i + 1);
        cx[*m] = x[i], cy[*m] = y[i], (*m)++;
    }
    return ONC_OK;
}

/* The error for a constant x or y (R: NA with the warning "the standard deviation is zero"). */
static onc_rc undefined(const char *method, const double *x, size_t m, onc_err_t *err)
{
    bool x_constant = true;
    for (size_t i = 1; i < m; i++) x_constant = x_constant && x[i] == x[0];
    return onc_err_set(err, ONC_EINVAL, "%s correlation: %s is constant over the %zu complete pairs: the standard "
                                        "deviation is zero (R gives NA)", method, x_constant ? "x" : "y", m);
}

onc_rc onc_cor_test(const double *x, const double *y, size_t n, const onc_cor_opts_t *o, onc_cor_test_t *out,
                    onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    out->df = out->lower = out->upper = NAN;
    onc_assoc_gsl_quiet();
    if (!(o->conf > 0 && o->conf < 1)) return onc_err_set(err, ONC_EINVAL, "correlation test: the confidence level must be between 0 and 1");
    double *cx = malloc((n + 1) * sizeof *cx), *cy = malloc((n + 1) * sizeof *cy);
    double *rx = malloc((n + 1) * sizeof *rx), *ry = malloc((n + 1) * sizeof *ry);
    onc_rc rc = !cx || !cy || !rx || !ry ? onc_err_set(err, ONC_ENOMEM, "correlation test: out of memory") : ONC_OK;
    size_t m = 0;
    if (rc == ONC_OK) rc = complete_pairs(x, y, n, cx, cy, &m, err);
    out->n = m, out->n_missing = n - m;
    if (rc == ONC_OK && m < 3)
        rc = onc_err_set(err, ONC_EINVAL, "correlation test: %zu complete pair%s; at least 3 are needed (R: not enough "
                                          "finite observations)", m, m == 1 ? "" : "s");
    double tx = 0, ty = 0;
    if (rc == ONC_OK) rc = onc_assoc_rank(cx, m, rx, &tx, err);
    if (rc == ONC_OK) rc = onc_assoc_rank(cy, m, ry, &ty, err);
    out->ties = tx > 0 || ty > 0;
    if (rc == ONC_OK && o->method == ONC_COR_PEARSON) {
        out->estimate = pearson_r(cx, cy, m);
        if (isnan(out->estimate)) rc = undefined("Pearson", cx, m, err);
        else pearson_test(out->estimate, m, o, out);
    } else if (rc == ONC_OK && o->method == ONC_COR_SPEARMAN) {
        out->estimate = pearson_r(rx, ry, m);
        if (isnan(out->estimate)) rc = undefined("Spearman", cx, m, err);
        else spearman_test(out->estimate, m, out->ties, o, out);
    } else if (rc == ONC_OK) {
        kendall_counts_t k = {0};
        rc = kendall_count(cx, cy, m, &k, err);
        out->estimate = k.tau;
        if (rc == ONC_OK && isnan(k.tau)) rc = undefined("Kendall", cx, m, err);
        if (rc == ONC_OK) rc = kendall_test(&k, m, o, out, err);
    }
    free(cx), free(cy), free(rx), free(ry);
    return rc;
}
