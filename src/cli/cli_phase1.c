/* cli_phase1.c: `oncoboard phase1 setup|assign|dlt|window|list` (a phase I trial's conduct in
 * the registry, store_phase1.h) and `oncoboard design DESIGN next --db URL --trial ID` (the next
 * cohort's dose from the registry's rows; cli_design.c hands `next` over here when it sees --db).
 *
 * Each write is one audited transaction of the store; `list` and `next` read, audited too. The
 * decision comes from onc_phase1_recommend, which asks the same design functions the command-line
 * `next` asks, and is printed as one JSON document (onc_phase1_json), the server's answer too.
 */
#include "cli.h"

#include "oncoboard/audit.h"
#include "oncoboard/store_phase1.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct phase1_args {
    const char *db_url, *trial, *patient, *date, *term, *onset, *as_of, *format;
    const char *skeleton;
    int level, grade;
    onc_phase1_setup_t setup;
    bool json;
} phase1_args_t;

static void usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   A phase I dose-finding trial in the registry: its design, each patient's dose level\n"
                "         and DLTs; `oncoboard design DESIGN next --db URL --trial ID` gives the next dose.\n"
                "Usage:   oncoboard phase1 setup --trial ID --design boin|tite-boin|keyboard|crm --target P\n"
                "                                --dose LABEL [--dose LABEL ..] --cohort-size C --sample-size N\n"
                "                                [--dlt-window DAYS] [--margin M] [--skeleton A1,A2,..] [--model M]\n"
                "         oncoboard phase1 assign --trial ID --patient PATIENT --level L [--date YYYY-MM-DD]\n"
                "         oncoboard phase1 dlt --trial ID --patient PATIENT --term TERM --grade G [--onset YYYY-MM-DD]\n"
                "         oncoboard phase1 window --trial ID --patient PATIENT\n"
                "         oncoboard phase1 list --trial ID [--format tsv|json]\n"
                "\n"
                "Commands:\n"
                "    setup    the trial's design and dose levels (a registered trial: db trials load);\n"
                "             changed only while no patient is assigned\n"
                "    assign   a registered patient's dose level (from 1) and first-dose date [today]\n"
                "    dlt      a dose-limiting toxicity: CTCAE term, grade 1-5, date of onset [today]\n"
                "    window   the patient completed the DLT window without DLT (TITE designs)\n"
                "    list     the levels with their patients and DLTs\n"
                "\n"
                "Options:\n"
                "    --db URL            sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n"
                "    --dose LABEL        a dose level's label, lowest first (one --dose per level)\n"
                "    --dlt-window DAYS   the DLT window (tite-boin: required; crm: TITE-CRM weights)\n"
                "    --margin M          keyboard: the target interval is P +- M [0.05]\n"
                "    --skeleton A1,..    crm: the prior DLT rate of each level; --model empiric|logistic\n"
                "    --format tsv|json   list: one row per patient, or the whole record [tsv]\n"
                "    -h, --help          this help; --version the program version\n"
                "\n");
}

enum {
    OPT_DB = 256, OPT_TRIAL, OPT_DESIGN, OPT_TARGET, OPT_DOSE, OPT_COHORT, OPT_SAMPLE, OPT_WINDOW, OPT_MARGIN,
    OPT_SKELETON, OPT_MODEL, OPT_PATIENT, OPT_LEVEL, OPT_DATE, OPT_TERM, OPT_GRADE, OPT_ONSET, OPT_FORMAT, OPT_JSON,
    OPT_AS_OF, OPT_VERSION
};

static const struct option options[] = {
    {"db", required_argument, NULL, OPT_DB},           {"trial", required_argument, NULL, OPT_TRIAL},
    {"design", required_argument, NULL, OPT_DESIGN},   {"target", required_argument, NULL, OPT_TARGET},
    {"dose", required_argument, NULL, OPT_DOSE},       {"cohort-size", required_argument, NULL, OPT_COHORT},
    {"sample-size", required_argument, NULL, OPT_SAMPLE}, {"dlt-window", required_argument, NULL, OPT_WINDOW},
    {"margin", required_argument, NULL, OPT_MARGIN},   {"skeleton", required_argument, NULL, OPT_SKELETON},
    {"model", required_argument, NULL, OPT_MODEL},     {"patient", required_argument, NULL, OPT_PATIENT},
    {"level", required_argument, NULL, OPT_LEVEL},     {"date", required_argument, NULL, OPT_DATE},
    {"term", required_argument, NULL, OPT_TERM},       {"grade", required_argument, NULL, OPT_GRADE},
    {"onset", required_argument, NULL, OPT_ONSET},     {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},             {"as-of", required_argument, NULL, OPT_AS_OF},
    {"help", no_argument, NULL, 'h'},                  {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int whole(const char *cmd, const char *opt, const char *v, double min, double max, int *out)
{
    double d;
    if (cli_parse_number(v, min, max, &d) || d != floor(d))
        return cli_usage_error(cmd, "--%s '%s': expected a whole number from %g to %g", opt, v, min, max);
    *out = (int)d;
    return 0;
}

static int real(const char *cmd, const char *opt, const char *v, double min, double max, double *out)
{
    if (cli_parse_number(v, min, max, out))
        return cli_usage_error(cmd, "--%s '%s': expected a number from %g to %g", opt, v, min, max);
    return 0;
}

static int add_dose(const char *cmd, onc_phase1_setup_t *s, const char *label)
{
    if (s->n_doses == ONC_DESIGN_MAX_DOSES) return cli_usage_error(cmd, "--dose: at most %d levels", ONC_DESIGN_MAX_DOSES);
    if (strlen(label) > ONC_PHASE1_LABEL_MAX) return cli_usage_error(cmd, "--dose: a label of at most %d bytes", ONC_PHASE1_LABEL_MAX);
    snprintf(s->doses[s->n_doses++].label, sizeof s->doses[0].label, "%s", label);
    return 0;
}

static int copy_text(const char *cmd, const char *opt, const char *v, char *out, size_t cap)
{
    if (strlen(v) >= cap) return cli_usage_error(cmd, "--%s '%.20s': too long", opt, v);
    memcpy(out, v, strlen(v) + 1);
    return 0;
}

/* One option into a; 0, or the exit status after a message. */
static int take(const char *cmd, phase1_args_t *a, int c, const char *v)
{
    onc_phase1_setup_t *s = &a->setup;
    switch (c) {
    case OPT_DB: a->db_url = v; return 0;
    case OPT_TRIAL: a->trial = v; return 0;
    case OPT_DESIGN: return copy_text(cmd, "design", v, s->design, sizeof s->design);
    case OPT_MODEL: return copy_text(cmd, "model", v, s->model, sizeof s->model);
    case OPT_TARGET: return real(cmd, "target", v, 1e-9, 1 - 1e-9, &s->target);
    case OPT_MARGIN: return real(cmd, "margin", v, 1e-6, 0.5, &s->margin);
    case OPT_DOSE: return add_dose(cmd, s, v);
    case OPT_COHORT: return whole(cmd, "cohort-size", v, 1, 100, &s->cohort_size);
    case OPT_SAMPLE: return whole(cmd, "sample-size", v, 1, ONC_DESIGN_MAX_N, &s->sample_size);
    case OPT_WINDOW: return whole(cmd, "dlt-window", v, 1, 3650, &s->dlt_window_days);
    case OPT_SKELETON: a->skeleton = v; return 0;
    case OPT_PATIENT: a->patient = v; return 0;
    case OPT_LEVEL: return whole(cmd, "level", v, 1, ONC_DESIGN_MAX_DOSES, &a->level);
    case OPT_GRADE: return whole(cmd, "grade", v, 1, 5, &a->grade);
    case OPT_DATE: a->date = v; return 0;
    case OPT_TERM: a->term = v; return 0;
    case OPT_ONSET: a->onset = v; return 0;
    case OPT_FORMAT: a->format = v; return 0;
    case OPT_JSON: a->format = "json"; return 0;
    case OPT_AS_OF: a->as_of = v; return 0;
    default: return cli_usage_error(cmd, "invalid option");
    }
}

/* Parses argv from argv[first]; -1 to go on, or the exit status. */
static int parse(const char *cmd, phase1_args_t *a, int argc, char **argv, int first)
{
    memset(a, 0, sizeof *a);
    onc_phase1_setup_init(&a->setup);
    a->format = "tsv";
    optind = first;
    int c, st;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (c == 'h') return usage(stdout), CLI_OK;
        if (c == OPT_VERSION) return printf("oncoboard %s\n", ONC_VERSION), CLI_OK;
        if ((st = take(cmd, a, c, optarg)) != 0) return st;
    }
    if (optind < argc) return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (!a->trial) return cli_usage_error(cmd, "--trial is required (the trial's key: NCT id or protocol number)");
    return -1;
}

/* The skeleton list onto the levels given by --dose. */
static int apply_skeleton(const char *cmd, phase1_args_t *a)
{
    if (!a->skeleton) return 0;
    int k = 0;
    char buf[64];
    for (const char *p = a->skeleton; *p; k++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (k == a->setup.n_doses || len == 0 || len >= sizeof buf)
            return cli_usage_error(cmd, "--skeleton: one prior DLT rate per --dose level (%d), separated by commas",
                                   a->setup.n_doses);
        memcpy(buf, p, len);
        buf[len] = '\0';
        if (real(cmd, "skeleton", buf, 1e-9, 1 - 1e-9, &a->setup.doses[k].skeleton)) return CLI_BAD_INPUT;
        p = comma ? comma + 1 : p + len;
    }
    if (k != a->setup.n_doses)
        return cli_usage_error(cmd, "--skeleton gives %d rates for %d dose levels", k, a->setup.n_doses);
    return 0;
}

/* ---- running against the registry ---- */

typedef onc_rc (*phase1_fn)(onc_db_t *db, const phase1_args_t *a, onc_err_t *err);

static int with_registry(const char *cmd, const phase1_args_t *a, phase1_fn fn)
{
    onc_db_t *db = NULL;
    int status = cli_db_open(cmd, a->db_url, NULL, true, &db);
    if (status != CLI_OK) return status;
    onc_err_t err = {0};
    onc_rc rc = fn(db, a, &err);
    if (rc != ONC_OK) cli_error(cmd, "%s", err.msg);
    onc_db_close(db);
    return rc == ONC_OK ? CLI_OK : cli_status_of(rc);
}

static onc_rc do_setup(onc_db_t *db, const phase1_args_t *a, onc_err_t *err)
{
    onc_rc rc = onc_phase1_setup_put(db, a->trial, &a->setup, onc_audit_os_actor(), err);
    if (rc == ONC_OK) printf("%s: %s with %d dose levels\n", a->trial, a->setup.design, a->setup.n_doses);
    return rc;
}

static onc_rc do_assign(onc_db_t *db, const phase1_args_t *a, onc_err_t *err)
{
    char today[32];
    onc_date_t d = cli_today_utc(NULL);
    onc_date_format(d, today);
    const char *date = a->date ? a->date : today;
    onc_rc rc = onc_phase1_assign(db, a->trial, a->patient, a->level, date, onc_audit_os_actor(), err);
    if (rc == ONC_OK) printf("%s: %s at level %d from %s\n", a->trial, a->patient, a->level, date);
    return rc;
}

static onc_rc do_dlt(onc_db_t *db, const phase1_args_t *a, onc_err_t *err)
{
    char today[32];
    onc_date_format(cli_today_utc(NULL), today);
    const char *onset = a->onset ? a->onset : today;
    onc_rc rc = onc_phase1_dlt_add(db, a->trial, a->patient, a->term, a->grade, onset, onc_audit_os_actor(), err);
    if (rc == ONC_OK) printf("%s: %s DLT grade %d on %s\n", a->trial, a->patient, a->grade, onset);
    return rc;
}

static onc_rc do_window(onc_db_t *db, const phase1_args_t *a, onc_err_t *err)
{
    onc_rc rc = onc_phase1_window_complete(db, a->trial, a->patient, onc_audit_os_actor(), err);
    if (rc == ONC_OK) printf("%s: %s completed the DLT window\n", a->trial, a->patient);
    return rc;
}

static onc_rc print_json(json_t *o, onc_err_t *err)
{
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(o);
    if (!text) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    printf("%s\n", text);
    free(text);
    return ONC_OK;
}

static void list_tsv(const onc_phase1_trial_t *t)
{
    printf("patient\tlevel\tlabel\tdose_date\twindow_complete\tdlts\n");
    for (size_t i = 0; i < t->n_patients; i++) {
        const onc_phase1_patient_t *p = &t->patients[i];
        printf("%s\t%d\t%s\t%s\t%s\t", p->patient, p->level, t->setup.doses[p->level - 1].label, p->dose_date,
               p->window_complete ? "yes" : "no");
        for (size_t k = 0; k < p->n_dlts; k++) {
            const onc_phase1_dlt_t *d = &t->dlts[p->first_dlt + k];
            printf("%s%s grade %d %s", k ? "; " : "", d->term, d->grade, d->onset);
        }
        printf("\n");
    }
}

static onc_rc do_list(onc_db_t *db, const phase1_args_t *a, onc_err_t *err)
{
    onc_phase1_trial_t *t = NULL;
    onc_rc rc = onc_phase1_read(db, a->trial, onc_audit_os_actor(), &t, err);
    if (rc == ONC_OK && !strcmp(a->format, "json")) rc = print_json(onc_phase1_json(t, NULL, NULL), err);
    else if (rc == ONC_OK) list_tsv(t);
    onc_phase1_trial_free(t);
    return rc;
}

static int need(const char *cmd, const char *what, bool have)
{
    return have ? 0 : cli_usage_error(cmd, "%s is required", what);
}

int cmd_phase1(int argc, char **argv)
{
    int head = cli_subcommand_head(argc, argv, usage);
    if (head >= 0) return head;
    const char *sub = argv[1], *cmd = "phase1";
    phase1_args_t a;
    int st = parse(cmd, &a, argc, argv, 2);
    if (st >= 0) return st;
    if (!strcmp(sub, "setup")) {
        if ((st = need(cmd, "--design", a.setup.design[0])) || (st = need(cmd, "--target", a.setup.target > 0)) ||
            (st = need(cmd, "--dose", a.setup.n_doses > 0)) || (st = need(cmd, "--cohort-size", a.setup.cohort_size > 0)) ||
            (st = need(cmd, "--sample-size", a.setup.sample_size > 0)) || (st = apply_skeleton(cmd, &a)))
            return st;
        return with_registry(cmd, &a, do_setup);
    }
    if (!strcmp(sub, "assign") || !strcmp(sub, "dlt") || !strcmp(sub, "window"))
        if ((st = need(cmd, "--patient", a.patient))) return st;
    if (!strcmp(sub, "assign")) return (st = need(cmd, "--level", a.level > 0)) ? st : with_registry(cmd, &a, do_assign);
    if (!strcmp(sub, "dlt")) {
        if ((st = need(cmd, "--term", a.term)) || (st = need(cmd, "--grade", a.grade > 0))) return st;
        return with_registry(cmd, &a, do_dlt);
    }
    if (!strcmp(sub, "window")) return with_registry(cmd, &a, do_window);
    if (!strcmp(sub, "list")) {
        if (strcmp(a.format, "tsv") && strcmp(a.format, "json")) return cli_usage_error(cmd, "--format '%s': tsv or json", a.format);
        return with_registry(cmd, &a, do_list);
    }
    return cli_usage_error(cmd, "'%s': setup, assign, dlt, window or list", sub);
}

/* ---- design DESIGN next --db URL --trial ID ---- */

static onc_rc do_next(onc_db_t *db, const phase1_args_t *a, onc_err_t *err)
{
    onc_phase1_trial_t *t = NULL;
    onc_rc rc = onc_phase1_read(db, a->trial, onc_audit_os_actor(), &t, err);
    if (rc == ONC_OK && strcmp(t->setup.design, a->setup.design) != 0)
        rc = onc_err_set(err, ONC_EINVAL, "trial %s is set up for %s, not %s: run `oncoboard design %s next --db ..`",
                         a->trial, t->setup.design, a->setup.design, t->setup.design);
    onc_phase1_rec_t r;
    if (rc == ONC_OK) rc = onc_phase1_recommend(t, a->as_of, &r, err);
    if (rc == ONC_OK) rc = print_json(onc_phase1_json(t, &r, a->as_of), err);
    onc_phase1_trial_free(t);
    return rc;
}

int cli_design_next_db(int argc, char **argv)
{
    const char *cmd = "design";
    phase1_args_t a;
    int st = parse(cmd, &a, argc, argv, 3);
    if (st >= 0) return st;
    if (strcmp(argv[2], "next") != 0) return cli_usage_error(cmd, "--db and --trial go with next only");
    const onc_phase1_setup_t *s = &a.setup;
    if (s->target > 0 || s->n_doses || s->cohort_size || s->sample_size || s->model[0] || a.skeleton || a.patient)
        return cli_usage_error(cmd, "next --db: the design's parameters come from the trial's set-up (phase1 setup)");
    if (copy_text(cmd, "design", argv[1], a.setup.design, sizeof a.setup.design)) return CLI_BAD_INPUT;
    return with_registry(cmd, &a, do_next);
}
