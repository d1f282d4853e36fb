/* stats_surv.h: survival analysis on plain arrays, agreeing with R's survival package.
 *
 * Kaplan-Meier (survfit), the log-rank and G-rho tests (survdiff) with the Mantel-Haenszel
 * hazard ratio, the Cox model (coxph) with its tests, concordance and the proportional-hazards
 * test (cox.zph), restricted mean survival time (survRM2's rmst) and landmark selection.
 * docs/stats.md gives the formulas and R's equivalents.
 *
 * Inputs are parallel arrays of n rows: time (>= 0), status (0 censored, 1 event), and where an
 * analysis takes them group or strata codes (0..k-1; -1 missing) and covariates (n x p,
 * row-major). Rows with a missing value (NaN time or covariate, code -1, status < 0) are left
 * out and counted, as R's default na.action does. Results are allocated by the fit and freed by
 * the matching *_free (which accept NULL and zeroed structs). The functions keep no state and may
 * run in several threads at once (the first call turns GSL's aborting error handler off for the
 * process: every GSL status is checked instead).
 */
#ifndef ONCOBOARD_STATS_SURV_H
#define ONCOBOARD_STATS_SURV_H

#include "oncoboard/error.h"
#include "oncoboard/stats_assoc.h" /* onc_optimism_t */

#include <stdbool.h>
#include <stddef.h>

#define ONC_SURV_MAX_GROUPS 1000
#define ONC_SURV_MAX_COVARIATES 200

/* Status as R's Surv reads a numeric event column: 0/1 as given; when the largest value is 2,
 * the 1/2 coding (1 censored, 2 event). Anything else is ONC_EINVAL naming the row (0-based
 * row + 1 in the message) unless it is NaN, which gives -1 (missing). */
onc_rc onc_surv_status_from(const double *v, size_t n, int *status, onc_err_t *err) ONC_MUST_CHECK;

/* The event column name of a cohort table (frame.h; file names it in messages): 0/1, 1/2 with
 * 2 = event (when the largest value is 2, as R's Surv), TRUE/FALSE/T/F/yes/no, and cBioPortal's
 * "1:DECEASED"/"0:LIVING" (the number before the colon). Missing cells give -1 and are counted
 * in *n_missing (may be NULL); any other value is ONC_EPARSE naming the line. */
struct onc_frame;
onc_rc onc_surv_event_column(const struct onc_frame *f, const char *file, const char *name, int *status,
                             size_t *n_missing, onc_err_t *err) ONC_MUST_CHECK;

/* ---------------------------------------------------------------- Kaplan-Meier */
typedef enum onc_ci_type { ONC_CI_LOG = 0, ONC_CI_LOGLOG, ONC_CI_PLAIN, ONC_CI_NONE } onc_ci_type;
/* "log", "log-log", "plain", "none": ONC_OK, or ONC_EINVAL. */
onc_rc onc_ci_type_parse(const char *s, onc_ci_type *out, onc_err_t *err) ONC_MUST_CHECK;

typedef struct onc_km_opts {
    onc_ci_type ci;    /* default log, as survfit */
    double conf_level; /* default 0.95 */
} onc_km_opts_t;
void onc_km_opts_init(onc_km_opts_t *o);

/* One curve, at every distinct time (events and censorings) as survfit lists them. std_err is
 * survfit's: the Greenwood standard error of the cumulative hazard (sqrt(sum d/(n(n-d)))); infinite
 * once the curve reaches 0. lower/upper are NaN where R gives NA. The median and its interval
 * follow quantile.survfit (a flat stretch at exactly 0.5 gives the midpoint); NaN when not
 * reached. */
typedef struct onc_km {
    size_t n, n_events, n_missing;
    size_t n_times;
    double *time, *n_risk, *n_event, *n_censor;
    double *surv, *std_err, *lower, *upper;
    double median, median_lower, median_upper;
    double max_time; /* the largest follow-up time (event or censoring) */
} onc_km_t;
onc_rc onc_km_fit(const double *time, const int *status, size_t n, const onc_km_opts_t *opts, onc_km_t *km,
                  onc_err_t *err) ONC_MUST_CHECK;
void onc_km_free(onc_km_t *km);
/* S(t), right-continuous (1 before the first time). */
double onc_km_surv_at(const onc_km_t *km, double t);
/* The number at risk at t as summary.survfit(times=) gives it: those with time >= t. */
double onc_km_n_risk_at(const onc_km_t *km, double t);
/* The p-quantile of the survival time (p=0.5: the median) and its interval, as quantile.survfit. */
void onc_km_quantile(const onc_km_t *km, double p, double *q, double *lower, double *upper);

/* Restricted mean survival time to tau: the area under the curve from 0 to tau, and its
 * standard error as survRM2's rmst1 (and survival's print(rmean=tau)). Beyond the curve's last
 * time it is held flat, as print(rmean=tau) does (survRM2 refuses such a tau). */
onc_rc onc_km_rmst(const onc_km_t *km, double tau, double *rmst, double *se, onc_err_t *err) ONC_MUST_CHECK;

/* Two restricted means compared as survRM2's rmst2 (group 1 against group 0): the difference
 * with a normal interval and p-value, and the ratio on the log scale. */
typedef struct onc_rmst_cmp {
    double diff, diff_se, diff_lower, diff_upper, diff_p;
    double ratio, ratio_lower, ratio_upper, ratio_p;
} onc_rmst_cmp_t;
void onc_rmst_compare(double rmst0, double se0, double rmst1, double se1, double conf_level, onc_rmst_cmp_t *out);
/* The normal quantile z_{1-(1-level)/2} of a two-sided interval (1.959964 for 0.95). */
double onc_surv_z(double conf_level);

/* ---------------------------------------------------------------- log-rank */
/* The G-rho family test of k groups, optionally stratified, as survdiff: weights S(t-)^rho from
 * the pooled Kaplan-Meier curve of each stratum (rho 0: log-rank; rho 1: Peto-Peto). The
 * variance is the hypergeometric one. With two groups (of those with expected > 0) hr is Peto's
 * exp((O-E)/V) of the second group against the first, with its interval exp((O-E)/V +- z/sqrt(V));
 * with more groups the trend test on scores (1..k unless given) is filled in. */
typedef struct onc_logrank {
    size_t k, n, n_missing;
    size_t *n_group;
    double *observed, *expected; /* weighted when rho != 0, summed over strata */
    double *var;                 /* k x k */
    double chisq, p;
    int df;
    double hr, hr_lower, hr_upper;   /* NaN unless two groups */
    double trend_chisq, trend_p;     /* NaN with fewer than 3 groups */
} onc_logrank_t;
onc_rc onc_logrank(const double *time, const int *status, const int *group, size_t k, const int *strata,
                   size_t n, double rho, const double *trend_scores, double conf_level, onc_logrank_t *out,
                   onc_err_t *err) ONC_MUST_CHECK;
void onc_logrank_free(onc_logrank_t *lr);

/* ---------------------------------------------------------------- Cox model */
typedef enum onc_ties { ONC_TIES_EFRON = 0, ONC_TIES_BRESLOW } onc_ties;

typedef struct onc_cox_opts {
    onc_ties ties;     /* default Efron, as coxph */
    double eps;        /* relative change of the log-likelihood: default 1e-9, as coxph.control */
    int max_iter;      /* default 20 */
    double conf_level; /* default 0.95 */
    double toler_chol; /* singularity tolerance: default .Machine$double.eps^0.75 */
} onc_cox_opts_t;
void onc_cox_opts_init(onc_cox_opts_t *o);

#define ONC_COX_WARN_MAX 512
typedef struct onc_cox {
    size_t n, n_events, n_missing, p;
    /* per covariate; NaN for a column dropped as collinear (aliased[j]), as R's NA */
    double *coef, *se, *z, *pvalue, *hr, *hr_lower, *hr_upper;
    bool *aliased;
    double *var;      /* p x p, zero rows and columns for aliased columns */
    double *means;    /* covariate means of the rows used, as coxph's means */
    double loglik0, loglik;
    int df;           /* covariates not aliased */
    double lrt, lrt_p, wald, wald_p, score, score_p;
    double concordance, concordance_se;
    int iter;
    bool converged;
    char warning[ONC_COX_WARN_MAX]; /* "" or R's warnings: infinite coefficients, singularities */
} onc_cox_t;
/* x is n x p row-major; strata may be NULL. */
onc_rc onc_cox_fit(const double *time, const int *status, const double *x, size_t n, size_t p,
                   const int *strata, const onc_cox_opts_t *opts, onc_cox_t *fit, onc_err_t *err) ONC_MUST_CHECK;
void onc_cox_free(onc_cox_t *fit);

/* The proportional-hazards test of cox.zph (survival 3.x: the score test of beta(t) = beta +
 * theta g(t) at (beta-hat, 0)) with the Kaplan-Meier transform g, one row per term and the
 * global test. term[j] (0..n_terms-1) groups the columns of a factor into one term as cox.zph
 * does; NULL makes each column a term. fit must come from onc_cox_fit on the same arguments. */
typedef struct onc_cox_zph {
    size_t n_terms;
    double *chisq, *pvalue; /* per term; NaN for a term whose columns are all aliased */
    int *df;
    double global_chisq, global_p;
    int global_df;
} onc_cox_zph_t;
onc_rc onc_cox_zph(const double *time, const int *status, const double *x, size_t n, size_t p, const int *strata,
                   const int *term, const onc_cox_opts_t *opts, const onc_cox_t *fit, onc_cox_zph_t *out,
                   onc_err_t *err) ONC_MUST_CHECK;
void onc_cox_zph_free(onc_cox_zph_t *z);

/* Harrell's bootstrap optimism correction of a Cox model's concordance (the C-index of a
 * biomarker model), as onc_logit_auc_optimism does for the AUC: the apparent C of the fit; the
 * resamples rs of its complete rows (rows with a missing value left out first, the rest in
 * input order: rs->n must be their number when given), each fitted, its C on the resample less
 * its C on the original rows (its linear predictor there, aliased coefficients as 0) averaged
 * as the optimism. Resamples whose fit fails (no event, no covariate varying) or without a
 * comparable pair are skipped and counted. x as onc_cox_fit. */
onc_rc onc_cox_cindex_optimism_rs(const double *time, const int *status, const double *x, size_t n, size_t p,
                                  const int *strata, const onc_cox_opts_t *opts, const onc_resamples_t *rs,
                                  onc_optimism_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* The same over B resamples drawn with seed. */
onc_rc onc_cox_cindex_optimism(const double *time, const int *status, const double *x, size_t n, size_t p,
                               const int *strata, const onc_cox_opts_t *opts, size_t B, unsigned long seed,
                               onc_optimism_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* The tests of one term of a fitted Cox model (an interaction, a factor's columns together):
 * the Wald test b' V^-1 b of its columns, and the likelihood-ratio test of the model without the
 * term against the full model, fitted on the same rows (for the last term, the last row of R's
 * anova(fit)). column_term[j] is the term of column j (onc_design_t.term); fit comes from
 * onc_cox_fit on the same arguments. Aliased columns do not count in the degrees of freedom. */
typedef struct onc_cox_term_test {
    int df;
    double wald, wald_p;
    double lrt, lrt_p, loglik_without;
} onc_cox_term_test_t;
onc_rc onc_cox_term_test(const double *time, const int *status, const double *x, size_t n, size_t p,
                         const int *strata, const int *column_term, int term, const onc_cox_opts_t *opts,
                         const onc_cox_t *fit, onc_cox_term_test_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* The Cox model of x within each level of a subgroup variable (code[i] in 0..n_levels-1, -1
 * missing): for each level, the fit on its rows and the estimate of column `column` (the
 * treatment), as R's coxph(..., subset = by == level). A level whose model cannot be fitted (no
 * events, a treatment arm empty) has NaN estimates and its reason in note. */
#define ONC_COX_NOTE_MAX 1024
typedef struct onc_cox_subgroup {
    size_t n, n_events;
    double coef, se, hr, hr_lower, hr_upper, z, p;
    char note[ONC_COX_NOTE_MAX];
} onc_cox_subgroup_t;
onc_rc onc_cox_subgroups(const double *time, const int *status, const double *x, size_t n, size_t p,
                         const int *strata, const int *code, size_t n_levels, size_t column,
                         const onc_cox_opts_t *opts, onc_cox_subgroup_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---------------------------------------------------------------- design matrix */
/* The covariates of a model (Cox, logistic): numeric columns as they are, factors dummy-coded as
 * R's treatment contrasts (one 0/1 column per level but the first, named variable+level as R
 * names them: "celltypesmallcell"), and two-way interactions as R's model.matrix builds them
 * (the products of the two terms' columns, named "colA:colB", the first term's columns varying
 * fastest: "TRT01PMPDL3280A:btmb>=16"). A missing value makes the row's cells NaN. */
#define ONC_DESIGN_NAME_MAX 512
typedef struct onc_design {
    size_t n, p, n_terms;
    double *x;         /* n x p row-major, rebuilt as columns are added */
    char **names;      /* p names, owned */
    int *term;         /* p: the term (variable) each column comes from, 0..n_terms-1 */
    char **term_names; /* n_terms: "trt", "trt:btmb", owned */
    char **term_ref;   /* n_terms: a factor's reference level (owned), NULL for numeric and interaction terms */
    int *term_a, *term_b; /* n_terms: an interaction's two terms, -1 for a main effect */
} onc_design_t;
onc_rc onc_design_init(onc_design_t *d, size_t n, onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_design_add_numeric(onc_design_t *d, const char *name, const double *v, onc_err_t *err) ONC_MUST_CHECK;
/* code[i] in 0..n_levels-1 (0 the reference), -1 missing. */
onc_rc onc_design_add_factor(onc_design_t *d, const char *name, const int *code, const char *const *levels,
                             size_t n_levels, onc_err_t *err) ONC_MUST_CHECK;
/* The interaction of the main-effect terms ta and tb already in d (factor x factor, factor x
 * numeric, numeric x numeric), as R's a:b when a and b are in the model. */
onc_rc onc_design_add_interaction(onc_design_t *d, size_t ta, size_t tb, onc_err_t *err) ONC_MUST_CHECK;
/* The term named name ("a:b" also finds "b:a"), or -1. */
int onc_design_find_term(const onc_design_t *d, const char *name);
void onc_design_free(onc_design_t *d);

/* A model's right-hand side read from a table, as an R formula: terms "a,b,a:b", and "a*b"
 * expanding to a, b, a:b; main effects first, then interactions (as R orders terms by degree);
 * a term named twice is one term. A column is numeric when every value reads as a number (and
 * it is not in factors, refs or cuts), else a factor with levels in byte order, the reference
 * first (refs "VAR=LEVEL" choose it). cuts "VAR=C" make VAR the factor VAR >= C with levels
 * "<C" (the reference) and ">=C" (column "VAR>=C"), as R's factor(x >= C, labels = ..). An
 * interaction needs both its main effects in the model (R's coding of a lone interaction
 * differs); a three-way interaction is ONC_EINVAL. */
typedef struct onc_design_spec {
    const char *terms;
    const char *factors;                /* comma list, may be NULL */
    const char *const *refs;            /* "VAR=LEVEL" */
    size_t n_refs;
    const char *const *cuts;            /* "VAR=CUT" */
    size_t n_cuts;
    bool numeric_only;                  /* a non-number is an error unless the column is a listed factor */
} onc_design_spec_t;
onc_rc onc_design_build(onc_design_t *d, const struct onc_frame *f, const onc_design_spec_t *s,
                        onc_err_t *err) ONC_MUST_CHECK;
/* Column name of the table as a factor as onc_design_build reads one: the cut of s->cuts when
 * it has one (its two level names written into labels, which must outlive fa), else the values
 * in byte order with the reference of s->refs first. Free fa with onc_factor_free. */
#define ONC_DESIGN_CUT_MAX 64
struct onc_factor;
onc_rc onc_design_factor(const struct onc_frame *f, const onc_design_spec_t *s, const char *name,
                         struct onc_factor *fa, char labels[2][ONC_DESIGN_CUT_MAX], onc_err_t *err) ONC_MUST_CHECK;

/* ---------------------------------------------------------------- landmark */
/* Landmark selection: the rows still under follow-up at the landmark (time >= landmark), their
 * time measured from it (time - landmark). Their group is responder (1) when response_time is
 * not NaN and <= landmark, else 0; with response_time NULL the given group is kept (response
 * status known at the landmark). Writes the selected rows to the out arrays (n rows of room) and
 * their count to *n_out. */
onc_rc onc_landmark_select(const double *time, const int *status, const int *group, const double *response_time,
                           size_t n, double landmark, double *time_out, int *status_out, int *group_out,
                           size_t *n_out, onc_err_t *err) ONC_MUST_CHECK;

#endif
