/* app.h: the services the command line and the server share, above the engines: a report built
 * for a case or a registered patient (classified against the knowledge base, matched against a
 * trial portfolio), and a patient's trial matches. Library code: nothing is printed; errors come
 * back in onc_err_t, and the warnings a caller may show are in the report document itself.
 *
 * An onc_app_t is loaded once (knowledge base, OncoTree, gene tables, the matching context) and
 * is then read-only: any number of threads may build reports with it at once, each with its own
 * database connection. The registry's active portfolio is loaded on first use and kept; it is
 * loaded again when the registry's portfolio changed since (a new trial version or status), so
 * that a server sees a trial edited through another process.
 */
#ifndef ONCOBOARD_APP_H
#define ONCOBOARD_APP_H

#include "oncoboard/case.h"
#include "oncoboard/db.h"
#include "oncoboard/error.h"
#include "oncoboard/kb.h"
#include "oncoboard/match.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct onc_app onc_app_t;

typedef struct onc_app_opts {
    const char *kb_dir;          /* a knowledge base folder; NULL: the built-in one */
    const onc_kb_t *kb;          /* or one already loaded (borrowed); wins over kb_dir */
    const char *comparison_date; /* YYYY-MM-DD for trial criteria; NULL: today (UTC) at each call */
    bool no_version;             /* reports without the program's version (golden tests) */
    const char *command;         /* the command line to record in a report's provenance, or NULL */
    const char *tumor_type;      /* onc_app_report_case: an OncoTree code overriding each case's
                                    diagnosis (the command line's --tumor-type); NULL: the case's */
    const char *trials_path;     /* a CTML file or folder loaded at open (onc_app_trials); a report
                                    matched against it names it in its inputs; NULL: none */
} onc_app_opts_t;
void onc_app_opts_init(onc_app_opts_t *o);

onc_rc onc_app_open(const onc_app_opts_t *opts, onc_app_t **out, onc_err_t *err) ONC_MUST_CHECK;
void onc_app_close(onc_app_t *app); /* accepts NULL */

const onc_kb_t *onc_app_kb(const onc_app_t *app);
const onc_match_ctx_t *onc_app_match_ctx(const onc_app_t *app);
/* The portfolio loaded from opts.trials_path, or NULL. */
const onc_trials_t *onc_app_trials(const onc_app_t *app);

/* The report document (report.h) of case c (case_path for provenance, or NULL), matched against
 * trials when not NULL. *doc: json_decref it. */
onc_rc onc_app_report_case(onc_app_t *app, const onc_case_t *c, const char *case_path, const onc_trials_t *trials,
                           json_t **doc, onc_err_t *err) ONC_MUST_CHECK;

/* The report of registered patient (external id) in db, matched against the registry's active
 * portfolio (none when it is empty). The case read is audited under actor. ONC_ENOTFOUND for an
 * unknown patient. The registry is read in one transaction: the caller's when one is open (the
 * caller commits), else its own, committed with the audit log anchored (onc_app_commit); the
 * report is built after it. The same document as `report --db URL --patient ID --trials T` with
 * T the portfolio's documents, but for the provenance's inputs. */
onc_rc onc_app_report_patient(onc_app_t *app, onc_db_t *db, const char *patient, const char *actor, json_t **doc,
                              onc_err_t *err) ONC_MUST_CHECK;

/* The patient's rows against the registry's active portfolio as Match JSON (match.h's
 * onc_match_row_json, eligible and potential, with what was met, failed and unknown): a JSON
 * array in *rows. Audited as onc_app_report_patient. */
onc_rc onc_app_match_patient(onc_app_t *app, onc_db_t *db, const char *patient, const char *actor, json_t **rows,
                             onc_err_t *err) ONC_MUST_CHECK;

/* ---- what the command line shares with the services above ---- */

/* A patient as the match engine takes them, with what they were made from: a case (taken over
 * by onc_app_patient_from_case, or read from the registry), classified against the knowledge
 * base, or the MatchMiner documents a registry patient was registered from (one match patient
 * per sample the documents give). */
typedef struct onc_app_patient onc_app_patient_t;
/* Classifies case c (taken over: freed with the patient, or here on failure). */
onc_rc onc_app_patient_from_case(const onc_app_t *app, onc_case_t *c, onc_app_patient_t **out,
                                 onc_err_t *err) ONC_MUST_CHECK;
/* Registered patient id from db (inside the caller's transaction; the reads audited under
 * actor): from their MatchMiner documents when they were registered from them, else from their
 * case. ONC_ENOTFOUND for an unknown patient. */
onc_rc onc_app_patient_get(const onc_app_t *app, onc_db_t *db, const char *id, const char *actor,
                           onc_app_patient_t **out, onc_err_t *err) ONC_MUST_CHECK;
size_t onc_app_patient_count(const onc_app_patient_t *p);
const onc_match_patient_t *onc_app_patient_at(const onc_app_patient_t *p, size_t i);
void onc_app_patient_free(onc_app_patient_t *p); /* accepts NULL */

/* Commits db's transaction and anchors the audit log's head outside the database
 * (onc_audit_checkpoint), as every transaction that appended to the log must. A failed anchor
 * after a good commit says that the change was committed. */
onc_rc onc_app_commit(onc_db_t *db, onc_err_t *err) ONC_MUST_CHECK;

/* Today (UTC); generated (32 bytes, may be NULL) gets "2026-11-29T01:02:03Z". */
onc_date_t onc_app_today_utc(char generated[32]);
/* The folder the readers take their gene tables (aliases, exons) from: kb_dir when it has them,
 * else NULL (the built-in copy): a small knowledge base of evidence need not carry the tables. */
const char *onc_app_reader_kb_dir(const char *kb_dir);

#endif
