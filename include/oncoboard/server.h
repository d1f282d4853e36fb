/* server.h: `oncoboard serve`, the registry, reports, matching and accrual over HTTP: a REST API
 * under /api/v1 (docs/openapi.json) and the web interface (web/, built into the binary).
 *
 * The server runs on libmicrohttpd with a thread pool; each worker thread uses its own registry
 * connection from a pool opened at start (so that a missing or outdated registry fails at once,
 * not at the first request). Everything it may do is bounded by this configuration: body and
 * header sizes, the idle timeout that cuts slow clients, connections in all and per address.
 * docs/server.md says what each limit protects against and how to put the server behind a
 * reverse proxy.
 */
#ifndef ONCOBOARD_SERVER_H
#define ONCOBOARD_SERVER_H

#include "oncoboard/error.h"
#include "oncoboard/store_users.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct onc_server_config {
    const char *db_url;          /* NULL: onc_db_url_choose(NULL) */
    const char *kb_dir;          /* NULL: the built-in knowledge base */
    char host[64];               /* numeric IPv4 or IPv6 address to bind ["127.0.0.1"] */
    uint16_t port;               /* [8080]; 0: any free port (tests) */
    const char *tls_cert;        /* PEM files: both or neither */
    const char *tls_key;
    unsigned threads;            /* worker threads, one registry connection each [4] */
    size_t max_body;             /* bytes of a request body: lab-file uploads [16 MiB] */
    size_t max_json;             /* bytes of a JSON request body [1 MiB] */
    size_t max_header;           /* a connection's memory for the request line and headers [16 KiB] */
    unsigned timeout_seconds;    /* a connection idle this long is closed [30] */
    unsigned max_connections;    /* [256] */
    unsigned per_address;        /* connections from one address [32] */
    unsigned login_per_minute;   /* sign-in attempts accepted from one address per minute [20] */
    onc_login_policy_t login;    /* per-account lock-out */
    onc_session_policy_t session;
    const char *web_dir;         /* serve the interface from this folder instead of the built-in
                                    copy (development); NULL: built in */
    bool access_log;             /* one line per request on stderr [true]: method, route, status,
                                    time, user; never a query string, a body or a cookie */
} onc_server_config_t;
void onc_server_config_init(onc_server_config_t *c);
/* Sets host and port from "HOST:PORT", "[V6]:PORT", ":PORT" or "PORT": ONC_EINVAL naming the
 * problem otherwise. */
onc_rc onc_server_config_listen(onc_server_config_t *c, const char *spec, onc_err_t *err) ONC_MUST_CHECK;

typedef struct onc_server onc_server_t;

/* Opens the registry pool and the app (knowledge base), then starts listening. */
onc_rc onc_server_start(const onc_server_config_t *c, onc_server_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* The address it listens on, "http://127.0.0.1:PORT/" (https under TLS). */
const char *onc_server_url(const onc_server_t *s);
/* Stops accepting, lets requests in progress finish, closes everything. Accepts NULL. */
void onc_server_stop(onc_server_t *s);

/* Starts, calls ready(url, ctx) once listening, and serves until SIGTERM or SIGINT; then stops
 * gracefully. Blocks those signals in the calling thread (and so in the server's threads). */
onc_rc onc_server_run(const onc_server_config_t *c, void (*ready)(const char *url, void *ctx), void *ctx,
                      onc_err_t *err) ONC_MUST_CHECK;

/* ---- the route table, for tests and the OpenAPI check ---- */

#define ONC_ROUTE_PUBLIC 0 /* roles of a route anyone may call (sign-in, health, the interface) */

typedef struct onc_route_info {
    const char *method;  /* "GET" "POST" "PUT" "DELETE" */
    const char *pattern; /* "/api/v1/patients/{id}" */
    unsigned roles;      /* onc_role bits; ONC_ROUTE_PUBLIC for none needed */
    const char *summary;
} onc_route_info_t;
size_t onc_server_route_count(void);
const onc_route_info_t *onc_server_route_at(size_t i);

#endif
