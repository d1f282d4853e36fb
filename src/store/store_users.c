/* store_users.c: the server's users and their sign-in attempts in the registry (store_users.h);
 * their sessions are in store_sessions.c.
 *
 * Every change is one transaction with its audit entry: the caller's when one is open, else its
 * own, committed and checkpointed (onc_audit_in_transaction). Signing in verifies the password first,
 * outside any transaction (Argon2id takes a few hundred milliseconds and must not hold the
 * registry's write lock), then records the outcome: the failure count is incremented by the
 * database itself (UPDATE ... RETURNING), so that concurrent attempts are all counted.
 *
 * What a sign-in tells the caller is kept to what the person at the keyboard may learn: an
 * unknown login costs the same Argon2id verification (against a dummy hash made once with
 * today's parameters) and gives the same ONC_LOGIN_BAD as a wrong password; "locked" and
 * "disabled" are told only to whoever gave the right password, so that neither reveals that an
 * account exists.
 */
#include "store_users_int.h"

#include "oncoboard/password.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const char *const role_names[ONC_ROLE_COUNT] = {"admin", "clinician", "coordinator", "researcher", "viewer"};

const char *onc_role_name(onc_role r)
{
    for (int i = 0; i < ONC_ROLE_COUNT; i++)
        if ((unsigned)r == 1u << i) return role_names[i];
    return NULL;
}

onc_rc onc_role_parse(const char *s, onc_role *out, onc_err_t *err)
{
    for (int i = 0; s && i < ONC_ROLE_COUNT; i++)
        if (strcmp(s, role_names[i]) == 0) return *out = (onc_role)(1u << i), ONC_OK;
    return onc_err_set(err, ONC_EINVAL, "unknown role '%s' (admin, clinician, coordinator, researcher, viewer)",
                       s ? s : "");
}

void onc_login_policy_init(onc_login_policy_t *p) { *p = (onc_login_policy_t){.max_failures = 5, .lockout_seconds = 900}; }

/* ---- shared with store_sessions.c ---- */

void users_time_text(time_t t, char buf[32])
{
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm)) snprintf(buf, 32, "1970-01-01T00:00:00Z");
}

void users_self_actor(const char *login, char out[ONC_LOGIN_MAX + 8]) { snprintf(out, ONC_LOGIN_MAX + 8, "user:%s", login); }

onc_rc users_audit(onc_db_t *db, const char *actor, const char *action, const char *login, const char *detail,
                   onc_err_t *err)
{
    onc_audit_entry_t e = {actor ? actor : onc_audit_os_actor(), action, "user", login, NULL, detail};
    return onc_audit_append(db, &e, err);
}


onc_rc users_run(onc_db_t *db, const char *sql, const users_arg_t *args, int n_args, int64_t *first, int64_t *n_rows,
                 onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, sql, &st, err);
    for (int i = 0; rc == ONC_OK && i < n_args; i++)
        rc = args[i].is_int ? onc_db_bind_int64(st, i + 1, args[i].i, err) : onc_db_bind_text(st, i + 1, args[i].s, err);
    int64_t rows = 0;
    for (bool row = true; rc == ONC_OK && row;) {
        rc = onc_db_step(st, &row, err);
        if (rc == ONC_OK && row && rows++ == 0 && first) *first = onc_db_column_int64(st, 0);
    }
    onc_db_finalize(st);
    if (n_rows) *n_rows = rows;
    return rc;
}

static void copy_text(char *dst, size_t n, const char *s) { snprintf(dst, n, "%s", s ? s : ""); }

void users_read_row(onc_db_stmt_t *st, int col, onc_user_t *u)
{
    memset(u, 0, sizeof *u);
    u->id = onc_db_column_int64(st, col);
    copy_text(u->login, sizeof u->login, onc_db_column_text(st, col + 1));
    copy_text(u->display_name, sizeof u->display_name, onc_db_column_text(st, col + 2));
    onc_err_t ignored = {0};
    if (onc_role_parse(onc_db_column_text(st, col + 3), &u->role, &ignored) != ONC_OK) u->role = ONC_ROLE_VIEWER;
    u->disabled = onc_db_column_int64(st, col + 4) != 0;
    u->has_password = onc_db_column_int64(st, col + 5) != 0;
    u->failed_logins = (int)onc_db_column_int64(st, col + 6);
    copy_text(u->locked_until, sizeof u->locked_until, onc_db_column_text(st, col + 7));
    copy_text(u->created_at, sizeof u->created_at, onc_db_column_text(st, col + 8));
    copy_text(u->last_login, sizeof u->last_login, onc_db_column_text(st, col + 9));
}

/* Ends every session of user_id; *n gets how many. */
onc_rc users_end_sessions(onc_db_t *db, int64_t user_id, int64_t *n, onc_err_t *err)
{
    users_arg_t a[] = {UA_I(user_id)};
    return users_run(db, "DELETE FROM sessions WHERE user_id = ? RETURNING user_id", a, 1, NULL, n, err);
}

/* ---- validation ---- */

static bool login_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > ONC_LOGIN_MAX) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || !strchr("._@-", c))) return false;
    }
    return true;
}

static onc_rc check_login(const char *login, onc_err_t *err)
{
    if (login_valid(login)) return ONC_OK;
    return onc_err_set(err, ONC_EINVAL,
                       "invalid login: 1 to %d of letters, digits and . _ @ -, starting with a letter or digit",
                       ONC_LOGIN_MAX);
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) return true;
    return false;
}

static onc_rc check_hash(const char *hash, onc_err_t *err)
{
    if (!hash) return ONC_OK;
    if (strncmp(hash, "$argon2id$", 10) != 0 || strlen(hash) > ONC_PASSWORD_HASH_MAX || has_control(hash))
        return onc_err_set(err, ONC_EINVAL, "a password hash must be an Argon2id PHC string (password.h)");
    return ONC_OK;
}

static onc_rc check_role(onc_role role, onc_err_t *err)
{
    return onc_role_name(role) ? ONC_OK : onc_err_set(err, ONC_EINVAL, "not one role: %d", (int)role);
}

/* ---- user changes ---- */

typedef struct user_change {
    const char *login, *name, *hash, *actor;
    onc_role role;
    bool disabled;
} user_change_t;

static onc_rc add_fn(onc_db_t *db, void *ctx, onc_err_t *err)
{
    const user_change_t *c = ctx;
    users_arg_t who[] = {UA_T(c->login)};
    int64_t n = 0;
    onc_rc rc = users_run(db, "SELECT id FROM users WHERE login = ?", who, 1, NULL, &n, err);
    if (rc == ONC_OK && n) return onc_err_set(err, ONC_ECONFLICT, "user %s exists already", c->login);
    char now[32];
    store_now(now);
    users_arg_t a[] = {UA_T(c->login), UA_T(c->name), UA_T(c->hash), UA_T(onc_role_name(c->role)), UA_T(now)};
    if (rc == ONC_OK)
        rc = users_run(db,
                       "INSERT INTO users (login, display_name, password_hash, role, disabled, created_at, failed_logins)"
                       " VALUES (?, ?, ?, ?, 0, ?, 0)",
                       a, 5, NULL, NULL, err);
    char detail[96];
    snprintf(detail, sizeof detail, "role %s; %s", onc_role_name(c->role), c->hash ? "password set" : "no password");
    return rc == ONC_OK ? users_audit(db, c->actor, "create", c->login, detail, err) : rc;
}

onc_rc onc_user_add(onc_db_t *db, const char *login, const char *display_name, onc_role role,
                    const char *password_hash, const char *actor, onc_err_t *err)
{
    onc_rc rc = check_login(login, err);
    if (rc == ONC_OK) rc = check_role(role, err);
    if (rc == ONC_OK) rc = check_hash(password_hash, err);
    if (!display_name || !*display_name) display_name = login;
    if (rc == ONC_OK && (strlen(display_name) > ONC_DISPLAY_NAME_MAX || has_control(display_name)))
        rc = onc_err_set(err, ONC_EINVAL, "display name: at most %d bytes, no control characters", ONC_DISPLAY_NAME_MAX);
    if (rc != ONC_OK) return rc;
    user_change_t c = {.login = login, .name = display_name, .hash = password_hash, .actor = actor, .role = role};
    return onc_audit_in_transaction(db, add_fn, &c, err);
}

/* The id and role of login, ONC_ENOTFOUND when unknown. */
static onc_rc user_key(onc_db_t *db, const char *login, int64_t *id, onc_role *role, onc_err_t *err)
{
    onc_user_t u;
    bool found = false;
    onc_rc rc = onc_user_get(db, login, &u, &found, err);
    if (rc == ONC_OK && !found) return onc_err_set(err, ONC_ENOTFOUND, "no user %s", login);
    if (rc == ONC_OK) *id = u.id, *role = u.role;
    return rc;
}

/* The sessions of the user ended, and the change audited with how many. */
static onc_rc end_and_audit(onc_db_t *db, const user_change_t *c, int64_t id, const char *action, const char *what,
                            onc_err_t *err)
{
    int64_t n = 0;
    onc_rc rc = users_end_sessions(db, id, &n, err);
    char detail[160];
    snprintf(detail, sizeof detail, "%s; %lld session%s ended", what, (long long)n, n == 1 ? "" : "s");
    return rc == ONC_OK ? users_audit(db, c->actor, action, c->login, detail, err) : rc;
}

static onc_rc password_fn(onc_db_t *db, void *ctx, onc_err_t *err)
{
    const user_change_t *c = ctx;
    int64_t id = 0;
    onc_role role;
    onc_rc rc = user_key(db, c->login, &id, &role, err);
    users_arg_t a[] = {UA_T(c->hash), UA_I(id)};
    if (rc == ONC_OK)
        rc = users_run(db, "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?", a, 2,
                       NULL, NULL, err);
    return rc == ONC_OK ? end_and_audit(db, c, id, "password", c->hash ? "password changed" : "password removed", err)
                        : rc;
}

onc_rc onc_user_set_password(onc_db_t *db, const char *login, const char *password_hash, const char *actor,
                             onc_err_t *err)
{
    onc_rc rc = check_login(login, err);
    if (rc == ONC_OK) rc = check_hash(password_hash, err);
    user_change_t c = {.login = login, .hash = password_hash, .actor = actor};
    return rc == ONC_OK ? onc_audit_in_transaction(db, password_fn, &c, err) : rc;
}

static onc_rc role_fn(onc_db_t *db, void *ctx, onc_err_t *err)
{
    const user_change_t *c = ctx;
    int64_t id = 0;
    onc_role old = 0;
    onc_rc rc = user_key(db, c->login, &id, &old, err);
    users_arg_t a[] = {UA_T(onc_role_name(c->role)), UA_I(id)};
    if (rc == ONC_OK) rc = users_run(db, "UPDATE users SET role = ? WHERE id = ?", a, 2, NULL, NULL, err);
    char what[96];
    snprintf(what, sizeof what, "role %s -> %s", onc_role_name(old), onc_role_name(c->role));
    return rc == ONC_OK ? end_and_audit(db, c, id, "role", what, err) : rc;
}

onc_rc onc_user_set_role(onc_db_t *db, const char *login, onc_role role, const char *actor, onc_err_t *err)
{
    onc_rc rc = check_login(login, err);
    if (rc == ONC_OK) rc = check_role(role, err);
    user_change_t c = {.login = login, .role = role, .actor = actor};
    return rc == ONC_OK ? onc_audit_in_transaction(db, role_fn, &c, err) : rc;
}

static onc_rc disabled_fn(onc_db_t *db, void *ctx, onc_err_t *err)
{
    const user_change_t *c = ctx;
    int64_t id = 0;
    onc_role role;
    onc_rc rc = user_key(db, c->login, &id, &role, err);
    users_arg_t a[] = {UA_I(c->disabled), UA_I(id)};
    if (rc == ONC_OK) rc = users_run(db, "UPDATE users SET disabled = ? WHERE id = ?", a, 2, NULL, NULL, err);
    if (rc != ONC_OK) return rc;
    if (c->disabled) return end_and_audit(db, c, id, "disable", "disabled", err);
    return users_audit(db, c->actor, "enable", c->login, "enabled", err);
}

onc_rc onc_user_set_disabled(onc_db_t *db, const char *login, bool disabled, const char *actor, onc_err_t *err)
{
    onc_rc rc = check_login(login, err);
    user_change_t c = {.login = login, .disabled = disabled, .actor = actor};
    return rc == ONC_OK ? onc_audit_in_transaction(db, disabled_fn, &c, err) : rc;
}

/* ---- reading ---- */

/* Reads login's row; *hash (when not NULL, ONC_PASSWORD_HASH_MAX + 1 bytes) gets its password
 * hash ("" when none). */
static onc_rc user_read(onc_db_t *db, const char *login, int64_t id, onc_user_t *out, char *hash, bool *found,
                        onc_err_t *err)
{
    *found = false;
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db,
                               login ? "SELECT " USER_COLUMNS ", u.password_hash FROM users u WHERE u.login = ?"
                                     : "SELECT " USER_COLUMNS ", u.password_hash FROM users u WHERE u.id = ?",
                               &st, err);
    if (rc == ONC_OK) rc = login ? onc_db_bind_text(st, 1, login, err) : onc_db_bind_int64(st, 1, id, err);
    if (rc == ONC_OK) rc = onc_db_step(st, found, err);
    if (rc == ONC_OK && *found) {
        users_read_row(st, 0, out);
        const char *h = onc_db_column_text(st, 10);
        if (hash) copy_text(hash, ONC_PASSWORD_HASH_MAX + 1, h && strlen(h) <= ONC_PASSWORD_HASH_MAX ? h : "");
    }
    onc_db_finalize(st);
    return rc;
}

onc_rc onc_user_get(onc_db_t *db, const char *login, onc_user_t *out, bool *found, onc_err_t *err)
{
    *found = false;
    if (!db || !login) return onc_err_set(err, ONC_EINVAL, "user get: no database or login");
    if (!login_valid(login)) return ONC_OK;
    return user_read(db, login, 0, out, NULL, found, err);
}

onc_rc onc_user_list(onc_db_t *db, onc_user_fn fn, void *ctx, onc_err_t *err)
{
    if (!db || !fn) return onc_err_set(err, ONC_EINVAL, "user list: no database or callback");
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "SELECT " USER_COLUMNS " FROM users u ORDER BY u.login", &st, err);
    for (bool row = true; rc == ONC_OK && row;) {
        rc = onc_db_step(st, &row, err);
        onc_user_t u;
        if (rc == ONC_OK && row) {
            users_read_row(st, 0, &u);
            if (fn(&u, ctx) != 0) break;
        }
    }
    onc_db_finalize(st);
    return rc;
}

/* ---- signing in ---- */

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[ONC_PASSWORD_HASH_MAX + 1];

/* A hash of a random password nobody knows, with today's parameters: what an unknown login is
 * verified against. Left empty when it cannot be made (the verification then fails alike). */
static void dummy_make(void)
{
    char secret[33];
    onc_password_params_t p;
    onc_password_params_init(&p);
    onc_err_t ignored = {0};
    if (onc_random_hex(secret, 16, &ignored) != ONC_OK ||
        onc_password_hash(secret, &p, dummy_hash, sizeof dummy_hash, &ignored) != ONC_OK)
        dummy_hash[0] = '\0';
    onc_wipe(secret, sizeof secret);
}

/* Verifies password against hash, or against the dummy hash when there is none. */
static onc_rc verify_or_dummy(const char *hash, const char *password, bool *ok, onc_err_t *err)
{
    pthread_once(&dummy_once, dummy_make);
    bool real = hash && *hash;
    if (!real && !dummy_hash[0]) return onc_err_set(err, ONC_EINTERNAL, "sign-in: no dummy hash could be made");
    onc_rc rc = onc_password_verify(real ? hash : dummy_hash, password, ok, err);
    if (!real) *ok = false;
    return rc;
}

/* address reduced to what an IPv4 or IPv6 address holds (the audit log and the sessions table
 * never get control characters or anything long from a client). */
void users_clean_address(const char *address, char out[ONC_ADDRESS_MAX + 1])
{
    size_t n = 0;
    for (const char *s = address; s && *s && n < ONC_ADDRESS_MAX; s++)
        if (strchr("0123456789abcdefABCDEF.:[]%", *s)) out[n++] = *s;
    out[n] = '\0';
}

typedef struct attempt {
    const char *login, *address, *password;
    const onc_login_policy_t *policy;
    time_t now;
    bool found, password_ok;
    onc_user_t user;
    char new_hash[ONC_PASSWORD_HASH_MAX + 1]; /* a rehash with today's parameters, or "" */
    onc_login_result result;
} attempt_t;

static onc_rc audit_attempt(onc_db_t *db, const attempt_t *a, const char *action, const char *what, onc_err_t *err)
{
    char actor[ONC_LOGIN_MAX + 8], detail[160];
    if (a->found) users_self_actor(a->user.login, actor);
    else snprintf(actor, sizeof actor, "anonymous");
    snprintf(detail, sizeof detail, "%s; address %s", what, a->address[0] ? a->address : "unknown");
    return users_audit(db, actor, action, login_valid(a->login) ? a->login : NULL, detail, err);
}

/* A failure of a known, unlocked user: counted, and the policy's n-th locks the account. The
 * count and the lock are one statement, so that concurrent failures are all counted and exactly
 * one of them locks (attempts that read the row before the lock still count, but lock nothing). */
static onc_rc record_failure(onc_db_t *db, attempt_t *a, onc_err_t *err)
{
    /* an ended lock-out: counting starts again (unless another attempt has just locked anew) */
    users_arg_t ended[] = {UA_I(a->user.id), UA_T(a->user.locked_until)};
    onc_rc rc = ONC_OK;
    if (a->user.locked_until[0])
        rc = users_run(db, "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ? AND locked_until = ?",
                       ended, 2, NULL, NULL, err);
    char until[32];
    users_time_text(a->now + a->policy->lockout_seconds, until);
    users_arg_t lock[] = {UA_I(a->policy->max_failures), UA_T(until), UA_I(a->user.id)};
    int64_t count = 0;
    if (rc == ONC_OK)
        rc = users_run(db,
                       "UPDATE users SET failed_logins = failed_logins + 1,"
                       " locked_until = CASE WHEN failed_logins + 1 = ? THEN ? ELSE locked_until END"
                       " WHERE id = ? RETURNING failed_logins",
                       lock, 3, &count, NULL, err);
    if (rc == ONC_OK) rc = audit_attempt(db, a, "login_failed", "wrong password", err);
    if (rc != ONC_OK || count != a->policy->max_failures) return rc;
    char what[96];
    snprintf(what, sizeof what, "locked until %s after %lld failures", until, (long long)count);
    return audit_attempt(db, a, "lockout", what, err);
}

static onc_rc record_success(onc_db_t *db, attempt_t *a, const char *now, onc_err_t *err)
{
    users_arg_t s[] = {UA_T(now), UA_I(a->user.id)};
    onc_rc rc = users_run(db, "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login = ? WHERE id = ?", s,
                          2, NULL, NULL, err);
    users_arg_t h[] = {UA_T(a->new_hash), UA_I(a->user.id)};
    if (rc == ONC_OK && a->new_hash[0])
        rc = users_run(db, "UPDATE users SET password_hash = ? WHERE id = ?", h, 2, NULL, NULL, err);
    if (rc == ONC_OK) rc = audit_attempt(db, a, "login", a->new_hash[0] ? "ok; password rehashed" : "ok", err);
    if (rc == ONC_OK) {
        a->user.failed_logins = 0;
        a->user.locked_until[0] = '\0';
        copy_text(a->user.last_login, sizeof a->user.last_login, now);
    }
    return rc;
}

/* Decides the result and writes it (inside the transaction). */
static onc_rc attempt_fn(onc_db_t *db, void *ctx, onc_err_t *err)
{
    attempt_t *a = ctx;
    char now[32];
    users_time_text(a->now, now);
    a->result = ONC_LOGIN_BAD;
    if (!a->found) return audit_attempt(db, a, "login_failed", "unknown login", err);
    bool locked = a->user.locked_until[0] && strcmp(a->user.locked_until, now) > 0;
    if (locked) {
        if (a->password_ok) a->result = ONC_LOGIN_LOCKED;
        return audit_attempt(db, a, "login_failed", a->password_ok ? "locked" : "wrong password while locked", err);
    }
    if (!a->password_ok) return record_failure(db, a, err);
    if (a->user.disabled) {
        a->result = ONC_LOGIN_DISABLED;
        return audit_attempt(db, a, "login_failed", "disabled", err);
    }
    a->result = ONC_LOGIN_OK;
    return record_success(db, a, now, err);
}

onc_rc onc_user_authenticate(onc_db_t *db, const char *login, const char *password, const char *address,
                             const onc_login_policy_t *policy, time_t now, onc_user_t *user,
                             onc_login_result *result, onc_err_t *err)
{
    *result = ONC_LOGIN_BAD;
    if (user) memset(user, 0, sizeof *user);
    if (!db || !login || !password || !policy) return onc_err_set(err, ONC_EINVAL, "sign-in: missing argument");
    if (policy->max_failures < 1 || policy->lockout_seconds < 1)
        return onc_err_set(err, ONC_EINVAL, "sign-in: the policy needs max_failures and lockout_seconds of 1 or more");
    char addr[ONC_ADDRESS_MAX + 1], hash[ONC_PASSWORD_HASH_MAX + 1] = "";
    users_clean_address(address, addr);
    attempt_t a = {.login = login, .address = addr, .password = password, .policy = policy, .now = now};
    onc_rc rc = login_valid(login) ? user_read(db, login, 0, &a.user, hash, &a.found, err) : ONC_OK;
    if (rc == ONC_OK) rc = verify_or_dummy(a.found ? hash : NULL, password, &a.password_ok, err);
    onc_password_params_t p;
    onc_password_params_init(&p);
    if (rc == ONC_OK && a.password_ok && !a.user.disabled && onc_password_needs_rehash(hash, &p) &&
        onc_password_hash(password, &p, a.new_hash, sizeof a.new_hash, err) != ONC_OK)
        a.new_hash[0] = '\0'; /* keep the old hash: it still verifies */
    if (rc == ONC_OK) rc = onc_audit_in_transaction(db, attempt_fn, &a, err);
    onc_wipe(hash, sizeof hash);
    if (rc != ONC_OK) return rc;
    *result = a.result;
    if (user && a.result == ONC_LOGIN_OK) *user = a.user;
    return ONC_OK;
}

typedef struct recheck {
    const char *login;
    bool ok;
} recheck_t;

static onc_rc recheck_fn(onc_db_t *db, void *ctx, onc_err_t *err)
{
    const recheck_t *r = ctx;
    char actor[ONC_LOGIN_MAX + 8];
    users_self_actor(r->login, actor);
    return users_audit(db, actor, r->ok ? "reauth" : "reauth_failed", r->login, r->ok ? "ok" : "wrong password", err);
}

onc_rc onc_user_check_password(onc_db_t *db, int64_t user_id, const char *password, bool *ok, onc_err_t *err)
{
    *ok = false;
    if (!db || !password) return onc_err_set(err, ONC_EINVAL, "password check: missing argument");
    onc_user_t u;
    bool found = false;
    char hash[ONC_PASSWORD_HASH_MAX + 1] = "";
    onc_rc rc = user_read(db, NULL, user_id, &u, hash, &found, err);
    if (rc == ONC_OK && !found) return onc_err_set(err, ONC_ENOTFOUND, "no user with id %lld", (long long)user_id);
    if (rc == ONC_OK) rc = verify_or_dummy(hash, password, ok, err);
    onc_wipe(hash, sizeof hash);
    if (rc != ONC_OK) return rc;
    if (u.disabled) *ok = false;
    recheck_t r = {u.login, *ok};
    return onc_audit_in_transaction(db, recheck_fn, &r, err);
}
