/* store_db.c: the public functions of db.h, the same for every back end.
 *
 * A connection is a back end (store_int.h) plus what this layer keeps itself: the URL with its
 * password masked, and whether a transaction is open. SQL text goes through one hand-written
 * scanner (store_sql_rewrite) that knows string literals, quoted identifiers and comments, so that a
 * `?` or `@ID@` inside them is left alone; outside them `?` becomes `$n` for a back end that
 * numbers its parameters (PostgreSQL) and `@ID@` becomes the back end's generated key column.
 * Schema versions and migrations live in store_schema.c.
 */
#include "store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Caps: SQL is a constant of the program (the largest is a migration's DDL), a URL is typed by
 * a person or read from the environment. */
#define SQL_MAX ((size_t)4 << 20)
#define URL_MAX 4096
#define PARAMS_MAX 32767 /* both SQLite's default SQLITE_MAX_VARIABLE_NUMBER and libpq's limit */

/* Prepared statements kept per connection for reuse: parsing and planning cost more than running
 * the short statements of a case read (about 20 of them), and PostgreSQL pays two round trips
 * (PREPARE, DEALLOCATE) for each. Kept statements are idle between uses (reset, no bindings). */
#define STMT_CACHE 128
#define STMT_CACHE_SQL_MAX 8192 /* longer SQL (DDL, generated IN lists) is not kept */

struct onc_db {
    const store_backend_t *be;
    void *conn;
    char *url_redacted;
    bool read_only;
    bool in_tx;
    bool tx_failed; /* a statement of the open transaction failed: only a rollback may follow */
    bool tx_appended; /* the open transaction appended to the audit log (its commit anchors the head) */
    onc_audit_read_sink read_sink; /* audit.h: "read" entries handed over instead of written */
    void *read_sink_ctx;
    struct onc_db_stmt *kept[STMT_CACHE];
    size_t n_kept;
    uint64_t uses; /* the clock of the least-recently-used eviction */
};

struct onc_db_stmt {
    onc_db_t *db;
    void *st;
    int n_params;
    uint64_t hash, last_use; /* kept statements: the SQL's hash, the last use */
    bool kept;
    bool busy;         /* handed out (between onc_db_prepare and onc_db_finalize) */
    char sql[];        /* the SQL as the caller gave it, when short enough to be kept */
};

/* Test builds only: a test that includes this file with ONC_STORE_TEST_HOOKS defined (it then
 * replaces the library's copy, as tests/unit/test_db_import_crash.c does) sets store_db_test_hook
 * and is called with the running count of the calls into the database below (begin, exec,
 * prepare, step, and commit before and after the COMMIT itself), so that it can stop the process
 * at the Nth one: a deterministic crash point. Compiled out of every other build. */
#ifdef ONC_STORE_TEST_HOOKS
static void (*store_db_test_hook)(long n);
static long store_db_test_calls;
#define TEST_POINT()                                                                               \
    do {                                                                                           \
        if (store_db_test_hook) store_db_test_hook(++store_db_test_calls);                         \
    } while (0)
#else
#define TEST_POINT() ((void)0)
#endif

/* A failed statement inside a transaction spoils the transaction on every back end, as
 * PostgreSQL does by itself: SQLite would let the other statements go on and commit, and after
 * some errors (disk full, I/O, out of memory) it has already rolled back, so that what follows
 * would run outside any transaction. Only onc_db_rollback clears it. */
static onc_rc note_failure(onc_db_t *db, onc_rc rc)
{
    if (rc != ONC_OK && db->in_tx) db->tx_failed = true;
    return rc;
}

/* PostgreSQL refuses by itself (SQLSTATE 25P02, ONC_EDB); SQLite is made to refuse the same. */
static onc_rc refuse_if_failed(const onc_db_t *db, onc_err_t *err)
{
    if (!db->tx_failed || db->be->kind != ONC_DB_SQLITE) return ONC_OK;
    return onc_err_set(err, ONC_EDB, "an earlier statement of this transaction failed: roll it back first");
}

void onc_db_opts_init(onc_db_opts_t *o)
{
    o->create = false;
    o->read_only = false;
    o->busy_timeout_ms = 5000;
}

const char *onc_db_url_choose(const char *url)
{
    if (url && *url) return url;
    const char *env = getenv("ONCOBOARD_DB");
    return env && *env ? env : ONC_DB_DEFAULT_URL;
}

/* ---- URLs ---- */

static bool has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* Appends n bytes of s to the buffer out (capacity cap, always NUL-terminated). */
static void put(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
    if (*len + n >= cap) n = *len < cap - 1 ? cap - 1 - *len : 0;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

/* The query string with the value of every password=... parameter masked. */
static void redact_query(const char *q, char *out, size_t cap, size_t *len)
{
    while (*q) {
        size_t n = strcspn(q, "&");
        const char *eq = memchr(q, '=', n);
        if (eq && (size_t)(eq - q) == 8 && strncasecmp(q, "password", 8) == 0) {
            put(out, cap, len, q, 9);
            put(out, cap, len, "***", 3);
        } else {
            put(out, cap, len, q, n);
        }
        q += n;
        if (*q == '&') put(out, cap, len, q++, 1);
    }
}

/* postgresql://user:secret@host/db?password=x -> postgresql://user:***@host/db?password=***.
 * The user information ends at the last '@' before the query string, so that a password with
 * an unencoded '/' or '@' is still masked whole. */
void store_url_redact(const char *url, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    const char *rest = strstr(url, "://");
    if (!rest) {
        put(out, cap, &len, url, strlen(url));
        return;
    }
    rest += 3;
    put(out, cap, &len, url, (size_t)(rest - url));
    const char *query = strchr(rest, '?');
    const char *end = query ? query : rest + strlen(rest);
    const char *at = NULL;
    for (const char *p = rest; p < end; p++)
        if (*p == '@') at = p;
    const char *colon = at ? memchr(rest, ':', (size_t)(at - rest)) : NULL;
    if (colon) {
        put(out, cap, &len, rest, (size_t)(colon - rest) + 1);
        put(out, cap, &len, "***", 3);
        put(out, cap, &len, at, (size_t)(end - at));
    } else {
        put(out, cap, &len, rest, (size_t)(end - rest));
    }
    if (query) {
        put(out, cap, &len, "?", 1);
        redact_query(query + 1, out, cap, &len);
    }
}

/* Picks the back end of url and the target it is given: the file path for SQLite, the whole
 * URL for PostgreSQL (libpq parses it). */
static onc_rc parse_url(const char *url, const store_backend_t **be, const char **target, onc_err_t *err)
{
    if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://")) {
        *be = &store_pg_backend;
        *target = url;
        return ONC_OK;
    }
    *be = &store_sqlite_backend;
    if (has_prefix(url, "sqlite:")) *target = url + 7;
    else if (strstr(url, "://") || has_prefix(url, "file:"))
        return onc_err_set(err, ONC_EINVAL, "unknown database URL scheme (use sqlite:PATH or postgresql://...)");
    else *target = url;
    if (!**target) return onc_err_set(err, ONC_EINVAL, "the SQLite URL has no file path (sqlite:PATH)");
    return ONC_OK;
}

onc_rc onc_db_open(const char *url, const onc_db_opts_t *opts, onc_db_t **out, onc_err_t *err)
{
    if (!out) return onc_err_set(err, ONC_EINVAL, "onc_db_open: no output pointer");
    *out = NULL;
    if (!url || !*url) return onc_err_set(err, ONC_EINVAL, "no database URL");
    if (strlen(url) >= URL_MAX) return onc_err_set(err, ONC_ELIMIT, "the database URL is longer than %d bytes", URL_MAX - 1);
    onc_db_opts_t defaults;
    onc_db_opts_init(&defaults);
    if (!opts) opts = &defaults;
    const store_backend_t *be;
    const char *target = NULL;
    onc_rc rc = parse_url(url, &be, &target, err);
    if (rc) return rc;
    onc_db_t *db = calloc(1, sizeof *db);
    char redacted[URL_MAX + 16];
    if (be->kind == ONC_DB_SQLITE) snprintf(redacted, sizeof redacted, "sqlite:%s", target);
    else store_url_redact(url, redacted, sizeof redacted);
    if (db) db->url_redacted = strdup(redacted);
    if (!db || !db->url_redacted) {
        free(db);
        return onc_err_set(err, ONC_ENOMEM, "out of memory opening %s", redacted);
    }
    db->be = be;
    db->read_only = opts->read_only;
    rc = be->open(target, opts, &db->conn, err);
    if (rc) {
        free(db->url_redacted);
        free(db);
        return rc;
    }
    *out = db;
    return ONC_OK;
}

static void stmt_free(onc_db_stmt_t *st)
{
    st->db->be->finalize(st->st);
    free(st);
}

void onc_db_close(onc_db_t *db)
{
    if (!db) return;
    if (db->in_tx) (void)onc_db_rollback(db, NULL);
    for (size_t i = 0; i < db->n_kept; i++) stmt_free(db->kept[i]);
    db->be->close(db->conn);
    free(db->url_redacted);
    free(db);
}

onc_db_kind onc_db_kind_of(const onc_db_t *db) { return db->be->kind; }
void *store_db_native(onc_db_t *db) { return db->conn; }
const char *onc_db_url_redacted(const onc_db_t *db) { return db->url_redacted; }

/* ---- SQL rewriting ---- */

typedef struct sql_rw {
    char *buf;
    size_t len, cap;
} sql_rw_t;

static bool rw_put(sql_rw_t *w, const char *s, size_t n)
{
    if (w->len + n + 1 > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (w->len + n + 1 > cap) cap *= 2;
        char *p = realloc(w->buf, cap);
        if (!p) return false;
        w->buf = p;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
    return true;
}

/* Length of the literal, quoted identifier or comment starting at p (0 when none starts there).
 * An unterminated one runs to the end: the back end reports the syntax error. */
static size_t skip_quoted(const char *p)
{
    if (*p == '\'' || *p == '"') {
        char q = *p;
        size_t i = 1;
        for (;;) {
            if (!p[i]) return i;
            if (p[i] == q) {
                if (p[i + 1] == q) i += 2; /* '' inside '...' is a quote */
                else return i + 1;
            } else i++;
        }
    }
    if (p[0] == '-' && p[1] == '-') return strcspn(p, "\n");
    if (p[0] == '/' && p[1] == '*') {
        const char *end = strstr(p + 2, "*/");
        return end ? (size_t)(end + 2 - p) : strlen(p);
    }
    return 0;
}

onc_rc store_sql_rewrite(const char *sql, bool dollar, const char *id_column, char **out, int *n_params, onc_err_t *err)
{
    *out = NULL;
    *n_params = 0;
    size_t total = strlen(sql);
    if (total > SQL_MAX) return onc_err_set(err, ONC_ELIMIT, "SQL text longer than %zu bytes", SQL_MAX);
    sql_rw_t w = {0};
    bool ok = rw_put(&w, "", 0);
    const char *p = sql;
    while (ok && *p) {
        size_t skip = skip_quoted(p);
        if (skip) {
            ok = rw_put(&w, p, skip);
            p += skip;
        } else if (*p == '?') {
            if (++*n_params > PARAMS_MAX) {
                free(w.buf);
                return onc_err_set(err, ONC_ELIMIT, "more than %d parameters in one statement", PARAMS_MAX);
            }
            char num[16];
            int n = snprintf(num, sizeof num, "$%d", *n_params);
            ok = dollar ? rw_put(&w, num, (size_t)n) : rw_put(&w, "?", 1);
            p++;
        } else if (id_column && has_prefix(p, "@ID@")) {
            ok = rw_put(&w, id_column, strlen(id_column));
            p += 4;
        } else {
            size_t n = strcspn(p, "'\"-/?@");
            if (n == 0) n = 1;
            ok = rw_put(&w, p, n);
            p += n;
        }
    }
    if (!ok) {
        free(w.buf);
        return onc_err_set(err, ONC_ENOMEM, "out of memory rewriting SQL");
    }
    *out = w.buf;
    return ONC_OK;
}

/* Whether sql holds a second statement: anything but blanks and comments after a ';' outside
 * literals. Checked here so that every back end refuses it the same way. */
static bool several_statements(const char *sql)
{
    bool after_semicolon = false;
    for (const char *p = sql; *p;) {
        size_t skip = skip_quoted(p);
        bool comment = skip && (*p == '-' || *p == '/');
        if (skip && !comment && after_semicolon) return true;
        if (skip) {
            p += skip;
            continue;
        }
        if (*p == ';') after_semicolon = true;
        else if (after_semicolon && !strchr(" \t\r\n", *p)) return true;
        p++;
    }
    return false;
}

/* ---- statements ---- */

onc_rc onc_db_exec(onc_db_t *db, const char *sql, onc_err_t *err)
{
    if (!db || !sql) return onc_err_set(err, ONC_EINVAL, "onc_db_exec: no database or SQL");
    TEST_POINT();
    char *text;
    int n;
    onc_rc rc = store_sql_rewrite(sql, false, db->be->id_column, &text, &n, err);
    if (rc) return rc;
    if (n > 0) rc = onc_err_set(err, ONC_EINVAL, "onc_db_exec takes no values: use onc_db_prepare for SQL with '?'");
    else if ((rc = refuse_if_failed(db, err)) == ONC_OK) rc = note_failure(db, db->be->exec(db->conn, text, err));
    free(text);
    return rc;
}

/* ---- the statement cache ---- */

static uint64_t sql_hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* An idle kept statement for sql, now handed out; NULL when there is none. */
static onc_db_stmt_t *cache_take(onc_db_t *db, const char *sql, uint64_t h)
{
    for (size_t i = 0; i < db->n_kept; i++) {
        onc_db_stmt_t *st = db->kept[i];
        if (!st->busy && st->hash == h && strcmp(st->sql, sql) == 0) {
            st->busy = true;
            st->last_use = ++db->uses;
            return st;
        }
    }
    return NULL;
}

/* Keeps a new statement (its SQL copied when it was allocated) when there is room, or in place
 * of the least recently used idle one; when every kept statement is in use it stays an ordinary
 * one. */
static void cache_keep(onc_db_t *db, onc_db_stmt_t *st, uint64_t h)
{
    size_t slot = db->n_kept;
    if (!st->sql[0]) return;
    if (slot == STMT_CACHE) {
        for (size_t i = 0; i < db->n_kept; i++)
            if (!db->kept[i]->busy && (slot == STMT_CACHE || db->kept[i]->last_use < db->kept[slot]->last_use)) slot = i;
        if (slot == STMT_CACHE) return;
    }
    st->kept = true;
    if (slot < db->n_kept) stmt_free(db->kept[slot]);
    else db->n_kept++;
    db->kept[slot] = st;
    st->hash = h;
    st->busy = true;
    st->last_use = ++db->uses;
}

/* A kept statement goes back idle: reset, its bindings cleared. */
static void cache_return(onc_db_stmt_t *st)
{
    st->db->be->recycle(st->st);
    st->busy = false;
}

onc_rc onc_db_prepare(onc_db_t *db, const char *sql, onc_db_stmt_t **out, onc_err_t *err)
{
    if (!out) return onc_err_set(err, ONC_EINVAL, "onc_db_prepare: no output pointer");
    *out = NULL;
    if (!db || !sql || !*sql) return onc_err_set(err, ONC_EINVAL, "onc_db_prepare: no database or SQL");
    TEST_POINT();
    onc_rc rc = refuse_if_failed(db, err);
    if (rc) return rc;
    uint64_t h = sql_hash(sql);
    if ((*out = cache_take(db, sql, h))) return ONC_OK;
    if (several_statements(sql)) return onc_err_set(err, ONC_EINVAL, "onc_db_prepare takes exactly one SQL statement");
    char *text;
    int n;
    rc = store_sql_rewrite(sql, db->be->dollar_params, NULL, &text, &n, err);
    if (rc) return rc;
    size_t len = strlen(sql), keep = len <= STMT_CACHE_SQL_MAX ? len + 1 : 1;
    onc_db_stmt_t *st = calloc(1, sizeof *st + keep);
    if (st && keep > 1) memcpy(st->sql, sql, keep);
    if (!st) rc = onc_err_set(err, ONC_ENOMEM, "out of memory preparing a statement");
    else rc = note_failure(db, db->be->prepare(db->conn, text, n, &st->st, err));
    free(text);
    if (rc) {
        free(st);
        return rc;
    }
    st->db = db;
    st->n_params = n;
    cache_keep(db, st, h);
    *out = st;
    return ONC_OK;
}

static onc_rc check_bind(const onc_db_stmt_t *st, int i, onc_err_t *err)
{
    if (!st) return onc_err_set(err, ONC_EINVAL, "bind: no statement");
    if (i < 1 || i > st->n_params)
        return onc_err_set(err, ONC_EINVAL, "bind: parameter %d out of range (the statement has %d)", i, st->n_params);
    return ONC_OK;
}

onc_rc onc_db_bind_null(onc_db_stmt_t *st, int i, onc_err_t *err)
{
    onc_rc rc = check_bind(st, i, err);
    return rc ? rc : st->db->be->bind_null(st->st, i, err);
}

onc_rc onc_db_bind_text(onc_db_stmt_t *st, int i, const char *s, onc_err_t *err)
{
    onc_rc rc = check_bind(st, i, err);
    if (rc) return rc;
    return s ? st->db->be->bind_text(st->st, i, s, err) : st->db->be->bind_null(st->st, i, err);
}

onc_rc onc_db_bind_int64(onc_db_stmt_t *st, int i, int64_t v, onc_err_t *err)
{
    onc_rc rc = check_bind(st, i, err);
    return rc ? rc : st->db->be->bind_int64(st->st, i, v, err);
}

onc_rc onc_db_bind_double(onc_db_stmt_t *st, int i, double v, onc_err_t *err)
{
    onc_rc rc = check_bind(st, i, err);
    if (rc) return rc;
    return isnan(v) ? st->db->be->bind_null(st->st, i, err) : st->db->be->bind_double(st->st, i, v, err);
}

onc_rc onc_db_bind_blob(onc_db_stmt_t *st, int i, const void *p, size_t n, onc_err_t *err)
{
    onc_rc rc = check_bind(st, i, err);
    if (rc) return rc;
    if (!p && n) return onc_err_set(err, ONC_EINVAL, "bind: blob of %zu bytes with no data", n);
    return p ? st->db->be->bind_blob(st->st, i, p, n, err) : st->db->be->bind_null(st->st, i, err);
}

onc_rc onc_db_step(onc_db_stmt_t *st, bool *row, onc_err_t *err)
{
    if (row) *row = false;
    if (!st || !row) return onc_err_set(err, ONC_EINVAL, "onc_db_step: no statement or row flag");
    TEST_POINT();
    onc_rc rc = refuse_if_failed(st->db, err);
    return rc ? rc : note_failure(st->db, st->db->be->step(st->st, row, err));
}

int onc_db_column_count(const onc_db_stmt_t *st) { return st->db->be->column_count(st->st); }

static bool col_ok(const onc_db_stmt_t *st, int col)
{
    return col >= 0 && col < st->db->be->column_count(st->st);
}

bool onc_db_column_is_null(const onc_db_stmt_t *st, int col)
{
    return !col_ok(st, col) || st->db->be->column_is_null(st->st, col);
}

const char *onc_db_column_text(const onc_db_stmt_t *st, int col)
{
    return col_ok(st, col) ? st->db->be->column_text(st->st, col) : NULL;
}

int64_t onc_db_column_int64(const onc_db_stmt_t *st, int col)
{
    return col_ok(st, col) ? st->db->be->column_int64(st->st, col) : 0;
}

double onc_db_column_double(const onc_db_stmt_t *st, int col)
{
    return col_ok(st, col) ? st->db->be->column_double(st->st, col) : NAN;
}

const void *onc_db_column_blob(const onc_db_stmt_t *st, int col, size_t *n)
{
    if (n) *n = 0;
    if (!col_ok(st, col)) return NULL;
    size_t len = 0;
    const void *p = st->db->be->column_blob(st->st, col, &len);
    if (n) *n = len;
    return p;
}

onc_rc onc_db_reset(onc_db_stmt_t *st, onc_err_t *err)
{
    if (!st) return onc_err_set(err, ONC_EINVAL, "onc_db_reset: no statement");
    return st->db->be->reset(st->st, err);
}

void onc_db_finalize(onc_db_stmt_t *st)
{
    if (st && st->kept) cache_return(st);
    else if (st) stmt_free(st);
}

/* ---- transactions ---- */

static onc_rc begin_with(onc_db_t *db, const char *sql, onc_err_t *err)
{
    if (!db) return onc_err_set(err, ONC_EINVAL, "onc_db_begin: no database");
    if (db->in_tx) return onc_err_set(err, ONC_EINVAL, "a transaction is already open (transactions do not nest)");
    TEST_POINT();
    onc_rc rc = db->be->exec(db->conn, sql, err);
    if (rc == ONC_OK) db->in_tx = true, db->tx_appended = false;
    return rc;
}

onc_rc onc_db_begin(onc_db_t *db, onc_err_t *err)
{
    /* SQLite: a writer takes the write lock at BEGIN (IMMEDIATE), so that two writers wait for
     * each other there (busy timeout) instead of one failing at its first write or its commit
     * with its work done. A read-only connection cannot take it. */
    bool immediate = db && db->be->kind == ONC_DB_SQLITE && !db->read_only;
    return begin_with(db, immediate ? "BEGIN IMMEDIATE" : "BEGIN", err);
}

onc_rc onc_db_begin_read(onc_db_t *db, onc_err_t *err)
{
    /* SQLite in WAL mode: a deferred transaction reads a snapshot without the write lock, so
     * readers never queue behind a writer's fsync. PostgreSQL refuses any write in it. */
    return begin_with(db, db && db->be->kind == ONC_DB_POSTGRESQL ? "BEGIN READ ONLY" : "BEGIN", err);
}

onc_rc onc_db_commit(onc_db_t *db, onc_err_t *err)
{
    if (!db) return onc_err_set(err, ONC_EINVAL, "onc_db_commit: no database");
    if (!db->in_tx) return onc_err_set(err, ONC_EINVAL, "commit without an open transaction");
    TEST_POINT();
    onc_rc rc = db->tx_failed ? onc_err_set(err, ONC_EDB, "an earlier statement of this transaction failed: it was rolled back, not committed")
                              : db->be->exec(db->conn, "COMMIT", err);
    if (rc) {
        /* A failed commit leaves nothing half-done: the transaction is rolled back whole (with
         * SQLite it may still be open after a busy COMMIT). */
        (void)db->be->exec(db->conn, "ROLLBACK", NULL);
    }
    db->in_tx = db->tx_failed = false;
    if (rc == ONC_OK) TEST_POINT(); /* committed, nothing after it yet (the audit checkpoint) */
    return rc;
}

onc_rc onc_db_rollback(onc_db_t *db, onc_err_t *err)
{
    if (!db || !db->in_tx) return ONC_OK;
    db->in_tx = db->tx_failed = false;
    return db->be->exec(db->conn, "ROLLBACK", err);
}

bool onc_db_in_transaction(const onc_db_t *db) { return db && db->in_tx; }

void onc_audit_set_read_sink(onc_db_t *db, onc_audit_read_sink sink, void *ctx)
{
    db->read_sink = sink;
    db->read_sink_ctx = sink ? ctx : NULL;
}

void store_db_mark_appended(onc_db_t *db) { db->tx_appended = true; }

bool store_db_appended(const onc_db_t *db) { return db->tx_appended; }

onc_audit_read_sink store_db_read_sink(const onc_db_t *db, void **ctx)
{
    *ctx = db->read_sink_ctx;
    return db->read_sink;
}
