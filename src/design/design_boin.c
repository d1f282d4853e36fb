/* design_boin.c: BOIN for a single agent: boundaries, the decision table, the next dose and the
 * MTD (design.h; research/dose-finding.md section 1, the R package BOIN 2.7.2's rules).
 *
 * The inequalities are part of the specification and kept exactly: escalate when y <=
 * floor(lambda_e n); de-escalate when y >= ceil(lambda_d n), or lambda_d n + 1 when lambda_d n
 * is an integer (2.7.2 de-escalates only above lambda_d); eliminate when Pr(p > phi) > cutoff
 * (strict), the de-escalation boundary capped at the elimination one. Probabilities come from
 * GSL's beta distribution (no hand-written special function).
 */
#include "design/design_int.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const onc_boin_decision_names[] = {"escalate", "stay", "deescalate", "stop_toxic", "stop_select", NULL};

void onc_boin_params_init(onc_boin_params_t *p, double target)
{
    memset(p, 0, sizeof *p);
    p->target = target;
    p->phi1 = 0.6 * target;
    p->phi2 = 1.4 * target;
    p->cutoff_eli = 0.95;
    p->offset = 0.05;
    p->n_earlystop = 100;
}

onc_rc onc_boin_check(const onc_boin_params_t *p, onc_err_t *err)
{
    double phi = p->target;
    if (!(phi >= 0.05 && phi <= 0.6))
        return onc_err_set(err, ONC_EINVAL, "target %g: BOIN takes a target DLT rate between 0.05 and 0.6", phi);
    if (!(p->phi1 >= 0 && phi - p->phi1 >= 0.1 * phi - 1e-12))
        return onc_err_set(err, ONC_EINVAL, "phi1 %g: must be at least 0 and at most 0.9 x the target (%g)", p->phi1, 0.9 * phi);
    if (!(p->phi2 < 1 && p->phi2 - phi >= 0.1 * phi - 1e-12))
        return onc_err_set(err, ONC_EINVAL, "phi2 %g: must be below 1 and at least 1.1 x the target (%g)", p->phi2, 1.1 * phi);
    if (!(p->cutoff_eli > 0.5 && p->cutoff_eli < 1))
        return onc_err_set(err, ONC_EINVAL, "elimination cut-off %g: must be between 0.5 and 1", p->cutoff_eli);
    if (!(p->offset >= 0 && p->offset < 0.5))
        return onc_err_set(err, ONC_EINVAL, "offset %g: must be at least 0 and below 0.5", p->offset);
    if (p->n_earlystop < 1) return onc_err_set(err, ONC_EINVAL, "n.earlystop %d: must be at least 1", p->n_earlystop);
    return ONC_OK;
}

void onc_boin_lambdas(const onc_boin_params_t *p, double *lambda_e, double *lambda_d)
{
    double phi = p->target, p1 = p->phi1, p2 = p->phi2;
    *lambda_e = log((1 - p1) / (1 - phi)) / log(phi * (1 - p1) / (p1 * (1 - phi)));
    *lambda_d = log((1 - phi) / (1 - p2)) / log(p2 * (1 - phi) / (phi * (1 - p2)));
}

double onc_boin_pr_above(double phi, int y, int n)
{
    return gsl_cdf_beta_Q(phi, y + 1.0, n - y + 1.0);
}

/* The smallest y in 1..n with Pr(p > phi | y, n) > cutoff, or -1 (always -1 for n < 3). */
static int first_above(double phi, int n, double cutoff)
{
    if (n < 3) return -1;
    for (int y = 1; y <= n; y++)
        if (onc_boin_pr_above(phi, y, n) > cutoff) return y;
    return -1;
}

void onc_boin_row(const onc_boin_params_t *p, int n, onc_boin_row_t *out)
{
    double le, ld;
    onc_boin_lambdas(p, &le, &ld);
    out->n = n;
    out->escalate_le = (int)floor(le * n);
    double d = ld * n;
    out->deescalate_ge = fabs(d - round(d)) < 1e-12 ? (int)round(d) + 1 : (int)ceil(d);
    out->eliminate_ge = first_above(p->target, n, p->cutoff_eli);
    out->stop_ge = p->extrasafe ? first_above(p->target, n, p->cutoff_eli - p->offset) : -1;
    if (out->eliminate_ge >= 0 && out->deescalate_ge > out->eliminate_ge) out->deescalate_ge = out->eliminate_ge;
}

/* ---- the next dose ---- */

onc_rc design_check_counts(const int *n, const int *y, int n_doses, onc_err_t *err)
{
    if (n_doses < 1 || n_doses > ONC_DESIGN_MAX_DOSES)
        return onc_err_set(err, ONC_EINVAL, "%d doses: between 1 and %d are possible", n_doses, ONC_DESIGN_MAX_DOSES);
    for (int j = 0; j < n_doses; j++) {
        if (n[j] < 0 || y[j] < 0 || n[j] > ONC_DESIGN_MAX_N)
            return onc_err_set(err, ONC_EINVAL, "dose %d: counts must be between 0 and %d", j + 1, ONC_DESIGN_MAX_N);
        if (y[j] > n[j])
            return onc_err_set(err, ONC_EINVAL, "dose %d: %d DLTs in %d patients (more DLTs than patients)", j + 1, y[j], n[j]);
    }
    return ONC_OK;
}

static void say(onc_boin_next_t *out, onc_boin_decision d, int next, const char *fmt, ...) ONC_PRINTF(4, 5);
static void say(onc_boin_next_t *out, onc_boin_decision d, int next, const char *fmt, ...)
{
    out->decision = d;
    out->next_dose = next;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->rule, sizeof out->rule, fmt, ap);
    va_end(ap);
}

/* Steps 3-4 of research 1.3 at dose d with row r: n.earlystop, then the boundaries. */
static void decide(const onc_boin_params_t *p, const onc_boin_row_t *r, int y, int n_doses, int d, int elim,
                   onc_boin_next_t *out)
{
    int top = elim >= 0 ? elim - 1 : n_doses - 1; /* the highest dose still open */
    int esc = r->escalate_le, deesc = r->deescalate_ge, n = r->n;
    bool stays = (y > esc && y < deesc) || (d == 0 && y >= deesc) || (d >= top && y <= esc);
    if (n >= p->n_earlystop && stays)
        say(out, ONC_BOIN_STOP_SELECT, d, "%d patients at dose %d >= n.earlystop %d, and the trial would stay there: "
                                          "stop and select the MTD", n, d + 1, p->n_earlystop);
    else if (y <= esc && d < top)
        say(out, ONC_BOIN_ESCALATE, d + 1, "%d DLT <= %d at n = %d: escalate", y, esc, n);
    else if (y <= esc)
        say(out, ONC_BOIN_STAY, d, "%d DLT <= %d at n = %d, but no higher dose is open: stay", y, esc, n);
    else if (y >= deesc && d > 0)
        say(out, ONC_BOIN_DEESCALATE, d - 1, "%d DLT >= %d at n = %d: de-escalate", y, deesc, n);
    else if (y >= deesc)
        say(out, ONC_BOIN_STAY, d, "%d DLT >= %d at n = %d at the lowest dose: stay", y, deesc, n);
    else
        say(out, ONC_BOIN_STAY, d, "%d DLT between %d and %d at n = %d: stay", y, esc, deesc, n);
}

void boin_step(const onc_boin_params_t *p, const onc_boin_row_t *r, int y, int n_doses, int d, int elim,
               onc_boin_next_t *out)
{
    bool newly = r->eliminate_ge >= 0 && y >= r->eliminate_ge && (elim < 0 || d < elim);
    if (newly) elim = d;
    out->eliminated_from = elim;
    if (elim == 0)
        say(out, ONC_BOIN_STOP_TOXIC, d, "dose 1 is eliminated (%d DLT >= %d at n = %d): stop, no MTD", y,
            r->eliminate_ge, r->n);
    else if (d == 0 && r->stop_ge >= 0 && y >= r->stop_ge)
        say(out, ONC_BOIN_STOP_TOXIC, d, "extra-safe: %d DLT >= %d at n = %d at the lowest dose: stop, no MTD", y,
            r->stop_ge, r->n);
    else
        decide(p, r, y, n_doses, d, elim, out);
    if (newly && elim > 0) { /* say why the dose is closed before what follows */
        char then[sizeof out->rule];
        memcpy(then, out->rule, sizeof then);
        snprintf(out->rule, sizeof out->rule, "dose %d and above eliminated (%d DLT >= %d at n = %d); %.160s", d + 1, y,
                 r->eliminate_ge, r->n, then);
    }
}

onc_rc onc_boin_next(const onc_boin_params_t *p, const int *n, const int *y, int n_doses, int current,
                     int eliminated_from, onc_boin_next_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = onc_boin_check(p, err);
    if (rc == ONC_OK) rc = design_check_counts(n, y, n_doses, err);
    if (rc == ONC_OK && (current < 0 || current >= n_doses))
        rc = onc_err_set(err, ONC_EINVAL, "current dose %d: no such dose", current + 1);
    if (rc == ONC_OK && n[current] == 0)
        rc = onc_err_set(err, ONC_EINVAL, "current dose %d: no patient treated there", current + 1);
    if (rc != ONC_OK) return rc;
    onc_boin_row_t r;
    onc_boin_row(p, n[current], &r);
    boin_step(p, &r, y[current], n_doses, current, eliminated_from >= 0 && eliminated_from < n_doses ? eliminated_from : -1,
              out);
    return ONC_OK;
}

/* ---- the MTD ---- */

/* The lowest dose eliminated by the final data (research 1.4 step 1), or -1; rows[k] the
 * decision table at k patients (Pr(p > phi) grows with y, so "y >= eliminate_ge" is "Pr >
 * cut-off"). */
static int final_elimination(const onc_boin_params_t *p, const onc_boin_row_t *rows, const int *n, const int *y,
                             int n_doses)
{
    for (int j = 0; j < n_doses; j++)
        if (rows[n[j]].eliminate_ge >= 0 && y[j] >= rows[n[j]].eliminate_ge) return j;
    if (p->extrasafe && rows[n[0]].stop_ge >= 0 && y[0] >= rows[n[0]].stop_ge) return 0;
    return -1;
}

/* Isotonic estimates over the doses with keep[j] (Beta(0.05, 0.05) posterior means weighted by
 * their inverse variances); NaN elsewhere. */
static void isotonic(const int *n, const int *y, int n_doses, const bool *keep, double *est)
{
    double v[ONC_DESIGN_MAX_DOSES] = {0}, w[ONC_DESIGN_MAX_DOSES] = {0};
    size_t k = 0;
    for (int j = 0; j < n_doses; j++) {
        if (!keep[j]) continue;
        double yy = y[j] + 0.05, nn = n[j] + 0.1;
        v[k] = yy / nn;
        w[k++] = 1 / (yy * (n[j] - y[j] + 0.05) / (nn * nn * (nn + 1)));
    }
    onc_pava(v, w, k);
    k = 0;
    for (int j = 0; j < n_doses; j++) est[j] = keep[j] ? v[k++] : NAN;
}

int boin_select_rows(const onc_boin_params_t *p, const onc_boin_row_t *rows, const int *n, const int *y, int n_doses,
                     double *estimates)
{
    bool treated[ONC_DESIGN_MAX_DOSES] = {0}, admissible[ONC_DESIGN_MAX_DOSES] = {0};
    int elim = final_elimination(p, rows, n, y, n_doses), n_adm = 0, mtd = -1;
    for (int j = 0; j < n_doses; j++) {
        treated[j] = n[j] > 0;
        admissible[j] = treated[j] && (elim < 0 || j < elim);
        n_adm += admissible[j];
    }
    if (estimates) isotonic(n, y, n_doses, treated, estimates);
    if (elim == 0 || n_adm == 0) return -1;
    double est[ONC_DESIGN_MAX_DOSES], le, ld, best = INFINITY;
    isotonic(n, y, n_doses, admissible, est);
    onc_boin_lambdas(p, &le, &ld);
    int k = 0;
    for (int j = 0; j < n_doses; j++) {
        if (!admissible[j]) continue;
        double e = est[j] + ++k * 1e-10; /* ties: the lowest dose above the target, the highest below */
        if (p->bound_mtd && e > ld) continue;
        double dist = fabs(e - p->target);
        if (dist < best) best = dist, mtd = j;
    }
    return mtd;
}

onc_rc onc_boin_rows(const onc_boin_params_t *p, int max_n, onc_boin_row_t **out, onc_err_t *err)
{
    *out = NULL;
    if (max_n < 0 || max_n > ONC_DESIGN_MAX_N)
        return onc_err_set(err, ONC_EINVAL, "%d patients at a dose: at most %d", max_n, ONC_DESIGN_MAX_N);
    onc_boin_row_t *rows = malloc(((size_t)max_n + 1) * sizeof *rows);
    if (!rows) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (int k = 0; k <= max_n; k++) onc_boin_row(p, k, &rows[k]);
    *out = rows;
    return ONC_OK;
}

onc_rc onc_boin_select(const onc_boin_params_t *p, const int *n, const int *y, int n_doses, int *mtd,
                       double *estimates, onc_err_t *err)
{
    *mtd = -1;
    onc_rc rc = onc_boin_check(p, err);
    if (rc == ONC_OK) rc = design_check_counts(n, y, n_doses, err);
    int max_n = 0;
    for (int j = 0; rc == ONC_OK && j < n_doses; j++) max_n = n[j] > max_n ? n[j] : max_n;
    onc_boin_row_t *rows = NULL;
    if (rc == ONC_OK) rc = onc_boin_rows(p, max_n, &rows, err);
    if (rc == ONC_OK) *mtd = boin_select_rows(p, rows, n, y, n_doses, estimates);
    free(rows);
    return rc;
}
