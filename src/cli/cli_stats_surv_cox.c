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
                "         concordance, and (--zph) the proportional-hazards test of cox.zph.\n"
                "Usage:   oncoboard stats cox --data F --time T --event E --covariates A,B,.. [options]\n"
                "\n"
                "Options:\n"
                "    --covariates A,B,..  the model's columns; a column that is not all numbers is a factor\n"
                "    --factors A,..       these columns are factors even when numeric\n"
                "    --ref VAR=LEVEL      the reference level of factor VAR [the first in byte order]\n"
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

/* Whether name is in the comma list (NULL: no). */
static bool in_list(const char *list, const char *name, size_t len)
{
    for (const char *s = list; s && *s;) {
        size_t l = strcspn(s, ",");
        if (l == len && !strncmp(s, name, len)) return true;
        s += l + (s[l] == ',');
    }
    return false;
}

static const char *ref_of(const surv_args_t *a, const char *name)
{
    size_t len = strlen(name);
    for (size_t r = 0; r < a->n_cov_refs; r++)
        if (!strncmp(a->cov_refs[r], name, len) && a->cov_refs[r][len] == '=') return a->cov_refs[r] + len + 1;
    return NULL;
}

/* One covariate into the design: numeric when it reads as numbers and is not in --factors. */
static onc_rc add_covariate(const surv_args_t *a, const surv_input_t *in, const char *name, onc_design_t *x,
                            onc_err_t *err)
{
    if (!in_list(a->factors, name, strlen(name)) && !ref_of(a, name)) {
        double *v = malloc((in->n ? in->n : 1) * sizeof *v);
        if (!v) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        onc_err_t e2 = {0};
        onc_rc rc = onc_frame_numeric(in->f, name, v, NULL, &e2);
        if (rc == ONC_OK) rc = onc_design_add_numeric(x, name, v, err);
        free(v);
        if (rc != ONC_EPARSE) {
            if (rc != ONC_OK && e2.code) *err = e2;
            return rc;
        }
    }
    onc_factor_t fa;
    onc_rc rc = onc_frame_factor(in->f, name, ref_of(a, name), &fa, err);
    if (rc != ONC_OK) return rc;
    rc = onc_design_add_factor(x, name, fa.code, fa.levels, fa.n_levels, err);
    onc_factor_free(&fa);
    return rc;
}

onc_rc surv_build_design(const surv_args_t *a, const surv_input_t *in, onc_design_t *x, onc_err_t *err)
{
    onc_rc rc = onc_design_init(x, in->n, err);
    char name[256];
    for (const char *s = a->covariates; rc == ONC_OK && *s;) {
        size_t len = strcspn(s, ",");
        if (len == 0 || len >= sizeof name)
            return onc_err_set(err, ONC_EINVAL, "--covariates: an empty or too long name");
        memcpy(name, s, len);
        name[len] = 0;
        rc = add_covariate(a, in, name, x, err);
        s += len + (s[len] == ',');
    }
    return rc;
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

/* The term names of the design: the covariate names in order. */
static const char *term_name(const surv_args_t *a, size_t t, char *buf, size_t cap)
{
    const char *s = a->covariates;
    for (size_t i = 0; i < t && s; i++) {
        s = strchr(s, ',');
        if (s) s++;
    }
    size_t len = s ? strcspn(s, ",") : 0;
    if (len >= cap) len = cap - 1;
    memcpy(buf, s ? s : "", len);
    buf[len] = 0;
    return buf;
}

static void cox_json(FILE *fp, const surv_args_t *a, const onc_design_t *x, const onc_cox_t *f, const onc_cox_zph_t *z,
                     const onc_optimism_t *opt)
{
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
        char buf[256];
        for (size_t t = 0; t < z->n_terms; t++) {
            fprintf(fp, "%s{", t ? "," : "");
            onc_jsonw_member_str(fp, "name", term_name(a, t, buf, sizeof buf), 1);
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

static void cox_tsv(FILE *fp, const surv_args_t *a, const onc_design_t *x, const onc_cox_t *f, const onc_cox_zph_t *z,
                    const onc_optimism_t *opt)
{
    fprintf(fp, "term\tcoef\tse\thr\thr_lower\thr_upper\tz\tp\n");
    for (size_t j = 0; j < x->p; j++)
        fprintf(fp, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x->names[j], NUM(f->coef[j]), NUM(f->se[j]), NUM(f->hr[j]),
                NUM(f->hr_lower[j]), NUM(f->hr_upper[j]), NUM(f->z[j]), NUM6(f->pvalue[j]));
    fprintf(fp, "# n %zu, events %zu (%zu rows with missing values left out); ties %s\n", f->n, f->n_events,
            f->n_missing, a->cox.ties == ONC_TIES_EFRON ? "efron" : "breslow");
    fprintf(fp, "# likelihood ratio %s on %d df, p = %s\n", NUM(f->lrt), f->df, NUM6(f->lrt_p));
    fprintf(fp, "# Wald %s on %d df, p = %s\n", NUM(f->wald), f->df, NUM6(f->wald_p));
    fprintf(fp, "# score %s on %d df, p = %s\n", NUM(f->score), f->df, NUM6(f->score_p));
    fprintf(fp, "# concordance %s (se %s)\n", NUM(f->concordance), NUM(f->concordance_se));
    if (opt && a->boot.resamples)
        fprintf(fp, "# bootstrap C-index: apparent %s, optimism %s, corrected %s (%zu resamples, %zu skipped, from a file)\n",
                NUM(opt->apparent), NUM(opt->optimism), NUM(opt->corrected), opt->used, opt->skipped);
    else if (opt)
        fprintf(fp, "# bootstrap C-index: apparent %s, optimism %s, corrected %s (%zu resamples, %zu skipped, seed %lu)\n",
                NUM(opt->apparent), NUM(opt->optimism), NUM(opt->corrected), opt->used, opt->skipped, opt->seed);
    if (z) {
        char buf[256];
        for (size_t t = 0; t < z->n_terms; t++)
            fprintf(fp, "# zph %s chisq %s on %d df, p = %s\n", term_name(a, t, buf, sizeof buf), NUM(z->chisq[t]),
                    z->df[t], NUM6(z->pvalue[t]));
        fprintf(fp, "# zph GLOBAL chisq %s on %d df, p = %s\n", NUM(z->global_chisq), z->global_df, NUM6(z->global_p));
    }
    if (*f->warning) fprintf(fp, "# warning: %s\n", f->warning);
}

int cmd_stats_cox(int argc, char **argv)
{
    surv_args_t a;
    int st = surv_parse(&a, argc, argv, cox_usage);
    if (st >= 0) return st;
    if (!a.covariates) return cli_usage_error(a.cmd, "--covariates is required");
    if ((st = cli_boot_check(a.cmd, &a.boot)) >= 0) return st;
    surv_input_t in;
    if ((st = surv_load(&a, &in)) != CLI_OK) return st;
    onc_design_t x = {0};
    onc_cox_t fit = {0};
    onc_cox_zph_t z = {0};
    onc_err_t err = {0};
    const int *strata = in.has_strata ? in.strata.code : NULL;
    onc_rc rc = surv_build_design(&a, &in, &x, &err);
    if (rc == ONC_OK) rc = onc_cox_fit(in.time, in.status, x.x, in.n, x.p, strata, &a.cox, &fit, &err);
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
        const onc_optimism_t *o = boot ? &opt : NULL;
        if (a.fmt == CLI_FMT_JSON) cox_json(out.fp, &a, &x, &fit, a.zph ? &z : NULL, o);
        else cox_tsv(out.fp, &a, &x, &fit, a.zph ? &z : NULL, o);
        st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    onc_resamples_free(&rs);
    onc_cox_zph_free(&z);
    onc_cox_free(&fit);
    onc_design_free(&x);
    surv_input_free(&in);
    return st;
}
