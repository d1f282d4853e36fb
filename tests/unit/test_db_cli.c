/* test_db_cli.c: `oncoboard db import`, `db export --format case`, `report --db` and `match --db`
 * run as a user runs them, each scenario on a fresh SQLite registry in a temporary folder (the
 * golden runner shares one working directory between tests, and these need a registry each).
 *
 * Runs ./oncoboard (built by `make test` before the unit tests); SKIPs when it is not there.
 * Expected counts are read off the example cases (examples/cases: SYN-ALK-01 one sample with a
 * fusion table of one record; SYN-EGFR-01 two samples with five typed entries, two therapy lines,
 * two labs; SYN-KRAS-01 one typed entry and a MAF of three records, one line, one lab, one
 * enrolment).
 */
#include "check.h"

#include <jansson.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef BIN
#define BIN "./oncoboard"
#endif

static char dir[256];

/* Runs "./oncoboard FMT..." with stdout to dir/out and stderr to dir/err; the exit status. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char args[2048], cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "%s %s >%s/out 2>%s/err", BIN, args, dir, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int ch;
    while ((ch = fgetc(fp)) != EOF) {
        if (n + 1 >= cap) buf = realloc(buf, cap = cap ? cap * 2 : 4096);
        buf[n++] = (char)ch;
    }
    fclose(fp);
    if (!buf) buf = calloc(1, 1);
    else buf[n] = '\0';
    return buf;
}

static char *out_of(const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return slurp(p);
}

static int contains(const char *name, const char *needle)
{
    char *s = out_of(name);
    int yes = s && strstr(s, needle) != NULL;
    if (!yes) fprintf(stderr, "%s/%s lacks \"%s\":\n%s\n", dir, name, needle, s ? s : "(none)");
    free(s);
    return yes;
}

/* The JSON document dir/name, or NULL. */
static json_t *json_of(const char *name)
{
    char p[512];
    json_error_t je;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    json_t *doc = json_load_file(p, 0, &je);
    if (!doc) fprintf(stderr, "%s: %s\n", p, je.text);
    return doc;
}

/* A fresh registry: dir/r.db, created with `db init`. 0 when it could not be made. */
static int fresh(void)
{
    char p[512];
    snprintf(p, sizeof p, "%s/r.db", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/r.db-wal", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/r.db-shm", dir);
    unlink(p);
    int rc = run("db init --db sqlite:%s/r.db", dir);
    if (rc != 0) fprintf(stderr, "db init: exit %d\n", rc);
    return rc == 0;
}

static void test_import_export(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(fresh());
    CHECK_INT(run("db import --db sqlite:%s/r.db --dry-run examples/cases", dir), 0);
    CHECK(contains("out", "would import 3 patients (3 new, 0 replaced): 4 samples, 10 alterations (4 from lab "
                          "files), 4 therapy lines, 3 labs, 1 enrolments"));
    /* a dry run writes nothing: the patient is not there */
    CHECK_INT(run("report --db sqlite:%s/r.db --patient SYN-EGFR-01", dir), 2);
    CHECK_INT(run("db import --db sqlite:%s/r.db examples/cases", dir), 0);
    CHECK(contains("out", "imported 3 patients (3 new, 0 replaced)"));
    CHECK_INT(run("db import --db sqlite:%s/r.db examples/cases/SYN-KRAS-01.json", dir), 2);
    CHECK(contains("err", "patient SYN-KRAS-01 is already in the registry (give --replace"));
    CHECK_INT(run("db import --db sqlite:%s/r.db --replace examples/cases", dir), 0);
    CHECK(contains("out", "imported 3 patients (0 new, 3 replaced)"));
    CHECK_INT(run("db export --db sqlite:%s/r.db --format case -o %s/export", dir, dir), 0);
    const char *ids[] = {"SYN-ALK-01", "SYN-EGFR-01", "SYN-KRAS-01"};
    for (size_t i = 0; i < 3; i++) {
        char a[512], b[512];
        snprintf(a, sizeof a, "examples/cases/%s.json", ids[i]);
        snprintf(b, sizeof b, "%s/export/%s.json", dir, ids[i]);
        char *x = slurp(a), *y = slurp(b);
        CHECK(x && y && strcmp(x, y) == 0); /* the same bytes */
        free(x), free(y);
    }
    CHECK_INT(run("db export --db sqlite:%s/r.db --format case --patient nobody -o %s/export", dir, dir), 2);
}

/* A folder with one bad file: every bad file listed, exit 2, nothing written. */
static void test_bad_folder(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(fresh());
    char in[512];
    snprintf(in, sizeof in, "%s/in", dir);
    mkdir(in, 0700);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cp examples/cases/SYN-EGFR-01.json tests/data/case/bad-vaf.json %s/", in);
    CHECK_INT(system(cmd), 0);
    CHECK_INT(run("db import --db sqlite:%s/r.db %s", dir, in), 2);
    CHECK(contains("err", "bad-vaf.json:8: field molecular.variants[2].vaf"));
    CHECK(contains("err", "1 of 2 case files are invalid; nothing was written"));
    CHECK_INT(run("report --db sqlite:%s/r.db --patient SYN-EGFR-01", dir), 2);
    CHECK(contains("err", "SYN-EGFR-01 is not in the registry"));
}

/* Three files with one patient id among 24 (enough to be validated on several threads): every
 * file after the first with that id is listed, naming the first, in file order with the other
 * bad files; exit 2, nothing written. */
static void test_duplicate_ids(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(fresh());
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/dup && cd %s/dup && for f in a b c; do cp %s/examples/cases/SYN-EGFR-01.json $f.json; done"
             " && cp %s/tests/data/case/bad-vaf.json . && for i in $(seq 1 20); do"
             " printf '{\"id\": \"P%%02d\"}\\n' $i > p$i.json; done",
             dir, dir, getenv("PWD") ? getenv("PWD") : ".", getenv("PWD") ? getenv("PWD") : ".");
    CHECK_INT(system(cmd), 0);
    CHECK_INT(run("db import --db sqlite:%s/r.db %s/dup", dir, dir), 2);
    char *err = out_of("err");
    char b_line[600], c_line[600];
    snprintf(b_line, sizeof b_line, "%s/dup/b.json: field id: patient SYN-EGFR-01 is also in %s/dup/a.json", dir, dir);
    snprintf(c_line, sizeof c_line, "%s/dup/c.json: field id: patient SYN-EGFR-01 is also in %s/dup/a.json", dir, dir);
    const char *b = err ? strstr(err, b_line) : NULL, *c = err ? strstr(err, c_line) : NULL;
    const char *bad = err ? strstr(err, "bad-vaf.json:8: field molecular.variants[2].vaf") : NULL;
    CHECK(b && c && bad);
    CHECK(b && bad && c && b < bad && bad < c); /* file order: b.json, bad-vaf.json, c.json */
    CHECK(err && !strstr(err, "/dup/a.json: field id"));
    free(err);
    CHECK(contains("err", "3 of 24 case files are invalid; nothing was written"));
    CHECK_INT(run("report --db sqlite:%s/r.db --patient P01", dir), 2);
}

/* report --db equals the report of the case file (except provenance.inputs); match --db the same rows
 * as match --case on the same files. */
static void test_report_match(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(fresh());
    CHECK_INT(run("db import --db sqlite:%s/r.db examples/cases", dir), 0);
    for (int i = 0; i < 2; i++) {
        const char *id = i ? "SYN-ALK-01" : "SYN-EGFR-01";
        CHECK_INT(run("report --no-version --comparison-date 2026-11-29 examples/cases/%s.json -o %s/file.json", id,
                      dir),
                  0);
        CHECK_INT(run("report --no-version --comparison-date 2026-11-29 --db sqlite:%s/r.db --patient %s -o "
                      "%s/db.json",
                      dir, id, dir),
                  0);
        json_t *a = json_of("file.json"), *b = json_of("db.json");
        CHECK(a && b);
        json_object_del(json_object_get(a, "provenance"), "inputs");
        json_object_del(json_object_get(b, "provenance"), "inputs");
        CHECK(json_equal(a, b));
        json_decref(a), json_decref(b);
    }
    CHECK_INT(run("match --trials trials --comparison-date 2026-11-29 --all --format json --case examples/cases -o "
                  "%s/m1.json",
                  dir),
              0);
    CHECK_INT(run("match --trials trials --comparison-date 2026-11-29 --all --format json --db sqlite:%s/r.db -o "
                  "%s/m2.json",
                  dir, dir),
              0);
    json_t *a = json_of("m1.json"), *b = json_of("m2.json");
    /* the case folder is read in name order and the registry's patients in id order: the same
     * order for the examples, whose file names are their ids */
    CHECK(a && b && json_array_size(json_object_get(a, "matches")) > 0);
    CHECK(a && b && json_equal(json_object_get(a, "matches"), json_object_get(b, "matches")));
    json_decref(a), json_decref(b);
}

int main(void)
{
    char tmpl[] = "/tmp/oncoboard-dbcli-XXXXXX";
    if (!mkdtemp(tmpl)) return 1;
    snprintf(dir, sizeof dir, "%s", tmpl);
    RUN(test_import_export);
    RUN(test_bad_folder);
    RUN(test_duplicate_ids);
    RUN(test_report_match);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_EXIT();
}
