/* server_api_trials.c: the trial portfolio over HTTP: the trials and their CTML (every version
 * kept, store_trials.h), CTML validated exactly as `trials validate` and `db trials load` do it
 * (every problem with its line and field; a gene outside the knowledge base's tables is a
 * warning, as the engine accepts it), the patients matched to a trial, and matching runs over
 * the registry (`db match`). A CTML body is the editor's text, as application/json or
 * application/yaml; it is read as a file named "ctml.json" or "ctml.yaml" would be, so that the
 * problems name that file and their lines. */
#include "server_api.h"

#include "oncoboard/store_match.h"
#include "oncoboard/store_trials.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRIAL_KEY_MAX 128
#define MAX_PROBLEMS 500 /* listed in a reply; the count says how many there were */

/* ---- the portfolio ---- */

typedef struct trial_rows {
    const onc_match_ctx_t *ctx;
    api_rows_t out;
} trial_rows_t;

/* Title, phase and status come from the CTML itself, read by the engine as the matcher reads it. */
static json_t *trial_row(const onc_store_trial_version_t *v, const onc_match_ctx_t *ctx)
{
    char name[TRIAL_KEY_MAX + 32];
    snprintf(name, sizeof name, "registry:%s@v%d", v->key, v->version);
    const char *names[1] = {name}, *texts[1] = {v->ctml ? v->ctml : ""};
    onc_trials_t *t = NULL;
    onc_err_t ignored = {0};
    const onc_trial_t *tr = NULL;
    if (onc_trials_load_texts(names, texts, 1, ctx, &t, &ignored) == ONC_OK) tr = onc_trials_find(t, v->key);
    /* a version the engine no longer reads (another knowledge base) is listed, its status unknown */
    json_t *row = json_pack("{s:s,s:s?,s:s?,s:s,s:i,s:s,s:s?,s:s?,s:s?}", "key", v->key, "title",
                            tr ? onc_trial_title(tr) : NULL, "phase", tr ? onc_trial_phase(tr) : NULL, "status",
                            !tr ? "unreadable" : onc_trial_is_open(tr) ? "open" : "closed", "version", v->version,
                            "loaded_at", v->loaded_at, "loaded_by", v->loaded_by, "protocol_no", v->protocol_no,
                            "nct_id", v->nct_id);
    onc_trials_free(t);
    return row;
}

static int add_trial_row(const onc_store_trial_version_t *v, void *ctx)
{
    trial_rows_t *l = ctx;
    return api_rows_add(&l->out, trial_row(v, l->ctx));
}

static onc_rc list_trials(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    return onc_store_trials_list(rq->db, rq->actor, add_trial_row, ctx, err);
}

void api_trials_list(srv_req_t *rq, srv_reply_t *rp)
{
    trial_rows_t l = {.ctx = onc_app_match_ctx(rq->srv->app)};
    onc_err_t err = {0};
    onc_rc rc = api_transaction_rows(rq, list_trials, &l, &l.out, &err);
    if (rc == ONC_OK) srv_json(rp, 200, json_pack("{s:O}", "trials", l.out.rows));
    else srv_error_rc(rp, rc, &err);
    json_decref(l.out.rows);
}

/* ---- one trial ---- */

typedef struct trial_history {
    api_rows_t versions;
    char *ctml;     /* the active version's text */
    int version;    /* the active version */
} trial_history_t;

static int add_version(const onc_store_trial_version_t *v, void *ctx)
{
    trial_history_t *h = ctx;
    json_t *o = json_pack("{s:i,s:b,s:s,s:s?}", "version", v->version, "active", v->active, "loaded_at", v->loaded_at,
                          "loaded_by", v->loaded_by);
    if (v->active) {
        free(h->ctml);
        h->ctml = strdup(v->ctml ? v->ctml : "");
        h->version = v->version;
        if (!h->ctml) json_decref(o), o = NULL;
    }
    return api_rows_add(&h->versions, o);
}

static onc_rc read_history(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    return onc_store_trials_history(rq->db, rq->params[0], rq->actor, add_version, ctx, err);
}

void api_trial_get(srv_req_t *rq, srv_reply_t *rp)
{
    if (!api_name_param(rq, rp, 0, TRIAL_KEY_MAX, "trial")) return;
    trial_history_t h = {.ctml = NULL};
    onc_err_t err = {0};
    onc_rc rc = api_transaction_rows(rq, read_history, &h, &h.versions, &err);
    if (rc == ONC_OK)
        srv_json(rp, 200, json_pack("{s:s,s:i,s:s,s:O}", "key", rq->params[0], "version", h.version, "ctml",
                                    h.ctml ? h.ctml : "", "versions", h.versions.rows));
    else srv_error_rc(rp, rc, &err);
    json_decref(h.versions.rows);
    free(h.ctml);
}

/* ---- validating and storing CTML ---- */

typedef struct problems {
    json_t *errors, *warnings;
    size_t n_errors, n_warnings;
} problems_t;

static void add_problem(const char *msg, void *ctx)
{
    problems_t *p = ctx;
    static const char warn[] = "warning: ";
    bool warning = strncmp(msg, warn, sizeof warn - 1) == 0;
    json_t *list = warning ? p->warnings : p->errors;
    size_t *n = warning ? &p->n_warnings : &p->n_errors;
    if (++*n > MAX_PROBLEMS) return;
    char clean[ONC_ERR_MSG_MAX];
    snprintf(clean, sizeof clean, "%s", warning ? msg + sizeof warn - 1 : msg);
    srv_utf8_clean(clean); /* a problem may quote the document, cut at a byte count */
    json_array_append_new(list, json_string(clean));
}

/* The document's name by its media type, or NULL after a 415 or 400 reply. */
static const char *ctml_name(const srv_req_t *rq, srv_reply_t *rp)
{
    static const struct { const char *type, *name; } types[] = {
        {"application/json", "ctml.json"}, {"application/yaml", "ctml.yaml"}, {"application/x-yaml", "ctml.yaml"}};
    const char *ct = rq->content_type ? rq->content_type : "";
    const char *name = NULL;
    for (size_t i = 0; !name && i < sizeof types / sizeof types[0]; i++) {
        size_t n = strlen(types[i].type);
        if (strncmp(ct, types[i].type, n) == 0 && (ct[n] == '\0' || ct[n] == ';')) name = types[i].name;
    }
    if (!name) {
        srv_error(rp, 415, "unsupported_media_type", "send the CTML as application/json or application/yaml");
        return NULL;
    }
    if (rq->body_len == 0 || strlen(rq->body) != rq->body_len) {
        srv_error(rp, 400, "invalid", "the body is empty or holds a NUL byte");
        return NULL;
    }
    return name;
}

/* Validates the body: ONC_OK with *docs (the trials it holds), or the failure with p holding
 * every problem (a document that cannot be parsed at all is its one problem). */
static onc_rc read_ctml(srv_req_t *rq, const char *name, problems_t *p, onc_trial_docs_t **docs, onc_err_t *err)
{
    onc_rc rc = onc_trial_docs_read_text(name, rq->body, onc_app_match_ctx(rq->srv->app), add_problem, p, docs, err);
    if (rc != ONC_OK && rc != ONC_ENOMEM && p->n_errors == 0) add_problem(err->msg, p);
    return rc;
}

static json_t *problems_json(const problems_t *p, bool valid)
{
    return json_pack("{s:b,s:O,s:O,s:I,s:I}", "valid", valid, "errors", p->errors, "warnings", p->warnings,
                     "n_errors", (json_int_t)p->n_errors, "n_warnings", (json_int_t)p->n_warnings);
}

typedef struct put_job {
    const onc_trial_docs_t *docs;
    onc_store_trials_counts_t counts;
    trial_history_t h;
} put_job_t;

static onc_rc put_trial(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    put_job_t *j = ctx;
    onc_rc rc = onc_store_trials_put(rq->db, j->docs, rq->actor, &j->counts, err);
    const char *key = onc_trial_docs_key(j->docs, 0);
    return rc == ONC_OK ? onc_store_trials_history(rq->db, key, rq->actor, add_version, &j->h, err) : rc;
}

static void store_docs(srv_req_t *rq, srv_reply_t *rp, const onc_trial_docs_t *docs)
{
    if (onc_trial_docs_count(docs) != 1) {
        srv_error(rp, 400, "invalid", "the body holds %zu trials: send one trial per request",
                  onc_trial_docs_count(docs));
        return;
    }
    put_job_t j = {.docs = docs};
    onc_err_t err = {0};
    onc_rc rc = api_transaction_rows(rq, put_trial, &j, &j.h.versions, &err);
    bool changed = j.counts.added + j.counts.changed > 0;
    if (rc == ONC_OK)
        srv_json(rp, changed ? 201 : 200, json_pack("{s:s,s:i,s:b}", "key", onc_trial_docs_key(docs, 0), "version",
                                                    j.h.version, "changed", changed));
    else srv_error_rc(rp, rc, &err);
    json_decref(j.h.versions.rows);
    free(j.h.ctml);
}

/* Validates the body's CTML and answers with its problems (store false), or stores it when it is
 * valid and answers 400 with every problem when not. */
static void ctml_request(srv_req_t *rq, srv_reply_t *rp, bool store)
{
    const char *name = ctml_name(rq, rp);
    if (!name) return;
    problems_t p = {json_array(), json_array(), 0, 0};
    onc_trial_docs_t *docs = NULL;
    onc_err_t err = {0};
    onc_rc rc = p.errors && p.warnings ? read_ctml(rq, name, &p, &docs, &err) : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_ENOMEM || rc == ONC_EINTERNAL) {
        srv_error_rc(rp, rc, &err);
    } else if (!store) {
        srv_json(rp, 200, problems_json(&p, rc == ONC_OK));
    } else if (rc == ONC_OK) {
        store_docs(rq, rp, docs);
    } else {
        json_t *body = problems_json(&p, false);
        srv_utf8_clean(err.msg);
        json_object_set_new(body, "error", json_pack("{s:s,s:s}", "code", "invalid", "message", err.msg));
        srv_json(rp, 400, body);
    }
    onc_trial_docs_free(docs);
    json_decref(p.errors);
    json_decref(p.warnings);
}

void api_trial_validate(srv_req_t *rq, srv_reply_t *rp) { ctml_request(rq, rp, false); }

void api_trial_put(srv_req_t *rq, srv_reply_t *rp) { ctml_request(rq, rp, true); }

/* ---- candidates ---- */

static int add_candidate(const onc_store_result_t *r, void *ctx)
{
    /* level: eligible or potential (the store's status); clause: the level of the trial's tree
     * that matched (arm, step, dose) */
    json_t *o = json_pack("{s:s,s:s,s:s?,s:s?,s:s,s:i,s:o,s:o,s:o,s:s,s:s}", "patient", r->patient, "level", r->status,
                          "arm", r->arm, "internal_id", r->internal_id, "clause", r->level, "trial_version",
                          r->trial_version, "met", api_json_list(r->reasons), "failed", api_json_list(r->failed),
                          "unknown", api_json_list(r->unknown), "first_seen", r->first_seen, "last_seen",
                          r->last_seen);
    return api_rows_add(ctx, o);
}

static int ignore_version(const onc_store_trial_version_t *v, void *ctx)
{
    (void)v, (void)ctx;
    return 0;
}

static onc_rc read_candidates(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    /* an unknown trial is a 404, not an empty list */
    onc_rc rc = onc_store_trials_history(rq->db, rq->params[0], rq->actor, ignore_version, NULL, err);
    return rc == ONC_OK ? onc_store_match_results(rq->db, rq->actor, NULL, rq->params[0], false, add_candidate, ctx, err)
                        : rc;
}

void api_trial_candidates(srv_req_t *rq, srv_reply_t *rp)
{
    if (!api_name_param(rq, rp, 0, TRIAL_KEY_MAX, "trial")) return;
    api_rows_t c;
    onc_err_t err = {0};
    onc_rc rc = api_transaction_rows(rq, read_candidates, &c, &c, &err);
    if (rc == ONC_OK) srv_json(rp, 200, json_pack("{s:s,s:O}", "trial", rq->params[0], "candidates", c.rows));
    else srv_error_rc(rp, rc, &err);
    json_decref(c.rows);
}

/* ---- matching runs ---- */

typedef struct run_job {
    onc_store_match_opts_t opts;
    onc_store_match_summary_t sum;
} run_job_t;

static onc_rc run_match(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    run_job_t *j = ctx;
    return onc_store_match_run(rq->db, onc_app_match_ctx(rq->srv->app), &j->opts, rq->actor, &j->sum, err);
}

void api_match_run(srv_req_t *rq, srv_reply_t *rp)
{
    run_job_t j;
    memset(&j, 0, sizeof j);
    onc_store_match_opts_init(&j.opts);
    j.opts.kb_dir = rq->srv->cfg.kb_dir;
    if (rq->body_len) { /* the body is optional: {} and none are the same */
        json_t *body = srv_body_object(rq, rp);
        if (!body) return;
        json_t *full = json_object_get(body, "full");
        bool bad = full && !json_is_boolean(full);
        j.opts.full = json_is_true(full);
        json_decref(body);
        if (bad) {
            srv_error(rp, 400, "invalid", "field full: true or false is expected");
            return;
        }
    }
    onc_err_t err = {0};
    onc_rc rc = api_transaction(rq, run_match, &j, &err);
    if (rc == ONC_OK) srv_json(rp, 200, onc_store_match_summary_json(&j.sum));
    else srv_error_rc(rp, rc, &err);
}
