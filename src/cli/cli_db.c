/* cli_db.c: `oncoboard db SUBCOMMAND`: the registry (docs/registry.md).
 *
 * One table of subcommands (db_commands below); each has its own cmd_db_<name>() entry taking
 * argv with argv[0] the subcommand's name, in this file or its own (cli_db_import.c,
 * cli_db_export.c, cli_db_reannotate.c ...). Every
 * subcommand that works on a registry opens it with cli_db_open(), which checks its schema
 * version first; init and migrate are the two that accept another version, since they make it.
 */
#include "cli.h"
#include "oncoboard/app.h"
#include "oncoboard/audit.h"
#include "oncoboard/db.h"
#include "oncoboard/store.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <string.h>

static const cli_command_t db_commands[] = {
    {"init", cmd_db_init, "create a new, empty registry at the current schema version"},
    {"migrate", cmd_db_migrate, "bring a registry to this oncoboard's schema version"},
    {"info", cmd_db_info, "what a registry is: kind, URL, schema version, row counts"},
    {"import", cmd_db_import, "case files into the registry: all validated first, then one transaction"},
    {"export", cmd_db_export, "the registry's patients as case files (--format case)"},
    {"trials", cmd_db_trials, "the trial portfolio: load CTML documents (versioned), list, history"},
    {"match", cmd_db_match, "re-match the registry against its trials, incrementally, keeping the history"},
    {"results", cmd_db_results, "the match results db match keeps, with their history"},
    {"accrual", cmd_db_accrual, "per trial and month: screened, eligible, potential, enrolled, screen failed"},
    {"reannotate", cmd_db_reannotate, "after a knowledge-base update, the patients whose report changed"},
    {"backup", cmd_db_backup, "the registry to a new SQLite file from one snapshot, verified"},
    {"restore", cmd_db_restore, "a backup into a registry in one transaction, verified"},
    {NULL, NULL, NULL},
};

/* The tables `db info` counts, when they exist (a registry of an older version may lack some). */
static const char *const main_tables[] = {
    "patients", "samples", "alterations", "therapy_lines", "response_assessments", "tumor_board_decisions",
    "enrolments", "trials", "match_results", "users", "audit_log", NULL,
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   The registry: patients, samples, decisions and trials in SQLite (one file, the\n"
            "         default) or PostgreSQL (docs/registry.md).\n"
            "Usage:   oncoboard db <command> [options]\n"
            "\n"
            "Commands:\n");
    for (const cli_command_t *c = db_commands; c->name; c++) fprintf(fp, "    %-12s %s\n", c->name, c->summary);
    fprintf(fp,
            "\n"
            "Options:\n"
            "    --db URL                 the registry: sqlite:PATH (or a bare PATH) or\n"
            "                             postgresql://USER@HOST/DB [$ONCOBOARD_DB, else\n"
            "                             sqlite:oncoboard.db]\n"
            "    -h, --help               this help; --version the program version\n"
            "\n");
}

int cmd_db(int argc, char **argv)
{
    int head = cli_subcommand_head(argc, argv, usage);
    if (head >= 0) return head;
    for (const cli_command_t *c = db_commands; c->name; c++)
        if (strcmp(c->name, argv[1]) == 0) return c->run(argc - 1, argv + 1);
    return cli_usage_error("db", "unknown command '%s'", argv[1]);
}

int cli_db_open(const char *cmd, const char *url, const onc_db_opts_t *opts, bool check, onc_db_t **db)
{
    onc_err_t err = {0};
    onc_rc rc = onc_db_open(onc_db_url_choose(url), opts, db, &err);
    if (rc == ONC_OK && check) rc = onc_db_schema_check(*db, &err);
    if (rc == ONC_OK) return CLI_OK;
    cli_error(cmd, "%s", err.msg);
    onc_db_close(*db);
    *db = NULL;
    return cli_status_of(rc);
}

onc_rc cli_db_commit(onc_db_t *db, onc_err_t *err) { return onc_app_commit(db, err); }

int cli_registry_case(const char *cmd, const char *url, const char *patient, onc_case_t **out)
{
    onc_db_t *db = NULL;
    int status = cli_db_open(cmd, url, NULL, true, &db);
    if (status != CLI_OK) return status;
    onc_err_t err = {0};
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_get_case(db, patient, onc_audit_os_actor(), out, &err);
    if (rc == ONC_OK) rc = cli_db_commit(db, &err);
    if (rc != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        onc_db_rollback(db, NULL);
        onc_case_free(*out);
        *out = NULL;
        status = cli_status_of(rc);
    }
    onc_db_close(db);
    return status;
}

/* ---- the options of init, migrate and info: --db URL only ---- */

enum { OPT_DB = 256, OPT_VERSION };
static const struct option db_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* Parses `db SUB [--db URL]`; returns -1 to go on, or the exit status to return now. */
static int parse_db_only(int argc, char **argv, const char **url)
{
    *url = NULL;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", db_options, NULL)) != -1) {
        switch (c) {
        case OPT_DB: *url = optarg; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("db", "invalid option");
        }
    }
    if (optind < argc) return cli_usage_error("db", "%s: unexpected argument '%s'", argv[0], argv[optind]);
    return -1;
}

/* Parses `db SUB [--db URL]` and opens the registry without the schema check (init, migrate
 * and info look at the version themselves); -1 with *db open to go on, or the exit status. */
static int parse_and_open(int argc, char **argv, bool create, bool read_only, onc_db_t **db)
{
    const char *url;
    *db = NULL;
    int status = parse_db_only(argc, argv, &url);
    if (status >= 0) return status;
    onc_db_opts_t opts;
    onc_db_opts_init(&opts);
    opts.create = create;
    opts.read_only = read_only;
    status = cli_db_open("db", url, &opts, false, db);
    return status == CLI_OK ? -1 : status;
}

static int fail(onc_db_t *db, const onc_err_t *err, onc_rc rc)
{
    cli_error("db", "%s", err->msg);
    onc_db_close(db);
    return cli_status_of(rc);
}

int cmd_db_init(int argc, char **argv)
{
    onc_db_t *db;
    int status = parse_and_open(argc, argv, true, false, &db);
    if (status >= 0) return status;
    onc_err_t err = {0};
    int version = 0, to = 0;
    onc_rc rc = onc_db_schema_version(db, &version, &err);
    if (rc) return fail(db, &err, rc);
    if (version > 0) {
        cli_error("db", "%s is already a registry (schema version %d): use `oncoboard db migrate` to update it",
                  onc_db_url_redacted(db), version);
        onc_db_close(db);
        return CLI_BAD_INPUT;
    }
    rc = onc_db_migrate(db, NULL, &to, &err);
    if (rc) return fail(db, &err, rc);
    printf("%s: new registry at schema version %d\n", onc_db_url_redacted(db), to);
    onc_db_close(db);
    return CLI_OK;
}

int cmd_db_migrate(int argc, char **argv)
{
    onc_db_t *db;
    int status = parse_and_open(argc, argv, false, false, &db);
    if (status >= 0) return status;
    onc_err_t err = {0};
    int from = 0, to = 0;
    onc_rc rc = onc_db_schema_version(db, &from, &err);
    if (rc == ONC_OK && from == 0) {
        cli_error("db", "%s is empty, not a registry: use `oncoboard db init` to create one", onc_db_url_redacted(db));
        onc_db_close(db);
        return CLI_BAD_INPUT;
    }
    if (rc == ONC_OK) rc = onc_db_migrate(db, &from, &to, &err);
    if (rc == ONC_OK) rc = onc_db_schema_check(db, &err);
    if (rc) return fail(db, &err, rc);
    if (from == to) printf("%s: already at schema version %d, nothing to do\n", onc_db_url_redacted(db), to);
    else printf("%s: migrated from schema version %d to %d\n", onc_db_url_redacted(db), from, to);
    onc_db_close(db);
    return CLI_OK;
}

/* One value of oncoboard_meta, printed as "key<TAB>value" when present. */
static onc_rc print_meta(onc_db_t *db, const char *key, onc_err_t *err)
{
    onc_db_stmt_t *st;
    onc_rc rc = onc_db_prepare(db, "SELECT value FROM oncoboard_meta WHERE key = ?", &st, err);
    if (rc) return rc;
    bool row = false;
    rc = onc_db_bind_text(st, 1, key, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && row) printf("%s\t%s\n", key, onc_db_column_text(st, 0));
    onc_db_finalize(st);
    return rc;
}

/* "rows.TABLE<TAB>N" for each main table that exists. Table names are constants of this file,
 * never input: they are the one thing the SQL text is built from. */
static onc_rc print_counts(onc_db_t *db, onc_err_t *err)
{
    for (const char *const *t = main_tables; *t; t++) {
        bool exists = false;
        onc_rc rc = onc_db_table_exists(db, *t, &exists, err);
        if (rc) return rc;
        if (!exists) continue;
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", *t);
        onc_db_stmt_t *st;
        if ((rc = onc_db_prepare(db, sql, &st, err)) != ONC_OK) return rc;
        bool row = false;
        rc = onc_db_step(st, &row, err);
        if (rc == ONC_OK && row) printf("rows.%s\t%lld\n", *t, (long long)onc_db_column_int64(st, 0));
        onc_db_finalize(st);
        if (rc) return rc;
    }
    return ONC_OK;
}

int cmd_db_info(int argc, char **argv)
{
    onc_db_t *db;
    int status = parse_and_open(argc, argv, false, true, &db);
    if (status >= 0) return status;
    onc_err_t err = {0};
    int version = 0;
    onc_rc rc = onc_db_schema_version(db, &version, &err);
    if (rc) return fail(db, &err, rc);
    printf("kind\t%s\n", onc_db_kind_of(db) == ONC_DB_SQLITE ? "sqlite" : "postgresql");
    printf("url\t%s\n", onc_db_url_redacted(db));
    printf("schema_version\t%d\n", version);
    if (version > 0) {
        rc = print_meta(db, "created_at", &err);
        if (rc == ONC_OK) rc = print_meta(db, "created_by_version", &err);
        if (rc == ONC_OK && version <= ONC_DB_SCHEMA_VERSION) rc = print_counts(db, &err);
        if (rc) return fail(db, &err, rc);
    }
    /* The schema check last: info shows what there is, then says what to do about it. */
    rc = onc_db_schema_check(db, &err);
    onc_db_close(db);
    if (rc == ONC_OK) return CLI_OK;
    cli_error("db", "%s", err.msg);
    return CLI_FOUND_PROBLEM;
}
