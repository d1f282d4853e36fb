/* store_audit.c: the append-only, hash-chained audit log (audit.h, docs/audit.md).
 *
 * Each entry's hash is HMAC-SHA-256(key, prev_hash || canonical(entry)) in lowercase hex, with
 * a genesis prev_hash of 64 '0'. canonical() writes a version tag and then every field, seq
 * first, as "LENGTH:BYTES" (a NULL field as "-:"), so that no two different entries serialise
 * alike whatever their bytes. The key (32 random bytes, hex, a 0600 file) and the checkpoints of
 * the head (one "SEQ HASH TIME" line per committed transaction, O_APPEND + fsync) live outside
 * the database: someone holding only the database can neither recompute the chain (no key) nor
 * cut its tail unnoticed (the checkpoints). Appends are serialised by updating audit_head's one
 * row first: that takes SQLite's write lock or PostgreSQL's row lock, so two writers never read
 * the same head, and seq's primary key would refuse a fork anyway.
 */
#include "store_int.h"

#include "oncoboard/audit.h"
#include "oncoboard/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define KEY_BYTES ONC_KEY_BYTES
#define HASH_HEX 64
#define PATH_CAP 4096
#define FIELD_CAP 256   /* actor, action, entity, entity_id, patient_id */
#define DETAIL_CAP 4096 /* detail */
#define CKPT_LINE_CAP 160
#define CANON_TAG "oncoboard-audit-1"

static const char GENESIS[HASH_HEX + 1] = "0000000000000000000000000000000000000000000000000000000000000000";

typedef struct audit_key {
    uint8_t bytes[KEY_BYTES];
} audit_key_t;

/* ---- where the key and the checkpoints live ---- */

/* The SQLite file behind db, from its URL ("sqlite:PATH" or a bare path). */
static const char *sqlite_path(onc_db_t *db)
{
    const char *url = onc_db_url_redacted(db);
    if (url && strncmp(url, "sqlite:", 7) == 0) url += 7;
    return url && *url ? url : NULL;
}

static onc_rc anchor_path(onc_db_t *db, const char *env, const char *suffix, const char *what, char *out,
                          size_t n, onc_err_t *err)
{
    const char *v = getenv(env);
    int len;
    if (v && *v) len = snprintf(out, n, "%s", v);
    else if (onc_db_kind_of(db) == ONC_DB_SQLITE && sqlite_path(db))
        len = snprintf(out, n, "%s%s", sqlite_path(db), suffix);
    else
        return onc_err_set(err, ONC_EINVAL, "audit: set $%s to the %s file (there is no default for PostgreSQL)",
                           env, what);
    if (len < 0 || (size_t)len >= n) return onc_err_set(err, ONC_ELIMIT, "audit: the %s path is too long", what);
    return ONC_OK;
}

onc_rc onc_audit_key_path(onc_db_t *db, char *out, size_t n, onc_err_t *err)
{
    return anchor_path(db, "ONCOBOARD_AUDIT_KEY", ".audit-key", "audit key", out, n, err);
}

onc_rc onc_audit_checkpoint_path(onc_db_t *db, char *out, size_t n, onc_err_t *err)
{
    return anchor_path(db, "ONCOBOARD_AUDIT_CHECKPOINTS", ".audit-checkpoints", "audit checkpoint", out, n, err);
}

/* ---- hex, and the key (its file: keyfile.h) ---- */

#define KEY_MISSING_HINT "(restore it from its backup: without it the log cannot be verified)"

static bool is_hash_hex(const char *s)
{
    if (!s || strlen(s) != HASH_HEX) return false;
    for (size_t i = 0; i < HASH_HEX; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

static onc_rc key_load(onc_db_t *db, bool create, audit_key_t *key, onc_err_t *err)
{
    char path[PATH_CAP];
    onc_rc rc = onc_audit_key_path(db, path, sizeof path, err);
    if (rc != ONC_OK) return rc;
    if (create && access(path, F_OK) != 0 && errno == ENOENT) {
        rc = onc_keyfile_create(path, "audit key", err);
        if (rc != ONC_OK) return rc;
    }
    return onc_keyfile_read(path, "audit key", KEY_MISSING_HINT, key->bytes, err);
}

/* ---- the hash of an entry ---- */

typedef struct audit_fields {
    int64_t seq;
    const char *at, *actor, *action, *entity, *entity_id, *patient_id, *detail;
} audit_fields_t;

static void canon_field(struct hmac_sha256_ctx *h, const char *s)
{
    char len[32];
    int n = s ? snprintf(len, sizeof len, "%zu:", strlen(s)) : snprintf(len, sizeof len, "-:");
    hmac_sha256_update(h, (size_t)n, (const uint8_t *)len);
    if (s) hmac_sha256_update(h, strlen(s), (const uint8_t *)s);
}

/* out: 64 hex digits + NUL. prev is the previous entry's hash as stored (hex text). */
static void entry_hash(const audit_key_t *key, const char *prev, const audit_fields_t *f, char out[HASH_HEX + 1])
{
    struct hmac_sha256_ctx h;
    char seq[32];
    uint8_t digest[SHA256_DIGEST_SIZE];
    hmac_sha256_set_key(&h, KEY_BYTES, key->bytes);
    hmac_sha256_update(&h, strlen(prev), (const uint8_t *)prev);
    canon_field(&h, CANON_TAG);
    snprintf(seq, sizeof seq, "%lld", (long long)f->seq);
    canon_field(&h, seq);
    const char *fields[] = {f->at, f->actor, f->action, f->entity, f->entity_id, f->patient_id, f->detail};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) canon_field(&h, fields[i]);
    hmac_sha256_digest(&h, sizeof digest, digest);
    onc_hex_encode(digest, sizeof digest, out);
    memset(&h, 0, sizeof h);
}

/* ---- appending ---- */

static onc_rc check_field(const char *name, const char *s, bool required, size_t cap, onc_err_t *err)
{
    if (!s) return required ? onc_err_set(err, ONC_EINVAL, "audit entry: field %s is missing", name) : ONC_OK;
    size_t n = strlen(s);
    if (required && n == 0) return onc_err_set(err, ONC_EINVAL, "audit entry: field %s is empty", name);
    if (n > cap) return onc_err_set(err, ONC_ELIMIT, "audit entry: field %s is longer than %zu bytes", name, cap);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return onc_err_set(err, ONC_EINVAL, "audit entry: field %s holds a control character", name);
    return ONC_OK;
}

static onc_rc check_entry(const onc_audit_entry_t *e, onc_err_t *err)
{
    onc_rc rc;
    if ((rc = check_field("actor", e->actor, true, FIELD_CAP, err)) != ONC_OK) return rc;
    if ((rc = check_field("action", e->action, true, FIELD_CAP, err)) != ONC_OK) return rc;
    if ((rc = check_field("entity", e->entity, true, FIELD_CAP, err)) != ONC_OK) return rc;
    if ((rc = check_field("entity_id", e->entity_id, false, FIELD_CAP, err)) != ONC_OK) return rc;
    if ((rc = check_field("patient_id", e->patient_id, false, FIELD_CAP, err)) != ONC_OK) return rc;
    return check_field("detail", e->detail, false, DETAIL_CAP, err);
}

/* "2026-11-29T03:04:05.678Z" */
static onc_rc utc_now(char out[32], onc_err_t *err)
{
    struct timespec ts;
    struct tm tm;
    char secs[24];
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || !gmtime_r(&ts.tv_sec, &tm) ||
        strftime(secs, sizeof secs, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
        return onc_err_set(err, ONC_EINTERNAL, "audit: cannot read the clock");
    snprintf(out, 32, "%s.%03dZ", secs, (int)(ts.tv_nsec / 1000000) % 1000);
    return ONC_OK;
}

/* An appender's statements, prepared once (the SQL of each step of an append). */
enum { A_LOCK, A_HEAD, A_INSERT, A_SET_HEAD, A_N };
static const char *const appender_sql[A_N] = {
    /* the lock first, before reading the head: see the top of the file */
    [A_LOCK] = "UPDATE audit_head SET seq = seq WHERE id = 1",
    [A_HEAD] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
    [A_INSERT] = ("INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, patient_id, detail, "
                  "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    [A_SET_HEAD] = "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
};

struct onc_audit_appender {
    onc_db_t *db;
    onc_db_stmt_t *st[A_N];
    bool have_key;
    audit_key_t key;
};

/* Runs st to its end and resets it for the next append. */
static onc_rc run_reset(onc_db_stmt_t *st, onc_rc rc, onc_err_t *err)
{
    bool row = true;
    while (rc == ONC_OK && row) rc = onc_db_step(st, &row, err);
    onc_err_t ignored = {0};
    onc_rc rr = onc_db_reset(st, rc == ONC_OK ? err : &ignored);
    return rc != ONC_OK ? rc : rr;
}

/* The last entry (seq 0 and the genesis hash when the log is empty). */
static onc_rc read_head(onc_db_stmt_t *st, int64_t *seq, char hash[HASH_HEX + 1], onc_err_t *err)
{
    bool row = false;
    onc_rc rc = onc_db_step(st, &row, err);
    *seq = 0;
    memcpy(hash, GENESIS, HASH_HEX + 1);
    if (rc == ONC_OK && row) {
        const char *h = onc_db_column_text(st, 1);
        *seq = onc_db_column_int64(st, 0);
        if (!is_hash_hex(h)) rc = onc_err_set(err, ONC_ECONFLICT, "audit_log seq %lld: the hash is malformed "
                                                                "(run `oncoboard audit verify`)", (long long)*seq);
        else memcpy(hash, h, HASH_HEX + 1);
    }
    return run_reset(st, rc, err);
}

/* read_head with a statement of its own (checkpoints, verification). */
static onc_rc read_head_once(onc_db_t *db, int64_t *seq, char hash[HASH_HEX + 1], onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    *seq = 0;
    memcpy(hash, GENESIS, HASH_HEX + 1);
    onc_rc rc = onc_db_prepare(db, appender_sql[A_HEAD], &st, err);
    if (rc == ONC_OK) rc = read_head(st, seq, hash, err);
    onc_db_finalize(st);
    return rc;
}

static onc_rc insert_entry(onc_db_stmt_t *st, const audit_fields_t *f, const char *prev, const char *hash, onc_err_t *err)
{
    const char *text[] = {f->at, f->actor, f->action, f->entity, f->entity_id, f->patient_id, f->detail, prev, hash};
    onc_rc rc = onc_db_bind_int64(st, 1, f->seq, err);
    for (int i = 0; rc == ONC_OK && i < (int)(sizeof text / sizeof *text); i++) rc = onc_db_bind_text(st, i + 2, text[i], err);
    return run_reset(st, rc, err);
}

static onc_rc set_head(onc_db_stmt_t *st, int64_t seq, const char *hash, onc_err_t *err)
{
    onc_rc rc = onc_db_bind_int64(st, 1, seq, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 2, hash, err);
    return run_reset(st, rc, err);
}

void onc_audit_appender_close(onc_audit_appender_t *a)
{
    if (!a) return;
    for (int i = 0; i < A_N; i++) onc_db_finalize(a->st[i]);
    memset(&a->key, 0, sizeof a->key);
    free(a);
}

onc_rc onc_audit_appender_open(onc_db_t *db, onc_audit_appender_t **out, onc_err_t *err)
{
    *out = NULL;
    if (!db) return onc_err_set(err, ONC_EINVAL, "audit append: no database");
    onc_audit_appender_t *a = calloc(1, sizeof *a);
    if (!a) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    a->db = db;
    onc_rc rc = ONC_OK;
    for (int i = 0; rc == ONC_OK && i < A_N; i++) rc = onc_db_prepare(db, appender_sql[i], &a->st[i], err);
    if (rc != ONC_OK) {
        onc_audit_appender_close(a);
        return rc;
    }
    *out = a;
    return ONC_OK;
}

/* Creates the (empty) checkpoint file before the first entry can commit, so that a crash between
 * that commit and its checkpoint leaves a log that verify calls intact and not yet anchored,
 * rather than one whose checkpoints are missing (which it cannot check). */
static onc_rc checkpoint_file_ensure(onc_db_t *db, onc_err_t *err)
{
    char path[PATH_CAP];
    onc_rc rc = onc_audit_checkpoint_path(db, path, sizeof path, err);
    if (rc != ONC_OK) return rc;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 && errno == EEXIST) return ONC_OK;
    if (fd < 0) return onc_err_set(err, ONC_EIO, "%s: cannot create the audit checkpoints: %s", path, strerror(errno));
    int bad = fsync(fd) != 0, saved = errno;
    if (close(fd) != 0 && !bad) bad = 1, saved = errno;
    if (bad) return onc_err_set(err, ONC_EIO, "%s: cannot create the audit checkpoints: %s", path, strerror(saved));
    onc_sync_parent_dir(path);
    return ONC_OK;
}

onc_rc onc_audit_appender_add(onc_audit_appender_t *a, const onc_audit_entry_t *e, onc_err_t *err)
{
    if (!a || !e) return onc_err_set(err, ONC_EINVAL, "audit append: no database or entry");
    if (!onc_db_in_transaction(a->db))
        return onc_err_set(err, ONC_EINVAL, "audit append: not inside a transaction (the entry must commit with its change)");
    onc_rc rc = check_entry(e, err);
    if (rc != ONC_OK) return rc;
    void *sink_ctx = NULL;
    onc_audit_read_sink sink = store_db_read_sink(a->db, &sink_ctx);
    if (sink && strcmp(e->action, "read") == 0) return sink(e, sink_ctx, err); /* written in a group */
    rc = run_reset(a->st[A_LOCK], ONC_OK, err);
    char prev[HASH_HEX + 1], hash[HASH_HEX + 1], at[32];
    int64_t last = 0;
    if (rc == ONC_OK) rc = read_head(a->st[A_HEAD], &last, prev, err);
    /* the key is created with the log's first entry, and read once per appender */
    if (rc == ONC_OK && !a->have_key && (rc = key_load(a->db, last == 0, &a->key, err)) == ONC_OK) a->have_key = true;
    if (rc == ONC_OK && last == 0) rc = checkpoint_file_ensure(a->db, err);
    if (rc == ONC_OK) rc = utc_now(at, err);
    if (rc != ONC_OK) return rc;
    audit_fields_t f = {last + 1, at, e->actor, e->action, e->entity, e->entity_id, e->patient_id, e->detail};
    entry_hash(&a->key, prev, &f, hash);
    rc = insert_entry(a->st[A_INSERT], &f, prev, hash, err);
    if (rc == ONC_OK) rc = set_head(a->st[A_SET_HEAD], f.seq, hash, err);
    if (rc == ONC_OK) store_db_mark_appended(a->db);
    return rc;
}


onc_rc onc_audit_commit(onc_db_t *db, onc_err_t *err)
{
    bool appended = db && store_db_appended(db); /* else the head did not move: nothing to anchor */
    onc_rc rc = onc_db_commit(db, err);
    if (rc != ONC_OK || !appended || (rc = onc_audit_checkpoint(db, err)) == ONC_OK) return rc;
    char msg[ONC_ERR_MSG_MAX];
    snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
    return onc_err_set(err, rc, "the change was committed, but the audit log's head could not be anchored "
                                "(`oncoboard audit verify` will say so): %s", msg);
}

onc_rc onc_audit_in_transaction(onc_db_t *db, onc_audit_tx_fn fn, void *ctx, onc_err_t *err)
{
    if (!db) return onc_err_set(err, ONC_EINVAL, "no database");
    if (onc_db_in_transaction(db)) return fn(db, ctx, err);
    onc_rc rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = fn(db, ctx, err);
    if (rc == ONC_OK) return onc_audit_commit(db, err);
    (void)onc_db_rollback(db, NULL);
    return rc;
}

onc_rc onc_audit_in_read_transaction(onc_db_t *db, onc_audit_tx_fn fn, void *ctx, onc_err_t *err)
{
    void *sink_ctx = NULL;
    if (!db || onc_db_in_transaction(db) || !store_db_read_sink(db, &sink_ctx))
        return onc_audit_in_transaction(db, fn, ctx, err);
    onc_rc rc = onc_db_begin_read(db, err);
    if (rc == ONC_OK) rc = fn(db, ctx, err);
    if (rc == ONC_OK) return onc_audit_commit(db, err);
    (void)onc_db_rollback(db, NULL);
    return rc;
}

onc_rc onc_audit_append(onc_db_t *db, const onc_audit_entry_t *e, onc_err_t *err)
{
    if (!db || !e) return onc_err_set(err, ONC_EINVAL, "audit append: no database or entry");
    if (!onc_db_in_transaction(db))
        return onc_err_set(err, ONC_EINVAL, "audit append: not inside a transaction (the entry must commit with its change)");
    onc_rc rc = check_entry(e, err);
    if (rc != ONC_OK) return rc;
    void *sink_ctx = NULL;
    onc_audit_read_sink sink = store_db_read_sink(db, &sink_ctx);
    if (sink && strcmp(e->action, "read") == 0) return sink(e, sink_ctx, err); /* no statements needed */
    onc_audit_appender_t *a = NULL;
    rc = onc_audit_appender_open(db, &a, err);
    if (rc == ONC_OK) rc = onc_audit_appender_add(a, e, err);
    onc_audit_appender_close(a);
    return rc;
}

/* ---- checkpoints ---- */

typedef struct checkpoint {
    int64_t seq;
    char hash[HASH_HEX + 1];
} checkpoint_t;

/* "SEQ HASH TIME": seq a positive decimal, hash 64 hex digits, time as stored in `at`. */
static bool checkpoint_parse(const char *line, checkpoint_t *c)
{
    char *end = NULL;
    errno = 0;
    long long seq = strtoll(line, &end, 10);
    if (errno || end == line || *line == '-' || *line == '+' || seq < 1 || *end != ' ') return false;
    const char *h = end + 1;
    if (strlen(h) < HASH_HEX + 1 || h[HASH_HEX] != ' ') return false;
    memcpy(c->hash, h, HASH_HEX);
    c->hash[HASH_HEX] = '\0';
    c->seq = seq;
    return is_hash_hex(c->hash);
}

/* The seq of the file's last complete line (0 when there is none); *torn is set when the file
 * does not end with a newline (a crash during a write). */
static int64_t checkpoint_last_seq(int fd, bool *torn)
{
    char buf[CKPT_LINE_CAP + 1];
    off_t size = lseek(fd, 0, SEEK_END);
    *torn = false;
    if (size <= 0) return 0;
    off_t from = size > CKPT_LINE_CAP ? size - CKPT_LINE_CAP : 0;
    ssize_t n = pread(fd, buf, (size_t)(size - from), from);
    *torn = n >= 1 && buf[n - 1] != '\n';
    if (n <= 1 || buf[n - 1] != '\n') return 0;
    buf[n - 1] = '\0';
    char *start = strrchr(buf, '\n');
    checkpoint_t c;
    return checkpoint_parse(start ? start + 1 : buf, &c) ? c.seq : 0;
}

/* Opens and locks the checkpoint file, creating it unless the log is still empty (a registry
 * that never appended has none). The lock serialises writers, processes and threads alike:
 * without it one could read another's line half written and take it for a torn one, and lines
 * could land out of order. Closing the descriptor releases it; *fd_out stays -1 when there is
 * nothing to anchor. */
static onc_rc checkpoint_file_lock(onc_db_t *db, const char *path, int *fd_out, bool *created, onc_err_t *err)
{
    *created = false;
    *fd_out = -1;
    int fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && errno == ENOENT) {
        int64_t seq = 0;
        char hash[HASH_HEX + 1];
        onc_rc rc = read_head_once(db, &seq, hash, err);
        if (rc != ONC_OK || seq == 0) return rc;
        fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0) *created = true;
        else if (errno == EEXIST) fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    }
    if (fd < 0) return onc_err_set(err, ONC_EIO, "%s: cannot open the audit checkpoints: %s", path, strerror(errno));
    int rc;
    while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR) {}
    if (rc != 0) {
        int saved = errno;
        close(fd);
        return onc_err_set(err, ONC_EIO, "%s: cannot lock the audit checkpoints: %s", path, strerror(saved));
    }
    *fd_out = fd;
    return ONC_OK;
}

onc_rc onc_audit_checkpoint(onc_db_t *db, onc_err_t *err)
{
    char path[PATH_CAP], hash[HASH_HEX + 1], at[32], line[CKPT_LINE_CAP];
    int64_t seq = 0;
    int fd = -1;
    bool created = false;
    onc_rc rc = onc_audit_checkpoint_path(db, path, sizeof path, err);
    if (rc == ONC_OK) rc = checkpoint_file_lock(db, path, &fd, &created, err);
    if (rc != ONC_OK || fd < 0) return rc;
    /* the head is read under the lock, so the file's seqs only grow */
    rc = read_head_once(db, &seq, hash, err);
    if (rc == ONC_OK) rc = utc_now(at, err);
    bool torn = false;
    if (rc != ONC_OK || seq == 0 || (!created && checkpoint_last_seq(fd, &torn) == seq)) {
        close(fd);
        return rc;
    }
    /* After a torn line, a newline first: the fragment is left for verify to point at (by its
     * line number) rather than silently glued to this checkpoint or cut by the program. */
    int n = snprintf(line, sizeof line, "%s%lld %s %s\n", torn ? "\n" : "", (long long)seq, hash, at);
    rc = onc_write_all(fd, line, (size_t)n);
    if (rc == ONC_OK && fsync(fd) != 0) rc = ONC_EIO;
    int saved = errno;
    if (close(fd) != 0 && rc == ONC_OK) rc = ONC_EIO, saved = errno;
    if (rc != ONC_OK) return onc_err_set(err, ONC_EIO, "%s: cannot write the audit checkpoint: %s", path, strerror(saved));
    if (created) onc_sync_parent_dir(path);
    return ONC_OK;
}

/* ---- verifying ---- */

static onc_rc broken(onc_audit_report_t *rep, onc_err_t *err, int64_t seq, const char *fmt, ...) ONC_PRINTF(4, 5);
static onc_rc broken(onc_audit_report_t *rep, onc_err_t *err, int64_t seq, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    rep->first_bad_seq = seq;
    return onc_err_set(err, ONC_ECONFLICT, "audit log broken at seq %lld: %s", (long long)seq, why);
}

/* Pass 1: every entry in seq order, its continuity, its link and its HMAC. */
static onc_rc verify_chain(onc_db_t *db, const audit_key_t *key, onc_audit_report_t *rep, char head[HASH_HEX + 1],
                           onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db,
                               "SELECT seq, at, actor, action, entity, entity_id, patient_id, detail, prev_hash, hash "
                               "FROM audit_log ORDER BY seq",
                               &st, err);
    memcpy(head, GENESIS, HASH_HEX + 1);
    bool row = false;
    int64_t expect = 1;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        audit_fields_t f = {onc_db_column_int64(st, 0), onc_db_column_text(st, 1), onc_db_column_text(st, 2),
                            onc_db_column_text(st, 3), onc_db_column_text(st, 4), onc_db_column_text(st, 5),
                            onc_db_column_text(st, 6), onc_db_column_text(st, 7)};
        const char *prev = onc_db_column_text(st, 8), *stored = onc_db_column_text(st, 9);
        char want[HASH_HEX + 1];
        if (f.seq > expect)
            rc = broken(rep, err, expect, "the entry is missing (deleted); the next one is seq %lld", (long long)f.seq);
        else if (f.seq < expect)
            rc = broken(rep, err, expect, "seq %lld comes after seq %lld", (long long)f.seq, (long long)expect - 1);
        else if (!prev || strcmp(prev, head) != 0)
            rc = broken(rep, err, f.seq, "prev_hash is not the hash of seq %lld (inserted, swapped or rewritten)",
                        (long long)f.seq - 1);
        else if (entry_hash(key, prev, &f, want), !stored || strcmp(stored, want) != 0)
            rc = broken(rep, err, f.seq, "the hash does not match the entry (edited, or written without the key)");
        else {
            memcpy(head, stored, HASH_HEX + 1);
            rep->n_entries = expect++;
        }
    }
    onc_db_finalize(st);
    return rc;
}

/* audit_head must agree with the last entry: a tail deleted without it is caught here too. */
static onc_rc verify_head_row(onc_db_t *db, onc_audit_report_t *rep, const char *head, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT seq, hash FROM audit_head WHERE id = 1", &st, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK) {
        const char *h = row ? onc_db_column_text(st, 1) : NULL;
        int64_t seq = row ? onc_db_column_int64(st, 0) : -1;
        if (seq != rep->n_entries || !h || strcmp(h, head) != 0)
            rc = broken(rep, err, rep->n_entries + 1,
                        "audit_head records seq %lld but the log ends at seq %lld (tail deleted?)", (long long)seq,
                        (long long)rep->n_entries);
    }
    onc_db_finalize(st);
    return rc;
}

static onc_rc stored_hash_at(onc_db_stmt_t *st, int64_t seq, char out[HASH_HEX + 1], bool *found, onc_err_t *err)
{
    bool row = false;
    onc_rc rc = onc_db_reset(st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, seq, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    const char *h = rc == ONC_OK && row ? onc_db_column_text(st, 0) : NULL;
    *found = h != NULL;
    snprintf(out, HASH_HEX + 1, "%s", h ? h : "");
    return rc;
}

/* Pass 2: every checkpoint line up to `size` bytes (what existed before the snapshot began) must
 * name an entry of the log with the same hash. The lowest failing seq is reported. */
static onc_rc verify_checkpoints(onc_db_t *db, FILE *fp, const char *path, off_t size, bool prefix,
                                 onc_audit_report_t *rep, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "SELECT hash FROM audit_log WHERE seq = ?", &st, err);
    char line[CKPT_LINE_CAP + 2];
    off_t done = 0;
    uint64_t lineno = 0;
    int64_t bad = 0, bad_seq = 0;
    uint64_t bad_line = 0;
    while (rc == ONC_OK && done < size && fgets(line, sizeof line, fp)) {
        size_t n = strlen(line);
        done += (off_t)n;
        lineno++;
        if (n == 0 || line[n - 1] != '\n') {
            if (done >= size && feof(fp)) break; /* a torn last line (crash during the write) */
            rc = onc_err_at(err, ONC_EPARSE, path, lineno, NULL, "line too long or not ended: not a checkpoint");
            break;
        }
        line[n - 1] = '\0';
        checkpoint_t c;
        char stored[HASH_HEX + 1];
        bool found = false;
        if (!checkpoint_parse(line, &c)) {
            rc = onc_err_at(err, ONC_EPARSE, path, lineno, NULL, "not a checkpoint (SEQ HASH TIME)");
            break;
        }
        rep->n_checkpoints++;
        if (c.seq > rep->anchored_seq) rep->anchored_seq = c.seq;
        rc = stored_hash_at(st, c.seq, stored, &found, err);
        if (rc != ONC_OK || (found && strcmp(stored, c.hash) == 0) || (bad && c.seq >= bad)) continue;
        if (prefix && !found && c.seq > rep->n_entries) continue; /* a copy taken before that checkpoint */
        bad = !found && c.seq > rep->n_entries ? rep->n_entries + 1 : c.seq;
        bad_line = lineno;
        bad_seq = c.seq;
    }
    onc_db_finalize(st);
    if (rc == ONC_OK && ferror(fp)) rc = onc_err_set(err, ONC_EIO, "%s: read error", path);
    if (rc == ONC_OK && bad && bad_seq > rep->n_entries)
        rc = broken(rep, err, bad, "checkpoint %s:%llu records seq %lld but the log ends at seq %lld (truncated)", path,
                    (unsigned long long)bad_line, (long long)bad_seq, (long long)rep->n_entries);
    else if (rc == ONC_OK && bad)
        rc = broken(rep, err, bad, "the entry differs from checkpoint %s:%llu (the chain was rewritten with the key)",
                    path, (unsigned long long)bad_line);
    return rc;
}

static onc_rc verify_snapshot(onc_db_t *db, const audit_key_t *key, FILE *ckpt, const char *path, off_t size,
                              bool prefix, onc_audit_report_t *rep, onc_err_t *err)
{
    char head[HASH_HEX + 1];
    onc_rc rc = verify_chain(db, key, rep, head, err);
    if (rc == ONC_OK) rc = verify_head_row(db, rep, head, err);
    if (rc == ONC_OK && ckpt) rc = verify_checkpoints(db, ckpt, path, size, prefix, rep, err);
    return rc;
}

/* A registry that never appended: no entry and no checkpoint file (then no key is needed). */
static bool is_untouched(onc_db_t *db, const char *ckpt_path)
{
    int64_t seq = -1;
    char hash[HASH_HEX + 1];
    onc_err_t ignored = {0};
    return access(ckpt_path, F_OK) != 0 && errno == ENOENT && read_head_once(db, &seq, hash, &ignored) == ONC_OK && seq == 0;
}

/* Verifies db with a key already read and the checkpoints at ckpt_path (NULL: none checked; a
 * missing file is an error when required is set and the log has entries). */
static onc_rc verify_with(onc_db_t *db, audit_key_t *key, const char *ckpt_path, bool required, bool prefix,
                          onc_audit_report_t *rep, onc_err_t *err)
{
    onc_rc rc = ONC_OK;
    /* The checkpoint file's size is taken before the database snapshot: every line counted was
     * written after its commit, so it names an entry the snapshot holds. */
    FILE *ckpt = ckpt_path ? fopen(ckpt_path, "re") : NULL;
    struct stat st;
    off_t size = 0;
    if (ckpt_path && !ckpt && errno != ENOENT)
        rc = onc_err_set(err, ONC_EIO, "%s: cannot read the audit checkpoints: %s", ckpt_path, strerror(errno));
    else if (ckpt && fstat(fileno(ckpt), &st) == 0) size = st.st_size;
    bool own_txn = !onc_db_in_transaction(db);
    if (rc == ONC_OK && own_txn) rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = verify_snapshot(db, key, ckpt, ckpt_path, size, prefix, rep, err);
    if (own_txn) (void)onc_db_rollback(db, NULL);
    if (ckpt) fclose(ckpt);
    memset(key, 0, sizeof *key);
    if (rc == ONC_OK && required && !ckpt && rep->n_entries > 0)
        rc = onc_err_set(err, ONC_EIO, "%s: the audit checkpoints are missing: a truncated log could not be detected",
                         ckpt_path);
    return rc;
}

onc_rc onc_audit_verify_report(onc_db_t *db, onc_audit_report_t *rep, onc_err_t *err)
{
    onc_audit_report_t local;
    if (!rep) rep = &local;
    memset(rep, 0, sizeof *rep);
    if (!db) return onc_err_set(err, ONC_EINVAL, "audit verify: no database");
    char path[PATH_CAP];
    audit_key_t key;
    onc_rc rc = onc_audit_checkpoint_path(db, path, sizeof path, err);
    if (rc == ONC_OK) rc = key_load(db, false, &key, err);
    if (rc != ONC_OK && rc != ONC_EINVAL && is_untouched(db, path)) return ONC_OK; /* nothing to check yet */
    if (rc != ONC_OK) return rc;
    return verify_with(db, &key, path, true, false, rep, err);
}

onc_rc onc_audit_verify_anchors(onc_db_t *db, const char *key_path, const char *checkpoint_path, bool prefix,
                                onc_audit_report_t *rep, onc_err_t *err)
{
    onc_audit_report_t local;
    if (!rep) rep = &local;
    memset(rep, 0, sizeof *rep);
    if (!db || !key_path) return onc_err_set(err, ONC_EINVAL, "audit verify: no database or key");
    audit_key_t key;
    onc_rc rc = onc_keyfile_read(key_path, "audit key", KEY_MISSING_HINT, key.bytes, err);
    if (rc != ONC_OK) return rc;
    return verify_with(db, &key, checkpoint_path, false, prefix, rep, err);
}

onc_rc onc_audit_verify(onc_db_t *db, int64_t *n_entries, onc_err_t *err)
{
    onc_audit_report_t rep;
    onc_rc rc = onc_audit_verify_report(db, &rep, err);
    if (n_entries) *n_entries = rep.n_entries;
    return rc;
}

/* ---- listing ---- */

static bool is_since(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    for (size_t i = 0; i < sizeof shape - 1; i++)
        if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i]) return false;
    return s[10] == '\0' || (s[10] == 'T' && strlen(s) < 32);
}

onc_rc onc_audit_list(onc_db_t *db, const char *patient_id, const char *since, onc_audit_row_fn fn, void *ctx,
                      onc_err_t *err)
{
    if (since && !is_since(since)) return onc_err_set(err, ONC_EINVAL, "--since: expected YYYY-MM-DD or a UTC timestamp");
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db,
                               "SELECT seq, at, actor, action, entity, entity_id, patient_id, detail, hash FROM audit_log "
                               "WHERE (CAST(? AS TEXT) IS NULL OR patient_id = ?) AND (CAST(? AS TEXT) IS NULL OR at >= ?) "
                               "ORDER BY seq",
                               &st, err);
    for (int i = 1; rc == ONC_OK && i <= 4; i++) rc = onc_db_bind_text(st, i, i <= 2 ? patient_id : since, err);
    bool row = false;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_audit_row_t r = {onc_db_column_int64(st, 0), onc_db_column_text(st, 1), onc_db_column_text(st, 2),
                             onc_db_column_text(st, 3), onc_db_column_text(st, 4), onc_db_column_text(st, 5),
                             onc_db_column_text(st, 6), onc_db_column_text(st, 7), onc_db_column_text(st, 8)};
        if (fn(&r, ctx) != 0) break;
    }
    onc_db_finalize(st);
    return rc;
}

/* ---- who ---- */

const char *onc_audit_os_actor(void)
{
    static char actor[FIELD_CAP];
    struct passwd pw, *found = NULL;
    char buf[4096];
    if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &found) == 0 && found && found->pw_name[0])
        snprintf(actor, sizeof actor, "os:%s", found->pw_name);
    else
        snprintf(actor, sizeof actor, "os:uid%lld", (long long)geteuid());
    return actor;
}
