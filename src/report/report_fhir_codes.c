/* report_fhir_codes.c: the FHIR export's code table, kb/fhir_codes.tsv (fhir.h).
 *
 * Every code the exporter writes is a row here with its source, so that a reviewer checks codes
 * against one file and a curator adds one without touching C. Rows are read once into an array
 * whose strings point into the file's text; lookups are linear over about a hundred rows, a few
 * dozen times per patient. A bad row stops the load naming the file and line: a code silently
 * dropped would be written as text without anyone noticing why.
 */
#include "oncoboard/fhir.h"
#include "oncoboard/kbfile.h"

#include <stdlib.h>
#include <string.h>

#define FHIR_CODES_MAX 4096 /* rows; the shipped table has about a hundred */

typedef struct fhir_row {
    const char *key;
    onc_fhir_code_t code;
} fhir_row_t;

struct onc_fhir_codes {
    onc_kb_text_t text;
    fhir_row_t *rows;
    size_t n;
};

void onc_fhir_codes_free(onc_fhir_codes_t *codes)
{
    if (!codes) return;
    onc_kb_text_free(&codes->text);
    free(codes->rows);
    free(codes);
}

static const char *empty_null(const char *s) { return s && *s ? s : NULL; }

/* Checks the current row and appends it. */
static onc_rc add_row(onc_fhir_codes_t *t, const onc_kb_rows_t *r, const int *col)
{
    const char *key = onc_kb_rows_cell(r, col[0]), *code = onc_kb_rows_cell(r, col[2]);
    const char *verified = onc_kb_rows_cell(r, col[4]), *source = onc_kb_rows_cell(r, col[5]);
    if (!*key) return onc_kb_rows_fail(r, ONC_EPARSE, "key", "empty");
    if (!*code) return onc_kb_rows_fail(r, ONC_EPARSE, "code", "empty");
    if (strcmp(verified, "yes") && strcmp(verified, "no"))
        return onc_kb_rows_fail(r, ONC_EPARSE, "verified", "expected yes or no, got \"%s\"", verified);
    if (!*source) return onc_kb_rows_fail(r, ONC_EPARSE, "source", "empty: every code names its source");
    if (onc_fhir_code_find(t, key)) return onc_kb_rows_fail(r, ONC_EPARSE, "key", "\"%s\" listed twice", key);
    if (t->n == FHIR_CODES_MAX) return onc_kb_rows_fail(r, ONC_ELIMIT, NULL, "more than %d rows", FHIR_CODES_MAX);
    /* an unverified row is kept in the file for the curator but never written */
    if (strcmp(verified, "yes")) return ONC_OK;
    fhir_row_t *row = &t->rows[t->n++];
    row->key = key;
    row->code.system = empty_null(onc_kb_rows_cell(r, col[1]));
    row->code.code = code;
    row->code.display = empty_null(onc_kb_rows_cell(r, col[3]));
    return ONC_OK;
}

onc_fhir_codes_t *onc_fhir_codes_load(const char *kb_dir, onc_err_t *err)
{
    static const char *const cols[] = {"key", "system", "code", "display", "verified", "source", NULL};
    onc_fhir_codes_t *t = calloc(1, sizeof *t);
    if (!t || !(t->rows = calloc(FHIR_CODES_MAX, sizeof *t->rows))) {
        onc_err_set(err, ONC_ENOMEM, "kb/fhir_codes.tsv: out of memory");
        onc_fhir_codes_free(t);
        return NULL;
    }
    onc_kb_rows_t r;
    int col[6], ret = 0;
    onc_rc rc = onc_kb_text_load(&t->text, kb_dir, "fhir_codes.tsv", err);
    if (!rc) rc = onc_kb_rows_open(&r, &t->text, err);
    if (!rc) rc = onc_kb_rows_columns(&r, cols, col);
    while (!rc && (ret = onc_kb_rows_next(&r)) > 0) rc = add_row(t, &r, col);
    if (!rc && ret < 0) rc = r.rc;
    if (rc) {
        onc_fhir_codes_free(t);
        return NULL;
    }
    return t;
}

const onc_fhir_code_t *onc_fhir_code_find(const onc_fhir_codes_t *codes, const char *key)
{
    for (size_t i = 0; codes && i < codes->n; i++)
        if (strcmp(codes->rows[i].key, key) == 0) return &codes->rows[i].code;
    return NULL;
}
