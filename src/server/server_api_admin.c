/* server_api_admin.c: administration over HTTP: the users (store_users.h: created, given a role,
 * disabled, given a new password; never deleted, since the audit log names them) and the audit
 * log (audit.h: listed, newest last, and verified against its key and checkpoints).
 *
 * An administrator cannot disable or demote themself (409): a unit must never be left without
 * one by a slip of the mouse; another administrator does it. Every user change ends the user's
 * sessions in the registry (store_users.h), so that a disabled user is signed out at once.
 * Passwords are checked against the policy, hashed here (password.h) and wiped from the request
 * as soon as they are hashed. */
#include "server_api.h"

#include "oncoboard/audit.h"
#include "oncoboard/case.h"
#include "oncoboard/password.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_LIMIT_DEFAULT 500
#define AUDIT_LIMIT_MAX 5000

/* ---- users ---- */

static const char *user_status(const onc_user_t *u, time_t now)
{
    char stamp[32];
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (u->disabled) return "disabled";
    if (!u->has_password) return "no_password";
    if (u->locked_until[0] && strcmp(u->locked_until, stamp) > 0) return "locked";
    return "active";
}

static json_t *user_row(const onc_user_t *u, time_t now)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s,s:i}", "login", u->login, "name", u->display_name, "role",
                     onc_role_name(u->role), "status", user_status(u, now), "last_login",
                     u->last_login[0] ? u->last_login : NULL, "created_at", u->created_at, "failed_logins",
                     u->failed_logins);
}

typedef struct user_rows {
    api_rows_t out;
    time_t now;
} user_rows_t;

static int add_user_row(const onc_user_t *u, void *ctx)
{
    user_rows_t *l = ctx;
    return api_rows_add(&l->out, user_row(u, l->now));
}

void api_users_list(srv_req_t *rq, srv_reply_t *rp)
{
    user_rows_t l = {.out = {json_array(), false}, .now = rq->now};
    onc_err_t err = {0};
    onc_rc rc = l.out.rows ? onc_user_list(rq->db, add_user_row, &l, &err) : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK && l.out.oom) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) srv_json(rp, 200, json_pack("{s:O}", "users", l.out.rows));
    else srv_error_rc(rp, rc, &err);
    json_decref(l.out.rows);
}

/* The user's row after a change: 200 or 201 with it. */
static void reply_user(srv_req_t *rq, srv_reply_t *rp, int status, const char *login)
{
    onc_user_t u;
    bool found = false;
    onc_err_t err = {0};
    onc_rc rc = onc_user_get(rq->db, login, &u, &found, &err);
    if (rc == ONC_OK && !found) rc = onc_err_set(&err, ONC_EINTERNAL, "user %s vanished after a change", login);
    if (rc == ONC_OK) srv_json(rp, status, user_row(&u, rq->now));
    else srv_error_rc(rp, rc, &err);
}

/* Checks password against the policy and hashes it into hash: false after a 400 reply. */
static bool hash_password(const char *password, char hash[ONC_PASSWORD_HASH_MAX], srv_reply_t *rp)
{
    onc_err_t err = {0};
    onc_password_params_t pp;
    onc_password_params_init(&pp);
    onc_rc rc = onc_password_check_policy(password, &err);
    if (rc == ONC_OK) rc = onc_password_hash(password, &pp, hash, ONC_PASSWORD_HASH_MAX, &err);
    if (rc == ONC_OK) return true;
    srv_error_rc(rp, rc, &err);
    return false;
}

typedef struct user_change {
    const char *login, *name;
    onc_role role;
    bool set_role, set_disabled, disabled;
    char hash[ONC_PASSWORD_HASH_MAX]; /* "" when the password does not change */
} user_change_t;

static onc_rc add_user(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    user_change_t *c = ctx;
    return onc_user_add(rq->db, c->login, c->name, c->role, c->hash, rq->actor, err);
}

/* Reads {login, name, role, password} into c: false after a 400 reply. */
static bool read_new_user(json_t *body, user_change_t *c, srv_reply_t *rp)
{
    bool bad = false;
    c->login = srv_member_string(body, "login", ONC_LOGIN_MAX, rp, &bad);
    c->name = bad ? NULL : srv_member_string(body, "name", ONC_DISPLAY_NAME_MAX, rp, &bad);
    const char *role = bad ? NULL : srv_member_string(body, "role", 32, rp, &bad);
    const char *password = bad ? NULL : srv_member_string(body, "password", ONC_PASSWORD_MAX, rp, &bad);
    if (bad) return false;
    if (!c->login || !role || !password) {
        srv_error(rp, 400, "invalid", "give login, role and password (name is optional)");
        return false;
    }
    if (!c->name || !*c->name) c->name = c->login;
    onc_err_t err = {0};
    if (onc_role_parse(role, &c->role, &err) != ONC_OK) {
        srv_error(rp, 400, "invalid", "field role: %s", err.msg);
        return false;
    }
    bool ok = hash_password(password, c->hash, rp);
    onc_wipe((char *)password, strlen(password));
    return ok;
}

void api_user_create(srv_req_t *rq, srv_reply_t *rp)
{
    json_t *body = srv_body_object(rq, rp);
    if (!body) return;
    user_change_t c;
    memset(&c, 0, sizeof c);
    onc_err_t err = {0};
    if (read_new_user(body, &c, rp)) {
        onc_rc rc = api_transaction(rq, add_user, &c, &err);
        if (rc == ONC_OK) reply_user(rq, rp, 201, c.login);
        else srv_error_rc(rp, rc, &err);
    }
    onc_wipe((char *)rq->body, rq->body_len);
    onc_wipe(c.hash, sizeof c.hash);
    json_decref(body);
}

static onc_rc change_user(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    user_change_t *c = ctx;
    onc_rc rc = ONC_OK;
    if (c->set_role) rc = onc_user_set_role(rq->db, c->login, c->role, rq->actor, err);
    if (rc == ONC_OK && c->set_disabled) rc = onc_user_set_disabled(rq->db, c->login, c->disabled, rq->actor, err);
    if (rc == ONC_OK && c->hash[0]) rc = onc_user_set_password(rq->db, c->login, c->hash, rq->actor, err);
    return rc;
}

/* Reads {role?, disabled?, password?} into c: false after a 400 reply. */
static bool read_user_change(json_t *body, user_change_t *c, srv_reply_t *rp)
{
    bool bad = false;
    const char *role = srv_member_string(body, "role", 32, rp, &bad);
    const char *password = bad ? NULL : srv_member_string(body, "password", ONC_PASSWORD_MAX, rp, &bad);
    if (bad) return false;
    json_t *disabled = json_object_get(body, "disabled");
    if (disabled && !json_is_null(disabled) && !json_is_boolean(disabled)) {
        srv_error(rp, 400, "invalid", "field disabled: true or false is expected");
        return false;
    }
    c->set_disabled = json_is_boolean(disabled);
    c->disabled = json_is_true(disabled);
    onc_err_t err = {0};
    if (role && onc_role_parse(role, &c->role, &err) != ONC_OK) {
        srv_error(rp, 400, "invalid", "field role: %s", err.msg);
        return false;
    }
    c->set_role = role != NULL;
    if (!role && !password && !c->set_disabled) {
        srv_error(rp, 400, "invalid", "give role, disabled or password");
        return false;
    }
    bool ok = !password || hash_password(password, c->hash, rp);
    if (password) onc_wipe((char *)password, strlen(password));
    return ok;
}

void api_user_update(srv_req_t *rq, srv_reply_t *rp)
{
    const char *login = rq->params[0];
    if (!api_name_param(rq, rp, 0, ONC_LOGIN_MAX, "user")) return;
    json_t *body = srv_body_object(rq, rp);
    if (!body) return;
    user_change_t c;
    memset(&c, 0, sizeof c);
    c.login = login;
    onc_err_t err = {0};
    if (read_user_change(body, &c, rp)) {
        bool self = strcmp(login, rq->session.user.login) == 0;
        if (self && ((c.set_disabled && c.disabled) || (c.set_role && c.role != ONC_ROLE_ADMIN))) {
            srv_error(rp, 409, "conflict", "an administrator cannot disable or demote themself: another administrator can");
        } else {
            onc_rc rc = api_transaction(rq, change_user, &c, &err);
            if (rc == ONC_OK) reply_user(rq, rp, 200, login);
            else srv_error_rc(rp, rc, &err);
        }
    }
    onc_wipe((char *)rq->body, rq->body_len);
    onc_wipe(c.hash, sizeof c.hash);
    json_decref(body);
}

/* ---- the audit log ---- */

/* The last `limit` entries seen, in a ring, so that the newest come back however long the log. */
typedef struct audit_ring {
    json_t **v;
    size_t limit, n_seen;
    bool oom;
} audit_ring_t;

static int keep_entry(const onc_audit_row_t *r, void *ctx)
{
    audit_ring_t *a = ctx;
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?}", "seq", (json_int_t)r->seq, "at", r->at, "actor",
                          r->actor, "action", r->action, "entity", r->entity, "entity_id", r->entity_id,
                          "patient_id", r->patient_id, "detail", r->detail);
    if (!o) return a->oom = true, 1;
    json_t **slot = &a->v[a->n_seen++ % a->limit];
    json_decref(*slot);
    *slot = o;
    return 0;
}

typedef struct audit_query {
    const char *patient, *since;
    audit_ring_t ring;
} audit_query_t;

static onc_rc list_audit(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    audit_query_t *q = ctx;
    onc_rc rc = onc_audit_list(rq->db, q->patient, q->since, keep_entry, &q->ring, err);
    if (rc == ONC_OK && q->ring.oom) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    /* the log names patients: reading it is a read of patient data */
    char detail[96];
    snprintf(detail, sizeof detail, "audit log listed: %zu entries", q->ring.n_seen);
    onc_audit_entry_t e = {rq->actor, "read", "audit", NULL, q->patient, detail};
    return rc == ONC_OK ? onc_audit_append(rq->db, &e, err) : rc;
}

/* since: a date YYYY-MM-DD, or a UTC time YYYY-MM-DDTHH:MM:SS[Z] as the log stores them. */
static bool since_ok(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    size_t n = strlen(s);
    if (n != 10 && n != 19 && n != 20) return false;
    for (size_t i = 0; i < n; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i]) return false;
    char date[11];
    onc_date_t d;
    onc_err_t err = {0};
    snprintf(date, sizeof date, "%.10s", s);
    return onc_date_parse(date, &d, &err) == ONC_OK;
}

static json_t *ring_entries(const audit_ring_t *a)
{
    json_t *list = json_array();
    size_t n = a->n_seen < a->limit ? a->n_seen : a->limit;
    for (size_t i = 0; list && i < n; i++) {
        size_t k = (a->n_seen - n + i) % a->limit;
        if (json_array_append(list, a->v[k])) json_decref(list), list = NULL;
    }
    return list;
}

void api_audit_list(srv_req_t *rq, srv_reply_t *rp)
{
    int64_t limit = AUDIT_LIMIT_DEFAULT;
    audit_query_t q = {0};
    if (!api_query_text(rq, rp, "patient", API_PATIENT_ID_MAX, &q.patient) ||
        !api_query_text(rq, rp, "since", 32, &q.since) || !api_query_int(rq, rp, "limit", 1, AUDIT_LIMIT_MAX, &limit))
        return;
    if (q.since && !since_ok(q.since)) {
        srv_error(rp, 400, "invalid", "query parameter since: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ is expected");
        return;
    }
    q.ring.limit = (size_t)limit;
    q.ring.v = calloc(q.ring.limit, sizeof *q.ring.v);
    onc_err_t err = {0};
    onc_rc rc = q.ring.v ? api_transaction(rq, list_audit, &q, &err) : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    json_t *entries = rc == ONC_OK ? ring_entries(&q.ring) : NULL;
    if (rc == ONC_OK && !entries) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK)
        srv_json(rp, 200, json_pack("{s:o,s:I,s:b}", "entries", entries, "matched", (json_int_t)q.ring.n_seen,
                                    "truncated", q.ring.n_seen > q.ring.limit));
    else srv_error_rc(rp, rc, &err);
    for (size_t i = 0; q.ring.v && i < q.ring.limit; i++) json_decref(q.ring.v[i]);
    free(q.ring.v);
}

void api_audit_verify(srv_req_t *rq, srv_reply_t *rp)
{
    onc_audit_report_t rep = {0};
    onc_err_t err = {0};
    onc_rc rc = onc_audit_verify_report(rq->db, &rep, &err);
    if (rc != ONC_OK && rc != ONC_ECONFLICT) {
        /* the key or the checkpoints cannot be read: nothing can be said either way */
        fprintf(stderr, "serve: error: audit verify: %s\n", err.msg);
        srv_error(rp, 503, "unavailable", "the audit log cannot be verified: its key or checkpoints cannot be read "
                                          "(the server's log says why)");
        return;
    }
    json_t *o = json_pack("{s:b,s:I,s:I,s:I,s:I}", "intact", rc == ONC_OK, "entries", (json_int_t)rep.n_entries,
                          "checkpoints", (json_int_t)rep.n_checkpoints, "anchored_seq", (json_int_t)rep.anchored_seq,
                          "first_bad_seq", (json_int_t)rep.first_bad_seq);
    if (o && rc != ONC_OK) json_object_set_new(o, "problem", json_string(err.msg));
    srv_json(rp, 200, o);
}
