/* test_server_phase1.c: a phase I trial over HTTP (server_api_phase1.c) on every registry back
 * end: the set-up by a coordinator, a dose level and DLTs recorded by a clinician, the record
 * with the next dose and the decision table, each write and read in the audit log, and the
 * errors: an unknown trial, a patient not assigned, a level the set-up does not have, an unknown
 * member, a role that may not read. Expected decisions are BOIN's boundaries for a target of 0.3
 * at n = 3 (escalate with 0 DLT, stay with 1: Liu & Yuan 2015, Table 1). */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "server_fixture.h"
#include "api_test_util.h"
#include "server_registry.h"

#define TRIAL "NCT99999901"
#define BASE "/api/v1/trials/" TRIAL "/phase1"

static const char setup_json[] =
    "{\"design\": \"boin\", \"target\": 0.3, \"cohort_size\": 3, \"sample_size\": 12,"
    " \"doses\": [{\"label\": \"60 mg\"}, {\"label\": \"120 mg\"}, {\"label\": \"240 mg\"}]}";

static json_t *get_record(const fx_client_t *c)
{
    http_resp_t r;
    fx_call(c, "GET", BASE, NULL, &r);
    api_check_status(&r, 200, NULL);
    json_t *j = fx_json(&r);
    http_resp_free(&r);
    return j;
}

static void expect(const fx_client_t *c, const char *method, const char *path, const char *body, int status,
                   const char *code)
{
    http_resp_t r;
    sr_send(c, method, path, "application/json", body, &r);
    api_check_status(&r, status, code);
    http_resp_free(&r);
}

static void conduct(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t coord, clin, viewer;
    if (fx_login(&fx, "coordinator", &coord) || fx_login(&fx, "clinician", &clin) || fx_login(&fx, "viewer", &viewer))
        return;
    char *yaml = test_slurp("tests/data/store_trials/egfr.yaml");
    http_resp_t r;
    sr_send(&coord, "POST", "/api/v1/trials", "application/yaml", yaml, &r);
    api_check_status(&r, 201, NULL);
    http_resp_free(&r);
    free(yaml);
    for (int i = 0; i < 3; i++) {
        static const char *const cases[] = {"examples/cases/SYN-ALK-01.json", "examples/cases/SYN-EGFR-01.json",
                                            "examples/cases/SYN-KRAS-01.json"};
        if (sr_put_case(fx.db, cases[i])) return;
    }
    int64_t a0 = sr_audit(&fx);
    expect(&coord, "PUT", "/api/v1/trials/NCT00000000/phase1", setup_json, 404, "not_found");
    expect(&coord, "PUT", BASE, "{\"design\": \"boin\", \"target\": 0.3, \"colour\": 1}", 400, "invalid");
    expect(&coord, "PUT", BASE, setup_json, 200, NULL);
    CHECK_INT(sr_audit(&fx) - a0, 1);
    fx_call(&viewer, "GET", BASE, NULL, &r); /* a viewer reads no phase I record */
    api_check_status(&r, 403, "forbidden");
    http_resp_free(&r);
    json_t *j = get_record(&clin);
    CHECK_STR(json_string_value(json_object_get(j, "decision")), "start");
    CHECK_INT(json_integer_value(json_object_get(j, "next_level")), 1);
    CHECK_INT(json_array_size(json_object_get(j, "table")), 4); /* n = 3, 6, 9, 12 */
    json_decref(j);

    expect(&clin, "POST", BASE "/patients", "{\"patient\": \"SYN-ALK-01\", \"level\": 4}", 400, "invalid");
    expect(&clin, "POST", BASE "/patients", "{\"patient\": \"NOBODY\", \"level\": 1}", 404, "not_found");
    expect(&clin, "POST", BASE "/dlts", "{\"patient\": \"SYN-ALK-01\", \"term\": \"Diarrhea\", \"grade\": 3}", 404,
           "not_found");
    static const char *const ids[] = {"SYN-ALK-01", "SYN-EGFR-01", "SYN-KRAS-01"};
    char body[200];
    for (int i = 0; i < 3; i++) {
        snprintf(body, sizeof body, "{\"patient\": \"%s\", \"level\": 1, \"date\": \"2026-01-05\"}", ids[i]);
        expect(&clin, "POST", BASE "/patients", body, 201, NULL);
    }
    expect(&clin, "POST", BASE "/patients", "{\"patient\": \"SYN-ALK-01\", \"level\": 2}", 409, "conflict");
    j = get_record(&clin);
    CHECK_STR(json_string_value(json_object_get(j, "decision")), "escalate");
    CHECK_INT(json_integer_value(json_object_get(j, "next_level")), 2);
    CHECK_STR(json_string_value(json_object_get(j, "next_label")), "120 mg");
    json_decref(j);
    expect(&clin, "POST", BASE "/dlts",
           "{\"patient\": \"SYN-ALK-01\", \"term\": \"Febrile neutropenia\", \"grade\": 7, \"onset\": \"2026-01-09\"}", 400,
           "invalid");
    expect(&clin, "POST", BASE "/dlts",
           "{\"patient\": \"SYN-ALK-01\", \"term\": \"Febrile neutropenia\", \"grade\": 3, \"onset\": \"2026-01-09\"}", 201,
           NULL);
    expect(&clin, "POST", BASE "/windows", "{\"patient\": \"SYN-EGFR-01\"}", 200, NULL);
    int64_t a1 = sr_audit(&fx);
    j = get_record(&coord);
    CHECK(sr_audit(&fx) > a1); /* the read is audited */
    json_t *l1 = json_array_get(json_object_get(j, "levels"), 0);
    CHECK_INT(json_integer_value(json_object_get(l1, "n")), 3);
    CHECK_INT(json_integer_value(json_object_get(l1, "y")), 1);
    CHECK_STR(json_string_value(json_object_get(j, "decision")), "stay");
    CHECK_INT(json_integer_value(json_object_get(j, "next_level")), 1);
    CHECK(strstr(json_string_value(json_object_get(j, "rule")), "stay") != NULL);
    json_t *p0 = json_array_get(json_object_get(l1, "patients"), 0);
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(p0, "dlts"), 0), "term")),
              "Febrile neutropenia");
    json_decref(j);
    /* set-up writes, 3 assignments, 1 DLT, 1 window and 3 reads since a0 */
    CHECK_INT(sr_audit(&fx) - a0, 1 + 3 + 1 + 1 + 3);
    expect(&coord, "PUT", BASE, setup_json, 409, "conflict"); /* patients are assigned */
    server_fixture_stop(&fx);
}

static const db_test_t db_tests[] = {DB_TEST(conduct), {NULL, NULL}};

int main(void)
{
    if (registry_fixture_start()) return 1;
    db_targets_run(db_tests);
    registry_fixture_end();
    CHECK_EXIT();
}
