/* test_db.c: the db.h contract, on every back end db_targets.h provides (SQLite always,
 * PostgreSQL when $ONCOBOARD_TEST_PG is set), plus the URL and SQL scanner helpers of
 * store_db.c on their own. Expected values come from db.h's comments and SQL semantics. */
#include "check.h"
#include "db_targets.h"
#include "store/store_int.h"

#include <stdint.h>

/* ---- helpers ---- */

static onc_rc exec(onc_db_t *db, const char *sql)
{
    onc_err_t e = {0};
    onc_rc rc = onc_db_exec(db, sql, &e);
    if (rc) fprintf(stderr, "exec: %s\n", e.msg);
    return rc;
}

/* The single integer a query returns (-1 after a failed CHECK). */
static int64_t query_int(onc_db_t *db, const char *sql)
{
    onc_db_stmt_t *st = NULL;
    onc_err_t e = {0};
    bool row = false;
    int64_t v = -1;
    CHECK_INT(onc_db_prepare(db, sql, &st, &e), ONC_OK);
    if (!st) return -1;
    CHECK_INT(onc_db_step(st, &row, &e), ONC_OK);
    CHECK(row);
    if (row) v = onc_db_column_int64(st, 0);
    onc_db_finalize(st);
    return v;
}

/* Inserts a user; returns the rc of the step, e filled. */
static onc_rc insert_user(onc_db_t *db, const char *login, const char *role, onc_err_t *e)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "INSERT INTO users (login, display_name, role, created_at) VALUES (?, ?, ?, ?)", &st, e);
    if (rc) return rc;
    bool row;
    rc = onc_db_bind_text(st, 1, login, e);
    if (!rc) rc = onc_db_bind_text(st, 2, "Test User", e);
    if (!rc) rc = onc_db_bind_text(st, 3, role, e);
    if (!rc) rc = onc_db_bind_text(st, 4, "2026-11-29T03:00:00Z", e);
    if (!rc) rc = onc_db_step(st, &row, e);
    onc_db_finalize(st);
    return rc;
}

static bool contains(const char *s, const char *sub) { return s && strstr(s, sub) != NULL; }

/* ---- back-end independent ---- */

static void url_choice(void)
{
    unsetenv("ONCOBOARD_DB");
    CHECK_STR(onc_db_url_choose(NULL), "sqlite:oncoboard.db");
    CHECK_STR(onc_db_url_choose(""), "sqlite:oncoboard.db");
    setenv("ONCOBOARD_DB", "sqlite:/tmp/x.db", 1);
    CHECK_STR(onc_db_url_choose(NULL), "sqlite:/tmp/x.db");
    CHECK_STR(onc_db_url_choose("postgresql://h/db"), "postgresql://h/db");
    unsetenv("ONCOBOARD_DB");

    onc_db_t *db = NULL;
    onc_err_t e = {0};
    CHECK_INT(onc_db_open("mysql://h/db", NULL, &db, &e), ONC_EINVAL);
    CHECK(db == NULL);
    CHECK_INT(onc_db_open("sqlite:", NULL, &db, &e), ONC_EINVAL);
    CHECK_INT(onc_db_open("", NULL, &db, &e), ONC_EINVAL);
    /* A missing file is not created without opts.create. */
    CHECK_INT(onc_db_open("/nonexistent-dir/none.db", NULL, &db, &e), ONC_EDB);
    CHECK(contains(e.msg, "/nonexistent-dir/none.db"));
}

static void url_redaction(void)
{
    char out[512];
    store_url_redact("postgresql://alice:s3cr%40t@db.example:5432/registry", out, sizeof out);
    CHECK_STR(out, "postgresql://alice:***@db.example:5432/registry");
    store_url_redact("postgres://alice@h/db?sslmode=require&password=hunter2&x=1", out, sizeof out);
    CHECK_STR(out, "postgres://alice@h/db?sslmode=require&password=***&x=1");
    store_url_redact("postgresql://bob:pa/ss@w@h/db?PASSWORD=a", out, sizeof out);
    CHECK_STR(out, "postgresql://bob:***@h/db?PASSWORD=***");
    CHECK(!contains(out, "pa/ss"));
    store_url_redact("postgresql://h:5432/db", out, sizeof out); /* no user: a port is not a password */
    CHECK_STR(out, "postgresql://h:5432/db");
    store_url_redact("postgresql:///db?host=/tmp/sock", out, sizeof out);
    CHECK_STR(out, "postgresql:///db?host=/tmp/sock");
}

static void sql_scanner(void)
{
    char *out = NULL;
    int n = -1;
    onc_err_t e = {0};
    CHECK_INT(store_sql_rewrite("SELECT a FROM t WHERE b = ? AND c = '?' AND d = ?", true, NULL, &out, &n, &e), ONC_OK);
    CHECK_STR(out, "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $2");
    CHECK_INT(n, 2);
    free(out);
    /* Doubled quotes stay inside the literal; comments and quoted identifiers are skipped. */
    CHECK_INT(store_sql_rewrite("SELECT 'it''s ?', \"q?\" -- why?\n, ? /* ? */, ?", true, NULL, &out, &n, &e), ONC_OK);
    CHECK_STR(out, "SELECT 'it''s ?', \"q?\" -- why?\n, $1 /* ? */, $2");
    CHECK_INT(n, 2);
    free(out);
    CHECK_INT(store_sql_rewrite("SELECT ?, ?", false, NULL, &out, &n, &e), ONC_OK);
    CHECK_STR(out, "SELECT ?, ?");
    CHECK_INT(n, 2);
    free(out);
    CHECK_INT(store_sql_rewrite("CREATE TABLE t (id @ID@, s TEXT DEFAULT '@ID@') -- @ID@", false, "BIGSERIAL", &out, &n, &e), ONC_OK);
    CHECK_STR(out, "CREATE TABLE t (id BIGSERIAL, s TEXT DEFAULT '@ID@') -- @ID@");
    free(out);
    /* An unterminated literal is copied whole (the back end reports the syntax error). */
    CHECK_INT(store_sql_rewrite("SELECT 'abc ?", true, NULL, &out, &n, &e), ONC_OK);
    CHECK_STR(out, "SELECT 'abc ?");
    CHECK_INT(n, 0);
    free(out);
}

/* ---- on every target ---- */

static void open_and_close(void)
{
    onc_db_t *db = db_target_open(false);
    if (!db) return;
    CHECK_INT(onc_db_kind_of(db), db_target_kind);
    if (db_target_kind == ONC_DB_SQLITE) {
        CHECK_STR(onc_db_url_redacted(db), db_target_url);
        CHECK_STR(query_int(db, "PRAGMA foreign_keys") == 1 ? "on" : "off", "on");
        CHECK_INT(query_int(db, "PRAGMA synchronous"), 2); /* FULL */
        onc_db_stmt_t *st = NULL;
        onc_err_t e = {0};
        bool row = false;
        CHECK_INT(onc_db_prepare(db, "PRAGMA journal_mode", &st, &e), ONC_OK);
        CHECK_INT(onc_db_step(st, &row, &e), ONC_OK);
        CHECK_STR(onc_db_column_text(st, 0), "wal");
        onc_db_finalize(st);
    }
    CHECK(!onc_db_in_transaction(db));
    onc_db_close(db);
    onc_db_close(NULL);
}

static void types_round_trip(void)
{
    onc_db_t *db = db_target_open(false);
    if (!db) return;
    CHECK_INT(exec(db, "CREATE TABLE t (id @ID@, s TEXT, i BIGINT, d DOUBLE PRECISION, b BYTEA)"), ONC_OK);
    const char *texts[] = {"'; DROP TABLE t; --", "?", "$1", "\"quoted\" \\ back", "é ü 肺", "@ID@", ""};
    const int64_t ints[] = {INT64_MIN, INT64_MAX, 0, -1, 42, 7, 1};
    const double dbls[] = {1.5, -0.25, 1e300, NAN, 0.0, 3.0, 2.0};
    const unsigned char blob[] = {0, 1, 0xff, '\'', 0};
    onc_err_t e = {0};
    onc_db_stmt_t *ins = NULL;
    CHECK_INT(onc_db_prepare(db, "INSERT INTO t (s, i, d, b) VALUES (?, ?, ?, ?) RETURNING id", &ins, &e), ONC_OK);
    if (!ins) goto done;
    int64_t prev = 0;
    for (int k = 0; k < 7; k++) {
        bool row = false;
        CHECK_INT(onc_db_bind_text(ins, 1, texts[k], &e), ONC_OK);
        CHECK_INT(onc_db_bind_int64(ins, 2, ints[k], &e), ONC_OK);
        CHECK_INT(onc_db_bind_double(ins, 3, dbls[k], &e), ONC_OK);
        CHECK_INT(onc_db_bind_blob(ins, 4, blob, k == 6 ? 0 : sizeof blob, &e), ONC_OK);
        CHECK_INT(onc_db_step(ins, &row, &e), ONC_OK);
        CHECK(row);
        int64_t id = onc_db_column_int64(ins, 0);
        CHECK(id > prev); /* RETURNING gives the new, increasing key */
        prev = id;
        CHECK_INT(onc_db_step(ins, &row, &e), ONC_OK);
        CHECK(!row);
        CHECK_INT(onc_db_reset(ins, &e), ONC_OK);
    }
    /* NULLs: a NULL string, bind_null, a NULL blob. */
    bool row = false;
    CHECK_INT(onc_db_bind_text(ins, 1, NULL, &e), ONC_OK);
    CHECK_INT(onc_db_bind_null(ins, 2, &e), ONC_OK);
    CHECK_INT(onc_db_bind_double(ins, 3, NAN, &e), ONC_OK);
    CHECK_INT(onc_db_bind_blob(ins, 4, NULL, 0, &e), ONC_OK);
    CHECK_INT(onc_db_bind_null(ins, 5, &e), ONC_EINVAL); /* out of range */
    CHECK_INT(onc_db_bind_null(ins, 0, &e), ONC_EINVAL);
    CHECK_INT(onc_db_step(ins, &row, &e), ONC_OK);
    onc_db_finalize(ins);

    onc_db_stmt_t *sel = NULL;
    CHECK_INT(onc_db_prepare(db, "SELECT s, i, d, b FROM t ORDER BY id", &sel, &e), ONC_OK);
    if (!sel) goto done;
    for (int k = 0; k < 8; k++) {
        CHECK_INT(onc_db_step(sel, &row, &e), ONC_OK);
        CHECK(row);
        if (!row) break;
        CHECK_INT(onc_db_column_count(sel), 4);
        size_t n = 99;
        const unsigned char *b = onc_db_column_blob(sel, 3, &n);
        if (k == 7) {
            CHECK(onc_db_column_is_null(sel, 0));
            CHECK(onc_db_column_text(sel, 0) == NULL);
            CHECK(onc_db_column_is_null(sel, 1));
            CHECK_INT(onc_db_column_int64(sel, 1), 0);
            CHECK(isnan(onc_db_column_double(sel, 2)));
            CHECK(b == NULL);
            CHECK_INT(n, 0);
            continue;
        }
        CHECK_STR(onc_db_column_text(sel, 0), texts[k]);
        CHECK(!onc_db_column_is_null(sel, 0));
        CHECK_INT(onc_db_column_int64(sel, 1), ints[k]);
        if (isnan(dbls[k])) CHECK(onc_db_column_is_null(sel, 2) && isnan(onc_db_column_double(sel, 2)));
        else CHECK(onc_db_column_double(sel, 2) == dbls[k]);
        CHECK(b != NULL);
        CHECK_INT(n, k == 6 ? 0 : sizeof blob);
        if (b && n == sizeof blob) CHECK(memcmp(b, blob, sizeof blob) == 0);
    }
    CHECK_INT(onc_db_step(sel, &row, &e), ONC_OK);
    CHECK(!row);
    onc_db_finalize(sel);
    CHECK_INT(query_int(db, "SELECT count(*) FROM t"), 8); /* the DROP TABLE text did nothing */
done:
    onc_db_close(db);
}

static void question_marks_in_literals(void)
{
    onc_db_t *db = db_target_open(false);
    if (!db) return;
    onc_db_stmt_t *st = NULL;
    onc_err_t e = {0};
    bool row = false;
    CHECK_INT(onc_db_prepare(db, "SELECT 'a?b', ? /* ? */, 'it''s?' -- ?\n", &st, &e), ONC_OK);
    if (!st) goto done;
    CHECK_INT(onc_db_bind_text(st, 1, "x", &e), ONC_OK);
    CHECK_INT(onc_db_bind_text(st, 2, "y", &e), ONC_EINVAL); /* one placeholder only */
    CHECK_INT(onc_db_step(st, &row, &e), ONC_OK);
    CHECK(row);
    CHECK_STR(onc_db_column_text(st, 0), "a?b");
    CHECK_STR(onc_db_column_text(st, 1), "x");
    CHECK_STR(onc_db_column_text(st, 2), "it's?");
    onc_db_finalize(st);
    /* prepare takes one statement; a trailing comment is not a second one. */
    CHECK_INT(onc_db_prepare(db, "SELECT 1; SELECT 2", &st, &e), ONC_EINVAL);
    CHECK(st == NULL);
    CHECK_INT(onc_db_prepare(db, "SELECT 1; -- done\n", &st, &e), ONC_OK);
    onc_db_finalize(st);
    CHECK_INT(onc_db_prepare(db, "SELECT 'a;b', ';' /* ; */", &st, &e), ONC_OK);
    CHECK_INT(onc_db_step(st, &row, &e), ONC_OK);
    CHECK_STR(onc_db_column_text(st, 0), "a;b");
    onc_db_finalize(st);
    /* exec takes no values. */
    CHECK_INT(onc_db_exec(db, "SELECT ?", &e), ONC_EINVAL);
    CHECK_INT(onc_db_exec(db, "SELECT '?'", &e), ONC_OK);
done:
    onc_db_close(db);
}

static void transactions(void)
{
    onc_db_t *db = db_target_open(false);
    if (!db) return;
    onc_err_t e = {0};
    CHECK_INT(exec(db, "CREATE TABLE t (id @ID@, v BIGINT)"), ONC_OK);
    CHECK_INT(onc_db_commit(db, &e), ONC_EINVAL); /* none open */
    CHECK_INT(onc_db_rollback(db, &e), ONC_OK);   /* harmless */
    CHECK_INT(onc_db_begin(db, &e), ONC_OK);
    CHECK(onc_db_in_transaction(db));
    CHECK_INT(onc_db_begin(db, &e), ONC_EINVAL); /* no nesting */
    CHECK(contains(e.msg, "already open"));
    CHECK(onc_db_in_transaction(db));
    CHECK_INT(exec(db, "INSERT INTO t (v) VALUES (1)"), ONC_OK);
    CHECK_INT(onc_db_rollback(db, &e), ONC_OK);
    CHECK(!onc_db_in_transaction(db));
    CHECK_INT(query_int(db, "SELECT count(*) FROM t"), 0);
    CHECK_INT(onc_db_begin(db, &e), ONC_OK);
    CHECK_INT(exec(db, "INSERT INTO t (v) VALUES (2)"), ONC_OK);
    CHECK_INT(onc_db_commit(db, &e), ONC_OK);
    CHECK_INT(query_int(db, "SELECT count(*) FROM t"), 1);
    /* close rolls back what is open */
    CHECK_INT(onc_db_begin(db, &e), ONC_OK);
    CHECK_INT(exec(db, "INSERT INTO t (v) VALUES (3)"), ONC_OK);
    onc_db_close(db);
    db = db_target_open(false);
    if (!db) return;
    CHECK_INT(query_int(db, "SELECT count(*) FROM t"), 1);
    CHECK_INT(query_int(db, "SELECT max(v) FROM t"), 2);
    onc_db_close(db);
}

static void constraint_violations(void)
{
    onc_db_t *db = db_target_open(true);
    if (!db) return;
    onc_err_t e = {0};
    CHECK_INT(insert_user(db, "alice-secret-login", "clinician", &e), ONC_OK);
    CHECK_INT(insert_user(db, "alice-secret-login", "viewer", &e), ONC_ECONFLICT);
    CHECK(!contains(e.msg, "alice-secret-login")); /* names the constraint, never the value */
    CHECK(contains(e.msg, "users"));
    CHECK_INT(insert_user(db, "bob", "superuser", &e), ONC_ECONFLICT); /* role CHECK */
    CHECK(!contains(e.msg, "superuser"));
    CHECK_INT(insert_user(db, "", "viewer", &e), ONC_ECONFLICT); /* login length CHECK */
    /* A foreign key is enforced. */
    CHECK_INT(exec(db, "CREATE TABLE parent (id @ID@); CREATE TABLE child (id @ID@, parent_id BIGINT NOT NULL REFERENCES parent (id))"), ONC_OK);
    CHECK_INT(onc_db_exec(db, "INSERT INTO child (parent_id) VALUES (12345)", &e), ONC_ECONFLICT);
    CHECK(!contains(e.msg, "12345"));
    /* A failure inside a transaction leaves it to be rolled back; nothing of it stays. */
    CHECK_INT(onc_db_begin(db, &e), ONC_OK);
    CHECK_INT(insert_user(db, "carol", "viewer", &e), ONC_OK);
    CHECK_INT(insert_user(db, "carol", "viewer", &e), ONC_ECONFLICT);
    CHECK_INT(onc_db_rollback(db, &e), ONC_OK);
    CHECK_INT(query_int(db, "SELECT count(*) FROM users"), 1);
    onc_db_close(db);
}

static void migrations(void)
{
    onc_db_t *db = db_target_open(false);
    if (!db) return;
    onc_err_t e = {0};
    int v = -1, from = -1, to = -1;
    CHECK_INT(onc_db_schema_version(db, &v, &e), ONC_OK);
    CHECK_INT(v, 0);
    CHECK_INT(onc_db_schema_check(db, &e), ONC_ECONFLICT);
    CHECK(contains(e.msg, "oncoboard db init"));
    CHECK_INT(onc_db_migrate(db, &from, &to, &e), ONC_OK);
    CHECK_INT(from, 0);
    CHECK_INT(to, ONC_DB_SCHEMA_VERSION);
    CHECK_INT(onc_db_schema_check(db, &e), ONC_OK);
    CHECK_INT(onc_db_migrate(db, &from, &to, &e), ONC_OK); /* idempotent */
    CHECK_INT(from, ONC_DB_SCHEMA_VERSION);
    CHECK_INT(to, ONC_DB_SCHEMA_VERSION);
    bool exists = false;
    CHECK_INT(onc_db_table_exists(db, "users", &exists, &e), ONC_OK);
    CHECK(exists);
    CHECK_INT(onc_db_table_exists(db, "no_such_table", &exists, &e), ONC_OK);
    CHECK(!exists);
    CHECK_INT(query_int(db, "SELECT count(*) FROM oncoboard_meta WHERE key IN ('schema_version', 'created_at', 'created_by_version')"), 3);
    /* created_at is ISO 8601 UTC: 2026-11-29T03:00:00Z is 20 characters ending in Z. */
    CHECK_INT(query_int(db, "SELECT count(*) FROM oncoboard_meta WHERE key = 'created_at' AND length(value) = 20 AND value LIKE '____-__-__T__:__:__Z'"), 1);
    /* A newer registry is refused with what to do. */
    CHECK_INT(exec(db, "UPDATE oncoboard_meta SET value = '99' WHERE key = 'schema_version'"), ONC_OK);
    CHECK_INT(onc_db_schema_check(db, &e), ONC_ECONFLICT);
    CHECK(contains(e.msg, "newer oncoboard"));
    CHECK_INT(onc_db_migrate(db, &from, &to, &e), ONC_ECONFLICT);
    CHECK_INT(exec(db, "UPDATE oncoboard_meta SET value = 'x1' WHERE key = 'schema_version'"), ONC_OK);
    CHECK_INT(onc_db_schema_version(db, &v, &e), ONC_EDB);
    CHECK(contains(e.msg, "schema_version"));
    onc_db_close(db);
}

static void foreign_database_refused(void)
{
    onc_db_t *db = db_target_open(false);
    if (!db) return;
    onc_err_t e = {0};
    int v = -1;
    CHECK_INT(exec(db, "CREATE TABLE something_else (x TEXT)"), ONC_OK);
    CHECK_INT(onc_db_schema_version(db, &v, &e), ONC_ECONFLICT);
    CHECK(contains(e.msg, "not an oncoboard registry"));
    CHECK_INT(onc_db_migrate(db, NULL, NULL, &e), ONC_ECONFLICT);
    CHECK_INT(query_int(db, "SELECT count(*) FROM something_else"), 0);
    onc_db_close(db);
}

static void read_only_refuses_writes(void)
{
    onc_db_t *db = db_target_open(true);
    if (!db) return;
    onc_db_close(db);
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.read_only = true;
    onc_err_t e = {0};
    CHECK_INT(onc_db_open(db_target_url, &o, &db, &e), ONC_OK);
    if (!db) return;
    CHECK_INT(onc_db_schema_check(db, &e), ONC_OK); /* reading works */
    onc_rc rc = insert_user(db, "dave", "viewer", &e);
    CHECK(rc == ONC_EDB || rc == ONC_ECONFLICT);
    onc_db_close(db);
    db = db_target_open(false);
    if (!db) return;
    CHECK_INT(query_int(db, "SELECT count(*) FROM users"), 0);
    onc_db_close(db);
}

/* SQLite: a second writer waits busy_timeout_ms, then gets ONC_ECONFLICT saying why. */
static void lock_held_elsewhere(void)
{
    if (db_target_kind != ONC_DB_SQLITE) SKIP("SQLite locking");
    onc_db_t *a = db_target_open(true);
    if (!a) return;
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.busy_timeout_ms = 50;
    onc_db_t *b = NULL;
    onc_err_t e = {0};
    CHECK_INT(onc_db_open(db_target_url, &o, &b, &e), ONC_OK);
    CHECK_INT(onc_db_begin(a, &e), ONC_OK);
    if (b) {
        CHECK_INT(onc_db_begin(b, &e), ONC_ECONFLICT);
    CHECK(contains(e.msg, "locked by another process"));
        CHECK(!onc_db_in_transaction(b));
    }
    CHECK_INT(onc_db_rollback(a, &e), ONC_OK);
    if (b) CHECK_INT(onc_db_begin(b, &e), ONC_OK);
    onc_db_close(b);
    onc_db_close(a);
}

/* SQLite: a file that is not a database is an error, not a new registry. */
static void not_a_database(void)
{
    if (db_target_kind != ONC_DB_SQLITE) SKIP("SQLite files");
    FILE *fp = fopen(db_target_path, "w");
    CHECK(fp != NULL);
    if (!fp) return;
    for (int i = 0; i < 64; i++) fputs("this is not a database file ", fp);
    fclose(fp);
    onc_db_t *db = NULL;
    onc_err_t e = {0};
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    onc_rc rc = onc_db_open(db_target_url, &o, &db, &e);
    if (rc == ONC_OK) {
        int v;
        rc = onc_db_schema_version(db, &v, &e);
        onc_db_close(db);
    }
    CHECK_INT(rc, ONC_EDB);
}

static const db_test_t db_tests[] = {
    DB_TEST(open_and_close),
    DB_TEST(types_round_trip),
    DB_TEST(question_marks_in_literals),
    DB_TEST(transactions),
    DB_TEST(constraint_violations),
    DB_TEST(migrations),
    DB_TEST(foreign_database_refused),
    DB_TEST(read_only_refuses_writes),
    DB_TEST(lock_held_elsewhere),
    DB_TEST(not_a_database),
    {NULL, NULL},
};

int main(void)
{
    RUN(url_choice);
    RUN(url_redaction);
    RUN(sql_scanner);
    db_targets_run(db_tests);
    CHECK_EXIT();
}
