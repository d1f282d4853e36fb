/* cli_db_export_fhir.c: `oncoboard db export --format fhir`: each patient as a FHIR R4 Bundle.
 *
 * One file per patient, DIR/ID.fhir.json, each a self-contained Bundle (type collection) whose
 * references all resolve inside it (fhir.h, docs/fhir.md): a receiver loads a patient at a time,
 * and a failed patient leaves the others' files whole. Each patient's case is rebuilt from the
 * registry (an audited read) and the export itself is one more audit entry ("export", detail
 * "FHIR R4 bundle"), inside the export's transaction (cli_db_export.c).
 */
#include "cli_db_io.h"

#include "oncoboard/audit.h"
#include "oncoboard/fhir.h"
#include "oncoboard/gene.h"
#include "oncoboard/oncotree.h"

#include <stdlib.h>

typedef struct fhir_export {
    onc_fhir_codes_t *codes;
    onc_oncotree_t *tree;
    onc_genes_t *genes;
} fhir_export_t;

static void fhir_export_free(fhir_export_t *e)
{
    onc_fhir_codes_free(e->codes);
    onc_oncotree_free(e->tree);
    onc_genes_free(e->genes);
}

/* The code table, OncoTree (names) and gene aliases, from $ONCOBOARD_KB or the built-in kb. */
static int fhir_export_load(fhir_export_t *e)
{
    onc_err_t err = {0};
    if ((e->codes = onc_fhir_codes_load(NULL, &err)) && (e->tree = onc_oncotree_load(NULL, &err)) &&
        (e->genes = onc_genes_load(NULL, &err)))
        return CLI_OK;
    cli_error("db export", "%s", err.msg);
    return cli_status_of(err.code);
}

static int export_patient(onc_db_t *db, const cli_export_args_t *a, const fhir_export_t *e, const char *id)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    char *text = NULL, *path = NULL;
    const char *actor = onc_audit_os_actor();
    onc_fhir_opts_t opts;
    onc_fhir_opts_init(&opts);
    opts.oncotree = e->tree;
    opts.genes = e->genes;
    onc_audit_entry_t audit = {.actor = actor, .action = "export", .entity = "patient", .entity_id = id,
                               .patient_id = id, .detail = "FHIR R4 bundle"};
    onc_rc rc = onc_store_get_case(db, id, actor, &c, &err);
    if (rc == ONC_OK) rc = onc_fhir_bundle(c, e->codes, &opts, &text, &err);
    if (rc == ONC_OK) rc = onc_audit_append(db, &audit, &err);
    int status = CLI_OK;
    if (rc != ONC_OK) {
        cli_error("db export", "%s", err.msg);
        status = cli_status_of(rc);
    } else if (!(path = cli_export_path(a->out, id, ".fhir.json"))) {
        cli_error("db export", "out of memory");
        status = CLI_INTERNAL;
    } else {
        status = cli_write_text_file("db export", path, text);
    }
    free(path);
    free(text);
    onc_case_free(c);
    return status;
}

int cli_export_fhir(onc_db_t *db, const cli_export_args_t *a, const char *const *ids, size_t n)
{
    fhir_export_t e = {0};
    int status = fhir_export_load(&e);
    for (size_t i = 0; status == CLI_OK && i < n; i++) status = export_patient(db, a, &e, ids[i]);
    fhir_export_free(&e);
    if (status == CLI_OK) fprintf(stderr, "oncoboard db export: %zu FHIR bundles written to %s\n", n, a->out);
    return status;
}
