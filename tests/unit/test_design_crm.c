/* test_design_crm.c: the CRM (design.h) against dfcrm 0.2-2.1's reference outputs in
 * research/dose-finding.md 3.3-3.4 (its man-page data: Bayes estimates of both models, the 90%
 * interval, TITE-CRM with linear weights, getprior skeletons), and simulated operating
 * characteristics within 4 standard errors of crmsim's 4,000 trials
 * (../shared/data/dosefinding/dfcrm_crmsim_reference.csv).
 */
#include "check.h"

#include "oncoboard/design.h"

#include "dosefinding_data.h"

static const int man_level[10] = {3, 4, 4, 3, 3, 4, 3, 2, 2, 2};
static const int man_dlt[10] = {0, 0, 1, 0, 0, 1, 1, 0, 0, 0};


static onc_crm_fit_t fit_man(const onc_crm_t *c, const double *weight, const int *level, const int *dlt, int n)
{
    int lv[32];
    for (int j = 0; j < n; j++) lv[j] = level[j] - 1;
    onc_crm_fit_t f;
    onc_err_t err = {0};
    CHECK_INT(onc_crm_fit(c, lv, dlt, weight, n, &f, &err), ONC_OK);
    return f;
}

static void empiric_bayes(void)
{
    onc_crm_t c = man_crm(ONC_CRM_EMPIRIC);
    onc_crm_fit_t f = fit_man(&c, NULL, man_level, man_dlt, 10);
    CHECK_NEAR(f.bhat, -0.2121715263, 1e-8);
    CHECK_NEAR(f.post_var, 0.1575955281, 1e-8);
    CHECK_INT(f.mtd + 1, 2);
    const double ptox[6] = {0.08865294696, 0.15530092743, 0.27205387847, 0.42778977757, 0.57084621730, 0.74939583484};
    const double lo[6] = {0.00951, 0.02793, 0.08200, 0.19566, 0.34057, 0.57450};
    const double hi[6] = {0.28332, 0.37933, 0.50786, 0.64277, 0.74691, 0.86057};
    for (int d = 0; d < 6; d++) {
        CHECK_NEAR(f.ptox[d], ptox[d], 1e-9);
        CHECK_NEAR(f.lower[d], lo[d], 5e-6);
        CHECK_NEAR(f.upper[d], hi[d], 5e-6);
    }
}

static void logistic_bayes(void)
{
    onc_crm_t c = man_crm(ONC_CRM_LOGISTIC);
    onc_crm_fit_t f = fit_man(&c, NULL, man_level, man_dlt, 10);
    CHECK_NEAR(f.bhat, -0.1101116088, 1e-8);
    CHECK_NEAR(f.post_var, 0.03869540031, 1e-8);
    CHECK_INT(f.mtd + 1, 2);
    const double ptox[6] = {0.08910298, 0.16038967, 0.28313704, 0.43986818, 0.57756796, 0.74492980};
    for (int d = 0; d < 6; d++) CHECK_NEAR(f.ptox[d], ptox[d], 5e-9);
}

/* titecrm's man example: linear weights from follow-up in a 180-day window. */
static void tite_linear(void)
{
    onc_crm_t c = man_crm(ONC_CRM_EMPIRIC);
    const int level[10] = {3, 3, 3, 4, 4, 3, 2, 2, 2, 3}, dlt[10] = {0, 0, 1, 0, 1, 0, 0, 0, 0, 0};
    const double followup[10] = {178, 181, 168, 181, 24, 181, 179, 102, 42, 3};
    const double expected_w[10] = {0.98889, 1, 1, 1, 1, 1, 0.99444, 0.56667, 0.23333, 0.01667};
    double w[10];
    for (int j = 0; j < 10; j++) {
        w[j] = dlt[j] ? 1 : onc_crm_weight_linear(followup[j], 180);
        CHECK_NEAR(w[j], expected_w[j], 5e-6);
    }
    onc_crm_fit_t f = fit_man(&c, w, level, dlt, 10);
    CHECK_NEAR(f.bhat, -0.1327865514, 1e-8);
    CHECK_INT(f.mtd + 1, 3);
}

/* escalation's tests (research 3.4): another skeleton, prior variance 0.75, and a logistic with
 * a0 = 4. */
static void other_examples(void)
{
    onc_crm_t c;
    onc_crm_init(&c);
    c.target = 0.2, c.n_doses = 4, c.prior_var = 0.75;
    const double sk[4] = {0.1, 0.2, 0.4, 0.55};
    memcpy(c.skeleton, sk, sizeof sk);
    const int level[12] = {2, 2, 2, 2, 2, 2, 3, 3, 3, 2, 2, 2}, dlt[12] = {0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1};
    onc_crm_fit_t f = fit_man(&c, NULL, level, dlt, 12);
    CHECK_NEAR(f.bhat, -0.2163051159, 1e-8);
    CHECK_INT(f.mtd + 1, 1);
    onc_crm_t l;
    onc_crm_init(&l);
    l.model = ONC_CRM_LOGISTIC, l.intercept = 4, l.target = 0.33, l.n_doses = 7;
    const double sk7[7] = {0.1, 0.2, 0.33, 0.45, 0.6, 0.7, 0.8};
    memcpy(l.skeleton, sk7, sizeof sk7);
    const int lv[21] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 2, 2, 2, 3, 3, 3, 3, 3, 3, 2, 2, 2};
    const int dl[21] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0};
    f = fit_man(&l, NULL, lv, dl, 21);
    CHECK_NEAR(f.bhat, 0.02013324901, 1e-8);
    CHECK_INT(f.mtd + 1, 3);
}

static void skeletons(void)
{
    struct { onc_crm_model m; double delta, target; int nu, k; double v[6]; } cases[] = {
        {ONC_CRM_LOGISTIC, 0.10, 0.25, 3, 6, {0.01772616629, 0.08611653616, 0.25, 0.46682345246, 0.64686097293, 0.76305706685}},
        {ONC_CRM_EMPIRIC, 0.10, 0.25, 3, 6, {0.01081271521, 0.08166297090, 0.25, 0.46433774532, 0.65408421649, 0.79063485456}},
        {ONC_CRM_EMPIRIC, 0.05, 0.25, 3, 5, {0.08397349131, 0.15674102114, 0.25, 0.35450042762, 0.46034311109}},
        {ONC_CRM_EMPIRIC, 0.05, 0.30, 2, 5, {0.2039560076, 0.30, 0.4018194361, 0.5013464478, 0.5928140469}},
        {ONC_CRM_EMPIRIC, 0.06, 0.20, 1, 4, {0.20, 0.3319737545, 0.4697711297, 0.5959287603}},
        {ONC_CRM_EMPIRIC, 0.07, 0.20, 5, 5, {7.574325062e-05, 2.267385374e-03, 2.008539541e-02, 8.144332904e-02, 0.20}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double out[6];
        onc_err_t err = {0};
        CHECK_INT(onc_crm_skeleton(cases[i].m, cases[i].delta, cases[i].target, cases[i].nu - 1, cases[i].k, 3, out, &err), ONC_OK);
        for (int d = 0; d < cases[i].k; d++) CHECK(fabs(out[d] - cases[i].v[d]) <= 1e-9 * fmax(1, cases[i].v[d] * 1e3));
    }
}

/* One cohort of three at dose 3 of getprior(0.05, 0.25, 3, 5) (research 3.4): 0-3 DLTs. */
static void one_cohort(void)
{
    onc_crm_t c;
    onc_crm_init(&c);
    c.target = 0.25, c.n_doses = 5;
    onc_err_t err = {0};
    CHECK_INT(onc_crm_skeleton(ONC_CRM_EMPIRIC, 0.05, 0.25, 2, 5, 3, c.skeleton, &err), ONC_OK);
    const double bhat[4] = {0.8452, -0.2717, -0.9047, -1.5440};
    const int rec[4] = {5, 2, 1, 1};
    for (int y = 0; y < 4; y++) {
        int level[3] = {2, 2, 2}, dlt[3] = {y > 0, y > 1, y > 2};
        onc_crm_fit_t f;
        CHECK_INT(onc_crm_fit(&c, level, dlt, NULL, 3, &f, &err), ONC_OK);
        CHECK_NEAR(f.bhat, bhat[y], 5e-5);
        CHECK_INT(f.mtd + 1, rec[y]);
    }
}

static void sim_row(const csv_row_t *r)
{
    onc_crm_t c;
    double truth[8], sel[8], npts[8];
    int k = crmsim_row(r, &c, truth, sel, npts);
    bool cohort3 = strstr(r->cell[0], "cohort 3") != NULL;
    onc_crm_sim_opts_t o = {.n_patients = 24, .cohort_size = cohort3 ? 3 : 1, .start_dose = 2, .n_trials = 4000,
                            .seed = 1009, .threads = 2};
    onc_design_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_crm_simulate(&c, truth, &o, &oc, &err), ONC_OK);
    CHECK_CRMSIM(oc, sel, npts, k, 4000, r->cell[0]);
}

static void simulated_oc(void)
{
    int rows = each_row("dfcrm_crmsim_reference.csv", 11, sim_row);
    if (rows < 0) SKIP(NO_DATA);
    CHECK_INT(rows, 2);
}

int main(void)
{
    RUN(empiric_bayes);
    RUN(logistic_bayes);
    RUN(tite_linear);
    RUN(other_examples);
    RUN(skeletons);
    RUN(one_cohort);
    RUN(simulated_oc);
    CHECK_EXIT();
}
