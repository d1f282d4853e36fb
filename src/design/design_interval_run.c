/* design_interval_run.c: running a trial by an interval design (Keyboard, mTPI-2, mTPI, i3+3;
 * design.h, research/dose-finding.md 4 and 4.2): the next cohort's dose, the MTD at the end,
 * and operating characteristics.
 *
 * The decisions are design_interval.c's, as a decision table of the same shape as BOIN's
 * (escalate up to y, de-escalate from y, eliminate from y), so that `next` and the simulator
 * conduct the trial by BOIN's code (design_boin.c's boin_step, design_sim.c): the designs share
 * BOIN's conduct, and DU eliminates the dose and those above for the rest of the trial. The MTD
 * at the end is BOIN's for Keyboard (its package selects as BOIN does); for mTPI, mTPI-2 and
 * i3+3 it is the dose whose isotonic Beta(1, 1) posterior mean is closest to the target (Ji et
 * al. 2010, Guo et al. 2017; the rule of the R package escalation's select_mtpi2_mtd for ties).
 * escalation pools untreated doses into the isotonic regression and eliminates at n >= 2 on the
 * isotonic estimates; here only treated doses count and elimination is the designs' own (n >=
 * 3, raw counts), as BOIN's selection does. i3+3's paper was not available: it selects as
 * mTPI-2 here, which is unverified.
 */
#include "design/design_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ELIMINATION_CUTOFF 0.95

/* The decision table of a design at k patients, k = 0..max_n (free()). */
static onc_rc rows_of(onc_interval_design design, double target, double margin, int max_n, onc_boin_row_t **rows,
                      onc_err_t *err)
{
    return onc_interval_rows(design, target, margin, margin, max_n, rows, err);
}

onc_rc onc_interval_next(onc_interval_design design, double target, double margin, const int *n, const int *y,
                         int n_doses, int current, int eliminated_from, onc_boin_next_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = design_check_counts(n, y, n_doses, err);
    if (rc == ONC_OK && (current < 0 || current >= n_doses))
        rc = onc_err_set(err, ONC_EINVAL, "current dose %d: no such dose", current + 1);
    if (rc == ONC_OK && n[current] == 0)
        rc = onc_err_set(err, ONC_EINVAL, "current dose %d: no patient treated there", current + 1);
    onc_boin_row_t *rows = NULL;
    if (rc == ONC_OK) rc = rows_of(design, target, margin, n[current], &rows, err);
    if (rc != ONC_OK) return rc;
    onc_boin_params_t p; /* BOIN's conduct: n.earlystop off, no extra-safe stop */
    onc_boin_params_init(&p, target);
    boin_step(&p, &rows[n[current]], y[current], n_doses, current,
              eliminated_from >= 0 && eliminated_from < n_doses ? eliminated_from : -1, out);
    free(rows);
    return ONC_OK;
}

/* The lowest dose eliminated by the final data (n >= 3 and Pr(rate > target) > 0.95), or -1. */
static int eliminated(double target, const int *n, const int *y, int n_doses)
{
    for (int j = 0; j < n_doses; j++)
        if (n[j] >= 3 && onc_boin_pr_above(target, y[j], n[j]) > ELIMINATION_CUTOFF) return j;
    return -1;
}

/* Isotonic Beta(1, 1) posterior means over the doses with keep[j], weighted by the inverse
 * posterior variances; NaN elsewhere. */
static void isotonic_means(const int *n, const int *y, int n_doses, const bool *keep, double *est)
{
    double v[ONC_DESIGN_MAX_DOSES] = {0}, w[ONC_DESIGN_MAX_DOSES] = {0};
    size_t k = 0;
    for (int j = 0; j < n_doses; j++) {
        if (!keep[j]) continue;
        double a = y[j] + 1.0, b = n[j] - y[j] + 1.0, s = a + b;
        v[k] = a / s;
        w[k++] = s * s * (s + 1) / (a * b);
    }
    onc_pava(v, w, k);
    k = 0;
    for (int j = 0; j < n_doses; j++) est[j] = keep[j] ? v[k++] : NAN;
}

/* The admissible dose closest to the target; ties: the highest tied dose when the tied estimates'
 * mean is below the target, else the lowest (escalation's select_mtpi2_mtd). */
static int closest_with_ties(double target, const double *est, const bool *admissible, int n_doses)
{
    double best = INFINITY;
    for (int j = 0; j < n_doses; j++)
        if (admissible[j] && fabs(est[j] - target) < best) best = fabs(est[j] - target);
    int lo = -1, hi = -1, tied = 0;
    double sum = 0;
    for (int j = 0; j < n_doses; j++) {
        if (!admissible[j] || fabs(fabs(est[j] - target) - best) > 1e-12) continue;
        if (lo < 0) lo = j;
        hi = j, tied++, sum += est[j];
    }
    if (lo < 0) return -1;
    return sum / tied < target - 1e-12 ? hi : lo;
}

static int select_isotonic(double target, const int *n, const int *y, int n_doses, double *estimates)
{
    bool treated[ONC_DESIGN_MAX_DOSES] = {0}, admissible[ONC_DESIGN_MAX_DOSES] = {0};
    int elim = eliminated(target, n, y, n_doses);
    for (int j = 0; j < n_doses; j++) {
        treated[j] = n[j] > 0;
        admissible[j] = treated[j] && (elim < 0 || j < elim);
    }
    if (estimates) isotonic_means(n, y, n_doses, treated, estimates);
    double est[ONC_DESIGN_MAX_DOSES];
    isotonic_means(n, y, n_doses, admissible, est);
    return elim == 0 ? -1 : closest_with_ties(target, est, admissible, n_doses);
}

onc_rc onc_interval_select(onc_interval_design design, double target, const int *n, const int *y, int n_doses, int *mtd,
                           double *estimates, onc_err_t *err)
{
    *mtd = -1;
    if (design == ONC_INTERVAL_KEYBOARD) {
        onc_boin_params_t p;
        onc_boin_params_init(&p, target);
        return onc_boin_select(&p, n, y, n_doses, mtd, estimates, err);
    }
    if (!(target > 0 && target < 1)) return onc_err_set(err, ONC_EINVAL, "target %g: must be in (0, 1)", target);
    onc_rc rc = design_check_counts(n, y, n_doses, err);
    if (rc == ONC_OK) *mtd = select_isotonic(target, n, y, n_doses, estimates);
    return rc;
}

/* The simulator's hook: the MTD of a simulated trial by the isotonic rule. */
static int select_hook(const void *ctx, const int *n, const int *y, int n_doses)
{
    return select_isotonic(*(const double *)ctx, n, y, n_doses, NULL);
}

onc_rc onc_interval_simulate(onc_interval_design design, double target, double margin, const double *truth, int n_doses,
                             const onc_boin_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    if (design == ONC_INTERVAL_KEYBOARD) return onc_keyboard_simulate(target, margin, truth, n_doses, o, out, err);
    onc_boin_params_t p;
    onc_boin_params_init(&p, target);
    onc_boin_row_t *rows = NULL;
    onc_rc rc = rows_of(design, target, margin, o->n_cohorts * o->cohort_size, &rows, err);
    if (rc == ONC_OK)
        rc = design_simulate_rows_select(&p, rows, select_hook, &target, truth, n_doses, o, out, err);
    free(rows);
    return rc;
}
