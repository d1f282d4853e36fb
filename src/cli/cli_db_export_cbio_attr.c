/* cli_db_export_cbio_attr.c: the clinical attributes imported cBioPortal studies brought, written
 * back by the cBioPortal export (store_attributes.h; `db import --format cbioportal` stores them).
 *
 * A study imported then exported keeps its clinical columns: every column of its clinical files
 * that the export does not write itself is added after ours, with the display name, description,
 * datatype and priority of its '#' header lines; a column the export does write (SEX, AGE,
 * PFS_MONTHS, SAMPLE_TYPE ...) holds the value the study gave, exactly, where the study gave one
 * (the import maps some of them lossily into the case model: "Ever" smoker, "Primary" sample).
 * Only the patients a study brought are read here, so that a registry without imported studies
 * reads each patient once.
 */
#include "cli_db_export_cbio.h"

#include "oncoboard/audit.h"

#include <stdlib.h>
#include <string.h>

#define CMD "db export"

/* Whether id (a patient's external id) is among the sorted ids. */
static bool among(char **ids, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(ids[mid], id);
        if (c == 0) return true;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

static int read_patient_attrs(cbio_study_t *st, onc_db_t *db, char **ids, size_t n)
{
    for (size_t i = 0; i < st->n_patients; i++) {
        cbio_patient_t *p = &st->patients[i];
        if (p->attrs || !among(ids, n, p->x->c->id)) continue;
        onc_err_t err = {0};
        if (onc_store_attr_get(db, p->x->c->id, onc_audit_os_actor(), &p->attrs, &err) != ONC_OK) {
            cli_error(CMD, "%s", err.msg);
            return cli_status_of(err.code);
        }
    }
    return CLI_OK;
}

int cbio_attrs_read(cbio_study_t *st, onc_db_t *db)
{
    onc_err_t err = {0};
    if (onc_store_attr_catalog(db, &st->catalog, &err) != ONC_OK) {
        cli_error(CMD, "%s", err.msg);
        return cli_status_of(err.code);
    }
    int status = CLI_OK;
    for (size_t s = 0; status == CLI_OK && s < st->catalog.n_studies; s++) {
        char **ids = NULL;
        size_t n = 0;
        if (onc_store_study_patients(db, st->catalog.studies[s].study_key, onc_audit_os_actor(), &ids, &n, &err) !=
            ONC_OK) {
            cli_error(CMD, "%s", err.msg);
            return cli_status_of(err.code);
        }
        status = read_patient_attrs(st, db, ids, n);
        onc_store_ids_free(ids, n);
    }
    return status;
}

static bool named(const cbio_attr_t *cols, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(cols[i].name, id) == 0) return true;
    return false;
}

static bool taken(const onc_attr_def_t *const *defs, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(defs[i]->id, id) == 0) return true;
    return false;
}

int cbio_attrs_columns(cbio_study_t *st, const cbio_attr_t *patient_cols, size_t n_patient,
                       const cbio_attr_t *sample_cols, size_t n_sample)
{
    const onc_attr_catalog_t *c = &st->catalog;
    for (int level = 0; level < 2; level++)
        if (c->n_defs && !(st->extra[level] = calloc(c->n_defs, sizeof *st->extra[level])))
            return cli_error(CMD, "out of memory"), CLI_INTERNAL;
    /* patient columns first: an id at both levels stays a patient attribute */
    for (int level = 0; level < 2; level++)
        for (size_t i = 0; i < c->n_defs; i++) {
            const onc_attr_def_t *d = &c->defs[i];
            if ((level == 0) != (d->level == ONC_ATTR_PATIENT)) continue;
            bool skip = named(patient_cols, n_patient, d->id) || named(sample_cols, n_sample, d->id) ||
                        !strcmp(d->id, "MUTATION_COUNT") || !strcmp(d->id, "FRACTION_GENOME_ALTERED") ||
                        taken(st->extra[0], st->n_extra[0], d->id) || taken(st->extra[1], st->n_extra[1], d->id);
            if (!skip) st->extra[level][st->n_extra[level]++] = d;
        }
    return CLI_OK;
}

const char *cbio_attr_value(const cbio_patient_t *p, const char *sample_id, const char *id)
{
    const onc_attr_patient_t *a = p->attrs;
    if (!a) return NULL;
    for (size_t i = 0; sample_id && i < a->n_samples; i++)
        if (a->samples[i].sample_id && strcmp(a->samples[i].sample_id, sample_id) == 0) {
            const char *v = onc_attr_get(a->samples[i].values, a->samples[i].n_values, id);
            if (v) return v;
        }
    return onc_attr_get(a->values, a->n_values, id);
}

void cbio_attrs_free(cbio_study_t *st)
{
    for (size_t i = 0; i < st->n_patients; i++) onc_attr_patient_free(st->patients[i].attrs);
    onc_attr_catalog_free(&st->catalog);
    free(st->extra[0]);
    free(st->extra[1]);
}
