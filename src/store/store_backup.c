/* store_backup.c: `db backup` and `db restore` (backup.h, docs/registry.md "Backup and restore").
 *
 * The tables and their columns come from the program itself, never from the file being read: an
 * in-memory SQLite registry migrated by this build is asked for them (sqlite_master in creation
 * order, which is the schema's order, so that a table comes after those it references). A backup
 * of SQLite copies the pages of one read transaction with SQLite's online backup API; a backup of
 * PostgreSQL, and every restore, copies rows through db.h, value by value with the column's
 * declared type, from one snapshot of the source into one transaction of the destination. Every
 * step that can leave a bad artefact is checked, and a failure of fsync, close or link is fatal
 * for the backup file (research notes 1.7: never retry and go on).
 */
#include "oncoboard/backup.h"

#include "store_int.h"

#include "oncoboard/audit.h"
#include "oncoboard/db.h"
#include "oncoboard/version.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_COLS 64
#define SQL_CAP 8192
#define PATH_CAP 4096
#define DIGEST_KEY "backup_sha256"

typedef struct bk_column {
    char name[ONC_BACKUP_NAME_MAX];
    char kind; /* 'i' integer, 'd' double, 'b' bytes, 't' text */
} bk_column_t;

typedef struct bk_table {
    char name[ONC_BACKUP_NAME_MAX];
    int n_cols;
    bool id_key; /* an `@ID@` column `id` (PostgreSQL: an identity to move past the restored ids) */
    bk_column_t cols[MAX_COLS];
} bk_table_t;

typedef struct bk_schema {
    int n;
    bk_table_t t[ONC_BACKUP_MAX_TABLES];
} bk_schema_t;

/* ---- small helpers ---- */

static onc_rc finish_stmt(onc_db_stmt_t *st, onc_rc rc)
{
    onc_db_finalize(st);
    return rc;
}

/* err's message behind a prefix: copied first, since err is also where the result goes. */
static onc_rc wrap(onc_err_t *err, onc_rc rc, const char *prefix)
{
    char msg[ONC_ERR_MSG_MAX];
    snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
    return onc_err_set(err, rc, "%s: %s", prefix, msg);
}

/* The first column of the first row of sql (no values) as int64; 0 when there is no row. */
static onc_rc query_int(onc_db_t *db, const char *sql, int64_t *out, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    *out = 0;
    onc_rc rc = onc_db_prepare(db, sql, &st, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && row) *out = onc_db_column_int64(st, 0);
    return finish_stmt(st, rc);
}

static bool is_identifier(const char *s)
{
    if (!*s || strlen(s) >= ONC_BACKUP_NAME_MAX) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return false;
    return true;
}

/* Appends printf text to buf (capacity SQL_CAP); false when it would not fit. */
static bool sql_add(char *buf, size_t *len, const char *fmt, const char *s)
{
    int n = snprintf(buf + *len, SQL_CAP - *len, fmt, s);
    if (n < 0 || (size_t)n >= SQL_CAP - *len) return false;
    *len += (size_t)n;
    return true;
}

/* "c1, c2, ..." of t into buf. */
static bool column_list(const bk_table_t *t, char *buf, size_t *len)
{
    for (int i = 0; i < t->n_cols; i++)
        if (!sql_add(buf, len, i ? ", %s" : "%s", t->cols[i].name)) return false;
    return true;
}

static onc_rc sql_too_long(onc_err_t *err, const char *table)
{
    return onc_err_set(err, ONC_EINTERNAL, "backup: the SQL for table %s is longer than %d bytes", table, SQL_CAP);
}

/* ---- the schema, from this build ---- */

static char kind_of(const char *type)
{
    if (strstr(type, "INT")) return 'i';
    if (strstr(type, "DOUB") || strstr(type, "REAL") || strstr(type, "FLOA")) return 'd';
    if (strstr(type, "BYTEA") || strstr(type, "BLOB")) return 'b';
    return 't';
}

static onc_rc load_columns(onc_db_t *mem, bk_table_t *t, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(mem, "SELECT name, upper(type), pk FROM pragma_table_info(?) ORDER BY cid", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, t->name, err);
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        const char *name = onc_db_column_text(st, 0), *type = onc_db_column_text(st, 1);
        if (t->n_cols == MAX_COLS || !name || !is_identifier(name))
            return finish_stmt(st, onc_err_set(err, ONC_EINTERNAL, "backup: table %s: too many or odd columns", t->name));
        bk_column_t *c = &t->cols[t->n_cols++];
        snprintf(c->name, sizeof c->name, "%s", name);
        c->kind = kind_of(type ? type : "");
        if (strcmp(name, "id") == 0 && onc_db_column_int64(st, 2) == 1 && type && strcmp(type, "INTEGER") == 0)
            t->id_key = true;
    }
    return finish_stmt(st, rc);
}

static onc_rc load_tables(onc_db_t *mem, bk_schema_t *s, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(mem,
                               "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "ORDER BY rowid",
                               &st, err);
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        const char *name = onc_db_column_text(st, 0);
        if (s->n == ONC_BACKUP_MAX_TABLES || !name || !is_identifier(name))
            return finish_stmt(st, onc_err_set(err, ONC_EINTERNAL, "backup: too many or odd table names in the schema"));
        snprintf(s->t[s->n++].name, ONC_BACKUP_NAME_MAX, "%s", name);
    }
    onc_db_finalize(st);
    for (int i = 0; rc == ONC_OK && i < s->n; i++) rc = load_columns(mem, &s->t[i], err);
    return rc;
}

/* The tables of this build's schema, in creation order. Caller frees. */
static onc_rc schema_load(bk_schema_t **out, onc_err_t *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return onc_err_set(err, ONC_ENOMEM, "backup: out of memory");
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.create = true;
    onc_db_t *mem = NULL;
    onc_rc rc = onc_db_open("sqlite::memory:", &o, &mem, err);
    if (rc == ONC_OK) rc = onc_db_migrate(mem, NULL, NULL, err);
    if (rc == ONC_OK) rc = load_tables(mem, *out, err);
    onc_db_close(mem);
    if (rc != ONC_OK) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- rows ---- */

/* Rows of a backup's oncoboard_meta that describe the backup, not the registry. */
#define NOT_BACKUP_META " WHERE substr(key, 1, 7) <> 'backup_'"

/* Rows per table (a backup's own meta rows left out, so that a copy counts as its source). */
static onc_rc count_tables(onc_db_t *db, const bk_schema_t *s, onc_backup_report_t *rep, onc_err_t *err)
{
    rep->n_tables = s->n;
    rep->total_rows = 0;
    for (int i = 0; i < s->n; i++) {
        char sql[SQL_CAP];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s%s", s->t[i].name,
                 strcmp(s->t[i].name, "oncoboard_meta") == 0 ? NOT_BACKUP_META : "");
        snprintf(rep->table[i], ONC_BACKUP_NAME_MAX, "%s", s->t[i].name);
        onc_rc rc = query_int(db, sql, &rep->rows[i], err);
        if (rc != ONC_OK) return rc;
        rep->total_rows += rep->rows[i];
    }
    return ONC_OK;
}

static onc_rc bind_value(onc_db_stmt_t *ins, int i, const bk_column_t *c, onc_db_stmt_t *sel, onc_err_t *err)
{
    if (onc_db_column_is_null(sel, i)) return onc_db_bind_null(ins, i + 1, err);
    size_t n = 0;
    const void *p;
    switch (c->kind) {
    case 'i': return onc_db_bind_int64(ins, i + 1, onc_db_column_int64(sel, i), err);
    case 'd': return onc_db_bind_double(ins, i + 1, onc_db_column_double(sel, i), err);
    case 'b':
        p = onc_db_column_blob(sel, i, &n);
        return onc_db_bind_blob(ins, i + 1, p, n, err);
    default: return onc_db_bind_text(ins, i + 1, onc_db_column_text(sel, i), err);
    }
}

/* Copies every row of t from src to dst (inside dst's transaction); skip_meta leaves out a
 * backup's own oncoboard_meta rows. */
static onc_rc copy_table(onc_db_t *src, onc_db_t *dst, const bk_table_t *t, bool skip_meta, onc_err_t *err)
{
    char sel_sql[SQL_CAP], ins_sql[SQL_CAP];
    size_t ls = 0, li = 0;
    bool ok = sql_add(sel_sql, &ls, "%s", "SELECT ") && column_list(t, sel_sql, &ls) &&
              sql_add(sel_sql, &ls, " FROM %s", t->name) &&
              (!skip_meta || strcmp(t->name, "oncoboard_meta") != 0 || sql_add(sel_sql, &ls, "%s", NOT_BACKUP_META));
    ok = ok && sql_add(ins_sql, &li, "INSERT INTO %s (", t->name) && column_list(t, ins_sql, &li) &&
         sql_add(ins_sql, &li, "%s", ") VALUES (");
    for (int i = 0; ok && i < t->n_cols; i++) ok = sql_add(ins_sql, &li, "%s", i ? ", ?" : "?");
    ok = ok && sql_add(ins_sql, &li, "%s", ")");
    if (!ok) return sql_too_long(err, t->name);
    onc_db_stmt_t *sel = NULL, *ins = NULL;
    bool row = false, done = false;
    onc_rc rc = onc_db_prepare(src, sel_sql, &sel, err);
    if (rc == ONC_OK) rc = onc_db_prepare(dst, ins_sql, &ins, err);
    while (rc == ONC_OK && (rc = onc_db_step(sel, &row, err)) == ONC_OK && row) {
        for (int i = 0; rc == ONC_OK && i < t->n_cols; i++) rc = bind_value(ins, i, &t->cols[i], sel, err);
        if (rc == ONC_OK) rc = onc_db_step(ins, &done, err);
        if (rc == ONC_OK) rc = onc_db_reset(ins, err);
    }
    onc_db_finalize(sel);
    onc_db_finalize(ins);
    return rc;
}

/* Empties every table, the referencing ones first (reverse creation order). */
static onc_rc clear_tables(onc_db_t *db, const bk_schema_t *s, onc_err_t *err)
{
    for (int i = s->n - 1; i >= 0; i--) {
        char sql[SQL_CAP];
        snprintf(sql, sizeof sql, "DELETE FROM %s", s->t[i].name);
        onc_rc rc = onc_db_exec(db, sql, err);
        if (rc != ONC_OK) return rc;
    }
    return ONC_OK;
}

static onc_rc copy_tables(onc_db_t *src, onc_db_t *dst, const bk_schema_t *s, bool skip_meta, onc_err_t *err)
{
    onc_rc rc = clear_tables(dst, s, err);
    for (int i = 0; rc == ONC_OK && i < s->n; i++) rc = copy_table(src, dst, &s->t[i], skip_meta, err);
    return rc;
}

/* PostgreSQL: an identity column hands out max(id)+1 next, not an id the restore brought back. */
static onc_rc move_identities(onc_db_t *db, const bk_schema_t *s, onc_err_t *err)
{
    if (onc_db_kind_of(db) != ONC_DB_POSTGRESQL) return ONC_OK;
    for (int i = 0; i < s->n; i++) {
        if (!s->t[i].id_key) continue;
        char sql[SQL_CAP];
        const char *t = s->t[i].name;
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM %s), false)",
                 t, t);
        onc_rc rc = onc_db_exec(db, sql, err);
        if (rc != ONC_OK) return rc;
    }
    return ONC_OK;
}

/* ---- the digest of a backup's rows ---- */

static void digest_field(struct sha256_ctx *h, const void *p, size_t n, bool null)
{
    char len[32];
    int k = null ? snprintf(len, sizeof len, "-:") : snprintf(len, sizeof len, "%zu:", n);
    sha256_update(h, (size_t)k, (const uint8_t *)len);
    if (!null && n) sha256_update(h, n, p);
}

static onc_rc digest_table(onc_db_t *db, const bk_table_t *t, struct sha256_ctx *h, onc_err_t *err)
{
    char sql[SQL_CAP];
    size_t len = 0;
    bool ok = sql_add(sql, &len, "%s", "SELECT ") && column_list(t, sql, &len) && sql_add(sql, &len, " FROM %s", t->name) &&
              (strcmp(t->name, "oncoboard_meta") != 0 || sql_add(sql, &len, "%s", " WHERE key <> '" DIGEST_KEY "'")) &&
              sql_add(sql, &len, "%s", " ORDER BY rowid");
    if (!ok) return sql_too_long(err, t->name);
    digest_field(h, t->name, strlen(t->name), false);
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, sql, &st, err);
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row)
        for (int i = 0; i < t->n_cols; i++) {
            size_t n = 0;
            const void *p = onc_db_column_blob(st, i, &n);
            digest_field(h, p, n, p == NULL);
        }
    return finish_stmt(st, rc);
}

/* SHA-256 of every row of the SQLite file db except the digest's own, as 64 hex digits: each
 * table's name, then each value as LENGTH:BYTES (NULL as -:), rows in rowid order. */
static onc_rc digest_rows(onc_db_t *db, const bk_schema_t *s, char out[65], onc_err_t *err)
{
    struct sha256_ctx h;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&h);
    for (int i = 0; i < s->n; i++) {
        onc_rc rc = digest_table(db, &s->t[i], &h, err);
        if (rc != ONC_OK) return rc;
    }
    sha256_digest(&h, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
    return ONC_OK;
}

/* ---- meta rows and checks ---- */

static onc_rc meta_put(onc_db_t *db, const char *key, const char *value, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "INSERT INTO oncoboard_meta (key, value) VALUES (?, ?)", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, key, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 2, value, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    return finish_stmt(st, rc);
}

/* The value of key (empty when absent). */
static onc_rc meta_get(onc_db_t *db, const char *key, char *out, size_t n, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    out[0] = '\0';
    onc_rc rc = onc_db_prepare(db, "SELECT value FROM oncoboard_meta WHERE key = ?", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, key, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && row && onc_db_column_text(st, 0)) snprintf(out, n, "%s", onc_db_column_text(st, 0));
    return finish_stmt(st, rc);
}

/* PRAGMA integrity_check of an SQLite registry: ONC_EDB with the first problem unless "ok". */
static onc_rc integrity_ok(onc_db_t *db, const char *what, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "PRAGMA integrity_check", &st, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && (!row || !onc_db_column_text(st, 0) || strcmp(onc_db_column_text(st, 0), "ok") != 0))
        rc = onc_err_set(err, ONC_EDB, "%s is damaged: integrity_check: %.300s", what,
                         row && onc_db_column_text(st, 0) ? onc_db_column_text(st, 0) : "no answer");
    return finish_stmt(st, rc);
}

static onc_rc counts_equal(const onc_backup_report_t *want, const onc_backup_report_t *got, const char *what,
                           onc_err_t *err)
{
    for (int i = 0; i < want->n_tables; i++)
        if (want->rows[i] != got->rows[i])
            return onc_err_set(err, ONC_EDB, "%s: table %s has %lld rows, the source %lld", what, want->table[i],
                               (long long)got->rows[i], (long long)want->rows[i]);
    return ONC_OK;
}

/* The audit log's last seq (0 when empty). */
static onc_rc audit_head_seq(onc_db_t *db, int64_t *seq, onc_err_t *err)
{
    return query_int(db, "SELECT coalesce(max(seq), 0) FROM audit_log", seq, err);
}

static onc_rc open_sqlite(const char *path, bool create, bool read_only, onc_db_t **db, onc_err_t *err)
{
    char url[PATH_CAP + 8];
    if (snprintf(url, sizeof url, "sqlite:%s", path) >= (int)sizeof url)
        return onc_err_set(err, ONC_ELIMIT, "%s: path too long", path);
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.create = create;
    o.read_only = read_only;
    return onc_db_open(url, &o, db, err);
}

static onc_rc open_url(const char *url, bool create, bool read_only, onc_db_t **db, onc_err_t *err)
{
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.create = create;
    o.read_only = read_only;
    return onc_db_open(url, &o, db, err);
}

static void utc_stamp(char out[32], const char *fmt)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || strftime(out, 32, fmt, &tm) == 0) snprintf(out, 32, "unknown");
}

/* A path for an audit detail: control characters (refused there) written as '?'. */
static void printable(const char *s, char *out, size_t n)
{
    size_t k = 0;
    for (; *s && k + 1 < n; s++) out[k++] = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
    out[k] = '\0';
}

/* ---- files ---- */

static void remove_sqlite_files(const char *path)
{
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[PATH_CAP + 16];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

static onc_rc fsync_path(const char *path, bool dir, onc_err_t *err)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return onc_err_set(err, ONC_EIO, "%s: cannot open to sync: %s", path, strerror(errno));
    int rc = fsync(fd), saved = errno;
    if (close(fd) != 0 && rc == 0) rc = -1, saved = errno;
    return rc == 0 ? ONC_OK : onc_err_set(err, ONC_EIO, "%s: fsync failed: %s", path, strerror(saved));
}

static void parent_dir(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(out, n, ".");
    else if (slash == path) snprintf(out, n, "/");
    else snprintf(out, n, "%.*s", (int)(slash - path), path);
}

/* SHA-256 of the file's bytes, as 64 hex digits (read while no connection has it open). */
static onc_rc file_sha256(const char *path, char out[65], onc_err_t *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return onc_err_set(err, ONC_EIO, "%s: cannot read: %s", path, strerror(errno));
    struct sha256_ctx h;
    uint8_t buf[65536], d[SHA256_DIGEST_SIZE];
    sha256_init(&h);
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0) sha256_update(&h, (size_t)n, buf);
    int saved = errno;
    close(fd);
    if (n < 0) return onc_err_set(err, ONC_EIO, "%s: read error: %s", path, strerror(saved));
    sha256_digest(&h, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
    return ONC_OK;
}

/* Writes "HEX  NAME\n" (sha256sum's format) to a new file at path, synced. */
static onc_rc write_sidecar(const char *path, const char *hex, const char *name, onc_err_t *err)
{
    char line[PATH_CAP + 80];
    int len = snprintf(line, sizeof line, "%s  %s\n", hex, name);
    if (len < 0 || (size_t)len >= sizeof line) return onc_err_set(err, ONC_ELIMIT, "%s: name too long", path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return onc_err_set(err, ONC_EIO, "%s: cannot create: %s", path, strerror(errno));
    ssize_t w = write(fd, line, (size_t)len);
    int bad = w != len || fsync(fd) != 0, saved = errno;
    if (close(fd) != 0 && !bad) bad = 1, saved = errno;
    if (bad) {
        unlink(path);
        return onc_err_set(err, ONC_EIO, "%s: write failed: %s", path, strerror(saved));
    }
    return ONC_OK;
}

/* Checks the backup's bytes against PATH.sha256 when it is there (*checked says whether). */
static onc_rc check_sidecar(const char *path, onc_backup_report_t *rep, onc_err_t *err)
{
    char side[PATH_CAP + 16], line[160];
    snprintf(side, sizeof side, "%s.sha256", path);
    rep->file_hash_checked = false;
    int fd = open(side, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) return ONC_OK;
    if (fd < 0) return onc_err_set(err, ONC_EIO, "%s: cannot read: %s", side, strerror(errno));
    ssize_t n = read(fd, line, sizeof line - 1);
    close(fd);
    if (n < 64) return onc_err_set(err, ONC_EPARSE, "%s: not a SHA-256 line (HEX  NAME)", side);
    line[64] = '\0';
    onc_rc rc = file_sha256(path, rep->file_sha256, err);
    if (rc != ONC_OK) return rc;
    if (strcmp(line, rep->file_sha256) != 0)
        return onc_err_set(err, ONC_EDB, "%s is damaged: its SHA-256 is not the one written with it in %s", path, side);
    rep->file_hash_checked = true;
    return ONC_OK;
}

/* ---- backup ---- */

typedef struct backup_job {
    const char *url, *path, *actor;
    bk_schema_t *schema;
    onc_backup_report_t source; /* counts in the source's snapshot */
    int64_t head;               /* the source's audit head in that snapshot */
    char tmp[PATH_CAP];
    char key_path[PATH_CAP], ckpt_path[PATH_CAP];
    bool have_anchors;
} backup_job_t;

/* Opens a snapshot of the source: one read transaction, REPEATABLE READ on PostgreSQL. */
static onc_rc source_snapshot(onc_db_t *src, onc_err_t *err)
{
    onc_rc rc = onc_db_begin(src, err);
    if (rc == ONC_OK && onc_db_kind_of(src) == ONC_DB_POSTGRESQL)
        rc = onc_db_exec(src, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", err);
    return rc;
}

/* Describes the copy in its oncoboard_meta (copying the snapshot's rows into it first unless
 * SQLite's backup API has copied its pages). */
static onc_rc write_copy(backup_job_t *j, onc_db_t *src, onc_db_t *dst, bool copy_rows, onc_backup_report_t *rep,
                         onc_err_t *err)
{
    char taken[32], head[32];
    utc_stamp(taken, "%Y-%m-%dT%H:%M:%SZ");
    snprintf(head, sizeof head, "%lld", (long long)j->head);
    onc_rc rc = onc_db_begin(dst, err);
    if (rc == ONC_OK && copy_rows) rc = copy_tables(src, dst, j->schema, false, err);
    if (rc == ONC_OK) rc = meta_put(dst, "backup_taken_at", taken, err);
    if (rc == ONC_OK) rc = meta_put(dst, "backup_source", onc_db_url_redacted(src), err);
    if (rc == ONC_OK) rc = meta_put(dst, "backup_by", j->actor, err);
    if (rc == ONC_OK) rc = meta_put(dst, "backup_oncoboard_version", ONC_VERSION, err);
    if (rc == ONC_OK) rc = meta_put(dst, "backup_audit_head", head, err);
    if (rc == ONC_OK) rc = digest_rows(dst, j->schema, rep->sha256, err);
    if (rc == ONC_OK) rc = meta_put(dst, DIGEST_KEY, rep->sha256, err);
    if (rc == ONC_OK) rc = onc_db_commit(dst, err);
    else (void)onc_db_rollback(dst, NULL);
    /* One self-contained file: no -wal beside it once closed. */
    if (rc == ONC_OK) rc = onc_db_exec(dst, "PRAGMA journal_mode=DELETE", err);
    return rc;
}

/* Verifies the backup file at path on its own: integrity, version, digest, counts, head. */
static onc_rc check_backup_file(const char *path, const bk_schema_t *s, onc_backup_report_t *rep, onc_err_t *err)
{
    onc_db_t *db = NULL;
    char stored[80];
    onc_rc rc = open_sqlite(path, false, true, &db, err);
    if (rc != ONC_OK) return wrap(err, rc, "cannot open the backup");
    rc = integrity_ok(db, path, err);
    rep->integrity_checked = rc == ONC_OK;
    if (rc == ONC_OK) rc = onc_db_schema_version(db, &rep->schema_version, err);
    if (rc == ONC_OK && rep->schema_version != ONC_DB_SCHEMA_VERSION)
        rc = onc_err_set(err, ONC_ECONFLICT, "%s: a backup of schema version %d, not %d: restore it with the oncoboard "
                                             "that wrote it", path, rep->schema_version, ONC_DB_SCHEMA_VERSION);
    if (rc == ONC_OK) rc = onc_db_begin(db, err); /* one snapshot for what follows */
    if (rc == ONC_OK) rc = meta_get(db, DIGEST_KEY, stored, sizeof stored, err);
    if (rc == ONC_OK && !stored[0])
        rc = onc_err_set(err, ONC_ECONFLICT, "%s: not an oncoboard backup (no %s in oncoboard_meta)", path, DIGEST_KEY);
    if (rc == ONC_OK) rc = digest_rows(db, s, rep->sha256, err);
    if (rc == ONC_OK && strcmp(stored, rep->sha256) != 0)
        rc = onc_err_set(err, ONC_EDB, "%s is damaged: its rows do not match the digest written with them", path);
    if (rc == ONC_OK) rc = count_tables(db, s, rep, err);
    if (rc == ONC_OK) rc = audit_head_seq(db, &rep->audit_head, err);
    (void)onc_db_rollback(db, NULL);
    onc_db_close(db);
    return rc;
}

/* The backup's audit chain against the key at key_path and the checkpoints at ckpt_path (NULL:
 * none), which it must agree with up to its head. Nothing to check in an empty log. */
static onc_rc check_backup_audit(const char *path, const char *key_path, const char *ckpt_path,
                                 onc_backup_report_t *rep, onc_err_t *err)
{
    if (rep->audit_head == 0) return ONC_OK;
    onc_db_t *db = NULL;
    onc_audit_report_t ar = {0};
    onc_rc rc = open_sqlite(path, false, true, &db, err);
    if (rc == ONC_OK) rc = onc_audit_verify_anchors(db, key_path, ckpt_path, true, &ar, err);
    onc_db_close(db);
    char what[3 * PATH_CAP];
    snprintf(what, sizeof what, "%s: the audit log does not verify against %s%s%s", path, key_path,
             ckpt_path ? " and " : "", ckpt_path ? ckpt_path : "");
    if (rc == ONC_ECONFLICT) return wrap(err, rc, what);
    rep->audit_entries = ar.n_entries;
    rep->audit_checkpoints = ar.n_checkpoints;
    rep->anchored_seq = ar.anchored_seq;
    return rc;
}

/* Where the registry's audit key and checkpoints are; PostgreSQL without them configured can
 * still be backed up when its log is empty. */
static onc_rc anchors_of(onc_db_t *db, char *key, char *ckpt, bool *have, onc_err_t *err)
{
    onc_err_t quiet = {0};
    *have = onc_audit_key_path(db, key, PATH_CAP, &quiet) == ONC_OK &&
            onc_audit_checkpoint_path(db, ckpt, PATH_CAP, &quiet) == ONC_OK;
    if (!*have) {
        key[0] = ckpt[0] = '\0';
        return onc_err_set(err, quiet.code ? quiet.code : ONC_EINVAL, "%s", quiet.msg);
    }
    return ONC_OK;
}

static onc_rc take_snapshot_copy(backup_job_t *j, onc_backup_report_t *rep, onc_err_t *err)
{
    onc_db_t *src = NULL, *dst = NULL;
    onc_rc rc = open_url(j->url, false, true, &src, err);
    if (rc == ONC_OK) rc = onc_db_schema_check(src, err);
    onc_err_t anchor_err = {0};
    if (rc == ONC_OK) (void)anchors_of(src, j->key_path, j->ckpt_path, &j->have_anchors, &anchor_err);
    /* SQLite: its online backup API copies the pages of the snapshot; PostgreSQL: rows */
    bool pages = rc == ONC_OK && onc_db_kind_of(src) == ONC_DB_SQLITE;
    if (rc == ONC_OK) rc = source_snapshot(src, err);
    if (rc == ONC_OK) rc = count_tables(src, j->schema, &j->source, err);
    if (rc == ONC_OK) rc = audit_head_seq(src, &j->head, err);
    if (rc == ONC_OK && j->head > 0 && !j->have_anchors)
        rc = onc_err_set(err, ONC_EINVAL, "the audit log cannot be verified: %s", anchor_err.msg);
    if (rc == ONC_OK && pages) rc = store_sqlite_backup(store_db_native(src), j->tmp, err);
    if (rc == ONC_OK) rc = open_sqlite(j->tmp, !pages, false, &dst, err);
    if (rc == ONC_OK && !pages) rc = onc_db_migrate(dst, NULL, NULL, err);
    if (rc == ONC_OK) rc = write_copy(j, src, dst, !pages, rep, err);
    (void)onc_db_rollback(src, NULL);
    onc_db_close(src);
    onc_db_close(dst);
    return rc;
}

/* Records the backup in the registry's audit log, committed (*recorded) and checkpointed. */
static onc_rc audit_action(const char *url, const char *actor, const char *action, const char *detail, bool *recorded,
                           onc_err_t *err)
{
    onc_db_t *db = NULL;
    onc_audit_entry_t e = {actor, action, "registry", NULL, NULL, detail};
    *recorded = false;
    onc_rc rc = open_url(url, false, false, &db, err);
    if (rc == ONC_OK) rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = onc_audit_append(db, &e, err);
    if (rc == ONC_OK) rc = onc_db_commit(db, err);
    else (void)onc_db_rollback(db, NULL);
    *recorded = rc == ONC_OK;
    if (rc == ONC_OK) rc = onc_audit_checkpoint(db, err);
    onc_db_close(db);
    return rc;
}

/* Links the verified temporary file and its SHA-256 line to their names (never over an existing
 * file) and syncs the folder; on any failure neither stays. */
static onc_rc publish(const char *tmp, const char *path, onc_backup_report_t *rep, onc_err_t *err)
{
    char side[PATH_CAP + 16], side_tmp[PATH_CAP + 32], dir[PATH_CAP];
    const char *slash = strrchr(path, '/');
    snprintf(side, sizeof side, "%s.sha256", path);
    snprintf(side_tmp, sizeof side_tmp, "%s.sha256", tmp);
    onc_rc rc = file_sha256(tmp, rep->file_sha256, err);
    if (rc == ONC_OK) rc = write_sidecar(side_tmp, rep->file_sha256, slash ? slash + 1 : path, err);
    if (rc != ONC_OK) return rc;
    if (link(tmp, path) != 0) rc = onc_err_set(err, errno == EEXIST ? ONC_EINVAL : ONC_EIO, "%s: %s", path,
                                               errno == EEXIST ? "exists already: choose a new name" : strerror(errno));
    else if (link(side_tmp, side) != 0) {
        rc = onc_err_set(err, ONC_EIO, "%s: %s", side, strerror(errno));
        unlink(path);
    }
    unlink(side_tmp);
    if (rc != ONC_OK) return rc;
    parent_dir(path, dir, sizeof dir);
    rc = fsync_path(dir, true, err);
    if (rc != ONC_OK) {
        unlink(path);
        unlink(side);
    }
    rep->file_hash_checked = rc == ONC_OK;
    return rc;
}

/* Removes a published backup (its record in the audit log failed). */
static void unpublish(const char *path)
{
    char side[PATH_CAP + 16];
    snprintf(side, sizeof side, "%s.sha256", path);
    unlink(path);
    unlink(side);
}

onc_rc onc_backup_write(const char *url, const char *path, const char *actor, onc_backup_report_t *rep, onc_err_t *err)
{
    if (!url || !path || !*path || !actor || !rep) return onc_err_set(err, ONC_EINVAL, "backup: no registry, file or actor");
    memset(rep, 0, sizeof *rep);
    char side[PATH_CAP + 16];
    snprintf(side, sizeof side, "%s.sha256", path);
    if (access(path, F_OK) == 0 || access(side, F_OK) == 0)
        return onc_err_set(err, ONC_EINVAL, "%s%s: exists already: choose a new name for the backup", path,
                           access(path, F_OK) == 0 ? "" : ".sha256");
    backup_job_t j = {.url = url, .path = path, .actor = actor};
    if (snprintf(j.tmp, sizeof j.tmp, "%s.tmpXXXXXX", path) >= (int)sizeof j.tmp)
        return onc_err_set(err, ONC_ELIMIT, "%s: path too long", path);
    onc_rc rc = schema_load(&j.schema, err);
    if (rc != ONC_OK) return rc;
    int fd = mkstemp(j.tmp); /* an empty file is an empty SQLite database */
    if (fd < 0) {
        free(j.schema);
        return onc_err_set(err, ONC_EIO, "%s: cannot create a temporary file beside it: %s", path, strerror(errno));
    }
    close(fd);
    rc = take_snapshot_copy(&j, rep, err);
    if (rc == ONC_OK) rc = fsync_path(j.tmp, false, err);
    if (rc == ONC_OK) rc = check_backup_file(j.tmp, j.schema, rep, err);
    if (rc == ONC_OK) rc = check_backup_audit(j.tmp, j.key_path, j.have_anchors ? j.ckpt_path : NULL, rep, err);
    if (rc == ONC_OK) rc = counts_equal(&j.source, rep, path, err);
    if (rc == ONC_OK && rep->audit_head != j.head)
        rc = onc_err_set(err, ONC_EDB, "%s: the copy's audit log ends at seq %lld, the source's at %lld", path,
                         (long long)rep->audit_head, (long long)j.head);
    if (rc == ONC_OK) rc = publish(j.tmp, path, rep, err);
    remove_sqlite_files(j.tmp);
    free(j.schema);
    if (rc != ONC_OK) return rc;
    char detail[1024], shown[600];
    printable(path, shown, sizeof shown);
    snprintf(detail, sizeof detail, "to %s: %lld rows in %d tables, audit head seq %lld, sha256 %s", shown,
             (long long)rep->total_rows, rep->n_tables, (long long)rep->audit_head, rep->sha256);
    bool recorded = false;
    rc = audit_action(url, actor, "backup", detail, &recorded, err);
    if (rc != ONC_OK && recorded)
        return wrap(err, rc, "the backup was written and recorded, but the audit log's head could not be anchored "
                             "(`oncoboard audit checkpoint` anchors it)");
    if (rc != ONC_OK) {
        unpublish(path); /* an unrecorded backup is not left behind */
        return wrap(err, rc, "the backup could not be recorded in the audit log, so it was removed");
    }
    return ONC_OK;
}

/* ---- restore ---- */

/* Whether db holds any row besides its version (oncoboard_meta) and the audit head's one row. */
static onc_rc holds_rows(onc_db_t *db, const bk_schema_t *s, int64_t *n, char *table, onc_err_t *err)
{
    *n = 0;
    for (int i = 0; i < s->n && *n == 0; i++) {
        if (strcmp(s->t[i].name, "oncoboard_meta") == 0 || strcmp(s->t[i].name, "audit_head") == 0) continue;
        char sql[SQL_CAP];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", s->t[i].name);
        onc_rc rc = query_int(db, sql, n, err);
        if (rc != ONC_OK) return rc;
        if (*n) snprintf(table, ONC_BACKUP_NAME_MAX, "%s", s->t[i].name);
    }
    return ONC_OK;
}

/* Opens (creating an SQLite file, migrating an empty database) the registry to restore into. */
static onc_rc open_target(const char *url, const bk_schema_t *s, bool force, onc_db_t **db, onc_err_t *err)
{
    int version = 0;
    onc_rc rc = open_url(url, true, false, db, err);
    if (rc == ONC_OK) rc = onc_db_schema_version(*db, &version, err);
    if (rc == ONC_OK && version == 0) rc = onc_db_migrate(*db, NULL, NULL, err);
    if (rc == ONC_OK) rc = onc_db_schema_check(*db, err);
    int64_t n = 0;
    char table[ONC_BACKUP_NAME_MAX] = "";
    if (rc == ONC_OK) rc = holds_rows(*db, s, &n, table, err);
    if (rc == ONC_OK && n && !force)
        rc = onc_err_set(err, ONC_ECONFLICT, "%s is not empty (table %s has %lld rows): give --force to replace "
                                             "everything in it with the backup", onc_db_url_redacted(*db), table, (long long)n);
    return rc;
}

typedef struct restore_job {
    const char *url, *path, *actor;
    bk_schema_t *schema;
    char key_path[PATH_CAP], ckpt_path[PATH_CAP];
    bool ckpt_moved;   /* the old checkpoint file was renamed (rep->moved_checkpoints) */
    bool ckpt_created; /* the new epoch's empty file was created */
} restore_job_t;

/* Creates the new epoch's checkpoint file, empty and synced, before the restore commits: a crash
 * between the commit and the checkpoint then reads as "not yet anchored", not as missing. */
static onc_rc start_checkpoints(restore_job_t *j, onc_err_t *err)
{
    int fd = open(j->ckpt_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return onc_err_set(err, ONC_EIO, "%s: cannot start the checkpoints: %s", j->ckpt_path, strerror(errno));
    j->ckpt_created = true;
    int bad = fsync(fd) != 0, saved = errno;
    if (close(fd) != 0 && !bad) bad = 1, saved = errno;
    char dir[PATH_CAP];
    parent_dir(j->ckpt_path, dir, sizeof dir);
    if (bad) return onc_err_set(err, ONC_EIO, "%s: cannot start the checkpoints: %s", j->ckpt_path, strerror(saved));
    return fsync_path(dir, true, err);
}

/* A new epoch of checkpoints: the old file may anchor entries the backup lacks (or the restore
 * will number differently), so it is kept beside, renamed, and a new one starts. */
static onc_rc move_checkpoints(restore_job_t *j, onc_backup_report_t *rep, onc_err_t *err)
{
    if (access(j->ckpt_path, F_OK) != 0) return start_checkpoints(j, err);
    char stamp[32];
    utc_stamp(stamp, "%Y%m%dT%H%M%SZ");
    /* a free name: TIME, else TIME-2, TIME-3 ... (restores within one second) */
    for (int k = 1;; k++) {
        char suffix[16] = "";
        if (k > 1) snprintf(suffix, sizeof suffix, "-%d", k);
        int n = snprintf(rep->moved_checkpoints, sizeof rep->moved_checkpoints, "%s.before-restore-%s%s", j->ckpt_path,
                         stamp, suffix);
        if (n < 0 || (size_t)n >= sizeof rep->moved_checkpoints || k > 1000)
            return onc_err_set(err, ONC_ELIMIT, "%s: no free name to keep the old checkpoints", j->ckpt_path);
        if (access(rep->moved_checkpoints, F_OK) != 0) break;
    }
    if (rename(j->ckpt_path, rep->moved_checkpoints) != 0)
        return onc_err_set(err, ONC_EIO, "%s: cannot keep the old checkpoints as %s: %s", j->ckpt_path,
                           rep->moved_checkpoints, strerror(errno));
    j->ckpt_moved = true;
    return start_checkpoints(j, err);
}

/* The restore failed: the registry's checkpoints as they were (the old file back over the new,
 * empty one; or no file when there was none). */
static void unmove_checkpoints(restore_job_t *j, onc_backup_report_t *rep)
{
    if (j->ckpt_moved && rename(rep->moved_checkpoints, j->ckpt_path) == 0) {
        j->ckpt_moved = j->ckpt_created = false;
        rep->moved_checkpoints[0] = '\0';
    }
    if (j->ckpt_created && !j->ckpt_moved) unlink(j->ckpt_path);
    j->ckpt_created = false;
}

/* The restore's own transaction: rows, identities, the audit entry, the counts. */
static onc_rc restore_rows(restore_job_t *j, onc_db_t *bk, onc_db_t *db, const onc_backup_report_t *want,
                           onc_err_t *err)
{
    char detail[1024], shown[600];
    printable(j->path, shown, sizeof shown);
    snprintf(detail, sizeof detail, "from %s: %lld rows, audit head seq %lld, sha256 %s", shown,
             (long long)want->total_rows, (long long)want->audit_head, want->sha256);
    onc_audit_entry_t e = {j->actor, "restore", "registry", NULL, NULL, detail};
    onc_backup_report_t got = {0};
    onc_rc rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = onc_db_begin(bk, err);
    if (rc == ONC_OK) rc = copy_tables(bk, db, j->schema, true, err);
    (void)onc_db_rollback(bk, NULL);
    if (rc == ONC_OK) rc = move_identities(db, j->schema, err);
    if (rc == ONC_OK) rc = onc_audit_append(db, &e, err);
    if (rc == ONC_OK) rc = count_tables(db, j->schema, &got, err);
    for (int i = 0; rc == ONC_OK && i < got.n_tables; i++) /* the restore's entry is one more */
        if (strcmp(got.table[i], "audit_log") == 0) got.rows[i]--;
    if (rc == ONC_OK) rc = counts_equal(want, &got, onc_db_url_redacted(db), err);
    if (rc == ONC_OK) rc = onc_db_commit(db, err);
    else (void)onc_db_rollback(db, NULL);
    return rc;
}

/* After the commit: the checkpoint of the new head, integrity, the whole log. */
static onc_rc after_restore(onc_db_t *db, onc_backup_report_t *rep, onc_err_t *err)
{
    onc_rc rc = onc_audit_checkpoint(db, err);
    if (rc != ONC_OK)
        return wrap(err, rc, "restored, but the audit head could not be anchored");
    if (onc_db_kind_of(db) == ONC_DB_SQLITE && (rc = integrity_ok(db, onc_db_url_redacted(db), err)) != ONC_OK) return rc;
    onc_audit_report_t ar = {0};
    rc = onc_audit_verify_report(db, &ar, err);
    if (rc != ONC_OK) return wrap(err, rc, "restored, but the audit log does not verify");
    rep->audit_entries = ar.n_entries;
    rep->audit_checkpoints = ar.n_checkpoints;
    return ONC_OK;
}

static onc_rc restore_into(restore_job_t *j, bool force, onc_backup_report_t *rep, onc_err_t *err)
{
    onc_db_t *bk = NULL, *db = NULL;
    /* the backup first: a damaged one is refused before the registry is even opened */
    onc_rc rc = check_sidecar(j->path, rep, err);
    if (rc == ONC_OK) rc = check_backup_file(j->path, j->schema, rep, err);
    if (rc == ONC_OK) rc = open_target(j->url, j->schema, force, &db, err);
    bool have = false;
    if (rc == ONC_OK) rc = anchors_of(db, j->key_path, j->ckpt_path, &have, err);
    bool ckpt = rc == ONC_OK && access(j->ckpt_path, F_OK) == 0;
    if (rc == ONC_OK) rc = check_backup_audit(j->path, j->key_path, ckpt ? j->ckpt_path : NULL, rep, err);
    int64_t anchored = rep->anchored_seq;
    if (rc == ONC_OK) rc = open_sqlite(j->path, false, true, &bk, err);
    if (rc == ONC_OK) rc = move_checkpoints(j, rep, err);
    if (rc == ONC_OK) rc = restore_rows(j, bk, db, rep, err);
    if (rc != ONC_OK) unmove_checkpoints(j, rep);
    onc_db_close(bk);
    if (rc == ONC_OK) rc = after_restore(db, rep, err);
    rep->anchored_seq = anchored;
    onc_db_close(db);
    return rc;
}

onc_rc onc_backup_restore(const char *url, const char *path, bool force, const char *actor, onc_backup_report_t *rep,
                          onc_err_t *err)
{
    if (!url || !path || !*path || !actor || !rep) return onc_err_set(err, ONC_EINVAL, "restore: no registry, file or actor");
    memset(rep, 0, sizeof *rep);
    if (access(path, R_OK) != 0) return onc_err_set(err, ONC_EIO, "%s: cannot read the backup: %s", path, strerror(errno));
    restore_job_t j = {.url = url, .path = path, .actor = actor};
    onc_rc rc = schema_load(&j.schema, err);
    if (rc == ONC_OK) rc = restore_into(&j, force, rep, err);
    free(j.schema);
    return rc;
}
