/* store_phase1_json.c: a phase I trial and its next-dose recommendation as JSON
 * (onc_phase1_json, store_phase1.h): one document for the command line and the server, so that
 * `design boin next --db` and GET /api/v1/trials/{key}/phase1 say the same thing in the same words.
 * Levels are numbered from 1; a missing value is null, never 0.
 */
#include "oncoboard/store_phase1.h"

#include "oncoboard/alteration.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *num_or_null(double v) { return isnan(v) ? json_null() : json_real(v); }
static json_t *level_or_null(int level) { return level > 0 ? json_integer(level) : json_null(); }

static json_t *patient_json(const onc_phase1_trial_t *t, const onc_phase1_patient_t *p)
{
    json_t *dlts = json_array();
    for (size_t k = 0; dlts && k < p->n_dlts; k++) {
        const onc_phase1_dlt_t *d = &t->dlts[p->first_dlt + k];
        json_array_append_new(dlts, json_pack("{s:s,s:i,s:s}", "term", d->term, "grade", d->grade, "onset", d->onset));
    }
    return json_pack("{s:s,s:s,s:b,s:o*}", "patient", p->patient, "dose_date", p->dose_date, "window_complete",
                     p->window_complete, "dlts", dlts);
}

static json_t *level_json(const onc_phase1_trial_t *t, const onc_phase1_rec_t *r, int j)
{
    const onc_phase1_setup_t *s = &t->setup;
    json_t *patients = json_array();
    for (size_t i = 0; patients && i < t->n_patients; i++)
        if (t->patients[i].level == j + 1) json_array_append_new(patients, patient_json(t, &t->patients[i]));
    json_t *o = json_pack("{s:i,s:s,s:o,s:o*}", "level", j + 1, "label", s->doses[j].label, "skeleton",
                          num_or_null(s->doses[j].skeleton), "patients", patients);
    if (o && r) {
        const onc_phase1_level_t *l = &r->levels[j];
        json_object_set_new(o, "n", json_integer(l->n));
        json_object_set_new(o, "y", json_integer(l->y));
        json_object_set_new(o, "pending", json_integer(l->pending));
        json_object_set_new(o, "followup", json_real(l->followup));
        json_object_set_new(o, "eliminated", json_boolean(r->eliminated_from > 0 && j + 1 >= r->eliminated_from));
        json_object_set_new(o, "ptox", num_or_null(r->ptox[j]));
    }
    return o;
}

static json_t *table_json(const onc_phase1_setup_t *s)
{
    onc_boin_row_t *rows = NULL;
    size_t n = 0;
    onc_err_t ignored = {0};
    if (onc_phase1_table(s, &rows, &n, &ignored) != ONC_OK) return json_null();
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_pack("{s:i,s:i,s:i,s:o}", "n", rows[i].n, "escalate_if_le", rows[i].escalate_le,
                                           "deescalate_if_ge", rows[i].deescalate_ge, "eliminate_if_ge",
                                           rows[i].eliminate_ge < 0 ? json_null() : json_integer(rows[i].eliminate_ge)));
    free(rows);
    return a ? a : json_null();
}

static void add_recommendation(json_t *o, const onc_phase1_trial_t *t, const onc_phase1_rec_t *r, const char *asof)
{
    json_object_set_new(o, "as_of", asof ? json_string(asof) : json_null());
    json_object_set_new(o, "treated", json_integer(r->treated));
    json_object_set_new(o, "current", level_or_null(r->current));
    json_object_set_new(o, "eliminated_from", level_or_null(r->eliminated_from));
    json_object_set_new(o, "decision", json_string(r->decision));
    json_object_set_new(o, "next_level", level_or_null(r->next_level));
    json_object_set_new(o, "next_label", r->next_level > 0 ? json_string(t->setup.doses[r->next_level - 1].label)
                                                           : json_null());
    json_object_set_new(o, "rule", json_string(r->rule));
    json_object_set_new(o, "table", table_json(&t->setup));
}

json_t *onc_phase1_json(const onc_phase1_trial_t *t, const onc_phase1_rec_t *r, const char *asof)
{
    const onc_phase1_setup_t *s = &t->setup;
    json_t *levels = json_array();
    for (int j = 0; levels && j < s->n_doses; j++) json_array_append_new(levels, level_json(t, r, j));
    json_t *o = json_pack("{s:s,s:s,s:f,s:i,s:i,s:o,s:o,s:o,s:o*}", "trial", t->trial, "design", s->design, "target",
                          s->target, "cohort_size", s->cohort_size, "sample_size", s->sample_size, "dlt_window_days",
                          s->dlt_window_days == ONC_INT_MISSING ? json_null() : json_integer(s->dlt_window_days),
                          "margin", num_or_null(s->margin), "model", s->model[0] ? json_string(s->model) : json_null(),
                          "levels", levels);
    if (o && r) add_recommendation(o, t, r, asof);
    return o;
}
