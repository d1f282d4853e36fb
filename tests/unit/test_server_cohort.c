/* test_server_cohort.c: the cohort page's routes (GET /api/v1/cohort/survival and /compare) on
 * every registry back end, on seven synthetic patients (tests/data/cohort/COH-*.json, line 1
 * starting 2025-01-01 for all): only the consenting ones are read (COH-F refused), one without a
 * therapy line (COH-G) is counted as missing, and every figure is checked against values worked
 * out by hand from the case files and confirmed with R 4.2.2 (survival 3.5.3):
 *
 *   PFS (days): A 60 event, B 100 censored (not progressed, follow-up), C 30, D 20, E 40 (death
 *   without progression). OS: A 200 and B 100 censored, C 120, D 60, E 40 deaths.
 *   survdiff(Surv(t, e) ~ g) on PFS with g = {A, B} against {C, D, E}: chisq 3.446178, p
 *   0.06339822; Peto's HR of the second group exp((O-E)/V) 9.02219802 (0.88450269-92.02917960).
 *   survfit medians: 30 (second, interval from 20). OS: chisq 2.648649.
 *   wilcox.test(c(20, 15), c(5, 2, 8)): W = 6, exact p = 0.2. fisher.test: KRAS (2/2 against
 *   1/3) p = 0.4, STK11 (0/2 against 3/3) p = 0.1; p.adjust BH: 0.4, 0.2.
 */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "server_fixture.h"
#include "api_test_util.h"
#include "server_registry.h"

#include <math.h>

static const char *const cohort_files[] = {"COH-A", "COH-B", "COH-C", "COH-D", "COH-E", "COH-F", "COH-G", NULL};

/* The seven patients, and report snapshots giving A and B the molecular group "G1", C, D and E
 * "G2" (older snapshots of another group must not count). */
static int put_cohort(server_fixture_t *fx)
{
    for (size_t i = 0; cohort_files[i]; i++) {
        char path[128];
        snprintf(path, sizeof path, "tests/data/cohort/%s.json", cohort_files[i]);
        if (sr_put_case(fx->db, path)) return -1;
    }
    static const char *const sql[] = {
        "INSERT INTO report_snapshots (patient_id, taken_at, kb_version, digest, molecular_group) SELECT id, "
        "'2025-01-01T00:00:00Z', 'test', '{}', 'OLD' FROM patients",
        "INSERT INTO report_snapshots (patient_id, taken_at, kb_version, digest, molecular_group) SELECT id, "
        "'2025-01-02T00:00:00Z', 'test', '{}', 'G1' FROM patients WHERE external_id IN ('COH-A', 'COH-B')",
        "INSERT INTO report_snapshots (patient_id, taken_at, kb_version, digest, molecular_group) SELECT id, "
        "'2025-01-02T00:00:00Z', 'test', '{}', 'G2' FROM patients WHERE external_id IN ('COH-C', 'COH-D', 'COH-E')",
        NULL};
    onc_err_t err = {0};
    for (size_t i = 0; sql[i]; i++)
        if (onc_db_exec(fx->db, sql[i], &err) != ONC_OK) {
            fprintf(stderr, "%s\n", err.msg);
            check_failed = 1;
            return -1;
        }
    return 0;
}

static json_t *get_json(const fx_client_t *c, const char *path)
{
    http_resp_t r;
    fx_call(c, "GET", path, NULL, &r);
    api_check_status(&r, 200, NULL);
    json_t *j = fx_json(&r);
    http_resp_free(&r);
    CHECK(j != NULL);
    return j;
}

static double num_at(json_t *o, const char *key) { return json_number_value(json_object_get(o, key)); }

static void check_two_groups(json_t *j, const char *first, const char *second)
{
    json_t *g = json_object_get(j, "groups");
    CHECK_INT(json_array_size(g), 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(g, 0), "name")), first);
    CHECK_STR(json_string_value(json_object_get(json_array_get(g, 1), "name")), second);
}

static void survival(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t res;
    if (put_cohort(&fx) || fx_login(&fx, "researcher", &res)) return;
    int64_t audit0 = sr_audit(&fx);
    json_t *j = get_json(&res, "/api/v1/cohort/survival?by=group&endpoint=pfs");
    CHECK(sr_audit(&fx) > audit0); /* the read is audited */
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM audit_log WHERE entity = 'cohort' AND entity_id = 'survival'"), 1);
    CHECK_INT(json_integer_value(json_object_get(j, "n_patients")), 6);       /* F did not consent */
    CHECK_INT(json_integer_value(json_object_get(j, "n_without_consent")), 1);
    CHECK_INT(json_integer_value(json_object_get(j, "n_missing")), 1);        /* G: no therapy line */
    check_two_groups(j, "G1", "G2");
    json_t *g1 = json_array_get(json_object_get(j, "groups"), 0), *g2 = json_array_get(json_object_get(j, "groups"), 1);
    CHECK_INT(json_integer_value(json_object_get(g1, "n")), 2);
    CHECK_INT(json_integer_value(json_object_get(g1, "events")), 1);
    /* G1's curve stays at exactly 0.5 from day 60 to its last (censored) time: R gives 60 */
    CHECK_NEAR(num_at(g1, "median"), 60, 1e-12);
    CHECK_NEAR(num_at(g2, "median"), 30, 1e-12);
    CHECK_NEAR(num_at(g2, "median_lower"), 20, 1e-12);
    CHECK(json_is_null(json_object_get(g2, "median_upper")));
    /* the second group's curve: 2/3, 1/3, 0 at days 20, 30, 40 */
    json_t *surv = json_object_get(g2, "surv"), *time = json_object_get(g2, "time");
    CHECK_INT(json_array_size(surv), 3);
    CHECK_NEAR(json_number_value(json_array_get(time, 0)), 20, 1e-12);
    CHECK_NEAR(json_number_value(json_array_get(surv, 0)), 2.0 / 3, 1e-12);
    CHECK_NEAR(json_number_value(json_array_get(surv, 2)), 0, 1e-12);
    json_t *lr = json_object_get(j, "logrank");
    CHECK_NEAR(num_at(lr, "chisq"), 3.446178, 1e-6);
    CHECK_NEAR(num_at(lr, "p"), 0.06339822, 1e-8);
    CHECK_NEAR(num_at(lr, "hr"), 9.02219802, 1e-7);
    CHECK_NEAR(num_at(lr, "hr_lower"), 0.88450269, 1e-7);
    CHECK_NEAR(num_at(lr, "hr_upper"), 92.02917960, 1e-5); /* R with z = 1.959964 */
    /* the figure: one SVG with both groups and the test */
    const char *svg = json_string_value(json_object_get(j, "svg"));
    CHECK(svg && strncmp(svg, "<svg", 4) == 0 && strstr(svg, "G1") && strstr(svg, "G2"));
    CHECK(svg && strstr(svg, "log-rank p = 0.063; HR 9.02 (0.88-92.03)"));
    json_decref(j);
    /* TMB >= 10 splits the patients as the groups do: the same test */
    j = get_json(&res, "/api/v1/cohort/survival?by=biomarker&marker=tmb&endpoint=pfs");
    check_two_groups(j, "TMB < 10", "TMB >= 10");
    CHECK_NEAR(num_at(json_object_get(j, "logrank"), "chisq"), 3.446178, 1e-6);
    CHECK_NEAR(num_at(json_object_get(j, "logrank"), "hr"), 1 / 9.02219802, 1e-8);
    json_decref(j);
    /* PD-L1 unknown for E: left out */
    j = get_json(&res, "/api/v1/cohort/survival?by=biomarker&marker=pdl1&cutoff=50");
    CHECK_INT(json_integer_value(json_object_get(j, "n_missing")), 2);
    json_decref(j);
    j = get_json(&res, "/api/v1/cohort/survival?by=group&endpoint=os");
    CHECK_NEAR(num_at(json_object_get(j, "logrank"), "chisq"), 2.648649, 1e-6);
    CHECK_NEAR(num_at(json_array_get(json_object_get(j, "groups"), 1), "median"), 60, 1e-12);
    json_decref(j);
    /* a line nobody has: every row missing, no group, no test */
    j = get_json(&res, "/api/v1/cohort/survival?line=2");
    CHECK_INT(json_array_size(json_object_get(j, "groups")), 0);
    CHECK(json_is_null(json_object_get(j, "logrank")));
    json_decref(j);
    static const char *const bad[] = {"by=gene", "endpoint=dfs", "marker=ki67", "cutoff=-1", "cutoff=1e3", "line=0",
                                      "line=51", "line=x", NULL};
    sr_check_bad_queries(&res, "/api/v1/cohort/survival?", bad);
    server_fixture_stop(&fx);
}

static void compare(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t res, clin;
    if (put_cohort(&fx) || fx_login(&fx, "researcher", &res) || fx_login(&fx, "clinician", &clin)) return;
    api_expect(&clin, "GET", "/api/v1/cohort/compare", NULL, 403, "forbidden");
    json_t *j = get_json(&res, "/api/v1/cohort/compare");
    CHECK_INT(json_integer_value(json_object_get(j, "responders")), 2);
    CHECK_INT(json_integer_value(json_object_get(j, "non_responders")), 3);
    CHECK_INT(json_integer_value(json_object_get(j, "response_unknown")), 1);
    json_t *tmb = json_object_get(j, "tmb");
    CHECK_NEAR(num_at(tmb, "statistic"), 6, 1e-12);
    CHECK_NEAR(num_at(tmb, "p"), 0.2, 1e-12);
    CHECK_STR(json_string_value(json_object_get(tmb, "method")), "exact");
    CHECK_NEAR(num_at(json_object_get(tmb, "responders"), "median"), 17.5, 1e-12);
    json_t *pdl1_non = json_object_get(json_object_get(j, "pdl1_tps"), "non_responders");
    CHECK_INT(json_integer_value(json_object_get(pdl1_non, "n")), 2); /* E has no PD-L1 */
    json_t *genes = json_object_get(j, "genes");
    CHECK_INT(json_array_size(genes), 2);
    json_t *stk11 = json_array_get(genes, 0), *kras = json_array_get(genes, 1); /* most significant first */
    CHECK_STR(json_string_value(json_object_get(stk11, "gene")), "STK11");
    CHECK_NEAR(num_at(stk11, "p"), 0.1, 1e-12);
    CHECK_NEAR(num_at(stk11, "q"), 0.2, 1e-12);
    CHECK_INT(json_integer_value(json_object_get(stk11, "non_responders_altered")), 3);
    CHECK_STR(json_string_value(json_object_get(kras, "gene")), "KRAS");
    CHECK_NEAR(num_at(kras, "p"), 0.4, 1e-12);
    CHECK_NEAR(num_at(kras, "q"), 0.4, 1e-12);
    CHECK_INT(json_integer_value(json_object_get(kras, "responders_altered")), 2);
    CHECK_INT(json_integer_value(json_object_get(kras, "responders_tested")), 2);
    json_decref(j);
    j = get_json(&res, "/api/v1/cohort/compare?min_altered=3");
    CHECK_INT(json_array_size(json_object_get(j, "genes")), 2);
    json_decref(j);
    j = get_json(&res, "/api/v1/cohort/compare?min_altered=4");
    CHECK_INT(json_array_size(json_object_get(j, "genes")), 0);
    json_decref(j);
    static const char *const bad[] = {"min_altered=0", "min_altered=-2", "line=abc", NULL};
    sr_check_bad_queries(&res, "/api/v1/cohort/compare?", bad);
    server_fixture_stop(&fx);
}

static const db_test_t db_tests[] = {DB_TEST(survival), DB_TEST(compare), {NULL, NULL}};

int main(void)
{
    if (registry_fixture_start()) return 1;
    db_targets_run(db_tests);
    registry_fixture_end();
    CHECK_EXIT();
}
