/* match.h: clinical trial matching on CTML (MatchMiner's clinical trial markup language).
 *
 * A trial portfolio is a set of CTML documents (YAML or JSON: one trial, a JSON array,
 * newline-delimited JSON, or a directory of such files). Each trial's treatment_list holds
 * steps, arms and dose levels; every one of them that carries a `match` tree is a *clause*,
 * matched on its own (MatchMiner does not AND an arm's tree with its step's).
 *
 * A clause's tree of and/or nodes with clinical and genomic leaves is evaluated in memory,
 * recursively, with three outcomes per criterion (met, not met, unknown) and the evidence for
 * each; it is never expanded into its root-to-leaf paths except to write MatchMiner's own
 * per-path records (--format matchminer). Two semantics:
 *   - ONC_MATCH_SEM_ONCOBOARD (default): a test that was not done is unknown, never negative;
 *     a gene outside the assay is unknown; missing clinical data is unknown.
 *   - ONC_MATCH_SEM_MATCHMINER: MatchMiner v2.2.3 exactly: absent data is negative, so
 *     unsequenced patients pass exclusions (docs/matching.md lists the rules).
 * Extension keys for thoracic early-phase trials (ECOG, lines, prior therapies, PD-L1, brain
 * metastases, labs, knowledge-base alteration classes ...) are in docs/ctml-extensions.md.
 *
 * Status of a (patient, clause) pair, as CONTRACTS.md defines it:
 *   eligible   the tree is met;
 *   potential  nothing failed, every genomic and biomarker inclusion is met, and only clinical
 *              details are unknown (an unknown ECOG alone never makes a patient potential for a
 *              trial whose genomic criteria they do not meet);
 *   ineligible everything else (rows only with include_ineligible).
 *
 * The engine is a pure library: no global state, no printing. A loaded portfolio and loaded
 * patients are read-only and may be shared between threads.
 */
#ifndef ONCOBOARD_MATCH_H
#define ONCOBOARD_MATCH_H

#include "oncoboard/case.h"
#include "oncoboard/classify.h"
#include "oncoboard/doc.h"
#include "oncoboard/error.h"
#include "oncoboard/gene.h"
#include "oncoboard/kb.h"
#include "oncoboard/oncotree.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct onc_trials onc_trials_t;               /* a portfolio */
typedef struct onc_trial onc_trial_t;                 /* one trial (owned by its portfolio) */
typedef struct onc_match_patient onc_match_patient_t; /* one patient or sample, as matched */
typedef struct onc_match_cohort onc_match_cohort_t;   /* patients read from MatchMiner documents */
typedef struct onc_match_result onc_match_result_t;

typedef enum onc_match_semantics {
    ONC_MATCH_SEM_ONCOBOARD = 0,
    ONC_MATCH_SEM_MATCHMINER = 1
} onc_match_semantics;

typedef enum onc_match_status {
    ONC_MATCH_ELIGIBLE = 0,
    ONC_MATCH_POTENTIAL = 1,
    ONC_MATCH_INELIGIBLE = 2
} onc_match_status;
const char *onc_match_status_name(onc_match_status s); /* "eligible" "potential" "ineligible" */

/* What the engine consults while loading and matching; all borrowed, any may be NULL where
 * noted. oncotree is required (diagnoses); kb and genes are needed for alteration classes
 * and gene aliases (NULL: those keys are refused when a trial uses them). */
typedef struct onc_match_ctx {
    const onc_oncotree_t *oncotree;
    const onc_kb_t *kb;
    const onc_genes_t *genes;
} onc_match_ctx_t;

/* ---- trials ---- */

/* Loads every trial at path (a file, or a directory whose *.json, *.yaml and *.yml files are
 * read in name order). A document with a problem (unknown key, malformed value, unknown
 * diagnosis, unconfirmed suggestion, cycle or absurd depth) is refused: ONC_EPARSE naming
 * "FILE:LINE: field treatment_list.step[0].arm[1].match[0].genomic.variant_category: ...",
 * never a silent non-match. Two trials with the same id are an error too. A gene outside the
 * knowledge base's gene tables is accepted (the tables are not a complete list of human genes)
 * and reported by onc_trials_validate. */
onc_rc onc_trials_load(const char *path, const onc_match_ctx_t *ctx, onc_trials_t **out, onc_err_t *err)
    ONC_MUST_CHECK;
/* The same from documents in memory (the registry's, store_trials.h): texts[i], NUL-terminated,
 * read as a file named names[i] would be (its extension, when it has one, gives YAML or JSON;
 * else detected), names[i] standing for the file in messages and onc_trial_source. */
onc_rc onc_trials_load_texts(const char *const *names, const char *const *texts, size_t n,
                             const onc_match_ctx_t *ctx, onc_trials_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* Checks every trial at path and reports every problem (report is called once per problem
 * with a "FILE:LINE: field ...: message" line). Returns the number of problems, or -1 with
 * err set when a file cannot be read or parsed at all. */
long onc_trials_validate(const char *path, const onc_match_ctx_t *ctx,
                         void (*report)(const char *msg, void *rctx), void *rctx, onc_err_t *err);
/* The same for documents in memory, named as onc_trials_load_texts names them (a CTML editor's
 * text sent to the server). */
long onc_trials_validate_texts(const char *const *names, const char *const *texts, size_t n,
                               const onc_match_ctx_t *ctx, void (*report)(const char *msg, void *rctx), void *rctx,
                               onc_err_t *err);
void onc_trials_free(onc_trials_t *t); /* accepts NULL */

size_t onc_trials_count(const onc_trials_t *t);
const onc_trial_t *onc_trials_at(const onc_trials_t *t, size_t i); /* in load order */
/* By NCT id or protocol_no (exact), NULL when absent. */
const onc_trial_t *onc_trials_find(const onc_trials_t *t, const char *id);

const char *onc_trial_id(const onc_trial_t *tr);          /* nct_id, else protocol_no */
const char *onc_trial_protocol_no(const onc_trial_t *tr); /* may be NULL */
const char *onc_trial_nct_id(const onc_trial_t *tr);      /* may be NULL */
const char *onc_trial_title(const onc_trial_t *tr);       /* short_title, else long_title, or NULL */
const char *onc_trial_phase(const onc_trial_t *tr);       /* may be NULL */
bool onc_trial_is_open(const onc_trial_t *tr);            /* _summary.status / status (docs) */
const char *onc_trial_source(const onc_trial_t *tr);      /* "trials/egfr.yaml" (for messages) */

/* ---- patients ---- */

/* The patient of a classified case (cl from onc_classify on c with ctx->kb). c and cl must
 * outlive the patient. Coverage comes from each sample's assay (onc_sample_tested). */
onc_rc onc_match_patient_from_case(const onc_case_t *c, const onc_classification_t *cl,
                                   const onc_match_ctx_t *ctx, onc_match_patient_t **out, onc_err_t *err)
    ONC_MUST_CHECK;
void onc_match_patient_free(onc_match_patient_t *p); /* accepts NULL */
const char *onc_match_patient_id(const onc_match_patient_t *p); /* case id, or SAMPLE_ID */

/* MatchMiner's clinical and genomic documents as patients, one per clinical document
 * (SAMPLE_ID): each path is JSON (one document, an array, or newline-delimited), MongoDB
 * extended JSON ({"$oid"}, {"$date"}) or CSV with a header; genomic documents join their
 * clinical document by CLINICAL_ID, else by SAMPLE_ID (one that joins none is skipped with a
 * warning). Errors name file, line and field (docs/matchminer-input.md). */
onc_rc onc_matchminer_load(const char *clinical_path, const char *genomic_path, const onc_match_ctx_t *ctx,
                           onc_match_cohort_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* onc_matchminer_load, keeping each patient's documents when keep_documents is set
 * (onc_match_cohort_documents), for `db import --format matchminer`. */
onc_rc onc_matchminer_read(const char *clinical_path, const char *genomic_path, bool keep_documents,
                           const onc_match_ctx_t *ctx, onc_match_cohort_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* The same from documents in memory (a registry's), messages naming `name`. */
onc_rc onc_matchminer_from_documents(const onc_json_doc_t *clinical, size_t n_clinical, const onc_json_doc_t *genomic,
                                     size_t n_genomic, const char *name, const onc_match_ctx_t *ctx,
                                     onc_match_cohort_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* Patient i's clinical document and the genomic documents joined to it, in file order (owned
 * by m). ONC_ENOTFOUND when the documents were not kept. */
onc_rc onc_match_cohort_documents(const onc_match_cohort_t *m, size_t i, const onc_json_doc_t **clinical,
                                  const onc_json_doc_t **genomic, size_t *n_genomic) ONC_MUST_CHECK;
/* The case file (version 1, JSON, caller frees) that a MatchMiner patient's documents describe,
 * for the registry: what a case can hold (sex, birth date, OncoTree code, TMB, MSI from
 * MatchMiner's MMR spellings, mutations whose protein change parses, copy-number calls,
 * structured SVs as fusions); signatures, wild-type calls and free text stay in the documents
 * (match_mmcase.c, docs/matchminer-input.md). */
onc_rc onc_match_patient_case_json(const onc_match_patient_t *p, char **out, onc_err_t *err) ONC_MUST_CHECK;
size_t onc_match_cohort_size(const onc_match_cohort_t *m);
const onc_match_patient_t *onc_match_cohort_at(const onc_match_cohort_t *m, size_t i); /* file order */
void onc_match_cohort_free(onc_match_cohort_t *m); /* accepts NULL */
/* What the load skipped, as "FILE:LINE: field F: message" lines: a genomic document whose
 * clinical document is missing (MatchMiner would never match it). At most 1000 are kept;
 * onc_match_cohort_n_skipped() counts them all. */
size_t onc_match_cohort_n_warnings(const onc_match_cohort_t *m);
const char *onc_match_cohort_warning(const onc_match_cohort_t *m, size_t i);
size_t onc_match_cohort_n_skipped(const onc_match_cohort_t *m);
/* The documents do not say what each panel covered, so by default every gene of these
 * patients is "not known to be tested" (match_patient_tested: unknown). on: every gene counts
 * as tested, as MatchMiner itself assumes (a gene without a document is wild type). */
void onc_match_cohort_assume_tested(onc_match_cohort_t *m, bool on);

/* ---- matching ---- */

typedef struct onc_match_opts {
    onc_match_semantics semantics; /* [ONC_MATCH_SEM_ONCOBOARD] */
    onc_date_t comparison_date;    /* ages are computed on this date [missing: today, UTC] */
    bool match_on_closed;          /* closed trials, suspended arms and levels too [false] */
    bool match_on_deceased;        /* deceased patients too [false] */
    bool include_ineligible;       /* rows for ineligible pairs, with what failed [false] */
    bool records;                  /* also MatchMiner's per-path, per-reason records [false] */
    const char *trial_id;          /* only this trial (NCT id or protocol_no) [NULL: all] */
    unsigned threads;              /* worker threads; 0: one per core [0]; results do not
                                      depend on it */
} onc_match_opts_t;
void onc_match_opts_init(onc_match_opts_t *o);

/* One (patient, trial, clause) pair. Strings live in the result (or the trial/patient). */
typedef struct onc_match_row {
    const onc_match_patient_t *patient;
    const char *case_id;
    const onc_trial_t *trial;
    const char *level;          /* "step" | "arm" | "dose" */
    const char *internal_id;    /* step/arm/level_internal_id as written, or NULL */
    const char *code;           /* step_code / arm_code / level_code, or NULL */
    const char *arm;            /* arm_code (or arm_description) of the clause's arm; NULL at
                                   step level */
    const char *match_path;     /* "treatment_list.step[0].arm[1].match" */
    onc_match_status status;
    bool open;                  /* trial open and clause not suspended */
    const char *cancer_type_match; /* "specific" | "all_solid" | "all_liquid" */
    const char **reasons;       /* what was met, MatchMiner's strings ("EGFR p.L858R",
                                   "!EGFR p.T790M", "TMB = 40.0"), de-duplicated */
    size_t n_reasons;
    const char **unknown;       /* criteria that could not be decided ("PD-L1 not tested") */
    size_t n_unknown;
    const char **failed;        /* criteria not met ("ECOG 2 > 1") */
    size_t n_failed;
    int sort_order[7];          /* MatchMiner's sort_order dimensions (docs/matching.md) */
} onc_match_row_t;

/* One MatchMiner trial_match record: one per matched path and reason (records option). */
typedef struct onc_match_record {
    const onc_match_row_t *row;    /* the pair it belongs to */
    const char *reason_type;       /* "genomic" | "clinical" */
    const char *inclusion;         /* "incl" | "excl" | "generic_only" */
    const char *genomic_alteration;/* "EGFR p.L858R", "!TP53 Structural Variation", or NULL */
    const char *match_type;        /* "variant" "gene" "mmr" "signature" "tmb" "generic_clinical" */
    const char *genomic_id;        /* the genomic document's id, or NULL */
    int q_depth, q_width;          /* tree depth of the criterion; documents (-1: exclusion) */
    size_t path_index;             /* which root-to-leaf path of the clause */
    int sort_order[7];
} onc_match_record_t;

/* Matches n patients against the portfolio. Rows come grouped by patient in the given order,
 * each patient's rows ranked by sort_order then trial id and clause order; with
 * opts->trial_id the same order (patients for a trial). ONC_ENOTFOUND when trial_id names no
 * trial. */
onc_rc onc_match_run(const onc_trials_t *trials, const onc_match_patient_t *const *patients, size_t n,
                     const onc_match_opts_t *opts, const onc_match_ctx_t *ctx, onc_match_result_t **out,
                     onc_err_t *err) ONC_MUST_CHECK;
size_t onc_match_result_rows(const onc_match_result_t *r);
const onc_match_row_t *onc_match_result_row(const onc_match_result_t *r, size_t i);
size_t onc_match_result_records(const onc_match_result_t *r);
const onc_match_record_t *onc_match_result_record(const onc_match_result_t *r, size_t i);
void onc_match_result_free(onc_match_result_t *r); /* accepts NULL */

/* A row as an item of CONTRACTS.md's Match JSON ({"case_id", "trial", "protocol_no", "level",
 * "arm", "status", "reasons", "unknown", "failed"} and more), and a record as MatchMiner's
 * trial_match document; new references, NULL when out of memory (match_json.c). */
json_t *onc_match_row_json(const onc_match_row_t *row);
json_t *onc_match_record_json(const onc_match_record_t *rec);

/* ---- curation ---- */

/* A ClinicalTrials.gov API v2 study record (the JSON of GET /api/v2/studies/NCT...) as a CTML
 * skeleton: ids, title, phase, status, arms and conditions, with criteria suggested from the
 * eligibility text (genes and alterations, PD-L1 thresholds, ECOG, brain metastases, prior
 * therapies). Each suggested leaf carries a "suggestion" member (the sentence it came from):
 * the loader refuses a trial that still holds one, so a curator must confirm each suggestion
 * (by deleting that member) before the trial is matched. Returns a new jansson tree (the
 * caller json_decref()s it), or NULL with err naming the file, line and field. */
json_t *onc_ctgov_to_ctml(const char *path, const onc_match_ctx_t *ctx, onc_err_t *err);

#endif
