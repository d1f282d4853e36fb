/* design_sim.c: BOIN's operating characteristics by simulation (design.h; research/
 * dose-finding.md 1.3, the R package's get.oc).
 *
 * A patient at dose j has a DLT when their uniform (from the trial's own stream, design_run.c)
 * is below truth[j]. Decisions and the final MTD use design_boin.c's own code over a table
 * computed once, or another design's table of the same shape (Keyboard's).
 */
#include "design/design_int.h"

#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

typedef struct sim {
    const onc_boin_params_t *p;
    const onc_boin_sim_opts_t *o;
    const double *truth;
    int n_doses;
    const onc_boin_row_t *rows; /* up to the maximum sample size */
    design_select_fn select;    /* the MTD by another design's rule (NULL: BOIN's) */
    const void *select_ctx;
} sim_t;

/* Accelerated titration (research 1.3): one latent outcome per dose; the first dose with a DLT
 * is where the trial starts, every dose up to it having treated one patient. Returns the dose. */
static int titrate(const sim_t *S, gsl_rng *r, int *n, int *y)
{
    for (int j = 0; j < S->n_doses; j++) {
        n[j] = 1;
        if (gsl_rng_uniform(r) < S->truth[j]) {
            y[j] = 1;
            for (int k = j + 1; k < S->n_doses; k++) n[k] = 0;
            return j;
        }
    }
    return S->n_doses - 1;
}

static void one_trial(const void *ctx, gsl_rng *r, design_tally_t *t)
{
    const sim_t *S = ctx;
    const onc_boin_sim_opts_t *o = S->o;
    int n[ONC_DESIGN_MAX_DOSES] = {0}, y[ONC_DESIGN_MAX_DOSES] = {0};
    int max_n = o->n_cohorts * o->cohort_size, total = 0, d = o->start_dose, elim = -1;
    bool toxic = false;
    if (o->titration && o->cohort_size > 1) {
        d = titrate(S, r, n, y);
        for (int j = 0; j < S->n_doses; j++) total += n[j];
    }
    int cohorts = 0;
    for (int i = 0; i < o->n_cohorts; i++) {
        int m = i == 0 && o->titration && o->cohort_size > 1 ? o->cohort_size - 1 : o->cohort_size;
        if (total + m > max_n) m = max_n - total;
        for (int k = 0; k < m; k++) y[d] += gsl_rng_uniform(r) < S->truth[d];
        n[d] += m;
        total += m, cohorts++;
        if (total >= max_n) break; /* the last patients: no decision after them */
        onc_boin_next_t next;
        boin_step(S->p, &S->rows[n[d]], y[d], S->n_doses, d, elim, &next);
        elim = next.eliminated_from;
        if (next.decision == ONC_BOIN_STOP_TOXIC) toxic = true;
        if (next.decision == ONC_BOIN_STOP_TOXIC || next.decision == ONC_BOIN_STOP_SELECT) break;
        d = next.next_dose;
    }
    int mtd = toxic ? -1
              : S->select ? S->select(S->select_ctx, n, y, S->n_doses)
                          : boin_select_rows(S->p, S->rows, n, y, S->n_doses, NULL);
    design_trial_end_t e = {.n = n, .y = y, .mtd = mtd,
                            .stopped_toxic = toxic, .cohorts = cohorts};
    design_tally_add(t, &e, S->n_doses, S->truth, S->p->target, max_n);
}

static onc_rc check_sim(const onc_boin_params_t *p, const double *truth, int n_doses, const onc_boin_sim_opts_t *o,
                        onc_err_t *err)
{
    onc_rc rc = onc_boin_check(p, err);
    if (rc == ONC_OK) rc = design_check_truth(truth, n_doses, err);
    if (rc != ONC_OK) return rc;
    if (o->n_cohorts < 1 || o->cohort_size < 1 || (long)o->n_cohorts * o->cohort_size > ONC_DESIGN_MAX_N)
        return onc_err_set(err, ONC_EINVAL, "%d cohorts of %d: between 1 and %d patients in all", o->n_cohorts,
                           o->cohort_size, ONC_DESIGN_MAX_N);
    if (o->start_dose < 0 || o->start_dose >= n_doses)
        return onc_err_set(err, ONC_EINVAL, "start dose %d: no such dose", o->start_dose + 1);
    return ONC_OK;
}

onc_rc design_simulate_rows(const onc_boin_params_t *p, const onc_boin_row_t *rows, const double *truth, int n_doses,
                            const onc_boin_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err)
{
    return design_simulate_rows_select(p, rows, NULL, NULL, truth, n_doses, o, out, err);
}

onc_rc design_simulate_rows_select(const onc_boin_params_t *p, const onc_boin_row_t *rows, design_select_fn select,
                                   const void *select_ctx, const double *truth, int n_doses,
                                   const onc_boin_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = check_sim(p, truth, n_doses, o, err);
    if (rc != ONC_OK) return rc;
    sim_t S = {.p = p, .o = o, .truth = truth, .n_doses = n_doses, .rows = rows, .select = select,
               .select_ctx = select_ctx};
    rc = design_run_trials(one_trial, &S, n_doses, o->n_trials, o->seed, o->threads, true, out, err);
    if (rc == ONC_OK) design_overdose_defined(out, truth, n_doses, p->target);
    return rc;
}

onc_rc onc_boin_simulate(const onc_boin_params_t *p, const double *truth, int n_doses, const onc_boin_sim_opts_t *o,
                         onc_design_oc_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = check_sim(p, truth, n_doses, o, err);
    onc_boin_row_t *rows = NULL;
    if (rc == ONC_OK) rc = onc_boin_rows(p, o->n_cohorts * o->cohort_size, &rows, err);
    if (rc == ONC_OK) rc = design_simulate_rows(p, rows, truth, n_doses, o, out, err);
    free(rows);
    return rc;
}
