/* test_db_faults.c: fault injection into the SQLite back end (research notes 5.1).
 *
 * This program builds its own copy of store_sqlite.c with ONC_STORE_FAULTS, so that every call
 * into libsqlite3 that can fail goes through a counter (the library's copy is not linked: this
 * one defines store_sqlite_backend first). One logical change (create a registry, migrate it,
 * add a user in a transaction, read it back) is run with the Nth call failing, for N = 1, 2, ...
 * until it runs through untouched, once with a single failure and once with every call from the
 * Nth on failing. Each time: a clean error (no crash, no leak under the sanitizer build), and the
 * file, reopened without faults, passes PRAGMA integrity_check and holds the change all or
 * nothing: schema version 0 or 1, never tables without their version, the user only after a
 * successful commit. The same loop runs with SQLite's own allocations failing (an allocator
 * installed with SQLITE_CONFIG_MALLOC that refuses the Nth request).
 */
#define ONC_STORE_FAULTS 1
#include "store/store_sqlite.c"

#include "check.h"

#include <unistd.h>

static char dir[64], path[128], url[160];

static void remove_registry(void)
{
    const char *suffix[] = {"", "-wal", "-shm"};
    char p[160];
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

/* The change under test; returns its rc. *committed says whether the user's commit succeeded. */
static onc_rc change(bool *committed)
{
    *committed = false;
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.create = true;
    onc_db_t *db = NULL;
    onc_err_t e = {0};
    onc_rc rc = onc_db_open(url, &o, &db, &e);
    if (rc == ONC_OK) rc = onc_db_migrate(db, NULL, NULL, &e);
    onc_db_stmt_t *st = NULL;
    bool row = false;
    if (rc == ONC_OK) rc = onc_db_begin(db, &e);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "INSERT INTO users (login, display_name, role, created_at) VALUES (?, ?, 'viewer', ?)", &st, &e);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, "eve", &e);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 2, "Eve", &e);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 3, "2026-11-29T03:00:00Z", &e);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, &e);
    onc_db_finalize(st);
    if (rc == ONC_OK) {
        rc = onc_db_commit(db, &e);
        *committed = rc == ONC_OK;
    }
    if (rc == ONC_OK) rc = onc_db_prepare(db, "SELECT count(*) FROM users", &st, &e);
    if (rc == ONC_OK) {
        rc = onc_db_step(st, &row, &e);
        onc_db_finalize(st);
    }
    if (rc != ONC_OK && !e.msg[0]) {
        fprintf(stderr, "fault: rc %d with no message\n", (int)rc);
        check_failed = 1;
    }
    onc_db_close(db);
    return rc;
}

/* Reopens without faults: integrity, version and contents consistent with what change() said. */
static void verify(long n, bool committed)
{
    store_sqlite_fail_at(0, false);
    onc_db_t *db = NULL;
    onc_err_t e = {0};
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    if (onc_db_open(url, &o, &db, &e) != ONC_OK) {
        /* Only a failure before the file was created may leave no file. */
        CHECK(access(path, F_OK) != 0 && !committed);
        return;
    }
    onc_db_stmt_t *st = NULL;
    bool row = false;
    CHECK_INT(onc_db_prepare(db, "PRAGMA integrity_check", &st, &e), ONC_OK);
    if (st) {
        CHECK_INT(onc_db_step(st, &row, &e), ONC_OK);
        if (row && strcmp(onc_db_column_text(st, 0), "ok") != 0) {
            fprintf(stderr, "fault %ld: integrity_check: %s\n", n, onc_db_column_text(st, 0));
            check_failed = 1;
        }
        onc_db_finalize(st);
    }
    int v = -1;
    CHECK_INT(onc_db_schema_version(db, &v, &e), ONC_OK);
    CHECK(v == 0 || v == ONC_DB_SCHEMA_VERSION);
    bool users = false;
    CHECK_INT(onc_db_table_exists(db, "users", &users, &e), ONC_OK);
    CHECK(users == (v == ONC_DB_SCHEMA_VERSION));
    int64_t count = 0;
    if (users && onc_db_prepare(db, "SELECT count(*) FROM users", &st, &e) == ONC_OK) {
        if (onc_db_step(st, &row, &e) == ONC_OK && row) count = onc_db_column_int64(st, 0);
        onc_db_finalize(st);
    }
    if (count != (committed ? 1 : 0)) {
        fprintf(stderr, "fault %ld: %lld users after %s\n", n, (long long)count, committed ? "a commit" : "no commit");
        check_failed = 1;
    }
    onc_db_close(db);
}

static void fault_loop(bool persistent)
{
    long n;
    for (n = 1; n < 10000; n++) {
        remove_registry();
        store_sqlite_fail_at(n, persistent);
        bool committed = false;
        onc_rc rc = change(&committed);
        bool untouched = fault_countdown > 0; /* the Nth call never came */
        store_sqlite_fail_at(0, false);
        verify(n, committed);
        if (untouched) {
            CHECK_INT(rc, ONC_OK);
            break;
        }
        if (rc == ONC_OK) { /* every injected failure is reported, none is swallowed */
            fprintf(stderr, "fault %ld (%s): the change reported success\n", n, persistent ? "persistent" : "once");
            check_failed = 1;
        }
    }
    CHECK(n > 20); /* the change makes dozens of calls: the loop went through them */
    CHECK(n < 10000);
    remove_registry();
}

/* ---- SQLite's allocations ---- */

static sqlite3_mem_methods real_mem;
static long oom_countdown;
static bool oom_persistent, oom_failing;

static bool oom_hit(void)
{
    if (oom_failing) return true;
    if (oom_countdown <= 0 || --oom_countdown > 0) return false;
    oom_failing = oom_persistent;
    return true;
}
static void *oom_malloc(int n) { return oom_hit() ? NULL : real_mem.xMalloc(n); }
static void *oom_realloc(void *p, int n) { return oom_hit() ? NULL : real_mem.xRealloc(p, n); }

static void oom_loop(bool persistent)
{
    long n;
    for (n = 1; n < 100000; n++) {
        remove_registry();
        oom_countdown = n;
        oom_persistent = persistent;
        oom_failing = false;
        bool committed = false;
        onc_rc rc = change(&committed);
        bool untouched = oom_countdown > 0;
        oom_countdown = 0;
        oom_failing = false;
        verify(n, committed);
        if (untouched) {
            CHECK_INT(rc, ONC_OK);
            break;
        }
    }
    CHECK(n > 20);
    CHECK(n < 100000);
    remove_registry();
}

static void sqlite_allocation_failing_once(void) { oom_loop(false); }
static void sqlite_allocation_failing_from_each(void) { oom_loop(true); }

static void install_failing_allocator(void)
{
    sqlite3_mem_methods m;
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK) {
        fprintf(stderr, "cannot read SQLite's allocator\n");
        exit(1);
    }
    m = real_mem;
    m.xMalloc = oom_malloc;
    m.xRealloc = oom_realloc;
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
        fprintf(stderr, "cannot install the failing allocator\n");
        exit(1);
    }
}

static void single_fault_at_each_call(void) { fault_loop(false); }
static void persistent_fault_from_each_call(void) { fault_loop(true); }

int main(void)
{
    install_failing_allocator(); /* before SQLite initialises; it passes through until armed */
    /* In memory when the system has it: a thousand runs with synchronous=FULL fsyncs are slow on
     * a disk, and the loop tests error paths, not the disk. */
    snprintf(dir, sizeof dir, "%s/onc_dbfault_XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) return 1;
    snprintf(path, sizeof path, "%s/registry.db", dir);
    snprintf(url, sizeof url, "sqlite:%s", path);
    RUN(single_fault_at_each_call);
    RUN(persistent_fault_from_each_call);
    RUN(sqlite_allocation_failing_once);
    RUN(sqlite_allocation_failing_from_each);
    remove_registry();
    rmdir(dir);
    CHECK_EXIT();
}
