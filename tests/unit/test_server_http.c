/* test_server_http.c: the server's behaviour at its edges, whatever the route: the headers every
 * answer carries, sign-in and sessions (cookie flags, identical failures, lock-out, throttling,
 * sign-out and idle expiry), and hostile requests (oversized bodies and headers, slow clients,
 * path traversal and SQL in paths and fields, wrong methods and media types). */
#include "check.h"
#include "db_targets.h"
#include "server_fixture.h"

#include <ctype.h>
#include <pthread.h>
#include <time.h>

static void check_status(const http_resp_t *r, int status, const char *code)
{
    char got[64];
    CHECK_INT(r->status, status);
    if (code) CHECK_STR(fx_error_code(r, got, sizeof got), code);
}

static void anonymous(const server_fixture_t *fx, const char *method, const char *path, http_resp_t *r)
{
    http_call(fx->base, method, path, "", NULL, 0, r);
}

static void security_headers(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    http_resp_t r;
    char v[400];
    anonymous(&fx, "GET", "/api/v1/health", &r);
    check_status(&r, 200, NULL);
    CHECK(strstr(r.body, "\"status\":\"ok\"") != NULL);
    CHECK(http_header(&r, "Content-Security-Policy", v, sizeof v) && strstr(v, "default-src 'self'") &&
          strstr(v, "frame-ancestors 'none'") && strstr(v, "object-src 'none'"));
    CHECK_STR(http_header(&r, "X-Content-Type-Options", v, sizeof v), "nosniff");
    CHECK_STR(http_header(&r, "X-Frame-Options", v, sizeof v), "DENY");
    CHECK_STR(http_header(&r, "Cache-Control", v, sizeof v), "no-store");
    CHECK(http_header(&r, "Strict-Transport-Security", v, sizeof v) == NULL); /* plain HTTP: no HSTS */
    http_resp_free(&r);
    anonymous(&fx, "GET", "/", &r);
    check_status(&r, 200, NULL);
    CHECK(http_header(&r, "Content-Type", v, sizeof v) && strncmp(v, "text/html", 9) == 0);
    http_resp_free(&r);
    anonymous(&fx, "GET", "/api/v1/openapi.json", &r);
    check_status(&r, 200, NULL);
    CHECK(strstr(r.body, "\"openapi\"") != NULL);
    http_resp_free(&r);
    server_fixture_stop(&fx);
}

static void sign_in_and_out(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c;
    CHECK_INT(fx_login_with(&fx, "clinician", "wrong password here", &c), 401);
    CHECK_INT(fx_login_with(&fx, "nobody", "wrong password here", &c), 401);
    CHECK_INT(fx_login_with(&fx, "' OR '1'='1", "' OR '1'='1' --", &c), 401);
    /* the cookie */
    json_t *b = json_pack("{s:s,s:s}", "login", "viewer", "password", server_fixture_password);
    char *body = json_dumps(b, JSON_COMPACT), v[400];
    json_decref(b);
    http_resp_t r;
    http_call(fx.base, "POST", "/api/v1/session", "Content-Type: application/json\r\n", body, strlen(body), &r);
    check_status(&r, 200, NULL);
    CHECK(http_header(&r, "Set-Cookie", v, sizeof v) && strncmp(v, "oncoboard=", 10) == 0 &&
          strstr(v, "; HttpOnly") && strstr(v, "; SameSite=Strict") && strstr(v, "; Path=/"));
    size_t hex = 0;
    while (isxdigit((unsigned char)v[10 + hex])) hex++;
    CHECK_INT(hex, ONC_SESSION_TOKEN_HEX);
    http_resp_free(&r);
    /* the same failure for a wrong password and an unknown login */
    char code1[64], code2[64];
    http_call(fx.base, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
              "{\"login\":\"viewer\",\"password\":\"not the password\"}", 48, &r);
    char msg1[512];
    snprintf(msg1, sizeof msg1, "%s", r.body ? r.body : "");
    fx_error_code(&r, code1, sizeof code1);
    http_resp_free(&r);
    http_call(fx.base, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
              "{\"login\":\"nobody1\",\"password\":\"not the password\"}", 49, &r);
    fx_error_code(&r, code2, sizeof code2);
    CHECK_STR(code1, "bad_credentials");
    CHECK_STR(code2, code1);
    CHECK_STR(r.body, msg1);
    http_resp_free(&r);
    /* signed in, then out: the old cookie no longer works */
    CHECK_INT(fx_login(&fx, "viewer", &c), 0);
    fx_call(&c, "GET", "/api/v1/session", NULL, &r);
    check_status(&r, 200, NULL);
    CHECK(strstr(r.body, "\"role\":\"viewer\"") != NULL);
    http_resp_free(&r);
    fx_call(&c, "DELETE", "/api/v1/session", NULL, &r);
    check_status(&r, 200, NULL);
    CHECK(http_header(&r, "Set-Cookie", v, sizeof v) && strstr(v, "Max-Age=0"));
    http_resp_free(&r);
    fx_call(&c, "GET", "/api/v1/session", NULL, &r);
    check_status(&r, 401, "unauthenticated");
    http_resp_free(&r);
    free(body);
    server_fixture_stop(&fx);
}

static void lock_out_and_throttle(void)
{
    server_fixture_t fx;
    onc_server_config_t cfg;
    onc_server_config_init(&cfg);
    cfg.login_per_minute = 8;
    if (server_fixture_start_with(&fx, &cfg)) return;
    fx_client_t c;
    for (int i = 0; i < cfg.login.max_failures; i++) CHECK_INT(fx_login_with(&fx, "coordinator", "wrong wrong wrong", &c), 401);
    /* locked: the right password is refused too, and looks the same */
    CHECK_INT(fx_login_with(&fx, "coordinator", NULL, &c), 401);
    /* another account is not affected */
    CHECK_INT(fx_login_with(&fx, "viewer", NULL, &c), 200);
    /* the address's allowance (8 a minute) is now spent: 429 with Retry-After */
    json_t *b = json_pack("{s:s,s:s}", "login", "viewer", "password", server_fixture_password);
    char *body = json_dumps(b, JSON_COMPACT), v[64];
    json_decref(b);
    http_resp_t r;
    int status = 0;
    for (int i = 0; i < 3 && status != 429; i++) {
        http_call(fx.base, "POST", "/api/v1/session", "Content-Type: application/json\r\n", body, strlen(body), &r);
        status = r.status;
        if (status == 429) {
            check_status(&r, 429, "too_many_requests");
            CHECK_STR(http_header(&r, "Retry-After", v, sizeof v), "60");
        }
        http_resp_free(&r);
    }
    CHECK_INT(status, 429);
    free(body);
    server_fixture_stop(&fx);
}

static void idle_session_expires(void)
{
    server_fixture_t fx;
    onc_server_config_t cfg;
    onc_server_config_init(&cfg);
    cfg.login_per_minute = 1000;
    cfg.session.idle_seconds = 1;
    cfg.session.touch_seconds = 0;
    if (server_fixture_start_with(&fx, &cfg)) return;
    fx_client_t c;
    http_resp_t r;
    if (fx_login(&fx, "viewer", &c) == 0) {
        sleep(3);
        fx_call(&c, "GET", "/api/v1/session", NULL, &r);
        check_status(&r, 401, "unauthenticated");
        http_resp_free(&r);
    }
    server_fixture_stop(&fx);
}

static void oversized_requests(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c;
    if (fx_login(&fx, "clinician", &c)) return;
    /* a declared body over the JSON limit: refused before it is read */
    char headers[600];
    snprintf(headers, sizeof headers, "%sX-CSRF-Token: %s\r\nContent-Type: application/json\r\n", c.cookie, c.csrf);
    size_t big = ((size_t)1 << 20) + 10;
    char *body = malloc(big);
    memset(body, ' ', big);
    http_resp_t r;
    http_call(fx.base, "POST", "/api/v1/patients", headers, body, big, &r);
    check_status(&r, 413, "payload_too_large");
    http_resp_free(&r);
    free(body);
    /* a chunked body that grows past the limit */
    int fd = http_connect(http_port(fx.base));
    char head[1024];
    int n = snprintf(head, sizeof head,
                     "POST /api/v1/patients HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%sTransfer-Encoding: chunked\r\n\r\n",
                     headers);
    bool sent = fd >= 0 && http_send_all(fd, head, (size_t)n);
    char chunk[8192 + 16];
    memset(chunk, 'x', sizeof chunk);
    memcpy(chunk, "2000\r\n", 6);
    memcpy(chunk + 6 + 8192, "\r\n", 2);
    for (int i = 0; sent && i < 140; i++) sent = http_send_all(fd, chunk, 6 + 8192 + 2);
    if (sent) http_send_all(fd, "0\r\n\r\n", 5);
    memset(&r, 0, sizeof r);
    if (fd >= 0) http_read(fd, &r);
    CHECK_INT(r.status, 413);
    http_resp_free(&r);
    if (fd >= 0) close(fd);
    /* headers over the connection's memory limit: refused, nothing served */
    size_t hl = 20000;
    char *hdr = malloc(hl + 32);
    memcpy(hdr, "X-Filler: ", 10);
    memset(hdr + 10, 'a', hl);
    memcpy(hdr + 10 + hl, "\r\n", 3);
    http_call(fx.base, "GET", "/api/v1/health", hdr, NULL, 0, &r);
    CHECK(r.status == 431 || r.status == 413 || r.status == 400);
    http_resp_free(&r);
    free(hdr);
    server_fixture_stop(&fx);
}

static void slow_client_is_cut_off(void)
{
    server_fixture_t fx;
    onc_server_config_t cfg;
    onc_server_config_init(&cfg);
    cfg.timeout_seconds = 1;
    if (server_fixture_start_with(&fx, &cfg)) return;
    int fd = http_connect(http_port(fx.base));
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(http_send_all(fd, "GET /api/v1/health HTTP/1.1\r\nHo", 32));
        time_t t0 = time(NULL);
        char buf[64];
        ssize_t k = recv(fd, buf, sizeof buf, 0); /* blocks until the server closes */
        CHECK(k <= 0);
        CHECK(time(NULL) - t0 <= 10);
        close(fd);
    }
    /* the server still answers others */
    http_resp_t r;
    anonymous(&fx, "GET", "/api/v1/health", &r);
    check_status(&r, 200, NULL);
    http_resp_free(&r);
    server_fixture_stop(&fx);
}

static void hostile_paths(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c;
    if (fx_login(&fx, "admin", &c)) return;
    static const char *const paths[] = {
        "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
        "/api/v1/patients/..%2f..%2fetc%2fpasswd", "/api/v1/patients/%2e%2e", "/api/v1/patients/'%20OR%201=1--",
        "/api/v1/patients/a%00b", "/index.html/../../etc/passwd", "/web/../src/server/server_auth.c",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        http_resp_t r;
        fx_call(&c, "GET", paths[i], NULL, &r);
        if (r.status == 200 || r.status == 0 || (r.body && strstr(r.body, "root:"))) {
            fprintf(stderr, "GET %s: HTTP %d\n", paths[i], r.status);
            check_failed = 1;
        }
        http_resp_free(&r);
    }
    http_resp_t r;
    fx_call(&c, "PATCH", "/api/v1/patients", "{}", &r);
    check_status(&r, 405, "method_not_allowed");
    http_resp_free(&r);
    fx_call(&c, "GET", "/api/v1/no-such-thing", NULL, &r);
    check_status(&r, 404, "not_found");
    http_resp_free(&r);
    http_call(fx.base, "POST", "/api/v1/session", "Content-Type: text/plain\r\n", "login=a&password=b", 18, &r);
    check_status(&r, 415, "unsupported_media_type");
    http_resp_free(&r);
    http_call(fx.base, "POST", "/api/v1/session", "Content-Type: application/json\r\n", "{\"login\":", 9, &r);
    check_status(&r, 400, "invalid_json");
    http_resp_free(&r);
    server_fixture_stop(&fx);
}


/* Reads from many connections at once: each is recorded once in the audit log (written in groups,
 * server_audit.c), the chain verifies, and every answer came after its record. */
typedef struct reader_arg {
    const fx_client_t *c;
    int ok;
} reader_arg_t;

static void *read_patients(void *arg)
{
    reader_arg_t *a = arg;
    for (int i = 0; i < 5; i++) {
        http_resp_t r;
        fx_call(a->c, "GET", "/api/v1/patients", NULL, &r);
        a->ok += r.status == 200;
        http_resp_free(&r);
    }
    return NULL;
}

static void concurrent_reads_are_audited(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c;
    if (fx_login(&fx, "viewer", &c)) return;
    int64_t before = registry_audit_entries(fx.db);
    enum { THREADS = 8 };
    pthread_t th[THREADS];
    reader_arg_t args[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (reader_arg_t){&c, 0};
        pthread_create(&th[i], NULL, read_patients, &args[i]);
    }
    int ok = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        ok += args[i].ok;
    }
    CHECK_INT(ok, THREADS * 5);
    CHECK_INT(registry_audit_entries(fx.db) - before, THREADS * 5);
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM audit_log WHERE action = 'read' AND actor = 'user:viewer'"),
              THREADS * 5);
    server_fixture_stop(&fx);
}

static const db_test_t db_tests[] = {
    DB_TEST(security_headers),  DB_TEST(sign_in_and_out),        DB_TEST(lock_out_and_throttle),
    DB_TEST(idle_session_expires), DB_TEST(oversized_requests), DB_TEST(slow_client_is_cut_off),
    DB_TEST(hostile_paths),     DB_TEST(concurrent_reads_are_audited), {NULL, NULL}};

int main(void)
{
    if (registry_fixture_start()) return 1;
    db_targets_run(db_tests);
    registry_fixture_end();
    CHECK_EXIT();
}
