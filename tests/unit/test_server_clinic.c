/* test_server_clinic.c: the tumor board's routes of the API on every registry back end: decisions
 * (a draft, edited, finalised only with the user's password entered again, never edited after),
 * response assessments, the outcome, trial enrolment (the rows accrual counts), and the meetings
 * with their patients; each read and write in the audit log, bad fields named. */
#include "check.h"
#include "db_targets.h"
#include "server_fixture.h"
#include "api_test_util.h"

#define EGFR_CASE "examples/cases/SYN-EGFR-01.json"

static void decisions(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c, v;
    if (fx_login(&fx, "clinician", &c) || fx_login(&fx, "viewer", &v)) return;
    CHECK_INT(api_register(&c, EGFR_CASE), 201);
    http_resp_t r;
    int64_t audit0 = registry_audit_entries(fx.db);
    fx_call(&c, "POST", "/api/v1/patients/SYN-EGFR-01/decisions", "{\"text\": \"Osimertinib; rebiopsy at progression.\"}", &r);
    api_check_status(&r, 201, NULL);
    long long id = api_int_member(&r, "id");
    char s[128];
    CHECK_STR(api_str_member(&r, "status", s, sizeof s), "draft");
    CHECK_STR(api_str_member(&r, "author", s, sizeof s), "clinician");
    CHECK_STR(api_str_member(&r, "patient", s, sizeof s), "SYN-EGFR-01");
    http_resp_free(&r);
    CHECK(id > 0);
    CHECK(registry_audit_entries(fx.db) > audit0);
    char path[128], fin[128];
    snprintf(path, sizeof path, "/api/v1/decisions/%lld", id);
    snprintf(fin, sizeof fin, "/api/v1/decisions/%lld/finalise", id);
    fx_call(&c, "PUT", path, "{\"text\": \"Osimertinib 80 mg; rebiopsy at progression.\"}", &r);
    api_check_status(&r, 200, NULL);
    CHECK_STR(api_str_member(&r, "text", s, sizeof s), "Osimertinib 80 mg; rebiopsy at progression.");
    http_resp_free(&r);
    /* the password again: a wrong one leaves the draft, and does not lock the account */
    for (int i = 0; i < 6; i++) {
        fx_call(&c, "POST", fin, "{\"password\": \"not my password\"}", &r);
        api_check_status(&r, 401, "bad_credentials");
        http_resp_free(&r);
    }
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM tumor_board_decisions WHERE status = 'draft'"), 1);
    json_t *b = json_pack("{s:s}", "password", server_fixture_password);
    char *body = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    fx_call(&c, "POST", fin, body, &r);
    api_check_status(&r, 200, NULL);
    CHECK_STR(api_str_member(&r, "status", s, sizeof s), "final");
    CHECK_STR(api_str_member(&r, "finalised_by", s, sizeof s), "clinician");
    http_resp_free(&r);
    /* final: never edited again */
    api_expect(&c, "PUT", path, "{\"text\": \"changed\"}", 409, "conflict");
    api_expect(&c, "POST", fin, body, 409, "conflict");
    free(body);
    fx_call(&v, "GET", "/api/v1/patients/SYN-EGFR-01/decisions", NULL, &r);
    api_check_status(&r, 200, NULL);
    json_t *j = fx_json(&r);
    json_t *d = json_array_get(json_object_get(j, "decisions"), 0);
    CHECK_INT(json_array_size(json_object_get(j, "decisions")), 1);
    CHECK_STR(json_string_value(json_object_get(d, "text")), "Osimertinib 80 mg; rebiopsy at progression.");
    CHECK(json_is_null(json_object_get(d, "board_id")));
    json_decref(j);
    http_resp_free(&r);
    /* failures */
    api_expect(&c, "POST", "/api/v1/patients/SYN-EGFR-01/decisions", "{}", 400, "invalid");
    fx_call(&c, "POST", "/api/v1/patients/SYN-EGFR-01/decisions", "{\"text\": \"x\", \"colour\": \"red\"}", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "field colour");
    http_resp_free(&r);
    fx_call(&c, "POST", "/api/v1/patients/SYN-EGFR-01/decisions", "{\"text\": 42}", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "field text");
    http_resp_free(&r);
    api_expect(&c, "POST", "/api/v1/patients/SYN-EGFR-01/decisions", "{\"text\": \"x\", \"board_id\": \"1\"}", 400, "invalid");
    api_expect(&c, "POST", "/api/v1/patients/SYN-EGFR-01/decisions", "{\"text\": \"x\", \"board_id\": 999}", 404, "not_found");
    api_expect(&c, "POST", "/api/v1/patients/NOBODY/decisions", "{\"text\": \"x\"}", 404, "not_found");
    api_expect(&c, "PUT", "/api/v1/decisions/999", "{\"text\": \"x\"}", 404, "not_found");
    api_expect(&c, "PUT", "/api/v1/decisions/1x", "{\"text\": \"x\"}", 404, "not_found");
    api_expect(&c, "PUT", "/api/v1/decisions/-1", "{\"text\": \"x\"}", 404, "not_found");
    api_expect(&c, "POST", "/api/v1/decisions/999/finalise", "{}", 400, "invalid");
    api_expect(&v, "GET", "/api/v1/patients/NOBODY/decisions", NULL, 404, "not_found");
    server_fixture_stop(&fx);
}

static void responses_and_outcome(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c;
    if (fx_login(&fx, "clinician", &c)) return;
    CHECK_INT(api_register(&c, EGFR_CASE), 201);
    int64_t audit0 = registry_audit_entries(fx.db);
    /* line 2 (osimertinib) started 2025-01-20 */
    api_expect(&c, "POST", "/api/v1/patients/SYN-EGFR-01/responses", "{\"line\": 2, \"assessed_on\": \"2025-04-01\", \"recist\": \"PR\"}",
           201, NULL);
    CHECK_INT(registry_audit_entries(fx.db), audit0 + 1);
    http_resp_t r;
    fx_call(&c, "GET", "/api/v1/patients/SYN-EGFR-01/responses", NULL, &r);
    api_check_status(&r, 200, NULL);
    json_t *j = fx_json(&r);
    json_t *a = json_array_get(json_object_get(j, "responses"), 0);
    CHECK_INT(json_integer_value(json_object_get(a, "line")), 2);
    CHECK_STR(json_string_value(json_object_get(a, "recist")), "PR");
    CHECK_STR(json_string_value(json_object_get(a, "assessed_on")), "2025-04-01");
    json_decref(j);
    http_resp_free(&r);
    CHECK_INT(registry_audit_entries(fx.db), audit0 + 2);
    fx_call(&c, "POST", "/api/v1/patients/SYN-EGFR-01/responses", "{\"line\": 2, \"assessed_on\": \"2024-04-01\", \"recist\": \"PR\"}", &r);
    api_check_status(&r, 400, "invalid"); /* before the line started */
    http_resp_free(&r);
    fx_call(&c, "POST", "/api/v1/patients/SYN-EGFR-01/responses", "{\"line\": 2, \"assessed_on\": \"2025-04-01\", \"recist\": \"XX\"}", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "recist");
    http_resp_free(&r);
    api_expect(&c, "POST", "/api/v1/patients/SYN-EGFR-01/responses", "{\"line\": 9, \"assessed_on\": \"2025-04-01\", \"recist\": \"PR\"}",
           404, "not_found");
    api_expect(&c, "POST", "/api/v1/patients/SYN-EGFR-01/responses", "{\"line\": 1.5, \"assessed_on\": \"2025-04-01\", \"recist\": \"PR\"}",
           400, "invalid");
    api_expect(&c, "POST", "/api/v1/patients/SYN-EGFR-01/responses", "{\"assessed_on\": \"2025-04-01\", \"recist\": \"PR\"}", 400,
           "invalid");
    /* the outcome */
    fx_call(&c, "PUT", "/api/v1/patients/SYN-EGFR-01/outcome", "{\"vital_status\": \"alive\", \"last_follow_up\": \"2025-06-01\"}", &r);
    api_check_status(&r, 200, NULL);
    char s[64];
    CHECK_STR(api_str_member(&r, "last_follow_up", s, sizeof s), "2025-06-01");
    http_resp_free(&r);
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM patients WHERE vital_status = 'alive' AND last_follow_up = '2025-06-01'"), 1);
    fx_call(&c, "PUT", "/api/v1/patients/SYN-EGFR-01/outcome", "{\"vital_status\": \"alive\", \"death_date\": \"2025-06-01\"}", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "death");
    http_resp_free(&r);
    api_expect(&c, "PUT", "/api/v1/patients/SYN-EGFR-01/outcome", "{\"vital_status\": \"unknown\"}", 400, "invalid");
    api_expect(&c, "PUT", "/api/v1/patients/SYN-EGFR-01/outcome", "{}", 400, "invalid");
    api_expect(&c, "PUT", "/api/v1/patients/NOBODY/outcome", "{\"vital_status\": \"alive\"}", 404, "not_found");
    server_fixture_stop(&fx);
}

static void enrolment(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c, co;
    if (fx_login(&fx, "clinician", &c) || fx_login(&fx, "coordinator", &co)) return;
    CHECK_INT(api_register(&c, EGFR_CASE), 201);
    int64_t rows0 = reg_scalar(fx.db, "SELECT count(*) FROM enrolments");
    int64_t audit0 = registry_audit_entries(fx.db);
    const char *path = "/api/v1/patients/SYN-EGFR-01/enrolments/NCT01234567";
    api_expect(&co, "PUT", path, "{\"status\": \"screening\", \"date\": \"2026-01-15\"}", 200, NULL);
    CHECK_INT(registry_audit_entries(fx.db), audit0 + 1);
    /* a new status: a new dated row, the history kept */
    http_resp_t r;
    fx_call(&co, "PUT", path, "{\"status\": \"enrolled\", \"date\": \"2026-02-10\", \"arm\": \"A\"}", &r);
    api_check_status(&r, 200, NULL);
    char s[64];
    CHECK_STR(api_str_member(&r, "status", s, sizeof s), "enrolled");
    CHECK_STR(api_str_member(&r, "trial", s, sizeof s), "NCT01234567");
    http_resp_free(&r);
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM enrolments"), rows0 + 2);
    /* the same status again: that row corrected */
    api_expect(&co, "PUT", path, "{\"status\": \"enrolled\", \"date\": \"2026-02-11\", \"arm\": \"B\"}", 200, NULL);
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM enrolments"), rows0 + 2);
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM enrolments WHERE trial = 'NCT01234567' AND status = 'enrolled' "
                                "AND enrol_date = '2026-02-11' AND arm = 'B'"), 1);
    CHECK_INT(registry_audit_entries(fx.db), audit0 + 3);
    /* the list sees the latest status */
    fx_call(&co, "GET", "/api/v1/patients?trial_status=enrolled&trial=NCT01234567", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK_INT(api_int_member(&r, "total"), 1);
    http_resp_free(&r);
    fx_call(&co, "GET", "/api/v1/patients?trial_status=screening&trial=NCT01234567", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK_INT(api_int_member(&r, "total"), 0);
    http_resp_free(&r);
    /* failures */
    fx_call(&co, "PUT", path, "{\"status\": \"maybe\"}", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "field status");
    http_resp_free(&r);
    fx_call(&co, "PUT", path, "{\"status\": \"withdrawn\", \"date\": \"2999-01-01\"}", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "field date");
    http_resp_free(&r);
    api_expect(&co, "PUT", path, "{\"status\": \"withdrawn\", \"date\": \"01/02/2026\"}", 400, "invalid");
    api_expect(&co, "PUT", "/api/v1/patients/NOBODY/enrolments/NCT01234567", "{\"status\": \"screening\"}", 404, "not_found");
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM enrolments"), rows0 + 2);
    server_fixture_stop(&fx);
}

static void boards(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c, v;
    if (fx_login(&fx, "clinician", &c) || fx_login(&fx, "viewer", &v)) return;
    CHECK_INT(api_register(&c, EGFR_CASE), 201);
    http_resp_t r;
    int64_t audit0 = registry_audit_entries(fx.db);
    fx_call(&c, "POST", "/api/v1/boards", "{\"meets_on\": \"2099-03-04\", \"title\": \"Thoracic MTB\"}", &r);
    api_check_status(&r, 201, NULL);
    long long id = api_int_member(&r, "id");
    char s[64];
    CHECK_STR(api_str_member(&r, "meets_on", s, sizeof s), "2099-03-04");
    CHECK_INT(api_int_member(&r, "n_patients"), 0);
    http_resp_free(&r);
    CHECK(id > 0);
    CHECK(registry_audit_entries(fx.db) > audit0);
    char path[128], pp[160], del[200];
    snprintf(path, sizeof path, "/api/v1/boards/%lld", id);
    snprintf(pp, sizeof pp, "%s/patients", path);
    snprintf(del, sizeof del, "%s/patients/SYN-EGFR-01", path);
    fx_call(&c, "POST", pp, "{\"patient\": \"SYN-EGFR-01\"}", &r);
    api_check_status(&r, 201, NULL);
    json_t *j = fx_json(&r); /* the meeting as it is now */
    CHECK_INT(json_integer_value(json_object_get(j, "id")), id);
    CHECK_STR(json_string_value(json_array_get(json_object_get(j, "patients"), 0)), "SYN-EGFR-01");
    json_decref(j);
    http_resp_free(&r);
    api_expect(&c, "POST", pp, "{\"patient\": \"SYN-EGFR-01\"}", 409, "conflict");
    api_expect(&c, "POST", pp, "{\"patient\": \"NOBODY\"}", 404, "not_found");
    api_expect(&c, "POST", pp, "{}", 400, "invalid");
    int64_t audit1 = registry_audit_entries(fx.db);
    fx_call(&v, "GET", path, NULL, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    CHECK_STR(json_string_value(json_object_get(j, "title")), "Thoracic MTB");
    CHECK_STR(json_string_value(json_array_get(json_object_get(j, "patients"), 0)), "SYN-EGFR-01");
    json_decref(j);
    http_resp_free(&r);
    CHECK_INT(registry_audit_entries(fx.db), audit1 + 1); /* who is discussed: a read of patient data */
    fx_call(&v, "GET", "/api/v1/boards?from=2099-01-01", NULL, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    CHECK_INT(json_array_size(json_object_get(j, "boards")), 1);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(json_object_get(j, "boards"), 0), "n_patients")), 1);
    json_decref(j);
    http_resp_free(&r);
    fx_call(&v, "GET", "/api/v1/patients?next_board=1", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK_INT(api_int_member(&r, "total"), 1);
    http_resp_free(&r);
    api_expect(&c, "DELETE", del, NULL, 200, NULL);
    api_expect(&c, "DELETE", del, NULL, 404, "not_found");
    fx_call(&v, "GET", path, NULL, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    CHECK_INT(json_array_size(json_object_get(j, "patients")), 0);
    json_decref(j);
    http_resp_free(&r);
    /* failures */
    api_expect(&c, "POST", "/api/v1/boards", "{\"meets_on\": \"tomorrow\", \"title\": \"x\"}", 400, "invalid");
    api_expect(&c, "POST", "/api/v1/boards", "{\"title\": \"x\"}", 400, "invalid");
    api_expect(&v, "GET", "/api/v1/boards/999", NULL, 404, "not_found");
    api_expect(&v, "GET", "/api/v1/boards/0x10", NULL, 404, "not_found");
    api_expect(&v, "GET", "/api/v1/boards?from=2099-13-01", NULL, 400, "invalid");
    api_expect(&c, "POST", "/api/v1/boards/999/patients", "{\"patient\": \"SYN-EGFR-01\"}", 404, "not_found");
    server_fixture_stop(&fx);
}

static const db_test_t db_tests[] = {DB_TEST(decisions), DB_TEST(responses_and_outcome), DB_TEST(enrolment),
                                     DB_TEST(boards), {NULL, NULL}};

int main(void)
{
    if (registry_fixture_start()) return 1;
    db_targets_run(db_tests);
    registry_fixture_end();
    CHECK_EXIT();
}
