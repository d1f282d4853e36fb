/* test_stats_assoc.c: the association and diagnostic statistics (stats_assoc.h) against R.
 *
 * Expected values: tests/data/stats/assoc_reference.tsv, written by tests/r/assoc_reference.R
 * from the inputs it writes beside it (assoc_*.csv); hand-checkable facts (R's documented
 * examples, Firth's closed form for a 2x2 table); and the published results of
 * research/cohorts.md section 2 from ../shared/data/cohorts (skipped when absent). Tolerance:
 * 1e-6 relative, or 1e-10 absolute for values below 1e-4.
 */
#include "check.h"

#include "oncoboard/frame.h"
#include "oncoboard/stats_assoc.h"

#include <math.h>
#include <stdarg.h>

#define DATA "tests/data/stats/"
#include "r_reference.h"
#include "frame_read.h"
#include "published_cohorts.h"

/* ---- tables ---- */

static void fisher_2x2_against_r(void)
{
    static const struct {
        const char *name;
        int64_t t[4];
    } tabs[] = {{"tea", {3, 1, 1, 3}}, {"stk11", {12, 40, 57, 118}}, {"egfr", {3, 20, 66, 138}},
                {"zero", {0, 5, 6, 2}}, {"big", {120, 80, 95, 160}}};
    char k[64];
    for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
        onc_fisher2_t f;
        onc_err_t err = {0};
        CHECK_INT(onc_fisher_2x2(tabs[i].t, 0.95, &f, &err), ONC_OK);
        CHECK_R(f.p, "fisher_%s_p", tabs[i].name);
        /* the full-precision roots, and fisher.test's own (uniroot's tolerance, 1.2e-4) */
        CHECK_R(f.or_mle, "fisher_%s_or_tight", tabs[i].name);
        CHECK_R(f.or_lower, "fisher_%s_lower_tight", tabs[i].name);
        CHECK_R(f.or_upper, "fisher_%s_upper_tight", tabs[i].name);
        snprintf(k, sizeof k, "fisher_%s_or", tabs[i].name);
        CHECK_NEAR(f.or_mle, ref(k), 1e-3 * ref(k) + 1e-12);
        snprintf(k, sizeof k, "fisher_%s_upper", tabs[i].name);
        CHECK_NEAR(f.or_upper, ref(k), 1e-2 * ref(k)); /* tea: R's 621.9 is 0.7% off the root */
    }
    /* the sample odds ratio beside the conditional MLE (cohorts.md 0.3) */
    onc_fisher2_t f;
    onc_err_t err = {0};
    CHECK_INT(onc_fisher_2x2((const int64_t[]){3, 1, 1, 3}, 0.95, &f, &err), ONC_OK);
    CHECK_NEAR(f.or_sample, 9, 1e-12);
    CHECK_INT(onc_fisher_2x2((const int64_t[]){0, 5, 6, 2}, 0.95, &f, &err), ONC_OK);
    CHECK_NEAR(f.or_sample, 0, 0);
    CHECK_NEAR(f.or_mle, 0, 0);
    CHECK_INT(onc_fisher_2x2((const int64_t[]){4, 0, 0, 5}, 0.95, &f, &err), ONC_OK);
    CHECK(isinf(f.or_mle) && isinf(f.or_upper) && isinf(f.or_sample));
    CHECK_INT(onc_fisher_2x2((const int64_t[]){0, 0, 0, 0}, 0.95, &f, &err), ONC_EINVAL);
    CHECK_INT(onc_fisher_2x2((const int64_t[]){1, -1, 0, 0}, 0.95, &f, &err), ONC_EINVAL);
}

static void fisher_rxc_against_r(void)
{
    /* fisher.test's job satisfaction example: p = 0.7827 in R's help page */
    const int64_t job[16] = {1, 3, 10, 6, 2, 3, 10, 7, 1, 6, 14, 12, 0, 1, 9, 11};
    double p;
    onc_err_t err = {0};
    CHECK_INT(onc_fisher_rxc(job, 4, 4, &p, &err), ONC_OK);
    CHECK_R(p, "fisher_job_p");
    CHECK_NEAR(p, 0.7827, 5e-5);
    CHECK_INT(onc_fisher_rxc((const int64_t[]){5, 2, 8, 1, 7, 3}, 2, 3, &p, &err), ONC_OK);
    CHECK_R(p, "fisher_t23_p");
    /* the 2x2 case agrees with the 2x2 test */
    CHECK_INT(onc_fisher_rxc((const int64_t[]){12, 40, 57, 118}, 2, 2, &p, &err), ONC_OK);
    CHECK_R(p, "fisher_stk11_p");
    /* an empty column; a table too large to enumerate */
    CHECK_INT(onc_fisher_rxc((const int64_t[]){1, 0, 2, 0}, 2, 2, &p, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "column 2") != NULL);
    int64_t big[25];
    for (int i = 0; i < 25; i++) big[i] = 40 + i;
    CHECK_INT(onc_fisher_rxc(big, 5, 5, &p, &err), ONC_ELIMIT);
    CHECK(strstr(err.msg, "chi-square") != NULL);
}

static void chisq_and_mcnemar_against_r(void)
{
    static const struct {
        const char *name;
        int64_t t[4];
    } tabs[] = {{"tea", {3, 1, 1, 3}}, {"stk11", {12, 40, 57, 118}}, {"egfr", {3, 20, 66, 138}},
                {"zero", {0, 5, 6, 2}}, {"big", {120, 80, 95, 160}}};
    onc_chisq_t c;
    onc_err_t err = {0};
    for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
        CHECK_INT(onc_chisq_test(tabs[i].t, 2, 2, true, &c, &err), ONC_OK);
        CHECK_R(c.stat, "chisq_%s_stat", tabs[i].name);
        CHECK_R(c.p, "chisq_%s_p", tabs[i].name);
        CHECK_INT(onc_chisq_test(tabs[i].t, 2, 2, false, &c, &err), ONC_OK);
        CHECK_R(c.stat, "chisq_%s_stat_nocorrect", tabs[i].name);
        CHECK_R(c.p, "chisq_%s_p_nocorrect", tabs[i].name);
    }
    CHECK_INT(onc_chisq_test((const int64_t[]){3, 1, 1, 3}, 2, 2, true, &c, &err), ONC_OK);
    CHECK(c.small_expected);
    const int64_t job[16] = {1, 3, 10, 6, 2, 3, 10, 7, 1, 6, 14, 12, 0, 1, 9, 11};
    CHECK_INT(onc_chisq_test(job, 4, 4, true, &c, &err), ONC_OK);
    CHECK_R(c.stat, "chisq_job_stat");
    CHECK_R(c.p, "chisq_job_p");
    CHECK_INT(c.df, 9);
    CHECK_INT(onc_chisq_test((const int64_t[]){0, 0, 2, 3}, 2, 2, true, &c, &err), ONC_EINVAL);
    /* mcnemar.test's example (presidential approval): discordant 150 and 86, so
     * (|150 - 86| - 1)^2 / 236 by hand */
    const int64_t perf[4] = {794, 150, 86, 570};
    CHECK_INT(onc_mcnemar_test(perf, 2, true, &c, &err), ONC_OK);
    CHECK_R(c.stat, "mcnemar_perf_stat");
    CHECK_R(c.p, "mcnemar_perf_p");
    CHECK_NEAR(c.stat, 63.0 * 63.0 / 236.0, 1e-12);
    CHECK_INT(onc_mcnemar_test(perf, 2, false, &c, &err), ONC_OK);
    CHECK_R(c.stat, "mcnemar_perf_stat_nocorrect");
    CHECK_R(c.p, "mcnemar_perf_p_nocorrect");
    CHECK_INT(onc_mcnemar_test((const int64_t[]){20, 5, 3, 8, 30, 4, 2, 9, 25}, 3, true, &c, &err), ONC_OK);
    CHECK_R(c.stat, "mcnemar_m3_stat");
    CHECK_R(c.p, "mcnemar_m3_p");
    CHECK_INT(c.df, 3);
    CHECK_INT(onc_mcnemar_test((const int64_t[]){5, 0, 0, 7}, 2, true, &c, &err), ONC_EINVAL);
    /* a symmetric table: R corrects only when the discordant cells differ, so 0 and p = 1 */
    CHECK_INT(onc_mcnemar_test((const int64_t[]){35, 11, 11, 33}, 2, true, &c, &err), ONC_OK);
    CHECK_NEAR(c.stat, 0, 0);
    CHECK_NEAR(c.p, 1, 0);
    CHECK_R(c.stat, "cli_mcnemar_stat");
}

/* ---- rank tests ---- */

static void wilcoxon_against_r(void)
{
    onc_frame_t *f = frame(DATA "assoc_twogroup.csv");
    if (!f) return;
    size_t n = onc_frame_rows(f);
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    static const char *sets[] = {"exact", "tied", "large"};
    for (int s = 0; s < 3; s++) {
        /* the group of each set: "a" in rows of set s */
        size_t na = 0, nb = 0;
        double *val = column(f, "value");
        int cs = onc_frame_col(f, "set"), cg = onc_frame_col(f, "group");
        for (size_t i = 0; val && i < n; i++) {
            if (strcmp(onc_frame_cell(f, i, (size_t)cs), sets[s]) != 0) continue;
            if (strcmp(onc_frame_cell(f, i, (size_t)cg), "a") == 0) a[na++] = val[i];
            else b[nb++] = val[i];
        }
        free(val);
        onc_rank_test_t w;
        onc_err_t err = {0};
        CHECK_INT(onc_wilcoxon_test(a, na, b, nb, ONC_RANK_AUTO, &w, &err), ONC_OK);
        CHECK_R(w.stat, "wilcox_%s_W", sets[s]);
        CHECK_R(w.p, "wilcox_%s_p", sets[s]);
        CHECK(w.exact == (s == 0));
        CHECK(w.ties == (s == 1));
        if (s == 0) {
            CHECK_INT(onc_wilcoxon_test(a, na, b, nb, ONC_RANK_NORMAL, &w, &err), ONC_OK);
            CHECK_R(w.p, "wilcox_exact_p_normal");
            /* the groups swapped: W becomes mn - W, the same p (the counts of the smaller group) */
            onc_rank_test_t w2;
            CHECK_INT(onc_wilcoxon_test(b, nb, a, na, ONC_RANK_AUTO, &w2, &err), ONC_OK);
            CHECK_NEAR(w2.stat, (double)(na * nb) - ref("wilcox_exact_W"), 0);
            CHECK_R(w2.p, "wilcox_exact_p");
        }
        if (s == 2) { /* 60 and 70 values: exact only when asked, as R's exact = TRUE */
            CHECK_INT(onc_wilcoxon_test(a, na, b, nb, ONC_RANK_EXACT, &w, &err), ONC_OK);
            CHECK(w.exact);
            CHECK_R(w.p, "wilcox_large_p_exact");
        }
    }
    free(a), free(b);
    onc_frame_free(f);
}

static void wilcoxon_bad_input(void)
{
    onc_rank_test_t w;
    onc_err_t err = {0};
    const double x[] = {2, 2, 2}, y[] = {2, 2};
    CHECK_INT(onc_wilcoxon_test(x, 3, y, 2, ONC_RANK_AUTO, &w, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "tied") != NULL);
    CHECK_INT(onc_wilcoxon_test(x, 3, y, 0, ONC_RANK_AUTO, &w, &err), ONC_EINVAL);
    /* one member in a group: R's result, wilcox.test(1, c(2, 3)): W = 0, p = 2/3 */
    const double one[] = {1}, two[] = {2, 3};
    CHECK_INT(onc_wilcoxon_test(one, 1, two, 2, ONC_RANK_AUTO, &w, &err), ONC_OK);
    CHECK_NEAR(w.stat, 0, 0);
    CHECK_NEAR(w.p, 2.0 / 3, 1e-15);
    const double nan_y[] = {NAN, NAN};
    CHECK_INT(onc_wilcoxon_test(one, 1, nan_y, 2, ONC_RANK_AUTO, &w, &err), ONC_EINVAL);
}

static void signrank_against_r(void)
{
    onc_frame_t *f = frame(DATA "assoc_paired.csv");
    if (!f) return;
    size_t n = onc_frame_rows(f);
    double *bef = column(f, "before"), *aft = column(f, "after"), *d = malloc(n * sizeof *d);
    int cs = onc_frame_col(f, "set");
    static const char *sets[] = {"exact", "tied", "large"};
    for (int s = 0; bef && aft && s < 3; s++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(onc_frame_cell(f, i, (size_t)cs), sets[s]) == 0) d[m++] = aft[i] - bef[i];
        onc_rank_test_t w;
        onc_err_t err = {0};
        CHECK_INT(onc_signrank_test(d, m, ONC_RANK_AUTO, &w, &err), ONC_OK);
        CHECK_R(w.stat, "signrank_%s_V", sets[s]);
        CHECK_R(w.p, "signrank_%s_p", sets[s]);
        CHECK(w.exact == (s == 0));
    }
    onc_rank_test_t w;
    onc_err_t err = {0};
    /* forced exact at the cap: the counts stay finite (2^1000 subsets); beyond it, a clear error */
    double big[1001];
    for (int i = 0; i < 1001; i++) big[i] = (i % 2 ? 1 : -1) * (i + 1) * 1.5;
    CHECK_INT(onc_signrank_test(big, 1000, ONC_RANK_EXACT, &w, &err), ONC_OK);
    CHECK(w.exact && w.p > 0 && w.p <= 1);
    CHECK_INT(onc_signrank_test(big, 1001, ONC_RANK_EXACT, &w, &err), ONC_ELIMIT);
    const double zeros[] = {0, 0, 0};
    CHECK_INT(onc_signrank_test(zeros, 3, ONC_RANK_AUTO, &w, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "zero") != NULL);
    free(bef), free(aft), free(d);
    onc_frame_free(f);
}

/* ---- logistic regression ---- */

/* Design [1, columns...] from f's columns (column-major); y from column yname. */
static double *design(onc_frame_t *f, const char *const *cols, size_t k, const char *yname, double **y)
{
    size_t n = onc_frame_rows(f);
    double *x = malloc((k + 1) * n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = 1;
    for (size_t j = 0; j < k; j++) {
        double *c = column(f, cols[j]);
        if (c) memcpy(x + (j + 1) * n, c, n * sizeof *c);
        free(c);
    }
    *y = column(f, yname);
    return x;
}

static const char *const terms[] = {"intercept", "age", "marker", "sex"};

static void logistic_against_r(void)
{
    onc_frame_t *f = frame(DATA "assoc_logistic.csv");
    if (!f) return;
    double *y, *x = design(f, terms + 1, 3, "response", &y);
    size_t n = onc_frame_rows(f);
    onc_logit_fit_t fit;
    onc_err_t err = {0};
    CHECK_INT(onc_logit_fit(x, y, n, 4, NULL, &fit, &err), ONC_OK);
    char k[64];
    for (size_t j = 0; j < 4 && fit.coef; j++) {
        /* coefficients within 1e-6 x max(|value|, se) */
        snprintf(k, sizeof k, "glm_%s_coef", terms[j]);
        CHECK_NEAR(fit.coef[j], ref(k), 1e-6 * fmax(fabs(ref(k)), fit.se[j]));
        CHECK_R(fit.se[j], "glm_%s_se", terms[j]);
        CHECK_R(fit.z[j], "glm_%s_z", terms[j]);
        CHECK_R(fit.pval[j], "glm_%s_p", terms[j]);
        CHECK(!fit.diverged[j]);
    }
    CHECK_R(fit.deviance, "glm_deviance");
    CHECK_R(fit.null_deviance, "glm_null_deviance");
    CHECK_R(fit.aic, "glm_aic");
    CHECK_R(fit.lr_stat, "glm_lr_stat");
    CHECK_R(fit.lr_p, "glm_lr_p");
    CHECK(fit.converged && !fit.separation && !fit.fitted_01);
    onc_logit_fit_free(&fit);
    free(x), free(y);
    onc_frame_free(f);
}

static void logistic_separation(void)
{
    onc_frame_t *f = frame(DATA "assoc_separation.csv");
    if (!f) return;
    static const char *const cols[] = {"x", "x2"};
    double *y, *x = design(f, cols, 2, "response", &y);
    size_t n = onc_frame_rows(f);
    onc_logit_fit_t fit;
    onc_err_t err = {0};
    /* R: "glm.fit: fitted probabilities numerically 0 or 1 occurred" (assoc_reference.R prints it) */
    CHECK_INT(onc_logit_fit(x, y, n, 3, NULL, &fit, &err), ONC_OK);
    CHECK(fit.fitted_01);
    CHECK(fit.separation);
    CHECK(fit.diverged && fit.diverged[1]);
    /* the same steps as R's default fit: R's (meaningless) numbers, to its 25 iterations */
    for (size_t j = 0; fit.coef && j < 3; j++) {
        CHECK_R(fit.coef[j], "glm_sep_%zu_coef", j + 1);
        CHECK_R(fit.se[j], "glm_sep_%zu_se", j + 1);
    }
    CHECK_INT(fit.iterations, (int)ref("glm_sep_iter"));
    CHECK_R(fit.deviance, "glm_sep_deviance");
    onc_logit_fit_free(&fit);
    /* Firth's estimates stay finite there */
    onc_logit_opts_t o;
    onc_logit_opts_init(&o);
    o.firth = true;
    CHECK_INT(onc_logit_fit(x, y, n, 3, &o, &fit, &err), ONC_OK);
    CHECK(fit.coef && isfinite(fit.coef[1]) && fit.coef[1] > 0 && isfinite(fit.upper[1]));
    onc_logit_fit_free(&fit);
    /* one outcome only; a constant covariate */
    for (size_t i = 0; i < n; i++) y[i] = 1;
    CHECK_INT(onc_logit_fit(x, y, n, 3, NULL, &fit, &err), ONC_EINVAL);
    y[0] = 0;
    for (size_t i = 0; i < n; i++) x[n + i] = 2;
    CHECK_INT(onc_logit_fit(x, y, n, 3, NULL, &fit, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "singular") != NULL);
    free(x), free(y);
    onc_frame_free(f);
}

/* Quasi-complete separation: only x1's estimate goes to infinity; the intercept and x2 stay finite.
 * All agree with R, x1's huge estimate and standard error included (the same steps). */
static void logistic_quasi_separation(void)
{
    onc_frame_t *f = frame(DATA "assoc_quasi_separation.csv");
    if (!f) return;
    static const char *const cols[] = {"x1", "x2"};
    double *y, *x = design(f, cols, 2, "response", &y);
    onc_logit_fit_t fit;
    onc_err_t err = {0};
    CHECK_INT(onc_logit_fit(x, y, onc_frame_rows(f), 3, NULL, &fit, &err), ONC_OK);
    if (fit.coef) {
        CHECK(fit.fitted_01 && fit.separation);
        CHECK(!fit.diverged[0] && fit.diverged[1] && !fit.diverged[2]);
        CHECK_R(fit.coef[0], "glm_quasi_intercept_coef");
        CHECK_R(fit.se[0], "glm_quasi_intercept_se");
        CHECK_R(fit.coef[2], "glm_quasi_x2_coef");
        CHECK_R(fit.se[2], "glm_quasi_x2_se");
        CHECK_R(fit.pval[2], "glm_quasi_x2_p");
        CHECK_R(fit.coef[1], "glm_quasi_x1_coef");
        CHECK_R(fit.se[1], "glm_quasi_x1_se");
        CHECK_INT(fit.iterations, (int)ref("glm_quasi_iter"));
    }
    onc_logit_fit_free(&fit);
    free(x), free(y);
    onc_frame_free(f);
}

static void firth_against_r(void)
{
    onc_frame_t *f = frame(DATA "assoc_firth.csv");
    if (!f) return;
    double *y, *x = design(f, terms + 1, 3, "response", &y);
    size_t n = onc_frame_rows(f);
    onc_logit_opts_t o;
    onc_logit_opts_init(&o);
    o.firth = true;
    onc_logit_fit_t fit;
    onc_err_t err = {0};
    CHECK_INT(onc_logit_fit(x, y, n, 4, &o, &fit, &err), ONC_OK);
    char k[64];
    for (size_t j = 0; j < 4 && fit.coef; j++) {
        snprintf(k, sizeof k, "firth_%s_coef", terms[j]);
        CHECK_NEAR(fit.coef[j], ref(k), 1e-6 * fmax(fabs(ref(k)), fit.se[j]));
        CHECK_R(fit.se[j], "firth_%s_se", terms[j]);
        CHECK_R(fit.pval[j], "firth_%s_p", terms[j]);
        /* the interval ends: R's uniroot on an optim() profile, each a little noisy */
        snprintf(k, sizeof k, "firth_%s_lower", terms[j]);
        CHECK_NEAR(fit.lower[j], ref(k), 1e-6 * fmax(fabs(ref(k)), fit.se[j]));
        snprintf(k, sizeof k, "firth_%s_upper", terms[j]);
        CHECK_NEAR(fit.upper[j], ref(k), 1e-6 * fmax(fabs(ref(k)), fit.se[j]));
    }
    CHECK_R(fit.loglik, "firth_pll");
    CHECK_R(fit.lr_stat, "firth_lr_stat");
    onc_logit_fit_free(&fit);
    free(x), free(y);
    onc_frame_free(f);
}

/* Firth on one binary covariate is the log odds ratio with 1/2 added to each cell (Firth 1993). */
static void firth_closed_form(void)
{
    const int a = 7, b = 0, c = 3, d = 9; /* exposed: 7 events, 0 non; unexposed: 3 and 9 */
    size_t n = a + b + c + d;
    double x[2 * 19], y[19];
    for (size_t i = 0; i < n; i++) {
        x[i] = 1;
        x[n + i] = i < (size_t)(a + b);
        y[i] = i < (size_t)a || (i >= (size_t)(a + b) && i < (size_t)(a + b + c));
    }
    onc_logit_opts_t o;
    onc_logit_opts_init(&o);
    o.firth = true;
    onc_logit_fit_t fit;
    onc_err_t err = {0};
    CHECK_INT(onc_logit_fit(x, y, n, 2, &o, &fit, &err), ONC_OK);
    if (!fit.coef) return;
    CHECK_NEAR(fit.coef[1], log((a + .5) * (d + .5) / ((b + .5) * (c + .5))), 1e-9);
    CHECK_NEAR(fit.coef[0], log((c + .5) / (d + .5)), 1e-9);
    CHECK(fit.lower[1] < fit.coef[1] && fit.coef[1] < fit.upper[1]);
    onc_logit_fit_free(&fit);
}

/* ---- ROC, cut-off, adjustment ---- */

static void roc_against_proc(void)
{
    onc_frame_t *f = frame(DATA "assoc_roc.csv");
    if (!f) return;
    double *s = column(f, "score"), *y = column(f, "outcome");
    size_t n = onc_frame_rows(f);
    onc_roc_t r;
    onc_err_t err = {0};
    CHECK_INT(onc_roc_auc(s, y, n, true, 0.95, &r, &err), ONC_OK);
    CHECK_R(r.auc, "roc_auc");
    CHECK_R(r.var, "roc_var");
    CHECK_R(r.lower, "roc_lower");
    CHECK_R(r.upper, "roc_upper");
    CHECK_R(r.cutoff_youden, "roc_youden_cutoff");
    CHECK_R(r.sensitivity, "roc_youden_sens");
    CHECK_R(r.specificity, "roc_youden_spec");
    CHECK_INT(r.n_youden, (int)ref("roc_youden_n"));
    CHECK_INT(onc_roc_auc(s, y, n, false, 0.95, &r, &err), ONC_OK);
    CHECK_R(r.auc, "roc_lower_dir_auc");
    y[0] = 7;
    CHECK_INT(onc_roc_auc(s, y, n, true, 0.95, &r, &err), ONC_EINVAL);
    const double s1[] = {1, 2, 3}, y1[] = {1, 0, 0};
    CHECK_INT(onc_roc_auc(s1, y1, 3, true, 0.95, &r, &err), ONC_EINVAL);
    free(s), free(y);
    onc_frame_free(f);
}

static void optimism_bootstrap(void)
{
    onc_frame_t *f = frame(DATA "assoc_logistic.csv");
    if (!f) return;
    double *y, *x = design(f, terms + 1, 3, "response", &y);
    size_t n = onc_frame_rows(f);
    onc_optimism_t a, b;
    onc_err_t err = {0};
    CHECK_INT(onc_logit_auc_optimism(x, y, n, 4, 200, 42, &a, &err), ONC_OK);
    CHECK_INT(onc_logit_auc_optimism(x, y, n, 4, 200, 42, &b, &err), ONC_OK);
    CHECK_NEAR(a.corrected, b.corrected, 0); /* seeded: the same resamples */
    CHECK_INT(a.used + a.skipped, 200);
    /* the apparent AUC is the AUC of the fitted linear predictor */
    onc_logit_fit_t fit;
    onc_roc_t r;
    CHECK_INT(onc_logit_fit(x, y, n, 4, NULL, &fit, &err), ONC_OK);
    CHECK_INT(onc_roc_auc(fit.lin_pred, y, n, true, 0.95, &r, &err), ONC_OK);
    CHECK_NEAR(a.apparent, r.auc, 1e-15);
    /* three covariates on 200 rows: a small positive optimism */
    CHECK(a.optimism > 0 && a.optimism < 0.05);
    onc_logit_fit_free(&fit);
    free(x), free(y);
    onc_frame_free(f);
}

static void maxstat_against_r(void)
{
    onc_frame_t *f = frame(DATA "assoc_maxstat.csv");
    if (!f) return;
    size_t n = onc_frame_rows(f);
    double *mk = column(f, "marker"), *t = column(f, "time"), *e = column(f, "event"), *v = column(f, "value"),
           *r = column(f, "response");
    onc_maxstat_t m;
    onc_err_t err = {0};
    CHECK_INT(onc_maxstat(mk, t, e, n, ONC_MAXSTAT_LOGRANK, 0.1, 0.9, &m, &err), ONC_OK);
    CHECK_R(m.stat, "maxstat_logrank_stat");
    CHECK_R(m.cutoff, "maxstat_logrank_cut");
    CHECK_R(m.p, "maxstat_logrank_p");
    CHECK_INT(onc_maxstat(mk, v, NULL, n, ONC_MAXSTAT_WILCOXON, 0.1, 0.9, &m, &err), ONC_OK);
    CHECK_R(m.stat, "maxstat_wilcoxon_stat");
    CHECK_R(m.cutoff, "maxstat_wilcoxon_cut");
    CHECK_R(m.p, "maxstat_wilcoxon_p");
    CHECK_INT(onc_maxstat(mk, r, NULL, n, ONC_MAXSTAT_DATA, 0.2, 0.8, &m, &err), ONC_OK);
    CHECK_R(m.stat, "maxstat_data_stat");
    CHECK_R(m.cutoff, "maxstat_data_cut");
    CHECK_R(m.p, "maxstat_data_p");
    for (size_t i = 0; i < n; i++) r[i] = 1;
    CHECK_INT(onc_maxstat(mk, r, NULL, n, ONC_MAXSTAT_DATA, 0.1, 0.9, &m, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "all equal") != NULL);
    free(mk), free(t), free(e), free(v), free(r);
    onc_frame_free(f);
}

static void padjust_against_r(void)
{
    onc_frame_t *f = frame(DATA "assoc_padjust.csv");
    if (!f) return;
    double *p = column(f, "p"), adj[16];
    size_t n = onc_frame_rows(f);
    static const char *methods[] = {"BH", "BY", "holm", "bonferroni"};
    for (int m = 0; p && m < 4; m++) {
        onc_padjust_method pm;
        onc_err_t err = {0};
        CHECK_INT(onc_padjust_method_parse(methods[m], &pm, &err), ONC_OK);
        CHECK_INT(onc_padjust(p, n, pm, adj, &err), ONC_OK);
        for (size_t i = 0; i < n; i++) {
            if (isnan(p[i])) {
                CHECK(isnan(adj[i]));
                continue;
            }
            CHECK_R(adj[i], "padjust_%s_%zu", methods[m], i + 1);
        }
    }
    onc_padjust_method pm;
    onc_err_t err = {0};
    CHECK_INT(onc_padjust_method_parse("hommel", &pm, &err), ONC_EINVAL);
    const double bad[] = {0.1, 1.5};
    CHECK_INT(onc_padjust(bad, 2, ONC_PADJ_BH, adj, &err), ONC_EINVAL);
    free(p);
    onc_frame_free(f);
}

/* ---- published results (research/cohorts.md section 2) ---- */

/* The values of column col of Rizvi 2015's DCB and NDB patients (published_cohorts.h reads the
 * cohort); which: 0 all, 1 discovery, 2 validation. */
static void rizvi15_groups(const rizvi15_t *r, const char *col, int which, double *dcb, size_t *nd, double *ndb, size_t *nn)
{
    double *v = column(r->pat, col);
    *nd = *nn = 0;
    for (size_t i = 0; v && i < r->n; i++) {
        if (r->dcb[i] < 0 || isnan(v[i])) continue;
        if ((which == 1 && !r->discovery[i]) || (which == 2 && r->discovery[i])) continue;
        if (r->dcb[i] == 1) dcb[(*nd)++] = v[i];
        else ndb[(*nn)++] = v[i];
    }
    free(v);
}

/* Rizvi 2015 (Science): nonsynonymous burden, DCB vs NDB: pooled exact Mann-Whitney P = 0.0008
 * (R: 0.00084), discovery P = 0.02 (exact 0.016; normal 0.020), validation P = 0.04;
 * neoantigens P = 0.001 (R 0.0018); discovery DCB above vs below the median burden, Fisher
 * P = 0.04; DCB by smoking signature TH vs TL, 77% vs 22%, Fisher P = 0.004. */
static void rizvi_2015(void)
{
    rizvi15_t r;
    if (rizvi15_open(&r) != 0) SKIP("../shared/data/cohorts/luad_mskcc_2015 is absent");
    double dcb[64], ndb[64];
    size_t nd, nn;
    onc_rank_test_t w;
    onc_err_t err = {0};
    rizvi15_groups(&r, "NONSYNONYMOUS_MUTATION_BURDEN", 0, dcb, &nd, ndb, &nn);
    CHECK_INT(nd, 14);
    CHECK_INT(nn, 17);
    CHECK_INT(onc_wilcoxon_test(dcb, nd, ndb, nn, ONC_RANK_AUTO, &w, &err), ONC_OK);
    CHECK(w.exact);
    CHECK_R(w.p, "rizvi2015_pooled_burden_p");
    CHECK(fabs(w.p - 0.0008) < 0.00005); /* the paper's rounding */
    rizvi15_groups(&r, "NEOANTIGEN_BURDEN", 0, dcb, &nd, ndb, &nn);
    CHECK_INT(onc_wilcoxon_test(dcb, nd, ndb, nn, ONC_RANK_AUTO, &w, &err), ONC_OK);
    CHECK(!w.exact && w.ties);
    CHECK_R(w.p, "rizvi2015_pooled_neoantigen_p");
    CHECK(fabs(w.p - 0.001) < 0.001);
    rizvi15_groups(&r, "NONSYNONYMOUS_MUTATION_BURDEN", 1, dcb, &nd, ndb, &nn);
    CHECK_INT(nd + nn, 16);
    CHECK_INT(onc_wilcoxon_test(dcb, nd, ndb, nn, ONC_RANK_AUTO, &w, &err), ONC_OK);
    CHECK_R(w.p, "rizvi2015_discovery_burden_p");
    CHECK_INT(onc_wilcoxon_test(dcb, nd, ndb, nn, ONC_RANK_NORMAL, &w, &err), ONC_OK);
    CHECK_R(w.p, "rizvi2015_discovery_burden_p_normal");
    CHECK(fabs(w.p - 0.02) < 0.005);
    /* above vs below the discovery median (209; 16 values: the mean of the middle two) */
    double all[32];
    memcpy(all, dcb, nd * sizeof *all), memcpy(all + nd, ndb, nn * sizeof *all);
    double med = cohort_quantile7(all, nd + nn, 0.5);
    CHECK_NEAR(med, 209, 0);
    int64_t t[4] = {0, 0, 0, 0}; /* rows above/below, columns DCB/NDB */
    for (size_t i = 0; i < nd; i++) t[dcb[i] > med ? 0 : 2]++;
    for (size_t i = 0; i < nn; i++) t[ndb[i] > med ? 1 : 3]++;
    onc_fisher2_t fi;
    CHECK_INT(onc_fisher_2x2(t, 0.95, &fi, &err), ONC_OK);
    CHECK_R(fi.p, "rizvi2015_discovery_fisher_p");
    CHECK_R(fi.or_mle, "rizvi2015_discovery_fisher_or");
    CHECK(fabs(fi.p - 0.04) < 0.005);
    rizvi15_groups(&r, "NONSYNONYMOUS_MUTATION_BURDEN", 2, dcb, &nd, ndb, &nn);
    CHECK_INT(nd + nn, 15); /* 18 validation patients, 3 not evaluable at 6 months */
    CHECK_INT(onc_wilcoxon_test(dcb, nd, ndb, nn, ONC_RANK_AUTO, &w, &err), ONC_OK);
    CHECK_R(w.p, "rizvi2015_validation_burden_p");
    CHECK(fabs(w.p - 0.04) < 0.005);
    /* the smoking signature: rows TH, TL; columns DCB, NDB */
    int cs = onc_frame_col(r.pat, "MOLECULAR_SMOKING_SIGNATURE");
    int64_t s[4] = {0, 0, 0, 0};
    for (size_t i = 0; cs >= 0 && i < r.n; i++) {
        const char *sig = onc_frame_cell(r.pat, i, (size_t)cs);
        if (r.dcb[i] < 0 || !sig) continue;
        s[(strcmp(sig, "Transversion High") == 0 ? 0 : 2) + (r.dcb[i] == 0 ? 1 : 0)]++;
    }
    CHECK_INT(onc_fisher_2x2(s, 0.95, &fi, &err), ONC_OK);
    CHECK_R(fi.p, "rizvi2015_smoking_fisher_p");
    CHECK_R(fi.or_mle, "rizvi2015_smoking_fisher_or");
    CHECK_R(fi.or_lower, "rizvi2015_smoking_fisher_lower");
    CHECK_R(fi.or_upper, "rizvi2015_smoking_fisher_upper");
    CHECK(fabs(fi.p - 0.004) < 0.0005);
    CHECK_NEAR((double)s[0] / (double)(s[0] + s[1]), 0.77, 0.005); /* 77% vs 22% */
    CHECK_NEAR((double)s[2] / (double)(s[2] + s[3]), 0.22, 0.005);
    rizvi15_close(&r);
}

/* Rizvi 2018 (JCO): TMB (MUTATION_RATE) DCB vs NDB, Mann-Whitney p = 0.0064 (published .006);
 * AUC of TMB for DCB 0.614 (R, all DCB-evaluable; published 0.601). */
static void rizvi_2018_tmb(void)
{
    const char *pp = shared_data("cohorts/nsclc_pd1_msk_2018/data_clinical_patient.txt");
    if (!pp) SKIP("../shared/data/cohorts/nsclc_pd1_msk_2018 is absent");
    onc_frame_t *pat = frame(pp);
    onc_frame_t *smp = frame(shared_data("cohorts/nsclc_pd1_msk_2018/data_clinical_sample.txt"));
    if (!pat || !smp) {
        onc_frame_free(pat), onc_frame_free(smp);
        return;
    }
    size_t np = onc_frame_rows(pat), ns = onc_frame_rows(smp);
    double *rate = column(smp, "MUTATION_RATE");
    double *yes = malloc(np * sizeof *yes), *no = malloc(np * sizeof *no), *score = malloc(np * sizeof *score),
           *y = malloc(np * sizeof *y);
    size_t ny = 0, nn = 0, m = 0;
    int pid = onc_frame_col(pat, "PATIENT_ID"), dcb = onc_frame_col(pat, "DURABLE_CLINICAL_BENEFIT"),
        sid = onc_frame_col(smp, "PATIENT_ID");
    for (size_t i = 0; rate && i < np; i++) {
        const char *b = onc_frame_cell(pat, i, (size_t)dcb);
        if (!b || strcmp(b, "NE") == 0) continue;
        for (size_t k = 0; k < ns; k++) {
            if (strcmp(onc_frame_cell(smp, k, (size_t)sid), onc_frame_cell(pat, i, (size_t)pid)) != 0) continue;
            bool benefit = strcmp(b, "YES") == 0;
            if (benefit) yes[ny++] = rate[k];
            else no[nn++] = rate[k];
            score[m] = rate[k], y[m++] = benefit;
            break;
        }
    }
    CHECK_INT(ny, 69);
    CHECK_INT(nn, 158);
    onc_rank_test_t w;
    onc_err_t err = {0};
    CHECK_INT(onc_wilcoxon_test(yes, ny, no, nn, ONC_RANK_AUTO, &w, &err), ONC_OK);
    CHECK_R(w.p, "rizvi2018_tmb_p");
    CHECK(fabs(w.p - 0.006) < 0.0005);
    onc_roc_t r;
    CHECK_INT(onc_roc_auc(score, y, m, true, 0.95, &r, &err), ONC_OK);
    CHECK_R(r.auc, "rizvi2018_tmb_auc");
    CHECK_R(r.lower, "rizvi2018_tmb_auc_lower");
    CHECK_R(r.upper, "rizvi2018_tmb_auc_upper");
    CHECK(fabs(r.auc - 0.614) < 0.0005);
    free(rate), free(yes), free(no), free(score), free(y);
    onc_frame_free(pat), onc_frame_free(smp);
}

/* Chowell 2021: AUC of the published RF16 score and of TMB for response, training (n = 1184,
 * 319 responders) and test (295, 90): R 0.849 / 0.795 and 0.622 / 0.628 (cohorts.md 2.6). */
static void chowell_2021_auc(void)
{
    static const char *sets[] = {"training", "test_msk"}, *vars[] = {"RF16_prob", "TMB"};
    static const double rounded[2][2] = {{0.849, 0.622}, {0.795, 0.628}};
    for (int s = 0; s < 2; s++) {
        char rel[128];
        snprintf(rel, sizeof rel, "cohorts/chowell_2021/chowell_%s.csv", sets[s]);
        const char *path = shared_data(rel);
        if (!path) SKIP("../shared/data/cohorts/chowell_2021 is absent");
        onc_frame_t *f = frame(path);
        if (!f) return;
        double *y = column(f, "Response");
        for (int v = 0; y && v < 2; v++) {
            double *x = column(f, vars[v]);
            onc_roc_t r;
            onc_err_t err = {0};
            CHECK_INT(onc_roc_auc(x, y, onc_frame_rows(f), true, 0.95, &r, &err), ONC_OK);
            CHECK_INT(r.n_cases, s == 0 ? 319 : 90);
            CHECK_R(r.auc, "chowell_%s_%s_auc", sets[s], vars[v]);
            CHECK_R(r.lower, "chowell_%s_%s_auc_lower", sets[s], vars[v]);
            CHECK_R(r.upper, "chowell_%s_%s_auc_upper", sets[s], vars[v]);
            CHECK(fabs(r.auc - rounded[s][v]) < 0.0005);
            free(x);
        }
        free(y);
        onc_frame_free(f);
    }
}

/* Samstein 2019 (tmb_mskcc_2018, 1,661 patients): the maximally selected log-rank cut-off of TMB
 * for overall survival, against R's maxstat on the same rows (cBioPortal's "1:DECEASED"). */
static void samstein_2019_cutpoint(void)
{
    samstein19_t sm;
    if (samstein19_open(&sm) != 0) SKIP("../shared/data/cohorts/tmb_mskcc_2018 is absent");
    double *e = malloc(sm.n * sizeof *e);
    for (size_t i = 0; i < sm.n; i++) e[i] = sm.died[i];
    onc_maxstat_t m;
    onc_err_t err = {0};
    CHECK_INT(sm.n, 1661);
    CHECK_INT(onc_maxstat(sm.tmb, sm.os, e, sm.n, ONC_MAXSTAT_LOGRANK, 0.1, 0.9, &m, &err), ONC_OK);
    CHECK_R(m.stat, "samstein_maxstat_stat");
    CHECK_R(m.cutoff, "samstein_maxstat_cut");
    CHECK_R(m.p, "samstein_maxstat_p");
    free(e);
    samstein19_close(&sm);
}

/* Riaz 2017 (cohorts.md 2.8): mutation count on treatment less before, per patient with both,
 * signed-rank test: responders (7) p = 0.022, non-responders (17) p = 0.13. */
static void riaz_2017_paired(void)
{
    const char *sp = shared_data("cohorts/other_icb_cbioportal/mel_iatlas_riaz_nivolumab_2017/"
                                 "mel_iatlas_riaz_nivolumab_2017_sample_clinical_data.csv");
    if (!sp) SKIP("../shared/data/cohorts/other_icb_cbioportal/mel_iatlas_riaz_nivolumab_2017 is absent");
    onc_frame_t *smp = frame(sp);
    onc_frame_t *pat = frame(shared_data("cohorts/other_icb_cbioportal/mel_iatlas_riaz_nivolumab_2017/"
                                         "mel_iatlas_riaz_nivolumab_2017_patient_clinical_data.csv"));
    if (!smp || !pat) {
        onc_frame_free(smp), onc_frame_free(pat);
        return;
    }
    double *count = column(smp, "MUTATION_COUNT"), d[2][128];
    size_t nd[2] = {0, 0};
    int sid = onc_frame_col(smp, "sampleId"), pid = onc_frame_col(pat, "patientId"), resp = onc_frame_col(pat, "RESPONDER");
    for (size_t i = 0; count && i < onc_frame_rows(pat); i++) {
        const char *pt = onc_frame_cell(pat, i, (size_t)pid), *r = onc_frame_cell(pat, i, (size_t)resp);
        if (!r) continue;
        double pre = NAN, on = NAN;
        char want[64];
        for (size_t k = 0; k < onc_frame_rows(smp); k++) {
            const char *s = onc_frame_cell(smp, k, (size_t)sid);
            if (snprintf(want, sizeof want, "%s_pre", pt) < (int)sizeof want && strcmp(s, want) == 0) pre = count[k];
            if (snprintf(want, sizeof want, "%s_on", pt) < (int)sizeof want && strcmp(s, want) == 0) on = count[k];
        }
        int g = strcmp(r, "TRUE") == 0 ? 0 : 1;
        if (!isnan(pre) && !isnan(on) && nd[g] < 128) d[g][nd[g]++] = on - pre;
    }
    static const char *names[] = {"riaz_responders", "riaz_nonresponders"};
    for (int g = 0; g < 2; g++) {
        onc_rank_test_t w;
        onc_err_t err = {0};
        CHECK_R((double)nd[g], "%s_n", names[g]);
        CHECK_INT(onc_signrank_test(d[g], nd[g], ONC_RANK_AUTO, &w, &err), ONC_OK);
        CHECK_R(w.stat, "%s_V", names[g]);
        CHECK_R(w.p, "%s_p", names[g]);
        CHECK(fabs(w.p - (g == 0 ? 0.022 : 0.13)) < (g == 0 ? 0.0005 : 0.005));
    }
    free(count);
    onc_frame_free(smp), onc_frame_free(pat);
}

/* Rizvi 2018 gene table (cohorts.md 2.1, counts from the MAF): EGFR 3/23 vs 66/204, Fisher
 * p = 0.059; STK11 12/52 vs 57/175, p = 0.23. */
static void rizvi_2018_gene_fisher(void)
{
    onc_fisher2_t f;
    onc_err_t err = {0};
    CHECK_INT(onc_fisher_2x2((const int64_t[]){3, 20, 66, 138}, 0.95, &f, &err), ONC_OK);
    CHECK(fabs(f.p - 0.059) < 0.0005);
    CHECK_INT(onc_fisher_2x2((const int64_t[]){12, 40, 57, 118}, 0.95, &f, &err), ONC_OK);
    CHECK(fabs(f.p - 0.23) < 0.005);
}

int main(void)
{
    load_refs(DATA "assoc_reference.tsv");
    load_refs(DATA "assoc_cohorts_reference.tsv"); /* R on ../shared/data/cohorts */
    RUN(fisher_2x2_against_r);
    RUN(fisher_rxc_against_r);
    RUN(chisq_and_mcnemar_against_r);
    RUN(wilcoxon_against_r);
    RUN(wilcoxon_bad_input);
    RUN(signrank_against_r);
    RUN(logistic_against_r);
    RUN(logistic_separation);
    RUN(logistic_quasi_separation);
    RUN(firth_against_r);
    RUN(firth_closed_form);
    RUN(roc_against_proc);
    RUN(optimism_bootstrap);
    RUN(maxstat_against_r);
    RUN(padjust_against_r);
    RUN(rizvi_2015);
    RUN(rizvi_2018_tmb);
    RUN(rizvi_2018_gene_fisher);
    RUN(chowell_2021_auc);
    RUN(samstein_2019_cutpoint);
    RUN(riaz_2017_paired);
    CHECK_EXIT();
}
