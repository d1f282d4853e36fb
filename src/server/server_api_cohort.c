/* server_api_cohort.c: the cohort page's analyses for researchers (issue 7, "In the web
 * application"): Kaplan-Meier curves of progression-free or overall survival by molecular group
 * or by a biomarker's cut-off, with the log-rank test and Peto's hazard ratio, and responders
 * against non-responders (TMB and PD-L1 by the rank-sum test, gene by gene Fisher's test with
 * the Benjamini-Hochberg FDR).
 *
 * The patients are the registry's consenting ones, read by store_cohort.h (one audited read per
 * request); the statistics are the library's (stats_surv.h, stats_assoc.h), the ones `oncoboard
 * stats` runs, so the page and the command line agree. Only aggregates leave: curves, counts,
 * tests; no identifier and no date. docs/stats.md "The registry as a cohort" gives the rules.
 */
#include "server_api.h"

#include "oncoboard/plot.h"
#include "oncoboard/stats_assoc.h"
#include "oncoboard/stats_surv.h"
#include "oncoboard/store_cohort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COHORT_MAX_GENES 2000 /* genes listed by the comparison (the most significant first) */
#define COHORT_MAX_LINE 50

/* A number, or null for NaN and infinities (JSON has neither). */
static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *num_array(const double *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, num(v[i]))) json_decref(a), a = NULL;
    return a;
}

/* ---- the request's cohort ---- */

typedef struct cohort_job {
    const char *analysis;
    int line;
    onc_cohort_t c;
} cohort_job_t;

static onc_rc read_cohort(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    cohort_job_t *j = ctx;
    return onc_cohort_load(rq->db, rq->actor, j->analysis, j->line, &j->c, err);
}

/* Query parameter line (1..50; absent: each patient's first line): false after a reply. */
static bool query_line(srv_req_t *rq, srv_reply_t *rp, int *line)
{
    int64_t v = 0;
    if (!api_query_int(rq, rp, "line", 1, COHORT_MAX_LINE, &v)) return false;
    *line = (int)v;
    return true;
}

/* Query parameter name among choices (NULL-terminated; absent: the first): its index, or -1
 * after a 400 reply. */
static int query_choice(srv_req_t *rq, srv_reply_t *rp, const char *name, const char *const *choices)
{
    const char *v = srv_query(rq, name);
    if (!v) return 0;
    for (int i = 0; choices[i]; i++)
        if (strcmp(v, choices[i]) == 0) return i;
    char list[128] = "";
    for (int i = 0, n = 0; choices[i] && n >= 0 && (size_t)n < sizeof list; i++)
        n += snprintf(list + n, sizeof list - (size_t)n, "%s%s", i ? ", " : "", choices[i]);
    srv_error(rp, 400, "invalid", "query parameter %s: one of %s is expected", name, list);
    return -1;
}

/* ---- survival ---- */

enum { BY_GROUP, BY_BIOMARKER };
enum { END_PFS, END_OS };
enum { MARKER_TMB, MARKER_PDL1 };

typedef struct surv_spec {
    int by, endpoint, marker;
    double cutoff; /* biomarker: high is >= cutoff */
} surv_spec_t;

/* The survival data of the rows whose endpoint and grouping are known, in groups 0..k-1. */
typedef struct surv_data {
    double *time;
    int *status, *group;
    size_t n, n_missing, k;
    char (*names)[ONC_COHORT_GROUP_MAX + 32];
} surv_data_t;

static void surv_data_free(surv_data_t *d)
{
    free(d->time);
    free(d->status);
    free(d->group);
    free(d->names);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static const char *group_of(const onc_cohort_row_t *r) { return r->group[0] ? r->group : "none"; }

/* Levels of the molecular group, sorted bytewise (R with LC_COLLATE=C), among the rows kept. */
static onc_rc group_levels(const onc_cohort_t *c, const bool *keep, surv_data_t *d, onc_err_t *err)
{
    const char **seen = malloc((c->n ? c->n : 1) * sizeof *seen);
    if (!seen) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < c->n; i++)
        if (keep[i]) seen[m++] = group_of(&c->rows[i]);
    qsort(seen, m, sizeof *seen, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        if (i == 0 || strcmp(seen[i], seen[i - 1]) != 0) seen[k++] = seen[i];
    onc_rc rc = k > ONC_SURV_MAX_GROUPS ? onc_err_set(err, ONC_ELIMIT, "more than %d groups", ONC_SURV_MAX_GROUPS) : ONC_OK;
    if (rc == ONC_OK && !(d->names = calloc(k ? k : 1, sizeof *d->names))) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t g = 0; rc == ONC_OK && g < k; g++) snprintf(d->names[g], sizeof d->names[g], "%s", seen[g]);
    d->k = rc == ONC_OK ? k : 0;
    for (size_t i = 0, r = 0; rc == ONC_OK && i < c->n; i++) {
        if (!keep[i]) continue;
        const char **hit = bsearch(&(const char *){group_of(&c->rows[i])}, seen, k, sizeof *seen, cmp_str);
        d->group[r++] = (int)(hit - seen);
    }
    free(seen);
    return rc;
}

static double marker_of(const onc_cohort_row_t *r, int marker) { return marker == MARKER_TMB ? r->tmb : r->pdl1_tps; }

static onc_rc biomarker_levels(const onc_cohort_t *c, const bool *keep, const surv_spec_t *s, surv_data_t *d,
                               onc_err_t *err)
{
    const char *name = s->marker == MARKER_TMB ? "TMB" : "PD-L1 TPS";
    if (!(d->names = calloc(2, sizeof *d->names))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    snprintf(d->names[0], sizeof d->names[0], "%s < %g", name, s->cutoff);
    snprintf(d->names[1], sizeof d->names[1], "%s >= %g", name, s->cutoff);
    d->k = 2;
    for (size_t i = 0, r = 0; i < c->n; i++)
        if (keep[i]) d->group[r++] = marker_of(&c->rows[i], s->marker) >= s->cutoff ? 1 : 0;
    return ONC_OK;
}

static onc_rc surv_data_build(const onc_cohort_t *c, const surv_spec_t *s, surv_data_t *d, onc_err_t *err)
{
    memset(d, 0, sizeof *d);
    size_t n = c->n ? c->n : 1;
    bool *keep = calloc(n, sizeof *keep);
    d->time = malloc(n * sizeof *d->time);
    d->status = malloc(n * sizeof *d->status);
    d->group = malloc(n * sizeof *d->group);
    onc_rc rc = keep && d->time && d->status && d->group ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ONC_OK && i < c->n; i++) {
        const onc_cohort_row_t *r = &c->rows[i];
        double t = s->endpoint == END_PFS ? r->pfs_days : r->os_days;
        int e = s->endpoint == END_PFS ? r->pfs_event : r->os_event;
        keep[i] = e >= 0 && isfinite(t) && (s->by == BY_GROUP || isfinite(marker_of(r, s->marker)));
        if (!keep[i]) {
            d->n_missing++;
            continue;
        }
        d->time[d->n] = t;
        d->status[d->n++] = e;
    }
    if (rc == ONC_OK) rc = s->by == BY_GROUP ? group_levels(c, keep, d, err) : biomarker_levels(c, keep, s, d, err);
    free(keep);
    return rc;
}

static json_t *km_json(const char *name, const onc_km_t *km)
{
    json_t *g = json_pack("{s:s,s:I,s:I,s:o,s:o,s:o}", "name", name, "n", (json_int_t)km->n, "events",
                          (json_int_t)km->n_events, "median", num(km->median), "median_lower", num(km->median_lower),
                          "median_upper", num(km->median_upper));
    const char *keys[] = {"time", "surv", "lower", "upper", "n_risk", "n_event", "n_censor"};
    const double *cols[] = {km->time, km->surv, km->lower, km->upper, km->n_risk, km->n_event, km->n_censor};
    for (size_t i = 0; g && i < sizeof keys / sizeof keys[0]; i++)
        if (json_object_set_new(g, keys[i], num_array(cols[i], km->n_times))) json_decref(g), g = NULL;
    return g;
}

/* One Kaplan-Meier fit per group (kms[k], freed by the caller). */
static onc_rc fit_groups(const surv_data_t *d, onc_km_t *kms, onc_err_t *err)
{
    double *t = malloc((d->n ? d->n : 1) * sizeof *t);
    int *s = malloc((d->n ? d->n : 1) * sizeof *s);
    onc_rc rc = t && s ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_km_opts_t o;
    onc_km_opts_init(&o);
    for (size_t g = 0; rc == ONC_OK && g < d->k; g++) {
        size_t m = 0;
        for (size_t i = 0; i < d->n; i++)
            if (d->group[i] == (int)g) t[m] = d->time[i], s[m++] = d->status[i];
        if (m > 0) rc = onc_km_fit(t, s, m, &o, &kms[g], err);
    }
    free(t);
    free(s);
    return rc;
}

static json_t *logrank_json(const onc_logrank_t *lr)
{
    json_t *j = json_pack("{s:o,s:i,s:o,s:o,s:o,s:o}", "chisq", num(lr->chisq), "df", lr->df, "p", num(lr->p), "hr",
                          num(lr->hr), "hr_lower", num(lr->hr_lower), "hr_upper", num(lr->hr_upper));
    if (j && lr->k >= 3)
        json_object_set_new(j, "trend", json_pack("{s:o,s:i,s:o}", "chisq", num(lr->trend_chisq), "df", 1, "p",
                                                  num(lr->trend_p)));
    return j;
}

/* The figure (plot.h): the curves with their bands and the number at risk, the test in the
 * corner. Set as "svg", or "svg_error" saying why it could not be drawn. */
static void survival_svg(const surv_data_t *d, const onc_km_t *kms, int endpoint, const onc_logrank_t *lr,
                         json_t *doc)
{
    onc_plot_km_curve_t *curves = calloc(d->k ? d->k : 1, sizeof *curves);
    size_t m = 0;
    for (size_t g = 0; curves && g < d->k; g++)
        if (kms[g].n) curves[m++] = (onc_plot_km_curve_t){.label = d->names[g], .km = &kms[g]};
    char note[160] = "", ptext[32];
    if (lr && isfinite(lr->p)) onc_plot_p_text(lr->p, ptext, sizeof ptext); /* "p < 0.001", never "p = 0" */
    if (lr && isfinite(lr->p) && isfinite(lr->hr))
        snprintf(note, sizeof note, "log-rank %s; HR %.2f (%.2f-%.2f)", ptext, lr->hr, lr->hr_lower, lr->hr_upper);
    else if (lr && isfinite(lr->p))
        snprintf(note, sizeof note, "log-rank %s", ptext);
    onc_plot_km_t p = {.frame = {.title = endpoint == END_PFS ? "Progression-free survival" : "Overall survival",
                                 .x_label = "Days from the start of the line",
                                 .y_label = endpoint == END_PFS ? "Progression-free" : "Alive"},
                       .curves = curves, .n_curves = m, .bands = true, .censor_marks = true,
                       .annotation = note[0] ? note : NULL};
    onc_strbuf_t out = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    onc_rc rc = curves ? onc_plot_km(&out, &p, &err) : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) json_object_set_new(doc, "svg", json_string(onc_strbuf_str(&out)));
    else json_object_set_new(doc, "svg_error", json_string(err.msg));
    onc_strbuf_free(&out);
    free(curves);
}

/* The groups with at least one patient; the log-rank test when two or more have one. */
static onc_rc survival_json(const surv_data_t *d, int endpoint, json_t *doc, onc_err_t *err)
{
    onc_km_t *kms = calloc(d->k ? d->k : 1, sizeof *kms);
    if (!kms) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = fit_groups(d, kms, err);
    json_t *groups = json_array();
    size_t k_used = 0;
    for (size_t g = 0; rc == ONC_OK && groups && g < d->k; g++) {
        if (kms[g].n == 0) continue;
        k_used++;
        if (json_array_append_new(groups, km_json(d->names[g], &kms[g]))) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    json_t *test = json_null();
    onc_logrank_t lr = {0};
    bool tested = false;
    if (rc == ONC_OK && k_used >= 2) {
        onc_err_t why = {0};
        if (onc_logrank(d->time, d->status, d->group, d->k, NULL, d->n, 0, NULL, 0.95, &lr, &why) == ONC_OK) {
            json_decref(test);
            test = logrank_json(&lr);
            tested = true;
        } else {
            json_decref(test);
            test = json_pack("{s:s}", "error", why.msg);
        }
    }
    if (rc == ONC_OK && k_used > 0) survival_svg(d, kms, endpoint, tested ? &lr : NULL, doc);
    onc_logrank_free(&lr);
    if (rc == ONC_OK && (!groups || !test)) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) {
        json_object_set_new(doc, "groups", groups);
        json_object_set_new(doc, "logrank", test);
    } else {
        json_decref(groups);
        json_decref(test);
    }
    for (size_t g = 0; g < d->k; g++) onc_km_free(&kms[g]);
    free(kms);
    return rc;
}

/* The analysis' parameters: false after a 400 reply. */
static bool survival_spec(srv_req_t *rq, srv_reply_t *rp, surv_spec_t *s)
{
    static const char *const by[] = {"group", "biomarker", NULL}, *const ends[] = {"pfs", "os", NULL},
                             *const markers[] = {"tmb", "pdl1", NULL};
    if ((s->by = query_choice(rq, rp, "by", by)) < 0 || (s->endpoint = query_choice(rq, rp, "endpoint", ends)) < 0 ||
        (s->marker = query_choice(rq, rp, "marker", markers)) < 0)
        return false;
    /* TMB >= 10 mut/Mb: the FDA's tumor-agnostic threshold for pembrolizumab (2020); PD-L1 TPS
     * >= 50%: KEYNOTE-024's first-line threshold */
    s->cutoff = s->marker == MARKER_TMB ? 10 : 50;
    int64_t cut = 0;
    if (srv_query(rq, "cutoff") && !api_query_int(rq, rp, "cutoff", 0, 100000, &cut)) return false;
    if (srv_query(rq, "cutoff")) s->cutoff = (double)cut;
    return true;
}

void api_cohort_survival(srv_req_t *rq, srv_reply_t *rp)
{
    surv_spec_t s;
    cohort_job_t j = {.analysis = "survival"};
    if (!survival_spec(rq, rp, &s) || !query_line(rq, rp, &j.line)) return;
    onc_err_t err = {0};
    surv_data_t d = {0};
    onc_rc rc = api_transaction(rq, read_cohort, &j, &err);
    if (rc == ONC_OK) rc = surv_data_build(&j.c, &s, &d, &err);
    json_t *doc = NULL;
    if (rc == ONC_OK) {
        static const char *const by[] = {"group", "biomarker"}, *const ends[] = {"pfs", "os"};
        doc = json_pack("{s:s,s:s,s:s,s:i,s:I,s:I,s:I}", "by", by[s.by], "endpoint", ends[s.endpoint], "unit", "days",
                        "line", j.line, "n_patients", (json_int_t)j.c.n, "n_missing", (json_int_t)d.n_missing,
                        "n_without_consent", (json_int_t)j.c.n_refused);
        if (doc && s.by == BY_BIOMARKER)
            json_object_set_new(doc, "biomarker", json_pack("{s:s,s:f}", "marker", s.marker == MARKER_TMB ? "tmb" : "pdl1",
                                                            "cutoff", s.cutoff));
        rc = doc ? survival_json(&d, s.endpoint, doc, &err) : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    }
    if (rc == ONC_OK) srv_json(rp, 200, doc);
    else json_decref(doc), srv_error_rc(rp, rc, &err);
    surv_data_free(&d);
    onc_cohort_free(&j.c);
}

/* ---- responders against non-responders ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* n and the median of one side (v is sorted in place). */
static json_t *side_json(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    double med = n == 0 ? NAN : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return json_pack("{s:I,s:o}", "n", (json_int_t)n, "median", num(med));
}

/* A continuous marker, responders (x) against non-responders (y): Wilcoxon rank-sum. */
static json_t *marker_compare(const onc_cohort_t *c, int marker)
{
    double *x = malloc((c->n ? c->n : 1) * sizeof *x), *y = malloc((c->n ? c->n : 1) * sizeof *y);
    size_t nx = 0, ny = 0;
    for (size_t i = 0; x && y && i < c->n; i++) {
        double v = marker_of(&c->rows[i], marker);
        if (!isfinite(v) || c->rows[i].responder < 0) continue;
        if (c->rows[i].responder == 1) x[nx++] = v;
        else y[ny++] = v;
    }
    json_t *j = x && y ? json_pack("{s:s,s:o,s:o}", "test", "wilcoxon_rank_sum", "responders", side_json(x, nx),
                                   "non_responders", side_json(y, ny))
                       : NULL;
    onc_rank_test_t t;
    onc_err_t why = {0};
    if (j && nx && ny && onc_wilcoxon_test(x, nx, y, ny, ONC_RANK_AUTO, &t, &why) == ONC_OK) {
        json_object_set_new(j, "statistic", num(t.stat));
        json_object_set_new(j, "p", num(t.p));
        json_object_set_new(j, "method", json_string(t.exact ? "exact" : "normal"));
    } else if (j) {
        json_object_set_new(j, "p", json_null());
        json_object_set_new(j, "note", json_string(why.msg[0] ? why.msg : "a group has no value"));
    }
    free(x);
    free(y);
    return j;
}

typedef struct gene_count {
    const char *gene;
    int64_t t[4]; /* responders altered, responders not, non-responders altered, non-responders not */
    double p, q, or_mle, or_lower, or_upper;
} gene_count_t;

static int cmp_gene(const void *a, const void *b)
{
    return strcmp(((const gene_count_t *)a)->gene, ((const gene_count_t *)b)->gene);
}

static int cmp_p(const void *a, const void *b)
{
    const gene_count_t *x = a, *y = b;
    if (x->p != y->p) return isnan(x->p) ? 1 : isnan(y->p) ? -1 : x->p < y->p ? -1 : 1;
    return strcmp(x->gene, y->gene);
}

/* The distinct altered genes of the patients with a response and molecular results, with their
 * 2x2 counts. */
static gene_count_t *gene_table(const onc_cohort_t *c, size_t *n_out, int64_t tested[2])
{
    gene_count_t *g = calloc(c->n_genes ? c->n_genes : 1, sizeof *g);
    size_t m = 0;
    tested[0] = tested[1] = 0;
    for (size_t i = 0; g && i < c->n; i++) {
        const onc_cohort_row_t *r = &c->rows[i];
        if (r->responder < 0 || !r->has_molecular) continue;
        tested[r->responder ? 0 : 1]++;
        for (size_t k = 0; k < r->n_genes; k++) g[m++].gene = c->genes[r->gene_first + k];
    }
    if (!g) return NULL;
    qsort(g, m, sizeof *g, cmp_gene);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || strcmp(g[i].gene, g[u - 1].gene) != 0) g[u++].gene = g[i].gene;
    for (size_t i = 0; i < c->n; i++) {
        const onc_cohort_row_t *r = &c->rows[i];
        if (r->responder < 0 || !r->has_molecular) continue;
        for (size_t k = 0; k < r->n_genes; k++) {
            gene_count_t key = {.gene = c->genes[r->gene_first + k]};
            gene_count_t *hit = bsearch(&key, g, u, sizeof *g, cmp_gene);
            if (hit) hit->t[r->responder ? 0 : 2]++;
        }
    }
    for (size_t i = 0; i < u; i++) g[i].t[1] = tested[0] - g[i].t[0], g[i].t[3] = tested[1] - g[i].t[2];
    *n_out = u;
    return g;
}

static json_t *gene_json(const gene_count_t *g)
{
    return json_pack("{s:s,s:I,s:I,s:I,s:I,s:o,s:o,s:o,s:o,s:o}", "gene", g->gene, "responders_altered",
                     (json_int_t)g->t[0], "responders_tested", (json_int_t)(g->t[0] + g->t[1]), "non_responders_altered",
                     (json_int_t)g->t[2], "non_responders_tested", (json_int_t)(g->t[2] + g->t[3]), "odds_ratio",
                     num(g->or_mle), "odds_ratio_lower", num(g->or_lower), "odds_ratio_upper", num(g->or_upper), "p",
                     num(g->p), "q", num(g->q));
}

/* Fisher's test per gene altered in at least min_altered patients, BH across them. */
static onc_rc genes_compare(const onc_cohort_t *c, int64_t min_altered, json_t *doc, onc_err_t *err)
{
    size_t n = 0;
    int64_t tested[2];
    gene_count_t *g = gene_table(c, &n, tested);
    if (!g) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (g[i].t[0] + g[i].t[2] >= min_altered) g[kept++] = g[i];
    double *p = malloc((kept ? kept : 1) * sizeof *p), *q = malloc((kept ? kept : 1) * sizeof *q);
    onc_rc rc = p && q ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ONC_OK && i < kept; i++) {
        onc_fisher2_t f;
        onc_err_t why = {0};
        bool ok = onc_fisher_2x2(g[i].t, 0.95, &f, &why) == ONC_OK;
        g[i].p = p[i] = ok ? f.p : NAN;
        g[i].or_mle = ok ? f.or_mle : NAN, g[i].or_lower = ok ? f.or_lower : NAN, g[i].or_upper = ok ? f.or_upper : NAN;
    }
    if (rc == ONC_OK && kept) rc = onc_padjust(p, kept, ONC_PADJ_BH, q, err);
    for (size_t i = 0; rc == ONC_OK && i < kept; i++) g[i].q = q[i];
    if (rc == ONC_OK) qsort(g, kept, sizeof *g, cmp_p);
    json_t *rows = json_array();
    for (size_t i = 0; rc == ONC_OK && rows && i < kept && i < COHORT_MAX_GENES; i++)
        if (json_array_append_new(rows, gene_json(&g[i]))) json_decref(rows), rows = NULL;
    if (rc == ONC_OK && !rows) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) {
        json_object_set_new(doc, "genes", rows);
        json_object_set_new(doc, "genes_tested", json_integer((json_int_t)kept));
        json_object_set_new(doc, "molecular", json_pack("{s:I,s:I}", "responders", (json_int_t)tested[0],
                                                        "non_responders", (json_int_t)tested[1]));
    } else {
        json_decref(rows);
    }
    free(p);
    free(q);
    free(g);
    return rc;
}

void api_cohort_compare(srv_req_t *rq, srv_reply_t *rp)
{
    cohort_job_t j = {.analysis = "compare"};
    int64_t min_altered = 1;
    if (!query_line(rq, rp, &j.line) || !api_query_int(rq, rp, "min_altered", 1, 100000, &min_altered)) return;
    onc_err_t err = {0};
    onc_rc rc = api_transaction(rq, read_cohort, &j, &err);
    json_t *doc = NULL;
    if (rc == ONC_OK) {
        size_t resp = 0, non = 0;
        for (size_t i = 0; i < j.c.n; i++) resp += j.c.rows[i].responder == 1, non += j.c.rows[i].responder == 0;
        doc = json_pack("{s:i,s:I,s:I,s:I,s:I,s:I,s:o,s:o}", "line", j.line, "n_patients", (json_int_t)j.c.n,
                        "responders", (json_int_t)resp, "non_responders", (json_int_t)non, "response_unknown",
                        (json_int_t)(j.c.n - resp - non), "n_without_consent", (json_int_t)j.c.n_refused, "tmb",
                        marker_compare(&j.c, MARKER_TMB), "pdl1_tps", marker_compare(&j.c, MARKER_PDL1));
        rc = doc ? genes_compare(&j.c, min_altered, doc, &err) : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    }
    if (rc == ONC_OK) srv_json(rp, 200, doc);
    else json_decref(doc), srv_error_rc(rp, rc, &err);
    onc_cohort_free(&j.c);
}
