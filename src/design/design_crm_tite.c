/* design_crm_tite.c: TITE-CRM's operating characteristics (design.h; research/dose-finding.md
 * 3.2, dfcrm 0.2-2.1's titesim with a start dose, accrual "fixed", DLT times "uniform").
 *
 * Patients arrive one at a time, every window / per_window, and each is given the dose the
 * model recommends from what is known at their arrival: a DLT counts once it has happened, and
 * a patient without one so far weighs their follow-up (linear or adaptive weights, Cheung &
 * Chappell 2000). A patient with a DLT has it at a time uniform in the window. The dose never
 * rises more than one level above the last patient's (titesim's restriction: no coherence rule,
 * since outcomes are not complete when the next patient comes). The MTD is the model's choice on
 * the complete outcomes. Each patient's DLT is their own uniform below the dose's true rate, as
 * in every other simulation here, so designs compare on the same patients.
 */
#include "design/design_crm_int.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct tite_trial {
    int level[ONC_CRM_MAX_PATIENTS], seen[ONC_CRM_MAX_PATIENTS];
    double arrival[ONC_CRM_MAX_PATIENTS], dlt_time[ONC_CRM_MAX_PATIENTS]; /* INFINITY: no DLT */
    double followup[ONC_CRM_MAX_PATIENTS], weight[ONC_CRM_MAX_PATIENTS];
} tite_trial_t;

typedef struct tite_sim {
    const onc_crm_t *c;
    const double *truth;
    const onc_crm_sim_opts_t *o;
} tite_sim_t;

/* The recommendation at time `now` for the k patients so far: DLTs seen by then, the others
 * weighted by their follow-up. */
static int recommend_at(const tite_sim_t *S, tite_trial_t *T, int k, double now)
{
    double W = S->o->window;
    for (int j = 0; j < k; j++) {
        double t = now - T->arrival[j];
        T->seen[j] = T->dlt_time[j] <= t;
        T->followup[j] = fmin(T->seen[j] ? T->dlt_time[j] : t, W);
    }
    if (S->o->adaptive) onc_crm_weights_adaptive(T->followup, T->seen, k, W, T->weight);
    else
        for (int j = 0; j < k; j++) T->weight[j] = T->seen[j] ? 1 : onc_crm_weight_linear(T->followup[j], W);
    onc_crm_fit_t f;
    return onc_crm_fit(S->c, T->level, T->seen, T->weight, k, &f, NULL) == ONC_OK ? f.mtd : 0;
}

static void tite_trial(const void *ctx, gsl_rng *r, design_tally_t *t)
{
    const tite_sim_t *S = ctx;
    tite_trial_t *T = malloc(sizeof *T);
    if (!T) return;
    int n = S->o->n_patients, cur = S->o->start_dose;
    int npts[ONC_DESIGN_MAX_DOSES] = {0}, ndlt[ONC_DESIGN_MAX_DOSES] = {0};
    double gap = S->o->window / S->o->per_window;
    for (int i = 0; i < n; i++) {
        T->arrival[i] = (i + 1) * gap;
        T->level[i] = cur;
        bool dlt = gsl_rng_uniform(r) < S->truth[cur];
        T->dlt_time[i] = dlt ? S->o->window * gsl_rng_uniform(r) : INFINITY;
        npts[cur]++, ndlt[cur] += dlt;
        if (i + 1 == n) break;
        int rec = recommend_at(S, T, i + 1, T->arrival[i] + gap);
        cur = rec < cur + 1 ? rec : cur + 1;
    }
    for (int j = 0; j < n; j++) T->seen[j] = isfinite(T->dlt_time[j]);
    onc_crm_fit_t f;
    int mtd = onc_crm_fit(S->c, T->level, T->seen, NULL, n, &f, NULL) == ONC_OK ? f.mtd : -1;
    design_trial_end_t e = {.n = npts, .y = ndlt, .mtd = mtd, .cohorts = n};
    design_tally_add(t, &e, S->c->n_doses, S->truth, S->c->target, n);
    free(T);
}

onc_rc crm_simulate_tite(const onc_crm_t *c, const double *truth, const onc_crm_sim_opts_t *o, onc_design_oc_t *out,
                         onc_err_t *err)
{
    if (o->initial || o->method != ONC_CRM_BAYES || o->cohort_size != 1)
        return onc_err_set(err, ONC_EINVAL, "TITE-CRM simulation: one patient at a time from a start dose, by the "
                                            "posterior mean (no initial sequence, no MLE, no cohorts)");
    if (!(o->window > 0) || !(o->per_window > 0) || !isfinite(o->window) || !isfinite(o->per_window))
        return onc_err_set(err, ONC_EINVAL, "TITE-CRM simulation needs a DLT window and an accrual rate, both positive");
    tite_sim_t S = {.c = c, .truth = truth, .o = o};
    onc_rc rc = design_run_trials(tite_trial, &S, c->n_doses, o->n_trials, o->seed, o->threads, true, out, err);
    if (rc == ONC_OK) design_overdose_defined(out, truth, c->n_doses, c->target);
    return rc;
}
