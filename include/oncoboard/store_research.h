/* store_research.h: the pseudonymised research export of the registry (docs/registry.md,
 * "Research export"), one implementation for `db export --format research` (a folder of case
 * files and a manifest) and the server's POST /api/v1/exports/research (one JSON document).
 *
 * Only the patients who consented to research (patients.consent_research = 1) are exported; the
 * others are counted (refused, unknown). Each exported case is read as the registry rebuilds it
 * (audited as a read), pseudonymised by pseudo.h (pseudonym, per-patient date shift, age instead
 * of the birth date, no free text), stripped of the lab-file variants it cannot name, and handed
 * to the caller, who writes it. The export then refuses a pseudonym collision, digests the
 * sorted list of pseudonyms and appends ONE audit entry (action "export", entity
 * "research_export", entity id the project, the counts and the digest, never an identity), all
 * in the caller's transaction: an export that fails is rolled back with its entry.
 */
#ifndef ONCOBOARD_STORE_RESEARCH_H
#define ONCOBOARD_STORE_RESEARCH_H

#include "oncoboard/case.h"
#include "oncoboard/db.h"
#include "oncoboard/error.h"
#include "oncoboard/keyfile.h"
#include "oncoboard/pseudo.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define ONC_RESEARCH_DEFAULT_PROJECT "default"

typedef struct onc_research onc_research_t;

/* Receives one pseudonymised case (c->id is its pseudonym) and where its age comes from:
 * ONC_OK to go on. c is freed after the call. */
typedef onc_rc (*onc_research_case_fn)(const onc_case_t *c, onc_age_basis age, void *ctx, onc_err_t *err);

typedef struct onc_research_opts {
    const char *project;  /* 1-128 bytes [ONC_RESEARCH_DEFAULT_PROJECT] */
    onc_date_t today;     /* the reference date of ages (UTC today) */
    const char *created;  /* the export's time, "YYYY-MM-DDTHH:MM:SSZ" (the manifest's "created") */
    const char *actor;    /* for the audit log (audit.h) */
} onc_research_opts_t;

/* Exports the n patients of ids (external ids) with the project's key, inside a transaction of
 * db, giving each consenting patient's case to fn in ids' order. ONC_EINVAL for a bad project;
 * ONC_ECONFLICT when two patients get one pseudonym (export under another project or key). The
 * messages of a failure may name a patient: show them to the operator, never in the export.
 * *out (free with onc_research_free) holds the counts and the manifest. */
onc_rc onc_research_export(onc_db_t *db, const uint8_t key[ONC_KEY_BYTES], const onc_research_opts_t *opts,
                           const char *const *ids, size_t n, onc_research_case_fn fn, void *ctx,
                           onc_research_t **out, onc_err_t *err) ONC_MUST_CHECK;
void onc_research_free(onc_research_t *r); /* accepts NULL */

size_t onc_research_exported(const onc_research_t *r);
size_t onc_research_refused(const onc_research_t *r);     /* consent refused (0) */
size_t onc_research_unknown(const onc_research_t *r);     /* consent not recorded (NULL) */
const char *onc_research_project(const onc_research_t *r);

/* The manifest (docs/registry.md): what was exported, removed and transformed, how pseudonyms
 * and date shifts are made, and per file ("PSEUDONYM.json") the basis of its age. kb_version
 * names the knowledge base. NULL when out of memory. */
json_t *onc_research_manifest(const onc_research_t *r, const char *kb_version);

#endif
