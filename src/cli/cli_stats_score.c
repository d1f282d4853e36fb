/* cli_stats_score.c: `oncoboard stats score`, a published response-prediction model (LORIS, or a
 * model table of the user's) applied to every row of a cohort table (stats_score.h; docs/stats.md,
 * "stats score"). Each feature is read from a column (the model's default, or --feature
 * NAME=COLUMN); each row gets its linear predictor and score, or NA with the features it lacks.
 * With --response, the score's ROC AUC with DeLong's interval through stats_roc.c: the external
 * validation of the published model on the unit's cohort.
 */
#include "cli_stats.h"
#include "cli_stats_plot.h"

#include "oncoboard/frame.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/stats_assoc.h"
#include "oncoboard/stats_score.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_UNMATCHED_LISTED 8 /* distinct unmatched values named in the warning */

typedef struct score_args {
    const char *cmd, *model, *model_name, *kb_dir, *data, *study, *id, *response, *response_levels, *out;
    const char *feature_map[ONC_SCORE_MAX_FEATURES]; /* "NAME=COLUMN" as given */
    size_t n_map;
    double conf;
    bool per_sample, json, summary;
} score_args_t;

enum {
    OPT_MODEL = 256, OPT_MODEL_NAME, OPT_KB, OPT_DATA, OPT_STUDY, OPT_PER_SAMPLE, OPT_FEATURE, OPT_ID, OPT_RESPONSE,
    OPT_RESPONSE_LEVELS, OPT_CONF, OPT_SUMMARY, OPT_FORMAT, OPT_JSON, OPT_VERSION
};

static const struct option options[] = {
    {"model", required_argument, NULL, OPT_MODEL},
    {"model-name", required_argument, NULL, OPT_MODEL_NAME},
    {"kb", required_argument, NULL, OPT_KB},
    {"data", required_argument, NULL, OPT_DATA},
    {"table", required_argument, NULL, OPT_DATA},
    {"study", required_argument, NULL, OPT_STUDY},
    {"per-sample", no_argument, NULL, OPT_PER_SAMPLE},
    {"feature", required_argument, NULL, OPT_FEATURE},
    {"id", required_argument, NULL, OPT_ID},
    {"response", required_argument, NULL, OPT_RESPONSE},
    {"outcome", required_argument, NULL, OPT_RESPONSE},
    {"response-levels", required_argument, NULL, OPT_RESPONSE_LEVELS},
    {"conf-level", required_argument, NULL, OPT_CONF},
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   A published response-prediction model applied to every row of a cohort table:\n"
                "         each row's linear predictor and score (LORIS: the probability of response to\n"
                "         immune checkpoint blockade), NA with the features it lacks; with --response, the\n"
                "         score's ROC AUC with DeLong's interval (as stats roc; R: pROC). Models are data:\n"
                "         kb/response_models.tsv (with sources), or a table of your own in its format.\n"
                "Usage:   oncoboard stats score --model NAME|FILE --data F [--feature NAME=COLUMN ...]\n"
                "             [--response COL] [--summary]\n"
                "\n"
                "Options:\n"
                "    --model NAME|FILE    loris-pancancer or loris-nsclc (kb/response_models.tsv), or a model\n"
                "                         table file (--model-name NAME when it holds several)\n"
                "    --kb DIR             read response_models.tsv from DIR instead of the built-in copy\n"
                "    --data F             the cohort table (TSV or CSV; alias --table)\n"
                "    --study DIR          or a cBioPortal study's clinical tables (--per-sample: per sample)\n"
                "    --feature NAME=COL   read feature NAME from column COL (repeatable) [the model's column,\n"
                "                         else a column named as the feature]\n"
                "    --id COL             the row identifier printed [the table's first column]\n"
                "    --response COL       a binary response (1/0, TRUE/FALSE, yes/no, else the second value):\n"
                "                         the AUC of the score with DeLong's interval\n"
                "    --response-levels NO,YES  the two values compared; other values left out\n"
                "    --conf-level C       [0.95]\n"
                "    --summary            the model and the AUC only, not every row\n"
                "    --format tsv|json, --json, -o FILE   output [tsv, stdout]\n"
                "\n");
}

static int take_option(void *ctx, int c, const char *v)
{
    score_args_t *a = ctx;
    switch (c) {
    case OPT_MODEL: a->model = v; return -1;
    case OPT_MODEL_NAME: a->model_name = v; return -1;
    case OPT_KB: a->kb_dir = v; return -1;
    case OPT_DATA: a->data = v; return -1;
    case OPT_STUDY: a->study = v; return -1;
    case OPT_PER_SAMPLE: a->per_sample = true; return -1;
    case OPT_ID: a->id = v; return -1;
    case OPT_RESPONSE: a->response = v; return -1;
    case OPT_RESPONSE_LEVELS: a->response_levels = v; return -1;
    case OPT_SUMMARY: a->summary = true; return -1;
    case OPT_JSON: a->json = true; return -1;
    case 'o': a->out = v; return -1;
    case OPT_FEATURE:
        if (!strchr(v, '=') || *v == '=') return cli_usage_error(a->cmd, "--feature NAME=COLUMN, not '%s'", v);
        if (a->n_map == ONC_SCORE_MAX_FEATURES) return cli_usage_error(a->cmd, "more than %d --feature options", ONC_SCORE_MAX_FEATURES);
        a->feature_map[a->n_map++] = v;
        return -1;
    case OPT_CONF:
        if (cli_parse_number(v, 1e-9, 1 - 1e-9, &a->conf)) return cli_usage_error(a->cmd, "--conf-level must be between 0 and 1, not '%s'", v);
        return -1;
    case OPT_FORMAT:
        if (strcmp(v, "json") != 0 && strcmp(v, "tsv") != 0) return cli_usage_error(a->cmd, "--format: tsv or json, not '%s'", v);
        a->json = strcmp(v, "json") == 0;
        return -1;
    default: return cli_usage_error(a->cmd, "unknown option");
    }
}

static int parse_args(score_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->cmd = "stats score";
    a->conf = 0.95;
    int st = cli_stats_getopt(argc, argv, options, OPT_VERSION, a->cmd, usage, take_option, a);
    if (st >= 0) return st;
    if (!a->model) return cli_usage_error(a->cmd, "--model is required (loris-pancancer, loris-nsclc or a model file)");
    if (!a->data == !a->study) return cli_usage_error(a->cmd, "give one of --data and --study");
    if (a->response_levels && !a->response) return cli_usage_error(a->cmd, "--response-levels needs --response");
    return -1;
}

/* ---- the model and the columns ---- */

static int fail_lib(const score_args_t *a, onc_rc rc, const onc_err_t *err)
{
    cli_error(a->cmd, "%s", err->msg);
    return cli_status_of(rc);
}

/* --model: a file when one is there, else a model of the knowledge base. */
static int load_model(const score_args_t *a, onc_score_model_t **m)
{
    onc_err_t err = {0};
    onc_rc rc = access(a->model, F_OK) == 0 ? onc_score_model_read(a->model, a->model_name, m, &err)
                                            : onc_score_model_load(a->model, a->kb_dir, m, &err);
    return rc == ONC_OK ? CLI_OK : fail_lib(a, rc, &err);
}

/* columns[i] from the --feature options; a name that is not one of the model's features is an error. */
static int map_columns(const score_args_t *a, const onc_score_model_t *m, char **owned, const char **columns)
{
    for (size_t k = 0; k < a->n_map; k++) {
        const char *v = a->feature_map[k], *eq = strchr(v, '=');
        if (!(owned[k] = strndup(v, (size_t)(eq - v)))) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
        int i = onc_score_feature_find(m, owned[k]);
        if (i < 0) {
            char list[1024] = "";
            for (size_t j = 0, len = 0; j < onc_score_model_n_features(m) && len < sizeof list; j++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", j ? ", " : "", onc_score_feature_name(m, j));
            cli_error(a->cmd, "--feature %s: model %s has no feature %s (its features: %s)", v, onc_score_model_name(m),
                      owned[k], list);
            return CLI_BAD_INPUT;
        }
        columns[i] = eq + 1;
    }
    return CLI_OK;
}

/* ---- output ---- */

typedef struct scored {
    onc_frame_t *f;
    const char *file;
    onc_score_t *rows;
    const char *used[ONC_SCORE_MAX_FEATURES];
    size_t n, n_scored, n_unmatched, id_col;
    double *y;              /* with --response */
    const char *positive;
    onc_roc_t roc;
    bool has_roc;
    const char *warn[ONC_SCORE_MAX_FEATURES + 2];
    char warn_buf[ONC_SCORE_MAX_FEATURES + 2][512];
    size_t n_warn;
} scored_t;

/* A number for the text output: %.15g (enough to check a score to 1e-9), NA when missing. */
static void text_num(FILE *fp, double v)
{
    if (isnan(v)) fputs("NA", fp);
    else fprintf(fp, "%.15g", v);
}

/* The names of the features whose bit is set in mask, comma-joined (TSV) or as a JSON array. */
static void put_features(FILE *fp, const onc_score_model_t *m, uint64_t mask, bool json)
{
    if (json) fputc('[', fp);
    for (size_t i = 0, k = 0; i < onc_score_model_n_features(m); i++) {
        if (!((mask >> i) & 1)) continue;
        if (k++) fputc(',', fp);
        if (json) onc_jsonw_string(fp, onc_score_feature_name(m, i));
        else fputs(onc_score_feature_name(m, i), fp);
    }
    if (json) fputc(']', fp);
}

static const char *row_id(const scored_t *s, size_t r)
{
    const char *id = onc_frame_cell(s->f, r, s->id_col);
    return id ? id : "NA";
}

static void tsv_out(FILE *fp, const score_args_t *a, const onc_score_model_t *m, const scored_t *s)
{
    fprintf(fp, "# model: %s\n# citation: %s\n# link: %s\n", onc_score_model_name(m), onc_score_model_citation(m),
            onc_score_model_link(m));
    for (size_t i = 0; i < onc_score_model_n_features(m); i++)
        fprintf(fp, "# feature %s: column %s%s%s\n", onc_score_feature_name(m, i), s->used[i],
                *onc_score_feature_unit(m, i) ? ", " : "", onc_score_feature_unit(m, i));
    fprintf(fp, "# n: %zu\n# n_scored: %zu\n# n_missing: %zu\n", s->n, s->n_scored, s->n - s->n_scored);
    if (s->has_roc) {
        const onc_roc_t *r = &s->roc;
        fprintf(fp, "# response: %s (positive: %s)\n# n_cases: %zu\n# n_controls: %zu\n# auc: ", a->response, s->positive,
                r->n_cases, r->n_controls);
        text_num(fp, r->auc);
        fputs("\n# auc_se: ", fp), text_num(fp, sqrt(r->var));
        fputs("\n# auc_lower: ", fp), text_num(fp, r->lower);
        fputs("\n# auc_upper: ", fp), text_num(fp, r->upper);
        fprintf(fp, "\n# conf_level: %g\n", a->conf);
    }
    for (size_t w = 0; w < s->n_warn; w++) fprintf(fp, "# warning: %s\n", s->warn[w]);
    if (a->summary) return;
    fputs("id\tline\tlinear\tscore\tmissing\tunmatched\n", fp);
    for (size_t r = 0; r < s->n; r++) {
        fprintf(fp, "%s\t%llu\t", row_id(s, r), (unsigned long long)onc_frame_line(s->f, r));
        text_num(fp, s->rows[r].linear), fputc('\t', fp);
        text_num(fp, s->rows[r].value), fputc('\t', fp);
        put_features(fp, m, s->rows[r].missing, false), fputc('\t', fp);
        put_features(fp, m, s->rows[r].unmatched, false), fputc('\n', fp);
    }
}

static void json_roc(FILE *fp, const score_args_t *a, const scored_t *s)
{
    const onc_roc_t *r = &s->roc;
    onc_jsonw_key(fp, "roc", 0);
    fputc('{', fp);
    onc_jsonw_member_str(fp, "response", a->response, 1);
    onc_jsonw_member_str(fp, "positive", s->positive, 0);
    onc_jsonw_member_int(fp, "n_cases", (int64_t)r->n_cases, 0, 0);
    onc_jsonw_member_int(fp, "n_controls", (int64_t)r->n_controls, 0, 0);
    onc_jsonw_member_num(fp, "auc", r->auc, 0);
    onc_jsonw_member_num(fp, "auc_se", sqrt(r->var), 0);
    onc_jsonw_member_num(fp, "auc_lower", r->lower, 0);
    onc_jsonw_member_num(fp, "auc_upper", r->upper, 0);
    onc_jsonw_member_num(fp, "conf_level", a->conf, 0);
    fputc('}', fp);
}

static void json_out(FILE *fp, const score_args_t *a, const onc_score_model_t *m, const scored_t *s)
{
    fputc('{', fp);
    onc_jsonw_member_str(fp, "analysis", "score", 1);
    onc_jsonw_member_str(fp, "model", onc_score_model_name(m), 0);
    onc_jsonw_member_str(fp, "citation", onc_score_model_citation(m), 0);
    onc_jsonw_member_str(fp, "link", onc_score_model_link(m), 0);
    onc_jsonw_key(fp, "features", 0);
    fputc('[', fp);
    for (size_t i = 0; i < onc_score_model_n_features(m); i++) {
        fputs(i ? ",{" : "{", fp);
        onc_jsonw_member_str(fp, "name", onc_score_feature_name(m, i), 1);
        onc_jsonw_member_str(fp, "column", s->used[i], 0);
        onc_jsonw_member_str(fp, "unit", onc_score_feature_unit(m, i), 0);
        onc_jsonw_key(fp, "categorical", 0);
        fputs(onc_score_feature_categorical(m, i) ? "true}" : "false}", fp);
    }
    fputc(']', fp);
    onc_jsonw_member_int(fp, "n", (int64_t)s->n, 0, 0);
    onc_jsonw_member_int(fp, "n_scored", (int64_t)s->n_scored, 0, 0);
    onc_jsonw_member_int(fp, "n_missing", (int64_t)(s->n - s->n_scored), 0, 0);
    if (s->has_roc) json_roc(fp, a, s);
    if (!a->summary) {
        onc_jsonw_key(fp, "rows", 0);
        fputc('[', fp);
        for (size_t r = 0; r < s->n; r++) {
            fputs(r ? ",\n{" : "\n{", fp);
            onc_jsonw_member_str(fp, "id", row_id(s, r), 1);
            onc_jsonw_member_int(fp, "line", (int64_t)onc_frame_line(s->f, r), 0, 0);
            onc_jsonw_member_num(fp, "linear", s->rows[r].linear, 0);
            onc_jsonw_member_num(fp, "score", s->rows[r].value, 0);
            onc_jsonw_key(fp, "missing", 0), put_features(fp, m, s->rows[r].missing, true);
            onc_jsonw_key(fp, "unmatched", 0), put_features(fp, m, s->rows[r].unmatched, true);
            fputc('}', fp);
        }
        fputc(']', fp);
    }
    onc_jsonw_key(fp, "warnings", 0);
    fputc('[', fp);
    for (size_t w = 0; w < s->n_warn; w++) {
        if (w) fputc(',', fp);
        onc_jsonw_string(fp, s->warn[w]);
    }
    fputs("]}\n", fp);
}

/* ---- warnings ---- */

/* The next warning's buffer, NULL when every one is taken; add_warning keeps what was written. */
static char *warn_slot(scored_t *s)
{
    return s->n_warn < sizeof s->warn / sizeof s->warn[0] ? s->warn_buf[s->n_warn] : NULL;
}

static void add_warning(scored_t *s, const char *text) { s->warn[s->n_warn++] = text; }

/* A categorical value that is none of the model's levels: scored with every indicator 0, which
 * is the model's rule for its other types, but a misspelt type would be too: say which values. */
static void warn_unmatched(scored_t *s, const onc_score_model_t *m, size_t i)
{
    char *buf = warn_slot(s);
    size_t cap = sizeof s->warn_buf[0], n_rows = 0, n_listed = 0, j;
    const char *listed[MAX_UNMATCHED_LISTED];
    bool more = false; /* a value past the ones listed */
    if (!buf || onc_frame_find(s->f, s->used[i], &j, NULL) != ONC_OK) return;
    int len = snprintf(buf, cap, "%s: values that are none of the model's levels, scored with every indicator 0:",
                       onc_score_feature_name(m, i));
    for (size_t r = 0; r < s->n; r++) {
        if (!((s->rows[r].unmatched >> i) & 1)) continue;
        n_rows++;
        const char *v = onc_frame_cell(s->f, r, j);
        bool seen = false;
        for (size_t q = 0; q < n_listed && !seen; q++) seen = strcmp(listed[q], v) == 0;
        more |= !seen && n_listed == MAX_UNMATCHED_LISTED;
        if (seen || n_listed == MAX_UNMATCHED_LISTED) continue;
        listed[n_listed++] = v;
        if (len > 0 && (size_t)len < cap) len += snprintf(buf + len, cap - (size_t)len, " %s%s", n_listed > 1 ? "| " : "", v);
    }
    if (n_rows && len > 0 && (size_t)len < cap) {
        snprintf(buf + len, cap - (size_t)len, "%s (%zu row%s)", more ? " ..." : "", n_rows,
                 n_rows == 1 ? "" : "s");
        add_warning(s, buf);
    }
}

/* A numeric feature with one value in every scored row (LORIS's sheets impute missing albumin
 * and NLR with constants): it moves every score alike and so cannot change the AUC. */
static void warn_constant(scored_t *s, const onc_score_model_t *m, size_t i)
{
    size_t j;
    char *buf = warn_slot(s);
    if (!buf || onc_score_feature_categorical(m, i) || s->n_scored < 2 ||
        onc_frame_find(s->f, s->used[i], &j, NULL) != ONC_OK)
        return;
    const char *first = NULL;
    for (size_t r = 0; r < s->n; r++) {
        if (isnan(s->rows[r].linear)) continue;
        const char *v = onc_frame_cell(s->f, r, j);
        if (!first) first = v;
        else if (strcmp(first, v) != 0) return;
    }
    snprintf(buf, sizeof s->warn_buf[0],
             "%s is %s in every scored row (imputed?): it shifts every score alike and cannot change the AUC",
             onc_score_feature_name(m, i), first);
    add_warning(s, buf);
}

/* ---- the run ---- */

static int score_rows(const score_args_t *a, const onc_score_model_t *m, const char **columns, scored_t *s)
{
    onc_err_t err = {0};
    s->n = onc_frame_rows(s->f);
    if (!(s->rows = calloc(s->n + 1, sizeof *s->rows))) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    onc_rc rc = onc_score_frame(m, s->f, s->file, columns, s->rows, s->used, &err);
    if (rc != ONC_OK) return fail_lib(a, rc, &err);
    for (size_t r = 0; r < s->n; r++) s->n_scored += !isnan(s->rows[r].linear);
    if (a->id) {
        if ((rc = onc_frame_find(s->f, a->id, &s->id_col, &err)) != ONC_OK) return fail_lib(a, rc, &err);
    }
    for (size_t i = 0; i < onc_score_model_n_features(m); i++) {
        bool any = false;
        for (size_t r = 0; r < s->n && !any; r++) any = (s->rows[r].unmatched >> i) & 1;
        if (any) warn_unmatched(s, m, i);
        warn_constant(s, m, i);
    }
    char *buf = warn_slot(s);
    if (buf && s->n_scored < s->n) {
        snprintf(buf, sizeof s->warn_buf[0], "%zu of %zu rows lack a feature: no score (NA)", s->n - s->n_scored, s->n);
        add_warning(s, buf);
    }
    return CLI_OK;
}

static int response_auc(const score_args_t *a, scored_t *s)
{
    if (!(s->y = malloc((s->n + 1) * sizeof *s->y))) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    int st = plot_binary_column(a->cmd, s->f, s->file, a->response, a->response_levels, s->y, &s->positive);
    if (st != CLI_OK) return st;
    double *score = malloc((s->n + 1) * sizeof *score);
    if (!score) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    for (size_t r = 0; r < s->n; r++) score[r] = s->rows[r].value;
    onc_err_t err = {0};
    onc_rc rc = onc_roc_auc(score, s->y, s->n, true, a->conf, &s->roc, &err);
    free(score);
    if (rc != ONC_OK) return fail_lib(a, rc, &err);
    s->has_roc = true;
    return CLI_OK;
}

static int write_out(const score_args_t *a, const onc_score_model_t *m, const scored_t *s)
{
    cli_output_t o;
    if (cli_output_open(&o, a->out)) return CLI_BAD_INPUT;
    if (a->json) json_out(o.fp, a, m, s);
    else tsv_out(o.fp, a, m, s);
    return cli_output_commit(&o) ? CLI_INTERNAL : CLI_OK;
}

static int run_score(int argc, char **argv)
{
    score_args_t a;
    int st = parse_args(&a, argc, argv);
    if (st >= 0) return st;
    onc_score_model_t *m = NULL;
    scored_t s;
    memset(&s, 0, sizeof s);
    s.file = a.data ? a.data : a.study;
    char *owned[ONC_SCORE_MAX_FEATURES] = {0};
    const char *columns[ONC_SCORE_MAX_FEATURES] = {0};
    st = load_model(&a, &m);
    if (st == CLI_OK) st = map_columns(&a, m, owned, columns);
    if (st == CLI_OK) st = cli_stats_table(a.cmd, a.data, a.study, a.per_sample, &s.f);
    if (st == CLI_OK) st = score_rows(&a, m, columns, &s);
    if (st == CLI_OK && a.response) st = response_auc(&a, &s);
    if (st == CLI_OK) st = write_out(&a, m, &s);
    for (size_t k = 0; k < a.n_map; k++) free(owned[k]);
    free(s.rows), free(s.y);
    onc_frame_free(s.f);
    onc_score_model_free(m);
    return st;
}

cli_command_t cli_stats_score_commands[] = {
    {"score", run_score, "a published response model (LORIS) applied to a cohort, with its AUC"},
    {NULL, NULL, NULL},
};
