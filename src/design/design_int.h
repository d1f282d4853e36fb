/* design_int.h: what the BOIN functions (design_boin.c) share with the simulation
 * (design_sim.c): one step of the trial and the MTD over a precomputed decision table, so that a
 * simulated trial decides by the same code as `design boin next` and `select` without computing
 * beta probabilities again. */
#ifndef ONCOBOARD_DESIGN_INT_H
#define ONCOBOARD_DESIGN_INT_H

#include "oncoboard/design.h"

/* The decision after the cohort at dose d (research 1.3 steps 2-4): r is the table row at the
 * dose's patient count, y its DLTs, elim the lowest dose eliminated so far (-1: none). */
void boin_step(const onc_boin_params_t *p, const onc_boin_row_t *r, int y, int n_doses, int d, int elim,
               onc_boin_next_t *out);

/* The MTD (-1: none) with rows[k] the table at k patients for every k up to the largest n[j];
 * estimates as onc_boin_select (may be NULL). */
int boin_select_rows(const onc_boin_params_t *p, const onc_boin_row_t *rows, const int *n, const int *y, int n_doses,
                     double *estimates);

/* Checks true DLT rates: 1 to ONC_DESIGN_MAX_DOSES of them, each in [0, 1]. */
onc_rc design_check_truth(const double *truth, int n_doses, onc_err_t *err) ONC_MUST_CHECK;

/* The seed of simulated trial t's own random stream (splitmix64 of seed and t). */
uint64_t design_trial_seed(uint64_t seed, uint64_t t);

#endif
