/* report_fhir_int.h: what the FHIR bundle's files share (report_fhir.c builds the bundle, the
 * patient, condition and medications; report_fhir_obs.c the observations and genomics reports).
 *
 * The bundle is built as a jansson tree in the order FHIR's JSON examples use (resourceType, id,
 * meta, extension, identifier, status, category, code, subject, effective, value, ...): jansson
 * keeps insertion order, so the text reads like the specification's. A jansson allocation that
 * fails (out of memory, or a string that is not UTF-8) sets ctx->oom; the bundle is then refused as
 * a whole, never written with a part missing.
 */
#ifndef ONCOBOARD_REPORT_FHIR_INT_H
#define ONCOBOARD_REPORT_FHIR_INT_H

#include "oncoboard/fhir.h"

#include <jansson.h>

typedef struct fhir_ctx {
    const onc_case_t *c;
    const onc_fhir_codes_t *codes;
    const onc_fhir_opts_t *opts;
    json_t *entries;         /* Bundle.entry */
    char patient_urn[46];
    int oom;
} fhir_ctx_t;

/* Constructors that record a failed allocation in ctx->oom (NULL in, NULL out for strings). */
json_t *fx_str(fhir_ctx_t *x, const char *s);
json_t *fx_obj(fhir_ctx_t *x);
json_t *fx_arr(fhir_ctx_t *x);
json_t *fx_num(fhir_ctx_t *x, double v);
json_t *fx_int(fhir_ctx_t *x, long long v);
/* A string formatted to whatever length it needs (notes built from the case's own strings). */
json_t *fx_textf(fhir_ctx_t *x, const char *fmt, ...) ONC_PRINTF(2, 3);
/* obj[key] = v (taking v); a NULL v means "absent" and sets nothing. */
void fx_put(fhir_ctx_t *x, json_t *obj, const char *key, json_t *v);
/* Appends v to arr (taking v); NULL is skipped. */
void fx_push(fhir_ctx_t *x, json_t *arr, json_t *v);
/* [v] when v is not NULL, else NULL. */
json_t *fx_list1(fhir_ctx_t *x, json_t *v);

/* The Coding of table row key, or NULL when the table has no such row. */
json_t *fx_coding(fhir_ctx_t *x, const char *key);
/* A CodeableConcept: the coding of key (when the table has it) and text (when not NULL); NULL
 * when there is neither. */
json_t *fx_concept(fhir_ctx_t *x, const char *key, const char *text);
/* {"reference": urn}. */
json_t *fx_ref(fhir_ctx_t *x, const char *urn);
/* A date as "YYYY-MM-DD", or NULL when missing. */
json_t *fx_date(fhir_ctx_t *x, onc_date_t d);
/* A UCUM Quantity with the unit of table row unit_key (value, unit, system, code). */
json_t *fx_quantity(fhir_ctx_t *x, double value, const char *unit_key);

/* A new resource {"resourceType": type, "id": uuid, "meta": {"profile": [...]}} (meta only when
 * profile_key names a row), added to the bundle under the urn of key, which is written to urn. */
json_t *fx_resource(fhir_ctx_t *x, const char *type, const char *key, const char *profile_key, char urn[46]);

/* The approved symbol of sym when the options carry the alias table, else sym. */
const char *fx_gene_symbol(const fhir_ctx_t *x, const char *sym);

/* report_fhir_obs.c: ECOG, PD-L1 TPS, TMB, MSI, and per sample a genomics report with its
 * variant observations. */
void fx_observations(fhir_ctx_t *x);
void fx_genomics(fhir_ctx_t *x);

#endif
