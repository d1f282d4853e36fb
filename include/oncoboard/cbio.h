/* cbio.h: reading a cBioPortal study folder (cBioPortal's documented file formats).
 *
 * Two parts, usable apart:
 *   - the clinical tables (onc_cbio_clinical_read): data_clinical_patient.txt and
 *     data_clinical_sample.txt, with or without their four '#' header lines (display names,
 *     descriptions, datatypes, priorities), every column kept as an attribute by name
 *     (attributes.h), samples joined to their patients, and the survival endpoints cBioPortal
 *     names X_MONTHS / X_STATUS. The statistics on cohorts read this part alone;
 *   - the whole study (onc_cbio_study_read): meta_study.txt, the clinical tables, and the
 *     genomic files found through the meta_*.txt files' data_filename (else the usual names):
 *     the MAF (data_mutations*.txt), the discrete CNA matrix (data_CNA.txt / data_cna.txt), the
 *     structural variants (data_sv.txt) and the deprecated fusion file (data_fusions.txt), the
 *     gene panel matrix and gene panel files; each patient becomes a case (case.h) with the
 *     attributes the case model holds mapped (docs/registry.md lists the mapping) and the
 *     normalised alterations of each sample as typed entries, read with the same readers as
 *     `oncoboard profile`.
 *
 * Validation lists every problem, not only the first: a reader returns ONC_EPARSE (or
 * ONC_ENOTFOUND for a missing required file) with *out still set, and out->errors holds each
 * message as "file:line: field NAME: ..." (up to ONC_CBIO_MAX_ERRORS, then one line saying how
 * many more). ONC_ENOMEM and argument errors leave *out NULL with err set.
 */
#ifndef ONCOBOARD_CBIO_H
#define ONCOBOARD_CBIO_H

#include "oncoboard/attributes.h"
#include "oncoboard/case.h"
#include "oncoboard/error.h"

#include <stddef.h>
#include <stdint.h>

#define ONC_CBIO_MAX_ERRORS 200          /* messages kept; the rest are counted */
#define ONC_CBIO_MAX_COLUMNS 4096        /* columns of a clinical file */
#define ONC_CBIO_MAX_ROWS ((size_t)1000000) /* rows of a clinical file */
#define ONC_CBIO_MAX_CELL 65536          /* bytes of one clinical value */

/* ---- the clinical tables ---- */

typedef struct onc_cbio_clinical {
    onc_attr_def_t *defs;          /* the patient file's columns, then the sample file's, in file
                                      order (PATIENT_ID and SAMPLE_ID included) */
    size_t n_defs;
    onc_attr_patient_t *patients;  /* in patient-file order, then patients named only in the sample
                                      file (when there is no patient file); samples joined */
    size_t n_patients;
    const char *patient_file, *sample_file; /* as opened; patient_file NULL when absent */
    uint64_t *patient_lines;       /* per patient, its line in the patient file (0: none) */
    uint64_t **sample_lines;       /* per patient, per sample, its line in the sample file */
    const char **errors;
    size_t n_errors;
    size_t n_errors_dropped;       /* errors beyond ONC_CBIO_MAX_ERRORS */
    const char **warnings;
    size_t n_warnings;
    struct onc_arena *arena;       /* owns everything above */
} onc_cbio_clinical_t;

/* Reads the clinical files: sample_path is required, patient_path may be NULL (cBioPortal makes
 * the patient file optional). Every problem is listed (see above): a column whose datatype line
 * says NUMBER with a value that is not a number, a duplicate PATIENT_ID or SAMPLE_ID, a sample
 * whose PATIENT_ID is not in the patient file, a survival status without its 0:/1: prefix, a
 * row with more cells than the header. Missing values ("", NA, N/A, [Not Available] and
 * cBioPortal's other bracketed markers) are left out. */
onc_rc onc_cbio_clinical_read(const char *patient_path, const char *sample_path, onc_cbio_clinical_t **out,
                              onc_err_t *err) ONC_MUST_CHECK;
void onc_cbio_clinical_free(onc_cbio_clinical_t *c); /* accepts NULL */

/* Index of the patient (patients[i]); n_patients when absent. */
size_t onc_cbio_patient_index(const onc_cbio_clinical_t *c, const char *patient_id);

/* A cBioPortal survival status: "1:DECEASED" -> TRUE (event), "0:LIVING" -> FALSE (censored),
 * the number before the colon; -1 for text without a 0:/1: prefix. */
int onc_cbio_status_event(const char *status, onc_tri *event);
/* 1 when s is one of cBioPortal's missing-value markers ("", NA, N/A, [Not Available], ...). */
int onc_cbio_is_missing(const char *s);

/* ---- the whole study ---- */

typedef struct onc_cbio_opts {
    const char *kb_dir;            /* gene tables for the readers [NULL: built in] */
    int clinical_only;             /* 1: find and read the clinical tables only (no cases, no
                                      genomic files), e.g. for statistics on a cohort [0] */
} onc_cbio_opts_t;
void onc_cbio_opts_init(onc_cbio_opts_t *o);

/* What the genomic files held (rows read, alterations kept). */
typedef struct onc_cbio_counts {
    size_t mutations, cna_calls, structural_variants, fusions;
    size_t panels, panel_genes;
} onc_cbio_counts_t;

typedef struct onc_cbio_study {
    onc_study_info_t info;         /* from meta_study.txt; source = the folder as given */
    onc_cbio_clinical_t *clinical;
    onc_case_t **cases;            /* one per clinical->patients[i], same order; owned by the study:
                                      a caller may take one (and set its slot to NULL) */
    size_t n_cases;
    onc_cbio_counts_t counts;
    const char *files[8];          /* the data files read (NULL-terminated), as opened */
    const char **errors;           /* the clinical tables' and the genomic files' problems */
    size_t n_errors;
    size_t n_errors_dropped;
    const char **warnings;
    size_t n_warnings;
    struct onc_arena *arena;
} onc_cbio_study_t;

/* Reads the study folder dir. ONC_OK; ONC_EPARSE / ONC_ENOTFOUND with *out set and its errors
 * listed; ONC_ENOMEM / ONC_EINVAL / ONC_EIO (dir unreadable) with *out NULL and err set. */
onc_rc onc_cbio_study_read(const char *dir, const onc_cbio_opts_t *opts, onc_cbio_study_t **out, onc_err_t *err)
    ONC_MUST_CHECK;
void onc_cbio_study_free(onc_cbio_study_t *s); /* accepts NULL; frees the cases still held */

#endif
