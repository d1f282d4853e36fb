/* cli_db_backup.c: `oncoboard db backup FILE` and `oncoboard db restore FILE` (backup.h,
 * docs/registry.md "Backup and restore").
 *
 * Front ends only: parse, call onc_backup_write / onc_backup_restore, print what was verified as
 * "key<TAB>value" lines on stdout (the schema version, integrity_check, every table's row count,
 * the digest, the audit chain), so that a script or an auditor can keep the record of the drill.
 */
#include "cli.h"

#include "oncoboard/audit.h"
#include "oncoboard/backup.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <string.h>

static void usage(FILE *fp, const char *sub)
{
    bool restore = strcmp(sub, "restore") == 0;
    fprintf(fp, "\n");
    if (restore)
        fprintf(fp, "About:   Restore a backup into a registry, in one transaction, after checking the backup\n"
                    "         (integrity, digest, audit log against the registry's key and checkpoints);\n"
                    "         then verify the restored registry.\n"
                    "Usage:   oncoboard db restore [options] FILE\n");
    else
        fprintf(fp, "About:   Back up the registry to FILE (a new SQLite registry file, whatever the back end),\n"
                    "         from one consistent snapshot; the copy is verified before it gets its name.\n"
                    "Usage:   oncoboard db backup [options] FILE\n"
                    "         (FILE.sha256 beside it holds the SHA-256 of its bytes)\n");
    fprintf(fp, "\n"
                "Options:\n"
                "    --db URL          sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n");
    if (restore)
        fprintf(fp, "    --force           replace everything in a registry that is not empty [refuse]\n");
    fprintf(fp, "    -h, --help        this help; --version the program version\n"
                "\n");
    if (restore)
        fprintf(fp, "The registry's audit key must be in place ($ONCOBOARD_AUDIT_KEY, or PATH.audit-key beside\n"
                    "an SQLite registry): the backup's log is verified against it. Old checkpoints are kept\n"
                    "as CHECKPOINTS.before-restore-TIME and a new checkpoint file begins.\n"
                    "\n");
    else
        fprintf(fp, "The audit key and checkpoints are not in the backup: back them up separately.\n"
                    "\n");
}

enum { OPT_DB = 256, OPT_FORCE, OPT_VERSION };

typedef struct backup_args {
    const char *db_url, *file;
    bool force;
} backup_args_t;

static int parse(backup_args_t *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB}, {"force", no_argument, NULL, OPT_FORCE},
        {"help", no_argument, NULL, 'h'},        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    const char *cmd = strcmp(argv[0], "restore") == 0 ? "db restore" : "db backup";
    memset(a, 0, sizeof *a);
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: a->db_url = optarg; break;
        case OPT_FORCE:
            if (strcmp(argv[0], "restore") != 0) return cli_usage_error(cmd, "--force is for db restore");
            a->force = true;
            break;
        case 'h': usage(stdout, argv[0]); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error(cmd, "invalid option");
        }
    }
    if (optind >= argc) return cli_usage_error(cmd, "no backup FILE");
    if (optind + 1 < argc) return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
    a->file = argv[optind];
    return -1;
}

static void print_report(const onc_backup_report_t *r)
{
    printf("schema_version\t%d\n", r->schema_version);
    printf("integrity_check\t%s\n", r->integrity_checked ? "ok" : "not run");
    for (int i = 0; i < r->n_tables; i++) printf("rows.%s\t%lld\n", r->table[i], (long long)r->rows[i]);
    printf("rows.total\t%lld\n", (long long)r->total_rows);
    printf("rows_sha256\t%s\n", r->sha256);
    if (r->file_hash_checked) printf("file_sha256\t%s\n", r->file_sha256);
    else printf("file_sha256\tnot checked (no FILE.sha256 beside the backup)\n");
}

static void print_backup(const char *file, const onc_backup_report_t *r)
{
    printf("backup\t%s\n", file);
    print_report(r);
    printf("audit\tintact\tentries=%lld\tcheckpoints=%lld\n", (long long)r->audit_entries, (long long)r->audit_checkpoints);
    fprintf(stderr,
            "oncoboard db backup: %s written and verified: integrity_check ok, schema version %d, %lld rows in %d "
            "tables equal to the registry's snapshot, row digest rechecked, file SHA-256 in %s.sha256, audit log "
            "of %lld entries verified against the key (%lld checkpoints agree); the backup itself is in the audit log\n",
            file, r->schema_version, (long long)r->total_rows, r->n_tables, file, (long long)r->audit_entries,
            (long long)r->audit_checkpoints);
}

static void print_restore(const char *file, const onc_backup_report_t *r)
{
    printf("restored\t%s\n", file);
    print_report(r);
    printf("audit\tintact\tentries=%lld\tcheckpoints=%lld\tbackup_head=%lld\n", (long long)r->audit_entries,
           (long long)r->audit_checkpoints, (long long)r->audit_head);
    if (r->anchored_seq > r->audit_head)
        fprintf(stderr, "oncoboard db restore: note: the registry's checkpoints anchored entries up to seq %lld; the "
                        "backup ends at seq %lld: the entries after it are not in the restored registry\n",
                (long long)r->anchored_seq, (long long)r->audit_head);
    fprintf(stderr,
            "oncoboard db restore: %s restored and verified: %lld rows in %d tables equal to the backup's, "
            "integrity_check ok, audit log of %lld entries intact (the restore is entry %lld)\n",
            file, (long long)r->total_rows, r->n_tables, (long long)r->audit_entries, (long long)r->audit_entries);
}

/* db backup and db restore: argv[0] says which. */
static int backup_or_restore(int argc, char **argv)
{
    bool restore = strcmp(argv[0], "restore") == 0;
    const char *cmd = restore ? "db restore" : "db backup";
    backup_args_t a;
    int status = parse(&a, argc, argv);
    if (status >= 0) return status;
    onc_backup_report_t r;
    onc_err_t err = {0};
    const char *url = onc_db_url_choose(a.db_url);
    onc_rc rc = restore ? onc_backup_restore(url, a.file, a.force, onc_audit_os_actor(), &r, &err)
                        : onc_backup_write(url, a.file, onc_audit_os_actor(), &r, &err);
    if (restore && r.moved_checkpoints[0])
        fprintf(stderr, "oncoboard db restore: the registry's previous audit checkpoints are kept as %s\n",
                r.moved_checkpoints);
    if (rc != ONC_OK) {
        cli_error(cmd, "%s%s", err.msg, restore ? "" : "; no backup was written");
        return cli_status_of(rc);
    }
    if (restore) print_restore(a.file, &r);
    else print_backup(a.file, &r);
    return CLI_OK;
}

int cmd_db_backup(int argc, char **argv) { return backup_or_restore(argc, argv); }
int cmd_db_restore(int argc, char **argv) { return backup_or_restore(argc, argv); }
