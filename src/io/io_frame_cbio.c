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

#include <stdlib.h>
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

/* The text of the table; chosen (per patient: the index of its representative sample, -1 for
 * none, -2 to leave the patient out) is NULL for the first sample, or unused per_sample. */
static onc_rc frame_text(onc_strbuf_t *b, const onc_cbio_clinical_t *c, bool per_sample, const long *chosen)
{
    onc_rc rc = put_header(b, c, per_sample);
    for (size_t i = 0; rc == ONC_OK && i < c->n_patients; i++) {
        const onc_attr_patient_t *p = &c->patients[i];
        long k = chosen ? chosen[i] : p->n_samples ? 0 : -1;
        if (!per_sample && k >= -1) rc = put_row(b, c, p, k >= 0 ? &p->samples[k] : NULL, false);
        for (size_t s = 0; per_sample && rc == ONC_OK && s < p->n_samples; s++) rc = put_row(b, c, p, &p->samples[s], true);
    }
    return rc;
}

static onc_rc frame_of(const onc_cbio_clinical_t *c, bool per_sample, const long *chosen, const char *name,
                       onc_frame_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_strbuf_t b = ONC_STRBUF_INIT;
    b.cap = ONC_FRAME_MAX_BYTES;
    onc_rc rc = frame_text(&b, c, per_sample, chosen);
    if (rc != ONC_OK) rc = onc_err_set(err, rc, "%s: the clinical tables do not fit in a cohort table (%s)",
                                       name ? name : "study", rc == ONC_ELIMIT ? "too large" : "out of memory");
    else rc = onc_frame_parse(onc_strbuf_str(&b), b.len, name, out, err);
    onc_strbuf_free(&b);
    return rc;
}

onc_rc onc_frame_from_cbio(const onc_cbio_clinical_t *c, bool per_sample, const char *name, onc_frame_t **out,
                           onc_err_t *err)
{
    return frame_of(c, per_sample, NULL, name, out, err);
}

/* Per patient, the first of its samples whose row of the per-sample table passes the
 * conditions (every sample without conditions), counted in pick. */
static onc_rc choose_samples(const onc_cbio_clinical_t *c, const onc_frame_cond_t *conds, size_t n_conds,
                             const char *name, long *chosen, onc_cbio_pick_t *pick, onc_err_t *err)
{
    onc_frame_t *per_sample = NULL;
    bool *keep = NULL;
    onc_rc rc = ONC_OK;
    if (n_conds) {
        rc = frame_of(c, true, NULL, name, &per_sample, err);
        size_t n = rc == ONC_OK ? onc_frame_rows(per_sample) : 0;
        if (rc == ONC_OK && !(keep = malloc((n ? n : 1) * sizeof *keep))) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        for (size_t i = 0; rc == ONC_OK && i < n; i++) keep[i] = true;
        if (rc == ONC_OK) rc = onc_frame_cond_eval(per_sample, conds, n_conds, keep, err);
    }
    for (size_t i = 0, row = 0; rc == ONC_OK && i < c->n_patients; i++) {
        const onc_attr_patient_t *p = &c->patients[i];
        size_t candidates = 0;
        chosen[i] = n_conds ? -2 : p->n_samples ? 0 : -1;
        for (size_t s = 0; s < p->n_samples; s++, row++) {
            if (keep && !keep[row]) continue;
            if (candidates++ == 0) chosen[i] = (long)s;
        }
        pick->n_several += candidates > 1;
        pick->n_none += chosen[i] == -2;
    }
    free(keep);
    onc_frame_free(per_sample);
    return rc;
}

onc_rc onc_frame_from_cbio_pick(const onc_cbio_clinical_t *c, const onc_frame_cond_t *conds, size_t n_conds,
                                const char *name, onc_frame_t **out, onc_cbio_pick_t *pick, onc_err_t *err)
{
    *out = NULL;
    memset(pick, 0, sizeof *pick);
    long *chosen = malloc((c->n_patients ? c->n_patients : 1) * sizeof *chosen);
    if (!chosen) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = choose_samples(c, conds, n_conds, name, chosen, pick, err);
    if (rc == ONC_OK) rc = frame_of(c, false, chosen, name, out, err);
    free(chosen);
    return rc;
}
