/* design_comb.c: BOIN for a combination of two drugs, one MTD (design.h; research/
 * dose-finding.md 2.1, Lin & Yin 2017 as the R package BOIN 2.7.2's get.oc.comb conducts it).
 *
 * The boundaries and the decision table are the single agent's (onc_boin_row, design_boin.c):
 * after a cohort at (i, j) the count at that cell says escalate, stay or de-escalate; BOIN-comb
 * only adds where to: escalation goes to (i+1, j) or (i, j+1), de-escalation to (i-1, j) or
 * (i, j-1), whichever has the larger posterior probability, under a Beta(y + 0.5, n - y + 0.5)
 * (Jeffreys) posterior, that its rate lies in (lambda_e, lambda_d), plus 0.0005 n so that the
 * better-studied wins; exact ties are drawn at random. The rules followed, and where the
 * package's two functions differ, are in docs/design.md ("BOIN for combinations").
 */
#include "design/design_comb_int.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

onc_rc onc_comb_check_shape(int rows, int cols, onc_err_t *err)
{
    if (rows < 1 || cols < 1 || rows * cols > ONC_COMB_MAX_CELLS)
        return onc_err_set(err, ONC_EINVAL, "%d x %d combinations: between 1 and %d cells are possible", rows, cols,
                           ONC_COMB_MAX_CELLS);
    if (rows > cols)
        return onc_err_set(err, ONC_EINVAL, "%d rows and %d columns: put the drug with more levels in the columns "
                                            "(as BOIN asks, rows <= columns)", rows, cols);
    return ONC_OK;
}

onc_rc comb_check_counts(const int *n, const int *y, int rows, int cols, onc_err_t *err)
{
    onc_rc rc = onc_comb_check_shape(rows, cols, err);
    for (int c = 0; rc == ONC_OK && c < rows * cols; c++) {
        if (n[c] < 0 || y[c] < 0 || n[c] > ONC_DESIGN_MAX_N)
            rc = onc_err_set(err, ONC_EINVAL, "combination (%d,%d): counts must be between 0 and %d", c / cols + 1,
                             c % cols + 1, ONC_DESIGN_MAX_N);
        else if (y[c] > n[c])
            rc = onc_err_set(err, ONC_EINVAL, "combination (%d,%d): %d DLTs in %d patients (more DLTs than patients)",
                             c / cols + 1, c % cols + 1, y[c], n[c]);
    }
    return rc;
}

void comb_eliminate_above(bool *elim, int rows, int cols, int cell)
{
    for (int i = cell / cols; i < rows; i++)
        for (int j = cell % cols; j < cols; j++) elim[i * cols + j] = true;
}

void comb_final_elimination(const onc_boin_params_t *p, const onc_boin_row_t *tab, const int *n, const int *y,
                            int rows, int cols, bool *elim)
{
    memset(elim, 0, (size_t)(rows * cols) * sizeof *elim);
    for (int c = 0; c < rows * cols; c++)
        if (tab[n[c]].eliminate_ge >= 0 && y[c] >= tab[n[c]].eliminate_ge) comb_eliminate_above(elim, rows, cols, c);
    if (p->extrasafe && tab[n[0]].stop_ge >= 0 && y[0] >= tab[n[0]].stop_ge) comb_eliminate_above(elim, rows, cols, 0);
}

onc_rc comb_table_for(const onc_boin_params_t *p, const int *n, int cells, onc_boin_row_t **out, onc_err_t *err)
{
    int max_n = 0;
    for (int c = 0; c < cells; c++) max_n = n[c] > max_n ? n[c] : max_n;
    return onc_boin_rows(p, max_n, out, err);
}

onc_rc comb_check_next(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols, int current,
                       onc_boin_row_t **tab, onc_err_t *err)
{
    *tab = NULL;
    onc_rc rc = onc_boin_check(p, err);
    if (rc == ONC_OK) rc = comb_check_counts(n, y, rows, cols, err);
    if (rc == ONC_OK && (current < 0 || current >= rows * cols))
        rc = onc_err_set(err, ONC_EINVAL, "current combination: not in the %d x %d grid", rows, cols);
    if (rc == ONC_OK && n[current] == 0)
        rc = onc_err_set(err, ONC_EINVAL, "current combination (%d,%d): no patient treated there", current / cols + 1,
                         current % cols + 1);
    if (rc == ONC_OK) rc = comb_table_for(p, n, rows * cols, tab, err);
    return rc;
}

/* ---- the decision ---- */

/* Pr(lambda_e < p < lambda_d) under Beta(y + 0.5, n - y + 0.5), plus 0.0005 n. */
static double move_score(double le, double ld, int y, int n)
{
    double a = y + 0.5, b = n - y + 0.5;
    return gsl_cdf_beta_P(ld, a, b) - gsl_cdf_beta_P(le, a, b) + 0.0005 * n;
}

typedef struct comb_state {
    const onc_boin_params_t *p;
    const onc_boin_row_t *tab;
    const int *n, *y;
    int rows, cols;
    double le, ld;
    const double *score; /* move_score of (y, n) at y * (score_n + 1) + n, n <= score_n; NULL: computed */
    int score_n;
} comb_state_t;

static double score_of(const comb_state_t *S, int y, int n)
{
    if (S->score && n <= S->score_n) return S->score[y * (S->score_n + 1) + n];
    return move_score(S->le, S->ld, y, n);
}

/* The best of the two moves (di, dj) in {(1,0),(0,1)} times sign, skipping cells off the grid
 * and, upward, eliminated ones: the candidates that tie for the best score into out->tied,
 * their number returned (0: no move). */
static int best_moves(const comb_state_t *S, int cell, int sign, const bool *elim, onc_comb_next_t *out)
{
    int i = cell / S->cols, j = cell % S->cols, cand[2], k = 0;
    int ni[2] = {i + sign, i}, nj[2] = {j, j + sign};
    double score[2], best = -1;
    for (int m = 0; m < 2; m++) {
        if (ni[m] < 0 || nj[m] < 0 || ni[m] >= S->rows || nj[m] >= S->cols) continue;
        int c = ni[m] * S->cols + nj[m];
        if (sign > 0 && elim[c]) continue;
        score[k] = score_of(S, S->y[c], S->n[c]);
        cand[k++] = c;
    }
    out->n_tied = 0;
    for (int m = 0; m < k; m++) best = fmax(best, score[m]);
    for (int m = 0; m < k; m++)
        if (score[m] == best) out->tied[out->n_tied++] = cand[m];
    return out->n_tied;
}

/* One of the tied candidates, uniformly (the package's as.integer(runif(1) * k) + 1). */
static int pick(const onc_comb_next_t *out, gsl_rng *r)
{
    return out->tied[out->n_tied > 1 ? (int)(gsl_rng_uniform(r) * out->n_tied) : 0];
}

static void say(onc_comb_next_t *out, onc_boin_decision d, int next, const char *fmt, ...) ONC_PRINTF(4, 5);
static void say(onc_comb_next_t *out, onc_boin_decision d, int next, const char *fmt, ...)
{
    out->decision = d;
    out->next_cell = next;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->rule, sizeof out->rule, fmt, ap);
    va_end(ap);
}

/* Escalate, stay or de-escalate by the table row r (research 2.1). */
static void move(const comb_state_t *S, const onc_boin_row_t *r, int d, gsl_rng *rng, onc_comb_next_t *out)
{
    int y = S->y[d], esc = r->escalate_le, deesc = r->deescalate_ge;
    const char *tie = " (two moves tied: drawn at random)";
    bool can_escalate = best_moves(S, d, +1, out->eliminated, out) > 0;
    if (r->n >= S->p->n_earlystop && (y > esc || !can_escalate) && (y < deesc || d == 0))
        say(out, ONC_BOIN_STOP_SELECT, d, "%d patients >= n.earlystop %d, and the trial would stay: stop and select the MTD",
            r->n, S->p->n_earlystop);
    else if (y <= esc && can_escalate)
        say(out, ONC_BOIN_ESCALATE, pick(out, rng), "%d DLT <= %d at n = %d: escalate%s", y, esc, r->n,
            out->n_tied > 1 ? tie : "");
    else if (y <= esc)
        say(out, ONC_BOIN_STAY, d, "%d DLT <= %d at n = %d, but no higher combination is open: stay", y, esc, r->n);
    else if (y >= deesc && best_moves(S, d, -1, out->eliminated, out) > 0)
        say(out, ONC_BOIN_DEESCALATE, pick(out, rng), "%d DLT >= %d at n = %d: de-escalate%s", y, deesc, r->n,
            out->n_tied > 1 ? tie : "");
    else if (y >= deesc)
        say(out, ONC_BOIN_STAY, d, "%d DLT >= %d at n = %d at the lowest combination: stay", y, deesc, r->n);
    else
        say(out, ONC_BOIN_STAY, d, "%d DLT between %d and %d at n = %d: stay", y, esc, deesc, r->n);
    if (out->decision != ONC_BOIN_ESCALATE && out->decision != ONC_BOIN_DEESCALATE) out->n_tied = 0;
}

/* The whole step after a cohort at d: elimination, the extra-safe stop, then the move.
 * out->eliminated holds the cells eliminated before it on entry. */
static void comb_step(const comb_state_t *S, int d, gsl_rng *rng, onc_comb_next_t *out)
{
    const onc_boin_row_t *r = &S->tab[S->n[d]];
    int y = S->y[d];
    out->n_tied = 0;
    bool newly = r->eliminate_ge >= 0 && y >= r->eliminate_ge;
    if (newly) comb_eliminate_above(out->eliminated, S->rows, S->cols, d);
    if (newly && d == 0)
        say(out, ONC_BOIN_STOP_TOXIC, d, "(1,1) is eliminated (%d DLT >= %d at n = %d): stop, no MTD", y,
            r->eliminate_ge, r->n);
    else if (d == 0 && r->stop_ge >= 0 && y >= r->stop_ge)
        say(out, ONC_BOIN_STOP_TOXIC, d, "extra-safe: %d DLT >= %d at n = %d at (1,1): stop, no MTD", y, r->stop_ge, r->n);
    else
        move(S, r, d, rng, out);
    if (newly && d > 0) {
        char then[sizeof out->rule];
        memcpy(then, out->rule, sizeof then);
        snprintf(out->rule, sizeof out->rule, "(%d,%d) and the combinations above it eliminated (%d DLT >= %d at n = %d); "
                 "%.140s", d / S->cols + 1, d % S->cols + 1, y, r->eliminate_ge, r->n, then);
    }
}

onc_rc onc_comb_next(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols, int current,
                     const bool *eliminated, uint64_t tie_seed, onc_comb_next_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_boin_row_t *tab = NULL;
    onc_rc rc = comb_check_next(p, n, y, rows, cols, current, &tab, err);
    gsl_rng *rng = rc == ONC_OK ? gsl_rng_alloc(gsl_rng_mt19937) : NULL;
    if (rc == ONC_OK && !rng) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) {
        gsl_rng_set(rng, (unsigned long)design_trial_seed(tie_seed, 0));
        comb_state_t S = {.p = p, .tab = tab, .n = n, .y = y, .rows = rows, .cols = cols};
        onc_boin_lambdas(p, &S.le, &S.ld);
        if (eliminated) memcpy(out->eliminated, eliminated, (size_t)(rows * cols) * sizeof *eliminated);
        comb_step(&S, current, rng, out);
    }
    gsl_rng_free(rng);
    free(tab);
    return rc;
}

/* ---- the MTD ---- */

/* select.mtd.comb's estimates: (y + 0.05) / (n + 0.1), weights n + 0.1 (an untreated cell
 * enters with 0.5 and weight 0.1), eliminated cells set to 1.1 first when before_iso. */
static void comb_isotonic(const int *n, const int *y, int rows, int cols, const bool *elim, bool before_iso,
                          double *v, double *est)
{
    double w[ONC_COMB_MAX_CELLS] = {0};
    for (int c = 0; c < rows * cols; c++) {
        v[c] = before_iso && elim[c] ? 1.1 : (y[c] + 0.05) / (n[c] + 0.1);
        w[c] = n[c] + 0.1;
    }
    (void)onc_iso2(v, w, rows, cols); /* 50,000 cycles are plenty for a 32-cell grid */
    if (est)
        for (int c = 0; c < rows * cols; c++) est[c] = n[c] > 0 ? v[c] : NAN;
}

/* The value compared with the target: the estimate, 1.1 when eliminated, plus 1e-5 (i + j)
 * (rows and columns from 1, as the package) so that the lower combination wins above the target
 * and the higher below; untreated cells and, with boundMTD, those above lambda_d: INFINITY. */
static double selection_value(const onc_boin_params_t *p, double iso, const int *n, const bool *elim, int c, int cols)
{
    if (n[c] == 0) return INFINITY;
    double v = (elim[c] ? 1.1 : iso) + 1e-5 * (c / cols + 1 + c % cols + 1), le, ld;
    onc_boin_lambdas(p, &le, &ld);
    if (p->bound_mtd && v > ld) return INFINITY;
    return v;
}

int comb_select_rows(const onc_boin_params_t *p, const onc_boin_row_t *tab, const int *n, const int *y, int rows,
                     int cols, double *est)
{
    bool elim[ONC_COMB_MAX_CELLS];
    double v[ONC_COMB_MAX_CELLS], best = INFINITY;
    comb_final_elimination(p, tab, n, y, rows, cols, elim);
    comb_isotonic(n, y, rows, cols, elim, false, v, est);
    if (elim[0]) return -1;
    int mtd = -1;
    for (int j = 0; j < cols; j++) /* column-major: the package's first index on exact ties */
        for (int i = 0; i < rows; i++) {
            int c = i * cols + j;
            double dist = fabs(selection_value(p, v[c], n, elim, c, cols) - p->target);
            if (dist < best) best = dist, mtd = c;
        }
    return mtd;
}

void comb_contour_rows(const onc_boin_params_t *p, const onc_boin_row_t *tab, const int *n, const int *y, int rows,
                       int cols, int *col, double *est)
{
    bool elim[ONC_COMB_MAX_CELLS];
    double v[ONC_COMB_MAX_CELLS];
    comb_final_elimination(p, tab, n, y, rows, cols, elim);
    comb_isotonic(n, y, rows, cols, elim, true, v, est);
    int above = -1; /* the MTD column of the nearest row above with one */
    for (int i = rows - 1; i >= 0; i--) {
        double best = INFINITY;
        col[i] = -1;
        for (int j = 0; j < cols && !elim[i * cols]; j++) {
            int c = i * cols + j;
            double dist = elim[c] ? INFINITY : fabs(selection_value(p, v[c], n, elim, c, cols) - p->target);
            if (dist < best) best = dist, col[i] = j;
        }
        /* a lower row's MTD is not left of the row above's: moved there when that cell is
           admissible, else the row has none */
        if (col[i] >= 0 && above >= 0 && col[i] < above) {
            int c = i * cols + above;
            col[i] = n[c] > 0 && !elim[c] && isfinite(selection_value(p, v[c], n, elim, c, cols)) ? above : -1;
        }
        if (col[i] >= 0) above = col[i];
    }
}

static onc_rc select_common(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols,
                            onc_boin_row_t **tab, onc_err_t *err)
{
    *tab = NULL;
    onc_rc rc = onc_boin_check(p, err);
    if (rc == ONC_OK) rc = comb_check_counts(n, y, rows, cols, err);
    if (rc == ONC_OK) rc = comb_table_for(p, n, rows * cols, tab, err);
    return rc;
}

onc_rc onc_comb_select(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols, int *mtd,
                       double *estimates, onc_err_t *err)
{
    *mtd = -1;
    onc_boin_row_t *tab;
    onc_rc rc = select_common(p, n, y, rows, cols, &tab, err);
    if (rc == ONC_OK) *mtd = comb_select_rows(p, tab, n, y, rows, cols, estimates);
    free(tab);
    return rc;
}

onc_rc onc_comb_contour(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols, int *col,
                        double *estimates, onc_err_t *err)
{
    for (int i = 0; i < rows && rows <= ONC_COMB_MAX_CELLS; i++) col[i] = -1;
    onc_boin_row_t *tab;
    onc_rc rc = select_common(p, n, y, rows, cols, &tab, err);
    if (rc == ONC_OK) comb_contour_rows(p, tab, n, y, rows, cols, col, estimates);
    free(tab);
    return rc;
}

/* ---- simulation ---- */

onc_rc comb_check_sim(const onc_boin_params_t *p, const double *truth, int rows, int cols, int cohort_size,
                      long n_trials, onc_err_t *err)
{
    onc_rc rc = onc_boin_check(p, err);
    if (rc == ONC_OK) rc = onc_comb_check_shape(rows, cols, err);
    if (rc == ONC_OK) rc = design_check_truth(truth, rows * cols, err);
    if (rc == ONC_OK && (cohort_size < 1 || cohort_size > 100))
        rc = onc_err_set(err, ONC_EINVAL, "cohort size %d: between 1 and 100", cohort_size);
    if (rc == ONC_OK && n_trials < 1) rc = onc_err_set(err, ONC_EINVAL, "%ld trials: at least 1", n_trials);
    return rc;
}

void comb_summary(onc_comb_oc_t *out, const double *truth, int cells, double target, bool contour)
{
    double at = 0, above = 0, below = 0, correct = 0;
    bool any = false;
    for (int c = 0; c < cells; c++) {
        double pts = out->oc.patients_per_dose[c];
        bool is_mtd = fabs(truth[c] - target) < 1e-9;
        any |= is_mtd;
        if (is_mtd) at += pts, correct += out->oc.selection_pct[c];
        else if (truth[c] > target) above += pts;
        else below += pts;
    }
    double all = at + above + below;
    out->patients_at_pct = all > 0 ? 100 * at / all : NAN;
    out->patients_above_pct = all > 0 ? 100 * above / all : NAN;
    out->patients_below_pct = all > 0 ? 100 * below / all : NAN;
    if (!contour) out->correct_pct = any ? correct : NAN;
}

typedef struct comb_sim {
    const onc_boin_params_t *p;
    const onc_comb_sim_opts_t *o;
    const double *truth;
    const onc_boin_row_t *tab;
    int rows, cols, max_n;
    double *score; /* the move scores of every (y, n) up to max_n, computed once */
} comb_sim_t;

/* move_score for every y <= n <= max_n (free()). */
static onc_rc score_table(const onc_boin_params_t *p, int max_n, double **out, onc_err_t *err)
{
    double le, ld, *t = malloc((size_t)(max_n + 1) * (size_t)(max_n + 1) * sizeof *t);
    if (!(*out = t)) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_boin_lambdas(p, &le, &ld);
    for (int n = 0; n <= max_n; n++)
        for (int y = 0; y <= n; y++) t[y * (max_n + 1) + n] = move_score(le, ld, y, n);
    return ONC_OK;
}

static void comb_trial(const void *ctx, gsl_rng *r, design_tally_t *t)
{
    const comb_sim_t *C = ctx;
    int cells = C->rows * C->cols, n[ONC_COMB_MAX_CELLS] = {0}, y[ONC_COMB_MAX_CELLS] = {0};
    int d = C->o->start_cell, cohorts = 0;
    comb_state_t S = {.p = C->p, .tab = C->tab, .n = n, .y = y, .rows = C->rows, .cols = C->cols,
                      .score = C->score, .score_n = C->max_n};
    onc_boin_lambdas(C->p, &S.le, &S.ld);
    onc_comb_next_t next = {0};
    bool toxic = false;
    for (int i = 0; i < C->o->n_cohorts; i++) {
        for (int k = 0; k < C->o->cohort_size; k++) y[d] += gsl_rng_uniform(r) < C->truth[d];
        n[d] += C->o->cohort_size;
        cohorts++;
        comb_step(&S, d, r, &next);
        toxic = next.decision == ONC_BOIN_STOP_TOXIC;
        if (toxic || next.decision == ONC_BOIN_STOP_SELECT) break;
        d = next.next_cell;
    }
    design_trial_end_t e = {.n = n, .y = y, .stopped_toxic = toxic, .cohorts = cohorts,
                            .mtd = toxic ? -1 : comb_select_rows(C->p, C->tab, n, y, C->rows, C->cols, NULL)};
    design_tally_add(t, &e, cells, C->truth, C->p->target, C->o->n_cohorts * C->o->cohort_size);
}

onc_rc onc_comb_simulate(const onc_boin_params_t *p, const double *truth, int rows, int cols,
                         const onc_comb_sim_opts_t *o, onc_comb_oc_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = comb_check_sim(p, truth, rows, cols, o->cohort_size, o->n_trials, err);
    long max_n = (long)o->n_cohorts * o->cohort_size;
    if (rc == ONC_OK && (o->n_cohorts < 1 || max_n > ONC_DESIGN_MAX_N))
        rc = onc_err_set(err, ONC_EINVAL, "%d cohorts of %d: between 1 and %d patients in all", o->n_cohorts,
                         o->cohort_size, ONC_DESIGN_MAX_N);
    if (rc == ONC_OK && (o->start_cell < 0 || o->start_cell >= rows * cols))
        rc = onc_err_set(err, ONC_EINVAL, "start combination: not in the %d x %d grid", rows, cols);
    onc_boin_row_t *tab = NULL;
    if (rc == ONC_OK) rc = onc_boin_rows(p, (int)max_n, &tab, err);
    comb_sim_t C = {.p = p, .o = o, .truth = truth, .tab = tab, .rows = rows, .cols = cols, .max_n = (int)max_n};
    if (rc == ONC_OK) rc = score_table(p, (int)max_n, &C.score, err);
    if (rc == ONC_OK)
        rc = design_run_trials(comb_trial, &C, rows * cols, o->n_trials, o->seed, o->threads, true, &out->oc, err);
    if (rc == ONC_OK) {
        design_overdose_defined(&out->oc, truth, rows * cols, p->target);
        comb_summary(out, truth, rows * cols, p->target, false);
    }
    free(C.score);
    free(tab);
    return rc;
}
