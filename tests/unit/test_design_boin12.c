/* test_design_boin12.c: BOIN12 (design.h; research/dose-finding.md 7). Expected values were
 * computed by hand from the notes' formulas (the benchmark utility, integer beta probabilities
 * as binomial sums) and, for the desirability scores (beta probabilities with fractional
 * parameters), with mpmath's regularised incomplete beta at 30 digits, independently of this
 * program. The simulation is compared with the trialdesign.org app's published numbers for one
 * scenario (escalation issue #8; see app_scenario) and checked for thread independence.
 */
#include "check.h"

#include "oncoboard/design.h"

static onc_boin12_params_t params(void)
{
    onc_boin12_params_t p;
    onc_boin12_params_init(&p, 0.35, 0.25);
    return p;
}

/* u_bar = 100 x .25 x .65 + 40 x .65 x .75 + 60 x .35 x .25 = 16.25 + 19.5 + 5.25 = 41;
 * u_b = 41 + (100 - 41) / 2 = 70.5. */
static void benchmark(void)
{
    onc_boin12_params_t p = params();
    CHECK(fabs(onc_boin12_benchmark(&p) - 70.5) < 1e-12);
}

static void desirability(void)
{
    onc_boin12_params_t p = params();
    onc_boin12_dose_t a = {.n = 3}, b = {.n = 3, .eff = 3}, c = {.n = 6, .eff = 2}, none = {0};
    CHECK(fabs(onc_boin12_desirability(&p, &a) - 11.3400103432) < 1e-8);  /* x 1.2: Beta(2.2, 2.8) */
    CHECK(fabs(onc_boin12_desirability(&p, &b) - 75.2966149375) < 1e-8);  /* 100 (1 - .705^4) */
    CHECK(fabs(onc_boin12_desirability(&p, &c) - 23.5969482239) < 1e-8);  /* x 3.6: Beta(4.6, 3.4) */
    CHECK(fabs(onc_boin12_desirability(&p, &none) - 29.5) < 1e-9);       /* untried: 100 (1 - .705) */
    /* with u_neither + u_both = 100 the patients with both do not matter */
    onc_boin12_dose_t d0 = {.n = 6, .tox = 2, .eff = 3, .both = 0}, d2 = {.n = 6, .tox = 2, .eff = 3, .both = 2};
    CHECK(fabs(onc_boin12_desirability(&p, &d0) - onc_boin12_desirability(&p, &d2)) < 1e-12);
    p.u_both = 80;
    CHECK(onc_boin12_desirability(&p, &d2) > onc_boin12_desirability(&p, &d0));
}

/* Pr(pT > .35 | 3/3) = 1 - .35^4 = 0.98499375; Pr(pE < .25 | 0/8) = 1 - .75^9 = 0.92491...,
 * 0/7: 1 - .75^8 = 0.89988...; the cut-offs .95 and .9. */
static void admissibility(void)
{
    onc_boin12_params_t p = params();
    onc_boin12_dose_t t3 = {.n = 3, .tox = 3, .eff = 3, .both = 3}, e8 = {.n = 8}, e7 = {.n = 7}, two = {.n = 2, .tox = 2, .eff = 2, .both = 2};
    CHECK(fabs(onc_boin12_pr_toxic(&p, &t3) - 0.98499375) < 1e-10);
    CHECK(fabs(onc_boin12_pr_futile(&p, &e8) - (1 - pow(0.75, 9))) < 1e-10);
    CHECK(!onc_boin12_admissible(&p, &t3));
    CHECK(!onc_boin12_admissible(&p, &e8));
    CHECK(onc_boin12_admissible(&p, &e7));
    CHECK(!onc_boin12_admissible(&p, &two)); /* 1 - .35^3 = 0.957: no minimum number of patients */
}

static onc_boin12_next_t next(const onc_boin12_params_t *p, const onc_boin12_dose_t *d, int k, int current)
{
    onc_boin12_next_t nx;
    onc_err_t err = {0};
    CHECK_INT(onc_boin12_next(p, d, k, current, -1, &nx, &err), ONC_OK);
    return nx;
}

static void decisions(void)
{
    onc_boin12_params_t p = params();
    /* 0/3 DLT (<= lambda_e 0.2763): dose 1 scores 11.34, untried dose 2 29.5: escalate */
    onc_boin12_dose_t a[5] = {{.n = 3}};
    onc_boin12_next_t nx = next(&p, a, 5, 0);
    CHECK_INT(nx.decision, ONC_BOIN12_ESCALATE);
    CHECK_INT(nx.next_dose, 1);
    /* 2/3 at dose 2 >= lambda_d 0.4189: de-escalate */
    onc_boin12_dose_t b[5] = {{.n = 3}, {.n = 3, .tox = 2, .eff = 3, .both = 2}};
    nx = next(&p, b, 5, 1);
    CHECK_INT(nx.decision, ONC_BOIN12_DEESCALATE);
    CHECK_INT(nx.next_dose, 0);
    /* 9 > 8 at dose 1, 1/9 below lambda_d, dose 2 untried: escalate to explore (even though 0/9
     * responses make dose 1 futile) */
    onc_boin12_dose_t c[5] = {{.n = 9, .tox = 1}};
    nx = next(&p, c, 5, 0);
    CHECK_INT(nx.decision, ONC_BOIN12_ESCALATE);
    CHECK(strstr(nx.rule, "explore") != NULL);
    /* 2/6 at dose 2 (between the lambdas), n >= N* = 6: only doses 1-2; dose 1 (0/3 DLT, 2/3
     * responses: x 2.4, score 50.087) beats dose 2 (x 2.2, score 3.757): de-escalate */
    onc_boin12_dose_t d[5] = {{.n = 3, .eff = 2}, {.n = 6, .tox = 2, .eff = 1}};
    nx = next(&p, d, 5, 1);
    CHECK_INT(nx.decision, ONC_BOIN12_DEESCALATE);
    CHECK(fabs(nx.desirability[0] - 50.0867929470) < 1e-8);
    CHECK(fabs(nx.desirability[1] - 3.7572964682) < 1e-8);
    CHECK(isnan(nx.desirability[2])); /* not a candidate */
    /* the same data at doses 1 and 2, 2/6 DLT at dose 2 with n >= N*: equal scores, the lower dose
     * (escalation's which.max between d-1 and d) */
    onc_boin12_dose_t g[3] = {{.n = 6, .tox = 2, .eff = 3}, {.n = 6, .tox = 2, .eff = 3}};
    nx = next(&p, g, 3, 1);
    CHECK_INT(nx.decision, ONC_BOIN12_DEESCALATE);
    CHECK(nx.desirability[0] == nx.desirability[1]);
    /* 0/8 responses at doses 1 and 2 (Pr(pE < .25) = 1 - .75^9 = 0.925 >= 0.9): none of the
     * candidates is admissible, stop */
    onc_boin12_dose_t h[3] = {{.n = 8}, {.n = 8}};
    nx = next(&p, h, 3, 0);
    CHECK_INT(nx.decision, ONC_BOIN12_STOP_NONE);
    /* 3/3 at dose 1: eliminated, stop */
    onc_boin12_dose_t e[5] = {{.n = 3, .tox = 3}};
    nx = next(&p, e, 5, 0);
    CHECK_INT(nx.decision, ONC_BOIN12_STOP_TOXIC);
    /* n.earlystop: dose 1 again with 12 already */
    p.n_earlystop = 12;
    onc_boin12_dose_t f[2] = {{.n = 12, .tox = 4, .eff = 8, .both = 3}, {.n = 3, .tox = 2, .eff = 1}};
    nx = next(&p, f, 2, 1);
    CHECK_INT(nx.decision, ONC_BOIN12_STOP_SELECT);
    CHECK_INT(nx.next_dose, 0);
}

/* n 3 6 9, DLTs 0 1 3, responses 0 2 4: isotonic DLT rates .0161 .1721 .3352 (increasing), the
 * MTD dose 3; scores 11.340, 15.264, 11.503 (x 1.2, 3.2, 4.8): the OBD is dose 2. */
static void selection(void)
{
    onc_boin12_params_t p = params();
    onc_boin12_dose_t d[4] = {{.n = 3}, {.n = 6, .tox = 1, .eff = 2}, {.n = 9, .tox = 3, .eff = 4}, {0}};
    onc_boin12_selection_t s;
    onc_err_t err = {0};
    CHECK_INT(onc_boin12_select(&p, d, 4, &s, &err), ONC_OK);
    CHECK_INT(s.mtd, 2);
    CHECK_INT(s.obd, 1);
    CHECK(fabs(s.tox_isotonic[2] - 3.05 / 9.1) < 1e-12);
    CHECK(fabs(s.desirability[1] - 15.2637149027) < 1e-8);
    CHECK(fabs(s.desirability[2] - 11.5026371208) < 1e-8);
    CHECK(fabs(s.utility[1] - 100 * 3.2 / 6) < 1e-9);
    CHECK(isnan(s.utility[3]));
    /* dose 1 too toxic: no OBD */
    onc_boin12_dose_t t[2] = {{.n = 6, .tox = 5, .eff = 5, .both = 5}, {0}};
    CHECK_INT(onc_boin12_select(&p, t, 2, &s, &err), ONC_OK);
    CHECK_INT(s.obd, -1);
}

static void bad_input(void)
{
    onc_boin12_params_t p = params();
    onc_boin12_dose_t d[2] = {{.n = 3, .tox = 2, .eff = 2, .both = 0}};
    onc_boin12_selection_t s;
    onc_err_t err = {0};
    CHECK_INT(onc_boin12_select(&p, d, 2, &s, &err), ONC_EINVAL); /* 2 + 2 - 0 > 3 */
    CHECK(strstr(err.msg, "dose 1") != NULL);
    p.phi_e = 1.5;
    CHECK_INT(onc_boin12_check(&p, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "efficacy") != NULL);
}

/* trialdesign.org's BOIN12 (escalation issue #8): phiT .35, phiE .25, u 40/60, 36 patients in
 * cohorts of 3, 12 per dose at most, 10,000 trials: dose 2 57.3%, dose 3 21.3% (escalation 0.2.3:
 * 49.6%, 23.7%; the app has rules the notes could not pin down). Dose 3 agrees within 4 standard
 * errors; dose 2 is the most selected but about 2.6 points lower (54.7% in 100,000 trials, about
 * 5 SE): checked as the modal dose only, and reported in docs/design.md. */
static void app_scenario(void)
{
    onc_boin12_params_t p = params();
    p.n_earlystop = 12;
    double tox[5] = {.03, .17, .35, .50, .65}, eff[5] = {.12, .39, .43, .55, .65};
    onc_boin_sim_opts_t o = {.n_cohorts = 12, .cohort_size = 3, .n_trials = 10000, .seed = 1, .threads = 2};
    onc_design_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_boin12_simulate(&p, tox, eff, 5, &o, &oc, &err), ONC_OK);
    double q = 0.213, se = 100 * sqrt(q * (1 - q) * (2.0 / 10000));
    CHECK(fabs(oc.selection_pct[2] - 21.3) <= 4 * se);
    for (int j = 0; j < 5; j++) CHECK(j == 1 || oc.selection_pct[j] < oc.selection_pct[1]);
    CHECK(oc.selection_pct[1] > 49.6 && oc.selection_pct[1] < 57.3);
    double sum = oc.no_mtd_pct, n = 0;
    for (int j = 0; j < 5; j++) sum += oc.selection_pct[j], n += oc.patients_per_dose[j];
    CHECK(fabs(sum - 100) < 1e-9);
    CHECK(n <= 36 + 1e-9 && fabs(n - oc.mean_n) < 1e-9);
    for (int j = 0; j < 5; j++) CHECK(oc.response_per_dose[j] <= oc.patients_per_dose[j] * (eff[j] + 0.05));
}

static void threads_do_not_matter(void)
{
    onc_boin12_params_t p = params();
    double tox[4] = {.05, .15, .35, .5}, eff[4] = {.1, .3, .5, .5};
    onc_boin_sim_opts_t o = {.n_cohorts = 10, .cohort_size = 3, .n_trials = 2001, .seed = 9, .threads = 1};
    onc_design_oc_t a, b;
    onc_err_t err = {0};
    CHECK_INT(onc_boin12_simulate(&p, tox, eff, 4, &o, &a, &err), ONC_OK);
    o.threads = 3;
    CHECK_INT(onc_boin12_simulate(&p, tox, eff, 4, &o, &b, &err), ONC_OK);
    for (int j = 0; j < 4; j++) {
        CHECK(a.selection_pct[j] == b.selection_pct[j]);
        CHECK(a.patients_per_dose[j] == b.patients_per_dose[j]);
        CHECK(a.response_per_dose[j] == b.response_per_dose[j]);
    }
}

int main(void)
{
    RUN(benchmark);
    RUN(desirability);
    RUN(admissibility);
    RUN(decisions);
    RUN(selection);
    RUN(bad_input);
    RUN(app_scenario);
    RUN(threads_do_not_matter);
    CHECK_EXIT();
}
