/* cli_audit.c: `oncoboard audit verify|list`: the registry's audit log for its administrators.
 *
 * verify recomputes the hash chain with the key and checks it against the checkpoints kept
 * outside the database (docs/audit.md): exit 0 when intact (with the count), 1 when broken (the
 * first bad entry and why), 2 when it cannot be checked (no key, no checkpoints, no database).
 * checkpoint verifies and then anchors a head that a crash left beyond the last checkpoint.
 * list prints the entries, optionally of one patient or since a date. Reading the log needs the
 * registry file (SQLite) or a database role that may read audit_log (PostgreSQL): who may list
 * is decided by those permissions.
 */
#include "cli.h"
#include "oncoboard/audit.h"
#include "oncoboard/db.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   The registry's append-only, hash-chained audit log (docs/audit.md).\n"
            "Usage:   oncoboard audit verify [options]\n"
            "         oncoboard audit checkpoint [options]\n"
            "         oncoboard audit list [options]\n"
            "\n"
            "Commands:\n"
            "    verify         recompute every entry's HMAC with the key and check the sequence and\n"
            "                   the checkpoints kept outside the database; exit 0 intact (with the\n"
            "                   count), 1 broken (the first bad entry and why), 2 cannot be checked\n"
            "    checkpoint     verify, then anchor the head in the checkpoint file when it is not\n"
            "                   yet (after a crash between a commit and its checkpoint)\n"
            "    list           the entries in order: seq, time (UTC), actor, action, entity, entity\n"
            "                   id, patient, detail\n"
            "\n"
            "Options:\n"
            "    --db URL                 sqlite:PATH or postgresql://... [$ONCOBOARD_DB, else %s]\n"
            "    --patient ID             list: only the entries about patient ID\n"
            "    --since DATE             list: only the entries at or after DATE (YYYY-MM-DD, UTC)\n"
            "    --format tsv|json        list's output [tsv]; --json is --format json\n"
            "    -h, --help               this help; --version the program version\n"
            "\n"
            "The key is $ONCOBOARD_AUDIT_KEY, else PATH.audit-key next to an SQLite registry; the\n"
            "checkpoints $ONCOBOARD_AUDIT_CHECKPOINTS, else PATH.audit-checkpoints.\n"
            "\n",
            ONC_DB_DEFAULT_URL);
}

enum { OPT_DB = 256, OPT_PATIENT, OPT_SINCE, OPT_FORMAT, OPT_JSON, OPT_VERSION };

static const struct option long_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"patient", required_argument, NULL, OPT_PATIENT},
    {"since", required_argument, NULL, OPT_SINCE},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

typedef struct audit_args {
    const char *sub, *db, *patient, *since;
    cli_format format;
} audit_args_t;

/* Parses argv (argv[1] is the subcommand); returns -1 to go on, or the exit status. */
static int parse_args(audit_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->format = CLI_FMT_TSV;
    int head = cli_subcommand_head(argc, argv, usage);
    if (head >= 0) return head;
    a->sub = argv[1];
    if (strcmp(a->sub, "verify") && strcmp(a->sub, "checkpoint") && strcmp(a->sub, "list"))
        return cli_usage_error("audit", "unknown command '%s' (verify, checkpoint, list)", a->sub);
    optind = 2;
    int c;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DB: a->db = optarg; break;
        case OPT_PATIENT: a->patient = optarg; break;
        case OPT_SINCE: a->since = optarg; break;
        case OPT_FORMAT:
            if (cli_parse_format("audit", optarg, &a->format)) return CLI_BAD_INPUT;
            break;
        case OPT_JSON: a->format = CLI_FMT_JSON; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("audit", "invalid option");
        }
    }
    if (optind < argc) return cli_usage_error("audit", "%s: unexpected argument '%s'", a->sub, argv[optind]);
    if (strcmp(a->sub, "list") && (a->patient || a->since || a->format != CLI_FMT_TSV))
        return cli_usage_error("audit", "%s: --patient, --since and --format are for list", a->sub);
    return -1;
}

/* anchor: after an intact verify, append the head to the checkpoint file (audit checkpoint). */
static int verify(onc_db_t *db, bool anchor)
{
    onc_audit_report_t rep;
    onc_err_t err = {0};
    onc_rc rc = onc_audit_verify_report(db, &rep, &err);
    if (rc == ONC_ECONFLICT) {
        printf("broken\tfirst_bad_seq=%lld\n", (long long)rep.first_bad_seq);
        cli_error("audit", "%s", err.msg);
        return CLI_FOUND_PROBLEM;
    }
    if (rc != ONC_OK) {
        cli_error("audit", "cannot verify: %s", err.msg);
        return CLI_BAD_INPUT;
    }
    if (anchor && rep.n_entries > rep.anchored_seq) {
        if (onc_audit_checkpoint(db, &err) != ONC_OK) {
            cli_error("audit", "%s", err.msg);
            return cli_status_of(err.code);
        }
        rep.anchored_seq = rep.n_entries;
        rep.n_checkpoints++;
    }
    printf("intact\tentries=%lld\tcheckpoints=%lld\tanchored_seq=%lld\n", (long long)rep.n_entries,
           (long long)rep.n_checkpoints, (long long)rep.anchored_seq);
    if (rep.n_entries > rep.anchored_seq)
        cli_error("audit", "note: %lld entr%s after seq %lld not yet anchored by a checkpoint (written after "
                           "the next committed change, or `oncoboard audit checkpoint`)",
                  (long long)(rep.n_entries - rep.anchored_seq), rep.n_entries - rep.anchored_seq == 1 ? "y" : "ies",
                  (long long)rep.anchored_seq);
    return CLI_OK;
}

/* TSV cells: a missing value is empty; a control character (only a forged row can hold one)
 * is shown as a space so that it cannot break the table. */
static void tsv_cell(const char *s, char sep)
{
    for (; s && *s; s++) putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
    putchar(sep);
}

typedef struct list_state {
    cli_format format;
    long n;
} list_state_t;

static void list_open(cli_format format)
{
    if (format == CLI_FMT_JSON) fputs("{\"entries\": [", stdout);
    else fputs("seq\tat\tactor\taction\tentity\tentity_id\tpatient_id\tdetail\n", stdout);
}

/* The header is written with the first row, so that an error leaves stdout empty. */
static int print_row(const onc_audit_row_t *r, void *ctx)
{
    list_state_t *s = ctx;
    if (s->n == 0) list_open(s->format);
    if (s->format == CLI_FMT_JSON) {
        fputs(s->n ? ",\n  {" : "\n  {", stdout);
        onc_jsonw_member_int(stdout, "seq", r->seq, 0, 1);
        const char *keys[] = {"at", "actor", "action", "entity", "entity_id", "patient_id", "detail", "hash"};
        const char *vals[] = {r->at, r->actor, r->action, r->entity, r->entity_id, r->patient_id, r->detail, r->hash};
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) onc_jsonw_member_str(stdout, keys[i], vals[i], 0);
        putchar('}');
    } else {
        printf("%lld\t", (long long)r->seq);
        const char *vals[] = {r->at, r->actor, r->action, r->entity, r->entity_id, r->patient_id, r->detail};
        size_t n = sizeof vals / sizeof *vals;
        for (size_t i = 0; i < n; i++) tsv_cell(vals[i], i + 1 < n ? '\t' : '\n');
    }
    s->n++;
    return 0;
}

static int list(onc_db_t *db, const audit_args_t *a)
{
    list_state_t s = {a->format, 0};
    onc_err_t err = {0};
    onc_rc rc = onc_audit_list(db, a->patient, a->since, print_row, &s, &err);
    if (rc != ONC_OK) {
        if (s.n && a->format == CLI_FMT_JSON) fputs("\n", stdout);
        cli_error("audit", "%s", err.msg);
        return cli_status_of(rc);
    }
    if (s.n == 0) list_open(a->format);
    if (a->format == CLI_FMT_JSON) fputs(s.n ? "\n]}\n" : "]}\n", stdout);
    return CLI_OK;
}

int cmd_audit(int argc, char **argv)
{
    audit_args_t a;
    int status = parse_args(&a, argc, argv);
    if (status >= 0) return status;
    onc_db_t *db = NULL;
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.read_only = true;
    if ((status = cli_db_open("audit", a.db, &o, true, &db)) != CLI_OK) return status;
    status = strcmp(a.sub, "list") == 0 ? list(db, &a) : verify(db, strcmp(a.sub, "checkpoint") == 0);
    onc_db_close(db);
    return status;
}
