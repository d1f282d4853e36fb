/* cli_stats_report.c: `oncoboard stats report`: a cohort's analysis as one self-contained HTML
 * file (inline SVG and CSS; no script, no external resource; it prints as it shows). Every
 * number comes from the same library calls as the separate analyses (stats km, logrank, cox,
 * roc, wilcoxon) and every figure from `stats plot`'s builders (cli_stats_plot.h), so that the
 * report says nothing the commands would not. Sections appear when their columns are given:
 * survival always, the Cox model with --covariates, responders against a marker with --response
 * and --marker, the waterfall with --change. */
#include "cli_stats_plot.h"

#include "oncoboard/stats_cohort.h"
#include "oncoboard/version.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void report_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   A cohort's analysis as one self-contained HTML file (inline SVG and CSS, no script):\n"
                "         summary counts, Kaplan-Meier curves by group with the log-rank test and Peto's\n"
                "         hazard ratio, the Cox model's table and forest plot, responders against a\n"
                "         marker (ROC with DeLong's interval and the Youden cut-off, Wilcoxon rank-sum),\n"
                "         and the waterfall of best response.\n"
                "Usage:   oncoboard stats report --table F --time T --event E [--group G] [--response R]\n"
                "                                [--marker M] [--covariates A,B,..] [--change C] -o report.html\n"
                "\n"
                "Options:\n"
                "    --table F            a TSV or CSV table with a header (--data is the same)\n"
                "    --study DIR          or a cBioPortal study (--per-sample: a row per sample): its clinical\n"
                "                         tables, and the screen of its genes against the response and the\n"
                "                         time and event (as stats screen) with a volcano plot\n"
                "    --time T, --event E  follow-up time and event (as stats km)\n"
                "    --group G            Kaplan-Meier curves and the log-rank test by G (--levels, --ref)\n"
                "    --covariates A,B,..  a Cox model (--factors, --ref VAR=LEVEL, --strata, --ties)\n"
                "    --response R         a binary response (1/0, TRUE/FALSE, yes/no; else the second level)\n"
                "    --response-levels NO,YES  the response's two values (others left out)\n"
                "    --marker M           a numeric marker compared between responders and the others\n"
                "    --direction D        higher (default) or lower marker values mean response\n"
                "    --change C           best percent change from baseline: a waterfall (--category C)\n"
                "    --title T            the report's title\n"
                "    --conf-level L       [0.95]\n"
                "    --no-version         leave the program's version out (for comparisons)\n"
                "    -o FILE              write there instead of stdout\n"
                "\n");
}

/* ---------------------------------------------------------------- HTML */

static void esc(FILE *fp, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

/* A number for people: NA, or printf's %.*g. */
static const char *num(double v, int digits, char *buf)
{
    if (isnan(v)) return "NA";
    if (isinf(v)) return v > 0 ? "Inf" : "-Inf";
    snprintf(buf, 40, "%.*g", digits, v);
    return buf;
}
#define N3(v) num((v), 3, (char[40]){0})
#define N4(v) num((v), 4, (char[40]){0})

static const char *p_text(double p, char *buf)
{
    if (p < 1e-4) return snprintf(buf, 40, "%.1e", p), buf;
    return num(p, 2, buf);
}
#define P(v) p_text((v), (char[40]){0})

static const char *const css =
    "body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:980px;margin:2em auto;padding:0 1em;"
    "line-height:1.4}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;"
    "margin-top:1.8em}\n"
    ".meta{color:#555;font-size:.9em}\n"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border:1px solid #bbb;padding:.25em .6em;"
    "text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f0f0f0}\n"
    "figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9em;color:#444}\n"
    ".note{font-size:.88em;color:#444}\n"
    "@media print{body{margin:0;max-width:none}section{break-inside:avoid}h2{break-after:avoid}}\n";

static void head(FILE *fp, const plot_args_t *a, const char *base)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", fp);
    esc(fp, a->title ? a->title : "Cohort report");
    fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
    esc(fp, a->title ? a->title : "Cohort report");
    fputs("</h1>\n<p class=\"meta\">Table <code>", fp);
    esc(fp, base);
    fputs("</code>", fp);
    if (!a->no_version) fprintf(fp, "; oncoboard %s", ONC_VERSION);
    fputs(". Statistics as R's survival and pROC compute them (docs/stats.md).</p>\n", fp);
}

static void figure(FILE *fp, const onc_strbuf_t *svg, const char *caption)
{
    fprintf(fp, "<figure>\n%s<figcaption>", onc_strbuf_str(svg));
    esc(fp, caption);
    fputs("</figcaption>\n</figure>\n", fp);
}

/* ---------------------------------------------------------------- sections */

static void survival_section(FILE *fp, const plot_args_t *a, const surv_input_t *in, const onc_km_t *kms,
                             const onc_logrank_t *lr, const onc_strbuf_t *svg)
{
    size_t L = in->group.n_levels, used = 0, events = 0;
    for (size_t l = 0; l < L; l++) used += kms[l].n, events += kms[l].n_events;
    fputs("<section>\n<h2>Summary</h2>\n", fp);
    fprintf(fp, "<p>%zu rows; %zu analysed with %zu events", in->n, used, events);
    if (in->n > used) fprintf(fp, "; %zu left out for a missing time, event or group", in->n - used);
    fputs(".</p>\n<table>\n<tr><th>", fp);
    esc(fp, a->s.group ? a->s.group : "group");
    fputs("</th><th>n</th><th>events</th><th>censored</th><th>median</th><th>95% CI</th></tr>\n", fp);
    for (size_t l = 0; l < L; l++) {
        const onc_km_t *k = &kms[l];
        fputs("<tr><td>", fp);
        esc(fp, in->group.levels[l]);
        fprintf(fp, "</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%s</td><td>%s-%s</td></tr>\n", k->n, k->n_events,
                k->n - k->n_events, N4(k->median), N4(k->median_lower), N4(k->median_upper));
    }
    fputs("</table>\n</section>\n<section>\n<h2>Survival</h2>\n", fp);
    figure(fp, svg, "Kaplan-Meier curves with their 95% confidence bands (log transform, as survfit); "
                    "ticks mark censored times; the table counts those at risk.");
    if (L >= 2) {
        fprintf(fp, "<p>Log-rank test: chi-square %s on %d df, p = %s.", N4(lr->chisq), lr->df, P(lr->p));
        if (!isnan(lr->hr)) {
            fputs(" Hazard ratio (Peto, Mantel-Haenszel: exp((O-E)/V)) of ", fp);
            esc(fp, in->group.levels[1]);
            fputs(" against ", fp);
            esc(fp, in->group.levels[0]);
            fprintf(fp, ": %s (95%% CI %s-%s).", N3(lr->hr), N3(lr->hr_lower), N3(lr->hr_upper));
        }
        if (!isnan(lr->trend_chisq))
            fprintf(fp, " Test for trend over the levels in order: chi-square %s, p = %s.", N4(lr->trend_chisq),
                    P(lr->trend_p));
        fputs("</p>\n", fp);
    }
    fputs("</section>\n", fp);
}

static void cox_section(FILE *fp, const onc_design_t *x, const onc_cox_t *f, const onc_strbuf_t *svg)
{
    fputs("<section>\n<h2>Cox proportional hazards model</h2>\n", fp);
    fprintf(fp, "<p>%zu rows with %zu events", f->n, f->n_events);
    if (f->n_missing) fprintf(fp, " (%zu left out for a missing value)", f->n_missing);
    fputs("; Efron's ties unless said otherwise.</p>\n<table>\n<tr><th>term</th><th>coef</th><th>se</th>"
          "<th>HR</th><th>95% CI</th><th>p</th></tr>\n", fp);
    for (size_t j = 0; j < x->p; j++) {
        fputs("<tr><td>", fp);
        esc(fp, x->names[j]);
        fprintf(fp, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s-%s</td><td>%s</td></tr>\n", N4(f->coef[j]),
                N4(f->se[j]), N3(f->hr[j]), N3(f->hr_lower[j]), N3(f->hr_upper[j]), P(f->pvalue[j]));
    }
    fprintf(fp, "</table>\n<p>Likelihood ratio %s on %d df, p = %s; Wald %s, p = %s; score %s, p = %s. "
                "Concordance %s (se %s).</p>\n",
            N4(f->lrt), f->df, P(f->lrt_p), N4(f->wald), P(f->wald_p), N4(f->score), P(f->score_p),
            N3(f->concordance), N3(f->concordance_se));
    if (*f->warning) {
        fputs("<p class=\"note\">Warning: ", fp);
        esc(fp, f->warning);
        fputs("</p>\n", fp);
    }
    figure(fp, svg, "Hazard ratios with their 95% Wald intervals on a log axis; a factor's reference level has "
                    "no ratio of its own.");
    fputs("</section>\n", fp);
}

/* The marker of responders (y = 1) against the others: Wilcoxon's rank-sum test. */
static int rank_sum(const plot_args_t *a, const onc_frame_t *f, onc_rank_test_t *r, double med[2], size_t cnt[2])
{
    size_t n = onc_frame_rows(f);
    double *m = malloc((n + 1) * sizeof *m), *y = malloc((n + 1) * sizeof *y), *g[2];
    g[0] = malloc((n + 1) * sizeof *g[0]), g[1] = malloc((n + 1) * sizeof *g[1]);
    onc_err_t err = {0};
    int st = m && y && g[0] && g[1] ? CLI_OK : CLI_INTERNAL;
    if (st == CLI_OK && onc_frame_numeric(f, a->score, m, NULL, &err) != ONC_OK) st = plot_fail_lib(a->s.cmd, &err);
    if (st == CLI_OK) st = plot_binary_column(a->s.cmd, f, a->s.data, a->outcome, a->outcome_levels, y, NULL);
    cnt[0] = cnt[1] = 0;
    for (size_t i = 0; st == CLI_OK && i < n; i++)
        if (!isnan(m[i]) && !isnan(y[i])) g[y[i] == 1][cnt[y[i] == 1]++] = m[i];
    if (st == CLI_OK && onc_wilcoxon_test(g[1], cnt[1], g[0], cnt[0], ONC_RANK_AUTO, r, &err) != ONC_OK)
        st = plot_fail_lib(a->s.cmd, &err);
    for (int k = 0; st == CLI_OK && k < 2; k++) {
        /* the median by a partial insertion sort is enough for a report's cohort */
        for (size_t i = 1; i < cnt[k]; i++)
            for (size_t j = i; j > 0 && g[k][j - 1] > g[k][j]; j--) {
                double t = g[k][j];
                g[k][j] = g[k][j - 1], g[k][j - 1] = t;
            }
        med[k] = cnt[k] % 2 ? g[k][cnt[k] / 2] : (g[k][cnt[k] / 2 - 1] + g[k][cnt[k] / 2]) / 2;
    }
    if (st == CLI_INTERNAL && !err.msg[0]) cli_error(a->s.cmd, "out of memory");
    free(m), free(y), free(g[0]), free(g[1]);
    return st;
}

static int response_section(FILE *fp, const plot_args_t *a, const onc_frame_t *f)
{
    onc_strbuf_t svg = ONC_STRBUF_INIT;
    onc_roc_t r;
    onc_rank_test_t w;
    const char *positive = NULL;
    double med[2];
    size_t cnt[2];
    onc_plot_frame_t frame = {"Responders by the marker", NULL, NULL, 0, 0};
    int st = plot_roc_figure(a, f, frame, &svg, &r, &positive);
    if (st == CLI_OK) st = rank_sum(a, f, &w, med, cnt);
    if (st == CLI_OK) {
        fputs("<section>\n<h2>Responders and the marker</h2>\n<p>Response <code>", fp);
        esc(fp, a->outcome);
        fputs("</code> (", fp);
        esc(fp, positive);
        fputs(" counted as response) against <code>", fp);
        esc(fp, a->score);
        fprintf(fp, "</code>, %s values meaning response.</p>\n", a->direction ? a->direction : "higher");
        fputs("<table>\n<tr><th></th><th>n</th><th>median marker</th></tr>\n", fp);
        fprintf(fp, "<tr><td>responders</td><td>%zu</td><td>%s</td></tr>\n", cnt[1], N4(med[1]));
        fprintf(fp, "<tr><td>others</td><td>%zu</td><td>%s</td></tr>\n</table>\n", cnt[0], N4(med[0]));
        fprintf(fp, "<p>ROC AUC %s (95%% CI %s-%s, DeLong); Youden cut-off %s (sensitivity %s, specificity %s)%s. "
                    "Wilcoxon rank-sum W = %s, p = %s (%s).</p>\n",
                N3(r.auc), N3(r.lower), N3(r.upper), N4(r.cutoff_youden), N3(r.sensitivity), N3(r.specificity),
                r.n_youden > 1 ? ", the lowest of several equally good" : "", N4(w.stat), P(w.p),
                w.exact ? "exact" : "normal approximation");
        figure(fp, &svg, "ROC curve of the marker for response (pROC's thresholds); the diagonal is chance.");
        fputs("</section>\n", fp);
    }
    onc_strbuf_free(&svg);
    return st;
}

static int waterfall_section(FILE *fp, const plot_args_t *a, const onc_frame_t *f)
{
    onc_strbuf_t svg = ONC_STRBUF_INIT;
    onc_plot_frame_t frame = {"Best response", NULL, NULL, 0, 0};
    int st = plot_waterfall_figure(a, f, frame, &svg);
    if (st == CLI_OK) {
        fputs("<section>\n<h2>Best response</h2>\n", fp);
        figure(fp, &svg, "Best percent change of the target lesions from baseline, one bar per patient; dashed "
                         "lines at +20% and -30% (RECIST 1.1 progression and partial response).");
        fputs("</section>\n", fp);
    }
    onc_strbuf_free(&svg);
    return st;
}

/* ---------------------------------------------------------------- the screen of a study */

#define REPORT_SCREEN_ROWS 20

typedef struct screen_run {
    onc_cbio_study_t *study;
    onc_altmatrix_t m;
    int8_t *altered;
    int *response;
    onc_screen_t s;
} screen_run_t;

static void screen_run_free(screen_run_t *r)
{
    onc_screen_free(&r->s);
    free(r->altered), free(r->response);
    onc_altmatrix_free(&r->m);
    onc_cbio_study_free(r->study);
}

/* The genes of the study (onc_altmatrix_build's defaults: non-silent mutations, amplifications,
 * deep deletions, SVs) against the report's response and its time and event, as stats screen. */
static int screen_run(const plot_args_t *a, const surv_input_t *in, screen_run_t *r)
{
    onc_cbio_opts_t o;
    onc_cbio_opts_init(&o);
    onc_err_t err = {0};
    size_t n = in->n, id_col = 0;
    onc_rc rc = onc_cbio_study_read(a->s.study, &o, &r->study, &err);
    if (rc == ONC_OK) rc = onc_altmatrix_build(r->study, NULL, &r->m, &err);
    if (rc == ONC_OK) rc = onc_frame_find(in->f, a->s.per_sample ? "SAMPLE_ID" : "PATIENT_ID", &id_col, &err);
    const char **ids = rc == ONC_OK ? malloc((n + 1) * sizeof *ids) : NULL;
    double *y = rc == ONC_OK ? malloc((n + 1) * sizeof *y) : NULL;
    r->response = rc == ONC_OK ? malloc((n + 1) * sizeof *r->response) : NULL;
    if (rc == ONC_OK && (!ids || !y || !r->response)) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ONC_OK && i < n; i++) ids[i] = onc_frame_cell(in->f, i, id_col);
    if (rc == ONC_OK) rc = onc_altmatrix_rows(&r->m, ids, n, a->s.per_sample, &r->altered, &err);
    int st = rc == ONC_OK ? CLI_OK : plot_fail_lib(a->s.cmd, &err);
    if (st == CLI_OK && a->outcome)
        st = plot_binary_column(a->s.cmd, in->f, a->s.data, a->outcome, a->outcome_levels, y, NULL);
    for (size_t i = 0; st == CLI_OK && a->outcome && i < n; i++) r->response[i] = isnan(y[i]) ? -1 : (int)y[i];
    if (st == CLI_OK) {
        onc_screen_input_t si = {.n = n, .n_genes = r->m.n_genes, .genes = (const char *const *)r->m.genes,
                                 .altered = r->altered, .response = a->outcome ? r->response : NULL,
                                 .pfs_time = in->time, .pfs_status = in->status};
        onc_screen_opts_t so;
        onc_screen_opts_init(&so);
        so.conf_level = a->s.conf_level;
        if (onc_screen_run(&si, &so, &r->s, &err) != ONC_OK) st = plot_fail_lib(a->s.cmd, &err);
    }
    free(ids), free(y);
    return st;
}

/* The volcano of the screen's first endpoint (response when given, else the time's). */
static int screen_volcano(const plot_args_t *a, const onc_screen_t *s, int e, onc_strbuf_t *svg)
{
    onc_plot_volcano_point_t *pts = malloc((s->n_rows + 1) * sizeof *pts);
    if (!pts) return cli_error(a->s.cmd, "out of memory"), CLI_INTERNAL;
    size_t n = 0;
    for (size_t i = 0; i < s->n_rows; i++) {
        const onc_screen_test_t *t = &s->rows[i].test[e];
        if (t->tested && t->est >= 0) pts[n++] = (onc_plot_volcano_point_t){s->rows[i].gene, log2(t->est), t->p, t->q};
    }
    onc_plot_volcano_t v = {.frame = {.title = e == ONC_SCREEN_RESPONSE ? "Genes and response" : "Genes and survival",
                                      .x_label = e == ONC_SCREEN_RESPONSE ? "log2 odds ratio" : "log2 hazard ratio"},
                            .points = pts, .n_points = n};
    onc_err_t err = {0};
    int st = n == 0 || onc_plot_volcano(svg, &v, &err) == ONC_OK ? CLI_OK : plot_fail_lib(a->s.cmd, &err);
    free(pts);
    return st;
}

static void screen_cells(FILE *fp, const onc_screen_test_t *t)
{
    if (!t->tested) {
        fputs("<td colspan=\"3\">not tested</td>", fp);
        return;
    }
    fprintf(fp, "<td>%s (%s-%s)</td><td>%s</td><td>%s</td>", N3(t->est), N3(t->lower), N3(t->upper), P(t->p),
            P(t->q));
}

static int screen_section(FILE *fp, const plot_args_t *a, const surv_input_t *in)
{
    screen_run_t r;
    memset(&r, 0, sizeof r);
    onc_strbuf_t svg = ONC_STRBUF_INIT;
    int st = screen_run(a, in, &r);
    int e = a->outcome ? ONC_SCREEN_RESPONSE : ONC_SCREEN_PFS;
    if (st == CLI_OK) st = screen_volcano(a, &r.s, e, &svg);
    if (st == CLI_OK) {
        fprintf(fp, "<section>\n<h2>Genes</h2>\n<p>%zu of the study's %zu altered genes are altered in at least 5%% "
                    "of the profiled rows; each altered against wild type (Benjamini-Hochberg q per endpoint, as "
                    "<code>stats screen</code>). The %d smallest p first.</p>\n<table>\n<tr><th>gene</th>"
                    "<th>altered</th>", r.s.n_rows, r.s.n_genes_in, REPORT_SCREEN_ROWS);
        if (a->outcome) fputs("<th>odds ratio (95% CI)</th><th>p</th><th>q</th>", fp);
        fputs("<th>hazard ratio (MH, 95% CI)</th><th>p</th><th>q</th></tr>\n", fp);
        for (size_t i = 0; i < r.s.n_rows && i < REPORT_SCREEN_ROWS; i++) {
            const onc_screen_row_t *row = &r.s.rows[i];
            fputs("<tr><td>", fp);
            esc(fp, row->gene);
            fprintf(fp, "</td><td>%zu of %zu (%s%%)</td>", row->n_altered, row->n_profiled, N3(row->freq));
            if (a->outcome) screen_cells(fp, &row->test[ONC_SCREEN_RESPONSE]);
            screen_cells(fp, &row->test[ONC_SCREEN_PFS]);
            fputs("</tr>\n", fp);
        }
        fputs("</table>\n", fp);
        if (svg.len) figure(fp, &svg, "Each gene's effect against -log10 p; genes with q below 0.1 coloured and the "
                                      "most significant labelled.");
        fputs("</section>\n", fp);
    }
    onc_strbuf_free(&svg);
    screen_run_free(&r);
    return st;
}

/* ---------------------------------------------------------------- the command */

typedef struct fits {
    onc_km_t *kms;
    onc_logrank_t lr;
    onc_design_t x;
    onc_cox_t cox;
    onc_strbuf_t km_svg, forest_svg;
} fits_t;

static void fits_free(fits_t *r, size_t n_levels)
{
    surv_km_free_all(r->kms, n_levels);
    onc_logrank_free(&r->lr);
    onc_cox_free(&r->cox);
    onc_design_free(&r->x);
    onc_strbuf_free(&r->km_svg), onc_strbuf_free(&r->forest_svg);
}

static int write_report(FILE *fp, const plot_args_t *a, const surv_input_t *in, const fits_t *r)
{
    const char *name = a->s.data, *base = strrchr(name, '/');
    head(fp, a, base && base[1] ? base + 1 : name);
    survival_section(fp, a, in, r->kms, &r->lr, &r->km_svg);
    if (a->s.covariates) cox_section(fp, &r->x, &r->cox, &r->forest_svg);
    int st = CLI_OK;
    if (a->outcome && a->score) st = response_section(fp, a, in->f);
    if (st == CLI_OK && a->change) st = waterfall_section(fp, a, in->f);
    if (st == CLI_OK && a->s.study) st = screen_section(fp, a, in);
    fputs("</body>\n</html>\n", fp);
    return st;
}

int cmd_stats_report(int argc, char **argv)
{
    plot_args_t a;
    int st = plot_parse(&a, argc, argv, report_usage);
    if (st >= 0) return st;
    if (!a.s.time || !a.s.event) return cli_usage_error(a.s.cmd, "--time and --event are required");
    if (!a.outcome != !a.score) return cli_usage_error(a.s.cmd, "--response and --marker go together");
    surv_input_t in;
    if ((st = surv_load(&a.s, &in)) != CLI_OK) return st;
    fits_t r = {0};
    onc_plot_frame_t km_frame = {"Survival", a.s.time, NULL, 0, 0}, forest_frame = {"Cox model", NULL, NULL, 0, 0};
    st = plot_km_figure(&a, &in, km_frame, &r.km_svg, &r.kms, &r.lr);
    if (st == CLI_OK && a.s.covariates) st = plot_forest_figure(&a, &in, forest_frame, &r.forest_svg, &r.x, &r.cox);
    cli_output_t out;
    if (st == CLI_OK && (st = cli_output_open(&out, a.s.output)) == CLI_OK) {
        st = write_report(out.fp, &a, &in, &r);
        if (st != CLI_OK) cli_output_abort(&out);
        else st = cli_output_commit(&out) == 0 ? CLI_OK : CLI_INTERNAL;
    }
    fits_free(&r, in.group.n_levels);
    surv_input_free(&in);
    return st;
}
