/* cli_stats_subset.c: the options every `oncoboard stats` analysis takes on its table:
 * --where EXPR (rows kept), --cut NAME=COL:RULE (a derived high/low column) and, on a
 * cBioPortal study, --sample-where EXPR (the sample that represents each patient).
 *
 * They are taken out of the command line by the dispatcher (cmd_stats, cli_stats.c) before the
 * analysis parses the rest, and applied by cli_stats_table when the analysis reads its table, so
 * that every analysis, those written later included, has them without an option entry of its
 * own and without changing how it calls cli_stats_table. What they hold is set once per process,
 * before the analysis starts, and only read after: the one piece of file-level state in the
 * stats CLI, kept here beside the functions that read it. The library does the work (frame.h's
 * conditions and cuts, stats_cohort.h's sample choice); this file parses, applies and reports. */
#include "cli_stats.h"
#include "oncoboard/frame.h"
#include "oncoboard/stats_cohort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SUBSET_MAX 32 /* of each option */

static struct {
    onc_frame_cond_t where[SUBSET_MAX], sample_where[SUBSET_MAX];
    onc_frame_cut_t cut[SUBSET_MAX];
    size_t n_where, n_sample_where, n_cut;
    bool applied; /* a table was read with them */
} subset;

void cli_stats_subset_usage(FILE *fp)
{
    fprintf(fp, "Subsets and derived groups (every analysis; docs/stats.md):\n"
                "    --where EXPR         keep the rows where EXPR holds (repeatable: all must): COL=V, COL!=V,\n"
                "                         COL<V, COL<=V, COL>V, COL>=V, COL in A|B|C; a missing cell fails\n"
                "    --cut NAME=COL:RULE  add a column NAME, 'high' where COL >= the cut-point, else 'low' (the\n"
                "                         reference): RULE a number, median or qP (R's quantile type 7, q0.8 =\n"
                "                         top 20%%); RULE/within G: the quantile within each level of G\n"
                "    --sample-where EXPR  --study, one row per patient: its first sample where EXPR holds\n"
                "                         represents it (patients without one are left out)\n"
                "\n");
}

void cli_stats_subset_check_used(const char *cmd)
{
    if (!subset.applied && subset.n_where + subset.n_cut + subset.n_sample_where)
        cli_error(cmd, "warning: --where, --cut and --sample-where were not used: this analysis read no table");
}

void cli_stats_subset_reset(void)
{
    for (size_t k = 0; k < subset.n_where; k++) onc_frame_cond_free(&subset.where[k]);
    for (size_t k = 0; k < subset.n_sample_where; k++) onc_frame_cond_free(&subset.sample_where[k]);
    for (size_t k = 0; k < subset.n_cut; k++) onc_frame_cut_free(&subset.cut[k]);
    memset(&subset, 0, sizeof subset);
}

/* Parses one option's value into the state. -1 to go on, or the exit status. */
static int take_one(const char *cmd, const char *opt, const char *v)
{
    onc_err_t err = {0};
    onc_rc rc = ONC_OK;
    bool cut = strcmp(opt, "cut") == 0, sample = strcmp(opt, "sample-where") == 0;
    size_t *n = cut ? &subset.n_cut : sample ? &subset.n_sample_where : &subset.n_where;
    if (*n >= SUBSET_MAX) return cli_usage_error(cmd, "more than %d --%s options", SUBSET_MAX, opt);
    if (cut) rc = onc_frame_cut_parse(v, &subset.cut[*n], &err);
    else rc = onc_frame_cond_parse(v, sample ? &subset.sample_where[*n] : &subset.where[*n], &err);
    if (rc != ONC_OK) return cli_usage_error(cmd, "--%s %s", opt, err.msg);
    (*n)++;
    return -1;
}

/* The option argv[i] names, when it is one of ours ("where", "--where=V" too): its name, and in
 * *value the value (NULL when it is the next argument). */
static const char *ours(const char *arg, const char **value)
{
    static const char *const names[] = {"where", "cut", "sample-where"};
    *value = NULL;
    if (strncmp(arg, "--", 2) != 0) return NULL;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t len = strlen(names[k]);
        if (strncmp(arg + 2, names[k], len) != 0) continue;
        if (arg[2 + len] == '=') *value = arg + 3 + len;
        if (arg[2 + len] == '=' || arg[2 + len] == '\0') return names[k];
    }
    return NULL;
}

int cli_stats_subset_take(const char *cmd, int *argc, char **argv)
{
    cli_stats_subset_reset();
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *value = NULL, *name = strcmp(argv[i], "--") == 0 ? NULL : ours(argv[i], &value);
        if (!name) {
            argv[out++] = argv[i];
            continue;
        }
        if (!value && i + 1 >= *argc) return cli_usage_error(cmd, "--%s needs a value", name);
        int st = take_one(cmd, name, value ? value : argv[++i]);
        if (st >= 0) return st;
    }
    argv[out] = NULL;
    *argc = out;
    return -1;
}

/* ---------------------------------------------------------------- applying them */

static int fail(const char *cmd, const onc_err_t *err)
{
    cli_error(cmd, "%s", err->msg);
    return cli_status_of(err->code);
}

int cli_stats_subset_study_frame(const char *cmd, const onc_cbio_clinical_t *c, const char *dir, bool per_sample,
                                 onc_frame_t **out)
{
    subset.applied = true;
    onc_err_t err = {0};
    *out = NULL;
    if (per_sample) {
        if (subset.n_sample_where)
            cli_error(cmd, "note: --sample-where has no effect with --per-sample (use --where on the sample rows)");
        return onc_frame_from_cbio(c, true, dir, out, &err) == ONC_OK ? CLI_OK : fail(cmd, &err);
    }
    onc_cbio_pick_t pick;
    if (onc_frame_from_cbio_pick(c, subset.sample_where, subset.n_sample_where, dir, out, &pick, &err) != ONC_OK)
        return fail(cmd, &err);
    if (subset.n_sample_where)
        cli_error(cmd, "note: --sample-where: %zu patients have a matching sample, %zu have none and are left out",
                  onc_frame_rows(*out), pick.n_none);
    if (pick.n_several)
        cli_error(cmd,
                  "note: patients with several %ssamples: %zu; the first in the sample file represents each "
                  "(choose with --sample-where, or use --per-sample)",
                  subset.n_sample_where ? "matching " : "", pick.n_several);
    return CLI_OK;
}

/* The --where conditions on columns the table has before the cuts (derived: false), or on the
 * columns the cuts add (true), into conds; their number. */
static size_t where_pass(bool derived, onc_frame_cond_t *conds)
{
    size_t m = 0;
    for (size_t k = 0; k < subset.n_where; k++) {
        bool is_cut = false;
        for (size_t c = 0; c < subset.n_cut; c++) is_cut |= strcmp(subset.cut[c].name, subset.where[k].col) == 0;
        if (is_cut == derived) conds[m++] = subset.where[k];
    }
    return m;
}

static int apply_where(const char *cmd, onc_frame_t *f, bool derived)
{
    onc_frame_cond_t conds[SUBSET_MAX];
    size_t n_conds = where_pass(derived, conds);
    if (n_conds == 0) return CLI_OK;
    size_t n = onc_frame_rows(f);
    bool *keep = malloc((n ? n : 1) * sizeof *keep);
    if (!keep) return cli_error(cmd, "out of memory"), CLI_INTERNAL;
    for (size_t i = 0; i < n; i++) keep[i] = true;
    onc_err_t err = {0};
    onc_rc rc = onc_frame_cond_eval(f, conds, n_conds, keep, &err);
    if (rc == ONC_OK) onc_frame_keep_rows(f, keep);
    free(keep);
    if (rc != ONC_OK) return fail(cmd, &err);
    size_t m = onc_frame_rows(f);
    cli_error(cmd, "note: --where%s kept %zu of %zu rows (%zu left out)", derived ? " (on --cut columns)" : "", m, n,
              n - m);
    if (m == 0) return cli_error(cmd, "no row passes --where"), CLI_BAD_INPUT;
    return CLI_OK;
}

/* "q0.8 of COL", "median of COL" or ">= X" */
static void describe_rule(const onc_frame_cut_t *c, char *buf, size_t cap)
{
    if (!c->quantile) snprintf(buf, cap, "%s >= %.10g", c->col, c->value);
    else if (c->value == 0.5) snprintf(buf, cap, "%s >= its median", c->col);
    else snprintf(buf, cap, "%s >= its q%.10g", c->col, c->value);
}

static int apply_cut(const char *cmd, onc_frame_t *f, const onc_frame_cut_t *c)
{
    onc_err_t err = {0};
    onc_cut_result_t r;
    if (onc_frame_cut_apply(f, c, &r, &err) != ONC_OK) return fail(cmd, &err);
    char rule[300];
    describe_rule(c, rule, sizeof rule);
    cli_error(cmd, "note: --cut %s: high where %s%s%s (%zu rows missing)", c->name, rule,
              c->within ? ", within each level of " : "", c->within ? c->within : "", r.n_missing);
    for (size_t k = 0; k < r.n_points; k++) {
        const onc_cut_point_t *p = &r.points[k];
        if (isnan(p->cut))
            cli_error(cmd, "note: --cut %s: %s%sno value of %s, no cut-point", c->name, p->level ? p->level : "",
                      p->level ? ": " : "", c->col);
        else
            cli_error(cmd, "note: --cut %s: %s%scut-point %.10g: %zu high, %zu low", c->name, p->level ? p->level : "",
                      p->level ? ": " : "", p->cut, p->n_high, p->n - p->n_high);
    }
    onc_cut_result_free(&r);
    return CLI_OK;
}

/* The conditions on the table's own columns first, the cuts on the rows they keep, then the
 * conditions on the cuts' columns (`--cut top=TMB:q0.8 --where top=high`). */
int cli_stats_subset_apply(const char *cmd, onc_frame_t *f)
{
    subset.applied = true;
    int st = apply_where(cmd, f, false);
    for (size_t k = 0; st == CLI_OK && k < subset.n_cut; k++) st = apply_cut(cmd, f, &subset.cut[k]);
    return st == CLI_OK ? apply_where(cmd, f, true) : st;
}
