/* test_design_comb.c: BOIN for two drugs combined (design.h; design_iso2.c, design_comb.c,
 * design_waterfall.c): the bivariate isotonic regression on matrices worked by hand, BOIN-comb's
 * decisions on hand-worked trial states, the package's examples (select.mtd.comb, next.comb,
 * next.subtrial) and the operating characteristics of get.oc.comb (BOIN 2.7.2, seed 6) quoted
 * in research/dose-finding.md section 2, within 4 standard errors (the formula of
 * shared/data/dosefinding/README.md). Grids are row-major, rows = agent A's levels, from 0. */
#include "check.h"

#include "oncoboard/design.h"

#include <math.h>

static void params(onc_boin_params_t *p, double target)
{
    onc_boin_params_init(p, target);
}

/* ---- bivariate isotonic regression ---- */

static void iso2_hand(void)
{
    /* already ordered: unchanged */
    double a[6] = {0.1, 0.2, 0.3, 0.2, 0.3, 0.4}, w1[6] = {1, 1, 1, 1, 1, 1};
    CHECK(onc_iso2(a, w1, 2, 3) > 0);
    CHECK_NEAR(a[0], 0.1, 1e-12);
    CHECK_NEAR(a[5], 0.4, 1e-12);
    /* [[.5,.1],[.2,.3]]: (1,1), (1,2), (2,1) pool to .8/3; every upper part of the block has a
       mean <= the block's, and (2,2) = .3 lies above it */
    double b[4] = {0.5, 0.1, 0.2, 0.3};
    CHECK(onc_iso2(b, w1, 2, 2) > 0);
    CHECK_NEAR(b[0], 0.8 / 3, 1e-9);
    CHECK_NEAR(b[1], 0.8 / 3, 1e-9);
    CHECK_NEAR(b[2], 0.8 / 3, 1e-9);
    CHECK_NEAR(b[3], 0.3, 1e-9);
    /* [[0,3],[2,1]]: the answer is [[0,2],[2,2]] (sum of squares 2); alternating plain row and
       column fits would stop at [[0,2.25],[1.5,2.25]] (2.375): Dykstra's corrections matter */
    double c[4] = {0, 3, 2, 1};
    CHECK(onc_iso2(c, w1, 2, 2) > 0);
    CHECK_NEAR(c[0], 0, 1e-9);
    CHECK_NEAR(c[1], 2, 1e-9);
    CHECK_NEAR(c[2], 2, 1e-9);
    CHECK_NEAR(c[3], 2, 1e-9);
    /* one row is weighted PAVA: [.4,.2] with weights 1, 3 -> (.4 + .6) / 4 */
    double d[2] = {0.4, 0.2}, w2[2] = {1, 3};
    CHECK(onc_iso2(d, w2, 1, 2) > 0);
    CHECK_NEAR(d[0], 0.25, 1e-12);
    CHECK_NEAR(d[1], 0.25, 1e-12);
    CHECK_INT(onc_iso2(d, w2, 0, 2), -1);
}

/* On pseudo-random 3 x 5 matrices: the fit is ordered both ways and keeps the weighted total
 * (constants lie in the cone both ways, so the residual is orthogonal to them). */
static void iso2_properties(void)
{
    unsigned s = 12345;
    for (int t = 0; t < 200; t++) {
        double v[15], w[15], total = 0, fit_total = 0;
        for (int c = 0; c < 15; c++) {
            s = s * 1103515245u + 12345u;
            v[c] = (s >> 8 & 0xffff) / 65535.0;
            s = s * 1103515245u + 12345u;
            w[c] = 0.1 + (s >> 8 & 0xff) / 16.0;
            total += v[c] * w[c];
        }
        CHECK(onc_iso2(v, w, 3, 5) > 0);
        for (int c = 0; c < 15; c++) {
            fit_total += v[c] * w[c];
            if (c % 5 < 4) CHECK(v[c] <= v[c + 1] + 1e-9);
            if (c < 10) CHECK(v[c] <= v[c + 5] + 1e-9);
        }
        CHECK_NEAR(fit_total, total, 1e-7);
    }
}

/* ---- selection ---- */

static void select_man_example(void)
{
    /* select.mtd.comb's help page: MTD (A2, B3) */
    int n[15] = {3, 5, 0, 0, 0, 7, 6, 15, 0, 0, 0, 0, 4, 0, 0}, y[15] = {0, 1, 0, 0, 0, 1, 1, 4, 0, 0, 0, 0, 2, 0, 0};
    onc_boin_params_t p;
    params(&p, 0.3);
    int mtd;
    double est[15];
    onc_err_t err = {0};
    CHECK_INT(onc_comb_select(&p, n, y, 3, 5, &mtd, est, &err), ONC_OK);
    CHECK_INT(mtd, 1 * 5 + 2);
    CHECK_NEAR(est[0], 0.05 / 3.1, 1e-9);
    CHECK_NEAR(est[1], 2.1 / 11.2, 1e-9); /* (1,2) 1/5 above (2,2) 1/6: pooled, 1.05 + 1.05 over 5.1 + 6.1 */
    CHECK_NEAR(est[6], 2.1 / 11.2, 1e-9);
    CHECK(isnan(est[2]) && isnan(est[14]));
}

static void select_none_when_first_eliminated(void)
{
    int n[4] = {3, 0, 0, 0}, y[4] = {3, 0, 0, 0}, mtd = 5, col[2];
    onc_boin_params_t p;
    params(&p, 0.3);
    onc_err_t err = {0};
    CHECK_INT(onc_comb_select(&p, n, y, 2, 2, &mtd, NULL, &err), ONC_OK);
    CHECK_INT(mtd, -1);
    CHECK_INT(onc_comb_contour(&p, n, y, 2, 2, col, NULL, &err), ONC_OK);
    CHECK_INT(col[0], -1);
    CHECK_INT(col[1], -1);
    int bad[4] = {3, 0, 0, 0}, y4[4] = {4, 0, 0, 0};
    CHECK_INT(onc_comb_select(&p, bad, y4, 2, 2, &mtd, NULL, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "more DLTs than patients") != NULL);
    CHECK_INT(onc_comb_select(&p, bad, y, 3, 1, &mtd, NULL, &err), ONC_EINVAL); /* rows > columns */
}

static void contour_hand(void)
{
    /* 2 x 3, target 0.3: row 1 (1,3) 1/6 -> .1721 .. row 2 (2,2) 2/6 -> .3361; closest per row:
       row 2 column 2, row 1 column 3 (isotonic estimates are already ordered here) */
    int n[6] = {3, 3, 6, 3, 6, 0}, y[6] = {0, 0, 1, 0, 2, 0}, col[2];
    onc_boin_params_t p;
    params(&p, 0.3);
    onc_err_t err = {0};
    double est[6];
    CHECK_INT(onc_comb_contour(&p, n, y, 2, 3, col, est, &err), ONC_OK);
    CHECK_INT(col[1], 1);
    CHECK_INT(col[0], 2);
    CHECK_NEAR(est[4], 2.05 / 6.1, 1e-6);
}

/* ---- decisions ---- */

static void next_man_example(void)
{
    /* next.comb's help page: at (2,2) with 1/6, escalate to (2,3) or (3,2): both untried, a tie */
    int n[15] = {3, 0, 0, 0, 0, 7, 6, 0}, y[15] = {0, 0, 0, 0, 0, 1, 1, 0};
    onc_boin_params_t p;
    params(&p, 0.3);
    onc_comb_next_t nx;
    onc_err_t err = {0};
    CHECK_INT(onc_comb_next(&p, n, y, 3, 5, 6, NULL, 1, &nx, &err), ONC_OK);
    CHECK_INT(nx.decision, ONC_BOIN_ESCALATE);
    CHECK_INT(nx.n_tied, 2);
    CHECK(nx.next_cell == 7 || nx.next_cell == 11);
    bool seen[2] = {false, false}; /* both drawn over seeds */
    for (uint64_t s = 1; s <= 40; s++) {
        CHECK_INT(onc_comb_next(&p, n, y, 3, 5, 6, NULL, s, &nx, &err), ONC_OK);
        seen[nx.next_cell == 7] = true;
    }
    CHECK(seen[0] && seen[1]);
}

static void next_hand(void)
{
    onc_boin_params_t p;
    params(&p, 0.3);
    onc_comb_next_t nx;
    onc_err_t err = {0};
    /* 3/3 at (1,1): eliminated (Pr(p > .3 | 3/3) = 0.9919 > 0.95): stop */
    int n1[9] = {3}, y1[9] = {3};
    CHECK_INT(onc_comb_next(&p, n1, y1, 3, 3, 0, NULL, 1, &nx, &err), ONC_OK);
    CHECK_INT(nx.decision, ONC_BOIN_STOP_TOXIC);
    /* 2/3 at (2,2) (>= 2 de-escalates at n = 3): to (2,1) with 1/3 rather than (1,2) with 0/3:
       Beta(1.5, 2.5) puts more mass in (0.2365, 0.3585) than Beta(0.5, 3.5) */
    int n2[9] = {3, 3, 0, 3, 3, 0, 0, 0, 0}, y2[9] = {0, 0, 0, 1, 2, 0, 0, 0, 0};
    CHECK_INT(onc_comb_next(&p, n2, y2, 3, 3, 4, NULL, 1, &nx, &err), ONC_OK);
    CHECK_INT(nx.decision, ONC_BOIN_DEESCALATE);
    CHECK_INT(nx.next_cell, 3);
    CHECK_INT(nx.n_tied, 1);
    /* 3/3 at (2,2): it and (2,3), (3,2), (3,3) eliminated, de-escalate */
    y2[4] = 3;
    CHECK_INT(onc_comb_next(&p, n2, y2, 3, 3, 4, NULL, 1, &nx, &err), ONC_OK);
    CHECK_INT(nx.decision, ONC_BOIN_DEESCALATE);
    CHECK(nx.eliminated[4] && nx.eliminated[5] && nx.eliminated[7] && nx.eliminated[8]);
    CHECK(!nx.eliminated[1] && !nx.eliminated[3] && !nx.eliminated[2] && !nx.eliminated[6]);
    /* 0/3 at (1,2) with (2,2) eliminated: the only move up is (1,3) */
    bool elim[9] = {false};
    elim[4] = elim[5] = elim[7] = elim[8] = true;
    int n3[9] = {3, 3, 0, 3, 3}, y3[9] = {0, 0, 0, 1, 3};
    CHECK_INT(onc_comb_next(&p, n3, y3, 3, 3, 1, elim, 1, &nx, &err), ONC_OK);
    CHECK_INT(nx.decision, ONC_BOIN_ESCALATE);
    CHECK_INT(nx.next_cell, 2);
    /* 0/3 at (1,3) with (2,3) eliminated and no column 4: stay */
    int n4[9] = {3, 3, 3, 3, 3}, y4[9] = {0, 0, 0, 1, 3};
    CHECK_INT(onc_comb_next(&p, n4, y4, 3, 3, 2, elim, 1, &nx, &err), ONC_OK);
    CHECK_INT(nx.decision, ONC_BOIN_STAY);
    /* n.earlystop 12: 3/12 at (1,1) is between 2 and 5: the trial would stay: stop and select */
    p.n_earlystop = 12;
    int n5[9] = {12}, y5[9] = {3};
    CHECK_INT(onc_comb_next(&p, n5, y5, 3, 3, 0, NULL, 1, &nx, &err), ONC_OK);
    CHECK_INT(nx.decision, ONC_BOIN_STOP_SELECT);
    /* a current combination nobody had */
    CHECK_INT(onc_comb_next(&p, n5, y5, 3, 3, 4, NULL, 1, &nx, &err), ONC_EINVAL);
}

/* ---- the waterfall ---- */

static void waterfall_paths(void)
{
    onc_waterfall_sub_t s;
    onc_waterfall_sub_of(3, 5, 0, &s);
    int first[7] = {0, 5, 10, 11, 12, 13, 14};
    CHECK_INT(s.n_cells, 7);
    for (int k = 0; k < 7; k++) CHECK_INT(s.cells[k], first[k]);
    onc_waterfall_sub_of(3, 5, 8, &s); /* (2,4): row 2 from column 2 */
    CHECK_INT(s.n_cells, 4);
    CHECK_INT(s.cells[0], 6);
    CHECK_INT(s.start, 2);
}

static void waterfall_next_subtrial(void)
{
    /* next.subtrial's help page: row 2's MTD is column 3, so row 1 is searched from (1,4) */
    int n[12] = {6, 0, 0, 0, 6, 10, 12, 0, 9, 12, 0, 0}, y[12] = {0, 0, 0, 0, 1, 1, 4, 0, 2, 3, 0, 0};
    onc_boin_params_t p;
    params(&p, 0.3);
    p.n_earlystop = 12;
    onc_waterfall_next_t w;
    onc_err_t err = {0};
    CHECK_INT(onc_waterfall_next(&p, n, y, 3, 4, 6, true, &w, &err), ONC_OK);
    CHECK(w.subtrial_over && !w.trial_over);
    CHECK_INT(w.sub_mtd, 6);
    CHECK_INT(w.next_cell, 3);
    CHECK_INT(w.next_sub.n_cells, 3);
    CHECK_INT(w.next_sub.cells[0], 1);
    /* subtrial 1 (column 1 then row 3): (3,2) is its MTD (3/12 -> .2521 closest), row 2 next
       from column 3 */
    CHECK_INT(onc_waterfall_next(&p, n, y, 3, 4, 9, true, &w, &err), ONC_OK);
    CHECK_INT(w.sub_mtd, 9);
    CHECK_INT(w.next_cell, 6);
    /* within a subtrial: 0/6 at (1,1) escalates along column 1 */
    CHECK_INT(onc_waterfall_next(&p, n, y, 3, 4, 0, false, &w, &err), ONC_OK);
    CHECK(!w.subtrial_over);
    CHECK_INT(w.step.decision, ONC_BOIN_ESCALATE);
    CHECK_INT(w.next_cell, 4);
}

static void waterfall_still_escalating(void)
{
    /* 3 x 4: (1,1) 0/3, (2,1) 0/3, (3,1) 4/6 (eliminated: >= 4 at n = 6): subtrial 1's MTD is
       (2,1), where 0/3 still escalates: row 2 is searched from (2,2) */
    int n[12] = {3, 0, 0, 0, 3, 0, 0, 0, 6, 0, 0, 0}, y[12] = {0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0};
    onc_boin_params_t p;
    params(&p, 0.3);
    onc_waterfall_next_t w;
    onc_err_t err = {0};
    CHECK_INT(onc_waterfall_next(&p, n, y, 3, 4, 8, true, &w, &err), ONC_OK);
    CHECK_INT(w.sub_mtd, 4);
    CHECK_INT(w.next_cell, 5);
    CHECK_INT(w.next_sub.n_cells, 3);
}

/* ---- operating characteristics against get.oc.comb (research 2.1, 2.2) ---- */

/* |mine - ref| within 4 SE for a percentage, ref from n_ref trials, mine from n trials. */
static void within_4se(double mine, double ref, long n_ref, long n, const char *what, int cell)
{
    double q = (ref > 0 ? ref : 0.5 / n_ref * 100) / 100;
    double se = 100 * sqrt(q * (1 - q) * (1.0 / n_ref + 1.0 / n));
    if (!(fabs(mine - ref) <= 4 * se + 1e-9)) {
        fprintf(stderr, "%s cell %d: %.2f vs reference %.2f (4 SE = %.2f)\n", what, cell, mine, ref, 4 * se);
        check_failed = 1;
    }
}

static const double man_truth[15] = {0.01, 0.03, 0.10, 0.20, 0.30, 0.03, 0.05, 0.15, 0.30, 0.60, 0.08, 0.10, 0.30, 0.60, 0.75};

static void oc_man_scenario(void)
{
    /* target 0.3, 20 cohorts of 3, n.earlystop 12, start (1,1); 5,000 reference trials */
    const double ref[15] = {0.02, 0.10, 1.10, 4.54, 5.62, 0.08, 0.34, 7.98, 19.88, 0.96, 0.60, 8.10, 48.32, 2.36, 0.00};
    onc_boin_params_t p;
    params(&p, 0.3);
    p.n_earlystop = 12;
    onc_comb_sim_opts_t o = {.n_cohorts = 20, .cohort_size = 3, .n_trials = 10000, .seed = 6, .threads = 1};
    onc_comb_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_comb_simulate(&p, man_truth, 3, 5, &o, &oc, &err), ONC_OK);
    for (int c = 0; c < 15; c++) within_4se(oc.oc.selection_pct[c], ref[c], 5000, 10000, "boin-comb selection", c);
    within_4se(oc.correct_pct, 73.8, 5000, 10000, "boin-comb PCS", -1);
    within_4se(oc.patients_at_pct, 34.5, 5000, 10000, "boin-comb % patients at the MTDs", -1);
    CHECK_NEAR(oc.oc.mean_n, 36.0, 0.5); /* sd of N about 8: 4 SE about 0.6 */
    /* the same with two threads: the same trials */
    onc_comb_oc_t two;
    o.threads = 2;
    CHECK_INT(onc_comb_simulate(&p, man_truth, 3, 5, &o, &two, &err), ONC_OK);
    for (int c = 0; c < 15; c++) CHECK(two.oc.selection_pct[c] == oc.oc.selection_pct[c]);
    CHECK(two.oc.mean_n == oc.oc.mean_n);
}

static void oc_target_025(void)
{
    const double truth[12] = {0.02, 0.04, 0.08, 0.14, 0.08, 0.25, 0.42, 0.48, 0.25, 0.45, 0.50, 0.60};
    const double ref[12] = {0, 0.86, 3.16, 19.10, 4.60, 36.64, 8.78, 1.40, 20.84, 4.06, 0.54, 0.02};
    onc_boin_params_t p;
    params(&p, 0.25);
    onc_comb_sim_opts_t o = {.n_cohorts = 16, .cohort_size = 3, .n_trials = 10000, .seed = 7, .threads = 1};
    onc_comb_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_comb_simulate(&p, truth, 3, 4, &o, &oc, &err), ONC_OK);
    for (int c = 0; c < 12; c++) within_4se(oc.oc.selection_pct[c], ref[c], 5000, 10000, "boin-comb 0.25 selection", c);
    within_4se(oc.correct_pct, 57.5, 5000, 10000, "boin-comb 0.25 PCS", -1);
    CHECK_NEAR(oc.oc.mean_n, 48, 1e-9);
}

static void oc_waterfall(void)
{
    /* cohorts 10, 5, 5 per subtrial, n.earlystop 12; 2,000 reference trials */
    const double ref[15] = {0, 0, 1.95, 27.75, 70.30, 0.05, 0.50, 24.50, 68.55, 6.40, 2.60, 20.95, 69.65, 6.65, 0};
    onc_boin_params_t p;
    params(&p, 0.3);
    p.n_earlystop = 12;
    onc_comb_sim_opts_t o = {.subtrial_cohorts = {10, 5, 5}, .cohort_size = 3, .n_trials = 10000, .seed = 6, .threads = 1};
    onc_comb_oc_t oc;
    onc_err_t err = {0};
    CHECK_INT(onc_waterfall_simulate(&p, man_truth, 3, 5, &o, &oc, &err), ONC_OK);
    for (int c = 0; c < 15; c++) within_4se(oc.oc.selection_pct[c], ref[c], 2000, 10000, "waterfall selection", c);
    within_4se(oc.correct_pct, 35, 2000, 10000, "waterfall exact contour", -1);
    CHECK_NEAR(oc.oc.mean_n, 57.2, 1.0);
}

/* ---- scenario grids ---- */

static void grid_scenarios(void)
{
    onc_scenarios_t sc;
    onc_err_t err = {0};
    const char *ok = "# two drugs\nscenario,b1,b2,b3\nS1,0.01,0.03,0.10\nS1,0.03,0.05,0.15\nS2,0.1,0.2,0.3\n";
    CHECK_INT(onc_scenarios_parse_grid(ok, strlen(ok), "g.csv", &sc, &err), ONC_OK);
    CHECK_INT((long)sc.n, 2);
    CHECK_INT(sc.n_doses, 3);
    CHECK_INT(sc.v[0].n_rows, 2);
    CHECK_NEAR(sc.v[0].truth[5], 0.15, 1e-15);
    CHECK_INT(sc.v[1].n_rows, 1);
    onc_scenarios_free(&sc);
    const char *ragged = "S1,0.01,0.03,0.10\nS1,0.03,0.05\n";
    CHECK_INT(onc_scenarios_parse_grid(ragged, strlen(ragged), "g.csv", &sc, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "g.csv:2:") && strstr(err.msg, "2 doses where the first scenario has 3"));
    const char *outside = "S1,0.01,0.03\nS1,0.03,1.5\n";
    CHECK_INT(onc_scenarios_parse_grid(outside, strlen(outside), "g.csv", &sc, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "g.csv:2: field dose 2: '1.5' is not a rate between 0 and 1") != NULL);
    const char *big = "S,.1,.1,.1,.1,.1,.1,.1\nS,.1,.1,.1,.1,.1,.1,.1\nS,.1,.1,.1,.1,.1,.1,.1\nS,.1,.1,.1,.1,.1,.1,.1\n"
                      "S,.1,.1,.1,.1,.1,.1,.1\n"; /* 35 cells */
    CHECK_INT(onc_scenarios_parse_grid(big, strlen(big), "g.csv", &sc, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "g.csv:5:") && strstr(err.msg, "more than 32 combinations"));
    /* the single-agent reader keeps same-named lines apart */
    CHECK_INT(onc_scenarios_parse(ok, strlen(ok), "g.csv", &sc, &err), ONC_OK);
    CHECK_INT((long)sc.n, 3);
    CHECK_INT(sc.v[0].n_rows, 1);
    onc_scenarios_free(&sc);
}

int main(void)
{
    RUN(iso2_hand);
    RUN(iso2_properties);
    RUN(select_man_example);
    RUN(select_none_when_first_eliminated);
    RUN(contour_hand);
    RUN(next_man_example);
    RUN(next_hand);
    RUN(waterfall_paths);
    RUN(waterfall_next_subtrial);
    RUN(waterfall_still_escalating);
    RUN(oc_man_scenario);
    RUN(oc_target_025);
    RUN(oc_waterfall);
    RUN(grid_scenarios);
    CHECK_EXIT();
}
