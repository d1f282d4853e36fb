/* server_api_phase1.c: a phase I trial's conduct over HTTP (store_phase1.h): its set-up, a
 * patient's dose level, a DLT, a completed DLT window, and the trial's record with the next-dose
 * recommendation and the decision table, the same JSON document `oncoboard design .. next --db`
 * prints (onc_phase1_json). Each write is one audited call of the store; the read is audited
 * through the request's read sink. */
#include "server_api.h"

#include "oncoboard/alteration.h"
#include "oncoboard/store_phase1.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define TRIAL_KEY_MAX 128
#define DATE_MAX 10

/* The trial key of path parameter 0: NULL after a 404 reply. */
static const char *trial_param(srv_req_t *rq, srv_reply_t *rp)
{
    return api_name_param(rq, rp, 0, TRIAL_KEY_MAX, "trial") ? rq->params[0] : NULL;
}

static void today(const srv_req_t *rq, char buf[16])
{
    struct tm tm;
    buf[0] = '\0';
    if (gmtime_r(&rq->now, &tm)) strftime(buf, 16, "%Y-%m-%d", &tm);
}

/* ---- the record and the recommendation ---- */

void api_phase1_get(srv_req_t *rq, srv_reply_t *rp)
{
    const char *trial = trial_param(rq, rp), *as_of = NULL;
    if (!trial || !api_query_text(rq, rp, "as_of", DATE_MAX, &as_of)) return;
    char now[16];
    today(rq, now);
    if (!as_of) as_of = now;
    onc_phase1_trial_t *t = NULL;
    onc_phase1_rec_t r;
    onc_err_t err = {0};
    onc_rc rc = onc_phase1_read(rq->db, trial, rq->actor, &t, &err);
    if (rc == ONC_OK) rc = onc_phase1_recommend(t, as_of, &r, &err);
    json_t *o = rc == ONC_OK ? onc_phase1_json(t, &r, as_of) : NULL;
    if (rc == ONC_OK && !o) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) srv_json(rp, 200, o);
    else srv_error_rc(rp, rc, &err);
    onc_phase1_trial_free(t);
}

/* ---- the set-up ---- */

/* A number member of o in [min, max] into *out (left as it is when absent or null); false after
 * a 400 reply naming it. */
static bool member_real(json_t *o, const char *key, double min, double max, srv_reply_t *rp, bool *bad, double *out)
{
    json_t *v = json_object_get(o, key);
    if (*bad || !v || json_is_null(v)) return !*bad;
    if (!json_is_number(v) || !(json_number_value(v) >= min && json_number_value(v) <= max)) {
        srv_error(rp, 400, "invalid", "member %s: a number from %g to %g", key, min, max);
        return !(*bad = true);
    }
    *out = json_number_value(v);
    return true;
}

static bool read_doses(json_t *doses, onc_phase1_setup_t *s, srv_reply_t *rp, bool *bad)
{
    static const char *const members[] = {"label", "skeleton", NULL};
    if (*bad) return false;
    if (!json_is_array(doses) || json_array_size(doses) == 0 || json_array_size(doses) > ONC_DESIGN_MAX_DOSES) {
        srv_error(rp, 400, "invalid", "member doses: 1 to %d dose levels, each {label, skeleton}", ONC_DESIGN_MAX_DOSES);
        return !(*bad = true);
    }
    for (size_t j = 0; j < json_array_size(doses); j++) {
        json_t *d = json_array_get(doses, j);
        const char *key;
        json_t *v;
        if (!json_is_object(d)) return srv_error(rp, 400, "invalid", "member doses: level %zu is not an object", j + 1), !(*bad = true);
        json_object_foreach(d, key, v) {
            bool known = false;
            for (size_t k = 0; members[k]; k++) known |= !strcmp(members[k], key);
            if (!known) return srv_error(rp, 400, "invalid", "member doses: unknown member '%.40s'", key), !(*bad = true);
        }
        const char *label = api_member_text(d, "label", ONC_PHASE1_LABEL_MAX, true, rp, bad);
        if (!label || !member_real(d, "skeleton", 1e-9, 1 - 1e-9, rp, bad, &s->doses[j].skeleton)) return false;
        snprintf(s->doses[j].label, sizeof s->doses[j].label, "%s", label);
        s->n_doses++;
    }
    return true;
}

void api_phase1_setup(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"design", "target", "cohort_size", "sample_size", "dlt_window_days",
                                          "margin", "model", "doses", NULL};
    const char *trial = trial_param(rq, rp);
    json_t *body = trial ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    onc_phase1_setup_t s;
    onc_phase1_setup_init(&s);
    bool bad = false;
    int64_t cohort = 0, sample = 0, window = 0;
    const char *design = api_member_text(body, "design", 15, true, rp, &bad);
    const char *model = api_member_text(body, "model", 15, false, rp, &bad);
    if (!bad && !api_member_int(body, "cohort_size", 1, 100, rp, &bad, &cohort) && !bad)
        srv_error(rp, 400, "invalid", "member cohort_size is required"), bad = true;
    if (!bad && !api_member_int(body, "sample_size", 1, ONC_DESIGN_MAX_N, rp, &bad, &sample) && !bad)
        srv_error(rp, 400, "invalid", "member sample_size is required"), bad = true;
    if (!bad && api_member_int(body, "dlt_window_days", 1, 3650, rp, &bad, &window)) s.dlt_window_days = (int)window;
    member_real(body, "target", 1e-9, 1 - 1e-9, rp, &bad, &s.target);
    member_real(body, "margin", 1e-6, 0.5, rp, &bad, &s.margin);
    if (!bad && !(s.target > 0)) srv_error(rp, 400, "invalid", "member target is required"), bad = true;
    read_doses(json_object_get(body, "doses"), &s, rp, &bad);
    onc_err_t err = {0};
    onc_rc rc = ONC_EINVAL;
    if (!bad) {
        snprintf(s.design, sizeof s.design, "%s", design);
        snprintf(s.model, sizeof s.model, "%s", model ? model : "");
        s.cohort_size = (int)cohort, s.sample_size = (int)sample;
        rc = onc_phase1_setup_put(rq->db, trial, &s, rq->actor, &err);
    }
    if (rc == ONC_OK)
        srv_json(rp, 200, json_pack("{s:s,s:s,s:i}", "trial", trial, "design", s.design, "levels", s.n_doses));
    else if (!bad)
        srv_error_rc(rp, rc, &err);
    json_decref(body);
}

/* ---- patients ---- */

void api_phase1_assign(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"patient", "level", "date", NULL};
    const char *trial = trial_param(rq, rp);
    json_t *body = trial ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    bool bad = false;
    int64_t level = 0;
    const char *patient = api_member_text(body, "patient", API_PATIENT_ID_MAX, true, rp, &bad);
    const char *date = api_member_text(body, "date", DATE_MAX, false, rp, &bad);
    if (!bad && !api_member_int(body, "level", 1, ONC_DESIGN_MAX_DOSES, rp, &bad, &level) && !bad)
        srv_error(rp, 400, "invalid", "member level is required"), bad = true;
    char now[16];
    today(rq, now);
    if (!date) date = now;
    onc_err_t err = {0};
    onc_rc rc = bad ? ONC_EINVAL : onc_phase1_assign(rq->db, trial, patient, (int)level, date, rq->actor, &err);
    if (rc == ONC_OK)
        srv_json(rp, 201, json_pack("{s:s,s:s,s:I,s:s}", "trial", trial, "patient", patient, "level", (json_int_t)level,
                                    "date", date));
    else if (!bad)
        srv_error_rc(rp, rc, &err);
    json_decref(body);
}

void api_phase1_dlt(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"patient", "term", "grade", "onset", NULL};
    const char *trial = trial_param(rq, rp);
    json_t *body = trial ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    bool bad = false;
    int64_t grade = 0;
    const char *patient = api_member_text(body, "patient", API_PATIENT_ID_MAX, true, rp, &bad);
    const char *term = api_member_text(body, "term", ONC_PHASE1_TERM_MAX, true, rp, &bad);
    const char *onset = api_member_text(body, "onset", DATE_MAX, false, rp, &bad);
    if (!bad && !api_member_int(body, "grade", 1, 5, rp, &bad, &grade) && !bad)
        srv_error(rp, 400, "invalid", "member grade is required (CTCAE 1-5)"), bad = true;
    char now[16];
    today(rq, now);
    if (!onset) onset = now;
    onc_err_t err = {0};
    onc_rc rc = bad ? ONC_EINVAL : onc_phase1_dlt_add(rq->db, trial, patient, term, (int)grade, onset, rq->actor, &err);
    if (rc == ONC_OK)
        srv_json(rp, 201, json_pack("{s:s,s:s,s:s,s:I,s:s}", "trial", trial, "patient", patient, "term", term, "grade",
                                    (json_int_t)grade, "onset", onset));
    else if (!bad)
        srv_error_rc(rp, rc, &err);
    json_decref(body);
}

void api_phase1_window(srv_req_t *rq, srv_reply_t *rp)
{
    static const char *const members[] = {"patient", NULL};
    const char *trial = trial_param(rq, rp);
    json_t *body = trial ? api_body_object(rq, rp, members) : NULL;
    if (!body) return;
    bool bad = false;
    const char *patient = api_member_text(body, "patient", API_PATIENT_ID_MAX, true, rp, &bad);
    onc_err_t err = {0};
    onc_rc rc = bad ? ONC_EINVAL : onc_phase1_window_complete(rq->db, trial, patient, rq->actor, &err);
    if (rc == ONC_OK)
        srv_json(rp, 200, json_pack("{s:s,s:s,s:b}", "trial", trial, "patient", patient, "window_complete", 1));
    else if (!bad)
        srv_error_rc(rp, rc, &err);
    json_decref(body);
}
