/* pseudo.h: pseudonymisation of cases for research exports (docs/registry.md, "Research export").
 *
 * GDPR Art. 89(1) asks research data to carry safeguards "such as pseudonymisation"; the EDPB's
 * guidelines 01/2025 accept a keyed one-way function (a MAC) whose secret is kept apart; CNIL's
 * reference methodology MR-004 excludes names, full dates of birth, IPP/NIR and other direct
 * identifiers from research datasets. So, for a project and a secret key (keyfile.h, 32 bytes):
 *
 *   pseudonym(id)  = "PSN-" + the first 16 hex digits of HMAC-SHA-256(key, canon("patient", project, id))
 *   shift(id)      = a whole number of days in [-ONC_PSEUDO_MAX_SHIFT, -1] or [1, ONC_PSEUDO_MAX_SHIFT],
 *                    from the first 8 bytes of HMAC-SHA-256(key, canon("date-shift", project, id))
 *
 * where canon() is the tag "oncoboard-research-1" and the fields, each written LENGTH:BYTES (as
 * the audit log's entries are), so that no two (project, id) pairs hash alike. The same key and
 * project always give the same pseudonyms and shifts; another key or project gives unrelated
 * ones. The shift does not follow from the pseudonym (two separate MACs).
 */
#ifndef ONCOBOARD_PSEUDO_H
#define ONCOBOARD_PSEUDO_H

#include "oncoboard/case.h"
#include "oncoboard/error.h"
#include "oncoboard/keyfile.h"

#include <stddef.h>
#include <stdint.h>

#define ONC_PSEUDO_MAX_SHIFT 183    /* days: 366 possible shifts, a year's worth of days-of-year */
#define ONC_PSEUDO_AGE_TOP 90       /* ages above it are written as it (90 or older) */
#define ONC_PSEUDONYM_SIZE 21       /* "PSN-" + 16 hex digits + NUL */
#define ONC_PSEUDO_PROJECT_MAX 128  /* bytes of a project name */

typedef struct onc_pseudo onc_pseudo_t;

/* A pseudonymiser for project (1-128 bytes, no control characters) with key (copied; wiped by
 * onc_pseudo_free). NULL with err on a bad project or out of memory. */
onc_pseudo_t *onc_pseudo_new(const uint8_t key[ONC_KEY_BYTES], const char *project, onc_err_t *err);
void onc_pseudo_free(onc_pseudo_t *p); /* accepts NULL; wipes the key */

/* The pseudonym of id in out ("PSN-" + 16 lowercase hex digits). */
void onc_pseudo_id(const onc_pseudo_t *p, const char *id, char out[ONC_PSEUDONYM_SIZE]);
/* The date shift of id, in days (never 0). */
int32_t onc_pseudo_shift(const onc_pseudo_t *p, const char *id);

/* d moved by days (a missing date stays missing). */
onc_date_t onc_date_add_days(onc_date_t d, int32_t days);

/* Where a pseudonymised case's age comes from. */
typedef enum onc_age_basis {
    ONC_AGE_MISSING = 0,    /* neither a birth date nor an age */
    ONC_AGE_AT_DIAGNOSIS,   /* from the birth date, on the date of diagnosis */
    ONC_AGE_AT_REFERENCE,   /* from the birth date, on the export's reference date (no diagnosis date) */
    ONC_AGE_AS_GIVEN        /* no birth date: the case's "age" as it was given */
} onc_age_basis;
extern const char *const onc_age_basis_names[]; /* "missing", "diagnosis", "reference", "given" */

/* Pseudonymises c in place for a research export, as docs/registry.md lists: id and sample ids
 * replaced by pseudonyms (sample i of several: the patient's pseudonym + "-S" + i, from 1); birth
 * date removed and the age set (at diagnosis, else on reference; top-coded at
 * ONC_PSEUDO_AGE_TOP); every date shifted by the patient's shift; enrolment reasons (free text),
 * warnings, the case's name and text removed. A case that still refers to lab files is refused
 * (ONC_EINVAL): their paths and contents are not pseudonymised; pseudonymise the case the
 * registry rebuilds (onc_store_get_case), whose file alterations are typed entries. *basis (may
 * be NULL) says where the age came from. c's original id must still be set. */
onc_rc onc_pseudo_case(const onc_pseudo_t *p, onc_case_t *c, onc_date_t reference, onc_age_basis *basis,
                       onc_err_t *err) ONC_MUST_CHECK;

#endif
