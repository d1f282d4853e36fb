/* stats_cohort.h: statistics on a cBioPortal study (docs/stats.md, "Cohorts").
 *
 * Three pieces, each usable alone:
 *   - the clinical tables as one cohort table (onc_frame_from_cbio): the patient and sample files
 *     joined, one row per patient or per sample, so that every `stats` analysis reads a study as
 *     it reads a TSV;
 *   - the gene x sample alteration matrix (onc_altmatrix_build) from the cases that
 *     onc_cbio_study_read gives: per sample and gene, altered (a non-silent mutation, an
 *     amplification or deep deletion, a structural variant or fusion), not altered, or not
 *     profiled (the gene is not on the sample's panel: missing, never wild type); optionally only
 *     the alterations the knowledge base calls oncogenic or likely oncogenic;
 *   - the screen (onc_screen_run): for each gene altered in at least min_freq percent of the rows
 *     where it was profiled, its association with response (Fisher's exact test, conditional-MLE
 *     odds ratio as R's fisher.test), PFS and OS (log-rank with the Mantel-Haenszel hazard ratio
 *     exp((O-E)/V) as survdiff, or Cox with covariates as coxph), each endpoint's p-values adjusted
 *     for the genes tested (Benjamini-Hochberg by default, as p.adjust).
 * The functions never print; results are owned by the caller and freed by the matching *_free.
 */
#ifndef ONCOBOARD_STATS_COHORT_H
#define ONCOBOARD_STATS_COHORT_H

#include "oncoboard/cbio.h"
#include "oncoboard/error.h"
#include "oncoboard/frame.h"
#include "oncoboard/stats_assoc.h"
#include "oncoboard/stats_surv.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct onc_kb;

/* ---------------------------------------------------------------- clinical tables as a frame */

/* The clinical tables of c as a cohort table named name (for messages): the columns PATIENT_ID,
 * SAMPLE_ID, then every other patient attribute and every other sample attribute by its id, in
 * file order (a sample attribute with the id of a patient attribute is left out). per_sample:
 * one row per sample; else one row per patient, with the sample attributes of its first sample
 * in the sample file (SAMPLE_ID that sample's; every sample is listed in the column SAMPLE_IDS,
 * comma-separated). Missing values are missing cells. Survival statuses stay as written
 * ("1:DECEASED"): onc_surv_event_column reads them as events. */
onc_rc onc_frame_from_cbio(const onc_cbio_clinical_t *c, bool per_sample, const char *name, onc_frame_t **out,
                           onc_err_t *err) ONC_MUST_CHECK;

/* One row per patient as above, its sample attributes those of the first of its samples whose
 * row of the per-sample table (patient attributes included) passes every condition (frame.h's
 * onc_frame_cond_t; `--sample-where`). With conditions, a patient without such a sample is left
 * out; without, this is onc_frame_from_cbio's per-patient table. pick counts the patients with
 * several candidate samples (the first was taken) and those left out. */
typedef struct onc_cbio_pick {
    size_t n_several; /* patients with more than one candidate sample */
    size_t n_none;    /* patients left out: no sample passes the conditions */
} onc_cbio_pick_t;
onc_rc onc_frame_from_cbio_pick(const onc_cbio_clinical_t *c, const onc_frame_cond_t *conds, size_t n_conds,
                                const char *name, onc_frame_t **out, onc_cbio_pick_t *pick,
                                onc_err_t *err) ONC_MUST_CHECK;

/* ---------------------------------------------------------------- alteration matrix */

/* What made a cell altered (bits), ONC_ALTM_* */
#define ONC_ALTM_MUTATION 1u
#define ONC_ALTM_AMPLIFICATION 2u
#define ONC_ALTM_DELETION 4u /* deep (homozygous) deletion */
#define ONC_ALTM_SV 8u       /* structural variant or fusion (either partner) */
#define ONC_ALTM_ALL 15u

/* Cell values */
#define ONC_ALTM_NOT_PROFILED ((int8_t)-1)
#define ONC_ALTM_WILDTYPE ((int8_t)0)
#define ONC_ALTM_ALTERED ((int8_t)1)

typedef struct onc_altmatrix_opts {
    unsigned types;          /* ONC_ALTM_* counted [ONC_ALTM_ALL] */
    bool oncogenic;          /* only Oncogenic / Likely Oncogenic alterations (kb required) [false] */
    const struct onc_kb *kb; /* for oncogenic */
    const char *tumor_type;  /* OncoTree code for the knowledge base [NULL: any] */
} onc_altmatrix_opts_t;
void onc_altmatrix_opts_init(onc_altmatrix_opts_t *o);

/* genes: every gene altered in at least one sample, sorted bytewise. samples: every sample of
 * the study in clinical order (patients in order, their samples in order), with its patient.
 * cell[g * n_samples + s]: ONC_ALTM_ALTERED, ONC_ALTM_WILDTYPE, or ONC_ALTM_NOT_PROFILED when the
 * sample has no molecular results or its panel (the gene panel matrix) leaves the gene out for
 * every counted type; kinds[g * n_samples + s] the ONC_ALTM_* bits that made it altered. A
 * sample whose panel's gene list is unknown counts as profiled for every gene. */
typedef struct onc_altmatrix {
    size_t n_genes, n_samples;
    char **genes;
    const char **samples;   /* SAMPLE_ID, pointing into the study (valid while it lives) */
    const char **patients;  /* the sample's PATIENT_ID, likewise */
    size_t *patient_index;  /* the sample's index in study->clinical->patients */
    int8_t *cell;
    uint8_t *kinds;
    size_t n_silent;        /* mutations left out as silent (synonymous, intronic, UTR, flank) */
    size_t n_not_oncogenic; /* alterations left out by the knowledge base (oncogenic only) */
} onc_altmatrix_t;

/* Builds the matrix of study s (read with onc_cbio_study_read, not clinical_only). o may be NULL
 * (defaults). ONC_EINVAL for oncogenic without a kb. */
onc_rc onc_altmatrix_build(const onc_cbio_study_t *s, const onc_altmatrix_opts_t *o, onc_altmatrix_t *out,
                           onc_err_t *err) ONC_MUST_CHECK;
void onc_altmatrix_free(onc_altmatrix_t *m); /* accepts NULL and zeroed structs */
/* The index of gene, or n_genes when absent. */
size_t onc_altmatrix_gene(const onc_altmatrix_t *m, const char *gene);
/* The index of sample_id, or n_samples when absent. */
size_t onc_altmatrix_sample(const onc_altmatrix_t *m, const char *sample_id);

/* The matrix over the rows of a cohort table: ids[i] names row i (a SAMPLE_ID when by_sample,
 * else a PATIENT_ID; NULL or unknown: not profiled). By patient, a patient is altered when any
 * of its samples is, wild type when some sample was profiled and none is altered, else not
 * profiled. *out (n_genes x n, gene-major) is allocated; free it with free(). */
onc_rc onc_altmatrix_rows(const onc_altmatrix_t *m, const char *const *ids, size_t n, bool by_sample, int8_t **out,
                          onc_err_t *err) ONC_MUST_CHECK;

/* ---------------------------------------------------------------- screen */

typedef struct onc_screen_input {
    size_t n;                      /* rows (patients or samples) */
    size_t n_genes;
    const char *const *genes;
    const int8_t *altered;         /* n_genes x n, gene-major (onc_altmatrix_rows) */
    const int *response;           /* n: 1 responder, 0 not, -1 missing; NULL: no response test */
    const double *pfs_time;        /* n, NaN missing; NULL: no PFS test */
    const int *pfs_status;         /* 1 event, 0 censored, -1 missing */
    const double *os_time;         /* NULL: no OS test */
    const int *os_status;
    const double *covariates;      /* n x p row-major (onc_design_t's x), NaN missing; NULL: log-rank */
    size_t p;
    const char *const *covariate_names;
} onc_screen_input_t;

typedef struct onc_screen_opts {
    double min_freq;               /* percent of the profiled rows altered [5] */
    size_t min_altered;            /* and at least this many rows altered [1] */
    onc_padjust_method adjust;     /* [BH] */
    double conf_level;             /* [0.95] */
    onc_cox_opts_t cox;            /* with covariates */
} onc_screen_opts_t;
void onc_screen_opts_init(onc_screen_opts_t *o);

typedef enum onc_screen_endpoint { ONC_SCREEN_RESPONSE = 0, ONC_SCREEN_PFS, ONC_SCREEN_OS, ONC_SCREEN_N } onc_screen_endpoint;
/* "response", "pfs", "os" */
const char *onc_screen_endpoint_name(onc_screen_endpoint e);

/* One gene and one endpoint. Response: table {{altered responders, altered non-responders},
 * {wild-type responders, wild-type non-responders}}, est the conditional-MLE odds ratio (altered
 * against wild type), or_sample the cross-product one. Survival: est the hazard ratio of altered
 * against wild type (Mantel-Haenszel exp((O-E)/V), or the Cox coefficient's exp with
 * covariates), events_* the events of each group. tested false (and NaN numbers) when the test
 * could not be made (no altered or no wild-type row with the endpoint, no event); why says so. */
typedef struct onc_screen_test {
    bool tested;
    size_t n, n_altered;           /* rows with the endpoint and the gene profiled */
    int64_t table[4];              /* response only */
    size_t events_altered, events_wildtype;
    double est, lower, upper, p, q;
    double or_sample;              /* response only */
    const char *why;               /* static text when !tested, else NULL */
} onc_screen_test_t;

typedef struct onc_screen_row {
    const char *gene;              /* points into the input's genes */
    size_t n_profiled, n_altered;
    double freq;                   /* percent altered of the profiled rows */
    onc_screen_test_t test[ONC_SCREEN_N];
} onc_screen_row_t;

typedef struct onc_screen {
    size_t n_rows;                 /* genes at or above min_freq */
    onc_screen_row_t *rows;        /* sorted by the p of the first endpoint given (response, then
                                      PFS, then OS), untested last, then by gene */
    size_t n_genes_in;             /* genes in the input */
    bool has[ONC_SCREEN_N];        /* the endpoints given */
    bool cox;                      /* survival by Cox with covariates */
} onc_screen_t;

onc_rc onc_screen_run(const onc_screen_input_t *in, const onc_screen_opts_t *o, onc_screen_t *out,
                      onc_err_t *err) ONC_MUST_CHECK;
void onc_screen_free(onc_screen_t *s); /* accepts NULL and zeroed structs */

#endif
