/* test_design_interval_run.c: trials run by the interval designs (design.h,
 * design_interval_run.c): the next dose along the published decision examples of Guo et al.
 * 2017 (mTPI-2) and Ji et al. 2010 (mTPI) that research/dose-finding.md 4.1 lists, elimination
 * that persists, the final MTD by the rules of research 4.2 (cases worked by hand), and the
 * simulation on Keyboard's engine.
 */
#include "check.h"

#include "oncoboard/design.h"

/* Runs cohorts "dose:outcomes" (e.g. "1NNN") through onc_interval_next, each cohort at the dose
 * it names, and returns the last decision; *next its dose (from 1, 0 when stopping). */
static onc_boin_decision run(onc_interval_design d, const char *const *cohorts, int n_cohorts, int *next, int *elim)
{
    int n[5] = {0}, y[5] = {0}, e = -1;
    onc_boin_next_t nx = {0};
    for (int i = 0; i < n_cohorts; i++) {
        int dose = cohorts[i][0] - '1';
        for (const char *p = cohorts[i] + 1; *p; p++) n[dose]++, y[dose] += *p == 'T';
        onc_err_t err = {0};
        CHECK_INT(onc_interval_next(d, 0.3, 0.05, n, y, 5, dose, e, &nx, &err), ONC_OK);
        e = nx.eliminated_from;
    }
    *next = nx.decision == ONC_BOIN_STOP_TOXIC ? 0 : nx.next_dose + 1;
    *elim = e + 1;
    return nx.decision;
}

static void published_examples(void)
{
    int next, elim;
    const char *a[3] = {"1NNN", "1NNN", "1NTT"};
    run(ONC_INTERVAL_MTPI2, a, 3, &next, &elim);
    CHECK_INT(next, 2);
    run(ONC_INTERVAL_MTPI, a, 3, &next, &elim);
    CHECK_INT(next, 1);
    const char *b[2] = {"2NNN", "2TTT"};
    run(ONC_INTERVAL_MTPI2, b, 2, &next, &elim);
    CHECK_INT(next, 1);
    run(ONC_INTERVAL_MTPI, b, 2, &next, &elim);
    CHECK_INT(next, 2);
    const char *c[4] = {"1NNN", "1NNN", "1NNN", "1T"};
    run(ONC_INTERVAL_MTPI2, c, 4, &next, &elim);
    CHECK_INT(next, 2);
    const char *s[4] = {"1NNN", "1NTT", "1TTT", "1T"};
    CHECK_INT(run(ONC_INTERVAL_MTPI2, s, 4, &next, &elim), ONC_BOIN_STOP_TOXIC);
    CHECK_INT(next, 0);
    const char *top[3] = {"5NNN", "5NNN", "5TTT"};
    run(ONC_INTERVAL_MTPI2, top, 3, &next, &elim);
    CHECK_INT(next, 5);
    const char *du[1] = {"2TTT"};
    run(ONC_INTERVAL_KEYBOARD, du, 1, &next, &elim);
    CHECK_INT(next, 1);
    CHECK_INT(elim, 2);
}

/* Dose 2 eliminated earlier stays so: 0/3 at dose 1, then 0/3 more, never escalate to it. */
static void elimination_persists(void)
{
    int next, elim;
    const char *c[4] = {"1NNN", "2TTT", "1NNN", "1NNN"};
    run(ONC_INTERVAL_I3P3, c, 4, &next, &elim);
    CHECK_INT(next, 1);
    CHECK_INT(elim, 2);
}

/* research 4.2 by hand (target 0.3 unless said; Beta(1, 1) means (y + 1) / (n + 2)). */
static void selection(void)
{
    int mtd;
    double est[5];
    onc_err_t err = {0};
    /* 0/3 1/6 3/9 2/3: means 0.2 0.25 0.364 0.6, increasing; 0.25 is closest */
    const int n1[4] = {3, 6, 9, 3}, y1[4] = {0, 1, 3, 2};
    CHECK_INT(onc_interval_select(ONC_INTERVAL_MTPI2, 0.3, n1, y1, 4, &mtd, est, &err), ONC_OK);
    CHECK_INT(mtd + 1, 2);
    CHECK_NEAR(est[2], 4.0 / 11, 1e-15);
    /* Keyboard selects as BOIN: Beta(0.05, 0.05) means, 3.05/9.1 = 0.335 is closest */
    CHECK_INT(onc_interval_select(ONC_INTERVAL_KEYBOARD, 0.3, n1, y1, 4, &mtd, est, &err), ONC_OK);
    CHECK_INT(mtd + 1, 3);
    /* 0/3 and 1/3: 0.2 and 0.4, a tie around 0.3 whose mean is the target: the lower */
    const int n2[2] = {3, 3}, y2[2] = {0, 1};
    CHECK_INT(onc_interval_select(ONC_INTERVAL_I3P3, 0.3, n2, y2, 2, &mtd, est, &err), ONC_OK);
    CHECK_INT(mtd + 1, 1);
    /* 1/3 then 0/3 (0.4, 0.2; weights 1/var = 25 x 6 / 6, 25 x 6 / 4) pool to (0.4 / 6 + 0.2 / 4) /
     * (1 / 6 + 1 / 4) = 0.28 each, below a target of 0.5: the higher */
    const int n3[2] = {3, 3}, y3[2] = {1, 0};
    CHECK_INT(onc_interval_select(ONC_INTERVAL_MTPI, 0.5, n3, y3, 2, &mtd, est, &err), ONC_OK);
    CHECK_INT(mtd + 1, 2);
    CHECK_NEAR(est[0], 0.28, 1e-15);
    CHECK_NEAR(est[1], 0.28, 1e-15);
    /* 3/3 at dose 3: Pr(p > 0.3) = 1 - 0.3^4 > 0.95, eliminated though closest; untreated dose 4 out */
    const int n4[4] = {3, 3, 3, 0}, y4[4] = {0, 0, 3, 0};
    CHECK_INT(onc_interval_select(ONC_INTERVAL_MTPI2, 0.3, n4, y4, 4, &mtd, est, &err), ONC_OK);
    CHECK_INT(mtd + 1, 2);
    CHECK(isnan(est[3]));
    /* dose 1 eliminated: no MTD */
    const int n5[2] = {3, 0}, y5[2] = {3, 0};
    CHECK_INT(onc_interval_select(ONC_INTERVAL_MTPI2, 0.3, n5, y5, 2, &mtd, est, &err), ONC_OK);
    CHECK_INT(mtd, -1);
    /* bad counts */
    const int n6[2] = {3, 3}, y6[2] = {4, 0};
    CHECK_INT(onc_interval_select(ONC_INTERVAL_MTPI2, 0.3, n6, y6, 2, &mtd, est, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "more DLTs than patients") != NULL);
}

/* mTPI-2 and Keyboard take the same decisions: on the same simulated patients they treat
 * alike, and differ only in the MTD chosen at the end. */
static void simulation_engine(void)
{
    const double truth[5] = {0.05, 0.15, 0.30, 0.45, 0.60};
    onc_boin_sim_opts_t o = {.n_cohorts = 10, .cohort_size = 3, .n_trials = 4000, .seed = 7, .threads = 2};
    onc_design_oc_t kb, m2, i3;
    onc_err_t err = {0};
    CHECK_INT(onc_interval_simulate(ONC_INTERVAL_KEYBOARD, 0.3, 0.05, truth, 5, &o, &kb, &err), ONC_OK);
    CHECK_INT(onc_interval_simulate(ONC_INTERVAL_MTPI2, 0.3, 0.05, truth, 5, &o, &m2, &err), ONC_OK);
    CHECK_INT(onc_interval_simulate(ONC_INTERVAL_I3P3, 0.3, 0.05, truth, 5, &o, &i3, &err), ONC_OK);
    double sum = m2.no_mtd_pct;
    for (int j = 0; j < 5; j++) {
        CHECK_NEAR(m2.patients_per_dose[j], kb.patients_per_dose[j], 1e-12);
        sum += m2.selection_pct[j];
    }
    CHECK_NEAR(sum, 100, 1e-9);
    CHECK(m2.selection_pct[2] > 45 && i3.selection_pct[2] > 45); /* the dose at the target leads */
    CHECK(fabs(m2.selection_pct[2] - kb.selection_pct[2]) > 0); /* a different rule at the end */
    onc_boin_sim_opts_t one = o;
    one.threads = 1;
    onc_design_oc_t i3b;
    CHECK_INT(onc_interval_simulate(ONC_INTERVAL_I3P3, 0.3, 0.05, truth, 5, &one, &i3b, &err), ONC_OK);
    CHECK_NEAR(i3b.selection_pct[1], i3.selection_pct[1], 0);
}

int main(void)
{
    RUN(published_examples);
    RUN(elimination_persists);
    RUN(selection);
    RUN(simulation_engine);
    CHECK_EXIT();
}
