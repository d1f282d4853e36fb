/* server_api_boards.c: tumor board meetings through the API: the meetings from a date, one
 * meeting with the patients listed for it (in the order they were listed), a new meeting, and a
 * patient listed for or taken off a meeting (both answer with the meeting as it is then). The store (store_clinic.h) audits each change and
 * each read of who is discussed, under the session's user.
 */
#include "server_api.h"

#include "oncoboard/case.h"
#include "oncoboard/store.h"
#include "oncoboard/store_clinic.h"

#include <string.h>

#define DATE_MAX 10
#define TITLE_MAX 200

static json_t *board_json(const onc_board_t *b)
{
    return json_pack("{s:I,s:o,s:o,s:I}", "id", (json_int_t)b->id, "meets_on", api_string_or_null(b->meets_on),
                     "title", api_string_or_null(b->title), "n_patients", (json_int_t)b->n_patients);
}

typedef struct boards_ctx {
    json_t *out;   /* every meeting, or NULL: look for `want` only */
    int64_t want;
    json_t *found;
    bool oom;
} boards_ctx_t;

static int collect_board(const onc_board_t *b, void *ctx)
{
    boards_ctx_t *c = ctx;
    if (!c->out && b->id != c->want) return 0;
    json_t *j = board_json(b);
    if (!j) c->oom = true;
    else if (!c->out) c->found = j;
    else if (json_array_append_new(c->out, j) != 0) c->oom = true;
    return c->oom || c->found;
}

void api_boards_list(srv_req_t *rq, srv_reply_t *rp)
{
    const char *from = NULL;
    if (!api_query_text(rq, rp, "from", DATE_MAX, &from)) return;
    onc_date_t d;
    onc_err_t why = {0};
    if (from && onc_date_parse(from, &d, &why) != ONC_OK) {
        srv_error(rp, 400, "invalid", "query parameter from: %s", why.msg);
        return;
    }
    boards_ctx_t c = {.out = json_array()};
    onc_err_t err = {0};
    onc_rc rc = c.out ? onc_board_list(rq->db, from, collect_board, &c, &err) : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK && c.oom) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) srv_json(rp, 200, json_pack("{s:o}", "boards", c.out));
    else json_decref(c.out), srv_error_rc(rp, rc, &err);
}

/* Meeting id as JSON in *out: ONC_ENOTFOUND when there is none. */
static onc_rc find_board(srv_req_t *rq, int64_t id, json_t **out, onc_err_t *err)
{
    boards_ctx_t c = {.want = id};
    onc_rc rc = onc_board_list(rq->db, NULL, collect_board, &c, err);
    if (rc == ONC_OK && c.oom) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK && !c.found) rc = onc_err_set(err, ONC_ENOTFOUND, "no tumor board meeting %lld", (long long)id);
    if (rc == ONC_OK) *out = c.found;
    else json_decref(c.found);
    return rc;
}

void api_board_create(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"meets_on", "title", NULL};
    json_t *body = api_body_object(rq, rp, members);
    if (!body) return;
    bool bad = false;
    const char *on = api_member_text(body, "meets_on", DATE_MAX, true, rp, &bad);
    const char *title = api_member_text(body, "title", TITLE_MAX, true, rp, &bad);
    int64_t id = 0;
    json_t *b = NULL;
    onc_err_t err = {0};
    onc_rc rc = bad ? ONC_EINVAL : onc_board_create(rq->db, on, title, rq->actor, &id, &err);
    if (rc == ONC_OK) rc = find_board(rq, id, &b, &err);
    if (rc == ONC_OK) srv_json(rp, 201, b);
    else if (!bad) srv_error_rc(rp, rc, &err);
    json_decref(body);
}

/* The patients listed for meeting id as a JSON array in *out. */
static onc_rc board_patients(srv_req_t *rq, int64_t id, json_t **out, onc_err_t *err)
{
    char **ids = NULL;
    size_t n = 0;
    onc_rc rc = onc_board_patients(rq->db, id, rq->actor, &ids, &n, err);
    json_t *a = rc == ONC_OK ? json_array() : NULL;
    if (rc == ONC_OK && !a) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ONC_OK && i < n; i++)
        if (json_array_append_new(a, json_string(ids[i])) != 0) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_store_ids_free(ids, n);
    if (rc == ONC_OK) *out = a;
    else json_decref(a);
    return rc;
}

/* Replies with meeting id and its patients (status 200 or 201), or the error. */
static void reply_board(srv_req_t *rq, srv_reply_t *rp, int status, int64_t id)
{
    json_t *b = NULL, *patients = NULL;
    onc_err_t err = {0};
    onc_rc rc = find_board(rq, id, &b, &err);
    if (rc == ONC_OK) rc = board_patients(rq, id, &patients, &err);
    if (rc == ONC_OK && json_object_set_new(b, "patients", patients) != 0) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) {
        json_object_del(b, "n_patients");
        srv_json(rp, status, b);
    } else {
        json_decref(b);
        srv_error_rc(rp, rc, &err);
    }
}

void api_board_get(srv_req_t *rq, srv_reply_t *rp)
{
    int64_t id = 0;
    if (api_id_param(rq, rp, 0, "tumor board meeting", &id)) reply_board(rq, rp, 200, id);
}

void api_board_add_patient(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"patient", NULL};
    int64_t id = 0;
    json_t *body = api_id_param(rq, rp, 0, "tumor board meeting", &id) ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    bool bad = false;
    const char *patient = api_member_text(body, "patient", API_PATIENT_ID_MAX, true, rp, &bad);
    onc_err_t err = {0};
    onc_rc rc = bad ? ONC_EINVAL : onc_board_add_patient(rq->db, id, patient, rq->actor, &err);
    if (rc == ONC_OK) reply_board(rq, rp, 201, id);
    else if (!bad) srv_error_rc(rp, rc, &err);
    json_decref(body);
}

void api_board_remove_patient(srv_req_t *rq, srv_reply_t *rp)
{
    int64_t id = 0;
    const char *patient = api_id_param(rq, rp, 0, "tumor board meeting", &id) ? api_patient_param(rq, rp, 1) : NULL;
    if (!patient) return;
    onc_err_t err = {0};
    onc_rc rc = onc_board_remove_patient(rq->db, id, patient, rq->actor, &err);
    if (rc == ONC_OK) reply_board(rq, rp, 200, id);
    else srv_error_rc(rp, rc, &err);
}
