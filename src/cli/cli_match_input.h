/* cli_match_input.h: what `match` loads before matching, and the engine's context that the
 * other trial commands (`trials`, `db trials`, `db match`, `db import --format matchminer`)
 * need: the app (app.h: knowledge base, OncoTree, gene tables), and the patients, from case files
 * (each classified) or from MatchMiner's documents, or registered. */
#ifndef ONCOBOARD_CLI_MATCH_INPUT_H
#define ONCOBOARD_CLI_MATCH_INPUT_H

#include "oncoboard/app.h"
#include "oncoboard/case.h"
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
    /* loaded */
    onc_app_t *app;
    onc_match_ctx_t ctx;        /* the app's */
    const onc_match_patient_t **patients; /* of owned[] or of cohort */
    size_t n_patients, m_patients;
    onc_app_patient_t **owned;  /* case files and registry patients */
    size_t n_owned, m_owned;
    onc_match_cohort_t *cohort; /* --matchminer's documents */
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
void cli_match_input_close(cli_match_input_t *in);
/* Prints a MatchMiner load's warnings (skipped genomic documents) as "warning: ..." lines. */
void cli_match_cohort_warnings(const char *cmd, const onc_match_cohort_t *m);

#endif
