/* fhir.h: one patient as a FHIR R4 Bundle (type collection) following mCODE STU4 and the HL7
 * Genomics Reporting IG (STU2, the release mCODE STU4 builds on).
 *
 * onc_fhir_bundle() turns a case (case.h: as loaded from a case file or rebuilt from the
 * registry) into a Bundle of a Patient (mCODE CancerPatient), the primary cancer Condition, the
 * ECOG performance status, the PD-L1 TPS (mCODE TumorMarkerTest), TMB and MSI (Genomics Reporting
 * tmb and msi), one genomics report (DiagnosticReport) per sample with molecular results and a
 * variant Observation per variant, fusion and copy-number call, and a MedicationStatement per
 * agent of each therapy line. Every code, system and profile URL comes from kb/fhir_codes.tsv,
 * where each row names its source; a value without a row is written as text only. Resources are
 * identified by urn:uuid fullUrls, name-based and deterministic (the same case gives the same
 * bundle), and refer to each other by those. docs/fhir.md lists what is mapped and what is not.
 */
#ifndef ONCOBOARD_FHIR_H
#define ONCOBOARD_FHIR_H

#include "oncoboard/case.h"
#include "oncoboard/error.h"

struct onc_oncotree;
struct onc_genes;

/* The code table (kb/fhir_codes.tsv). */
typedef struct onc_fhir_codes onc_fhir_codes_t;

/* Loads kb/fhir_codes.tsv from kb_dir (NULL: $ONCOBOARD_KB, else the built-in copy). NULL with
 * err set on error (a bad row names the file, line and field). Free with onc_fhir_codes_free. */
onc_fhir_codes_t *onc_fhir_codes_load(const char *kb_dir, onc_err_t *err);
void onc_fhir_codes_free(onc_fhir_codes_t *codes); /* accepts NULL */

/* A row of the table: NULL when key is not there. Strings live as long as the table; system and
 * display are NULL when the row leaves them empty. */
typedef struct onc_fhir_code {
    const char *system, *code, *display;
} onc_fhir_code_t;
const onc_fhir_code_t *onc_fhir_code_find(const onc_fhir_codes_t *codes, const char *key);

typedef struct onc_fhir_opts {
    const struct onc_oncotree *oncotree; /* names the tumor type in Condition.code.text; NULL:
                                            the OncoTree code is the text */
    const struct onc_genes *genes;       /* resolves gene aliases before the HGNC lookup (gene.h);
                                            NULL: symbols as written */
} onc_fhir_opts_t;
void onc_fhir_opts_init(onc_fhir_opts_t *o);

/* The bundle of case c as a new JSON text (caller frees), indented, ending with a newline.
 * ONC_OK, ONC_ENOMEM, or ONC_EINVAL for a case without an id. opts may be NULL. */
onc_rc onc_fhir_bundle(const onc_case_t *c, const onc_fhir_codes_t *codes, const onc_fhir_opts_t *opts,
                       char **out, onc_err_t *err) ONC_MUST_CHECK;

/* The urn:uuid of a resource: a name-based UUID (RFC 9562 version 8, the first 128 bits of
 * SHA-256 over "oncoboard-fhir/" patient "/" key, version and variant bits set) as
 * "urn:uuid:" and the usual 8-4-4-4-12 hex digits, the version digit 8 and the variant bits 10,
 * into out (46 bytes). Returns out. */
char *onc_fhir_urn(const char *patient, const char *key, char out[46]);

#endif
