/* cli_design.c: `oncoboard design boin table|next|select|simulate`: phase I dose finding
 * (design.h, docs/design.md). Only BOIN for a single agent so far; the other designs of issue 8
 * are to come.
 *
 * One option parser serves the four actions (the design's parameters are the same for each);
 * each action checks that it has what it needs and prints JSON (CONTRACTS.md's keys) or, for
 * the protocol's decision table, Markdown. Doses are numbered from 1 here, from 0 in design.h.
 */
#include "cli.h"
#include "cli_design.h"
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
    const char *design;     /* "boin" | "3+3" | "keyboard" | "mtpi2" | "mtpi" | "i3+3" */
    onc_3p3_variant variant;
    double margin;          /* interval designs: the equivalence interval is target +- margin */
    int pending[ONC_DESIGN_MAX_DOSES], n_pending; /* TITE-BOIN: patients in their DLT window */
    onc_crm_t crm;          /* CRM: model, skeleton, prior */
    int n_skeleton, levels[ONC_CRM_MAX_PATIENTS], dlts[ONC_CRM_MAX_PATIENTS], n_levels, n_dlts, n_weights;
    double weights[ONC_CRM_MAX_PATIENTS];
    double delta;           /* CRM skeleton: half-width of the indifference intervals */
    const char *designs, *scenarios; /* compare: the designs (comma list) and a scenario file */
    double accrual, dlt_window;      /* patients per month, months: the trial's duration */
    int prior_mtd;          /* CRM skeleton: the dose believed to be the MTD (0-based) */
    double stft;            /* TITE-BOIN: their standardised total follow-up time at --current */
    bool exponential;       /* TITE-BOIN simulate: exponential inter-arrival times (--arrivals) */
    onc_crm_method method;  /* CRM: --method bayes|mle */
    int initial[ONC_CRM_MAX_PATIENTS], n_initial; /* CRM: the two-stage design's initial sequence (0-based) */
    bool tite, have_window; /* TITE-CRM: weights from --followup and --dlt-window */
    const char *scheme;     /* TITE-CRM: --weights linear|adaptive */
    double followup[ONC_CRM_MAX_PATIENTS];
    int n_followup;
} design_args_t;

static void usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Phase I dose finding (docs/design.md): BOIN for a single agent, TITE-BOIN, CRM and\n"
                "         TITE-CRM, the interval designs (Keyboard = mTPI-2, mTPI, i3+3) and the 3+3.\n"
                "Usage:   oncoboard design boin table --target P [--max-n N] [--cohort-size C] [--format json|md|html]\n"
                "         oncoboard design boin next --target P --n N1,N2,.. --y Y1,Y2,.. --current D\n"
                "                                    [--eliminated-from D]\n"
                "         oncoboard design boin|tite-boin|keyboard|crm next --db URL --trial ID [--as-of DATE]\n"
                "                                    (the trial's doses and DLTs from the registry: phase1)\n"
                "         oncoboard design boin select --target P --n N1,N2,.. --y Y1,Y2,..\n"
                "         oncoboard design boin simulate --target P --truth P1,P2,.. --cohorts K --cohort-size C\n"
                "                                    [--trials T] [--seed S] [--start D] [--titration] [--threads T]\n"
                "         oncoboard design tite-boin table --target P [--max-n N] [--cohort-size C] [--format json|md|html]\n"
                "         oncoboard design tite-boin next --target P --n .. --y .. --pending C1,C2,.. --stft S --current D\n"
                "         oncoboard design tite-boin simulate --target P --truth P1,.. --accrual R [--arrivals fixed|exponential]\n"
                "                                    [--dlt-window W] [--cohorts K] [--cohort-size C] [--trials T] [--seed S]\n"
                "         oncoboard design boin12 table|next|select|simulate --target PT --efficacy PE ... (design boin12 --help)\n"
                "         oncoboard design crm skeleton --target P --delta D --prior-mtd K --doses J [--model M]\n"
                "         oncoboard design crm next|select --target P --skeleton A1,A2,.. --levels L1,L2,.. --dlt 0,1,..\n"
                "                                    [--weights W1,..] [--model empiric|logistic] [--prior-var V]\n"
                "                                    [--method bayes|mle] [--initial L1,L2,..]\n"
                "         oncoboard design crm next --tite --followup F1,.. --dlt-window W [--weights linear|adaptive] ..\n"
                "         oncoboard design crm simulate --target P --skeleton .. --truth .. --max-n N [--cohort-size C]\n"
                "                                    [--start D | --initial L1,..,LN] [--method bayes|mle] [--trials T]\n"
                "                                    [--seed S] [--threads T]\n"
                "         oncoboard design crm simulate --tite --accrual R --dlt-window W [--weights linear|adaptive] ..\n"
                "         oncoboard design tite-crm next|select|simulate ..: crm with --tite\n"
                "         oncoboard design compare --designs boin,tite-boin,keyboard,mtpi2,i3+3,crm,3+3 (--truth .. | --scenarios FILE)\n"
                "                                    --target P [--skeleton ..] [simulation options] [--format json|md|html]\n"
                "         oncoboard design keyboard|mtpi2|mtpi|i3+3 table --target P [--margin M] [--max-n N]\n"
                "         oncoboard design keyboard|mtpi2|mtpi|i3+3 next|select --target P --n .. --y .. [--current D]\n"
                "                                    [--eliminated-from D] [--margin M]\n"
                "         oncoboard design keyboard|mtpi2|mtpi|i3+3 simulate --target P --truth P1,P2,.. [as boin simulate]\n"
                "         oncoboard design boin-comb|waterfall ...   two drugs combined: see `design boin-comb --help`\n"
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
                "    --pending C1,C2,..   TITE-BOIN: patients still in their DLT window, per dose\n"
                "    --stft S             TITE-BOIN: their follow-up at --current, summed in DLT windows\n"
                "    --skeleton A1,..     CRM: the prior DLT rates, increasing; --model empiric (power) or\n"
                "                         logistic (--intercept a0 [3]); --prior-var of b [1.34]\n"
                "    --levels, --dlt      CRM: each patient's dose (from 1) and DLT (0/1), in order;\n"
                "                         --weights their TITE-CRM weights (follow-up / window)\n"
                "    --method bayes|mle   CRM: posterior mean [bayes] or maximum likelihood (dfcrm's methods)\n"
                "    --initial L1,..      CRM: a two-stage design's doses, one per patient, followed until the\n"
                "                         first DLT (dfcrm's x0); the MLE needs it\n"
                "    --tite               TITE-CRM: weights from --followup (each patient's follow-up, or time\n"
                "                         to DLT) and --dlt-window, by --weights linear or adaptive\n"
                "    --accrual R          simulate: patients per month, for the trial's mean duration, each\n"
                "                         cohort followed for --dlt-window months [1] before the next\n"
                "    --arrivals A         tite-boin simulate: fixed or exponential inter-arrival times [fixed]\n"
                "    --margin M           interval designs: the equivalence interval is P +- M [0.05]\n"
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
    OPT_SEED, OPT_START, OPT_TITRATION, OPT_THREADS, OPT_FORMAT, OPT_VERSION, OPT_EXACT, OPT_VARIANT, OPT_MARGIN,
    OPT_PENDING, OPT_STFT,
    OPT_SKELETON, OPT_MODEL, OPT_PRIOR_VAR, OPT_INTERCEPT, OPT_LEVELS, OPT_DLT, OPT_WEIGHTS, OPT_DELTA, OPT_PRIOR_MTD,
    OPT_DOSES, OPT_DESIGNS, OPT_SCENARIOS, OPT_ACCRUAL, OPT_DLT_WINDOW,
    OPT_ARRIVALS, OPT_METHOD, OPT_INITIAL, OPT_TITE, OPT_FOLLOWUP
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
    {"margin", required_argument, NULL, OPT_MARGIN},       {"pending", required_argument, NULL, OPT_PENDING},
    {"stft", required_argument, NULL, OPT_STFT},           {"skeleton", required_argument, NULL, OPT_SKELETON},
    {"model", required_argument, NULL, OPT_MODEL},         {"prior-var", required_argument, NULL, OPT_PRIOR_VAR},
    {"intercept", required_argument, NULL, OPT_INTERCEPT}, {"levels", required_argument, NULL, OPT_LEVELS},
    {"dlt", required_argument, NULL, OPT_DLT},             {"weights", required_argument, NULL, OPT_WEIGHTS},
    {"delta", required_argument, NULL, OPT_DELTA},         {"prior-mtd", required_argument, NULL, OPT_PRIOR_MTD},
    {"doses", required_argument, NULL, OPT_DOSES},         {"designs", required_argument, NULL, OPT_DESIGNS},
    {"scenarios", required_argument, NULL, OPT_SCENARIOS}, {"accrual", required_argument, NULL, OPT_ACCRUAL},
    {"dlt-window", required_argument, NULL, OPT_DLT_WINDOW},
    {"arrivals", required_argument, NULL, OPT_ARRIVALS},
    {"method", required_argument, NULL, OPT_METHOD},       {"initial", required_argument, NULL, OPT_INITIAL},
    {"tite", no_argument, NULL, OPT_TITE},                 {"followup", required_argument, NULL, OPT_FOLLOWUP},
    {"help", no_argument, NULL, 'h'},                      {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* ---- values ---- */

static int parse_long_list(const char *opt, const char *s, double min, double max, double *out, int cap);

/* A comma-separated list of numbers in [min, max], one per dose: their count, or -1 after a
 * message naming the option. */
static int parse_list(const char *opt, const char *s, double min, double max, double *out)
{
    return parse_long_list(opt, s, min, max, out, ONC_DESIGN_MAX_DOSES);
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

static int take_crm_option(design_args_t *a, int c, const char *v);

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
    case OPT_MARGIN: bad = parse_real("margin", v, 1e-6, 0.5, &a->margin); break;
    case OPT_PENDING: bad = (a->n_pending = parse_counts("pending", v, a->pending)) < 0; break;
    case OPT_STFT: bad = parse_real("stft", v, 0, ONC_DESIGN_MAX_N, &a->stft); break;
    default: return take_crm_option(a, c, v);
    }
    return bad ? CLI_BAD_INPUT : -1;
}

/* A comma-separated list of at most cap numbers in [min, max] into out: their count, or -1 after
 * a message naming the option. */
static int parse_long_list(const char *opt, const char *s, double min, double max, double *out, int cap)
{
    int k = 0;
    char buf[64];
    for (const char *p = s;; k++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (k == cap || len == 0 || len >= sizeof buf)
            return cli_usage_error("design", "--%s: expected up to %d numbers separated by commas", opt, cap), -1;
        memcpy(buf, p, len);
        buf[len] = '\0';
        if (cli_parse_number(buf, min, max, &out[k]))
            return cli_usage_error("design", "--%s: '%s' is not a number between %g and %g", opt, buf, min, max), -1;
        if (!comma) return k + 1;
        p = comma + 1;
    }
}

/* --levels and --dlt: one value per patient, doses from 1. */
static int parse_patients(const char *opt, const char *v, double min, double max, int shift, int *out)
{
    static double tmp[ONC_CRM_MAX_PATIENTS];
    int k = parse_long_list(opt, v, min, max, tmp, ONC_CRM_MAX_PATIENTS);
    for (int j = 0; j < k; j++) {
        if (tmp[j] != floor(tmp[j])) return cli_usage_error("design", "--%s: %g is not a whole number", opt, tmp[j]), -1;
        out[j] = (int)tmp[j] - shift;
    }
    return k;
}

static int take_crm_option(design_args_t *a, int c, const char *v)
{
    long l = 0;
    int bad = 0;
    switch (c) {
    case OPT_SKELETON: bad = (a->n_skeleton = parse_list("skeleton", v, 0, 1, a->crm.skeleton)) < 0; break;
    case OPT_PRIOR_VAR: bad = parse_real("prior-var", v, 1e-6, 100, &a->crm.prior_var); break;
    case OPT_INTERCEPT: bad = parse_real("intercept", v, -20, 20, &a->crm.intercept); break;
    case OPT_DELTA: bad = parse_real("delta", v, 1e-6, 0.5, &a->delta); break;
    case OPT_PRIOR_MTD: bad = parse_int("prior-mtd", v, 1, ONC_DESIGN_MAX_DOSES, &l), a->prior_mtd = (int)l - 1; break;
    case OPT_DOSES: bad = parse_int("doses", v, 1, ONC_DESIGN_MAX_DOSES, &l), a->n_skeleton = (int)l; break;
    case OPT_DESIGNS: a->designs = v; break;
    case OPT_SCENARIOS: a->scenarios = v; break;
    case OPT_ACCRUAL: bad = parse_real("accrual", v, 1e-6, 1e6, &a->accrual); break;
    case OPT_DLT_WINDOW: bad = parse_real("dlt-window", v, 0, 1e6, &a->dlt_window), a->have_window = true; break;
    case OPT_ARRIVALS:
        if (!strcmp(v, "fixed") || !strcmp(v, "exponential")) a->exponential = v[0] == 'e';
        else bad = cli_usage_error("design", "--arrivals '%s': fixed or exponential", v);
        break;
    case OPT_LEVELS: bad = (a->n_levels = parse_patients("levels", v, 1, ONC_DESIGN_MAX_DOSES, 1, a->levels)) < 0; break;
    case OPT_DLT: bad = (a->n_dlts = parse_patients("dlt", v, 0, 1, 0, a->dlts)) < 0; break;
    case OPT_WEIGHTS:
        if (!strcmp(v, "linear") || !strcmp(v, "adaptive")) a->scheme = v;
        else bad = (a->n_weights = parse_long_list("weights", v, 0, 1, a->weights, ONC_CRM_MAX_PATIENTS)) < 0;
        break;
    case OPT_METHOD:
        if (!strcmp(v, "bayes") || !strcmp(v, "mle")) a->method = v[0] == 'm' ? ONC_CRM_MLE : ONC_CRM_BAYES;
        else bad = cli_usage_error("design", "--method '%s': bayes or mle", v);
        break;
    case OPT_INITIAL:
        bad = (a->n_initial = parse_patients("initial", v, 1, ONC_DESIGN_MAX_DOSES, 1, a->initial)) < 0;
        break;
    case OPT_TITE: a->tite = true; break;
    case OPT_FOLLOWUP:
        bad = (a->n_followup = parse_long_list("followup", v, 0, 1e9, a->followup, ONC_CRM_MAX_PATIENTS)) < 0;
        break;
    case OPT_MODEL:
        if (!strcmp(v, "empiric") || !strcmp(v, "logistic"))
            a->crm.model = v[0] == 'e' ? ONC_CRM_EMPIRIC : ONC_CRM_LOGISTIC;
        else bad = cli_usage_error("design", "--model '%s': empiric or logistic", v);
        break;
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
    a->margin = 0.05;
    a->dlt_window = 1;
    onc_crm_init(&a->crm);
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
    if (!strcmp(a->design, "3+3")) return -1; /* the 3+3 has no target */
    a->crm.target = a->p.target;
    if (!a->have_target) return cli_usage_error("design", "--target is required");
    /* the table is per patient unless told, a simulated trial treats cohorts of 3 unless told */
    a->sim.cohort_size = a->cohort_size ? a->cohort_size : 3;
    if (!a->cohort_size) a->cohort_size = 1;
    if (!phi1) a->p.phi1 = 0.6 * a->p.target;
    if (!phi2) a->p.phi2 = 1.4 * a->p.target;
    onc_err_t err = {0};
    if ((!strcmp(a->design, "boin") || !strcmp(a->design, "tite-boin")) && onc_boin_check(&a->p, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    return -1;
}

/* ---- tables for a protocol: Markdown or HTML ---- */

/* A table written as Markdown (to paste into a protocol) or as an HTML fragment (to paste into a
 * document or a web page); `--format md|html`. Cells are short texts: numbers, decisions. */
typedef struct doc_table {
    bool html;
} doc_table_t;

/* The output kind of --format: 0 JSON, 1 Markdown, 2 HTML; -1 after a message. */
static int doc_format(const char *format)
{
    if (!strcmp(format, "json")) return 0;
    if (!strcmp(format, "md")) return 1;
    if (!strcmp(format, "html")) return 2;
    cli_usage_error("design", "--format '%s': json, md or html", format);
    return -1;
}

static void html_text(const char *s)
{
    for (; *s; s++) {
        if (*s == '<') fputs("&lt;", stdout);
        else if (*s == '>') fputs("&gt;", stdout);
        else if (*s == '&') fputs("&amp;", stdout);
        else putchar(*s);
    }
}

static void dt_title(const doc_table_t *t, const char *title)
{
    if (!t->html) {
        printf("%s\n\n", title);
        return;
    }
    fputs("<p>", stdout);
    html_text(title);
    fputs("</p>\n", stdout);
}

static void dt_row(const doc_table_t *t, const char *const *cells, int n, bool head)
{
    if (!t->html) {
        for (int i = 0; i < n; i++) printf("| %s ", cells[i]);
        printf("|\n");
        if (head) {
            for (int i = 0; i < n; i++) printf("|---");
            printf("|\n");
        }
        return;
    }
    if (head) fputs("<table>\n<thead>\n", stdout);
    fputs("<tr>", stdout);
    for (int i = 0; i < n; i++) {
        fputs(head ? "<th>" : "<td>", stdout);
        html_text(cells[i]);
        fputs(head ? "</th>" : "</td>", stdout);
    }
    fputs(head ? "</tr>\n</thead>\n<tbody>\n" : "</tr>\n", stdout);
}

static void dt_end(const doc_table_t *t)
{
    if (t->html) fputs("</tbody>\n</table>\n", stdout);
}

/* ---- actions ---- */

static void table_json(const design_args_t *a, double le, double ld)
{
    printf("{\"lambda_e\":%.10f,\"lambda_d\":%.10f,\"table\":[", le, ld);
    for (int n = a->cohort_size; n <= a->max_n; n += a->cohort_size) {
        onc_boin_row_t r;
        onc_boin_row(&a->p, n, &r);
        printf("%s{\"n\":%d,\"escalate_if_le\":%d,\"deescalate_if_ge\":%d,", n == a->cohort_size ? "" : ",", n,
               r.escalate_le, r.deescalate_ge);
        onc_jsonw_member_int(stdout, "eliminate_if_ge", r.eliminate_ge, r.eliminate_ge < 0, 1);
        putchar('}');
    }
    printf("]}\n");
}

static int table(const design_args_t *a)
{
    double le, ld;
    onc_boin_lambdas(&a->p, &le, &ld);
    int kind = doc_format(a->format);
    if (kind < 0) return CLI_BAD_INPUT;
    if (kind == 0) {
        table_json(a, le, ld);
        return CLI_OK;
    }
    doc_table_t t = {.html = kind == 2};
    char title[160], c[4][24];
    snprintf(title, sizeof title, "BOIN, target %g (lambda_e %.4f, lambda_d %.4f)", a->p.target, le, ld);
    dt_title(&t, title);
    const char *head[4] = {"patients treated", "escalate if DLTs <=", "de-escalate if DLTs >=", "eliminate if DLTs >="};
    dt_row(&t, head, 4, true);
    for (int n = a->cohort_size; n <= a->max_n; n += a->cohort_size) {
        onc_boin_row_t r;
        onc_boin_row(&a->p, n, &r);
        snprintf(c[0], sizeof c[0], "%d", n);
        snprintf(c[1], sizeof c[1], "%d", r.escalate_le);
        snprintf(c[2], sizeof c[2], "%d", r.deescalate_ge);
        if (r.eliminate_ge < 0) snprintf(c[3], sizeof c[3], "-");
        else snprintf(c[3], sizeof c[3], "%d", r.eliminate_ge);
        const char *cells[4] = {c[0], c[1], c[2], c[3]};
        dt_row(&t, cells, 4, false);
    }
    dt_end(&t);
    return CLI_OK;
}

static int need_counts(const design_args_t *a)
{
    if (a->n_doses == 0 || a->n_y == 0) return cli_usage_error("design", "--n and --y are required");
    if (a->n_doses != a->n_y)
        return cli_usage_error("design", "--n gives %d doses and --y %d: one count per dose in each", a->n_doses, a->n_y);
    return -1;
}

static int print_next(const onc_boin_next_t *nx);

static int next(const design_args_t *a)
{
    int st = need_counts(a);
    if (st >= 0) return st;
    if (a->current < 0) return cli_usage_error("design", "--current is required (the dose the last cohort had)");
    onc_boin_next_t nx;
    onc_err_t err = {0};
    if (onc_boin_next(&a->p, a->n, a->y, a->n_doses, a->current, a->eliminated_from, &nx, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    return print_next(&nx);
}

/* `next`'s answer as JSON (CONTRACTS.md's keys). */
static int print_next(const onc_boin_next_t *nx)
{
    printf("{\"decision\":\"%s\",\"next_dose\":", onc_boin_decision_names[nx->decision]);
    if (nx->decision == ONC_BOIN_STOP_TOXIC || nx->decision == ONC_BOIN_STOP_SELECT) printf("null");
    else printf("%d", nx->next_dose + 1);
    onc_jsonw_member_int(stdout, "eliminated_from", nx->eliminated_from + 1, nx->eliminated_from < 0, 0);
    onc_jsonw_member_str(stdout, "rule", nx->rule, 0);
    printf("}\n");
    return CLI_OK;
}

static int print_select(const design_args_t *a, int mtd, const double *est);

static int select_mtd(const design_args_t *a)
{
    int st = need_counts(a);
    if (st >= 0) return st;
    int mtd = -1;
    double est[ONC_DESIGN_MAX_DOSES];
    onc_err_t err = {0};
    if (onc_boin_select(&a->p, a->n, a->y, a->n_doses, &mtd, est, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    return print_select(a, mtd, est);
}

/* `select`'s answer: the MTD, the isotonic estimates, Pr(rate > target) under Beta(1, 1). */
static int print_select(const design_args_t *a, int mtd, const double *est)
{
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

/* The cohort size of the simulated design (the 3+3's is 3). */
static double cohort_size(const design_args_t *a)
{
    return !strcmp(a->design, "3+3") ? 3 : a->sim.cohort_size;
}

static void print_oc(const onc_design_oc_t *oc, const design_args_t *a)
{
    printf("{");
    print_list("selection_pct", oc->selection_pct, oc->n_doses, 1);
    onc_jsonw_member_num(stdout, "no_mtd_pct", oc->no_mtd_pct, 0);
    if (!strcmp(a->design, "boin") || !strcmp(a->design, "tite-boin"))
        onc_jsonw_member_num(stdout, "stopped_toxic_pct", oc->early_stop_pct, 0);
    print_list("patients_per_dose", oc->patients_per_dose, oc->n_doses, 0);
    print_list("dlt_per_dose", oc->dlt_per_dose, oc->n_doses, 0);
    onc_jsonw_member_num(stdout, "mean_n", oc->mean_n, 0);
    onc_jsonw_member_num(stdout, "mean_dlt", oc->mean_dlt, 0);
    onc_jsonw_member_num(stdout, "overdose60_pct", oc->overdose60_pct, 0);
    onc_jsonw_member_num(stdout, "overdose80_pct", oc->overdose80_pct, 0);
    onc_jsonw_member_num(stdout, "mean_cohorts", oc->mean_cohorts, 0);
    if (!strcmp(a->design, "tite-boin")) /* simulated in time */
        onc_jsonw_member_num(stdout, "mean_duration_months", oc->mean_duration, 0);
    else if (a->accrual > 0 && a->tite) /* TITE-CRM: patients arrive regularly, the last one is followed */
        onc_jsonw_member_num(stdout, "mean_duration_months", oc->mean_n / a->accrual + a->dlt_window, 0);
    else if (a->accrual > 0) /* each cohort is enrolled, then followed for the DLT window */
        onc_jsonw_member_num(stdout, "mean_duration_months",
                             oc->mean_cohorts * (cohort_size(a) / a->accrual + a->dlt_window), 0);
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

/* ---- interval designs ---- */

static const struct {
    const char *name;
    onc_interval_design design;
} interval_designs[] = {
    {"keyboard", ONC_INTERVAL_KEYBOARD}, {"mtpi2", ONC_INTERVAL_MTPI2}, {"mtpi", ONC_INTERVAL_MTPI}, {"i3+3", ONC_INTERVAL_I3P3},
    {NULL, ONC_INTERVAL_MTPI2},
};

static int interval_of(const char *name)
{
    for (int i = 0; interval_designs[i].name; i++)
        if (!strcmp(interval_designs[i].name, name)) return i;
    return -1;
}

/* The decisions for n = 1..max-n patients and 0..n DLTs (research 4.1's tables). */
static void interval_json(const design_args_t *a, onc_interval_design d, double t, double m)
{
    printf("{\"target\":%g,\"interval\":[%g,%g],\"table\":[", t, t - m, t + m);
    for (int n = a->cohort_size; n <= a->max_n; n += a->cohort_size) {
        printf("%s{\"n\":%d,\"decisions\":[", n == a->cohort_size ? "" : ",", n);
        for (int y = 0; y <= n; y++)
            printf("%s\"%s\"", y ? "," : "", onc_interval_decision_names[onc_interval_decide(d, t, m, m, n, y)]);
        printf("]}");
    }
    printf("]}\n");
}

/* The decisions for n = 1..max-n patients and 0..n DLTs (research 4.1's tables). */
static int interval_table(const design_args_t *a, onc_interval_design d)
{
    int kind = doc_format(a->format);
    if (kind < 0) return CLI_BAD_INPUT;
    double t = a->p.target, m = a->margin;
    if (!(t - m > 0 && t + m < 1)) return cli_usage_error("design", "target %g +- margin %g leaves (0, 1)", t, m);
    if (kind == 0) {
        interval_json(a, d, t, m);
        return CLI_OK;
    }
    doc_table_t dt = {.html = kind == 2};
    char title[256], n_text[16], decisions[ONC_DESIGN_MAX_N * 4];
    snprintf(title, sizeof title, "%s, target %g, equivalence interval [%g, %g]: E escalate, S stay, D de-escalate, DU "
             "de-escalate and exclude the dose and those above", a->design, t, t - m, t + m);
    dt_title(&dt, title);
    const char *head[2] = {"patients", "decision for 0, 1, 2 ... DLTs"};
    dt_row(&dt, head, 2, true);
    for (int n = a->cohort_size; n <= a->max_n; n += a->cohort_size) {
        size_t k = 0;
        for (int y = 0; y <= n; y++)
            k += (size_t)snprintf(decisions + k, sizeof decisions - k, "%s%s", y ? " " : "",
                                  onc_interval_decision_names[onc_interval_decide(d, t, m, m, n, y)]);
        snprintf(n_text, sizeof n_text, "%d", n);
        const char *cells[2] = {n_text, decisions};
        dt_row(&dt, cells, 2, false);
    }
    dt_end(&dt);
    return CLI_OK;
}

/* next, select and simulate for an interval design. */
static int interval_run(const design_args_t *a, onc_interval_design d)
{
    onc_err_t err = {0};
    int st = !strcmp(a->action, "simulate") ? need_truth(a) : need_counts(a);
    if (st >= 0) return st;
    if (!strcmp(a->action, "next")) {
        if (a->current < 0) return cli_usage_error("design", "--current is required (the dose the last cohort had)");
        onc_boin_next_t nx;
        if (onc_interval_next(d, a->p.target, a->margin, a->n, a->y, a->n_doses, a->current, a->eliminated_from, &nx,
                              &err) != ONC_OK)
            return cli_usage_error("design", "%s", err.msg);
        return print_next(&nx);
    }
    if (!strcmp(a->action, "select")) {
        int mtd = -1;
        double est[ONC_DESIGN_MAX_DOSES];
        if (onc_interval_select(d, a->p.target, a->n, a->y, a->n_doses, &mtd, est, &err) != ONC_OK)
            return cli_usage_error("design", "%s", err.msg);
        return print_select(a, mtd, est);
    }
    onc_design_oc_t oc;
    if (onc_interval_simulate(d, a->p.target, a->margin, a->truth, a->n_truth, &a->sim, &oc, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    print_oc(&oc, a);
    return CLI_OK;
}

static int interval(const design_args_t *a, onc_interval_design d)
{
    if (!strcmp(a->action, "table")) return interval_table(a, d);
    if (!strcmp(a->action, "next") || !strcmp(a->action, "select") || !strcmp(a->action, "simulate"))
        return interval_run(a, d);
    return cli_usage_error("design", "%s: table, next, select or simulate", a->design);
}

/* ---- TITE-BOIN ---- */

static void tite_json_row(int n, int y, int c, onc_tite_decision d, double t, bool first)
{
    printf("%s{\"n\":%d,\"y\":%d,\"pending\":%d,\"decision\":\"%s\",", first ? "" : ",", n, y, c,
           onc_tite_decision_names[d]);
    onc_jsonw_member_num(stdout, "stft_threshold", t, 1);
    putchar('}');
}

static void tite_doc_row(const doc_table_t *dt, int n, int y, int c, onc_tite_decision d, double t)
{
    char v[3][16], text[96];
    snprintf(v[0], sizeof v[0], "%d", n);
    snprintf(v[1], sizeof v[1], "%d", y);
    snprintf(v[2], sizeof v[2], "%d", c);
    if (d == ONC_TITE_ESCALATE_IF) snprintf(text, sizeof text, "escalate if STFT >= %.2f, else stay", t);
    else if (d == ONC_TITE_STAY_IF) snprintf(text, sizeof text, "stay if STFT > %.2f, else de-escalate", t);
    else snprintf(text, sizeof text, "%s", onc_tite_decision_names[d]);
    const char *cells[4] = {v[0], v[1], v[2], text};
    dt_row(dt, cells, 4, false);
}

/* Every (n, DLTs, pending) at the cohort sizes up to --max-n: the protocol's table. */
static int tite_table(const design_args_t *a)
{
    int kind = doc_format(a->format);
    if (kind < 0) return CLI_BAD_INPUT;
    doc_table_t dt = {.html = kind == 2};
    char title[160];
    snprintf(title, sizeof title, "TITE-BOIN, target %g (STFT: the pending patients' follow-up, each as a fraction of "
             "the DLT window)", a->p.target);
    const char *head[4] = {"patients", "DLTs", "pending", "decision"};
    if (kind) {
        dt_title(&dt, title);
        dt_row(&dt, head, 4, true);
    } else {
        printf("{\"target\":%g,\"table\":[", a->p.target);
    }
    bool first = true;
    for (int n = a->cohort_size; n <= a->max_n; n += a->cohort_size)
        for (int y = 0; y <= n; y++)
            for (int c = 0; y + c <= n; c++, first = false) {
                onc_tite_decision d;
                double t;
                onc_err_t err = {0};
                if (onc_tite_boin_decide(&a->p, n, y, c, &d, &t, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
                if (kind) tite_doc_row(&dt, n, y, c, d, t);
                else tite_json_row(n, y, c, d, t, first);
            }
    if (kind) dt_end(&dt);
    else printf("]}\n");
    return CLI_OK;
}

/* The next dose from the current one's counts, its pending patients and their STFT. */
static int tite_next(const design_args_t *a)
{
    int st = need_counts(a);
    if (st >= 0) return st;
    if (a->current < 0 || a->current >= a->n_doses) return cli_usage_error("design", "--current is required (a dose of --n)");
    int d = a->current, c = a->n_pending > d ? a->pending[d] : 0;
    if (a->stft > c) return cli_usage_error("design", "--stft %g: more than the %d pending patients' full windows", a->stft, c);
    onc_tite_decision dec;
    double t;
    onc_err_t err = {0};
    if (onc_tite_boin_decide(&a->p, a->n[d], a->y[d], c, &dec, &t, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    if (dec == ONC_TITE_ESCALATE_IF) dec = a->stft >= t ? ONC_TITE_ESCALATE : ONC_TITE_STAY;
    if (dec == ONC_TITE_STAY_IF) dec = a->stft > t ? ONC_TITE_STAY : ONC_TITE_DEESCALATE;
    int top = a->eliminated_from >= 0 ? a->eliminated_from - 1 : a->n_doses - 1, next = d;
    if (dec == ONC_TITE_ESCALATE && d < top) next = d + 1;
    if ((dec == ONC_TITE_DEESCALATE || dec == ONC_TITE_DEESCALATE_ELIMINATE) && d > 0) next = d - 1;
    bool stop = dec == ONC_TITE_DEESCALATE_ELIMINATE && d == 0;
    printf("{\"decision\":\"%s\",\"next_dose\":", stop ? "stop_toxic" : onc_tite_decision_names[dec]);
    if (stop) printf("null");
    else printf("%d", next + 1);
    onc_jsonw_member_num(stdout, "stft_threshold", t, 0);
    printf("}\n");
    return CLI_OK;
}

/* Operating characteristics with accrual in time: --accrual patients per month, --arrivals,
 * --dlt-window months. */
static int tite_simulate(const design_args_t *a)
{
    int st = need_truth(a);
    if (st >= 0) return st;
    if (!(a->accrual > 0)) return cli_usage_error("design", "tite-boin simulate needs --accrual (patients per month)");
    onc_tite_sim_opts_t o = {.trial = a->sim, .accrual = a->accrual, .exponential = a->exponential,
                             .window = a->dlt_window};
    onc_design_oc_t oc;
    onc_err_t err = {0};
    if (onc_tite_boin_simulate(&a->p, a->truth, a->n_truth, &o, &oc, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    print_oc(&oc, a);
    return CLI_OK;
}

/* ---- CRM ---- */

static void print_array(const char *key, const double *v, int n, int first)
{
    onc_jsonw_key(stdout, key, first);
    putchar('[');
    for (int j = 0; j < n; j++) printf("%s", j ? "," : ""), onc_jsonw_double(stdout, v[j]);
    putchar(']');
}

static int crm_ready(design_args_t *a)
{
    if (a->n_skeleton == 0) return cli_usage_error("design", "--skeleton is required (the prior DLT rate of each dose)");
    a->crm.n_doses = a->n_skeleton;
    onc_err_t err = {0};
    if (onc_crm_check(&a->crm, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    return -1;
}

/* The weights of the patients without a DLT (NULL: all full): given as numbers by --weights,
 * or with --tite from --followup and --dlt-window by --weights linear (the default) or adaptive.
 * *st an exit status after a message, else -1. */
static const double *crm_weights(design_args_t *a, int *st)
{
    *st = -1;
    if (!a->tite) {
        if (a->scheme) *st = cli_usage_error("design", "--weights %s needs --tite, --followup and --dlt-window", a->scheme);
        else if (a->n_weights && a->n_weights != a->n_levels)
            *st = cli_usage_error("design", "--weights gives %d patients and --levels %d", a->n_weights, a->n_levels);
        return a->n_weights ? a->weights : NULL;
    }
    if (a->n_weights) *st = cli_usage_error("design", "with --tite, --weights is linear or adaptive (the weights follow "
                                                      "from --followup)");
    else if (a->n_followup != a->n_levels)
        *st = cli_usage_error("design", "--followup gives %d patients and --levels %d", a->n_followup, a->n_levels);
    else if (!a->have_window || !(a->dlt_window > 0))
        *st = cli_usage_error("design", "--tite needs --dlt-window, the DLT observation window in --followup's unit");
    if (*st >= 0) return NULL;
    if (a->scheme && !strcmp(a->scheme, "adaptive"))
        onc_crm_weights_adaptive(a->followup, a->dlts, a->n_levels, a->dlt_window, a->weights);
    else
        for (int j = 0; j < a->n_levels; j++) a->weights[j] = a->dlts[j] ? 1 : onc_crm_weight_linear(a->followup[j], a->dlt_window);
    a->n_weights = a->n_levels;
    return a->weights;
}

/* The estimate by --method: the posterior mean, or the MLE, whose stand-in when it does not
 * exist (no DLT, or only DLTs) is dfcrm's: the Bayes estimate under N(0, 500^2). *how says which. */
static onc_rc crm_estimate(const design_args_t *a, const double *w, onc_crm_fit_t *f, const char **how, onc_err_t *err)
{
    if (a->method == ONC_CRM_BAYES) {
        *how = "bayes";
        return onc_crm_fit(&a->crm, a->levels, a->dlts, w, a->n_levels, f, err);
    }
    if (onc_crm_mle_exists(a->dlts, a->n_levels)) {
        *how = "mle";
        return onc_crm_fit_mle(&a->crm, a->levels, a->dlts, w, a->n_levels, f, err);
    }
    *how = "flat_prior";
    return onc_crm_fit_flat(&a->crm, a->levels, a->dlts, w, a->n_levels, f, err);
}

/* Before the first DLT of a two-stage design (--initial), the next patient's dose is the
 * sequence's; with the MLE and no DLT there is no estimate at all. -1: the model decides. */
static int crm_stage1(const design_args_t *a, bool next)
{
    bool any_dlt = false;
    for (int j = 0; j < a->n_levels; j++) any_dlt |= a->dlts[j] != 0;
    if (any_dlt || !next || (!a->n_initial && a->method == ONC_CRM_BAYES)) return -1;
    if (!a->n_initial)
        return cli_usage_error("design", "the MLE does not exist before the first DLT: give --initial, the two-stage "
                               "design's sequence of doses");
    if (a->n_levels >= a->n_initial)
        return cli_usage_error("design", "no DLT yet and the %d doses of --initial are used up", a->n_initial);
    printf("{\"stage\":\"initial\",\"next_dose\":%d,\"rule\":\"no DLT yet: patient %d of the initial sequence\"}\n",
           a->initial[a->n_levels] + 1, a->n_levels + 1);
    return CLI_OK;
}

/* The fit after the patients so far, and the next dose: the model's choice, at most one level
 * above the last patient's, and not above it when the last patient had a DLT at a rate >=
 * target (the restrictions of dfcrm's simulations). */
static int crm_fit(design_args_t *a, bool next)
{
    int st = crm_ready(a);
    if (st >= 0) return st;
    if (a->n_levels != a->n_dlts) return cli_usage_error("design", "--levels gives %d patients and --dlt %d", a->n_levels, a->n_dlts);
    const double *w = crm_weights(a, &st);
    if (st >= 0 || (st = crm_stage1(a, next)) >= 0) return st;
    onc_crm_fit_t f;
    onc_err_t err = {0};
    const char *how = "bayes";
    if (crm_estimate(a, w, &f, &how, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    int k = a->crm.n_doses, last = a->n_levels ? a->levels[a->n_levels - 1] : -1, dose = f.mtd;
    if (next && last >= 0 && dose > last + 1) dose = last + 1;
    if (next && last >= 0 && a->dlts[a->n_levels - 1] && dose > last) dose = last;
    printf("{");
    onc_jsonw_member_num(stdout, "bhat", f.bhat, 1);
    onc_jsonw_member_num(stdout, "post_var", f.post_var, 0);
    print_array("ptox", f.ptox, k, 0);
    print_array("ptox_lower", f.lower, k, 0);
    print_array("ptox_upper", f.upper, k, 0);
    printf(",\"mtd\":%d", f.mtd + 1);
    if (next) printf(",\"next_dose\":%d", dose + 1);
    if (a->method == ONC_CRM_MLE) printf(",\"estimate\":\"%s\"", how);
    if (!strcmp(how, "flat_prior"))
        onc_jsonw_member_str(stdout, "note", "the MLE does not exist (no DLT, or only DLTs): dfcrm's stand-in, the Bayes "
                             "estimate under a N(0, 500^2) prior", 0);
    if (a->tite) print_array("weights", w, a->n_levels, 0);
    printf("}\n");
    return CLI_OK;
}

static int crm_skeleton(design_args_t *a)
{
    if (!(a->delta > 0) || a->n_skeleton == 0)
        return cli_usage_error("design", "crm skeleton needs --delta, --doses and --prior-mtd");
    double sk[ONC_DESIGN_MAX_DOSES];
    onc_err_t err = {0};
    if (onc_crm_skeleton(a->crm.model, a->delta, a->p.target, a->prior_mtd < 0 ? 0 : a->prior_mtd, a->n_skeleton,
                         a->crm.intercept, sk, &err) != ONC_OK)
        return cli_usage_error("design", "%s", err.msg);
    printf("{");
    print_array("skeleton", sk, a->n_skeleton, 1);
    printf("}\n");
    return CLI_OK;
}

static int crm_simulate(design_args_t *a)
{
    int st = crm_ready(a);
    if (st < 0) st = need_truth(a);
    if (st >= 0) return st;
    if (a->n_truth != a->crm.n_doses)
        return cli_usage_error("design", "--truth gives %d doses and --skeleton %d", a->n_truth, a->crm.n_doses);
    if (a->n_initial && a->n_initial != a->max_n)
        return cli_usage_error("design", "--initial gives %d doses for --max-n %d patients: one per patient", a->n_initial,
                               a->max_n);
    onc_crm_sim_opts_t o = {.n_patients = a->max_n, .cohort_size = a->cohort_size, .start_dose = a->sim.start_dose,
                            .n_trials = a->sim.n_trials, .seed = a->sim.seed, .threads = a->sim.threads,
                            .method = a->method, .initial = a->n_initial ? a->initial : NULL, .tite = a->tite,
                            .window = a->dlt_window, .per_window = a->accrual * a->dlt_window,
                            .adaptive = a->scheme && !strcmp(a->scheme, "adaptive")};
    if (a->tite && (!a->have_window || !(a->accrual > 0)))
        return cli_usage_error("design", "crm simulate --tite needs --accrual (patients per month) and --dlt-window "
                               "(months)");
    onc_design_oc_t oc;
    onc_err_t err = {0};
    if (onc_crm_simulate(&a->crm, a->truth, &o, &oc, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    print_oc(&oc, a);
    return CLI_OK;
}

static int crm(design_args_t *a)
{
    if (!strcmp(a->action, "skeleton")) return crm_skeleton(a);
    if (!strcmp(a->action, "next")) return crm_fit(a, true);
    if (!strcmp(a->action, "select")) return crm_fit(a, false);
    if (!strcmp(a->action, "simulate")) return crm_simulate(a);
    return cli_usage_error("design", "crm: skeleton, next, select or simulate");
}

/* ---- comparing designs ---- */

/* The operating characteristics of design `name` on truth, with the options given. */
static onc_rc compare_one(design_args_t *a, const char *name, const double *truth, int k, onc_design_oc_t *oc,
                          onc_err_t *err)
{
    onc_boin_sim_opts_t o = a->sim;
    if (!strcmp(name, "boin")) return onc_boin_simulate(&a->p, truth, k, &o, oc, err);
    int iv = interval_of(name); /* keyboard, mtpi2, mtpi, i3+3 */
    if (iv >= 0) return onc_interval_simulate(interval_designs[iv].design, a->p.target, a->margin, truth, k, &o, oc, err);
    if (!strcmp(name, "3+3")) return onc_3p3_oc(a->variant, truth, k, a->exact ? 0 : o.n_trials, o.seed, oc, err);
    if (!strcmp(name, "tite-boin")) { /* fixed arrivals: the same patients as BOIN's */
        onc_tite_sim_opts_t t = {.trial = o, .accrual = a->accrual > 0 ? a->accrual : 1, .exponential = a->exponential,
                                 .window = a->dlt_window};
        return onc_tite_boin_simulate(&a->p, truth, k, &t, oc, err);
    }
    if (!strcmp(name, "crm")) {
        if (a->n_skeleton != k) return onc_err_set(err, ONC_EINVAL, "crm needs --skeleton with %d doses", k);
        a->crm.n_doses = k;
        onc_crm_sim_opts_t c = {.n_patients = o.n_cohorts * o.cohort_size, .cohort_size = o.cohort_size,
                                .start_dose = o.start_dose, .n_trials = o.n_trials, .seed = o.seed, .threads = o.threads};
        return onc_crm_simulate(&a->crm, truth, &c, oc, err);
    }
    return onc_err_set(err, ONC_EINVAL,
                       "--designs: '%s' cannot be simulated here (boin, tite-boin, keyboard, mtpi2, mtpi, i3+3, crm, 3+3)", name);
}

static void print_result(const char *design, const onc_design_oc_t *oc, const doc_table_t *dt, bool first)
{
    if (dt) {
        char v[ONC_DESIGN_MAX_DOSES + 3][24];
        const char *cells[ONC_DESIGN_MAX_DOSES + 4] = {design};
        int k = oc->n_doses;
        for (int j = 0; j < k; j++) snprintf(v[j], sizeof v[j], "%.1f", oc->selection_pct[j]);
        snprintf(v[k], sizeof v[k], "%.1f", oc->no_mtd_pct);
        snprintf(v[k + 1], sizeof v[k + 1], "%.1f", oc->mean_n);
        snprintf(v[k + 2], sizeof v[k + 2], "%.2f", oc->mean_dlt);
        for (int j = 0; j < k + 3; j++) cells[j + 1] = v[j];
        dt_row(dt, cells, k + 4, false);
        return;
    }
    printf("%s{\"design\":\"%s\",", first ? "" : ",", design);
    print_list("selection_pct", oc->selection_pct, oc->n_doses, 1);
    onc_jsonw_member_num(stdout, "no_mtd_pct", oc->no_mtd_pct, 0);
    print_list("patients_per_dose", oc->patients_per_dose, oc->n_doses, 0);
    onc_jsonw_member_num(stdout, "mean_n", oc->mean_n, 0);
    onc_jsonw_member_num(stdout, "mean_dlt", oc->mean_dlt, 0);
    putchar('}');
}

static void scenario_head(const onc_scenario_t *sc, int k, const doc_table_t *dt, bool first)
{
    if (dt) {
        char title[512], v[ONC_DESIGN_MAX_DOSES][24];
        size_t n = (size_t)snprintf(title, sizeof title, "%s%s (true DLT rates", dt->html ? "" : "### ", sc->name);
        for (int j = 0; j < k && n < sizeof title; j++) n += (size_t)snprintf(title + n, sizeof title - n, " %g", sc->truth[j]);
        if (n < sizeof title) snprintf(title + n, sizeof title - n, ")");
        dt_title(dt, title);
        const char *head[ONC_DESIGN_MAX_DOSES + 4] = {"design"};
        for (int j = 0; j < k; j++) snprintf(v[j], sizeof v[j], "dose %d %%", j + 1), head[j + 1] = v[j];
        head[k + 1] = "no MTD %", head[k + 2] = "mean N", head[k + 3] = "mean DLTs";
        dt_row(dt, head, k + 4, true);
        return;
    }
    printf("%s{\"name\":", first ? "" : ",");
    onc_jsonw_string(stdout, sc->name);
    print_list("truth", sc->truth, k, 0);
    printf(",\"results\":[");
}

/* Each scenario with each design, on the same simulated patients (common random numbers). */
static int compare_all(design_args_t *a, const onc_scenarios_t *sc, int kind)
{
    doc_table_t table = {.html = kind == 2}, *dt = kind ? &table : NULL;
    char title[160];
    snprintf(title, sizeof title, "Operating characteristics, %ld trials, seed %llu: selection %% per dose", a->sim.n_trials,
             (unsigned long long)a->sim.seed);
    if (dt) dt_title(dt, title);
    else printf("{\"trials\":%ld,\"seed\":%llu,\"scenarios\":[", a->sim.n_trials, (unsigned long long)a->sim.seed);
    for (size_t i = 0; i < sc->n; i++) {
        if (dt && !dt->html && i) putchar('\n');
        scenario_head(&sc->v[i], sc->n_doses, dt, i == 0);
        char list[256], *save = NULL;
        snprintf(list, sizeof list, "%s", a->designs);
        int first = 1;
        for (char *d = strtok_r(list, ",", &save); d; d = strtok_r(NULL, ",", &save), first = 0) {
            onc_design_oc_t oc;
            onc_err_t err = {0};
            if (compare_one(a, d, sc->v[i].truth, sc->n_doses, &oc, &err) != ONC_OK)
                return cli_usage_error("design", "%s", err.msg);
            print_result(d, &oc, dt, first);
        }
        if (dt) dt_end(dt);
        else printf("]}");
    }
    if (!dt) printf("]}\n");
    return CLI_OK;
}

static int compare(design_args_t *a)
{
    if (!a->designs) return cli_usage_error("design", "--designs is required (e.g. boin,keyboard,crm,3+3)");
    if (!!a->scenarios == !!a->n_truth) return cli_usage_error("design", "give --truth or --scenarios FILE (one of them)");
    int kind = doc_format(a->format);
    if (kind < 0) return CLI_BAD_INPUT;
    onc_scenarios_t sc = {0};
    onc_scenario_t one = {.name = "truth"};
    onc_err_t err = {0};
    if (a->scenarios && onc_scenarios_load(a->scenarios, &sc, &err) != ONC_OK) return cli_usage_error("design", "%s", err.msg);
    if (!a->scenarios) {
        memcpy(one.truth, a->truth, sizeof one.truth);
        sc.v = &one, sc.n = 1, sc.n_doses = a->n_truth;
    }
    if (a->n_skeleton) a->crm.n_doses = a->n_skeleton;
    int st = compare_all(a, &sc, kind);
    if (a->scenarios) onc_scenarios_free(&sc);
    return st;
}

int cmd_design(int argc, char **argv)
{
    int head = cli_subcommand_head(argc, argv, usage);
    if (head >= 0) return head;
    for (int i = 2; i < argc; i++) /* the trial's data from the registry (cli_phase1.c) */
        if (!strcmp(argv[i], "--db") || !strncmp(argv[i], "--db=", 5)) return cli_design_next_db(argc, argv);
    bool boin = !strcmp(argv[1], "boin"), tpt = !strcmp(argv[1], "3+3"), tite = !strcmp(argv[1], "tite-boin");
    bool is_crm = !strcmp(argv[1], "crm") || !strcmp(argv[1], "tite-crm"); /* tite-crm: crm --tite */
    if (!strcmp(argv[1], "boin12")) return cmd_design_boin12(argc - 1, argv + 1);
    int iv = interval_of(argv[1]);
    if (!strcmp(argv[1], "boin-comb") || !strcmp(argv[1], "waterfall")) return cmd_design_comb(argc, argv);
    if (!strcmp(argv[1], "compare")) {
        design_args_t a; /* its options start right after "compare" */
        int st = parse(&a, argc, argv);
        a.design = "compare";
        return st >= 0 ? st : compare(&a);
    }
    if (!boin && !tpt && !tite && !is_crm && iv < 0)
        return cli_usage_error("design", "'%s': boin, tite-boin, crm, tite-crm, keyboard, mtpi2, mtpi, i3+3 and 3+3 are available so far",
                               argv[1]);
    if (argc < 3 || argv[2][0] == '-') return cli_usage_error("design", "%s: which action?", argv[1]);
    design_args_t a;
    int st = parse(&a, argc - 1, argv + 1);
    if (st >= 0) return st;
    if (tpt) return three_plus_three(&a);
    a.tite |= !strcmp(argv[1], "tite-crm");
    if (is_crm) return crm(&a);
    if (iv >= 0) return interval(&a, interval_designs[iv].design);
    if (tite && !strcmp(a.action, "table")) return tite_table(&a);
    if (tite && !strcmp(a.action, "next")) return tite_next(&a);
    if (tite && !strcmp(a.action, "simulate")) return tite_simulate(&a);
    if (tite) return cli_usage_error("design", "tite-boin: table, next or simulate");
    if (!strcmp(a.action, "table")) return table(&a);
    if (!strcmp(a.action, "next")) return next(&a);
    if (!strcmp(a.action, "select")) return select_mtd(&a);
    if (!strcmp(a.action, "simulate")) return simulate(&a);
    return cli_usage_error("design", "boin: unknown action '%s' (table, next, select, simulate)", a.action);
}

/* ---- shared with the other design command files (cli_design.h) ---- */

int cli_design_numbers(const char *opt, const char *s, double min, double max, double *out, int cap)
{
    return parse_long_list(opt, s, min, max, out, cap);
}

int cli_design_doc_format(const char *format)
{
    return doc_format(format);
}

void cli_design_doc_title(bool html, const char *title)
{
    doc_table_t t = {.html = html};
    dt_title(&t, title);
}

void cli_design_doc_row(bool html, const char *const *cells, int n, bool head)
{
    doc_table_t t = {.html = html};
    dt_row(&t, cells, n, head);
}

void cli_design_doc_end(bool html)
{
    doc_table_t t = {.html = html};
    dt_end(&t);
}
