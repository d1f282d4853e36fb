/* server_int.h: what the server's parts share. A request arrives in server_http.c, which reads it
 * within the configured limits and hands it to server_route.c: the route table (server_routes.c)
 * says who may call what, server_auth.c says who is calling, and the route's handler (one file
 * per group: server_api_*.c) fills a reply. Handlers never see libmicrohttpd.
 */
#ifndef ONCOBOARD_SERVER_INT_H
#define ONCOBOARD_SERVER_INT_H

#include "oncoboard/app.h"
#include "oncoboard/audit.h"
#include "oncoboard/db.h"
#include "oncoboard/server.h"
#include "oncoboard/store_users.h"
#include "oncoboard/strbuf.h"

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* ---- registry connections: one per worker, lent for one request ---- */
typedef struct srv_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    onc_db_t **dbs;
    bool *busy;
    size_t n;
} srv_pool_t;
onc_rc srv_pool_open(srv_pool_t *p, const char *url, size_t n, onc_err_t *err) ONC_MUST_CHECK;
onc_db_t *srv_pool_take(srv_pool_t *p);
void srv_pool_give(srv_pool_t *p, onc_db_t *db);
void srv_pool_close(srv_pool_t *p);

/* ---- sign-in throttling per address (in memory; the per-account lock-out is in the registry) ---- */
#define SRV_THROTTLE_SLOTS 256
typedef struct srv_throttle {
    pthread_mutex_t lock;
    struct { char addr[64]; time_t minute; unsigned count; } slot[SRV_THROTTLE_SLOTS];
} srv_throttle_t;
/* Counts one attempt from addr at now; false when the address is over limit this minute. */
bool srv_throttle_allow(srv_throttle_t *t, const char *addr, unsigned limit, time_t now);

/* ---- reads recorded in groups (server_audit.c) ---- */
typedef struct srv_audit_entries { /* a request's "read" entries, copied */
    onc_audit_entry_t *v;
    size_t n, cap;
} srv_audit_entries_t;
struct srv_audit_ticket;
typedef struct srv_auditq {
    pthread_mutex_t lock;
    pthread_cond_t work, done;
    struct srv_audit_ticket *pending; /* the next group */
    onc_db_t *db;                     /* the writer's own connection */
    pthread_t thread;
    bool initialised, running, stop;
} srv_auditq_t;
onc_rc srv_auditq_start(srv_auditq_t *q, const char *url, onc_err_t *err) ONC_MUST_CHECK;
/* Writes entries with the group being gathered and waits for its commit: ONC_OK once recorded. */
onc_rc srv_auditq_record(srv_auditq_t *q, srv_audit_entries_t *entries);
void srv_auditq_stop(srv_auditq_t *q);
/* The read sink (audit.h) that copies an entry into a srv_audit_entries_t. */
onc_rc srv_audit_collect(const onc_audit_entry_t *e, void *ctx, onc_err_t *err);
void srv_audit_entries_free(srv_audit_entries_t *l);

struct onc_server {
    onc_server_config_t cfg;
    struct MHD_Daemon *daemon;
    srv_pool_t pool;
    srv_auditq_t auditq;
    onc_app_t *app;
    srv_throttle_t throttle;
    bool tls;
    char *tls_cert_pem, *tls_key_pem;
    char url[96];
};

/* ---- a request as handlers see it ---- */
#define SRV_MAX_PARAMS 4
typedef struct srv_req {
    onc_server_t *srv;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;               /* decoded, without the query */
    const char *route;              /* the matched pattern, for the access log */
    const char *params[SRV_MAX_PARAMS]; /* the {name} segments of the pattern, in order */
    char *param_buf;                /* owns params' text */
    const char *body;               /* NUL-terminated; body_len bytes */
    size_t body_len;
    const char *content_type;
    char address[64];               /* the client's address */
    onc_db_t *db;                   /* lent for the request (the session is read from it) */
    bool signed_in;
    onc_session_t session;          /* valid when signed_in */
    char actor[80];                 /* "user:LOGIN" for the audit log, or "anonymous" */
    srv_audit_entries_t reads;      /* the handler's "read" entries, recorded before the answer */
    time_t now;
} srv_req_t;

/* The value of query parameter name, or NULL. */
const char *srv_query(const srv_req_t *rq, const char *name);
/* A request header, or NULL. */
const char *srv_header(const srv_req_t *rq, const char *name);

/* ---- a reply ---- */
#define SRV_MAX_HEADERS 6
typedef struct srv_reply {
    int status;
    const char *content_type;  /* static string */
    onc_strbuf_t body;
    const char *csp;           /* a Content-Security-Policy other than the default, or NULL */
    bool cacheable;            /* static assets; everything else is no-store */
    struct { const char *name; char value[320]; } headers[SRV_MAX_HEADERS];
    size_t n_headers;
} srv_reply_t;

/* Replies with j as JSON (steals the reference); status 500 when it cannot be written. */
void srv_json(srv_reply_t *rp, int status, json_t *j);
/* Replies with {"error": {"code": code, "message": msg}}. Codes are stable (docs/server.md). */
void srv_error(srv_reply_t *rp, int status, const char *code, const char *fmt, ...) ONC_PRINTF(4, 5);
/* Replies with the HTTP status and error code that rc calls for, and err's message (or a
 * generic one for database and internal failures, whose detail goes to the server log only). */
void srv_error_rc(srv_reply_t *rp, onc_rc rc, const onc_err_t *err);
/* The length of the well-formed UTF-8 character at p (n bytes left), or 0. */
size_t srv_utf8_char(const unsigned char *p, size_t n);
/* Replaces every byte of s that is not part of well-formed UTF-8 by '?', in place. */
void srv_utf8_clean(char *s);
/* Replies with bytes of a given type (copied). */
void srv_bytes(srv_reply_t *rp, int status, const char *content_type, const void *p, size_t n);
/* Adds a response header (name static; value copied, truncated at 319 bytes). */
void srv_add_header(srv_reply_t *rp, const char *name, const char *value);

/* The request body as a JSON object: NULL after an error reply (415 not JSON, 400 malformed
 * with the position, 400 not an object). json_decref the result. */
json_t *srv_body_object(srv_req_t *rq, srv_reply_t *rp);
/* A string member of o: NULL when absent; an error reply and *bad set when it is not a string
 * or longer than max bytes. */
const char *srv_member_string(json_t *o, const char *key, size_t max, srv_reply_t *rp, bool *bad);

/* ---- routes ---- */
typedef void (*srv_handler_fn)(srv_req_t *rq, srv_reply_t *rp);
typedef struct srv_route {
    onc_route_info_t info;
    srv_handler_fn handler;
    unsigned flags;
} srv_route_t;
#define SRV_NO_CSRF 2u      /* a state change allowed without the session's CSRF token (sign-in:
                               there is no session yet; the Origin and content-type checks apply) */
#define SRV_BIG_BODY 4u     /* accepts up to max_body instead of max_json (uploads) */

extern const srv_route_t srv_routes[];
extern const size_t srv_n_routes;

/* Whether s[0, n) may be a path parameter: 1 to 128 bytes of letters, digits and ._:@+- , not
 * starting with a dot (registry identifiers, trial keys, numbers): no "..", "/" or control byte
 * ever reaches a handler. */
bool srv_param_ok(const char *s, size_t n);
/* Finds the route for method and path: the route and its parameters (in rq), or NULL with
 * *status 404 (no such path) or 405 (the path exists, not the method). */
const srv_route_t *srv_route_find(srv_req_t *rq, int *status);
/* Runs a request through authentication, authorisation, CSRF and the handler. */
void srv_dispatch(srv_req_t *rq, srv_reply_t *rp);

/* ---- authentication (server_auth.c) ---- */
/* Finds the session of the request's cookie: fills rq->session, signed_in, actor. */
onc_rc srv_auth_session(srv_req_t *rq, onc_err_t *err) ONC_MUST_CHECK;
/* Whether the request carries the session's CSRF token and, when it names one, our origin. */
bool srv_auth_csrf_ok(const srv_req_t *rq);
/* Whether an Origin header, when present, names this server. */
bool srv_auth_origin_ok(const srv_req_t *rq);
/* The session cookie's name: "__Host-oncoboard" under TLS, "oncoboard" otherwise. */
const char *srv_cookie_name(const onc_server_t *s);

/* ---- the built-in interface (server_static.c) ---- */
/* Serves GET path from web/: 404 when there is no such file. */
void srv_static(srv_req_t *rq, srv_reply_t *rp);
/* The built-in copy of a file of web/ or docs/openapi.json ("openapi.json"): its bytes, or NULL. */
const unsigned char *srv_asset(const char *name, size_t *n);

/* ---- handlers, by group ---- */
void api_health(srv_req_t *rq, srv_reply_t *rp);
void api_openapi(srv_req_t *rq, srv_reply_t *rp);
void api_login(srv_req_t *rq, srv_reply_t *rp);
void api_session(srv_req_t *rq, srv_reply_t *rp);
void api_logout(srv_req_t *rq, srv_reply_t *rp);
void api_patients_list(srv_req_t *rq, srv_reply_t *rp);
void api_patient_create(srv_req_t *rq, srv_reply_t *rp);
void api_patient_get(srv_req_t *rq, srv_reply_t *rp);
void api_patient_replace(srv_req_t *rq, srv_reply_t *rp);
void api_sample_upload(srv_req_t *rq, srv_reply_t *rp);
void api_report_json(srv_req_t *rq, srv_reply_t *rp);
void api_report_html(srv_req_t *rq, srv_reply_t *rp);
void api_patient_matches(srv_req_t *rq, srv_reply_t *rp);
void api_decisions_list(srv_req_t *rq, srv_reply_t *rp);
void api_decision_create(srv_req_t *rq, srv_reply_t *rp);
void api_decision_update(srv_req_t *rq, srv_reply_t *rp);
void api_decision_finalise(srv_req_t *rq, srv_reply_t *rp);
void api_responses_list(srv_req_t *rq, srv_reply_t *rp);
void api_response_add(srv_req_t *rq, srv_reply_t *rp);
void api_outcome_set(srv_req_t *rq, srv_reply_t *rp);
void api_enrolment_set(srv_req_t *rq, srv_reply_t *rp);
void api_trials_list(srv_req_t *rq, srv_reply_t *rp);
void api_trial_put(srv_req_t *rq, srv_reply_t *rp);
void api_trial_validate(srv_req_t *rq, srv_reply_t *rp);
void api_trial_get(srv_req_t *rq, srv_reply_t *rp);
void api_trial_candidates(srv_req_t *rq, srv_reply_t *rp);
void api_phase1_get(srv_req_t *rq, srv_reply_t *rp);    /* server_api_phase1.c */
void api_phase1_setup(srv_req_t *rq, srv_reply_t *rp);
void api_phase1_assign(srv_req_t *rq, srv_reply_t *rp);
void api_phase1_dlt(srv_req_t *rq, srv_reply_t *rp);
void api_phase1_window(srv_req_t *rq, srv_reply_t *rp);
void api_match_run(srv_req_t *rq, srv_reply_t *rp);
void api_boards_list(srv_req_t *rq, srv_reply_t *rp);
void api_board_create(srv_req_t *rq, srv_reply_t *rp);
void api_board_get(srv_req_t *rq, srv_reply_t *rp);
void api_board_add_patient(srv_req_t *rq, srv_reply_t *rp);
void api_board_remove_patient(srv_req_t *rq, srv_reply_t *rp);
void api_accrual(srv_req_t *rq, srv_reply_t *rp);
void api_export_research(srv_req_t *rq, srv_reply_t *rp);
void api_cohort_survival(srv_req_t *rq, srv_reply_t *rp);
void api_cohort_compare(srv_req_t *rq, srv_reply_t *rp);
void api_users_list(srv_req_t *rq, srv_reply_t *rp);
void api_user_create(srv_req_t *rq, srv_reply_t *rp);
void api_user_update(srv_req_t *rq, srv_reply_t *rp);
void api_audit_list(srv_req_t *rq, srv_reply_t *rp);
void api_audit_verify(srv_req_t *rq, srv_reply_t *rp);

#endif
