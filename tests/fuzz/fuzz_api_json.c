/* fuzz_api_json.c: arbitrary bytes as the JSON body of the patient and clinic routes that take
 * one (server_api_patients.c, server_api_clinic.c, server_api_boards.c), called in-process
 * without libmicrohttpd: a request built by hand, signed in as a clinician, on a SQLite registry
 * in a temporary folder that holds one patient, one meeting and one draft decision. The first
 * byte picks the route, the rest is the body.
 * Oracle: never a crash, never a 5xx (a body is the client's to get wrong: 4xx at worst), and
 * every JSON answer is a JSON document. */
#include "server/server_int.h"

#include "oncoboard/audit.h"
#include "oncoboard/password.h"
#include "oncoboard/store.h"
#include "oncoboard/store_clinic.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char patient_case[] = "{\"id\": \"SYN-FZ-01\", \"sex\": \"female\", \"diagnosis\": {\"oncotree_code\": "
                                   "\"LUAD\", \"date\": \"2024-01-10\"}, \"therapies\": [{\"line\": 1, \"agents\": "
                                   "[\"osimertinib\"], \"start\": \"2024-02-01\"}], \"molecular\": {\"variants\": "
                                   "[{\"gene\": \"EGFR\", \"protein_change\": \"L858R\"}]}}";

typedef struct route {
    const char *method, *path;
    srv_handler_fn fn;
    const char *params[2];
} route_t;

static const route_t routes[] = {
    {"POST", "/api/v1/patients", api_patient_create, {NULL, NULL}},
    {"PUT", "/api/v1/patients/SYN-FZ-01", api_patient_replace, {"SYN-FZ-01", NULL}},
    {"POST", "/api/v1/patients/SYN-FZ-01/decisions", api_decision_create, {"SYN-FZ-01", NULL}},
    {"PUT", "/api/v1/decisions/1", api_decision_update, {"1", NULL}},
    {"POST", "/api/v1/decisions/1/finalise", api_decision_finalise, {"1", NULL}},
    {"POST", "/api/v1/patients/SYN-FZ-01/responses", api_response_add, {"SYN-FZ-01", NULL}},
    {"PUT", "/api/v1/patients/SYN-FZ-01/outcome", api_outcome_set, {"SYN-FZ-01", NULL}},
    {"PUT", "/api/v1/patients/SYN-FZ-01/enrolments/NCT01234567", api_enrolment_set, {"SYN-FZ-01", "NCT01234567"}},
    {"POST", "/api/v1/boards", api_board_create, {NULL, NULL}},
    {"POST", "/api/v1/boards/1/patients", api_board_add_patient, {"1", NULL}},
};
#define N_ROUTES (sizeof routes / sizeof routes[0])

static onc_server_t srv;
static onc_db_t *db;
static onc_session_t session;
static char dir[] = "/tmp/fuzz_api_json_XXXXXX";

static void fail(const char *what, const onc_err_t *err)
{
    fprintf(stderr, "fuzz_api_json: %s: %s\n", what, err->msg);
    abort();
}

/* The folder and its files go when the fuzzer exits. */
static void remove_dir(void)
{
    onc_db_close(db);
    DIR *d = opendir(dir);
    char p[512];
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d) closedir(d);
    rmdir(dir);
}

/* The registry: a clinician, one patient, one meeting, one draft decision. */
static void setup(void)
{
    onc_err_t err = {0};
    if (!mkdtemp(dir)) abort();
    atexit(remove_dir);
    char url[128];
    snprintf(url, sizeof url, "sqlite:%s/r.db", dir);
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.create = true;
    if (onc_db_open(url, &o, &db, &err) != ONC_OK || onc_db_migrate(db, NULL, NULL, &err) != ONC_OK) fail("registry", &err);
    setenv("ONCOBOARD_ARGON2", "t=1,m=1024,p=1", 1); /* finalising checks the password each time */
    char hash[ONC_PASSWORD_HASH_MAX];
    onc_password_params_t pp;
    onc_password_params_init(&pp);
    bool found = false;
    if (onc_password_hash("fuzz password", &pp, hash, sizeof hash, &err) != ONC_OK ||
        onc_user_add(db, "clin", "Clinician", ONC_ROLE_CLINICIAN, hash, "os:fuzz", &err) != ONC_OK ||
        onc_user_get(db, "clin", &session.user, &found, &err) != ONC_OK || !found)
        fail("user", &err);
    onc_case_t *c = NULL;
    int64_t id = 0;
    if (onc_case_parse(patient_case, strlen(patient_case), "case", NULL, NULL, &c, &err) != ONC_OK ||
        onc_db_begin(db, &err) != ONC_OK || onc_store_put_case(db, c, "os:fuzz", NULL, &err) != ONC_OK ||
        onc_db_commit(db, &err) != ONC_OK || onc_audit_checkpoint(db, &err) != ONC_OK)
        fail("patient", &err);
    onc_case_free(c);
    if (onc_board_create(db, "2099-01-01", "Fuzz board", "os:fuzz", &id, &err) != ONC_OK ||
        onc_decision_draft(db, "SYN-FZ-01", 0, "a draft", "clin", &id, &err) != ONC_OK)
        fail("board and decision", &err);
    onc_server_config_init(&srv.cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) setup();
    if (size == 0) return 0;
    const route_t *r = &routes[data[0] % N_ROUTES];
    /* the server hands handlers a NUL-terminated body */
    char *body = malloc(size);
    memcpy(body, data + 1, size - 1);
    body[size - 1] = '\0';
    srv_req_t rq = {.srv = &srv, .method = r->method, .path = r->path, .route = r->path, .body = body,
                    .body_len = size - 1, .content_type = "application/json", .db = db, .signed_in = true,
                    .session = session, .now = 1700000000};
    rq.params[0] = r->params[0], rq.params[1] = r->params[1];
    snprintf(rq.actor, sizeof rq.actor, "user:%s", session.user.login);
    snprintf(rq.address, sizeof rq.address, "127.0.0.1");
    srv_reply_t rp = {.status = 500, .content_type = "application/json"};
    r->fn(&rq, &rp);
    if (rp.status >= 500 || rp.status < 200) {
        fprintf(stderr, "%s %s: HTTP %d %.*s\n", r->method, r->path, rp.status, (int)rp.body.len, rp.body.s);
        abort();
    }
    if (strcmp(rp.content_type, "application/json") == 0) {
        json_t *j = json_loadb(rp.body.s ? rp.body.s : "", rp.body.len, 0, NULL);
        if (!j) abort();
        json_decref(j);
    }
    if (onc_db_in_transaction(db)) abort(); /* a handler left its transaction open */
    onc_strbuf_free(&rp.body);
    free(body);
    return 0;
}
