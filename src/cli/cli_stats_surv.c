/* cli_stats_surv.c: the survival analyses of `oncoboard stats` (stats_surv.h, docs/stats.md):
 * km, logrank, rmst and landmark here, cox in cli_stats_surv_cox.c. One option parser serves
 * them all; each reads the table (frame.h), takes its columns by name, calls the library and
 * writes a TSV summary or --format json with CONTRACTS.md's keys. */
#include "cli_stats_surv.h"

#include "oncoboard/jsonw.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_DATA = 256, OPT_TIME, OPT_EVENT, OPT_GROUP, OPT_STRATA, OPT_LEVELS, OPT_REF, OPT_COVARIATES, OPT_FACTORS,
    OPT_TIES, OPT_EPS, OPT_MAX_ITER, OPT_ZPH, OPT_CONF_LEVEL, OPT_CONF_TYPE, OPT_TIMES, OPT_CURVE, OPT_RHO, OPT_TAU,
    OPT_LANDMARK, OPT_RESPONSE_TIME, OPT_FORMAT, OPT_JSON, OPT_VERSION, OPT_STUDY, OPT_PER_SAMPLE, OPT_BOOTSTRAP, OPT_SEED,
    OPT_BY, OPT_FOREST, OPT_CENSOR, OPT_RESAMPLES, OPT_WRITE_RESAMPLES
};

static const struct option options[] = {
    {"data", required_argument, NULL, OPT_DATA},
    {"table", required_argument, NULL, OPT_DATA},
    {"study", required_argument, NULL, OPT_STUDY},
    {"per-sample", no_argument, NULL, OPT_PER_SAMPLE},
    {"time", required_argument, NULL, OPT_TIME},
    {"event", required_argument, NULL, OPT_EVENT},
    {"status", required_argument, NULL, OPT_EVENT},
    {"group", required_argument, NULL, OPT_GROUP},
    {"strata", required_argument, NULL, OPT_STRATA},
    {"levels", required_argument, NULL, OPT_LEVELS},
    {"ref", required_argument, NULL, OPT_REF},
    {"covariates", required_argument, NULL, OPT_COVARIATES},
    {"factors", required_argument, NULL, OPT_FACTORS},
    {"ties", required_argument, NULL, OPT_TIES},
    {"eps", required_argument, NULL, OPT_EPS},
    {"max-iter", required_argument, NULL, OPT_MAX_ITER},
    {"zph", no_argument, NULL, OPT_ZPH},
    {"bootstrap", required_argument, NULL, OPT_BOOTSTRAP},
    {"seed", required_argument, NULL, OPT_SEED},
    {"censor", required_argument, NULL, OPT_CENSOR},
    {"by", required_argument, NULL, OPT_BY},
    {"forest", required_argument, NULL, OPT_FOREST},
    {"resamples", required_argument, NULL, OPT_RESAMPLES},
    {"write-resamples", required_argument, NULL, OPT_WRITE_RESAMPLES},
    {"conf-level", required_argument, NULL, OPT_CONF_LEVEL},
    {"conf-type", required_argument, NULL, OPT_CONF_TYPE},
    {"times", required_argument, NULL, OPT_TIMES},
    {"curve", no_argument, NULL, OPT_CURVE},
    {"rho", required_argument, NULL, OPT_RHO},
    {"tau", required_argument, NULL, OPT_TAU},
    {"landmark", required_argument, NULL, OPT_LANDMARK},
    {"response-time", required_argument, NULL, OPT_RESPONSE_TIME},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* ---------------------------------------------------------------- options */

int surv_parse_times(surv_args_t *a, const char *s)
{
    a->n_times = 0;
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        char buf[64];
        if (len == 0 || len >= sizeof buf || a->n_times >= SURV_MAX_TIMES)
            return cli_usage_error(a->cmd, "--times: a comma-separated list of up to %d times", SURV_MAX_TIMES);
        memcpy(buf, s, len);
        buf[len] = 0;
        if (cli_parse_number(buf, 0, INFINITY, &a->times[a->n_times++]) != 0)
            return cli_usage_error(a->cmd, "--times: '%s' is not a time >= 0", buf);
        s += len + (comma ? 1 : 0);
    }
    return -1;
}

static int take_number(surv_args_t *a, const char *opt, const char *s, double min, double max, double *out)
{
    if (cli_parse_number(s, min, max, out) != 0)
        return cli_usage_error(a->cmd, "%s: '%s' is not a number in [%g, %g]", opt, s, min, max);
    return -1;
}

static int take_option(void *ctx, int c, const char *v)
{
    surv_args_t *a = ctx;
    onc_err_t err = {0};
    double d;
    switch (c) {
    case OPT_DATA: a->data = v; return -1;
    case OPT_STUDY: a->study = v; return -1;
    case OPT_PER_SAMPLE: a->per_sample = true; return -1;
    case OPT_TIME: a->time = v; return -1;
    case OPT_EVENT: a->event = v; return -1;
    case OPT_CENSOR: a->censor = v; return -1;
    case OPT_GROUP: a->group = v; return -1;
    case OPT_STRATA: a->strata = v; return -1;
    case OPT_LEVELS: a->levels = v; return -1;
    case OPT_COVARIATES: a->covariates = v; return -1;
    case OPT_FACTORS: a->factors = v; return -1;
    case OPT_RESPONSE_TIME: a->response_time = v; return -1;
    case OPT_BY: a->by = v; return -1;
    case OPT_FOREST: a->forest = v; return -1;
    case OPT_ZPH: a->zph = true; return -1;
    case OPT_CURVE: a->curve = true; return -1;
    case OPT_JSON: a->fmt = CLI_FMT_JSON; return -1;
    case 'o': a->output = v; return -1;
    case OPT_REF:
        /* cox: VAR=LEVEL, a factor covariate's reference; the others: the group's reference */
        if (strcmp(a->cmd, "cox") != 0) a->group_ref = v;
        else if (!strchr(v, '=')) return cli_usage_error(a->cmd, "--ref takes VAR=LEVEL, not '%s'", v);
        else if (a->n_cov_refs < SURV_MAX_REFS) a->cov_refs[a->n_cov_refs++] = v;
        else return cli_usage_error(a->cmd, "more than %d --ref options", SURV_MAX_REFS);
        return -1;
    case OPT_TIES:
        if (!strcmp(v, "efron")) a->cox.ties = ONC_TIES_EFRON;
        else if (!strcmp(v, "breslow")) a->cox.ties = ONC_TIES_BRESLOW;
        else return cli_usage_error(a->cmd, "--ties: efron or breslow, not '%s'", v);
        return -1;
    case OPT_EPS: return take_number(a, "--eps", v, 1e-300, 1e-2, &a->cox.eps);
    case OPT_MAX_ITER: {
        int st = take_number(a, "--max-iter", v, 1, 1000, &d);
        a->cox.max_iter = (int)d;
        return st;
    }
    case OPT_CONF_LEVEL: {
        int st = take_number(a, "--conf-level", v, 0.01, 0.9999, &a->conf_level);
        a->km.conf_level = a->cox.conf_level = a->conf_level;
        return st;
    }
    case OPT_CONF_TYPE:
        if (onc_ci_type_parse(v, &a->km.ci, &err) != ONC_OK) return cli_usage_error(a->cmd, "--conf-type: %s", err.msg);
        return -1;
    case OPT_TIMES: return surv_parse_times(a, v);
    case OPT_BOOTSTRAP: return cli_boot_option(a->cmd, &a->boot, "bootstrap", v);
    case OPT_SEED: return cli_boot_option(a->cmd, &a->boot, "seed", v);
    case OPT_RESAMPLES: return cli_boot_option(a->cmd, &a->boot, "resamples", v);
    case OPT_WRITE_RESAMPLES: return cli_boot_option(a->cmd, &a->boot, "write-resamples", v);
    case OPT_RHO: return take_number(a, "--rho", v, 0, 100, &a->rho);
    case OPT_TAU: return take_number(a, "--tau", v, 1e-300, INFINITY, &a->tau);
    case OPT_LANDMARK: return take_number(a, "--landmark", v, 0, INFINITY, &a->landmark);
    case OPT_FORMAT: return cli_parse_format(a->cmd, v, &a->fmt) == 0 ? -1 : CLI_BAD_INPUT;
    default: return cli_usage_error(a->cmd, "unknown option (oncoboard stats %s --help lists them)", a->cmd);
    }
}

int surv_parse(surv_args_t *a, int argc, char **argv, void (*usage)(FILE *fp))
{
    memset(a, 0, sizeof *a);
    a->cmd = argv[0];
    a->conf_level = 0.95;
    cli_boot_init(&a->boot);
    a->tau = NAN;
    a->landmark = NAN;
    onc_km_opts_init(&a->km);
    onc_cox_opts_init(&a->cox);
    int st = cli_stats_getopt(argc, argv, options, OPT_VERSION, a->cmd, usage, take_option, a);
    if (st >= 0) return st;
    if (a->data && a->study) return cli_usage_error(a->cmd, "--data and --study exclude each other");
    if (a->study) a->data = a->study;
    if (a->event && a->censor) return cli_usage_error(a->cmd, "--event and --censor exclude each other");
    if (!a->data || !a->time || !(a->event || a->censor))
        return cli_usage_error(a->cmd, "--data (or --study), --time and --event (or --censor) are required");
    return -1;
}

const char *surv_num(double v, int digits, char *buf)
{
    if (isnan(v)) return "NA";
    if (isinf(v)) return v > 0 ? "Inf" : "-Inf";
    snprintf(buf, SURV_NUM_MAX, "%.*g", digits, v);
    return buf;
}

/* ---------------------------------------------------------------- input */

int surv_fail(const char *cmd, const onc_err_t *err)
{
    cli_error(cmd, "%s", err->msg);
    return cli_status_of(err->code);
}

void surv_input_free(surv_input_t *in)
{
    onc_frame_free(in->f);
    free(in->time), free(in->status);
    onc_factor_free(&in->group);
    onc_factor_free(&in->strata);
    memset(in, 0, sizeof *in);
}

/* Puts the levels in the order of --levels (a comma list naming every level once). */
static onc_rc reorder_levels(onc_factor_t *fa, const char *list, const char *col, onc_err_t *err)
{
    size_t k = 0, *map = malloc(fa->n_levels * sizeof *map);
    const char **names = malloc(fa->n_levels * sizeof *names);
    onc_rc rc = map && names ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t l = 0; l < fa->n_levels; l++) map[l] = SIZE_MAX;
    for (const char *s = list; rc == ONC_OK && *s;) {
        size_t len = strcspn(s, ",");
        size_t l = 0;
        while (l < fa->n_levels && !(strlen(fa->levels[l]) == len && !strncmp(fa->levels[l], s, len))) l++;
        if (l == fa->n_levels || map[l] != SIZE_MAX || k >= fa->n_levels)
            rc = onc_err_set(err, ONC_EINVAL, "--levels: '%.*s' is not a level of %s, or is named twice", (int)len, s,
                             col);
        else names[k] = fa->levels[l], map[l] = k++;
        s += len + (s[len] == ',');
    }
    if (rc == ONC_OK && k != fa->n_levels)
        rc = onc_err_set(err, ONC_EINVAL, "--levels must name all %zu levels of %s", fa->n_levels, col);
    if (rc == ONC_OK) {
        for (size_t i = 0; i < fa->n; i++)
            if (fa->code[i] >= 0) fa->code[i] = (int)map[fa->code[i]];
        memcpy(fa->levels, names, fa->n_levels * sizeof *names);
    }
    free(map), free(names);
    return rc;
}

static onc_rc load_group(const surv_args_t *a, surv_input_t *in, onc_err_t *err)
{
    static const char *const all[] = {"all"};
    if (!a->group) {
        /* one group of every row: a factor with one level */
        in->group.levels = malloc(sizeof *in->group.levels);
        in->group.code = calloc(in->n ? in->n : 1, sizeof *in->group.code);
        if (!in->group.levels || !in->group.code) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        in->group.levels[0] = all[0];
        in->group.n_levels = 1;
        in->group.n = in->n;
        return ONC_OK;
    }
    in->has_group = true;
    onc_rc rc = onc_frame_factor(in->f, a->group, a->group_ref, &in->group, err);
    if (rc == ONC_OK && a->levels) rc = reorder_levels(&in->group, a->levels, a->group, err);
    if (rc == ONC_OK && in->group.n_levels == 0)
        rc = onc_err_set(err, ONC_EINVAL, "%s: column %s has no values", a->data, a->group);
    return rc;
}

int surv_load(const surv_args_t *a, surv_input_t *in)
{
    memset(in, 0, sizeof *in);
    onc_err_t err = {0};
    int st = cli_stats_table(a->cmd, a->study ? NULL : a->data, a->study, a->per_sample, &in->f);
    if (st != CLI_OK) return st;
    onc_rc rc = ONC_OK;
    {
        in->n = onc_frame_rows(in->f);
        in->time = malloc((in->n ? in->n : 1) * sizeof *in->time);
        in->status = malloc((in->n ? in->n : 1) * sizeof *in->status);
        if (!in->time || !in->status) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    }
    if (rc == ONC_OK) rc = onc_frame_numeric(in->f, a->time, in->time, NULL, &err);
    for (size_t i = 0; rc == ONC_OK && i < in->n; i++)
        if (in->time[i] < 0)
            rc = onc_err_at(&err, ONC_EPARSE, a->data, onc_frame_line(in->f, i), a->time, "negative time %g",
                            in->time[i]);
    if (rc == ONC_OK)
        rc = onc_surv_event_column(in->f, a->data, a->event ? a->event : a->censor, in->status, NULL, &err);
    for (size_t i = 0; rc == ONC_OK && a->censor && i < in->n; i++) /* 1 censored, 0 event: the other way round */
        if (in->status[i] >= 0) in->status[i] = 1 - in->status[i];
    if (rc == ONC_OK) rc = load_group(a, in, &err);
    if (rc == ONC_OK && a->strata) {
        in->has_strata = true;
        rc = onc_frame_factor(in->f, a->strata, NULL, &in->strata, &err);
    }
    if (rc == ONC_OK) return CLI_OK;
    surv_input_free(in);
    return surv_fail(a->cmd, &err);
}

/* The rows of group level l: their times and events in t and s (n rows of room); the count. */
static size_t group_rows(const surv_input_t *in, int l, double *t, int *s)
{
    size_t m = 0;
    for (size_t i = 0; i < in->n; i++)
        if (in->group.code[i] == l) t[m] = in->time[i], s[m++] = in->status[i];
    return m;
}

static void json_array(FILE *fp, const char *key, const double *v, size_t n, int first)
{
    onc_jsonw_key(fp, key, first);
    fputc('[', fp);
    for (size_t i = 0; i < n; i++) {
        if (i) fputc(',', fp);
        onc_jsonw_double(fp, v[i]);
    }
    fputc(']', fp);
}

/* ---------------------------------------------------------------- km */

static void km_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Kaplan-Meier curves as R's survfit: Greenwood variance, confidence intervals, the\n"
                "         median and its interval as print.survfit, the number at risk at chosen times.\n"
                "Usage:   oncoboard stats km --data F --time T --event E [--group G] [options]\n"
                "\n"
                "Options:\n"
                "    --data F             a TSV or CSV table with a header (cBioPortal '#' lines skipped)\n"
                "    --study DIR          or a cBioPortal study: its clinical tables joined, one row per\n"
                "                         patient (--per-sample: per sample), attributes by name\n"
                "    --time T, --event E  follow-up time and event columns (0/1, 1/2 with 2 = event,\n"
                "                         TRUE/FALSE, 1:DECEASED/0:LIVING); --status is --event\n"
                "    --censor C           instead of --event: 1 censored, 0 event (ADaM's CNSR columns)\n"
                "    --group G            one curve per level of G (sorted bytewise) [one curve, 'all']\n"
                "    --levels A,B,..      the order of G's levels; --ref A puts A first\n"
                "    --conf-type T        log, log-log, plain or none [log, as survfit]\n"
                "    --conf-level L       [0.95]\n"
                "    --times T1,T2,..     number at risk and survival at these times\n"
                "    --curve              TSV: every time of the curves instead of the summary\n"
                "    --format tsv|json    [tsv]; --json is --format json\n"
                "    -o FILE              write there instead of stdout\n"
                "\n");
}

static void km_json(FILE *fp, const surv_args_t *a, const surv_input_t *in, const onc_km_t *kms)
{
    static const char *const ci_names[] = {"log", "log-log", "plain", "none"};
    fprintf(fp, "{");
    onc_jsonw_member_str(fp, "conf_type", ci_names[a->km.ci], 1);
    onc_jsonw_member_num(fp, "conf_level", a->km.conf_level, 0);
    onc_jsonw_key(fp, "groups", 0);
    fputc('[', fp);
    for (size_t l = 0; l < in->group.n_levels; l++) {
        const onc_km_t *k = &kms[l];
        fprintf(fp, "%s\n{", l ? "," : "");
        onc_jsonw_member_str(fp, "name", in->group.levels[l], 1);
        onc_jsonw_member_int(fp, "n", (int64_t)k->n, 0, 0);
        onc_jsonw_member_int(fp, "events", (int64_t)k->n_events, 0, 0);
        onc_jsonw_member_num(fp, "median", k->median, 0);
        onc_jsonw_member_num(fp, "median_lower", k->median_lower, 0);
        onc_jsonw_member_num(fp, "median_upper", k->median_upper, 0);
        json_array(fp, "time", k->time, k->n_times, 0);
        json_array(fp, "surv", k->surv, k->n_times, 0);
        json_array(fp, "n_risk", k->n_risk, k->n_times, 0);
        json_array(fp, "n_event", k->n_event, k->n_times, 0);
        json_array(fp, "n_censor", k->n_censor, k->n_times, 0);
        json_array(fp, "std_err", k->std_err, k->n_times, 0);
        json_array(fp, "lower", k->lower, k->n_times, 0);
        json_array(fp, "upper", k->upper, k->n_times, 0);
        if (a->n_times) {
            onc_jsonw_key(fp, "at", 0);
            fputc('[', fp);
            for (size_t t = 0; t < a->n_times; t++) {
                fprintf(fp, "%s{", t ? "," : "");
                onc_jsonw_member_num(fp, "time", a->times[t], 1);
                onc_jsonw_member_num(fp, "n_risk", onc_km_n_risk_at(k, a->times[t]), 0);
                onc_jsonw_member_num(fp, "surv", onc_km_surv_at(k, a->times[t]), 0);
                fputc('}', fp);
            }
            fputc(']', fp);
        }
        fputc('}', fp);
    }
    fprintf(fp, "],\n");
    size_t used = 0;
    for (size_t l = 0; l < in->group.n_levels; l++) used += kms[l].n;
    onc_jsonw_member_int(fp, "n_missing", (int64_t)(in->n - used), 0, 1);
    fprintf(fp, "}\n");
}

static void km_tsv(FILE *fp, const surv_args_t *a, const surv_input_t *in, const onc_km_t *kms)
{
    if (a->curve) fprintf(fp, "group\ttime\tn_risk\tn_event\tn_censor\tsurv\tstd_err\tlower\tupper\n");
    else
        fprintf(fp, "group\tn\tevents\tmedian\tmedian_lower\tmedian_upper%s\n",
                a->n_times ? "\ttime\tn_risk\tsurv" : "");
    for (size_t l = 0; l < in->group.n_levels; l++) {
        const onc_km_t *k = &kms[l];
        const char *g = in->group.levels[l];
        if (a->curve) {
            for (size_t i = 0; i < k->n_times; i++)
                fprintf(fp, "%s\t%s\t%.0f\t%.0f\t%.0f\t%s\t%s\t%s\t%s\n", g, NUM(k->time[i]), k->n_risk[i],
                        k->n_event[i], k->n_censor[i], NUM(k->surv[i]), NUM(k->std_err[i]), NUM(k->lower[i]),
                        NUM(k->upper[i]));
            continue;
        }
        if (!a->n_times)
            fprintf(fp, "%s\t%zu\t%zu\t%s\t%s\t%s\n", g, k->n, k->n_events, NUM(k->median), NUM(k->median_lower),
                    NUM(k->median_upper));
        for (size_t t = 0; t < a->n_times; t++)
            fprintf(fp, "%s\t%zu\t%zu\t%s\t%s\t%s\t%s\t%.0f\t%s\n", g, k->n, k->n_events, NUM(k->median),
                    NUM(k->median_lower), NUM(k->median_upper), NUM(a->times[t]), onc_km_n_risk_at(k, a->times[t]),
                    NUM(onc_km_surv_at(k, a->times[t])));
    }
}

/* Fits one curve per group level: CLI_OK with kms (n_levels, caller frees), or the status. */
int surv_km_fit_groups(const surv_args_t *a, const surv_input_t *in, onc_km_t **out)
{
    size_t L = in->group.n_levels;
    onc_km_t *kms = calloc(L, sizeof *kms);
    double *t = malloc((in->n ? in->n : 1) * sizeof *t);
    int *s = malloc((in->n ? in->n : 1) * sizeof *s), st = CLI_OK;
    onc_err_t err = {0};
    if (!kms || !t || !s)
        err.code = ONC_ENOMEM, snprintf(err.msg, sizeof err.msg, "out of memory"), st = surv_fail(a->cmd, &err);
    for (size_t l = 0; st == CLI_OK && l < L; l++) {
        size_t m = group_rows(in, (int)l, t, s);
        if (onc_km_fit(t, s, m, &a->km, &kms[l], &err) != ONC_OK) st = surv_fail(a->cmd, &err);
    }
    free(t), free(s);
    if (st != CLI_OK && kms) {
        for (size_t l = 0; l < L; l++) onc_km_free(&kms[l]);
        free(kms);
        kms = NULL;
    }
    *out = kms;
    return st;
}

void surv_km_free_all(onc_km_t *kms, size_t L)
{
    for (size_t l = 0; kms && l < L; l++) onc_km_free(&kms[l]);
    free(kms);
}

static int cmd_stats_km(int argc, char **argv)
{
    surv_args_t a;
    int st = surv_parse(&a, argc, argv, km_usage);
    if (st >= 0) return st;
    surv_input_t in;
    if ((st = surv_load(&a, &in)) != CLI_OK) return st;
    onc_km_t *kms = NULL;
    cli_output_t out;
    if ((st = surv_km_fit_groups(&a, &in, &kms)) == CLI_OK && (st = cli_output_open(&out, a.output)) == CLI_OK) {
        if (a.fmt == CLI_FMT_JSON) km_json(out.fp, &a, &in, kms);
        else km_tsv(out.fp, &a, &in, kms);
        st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    surv_km_free_all(kms, in.group.n_levels);
    surv_input_free(&in);
    return st;
}

/* ---------------------------------------------------------------- logrank */

static void logrank_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   The log-rank test and the G-rho family as R's survdiff (k groups, stratified), with\n"
                "         Peto's hazard ratio exp((O-E)/V) of the second level against the first and, for\n"
                "         three groups or more, the test for trend (scores 1..k in level order).\n"
                "Usage:   oncoboard stats logrank --data F --time T --event E --group G [options]\n"
                "\n"
                "Options:\n"
                "    --group G            the groups compared (levels sorted bytewise; --levels A,B,.. or\n"
                "                         --ref A to choose the order; the first is the reference)\n"
                "    --strata S           a stratified test\n"
                "    --rho R              weights S(t-)^R: 0 log-rank, 1 Peto-Peto [0]\n"
                "    --conf-level L       of the hazard ratio's interval [0.95]\n"
                "    --format tsv|json    [tsv]; -o FILE\n"
                "    (and --data, --time, --event as for km)\n"
                "\n");
}

static void logrank_json(FILE *fp, const surv_args_t *a, const surv_input_t *in, const onc_logrank_t *lr)
{
    fprintf(fp, "{");
    onc_jsonw_member_num(fp, "chisq", lr->chisq, 1);
    onc_jsonw_member_int(fp, "df", lr->df, 0, 0);
    onc_jsonw_member_num(fp, "p", lr->p, 0);
    onc_jsonw_member_num(fp, "hr", lr->hr, 0);
    onc_jsonw_member_num(fp, "hr_lower", lr->hr_lower, 0);
    onc_jsonw_member_num(fp, "hr_upper", lr->hr_upper, 0);
    onc_jsonw_member_num(fp, "rho", a->rho, 0);
    onc_jsonw_key(fp, "groups", 0);
    fputc('[', fp);
    for (size_t g = 0; g < lr->k; g++) {
        fprintf(fp, "%s{", g ? "," : "");
        onc_jsonw_member_str(fp, "name", in->group.levels[g], 1);
        onc_jsonw_member_int(fp, "n", (int64_t)lr->n_group[g], 0, 0);
        onc_jsonw_member_num(fp, "observed", lr->observed[g], 0);
        onc_jsonw_member_num(fp, "expected", lr->expected[g], 0);
        fputc('}', fp);
    }
    fputc(']', fp);
    json_array(fp, "variance", lr->var, lr->k * lr->k, 0);
    if (!isnan(lr->trend_chisq)) {
        onc_jsonw_key(fp, "trend", 0);
        fputc('{', fp);
        onc_jsonw_member_num(fp, "chisq", lr->trend_chisq, 1);
        onc_jsonw_member_int(fp, "df", 1, 0, 0);
        onc_jsonw_member_num(fp, "p", lr->trend_p, 0);
        fputc('}', fp);
    }
    onc_jsonw_member_int(fp, "n_missing", (int64_t)lr->n_missing, 0, 0);
    fprintf(fp, "}\n");
}

static void logrank_tsv(FILE *fp, const surv_input_t *in, const onc_logrank_t *lr)
{
    fprintf(fp, "group\tn\tobserved\texpected\t(O-E)^2/E\n");
    for (size_t g = 0; g < lr->k; g++) {
        double oe = lr->observed[g] - lr->expected[g];
        fprintf(fp, "%s\t%zu\t%s\t%s\t%s\n", in->group.levels[g], lr->n_group[g], NUM(lr->observed[g]),
                NUM(lr->expected[g]), NUM(oe * oe / lr->expected[g]));
    }
    fprintf(fp, "# chisq %s on %d df, p = %s\n", NUM(lr->chisq), lr->df, NUM6(lr->p));
    if (!isnan(lr->hr))
        fprintf(fp, "# hazard ratio (Peto, %s vs %s) %s (%s-%s)\n", in->group.levels[1], in->group.levels[0],
                NUM6(lr->hr), NUM6(lr->hr_lower), NUM6(lr->hr_upper));
    if (!isnan(lr->trend_chisq))
        fprintf(fp, "# trend chisq %s on 1 df, p = %s\n", NUM(lr->trend_chisq), NUM6(lr->trend_p));
    if (lr->n_missing) fprintf(fp, "# %zu rows with missing values left out\n", lr->n_missing);
}

static int logrank_run(const surv_args_t *a, const surv_input_t *in, const double *time, const int *status,
                       const int *group, size_t n, onc_logrank_t *lr)
{
    onc_err_t err = {0};
    if (in->group.n_levels < 2) {
        cli_error(a->cmd, "--group %s has %zu level: a test needs two or more", a->group ? a->group : "",
                  in->group.n_levels);
        return CLI_BAD_INPUT;
    }
    if (onc_logrank(time, status, group, in->group.n_levels, in->has_strata ? in->strata.code : NULL, n, a->rho, NULL,
                    a->conf_level, lr, &err) != ONC_OK)
        return surv_fail(a->cmd, &err);
    return CLI_OK;
}

static int cmd_stats_logrank(int argc, char **argv)
{
    surv_args_t a;
    int st = surv_parse(&a, argc, argv, logrank_usage);
    if (st >= 0) return st;
    if (!a.group) return cli_usage_error(a.cmd, "--group is required");
    surv_input_t in;
    if ((st = surv_load(&a, &in)) != CLI_OK) return st;
    onc_logrank_t lr = {0};
    cli_output_t out;
    if ((st = logrank_run(&a, &in, in.time, in.status, in.group.code, in.n, &lr)) == CLI_OK &&
        (st = cli_output_open(&out, a.output)) == CLI_OK) {
        if (a.fmt == CLI_FMT_JSON) logrank_json(out.fp, &a, &in, &lr);
        else logrank_tsv(out.fp, &in, &lr);
        st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    onc_logrank_free(&lr);
    surv_input_free(&in);
    return st;
}

/* ---------------------------------------------------------------- rmst */

static void rmst_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Restricted mean survival time to tau (the area under the Kaplan-Meier curve) with\n"
                "         its standard error, as survRM2's rmst2; for two groups the difference (second\n"
                "         level minus first) and the ratio with their intervals and p-values.\n"
                "Usage:   oncoboard stats rmst --data F --time T --event E [--group G] [--tau TAU] [options]\n"
                "\n"
                "Options:\n"
                "    --tau TAU            [the smallest of the groups' largest follow-up times, as survRM2]\n"
                "    --group G, --levels A,B,.., --ref A   as for km\n"
                "    --conf-level L       [0.95]\n"
                "    --format tsv|json    [tsv]; -o FILE\n"
                "\n");
}

typedef struct rmst_row {
    double rmst, se;
} rmst_row_t;

static void rmst_contrast(FILE *fp, const char *key, double est, double se, double lo, double hi, double p)
{
    onc_jsonw_key(fp, key, 0);
    fputc('{', fp);
    onc_jsonw_member_num(fp, "estimate", est, 1);
    if (!isnan(se)) onc_jsonw_member_num(fp, "se", se, 0);
    onc_jsonw_member_num(fp, "lower", lo, 0);
    onc_jsonw_member_num(fp, "upper", hi, 0);
    onc_jsonw_member_num(fp, "p", p, 0);
    fputc('}', fp);
}

static void rmst_write(FILE *fp, const surv_args_t *a, const surv_input_t *in, const onc_km_t *kms,
                       const rmst_row_t *r, double tau)
{
    double z = onc_surv_z(a->conf_level);
    size_t L = in->group.n_levels;
    onc_rmst_cmp_t c = {0};
    if (L == 2) onc_rmst_compare(r[0].rmst, r[0].se, r[1].rmst, r[1].se, a->conf_level, &c);
    if (a->fmt != CLI_FMT_JSON) {
        fprintf(fp, "group\tn\tevents\ttau\trmst\tse\tlower\tupper\n");
        for (size_t l = 0; l < L; l++)
            fprintf(fp, "%s\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s\n", in->group.levels[l], kms[l].n, kms[l].n_events, NUM(tau),
                    NUM(r[l].rmst), NUM(r[l].se), NUM(r[l].rmst - z * r[l].se), NUM(r[l].rmst + z * r[l].se));
        if (L == 2)
            fprintf(fp, "# difference (%s - %s) %s (%s to %s), p = %s; ratio %s (%s-%s), p = %s\n", in->group.levels[1],
                    in->group.levels[0], NUM(c.diff), NUM(c.diff_lower), NUM(c.diff_upper), NUM6(c.diff_p),
                    NUM(c.ratio), NUM(c.ratio_lower), NUM(c.ratio_upper), NUM6(c.ratio_p));
        return;
    }
    fprintf(fp, "{");
    onc_jsonw_member_num(fp, "tau", tau, 1);
    onc_jsonw_member_num(fp, "conf_level", a->conf_level, 0);
    onc_jsonw_key(fp, "groups", 0);
    fputc('[', fp);
    for (size_t l = 0; l < L; l++) {
        fprintf(fp, "%s{", l ? "," : "");
        onc_jsonw_member_str(fp, "name", in->group.levels[l], 1);
        onc_jsonw_member_int(fp, "n", (int64_t)kms[l].n, 0, 0);
        onc_jsonw_member_int(fp, "events", (int64_t)kms[l].n_events, 0, 0);
        onc_jsonw_member_num(fp, "rmst", r[l].rmst, 0);
        onc_jsonw_member_num(fp, "se", r[l].se, 0);
        onc_jsonw_member_num(fp, "lower", r[l].rmst - z * r[l].se, 0);
        onc_jsonw_member_num(fp, "upper", r[l].rmst + z * r[l].se, 0);
        fputc('}', fp);
    }
    fputc(']', fp);
    if (L == 2) {
        rmst_contrast(fp, "difference", c.diff, c.diff_se, c.diff_lower, c.diff_upper, c.diff_p);
        rmst_contrast(fp, "ratio", c.ratio, NAN, c.ratio_lower, c.ratio_upper, c.ratio_p);
    }
    fprintf(fp, "}\n");
}

static int cmd_stats_rmst(int argc, char **argv)
{
    surv_args_t a;
    int st = surv_parse(&a, argc, argv, rmst_usage);
    if (st >= 0) return st;
    surv_input_t in;
    if ((st = surv_load(&a, &in)) != CLI_OK) return st;
    onc_km_t *kms = NULL;
    size_t L = in.group.n_levels;
    rmst_row_t *r = calloc(L, sizeof *r);
    cli_output_t out;
    if (r && (st = surv_km_fit_groups(&a, &in, &kms)) == CLI_OK) {
        double tau = a.tau;
        if (isnan(tau)) {
            tau = INFINITY;
            for (size_t l = 0; l < L; l++)
                if (kms[l].n_times && kms[l].max_time < tau) tau = kms[l].max_time;
        }
        onc_err_t err = {0};
        for (size_t l = 0; st == CLI_OK && l < L; l++)
            if (onc_km_rmst(&kms[l], tau, &r[l].rmst, &r[l].se, &err) != ONC_OK) {
                cli_error(a.cmd, "group %s: %s", in.group.levels[l], err.msg);
                st = CLI_BAD_INPUT;
            }
        if (st == CLI_OK && (st = cli_output_open(&out, a.output)) == CLI_OK) {
            rmst_write(out.fp, &a, &in, kms, r, tau);
            st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
        }
    } else if (!r) st = CLI_INTERNAL;
    surv_km_free_all(kms, L);
    free(r);
    surv_input_free(&in);
    return st;
}

/* ---------------------------------------------------------------- landmark */

static void landmark_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Landmark analysis: the patients still under follow-up at the landmark time, their\n"
                "         survival from it compared by response status at the landmark (Kaplan-Meier\n"
                "         medians and the log-rank test with Peto's hazard ratio, responders against the rest).\n"
                "Usage:   oncoboard stats landmark --data F --time T --event E --landmark L\n"
                "                                  (--response-time C | --group G) [options]\n"
                "\n"
                "Options:\n"
                "    --landmark L         the landmark, in the time column's unit\n"
                "    --response-time C    the time of response (empty or NA: no response): responders are\n"
                "                         those with a response at or before L\n"
                "    --group G            or a response status already known at the landmark\n"
                "    --conf-level L, --conf-type T, --rho R   as for km and logrank\n"
                "    --format tsv|json    [tsv]; -o FILE\n"
                "\n");
}

static const char *const response_levels[] = {"non-responder", "responder"};

static void landmark_write(FILE *fp, const surv_args_t *a, const surv_input_t *in, size_t m, const onc_km_t *kms,
                           const onc_logrank_t *lr)
{
    size_t L = in->group.n_levels;
    if (a->fmt != CLI_FMT_JSON) {
        fprintf(fp, "# landmark %s: %zu of %zu rows still under follow-up\n", NUM(a->landmark), m, in->n);
        fprintf(fp, "group\tn\tevents\tmedian\tmedian_lower\tmedian_upper\n");
        for (size_t l = 0; l < L; l++)
            fprintf(fp, "%s\t%zu\t%zu\t%s\t%s\t%s\n", in->group.levels[l], kms[l].n, kms[l].n_events,
                    NUM(kms[l].median), NUM(kms[l].median_lower), NUM(kms[l].median_upper));
        fprintf(fp, "# log-rank chisq %s on %d df, p = %s", NUM(lr->chisq), lr->df, NUM6(lr->p));
        if (!isnan(lr->hr))
            fprintf(fp, "; hazard ratio (Peto) %s (%s-%s)", NUM6(lr->hr), NUM6(lr->hr_lower), NUM6(lr->hr_upper));
        fprintf(fp, "\n");
        return;
    }
    fprintf(fp, "{");
    onc_jsonw_member_num(fp, "landmark", a->landmark, 1);
    onc_jsonw_member_int(fp, "n", (int64_t)m, 0, 0);
    onc_jsonw_member_int(fp, "n_excluded", (int64_t)(in->n - m), 0, 0);
    onc_jsonw_key(fp, "groups", 0);
    fputc('[', fp);
    for (size_t l = 0; l < L; l++) {
        fprintf(fp, "%s{", l ? "," : "");
        onc_jsonw_member_str(fp, "name", in->group.levels[l], 1);
        onc_jsonw_member_int(fp, "n", (int64_t)kms[l].n, 0, 0);
        onc_jsonw_member_int(fp, "events", (int64_t)kms[l].n_events, 0, 0);
        onc_jsonw_member_num(fp, "median", kms[l].median, 0);
        onc_jsonw_member_num(fp, "median_lower", kms[l].median_lower, 0);
        onc_jsonw_member_num(fp, "median_upper", kms[l].median_upper, 0);
        fputc('}', fp);
    }
    fputc(']', fp);
    onc_jsonw_key(fp, "logrank", 0);
    fputc('{', fp);
    onc_jsonw_member_num(fp, "chisq", lr->chisq, 1);
    onc_jsonw_member_int(fp, "df", lr->df, 0, 0);
    onc_jsonw_member_num(fp, "p", lr->p, 0);
    onc_jsonw_member_num(fp, "hr", lr->hr, 0);
    onc_jsonw_member_num(fp, "hr_lower", lr->hr_lower, 0);
    onc_jsonw_member_num(fp, "hr_upper", lr->hr_upper, 0);
    fprintf(fp, "}}\n");
}

/* Replaces in's rows by the landmark selection (the group becomes the response status when
 * --response-time is given). */
static int landmark_select(const surv_args_t *a, surv_input_t *in, size_t *m)
{
    onc_err_t err = {0};
    double *resp = NULL, *t = malloc((in->n ? in->n : 1) * sizeof *t);
    int *s = malloc((in->n ? in->n : 1) * sizeof *s), *g = malloc((in->n ? in->n : 1) * sizeof *g);
    onc_rc rc = t && s && g ? ONC_OK : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK && a->response_time) {
        if (!(resp = malloc((in->n ? in->n : 1) * sizeof *resp))) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
        else rc = onc_frame_numeric(in->f, a->response_time, resp, NULL, &err);
    }
    if (rc == ONC_OK)
        rc = onc_landmark_select(in->time, in->status, resp ? NULL : in->group.code, resp, in->n, a->landmark, t, s, g,
                                 m, &err);
    free(resp);
    if (rc != ONC_OK) {
        free(t), free(s), free(g);
        return surv_fail(a->cmd, &err);
    }
    if (a->response_time) {
        /* the two response levels replace the group */
        onc_factor_free(&in->group);
        in->group.levels = malloc(2 * sizeof *in->group.levels);
        if (in->group.levels) in->group.levels[0] = response_levels[0], in->group.levels[1] = response_levels[1];
        in->group.n_levels = 2;
    } else free(in->group.code);
    in->group.code = g;
    in->group.n = *m;
    free(in->time), free(in->status);
    in->time = t, in->status = s;
    return in->group.levels ? CLI_OK : CLI_INTERNAL;
}

static int cmd_stats_landmark(int argc, char **argv)
{
    surv_args_t a;
    int st = surv_parse(&a, argc, argv, landmark_usage);
    if (st >= 0) return st;
    if (isnan(a.landmark)) return cli_usage_error(a.cmd, "--landmark is required");
    if (!a.response_time == !a.group) return cli_usage_error(a.cmd, "give one of --response-time and --group");
    surv_input_t in;
    if ((st = surv_load(&a, &in)) != CLI_OK) return st;
    size_t n_all = in.n, m = 0;
    onc_km_t *kms = NULL;
    onc_logrank_t lr = {0};
    cli_output_t out;
    if ((st = landmark_select(&a, &in, &m)) == CLI_OK) {
        in.n = m;
        st = surv_km_fit_groups(&a, &in, &kms);
        if (st == CLI_OK) st = logrank_run(&a, &in, in.time, in.status, in.group.code, m, &lr);
        in.n = n_all;
    }
    if (st == CLI_OK && (st = cli_output_open(&out, a.output)) == CLI_OK) {
        landmark_write(out.fp, &a, &in, m, kms, &lr);
        st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    surv_km_free_all(kms, in.group.n_levels);
    onc_logrank_free(&lr);
    surv_input_free(&in);
    return st;
}

cli_command_t cli_stats_surv_commands[] = {
    {"km", cmd_stats_km, "Kaplan-Meier curves, medians, number at risk (R's survfit)"},
    {"logrank", cmd_stats_logrank, "log-rank and G-rho tests, Peto's hazard ratio, trend (survdiff)"},
    {"cox", cmd_stats_cox, "Cox proportional hazards, tests, concordance, cox.zph (coxph)"},
    {"rmst", cmd_stats_rmst, "restricted mean survival time and its contrasts (survRM2)"},
    {"landmark", cmd_stats_landmark, "survival by response status from a landmark time"},
    {NULL, NULL, NULL},
};
