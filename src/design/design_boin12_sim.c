/* design_boin12_sim.c: BOIN12's operating characteristics by simulation (design.h; research/
 * dose-finding.md 7).
 *
 * Each patient draws two uniforms from the trial's own stream (design_run.c), toxicity first:
 * a DLT when the first is below the dose's true DLT rate, a response when the second is below its
 * true response rate (outcomes independent given the dose). Cohorts follow BOIN's simulation: the
 * last cohort is not followed by a decision; decisions and the OBD come from design_boin12.c's
 * own step over admissibility tables computed once.
 */
#include "design/design_boin12_int.h"

#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

typedef struct sim12 {
    const boin12_ctx_t *c;
    const onc_boin_sim_opts_t *o;
    const double *tox, *eff;
    int n_doses;
    const onc_boin_row_t *rows;
} sim12_t;

static void treat(const sim12_t *S, gsl_rng *r, onc_boin12_dose_t *x, int d, int m)
{
    for (int k = 0; k < m; k++) {
        bool t = gsl_rng_uniform(r) < S->tox[d], e = gsl_rng_uniform(r) < S->eff[d];
        x->tox += t, x->eff += e, x->both += t && e;
    }
    x->n += m;
}

static void one_trial(const void *ctx, gsl_rng *r, design_tally_t *t)
{
    const sim12_t *S = ctx;
    const onc_boin_sim_opts_t *o = S->o;
    onc_boin12_dose_t doses[ONC_DESIGN_MAX_DOSES] = {{0}};
    int max_n = o->n_cohorts * o->cohort_size, total = 0, d = o->start_dose, elim = -1, cohorts = 0;
    bool stopped = false, toxic = false;
    for (int i = 0; i < o->n_cohorts; i++) {
        int m = total + o->cohort_size > max_n ? max_n - total : o->cohort_size;
        treat(S, r, &doses[d], d, m);
        total += m, cohorts++;
        if (total >= max_n) break;
        onc_boin12_next_t next;
        boin12_step(S->c, doses, S->n_doses, d, elim, &next);
        elim = next.eliminated_from;
        if (next.decision == ONC_BOIN12_STOP_SELECT) break;
        if (next.decision == ONC_BOIN12_STOP_TOXIC || next.decision == ONC_BOIN12_STOP_NONE) {
            stopped = true, toxic = next.decision == ONC_BOIN12_STOP_TOXIC;
            break;
        }
        d = next.next_dose;
    }
    int n[ONC_DESIGN_MAX_DOSES], y[ONC_DESIGN_MAX_DOSES], e[ONC_DESIGN_MAX_DOSES], mtd;
    for (int j = 0; j < S->n_doses; j++) n[j] = doses[j].n, y[j] = doses[j].tox, e[j] = doses[j].eff;
    int obd = stopped ? -1 : boin12_select_rows(S->c, S->rows, doses, S->n_doses, &mtd, NULL);
    design_trial_end_t end = {.n = n, .y = y, .r = e, .mtd = obd, .stopped_toxic = toxic, .cohorts = cohorts};
    design_tally_add(t, &end, S->n_doses, S->tox, S->c->p->phi_t, max_n);
}

/* The admissibility tables for n <= max_n (boin12_ctx_t); NULL when out of memory. */
static unsigned char *tables(boin12_ctx_t *c, int max_n)
{
    size_t w = (size_t)max_n + 1;
    unsigned char *v = calloc(2 * w * w, 1);
    if (!v) return NULL;
    for (int n = 0; n <= max_n; n++)
        for (int k = 0; k <= n; k++) {
            onc_boin12_dose_t d = {.n = n, .tox = k, .eff = k};
            v[(size_t)n * w + (size_t)k] = onc_boin12_pr_toxic(c->p, &d) >= c->p->c_t;
            v[w * w + (size_t)n * w + (size_t)k] = onc_boin12_pr_futile(c->p, &d) >= c->p->c_e;
        }
    c->toxic = v, c->futile = v + w * w, c->max_n = max_n;
    return v;
}

static onc_rc check_sim(const onc_boin12_params_t *p, const double *tox, const double *eff, int n_doses,
                        const onc_boin_sim_opts_t *o, onc_err_t *err)
{
    onc_rc rc = onc_boin12_check(p, err);
    if (rc == ONC_OK) rc = design_check_truth(tox, n_doses, err);
    if (rc != ONC_OK) return rc;
    for (int j = 0; j < n_doses; j++)
        if (!(eff[j] >= 0 && eff[j] <= 1))
            return onc_err_set(err, ONC_EINVAL, "true response rate of dose %d: %g is not in [0, 1]", j + 1, eff[j]);
    if (o->n_cohorts < 1 || o->cohort_size < 1 || (long)o->n_cohorts * o->cohort_size > ONC_DESIGN_MAX_N)
        return onc_err_set(err, ONC_EINVAL, "%d cohorts of %d: between 1 and %d patients in all", o->n_cohorts,
                           o->cohort_size, ONC_DESIGN_MAX_N);
    if (o->start_dose < 0 || o->start_dose >= n_doses)
        return onc_err_set(err, ONC_EINVAL, "start dose %d: no such dose", o->start_dose + 1);
    if (o->titration) return onc_err_set(err, ONC_EINVAL, "BOIN12 has no accelerated titration");
    return ONC_OK;
}

onc_rc onc_boin12_simulate(const onc_boin12_params_t *p, const double *tox, const double *eff, int n_doses,
                           const onc_boin_sim_opts_t *o, onc_design_oc_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = check_sim(p, tox, eff, n_doses, o, err);
    if (rc != ONC_OK) return rc;
    boin12_ctx_t c;
    boin12_ctx_init(&c, p);
    int max_n = o->n_cohorts * o->cohort_size;
    unsigned char *tab = tables(&c, max_n);
    onc_boin_row_t *rows = NULL;
    if (!tab) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) rc = onc_boin_rows(&c.tox, max_n, &rows, err);
    sim12_t S = {.c = &c, .o = o, .tox = tox, .eff = eff, .n_doses = n_doses, .rows = rows};
    if (rc == ONC_OK) rc = design_run_trials(one_trial, &S, n_doses, o->n_trials, o->seed, o->threads, true, out, err);
    if (rc == ONC_OK) design_overdose_defined(out, tox, n_doses, p->phi_t);
    free(rows);
    free(tab);
    return rc;
}
