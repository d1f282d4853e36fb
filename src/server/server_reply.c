/* server_reply.c: replies and request bodies. Errors always have the same JSON shape,
 * {"error": {"code": "...", "message": "..."}}, with a code from a fixed list (docs/server.md)
 * that scripts can test; the message is for people. A database or internal failure is reported
 * as such without its detail, which goes to the server's log only (it may name tables or
 * values). */
#include "server_int.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t srv_utf8_char(const unsigned char *p, size_t n)
{
    size_t len = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3 : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!len || len > n || (len == 2 && p[0] < 0xC2)) return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    if (len == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0))) return 0;
    if (len == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || p[0] > 0xF4 || (p[0] == 0xF4 && p[1] >= 0x90))) return 0;
    return len;
}

void srv_utf8_clean(char *s)
{
    unsigned char *p = (unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t len = srv_utf8_char(p + i, n - i);
        if (len) i += len;
        else p[i++] = '?';
    }
}

static void put(srv_reply_t *rp, const char *s, size_t n)
{
    onc_strbuf_clear(&rp->body);
    if (onc_strbuf_putsn(&rp->body, s, n) != ONC_OK) rp->status = 500;
}

void srv_bytes(srv_reply_t *rp, int status, const char *content_type, const void *p, size_t n)
{
    rp->status = status;
    rp->content_type = content_type;
    put(rp, p, n);
}

void srv_json(srv_reply_t *rp, int status, json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(j);
    if (!s) {
        static const char oom[] = "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}";
        srv_bytes(rp, 500, "application/json", oom, sizeof oom - 1);
        return;
    }
    srv_bytes(rp, status, "application/json", s, strlen(s));
    free(s);
}

void srv_error(srv_reply_t *rp, int status, const char *code, const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    srv_utf8_clean(msg); /* a message may quote the request cut at a byte count: JSON needs UTF-8 */
    srv_json(rp, status, json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", msg));
}

void srv_error_rc(srv_reply_t *rp, onc_rc rc, const onc_err_t *err)
{
    const char *msg = err && err->msg[0] ? err->msg : onc_strerror(rc);
    switch (rc) {
    case ONC_EPARSE: case ONC_EINVAL: case ONC_EFORMAT:
        srv_error(rp, 400, "invalid", "%s", msg);
        return;
    case ONC_ELIMIT:
        srv_error(rp, 413, "payload_too_large", "%s", msg);
        return;
    case ONC_ENOTFOUND:
        srv_error(rp, 404, "not_found", "%s", msg);
        return;
    case ONC_ECONFLICT:
        srv_error(rp, 409, "conflict", "%s", msg);
        return;
    default:
        fprintf(stderr, "serve: error: %s: %s\n", onc_strerror(rc), msg);
        srv_error(rp, rc == ONC_EDB ? 503 : 500, rc == ONC_EDB ? "unavailable" : "internal",
                  rc == ONC_EDB ? "the registry is unavailable; try again" : "internal error");
    }
}

void srv_add_header(srv_reply_t *rp, const char *name, const char *value)
{
    if (rp->n_headers == SRV_MAX_HEADERS) return;
    rp->headers[rp->n_headers].name = name;
    snprintf(rp->headers[rp->n_headers].value, sizeof rp->headers[0].value, "%s", value);
    rp->n_headers++;
}

json_t *srv_body_object(srv_req_t *rq, srv_reply_t *rp)
{
    const char *ct = rq->content_type;
    if (!ct || strncmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';')) {
        srv_error(rp, 415, "unsupported_media_type", "send the body as application/json");
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        srv_error(rp, 400, "invalid_json", "request body: line %d, column %d: %s", je.line, je.column, je.text);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        srv_error(rp, 400, "invalid_json", "request body: an object is expected");
        return NULL;
    }
    return j;
}

const char *srv_member_string(json_t *o, const char *key, size_t max, srv_reply_t *rp, bool *bad)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) {
        srv_error(rp, 400, "invalid", "field %s: a string is expected", key);
        *bad = true;
        return NULL;
    }
    if (json_string_length(v) > max || strlen(json_string_value(v)) != json_string_length(v)) {
        srv_error(rp, 400, "invalid", "field %s: at most %zu bytes, without NUL", key, max);
        *bad = true;
        return NULL;
    }
    return json_string_value(v);
}

const char *srv_header(const srv_req_t *rq, const char *name)
{
    return rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name) : NULL;
}

const char *srv_query(const srv_req_t *rq, const char *name)
{
    return rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name) : NULL;
}
