/* test_server_patients.c: the patient routes of the API on every registry back end: a case file
 * in (POST, PUT, ?replace=1) and out (GET, the text as imported), the list and its filters, lab
 * files uploaded as a new sample (validated before anything is stored, the temporary file gone
 * afterwards, the size limit), the report as JSON (the same document onc_app_report_patient
 * builds), as HTML (with its own CSP) and the matches; each read and write in the audit log. */
#include "check.h"
#include "db_targets.h"
#include "server_fixture.h"
#include "api_test_util.h"

#include "oncoboard/app.h"

#include <dirent.h>

#define EGFR_CASE "examples/cases/SYN-EGFR-01.json"

static void case_in_and_out(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c;
    if (fx_login(&fx, "clinician", &c)) return;
    http_resp_t r;
    int64_t audit0 = registry_audit_entries(fx.db);
    CHECK_INT(api_register(&c, EGFR_CASE), 201);
    CHECK(registry_audit_entries(fx.db) > audit0); /* the import is audited */
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM patients WHERE external_id = 'SYN-EGFR-01'"), 1);
    /* again: taken, unless replaced */
    api_send_file(&c, "POST", "/api/v1/patients", EGFR_CASE, "application/json", &r);
    api_check_status(&r, 409, "conflict");
    api_check_message(&r, "SYN-EGFR-01 is already in the registry");
    http_resp_free(&r);
    api_send_file(&c, "POST", "/api/v1/patients?replace=1", EGFR_CASE, "application/json", &r);
    api_check_status(&r, 200, NULL);
    http_resp_free(&r);
    api_send_file(&c, "POST", "/api/v1/patients?replace=yes", EGFR_CASE, "application/json", &r);
    api_check_status(&r, 400, "invalid");
    http_resp_free(&r);
    /* out: the text as imported, its read audited */
    int64_t audit1 = registry_audit_entries(fx.db);
    fx_call(&c, "GET", "/api/v1/patients/SYN-EGFR-01", NULL, &r);
    api_check_status(&r, 200, NULL);
    char *text = api_slurp(EGFR_CASE, NULL);
    CHECK(text && r.body && strcmp(r.body, text) == 0);
    free(text);
    http_resp_free(&r);
    CHECK_INT(registry_audit_entries(fx.db), audit1 + 1);
    fx_call(&c, "GET", "/api/v1/patients/NOBODY", NULL, &r);
    api_check_status(&r, 404, "not_found");
    http_resp_free(&r);
    /* PUT replaces the patient the path names, and only a registered one */
    api_send_file(&c, "PUT", "/api/v1/patients/SYN-EGFR-01", EGFR_CASE, "application/json", &r);
    api_check_status(&r, 200, NULL);
    http_resp_free(&r);
    api_send_file(&c, "PUT", "/api/v1/patients/SYN-KRAS-01", EGFR_CASE, "application/json", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "field id");
    http_resp_free(&r);
    fx_call(&c, "PUT", "/api/v1/patients/SYN-MIN-01", "{\"id\": \"SYN-MIN-01\"}", &r);
    api_check_status(&r, 404, "not_found");
    http_resp_free(&r);
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM patients"), 1);
    server_fixture_stop(&fx);
}

static void bad_case_files(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c;
    if (fx_login(&fx, "admin", &c)) return;
    http_resp_t r;
    int64_t audit0 = registry_audit_entries(fx.db);
    /* tests/data/case/bad-vaf.json: line 8 has "vaf": "high" (the third variant's vaf) */
    api_send_file(&c, "POST", "/api/v1/patients", "tests/data/case/bad-vaf.json", "application/json", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "body:8");
    api_check_message(&r, "molecular.variants[2].vaf");
    http_resp_free(&r);
    /* a syntax error: its line */
    fx_call(&c, "POST", "/api/v1/patients", "{\"id\": \"X\",\n\"sex\": }", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "body:2");
    http_resp_free(&r);
    /* lab files named by path: refused (they would be files of the server) */
    api_send_file(&c, "POST", "/api/v1/patients", "tests/data/case/with-files.json", "application/json", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "molecular.files");
    http_resp_free(&r);
    fx_call(&c, "POST", "/api/v1/patients", "{\"id\": \"X\", \"molecular\": {\"files\": [{\"path\": \"/etc/passwd\"}]}}", &r);
    api_check_status(&r, 400, "invalid");
    http_resp_free(&r);
    fx_call(&c, "POST", "/api/v1/patients", "{\"id\": \"SYN 01/../x\"}", &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "field id");
    http_resp_free(&r);
    api_send_file(&c, "POST", "/api/v1/patients", EGFR_CASE, "text/plain", &r);
    api_check_status(&r, 415, "unsupported_media_type");
    http_resp_free(&r);
    fx_call(&c, "POST", "/api/v1/patients", "[1, 2]", &r);
    api_check_status(&r, 400, "invalid");
    http_resp_free(&r);
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM patients"), 0);
    CHECK_INT(registry_audit_entries(fx.db), audit0);
    server_fixture_stop(&fx);
}

static void patient_list(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c, v;
    if (fx_login(&fx, "clinician", &c) || fx_login(&fx, "viewer", &v)) return;
    CHECK_INT(api_register(&c, EGFR_CASE), 201);
    CHECK_INT(api_register(&c, "tests/data/case/full.json"), 201);
    CHECK_INT(api_register(&c, "tests/data/case/samples.json"), 201);
    http_resp_t r;
    int64_t audit0 = registry_audit_entries(fx.db);
    fx_call(&v, "GET", "/api/v1/patients", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK_INT(api_int_member(&r, "total"), 3);
    json_t *j = fx_json(&r);
    json_t *first = json_array_get(json_object_get(j, "patients"), 0);
    CHECK_STR(json_string_value(json_object_get(first, "id")), "SYN-EGFR-01"); /* by id */
    CHECK_STR(json_string_value(json_object_get(first, "oncotree_code")), "LUAD");
    CHECK_STR(json_string_value(json_object_get(first, "sex")), "female");
    CHECK(json_is_null(json_object_get(first, "next_board")));
    json_decref(j);
    http_resp_free(&r);
    CHECK_INT(registry_audit_entries(fx.db), audit0 + 1); /* one entry for the listing */
    fx_call(&v, "GET", "/api/v1/patients?q=egfr", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK_INT(api_int_member(&r, "total"), 1);
    http_resp_free(&r);
    fx_call(&v, "GET", "/api/v1/patients?limit=1&offset=1", NULL, &r);
    api_check_status(&r, 200, NULL);
    CHECK_INT(api_int_member(&r, "total"), 3);
    j = fx_json(&r);
    CHECK_INT(json_array_size(json_object_get(j, "patients")), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(j, "patients"), 0), "id")), "SYN-FULL-01");
    json_decref(j);
    http_resp_free(&r);
    /* numbers parsed strictly; a trial without a status */
    static const char *const bad[] = {"limit=abc", "limit=0", "limit=1001", "limit=12x", "offset=-1", "board=1e3",
                                      "board=%2B5", "next_board=2", "trial=NCT01", "trial_status=maybe", NULL};
    for (size_t i = 0; bad[i]; i++) {
        char path[128];
        snprintf(path, sizeof path, "/api/v1/patients?%s", bad[i]);
        fx_call(&v, "GET", path, NULL, &r);
        if (r.status != 400) fprintf(stderr, "GET %s: %d\n", path, r.status);
        api_check_status(&r, 400, "invalid");
        http_resp_free(&r);
    }
    server_fixture_stop(&fx);
}

/* The number of files in dir whose name starts with prefix. */
static size_t files_named(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));) n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d) closedir(d);
    return n;
}

static void lab_upload(void)
{
    char tmp[] = "/tmp/onc-upload-test-XXXXXX";
    if (!mkdtemp(tmp)) {
        CHECK(0);
        return;
    }
    char *old_tmp = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
    setenv("TMPDIR", tmp, 1); /* where the server writes uploads: empty again afterwards */
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c;
    if (fx_login(&fx, "clinician", &c)) return;
    CHECK_INT(api_register(&c, EGFR_CASE), 201);
    http_resp_t r;
    const char *oct = "application/octet-stream";
    api_send_file(&c, "POST", "/api/v1/patients/SYN-EGFR-01/samples?sample=PROG-1&format=maf&type=plasma&collected=2026-10-01",
                  "tests/data/case/files/panel.maf", oct, &r);
    api_check_status(&r, 201, NULL);
    char s[64];
    CHECK_STR(api_str_member(&r, "sample", s, sizeof s), "PROG-1");
    CHECK_INT(api_int_member(&r, "alterations"), 2); /* as `db import --format lab` counts it (test_db_cli) */
    http_resp_free(&r);
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM samples WHERE sample_key = 'PROG-1' AND sample_type = 'plasma' "
                                "AND collected = '2026-10-01'"), 1);
    /* the key is taken now */
    api_send_file(&c, "POST", "/api/v1/patients/SYN-EGFR-01/samples?sample=PROG-1", "tests/data/case/files/panel.maf",
                  oct, &r);
    api_check_status(&r, 409, "conflict");
    http_resp_free(&r);
    /* a malformed VCF: 400 naming the line, nothing stored */
    int64_t audit0 = registry_audit_entries(fx.db), samples0 = reg_scalar(fx.db, "SELECT count(*) FROM samples");
    static const char bad_vcf[] = "##fileformat=VCFv4.2\n"
                                  "##reference=GRCh38\n"
                                  "##contig=<ID=chr7,length=159345973>\n"
                                  "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                                  "chr7\t55191822\t.\tT\tG\t.\tPASS\t.\n"
                                  "chr7\tnot-a-position\t.\tT\tG\t.\tPASS\t.\n";
    fx_call_typed(&c, "POST", "/api/v1/patients/SYN-EGFR-01/samples?sample=BAD-1&format=vcf", oct, bad_vcf,
                  sizeof bad_vcf - 1, &r);
    api_check_status(&r, 400, "invalid");
    api_check_message(&r, "upload");
    api_check_message(&r, "upload:6: field POS"); /* the sixth line is the bad record */
    http_resp_free(&r);
    CHECK_INT(reg_scalar(fx.db, "SELECT count(*) FROM samples"), samples0);
    CHECK_INT(registry_audit_entries(fx.db), audit0);
    /* the description checked */
    static const char *const bad_queries[] = {"", "?sample=", "?sample=S&format=bam", "?sample=S&type=blood",
                                              "?sample=S&collected=2026-13-01", "?sample=S&genome=hg19", NULL};
    for (size_t i = 0; bad_queries[i]; i++) {
        char path[160];
        snprintf(path, sizeof path, "/api/v1/patients/SYN-EGFR-01/samples%s", bad_queries[i]);
        api_send_file(&c, "POST", path, "tests/data/case/files/panel.maf", oct, &r);
        if (r.status != 400) fprintf(stderr, "POST %s: %d\n", path, r.status);
        api_check_status(&r, 400, "invalid");
        http_resp_free(&r);
    }
    api_send_file(&c, "POST", "/api/v1/patients/NOBODY/samples?sample=S", "tests/data/case/files/panel.maf", oct, &r);
    api_check_status(&r, 404, "not_found");
    http_resp_free(&r);
    api_send_file(&c, "POST", "/api/v1/patients/SYN-EGFR-01/samples?sample=S", "tests/data/case/files/panel.maf",
                  "application/json", &r);
    api_check_status(&r, 415, "unsupported_media_type");
    http_resp_free(&r);
    CHECK_INT(files_named(tmp, "oncoboard-upload-"), 0);
    server_fixture_stop(&fx);
    CHECK_INT(files_named(tmp, "oncoboard-upload-"), 0);
    if (old_tmp) setenv("TMPDIR", old_tmp, 1);
    else unsetenv("TMPDIR");
    free(old_tmp);
    rmdir(tmp);
}

static void upload_too_big(void)
{
    server_fixture_t fx;
    fx_client_t c;
    http_resp_t r;
    const char *oct = "application/octet-stream";
    /* over max_body: 413 before the body is read */
    onc_server_config_t cfg;
    onc_server_config_init(&cfg);
    cfg.max_body = 1024;
    cfg.login_per_minute = 1000;
    if (server_fixture_start_with(&fx, &cfg) == 0 && fx_login(&fx, "clinician", &c) == 0) {
        CHECK_INT(api_register(&c, EGFR_CASE), 201);
        char *big = malloc(4096);
        memset(big, 'A', 4096);
        fx_call_typed(&c, "POST", "/api/v1/patients/SYN-EGFR-01/samples?sample=BIG", oct, big, 4096, &r);
        api_check_status(&r, 413, "payload_too_large");
        http_resp_free(&r);
        free(big);
        server_fixture_stop(&fx);
    }
}

/* doc without the keys that say when it was made. */
static void drop_generated(json_t *doc)
{
    json_object_del(doc, "generated");
    json_object_del(json_object_get(doc, "provenance"), "generated");
}

static void report_and_matches(void)
{
    server_fixture_t fx;
    if (server_fixture_start(&fx)) return;
    fx_client_t c, v;
    if (fx_login(&fx, "clinician", &c) || fx_login(&fx, "viewer", &v)) return;
    CHECK_INT(api_register(&c, EGFR_CASE), 201);
    http_resp_t r;
    int64_t audit0 = registry_audit_entries(fx.db);
    fx_call(&v, "GET", "/api/v1/patients/SYN-EGFR-01/report", NULL, &r);
    api_check_status(&r, 200, NULL);
    int64_t audit1 = registry_audit_entries(fx.db);
    CHECK(audit1 > audit0);
    /* the same document the app builds for the patient */
    onc_app_t *app = NULL;
    onc_err_t err = {0};
    json_t *want = NULL, *got = fx_json(&r);
    CHECK_INT(onc_app_open(NULL, &app, &err), ONC_OK);
    if (app) CHECK_INT(onc_app_report_patient(app, fx.db, "SYN-EGFR-01", "os:tester", &want, &err), ONC_OK);
    if (want && got) {
        drop_generated(want), drop_generated(got);
        CHECK(json_equal(want, got));
        CHECK(json_object_get(got, "alterations") != NULL);
    }
    json_decref(want), json_decref(got);
    onc_app_close(app);
    http_resp_free(&r);
    /* the printable view, with a CSP that lets its inline style through and no script */
    fx_call(&v, "GET", "/api/v1/patients/SYN-EGFR-01/report.html", NULL, &r);
    api_check_status(&r, 200, NULL);
    char h[400];
    CHECK(http_header(&r, "Content-Type", h, sizeof h) && strncmp(h, "text/html", 9) == 0);
    CHECK(http_header(&r, "Content-Security-Policy", h, sizeof h) && strstr(h, "style-src 'unsafe-inline'") &&
          strstr(h, "default-src 'none'") && !strstr(h, "script"));
    CHECK(r.body && strstr(r.body, "<html") && strstr(r.body, "SYN-EGFR-01") && !strstr(r.body, "<script"));
    http_resp_free(&r);
    fx_call(&v, "GET", "/api/v1/patients/SYN-EGFR-01/matches", NULL, &r);
    api_check_status(&r, 200, NULL);
    json_t *m = fx_json(&r);
    CHECK_STR(json_string_value(json_object_get(m, "id")), "SYN-EGFR-01");
    CHECK(json_is_array(json_object_get(m, "rows"))); /* no trial registered: none */
    json_decref(m);
    http_resp_free(&r);
    static const char *const unknown[] = {"/api/v1/patients/NOBODY/report", "/api/v1/patients/NOBODY/report.html",
                                          "/api/v1/patients/NOBODY/matches", NULL};
    for (size_t i = 0; unknown[i]; i++) {
        fx_call(&v, "GET", unknown[i], NULL, &r);
        api_check_status(&r, 404, "not_found");
        http_resp_free(&r);
    }
    server_fixture_stop(&fx);
}

static const db_test_t db_tests[] = {DB_TEST(case_in_and_out), DB_TEST(bad_case_files), DB_TEST(patient_list),
                                     DB_TEST(lab_upload), DB_TEST(upload_too_big),
                                     DB_TEST(report_and_matches), {NULL, NULL}};

int main(void)
{
    if (registry_fixture_start()) return 1;
    db_targets_run(db_tests);
    registry_fixture_end();
    CHECK_EXIT();
}
