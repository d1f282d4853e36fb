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
    double overdose60_pct, overdose80_pct; /* trials treating more than 60% / 80% of the sample
                                              size at doses above the target (as BOIN's get.oc);
                                              NaN when no dose's true rate is the target, or
                                              without a target (the 3+3) */
    double mean_cohorts;    /* cohorts treated: the trial's duration is mean_cohorts x (cohort size /
                               accrual rate + DLT window) when each cohort waits for the last */
    double seconds;         /* wall time of the simulation */
    double response_per_dose[ONC_DESIGN_MAX_DOSES]; /* BOIN12: mean responses per dose */
    double mean_duration;   /* TITE simulations: mean trial duration (NaN: not simulated in time) */
} onc_design_oc_t;

/* Operating characteristics of BOIN over truth[0..n_doses) (true DLT rates). Trial t draws its
 * patients' latent uniforms from a stream of its own (seed, t), so results do not depend on
 * the number of threads. */
onc_rc onc_boin_simulate(const onc_boin_params_t *p, const double *truth, int n_doses, const onc_boin_sim_opts_t *o,
                         onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- TITE-BOIN (research 5) ---- */

typedef enum onc_tite_decision {
    ONC_TITE_ESCALATE, ONC_TITE_STAY, ONC_TITE_DEESCALATE, ONC_TITE_DEESCALATE_ELIMINATE,
    ONC_TITE_SUSPEND,      /* more than half of the dose's patients are pending: wait */
    ONC_TITE_ESCALATE_IF,  /* escalate if STFT >= threshold, else stay */
    ONC_TITE_STAY_IF       /* stay if STFT > threshold, else de-escalate */
} onc_tite_decision;
extern const char *const onc_tite_decision_names[];

/* The decision at the current dose with n patients, y DLTs and `pending` patients still in their
 * DLT window, BOIN's parameters p; *threshold the STFT threshold of the _IF decisions (NaN
 * otherwise). ONC_EINVAL for counts that do not add up. */
onc_rc onc_tite_boin_decide(const onc_boin_params_t *p, int n, int y, int pending, onc_tite_decision *out,
                            double *threshold, onc_err_t *err) ONC_MUST_CHECK;

/* ---- BOIN12: the optimal biological dose (research 7; design_boin12.c) ---- */

/* Each patient has a DLT or not and a response (efficacy) or not. Utilities score the four
 * outcomes on 0-100: a response without DLT 100, a DLT without response 0 (they fix the scale),
 * neither u_neither [40], both u_both [60] (the BOIN12 paper's table). */
typedef struct onc_boin12_params {
    double phi_t;       /* the highest acceptable DLT rate (the toxicity target) */
    double phi_e;       /* the lowest acceptable response rate */
    double u_neither, u_both;
    double c_t, c_e;    /* inadmissible when Pr(pT > phi_t) > c_t [0.95] or Pr(pE < phi_e) > c_e [0.9] */
    int n_star;         /* in the stay region with at least n_star patients, only d-1 or d [6] */
    int n_explore;      /* more than this many at d and d+1 untried: escalate (exploration) [8] */
    int n_earlystop;    /* stop when the next dose already has this many patients [100: off] */
} onc_boin12_params_t;

void onc_boin12_params_init(onc_boin12_params_t *p, double phi_t, double phi_e);
onc_rc onc_boin12_check(const onc_boin12_params_t *p, onc_err_t *err) ONC_MUST_CHECK;

/* The data at one dose: patients, DLTs, responses and patients with both. */
typedef struct onc_boin12_dose {
    int n, tox, eff, both;
} onc_boin12_dose_t;

/* The benchmark utility u_b = u_bar + (100 - u_bar) / 2, u_bar the utility of a dose at exactly
 * phi_t and phi_e (outcomes independent). */
double onc_boin12_benchmark(const onc_boin12_params_t *p);
/* The rank-based desirability score: 100 Pr(U > u_b / 100), U ~ Beta(1 + x, 1 + n - x) with x
 * the quasi-binomial utility count of the dose's data. */
double onc_boin12_desirability(const onc_boin12_params_t *p, const onc_boin12_dose_t *d);
/* Pr(pT > phi_t) and Pr(pE < phi_e) under Beta(1, 1) priors. */
double onc_boin12_pr_toxic(const onc_boin12_params_t *p, const onc_boin12_dose_t *d);
double onc_boin12_pr_futile(const onc_boin12_params_t *p, const onc_boin12_dose_t *d);
/* Admissible: neither Pr at or above its cut-off (any number of patients, as research 7). */
bool onc_boin12_admissible(const onc_boin12_params_t *p, const onc_boin12_dose_t *d);

typedef enum onc_boin12_decision {
    ONC_BOIN12_ESCALATE, ONC_BOIN12_STAY, ONC_BOIN12_DEESCALATE,
    ONC_BOIN12_STOP_TOXIC,  /* the lowest dose is too toxic: no OBD */
    ONC_BOIN12_STOP_NONE,   /* no admissible dose is left: no OBD */
    ONC_BOIN12_STOP_SELECT  /* the next dose already has n_earlystop patients: select the OBD */
} onc_boin12_decision;
extern const char *const onc_boin12_decision_names[];

typedef struct onc_boin12_next {
    onc_boin12_decision decision;
    int next_dose;
    int eliminated_from;  /* the lowest dose eliminated for toxicity, or -1 */
    double desirability[ONC_DESIGN_MAX_DOSES]; /* of every dose (NaN: eliminated or inadmissible) */
    char rule[256];
} onc_boin12_next_t;

/* The next cohort's dose after the cohort at `current`; eliminated_from as onc_boin_next. */
onc_rc onc_boin12_next(const onc_boin12_params_t *p, const onc_boin12_dose_t *doses, int n_doses, int current,
                       int eliminated_from, onc_boin12_next_t *out, onc_err_t *err) ONC_MUST_CHECK;

typedef struct onc_boin12_selection {
    int obd, mtd;  /* -1: none */
    double tox_isotonic[ONC_DESIGN_MAX_DOSES], eff_rate[ONC_DESIGN_MAX_DOSES], utility[ONC_DESIGN_MAX_DOSES],
        desirability[ONC_DESIGN_MAX_DOSES]; /* NaN for untreated doses */
} onc_boin12_selection_t;

/* The OBD at the end: BOIN's MTD over the toxicity data (isotonic), then the admissible treated
 * dose at or below it with the highest desirability (the lower on ties). */
onc_rc onc_boin12_select(const onc_boin12_params_t *p, const onc_boin12_dose_t *doses, int n_doses,
                         onc_boin12_selection_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* Operating characteristics over true DLT and response rates (outcomes independent given the
 * dose): selection_pct of the OBD, response_per_dose filled. Streams as onc_boin_simulate. */
onc_rc onc_boin12_simulate(const onc_boin12_params_t *p, const double *tox, const double *eff, int n_doses,
                           const onc_boin_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- TITE-BOIN simulation with accrual in time (design_tite_sim.c) ---- */

typedef struct onc_tite_sim_opts {
    onc_boin_sim_opts_t trial;  /* cohorts, cohort size, start, trials, seed, threads */
    double accrual;             /* patients per unit of time (> 0) */
    bool exponential;           /* exponential inter-arrival times, else fixed 1 / accrual */
    double window;              /* the DLT assessment window (>= 0), same unit */
} onc_tite_sim_opts_t;

/* TITE-BOIN's operating characteristics: patients arrive by the accrual process, a DLT occurs at
 * a uniform time within the window, decisions at each cohort's first arrival with the pending
 * patients' STFT, accrual suspended while the rule says so; out->mean_duration the mean time
 * from the first arrival to the end of the last follow-up (or the stop). */
onc_rc onc_tite_boin_simulate(const onc_boin_params_t *p, const double *truth, int n_doses,
                              const onc_tite_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- interval designs (research 4) ---- */

typedef enum onc_interval_design {
    ONC_INTERVAL_MTPI2, /* mTPI-2, the same decisions as Keyboard */
    ONC_INTERVAL_MTPI,
    ONC_INTERVAL_I3P3,
    ONC_INTERVAL_KEYBOARD /* mTPI-2's decisions, BOIN's MTD selection (research 4) */
} onc_interval_design;
typedef enum onc_interval_decision {
    ONC_INTERVAL_E, ONC_INTERVAL_S, ONC_INTERVAL_D,
    ONC_INTERVAL_DU /* de-escalate, and exclude this dose and those above */
} onc_interval_decision;
extern const char *const onc_interval_decision_names[]; /* "E", "S", "D", "DU" */

/* The decision at y DLTs in n patients at the current dose, for the equivalence interval
 * [target - eps1, target + eps2]. */
onc_interval_decision onc_interval_decide(onc_interval_design design, double target, double eps1, double eps2, int n,
                                          int y);
/* The decisions as boundaries, one row per n = 0..max_n (free()): escalate_le the largest y
 * deciding E (-1 none), deescalate_ge the smallest deciding D or DU, eliminate_ge the smallest
 * deciding DU (-1 none). */
onc_rc onc_interval_rows(onc_interval_design design, double target, double eps1, double eps2, int max_n,
                         onc_boin_row_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* Keyboard's operating characteristics (margins eps1 = eps2 = margin), conducted and selected as
 * BOIN (research 4). */
onc_rc onc_keyboard_simulate(double target, double margin, const double *truth, int n_doses,
                             const onc_boin_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* The next cohort's dose for an interval design (design_interval_run.c): the decision at the
 * current dose's counts (margins eps1 = eps2 = margin), conducted as BOIN's `next` over the
 * design's decision table, so that DU eliminates the dose and those above for the rest of the
 * trial (eliminated_from, -1: none) and stops the trial at dose 1. ONC_EINVAL as onc_boin_next. */
onc_rc onc_interval_next(onc_interval_design design, double target, double margin, const int *n, const int *y,
                         int n_doses, int current, int eliminated_from, onc_boin_next_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* The MTD at the end (research 4.2), -1 when none: Keyboard's is BOIN's; mTPI's, mTPI-2's and
 * i3+3's is the treated dose below the eliminated ones (n >= 3, Pr(rate > target) > 0.95 under
 * Beta(1,1)) whose isotonic Beta(1,1) posterior mean (pool adjacent violators, weights the
 * inverse posterior variances) is closest to the target; on a tie the highest of the tied doses
 * when their mean is below the target, else the lowest. estimates[j] those isotonic means over
 * the treated doses (NaN elsewhere). */
onc_rc onc_interval_select(onc_interval_design design, double target, const int *n, const int *y, int n_doses, int *mtd,
                           double *estimates, onc_err_t *err) ONC_MUST_CHECK;
/* Operating characteristics of an interval design on Keyboard's engine (BOIN's simulator over the
 * design's decision table), with the design's own MTD selection. */
onc_rc onc_interval_simulate(onc_interval_design design, double target, double margin, const double *truth, int n_doses,
                             const onc_boin_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- CRM (research 3; dfcrm 0.2-2.1) ---- */

#define ONC_CRM_MAX_PATIENTS 1000

typedef enum onc_crm_model { ONC_CRM_EMPIRIC, ONC_CRM_LOGISTIC } onc_crm_model;

typedef struct onc_crm {
    onc_crm_model model;
    double skeleton[ONC_DESIGN_MAX_DOSES]; /* prior DLT rates, increasing */
    int n_doses;
    double target;
    double prior_var;  /* of b ~ N(0, prior_var) [1.34] */
    double intercept;  /* a0 of the logistic model [3] */
} onc_crm_t;
void onc_crm_init(onc_crm_t *c); /* empiric, prior_var 1.34, intercept 3; skeleton and target to set */
onc_rc onc_crm_check(const onc_crm_t *c, onc_err_t *err) ONC_MUST_CHECK;

/* The model's DLT rate at dose for parameter b. */
double onc_crm_prob(const onc_crm_t *c, int dose, double b);

typedef struct onc_crm_fit {
    double bhat, post_var;   /* E[b | data] and its posterior variance */
    double ptox[ONC_DESIGN_MAX_DOSES], lower[ONC_DESIGN_MAX_DOSES], upper[ONC_DESIGN_MAX_DOSES]; /* 90% */
    int mtd;                 /* the dose whose ptox is closest to the target (the lowest on ties) */
} onc_crm_fit_t;

/* The posterior after patients j = 0..n-1 treated at level[j] with dlt[j] (0/1) and, for
 * TITE-CRM, weight[j] for those without a DLT (NULL: all 1). */
onc_rc onc_crm_fit(const onc_crm_t *c, const int *level, const int *dlt, const double *weight, int n,
                   onc_crm_fit_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* A skeleton by indifference intervals of half-width delta around the target, with the prior
 * MTD at dose prior_mtd (0-based) of n_doses (dfcrm's getprior; intercept for the logistic). */
onc_rc onc_crm_skeleton(onc_crm_model model, double delta, double target, int prior_mtd, int n_doses, double intercept,
                        double *out, onc_err_t *err) ONC_MUST_CHECK;

typedef enum onc_crm_method { ONC_CRM_BAYES, ONC_CRM_MLE } onc_crm_method;

typedef struct onc_crm_sim_opts {
    int n_patients, cohort_size, start_dose; /* start_dose 0-based */
    long n_trials;
    uint64_t seed;
    int threads;
    onc_crm_method method;  /* [ONC_CRM_BAYES]; the MLE needs an initial sequence */
    const int *initial;     /* two-stage CRM (dfcrm's x0): each patient's dose (0-based) until the first
                               DLT, n_patients of them; NULL: one-stage from start_dose */
    bool tite;              /* TITE-CRM (dfcrm's titesim, one-stage, Bayes, patients one by one): a
                               patient arrives every window / per_window, each decided on the
                               follow-up so far; a DLT's time is uniform in the window */
    double window;          /* the DLT observation window */
    double per_window;      /* patients arriving per window */
    bool adaptive;          /* TITE weights: adaptive [linear] */
} onc_crm_sim_opts_t;
/* Operating characteristics of the CRM (dfcrm's crmsim with restrict = TRUE: no skipping upward,
 * no escalation after a cohort whose DLT rate reached the target; the MTD is the model's choice
 * after the last patient). Streams as onc_boin_simulate. */
onc_rc onc_crm_simulate(const onc_crm_t *c, const double *truth, const onc_crm_sim_opts_t *o, onc_design_oc_t *out,
                        onc_err_t *err) ONC_MUST_CHECK;

/* TITE-CRM's linear weight: follow-up / window, capped to [0, 1]. */
double onc_crm_weight_linear(double followup, double window);

/* ---- CRM by maximum likelihood (design_crm_mle.c; dfcrm's method = "mle") ---- */

/* The MLE of b over (-10, 10) as dfcrm finds it (Brent's minimiser, tolerance 1e-4, so its
 * bhat to 1e-8); post_var dfcrm's: E[b^2] under a N(0, 500^2) prior minus bhat^2, by QUADPACK
 * as R's integrate. ONC_EINVAL when the MLE does not exist (no DLT, or only DLTs). */
onc_rc onc_crm_fit_mle(const onc_crm_t *c, const int *level, const int *dlt, const double *weight, int n,
                       onc_crm_fit_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* dfcrm's stand-in when the MLE does not exist: the Bayes estimate under a N(0, 500^2) prior
 * (crmsim's "mle is approximated"). */
onc_rc onc_crm_fit_flat(const onc_crm_t *c, const int *level, const int *dlt, const double *weight, int n,
                        onc_crm_fit_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* Whether the MLE exists: at least one DLT and one patient without (weights aside). */
bool onc_crm_mle_exists(const int *dlt, int n);

/* TITE-CRM's adaptive weights (Cheung & Chappell 2000; dfcrm's titecrm scheme = "adaptive"):
 * from the ordered DLT times t_(1..z) among followup[] (a DLT patient's followup is their time
 * to DLT), a patient followed for u gets (m + (u - t_(m)) / (t_(m+1) - t_(m))) / (z + 1) with m
 * the DLT times <= u (t_(0) = 0 scaled by u / t_(1), t_(z+1) = window), capped at 1; 1 for a
 * DLT; linear weights when there is no DLT. w[0..n). */
void onc_crm_weights_adaptive(const double *followup, const int *dlt, int n, double window, double *w);

/* ---- scenario files ---- */

typedef struct onc_scenario {
    char name[64];
    double truth[ONC_DESIGN_MAX_DOSES];
    int n_rows;       /* grid files: the grid's rows (truth row by row, n_doses columns each); else 1 */
} onc_scenario_t;
typedef struct onc_scenarios {
    onc_scenario_t *v;
    size_t n;
    int n_doses;      /* the same for every scenario */
    bool header_seen;
} onc_scenarios_t;
/* One scenario per line: a name, then the true DLT rate of each dose, separated by commas or
 * tabs ('#' comments, blank lines and a header line skipped). Errors name the file (name), the
 * line and the dose. Free with onc_scenarios_free. */
onc_rc onc_scenarios_parse(const char *text, size_t len, const char *name, onc_scenarios_t *out,
                           onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_scenarios_load(const char *path, onc_scenarios_t *out, onc_err_t *err) ONC_MUST_CHECK;
void onc_scenarios_free(onc_scenarios_t *s);
/* Grid files for two drugs: each line one row of a grid (agent A's level, lowest first),
 * consecutive lines with the same name one scenario (n_doses = its columns, n_rows its rows, at
 * most ONC_DESIGN_MAX_DOSES cells). */
onc_rc onc_scenarios_parse_grid(const char *text, size_t len, const char *name, onc_scenarios_t *out,
                                onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_scenarios_load_grid(const char *path, onc_scenarios_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- 3+3 ---- */

typedef enum onc_3p3_variant {
    ONC_3P3_A, /* no de-escalation: the dose below a toxic one is the MTD */
    ONC_3P3_B  /* de-escalate and expand the dose below to six */
} onc_3p3_variant;

/* Operating characteristics of the 3+3 over truth: exactly, by enumerating every outcome, when
 * n_trials is 0; else by simulating n_trials trials (streams as onc_boin_simulate). */
onc_rc onc_3p3_oc(onc_3p3_variant v, const double *truth, int n_doses, long n_trials, uint64_t seed,
                  onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- combinations of two drugs (research 2; BOIN 2.7.2's get.oc.comb, select.mtd.comb) ----
 * A grid of rows x cols combinations (rows: agent A's levels, at most as many as agent B's, as
 * the package asks), stored row-major: cell (i, j) at i * cols + j, both from 0. design_comb.c,
 * design_waterfall.c, docs/design.md. */

#define ONC_COMB_MAX_CELLS ONC_DESIGN_MAX_DOSES

/* Weighted isotonic regression of the rows x cols matrix v (non-decreasing along every row and
 * down every column), in place, by Dykstra's cyclic projections as Iso::biviso (AS 206). The
 * cycles it took, 0 if it did not converge in 50,000 (v then holds the last iterate), -1 for
 * a bad shape. design_iso2.c. */
int onc_iso2(double *v, const double *w, int rows, int cols);

/* The grid's shape: ONC_EINVAL unless 1 <= rows <= cols and rows x cols <= ONC_COMB_MAX_CELLS. */
onc_rc onc_comb_check_shape(int rows, int cols, onc_err_t *err) ONC_MUST_CHECK;

typedef struct onc_comb_next {
    onc_boin_decision decision;
    int next_cell;        /* the combination for the next cohort (the current one when stopping) */
    int n_tied;           /* how many moves tied for the best score (> 1: one drawn at random) */
    int tied[2];          /* those cells */
    bool eliminated[ONC_COMB_MAX_CELLS]; /* after this decision */
    char rule[256];
} onc_comb_next_t;

/* BOIN-comb's decision after the cohort at `current` (research 2.1): elimination of the cell and
 * those above and to its right, the extra-safe stop at (1,1), n.earlystop, then escalation to
 * the better of (i+1, j), (i, j+1) or de-escalation to the better of (i-1, j), (i, j-1).
 * eliminated (may be NULL) holds cells already eliminated; ties are drawn from a stream seeded
 * with tie_seed. */
onc_rc onc_comb_next(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols, int current,
                     const bool *eliminated, uint64_t tie_seed, onc_comb_next_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* The single MTD at the end (select.mtd.comb): *mtd a cell or -1; estimates the bivariate
 * isotonic estimates of every cell (NaN where untreated). */
onc_rc onc_comb_select(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols, int *mtd,
                       double *estimates, onc_err_t *err) ONC_MUST_CHECK;

/* The MTD contour (select.mtd.comb with mtd.contour): col[i] the MTD column of row i, or -1. */
onc_rc onc_comb_contour(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols, int *col,
                        double *estimates, onc_err_t *err) ONC_MUST_CHECK;

#define ONC_WATERFALL_MAX_SUBTRIALS 16

typedef struct onc_comb_sim_opts {
    int n_cohorts;         /* BOIN-comb: cohorts in all */
    int subtrial_cohorts[ONC_WATERFALL_MAX_SUBTRIALS]; /* waterfall: per subtrial, 0: the package's default */
    int cohort_size, start_cell; /* start_cell: BOIN-comb only (the waterfall starts at (1,1)) */
    long n_trials;
    uint64_t seed;
    int threads;
} onc_comb_sim_opts_t;

typedef struct onc_comb_oc {
    onc_design_oc_t oc;     /* per cell: selection_pct (for the waterfall, % of trials whose contour has the
                               cell), patients_per_dose, dlt_per_dose; no_mtd_pct, early_stop_pct, mean_n ... */
    double correct_pct;     /* BOIN-comb: trials selecting a cell whose true rate is the target; waterfall:
                               trials selecting exactly the true contour (NaN when no cell is at the target) */
    double patients_at_pct, patients_above_pct, patients_below_pct; /* of all patients, by true rate vs target */
} onc_comb_oc_t;

/* Operating characteristics of BOIN-comb over truth (rows x cols, row-major). Streams as
 * onc_boin_simulate. */
onc_rc onc_comb_simulate(const onc_boin_params_t *p, const double *truth, int rows, int cols,
                         const onc_comb_sim_opts_t *o, onc_comb_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- the waterfall design for the MTD contour (research 2.2; design_waterfall.c) ---- */

typedef struct onc_waterfall_sub {
    int cells[ONC_DESIGN_MAX_DOSES]; /* its path of combinations, lowest first */
    int n_cells, start;              /* start: an index into cells */
} onc_waterfall_sub_t;

/* The subtrial that contains cell (rows x cols grid): subtrial 1 (column 1 then the top row)
 * when the cell is there, else the cell's row from column 2. */
void onc_waterfall_sub_of(int rows, int cols, int cell, onc_waterfall_sub_t *out);

typedef struct onc_waterfall_next {
    bool subtrial_over;     /* the current subtrial ended (stop, n.earlystop, or told so) */
    bool trial_over;        /* no subtrial follows: select the contour */
    onc_boin_next_t step;   /* the decision within the subtrial (when it goes on) */
    int next_cell;          /* the next cohort's combination, -1 when the trial is over */
    int sub_mtd;            /* the ended subtrial's MTD cell, or -1 */
    onc_waterfall_sub_t next_sub; /* the subtrial the next cohort belongs to */
    char rule[320];
} onc_waterfall_next_t;

/* The waterfall's next cohort after one at `current` with data n, y: BOIN along the current
 * subtrial; when it ends (or subtrial_done: its cohorts are used up), the next subtrial as
 * next.subtrial chooses it. */
onc_rc onc_waterfall_next(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols, int current,
                          bool subtrial_done, onc_waterfall_next_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* Operating characteristics of the waterfall design. */
onc_rc onc_waterfall_simulate(const onc_boin_params_t *p, const double *truth, int rows, int cols,
                              const onc_comb_sim_opts_t *o, onc_comb_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;

#endif
