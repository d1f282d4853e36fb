/* design_waterfall.c: the waterfall design for the MTD contour of two drugs (design.h;
 * research/dose-finding.md 2.2, Zhang & Yuan 2016 as the R package BOIN 2.7.2's get.oc.comb with
 * mtd.contour = TRUE and next.subtrial run it).
 *
 * The rows x cols grid is searched by single-agent BOIN subtrials, one after the other.
 * Subtrial 1 climbs column 1, then the top row: (1,1), (2,1), ..., (J,1), (J,2), ..., (J,K).
 * If it ends at (i,1) below the top row while still escalating there (y <= the escalation
 * boundary), row i is searched from column 2. Then each lower row in turn, columns 2..K, starting
 * one column right of the MTD column of the row above (the last column if that was the last):
 * a lower dose of drug A can take at least as much of drug B. The waterfall stops when row 1
 * is done or a subtrial finds no MTD. A subtrial decides by BOIN's own step (design_boin.c:
 * boundaries, elimination along its path, the extra-safe stop in subtrial 1 only), ends after
 * its cohorts or when the dose it moves to has n.earlystop patients, and its MTD is BOIN's
 * (PAVA along its path). The contour at the end is design_comb.c's.
 */
#include "design/design_comb_int.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void onc_waterfall_sub_of(int rows, int cols, int cell, onc_waterfall_sub_t *out)
{
    memset(out, 0, sizeof *out);
    int i = cell / cols, j = cell % cols;
    if (j == 0 || i == rows - 1) { /* subtrial 1 */
        for (int r = 0; r < rows; r++) out->cells[out->n_cells++] = r * cols;
        for (int c = 1; c < cols; c++) out->cells[out->n_cells++] = (rows - 1) * cols + c;
    } else {
        for (int c = 1; c < cols; c++) out->cells[out->n_cells++] = i * cols + c;
    }
    for (int k = 0; k < out->n_cells; k++)
        if (out->cells[k] == cell) out->start = k;
}

/* Row i from column 2, starting at column start_col (both from 0). */
static void row_sub(int cols, int i, int start_col, onc_waterfall_sub_t *out)
{
    memset(out, 0, sizeof *out);
    for (int c = 1; c < cols; c++) out->cells[out->n_cells++] = i * cols + c;
    out->start = start_col - 1;
}

static void path_counts(const onc_waterfall_sub_t *s, const int *n, const int *y, int *pn, int *py)
{
    for (int k = 0; k < s->n_cells; k++) pn[k] = n[s->cells[k]], py[k] = y[s->cells[k]];
}

/* After subtrial s ended: its MTD cell (*mtd, -1 none) and the subtrial that follows (false:
 * none, the trial is over). next.subtrial's rules, research 2.2. */
static bool next_sub(const onc_boin_params_t *p, const onc_boin_row_t *tab, const int *n, const int *y, int rows,
                     int cols, const onc_waterfall_sub_t *s, int *mtd, onc_waterfall_sub_t *next)
{
    int pn[ONC_DESIGN_MAX_DOSES], py[ONC_DESIGN_MAX_DOSES];
    path_counts(s, n, y, pn, py);
    int k = boin_select_rows(p, tab, pn, py, s->n_cells, NULL);
    *mtd = k < 0 ? -1 : s->cells[k];
    if (k < 0) return false;
    int i = *mtd / cols, j = *mtd % cols;
    bool first = s->cells[0] == 0 && (s->n_cells == 1 || s->cells[1] == cols || rows == 1);
    bool escalating = py[k] <= tab[pn[k]].escalate_le;
    if (first && j == 0 && i < rows - 1 && escalating && cols > 1) {
        row_sub(cols, i, 1, next); /* still escalating at (i,1): row i from (i,2) */
        return true;
    }
    if (i == 0 || cols == 1) return false;
    row_sub(cols, i - 1, j + 1 < cols ? j + 1 : cols - 1, next);
    return true;
}

/* BOIN's parameters inside a subtrial: no n.earlystop in the step (the waterfall checks it after
 * the move), the extra-safe stop only where the subtrial's lowest dose is (1,1). */
static onc_boin_params_t sub_params(const onc_boin_params_t *p, const onc_waterfall_sub_t *s)
{
    onc_boin_params_t q = *p;
    q.n_earlystop = ONC_DESIGN_MAX_N + 1;
    q.extrasafe = p->extrasafe && s->cells[0] == 0;
    return q;
}

/* The lowest path index eliminated by the data, or -1. */
static int path_elimination(const onc_boin_row_t *tab, const int *pn, const int *py, int len)
{
    for (int k = 0; k < len; k++)
        if (tab[pn[k]].eliminate_ge >= 0 && py[k] >= tab[pn[k]].eliminate_ge) return k;
    return -1;
}

/* One cohort's decision in subtrial s at index d: *over when the subtrial ends. */
static void sub_step(const onc_boin_params_t *p, const onc_boin_row_t *tab, const int *n, const int *y,
                     const onc_waterfall_sub_t *s, int d, onc_boin_next_t *step, bool *over)
{
    int pn[ONC_DESIGN_MAX_DOSES], py[ONC_DESIGN_MAX_DOSES];
    path_counts(s, n, y, pn, py);
    onc_boin_params_t q = sub_params(p, s);
    boin_step(&q, &tab[pn[d]], py[d], s->n_cells, d, path_elimination(tab, pn, py, d), step);
    *over = step->decision == ONC_BOIN_STOP_TOXIC || pn[step->next_dose] >= p->n_earlystop;
}

static void cell_name(char *buf, size_t len, int cell, int cols)
{
    snprintf(buf, len, "(%d,%d)", cell / cols + 1, cell % cols + 1);
}

onc_rc onc_waterfall_next(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols, int current,
                          bool subtrial_done, onc_waterfall_next_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    out->next_cell = out->sub_mtd = -1;
    onc_boin_row_t *tab = NULL;
    onc_rc rc = comb_check_next(p, n, y, rows, cols, current, &tab, err);
    if (rc != ONC_OK) return rc;
    onc_waterfall_sub_t s;
    onc_waterfall_sub_of(rows, cols, current, &s);
    out->subtrial_over = subtrial_done;
    if (!subtrial_done) sub_step(p, tab, n, y, &s, s.start, &out->step, &out->subtrial_over);
    char a[32], b[32];
    if (!out->subtrial_over) {
        out->next_cell = s.cells[out->step.next_dose];
        out->next_sub = s;
        out->next_sub.start = out->step.next_dose;
        snprintf(out->rule, sizeof out->rule, "in the subtrial (its doses numbered from its lowest): %.250s",
                 out->step.rule);
    } else if (!next_sub(p, tab, n, y, rows, cols, &s, &out->sub_mtd, &out->next_sub)) {
        out->trial_over = true;
        snprintf(out->rule, sizeof out->rule, "the subtrial ended%s%.200s%s; no subtrial follows: select the MTD contour",
                 subtrial_done ? "" : ": ", subtrial_done ? "" : out->step.rule,
                 subtrial_done ? "" : " (doses numbered along the subtrial)");
    } else {
        out->next_cell = out->next_sub.cells[out->next_sub.start];
        cell_name(a, sizeof a, out->sub_mtd, cols);
        cell_name(b, sizeof b, out->next_cell, cols);
        snprintf(out->rule, sizeof out->rule, "the subtrial ended with MTD %s; the next subtrial searches row %d from "
                 "column 2, starting at %s", a, out->next_cell / cols + 1, b);
    }
    free(tab);
    return ONC_OK;
}

/* ---- simulation ---- */

typedef struct wf_sim {
    const onc_boin_params_t *p;
    const double *truth;
    const onc_boin_row_t *tab;
    int rows, cols, cohort_size, max_n;
    int budget[ONC_WATERFALL_MAX_SUBTRIALS];
    atomic_long exact;  /* trials whose contour is exactly the true one */
} wf_sim_t;

/* Whether the contour col[] is the true one: in every row the selected cell is at the target,
 * or nothing is selected in a row without such a cell. */
static bool exact_contour(const wf_sim_t *W, const int *col)
{
    for (int i = 0; i < W->rows; i++) {
        bool has = false;
        for (int j = 0; j < W->cols; j++) has |= fabs(W->truth[i * W->cols + j] - W->p->target) < 1e-9;
        if (has != (col[i] >= 0)) return false;
        if (has && !(fabs(W->truth[i * W->cols + col[i]] - W->p->target) < 1e-9)) return false;
    }
    return true;
}

/* Runs subtrial s with its budget of cohorts; false when it stopped for toxicity. */
static bool run_sub(const wf_sim_t *W, const onc_waterfall_sub_t *s, int budget, gsl_rng *r, int *n, int *y,
                    int *cohorts)
{
    int d = s->start;
    for (int i = 0; i < budget; i++) {
        int c = s->cells[d];
        for (int k = 0; k < W->cohort_size; k++) y[c] += gsl_rng_uniform(r) < W->truth[c];
        n[c] += W->cohort_size;
        ++*cohorts;
        onc_boin_next_t step;
        bool over;
        sub_step(W->p, W->tab, n, y, s, d, &step, &over);
        if (step.decision == ONC_BOIN_STOP_TOXIC) return false;
        if (over) break;
        d = step.next_dose;
    }
    return true;
}

static void wf_trial(const void *ctx, gsl_rng *r, design_tally_t *t)
{
    wf_sim_t *W = (wf_sim_t *)ctx; /* only its atomic counter is written */
    int cells = W->rows * W->cols, n[ONC_COMB_MAX_CELLS] = {0}, y[ONC_COMB_MAX_CELLS] = {0}, cohorts = 0, mtd;
    onc_waterfall_sub_t s, next;
    onc_waterfall_sub_of(W->rows, W->cols, 0, &s);
    bool toxic = false;
    for (int k = 0; k < W->rows; k++) { /* at most one subtrial per row */
        if (!run_sub(W, &s, W->budget[k], r, n, y, &cohorts)) {
            toxic = k == 0;
            break;
        }
        if (!next_sub(W->p, W->tab, n, y, W->rows, W->cols, &s, &mtd, &next)) break;
        s = next;
    }
    int col[ONC_COMB_MAX_CELLS], first = -1;
    comb_contour_rows(W->p, W->tab, n, y, W->rows, W->cols, col, NULL);
    for (int i = 0; i < W->rows; i++)
        if (col[i] >= 0) {
            if (first < 0) first = i * W->cols + col[i];
            else t->selected[i * W->cols + col[i]]++;
        }
    if (exact_contour(W, col)) atomic_fetch_add(&W->exact, 1);
    design_trial_end_t e = {.n = n, .y = y, .mtd = first, .stopped_toxic = toxic, .cohorts = cohorts};
    design_tally_add(t, &e, cells, W->truth, W->p->target, W->max_n);
}

/* The package's default cohorts per subtrial: ceiling(round(4 / cohort size, 2) x doses). */
static int default_budget(int cohort_size, int doses)
{
    return (int)ceil(round(400.0 / cohort_size) / 100.0 * doses - 1e-9);
}

onc_rc onc_waterfall_simulate(const onc_boin_params_t *p, const double *truth, int rows, int cols,
                              const onc_comb_sim_opts_t *o, onc_comb_oc_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = comb_check_sim(p, truth, rows, cols, o->cohort_size, o->n_trials, err);
    if (rc != ONC_OK) return rc;
    wf_sim_t *W = calloc(1, sizeof *W);
    if (!W) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    *W = (wf_sim_t){.p = p, .truth = truth, .rows = rows, .cols = cols, .cohort_size = o->cohort_size};
    atomic_init(&W->exact, 0);
    for (int k = 0; k < ONC_WATERFALL_MAX_SUBTRIALS; k++) {
        int b = o->subtrial_cohorts[k] > 0 ? o->subtrial_cohorts[k]
                                           : default_budget(o->cohort_size, k == 0 ? rows + cols - 1 : cols - 1);
        W->budget[k] = b;
        if (k < rows) W->max_n += b * o->cohort_size;
    }
    if (W->max_n > ONC_DESIGN_MAX_N)
        rc = onc_err_set(err, ONC_EINVAL, "%d patients over the subtrials: at most %d", W->max_n, ONC_DESIGN_MAX_N);
    onc_boin_row_t *tab = NULL;
    /* no combination can have more patients than the whole trial */
    if (rc == ONC_OK) rc = onc_boin_rows(p, W->max_n, &tab, err);
    W->tab = tab;
    if (rc == ONC_OK) rc = design_run_trials(wf_trial, W, rows * cols, o->n_trials, o->seed, o->threads, true, &out->oc, err);
    if (rc == ONC_OK) {
        design_overdose_defined(&out->oc, truth, rows * cols, p->target);
        comb_summary(out, truth, rows * cols, p->target, true);
        bool any = false;
        for (int c = 0; c < rows * cols; c++) any |= fabs(truth[c] - p->target) < 1e-9;
        out->correct_pct = any ? 100.0 * (double)atomic_load(&W->exact) / (double)o->n_trials : NAN;
    }
    free(tab);
    free(W);
    return rc;
}
