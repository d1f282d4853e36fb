/* store_clinic.h: what the clinic does with the registry day to day, through the server's forms:
 * the patient list with its filters, tumor board meetings and who is discussed at them, the
 * board's decisions (a draft, then a final one that is never edited), response assessments and
 * the patient's outcome.
 *
 * Every function takes the actor for the audit log (audit.h): a read of patient data is one
 * "read" entry (for a list: one entry naming the filter and how many patients it gave), a write
 * one entry per patient changed, inside the same transaction as the change (opened here when the
 * caller has none). A change to a patient's clinical rows marks their imported case text as no
 * longer current (case_sources.current = 0), so that exports rebuild the case from the rows.
 * docs/registry.md, "The clinic's forms".
 */
#ifndef ONCOBOARD_STORE_CLINIC_H
#define ONCOBOARD_STORE_CLINIC_H

#include "oncoboard/db.h"
#include "oncoboard/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the patient list ---- */

typedef struct onc_patient_filter {
    const char *text;          /* part of the external id or the diagnosis (case-insensitive), or NULL */
    const char *group;         /* molecular group id of the newest report snapshot ("EGFR_COMMON"...),
                                  or NULL; "none" for patients without a group (no snapshot yet) */
    const char *trial_status;  /* "eligible" (a valid match result), "screening", "enrolled",
                                  "screen_failed", "withdrawn" (the latest enrolments row of a
                                  trial), or NULL */
    const char *trial;         /* with trial_status: that trial's key only (an enrolment may also name
                                  it by its NCT id or protocol number, or as written); or NULL */
    int64_t board_id;          /* patients listed for that meeting; 0: any */
    bool next_board;           /* patients listed for the next meeting (the meetings of the first date
                                  on or after today, UTC) */
    size_t limit, offset;      /* paging; limit 0: 100; capped at 1000 */
} onc_patient_filter_t;
void onc_patient_filter_init(onc_patient_filter_t *f);

/* One row of the list (strings valid during the callback only; NULL when unknown). */
typedef struct onc_patient_row {
    const char *external_id;
    const char *sex;
    int age;                    /* ONC_INT_MISSING when unknown */
    const char *oncotree_code;  /* of the first diagnosis */
    const char *stage;
    const char *group;          /* newest snapshot's molecular group, or NULL (no report yet) */
    const char *vital_status;
    size_t eligible_trials;     /* valid match results at level "eligible", distinct trials */
    const char *enrolled_trial; /* a trial the patient is enrolled in, or NULL */
    const char *next_board;     /* the date of the next meeting they are listed for, or NULL */
    const char *updated_at;
} onc_patient_row_t;
typedef int (*onc_patient_row_fn)(const onc_patient_row_t *row, void *ctx); /* 0: go on */

/* Rows by external id; *total (may be NULL) gets the number of patients the filter selects
 * before paging. */
onc_rc onc_clinic_patients(onc_db_t *db, const char *actor, const onc_patient_filter_t *f,
                           onc_patient_row_fn fn, void *ctx, size_t *total, onc_err_t *err) ONC_MUST_CHECK;

/* ---- tumor board meetings ---- */

typedef struct onc_board {
    int64_t id;
    const char *meets_on;  /* "YYYY-MM-DD" */
    const char *title;
    size_t n_patients;
} onc_board_t;
typedef int (*onc_board_fn)(const onc_board_t *b, void *ctx);

onc_rc onc_board_create(onc_db_t *db, const char *meets_on, const char *title, const char *actor, int64_t *id,
                        onc_err_t *err) ONC_MUST_CHECK;
/* Meetings on or after from ("YYYY-MM-DD"; NULL: all), by date. */
onc_rc onc_board_list(onc_db_t *db, const char *from, onc_board_fn fn, void *ctx, onc_err_t *err) ONC_MUST_CHECK;
/* Lists patient (external id) for meeting id, after those already listed; ONC_ENOTFOUND for an
 * unknown meeting or patient, ONC_ECONFLICT when already listed. */
onc_rc onc_board_add_patient(onc_db_t *db, int64_t board_id, const char *patient, const char *actor,
                             onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_board_remove_patient(onc_db_t *db, int64_t board_id, const char *patient, const char *actor,
                                onc_err_t *err) ONC_MUST_CHECK;
/* The external ids listed for meeting id, in order (free with onc_store_ids_free, store.h). */
onc_rc onc_board_patients(onc_db_t *db, int64_t board_id, const char *actor, char ***ids, size_t *n,
                          onc_err_t *err) ONC_MUST_CHECK;

/* ---- decisions ---- */

typedef struct onc_decision {
    int64_t id;
    const char *patient;
    int64_t board_id;         /* 0 when not tied to a meeting */
    const char *status;       /* "draft" or "final" */
    const char *text;
    const char *author;       /* login */
    const char *created_at, *updated_at;
    const char *finalised_at, *finalised_by; /* NULL for a draft */
} onc_decision_t;
typedef int (*onc_decision_fn)(const onc_decision_t *d, void *ctx);

/* A new draft for patient (board_id 0: none). Text: 1 to 20,000 bytes of UTF-8 (ONC_EINVAL).
 * ONC_ENOTFOUND for an unknown patient or meeting. The audit actor of this and of finalise is
 * "user:LOGIN" (the login as given when it names its kind already, "os:root"). */
onc_rc onc_decision_draft(onc_db_t *db, const char *patient, int64_t board_id, const char *text,
                          const char *author, int64_t *id, onc_err_t *err) ONC_MUST_CHECK;
/* Replaces a draft's text; ONC_ECONFLICT for a final decision, ONC_ENOTFOUND for none. */
onc_rc onc_decision_update(onc_db_t *db, int64_t id, const char *text, const char *actor,
                           onc_err_t *err) ONC_MUST_CHECK;
/* Makes a draft final, by login (whose password the caller has checked again). ONC_ECONFLICT
 * when it is final already. */
onc_rc onc_decision_finalise(onc_db_t *db, int64_t id, const char *login, onc_err_t *err) ONC_MUST_CHECK;
/* The decisions of patient, newest first (audited as one read). */
onc_rc onc_decisions(onc_db_t *db, const char *patient, const char *actor, onc_decision_fn fn, void *ctx,
                     onc_err_t *err) ONC_MUST_CHECK;

/* ---- response and outcome ---- */

/* A dated RECIST assessment of the patient's therapy line line_no (1-based, as in the case's
 * therapy lines). ONC_ENOTFOUND for an unknown patient or line; ONC_EINVAL for a date that is
 * not YYYY-MM-DD, before the line's start or in the future, or a recist value other than CR, PR,
 * SD, PD, NE. The line's best_response is raised when this one is better (CR > PR > SD > PD). */
onc_rc onc_response_add(onc_db_t *db, const char *patient, int line_no, const char *assessed_on,
                        const char *recist, const char *actor, onc_err_t *err) ONC_MUST_CHECK;

typedef struct onc_response_row {
    int line_no;
    const char *assessed_on, *recist, *recorded_by;
} onc_response_row_t;
typedef int (*onc_response_fn)(const onc_response_row_t *r, void *ctx);
onc_rc onc_responses(onc_db_t *db, const char *patient, const char *actor, onc_response_fn fn, void *ctx,
                     onc_err_t *err) ONC_MUST_CHECK;

/* The patient's outcome (case.h's onc_outcome_t in words): vital_status "alive" or "dead",
 * death_date (only when dead) and last_follow_up, "YYYY-MM-DD" or NULL. The case file's
 * consistency rules apply (ONC_EINVAL naming the field): a death date needs "dead", no date in
 * the future, follow-up not after death. */
onc_rc onc_outcome_set(onc_db_t *db, const char *patient, const char *vital_status, const char *death_date,
                       const char *last_follow_up, const char *actor, onc_err_t *err) ONC_MUST_CHECK;

#endif
