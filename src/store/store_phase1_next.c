/* store_phase1_next.c: the next cohort's dose of a phase I trial read from the registry
 * (onc_phase1_recommend, onc_phase1_table; store_phase1.h).
 *
 * The trial's rows become the counts design.h decides on, then each design's own function
 * decides: onc_boin_next for BOIN, onc_tite_boin_decide for TITE-BOIN (its "escalate if the
 * follow-up reaches the threshold" decisions resolved with the pending patients' follow-up, as
 * `design tite-boin next --stft` does), onc_interval_decide for Keyboard and onc_crm_fit for the
 * CRM. Nothing here is a second decision engine: only the bookkeeping the command line's `next`
 * leaves to its user (which dose is current, which are eliminated, who is pending) is done.
 *
 * Elimination is recomputed from the counts: a level whose counts reach its decision table's
 * elimination boundary is eliminated with every level above it. Because an eliminated level gets
 * no more patients and its DLTs can only grow, it stays eliminated.
 */
#include "store_clinic_int.h"

#include "oncoboard/store_phase1.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Counts per level as of asof (days since 1970 in asof_days). */
static onc_rc count_levels(const onc_phase1_trial_t *t, int32_t asof_days, onc_phase1_rec_t *r, onc_err_t *err)
{
    const onc_phase1_setup_t *s = &t->setup;
    bool tite = s->dlt_window_days != ONC_INT_MISSING;
    for (size_t i = 0; i < t->n_patients; i++) {
        const onc_phase1_patient_t *p = &t->patients[i];
        if (p->level < 1 || p->level > s->n_doses)
            return onc_err_set(err, ONC_EINTERNAL, "patient %s: level %d outside the set-up", p->patient, p->level);
        onc_phase1_level_t *l = &r->levels[p->level - 1];
        l->n++;
        if (p->n_dlts > 0) {
            l->y++;
            continue;
        }
        onc_date_t d;
        onc_err_t why = {0};
        if (!tite || p->window_complete) continue;
        if (onc_date_parse(p->dose_date, &d, &why) != ONC_OK)
            return onc_err_set(err, ONC_EINTERNAL, "patient %s: first dose '%s': %s", p->patient, p->dose_date, why.msg);
        int32_t days = asof_days - onc_date_days(d);
        if (days < 0) days = 0;
        if (days >= s->dlt_window_days) continue;
        l->pending++;
        l->followup += (double)days / s->dlt_window_days;
    }
    r->treated = (int)t->n_patients;
    r->current = t->n_patients ? t->patients[t->n_patients - 1].level : 0;
    return ONC_OK;
}

/* The lowest level eliminated by its counts under the table rows (0-based, -1: none), skipping
 * level `skip` (the current one, which the design function judges itself). */
static int eliminated_by_rows(const onc_boin_row_t *rows, const onc_phase1_rec_t *r, int skip)
{
    for (int j = 0; j < r->n_doses; j++) {
        const onc_phase1_level_t *l = &r->levels[j];
        if (j == skip || l->n == 0) continue;
        if (rows[l->n].eliminate_ge >= 0 && l->y >= rows[l->n].eliminate_ge) return j;
    }
    return -1;
}

static void set_decision(onc_phase1_rec_t *r, const char *decision, int next0)
{
    snprintf(r->decision, sizeof r->decision, "%s", decision);
    r->next_level = next0 + 1;
}

static onc_rc boin(const onc_phase1_trial_t *t, const onc_boin_row_t *rows, onc_phase1_rec_t *r, onc_err_t *err)
{
    onc_boin_params_t p;
    onc_phase1_boin_params(&t->setup, &p);
    int n[ONC_DESIGN_MAX_DOSES], y[ONC_DESIGN_MAX_DOSES], cur = r->current - 1;
    for (int j = 0; j < r->n_doses; j++) n[j] = r->levels[j].n, y[j] = r->levels[j].y;
    onc_boin_next_t nx;
    onc_rc rc = onc_boin_next(&p, n, y, r->n_doses, cur, eliminated_by_rows(rows, r, cur), &nx, err);
    if (rc != ONC_OK) return rc;
    bool stop = nx.decision == ONC_BOIN_STOP_TOXIC || nx.decision == ONC_BOIN_STOP_SELECT;
    set_decision(r, onc_boin_decision_names[nx.decision], stop ? -1 : nx.next_dose);
    r->eliminated_from = nx.eliminated_from + 1;
    snprintf(r->rule, sizeof r->rule, "%s", nx.rule);
    return ONC_OK;
}

/* The level after decision dec at level cur (0-based) below the eliminated ones (top). */
static int move(int cur, int top, bool up, bool down)
{
    if (up && cur < top) return cur + 1;
    if (down && cur > 0) return cur - 1;
    return cur;
}

static onc_rc tite_boin(const onc_phase1_trial_t *t, const onc_boin_row_t *rows, onc_phase1_rec_t *r, onc_err_t *err)
{
    onc_boin_params_t p;
    onc_phase1_boin_params(&t->setup, &p);
    int cur = r->current - 1, elim = eliminated_by_rows(rows, r, cur);
    const onc_phase1_level_t *l = &r->levels[cur];
    onc_tite_decision dec;
    double thr;
    onc_rc rc = onc_tite_boin_decide(&p, l->n, l->y, l->pending, &dec, &thr, err);
    if (rc != ONC_OK) return rc;
    int len = snprintf(r->rule, sizeof r->rule, "%d DLT(s) in %d patients, %d pending at level %d: %s", l->y, l->n,
                       l->pending, cur + 1, onc_tite_decision_names[dec]);
    if (dec == ONC_TITE_ESCALATE_IF || dec == ONC_TITE_STAY_IF) {
        bool met = dec == ONC_TITE_ESCALATE_IF ? l->followup >= thr : l->followup > thr;
        snprintf(r->rule + len, sizeof r->rule - (size_t)len, " (pending follow-up %.2f %s %.2f)", l->followup,
                 dec == ONC_TITE_ESCALATE_IF ? (met ? ">=" : "<") : (met ? ">" : "<="), thr);
        dec = dec == ONC_TITE_ESCALATE_IF ? (met ? ONC_TITE_ESCALATE : ONC_TITE_STAY)
                                          : (met ? ONC_TITE_STAY : ONC_TITE_DEESCALATE);
    }
    if (dec == ONC_TITE_DEESCALATE_ELIMINATE && (elim < 0 || cur < elim)) elim = cur;
    r->eliminated_from = elim + 1;
    int top = elim >= 0 ? elim - 1 : r->n_doses - 1;
    if (dec == ONC_TITE_SUSPEND) return set_decision(r, "suspend", -1), ONC_OK;
    if (dec == ONC_TITE_DEESCALATE_ELIMINATE && cur == 0) return set_decision(r, "stop_toxic", -1), ONC_OK;
    bool up = dec == ONC_TITE_ESCALATE, down = dec == ONC_TITE_DEESCALATE || dec == ONC_TITE_DEESCALATE_ELIMINATE;
    int next = move(cur, top, up, down);
    set_decision(r, next > cur ? "escalate" : next < cur ? "deescalate" : "stay", next);
    return ONC_OK;
}

static onc_rc keyboard(const onc_phase1_trial_t *t, const onc_boin_row_t *rows, onc_phase1_rec_t *r, onc_err_t *err)
{
    (void)err;
    double m = isnan(t->setup.margin) ? 0.05 : t->setup.margin;
    int cur = r->current - 1, elim = eliminated_by_rows(rows, r, cur);
    const onc_phase1_level_t *l = &r->levels[cur];
    onc_interval_decision d = onc_interval_decide(ONC_INTERVAL_MTPI2, t->setup.target, m, m, l->n, l->y);
    snprintf(r->rule, sizeof r->rule, "Keyboard (target %g +- %g): %d DLT(s) in %d patients at level %d: %s",
             t->setup.target, m, l->y, l->n, cur + 1, onc_interval_decision_names[d]);
    if (d == ONC_INTERVAL_DU && (elim < 0 || cur < elim)) elim = cur;
    r->eliminated_from = elim + 1;
    if (d == ONC_INTERVAL_DU && cur == 0) return set_decision(r, "stop_toxic", -1), ONC_OK;
    int top = elim >= 0 ? elim - 1 : r->n_doses - 1;
    int next = move(cur, top, d == ONC_INTERVAL_E, d == ONC_INTERVAL_D || d == ONC_INTERVAL_DU);
    set_decision(r, next > cur ? "escalate" : next < cur ? "deescalate" : "stay", next);
    return ONC_OK;
}

/* The CRM's choice after every patient in order, with dfcrm's restrictions as `design crm next`
 * applies them: at most one level above the last patient's, none above it after their DLT. */
static onc_rc crm(const onc_phase1_trial_t *t, int32_t asof_days, onc_phase1_rec_t *r, onc_err_t *err)
{
    const onc_phase1_setup_t *s = &t->setup;
    onc_crm_t c;
    onc_crm_init(&c);
    c.model = !strcmp(s->model, "logistic") ? ONC_CRM_LOGISTIC : ONC_CRM_EMPIRIC;
    c.n_doses = s->n_doses, c.target = s->target;
    for (int j = 0; j < s->n_doses; j++) c.skeleton[j] = s->doses[j].skeleton;
    size_t n = t->n_patients;
    int *level = calloc(n, sizeof *level), *dlt = calloc(n, sizeof *dlt);
    double *w = calloc(n, sizeof *w);
    onc_rc rc = level && dlt && w ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ONC_OK && i < n; i++) {
        const onc_phase1_patient_t *p = &t->patients[i];
        onc_date_t d;
        level[i] = p->level - 1, dlt[i] = p->n_dlts > 0, w[i] = 1;
        if (dlt[i] || p->window_complete || s->dlt_window_days == ONC_INT_MISSING) continue;
        if (onc_date_parse(p->dose_date, &d, err) == ONC_OK)
            w[i] = onc_crm_weight_linear(asof_days - onc_date_days(d), s->dlt_window_days);
    }
    onc_crm_fit_t f;
    if (rc == ONC_OK) rc = onc_crm_fit(&c, level, dlt, w, (int)n, &f, err);
    if (rc == ONC_OK) {
        int last = level[n - 1], next = f.mtd;
        const char *why = "the model's estimate closest to the target";
        if (next > last + 1) next = last + 1, why = "no skipping: one level above the last patient's";
        if (dlt[n - 1] && next > last) next = last, why = "no escalation after the last patient's DLT";
        for (int j = 0; j < s->n_doses; j++) r->ptox[j] = f.ptox[j];
        snprintf(r->rule, sizeof r->rule, "CRM: level %d has the posterior DLT rate %.3f closest to %g; level %d: %s",
                 f.mtd + 1, f.ptox[f.mtd], s->target, next + 1, why);
        set_decision(r, next > last ? "escalate" : next < last ? "deescalate" : "stay", next);
    }
    free(level), free(dlt), free(w);
    return rc;
}

onc_rc onc_phase1_table(const onc_phase1_setup_t *s, onc_boin_row_t **out, size_t *n_rows, onc_err_t *err)
{
    *out = NULL, *n_rows = 0;
    if (!strcmp(s->design, "crm"))
        return onc_err_set(err, ONC_EINVAL, "the CRM has no decision table: its decisions come from the model");
    int max_n = s->sample_size > ONC_DESIGN_MAX_N ? ONC_DESIGN_MAX_N : s->sample_size;
    onc_boin_row_t *all = NULL;
    onc_rc rc;
    if (!strcmp(s->design, "keyboard")) {
        double m = isnan(s->margin) ? 0.05 : s->margin;
        rc = onc_interval_rows(ONC_INTERVAL_MTPI2, s->target, m, m, max_n, &all, err);
    } else {
        onc_boin_params_t p;
        onc_phase1_boin_params(s, &p);
        rc = onc_boin_rows(&p, max_n, &all, err);
    }
    if (rc != ONC_OK) return rc;
    size_t k = 0, step = (size_t)(s->cohort_size > 0 ? s->cohort_size : 1);
    for (size_t n = step; n <= (size_t)max_n; n += step) all[k++] = all[n]; /* rows at whole cohorts */
    *out = all, *n_rows = k;
    return ONC_OK;
}

static onc_rc asof_days_of(const char *asof, int32_t *days, onc_err_t *err)
{
    char today[11];
    if (!asof) clinic_today(today), asof = today;
    onc_date_t d;
    onc_rc rc = clinic_date(asof, "as of", false, &d, err);
    if (rc == ONC_OK) *days = onc_date_days(d);
    return rc;
}

static onc_rc decide(const onc_phase1_trial_t *t, int32_t asof_days, onc_phase1_rec_t *r, onc_err_t *err)
{
    const char *design = t->setup.design;
    if (!strcmp(design, "crm")) return crm(t, asof_days, r, err);
    onc_phase1_setup_t all_n = t->setup;
    all_n.cohort_size = 1, all_n.sample_size = r->treated; /* a row for every count reached */
    onc_boin_row_t *rows = NULL;
    size_t n_rows = 0;
    onc_rc rc = onc_phase1_table(&all_n, &rows, &n_rows, err);
    onc_boin_row_t *full = NULL;
    if (rc == ONC_OK) {
        /* rows[k] is n = k + 1; index by n with a row for n = 0 in front */
        full = calloc(n_rows + 1, sizeof *full);
        if (!full) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        else memcpy(full + 1, rows, n_rows * sizeof *rows), full[0] = (onc_boin_row_t){0, -1, 1, -1, -1};
    }
    if (rc == ONC_OK && !strcmp(design, "boin")) rc = boin(t, full, r, err);
    else if (rc == ONC_OK && !strcmp(design, "tite-boin")) rc = tite_boin(t, full, r, err);
    else if (rc == ONC_OK) rc = keyboard(t, full, r, err);
    free(rows), free(full);
    return rc;
}

onc_rc onc_phase1_recommend(const onc_phase1_trial_t *t, const char *asof, onc_phase1_rec_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    const onc_phase1_setup_t *s = &t->setup;
    out->n_doses = s->n_doses;
    for (int j = 0; j < ONC_DESIGN_MAX_DOSES; j++) out->ptox[j] = NAN;
    int32_t days = 0;
    onc_rc rc = onc_phase1_setup_check(s, err);
    if (rc == ONC_OK) rc = asof_days_of(asof, &days, err);
    if (rc == ONC_OK) rc = count_levels(t, days, out, err);
    if (rc != ONC_OK) return rc;
    if (out->treated == 0) {
        snprintf(out->rule, sizeof out->rule, "no patient treated yet: the first cohort starts at level 1");
        return set_decision(out, "start", 0), ONC_OK;
    }
    if (out->treated >= s->sample_size) {
        snprintf(out->rule, sizeof out->rule, "the sample size of %d patients is reached: select the MTD", s->sample_size);
        set_decision(out, "complete", -1);
        return ONC_OK;
    }
    return decide(t, days, out, err);
}
