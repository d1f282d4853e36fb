/* cli_design_comb.c: `oncoboard design boin-comb table|next|select|simulate` and `oncoboard
 * design waterfall next|select|simulate`: BOIN for two drugs given together (design.h,
 * docs/design.md "BOIN for combinations").
 *
 * A grid of counts or true rates is written row by row, rows separated by ';' and values by
 * ',' ("3,0,0;7,6,0": agent A's level 1 then 2), and a combination as "i,j" (A's level, B's
 * level), both from 1. `table` is the single-agent BOIN table (the same boundaries), answered by
 * `design boin table`.
 */
#include "cli.h"
#include "oncoboard/design.h"
#include "oncoboard/jsonw.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct comb_args {
    onc_boin_params_t p;
    onc_comb_sim_opts_t sim;
    bool waterfall, have_target, subtrial_done, phi1, phi2, have_start;
    const char *action, *scenarios;
    int rows, cols;                         /* of --n/--y, or --truth */
    int n[ONC_COMB_MAX_CELLS], y[ONC_COMB_MAX_CELLS], n_rows_y, n_cols_y, have_n, have_y;
    double truth[ONC_COMB_MAX_CELLS];
    int truth_rows, truth_cols;
    int current;                            /* a cell, -1 none */
    bool eliminated[ONC_COMB_MAX_CELLS];
    int elim_at[ONC_COMB_MAX_CELLS], n_elim; /* row * 1000 + column, until the grid is known */
    int n_budgets;
} comb_args_t;

static void usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   BOIN for two drugs combined (docs/design.md): BOIN-comb for one MTD, the waterfall\n"
                "         design for the MTD contour.\n"
                "Usage:   oncoboard design boin-comb table --target P [as design boin table]\n"
                "         oncoboard design boin-comb next --target P --n GRID --y GRID --current I,J\n"
                "                                    [--eliminated I,J;..] [--seed S]\n"
                "         oncoboard design boin-comb select --target P --n GRID --y GRID\n"
                "         oncoboard design boin-comb simulate --target P (--truth GRID | --scenarios FILE) --cohorts K\n"
                "                                    [--cohort-size C] [--start I,J] [--trials T] [--seed S] [--threads T]\n"
                "         oncoboard design waterfall next --target P --n GRID --y GRID --current I,J [--subtrial-done]\n"
                "         oncoboard design waterfall select --target P --n GRID --y GRID\n"
                "         oncoboard design waterfall simulate --target P (--truth GRID | --scenarios FILE)\n"
                "                                    [--cohorts K1,K2,..] [--cohort-size C] [--trials T] [--seed S]\n"
                "\n"
                "    GRID                 rows (agent A's levels, at most as many as B's) separated by ';',\n"
                "                         values by ',': --truth '0.01,0.03,0.10;0.03,0.05,0.15'\n"
                "    --scenarios FILE     one line per row of a grid: a name then the row's rates; lines with\n"
                "                         the same name in a row make one scenario\n"
                "    --cohorts            boin-comb: cohorts in all; waterfall: per subtrial (the last value\n"
                "                         serves the rest) [the package's 4 patients per dose of a subtrial]\n"
                "    --subtrial-done      waterfall next: the subtrial's cohorts are used up: the next subtrial\n"
                "    --seed S             simulate: the seed; next: the draw between two tied moves [1]\n"
                "    design options as `design boin`: --phi1, --phi2, --cutoff-eli, --extrasafe, --offset,\n"
                "    --n-earlystop (boin-comb [100], waterfall [12]), --bound-mtd\n"
                "\n");
}

enum {
    O_TARGET = 256, O_PHI1, O_PHI2, O_CUTOFF, O_EXTRASAFE, O_OFFSET, O_EARLYSTOP, O_BOUND, O_N, O_Y, O_CURRENT,
    O_ELIMINATED, O_TRUTH, O_SCENARIOS, O_COHORTS, O_COHORT_SIZE, O_START, O_TRIALS, O_SEED, O_THREADS, O_DONE
};

static const struct option options[] = {
    {"target", required_argument, NULL, O_TARGET},         {"phi1", required_argument, NULL, O_PHI1},
    {"phi2", required_argument, NULL, O_PHI2},             {"cutoff-eli", required_argument, NULL, O_CUTOFF},
    {"extrasafe", no_argument, NULL, O_EXTRASAFE},         {"offset", required_argument, NULL, O_OFFSET},
    {"n-earlystop", required_argument, NULL, O_EARLYSTOP}, {"bound-mtd", no_argument, NULL, O_BOUND},
    {"n", required_argument, NULL, O_N},                   {"y", required_argument, NULL, O_Y},
    {"current", required_argument, NULL, O_CURRENT},       {"eliminated", required_argument, NULL, O_ELIMINATED},
    {"truth", required_argument, NULL, O_TRUTH},           {"scenarios", required_argument, NULL, O_SCENARIOS},
    {"cohorts", required_argument, NULL, O_COHORTS},       {"cohort-size", required_argument, NULL, O_COHORT_SIZE},
    {"start", required_argument, NULL, O_START},           {"trials", required_argument, NULL, O_TRIALS},
    {"seed", required_argument, NULL, O_SEED},             {"threads", required_argument, NULL, O_THREADS},
    {"subtrial-done", no_argument, NULL, O_DONE},          {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* ---- values ---- */

static int bad(const char *fmt, const char *opt, const char *v)
{
    return cli_usage_error("design", fmt, opt, v);
}

/* A grid: rows separated by ';', values by ',', each in [min, max] (whole when integer). The
 * status after a message, or -1 with *rows, *cols set. */
static int parse_grid(const char *opt, const char *s, double min, double max, bool integer, double *out, int *rows,
                      int *cols)
{
    *rows = *cols = 0;
    int k = 0, in_row = 0;
    char buf[64];
    for (const char *p = s;;) {
        size_t len = strcspn(p, ",;");
        if (len == 0 || len >= sizeof buf) return bad("--%s '%s': expected numbers separated by ',' and rows by ';'", opt, s);
        if (k == ONC_COMB_MAX_CELLS) return cli_usage_error("design", "--%s: more than %d combinations", opt, ONC_COMB_MAX_CELLS);
        memcpy(buf, p, len);
        buf[len] = '\0';
        if (cli_parse_number(buf, min, max, &out[k]) || (integer && out[k] != floor(out[k])))
            return cli_usage_error("design", "--%s: '%s' is not a %s between %g and %g", opt, buf,
                                   integer ? "whole number" : "number", min, max);
        k++, in_row++;
        if (p[len] != ',') { /* the row ends */
            if (*rows && in_row != *cols)
                return cli_usage_error("design", "--%s: row %d has %d values where row 1 has %d", opt, *rows + 1, in_row, *cols);
            *cols = in_row, ++*rows, in_row = 0;
        }
        if (!p[len]) return -1;
        p += len + 1;
    }
}

static int parse_counts_grid(const char *opt, const char *s, int *out, int *rows, int *cols)
{
    double v[ONC_COMB_MAX_CELLS];
    int st = parse_grid(opt, s, 0, ONC_DESIGN_MAX_N, true, v, rows, cols);
    for (int c = 0; st < 0 && c < *rows * *cols; c++) out[c] = (int)v[c];
    return st;
}

/* "i,j" from 1 into its row and column from 0. */
static int parse_cell(const char *opt, const char *s, int *i, int *j)
{
    double v[ONC_COMB_MAX_CELLS];
    int rows, cols;
    int st = parse_grid(opt, s, 1, ONC_COMB_MAX_CELLS, true, v, &rows, &cols);
    if (st >= 0) return st;
    if (rows != 1 || cols != 2) return bad("--%s '%s': expected a combination I,J (levels from 1)", opt, s);
    *i = (int)v[0] - 1, *j = (int)v[1] - 1;
    return -1;
}

static int parse_num(const char *opt, const char *s, double min, double max, bool integer, double *out)
{
    if (cli_parse_number(s, min, max, out) || (integer && *out != floor(*out)))
        return cli_usage_error("design", "--%s '%s': expected a %s from %g to %g", opt, s, integer ? "whole number" : "number",
                               min, max);
    return -1;
}

/* ---- options ---- */

static int take_grid_option(comb_args_t *a, int c, const char *v)
{
    double cells[ONC_COMB_MAX_CELLS];
    int r, k, st = -1;
    switch (c) {
    case O_N: st = parse_counts_grid("n", v, a->n, &a->rows, &a->cols), a->have_n = 1; break;
    case O_Y: st = parse_counts_grid("y", v, a->y, &a->n_rows_y, &a->n_cols_y), a->have_y = 1; break;
    case O_TRUTH: st = parse_grid("truth", v, 0, 1, false, a->truth, &a->truth_rows, &a->truth_cols); break;
    case O_COHORTS:
        st = parse_grid("cohorts", v, 1, ONC_DESIGN_MAX_N, true, cells, &r, &k);
        if (st < 0 && (r != 1 || k > ONC_WATERFALL_MAX_SUBTRIALS))
            st = bad("--%s '%s': one list of cohort counts, at most 16", "cohorts", v);
        for (int i = 0; st < 0 && i < ONC_WATERFALL_MAX_SUBTRIALS; i++)
            a->sim.subtrial_cohorts[i] = (int)cells[i < k ? i : k - 1];
        a->sim.n_cohorts = (int)cells[0], a->n_budgets = k;
        break;
    default: return cli_usage_error("design", "invalid option");
    }
    return st;
}

static int take_option(comb_args_t *a, int c, const char *v)
{
    double x = 0;
    int st = -1, i, j;
    switch (c) {
    case O_TARGET: st = parse_num("target", v, 1e-9, 1 - 1e-9, false, &a->p.target), a->have_target = true; break;
    case O_PHI1: st = parse_num("phi1", v, 0, 1, false, &a->p.phi1), a->phi1 = true; break;
    case O_PHI2: st = parse_num("phi2", v, 0, 1, false, &a->p.phi2), a->phi2 = true; break;
    case O_CUTOFF: st = parse_num("cutoff-eli", v, 0, 1, false, &a->p.cutoff_eli); break;
    case O_OFFSET: st = parse_num("offset", v, 0, 1, false, &a->p.offset); break;
    case O_EXTRASAFE: a->p.extrasafe = true; break;
    case O_BOUND: a->p.bound_mtd = true; break;
    case O_DONE: a->subtrial_done = true; break;
    case O_SCENARIOS: a->scenarios = v; break;
    case O_EARLYSTOP: st = parse_num("n-earlystop", v, 1, ONC_DESIGN_MAX_N, true, &x), a->p.n_earlystop = (int)x; break;
    case O_COHORT_SIZE: st = parse_num("cohort-size", v, 1, 100, true, &x), a->sim.cohort_size = (int)x; break;
    case O_TRIALS: st = parse_num("trials", v, 1, 100000000, true, &x), a->sim.n_trials = (long)x; break;
    case O_SEED: st = parse_num("seed", v, 0, 2147483647, true, &x), a->sim.seed = (uint64_t)x; break;
    case O_THREADS: st = parse_num("threads", v, 1, 64, true, &x), a->sim.threads = (int)x; break;
    case O_CURRENT: st = parse_cell("current", v, &i, &j), a->current = i * 1000 + j; break;
    case O_START: st = parse_cell("start", v, &i, &j), a->sim.start_cell = i * 1000 + j, a->have_start = true; break;
    case O_ELIMINATED: {
        double cells[ONC_COMB_MAX_CELLS];
        int r, k;
        st = parse_grid("eliminated", v, 1, ONC_COMB_MAX_CELLS, true, cells, &r, &k);
        if (st < 0 && k != 2) st = bad("--%s '%s': combinations I,J separated by ';'", "eliminated", v);
        for (int m = 0; st < 0 && m < r; m++) a->elim_at[a->n_elim++] = ((int)cells[2 * m] - 1) * 1000 + (int)cells[2 * m + 1] - 1;
        break;
    }
    default: return take_grid_option(a, c, v);
    }
    return st;
}

static void defaults(comb_args_t *a, bool waterfall)
{
    memset(a, 0, sizeof *a);
    onc_boin_params_init(&a->p, NAN);
    a->p.n_earlystop = waterfall ? 12 : 100; /* the package's defaults */
    a->waterfall = waterfall;
    a->current = -1;
    a->sim.cohort_size = 3;
    a->sim.n_cohorts = 0;
    a->sim.n_trials = 10000;
    a->sim.seed = 1;
    a->sim.threads = 1;
}

/* "i * 1000 + j" as a cell of the rows x cols grid in *cell; the status after a message or -1. */
static int resolve_cell(const comb_args_t *a, const char *opt, int code, int *cell)
{
    int i = code / 1000, j = code % 1000;
    if (i >= a->rows || j >= a->cols)
        return cli_usage_error("design", "--%s %d,%d: not in the %d x %d grid", opt, i + 1, j + 1, a->rows, a->cols);
    *cell = i * a->cols + j;
    return -1;
}

static int parse(comb_args_t *a, int argc, char **argv, bool waterfall)
{
    defaults(a, waterfall);
    a->action = argv[2];
    optind = 3;
    int c, st;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (c == 'h') return usage(stdout), CLI_OK;
        if (c == '?') return cli_usage_error("design", "invalid option");
        if ((st = take_option(a, c, optarg)) >= 0) return st;
    }
    if (optind < argc) return cli_usage_error("design", "unexpected argument '%s'", argv[optind]);
    if (!a->have_target) return cli_usage_error("design", "--target is required");
    if (!a->phi1) a->p.phi1 = 0.6 * a->p.target;
    if (!a->phi2) a->p.phi2 = 1.4 * a->p.target;
    onc_err_t err = {0};
    if (onc_boin_check(&a->p, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    return -1;
}

/* --n and --y of the same shape, and the cells named by --current and --eliminated. */
static int need_counts(comb_args_t *a)
{
    if (!a->have_n || !a->have_y) return cli_usage_error("design", "--n and --y are required (patients and DLTs per combination)");
    if (a->rows != a->n_rows_y || a->cols != a->n_cols_y)
        return cli_usage_error("design", "--n is %d x %d and --y %d x %d: one count per combination in each", a->rows, a->cols,
                               a->n_rows_y, a->n_cols_y);
    onc_err_t err = {0};
    if (onc_comb_check_shape(a->rows, a->cols, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    int st = -1, cell;
    for (int k = 0; st < 0 && k < a->n_elim; k++)
        if ((st = resolve_cell(a, "eliminated", a->elim_at[k], &cell)) < 0) a->eliminated[cell] = true;
    if (st < 0 && a->current >= 0) st = resolve_cell(a, "current", a->current, &a->current);
    return st;
}

/* ---- output ---- */

static void print_cell(int cell, int cols)
{
    if (cell < 0) printf("null");
    else printf("[%d,%d]", cell / cols + 1, cell % cols + 1);
}

static void print_grid(const char *key, const double *v, int rows, int cols, bool first)
{
    onc_jsonw_key(stdout, key, first);
    putchar('[');
    for (int i = 0; i < rows; i++) {
        printf("%s[", i ? "," : "");
        for (int j = 0; j < cols; j++) printf("%s", j ? "," : ""), onc_jsonw_double(stdout, v[i * cols + j]);
        putchar(']');
    }
    putchar(']');
}

static int comb_next(comb_args_t *a)
{
    int st = need_counts(a);
    if (st >= 0) return st;
    if (a->current < 0) return cli_usage_error("design", "--current is required (the combination the last cohort had)");
    onc_comb_next_t nx;
    onc_err_t err = {0};
    if (onc_comb_next(&a->p, a->n, a->y, a->rows, a->cols, a->current, a->eliminated, a->sim.seed, &nx, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    bool stop = nx.decision == ONC_BOIN_STOP_TOXIC || nx.decision == ONC_BOIN_STOP_SELECT;
    printf("{\"decision\":\"%s\",\"next\":", onc_boin_decision_names[nx.decision]);
    print_cell(stop ? -1 : nx.next_cell, a->cols);
    printf(",\"tied\":[");
    for (int k = 0; nx.n_tied > 1 && k < nx.n_tied; k++) printf("%s", k ? "," : ""), print_cell(nx.tied[k], a->cols);
    printf("],\"eliminated\":[");
    for (int c = 0, first = 1; c < a->rows * a->cols; c++)
        if (nx.eliminated[c]) printf("%s", first ? "" : ","), print_cell(c, a->cols), first = 0;
    printf("]");
    onc_jsonw_member_str(stdout, "rule", nx.rule, 0);
    printf(",\"seed\":%llu}\n", (unsigned long long)a->sim.seed);
    return CLI_OK;
}

static int comb_select(comb_args_t *a)
{
    int st = need_counts(a);
    if (st >= 0) return st;
    double est[ONC_COMB_MAX_CELLS];
    onc_err_t err = {0};
    int mtd = -1, col[ONC_COMB_MAX_CELLS];
    onc_rc rc = a->waterfall ? onc_comb_contour(&a->p, a->n, a->y, a->rows, a->cols, col, est, &err)
                             : onc_comb_select(&a->p, a->n, a->y, a->rows, a->cols, &mtd, est, &err);
    if (rc != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    if (a->waterfall) {
        printf("{\"contour\":[");
        for (int i = 0, first = 1; i < a->rows; i++)
            if (col[i] >= 0) printf("%s", first ? "" : ","), print_cell(i * a->cols + col[i], a->cols), first = 0;
        printf("]");
    } else {
        printf("{\"mtd\":");
        print_cell(mtd, a->cols);
    }
    print_grid("estimates", est, a->rows, a->cols, false);
    printf("}\n");
    return CLI_OK;
}

static int waterfall_next(comb_args_t *a)
{
    int st = need_counts(a);
    if (st >= 0) return st;
    if (a->current < 0) return cli_usage_error("design", "--current is required (the combination the last cohort had)");
    onc_waterfall_next_t w;
    onc_err_t err = {0};
    if (onc_waterfall_next(&a->p, a->n, a->y, a->rows, a->cols, a->current, a->subtrial_done, &w, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    const char *decision = w.trial_over ? "select_contour" : w.subtrial_over ? "next_subtrial"
                                                           : onc_boin_decision_names[w.step.decision];
    printf("{\"decision\":\"%s\",\"next\":", decision);
    print_cell(w.next_cell, a->cols);
    printf(",\"subtrial\":[");
    for (int k = 0; !w.trial_over && k < w.next_sub.n_cells; k++) printf("%s", k ? "," : ""), print_cell(w.next_sub.cells[k], a->cols);
    printf("],\"ended_subtrial_mtd\":");
    print_cell(w.sub_mtd, a->cols);
    onc_jsonw_member_str(stdout, "rule", w.rule, 0);
    printf("}\n");
    return CLI_OK;
}

/* ---- simulation ---- */

/* Warns when the true rates decrease along a row or up a column (allowed: a scenario may
 * describe antagonism). */
static void warn_monotone(const char *name, const double *t, int rows, int cols)
{
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            int c = i * cols + j;
            if (j + 1 < cols && t[c + 1] < t[c])
                cli_error("design", "warning: %s: the true DLT rates decrease from (%d,%d) to (%d,%d)", name, i + 1, j + 1,
                          i + 1, j + 2);
            if (i + 1 < rows && t[c + cols] < t[c])
                cli_error("design", "warning: %s: the true DLT rates decrease from (%d,%d) to (%d,%d)", name, i + 1, j + 1,
                          i + 2, j + 1);
        }
}

/* One scenario's figures; flat (from --truth): the object stands alone, with trials and seed as
 * `design boin simulate` (CONTRACTS.md's keys, per combination). */
static void print_scenario_oc(const comb_args_t *a, const onc_scenario_t *sc, int rows, int cols, const onc_comb_oc_t *r,
                              bool flat)
{
    const onc_design_oc_t *oc = &r->oc;
    printf("{\"name\":");
    onc_jsonw_string(stdout, sc->name);
    if (flat) printf(",\"design\":\"%s\"", a->waterfall ? "waterfall" : "boin-comb");
    print_grid("truth", sc->truth, rows, cols, false);
    print_grid("selection_pct", oc->selection_pct, rows, cols, false);
    onc_jsonw_member_num(stdout, a->waterfall ? "exact_contour_pct" : "mtd_selected_pct", r->correct_pct, 0);
    onc_jsonw_member_num(stdout, "no_mtd_pct", oc->no_mtd_pct, 0);
    onc_jsonw_member_num(stdout, "stopped_toxic_pct", oc->early_stop_pct, 0);
    print_grid("patients_per_dose", oc->patients_per_dose, rows, cols, false);
    print_grid("dlt_per_dose", oc->dlt_per_dose, rows, cols, false);
    onc_jsonw_member_num(stdout, "mean_n", oc->mean_n, 0);
    onc_jsonw_member_num(stdout, "mean_dlt", oc->mean_dlt, 0);
    onc_jsonw_member_num(stdout, "patients_at_mtd_pct", r->patients_at_pct, 0);
    onc_jsonw_member_num(stdout, "patients_above_mtd_pct", r->patients_above_pct, 0);
    onc_jsonw_member_num(stdout, "patients_below_mtd_pct", r->patients_below_pct, 0);
    onc_jsonw_member_num(stdout, "mean_cohorts", oc->mean_cohorts, 0);
    if (flat) printf(",\"trials\":%ld,\"seed\":%llu", oc->n_trials, (unsigned long long)a->sim.seed);
    putchar('}');
    fprintf(stderr, "oncoboard design: %s: %ld trials in %.3f s (%.0f trials/s), seed %llu\n", sc->name, oc->n_trials,
            oc->seconds, oc->seconds > 0 ? (double)oc->n_trials / oc->seconds : 0, (unsigned long long)a->sim.seed);
}

static int simulate_all(comb_args_t *a, const onc_scenarios_t *sc, bool flat)
{
    const char *end = flat ? "" : "]}\n"; /* closes the list when a scenario fails */
    if (!flat)
        printf("{\"design\":\"%s\",\"trials\":%ld,\"seed\":%llu,\"scenarios\":[", a->waterfall ? "waterfall" : "boin-comb",
               a->sim.n_trials, (unsigned long long)a->sim.seed);
    for (size_t k = 0; k < sc->n; k++) {
        const onc_scenario_t *s = &sc->v[k];
        int rows = s->n_rows, cols = sc->n_doses;
        onc_comb_sim_opts_t o = a->sim;
        if (a->have_start) {
            int st = -1;
            comb_args_t g = *a;
            g.rows = rows, g.cols = cols;
            if ((st = resolve_cell(&g, "start", a->sim.start_cell, &o.start_cell)) >= 0) return printf("%s", end), st;
        }
        warn_monotone(s->name, s->truth, rows, cols);
        onc_comb_oc_t r;
        onc_err_t err = {0};
        onc_rc rc = a->waterfall ? onc_waterfall_simulate(&a->p, s->truth, rows, cols, &o, &r, &err)
                                 : onc_comb_simulate(&a->p, s->truth, rows, cols, &o, &r, &err);
        if (rc != ONC_OK) return printf("%s", end), cli_usage_error("design", "%s: %s", s->name, err.msg);
        printf("%s", k ? "," : "");
        print_scenario_oc(a, s, rows, cols, &r, flat);
    }
    printf("%s", flat ? "\n" : end);
    return CLI_OK;
}

static int simulate(comb_args_t *a)
{
    if (!!a->scenarios == !!a->truth_rows) return cli_usage_error("design", "give --truth GRID or --scenarios FILE (one of them)");
    if (!a->waterfall && a->sim.n_cohorts < 1) return cli_usage_error("design", "--cohorts is required (cohorts in all)");
    onc_scenarios_t sc = {0};
    onc_scenario_t one = {.name = "truth"};
    onc_err_t err = {0};
    if (a->scenarios && onc_scenarios_load_grid(a->scenarios, &sc, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    if (!a->scenarios) {
        memcpy(one.truth, a->truth, sizeof one.truth);
        one.n_rows = a->truth_rows;
        sc.v = &one, sc.n = 1, sc.n_doses = a->truth_cols;
    }
    int st = simulate_all(a, &sc, !a->scenarios);
    if (a->scenarios) onc_scenarios_free(&sc);
    return st;
}

int cmd_design_comb(int argc, char **argv)
{
    bool waterfall = !strcmp(argv[1], "waterfall");
    if (argc < 3 || !strcmp(argv[2], "-h") || !strcmp(argv[2], "--help")) {
        usage(argc < 3 ? stderr : stdout);
        return argc < 3 ? CLI_BAD_INPUT : CLI_OK;
    }
    if (!waterfall && !strcmp(argv[2], "table")) { /* the single agent's boundaries */
        argv[1] = "boin";
        return cmd_design(argc, argv);
    }
    comb_args_t a;
    int st = parse(&a, argc, argv, waterfall);
    if (st >= 0) return st;
    if (!strcmp(a.action, "next")) return waterfall ? waterfall_next(&a) : comb_next(&a);
    if (!strcmp(a.action, "select")) return comb_select(&a);
    if (!strcmp(a.action, "simulate")) return simulate(&a);
    return cli_usage_error("design", "%s: unknown action '%s' (%s)", argv[1], a.action,
                           waterfall ? "next, select, simulate" : "table, next, select, simulate");
}
