/* test_db_pg.c: what is specific to the PostgreSQL back end (store_pg.c), tested through db.h
 * against a live server: SQLSTATE to onc_rc mapping, messages without values or
 * passwords, exact round trips of the types db.h promises, a connection that dies between
 * statements. The shared suite (test_db.c) covers the behaviour common to both back ends.
 *
 * $ONCOBOARD_TEST_PG is the URL of a database these tests may create tables in (tests/run.sh
 * starts a throwaway cluster, tests/pg/cluster.sh); without it every test skips. The crash test
 * also needs $ONCOBOARD_TEST_PG_DIR, the folder of a cluster it may shut down and restart.
 */
#include "check.h"
#include "oncoboard/db.h"

#include <libpq-fe.h>

#include <float.h>
#include <inttypes.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static onc_db_t *connect_test(void)
{
    const char *url = getenv("ONCOBOARD_TEST_PG");
    if (!url || !*url) return NULL;
    onc_db_opts_t opts = {.busy_timeout_ms = 5000};
    onc_err_t e = {0};
    onc_db_t *c = NULL;
    if (onc_db_open(url, &opts, &c, &e) != ONC_OK) {
        fprintf(stderr, "cannot open $ONCOBOARD_TEST_PG: %s\n", e.msg);
        return NULL;
    }
    return c;
}
#define CONNECT(c)                                                                                 \
    onc_db_t *c = connect_test();                                                                      \
    if (!c) {                                                                                      \
        CHECK(!getenv("ONCOBOARD_TEST_PG") || !*getenv("ONCOBOARD_TEST_PG"));                      \
        SKIP("ONCOBOARD_TEST_PG is not set (no PostgreSQL server)");                               \
    }

static bool exec_ok(onc_db_t *c, const char *sql)
{
    onc_err_t e = {0};
    onc_rc rc = onc_db_exec(c, sql, &e);
    if (rc != ONC_OK) fprintf(stderr, "exec failed: %s\n", e.msg);
    return rc == ONC_OK;
}

static onc_db_stmt_t *prepare(onc_db_t *c, const char *sql)
{
    onc_err_t e = {0};
    onc_db_stmt_t *st = NULL;
    if (onc_db_prepare(c, sql, &st, &e) != ONC_OK) fprintf(stderr, "prepare failed: %s\n", e.msg);
    return st;
}

/* Runs a statement with no result rows. */
static onc_rc step_done(onc_db_stmt_t *st, onc_err_t *e)
{
    bool row = true;
    onc_rc rc = onc_db_step(st, &row, e);
    if (rc == ONC_OK && row) return ONC_EINTERNAL;
    return rc;
}

static void unique_violation_is_a_conflict_without_values(void)
{
    CONNECT(c);
    CHECK(exec_ok(c, "DROP TABLE IF EXISTS pgt_uniq; CREATE TABLE pgt_uniq (id BIGINT PRIMARY KEY, "
                     "name TEXT NOT NULL UNIQUE, parent BIGINT REFERENCES pgt_uniq(id))"));
    onc_db_stmt_t *ins = prepare(c, "INSERT INTO pgt_uniq (id, name, parent) VALUES (?, ?, ?)");
    CHECK(ins != NULL);
    if (!ins) goto out;
    onc_err_t e = {0};
    CHECK_INT(onc_db_bind_int64(ins, 1, 1, &e), ONC_OK);
    CHECK_INT(onc_db_bind_text(ins, 2, "IPP-SECRET-4711", &e), ONC_OK);
    CHECK_INT(step_done(ins, &e), ONC_OK);
    CHECK_INT(onc_db_reset(ins, &e), ONC_OK);
    /* The same name again: 23505, whose DETAIL would quote the value. */
    CHECK_INT(onc_db_bind_int64(ins, 1, 2, &e), ONC_OK);
    CHECK_INT(onc_db_bind_text(ins, 2, "IPP-SECRET-4711", &e), ONC_OK);
    CHECK_INT(step_done(ins, &e), ONC_ECONFLICT);
    CHECK_INT(e.code, ONC_ECONFLICT);
    CHECK(strstr(e.msg, "IPP-SECRET-4711") == NULL);
    CHECK(strstr(e.msg, "pgt_uniq_name_key") != NULL); /* names the constraint */
    CHECK(strstr(e.msg, "23505") != NULL);
    /* A missing parent (23503) and a NULL name (23502) are conflicts too. */
    CHECK_INT(onc_db_reset(ins, &e), ONC_OK);
    CHECK_INT(onc_db_bind_int64(ins, 1, 3, &e), ONC_OK);
    CHECK_INT(onc_db_bind_text(ins, 2, "other", &e), ONC_OK);
    CHECK_INT(onc_db_bind_int64(ins, 3, 987654321, &e), ONC_OK);
    CHECK_INT(step_done(ins, &e), ONC_ECONFLICT);
    CHECK(strstr(e.msg, "987654321") == NULL);
    CHECK_INT(onc_db_reset(ins, &e), ONC_OK); /* bindings cleared: the name is NULL now */
    CHECK_INT(onc_db_bind_int64(ins, 1, 4, &e), ONC_OK);
    CHECK_INT(step_done(ins, &e), ONC_ECONFLICT);
    CHECK(strstr(e.msg, "23502") != NULL);
    onc_db_finalize(ins);
out:
    onc_db_close(c);
}

static void refused_value_is_einval_without_the_value(void)
{
    CONNECT(c);
    CHECK(exec_ok(c, "DROP TABLE IF EXISTS pgt_num; CREATE TABLE pgt_num (n BIGINT, s VARCHAR(4))"));
    onc_db_stmt_t *ins = prepare(c, "INSERT INTO pgt_num (n, s) VALUES (?, ?)");
    CHECK(ins != NULL);
    if (!ins) goto out;
    onc_err_t e = {0};
    CHECK_INT(onc_db_bind_text(ins, 1, "NOT-A-NUMBER-SECRET", &e), ONC_OK);
    CHECK_INT(step_done(ins, &e), ONC_EINVAL);
    CHECK(strstr(e.msg, "NOT-A-NUMBER-SECRET") == NULL);
    CHECK(strstr(e.msg, "22P02") != NULL);
    CHECK_INT(onc_db_reset(ins, &e), ONC_OK);
    CHECK_INT(onc_db_bind_text(ins, 2, "TOO-LONG-SECRET", &e), ONC_OK);
    CHECK_INT(step_done(ins, &e), ONC_EINVAL);
    CHECK(strstr(e.msg, "TOO-LONG-SECRET") == NULL);
    onc_db_finalize(ins);
out:
    onc_db_close(c);
}

/* A copy of the test URL's parameters with some replaced, as a key=value list for libpq. */
static void test_param(const char *key, char *out, size_t cap)
{
    out[0] = '\0';
    PQconninfoOption *o = PQconninfoParse(getenv("ONCOBOARD_TEST_PG"), NULL);
    for (PQconninfoOption *p = o; p && p->keyword; p++)
        if (strcmp(p->keyword, key) == 0 && p->val) snprintf(out, cap, "%s", p->val);
    PQconninfoFree(o);
}

static void connection_failures_never_show_the_password(void)
{
    onc_db_opts_t opts = {.busy_timeout_ms = 1000};
    onc_err_t e = {0};
    onc_db_t *c = NULL;
    /* No server behind that socket folder. */
    CHECK_INT(onc_db_open("postgresql://alice:S3cr%21tPw@/registry?host=/nonexistent-onc-dir", &opts, &c, &e), ONC_EDB);
    CHECK(c == NULL);
    CHECK(strstr(e.msg, "cannot connect") != NULL);
    CHECK(strstr(e.msg, "S3cr") == NULL);
    /* Not a URL libpq accepts: its parser's message would quote it, ours does not. */
    CHECK_INT(onc_db_open("postgresql://alice:S3cr!tPw@host:notaport:x/db?nonsense", &opts, &c, &e), ONC_EINVAL);
    CHECK(strstr(e.msg, "S3cr") == NULL);
    if (!getenv("ONCOBOARD_TEST_PG") || !*getenv("ONCOBOARD_TEST_PG")) SKIP("ONCOBOARD_TEST_PG is not set");
    /* A live server whose message quotes the database name, chosen equal to the password: the
     * message shows *** in its place. (The test cluster trusts its socket, so a wrong password
     * alone would be accepted.) */
    char host[512], port[32], user[128], url[1024];
    test_param("host", host, sizeof host);
    test_param("port", port, sizeof port);
    test_param("user", user, sizeof user);
    snprintf(url, sizeof url, "postgresql://%s:Pw_no_such_db_42@/Pw_no_such_db_42?host=%s&port=%s", user, host,
             port[0] ? port : "5432");
    CHECK_INT(onc_db_open(url, &opts, &c, &e), ONC_EDB);
    CHECK(strstr(e.msg, "Pw_no_such_db_42") == NULL);
    CHECK(strstr(e.msg, "***") != NULL);
}

static void select_one_row(onc_db_stmt_t *st, bool *row)
{
    onc_err_t e = {0};
    CHECK_INT(onc_db_step(st, row, &e), ONC_OK);
}

/* current_setting(name) on c, into out ("" when it cannot be read). */
static void setting(onc_db_t *c, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    onc_db_stmt_t *q = prepare(c, "SELECT current_setting(?)");
    onc_err_t e = {0};
    bool row = false;
    if (q && onc_db_bind_text(q, 1, name, &e) == ONC_OK && onc_db_step(q, &row, &e) == ONC_OK && row)
        snprintf(out, cap, "%s", onc_db_column_text(q, 0));
    onc_db_finalize(q);
}

/* What store_pg.c pins on every connection, and what a URL may still choose. */
static void session_settings(void)
{
    CONNECT(c);
    char v[128];
    setting(c, "client_encoding", v, sizeof v);
    CHECK_STR(v, "UTF8");
    setting(c, "standard_conforming_strings", v, sizeof v);
    CHECK_STR(v, "on");
    setting(c, "bytea_output", v, sizeof v);
    CHECK_STR(v, "hex");
    setting(c, "lock_timeout", v, sizeof v);
    CHECK_STR(v, "5s"); /* connect_test's busy_timeout_ms */
    setting(c, "application_name", v, sizeof v);
    CHECK_STR(v, "oncoboard");
    setting(c, "default_transaction_read_only", v, sizeof v);
    CHECK_STR(v, "off");
    onc_db_close(c);
    char url[4200];
    snprintf(url, sizeof url, "%s%sapplication_name=onc_custom&client_encoding=LATIN1", getenv("ONCOBOARD_TEST_PG"),
             strchr(getenv("ONCOBOARD_TEST_PG"), '?') ? "&" : "?");
    onc_err_t e = {0};
    onc_db_t *custom = NULL;
    CHECK_INT(onc_db_open(url, NULL, &custom, &e), ONC_OK);
    if (!custom) return;
    setting(custom, "application_name", v, sizeof v);
    CHECK_STR(v, "onc_custom"); /* the URL's name wins */
    setting(custom, "client_encoding", v, sizeof v);
    CHECK_STR(v, "UTF8"); /* the encoding does not */
    onc_db_close(custom);
}

static void bytea_round_trip(void)
{
    CONNECT(c);
    CHECK(exec_ok(c, "DROP TABLE IF EXISTS pgt_blob; CREATE TABLE pgt_blob (k INTEGER, b BYTEA)"));
    unsigned char all[256];
    for (int i = 0; i < 256; i++) all[i] = (unsigned char)(255 - i); /* includes NUL and '\\' */
    onc_db_stmt_t *ins = prepare(c, "INSERT INTO pgt_blob (k, b) VALUES (?, ?)");
    onc_db_stmt_t *sel = prepare(c, "SELECT b FROM pgt_blob WHERE k = ?");
    CHECK(ins && sel);
    if (!ins || !sel) goto out;
    onc_err_t e = {0};
    const struct { int k; const void *p; size_t n; } cases[] = {{1, all, 256}, {2, "", 0}, {3, NULL, 0}};
    for (int i = 0; i < 3; i++) {
        CHECK_INT(onc_db_reset(ins, &e), ONC_OK);
        CHECK_INT(onc_db_bind_int64(ins, 1, cases[i].k, &e), ONC_OK);
        if (cases[i].p) CHECK_INT(onc_db_bind_blob(ins, 2, cases[i].p, cases[i].n, &e), ONC_OK);
        else CHECK_INT(onc_db_bind_null(ins, 2, &e), ONC_OK);
        CHECK_INT(step_done(ins, &e), ONC_OK);
    }
    for (int i = 0; i < 3; i++) {
        bool row = false;
        CHECK_INT(onc_db_reset(sel, &e), ONC_OK);
        CHECK_INT(onc_db_bind_int64(sel, 1, cases[i].k, &e), ONC_OK);
        select_one_row(sel, &row);
        CHECK(row);
        size_t n = 99;
        const void *p = onc_db_column_blob(sel, 0, &n);
        CHECK_INT(n, cases[i].n);
        CHECK((p == NULL) == (cases[i].p == NULL)); /* an empty blob is not NULL */
        if (p && cases[i].n) CHECK(memcmp(p, cases[i].p, cases[i].n) == 0);
        CHECK(onc_db_column_is_null(sel, 0) == (cases[i].p == NULL));
    }
out:
    onc_db_finalize(ins);
    onc_db_finalize(sel);
    onc_db_close(c);
}

static void numbers_round_trip_exactly(void)
{
    CONNECT(c);
    CHECK(exec_ok(c, "DROP TABLE IF EXISTS pgt_nums; "
                     "CREATE TABLE pgt_nums (k INTEGER, i BIGINT, d DOUBLE PRECISION)"));
    const int64_t ints[] = {INT64_MIN, INT64_MAX, 0, -1, 9007199254740993LL};
    const double dbls[] = {0.1, -DBL_MAX, DBL_MIN, 4.9406564584124654e-324, 1.0 / 3.0};
    onc_db_stmt_t *ins = prepare(c, "INSERT INTO pgt_nums (k, i, d) VALUES (?, ?, ?)");
    onc_db_stmt_t *sel = prepare(c, "SELECT i, d FROM pgt_nums WHERE k = ?");
    CHECK(ins && sel);
    if (!ins || !sel) goto out;
    onc_err_t e = {0};
    for (int k = 0; k < 5; k++) {
        CHECK_INT(onc_db_reset(ins, &e), ONC_OK);
        CHECK_INT(onc_db_bind_int64(ins, 1, k, &e), ONC_OK);
        CHECK_INT(onc_db_bind_int64(ins, 2, ints[k], &e), ONC_OK);
        CHECK_INT(onc_db_bind_double(ins, 3, dbls[k], &e), ONC_OK);
        CHECK_INT(step_done(ins, &e), ONC_OK);
    }
    for (int k = 0; k < 5; k++) {
        bool row = false;
        CHECK_INT(onc_db_reset(sel, &e), ONC_OK);
        CHECK_INT(onc_db_bind_int64(sel, 1, k, &e), ONC_OK);
        select_one_row(sel, &row);
        CHECK(row);
        CHECK(onc_db_column_int64(sel, 0) == ints[k]);
        CHECK(onc_db_column_double(sel, 1) == dbls[k]); /* %.17g: the same double back */
    }
    /* NaN binds NULL and reads back NaN; infinities survive; NULL integers read 0. */
    CHECK_INT(onc_db_reset(ins, &e), ONC_OK);
    CHECK_INT(onc_db_bind_int64(ins, 1, 10, &e), ONC_OK);
    CHECK_INT(onc_db_bind_double(ins, 3, NAN, &e), ONC_OK);
    CHECK_INT(step_done(ins, &e), ONC_OK);
    CHECK_INT(onc_db_reset(ins, &e), ONC_OK);
    CHECK_INT(onc_db_bind_int64(ins, 1, 11, &e), ONC_OK);
    CHECK_INT(onc_db_bind_double(ins, 3, -INFINITY, &e), ONC_OK);
    CHECK_INT(step_done(ins, &e), ONC_OK);
    bool row = false;
    CHECK_INT(onc_db_reset(sel, &e), ONC_OK);
    CHECK_INT(onc_db_bind_int64(sel, 1, 10, &e), ONC_OK);
    select_one_row(sel, &row);
    CHECK(row && onc_db_column_is_null(sel, 0) && onc_db_column_is_null(sel, 1));
    CHECK(isnan(onc_db_column_double(sel, 1)));
    CHECK_INT(onc_db_column_int64(sel, 0), 0);
    CHECK(onc_db_column_text(sel, 0) == NULL);
    CHECK_INT(onc_db_reset(sel, &e), ONC_OK);
    CHECK_INT(onc_db_bind_int64(sel, 1, 11, &e), ONC_OK);
    select_one_row(sel, &row);
    CHECK(row && onc_db_column_double(sel, 1) == -INFINITY);
out:
    onc_db_finalize(ins);
    onc_db_finalize(sel);
    onc_db_close(c);
}

static void large_and_hostile_text_round_trips(void)
{
    CONNECT(c);
    CHECK(exec_ok(c, "DROP TABLE IF EXISTS pgt_text; CREATE TABLE pgt_text (k INTEGER, t TEXT)"));
    size_t big_n = 8u << 20; /* 8 MB of multi-byte UTF-8 */
    char *big = malloc(big_n + 1);
    CHECK(big != NULL);
    if (!big) goto out;
    for (size_t i = 0; i + 2 <= big_n; i += 2) memcpy(big + i, "\xc3\xa9", 2); /* é */
    big[big_n] = '\0';
    const char *texts[] = {big, "'; DROP TABLE pgt_text; -- \\ \" $1 ? @ID@ %s", ""};
    onc_db_stmt_t *ins = prepare(c, "INSERT INTO pgt_text (k, t) VALUES (?, ?)");
    onc_db_stmt_t *sel = prepare(c, "SELECT t, length(t) FROM pgt_text WHERE k = ?");
    CHECK(ins && sel);
    onc_err_t e = {0};
    for (int k = 0; ins && sel && k < 3; k++) {
        CHECK_INT(onc_db_reset(ins, &e), ONC_OK);
        CHECK_INT(onc_db_bind_int64(ins, 1, k, &e), ONC_OK);
        CHECK_INT(onc_db_bind_text(ins, 2, texts[k], &e), ONC_OK);
        CHECK_INT(step_done(ins, &e), ONC_OK);
        bool row = false;
        CHECK_INT(onc_db_reset(sel, &e), ONC_OK);
        CHECK_INT(onc_db_bind_int64(sel, 1, k, &e), ONC_OK);
        select_one_row(sel, &row);
        CHECK(row);
        CHECK(onc_db_column_text(sel, 0) && strcmp(onc_db_column_text(sel, 0), texts[k]) == 0);
        if (k == 0) CHECK_INT(onc_db_column_int64(sel, 1), big_n / 2); /* characters, not bytes */
    }
    onc_db_finalize(ins);
    onc_db_finalize(sel);
    free(big);
out:
    onc_db_close(c);
}

static void many_rows_and_interleaved_statements(void)
{
    CONNECT(c);
    CHECK(exec_ok(c, "DROP TABLE IF EXISTS pgt_many; CREATE TABLE pgt_many (k BIGINT PRIMARY KEY, v TEXT)"));
    onc_db_stmt_t *ins = prepare(c, "INSERT INTO pgt_many (k, v) VALUES (?, ?) RETURNING k * 2");
    CHECK(ins != NULL);
    if (!ins) goto out;
    onc_err_t e = {0};
    enum { N = 5000 };
    onc_err_t te = {0};
    CHECK_INT(onc_db_begin(c, &te), ONC_OK);
    for (int k = 1; k <= N; k++) {
        char v[32];
        snprintf(v, sizeof v, "v%d", k);
        bool row = false;
        CHECK_INT(onc_db_reset(ins, &e), ONC_OK);
        CHECK_INT(onc_db_bind_int64(ins, 1, k, &e), ONC_OK);
        CHECK_INT(onc_db_bind_text(ins, 2, v, &e), ONC_OK);
        CHECK_INT(onc_db_step(ins, &row, &e), ONC_OK);
        if (!row || onc_db_column_int64(ins, 0) != 2 * k) { CHECK(row && onc_db_column_int64(ins, 0) == 2 * k); break; }
    }
    CHECK_INT(onc_db_commit(c, &te), ONC_OK);
    onc_db_finalize(ins);
    /* Walk all rows with one statement while another looks each one up. */
    onc_db_stmt_t *all = prepare(c, "SELECT k, v FROM pgt_many ORDER BY k");
    onc_db_stmt_t *one = prepare(c, "SELECT v FROM pgt_many WHERE k = ?");
    CHECK(all && one);
    if (all) CHECK_INT(onc_db_column_count(all), 0); /* no current row yet, as on SQLite */
    int64_t n = 0, sum = 0;
    bool row = false, row2 = false;
    while (all && one && onc_db_step(all, &row, &e) == ONC_OK && row) {
        int64_t k = onc_db_column_int64(all, 0);
        n++, sum += k;
        if (n == 1) CHECK_INT(onc_db_column_count(all), 2);
        CHECK_INT(onc_db_reset(one, &e), ONC_OK);
        CHECK_INT(onc_db_bind_int64(one, 1, k, &e), ONC_OK);
        CHECK_INT(onc_db_step(one, &row2, &e), ONC_OK);
        if (!row2 || strcmp(onc_db_column_text(one, 0), onc_db_column_text(all, 1)) != 0) { CHECK(0); break; }
    }
    CHECK_INT(n, N);
    CHECK_INT(sum, (int64_t)N * (N + 1) / 2);
    CHECK_INT(onc_db_step(all, &row, &e), ONC_OK); /* stepping past the end stays done */
    CHECK(!row);
    CHECK_INT(onc_db_column_count(all), 0);
    onc_db_finalize(all);
    onc_db_finalize(one);
out:
    onc_db_close(c);
}

/* A failed statement aborts PostgreSQL's transaction: what follows fails until the rollback. */
static void failed_statement_aborts_the_transaction(void)
{
    CONNECT(c);
    CHECK(exec_ok(c, "DROP TABLE IF EXISTS pgt_tx; CREATE TABLE pgt_tx (k BIGINT PRIMARY KEY)"));
    onc_err_t e = {0};
    CHECK_INT(onc_db_begin(c, &e), ONC_OK);
    CHECK(exec_ok(c, "INSERT INTO pgt_tx VALUES (1)"));
    CHECK_INT(onc_db_exec(c, "INSERT INTO pgt_tx VALUES (1)", &e), ONC_ECONFLICT);
    CHECK_INT(onc_db_exec(c, "INSERT INTO pgt_tx VALUES (2)", &e), ONC_EDB);
    CHECK(strstr(e.msg, "25P02") != NULL);
    CHECK_INT(onc_db_rollback(c, &e), ONC_OK);
    CHECK(!onc_db_in_transaction(c));
    onc_db_stmt_t *cnt = prepare(c, "SELECT count(*) FROM pgt_tx");
    bool row = false;
    if (cnt) select_one_row(cnt, &row);
    CHECK(row && onc_db_column_int64(cnt, 0) == 0);
    onc_db_finalize(cnt);
    onc_db_close(c);
}

static void read_only_connection_refuses_writes(void)
{
    CONNECT(c);
    CHECK(exec_ok(c, "DROP TABLE IF EXISTS pgt_ro; CREATE TABLE pgt_ro (k BIGINT)"));
    onc_db_close(c);
    onc_db_opts_t opts = {.read_only = true, .busy_timeout_ms = 1000};
    onc_err_t e = {0};
    onc_db_t *ro = NULL;
    CHECK_INT(onc_db_open(getenv("ONCOBOARD_TEST_PG"), &opts, &ro, &e), ONC_OK);
    if (!ro) return;
    CHECK_INT(onc_db_exec(ro, "INSERT INTO pgt_ro VALUES (1)", &e), ONC_EDB);
    CHECK(strstr(e.msg, "read-only") != NULL);
    CHECK(exec_ok(ro, "SELECT count(*) FROM pgt_ro"));
    onc_db_close(ro);
}

/* A row another session holds is waited for busy_timeout_ms (lock_timeout), then a conflict,
 * as SQLite's busy timeout gives. */
static void lock_held_elsewhere_is_a_conflict(void)
{
    CONNECT(c);
    CHECK(exec_ok(c, "DROP TABLE IF EXISTS pgt_lock; CREATE TABLE pgt_lock (k BIGINT PRIMARY KEY, v TEXT); "
                     "INSERT INTO pgt_lock VALUES (1, 'a')"));
    onc_err_t e = {0};
    CHECK_INT(onc_db_begin(c, &e), ONC_OK);
    CHECK(exec_ok(c, "UPDATE pgt_lock SET v = 'b' WHERE k = 1"));
    onc_db_opts_t opts;
    onc_db_opts_init(&opts);
    opts.busy_timeout_ms = 200;
    onc_db_t *other = NULL;
    CHECK_INT(onc_db_open(getenv("ONCOBOARD_TEST_PG"), &opts, &other, &e), ONC_OK);
    if (other) {
        CHECK_INT(onc_db_exec(other, "UPDATE pgt_lock SET v = 'c' WHERE k = 1", &e), ONC_ECONFLICT);
        CHECK(strstr(e.msg, "55P03") != NULL);
    }
    CHECK_INT(onc_db_commit(c, &e), ONC_OK);
    if (other) CHECK(exec_ok(other, "UPDATE pgt_lock SET v = 'c' WHERE k = 1")); /* free now */
    onc_db_close(other);
    onc_db_close(c);
}

/* The server ends the session between two statements (as a restart or an administrator's
 * pg_terminate_backend does): every later call fails cleanly with ONC_EDB. */
static void lost_connection_is_a_clean_edb(void)
{
    CONNECT(c);
    onc_db_t *killer = connect_test();
    CHECK(killer != NULL);
    onc_db_stmt_t *pid = prepare(c, "SELECT pg_backend_pid()");
    onc_db_stmt_t *sel = prepare(c, "SELECT CAST(? AS BIGINT) + 1");
    bool row = false;
    onc_err_t e = {0};
    if (pid) select_one_row(pid, &row);
    CHECK(row);
    if (!killer || !row || !sel) goto out;
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%" PRId64 ", 5000)", onc_db_column_int64(pid, 0));
    CHECK(exec_ok(killer, sql));
    CHECK_INT(onc_db_bind_int64(sel, 1, 41, &e), ONC_OK);
    CHECK_INT(onc_db_step(sel, &row, &e), ONC_EDB);
    CHECK(!row);
    CHECK(strstr(e.msg, "lost") != NULL);
    CHECK_INT(onc_db_exec(c, "SELECT 1", &e), ONC_EDB);
    onc_db_stmt_t *again = NULL;
    CHECK_INT(onc_db_prepare(c, "SELECT 1", &again, &e), ONC_EDB);
    CHECK(again == NULL);
    /* A new connection works. */
    onc_db_t *fresh = connect_test();
    CHECK(fresh != NULL);
    onc_db_close(fresh);
out:
    onc_db_finalize(pid);
    onc_db_finalize(sel);
    onc_db_close(c);
    onc_db_close(killer);
}

enum { CRASH_BATCH = 50, CRASH_MAX_BATCHES = 200000, CRASH_ROUNDS = 2 };

/* The crash test's writer, in a child process: transactions of CRASH_BATCH rows from batch
 * first on, each commit acknowledged on fd, until the server goes away. Exits 0 when it ended
 * on a lost connection. */
static void crash_writer(int fd, int64_t first)
{
    onc_db_t *c = connect_test();
    onc_db_stmt_t *ins = c ? prepare(c, "INSERT INTO pgt_crash (batch, item, payload) VALUES (?, ?, ?)") : NULL;
    onc_err_t e = {0};
    onc_rc rc = ins ? ONC_OK : ONC_EDB;
    for (int64_t b = first; rc == ONC_OK && b < first + CRASH_MAX_BATCHES; b++) {
        rc = onc_db_begin(c, &e);
        for (int i = 0; rc == ONC_OK && i < CRASH_BATCH; i++) {
            rc = onc_db_reset(ins, &e);
            if (rc == ONC_OK) rc = onc_db_bind_int64(ins, 1, b, &e);
            if (rc == ONC_OK) rc = onc_db_bind_int64(ins, 2, i, &e);
            if (rc == ONC_OK) rc = onc_db_bind_text(ins, 3, "a row of the crash test, long enough to fill pages", &e);
            if (rc == ONC_OK) rc = step_done(ins, &e);
        }
        if (rc == ONC_OK) rc = onc_db_commit(c, &e);
        if (rc == ONC_OK && write(fd, &b, sizeof b) != (ssize_t)sizeof b) rc = ONC_EIO;
    }
    onc_db_finalize(ins);
    onc_db_close(c);
    if (!(rc == ONC_EDB && strstr(e.msg, "lost"))) fprintf(stderr, "crash writer: rc %d: %s\n", (int)rc, e.msg);
    _exit(rc == ONC_EDB && strstr(e.msg, "lost") ? 0 : 1);
}

/* Runs a writer from batch first on, crashes the server after wait_for acknowledged commits,
 * and returns the last batch acknowledged (0 when the round went wrong). */
static int64_t crash_round(const char *dir, int64_t first, int64_t wait_for)
{
    int fds[2];
    if (pipe(fds) != 0) return 0;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        crash_writer(fds[1], first);
    }
    close(fds[1]);
    int64_t acked = first - 1, b;
    while (pid > 0 && acked < first - 1 + wait_for && read(fds[0], &b, sizeof b) == (ssize_t)sizeof b) acked = b;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "sh tests/pg/cluster.sh crash '%s'", dir);
    int sys = system(cmd);
    CHECK_INT(sys, 0);
    if (sys != 0 && pid > 0) kill(pid, SIGKILL);
    while (read(fds[0], &b, sizeof b) == (ssize_t)sizeof b) acked = b;
    close(fds[0]);
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0); /* ended on a lost connection */
    CHECK(acked >= first - 1 + wait_for);
    return pid > 0 ? acked : 0;
}

/* After a crash: every batch whole, no gaps, every acknowledged commit there (the one in flight
 * may have landed without its acknowledgement). Returns the last batch, 0 on a failed check. */
static int64_t check_after_crash(int64_t acked)
{
    onc_db_t *c = connect_test();
    CHECK(c != NULL);
    if (!c) return 0;
    onc_db_stmt_t *q = prepare(c, "SELECT count(*), count(DISTINCT batch), coalesce(max(batch), 0), "
                                  "(SELECT count(*) FROM (SELECT batch FROM pgt_crash GROUP BY batch "
                                  "HAVING count(*) <> ?) AS partial) FROM pgt_crash");
    onc_err_t e = {0};
    bool row = false;
    if (q) {
        CHECK_INT(onc_db_bind_int64(q, 1, CRASH_BATCH, &e), ONC_OK);
        select_one_row(q, &row);
    }
    CHECK(row);
    int64_t max = 0;
    if (row) {
        int64_t rows = onc_db_column_int64(q, 0), batches = onc_db_column_int64(q, 1);
        max = onc_db_column_int64(q, 2);
        CHECK_INT(onc_db_column_int64(q, 3), 0); /* no transaction half there */
        CHECK_INT(batches, max);                  /* no gaps: 1..max */
        CHECK_INT(rows, batches * CRASH_BATCH);
        CHECK(max == acked || max == acked + 1);
    }
    onc_db_finalize(q);
    onc_db_close(c);
    return max;
}

/* Immediate server shutdowns (tests/pg/cluster.sh crash: no checkpoint, WAL replay at the
 * restart) while a writer commits transaction after transaction, CRASH_ROUNDS times at
 * different points: the data stay all-or-nothing per transaction and never go back. */
static void immediate_shutdown_keeps_transactions_whole(void)
{
    const char *dir = getenv("ONCOBOARD_TEST_PG_DIR");
    if (!dir || !*dir) SKIP("ONCOBOARD_TEST_PG_DIR is not set (a cluster of our own to crash)");
    CONNECT(c);
    CHECK(exec_ok(c, "DROP TABLE IF EXISTS pgt_crash; CREATE TABLE pgt_crash (batch BIGINT, item INTEGER, "
                     "payload TEXT, PRIMARY KEY (batch, item))"));
    onc_db_close(c); /* no connection of ours across the fork */
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    int64_t last = 0;
    for (int round = 0; round < CRASH_ROUNDS && !check_failed; round++) {
        int64_t wait_for = 1 + rand() % 40; /* the crash lands after 1..40 commits */
        int64_t acked = crash_round(dir, last + 1, wait_for);
        int64_t now = acked ? check_after_crash(acked) : 0;
        CHECK(now >= last + wait_for); /* never goes back */
        last = now;
    }
}

int main(void)
{
    RUN(session_settings);
    RUN(unique_violation_is_a_conflict_without_values);
    RUN(refused_value_is_einval_without_the_value);
    RUN(connection_failures_never_show_the_password);
    RUN(bytea_round_trip);
    RUN(numbers_round_trip_exactly);
    RUN(large_and_hostile_text_round_trips);
    RUN(many_rows_and_interleaved_statements);
    RUN(failed_statement_aborts_the_transaction);
    RUN(read_only_connection_refuses_writes);
    RUN(lock_held_elsewhere_is_a_conflict);
    RUN(lost_connection_is_a_clean_edb);
    RUN(immediate_shutdown_keeps_transactions_whole);
    CHECK_EXIT();
}
