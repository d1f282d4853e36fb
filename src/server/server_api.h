/* server_api.h: what the handlers (server_api_*.c) share: strict parsing of the numbers and texts of
 * paths and queries (each a reply of its own when it fails), the transaction around store.h's
 * calls, and JSON for values that may be missing. */
#ifndef ONCOBOARD_SERVER_API_H
#define ONCOBOARD_SERVER_API_H

#include "server_int.h"

#include <stdint.h>

#define API_PATIENT_ID_MAX 200 /* bytes of a patient's external id in a path or a body */
#define API_QUERY_TEXT_MAX 200 /* bytes of a free-text query parameter */

/* s as a decimal integer in [min, max]: digits only (no sign, space or leading '+'), at most 18
 * of them. */
bool api_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

/* Whether s is UTF-8 text without control characters (what a path or query may give). */
bool api_text_ok(const char *s);

/* The patient id of path parameter i: NULL after a 404 reply when it is empty or too long. */
const char *api_patient_param(srv_req_t *rq, srv_reply_t *rp, size_t i);
/* The positive id of path parameter i (a meeting, a decision): false after a 404 reply naming
 * what. */
bool api_id_param(srv_req_t *rq, srv_reply_t *rp, size_t i, const char *what, int64_t *out);

/* Query parameter name: *out NULL when absent; false after a 400 reply when longer than max. */
bool api_query_text(srv_req_t *rq, srv_reply_t *rp, const char *name, size_t max, const char **out);
/* Query parameter name as an integer in [min, max] (*out untouched when absent); false after a
 * 400 reply naming it. */
bool api_query_int(srv_req_t *rq, srv_reply_t *rp, const char *name, int64_t min, int64_t max, int64_t *out);

/* A JSON string, or null for NULL. */
json_t *api_string_or_null(const char *s);

/* The request's transaction for store.h's calls, which run inside the caller's: begin, then
 * end with rc (commit and anchor the audit log on ONC_OK, else roll back). api_end returns the
 * outcome, err keeping the first error. */
onc_rc api_begin(srv_req_t *rq, onc_err_t *err) ONC_MUST_CHECK;
onc_rc api_end(srv_req_t *rq, onc_rc rc, onc_err_t *err) ONC_MUST_CHECK;

/* The body as a JSON object with only the members listed (NULL-terminated): NULL after a reply
 * (415, 400 malformed, 400 naming an unknown member). json_decref it. */
json_t *api_body_object(srv_req_t *rq, srv_reply_t *rp, const char *const *members);

/* Integer member key of o in [min, max]: true with *out set; false when absent or null, or
 * after a 400 reply naming it (*bad set). */
bool api_member_int(json_t *o, const char *key, int64_t min, int64_t max, srv_reply_t *rp, bool *bad, int64_t *out);
/* srv_member_string that does nothing once *bad is set, and with required replies 400 naming key
 * when the member is absent or empty; NULL after a reply or when absent. */
const char *api_member_text(json_t *o, const char *key, size_t max, bool required, srv_reply_t *rp, bool *bad);

/* Work run inside the request's transaction (api_transaction): ONC_OK to commit. */
typedef onc_rc (*api_tx_fn)(srv_req_t *rq, void *ctx, onc_err_t *err);
/* api_begin, fn, api_end: the whole of a request's registry work in one transaction. */
onc_rc api_transaction(srv_req_t *rq, api_tx_fn fn, void *ctx, onc_err_t *err) ONC_MUST_CHECK;

/* The rows a listing's callbacks collect into one JSON array. */
typedef struct api_rows {
    json_t *rows;
    bool oom;
} api_rows_t;
/* Appends row (stolen; NULL counts as out of memory) to l: 0 to go on, 1 to stop. */
int api_rows_add(api_rows_t *l, json_t *row);
/* api_transaction for a listing into l (l->rows made here): ONC_ENOMEM when a row could not be
 * kept. json_decref(l->rows) afterwards, whatever the result. */
onc_rc api_transaction_rows(srv_req_t *rq, api_tx_fn fn, void *ctx, api_rows_t *l, onc_err_t *err) ONC_MUST_CHECK;

/* Path parameter i naming a record (a trial key, a login): false after a 404 reply naming what
 * when it is empty, longer than max or not text. */
bool api_name_param(srv_req_t *rq, srv_reply_t *rp, size_t i, size_t max, const char *what);


/* A JSON array as the registry stores it (reasons, unknown criteria) back into JSON: an empty
 * array when it is not one. */
json_t *api_json_list(const char *text);

#endif
