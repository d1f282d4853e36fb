/* store_trials.h: the trial portfolio in the registry: CTML documents, every version kept.
 *
 * A trial is identified by its key (the NCT id, or the protocol_no when there is none: the Match
 * JSON's "trial"). Loading documents (the files `oncoboard match --trials` reads) first validates
 * them all (onc_trials_validate: every problem with file, line and field), then writes each trial
 * whose text is new or changed as a new version (1, 2, ...), which becomes the only active one;
 * a trial whose text is what its active version holds is left alone. The text kept is the file's
 * own text when the file holds that one trial (YAML comments, which cite the sources, included),
 * else the trial's JSON (one trial of a JSON array or of newline-delimited JSON). The active
 * versions come back as the match engine's portfolio (match.h), each trial's source naming its
 * version ("registry:NCT01234567@v2"). Every call runs inside the caller's transaction
 * (onc_db_begin) and writes its audit entry there (audit.h). docs/registry.md, "Trials".
 */
#ifndef ONCOBOARD_STORE_TRIALS_H
#define ONCOBOARD_STORE_TRIALS_H

#include "oncoboard/db.h"
#include "oncoboard/error.h"
#include "oncoboard/match.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Trial documents read from files and validated, not yet in a registry. */
typedef struct onc_trial_docs onc_trial_docs_t;

/* Reads the trials at each of paths (a file, or a folder whose *.json, *.yaml and *.yml files
 * are read in name order, as onc_trials_load does). Every path is validated first
 * (onc_trials_validate): report (may be NULL) gets each problem as "FILE:LINE: field F: message",
 * and then the call fails with ONC_EPARSE "N problems in the trial documents; nothing was
 * written". A problem the engine accepts when it loads the path (a gene outside the knowledge
 * base's tables) is reported as "warning: FILE:LINE: ..." and stops nothing. Two paths holding
 * the same trial are an error.
 * ONC_OK with *out (free with onc_trial_docs_free). */
onc_rc onc_trial_docs_read(const char *const *paths, size_t n_paths, const onc_match_ctx_t *ctx,
                           void (*report)(const char *msg, void *rctx), void *rctx, onc_trial_docs_t **out,
                           onc_err_t *err) ONC_MUST_CHECK;
/* The same for one document in memory (a CTML editor's text sent to the server): text read as a
 * file named name would be (".json" or ".yaml" gives the format), name standing for the file in
 * the problems reported and as the trials' source. */
onc_rc onc_trial_docs_read_text(const char *name, const char *text, const onc_match_ctx_t *ctx,
                                void (*report)(const char *msg, void *rctx), void *rctx, onc_trial_docs_t **out,
                                onc_err_t *err) ONC_MUST_CHECK;
size_t onc_trial_docs_count(const onc_trial_docs_t *d);
const char *onc_trial_docs_key(const onc_trial_docs_t *d, size_t i);    /* "NCT01234567" */
const char *onc_trial_docs_source(const onc_trial_docs_t *d, size_t i); /* "trials/egfr.yaml" */
void onc_trial_docs_free(onc_trial_docs_t *d); /* accepts NULL */

/* What a load did, per trial: how many were read, new (version 1), changed (a new version of a
 * registered trial) and unchanged (nothing written). */
typedef struct onc_store_trials_counts {
    size_t read, added, changed, unchanged;
} onc_store_trials_counts_t;

/* Writes docs into the registry (inside a transaction of db; actor as audit.h). One audit entry
 * per version written (action "create" for version 1, "update" after, entity "trial", entity_id
 * the key, detail "version N"); nothing for an unchanged trial. counts may be NULL. */
onc_rc onc_store_trials_put(onc_db_t *db, const onc_trial_docs_t *docs, const char *actor,
                            onc_store_trials_counts_t *counts, onc_err_t *err) ONC_MUST_CHECK;

/* onc_trial_docs_read then onc_store_trials_put: nothing is written when a document has a
 * problem. */
onc_rc onc_store_trials_load(onc_db_t *db, const char *const *paths, size_t n_paths, const onc_match_ctx_t *ctx,
                             const char *actor, void (*report)(const char *msg, void *rctx), void *rctx,
                             onc_store_trials_counts_t *counts, onc_err_t *err) ONC_MUST_CHECK;

/* One version of a trial as stored. Strings are valid during the callback only. */
typedef struct onc_store_trial_version {
    int64_t id;              /* trials.id (match_results.trial_id) */
    const char *key;         /* NCT id, else protocol_no */
    const char *protocol_no; /* may be NULL */
    const char *nct_id;      /* may be NULL */
    int version;             /* 1, 2, ... */
    bool active;             /* the newest version */
    const char *loaded_at;   /* "2026-11-29T05:00:00Z" */
    const char *loaded_by;   /* the actor, may be NULL */
    const char *ctml;        /* the document's text */
} onc_store_trial_version_t;
/* Returns 0 to go on, anything else to stop (the listing then returns ONC_OK). */
typedef int (*onc_store_trial_fn)(const onc_store_trial_version_t *v, void *ctx);

/* The active version of every trial, in key order (bytewise). Audited as one "list" of entity
 * "trial" (detail "N active trials"). */
onc_rc onc_store_trials_list(onc_db_t *db, const char *actor, onc_store_trial_fn fn, void *ctx,
                             onc_err_t *err) ONC_MUST_CHECK;

/* Every version of trial key, oldest first. ONC_ENOTFOUND when the registry has no such trial.
 * Audited as a "read" of the trial. */
onc_rc onc_store_trials_history(onc_db_t *db, const char *key, const char *actor, onc_store_trial_fn fn, void *ctx,
                                onc_err_t *err) ONC_MUST_CHECK;

/* The active portfolio as the match engine's trial set (key order), each trial's source
 * "registry:KEY@vN"; an empty registry gives an empty portfolio. keys (may be NULL) keeps only
 * those n_keys trials (the incremental re-match's changed trials). Audited as one "read" of
 * entity "trial" (detail "N active trials"). Free with onc_trials_free. */
onc_rc onc_store_trials_active(onc_db_t *db, const onc_match_ctx_t *ctx, const char *actor,
                               const char *const *keys, size_t n_keys, onc_trials_t **out,
                               onc_err_t *err) ONC_MUST_CHECK;

#endif
