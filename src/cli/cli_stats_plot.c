/* cli_stats_plot.c: `oncoboard stats plot km|forest|roc|waterfall|swimmer`: a figure of plot.h
 * as a standalone SVG file from a table's columns. The statistics are the ones `stats km`,
 * `stats cox` and `stats roc` compute (the same library calls and the same factor coding); this
 * file only picks the columns, fits and hands the results to the figure. The builders are shared
 * with `stats report` (cli_stats_plot.h). */
#include "cli_stats_plot.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    OPT_TABLE = 256, OPT_TIME, OPT_EVENT, OPT_GROUP, OPT_LEVELS, OPT_REF, OPT_COVARIATES, OPT_FACTORS, OPT_STRATA,
    OPT_TIES, OPT_CONF_TYPE, OPT_CONF_LEVEL, OPT_RISK_TIMES, OPT_NO_BANDS, OPT_NO_CENSOR, OPT_TITLE, OPT_X_LABEL,
    OPT_Y_LABEL, OPT_WIDTH, OPT_HEIGHT, OPT_SCORE, OPT_OUTCOME, OPT_OUTCOME_LEVELS, OPT_DIRECTION, OPT_CHANGE, OPT_CATEGORY, OPT_LABEL,
    OPT_PATIENT, OPT_START, OPT_END, OPT_THERAPY, OPT_EVENT_TIME, OPT_EVENT_KIND, OPT_ONGOING, OPT_STUDY, OPT_PER_SAMPLE, OPT_NO_VERSION, OPT_VERSION
};

static const struct option options[] = {
    {"table", required_argument, NULL, OPT_TABLE},
    {"data", required_argument, NULL, OPT_TABLE},
    {"time", required_argument, NULL, OPT_TIME},
    {"event", required_argument, NULL, OPT_EVENT},
    {"status", required_argument, NULL, OPT_EVENT},
    {"group", required_argument, NULL, OPT_GROUP},
    {"levels", required_argument, NULL, OPT_LEVELS},
    {"ref", required_argument, NULL, OPT_REF},
    {"covariates", required_argument, NULL, OPT_COVARIATES},
    {"factors", required_argument, NULL, OPT_FACTORS},
    {"strata", required_argument, NULL, OPT_STRATA},
    {"ties", required_argument, NULL, OPT_TIES},
    {"conf-type", required_argument, NULL, OPT_CONF_TYPE},
    {"conf-level", required_argument, NULL, OPT_CONF_LEVEL},
    {"risk-times", required_argument, NULL, OPT_RISK_TIMES},
    {"times", required_argument, NULL, OPT_RISK_TIMES},
    {"no-bands", no_argument, NULL, OPT_NO_BANDS},
    {"no-censor-marks", no_argument, NULL, OPT_NO_CENSOR},
    {"title", required_argument, NULL, OPT_TITLE},
    {"x-label", required_argument, NULL, OPT_X_LABEL},
    {"y-label", required_argument, NULL, OPT_Y_LABEL},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"height", required_argument, NULL, OPT_HEIGHT},
    {"score", required_argument, NULL, OPT_SCORE},
    {"marker", required_argument, NULL, OPT_SCORE},
    {"outcome", required_argument, NULL, OPT_OUTCOME},
    {"response", required_argument, NULL, OPT_OUTCOME},
    {"response-levels", required_argument, NULL, OPT_OUTCOME_LEVELS},
    {"outcome-levels", required_argument, NULL, OPT_OUTCOME_LEVELS},
    {"direction", required_argument, NULL, OPT_DIRECTION},
    {"change", required_argument, NULL, OPT_CHANGE},
    {"category", required_argument, NULL, OPT_CATEGORY},
    {"label", required_argument, NULL, OPT_LABEL},
    {"patient", required_argument, NULL, OPT_PATIENT},
    {"start", required_argument, NULL, OPT_START},
    {"end", required_argument, NULL, OPT_END},
    {"therapy", required_argument, NULL, OPT_THERAPY},
    {"event-time", required_argument, NULL, OPT_EVENT_TIME},
    {"event-kind", required_argument, NULL, OPT_EVENT_KIND},
    {"ongoing", required_argument, NULL, OPT_ONGOING},
    {"study", required_argument, NULL, OPT_STUDY},
    {"per-sample", no_argument, NULL, OPT_PER_SAMPLE},
    {"no-version", no_argument, NULL, OPT_NO_VERSION},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* ---------------------------------------------------------------- options */

static int take_size(const char *cmd, const char *opt, const char *v, int *out)
{
    double d;
    if (cli_parse_number(v, 200, 20000, &d) != 0) return cli_usage_error(cmd, "%s: '%s' is not 200 to 20000", opt, v);
    *out = (int)d;
    return -1;
}

/* The options of the survival columns, into a->s. */
static int take_surv_option(plot_args_t *a, int c, const char *v)
{
    surv_args_t *s = &a->s;
    onc_err_t err = {0};
    switch (c) {
    case OPT_TABLE: s->data = v; return -1;
    case OPT_STUDY: s->study = v; return -1;
    case OPT_PER_SAMPLE: s->per_sample = true; return -1;
    case OPT_TIME: s->time = v; return -1;
    case OPT_EVENT: s->event = v; return -1;
    case OPT_GROUP: s->group = v; return -1;
    case OPT_LEVELS: s->levels = v; return -1;
    case OPT_COVARIATES: s->covariates = v; return -1;
    case OPT_FACTORS: s->factors = v; return -1;
    case OPT_STRATA: s->strata = v; return -1;
    case OPT_REF:
        /* VAR=LEVEL: a covariate's reference; LEVEL: the group's */
        if (!strchr(v, '=')) s->group_ref = v;
        else if (s->n_cov_refs < SURV_MAX_REFS) s->cov_refs[s->n_cov_refs++] = v;
        else return cli_usage_error(s->cmd, "more than %d --ref options", SURV_MAX_REFS);
        return -1;
    case OPT_TIES:
        if (!strcmp(v, "efron")) s->cox.ties = ONC_TIES_EFRON;
        else if (!strcmp(v, "breslow")) s->cox.ties = ONC_TIES_BRESLOW;
        else return cli_usage_error(s->cmd, "--ties: efron or breslow, not '%s'", v);
        return -1;
    case OPT_CONF_TYPE:
        if (onc_ci_type_parse(v, &s->km.ci, &err) != ONC_OK) return cli_usage_error(s->cmd, "--conf-type: %s", err.msg);
        return -1;
    case OPT_CONF_LEVEL:
        if (cli_parse_number(v, 0.01, 0.9999, &s->conf_level) != 0)
            return cli_usage_error(s->cmd, "--conf-level: '%s' is not a number in [0.01, 0.9999]", v);
        s->km.conf_level = s->cox.conf_level = s->conf_level;
        return -1;
    case OPT_RISK_TIMES: return surv_parse_times(s, v);
    case 'o': s->output = v; return -1;
    default: return -2;
    }
}

static int take_option(plot_args_t *a, int c, const char *v)
{
    int st = take_surv_option(a, c, v);
    if (st != -2) return st;
    switch (c) {
    case OPT_NO_BANDS: a->no_bands = true; return -1;
    case OPT_NO_CENSOR: a->no_censor = true; return -1;
    case OPT_TITLE: a->title = v; return -1;
    case OPT_X_LABEL: a->x_label = v; return -1;
    case OPT_Y_LABEL: a->y_label = v; return -1;
    case OPT_WIDTH: return take_size(a->s.cmd, "--width", v, &a->width);
    case OPT_HEIGHT: return take_size(a->s.cmd, "--height", v, &a->height);
    case OPT_SCORE: a->score = v; return -1;
    case OPT_OUTCOME: a->outcome = v; return -1;
    case OPT_OUTCOME_LEVELS: a->outcome_levels = v; return -1;
    case OPT_DIRECTION:
        if (strcmp(v, "higher") && strcmp(v, "lower"))
            return cli_usage_error(a->s.cmd, "--direction must be higher or lower, not '%s'", v);
        a->direction = v;
        return -1;
    case OPT_CHANGE: a->change = v; return -1;
    case OPT_CATEGORY: a->category = v; return -1;
    case OPT_LABEL: a->label = v; return -1;
    case OPT_PATIENT: a->patient = v; return -1;
    case OPT_START: a->start = v; return -1;
    case OPT_END: a->end = v; return -1;
    case OPT_THERAPY: a->therapy = v; return -1;
    case OPT_EVENT_TIME: a->event_time = v; return -1;
    case OPT_EVENT_KIND: a->event_kind = v; return -1;
    case OPT_ONGOING: a->ongoing = v; return -1;
    case OPT_NO_VERSION: a->no_version = true; return -1;
    default: return cli_usage_error(a->s.cmd, "unknown option (oncoboard stats %s --help lists them)", a->s.cmd);
    }
}

static int take_ctx(void *ctx, int c, const char *v)
{
    return take_option(ctx, c, v);
}

int plot_parse(plot_args_t *a, int argc, char **argv, void (*usage)(FILE *fp))
{
    memset(a, 0, sizeof *a);
    a->s.cmd = argv[0];
    a->s.conf_level = 0.95;
    a->s.tau = a->s.landmark = NAN;
    onc_km_opts_init(&a->s.km);
    onc_cox_opts_init(&a->s.cox);
    int st = cli_stats_getopt(argc, argv, options, OPT_VERSION, a->s.cmd, usage, take_ctx, a);
    if (st >= 0) return st;
    if (!a->s.data == !a->s.study) return cli_usage_error(a->s.cmd, "give one of --table and --study");
    if (a->s.study) a->s.data = a->s.study; /* names the table in messages, as surv_parse does */
    return -1;
}

onc_plot_frame_t plot_frame_of(const plot_args_t *a)
{
    return (onc_plot_frame_t){a->title, a->x_label, a->y_label, a->width, a->height};
}

int plot_fail_lib(const char *cmd, const onc_err_t *err)
{
    cli_error(cmd, "%s", err->msg);
    return cli_status_of(err->code);
}

static int no_memory(const char *cmd)
{
    cli_error(cmd, "out of memory");
    return CLI_INTERNAL;
}

/* ---------------------------------------------------------------- Kaplan-Meier */

int plot_km_figure(const plot_args_t *a, const surv_input_t *in, onc_plot_frame_t frame, onc_strbuf_t *svg,
                   onc_km_t **kms, onc_logrank_t *lr)
{
    memset(lr, 0, sizeof *lr);
    size_t L = in->group.n_levels;
    int st = surv_km_fit_groups(&a->s, in, kms);
    if (st != CLI_OK) return st;
    onc_err_t err = {0};
    char note[256] = "";
    if (L >= 2) {
        if (onc_logrank(in->time, in->status, in->group.code, L, NULL, in->n, 0, NULL, a->s.conf_level, lr, &err) !=
            ONC_OK)
            return plot_fail_lib(a->s.cmd, &err);
        char ptext[32];
        onc_plot_p_text(lr->p, ptext, sizeof ptext); /* "p < 0.001", never "p = 0" */
        if (L == 2 && !isnan(lr->hr))
            snprintf(note, sizeof note, "log-rank %s; HR (Peto) %.2f (%.2f-%.2f)", ptext, lr->hr, lr->hr_lower,
                     lr->hr_upper);
        else snprintf(note, sizeof note, "log-rank %s (%d df)", ptext, lr->df);
    }
    onc_plot_km_curve_t *curves = calloc(L, sizeof *curves);
    if (!curves) return no_memory(a->s.cmd);
    for (size_t l = 0; l < L; l++) curves[l] = (onc_plot_km_curve_t){in->group.levels[l], &(*kms)[l]};
    if (!frame.x_label) frame.x_label = a->s.time;
    onc_plot_km_t p = {frame, curves, L, !a->no_bands, !a->no_censor, a->s.n_times ? a->s.times : NULL,
                       a->s.n_times, note[0] ? note : NULL};
    onc_rc rc = onc_plot_km(svg, &p, &err);
    free(curves);
    return rc == ONC_OK ? CLI_OK : plot_fail_lib(a->s.cmd, &err);
}

/* ---------------------------------------------------------------- forest */

typedef struct forest_rows {
    onc_plot_forest_row_t *rows;
    char **labels;
    size_t n;
} forest_rows_t;

static void forest_rows_free(forest_rows_t *r)
{
    for (size_t i = 0; r->labels && i < r->n; i++) free(r->labels[i]);
    free(r->rows), free(r->labels);
}

static onc_rc add_row(forest_rows_t *r, const char *var, const char *level, double est, double lo, double hi, double p)
{
    size_t len = strlen(var) + (level ? strlen(level) + 3 : 0) + 1;
    char *label = malloc(len);
    if (!label) return ONC_ENOMEM;
    snprintf(label, len, level ? "%s: %s" : "%s", var, level ? level : "");
    r->labels[r->n] = label;
    r->rows[r->n++] = (onc_plot_forest_row_t){label, est, lo, hi, p};
    return ONC_OK;
}

/* One row per column of the design; a factor (its columns named variable+level) gets its
 * reference level first, as a row that says so; an interaction's columns are named as R names
 * them. Aliased columns are left out. */
static onc_rc forest_rows(const onc_design_t *x, const onc_cox_t *f, forest_rows_t *r, onc_err_t *err)
{
    r->rows = calloc(2 * x->p + 1, sizeof *r->rows);
    r->labels = calloc(2 * x->p + 1, sizeof *r->labels);
    r->n = 0;
    if (!r->rows || !r->labels) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t j = 0; j < x->p; j++) {
        int t = x->term[j];
        const char *var = x->term_names[t], *ref = x->term_ref[t];
        onc_rc rc = ONC_OK;
        if (ref && (j == 0 || x->term[j - 1] != t)) rc = add_row(r, var, ref, NAN, NAN, NAN, NAN);
        if (rc == ONC_OK && !f->aliased[j])
            rc = add_row(r, ref ? var : x->names[j], ref ? x->names[j] + strlen(var) : NULL, f->hr[j], f->hr_lower[j],
                         f->hr_upper[j], f->pvalue[j]);
        if (rc != ONC_OK) return onc_err_set(err, rc, "out of memory");
    }
    return ONC_OK;
}

int plot_forest_figure(const plot_args_t *a, const surv_input_t *in, onc_plot_frame_t frame, onc_strbuf_t *svg,
                       onc_design_t *x, onc_cox_t *fit)
{
    onc_err_t err = {0};
    forest_rows_t r = {0};
    const int *strata = in->has_strata ? in->strata.code : NULL;
    onc_rc rc = surv_build_design(&a->s, in, x, &err);
    if (rc == ONC_OK) rc = onc_cox_fit(in->time, in->status, x->x, in->n, x->p, strata, &a->s.cox, fit, &err);
    if (rc == ONC_OK) rc = forest_rows(x, fit, &r, &err);
    if (rc == ONC_OK) {
        onc_plot_forest_t p = {.frame = frame, .rows = r.rows, .n_rows = r.n};
        rc = onc_plot_forest(svg, &p, &err);
    }
    forest_rows_free(&r);
    return rc == ONC_OK ? CLI_OK : plot_fail_lib(a->s.cmd, &err);
}

/* ---------------------------------------------------------------- ROC */

/* The level of fa named by the len bytes at s, or -1. */
static int level_named(const onc_factor_t *fa, const char *s, size_t len)
{
    for (size_t l = 0; l < fa->n_levels; l++)
        if (strlen(fa->levels[l]) == len && !strncmp(fa->levels[l], s, len)) return (int)l;
    return -1;
}

int plot_binary_column(const char *cmd, const onc_frame_t *f, const char *file, const char *name, const char *levels,
                       double *out, const char **positive)
{
    static const char *const yes[] = {"1", "TRUE", "yes", "T", "Y"};
    onc_factor_t fa;
    onc_err_t err = {0};
    if (onc_frame_factor(f, name, NULL, &fa, &err) != ONC_OK) return plot_fail_lib(cmd, &err);
    int pos = -1, neg = -1;
    if (levels) {
        /* NEG,POS: the two values compared; any other value is left out */
        size_t len = strcspn(levels, ",");
        neg = level_named(&fa, levels, len);
        pos = levels[len] ? level_named(&fa, levels + len + 1, strlen(levels + len + 1)) : -1;
        if (neg < 0 || pos < 0 || pos == neg) {
            cli_error(cmd, "--response-levels %s: two values of column %s, the non-response first", levels, name);
            onc_factor_free(&fa);
            return CLI_BAD_INPUT;
        }
    } else {
        for (size_t l = 0; l < fa.n_levels; l++)
            for (size_t y = 0; y < sizeof yes / sizeof yes[0]; y++)
                if (strcasecmp(fa.levels[l], yes[y]) == 0) pos = (int)l;
        if (fa.n_levels != 2 && !(fa.n_levels == 1 && pos == 0)) {
            cli_error(cmd, "%s: column %s must have two values (it has %zu; --response-levels NO,YES chooses two)",
                      file, name, fa.n_levels);
            onc_factor_free(&fa);
            return CLI_BAD_INPUT;
        }
        if (pos < 0) pos = 1;
    }
    for (size_t i = 0; i < fa.n; i++)
        out[i] = fa.code[i] < 0 || (neg >= 0 && fa.code[i] != pos && fa.code[i] != neg) ? NAN : fa.code[i] == pos;
    if (positive) *positive = fa.levels[pos];
    onc_factor_free(&fa);
    return CLI_OK;
}

int plot_roc_figure(const plot_args_t *a, const onc_frame_t *f, onc_plot_frame_t frame, onc_strbuf_t *svg,
                    onc_roc_t *r, const char **positive)
{
    size_t n = onc_frame_rows(f);
    double *score = malloc((n + 1) * sizeof *score), *y = malloc((n + 1) * sizeof *y), *fpr = NULL;
    onc_err_t err = {0};
    onc_roc_curve_t c = {0};
    bool higher = !a->direction || !strcmp(a->direction, "higher");
    int st = score && y ? CLI_OK : no_memory(a->s.cmd);
    if (st == CLI_OK && onc_frame_numeric(f, a->score, score, NULL, &err) != ONC_OK) st = plot_fail_lib(a->s.cmd, &err);
    if (st == CLI_OK) st = plot_binary_column(a->s.cmd, f, a->s.data, a->outcome, a->outcome_levels, y, positive);
    if (st == CLI_OK && (onc_roc_auc(score, y, n, higher, a->s.conf_level, r, &err) != ONC_OK ||
                         onc_roc_curve(score, y, n, higher, &c, &err) != ONC_OK))
        st = plot_fail_lib(a->s.cmd, &err);
    if (st == CLI_OK && !(fpr = malloc((c.n + 1) * sizeof *fpr))) st = no_memory(a->s.cmd);
    if (st == CLI_OK) {
        for (size_t i = 0; i < c.n; i++) fpr[i] = 1 - c.specificity[i];
        onc_plot_roc_curve_t curve = {a->score, fpr, c.sensitivity, c.n, r->auc};
        onc_plot_roc_t p = {frame, &curve, 1};
        if (onc_plot_roc(svg, &p, &err) != ONC_OK) st = plot_fail_lib(a->s.cmd, &err);
    }
    onc_roc_curve_free(&c);
    free(score), free(y), free(fpr);
    return st;
}

/* ---------------------------------------------------------------- waterfall */

int plot_waterfall_figure(const plot_args_t *a, const onc_frame_t *f, onc_plot_frame_t frame, onc_strbuf_t *svg)
{
    size_t n = onc_frame_rows(f), m = 0, jc = 0, jl = 0;
    double *change = malloc((n + 1) * sizeof *change);
    onc_plot_waterfall_bar_t *bars = malloc((n + 1) * sizeof *bars);
    onc_err_t err = {0};
    int st = change && bars ? CLI_OK : no_memory(a->s.cmd);
    onc_rc rc = st == CLI_OK ? onc_frame_numeric(f, a->change, change, NULL, &err) : ONC_OK;
    if (rc == ONC_OK && a->category) rc = onc_frame_find(f, a->category, &jc, &err);
    if (rc == ONC_OK && a->label) rc = onc_frame_find(f, a->label, &jl, &err);
    for (size_t i = 0; rc == ONC_OK && st == CLI_OK && i < n; i++) {
        if (isnan(change[i])) continue; /* not evaluable: no bar */
        if (change[i] < -100)
            rc = onc_err_at(&err, ONC_EPARSE, a->s.data, onc_frame_line(f, i), a->change,
                            "a change of %g%% is below -100%%", change[i]);
        bars[m++] = (onc_plot_waterfall_bar_t){a->label ? onc_frame_cell(f, i, jl) : NULL, change[i],
                                               a->category ? onc_frame_cell(f, i, jc) : NULL};
    }
    if (rc == ONC_OK && st == CLI_OK) {
        onc_plot_waterfall_t p = {frame, bars, m, true};
        rc = onc_plot_waterfall(svg, &p, &err);
    }
    if (rc != ONC_OK) st = plot_fail_lib(a->s.cmd, &err);
    free(change), free(bars);
    return st;
}

/* ---------------------------------------------------------------- swimmer */

typedef struct swim_input {
    onc_plot_swim_lane_t *lanes;
    onc_plot_swim_segment_t *segs;
    onc_plot_swim_marker_t *marks;
    size_t n_lanes;
    double *start, *end, *etime;
} swim_input_t;

static void swim_free(swim_input_t *s)
{
    free(s->lanes), free(s->segs), free(s->marks), free(s->start), free(s->end), free(s->etime);
}

static bool truthy(const char *s)
{
    return s && (!strcasecmp(s, "1") || !strcasecmp(s, "TRUE") || !strcasecmp(s, "yes") || !strcasecmp(s, "T"));
}

/* The lanes: one per patient in order of first appearance, its rows' segments and events. */
static onc_rc swim_lanes(const plot_args_t *a, const onc_frame_t *f, swim_input_t *s, onc_err_t *err)
{
    size_t n = onc_frame_rows(f), jp, jt = 0, jk = 0, jo = 0, ns = 0, nm = 0;
    onc_factor_t pat;
    onc_rc rc = onc_frame_find(f, a->patient, &jp, err);
    if (rc == ONC_OK) rc = onc_frame_numeric(f, a->start, s->start, NULL, err);
    if (rc == ONC_OK) rc = onc_frame_numeric(f, a->end, s->end, NULL, err);
    if (rc == ONC_OK) rc = onc_frame_find(f, a->therapy, &jt, err);
    if (rc == ONC_OK && a->event_time) rc = onc_frame_numeric(f, a->event_time, s->etime, NULL, err);
    if (rc == ONC_OK && a->event_kind) rc = onc_frame_find(f, a->event_kind, &jk, err);
    if (rc == ONC_OK && a->ongoing) rc = onc_frame_find(f, a->ongoing, &jo, err);
    if (rc == ONC_OK) rc = onc_frame_factor(f, a->patient, NULL, &pat, err);
    if (rc != ONC_OK) return rc;
    s->n_lanes = 0;
    for (size_t i = 0; rc == ONC_OK && i < n; i++) {
        uint64_t line = onc_frame_line(f, i);
        if (pat.code[i] < 0) rc = onc_err_at(err, ONC_EPARSE, a->s.data, line, a->patient, "no patient");
        else if (isnan(s->start[i]) != isnan(s->end[i]))
            rc = onc_err_at(err, ONC_EPARSE, a->s.data, line, isnan(s->start[i]) ? a->start : a->end,
                            "a therapy line needs both its start and its end");
        else if (!isnan(s->end[i]) && s->end[i] < s->start[i])
            rc = onc_err_at(err, ONC_EPARSE, a->s.data, line, a->end, "the end %g is before the start %g", s->end[i],
                            s->start[i]);
    }
    /* lanes in order of first appearance: each lane's items are contiguous in segs and marks */
    size_t *first = malloc((pat.n_levels + 1) * sizeof *first);
    if (rc == ONC_OK && !first) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t l = 0; rc == ONC_OK && l < pat.n_levels; l++) first[l] = SIZE_MAX;
    for (size_t i = 0; rc == ONC_OK && i < n; i++)
        if (first[pat.code[i]] == SIZE_MAX) first[pat.code[i]] = s->n_lanes++;
    for (size_t k = 0; rc == ONC_OK && k < s->n_lanes; k++) {
        size_t l = 0;
        while (first[l] != k) l++;
        onc_plot_swim_lane_t *lane = &s->lanes[k];
        *lane = (onc_plot_swim_lane_t){pat.levels[l], s->segs + ns, 0, s->marks + nm, 0, false};
        for (size_t i = 0; i < n; i++) {
            if (pat.code[i] != (int)l) continue;
            if (!isnan(s->start[i]))
                s->segs[ns++] = (onc_plot_swim_segment_t){s->start[i], s->end[i], onc_frame_cell(f, i, jt)}, lane->n_segments++;
            if (a->event_time && !isnan(s->etime[i]))
                s->marks[nm++] = (onc_plot_swim_marker_t){s->etime[i], a->event_kind ? onc_frame_cell(f, i, jk) : "event"},
                lane->n_markers++;
            if (a->ongoing && truthy(onc_frame_cell(f, i, jo))) lane->ongoing = true;
        }
    }
    free(first);
    onc_factor_free(&pat);
    return rc;
}

static int swimmer_figure(const plot_args_t *a, const onc_frame_t *f, onc_plot_frame_t frame, onc_strbuf_t *svg)
{
    size_t n = onc_frame_rows(f) + 1;
    swim_input_t s = {calloc(n, sizeof *s.lanes), calloc(n, sizeof *s.segs), calloc(n, sizeof *s.marks), 0,
                      malloc(n * sizeof *s.start), malloc(n * sizeof *s.end), malloc(n * sizeof *s.etime)};
    onc_err_t err = {0};
    int st = s.lanes && s.segs && s.marks && s.start && s.end && s.etime ? CLI_OK : no_memory(a->s.cmd);
    if (st == CLI_OK && swim_lanes(a, f, &s, &err) != ONC_OK) st = plot_fail_lib(a->s.cmd, &err);
    if (st == CLI_OK) {
        onc_plot_swimmer_t p = {frame, s.lanes, s.n_lanes};
        if (onc_plot_swimmer(svg, &p, &err) != ONC_OK) st = plot_fail_lib(a->s.cmd, &err);
    }
    swim_free(&s);
    return st;
}

/* ---------------------------------------------------------------- the command */

static void plot_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   A figure as a standalone SVG file (docs/stats.md, \"Figures and the report\").\n"
                "Usage:   oncoboard stats plot km|forest|roc|waterfall|swimmer --table F [options] -o FILE.svg\n"
                "\n"
                "Figures:\n"
                "    km          Kaplan-Meier curves: --time T --event E [--group G] [--levels A,B,..]\n"
                "                [--risk-times T1,..] [--conf-type log|log-log|plain|none] [--no-bands]\n"
                "                [--no-censor-marks]; two groups or more: the log-rank p and Peto's HR\n"
                "    forest      the hazard ratios of a Cox model: --time T --event E --covariates A,B,..\n"
                "                [--factors A,..] [--ref VAR=LEVEL] [--strata S] [--ties efron|breslow]\n"
                "    roc         ROC curve: --score S --outcome Y [--direction higher|lower]\n"
                "                [--outcome-levels NO,YES: the two values compared, others left out]\n"
                "    waterfall   best response: --change C (percent) [--category C] [--label C]\n"
                "    swimmer     therapy lines, one row each: --patient P --start S --end E --therapy T\n"
                "                [--event-time C --event-kind C] [--ongoing C (1/yes/TRUE)]\n"
                "\n"
                "Options:\n"
                "    --table F            a TSV or CSV table with a header (--data is the same)\n"
                "    --study DIR          or a cBioPortal study's clinical tables (--per-sample: a row per sample)\n"
                "    --title T, --x-label T, --y-label T, --width PX, --height PX\n"
                "    --conf-level L       [0.95]\n"
                "    -o FILE              write there instead of stdout\n"
                "\n");
}

typedef enum plot_kind { PLOT_KM, PLOT_FOREST, PLOT_ROC, PLOT_WATERFALL, PLOT_SWIMMER, PLOT_NONE } plot_kind;

static plot_kind kind_of(const char *s)
{
    static const char *const names[] = {"km", "forest", "roc", "waterfall", "swimmer"};
    for (int k = 0; k < PLOT_NONE; k++)
        if (!strcmp(s, names[k])) return (plot_kind)k;
    return PLOT_NONE;
}

static int required(const plot_args_t *a, plot_kind k)
{
    const char *cmd = a->s.cmd;
    if ((k == PLOT_KM || k == PLOT_FOREST) && (!a->s.time || !a->s.event))
        return cli_usage_error(cmd, "--time and --event are required");
    if (k == PLOT_FOREST && !a->s.covariates) return cli_usage_error(cmd, "--covariates is required");
    if (k == PLOT_ROC && (!a->score || !a->outcome)) return cli_usage_error(cmd, "--score and --outcome are required");
    if (k == PLOT_WATERFALL && !a->change) return cli_usage_error(cmd, "--change is required");
    if (k == PLOT_SWIMMER && (!a->patient || !a->start || !a->end || !a->therapy))
        return cli_usage_error(cmd, "--patient, --start, --end and --therapy are required");
    if (k == PLOT_SWIMMER && !a->event_time != !a->event_kind)
        return cli_usage_error(cmd, "--event-time and --event-kind go together");
    return -1;
}

/* The survival figures: the table through surv_load (time, event, group, strata). */
static int surv_figure(const plot_args_t *a, plot_kind k, onc_strbuf_t *svg)
{
    surv_input_t in;
    int st = surv_load(&a->s, &in);
    if (st != CLI_OK) return st;
    if (k == PLOT_KM) {
        onc_km_t *kms = NULL;
        onc_logrank_t lr;
        st = plot_km_figure(a, &in, plot_frame_of(a), svg, &kms, &lr);
        surv_km_free_all(kms, in.group.n_levels);
        onc_logrank_free(&lr);
    } else {
        onc_design_t x = {0};
        onc_cox_t fit = {0};
        st = plot_forest_figure(a, &in, plot_frame_of(a), svg, &x, &fit);
        onc_cox_free(&fit);
        onc_design_free(&x);
    }
    surv_input_free(&in);
    return st;
}

static int table_figure(const plot_args_t *a, plot_kind k, onc_strbuf_t *svg)
{
    onc_frame_t *f = NULL;
    int st = cli_stats_table(a->s.cmd, a->s.study ? NULL : a->s.data, a->s.study, a->s.per_sample, &f);
    if (st != CLI_OK) return st;
    if (k == PLOT_ROC) {
        onc_roc_t r;
        st = plot_roc_figure(a, f, plot_frame_of(a), svg, &r, NULL);
    } else if (k == PLOT_WATERFALL) st = plot_waterfall_figure(a, f, plot_frame_of(a), svg);
    else st = swimmer_figure(a, f, plot_frame_of(a), svg);
    onc_frame_free(f);
    return st;
}

static int cmd_stats_plot(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        plot_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_BAD_INPUT : CLI_OK;
    }
    plot_kind k = kind_of(argv[1]);
    if (k == PLOT_NONE) return cli_usage_error("plot", "unknown figure '%s': km, forest, roc, waterfall or swimmer", argv[1]);
    plot_args_t a;
    argv[1] = argv[0]; /* the figure's options as the plot's */
    int st = plot_parse(&a, argc - 1, argv + 1, plot_usage);
    if (st >= 0 || (st = required(&a, k)) >= 0) return st;
    onc_strbuf_t svg = ONC_STRBUF_INIT;
    st = k == PLOT_KM || k == PLOT_FOREST ? surv_figure(&a, k, &svg) : table_figure(&a, k, &svg);
    cli_output_t out;
    if (st == CLI_OK && (st = cli_output_open(&out, a.s.output)) == CLI_OK) {
        fputs(onc_strbuf_str(&svg), out.fp);
        st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    onc_strbuf_free(&svg);
    return st;
}

cli_command_t cli_stats_plot_commands[] = {
    {"plot", cmd_stats_plot, "a figure as SVG: km, forest, roc, waterfall, swimmer"},
    {"report", cmd_stats_report, "a cohort's analysis as one self-contained HTML file"},
    {NULL, NULL, NULL},
};
