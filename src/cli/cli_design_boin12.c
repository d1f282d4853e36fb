/* cli_design_boin12.c: `oncoboard design boin12 table|next|select|simulate`: the optimal
 * biological dose from toxicity and efficacy (design.h, docs/design.md "BOIN12").
 *
 * Its options differ from BOIN's (two targets, utilities, responses per dose), so it parses its
 * own; lists and protocol tables come from cli_design.c (cli_design.h). Doses are numbered from
 * 1 here. When the utilities of "neither" and "both" add up to 100 (the defaults 40 and 60) the
 * number of patients with both a DLT and a response does not change any score, and --both may be
 * left out; otherwise it is required.
 */
#include "cli.h"
#include "cli_design.h"
#include "oncoboard/design.h"
#include "oncoboard/jsonw.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct b12_args {
    onc_boin12_params_t p;
    onc_boin_sim_opts_t sim;
    const char *action, *format;
    bool have_target, have_eff_target;
    int max_n, cohort_size, current, eliminated_from;
    int n[ONC_DESIGN_MAX_DOSES], tox[ONC_DESIGN_MAX_DOSES], eff[ONC_DESIGN_MAX_DOSES], both[ONC_DESIGN_MAX_DOSES];
    int k_n, k_tox, k_eff, k_both;
    double truth[ONC_DESIGN_MAX_DOSES], truth_eff[ONC_DESIGN_MAX_DOSES];
    int k_truth, k_truth_eff;
} b12_args_t;

enum {
    B_TARGET = 256, B_EFFICACY, B_U_NEITHER, B_U_BOTH, B_C_T, B_C_E, B_N_STAR, B_N_EXPLORE, B_EARLYSTOP, B_MAXN,
    B_COHORT_SIZE, B_N, B_Y, B_EFF, B_BOTH, B_CURRENT, B_ELIMINATED, B_TRUTH, B_TRUTH_EFF, B_COHORTS, B_TRIALS,
    B_SEED, B_START, B_THREADS, B_FORMAT
};

static const struct option b12_options[] = {
    {"target", required_argument, NULL, B_TARGET},         {"efficacy", required_argument, NULL, B_EFFICACY},
    {"u-neither", required_argument, NULL, B_U_NEITHER},   {"u-both", required_argument, NULL, B_U_BOTH},
    {"cutoff-tox", required_argument, NULL, B_C_T},        {"cutoff-eff", required_argument, NULL, B_C_E},
    {"n-star", required_argument, NULL, B_N_STAR},         {"n-explore", required_argument, NULL, B_N_EXPLORE},
    {"n-earlystop", required_argument, NULL, B_EARLYSTOP}, {"max-n", required_argument, NULL, B_MAXN},
    {"cohort-size", required_argument, NULL, B_COHORT_SIZE}, {"n", required_argument, NULL, B_N},
    {"y", required_argument, NULL, B_Y},                   {"eff", required_argument, NULL, B_EFF},
    {"both", required_argument, NULL, B_BOTH},             {"current", required_argument, NULL, B_CURRENT},
    {"eliminated-from", required_argument, NULL, B_ELIMINATED}, {"truth", required_argument, NULL, B_TRUTH},
    {"truth-eff", required_argument, NULL, B_TRUTH_EFF},   {"cohorts", required_argument, NULL, B_COHORTS},
    {"trials", required_argument, NULL, B_TRIALS},         {"seed", required_argument, NULL, B_SEED},
    {"start", required_argument, NULL, B_START},           {"threads", required_argument, NULL, B_THREADS},
    {"format", required_argument, NULL, B_FORMAT},         {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void b12_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   BOIN12 (docs/design.md): the optimal biological dose from DLTs and responses.\n"
                "Usage:   oncoboard design boin12 table --target PT --efficacy PE [--max-n 12] [--cohort-size 3]\n"
                "                                       [--format json|md|html]\n"
                "         oncoboard design boin12 next --target PT --efficacy PE --n .. --y .. --eff .. [--both ..]\n"
                "                                      --current D [--eliminated-from D]\n"
                "         oncoboard design boin12 select --target PT --efficacy PE --n .. --y .. --eff .. [--both ..]\n"
                "         oncoboard design boin12 simulate --target PT --efficacy PE --truth T1,.. --truth-eff E1,..\n"
                "                                      [--cohorts 10] [--cohort-size 3] [--start 1] [--trials 10000]\n"
                "                                      [--seed 1] [--threads 1]\n"
                "\n"
                "Options:\n"
                "    --target PT        the highest acceptable DLT rate (0.05-0.6)\n"
                "    --efficacy PE      the lowest acceptable response rate\n"
                "    --u-neither U      utility of no DLT and no response [40]; --u-both U of both [60]\n"
                "                       (a response without DLT scores 100, a DLT without response 0)\n"
                "    --cutoff-tox C     inadmissible when Pr(DLT rate > PT) >= C [0.95]\n"
                "    --cutoff-eff C     inadmissible when Pr(response rate < PE) >= C [0.9]\n"
                "    --n-star N         in the stay region with N patients, only the dose below or the same [6]\n"
                "    --n-explore N      escalate to an untried dose when more than N were treated [8]\n"
                "    --n-earlystop N    stop when the next dose already has N patients [100]\n"
                "    --n, --y, --eff    patients, DLTs and responses per dose; --both patients with both\n"
                "                       (needed unless the two utilities add up to 100)\n"
                "\n");
}

static int b12_int(const char *opt, const char *s, long min, long max, long *out)
{
    double v;
    if (cli_parse_number(s, (double)min, (double)max, &v) || v != floor(v))
        return cli_usage_error("design", "--%s '%s': expected a whole number from %ld to %ld", opt, s, min, max), -1;
    *out = (long)v;
    return 0;
}

static int b12_real(const char *opt, const char *s, double min, double max, double *out)
{
    if (cli_parse_number(s, min, max, out) == 0) return 0;
    return cli_usage_error("design", "--%s '%s': expected a number between %g and %g", opt, s, min, max), -1;
}

static int b12_counts(const char *opt, const char *s, int *out)
{
    double v[ONC_DESIGN_MAX_DOSES];
    int k = cli_design_numbers(opt, s, 0, ONC_DESIGN_MAX_N, v, ONC_DESIGN_MAX_DOSES);
    for (int j = 0; j < k; j++) {
        if (v[j] != floor(v[j])) return cli_usage_error("design", "--%s: %g is not a whole number", opt, v[j]), -1;
        out[j] = (int)v[j];
    }
    return k;
}

static int b12_counts_option(b12_args_t *a, int c, const char *v)
{
    switch (c) {
    case B_N: return (a->k_n = b12_counts("n", v, a->n)) < 0;
    case B_Y: return (a->k_tox = b12_counts("y", v, a->tox)) < 0;
    case B_EFF: return (a->k_eff = b12_counts("eff", v, a->eff)) < 0;
    case B_BOTH: return (a->k_both = b12_counts("both", v, a->both)) < 0;
    case B_TRUTH:
        return (a->k_truth = cli_design_numbers("truth", v, 0, 1, a->truth, ONC_DESIGN_MAX_DOSES)) < 0;
    case B_TRUTH_EFF:
        return (a->k_truth_eff = cli_design_numbers("truth-eff", v, 0, 1, a->truth_eff, ONC_DESIGN_MAX_DOSES)) < 0;
    default: return cli_usage_error("design", "invalid option");
    }
}

/* One option into a: 0, or nonzero after a message. */
static int b12_option(b12_args_t *a, int c, const char *v)
{
    long l = 0;
    int bad;
    switch (c) {
    case B_TARGET: a->have_target = true; return b12_real("target", v, 1e-9, 1 - 1e-9, &a->p.phi_t);
    case B_EFFICACY: a->have_eff_target = true; return b12_real("efficacy", v, 1e-9, 1 - 1e-9, &a->p.phi_e);
    case B_U_NEITHER: return b12_real("u-neither", v, 0, 100, &a->p.u_neither);
    case B_U_BOTH: return b12_real("u-both", v, 0, 100, &a->p.u_both);
    case B_C_T: return b12_real("cutoff-tox", v, 0, 1, &a->p.c_t);
    case B_C_E: return b12_real("cutoff-eff", v, 0, 1, &a->p.c_e);
    case B_FORMAT: a->format = v; return 0;
    case B_N_STAR: bad = b12_int("n-star", v, 1, ONC_DESIGN_MAX_N, &l), a->p.n_star = (int)l; return bad;
    case B_N_EXPLORE: bad = b12_int("n-explore", v, 1, ONC_DESIGN_MAX_N, &l), a->p.n_explore = (int)l; return bad;
    case B_EARLYSTOP: bad = b12_int("n-earlystop", v, 1, ONC_DESIGN_MAX_N, &l), a->p.n_earlystop = (int)l; return bad;
    case B_MAXN: bad = b12_int("max-n", v, 1, 60, &l), a->max_n = (int)l; return bad;
    case B_COHORT_SIZE: bad = b12_int("cohort-size", v, 1, 100, &l), a->cohort_size = (int)l; return bad;
    case B_COHORTS: bad = b12_int("cohorts", v, 1, ONC_DESIGN_MAX_N, &l), a->sim.n_cohorts = (int)l; return bad;
    case B_CURRENT: bad = b12_int("current", v, 1, ONC_DESIGN_MAX_DOSES, &l), a->current = (int)l - 1; return bad;
    case B_ELIMINATED:
        bad = b12_int("eliminated-from", v, 1, ONC_DESIGN_MAX_DOSES, &l), a->eliminated_from = (int)l - 1;
        return bad;
    case B_START: bad = b12_int("start", v, 1, ONC_DESIGN_MAX_DOSES, &l), a->sim.start_dose = (int)l - 1; return bad;
    case B_TRIALS: bad = b12_int("trials", v, 1, 100000000L, &l), a->sim.n_trials = l; return bad;
    case B_SEED: bad = b12_int("seed", v, 0, 2147483647L, &l), a->sim.seed = (uint64_t)l; return bad;
    case B_THREADS: bad = b12_int("threads", v, 1, 64, &l), a->sim.threads = (int)l; return bad;
    default: return b12_counts_option(a, c, v);
    }
}

/* -1 to go on, else the exit status. */
static int b12_parse(b12_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    onc_boin12_params_init(&a->p, NAN, NAN);
    a->action = argv[1];
    a->format = "json";
    a->max_n = 12;
    a->current = a->eliminated_from = -1;
    a->sim = (onc_boin_sim_opts_t){.n_cohorts = 10, .n_trials = 10000, .seed = 1, .threads = 1};
    optind = 2;
    int c;
    while ((c = getopt_long(argc, argv, "h", b12_options, NULL)) != -1) {
        if (c == 'h') return b12_usage(stdout), CLI_OK;
        if (c == '?' || b12_option(a, c, optarg)) return c == '?' ? cli_usage_error("design", "invalid option") : CLI_BAD_INPUT;
    }
    if (optind < argc) return cli_usage_error("design", "unexpected argument '%s'", argv[optind]);
    if (!a->have_target || !a->have_eff_target)
        return cli_usage_error("design", "boin12 needs --target (DLT rate) and --efficacy (response rate)");
    a->sim.cohort_size = a->cohort_size ? a->cohort_size : 3;
    if (!a->cohort_size) a->cohort_size = 3;
    onc_err_t err = {0};
    if (onc_boin12_check(&a->p, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    return -1;
}

/* ---- table ---- */

typedef struct b12_row {
    int n, escalate_le, deescalate_ge, eliminate_ge, futile_le;
} b12_row_t;

/* The toxicity boundaries on the observed rate (escalation region y/n <= lambda_e, de-escalation
 * y/n >= lambda_d) and the admissibility limits at n patients. */
static void b12_row(const onc_boin12_params_t *p, int n, b12_row_t *r)
{
    onc_boin_params_t t;
    onc_boin_params_init(&t, p->phi_t);
    double le, ld;
    onc_boin_lambdas(&t, &le, &ld);
    r->n = n;
    r->escalate_le = (int)floor(le * n + 1e-12);
    r->deescalate_ge = (int)ceil(ld * n - 1e-12);
    r->eliminate_ge = r->futile_le = -1;
    for (int k = 0; k <= n; k++) {
        onc_boin12_dose_t d = {.n = n, .tox = k, .eff = k};
        if (n >= 3 && r->eliminate_ge < 0 && onc_boin12_pr_toxic(p, &d) >= p->c_t) r->eliminate_ge = k;
        if (onc_boin12_pr_futile(p, &d) >= p->c_e) r->futile_le = k;
    }
}

/* The desirability score at n patients, y DLTs and r responses, with the fewest patients with
 * both that the counts allow. */
static double score(const onc_boin12_params_t *p, int n, int y, int r)
{
    onc_boin12_dose_t d = {.n = n, .tox = y, .eff = r, .both = y + r > n ? y + r - n : 0};
    return onc_boin12_desirability(p, &d);
}

static void table_json(const b12_args_t *a, double le, double ld)
{
    printf("{\"lambda_e\":%.10f,\"lambda_d\":%.10f,", le, ld);
    onc_jsonw_member_num(stdout, "benchmark_utility", onc_boin12_benchmark(&a->p), 1);
    printf(",\"table\":[");
    for (int n = a->cohort_size; n <= a->max_n; n += a->cohort_size) {
        b12_row_t r;
        b12_row(&a->p, n, &r);
        printf("%s{\"n\":%d,\"escalate_if_le\":%d,\"deescalate_if_ge\":%d,", n == a->cohort_size ? "" : ",", n,
               r.escalate_le, r.deescalate_ge);
        onc_jsonw_member_int(stdout, "eliminate_if_ge", r.eliminate_ge, r.eliminate_ge < 0, 1);
        onc_jsonw_member_int(stdout, "futile_if_responses_le", r.futile_le, r.futile_le < 0, 0);
        printf(",\"desirability\":[");
        for (int y = 0; y <= n; y++) {
            printf("%s[", y ? "," : "");
            for (int e = 0; e <= n; e++) printf("%s%.2f", e ? "," : "", score(&a->p, n, y, e));
            putchar(']');
        }
        printf("]}");
    }
    printf("]}\n");
}

static void table_doc_boundaries(const b12_args_t *a, bool html, double le, double ld)
{
    char title[200], c[5][24];
    snprintf(title, sizeof title, "BOIN12, DLT target %g, response target %g (lambda_e %.4f, lambda_d %.4f, benchmark "
             "utility %.1f)", a->p.phi_t, a->p.phi_e, le, ld, onc_boin12_benchmark(&a->p));
    cli_design_doc_title(html, title);
    const char *head[5] = {"patients treated", "escalation allowed if DLTs <=", "de-escalate if DLTs >=",
                           "eliminate if DLTs >=", "futile if responses <="};
    cli_design_doc_row(html, head, 5, true);
    for (int n = a->cohort_size; n <= a->max_n; n += a->cohort_size) {
        b12_row_t r;
        b12_row(&a->p, n, &r);
        int v[5] = {n, r.escalate_le, r.deescalate_ge, r.eliminate_ge, r.futile_le};
        const char *cells[5];
        for (int i = 0; i < 5; i++) {
            if (v[i] < 0) snprintf(c[i], sizeof c[i], "-");
            else snprintf(c[i], sizeof c[i], "%d", v[i]);
            cells[i] = c[i];
        }
        cli_design_doc_row(html, cells, 5, false);
    }
    cli_design_doc_end(html);
}

/* One desirability table per n: DLTs down, responses across. */
static void table_doc_scores(const b12_args_t *a, bool html, int n)
{
    char title[160], c[ONC_DESIGN_MAX_N + 2][16];
    const char *cells[64];
    snprintf(title, sizeof title, "%sDesirability score (0-100) with %d patients: DLTs down, responses across",
             html ? "" : "\n", n);
    cli_design_doc_title(html, title);
    snprintf(c[0], sizeof c[0], "DLTs");
    cells[0] = c[0];
    for (int e = 0; e <= n; e++) snprintf(c[e + 1], sizeof c[e + 1], "%d", e), cells[e + 1] = c[e + 1];
    cli_design_doc_row(html, cells, n + 2, true);
    for (int y = 0; y <= n; y++) {
        snprintf(c[0], sizeof c[0], "%d", y);
        for (int e = 0; e <= n; e++) snprintf(c[e + 1], sizeof c[e + 1], "%.1f", score(&a->p, n, y, e));
        cli_design_doc_row(html, cells, n + 2, false);
    }
    cli_design_doc_end(html);
}

static int b12_table(const b12_args_t *a)
{
    int kind = cli_design_doc_format(a->format);
    if (kind < 0) return CLI_BAD_INPUT;
    onc_boin_params_t t;
    onc_boin_params_init(&t, a->p.phi_t);
    double le, ld;
    onc_boin_lambdas(&t, &le, &ld);
    if (kind == 0) {
        table_json(a, le, ld);
        return CLI_OK;
    }
    table_doc_boundaries(a, kind == 2, le, ld);
    for (int n = a->cohort_size; n <= a->max_n; n += a->cohort_size) table_doc_scores(a, kind == 2, n);
    return CLI_OK;
}

/* ---- next, select ---- */

/* The doses from --n, --y, --eff, --both: their count, or -1 after a message. */
static int b12_doses(const b12_args_t *a, onc_boin12_dose_t *d)
{
    if (!a->k_n || !a->k_tox || !a->k_eff) return cli_usage_error("design", "--n, --y and --eff are required"), -1;
    if (a->k_tox != a->k_n || a->k_eff != a->k_n || (a->k_both && a->k_both != a->k_n))
        return cli_usage_error("design", "--n gives %d doses; --y, --eff and --both must give one count per dose each",
                               a->k_n), -1;
    bool matters = fabs(a->p.u_neither + a->p.u_both - 100) > 1e-9;
    if (matters && !a->k_both)
        return cli_usage_error("design", "--both is required: with utilities %g + %g != 100 the patients with both a DLT "
                               "and a response change the scores", a->p.u_neither, a->p.u_both), -1;
    for (int j = 0; j < a->k_n; j++) {
        d[j] = (onc_boin12_dose_t){.n = a->n[j], .tox = a->tox[j], .eff = a->eff[j], .both = a->both[j]};
        if (!a->k_both && d[j].tox + d[j].eff > d[j].n) d[j].both = d[j].tox + d[j].eff - d[j].n;
    }
    return a->k_n;
}

static void print_doubles(const char *key, const double *v, int n)
{
    onc_jsonw_key(stdout, key, 0);
    putchar('[');
    for (int j = 0; j < n; j++) printf("%s", j ? "," : ""), onc_jsonw_double(stdout, v[j]);
    putchar(']');
}

static int b12_next(const b12_args_t *a)
{
    onc_boin12_dose_t d[ONC_DESIGN_MAX_DOSES];
    int k = b12_doses(a, d);
    if (k < 0) return CLI_BAD_INPUT;
    if (a->current < 0) return cli_usage_error("design", "--current is required (the dose the last cohort had)");
    onc_boin12_next_t nx;
    onc_err_t err = {0};
    if (onc_boin12_next(&a->p, d, k, a->current, a->eliminated_from, &nx, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    bool stop = nx.decision >= ONC_BOIN12_STOP_TOXIC;
    printf("{\"decision\":\"%s\",\"next_dose\":", onc_boin12_decision_names[nx.decision]);
    if (stop) printf("null");
    else printf("%d", nx.next_dose + 1);
    onc_jsonw_member_int(stdout, "eliminated_from", nx.eliminated_from + 1, nx.eliminated_from < 0, 0);
    print_doubles("desirability", nx.desirability, k);
    onc_jsonw_member_str(stdout, "rule", nx.rule, 0);
    printf("}\n");
    return CLI_OK;
}

static int b12_select(const b12_args_t *a)
{
    onc_boin12_dose_t d[ONC_DESIGN_MAX_DOSES];
    int k = b12_doses(a, d);
    if (k < 0) return CLI_BAD_INPUT;
    onc_boin12_selection_t s;
    onc_err_t err = {0};
    if (onc_boin12_select(&a->p, d, k, &s, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    printf("{");
    onc_jsonw_member_int(stdout, "obd", s.obd + 1, s.obd < 0, 1);
    onc_jsonw_member_int(stdout, "mtd", s.mtd + 1, s.mtd < 0, 0);
    print_doubles("tox_isotonic", s.tox_isotonic, k);
    print_doubles("response_rate", s.eff_rate, k);
    print_doubles("utility", s.utility, k);
    print_doubles("desirability", s.desirability, k);
    printf("}\n");
    return CLI_OK;
}

/* ---- simulate ---- */

static int b12_simulate(const b12_args_t *a)
{
    if (!a->k_truth || !a->k_truth_eff)
        return cli_usage_error("design", "--truth (DLT rates) and --truth-eff (response rates) are required");
    if (a->k_truth != a->k_truth_eff)
        return cli_usage_error("design", "--truth gives %d doses and --truth-eff %d", a->k_truth, a->k_truth_eff);
    for (int j = 1; j < a->k_truth; j++)
        if (a->truth[j] < a->truth[j - 1])
            cli_error("design", "warning: the true DLT rates decrease from dose %d to %d", j, j + 1);
    onc_design_oc_t oc;
    onc_err_t err = {0};
    if (onc_boin12_simulate(&a->p, a->truth, a->truth_eff, a->k_truth, &a->sim, &oc, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    int k = oc.n_doses;
    printf("{");
    onc_jsonw_key(stdout, "selection_pct", 1);
    putchar('[');
    for (int j = 0; j < k; j++) printf("%s", j ? "," : ""), onc_jsonw_double(stdout, oc.selection_pct[j]);
    putchar(']');
    onc_jsonw_member_num(stdout, "no_obd_pct", oc.no_mtd_pct, 0);
    onc_jsonw_member_num(stdout, "stopped_toxic_pct", oc.early_stop_pct, 0);
    print_doubles("patients_per_dose", oc.patients_per_dose, k);
    print_doubles("dlt_per_dose", oc.dlt_per_dose, k);
    print_doubles("response_per_dose", oc.response_per_dose, k);
    onc_jsonw_member_num(stdout, "mean_n", oc.mean_n, 0);
    onc_jsonw_member_num(stdout, "mean_dlt", oc.mean_dlt, 0);
    onc_jsonw_member_num(stdout, "mean_cohorts", oc.mean_cohorts, 0);
    printf(",\"trials\":%ld,\"seed\":%llu}\n", oc.n_trials, (unsigned long long)a->sim.seed);
    fprintf(stderr, "oncoboard design: %ld trials in %.3f s (%.0f trials/s), seed %llu\n", oc.n_trials, oc.seconds,
            oc.seconds > 0 ? (double)oc.n_trials / oc.seconds : 0, (unsigned long long)a->sim.seed);
    return CLI_OK;
}

int cmd_design_boin12(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) return b12_usage(stdout), CLI_OK;
        return cli_usage_error("design", "boin12: which action? (table, next, select, simulate)");
    }
    b12_args_t a;
    int st = b12_parse(&a, argc, argv);
    if (st >= 0) return st;
    if (!strcmp(a.action, "table")) return b12_table(&a);
    if (!strcmp(a.action, "next")) return b12_next(&a);
    if (!strcmp(a.action, "select")) return b12_select(&a);
    if (!strcmp(a.action, "simulate")) return b12_simulate(&a);
    return cli_usage_error("design", "boin12: unknown action '%s' (table, next, select, simulate)", a.action);
}
