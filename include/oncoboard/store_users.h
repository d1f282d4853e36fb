/* store_users.h: the people who use the server, their sessions and their sign-in attempts.
 *
 * Users have one role each (admin, clinician, coordinator, researcher, viewer; docs/server.md
 * says what each may do). Passwords are stored only as Argon2id PHC strings (password.h).
 * Users are disabled, never deleted: the audit log names them.
 *
 * Sessions live in the registry, so that several server processes (PostgreSQL, several sites)
 * share them and a restart does not sign everybody out. The token given to the browser is 32
 * random bytes (hex); the registry keeps only its SHA-256, so that a copy of the database does
 * not give anybody a session. A session ends at sign-out, after the idle timeout, at its
 * absolute lifetime, and when its user's password, role or status changes.
 *
 * Sign-in failures count per user: after policy.max_failures in a row the account is locked
 * for policy.lockout_seconds (docs/server.md). Every sign-in, failure, lock, user change and
 * session end is audited (actor "user:LOGIN" or the given actor; never the password).
 */
#ifndef ONCOBOARD_STORE_USERS_H
#define ONCOBOARD_STORE_USERS_H

#include "oncoboard/db.h"
#include "oncoboard/error.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Roles as bits, so that a route can name the set allowed to use it. */
typedef enum onc_role {
    ONC_ROLE_ADMIN = 1,
    ONC_ROLE_CLINICIAN = 2,
    ONC_ROLE_COORDINATOR = 4,
    ONC_ROLE_RESEARCHER = 8,
    ONC_ROLE_VIEWER = 16
} onc_role;
#define ONC_ROLE_ALL (ONC_ROLE_ADMIN | ONC_ROLE_CLINICIAN | ONC_ROLE_COORDINATOR | ONC_ROLE_RESEARCHER | ONC_ROLE_VIEWER)
#define ONC_ROLE_COUNT 5

/* "admin" ... "viewer"; NULL for anything but one role bit. */
const char *onc_role_name(onc_role r);
/* The role named s: ONC_OK, or ONC_EINVAL naming the five roles. */
onc_rc onc_role_parse(const char *s, onc_role *out, onc_err_t *err) ONC_MUST_CHECK;

#define ONC_LOGIN_MAX 64
#define ONC_DISPLAY_NAME_MAX 128

typedef struct onc_user {
    int64_t id;
    char login[ONC_LOGIN_MAX + 1];
    char display_name[ONC_DISPLAY_NAME_MAX + 1];
    onc_role role;
    bool disabled;
    bool has_password;
    int failed_logins;      /* in a row, since the last success */
    char locked_until[32];  /* UTC "YYYY-MM-DDTHH:MM:SSZ": the end of the last lock-out (past when it
                               has ended, until the next attempt clears it), or "" */
    char created_at[32];
    char last_login[32];    /* "" when never */
} onc_user_t;

/* Logins: 1 to 64 of [A-Za-z0-9._@-], starting with a letter or digit (ONC_EINVAL otherwise).
 * Each change is its own audited transaction (or part of the caller's when one is open). */
onc_rc onc_user_add(onc_db_t *db, const char *login, const char *display_name, onc_role role,
                    const char *password_hash, const char *actor, onc_err_t *err) ONC_MUST_CHECK;
/* ONC_ENOTFOUND for an unknown login. Ends the user's sessions and clears a lock-out. */
onc_rc onc_user_set_password(onc_db_t *db, const char *login, const char *password_hash, const char *actor,
                             onc_err_t *err) ONC_MUST_CHECK;
/* Ends the user's sessions. */
onc_rc onc_user_set_role(onc_db_t *db, const char *login, onc_role role, const char *actor,
                         onc_err_t *err) ONC_MUST_CHECK;
/* Disabling ends the user's sessions. */
onc_rc onc_user_set_disabled(onc_db_t *db, const char *login, bool disabled, const char *actor,
                             onc_err_t *err) ONC_MUST_CHECK;
/* *found false (and ONC_OK) for an unknown login. Not audited (no patient data). */
onc_rc onc_user_get(onc_db_t *db, const char *login, onc_user_t *out, bool *found, onc_err_t *err) ONC_MUST_CHECK;
typedef int (*onc_user_fn)(const onc_user_t *u, void *ctx); /* 0: go on */
/* Every user, by login. */
onc_rc onc_user_list(onc_db_t *db, onc_user_fn fn, void *ctx, onc_err_t *err) ONC_MUST_CHECK;

/* ---- signing in ---- */

typedef struct onc_login_policy {
    int max_failures;     /* failures in a row before a lock-out [5] */
    int lockout_seconds;  /* [900] */
} onc_login_policy_t;
void onc_login_policy_init(onc_login_policy_t *p);

typedef enum onc_login_result {
    ONC_LOGIN_OK = 0,
    ONC_LOGIN_BAD = 1,      /* unknown login, wrong password, or no password set: the caller says
                               no more than that */
    ONC_LOGIN_LOCKED = 2,   /* the right password during a lock-out (a wrong one is BAD) */
    ONC_LOGIN_DISABLED = 3  /* the right password of a disabled user (a wrong one is BAD) */
} onc_login_result;

/* Checks login and password at time now (UTC seconds): on success resets the failure count,
 * sets last_login and fills *user; on failure counts it and locks when the policy says so. An
 * unknown login costs the same Argon2id verification as a known one. Audited ("login" or
 * "login_failed", entity "user", detail the result and the address; never the password). */
onc_rc onc_user_authenticate(onc_db_t *db, const char *login, const char *password, const char *address,
                             const onc_login_policy_t *policy, time_t now, onc_user_t *user,
                             onc_login_result *result, onc_err_t *err) ONC_MUST_CHECK;
/* Checks a signed-in user's password again (finalising a tumor board decision) without counting
 * a failure toward the lock-out. *ok false for a wrong password. */
onc_rc onc_user_check_password(onc_db_t *db, int64_t user_id, const char *password, bool *ok,
                               onc_err_t *err) ONC_MUST_CHECK;

/* ---- sessions ---- */

#define ONC_SESSION_TOKEN_HEX 64 /* 32 random bytes */

typedef struct onc_session_policy {
    int idle_seconds;      /* a session unused this long ends [1800] */
    int lifetime_seconds;  /* and any session at this age [43200, 12 hours] */
    int touch_seconds;     /* last_seen is written at most this often [60] */
} onc_session_policy_t;
void onc_session_policy_init(onc_session_policy_t *p);

typedef struct onc_session {
    onc_user_t user;
    char csrf[ONC_SESSION_TOKEN_HEX + 1]; /* the token every state-changing request must carry */
    char created_at[32];
    char last_seen[32];
} onc_session_t;

/* A new session for user_id: its token and CSRF token (both hex, fresh random bytes). */
onc_rc onc_session_create(onc_db_t *db, int64_t user_id, const char *address, time_t now,
                          char token[ONC_SESSION_TOKEN_HEX + 1], char csrf[ONC_SESSION_TOKEN_HEX + 1],
                          onc_err_t *err) ONC_MUST_CHECK;
/* The live session of token at now: *valid false when there is none, it expired (idle or
 * lifetime; it is then deleted) or its user is disabled. Moves last_seen when touch_seconds have
 * passed. A token that is not 64 hex digits is simply not valid. */
onc_rc onc_session_lookup(onc_db_t *db, const char *token, const onc_session_policy_t *policy, time_t now,
                          onc_session_t *out, bool *valid, onc_err_t *err) ONC_MUST_CHECK;
/* Ends the session of token (sign-out; audited "logout"). Unknown tokens are not an error. */
onc_rc onc_session_end(onc_db_t *db, const char *token, onc_err_t *err) ONC_MUST_CHECK;
/* Deletes every expired session (the server calls it now and then). *n_deleted may be NULL. */
onc_rc onc_session_purge(onc_db_t *db, const onc_session_policy_t *policy, time_t now, int64_t *n_deleted,
                         onc_err_t *err) ONC_MUST_CHECK;

#endif
