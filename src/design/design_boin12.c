/* design_boin12.c: BOIN12, the optimal biological dose from toxicity and efficacy (design.h;
 * research/dose-finding.md section 7: Lin, Zhou, Yuan et al. 2020 JCO Precis Oncol, as the R
 * package escalation 0.2.3 implements it).
 *
 * Each patient's outcome is one of four (DLT or not, response or not), scored by the utility
 * table (100 for a response without DLT, 0 for a DLT without response, u_neither and u_both in
 * between). A dose's data become a quasi-binomial count x = sum(utility) / 100 out of n, and its
 * rank-based desirability score is 100 Pr(U > u_b / 100) with U ~ Beta(1 + x, 1 + n - x) and u_b
 * the benchmark halfway between the utility of a barely acceptable dose and 100. Toxicity keeps
 * BOIN's boundaries (lambda_e, lambda_d of the toxicity target); a dose is inadmissible when
 * Pr(pT > phi_t) or Pr(pE < phi_e) reaches its cut-off, and toxicity at a dose with 3 or more
 * patients also eliminates it and those above for the rest of the trial (as BOIN). The decision and the
 * final OBD follow design_boin12_int.h's shared step so that `next`, `select` and the simulation
 * decide by one piece of code.
 */
#include "design/design_boin12_int.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const onc_boin12_decision_names[] = {"escalate", "stay", "deescalate", "stop_toxic", "stop_none_admissible",
                                                 "stop_select", NULL};

void onc_boin12_params_init(onc_boin12_params_t *p, double phi_t, double phi_e)
{
    memset(p, 0, sizeof *p);
    p->phi_t = phi_t;
    p->phi_e = phi_e;
    p->u_neither = 40;
    p->u_both = 60;
    p->c_t = 0.95;
    p->c_e = 0.9;
    p->n_star = 6;
    p->n_explore = 8;
    p->n_earlystop = 100;
}

void boin12_tox_params(const onc_boin12_params_t *p, onc_boin_params_t *out)
{
    onc_boin_params_init(out, p->phi_t);
    out->cutoff_eli = p->c_t;
}

onc_rc onc_boin12_check(const onc_boin12_params_t *p, onc_err_t *err)
{
    onc_boin_params_t t;
    boin12_tox_params(p, &t);
    onc_rc rc = onc_boin_check(&t, err);
    if (rc != ONC_OK) return rc;
    if (!(p->phi_e > 0 && p->phi_e < 1))
        return onc_err_set(err, ONC_EINVAL, "efficacy target %g: the lowest acceptable response rate must be in (0, 1)",
                           p->phi_e);
    if (!(p->u_neither >= 0 && p->u_neither <= 100) || !(p->u_both >= 0 && p->u_both <= 100))
        return onc_err_set(err, ONC_EINVAL, "utilities %g (neither) and %g (both): each must be in [0, 100] (a response "
                                            "without DLT scores 100, a DLT without response 0)", p->u_neither, p->u_both);
    if (!(p->c_e > 0.5 && p->c_e < 1))
        return onc_err_set(err, ONC_EINVAL, "futility cut-off %g: must be between 0.5 and 1", p->c_e);
    if (p->n_star < 1 || p->n_explore < 1 || p->n_earlystop < 1)
        return onc_err_set(err, ONC_EINVAL, "N* %d, exploration %d, n.earlystop %d: each must be at least 1", p->n_star,
                           p->n_explore, p->n_earlystop);
    return ONC_OK;
}

double onc_boin12_benchmark(const onc_boin12_params_t *p)
{
    double t = p->phi_t, e = p->phi_e;
    double bar = 100 * e * (1 - t) + p->u_neither * (1 - t) * (1 - e) + p->u_both * t * e; /* + 0 t (1 - e) */
    return bar + (100 - bar) / 2;
}

/* The quasi-binomial count: the dose's summed utility over 100. */
static double utility_count(const onc_boin12_params_t *p, const onc_boin12_dose_t *d)
{
    int eff_only = d->eff - d->both, neither = d->n - d->tox - d->eff + d->both;
    return (100.0 * eff_only + p->u_neither * neither + p->u_both * d->both) / 100.0;
}

double boin12_desirability_at(const onc_boin12_params_t *p, double ub, const onc_boin12_dose_t *d)
{
    double x = utility_count(p, d);
    return 100 * gsl_cdf_beta_Q(ub / 100, 1 + x, 1 + d->n - x);
}

double onc_boin12_desirability(const onc_boin12_params_t *p, const onc_boin12_dose_t *d)
{
    return boin12_desirability_at(p, onc_boin12_benchmark(p), d);
}

double onc_boin12_pr_toxic(const onc_boin12_params_t *p, const onc_boin12_dose_t *d)
{
    return gsl_cdf_beta_Q(p->phi_t, 1.0 + d->tox, 1.0 + d->n - d->tox);
}

double onc_boin12_pr_futile(const onc_boin12_params_t *p, const onc_boin12_dose_t *d)
{
    return gsl_cdf_beta_P(p->phi_e, 1.0 + d->eff, 1.0 + d->n - d->eff);
}

bool onc_boin12_admissible(const onc_boin12_params_t *p, const onc_boin12_dose_t *d)
{
    return onc_boin12_pr_toxic(p, d) < p->c_t && onc_boin12_pr_futile(p, d) < p->c_e;
}

/* ---- the context: tables when simulating, direct computation otherwise ---- */

void boin12_ctx_init(boin12_ctx_t *c, const onc_boin12_params_t *p)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    boin12_tox_params(p, &c->tox);
    onc_boin_lambdas(&c->tox, &c->le, &c->ld);
    c->ub = onc_boin12_benchmark(p);
}

static bool too_toxic(const boin12_ctx_t *c, const onc_boin12_dose_t *d)
{
    if (c->toxic && d->n <= c->max_n) return c->toxic[d->n * (c->max_n + 1) + d->tox];
    return onc_boin12_pr_toxic(c->p, d) >= c->p->c_t;
}

static bool futile(const boin12_ctx_t *c, const onc_boin12_dose_t *d)
{
    if (c->futile && d->n <= c->max_n) return c->futile[d->n * (c->max_n + 1) + d->eff];
    return onc_boin12_pr_futile(c->p, d) >= c->p->c_e;
}

static bool admissible(const boin12_ctx_t *c, const onc_boin12_dose_t *d)
{
    return !too_toxic(c, d) && !futile(c, d);
}

/* ---- the next dose ---- */

static void say(onc_boin12_next_t *out, onc_boin12_decision d, int next, const char *fmt, ...) ONC_PRINTF(4, 5);
static void say(onc_boin12_next_t *out, onc_boin12_decision d, int next, const char *fmt, ...)
{
    out->decision = d;
    out->next_dose = next;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->rule, sizeof out->rule, fmt, ap);
    va_end(ap);
}

/* The most desirable admissible dose in [lo, hi], or -1; ties to the higher dose when
 * higher_on_ties (the trialdesign.org app's rule among d-1, d, d+1), else to the lower (between
 * d-1 and d, as escalation); des[] receives each considered dose's score. */
static int most_desirable(const boin12_ctx_t *c, const onc_boin12_dose_t *doses, int lo, int hi, bool higher_on_ties,
                          double *des)
{
    int best = -1;
    double top = -1;
    for (int j = lo; j <= hi; j++) {
        if (!admissible(c, &doses[j])) continue;
        des[j] = boin12_desirability_at(c->p, c->ub, &doses[j]);
        if (des[j] > top || (higher_on_ties && des[j] == top)) top = des[j], best = j;
    }
    return best;
}

/* The choice among the candidates once toxicity allows it (research 7's last two rules). */
static void choose(const boin12_ctx_t *c, const onc_boin12_dose_t *doses, int d, int top, onc_boin12_next_t *out)
{
    const onc_boin12_dose_t *x = &doses[d];
    double rate = (double)x->tox / x->n;
    bool narrow = rate > c->le && x->n >= c->p->n_star; /* the stay region, enough patients: d-1 or d */
    int lo = d > 0 ? d - 1 : 0, hi = narrow ? d : (d + 1 <= top ? d + 1 : top);
    if (hi > top) hi = top;
    int best = most_desirable(c, doses, lo, hi, !narrow, out->desirability);
    const char *why = narrow ? "DLT rate between lambda_e and lambda_d with >= N* patients" : "the DLT rate allows it";
    if (best < 0) {
        say(out, ONC_BOIN12_STOP_NONE, d, "none of doses %d-%d is admissible (too toxic or futile): stop, no OBD",
            lo + 1, hi + 1);
        return;
    }
    say(out, best > d ? ONC_BOIN12_ESCALATE : best < d ? ONC_BOIN12_DEESCALATE : ONC_BOIN12_STAY, best,
        "%d/%d DLT, %d/%d responses at dose %d (%s): the most desirable admissible of doses %d-%d is %d (score %.1f)",
        x->tox, x->n, x->eff, x->n, d + 1, why, lo + 1, hi + 1, best + 1, out->desirability[best]);
}

void boin12_step(const boin12_ctx_t *c, const onc_boin12_dose_t *doses, int n_doses, int d, int elim,
                 onc_boin12_next_t *out)
{
    for (int j = 0; j < ONC_DESIGN_MAX_DOSES; j++) out->desirability[j] = NAN;
    const onc_boin12_dose_t *x = &doses[d];
    if (x->n >= 3 && too_toxic(c, x) && (elim < 0 || d < elim)) elim = d; /* BOIN's elimination: from 3 patients */
    out->eliminated_from = elim;
    int top = elim >= 0 ? elim - 1 : n_doses - 1;
    double rate = (double)x->tox / x->n;
    if (elim == 0) {
        say(out, ONC_BOIN12_STOP_TOXIC, d, "dose 1 is too toxic (Pr(DLT rate > %g) >= %g): stop, no OBD", c->p->phi_t,
            c->p->c_t);
    } else if (d > top || rate >= c->ld) {
        if (d > 0)
            say(out, ONC_BOIN12_DEESCALATE, d - 1, "%d/%d DLT at dose %d%s: de-escalate", x->tox, x->n, d + 1,
                d > top ? " (eliminated for toxicity)" : " >= lambda_d");
        else say(out, ONC_BOIN12_STAY, d, "%d/%d DLT >= lambda_d at the lowest dose: stay", x->tox, x->n);
    } else if (x->n > c->p->n_explore && d < top && doses[d + 1].n == 0) {
        say(out, ONC_BOIN12_ESCALATE, d + 1, "%d patients at dose %d > %d, DLT rate below lambda_d and dose %d untried: "
                                             "escalate to explore", x->n, d + 1, c->p->n_explore, d + 2);
    } else {
        choose(c, doses, d, top, out);
    }
    if (out->decision <= ONC_BOIN12_DEESCALATE && doses[out->next_dose].n >= c->p->n_earlystop) {
        char then[sizeof out->rule];
        memcpy(then, out->rule, sizeof then);
        say(out, ONC_BOIN12_STOP_SELECT, out->next_dose, "%.160s; dose %d already has %d >= n.earlystop %d patients: "
            "stop and select the OBD", then, out->next_dose + 1, doses[out->next_dose].n, c->p->n_earlystop);
    }
}

static onc_rc check_doses(const onc_boin12_dose_t *doses, int n_doses, onc_err_t *err)
{
    if (n_doses < 1 || n_doses > ONC_DESIGN_MAX_DOSES)
        return onc_err_set(err, ONC_EINVAL, "%d doses: between 1 and %d are possible", n_doses, ONC_DESIGN_MAX_DOSES);
    for (int j = 0; j < n_doses; j++) {
        const onc_boin12_dose_t *d = &doses[j];
        if (d->n < 0 || d->n > ONC_DESIGN_MAX_N || d->tox < 0 || d->eff < 0 || d->both < 0)
            return onc_err_set(err, ONC_EINVAL, "dose %d: counts must be between 0 and %d", j + 1, ONC_DESIGN_MAX_N);
        if (d->tox > d->n || d->eff > d->n)
            return onc_err_set(err, ONC_EINVAL, "dose %d: %d DLTs and %d responses in %d patients (more than the "
                                                "patients)", j + 1, d->tox, d->eff, d->n);
        if (d->both > d->tox || d->both > d->eff || d->tox + d->eff - d->both > d->n)
            return onc_err_set(err, ONC_EINVAL, "dose %d: %d patients with both a DLT and a response do not fit %d "
                                                "DLTs and %d responses in %d patients", j + 1, d->both, d->tox, d->eff, d->n);
    }
    return ONC_OK;
}

onc_rc onc_boin12_next(const onc_boin12_params_t *p, const onc_boin12_dose_t *doses, int n_doses, int current,
                       int eliminated_from, onc_boin12_next_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = onc_boin12_check(p, err);
    if (rc == ONC_OK) rc = check_doses(doses, n_doses, err);
    if (rc == ONC_OK && (current < 0 || current >= n_doses))
        rc = onc_err_set(err, ONC_EINVAL, "current dose %d: no such dose", current + 1);
    if (rc == ONC_OK && doses[current].n == 0)
        rc = onc_err_set(err, ONC_EINVAL, "current dose %d: no patient treated there", current + 1);
    if (rc != ONC_OK) return rc;
    boin12_ctx_t c;
    boin12_ctx_init(&c, p);
    boin12_step(&c, doses, n_doses, current, eliminated_from >= 0 && eliminated_from < n_doses ? eliminated_from : -1,
                out);
    return ONC_OK;
}

/* ---- the OBD ---- */

int boin12_select_rows(const boin12_ctx_t *c, const onc_boin_row_t *rows, const onc_boin12_dose_t *doses, int n_doses,
                       int *mtd, double *tox_isotonic)
{
    int n[ONC_DESIGN_MAX_DOSES] = {0}, y[ONC_DESIGN_MAX_DOSES] = {0};
    for (int j = 0; j < n_doses; j++) n[j] = doses[j].n, y[j] = doses[j].tox;
    *mtd = boin_select_rows(&c->tox, rows, n, y, n_doses, tox_isotonic);
    int obd = -1;
    double best = -1;
    for (int j = 0; j <= *mtd; j++) { /* strictly greater: the lower dose on ties */
        if (doses[j].n == 0 || !admissible(c, &doses[j])) continue;
        double des = boin12_desirability_at(c->p, c->ub, &doses[j]);
        if (des > best) best = des, obd = j;
    }
    return obd;
}

onc_rc onc_boin12_select(const onc_boin12_params_t *p, const onc_boin12_dose_t *doses, int n_doses,
                         onc_boin12_selection_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    out->obd = out->mtd = -1;
    onc_rc rc = onc_boin12_check(p, err);
    if (rc == ONC_OK) rc = check_doses(doses, n_doses, err);
    if (rc != ONC_OK) return rc;
    boin12_ctx_t c;
    boin12_ctx_init(&c, p);
    int max_n = 0;
    for (int j = 0; j < n_doses; j++) max_n = doses[j].n > max_n ? doses[j].n : max_n;
    onc_boin_row_t *rows = NULL;
    rc = onc_boin_rows(&c.tox, max_n, &rows, err);
    if (rc != ONC_OK) return rc;
    out->obd = boin12_select_rows(&c, rows, doses, n_doses, &out->mtd, out->tox_isotonic);
    free(rows);
    for (int j = 0; j < n_doses; j++) {
        const onc_boin12_dose_t *d = &doses[j];
        bool treated = d->n > 0;
        out->eff_rate[j] = treated ? (double)d->eff / d->n : NAN;
        out->utility[j] = treated ? 100 * utility_count(p, d) / d->n : NAN;
        out->desirability[j] = treated ? boin12_desirability_at(p, c.ub, d) : NAN;
    }
    return ONC_OK;
}
