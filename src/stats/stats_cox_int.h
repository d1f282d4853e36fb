/* stats_cox_int.h: the Cox model's working data, shared by the fit (stats_cox.c) and the
 * proportional-hazards test (stats_cox_zph.c). */
#ifndef ONCOBOARD_STATS_COX_INT_H
#define ONCOBOARD_STATS_COX_INT_H

#include "stats_surv_int.h"

/* The complete rows sorted by stratum and time: x centred on the column means and scaled by
 * scale (as coxfit6), first[i] set where a stratum starts; row[i] the input row. zero_one[j]
 * marks a column whose values are all -1, 0 or 1, which coxph (nocenter = c(-1, 0, 1)) neither
 * centres nor scales: its singularity tests are made in those units. */
typedef struct cox_data {
    size_t n, p, n_events;
    double *time;
    int *status;
    unsigned char *first, *zero_one;
    double *x, *scale, *mean;
    size_t *row;
} cox_data_t;

onc_rc cox_data_build(const double *time, const int *status, const double *x, size_t n, size_t p, const int *strata,
                      cox_data_t *d, onc_err_t *err) ONC_MUST_CHECK;
void cox_data_free(cox_data_t *d);

/* The log partial likelihood, its score u (q) and information imat (q x q) at beta (q), over
 * the columns j with use[j] (all when use is NULL), q their number. With g (the transformed
 * time of each sorted row) u and imat are those of the 2q columns x and x g(t) at (beta, 0), the
 * score test of cox.zph. */
onc_rc cox_iterate(const cox_data_t *d, const bool *use, const double *beta, onc_ties ties, const double *g,
                   double *loglik, double *u, double *imat, onc_err_t *err) ONC_MUST_CHECK;

/* Harrell's concordance of lp (one value per sorted row of d) as coxph reports it, and its
 * standard error as survival's concordancefit computes it (the infinitesimal jackknife). */
onc_rc cox_concordance(const cox_data_t *d, const double *lp, double *c, double *se, onc_err_t *err) ONC_MUST_CHECK;

#endif
