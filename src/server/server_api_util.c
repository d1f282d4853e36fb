/* server_api_util.c: the pieces every group of handlers uses (server_api.h). Transactions are
 * short and one per request, as the CLI's commands have them, so that a request's change and its
 * audit entries are committed together or not at all. */
#include "server_api.h"

#include "oncoboard/audit.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

onc_rc srv_transaction(srv_req_t *rq, srv_tx_fn fn, void *ctx, onc_err_t *err)
{
    onc_rc rc = onc_db_begin(rq->db, err);
    if (rc == ONC_OK) rc = fn(rq, ctx, err);
    if (rc == ONC_OK) rc = onc_db_commit(rq->db, err);
    if (rc != ONC_OK) {
        onc_db_rollback(rq->db, NULL);
        return rc;
    }
    onc_err_t anchor = {0};
    if (onc_audit_checkpoint(rq->db, &anchor) != ONC_OK)
        fprintf(stderr, "serve: warning: %s %s: committed, but the audit log's head could not be anchored: %s\n",
                rq->method, rq->route ? rq->route : "", anchor.msg);
    return ONC_OK;
}

int srv_rows_add(srv_rows_t *l, json_t *row)
{
    if (!row || json_array_append_new(l->rows, row)) l->oom = true;
    return l->oom;
}

onc_rc srv_transaction_rows(srv_req_t *rq, srv_tx_fn fn, void *ctx, srv_rows_t *l, onc_err_t *err)
{
    l->oom = false;
    if (!(l->rows = json_array())) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = srv_transaction(rq, fn, ctx, err);
    return rc == ONC_OK && l->oom ? onc_err_set(err, ONC_ENOMEM, "out of memory") : rc;
}

bool srv_parse_long(const char *s, long min, long max, long *out)
{
    if (!s || !*s) return false;
    const char *d = *s == '-' ? s + 1 : s;
    if (!*d || strlen(d) > 18) return false;
    for (const char *p = d; *p; p++)
        if (!isdigit((unsigned char)*p)) return false;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = (long)v;
    return true;
}

bool srv_query_long(const srv_req_t *rq, srv_reply_t *rp, const char *name, long min, long max, long dflt,
                    long *out)
{
    const char *s = srv_query(rq, name);
    *out = dflt;
    if (!s) return true;
    if (srv_parse_long(s, min, max, out)) return true;
    srv_error(rp, 400, "invalid", "query parameter %s: a whole number from %ld to %ld is expected", name, min, max);
    return false;
}

static bool printable(const char *s, size_t max)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (n == max || (unsigned char)s[n] < 0x20 || s[n] == 0x7f) return false;
    return n > 0;
}

const char *srv_query_text(const srv_req_t *rq, srv_reply_t *rp, const char *name, size_t max, bool *bad)
{
    const char *s = srv_query(rq, name);
    if (!s || printable(s, max)) return s;
    srv_error(rp, 400, "invalid", "query parameter %s: 1 to %zu printable characters are expected", name, max);
    *bad = true;
    return NULL;
}

bool srv_param_ok(const char *s, size_t max, srv_reply_t *rp)
{
    if (s && printable(s, max)) return true;
    srv_error(rp, 404, "not_found", "no such resource");
    return false;
}

json_t *srv_json_list(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    return json_is_array(v) ? v : (json_decref(v), json_array());
}
