/* test_db_import_faults.c: an import with each allocation and each database call of the store
 * layer failing in turn (research notes 5.1).
 *
 * This program compiles its own copy of the store layer (store_sqlite.c and store_pg.c with
 * ONC_STORE_FAULTS, store_db.c, store_audit.c, store_case*.c, store_backup.c), so that the
 * library's copies are not linked, with malloc, calloc, realloc and strdup redirected through the
 * same countdown as
 * store_sqlite.c's calls into libsqlite3 (open, exec, prepare, bind, step, reset): the k-th of
 * them all fails. The redirection exists only in this program: no build of the library has it.
 * The operation is `db import` of two cases (one typed, one with a MAF file) as cli_db_import.c
 * writes it: open, one transaction with a store writer, commit, audit checkpoint. For k = 1, 2,
 * ... until the import runs through untouched, once with the k-th call failing alone and once
 * with every call from the k-th on failing. Each time:
 *   - the import reports the failure (never success), with an error code for memory or the
 *     database (ONC_ENOMEM, ONC_EDB, or ONC_EIO for the audit files) and a message;
 *   - no crash, no leak, no undefined behaviour (the san suite runs this program under
 *     ASan+UBSan);
 *   - the registry, reopened without faults, passes PRAGMA integrity_check, holds both patients
 *     or neither, and its audit log verifies (entries anchored or, after a failure between the
 *     commit and the checkpoint, not yet anchored).
 * Then `db backup` and `db restore` into a fresh registry (store_backup.c, compiled here too)
 * under the same countdown, every STRIDE-th point (each try is a new file and its checks): no
 * temporary file left, the backup and its .sha256 both or neither, its audit entry exactly when
 * it exists; the restored registry absent, empty (old checkpoints back in place) or whole.
 * SQLite's own allocations are failed by test_db_faults.c (for a smaller change: they number in
 * the thousands for an import).
 */
#define ONC_STORE_FAULTS 1

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool fault_hit(void); /* store_sqlite.c's countdown, shared by the allocations */
#define malloc(n) (fault_hit() ? NULL : malloc(n))
#define calloc(n, s) (fault_hit() ? NULL : calloc(n, s))
#define realloc(p, n) (fault_hit() ? NULL : realloc(p, n))
#define strdup(s) (fault_hit() ? NULL : strdup(s))
#include "store/store_sqlite.c"
#include "store/store_pg.c"
#include "store/store_db.c"
#include "store/store_audit.c"
#include "store/store_case_util.c"
#include "store/store_case.c"
#include "store/store_case_get.c"
#include "store/store_backup.c"
#undef malloc
#undef calloc
#undef realloc
#undef strdup

#include "check.h"
#include "db_targets.h"
#include "registry_util.h"

#include <unistd.h>

static const char *const case_files[] = {"examples/cases/SYN-EGFR-01.json", "examples/cases/SYN-KRAS-01.json"};
#define N_CASES 2
static onc_case_t *cases[N_CASES];
static char dir[64], path[128], url[4200];

static onc_db_t *open_plain(bool create)
{
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.create = create;
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    if (onc_db_open(url, &o, &db, &err) != ONC_OK) fprintf(stderr, "open: %s\n", err.msg);
    return db;
}

/* After the import at fault k: the registry is sound and holds it whole or not at all. */
static bool check_registry(long k, bool persistent)
{
    onc_db_t *db = open_plain(false);
    if (!db) return false;
    bool ok = reg_integrity_ok(db);
    onc_err_t err = {0};
    int64_t patients = reg_scalar(db, "SELECT count(*) FROM patients");
    int64_t case_texts = reg_scalar(db, "SELECT count(*) FROM case_sources");
    onc_audit_report_t rep;
    onc_rc rc = onc_audit_verify_report(db, &rep, &err);
    if (patients != 0 && patients != N_CASES) ok = false;
    if (case_texts != patients) ok = false;
    if (rc != ONC_OK || rep.n_entries != (patients ? N_CASES : 0)) ok = false;
    if (!ok)
        fprintf(stderr, "fault %ld (%s): %lld patients, %lld case texts, audit %s (%lld entries)\n", k,
                persistent ? "persistent" : "once", (long long)patients, (long long)case_texts,
                rc == ONC_OK ? "intact" : err.msg, (long long)rep.n_entries);
    onc_db_close(db);
    return ok;
}

/* For k = 1, 1 + stride, 1 + 2 stride ... until the import runs through untouched. */
static void fault_loop_every(bool persistent, long stride)
{
    long k;
    int reported[16] = {0};
    for (k = 1; k < 100000; k += stride) {
        store_sqlite_fail_at(0, false);
        reg_reset(url);
        store_sqlite_fail_at(k, persistent);
        onc_err_t err = {0};
        onc_rc rc = reg_import(url, cases, N_CASES, &err);
        bool untouched = fault_countdown > 0; /* the k-th call never came */
        store_sqlite_fail_at(0, false);
        if (untouched) {
            CHECK_INT(rc, ONC_OK);
            CHECK(check_registry(k, persistent));
            break;
        }
        if (rc == ONC_OK || !err.msg[0]) {
            fprintf(stderr, "fault %ld (%s): %s\n", k, persistent ? "persistent" : "once",
                    rc == ONC_OK ? "the import reported success" : "an error without a message");
            check_failed = 1;
        } else if (rc != ONC_ENOMEM && rc != ONC_EDB && rc != ONC_EIO) {
            fprintf(stderr, "fault %ld (%s): unexpected code %d: %s\n", k, persistent ? "persistent" : "once", (int)rc,
                    err.msg);
            check_failed = 1;
        }
        if ((unsigned)rc < 16) reported[rc]++;
        if (!check_registry(k, persistent)) {
            check_failed = 1;
            break;
        }
    }
    printf("# %s: %ld failure points (every %ld-th tried); reported as ENOMEM %d, EDB %d, EIO %d\n",
           persistent ? "persistent" : "once", k - 1, stride, reported[ONC_ENOMEM], reported[ONC_EDB], reported[ONC_EIO]);
    CHECK(k > 100);       /* the import makes hundreds of calls: the loop went through them */
    CHECK(reported[ONC_ENOMEM] > 0 && reported[ONC_EDB] > 0);
}

static void fault_loop(bool persistent) { fault_loop_every(persistent, 1); }

/* ---- backup and restore ---- */

/* Each backup or restore tried costs a new file and its checks: every STRIDE-th failure point is
 * tried (a call site repeats per table, so the sites are still covered), more sparsely under the
 * sanitizers. */
#if defined(__SANITIZE_ADDRESS__)
#define STRIDE 31
#else
#define STRIDE 11
#endif

static char backup_path[200], target_path[200], target_url[220];

/* Removes every file of dir whose name starts with prefix. */
static void remove_prefixed(const char *prefix)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -f '%s'/%s*", dir, prefix);
    CHECK(system(cmd) == 0);
}

/* Whether a file of dir has a name containing needle. */
static bool dir_has(const char *needle)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q -- '%s'", dir, needle);
    return system(cmd) == 0;
}

/* After a backup at fault k: no temporary file; the backup file and its SHA-256 line both or
 * neither (both after a success); the registry sound, its audit log intact with the backup's
 * entry exactly when the backup is there. */
static bool check_after_backup(long k, onc_rc rc)
{
    bool ok = true;
    char side[220];
    snprintf(side, sizeof side, "%s.sha256", backup_path);
    bool there = access(backup_path, F_OK) == 0;
    if (there != (access(side, F_OK) == 0) || (rc == ONC_OK && !there)) ok = false;
    if (dir_has(".tmp")) ok = false;
    onc_db_t *db = open_plain(false);
    onc_err_t err = {0};
    onc_audit_report_t rep;
    if (!db || !reg_integrity_ok(db) || reg_scalar(db, "SELECT count(*) FROM patients") != N_CASES ||
        onc_audit_verify_report(db, &rep, &err) != ONC_OK ||
        reg_scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'backup'") != (there ? 1 : 0))
        ok = false;
    onc_db_close(db);
    if (!ok)
        fprintf(stderr, "backup fault %ld: rc %d, backup %s, %s\n", k, (int)rc, there ? "there" : "absent",
                err.msg[0] ? err.msg : "(see the checks)");
    return ok;
}

/* One operation of the sparse loops: prepare (without faults), run (with), check. */
typedef struct fault_op {
    const char *name;
    void (*prepare)(void);
    onc_rc (*run)(onc_err_t *err);
    bool (*check)(long k, onc_rc rc);
} fault_op_t;

/* Fails every STRIDE-th call of op in turn (once), until op runs through untouched. */
static void sparse_fault_loop(const fault_op_t *op)
{
    long k;
    int swallowed = 0;
    for (k = 1; k < 100000; k += STRIDE) {
        store_sqlite_fail_at(0, false);
        op->prepare();
        onc_err_t err = {0};
        store_sqlite_fail_at(k, false);
        onc_rc rc = op->run(&err);
        bool untouched = fault_countdown > 0;
        store_sqlite_fail_at(0, false);
        swallowed += !untouched && rc == ONC_OK; /* a failed rollback of a finished read: harmless */
        if (rc != ONC_OK && !err.msg[0]) {
            fprintf(stderr, "%s fault %ld: an error without a message\n", op->name, k);
            check_failed = 1;
        }
        if (!op->check(k, rc)) {
            check_failed = 1;
            break;
        }
        if (untouched) {
            CHECK_INT(rc, ONC_OK);
            break;
        }
    }
    printf("# %s: about %ld failure points (every %d-th tried), %d not reported (cleanup after the work was done)\n",
           op->name, k - 1, STRIDE, swallowed);
    CHECK(k > 100);
}

static void backup_prepare(void)
{
    remove_prefixed("backup.db");
    if (reg_scalar_at(url, "SELECT count(*) FROM audit_log WHERE action = 'backup'") != 0) {
        reg_reset(url); /* a backup that went through despite its fault is in the log */
        onc_err_t err = {0};
        CHECK_INT(reg_import(url, cases, N_CASES, &err), ONC_OK);
    }
}

static onc_rc backup_run(onc_err_t *err)
{
    onc_backup_report_t rep;
    return onc_backup_write(url, backup_path, "os:tester", &rep, err);
}

/* After a restore at fault k into a fresh registry: nothing (no registry, an empty file, or an
 * empty registry with no old checkpoints moved) or everything, with an audit log that verifies;
 * everything after a success. */
static bool check_after_restore(long k, onc_rc rc)
{
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    if (onc_db_open(target_url, NULL, &db, &err) != ONC_OK) return rc != ONC_OK; /* never created */
    int version = -1;
    bool ok = reg_integrity_ok(db) && onc_db_schema_version(db, &version, &err) == ONC_OK;
    int64_t patients = version > 0 ? reg_scalar(db, "SELECT count(*) FROM patients") : 0;
    onc_audit_report_t rep;
    onc_rc vrc = version > 0 ? onc_audit_verify_report(db, &rep, &err) : ONC_OK;
    if (patients != 0 && patients != N_CASES) ok = false;
    if (rc == ONC_OK && patients != N_CASES) ok = false;
    if (vrc != ONC_OK) ok = false;
    if (patients == 0 && dir_has("before-restore")) ok = false; /* the epoch was not put back */
    if (!ok)
        fprintf(stderr, "restore fault %ld: rc %d, version %d, %lld patients, audit %s\n", k, (int)rc, version,
                (long long)patients, vrc == ONC_OK ? "intact" : err.msg);
    onc_db_close(db);
    return ok;
}

/* A fresh target with the registry's key put back first (as a restore needs). */
static void restore_prepare(void)
{
    remove_prefixed("target.db");
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cp -p '%s.audit-key' '%s.audit-key'", path, target_path);
    CHECK(system(cmd) == 0);
}

static onc_rc restore_run(onc_err_t *err)
{
    onc_backup_report_t rep;
    return onc_backup_restore(target_url, backup_path, false, "os:tester", &rep, err);
}

static void backup_failing_once(void)
{
    store_sqlite_fail_at(0, false);
    reg_reset(url);
    onc_err_t err = {0};
    CHECK_INT(reg_import(url, cases, N_CASES, &err), ONC_OK);
    static const fault_op_t op = {"backup", backup_prepare, backup_run, check_after_backup};
    sparse_fault_loop(&op);
}

static void restore_failing_once(void)
{
    store_sqlite_fail_at(0, false);
    remove_prefixed("backup.db");
    onc_err_t err = {0};
    CHECK_INT(backup_run(&err), ONC_OK);
    static const fault_op_t op = {"restore", restore_prepare, restore_run, check_after_restore};
    sparse_fault_loop(&op);
    remove_prefixed("target.db");
    remove_prefixed("backup.db");
}

static void each_call_failing_once(void) { fault_loop(false); }
static void every_call_failing_from_each(void) { fault_loop(true); }

/* The same import on PostgreSQL (db_targets.h's throwaway cluster), each libpq call of
 * store_pg.c (connect, exec, prepare, execute) and each allocation failing in turn: every 5th
 * point, each try being a round of connections to the server (every 17th under the
 * sanitizers). The registry is then whole or empty and its audit log verifies. */
static void postgresql_calls_failing(void)
{
    if (db_target_kind != ONC_DB_POSTGRESQL) SKIP("SQLite: the loops above");
    char key[300], ckpt[300], saved[sizeof url];
    snprintf(key, sizeof key, "%s/pg.audit-key", dir);
    snprintf(ckpt, sizeof ckpt, "%s/pg.audit-checkpoints", dir);
    setenv("ONCOBOARD_AUDIT_KEY", key, 1);
    setenv("ONCOBOARD_AUDIT_CHECKPOINTS", ckpt, 1);
    onc_db_t *db = db_target_open(true);
    onc_db_close(db);
    memcpy(saved, url, sizeof url);
    snprintf(url, sizeof url, "%s", db_target_url);
#if defined(__SANITIZE_ADDRESS__)
    long stride = 17;
#else
    long stride = 5;
#endif
    fault_loop_every(false, stride);
    fault_loop_every(true, stride);
    memcpy(url, saved, sizeof url);
    unlink(key), unlink(ckpt);
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
}

int main(void)
{
    if (!reg_load_cases(case_files, cases, N_CASES)) return 1;
    /* In memory when the system has it: hundreds of imports with synchronous=FULL */
    snprintf(dir, sizeof dir, "%s/onc_importfault_XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) return 1;
    snprintf(path, sizeof path, "%s/registry.db", dir);
    snprintf(url, sizeof url, "sqlite:%s", path);
    snprintf(backup_path, sizeof backup_path, "%s/backup.db", dir);
    snprintf(target_path, sizeof target_path, "%s/target.db", dir);
    snprintf(target_url, sizeof target_url, "sqlite:%s", target_path);
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    onc_db_t *db = open_plain(true);
    onc_err_t err = {0};
    if (!db || onc_db_migrate(db, NULL, NULL, &err) != ONC_OK) return 1;
    onc_db_close(db);
    RUN(each_call_failing_once);
    RUN(every_call_failing_from_each);
    RUN(backup_failing_once);
    RUN(restore_failing_once);
    static const db_test_t pg_tests[] = {DB_TEST(postgresql_calls_failing), {NULL, NULL}};
    db_targets_run(pg_tests);
    const char *suffix[] = {"", "-wal", "-shm", ".audit-key", ".audit-checkpoints"};
    char p[200];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
    rmdir(dir);
    for (size_t i = 0; i < N_CASES; i++) onc_case_free(cases[i]);
    CHECK_EXIT();
}
