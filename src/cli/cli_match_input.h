/* cli_match_input.h: what `match` and `report --trials` (cli_report_build.c) load before
 * matching: the knowledge base, OncoTree and gene tables (the engine's context), and the
 * patients, from case files (each classified) or from MatchMiner's documents. */
#ifndef ONCOBOARD_CLI_MATCH_INPUT_H
#define ONCOBOARD_CLI_MATCH_INPUT_H

#include "oncoboard/case.h"
#include "oncoboard/classify.h"
#include "oncoboard/db.h"
#include "oncoboard/match.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct cli_match_input {
    /* given */
    const char *kb_dir;
    const char **case_args;   /* --case values: files or directories */
    size_t n_cases;
    const char *mm_clinical, *mm_genomic;
    const char *db_url;         /* --db: every patient of the registry (besides any --case) */
    int assume_tested;          /* MatchMiner documents: every gene counts as tested */
    const onc_kb_t *kb_given;   /* a knowledge base the caller already loaded (borrowed) */
    /* loaded */
    onc_kb_t *kb;
    onc_oncotree_t *oncotree;
    onc_genes_t *genes;
    onc_match_ctx_t ctx;
    onc_case_t **cases;
    onc_classification_t **classes;
    onc_match_patient_t **patients; /* owned (cases) or borrowed from a cohort */
    bool *borrowed;                 /* per patient: it belongs to one of cohorts */
    size_t n_patients, m_patients;
    onc_match_cohort_t **cohorts;   /* --matchminer's documents, and one per registry patient
                                       registered from documents */
    size_t n_cohorts;
} cli_match_input_t;

/* Records a --case value; 0, or -1 when out of memory (after a message). */
int cli_match_input_add_case(cli_match_input_t *in, const char *path);
/* Loads the context only (kb, OncoTree, genes): CLI_OK or an exit status after a message. */
int cli_match_context_open(cli_match_input_t *in, const char *cmd);
/* Loads the context and every patient: CLI_OK or an exit status after a message. */
int cli_match_input_open(cli_match_input_t *in, const char *cmd);
/* The trials to match: those at path (a CTML file or folder), or with path NULL the active
 * portfolio of the registry at in->db_url (the read audited). Needs the context open. CLI_OK
 * with *out (free with onc_trials_free), or an exit status after a message. */
int cli_match_trials_open(cli_match_input_t *in, const char *cmd, const char *path, onc_trials_t **out);
/* Adds registered patient id from db (inside the caller's transaction; reads audited): from
 * their MatchMiner documents when they were registered from them, else from their case,
 * classified. ONC_OK with *status the exit status of the adding (CLI_OK, or after a message), or
 * the registry's error in err. */
onc_rc cli_match_input_add_registry_patient(cli_match_input_t *in, const char *cmd, onc_db_t *db, const char *id,
                                            int *status, onc_err_t *err);
void cli_match_input_close(cli_match_input_t *in);
/* Prints a MatchMiner load's warnings (skipped genomic documents) as "warning: ..." lines. */
void cli_match_cohort_warnings(const char *cmd, const onc_match_cohort_t *m);

#endif
