/* db.h: the registry's database connection, the same on SQLite and PostgreSQL.
 *
 * Everything above this layer (schema migrations, the audit log, imports, exports, matching
 * history) is written once against this interface; a back end (store_sqlite.c on libsqlite3,
 * store_pg.c on libpq) implements it. The rules it enforces:
 *   - prepared statements only: SQL text is a constant of the program, every value is bound
 *     (onc_db_bind_*); onc_db_exec() exists for the migrations' DDL and takes no values;
 *   - one SQL dialect: the common subset of SQLite >= 3.35 and PostgreSQL >= 13, with `?`
 *     placeholders (rewritten to numbered $n for PostgreSQL), INSERT with RETURNING for new ids,
 *     TEXT / BIGINT / DOUBLE PRECISION / BOOLEAN-as-INTEGER columns; the one difference, an
 *     auto-generated key, is written `@ID@` in DDL and expanded per back end;
 *   - transactions around every logical change (onc_db_begin / commit / rollback; nesting is an
 *     error); SQLite runs in WAL mode with synchronous=FULL, foreign_keys=ON and a busy timeout;
 *   - errors name what failed without values or secrets: constraint violations are
 *     ONC_ECONFLICT, connection and I/O failures ONC_EDB; a URL's password never appears in a
 *     message (onc_db_url_redacted).
 *
 * A connection is used by one thread at a time. The server opens one per worker.
 */
#ifndef ONCOBOARD_DB_H
#define ONCOBOARD_DB_H

#include "oncoboard/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct onc_db onc_db_t;
typedef struct onc_db_stmt onc_db_stmt_t;

typedef enum onc_db_kind { ONC_DB_SQLITE = 1, ONC_DB_POSTGRESQL = 2 } onc_db_kind;

#define ONC_DB_DEFAULT_URL "sqlite:oncoboard.db"

typedef struct onc_db_opts {
    bool create;         /* SQLite: create the file when absent [false: it must exist] */
    bool read_only;      /* no writes (exports, reports) [false] */
    int busy_timeout_ms; /* wait for a lock this long before ONC_ECONFLICT [5000] */
} onc_db_opts_t;
void onc_db_opts_init(onc_db_opts_t *o);

/* The URL to use: url when given, else $ONCOBOARD_DB, else ONC_DB_DEFAULT_URL. */
const char *onc_db_url_choose(const char *url);

/* Opens url: "sqlite:PATH" (a bare path is taken as SQLite too) or "postgresql://..." /
 * "postgres://..." (libpq's URI syntax). ONC_EINVAL for an unknown scheme, ONC_EDB when the
 * database cannot be opened. Does not check the schema version (onc_db_schema_check). */
onc_rc onc_db_open(const char *url, const onc_db_opts_t *opts, onc_db_t **out, onc_err_t *err) ONC_MUST_CHECK;
void onc_db_close(onc_db_t *db); /* accepts NULL; rolls back an open transaction */

onc_db_kind onc_db_kind_of(const onc_db_t *db);
/* The URL with any password replaced by "***", for messages and the audit log. */
const char *onc_db_url_redacted(const onc_db_t *db);

/* ---- transactions ---- */
onc_rc onc_db_begin(onc_db_t *db, onc_err_t *err) ONC_MUST_CHECK;
/* A transaction that only reads (a consistent snapshot): on SQLite it does not take the write
 * lock (writers and other readers go on); on PostgreSQL it is READ ONLY and a write fails. */
onc_rc onc_db_begin_read(onc_db_t *db, onc_err_t *err) ONC_MUST_CHECK;
/* A commit that fails rolls the transaction back: nothing of it stays, and none is open. Once a
 * statement inside a transaction has failed, the transaction is spoilt on every back end (as
 * PostgreSQL does): further statements and the commit fail (ONC_EDB) until onc_db_rollback. */
onc_rc onc_db_commit(onc_db_t *db, onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_db_rollback(onc_db_t *db, onc_err_t *err); /* harmless when none is open */
bool onc_db_in_transaction(const onc_db_t *db);

/* ---- statements ---- */

/* Prepares sql: one statement (a trailing ';' and comments are allowed), with `?` placeholders
 * (`?` inside string literals, quoted identifiers and comments is text). The statement belongs
 * to db and must be finalised before onc_db_close. */
onc_rc onc_db_prepare(onc_db_t *db, const char *sql, onc_db_stmt_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* Binding, 1-based (ONC_EINVAL out of range). A NULL string, a NaN double and a NULL blob bind
 * SQL NULL; an empty blob (p set, n 0) is not NULL. Booleans are 0/1 integers. */
onc_rc onc_db_bind_text(onc_db_stmt_t *st, int i, const char *s, onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_db_bind_int64(onc_db_stmt_t *st, int i, int64_t v, onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_db_bind_double(onc_db_stmt_t *st, int i, double v, onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_db_bind_null(onc_db_stmt_t *st, int i, onc_err_t *err) ONC_MUST_CHECK;
onc_rc onc_db_bind_blob(onc_db_stmt_t *st, int i, const void *p, size_t n, onc_err_t *err) ONC_MUST_CHECK;

/* Runs the statement or fetches its next row: ONC_OK with *row true when a row is available,
 * false when done; an error (ONC_ECONFLICT for a constraint, ONC_EDB) otherwise. */
onc_rc onc_db_step(onc_db_stmt_t *st, bool *row, onc_err_t *err) ONC_MUST_CHECK;

/* Columns of the current row, 0-based. Text is valid until the next step/reset/finalize; NULL
 * for SQL NULL. Numbers of a NULL column: 0 for integers (check onc_db_column_is_null), NaN
 * for doubles. */
int onc_db_column_count(const onc_db_stmt_t *st);
bool onc_db_column_is_null(const onc_db_stmt_t *st, int col);
const char *onc_db_column_text(const onc_db_stmt_t *st, int col);
int64_t onc_db_column_int64(const onc_db_stmt_t *st, int col);
double onc_db_column_double(const onc_db_stmt_t *st, int col);
/* Blob bytes and their size (n); NULL for NULL. */
const void *onc_db_column_blob(const onc_db_stmt_t *st, int col, size_t *n);

/* Makes the statement ready to run again with new bindings (bindings are cleared). */
onc_rc onc_db_reset(onc_db_stmt_t *st, onc_err_t *err);
void onc_db_finalize(onc_db_stmt_t *st); /* accepts NULL */

/* Runs SQL without values (DDL of the migrations, PRAGMAs); several statements separated by
 * ';' are allowed. `@ID@` is expanded to the back end's auto-generated integer key. */
onc_rc onc_db_exec(onc_db_t *db, const char *sql, onc_err_t *err) ONC_MUST_CHECK;

/* ---- schema ---- */

/* Whether the database has a table of that name (in the connection's schema, for
 * PostgreSQL): the one catalogue query the two dialects do not share. */
onc_rc onc_db_table_exists(onc_db_t *db, const char *table, bool *exists, onc_err_t *err) ONC_MUST_CHECK;

/* The schema version this build writes and reads. */
#define ONC_DB_SCHEMA_VERSION 1
/* The database's schema version (0: empty database, no oncoboard schema). */
onc_rc onc_db_schema_version(onc_db_t *db, int *version, onc_err_t *err) ONC_MUST_CHECK;
/* ONC_OK when the database is at ONC_DB_SCHEMA_VERSION; ONC_ECONFLICT saying what to do
 * ("run `oncoboard db migrate`", or "written by a newer oncoboard") otherwise. Every command
 * that opens a registry calls it first. */
onc_rc onc_db_schema_check(onc_db_t *db, onc_err_t *err) ONC_MUST_CHECK;
/* Applies the forward migrations from the database's version to ONC_DB_SCHEMA_VERSION, each in
 * its own transaction; *from and *to (may be NULL) say what was done. */
onc_rc onc_db_migrate(onc_db_t *db, int *from, int *to, onc_err_t *err) ONC_MUST_CHECK;

#endif
