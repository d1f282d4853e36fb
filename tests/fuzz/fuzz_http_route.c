/* fuzz_http_route.c: the router (server_route.c) on arbitrary methods and paths, as
 * libmicrohttpd hands them over after percent-decoding. Oracle: a path the router accepts
 * matches its route's pattern literally outside the parameters, and every parameter has the
 * shape handlers rely on (1 to 128 bytes of [A-Za-z0-9._:@+-], not starting with a dot: no "..",
 * no "/", no control byte or NUL); a refusal is 404 or 405, never anything else. */
#include "server/server_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_param(const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || n > 128 || p[0] == '.') abort();
    for (size_t i = 0; i < n; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@+-", p[i])) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first line is the method, the rest the path (NULs cut it short, as in C strings). */
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl) return 0;
    char *method = strndup((const char *)data, (size_t)(nl - data));
    char *path = strndup((const char *)nl + 1, size - (size_t)(nl - data) - 1);
    srv_req_t rq = {.method = method, .path = path};
    int status = 0;
    const srv_route_t *r = srv_route_find(&rq, &status);
    if (!r && status != 404 && status != 405) abort();
    if (r) {
        if (strcmp(r->info.method, method) != 0 && !(strcmp(method, "HEAD") == 0 && strcmp(r->info.method, "GET") == 0))
            abort();
        size_t np = 0;
        for (const char *p = r->info.pattern; (p = strchr(p, '{')) != NULL; p++) np++;
        for (size_t i = 0; i < np; i++) {
            if (!rq.params[i]) abort();
            check_param(rq.params[i]);
        }
    }
    free(rq.param_buf);
    free(method);
    free(path);
    return 0;
}
