/* cli_stats_assoc.c: the association and diagnostic analyses of `oncoboard stats`
 * (stats_assoc.h; docs/stats.md, "Association and diagnostic statistics").
 *
 * One option table serves every analysis: each reads the table named by --data (frame.h),
 * takes its columns by option, drops the rows where one of them is missing (and counts them),
 * calls the library and prints either `key<TAB>value` lines or, with --format json, one JSON
 * document with CONTRACTS.md's keys. Group columns are factors in byte order unless --levels
 * gives the order; a binary outcome is 1/0, TRUE/FALSE, yes/no or the second level.
 */
#include "cli_stats.h"
#include "cli_stats_boot.h"
#include "oncoboard/frame.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/stats_assoc.h"
#include "oncoboard/stats_surv.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_COVARIATES 64
#define MAX_LEVELS 64

typedef struct assoc_args {
    char cmd_buf[64]; /* "stats fisher", for messages */
    const char *cmd, *data, *study, *out, *a, *b, *levels_a, *levels_b, *value, *group, *levels, *x, *y;
    const char *outcome, *covariates, *factors, *score, *marker, *time, *event, *response, *pcol, *values, *id;
    const char *method, *direction, *scores;
    double conf, minprop, maxprop;
    bool per_sample, json, no_correct, firth, no_profile, exact, normal;
    cli_boot_t boot; /* logistic: --bootstrap, --seed, --resamples, --write-resamples */
} assoc_args_t;

enum {
    OPT_DATA = 256, OPT_A, OPT_B, OPT_LEVELS_A, OPT_LEVELS_B, OPT_VALUE, OPT_GROUP, OPT_LEVELS, OPT_X, OPT_Y,
    OPT_OUTCOME, OPT_COVARIATES, OPT_FACTORS, OPT_SCORE, OPT_MARKER, OPT_TIME, OPT_EVENT, OPT_RESPONSE, OPT_P,
    OPT_VALUES, OPT_ID, OPT_METHOD, OPT_DIRECTION, OPT_SCORES, OPT_CONF, OPT_MINPROP, OPT_MAXPROP, OPT_FORMAT,
    OPT_JSON, OPT_NO_CORRECT, OPT_FIRTH, OPT_NO_PROFILE, OPT_EXACT, OPT_NORMAL, OPT_BOOTSTRAP, OPT_SEED, OPT_VERSION,
    OPT_STUDY, OPT_PER_SAMPLE, OPT_RESAMPLES, OPT_WRITE_RESAMPLES
};

static const struct option options[] = {
    {"data", required_argument, NULL, OPT_DATA},         {"a", required_argument, NULL, OPT_A},
    {"table", required_argument, NULL, OPT_DATA},        {"study", required_argument, NULL, OPT_STUDY},
    {"per-sample", no_argument, NULL, OPT_PER_SAMPLE},
    {"b", required_argument, NULL, OPT_B},               {"levels-a", required_argument, NULL, OPT_LEVELS_A},
    {"levels-b", required_argument, NULL, OPT_LEVELS_B}, {"value", required_argument, NULL, OPT_VALUE},
    {"group", required_argument, NULL, OPT_GROUP},       {"levels", required_argument, NULL, OPT_LEVELS},
    {"x", required_argument, NULL, OPT_X},               {"y", required_argument, NULL, OPT_Y},
    {"outcome", required_argument, NULL, OPT_OUTCOME},   {"covariates", required_argument, NULL, OPT_COVARIATES},
    {"factors", required_argument, NULL, OPT_FACTORS},   {"score", required_argument, NULL, OPT_SCORE},
    {"marker", required_argument, NULL, OPT_MARKER},     {"time", required_argument, NULL, OPT_TIME},
    {"event", required_argument, NULL, OPT_EVENT},       {"response", required_argument, NULL, OPT_RESPONSE},
    {"p", required_argument, NULL, OPT_P},               {"values", required_argument, NULL, OPT_VALUES},
    {"id", required_argument, NULL, OPT_ID},             {"method", required_argument, NULL, OPT_METHOD},
    {"direction", required_argument, NULL, OPT_DIRECTION}, {"scores", required_argument, NULL, OPT_SCORES},
    {"conf-level", required_argument, NULL, OPT_CONF}, {"conf", required_argument, NULL, OPT_CONF},         {"minprop", required_argument, NULL, OPT_MINPROP},
    {"maxprop", required_argument, NULL, OPT_MAXPROP},   {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},               {"no-correct", no_argument, NULL, OPT_NO_CORRECT},
    {"firth", no_argument, NULL, OPT_FIRTH},             {"no-profile", no_argument, NULL, OPT_NO_PROFILE},
    {"exact", no_argument, NULL, OPT_EXACT},             {"normal", no_argument, NULL, OPT_NORMAL},
    {"bootstrap", required_argument, NULL, OPT_BOOTSTRAP}, {"seed", required_argument, NULL, OPT_SEED},
    {"resamples", required_argument, NULL, OPT_RESAMPLES}, {"write-resamples", required_argument, NULL, OPT_WRITE_RESAMPLES},
    {"output", required_argument, NULL, 'o'},            {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},         {NULL, 0, NULL, 0},
};

static void usage(FILE *fp, const char *name)
{
    fprintf(fp, "\n"
                "About:   Association and diagnostic statistics as R computes them (docs/stats.md).\n"
                "Usage:   oncoboard stats fisher|chisq --data F --a A --b B [--levels-a ..] [--levels-b ..]\n"
                "         oncoboard stats mcnemar --data F --a FIRST --b SECOND [--levels L1,L2]\n"
                "         oncoboard stats wilcoxon --data F --value V --group G [--levels L1,L2] [--exact|--normal]\n"
                "         oncoboard stats signrank --data F --x X --y Y [--exact|--normal]   (differences x - y)\n"
                "         oncoboard stats logistic --data F --outcome Y --covariates a,b [--factors b] [--firth]\n"
                "                                  [--no-profile] [--bootstrap B [--seed S] [--write-resamples F]\n"
                "                                  | --resamples F]\n"
                "         oncoboard stats roc --data F --score S --outcome Y [--direction higher|lower]\n"
                "         oncoboard stats cutpoint --data F --marker X (--time T --event E | --response R\n"
                "                                  [--scores wilcoxon|data]) [--minprop 0.1] [--maxprop 0.9]\n"
                "         oncoboard stats padjust (--data F --p COLUMN [--id COLUMN] | --values P1,P2,..)\n"
                "                                  [--method BH|BY|holm|bonferroni]\n"
                "(this help: %s)\n"
                "\n"
                "Options:\n"
                "    --data F             TSV or CSV with a header (cBioPortal '#' lines skipped); NA or empty = missing\n"
                "    --study DIR          or a cBioPortal study: clinical tables joined, one row per patient\n"
                "                         (--per-sample: per sample), attributes by name\n"
                "    --levels L1,L2       the order of a group's levels (the first is the reference) [byte order]\n"
                "    --outcome Y          a binary outcome: 1/0, TRUE/FALSE, yes/no, or the second level\n"
                "    --conf-level C       the confidence level (alias --conf) [0.95]\n"
                "    --no-correct         chisq, mcnemar: no continuity correction [R's default: corrected]\n"
                "    --exact, --normal    wilcoxon, signrank: force the exact or the normal p [R's rule]\n"
                "    --firth              logistic: Firth's penalised likelihood (profile intervals unless\n"
                "                         --no-profile)\n"
                "  logistic, Harrell's optimism-corrected AUC (docs/stats.md):\n"
                CLI_BOOT_HELP
                "    --format json        one JSON document (alias --json) [key<TAB>value lines]\n"
                "    -o, --output FILE    write there instead of stdout\n"
                "    -h, --help           this help; --version the program version\n"
                "\n", name);
}

/* ---- options ---- */

static int parse_args(int argc, char **argv, assoc_args_t *a)
{
    memset(a, 0, sizeof *a);
    snprintf(a->cmd_buf, sizeof a->cmd_buf, "stats %s", argv[0]);
    a->cmd = a->cmd_buf;
    a->conf = 0.95, a->minprop = 0.1, a->maxprop = 0.9;
    cli_boot_init(&a->boot);
    a->method = "BH";
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        double v;
        switch (c) {
        case 'h': usage(stdout, a->cmd); return CLI_OK + 100;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK + 100;
        case 'o': a->out = optarg; break;
        case OPT_DATA: a->data = optarg; break;
        case OPT_STUDY: a->study = optarg; break;
        case OPT_PER_SAMPLE: a->per_sample = true; break;
        case OPT_A: a->a = optarg; break;
        case OPT_B: a->b = optarg; break;
        case OPT_LEVELS_A: a->levels_a = optarg; break;
        case OPT_LEVELS_B: a->levels_b = optarg; break;
        case OPT_VALUE: a->value = optarg; break;
        case OPT_GROUP: a->group = optarg; break;
        case OPT_LEVELS: a->levels = optarg; break;
        case OPT_X: a->x = optarg; break;
        case OPT_Y: a->y = optarg; break;
        case OPT_OUTCOME: a->outcome = optarg; break;
        case OPT_COVARIATES: a->covariates = optarg; break;
        case OPT_FACTORS: a->factors = optarg; break;
        case OPT_SCORE: a->score = optarg; break;
        case OPT_MARKER: a->marker = optarg; break;
        case OPT_TIME: a->time = optarg; break;
        case OPT_EVENT: a->event = optarg; break;
        case OPT_RESPONSE: a->response = optarg; break;
        case OPT_P: a->pcol = optarg; break;
        case OPT_VALUES: a->values = optarg; break;
        case OPT_ID: a->id = optarg; break;
        case OPT_METHOD: a->method = optarg; break;
        case OPT_DIRECTION: a->direction = optarg; break;
        case OPT_SCORES: a->scores = optarg; break;
        case OPT_JSON: a->json = true; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "json") == 0) a->json = true;
            else if (strcmp(optarg, "tsv") == 0) a->json = false;
            else return cli_usage_error(a->cmd, "--format must be tsv or json, not '%s'", optarg);
            break;
        case OPT_NO_CORRECT: a->no_correct = true; break;
        case OPT_FIRTH: a->firth = true; break;
        case OPT_NO_PROFILE: a->no_profile = true; break;
        case OPT_EXACT: a->exact = true; break;
        case OPT_NORMAL: a->normal = true; break;
        case OPT_CONF:
        case OPT_MINPROP:
        case OPT_MAXPROP:
            if (cli_parse_number(optarg, 1e-9, 1 - 1e-9, &v))
                return cli_usage_error(a->cmd, "--%s must be a number between 0 and 1, not '%s'",
                                       c == OPT_CONF ? "conf-level" : c == OPT_MINPROP ? "minprop" : "maxprop", optarg);
            if (c == OPT_CONF) a->conf = v;
            else if (c == OPT_MINPROP) a->minprop = v;
            else a->maxprop = v;
            break;
        case OPT_BOOTSTRAP:
        case OPT_SEED:
        case OPT_RESAMPLES:
        case OPT_WRITE_RESAMPLES: {
            const char *name = c == OPT_BOOTSTRAP ? "bootstrap" : c == OPT_SEED ? "seed"
                               : c == OPT_RESAMPLES ? "resamples" : "write-resamples";
            int st = cli_boot_option(a->cmd, &a->boot, name, optarg);
            if (st >= 0) return st;
            break;
        }
        default:
            return cli_usage_error(a->cmd, "unknown option or missing value: %s", argv[optind - 1 > 0 ? optind - 1 : 0]);
        }
    }
    if (optind < argc) return cli_usage_error(a->cmd, "unexpected argument '%s'", argv[optind]);
    if (a->exact && a->normal) return cli_usage_error(a->cmd, "--exact and --normal exclude each other");
    if (a->data && a->study) return cli_usage_error(a->cmd, "--data and --study exclude each other");
    if (a->study) a->data = a->study; /* names the table in messages */
    return CLI_OK;
}

/* ---- reading the table ---- */

typedef struct table_in {
    onc_frame_t *f;
    size_t n;
} table_in_t;

static int open_table(const assoc_args_t *a, table_in_t *t)
{
    t->f = NULL;
    if (!a->data) return cli_usage_error(a->cmd, "--data (or --study) is required");
    int st = cli_stats_table(a->cmd, a->study ? NULL : a->data, a->study, a->per_sample, &t->f);
    if (st != CLI_OK) return st;
    t->n = onc_frame_rows(t->f);
    return CLI_OK;
}

/* The start of an analysis on a table: -1 to go on (t open), or the exit status to return now
 * (help, version, a usage error, an unreadable table). */
static int start(int argc, char **argv, assoc_args_t *a, table_in_t *t)
{
    int st = parse_args(argc, argv, a);
    if (st != CLI_OK) return st == CLI_OK + 100 ? CLI_OK : st;
    st = open_table(a, t);
    return st == CLI_OK ? -1 : st;
}

static int lib_error(const assoc_args_t *a, onc_rc rc, const onc_err_t *err)
{
    cli_error(a->cmd, "%s", err->msg);
    return cli_status_of(rc);
}

/* Column name as numbers (n values, NaN when missing); caller frees. */
static int numeric(const assoc_args_t *a, table_in_t *t, const char *name, double **out)
{
    *out = malloc((t->n + 1) * sizeof **out);
    if (!*out) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    onc_err_t err = {0};
    onc_rc rc = onc_frame_numeric(t->f, name, *out, NULL, &err);
    if (rc != ONC_OK) {
        free(*out), *out = NULL;
        return lib_error(a, rc, &err);
    }
    return CLI_OK;
}

/* A factor, its levels in the order of the comma list order (when given: every value must be in
 * it). Byte order otherwise. */
static int factor(const assoc_args_t *a, table_in_t *t, const char *name, const char *order, onc_factor_t *fa)
{
    onc_err_t err = {0};
    onc_rc rc = onc_frame_factor(t->f, name, NULL, fa, &err);
    if (rc != ONC_OK) return lib_error(a, rc, &err);
    if (fa->n_levels > MAX_LEVELS) {
        onc_factor_free(fa);
        cli_error(a->cmd, "%s: column %s has %zu distinct values; at most %d levels", a->data, name, fa->n_levels, MAX_LEVELS);
        return CLI_BAD_INPUT;
    }
    if (!order) return CLI_OK;
    const char *names[MAX_LEVELS];
    int remap[MAX_LEVELS];
    size_t k = 0;
    for (const char *s = order; k < MAX_LEVELS;) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        int found = -1;
        for (size_t l = 0; l < fa->n_levels; l++)
            if (strlen(fa->levels[l]) == len && strncmp(fa->levels[l], s, len) == 0) found = (int)l;
        if (found < 0) {
            cli_error(a->cmd, "%s: the level '%.*s' of --levels is not a value of column %s", a->data, (int)len, s, name);
            onc_factor_free(fa);
            return CLI_BAD_INPUT;
        }
        remap[found] = (int)k;
        names[k++] = fa->levels[found];
        if (!e) break;
        s = e + 1;
    }
    if (k != fa->n_levels) {
        cli_error(a->cmd, "%s: column %s has %zu values and --levels names %zu", a->data, name, fa->n_levels, k);
        onc_factor_free(fa);
        return CLI_BAD_INPUT;
    }
    for (size_t i = 0; i < fa->n; i++)
        if (fa->code[i] >= 0) fa->code[i] = remap[fa->code[i]];
    for (size_t l = 0; l < k; l++) fa->levels[l] = names[l];
    return CLI_OK;
}

/* A binary outcome as 1/0 (NaN missing): 0/1, FALSE/TRUE, no/yes, else the second level. */
static int binary(const assoc_args_t *a, table_in_t *t, const char *name, const char *order, double **out,
                  const char **positive)
{
    onc_factor_t fa;
    int st = factor(a, t, name, order, &fa);
    if (st != CLI_OK) return st;
    static const char *pairs[][2] = {{"0", "1"}, {"FALSE", "TRUE"}, {"no", "yes"}};
    int pos = -1;
    if (fa.n_levels == 2) {
        pos = 1;
        for (size_t p = 0; !order && p < 3; p++)
            for (int s = 0; s < 2; s++)
                if (strcasecmp(fa.levels[s], pairs[p][1]) == 0 && strcasecmp(fa.levels[1 - s], pairs[p][0]) == 0) pos = s;
    } else if (fa.n_levels == 1 && !order) {
        for (size_t p = 0; p < 3; p++) {
            if (strcasecmp(fa.levels[0], pairs[p][1]) == 0) pos = 0;
            if (strcasecmp(fa.levels[0], pairs[p][0]) == 0) pos = 1; /* level 1 absent: everyone is 0 */
        }
    }
    if (pos < 0) {
        cli_error(a->cmd, "%s: the outcome %s must have two values (it has %zu%s%s)", a->data, name, fa.n_levels,
                  fa.n_levels ? ": " : "", fa.n_levels ? fa.levels[0] : "");
        onc_factor_free(&fa);
        return CLI_BAD_INPUT;
    }
    *out = malloc((t->n + 1) * sizeof **out);
    if (!*out) {
        onc_factor_free(&fa);
        return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    }
    for (size_t i = 0; i < t->n; i++) (*out)[i] = fa.code[i] < 0 ? NAN : fa.code[i] == pos;
    if (positive) *positive = pos < (int)fa.n_levels ? fa.levels[pos] : "1";
    onc_factor_free(&fa);
    return CLI_OK;
}

/* ---- output ---- */

typedef struct out {
    cli_output_t o;
    FILE *fp;
    bool json;
    int first;
} out_t;

static int out_open(const assoc_args_t *a, out_t *w)
{
    w->json = a->json;
    w->first = 1;
    if (cli_output_open(&w->o, a->out)) return CLI_BAD_INPUT;
    w->fp = w->o.fp;
    if (w->json) fputc('{', w->fp);
    return CLI_OK;
}

static int out_close(out_t *w)
{
    if (w->json) fputs("}\n", w->fp);
    return cli_output_commit(&w->o) ? CLI_INTERNAL : CLI_OK;
}

/* A number in the text output: 10 significant digits, NA and Inf as R prints them. */
static void text_num(FILE *fp, double v)
{
    if (isnan(v)) fputs("NA", fp);
    else if (isinf(v)) fputs(v > 0 ? "Inf" : "-Inf", fp);
    else fprintf(fp, "%.10g", v);
}

static void put_num(out_t *w, const char *key, double v)
{
    if (w->json) {
        onc_jsonw_member_num(w->fp, key, v, w->first);
    } else {
        fprintf(w->fp, "%s\t", key);
        text_num(w->fp, v);
        fputc('\n', w->fp);
    }
    w->first = 0;
}

static void put_str(out_t *w, const char *key, const char *v)
{
    if (w->json) onc_jsonw_member_str(w->fp, key, v, w->first);
    else fprintf(w->fp, "%s\t%s\n", key, v ? v : "NA");
    w->first = 0;
}

static void put_bool(out_t *w, const char *key, bool v)
{
    if (w->json) {
        onc_jsonw_key(w->fp, key, w->first);
        fputs(v ? "true" : "false", w->fp);
    } else {
        fprintf(w->fp, "%s\t%s\n", key, v ? "true" : "false");
    }
    w->first = 0;
}

/* warnings: a JSON array, or one "warning<TAB>text" line each. */
static void put_warnings(out_t *w, const char *const *msg, size_t n)
{
    if (w->json) {
        onc_jsonw_key(w->fp, "warnings", w->first);
        fputc('[', w->fp);
        for (size_t i = 0; i < n; i++) {
            if (i) fputc(',', w->fp);
            onc_jsonw_string(w->fp, msg[i]);
        }
        fputc(']', w->fp);
    } else {
        for (size_t i = 0; i < n; i++) fprintf(w->fp, "warning\t%s\n", msg[i]);
    }
    w->first = 0;
}

static void put_levels(out_t *w, const char *key, const onc_factor_t *fa)
{
    if (w->json) {
        onc_jsonw_key(w->fp, key, w->first);
        fputc('[', w->fp);
        for (size_t l = 0; l < fa->n_levels; l++) {
            if (l) fputc(',', w->fp);
            onc_jsonw_string(w->fp, fa->levels[l]);
        }
        fputc(']', w->fp);
    } else {
        fprintf(w->fp, "%s\t", key);
        for (size_t l = 0; l < fa->n_levels; l++) fprintf(w->fp, "%s%s", l ? "," : "", fa->levels[l]);
        fputc('\n', w->fp);
    }
    w->first = 0;
}

static void put_table(out_t *w, const int64_t *t, size_t r, size_t c)
{
    if (w->json) {
        onc_jsonw_key(w->fp, "table", w->first);
        fputc('[', w->fp);
        for (size_t i = 0; i < r; i++) {
            fputs(i ? ",[" : "[", w->fp);
            for (size_t j = 0; j < c; j++) fprintf(w->fp, "%s%lld", j ? "," : "", (long long)t[i * c + j]);
            fputc(']', w->fp);
        }
        fputc(']', w->fp);
    } else {
        for (size_t i = 0; i < r; i++) {
            fputs("table", w->fp);
            for (size_t j = 0; j < c; j++) fprintf(w->fp, "\t%lld", (long long)t[i * c + j]);
            fputc('\n', w->fp);
        }
    }
    w->first = 0;
}

/* ---- contingency tables ---- */

typedef struct crosstab {
    onc_factor_t fa, fb;
    int64_t t[MAX_LEVELS * MAX_LEVELS];
    size_t dropped;
} crosstab_t;

static int crosstab(const assoc_args_t *a, table_in_t *t, const char *la, const char *lb, crosstab_t *x)
{
    memset(x, 0, sizeof *x);
    if (!a->a || !a->b) return cli_usage_error(a->cmd, "--a and --b are required");
    int st;
    if ((st = factor(a, t, a->a, la, &x->fa)) != CLI_OK) return st;
    if ((st = factor(a, t, a->b, lb, &x->fb)) != CLI_OK) {
        onc_factor_free(&x->fa);
        return st;
    }
    for (size_t i = 0; i < t->n; i++) {
        if (x->fa.code[i] < 0 || x->fb.code[i] < 0) x->dropped++;
        else x->t[(size_t)x->fa.code[i] * x->fb.n_levels + (size_t)x->fb.code[i]]++;
    }
    if (x->fa.n_levels < 2 || x->fb.n_levels < 2) {
        cli_error(a->cmd, "%s: %s has %zu value(s) and %s %zu; each needs at least 2", a->data, a->a, x->fa.n_levels, a->b,
                  x->fb.n_levels);
        onc_factor_free(&x->fa), onc_factor_free(&x->fb);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

static void crosstab_free(crosstab_t *x) { onc_factor_free(&x->fa), onc_factor_free(&x->fb); }

static void put_crosstab(out_t *w, const assoc_args_t *a, const crosstab_t *x)
{
    put_str(w, "rows", a->a);
    put_levels(w, "row_levels", &x->fa);
    put_str(w, "columns", a->b);
    put_levels(w, "column_levels", &x->fb);
    put_table(w, x->t, x->fa.n_levels, x->fb.n_levels);
    put_num(w, "n_missing", (double)x->dropped);
}

static int fisher_out(const assoc_args_t *a, const crosstab_t *x)
{
    size_t r = x->fa.n_levels, c = x->fb.n_levels;
    onc_fisher2_t f = {NAN, NAN, NAN, NAN, NAN};
    onc_err_t err = {0};
    onc_rc rc = r == 2 && c == 2 ? onc_fisher_2x2(x->t, a->conf, &f, &err) : onc_fisher_rxc(x->t, r, c, &f.p, &err);
    if (rc != ONC_OK) return lib_error(a, rc, &err);
    out_t w;
    int st = out_open(a, &w);
    if (st != CLI_OK) return st;
    put_str(&w, "analysis", "fisher");
    put_crosstab(&w, a, x);
    put_num(&w, "odds_ratio", f.or_mle);
    put_num(&w, "odds_ratio_lower", f.or_lower);
    put_num(&w, "odds_ratio_upper", f.or_upper);
    put_num(&w, "odds_ratio_sample", f.or_sample);
    put_num(&w, "conf_level", a->conf);
    put_num(&w, "p", f.p);
    const char *warn[2];
    size_t nw = 0;
    if (isinf(f.or_upper) || isinf(f.or_mle)) warn[nw++] = "the odds ratio or its upper limit is infinite (null in JSON)";
    if (r == 2 && c == 2 && isnan(f.or_sample)) warn[nw++] = "the sample odds ratio is undefined (0/0)";
    put_warnings(&w, warn, nw);
    return out_close(&w);
}

/* chisq and mcnemar: a chi-square statistic on the table. */
static int chisq_out(const assoc_args_t *a, const crosstab_t *x, bool mcnemar)
{
    size_t r = x->fa.n_levels, c = x->fb.n_levels;
    bool same = r == c;
    for (size_t l = 0; mcnemar && same && l < r; l++) same = strcmp(x->fa.levels[l], x->fb.levels[l]) == 0;
    if (mcnemar && !same) {
        cli_error(a->cmd, "%s: %s and %s must take the same values (give --levels when one of them lacks a value)",
                  a->data, a->a, a->b);
        return CLI_BAD_INPUT;
    }
    onc_chisq_t res;
    onc_err_t err = {0};
    onc_rc rc = mcnemar ? onc_mcnemar_test(x->t, r, !a->no_correct, &res, &err)
                        : onc_chisq_test(x->t, r, c, !a->no_correct, &res, &err);
    if (rc != ONC_OK) return lib_error(a, rc, &err);
    out_t w;
    int st = out_open(a, &w);
    if (st != CLI_OK) return st;
    put_str(&w, "analysis", mcnemar ? "mcnemar" : "chisq");
    put_crosstab(&w, a, x);
    put_bool(&w, "continuity_correction", !a->no_correct && r == 2 && c == 2);
    put_num(&w, "statistic", res.stat);
    put_num(&w, "df", res.df);
    put_num(&w, "p", res.p);
    const char *warn = "an expected count is below 5: the chi-square approximation may be incorrect (use fisher)";
    put_warnings(&w, &warn, !mcnemar && res.small_expected);
    return out_close(&w);
}

typedef enum table_kind { TAB_FISHER, TAB_CHISQ, TAB_MCNEMAR } table_kind;

static int table_analysis(int argc, char **argv, table_kind kind)
{
    assoc_args_t a;
    table_in_t t;
    crosstab_t x;
    int st = start(argc, argv, &a, &t);
    if (st >= 0) return st;
    bool mc = kind == TAB_MCNEMAR; /* McNemar: both columns on the same levels */
    if ((st = crosstab(&a, &t, mc ? a.levels : a.levels_a, mc ? a.levels : a.levels_b, &x)) == CLI_OK) {
        st = kind == TAB_FISHER ? fisher_out(&a, &x) : chisq_out(&a, &x, mc);
        crosstab_free(&x);
    }
    onc_frame_free(t.f);
    return st;
}

static int run_fisher(int argc, char **argv) { return table_analysis(argc, argv, TAB_FISHER); }
static int run_chisq(int argc, char **argv) { return table_analysis(argc, argv, TAB_CHISQ); }
static int run_mcnemar(int argc, char **argv) { return table_analysis(argc, argv, TAB_MCNEMAR); }

/* ---- rank tests ---- */

static onc_rank_method rank_method(const assoc_args_t *a)
{
    return a->exact ? ONC_RANK_EXACT : a->normal ? ONC_RANK_NORMAL : ONC_RANK_AUTO;
}

static int cmp_double(const void *p, const void *q)
{
    double x = *(const double *)p, y = *(const double *)q;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    if (n == 0) return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void put_rank_result(out_t *w, const onc_rank_test_t *r, const char *stat_name)
{
    put_str(w, "statistic_name", stat_name);
    put_num(w, "statistic", r->stat);
    put_num(w, "p", r->p);
    put_str(w, "method", r->exact ? "exact" : "normal");
}

static void rank_warnings(out_t *w, const assoc_args_t *a, const onc_rank_test_t *r)
{
    const char *warn[2];
    size_t n = 0;
    if (!r->exact && r->ties && !a->normal) warn[n++] = "ties: the exact p-value cannot be computed (normal approximation)";
    if (!r->exact && r->zeros && !a->normal) warn[n++] = "zero differences: the exact p-value cannot be computed (normal approximation)";
    put_warnings(w, warn, n);
}

static int run_wilcoxon(int argc, char **argv)
{
    assoc_args_t a;
    table_in_t t;
    int st = parse_args(argc, argv, &a);
    if (st != CLI_OK) return st == CLI_OK + 100 ? CLI_OK : st;
    if (!a.value || !a.group) return cli_usage_error(a.cmd, "--value and --group are required");
    if ((st = open_table(&a, &t)) != CLI_OK) return st;
    double *v = NULL, *g0 = NULL, *g1 = NULL;
    onc_factor_t fa = {0};
    if ((st = numeric(&a, &t, a.value, &v)) == CLI_OK && (st = factor(&a, &t, a.group, a.levels, &fa)) == CLI_OK &&
        fa.n_levels != 2) {
        cli_error(a.cmd, "%s: the group %s has %zu value(s); the rank-sum test compares 2 (choose them with --levels "
                         "after filtering)", a.data, a.group, fa.n_levels);
        st = CLI_BAD_INPUT;
    }
    size_t n0 = 0, n1 = 0, dropped = 0;
    if (st == CLI_OK) {
        g0 = malloc((t.n + 1) * sizeof *g0), g1 = malloc((t.n + 1) * sizeof *g1);
        if (!g0 || !g1) st = CLI_INTERNAL;
        for (size_t i = 0; st == CLI_OK && i < t.n; i++) {
            if (isnan(v[i]) || fa.code[i] < 0) dropped++;
            else if (fa.code[i] == 0) g0[n0++] = v[i];
            else g1[n1++] = v[i];
        }
    }
    onc_rank_test_t r;
    onc_err_t err = {0};
    out_t w;
    if (st == CLI_OK) {
        onc_rc rc = onc_wilcoxon_test(g0, n0, g1, n1, rank_method(&a), &r, &err);
        if (rc != ONC_OK) st = lib_error(&a, rc, &err);
        else if ((st = out_open(&a, &w)) == CLI_OK) {
            put_str(&w, "analysis", "wilcoxon");
            put_rank_result(&w, &r, "W");
            put_num(&w, "n_missing", (double)dropped);
            if (w.json) onc_jsonw_key(w.fp, "groups", 0), fputc('[', w.fp);
            for (int k = 0; k < 2; k++) {
                double *gv = k ? g1 : g0;
                size_t gn = k ? n1 : n0;
                double med = median(gv, gn);
                if (w.json) {
                    fputs(k ? ",{" : "{", w.fp);
                    onc_jsonw_member_str(w.fp, "name", fa.levels[k], 1);
                    onc_jsonw_member_int(w.fp, "n", (int64_t)gn, 0, 0);
                    onc_jsonw_member_num(w.fp, "median", med, 0);
                    fputc('}', w.fp);
                } else {
                    fprintf(w.fp, "group\t%s\t%zu\t", fa.levels[k], gn);
                    text_num(w.fp, med);
                    fputc('\n', w.fp);
                }
            }
            if (w.json) fputc(']', w.fp);
            rank_warnings(&w, &a, &r);
            st = out_close(&w);
        }
    }
    if (st == CLI_INTERNAL && !err.msg[0]) cli_error(a.cmd, "out of memory");
    free(v), free(g0), free(g1);
    onc_factor_free(&fa);
    onc_frame_free(t.f);
    return st;
}

static int run_signrank(int argc, char **argv)
{
    assoc_args_t a;
    table_in_t t;
    int st = parse_args(argc, argv, &a);
    if (st != CLI_OK) return st == CLI_OK + 100 ? CLI_OK : st;
    if (!a.x || !a.y) return cli_usage_error(a.cmd, "--x and --y are required");
    if ((st = open_table(&a, &t)) != CLI_OK) return st;
    double *x = NULL, *y = NULL;
    if ((st = numeric(&a, &t, a.x, &x)) == CLI_OK) st = numeric(&a, &t, a.y, &y);
    size_t dropped = 0;
    for (size_t i = 0; st == CLI_OK && i < t.n; i++) {
        x[i] -= y[i];
        dropped += isnan(x[i]);
    }
    onc_rank_test_t r;
    onc_err_t err = {0};
    out_t w;
    if (st == CLI_OK) {
        onc_rc rc = onc_signrank_test(x, t.n, rank_method(&a), &r, &err);
        if (rc != ONC_OK) st = lib_error(&a, rc, &err);
        else if ((st = out_open(&a, &w)) == CLI_OK) {
            put_str(&w, "analysis", "signrank");
            put_rank_result(&w, &r, "V");
            put_num(&w, "n_pairs", (double)(t.n - dropped));
            put_num(&w, "n_nonzero", (double)r.n_used);
            put_num(&w, "n_missing", (double)dropped);
            rank_warnings(&w, &a, &r);
            st = out_close(&w);
        }
    }
    free(x), free(y);
    onc_frame_free(t.f);
    return st;
}

/* ---- logistic regression ---- */

typedef struct design {
    double *x, *y; /* complete rows only, column-major with the intercept first */
    size_t n, p, dropped;
    char names[MAX_COVARIATES * 4][ONC_DESIGN_NAME_MAX];
} design_t;

/* The covariates through the one design builder of the models (stats_surv.h: numeric columns,
 * --factors dummy-coded as R, interactions a:b and a*b), then the complete rows with the
 * intercept first. A column that is not all numbers must be named in --factors. */
static int build_design(const assoc_args_t *a, table_in_t *t, design_t *d)
{
    memset(d, 0, sizeof *d);
    double *y = NULL;
    int st = binary(a, t, a->outcome, a->levels, &y, NULL);
    if (st != CLI_OK) return st;
    onc_design_spec_t spec = {a->covariates, a->factors, NULL, 0, NULL, 0, true};
    onc_design_t x = {0};
    onc_err_t err = {0};
    onc_rc rc = onc_design_build(&x, t->f, &spec, &err);
    if (rc != ONC_OK) st = lib_error(a, rc, &err);
    else if (x.p + 1 > MAX_COVARIATES * 4) st = cli_usage_error(a->cmd, "too many coefficients");
    d->p = x.p + 1;
    if (st == CLI_OK) {
        d->x = malloc((t->n * d->p + 1) * sizeof *d->x);
        d->y = malloc((t->n + 1) * sizeof *d->y);
        if (!d->x || !d->y) st = CLI_INTERNAL;
    }
    snprintf(d->names[0], sizeof d->names[0], "(Intercept)");
    for (size_t j = 0; st == CLI_OK && j < x.p; j++) snprintf(d->names[j + 1], sizeof d->names[0], "%s", x.names[j]);
    for (size_t i = 0; st == CLI_OK && i < t->n; i++) {
        bool ok = !isnan(y[i]);
        for (size_t j = 0; j < x.p; j++) ok = ok && !isnan(x.x[i * x.p + j]);
        if (!ok) {
            d->dropped++;
            continue;
        }
        d->y[d->n++] = y[i];
    }
    for (size_t j = 0; st == CLI_OK && j < d->p; j++) { /* column-major over the complete rows */
        size_t m = 0;
        for (size_t i = 0; i < t->n; i++) {
            bool ok = !isnan(y[i]);
            for (size_t k = 0; k < x.p; k++) ok = ok && !isnan(x.x[i * x.p + k]);
            if (ok) d->x[j * d->n + m++] = j == 0 ? 1 : x.x[i * x.p + j - 1];
        }
    }
    free(y);
    onc_design_free(&x);
    if (st == CLI_INTERNAL) cli_error(a->cmd, "out of memory");
    return st;
}

static void design_free(design_t *d) { free(d->x), free(d->y); }

static void put_coefficients(out_t *w, const design_t *d, const onc_logit_fit_t *f)
{
    if (w->json) onc_jsonw_key(w->fp, "coefficients", w->first), fputc('[', w->fp);
    else fputs("coefficient\tname\tcoef\tse\tor\tor_lower\tor_upper\tz\tp\tdiverged\n", w->fp);
    for (size_t j = 0; j < f->p; j++) {
        double v[] = {f->coef[j], f->se[j], exp(f->coef[j]), exp(f->lower[j]), exp(f->upper[j]), f->z[j], f->pval[j]};
        static const char *keys[] = {"coef", "se", "or", "or_lower", "or_upper", "z", "p"};
        if (w->json) {
            fputs(j ? ",{" : "{", w->fp);
            onc_jsonw_member_str(w->fp, "name", d->names[j], 1);
            for (size_t k = 0; k < 7; k++) onc_jsonw_member_num(w->fp, keys[k], v[k], 0);
            onc_jsonw_key(w->fp, "diverged", 0);
            fputs(f->diverged[j] ? "true}" : "false}", w->fp);
        } else {
            fprintf(w->fp, "coefficient\t%s", d->names[j]);
            for (size_t k = 0; k < 7; k++) fputc('\t', w->fp), text_num(w->fp, v[k]);
            fprintf(w->fp, "\t%s\n", f->diverged[j] ? "true" : "false");
        }
    }
    if (w->json) fputc(']', w->fp);
    w->first = 0;
}

static void put_logistic(out_t *w, const assoc_args_t *a, const design_t *d, const onc_logit_fit_t *f,
                         const onc_optimism_t *opt)
{
    put_str(w, "analysis", "logistic");
    put_str(w, "method", a->firth ? "firth" : "glm");
    put_num(w, "n", (double)d->n);
    put_num(w, "n_missing", (double)d->dropped);
    double events = 0;
    for (size_t i = 0; i < d->n; i++) events += d->y[i];
    put_num(w, "events", events);
    put_str(w, "interval", f->profile ? "profile" : "wald");
    put_coefficients(w, d, f);
    put_num(w, "deviance", f->deviance);
    put_num(w, "null_deviance", f->null_deviance);
    put_num(w, "aic", f->aic);
    put_num(w, "loglik", f->loglik);
    if (w->json) {
        onc_jsonw_key(w->fp, "likelihood_ratio", 0);
        fputc('{', w->fp);
        onc_jsonw_member_num(w->fp, "stat", f->lr_stat, 1);
        onc_jsonw_member_num(w->fp, "df", f->lr_df, 0);
        onc_jsonw_member_num(w->fp, "p", f->lr_p, 0);
        fputc('}', w->fp);
    } else {
        put_num(w, "likelihood_ratio_stat", f->lr_stat);
        put_num(w, "likelihood_ratio_df", f->lr_df);
        put_num(w, "likelihood_ratio_p", f->lr_p);
    }
    put_bool(w, "converged", f->converged);
    put_num(w, "iterations", f->iterations);
    if (opt) {
        put_num(w, "auc_apparent", opt->apparent);
        put_num(w, "auc_optimism", opt->optimism);
        put_num(w, "auc_corrected", opt->corrected);
        put_num(w, "bootstrap_used", (double)opt->used);
        put_num(w, "bootstrap_skipped", (double)opt->skipped);
        put_num(w, "seed", a->boot.resamples ? NAN : (double)opt->seed); /* given resamples: none */
    }
    const char *warn[3];
    size_t nw = 0;
    if (!f->converged) warn[nw++] = "glm.fit: algorithm did not converge";
    if (f->fitted_01) warn[nw++] = "glm.fit: fitted probabilities numerically 0 or 1 occurred";
    if (f->separation) warn[nw++] = "separation: the coefficients marked diverged go to infinity; their estimates, "
                                    "standard errors and p-values mean nothing (try --firth)";
    put_warnings(w, warn, nw);
}

static int run_logistic(int argc, char **argv)
{
    assoc_args_t a;
    table_in_t t;
    design_t d;
    int st = parse_args(argc, argv, &a);
    if (st != CLI_OK) return st == CLI_OK + 100 ? CLI_OK : st;
    if (!a.outcome || !a.covariates) return cli_usage_error(a.cmd, "--outcome and --covariates are required");
    if (cli_boot_wanted(&a.boot) && a.firth)
        return cli_usage_error(a.cmd, "--bootstrap works with the maximum-likelihood fit, not --firth");
    if ((st = cli_boot_check(a.cmd, &a.boot)) >= 0) return st;
    if ((st = open_table(&a, &t)) != CLI_OK) return st;
    if ((st = build_design(&a, &t, &d)) != CLI_OK) {
        design_free(&d);
        onc_frame_free(t.f);
        return st;
    }
    onc_logit_opts_t o;
    onc_logit_opts_init(&o);
    o.firth = a.firth, o.profile = !a.no_profile, o.conf = a.conf;
    onc_logit_fit_t f;
    onc_optimism_t opt;
    onc_resamples_t rs = {0};
    onc_err_t err = {0};
    out_t w;
    bool boot = cli_boot_wanted(&a.boot);
    onc_rc rc = onc_logit_fit(d.x, d.y, d.n, d.p, &o, &f, &err);
    if (rc == ONC_OK && boot && (st = cli_boot_resamples(a.cmd, &a.boot, d.n, &rs)) == CLI_OK)
        rc = onc_logit_auc_optimism_rs(d.x, d.y, d.n, d.p, &rs, &opt, &err);
    if (st == CLI_OK && rc != ONC_OK) st = lib_error(&a, rc, &err);
    if (st == CLI_OK && (st = out_open(&a, &w)) == CLI_OK) {
        put_logistic(&w, &a, &d, &f, boot ? &opt : NULL);
        st = out_close(&w);
    }
    onc_resamples_free(&rs);
    onc_logit_fit_free(&f);
    design_free(&d);
    onc_frame_free(t.f);
    return st;
}

/* ---- ROC and the cut-off ---- */

static int run_roc(int argc, char **argv)
{
    assoc_args_t a;
    table_in_t t;
    int st = parse_args(argc, argv, &a);
    if (st != CLI_OK) return st == CLI_OK + 100 ? CLI_OK : st;
    if (!a.score || !a.outcome) return cli_usage_error(a.cmd, "--score and --outcome are required");
    bool higher = !a.direction || strcmp(a.direction, "higher") == 0;
    if (a.direction && !higher && strcmp(a.direction, "lower") != 0)
        return cli_usage_error(a.cmd, "--direction must be higher or lower, not '%s'", a.direction);
    if ((st = open_table(&a, &t)) != CLI_OK) return st;
    double *s = NULL, *y = NULL;
    const char *positive = NULL;
    if ((st = numeric(&a, &t, a.score, &s)) == CLI_OK) st = binary(&a, &t, a.outcome, a.levels, &y, &positive);
    onc_roc_t r;
    onc_err_t err = {0};
    out_t w;
    if (st == CLI_OK) {
        size_t dropped = 0;
        for (size_t i = 0; i < t.n; i++) dropped += isnan(s[i]) || isnan(y[i]);
        onc_rc rc = onc_roc_auc(s, y, t.n, higher, a.conf, &r, &err);
        if (rc != ONC_OK) st = lib_error(&a, rc, &err);
        else if ((st = out_open(&a, &w)) == CLI_OK) {
            put_str(&w, "analysis", "roc");
            put_str(&w, "positive", positive);
            put_str(&w, "direction", higher ? "higher" : "lower");
            put_num(&w, "n_cases", (double)r.n_cases);
            put_num(&w, "n_controls", (double)r.n_controls);
            put_num(&w, "n_missing", (double)dropped);
            put_num(&w, "auc", r.auc);
            put_num(&w, "auc_se", sqrt(r.var));
            put_num(&w, "auc_lower", r.lower);
            put_num(&w, "auc_upper", r.upper);
            put_num(&w, "conf_level", a.conf);
            put_num(&w, "cutoff_youden", r.cutoff_youden);
            put_num(&w, "sensitivity", r.sensitivity);
            put_num(&w, "specificity", r.specificity);
            put_num(&w, "youden_ties", (double)r.n_youden);
            const char *warn[2];
            size_t nw = 0;
            if (r.n_youden > 1) warn[nw++] = "several thresholds share the best Youden index; the lowest is reported";
            if (isinf(r.cutoff_youden)) warn[nw++] = "no cut-off beats calling everyone positive or negative (null in JSON)";
            put_warnings(&w, warn, nw);
            st = out_close(&w);
        }
    }
    free(s), free(y);
    onc_frame_free(t.f);
    return st;
}

/* The event column, read as the survival analyses read it (stats_surv.h): 1 event, 0 censored,
 * NaN missing. */
static int events(const assoc_args_t *a, table_in_t *t, double **out)
{
    int *status = malloc((t->n + 1) * sizeof *status);
    *out = malloc((t->n + 1) * sizeof **out);
    onc_err_t err = {0};
    onc_rc rc = !status || !*out ? ONC_ENOMEM : onc_surv_event_column(t->f, a->data, a->event, status, NULL, &err);
    for (size_t i = 0; rc == ONC_OK && i < t->n; i++) (*out)[i] = status[i] < 0 ? NAN : status[i];
    free(status);
    if (rc == ONC_OK) return CLI_OK;
    free(*out), *out = NULL;
    if (rc == ONC_ENOMEM && !err.msg[0]) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    return lib_error(a, rc, &err);
}

static int run_cutpoint(int argc, char **argv)
{
    assoc_args_t a;
    table_in_t t;
    int st = parse_args(argc, argv, &a);
    if (st != CLI_OK) return st == CLI_OK + 100 ? CLI_OK : st;
    bool surv = a.time || a.event;
    if (!a.marker || (surv ? !(a.time && a.event) || a.response : !a.response))
        return cli_usage_error(a.cmd, "--marker and either --time with --event or --response are required");
    onc_maxstat_scores sc = ONC_MAXSTAT_LOGRANK;
    if (!surv) {
        if (!a.scores || strcmp(a.scores, "wilcoxon") == 0) sc = ONC_MAXSTAT_WILCOXON;
        else if (strcmp(a.scores, "data") == 0) sc = ONC_MAXSTAT_DATA;
        else return cli_usage_error(a.cmd, "--scores must be wilcoxon or data, not '%s'", a.scores);
    }
    if ((st = open_table(&a, &t)) != CLI_OK) return st;
    double *x = NULL, *y = NULL, *e = NULL;
    if ((st = numeric(&a, &t, a.marker, &x)) == CLI_OK) st = numeric(&a, &t, surv ? a.time : a.response, &y);
    if (st == CLI_OK && surv) st = events(&a, &t, &e);
    size_t m = 0, dropped = 0;
    for (size_t i = 0; st == CLI_OK && i < t.n; i++) { /* complete rows, in place */
        if (isnan(x[i]) || isnan(y[i]) || (e && isnan(e[i]))) {
            dropped++;
            continue;
        }
        if (surv && y[i] < 0) {
            cli_error(a.cmd, "%s:%llu: field %s: negative time %g", a.data, (unsigned long long)onc_frame_line(t.f, i), a.time, y[i]);
            st = CLI_BAD_INPUT;
            break;
        }
        x[m] = x[i], y[m] = y[i];
        if (e) e[m] = e[i];
        m++;
    }
    onc_maxstat_t r;
    onc_err_t err = {0};
    out_t w;
    if (st == CLI_OK) {
        onc_rc rc = onc_maxstat(x, y, e, m, sc, a.minprop, a.maxprop, &r, &err);
        if (rc != ONC_OK) st = lib_error(&a, rc, &err);
        else if ((st = out_open(&a, &w)) == CLI_OK) {
            static const char *names[] = {"logrank", "wilcoxon", "data"};
            put_str(&w, "analysis", "cutpoint");
            put_str(&w, "scores", names[sc]);
            put_str(&w, "p_method", "Lau92");
            put_num(&w, "n", (double)m);
            put_num(&w, "n_missing", (double)dropped);
            put_num(&w, "cutoff", r.cutoff);
            put_num(&w, "n_below", (double)r.n_below);
            put_num(&w, "n_above", (double)(m - r.n_below));
            put_num(&w, "statistic", r.stat);
            put_num(&w, "p", r.p);
            put_num(&w, "n_cutoffs", (double)r.n_cutoffs);
            put_num(&w, "minprop", a.minprop);
            put_num(&w, "maxprop", a.maxprop);
            put_warnings(&w, NULL, 0);
            st = out_close(&w);
        }
    }
    free(x), free(y), free(e);
    onc_frame_free(t.f);
    return st;
}

/* ---- p-value adjustment ---- */

static int values_list(const assoc_args_t *a, double **out, size_t *n)
{
    size_t cap = 1;
    for (const char *s = a->values; *s; s++) cap += *s == ',';
    if (cap > 1000000) return cli_usage_error(a->cmd, "--values: at most 1000000 values");
    *out = malloc(cap * sizeof **out);
    if (!*out) return CLI_INTERNAL;
    *n = 0;
    for (const char *s = a->values; s;) {
        const char *e = strchr(s, ',');
        char buf[64];
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len >= sizeof buf) return cli_usage_error(a->cmd, "--values: '%.20s...' is too long", s);
        memcpy(buf, s, len), buf[len] = '\0';
        double v;
        if (strcmp(buf, "NA") == 0) v = NAN;
        else if (cli_parse_number(buf, 0, 1, &v)) return cli_usage_error(a->cmd, "--values: '%s' is not a probability", buf);
        (*out)[(*n)++] = v;
        s = e ? e + 1 : NULL;
    }
    return CLI_OK;
}

static int run_padjust(int argc, char **argv)
{
    assoc_args_t a;
    table_in_t t = {0};
    int st = parse_args(argc, argv, &a);
    if (st != CLI_OK) return st == CLI_OK + 100 ? CLI_OK : st;
    onc_padjust_method m;
    onc_err_t err = {0};
    if (onc_padjust_method_parse(a.method, &m, &err) != ONC_OK) return cli_usage_error(a.cmd, "%s", err.msg);
    if (!a.values == !a.data) return cli_usage_error(a.cmd, "give either --values or --data with --p");
    double *p = NULL, *adj = NULL;
    size_t n = 0;
    int id = -1;
    if (a.values) st = values_list(&a, &p, &n);
    else if (!a.pcol) st = cli_usage_error(a.cmd, "--p is required with --data");
    else if ((st = open_table(&a, &t)) == CLI_OK && (st = numeric(&a, &t, a.pcol, &p)) == CLI_OK) {
        n = t.n;
        if (a.id && (id = onc_frame_col(t.f, a.id)) < 0) {
            cli_error(a.cmd, "%s: no column %s", a.data, a.id);
            st = CLI_BAD_INPUT;
        }
    }
    out_t w;
    if (st == CLI_OK && !(adj = malloc((n + 1) * sizeof *adj))) st = CLI_INTERNAL;
    if (st == CLI_OK) {
        onc_rc rc = onc_padjust(p, n, m, adj, &err);
        if (rc != ONC_OK) st = lib_error(&a, rc, &err);
        else if ((st = out_open(&a, &w)) == CLI_OK) {
            static const char *names[] = {"BH", "BY", "holm", "bonferroni"};
            if (w.json) {
                put_str(&w, "analysis", "padjust");
                put_str(&w, "method", names[m]);
                onc_jsonw_key(w.fp, "results", 0);
                fputc('[', w.fp);
            } else {
                fprintf(w.fp, "%s\tp\tp_adjusted\n", id >= 0 ? a.id : "index");
            }
            for (size_t i = 0; i < n; i++) {
                const char *name = id >= 0 ? onc_frame_cell(t.f, i, (size_t)id) : NULL;
                if (w.json) {
                    fputs(i ? ",{" : "{", w.fp);
                    if (id >= 0) onc_jsonw_member_str(w.fp, "id", name, 1);
                    else onc_jsonw_member_int(w.fp, "index", (int64_t)i + 1, 0, 1);
                    onc_jsonw_member_num(w.fp, "p", p[i], 0);
                    onc_jsonw_member_num(w.fp, "p_adjusted", adj[i], 0);
                    fputc('}', w.fp);
                } else {
                    if (id >= 0) fprintf(w.fp, "%s", name ? name : "NA");
                    else fprintf(w.fp, "%zu", i + 1);
                    fputc('\t', w.fp), text_num(w.fp, p[i]);
                    fputc('\t', w.fp), text_num(w.fp, adj[i]);
                    fputc('\n', w.fp);
                }
            }
            if (w.json) fputc(']', w.fp);
            st = out_close(&w);
        }
    }
    if (st == CLI_INTERNAL) cli_error(a.cmd, "out of memory");
    free(p), free(adj);
    onc_frame_free(t.f);
    return st;
}

cli_command_t cli_stats_assoc_commands[] = {
    {"fisher", run_fisher, "Fisher's exact test (2x2 with the odds ratio, or r x c)"},
    {"chisq", run_chisq, "chi-square test of independence (Yates on 2x2)"},
    {"mcnemar", run_mcnemar, "McNemar's test of paired outcomes"},
    {"wilcoxon", run_wilcoxon, "Wilcoxon rank-sum / Mann-Whitney test of two groups"},
    {"signrank", run_signrank, "Wilcoxon signed-rank test of paired values"},
    {"logistic", run_logistic, "logistic regression (glm, or Firth's), optimism-corrected AUC"},
    {"roc", run_roc, "ROC AUC with DeLong's interval and the Youden cut-off"},
    {"cutpoint", run_cutpoint, "maximally selected rank statistic for a marker's cut-off"},
    {"padjust", run_padjust, "p-values adjusted (BH, BY, Holm, Bonferroni)"},
    {NULL, NULL, NULL},
};
