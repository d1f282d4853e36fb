/* cli_db_import_mm.c: `db import --format matchminer CLINICAL [GENOMIC]`: MatchMiner's documents
 * into the registry.
 *
 * One registry patient per clinical document (its SAMPLE_ID the external id, as MatchMiner
 * matches per sample), read by the MatchMiner loader with its checks and messages. Each gets the
 * case its documents describe (onc_match_patient_case_json, read back by the case loader) and,
 * in the same transaction, the documents themselves (onc_store_put_documents), which `match --db`
 * and `db match` read again so that the registry's matches are exactly the files'.
 * docs/matchminer-input.md.
 */
#include "cli_db_io.h"
#include "cli_match_input.h"

#include "oncoboard/audit.h"

#include <stdlib.h>
#include <string.h>

typedef struct mm_extra {
    cli_match_input_t in;     /* the context the loader resolved diagnoses and genes with */
    onc_match_cohort_t *cohort; /* owns the documents */
    char summary[96];
} mm_extra_t;

static void free_extra(void *p)
{
    mm_extra_t *x = p;
    if (!x) return;
    onc_match_cohort_free(x->cohort);
    cli_match_input_close(&x->in);
    free(x);
}

static onc_rc write_documents(onc_db_t *db, void *p, const char *actor, onc_err_t *err)
{
    const mm_extra_t *x = p;
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < onc_match_cohort_size(x->cohort); i++) {
        const onc_json_doc_t *clinical = NULL, *genomic = NULL;
        size_t n = 0;
        rc = onc_match_cohort_documents(x->cohort, i, &clinical, &genomic, &n);
        if (rc == ONC_OK)
            rc = onc_store_put_documents(db, onc_match_patient_id(onc_match_cohort_at(x->cohort, i)), clinical, genomic,
                                         n, actor, err);
        else rc = onc_err_set(err, rc, "MatchMiner documents were not kept");
    }
    return rc;
}

/* The case of patient i, as the case loader reads it; CLI_OK or an exit status after a message. */
static int patient_case(const cli_import_args_t *a, const mm_extra_t *x, size_t i, onc_case_t **out)
{
    const onc_match_patient_t *p = onc_match_cohort_at(x->cohort, i);
    char *json = NULL, name[512];
    onc_err_t err = {0};
    snprintf(name, sizeof name, "%s (SAMPLE_ID %s)", a->inputs[0], onc_match_patient_id(p));
    onc_case_opts_t co;
    onc_case_opts_init(&co);
    co.check_files = 0;
    onc_rc rc = onc_match_patient_case_json(p, &json, &err);
    if (rc == ONC_OK) rc = onc_case_parse(json, strlen(json), name, NULL, &co, out, &err);
    free(json);
    if (rc == ONC_OK) return CLI_OK;
    cli_error("db import", "%s", err.msg);
    return rc == ONC_ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
}

static int read_documents(const cli_import_args_t *a, mm_extra_t *x)
{
    x->in.kb_dir = a->kb_dir;
    int status = cli_match_context_open(&x->in, "db import");
    if (status != CLI_OK) return status;
    onc_err_t err = {0};
    if (onc_matchminer_read(a->inputs[0], a->n_inputs > 1 ? a->inputs[1] : NULL, true, &x->in.ctx, &x->cohort,
                            &err) != ONC_OK) {
        fprintf(stderr, "oncoboard db import: invalid MatchMiner documents (nothing was written):\n  %s\n", err.msg);
        return err.code == ONC_ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
    }
    cli_match_cohort_warnings("db import", x->cohort);
    return CLI_OK;
}

int cli_import_collect_mm(const cli_import_args_t *a, cli_import_set_t *s)
{
    if (a->n_inputs > 2) return cli_usage_error("db import", "--format matchminer takes CLINICAL [GENOMIC]");
    mm_extra_t *x = calloc(1, sizeof *x);
    if (!x) return cli_error("db import", "out of memory"), CLI_INTERNAL;
    s->extra = x;
    s->free_extra = free_extra;
    s->write_extra = write_documents;
    int status = read_documents(a, x);
    size_t n_genomic = 0;
    for (size_t i = 0; status == CLI_OK && i < onc_match_cohort_size(x->cohort); i++) {
        onc_case_t *c = NULL;
        onc_err_t err = {0};
        status = patient_case(a, x, i, &c);
        if (status == CLI_OK && onc_store_case_count(c, &a->read, &s->counts, &err) != ONC_OK) {
            cli_error("db import", "%s", err.msg);
            status = CLI_INTERNAL;
        }
        if (status == CLI_OK) status = cli_import_set_add(s, c);
        else onc_case_free(c);
        const onc_json_doc_t *cd, *gd;
        size_t n = 0;
        if (status == CLI_OK && onc_match_cohort_documents(x->cohort, i, &cd, &gd, &n) == ONC_OK) n_genomic += n;
    }
    snprintf(x->summary, sizeof x->summary, "%zu clinical and %zu genomic MatchMiner documents kept",
             onc_match_cohort_size(x->cohort), n_genomic);
    s->extra_summary = x->summary;
    return status;
}
