/* test_server_openapi.c: docs/openapi.json documents exactly the server's routes (src/server/
 * server_routes.c), each with the roles the table gives it (x-roles) and an error answer for
 * 401/403 when it needs a session; the copy built into the binary is the file. */
#include "check.h"

#include "oncoboard/server.h"
#include "oncoboard/store_users.h"
#include "server/server_int.h"

#include <ctype.h>
#include <strings.h>
#include <jansson.h>

static json_t *openapi;

static unsigned roles_of(json_t *list)
{
    unsigned bits = 0;
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        onc_role r;
        onc_err_t err = {0};
        if (onc_role_parse(json_string_value(v), &r, &err) == ONC_OK) bits |= (unsigned)r;
        else CHECK(!"x-roles names an unknown role");
    }
    return bits;
}

static void every_route_documented(void)
{
    json_t *paths = json_object_get(openapi, "paths");
    for (size_t i = 0; i < onc_server_route_count(); i++) {
        const onc_route_info_t *ri = onc_server_route_at(i);
        char method[16];
        size_t k = 0;
        for (; ri->method[k] && k + 1 < sizeof method; k++) method[k] = (char)tolower((unsigned char)ri->method[k]);
        method[k] = '\0';
        json_t *op = json_object_get(json_object_get(paths, ri->pattern), method);
        if (!op) {
            fprintf(stderr, "docs/openapi.json lacks %s %s\n", ri->method, ri->pattern);
            check_failed = 1;
            continue;
        }
        CHECK_INT(roles_of(json_object_get(op, "x-roles")), ri->roles);
        CHECK(json_string_length(json_object_get(op, "summary")) > 0);
        json_t *responses = json_object_get(op, "responses");
        if (ri->roles != ONC_ROUTE_PUBLIC) CHECK(json_object_get(responses, "401") && json_object_get(responses, "403"));
    }
}

static void nothing_undocumented_is_served(void)
{
    const char *pattern;
    json_t *ops;
    json_object_foreach(json_object_get(openapi, "paths"), pattern, ops)
    {
        const char *method;
        json_t *op;
        json_object_foreach(ops, method, op)
        {
            bool found = false;
            for (size_t i = 0; i < onc_server_route_count() && !found; i++) {
                const onc_route_info_t *ri = onc_server_route_at(i);
                found = strcmp(ri->pattern, pattern) == 0 && strcasecmp(ri->method, method) == 0;
            }
            if (!found) {
                fprintf(stderr, "docs/openapi.json documents %s %s, which the server does not serve\n", method, pattern);
                check_failed = 1;
            }
        }
    }
}

static void built_in_copy_is_the_file(void)
{
    size_t n = 0;
    const unsigned char *p = srv_asset("openapi.json", &n);
    FILE *fp = fopen("docs/openapi.json", "rb");
    CHECK(p && fp);
    if (!p || !fp) return;
    char *buf = malloc(n + 1);
    size_t got = fread(buf, 1, n + 1, fp);
    fclose(fp);
    CHECK_INT(got, n);
    CHECK(memcmp(buf, p, n) == 0);
    free(buf);
    CHECK_STR(json_string_value(json_object_get(openapi, "openapi")), "3.0.3");
}

int main(void)
{
    json_error_t je;
    openapi = json_load_file("docs/openapi.json", JSON_REJECT_DUPLICATES, &je);
    if (!openapi) {
        fprintf(stderr, "docs/openapi.json:%d: %s\n", je.line, je.text);
        return 1;
    }
    RUN(every_route_documented);
    RUN(nothing_undocumented_is_served);
    RUN(built_in_copy_is_the_file);
    json_decref(openapi);
    CHECK_EXIT();
}
