/* classify_int.h: what the classifier's files share: growing arrays and warnings kept in the
 * classification, and the steps onc_classify() runs in order (classify_main.c). */
#ifndef ONCOBOARD_CLASSIFY_INT_H
#define ONCOBOARD_CLASSIFY_INT_H

#include "oncoboard/classify.h"

#define CLASSIFY_MAX_ALTS 20000   /* distinct alterations of one case; more is ONC_ELIMIT */
#define CLASSIFY_MAX_WARNINGS 200 /* then one "... more" line */

/* Appends a formatted warning; 0, or -1 when out of memory. */
int cl_warn(onc_classification_t *cl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends p to the array *arr of *n pointers; 0, or -1 when out of memory. */
int cl_push(void *arr, size_t *n, const void *p);
/* True when a case sample is plasma (sample type or the molecular specimen). */
int cl_sample_is_plasma(const onc_sample_t *s);
/* Index of the sample named id in c, or c->n_samples. */
size_t cl_sample_index(const onc_case_t *c, const char *id);
/* "EGFR L858R", "EML4-ALK Fusion", "MET Amplification"; caller frees. */
char *cl_alt_label(const onc_class_alt_t *a);
/* True when some therapy of the case lists agent. */
int cl_agent_received(const onc_case_t *c, const char *agent);

/* The first group (tie-break order) a rule of which matches a with a test that finds a's kind. */
const onc_kb_group_t *cl_group_of(const onc_kb_t *kb, const onc_alt_t *a);

struct onc_tmb_acc;
/* TMB from the lab files of one sample (the latest tissue sample whose assay gives size_mb and
 * that references files): the sample chosen, an accumulator, and the count once read. */
typedef struct cl_tmb {
    size_t sample;                  /* c->n_samples: none */
    struct onc_tmb_acc *acc;
} cl_tmb_t;
onc_rc cl_tmb_start(cl_tmb_t *t, const onc_case_t *c, onc_err_t *err);
onc_rc cl_tmb_add(cl_tmb_t *t, const onc_case_t *c, const onc_alt_t *a, onc_err_t *err);
/* Fills the immuno fields of the count (tmb_* with source "files"); frees the accumulator. */
onc_rc cl_tmb_finish(cl_tmb_t *t, onc_classification_t *cl, const onc_case_t *c, onc_err_t *err);

/* The steps, each on the classification as built so far. ONC_OK or an error in err. */
onc_rc cl_groups(onc_classification_t *cl, const onc_case_t *c, const onc_kb_t *kb, onc_err_t *err);
onc_rc cl_resistance(onc_classification_t *cl, const onc_case_t *c, onc_err_t *err);
onc_rc cl_compare(onc_classification_t *cl, const onc_case_t *c, onc_err_t *err);
onc_rc cl_germline(onc_classification_t *cl, const onc_kb_t *kb, onc_err_t *err);
onc_rc cl_immuno(onc_classification_t *cl, const onc_case_t *c, const onc_kb_t *kb, onc_err_t *err);

#endif
