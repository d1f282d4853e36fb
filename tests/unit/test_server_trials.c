/* test_server_trials.c: the trial portfolio, matching runs and accrual figures over HTTP
 * (server_api_trials.c, server_api_figures.c), on every registry back end: CTML stored as a new
 * version only when it changed, invalid CTML refused with every problem and nothing stored,
 * validation without storing, a trial's text and versions, the candidates of a matching run
 * with what they met, and the accrual of a year; each write and each read of patient data in
 * the audit log. Expected figures come from the fixtures' own text (tests/data/store_trials,
 * tests/data/store_match: see the comments there and test_store_match.c). */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "server_fixture.h"
#include "api_test_util.h"
#include "server_registry.h"

#define TRIAL "NCT99999901"

/* Posts the fixture trial (tests/data/store_trials/egfr.yaml) as coordinator c: the status. */
static int post_fixture_trial(const fx_client_t *c)
{
    char *yaml = test_slurp("tests/data/store_trials/egfr.yaml");
    http_resp_t r;
    int status = yaml ? sr_send(c, "POST", "/api/v1/trials", "application/yaml", yaml, &r) : 0;
    if (yaml) http_resp_free(&r);
    free(yaml);
    return status;
}

static void portfolio_versions(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t coord, viewer;
    if (fx_login(&fx, "coordinator", &coord) || fx_login(&fx, "viewer", &viewer)) return;
    char *yaml = test_slurp("tests/data/store_trials/egfr.yaml");
    http_resp_t r;
    int64_t before = sr_audit(&fx);
    /* a new trial: version 1, audited */
    sr_send(&coord, "POST", "/api/v1/trials", "application/yaml", yaml, &r);
    api_check_status(&r, 201, NULL);
    json_t *j = fx_json(&r);
    CHECK_STR(json_string_value(json_object_get(j, "key")), TRIAL);
    CHECK_INT(json_integer_value(json_object_get(j, "version")), 1);
    json_decref(j);
    http_resp_free(&r);
    CHECK(sr_audit(&fx) > before);
    /* the same text again: nothing new */
    sr_send(&coord, "POST", "/api/v1/trials", "application/yaml; charset=utf-8", yaml, &r);
    api_check_status(&r, 200, NULL);
    CHECK(strstr(r.body, "\"changed\":false") && strstr(r.body, "\"version\":1"));
    http_resp_free(&r);
    /* an edited title: version 2 */
    char *edited = yaml ? strdup(yaml) : NULL;
    char *t = edited ? strstr(edited, "Registry test:") : NULL;
    if (t) memcpy(t, "Registry TEST:", 14);
    sr_send(&coord, "POST", "/api/v1/trials", "application/yaml", edited, &r);
    api_check_status(&r, 201, NULL);
    CHECK(strstr(r.body, "\"version\":2") != NULL);
    http_resp_free(&r);
    /* the portfolio, as any signed-in user sees it: title, status and version from the CTML */
    fx_call(&viewer, "GET", "/api/v1/trials", NULL, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    json_t *trials = json_object_get(j, "trials"), *row = json_array_get(trials, 0);
    CHECK_INT(json_array_size(trials), 1);
    CHECK_STR(json_string_value(json_object_get(row, "key")), TRIAL);
    CHECK_STR(json_string_value(json_object_get(row, "title")), "Registry TEST: EGFR-mutant and ALK-rearranged NSCLC");
    CHECK_STR(json_string_value(json_object_get(row, "status")), "open");
    CHECK_INT(json_integer_value(json_object_get(row, "version")), 2);
    CHECK_STR(json_string_value(json_object_get(row, "loaded_by")), "user:coordinator");
    json_decref(j);
    http_resp_free(&r);
    /* one trial: its text (the file's own, comments and all) and both versions */
    fx_call(&viewer, "GET", "/api/v1/trials/" TRIAL, NULL, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    CHECK_INT(json_integer_value(json_object_get(j, "version")), 2);
    CHECK_STR(json_string_value(json_object_get(j, "ctml")), edited ? edited : "");
    CHECK_INT(json_array_size(json_object_get(j, "versions")), 2);
    CHECK(json_is_false(json_object_get(json_array_get(json_object_get(j, "versions"), 0), "active")));
    json_decref(j);
    http_resp_free(&r);
    fx_call(&viewer, "GET", "/api/v1/trials/NCT00000000", NULL, &r);
    api_check_status(&r, 404, "not_found");
    http_resp_free(&r);
    fx_call(&viewer, "GET", "/api/v1/trials/NCT00000000/candidates", NULL, &r);
    api_check_status(&r, 404, "not_found");
    http_resp_free(&r);
    free(edited);
    free(yaml);
    server_fixture_stop(&fx);
}

static void invalid_ctml_lists_every_problem(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t admin;
    if (fx_login(&fx, "admin", &admin)) return;
    /* two problems (`oncoboard trials validate` on the same text lists the same two): an
     * unknown genomic key on line 13 and a misspelt variant category on line 14 */
    static const char bad[] = "nct_id: NCT99999902\n"
                              "short_title: \"Bad\"\n"
                              "status: \"Open to Accrual\"\n"
                              "phase: \"I\"\n"
                              "treatment_list:\n"
                              "  step:\n"
                              "    - step_internal_id: 1\n"
                              "      arm:\n"
                              "        - arm_internal_id: 1\n"
                              "          match:\n"
                              "            - genomic:\n"
                              "                hugo_symbol: EGFR\n"
                              "                colour: blue\n"
                              "                variant_category: Mutatoin\n";
    http_resp_t r;
    int64_t before = sr_audit(&fx);
    sr_send(&admin, "POST", "/api/v1/trials", "application/yaml", bad, &r);
    api_check_status(&r, 400, "invalid");
    json_t *j = fx_json(&r);
    json_t *errors = json_object_get(j, "errors");
    CHECK_INT(json_array_size(errors), 2);
    const char *e0 = json_string_value(json_array_get(errors, 0)), *e1 = json_string_value(json_array_get(errors, 1));
    CHECK(e0 && strncmp(e0, "ctml.yaml:13: field treatment_list.step[0].arm[0].match[0].genomic.colour:", 74) == 0);
    CHECK(e1 && strncmp(e1, "ctml.yaml:14: field treatment_list.step[0].arm[0].match[0].genomic.variant_category:",
                        83) == 0);
    json_decref(j);
    http_resp_free(&r);
    CHECK_INT(sr_audit(&fx), before); /* nothing written */
    fx_call(&admin, "GET", "/api/v1/trials", NULL, &r);
    CHECK(strstr(r.body, "\"trials\":[]") != NULL);
    http_resp_free(&r);
    before = sr_audit(&fx); /* the listing is audited */
    /* validation alone: the same problems, 200, nothing stored */
    sr_send(&admin, "POST", "/api/v1/trials/validate", "application/yaml", bad, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    CHECK(json_is_false(json_object_get(j, "valid")));
    CHECK_INT(json_array_size(json_object_get(j, "errors")), 2);
    json_decref(j);
    http_resp_free(&r);
    /* the fixture trial as JSON validates; an unknown gene is a warning only */
    static const char good[] = "{\"nct_id\": \"NCT99999903\", \"short_title\": \"Good\", \"status\": \"Open to Accrual\","
                               " \"treatment_list\": {\"step\": [{\"arm\": [{\"arm_internal_id\": 1, \"match\": "
                               "[{\"genomic\": {\"hugo_symbol\": \"NOTAGENE1\", \"variant_category\": \"Mutation\"}}]}]}]}}";
    sr_send(&admin, "POST", "/api/v1/trials/validate", "application/json", good, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    CHECK(json_is_true(json_object_get(j, "valid")));
    CHECK_INT(json_array_size(json_object_get(j, "errors")), 0);
    CHECK_INT(json_array_size(json_object_get(j, "warnings")), 1);
    json_decref(j);
    http_resp_free(&r);
    /* not YAML, not JSON: 415; a document that does not parse: one problem */
    sr_send(&admin, "POST", "/api/v1/trials/validate", "text/plain", "nct_id: x", &r);
    api_check_status(&r, 415, "unsupported_media_type");
    http_resp_free(&r);
    sr_send(&admin, "POST", "/api/v1/trials", "application/json", "{\"nct_id\": ", &r);
    api_check_status(&r, 400, "invalid");
    j = fx_json(&r);
    CHECK_INT(json_array_size(json_object_get(j, "errors")), 1);
    json_decref(j);
    http_resp_free(&r);
    CHECK_INT(sr_audit(&fx), before);
    server_fixture_stop(&fx);
}

static void match_run_and_candidates(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t coord, viewer;
    if (fx_login(&fx, "coordinator", &coord) || fx_login(&fx, "viewer", &viewer)) return;
    CHECK(!sr_put_case(fx.db, "examples/cases/SYN-ALK-01.json") && !sr_put_case(fx.db, "examples/cases/SYN-EGFR-01.json") &&
          !sr_put_case(fx.db, "examples/cases/SYN-KRAS-01.json"));
    CHECK_INT(post_fixture_trial(&coord), 201);
    http_resp_t r;
    int64_t before = sr_audit(&fx);
    fx_call(&coord, "POST", "/api/v1/match-runs", "{\"full\": \"yes\"}", &r);
    api_check_status(&r, 400, "invalid");
    http_resp_free(&r);
    fx_call(&coord, "POST", "/api/v1/match-runs", "{}", &r);
    api_check_status(&r, 200, NULL);
    json_t *j = fx_json(&r);
    CHECK_INT(json_integer_value(json_object_get(j, "patients")), 3);
    CHECK_INT(json_integer_value(json_object_get(j, "trials")), 1);
    CHECK_INT(json_integer_value(json_object_get(j, "added")), 2); /* the EGFR and the ALK patient */
    json_decref(j);
    http_resp_free(&r);
    CHECK(sr_audit(&fx) > before + 3); /* three case reads, the results, the run */
    /* a second run has nothing to do */
    fx_call(&coord, "POST", "/api/v1/match-runs", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK(strstr(r.body, "\"pairs\":0") != NULL);
    http_resp_free(&r);
    before = sr_audit(&fx);
    fx_call(&viewer, "GET", "/api/v1/trials/" TRIAL "/candidates", NULL, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    json_t *cands = json_object_get(j, "candidates");
    CHECK_INT(json_array_size(cands), 2);
    json_t *alk = json_array_get(cands, 0), *egfr = json_array_get(cands, 1);
    CHECK_STR(json_string_value(json_object_get(alk, "patient")), "SYN-ALK-01");
    CHECK_STR(json_string_value(json_object_get(egfr, "patient")), "SYN-EGFR-01");
    CHECK_STR(json_string_value(json_object_get(egfr, "level")), "eligible");
    CHECK_STR(json_string_value(json_object_get(egfr, "clause")), "arm");
    CHECK_STR(json_string_value(json_object_get(egfr, "arm")), "EGFR");
    CHECK(json_array_size(json_object_get(egfr, "met")) > 0);
    CHECK(json_is_array(json_object_get(egfr, "unknown")) && json_is_array(json_object_get(egfr, "failed")));
    json_decref(j);
    http_resp_free(&r);
    CHECK(sr_audit(&fx) > before); /* the results are patient data: their read is audited */
    server_fixture_stop(&fx);
}

static void accrual_of_a_year(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t coord, researcher;
    if (fx_login(&fx, "coordinator", &coord) || fx_login(&fx, "researcher", &researcher)) return;
    static const char *const ids[] = {"ACC-01", "ACC-02", "ACC-03", "ACC-04", "ACC-05", "ACC-06"};
    char path[128];
    for (size_t i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "tests/data/store_match/%s.json", ids[i]);
        CHECK(!sr_put_case(fx.db, path));
    }
    CHECK_INT(post_fixture_trial(&coord), 201);
    http_resp_t r;
    int64_t before = sr_audit(&fx);
    /* counts only: any signed-in user, a researcher too */
    fx_call(&researcher, "GET", "/api/v1/accrual?year=2026", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK(sr_audit(&fx) > before);
    json_t *j = fx_json(&r);
    json_t *rows = json_object_get(j, "rows"), *feb = NULL, *total = NULL;
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *row = json_array_get(rows, i);
        const char *month = json_string_value(json_object_get(row, "month"));
        if (strcmp(json_string_value(json_object_get(row, "trial")), TRIAL)) continue;
        if (month && strcmp(month, "2026-02") == 0) feb = row;
        if (month && strcmp(month, "total") == 0) total = row;
    }
    /* February (test_store_match.c's accrual_counts): ACC-01 enrolled, ACC-02 screen failed */
    CHECK(feb && json_integer_value(json_object_get(feb, "screened")) == 2 &&
          json_integer_value(json_object_get(feb, "enrolled")) == 1 &&
          json_integer_value(json_object_get(feb, "screen_failed")) == 1);
    CHECK(total && json_integer_value(json_object_get(total, "screened")) == 6);
    json_t *totals = json_object_get(j, "totals");
    CHECK_INT(json_integer_value(json_object_get(totals, "screened")), 6);
    CHECK_INT(json_integer_value(json_object_get(totals, "enrolled")), 2);
    CHECK_INT(json_integer_value(json_object_get(totals, "screen_failed")), 3);
    CHECK_INT(json_integer_value(json_object_get(totals, "withdrawn")), 1);
    CHECK_INT(json_integer_value(json_object_get(j, "year")), 2026);
    json_decref(j);
    http_resp_free(&r);
    /* another year: the trial's total is zero */
    fx_call(&researcher, "GET", "/api/v1/accrual?year=2019", NULL, &r);
    api_check_status(&r, 200, NULL);
    j = fx_json(&r);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(j, "totals"), "screened")), 0);
    json_decref(j);
    http_resp_free(&r);
    static const char *const bad[] = {"26", "2026-01", "+2026", "0x7e", "99999", "2026%20", NULL};
    sr_check_bad_queries(&researcher, "/api/v1/accrual?year=", bad);
    server_fixture_stop(&fx);
}

static const db_test_t db_tests[] = {DB_TEST(portfolio_versions), DB_TEST(invalid_ctml_lists_every_problem),
                                     DB_TEST(match_run_and_candidates), DB_TEST(accrual_of_a_year), {NULL, NULL}};

int main(void)
{
    if (registry_fixture_start()) return 1;
    db_targets_run(db_tests);
    registry_fixture_end();
    CHECK_EXIT();
}
