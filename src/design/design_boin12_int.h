/* design_boin12_int.h: what BOIN12's decisions (design_boin12.c) share with its simulation
 * (design_boin12_sim.c): one step of the trial and the OBD over a context that may carry
 * precomputed admissibility tables, so that a simulated trial decides by the same code as
 * `design boin12 next` and `select` without computing integer beta probabilities again. */
#ifndef ONCOBOARD_DESIGN_BOIN12_INT_H
#define ONCOBOARD_DESIGN_BOIN12_INT_H

#include "design/design_int.h"

typedef struct boin12_ctx {
    const onc_boin12_params_t *p;
    onc_boin_params_t tox;  /* BOIN at the toxicity target, cut-off c_t: boundaries and the MTD */
    double le, ld, ub;      /* lambda_e, lambda_d, the benchmark utility */
    /* Optional tables, [n * (max_n + 1) + count] for n <= max_n: 1 when Pr(pT > phi_t) >= c_t
     * (toxic, indexed by DLTs) or Pr(pE < phi_e) >= c_e (futile, indexed by responses). */
    const unsigned char *toxic, *futile;
    int max_n;
} boin12_ctx_t;

void boin12_ctx_init(boin12_ctx_t *c, const onc_boin12_params_t *p); /* no tables */
void boin12_tox_params(const onc_boin12_params_t *p, onc_boin_params_t *out);
double boin12_desirability_at(const onc_boin12_params_t *p, double ub, const onc_boin12_dose_t *d);

/* The decision after the cohort at dose d (treated), elim the lowest dose eliminated so far. */
void boin12_step(const boin12_ctx_t *c, const onc_boin12_dose_t *doses, int n_doses, int d, int elim,
                 onc_boin12_next_t *out);

/* The OBD (-1: none), *mtd BOIN's MTD over the toxicity data; rows[k] BOIN's table at k patients
 * for k up to the largest n; tox_isotonic as onc_boin_select's estimates (may be NULL). */
int boin12_select_rows(const boin12_ctx_t *c, const onc_boin_row_t *rows, const onc_boin12_dose_t *doses, int n_doses,
                       int *mtd, double *tox_isotonic);

#endif
