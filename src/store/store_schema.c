/* store_schema.c: schema versions and forward migrations (db.h "schema").
 *
 * The DDL is in src/store/schema/NNN_PART.sql, built into the binary (store_schemadata.S) and listed
 * in schema/parts.def. A database records its version in oncoboard_meta (001_meta.sql).
 * onc_db_migrate brings it to ONC_DB_SCHEMA_VERSION one version at a time: all the parts of a
 * version and the new version number in one transaction, so that a failure (or a kill) leaves
 * the database at the version before, never between two.
 */
#include "store_int.h"
#include "oncoboard/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCHEMA_PART(version, part, path) extern const char onc_schema_##version##_##part[];
#include "schema/parts.def"
#undef SCHEMA_PART

typedef struct schema_part {
    int version;
    const char *name;
    const char *sql;
} schema_part_t;

static const schema_part_t parts[] = {
#define SCHEMA_PART(version, part, path) {version, #part, onc_schema_##version##_##part},
#include "schema/parts.def"
#undef SCHEMA_PART
};

/* A table's presence, from the back end's catalogue (the one query the two dialects cannot
 * share). */
onc_rc onc_db_table_exists(onc_db_t *db, const char *table, bool *exists, onc_err_t *err)
{
    *exists = false;
    const char *sql = onc_db_kind_of(db) == ONC_DB_SQLITE
                          ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
                          : "SELECT count(*) FROM information_schema.tables "
                            "WHERE table_schema = current_schema() AND table_name = ?";
    onc_db_stmt_t *st;
    onc_rc rc = onc_db_prepare(db, sql, &st, err);
    if (rc) return rc;
    bool row = false;
    rc = onc_db_bind_text(st, 1, table, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && row) *exists = onc_db_column_int64(st, 0) > 0;
    onc_db_finalize(st);
    return rc;
}

/* Whether the database holds any table of its own (not the engine's). */
static onc_rc any_table(onc_db_t *db, bool *any, onc_err_t *err)
{
    const char *sql = onc_db_kind_of(db) == ONC_DB_SQLITE
                          ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                          : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()";
    onc_db_stmt_t *st;
    onc_rc rc = onc_db_prepare(db, sql, &st, err);
    if (rc) return rc;
    bool row = false;
    rc = onc_db_step(st, &row, err);
    *any = rc == ONC_OK && row && onc_db_column_int64(st, 0) > 0;
    onc_db_finalize(st);
    return rc;
}

/* Parses a stored version: digits only, 1..9999. */
static int parse_version(const char *s)
{
    if (!s || !*s || strlen(s) > 4 || s[strspn(s, "0123456789")]) return -1;
    int v = 0;
    for (; *s; s++) v = v * 10 + (*s - '0');
    return v;
}

onc_rc onc_db_schema_version(onc_db_t *db, int *version, onc_err_t *err)
{
    if (!db || !version) return onc_err_set(err, ONC_EINVAL, "onc_db_schema_version: no database");
    *version = 0;
    bool meta = false, any = false;
    onc_rc rc = onc_db_table_exists(db, "oncoboard_meta", &meta, err);
    if (rc == ONC_OK && !meta) rc = any_table(db, &any, err);
    if (rc) return rc;
    if (!meta)
        return any ? onc_err_set(err, ONC_ECONFLICT, "%s: not an oncoboard registry (it has tables but no oncoboard_meta)",
                                 onc_db_url_redacted(db))
                   : ONC_OK;
    onc_db_stmt_t *st;
    rc = onc_db_prepare(db, "SELECT value FROM oncoboard_meta WHERE key = 'schema_version'", &st, err);
    if (rc) return rc;
    bool row = false;
    rc = onc_db_step(st, &row, err);
    int v = rc == ONC_OK && row ? parse_version(onc_db_column_text(st, 0)) : -1;
    onc_db_finalize(st);
    if (rc) return rc;
    if (v < 1) return onc_err_set(err, ONC_EDB, "%s: damaged registry: oncoboard_meta has no valid schema_version", onc_db_url_redacted(db));
    *version = v;
    return ONC_OK;
}

onc_rc onc_db_schema_check(onc_db_t *db, onc_err_t *err)
{
    int v;
    onc_rc rc = onc_db_schema_version(db, &v, err);
    if (rc) return rc;
    const char *url = onc_db_url_redacted(db);
    if (v == ONC_DB_SCHEMA_VERSION) return ONC_OK;
    if (v == 0) return onc_err_set(err, ONC_ECONFLICT, "%s: empty database, not a registry yet: run `oncoboard db init`", url);
    if (v < ONC_DB_SCHEMA_VERSION)
        return onc_err_set(err, ONC_ECONFLICT, "%s: the registry is at schema version %d, this oncoboard needs %d: run `oncoboard db migrate`",
                           url, v, ONC_DB_SCHEMA_VERSION);
    return onc_err_set(err, ONC_ECONFLICT, "%s: the registry is at schema version %d, written by a newer oncoboard (this one knows up to %d)",
                       url, v, ONC_DB_SCHEMA_VERSION);
}

/* INSERT or UPDATE of one oncoboard_meta key. */
static onc_rc meta_set(onc_db_t *db, const char *key, const char *value, onc_err_t *err)
{
    onc_db_stmt_t *st;
    onc_rc rc = onc_db_prepare(db, "INSERT INTO oncoboard_meta (key, value) VALUES (?, ?) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               &st, err);
    if (rc) return rc;
    bool row;
    rc = onc_db_bind_text(st, 1, key, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 2, value, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    onc_db_finalize(st);
    return rc;
}

static void now_utc(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm)) snprintf(out, 32, "unknown");
}

/* Version `to`: its parts in order, then the version number (and, for the first, the birth
 * certificate). The caller holds the transaction. */
static onc_rc apply_version(onc_db_t *db, int to, onc_err_t *err)
{
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (parts[i].version != to) continue;
        onc_rc rc = onc_db_exec(db, parts[i].sql, err);
        if (rc) {
            onc_err_t inner = *err;
            return onc_err_set(err, rc, "migration %03d_%s.sql: %s", to, parts[i].name, inner.msg);
        }
    }
    char num[16], now[32];
    snprintf(num, sizeof num, "%d", to);
    onc_rc rc = meta_set(db, "schema_version", num, err);
    if (rc == ONC_OK && to == 1) {
        now_utc(now);
        rc = meta_set(db, "created_at", now, err);
        if (rc == ONC_OK) rc = meta_set(db, "created_by_version", ONC_VERSION, err);
    }
    return rc;
}

onc_rc onc_db_migrate(onc_db_t *db, int *from, int *to, onc_err_t *err)
{
    onc_err_t local = {0};
    if (!err) err = &local;
    int v;
    onc_rc rc = onc_db_schema_version(db, &v, err);
    if (rc) return rc;
    if (from) *from = v;
    if (to) *to = v;
    if (v > ONC_DB_SCHEMA_VERSION) return onc_db_schema_check(db, err);
    if (onc_db_in_transaction(db)) return onc_err_set(err, ONC_EINVAL, "onc_db_migrate runs its own transactions: none may be open");
    while (v < ONC_DB_SCHEMA_VERSION) {
        rc = onc_db_begin(db, err);
        /* Read again under the lock: another process may have migrated in the meantime. */
        int now = v;
        if (rc == ONC_OK) rc = onc_db_schema_version(db, &now, err);
        if (rc == ONC_OK && now == v) rc = apply_version(db, v + 1, err);
        if (rc == ONC_OK) rc = onc_db_commit(db, err);
        if (rc) {
            (void)onc_db_rollback(db, NULL);
            return rc;
        }
        v = now == v ? v + 1 : now;
        if (to) *to = v;
    }
    return ONC_OK;
}
