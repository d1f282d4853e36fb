/* db_targets.h: run database tests on every registry back end (include after check.h).
 *
 * A db test is a plain test function that opens db_target_url (a fresh, empty database made for
 * that one test) or calls db_target_open(). db_targets_run() runs a list of them:
 *   - on SQLite, each in a new file in a new temporary directory, removed afterwards;
 *   - on PostgreSQL when $ONCOBOARD_TEST_PG is set (a postgresql:// URL of a throwaway cluster,
 *     see tests/pg), each in a database created for it through that URL (the maintenance
 *     connection) and dropped afterwards; when it is not set, one "skip" line says so.
 * Test lines are named "sqlite.NAME" and "postgresql.NAME".
 *
 *     static void insert_and_read(void) { onc_db_t *db = db_target_open(true); ... }
 *     static const db_test_t tests[] = {DB_TEST(insert_and_read), {NULL, NULL}};
 *     int main(void) { db_targets_run(tests); CHECK_EXIT(); }
 *
 * Written against db.h only, so that the PostgreSQL part works whichever back end is built.
 */
#ifndef ONCOBOARD_TEST_DB_TARGETS_H
#define ONCOBOARD_TEST_DB_TARGETS_H

#include "oncoboard/db.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct db_test {
    const char *name;
    void (*fn)(void);
} db_test_t;
#define DB_TEST(fn) {#fn, fn}

/* The current target: its URL (a fresh database), its kind, and for SQLite its directory and
 * file (tests that look at the file itself: read-only, integrity checks). */
static char db_target_url[4096];
static onc_db_kind db_target_kind;
static char db_target_dir[256], db_target_path[512];

/* Opens the current target (creating it), migrated to the current schema when migrate is set;
 * NULL after a failed CHECK. */
__attribute__((unused)) static onc_db_t *db_target_open(bool migrate)
{
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.create = true;
    onc_db_t *db = NULL;
    onc_err_t e = {0};
    if (onc_db_open(db_target_url, &o, &db, &e) != ONC_OK) {
        fprintf(stderr, "db_target_open %s: %s\n", db_target_url, e.msg);
        check_failed = 1;
        return NULL;
    }
    if (migrate && onc_db_migrate(db, NULL, NULL, &e) != ONC_OK) {
        fprintf(stderr, "db_target_open %s: migrate: %s\n", db_target_url, e.msg);
        check_failed = 1;
        onc_db_close(db);
        return NULL;
    }
    return db;
}

/* Removes the test's temporary directory with every file in it: the registry, its -wal and
 * -shm, and what tests put beside it (the audit log's key file, exports). */
static void db_targets_sqlite_cleanup(void)
{
    DIR *d = opendir(db_target_dir);
    if (d) {
        char p[600];
        for (struct dirent *ent; (ent = readdir(d)) != NULL;) {
            if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) continue;
            snprintf(p, sizeof p, "%s/%s", db_target_dir, ent->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(db_target_dir);
}

static void db_targets_run_sqlite(const db_test_t *tests)
{
    char name[256];
    for (const db_test_t *t = tests; t->name; t++) {
        snprintf(db_target_dir, sizeof db_target_dir, "/tmp/onc_dbtest_XXXXXX");
        if (!mkdtemp(db_target_dir)) {
            printf("not ok sqlite.%s # cannot create a temporary directory\n", t->name);
            check_n_failed++;
            continue;
        }
        snprintf(db_target_path, sizeof db_target_path, "%s/registry.db", db_target_dir);
        snprintf(db_target_url, sizeof db_target_url, "sqlite:%s", db_target_path);
        db_target_kind = ONC_DB_SQLITE;
        snprintf(name, sizeof name, "sqlite.%s", t->name);
        check_run(name, t->fn);
        db_targets_sqlite_cleanup();
    }
}

/* The maintenance URL with its database name replaced by dbname: the path after the host
 * (postgresql://user@host:port/DB?params) is swapped, the parameters are kept. */
static int db_targets_pg_url(const char *base, const char *dbname, char *out, size_t n)
{
    const char *auth = strstr(base, "://");
    if (!auth) return -1;
    auth += 3;
    size_t host_len = strcspn(auth, "/?");
    const char *rest = auth + host_len;
    const char *query = strchr(rest, '?');
    int k = snprintf(out, n, "%.*s/%s%s", (int)(rest - base), base, dbname, query ? query : "");
    return k < 0 || (size_t)k >= n ? -1 : 0;
}

static bool db_targets_pg_exec(const char *url, const char *sql)
{
    onc_db_t *db = NULL;
    onc_err_t e = {0};
    onc_rc rc = onc_db_open(url, NULL, &db, &e);
    if (rc == ONC_OK) rc = onc_db_exec(db, sql, &e);
    onc_db_close(db);
    if (rc) fprintf(stderr, "db_targets: %s: %s\n", sql, e.msg);
    return rc == ONC_OK;
}

static void db_targets_run_pg(const db_test_t *tests, const char *base)
{
    char name[256], dbname[64], sql[160];
    int serial = 0;
    for (const db_test_t *t = tests; t->name; t++) {
        snprintf(name, sizeof name, "postgresql.%s", t->name);
        snprintf(dbname, sizeof dbname, "onc_test_%ld_%d", (long)getpid(), serial++);
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
        if (db_targets_pg_url(base, dbname, db_target_url, sizeof db_target_url) != 0 || !db_targets_pg_exec(base, sql)) {
            printf("not ok %s # cannot create database %s on $ONCOBOARD_TEST_PG\n", name, dbname);
            check_n_failed++;
            continue;
        }
        db_target_kind = ONC_DB_POSTGRESQL;
        db_target_dir[0] = db_target_path[0] = '\0';
        check_run(name, t->fn);
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
        (void)db_targets_pg_exec(base, sql);
    }
}

__attribute__((unused)) static void db_targets_run(const db_test_t *tests)
{
    db_targets_run_sqlite(tests);
    const char *pg = getenv("ONCOBOARD_TEST_PG");
    if (pg && *pg) db_targets_run_pg(tests, pg);
    else printf("skip postgresql.all # $ONCOBOARD_TEST_PG is not set (no throwaway PostgreSQL cluster)\n");
    fflush(stdout);
}

#endif
