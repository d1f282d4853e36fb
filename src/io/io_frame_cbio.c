/* io_frame_cbio.c: a cBioPortal study's clinical tables as a cohort table (stats_cohort.h), so
 * that the statistics see one kind of table whether they read a TSV or a study folder.
 *
 * The clinical reader (io_cbio_clinical.c) has already joined samples to patients and dropped
 * cBioPortal's missing-value markers; here the join is written out as TSV text (one row per
 * patient or per sample) and cut by the frame's own parser, so the frame keeps one owner of its
 * text and one set of rules. cBioPortal's values never hold a tab or a newline (the files are
 * TSV), so the text round-trips. */
#include "oncoboard/stats_cohort.h"
#include "oncoboard/strbuf.h"

#include <string.h>

/* The attribute columns after PATIENT_ID and SAMPLE_ID: the defs in file order, without the
 * ids and without a sample column that repeats a patient column's id. */
static bool column_kept(const onc_cbio_clinical_t *c, size_t j)
{
    const onc_attr_def_t *d = &c->defs[j];
    if (strcmp(d->id, "PATIENT_ID") == 0 || strcmp(d->id, "SAMPLE_ID") == 0) return false;
    for (size_t i = 0; i < j; i++)
        if (strcmp(c->defs[i].id, d->id) == 0) return false;
    return true;
}

static onc_rc put_cell(onc_strbuf_t *b, const char *v)
{
    onc_rc rc = onc_strbuf_putc(b, '\t');
    if (rc == ONC_OK && v) rc = onc_strbuf_puts(b, v);
    return rc;
}

static const char *sample_value(const onc_attr_sample_t *s, const char *id)
{
    return s ? onc_attr_get(s->values, s->n_values, id) : NULL;
}

/* One row: the patient's values, and those of sample s (NULL: the patient has none). */
static onc_rc put_row(onc_strbuf_t *b, const onc_cbio_clinical_t *c, const onc_attr_patient_t *p,
                      const onc_attr_sample_t *s, bool per_sample)
{
    onc_rc rc = onc_strbuf_puts(b, p->patient_id);
    if (rc == ONC_OK) rc = put_cell(b, s ? s->sample_id : NULL);
    if (rc == ONC_OK && !per_sample) {
        rc = onc_strbuf_putc(b, '\t');
        for (size_t k = 0; rc == ONC_OK && k < p->n_samples; k++)
            rc = onc_strbuf_printf(b, "%s%s", k ? "," : "", p->samples[k].sample_id);
    }
    for (size_t j = 0; rc == ONC_OK && j < c->n_defs; j++) {
        if (!column_kept(c, j)) continue;
        const char *v = c->defs[j].level == ONC_ATTR_PATIENT ? onc_attr_get(p->values, p->n_values, c->defs[j].id)
                                                             : sample_value(s, c->defs[j].id);
        rc = put_cell(b, v);
    }
    return rc == ONC_OK ? onc_strbuf_putc(b, '\n') : rc;
}

static onc_rc put_header(onc_strbuf_t *b, const onc_cbio_clinical_t *c, bool per_sample)
{
    onc_rc rc = onc_strbuf_puts(b, per_sample ? "PATIENT_ID\tSAMPLE_ID" : "PATIENT_ID\tSAMPLE_ID\tSAMPLE_IDS");
    for (size_t j = 0; rc == ONC_OK && j < c->n_defs; j++)
        if (column_kept(c, j)) rc = put_cell(b, c->defs[j].id);
    return rc == ONC_OK ? onc_strbuf_putc(b, '\n') : rc;
}

onc_rc onc_frame_from_cbio(const onc_cbio_clinical_t *c, bool per_sample, const char *name, onc_frame_t **out,
                           onc_err_t *err)
{
    *out = NULL;
    onc_strbuf_t b = ONC_STRBUF_INIT;
    b.cap = ONC_FRAME_MAX_BYTES;
    onc_rc rc = put_header(&b, c, per_sample);
    for (size_t i = 0; rc == ONC_OK && i < c->n_patients; i++) {
        const onc_attr_patient_t *p = &c->patients[i];
        if (!per_sample) rc = put_row(&b, c, p, p->n_samples ? &p->samples[0] : NULL, false);
        for (size_t k = 0; per_sample && rc == ONC_OK && k < p->n_samples; k++)
            rc = put_row(&b, c, p, &p->samples[k], true);
    }
    if (rc != ONC_OK) rc = onc_err_set(err, rc, "%s: the clinical tables do not fit in a cohort table (%s)",
                                       name ? name : "study", rc == ONC_ELIMIT ? "too large" : "out of memory");
    else rc = onc_frame_parse(onc_strbuf_str(&b), b.len, name, out, err);
    onc_strbuf_free(&b);
    return rc;
}
