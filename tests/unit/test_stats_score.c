/* test_stats_score.c: published response models (stats_score.h, kb/response_models.tsv).
 *
 * Expected values, each from outside this program:
 * - the README of GitHub rootchang/LORIS (commit 37d28651): the LORIS formulas with per-unit
 *   coefficients and intercepts rounded to 4 decimals (pan-cancer, its 16 cancer-type terms, and
 *   NSCLC), which the model file's unrounded numbers must round to;
 * - the same repository's own predictions, 03.Results/NSCLCmodel_LLR6_Dataset4.csv, three rows
 *   typed from the file (features after the authors' caps, and their LLR6 score);
 * - the MSK_nonICB sheet's precomputed LORIS column (../shared/data/cohorts/loris_chang_2024);
 * - tests/data/stats/score_reference.tsv, written by tests/r/score_reference.R: the scores
 *   computed by R from the parameters typed there, and pROC's AUC with DeLong's interval;
 * - small models and inputs worked out by hand.
 */
#include "check.h"
#include "r_reference.h"

#include "oncoboard/frame.h"
#include "oncoboard/stats_assoc.h"
#include "oncoboard/stats_score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DATA "tests/data/stats/"
#define LORIS_DIR "cohorts/loris_chang_2024/"

static onc_score_model_t *load(const char *name)
{
    onc_score_model_t *m = NULL;
    onc_err_t err = {0};
    if (onc_score_model_load(name, NULL, &m, &err) != ONC_OK) fprintf(stderr, "%s\n", err.msg);
    return m;
}

static onc_score_model_t *parse(const char *text, const char *name, onc_err_t *err)
{
    onc_score_model_t *m = NULL;
    memset(err, 0, sizeof *err);
    if (onc_score_model_parse(text, strlen(text), "model.tsv", name, &m, err) != ONC_OK && m) check_failed = 1;
    return m;
}

/* ---- the shipped models ---- */

static void test_models_load(void)
{
    onc_score_model_t *pan = load("loris-pancancer"), *ns = load("loris-nsclc");
    CHECK(pan && ns);
    if (!pan || !ns) return;
    CHECK_INT(onc_score_model_n_features(pan), 6);
    CHECK_INT(onc_score_model_n_features(ns), 6);
    CHECK_STR(onc_score_model_link(pan), "logistic");
    CHECK(strstr(onc_score_model_citation(pan), "Nat Cancer 2024") != NULL);
    CHECK(onc_score_feature_categorical(pan, (size_t)onc_score_feature_find(pan, "CancerType")));
    CHECK_INT(onc_score_feature_find(ns, "CancerType"), -1);
    CHECK_STR(onc_score_feature_column(ns, (size_t)onc_score_feature_find(ns, "PDL1")), "PDL1_TPS(%)");
    onc_score_model_free(pan);
    onc_score_model_free(ns);
    onc_score_model_t *m = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_score_model_load("loris-lung", NULL, &m, &err), ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "loris-pancancer, loris-nsclc") != NULL);
}

/* README rounding: |value - published| <= half a unit of the 4th decimal. */
#define CHECK_ROUNDS_TO(v, published) CHECK_NEAR(v, published, 0.00005 + 1e-12)

/* The linear predictor with every numeric feature 0 (within their ranges) and the cancer type
 * given (NULL: a value that is none of the levels, so every indicator is 0). */
static double linear_at_zero(const onc_score_model_t *m, const char *cancer_type)
{
    double num[ONC_SCORE_MAX_FEATURES] = {0};
    const char *cat[ONC_SCORE_MAX_FEATURES] = {0};
    int ct = onc_score_feature_find(m, "CancerType");
    if (ct >= 0) cat[ct] = cancer_type ? cancer_type : "none of them";
    onc_score_t s;
    onc_err_t err = {0};
    CHECK_INT(onc_score_eval(m, num, cat, &s, &err), ONC_OK);
    return s.linear;
}

static void test_readme_pancancer(void)
{
    onc_score_model_t *m = load("loris-pancancer");
    if (!m) return check_failed = 1, (void)0;
    /* S = 0.0371*min(TMB,50) - 0.8775*PSTH + 0.5382*Albumin - 0.033*min(NLR,25) + 0.0049*min(Age,85)
     *     + CTCT - 2.0886 */
    static const struct { const char *f; double c; } num[] = {
        {"TMB", 0.0371}, {"PSTH", -0.8775}, {"Albumin", 0.5382}, {"NLR", -0.033}, {"Age", 0.0049}};
    for (size_t k = 0; k < 5; k++) CHECK_ROUNDS_TO(onc_score_feature_per_unit(m, (size_t)onc_score_feature_find(m, num[k].f)), num[k].c);
    double base = linear_at_zero(m, NULL);
    CHECK_ROUNDS_TO(base, -2.0886);
    /* CTCT, the README's list (Head&Neck is spelt "Head & Neck" in the authors' sheets) */
    static const struct { const char *t; double c; } ctct[] = {
        {"Bladder", -0.3323}, {"Breast", -0.3323}, {"Colorectal", -0.102}, {"Endometrial", -0.0079},
        {"Esophageal", 0.55}, {"Gastric", 0.2306}, {"Head & Neck", 0.0678}, {"Hepatobiliary", -0.1189},
        {"Melanoma", -0.0086}, {"Mesothelioma", 0.1255}, {"NSCLC", 0.0008}, {"Ovarian", -0.052},
        {"Pancreatic", -1.1169}, {"Renal", 0.5451}, {"Sarcoma", 0.0542}, {"SCLC", -0.0033}};
    for (size_t k = 0; k < 16; k++) CHECK_ROUNDS_TO(linear_at_zero(m, ctct[k].t) - base, ctct[k].c);
    onc_score_model_free(m);
}

static void test_readme_nsclc(void)
{
    onc_score_model_t *m = load("loris-nsclc");
    if (!m) return check_failed = 1, (void)0;
    /* S = 0.0353*min(TMB,50) + 0.0111*PDL1 - 0.375*PSTH + 0.2924*Albumin - 0.0103*min(NLR,25) - 1.5593;
     * the README leaves age out: its coefficient rounds to 0.0000 */
    static const struct { const char *f; double c; } num[] = {
        {"TMB", 0.0353}, {"PDL1", 0.0111}, {"PSTH", -0.375}, {"Albumin", 0.2924}, {"NLR", -0.0103}, {"Age", 0}};
    for (size_t k = 0; k < 6; k++) CHECK_ROUNDS_TO(onc_score_feature_per_unit(m, (size_t)onc_score_feature_find(m, num[k].f)), num[k].c);
    CHECK_ROUNDS_TO(linear_at_zero(m, NULL), -1.5593);
    onc_score_model_free(m);
}

/* Three rows of the repository's 03.Results/NSCLCmodel_LLR6_Dataset4.csv (Vanguri): SAMPLE_ID 3
 * (TMB 26.8, PD-L1 80, PSTH 0, albumin 4.3, NLR 4.0, age 57: LLR6 0.8162047298949228), 17 (TMB
 * 90.4 in the sheet, 50 in the file after the cap; 0, 1, 4.1, 4.6, 53: 0.7282780650366056) and 71
 * (12.3, 90, 1, 3.7, 4.8, age 88 in the sheet, 85 after the cap: 0.629723533354393). */
static void test_repository_predictions(void)
{
    onc_score_model_t *m = load("loris-nsclc");
    if (!m) return check_failed = 1, (void)0;
    static const double rows[3][7] = {{26.8, 80, 0, 4.3, 4.0, 57, 0.8162047298949228},
                                      {90.4, 0, 1, 4.1, 4.6, 53, 0.7282780650366056},
                                      {12.3, 90, 1, 3.7, 4.8, 88, 0.629723533354393}};
    static const char *const order[6] = {"TMB", "PDL1", "PSTH", "Albumin", "NLR", "Age"};
    for (size_t r = 0; r < 3; r++) {
        double num[ONC_SCORE_MAX_FEATURES];
        for (size_t k = 0; k < 6; k++) num[onc_score_feature_find(m, order[k])] = rows[r][k];
        onc_score_t s;
        onc_err_t err = {0};
        CHECK_INT(onc_score_eval(m, num, NULL, &s, &err), ONC_OK);
        CHECK_NEAR(s.value, rows[r][6], 1e-15);
        CHECK_NEAR(s.value, 1 / (1 + exp(-s.linear)), 1e-15);
        CHECK_INT(s.missing, 0);
    }
    onc_score_model_free(m);
}

/* ---- the cohorts ---- */

static onc_frame_t *sheet(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, LORIS_DIR "%s.tsv", name);
    const char *path = shared_data(rel);
    onc_frame_t *f = NULL;
    onc_err_t err = {0};
    if (path && onc_frame_read(path, &f, &err) != ONC_OK) fprintf(stderr, "%s\n", err.msg), check_failed = 1;
    return f;
}

static void test_msk_nonicb_loris_column(void)
{
    onc_frame_t *f = sheet("MSK_nonICB");
    if (!f) SKIP("../shared/data/" LORIS_DIR " is absent");
    onc_score_model_t *m = load("loris-pancancer");
    size_t n = onc_frame_rows(f);
    onc_score_t *s = calloc(n, sizeof *s);
    double *want = malloc(n * sizeof *want);
    onc_err_t err = {0};
    CHECK_INT(n, 841);
    CHECK_INT(onc_frame_numeric(f, "LORIS", want, NULL, &err), ONC_OK);
    CHECK_INT(onc_score_frame(m, f, "MSK_nonICB.tsv", NULL, s, NULL, &err), ONC_OK);
    double worst = 0;
    for (size_t i = 0; i < n; i++) worst = fmax(worst, fabs(s[i].value - want[i]));
    CHECK(worst <= 1e-12); /* R's own arithmetic gives 1.6e-15 */
    CHECK_NEAR(worst, ref("nonicb_max_abs_diff"), 1e-14);
    CHECK_NEAR(s[0].value, 0.528754817424028, 1e-15); /* the sheet's first LORIS, typed */
    free(s), free(want);
    onc_score_model_free(m);
    onc_frame_free(f);
}

/* Every sheet of score_reference.R: the rows scored, and the AUC with DeLong's interval. */
static void check_sheet(const char *model, const char *key, const char *name)
{
    onc_frame_t *f = sheet(name);
    if (!f) return;
    onc_score_model_t *m = load(model);
    size_t n = onc_frame_rows(f), scored = 0;
    onc_score_t *s = calloc(n, sizeof *s);
    double *y = malloc(n * sizeof *y), *score = malloc(n * sizeof *score);
    onc_err_t err = {0};
    CHECK_INT(onc_score_frame(m, f, name, NULL, s, NULL, &err), ONC_OK);
    CHECK_INT(onc_frame_numeric(f, "Response", y, NULL, &err), ONC_OK);
    for (size_t i = 0; i < n; i++) score[i] = s[i].value, scored += !isnan(s[i].linear);
    CHECK_R((double)n, "%s_%s_n", key, name);
    CHECK_R((double)scored, "%s_%s_n_scored", key, name);
    for (size_t i = 0; i < n; i++)
        if (!isnan(score[i])) {
            CHECK_R(score[i], "%s_%s_score_first", key, name);
            break;
        }
    onc_roc_t r;
    CHECK_INT(onc_roc_auc(score, y, n, true, 0.95, &r, &err), ONC_OK);
    CHECK_R((double)r.n_cases, "%s_%s_n_cases", key, name);
    CHECK_R((double)r.n_controls, "%s_%s_n_controls", key, name);
    CHECK_R(r.auc, "%s_%s_auc", key, name);
    CHECK_R(sqrt(r.var), "%s_%s_auc_se", key, name);
    CHECK_R(r.lower, "%s_%s_auc_lower", key, name);
    CHECK_R(r.upper, "%s_%s_auc_upper", key, name);
    free(s), free(y), free(score);
    onc_score_model_free(m);
    onc_frame_free(f);
}

static void test_auc_against_r(void)
{
    if (!shared_data(LORIS_DIR "Shim_NSCLC.tsv")) SKIP("../shared/data/" LORIS_DIR " is absent");
    check_sheet("loris-nsclc", "nsclc", "Shim_NSCLC");
    check_sheet("loris-nsclc", "nsclc", "Vanguri_NSCLC");
    check_sheet("loris-nsclc", "nsclc", "Ravi_NSCLC");
    static const char *const pan[] = {"Chowell_train", "Chowell_test", "MSK1", "MSK2", "Kato_panCancer", "Pradat_panCancer"};
    for (size_t k = 0; k < 6; k++) check_sheet("loris-pancancer", "pan", pan[k]);
}

/* The per-unit coefficients against R's (the same source numbers, typed separately there). */
static void test_per_unit_against_r(void)
{
    onc_score_model_t *pan = load("loris-pancancer"), *ns = load("loris-nsclc");
    if (!pan || !ns) return check_failed = 1, (void)0;
    for (size_t i = 0; i < 5; i++) CHECK_R(onc_score_feature_per_unit(pan, i), "pan_per_unit_%zu", i + 1);
    for (size_t i = 0; i < 6; i++) CHECK_R(onc_score_feature_per_unit(ns, i), "nsclc_per_unit_%zu", i + 1);
    CHECK_R(linear_at_zero(pan, NULL), "pan_intercept_per_unit");
    CHECK_R(linear_at_zero(ns, NULL), "nsclc_intercept_per_unit");
    onc_score_model_free(pan);
    onc_score_model_free(ns);
}

/* ---- a model by hand ---- */

#define HAND_HEADER "model\tkind\tfeature\tlevel\tcoefficient\tcenter\tscale\tcap\tmin\tmax\tsource\n"
#define HAND_ROWS                                                                                  \
    "m\tcitation\t\t\t\t\t\t\t\t\tBy hand\n"                                                       \
    "m\tlink\tidentity\t\t\t\t\t\t\t\t\n"                                                          \
    "m\tintercept\t\t\t1\t\t\t\t\t\t\n"                                                            \
    "m\tnumeric\tx\t\t2\t1\t4\t10\t0\t100\t\n"                                                     \
    "m\tlevel\tt\tA\t0.5\t\t\t\t\t\t\n"                                                            \
    "m\tlevel\tt\tB\t-1\t0.5\t0.5\t\t\t\t\n"

static void test_hand_model(void)
{
    onc_err_t err;
    onc_score_model_t *m = parse(HAND_HEADER HAND_ROWS, NULL, &err);
    CHECK(m != NULL);
    if (!m) return (void)fprintf(stderr, "%s\n", err.msg);
    CHECK_STR(onc_score_model_name(m), "m");
    CHECK_STR(onc_score_model_link(m), "identity");
    CHECK_NEAR(onc_score_feature_per_unit(m, 0), 0.5, 0);
    /* S = 1 + 2 (min(x, 10) - 1) / 4 + 0.5 [t = A] - 1 ([t = B] - 0.5) / 0.5 */
    struct { double x; const char *t; double s; uint64_t unmatched; } cases[] = {
        {5, "A", 1 + 2.0 + 0.5 + 1, 0},            /* x: 2*4/4 = 2; B's indicator 0: -1*(-0.5)/0.5 = +1 */
        {5, "B", 1 + 2.0 - 1, 0},                  /* B: -1*(0.5)/0.5 = -1 */
        {30, "A", 1 + 2 * 9 / 4.0 + 0.5 + 1, 0},   /* capped at 10 */
        {1, "C", 1 + 0 + 1, 2},                    /* C is no level: every indicator 0 */
    };
    for (size_t k = 0; k < 4; k++) {
        double num[2] = {cases[k].x, NAN};
        const char *cat[2] = {NULL, cases[k].t};
        onc_score_t s;
        CHECK_INT(onc_score_eval(m, num, cat, &s, &err), ONC_OK);
        CHECK_NEAR(s.linear, cases[k].s, 1e-15);
        CHECK_NEAR(s.value, s.linear, 0);
        CHECK_INT(s.unmatched, cases[k].unmatched);
    }
    double num[2] = {NAN, NAN};
    const char *cat[2] = {NULL, NULL};
    onc_score_t s;
    CHECK_INT(onc_score_eval(m, num, cat, &s, &err), ONC_OK);
    CHECK_INT(s.missing, 3);
    CHECK(isnan(s.linear) && isnan(s.value));
    num[0] = 101, cat[1] = "A"; /* above max 100 */
    CHECK_INT(onc_score_eval(m, num, cat, &s, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "feature x: 101 is outside its range [0, 100]") != NULL);
    num[0] = INFINITY;
    CHECK_INT(onc_score_eval(m, num, cat, &s, &err), ONC_EINVAL);
    onc_score_model_free(m);
}

/* ---- bad models: file:line:field ---- */

static void check_bad_model(const char *text, const char *name, onc_rc rc, const char *msg)
{
    onc_err_t err;
    onc_score_model_t *m = parse(text, name, &err);
    CHECK(m == NULL);
    onc_score_model_free(m);
    CHECK_INT(err.code, rc);
    if (!strstr(err.msg, msg)) fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.msg, msg), check_failed = 1;
}

static void test_bad_models(void)
{
    const char *h = HAND_HEADER;
    char t[2048];
    /* a missing coefficient on the numeric row (line 5: header, citation, link, intercept, numeric) */
    snprintf(t, sizeof t, "%sm\tcitation\t\t\t\t\t\t\t\t\tX\nm\tlink\tlogistic\t\t\t\t\t\t\t\t\nm\tintercept\t\t\t1\t\t\t\t\t\t\n"
             "m\tnumeric\tx\t\t\t\t\t\t\t\t\n", h);
    check_bad_model(t, NULL, ONC_EPARSE, "model.tsv:5: field coefficient: missing");
    snprintf(t, sizeof t, "# a comment\n%s" HAND_ROWS "m\tnumeric\ty\t\tabc\t\t\t\t\t\t\n", h);
    check_bad_model(t, "m", ONC_EPARSE, "model.tsv:9: field coefficient: 'abc' is not a finite number");
    snprintf(t, sizeof t, "%s" HAND_ROWS "m\tspline\ty\t\t1\t\t\t\t\t\t\n", h);
    check_bad_model(t, "m", ONC_EPARSE, "model.tsv:8: field kind: unknown kind 'spline'");
    snprintf(t, sizeof t, "%s" HAND_ROWS "m\tnumeric\ty\t\t1\t0\t0\t\t\t\t\n", h);
    check_bad_model(t, "m", ONC_EPARSE, "model.tsv:8: field scale: 0 is not positive");
    snprintf(t, sizeof t, "%s" HAND_ROWS "m\tnumeric\tx\t\t1\t\t\t\t\t\t\n", h);
    check_bad_model(t, "m", ONC_EPARSE, "model.tsv:8: field feature: feature x is defined twice");
    snprintf(t, sizeof t, "%s" HAND_ROWS "m\tlevel\tx\tA\t1\t\t\t\t\t\t\n", h);
    check_bad_model(t, "m", ONC_EPARSE, "model.tsv:8: field feature: feature x is numeric, not categorical");
    snprintf(t, sizeof t, "%s" HAND_ROWS "m\tlevel\tt\tA\t1\t\t\t\t\t\t\n", h);
    check_bad_model(t, "m", ONC_EPARSE, "model.tsv:8: field level: level A is defined twice");
    snprintf(t, sizeof t, "%s" HAND_ROWS "m\tlevel\tt\tC\t1\t\t\t5\t\t\t\n", h);
    check_bad_model(t, "m", ONC_EPARSE, "model.tsv:8: field cap: a level row takes no cap");
    snprintf(t, sizeof t, "%s" HAND_ROWS "m\tnumeric\ty\t\t1\t\t\t\t5\t1\t\n", h);
    check_bad_model(t, "m", ONC_EPARSE, "model.tsv:8: field max: max 1 is below min");
    snprintf(t, sizeof t, "%s" HAND_ROWS "m\tlink\tprobit\t\t\t\t\t\t\t\t\n", h);
    check_bad_model(t, "m", ONC_EPARSE, "model.tsv:8: field kind: a second link row");
    snprintf(t, sizeof t, "%sm\tcitation\t\t\t\t\t\t\t\t\tX\nm\tlink\tlogistic\t\t\t\t\t\t\t\t\nm\tnumeric\tx\t\t1\t\t\t\t\t\t\n", h);
    check_bad_model(t, NULL, ONC_EPARSE, "model.tsv: model m has no intercept row");
    snprintf(t, sizeof t, "%s" HAND_ROWS "n\tcitation\t\t\t\t\t\t\t\t\tY\n", h);
    check_bad_model(t, NULL, ONC_EPARSE, "model.tsv:8: field model: the file holds several models (m, n)");
    check_bad_model(t, "loris", ONC_ENOTFOUND, "model.tsv: no model loris (models: m, n)");
    check_bad_model("model\tkind\tfeature\tcoefficient\n", NULL, ONC_EPARSE, "header lacks the column level");
    check_bad_model("model\tkind\tfeature\tlevel\tcoefficient\nm\tlink\n", NULL, ONC_EPARSE, "model.tsv:2: 2 cells, the header has 5");
    check_bad_model("", NULL, ONC_EPARSE, "model.tsv: no header row");
}

/* ---- bad data: file:line:field ---- */

static onc_frame_t *table(const char *text)
{
    onc_frame_t *f = NULL;
    onc_err_t err = {0};
    if (onc_frame_parse(text, strlen(text), "cohort.tsv", &f, &err) != ONC_OK) fprintf(stderr, "%s\n", err.msg);
    return f;
}

static void test_bad_data(void)
{
    onc_score_model_t *m = load("loris-nsclc");
    onc_score_t s[4];
    onc_err_t err = {0};
    const char *cols_ok = "id\tTMB\tPDL1_TPS(%)\tSystemic_therapy_history\tAlbumin\tNLR\tAge\n";
    char text[1024];
    snprintf(text, sizeof text, "%s1\t5\t50\t1\t4\t3\t60\n2\t5\tfifty\t1\t4\t3\t60\n", cols_ok);
    onc_frame_t *f = table(text);
    CHECK_INT(onc_score_frame(m, f, "cohort.tsv", NULL, s, NULL, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "cohort.tsv:3: field PDL1_TPS(%): 'fifty' is not a number") != NULL);
    onc_frame_free(f);
    snprintf(text, sizeof text, "%s1\t5\t50\t1\t4\t3\t60\n2\t5\t50\t2\t4\t3\t60\n", cols_ok);
    f = table(text);
    CHECK_INT(onc_score_frame(m, f, "cohort.tsv", NULL, s, NULL, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "cohort.tsv:3: field Systemic_therapy_history: feature PSTH: 2 is outside its range [0, 1]") != NULL);
    onc_frame_free(f);
    /* a missing PD-L1: no score for that row, the feature named; the others scored */
    snprintf(text, sizeof text, "%s1\t5\t\t1\t4\t3\t60\n2\t5\t50\t1\t4\t3\t60\n", cols_ok);
    f = table(text);
    const char *used[ONC_SCORE_MAX_FEATURES];
    CHECK_INT(onc_score_frame(m, f, "cohort.tsv", NULL, s, used, &err), ONC_OK);
    CHECK_INT(s[0].missing, 1u << onc_score_feature_find(m, "PDL1"));
    CHECK(isnan(s[0].value) && !isnan(s[1].value));
    CHECK_STR(used[onc_score_feature_find(m, "PSTH")], "Systemic_therapy_history");
    onc_frame_free(f);
    /* no column for a feature; a mapped column that is not there */
    f = table("id\tTMB\tPDL1\tPSTH\tAlbumin\tNLR\n1\t5\t50\t1\t4\t3\n");
    CHECK_INT(onc_score_frame(m, f, "cohort.tsv", NULL, s, NULL, &err), ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "cohort.tsv: no column for feature Age of model loris-nsclc (looked for Age)") != NULL);
    const char *columns[ONC_SCORE_MAX_FEATURES] = {0};
    columns[onc_score_feature_find(m, "Age")] = "age_years";
    CHECK_INT(onc_score_frame(m, f, "cohort.tsv", columns, s, NULL, &err), ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "age_years") != NULL);
    columns[onc_score_feature_find(m, "Age")] = "NLR"; /* a mapping is taken as given */
    CHECK_INT(onc_score_frame(m, f, "cohort.tsv", columns, s, used, &err), ONC_OK);
    CHECK_STR(used[onc_score_feature_find(m, "PDL1")], "PDL1"); /* the feature's own name */
    onc_frame_free(f);
    onc_score_model_free(m);
}

int main(void)
{
    load_refs(DATA "score_reference.tsv");
    RUN(test_models_load);
    RUN(test_readme_pancancer);
    RUN(test_readme_nsclc);
    RUN(test_repository_predictions);
    RUN(test_per_unit_against_r);
    RUN(test_msk_nonicb_loris_column);
    RUN(test_auc_against_r);
    RUN(test_hand_model);
    RUN(test_bad_models);
    RUN(test_bad_data);
    CHECK_EXIT();
}
