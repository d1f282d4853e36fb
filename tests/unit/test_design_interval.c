/* test_design_interval.c: the interval designs (design.h): every decision of mTPI-2 (=
 * Keyboard), i3+3 and mTPI for targets 0.2, 0.25 and 0.3, n = 1..18, against
 * ../shared/data/dosefinding/mtpi2_keyboard_i3plus3_decisions.csv; the Keyboard package's
 * boundaries and the published decision examples of research/dose-finding.md 4.1; Keyboard's
 * simulated operating characteristics within 4 standard errors of get.oc.kb's 20,000 trials.
 */
#include "check.h"

#include "dosefinding_data.h"
#include "oncoboard/design.h"

static int decision_of(const char *s)
{
    for (int d = 0; onc_interval_decision_names[d]; d++)
        if (!strcmp(onc_interval_decision_names[d], s)) return d;
    return -1;
}

static void decision_row(const csv_row_t *r)
{
    double target = atof(r->cell[0]);
    int n = atoi(r->cell[1]), y = atoi(r->cell[2]);
    const struct { onc_interval_design d; int cell; } designs[] = {
        {ONC_INTERVAL_MTPI2, 3}, {ONC_INTERVAL_I3P3, 4}, {ONC_INTERVAL_MTPI, 6}};
    for (size_t i = 0; i < 3; i++) {
        int got = (int)onc_interval_decide(designs[i].d, target, 0.05, 0.05, n, y);
        if (got != decision_of(r->cell[designs[i].cell]))
            fprintf(stderr, "target %g n %d y %d design %zu: %s, expected %s\n", target, n, y, i,
                    onc_interval_decision_names[got], r->cell[designs[i].cell]);
        CHECK_INT(got, decision_of(r->cell[designs[i].cell]));
    }
    CHECK(fabs(onc_boin_pr_above(target, y, n) - atof(r->cell[5])) < 1e-6);
}

static void decisions(void)
{
    int rows = each_row("mtpi2_keyboard_i3plus3_decisions.csv", 7, decision_row);
    if (rows < 0) SKIP(NO_DATA);
    CHECK_INT(rows, 3 * 189);
}

/* The Keyboard package's boundary rows (research 4.1), target 0.3, n = 1..30. */
static void keyboard_boundaries(void)
{
    const int esc[30] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7};
    const int deesc[30] = {1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 9, 9, 9, 10, 10, 10, 11, 11};
    const int elim[28] = {3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 11, 11, 11, 12, 12, 12, 13, 13, 14};
    onc_boin_row_t *rows = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_interval_rows(ONC_INTERVAL_MTPI2, 0.3, 0.05, 0.05, 30, &rows, &err), ONC_OK);
    for (int n = 1; rows && n <= 30; n++) {
        CHECK_INT(rows[n].escalate_le, esc[n - 1]);
        CHECK_INT(rows[n].deescalate_ge, deesc[n - 1]);
        CHECK_INT(rows[n].eliminate_ge, n >= 3 ? elim[n - 3] : -1);
    }
    free(rows);
}

/* Published examples (Guo et al. 2017 Fig. 3, Ji et al. 2010 Fig. 2; research 4.1), target 0.3:
 * the decision after the last cohort at the dose's cumulative counts. */
static void published_examples(void)
{
    /* 1NNN 1NNN 1NTT: dose 1 has 2/9: mTPI-2 escalates, mTPI stays */
    CHECK_INT(onc_interval_decide(ONC_INTERVAL_MTPI2, 0.3, 0.05, 0.05, 9, 2), ONC_INTERVAL_E);
    CHECK_INT(onc_interval_decide(ONC_INTERVAL_MTPI, 0.3, 0.05, 0.05, 9, 2), ONC_INTERVAL_S);
    /* 2NNN 2TTT: dose 2 has 3/6: mTPI-2 de-escalates, mTPI stays */
    CHECK_INT(onc_interval_decide(ONC_INTERVAL_MTPI2, 0.3, 0.05, 0.05, 6, 3), ONC_INTERVAL_D);
    CHECK_INT(onc_interval_decide(ONC_INTERVAL_MTPI, 0.3, 0.05, 0.05, 6, 3), ONC_INTERVAL_S);
    /* 1NNN 1NNN 1NNN 1T: 1/10: escalate; 2TTT: 3/3 excludes dose 2 */
    CHECK_INT(onc_interval_decide(ONC_INTERVAL_MTPI2, 0.3, 0.05, 0.05, 10, 1), ONC_INTERVAL_E);
    CHECK_INT(onc_interval_decide(ONC_INTERVAL_MTPI2, 0.3, 0.05, 0.05, 3, 3), ONC_INTERVAL_DU);
    /* 1NNN 1NTT 1TTT 1T: 6/10 at dose 1: excluded, the trial stops */
    CHECK_INT(onc_interval_decide(ONC_INTERVAL_MTPI2, 0.3, 0.05, 0.05, 10, 6), ONC_INTERVAL_DU);
}

static void keyboard_oc_row(const csv_row_t *r)
{
    double truth[8], sel[8], npts[8];
    int k = numbers(r->cell[2], truth, 8);
    CHECK_INT(numbers(r->cell[3], sel, 8), k);
    CHECK_INT(numbers(r->cell[5], npts, 8), k);
    onc_boin_sim_opts_t o = {.n_cohorts = 10, .cohort_size = 3, .n_trials = 20000, .seed = 6, .threads = 2};
    onc_design_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_keyboard_simulate(0.3, 0.05, truth, k, &o, &oc, &err), ONC_OK);
    for (int j = 0; j < k; j++) {
        double p = (oc.selection_pct[j] + sel[j]) / 200;
        CHECK(fabs(oc.selection_pct[j] - sel[j]) <= 4 * 100 * sqrt(p * (1 - p) * 2 / 20000.0) + 1e-9);
        CHECK(fabs(oc.patients_per_dose[j] - npts[j]) <= 4 * 7 * sqrt(2 / 20000.0));
    }
    CHECK(fabs(oc.mean_n - atof(r->cell[6])) <= 4 * 7 * sqrt(2 / 20000.0));
}

static void keyboard_oc(void)
{
    int rows = each_row("keyboard_getockb_reference_ntrial20000.csv", 8, keyboard_oc_row);
    if (rows < 0) SKIP(NO_DATA);
    CHECK_INT(rows, 6);
}

int main(void)
{
    RUN(decisions);
    RUN(keyboard_boundaries);
    RUN(published_examples);
    RUN(keyboard_oc);
    CHECK_EXIT();
}
