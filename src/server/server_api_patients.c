/* server_api_patients.c: patients in and out of the registry through the API: the list with its
 * filters (onc_clinic_patients), a case file in (POST, PUT: read and validated as `db import`
 * reads one, then written in one transaction) and out (as `db export --format case` writes it),
 * and lab files uploaded as a new sample (as `db import --format lab`: onc_lab_sample_case).
 *
 * A case file from the network may not name files on the server: its molecular.files are
 * refused (they would be paths on this machine); lab files come through the upload route, which
 * writes the bytes to a private temporary file, validates them with the readers and only then
 * opens the transaction. Every read and write is audited by the store under the session's user.
 */
#include "server_api.h"

#include "oncoboard/store.h"
#include "oncoboard/store_clinic.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BODY_NAME "body" /* how messages name the request's case file: "body:12: field ..." */
#define SAMPLE_KEY_MAX 100

/* ---- the list ---- */

typedef struct list_ctx {
    json_t *rows;
    bool oom;
} list_ctx_t;

static int add_row(const onc_patient_row_t *r, void *ctx)
{
    list_ctx_t *l = ctx;
    json_t *o = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:I,s:o,s:o,s:o}", "id", api_string_or_null(r->external_id),
                          "sex", api_string_or_null(r->sex), "age",
                          r->age == ONC_INT_MISSING ? json_null() : json_integer(r->age), "oncotree_code",
                          api_string_or_null(r->oncotree_code), "stage", api_string_or_null(r->stage), "group",
                          api_string_or_null(r->group), "vital_status", api_string_or_null(r->vital_status),
                          "eligible_trials", (json_int_t)r->eligible_trials, "enrolled_trial",
                          api_string_or_null(r->enrolled_trial), "next_board", api_string_or_null(r->next_board),
                          "updated_at", api_string_or_null(r->updated_at));
    if (!o || json_array_append_new(l->rows, o) != 0) {
        l->oom = true;
        return 1;
    }
    return 0;
}

/* The filter of the query; false after a 400 reply. */
static bool read_filter(srv_req_t *rq, srv_reply_t *rp, onc_patient_filter_t *f)
{
    onc_patient_filter_init(f);
    int64_t board = 0, next = 0, limit = 0, offset = 0;
    if (!api_query_text(rq, rp, "q", API_QUERY_TEXT_MAX, &f->text) ||
        !api_query_text(rq, rp, "group", API_QUERY_TEXT_MAX, &f->group) ||
        !api_query_text(rq, rp, "trial_status", API_QUERY_TEXT_MAX, &f->trial_status) ||
        !api_query_text(rq, rp, "trial", API_QUERY_TEXT_MAX, &f->trial) ||
        !api_query_int(rq, rp, "board", 1, INT64_MAX, &board) || !api_query_int(rq, rp, "next_board", 0, 1, &next) ||
        !api_query_int(rq, rp, "limit", 1, 1000, &limit) || !api_query_int(rq, rp, "offset", 0, 100000000, &offset))
        return false;
    if (f->trial && !f->trial_status) {
        srv_error(rp, 400, "invalid", "query parameter trial: give trial_status too");
        return false;
    }
    f->board_id = board, f->next_board = next == 1;
    f->limit = (size_t)limit, f->offset = (size_t)offset;
    if (f->text && !*f->text) f->text = NULL;
    return true;
}

void api_patients_list(srv_req_t *rq, srv_reply_t *rp)
{
    onc_patient_filter_t f;
    if (!read_filter(rq, rp, &f)) return;
    list_ctx_t l = {json_array(), false};
    size_t total = 0;
    onc_err_t err = {0};
    onc_rc rc = l.rows ? onc_clinic_patients(rq->db, rq->actor, &f, add_row, &l, &total, &err)
                       : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK && l.oom) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc != ONC_OK) {
        json_decref(l.rows);
        srv_error_rc(rp, rc, &err);
        return;
    }
    srv_json(rp, 200, json_pack("{s:I,s:o}", "total", (json_int_t)total, "patients", l.rows));
}

/* ---- a case file in ---- */

/* A case's lab files name paths on this machine: refused from the network. */
static onc_rc refuse_files(const onc_case_t *c, onc_err_t *err)
{
    for (size_t i = 0; i < c->n_samples; i++) {
        const onc_sample_t *s = &c->samples[i];
        if (s->has_molecular && s->molecular.n_files)
            return onc_err_at(err, ONC_EINVAL, BODY_NAME, s->molecular.files[0].line, "molecular.files",
                              "lab files are uploaded with POST /api/v1/patients/{id}/samples, not named in the case");
    }
    return ONC_OK;
}

/* A patient the API registers must be one its paths can name (server_route.c's parameters): 1 to
 * 128 bytes of letters, digits and ._:@+- , not starting with a dot. */
static onc_rc addressable_id(const char *id, onc_err_t *err)
{
    return srv_param_ok(id, strlen(id))
               ? ONC_OK
               : onc_err_set(err, ONC_EINVAL, BODY_NAME ": field id: 1 to 128 letters, digits and . _ : @ + - (not "
                                              "starting with a dot), so that the API's paths can name the patient");
}

/* The body read and validated as `db import` reads a case file (its typed alterations
 * included), in *out with what the store will write in *alts. */
static onc_rc read_case(const srv_req_t *rq, onc_case_t **out, const onc_store_alts_t **alts, onc_err_t *err)
{
    onc_case_opts_t co;
    onc_case_opts_init(&co);
    co.max_bytes = rq->srv->cfg.max_json;
    co.check_files = 0;   /* refused below, never opened */
    co.confine_files = 1; /* and never a path outside an upload's folder, should that change */
    onc_rc rc = onc_case_parse(rq->body ? rq->body : "", rq->body_len, BODY_NAME, NULL, &co, out, err);
    if (rc == ONC_OK) rc = addressable_id((*out)->id, err);
    if (rc == ONC_OK) rc = refuse_files(*out, err);
    onc_store_counts_t counts = {0};
    if (rc == ONC_OK) rc = onc_store_case_read(*out, NULL, &counts, alts, err);
    if (rc != ONC_OK) {
        onc_case_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Writes c in one transaction: replace says whether a registered patient's case is replaced;
 * must_exist (PUT) that the patient must be registered already. */
static onc_rc write_case(srv_req_t *rq, const onc_case_t *c, const onc_store_alts_t *alts, bool replace,
                         bool must_exist, bool *replaced, onc_err_t *err)
{
    onc_store_put_opts_t po;
    onc_store_put_opts_init(&po);
    po.replace = replace;
    po.alts = alts;
    onc_store_writer_t *w = NULL;
    onc_rc rc = api_begin(rq, err);
    if (rc == ONC_OK) rc = onc_store_writer_open(rq->db, &w, err);
    if (rc == ONC_OK) rc = onc_store_writer_put(w, c, rq->actor, &po, replaced, err);
    onc_store_writer_close(w);
    if (rc == ONC_OK && must_exist && !*replaced) rc = onc_err_set(err, ONC_ENOTFOUND, "patient %s is not in the registry", c->id);
    return api_end(rq, rc, err);
}

static bool is_json(const srv_req_t *rq, srv_reply_t *rp)
{
    const char *ct = rq->content_type;
    if (ct && strncmp(ct, "application/json", 16) == 0 && (!ct[16] || ct[16] == ';')) return true;
    srv_error(rp, 415, "unsupported_media_type", "send the case file as application/json");
    return false;
}

/* POST and PUT: path_id is the patient the path names (PUT), or NULL. */
static void put_case(srv_req_t *rq, srv_reply_t *rp, const char *path_id, bool replace)
{
    if (!is_json(rq, rp)) return;
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    const onc_store_alts_t *alts = NULL;
    bool replaced = false;
    onc_rc rc = read_case(rq, &c, &alts, &err);
    if (rc == ONC_OK && path_id && strcmp(c->id, path_id) != 0)
        rc = onc_err_set(&err, ONC_EINVAL, BODY_NAME ": field id: '%s' is not the patient of the path", c->id);
    if (rc == ONC_OK) rc = write_case(rq, c, alts, replace, path_id != NULL, &replaced, &err);
    if (rc == ONC_ECONFLICT && !replace && strstr(err.msg, "already in the registry"))
        onc_err_set(&err, rc, "patient %s is already in the registry (PUT /api/v1/patients/%s or ?replace=1 replaces "
                              "their case)", c->id, c->id);
    if (rc == ONC_OK) srv_json(rp, path_id || replaced ? 200 : 201, json_pack("{s:s}", "id", c->id));
    else srv_error_rc(rp, rc, &err);
    onc_case_free(c);
}

void api_patient_create(srv_req_t *rq, srv_reply_t *rp)
{
    int64_t replace = 0;
    if (!api_query_int(rq, rp, "replace", 0, 1, &replace)) return;
    put_case(rq, rp, NULL, replace == 1);
}

void api_patient_replace(srv_req_t *rq, srv_reply_t *rp)
{
    const char *id = api_patient_param(rq, rp, 0);
    if (id) put_case(rq, rp, id, true);
}

/* ---- a case file out ---- */

void api_patient_get(srv_req_t *rq, srv_reply_t *rp)
{
    const char *id = api_patient_param(rq, rp, 0);
    if (!id) return;
    onc_err_t err = {0};
    char *text = NULL;
    size_t dropped = 0;
    onc_rc rc = api_begin(rq, &err);
    if (rc == ONC_OK) rc = onc_store_case_file(rq->db, id, rq->actor, &text, &dropped, &err);
    rc = api_end(rq, rc, &err);
    if (rc != ONC_OK) {
        srv_error_rc(rp, rc, &err);
    } else {
        if (dropped) {
            char n[32];
            snprintf(n, sizeof n, "%zu", dropped);
            srv_add_header(rp, "X-Oncoboard-Unnamed-Variants", n); /* left out: a case file cannot name them */
        }
        srv_bytes(rp, 200, "application/json", text, strlen(text));
    }
    free(text);
}

/* ---- a lab file in ---- */

/* The upload's description from the query; false after a 400 reply. */
static bool read_sample_query(srv_req_t *rq, srv_reply_t *rp, onc_lab_sample_t *lab)
{
    const char *format = NULL;
    if (!api_query_text(rq, rp, "sample", SAMPLE_KEY_MAX, &lab->sample) ||
        !api_query_text(rq, rp, "format", 16, &format) || !api_query_text(rq, rp, "type", 16, &lab->specimen) ||
        !api_query_text(rq, rp, "collected", 16, &lab->collected) || !api_query_text(rq, rp, "genome", 16, &lab->genome))
        return false;
    if (!lab->sample || !*lab->sample) {
        srv_error(rp, 400, "invalid", "query parameter sample: the new sample's key is required");
        return false;
    }
    static const char *const formats[] = {"vcf", "maf", "fusion", "cna", NULL};
    for (size_t i = 0; format && formats[i]; i++)
        if (strcmp(format, formats[i]) == 0) lab->format = onc_format_parse(format);
    if (format && lab->format == ONC_FMT_AUTO) {
        srv_error(rp, 400, "invalid", "query parameter format: vcf, maf, fusion or cna");
        return false;
    }
    return true;
}

/* Writes the body to a private temporary file (0600, mkstemp) in path. */
static onc_rc save_upload(const srv_req_t *rq, char *path, size_t cap, onc_err_t *err)
{
    const char *tmp = getenv("TMPDIR");
    if ((size_t)snprintf(path, cap, "%s/oncoboard-upload-XXXXXX", tmp && *tmp ? tmp : "/tmp") >= cap)
        return onc_err_set(err, ONC_EIO, "TMPDIR is too long");
    int fd = mkstemp(path); /* mode 0600 */
    if (fd < 0) {
        path[0] = '\0';
        return onc_err_set(err, ONC_EIO, "cannot create a temporary file: %s", strerror(errno));
    }
    size_t done = 0;
    while (done < rq->body_len) {
        ssize_t k = write(fd, rq->body + done, rq->body_len - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        done += (size_t)k;
    }
    bool ok = close(fd) == 0 && done == rq->body_len;
    return ok ? ONC_OK : onc_err_set(err, ONC_EIO, "cannot write a temporary file: %s", strerror(errno));
}

/* A reader's message names the temporary file: name it as the upload instead. */
static void name_upload(onc_err_t *err, const char *path)
{
    char *at = strstr(err->msg, path);
    if (!at) return;
    char rest[ONC_ERR_MSG_MAX];
    snprintf(rest, sizeof rest, "%s", at + strlen(path));
    snprintf(at, sizeof err->msg - (size_t)(at - err->msg), "upload%s", rest);
}

/* Validates the saved file as the new sample, then adds it in one transaction. */
static onc_rc add_sample(srv_req_t *rq, const onc_lab_sample_t *lab, size_t *n_alts, onc_err_t *err)
{
    onc_case_t *c = NULL;
    const onc_store_alts_t *alts = NULL;
    onc_store_counts_t counts = {0};
    onc_rc rc = onc_lab_sample_case(lab, &c, err);
    if (rc == ONC_OK) rc = onc_store_case_read(c, NULL, &counts, &alts, err);
    if (rc != ONC_OK) {
        name_upload(err, lab->paths[0]);
        if (rc == ONC_EIO || rc == ONC_EPARSE || rc == ONC_ELIMIT) rc = ONC_EINVAL; /* the upload is bad, not the server */
        onc_case_free(c);
        return rc;
    }
    onc_store_put_opts_t po;
    onc_store_put_opts_init(&po);
    po.add_samples = true;
    po.alts = alts;
    rc = api_begin(rq, err);
    if (rc == ONC_OK) rc = onc_store_put_case(rq->db, c, rq->actor, &po, err);
    rc = api_end(rq, rc, err);
    *n_alts = counts.file_alterations;
    onc_case_free(c);
    return rc;
}

void api_sample_upload(srv_req_t *rq, srv_reply_t *rp)
{
    const char *id = api_patient_param(rq, rp, 0);
    if (!id) return;
    const char *ct = rq->content_type;
    if (!ct || strncmp(ct, "application/octet-stream", 24) != 0 || (ct[24] && ct[24] != ';')) {
        srv_error(rp, 415, "unsupported_media_type", "send the lab file as application/octet-stream");
        return;
    }
    onc_lab_sample_t lab;
    onc_lab_sample_init(&lab);
    lab.patient = id;
    if (!read_sample_query(rq, rp, &lab)) return;
    if (!rq->body_len) {
        srv_error(rp, 400, "invalid", "the lab file is empty");
        return;
    }
    char path[512];
    const char *paths[1] = {path};
    lab.paths = paths, lab.n_paths = 1;
    onc_err_t err = {0};
    size_t n_alts = 0;
    onc_rc rc = save_upload(rq, path, sizeof path, &err);
    if (rc == ONC_OK) rc = add_sample(rq, &lab, &n_alts, &err);
    if (path[0]) unlink(path);
    if (rc == ONC_OK)
        srv_json(rp, 201, json_pack("{s:s,s:s,s:I}", "id", id, "sample", lab.sample, "alterations", (json_int_t)n_alts));
    else
        srv_error_rc(rp, rc, &err);
}
