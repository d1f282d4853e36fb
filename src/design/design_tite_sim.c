/* design_tite_sim.c: TITE-BOIN's operating characteristics with accrual in time (design.h;
 * research/dose-finding.md 5, Yuan et al. 2018).
 *
 * Patients arrive one by one, at fixed intervals 1 / accrual or with exponential inter-arrival
 * times. Each draws one uniform u from the trial's own stream, as in BOIN's simulation (so that
 * with fixed arrivals patient k has the same outcome under BOIN and TITE-BOIN: common random
 * numbers): a DLT when u < p, at time window x u / p after inclusion, which is uniform within the
 * window given a DLT. Exponential gaps take a second uniform after it. Before each cohort after
 * the first, at its first patient's arrival, the current dose's data are read as they stand
 * then (DLTs seen so far, pending patients and their standardised follow-up STFT) and
 * design_tite.c's decision applies; when it says to suspend accrual, the patient waits until the
 * next DLT or end of follow-up at that dose and the decision is made again. The trial ends when
 * the last patient's follow-up ends (or at a stop); the MTD is BOIN's, from the complete data.
 * With a window of zero every outcome is known at once and the trial is BOIN's (tested).
 */
#include "design/design_int.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct tsim {
    const onc_boin_params_t *p;
    const onc_tite_sim_opts_t *o;
    const double *truth;
    int n_doses;
    const onc_boin_row_t *rows;
} tsim_t;

typedef struct patient {
    int dose;
    bool dlt;
    double enrol, end; /* end: the DLT's time, or the end of the window */
} patient_t;

/* The current dose's data at time t: patients, DLTs seen, pending and their STFT; *next_event
 * the earliest time after t at which a pending patient's outcome becomes known. */
static void look(const tsim_t *S, const patient_t *pt, int k, int d, double t, int *n, int *y, int *c, double *stft,
                 double *next_event)
{
    *n = *y = *c = 0, *stft = 0, *next_event = INFINITY;
    for (int i = 0; i < k; i++) {
        if (pt[i].dose != d) continue;
        (*n)++;
        if (pt[i].end <= t) {
            *y += pt[i].dlt;
            continue;
        }
        (*c)++;
        *stft += (t - pt[i].enrol) / S->o->window;
        if (pt[i].end < *next_event) *next_event = pt[i].end;
    }
}

/* The decision for the cohort arriving at *t at dose d: TITE-BOIN's, waiting while it says to
 * suspend (moving *t). */
static onc_tite_decision decide(const tsim_t *S, const patient_t *pt, int k, int d, double *t)
{
    for (;;) {
        int n, y, c;
        double stft, next, thr;
        look(S, pt, k, d, *t, &n, &y, &c, &stft, &next);
        onc_tite_decision dec = tite_decide_row(S->p, &S->rows[n], n, y, c, &thr);
        if (dec == ONC_TITE_ESCALATE_IF) return stft >= thr ? ONC_TITE_ESCALATE : ONC_TITE_STAY;
        if (dec == ONC_TITE_STAY_IF) return stft > thr ? ONC_TITE_STAY : ONC_TITE_DEESCALATE;
        if (dec != ONC_TITE_SUSPEND || !isfinite(next)) return dec == ONC_TITE_SUSPEND ? ONC_TITE_STAY : dec;
        *t = next;
    }
}

static void enrol(const tsim_t *S, gsl_rng *r, patient_t *p, int d, double t)
{
    double u = gsl_rng_uniform(r), q = S->truth[d];
    p->dose = d, p->enrol = t, p->dlt = u < q;
    p->end = t + (p->dlt ? S->o->window * u / q : S->o->window);
}

static double gap(const tsim_t *S, gsl_rng *r)
{
    return S->o->exponential ? -log1p(-gsl_rng_uniform(r)) / S->o->accrual : 1 / S->o->accrual;
}

static void one_trial(const void *ctx, gsl_rng *r, design_tally_t *t)
{
    const tsim_t *S = ctx;
    const onc_boin_sim_opts_t *o = &S->o->trial;
    patient_t pt[ONC_DESIGN_MAX_N];
    int max_n = o->n_cohorts * o->cohort_size, k = 0, d = o->start_dose, elim = -1, cohorts = 0;
    double now = 0, stop_time = NAN;
    bool toxic = false;
    for (int i = 0; i < o->n_cohorts && k < max_n; i++) {
        if (i > 0) {
            onc_tite_decision dec = decide(S, pt, k, d, &now);
            int top = elim >= 0 ? elim - 1 : S->n_doses - 1;
            if (dec == ONC_TITE_DEESCALATE_ELIMINATE && (elim < 0 || d < elim)) elim = d, top = d - 1;
            if (elim == 0) {
                toxic = true, stop_time = now;
                break;
            }
            if (dec == ONC_TITE_ESCALATE && d < top) d++;
            else if ((dec == ONC_TITE_DEESCALATE || dec == ONC_TITE_DEESCALATE_ELIMINATE) && d > 0) d--;
        }
        int m = k + o->cohort_size > max_n ? max_n - k : o->cohort_size;
        for (int j = 0; j < m; j++, k++) {
            enrol(S, r, &pt[k], d, now);
            now += gap(S, r);
        }
        cohorts++;
    }
    int n[ONC_DESIGN_MAX_DOSES] = {0}, y[ONC_DESIGN_MAX_DOSES] = {0};
    double end = 0;
    for (int i = 0; i < k; i++) {
        n[pt[i].dose]++, y[pt[i].dose] += pt[i].dlt;
        if (pt[i].end > end) end = pt[i].end;
    }
    design_trial_end_t e = {.n = n, .y = y, .mtd = toxic ? -1 : boin_select_rows(S->p, S->rows, n, y, S->n_doses, NULL),
                            .stopped_toxic = toxic, .cohorts = cohorts, .timed = true,
                            .duration = toxic ? stop_time : end};
    design_tally_add(t, &e, S->n_doses, S->truth, S->p->target, max_n);
}

static onc_rc check_tite_sim(const onc_boin_params_t *p, const double *truth, int n_doses, const onc_tite_sim_opts_t *o,
                             onc_err_t *err)
{
    const onc_boin_sim_opts_t *t = &o->trial;
    onc_rc rc = onc_boin_check(p, err);
    if (rc == ONC_OK) rc = design_check_truth(truth, n_doses, err);
    if (rc != ONC_OK) return rc;
    if (t->n_cohorts < 1 || t->cohort_size < 1 || (long)t->n_cohorts * t->cohort_size > ONC_DESIGN_MAX_N)
        return onc_err_set(err, ONC_EINVAL, "%d cohorts of %d: between 1 and %d patients in all", t->n_cohorts,
                           t->cohort_size, ONC_DESIGN_MAX_N);
    if (t->start_dose < 0 || t->start_dose >= n_doses)
        return onc_err_set(err, ONC_EINVAL, "start dose %d: no such dose", t->start_dose + 1);
    if (t->titration) return onc_err_set(err, ONC_EINVAL, "TITE-BOIN's simulation has no accelerated titration");
    if (!(o->accrual > 0 && o->accrual < 1e6))
        return onc_err_set(err, ONC_EINVAL, "accrual %g: patients per unit of time must be above 0", o->accrual);
    if (!(o->window >= 0 && o->window < 1e6))
        return onc_err_set(err, ONC_EINVAL, "DLT window %g: must be at least 0", o->window);
    if (p->extrasafe || p->n_earlystop < t->n_cohorts * t->cohort_size)
        return onc_err_set(err, ONC_EINVAL, "TITE-BOIN's simulation applies neither the extra-safe stop nor "
                                            "n.earlystop (research 5 gives no rule for them with pending patients)");
    return ONC_OK;
}

onc_rc onc_tite_boin_simulate(const onc_boin_params_t *p, const double *truth, int n_doses,
                              const onc_tite_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = check_tite_sim(p, truth, n_doses, o, err);
    onc_boin_row_t *rows = NULL;
    if (rc == ONC_OK) rc = onc_boin_rows(p, o->trial.n_cohorts * o->trial.cohort_size, &rows, err);
    tsim_t S = {.p = p, .o = o, .truth = truth, .n_doses = n_doses, .rows = rows};
    if (rc == ONC_OK)
        rc = design_run_trials(one_trial, &S, n_doses, o->trial.n_trials, o->trial.seed, o->trial.threads, true, out,
                               err);
    if (rc == ONC_OK) design_overdose_defined(out, truth, n_doses, p->target);
    free(rows);
    return rc;
}
