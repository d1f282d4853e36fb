/* test_server_admin.c: administration and the research export over HTTP (server_api_admin.c,
 * server_api_figures.c), on every registry back end: users created, given a role, disabled (the
 * user's session ends at once) and given a password; an administrator cannot disable or demote
 * themself; the audit log listed by patient, newest last, and verified intact and then broken
 * once a row is altered in the database; the research export refused for a wrong password
 * (audited) and, with the right one, holding no identifier of any patient. */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "server_fixture.h"
#include "api_test_util.h"
#include "server_registry.h"

#include "oncoboard/keyfile.h"

#include <unistd.h>

static const char NEW_PASSWORD[] = "a long enough new password";

static void users_created_changed_disabled(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t admin, newbie;
    if (fx_login(&fx, "admin", &admin)) return;
    http_resp_t r;
    int64_t before = sr_audit(&fx);
    fx_call(&admin, "POST", "/api/v1/users",
            "{\"login\":\"newbie\",\"name\":\"New Bie\",\"role\":\"viewer\",\"password\":\"a long enough new password\"}", &r);
    api_check_status(&r, 201, NULL);
    json_t *j = fx_json(&r);
    CHECK_STR(json_string_value(json_object_get(j, "login")), "newbie");
    CHECK_STR(json_string_value(json_object_get(j, "role")), "viewer");
    CHECK_STR(json_string_value(json_object_get(j, "status")), "active");
    json_decref(j);
    http_resp_free(&r);
    CHECK(sr_audit(&fx) > before);
    /* refusals: a duplicate, a short password, an unknown role, a missing field */
    fx_call(&admin, "POST", "/api/v1/users",
            "{\"login\":\"newbie\",\"role\":\"viewer\",\"password\":\"a long enough new password\"}", &r);
    api_check_status(&r, 409, "conflict");
    http_resp_free(&r);
    fx_call(&admin, "POST", "/api/v1/users", "{\"login\":\"shorty\",\"role\":\"viewer\",\"password\":\"short\"}", &r);
    api_check_status(&r, 400, "invalid");
    http_resp_free(&r);
    fx_call(&admin, "POST", "/api/v1/users",
            "{\"login\":\"other\",\"role\":\"root\",\"password\":\"a long enough new password\"}", &r);
    api_check_status(&r, 400, "invalid");
    http_resp_free(&r);
    fx_call(&admin, "POST", "/api/v1/users", "{\"login\":\"other\",\"role\":\"viewer\"}", &r);
    api_check_status(&r, 400, "invalid");
    http_resp_free(&r);
    fx_call(&admin, "GET", "/api/v1/users", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK(strstr(r.body, "\"login\":\"newbie\"") && !strstr(r.body, "\"login\":\"shorty\"") &&
          !strstr(r.body, "argon2"));
    http_resp_free(&r);
    /* a new role ends the user's session */
    CHECK_INT(fx_login_with(&fx, "newbie", NEW_PASSWORD, &newbie), 200);
    fx_call(&admin, "PUT", "/api/v1/users/newbie", "{\"role\":\"clinician\"}", &r);
    api_check_status(&r, 200, NULL);
    CHECK(strstr(r.body, "\"role\":\"clinician\"") != NULL);
    http_resp_free(&r);
    fx_call(&newbie, "GET", "/api/v1/session", NULL, &r);
    api_check_status(&r, 401, "unauthenticated");
    http_resp_free(&r);
    /* disabled: signed out at once, and cannot sign in again */
    CHECK_INT(fx_login_with(&fx, "newbie", NEW_PASSWORD, &newbie), 200);
    fx_call(&newbie, "GET", "/api/v1/session", NULL, &r);
    api_check_status(&r, 200, NULL);
    http_resp_free(&r);
    before = sr_audit(&fx);
    fx_call(&admin, "PUT", "/api/v1/users/newbie", "{\"disabled\":true}", &r);
    api_check_status(&r, 200, NULL);
    CHECK(strstr(r.body, "\"status\":\"disabled\"") != NULL);
    http_resp_free(&r);
    CHECK(sr_audit(&fx) > before);
    fx_call(&newbie, "GET", "/api/v1/patients", NULL, &r);
    api_check_status(&r, 401, "unauthenticated");
    http_resp_free(&r);
    CHECK_INT(fx_login_with(&fx, "newbie", NEW_PASSWORD, &newbie), 401);
    /* enabled again with a new password */
    fx_call(&admin, "PUT", "/api/v1/users/newbie", "{\"disabled\":false,\"password\":\"another long password\"}", &r);
    api_check_status(&r, 200, NULL);
    http_resp_free(&r);
    CHECK_INT(fx_login_with(&fx, "newbie", "another long password", &newbie), 200);
    /* an administrator cannot disable or demote themself */
    fx_call(&admin, "PUT", "/api/v1/users/admin", "{\"disabled\":true}", &r);
    api_check_status(&r, 409, "conflict");
    http_resp_free(&r);
    fx_call(&admin, "PUT", "/api/v1/users/admin", "{\"role\":\"viewer\"}", &r);
    api_check_status(&r, 409, "conflict");
    http_resp_free(&r);
    fx_call(&admin, "GET", "/api/v1/session", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK(strstr(r.body, "\"role\":\"admin\"") != NULL);
    http_resp_free(&r);
    fx_call(&admin, "PUT", "/api/v1/users/nobody", "{\"role\":\"viewer\"}", &r);
    api_check_status(&r, 404, "not_found");
    http_resp_free(&r);
    fx_call(&admin, "PUT", "/api/v1/users/newbie", "{\"disabled\":\"yes\"}", &r);
    api_check_status(&r, 400, "invalid");
    http_resp_free(&r);
    fx_call(&admin, "PUT", "/api/v1/users/newbie", "{}", &r);
    api_check_status(&r, 400, "invalid");
    http_resp_free(&r);
    server_fixture_stop(&fx);
}

/* Every entry of an audit listing names patient (and there is at least one), seqs rising. */
static void check_entries_of(const http_resp_t *r, const char *patient, size_t want_min)
{
    json_t *j = fx_json(r);
    json_t *entries = json_object_get(j, "entries");
    CHECK(json_array_size(entries) >= want_min);
    json_int_t last = 0;
    for (size_t i = 0; i < json_array_size(entries); i++) {
        json_t *e = json_array_get(entries, i);
        if (patient) CHECK_STR(json_string_value(json_object_get(e, "patient_id")), patient);
        CHECK(json_integer_value(json_object_get(e, "seq")) > last);
        last = json_integer_value(json_object_get(e, "seq"));
    }
    json_decref(j);
}

static void audit_listed_and_verified(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t admin;
    if (fx_login(&fx, "admin", &admin)) return;
    CHECK(!sr_put_case(fx.db, "examples/cases/SYN-EGFR-01.json") && !sr_put_case(fx.db, "examples/cases/SYN-ALK-01.json"));
    http_resp_t r;
    fx_call(&admin, "GET", "/api/v1/audit?patient=SYN-EGFR-01", NULL, &r);
    api_check_status(&r, 200, NULL);
    check_entries_of(&r, "SYN-EGFR-01", 1);
    CHECK(strstr(r.body, "SYN-ALK-01") == NULL);
    http_resp_free(&r);
    /* the listing itself is audited, with the patient it was about */
    fx_call(&admin, "GET", "/api/v1/audit?patient=SYN-EGFR-01&limit=1", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK(strstr(r.body, "\"entity\":\"audit\"") && strstr(r.body, "\"truncated\":true"));
    http_resp_free(&r);
    /* newest last: the last two entries of the whole log */
    int64_t n = sr_audit(&fx);
    fx_call(&admin, "GET", "/api/v1/audit?limit=2&since=2000-01-01", NULL, &r);
    api_check_status(&r, 200, NULL);
    check_entries_of(&r, NULL, 2);
    json_t *j = fx_json(&r);
    json_t *entries = json_object_get(j, "entries");
    CHECK_INT(json_array_size(entries), 2);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(entries, 1), "seq")), n);
    json_decref(j);
    http_resp_free(&r);
    static const char *const bad[] = {"limit=0", "limit=5001", "limit=12abc", "limit=-1", "since=yesterday",
                                      "since=2026-13-01", NULL};
    sr_check_bad_queries(&admin, "/api/v1/audit?", bad);
    fx_call(&admin, "GET", "/api/v1/audit/verify", NULL, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    CHECK(json_is_true(json_object_get(j, "intact")));
    CHECK(json_integer_value(json_object_get(j, "entries")) >= n);
    CHECK_INT(json_integer_value(json_object_get(j, "first_bad_seq")), 0);
    json_decref(j);
    http_resp_free(&r);
    /* someone with the database alone edits an entry */
    onc_err_t err = {0};
    CHECK_INT(onc_db_exec(fx.db, "UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 2", &err), ONC_OK);
    fx_call(&admin, "GET", "/api/v1/audit/verify", NULL, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    CHECK(json_is_false(json_object_get(j, "intact")));
    CHECK_INT(json_integer_value(json_object_get(j, "first_bad_seq")), 2);
    CHECK(json_string_value(json_object_get(j, "problem")) != NULL);
    json_decref(j);
    http_resp_free(&r);
    server_fixture_stop(&fx);
}

static char keys_dir[300];

/* A project key in a fresh folder named by $ONCOBOARD_RESEARCH_KEYS. */
static int make_project_key(const char *project)
{
    if (!check_mkdtemp(keys_dir, sizeof keys_dir, "onc-keys")) return -1;
    setenv("ONCOBOARD_RESEARCH_KEYS", keys_dir, 1);
    char path[400];
    snprintf(path, sizeof path, "%s/%s.key", keys_dir, project);
    onc_err_t err = {0};
    return onc_keyfile_create(path, "research key", &err) == ONC_OK ? 0 : -1;
}

static void remove_project_key(const char *project)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s.key", keys_dir, project);
    unlink(path);
    rmdir(keys_dir);
    unsetenv("ONCOBOARD_RESEARCH_KEYS");
}

static void research_export_is_pseudonymised(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    CHECK_INT(make_project_key("LUNG-2026"), 0);
    static const char *const files[] = {"examples/cases/SYN-ALK-01.json", "examples/cases/SYN-EGFR-01.json",
                                        "examples/cases/SYN-KRAS-01.json", "tests/data/research/SYN-REASON-01.json",
                                        "tests/data/research/SYN-NOCONSENT-01.json", NULL};
    for (size_t i = 0; files[i]; i++) CHECK(!sr_put_case(fx.db, files[i]));
    fx_client_t researcher;
    if (fx_login(&fx, "researcher", &researcher)) return;
    http_resp_t r;
    /* a wrong password: 401, audited, nothing exported */
    int64_t before = sr_audit(&fx);
    fx_call(&researcher, "POST", "/api/v1/exports/research", "{\"project\":\"LUNG-2026\",\"password\":\"not my password\"}", &r);
    api_check_status(&r, 401, "bad_credentials");
    http_resp_free(&r);
    CHECK(sr_audit(&fx) > before); /* the password check (store_users.h) and the refused export */
    /* a project without a key, and one that is not a file name */
    char body[256];
    snprintf(body, sizeof body, "{\"project\":\"OTHER\",\"password\":\"%s\"}", server_fixture_password);
    fx_call(&researcher, "POST", "/api/v1/exports/research", body, &r);
    api_check_status(&r, 404, "not_found");
    http_resp_free(&r);
    snprintf(body, sizeof body, "{\"project\":\"../LUNG-2026\",\"password\":\"%s\"}", server_fixture_password);
    fx_call(&researcher, "POST", "/api/v1/exports/research", body, &r);
    api_check_status(&r, 400, "invalid");
    http_resp_free(&r);
    /* the export */
    before = sr_audit(&fx);
    snprintf(body, sizeof body, "{\"project\":\"LUNG-2026\",\"password\":\"%s\"}", server_fixture_password);
    fx_call(&researcher, "POST", "/api/v1/exports/research", body, &r);
    api_check_status(&r, 200, NULL);
    json_t *j = fx_json(&r);
    json_t *manifest = json_object_get(j, "manifest"), *cases = json_object_get(j, "cases");
    CHECK_INT(json_integer_value(json_object_get(manifest, "patients")), 4); /* SYN-NOCONSENT-01 left out */
    CHECK_STR(json_string_value(json_object_get(manifest, "project")), "LUNG-2026");
    CHECK_INT(json_array_size(cases), 4);
    for (size_t i = 0; i < json_array_size(cases); i++)
        CHECK(strncmp(json_string_value(json_object_get(json_array_get(cases, i), "id")), "PSN-", 4) == 0);
    /* no identifier of any patient anywhere in the answer: ids, sample keys, free text, birth
     * dates (the manifest names the field removed: the cases must not hold it) */
    static const char *const needles[] = {"SYN-ALK-01", "SYN-EGFR-01", "SYN-KRAS-01", "SYN-REASON-01",
                                          "SYN-NOCONSENT-01", "LAB-RS-7731", "LAB-RS-9902", "Dupont",
                                          "Saint-Exemple", "1970-12-31", "examples/cases", NULL};
    for (size_t i = 0; needles[i]; i++)
        if (r.body && strstr(r.body, needles[i])) {
            fprintf(stderr, "research export holds %s\n", needles[i]);
            check_failed = 1;
        }
    char *cases_text = json_dumps(cases, JSON_COMPACT);
    CHECK(cases_text && !strstr(cases_text, "birth_date") && strstr(cases_text, "\"age\""));
    free(cases_text);
    json_decref(j);
    http_resp_free(&r);
    /* audited: the reads of the four cases and the export */
    CHECK(sr_audit(&fx) >= before + 5);
    fx_client_t admin;
    if (fx_login(&fx, "admin", &admin) == 0) {
        /* (the reads are recorded in a group after the handler: server_audit.c; so a few entries back) */
        fx_call(&admin, "GET", "/api/v1/audit?limit=50", NULL, &r);
        CHECK(r.body && strstr(r.body, "\"action\":\"export\",\"entity\":\"research_export\",\"entity_id\":\"LUNG-2026\""));
        CHECK(r.body && strstr(r.body, "\"actor\":\"user:researcher\""));
        http_resp_free(&r);
        fx_call(&admin, "GET", "/api/v1/audit?limit=100", NULL, &r);
        CHECK(r.body && strstr(r.body, "\"action\":\"export_refused\",\"entity\":\"research_export\",\"entity_id\":\"LUNG-2026\""));
        http_resp_free(&r);
    }
    remove_project_key("LUNG-2026");
    server_fixture_stop(&fx);
}

static const db_test_t db_tests[] = {DB_TEST(users_created_changed_disabled), DB_TEST(audit_listed_and_verified),
                                     DB_TEST(research_export_is_pseudonymised), {NULL, NULL}};

int main(void)
{
    if (registry_fixture_start()) return 1;
    db_targets_run(db_tests);
    registry_fixture_end();
    CHECK_EXIT();
}
