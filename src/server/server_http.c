/* server_http.c: the libmicrohttpd side of the server. It reads each request within the
 * configured limits (a body larger than the route allows is refused with 413 before it is read:
 * the Content-Length is checked on the first call, and a chunked body is cut at the limit), turns
 * it into a srv_req_t, lends it a registry connection, lets server_route.c dispatch it, and
 * sends the reply with the headers every response carries (CSP, nosniff, no framing, no-store).
 * Nothing here knows any route. */
#include "server_int.h"

#include "oncoboard/password.h"

#include <microhttpd.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What one connection's request has read so far (libmicrohttpd's con_cls). */
typedef struct srv_upload {
    onc_strbuf_t body;
    size_t limit;
    bool too_large;
    bool replied;
} srv_upload_t;

static const char DEFAULT_CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

static void client_address(struct MHD_Connection *c, char *out, size_t n)
{
    snprintf(out, n, "?");
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

static enum MHD_Result send_reply(onc_server_t *s, struct MHD_Connection *c, srv_reply_t *rp)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(rp->body.len, rp->body.s ? rp->body.s : (char *)"",
                                                             MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, "Content-Type", rp->content_type ? rp->content_type : "application/json");
    MHD_add_response_header(r, "Content-Security-Policy", rp->csp ? rp->csp : DEFAULT_CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", rp->cacheable ? "private, max-age=300" : "no-store");
    if (s->tls) MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
    for (size_t i = 0; i < rp->n_headers; i++) MHD_add_response_header(r, rp->headers[i].name, rp->headers[i].value);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)rp->status, r);
    MHD_destroy_response(r);
    return ret;
}

static void access_log(const srv_req_t *rq, const srv_reply_t *rp, double ms)
{
    if (!rq->srv->cfg.access_log) return;
    /* The route's pattern, not the path: patient identifiers stay out of this log (the audit
     * log says who read whom). */
    char when[32];
    struct tm tm;
    time_t t = rq->now;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s %s %s %d %.1fms %s\n", when, rq->method, rq->route ? rq->route : "-", rp->status, ms,
            rq->signed_in ? rq->actor : "-");
}

static double elapsed_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Builds the request and runs it. */
static enum MHD_Result handle(onc_server_t *s, struct MHD_Connection *c, const char *url, const char *method,
                              srv_upload_t *up)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    srv_req_t rq = {.srv = s, .conn = c, .method = method, .path = url, .now = time(NULL)};
    client_address(c, rq.address, sizeof rq.address);
    rq.body = onc_strbuf_str(&up->body);
    rq.body_len = up->body.len;
    rq.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    snprintf(rq.actor, sizeof rq.actor, "anonymous");
    srv_reply_t rp = {.status = 500, .content_type = "application/json"};
    if (up->too_large)
        srv_error(&rp, 413, "payload_too_large", "the request body is larger than this route accepts");
    else
        srv_dispatch(&rq, &rp);
    enum MHD_Result ret = send_reply(s, c, &rp);
    access_log(&rq, &rp, elapsed_ms(&t0));
    free(rq.param_buf);
    onc_strbuf_free(&rp.body);
    return ret;
}

/* The body limit of the request's route: max_body for uploads, max_json otherwise. */
static size_t body_limit(onc_server_t *s, const char *method, const char *url)
{
    srv_req_t probe = {.srv = s, .method = method, .path = url};
    int status = 0;
    const srv_route_t *r = srv_route_find(&probe, &status);
    free(probe.param_buf);
    return r && (r->flags & SRV_BIG_BODY) ? s->cfg.max_body : s->cfg.max_json;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *data, size_t *data_size, void **con_cls)
{
    (void)version;
    onc_server_t *s = cls;
    srv_upload_t *up = *con_cls;
    if (!up) {
        if (!(up = calloc(1, sizeof *up))) return MHD_NO;
        *con_cls = up;
        up->limit = body_limit(s, method, url);
        up->body.cap = up->limit + 1;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end = NULL;
            unsigned long long n = strtoull(cl, &end, 10);
            if (end == cl || *end || n > up->limit) up->too_large = true;
        }
        if (up->too_large) { /* refuse before reading: the connection is closed after the reply */
            up->replied = true;
            return handle(s, c, url, method, up);
        }
        return MHD_YES;
    }
    if (*data_size) {
        if (!up->too_large && (up->body.len + *data_size > up->limit ||
                               onc_strbuf_putsn(&up->body, data, *data_size) != ONC_OK))
            up->too_large = true;
        *data_size = 0;
        return MHD_YES;
    }
    if (up->replied) return MHD_YES;
    up->replied = true;
    return handle(s, c, url, method, up);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    srv_upload_t *up = *con_cls;
    if (!up) return;
    onc_strbuf_free(&up->body);
    free(up);
    *con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fputs("serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

static onc_rc bind_address(const onc_server_config_t *cfg, struct sockaddr_storage *ss, onc_err_t *err)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, cfg->host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(cfg->port);
    } else if (inet_pton(AF_INET6, cfg->host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(cfg->port);
    } else {
        return onc_err_set(err, ONC_EINVAL, "--listen: '%s' is not a numeric IPv4 or IPv6 address", cfg->host);
    }
    return ONC_OK;
}

static onc_rc read_tls(onc_server_t *s, onc_err_t *err)
{
    const onc_server_config_t *c = &s->cfg;
    if (!c->tls_cert && !c->tls_key) return ONC_OK;
    if (!c->tls_cert || !c->tls_key)
        return onc_err_set(err, ONC_EINVAL, "--tls-cert and --tls-key go together");
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        return onc_err_set(err, ONC_EINVAL, "this libmicrohttpd was built without TLS");
    onc_strbuf_t cert = ONC_STRBUF_INIT, key = ONC_STRBUF_INIT;
    cert.cap = key.cap = 1 << 20;
    onc_rc rc = onc_strbuf_read_file(&cert, c->tls_cert, err);
    if (rc == ONC_OK) rc = onc_strbuf_read_file(&key, c->tls_key, err);
    if (rc != ONC_OK) {
        onc_strbuf_free(&cert);
        onc_strbuf_free(&key);
        return rc;
    }
    s->tls_cert_pem = cert.s;
    s->tls_key_pem = key.s;
    s->tls = true;
    return ONC_OK;
}

static onc_rc start_daemon(onc_server_t *s, onc_err_t *err)
{
    const onc_server_config_t *c = &s->cfg;
    struct sockaddr_storage ss;
    onc_rc rc = bind_address(c, &ss, err);
    if (rc != ONC_OK) return rc;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    if (s->tls) flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls_opts[] = {
        {s->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, s->tls_cert_pem},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key_pem},
        {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"},
        {MHD_OPTION_END, 0, NULL},
    };
    s->daemon = MHD_start_daemon(
        flags, c->port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)c->threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)c->per_address, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)c->timeout_seconds, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)c->max_header,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
    if (!s->daemon)
        return onc_err_set(err, ONC_EIO, "cannot listen on %s port %u (in use, or not an address of this machine)",
                           c->host, (unsigned)c->port);
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = di ? di->port : c->port;
    bool v6 = ss.ss_family == AF_INET6;
    snprintf(s->url, sizeof s->url, "%s://%s%s%s:%u/", s->tls ? "https" : "http", v6 ? "[" : "", c->host,
             v6 ? "]" : "", port);
    return ONC_OK;
}

onc_rc onc_server_start(const onc_server_config_t *c, onc_server_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_server_t *s = calloc(1, sizeof *s);
    if (!s) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    s->cfg = *c;
    pthread_mutex_init(&s->throttle.lock, NULL);
    onc_app_opts_t ao;
    onc_app_opts_init(&ao);
    ao.kb_dir = c->kb_dir;
    onc_rc rc = read_tls(s, err);
    if (rc == ONC_OK) rc = srv_pool_open(&s->pool, onc_db_url_choose(c->db_url), c->threads, err);
    if (rc == ONC_OK) rc = onc_app_open(&ao, &s->app, err);
    if (rc == ONC_OK) rc = start_daemon(s, err);
    if (rc != ONC_OK) {
        onc_server_stop(s);
        return rc;
    }
    *out = s;
    return ONC_OK;
}

const char *onc_server_url(const onc_server_t *s) { return s->url; }

void onc_server_stop(onc_server_t *s)
{
    if (!s) return;
    if (s->daemon) MHD_stop_daemon(s->daemon);
    srv_pool_close(&s->pool);
    onc_app_close(s->app);
    pthread_mutex_destroy(&s->throttle.lock);
    if (s->tls_key_pem) onc_wipe(s->tls_key_pem, strlen(s->tls_key_pem));
    free(s->tls_key_pem);
    free(s->tls_cert_pem);
    free(s);
}

onc_rc onc_server_run(const onc_server_config_t *c, void (*ready)(const char *url, void *ctx), void *ctx,
                      onc_err_t *err)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    onc_server_t *s = NULL;
    onc_rc rc = onc_server_start(c, &s, err);
    if (rc != ONC_OK) return rc;
    if (ready) ready(s->url, ctx);
    int sig = 0;
    sigwait(&stop, &sig);
    onc_server_stop(s);
    return ONC_OK;
}
