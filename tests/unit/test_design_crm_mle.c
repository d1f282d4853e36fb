/* test_design_crm_mle.c: the CRM by maximum likelihood, its stand-in when the MLE does not exist,
 * TITE-CRM's adaptive weights and the two-stage simulation (design.h, design_crm_mle.c).
 *
 * References: research/dose-finding.md 3.4 (dfcrm 0.2-2.1's MLE bhat for both models on its
 * man-page data; titecrm's adaptive weights and bhat); the other figures (dfcrm's MLE variance,
 * the N(0, 500^2) stand-in, the MLE two-stage simulations) come from dfcrm 0.2-2.1's own R code
 * for crm and crmsim run in R 4.2.2 (the code of crm and mtrials, which reproduces research
 * 3.5's two-stage Bayes row to every printed digit; tests/data/design/README.md), and its
 * titesim loop run the same way for TITE-CRM's simulation.
 */
#include "check.h"

#include "oncoboard/design.h"

#include "dosefinding_data.h"

static const int man_level[10] = {2, 3, 3, 2, 2, 3, 2, 1, 1, 1}; /* 0-based: 3 4 4 3 3 4 3 2 2 2 */
static const int man_dlt[10] = {0, 0, 1, 0, 0, 1, 1, 0, 0, 0};


/* dfcrm's crm(method = "mle") on its man-page data, both models (research 3.4; the variances
 * from dfcrm's code in R). */
static void mle_man(void)
{
    struct { onc_crm_model m; double bhat, var, ptox[6]; } cases[] = {
        {ONC_CRM_EMPIRIC, -0.1909884812, 0.20902027584724, /* optimize's bhat, 1.4e-5 from the exact maximum */
         {0.08417136, 0.14923060, 0.26457661, 0.42008330, 0.56403551, 0.74478165}},
        {ONC_CRM_LOGISTIC, -0.09084430317, 0.039258424315692,
         {0.08104570, 0.14856546, 0.26788339, 0.42439394, 0.56476421, 0.73773685}},
    };
    for (size_t i = 0; i < 2; i++) {
        onc_crm_t c = man_crm(cases[i].m);
        onc_crm_fit_t f;
        onc_err_t err = {0};
        CHECK_INT(onc_crm_fit_mle(&c, man_level, man_dlt, NULL, 10, &f, &err), ONC_OK);
        CHECK_NEAR(f.bhat, cases[i].bhat, 1e-9);
        CHECK_NEAR(f.post_var, cases[i].var, 1e-8);
        for (int d = 0; d < 6; d++) CHECK_NEAR(f.ptox[d], cases[i].ptox[d], 5e-9);
        CHECK_INT(f.mtd + 1, 2);
    }
}

/* No DLT, only DLTs: dfcrm's crm stops ("mle does not exist"). */
static void mle_missing(void)
{
    onc_crm_t c = man_crm(ONC_CRM_EMPIRIC);
    const int lv[3] = {2, 2, 2}, none[3] = {0, 0, 0}, all[3] = {1, 1, 1};
    onc_crm_fit_t f;
    onc_err_t err = {0};
    CHECK_INT(onc_crm_fit_mle(&c, lv, none, NULL, 3, &f, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "no DLT") != NULL);
    CHECK_INT(onc_crm_fit_mle(&c, lv, all, NULL, 3, &f, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "only DLTs") != NULL);
    CHECK(!onc_crm_mle_exists(none, 3) && !onc_crm_mle_exists(all, 3) && onc_crm_mle_exists(man_dlt, 10));
}

/* dfcrm's crm(scale = 500), crmsim's stand-in for the MLE. */
static void flat_prior(void)
{
    struct { onc_crm_model m; int n, y; double bhat, var; double p3; } cases[] = {
        {ONC_CRM_EMPIRIC, 1, 1, -0.07771505109836, 0.5220570283546, 0.22557624275},
        {ONC_CRM_EMPIRIC, 3, 3, -0.075035480746, 0.5158364086853, 0.22467675303},
        {ONC_CRM_EMPIRIC, 3, 0, 0.0794093031792, 0.5256259208248, 0.17509025225},
        {ONC_CRM_LOGISTIC, 3, 3, -0.078466446312, 0.5241278232657, 0.25821358895},
        {ONC_CRM_LOGISTIC, 3, 0, 0.07967223695778, 0.5255008932393, 0.14803978084},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        onc_crm_t c = man_crm(cases[i].m);
        int lv[3] = {2, 2, 2}, dlt[3];
        for (int j = 0; j < 3; j++) dlt[j] = j < cases[i].y;
        onc_crm_fit_t f;
        onc_err_t err = {0};
        CHECK_INT(onc_crm_fit_flat(&c, lv, dlt, NULL, cases[i].n, &f, &err), ONC_OK);
        CHECK_NEAR(f.bhat, cases[i].bhat, 1e-8);
        CHECK_NEAR(f.post_var, cases[i].var, 1e-7);
        CHECK_NEAR(f.ptox[2], cases[i].p3, 1e-9);
        CHECK_INT(f.mtd + 1, 3);
    }
}

/* titecrm's man example with scheme = "adaptive" (research 3.4), and the weights by hand:
 * DLT times 24 and 168 (z = 2); 178 -> (2 + 10/12)/3; 102 -> (1 + 78/144)/3; 3 -> 3/24/3. */
static void tite_adaptive(void)
{
    onc_crm_t c = man_crm(ONC_CRM_EMPIRIC);
    const int level[10] = {2, 2, 2, 3, 3, 2, 1, 1, 1, 2}, dlt[10] = {0, 0, 1, 0, 1, 0, 0, 0, 0, 0};
    const double followup[10] = {178, 181, 168, 181, 24, 181, 179, 102, 42, 3};
    const double expected[10] = {0.94444, 1, 1, 1, 1, 1, 0.97222, 0.51389, 0.375, 0.04167};
    double w[10];
    onc_crm_weights_adaptive(followup, dlt, 10, 180, w);
    for (int j = 0; j < 10; j++) CHECK_NEAR(w[j], expected[j], 5e-6);
    CHECK_NEAR(w[0], (2 + 10.0 / 12) / 3, 1e-15);
    CHECK_NEAR(w[7], (1 + 78.0 / 144) / 3, 1e-15);
    onc_crm_fit_t f;
    onc_err_t err = {0};
    CHECK_INT(onc_crm_fit(&c, level, dlt, w, 10, &f, &err), ONC_OK);
    CHECK_NEAR(f.bhat, -0.1345180665, 1e-8);
    CHECK_INT(f.mtd + 1, 3);
    /* no DLT: the linear weights */
    const int none[2] = {0, 0};
    const double fu[2] = {90, 200};
    onc_crm_weights_adaptive(fu, none, 2, 180, w);
    CHECK_NEAR(w[0], 0.5, 1e-15);
    CHECK_NEAR(w[1], 1, 0);
}

static void two_stage_row(const csv_row_t *r)
{
    onc_crm_t c;
    double truth[8], sel[8], npts[8];
    int k = crmsim_row(r, &c, truth, sel, npts);
    int initial[24];
    for (int j = 0; j < 24; j++) initial[j] = j < 15 ? j / 3 : 5;
    onc_crm_sim_opts_t o = {.n_patients = 24, .cohort_size = strstr(r->cell[0], "cohort 3") ? 3 : 1, .n_trials = 4000,
                            .seed = 1009, .threads = 2, .initial = initial,
                            .method = strstr(r->cell[0], "mle") ? ONC_CRM_MLE : ONC_CRM_BAYES};
    onc_design_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_crm_simulate(&c, truth, &o, &oc, &err), ONC_OK);
    CHECK_CRMSIM(oc, sel, npts, k, 4000, r->cell[0]);
}

/* titesim's rows: start dose 3, 3 patients per window of 6, linear or adaptive weights. */
static void tite_row(const csv_row_t *r)
{
    onc_crm_t c;
    double truth[8], sel[8], npts[8];
    int k = crmsim_row(r, &c, truth, sel, npts);
    onc_crm_sim_opts_t o = {.n_patients = 24, .cohort_size = 1, .start_dose = 2, .n_trials = 4000, .seed = 1009,
                            .threads = 2, .tite = true, .window = 6, .per_window = 3,
                            .adaptive = strstr(r->cell[0], "adaptive") != NULL};
    onc_design_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_crm_simulate(&c, truth, &o, &oc, &err), ONC_OK);
    CHECK_CRMSIM(oc, sel, npts, k, atof(r->cell[6]), r->cell[0]);
}

/* The rows of a reference file of the project's own (tests/data/design) through fn. */
static int each_local_row(const char *path, void (*fn)(const csv_row_t *r))
{
    FILE *fp = fopen(path, "r");
    CHECK(fp != NULL);
    if (!fp) return 0;
    csv_row_t r;
    int rows = 0;
    CHECK(next_row(fp, &r)); /* the header */
    while (next_row(fp, &r))
        if (r.n == 11) fn(&r), rows++;
    fclose(fp);
    return rows;
}

static void two_stage_sim(void)
{
    CHECK_INT(each_local_row("tests/data/design/dfcrm_crmsim_two_stage.csv", two_stage_row), 3);
}

static void tite_sim(void)
{
    CHECK_INT(each_local_row("tests/data/design/dfcrm_titesim.csv", tite_row), 2);
}

/* The MLE without an initial sequence: crmsim stops, so does this. */
static void mle_needs_initial(void)
{
    onc_crm_t c = man_crm(ONC_CRM_EMPIRIC);
    const double truth[6] = {0.1, 0.2, 0.4, 0.5, 0.6, 0.65};
    onc_crm_sim_opts_t o = {.n_patients = 24, .cohort_size = 1, .n_trials = 10, .seed = 1, .threads = 1,
                            .method = ONC_CRM_MLE};
    onc_design_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_crm_simulate(&c, truth, &o, &oc, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "initial sequence") != NULL);
}

int main(void)
{
    RUN(mle_man);
    RUN(mle_missing);
    RUN(flat_prior);
    RUN(tite_adaptive);
    RUN(two_stage_sim);
    RUN(tite_sim);
    RUN(mle_needs_initial);
    CHECK_EXIT();
}
