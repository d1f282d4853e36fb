/* test_db_backup.c: `db backup` and `db restore` (backup.h) on every database target.
 *
 * A registry with the three example cases (examples/cases: 3 patients, 4 samples, 10
 * alterations, read off the files as in test_db_cli.c) is backed up; the backup is an SQLite
 * file with FILE.sha256 beside it, and restores into a fresh registry (of the same back end, and
 * an SQLite file from a PostgreSQL registry) with the same rows, the same case texts and an audit
 * log that verifies with one more entry (the restore). A backup with flipped bytes is refused
 * (by its SHA-256 line; without it, by the digest of its rows or by SQLite), a non-empty registry
 * is refused without --force and replaced whole with it, an existing backup file is never
 * overwritten, and a restore without the audit key says what is missing.
 */
#include "check.h"
#include "db_targets.h"
#include "registry_util.h"

#include "oncoboard/audit.h"
#include "oncoboard/backup.h"
#include "oncoboard/case.h"
#include "oncoboard/store.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

static char work[256]; /* this test's files: backups, the restored SQLite registries, PG anchors */

/* PostgreSQL has no default anchors: this test's key and a checkpoint file per registry. */
static void use_anchors(const char *name)
{
    char key[400], ckpt[400];
    snprintf(key, sizeof key, "%s/audit-key", work);
    snprintf(ckpt, sizeof ckpt, "%s/%s.audit-checkpoints", work, name);
    setenv("ONCOBOARD_AUDIT_KEY", key, 1);
    setenv("ONCOBOARD_AUDIT_CHECKPOINTS", ckpt, 1);
}

static void clear_work(void)
{
    char cmd[800];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'/* 2>/dev/null", work);
    if (system(cmd) != 0) { /* nothing to remove */
    }
}

/* The current target, migrated, with the three example cases imported (and audited). */
static onc_db_t *registry_with_cases(void)
{
    clear_work();
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    if (db_target_kind == ONC_DB_POSTGRESQL) use_anchors("source");
    onc_db_t *db = db_target_open(true);
    if (!db) return NULL;
    const char *files[] = {"examples/cases/SYN-ALK-01.json", "examples/cases/SYN-EGFR-01.json",
                           "examples/cases/SYN-KRAS-01.json"};
    onc_err_t err = {0};
    onc_rc rc = onc_db_begin(db, &err);
    for (size_t i = 0; rc == ONC_OK && i < 3; i++) {
        onc_case_t *c = NULL;
        rc = onc_case_load(files[i], NULL, &c, &err);
        if (rc == ONC_OK) rc = onc_store_put_case(db, c, "os:tester", NULL, &err);
        onc_case_free(c);
    }
    if (rc == ONC_OK) rc = onc_db_commit(db, &err);
    if (rc == ONC_OK) rc = onc_audit_checkpoint(db, &err);
    if (rc != ONC_OK) fprintf(stderr, "import: %s\n", err.msg);
    CHECK_INT(rc, ONC_OK);
    return db;
}

static void path_in_work(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", work, name); }

static onc_rc backup_to(const char *path, onc_backup_report_t *rep, onc_err_t *err)
{
    return onc_backup_write(db_target_url, path, "os:tester", rep, err);
}

/* Copies the SQLite registry's key to where a registry at dest looks for it (PATH.audit-key). */
static void give_key(const char *dest)
{
    char from[700], to[700], buf[128];
    if (db_target_kind == ONC_DB_POSTGRESQL) snprintf(from, sizeof from, "%s/audit-key", work);
    else snprintf(from, sizeof from, "%s.audit-key", db_target_path);
    snprintf(to, sizeof to, "%s.audit-key", dest);
    int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ssize_t n = in >= 0 ? read(in, buf, sizeof buf) : -1;
    CHECK(n > 0 && out >= 0 && write(out, buf, (size_t)n) == n);
    if (in >= 0) close(in);
    if (out >= 0) close(out);
}

static int64_t table_rows(const onc_backup_report_t *r, const char *table)
{
    for (int i = 0; i < r->n_tables; i++)
        if (strcmp(r->table[i], table) == 0) return r->rows[i];
    return -1;
}

/* The case text of id, as stored (audited as an export). */
static char *case_text(onc_db_t *db, const char *id)
{
    onc_err_t err = {0};
    char *name = NULL, *text = NULL;
    bool current = false;
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_get_case_text(db, id, "os:tester", &name, &text, &current, &err);
    if (rc == ONC_OK) rc = onc_db_commit(db, &err);
    else onc_db_rollback(db, NULL);
    if (rc == ONC_OK) rc = onc_audit_checkpoint(db, &err);
    if (rc != ONC_OK) fprintf(stderr, "case text %s: %s\n", id, err.msg);
    free(name);
    return text;
}

/* The restored registry at url holds what the source held at the backup. */
static void check_restored(const char *url, const char *egfr_text, int64_t audit_at_backup)
{
    onc_db_t *dst = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_db_open(url, NULL, &dst, &err), ONC_OK);
    if (!dst) return;
    CHECK_INT(onc_db_schema_check(dst, &err), ONC_OK);
    CHECK_INT(reg_scalar(dst, "SELECT count(*) FROM patients"), 3);
    CHECK_INT(reg_scalar(dst, "SELECT count(*) FROM samples"), 4);
    CHECK_INT(reg_scalar(dst, "SELECT count(*) FROM alterations"), 10);
    CHECK_INT(reg_scalar(dst, "SELECT count(*) FROM oncoboard_meta WHERE key LIKE 'backup%'"), 0);
    int64_t n = -1;
    CHECK_INT(onc_audit_verify(dst, &n, &err), ONC_OK);
    CHECK_INT(n, audit_at_backup + 1); /* the restore's own entry */
    CHECK_INT(reg_scalar(dst, "SELECT count(*) FROM audit_log WHERE action = 'restore' AND seq = "
                         "(SELECT max(seq) FROM audit_log)"), 1);
    char *b = case_text(dst, "SYN-EGFR-01");
    CHECK(egfr_text && b && strcmp(egfr_text, b) == 0);
    free(b);
    /* new rows get new ids after the restored ones (PostgreSQL's identities were moved) */
    onc_case_t *c = NULL;
    CHECK_INT(onc_case_load("tests/data/case/minimal.json", NULL, &c, &err), ONC_OK);
    onc_rc rc = onc_db_begin(dst, &err);
    if (rc == ONC_OK) rc = onc_store_put_case(dst, c, "os:tester", NULL, &err);
    if (rc == ONC_OK) rc = onc_db_commit(dst, &err);
    else onc_db_rollback(dst, NULL);
    if (rc == ONC_OK) rc = onc_audit_checkpoint(dst, &err);
    if (rc != ONC_OK) fprintf(stderr, "put after restore: %s\n", err.msg);
    CHECK_INT(rc, ONC_OK);
    onc_case_free(c);
    CHECK_INT(reg_scalar(dst, "SELECT count(*) FROM patients"), 4);
    onc_db_close(dst);
}

/* A PostgreSQL database of its own for the restore, beside the target's: created (after
 * dropping a leftover) or dropped. */
static bool pg_second_database(char *url, size_t n, bool create)
{
    const char *base = getenv("ONCOBOARD_TEST_PG");
    char name[64], sql[160];
    snprintf(name, sizeof name, "onc_restore_%ld", (long)getpid());
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    bool ok = db_targets_pg_exec(base, sql);
    if (create) {
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
        ok = ok && db_targets_pg_exec(base, sql);
    }
    return ok && db_targets_pg_url(base, name, url, n) == 0;
}

static void backup_then_restore_same_rows(void)
{
    onc_db_t *src = registry_with_cases();
    if (!src) return;
    int64_t at_backup = -1;
    onc_err_t err = {0};
    char *egfr = case_text(src, "SYN-EGFR-01"); /* as imported (the read is audited) */
    CHECK_INT(onc_audit_verify(src, &at_backup, &err), ONC_OK);
    char file[600], side[620];
    path_in_work(file, sizeof file, "b1.db");
    snprintf(side, sizeof side, "%s.sha256", file);
    onc_backup_report_t rep;
    onc_rc rc = backup_to(file, &rep, &err);
    if (rc) fprintf(stderr, "backup: %s\n", err.msg);
    CHECK_INT(rc, ONC_OK);
    CHECK(access(file, F_OK) == 0 && access(side, F_OK) == 0);
    CHECK_INT(table_rows(&rep, "patients"), 3);
    CHECK_INT(table_rows(&rep, "alterations"), 10);
    CHECK_INT(rep.audit_entries, at_backup);
    CHECK(rep.integrity_checked && rep.file_hash_checked && strlen(rep.sha256) == 64);
    /* the backup is itself an audited action of the source, after the copy */
    CHECK_INT(reg_scalar(src, "SELECT count(*) FROM audit_log WHERE action = 'backup'"), 1);
    CHECK_INT(onc_audit_verify(src, NULL, &err), ONC_OK);

    /* into a fresh SQLite registry (from either back end: one format) */
    char fresh[600], url[700];
    path_in_work(fresh, sizeof fresh, "restored.db");
    snprintf(url, sizeof url, "sqlite:%s", fresh);
    give_key(fresh);
    if (db_target_kind == ONC_DB_POSTGRESQL) {
        unsetenv("ONCOBOARD_AUDIT_KEY"); /* the SQLite registry's anchors are beside it */
        unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    }
    onc_backup_report_t back;
    rc = onc_backup_restore(url, file, false, "os:tester", &back, &err);
    if (rc) fprintf(stderr, "restore: %s\n", err.msg);
    CHECK_INT(rc, ONC_OK);
    CHECK_INT(back.total_rows, rep.total_rows);
    CHECK(back.file_hash_checked && strcmp(back.sha256, rep.sha256) == 0);
    CHECK_INT(back.audit_entries, at_backup + 1);
    check_restored(url, egfr, at_backup);

    /* PostgreSQL: into a fresh database of the same back end too */
    if (db_target_kind == ONC_DB_POSTGRESQL) {
        char pg[4096];
        use_anchors("restored");
        CHECK(pg_second_database(pg, sizeof pg, true));
        rc = onc_backup_restore(pg, file, false, "os:tester", &back, &err);
        if (rc) fprintf(stderr, "restore into PostgreSQL: %s\n", err.msg);
        CHECK_INT(rc, ONC_OK);
        check_restored(pg, egfr, at_backup);
        (void)pg_second_database(pg, sizeof pg, false);
        use_anchors("source");
    }
    free(egfr);
    onc_db_close(src);
}

/* XORs n bytes at off of path. */
static void flip(const char *path, long off, int n)
{
    FILE *fp = fopen(path, "r+b");
    CHECK(fp != NULL);
    if (!fp) return;
    unsigned char b[64];
    fseek(fp, off, SEEK_SET);
    size_t got = fread(b, 1, (size_t)n, fp);
    for (size_t i = 0; i < got; i++) b[i] ^= 0x5a;
    fseek(fp, off, SEEK_SET);
    fwrite(b, 1, got, fp);
    fclose(fp);
}

/* The offset of the first occurrence of needle in the file (-1: none). */
static long find_in(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return -1;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(buf + i, needle, k) == 0) return (long)i;
    return -1;
}

static void copy_file(const char *from, const char *to)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
    CHECK(system(cmd) == 0);
}

/* Restores a damaged copy; expects a refusal whose message holds want, and no registry made. */
static void expect_refused(const char *damaged, const char *want)
{
    char fresh[600], url[700];
    path_in_work(fresh, sizeof fresh, "never.db");
    snprintf(url, sizeof url, "sqlite:%s", fresh);
    onc_backup_report_t rep;
    onc_err_t err = {0};
    onc_rc rc = onc_backup_restore(url, damaged, false, "os:tester", &rep, &err);
    CHECK(rc != ONC_OK);
    if (!strstr(err.msg, want)) {
        fprintf(stderr, "refusal of %s: \"%s\" lacks \"%s\"\n", damaged, err.msg, want);
        check_failed = 1;
    }
    CHECK(access(fresh, F_OK) != 0); /* refused before the registry was opened */
}

/* The registry with the cases, backed up to work/b1.db (file); NULL after a failed CHECK. */
static onc_db_t *registry_backed_up(char file[600], onc_backup_report_t *rep)
{
    onc_db_t *src = registry_with_cases();
    onc_err_t err = {0};
    path_in_work(file, 600, "b1.db");
    if (src && backup_to(file, rep, &err) != ONC_OK) {
        fprintf(stderr, "backup: %s\n", err.msg);
        check_failed = 1;
        onc_db_close(src);
        return NULL;
    }
    return src;
}

static void corrupted_backup_refused(void)
{
    char file[600], bad[600], side[620], bad_side[620];
    onc_backup_report_t rep;
    onc_db_t *src = registry_backed_up(file, &rep);
    if (!src) return;
    path_in_work(bad, sizeof bad, "bad.db");
    snprintf(side, sizeof side, "%s.sha256", file);
    snprintf(bad_side, sizeof bad_side, "%s.sha256", bad);
    struct stat st;
    CHECK(stat(file, &st) == 0 && st.st_size > 8192);
    /* with FILE.sha256 beside it: any byte, even in unused space, at the start, middle, end */
    long offsets[] = {100, (long)st.st_size / 2, (long)st.st_size - 10};
    for (size_t i = 0; i < 3; i++) {
        copy_file(file, bad);
        copy_file(side, bad_side);
        flip(bad, offsets[i], 4);
        expect_refused(bad, "is damaged: its SHA-256 is not the one written with it");
    }
    /* without it: a byte of a stored value changes the rows' digest */
    unlink(bad_side);
    copy_file(file, bad);
    long at = find_in(bad, "SYN-EGFR-01");
    CHECK(at > 0);
    flip(bad, at + 4, 1);
    expect_refused(bad, "its rows do not match the digest written with them");
    /* and a damaged header is not a database */
    copy_file(file, bad);
    flip(bad, 0, 16);
    expect_refused(bad, "cannot open the backup");
    /* an SQLite file that is not a backup */
    if (db_target_kind == ONC_DB_SQLITE) expect_refused(db_target_path, "not an oncoboard backup");
    onc_db_close(src);
}

static void restore_over_non_empty_refused(void)
{
    char file[600];
    onc_backup_report_t rep;
    onc_err_t err = {0};
    onc_db_t *src = registry_backed_up(file, &rep);
    if (!src) return;
    /* a change after the backup, which the restore will undo */
    CHECK_INT(onc_db_exec(src, "DELETE FROM patients WHERE external_id = 'SYN-ALK-01'", &err), ONC_OK);
    int64_t before = reg_scalar(src, "SELECT count(*) FROM audit_log");
    CHECK_INT(onc_backup_restore(db_target_url, file, false, "os:tester", &rep, &err), ONC_ECONFLICT);
    CHECK(strstr(err.msg, "is not empty") && strstr(err.msg, "--force"));
    CHECK_INT(reg_scalar(src, "SELECT count(*) FROM patients"), 2); /* untouched */
    CHECK_INT(reg_scalar(src, "SELECT count(*) FROM audit_log"), before);
    CHECK(rep.moved_checkpoints[0] == '\0');
    onc_rc rc = onc_backup_restore(db_target_url, file, true, "os:tester", &rep, &err);
    if (rc) fprintf(stderr, "restore --force: %s\n", err.msg);
    CHECK_INT(rc, ONC_OK);
    CHECK_INT(reg_scalar(src, "SELECT count(*) FROM patients"), 3);
    /* the old checkpoints (which anchored the backup's own entry) are kept; a new epoch verifies */
    CHECK(rep.moved_checkpoints[0] && access(rep.moved_checkpoints, F_OK) == 0);
    CHECK(rep.anchored_seq > rep.audit_head);
    CHECK_INT(onc_audit_verify(src, NULL, &err), ONC_OK);
    unlink(rep.moved_checkpoints);
    onc_db_close(src);
}

static void existing_file_and_missing_key(void)
{
    char file[600];
    onc_backup_report_t rep;
    onc_err_t err = {0};
    onc_db_t *src = registry_backed_up(file, &rep);
    if (!src) return;
    struct stat a, b;
    CHECK(stat(file, &a) == 0);
    CHECK_INT(backup_to(file, &rep, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "exists already") != NULL);
    CHECK(stat(file, &b) == 0 && a.st_ino == b.st_ino && a.st_size == b.st_size);
    /* a fresh SQLite registry without the key: the backup's log cannot be verified */
    char fresh[600], url[700];
    path_in_work(fresh, sizeof fresh, "nokey.db");
    snprintf(url, sizeof url, "sqlite:%s", fresh);
    if (db_target_kind == ONC_DB_POSTGRESQL) {
        unsetenv("ONCOBOARD_AUDIT_KEY");
        unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    }
    CHECK_INT(onc_backup_restore(url, file, false, "os:tester", &rep, &err), ONC_EIO);
    CHECK(strstr(err.msg, "audit key") != NULL);
    if (db_target_kind == ONC_DB_POSTGRESQL) use_anchors("source");
    onc_db_close(src);
}

/* The child: commits one users row at a time, every 2 ms, until killed. */
static void writer(void)
{
    onc_db_t *db = NULL;
    onc_err_t e = {0};
    if (onc_db_open(db_target_url, NULL, &db, &e) != ONC_OK) _exit(3);
    for (long i = 0;; i++) {
        onc_db_stmt_t *st = NULL;
        char login[32];
        bool row;
        snprintf(login, sizeof login, "w%ld", i);
        if (onc_db_begin(db, &e) ||
            onc_db_prepare(db, "INSERT INTO users (login, display_name, role, created_at) VALUES (?, 'W', 'viewer', "
                               "'2026-11-29T00:00:00Z')", &st, &e) ||
            onc_db_bind_text(st, 1, login, &e) || onc_db_step(st, &row, &e))
            _exit(3);
        onc_db_finalize(st);
        if (onc_db_commit(db, &e)) _exit(3);
        usleep(2000); /* a busy registry, not a loop that never lets go of SQLite's write lock */
    }
}

/* Backups taken while another process commits: each is one snapshot (its counts equal, else the
 * backup fails), and the registry keeps growing meanwhile (the writer is not blocked). */
static void backup_while_writing(void)
{
    onc_db_t *src = registry_with_cases();
    if (!src) return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) writer();
    int64_t users_seen = -1, grew = 0;
    for (int i = 0; i < 5; i++) {
        char file[600], name[32];
        snprintf(name, sizeof name, "live%d.db", i);
        path_in_work(file, sizeof file, name);
        onc_backup_report_t rep;
        onc_err_t err = {0};
        usleep(20000);
        onc_rc rc = backup_to(file, &rep, &err);
        if (rc) fprintf(stderr, "backup %d while writing: %s\n", i, err.msg);
        CHECK_INT(rc, ONC_OK);
        int64_t users = table_rows(&rep, "users");
        grew += users > users_seen;
        users_seen = users;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    CHECK(grew >= 3); /* the writer went on between backups */
    onc_db_close(src);
}

int main(void)
{
    if (!check_mkdtemp(work, sizeof work, "onc-backup")) return 1;
    static const db_test_t tests[] = {
        DB_TEST(backup_then_restore_same_rows),
        DB_TEST(corrupted_backup_refused),
        DB_TEST(restore_over_non_empty_refused),
        DB_TEST(existing_file_and_missing_key),
        DB_TEST(backup_while_writing),
        {NULL, NULL},
    };
    db_targets_run(tests);
    clear_work();
    rmdir(work);
    CHECK_EXIT();
}
