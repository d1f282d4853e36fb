/* design_crm_int.h: what the CRM's Bayes fit (design_crm.c) shares with its maximum-likelihood
 * fit and two-stage simulation (design_crm_mle.c): the patients' outcomes grouped by dose, and
 * the estimates that follow from bhat. */
#ifndef ONCOBOARD_DESIGN_CRM_INT_H
#define ONCOBOARD_DESIGN_CRM_INT_H

#include "design/design_int.h"

/* The data as the likelihood needs it: per dose the DLTs and the non-DLTs of full weight, and
 * the non-DLT patients of partial weight (TITE-CRM) one by one. */
typedef struct crm_data {
    double coef[ONC_DESIGN_MAX_DOSES]; /* per dose: log alpha (empiric) or logit(alpha) - a0 */
    double start;                      /* where the search for the mode starts (the last estimate) */
    int y[ONC_DESIGN_MAX_DOSES], m[ONC_DESIGN_MAX_DOSES];
    int n_partial;
    int partial_dose[ONC_CRM_MAX_PATIENTS];
    double partial_w[ONC_CRM_MAX_PATIENTS];
} crm_data_t;

/* Empty data with the model's coefficients. */
void crm_prepare(const onc_crm_t *c, crm_data_t *x);
/* Groups the patients' outcomes (weight NULL: all full); ONC_EINVAL naming a bad patient. */
onc_rc crm_gather(const onc_crm_t *c, const int *level, const int *dlt, const double *weight, int n, crm_data_t *x,
                  onc_err_t *err) ONC_MUST_CHECK;
/* ptox, the 90% interval and the recommended dose from out->bhat and out->post_var. */
void crm_fill_fit(const onc_crm_t *c, onc_crm_fit_t *out);
/* The dose whose rate is closest to the target (the lowest on ties). */
int crm_closest(const onc_crm_t *c, const double *ptox);
/* The two-stage CRM (dfcrm's crmsim with x0; design_crm_mle.c): o->initial until the first
 * DLT, then the model by o->method, restricted as onc_crm_simulate. */
onc_rc crm_simulate_two_stage(const onc_crm_t *c, const double *truth, const onc_crm_sim_opts_t *o,
                              onc_design_oc_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* TITE-CRM's simulation (dfcrm's titesim with a start dose; design_crm_tite.c). */
onc_rc crm_simulate_tite(const onc_crm_t *c, const double *truth, const onc_crm_sim_opts_t *o, onc_design_oc_t *out,
                         onc_err_t *err) ONC_MUST_CHECK;

#endif
