/* stats_km.c: the Kaplan-Meier estimate as R's survfit computes it: one row per distinct time,
 * the Greenwood variance on the cumulative-hazard scale (survfit's std.err), the log, log-log and
 * plain intervals (survfit_confint), the median and other quantiles with quantile.survfit's
 * rule for a curve flat at exactly p, and the restricted mean (survRM2's rmst1). */
#include "stats_surv_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void onc_km_opts_init(onc_km_opts_t *o)
{
    o->ci = ONC_CI_LOG;
    o->conf_level = 0.95;
}

void onc_km_free(onc_km_t *km)
{
    if (!km) return;
    free(km->time), free(km->n_risk), free(km->n_event), free(km->n_censor);
    free(km->surv), free(km->std_err), free(km->lower), free(km->upper);
    memset(km, 0, sizeof *km);
}

static onc_rc km_alloc(onc_km_t *km, size_t m, onc_err_t *err)
{
    size_t c = m ? m : 1;
    double **arrays[] = {&km->time, &km->n_risk, &km->n_event, &km->n_censor,
                         &km->surv, &km->std_err, &km->lower, &km->upper};
    for (size_t a = 0; a < sizeof arrays / sizeof arrays[0]; a++)
        if (!(*arrays[a] = malloc(c * sizeof(double)))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}

/* survfit_confint: the interval of s from the standard error se of log(s). NaN where R gives NA. */
static void km_interval(onc_ci_type ci, double z, double s, double se, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (ci == ONC_CI_NONE || !isfinite(se)) return;
    if (ci == ONC_CI_PLAIN) {
        double w = z * se * s;
        *lo = fmax(s - w, 0);
        *hi = fmin(s + w, 1);
    } else if (ci == ONC_CI_LOG) {
        if (s == 0) return;
        *lo = exp(log(s) - z * se);
        *hi = fmin(exp(log(s) + z * se), 1);
    } else {
        if (s == 0 || s == 1) return;
        double w = z * se / log(s);
        *lo = exp(-exp(log(-log(s)) - w));
        *hi = exp(-exp(log(-log(s)) + w));
    }
}

onc_rc onc_km_fit(const double *time, const int *status, size_t n, const onc_km_opts_t *opts, onc_km_t *km,
                  onc_err_t *err)
{
    onc_km_opts_t def;
    if (!opts) onc_km_opts_init(&def), opts = &def;
    memset(km, 0, sizeof *km);
    if (!(opts->conf_level > 0 && opts->conf_level < 1))
        return onc_err_set(err, ONC_EINVAL, "confidence level %g is not between 0 and 1", opts->conf_level);
    size_t *order, m;
    onc_rc rc = surv_select_sorted(time, status, NULL, NULL, NULL, 0, n, &order, &m, err);
    if (rc != ONC_OK) return rc;
    km->n = m;
    km->n_missing = n - m;
    if ((rc = km_alloc(km, m, err)) != ONC_OK) {
        free(order);
        onc_km_free(km);
        return rc;
    }
    double z = surv_norm_z(opts->conf_level), s = 1, greenwood = 0;
    size_t t = 0;
    for (size_t i = 0; i < m;) {
        double ti = time[order[i]], d = 0, c = 0, at_risk = (double)(m - i);
        for (; i < m && time[order[i]] == ti; i++) status[order[i]] ? d++ : c++;
        s *= (at_risk - d) / at_risk;
        /* Greenwood's sum; a step to 0 makes it infinite, as survfit's std.err. */
        if (at_risk > d) greenwood += d / (at_risk * (at_risk - d));
        else if (d > 0) greenwood = INFINITY;
        km->time[t] = ti, km->n_risk[t] = at_risk, km->n_event[t] = d, km->n_censor[t] = c;
        km->surv[t] = s;
        km->std_err[t] = sqrt(greenwood);
        km_interval(opts->ci, z, s, km->std_err[t], &km->lower[t], &km->upper[t]);
        km->n_events += (size_t)d;
        t++;
    }
    km->n_times = t;
    km->max_time = t ? km->time[t - 1] : NAN;
    free(order);
    onc_km_quantile(km, 0.5, &km->median, &km->median_lower, &km->median_upper);
    return ONC_OK;
}

double onc_km_surv_at(const onc_km_t *km, double t)
{
    double s = 1;
    for (size_t i = 0; i < km->n_times && km->time[i] <= t; i++) s = km->surv[i];
    return s;
}

double onc_km_n_risk_at(const onc_km_t *km, double t)
{
    for (size_t i = 0; i < km->n_times; i++)
        if (km->time[i] >= t) return km->n_risk[i];
    return 0;
}

/* quantile.survfit's findq on the curve 1 - s (s the estimate or one of its bounds): the first
 * time where it reaches p; where it is flat at p (within tol) the midpoint of that stretch up to
 * the next drop, or its start when the curve ends there. NaN where R gives NA. */
static double km_findq(const onc_km_t *km, const double *s, double p)
{
    const double tol = 1.4901161193847656e-08; /* sqrt(.Machine$double.eps) */
    size_t n = km->n_times;
    /* x = (0, times), y = (0, 1 - s): the first of each run of equal y, NaN points kept as one
     * run as R's duplicated() does, then dropped as approx() does. */
    double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
    if (!x || !y) {
        free(x), free(y);
        return NAN;
    }
    size_t k = 0;
    bool seen_nan = false, last_is_nan = false;
    double ymax = -INFINITY;
    x[k] = 0, y[k] = 0, k++;
    for (size_t i = 0; i < n; i++) {
        double yi = 1 - s[i];
        if (isnan(yi)) {
            if (!seen_nan) last_is_nan = true;
            seen_nan = true;
            continue;
        }
        /* 1 - s is monotone but for the bounds, whose only repeats of an earlier value in practice
         * are at 0 (an upper bound held at 1), which the first point already has. */
        if (yi == y[k - 1] || yi == 0) continue;
        last_is_nan = false;
        x[k] = km->time[i], y[k] = yi, k++;
        if (yi > ymax) ymax = yi;
    }
    double q = NAN;
    if (ymax < p && 0 < p) goto done;
    {
        /* approx(y +- tol, 1:n, p, "constant", f = 1) sorts by y: the point with the smallest y
         * at or above p (for a monotone curve, the first one). */
        long i1 = -1, i2 = -1;
        for (size_t j = 0; j < k; j++) {
            if (y[j] + tol >= p && (i1 < 0 || y[j] < y[i1])) i1 = (long)j;
            if (y[j] - tol >= p && (i2 < 0 || y[j] < y[i2])) i2 = (long)j;
        }
        if (i1 >= 0 && i2 >= 0) q = (x[i1] + x[i2]) / 2;
        if (p == 0) q = x[0];
        /* a curve that ends flat at p (its last times censored) has no later drop to take the
         * midpoint with: R gives the time it reached p (survival 3.5-3: Surv(c(60, 100), c(1, 0))
         * has median 60) */
        if (!last_is_nan && fabs(p - y[k - 1]) < tol && i1 >= 0) q = x[i1];
    }
done:
    free(x), free(y);
    return q;
}

void onc_km_quantile(const onc_km_t *km, double p, double *q, double *lower, double *upper)
{
    *q = *lower = *upper = NAN;
    if (km->n_times == 0) return;
    *q = km_findq(km, km->surv, p);
    *lower = km_findq(km, km->lower, p);
    *upper = km_findq(km, km->upper, p);
}

onc_rc onc_km_rmst(const onc_km_t *km, double tau, double *rmst, double *se, onc_err_t *err)
{
    *rmst = *se = NAN;
    if (km->n_times == 0) return onc_err_set(err, ONC_EINVAL, "no observations for the restricted mean");
    /* Beyond the last time the curve is held flat, as survival's print(fit, rmean=tau) does;
     * survRM2 refuses such a tau, and the command's default never needs it. */
    if (!(tau > 0) || !isfinite(tau)) return onc_err_set(err, ONC_EINVAL, "tau %g is not a positive time", tau);
    /* The area after each time t_k (to the next time or tau) is (t_{k+1} - t_k) S(t_k); the
     * variance sums, over event times, d/(n(n-d)) times the square of the area from t_k to tau. */
    size_t m = 0;
    while (m < km->n_times && km->time[m] <= tau) m++;
    double area = m ? km->time[0] : tau, tail = 0, var = 0;
    for (size_t k = m; k-- > 0;) {
        double next = k + 1 < m ? km->time[k + 1] : tau;
        double a = (next - km->time[k]) * km->surv[k];
        area += a;
        tail += a;
        double nr = km->n_risk[k], d = km->n_event[k];
        if (nr > d) var += tail * tail * d / (nr * (nr - d));
    }
    *rmst = area;
    *se = sqrt(var);
    return ONC_OK;
}

double onc_surv_z(double conf_level) { return surv_norm_z(conf_level); }

void onc_rmst_compare(double rmst0, double se0, double rmst1, double se1, double conf_level, onc_rmst_cmp_t *out)
{
    double z = surv_norm_z(conf_level);
    out->diff = rmst1 - rmst0;
    out->diff_se = sqrt(se0 * se0 + se1 * se1);
    out->diff_lower = out->diff - z * out->diff_se;
    out->diff_upper = out->diff + z * out->diff_se;
    out->diff_p = surv_norm_p2(out->diff / out->diff_se);
    double lr = log(rmst1 / rmst0), lse = sqrt(pow(se0 / rmst0, 2) + pow(se1 / rmst1, 2));
    out->ratio = rmst1 / rmst0;
    out->ratio_lower = exp(lr - z * lse);
    out->ratio_upper = exp(lr + z * lse);
    out->ratio_p = surv_norm_p2(lr / lse);
}
