/* server_api_figures.c: what the unit counts and what leaves it: the accrual figures (screened,
 * eligible, enrolled per trial and month, store_match.h, as `db accrual` gives them) and the
 * pseudonymised research export (store_research.h, as `db export --format research` makes it,
 * answered as one JSON document).
 *
 * The export asks for the password again, as finalising a decision does: a session left open on
 * a shared computer must not be enough to take a cohort away. Its key is the project's research
 * key file, $ONCOBOARD_RESEARCH_KEYS/PROJECT.key (keyfile.h: mode 0600, outside the registry),
 * made once by `oncoboard db export --format research --new-key --key FILE`; the server never
 * makes one, so that a project's pseudonyms are those its first export fixed. A wrong password
 * is audited too. Failure messages of an export may name a patient: they go to the server's log
 * only. */
#include "server_api.h"

#include "oncoboard/audit.h"
#include "oncoboard/kb.h"
#include "oncoboard/keyfile.h"
#include "oncoboard/password.h"
#include "oncoboard/store.h"
#include "oncoboard/store_match.h"
#include "oncoboard/store_research.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROJECT_NAME_MAX 64
/* One answer holds the whole export in memory (about 10 kB a patient): a larger registry is
 * exported with `oncoboard db export --format research`, which writes a file per patient. */
#define EXPORT_MAX_PATIENTS 10000

/* ---- accrual ---- */

typedef struct accrual_job {
    const char *from, *to;
    onc_accrual_t *acc;
} accrual_job_t;

static onc_rc read_accrual(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    accrual_job_t *j = ctx;
    return onc_store_accrual(rq->db, rq->actor, j->from, j->to, &j->acc, err);
}

/* The rows as `db accrual` gives them (each trial's months, then its "total"), and the sums of
 * the trials' totals (a patient screened for two trials counts in both). */
static json_t *accrual_json(const onc_accrual_t *acc, int64_t year)
{
    size_t sum[6] = {0};
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < onc_accrual_rows(acc); i++) {
        const onc_accrual_row_t *r = onc_accrual_row(acc, i);
        if (json_array_append_new(rows, onc_accrual_row_json(r))) json_decref(rows), rows = NULL;
        if (strcmp(r->month, "total") != 0) continue;
        size_t v[6] = {r->screened, r->eligible, r->potential, r->enrolled, r->screen_failed, r->withdrawn};
        for (size_t k = 0; k < 6; k++) sum[k] += v[k];
    }
    if (!rows) return NULL;
    json_t *totals = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "screened", (json_int_t)sum[0], "eligible",
                               (json_int_t)sum[1], "potential", (json_int_t)sum[2], "enrolled", (json_int_t)sum[3],
                               "screen_failed", (json_int_t)sum[4], "withdrawn", (json_int_t)sum[5]);
    json_t *doc = json_pack("{s:o,s:o}", "rows", rows, "totals", totals);
    if (doc && year) json_object_set_new(doc, "year", json_integer(year));
    return doc;
}

void api_accrual(srv_req_t *rq, srv_reply_t *rp)
{
    const char *y = srv_query(rq, "year");
    int64_t year = 0;
    if (y && (strlen(y) != 4 || !api_parse_int(y, 1900, 2999, &year))) {
        srv_error(rp, 400, "invalid", "query parameter year: YYYY is expected");
        return;
    }
    char from[8], to[8];
    snprintf(from, sizeof from, "%04d-01", (int)year);
    snprintf(to, sizeof to, "%04d-12", (int)year);
    accrual_job_t j = {.from = y ? from : NULL, .to = y ? to : NULL};
    onc_err_t err = {0};
    onc_rc rc = api_transaction(rq, read_accrual, &j, &err);
    json_t *doc = rc == ONC_OK ? accrual_json(j.acc, year) : NULL;
    if (rc == ONC_OK && !doc) rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) srv_json(rp, 200, doc);
    else srv_error_rc(rp, rc, &err);
    onc_accrual_free(j.acc);
}

/* ---- the research export ---- */

/* A project's name is a file name: letters, digits, '.', '_', '-', not starting with '.'. */
static bool project_ok(const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || n > PROJECT_NAME_MAX || p[0] == '.') return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)p[i]) && !strchr("._-", p[i])) return false;
    return true;
}

/* The project's key: false after a reply (no folder configured, no key for the project). */
static bool project_key(const char *project, uint8_t key[ONC_KEY_BYTES], srv_reply_t *rp)
{
    const char *dir = getenv("ONCOBOARD_RESEARCH_KEYS");
    if (!dir || !*dir) {
        srv_error(rp, 409, "conflict", "no research keys on this server: set ONCOBOARD_RESEARCH_KEYS to their folder");
        return false;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.key", dir, project);
    onc_err_t err = {0};
    if (onc_keyfile_read(path, "research key", NULL, key, &err) == ONC_OK) return true;
    fprintf(stderr, "serve: research export: %s\n", err.msg);
    srv_error(rp, 404, "not_found",
              "project %s has no research key: create it with `oncoboard db export --format research --new-key` "
              "(the server's log says where it is looked for)", project);
    return false;
}

static onc_rc audit_refused(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    onc_audit_entry_t e = {rq->actor, "export_refused", "research_export", ctx, NULL, "password check failed"};
    return onc_audit_append(rq->db, &e, err);
}

/* The password entered again: false after a reply (401 for a wrong one, audited). */
static bool password_again(srv_req_t *rq, srv_reply_t *rp, const char *password, const char *project)
{
    bool ok = false;
    onc_err_t err = {0};
    onc_rc rc = onc_user_check_password(rq->db, rq->session.user.id, password, &ok, &err);
    if (rc != ONC_OK) {
        srv_error_rc(rp, rc, &err);
        return false;
    }
    if (ok) return true;
    if (api_transaction(rq, audit_refused, (void *)project, &err) != ONC_OK)
        fprintf(stderr, "serve: research export: the refusal could not be audited: %s\n", err.msg);
    srv_error(rp, 401, "bad_credentials", "wrong password");
    return false;
}

typedef struct export_job {
    const uint8_t *key;
    onc_research_opts_t opts;
    json_t *cases;
    onc_research_t *r;
} export_job_t;

/* One pseudonymised case, as the case writer writes its file, into the document. */
static onc_rc add_case(const onc_case_t *c, onc_age_basis age, void *ctx, onc_err_t *err)
{
    (void)age;
    export_job_t *j = ctx;
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = onc_case_write_json(c, fp, err);
    if (fclose(fp) != 0 && rc == ONC_OK) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    json_t *doc = rc == ONC_OK ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    if (rc == ONC_OK && (!doc || json_array_append_new(j->cases, doc)))
        rc = onc_err_set(err, ONC_EINTERNAL, "a pseudonymised case could not be read back");
    return rc;
}

static onc_rc run_export(srv_req_t *rq, void *ctx, onc_err_t *err)
{
    export_job_t *j = ctx;
    char **ids = NULL;
    size_t n = 0;
    onc_rc rc = onc_store_list_patients(rq->db, rq->actor, &ids, &n, err);
    if (rc == ONC_OK && n > EXPORT_MAX_PATIENTS)
        rc = onc_err_set(err, ONC_ELIMIT, "%zu patients: more than the %d one answer holds; use `oncoboard db export "
                                          "--format research`", n, EXPORT_MAX_PATIENTS);
    if (rc == ONC_OK)
        rc = onc_research_export(rq->db, j->key, &j->opts, (const char *const *)ids, n, add_case, j, &j->r, err);
    onc_store_ids_free(ids, n);
    return rc;
}

static void export_reply(srv_req_t *rq, srv_reply_t *rp, const char *project, const uint8_t *key)
{
    char created[32];
    struct tm tm;
    gmtime_r(&rq->now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    export_job_t j = {.key = key, .cases = json_array()};
    j.opts = (onc_research_opts_t){.project = project, .created = created, .actor = rq->actor};
    j.opts.today = (onc_date_t){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    onc_err_t err = {0};
    onc_rc rc = j.cases ? api_transaction(rq, run_export, &j, &err) : onc_err_set(&err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) {
        const onc_kb_t *kb = onc_app_kb(rq->srv->app);
        json_t *manifest = onc_research_manifest(j.r, kb ? onc_kb_version(kb) : "unknown");
        srv_json(rp, 200, manifest ? json_pack("{s:o,s:O}", "manifest", manifest, "cases", j.cases) : NULL);
    } else {
        /* the message may name a patient: the server's log only (the size limit's does not) */
        fprintf(stderr, "serve: research export of project %s failed: %s\n", project, err.msg);
        if (rc == ONC_ELIMIT) srv_error(rp, 409, "conflict", "%s", err.msg);
        else
            srv_error(rp, rc == ONC_ECONFLICT ? 409 : 500, rc == ONC_ECONFLICT ? "conflict" : "internal",
                      "the research export failed (the server's log says why); nothing was exported");
    }
    json_decref(j.cases);
    onc_research_free(j.r);
}

void api_export_research(srv_req_t *rq, srv_reply_t *rp)
{
    json_t *body = srv_body_object(rq, rp);
    if (!body) return;
    bool bad = false;
    const char *project = srv_member_string(body, "project", PROJECT_NAME_MAX, rp, &bad);
    const char *password = bad ? NULL : srv_member_string(body, "password", ONC_PASSWORD_MAX, rp, &bad);
    uint8_t key[ONC_KEY_BYTES];
    if (bad) {
        /* replied */
    } else if (!project || !password) {
        srv_error(rp, 400, "invalid", "give project and password");
    } else if (!project_ok(project)) {
        srv_error(rp, 400, "invalid", "field project: 1 to %d letters, digits, '.', '_' or '-', not starting with '.'",
                  PROJECT_NAME_MAX);
    } else if (password_again(rq, rp, password, project) && project_key(project, key, rp)) {
        export_reply(rq, rp, project, key);
        onc_wipe(key, sizeof key);
    }
    if (password) onc_wipe((char *)password, strlen(password));
    onc_wipe((char *)rq->body, rq->body_len);
    json_decref(body);
}
