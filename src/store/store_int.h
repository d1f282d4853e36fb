/* store_int.h: what a database back end provides to db.h (inside src/store only).
 *
 * store_db.c owns the public functions of db.h: it parses the URL, picks the back end, keeps the
 * transaction state, rewrites SQL (`?` placeholders to $n for PostgreSQL, `@ID@` to the
 * back end's identity column) and checks arguments; a back end only talks to its library.
 * Back ends: store_sqlite.c (libsqlite3), store_pg.c (libpq).
 */
#ifndef ONCOBOARD_STORE_INT_H
#define ONCOBOARD_STORE_INT_H

#include "oncoboard/audit.h"
#include "oncoboard/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct store_backend {
    const char *name;          /* "sqlite" | "postgresql" */
    onc_db_kind kind;
    const char *id_column;     /* what `@ID@` becomes in DDL */
    bool dollar_params;        /* placeholders are numbered $n (else ?) */

    /* target: for SQLite the file path, for PostgreSQL the whole URL (libpq parses it). */
    onc_rc (*open)(const char *target, const onc_db_opts_t *opts, void **conn, onc_err_t *err);
    void (*close)(void *conn);
    /* DDL or transaction control, no values; several statements allowed. */
    onc_rc (*exec)(void *conn, const char *sql, onc_err_t *err);

    /* sql is already in the back end's placeholder style; n_params is the count of them. */
    onc_rc (*prepare)(void *conn, const char *sql, int n_params, void **stmt, onc_err_t *err);
    onc_rc (*bind_text)(void *stmt, int i, const char *s, onc_err_t *err);
    onc_rc (*bind_int64)(void *stmt, int i, int64_t v, onc_err_t *err);
    onc_rc (*bind_double)(void *stmt, int i, double v, onc_err_t *err);
    onc_rc (*bind_null)(void *stmt, int i, onc_err_t *err);
    onc_rc (*bind_blob)(void *stmt, int i, const void *p, size_t n, onc_err_t *err);
    onc_rc (*step)(void *stmt, bool *row, onc_err_t *err);
    int (*column_count)(const void *stmt);
    bool (*column_is_null)(const void *stmt, int col);
    const char *(*column_text)(const void *stmt, int col);
    int64_t (*column_int64)(const void *stmt, int col);
    double (*column_double)(const void *stmt, int col);
    const void *(*column_blob)(const void *stmt, int col, size_t *n);
    onc_rc (*reset)(void *stmt, onc_err_t *err);
    /* Makes a statement idle for reuse (reset, bindings cleared), as finalize cannot fail. */
    void (*recycle)(void *stmt);
    void (*finalize)(void *stmt);
} store_backend_t;

/* store_db.c's SQL scanner and URL masking, shared with the unit tests. store_sql_rewrite copies
 * sql to *out (caller frees) with, outside string literals, quoted identifiers and comments,
 * `?` turned into numbered $n when dollar is set and `@ID@` into id_column when it is not NULL;
 * *n_params gets the count of `?`. store_url_redact writes url with any password as "***". */
onc_rc store_sql_rewrite(const char *sql, bool dollar, const char *id_column, char **out, int *n_params, onc_err_t *err);
void store_url_redact(const char *url, char *out, size_t cap);

/* The back end's own connection of db (store_db.c), for what only one back end can do. */
void *store_db_native(onc_db_t *db);
/* The read sink set on db (audit.h), NULL when none; *ctx its context. */
onc_audit_read_sink store_db_read_sink(const onc_db_t *db, void **ctx);
/* The open transaction appended to the audit log: its commit must anchor the head. */
void store_db_mark_appended(onc_db_t *db);
bool store_db_appended(const onc_db_t *db);
/* SQLite's online backup API (store_sqlite.c): copies the database of conn, inside the read
 * transaction conn has open (its snapshot), into the SQLite file at path (new or empty), and leaves
 * the copy in rollback-journal mode, one self-contained file. */
onc_rc store_sqlite_backup(void *conn, const char *path, onc_err_t *err);

extern const store_backend_t store_sqlite_backend;
extern const store_backend_t store_pg_backend;

#endif
