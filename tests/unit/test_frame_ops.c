/* test_frame_ops.c: subsets and derived groups of a cohort table (frame.h, io_frame_ops.c):
 * conditions parsed and evaluated (numbers against bytes, missing cells, errors naming the line
 * and column), rows kept, R's type 7 quantile against R's own values
 * (tests/r/frame_quantile_reference.R), cuts at a number and at quantiles within groups (checked
 * by hand), and the choice of a patient's sample on the fixture study (stats_cohort.h). */
#include "check.h"

#include "oncoboard/cbio.h"
#include "oncoboard/frame.h"
#include "oncoboard/stats_cohort.h"

#include <math.h>

#define DATA "tests/data/frame/"
#define STUDY "tests/data/stats/cohort_study"

static onc_frame_t *parse(const char *text)
{
    onc_frame_t *f = NULL;
    onc_err_t err = {0};
    if (onc_frame_parse(text, strlen(text), "t.tsv", &f, &err) != ONC_OK) fprintf(stderr, "%s\n", err.msg);
    return f;
}

static void conditions_parse(void)
{
    onc_frame_cond_t c;
    onc_err_t err = {0};
    CHECK_INT(onc_frame_cond_parse("Cancer Type = Non-Small Cell Lung Cancer", &c, &err), ONC_OK);
    CHECK_STR(c.col, "Cancer Type");
    CHECK_INT(c.op, ONC_COND_EQ);
    CHECK_STR(c.values[0], "Non-Small Cell Lung Cancer");
    CHECK(isnan(c.numbers[0]));
    onc_frame_cond_free(&c);
    static const struct { const char *expr; onc_cond_op_t op; const char *value; } ops[] = {
        {"TMB!=10", ONC_COND_NE, "10"}, {"TMB<10", ONC_COND_LT, "10"}, {"TMB<=1e1", ONC_COND_LE, "1e1"},
        {"TMB>-2.5", ONC_COND_GT, "-2.5"}, {"TMB >= 10", ONC_COND_GE, "10"}, {"TMB==10", ONC_COND_EQ, "10"},
        {"Note=a<b", ONC_COND_EQ, "a<b"}, /* the first operator splits: the value may hold others */
    };
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        CHECK_INT(onc_frame_cond_parse(ops[k].expr, &c, &err), ONC_OK);
        CHECK_INT(c.op, ops[k].op);
        CHECK_STR(c.values[0], ops[k].value);
        CHECK_INT(c.n_values, 1);
        onc_frame_cond_free(&c);
    }
    /* in: the last " in ", so that a column name may hold one */
    CHECK_INT(onc_frame_cond_parse("Time in study in  A | B b|C", &c, &err), ONC_OK);
    CHECK_STR(c.col, "Time in study");
    CHECK_INT(c.op, ONC_COND_IN);
    CHECK_INT(c.n_values, 3);
    if (c.n_values == 3) {
        CHECK_STR(c.values[0], "A");
        CHECK_STR(c.values[1], "B b");
        CHECK_STR(c.values[2], "C");
    }
    onc_frame_cond_free(&c);
    static const char *const bad[] = {"TMB", "TMB!10", "=5", "TMB=", "TMB<high", "X in A||B", "X in ", " in A"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        err.msg[0] = '\0';
        CHECK_INT(onc_frame_cond_parse(bad[k], &c, &err), ONC_EINVAL);
        CHECK(strstr(err.msg, bad[k]) != NULL || bad[k][0] == ' '); /* the message quotes it */
    }
    char *longer = malloc(ONC_COND_MAX_TEXT + 10);
    memset(longer, 'x', ONC_COND_MAX_TEXT + 9);
    longer[ONC_COND_MAX_TEXT + 9] = '\0';
    longer[3] = '=';
    CHECK_INT(onc_frame_cond_parse(longer, &c, &err), ONC_ELIMIT);
    free(longer);
}

/* keep after the conditions, as a string of 0/1 */
static const char *eval(const onc_frame_t *f, const char *const *exprs, size_t n, onc_rc *rc, onc_err_t *err)
{
    static char out[64];
    onc_frame_cond_t c[4];
    bool keep[32];
    size_t rows = onc_frame_rows(f);
    for (size_t i = 0; i < rows; i++) keep[i] = true;
    for (size_t k = 0; k < n; k++)
        if (onc_frame_cond_parse(exprs[k], &c[k], err) != ONC_OK) return "parse error";
    *rc = onc_frame_cond_eval(f, c, n, keep, err);
    for (size_t k = 0; k < n; k++) onc_frame_cond_free(&c[k]);
    for (size_t i = 0; i < rows; i++) out[i] = keep[i] ? '1' : '0';
    out[rows] = '\0';
    return out;
}

static void conditions_evaluate(void)
{
    onc_frame_t *f = parse("id\tcode\ttype\ttmb\n"
                           "a\t1\tNSCLC\t10\n"
                           "b\t1.0\tMelanoma\t3.5\n"
                           "c\tNA\tNSCLC\t\n"
                           "d\tx1\tBladder\t25\n"
                           "e\t2\tnsclc\t10.0\n");
    if (!f) {
        CHECK(f != NULL);
        return;
    }
    onc_err_t err = {0};
    onc_rc rc = ONC_OK;
    const char *e1[] = {"code=1"}; /* numbers compare as numbers: "1.0" = "1"; a missing cell fails */
    CHECK_STR(eval(f, e1, 1, &rc, &err), "11000");
    const char *e2[] = {"code!=1"}; /* != fails on a missing cell too; "x1" is not a number: bytes */
    CHECK_STR(eval(f, e2, 1, &rc, &err), "00011");
    const char *e3[] = {"type=NSCLC"}; /* byte comparison: case matters */
    CHECK_STR(eval(f, e3, 1, &rc, &err), "10100");
    const char *e4[] = {"type in NSCLC|nsclc", "tmb>=10"}; /* all must hold */
    CHECK_STR(eval(f, e4, 2, &rc, &err), "10001");
    const char *e5[] = {"tmb<10"};
    CHECK_STR(eval(f, e5, 1, &rc, &err), "01000");
    const char *e6[] = {"tmb>10"};
    CHECK_STR(eval(f, e6, 1, &rc, &err), "00010");
    const char *e7[] = {"tmb in 10|25"};
    CHECK_STR(eval(f, e7, 1, &rc, &err), "10011");
    CHECK_INT(rc, ONC_OK);
    const char *bad[] = {"code>0"}; /* "x1" on line 5 cannot be compared */
    eval(f, bad, 1, &rc, &err);
    CHECK_INT(rc, ONC_EPARSE);
    CHECK(strstr(err.msg, "t.tsv:5: field code: 'x1' is not a number") != NULL);
    const char *absent[] = {"stage=II"};
    eval(f, absent, 1, &rc, &err);
    CHECK_INT(rc, ONC_ENOTFOUND);

    bool keep[5] = {true, false, true, false, true};
    onc_frame_keep_rows(f, keep);
    CHECK_INT(onc_frame_rows(f), 3);
    CHECK_STR(onc_frame_cell(f, 1, 0), "c");
    CHECK(onc_frame_cell(f, 1, 1) == NULL);
    CHECK_STR(onc_frame_cell(f, 2, 3), "10.0");
    CHECK_INT(onc_frame_line(f, 2), 6);
    double v[3];
    CHECK_INT(onc_frame_numeric(f, "tmb", v, NULL, &err), ONC_OK);
    CHECK_NEAR(v[0], 10, 0);
    CHECK(isnan(v[1]));
    onc_frame_free(f);
}

/* R's quantile(x, p, type = 7) on the vectors of tests/r/frame_quantile_reference.R. */
static void quantile_type7_as_r(void)
{
    onc_frame_t *in = NULL, *ref = NULL;
    onc_err_t err = {0};
    if (onc_frame_read(DATA "quantile_input.tsv", &in, &err) != ONC_OK ||
        onc_frame_read(DATA "quantile_type7.tsv", &ref, &err) != ONC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        CHECK(0);
        onc_frame_free(in);
        return;
    }
    size_t n_in = onc_frame_rows(in), n_ref = onc_frame_rows(ref), compared = 0;
    double *x = malloc(n_in * sizeof *x), *all = malloc(n_in * sizeof *all);
    double *p = malloc(n_ref * sizeof *p), *q = malloc(n_ref * sizeof *q);
    CHECK_INT(onc_frame_numeric(in, "value", all, NULL, &err), ONC_OK);
    CHECK_INT(onc_frame_numeric(ref, "p", p, NULL, &err), ONC_OK);
    CHECK_INT(onc_frame_numeric(ref, "q", q, NULL, &err), ONC_OK);
    for (size_t r = 0; r < n_ref; r++) {
        size_t m = 0;
        for (size_t i = 0; i < n_in; i++)
            if (strcmp(onc_frame_cell(in, i, 0), onc_frame_cell(ref, r, 0)) == 0) x[m++] = all[i];
        for (size_t a = 1; a < m; a++) /* insertion sort: the vectors are short */
            for (size_t b = a; b > 0 && x[b - 1] > x[b]; b--) {
                double t = x[b];
                x[b] = x[b - 1], x[b - 1] = t;
            }
        double got = onc_quantile_type7(x, m, p[r]);
        CHECK_NEAR(got, q[r], 1e-12 * fmax(1, fabs(q[r])));
        compared++;
    }
    CHECK_INT(compared, 78);
    /* by hand: 1 2 2 5 5 5 9 9 9 9 at 0.6: index 6.4, 0.6 x 5 + 0.4 x 9 = 6.6 */
    double ties[] = {1, 2, 2, 5, 5, 5, 9, 9, 9, 9};
    CHECK_NEAR(onc_quantile_type7(ties, 10, 0.6), 6.6, 1e-12);
    CHECK(isnan(onc_quantile_type7(ties, 0, 0.5)));
    free(x), free(all), free(p), free(q);
    onc_frame_free(in);
    onc_frame_free(ref);
}

static void cuts_parse(void)
{
    onc_frame_cut_t c;
    onc_err_t err = {0};
    CHECK_INT(onc_frame_cut_parse("top=TMB Score:q0.8/within Cancer Type", &c, &err), ONC_OK);
    CHECK_STR(c.name, "top");
    CHECK_STR(c.col, "TMB Score");
    CHECK_STR(c.within, "Cancer Type");
    CHECK(c.quantile);
    CHECK_NEAR(c.value, 0.8, 0);
    onc_frame_cut_free(&c);
    CHECK_INT(onc_frame_cut_parse("tmb10 = TMB: 10", &c, &err), ONC_OK);
    CHECK(!c.quantile);
    CHECK_NEAR(c.value, 10, 0);
    CHECK(c.within == NULL);
    onc_frame_cut_free(&c);
    CHECK_INT(onc_frame_cut_parse("half=a:b:median", &c, &err), ONC_OK); /* the last ':' ends the column */
    CHECK_STR(c.col, "a:b");
    CHECK_NEAR(c.value, 0.5, 0);
    onc_frame_cut_free(&c);
    static const char *const bad[] = {"top", "top=TMB", "=TMB:q0.5", "top=:q0.5", "top=TMB:q1", "top=TMB:q0",
                                      "top=TMB:high", "top=TMB:10/within X", "top=TMB:median/within ", "top=TMB:qx"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        CHECK_INT(onc_frame_cut_parse(bad[k], &c, &err), ONC_EINVAL);
        CHECK(strstr(err.msg, bad[k]) != NULL);
    }
}

static void cuts_apply(void)
{
    /* A: 1 2 3 4 5, q0.8 index 1 + 4 x 0.8 = 4.2: 4.2 (5 high); B: 10 20, index 1.8: 18 (20 high);
     * the row with no group and the row with no value are missing */
    onc_frame_t *f = parse("g\tv\nA\t3\nB\t10\nA\t1\nA\t5\n\t7\nA\t4\nB\t20\nA\t2\nB\tNA\n");
    if (!f) {
        CHECK(f != NULL);
        return;
    }
    onc_err_t err = {0};
    onc_frame_cut_t c;
    onc_cut_result_t r;
    CHECK_INT(onc_frame_cut_parse("top=v:q0.8/within g", &c, &err), ONC_OK);
    CHECK_INT(onc_frame_cut_apply(f, &c, &r, &err), ONC_OK);
    CHECK_INT(r.n_points, 2);
    if (r.n_points == 2) {
        CHECK_STR(r.points[0].level, "A");
        CHECK_NEAR(r.points[0].cut, 4.2, 1e-12);
        CHECK_INT(r.points[0].n, 5);
        CHECK_INT(r.points[0].n_high, 1);
        CHECK_NEAR(r.points[1].cut, 18, 1e-12);
        CHECK_INT(r.points[1].n_high, 1);
    }
    CHECK_INT(r.n_missing, 2);
    onc_cut_result_free(&r);
    CHECK_INT(onc_frame_cols(f), 3);
    static const char *const want[] = {"low", "low", "low", "high", NULL, "low", "high", "low", NULL};
    for (size_t i = 0; i < 9; i++) CHECK_STR(onc_frame_cell(f, i, 2), want[i]);
    onc_factor_t fa;
    CHECK_INT(onc_frame_factor(f, "top", NULL, &fa, &err), ONC_OK); /* low first: the reference */
    CHECK_STR(fa.levels[0], "low");
    CHECK_STR(fa.levels[1], "high");
    CHECK_INT(fa.code[3], 1);
    CHECK_INT(fa.code[4], -1);
    onc_factor_free(&fa);
    CHECK_INT(onc_frame_factor(f, "top", "high", &fa, &err), ONC_OK); /* unless told */
    CHECK_STR(fa.levels[0], "high");
    onc_factor_free(&fa);
    CHECK_INT(onc_frame_cut_apply(f, &c, NULL, &err), ONC_EINVAL); /* the name is taken now */
    onc_frame_cut_free(&c);
    /* a number: >= is high; the median of all 8 values 1 2 3 4 5 7 10 20: 4.5 */
    CHECK_INT(onc_frame_cut_parse("ge5=v:5", &c, &err), ONC_OK);
    CHECK_INT(onc_frame_cut_apply(f, &c, &r, &err), ONC_OK);
    CHECK_STR(onc_frame_cell(f, 3, 3), "high");
    CHECK_STR(onc_frame_cell(f, 5, 3), "low");
    CHECK_INT(r.points[0].n_high, 4);
    onc_cut_result_free(&r);
    onc_frame_cut_free(&c);
    CHECK_INT(onc_frame_cut_parse("half=v:median", &c, &err), ONC_OK);
    CHECK_INT(onc_frame_cut_apply(f, &c, &r, &err), ONC_OK);
    CHECK_NEAR(r.points[0].cut, 4.5, 1e-12);
    CHECK(r.points[0].level == NULL);
    onc_cut_result_free(&r);
    onc_frame_cut_free(&c);
    CHECK_INT(onc_frame_cut_parse("bad=g:median", &c, &err), ONC_OK); /* not numbers */
    CHECK_INT(onc_frame_cut_apply(f, &c, &r, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "field g") != NULL);
    onc_frame_cut_free(&c);
    onc_frame_free(f);
}

/* The fixture study: 60 patients, 63 samples; P005 (TMB 18.9, 4.92), P017 (5.54, 0.87) and P033
 * (4.58, 3.55) have two. With TMB < 5: 33 patients have such a sample (P033 two), 27 none. */
static void sample_choice(void)
{
    onc_cbio_opts_t o;
    onc_cbio_opts_init(&o);
    o.clinical_only = true;
    onc_cbio_study_t *s = NULL;
    onc_err_t err = {0};
    if (onc_cbio_study_read(STUDY, &o, &s, &err) != ONC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        onc_cbio_study_free(s);
        CHECK(0);
        return;
    }
    onc_frame_t *f = NULL;
    onc_cbio_pick_t pick;
    CHECK_INT(onc_frame_from_cbio_pick(s->clinical, NULL, 0, STUDY, &f, &pick, &err), ONC_OK);
    CHECK_INT(pick.n_several, 3);
    CHECK_INT(pick.n_none, 0);
    CHECK_INT(onc_frame_rows(f), 60);
    onc_frame_free(f);
    onc_frame_cond_t c;
    CHECK_INT(onc_frame_cond_parse("TMB<5", &c, &err), ONC_OK);
    CHECK_INT(onc_frame_from_cbio_pick(s->clinical, &c, 1, STUDY, &f, &pick, &err), ONC_OK);
    CHECK_INT(pick.n_several, 1);
    CHECK_INT(pick.n_none, 27);
    CHECK_INT(onc_frame_rows(f), 33);
    size_t pid = 0, sid = 0, ids = 0;
    CHECK_INT(onc_frame_find(f, "PATIENT_ID", &pid, &err), ONC_OK);
    CHECK_INT(onc_frame_find(f, "SAMPLE_ID", &sid, &err), ONC_OK);
    CHECK_INT(onc_frame_find(f, "SAMPLE_IDS", &ids, &err), ONC_OK);
    int seen = 0;
    for (size_t i = 0; i < onc_frame_rows(f); i++) {
        const char *p = onc_frame_cell(f, i, pid), *id = onc_frame_cell(f, i, sid);
        const char *want = strcmp(p, "P005") == 0 ? "P005-T2" : strcmp(p, "P017") == 0 ? "P017-T2"
                           : strcmp(p, "P033") == 0 ? "P033-T1" : NULL;
        if (!want) continue;
        seen++;
        CHECK_STR(id, want);
        if (strcmp(p, "P033") == 0) CHECK_STR(onc_frame_cell(f, i, ids), "P033-T1,P033-T2");
    }
    CHECK_INT(seen, 3);
    onc_frame_free(f);
    onc_frame_cond_free(&c);
    CHECK_INT(onc_frame_cond_parse("STAGE=IV", &c, &err), ONC_OK);
    CHECK_INT(onc_frame_from_cbio_pick(s->clinical, &c, 1, STUDY, &f, &pick, &err), ONC_ENOTFOUND);
    onc_frame_cond_free(&c);
    onc_cbio_study_free(s);
}

int main(void)
{
    RUN(conditions_parse);
    RUN(conditions_evaluate);
    RUN(quantile_type7_as_r);
    RUN(cuts_parse);
    RUN(cuts_apply);
    RUN(sample_choice);
    CHECK_EXIT();
}
