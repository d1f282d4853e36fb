/* test_users.c: passwords (password.h), and users, sign-in and sessions in the registry
 * (store_users.h) on every database target, then `oncoboard user add|list` as an administrator
 * runs it. Argon2id runs with cheap parameters ($ONCOBOARD_ARGON2=t=1,m=1024,p=1, set below
 * before anything reads it) so that the many verifications stay fast; the defaults are checked
 * separately. Times are passed explicitly (T0 and offsets from it), so that lock-outs and
 * session expiry are tested without waiting. */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "registry_fixture.h"

#include "oncoboard/password.h"
#include "oncoboard/store_users.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define CHEAP "t=1,m=1024,p=1"
#define PW "correct horse battery"
#define T0 ((time_t)1800000000) /* 2027-01-15T08:00:00Z */

static onc_password_params_t params;
static char tmp_dir[256];

/* ---- passwords ---- */

static bool is_hex(const char *s, size_t n)
{
    if (strlen(s) != n) return false;
    for (; *s; s++)
        if (!strchr("0123456789abcdef", *s)) return false;
    return true;
}

static void hash_has_the_phc_form_and_verifies(void)
{
    char h[ONC_PASSWORD_HASH_MAX];
    onc_err_t err = {0};
    CHECK_INT(onc_password_hash(PW, &params, h, sizeof h, &err), ONC_OK);
    static const char prefix[] = "$argon2id$v=19$m=1024,t=1,p=1$";
    CHECK(strncmp(h, prefix, sizeof prefix - 1) == 0);
    bool ok = false;
    CHECK_INT(onc_password_verify(h, PW, &ok, &err), ONC_OK);
    CHECK(ok);
    CHECK_INT(onc_password_verify(h, PW "!", &ok, &err), ONC_OK);
    CHECK(!ok);
    char h2[ONC_PASSWORD_HASH_MAX];
    CHECK_INT(onc_password_hash(PW, &params, h2, sizeof h2, &err), ONC_OK);
    CHECK(strcmp(h, h2) != 0); /* a fresh salt each time */
    CHECK_INT(onc_password_verify("$2b$10$notargon", PW, &ok, &err), ONC_EINVAL);
    CHECK_INT(onc_password_verify("$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHQ$aGFzaA", PW, &ok, &err), ONC_EINVAL);
    char small[40];
    CHECK_INT(onc_password_hash(PW, &params, small, sizeof small, &err), ONC_ELIMIT);
}

static void policy_counts_bytes_from_12_to_256(void)
{
    char pw[300];
    onc_err_t err = {0};
    memset(pw, 'a', sizeof pw);
    pw[11] = '\0';
    CHECK_INT(onc_password_check_policy(pw, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "at least 12") != NULL);
    pw[11] = 'a', pw[12] = '\0';
    CHECK_INT(onc_password_check_policy(pw, &err), ONC_OK);
    pw[12] = 'a', pw[256] = '\0';
    CHECK_INT(onc_password_check_policy(pw, &err), ONC_OK);
    pw[256] = 'a', pw[257] = '\0';
    CHECK_INT(onc_password_check_policy(pw, &err), ONC_EINVAL);
    CHECK_INT(onc_password_check_policy(NULL, &err), ONC_EINVAL);
}

static void params_default_and_from_the_environment(void)
{
    onc_password_params_t p;
    unsetenv("ONCOBOARD_ARGON2");
    onc_password_params_init(&p);
    CHECK_INT(p.t_cost, 3);
    CHECK_INT(p.m_cost_kib, 65536);
    CHECK_INT(p.lanes, 1);
    const char *garbage[] = {"t=0,m=1024,p=1", "t=1,m=4,p=1", "t=1,m=1024,p=1,x=2", "t=1;m=1024", "m=1024,m=2048",
                             "t=", "t=99999999999", "hello"};
    for (size_t i = 0; i < sizeof garbage / sizeof *garbage; i++) {
        setenv("ONCOBOARD_ARGON2", garbage[i], 1);
        onc_password_params_init(&p);
        if (p.t_cost != 3 || p.m_cost_kib != 65536 || p.lanes != 1) fprintf(stderr, "accepted %s\n", garbage[i]);
        CHECK(p.t_cost == 3 && p.m_cost_kib == 65536 && p.lanes == 1);
    }
    setenv("ONCOBOARD_ARGON2", "m=2048,t=2", 1);
    onc_password_params_init(&p);
    CHECK_INT(p.t_cost, 2);
    CHECK_INT(p.m_cost_kib, 2048);
    CHECK_INT(p.lanes, 1);
    setenv("ONCOBOARD_ARGON2", CHEAP, 1);
    onc_password_params_init(&p);
    CHECK_INT(p.t_cost, 1);
    CHECK_INT(p.m_cost_kib, 1024);
    CHECK_INT(p.lanes, 1);
}

static void needs_rehash_when_the_parameters_change(void)
{
    char h[ONC_PASSWORD_HASH_MAX];
    onc_err_t err = {0};
    CHECK_INT(onc_password_hash(PW, &params, h, sizeof h, &err), ONC_OK);
    CHECK(!onc_password_needs_rehash(h, &params));
    onc_password_params_t more = params;
    more.t_cost = 2;
    CHECK(onc_password_needs_rehash(h, &more));
    more = params, more.m_cost_kib = 2048;
    CHECK(onc_password_needs_rehash(h, &more));
    CHECK(onc_password_needs_rehash("$argon2i$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA", &params));
    CHECK(onc_password_needs_rehash(NULL, &params));
}

static void random_hex_is_fresh_lowercase_hex(void)
{
    char a[65], b[65], one[3];
    onc_err_t err = {0};
    CHECK_INT(onc_random_hex(a, 32, &err), ONC_OK);
    CHECK_INT(onc_random_hex(b, 32, &err), ONC_OK);
    CHECK(is_hex(a, 64) && is_hex(b, 64));
    CHECK(strcmp(a, b) != 0);
    CHECK_INT(onc_random_hex(one, 1, &err), ONC_OK);
    CHECK(is_hex(one, 2));
    char big[2 * 200 + 1];
    CHECK_INT(onc_random_hex(big, 200, &err), ONC_OK);
    CHECK(is_hex(big, 400));
}

static void *hash_once(void *arg)
{
    const onc_password_params_t *p = arg;
    char h[ONC_PASSWORD_HASH_MAX];
    onc_err_t err = {0};
    if (onc_password_hash(PW, p, h, sizeof h, &err) != ONC_OK) return (void *)1;
    return NULL;
}

/* 12 threads hash at once: never more than ONC_PASSWORD_SLOTS run together. */
static void concurrent_hashes_are_capped(void)
{
    onc_password_params_t p = {.t_cost = 2, .m_cost_kib = 8192, .lanes = 1};
    pthread_t t[12];
    int started = 0;
    for (int i = 0; i < 12; i++) started += pthread_create(&t[i], NULL, hash_once, &p) == 0;
    CHECK_INT(started, 12);
    for (int i = 0; i < started; i++) {
        void *r = NULL;
        pthread_join(t[i], &r);
        CHECK(r == NULL);
    }
    CHECK(onc_password_hash_peak() >= 2);
    CHECK(onc_password_hash_peak() <= ONC_PASSWORD_SLOTS);
}

/* ---- users ---- */

static const char *hash_of(const char *pw)
{
    static char h[ONC_PASSWORD_HASH_MAX];
    onc_err_t err = {0};
    if (onc_password_hash(pw, &params, h, sizeof h, &err) != ONC_OK) {
        fprintf(stderr, "hash: %s\n", err.msg);
        check_failed = 1;
        return NULL;
    }
    return h;
}

typedef struct seen {
    char logins[8][ONC_LOGIN_MAX + 1];
    int n;
} seen_t;

static int collect(const onc_user_t *u, void *ctx)
{
    seen_t *s = ctx;
    if (s->n < 8) snprintf(s->logins[s->n], sizeof s->logins[0], "%s", u->login);
    s->n++;
    return 0;
}

static void users_add_get_list_role_disable(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    CHECK_INT(onc_user_add(db, "alice", "Alice Martin", ONC_ROLE_CLINICIAN, hash_of(PW), "os:tester", &err), ONC_OK);
    CHECK_INT(onc_user_add(db, "bob", NULL, ONC_ROLE_VIEWER, NULL, "os:tester", &err), ONC_OK);
    CHECK_INT(onc_user_add(db, "alice", "again", ONC_ROLE_ADMIN, NULL, "os:tester", &err), ONC_ECONFLICT);
    CHECK_INT(onc_user_add(db, "-alice", "x", ONC_ROLE_ADMIN, NULL, "os:tester", &err), ONC_EINVAL);
    CHECK_INT(onc_user_add(db, "al ice", "x", ONC_ROLE_ADMIN, NULL, "os:tester", &err), ONC_EINVAL);
    CHECK_INT(onc_user_add(db, "carol", "x", ONC_ROLE_ADMIN | ONC_ROLE_VIEWER, NULL, "os:tester", &err), ONC_EINVAL);
    CHECK_INT(onc_user_add(db, "carol", "x", ONC_ROLE_ADMIN, "plaintext-password", "os:tester", &err), ONC_EINVAL);
    onc_user_t u;
    bool found = false;
    CHECK_INT(onc_user_get(db, "alice", &u, &found, &err), ONC_OK);
    CHECK(found);
    CHECK_STR(u.login, "alice");
    CHECK_STR(u.display_name, "Alice Martin");
    CHECK_INT(u.role, ONC_ROLE_CLINICIAN);
    CHECK(!u.disabled && u.has_password);
    CHECK_INT(u.failed_logins, 0);
    CHECK_STR(u.locked_until, "");
    CHECK_STR(u.last_login, "");
    CHECK_INT(strlen(u.created_at), 20);
    CHECK_INT(onc_user_get(db, "bob", &u, &found, &err), ONC_OK);
    CHECK(found && !u.has_password);
    CHECK_STR(u.display_name, "bob");
    CHECK_INT(onc_user_get(db, "nobody", &u, &found, &err), ONC_OK);
    CHECK(!found);
    CHECK_INT(onc_user_set_role(db, "bob", ONC_ROLE_COORDINATOR, "os:tester", &err), ONC_OK);
    CHECK_INT(onc_user_set_disabled(db, "bob", true, "os:tester", &err), ONC_OK);
    CHECK_INT(onc_user_set_role(db, "nobody", ONC_ROLE_ADMIN, "os:tester", &err), ONC_ENOTFOUND);
    CHECK_INT(onc_user_get(db, "bob", &u, &found, &err), ONC_OK);
    CHECK(u.disabled);
    CHECK_INT(u.role, ONC_ROLE_COORDINATOR);
    seen_t s = {.n = 0};
    CHECK_INT(onc_user_list(db, collect, &s, &err), ONC_OK);
    CHECK_INT(s.n, 2);
    CHECK_STR(s.logins[0], "alice");
    CHECK_STR(s.logins[1], "bob");
    /* two creations, one role change, one disabling; the refused changes left nothing */
    CHECK_INT(registry_audit_entries(db), 4);
    close_registry(db);
}

static void roles_have_names_and_parse(void)
{
    onc_role r;
    onc_err_t err = {0};
    const char *names[] = {"admin", "clinician", "coordinator", "researcher", "viewer"};
    for (int i = 0; i < ONC_ROLE_COUNT; i++) {
        CHECK_INT(onc_role_parse(names[i], &r, &err), ONC_OK);
        CHECK_INT(r, 1 << i);
        CHECK_STR(onc_role_name(r), names[i]);
    }
    CHECK_INT(onc_role_parse("root", &r, &err), ONC_EINVAL);
    CHECK(onc_role_name(ONC_ROLE_ADMIN | ONC_ROLE_VIEWER) == NULL);
}

static onc_login_result attempt(onc_db_t *db, const char *login, const char *pw, time_t now, onc_user_t *u)
{
    onc_login_policy_t policy;
    onc_login_policy_init(&policy);
    onc_login_result r = ONC_LOGIN_OK;
    onc_err_t err = {0};
    onc_rc rc = onc_user_authenticate(db, login, pw, "192.0.2.7", &policy, now, u, &r, &err);
    if (rc != ONC_OK) fprintf(stderr, "authenticate: %s\n", err.msg), check_failed = 1;
    return r;
}

static onc_user_t get(onc_db_t *db, const char *login)
{
    onc_user_t u;
    bool found = false;
    onc_err_t err = {0};
    memset(&u, 0, sizeof u);
    CHECK_INT(onc_user_get(db, login, &u, &found, &err), ONC_OK);
    CHECK(found);
    return u;
}

static void sign_in_locks_out_after_five_failures(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    onc_login_policy_t policy;
    onc_login_policy_init(&policy);
    CHECK_INT(policy.max_failures, 5);
    CHECK_INT(policy.lockout_seconds, 900);
    CHECK_INT(onc_user_add(db, "alice", "Alice", ONC_ROLE_CLINICIAN, hash_of(PW), NULL, &err), ONC_OK);
    onc_user_t u;
    CHECK_INT(attempt(db, "alice", PW, T0, &u), ONC_LOGIN_OK);
    CHECK_STR(u.login, "alice");
    CHECK_STR(u.last_login, "2027-01-15T08:00:00Z");
    CHECK_STR(get(db, "alice").last_login, "2027-01-15T08:00:00Z");
    /* a failure, then a success resets the count */
    CHECK_INT(attempt(db, "alice", "wrong password!", T0 + 10, &u), ONC_LOGIN_BAD);
    CHECK_INT(get(db, "alice").failed_logins, 1);
    CHECK_INT(attempt(db, "alice", PW, T0 + 20, &u), ONC_LOGIN_OK);
    CHECK_INT(get(db, "alice").failed_logins, 0);
    /* five in a row lock the account for 900 s from the fifth */
    for (int i = 1; i <= 5; i++) CHECK_INT(attempt(db, "alice", "wrong password!", T0 + 100 + i, &u), ONC_LOGIN_BAD);
    onc_user_t locked = get(db, "alice");
    CHECK_INT(locked.failed_logins, 5);
    CHECK_STR(locked.locked_until, "2027-01-15T08:16:45Z"); /* T0 + 105 + 900 */
    CHECK_INT(attempt(db, "alice", PW, T0 + 106, &u), ONC_LOGIN_LOCKED);
    CHECK_INT(attempt(db, "alice", "wrong password!", T0 + 107, &u), ONC_LOGIN_BAD); /* no hint while locked */
    CHECK_INT(get(db, "alice").failed_logins, 5);
    CHECK_INT(attempt(db, "alice", PW, T0 + 1004, &u), ONC_LOGIN_LOCKED);
    /* the lock ends at T0 + 1005: counting starts again */
    CHECK_INT(attempt(db, "alice", "wrong password!", T0 + 1005, &u), ONC_LOGIN_BAD);
    onc_user_t after = get(db, "alice");
    CHECK_INT(after.failed_logins, 1);
    CHECK_STR(after.locked_until, "");
    CHECK_INT(attempt(db, "alice", PW, T0 + 1006, &u), ONC_LOGIN_OK);
    CHECK_INT(get(db, "alice").failed_logins, 0);
    /* an unknown login: BAD, and never locked */
    for (int i = 0; i < 6; i++) CHECK_INT(attempt(db, "mallory", PW, T0 + 2000 + i, &u), ONC_LOGIN_BAD);
    CHECK_INT(attempt(db, "not a login!", PW, T0 + 2010, &u), ONC_LOGIN_BAD);
    /* 1 ok + 1 bad + 1 ok + 5 bad + 1 lockout + 3 while locked + 1 bad + 1 ok + 7 unknown, and the creation */
    CHECK_INT(registry_audit_entries(db), 22);
    close_registry(db);
}

static void disabled_and_passwordless_users_do_not_sign_in(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    onc_user_t u;
    CHECK_INT(onc_user_add(db, "bob", "Bob", ONC_ROLE_VIEWER, hash_of(PW), NULL, &err), ONC_OK);
    CHECK_INT(onc_user_add(db, "carol", "Carol", ONC_ROLE_VIEWER, NULL, NULL, &err), ONC_OK);
    CHECK_INT(onc_user_set_disabled(db, "bob", true, NULL, &err), ONC_OK);
    CHECK_INT(attempt(db, "bob", PW, T0, &u), ONC_LOGIN_DISABLED);
    CHECK_INT(attempt(db, "bob", "wrong password!", T0, &u), ONC_LOGIN_BAD);
    CHECK_INT(attempt(db, "carol", PW, T0, &u), ONC_LOGIN_BAD);
    CHECK_INT(onc_user_set_disabled(db, "bob", false, NULL, &err), ONC_OK);
    CHECK_INT(attempt(db, "bob", PW, T0 + 1, &u), ONC_LOGIN_OK);
    CHECK_INT(registry_audit_entries(db), 8);
    close_registry(db);
}

static void check_password_counts_no_failure(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    CHECK_INT(onc_user_add(db, "alice", "Alice", ONC_ROLE_CLINICIAN, hash_of(PW), NULL, &err), ONC_OK);
    onc_user_t u = get(db, "alice");
    bool ok = false;
    for (int i = 0; i < 6; i++) {
        CHECK_INT(onc_user_check_password(db, u.id, "wrong password!", &ok, &err), ONC_OK);
        CHECK(!ok);
    }
    CHECK_INT(onc_user_check_password(db, u.id, PW, &ok, &err), ONC_OK);
    CHECK(ok);
    onc_user_t after = get(db, "alice");
    CHECK_INT(after.failed_logins, 0);
    CHECK_STR(after.locked_until, "");
    CHECK_INT(onc_user_check_password(db, u.id + 100, PW, &ok, &err), ONC_ENOTFOUND);
    CHECK_INT(registry_audit_entries(db), 8);
    close_registry(db);
}

/* A flood of wrong passwords on one account from 4 connections at once (research note 5.3):
 * every attempt answered BAD and audited, exactly one lock-out, the account locked, another
 * account unaffected, and never more than ONC_PASSWORD_SLOTS verifications at once. */
#define FLOOD_THREADS 4
#define FLOOD_EACH 25

typedef struct flood {
    int bad, other;
} flood_t;

static void *flood_one(void *arg)
{
    flood_t *f = arg;
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    if (onc_db_open(db_target_url, NULL, &db, &err) != ONC_OK) return f->other = -1, NULL;
    onc_login_policy_t policy;
    onc_login_policy_init(&policy);
    for (int i = 0; i < FLOOD_EACH; i++) {
        onc_login_result r = ONC_LOGIN_OK;
        onc_rc rc = onc_user_authenticate(db, "alice", "wrong password!", "198.51.100.9", &policy, T0 + 10, NULL, &r, &err);
        if (rc == ONC_OK && r == ONC_LOGIN_BAD) f->bad++;
        else f->other++, fprintf(stderr, "flood: %d %d %s\n", (int)rc, (int)r, err.msg);
    }
    onc_db_close(db);
    return NULL;
}

static int count_lockouts(const onc_audit_row_t *row, void *ctx)
{
    if (strcmp(row->action, "lockout") == 0) ++*(int *)ctx;
    return 0;
}

static void failed_sign_in_flood_locks_one_account(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    CHECK_INT(onc_user_add(db, "alice", "Alice", ONC_ROLE_CLINICIAN, hash_of(PW), NULL, &err), ONC_OK);
    CHECK_INT(onc_user_add(db, "bob", "Bob", ONC_ROLE_VIEWER, hash_of(PW), NULL, &err), ONC_OK);
    pthread_t t[FLOOD_THREADS];
    flood_t f[FLOOD_THREADS];
    memset(f, 0, sizeof f);
    int started = 0;
    for (int i = 0; i < FLOOD_THREADS; i++) started += pthread_create(&t[i], NULL, flood_one, &f[i]) == 0;
    CHECK_INT(started, FLOOD_THREADS);
    int bad = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(t[i], NULL);
        bad += f[i].bad;
        CHECK_INT(f[i].other, 0);
    }
    CHECK_INT(bad, FLOOD_THREADS * FLOOD_EACH);
    onc_user_t u;
    CHECK_INT(attempt(db, "alice", PW, T0 + 20, &u), ONC_LOGIN_LOCKED);
    CHECK_INT(attempt(db, "bob", PW, T0 + 20, &u), ONC_LOGIN_OK);
    CHECK(get(db, "alice").failed_logins >= 5);
    int lockouts = 0;
    CHECK_INT(onc_audit_list(db, NULL, NULL, count_lockouts, &lockouts, &err), ONC_OK);
    CHECK_INT(lockouts, 1);
    CHECK_INT(registry_audit_entries(db), 2 + FLOOD_THREADS * FLOOD_EACH + 1 + 2);
    CHECK(onc_password_hash_peak() <= ONC_PASSWORD_SLOTS);
    close_registry(db);
}

/* ---- sessions ---- */

static void new_session(onc_db_t *db, int64_t user_id, time_t now, char *token, char *csrf)
{
    onc_err_t err = {0};
    CHECK_INT(onc_session_create(db, user_id, "192.0.2.7\n", now, token, csrf, &err), ONC_OK);
}

static bool live(onc_db_t *db, const char *token, time_t now, onc_session_t *s)
{
    onc_session_policy_t p;
    onc_session_policy_init(&p);
    bool valid = true;
    onc_err_t err = {0};
    onc_session_t local;
    CHECK_INT(onc_session_lookup(db, token, &p, now, s ? s : &local, &valid, &err), ONC_OK);
    return valid;
}

static int64_t count_sessions(onc_db_t *db)
{
    onc_db_stmt_t *st = NULL;
    onc_err_t err = {0};
    bool row = false;
    int64_t n = -1;
    if (onc_db_prepare(db, "SELECT count(*) FROM sessions", &st, &err) == ONC_OK && onc_db_step(st, &row, &err) == ONC_OK && row)
        n = onc_db_column_int64(st, 0);
    onc_db_finalize(st);
    return n;
}

static void sessions_live_touch_and_expire(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    onc_session_policy_t p;
    onc_session_policy_init(&p);
    CHECK_INT(p.idle_seconds, 1800);
    CHECK_INT(p.lifetime_seconds, 43200);
    CHECK_INT(p.touch_seconds, 60);
    CHECK_INT(onc_user_add(db, "alice", "Alice", ONC_ROLE_CLINICIAN, hash_of(PW), NULL, &err), ONC_OK);
    int64_t id = get(db, "alice").id;
    char token[65], csrf[65];
    new_session(db, id, T0, token, csrf);
    CHECK(is_hex(token, 64) && is_hex(csrf, 64) && strcmp(token, csrf) != 0);
    onc_session_t s;
    CHECK(live(db, token, T0 + 30, &s));
    CHECK_STR(s.user.login, "alice");
    CHECK_STR(s.csrf, csrf);
    CHECK_STR(s.created_at, "2027-01-15T08:00:00Z");
    CHECK_STR(s.last_seen, "2027-01-15T08:00:00Z"); /* not touched within 60 s */
    CHECK(live(db, token, T0 + 60, &s));
    CHECK_STR(s.last_seen, "2027-01-15T08:01:00Z");
    CHECK(live(db, token, T0 + 90, &s));
    CHECK_STR(s.last_seen, "2027-01-15T08:01:00Z");
    /* idle: 1800 s after the last touch it has ended, and is gone */
    CHECK(live(db, token, T0 + 60 + 1799, NULL));
    CHECK(!live(db, token, T0 + 60 + 1799 + 1800, NULL));
    CHECK(!live(db, token, T0 + 60 + 1799 + 1801, NULL));
    CHECK_INT(count_sessions(db), 0);
    /* lifetime: kept busy, it still ends 12 hours after its creation */
    new_session(db, id, T0, token, csrf);
    time_t t = T0;
    for (; t < T0 + 43200 - 1000; t += 1000) CHECK(live(db, token, t, NULL));
    CHECK(live(db, token, T0 + 43199, NULL));
    CHECK(!live(db, token, T0 + 43200, NULL));
    /* sign-out */
    new_session(db, id, T0, token, csrf);
    CHECK_INT(onc_session_end(db, token, &err), ONC_OK);
    CHECK(!live(db, token, T0 + 1, NULL));
    CHECK_INT(onc_session_end(db, token, &err), ONC_OK); /* already ended: no error */
    CHECK_INT(onc_session_end(db, "nonsense", &err), ONC_OK);
    /* tokens that are not 64 lowercase hex digits are simply invalid */
    new_session(db, id, T0, token, csrf);
    char upper[65];
    for (int i = 0; i < 65; i++) upper[i] = (char)(token[i] >= 'a' && token[i] <= 'f' ? token[i] - 32 : token[i]);
    CHECK(strcmp(upper, token) != 0);
    CHECK(!live(db, upper, T0 + 1, NULL));
    CHECK(!live(db, "abc", T0 + 1, NULL));
    CHECK(!live(db, NULL, T0 + 1, NULL));
    char longer[70];
    snprintf(longer, sizeof longer, "%s00", token);
    CHECK(!live(db, longer, T0 + 1, NULL));
    CHECK(live(db, token, T0 + 1, NULL));
    /* audit: alice's creation, the idle end, the lifetime end, one sign-out */
    CHECK_INT(registry_audit_entries(db), 4);
    close_registry(db);
}

static void changes_to_the_user_end_sessions(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    CHECK_INT(onc_user_add(db, "alice", "Alice", ONC_ROLE_CLINICIAN, hash_of(PW), NULL, &err), ONC_OK);
    int64_t id = get(db, "alice").id;
    char a[65], b[65], csrf[65];
    new_session(db, id, T0, a, csrf);
    new_session(db, id, T0, b, csrf);
    CHECK(live(db, a, T0 + 1, NULL) && live(db, b, T0 + 1, NULL));
    CHECK_INT(onc_user_set_password(db, "alice", hash_of("another long password"), "os:tester", &err), ONC_OK);
    CHECK(!live(db, a, T0 + 2, NULL) && !live(db, b, T0 + 2, NULL));
    onc_user_t u;
    CHECK_INT(attempt(db, "alice", PW, T0 + 3, &u), ONC_LOGIN_BAD);
    CHECK_INT(attempt(db, "alice", "another long password", T0 + 4, &u), ONC_LOGIN_OK);
    new_session(db, id, T0, a, csrf);
    CHECK_INT(onc_user_set_role(db, "alice", ONC_ROLE_VIEWER, "os:tester", &err), ONC_OK);
    CHECK(!live(db, a, T0 + 5, NULL));
    new_session(db, id, T0, a, csrf);
    CHECK_INT(onc_user_set_disabled(db, "alice", true, "os:tester", &err), ONC_OK);
    CHECK(!live(db, a, T0 + 6, NULL));
    CHECK_INT(onc_user_set_disabled(db, "alice", false, "os:tester", &err), ONC_OK);
    /* a user disabled behind the library's back (direct SQL): the session is refused all the same */
    new_session(db, id, T0, a, csrf);
    CHECK_INT(onc_db_exec(db, "UPDATE users SET disabled = 1", &err), ONC_OK);
    CHECK(!live(db, a, T0 + 7, NULL));
    CHECK_INT(count_sessions(db), 0);
    CHECK_INT(onc_user_set_password(db, "nobody", NULL, "os:tester", &err), ONC_ENOTFOUND);
    /* create, password, 2 sign-in attempts, role, disable, enable, the session of the disabled user */
    CHECK_INT(registry_audit_entries(db), 8);
    close_registry(db);
}

static void purge_deletes_ended_sessions(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    CHECK_INT(onc_user_add(db, "alice", "Alice", ONC_ROLE_CLINICIAN, hash_of(PW), NULL, &err), ONC_OK);
    int64_t id = get(db, "alice").id;
    char t[4][65], csrf[65];
    new_session(db, id, T0, t[0], csrf);
    new_session(db, id, T0, t[1], csrf);
    new_session(db, id, T0 + 1000, t[2], csrf);
    new_session(db, id, T0 + 2000, t[3], csrf);
    onc_session_policy_t p;
    onc_session_policy_init(&p);
    int64_t n = -1;
    CHECK_INT(onc_session_purge(db, &p, T0 + 1800, &n, &err), ONC_OK);
    CHECK_INT(n, 2);
    CHECK_INT(count_sessions(db), 2);
    CHECK_INT(onc_session_purge(db, &p, T0 + 1801, &n, &err), ONC_OK);
    CHECK_INT(n, 0);
    CHECK_INT(onc_session_purge(db, &p, T0 + 3800, &n, &err), ONC_OK);
    CHECK_INT(n, 2);
    CHECK_INT(count_sessions(db), 0);
    CHECK_INT(registry_audit_entries(db), 5);
    close_registry(db);
}

/* Neither a session's token nor a password is anywhere in the tables: every cell of sessions
 * and users, joined, is searched for them. */
static void registry_keeps_no_token_or_password(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    CHECK_INT(onc_user_add(db, "alice", "Alice", ONC_ROLE_CLINICIAN, hash_of(PW), NULL, &err), ONC_OK);
    char token[65], csrf[65];
    onc_user_t u;
    CHECK_INT(attempt(db, "alice", PW, T0, &u), ONC_LOGIN_OK);
    new_session(db, u.id, T0, token, csrf);
    CHECK_INT(onc_session_end(db, token, &err), ONC_OK);
    new_session(db, u.id, T0, token, csrf);
    const char *sql[] = {"SELECT token_sha256, csrf, created_at, last_seen, address FROM sessions",
                         "SELECT login, display_name, password_hash, role, created_at, last_login FROM users",
                         "SELECT actor, action, entity, entity_id, detail FROM audit_log"};
    int cells = 0;
    for (size_t q = 0; q < 3; q++) {
        onc_db_stmt_t *st = NULL;
        CHECK_INT(onc_db_prepare(db, sql[q], &st, &err), ONC_OK);
        for (bool row = true; st && row;) {
            CHECK_INT(onc_db_step(st, &row, &err), ONC_OK);
            for (int c = 0; row && c < onc_db_column_count(st); c++) {
                const char *v = onc_db_column_text(st, c);
                if (!v) continue;
                cells++;
                CHECK(strstr(v, token) == NULL);
                CHECK(strstr(v, PW) == NULL);
                if (q == 0 && c == 4) CHECK_STR(v, "192.0.2.7"); /* the newline was dropped */
            }
        }
        onc_db_finalize(st);
    }
    CHECK(cells > 10);
    close_registry(db);
}

/* ---- the command line ---- */

static void cli_user_add_and_list(void)
{
    onc_db_t *db = open_registry(); /* the audit anchors for PostgreSQL, and the schema */
    if (!db) return;
    char pwfile[400];
    snprintf(pwfile, sizeof pwfile, "%s/pw", tmp_dir);
    FILE *f = fopen(pwfile, "w");
    CHECK(f != NULL);
    if (f) fputs(PW "\n", f), fclose(f);
    CHECK_INT(cli_run(tmp_dir, "user add alice --role clinician --name 'Alice Martin' --password-stdin --db '%s' <'%s'",
                      db_target_url, pwfile),
              0);
    char path[400];
    snprintf(path, sizeof path, "%s/out", tmp_dir);
    char *out = test_slurp(path);
    CHECK_STR(out, ""); /* nothing on stdout: the password is not echoed */
    free(out);
    CHECK_INT(cli_run(tmp_dir, "user add admin --role admin --generate --db '%s'", db_target_url), 0);
    char *generated = test_slurp(path);
    CHECK(generated && strlen(generated) == 21 && generated[20] == '\n');
    for (int i = 0; generated && i < 20; i++) CHECK(strchr("0OoIl1", generated[i]) == NULL);
    if (generated) generated[20] = '\0';
    CHECK_INT(cli_run(tmp_dir, "user add bob --role viewer --no-password --db '%s'", db_target_url), 0);
    CHECK_INT(cli_run(tmp_dir, "user disable bob --db '%s'", db_target_url), 0);
    CHECK_INT(cli_run(tmp_dir, "user add carol --role boss --password-stdin --db '%s' <'%s'", db_target_url, pwfile), 2);
    char empty[400];
    snprintf(empty, sizeof empty, "%s/empty", tmp_dir);
    if ((f = fopen(empty, "w"))) fclose(f);
    CHECK_INT(cli_run(tmp_dir, "user add dave --role viewer --password-stdin --db '%s' <'%s'", db_target_url, empty), 2);
    unlink(empty);
    CHECK_INT(cli_run(tmp_dir, "user add alice --role viewer --password-stdin --db '%s' <'%s'", db_target_url, pwfile), 2);
    CHECK_INT(cli_run(tmp_dir, "user passwd nobody --password-stdin --db '%s' <'%s'", db_target_url, pwfile), 2);
    CHECK_INT(cli_run(tmp_dir, "user role alice --role admin --db '%s'", db_target_url), 2); /* ROLE is an argument */
    CHECK_INT(cli_run(tmp_dir, "user list --generate --db '%s'", db_target_url), 2);
    CHECK_INT(cli_run(tmp_dir, "user list --db '%s'", db_target_url), 0);
    out = test_slurp(path);
    CHECK_STR(out, "login\tname\trole\tstatus\tlast_login\n"
                   "admin\tadmin\tadmin\tactive\t\n"
                   "alice\tAlice Martin\tclinician\tactive\t\n"
                   "bob\tbob\tviewer\tdisabled\t\n");
    free(out);
    CHECK_INT(cli_run(tmp_dir, "user list --format json --db '%s'", db_target_url), 0);
    out = test_slurp(path);
    CHECK(out && strstr(out, "{\"login\":\"bob\",\"name\":\"bob\",\"role\":\"viewer\",\"status\":\"disabled\","
                             "\"last_login\":null}") != NULL);
    free(out);
    /* the passwords the command stored are the ones given */
    onc_user_t u;
    CHECK_INT(attempt(db, "alice", PW, T0, &u), ONC_LOGIN_OK);
    if (generated) CHECK_INT(attempt(db, "admin", generated, T0, &u), ONC_LOGIN_OK);
    free(generated);
    /* 3 additions and a disabling by the command (actor os:...), 2 sign-ins */
    CHECK_INT(registry_audit_entries(db), 6);
    unlink(pwfile);
    snprintf(path, sizeof path, "%s/err", tmp_dir), unlink(path);
    snprintf(path, sizeof path, "%s/out", tmp_dir), unlink(path);
    close_registry(db);
}

int main(void)
{
    setenv("ONCOBOARD_ARGON2", CHEAP, 1);
    onc_password_params_init(&params);
    RUN(hash_has_the_phc_form_and_verifies);
    RUN(policy_counts_bytes_from_12_to_256);
    RUN(params_default_and_from_the_environment);
    RUN(needs_rehash_when_the_parameters_change);
    RUN(random_hex_is_fresh_lowercase_hex);
    RUN(concurrent_hashes_are_capped);
    RUN(roles_have_names_and_parse);
    setenv("ONCOBOARD_ARGON2", CHEAP, 1);
    static const db_test_t tests[] = {
        DB_TEST(users_add_get_list_role_disable),
        DB_TEST(sign_in_locks_out_after_five_failures),
        DB_TEST(disabled_and_passwordless_users_do_not_sign_in),
        DB_TEST(check_password_counts_no_failure),
        DB_TEST(failed_sign_in_flood_locks_one_account),
        DB_TEST(sessions_live_touch_and_expire),
        DB_TEST(changes_to_the_user_end_sessions),
        DB_TEST(purge_deletes_ended_sessions),
        DB_TEST(registry_keeps_no_token_or_password),
        DB_TEST(cli_user_add_and_list),
        {NULL, NULL},
    };
    if (!check_mkdtemp(tmp_dir, sizeof tmp_dir, "onc-users") || registry_fixture_start()) return 1;
    db_targets_run(tests);
    rmdir(tmp_dir);
    registry_fixture_end();
    CHECK_EXIT();
}
