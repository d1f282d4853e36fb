/* design_int.h: what the BOIN functions (design_boin.c) share with the simulation
 * (design_sim.c): one step of the trial and the MTD over a precomputed decision table, so that a
 * simulated trial decides by the same code as `design boin next` and `select` without computing
 * beta probabilities again. */
#ifndef ONCOBOARD_DESIGN_INT_H
#define ONCOBOARD_DESIGN_INT_H

#include "oncoboard/design.h"

#include <gsl/gsl_rng.h>

/* The decision after the cohort at dose d (research 1.3 steps 2-4): r is the table row at the
 * dose's patient count, y its DLTs, elim the lowest dose eliminated so far (-1: none). */
void boin_step(const onc_boin_params_t *p, const onc_boin_row_t *r, int y, int n_doses, int d, int elim,
               onc_boin_next_t *out);

/* The MTD (-1: none) with rows[k] the table at k patients for every k up to the largest n[j];
 * estimates as onc_boin_select (may be NULL). */
int boin_select_rows(const onc_boin_params_t *p, const onc_boin_row_t *rows, const int *n, const int *y, int n_doses,
                     double *estimates);

/* TITE-BOIN's decision at n patients, y DLTs and c pending with the table row r at n (as
 * onc_tite_boin_decide, without checks and beta probabilities: the simulation's form). */
onc_tite_decision tite_decide_row(const onc_boin_params_t *p, const onc_boin_row_t *r, int n, int y, int c,
                                  double *threshold);

/* Simulates trials conducted by the decision table rows (rows[k] for k patients at a dose, up to
 * the sample size) and BOIN's parameters for the rest (n.earlystop, selection). */
onc_rc design_simulate_rows(const onc_boin_params_t *p, const onc_boin_row_t *rows, const double *truth, int n_doses,
                            const onc_boin_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* The MTD at a simulated trial's end (-1: none) by a design's own rule (ctx its parameters). */
typedef int (*design_select_fn)(const void *ctx, const int *n, const int *y, int n_doses);
/* design_simulate_rows with the MTD chosen by select(select_ctx, ...) instead of BOIN's rule. */
onc_rc design_simulate_rows_select(const onc_boin_params_t *p, const onc_boin_row_t *rows, design_select_fn select,
                                   const void *select_ctx, const double *truth, int n_doses,
                                   const onc_boin_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* What simulated trials add up to: integer counts, so that sums do not depend on their order. */
typedef struct design_tally {
    long selected[ONC_DESIGN_MAX_DOSES], no_mtd, stopped_toxic;
    long patients[ONC_DESIGN_MAX_DOSES], dlts[ONC_DESIGN_MAX_DOSES];
    long overdose60, overdose80; /* trials with > 60% / 80% of the sample size above the target */
    long cohorts;                /* cohorts treated, for the trial's duration */
    long responses[ONC_DESIGN_MAX_DOSES]; /* BOIN12 */
    long long duration_us;       /* timed trials: durations summed in millionths of the time unit */
    long timed;                  /* trials with a duration */
} design_tally_t;

/* How one simulated trial ended. */
typedef struct design_trial_end {
    const int *n, *y;   /* patients and DLTs per dose */
    int mtd;            /* -1: none */
    bool stopped_toxic;
    int cohorts;
    const int *r;       /* responses per dose (BOIN12), or NULL */
    bool timed;         /* a simulation in time: duration is the trial's */
    double duration;
} design_trial_end_t;

/* Adds a trial's end to t: the MTD, patients and DLTs, its cohorts, and whether more than 60% /
 * 80% of max_n patients were treated at doses whose true rate is above target (not counted when
 * target is NaN: the 3+3 has none). */
void design_tally_add(design_tally_t *t, const design_trial_end_t *e, int n_doses, const double *truth, double target,
                      int max_n);

/* One simulated trial: its outcomes drawn from r, its counts added to t. */
typedef void (*design_trial_fn)(const void *ctx, gsl_rng *r, design_tally_t *t);

/* Runs n_trials trials of fn over threads, trial i with its own stream (seed, i), and summarises
 * them into out with the time taken (design_run.c); target_known: the design has a target, so
 * the overdosing figures mean something (else NaN). */
onc_rc design_run_trials(design_trial_fn fn, const void *ctx, int n_doses, long n_trials, uint64_t seed, int threads,
                         bool target_known, onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* As BOIN's get.oc, the risk of overdosing is defined only when a dose's true rate is the target
 * (the true MTD exists): otherwise its figures become NaN. */
void design_overdose_defined(onc_design_oc_t *out, const double *truth, int n_doses, double target);

/* Checks counts per dose: 1 to ONC_DESIGN_MAX_DOSES doses, 0 <= y <= n <= ONC_DESIGN_MAX_N. */
onc_rc design_check_counts(const int *n, const int *y, int n_doses, onc_err_t *err) ONC_MUST_CHECK;

/* Checks true DLT rates: 1 to ONC_DESIGN_MAX_DOSES of them, each in [0, 1]. */
onc_rc design_check_truth(const double *truth, int n_doses, onc_err_t *err) ONC_MUST_CHECK;

/* The seed of simulated trial t's own random stream (splitmix64 of seed and t). */
uint64_t design_trial_seed(uint64_t seed, uint64_t t);

#endif
