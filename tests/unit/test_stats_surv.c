/* test_stats_surv.c: the survival statistics against R. tests/r/survival_reference.R computes
 * every value with R's survival package (coxph with eps = 1e-12) on the generated data in
 * tests/data/stats/surv_ties.csv (heavy ties, strata, missing values) and on the shared reference
 * datasets, and writes them to tests/data/stats/surv_golden.tsv. Tolerances as issue 7 sets
 * them: coefficients within 1e-6 x max(|value|, its SE); everything else within 1e-6 relative,
 * or 1e-10 absolute below 1e-4. A few values are also checked against research/cohorts.md
 * section 3 (R outputs printed there), and bad inputs against their documented errors. */
#include "check.h"

#include "oncoboard/frame.h"
#include "oncoboard/stats_surv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "published_cohorts.h"

/* ------------------------------------------------------------------ the golden table */
typedef struct gold {
    char *key;
    double *v;
    size_t n;
} gold_t;
static gold_t *golds;
static size_t n_golds;

static void gold_load(void)
{
    FILE *fp = fopen("tests/data/stats/surv_golden.tsv", "r");
    if (!fp) return;
    static char line[1 << 20];
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        gold_t g = {strdup(line), NULL, 0};
        size_t cap = 1;
        for (char *c = tab + 1; *c; c++) cap += *c == ',';
        g.v = malloc(cap * sizeof *g.v);
        for (char *s = tab + 1; g.n < cap;) {
            char *end;
            if (strncmp(s, "NA", 2) == 0) g.v[g.n++] = NAN, end = s + 2;
            else g.v[g.n++] = strtod(s, &end);
            if (*end != ',') break;
            s = end + 1;
        }
        golds = realloc(golds, (n_golds + 1) * sizeof *golds);
        golds[n_golds++] = g;
    }
    fclose(fp);
}

static const gold_t *gold(const char *key)
{
    for (size_t i = 0; i < n_golds; i++)
        if (strcmp(golds[i].key, key) == 0) return &golds[i];
    fprintf(stderr, "golden key %s missing\n", key);
    check_failed = 1;
    return NULL;
}

static int close_stat(double got, double want)
{
    if (isnan(want)) return isnan(got);
    if (isinf(want)) return got == want;
    if (fabs(want) < 1e-4) return fabs(got - want) <= 1e-10;
    return fabs(got - want) <= 1e-6 * fabs(want);
}

/* Compares n values with the golden key; se (may be NULL) makes it the coefficient rule. */
static void check_gold(const char *key, const double *got, size_t n, const double *se)
{
    const gold_t *g = gold(key);
    if (!g) return;
    if (g->n != n) {
        fprintf(stderr, "%s: %zu values, R has %zu\n", key, n, g->n);
        check_failed = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int ok = se && !isnan(g->v[i]) ? fabs(got[i] - g->v[i]) <= 1e-6 * fmax(fabs(g->v[i]), se[i])
                                      : close_stat(got[i], g->v[i]);
        if (!ok) {
            fprintf(stderr, "%s[%zu] is %.17g, R %.17g\n", key, i, got[i], g->v[i]);
            check_failed = 1;
        }
    }
}

static void check_gold1(const char *prefix, const char *suffix, double got)
{
    char key[600];
    snprintf(key, sizeof key, "%s%s", prefix, suffix);
    check_gold(key, &got, 1, NULL);
}

/* ------------------------------------------------------------------ data sets */
typedef struct ds {
    onc_frame_t *f;
    size_t n;
    double *time;
    int *status;
} ds_t;

static void ds_free(ds_t *d)
{
    onc_frame_free(d->f);
    free(d->time), free(d->status);
    memset(d, 0, sizeof *d);
}

/* Reads path (spaces turned to tabs when space_sep) with its time and event columns. */
static int ds_open(ds_t *d, const char *path, int space_sep, const char *time_col, const char *event_col)
{
    memset(d, 0, sizeof *d);
    FILE *fp = path ? fopen(path, "rb") : NULL;
    if (!fp) return -1;
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    for (size_t i = 0; space_sep && i < len; i++)
        if (text[i] == ' ') text[i] = '\t';
    onc_err_t err = {0};
    CHECK(onc_frame_parse(text, len, path, &d->f, &err) == ONC_OK);
    if (!d->f) return -1;
    d->n = onc_frame_rows(d->f);
    d->time = malloc(d->n * sizeof *d->time);
    d->status = malloc(d->n * sizeof *d->status);
    CHECK(onc_frame_numeric(d->f, time_col, d->time, NULL, &err) == ONC_OK);
    CHECK(onc_surv_event_column(d->f, path, event_col, d->status, NULL, &err) == ONC_OK);
    if (err.code) fprintf(stderr, "%s\n", err.msg);
    return 0;
}

static double *ds_numeric(ds_t *d, const char *col)
{
    double *v = malloc(d->n * sizeof *v);
    onc_err_t err = {0};
    CHECK(onc_frame_numeric(d->f, col, v, NULL, &err) == ONC_OK);
    return v;
}

/* ------------------------------------------------------------------ Kaplan-Meier */
static void check_km_curve(const char *k, const onc_km_t *km, onc_ci_type ci)
{
    char key[300];
#define KEY(s) (snprintf(key, sizeof key, "%s.%s", k, s), key)
    if (ci == ONC_CI_LOG) {
        double n = (double)km->n;
        check_gold(KEY("n"), &n, 1, NULL);
        check_gold(KEY("time"), km->time, km->n_times, NULL);
        check_gold(KEY("n_risk"), km->n_risk, km->n_times, NULL);
        check_gold(KEY("n_event"), km->n_event, km->n_times, NULL);
        check_gold(KEY("surv"), km->surv, km->n_times, NULL);
        check_gold(KEY("std_err"), km->std_err, km->n_times, NULL);
        const gold_t *at = gold(KEY("at_times"));
        if (at) {
            double nr[16], s[16];
            for (size_t i = 0; i < at->n && i < 16; i++) {
                nr[i] = onc_km_n_risk_at(km, at->v[i]);
                s[i] = onc_km_surv_at(km, at->v[i]);
            }
            check_gold(KEY("at_n_risk"), nr, at->n, NULL);
            check_gold(KEY("at_surv"), s, at->n, NULL);
        }
    }
    check_gold(KEY("lower"), km->lower, km->n_times, NULL);
    check_gold(KEY("upper"), km->upper, km->n_times, NULL);
    double med[3] = {km->median, km->median_lower, km->median_upper};
    check_gold(KEY("median"), med, 3, NULL);
#undef KEY
}

/* KM of each level (code NULL: all rows, level "all") with the three interval types, and the
 * restricted mean at the default tau (the smallest of the groups' largest times). */
static void check_km_arrays(const char *prefix, const double *time, const int *status, size_t n, const int *code,
                            const char *const *levels, size_t n_levels)
{
    onc_err_t err = {0};
    double *t = malloc(n * sizeof *t);
    int *s = malloc(n * sizeof *s);
    onc_km_t *kms = calloc(n_levels, sizeof *kms);
    double tau = INFINITY;
    static const char *const ci_names[] = {"log", "log-log", "plain"};
    for (size_t l = 0; l < n_levels; l++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!code || code[i] == (int)l) t[m] = time[i], s[m++] = status[i];
        for (int ci = 0; ci < 3; ci++) {
            onc_km_opts_t o;
            onc_km_opts_init(&o);
            o.ci = (onc_ci_type)ci;
            onc_km_t km;
            CHECK(onc_km_fit(t, s, m, &o, &km, &err) == ONC_OK);
            char k[256];
            snprintf(k, sizeof k, "%s.%s.%s", prefix, code ? levels[l] : "all", ci_names[ci]);
            check_km_curve(k, &km, o.ci);
            if (ci == 0) {
                kms[l] = km;
                if (km.max_time < tau) tau = km.max_time;
            } else onc_km_free(&km);
        }
    }
    check_gold1(prefix, ".rmst_tau", tau);
    for (size_t l = 0; l < n_levels; l++) {
        double r, se;
        CHECK(onc_km_rmst(&kms[l], tau, &r, &se, &err) == ONC_OK);
        char k[256];
        snprintf(k, sizeof k, "%s.%s.log", prefix, code ? levels[l] : "all");
        check_gold1(k, ".rmst", r);
        check_gold1(k, ".rmst_se", se);
        onc_km_free(&kms[l]);
    }
    free(kms), free(t), free(s);
}

static void check_km(const char *prefix, ds_t *d, const char *group)
{
    onc_factor_t fa = {0};
    onc_err_t err = {0};
    if (group) CHECK(onc_frame_factor(d->f, group, NULL, &fa, &err) == ONC_OK);
    check_km_arrays(prefix, d->time, d->status, d->n, group ? fa.code : NULL, fa.levels, group ? fa.n_levels : 1);
    onc_factor_free(&fa);
}

/* ------------------------------------------------------------------ log-rank */
static void check_lr_result(const char *prefix, const onc_logrank_t *lr)
{
    char key[256];
    double n[ONC_SURV_MAX_GROUPS];
    for (size_t g = 0; g < lr->k; g++) n[g] = (double)lr->n_group[g];
    snprintf(key, sizeof key, "%s.n", prefix);
    check_gold(key, n, lr->k, NULL);
    check_gold1(prefix, ".chisq", lr->chisq);
    check_gold1(prefix, ".df", lr->df);
    check_gold1(prefix, ".p", lr->p);
    snprintf(key, sizeof key, "%s.observed", prefix);
    check_gold(key, lr->observed, lr->k, NULL);
    snprintf(key, sizeof key, "%s.expected", prefix);
    check_gold(key, lr->expected, lr->k, NULL);
    snprintf(key, sizeof key, "%s.var", prefix);
    check_gold(key, lr->var, lr->k * lr->k, NULL);
    if (lr->k == 2) {
        double hr[3] = {lr->hr, lr->hr_lower, lr->hr_upper};
        snprintf(key, sizeof key, "%s.hr", prefix);
        check_gold(key, hr, 3, NULL);
    } else {
        double tr[2] = {lr->trend_chisq, lr->trend_p};
        snprintf(key, sizeof key, "%s.trend", prefix);
        check_gold(key, tr, 2, NULL);
    }
}

static void check_lr(const char *prefix, ds_t *d, const char *group, const char *strata, double rho)
{
    onc_factor_t fg = {0}, fs = {0};
    onc_err_t err = {0};
    CHECK(onc_frame_factor(d->f, group, NULL, &fg, &err) == ONC_OK);
    if (strata) CHECK(onc_frame_factor(d->f, strata, NULL, &fs, &err) == ONC_OK);
    onc_logrank_t lr;
    onc_rc rc = onc_logrank(d->time, d->status, fg.code, fg.n_levels, strata ? fs.code : NULL, d->n, rho, NULL, 0.95,
                            &lr, &err);
    CHECK(rc == ONC_OK);
    if (rc == ONC_OK) check_lr_result(prefix, &lr);
    else fprintf(stderr, "%s: %s\n", prefix, err.msg);
    onc_logrank_free(&lr);
    onc_factor_free(&fg), onc_factor_free(&fs);
}

/* ------------------------------------------------------------------ Cox */
typedef struct cov {
    const char *name;
    const char *ref; /* a factor's reference level; NULL: numeric */
} cov_t;

static void build_design(ds_t *d, const cov_t *cv, size_t n_cov, onc_design_t *x)
{
    onc_err_t err = {0};
    CHECK(onc_design_init(x, d->n, &err) == ONC_OK);
    for (size_t c = 0; c < n_cov; c++) {
        if (cv[c].ref) {
            onc_factor_t fa;
            CHECK(onc_frame_factor(d->f, cv[c].name, *cv[c].ref ? cv[c].ref : NULL, &fa, &err) == ONC_OK);
            CHECK(onc_design_add_factor(x, cv[c].name, fa.code, fa.levels, fa.n_levels, &err) == ONC_OK);
            onc_factor_free(&fa);
        } else {
            double *v = ds_numeric(d, cv[c].name);
            CHECK(onc_design_add_numeric(x, cv[c].name, v, &err) == ONC_OK);
            free(v);
        }
    }
}

static void check_cox(const char *prefix, ds_t *d, const cov_t *cv, size_t n_cov, const char *strata)
{
    static const char *const ties_names[] = {"efron", "breslow"};
    onc_design_t x;
    build_design(d, cv, n_cov, &x);
    onc_factor_t fs = {0};
    onc_err_t err = {0};
    if (strata) CHECK(onc_frame_factor(d->f, strata, NULL, &fs, &err) == ONC_OK);
    for (int t = 0; t < 2; t++) {
        onc_cox_opts_t o;
        onc_cox_opts_init(&o);
        o.ties = (onc_ties)t;
        o.eps = 1e-12;
        o.max_iter = 50;
        onc_cox_t fit;
        char k[256];
        snprintf(k, sizeof k, "%s.%s", prefix, ties_names[t]);
        onc_rc rc = onc_cox_fit(d->time, d->status, x.x, d->n, x.p, strata ? fs.code : NULL, &o, &fit, &err);
        CHECK(rc == ONC_OK);
        if (rc != ONC_OK) {
            fprintf(stderr, "%s: %s\n", k, err.msg);
            continue;
        }
        char key[300];
        double ne[2] = {(double)fit.n, (double)fit.n_events};
        snprintf(key, sizeof key, "%s.n", k), check_gold(key, ne, 2, NULL);
        snprintf(key, sizeof key, "%s.coef", k), check_gold(key, fit.coef, x.p, fit.se);
        snprintf(key, sizeof key, "%s.se", k), check_gold(key, fit.se, x.p, NULL);
        snprintf(key, sizeof key, "%s.z", k), check_gold(key, fit.z, x.p, NULL);
        snprintf(key, sizeof key, "%s.p", k), check_gold(key, fit.pvalue, x.p, NULL);
        snprintf(key, sizeof key, "%s.hr_lower", k), check_gold(key, fit.hr_lower, x.p, NULL);
        snprintf(key, sizeof key, "%s.hr_upper", k), check_gold(key, fit.hr_upper, x.p, NULL);
        double ll[2] = {fit.loglik0, fit.loglik};
        snprintf(key, sizeof key, "%s.loglik", k), check_gold(key, ll, 2, NULL);
        double lrt[3] = {fit.lrt, fit.df, fit.lrt_p}, wald[3] = {fit.wald, fit.df, fit.wald_p},
               score[3] = {fit.score, fit.df, fit.score_p};
        snprintf(key, sizeof key, "%s.lrt", k), check_gold(key, lrt, 3, NULL);
        snprintf(key, sizeof key, "%s.wald", k), check_gold(key, wald, 3, NULL);
        snprintf(key, sizeof key, "%s.score", k), check_gold(key, score, 3, NULL);
        double conc[2] = {fit.concordance, fit.concordance_se};
        snprintf(key, sizeof key, "%s.concordance", k), check_gold(key, conc, 2, NULL);
        CHECK(fit.converged);
        CHECK_STR(fit.warning, "");
        onc_cox_zph_t z;
        rc = onc_cox_zph(d->time, d->status, x.x, d->n, x.p, strata ? fs.code : NULL, x.term, &o, &fit, &z, &err);
        CHECK(rc == ONC_OK);
        if (rc == ONC_OK) {
            double chi[64], df[64], p[64];
            for (size_t i = 0; i < z.n_terms; i++) chi[i] = z.chisq[i], df[i] = z.df[i], p[i] = z.pvalue[i];
            chi[z.n_terms] = z.global_chisq, df[z.n_terms] = z.global_df, p[z.n_terms] = z.global_p;
            snprintf(key, sizeof key, "%s.zph_chisq", k), check_gold(key, chi, z.n_terms + 1, NULL);
            snprintf(key, sizeof key, "%s.zph_df", k), check_gold(key, df, z.n_terms + 1, NULL);
            snprintf(key, sizeof key, "%s.zph_p", k), check_gold(key, p, z.n_terms + 1, NULL);
        }
        onc_cox_zph_free(&z);
        onc_cox_free(&fit);
    }
    onc_factor_free(&fs);
    onc_design_free(&x);
}

/* ------------------------------------------------------------------ tests: generated data */
#define GEN "tests/data/stats/surv_ties.csv"

/* Curves flat at exactly 0.5, against R 4.2.2 / survival 3.5-3's quantile(survfit(...), 0.5):
 * the midpoint up to the next drop, or where the curve reached 0.5 when it ends flat there. */
static void test_median_flat_at_half(void)
{
    static const struct {
        double t[5];
        int s[5];
        size_t n;
        double median;
    } cases[] = {
        {{60, 100}, {1, 0}, 2, 60},                   /* ends flat: not (60 + 100) / 2 */
        {{10, 60, 100, 120}, {1, 1, 0, 1}, 4, 90},    /* flat from 60 to the drop at 120 */
        {{10, 60, 100, 120, 130}, {1, 1, 0, 1, 0}, 5, 120},
        {{10, 60, 100}, {1, 1, 0}, 3, 60},
        {{1, 2, 3, 4}, {1, 1, 1, 1}, 4, 2.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        onc_km_opts_t o;
        onc_km_opts_init(&o);
        onc_km_t km;
        onc_err_t err = {0};
        CHECK_INT(onc_km_fit(cases[i].t, cases[i].s, cases[i].n, &o, &km, &err), ONC_OK);
        CHECK_NEAR(km.median, cases[i].median, 1e-12);
        onc_km_free(&km);
    }
}

/* Harrell's bootstrap C-index: on covariates that are pure noise the apparent C is optimistic
 * and the corrected one falls back to about one half; the same seed gives the same answer, the
 * identities hold, and resamples that cannot be fitted are skipped and counted. */
static void test_cindex_optimism(void)
{
    enum { N = 200, P = 5 };
    static double t[N], x[N * P];
    static int s[N];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20261129);
    for (size_t i = 0; i < N; i++) {
        t[i] = gsl_ran_exponential(rng, 10);
        s[i] = gsl_rng_uniform(rng) < 0.7;
        for (size_t j = 0; j < P; j++) x[i * P + j] = gsl_ran_gaussian(rng, 1);
    }
    gsl_rng_free(rng);
    onc_cox_opts_t o;
    onc_cox_opts_init(&o);
    onc_optimism_t a, b, c;
    onc_err_t err = {0};
    CHECK_INT(onc_cox_cindex_optimism(t, s, x, N, P, NULL, &o, 200, 3, &a, &err), ONC_OK);
    onc_cox_t fit = {0};
    CHECK_INT(onc_cox_fit(t, s, x, N, P, NULL, &o, &fit, &err), ONC_OK);
    CHECK_NEAR(a.apparent, fit.concordance, 1e-15);
    onc_cox_free(&fit);
    CHECK(a.apparent > 0.53);                  /* five noise covariates fitted: optimistic */
    CHECK(a.optimism > 0.02);
    /* the correction takes back most of it (the bootstrap is known to leave a little: 0.536 here,
     * from an apparent 0.574, one sample's chance included) */
    CHECK(fabs(a.corrected - 0.5) < 0.05);
    CHECK_NEAR(a.corrected, a.apparent - a.optimism, 1e-15);
    CHECK_INT(a.used + a.skipped, 200);
    CHECK_INT(onc_cox_cindex_optimism(t, s, x, N, P, NULL, &o, 200, 3, &b, &err), ONC_OK);
    CHECK(a.optimism == b.optimism && a.used == b.used);
    CHECK_INT(onc_cox_cindex_optimism(t, s, x, N, P, NULL, &o, 200, 4, &c, &err), ONC_OK);
    CHECK(a.optimism != c.optimism);
    /* one event among 30 rows: about a third of the resamples lack it and are skipped */
    static double t1[30], x1[30];
    static int s1[30];
    for (size_t i = 0; i < 30; i++) t1[i] = (double)(i + 1), x1[i] = (double)(i % 7), s1[i] = i == 3;
    CHECK_INT(onc_cox_cindex_optimism(t1, s1, x1, 30, 1, NULL, &o, 100, 5, &c, &err), ONC_OK);
    CHECK(c.skipped > 15 && c.skipped < 55);
    CHECK_INT(c.used + c.skipped, 100);
    CHECK_INT(onc_cox_cindex_optimism(t, s, x, N, P, NULL, &o, 0, 3, &c, &err), ONC_EINVAL);
}

static void test_gen_km(void)
{
    ds_t d;
    CHECK(ds_open(&d, GEN, 0, "time", "status") == 0);
    check_km("gen.km.all", &d, NULL);
    check_km("gen.km.arm", &d, "arm");
    ds_free(&d);
}

static void test_gen_logrank(void)
{
    ds_t d;
    CHECK(ds_open(&d, GEN, 0, "time", "status") == 0);
    check_lr("gen.lr.arm", &d, "arm", NULL, 0);
    check_lr("gen.lr.arm_rho1", &d, "arm", NULL, 1);
    check_lr("gen.lr.arm_strata", &d, "arm", "centre", 0);
    check_lr("gen.lr.x2_strata_rho1", &d, "x2", "centre", 1);
    check_lr("gen.lr.x2", &d, "x2", NULL, 0);
    ds_free(&d);
}

static void test_gen_cox(void)
{
    ds_t d;
    CHECK(ds_open(&d, GEN, 0, "time", "status") == 0);
    cov_t cv[] = {{"x1", NULL}, {"x2", NULL}, {"stage", "II"}};
    check_cox("gen.cox.main", &d, cv, 3, "centre");
    check_cox("gen.cox.nostrata", &d, cv, 3, NULL);
    ds_free(&d);
}

/* A column that is twice another is aliased: R's coefficient NA, the rest as without it. */
static void test_gen_cox_collinear(void)
{
    ds_t d;
    CHECK(ds_open(&d, GEN, 0, "time", "status") == 0);
    cov_t cv[] = {{"x1", NULL}, {"x2", NULL}, {"x2b", NULL}};
    onc_design_t x;
    build_design(&d, cv, 3, &x);
    onc_cox_opts_t o;
    onc_cox_opts_init(&o);
    o.eps = 1e-12;
    onc_cox_t fit;
    onc_err_t err = {0};
    CHECK(onc_cox_fit(d.time, d.status, x.x, d.n, x.p, NULL, &o, &fit, &err) == ONC_OK);
    CHECK(fit.aliased[2] && !fit.aliased[0] && !fit.aliased[1]);
    CHECK(fit.df == 2);
    CHECK(strstr(fit.warning, "singular") != NULL);
    check_gold("gen.cox.collinear.coef", fit.coef, 3, fit.se);
    double ll[2] = {fit.loglik0, fit.loglik};
    check_gold("gen.cox.collinear.loglik", ll, 2, NULL);
    onc_cox_free(&fit);
    onc_design_free(&x);
    ds_free(&d);
}

static void test_gen_landmark(void)
{
    ds_t d;
    CHECK(ds_open(&d, GEN, 0, "time", "status") == 0);
    double *resp = ds_numeric(&d, "resp_time"), *t = malloc(d.n * sizeof *t);
    int *s = malloc(d.n * sizeof *s), *g = malloc(d.n * sizeof *g);
    size_t m = 0;
    onc_err_t err = {0};
    CHECK(onc_landmark_select(d.time, d.status, NULL, resp, d.n, 6, t, s, g, &m, &err) == ONC_OK);
    size_t responders = 0;
    for (size_t i = 0; i < m; i++) responders += (size_t)g[i];
    double nn[2] = {(double)m, (double)responders};
    check_gold("gen.landmark.n", nn, 2, NULL);
    onc_logrank_t lr;
    CHECK(onc_logrank(t, s, g, 2, NULL, m, 0, NULL, 0.95, &lr, &err) == ONC_OK);
    check_lr_result("gen.landmark.lr", &lr);
    onc_logrank_free(&lr);
    static const char *const levels[] = {"0", "1"};
    check_km_arrays("gen.landmark.km", t, s, m, g, levels, 2);
    free(resp), free(t), free(s), free(g);
    ds_free(&d);
}

/* ------------------------------------------------------------------ tests: shared data */
#define REF(name) shared_data("reference_survival/" name)

static void test_shared_km(void)
{
    ds_t lung, vet, leuk;
    if (ds_open(&lung, REF("lung.csv"), 0, "time", "status") != 0) SKIP("no ../shared/data/reference_survival");
    CHECK(ds_open(&vet, REF("veteran.csv"), 0, "time", "status") == 0);
    CHECK(ds_open(&leuk, REF("leukemia_anderson.csv"), 1, "t", "status") == 0);
    check_km("shared.km.lung.all", &lung, NULL);
    check_km("shared.km.lung.sex", &lung, "sex");
    check_km("shared.km.veteran.trt", &vet, "trt");
    check_km("shared.km.veteran.celltype", &vet, "celltype");
    check_km("shared.km.leukemia.Rx", &leuk, "Rx");
    /* research/cohorts.md section 3.1, by hand: medians 270 (212-310) and 426 (348-550); veteran
     * trt=2 median 52.5, the midpoint where S is exactly 0.5 (section 4) */
    onc_km_t km;
    onc_err_t err = {0};
    double t[228];
    int s[228];
    size_t m = 0;
    for (size_t i = 0; i < lung.n; i++)
        if (strcmp(onc_frame_cell(lung.f, i, (size_t)onc_frame_col(lung.f, "sex")), "1") == 0)
            t[m] = lung.time[i], s[m++] = lung.status[i];
    CHECK(onc_km_fit(t, s, m, NULL, &km, &err) == ONC_OK);
    CHECK(km.median == 270 && km.median_lower == 212 && km.median_upper == 310);
    CHECK_NEAR(onc_km_surv_at(&km, 300), 0.4410889, 5e-8);
    onc_km_free(&km);
    ds_free(&lung), ds_free(&vet), ds_free(&leuk);
}

static void test_shared_logrank(void)
{
    ds_t lung, vet, leuk, g3, lym, rossi;
    if (ds_open(&lung, REF("lung.csv"), 0, "time", "status") != 0) SKIP("no ../shared/data/reference_survival");
    CHECK(ds_open(&vet, REF("veteran.csv"), 0, "time", "status") == 0);
    CHECK(ds_open(&leuk, REF("leukemia_anderson.csv"), 1, "t", "status") == 0);
    CHECK(ds_open(&g3, REF("g3.csv"), 0, "time", "event") == 0);
    CHECK(ds_open(&lym, REF("lymphoma.csv"), 0, "Time", "Censor") == 0);
    CHECK(ds_open(&rossi, REF("rossi.csv"), 0, "week", "arrest") == 0);
    check_lr("shared.lr.lung.sex", &lung, "sex", NULL, 0);
    check_lr("shared.lr.lung.sex_rho1", &lung, "sex", NULL, 1);
    check_lr("shared.lr.veteran.trt", &vet, "trt", NULL, 0);
    check_lr("shared.lr.veteran.celltype", &vet, "celltype", NULL, 0);
    check_lr("shared.lr.veteran.celltype_strata", &vet, "celltype", "trt", 0);
    check_lr("shared.lr.leukemia.Rx", &leuk, "Rx", NULL, 0);
    check_lr("shared.lr.leukemia.Rx_rho1", &leuk, "Rx", NULL, 1);
    check_lr("shared.lr.g3.group", &g3, "group", NULL, 0);
    check_lr("shared.lr.lymphoma.stage", &lym, "Stage_group", NULL, 0);
    check_lr("shared.lr.rossi.fin_strata", &rossi, "fin", "race", 0);
    /* cohorts.md 3.1 by hand: chi-square 10.3267419549, O 112/53, E 91.5817390296 */
    onc_factor_t fa;
    onc_err_t err = {0};
    CHECK(onc_frame_factor(lung.f, "sex", NULL, &fa, &err) == ONC_OK);
    onc_logrank_t lr;
    CHECK(onc_logrank(lung.time, lung.status, fa.code, 2, NULL, lung.n, 0, NULL, 0.95, &lr, &err) == ONC_OK);
    CHECK_NEAR(lr.chisq, 10.3267419549, 1e-9);
    CHECK_NEAR(lr.expected[0], 91.5817390296, 1e-9);
    CHECK_NEAR(lr.var[0], 40.3714339796, 1e-9);
    onc_logrank_free(&lr);
    onc_factor_free(&fa);
    ds_free(&lung), ds_free(&vet), ds_free(&leuk), ds_free(&g3), ds_free(&lym), ds_free(&rossi);
}

static void test_shared_cox(void)
{
    ds_t lung, vet, rossi;
    if (ds_open(&lung, REF("lung.csv"), 0, "time", "status") != 0) SKIP("no ../shared/data/reference_survival");
    CHECK(ds_open(&vet, REF("veteran.csv"), 0, "time", "status") == 0);
    CHECK(ds_open(&rossi, REF("rossi.csv"), 0, "week", "arrest") == 0);
    cov_t lung3[] = {{"age", NULL}, {"sex", NULL}, {"ph.ecog", NULL}};
    check_cox("shared.cox.lung3", &lung, lung3, 3, NULL);
    check_cox("shared.cox.lungsex", &lung, lung3 + 1, 1, NULL);
    cov_t v[] = {{"trt", NULL}, {"celltype", "squamous"}, {"karno", NULL}, {"diagtime", NULL},
                 {"age", NULL}, {"prior", NULL}};
    check_cox("shared.cox.veteran", &vet, v, 6, NULL);
    cov_t r[] = {{"fin", NULL}, {"age", NULL},  {"race", NULL}, {"wexp", NULL},
                 {"mar", NULL}, {"paro", NULL}, {"prio", NULL}};
    check_cox("shared.cox.rossi", &rossi, r, 7, NULL);
    cov_t rs[] = {{"fin", NULL}, {"age", NULL}, {"wexp", NULL}, {"mar", NULL}, {"paro", NULL}, {"prio", NULL}};
    check_cox("shared.cox.rossi_strata", &rossi, rs, 6, "race");
    ds_free(&lung), ds_free(&vet), ds_free(&rossi);
}

/* ------------------------------------------------------------------ bad input */
static void test_bad_input(void)
{
    onc_err_t err = {0};
    double t[4] = {1, 2, -3, 4}, x[4] = {1, 2, 3, 4};
    int s[4] = {1, 0, 1, 1}, g[4] = {0, 1, 0, 1};
    onc_km_t km;
    CHECK(onc_km_fit(t, s, 4, NULL, &km, &err) == ONC_EINVAL);
    CHECK(strstr(err.msg, "row 3") && strstr(err.msg, "negative"));
    /* R's Surv: a largest value of 2 means 1/2 coding; 0 then is no status at all */
    double v12[3] = {1, 2, NAN}, v012[3] = {0, 1, 2}, v3[2] = {0, 3};
    int st[3];
    CHECK(onc_surv_status_from(v12, 3, st, &err) == ONC_OK && st[0] == 0 && st[1] == 1 && st[2] == -1);
    CHECK(onc_surv_status_from(v012, 3, st, &err) == ONC_EINVAL);
    CHECK(onc_surv_status_from(v3, 2, st, &err) == ONC_EINVAL);
    /* no events: the test and the model are undefined; one group: no test */
    t[2] = 3;
    int none[4] = {0, 0, 0, 0};
    onc_logrank_t lr;
    CHECK(onc_logrank(t, none, g, 2, NULL, 4, 0, NULL, 0.95, &lr, &err) == ONC_EINVAL);
    CHECK(strstr(err.msg, "no events") != NULL);
    CHECK(onc_logrank(t, s, g, 1, NULL, 4, 0, NULL, 0.95, &lr, &err) == ONC_EINVAL);
    onc_cox_t fit;
    CHECK(onc_cox_fit(t, none, x, 4, 1, NULL, NULL, &fit, &err) == ONC_EINVAL);
    /* a constant covariate: nothing to fit (R: coefficient NA) */
    double c[4] = {2, 2, 2, 2};
    CHECK(onc_cox_fit(t, s, c, 4, 1, NULL, NULL, &fit, &err) == ONC_EINVAL);
    CHECK(strstr(err.msg, "varies") != NULL);
    /* out of iterations: R's warning, not converged, the estimate so far */
    double t6[6] = {1, 2, 3, 4, 5, 6}, x6[6] = {3, 1, 2, 0, 1, 0};
    int s6[6] = {1, 1, 0, 1, 1, 0};
    onc_cox_opts_t o;
    onc_cox_opts_init(&o);
    o.max_iter = 1;
    CHECK(onc_cox_fit(t6, s6, x6, 6, 1, NULL, &o, &fit, &err) == ONC_OK);
    CHECK(!fit.converged && strstr(fit.warning, "Ran out of iterations") != NULL && isfinite(fit.coef[0]));
    onc_cox_free(&fit);
    /* a group with one member is a valid comparison (R's survdiff gives a result) */
    CHECK(onc_logrank(t, s, (int[]){0, 0, 0, 1}, 2, NULL, 4, 0, NULL, 0.95, &lr, &err) == ONC_OK);
    CHECK(isfinite(lr.chisq) && lr.n_group[1] == 1);
    onc_logrank_free(&lr);
}

/* Separation: the coefficient runs off and R warns; the log-likelihoods still agree. */
static void test_gen_cox_separation(void)
{
    ds_t d;
    CHECK(ds_open(&d, "tests/data/stats/surv_separation.csv", 0, "time", "status") == 0);
    double *x = ds_numeric(&d, "x");
    onc_cox_t fit;
    onc_err_t err = {0};
    CHECK(onc_cox_fit(d.time, d.status, x, d.n, 1, NULL, NULL, &fit, &err) == ONC_OK);
    CHECK(strstr(fit.warning, "Loglik converged before variable 1; coefficient may be infinite") != NULL);
    const gold_t *g = gold("gen.cox.separation.loglik");
    if (g) {
        CHECK_NEAR(fit.loglik0, g->v[0], 1e-9);
        CHECK_NEAR(fit.loglik, g->v[1], 1e-4); /* R stops at its own iteration on the plateau */
    }
    onc_cox_free(&fit);
    free(x);
    ds_free(&d);
}

/* RMST past a group's last time holds the curve flat, as survival's print(rmean=1000) whose
 * values research/cohorts.md section 3.1 lists: 325.298 (22.669) and 458.817 (33.989). */
static void test_shared_rmst_1000(void)
{
    ds_t lung;
    if (ds_open(&lung, shared_data("reference_survival/lung.csv"), 0, "time", "status") != 0)
        SKIP("no ../shared/data/reference_survival");
    const double want[2][2] = {{325.298, 22.669}, {458.817, 33.989}};
    size_t sexcol = (size_t)onc_frame_col(lung.f, "sex");
    for (int sex = 0; sex < 2; sex++) {
        double t[228];
        int s[228];
        size_t m = 0;
        for (size_t i = 0; i < lung.n; i++)
            if (onc_frame_cell(lung.f, i, sexcol)[0] == '1' + sex) t[m] = lung.time[i], s[m++] = lung.status[i];
        onc_km_t km;
        onc_err_t err = {0};
        double r, se;
        CHECK(onc_km_fit(t, s, m, NULL, &km, &err) == ONC_OK);
        CHECK(onc_km_rmst(&km, 1000, &r, &se, &err) == ONC_OK);
        CHECK_NEAR(r, want[sex][0], 5e-4);
        CHECK_NEAR(se, want[sex][1], 1e-3); /* R prints 33.98847779: the note rounds up */
        onc_km_free(&km);
    }
    ds_free(&lung);
}

/* ------------------------------------------------------------------ published results */
static double round_to(double v, double unit) { return round(v / unit) * unit; }

/* Rizvi et al., Science 2015 (research/cohorts.md 2.2): pooled cohort (34), PFS by nonsynonymous
 * burden above vs at or below the median (199.5): published HR 0.19 (0.08-0.47), P = 0.0004, a
 * Mantel-Haenszel hazard ratio; R's survdiff gives 0.190 (0.077-0.474), p = 0.00036. */
static void test_published_rizvi2015(void)
{
    rizvi15_t r;
    if (rizvi15_open(&r) != 0) SKIP("no ../shared/data/cohorts/luad_mskcc_2015");
    double *analysed = malloc(r.n * sizeof *analysed);
    int *high = malloc(r.n * sizeof *high);
    size_t m = 0;
    for (size_t i = 0; i < r.n; i++) analysed[i] = isnan(r.pfs[i]) ? NAN : r.burden[i], m += !isnan(analysed[i]);
    CHECK_INT(m, 34);
    double median = cohort_quantile7(analysed, r.n, 0.5);
    CHECK_NEAR(median, 199.5, 1e-12);
    for (size_t i = 0; i < r.n; i++) high[i] = isnan(r.burden[i]) ? -1 : r.burden[i] > median;
    onc_logrank_t lr;
    onc_err_t err = {0};
    CHECK(onc_logrank(r.pfs, r.progressed, high, 2, NULL, r.n, 0, NULL, 0.95, &lr, &err) == ONC_OK);
    CHECK_NEAR(round_to(lr.hr, 0.01), 0.19, 1e-9);
    CHECK_NEAR(round_to(lr.hr_lower, 0.01), 0.08, 1e-9);
    CHECK_NEAR(round_to(lr.hr_upper, 0.01), 0.47, 1e-9);
    CHECK_NEAR(round_to(lr.p, 0.0001), 0.0004, 1e-12);
    CHECK_NEAR(lr.hr, 0.19040811478, 1e-9);      /* R, this session */
    CHECK_NEAR(lr.chisq, 12.7114734375, 1e-8);
    onc_logrank_free(&lr);
    free(analysed), free(high);
    rizvi15_close(&r);
}

/* Samstein et al., Nat Genet 2019 (cohorts.md 2.3): top 20% of TMB within each cancer type (R's
 * quantile type 7): NSCLC cut-point 13.8 (published); overall survival, top vs rest, Cox HR 0.633
 * (0.527-0.760) and log-rank chi-square 24.61 (R, cohorts.md). Events are cBioPortal's
 * "1:DECEASED"/"0:LIVING". */
static void test_published_samstein2019(void)
{
    samstein19_t s;
    if (samstein19_open(&s) != 0) SKIP("no ../shared/data/cohorts/tmb_mskcc_2018");
    double *cut = malloc(s.type.n_levels * sizeof *cut), *top = malloc(s.n * sizeof *top);
    int *grp = malloc(s.n * sizeof *grp);
    cohort_top_within(s.tmb, s.type.code, s.n, s.type.n_levels, 0.8, cut, grp);
    CHECK_NEAR(round_to(cut[cohort_level(&s.type, "Non-Small Cell Lung Cancer")], 0.1), 13.8, 1e-9);
    for (size_t i = 0; i < s.n; i++) top[i] = grp[i] < 0 ? NAN : grp[i];
    onc_cox_t fit;
    onc_err_t err = {0};
    CHECK(onc_cox_fit(s.os, s.died, top, s.n, 1, NULL, NULL, &fit, &err) == ONC_OK);
    CHECK(fit.n == 1661 && fit.n_events == 832);
    CHECK_NEAR(fit.hr[0], 0.6326422809, 1e-7);
    CHECK_NEAR(fit.hr_lower[0], 0.5269567858, 1e-7);
    CHECK_NEAR(fit.hr_upper[0], 0.7595238667, 1e-7);
    onc_cox_free(&fit);
    onc_logrank_t lr;
    CHECK(onc_logrank(s.os, s.died, grp, 2, NULL, s.n, 0, NULL, 0.95, &lr, &err) == ONC_OK);
    CHECK_NEAR(lr.chisq, 24.6058322771, 1e-8);
    onc_logrank_free(&lr);
    free(top), free(grp), free(cut);
    samstein19_close(&s);
}

int main(void)
{
    gold_load();
    RUN(test_median_flat_at_half);
    RUN(test_cindex_optimism);
    RUN(test_gen_km);
    RUN(test_gen_logrank);
    RUN(test_gen_cox);
    RUN(test_gen_cox_collinear);
    RUN(test_gen_landmark);
    RUN(test_gen_cox_separation);
    RUN(test_bad_input);
    RUN(test_shared_rmst_1000);
    RUN(test_shared_km);
    RUN(test_shared_logrank);
    RUN(test_shared_cox);
    RUN(test_published_rizvi2015);
    RUN(test_published_samstein2019);
    CHECK_EXIT();
}
