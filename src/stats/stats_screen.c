/* stats_screen.c: the gene screen (stats_cohort.h): every gene altered often enough against
 * response, PFS and OS, with the false discovery rate over the genes tested.
 *
 * Each gene is a two-group comparison, altered against wild type, on the rows where the gene was
 * profiled and the endpoint is known; the tests are the library's own (Fisher's exact test as
 * fisher.test, the log-rank test as survdiff with the Mantel-Haenszel hazard ratio exp((O-E)/V)
 * that the MSK immunotherapy papers report, or coxph with the covariates), so the screen agrees
 * with R gene by gene. A gene whose test is undefined (no altered responder and non-responder
 * rows to compare, no event) is listed untested with the reason, its p NaN, and leaves the
 * multiple-testing count, as p.adjust leaves NA out.
 */
#include "oncoboard/stats_cohort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void onc_screen_opts_init(onc_screen_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->min_freq = 5;
    o->min_altered = 1;
    o->adjust = ONC_PADJ_BH;
    o->conf_level = 0.95;
    onc_cox_opts_init(&o->cox);
}

const char *onc_screen_endpoint_name(onc_screen_endpoint e)
{
    static const char *const names[ONC_SCREEN_N] = {"response", "pfs", "os"};
    return (unsigned)e < ONC_SCREEN_N ? names[e] : NULL;
}

void onc_screen_free(onc_screen_t *s)
{
    if (!s) return;
    free(s->rows);
    memset(s, 0, sizeof *s);
}

/* Scratch arrays shared by the genes (n rows each). */
typedef struct work {
    int *group;
    double *x; /* n x (1 + p) for Cox */
} work_t;

static void untested(onc_screen_test_t *t, const char *why)
{
    t->tested = false;
    t->est = t->lower = t->upper = t->p = t->q = t->or_sample = NAN;
    t->why = why;
}

/* ---- response ---- */

static onc_rc test_response(const onc_screen_input_t *in, const int8_t *alt, double conf, onc_screen_test_t *t,
                            onc_err_t *err)
{
    untested(t, NULL);
    for (size_t i = 0; i < in->n; i++) {
        if (alt[i] < 0 || in->response[i] < 0) continue;
        int cell = (alt[i] ? 0 : 2) + (in->response[i] ? 0 : 1);
        t->table[cell]++;
        t->n++;
        if (alt[i]) t->n_altered++;
    }
    if (t->n_altered == 0 || t->n_altered == t->n) {
        t->why = "no altered or no wild-type row with a response";
        return ONC_OK;
    }
    onc_fisher2_t f;
    onc_rc rc = onc_fisher_2x2(t->table, conf, &f, err);
    if (rc == ONC_EINVAL) {
        t->why = "Fisher's test is undefined for this table";
        return ONC_OK;
    }
    if (rc != ONC_OK) return rc;
    t->tested = true;
    t->est = f.or_mle, t->lower = f.or_lower, t->upper = f.or_upper, t->p = f.p, t->or_sample = f.or_sample;
    return ONC_OK;
}

/* ---- survival ---- */

/* Groups (1 altered, 0 wild type, -1 not profiled or endpoint missing), counts and events. */
static void survival_groups(const onc_screen_input_t *in, const int8_t *alt, const double *time, const int *status,
                            int *group, onc_screen_test_t *t)
{
    for (size_t i = 0; i < in->n; i++) {
        bool known = alt[i] >= 0 && !isnan(time[i]) && status[i] >= 0;
        group[i] = known ? alt[i] : -1;
        if (!known) continue;
        t->n++;
        if (alt[i]) t->n_altered++, t->events_altered += status[i] == 1;
        else t->events_wildtype += status[i] == 1;
    }
}

static onc_rc by_logrank(const onc_screen_input_t *in, const double *time, const int *status, const work_t *w,
                         double conf, onc_screen_test_t *t, onc_err_t *err)
{
    onc_logrank_t lr;
    memset(&lr, 0, sizeof lr);
    onc_rc rc = onc_logrank(time, status, w->group, 2, NULL, in->n, 0, NULL, conf, &lr, err);
    if (rc == ONC_OK && !isnan(lr.hr)) {
        t->tested = true;
        t->est = lr.hr, t->lower = lr.hr_lower, t->upper = lr.hr_upper, t->p = lr.p;
    } else if (rc == ONC_OK || rc == ONC_EINVAL) {
        t->why = "the log-rank test is undefined for these rows";
        rc = ONC_OK;
    }
    onc_logrank_free(&lr);
    return rc;
}

static onc_rc by_cox(const onc_screen_input_t *in, const onc_screen_opts_t *o, const double *time,
                     const int *status, const work_t *w, onc_screen_test_t *t, onc_err_t *err)
{
    size_t p = 1 + in->p;
    for (size_t i = 0; i < in->n; i++) {
        w->x[i * p] = w->group[i] < 0 ? NAN : w->group[i];
        memcpy(w->x + i * p + 1, in->covariates + i * in->p, in->p * sizeof *w->x);
    }
    onc_cox_t fit;
    memset(&fit, 0, sizeof fit);
    onc_cox_opts_t co = o->cox;
    co.conf_level = o->conf_level;
    onc_rc rc = onc_cox_fit(time, status, w->x, in->n, p, NULL, &co, &fit, err);
    if (rc == ONC_OK && !fit.aliased[0] && !isnan(fit.hr[0])) {
        t->tested = true;
        t->est = fit.hr[0], t->lower = fit.hr_lower[0], t->upper = fit.hr_upper[0], t->p = fit.pvalue[0];
    } else if (rc == ONC_OK || rc == ONC_EINVAL) {
        t->why = "the Cox model is undefined for these rows (the alteration is collinear, or no event)";
        rc = ONC_OK;
    }
    onc_cox_free(&fit);
    return rc;
}

static onc_rc test_survival(const onc_screen_input_t *in, const onc_screen_opts_t *o, const int8_t *alt,
                            const double *time, const int *status, const work_t *w, onc_screen_test_t *t,
                            onc_err_t *err)
{
    untested(t, NULL);
    survival_groups(in, alt, time, status, w->group, t);
    if (t->n_altered == 0 || t->n_altered == t->n) {
        t->why = "no altered or no wild-type row with this endpoint";
        return ONC_OK;
    }
    if (t->events_altered + t->events_wildtype == 0) {
        t->why = "no event";
        return ONC_OK;
    }
    return in->covariates ? by_cox(in, o, time, status, w, t, err) : by_logrank(in, time, status, w, o->conf_level, t, err);
}

/* ---- the screen ---- */

static onc_rc check_input(const onc_screen_input_t *in, const onc_screen_opts_t *o, onc_err_t *err)
{
    if (!in->altered || !in->genes) return onc_err_set(err, ONC_EINVAL, "screen: no alteration matrix");
    if (!in->response && !in->pfs_time && !in->os_time)
        return onc_err_set(err, ONC_EINVAL, "screen: no endpoint (response, PFS or OS)");
    if ((in->pfs_time && !in->pfs_status) || (in->os_time && !in->os_status))
        return onc_err_set(err, ONC_EINVAL, "screen: a survival time without its status");
    if (in->covariates && in->p > ONC_SURV_MAX_COVARIATES)
        return onc_err_set(err, ONC_EINVAL, "screen: %zu covariates, at most %d", in->p, ONC_SURV_MAX_COVARIATES);
    if (!(o->min_freq >= 0 && o->min_freq <= 100))
        return onc_err_set(err, ONC_EINVAL, "screen: the minimum frequency %g is not a percentage", o->min_freq);
    if (!(o->conf_level > 0 && o->conf_level < 1))
        return onc_err_set(err, ONC_EINVAL, "screen: the confidence level %g is not in (0, 1)", o->conf_level);
    return ONC_OK;
}

/* Whether gene g is frequent enough: fills the row's counts. */
static bool frequent(const onc_screen_input_t *in, const onc_screen_opts_t *o, size_t g, onc_screen_row_t *r)
{
    const int8_t *alt = in->altered + g * in->n;
    r->gene = in->genes[g];
    r->n_profiled = r->n_altered = 0;
    for (size_t i = 0; i < in->n; i++)
        if (alt[i] >= 0) r->n_profiled++, r->n_altered += alt[i] == ONC_ALTM_ALTERED;
    r->freq = r->n_profiled ? 100.0 * (double)r->n_altered / (double)r->n_profiled : 0;
    /* a relative margin so that 5% of 20 rows (1 row) passes --min-freq 5 despite rounding */
    return r->n_altered >= (o->min_altered ? o->min_altered : 1) && r->freq >= o->min_freq * (1 - 1e-12);
}

static onc_rc test_gene(const onc_screen_input_t *in, const onc_screen_opts_t *o, size_t g, const work_t *w,
                        onc_screen_row_t *r, onc_err_t *err)
{
    const int8_t *alt = in->altered + g * in->n;
    onc_rc rc = ONC_OK;
    for (int e = 0; e < ONC_SCREEN_N; e++) untested(&r->test[e], "endpoint not given");
    if (in->response) rc = test_response(in, alt, o->conf_level, &r->test[ONC_SCREEN_RESPONSE], err);
    if (rc == ONC_OK && in->pfs_time)
        rc = test_survival(in, o, alt, in->pfs_time, in->pfs_status, w, &r->test[ONC_SCREEN_PFS], err);
    if (rc == ONC_OK && in->os_time)
        rc = test_survival(in, o, alt, in->os_time, in->os_status, w, &r->test[ONC_SCREEN_OS], err);
    return rc;
}

static onc_rc adjust(onc_screen_t *s, onc_padjust_method m, onc_err_t *err)
{
    double *p = malloc((s->n_rows + 1) * sizeof *p), *q = malloc((s->n_rows + 1) * sizeof *q);
    onc_rc rc = p && q ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "screen: out of memory");
    for (int e = 0; rc == ONC_OK && e < ONC_SCREEN_N; e++) {
        if (!s->has[e] || s->n_rows == 0) continue;
        for (size_t i = 0; i < s->n_rows; i++) p[i] = s->rows[i].test[e].p;
        rc = onc_padjust(p, s->n_rows, m, q, err);
        for (size_t i = 0; rc == ONC_OK && i < s->n_rows; i++) s->rows[i].test[e].q = q[i];
    }
    free(p), free(q);
    return rc;
}

/* The sort key of a row: qsort's comparator sees no context, so the key carries what it needs
 * (the screen may run in several threads at once: no static state). */
typedef struct sort_key {
    double p;
    const char *gene;
    size_t row;
} sort_key_t;

/* By p (NaN last), then by gene. */
static int cmp_keys(const void *a, const void *b)
{
    const sort_key_t *x = a, *y = b;
    if (isnan(x->p) != isnan(y->p)) return isnan(x->p) ? 1 : -1;
    if (!isnan(x->p) && x->p != y->p) return x->p < y->p ? -1 : 1;
    return strcmp(x->gene, y->gene);
}

static onc_rc sort_rows(onc_screen_t *s, onc_err_t *err)
{
    int e = s->has[ONC_SCREEN_RESPONSE] ? ONC_SCREEN_RESPONSE : s->has[ONC_SCREEN_PFS] ? ONC_SCREEN_PFS : ONC_SCREEN_OS;
    sort_key_t *k = malloc((s->n_rows + 1) * sizeof *k);
    onc_screen_row_t *sorted = malloc((s->n_rows + 1) * sizeof *sorted);
    if (!k || !sorted) {
        free(k), free(sorted);
        return onc_err_set(err, ONC_ENOMEM, "screen: out of memory");
    }
    for (size_t i = 0; i < s->n_rows; i++) k[i] = (sort_key_t){s->rows[i].test[e].p, s->rows[i].gene, i};
    qsort(k, s->n_rows, sizeof *k, cmp_keys);
    for (size_t i = 0; i < s->n_rows; i++) sorted[i] = s->rows[k[i].row];
    free(s->rows);
    s->rows = sorted;
    free(k);
    return ONC_OK;
}

onc_rc onc_screen_run(const onc_screen_input_t *in, const onc_screen_opts_t *o, onc_screen_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_screen_opts_t defaults;
    onc_screen_opts_init(&defaults);
    if (!o) o = &defaults;
    onc_rc rc = check_input(in, o, err);
    if (rc != ONC_OK) return rc;
    out->n_genes_in = in->n_genes;
    out->has[ONC_SCREEN_RESPONSE] = in->response != NULL;
    out->has[ONC_SCREEN_PFS] = in->pfs_time != NULL;
    out->has[ONC_SCREEN_OS] = in->os_time != NULL;
    out->cox = in->covariates != NULL;
    work_t w = {malloc((in->n + 1) * sizeof *w.group), malloc((in->n * (1 + in->p) + 1) * sizeof *w.x)};
    out->rows = malloc((in->n_genes + 1) * sizeof *out->rows);
    if (!w.group || !w.x || !out->rows) rc = onc_err_set(err, ONC_ENOMEM, "screen: out of memory");
    for (size_t g = 0; rc == ONC_OK && g < in->n_genes; g++) {
        onc_screen_row_t *r = &out->rows[out->n_rows];
        memset(r, 0, sizeof *r);
        if (!frequent(in, o, g, r)) continue;
        rc = test_gene(in, o, g, &w, r, err);
        out->n_rows++;
    }
    free(w.group), free(w.x);
    if (rc == ONC_OK) rc = adjust(out, o->adjust, err);
    if (rc == ONC_OK) rc = sort_rows(out, err);
    if (rc != ONC_OK) onc_screen_free(out);
    return rc;
}
