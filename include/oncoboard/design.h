/* design.h: phase I dose finding (issue 8): BOIN for a single agent.
 *
 * BOIN (Liu & Yuan 2015, JRSS-C; the R package BOIN 2.7.2 is the reference whose rules are
 * followed, research/dose-finding.md section 1): boundaries from the target and phi1/phi2, the
 * integer decision table, elimination under a Beta(1,1) prior, the extra-safe stop at the
 * lowest dose, the decision for the next cohort from the data so far, the MTD at the end by
 * weighted isotonic regression, and operating characteristics by simulation.
 *
 * Doses are numbered from 0 in the arrays here (the command line shows them from 1). Counts
 * are patients (n) and DLTs (y) per dose. The caller owns every array. docs/design.md.
 */
#ifndef ONCOBOARD_DESIGN_H
#define ONCOBOARD_DESIGN_H

#include "oncoboard/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ONC_DESIGN_MAX_DOSES 32
#define ONC_DESIGN_MAX_N 1000 /* patients at one dose (tables are built up to it) */

typedef struct onc_boin_params {
    double target;      /* phi, the target DLT rate: 0.05-0.6 */
    double phi1, phi2;  /* highest rate thought too low / lowest thought too high [0.6 phi, 1.4 phi] */
    double cutoff_eli;  /* elimination when Pr(p > phi | data) > cutoff_eli [0.95] */
    bool extrasafe;     /* stop when the lowest dose is too toxic at cutoff_eli - offset [false] */
    double offset;      /* [0.05] */
    int n_earlystop;    /* stop when this many were treated at the dose the trial stays at [100] */
    bool bound_mtd;     /* the MTD's isotonic estimate must not exceed lambda_d [false] */
} onc_boin_params_t;

void onc_boin_params_init(onc_boin_params_t *p, double target); /* the defaults above */
/* Checks p as the R package does (phi in [0.05, 0.6], phi - phi1 and phi2 - phi at least
 * 0.1 phi, offset < 0.5): ONC_OK or ONC_EINVAL naming the parameter. */
onc_rc onc_boin_check(const onc_boin_params_t *p, onc_err_t *err) ONC_MUST_CHECK;

/* lambda_e and lambda_d: escalate when the observed rate is <= lambda_e, de-escalate when it
 * is > lambda_d (research 1.1). */
void onc_boin_lambdas(const onc_boin_params_t *p, double *lambda_e, double *lambda_d);

/* The decision table at n patients at the current dose: escalate if y <= escalate_le,
 * de-escalate if y >= deescalate_ge, eliminate the dose and those above if y >= eliminate_ge
 * (-1 when no count eliminates, always for n < 3); stop_ge the extra-safe stop at the lowest
 * dose (-1 likewise). */
typedef struct onc_boin_row {
    int n, escalate_le, deescalate_ge, eliminate_ge, stop_ge;
} onc_boin_row_t;
void onc_boin_row(const onc_boin_params_t *p, int n, onc_boin_row_t *out);

/* The rows for n = 0..max_n in *out (free()); ONC_EINVAL past ONC_DESIGN_MAX_N. */
onc_rc onc_boin_rows(const onc_boin_params_t *p, int max_n, onc_boin_row_t **out, onc_err_t *err) ONC_MUST_CHECK;

/* Pr(p > phi | y DLTs in n) under a Beta(1,1) prior. */
double onc_boin_pr_above(double phi, int y, int n);

typedef enum onc_boin_decision {
    ONC_BOIN_ESCALATE, ONC_BOIN_STAY, ONC_BOIN_DEESCALATE,
    ONC_BOIN_STOP_TOXIC,   /* the lowest dose is too toxic: no MTD */
    ONC_BOIN_STOP_SELECT   /* n.earlystop reached at a dose the trial stays at: select the MTD */
} onc_boin_decision;
extern const char *const onc_boin_decision_names[]; /* "escalate" ... */

typedef struct onc_boin_next {
    onc_boin_decision decision;
    int next_dose;        /* the dose for the next cohort (the current one when stopping) */
    int eliminated_from;  /* the lowest eliminated dose after this decision, or -1 */
    char rule[256];       /* what decided it, in words ("1/3 DLT <= 0 at n = 3: escalate") */
} onc_boin_next_t;

/* The next cohort's dose after treating at dose `current` with counts n, y over n_doses;
 * eliminated_from the lowest dose already eliminated (-1: none), which stays eliminated.
 * research 1.3 steps 2-4. ONC_EINVAL for counts that make no sense (y > n, current untreated). */
onc_rc onc_boin_next(const onc_boin_params_t *p, const int *n, const int *y, int n_doses, int current,
                     int eliminated_from, onc_boin_next_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* The MTD at the end (research 1.4): *mtd the dose, or -1 when none; estimates[j] the isotonic
 * estimate of each treated dose below the eliminated ones (NaN for the others). */
onc_rc onc_boin_select(const onc_boin_params_t *p, const int *n, const int *y, int n_doses, int *mtd,
                       double *estimates, onc_err_t *err) ONC_MUST_CHECK;

/* Weighted isotonic regression (pool adjacent violators, non-decreasing) of v with weights w
 * over k values, in place. */
void onc_pava(double *v, const double *w, size_t k);

/* ---- simulation ---- */

typedef struct onc_boin_sim_opts {
    int n_cohorts, cohort_size, start_dose; /* start_dose 0-based */
    bool titration;
    long n_trials;
    uint64_t seed;
    int threads;                            /* [1]; results do not depend on it */
} onc_boin_sim_opts_t;

typedef struct onc_design_oc {
    int n_doses;
    long n_trials;
    double selection_pct[ONC_DESIGN_MAX_DOSES], no_mtd_pct;
    double patients_per_dose[ONC_DESIGN_MAX_DOSES], dlt_per_dose[ONC_DESIGN_MAX_DOSES];
    double mean_n, mean_dlt;
    double early_stop_pct;  /* stopped for toxicity */
    double seconds;         /* wall time of the simulation */
} onc_design_oc_t;

/* Operating characteristics of BOIN over truth[0..n_doses) (true DLT rates). Trial t draws its
 * patients' latent uniforms from a stream of its own (seed, t), so results do not depend on
 * the number of threads. */
onc_rc onc_boin_simulate(const onc_boin_params_t *p, const double *truth, int n_doses, const onc_boin_sim_opts_t *o,
                         onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- 3+3 ---- */

typedef enum onc_3p3_variant {
    ONC_3P3_A, /* no de-escalation: the dose below a toxic one is the MTD */
    ONC_3P3_B  /* de-escalate and expand the dose below to six */
} onc_3p3_variant;

/* Operating characteristics of the 3+3 over truth: exactly, by enumerating every outcome, when
 * n_trials is 0; else by simulating n_trials trials (streams as onc_boin_simulate). */
onc_rc onc_3p3_oc(onc_3p3_variant v, const double *truth, int n_doses, long n_trials, uint64_t seed,
                  onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

#endif
