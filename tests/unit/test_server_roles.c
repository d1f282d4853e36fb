/* test_server_roles.c: every route of the server's table called by every role, and by nobody:
 * deny by default. A route that needs a session answers 401 without one; a role the table does
 * not list gets 403 "forbidden" before the handler runs; a listed role gets past authorisation
 * (any answer but 401 and 403 forbidden). Every state change without the CSRF token, or from
 * another origin, gets 403 whatever the role. The table is the only source of the expectations:
 * a route added to it is walked without a change here. */
#include "check.h"
#include "db_targets.h"
#include "server_fixture.h"

#include <ctype.h>

/* The route's pattern with each {param} replaced by a plausible value. */
static void concrete_path(const char *pattern, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = pattern; *p && o + 8 < n;) {
        if (*p == '{') {
            const char *e = strchr(p, '}');
            o += (size_t)snprintf(out + o, n - o, "%s", strncmp(p, "{id}", 4) == 0 ? "1" : "X1");
            p = e ? e + 1 : p + 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

static bool is_change(const char *method) { return strcmp(method, "GET") != 0; }

static void call_as(const server_fixture_t *fx, const char *login, const onc_route_info_t *ri, http_resp_t *r)
{
    char path[256];
    concrete_path(ri->pattern, path, sizeof path);
    fx_client_t c;
    if (fx_login(fx, login, &c)) return;
    fx_call(&c, ri->method, path, is_change(ri->method) ? "{}" : NULL, r);
}

static void check_role(const server_fixture_t *fx, const onc_route_info_t *ri, onc_role role)
{
    http_resp_t r;
    char code[64];
    call_as(fx, onc_role_name(role), ri, &r);
    bool listed = ri->roles == ONC_ROUTE_PUBLIC || (ri->roles & (unsigned)role);
    fx_error_code(&r, code, sizeof code);
    bool refused = r.status == 401 || (r.status == 403 && strcmp(code, "forbidden") == 0);
    if (listed == refused || r.status == 0) {
        fprintf(stderr, "%s %s as %s: HTTP %d %s (%s)\n", ri->method, ri->pattern, onc_role_name(role), r.status,
                code, listed ? "listed" : "not listed");
        check_failed = 1;
    }
    http_resp_free(&r);
}

static void check_anonymous(const server_fixture_t *fx, const onc_route_info_t *ri)
{
    char path[256];
    concrete_path(ri->pattern, path, sizeof path);
    http_resp_t r;
    http_call(fx->base, ri->method, path, is_change(ri->method) ? "Content-Type: application/json\r\n" : "",
              is_change(ri->method) ? "{}" : NULL, 2, &r);
    bool public = ri->roles == ONC_ROUTE_PUBLIC;
    if ((r.status == 401) == public || r.status == 0) {
        fprintf(stderr, "%s %s anonymous: HTTP %d\n", ri->method, ri->pattern, r.status);
        check_failed = 1;
    }
    http_resp_free(&r);
}

/* A state change by an allowed role without the CSRF token, then with a foreign Origin. */
static void check_csrf(const server_fixture_t *fx, const onc_route_info_t *ri)
{
    if (!is_change(ri->method) || ri->roles == ONC_ROUTE_PUBLIC) return;
    onc_role role = ONC_ROLE_ADMIN;
    for (size_t i = 0; i < ONC_ROLE_COUNT; i++)
        if (ri->roles & (unsigned)server_fixture_roles[i]) role = server_fixture_roles[i];
    fx_client_t c;
    if (fx_login(fx, onc_role_name(role), &c)) return;
    char path[256], headers[400], code[64];
    concrete_path(ri->pattern, path, sizeof path);
    http_resp_t r;
    snprintf(headers, sizeof headers, "%sContent-Type: application/json\r\n", c.cookie);
    http_call(fx->base, ri->method, path, headers, "{}", 2, &r);
    if (r.status != 403 || strcmp(fx_error_code(&r, code, sizeof code), "csrf") != 0) {
        fprintf(stderr, "%s %s without CSRF token: HTTP %d %s\n", ri->method, ri->pattern, r.status, code);
        check_failed = 1;
    }
    http_resp_free(&r);
    snprintf(headers, sizeof headers, "%sX-CSRF-Token: %s\r\nOrigin: https://evil.example\r\nContent-Type: application/json\r\n",
             c.cookie, c.csrf);
    http_call(fx->base, ri->method, path, headers, "{}", 2, &r);
    if (r.status != 403) {
        fprintf(stderr, "%s %s from another origin: HTTP %d\n", ri->method, ri->pattern, r.status);
        check_failed = 1;
    }
    http_resp_free(&r);
}

static void every_route_every_role(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    size_t n = onc_server_route_count();
    CHECK(n >= 30);
    for (size_t i = 0; i < n; i++) {
        const onc_route_info_t *ri = onc_server_route_at(i);
        if (strcmp(ri->method, "DELETE") == 0 && strcmp(ri->pattern, "/api/v1/session") == 0) continue; /* below */
        check_anonymous(&fx, ri);
        for (size_t k = 0; k < ONC_ROLE_COUNT; k++) check_role(&fx, ri, server_fixture_roles[k]);
        check_csrf(&fx, ri);
    }
    server_fixture_stop(&fx);
}

/* The table itself: every route names its roles deliberately, patterns are well formed, no
 * route appears twice, and only sign-in, health and the API description are public. */
static void route_table_is_sound(void)
{
    size_t n = onc_server_route_count();
    for (size_t i = 0; i < n; i++) {
        const onc_route_info_t *a = onc_server_route_at(i);
        CHECK(strncmp(a->pattern, "/api/v1/", 8) == 0);
        CHECK((a->roles & ~(unsigned)ONC_ROLE_ALL) == 0);
        CHECK(a->summary && a->summary[0]);
        if (a->roles == ONC_ROUTE_PUBLIC)
            CHECK(strcmp(a->pattern, "/api/v1/health") == 0 || strcmp(a->pattern, "/api/v1/openapi.json") == 0 ||
                  (strcmp(a->pattern, "/api/v1/session") == 0 && strcmp(a->method, "POST") == 0));
        if (strstr(a->pattern, "/users") || strstr(a->pattern, "/audit")) CHECK_INT(a->roles, ONC_ROLE_ADMIN);
        if (strstr(a->pattern, "/patients") || strstr(a->pattern, "/decisions") || strstr(a->pattern, "/boards") ||
            strstr(a->pattern, "/candidates"))
            CHECK(!(a->roles & ONC_ROLE_RESEARCHER)); /* researchers see pseudonymised data only */
        for (size_t j = 0; j < i; j++) {
            const onc_route_info_t *b = onc_server_route_at(j);
            CHECK(strcmp(a->method, b->method) != 0 || strcmp(a->pattern, b->pattern) != 0);
        }
    }
}

static const db_test_t db_tests[] = {DB_TEST(every_route_every_role), {NULL, NULL}};

int main(void)
{
    RUN(route_table_is_sound);
    if (registry_fixture_start()) return 1;
    db_targets_run(db_tests);
    registry_fixture_end();
    CHECK_EXIT();
}
