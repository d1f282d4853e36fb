/* test_stats_bootstrap.c: Harrell's bootstrap optimism correction (the AUC of a logistic model,
 * the C-index of a Cox model) against R on the same resamples. tests/r/bootstrap_reference.R
 * draws the resamples with set.seed, writes them to tests/data/stats/boot_<model>.resamples,
 * refits each in R (glm, coxph, concordance) and writes the apparent, optimism, corrected, used
 * and skipped of every model to bootstrap_reference.tsv and each resample's gap to
 * bootstrap_gaps.tsv. Here the same files go through onc_resamples_read and the library: the
 * summaries within 1e-6 relative (1e-10 absolute below 1e-4), the counts exactly, and every
 * resample alone (a set of one) gives R's gap or, where R skipped it, ONC_EINVAL. Models: generated
 * data with missing rows, ties, strata and rare covariates (skipped resamples of both kinds),
 * lung (shared), Rizvi 2018 DCB and PFS on TMB and PD-L1 (shared). Also the file format's errors
 * and the drawn resamples' agreement with the seed-drawn bootstrap. */
#include "check.h"
#include "r_reference.h"
#include "frame_read.h"
#include "cli_run.h"

#include "oncoboard/cbio.h"
#include "oncoboard/frame.h"
#include "oncoboard/stats_assoc.h"
#include "oncoboard/stats_cohort.h"
#include "oncoboard/stats_surv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA "tests/data/stats/"

/* ---- each resample's gap from R ---- */

typedef struct gaps {
    double v[200];
    size_t n;
} gaps_t;

static void load_gaps(const char *model, gaps_t *g)
{
    g->n = 0;
    FILE *fp = fopen(DATA "bootstrap_gaps.tsv", "r");
    if (!fp) return;
    char line[256];
    size_t len = strlen(model);
    while (fgets(line, sizeof line, fp) && g->n < 200) {
        if (strncmp(line, model, len) != 0 || line[len] != '\t') continue;
        char *gap = strchr(line + len + 1, '\t');
        if (gap) g->v[g->n++] = strncmp(gap + 1, "NA", 2) == 0 ? NAN : strtod(gap + 1, NULL);
    }
    fclose(fp);
}

/* A model's data: the logistic design (column-major, intercept first) or the Cox arrays (every
 * row of the table, missing values NaN, the library leaves them out). */
typedef struct model {
    const char *name;
    size_t n, p;     /* rows given to the library, coefficients */
    size_t analysed; /* rows the resamples index */
    double *x, *y, *time;
    int *status, *strata;
} model_t;

static void model_free(model_t *m)
{
    free(m->x), free(m->y), free(m->time), free(m->status), free(m->strata);
}

static int close_to(double got, double want)
{
    return fabs(got - want) <= (fabs(want) < 1e-4 ? 1e-10 : 1e-6 * fabs(want));
}

/* The optimism over the resamples rs (one model). */
static onc_rc optimism(const model_t *m, const onc_resamples_t *rs, onc_optimism_t *o, onc_err_t *err)
{
    if (m->y) return onc_logit_auc_optimism_rs(m->x, m->y, m->n, m->p, rs, o, err);
    onc_cox_opts_t co;
    onc_cox_opts_init(&co);
    co.eps = 1e-12, co.max_iter = 100; /* as the R script's coxph.control */
    return onc_cox_cindex_optimism_rs(m->time, m->status, m->x, m->n, m->p, m->strata, &co, rs, o, err);
}

/* The model's resamples through the library against R: the summary, then resample by resample. */
static void check_model(const model_t *m)
{
    char path[256];
    snprintf(path, sizeof path, DATA "boot_%s.resamples", m->name);
    onc_resamples_t rs;
    onc_err_t err = {0};
    if (onc_resamples_read(path, m->analysed, &rs, &err) != ONC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        check_failed = 1;
        return;
    }
    onc_optimism_t o;
    CHECK_INT(optimism(m, &rs, &o, &err), ONC_OK);
    if (err.code) fprintf(stderr, "%s: %s\n", m->name, err.msg);
    CHECK_R(o.apparent, "%s_apparent", m->name);
    CHECK_R(o.optimism, "%s_optimism", m->name);
    CHECK_R(o.corrected, "%s_corrected", m->name);
    CHECK_R((double)o.used, "%s_used", m->name);
    CHECK_R((double)o.skipped, "%s_skipped", m->name);
    gaps_t g;
    load_gaps(m->name, &g);
    CHECK_INT(g.n, rs.B);
    size_t wrong = 0;
    for (size_t b = 0; b < g.n && b < rs.B; b++) {
        onc_resamples_t one = {1, rs.n, 0, rs.row + b * rs.n};
        onc_err_t e1 = {0};
        onc_rc rc = optimism(m, &one, &o, &e1);
        bool ok = isnan(g.v[b]) ? rc == ONC_EINVAL : rc == ONC_OK && close_to(o.optimism, g.v[b]);
        if (!ok && wrong++ < 5)
            fprintf(stderr, "%s resample %zu: %s %.12g, R %.12g\n", m->name, b + 1, rc == ONC_OK ? "gap" : e1.msg,
                    o.optimism, g.v[b]);
    }
    CHECK_INT(wrong, 0);
    onc_resamples_free(&rs);
}

/* ---- the data ---- */

static double *numeric(const onc_frame_t *f, const char *col)
{
    size_t n = onc_frame_rows(f);
    double *v = malloc((n ? n : 1) * sizeof *v);
    onc_err_t err = {0};
    if (v && onc_frame_numeric(f, col, v, NULL, &err) != ONC_OK) fprintf(stderr, "%s\n", err.msg), check_failed = 1;
    return v;
}

/* Cox arrays: time, event, the covariates (row-major) and a stratum column (NULL: none). */
static void cox_model(model_t *m, const onc_frame_t *f, const char *time, const char *event,
                      const char *const *covs, size_t p, const char *stratum)
{
    size_t n = onc_frame_rows(f);
    m->n = n, m->p = p, m->y = NULL;
    m->time = numeric(f, time);
    m->status = malloc(n * sizeof *m->status);
    m->x = malloc(n * p * sizeof *m->x);
    onc_err_t err = {0};
    CHECK_INT(onc_surv_event_column(f, m->name, event, m->status, NULL, &err), ONC_OK);
    m->analysed = 0;
    for (size_t j = 0; j < p; j++) {
        double *v = numeric(f, covs[j]);
        for (size_t i = 0; i < n; i++) m->x[i * p + j] = v[i];
        free(v);
    }
    m->strata = NULL;
    if (stratum) {
        onc_factor_t fa;
        CHECK_INT(onc_frame_factor(f, stratum, NULL, &fa, &err), ONC_OK);
        m->strata = malloc(n * sizeof *m->strata);
        memcpy(m->strata, fa.code, n * sizeof *m->strata);
        onc_factor_free(&fa);
    }
    for (size_t i = 0; i < n; i++) {
        bool ok = !isnan(m->time[i]) && m->status[i] >= 0 && (!m->strata || m->strata[i] >= 0);
        for (size_t j = 0; j < p; j++) ok = ok && !isnan(m->x[i * p + j]);
        m->analysed += ok;
    }
}

/* Logistic design from columns of y (0/1, NaN missing) and the covariates: the complete rows. */
static void logistic_model(model_t *m, const double *y, double *const *cols, size_t p, size_t n)
{
    m->p = p + 1;
    m->x = malloc(n * m->p * sizeof *m->x);
    m->y = malloc(n * sizeof *m->y);
    m->time = NULL, m->status = m->strata = NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool ok = !isnan(y[i]);
        for (size_t j = 0; j < p; j++) ok = ok && !isnan(cols[j][i]);
        if (ok) m->y[k++] = y[i];
    }
    m->n = m->analysed = k;
    for (size_t j = 0; j <= p; j++)
        for (size_t i = 0, r = 0; i < n; i++) {
            bool ok = !isnan(y[i]);
            for (size_t c = 0; c < p; c++) ok = ok && !isnan(cols[c][i]);
            if (ok) m->x[j * k + r++] = j == 0 ? 1 : cols[j - 1][i];
        }
}

static const char *shared(const char *rel, char *buf, size_t cap)
{
    const char *root = getenv("ONCOBOARD_SHARED_DATA");
    snprintf(buf, cap, "%s/%s", root ? root : "../shared/data", rel);
    FILE *fp = fopen(buf, "r");
    if (!fp) return NULL;
    fclose(fp);
    return buf;
}

/* ---- the tests ---- */

static void gen_logistic(void)
{
    onc_frame_t *f = frame(DATA "boot_gen_logistic.csv");
    if (!f) return;
    double *y = numeric(f, "y"), *cols[] = {numeric(f, "x1"), numeric(f, "x2"), numeric(f, "rare")};
    model_t m = {.name = "gen_logistic"};
    logistic_model(&m, y, cols, 3, onc_frame_rows(f));
    CHECK_INT(m.analysed, 76); /* 80 rows, 4 with x1 missing */
    check_model(&m);
    model_free(&m);
    free(y), free(cols[0]), free(cols[1]), free(cols[2]);
    onc_frame_free(f);
}

static void gen_cox(void)
{
    onc_frame_t *f = frame(DATA "boot_gen_cox.csv");
    if (!f) return;
    static const char *const covs[] = {"x1", "x2"};
    model_t m = {.name = "gen_cox"};
    cox_model(&m, f, "time", "status", covs, 2, "stratum");
    CHECK_INT(m.analysed, 58); /* 60 rows, 2 with x1 missing */
    check_model(&m);
    model_free(&m);
    onc_frame_free(f);
}

/* Three events in 30 rows: resamples without an event or a comparable pair are skipped. */
static void gen_cox_sparse(void)
{
    onc_frame_t *f = frame(DATA "boot_gen_cox_sparse.csv");
    if (!f) return;
    static const char *const covs[] = {"x1"};
    model_t m = {.name = "gen_cox_sparse"};
    cox_model(&m, f, "time", "status", covs, 1, "stratum");
    CHECK_INT(m.analysed, 30);
    check_model(&m);
    model_free(&m);
    onc_frame_free(f);
}

static void lung_cox(void)
{
    char buf[512];
    const char *path = shared("reference_survival/lung.csv", buf, sizeof buf);
    if (!path) SKIP("../shared/data/reference_survival is absent");
    onc_frame_t *f = frame(path);
    static const char *const covs[] = {"age", "sex", "ph.ecog"};
    model_t m = {.name = "lung_cox"};
    cox_model(&m, f, "time", "status", covs, 3, NULL);
    CHECK_INT(m.analysed, 227); /* one ph.ecog missing */
    check_model(&m);
    model_free(&m);
    onc_frame_free(f);
}

static void lung_logistic(void)
{
    char buf[512];
    const char *path = shared("reference_survival/lung.csv", buf, sizeof buf);
    if (!path) SKIP("../shared/data/reference_survival is absent");
    onc_frame_t *f = frame(path);
    double *y = numeric(f, "status"), *cols[] = {numeric(f, "age"), numeric(f, "sex"), numeric(f, "ph.ecog"),
                                                 numeric(f, "wt.loss")};
    for (size_t i = 0; i < onc_frame_rows(f); i++) y[i] = y[i] == 2; /* died */
    model_t m = {.name = "lung_logistic"};
    logistic_model(&m, y, cols, 4, onc_frame_rows(f));
    CHECK_INT(m.analysed, 213);
    check_model(&m);
    model_free(&m);
    free(y);
    for (size_t j = 0; j < 4; j++) free(cols[j]);
    onc_frame_free(f);
}

/* Rizvi 2018: one row per patient, the sample attributes joined (as the R script's match). */
static onc_frame_t *rizvi2018(void)
{
    char pb[512], sb[512];
    const char *pp = shared("cohorts/nsclc_pd1_msk_2018/data_clinical_patient.txt", pb, sizeof pb);
    const char *sp = shared("cohorts/nsclc_pd1_msk_2018/data_clinical_sample.txt", sb, sizeof sb);
    if (!pp || !sp) return NULL;
    onc_cbio_clinical_t *c = NULL;
    onc_frame_t *f = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_cbio_clinical_read(pp, sp, &c, &err), ONC_OK);
    if (c) CHECK_INT(onc_frame_from_cbio(c, false, "nsclc_pd1_msk_2018", &f, &err), ONC_OK);
    onc_cbio_clinical_free(c);
    return f;
}

static void rizvi_logistic(void)
{
    onc_frame_t *f = rizvi2018();
    if (!f) SKIP("../shared/data/cohorts/nsclc_pd1_msk_2018 is absent");
    size_t n = onc_frame_rows(f);
    int dcb = onc_frame_col(f, "DURABLE_CLINICAL_BENEFIT");
    double *y = malloc(n * sizeof *y), *cols[] = {numeric(f, "TMB_NONSYNONYMOUS"), numeric(f, "PDL1_SCORE")};
    for (size_t i = 0; i < n; i++) {
        const char *v = dcb >= 0 ? onc_frame_cell(f, i, (size_t)dcb) : NULL;
        y[i] = v && !strcmp(v, "YES") ? 1 : v && !strcmp(v, "NO") ? 0 : NAN; /* NE: not evaluable */
    }
    model_t m = {.name = "rizvi_logistic"};
    logistic_model(&m, y, cols, 2, n);
    CHECK_INT(m.analysed, 79); /* DCB-evaluable with PD-L1 (cohorts.md: 79) */
    check_model(&m);
    model_free(&m);
    free(y), free(cols[0]), free(cols[1]);
    onc_frame_free(f);
}

static void rizvi_cox(void)
{
    onc_frame_t *f = rizvi2018();
    if (!f) SKIP("../shared/data/cohorts/nsclc_pd1_msk_2018 is absent");
    static const char *const covs[] = {"TMB_NONSYNONYMOUS", "PDL1_SCORE"};
    model_t m = {.name = "rizvi_cox"};
    cox_model(&m, f, "PFS_MONTHS", "PFS_STATUS", covs, 2, NULL);
    CHECK_INT(m.analysed, 86);
    check_model(&m);
    model_free(&m);
    onc_frame_free(f);
}

/* Drawn ahead (what --write-resamples writes) is what the seed draws on the fly; writing and
 * reading back keeps them. */
static void drawn_resamples_round_trip(void)
{
    onc_frame_t *f = frame(DATA "boot_gen_cox.csv");
    if (!f) return;
    static const char *const covs[] = {"x1", "x2"};
    model_t m = {.name = "gen_cox"};
    cox_model(&m, f, "time", "status", covs, 2, "stratum");
    onc_cox_opts_t co;
    onc_cox_opts_init(&co);
    onc_optimism_t a, b, c;
    onc_resamples_t rs, back;
    onc_err_t err = {0};
    CHECK_INT(onc_cox_cindex_optimism(m.time, m.status, m.x, m.n, m.p, m.strata, &co, 50, 9, &a, &err), ONC_OK);
    CHECK_INT(onc_resamples_draw(50, m.analysed, 9, &rs, &err), ONC_OK);
    CHECK_INT(onc_cox_cindex_optimism_rs(m.time, m.status, m.x, m.n, m.p, m.strata, &co, &rs, &b, &err), ONC_OK);
    CHECK(a.optimism == b.optimism && a.used == b.used && a.skipped == b.skipped);
    char dir[256], path[300];
    CHECK(check_mkdtemp(dir, sizeof dir, "boot") != NULL);
    snprintf(path, sizeof path, "%s/r.txt", dir);
    FILE *fp = fopen(path, "w");
    CHECK(fp != NULL);
    if (fp) {
        CHECK_INT(onc_resamples_write(&rs, "a note", fp, &err), ONC_OK);
        fclose(fp);
    }
    CHECK_INT(onc_resamples_read(path, m.analysed, &back, &err), ONC_OK);
    CHECK_INT(back.B, 50);
    CHECK(back.row && memcmp(back.row, rs.row, 50 * m.analysed * sizeof *rs.row) == 0);
    CHECK_INT(onc_cox_cindex_optimism_rs(m.time, m.status, m.x, m.n, m.p, m.strata, &co, &back, &c, &err), ONC_OK);
    CHECK(c.optimism == a.optimism);
    /* resamples of another size are refused */
    CHECK_INT(onc_cox_cindex_optimism_rs(m.time, m.status, m.x, m.n - 1, m.p, m.strata, &co, &back, &c, &err), ONC_EINVAL);
    remove(path), remove(dir);
    onc_resamples_free(&rs), onc_resamples_free(&back);
    model_free(&m);
    onc_frame_free(f);
}

/* The CLI: the resamples --write-resamples writes, given back with --resamples, give the same
 * output line (the seed's note aside); the written file starts with its # line. */
static void cli_write_then_read(void)
{
    char dir[256];
    if (!check_mkdtemp(dir, sizeof dir, "bootcli")) return;
    const char *cox = "stats cox --data " DATA "boot_gen_cox.csv --time time --event status --covariates x1,x2 "
                      "--strata stratum";
    CHECK_INT(cli_run(dir, "%s --bootstrap 30 --seed 4 --write-resamples %s/r.txt", cox, dir), 0);
    char path[300];
    snprintf(path, sizeof path, "%s/out", dir);
    char *drawn = test_slurp(path);
    CHECK_INT(cli_run(dir, "%s --resamples %s/r.txt", cox, dir), 0);
    char *given = test_slurp(path);
    const char *a = drawn ? strstr(drawn, "optimism ") : NULL, *b = given ? strstr(given, "optimism ") : NULL;
    CHECK(a && b && strncmp(a, b, (size_t)(strstr(a, "(30 resamples") - a)) == 0);
    CHECK(b && strstr(b, "(30 resamples, 0 skipped, from a file)"));
    snprintf(path, sizeof path, "%s/r.txt", dir);
    char *file = test_slurp(path);
    CHECK(file && strncmp(file, "# 30 resamples of the 58 analysed rows (1-based), GSL mt19937 seed 4\n", 69) == 0);
    free(drawn), free(given), free(file);
    remove(path);
    snprintf(path, sizeof path, "%s/out", dir), remove(path);
    snprintf(path, sizeof path, "%s/err", dir), remove(path);
    remove(dir);
}

static void expect_error(const char *text, size_t n, const char *want)
{
    onc_resamples_t rs;
    onc_err_t err = {0};
    onc_rc rc = onc_resamples_parse(text, strlen(text), "r.txt", n, &rs, &err);
    CHECK(rc != ONC_OK);
    if (!strstr(err.msg, want)) fprintf(stderr, "'%s' gave '%s', want '%s'\n", text, err.msg, want), check_failed = 1;
    CHECK(rs.row == NULL);
}

/* The format: separators, comments, blank lines, CRLF; and each error names file:line: field. */
static void resamples_format(void)
{
    onc_resamples_t rs;
    onc_err_t err = {0};
    const char *ok = "# made in R\n1 2 3\r\n\n3\t3  1\n2,1, 2\n";
    CHECK_INT(onc_resamples_parse(ok, strlen(ok), "r.txt", 3, &rs, &err), ONC_OK);
    CHECK_INT(rs.B, 3);
    CHECK_INT(rs.n, 3);
    static const uint32_t want[] = {0, 1, 2, 2, 2, 0, 1, 0, 1};
    CHECK(rs.row && memcmp(rs.row, want, sizeof want) == 0);
    onc_resamples_free(&rs);
    expect_error("1 2 3\n1 2\n", 3, "r.txt:2: 2 row numbers, the analysis has 3 rows");
    expect_error("1 2 3 1\n", 3, "r.txt:1: more than 3 row numbers");
    expect_error("1 2 3\n1 4 2\n", 3, "r.txt:2: field 2: row 4 is not in 1..3");
    expect_error("0 1 2\n", 3, "r.txt:1: field 1: row 0 is not in 1..3");
    expect_error("1 2 99999999999999999999\n", 3, "field 3: row 99999999999999999999 is not in 1..3");
    expect_error("1 2.0 3\n", 3, "r.txt:1: field 2: '2.0' is not a row number");
    expect_error("1 -2 3\n", 3, "field 2: '-2' is not a row number");
    expect_error("1,,3\n", 3, "field 2: an empty field");
    expect_error("1 2 3,\n", 3, "r.txt:1: a comma ends the line");
    expect_error("# only a comment\n\n", 3, "r.txt: no resamples");
    expect_error("", 3, "no resamples");
    CHECK_INT(onc_resamples_parse("1\n", 2, "r.txt", 0, &rs, &err), ONC_EINVAL);
    CHECK_INT(onc_resamples_read("/nonexistent/r.txt", 3, &rs, &err), ONC_EIO);
    CHECK_INT(onc_resamples_draw(0, 3, 1, &rs, &err), ONC_EINVAL);
    CHECK_INT(onc_resamples_draw(100000, 1000, 1, &rs, &err), ONC_ELIMIT);
}

int main(void)
{
    load_refs(DATA "bootstrap_reference.tsv");
    RUN(resamples_format);
    RUN(drawn_resamples_round_trip);
    RUN(cli_write_then_read);
    RUN(gen_logistic);
    RUN(gen_cox);
    RUN(gen_cox_sparse);
    RUN(lung_cox);
    RUN(lung_logistic);
    RUN(rizvi_logistic);
    RUN(rizvi_cox);
    CHECK_EXIT();
}
