/* cli_stats_paired.c: `oncoboard stats paired`, resistance from paired samples (docs/stats.md,
 * "stats paired"): per patient a sample before treatment and one on treatment or at
 * progression, found in a sample table (--data, one row per sample) or a cBioPortal study's
 * samples (--study); the change of a count (mutations) by the signed-rank test, overall and per
 * group, and with --genes, per gene, the alterations gained and lost between the pair with
 * McNemar's test (stats_paired.h on stats_cohort.h's alteration matrix), adjusted across genes. */
#include "cli_stats.h"

#include "oncoboard/frame.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/stats_cohort.h"
#include "oncoboard/stats_paired.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GROUPS 50

typedef struct paired_args {
    const char *cmd, *study, *data, *patient, *patient_sep, *sample, *timepoint, *before, *after, *count, *group,
        *responders, *out;
    bool genes, json;
    onc_padjust_method adjust;
} paired_args_t;

enum {
    OPT_STUDY = 256, OPT_DATA, OPT_PATIENT, OPT_PATIENT_SEP, OPT_SAMPLE, OPT_TIMEPOINT, OPT_BEFORE, OPT_AFTER,
    OPT_COUNT, OPT_GROUP, OPT_RESPONDERS, OPT_GENES, OPT_ADJUST, OPT_FORMAT, OPT_JSON, OPT_VERSION
};

static const struct option options[] = {
    {"study", required_argument, NULL, OPT_STUDY},
    {"data", required_argument, NULL, OPT_DATA},
    {"patient", required_argument, NULL, OPT_PATIENT},
    {"patient-from-sample", required_argument, NULL, OPT_PATIENT_SEP},
    {"sample", required_argument, NULL, OPT_SAMPLE},
    {"timepoint", required_argument, NULL, OPT_TIMEPOINT},
    {"before", required_argument, NULL, OPT_BEFORE},
    {"after", required_argument, NULL, OPT_AFTER},
    {"count", required_argument, NULL, OPT_COUNT},
    {"group", required_argument, NULL, OPT_GROUP},
    {"responders", required_argument, NULL, OPT_RESPONDERS},
    {"genes", no_argument, NULL, OPT_GENES},
    {"adjust", required_argument, NULL, OPT_ADJUST},
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
                "About:   Resistance from paired samples: per patient a sample before treatment and one on\n"
                "         treatment or at progression. The change of a count (e.g. mutations) by the Wilcoxon\n"
                "         signed-rank test (R: wilcox.test(after, before, paired = TRUE)), overall and per\n"
                "         group; with --genes, per gene, alterations gained and lost between the pair by\n"
                "         McNemar's test with and without the continuity correction (R: mcnemar.test), the\n"
                "         p-values adjusted across the genes tested (p.adjust).\n"
                "Usage:   oncoboard stats paired (--data F | --study DIR) --timepoint COL --before V --after V\n"
                "             [--count COL] [--group COL] [--genes]\n"
                "\n"
                "Options:\n"
                "    --data F             a sample table (TSV or CSV), one row per sample\n"
                "    --study DIR          a cBioPortal study: its samples (patient attributes joined)\n"
                "    --timepoint COL      the column saying when a sample was taken\n"
                "    --before V, --after V  its values before treatment and on treatment / at progression\n"
                "    --patient COL        the patient of a sample [PATIENT_ID]\n"
                "    --patient-from-sample SEP  the patient is the sample id up to its last SEP (Pt1_pre: Pt1)\n"
                "    --sample COL         the sample id [SAMPLE_ID]\n"
                "    --count COL          a count per sample: after - before, signed-rank test\n"
                "    --group COL          also per level of COL (the value of the before sample's row)\n"
                "    --responders L1,L2   with --group: these levels are \"responders\", the others\n"
                "                         \"non-responders\"\n"
                "    --genes              per gene gained and lost (needs --study: its mutations, CNA, SV)\n"
                "    --adjust M           BH (default), BY, holm, bonferroni\n"
                "    --format tsv|json, --json, -o FILE   output [tsv, stdout]\n"
                "\n");
}

static int take_option(void *ctx, int c, const char *v)
{
    paired_args_t *a = ctx;
    onc_err_t err = {0};
    switch (c) {
    case OPT_STUDY: a->study = v; return -1;
    case OPT_DATA: a->data = v; return -1;
    case OPT_PATIENT: a->patient = v; return -1;
    case OPT_PATIENT_SEP: a->patient_sep = v; return -1;
    case OPT_SAMPLE: a->sample = v; return -1;
    case OPT_TIMEPOINT: a->timepoint = v; return -1;
    case OPT_BEFORE: a->before = v; return -1;
    case OPT_AFTER: a->after = v; return -1;
    case OPT_COUNT: a->count = v; return -1;
    case OPT_GROUP: a->group = v; return -1;
    case OPT_RESPONDERS: a->responders = v; return -1;
    case OPT_GENES: a->genes = true; return -1;
    case OPT_JSON: a->json = true; return -1;
    case 'o': a->out = v; return -1;
    case OPT_ADJUST:
        return onc_padjust_method_parse(v, &a->adjust, &err) == ONC_OK ? -1 : cli_usage_error(a->cmd, "%s", err.msg);
    case OPT_FORMAT:
        if (strcmp(v, "json") != 0 && strcmp(v, "tsv") != 0) return cli_usage_error(a->cmd, "--format: tsv or json");
        a->json = strcmp(v, "json") == 0;
        return -1;
    default: return cli_usage_error(a->cmd, "unknown option");
    }
}

static int parse_args(paired_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->cmd = "stats paired";
    a->patient = "PATIENT_ID";
    a->sample = "SAMPLE_ID";
    a->adjust = ONC_PADJ_BH;
    int st = cli_stats_getopt(argc, argv, options, OPT_VERSION, a->cmd, usage, take_option, a);
    if (st >= 0) return st;
    if (!a->data == !a->study) return cli_usage_error(a->cmd, "give one of --data and --study");
    if (!a->timepoint || !a->before || !a->after)
        return cli_usage_error(a->cmd, "--timepoint, --before and --after are required");
    if (strcmp(a->before, a->after) == 0) return cli_usage_error(a->cmd, "--before and --after are the same value");
    if (a->genes && !a->study) return cli_usage_error(a->cmd, "--genes needs --study (the study's alterations)");
    if (a->responders && !a->group) return cli_usage_error(a->cmd, "--responders needs --group");
    if (!a->count && !a->genes) return cli_usage_error(a->cmd, "nothing to compare: give --count COL or --genes");
    return -1;
}

/* ---- the pairs ---- */

typedef struct paired_in {
    onc_cbio_study_t *study;
    onc_frame_t *f;
    size_t n, n_pairs, n_ambiguous;
    char **patient;          /* n: owned copies (NULL when missing) */
    const char **sample_id;  /* n: into the frame */
    size_t *before, *after;  /* n_pairs rows */
} paired_in_t;

static void paired_in_free(paired_in_t *in)
{
    for (size_t i = 0; in->patient && i < in->n; i++) free(in->patient[i]);
    free(in->patient);
    free(in->sample_id);
    free(in->before);
    free(in->after);
    onc_frame_free(in->f);
    onc_cbio_study_free(in->study);
}

static int fail(const paired_args_t *a, onc_rc rc, const onc_err_t *err)
{
    cli_error(a->cmd, "%s", err->msg);
    return cli_status_of(rc);
}

static int read_input(const paired_args_t *a, paired_in_t *in)
{
    onc_err_t err = {0};
    onc_rc rc;
    if (a->data) {
        rc = onc_frame_read(a->data, &in->f, &err);
    } else {
        onc_cbio_opts_t o;
        onc_cbio_opts_init(&o);
        o.clinical_only = !a->genes;
        rc = onc_cbio_study_read(a->study, &o, &in->study, &err);
        if (rc != ONC_OK && in->study && in->study->n_errors) cli_error(a->cmd, "%s", in->study->errors[0]);
        if (rc == ONC_OK) rc = onc_frame_from_cbio(in->study->clinical, true, a->study, &in->f, &err);
    }
    if (rc != ONC_OK) return fail(a, rc, &err);
    int st = cli_stats_subset_apply(a->cmd, in->f); /* --where, --cut: the rows are samples here */
    if (st != CLI_OK) return st;
    in->n = onc_frame_rows(in->f);
    return CLI_OK;
}

/* The patient of row i: the column's value, or the sample id up to its last separator. */
static char *patient_of(const paired_args_t *a, const paired_in_t *in, size_t i, size_t pcol)
{
    const char *s = a->patient_sep ? in->sample_id[i] : onc_frame_cell(in->f, i, pcol);
    if (!s) return NULL;
    size_t len = strlen(s);
    if (a->patient_sep) {
        size_t k = strlen(a->patient_sep);
        const char *cut = NULL;
        for (const char *p = strstr(s, a->patient_sep); p; p = strstr(p + 1, a->patient_sep)) cut = p;
        if (!cut || k == 0) return NULL;
        len = (size_t)(cut - s);
    }
    return strndup(s, len);
}

static int find_pairs(const paired_args_t *a, paired_in_t *in)
{
    onc_err_t err = {0};
    size_t scol = 0, tcol = 0, pcol = 0;
    onc_rc rc = onc_frame_find(in->f, a->sample, &scol, &err);
    if (rc == ONC_OK) rc = onc_frame_find(in->f, a->timepoint, &tcol, &err);
    if (rc == ONC_OK && !a->patient_sep) rc = onc_frame_find(in->f, a->patient, &pcol, &err);
    if (rc != ONC_OK) return fail(a, rc, &err);
    size_t n = in->n ? in->n : 1;
    int *when = malloc(n * sizeof *when);
    in->patient = calloc(n, sizeof *in->patient);
    in->sample_id = calloc(n, sizeof *in->sample_id);
    in->before = malloc(n * sizeof *in->before);
    in->after = malloc(n * sizeof *in->after);
    if (!when || !in->patient || !in->sample_id || !in->before || !in->after) {
        free(when);
        return fail(a, onc_err_set(&err, ONC_ENOMEM, "out of memory"), &err);
    }
    for (size_t i = 0; i < in->n; i++) {
        const char *t = onc_frame_cell(in->f, i, tcol);
        in->sample_id[i] = onc_frame_cell(in->f, i, scol);
        in->patient[i] = in->sample_id[i] ? patient_of(a, in, i, pcol) : NULL;
        when[i] = !t ? -1 : strcmp(t, a->before) == 0 ? 0 : strcmp(t, a->after) == 0 ? 1 : -1;
    }
    rc = onc_paired_match((const char *const *)in->patient, when, in->n, in->before, in->after, &in->n_pairs,
                          &in->n_ambiguous, &err);
    free(when);
    if (rc != ONC_OK) return fail(a, rc, &err);
    if (in->n_pairs == 0) {
        cli_error(a->cmd, "no patient has a sample with %s = %s and one with %s = %s", a->timepoint, a->before,
                  a->timepoint, a->after);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

/* ---- the count ---- */

typedef struct count_result {
    char name[128];
    size_t n_pairs;
    double median_before, median_after, median_change;
    bool ok;
    onc_rank_test_t test;
    char why[ONC_ERR_MSG_MAX];
} count_result_t;

static int cmp_double(const void *p, const void *q)
{
    double x = *(const double *)p, y = *(const double *)q;
    return (x > y) - (x < y);
}

static double median_of(double *v, size_t n)
{
    if (n == 0) return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The pairs whose group is level (NULL: every pair) with both counts known. */
static void count_test(const paired_in_t *in, const double *count, const char *const *group, const char *level,
                       double *buf, count_result_t *r)
{
    double *b = buf, *af = buf + in->n_pairs, *d = buf + 2 * in->n_pairs;
    size_t m = 0;
    for (size_t k = 0; k < in->n_pairs; k++) {
        if (level && (!group[k] || strcmp(group[k], level) != 0)) continue;
        double x = count[in->before[k]], y = count[in->after[k]];
        if (isnan(x) || isnan(y)) continue;
        b[m] = x, af[m] = y, d[m++] = y - x;
    }
    snprintf(r->name, sizeof r->name, "%s", level ? level : "all");
    r->n_pairs = m;
    onc_err_t err = {0};
    r->ok = m > 0 && onc_signrank_test(d, m, ONC_RANK_AUTO, &r->test, &err) == ONC_OK;
    snprintf(r->why, sizeof r->why, "%s", m == 0 ? "no pair with both counts" : err.msg);
    r->median_change = median_of(d, m);
    r->median_before = median_of(b, m);
    r->median_after = median_of(af, m);
}

/* Whether s is one of the comma-separated values of list. */
static bool in_list(const char *list, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, s, n) == 0) return true;
        p = e ? e + 1 : NULL;
    }
    return false;
}

/* The group of pair k: the before sample's value, or responders / non-responders. */
static const char *group_of(const paired_args_t *a, const paired_in_t *in, size_t k, size_t gcol)
{
    const char *v = onc_frame_cell(in->f, in->before[k], gcol);
    if (!v || !a->responders) return v;
    return in_list(a->responders, v) ? "responders" : "non-responders";
}

static int cmp_str(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

/* "all", then each level of --group among the pairs (byte order). */
static int count_all(const paired_args_t *a, const paired_in_t *in, count_result_t *res, size_t *n_res)
{
    onc_err_t err = {0};
    double *count = malloc((in->n ? in->n : 1) * sizeof *count), *buf = malloc(3 * (in->n_pairs + 1) * sizeof *buf);
    const char **group = calloc(in->n_pairs + 1, sizeof *group), **levels = calloc(in->n_pairs + 1, sizeof *levels);
    onc_rc rc = count && buf && group && levels ? ONC_OK : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) rc = onc_frame_numeric(in->f, a->count, count, NULL, &err);
    size_t gcol = 0, nl = 0;
    if (rc == ONC_OK && a->group) rc = onc_frame_find(in->f, a->group, &gcol, &err);
    for (size_t k = 0; rc == ONC_OK && a->group && k < in->n_pairs; k++)
        if ((group[k] = group_of(a, in, k, gcol))) levels[nl++] = group[k];
    qsort(levels, nl, sizeof *levels, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < nl; i++)
        if (u == 0 || strcmp(levels[i], levels[u - 1]) != 0) levels[u++] = levels[i];
    if (rc == ONC_OK && u > MAX_GROUPS) rc = onc_err_set(&err, ONC_ELIMIT, "--group %s: more than %d levels", a->group, MAX_GROUPS);
    if (rc == ONC_OK) {
        count_test(in, count, group, NULL, buf, &res[0]);
        for (size_t g = 0; g < u; g++) count_test(in, count, group, levels[g], buf, &res[1 + g]);
        *n_res = 1 + u;
    }
    free(count), free(buf), free(group), free(levels);
    return rc == ONC_OK ? CLI_OK : fail(a, rc, &err);
}

/* ---- the genes ---- */

static int genes_all(const paired_args_t *a, const paired_in_t *in, onc_altmatrix_t *m, onc_paired_gene_t **out)
{
    onc_err_t err = {0};
    int8_t *cb = NULL, *ca = NULL;
    const char **ids_b = malloc(in->n_pairs * sizeof *ids_b), **ids_a = malloc(in->n_pairs * sizeof *ids_a);
    onc_rc rc = ids_b && ids_a ? ONC_OK : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    for (size_t k = 0; rc == ONC_OK && k < in->n_pairs; k++)
        ids_b[k] = in->sample_id[in->before[k]], ids_a[k] = in->sample_id[in->after[k]];
    if (rc == ONC_OK) rc = onc_altmatrix_build(in->study, NULL, m, &err);
    if (rc == ONC_OK) rc = onc_altmatrix_rows(m, ids_b, in->n_pairs, true, &cb, &err);
    if (rc == ONC_OK) rc = onc_altmatrix_rows(m, ids_a, in->n_pairs, true, &ca, &err);
    if (rc == ONC_OK)
        rc = onc_paired_genes((const char *const *)m->genes, m->n_genes, cb, ca, in->n_pairs, a->adjust, out, &err);
    free(ids_b), free(ids_a), free(cb), free(ca);
    return rc == ONC_OK ? CLI_OK : fail(a, rc, &err);
}

/* Tested genes first, by p, then by name. */
static int cmp_gene(const void *x, const void *y)
{
    const onc_paired_gene_t *g = x, *h = y;
    if (g->tested != h->tested) return g->tested ? -1 : 1;
    if (g->tested && g->p != h->p) return g->p < h->p ? -1 : 1;
    return strcmp(g->gene, h->gene);
}

/* ---- output ---- */

static void tsv_num(FILE *fp, double v)
{
    if (isnan(v)) fputs("\tNA", fp);
    else fprintf(fp, "\t%.10g", v);
}

static void write_tsv(FILE *fp, const paired_in_t *in, const count_result_t *c, size_t nc, const onc_paired_gene_t *g,
                      size_t ng)
{
    fprintf(fp, "n_samples\t%zu\nn_pairs\t%zu\nn_ambiguous\t%zu\n", in->n, in->n_pairs, in->n_ambiguous);
    if (nc) fputs("count\tgroup\tn_pairs\tmedian_before\tmedian_after\tmedian_change\tV\tp\tmethod\n", fp);
    for (size_t i = 0; i < nc; i++) {
        fprintf(fp, "count\t%s\t%zu", c[i].name, c[i].n_pairs);
        tsv_num(fp, c[i].median_before), tsv_num(fp, c[i].median_after), tsv_num(fp, c[i].median_change);
        tsv_num(fp, c[i].ok ? c[i].test.stat : NAN), tsv_num(fp, c[i].ok ? c[i].test.p : NAN);
        fprintf(fp, "\t%s\n", c[i].ok ? (c[i].test.exact ? "exact" : "normal") : "NA");
    }
    if (g) fputs("gene\tname\tn_pairs\tboth\tlost\tgained\tneither\tmcnemar\tp\tq\tmcnemar_uncorrected\tp_uncorrected"
                 "\tq_uncorrected\n", fp);
    for (size_t i = 0; g && i < ng; i++) {
        fprintf(fp, "gene\t%s\t%zu\t%lld\t%lld\t%lld\t%lld", g[i].gene, g[i].n_pairs, (long long)g[i].table[0],
                (long long)g[i].table[1], (long long)g[i].table[2], (long long)g[i].table[3]);
        tsv_num(fp, g[i].stat), tsv_num(fp, g[i].p), tsv_num(fp, g[i].q);
        tsv_num(fp, g[i].stat_uncorrected), tsv_num(fp, g[i].p_uncorrected), tsv_num(fp, g[i].q_uncorrected);
        fputc('\n', fp);
    }
}

static void json_count(FILE *fp, const count_result_t *c, int first)
{
    if (!first) fputc(',', fp);
    fputc('{', fp);
    onc_jsonw_member_str(fp, "group", c->name, 1);
    onc_jsonw_member_int(fp, "n_pairs", (int64_t)c->n_pairs, 0, 0);
    onc_jsonw_member_num(fp, "median_before", c->median_before, 0);
    onc_jsonw_member_num(fp, "median_after", c->median_after, 0);
    onc_jsonw_member_num(fp, "median_change", c->median_change, 0);
    onc_jsonw_member_str(fp, "statistic_name", "V", 0);
    onc_jsonw_member_num(fp, "statistic", c->ok ? c->test.stat : NAN, 0);
    onc_jsonw_member_num(fp, "p", c->ok ? c->test.p : NAN, 0);
    onc_jsonw_member_str(fp, "method", c->ok ? (c->test.exact ? "exact" : "normal") : NULL, 0);
    onc_jsonw_member_int(fp, "n_nonzero", c->ok ? (int64_t)c->test.n_used : 0, !c->ok, 0);
    if (!c->ok) onc_jsonw_member_str(fp, "note", c->why, 0);
    fputc('}', fp);
}

static void json_gene(FILE *fp, const onc_paired_gene_t *g, int first)
{
    if (!first) fputc(',', fp);
    fputc('{', fp);
    onc_jsonw_member_str(fp, "gene", g->gene, 1);
    onc_jsonw_member_int(fp, "n_pairs", (int64_t)g->n_pairs, 0, 0);
    onc_jsonw_member_int(fp, "both", g->table[0], 0, 0);
    onc_jsonw_member_int(fp, "lost", g->table[1], 0, 0);
    onc_jsonw_member_int(fp, "gained", g->table[2], 0, 0);
    onc_jsonw_member_int(fp, "neither", g->table[3], 0, 0);
    onc_jsonw_member_num(fp, "statistic", g->stat, 0);
    onc_jsonw_member_num(fp, "p", g->p, 0);
    onc_jsonw_member_num(fp, "q", g->q, 0);
    onc_jsonw_member_num(fp, "statistic_uncorrected", g->stat_uncorrected, 0);
    onc_jsonw_member_num(fp, "p_uncorrected", g->p_uncorrected, 0);
    onc_jsonw_member_num(fp, "q_uncorrected", g->q_uncorrected, 0);
    if (!g->tested) onc_jsonw_member_str(fp, "note", g->why, 0);
    fputc('}', fp);
}

static void write_json(FILE *fp, const paired_args_t *a, const paired_in_t *in, const count_result_t *c, size_t nc,
                       const onc_paired_gene_t *g, size_t ng)
{
    static const char *const adjust[] = {"BH", "BY", "holm", "bonferroni"};
    fputc('{', fp);
    onc_jsonw_member_str(fp, "analysis", "paired", 1);
    onc_jsonw_member_str(fp, "before", a->before, 0);
    onc_jsonw_member_str(fp, "after", a->after, 0);
    onc_jsonw_member_int(fp, "n_samples", (int64_t)in->n, 0, 0);
    onc_jsonw_member_int(fp, "n_pairs", (int64_t)in->n_pairs, 0, 0);
    onc_jsonw_member_int(fp, "n_ambiguous", (int64_t)in->n_ambiguous, 0, 0);
    if (nc) {
        onc_jsonw_member_str(fp, "count_column", a->count, 0);
        onc_jsonw_key(fp, "count", 0);
        fputc('[', fp);
        for (size_t i = 0; i < nc; i++) json_count(fp, &c[i], i == 0);
        fputc(']', fp);
    }
    if (g) {
        onc_jsonw_member_str(fp, "adjust", adjust[a->adjust], 0);
        onc_jsonw_key(fp, "genes", 0);
        fputc('[', fp);
        for (size_t i = 0; i < ng; i++) json_gene(fp, &g[i], i == 0);
        fputc(']', fp);
    }
    onc_jsonw_key(fp, "warnings", 0);
    fputs("[]}\n", fp);
}

static int write_out(const paired_args_t *a, const paired_in_t *in, const count_result_t *c, size_t nc,
                     const onc_paired_gene_t *g, size_t ng)
{
    cli_output_t o;
    if (cli_output_open(&o, a->out)) return CLI_BAD_INPUT;
    if (a->json) write_json(o.fp, a, in, c, nc, g, ng);
    else write_tsv(o.fp, in, c, nc, g, ng);
    return cli_output_commit(&o) ? CLI_INTERNAL : CLI_OK;
}

static int cmd_stats_paired(int argc, char **argv)
{
    paired_args_t a;
    int st = parse_args(&a, argc, argv);
    if (st >= 0) return st;
    paired_in_t in = {0};
    count_result_t res[1 + MAX_GROUPS];
    size_t nc = 0;
    onc_altmatrix_t m = {0};
    onc_paired_gene_t *genes = NULL;
    if ((st = read_input(&a, &in)) == CLI_OK) st = find_pairs(&a, &in);
    if (st == CLI_OK && a.count) st = count_all(&a, &in, res, &nc);
    if (st == CLI_OK && a.genes) st = genes_all(&a, &in, &m, &genes);
    if (genes) qsort(genes, m.n_genes, sizeof *genes, cmp_gene);
    if (st == CLI_OK) st = write_out(&a, &in, res, nc, genes, genes ? m.n_genes : 0);
    free(genes);
    onc_altmatrix_free(&m);
    paired_in_free(&in);
    return st;
}

cli_command_t cli_stats_paired_commands[] = {
    {"paired", cmd_stats_paired, "Paired samples: genes gained and lost (McNemar), count change (signed-rank)"},
    {NULL, NULL, NULL},
};
