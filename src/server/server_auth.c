/* server_auth.c: who is calling. A session is a random token in a cookie (HttpOnly,
 * SameSite=Strict, Secure and __Host- under TLS) whose SHA-256 the registry keeps
 * (store_users.h). State changes also need the session's CSRF token in the X-CSRF-Token header,
 * which a page of another site can neither read nor send; an Origin header, when the browser
 * sends one, must name this server. Sign-in is throttled per address here and locked per account
 * in the registry, and its failures all look alike to the caller: a wrong password, an unknown
 * login, a locked or disabled account give the same 401, so that nobody can learn which logins
 * exist (the audit log tells the administrators which it was). */
#include "server_int.h"

#include "oncoboard/password.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

const char *srv_cookie_name(const onc_server_t *s) { return s->tls ? "__Host-oncoboard" : "oncoboard"; }

static const char *cookie_token(const srv_req_t *rq)
{
    return rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, srv_cookie_name(rq->srv)) : NULL;
}

onc_rc srv_auth_session(srv_req_t *rq, onc_err_t *err)
{
    rq->signed_in = false;
    const char *token = cookie_token(rq);
    if (!token) return ONC_OK;
    bool valid = false;
    onc_rc rc = onc_session_lookup(rq->db, token, &rq->srv->cfg.session, rq->now, &rq->session, &valid, err);
    if (rc != ONC_OK || !valid) return rc;
    rq->signed_in = true;
    snprintf(rq->actor, sizeof rq->actor, "user:%s", rq->session.user.login);
    return ONC_OK;
}

/* Compares two strings in time that depends on their length only. */
static bool same_secret(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n != strlen(b)) return false;
    unsigned char d = 0;
    for (size_t i = 0; i < n; i++) d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

bool srv_auth_origin_ok(const srv_req_t *rq)
{
    const char *site = srv_header(rq, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0) return false;
    const char *origin = srv_header(rq, "Origin");
    if (!origin) return true;
    const char *host = srv_header(rq, "Host");
    if (!host) return false;
    char expected[320];
    snprintf(expected, sizeof expected, "%s://%s", rq->srv->tls ? "https" : "http", host);
    return strcmp(origin, expected) == 0;
}

bool srv_auth_csrf_ok(const srv_req_t *rq)
{
    const char *token = srv_header(rq, "X-CSRF-Token");
    return token && rq->signed_in && same_secret(token, rq->session.csrf) && srv_auth_origin_ok(rq);
}

bool srv_throttle_allow(srv_throttle_t *t, const char *addr, unsigned limit, time_t now)
{
    time_t minute = now / 60;
    size_t h = 5381;
    for (const char *p = addr; *p; p++) h = h * 33 + (unsigned char)*p;
    pthread_mutex_lock(&t->lock);
    /* One slot per address hash: two addresses sharing a slot share their allowance, which errs
     * on the side of refusing. */
    __typeof__(t->slot[0]) *s = &t->slot[h % SRV_THROTTLE_SLOTS];
    if (s->minute != minute || strcmp(s->addr, addr) != 0) {
        snprintf(s->addr, sizeof s->addr, "%s", addr);
        s->minute = minute;
        s->count = 0;
    }
    bool ok = ++s->count <= limit;
    pthread_mutex_unlock(&t->lock);
    return ok;
}

static json_t *user_json(const onc_user_t *u)
{
    return json_pack("{s:s,s:s,s:s}", "login", u->login, "name", u->display_name, "role", onc_role_name(u->role));
}

static void session_cookie(srv_req_t *rq, srv_reply_t *rp, const char *token)
{
    char v[256];
    snprintf(v, sizeof v, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", srv_cookie_name(rq->srv), token,
             rq->srv->tls ? "; Secure" : "", token[0] ? "" : "; Max-Age=0");
    srv_add_header(rp, "Set-Cookie", v);
}

/* The sign-in itself, once the body is read: a reply in every case. */
static void sign_in(srv_req_t *rq, srv_reply_t *rp, const char *login, const char *password)
{
    onc_err_t err = {0};
    onc_user_t user;
    onc_login_result res = ONC_LOGIN_BAD;
    onc_rc rc = onc_user_authenticate(rq->db, login, password, rq->address, &rq->srv->cfg.login, rq->now, &user,
                                      &res, &err);
    if (rc != ONC_OK) {
        srv_error_rc(rp, rc, &err);
        return;
    }
    if (res != ONC_LOGIN_OK) {
        srv_error(rp, 401, "bad_credentials",
                  "wrong login or password (after repeated failures an account is locked for a while)");
        return;
    }
    /* A new token at each sign-in; the one the browser held, if any, ends. */
    const char *old = cookie_token(rq);
    if (old && onc_session_end(rq->db, old, &err) != ONC_OK) {
        srv_error_rc(rp, err.code, &err);
        return;
    }
    char token[ONC_SESSION_TOKEN_HEX + 1], csrf[ONC_SESSION_TOKEN_HEX + 1];
    rc = onc_session_create(rq->db, user.id, rq->address, rq->now, token, csrf, &err);
    if (rc != ONC_OK) {
        srv_error_rc(rp, rc, &err);
        return;
    }
    session_cookie(rq, rp, token);
    onc_wipe(token, sizeof token);
    srv_json(rp, 200, json_pack("{s:o,s:s}", "user", user_json(&user), "csrf", csrf));
}

void api_login(srv_req_t *rq, srv_reply_t *rp)
{
    if (!srv_throttle_allow(&rq->srv->throttle, rq->address, rq->srv->cfg.login_per_minute, rq->now)) {
        srv_add_header(rp, "Retry-After", "60");
        srv_error(rp, 429, "too_many_requests", "too many sign-in attempts from this address; wait a minute");
        return;
    }
    json_t *body = srv_body_object(rq, rp);
    if (!body) return;
    bool bad = false;
    const char *login = srv_member_string(body, "login", ONC_LOGIN_MAX, rp, &bad);
    const char *password = bad ? NULL : srv_member_string(body, "password", ONC_PASSWORD_MAX, rp, &bad);
    if (!bad && (!login || !password))
        srv_error(rp, 400, "invalid", "give login and password");
    else if (!bad)
        sign_in(rq, rp, login, password);
    if (password) onc_wipe((char *)password, strlen(password));
    onc_wipe((char *)rq->body, rq->body_len);
    json_decref(body);
}

void api_session(srv_req_t *rq, srv_reply_t *rp)
{
    const onc_session_t *s = &rq->session;
    srv_json(rp, 200, json_pack("{s:o,s:s,s:s,s:i}", "user", user_json(&s->user), "csrf", s->csrf, "signed_in_at",
                                s->created_at, "idle_timeout_seconds", rq->srv->cfg.session.idle_seconds));
}

void api_logout(srv_req_t *rq, srv_reply_t *rp)
{
    onc_err_t err = {0};
    const char *token = cookie_token(rq);
    onc_rc rc = token ? onc_session_end(rq->db, token, &err) : ONC_OK;
    if (rc != ONC_OK) {
        srv_error_rc(rp, rc, &err);
        return;
    }
    session_cookie(rq, rp, "");
    srv_json(rp, 200, json_pack("{s:b}", "signed_out", 1));
}
