/* cli_design.c: `oncoboard design boin table|next|select|simulate`: phase I dose finding
 * (design.h, docs/design.md). Only BOIN for a single agent so far; the other designs of issue 8
 * are to come.
 *
 * One option parser serves the four actions (the design's parameters are the same for each);
 * each action checks that it has what it needs and prints JSON (CONTRACTS.md's keys) or, for
 * the protocol's decision table, Markdown. Doses are numbered from 1 here, from 0 in design.h.
 */
#include "cli.h"
#include "oncoboard/design.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct design_args {
    onc_boin_params_t p;
    onc_boin_sim_opts_t sim;
    const char *action, *format;
    int max_n, cohort_size, current, eliminated_from; /* cohort_size 0: not given */
    int n[ONC_DESIGN_MAX_DOSES], y[ONC_DESIGN_MAX_DOSES], n_doses, n_y;
    double truth[ONC_DESIGN_MAX_DOSES];
    int n_truth;
    bool have_target, exact;
    const char *design;     /* "boin" | "3+3" */
    onc_3p3_variant variant;
} design_args_t;

static void usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Phase I dose finding (docs/design.md): BOIN for a single agent, and the 3+3.\n"
                "Usage:   oncoboard design boin table --target P [--max-n N] [--cohort-size C] [--format json|md]\n"
                "         oncoboard design boin next --target P --n N1,N2,.. --y Y1,Y2,.. --current D\n"
                "                                    [--eliminated-from D]\n"
                "         oncoboard design boin select --target P --n N1,N2,.. --y Y1,Y2,..\n"
                "         oncoboard design boin simulate --target P --truth P1,P2,.. --cohorts K --cohort-size C\n"
                "                                    [--trials T] [--seed S] [--start D] [--titration] [--threads T]\n"
                "         oncoboard design 3+3 simulate --truth P1,P2,.. [--exact] [--variant A|B] [--trials T] [--seed S]\n"
                "\n"
                "Design options:\n"
                "    --target P           the target DLT rate, 0.05-0.6\n"
                "    --phi1 P, --phi2 P   highest rate too low / lowest too high [0.6 P, 1.4 P]\n"
                "    --cutoff-eli C       eliminate when Pr(rate > P) > C [0.95]\n"
                "    --extrasafe          stop when the lowest dose is too toxic at C - offset\n"
                "    --offset O           [0.05]\n"
                "    --n-earlystop N      stop at N patients on a dose the trial stays at [100]\n"
                "    --bound-mtd          the MTD's estimate must not be above lambda_d\n"
                "    --exact              3+3: every outcome enumerated instead of simulated\n"
                "    --variant A|B        3+3: A no de-escalation, B de-escalate and expand the dose below [A]\n"
                "    -h, --help           this help; --version the program version\n"
                "\n"
                "Doses are numbered from 1; --n and --y give patients and DLTs per dose.\n"
                "\n");
}

enum {
    OPT_TARGET = 256, OPT_PHI1, OPT_PHI2, OPT_CUTOFF, OPT_EXTRASAFE, OPT_OFFSET, OPT_EARLYSTOP, OPT_BOUND,
    OPT_MAXN, OPT_COHORT_SIZE, OPT_N, OPT_Y, OPT_CURRENT, OPT_ELIMINATED, OPT_TRUTH, OPT_COHORTS, OPT_TRIALS,
    OPT_SEED, OPT_START, OPT_TITRATION, OPT_THREADS, OPT_FORMAT, OPT_VERSION, OPT_EXACT, OPT_VARIANT
};

static const struct option options[] = {
    {"target", required_argument, NULL, OPT_TARGET},       {"phi1", required_argument, NULL, OPT_PHI1},
    {"phi2", required_argument, NULL, OPT_PHI2},           {"cutoff-eli", required_argument, NULL, OPT_CUTOFF},
    {"extrasafe", no_argument, NULL, OPT_EXTRASAFE},       {"offset", required_argument, NULL, OPT_OFFSET},
    {"n-earlystop", required_argument, NULL, OPT_EARLYSTOP}, {"bound-mtd", no_argument, NULL, OPT_BOUND},
    {"max-n", required_argument, NULL, OPT_MAXN},          {"cohort-size", required_argument, NULL, OPT_COHORT_SIZE},
    {"n", required_argument, NULL, OPT_N},                 {"y", required_argument, NULL, OPT_Y},
    {"current", required_argument, NULL, OPT_CURRENT},     {"eliminated-from", required_argument, NULL, OPT_ELIMINATED},
    {"truth", required_argument, NULL, OPT_TRUTH},         {"cohorts", required_argument, NULL, OPT_COHORTS},
    {"trials", required_argument, NULL, OPT_TRIALS},       {"seed", required_argument, NULL, OPT_SEED},
    {"start", required_argument, NULL, OPT_START},         {"titration", no_argument, NULL, OPT_TITRATION},
    {"threads", required_argument, NULL, OPT_THREADS},     {"format", required_argument, NULL, OPT_FORMAT},
    {"exact", no_argument, NULL, OPT_EXACT},               {"variant", required_argument, NULL, OPT_VARIANT},
    {"help", no_argument, NULL, 'h'},                      {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* ---- values ---- */

/* A comma-separated list of numbers in [min, max] (at most ONC_DESIGN_MAX_DOSES): their count,
 * or -1 after a message naming the option. */
static int parse_list(const char *opt, const char *s, double min, double max, double *out)
{
    int k = 0;
    char buf[64];
    for (const char *p = s;; k++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (k == ONC_DESIGN_MAX_DOSES || len == 0 || len >= sizeof buf) {
            cli_usage_error("design", "--%s '%s': expected up to %d numbers separated by commas", opt, s, ONC_DESIGN_MAX_DOSES);
            return -1;
        }
        memcpy(buf, p, len);
        buf[len] = '\0';
        if (cli_parse_number(buf, min, max, &out[k])) {
            cli_usage_error("design", "--%s: '%s' is not a number between %g and %g", opt, buf, min, max);
            return -1;
        }
        if (!comma) return k + 1;
        p = comma + 1;
    }
}

static int parse_counts(const char *opt, const char *s, int *out)
{
    double v[ONC_DESIGN_MAX_DOSES];
    int k = parse_list(opt, s, 0, ONC_DESIGN_MAX_N, v);
    for (int j = 0; j < k; j++) {
        if (v[j] != floor(v[j])) {
            cli_usage_error("design", "--%s: %g is not a whole number", opt, v[j]);
            return -1;
        }
        out[j] = (int)v[j];
    }
    return k;
}

/* A whole number in [min, max]; -1 after a message. */
static int parse_int(const char *opt, const char *s, long min, long max, long *out)
{
    double v;
    if (cli_parse_number(s, (double)min, (double)max, &v) || v != floor(v))
        return cli_usage_error("design", "--%s '%s': expected a whole number from %ld to %ld", opt, s, min, max), -1;
    *out = (long)v;
    return 0;
}

static int parse_real(const char *opt, const char *s, double min, double max, double *out)
{
    if (cli_parse_number(s, min, max, out) == 0) return 0;
    cli_usage_error("design", "--%s '%s': expected a number between %g and %g", opt, s, min, max);
    return -1;
}

/* ---- the options ---- */

static int take_option(design_args_t *a, int c, const char *v)
{
    long l = 0;
    int bad = 0;
    switch (c) {
    case OPT_TARGET: bad = parse_real("target", v, 1e-9, 1 - 1e-9, &a->p.target), a->have_target = true; break;
    case OPT_PHI1: bad = parse_real("phi1", v, 0, 1, &a->p.phi1); break;
    case OPT_PHI2: bad = parse_real("phi2", v, 0, 1, &a->p.phi2); break;
    case OPT_CUTOFF: bad = parse_real("cutoff-eli", v, 0, 1, &a->p.cutoff_eli); break;
    case OPT_OFFSET: bad = parse_real("offset", v, 0, 1, &a->p.offset); break;
    case OPT_EXTRASAFE: a->p.extrasafe = true; break;
    case OPT_BOUND: a->p.bound_mtd = true; break;
    case OPT_TITRATION: a->sim.titration = true; break;
    case OPT_EARLYSTOP: bad = parse_int("n-earlystop", v, 1, ONC_DESIGN_MAX_N, &l), a->p.n_earlystop = (int)l; break;
    case OPT_MAXN: bad = parse_int("max-n", v, 1, ONC_DESIGN_MAX_N, &l), a->max_n = (int)l; break;
    case OPT_COHORT_SIZE: bad = parse_int("cohort-size", v, 1, 100, &l), a->cohort_size = (int)l; break;
    case OPT_COHORTS: bad = parse_int("cohorts", v, 1, ONC_DESIGN_MAX_N, &l), a->sim.n_cohorts = (int)l; break;
    case OPT_CURRENT: bad = parse_int("current", v, 1, ONC_DESIGN_MAX_DOSES, &l), a->current = (int)l - 1; break;
    case OPT_ELIMINATED: bad = parse_int("eliminated-from", v, 1, ONC_DESIGN_MAX_DOSES, &l), a->eliminated_from = (int)l - 1; break;
    case OPT_START: bad = parse_int("start", v, 1, ONC_DESIGN_MAX_DOSES, &l), a->sim.start_dose = (int)l - 1; break;
    case OPT_TRIALS: bad = parse_int("trials", v, 1, 100000000L, &l), a->sim.n_trials = l; break;
    case OPT_SEED: bad = parse_int("seed", v, 0, 2147483647L, &l), a->sim.seed = (uint64_t)l; break;
    case OPT_THREADS: bad = parse_int("threads", v, 1, 64, &l), a->sim.threads = (int)l; break;
    case OPT_N: bad = (a->n_doses = parse_counts("n", v, a->n)) < 0; break;
    case OPT_Y: bad = (a->n_y = parse_counts("y", v, a->y)) < 0; break;
    case OPT_TRUTH: bad = (a->n_truth = parse_list("truth", v, 0, 1, a->truth)) < 0; break;
    case OPT_FORMAT: a->format = v; break;
    case OPT_EXACT: a->exact = true; break;
    case OPT_VARIANT:
        if (!strcmp(v, "A") || !strcmp(v, "B")) a->variant = v[0] == 'A' ? ONC_3P3_A : ONC_3P3_B;
        else bad = cli_usage_error("design", "--variant '%s': A (no de-escalation) or B (de-escalate and expand)", v);
        break;
    default: return cli_usage_error("design", "invalid option");
    }
    return bad ? CLI_BAD_INPUT : -1;
}

static void defaults(design_args_t *a)
{
    memset(a, 0, sizeof *a);
    onc_boin_params_init(&a->p, NAN);
    a->max_n = 30;
    a->current = a->eliminated_from = -1;
    a->sim.n_cohorts = 10;
    a->sim.n_trials = 10000;
    a->sim.seed = 1;
    a->sim.threads = 1;
    a->format = "json";
}

/* Parses argv (argv[0] the design, argv[1] the action); -1 to go on, else the exit status. */
static int parse(design_args_t *a, int argc, char **argv)
{
    defaults(a);
    a->design = argv[0];
    a->action = argv[1];
    bool phi1 = false, phi2 = false;
    optind = 2;
    int c, st;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (c == 'h') return usage(stdout), CLI_OK;
        if (c == OPT_VERSION) return printf("oncoboard %s\n", ONC_VERSION), CLI_OK;
        phi1 |= c == OPT_PHI1, phi2 |= c == OPT_PHI2;
        if ((st = take_option(a, c, optarg)) >= 0) return st;
    }
    if (optind < argc) return cli_usage_error("design", "unexpected argument '%s'", argv[optind]);
    if (strcmp(a->design, "boin") != 0) return -1; /* the 3+3 has no target */
    if (!a->have_target) return cli_usage_error("design", "--target is required");
    /* the table is per patient unless told, a simulated trial treats cohorts of 3 unless told */
    a->sim.cohort_size = a->cohort_size ? a->cohort_size : 3;
    if (!a->cohort_size) a->cohort_size = 1;
    if (!phi1) a->p.phi1 = 0.6 * a->p.target;
    if (!phi2) a->p.phi2 = 1.4 * a->p.target;
    onc_err_t err = {0};
    if (onc_boin_check(&a->p, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    return -1;
}

/* ---- actions ---- */

static int table(const design_args_t *a)
{
    double le, ld;
    onc_boin_lambdas(&a->p, &le, &ld);
    bool md = strcmp(a->format, "md") == 0;
    if (!md && strcmp(a->format, "json") != 0) return cli_usage_error("design", "--format '%s': json or md", a->format);
    if (md) printf("BOIN, target %g (lambda_e %.4f, lambda_d %.4f)\n\n| patients treated | escalate if DLTs <= | "
                   "de-escalate if DLTs >= | eliminate if DLTs >= |\n|---|---|---|---|\n", a->p.target, le, ld);
    else printf("{\"lambda_e\":%.10f,\"lambda_d\":%.10f,\"table\":[", le, ld);
    for (int n = a->cohort_size, first = 1; n <= a->max_n; n += a->cohort_size, first = 0) {
        onc_boin_row_t r;
        onc_boin_row(&a->p, n, &r);
        if (md) {
            printf("| %d | %d | %d | ", n, r.escalate_le, r.deescalate_ge);
            if (r.eliminate_ge < 0) printf("- |\n");
            else printf("%d |\n", r.eliminate_ge);
            continue;
        }
        printf("%s{\"n\":%d,\"escalate_if_le\":%d,\"deescalate_if_ge\":%d,", first ? "" : ",", n, r.escalate_le, r.deescalate_ge);
        onc_jsonw_member_int(stdout, "eliminate_if_ge", r.eliminate_ge, r.eliminate_ge < 0, 1);
        putchar('}');
    }
    if (!md) printf("]}\n");
    return CLI_OK;
}

static int need_counts(const design_args_t *a)
{
    if (a->n_doses == 0 || a->n_y == 0) return cli_usage_error("design", "--n and --y are required");
    if (a->n_doses != a->n_y)
        return cli_usage_error("design", "--n gives %d doses and --y %d: one count per dose in each", a->n_doses, a->n_y);
    return -1;
}

static int next(const design_args_t *a)
{
    int st = need_counts(a);
    if (st >= 0) return st;
    if (a->current < 0) return cli_usage_error("design", "--current is required (the dose the last cohort had)");
    onc_boin_next_t nx;
    onc_err_t err = {0};
    if (onc_boin_next(&a->p, a->n, a->y, a->n_doses, a->current, a->eliminated_from, &nx, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    printf("{\"decision\":\"%s\",\"next_dose\":", onc_boin_decision_names[nx.decision]);
    if (nx.decision == ONC_BOIN_STOP_TOXIC || nx.decision == ONC_BOIN_STOP_SELECT) printf("null");
    else printf("%d", nx.next_dose + 1);
    onc_jsonw_member_int(stdout, "eliminated_from", nx.eliminated_from + 1, nx.eliminated_from < 0, 0);
    onc_jsonw_member_str(stdout, "rule", nx.rule, 0);
    printf("}\n");
    return CLI_OK;
}

static int select_mtd(const design_args_t *a)
{
    int st = need_counts(a);
    if (st >= 0) return st;
    int mtd = -1;
    double est[ONC_DESIGN_MAX_DOSES];
    onc_err_t err = {0};
    if (onc_boin_select(&a->p, a->n, a->y, a->n_doses, &mtd, est, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    printf("{\"mtd\":");
    if (mtd < 0) printf("null");
    else printf("%d", mtd + 1);
    printf(",\"estimates\":[");
    for (int j = 0; j < a->n_doses; j++) printf("%s", j ? "," : ""), onc_jsonw_double(stdout, est[j]);
    printf("],\"pr_above_target\":[");
    for (int j = 0; j < a->n_doses; j++)
        printf("%s", j ? "," : ""), onc_jsonw_double(stdout, a->n[j] ? onc_boin_pr_above(a->p.target, a->y[j], a->n[j]) : NAN);
    printf("]}\n");
    return CLI_OK;
}

static void print_list(const char *key, const double *v, int n, int first)
{
    onc_jsonw_key(stdout, key, first);
    putchar('[');
    for (int j = 0; j < n; j++) printf("%s", j ? "," : ""), onc_jsonw_double(stdout, v[j]);
    putchar(']');
}

static void print_oc(const onc_design_oc_t *oc, const design_args_t *a)
{
    printf("{");
    print_list("selection_pct", oc->selection_pct, oc->n_doses, 1);
    onc_jsonw_member_num(stdout, "no_mtd_pct", oc->no_mtd_pct, 0);
    if (!strcmp(a->design, "boin")) onc_jsonw_member_num(stdout, "stopped_toxic_pct", oc->early_stop_pct, 0);
    print_list("patients_per_dose", oc->patients_per_dose, oc->n_doses, 0);
    print_list("dlt_per_dose", oc->dlt_per_dose, oc->n_doses, 0);
    onc_jsonw_member_num(stdout, "mean_n", oc->mean_n, 0);
    onc_jsonw_member_num(stdout, "mean_dlt", oc->mean_dlt, 0);
    if (oc->n_trials == 0) printf(",\"exact\":true}\n");
    else printf(",\"trials\":%ld,\"seed\":%llu}\n", oc->n_trials, (unsigned long long)a->sim.seed);
    if (oc->n_trials == 0) fprintf(stderr, "oncoboard design: exact, in %.6f s\n", oc->seconds);
    else fprintf(stderr, "oncoboard design: %ld trials in %.3f s (%.0f trials/s), seed %llu\n", oc->n_trials,
                 oc->seconds, oc->seconds > 0 ? (double)oc->n_trials / oc->seconds : 0, (unsigned long long)a->sim.seed);
}

static int need_truth(const design_args_t *a)
{
    if (a->n_truth == 0) return cli_usage_error("design", "--truth is required (the true DLT rate of each dose)");
    for (int j = 1; j < a->n_truth; j++)
        if (a->truth[j] < a->truth[j - 1])
            cli_error("design", "warning: the true DLT rates decrease from dose %d to %d", j, j + 1);
    return -1;
}

static int simulate(const design_args_t *a)
{
    int st = need_truth(a);
    if (st >= 0) return st;
    onc_design_oc_t oc;
    onc_err_t err = {0};
    if (onc_boin_simulate(&a->p, a->truth, a->n_truth, &a->sim, &oc, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    print_oc(&oc, a);
    return CLI_OK;
}

/* 3+3: exact (--exact) or simulated operating characteristics. */
static int three_plus_three(const design_args_t *a)
{
    if (strcmp(a->action, "simulate") != 0)
        return cli_usage_error("design", "3+3: only simulate is available (its rules need no table)");
    int st = need_truth(a);
    if (st >= 0) return st;
    onc_design_oc_t oc;
    onc_err_t err = {0};
    if (onc_3p3_oc(a->variant, a->truth, a->n_truth, a->exact ? 0 : a->sim.n_trials, a->sim.seed, &oc, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    print_oc(&oc, a);
    return CLI_OK;
}

int cmd_design(int argc, char **argv)
{
    int head = cli_subcommand_head(argc, argv, usage);
    if (head >= 0) return head;
    bool boin = !strcmp(argv[1], "boin"), tpt = !strcmp(argv[1], "3+3");
    if (!boin && !tpt)
        return cli_usage_error("design", "'%s': boin and 3+3 are available so far (the other designs are to come)", argv[1]);
    if (argc < 3 || argv[2][0] == '-') return cli_usage_error("design", "%s: which action?", argv[1]);
    design_args_t a;
    int st = parse(&a, argc - 1, argv + 1);
    if (st >= 0) return st;
    if (tpt) return three_plus_three(&a);
    if (!strcmp(a.action, "table")) return table(&a);
    if (!strcmp(a.action, "next")) return next(&a);
    if (!strcmp(a.action, "select")) return select_mtd(&a);
    if (!strcmp(a.action, "simulate")) return simulate(&a);
    return cli_usage_error("design", "boin: unknown action '%s' (table, next, select, simulate)", a.action);
}
