/* test_design_tite_sim.c: TITE-BOIN's simulation with accrual in time (design.h; research/
 * dose-finding.md 5). The notes give no TITE-BOIN operating characteristics, so invariants are
 * checked: with a window of zero the trial is BOIN's on the same streams (equal results); the
 * results do not depend on the number of threads; two trials without any DLT, traced by hand,
 * give their exact duration (with accrual suspensions); exponential arrivals give the mean gap
 * 1 / rate within 4 standard errors.
 */
#include "check.h"

#include "oncoboard/design.h"

static onc_tite_sim_opts_t opts(double accrual, double window, long trials)
{
    onc_tite_sim_opts_t o = {.trial = {.n_cohorts = 10, .cohort_size = 3, .n_trials = trials, .seed = 7, .threads = 1},
                             .accrual = accrual, .window = window};
    return o;
}

static void window_zero_is_boin(void)
{
    onc_boin_params_t p;
    onc_boin_params_init(&p, 0.3);
    double truth[5] = {.05, .15, .30, .45, .60};
    onc_tite_sim_opts_t o = opts(2, 0, 5000);
    onc_design_oc_t a, b;
    onc_err_t err = {0};
    CHECK_INT(onc_tite_boin_simulate(&p, truth, 5, &o, &a, &err), ONC_OK);
    CHECK_INT(onc_boin_simulate(&p, truth, 5, &o.trial, &b, &err), ONC_OK);
    for (int j = 0; j < 5; j++) {
        CHECK(a.selection_pct[j] == b.selection_pct[j]);
        CHECK(a.patients_per_dose[j] == b.patients_per_dose[j]);
        CHECK(a.dlt_per_dose[j] == b.dlt_per_dose[j]);
    }
    CHECK(a.early_stop_pct == b.early_stop_pct);
    CHECK(isnan(b.mean_duration) && a.mean_duration > 0 && a.mean_duration <= 29 / 2.0);
}

static void threads_do_not_matter(void)
{
    onc_boin_params_t p;
    onc_boin_params_init(&p, 0.25);
    double truth[4] = {.1, .2, .3, .5};
    onc_tite_sim_opts_t o = opts(1.5, 2, 2001);
    o.exponential = true;
    onc_design_oc_t a, b;
    onc_err_t err = {0};
    CHECK_INT(onc_tite_boin_simulate(&p, truth, 4, &o, &a, &err), ONC_OK);
    o.trial.threads = 3;
    CHECK_INT(onc_tite_boin_simulate(&p, truth, 4, &o, &b, &err), ONC_OK);
    for (int j = 0; j < 4; j++) CHECK(a.selection_pct[j] == b.selection_pct[j] && a.patients_per_dose[j] == b.patients_per_dose[j]);
    CHECK(a.mean_duration == b.mean_duration);
}

/* No DLT ever, one patient a month, 3 cohorts of 3, target 0.3.
 * Window 1.5: cohort 1 at months 0, 1, 2; at 3 one patient is pending (1 of 3, not more than
 * half) and escalation is certain (ptilde .05: threshold < 0); cohort 2 at 3, 4, 5; likewise at
 * 6; cohort 3 at 6, 7, 8, followed to 9.5.
 * Window 3: at 3 two of three are pending (suspend) until month 4 when the second one's window
 * ends; cohort 2 at 4, 5, 6; at 7 suspend until 8; cohort 3 at 8, 9, 10, followed to 13. */
static void durations_by_hand(void)
{
    onc_boin_params_t p;
    onc_boin_params_init(&p, 0.3);
    double truth[3] = {0, 0, 0};
    double window[2] = {1.5, 3}, want[2] = {9.5, 13};
    for (int k = 0; k < 2; k++) {
        onc_tite_sim_opts_t o = opts(1, window[k], 3);
        o.trial.n_cohorts = 3;
        onc_design_oc_t oc;
        onc_err_t err = {0};
        CHECK_INT(onc_tite_boin_simulate(&p, truth, 3, &o, &oc, &err), ONC_OK);
        CHECK(fabs(oc.mean_duration - want[k]) < 1e-6);
        CHECK(oc.patients_per_dose[0] == 3 && oc.patients_per_dose[1] == 3 && oc.patients_per_dose[2] == 3);
        CHECK(oc.selection_pct[2] == 100);
    }
}

/* Exponential gaps at rate 2, window 0, no DLT: 29 gaps, mean 14.5, sd sqrt(29) / 2 per trial. */
static void exponential_arrivals(void)
{
    onc_boin_params_t p;
    onc_boin_params_init(&p, 0.3);
    double truth[3] = {0, 0, 0};
    onc_tite_sim_opts_t o = opts(2, 0, 10000);
    o.exponential = true;
    onc_design_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_tite_boin_simulate(&p, truth, 3, &o, &oc, &err), ONC_OK);
    double se = sqrt(29.0) / 2 / sqrt(10000.0);
    CHECK(fabs(oc.mean_duration - 14.5) <= 4 * se);
}

/* A longer window slows the trial (suspensions), never speeds it. */
static void window_slows(void)
{
    onc_boin_params_t p;
    onc_boin_params_init(&p, 0.3);
    double truth[5] = {.05, .15, .30, .45, .60}, last = 0;
    double w[3] = {0, 1, 3};
    for (int k = 0; k < 3; k++) {
        onc_tite_sim_opts_t o = opts(2, w[k], 2000);
        onc_design_oc_t oc;
        onc_err_t err = {0};
        CHECK_INT(onc_tite_boin_simulate(&p, truth, 5, &o, &oc, &err), ONC_OK);
        CHECK(oc.mean_duration > last);
        last = oc.mean_duration;
    }
}

static void bad_input(void)
{
    onc_boin_params_t p;
    onc_boin_params_init(&p, 0.3);
    double truth[2] = {.1, .2};
    onc_tite_sim_opts_t o = opts(0, 1, 10);
    onc_design_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_tite_boin_simulate(&p, truth, 2, &o, &oc, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "accrual") != NULL);
    o = opts(1, -1, 10);
    CHECK_INT(onc_tite_boin_simulate(&p, truth, 2, &o, &oc, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "window") != NULL);
}

int main(void)
{
    RUN(window_zero_is_boin);
    RUN(threads_do_not_matter);
    RUN(durations_by_hand);
    RUN(exponential_arrivals);
    RUN(window_slows);
    RUN(bad_input);
    CHECK_EXIT();
}
