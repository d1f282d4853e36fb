/* store_pg.c: the PostgreSQL back end of db.h, on libpq.
 *
 * store_db.c hands us SQL already in PostgreSQL's style (numbered $n placeholders, identity
 * columns expanded); this file only talks to libpq. The choices that matter:
 *   - a connection is opened from the URL as libpq parses it, then pinned to what the rest of
 *     the program assumes: UTF-8, standard-conforming strings, hex bytea output, the busy
 *     timeout as lock_timeout (a lock waited for too long is a conflict, as on SQLite), and
 *     read-only transactions when asked. No statement_timeout: an import's statements are
 *     short, and a migration's DDL may legitimately take long on a big registry.
 *   - every statement is prepared on the server under a name of its own (the unnamed one would
 *     be replaced by the next prepare, and callers keep several statements alive at once);
 *     values travel as text (blobs as binary) and results come back as text, all rows at once,
 *     so that statements can be interleaved on one connection as they can on SQLite.
 *   - errors are mapped from SQLSTATE: integrity (class 23), serialization failures, deadlocks
 *     and lock timeouts are ONC_ECONFLICT; a value the column's type refuses (class 22) is
 *     ONC_EINVAL; a lost or refused connection and everything else is ONC_EDB. Messages carry
 *     the server's primary message only (its DETAIL repeats the offending values), a fixed
 *     text for data exceptions (whose primary message quotes the value), and never the
 *     password of the URL.
 *   - libpq's notices (e.g. "relation already exists, skipping") go to the log funnel at debug
 *     level instead of stderr.
 */
#include "store_int.h"

#include <libpq-fe.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fault injection (tests/unit/test_db_import_faults.c builds this file with -DONC_STORE_FAULTS
 * beside store_sqlite.c, whose countdown fault_hit() it shares): a libpq call that is made to fail
 * returns NULL, as libpq does when it runs out of memory, and nothing is sent to the server. */
#ifdef ONC_STORE_FAULTS
#define PG_FAULT(call) (fault_hit() ? NULL : (call))
#else
#define PG_FAULT(call) (call)
#endif

#define PG_MIN_SERVER_VERSION 130000 /* db.h's dialect: PostgreSQL >= 13 */
#define PG_MAX_PARAMS 65535          /* the protocol's limit on bound values */
#define PG_MSG_MAX 400               /* a server message is cut here in our errors */

typedef struct pg_conn {
    PGconn *pg;
    unsigned long next_stmt; /* statement names: onc_1, onc_2 ... per connection */
} pg_conn_t;

typedef struct pg_stmt {
    pg_conn_t *conn;
    char name[32];
    int n_params;
    char **values;   /* owned copies, NULL for SQL NULL */
    int *lengths;    /* byte counts of binary values */
    int *formats;    /* 0 text, 1 binary (blobs) */
    PGresult *res;   /* the result of the last run, NULL before the first step */
    int row;         /* current row of res, -1 before the first */
    int n_fields;
    unsigned char **blobs; /* decoded bytea per column of the current row, lazily */
    size_t *blob_lens;
} pg_stmt_t;

/* ---- errors ---- */

static bool starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A data exception's primary message quotes the value ("invalid input syntax for type bigint:
 * \"...\""), so it is replaced by a fixed description of its SQLSTATE. */
static const char *data_exception_text(const char *state)
{
    static const struct { const char *state, *text; } known[] = {
        {"22P02", "a value is not valid for its column's type"},
        {"22003", "a number is out of range for its column's type"},
        {"22001", "a text is too long for its column"},
        {"22021", "a text is not valid in the database's encoding"},
        {"22007", "a date or time is not valid"},
        {"22008", "a date or time is out of range"},
        {"22012", "division by zero"},
        {"22004", "a NULL value is not allowed here"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(state, known[i].state) == 0) return known[i].text;
    return "a value was refused by the database";
}

static onc_rc code_for_state(const char *state)
{
    if (starts_with(state, "23") || strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
        strcmp(state, "55P03") == 0)
        return ONC_ECONFLICT;
    return ONC_EDB;
}

/* Copies at most PG_MSG_MAX bytes of msg's first line into out (libpq messages end in '\n'
 * and some add a second line that only repeats the first). */
static void first_line(char *out, size_t cap, const char *msg)
{
    size_t n = 0;
    while (msg && msg[n] && msg[n] != '\n' && n + 1 < cap && n < PG_MSG_MAX) n++;
    memcpy(out, msg ? msg : "", n);
    out[n] = '\0';
}

/* The error of a failed command: from the result when the server sent one, else from the
 * connection (libpq's own failures: connection lost, out of memory). what says what we did. */
static onc_rc pg_fail(const pg_conn_t *c, const PGresult *res, const char *what, onc_err_t *err)
{
    char msg[PG_MSG_MAX + 1];
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    /* A server shutting down (57P01-57P03) or a broken link (class 08) may report itself before
     * libpq has seen the connection close: the same "lost" either way. */
    if (PQstatus(c->pg) == CONNECTION_BAD || starts_with(state, "57P") || starts_with(state, "08"))
        return onc_err_set(err, ONC_EDB, "PostgreSQL: %s: the connection to the server was lost%s%s%s", what,
                           state ? " (SQLSTATE " : "", state ? state : "", state ? ")" : "");
    if (!state) {
        first_line(msg, sizeof msg, PQerrorMessage(c->pg));
        return onc_err_set(err, ONC_EDB, "PostgreSQL: %s: %s", what, msg[0] ? msg : "no result from the server");
    }
    if (starts_with(state, "22"))
        return onc_err_set(err, ONC_EINVAL, "PostgreSQL: %s: %s (SQLSTATE %s)", what, data_exception_text(state), state);
    first_line(msg, sizeof msg, PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
    return onc_err_set(err, code_for_state(state), "PostgreSQL: %s: %s (SQLSTATE %s)", what, msg, state);
}

/* ---- connections ---- */

/* Replaces every occurrence of secret in s (NUL-terminated, in place) with "***". */
static void scrub(char *s, size_t cap, const char *secret)
{
    size_t n = secret ? strlen(secret) : 0;
    if (n == 0) return;
    for (char *p = strstr(s, secret); p; p = strstr(p + 3, secret)) {
        size_t tail = strlen(p + n);
        if ((size_t)(p - s) + 3 + tail + 1 > cap) { *p = '\0'; return; }
        memmove(p + 3, p + n, tail + 1);
        memcpy(p, "***", 3);
    }
}

/* The password the URL carries (percent-decoded, as libpq reads it), or NULL. Caller frees. */
static char *url_password(const char *url)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &perr);
    PQfreemem(perr);
    if (!opts) return NULL;
    char *pw = NULL;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val && o->val[0]) pw = strdup(o->val);
    PQconninfoFree(opts);
    return pw;
}

/* The raw text between "://user:" and the last '@' before the query (the password as typed,
 * maybe percent-encoded; the same reading as store_url_redact's). */
static void scrub_raw_password(char *s, size_t cap, const char *url)
{
    const char *scheme = strstr(url, "://");
    if (!scheme) return;
    const char *auth = scheme + 3, *at = NULL;
    for (const char *p = auth; *p && *p != '?'; p++)
        if (*p == '@') at = p;
    if (!at) return;
    const char *colon = memchr(auth, ':', (size_t)(at - auth));
    if (!colon || colon + 1 == at) return;
    char raw[256];
    size_t n = (size_t)(at - colon - 1);
    if (n >= sizeof raw) n = sizeof raw - 1;
    memcpy(raw, colon + 1, n);
    raw[n] = '\0';
    scrub(s, cap, raw);
}

static onc_rc connect_failed(PGconn *pg, const char *url, onc_err_t *err)
{
    char msg[PG_MSG_MAX + 1];
    /* libpq's message names the host and user, which helps; a password it never prints, but
     * we make sure of it in both the decoded and the typed form. */
    first_line(msg, sizeof msg, pg ? PQerrorMessage(pg) : "out of memory");
    char *pw = url_password(url);
    scrub(msg, sizeof msg, pw);
    free(pw);
    scrub_raw_password(msg, sizeof msg, url);
    PQfinish(pg);
    return onc_err_set(err, ONC_EDB, "PostgreSQL: cannot connect: %s", msg);
}

static void notice_to_log(void *arg, const char *message)
{
    (void)arg;
    char msg[PG_MSG_MAX + 1];
    first_line(msg, sizeof msg, message);
    onc_log(ONC_LOG_DEBUG, "store_pg", "%s", msg);
}

/* The session settings the rest of the program assumes. */
static onc_rc configure_session(pg_conn_t *c, const onc_db_opts_t *opts, onc_err_t *err)
{
    if (PQserverVersion(c->pg) < PG_MIN_SERVER_VERSION)
        return onc_err_set(err, ONC_EDB, "PostgreSQL: the server is version %d; oncoboard needs 13 or newer",
                           PQserverVersion(c->pg) / 10000);
    char sql[256];
    int timeout = opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000;
    int n = snprintf(sql, sizeof sql,
                     "SET standard_conforming_strings = on; SET bytea_output = 'hex'; "
                     "SET lock_timeout = %d; SET default_transaction_read_only = %s",
                     timeout, opts && opts->read_only ? "on" : "off");
    if (n < 0 || (size_t)n >= sizeof sql) return onc_err_set(err, ONC_EINTERNAL, "PostgreSQL: settings too long");
    PGresult *res = PG_FAULT(PQexec(c->pg, sql));
    onc_rc rc = PQresultStatus(res) == PGRES_COMMAND_OK ? ONC_OK : pg_fail(c, res, "session settings", err);
    PQclear(res);
    if (rc == ONC_OK && strcmp(pg_encoding_to_char(PQclientEncoding(c->pg)), "UTF8") != 0)
        rc = onc_err_set(err, ONC_EDB, "PostgreSQL: the connection's encoding is not UTF8");
    return rc;
}

static onc_rc pg_open(const char *target, const onc_db_opts_t *opts, void **conn, onc_err_t *err)
{
    *conn = NULL;
    char *perr = NULL;
    PQconninfoOption *parsed = PQconninfoParse(target, &perr);
    PQfreemem(perr); /* its text may quote the URL, password included */
    if (!parsed)
        return onc_err_set(err, ONC_EINVAL, "PostgreSQL: not a valid connection URL "
                                            "(postgresql://[user[:password]@][host][:port][/dbname][?param=value&...])");
    PQconninfoFree(parsed);
    /* Keywords apply in order: the defaults before the URL let it override them, the encoding
     * after it is imposed. */
    const char *keys[] = {"connect_timeout", "fallback_application_name", "dbname", "client_encoding", NULL};
    const char *vals[] = {"10", "oncoboard", target, "UTF8", NULL};
    PGconn *pg = PG_FAULT(PQconnectdbParams(keys, vals, 1));
    if (!pg || PQstatus(pg) != CONNECTION_OK) return connect_failed(pg, target, err);
    PQsetNoticeProcessor(pg, notice_to_log, NULL);
    pg_conn_t *c = calloc(1, sizeof *c);
    if (!c) {
        PQfinish(pg);
        return onc_err_set(err, ONC_ENOMEM, "PostgreSQL: out of memory");
    }
    c->pg = pg;
    onc_rc rc = configure_session(c, opts, err);
    if (rc != ONC_OK) {
        PQfinish(pg);
        free(c);
        return rc;
    }
    *conn = c;
    return ONC_OK;
}

static void pg_close(void *conn)
{
    pg_conn_t *c = conn;
    if (!c) return;
    PQfinish(c->pg); /* the server rolls back an open transaction */
    free(c);
}

static bool result_ok(const PGresult *res)
{
    ExecStatusType s = PQresultStatus(res);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
}

static onc_rc pg_exec(void *conn, const char *sql, onc_err_t *err)
{
    pg_conn_t *c = conn;
    PGresult *res = PG_FAULT(PQexec(c->pg, sql));
    onc_rc rc = result_ok(res) ? ONC_OK : pg_fail(c, res, "statement failed", err);
    PQclear(res);
    return rc;
}

/* ---- statements ---- */

static void clear_row_cache(pg_stmt_t *s)
{
    for (int i = 0; s->blobs && i < s->n_fields; i++) {
        PQfreemem(s->blobs[i]);
        s->blobs[i] = NULL;
    }
}

static void clear_result(pg_stmt_t *s)
{
    clear_row_cache(s);
    free(s->blobs);
    free(s->blob_lens);
    s->blobs = NULL;
    s->blob_lens = NULL;
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->n_fields = 0;
}

static void clear_bindings(pg_stmt_t *s)
{
    for (int i = 0; i < s->n_params; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
        s->lengths[i] = 0;
        s->formats[i] = 0;
    }
}

/* Frees what the client holds (not the server's prepared statement); accepts NULL. */
static void free_stmt(pg_stmt_t *s)
{
    if (!s) return;
    clear_result(s);
    if (s->values) clear_bindings(s);
    free(s->values);
    free(s->lengths);
    free(s->formats);
    free(s);
}

static void pg_finalize(void *stmt)
{
    pg_stmt_t *s = stmt;
    if (!s) return;
    /* Deallocating fails in an aborted transaction or on a lost connection; the statement
     * then lives until the session ends, which is harmless: names are never reused. */
    if (PQstatus(s->conn->pg) == CONNECTION_OK) {
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(s->conn->pg, sql));
    }
    free_stmt(s);
}

static onc_rc pg_prepare(void *conn, const char *sql, int n_params, void **stmt, onc_err_t *err)
{
    pg_conn_t *c = conn;
    *stmt = NULL;
    if (n_params < 0 || n_params > PG_MAX_PARAMS)
        return onc_err_set(err, ONC_ELIMIT, "a statement with %d parameters (PostgreSQL takes at most %d)", n_params, PG_MAX_PARAMS);
    pg_stmt_t *s = calloc(1, sizeof *s);
    size_t n = n_params > 0 ? (size_t)n_params : 1;
    if (s) {
        s->values = calloc(n, sizeof *s->values);
        s->lengths = calloc(n, sizeof *s->lengths);
        s->formats = calloc(n, sizeof *s->formats);
    }
    if (!s || !s->values || !s->lengths || !s->formats) {
        free_stmt(s);
        return onc_err_set(err, ONC_ENOMEM, "PostgreSQL: out of memory");
    }
    s->conn = c;
    s->n_params = n_params;
    s->row = -1;
    snprintf(s->name, sizeof s->name, "onc_%lu", ++c->next_stmt);
    PGresult *res = PG_FAULT(PQprepare(c->pg, s->name, sql, n_params, NULL));
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        onc_rc rc = pg_fail(c, res, "cannot prepare a statement", err);
        PQclear(res);
        free_stmt(s);
        return rc;
    }
    PQclear(res);
    *stmt = s;
    return ONC_OK;
}

/* Stores value (a copy of n bytes, NUL-terminated for text) as parameter i. */
static onc_rc bind_bytes(pg_stmt_t *s, int i, const void *value, size_t n, int format, onc_err_t *err)
{
    if (i < 1 || i > s->n_params)
        return onc_err_set(err, ONC_EINVAL, "PostgreSQL: parameter %d out of range (1..%d)", i, s->n_params);
    if (n > INT_MAX - 1) return onc_err_set(err, ONC_ELIMIT, "PostgreSQL: parameter %d is over 2 GB", i);
    char *copy = NULL;
    if (value) {
        copy = malloc(n + 1);
        if (!copy) return onc_err_set(err, ONC_ENOMEM, "PostgreSQL: out of memory");
        if (n) memcpy(copy, value, n);
        copy[n] = '\0';
    }
    free(s->values[i - 1]);
    s->values[i - 1] = copy;
    s->lengths[i - 1] = (int)n;
    s->formats[i - 1] = format;
    return ONC_OK;
}

static onc_rc pg_bind_text(void *stmt, int i, const char *v, onc_err_t *err)
{
    return bind_bytes(stmt, i, v, v ? strlen(v) : 0, 0, err);
}

static onc_rc pg_bind_int64(void *stmt, int i, int64_t v, onc_err_t *err)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%" PRId64, v);
    return bind_bytes(stmt, i, buf, (size_t)n, 0, err);
}

static onc_rc pg_bind_double(void *stmt, int i, double v, onc_err_t *err)
{
    if (isnan(v)) return bind_bytes(stmt, i, NULL, 0, 0, err); /* db.h: NaN is NULL */
    char buf[40];
    int n;
    if (isinf(v)) n = snprintf(buf, sizeof buf, "%s", v > 0 ? "Infinity" : "-Infinity");
    else n = snprintf(buf, sizeof buf, "%.17g", v); /* 17 digits: the same double back */
    return bind_bytes(stmt, i, buf, (size_t)n, 0, err);
}

static onc_rc pg_bind_null(void *stmt, int i, onc_err_t *err)
{
    return bind_bytes(stmt, i, NULL, 0, 0, err);
}

static onc_rc pg_bind_blob(void *stmt, int i, const void *p, size_t n, onc_err_t *err)
{
    static const char empty = 0;
    return bind_bytes(stmt, i, p ? p : &empty, p ? n : 0, 1, err);
}

static onc_rc run(pg_stmt_t *s, onc_err_t *err)
{
    clear_result(s);
    PGresult *res = PG_FAULT(PQexecPrepared(s->conn->pg, s->name, s->n_params, (const char *const *)s->values,
                                            s->lengths, s->formats, 0));
    if (!result_ok(res)) {
        onc_rc rc = pg_fail(s->conn, res, "statement failed", err);
        PQclear(res);
        return rc;
    }
    s->res = res;
    s->n_fields = PQnfields(res);
    if (s->n_fields > 0) {
        s->blobs = calloc((size_t)s->n_fields, sizeof *s->blobs);
        s->blob_lens = calloc((size_t)s->n_fields, sizeof *s->blob_lens);
        if (!s->blobs || !s->blob_lens) {
            clear_result(s);
            return onc_err_set(err, ONC_ENOMEM, "PostgreSQL: out of memory");
        }
    }
    return ONC_OK;
}

static onc_rc pg_step(void *stmt, bool *row, onc_err_t *err)
{
    pg_stmt_t *s = stmt;
    *row = false;
    if (!s->res) {
        onc_rc rc = run(s, err);
        if (rc != ONC_OK) return rc;
    } else {
        clear_row_cache(s);
    }
    if (s->row < PQntuples(s->res)) s->row++;
    *row = s->row < PQntuples(s->res);
    return ONC_OK;
}

static bool has_cell(const pg_stmt_t *s, int col)
{
    return s->res && s->row >= 0 && s->row < PQntuples(s->res) && col >= 0 && col < s->n_fields;
}

/* The columns of the current row, 0 when there is none (before the first step, after the last):
 * what SQLite's sqlite3_data_count gives the other back end. */
static int pg_column_count(const void *stmt)
{
    const pg_stmt_t *s = stmt;
    return has_cell(s, 0) ? s->n_fields : 0;
}

static bool pg_column_is_null(const void *stmt, int col)
{
    const pg_stmt_t *s = stmt;
    return !has_cell(s, col) || PQgetisnull(s->res, s->row, col);
}

static const char *pg_column_text(const void *stmt, int col)
{
    const pg_stmt_t *s = stmt;
    return pg_column_is_null(s, col) ? NULL : PQgetvalue(s->res, s->row, col);
}

/* Integers come back as their decimal text; a double column read as an integer truncates, and
 * a boolean expression reads 1 or 0, as SQLite would give. Anything else is 0. */
static int64_t pg_column_int64(const void *stmt, int col)
{
    const char *t = pg_column_text(stmt, col);
    if (!t) return 0;
    if (t[0] == 't' && t[1] == '\0') return 1;
    if (t[0] == 'f' && t[1] == '\0') return 0;
    char *end;
    errno = 0;
    long long v = strtoll(t, &end, 10);
    if (end != t && *end == '\0' && errno == 0) return (int64_t)v;
    errno = 0;
    double d = strtod(t, &end);
    if (end == t || *end != '\0' || isnan(d)) return 0;
    if (d >= 9223372036854775807.0) return INT64_MAX;
    if (d <= -9223372036854775808.0) return INT64_MIN;
    return (int64_t)d;
}

static double pg_column_double(const void *stmt, int col)
{
    const char *t = pg_column_text(stmt, col);
    if (!t) return NAN;
    char *end;
    double d = strtod(t, &end); /* also reads PostgreSQL's "NaN", "Infinity", "-Infinity" */
    return end != t && *end == '\0' ? d : NAN;
}

static const void *pg_column_blob(const void *stmt, int col, size_t *n)
{
    pg_stmt_t *s = (pg_stmt_t *)stmt; /* the decoded copy is cached for the current row */
    *n = 0;
    if (pg_column_is_null(s, col)) return NULL;
    if (!s->blobs[col]) {
        size_t len = 0;
        s->blobs[col] = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, col), &len);
        if (!s->blobs[col]) return NULL;
        s->blob_lens[col] = len;
    }
    *n = s->blob_lens[col];
    return s->blobs[col];
}

static onc_rc pg_reset(void *stmt, onc_err_t *err)
{
    (void)err;
    pg_stmt_t *s = stmt;
    clear_result(s);
    clear_bindings(s);
    return ONC_OK;
}

static void pg_recycle(void *stmt) { (void)pg_reset(stmt, NULL); }

const store_backend_t store_pg_backend = {
    .name = "postgresql",
    .kind = ONC_DB_POSTGRESQL,
    .id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    .dollar_params = true,
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_null = pg_bind_null,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_is_null = pg_column_is_null,
    .column_text = pg_column_text,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_blob = pg_column_blob,
    .reset = pg_reset,
    .recycle = pg_recycle,
    .finalize = pg_finalize,
};
