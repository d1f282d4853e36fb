/* server_api.h: what the handlers of several route groups share (server_api_*.c): one
 * transaction per request with the audit log's head anchored after its commit, strict numbers
 * from query strings and request bodies, and stored JSON lists read back. */
#ifndef ONCOBOARD_SERVER_API_H
#define ONCOBOARD_SERVER_API_H

#include "server_int.h"

/* A request's work inside a transaction: ONC_OK to commit. */
typedef onc_rc (*srv_tx_fn)(srv_req_t *rq, void *ctx, onc_err_t *err);

/* Runs fn inside one transaction of rq->db: committed and the audit log's head anchored
 * (audit.h) when fn succeeds, rolled back otherwise. A failed anchor after a commit is logged,
 * not returned: the change is made, and `audit verify` reports the head as not yet anchored
 * until the next commit anchors it. */
onc_rc srv_transaction(srv_req_t *rq, srv_tx_fn fn, void *ctx, onc_err_t *err) ONC_MUST_CHECK;

/* The rows a listing's callbacks collect into one JSON array. */
typedef struct srv_rows {
    json_t *rows;
    bool oom;
} srv_rows_t;
/* Appends row (stolen; NULL counts as out of memory) to l: 0 to go on, 1 to stop. */
int srv_rows_add(srv_rows_t *l, json_t *row);
/* srv_transaction for a listing into l (l->rows made here): ONC_ENOMEM when a row could not be
 * kept. json_decref(l->rows) afterwards, whatever the result. */
onc_rc srv_transaction_rows(srv_req_t *rq, srv_tx_fn fn, void *ctx, srv_rows_t *l, onc_err_t *err) ONC_MUST_CHECK;

/* s as a whole decimal number in [min, max] (digits only, an optional leading '-'). */
bool srv_parse_long(const char *s, long min, long max, long *out);

/* Query parameter name as a number in [min, max], dflt when absent: false after a 400 reply. */
bool srv_query_long(const srv_req_t *rq, srv_reply_t *rp, const char *name, long min, long max, long dflt,
                    long *out);

/* Query parameter name when it is at most max bytes of printable characters (NULL when absent):
 * *bad set after a 400 reply otherwise. */
const char *srv_query_text(const srv_req_t *rq, srv_reply_t *rp, const char *name, size_t max, bool *bad);

/* A path parameter that names a record (a trial key, a login): 1 to max printable bytes, else
 * false after a 404 reply (no record has such a name). */
bool srv_param_ok(const char *s, size_t max, srv_reply_t *rp);

/* A JSON array as the registry stores it (reasons, unknown criteria) back into JSON: an empty
 * array when it is not one. */
json_t *srv_json_list(const char *text);

#endif
