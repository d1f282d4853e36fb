/* stats_surv_common.c: what every survival analysis needs before it starts: the event column read
 * as R's Surv reads it, the complete rows sorted once by stratum and time (a radix sort, so that a
 * million rows cost tens of milliseconds), the distributions through GSL, and the landmark
 * selection (the design matrix is in stats_design.c). */
#include "stats_surv_int.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

onc_rc onc_surv_status_from(const double *v, size_t n, int *status, onc_err_t *err)
{
    double max = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]) && v[i] > max) max = v[i];
    /* R's Surv: a largest value of 2 means the 1/2 coding (1 censored, 2 event). */
    double shift = max == 2 ? 1 : 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) {
            status[i] = -1;
            continue;
        }
        double s = v[i] - shift;
        if (s != 0 && s != 1)
            return onc_err_set(err, ONC_EINVAL,
                               "row %zu: event status %g is neither 0/1 nor 1/2 (2 = event, as R's Surv)", i + 1,
                               v[i]);
        status[i] = (int)s;
    }
    return ONC_OK;
}

onc_rc onc_ci_type_parse(const char *s, onc_ci_type *out, onc_err_t *err)
{
    static const char *const names[] = {"log", "log-log", "plain", "none"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (onc_ci_type)i;
            return ONC_OK;
        }
    return onc_err_set(err, ONC_EINVAL, "confidence interval type '%s': expected log, log-log, plain or none", s);
}

/* GSL's default error handler aborts the process (on a matrix that is not positive definite,
 * for one); the statistics check every status GSL returns instead. Set once for the process:
 * swapping the handler around each call would race between the server's threads. */
static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;
static void gsl_handler_off(void) { gsl_set_error_handler_off(); }
void surv_gsl_quiet(void) { pthread_once(&gsl_once, gsl_handler_off); }

double surv_chisq_p(double stat, double df)
{
    if (!(df > 0) || isnan(stat)) return NAN;
    if (stat <= 0) return 1;
    return gsl_cdf_chisq_Q(stat, df);
}

double surv_norm_p2(double z)
{
    if (isnan(z)) return NAN;
    return 2 * gsl_cdf_ugaussian_Q(fabs(z));
}

double surv_norm_z(double conf_level) { return gsl_cdf_ugaussian_Pinv(1 - (1 - conf_level) / 2); }

/* x' A^-1 x for the symmetric positive-definite A (q x q, overwritten); NaN when singular. */
double surv_quad_inverse(double *a, const double *x, size_t q)
{
    gsl_matrix_view A = gsl_matrix_view_array(a, q, q);
    gsl_vector *sol = gsl_vector_alloc(q);
    if (!sol) return NAN;
    gsl_vector_const_view X = gsl_vector_const_view_array(x, q);
    surv_gsl_quiet();
    double r = NAN;
    if (gsl_linalg_cholesky_decomp1(&A.matrix) == 0 && gsl_linalg_cholesky_solve(&A.matrix, &X.vector, sol) == 0) {
        r = 0;
        for (size_t i = 0; i < q; i++) r += x[i] * gsl_vector_get(sol, i);
    }
    gsl_vector_free(sol);
    return r;
}

/* Doubles as unsigned integers in the same order (sign bit flipped, negatives inverted). */
static uint64_t order_key(double d)
{
    uint64_t u;
    if (d == 0) d = 0; /* -0 sorts with +0 */
    memcpy(&u, &d, sizeof u);
    return (u >> 63) ? ~u : (u | (uint64_t)1 << 63);
}

onc_rc surv_radix_sort(const double *key, size_t *idx, size_t m, onc_err_t *err)
{
    enum { BITS = 16, BUCKETS = 1 << BITS };
    if (m < 2) return ONC_OK;
    uint64_t *k = malloc(m * sizeof *k), *k2 = malloc(m * sizeof *k2);
    size_t *idx2 = malloc(m * sizeof *idx2), *count = malloc(BUCKETS * sizeof *count);
    if (!k || !k2 || !idx2 || !count) {
        free(k), free(k2), free(idx2), free(count);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    uint64_t all_or = 0, all_and = ~(uint64_t)0;
    for (size_t i = 0; i < m; i++) {
        k[i] = order_key(key[idx[i]]);
        all_or |= k[i], all_and &= k[i];
    }
    for (int shift = 0; shift < 64; shift += BITS) {
        /* A digit that is the same in every key changes nothing: skip its pass. */
        if ((((all_or ^ all_and) >> shift) & (BUCKETS - 1)) == 0) continue;
        memset(count, 0, BUCKETS * sizeof *count);
        for (size_t i = 0; i < m; i++) count[(k[i] >> shift) & (BUCKETS - 1)]++;
        size_t sum = 0;
        for (size_t b = 0; b < BUCKETS; b++) {
            size_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < m; i++) {
            size_t pos = count[(k[i] >> shift) & (BUCKETS - 1)]++;
            k2[pos] = k[i];
            idx2[pos] = idx[i];
        }
        uint64_t *tk = k;
        k = k2, k2 = tk;
        size_t *ti = idx2;
        memcpy(idx, ti, m * sizeof *idx);
    }
    free(k), free(k2), free(idx2), free(count);
    return ONC_OK;
}

static bool row_complete(const double *time, const int *status, const int *group, const int *strata,
                         const double *x, size_t p, size_t i)
{
    if (isnan(time[i]) || status[i] < 0) return false;
    if (group && group[i] < 0) return false;
    if (strata && strata[i] < 0) return false;
    for (size_t j = 0; x && j < p; j++)
        if (!isfinite(x[i * p + j])) return false;
    return true;
}

onc_rc surv_select_sorted(const double *time, const int *status, const int *group, const int *strata,
                          const double *x, size_t p, size_t n, size_t **order, size_t *m, onc_err_t *err)
{
    *order = NULL;
    *m = 0;
    size_t *o = malloc((n ? n : 1) * sizeof *o);
    if (!o) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!row_complete(time, status, group, strata, x, p, i)) continue;
        if (time[i] < 0 || !isfinite(time[i])) {
            free(o);
            return onc_err_set(err, ONC_EINVAL, "row %zu: survival time %g is negative or infinite", i + 1, time[i]);
        }
        if (status[i] > 1) {
            free(o);
            return onc_err_set(err, ONC_EINVAL, "row %zu: event status %d is not 0 or 1", i + 1, status[i]);
        }
        o[k++] = i;
    }
    onc_rc rc = surv_radix_sort(time, o, k, err);
    if (rc == ONC_OK && strata && k > 1) {
        /* Stable counting sort by stratum keeps the time order inside each. */
        double *sk = malloc(n * sizeof *sk);
        if (!sk) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        else {
            for (size_t i = 0; i < k; i++) sk[o[i]] = strata[o[i]];
            rc = surv_radix_sort(sk, o, k, err);
            free(sk);
        }
    }
    if (rc != ONC_OK) {
        free(o);
        return rc;
    }
    *order = o;
    *m = k;
    return ONC_OK;
}

/* ---------------------------------------------------------------- landmark */

onc_rc onc_landmark_select(const double *time, const int *status, const int *group, const double *response_time,
                           size_t n, double landmark, double *time_out, int *status_out, int *group_out,
                           size_t *n_out, onc_err_t *err)
{
    if (!(landmark >= 0) || !isfinite(landmark))
        return onc_err_set(err, ONC_EINVAL, "landmark time %g is not a non-negative number", landmark);
    if (!group && !response_time)
        return onc_err_set(err, ONC_EINVAL, "landmark analysis needs a group or response time");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(time[i]) || status[i] < 0 || time[i] < landmark) continue;
        int g;
        if (response_time) g = !isnan(response_time[i]) && response_time[i] <= landmark;
        else g = group[i];
        if (g < 0) continue;
        time_out[k] = time[i] - landmark;
        status_out[k] = status[i];
        group_out[k] = g;
        k++;
    }
    *n_out = k;
    return ONC_OK;
}
