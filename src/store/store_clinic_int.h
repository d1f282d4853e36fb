/* store_clinic_int.h: what the clinic's forms (store_clinic.h) share inside src/store: their own
 * transaction when the caller has none, the checks of a date and of a text, the audit entry with
 * an entity of its own, and marking a patient's case text as no longer current.
 * store_clinic.c holds these and the patient list; store_boards.c the meetings, store_decisions.c
 * the decisions, store_followup.c the response assessments and the outcome. */
#ifndef ONCOBOARD_STORE_CLINIC_INT_H
#define ONCOBOARD_STORE_CLINIC_INT_H

#include "store_case_int.h"

#include "oncoboard/store_clinic.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Opens a transaction when db has none (*own set); inside the caller's, nothing. */
onc_rc clinic_begin(onc_db_t *db, const char *what, bool *own, onc_err_t *err) ONC_MUST_CHECK;
/* Ends what clinic_begin opened: on rc == ONC_OK a commit and the audit checkpoint, else a
 * rollback (err keeps the first error). Returns the outcome. Nothing when !own. */
onc_rc clinic_end(onc_db_t *db, bool own, onc_rc rc, onc_err_t *err) ONC_MUST_CHECK;

/* Today's date, UTC, "YYYY-MM-DD". */
void clinic_today(char buf[11]);

/* s as a date "YYYY-MM-DD" for field (ONC_EINVAL naming field when it is not one, or, with
 * not_future, after today UTC). */
onc_rc clinic_date(const char *s, const char *field, bool not_future, onc_date_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* A text of at least min and at most max bytes of UTF-8 (ONC_EINVAL naming field otherwise). */
onc_rc clinic_text(const char *s, const char *field, size_t min, size_t max, onc_err_t *err) ONC_MUST_CHECK;

/* Copies s into buf (cap bytes) cut at a UTF-8 character boundary: an audit detail must stay
 * valid text on PostgreSQL. */
void clinic_clip(char *buf, size_t cap, const char *s);

/* An audit entry of entity entity_id concerning patient (may be NULL); actor NULL: the OS user. */
onc_rc clinic_audit(onc_db_t *db, const char *actor, const char *action, const char *entity, const char *entity_id,
                    const char *patient, const char *detail, onc_err_t *err) ONC_MUST_CHECK;

/* The patient's clinical rows changed in the registry: their case text is no longer current
 * (exports rebuild the case from the rows) and updated_at moves (the next `db match` sees it). */
onc_rc clinic_patient_changed(onc_db_t *db, int64_t pid, onc_err_t *err) ONC_MUST_CHECK;

/* The date of meeting id in when (11 bytes); ONC_ENOTFOUND naming it when there is none
 * (store_boards.c). */
onc_rc clinic_board_date(onc_db_t *db, int64_t id, char when[11], onc_err_t *err) ONC_MUST_CHECK;

/* Runs st (bound) and reports whether it gave a row, reading column 0 as an integer into *v
 * (may be NULL); the statement is finalised. */
onc_rc clinic_one_row(onc_db_stmt_t *st, bool *row, int64_t *v, onc_err_t *err) ONC_MUST_CHECK;

#endif
