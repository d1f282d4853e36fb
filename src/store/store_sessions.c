/* store_sessions.c: the server's sessions in the registry (store_users.h).
 *
 * A session is found by the SHA-256 of its token, never by the token: the token is 32 bytes from
 * getrandom(2), so a plain hash (no salt, no stretching) is enough to make a copy of the table
 * useless. Times are UTC text ("YYYY-MM-DDTHH:MM:SSZ"), compared as text: an idle or too old
 * session is the one whose last_seen or created_at is at or before now minus the limit. Looking
 * a session up writes only when it has to (expiry, or last_seen older than touch_seconds), so
 * that most requests are one read.
 */
#include "store_users_int.h"

#include "oncoboard/keyfile.h"
#include "oncoboard/password.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

void onc_session_policy_init(onc_session_policy_t *p)
{
    *p = (onc_session_policy_t){.idle_seconds = 1800, .lifetime_seconds = 43200, .touch_seconds = 60};
}

/* Timeouts of at least a second; touch_seconds may be 0 (every lookup writes). */
static bool policy_valid(const onc_session_policy_t *p)
{
    return p->idle_seconds >= 1 && p->lifetime_seconds >= 1 && p->touch_seconds >= 0;
}

/* The hex SHA-256 of token; false when token is not 64 lowercase hex digits. */
static bool token_key(const char *token, char out[65])
{
    if (!token || strlen(token) != ONC_SESSION_TOKEN_HEX) return false;
    for (const char *s = token; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
    struct sha256_ctx h;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&h);
    sha256_update(&h, ONC_SESSION_TOKEN_HEX, (const uint8_t *)token);
    sha256_digest(&h, sizeof d, d);
    onc_hex_encode(d, sizeof d, out);
    return true;
}

onc_rc onc_session_create(onc_db_t *db, int64_t user_id, const char *address, time_t now,
                          char token[ONC_SESSION_TOKEN_HEX + 1], char csrf[ONC_SESSION_TOKEN_HEX + 1], onc_err_t *err)
{
    token[0] = csrf[0] = '\0';
    if (!db) return onc_err_set(err, ONC_EINVAL, "session: no database");
    char key[65], at[32], addr[ONC_ADDRESS_MAX + 1];
    onc_rc rc = onc_random_hex(token, ONC_SESSION_TOKEN_HEX / 2, err);
    if (rc == ONC_OK) rc = onc_random_hex(csrf, ONC_SESSION_TOKEN_HEX / 2, err);
    if (rc == ONC_OK && !token_key(token, key)) rc = onc_err_set(err, ONC_EINTERNAL, "session: a malformed token");
    users_time_text(now, at);
    users_clean_address(address, addr);
    users_arg_t a[] = {UA_T(key), UA_I(user_id), UA_T(csrf), UA_T(at), UA_T(at), UA_T(addr[0] ? addr : NULL)};
    if (rc == ONC_OK)
        rc = users_run(db,
                       "INSERT INTO sessions (token_sha256, user_id, csrf, created_at, last_seen, address)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       a, 6, NULL, NULL, err);
    if (rc != ONC_OK) onc_wipe(token, ONC_SESSION_TOKEN_HEX + 1), onc_wipe(csrf, ONC_SESSION_TOKEN_HEX + 1);
    return rc;
}

/* Why a session with these times and user has ended at now, or NULL when it is live. */
static const char *ended_why(const onc_session_t *s, const onc_session_policy_t *p, time_t now)
{
    char idle[32], old[32];
    users_time_text(now - p->idle_seconds, idle);
    users_time_text(now - p->lifetime_seconds, old);
    if (s->user.disabled) return "user disabled";
    if (strcmp(s->last_seen, idle) <= 0) return "idle timeout";
    if (strcmp(s->created_at, old) <= 0) return "lifetime reached";
    return NULL;
}

typedef struct ending {
    const char *key, *login, *why, *action;
    bool self; /* the user's own act (sign-out) or the system's (expiry) */
} ending_t;

static onc_rc end_fn(onc_db_t *db, void *ctx, onc_err_t *err)
{
    const ending_t *e = ctx;
    users_arg_t a[] = {UA_T(e->key)};
    int64_t n = 0;
    onc_rc rc = users_run(db, "DELETE FROM sessions WHERE token_sha256 = ? RETURNING user_id", a, 1, NULL, &n, err);
    if (rc != ONC_OK || n == 0) return rc; /* ended meanwhile by another request */
    char actor[ONC_LOGIN_MAX + 8];
    users_self_actor(e->login, actor);
    return users_audit(db, e->self ? actor : NULL, e->action, e->login, e->why, err);
}

/* Reads the session of key with its user: *found false when there is none. */
static onc_rc session_read(onc_db_t *db, const char *key, onc_session_t *out, bool *found, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db,
                               "SELECT s.csrf, s.created_at, s.last_seen, " USER_COLUMNS
                               " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_sha256 = ?",
                               &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, key, err);
    if (rc == ONC_OK) rc = onc_db_step(st, found, err);
    if (rc == ONC_OK && *found) {
        const char *csrf = onc_db_column_text(st, 0), *created = onc_db_column_text(st, 1),
                   *seen = onc_db_column_text(st, 2);
        snprintf(out->csrf, sizeof out->csrf, "%s", csrf ? csrf : "");
        snprintf(out->created_at, sizeof out->created_at, "%s", created ? created : "");
        snprintf(out->last_seen, sizeof out->last_seen, "%s", seen ? seen : "");
        users_read_row(st, 3, &out->user);
    }
    onc_db_finalize(st);
    return rc;
}

onc_rc onc_session_lookup(onc_db_t *db, const char *token, const onc_session_policy_t *policy, time_t now,
                          onc_session_t *out, bool *valid, onc_err_t *err)
{
    *valid = false;
    memset(out, 0, sizeof *out);
    if (!db || !policy || !policy_valid(policy)) return onc_err_set(err, ONC_EINVAL, "session: no database or policy");
    char key[65];
    if (!token_key(token, key)) return ONC_OK;
    bool found = false;
    onc_rc rc = session_read(db, key, out, &found, err);
    if (rc != ONC_OK || !found) return rc;
    const char *why = ended_why(out, policy, now);
    if (why) {
        ending_t e = {key, out->user.login, why, "session_end", false};
        rc = onc_audit_in_transaction(db, end_fn, &e, err);
        memset(out, 0, sizeof *out);
        return rc;
    }
    char touch[32];
    users_time_text(now - policy->touch_seconds, touch);
    if (strcmp(out->last_seen, touch) <= 0) {
        users_time_text(now, out->last_seen);
        users_arg_t a[] = {UA_T(out->last_seen), UA_T(key)};
        rc = users_run(db, "UPDATE sessions SET last_seen = ? WHERE token_sha256 = ?", a, 2, NULL, NULL, err);
    }
    *valid = rc == ONC_OK;
    return rc;
}

onc_rc onc_session_end(onc_db_t *db, const char *token, onc_err_t *err)
{
    if (!db) return onc_err_set(err, ONC_EINVAL, "session: no database");
    char key[65];
    onc_session_t s;
    bool found = false;
    if (!token_key(token, key)) return ONC_OK;
    onc_rc rc = session_read(db, key, &s, &found, err);
    if (rc != ONC_OK || !found) return rc;
    ending_t e = {key, s.user.login, "signed out", "logout", true};
    return onc_audit_in_transaction(db, end_fn, &e, err);
}

/* ---- purge ---- */

typedef struct expired {
    char key[65];
    char login[ONC_LOGIN_MAX + 1];
    const char *why;
} expired_t;

typedef struct purge {
    const onc_session_policy_t *policy;
    time_t now;
    int64_t n;
} purge_t;

#define PURGE_BATCH 256

/* Up to PURGE_BATCH ended sessions into v; *n gets how many. */
static onc_rc purge_find(onc_db_t *db, const purge_t *p, expired_t *v, int *n, onc_err_t *err)
{
    char idle[32], old[32];
    users_time_text(p->now - p->policy->idle_seconds, idle);
    users_time_text(p->now - p->policy->lifetime_seconds, old);
    onc_db_stmt_t *st = NULL;
    *n = 0;
    onc_rc rc = onc_db_prepare(db,
                               "SELECT s.token_sha256, s.created_at, s.last_seen, " USER_COLUMNS
                               " FROM sessions s JOIN users u ON u.id = s.user_id"
                               " WHERE s.last_seen <= ? OR s.created_at <= ? OR u.disabled = 1"
                               " ORDER BY s.token_sha256",
                               &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, idle, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 2, old, err);
    for (bool row = true; rc == ONC_OK && row && *n < PURGE_BATCH;) {
        rc = onc_db_step(st, &row, err);
        if (rc != ONC_OK || !row) break;
        onc_session_t s;
        memset(&s, 0, sizeof s);
        const char *key = onc_db_column_text(st, 0), *created = onc_db_column_text(st, 1),
                   *seen = onc_db_column_text(st, 2);
        snprintf(s.created_at, sizeof s.created_at, "%s", created ? created : "");
        snprintf(s.last_seen, sizeof s.last_seen, "%s", seen ? seen : "");
        users_read_row(st, 3, &s.user);
        expired_t *e = &v[(*n)++];
        snprintf(e->key, sizeof e->key, "%s", key ? key : "");
        snprintf(e->login, sizeof e->login, "%s", s.user.login);
        e->why = ended_why(&s, p->policy, p->now);
        if (!e->why) e->why = "ended";
    }
    onc_db_finalize(st);
    return rc;
}

static onc_rc purge_fn(onc_db_t *db, void *ctx, onc_err_t *err)
{
    purge_t *p = ctx;
    expired_t *v = malloc(PURGE_BATCH * sizeof *v);
    if (!v) return onc_err_set(err, ONC_ENOMEM, "session purge: out of memory");
    int n = 0;
    onc_rc rc = purge_find(db, p, v, &n, err);
    for (int i = 0; rc == ONC_OK && i < n; i++) {
        ending_t e = {v[i].key, v[i].login, v[i].why, "session_end", false};
        rc = end_fn(db, &e, err);
    }
    p->n += rc == ONC_OK ? n : 0;
    free(v);
    return rc;
}

onc_rc onc_session_purge(onc_db_t *db, const onc_session_policy_t *policy, time_t now, int64_t *n_deleted,
                         onc_err_t *err)
{
    if (n_deleted) *n_deleted = 0;
    if (!db || !policy || !policy_valid(policy))
        return onc_err_set(err, ONC_EINVAL, "session purge: no database or policy");
    purge_t p = {policy, now, 0};
    /* batches of PURGE_BATCH, each its own transaction (or all in the caller's) */
    for (int64_t before = -1; before != p.n;) {
        before = p.n;
        onc_rc rc = onc_audit_in_transaction(db, purge_fn, &p, err);
        if (rc != ONC_OK) return rc;
        if (p.n - before < PURGE_BATCH) break;
    }
    if (n_deleted) *n_deleted = p.n;
    return ONC_OK;
}
