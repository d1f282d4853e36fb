/* cli_stats_cor.c: `oncoboard stats cor`, correlation tests between biomarkers as R's cor.test
 * (stats_assoc.h's onc_cor_test; docs/stats.md, "stats cor").
 *
 * Two columns (--x, --y) give one test, written as key<TAB>value lines or one JSON document;
 * --columns A,B,C gives every pair, each on its own complete rows (R's pairwise complete
 * observations), their p-values optionally adjusted across the pairs (--adjust, p.adjust's
 * methods), as a table or JSON with the pairs and the matrices of estimates and p-values. The
 * table is --data F or a cBioPortal study (--study DIR), read as the other analyses read it.
 */
#include "cli_stats.h"

#include "oncoboard/frame.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/stats_assoc.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 64
#define WARNING_MAX 256

typedef struct cor_args {
    const char *cmd, *data, *study, *x, *y, *columns, *out;
    bool per_sample, json, adjust, exact, normal;
    onc_padjust_method adjust_method;
    onc_cor_opts_t opts;
} cor_args_t;

enum {
    OPT_DATA = 256, OPT_STUDY, OPT_PER_SAMPLE, OPT_X, OPT_Y, OPT_COLUMNS, OPT_METHOD, OPT_ALTERNATIVE, OPT_CONF,
    OPT_EXACT, OPT_NORMAL, OPT_ADJUST, OPT_FORMAT, OPT_JSON, OPT_VERSION
};

static const struct option options[] = {
    {"data", required_argument, NULL, OPT_DATA},
    {"table", required_argument, NULL, OPT_DATA},
    {"study", required_argument, NULL, OPT_STUDY},
    {"per-sample", no_argument, NULL, OPT_PER_SAMPLE},
    {"x", required_argument, NULL, OPT_X},
    {"y", required_argument, NULL, OPT_Y},
    {"columns", required_argument, NULL, OPT_COLUMNS},
    {"method", required_argument, NULL, OPT_METHOD},
    {"alternative", required_argument, NULL, OPT_ALTERNATIVE},
    {"conf-level", required_argument, NULL, OPT_CONF},
    {"conf", required_argument, NULL, OPT_CONF},
    {"exact", no_argument, NULL, OPT_EXACT},
    {"normal", no_argument, NULL, OPT_NORMAL},
    {"adjust", required_argument, NULL, OPT_ADJUST},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static const char *const method_names[] = {"pearson", "spearman", "kendall"};
static const char *const estimate_names[] = {"cor", "rho", "tau"};
static const char *const alternative_names[] = {"two.sided", "less", "greater"};
static const char *const p_method_names[] = {"t", "exact", "edgeworth", "normal"};
static const char *const adjust_names[] = {"BH", "BY", "holm", "bonferroni"};

static void usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Correlation of two biomarkers and its test, as R's cor.test: Pearson's r (t test,\n"
                "         Fisher-z interval), Spearman's rho (exact AS 89 p without ties up to 1290 pairs, else\n"
                "         Student's t), Kendall's tau-b (exact below 50 pairs without ties, else normal with\n"
                "         R's tie correction). Rows missing either value are left out and counted.\n"
                "Usage:   oncoboard stats cor (--data F | --study DIR) --x COL --y COL [--method M] [options]\n"
                "         oncoboard stats cor (--data F | --study DIR) --columns A,B,C [--adjust BH] [options]\n"
                "\n"
                "Options:\n"
                "    --data F             TSV or CSV with a header (cBioPortal '#' lines skipped); NA or empty = missing\n"
                "    --study DIR          or a cBioPortal study: clinical tables joined, one row per patient\n"
                "                         (--per-sample: per sample), attributes by name\n"
                "    --x COL, --y COL     the two columns of one test\n"
                "    --columns A,B,C      every pair of these columns (2 to %d), each on its complete rows\n"
                "    --method M           pearson, spearman or kendall [pearson, as R]\n"
                "    --alternative A      two.sided, less (negative association) or greater [two.sided]\n"
                "    --conf-level C       Pearson's interval (alias --conf) [0.95]\n"
                "    --exact, --normal    force the exact p (R's exact = TRUE) or the approximation (exact =\n"
                "                         FALSE: Student's t for Spearman, normal for Kendall) [R's rule]\n"
                "    --adjust M           with --columns: p-values adjusted across the pairs: BH, BY, holm,\n"
                "                         bonferroni (R's p.adjust) [none]\n"
                "    --format tsv|json    key<TAB>value lines (a table with --columns) or one JSON document\n"
                "                         (alias --json) [tsv]\n"
                "    -o, --output FILE    write there instead of stdout\n"
                "    -h, --help           this help; --version the program version\n"
                "\n",
            MAX_COLUMNS);
}

static int pick(const char *cmd, const char *opt, const char *v, const char *const *names, size_t n, int *out)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v, names[i]) == 0) return *out = (int)i, -1;
    if (strcmp(opt, "alternative") == 0 && strcmp(v, "two-sided") == 0) return *out = ONC_ALT_TWO_SIDED, -1;
    return cli_usage_error(cmd, "--%s must be %s, %s or %s, not '%s'", opt, names[0], names[1], names[2], v);
}

static int take_option(void *ctx, int c, const char *v)
{
    cor_args_t *a = ctx;
    onc_err_t err = {0};
    int k = 0, st;
    double num;
    switch (c) {
    case 'o': a->out = v; return -1;
    case OPT_DATA: a->data = v; return -1;
    case OPT_STUDY: a->study = v; return -1;
    case OPT_PER_SAMPLE: a->per_sample = true; return -1;
    case OPT_X: a->x = v; return -1;
    case OPT_Y: a->y = v; return -1;
    case OPT_COLUMNS: a->columns = v; return -1;
    case OPT_JSON: a->json = true; return -1;
    case OPT_EXACT: a->exact = true; return -1;
    case OPT_NORMAL: a->normal = true; return -1;
    case OPT_METHOD:
        if ((st = pick(a->cmd, "method", v, method_names, 3, &k)) >= 0) return st;
        a->opts.method = (onc_cor_method)k;
        return -1;
    case OPT_ALTERNATIVE:
        if ((st = pick(a->cmd, "alternative", v, alternative_names, 3, &k)) >= 0) return st;
        a->opts.alternative = (onc_alternative)k;
        return -1;
    case OPT_CONF:
        if (cli_parse_number(v, 1e-9, 1 - 1e-9, &num)) return cli_usage_error(a->cmd, "--conf-level must be a number between 0 and 1, not '%s'", v);
        a->opts.conf = num;
        return -1;
    case OPT_ADJUST:
        if (onc_padjust_method_parse(v, &a->adjust_method, &err) != ONC_OK) return cli_usage_error(a->cmd, "%s", err.msg);
        a->adjust = true;
        return -1;
    case OPT_FORMAT: {
        cli_format fmt;
        if (cli_parse_format(a->cmd, v, &fmt) < 0) return CLI_BAD_INPUT; /* after its message */
        a->json = fmt == CLI_FMT_JSON;
        return -1;
    }
    default: return cli_usage_error(a->cmd, "unknown option");
    }
}

static int parse_args(cor_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->cmd = "stats cor";
    onc_cor_opts_init(&a->opts);
    int st = cli_stats_getopt(argc, argv, options, OPT_VERSION, a->cmd, usage, take_option, a);
    if (st >= 0) return st;
    if (a->exact && a->normal) return cli_usage_error(a->cmd, "--exact and --normal exclude each other");
    a->opts.exact = a->exact ? ONC_RANK_EXACT : a->normal ? ONC_RANK_NORMAL : ONC_RANK_AUTO;
    if (!a->data == !a->study) return cli_usage_error(a->cmd, "give one of --data and --study");
    if (!a->columns == !(a->x || a->y)) return cli_usage_error(a->cmd, "give either --x with --y, or --columns");
    if (!a->columns && !(a->x && a->y)) return cli_usage_error(a->cmd, "--x and --y are both required");
    if (a->adjust && !a->columns) return cli_usage_error(a->cmd, "--adjust adjusts the pairs of --columns");
    return -1;
}

/* ---- input ---- */

typedef struct cor_in {
    onc_frame_t *f;
    size_t n, k;                    /* rows, columns */
    char *list;                     /* the --columns copy the names point into */
    const char *name[MAX_COLUMNS];
    double *col[MAX_COLUMNS];       /* n values each, NaN when missing */
} cor_in_t;

static void cor_in_free(cor_in_t *in)
{
    for (size_t j = 0; j < in->k; j++) free(in->col[j]);
    free(in->list);
    onc_frame_free(in->f);
}

static int column_names(const cor_args_t *a, cor_in_t *in)
{
    if (!a->columns) {
        in->name[0] = a->x, in->name[1] = a->y, in->k = 2;
        return CLI_OK;
    }
    in->list = strdup(a->columns);
    if (!in->list) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    for (char *s = in->list, *e; s; s = e ? e + 1 : NULL) {
        e = strchr(s, ',');
        if (e) *e = '\0';
        if (!*s) continue;
        if (in->k == MAX_COLUMNS) return cli_usage_error(a->cmd, "--columns: at most %d columns", MAX_COLUMNS);
        for (size_t j = 0; j < in->k; j++)
            if (strcmp(in->name[j], s) == 0) return cli_usage_error(a->cmd, "--columns names %s twice", s);
        in->name[in->k++] = s;
    }
    if (in->k < 2) return cli_usage_error(a->cmd, "--columns needs at least 2 columns");
    return CLI_OK;
}

static int read_input(const cor_args_t *a, cor_in_t *in)
{
    memset(in, 0, sizeof *in);
    int st = column_names(a, in);
    if (st == CLI_OK) st = cli_stats_table(a->cmd, a->data, a->study, a->per_sample, &in->f);
    if (st != CLI_OK) return st;
    in->n = onc_frame_rows(in->f);
    for (size_t j = 0; j < in->k; j++) {
        onc_err_t err = {0};
        if (!(in->col[j] = malloc((in->n + 1) * sizeof *in->col[j]))) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
        onc_rc rc = onc_frame_numeric(in->f, in->name[j], in->col[j], NULL, &err);
        if (rc != ONC_OK) return cli_error(a->cmd, "%s", err.msg), cli_status_of(rc);
        for (size_t i = 0; i < in->n; i++)
            if (isinf(in->col[j][i])) {
                cli_error(a->cmd, "%s:%llu: field %s: an infinite value (R's correlation is then NaN)", a->data ? a->data : a->study,
                          (unsigned long long)onc_frame_line(in->f, i), in->name[j]);
                return CLI_BAD_INPUT;
            }
    }
    return CLI_OK;
}

/* ---- output: a JSON member, a key<TAB>value line, or a cell of a table row ---- */

typedef struct emit {
    FILE *fp;
    bool json, row, first;
} emit_t;

static void text_num(FILE *fp, double v)
{
    if (isnan(v)) fputs("NA", fp);
    else if (isinf(v)) fputs(v > 0 ? "Inf" : "-Inf", fp);
    else fprintf(fp, "%.10g", v);
}

static void emit_key(emit_t *e, const char *key)
{
    if (e->json) onc_jsonw_key(e->fp, key, e->first);
    else if (e->row) fputs(e->first ? "" : "\t", e->fp);
    else fprintf(e->fp, "%s\t", key);
    e->first = false;
}

static void emit_num(emit_t *e, const char *key, double v)
{
    emit_key(e, key);
    if (e->json) onc_jsonw_double(e->fp, v);
    else text_num(e->fp, v);
    if (!e->json && !e->row) fputc('\n', e->fp);
}

static void emit_str(emit_t *e, const char *key, const char *v)
{
    emit_key(e, key);
    if (e->json) onc_jsonw_string(e->fp, v);
    else fputs(v ? v : "NA", e->fp);
    if (!e->json && !e->row) fputc('\n', e->fp);
}

/* The warnings: a JSON array, or warning<TAB>text lines. */
static void emit_warnings(emit_t *e, char (*msg)[WARNING_MAX], size_t n)
{
    if (e->json) {
        onc_jsonw_key(e->fp, "warnings", e->first);
        fputc('[', e->fp);
        for (size_t i = 0; i < n; i++) fputs(i ? "," : "", e->fp), onc_jsonw_string(e->fp, msg[i]);
        fputc(']', e->fp);
    } else {
        for (size_t i = 0; i < n; i++) fprintf(e->fp, "warning\t%s\n", msg[i]);
    }
    e->first = false;
}

/* One test's values, in the order of the table's columns (cor_table_header). NaN where the
 * pair was undefined (its note says why). */
static void emit_test(emit_t *e, const cor_args_t *a, const onc_cor_test_t *t, bool defined, double p_adjusted)
{
    bool pearson = a->opts.method == ONC_COR_PEARSON;
    emit_num(e, "n", (double)t->n);
    emit_num(e, "n_missing", (double)t->n_missing);
    emit_num(e, "estimate", defined ? t->estimate : NAN);
    emit_str(e, "statistic_name", defined ? t->statistic_name : NULL);
    emit_num(e, "statistic", defined ? t->statistic : NAN);
    if (pearson) emit_num(e, "df", defined ? t->df : NAN);
    emit_num(e, "p", defined ? t->p : NAN);
    if (a->adjust) emit_num(e, "p_adjusted", p_adjusted);
    emit_str(e, "p_method", defined ? p_method_names[t->p_method] : NULL);
    if (pearson) emit_num(e, "lower", defined ? t->lower : NAN), emit_num(e, "upper", defined ? t->upper : NAN);
}

static void emit_head(emit_t *e, const cor_args_t *a)
{
    emit_str(e, "analysis", "cor");
    emit_str(e, "method", method_names[a->opts.method]);
    emit_str(e, "estimate_name", estimate_names[a->opts.method]);
    emit_str(e, "alternative", alternative_names[a->opts.alternative]);
    if (a->opts.method == ONC_COR_PEARSON) emit_num(e, "conf_level", a->opts.conf);
}

/* Why a defined test's output has null or infinite values, and R's warning about ties. */
static size_t test_warnings(const onc_cor_test_t *t, const char *pair, char (*w)[WARNING_MAX], size_t nw, size_t cap)
{
    const char *sep = pair ? ": " : "";
    if (!pair) pair = "";
    if (nw < cap && t->ties_warning) snprintf(w[nw++], WARNING_MAX, "%s%sCannot compute exact p-value with ties", pair, sep);
    if (nw < cap && isinf(t->statistic))
        snprintf(w[nw++], WARNING_MAX, "%s%sthe correlation is %g: the t statistic is infinite (null in JSON)", pair, sep, t->estimate);
    if (nw < cap && t->n == 3 && isnan(t->lower))
        snprintf(w[nw++], WARNING_MAX, "%s%s3 pairs: no confidence interval (R gives none below 4)", pair, sep);
    return nw;
}

/* ---- one test ---- */

static int run_pair(const cor_args_t *a, const cor_in_t *in)
{
    onc_cor_test_t t;
    onc_err_t err = {0};
    onc_rc rc = onc_cor_test(in->col[0], in->col[1], in->n, &a->opts, &t, &err);
    if (rc != ONC_OK) {
        cli_error(a->cmd, "%s: %s against %s: %s", a->data ? a->data : a->study, a->x, a->y, err.msg);
        return cli_status_of(rc);
    }
    cli_output_t o;
    if (cli_output_open(&o, a->out)) return CLI_BAD_INPUT;
    emit_t e = {o.fp, a->json, false, true};
    if (e.json) fputc('{', e.fp);
    emit_head(&e, a);
    emit_str(&e, "x", a->x);
    emit_str(&e, "y", a->y);
    emit_test(&e, a, &t, true, NAN);
    char w[3][WARNING_MAX];
    emit_warnings(&e, w, test_warnings(&t, NULL, w, 0, 3));
    if (e.json) fputs("}\n", e.fp);
    return cli_output_commit(&o) ? CLI_INTERNAL : CLI_OK;
}

/* ---- every pair of --columns ---- */

typedef struct cor_pairs {
    size_t n;                  /* k(k-1)/2 */
    onc_cor_test_t *t;
    bool *defined;
    double *p, *p_adjusted;
    char (*note)[WARNING_MAX]; /* why a pair is undefined */
} cor_pairs_t;

static void pairs_free(cor_pairs_t *p)
{
    free(p->t), free(p->defined), free(p->p), free(p->p_adjusted), free(p->note);
}

/* Each pair's test; an undefined one (too few pairs, a constant column) is kept with its note. */
static int test_pairs(const cor_args_t *a, const cor_in_t *in, cor_pairs_t *p)
{
    p->n = in->k * (in->k - 1) / 2;
    p->t = calloc(p->n, sizeof *p->t), p->defined = calloc(p->n, sizeof *p->defined);
    p->p = calloc(p->n, sizeof *p->p), p->p_adjusted = calloc(p->n, sizeof *p->p_adjusted);
    p->note = calloc(p->n, sizeof *p->note);
    if (!p->t || !p->defined || !p->p || !p->p_adjusted || !p->note) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    for (size_t i = 0, q = 0; i < in->k; i++)
        for (size_t j = i + 1; j < in->k; j++, q++) {
            onc_err_t err = {0};
            onc_rc rc = onc_cor_test(in->col[i], in->col[j], in->n, &a->opts, &p->t[q], &err);
            if (rc != ONC_OK && rc != ONC_EINVAL) return cli_error(a->cmd, "%s against %s: %s", in->name[i], in->name[j], err.msg), cli_status_of(rc);
            p->defined[q] = rc == ONC_OK;
            p->p[q] = p->defined[q] ? p->t[q].p : NAN;
            if (!p->defined[q]) snprintf(p->note[q], WARNING_MAX, "%.200s", err.msg);
        }
    onc_err_t err = {0};
    if (a->adjust && onc_padjust(p->p, p->n, a->adjust_method, p->p_adjusted, &err) != ONC_OK)
        return cli_error(a->cmd, "%s", err.msg), CLI_INTERNAL;
    return CLI_OK;
}

/* A column varies when two of its values differ: its correlation with itself is then 1 (R's
 * cor), else undefined. */
static bool varies(const double *v, size_t n)
{
    double first = NAN;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) continue;
        if (isnan(first)) first = v[i];
        else if (v[i] != first) return true;
    }
    return false;
}

/* JSON: a k x k matrix of the pairs' estimates (p-values when p_values), the diagonal 1 (null). */
static void json_matrix(FILE *fp, const char *key, const cor_in_t *in, const cor_pairs_t *p, bool p_values)
{
    onc_jsonw_key(fp, key, 0);
    fputc('[', fp);
    for (size_t i = 0; i < in->k; i++) {
        fputs(i ? ",[" : "[", fp);
        for (size_t j = 0; j < in->k; j++) {
            size_t lo = i < j ? i : j, hi = i < j ? j : i;
            size_t q = lo * in->k - lo * (lo + 1) / 2 + (hi - lo - 1); /* the pair's index in test order */
            double v = i == j ? (p_values || !varies(in->col[i], in->n) ? NAN : 1)
                              : !p->defined[q] ? NAN : p_values ? p->t[q].p : p->t[q].estimate;
            fputs(j ? "," : "", fp);
            onc_jsonw_double(fp, v);
        }
        fputc(']', fp);
    }
    fputc(']', fp);
}

static void table_header(FILE *fp, const cor_args_t *a)
{
    bool pearson = a->opts.method == ONC_COR_PEARSON;
    fprintf(fp, "pair\tx\ty\tn\tn_missing\testimate\tstatistic_name\tstatistic%s\tp%s\tp_method%s\n", pearson ? "\tdf" : "",
            a->adjust ? "\tp_adjusted" : "", pearson ? "\tlower\tupper" : "");
}

static void emit_pairs(FILE *fp, const cor_args_t *a, const cor_in_t *in, const cor_pairs_t *p)
{
    if (a->json) onc_jsonw_key(fp, "pairs", 0), fputc('[', fp);
    else table_header(fp, a);
    for (size_t i = 0, q = 0; i < in->k; i++)
        for (size_t j = i + 1; j < in->k; j++, q++) {
            emit_t e = {fp, a->json, true, true};
            if (a->json) fputs(q ? ",{" : "{", fp);
            else fputs("pair\t", fp);
            emit_str(&e, "x", in->name[i]);
            emit_str(&e, "y", in->name[j]);
            emit_test(&e, a, &p->t[q], p->defined[q], p->p_adjusted[q]);
            if (a->json && !p->defined[q]) emit_str(&e, "note", p->note[q]);
            fputs(a->json ? "}" : "\n", fp);
        }
    if (a->json) fputc(']', fp);
}

static int run_matrix(const cor_args_t *a, const cor_in_t *in)
{
    cor_pairs_t p = {0};
    int st = test_pairs(a, in, &p);
    size_t cap = p.n * 3 + 1, nw = 0;
    char (*w)[WARNING_MAX] = st == CLI_OK ? calloc(cap, sizeof *w) : NULL;
    cli_output_t o;
    if (st == CLI_OK && !w) st = CLI_INTERNAL, cli_error(a->cmd, "out of memory");
    if (st == CLI_OK && cli_output_open(&o, a->out)) st = CLI_BAD_INPUT;
    if (st != CLI_OK) {
        pairs_free(&p), free(w);
        return st;
    }
    for (size_t i = 0, q = 0; i < in->k; i++)
        for (size_t j = i + 1; j < in->k; j++, q++) {
            char pair[WARNING_MAX / 2];
            snprintf(pair, sizeof pair, "%.50s ~ %.50s", in->name[i], in->name[j]);
            if (p.defined[q]) nw = test_warnings(&p.t[q], pair, w, nw, cap);
            else snprintf(w[nw++], WARNING_MAX, "%s: %.120s", pair, p.note[q]);
        }
    emit_t e = {o.fp, a->json, false, true};
    if (a->json) fputc('{', o.fp);
    emit_head(&e, a);
    if (a->adjust) emit_str(&e, "adjust", adjust_names[a->adjust_method]);
    else if (a->json) emit_str(&e, "adjust", NULL);
    if (a->json) {
        onc_jsonw_key(o.fp, "columns", 0);
        fputc('[', o.fp);
        for (size_t j = 0; j < in->k; j++) fputs(j ? "," : "", o.fp), onc_jsonw_string(o.fp, in->name[j]);
        fputc(']', o.fp);
    }
    emit_pairs(o.fp, a, in, &p);
    if (a->json) json_matrix(o.fp, "estimate_matrix", in, &p, false), json_matrix(o.fp, "p_matrix", in, &p, true);
    emit_warnings(&e, w, nw);
    if (a->json) fputs("}\n", o.fp);
    pairs_free(&p), free(w);
    return cli_output_commit(&o) ? CLI_INTERNAL : CLI_OK;
}

static int run_cor(int argc, char **argv)
{
    cor_args_t a;
    int st = parse_args(&a, argc, argv);
    if (st >= 0) return st;
    cor_in_t in;
    st = read_input(&a, &in);
    if (st == CLI_OK) st = a.columns ? run_matrix(&a, &in) : run_pair(&a, &in);
    cor_in_free(&in);
    return st;
}

cli_command_t cli_stats_cor_commands[] = {
    {"cor", run_cor, "correlation tests (Pearson, Spearman, Kendall) as R's cor.test, or a matrix"},
    {NULL, NULL, NULL},
};
