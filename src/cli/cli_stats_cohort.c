/* cli_stats_cohort.c: `oncoboard stats` on cBioPortal studies (stats_cohort.h; docs/stats.md,
 * "Cohorts"): the table every analysis reads (--data FILE or --study DIR), and the analyses that
 * need the study's alterations: screen (genes against response, PFS and OS) and compare (two
 * groups of patients). The library does the work; this file parses options and prints. */
#include "cli_stats.h"
#include "cli_stats_surv.h"
#include "oncoboard/frame.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/kb.h"
#include "oncoboard/plot.h"
#include "oncoboard/stats_cohort.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STUDY_ERRORS_SHOWN 10

/* The study's problems, as the reader listed them (at most STUDY_ERRORS_SHOWN). */
static void print_study_errors(const char *cmd, const onc_cbio_study_t *s)
{
    size_t n = s->n_errors < STUDY_ERRORS_SHOWN ? s->n_errors : STUDY_ERRORS_SHOWN;
    for (size_t i = 0; i < n; i++) cli_error(cmd, "%s", s->errors[i]);
    if (s->n_errors + s->n_errors_dropped > n)
        cli_error(cmd, "... and %zu more problems", s->n_errors + s->n_errors_dropped - n);
}

/* Reads study dir (clinical_only: the clinical tables alone). CLI_OK, or the exit status after
 * the reader's messages. */
static int read_study(const char *cmd, const char *dir, bool clinical_only, const char *kb_dir, onc_cbio_study_t **out)
{
    onc_cbio_opts_t o;
    onc_cbio_opts_init(&o);
    o.clinical_only = clinical_only;
    o.kb_dir = kb_dir ? cli_reader_kb_dir(kb_dir) : NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_cbio_study_read(dir, &o, out, &err);
    if (rc == ONC_OK) return CLI_OK;
    if (*out) print_study_errors(cmd, *out);
    else cli_error(cmd, "%s", err.msg);
    onc_cbio_study_free(*out);
    *out = NULL;
    return cli_status_of(rc);
}

/* The study's table, with the command line's subsets and derived groups (cli_stats_subset.c). */
static int study_frame(const char *cmd, const onc_cbio_study_t *s, const char *dir, bool per_sample,
                       onc_frame_t **out)
{
    int st = cli_stats_subset_study_frame(cmd, s->clinical, dir, per_sample, out);
    if (st == CLI_OK) st = cli_stats_subset_apply(cmd, *out);
    if (st != CLI_OK) onc_frame_free(*out), *out = NULL;
    return st;
}

int cli_stats_getopt(int argc, char **argv, const struct option *options, int version_opt, const char *cmd,
                     void (*usage)(FILE *fp), int (*take)(void *ctx, int c, const char *v), void *ctx)
{
    optind = 1;
    opterr = 0;
    int c, st;
    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        if (c == 'h') return usage(stdout), CLI_OK;
        if (c == version_opt) return printf("oncoboard %s\n", ONC_VERSION), CLI_OK;
        if (c == '?' || c == ':') return cli_usage_error(cmd, "unknown option or missing value: %s", argv[optind - 1]);
        if ((st = take(ctx, c, optarg)) >= 0) return st;
    }
    if (optind < argc) return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    return -1;
}

int cli_stats_table(const char *cmd, const char *data, const char *study, bool per_sample, onc_frame_t **out)
{
    *out = NULL;
    onc_err_t err = {0};
    if (!study) {
        onc_rc rc = onc_frame_read(data, out, &err);
        if (rc != ONC_OK) return cli_error(cmd, "%s", err.msg), cli_status_of(rc);
        int st = cli_stats_subset_apply(cmd, *out);
        if (st != CLI_OK) onc_frame_free(*out), *out = NULL;
        return st;
    }
    onc_cbio_study_t *s = NULL;
    int st = read_study(cmd, study, true, NULL, &s);
    if (st == CLI_OK) st = study_frame(cmd, s, study, per_sample, out);
    onc_cbio_study_free(s);
    return st;
}


/* ---------------------------------------------------------------- options */

typedef struct cohort_args {
    char cmd_buf[64];
    const char *cmd, *study, *data, *out, *response, *responders, *non_responders;
    const char *pfs_time, *pfs_event, *os_time, *os_event, *covariates, *factors, *kb_dir, *tumor_type, *types;
    const char *group, *levels, *numeric, *categorical, *volcano;
    const char *cov_refs[SURV_MAX_REFS];
    size_t n_cov_refs;
    bool per_sample, oncogenic, json, no_genes, exact, normal;
    double volcano_labels; /* 0: the plot's default */
    onc_screen_opts_t screen;
} cohort_args_t;

enum {
    OPT_STUDY = 256, OPT_DATA, OPT_PER_SAMPLE, OPT_RESPONSE, OPT_RESPONDERS, OPT_NON_RESPONDERS, OPT_PFS_TIME,
    OPT_PFS_EVENT, OPT_OS_TIME, OPT_OS_EVENT, OPT_COVARIATES, OPT_FACTORS, OPT_REF, OPT_MIN_FREQ, OPT_MIN_ALTERED,
    OPT_ADJUST, OPT_ONCOGENIC, OPT_KB, OPT_TUMOR_TYPE, OPT_TYPES, OPT_CONF, OPT_FORMAT, OPT_JSON, OPT_GROUP,
    OPT_LEVELS, OPT_NUMERIC, OPT_CATEGORICAL, OPT_NO_GENES, OPT_EXACT, OPT_NORMAL, OPT_VOLCANO, OPT_VOLCANO_LABELS, OPT_VERSION
};

static const struct option options[] = {
    {"study", required_argument, NULL, OPT_STUDY},
    {"data", required_argument, NULL, OPT_DATA},
    {"table", required_argument, NULL, OPT_DATA},
    {"per-sample", no_argument, NULL, OPT_PER_SAMPLE},
    {"response", required_argument, NULL, OPT_RESPONSE},
    {"responders", required_argument, NULL, OPT_RESPONDERS},
    {"non-responders", required_argument, NULL, OPT_NON_RESPONDERS},
    {"pfs-time", required_argument, NULL, OPT_PFS_TIME},
    {"pfs-event", required_argument, NULL, OPT_PFS_EVENT},
    {"os-time", required_argument, NULL, OPT_OS_TIME},
    {"os-event", required_argument, NULL, OPT_OS_EVENT},
    {"covariates", required_argument, NULL, OPT_COVARIATES},
    {"factors", required_argument, NULL, OPT_FACTORS},
    {"ref", required_argument, NULL, OPT_REF},
    {"min-freq", required_argument, NULL, OPT_MIN_FREQ},
    {"min-altered", required_argument, NULL, OPT_MIN_ALTERED},
    {"adjust", required_argument, NULL, OPT_ADJUST},
    {"oncogenic", no_argument, NULL, OPT_ONCOGENIC},
    {"kb", required_argument, NULL, OPT_KB},
    {"tumor-type", required_argument, NULL, OPT_TUMOR_TYPE},
    {"types", required_argument, NULL, OPT_TYPES},
    {"conf-level", required_argument, NULL, OPT_CONF},
    {"group", required_argument, NULL, OPT_GROUP},
    {"levels", required_argument, NULL, OPT_LEVELS},
    {"numeric", required_argument, NULL, OPT_NUMERIC},
    {"categorical", required_argument, NULL, OPT_CATEGORICAL},
    {"no-genes", no_argument, NULL, OPT_NO_GENES},
    {"exact", no_argument, NULL, OPT_EXACT},
    {"normal", no_argument, NULL, OPT_NORMAL},
    {"volcano", required_argument, NULL, OPT_VOLCANO},
    {"volcano-labels", required_argument, NULL, OPT_VOLCANO_LABELS},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int take_number(const cohort_args_t *a, const char *opt, const char *v, double min, double max, double *out)
{
    if (cli_parse_number(v, min, max, out) != 0)
        return cli_usage_error(a->cmd, "%s: '%s' is not a number in [%g, %g]", opt, v, min, max);
    return -1;
}

static int take_option(void *ctx, int c, const char *v)
{
    cohort_args_t *a = ctx;
    double d;
    onc_err_t err = {0};
    int st;
    switch (c) {
    case OPT_STUDY: a->study = v; return -1;
    case OPT_DATA: a->data = v; return -1;
    case OPT_PER_SAMPLE: a->per_sample = true; return -1;
    case OPT_RESPONSE: a->response = v; return -1;
    case OPT_RESPONDERS: a->responders = v; return -1;
    case OPT_NON_RESPONDERS: a->non_responders = v; return -1;
    case OPT_PFS_TIME: a->pfs_time = v; return -1;
    case OPT_PFS_EVENT: a->pfs_event = v; return -1;
    case OPT_OS_TIME: a->os_time = v; return -1;
    case OPT_OS_EVENT: a->os_event = v; return -1;
    case OPT_COVARIATES: a->covariates = v; return -1;
    case OPT_FACTORS: a->factors = v; return -1;
    case OPT_KB: a->kb_dir = v; return -1;
    case OPT_TUMOR_TYPE: a->tumor_type = v; return -1;
    case OPT_TYPES: a->types = v; return -1;
    case OPT_ONCOGENIC: a->oncogenic = true; return -1;
    case OPT_GROUP: a->group = v; return -1;
    case OPT_LEVELS: a->levels = v; return -1;
    case OPT_NUMERIC: a->numeric = v; return -1;
    case OPT_CATEGORICAL: a->categorical = v; return -1;
    case OPT_NO_GENES: a->no_genes = true; return -1;
    case OPT_EXACT: a->exact = true; return -1;
    case OPT_NORMAL: a->normal = true; return -1;
    case OPT_VOLCANO: a->volcano = v; return -1;
    case OPT_JSON: a->json = true; return -1;
    case 'o': a->out = v; return -1;
    case OPT_REF:
        if (!strchr(v, '=')) return cli_usage_error(a->cmd, "--ref takes VAR=LEVEL, not '%s'", v);
        if (a->n_cov_refs >= SURV_MAX_REFS) return cli_usage_error(a->cmd, "more than %d --ref options", SURV_MAX_REFS);
        a->cov_refs[a->n_cov_refs++] = v;
        return -1;
    case OPT_MIN_FREQ: return take_number(a, "--min-freq", v, 0, 100, &a->screen.min_freq);
    case OPT_VOLCANO_LABELS: return take_number(a, "--volcano-labels", v, 1, 200, &a->volcano_labels);
    case OPT_MIN_ALTERED:
        st = take_number(a, "--min-altered", v, 1, 1e9, &d);
        a->screen.min_altered = (size_t)d;
        return st;
    case OPT_CONF: return take_number(a, "--conf-level", v, 0.01, 0.9999, &a->screen.conf_level);
    case OPT_ADJUST:
        if (onc_padjust_method_parse(v, &a->screen.adjust, &err) != ONC_OK)
            return cli_usage_error(a->cmd, "--adjust: %s", err.msg);
        return -1;
    case OPT_FORMAT:
        if (strcmp(v, "json") == 0) a->json = true;
        else if (strcmp(v, "tsv") == 0) a->json = false;
        else return cli_usage_error(a->cmd, "--format must be tsv or json, not '%s'", v);
        return -1;
    default: return cli_usage_error(a->cmd, "unknown option (oncoboard %s --help lists them)", a->cmd);
    }
}

static int parse_args(cohort_args_t *a, int argc, char **argv, void (*usage)(FILE *fp))
{
    memset(a, 0, sizeof *a);
    snprintf(a->cmd_buf, sizeof a->cmd_buf, "stats %s", argv[0]);
    a->cmd = a->cmd_buf;
    onc_screen_opts_init(&a->screen);
    int st = cli_stats_getopt(argc, argv, options, OPT_VERSION, a->cmd, usage, take_option, a);
    if (st >= 0) return st;
    if (a->data && a->study) return cli_usage_error(a->cmd, "--data and --study exclude each other");
    if (!!a->pfs_time != !!a->pfs_event || !!a->os_time != !!a->os_event)
        return cli_usage_error(a->cmd, "--pfs-time goes with --pfs-event, --os-time with --os-event");
    if (a->exact && a->normal) return cli_usage_error(a->cmd, "--exact and --normal exclude each other");
    return -1;
}

/* ---------------------------------------------------------------- the cohort */

/* What an analysis works on: the table (one row per patient or sample), the study when given,
 * and the alteration matrix over the table's rows. */
typedef struct cohort {
    onc_cbio_study_t *study;
    onc_frame_t *f;
    size_t n;
    onc_altmatrix_t m;
    int8_t *altered;     /* m.n_genes x n */
    onc_kb_t *kb;
} cohort_t;

static void cohort_free(cohort_t *c)
{
    onc_cbio_study_free(c->study);
    onc_frame_free(c->f);
    onc_altmatrix_free(&c->m);
    free(c->altered);
    onc_kb_free(c->kb);
    memset(c, 0, sizeof *c);
}

static int fail(const cohort_args_t *a, const onc_err_t *err)
{
    cli_error(a->cmd, "%s", err->msg);
    return cli_status_of(err->code ? err->code : ONC_EINVAL);
}

/* --types mutation,cna,sv (the ONC_ALTM_* bits). */
static int parse_types(const cohort_args_t *a, unsigned *types)
{
    *types = 0;
    for (const char *s = a->types; *s;) {
        size_t len = strcspn(s, ",");
        if (len == 8 && !strncmp(s, "mutation", len)) *types |= ONC_ALTM_MUTATION;
        else if (len == 3 && !strncmp(s, "cna", len)) *types |= ONC_ALTM_AMPLIFICATION | ONC_ALTM_DELETION;
        else if (len == 13 && !strncmp(s, "amplification", len)) *types |= ONC_ALTM_AMPLIFICATION;
        else if (len == 8 && !strncmp(s, "deletion", len)) *types |= ONC_ALTM_DELETION;
        else if (len == 2 && !strncmp(s, "sv", len)) *types |= ONC_ALTM_SV;
        else
            return cli_usage_error(a->cmd, "--types: mutation, cna, amplification, deletion or sv, not '%.*s'",
                                   (int)len, s);
        s += len + (s[len] == ',');
    }
    return *types ? -1 : cli_usage_error(a->cmd, "--types: an empty list");
}

static int build_matrix(const cohort_args_t *a, cohort_t *c)
{
    onc_altmatrix_opts_t o;
    onc_altmatrix_opts_init(&o);
    int st = a->types ? parse_types(a, &o.types) : -1;
    if (st >= 0) return st;
    onc_err_t err = {0};
    if (a->oncogenic) {
        if (!(c->kb = onc_kb_load(a->kb_dir, &err))) return fail(a, &err);
        o.oncogenic = true, o.kb = c->kb, o.tumor_type = a->tumor_type;
    }
    if (onc_altmatrix_build(c->study, &o, &c->m, &err) != ONC_OK) return fail(a, &err);
    size_t id_col = 0;
    const char *col = a->per_sample ? "SAMPLE_ID" : "PATIENT_ID";
    if (onc_frame_find(c->f, col, &id_col, &err) != ONC_OK) return fail(a, &err);
    const char **ids = malloc((c->n + 1) * sizeof *ids);
    if (!ids) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    for (size_t i = 0; i < c->n; i++) ids[i] = onc_frame_cell(c->f, i, id_col);
    onc_rc rc = onc_altmatrix_rows(&c->m, ids, c->n, a->per_sample, &c->altered, &err);
    free(ids);
    return rc == ONC_OK ? CLI_OK : fail(a, &err);
}

/* The table, and with genes the study's alterations. */
static int cohort_load(const cohort_args_t *a, bool genes, cohort_t *c)
{
    memset(c, 0, sizeof *c);
    if (!a->study && !a->data) return cli_usage_error(a->cmd, "--study (or --data) is required");
    if (genes && !a->study) return cli_usage_error(a->cmd, "the alteration matrix needs --study");
    int st = CLI_OK;
    if (!a->study) st = cli_stats_table(a->cmd, a->data, NULL, false, &c->f);
    else if ((st = read_study(a->cmd, a->study, !genes, a->kb_dir, &c->study)) == CLI_OK)
        st = study_frame(a->cmd, c->study, a->study, a->per_sample, &c->f);
    if (st == CLI_OK) c->n = onc_frame_rows(c->f);
    if (st == CLI_OK && genes) st = build_matrix(a, c);
    if (st != CLI_OK) cohort_free(c);
    return st;
}

/* ---------------------------------------------------------------- response */

static bool in_list(const char *list, const char *s)
{
    size_t len = strlen(s);
    for (const char *p = list; p && *p;) {
        size_t l = strcspn(p, ",");
        if (l == len && strncasecmp(p, s, len) == 0) return true;
        p += l + (p[l] == ',');
    }
    return false;
}

/* The words read as a responder (1) or not (0) unless --responders / --non-responders say:
 * 1/0, yes/no, true/false, RECIST's CR and PR against SD and PD, and durable clinical benefit
 * (DCB / NDB) as the MSK cohorts write it. Other values (NE: not evaluable) are missing. */
#define DEFAULT_RESPONDERS "1,yes,y,true,t,responder,CR,PR,DCB,durable clinical benefit"
#define DEFAULT_NON_RESPONDERS "0,no,n,false,f,non-responder,nonresponder,SD,PD,NDB,no durable benefit"

/* The response column as 1 / 0 / -1 (missing); *n_other counts the values that are neither. */
static int response_codes(const cohort_args_t *a, const cohort_t *c, int **out, size_t *n_other)
{
    size_t j = 0;
    onc_err_t err = {0};
    *out = NULL, *n_other = 0;
    if (onc_frame_find(c->f, a->response, &j, &err) != ONC_OK) return fail(a, &err);
    const char *yes = a->responders ? a->responders : DEFAULT_RESPONDERS;
    const char *no = a->non_responders ? a->non_responders : DEFAULT_NON_RESPONDERS;
    if (!(*out = malloc((c->n + 1) * sizeof **out))) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    for (size_t i = 0; i < c->n; i++) {
        const char *v = onc_frame_cell(c->f, i, j);
        (*out)[i] = !v ? -1 : in_list(yes, v) ? 1 : in_list(no, v) ? 0 : -1;
        if (v && (*out)[i] < 0) (*n_other)++;
    }
    return CLI_OK;
}

/* ---------------------------------------------------------------- survival endpoints */

typedef struct endpoint {
    double *time;
    int *status;
} endpoint_t;

static int load_endpoint(const cohort_args_t *a, const cohort_t *c, const char *tcol, const char *ecol, endpoint_t *e)
{
    e->time = malloc((c->n + 1) * sizeof *e->time);
    e->status = malloc((c->n + 1) * sizeof *e->status);
    if (!e->time || !e->status) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    onc_err_t err = {0};
    const char *name = a->study ? a->study : a->data;
    onc_rc rc = onc_frame_numeric(c->f, tcol, e->time, NULL, &err);
    for (size_t i = 0; rc == ONC_OK && i < c->n; i++)
        if (e->time[i] < 0)
            rc = onc_err_at(&err, ONC_EPARSE, name, onc_frame_line(c->f, i), tcol, "negative time %g", e->time[i]);
    if (rc == ONC_OK) rc = onc_surv_event_column(c->f, name, ecol, e->status, NULL, &err);
    return rc == ONC_OK ? CLI_OK : fail(a, &err);
}

static void endpoint_free(endpoint_t *e)
{
    free(e->time), free(e->status);
    e->time = NULL, e->status = NULL;
}

/* ---------------------------------------------------------------- screen */

static void screen_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Every gene altered in at least --min-freq %% of the profiled patients against\n"
                "         response (Fisher's exact test, conditional-MLE odds ratio as R's fisher.test), PFS\n"
                "         and OS (log-rank with the Mantel-Haenszel hazard ratio exp((O-E)/V), or Cox with\n"
                "         --covariates), each endpoint's p adjusted over the genes (docs/stats.md, \"screen\").\n"
                "Usage:   oncoboard stats screen --study DIR [--response COL] [--pfs-time T --pfs-event E]\n"
                "                                [--os-time T --os-event E] [options]\n"
                "\n"
                "Options:\n"
                "    --study DIR          a cBioPortal study: clinical tables, mutations, CNA, SV, panels\n"
                "    --per-sample         one row per sample [one per patient: altered in any sample]\n"
                "    --response COL       responders against non-responders: 1/yes/true/CR/PR/DCB against\n"
                "                         0/no/false/SD/PD/NDB (other values, e.g. NE, left out)\n"
                "    --responders A,B     the values that are responders; --non-responders C,D likewise\n"
                "    --pfs-time T, --pfs-event E, --os-time T, --os-event E   survival endpoints\n"
                "                         (events 0/1, 1/2, TRUE/FALSE, 1:PROGRESSED/0:..., 1:DECEASED)\n"
                "    --covariates A,B     survival by Cox with these covariates (--factors, --ref VAR=L\n"
                "                         as for cox) [log-rank]\n"
                "    --min-freq P         percent of the profiled rows altered [5]; --min-altered N [1]\n"
                "    --adjust M           BH, BY, holm or bonferroni, per endpoint [BH]\n"
                "    --types T,..         mutation, cna (amplification, deletion), sv [all]\n"
                "    --oncogenic          only oncogenic / likely oncogenic alterations (knowledge base\n"
                "                         --kb DIR [built in]; --tumor-type CODE)\n"
                "    --conf-level L       [0.95]\n"
                "    --volcano FILE.svg   a volcano plot of the first endpoint (log2 ratio against -log10 p)\n"
                "    --volcano-labels K   label the K most significant genes (q < 0.1) [15]\n"
                "    --format tsv|json    [tsv]; --json is --format json; -o FILE\n"
                "\n");
}

static void screen_tsv_header(FILE *fp, const onc_screen_t *s)
{
    fprintf(fp, "gene\tn_profiled\tn_altered\tfreq");
    if (s->has[ONC_SCREEN_RESPONSE])
        fprintf(fp, "\tresponse_n\taltered_responders\taltered_non_responders\twildtype_responders"
                    "\twildtype_non_responders\tresponse_or\tresponse_or_lower\tresponse_or_upper"
                    "\tresponse_or_sample\tresponse_p\tresponse_q");
    for (int e = ONC_SCREEN_PFS; e <= ONC_SCREEN_OS; e++) {
        const char *x = onc_screen_endpoint_name(e);
        if (s->has[e])
            fprintf(fp, "\t%s_n\t%s_n_altered\t%s_events_altered\t%s_events_wildtype\t%s_hr\t%s_hr_lower\t%s_hr_upper"
                        "\t%s_p\t%s_q", x, x, x, x, x, x, x, x, x);
    }
    fputc('\n', fp);
}

static void screen_tsv(FILE *fp, const cohort_args_t *a, const onc_screen_t *s)
{
    screen_tsv_header(fp, s);
    for (size_t i = 0; i < s->n_rows; i++) {
        const onc_screen_row_t *r = &s->rows[i];
        fprintf(fp, "%s\t%zu\t%zu\t%s", r->gene, r->n_profiled, r->n_altered, NUM(r->freq));
        const onc_screen_test_t *t = &r->test[ONC_SCREEN_RESPONSE];
        if (s->has[ONC_SCREEN_RESPONSE])
            fprintf(fp, "\t%zu\t%lld\t%lld\t%lld\t%lld\t%s\t%s\t%s\t%s\t%s\t%s", t->n, (long long)t->table[0],
                    (long long)t->table[1], (long long)t->table[2], (long long)t->table[3], NUM(t->est),
                    NUM(t->lower), NUM(t->upper), NUM(t->or_sample), NUM(t->p), NUM(t->q));
        for (int e = ONC_SCREEN_PFS; e <= ONC_SCREEN_OS; e++) {
            t = &r->test[e];
            if (s->has[e])
                fprintf(fp, "\t%zu\t%zu\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s", t->n, t->n_altered, t->events_altered,
                        t->events_wildtype, NUM(t->est), NUM(t->lower), NUM(t->upper), NUM(t->p), NUM(t->q));
        }
        fputc('\n', fp);
    }
    fprintf(fp, "# %zu of %zu genes altered in at least %g%% of the profiled rows; p adjusted per endpoint (%s)\n",
            s->n_rows, s->n_genes_in, a->screen.min_freq,
            (const char *const[]){"BH", "BY", "holm", "bonferroni"}[a->screen.adjust]);
    fprintf(fp, "# odds ratio: conditional MLE (fisher.test); hazard ratio: %s, altered against wild type\n",
            s->cox ? "Cox (coxph, Wald p)" : "Mantel-Haenszel exp((O-E)/V), log-rank p");
}

static void test_json(FILE *fp, const onc_screen_test_t *t, onc_screen_endpoint e, bool cox)
{
    fputc('{', fp);
    onc_jsonw_member_int(fp, "n", (int64_t)t->n, 0, 1);
    onc_jsonw_member_int(fp, "n_altered", (int64_t)t->n_altered, 0, 0);
    if (e == ONC_SCREEN_RESPONSE) {
        onc_jsonw_key(fp, "table", 0);
        fprintf(fp, "[[%lld,%lld],[%lld,%lld]]", (long long)t->table[0], (long long)t->table[1],
                (long long)t->table[2], (long long)t->table[3]);
        onc_jsonw_member_num(fp, "odds_ratio", t->est, 0);
        onc_jsonw_member_num(fp, "odds_ratio_lower", t->lower, 0);
        onc_jsonw_member_num(fp, "odds_ratio_upper", t->upper, 0);
        onc_jsonw_member_num(fp, "odds_ratio_sample", t->or_sample, 0);
    } else {
        onc_jsonw_member_str(fp, "method", cox ? "cox" : "logrank", 0);
        onc_jsonw_member_int(fp, "events_altered", (int64_t)t->events_altered, 0, 0);
        onc_jsonw_member_int(fp, "events_wildtype", (int64_t)t->events_wildtype, 0, 0);
        onc_jsonw_member_num(fp, "hr", t->est, 0);
        onc_jsonw_member_num(fp, "hr_lower", t->lower, 0);
        onc_jsonw_member_num(fp, "hr_upper", t->upper, 0);
    }
    onc_jsonw_member_num(fp, "p", t->p, 0);
    onc_jsonw_member_num(fp, "q", t->q, 0);
    if (!t->tested) onc_jsonw_member_str(fp, "not_tested", t->why, 0);
    fputc('}', fp);
}

static void screen_json(FILE *fp, const cohort_args_t *a, const cohort_t *c, const onc_screen_t *s)
{
    fputc('{', fp);
    onc_jsonw_member_int(fp, "n", (int64_t)c->n, 0, 1);
    onc_jsonw_member_str(fp, "unit", a->per_sample ? "sample" : "patient", 0);
    onc_jsonw_member_int(fp, "genes_in_matrix", (int64_t)s->n_genes_in, 0, 0);
    onc_jsonw_member_int(fp, "genes_tested", (int64_t)s->n_rows, 0, 0);
    onc_jsonw_member_num(fp, "min_freq", a->screen.min_freq, 0);
    onc_jsonw_member_str(fp, "adjust", (const char *const[]){"BH", "BY", "holm", "bonferroni"}[a->screen.adjust], 0);
    onc_jsonw_key(fp, "oncogenic_only", 0);
    fputs(a->oncogenic ? "true" : "false", fp);
    onc_jsonw_key(fp, "genes", 0);
    fputc('[', fp);
    for (size_t i = 0; i < s->n_rows; i++) {
        const onc_screen_row_t *r = &s->rows[i];
        fprintf(fp, "%s\n{", i ? "," : "");
        onc_jsonw_member_str(fp, "gene", r->gene, 1);
        onc_jsonw_member_int(fp, "n_profiled", (int64_t)r->n_profiled, 0, 0);
        onc_jsonw_member_int(fp, "n_altered", (int64_t)r->n_altered, 0, 0);
        onc_jsonw_member_num(fp, "freq", r->freq, 0);
        for (int e = 0; e < ONC_SCREEN_N; e++) {
            if (!s->has[e]) continue;
            onc_jsonw_key(fp, onc_screen_endpoint_name(e), 0);
            test_json(fp, &r->test[e], e, s->cox);
        }
        fputc('}', fp);
    }
    fprintf(fp, "]}\n");
}

/* --covariates as a design over the table's rows (the cox command's rules). */
static int screen_design(const cohort_args_t *a, const cohort_t *c, onc_design_t *x)
{
    surv_args_t sa;
    memset(&sa, 0, sizeof sa);
    sa.cmd = a->cmd, sa.data = a->study ? a->study : a->data;
    sa.covariates = a->covariates, sa.factors = a->factors;
    memcpy(sa.cov_refs, a->cov_refs, sizeof sa.cov_refs);
    sa.n_cov_refs = a->n_cov_refs;
    surv_input_t in;
    memset(&in, 0, sizeof in);
    in.f = c->f, in.n = c->n;
    onc_err_t err = {0};
    return surv_build_design(&sa, &in, x, &err) == ONC_OK ? CLI_OK : fail(a, &err);
}

/* The volcano plot of the screen's first endpoint (the one it is sorted by): log2 of the odds or
 * hazard ratio against -log10 p, the untested genes left out. */
static int write_volcano(const cohort_args_t *a, const onc_screen_t *s)
{
    int e = s->has[ONC_SCREEN_RESPONSE] ? ONC_SCREEN_RESPONSE : s->has[ONC_SCREEN_PFS] ? ONC_SCREEN_PFS : ONC_SCREEN_OS;
    onc_plot_volcano_point_t *pts = malloc((s->n_rows + 1) * sizeof *pts);
    if (!pts) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    size_t n = 0;
    for (size_t i = 0; i < s->n_rows; i++) {
        const onc_screen_test_t *t = &s->rows[i].test[e];
        if (t->tested && !isnan(t->est)) pts[n++] = (onc_plot_volcano_point_t){s->rows[i].gene, log2(t->est), t->p, t->q};
    }
    char title[160];
    snprintf(title, sizeof title, "%s: altered against wild type (%s)", onc_screen_endpoint_name(e),
             e == ONC_SCREEN_RESPONSE ? "Fisher" : s->cox ? "Cox" : "log-rank");
    onc_plot_volcano_t v = {.frame = {.title = title,
                                      .x_label = e == ONC_SCREEN_RESPONSE ? "log2 odds ratio" : "log2 hazard ratio",
                                      .y_label = "-log10 p"},
                            .points = pts, .n_points = n, .max_labels = (size_t)a->volcano_labels};
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    int st = onc_plot_volcano(&b, &v, &err) == ONC_OK ? CLI_OK : fail(a, &err);
    cli_output_t out;
    if (st == CLI_OK && cli_output_open(&out, a->volcano) != 0) st = CLI_BAD_INPUT;
    if (st == CLI_OK) {
        fputs(onc_strbuf_str(&b), out.fp);
        st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    onc_strbuf_free(&b);
    free(pts);
    return st;
}

static int write_screen(const cohort_args_t *a, const cohort_t *c, const onc_screen_t *s)
{
    if (a->volcano) {
        int st = write_volcano(a, s);
        if (st != CLI_OK) return st;
    }
    cli_output_t out;
    if (cli_output_open(&out, a->out) != 0) return CLI_BAD_INPUT;
    if (a->json) screen_json(out.fp, a, c, s);
    else screen_tsv(out.fp, a, s);
    return cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
}

static int run_screen(const cohort_args_t *a, cohort_t *c)
{
    int *response = NULL;
    endpoint_t pfs = {0}, os = {0};
    onc_design_t x;
    memset(&x, 0, sizeof x);
    size_t n_other = 0;
    int st = a->response ? response_codes(a, c, &response, &n_other) : CLI_OK;
    if (st == CLI_OK && a->pfs_time) st = load_endpoint(a, c, a->pfs_time, a->pfs_event, &pfs);
    if (st == CLI_OK && a->os_time) st = load_endpoint(a, c, a->os_time, a->os_event, &os);
    if (st == CLI_OK && a->covariates) st = screen_design(a, c, &x);
    onc_screen_t s;
    memset(&s, 0, sizeof s);
    if (st == CLI_OK) {
        onc_screen_input_t in = {.n = c->n, .n_genes = c->m.n_genes, .genes = (const char *const *)c->m.genes,
                                 .altered = c->altered, .response = response, .pfs_time = pfs.time,
                                 .pfs_status = pfs.status, .os_time = os.time, .os_status = os.status,
                                 .covariates = a->covariates ? x.x : NULL, .p = a->covariates ? x.p : 0,
                                 .covariate_names = (const char *const *)x.names};
        onc_err_t err = {0};
        st = onc_screen_run(&in, &a->screen, &s, &err) == ONC_OK ? CLI_OK : fail(a, &err);
    }
    if (st == CLI_OK && n_other)
        cli_error(a->cmd, "note: %zu rows of %s are neither responders nor non-responders (left out)", n_other,
                  a->response);
    if (st == CLI_OK) st = write_screen(a, c, &s);
    onc_screen_free(&s);
    onc_design_free(&x);
    free(response);
    endpoint_free(&pfs), endpoint_free(&os);
    return st;
}

static int cmd_stats_screen(int argc, char **argv)
{
    cohort_args_t a;
    int st = parse_args(&a, argc, argv, screen_usage);
    if (st >= 0) return st;
    if (!a.study) return cli_usage_error(a.cmd, "--study is required (the screen needs the study's alterations)");
    if (!a.response && !a.pfs_time && !a.os_time)
        return cli_usage_error(a.cmd, "give an endpoint: --response, --pfs-time/--pfs-event or --os-time/--os-event");
    cohort_t c;
    if ((st = cohort_load(&a, true, &c)) != CLI_OK) return st;
    st = run_screen(&a, &c);
    cohort_free(&c);
    return st;
}

/* ---------------------------------------------------------------- compare */

static void compare_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Two groups of patients compared (docs/stats.md, \"compare\"): numeric columns by the\n"
                "         Wilcoxon rank-sum / Mann-Whitney test (exact for small samples without ties, as R),\n"
                "         categorical ones by Fisher's exact test (r x c; chi-square when too large), and with a\n"
                "         study each frequent gene's alteration by Fisher's test, p adjusted over the genes.\n"
                "Usage:   oncoboard stats compare (--study DIR | --data F) (--response COL | --group COL [--levels A,B])\n"
                "                                 [--numeric A,B] [--categorical C,D] [options]\n"
                "\n"
                "Options:\n"
                "    --response COL       non-responders against responders (the words of stats screen;\n"
                "                         --responders / --non-responders to choose them)\n"
                "    --group COL          any two groups: --levels A,B names them (A first); without it the\n"
                "                         column must have two values, or responder and non-responder words\n"
                "    --numeric A,B        numeric columns (TMB, PD-L1, ...)\n"
                "    --categorical C,D    categorical columns\n"
                "    --exact | --normal   the rank test's p [exact below 50 per group without ties, as R]\n"
                "    --no-genes           with --study: no gene frequencies\n"
                "    --min-freq P, --min-altered N, --adjust M, --types T, --oncogenic, --kb DIR  (the genes,\n"
                "                         as for stats screen)\n"
                "    --per-sample         one row per sample of the study [per patient]\n"
                "    --format tsv|json    [tsv]; --json is --format json; -o FILE\n"
                "\n");
}

/* The two groups: code 0 (the first), 1 (the second) or -1 (neither, or missing). */
typedef struct groups {
    int *code;
    const char *name[2];
    size_t n[2];
    char buf[2][128];
} groups_t;

static int groups_from_levels(const cohort_args_t *a, const cohort_t *c, size_t j, groups_t *g)
{
    size_t len = strcspn(a->levels, ",");
    if (a->levels[len] != ',' || strchr(a->levels + len + 1, ',') || len >= sizeof g->buf[0] ||
        strlen(a->levels + len + 1) >= sizeof g->buf[1] || len == 0 || !a->levels[len + 1])
        return cli_usage_error(a->cmd, "--levels names two values: A,B");
    memcpy(g->buf[0], a->levels, len);
    g->buf[0][len] = 0;
    snprintf(g->buf[1], sizeof g->buf[1], "%s", a->levels + len + 1);
    g->name[0] = g->buf[0], g->name[1] = g->buf[1];
    for (size_t i = 0; i < c->n; i++) {
        const char *v = onc_frame_cell(c->f, i, j);
        g->code[i] = !v ? -1 : !strcmp(v, g->name[0]) ? 0 : !strcmp(v, g->name[1]) ? 1 : -1;
    }
    return CLI_OK;
}

/* Without --levels: a column of exactly two values (byte order), else responder words. */
static int groups_from_values(const cohort_args_t *a, const cohort_t *c, groups_t *g)
{
    onc_factor_t fa;
    onc_err_t err = {0};
    if (onc_frame_factor(c->f, a->group, NULL, &fa, &err) != ONC_OK) return fail(a, &err);
    int st = CLI_OK;
    if (fa.n_levels == 2) {
        snprintf(g->buf[0], sizeof g->buf[0], "%s", fa.levels[0]);
        snprintf(g->buf[1], sizeof g->buf[1], "%s", fa.levels[1]);
        g->name[0] = g->buf[0], g->name[1] = g->buf[1];
        memcpy(g->code, fa.code, c->n * sizeof *g->code);
    } else {
        cohort_args_t r = *a;
        r.response = a->group;
        size_t other = 0;
        int *codes = NULL;
        st = response_codes(&r, c, &codes, &other);
        if (st == CLI_OK) memcpy(g->code, codes, c->n * sizeof *g->code);
        free(codes);
        g->name[0] = "non-responders", g->name[1] = "responders";
    }
    onc_factor_free(&fa);
    return st;
}

static int load_groups(const cohort_args_t *a, const cohort_t *c, groups_t *g)
{
    memset(g, 0, sizeof *g);
    if (!(g->code = malloc((c->n + 1) * sizeof *g->code))) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    int st;
    if (a->response) {
        int *codes = NULL;
        size_t other = 0;
        st = response_codes(a, c, &codes, &other);
        if (st == CLI_OK) memcpy(g->code, codes, c->n * sizeof *g->code);
        free(codes);
        g->name[0] = "non-responders", g->name[1] = "responders";
    } else {
        size_t j = 0;
        onc_err_t err = {0};
        if (onc_frame_find(c->f, a->group, &j, &err) != ONC_OK) return fail(a, &err);
        st = a->levels ? groups_from_levels(a, c, j, g) : groups_from_values(a, c, g);
    }
    for (size_t i = 0; st == CLI_OK && i < c->n; i++)
        if (g->code[i] >= 0) g->n[g->code[i]]++;
    if (st == CLI_OK && (!g->n[0] || !g->n[1])) {
        cli_error(a->cmd, "the groups %s (%zu rows) and %s (%zu rows): each needs at least one row", g->name[0],
                  g->n[0], g->name[1], g->n[1]);
        st = CLI_BAD_INPUT;
    }
    return st;
}

/* One comparison's line of the output. */
typedef struct cmp_row {
    char variable[256];
    const char *kind, *test;
    size_t n[2];
    char summary[2][256];
    double stat, p, q;
    bool exact;
} cmp_row_t;

typedef struct cmp_out {
    cmp_row_t *rows;
    size_t n, cap;
} cmp_out_t;

static cmp_row_t *new_row(cmp_out_t *o)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 32;
        cmp_row_t *g = realloc(o->rows, cap * sizeof *g);
        if (!g) return NULL;
        o->rows = g, o->cap = cap;
    }
    cmp_row_t *r = &o->rows[o->n++];
    memset(r, 0, sizeof *r);
    r->stat = r->p = r->q = NAN;
    return r;
}

static double median_of(double *v, size_t n)
{
    if (!n) return NAN;
    gsl_sort(v, 1, n);
    return gsl_stats_median_from_sorted_data(v, 1, n);
}

static int compare_numeric(const cohort_args_t *a, const cohort_t *c, const groups_t *g, const char *name,
                           cmp_out_t *o)
{
    double *v = malloc((c->n + 1) * sizeof *v), *x[2] = {malloc((c->n + 1) * sizeof *v), malloc((c->n + 1) * sizeof *v)};
    cmp_row_t *r = new_row(o);
    int st = v && x[0] && x[1] && r ? CLI_OK : (cli_error(a->cmd, "out of memory"), CLI_INTERNAL);
    onc_err_t err = {0};
    if (st == CLI_OK && onc_frame_numeric(c->f, name, v, NULL, &err) != ONC_OK) st = fail(a, &err);
    if (st == CLI_OK) {
        snprintf(r->variable, sizeof r->variable, "%s", name);
        r->kind = "numeric", r->test = "wilcoxon";
        for (size_t i = 0; i < c->n; i++)
            if (g->code[i] >= 0 && !isnan(v[i])) x[g->code[i]][r->n[g->code[i]]++] = v[i];
        onc_rank_test_t t;
        onc_rank_method m = a->exact ? ONC_RANK_EXACT : a->normal ? ONC_RANK_NORMAL : ONC_RANK_AUTO;
        if (onc_wilcoxon_test(x[0], r->n[0], x[1], r->n[1], m, &t, &err) != ONC_OK) st = fail(a, &err);
        else r->stat = t.stat, r->p = t.p, r->exact = t.exact;
        for (int k = 0; st == CLI_OK && k < 2; k++)
            snprintf(r->summary[k], sizeof r->summary[k], "median %s", NUM(median_of(x[k], r->n[k])));
    }
    free(v), free(x[0]), free(x[1]);
    return st;
}

/* levels x groups, counts row by row; the summary lists level:count per group. */
static int compare_categorical(const cohort_args_t *a, const cohort_t *c, const groups_t *g, const char *name,
                               cmp_out_t *o)
{
    onc_factor_t fa;
    onc_err_t err = {0};
    if (onc_frame_factor(c->f, name, NULL, &fa, &err) != ONC_OK) return fail(a, &err);
    int64_t *t = calloc(fa.n_levels * 2 + 1, sizeof *t);
    cmp_row_t *r = new_row(o);
    int st = t && r ? CLI_OK : (cli_error(a->cmd, "out of memory"), CLI_INTERNAL);
    for (size_t i = 0; st == CLI_OK && i < c->n; i++)
        if (g->code[i] >= 0 && fa.code[i] >= 0) t[(size_t)fa.code[i] * 2 + (size_t)g->code[i]]++;
    size_t used = 0; /* levels seen in the two groups: R's table() drops the others */
    for (size_t l = 0; st == CLI_OK && l < fa.n_levels; l++)
        if (t[l * 2] + t[l * 2 + 1] > 0) {
            for (int k = 0; k < 2; k++) {
                size_t len = strlen(r->summary[k]);
                snprintf(r->summary[k] + len, sizeof r->summary[k] - len, "%s%s:%lld", len ? "," : "", fa.levels[l],
                         (long long)t[l * 2 + k]);
                r->n[k] += (size_t)t[l * 2 + k];
            }
            t[used * 2] = t[l * 2], t[used * 2 + 1] = t[l * 2 + 1], used++;
        }
    if (st == CLI_OK) {
        snprintf(r->variable, sizeof r->variable, "%s", name);
        r->kind = "categorical", r->test = "fisher";
        onc_rc rc = used < 2 ? ONC_EINVAL : onc_fisher_rxc(t, used, 2, &r->p, &err);
        onc_chisq_t chi;
        if (rc == ONC_ELIMIT && onc_chisq_test(t, used, 2, true, &chi, &err) == ONC_OK)
            r->test = "chisq", r->stat = chi.stat, r->p = chi.p, rc = ONC_OK;
        if (rc == ONC_EINVAL) r->test = "none (one level)", rc = ONC_OK;
        if (rc != ONC_OK) st = fail(a, &err);
    }
    free(t);
    onc_factor_free(&fa);
    return st;
}

/* Each comma-separated column of list through one comparison. */
static int each_column(const cohort_args_t *a, const cohort_t *c, const groups_t *g, const char *list,
                       int (*one)(const cohort_args_t *, const cohort_t *, const groups_t *, const char *, cmp_out_t *),
                       cmp_out_t *o)
{
    char name[256];
    int st = CLI_OK;
    for (const char *s = list; st == CLI_OK && s && *s;) {
        size_t len = strcspn(s, ",");
        if (len == 0 || len >= sizeof name) return cli_usage_error(a->cmd, "an empty or too long column name");
        memcpy(name, s, len);
        name[len] = 0;
        st = one(a, c, g, name, o);
        s += len + (s[len] == ',');
    }
    return st;
}

/* The gene frequencies through the screen's Fisher test, the second group as "responders". */
static int compare_genes(const cohort_args_t *a, const cohort_t *c, const groups_t *g, cmp_out_t *o)
{
    onc_screen_input_t in = {.n = c->n, .n_genes = c->m.n_genes, .genes = (const char *const *)c->m.genes,
                             .altered = c->altered, .response = g->code};
    onc_screen_t s;
    onc_err_t err = {0};
    if (onc_screen_run(&in, &a->screen, &s, &err) != ONC_OK) return fail(a, &err);
    int st = CLI_OK;
    for (size_t i = 0; st == CLI_OK && i < s.n_rows; i++) {
        const onc_screen_test_t *t = &s.rows[i].test[ONC_SCREEN_RESPONSE];
        cmp_row_t *r = new_row(o);
        if (!r) {
            st = (cli_error(a->cmd, "out of memory"), CLI_INTERNAL);
            break;
        }
        snprintf(r->variable, sizeof r->variable, "%s", s.rows[i].gene);
        r->kind = "gene", r->test = "fisher";
        r->n[1] = (size_t)(t->table[0] + t->table[2]), r->n[0] = (size_t)(t->table[1] + t->table[3]);
        for (int k = 0; k < 2; k++) {
            int64_t alt = t->table[k == 1 ? 0 : 1];
            size_t n = r->n[k];
            snprintf(r->summary[k], sizeof r->summary[k], "altered %lld/%zu (%s%%)", (long long)alt, n,
                     NUM6(n ? 100.0 * (double)alt / (double)n : NAN));
        }
        r->stat = t->est, r->p = t->p, r->q = t->q;
    }
    onc_screen_free(&s);
    return st;
}

static void compare_tsv(FILE *fp, const groups_t *g, const cmp_out_t *o)
{
    fprintf(fp, "variable\tkind\ttest\tn_%s\tn_%s\t%s\t%s\tstatistic\tp\tq\n", g->name[0], g->name[1], g->name[0],
            g->name[1]);
    for (size_t i = 0; i < o->n; i++) {
        const cmp_row_t *r = &o->rows[i];
        fprintf(fp, "%s\t%s\t%s%s\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s\n", r->variable, r->kind, r->test,
                r->exact ? " (exact)" : "", r->n[0], r->n[1], r->summary[0], r->summary[1], NUM(r->stat), NUM(r->p),
                NUM(r->q));
    }
    fprintf(fp, "# statistic: W of wilcox.test (first group as x); odds ratio (conditional MLE) of alteration in %s "
                "against %s; chi-square; q: p adjusted over the genes\n", g->name[1], g->name[0]);
}

static void compare_json(FILE *fp, const groups_t *g, const cmp_out_t *o)
{
    fputc('{', fp);
    onc_jsonw_key(fp, "groups", 1);
    fputc('[', fp);
    for (int k = 0; k < 2; k++) {
        fprintf(fp, "%s{", k ? "," : "");
        onc_jsonw_member_str(fp, "name", g->name[k], 1);
        onc_jsonw_member_int(fp, "n", (int64_t)g->n[k], 0, 0);
        fputc('}', fp);
    }
    fputc(']', fp);
    onc_jsonw_key(fp, "comparisons", 0);
    fputc('[', fp);
    for (size_t i = 0; i < o->n; i++) {
        const cmp_row_t *r = &o->rows[i];
        fprintf(fp, "%s\n{", i ? "," : "");
        onc_jsonw_member_str(fp, "variable", r->variable, 1);
        onc_jsonw_member_str(fp, "kind", r->kind, 0);
        onc_jsonw_member_str(fp, "test", r->test, 0);
        onc_jsonw_key(fp, "exact", 0);
        fputs(r->exact ? "true" : "false", fp);
        onc_jsonw_key(fp, "n", 0);
        fprintf(fp, "[%zu,%zu]", r->n[0], r->n[1]);
        onc_jsonw_key(fp, "summary", 0);
        fputc('[', fp);
        onc_jsonw_string(fp, r->summary[0]);
        fputc(',', fp);
        onc_jsonw_string(fp, r->summary[1]);
        fputc(']', fp);
        onc_jsonw_member_num(fp, "statistic", r->stat, 0);
        onc_jsonw_member_num(fp, "p", r->p, 0);
        onc_jsonw_member_num(fp, "q", r->q, 0);
        fputc('}', fp);
    }
    fprintf(fp, "]}\n");
}

static int run_compare(const cohort_args_t *a, cohort_t *c, bool genes)
{
    groups_t g;
    cmp_out_t o = {0};
    int st = load_groups(a, c, &g);
    if (st == CLI_OK) st = each_column(a, c, &g, a->numeric, compare_numeric, &o);
    if (st == CLI_OK) st = each_column(a, c, &g, a->categorical, compare_categorical, &o);
    if (st == CLI_OK && genes) st = compare_genes(a, c, &g, &o);
    cli_output_t out;
    if (st == CLI_OK && cli_output_open(&out, a->out) != 0) st = CLI_BAD_INPUT;
    if (st == CLI_OK) {
        if (a->json) compare_json(out.fp, &g, &o);
        else compare_tsv(out.fp, &g, &o);
        st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    free(g.code);
    free(o.rows);
    return st;
}

static int cmd_stats_compare(int argc, char **argv)
{
    cohort_args_t a;
    int st = parse_args(&a, argc, argv, compare_usage);
    if (st >= 0) return st;
    if (!a.response == !a.group) return cli_usage_error(a.cmd, "give --response COL or --group COL (one of them)");
    bool genes = a.study && !a.no_genes;
    if (!a.numeric && !a.categorical && !genes)
        return cli_usage_error(a.cmd, "nothing to compare: give --numeric, --categorical or a --study's genes");
    cohort_t c;
    if ((st = cohort_load(&a, genes, &c)) != CLI_OK) return st;
    st = run_compare(&a, &c, genes);
    cohort_free(&c);
    return st;
}

cli_command_t cli_stats_cohort_commands[] = {
    {"screen", cmd_stats_screen, "genes against response, PFS and OS over a cBioPortal study, with FDR"},
    {"compare", cmd_stats_compare, "two groups (responders against non-responders): markers, categories, genes"},
    {NULL, NULL, NULL},
};
