/* test_db_bad_input.c: `oncoboard db import` fed hostile and conflicting input, on every
 * database target (SQLite, and PostgreSQL when the test cluster runs).
 *
 * Runs ./oncoboard as a user would (SKIPs when it is not built) on the fixtures of
 * tests/data/registry-bad (README.md there):
 *   - meta.json: SQL metacharacters (quotes, ';', '--', comments, "'); DROP TABLE patients;--",
 *     a backslash, printf directives) and non-ASCII text (accents, CJK, emoji, a right-to-left
 *     override, a combining accent) in every free-text field, in sample ids, in an unknown
 *     field's name and value, in the patient id: imported, the tables all still there, the values
 *     stored as given, the export byte for byte the file, the audit log intact;
 *   - duplicate identifiers: two files of one import with the same patient (dup/), two samples
 *     of one case with the same id, and an import of a new patient together with a registered
 *     one (mixed/): each refused with the file and field named, and nothing written (not even
 *     the new patient), no audit entry;
 *   - conflicting updates from two processes at once (conflict-a.json and conflict-b.json, the
 *     same patient, different contents), 5 rounds each: as new patients, exactly one import
 *     wins and the other is refused with "nothing was written"; both with --replace, both
 *     succeed one after the other. Every time the registry holds one version whole (its case
 *     text, age, labs and alterations agree), never a mix, and the audit log verifies.
 */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "registry_util.h"

#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef BIN
#define BIN "./oncoboard"
#endif
#define FIX "tests/data/registry-bad"

static char work[256];

/* Runs a shell command line built from fmt; its exit status. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ./oncoboard ARGS --db URL, stdout and stderr to work/NAME.out and .err. */
static int run(const char *name, const char *args)
{
    return sh("%s %s --db '%s' >'%s/%s.out' 2>'%s/%s.err'", BIN, args, db_target_url, work, name, work, name);
}

static bool output_has(const char *name, const char *ext, const char *needle)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s.%s", work, name, ext);
    char *s = test_slurp(p);
    bool yes = s && strstr(s, needle);
    if (!yes) fprintf(stderr, "%s lacks \"%s\":\n%s\n", p, needle, s ? s : "(none)");
    free(s);
    return yes;
}

/* The first column of the first row of sql as text (caller frees), or NULL. */
static char *text_of(const char *sql)
{
    onc_db_t *db = NULL;
    onc_db_stmt_t *st = NULL;
    onc_err_t err = {0};
    bool row = false;
    char *s = NULL;
    if (onc_db_open(db_target_url, NULL, &db, &err) == ONC_OK && onc_db_prepare(db, sql, &st, &err) == ONC_OK &&
        onc_db_step(st, &row, &err) == ONC_OK && row && onc_db_column_text(st, 0))
        s = strdup(onc_db_column_text(st, 0));
    onc_db_finalize(st);
    onc_db_close(db);
    return s;
}

static bool audit_intact(void)
{
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_db_open(db_target_url, NULL, &db, &err);
    if (rc == ONC_OK) rc = onc_audit_verify(db, NULL, &err);
    onc_db_close(db);
    if (rc != ONC_OK) fprintf(stderr, "audit verify: %s\n", err.msg);
    return rc == ONC_OK;
}

/* A fresh registry of the current target (`db init`), PostgreSQL's anchors in work/. */
static bool fresh_registry(void)
{
    if (access(BIN, X_OK) != 0) return false;
    sh("rm -rf '%s'/*", work);
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    if (db_target_kind == ONC_DB_POSTGRESQL) {
        char key[400], ckpt[400];
        snprintf(key, sizeof key, "%s/audit-key", work);
        snprintf(ckpt, sizeof ckpt, "%s/audit-checkpoints", work);
        setenv("ONCOBOARD_AUDIT_KEY", key, 1);
        setenv("ONCOBOARD_AUDIT_CHECKPOINTS", ckpt, 1);
    }
    CHECK_INT(run("init", "db init"), 0);
    return true;
}

static const char *const all_tables[] = {
    "audit_log",      "audit_head",     "patients",     "case_sources",     "case_warnings",
    "diagnoses",      "biomarkers",     "ihc_results",  "labs",             "therapy_lines",
    "therapy_agents", "response_assessments", "progression_events", "enrolments", "samples",
    "assay_genes",    "assay_coverage", "sample_entries", "sample_files",   "alterations",
    "tumor_board_decisions", "oncoboard_meta", "trials", "match_results",   "users",
    "tumor_boards",   "tumor_board_patients", "sessions", "report_snapshots",
};

static void metacharacters_in_every_text_field(void)
{
    if (!fresh_registry()) SKIP("%s is not built", BIN);
    CHECK_INT(run("import", "db import " FIX "/meta.json"), 0);
    /* every table still there */
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_db_open(db_target_url, NULL, &db, &err), ONC_OK);
    for (size_t i = 0; db && i < sizeof all_tables / sizeof *all_tables; i++) {
        bool exists = false;
        CHECK_INT(onc_db_table_exists(db, all_tables[i], &exists, &err), ONC_OK);
        if (!exists) fprintf(stderr, "table %s is gone\n", all_tables[i]);
        CHECK(exists);
    }
    onc_db_close(db);
    CHECK_INT(reg_scalar_at(db_target_url, "SELECT count(*) FROM patients"), 1);
    CHECK_INT(reg_scalar_at(db_target_url, "SELECT count(*) FROM samples"), 2);
    /* the values as the file gives them (read off meta.json) */
    const char *want[][2] = {
        {"SELECT external_id FROM patients", "P'1\"; DROP TABLE patients; --"},
        {"SELECT sample_key FROM samples ORDER BY ordinal", "T1'); DROP TABLE samples;--"},
        {"SELECT reason FROM enrolments",
         "ECOG 2'); DROP TABLE patients;-- \xcf\x88 \xe2\x88\x91 \xe2\x80\xaeRTL\xe2\x80\xac e\xcc\x81 \xf0\x9f\xa7\xac"},
        {"SELECT arm FROM enrolments", "A;-- \xe8\x87\xa8\xe5\xba\x8a\xe8\xa9\xa6\xe9\xa8\x93"},
        {"SELECT name FROM labs", "cr\xc3\xa9" "atinine '); DROP TABLE labs;--"},
        {"SELECT score FROM ihc_results", "3+ /* %s%n */"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char *got = text_of(want[i][0]);
        CHECK_STR(got, want[i][1]);
        free(got);
    }
    /* the export is the file, byte for byte */
    char dir[600];
    snprintf(dir, sizeof dir, "%s/export", work);
    char args[700];
    snprintf(args, sizeof args, "db export --format case -o '%s'", dir);
    CHECK_INT(run("export", args), 0);
    CHECK_INT(sh("cmp -s '%s'/*.json " FIX "/meta.json", dir), 0);
    CHECK(audit_intact());
}

static void duplicate_identifiers(void)
{
    if (!fresh_registry()) SKIP("%s is not built", BIN);
    /* two files of one import, one patient */
    CHECK_INT(run("dup", "db import " FIX "/dup"), 2);
    CHECK(output_has("dup", "err", "field id: patient SYN-DUP-01 is also in"));
    CHECK(output_has("dup", "err", "nothing was written"));
    /* two samples of one case, one id */
    CHECK_INT(run("dupsample", "db import " FIX "/dup-sample.json"), 2);
    CHECK(output_has("dupsample", "err", "field samples[1].id: \"S1\" is already the id of samples[0]"));
    CHECK_INT(reg_scalar_at(db_target_url, "SELECT count(*) FROM patients"), 0);
    CHECK_INT(reg_scalar_at(db_target_url, "SELECT count(*) FROM audit_log"), 0);
    /* a registered patient in an import: the whole import refused, the new patient too */
    CHECK_INT(run("first", "db import examples/cases/SYN-EGFR-01.json"), 0);
    int64_t entries = reg_scalar_at(db_target_url, "SELECT count(*) FROM audit_log");
    CHECK_INT(run("mixed", "db import " FIX "/mixed"), 2);
    CHECK(output_has("mixed", "err", "SYN-EGFR-01"));
    CHECK(output_has("mixed", "err", "nothing was written"));
    CHECK_INT(reg_scalar_at(db_target_url, "SELECT count(*) FROM patients"), 1);
    CHECK_INT(reg_scalar_at(db_target_url, "SELECT count(*) FROM patients WHERE external_id = 'SYN-NEW-01'"), 0);
    CHECK_INT(reg_scalar_at(db_target_url, "SELECT count(*) FROM audit_log"), entries);
    CHECK(audit_intact());
}

/* The registry holds version A or version B of SYN-RACE-01 whole (read off the two files:
 * A age 60, 1 lab, 1 alteration; B age 71, 2 labs, 3 alterations); 'A', 'B', or 0 for a mix. */
static char which_version(void)
{
    char *text = text_of("SELECT text FROM case_sources");
    char *a = test_slurp(FIX "/conflict-a.json"), *b = test_slurp(FIX "/conflict-b.json");
    char v = text && a && strcmp(text, a) == 0 ? 'A' : text && b && strcmp(text, b) == 0 ? 'B' : 0;
    free(text), free(a), free(b);
    int64_t age = reg_scalar_at(db_target_url, "SELECT age FROM patients"), labs = reg_scalar_at(db_target_url, "SELECT count(*) FROM labs");
    int64_t alts = reg_scalar_at(db_target_url, "SELECT count(*) FROM alterations");
    if (v == 'A' && !(age == 60 && labs == 1 && alts == 1)) v = 0;
    if (v == 'B' && !(age == 71 && labs == 2 && alts == 3)) v = 0;
    if (!v) fprintf(stderr, "a mix: age %lld, %lld labs, %lld alterations\n", (long long)age, (long long)labs, (long long)alts);
    return v;
}

/* Two imports at once, each in its own process; their exit statuses in rc[2]. */
static void race(const char *opts, int rc[2])
{
    sh("(%s db import %s --db '%s' " FIX "/conflict-a.json >'%s/a.out' 2>'%s/a.err'; echo $? >'%s/a.rc') & "
       "(%s db import %s --db '%s' " FIX "/conflict-b.json >'%s/b.out' 2>'%s/b.err'; echo $? >'%s/b.rc') & wait",
       BIN, opts, db_target_url, work, work, work, BIN, opts, db_target_url, work, work, work);
    for (int i = 0; i < 2; i++) {
        char p[600];
        snprintf(p, sizeof p, "%s/%c.rc", work, "ab"[i]);
        char *s = test_slurp(p);
        rc[i] = s ? (int)strtol(s, NULL, 10) : -1;
        free(s);
    }
}

static void conflicting_updates_from_two_processes(void)
{
    if (!fresh_registry()) SKIP("%s is not built", BIN);
    int seen[2] = {0, 0};
    for (int round = 0; round < 5; round++) {
        onc_db_t *db = NULL;
        onc_err_t err = {0};
        if (onc_db_open(db_target_url, NULL, &db, &err) == ONC_OK)
            CHECK_INT(onc_db_exec(db, "DELETE FROM patients", &err), ONC_OK); /* the test's own reset */
        onc_db_close(db);
        int rc[2];
        race("", rc);
        /* as new patients: one wins, the other is refused and writes nothing */
        CHECK((rc[0] == 0 && rc[1] == 2) || (rc[0] == 2 && rc[1] == 0));
        const char *loser = rc[0] == 0 ? "b" : "a";
        CHECK(output_has(loser, "err", "nothing was written"));
        CHECK_INT(reg_scalar_at(db_target_url, "SELECT count(*) FROM patients"), 1);
        char v = which_version();
        CHECK(v == (rc[0] == 0 ? 'A' : 'B'));
        /* both replacing: one after the other, the last one whole */
        race("--replace", rc);
        CHECK(rc[0] == 0 && rc[1] == 0);
        CHECK_INT(reg_scalar_at(db_target_url, "SELECT count(*) FROM patients"), 1);
        v = which_version();
        CHECK(v == 'A' || v == 'B');
        if (v) seen[v - 'A']++;
        CHECK(audit_intact());
    }
    printf("# replace races won by A %d times, by B %d times\n", seen[0], seen[1]);
}

int main(void)
{
    if (!check_mkdtemp(work, sizeof work, "onc-badinput")) return 1;
    static const db_test_t tests[] = {
        DB_TEST(metacharacters_in_every_text_field),
        DB_TEST(duplicate_identifiers),
        DB_TEST(conflicting_updates_from_two_processes),
        {NULL, NULL},
    };
    db_targets_run(tests);
    sh("rm -rf '%s'", work);
    CHECK_EXIT();
}
