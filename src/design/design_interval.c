/* design_interval.c: the interval designs' decisions: mTPI-2 (= Keyboard), mTPI and i3+3
 * (design.h; research/dose-finding.md section 4), and Keyboard's operating characteristics.
 *
 * Each decides from the posterior of the current dose's DLT rate under a Beta(1, 1) prior and an
 * equivalence interval EI = [target - eps1, target + eps2]: E (escalate), S (stay), D
 * (de-escalate), and DU (de-escalate and exclude this dose and those above; stop at dose 1) when
 * n >= 3 and Pr(rate > target) > 0.95, for all of them. mTPI-2 and Keyboard split [0, 1] into
 * keys as wide as EI (the end keys truncated) and follow the key with the largest probability
 * per unit length, ties going to the higher key as the Keyboard package does; mTPI uses three
 * intervals; i3+3 compares y/n with EI. Keyboard trials are simulated by BOIN's simulator over
 * Keyboard's own decision table: the two designs conduct and select alike (research 4).
 */
#include "design/design_int.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

const char *const onc_interval_decision_names[] = {"E", "S", "D", "DU", NULL};

/* Probability per unit length of the rate in [a, b] (a beta posterior). */
static double upm(double a, double b, int y, int n)
{
    if (b <= a) return 0;
    double ya = y + 1.0, yb = n - y + 1.0;
    return (gsl_cdf_beta_P(b, ya, yb) - gsl_cdf_beta_P(a, ya, yb)) / (b - a);
}

/* a is at least b, up to rounding: interval probabilities that are equal in exact arithmetic
 * (target 0.25, 1/2: 0.112/0.1 = 0.784/0.7) must tie, and ties go to the higher interval. */
static bool at_least(double a, double b)
{
    return a >= b - 1e-12 * fmax(fabs(a), fabs(b));
}

/* mTPI-2: the key of largest UPM, below EI, EI itself, or above (ties: the higher key). */
static onc_interval_decision keys(double lo, double hi, int y, int n)
{
    double w = hi - lo, best = -1;
    onc_interval_decision d = ONC_INTERVAL_S;
    int below = (int)ceil(lo / w - 1e-12), above = (int)ceil((1 - hi) / w - 1e-12);
    for (int k = below; k >= 1; k--) { /* lowest key first, so that a tie goes higher */
        double a = fmax(0, lo - k * w), b = lo - (k - 1) * w, u = upm(a, b, y, n);
        if (at_least(u, best)) best = u, d = ONC_INTERVAL_E;
    }
    double u = upm(lo, hi, y, n);
    if (at_least(u, best)) best = u, d = ONC_INTERVAL_S;
    for (int k = 1; k <= above; k++) {
        double a = hi + (k - 1) * w, b = fmin(1, hi + k * w);
        if (at_least(u = upm(a, b, y, n), best)) best = u, d = ONC_INTERVAL_D;
    }
    return d;
}

/* mTPI: three intervals, the largest UPM (ties: the higher interval). */
static onc_interval_decision three_intervals(double lo, double hi, int y, int n)
{
    double e = upm(0, lo, y, n), s = upm(lo, hi, y, n), d = upm(hi, 1, y, n);
    if (at_least(d, s) && at_least(d, e)) return ONC_INTERVAL_D;
    return at_least(s, e) ? ONC_INTERVAL_S : ONC_INTERVAL_E;
}

/* i3+3 (the FIND package's rule): y/n below EI escalate, in EI stay, above it stay when one DLT
 * fewer would be below EI, else de-escalate. */
static onc_interval_decision i3p3(double lo, double hi, int y, int n)
{
    double r = (double)y / n;
    if (r < lo) return ONC_INTERVAL_E;
    if (r <= hi) return ONC_INTERVAL_S;
    return (double)(y - 1) / n < lo ? ONC_INTERVAL_S : ONC_INTERVAL_D;
}

onc_interval_decision onc_interval_decide(onc_interval_design design, double target, double eps1, double eps2, int n,
                                          int y)
{
    if (n >= 3 && onc_boin_pr_above(target, y, n) > 0.95) return ONC_INTERVAL_DU;
    double lo = target - eps1, hi = target + eps2;
    switch (design) {
    case ONC_INTERVAL_MTPI: return three_intervals(lo, hi, y, n);
    case ONC_INTERVAL_I3P3: return i3p3(lo, hi, y, n);
    default: return keys(lo, hi, y, n);
    }
}

onc_rc onc_interval_rows(onc_interval_design design, double target, double eps1, double eps2, int max_n,
                         onc_boin_row_t **out, onc_err_t *err)
{
    *out = NULL;
    if (!(target > 0 && target < 1 && eps1 > 0 && eps2 > 0 && target - eps1 > 0 && target + eps2 < 1))
        return onc_err_set(err, ONC_EINVAL, "target %g with margins %g, %g: the interval must lie inside (0, 1)", target,
                           eps1, eps2);
    if (max_n < 0 || max_n > ONC_DESIGN_MAX_N)
        return onc_err_set(err, ONC_EINVAL, "%d patients at a dose: at most %d", max_n, ONC_DESIGN_MAX_N);
    onc_boin_row_t *rows = calloc((size_t)max_n + 1, sizeof *rows);
    if (!rows) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (int n = 0; n <= max_n; n++) {
        onc_boin_row_t *r = &rows[n];
        *r = (onc_boin_row_t){.n = n, .escalate_le = -1, .deescalate_ge = n + 1, .eliminate_ge = -1, .stop_ge = -1};
        for (int y = 0; y <= n; y++) {
            onc_interval_decision d = n ? onc_interval_decide(design, target, eps1, eps2, n, y) : ONC_INTERVAL_E;
            if (d == ONC_INTERVAL_E) r->escalate_le = y;
            if ((d == ONC_INTERVAL_D || d == ONC_INTERVAL_DU) && r->deescalate_ge > n) r->deescalate_ge = y;
            if (d == ONC_INTERVAL_DU && r->eliminate_ge < 0) r->eliminate_ge = y;
        }
    }
    *out = rows;
    return ONC_OK;
}

onc_rc onc_keyboard_simulate(double target, double margin, const double *truth, int n_doses,
                             const onc_boin_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err)
{
    onc_boin_params_t p;
    onc_boin_params_init(&p, target);
    onc_boin_row_t *rows = NULL;
    onc_rc rc = onc_interval_rows(ONC_INTERVAL_MTPI2, target, margin, margin, o->n_cohorts * o->cohort_size, &rows, err);
    if (rc == ONC_OK) rc = design_simulate_rows(&p, rows, truth, n_doses, o, out, err);
    free(rows);
    return rc;
}
