/* server_fixture.h: a running server on a fresh registry, for the API tests (include after
 * check.h and db_targets.h). server_fixture_start() migrates the current db target, adds one
 * user per role (login = the role's name, password server_fixture_password) and starts the
 * server in this process on a free port; fx_login() signs one of them in. fx_call() sends a
 * request as a signed-in browser would (the session cookie, the CSRF token on state changes,
 * JSON bodies); http_call() (http_client.h) sends anything else.
 *
 *     server_fixture_t fx;
 *     if (server_fixture_start(&fx)) return;
 *     fx_client_t clin;
 *     fx_login(&fx, "clinician", &clin);
 *     http_resp_t r;
 *     fx_call(&clin, "GET", "/api/v1/patients", NULL, &r);
 *     CHECK_INT(r.status, 200);
 *     http_resp_free(&r);
 *     server_fixture_stop(&fx);
 */
#ifndef ONCOBOARD_TEST_SERVER_FIXTURE_H
#define ONCOBOARD_TEST_SERVER_FIXTURE_H

#include "http_client.h"
#include "registry_fixture.h"

#include "oncoboard/password.h"
#include "oncoboard/server.h"
#include "oncoboard/store_users.h"

#include <jansson.h>
#include <stdlib.h>

static const char server_fixture_password[] = "correct horse battery staple";
static const onc_role server_fixture_roles[ONC_ROLE_COUNT] = {ONC_ROLE_ADMIN, ONC_ROLE_CLINICIAN, ONC_ROLE_COORDINATOR,
                                                              ONC_ROLE_RESEARCHER, ONC_ROLE_VIEWER};

typedef struct server_fixture {
    onc_server_t *srv;
    onc_db_t *db; /* the test's own connection to the same registry */
    char base[96];
} server_fixture_t;

typedef struct fx_client {
    const server_fixture_t *fx;
    char cookie[200]; /* "Cookie: oncoboard=TOKEN\r\n", or "" when signed out */
    char csrf[80];
} fx_client_t;

/* Adds user login with role and the fixture's password: 0, or -1 after a message. */
__attribute__((unused)) static int fx_add_user(onc_db_t *db, const char *login, onc_role role)
{
    char hash[ONC_PASSWORD_HASH_MAX];
    onc_password_params_t pp;
    onc_err_t err = {0};
    onc_password_params_init(&pp);
    if (onc_password_hash(server_fixture_password, &pp, hash, sizeof hash, &err) != ONC_OK ||
        onc_user_add(db, login, login, role, hash, "os:tester", &err) != ONC_OK) {
        fprintf(stderr, "add user %s: %s\n", login, err.msg);
        check_failed = 1;
        return -1;
    }
    return 0;
}

/* Starts the server on the current db target with cfg's limits (NULL: the defaults). */
__attribute__((unused)) static int server_fixture_start_with(server_fixture_t *fx, const onc_server_config_t *cfg)
{
    memset(fx, 0, sizeof *fx);
    setenv("ONCOBOARD_ARGON2", "t=1,m=1024,p=1", 1); /* cheap hashes: the tests sign in often */
    fx->db = open_registry();
    if (!fx->db) {
        check_failed = 1;
        return -1;
    }
    for (size_t i = 0; i < ONC_ROLE_COUNT; i++)
        if (fx_add_user(fx->db, onc_role_name(server_fixture_roles[i]), server_fixture_roles[i])) return -1;
    onc_server_config_t c;
    if (cfg)
        c = *cfg;
    else
        onc_server_config_init(&c);
    c.db_url = db_target_url;
    c.port = 0;
    if (!cfg) c.login_per_minute = 100000; /* the tests sign in often; test_server_http checks the limit */
    c.threads = 2;
    c.access_log = false;
    onc_err_t err = {0};
    if (onc_server_start(&c, &fx->srv, &err) != ONC_OK) {
        fprintf(stderr, "server start: %s\n", err.msg);
        check_failed = 1;
        return -1;
    }
    snprintf(fx->base, sizeof fx->base, "%s", onc_server_url(fx->srv));
    return 0;
}

__attribute__((unused)) static int server_fixture_start(server_fixture_t *fx)
{
    return server_fixture_start_with(fx, NULL);
}

__attribute__((unused)) static void server_fixture_stop(server_fixture_t *fx)
{
    onc_server_stop(fx->srv);
    close_registry(fx->db);
    fx->srv = NULL;
    fx->db = NULL;
}

/* Signs login in with password (NULL: the fixture's): the HTTP status of the sign-in. */
__attribute__((unused)) static int fx_login_with(const server_fixture_t *fx, const char *login, const char *password,
                                                 fx_client_t *c)
{
    memset(c, 0, sizeof *c);
    c->fx = fx;
    json_t *b = json_pack("{s:s,s:s}", "login", login, "password", password ? password : server_fixture_password);
    char *body = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    http_resp_t r;
    http_call(fx->base, "POST", "/api/v1/session", "Content-Type: application/json\r\n", body, strlen(body), &r);
    free(body);
    char cookie[160];
    json_t *j = r.status == 200 ? json_loads(r.body, 0, NULL) : NULL;
    const char *csrf = json_string_value(json_object_get(j, "csrf"));
    if (csrf && http_header(&r, "Set-Cookie", cookie, sizeof cookie)) {
        char *semi = strchr(cookie, ';');
        if (semi) *semi = '\0';
        snprintf(c->cookie, sizeof c->cookie, "Cookie: %s\r\n", cookie);
        snprintf(c->csrf, sizeof c->csrf, "%s", csrf);
    }
    json_decref(j);
    int status = r.status;
    http_resp_free(&r);
    return status;
}

/* Signs login in with the fixture's password: 0, or -1 (and a failed CHECK). */
__attribute__((unused)) static int fx_login(const server_fixture_t *fx, const char *login, fx_client_t *c)
{
    int status = fx_login_with(fx, login, NULL, c);
    if (status != 200 || !c->cookie[0]) {
        fprintf(stderr, "sign-in of %s: HTTP %d\n", login, status);
        check_failed = 1;
        return -1;
    }
    return 0;
}

/* A request as the signed-in browser sends it: body (JSON text, or NULL) with its content type,
 * the cookie, and the CSRF token on state changes. */
__attribute__((unused)) static void fx_call_typed(const fx_client_t *c, const char *method, const char *path,
                                                  const char *content_type, const char *body, size_t n,
                                                  http_resp_t *r)
{
    char headers[512];
    bool change = strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
    snprintf(headers, sizeof headers, "%s%s%s%s%s%s", c->cookie, change ? "X-CSRF-Token: " : "", change ? c->csrf : "",
             change ? "\r\n" : "", body ? "Content-Type: " : "", body ? content_type : "");
    if (body) strncat(headers, "\r\n", sizeof headers - strlen(headers) - 1);
    http_call(c->fx->base, method, path, headers, body, n, r);
}

__attribute__((unused)) static void fx_call(const fx_client_t *c, const char *method, const char *path,
                                            const char *json_body, http_resp_t *r)
{
    fx_call_typed(c, method, path, "application/json", json_body, json_body ? strlen(json_body) : 0, r);
}

/* The body of r as JSON (NULL when it is not); json_decref it. */
__attribute__((unused)) static json_t *fx_json(const http_resp_t *r)
{
    return r->body ? json_loadb(r->body, r->body_len, 0, NULL) : NULL;
}

/* The error code of an error reply ("" when it is not one). */
__attribute__((unused)) static const char *fx_error_code(const http_resp_t *r, char *buf, size_t n)
{
    json_t *j = fx_json(r);
    const char *code = json_string_value(json_object_get(json_object_get(j, "error"), "code"));
    snprintf(buf, n, "%s", code ? code : "");
    json_decref(j);
    return buf;
}

#endif
