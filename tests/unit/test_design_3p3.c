/* test_design_3p3.c: the 3+3 (design.h) exactly and by simulation: variant A against
 * ../shared/data/dosefinding/three_plus_three_exact.csv (11 scenarios: selection, no-MTD
 * percentage, expected patients in all and per dose, to 1e-3), variant B against the six rows
 * of research/dose-finding.md 4.4 (own recursion confirmed there by 200,000-trial Monte Carlo),
 * and the simulation against the enumeration within 4 standard errors.
 */
#include "check.h"

#include "dosefinding_data.h"
#include "oncoboard/design.h"

static void exact_row(const csv_row_t *r)
{
    double truth[8], sel[9], en_dose[8];
    int k = numbers(r->cell[1], truth, 8);
    CHECK_INT(numbers(r->cell[3], sel, 9), k + 1);
    CHECK_INT(numbers(r->cell[5], en_dose, 8), k);
    onc_design_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_3p3_oc(ONC_3P3_A, truth, k, 0, 0, &oc, &err), ONC_OK);
    for (int j = 0; j < k; j++) {
        CHECK_NEAR(oc.selection_pct[j], sel[j], 1e-3);
        CHECK_NEAR(oc.patients_per_dose[j], en_dose[j], 1e-4);
    }
    CHECK_NEAR(oc.no_mtd_pct, sel[k], 1e-3);
    CHECK_NEAR(oc.mean_n, atof(r->cell[4]), 1e-4);
}

static void variant_a_exact(void)
{
    int rows = each_row("three_plus_three_exact.csv", 6, exact_row);
    if (rows < 0) SKIP(NO_DATA);
    CHECK_INT(rows, 11);
}

/* research/dose-finding.md 4.4, variant B: selection % per dose, % no MTD, E[N]. */
static void variant_b_exact(void)
{
    static const struct { double truth[5], sel[5], none, en; } rows[] = {
        {{.05, .15, .30, .45, .60}, {20.058, 42.878, 27.647, 5.876, 0.756}, 2.785, 15.117},
        {{.30, .45, .55, .65, .75}, {34.936, 7.515, 0.783, 0.031, 0.001}, 56.734, 8.047},
        {{.02, .05, .10, .15, .30}, {2.701, 9.439, 17.601, 34.481, 35.318}, 0.460, 18.337},
        {{.50, .60, .70, .80, .90}, {10.485, 0.696, 0.015, 0, 0}, 88.804, 5.234},
        {{.10, .25, .40, .55, .70}, {39.887, 36.835, 11.781, 1.126, 0.066}, 10.305, 12.905},
        {{.04, .12, .25, .43, .63}, {13.779, 37.606, 36.841, 9.114, 0.861}, 1.800, 15.875},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        onc_design_oc_t oc;
        onc_err_t err = {0};
        CHECK_INT(onc_3p3_oc(ONC_3P3_B, rows[i].truth, 5, 0, 0, &oc, &err), ONC_OK);
        for (int j = 0; j < 5; j++) CHECK_NEAR(oc.selection_pct[j], rows[i].sel[j], 1e-3);
        CHECK_NEAR(oc.no_mtd_pct, rows[i].none, 1e-3);
        CHECK_NEAR(oc.mean_n, rows[i].en, 1e-3);
    }
}

/* The simulation follows the same rules: within 4 standard errors of the exact figures. */
static void simulation_agrees(void)
{
    const double truth[6] = {0.05, 0.1, 0.2, 0.3, 0.45, 0.6};
    for (int v = 0; v < 2; v++) {
        onc_design_oc_t exact, sim;
        onc_err_t err = {0};
        const long n = 20000;
        CHECK_INT(onc_3p3_oc((onc_3p3_variant)v, truth, 6, 0, 0, &exact, &err), ONC_OK);
        CHECK_INT(onc_3p3_oc((onc_3p3_variant)v, truth, 6, n, 7, &sim, &err), ONC_OK);
        for (int j = 0; j < 6; j++) {
            double p = exact.selection_pct[j] / 100;
            CHECK(fabs(sim.selection_pct[j] - exact.selection_pct[j]) <= 4 * 100 * sqrt(p * (1 - p) / n) + 1e-9);
        }
        CHECK(fabs(sim.mean_n - exact.mean_n) <= 4 * 10 / sqrt((double)n));
    }
}

static void bad_truth(void)
{
    const double truth[2] = {0.1, 1.5};
    onc_design_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_3p3_oc(ONC_3P3_A, truth, 2, 0, 0, &oc, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "dose 2") != NULL);
}

int main(void)
{
    RUN(variant_a_exact);
    RUN(variant_b_exact);
    RUN(simulation_agrees);
    RUN(bad_truth);
    CHECK_EXIT();
}
