/* cli_stats_surv_subgroup.c: `oncoboard stats cox --by V1,V2 ...`: is a biomarker predictive?
 * The first covariate is the treatment (one column: a two-level factor or a number); for each
 * --by variable, the treatment's hazard ratio within each of its levels (the model of
 * --covariates fitted on that level's rows, as R's coxph(..., subset = V == level)), and the
 * test of the treatment-by-V interaction in the model covariates + V + treatment:V on all rows
 * (Wald, and the likelihood ratio that anova(coxph) gives for the last term). --forest draws
 * them as the subgroup forest plot of a trial report. */
#include "cli_stats_surv.h"

#include "oncoboard/jsonw.h"
#include "oncoboard/plot.h"
#include "oncoboard/strbuf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SUBGROUP_MAX_VARS 32
#define SUBGROUP_NAME_MAX 256

typedef struct subgroup_var {
    char name[SUBGROUP_NAME_MAX];
    onc_factor_t fa;
    char labels[2][ONC_DESIGN_CUT_MAX];
    onc_cox_subgroup_t *levels;
    onc_cox_term_test_t test;
    char term[2 * SUBGROUP_NAME_MAX + 2];
} subgroup_var_t;

typedef struct subgroups {
    onc_design_t x;               /* the model of --covariates on all rows */
    onc_cox_subgroup_t overall;   /* its treatment estimate */
    subgroup_var_t vars[SUBGROUP_MAX_VARS];
    size_t n_vars;
} subgroups_t;

static void subgroups_free(subgroups_t *s)
{
    for (size_t v = 0; v < s->n_vars; v++) {
        onc_factor_free(&s->vars[v].fa);
        free(s->vars[v].levels);
    }
    onc_design_free(&s->x);
}

/* The interaction test of treatment:var in covariates + var + treatment:var. */
static onc_rc interaction(const surv_args_t *a, const surv_input_t *in, const char *treatment, subgroup_var_t *v,
                          onc_err_t *err)
{
    char terms[4096], factors[4096];
    int lt = snprintf(terms, sizeof terms, "%s,%s,%s:%s", a->covariates, v->name, treatment, v->name);
    int lf = snprintf(factors, sizeof factors, "%s%s%s", a->factors ? a->factors : "", a->factors ? "," : "", v->name);
    if (lt < 0 || lf < 0 || (size_t)lt >= sizeof terms || (size_t)lf >= sizeof factors)
        return onc_err_set(err, ONC_ELIMIT, "--covariates and --by: too long");
    char term[sizeof v->term];
    snprintf(term, sizeof term, "%s:%s", treatment, v->name);
    memcpy(v->term, term, sizeof term);
    onc_design_spec_t spec;
    surv_design_spec(a, &spec);
    spec.terms = terms, spec.factors = factors;
    onc_design_t x = {0};
    onc_cox_t fit = {0};
    const int *strata = in->has_strata ? in->strata.code : NULL;
    onc_rc rc = onc_design_build(&x, in->f, &spec, err);
    if (rc == ONC_OK) rc = onc_cox_fit(in->time, in->status, x.x, in->n, x.p, strata, &a->cox, &fit, err);
    int t = rc == ONC_OK ? onc_design_find_term(&x, v->term) : -1;
    if (rc == ONC_OK && t < 0) rc = onc_err_set(err, ONC_EINVAL, "--by %s: the interaction is not in the model", v->name);
    if (rc == ONC_OK)
        rc = onc_cox_term_test(in->time, in->status, x.x, in->n, x.p, strata, x.term, t, &a->cox, &fit, &v->test, err);
    onc_cox_free(&fit);
    onc_design_free(&x);
    return rc;
}

static onc_rc one_var(const surv_args_t *a, const surv_input_t *in, subgroups_t *s, subgroup_var_t *v, onc_err_t *err)
{
    onc_design_spec_t spec;
    surv_design_spec(a, &spec);
    const int *strata = in->has_strata ? in->strata.code : NULL;
    if (!strcmp(v->name, s->x.term_names[0]))
        return onc_err_set(err, ONC_EINVAL, "--by %s: the subgroups cannot be the treatment's own arms", v->name);
    onc_rc rc = onc_design_factor(in->f, &spec, v->name, &v->fa, v->labels, err);
    if (rc == ONC_OK && v->fa.n_levels < 2)
        rc = onc_err_set(err, ONC_EINVAL, "--by %s: the column has fewer than two values", v->name);
    if (rc == ONC_OK && !(v->levels = calloc(v->fa.n_levels, sizeof *v->levels)))
        rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK)
        rc = onc_cox_subgroups(in->time, in->status, s->x.x, in->n, s->x.p, strata, v->fa.code, v->fa.n_levels, 0,
                               &a->cox, v->levels, err);
    if (rc == ONC_OK) rc = interaction(a, in, s->x.term_names[0], v, err);
    return rc;
}

/* The treatment on every row: one subgroup holding everyone. */
static onc_rc overall(const surv_args_t *a, const surv_input_t *in, subgroups_t *s, onc_err_t *err)
{
    int *code = calloc(in->n ? in->n : 1, sizeof *code);
    if (!code) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = onc_cox_subgroups(in->time, in->status, s->x.x, in->n, s->x.p, in->has_strata ? in->strata.code : NULL,
                                  code, 1, 0, &a->cox, &s->overall, err);
    free(code);
    return rc;
}

static onc_rc subgroups_run(const surv_args_t *a, const surv_input_t *in, subgroups_t *s, onc_err_t *err)
{
    onc_rc rc = surv_build_design(a, in, &s->x, err);
    if (rc == ONC_OK && s->x.p && (s->x.term[0] != 0 || (s->x.p > 1 && s->x.term[1] == 0)))
        rc = onc_err_set(err, ONC_EINVAL, "--by: the first covariate, the treatment, must be one column (a number or a "
                                          "factor of two levels)");
    if (rc == ONC_OK) rc = overall(a, in, s, err);
    for (const char *b = a->by; rc == ONC_OK && *b;) {
        size_t len = strcspn(b, ",");
        if (len == 0 || len >= SUBGROUP_NAME_MAX) return onc_err_set(err, ONC_EINVAL, "--by: an empty or too long name");
        if (s->n_vars >= SUBGROUP_MAX_VARS) return onc_err_set(err, ONC_ELIMIT, "--by: more than %d variables", SUBGROUP_MAX_VARS);
        subgroup_var_t *v = &s->vars[s->n_vars++];
        memcpy(v->name, b, len);
        v->name[len] = 0;
        rc = one_var(a, in, s, v, err);
        b += len + (b[len] == ',');
    }
    return rc;
}

/* ---------------------------------------------------------------- output */

static void level_tsv(FILE *fp, const char *var, const char *level, const onc_cox_subgroup_t *g)
{
    fprintf(fp, "%s\t%s\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s\t%s\n", var, level, g->n, g->n_events, NUM(g->coef), NUM(g->se),
            NUM(g->hr), NUM(g->hr_lower), NUM(g->hr_upper), NUM6(g->p));
}

static void note_tsv(FILE *fp, const char *var, const char *level, const onc_cox_subgroup_t *g)
{
    if (*g->note) fprintf(fp, "# %s %s: %s\n", var, level, g->note);
}

static void subgroups_tsv(FILE *fp, const subgroups_t *s)
{
    fprintf(fp, "subgroup\tlevel\tn\tevents\tcoef\tse\thr\thr_lower\thr_upper\tp\n");
    level_tsv(fp, "all", "all", &s->overall);
    for (size_t v = 0; v < s->n_vars; v++)
        for (size_t l = 0; l < s->vars[v].fa.n_levels; l++)
            level_tsv(fp, s->vars[v].name, s->vars[v].fa.levels[l], &s->vars[v].levels[l]);
    fprintf(fp, "# treatment: the column %s (hazard ratio within each subgroup)\n", s->x.names[0]);
    note_tsv(fp, "all", "all", &s->overall);
    for (size_t v = 0; v < s->n_vars; v++) {
        for (size_t l = 0; l < s->vars[v].fa.n_levels; l++)
            note_tsv(fp, s->vars[v].name, s->vars[v].fa.levels[l], &s->vars[v].levels[l]);
        surv_term_test_tsv(fp, s->vars[v].term, &s->vars[v].test);
    }
}

static void level_json(FILE *fp, const char *level, const onc_cox_subgroup_t *g, int first)
{
    fprintf(fp, "%s{", first ? "" : ",");
    onc_jsonw_member_str(fp, "level", level, 1);
    onc_jsonw_member_int(fp, "n", (int64_t)g->n, 0, 0);
    onc_jsonw_member_int(fp, "events", (int64_t)g->n_events, 0, 0);
    static const char *keys[] = {"coef", "se", "hr", "hr_lower", "hr_upper", "z", "p"};
    double vals[] = {g->coef, g->se, g->hr, g->hr_lower, g->hr_upper, g->z, g->p};
    for (size_t k = 0; k < 7; k++) onc_jsonw_member_num(fp, keys[k], vals[k], 0);
    if (*g->note) onc_jsonw_member_str(fp, "note", g->note, 0);
    fputc('}', fp);
}

static void subgroups_json(FILE *fp, const subgroups_t *s)
{
    fputc('{', fp);
    onc_jsonw_member_str(fp, "treatment", s->x.names[0], 1);
    onc_jsonw_key(fp, "all", 0);
    level_json(fp, "all", &s->overall, 1);
    onc_jsonw_key(fp, "subgroups", 0);
    fputc('[', fp);
    for (size_t v = 0; v < s->n_vars; v++) {
        const subgroup_var_t *sv = &s->vars[v];
        fprintf(fp, "%s\n{", v ? "," : "");
        onc_jsonw_member_str(fp, "variable", sv->name, 1);
        onc_jsonw_key(fp, "levels", 0);
        fputc('[', fp);
        for (size_t l = 0; l < sv->fa.n_levels; l++) level_json(fp, sv->fa.levels[l], &sv->levels[l], !l);
        fputc(']', fp);
        onc_jsonw_key(fp, "interaction", 0);
        surv_term_test_json(fp, sv->term, &sv->test, 1);
        fputc('}', fp);
    }
    fprintf(fp, "]}\n");
}

/* ---------------------------------------------------------------- forest plot */

static void level_row(onc_plot_forest_row_t *r, onc_plot_forest_style_t *st, const char *label,
                      const onc_cox_subgroup_t *g, int indent)
{
    bool ok = isfinite(g->hr) && isfinite(g->hr_lower) && isfinite(g->hr_upper);
    *r = (onc_plot_forest_row_t){label, ok ? g->hr : NAN, g->hr_lower, g->hr_upper, NAN};
    *st = (onc_plot_forest_style_t){false, !ok, indent, (long)g->n};
}

static int subgroups_forest(const surv_args_t *a, const subgroups_t *s)
{
    size_t n = 1;
    for (size_t v = 0; v < s->n_vars; v++) n += 1 + s->vars[v].fa.n_levels;
    onc_plot_forest_row_t *rows = calloc(n, sizeof *rows);
    onc_plot_forest_style_t *styles = calloc(n, sizeof *styles);
    if (!rows || !styles) {
        free(rows), free(styles);
        return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    }
    size_t k = 0;
    level_row(&rows[k], &styles[k], "All patients", &s->overall, 0), k++;
    for (size_t v = 0; v < s->n_vars; v++) {
        const subgroup_var_t *sv = &s->vars[v];
        rows[k] = (onc_plot_forest_row_t){sv->name, NAN, NAN, NAN, sv->test.lrt_p};
        styles[k++] = (onc_plot_forest_style_t){true, false, 0, 0};
        for (size_t l = 0; l < sv->fa.n_levels; l++)
            level_row(&rows[k], &styles[k], sv->fa.levels[l], &sv->levels[l], 1), k++;
    }
    char title[512];
    const char *trt = s->x.term_names[0], *ref = s->x.term_ref[0];
    if (ref) snprintf(title, sizeof title, "%s %s vs %s: hazard ratio by subgroup", trt, s->x.names[0] + strlen(trt), ref);
    else snprintf(title, sizeof title, "%s (per unit): hazard ratio by subgroup", trt);
    onc_plot_forest_t p = {{title, "Hazard ratio", "HR (95% CI)", 0, 0}, rows, k, "p (interaction)", "Subgroup", styles};
    onc_strbuf_t svg = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    int st = onc_plot_forest(&svg, &p, &err) == ONC_OK ? CLI_OK : surv_fail(a->cmd, &err);
    cli_output_t out;
    if (st == CLI_OK && cli_output_open(&out, a->forest) != 0) st = CLI_BAD_INPUT;
    if (st == CLI_OK) {
        fputs(onc_strbuf_str(&svg), out.fp);
        st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    onc_strbuf_free(&svg);
    free(rows), free(styles);
    return st;
}

int surv_cox_subgroups(const surv_args_t *a, const surv_input_t *in)
{
    subgroups_t *s = calloc(1, sizeof *s);
    if (!s) return cli_error(a->cmd, "out of memory"), CLI_INTERNAL;
    onc_err_t err = {0};
    int st = CLI_OK;
    if (subgroups_run(a, in, s, &err) != ONC_OK) st = surv_fail(a->cmd, &err);
    if (st == CLI_OK && a->forest) st = subgroups_forest(a, s);
    cli_output_t out;
    if (st == CLI_OK && (st = cli_output_open(&out, a->output)) == CLI_OK) {
        if (a->fmt == CLI_FMT_JSON) subgroups_json(out.fp, s);
        else subgroups_tsv(out.fp, s);
        st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    subgroups_free(s);
    free(s);
    return st;
}
