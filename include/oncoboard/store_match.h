/* store_match.h: the registry's patients matched against its trial portfolio, incrementally,
 * with the history of every result, and the unit's accrual figures.
 *
 * A run (onc_store_match_run) evaluates only the (patient, trial) pairs whose inputs changed
 * since the last run: a new or changed patient against every active trial, and a new or changed
 * trial (a new version, another knowledge base, other matching options) against every patient.
 * Its results (eligible and potential rows, one per patient x trial x clause) are merged into
 * match_results the way MatchMiner keeps its trial_match documents: a result seen for the first
 * time is added (first_seen), one that still holds has its last_seen moved (and its evidence and
 * trial version refreshed), one that no longer holds is disabled (still_valid 0 and why, never
 * deleted), and one that holds again is re-enabled (the same row, first_seen kept). The run is
 * recorded in match_runs. Everything runs inside the caller's transaction and is audited there
 * (audit.h). docs/registry.md, "Matching the registry" and "Accrual".
 */
#ifndef ONCOBOARD_STORE_MATCH_H
#define ONCOBOARD_STORE_MATCH_H

#include "oncoboard/db.h"
#include "oncoboard/error.h"
#include "oncoboard/match.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct onc_store_match_opts {
    onc_match_opts_t match; /* semantics, comparison_date (missing: today, UTC), match_on_closed,
                               match_on_deceased, threads; trial_id, include_ineligible and
                               records are not used (a run covers every trial) */
    bool full;              /* evaluate every pair, changed or not [false] */
    const char *kb_dir;     /* for classifying the cases [NULL: built in] */
} onc_store_match_opts_t;
void onc_store_match_opts_init(onc_store_match_opts_t *o);

/* What a run did (the match_runs row). */
typedef struct onc_store_match_summary {
    int64_t run_id;
    size_t patients, trials;                  /* in the registry, active */
    size_t patients_matched, trials_matched;  /* changed ones, matched against everything */
    size_t pairs;                             /* (patient, trial) pairs evaluated */
    size_t added, kept, disabled, reenabled;  /* results */
} onc_store_match_summary_t;

/* One run over the registry (inside a transaction of db; actor as audit.h). ctx is the
 * engine's context (its kb is the knowledge base whose version is an input). Each case read is
 * audited as store.h's reads are; each patient whose results changed gets one "update" entry of
 * entity "match_result", and the run one "create" entry of entity "match_run". */
onc_rc onc_store_match_run(onc_db_t *db, const onc_match_ctx_t *ctx, const onc_store_match_opts_t *opts,
                           const char *actor, onc_store_match_summary_t *summary, onc_err_t *err) ONC_MUST_CHECK;

/* The summary as JSON ({run, patients, trials, patients_matched, trials_matched, pairs, added,
 * kept, disabled, reenabled}), as `db match --json` prints it and the server answers; NULL when
 * out of memory. */
json_t *onc_store_match_summary_json(const onc_store_match_summary_t *s);

/* ---- the history ---- */

/* One row of match_results as stored (strings valid during the callback only). */
typedef struct onc_store_result {
    const char *patient;       /* the patient's external id */
    const char *trial;         /* the trial key */
    int trial_version;
    const char *level, *internal_id, *arm, *status;
    const char *reasons, *unknown, *failed; /* JSON arrays of strings */
    const char *first_seen, *last_seen;
    bool still_valid;
    const char *change_reason; /* NULL when never changed */
} onc_store_result_t;
typedef int (*onc_store_result_fn)(const onc_store_result_t *r, void *ctx); /* 0: go on */

/* The results of patient (external id) and/or trial (key) when not NULL, valid ones only unless
 * all is set, ordered by patient, trial, level, internal id, arm, status. Audited as one "read"
 * of entity "match_result" (patient_id set when patient is given). */
onc_rc onc_store_match_results(onc_db_t *db, const char *actor, const char *patient, const char *trial, bool all,
                               onc_store_result_fn fn, void *ctx, onc_err_t *err) ONC_MUST_CHECK;

/* ---- accrual ---- */

/* Per trial and month, the counts docs/registry.md defines ("Accrual"). */
typedef struct onc_accrual_reason {
    const char *reason; /* a screen failure's reason as recorded ("not given" when none) */
    size_t n;           /* screen failures recorded with that reason */
} onc_accrual_reason_t;

typedef struct onc_accrual_row {
    const char *trial;  /* the trial key (NCT id, else protocol_no) as the registry names it */
    const char *month;  /* "2026-02"; "total" for the trial's total; "undated" for rows without a date */
    size_t screened, eligible, potential, enrolled, screen_failed, withdrawn;
    const onc_accrual_reason_t *reasons; /* screen failures by reason, most frequent first */
    size_t n_reasons;
} onc_accrual_row_t;

typedef struct onc_accrual onc_accrual_t;

/* The accrual figures of every trial (registered, or named by an enrolment), months from
 * `from` to `to` ("YYYY-MM", inclusive; NULL: unbounded), each trial's months in order then its
 * total (over the same range). Audited as one "read" of entity "accrual". */
onc_rc onc_store_accrual(onc_db_t *db, const char *actor, const char *from, const char *to, onc_accrual_t **out,
                         onc_err_t *err) ONC_MUST_CHECK;
size_t onc_accrual_rows(const onc_accrual_t *a);
const onc_accrual_row_t *onc_accrual_row(const onc_accrual_t *a, size_t i);
void onc_accrual_free(onc_accrual_t *a); /* accepts NULL */
/* One row as JSON ({trial, month, screened, eligible, potential, enrolled, screen_failed,
 * withdrawn, screen_fail_reasons: [{reason, count}]}), as `db accrual --json` prints it and the
 * server answers; NULL when out of memory. */
json_t *onc_accrual_row_json(const onc_accrual_row_t *r);

#endif
