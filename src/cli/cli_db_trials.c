/* cli_db_trials.c: `oncoboard db trials load|list|history`: the registry's trial portfolio
 * (store_trials.h, docs/registry.md "Trials").
 *
 * `load` validates every document before it opens the registry (as `db import` does with case
 * files): a problem is listed with its file and line and nothing is written. Then one transaction
 * adds a version for each new or changed trial; `--dry-run` runs the same transaction and rolls
 * it back, so that its counts are exactly what a load would do. `list` and `history` read, each
 * read audited.
 */
#include "cli.h"
#include "cli_match_input.h"

#include "oncoboard/audit.h"
#include "oncoboard/store_trials.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <jansson.h>
#include <string.h>

typedef struct trials_args {
    const char *db_url, *kb_dir, *format_name;
    bool dry_run;
    cli_format format;
    char **inputs;
    int n_inputs;
} trials_args_t;

static void usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   The registry's trial portfolio: CTML documents, every version kept, only the\n"
                "         newest active.\n"
                "Usage:   oncoboard db trials load [options] PATH ...\n"
                "         oncoboard db trials list [options]\n"
                "         oncoboard db trials history [options] TRIAL\n"
                "\n"
                "Commands:\n"
                "    load PATH ...     CTML files, or folders of *.json, *.yaml and *.yml files (as\n"
                "                      `match --trials` reads them): all validated first (a problem is\n"
                "                      listed with its file and line and nothing is written), then a new\n"
                "                      version for each new or changed trial, in one transaction\n"
                "    list              the active version of every trial\n"
                "    history TRIAL     every version of TRIAL (NCT id, else protocol_no), oldest first\n"
                "\n"
                "Options:\n"
                "    --db URL          sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n"
                "    --dry-run         load: validate and count what would be written; write nothing\n"
                "    --kb DIR          knowledge base the documents are checked against [built in]\n"
                "    --format tsv|json list and history: rows as TSV or one JSON document [tsv];\n"
                "                      --json is --format json\n"
                "    -h, --help        this help; --version the program version\n"
                "\n");
}

enum { OPT_DB = 256, OPT_DRY_RUN, OPT_KB, OPT_FORMAT, OPT_JSON, OPT_VERSION };

/* Parses `db trials SUB ...` from argv[1] (argv[0] is "trials"); -1 to go on, or the status. */
static int parse(trials_args_t *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},     {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"kb", required_argument, NULL, OPT_KB},     {"format", required_argument, NULL, OPT_FORMAT},
        {"json", no_argument, NULL, OPT_JSON},       {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION}, {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->format_name = "tsv";
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: a->db_url = optarg; break;
        case OPT_DRY_RUN: a->dry_run = true; break;
        case OPT_KB: a->kb_dir = optarg; break;
        case OPT_FORMAT: a->format_name = optarg; break;
        case OPT_JSON: a->format_name = "json"; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("db trials", "invalid option");
        }
    }
    if (cli_parse_format("db trials", a->format_name, &a->format)) return CLI_BAD_INPUT;
    a->inputs = argv + optind;
    a->n_inputs = argc - optind;
    return -1;
}

static void print_problem(const char *msg, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "  %s\n", msg);
}

/* Runs fn inside one transaction of the registry at url: committed (and the audit head
 * anchored) when fn succeeds and commit is set, rolled back otherwise. */
static int in_transaction(const char *url, bool commit, onc_rc (*fn)(onc_db_t *db, void *ctx, onc_err_t *err),
                          void *ctx)
{
    onc_db_t *db = NULL;
    int status = cli_db_open("db trials", url, NULL, true, &db);
    if (status != CLI_OK) return status;
    onc_err_t err = {0};
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = fn(db, ctx, &err);
    if (rc == ONC_OK && commit) rc = cli_db_commit(db, &err);
    if (rc != ONC_OK) cli_error("db trials", "%s", err.msg);
    onc_db_rollback(db, NULL);
    onc_db_close(db);
    return rc == ONC_OK ? CLI_OK : cli_status_of(rc);
}

/* ---- load ---- */

typedef struct load_job {
    const onc_trial_docs_t *docs;
    onc_store_trials_counts_t counts;
} load_job_t;

static onc_rc put_docs(onc_db_t *db, void *ctx, onc_err_t *err)
{
    load_job_t *j = ctx;
    return onc_store_trials_put(db, j->docs, onc_audit_os_actor(), &j->counts, err);
}

static int cmd_load(const trials_args_t *a)
{
    if (a->n_inputs == 0) return cli_usage_error("db trials", "load: no trial file or folder");
    cli_match_input_t in = {.kb_dir = a->kb_dir};
    int status = cli_match_context_open(&in, "db trials");
    onc_trial_docs_t *docs = NULL;
    onc_err_t err = {0};
    if (status == CLI_OK &&
        onc_trial_docs_read((const char *const *)a->inputs, (size_t)a->n_inputs, &in.ctx, print_problem, NULL, &docs,
                            &err) != ONC_OK) {
        cli_error("db trials", "%s", err.msg);
        status = cli_status_of(err.code);
    }
    load_job_t job = {.docs = docs};
    if (status == CLI_OK) status = in_transaction(a->db_url, !a->dry_run, put_docs, &job);
    if (status == CLI_OK)
        printf("%s %zu trials: %zu new, %zu changed (a new version), %zu unchanged\n",
               a->dry_run ? "would load" : "loaded", job.counts.read, job.counts.added, job.counts.changed,
               job.counts.unchanged);
    onc_trial_docs_free(docs);
    cli_match_input_close(&in);
    return status;
}

/* ---- list and history ---- */

typedef struct listing {
    const char *key; /* history: the trial */
    cli_format format;
    json_t *rows;    /* JSON: collected, printed at the end */
    bool oom, header_done;
} listing_t;

static int line_count(const char *s)
{
    int n = 0;
    for (; s && *s; s++) n += *s == '\n';
    return n;
}

static void tsv_header(listing_t *l)
{
    if (l->format == CLI_FMT_TSV && !l->header_done)
        printf("trial\tversion\tactive\tprotocol_no\tnct_id\tloaded_at\tloaded_by\tlines\n");
    l->header_done = true;
}

static int print_version(const onc_store_trial_version_t *v, void *ctx)
{
    listing_t *l = ctx;
    tsv_header(l);
    if (l->format == CLI_FMT_TSV) {
        printf("%s\t%d\t%s\t%s\t%s\t%s\t%s\t%d\n", v->key, v->version, v->active ? "yes" : "no",
               v->protocol_no ? v->protocol_no : "", v->nct_id ? v->nct_id : "", v->loaded_at,
               v->loaded_by ? v->loaded_by : "", line_count(v->ctml));
        return 0;
    }
    json_t *o = json_pack("{s:s,s:i,s:b,s:s?,s:s?,s:s,s:s?,s:i}", "trial", v->key, "version", v->version, "active",
                          v->active, "protocol_no", v->protocol_no, "nct_id", v->nct_id, "loaded_at", v->loaded_at,
                          "loaded_by", v->loaded_by, "lines", line_count(v->ctml));
    if (!o || json_array_append_new(l->rows, o)) l->oom = true;
    return l->oom;
}

static onc_rc list_versions(onc_db_t *db, void *ctx, onc_err_t *err)
{
    listing_t *l = ctx;
    onc_rc rc = l->key ? onc_store_trials_history(db, l->key, onc_audit_os_actor(), print_version, l, err)
                       : onc_store_trials_list(db, onc_audit_os_actor(), print_version, l, err);
    if (rc == ONC_OK) tsv_header(l); /* an empty portfolio: the header alone */
    return rc == ONC_OK && l->oom ? onc_err_set(err, ONC_ENOMEM, "out of memory") : rc;
}

static int cmd_list(const trials_args_t *a, const char *key)
{
    listing_t l = {.key = key, .format = a->format, .rows = json_array()};
    if (!l.rows) return cli_error("db trials", "out of memory"), CLI_INTERNAL;
    int status = in_transaction(a->db_url, true, list_versions, &l);
    if (status == CLI_OK && a->format == CLI_FMT_JSON) {
        json_t *doc = json_pack("{s:O}", key ? "versions" : "trials", l.rows);
        if (!doc || json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) || fputc('\n', stdout) == EOF)
            status = CLI_INTERNAL;
        json_decref(doc);
    }
    json_decref(l.rows);
    return status;
}

int cmd_db_trials(int argc, char **argv)
{
    int head = cli_subcommand_head(argc, argv, usage);
    if (head >= 0) return head;
    const char *sub = argv[1];
    trials_args_t a;
    int status = parse(&a, argc - 1, argv + 1);
    if (status >= 0) return status;
    if (strcmp(sub, "load") == 0) return cmd_load(&a);
    if (strcmp(sub, "list") == 0) {
        if (a.n_inputs) return cli_usage_error("db trials", "list: unexpected argument '%s'", a.inputs[0]);
        return cmd_list(&a, NULL);
    }
    if (strcmp(sub, "history") == 0) {
        if (a.n_inputs != 1) return cli_usage_error("db trials", "history: give one trial (NCT id or protocol_no)");
        return cmd_list(&a, a.inputs[0]);
    }
    return cli_usage_error("db trials", "unknown command '%s' (load, list or history)", sub);
}
