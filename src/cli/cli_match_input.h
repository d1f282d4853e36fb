/* cli_match_input.h: what `match` and `report --trials` load before matching: the knowledge base,
 * OncoTree and gene tables (the engine's context), and the patients, from case files (each
 * classified) or from MatchMiner's documents. */
#ifndef ONCOBOARD_CLI_MATCH_INPUT_H
#define ONCOBOARD_CLI_MATCH_INPUT_H

#include "oncoboard/case.h"
#include "oncoboard/classify.h"
#include "oncoboard/match.h"

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
    onc_match_patient_t **patients; /* owned (cases) or borrowed from the cohort */
    size_t n_patients, m_patients;
    onc_match_cohort_t *cohort;
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
/* Adds one case already loaded and classified by the caller (report), borrowed. */
int cli_match_input_add_patient(cli_match_input_t *in, const char *cmd, const onc_case_t *c,
                                const onc_classification_t *cl);
void cli_match_input_close(cli_match_input_t *in);

#endif
