/* test_app.c: the app layer (app.h), the services the command line and the server share, on
 * every database target (db_targets.h: SQLite, and PostgreSQL when a test cluster is there).
 *
 * The registry holds the three example cases (examples/cases) and nine classification cases of
 * tests/data/classify/cases; the portfolio is copied from trials/. What is checked:
 *   - the report of a registered patient is the report `oncoboard report` writes for the same
 *     case file with the same trials (--trials, --comparison-date), once the fields that name the
 *     run (version, time, command, input files) are left out; for SYN-KRAS-01, whose case file
 *     references a MAF (the registry keeps its alterations as typed entries), against
 *     `report --db --patient` instead. SYN-KRAS-01 (KRAS G12C) is eligible for NCT06497556 (a
 *     KRAS G12C trial), as test_db_reannotate.c and `report --trials trials` say;
 *   - an unknown patient is ONC_ENOTFOUND; every read is audited under the caller's actor (one
 *     "read" of the patient per report) and the chain verifies;
 *   - the portfolio is cached: a second report does not read the trials again (no second audit
 *     entry for them), and a new version loaded through store_trials.h (a changed short_title)
 *     is what the next report shows; a portfolio held while another replaces it stays whole
 *     until its holder releases it;
 *   - four threads, each with its own connection, building every patient's report and matches at
 *     once (starting on a fresh app, so that they race for the first portfolio load) get exactly
 *     what one thread gets.
 */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "registry_fixture.h"

#include "app/app_int.h" /* the portfolio cache's references */
#include "oncoboard/app.h"
#include "oncoboard/report.h"
#include "oncoboard/store_trials.h"

#include <jansson.h>
#include <pthread.h>
#include <unistd.h>

#define DATE "2026-11-29"
#define ACTOR "user:alice"

static char work[256]; /* this run's folder: trial folders, outputs */
static onc_app_t *app; /* the built-in kb, trials judged on DATE, no version fields */

static const char *const case_files[] = {
    "examples/cases/SYN-ALK-01.json",           "examples/cases/SYN-EGFR-01.json",
    "examples/cases/SYN-KRAS-01.json",          "tests/data/classify/cases/CL-EGFR-COMMON.json",
    "tests/data/classify/cases/CL-ALK.json",     "tests/data/classify/cases/CL-KRAS-G12C.json",
    "tests/data/classify/cases/CL-MET-AMP.json", "tests/data/classify/cases/CL-RET.json",
    "tests/data/classify/cases/CL-ROS1.json",    "tests/data/classify/cases/CL-NTRK.json",
    "tests/data/classify/cases/CL-MULTI-DRIVER.json", "tests/data/classify/cases/CL-RESIST-T790M.json",
};
#define N_CASES (sizeof case_files / sizeof *case_files)
static const char *const patient_ids[N_CASES] = {
    "SYN-ALK-01", "SYN-EGFR-01", "SYN-KRAS-01", "CL-EGFR-COMMON", "CL-ALK",          "CL-KRAS-G12C",
    "CL-MET-AMP", "CL-RET",      "CL-ROS1",     "CL-NTRK",        "CL-MULTI-DRIVER", "CL-RESIST-T790M",
};

/* ---- fixtures ---- */

static onc_app_t *open_app(void)
{
    onc_app_opts_t o;
    onc_app_opts_init(&o);
    o.comparison_date = DATE;
    o.no_version = true;
    onc_app_t *a = NULL;
    onc_err_t err = {0};
    if (onc_app_open(&o, &a, &err) != ONC_OK) fprintf(stderr, "app: %s\n", err.msg);
    return a;
}

/* work/NAME: a trial folder with the given files of trials/. */
static int make_trials(const char *name, const char *files)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/%s' && mkdir '%s/%s' && cd trials && cp %s '%s/%s/'", work, name, work, name,
             files, work, name);
    return system(cmd) == 0 ? 0 : -1;
}

/* The trials of work/NAME into the registry, as `db trials load` does. */
static bool load_trials(onc_db_t *db, const char *name)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", work, name);
    const char *paths[] = {path};
    onc_err_t err = {0};
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK)
        rc = onc_store_trials_load(db, paths, 1, onc_app_match_ctx(app), "os:tester", NULL, NULL, NULL, &err);
    if (rc == ONC_OK) rc = registry_commit(db, &err);
    else onc_db_rollback(db, NULL);
    if (rc != ONC_OK) fprintf(stderr, "load trials %s: %s\n", path, err.msg);
    return rc == ONC_OK;
}

/* A registry with every case of case_files, and the trials of work/NAME when name is set. */
static onc_db_t *registry_with(const char *trials)
{
    onc_db_t *db = open_registry();
    onc_case_t *cases[N_CASES] = {0};
    onc_err_t err = {0};
    bool ok = db && reg_load_cases((const char *const *)case_files, cases, N_CASES) &&
              reg_import(db_target_url, cases, N_CASES, &err) == ONC_OK;
    if (!ok && err.msg[0]) fprintf(stderr, "import: %s\n", err.msg);
    for (size_t i = 0; i < N_CASES; i++) onc_case_free(cases[i]);
    if (ok && trials) ok = load_trials(db, trials);
    CHECK(ok);
    if (ok) return db;
    close_registry(db);
    return NULL;
}

/* ---- JSON ---- */

/* The report without what names the run: version, time, command line and the input files. */
static void normalise(json_t *doc)
{
    const char *keys[] = {"oncoboard_version", "generated", "command"};
    json_t *prov = json_object_get(doc, "provenance");
    for (size_t i = 0; i < 3; i++) {
        json_object_del(doc, keys[i]);
        json_object_del(prov, keys[i]);
    }
    json_object_del(prov, "inputs");
}

static char *dump(const json_t *doc) { return json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT); }

/* work/out as JSON (NULL after a message). */
static json_t *cli_output(void)
{
    char path[400];
    snprintf(path, sizeof path, "%s/out", work);
    json_error_t e;
    json_t *doc = json_load_file(path, 0, &e);
    if (!doc) fprintf(stderr, "%s: %s\n", path, e.text);
    return doc;
}

/* doc as `report --format json` writes it (numbers with the writer's digits), read back. */
static json_t *as_written(json_t *doc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    onc_err_t err = {0};
    bool ok = fp && onc_report_write_json(doc, fp, &err) == ONC_OK;
    if (fp) fclose(fp);
    json_error_t e;
    json_t *back = ok ? json_loadb(text, len, 0, &e) : NULL;
    free(text);
    json_decref(doc);
    return back;
}

/* Whether report a (the app's document) is b (the command's output) once normalised (both
 * printed when not). */
static bool same_report(json_t *a, json_t *b)
{
    if (!(a = as_written(a))) return false;
    normalise(a), normalise(b);
    bool same = json_equal(a, b);
    if (!same) {
        char *x = dump(a), *y = dump(b);
        fprintf(stderr, "app: %s\ncli: %s\n", x, y);
        free(x), free(y);
    }
    json_decref(a);
    return same;
}

/* The rows of doc's trials section for trial (a JSON array's element count) and the title of
 * the first, in *title (borrowed from doc). */
static size_t trial_rows(const json_t *doc, const char *trial, const char **title)
{
    size_t n = 0, i;
    json_t *row;
    *title = NULL;
    json_array_foreach(json_object_get(doc, "trials"), i, row) {
        if (strcmp(json_string_value(json_object_get(row, "trial")), trial) != 0) continue;
        if (!n++) *title = json_string_value(json_object_get(row, "title"));
    }
    return n;
}

static json_t *report_of(onc_db_t *db, const char *id)
{
    json_t *doc = NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_app_report_patient(app, db, id, ACTOR, &doc, &err);
    if (rc != ONC_OK) fprintf(stderr, "report %s: %s\n", id, err.msg);
    return doc;
}

/* ---- tests ---- */

static void test_report_equals_cli(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(make_trials("t2", "NCT06074588-egfr-sacituzumab-tirumotecan.yaml NCT06497556-kras-g12c-divarasib.yaml") == 0);
    onc_db_t *db = registry_with("t2");
    if (!db) return;
    /* a case file without lab files: the file itself */
    json_t *mine = report_of(db, "SYN-EGFR-01");
    CHECK_INT(cli_run(work, "report examples/cases/SYN-EGFR-01.json --trials '%s/t2' --comparison-date " DATE
                            " --format json",
                      work),
              0);
    json_t *theirs = cli_output();
    CHECK(mine && theirs && same_report(json_incref(mine), theirs));
    json_decref(mine), json_decref(theirs);
    /* a case file with a MAF: the case as the registry rebuilds it */
    mine = report_of(db, "SYN-KRAS-01");
    CHECK_INT(cli_run(work, "report --db '%s' --patient SYN-KRAS-01 --trials '%s/t2' --comparison-date " DATE
                            " --format json",
                      db_target_url, work),
              0);
    theirs = cli_output();
    const char *title = NULL;
    CHECK(mine && trial_rows(mine, "NCT06497556", &title) > 0);
    CHECK(mine && theirs && same_report(json_incref(mine), theirs));
    json_decref(mine), json_decref(theirs);
    CHECK(registry_audit_entries(db) > 0);
    close_registry(db);
}

static int64_t audit_count(onc_db_t *db, const char *entity, const char *patient)
{
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE actor = '" ACTOR "' AND action = 'read' AND "
                              "entity = '%s'%s%s%s", entity, patient ? " AND patient_id = '" : "", patient ? patient : "",
             patient ? "'" : "");
    return reg_scalar(db, sql);
}

static void test_unknown_and_audited(void)
{
    onc_db_t *db = registry_with(NULL);
    if (!db) return;
    json_t *doc = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_app_report_patient(app, db, "NO-SUCH-PATIENT", ACTOR, &doc, &err), ONC_ENOTFOUND);
    CHECK(doc == NULL);
    CHECK_INT(onc_app_match_patient(app, db, "NO-SUCH-PATIENT", ACTOR, &doc, &err), ONC_ENOTFOUND);
    CHECK_INT(onc_app_report_patient(app, db, "SYN-ALK-01", NULL, &doc, &err), ONC_EINVAL);
    CHECK(!onc_db_in_transaction(db));
    int64_t before = audit_count(db, "patient", "SYN-ALK-01");
    CHECK_INT(before, 0);
    for (int i = 0; i < 2; i++) {
        doc = report_of(db, "SYN-ALK-01");
        CHECK(doc && strcmp(json_string_value(json_object_get(json_object_get(doc, "molecular_group"), "id")),
                            "ALK_FUSION") == 0);
        CHECK(doc && json_array_size(json_object_get(doc, "trials")) == 0); /* an empty portfolio */
        json_decref(doc);
    }
    CHECK_INT(audit_count(db, "patient", "SYN-ALK-01"), 2);
    json_t *rows = NULL;
    CHECK_INT(onc_app_match_patient(app, db, "SYN-ALK-01", ACTOR, &rows, &err), ONC_OK);
    CHECK(json_is_array(rows) && json_array_size(rows) == 0);
    json_decref(rows);
    CHECK_INT(audit_count(db, "patient", "SYN-ALK-01"), 3);
    /* inside the caller's transaction: the caller commits */
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    doc = report_of(db, "SYN-ALK-01");
    CHECK(doc && onc_db_in_transaction(db));
    json_decref(doc);
    CHECK_INT(onc_db_rollback(db, &err), ONC_OK);
    CHECK_INT(audit_count(db, "patient", "SYN-ALK-01"), 3);
    CHECK(registry_audit_entries(db) > 0);
    close_registry(db);
}

static void test_portfolio_refresh(void)
{
    CHECK(make_trials("kras", "NCT06497556-kras-g12c-divarasib.yaml") == 0);
    onc_db_t *db = registry_with("kras");
    if (!db) return;
    const char *title = NULL;
    json_t *doc = report_of(db, "SYN-KRAS-01");
    CHECK(doc && trial_rows(doc, "NCT06497556", &title) > 0 && title && !strstr(title, "(edited)"));
    json_decref(doc);
    CHECK_INT(audit_count(db, "trial", NULL), 1);
    doc = report_of(db, "SYN-KRAS-01"); /* the same portfolio: not read again */
    CHECK(doc && trial_rows(doc, "NCT06497556", &title) > 0);
    json_decref(doc);
    CHECK_INT(audit_count(db, "trial", NULL), 1);
    /* a new version of the trial, loaded by another connection */
    char path[400], cmd[600];
    snprintf(path, sizeof path, "%s/kras/NCT06497556-kras-g12c-divarasib.yaml", work);
    snprintf(cmd, sizeof cmd, "sed -i 's/^short_title: \"Krascendo 1:/short_title: \"Krascendo 1 (edited):/' '%s'", path);
    CHECK(system(cmd) == 0);
    onc_db_t *other = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_db_open(db_target_url, NULL, &other, &err), ONC_OK);
    CHECK(other && load_trials(other, "kras"));
    onc_db_close(other);
    CHECK_INT(reg_scalar(db, "SELECT max(version) FROM trials WHERE trial_key = 'NCT06497556'"), 2);
    doc = report_of(db, "SYN-KRAS-01");
    CHECK(doc && trial_rows(doc, "NCT06497556", &title) > 0 && title && strstr(title, "(edited)"));
    json_decref(doc);
    CHECK_INT(audit_count(db, "trial", NULL), 2);
    json_t *rows = NULL;
    CHECK_INT(onc_app_match_patient(app, db, "SYN-KRAS-01", ACTOR, &rows, &err), ONC_OK);
    CHECK(json_array_size(rows) > 0 &&
          strcmp(json_string_value(json_object_get(json_array_get(rows, 0), "trial")), "NCT06497556") == 0 &&
          strstr(json_string_value(json_object_get(json_array_get(rows, 0), "title")), "(edited)"));
    json_decref(rows);
    CHECK_INT(audit_count(db, "trial", NULL), 2);
    /* a holder of the old portfolio keeps it through a reload; the last release frees it (ASan
     * would see a use after free or a leak) */
    app_portfolio_t *p1 = NULL, *p2 = NULL, *p3 = NULL;
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(app_portfolio_get(app, db, ACTOR, &p1, &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    CHECK(make_trials("egfr", "NCT06074588-egfr-sacituzumab-tirumotecan.yaml") == 0);
    CHECK(load_trials(db, "egfr"));
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(app_portfolio_get(app, db, ACTOR, &p2, &err), ONC_OK);
    CHECK_INT(app_portfolio_get(app, db, ACTOR, &p3, &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    CHECK(p1 && p2 && p1 != p2 && p2 == p3);
    CHECK_INT(p1 ? onc_trials_count(p1->trials) : 0, 1);
    CHECK_INT(p2 ? onc_trials_count(p2->trials) : 0, 2);
    app_portfolio_release(app, p1);
    app_portfolio_release(app, p2);
    app_portfolio_release(app, p3);
    close_registry(db);
}

/* ---- threads ---- */

#define N_THREADS 4
#define ROUNDS 3

typedef struct worker {
    onc_app_t *app;
    size_t first;           /* where this thread starts in patient_ids */
    char **want_report, **want_rows;
    int mismatches, errors; /* this thread's own counts */
} worker_t;

/* Patient i's report and match rows as compact sorted JSON (NULL after a message). */
static bool build(onc_app_t *a, onc_db_t *db, size_t i, char **report, char **rows)
{
    json_t *doc = NULL, *r = NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_app_report_patient(a, db, patient_ids[i], ACTOR, &doc, &err);
    if (rc == ONC_OK) rc = onc_app_match_patient(a, db, patient_ids[i], ACTOR, &r, &err);
    if (rc != ONC_OK) fprintf(stderr, "%s: %s\n", patient_ids[i], err.msg);
    *report = doc ? dump(doc) : NULL;
    *rows = r ? dump(r) : NULL;
    json_decref(doc), json_decref(r);
    return rc == ONC_OK && *report && *rows;
}

static void *work_patients(void *arg)
{
    worker_t *w = arg;
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    if (onc_db_open(db_target_url, NULL, &db, &err) != ONC_OK) {
        fprintf(stderr, "thread: %s\n", err.msg);
        w->errors++;
        return NULL;
    }
    for (size_t k = 0; k < ROUNDS * N_CASES; k++) {
        size_t i = (w->first + k) % N_CASES;
        char *report = NULL, *rows = NULL;
        if (!build(w->app, db, i, &report, &rows)) w->errors++;
        else if (strcmp(report, w->want_report[i]) != 0 || strcmp(rows, w->want_rows[i]) != 0) w->mismatches++;
        free(report), free(rows);
    }
    onc_db_close(db);
    return NULL;
}

static void test_threads(void)
{
    CHECK(make_trials("all", "*.yaml") == 0);
    onc_db_t *db = registry_with("all");
    if (!db) return;
    char *want_report[N_CASES] = {0}, *want_rows[N_CASES] = {0};
    size_t with_rows = 0;
    for (size_t i = 0; i < N_CASES; i++) {
        CHECK(build(app, db, i, &want_report[i], &want_rows[i]));
        with_rows += want_rows[i] && strcmp(want_rows[i], "[]") != 0;
    }
    CHECK(with_rows > 0); /* the comparison covers matches, not only empty lists */
    onc_app_t *fresh = open_app();
    CHECK(fresh != NULL);
    worker_t w[N_THREADS];
    pthread_t th[N_THREADS];
    bool started[N_THREADS] = {false};
    for (size_t t = 0; fresh && t < N_THREADS; t++) {
        w[t] = (worker_t){.app = fresh, .first = t * 3, .want_report = want_report, .want_rows = want_rows};
        started[t] = pthread_create(&th[t], NULL, work_patients, &w[t]) == 0;
        CHECK(started[t]);
    }
    for (size_t t = 0; t < N_THREADS; t++)
        if (started[t]) {
            pthread_join(th[t], NULL);
            CHECK_INT(w[t].errors, 0);
            CHECK_INT(w[t].mismatches, 0);
        }
    onc_app_close(fresh);
    /* every report and match read audited: 2 per patient and round per thread, and the first 2 */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE actor = '" ACTOR "' AND entity = 'patient'");
    CHECK_INT(reg_scalar(db, sql), (int64_t)(2 * N_CASES * (1 + N_THREADS * ROUNDS)));
    CHECK(registry_audit_entries(db) > 0);
    for (size_t i = 0; i < N_CASES; i++) free(want_report[i]), free(want_rows[i]);
    close_registry(db);
}

static const db_test_t tests[] = {
    DB_TEST(test_report_equals_cli),
    DB_TEST(test_unknown_and_audited),
    DB_TEST(test_portfolio_refresh),
    DB_TEST(test_threads),
    {NULL, NULL},
};

int main(void)
{
    if (!check_mkdtemp(work, sizeof work, "onc-app") || registry_fixture_start() || !(app = open_app())) return 1;
    db_targets_run(tests);
    onc_app_close(app);
    registry_fixture_end();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", work);
    CHECK_EXIT();
}
