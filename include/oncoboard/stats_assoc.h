/* stats_assoc.h: association and diagnostic statistics on plain arrays, agreeing with R
 * (docs/stats.md, "Association and diagnostic statistics").
 *
 * Every function takes its data as arrays and counts, fills a result struct and returns an
 * onc_rc; a statistic that is undefined for the data (a single group, an empty margin, every
 * value tied) is ONC_EINVAL with a message saying why, never a NaN in the result. GSL supplies
 * the distributions, the root finders and the linear algebra. The functions never print.
 *
 * The R functions each one reproduces: fisher.test, chisq.test, wilcox.test, mcnemar.test,
 * glm(family = binomial), logistf (Firth), pROC's roc/ci.auc (DeLong)/coords, maxstat.test
 * (pmethod = "Lau92"), p.adjust, cor.test.
 */
#ifndef ONCOBOARD_STATS_ASSOC_H
#define ONCOBOARD_STATS_ASSOC_H

#include "oncoboard/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- contingency tables ---- */

/* Fisher's exact test on the 2x2 table {{a, b}, {c, d}} (t = a, b, c, d, row by row), as R's
 * fisher.test(alternative = "two.sided"): p sums the tables no more probable than the observed
 * one (relative tolerance 1e-7), the odds ratio is the conditional maximum-likelihood estimate
 * (0 or +Inf at the edge of the support) with its exact interval at level conf; or_sample is
 * a*d/(b*c) (+Inf when b*c is 0 and a*d is not; NaN when both are 0: then say so). */
typedef struct onc_fisher2 {
    double p, or_mle, or_lower, or_upper, or_sample;
} onc_fisher2_t;
onc_rc onc_fisher_2x2(const int64_t t[4], double conf, onc_fisher2_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* Fisher's exact test on an r x c table (row by row), two-sided, as fisher.test: the tables with
 * the same margins are enumerated, whole branches of them added or dropped at once when bounds
 * on their probabilities allow. More than ONC_FISHER_MAX_STEPS steps, or more than
 * ONC_FISHER_MAX_N observations, is ONC_ELIMIT (use the chi-square test). */
#define ONC_FISHER_MAX_STEPS 5e7
#define ONC_FISHER_MAX_N 100000
onc_rc onc_fisher_rxc(const int64_t *t, size_t r, size_t c, double *p, onc_err_t *err) ONC_MUST_CHECK;

/* Pearson's chi-square test of independence on an r x c table, as chisq.test: Yates' continuity
 * correction on a 2x2 table when yates is set (R's default). small_expected is set when an
 * expected count is below 5 (R warns that the approximation may be incorrect). */
typedef struct onc_chisq {
    double stat, df, p;
    bool small_expected;
} onc_chisq_t;
onc_rc onc_chisq_test(const int64_t *t, size_t r, size_t c, bool yates, onc_chisq_t *out,
                      onc_err_t *err) ONC_MUST_CHECK;

/* McNemar's test on a square k x k table of paired outcomes (row: first, column: second), as
 * mcnemar.test: with the continuity correction on a 2x2 table when correct is set. */
onc_rc onc_mcnemar_test(const int64_t *t, size_t k, bool correct, onc_chisq_t *out,
                        onc_err_t *err) ONC_MUST_CHECK;

/* ---- rank tests ---- */

typedef enum onc_rank_method { ONC_RANK_AUTO, ONC_RANK_EXACT, ONC_RANK_NORMAL } onc_rank_method;

/* stat: W (rank-sum) or V (signed-rank) as R reports them; exact tells which p was computed;
 * ties and zeros say why an exact p was not possible (R warns then). */
typedef struct onc_rank_test {
    double stat, p;
    bool exact, ties, zeros;
    size_t n_used; /* signed-rank: the non-zero differences */
} onc_rank_test_t;

/* Wilcoxon rank-sum / Mann-Whitney test of x against y, two-sided, as wilcox.test(x, y): AUTO
 * is exact when both samples are under 50 and there are no ties, else the normal approximation
 * with continuity and tie corrections. NaN values are dropped. */
onc_rc onc_wilcoxon_test(const double *x, size_t nx, const double *y, size_t ny, onc_rank_method method,
                         onc_rank_test_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* Wilcoxon signed-rank test of the differences d (e.g. after - before), two-sided, as
 * wilcox.test(x, y, paired = TRUE): zero differences dropped; AUTO exact below 50 pairs
 * without ties or zeros. NaN differences are dropped. */
onc_rc onc_signrank_test(const double *d, size_t n, onc_rank_method method, onc_rank_test_t *out,
                         onc_err_t *err) ONC_MUST_CHECK;

/* ---- logistic regression ---- */

/* The design: n rows, p columns (column-major: x[j * n + i]); the first column is usually the
 * intercept (all 1). y is 0/1. Rows with a NaN are the caller's to drop. */
typedef struct onc_logit_fit {
    size_t n, p;
    double *coef, *se, *z, *pval; /* p each */
    double *lower, *upper;        /* 95% interval of coef (Wald; Firth: profile when profiled) */
    bool *diverged;               /* coefficients that go to +-infinity (separation) */
    double deviance, null_deviance, aic, loglik;
    double lr_stat, lr_df, lr_p;  /* the model against the intercept alone */
    int iterations;
    bool converged, fitted_01;    /* fitted_01: fitted probabilities numerically 0 or 1 */
    bool separation;              /* some coefficient diverged */
    bool firth, profile;          /* profile: Firth's intervals and p by penalised likelihood */
    double *lin_pred;             /* n: the fitted linear predictor */
} onc_logit_fit_t;

typedef struct onc_logit_opts {
    bool firth;
    bool profile;      /* Firth: profile-penalised-likelihood intervals and p (logistf's default) */
    double conf;       /* interval level [0.95] */
    int max_iter;      /* [25 for glm as R; 100 for Firth] */
    double epsilon;    /* glm: converged when |dev - dev_old| / (|dev| + 0.1) < epsilon [1e-8, as R];
                          the estimates are then polished by up to 5 more steps */
} onc_logit_opts_t;
void onc_logit_opts_init(onc_logit_opts_t *o);

/* Fits y on x. out is zeroed and filled (free with onc_logit_fit_free). A singular design or
 * one without both outcomes is ONC_EINVAL. */
onc_rc onc_logit_fit(const double *x, const double *y, size_t n, size_t p, const onc_logit_opts_t *o,
                     onc_logit_fit_t *out, onc_err_t *err) ONC_MUST_CHECK;
void onc_logit_fit_free(onc_logit_fit_t *f); /* accepts NULL */

/* ---- ROC ---- */

/* ROC of score against outcome y (0/1), higher score = case when higher is set (pROC's
 * direction "<"), else lower. auc with DeLong's variance and interval at level conf (clipped
 * to [0, 1] as pROC does); the Youden cut-off among pROC's thresholds (-Inf, the midpoints
 * between distinct scores, +Inf), with its sensitivity and specificity; n_youden counts the
 * thresholds that tie for the best (the lowest is reported, as pROC lists it first; an
 * infinite one means no cut-off beats calling everyone positive or negative). */
typedef struct onc_roc {
    double auc, var, lower, upper;
    double cutoff_youden, sensitivity, specificity;
    size_t n_cases, n_controls, n_youden;
} onc_roc_t;
onc_rc onc_roc_auc(const double *score, const double *y, size_t n, bool higher, double conf, onc_roc_t *out,
                   onc_err_t *err) ONC_MUST_CHECK;

/* The ROC curve's points as pROC's coords(roc, "all"): at each threshold (-Inf, the midpoints
 * between consecutive distinct scores, +Inf), the sensitivity and specificity of calling
 * score > threshold a case (score < threshold when higher is false), in the order of the sweep
 * from everyone positive (sensitivity 1, specificity 0) to everyone negative. Needs one case
 * and one control; rows with a NaN score or outcome are left out. Free with onc_roc_curve_free. */
typedef struct onc_roc_curve {
    size_t n;
    double *threshold, *sensitivity, *specificity;
} onc_roc_curve_t;
onc_rc onc_roc_curve(const double *score, const double *y, size_t n, bool higher, onc_roc_curve_t *out,
                     onc_err_t *err) ONC_MUST_CHECK;
void onc_roc_curve_free(onc_roc_curve_t *c);

/* ---- bootstrap resamples (Harrell's optimism correction; docs/stats.md "Bootstrap resamples") ---- */

/* B resamples of the n analysed rows (the complete rows, in the order of the input). row NULL:
 * drawn one at a time by the bootstrap, each row index a gsl_rng_uniform_int(n) of GSL's mt19937
 * seeded with seed. Otherwise given: row[b * n + i] is resample b's i-th row, 0-based, read
 * from a file (onc_resamples_read) or drawn ahead (onc_resamples_draw, the same draws). */
typedef struct onc_resamples {
    size_t B, n;
    unsigned long seed;
    uint32_t *row;
} onc_resamples_t;
#define ONC_RESAMPLES_MAX_B 100000
#define ONC_RESAMPLES_MAX_CELLS ((size_t)50000000) /* B x n of a given set: 200 MB */

onc_rc onc_resamples_draw(size_t B, size_t n, unsigned long seed, onc_resamples_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* The resamples file (one resample a line: n 1-based row numbers separated by spaces, tabs or a
 * comma; '#' lines and blank lines skipped) from text (name for messages), every line n numbers
 * in 1..n. Errors name name:line: field k. */
onc_rc onc_resamples_parse(const char *text, size_t len, const char *name, size_t n, onc_resamples_t *out,
                           onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_resamples_read(const char *path, size_t n, onc_resamples_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* Writes given resamples in that format after the comment line note (may be NULL): ONC_EIO
 * when a write fails. */
onc_rc onc_resamples_write(const onc_resamples_t *r, const char *note, FILE *fp, onc_err_t *err) ONC_MUST_CHECK;
void onc_resamples_free(onc_resamples_t *r);

/* Harrell's bootstrap optimism correction of a logistic model's AUC: over the resamples rs of
 * the n rows (rs->n must be n when given), each fitted, the AUC of its linear predictor on the
 * resample less on the original rows, averaged as the optimism. Resamples with one outcome
 * only, a singular design or a failed fit are skipped and counted. seed is rs->seed. */
typedef struct onc_optimism {
    double apparent, optimism, corrected;
    size_t used, skipped;
    unsigned long seed;
} onc_optimism_t;
onc_rc onc_logit_auc_optimism_rs(const double *x, const double *y, size_t n, size_t p, const onc_resamples_t *rs,
                                 onc_optimism_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* The same over B resamples drawn with seed. */
onc_rc onc_logit_auc_optimism(const double *x, const double *y, size_t n, size_t p, size_t B,
                              unsigned long seed, onc_optimism_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- a cut-off on a continuous marker ---- */

/* Scores of the response: LOGRANK (time, event: maxstat's log-rank scores), WILCOXON (a
 * continuous response: its ranks), DATA (the response itself, e.g. 0/1). */
typedef enum onc_maxstat_scores { ONC_MAXSTAT_LOGRANK, ONC_MAXSTAT_WILCOXON, ONC_MAXSTAT_DATA } onc_maxstat_scores;

/* Maximally selected rank statistic over the cut-offs of marker x between the minprop and
 * maxprop quantiles, as maxstat.test(..., pmethod = "Lau92"): the cut-off (group x <= cutoff),
 * the standardised statistic and Lausen and Schumacher's (1992) adjusted p. */
typedef struct onc_maxstat {
    double cutoff, stat, p;
    size_t n_cutoffs, n_below;
} onc_maxstat_t;
onc_rc onc_maxstat(const double *x, const double *y, const double *event, size_t n, onc_maxstat_scores scores,
                   double minprop, double maxprop, onc_maxstat_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- multiple testing ---- */

typedef enum onc_padjust_method { ONC_PADJ_BH, ONC_PADJ_BY, ONC_PADJ_HOLM, ONC_PADJ_BONFERRONI } onc_padjust_method;
/* Adjusted p-values as p.adjust: NaN entries stay NaN and do not count in n. */
onc_rc onc_padjust(const double *p, size_t n, onc_padjust_method method, double *out, onc_err_t *err) ONC_MUST_CHECK;
/* "BH" (or "fdr"), "BY", "holm", "bonferroni": ONC_OK, or ONC_EINVAL. */
onc_rc onc_padjust_method_parse(const char *s, onc_padjust_method *m, onc_err_t *err) ONC_MUST_CHECK;

/* ---- correlation (src/stats/stats_cor.c) ---- */

typedef enum onc_cor_method { ONC_COR_PEARSON, ONC_COR_SPEARMAN, ONC_COR_KENDALL } onc_cor_method;
typedef enum onc_alternative { ONC_ALT_TWO_SIDED, ONC_ALT_LESS, ONC_ALT_GREATER } onc_alternative;
/* How a correlation's p was found: Student's t on n - 2 df (Pearson; Spearman with ties or
 * exact = FALSE or n > 1290), EXACT (Spearman n <= 9: every permutation; Kendall: the
 * distribution of the concordant pairs), EDGEWORTH (Spearman 10 <= n <= 1290: AS 89's series),
 * NORMAL (Kendall with ties or n >= 50). */
typedef enum onc_cor_pmethod { ONC_COR_P_T, ONC_COR_P_EXACT, ONC_COR_P_EDGEWORTH, ONC_COR_P_NORMAL } onc_cor_pmethod;

typedef struct onc_cor_opts {
    onc_cor_method method;      /* [PEARSON] */
    onc_alternative alternative; /* [TWO_SIDED]: LESS tests a negative, GREATER a positive association */
    double conf;                /* Pearson's Fisher-z interval [0.95] */
    onc_rank_method exact;      /* AUTO: R's exact = NULL; EXACT: exact = TRUE; NORMAL: exact = FALSE */
} onc_cor_opts_t;
void onc_cor_opts_init(onc_cor_opts_t *o);

/* estimate: r, rho or tau-b. statistic as cor.test names it (statistic_name): t (Pearson, on
 * df = n - 2), S (Spearman, (n^3 - n)(1 - rho)/6), T (Kendall exact: the concordant pairs) or z
 * (Kendall normal). lower, upper: Pearson's interval (NaN when n = 3, or for the rank methods,
 * where R gives none). ties: x or y has tied values; ties_warning: R's "Cannot compute exact
 * p-value with ties" (an exact p was asked for, R's default, but ties made it impossible). */
typedef struct onc_cor_test {
    double estimate, statistic, df, p, lower, upper;
    char statistic_name[2];
    size_t n, n_missing;
    onc_cor_pmethod p_method;
    bool ties, ties_warning;
} onc_cor_test_t;

/* The correlation of x and y (n rows each) and its test, as R's cor.test(x, y, method,
 * alternative, exact, conf.level): rows where either is NaN are left out and counted. Fewer
 * than 3 complete pairs, an infinite value, or a constant column (R: NA, "the standard
 * deviation is zero") is ONC_EINVAL; a forced exact Kendall test on more than
 * ONC_COR_KENDALL_EXACT_MAX pairs is ONC_ELIMIT. */
#define ONC_COR_KENDALL_EXACT_MAX 1000
onc_rc onc_cor_test(const double *x, const double *y, size_t n, const onc_cor_opts_t *o, onc_cor_test_t *out,
                    onc_err_t *err) ONC_MUST_CHECK;

#endif
