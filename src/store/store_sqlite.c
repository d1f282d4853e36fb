/* store_sqlite.c: the SQLite back end of db.h (libsqlite3).
 *
 * A registry is one file, opened with the settings that make it safe for clinical data
 * (docs/registry.md): WAL journal (readers do not block the writer), synchronous=FULL (a
 * committed transaction survives a power loss, not only a crash of the program), foreign keys
 * enforced (off by default in SQLite), and a busy timeout so that a second process waits for
 * the lock instead of failing at once. Errors carry sqlite3_errmsg(), which names the failed
 * constraint ("UNIQUE constraint failed: users.login") but never a bound value.
 *
 * Fault injection: built with -DONC_STORE_FAULTS, every call into libsqlite3 that can fail goes
 * through fault_hit(), and store_sqlite_fail_at(N, persistent) makes the Nth one fail, or the Nth
 * and every one after it (tests/unit/test_db_faults.c builds this file so).
 */
#include "store_int.h"

#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef ONC_STORE_FAULTS
static long fault_countdown;  /* 0: off; else the calls left until the one that fails */
static bool fault_persistent; /* every call after that one fails too */
static bool fault_failing;
void store_sqlite_fail_at(long n, bool persistent)
{
    fault_countdown = n;
    fault_persistent = persistent;
    fault_failing = false;
}
static bool fault_hit(void)
{
    if (fault_failing) return true;
    if (fault_countdown <= 0 || --fault_countdown > 0) return false;
    fault_failing = fault_persistent;
    return true;
}
#define FAULT(call) (fault_hit() ? SQLITE_IOERR : (call))
#else
#define FAULT(call) (call)
#endif

typedef struct sq_stmt {
    sqlite3_stmt *st;
    sqlite3 *db;
} sq_stmt_t;

/* The onc_rc of an SQLite result code. A lock held by another connection is a conflict the
 * user can resolve by retrying, not a broken database. */
static onc_rc sq_fail(sqlite3 *db, int code, const char *what, onc_err_t *err)
{
    int primary = code & 0xff;
    if (primary == SQLITE_CONSTRAINT)
        return onc_err_set(err, ONC_ECONFLICT, "%s: %s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return onc_err_set(err, ONC_ECONFLICT, "%s: the registry is locked by another process", what);
    if (primary == SQLITE_NOMEM) return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", what);
    /* sqlite3_errmsg describes the last failure on db; an injected fault has none. */
    const char *msg = db && sqlite3_errcode(db) == code ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    return onc_err_set(err, ONC_EDB, "%s: %s", what, msg);
}

static onc_rc sq_exec_on(sqlite3 *db, const char *sql, onc_err_t *err)
{
    int rc = FAULT(sqlite3_exec(db, sql, NULL, NULL, NULL));
    return rc == SQLITE_OK ? ONC_OK : sq_fail(db, rc, "SQLite", err);
}

static int journal_mode_cb(void *ctx, int n, char **values, char **names)
{
    (void)names;
    char *mode = ctx;
    if (n > 0 && values[0]) snprintf(mode, 16, "%s", values[0]);
    return 0;
}

/* The connection settings (see the top of the file). journal_mode cannot be changed through a
 * read-only connection; the file keeps WAL once a writer has set it. */
static onc_rc sq_configure(sqlite3 *db, const char *path, const onc_db_opts_t *opts, onc_err_t *err)
{
    int rc = FAULT(sqlite3_busy_timeout(db, opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 0));
    if (rc != SQLITE_OK) return sq_fail(db, rc, path, err);
    onc_rc orc = sq_exec_on(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL", err);
    if (orc == ONC_OK && opts->read_only) orc = sq_exec_on(db, "PRAGMA query_only=ON", err);
    if (orc) return orc;
    if (opts->read_only || strcmp(path, ":memory:") == 0) return ONC_OK;
    char mode[16] = "";
    rc = FAULT(sqlite3_exec(db, "PRAGMA journal_mode=WAL", journal_mode_cb, mode, NULL));
    if (rc != SQLITE_OK) return sq_fail(db, rc, path, err);
    if (strcmp(mode, "wal") != 0)
        return onc_err_set(err, ONC_EDB, "%s: cannot switch the journal to WAL mode (it is '%s')", path, mode);
    return ONC_OK;
}

static onc_rc sq_open(const char *path, const onc_db_opts_t *opts, void **conn, onc_err_t *err)
{
    *conn = NULL;
    int flags = opts->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (opts->create && !opts->read_only) flags |= SQLITE_OPEN_CREATE;
    /* No URI interpretation: the path is a file name, whatever characters it has. */
    flags |= SQLITE_OPEN_NOMUTEX;
    sqlite3 *db = NULL;
    int rc = FAULT(sqlite3_open_v2(path, &db, flags, NULL));
    if (rc != SQLITE_OK) {
        onc_rc orc = (rc & 0xff) == SQLITE_CANTOPEN && !(flags & SQLITE_OPEN_CREATE)
                         ? onc_err_set(err, ONC_EDB, "%s: cannot open the registry (no such file, or no access)", path)
                         : sq_fail(db, rc, path, err);
        sqlite3_close(db);
        return orc;
    }
    sqlite3_extended_result_codes(db, 1);
    onc_rc orc = sq_configure(db, path, opts, err);
    if (orc) {
        sqlite3_close(db);
        return orc;
    }
    *conn = db;
    return ONC_OK;
}

static void sq_close(void *conn) { sqlite3_close(conn); }

static onc_rc sq_exec(void *conn, const char *sql, onc_err_t *err) { return sq_exec_on(conn, sql, err); }

/* Whether what follows a prepared statement is only blanks, ';' and comments: SQLite prepares
 * such a tail to no statement at all. */
static bool only_comments(sqlite3 *db, const char *tail)
{
    if (!tail || !tail[strspn(tail, " \t\r\n;")]) return true;
    sqlite3_stmt *next = NULL;
    int rc = sqlite3_prepare_v2(db, tail, -1, &next, NULL);
    sqlite3_finalize(next);
    return rc == SQLITE_OK && next == NULL;
}

static onc_rc sq_prepare(void *conn, const char *sql, int n_params, void **out, onc_err_t *err)
{
    *out = NULL;
    sqlite3 *db = conn;
    sq_stmt_t *s = calloc(1, sizeof *s);
    if (!s) return onc_err_set(err, ONC_ENOMEM, "out of memory preparing a statement");
    const char *tail = NULL;
    int rc = FAULT(sqlite3_prepare_v2(db, sql, -1, &s->st, &tail));
    if (rc != SQLITE_OK) {
        free(s);
        return sq_fail(db, rc, "SQLite prepare", err);
    }
    if (!s->st || !only_comments(db, tail)) {
        sqlite3_finalize(s->st);
        free(s);
        return onc_err_set(err, ONC_EINVAL, "onc_db_prepare takes exactly one SQL statement");
    }
    if (sqlite3_bind_parameter_count(s->st) != n_params) {
        sqlite3_finalize(s->st);
        free(s);
        return onc_err_set(err, ONC_EINVAL, "SQLite prepare: placeholders other than '?' are not allowed");
    }
    s->db = db;
    *out = s;
    return ONC_OK;
}

static onc_rc sq_bind_rc(const sq_stmt_t *s, int rc, onc_err_t *err)
{
    return rc == SQLITE_OK ? ONC_OK : sq_fail(s->db, rc, "SQLite bind", err);
}

static onc_rc sq_bind_text(void *stmt, int i, const char *v, onc_err_t *err)
{
    sq_stmt_t *s = stmt;
    return sq_bind_rc(s, FAULT(sqlite3_bind_text(s->st, i, v, -1, SQLITE_TRANSIENT)), err);
}

static onc_rc sq_bind_int64(void *stmt, int i, int64_t v, onc_err_t *err)
{
    sq_stmt_t *s = stmt;
    return sq_bind_rc(s, FAULT(sqlite3_bind_int64(s->st, i, v)), err);
}

static onc_rc sq_bind_double(void *stmt, int i, double v, onc_err_t *err)
{
    sq_stmt_t *s = stmt;
    return sq_bind_rc(s, FAULT(sqlite3_bind_double(s->st, i, v)), err);
}

static onc_rc sq_bind_null(void *stmt, int i, onc_err_t *err)
{
    sq_stmt_t *s = stmt;
    return sq_bind_rc(s, FAULT(sqlite3_bind_null(s->st, i)), err);
}

static onc_rc sq_bind_blob(void *stmt, int i, const void *p, size_t n, onc_err_t *err)
{
    sq_stmt_t *s = stmt;
    if (n > INT_MAX) return onc_err_set(err, ONC_ELIMIT, "SQLite bind: blob of %zu bytes is too large", n);
    return sq_bind_rc(s, FAULT(sqlite3_bind_blob(s->st, i, p, (int)n, SQLITE_TRANSIENT)), err);
}

static onc_rc sq_step(void *stmt, bool *row, onc_err_t *err)
{
    sq_stmt_t *s = stmt;
    int rc = FAULT(sqlite3_step(s->st));
    *row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return ONC_OK;
    /* The statement is reset so that it holds no lock after a failure. */
    sqlite3_reset(s->st);
    return sq_fail(s->db, rc, "SQLite", err);
}

static int sq_column_count(const void *stmt) { return sqlite3_data_count(((const sq_stmt_t *)stmt)->st); }

static bool sq_column_is_null(const void *stmt, int col)
{
    return sqlite3_column_type(((const sq_stmt_t *)stmt)->st, col) == SQLITE_NULL;
}

static const char *sq_column_text(const void *stmt, int col)
{
    return (const char *)sqlite3_column_text(((const sq_stmt_t *)stmt)->st, col);
}

static int64_t sq_column_int64(const void *stmt, int col) { return sqlite3_column_int64(((const sq_stmt_t *)stmt)->st, col); }

static double sq_column_double(const void *stmt, int col)
{
    return sq_column_is_null(stmt, col) ? NAN : sqlite3_column_double(((const sq_stmt_t *)stmt)->st, col);
}

static const void *sq_column_blob(const void *stmt, int col, size_t *n)
{
    sqlite3_stmt *st = ((const sq_stmt_t *)stmt)->st;
    *n = 0;
    if (sqlite3_column_type(st, col) == SQLITE_NULL) return NULL;
    const void *p = sqlite3_column_blob(st, col);
    *n = (size_t)sqlite3_column_bytes(st, col);
    return p ? p : ""; /* SQLite gives NULL for an empty blob; the interface keeps NULL for SQL NULL */
}

static onc_rc sq_reset(void *stmt, onc_err_t *err)
{
    sq_stmt_t *s = stmt;
    /* sqlite3_reset repeats the last step's error, which the caller has already had. */
    sqlite3_reset(s->st);
    int rc = FAULT(sqlite3_clear_bindings(s->st));
    return rc == SQLITE_OK ? ONC_OK : sq_fail(s->db, rc, "SQLite reset", err);
}

static void sq_recycle(void *stmt)
{
    sq_stmt_t *s = stmt;
    sqlite3_reset(s->st); /* repeats the last step's error, already reported */
    sqlite3_clear_bindings(s->st); /* always SQLITE_OK */
}

static void sq_finalize(void *stmt)
{
    sq_stmt_t *s = stmt;
    sqlite3_finalize(s->st);
    free(s);
}

onc_rc store_sqlite_backup(void *conn, const char *path, onc_err_t *err)
{
    sqlite3 *dest = NULL;
    int rc = FAULT(sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL));
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dest, "main", conn, "main");
        if (!b) rc = sqlite3_errcode(dest);
        else {
            /* all pages in one step: the source's open read transaction is the snapshot copied */
            rc = FAULT(sqlite3_backup_step(b, -1));
            int finish = sqlite3_backup_finish(b);
            if (rc == SQLITE_DONE) rc = finish;
        }
    }
    if (rc == SQLITE_OK) rc = FAULT(sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL));
    onc_rc orc = rc == SQLITE_OK ? ONC_OK : sq_fail(dest, rc, path, err);
    if (sqlite3_close(dest) != SQLITE_OK && orc == ONC_OK) orc = onc_err_set(err, ONC_EDB, "%s: cannot close the copy", path);
    return orc;
}

const store_backend_t store_sqlite_backend = {
    .name = "sqlite",
    .kind = ONC_DB_SQLITE,
    /* The rowid alias: a new row gets max(rowid)+1. Not AUTOINCREMENT, which only adds that an id
     * of a deleted last row is never handed out again (at the cost of the sqlite_sequence table
     * and a write per insert): registry rows are not deleted but superseded, and the audit log
     * identifies entries by its hash chain, not by the id. */
    .id_column = "INTEGER PRIMARY KEY",
    .dollar_params = false,
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .bind_text = sq_bind_text,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_null = sq_bind_null,
    .bind_blob = sq_bind_blob,
    .step = sq_step,
    .column_count = sq_column_count,
    .column_is_null = sq_column_is_null,
    .column_text = sq_column_text,
    .column_int64 = sq_column_int64,
    .column_double = sq_column_double,
    .column_blob = sq_column_blob,
    .reset = sq_reset,
    .recycle = sq_recycle,
    .finalize = sq_finalize,
};
