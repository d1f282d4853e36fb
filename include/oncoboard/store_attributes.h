/* store_attributes.h: clinical attributes, survival endpoints and study provenance in the
 * registry (the tables of 001_clinical_attributes.sql; the types are attributes.h's).
 *
 * Writing runs inside the caller's transaction (the import's, after the patients' cases are
 * written) and is audited there; reading is audited as a read of the patient. docs/registry.md.
 */
#ifndef ONCOBOARD_STORE_ATTRIBUTES_H
#define ONCOBOARD_STORE_ATTRIBUTES_H

#include "oncoboard/attributes.h"
#include "oncoboard/db.h"

#include <stddef.h>
#include <stdint.h>

/* ---- writing (inside a transaction of db) ---- */

typedef struct onc_attr_writer onc_attr_writer_t;

/* Opens a writer for one study: creates or updates the study's row (imported_at now, imported_by
 * actor) and replaces its attribute definitions with defs (n of them). Audited ("import", entity
 * "study"). */
onc_rc onc_attr_writer_open(onc_db_t *db, const onc_study_info_t *study, const onc_attr_def_t *defs, size_t n,
                            const char *actor, onc_attr_writer_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* Writes p for the registered patient p->patient_id (and their samples by sample key): replaces
 * every attribute value and survival endpoint the patient had, and links the patient to the
 * study. ONC_ENOTFOUND when the patient or one of the samples is not registered (write the case
 * first). Audited ("update", entity "clinical_attributes"). */
onc_rc onc_attr_writer_put(onc_attr_writer_t *w, const onc_attr_patient_t *p, const char *actor,
                           onc_err_t *err) ONC_MUST_CHECK;
void onc_attr_writer_close(onc_attr_writer_t *w); /* accepts NULL */

/* ---- reading ---- */

/* Reading runs inside a transaction of db too (a read-only one will do). */

/* The studies imported (in the order first imported), with the definitions of their clinical
 * columns (by study, patient columns then sample columns, each in the file's column order);
 * def_study[i] is the index in studies of defs[i]'s study. Not audited: no patient data. */
typedef struct onc_attr_catalog {
    onc_study_info_t *studies;
    size_t n_studies;
    onc_attr_def_t *defs;
    size_t *def_study;
    size_t n_defs;
    struct onc_arena *arena; /* owns everything above */
} onc_attr_catalog_t;
onc_rc onc_store_attr_catalog(onc_db_t *db, onc_attr_catalog_t *out, onc_err_t *err) ONC_MUST_CHECK;
void onc_attr_catalog_free(onc_attr_catalog_t *c); /* accepts a zeroed or freed catalog */

/* The patient's attributes, endpoints and samples' attributes (samples in the registry's sample
 * order, values and endpoints sorted bytewise by id); ONC_ENOTFOUND when there is no such patient (a patient
 * without attributes gives empty lists). The read is audited. Free with onc_attr_patient_free. */
onc_rc onc_store_attr_get(onc_db_t *db, const char *patient_id, const char *actor, onc_attr_patient_t **out,
                          onc_err_t *err) ONC_MUST_CHECK;
void onc_attr_patient_free(onc_attr_patient_t *p); /* accepts NULL; only for onc_store_attr_get's */

/* The external ids of the patients a study brought, sorted (free with onc_store_ids_free, store.h).
 * ONC_ENOTFOUND for an unknown study. Audited as a listing. */
onc_rc onc_store_study_patients(onc_db_t *db, const char *study_key, const char *actor, char ***ids, size_t *n,
                                onc_err_t *err) ONC_MUST_CHECK;

#endif
