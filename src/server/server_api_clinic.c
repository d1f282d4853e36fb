/* server_api_clinic.c: the tumor board's work on a patient through the API: decisions (a draft,
 * edited, then made final by a user who enters their password again), response assessments, the
 * outcome, and trial enrolment (the rows accrual counts). The store (store_clinic.h) checks every
 * value and audits every read and write under the session's user, each call in a transaction of
 * its own; here the request's fields are read with their caps and the answers shaped
 * (docs/server.md, "The API at a glance"). The meetings are in server_api_boards.c.
 */
#include "server_api.h"

#include "oncoboard/password.h"
#include "oncoboard/store_clinic.h"

#include <string.h>
#include <time.h>

#define DECISION_TEXT_MAX 20000 /* store_clinic.h */
#define DATE_MAX 10
#define SHORT_TEXT_MAX 200      /* a trial's name, an arm */
#define REASON_MAX 2000

/* ---- decisions ---- */

static json_t *decision_json(const onc_decision_t *d)
{
    return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)d->id, "patient",
                     api_string_or_null(d->patient), "board_id",
                     d->board_id ? json_integer(d->board_id) : json_null(), "status", api_string_or_null(d->status),
                     "text", api_string_or_null(d->text), "author", api_string_or_null(d->author), "created_at",
                     api_string_or_null(d->created_at), "updated_at", api_string_or_null(d->updated_at),
                     "finalised_at", api_string_or_null(d->finalised_at), "finalised_by",
                     api_string_or_null(d->finalised_by));
}

typedef struct collect {
    json_t *out; /* an array to append to, or NULL: keep the one item in `one` */
    json_t *one;
    bool oom;
} collect_t;

static int collect_decision(const onc_decision_t *d, void *ctx)
{
    collect_t *c = ctx;
    json_t *j = decision_json(d);
    if (!j) c->oom = true;
    else if (!c->out) json_decref(c->one), c->one = j;
    else if (json_array_append_new(c->out, j) != 0) c->oom = true;
    return c->oom;
}

/* Replies with decision id (status 200 or 201), or the error. */
static void reply_decision(srv_req_t *rq, srv_reply_t *rp, int status, int64_t id)
{
    collect_t c = {0};
    onc_err_t err = {0};
    onc_rc rc = onc_decision_get(rq->db, id, rq->actor, collect_decision, &c, &err);
    if (rc == ONC_OK && (c.oom || !c.one)) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) srv_json(rp, status, c.one);
    else json_decref(c.one), srv_error_rc(rp, rc, &err);
}

void api_decisions_list(srv_req_t *rq, srv_reply_t *rp)
{
    const char *patient = api_patient_param(rq, rp, 0);
    if (!patient) return;
    collect_t c = {.out = json_array()};
    onc_err_t err = {0};
    onc_rc rc = c.out ? onc_decisions(rq->db, patient, rq->actor, collect_decision, &c, &err)
                      : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK && c.oom) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) srv_json(rp, 200, json_pack("{s:o}", "decisions", c.out));
    else json_decref(c.out), srv_error_rc(rp, rc, &err);
}

void api_decision_create(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"text", "board_id", NULL};
    const char *patient = api_patient_param(rq, rp, 0);
    json_t *body = patient ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    bool bad = false;
    int64_t board = 0, id = 0;
    const char *text = api_member_text(body, "text", DECISION_TEXT_MAX, true, rp, &bad);
    if (!bad) api_member_int(body, "board_id", 1, INT64_MAX, rp, &bad, &board);
    onc_err_t err = {0};
    onc_rc rc = bad ? ONC_EINVAL : onc_decision_draft(rq->db, patient, board, text, rq->session.user.login, &id, &err);
    if (rc == ONC_OK) reply_decision(rq, rp, 201, id);
    else if (!bad) srv_error_rc(rp, rc, &err);
    json_decref(body);
}

void api_decision_update(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"text", NULL};
    int64_t id = 0;
    json_t *body = api_id_param(rq, rp, 0, "decision", &id) ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    bool bad = false;
    const char *text = api_member_text(body, "text", DECISION_TEXT_MAX, true, rp, &bad);
    onc_err_t err = {0};
    onc_rc rc = bad ? ONC_EINVAL : onc_decision_update(rq->db, id, text, rq->actor, &err);
    if (rc == ONC_OK) reply_decision(rq, rp, 200, id);
    else if (!bad) srv_error_rc(rp, rc, &err);
    json_decref(body);
}

/* The signed-in user's password checked again (not counted toward the lock-out): false after a
 * reply, 401 bad_credentials for a wrong one. */
static bool password_again(srv_req_t *rq, srv_reply_t *rp, const char *password)
{
    bool ok = false;
    onc_err_t err = {0};
    onc_rc rc = onc_user_check_password(rq->db, rq->session.user.id, password, &ok, &err);
    if (rc != ONC_OK) srv_error_rc(rp, rc, &err);
    else if (!ok) srv_error(rp, 401, "bad_credentials", "wrong password: the decision stays a draft");
    return rc == ONC_OK && ok;
}

void api_decision_finalise(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"password", NULL};
    int64_t id = 0;
    json_t *body = api_id_param(rq, rp, 0, "decision", &id) ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    bool bad = false;
    const char *password = api_member_text(body, "password", ONC_PASSWORD_MAX, true, rp, &bad);
    onc_err_t err = {0};
    if (!bad && password_again(rq, rp, password)) {
        onc_rc rc = onc_decision_finalise(rq->db, id, rq->session.user.login, &err);
        if (rc == ONC_OK) reply_decision(rq, rp, 200, id);
        else srv_error_rc(rp, rc, &err);
    }
    if (password) onc_wipe((char *)password, strlen(password));
    onc_wipe((char *)rq->body, rq->body_len);
    json_decref(body);
}

/* ---- response and outcome ---- */

static int collect_response(const onc_response_row_t *r, void *ctx)
{
    collect_t *c = ctx;
    json_t *j = json_pack("{s:i,s:o,s:o,s:o}", "line", r->line_no, "assessed_on", api_string_or_null(r->assessed_on),
                          "recist", api_string_or_null(r->recist), "recorded_by", api_string_or_null(r->recorded_by));
    if (!j || json_array_append_new(c->out, j) != 0) c->oom = true;
    return c->oom;
}

void api_responses_list(srv_req_t *rq, srv_reply_t *rp)
{
    const char *patient = api_patient_param(rq, rp, 0);
    if (!patient) return;
    collect_t c = {.out = json_array()};
    onc_err_t err = {0};
    onc_rc rc = c.out ? onc_responses(rq->db, patient, rq->actor, collect_response, &c, &err)
                      : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK && c.oom) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) srv_json(rp, 200, json_pack("{s:o}", "responses", c.out));
    else json_decref(c.out), srv_error_rc(rp, rc, &err);
}

void api_response_add(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"line", "assessed_on", "recist", NULL};
    const char *patient = api_patient_param(rq, rp, 0);
    json_t *body = patient ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    bool bad = false;
    int64_t line = 0;
    if (!api_member_int(body, "line", 1, 1000, rp, &bad, &line) && !bad) {
        srv_error(rp, 400, "invalid", "field line: required (the therapy line, from 1)");
        bad = true;
    }
    const char *on = api_member_text(body, "assessed_on", DATE_MAX, true, rp, &bad);
    const char *recist = api_member_text(body, "recist", 2, true, rp, &bad);
    onc_err_t err = {0};
    onc_rc rc = bad ? ONC_EINVAL : onc_response_add(rq->db, patient, (int)line, on, recist, rq->actor, &err);
    if (rc == ONC_OK)
        srv_json(rp, 201, json_pack("{s:s,s:I,s:s,s:s,s:s}", "patient", patient, "line", (json_int_t)line, "assessed_on",
                                    on, "recist", recist, "recorded_by", rq->session.user.login));
    else if (!bad)
        srv_error_rc(rp, rc, &err);
    json_decref(body);
}

void api_outcome_set(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"vital_status", "death_date", "last_follow_up", NULL};
    const char *patient = api_patient_param(rq, rp, 0);
    json_t *body = patient ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    bool bad = false;
    const char *vital = api_member_text(body, "vital_status", 5, true, rp, &bad);
    const char *death = api_member_text(body, "death_date", DATE_MAX, false, rp, &bad);
    const char *follow_up = api_member_text(body, "last_follow_up", DATE_MAX, false, rp, &bad);
    onc_err_t err = {0};
    onc_rc rc = bad ? ONC_EINVAL : onc_outcome_set(rq->db, patient, vital, death, follow_up, rq->actor, &err);
    if (rc == ONC_OK)
        srv_json(rp, 200, json_pack("{s:s,s:s,s:o,s:o}", "patient", patient, "vital_status", vital, "death_date",
                                    api_string_or_null(death), "last_follow_up", api_string_or_null(follow_up)));
    else if (!bad)
        srv_error_rc(rp, rc, &err);
    json_decref(body);
}

/* ---- trial enrolment ---- */

void api_enrolment_set(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"status", "date", "arm", "reason", NULL};
    const char *patient = api_patient_param(rq, rp, 0), *trial = rq->params[1];
    if (patient && (!trial || !*trial || strlen(trial) > SHORT_TEXT_MAX || !api_text_ok(trial))) {
        srv_error(rp, 404, "not_found", "no such trial");
        return;
    }
    json_t *body = patient ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    bool bad = false;
    const char *status = api_member_text(body, "status", 16, true, rp, &bad);
    const char *date = api_member_text(body, "date", DATE_MAX, false, rp, &bad);
    const char *arm = api_member_text(body, "arm", SHORT_TEXT_MAX, false, rp, &bad);
    const char *reason = api_member_text(body, "reason", REASON_MAX, false, rp, &bad);
    char today[16];
    struct tm tm;
    if (!date && gmtime_r(&rq->now, &tm) && strftime(today, sizeof today, "%Y-%m-%d", &tm)) date = today;
    onc_err_t err = {0};
    onc_rc rc = bad ? ONC_EINVAL : onc_enrolment_set(rq->db, patient, trial, status, date, arm, reason, rq->actor, &err);
    if (rc == ONC_OK)
        srv_json(rp, 200, json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}", "patient", patient, "trial", trial, "status", status,
                                    "date", api_string_or_null(date), "arm", api_string_or_null(arm), "reason",
                                    api_string_or_null(reason)));
    else if (!bad)
        srv_error_rc(rp, rc, &err);
    json_decref(body);
}
