/* cli_db_match.c: `oncoboard db match` (the registry re-matched against its trial portfolio,
 * incrementally, keeping the history) and `oncoboard db accrual` (per trial and month: screened,
 * eligible, potential, enrolled, screen failed). docs/registry.md "Matching the registry" and
 * "Accrual".
 *
 * A run is one transaction: the trials of --trials (validated before the registry is opened)
 * are loaded, the changed pairs matched and merged, the run recorded, all audited; then the
 * audit log's head is anchored (cli_db_commit).
 */
#include "cli.h"
#include "cli_match_input.h"

#include "oncoboard/audit.h"
#include "oncoboard/store_match.h"
#include "oncoboard/store_trials.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct dbm_args {
    const char *db_url, *kb_dir, *trials, *date, *format_name, *from, *to, *patient, *trial;
    bool accrual, all;
    cli_format format;
    onc_store_match_opts_t opts;
} dbm_args_t;

static void match_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Re-match the registry's patients against its trial portfolio, incrementally:\n"
                "         only the (patient, trial) pairs whose inputs changed since the last run are\n"
                "         evaluated; results are added, kept, disabled (never deleted, with the reason)\n"
                "         or re-enabled, and the run is recorded. With --accrual: the accrual figures\n"
                "         instead (as `oncoboard db accrual`).\n"
                "Usage:   oncoboard db match [options]\n"
                "\n"
                "Options:\n"
                "    --db URL                 sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n"
                "    --trials PATH            load these CTML documents first (db trials load), in the\n"
                "                             same transaction\n"
                "    --comparison-date DATE   the date ages, washouts and lab windows are computed at,\n"
                "                             YYYY-MM-DD [today]; a new date re-matches every pair\n"
                "    --full                   evaluate every pair, changed or not\n"
                "    --semantics S            oncoboard or matchminer [oncoboard]\n"
                "    --match-on-closed        also closed trials and suspended arms and dose levels\n"
                "    --match-on-deceased      also deceased patients\n"
                "    --threads N              worker threads [one per core]\n"
                "    --kb DIR                 knowledge-base directory [built in, or $ONCOBOARD_KB]\n"
                "    --format tsv|json        the summary (or the accrual) as TSV or JSON [tsv]; --json\n"
                "    --accrual                print the accrual figures instead of matching\n"
                "    --from YYYY-MM, --to YYYY-MM  with --accrual: the months [all]\n"
                "    -h, --help               this help; --version the program version\n"
                "\n"
                "A pair is evaluated again when the patient's case changed (or is new), when the trial\n"
                "has a new version (or is new), or when the knowledge base's version, the comparison\n"
                "date or an option differs from the pair's last evaluation.\n"
                "\n");
}

static void accrual_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   The unit's accrual figures: per trial and month, the patients screened, newly\n"
                "         eligible, newly potential, enrolled, screen failed (with the reasons) and\n"
                "         withdrawn, then the trial's total (docs/registry.md, \"Accrual\").\n"
                "Usage:   oncoboard db accrual [options]\n"
                "\n"
                "Options:\n"
                "    --db URL                 sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n"
                "    --from YYYY-MM           first month [the first]\n"
                "    --to YYYY-MM             last month [the last]\n"
                "    --format tsv|json        rows as TSV or one JSON document [tsv]; --json is --format json\n"
                "    -h, --help               this help; --version the program version\n"
                "\n");
}

static void results_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   The match results kept by `oncoboard db match`, with their history: first and\n"
                "         last seen, still valid or not, and why they last changed.\n"
                "Usage:   oncoboard db results [options]\n"
                "\n"
                "Options:\n"
                "    --db URL                 sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n"
                "    --patient ID             only this patient's results\n"
                "    --trial KEY              only this trial's (NCT id, else protocol_no)\n"
                "    --all                    also the results that no longer hold [valid ones only]\n"
                "    --format tsv|json        rows as TSV or one JSON document [tsv]; --json is --format json\n"
                "    -h, --help               this help; --version the program version\n"
                "\n");
}

enum {
    OPT_DB = 256, OPT_KB, OPT_TRIALS, OPT_DATE, OPT_FULL, OPT_SEMANTICS, OPT_CLOSED, OPT_DECEASED, OPT_THREADS,
    OPT_FORMAT, OPT_JSON, OPT_ACCRUAL, OPT_FROM, OPT_TO, OPT_PATIENT, OPT_TRIAL, OPT_ALL, OPT_VERSION
};

static const struct option long_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"kb", required_argument, NULL, OPT_KB},
    {"trials", required_argument, NULL, OPT_TRIALS},
    {"comparison-date", required_argument, NULL, OPT_DATE},
    {"full", no_argument, NULL, OPT_FULL},
    {"semantics", required_argument, NULL, OPT_SEMANTICS},
    {"match-on-closed", no_argument, NULL, OPT_CLOSED},
    {"match-on-deceased", no_argument, NULL, OPT_DECEASED},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"accrual", no_argument, NULL, OPT_ACCRUAL},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"patient", required_argument, NULL, OPT_PATIENT},
    {"trial", required_argument, NULL, OPT_TRIAL},
    {"all", no_argument, NULL, OPT_ALL},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int parse_option(dbm_args_t *a, int c, const char *cmd, void (*usage)(FILE *))
{
    char *end = NULL;
    long v;
    switch (c) {
    case OPT_DB: a->db_url = optarg; break;
    case OPT_KB: a->kb_dir = optarg; break;
    case OPT_TRIALS: a->trials = optarg; break;
    case OPT_DATE: a->date = optarg; break;
    case OPT_FULL: a->opts.full = true; break;
    case OPT_SEMANTICS:
        if (strcmp(optarg, "oncoboard") && strcmp(optarg, "matchminer"))
            return cli_usage_error(cmd, "--semantics must be oncoboard or matchminer, not '%s'", optarg);
        a->opts.match.semantics = strcmp(optarg, "matchminer") ? ONC_MATCH_SEM_ONCOBOARD : ONC_MATCH_SEM_MATCHMINER;
        break;
    case OPT_CLOSED: a->opts.match.match_on_closed = true; break;
    case OPT_DECEASED: a->opts.match.match_on_deceased = true; break;
    case OPT_THREADS:
        v = strtol(optarg, &end, 10);
        if (!*optarg || *end || v < 1 || v > 256)
            return cli_usage_error(cmd, "--threads must be a number from 1 to 256, not '%s'", optarg);
        a->opts.match.threads = (unsigned)v;
        break;
    case OPT_FORMAT: a->format_name = optarg; break;
    case OPT_JSON: a->format_name = "json"; break;
    case OPT_ACCRUAL: a->accrual = true; break;
    case OPT_FROM: a->from = optarg; break;
    case OPT_TO: a->to = optarg; break;
    case OPT_PATIENT: a->patient = optarg; break;
    case OPT_TRIAL: a->trial = optarg; break;
    case OPT_ALL: a->all = true; break;
    case 'h': usage(stdout); return CLI_OK;
    case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
    default: return cli_usage_error(cmd, "invalid option");
    }
    return -1;
}

/* Parses argv (argv[0] the subcommand); -1 to go on, or the exit status. */
static int parse(dbm_args_t *a, int argc, char **argv, const char *cmd, void (*usage)(FILE *), bool accrual)
{
    memset(a, 0, sizeof *a);
    a->accrual = accrual;
    onc_store_match_opts_init(&a->opts);
    a->format_name = "tsv";
    optind = 1;
    int c, status;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1)
        if ((status = parse_option(a, c, cmd, usage)) >= 0) return status;
    if (optind < argc) return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (cli_parse_format(cmd, a->format_name, &a->format)) return CLI_BAD_INPUT;
    if (a->date) {
        onc_err_t err = {0};
        if (onc_date_parse(a->date, &a->opts.match.comparison_date, &err) != ONC_OK)
            return cli_usage_error(cmd, "--comparison-date '%s': %s", a->date, err.msg);
    }
    if ((a->from || a->to) && !a->accrual) return cli_usage_error(cmd, "--from and --to go with --accrual");
    a->opts.kb_dir = a->kb_dir;
    return -1;
}

/* ---- accrual ---- */

static void tsv_reasons(const onc_accrual_row_t *r)
{
    for (size_t k = 0; k < r->n_reasons; k++) {
        printf("%s", k ? "; " : "");
        for (const char *s = r->reasons[k].reason; *s; s++) putchar(*s == '\t' || *s == '\n' || *s == ';' ? ' ' : *s);
        printf(" (%zu)", r->reasons[k].n);
    }
}

static int print_accrual(const onc_accrual_t *acc, cli_format format)
{
    size_t n = onc_accrual_rows(acc);
    if (format == CLI_FMT_TSV) {
        printf("trial\tmonth\tscreened\teligible\tpotential\tenrolled\tscreen_failed\twithdrawn\tscreen_fail_reasons\n");
        for (size_t i = 0; i < n; i++) {
            const onc_accrual_row_t *r = onc_accrual_row(acc, i);
            printf("%s\t%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t", r->trial, r->month, r->screened, r->eligible,
                   r->potential, r->enrolled, r->screen_failed, r->withdrawn);
            tsv_reasons(r);
            putchar('\n');
        }
        return CLI_OK;
    }
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < n; i++)
        if (json_array_append_new(rows, onc_accrual_row_json(onc_accrual_row(acc, i)))) json_decref(rows), rows = NULL;
    json_t *doc = rows ? json_pack("{s:o}", "accrual", rows) : NULL;
    int bad = !doc || json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) || putchar('\n') == EOF;
    json_decref(doc);
    return bad ? (cli_error("db accrual", "out of memory"), CLI_INTERNAL) : CLI_OK;
}

static int run_accrual(const dbm_args_t *a)
{
    onc_db_t *db = NULL;
    int status = cli_db_open("db accrual", a->db_url, NULL, true, &db);
    if (status != CLI_OK) return status;
    onc_err_t err = {0};
    onc_accrual_t *acc = NULL;
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_accrual(db, onc_audit_os_actor(), a->from, a->to, &acc, &err);
    if (rc == ONC_OK) rc = cli_db_commit(db, &err);
    if (rc == ONC_OK) status = print_accrual(acc, a->format);
    else cli_error("db accrual", "%s", err.msg), status = cli_status_of(rc);
    onc_db_rollback(db, NULL);
    onc_accrual_free(acc);
    onc_db_close(db);
    return status;
}

/* ---- results ---- */

typedef struct results_out {
    cli_format format;
    json_t *rows;
    bool oom;
} results_out_t;

/* A JSON array text as stored, back into JSON (an empty array when unreadable). */
static json_t *json_list(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    return json_is_array(v) ? v : (json_decref(v), json_array());
}

static int print_result(const onc_store_result_t *r, void *ctx)
{
    results_out_t *o = ctx;
    if (o->format == CLI_FMT_TSV) {
        printf("%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r->patient, r->trial, r->trial_version, r->level,
               r->internal_id ? r->internal_id : "", r->arm ? r->arm : "", r->status, r->first_seen, r->last_seen,
               r->still_valid ? "yes" : "no", r->change_reason ? r->change_reason : "", r->reasons);
        return 0;
    }
    json_t *j = json_pack("{s:s,s:s,s:i,s:s,s:s?,s:s?,s:s,s:o,s:o,s:o,s:s,s:s,s:b,s:s?}", "case_id", r->patient,
                          "trial", r->trial, "trial_version", r->trial_version, "level", r->level, "internal_id",
                          r->internal_id, "arm", r->arm, "status", r->status, "reasons", json_list(r->reasons),
                          "unknown", json_list(r->unknown), "failed", json_list(r->failed), "first_seen",
                          r->first_seen, "last_seen", r->last_seen, "still_valid", r->still_valid,
                          "change_reason", r->change_reason);
    if (!j || json_array_append_new(o->rows, j)) o->oom = true;
    return o->oom;
}

static int run_results(const dbm_args_t *a)
{
    onc_db_t *db = NULL;
    int status = cli_db_open("db results", a->db_url, NULL, true, &db);
    if (status != CLI_OK) return status;
    onc_err_t err = {0};
    results_out_t o = {.format = a->format, .rows = json_array()};
    if (a->format == CLI_FMT_TSV)
        printf("case_id\ttrial\ttrial_version\tlevel\tinternal_id\tarm\tstatus\tfirst_seen\tlast_seen\tstill_valid\t"
               "change_reason\treasons\n");
    onc_rc rc = o.rows ? onc_db_begin(db, &err) : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK)
        rc = onc_store_match_results(db, onc_audit_os_actor(), a->patient, a->trial, a->all, print_result, &o, &err);
    if (rc == ONC_OK && o.oom) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) rc = cli_db_commit(db, &err);
    if (rc != ONC_OK) cli_error("db results", "%s", err.msg), status = cli_status_of(rc);
    onc_db_rollback(db, NULL);
    onc_db_close(db);
    if (status == CLI_OK && a->format == CLI_FMT_JSON) {
        json_t *doc = json_pack("{s:O}", "results", o.rows);
        if (!doc || json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) || putchar('\n') == EOF)
            status = CLI_INTERNAL;
        json_decref(doc);
    }
    json_decref(o.rows);
    return status;
}

int cmd_db_results(int argc, char **argv)
{
    dbm_args_t a;
    int status = parse(&a, argc, argv, "db results", results_usage, false);
    if (status >= 0) return status;
    return run_results(&a);
}

/* ---- match ---- */

static void print_problem(const char *msg, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "  %s\n", msg);
}

static int print_summary(const onc_store_match_summary_t *s, const onc_store_trials_counts_t *t, bool loaded,
                         cli_format format)
{
    if (format == CLI_FMT_TSV) {
        if (loaded)
            printf("trials loaded: %zu new, %zu changed, %zu unchanged\n", t->added, t->changed, t->unchanged);
        printf("run %lld: %zu patients, %zu trials; %zu pairs evaluated (%zu patients x every trial, %zu trials x "
               "the other patients): %zu added, %zu kept, %zu disabled, %zu re-enabled\n",
               (long long)s->run_id, s->patients, s->trials, s->pairs, s->patients_matched, s->trials_matched,
               s->added, s->kept, s->disabled, s->reenabled);
        return CLI_OK;
    }
    json_t *doc = onc_store_match_summary_json(s);
    if (doc && loaded)
        json_object_set_new(doc, "trials_loaded",
                            json_pack("{s:I,s:I,s:I}", "added", (json_int_t)t->added, "changed", (json_int_t)t->changed,
                                      "unchanged", (json_int_t)t->unchanged));
    int bad = !doc || json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) || putchar('\n') == EOF;
    json_decref(doc);
    return bad ? (cli_error("db match", "out of memory"), CLI_INTERNAL) : CLI_OK;
}

static int run_match(dbm_args_t *a)
{
    cli_match_input_t in = {.kb_dir = a->kb_dir};
    int status = cli_match_context_open(&in, "db match");
    onc_trial_docs_t *docs = NULL;
    onc_err_t err = {0};
    if (status == CLI_OK && a->trials &&
        onc_trial_docs_read(&a->trials, 1, &in.ctx, print_problem, NULL, &docs, &err) != ONC_OK) {
        cli_error("db match", "%s", err.msg);
        status = cli_status_of(err.code);
    }
    onc_db_t *db = NULL;
    if (status == CLI_OK) status = cli_db_open("db match", a->db_url, NULL, true, &db);
    onc_store_match_summary_t sum = {0};
    onc_store_trials_counts_t tc = {0};
    if (status == CLI_OK) {
        onc_rc rc = onc_db_begin(db, &err);
        if (rc == ONC_OK && docs) rc = onc_store_trials_put(db, docs, onc_audit_os_actor(), &tc, &err);
        if (rc == ONC_OK) rc = onc_store_match_run(db, &in.ctx, &a->opts, onc_audit_os_actor(), &sum, &err);
        if (rc == ONC_OK) rc = cli_db_commit(db, &err);
        if (rc == ONC_OK) status = print_summary(&sum, &tc, docs != NULL, a->format);
        else cli_error("db match", "%s", err.msg), status = cli_status_of(rc);
        onc_db_rollback(db, NULL);
    }
    onc_db_close(db);
    onc_trial_docs_free(docs);
    cli_match_input_close(&in);
    return status;
}

int cmd_db_match(int argc, char **argv)
{
    dbm_args_t a;
    int status = parse(&a, argc, argv, "db match", match_usage, false);
    if (status >= 0) return status;
    return a.accrual ? run_accrual(&a) : run_match(&a);
}

int cmd_db_accrual(int argc, char **argv)
{
    dbm_args_t a;
    int status = parse(&a, argc, argv, "db accrual", accrual_usage, true);
    if (status >= 0) return status;
    if (a.trials || a.date || a.opts.full)
        return cli_usage_error("db accrual", "--trials, --comparison-date and --full are options of db match");
    return run_accrual(&a);
}
