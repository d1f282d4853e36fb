/* store_export.h: one patient as an export of the registry reads them.
 *
 * An export (a cBioPortal study folder, a research extract) needs more of a patient than the case
 * a report reads: every normalised alteration with what its
 * reader found (coordinates, alleles, transcript, read counts), which a case rebuilt from the
 * registry leaves out for the alterations of lab files. onc_store_get_export() reads all of it in
 * the caller's transaction and writes ONE audit entry: action "export", entity "patient", the
 * export's purpose as detail ("cbioportal"), so that every patient an export holds is in the
 * audit log once. docs/registry.md.
 */
#ifndef ONCOBOARD_STORE_EXPORT_H
#define ONCOBOARD_STORE_EXPORT_H

#include "oncoboard/alteration.h"
#include "oncoboard/case.h"
#include "oncoboard/db.h"

#include <stddef.h>

/* One normalised alteration of the patient (the alterations table), with the sample it belongs
 * to: sample_index into the case's samples, and alt.sample the sample's id. */
typedef struct onc_store_alt {
    size_t sample_index;
    onc_alt_t alt;
} onc_store_alt_t;

typedef struct onc_store_export {
    onc_case_t *c;              /* the case as onc_store_get_case builds it (c->outcome: vital
                                   status, death, last follow-up) */
    onc_store_alt_t *alts;      /* in sample order, then in the order they were stored */
    size_t n_alts;
} onc_store_export_t;

/* Reads patient_id (the external id) for an export; purpose names the export in the audit entry
 * ("cbioportal"). ONC_ENOTFOUND when there is no such patient. Everything, the case included,
 * lives in the case's arena: free with onc_store_export_free. */
onc_rc onc_store_get_export(onc_db_t *db, const char *patient_id, const char *actor, const char *purpose,
                            onc_store_export_t **out, onc_err_t *err) ONC_MUST_CHECK;
void onc_store_export_free(onc_store_export_t *x); /* accepts NULL */

#endif
