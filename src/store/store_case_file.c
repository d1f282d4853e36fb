/* store_case_file.c: a registered patient's case file, as `db export --format case` writes it and
 * the server's GET /api/v1/patients/{id} answers: the text as it was imported while the registry
 * still holds exactly what it says, else the case rebuilt from the registry's rows and written by
 * the case writer (a lab file's variant its reader left unnamed cannot be named in a case file:
 * it is left out, and counted for the caller to say so).
 */
#include "oncoboard/store.h"

#include <stdio.h>
#include <stdlib.h>

/* The case rebuilt from the rows, as case-file text. */
static onc_rc rebuilt_text(onc_db_t *db, const char *patient_id, const char *actor, char **text, size_t *n_dropped,
                           onc_err_t *err)
{
    onc_case_t *c = NULL;
    onc_rc rc = onc_store_get_case(db, patient_id, actor, &c, err);
    if (rc != ONC_OK) return rc;
    *n_dropped = onc_case_drop_unnamed_variants(c);
    size_t len = 0;
    FILE *fp = open_memstream(text, &len);
    if (!fp) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) rc = onc_case_write_json(c, fp, err);
    if (fp && fclose(fp) != 0 && rc == ONC_OK) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_case_free(c);
    if (rc != ONC_OK) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

onc_rc onc_store_case_file(onc_db_t *db, const char *patient_id, const char *actor, char **text, size_t *n_dropped,
                           onc_err_t *err)
{
    *text = NULL;
    *n_dropped = 0;
    char *name = NULL;
    bool current = false;
    onc_rc rc = onc_store_get_case_text(db, patient_id, actor, &name, text, &current, err);
    free(name);
    if (rc == ONC_OK && current) return ONC_OK;
    free(*text);
    *text = NULL;
    /* no stored text (a patient registered from other sources) or one no longer current */
    if (rc != ONC_OK && rc != ONC_ENOTFOUND) return rc;
    return rebuilt_text(db, patient_id, actor, text, n_dropped, err);
}
