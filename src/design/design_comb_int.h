/* design_comb_int.h: what BOIN-comb (design_comb.c) shares with the waterfall design
 * (design_waterfall.c): the counts check, the elimination recomputed from the data, the
 * bivariate isotonic estimates of select.mtd.comb and the summary of simulated trials. */
#ifndef ONCOBOARD_DESIGN_COMB_INT_H
#define ONCOBOARD_DESIGN_COMB_INT_H

#include "design/design_int.h"

/* Shape and counts (0 <= y <= n <= ONC_DESIGN_MAX_N per cell). */
onc_rc comb_check_counts(const int *n, const int *y, int rows, int cols, onc_err_t *err) ONC_MUST_CHECK;

/* Marks cell and every cell above it and to its right (a row and column at least its own). */
void comb_eliminate_above(bool *elim, int rows, int cols, int cell);

/* The elimination the final data imply (select.mtd.comb): every cell with y >= its elimination
 * boundary and those above it; with extrasafe, every cell when (1,1) reaches the stop boundary.
 * rows_tab[k] the BOIN table at k patients. */
void comb_final_elimination(const onc_boin_params_t *p, const onc_boin_row_t *rows_tab, const int *n, const int *y,
                            int rows, int cols, bool *elim);

/* The single MTD (-1 none) and the contour (col[i], -1 none) over a precomputed table; est
 * (may be NULL) the isotonic estimates, NaN where untreated. */
int comb_select_rows(const onc_boin_params_t *p, const onc_boin_row_t *rows_tab, const int *n, const int *y, int rows,
                     int cols, double *est);
void comb_contour_rows(const onc_boin_params_t *p, const onc_boin_row_t *rows_tab, const int *n, const int *y,
                       int rows, int cols, int *col, double *est);

/* The BOIN table up to the largest count in n (free()). */
onc_rc comb_table_for(const onc_boin_params_t *p, const int *n, int cells, onc_boin_row_t **out,
                      onc_err_t *err) ONC_MUST_CHECK;

/* The checks of a next-cohort question (parameters, counts, a treated current cell) and the
 * BOIN table up to the largest count (*tab, free()). */
onc_rc comb_check_next(const onc_boin_params_t *p, const int *n, const int *y, int rows, int cols, int current,
                       onc_boin_row_t **tab, onc_err_t *err) ONC_MUST_CHECK;

/* Fills what an onc_comb_oc_t adds to the per-cell summary: patients at, above and below the
 * target and, for BOIN-comb (contour false), the % of trials selecting a cell at the target. */
void comb_summary(onc_comb_oc_t *out, const double *truth, int cells, double target, bool contour);

/* Checks a simulation's truth grid and common options. */
onc_rc comb_check_sim(const onc_boin_params_t *p, const double *truth, int rows, int cols, int cohort_size,
                      long n_trials, onc_err_t *err) ONC_MUST_CHECK;

#endif
