/* server_api_util.c: the small checks every handler makes (server_api.h).
 * Numbers from paths and queries are parsed strictly, digits only: "12abc", " 12", "+12", "1e3"
 * and "0x10" are refused rather than read as something else. */
#include "server_api.h"

#include <string.h>


bool api_text_ok(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0, len; i < n; i += len)
        if (!(len = srv_utf8_char((const unsigned char *)s + i, n - i)) || (unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

bool api_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (!s || !*s || strlen(s) > 18) return false;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        v = v * 10 + (*p - '0');
    }
    if (v < min || v > max) return false;
    *out = v;
    return true;
}

const char *api_patient_param(srv_req_t *rq, srv_reply_t *rp, size_t i)
{
    const char *id = rq->params[i];
    if (!id || !*id || strlen(id) > API_PATIENT_ID_MAX || !api_text_ok(id)) {
        srv_error(rp, 404, "not_found", "no such patient");
        return NULL;
    }
    return id;
}

bool api_id_param(srv_req_t *rq, srv_reply_t *rp, size_t i, const char *what, int64_t *out)
{
    if (api_parse_int(rq->params[i], 1, INT64_MAX, out)) return true;
    srv_error(rp, 404, "not_found", "no such %s", what);
    return false;
}

bool api_query_text(srv_req_t *rq, srv_reply_t *rp, const char *name, size_t max, const char **out)
{
    *out = srv_query(rq, name);
    if (!*out || (strlen(*out) <= max && api_text_ok(*out))) return true;
    srv_error(rp, 400, "invalid", "query parameter %s: at most %zu bytes of UTF-8 text, without control characters",
              name, max);
    return false;
}

bool api_query_int(srv_req_t *rq, srv_reply_t *rp, const char *name, int64_t min, int64_t max, int64_t *out)
{
    const char *s = srv_query(rq, name);
    if (!s || api_parse_int(s, min, max, out)) return true;
    srv_error(rp, 400, "invalid", "query parameter %s: a whole number from %lld to %lld is expected", name,
              (long long)min, (long long)max);
    return false;
}

json_t *api_string_or_null(const char *s) { return s ? json_string(s) : json_null(); }

onc_rc api_begin(srv_req_t *rq, onc_err_t *err) { return onc_db_begin(rq->db, err); }

onc_rc api_end(srv_req_t *rq, onc_rc rc, onc_err_t *err)
{
    if (rc != ONC_OK) {
        onc_db_rollback(rq->db, NULL);
        return rc;
    }
    rc = onc_app_commit(rq->db, err);
    if (onc_db_in_transaction(rq->db)) onc_db_rollback(rq->db, NULL); /* the commit failed */
    return rc;
}

json_t *api_body_object(srv_req_t *rq, srv_reply_t *rp, const char *const *members)
{
    json_t *o = srv_body_object(rq, rp);
    if (!o) return NULL;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        bool known = false;
        for (const char *const *m = members; *m && !known; m++) known = strcmp(*m, key) == 0;
        if (!known) {
            if (strlen(key) <= 64) srv_error(rp, 400, "invalid", "field %s: not a field of this request", key);
            else srv_error(rp, 400, "invalid", "a field of more than 64 bytes: not a field of this request");
            json_decref(o);
            return NULL;
        }
    }
    return o;
}


bool api_member_int(json_t *o, const char *key, int64_t min, int64_t max, srv_reply_t *rp, bool *bad, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return false;
    if (json_is_integer(v) && json_integer_value(v) >= min && json_integer_value(v) <= max) {
        *out = json_integer_value(v);
        return true;
    }
    srv_error(rp, 400, "invalid", "field %s: a whole number from %lld to %lld is expected", key, (long long)min,
              (long long)max);
    *bad = true;
    return false;
}

const char *api_member_text(json_t *o, const char *key, size_t max, bool required, srv_reply_t *rp, bool *bad)
{
    if (*bad) return NULL;
    const char *s = srv_member_string(o, key, max, rp, bad);
    if (!*bad && required && (!s || !*s)) {
        srv_error(rp, 400, "invalid", "field %s: required", key);
        *bad = true;
    }
    return *bad ? NULL : s;
}

onc_rc api_transaction(srv_req_t *rq, api_tx_fn fn, void *ctx, onc_err_t *err)
{
    onc_rc rc = api_begin(rq, err);
    return rc == ONC_OK ? api_end(rq, fn(rq, ctx, err), err) : rc;
}

int api_rows_add(api_rows_t *l, json_t *row)
{
    if (!row || json_array_append_new(l->rows, row)) l->oom = true;
    return l->oom;
}

onc_rc api_transaction_rows(srv_req_t *rq, api_tx_fn fn, void *ctx, api_rows_t *l, onc_err_t *err)
{
    l->oom = false;
    if (!(l->rows = json_array())) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = api_transaction(rq, fn, ctx, err);
    return rc == ONC_OK && l->oom ? onc_err_set(err, ONC_ENOMEM, "out of memory") : rc;
}

bool api_name_param(srv_req_t *rq, srv_reply_t *rp, size_t i, size_t max, const char *what)
{
    const char *s = rq->params[i];
    if (s && *s && strlen(s) <= max && api_text_ok(s)) return true;
    srv_error(rp, 404, "not_found", "no such %s", what);
    return false;
}

json_t *api_json_list(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    return json_is_array(v) ? v : (json_decref(v), json_array());
}
