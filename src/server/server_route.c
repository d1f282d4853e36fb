/* server_route.c: from a request to its handler. The order of the checks is the security model
 * (docs/server.md): find the route (404/405), then who is calling (401 when a route needs a
 * session and there is none), then whether their role may call it (403: the table in
 * server_routes.c is the only place that says so, and a route with no roles is public), then for
 * a state change the CSRF token and the Origin (403), and only then the handler. Path parameters
 * are checked for shape before any handler sees them, so that no handler has to think about
 * "..", "/" or control characters. */
#include "server_int.h"

#include <stdlib.h>
#include <string.h>

bool srv_param_ok(const char *s, size_t n)
{
    if (n == 0 || n > 128 || s[0] == '.') return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  strchr("._:@+-", c) != NULL;
        if (!ok || c == 0) return false;
    }
    return true;
}

/* Matches path against pattern segment by segment; on success the parameters' text is written,
 * NUL-separated, into buf (as long as path) and pointed to by params. */
static bool match_pattern(const char *pattern, const char *path, char *buf, const char **params)
{
    size_t np = 0;
    const char *p = pattern, *q = path;
    while (*p && *q) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *qe = strchr(q, '/');
            size_t n = qe ? (size_t)(qe - q) : strlen(q);
            if (!pe || np == SRV_MAX_PARAMS || !srv_param_ok(q, n)) return false;
            memcpy(buf, q, n);
            buf[n] = '\0';
            params[np++] = buf;
            buf += n + 1;
            p = pe + 1;
            q += n;
        } else if (*p++ != *q++) {
            return false;
        }
    }
    return *p == '\0' && *q == '\0';
}

const srv_route_t *srv_route_find(srv_req_t *rq, int *status)
{
    *status = 404;
    size_t len = strlen(rq->path);
    char *buf = malloc(len + 1);
    if (!buf) {
        *status = 500;
        return NULL;
    }
    const srv_route_t *found = NULL;
    for (size_t i = 0; i < srv_n_routes && !found; i++) {
        const char *params[SRV_MAX_PARAMS] = {0};
        if (!match_pattern(srv_routes[i].info.pattern, rq->path, buf, params)) continue;
        *status = 405;
        if (strcmp(srv_routes[i].info.method, rq->method) != 0 &&
            !(strcmp(rq->method, "HEAD") == 0 && strcmp(srv_routes[i].info.method, "GET") == 0))
            continue;
        found = &srv_routes[i];
        memcpy(rq->params, params, sizeof params);
        rq->route = found->info.pattern;
    }
    if (found)
        rq->param_buf = buf;
    else
        free(buf);
    return found;
}

static bool is_state_change(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* Authentication, role and CSRF: false after an error reply. */
static bool allowed(srv_req_t *rq, const srv_route_t *r, srv_reply_t *rp)
{
    onc_err_t err = {0};
    onc_rc rc = srv_auth_session(rq, &err);
    if (rc != ONC_OK) {
        srv_error_rc(rp, rc, &err);
        return false;
    }
    if (r->info.roles == ONC_ROUTE_PUBLIC) {
        if (is_state_change(rq->method) && !srv_auth_origin_ok(rq)) {
            srv_error(rp, 403, "forbidden_origin", "the request comes from another site");
            return false;
        }
        return true;
    }
    if (!rq->signed_in) {
        srv_error(rp, 401, "unauthenticated", "sign in first");
        return false;
    }
    if (!(r->info.roles & (unsigned)rq->session.user.role)) {
        srv_error(rp, 403, "forbidden", "your role (%s) may not do this", onc_role_name(rq->session.user.role));
        return false;
    }
    if (is_state_change(rq->method) && !(r->flags & SRV_NO_CSRF) && !srv_auth_csrf_ok(rq)) {
        srv_error(rp, 403, "csrf", "the request lacks this session's CSRF token (X-CSRF-Token)");
        return false;
    }
    return true;
}

void srv_dispatch(srv_req_t *rq, srv_reply_t *rp)
{
    int status = 0;
    const srv_route_t *r = srv_route_find(rq, &status);
    if (!r) {
        bool api = strncmp(rq->path, "/api/", 5) == 0;
        if (status == 404 && !api && (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0)) {
            rq->route = "/static";
            srv_static(rq, rp);
        } else if (status == 405) {
            srv_error(rp, 405, "method_not_allowed", "%s is not allowed on this resource", rq->method);
        } else if (status == 404) {
            srv_error(rp, 404, "not_found", "no such resource");
        } else {
            srv_error(rp, 500, "internal", "internal error");
        }
        return;
    }
    /* Every route reads the session from the registry. The reads the handler makes are recorded
     * in the audit log with other requests' (server_audit.c) before anything is sent. */
    rq->db = srv_pool_take(&rq->srv->pool);
    onc_audit_set_read_sink(rq->db, srv_audit_collect, &rq->reads);
    if (allowed(rq, r, rp)) r->handler(rq, rp);
    onc_audit_set_read_sink(rq->db, NULL, NULL);
    srv_pool_give(&rq->srv->pool, rq->db);
    rq->db = NULL;
    if (srv_auditq_record(&rq->srv->auditq, &rq->reads) != ONC_OK) {
        rp->n_headers = 0;
        srv_error(rp, 503, "unavailable", "the audit log could not record this read; nothing was sent");
    }
    srv_audit_entries_free(&rq->reads);
}

size_t onc_server_route_count(void) { return srv_n_routes; }
const onc_route_info_t *onc_server_route_at(size_t i) { return i < srv_n_routes ? &srv_routes[i].info : NULL; }
