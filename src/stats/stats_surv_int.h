/* stats_surv_int.h: what the survival files share: the selection of complete rows, one sort of
 * them by stratum and time, and small numeric helpers. */
#ifndef ONCOBOARD_STATS_SURV_INT_H
#define ONCOBOARD_STATS_SURV_INT_H

#include "oncoboard/stats_surv.h"

#include <stdint.h>

/* The complete rows (finite time, status 0/1, group and strata codes >= 0, finite covariates),
 * sorted by stratum then time ascending (ties in input order): order[0..*m). A negative time is
 * ONC_EINVAL naming the row. group, strata and x may be NULL. order is malloc'd (n entries). */
onc_rc surv_select_sorted(const double *time, const int *status, const int *group, const int *strata,
                          const double *x, size_t p, size_t n, size_t **order, size_t *m,
                          onc_err_t *err) ONC_MUST_CHECK;

/* Stable sort of idx[0..m) by key[idx[i]] ascending (keys >= 0 or any finite doubles): an LSD radix
 * sort, O(m). tmp has m entries of room. */
onc_rc surv_radix_sort(const double *key, size_t *idx, size_t m, onc_err_t *err) ONC_MUST_CHECK;

/* Turns GSL's aborting error handler off, once for the process (before any GSL linear algebra). */
void surv_gsl_quiet(void);
/* The upper tail of the chi-square distribution (GSL), 1 when df <= 0 or stat is NaN. */
double surv_chisq_p(double stat, double df);
/* The two-sided normal p-value of z and the normal quantile z_{1-(1-level)/2}. */
double surv_norm_p2(double z);
double surv_norm_z(double conf_level);
/* x' A^-1 x for the symmetric positive-definite A (q x q, overwritten); NaN when it is not. */
double surv_quad_inverse(double *a, const double *x, size_t q);

#endif
