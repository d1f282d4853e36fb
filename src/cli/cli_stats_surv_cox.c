/* cli_stats_surv_cox.c: `oncoboard stats cox`: the Cox model of stats_surv.h on a table's
 * columns. A covariate is numeric when every value reads as a number, else (or when --factors
 * names it) a factor dummy-coded as R's treatment contrasts, its reference level the first in
 * byte order or the one --ref VAR=LEVEL names. */
#include "cli_stats_surv.h"

#include "oncoboard/jsonw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void cox_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   The Cox proportional-hazards model as R's coxph: Efron or Breslow ties, strata,\n"
                "         factors dummy-coded with a chosen reference, rows with a missing value left out\n"
                "         and counted; Wald intervals, the likelihood-ratio, Wald and score tests,\n"
                "         concordance, and (--zph) the proportional-hazards test of cox.zph. Interaction\n"
                "         terms are tested by Wald and by the likelihood ratio (anova(coxph)); --by gives the\n"
                "         treatment's hazard ratio per subgroup, the analysis of a predictive biomarker.\n"
                "Usage:   oncoboard stats cox --data F --time T --event E --covariates A,B,.. [options]\n"
                "         oncoboard stats cox ... --covariates TRT[,ADJ..] --by V1,.. [--forest FILE.svg]\n"
                "\n"
                "Options:\n"
                "    --covariates A,B,..  the model's terms as R's formula: A:B an interaction, A*B for A, B\n"
                "                         and A:B; a column that is not all numbers is a factor\n"
                "    --factors A,..       these columns are factors even when numeric\n"
                "    --ref VAR=LEVEL      the reference level of factor VAR [the first in byte order]\n"
                "    (--cut NAME=COL:RULE, shared by every analysis, makes a high/low factor: e.g.\n"
                "     --cut btmb16=btmb:16 --covariates TRT01P*btmb16)\n"
                "    --by V1,V2,..        subgroups: the first covariate's (the treatment's) hazard ratio\n"
                "                         within each level of each V, and the test of the treatment:V\n"
                "                         interaction (Wald and likelihood ratio)\n"
                "    --forest FILE.svg    with --by: the subgroup forest plot\n"
                "    --strata S           a stratified model (a baseline hazard per level of S)\n"
                "    --ties efron|breslow [efron, as coxph]\n"
                "    --eps E              convergence: relative change of the log-likelihood [1e-9, as coxph]\n"
                "    --max-iter N         [20]\n"
                "    --conf-level L       [0.95]\n"
                "    --zph                add the test of proportional hazards (cox.zph, KM transform)\n"
                "  Harrell's optimism-corrected C-index (docs/stats.md):\n"
                CLI_BOOT_HELP
                "    --format tsv|json    [tsv]; -o FILE\n"
                "    (and --data, --time, --event as for km)\n"
                "\n");
}

void surv_design_spec(const surv_args_t *a, onc_design_spec_t *s)
{
    *s = (onc_design_spec_t){a->covariates, a->factors, a->cov_refs, a->n_cov_refs, NULL, 0, false};
}

onc_rc surv_build_design(const surv_args_t *a, const surv_input_t *in, onc_design_t *x, onc_err_t *err)
{
    onc_design_spec_t s;
    surv_design_spec(a, &s);
    return onc_design_build(x, in->f, &s, err);
}

static void test_json(FILE *fp, const char *key, double stat, int df, double p, int first)
{
    onc_jsonw_key(fp, key, first);
    fputc('{', fp);
    onc_jsonw_member_num(fp, "stat", stat, 1);
    onc_jsonw_member_int(fp, "df", df, 0, 0);
    onc_jsonw_member_num(fp, "p", p, 0);
    fputc('}', fp);
}

/* What a fit may carry beside its coefficients (NULL when not asked for). tests[t] is the test
 * of term t, filled for the interaction terms. */
typedef struct cox_extra {
    const onc_cox_zph_t *z;
    const onc_optimism_t *opt;
    const onc_cox_term_test_t *tests;
} cox_extra_t;

void surv_term_test_json(FILE *fp, const char *name, const onc_cox_term_test_t *t, int first)
{
    fprintf(fp, "%s{", first ? "" : ",");
    onc_jsonw_member_str(fp, "term", name, 1);
    test_json(fp, "wald", t->wald, t->df, t->wald_p, 0);
    test_json(fp, "likelihood_ratio", t->lrt, t->df, t->lrt_p, 0);
    fputc('}', fp);
}

void surv_term_test_tsv(FILE *fp, const char *name, const onc_cox_term_test_t *t)
{
    fprintf(fp, "# interaction %s: Wald %s on %d df, p = %s; likelihood ratio %s on %d df, p = %s\n", name,
            NUM(t->wald), t->df, NUM6(t->wald_p), NUM(t->lrt), t->df, NUM6(t->lrt_p));
}

static void cox_json(FILE *fp, const surv_args_t *a, const onc_design_t *x, const onc_cox_t *f, const cox_extra_t *e)
{
    const onc_cox_zph_t *z = e->z;
    const onc_optimism_t *opt = e->opt;
    fprintf(fp, "{");
    onc_jsonw_member_int(fp, "n", (int64_t)f->n, 0, 1);
    onc_jsonw_member_int(fp, "events", (int64_t)f->n_events, 0, 0);
    onc_jsonw_member_int(fp, "n_missing", (int64_t)f->n_missing, 0, 0);
    onc_jsonw_member_str(fp, "ties", a->cox.ties == ONC_TIES_EFRON ? "efron" : "breslow", 0);
    onc_jsonw_key(fp, "coefficients", 0);
    fputc('[', fp);
    for (size_t j = 0; j < x->p; j++) {
        fprintf(fp, "%s\n{", j ? "," : "");
        onc_jsonw_member_str(fp, "name", x->names[j], 1);
        onc_jsonw_member_num(fp, "coef", f->coef[j], 0);
        onc_jsonw_member_num(fp, "se", f->se[j], 0);
        onc_jsonw_member_num(fp, "hr", f->hr[j], 0);
        onc_jsonw_member_num(fp, "hr_lower", f->hr_lower[j], 0);
        onc_jsonw_member_num(fp, "hr_upper", f->hr_upper[j], 0);
        onc_jsonw_member_num(fp, "z", f->z[j], 0);
        onc_jsonw_member_num(fp, "p", f->pvalue[j], 0);
        fputc('}', fp);
    }
    fprintf(fp, "],\n");
    onc_jsonw_key(fp, "loglik", 1);
    fputc('[', fp);
    onc_jsonw_double(fp, f->loglik0);
    fputc(',', fp);
    onc_jsonw_double(fp, f->loglik);
    fputc(']', fp);
    onc_jsonw_key(fp, "tests", 0);
    fputc('{', fp);
    test_json(fp, "likelihood_ratio", f->lrt, f->df, f->lrt_p, 1);
    test_json(fp, "wald", f->wald, f->df, f->wald_p, 0);
    test_json(fp, "score", f->score, f->df, f->score_p, 0);
    fputc('}', fp);
    size_t k = 0; /* "interactions" only when the model has some: the output of other models stays as it was */
    for (size_t t = 0; t < x->n_terms; t++) {
        if (x->term_a[t] < 0) continue;
        if (!k) onc_jsonw_key(fp, "interactions", 0), fputc('[', fp);
        surv_term_test_json(fp, x->term_names[t], &e->tests[t], !k++);
    }
    if (k) fputc(']', fp);
    onc_jsonw_member_num(fp, "concordance", f->concordance, 0);
    onc_jsonw_member_num(fp, "concordance_se", f->concordance_se, 0);
    if (opt) {
        onc_jsonw_member_num(fp, "c_index_apparent", opt->apparent, 0);
        onc_jsonw_member_num(fp, "c_index_optimism", opt->optimism, 0);
        onc_jsonw_member_num(fp, "c_index_corrected", opt->corrected, 0);
        onc_jsonw_member_int(fp, "bootstrap_used", (long long)opt->used, 0, 0);
        onc_jsonw_member_int(fp, "bootstrap_skipped", (long long)opt->skipped, 0, 0);
        if (a->boot.resamples) onc_jsonw_member_num(fp, "seed", NAN, 0); /* given resamples: none */
        else onc_jsonw_member_int(fp, "seed", (long long)opt->seed, 0, 0);
    }
    onc_jsonw_member_int(fp, "iterations", f->iter, 0, 0);
    onc_jsonw_key(fp, "converged", 0);
    fputs(f->converged ? "true" : "false", fp);
    if (z) {
        onc_jsonw_key(fp, "zph", 0);
        fprintf(fp, "{\"terms\":[");
        for (size_t t = 0; t < z->n_terms; t++) {
            fprintf(fp, "%s{", t ? "," : "");
            onc_jsonw_member_str(fp, "name", x->term_names[t], 1);
            onc_jsonw_member_num(fp, "chisq", z->chisq[t], 0);
            onc_jsonw_member_int(fp, "df", z->df[t], 0, 0);
            onc_jsonw_member_num(fp, "p", z->pvalue[t], 0);
            fputc('}', fp);
        }
        fputc(']', fp);
        test_json(fp, "global", z->global_chisq, z->global_df, z->global_p, 0);
        fputc('}', fp);
    }
    onc_jsonw_key(fp, "warnings", 0);
    fputc('[', fp);
    for (const char *s = f->warning; *s;) {
        size_t len = strcspn(s, ";");
        char buf[ONC_COX_WARN_MAX];
        memcpy(buf, s, len);
        buf[len] = 0;
        if (s != f->warning) fputc(',', fp);
        onc_jsonw_string(fp, buf);
        s += len;
        while (*s == ';' || *s == ' ') s++;
    }
    fprintf(fp, "]}\n");
}

static void cox_tsv(FILE *fp, const surv_args_t *a, const onc_design_t *x, const onc_cox_t *f, const cox_extra_t *e)
{
    const onc_cox_zph_t *z = e->z;
    const onc_optimism_t *opt = e->opt;
    fprintf(fp, "term\tcoef\tse\thr\thr_lower\thr_upper\tz\tp\n");
    for (size_t j = 0; j < x->p; j++)
        fprintf(fp, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x->names[j], NUM(f->coef[j]), NUM(f->se[j]), NUM(f->hr[j]),
                NUM(f->hr_lower[j]), NUM(f->hr_upper[j]), NUM(f->z[j]), NUM6(f->pvalue[j]));
    fprintf(fp, "# n %zu, events %zu (%zu rows with missing values left out); ties %s\n", f->n, f->n_events,
            f->n_missing, a->cox.ties == ONC_TIES_EFRON ? "efron" : "breslow");
    fprintf(fp, "# likelihood ratio %s on %d df, p = %s\n", NUM(f->lrt), f->df, NUM6(f->lrt_p));
    fprintf(fp, "# Wald %s on %d df, p = %s\n", NUM(f->wald), f->df, NUM6(f->wald_p));
    fprintf(fp, "# score %s on %d df, p = %s\n", NUM(f->score), f->df, NUM6(f->score_p));
    for (size_t t = 0; t < x->n_terms; t++)
        if (x->term_a[t] >= 0) surv_term_test_tsv(fp, x->term_names[t], &e->tests[t]);
    fprintf(fp, "# concordance %s (se %s)\n", NUM(f->concordance), NUM(f->concordance_se));
    if (opt && a->boot.resamples)
        fprintf(fp, "# bootstrap C-index: apparent %s, optimism %s, corrected %s (%zu resamples, %zu skipped, from a file)\n",
                NUM(opt->apparent), NUM(opt->optimism), NUM(opt->corrected), opt->used, opt->skipped);
    else if (opt)
        fprintf(fp, "# bootstrap C-index: apparent %s, optimism %s, corrected %s (%zu resamples, %zu skipped, seed %lu)\n",
                NUM(opt->apparent), NUM(opt->optimism), NUM(opt->corrected), opt->used, opt->skipped, opt->seed);
    if (z) {
        for (size_t t = 0; t < z->n_terms; t++)
            fprintf(fp, "# zph %s chisq %s on %d df, p = %s\n", x->term_names[t], NUM(z->chisq[t]),
                    z->df[t], NUM6(z->pvalue[t]));
        fprintf(fp, "# zph GLOBAL chisq %s on %d df, p = %s\n", NUM(z->global_chisq), z->global_df, NUM6(z->global_p));
    }
    if (*f->warning) fprintf(fp, "# warning: %s\n", f->warning);
}

/* The tests of every interaction term of the fit into tests (x->n_terms entries). */
static onc_rc interaction_tests(const surv_args_t *a, const surv_input_t *in, const onc_design_t *x,
                                const onc_cox_t *fit, onc_cox_term_test_t *tests, onc_err_t *err)
{
    const int *strata = in->has_strata ? in->strata.code : NULL;
    onc_rc rc = ONC_OK;
    for (size_t t = 0; rc == ONC_OK && t < x->n_terms; t++)
        if (x->term_a[t] >= 0)
            rc = onc_cox_term_test(in->time, in->status, x->x, in->n, x->p, strata, x->term, (int)t, &a->cox, fit,
                                   &tests[t], err);
    return rc;
}

int cmd_stats_cox(int argc, char **argv)
{
    surv_args_t a;
    int st = surv_parse(&a, argc, argv, cox_usage);
    if (st >= 0) return st;
    if (!a.covariates) return cli_usage_error(a.cmd, "--covariates is required");
    if (a.forest && !a.by) return cli_usage_error(a.cmd, "--forest draws the subgroups of --by (stats plot forest draws a model)");
    if (a.by && (a.zph || cli_boot_wanted(&a.boot)))
        return cli_usage_error(a.cmd, "--by does not combine with --zph, --bootstrap or --resamples");
    if ((st = cli_boot_check(a.cmd, &a.boot)) >= 0) return st;
    surv_input_t in;
    if ((st = surv_load(&a, &in)) != CLI_OK) return st;
    if (a.by) {
        st = surv_cox_subgroups(&a, &in);
        surv_input_free(&in);
        return st;
    }
    onc_design_t x = {0};
    onc_cox_t fit = {0};
    onc_cox_zph_t z = {0};
    onc_err_t err = {0};
    onc_cox_term_test_t *tests = NULL;
    const int *strata = in.has_strata ? in.strata.code : NULL;
    onc_rc rc = surv_build_design(&a, &in, &x, &err);
    if (rc == ONC_OK) rc = onc_cox_fit(in.time, in.status, x.x, in.n, x.p, strata, &a.cox, &fit, &err);
    if (rc == ONC_OK && !(tests = calloc(x.n_terms, sizeof *tests))) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) rc = interaction_tests(&a, &in, &x, &fit, tests, &err);
    if (rc == ONC_OK && a.zph)
        rc = onc_cox_zph(in.time, in.status, x.x, in.n, x.p, strata, x.term, &a.cox, &fit, &z, &err);
    onc_optimism_t opt;
    onc_resamples_t rs = {0};
    bool boot = cli_boot_wanted(&a.boot);
    st = CLI_OK;
    if (rc == ONC_OK && boot && (st = cli_boot_resamples(a.cmd, &a.boot, fit.n, &rs)) == CLI_OK)
        rc = onc_cox_cindex_optimism_rs(in.time, in.status, x.x, in.n, x.p, strata, &a.cox, &rs, &opt, &err);
    cli_output_t out;
    if (st == CLI_OK && rc != ONC_OK) st = surv_fail(a.cmd, &err);
    if (st == CLI_OK && (st = cli_output_open(&out, a.output)) == CLI_OK) {
        cox_extra_t e = {a.zph ? &z : NULL, boot ? &opt : NULL, tests};
        if (a.fmt == CLI_FMT_JSON) cox_json(out.fp, &a, &x, &fit, &e);
        else cox_tsv(out.fp, &a, &x, &fit, &e);
        st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    free(tests);
    onc_resamples_free(&rs);
    onc_cox_zph_free(&z);
    onc_cox_free(&fit);
    onc_design_free(&x);
    surv_input_free(&in);
    return st;
}
