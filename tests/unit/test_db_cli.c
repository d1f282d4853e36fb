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
#include "cli_run.h"

#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];



static char *out_of(const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return test_slurp(p);
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
    /* the registry and what lives beside it: SQLite's files, the audit key and checkpoints */
    static const char *const suffixes[] = {"", "-wal", "-shm", ".audit-key", ".audit-checkpoints"};
    char p[512];
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        snprintf(p, sizeof p, "%s/r.db%s", dir, suffixes[i]);
        unlink(p);
    }
    int rc = cli_run(dir, "db init --db sqlite:%s/r.db", dir);
    if (rc != 0) fprintf(stderr, "db init: exit %d\n", rc);
    return rc == 0;
}

static void test_import_export(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(fresh());
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db --dry-run examples/cases", dir), 0);
    CHECK(contains("out", "would import 3 patients (3 new, 0 replaced): 4 samples, 10 alterations (4 from lab "
                          "files), 4 therapy lines, 3 labs, 1 enrolments"));
    /* a dry run writes nothing: the patient is not there */
    CHECK_INT(cli_run(dir, "report --db sqlite:%s/r.db --patient SYN-EGFR-01", dir), 2);
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db examples/cases", dir), 0);
    CHECK(contains("out", "imported 3 patients (3 new, 0 replaced)"));
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db examples/cases/SYN-KRAS-01.json", dir), 2);
    CHECK(contains("err", "patient SYN-KRAS-01 is already in the registry (give --replace"));
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db --replace examples/cases", dir), 0);
    CHECK(contains("out", "imported 3 patients (0 new, 3 replaced)"));
    CHECK_INT(cli_run(dir, "db export --db sqlite:%s/r.db --format case -o %s/export", dir, dir), 0);
    const char *ids[] = {"SYN-ALK-01", "SYN-EGFR-01", "SYN-KRAS-01"};
    for (size_t i = 0; i < 3; i++) {
        char a[512], b[512];
        snprintf(a, sizeof a, "examples/cases/%s.json", ids[i]);
        snprintf(b, sizeof b, "%s/export/%s.json", dir, ids[i]);
        char *x = test_slurp(a), *y = test_slurp(b);
        CHECK(x && y && strcmp(x, y) == 0); /* the same bytes */
        free(x), free(y);
    }
    CHECK_INT(cli_run(dir, "db export --db sqlite:%s/r.db --format case --patient nobody -o %s/export", dir, dir), 2);
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
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db %s", dir, in), 2);
    CHECK(contains("err", "bad-vaf.json:8: field molecular.variants[2].vaf"));
    CHECK(contains("err", "1 of 2 case files are invalid; nothing was written"));
    CHECK_INT(cli_run(dir, "report --db sqlite:%s/r.db --patient SYN-EGFR-01", dir), 2);
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
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db %s/dup", dir, dir), 2);
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
    CHECK_INT(cli_run(dir, "report --db sqlite:%s/r.db --patient P01", dir), 2);
}

/* report --db equals the report of the case file (except provenance.inputs); match --db the same rows
 * as match --case on the same files. */
static void test_report_match(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(fresh());
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db examples/cases", dir), 0);
    for (int i = 0; i < 2; i++) {
        const char *id = i ? "SYN-ALK-01" : "SYN-EGFR-01";
        CHECK_INT(cli_run(dir, "report --no-version --comparison-date 2026-11-29 examples/cases/%s.json -o %s/file.json", id,
                      dir),
                  0);
        CHECK_INT(cli_run(dir, "report --no-version --comparison-date 2026-11-29 --db sqlite:%s/r.db --patient %s -o "
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
    CHECK_INT(cli_run(dir, "match --trials trials --comparison-date 2026-11-29 --all --format json --case examples/cases -o "
                  "%s/m1.json",
                  dir),
              0);
    CHECK_INT(cli_run(dir, "match --trials trials --comparison-date 2026-11-29 --all --format json --db sqlite:%s/r.db -o "
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

/* Lab files that arrive later: a new sample of a registered patient, everything else kept; bad
 * files, a taken sample key or an unknown patient write nothing. panel.maf has two records (KRAS
 * G12C, STK11 D194Y) under two barcodes, read as the one new sample. */
static void test_lab_files(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(fresh());
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db examples/cases", dir), 0);
    const char *lab = "db import --db sqlite:%s/r.db --format lab --patient SYN-EGFR-01";
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s --sample PROG-1 --specimen plasma --collected 2026-10-01 %s", lab,
             "tests/data/case/files/panel.maf");
    CHECK_INT(cli_run(dir, cmd, dir), 0);
    CHECK(contains("out", "imported 1 samples for patient SYN-EGFR-01: 2 alterations from lab files"));
    CHECK_INT(cli_run(dir, cmd, dir), 2); /* the key is taken now */
    CHECK(contains("err", "the patient already has a sample PROG-1; nothing was written"));
    snprintf(cmd, sizeof cmd, "%s --sample PROG-2 %s", lab, "tests/data/case/files/bad.maf");
    CHECK_INT(cli_run(dir, cmd, dir), 2);
    CHECK(contains("err", "sample PROG-2: field molecular.files[0].path: tests/data/case/files/bad.maf:2: field t_depth"));
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db --format lab --patient NOBODY --sample S tests/data/case/files/panel.maf",
                  dir), 2);
    CHECK(contains("err", "patient NOBODY is not in the registry"));
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db --format lab --sample S tests/data/case/files/panel.maf", dir), 2);
    CHECK(contains("err", "--format lab needs --patient ID and --sample KEY"));
    /* the report has the case's samples and the new one, which is compared with the first */
    CHECK_INT(cli_run(dir, "report --no-version --db sqlite:%s/r.db --patient SYN-EGFR-01 -o %s/lab.json", dir, dir), 0);
    json_t *r = json_of("lab.json");
    size_t n_kras = 0, n_egfr = 0, i;
    json_t *alt;
    json_array_foreach(json_object_get(r, "alterations"), i, alt) {
        const char *gene = json_string_value(json_object_get(alt, "gene"));
        n_kras += gene && strcmp(gene, "KRAS") == 0;
        n_egfr += gene && strcmp(gene, "EGFR") == 0;
    }
    CHECK_INT((long)n_kras, 1);
    CHECK_INT((long)n_egfr, 2); /* L858R and T790M of the case file's samples, kept */
    CHECK(contains("lab.json", "the latest (PROG-1) are compared"));
    json_decref(r);
    CHECK_INT(cli_run(dir, "audit verify --db sqlite:%s/r.db", dir), 0);
}

/* The rows of "matches" as sorted compact JSON texts, for a comparison that ignores the order
 * (the files list patients in file order, the registry in id order). */
static json_t *sorted_rows(json_t *doc)
{
    json_t *texts = json_array(), *row;
    size_t i;
    json_array_foreach(json_object_get(doc, "matches"), i, row) {
        char *t = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
        json_array_append_new(texts, json_string(t ? t : ""));
        free(t);
    }
    size_t n = json_array_size(texts);
    for (size_t a = 1; a < n; a++) /* insertion sort: a few hundred rows */
        for (size_t b = a; b > 0 && strcmp(json_string_value(json_array_get(texts, b - 1)),
                                           json_string_value(json_array_get(texts, b))) > 0; b--) {
            json_t *x = json_incref(json_array_get(texts, b - 1));
            json_array_set(texts, b - 1, json_array_get(texts, b));
            json_array_set_new(texts, b, x);
        }
    return texts;
}

/* MatchMiner's seed documents (130 clinical, 448 genomic, v2.2.3) imported: matching the
 * registry gives exactly the rows of matching the files, for MatchMiner's integration trials
 * (structured SVs, signatures, TMB, wildcard protein changes, free-text SVs: what a case file
 * cannot say is decided on the kept documents). */
static void test_matchminer_documents(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    const char *readme = shared_data("matchminer/README.md");
    if (!readme) SKIP("../shared/data/matchminer is absent");
    char root[1024], clin[1200], gen[1200], tdir[1200];
    snprintf(root, sizeof root, "%.*s", (int)(strlen(readme) - strlen("/README.md")), readme);
    snprintf(clin, sizeof clin, "%s/ctims-matchminer-engine/matchengine/tests/seed_data/clinical.ejson", root);
    snprintf(gen, sizeof gen, "%s/ctims-matchminer-engine/matchengine/tests/seed_data/genomic.ejson", root);
    snprintf(tdir, sizeof tdir, "%s/matchengine-V2/matchengine/tests/data/integration_trials", root);
    CHECK(fresh());
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db --format matchminer %s %s", dir, clin, gen), 0);
    CHECK(contains("out", "imported 130 patients (130 new, 0 replaced)"));
    CHECK(contains("out", "130 clinical and 448 genomic MatchMiner documents kept"));
    const char *names[] = {"all_open", "structured_sv", "tmb", "signatures", "wildcard_protein_found", "unstructured_sv"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *opts = "--semantics matchminer --comparison-date 2000-07-12 --all --format json";
        CHECK_INT(cli_run(dir, "match --trials %s/%s.json --matchminer %s %s %s -o %s/f.json", tdir, names[i], clin, gen, opts, dir), 0);
        CHECK_INT(cli_run(dir, "match --trials %s/%s.json --db sqlite:%s/r.db %s -o %s/r.json", tdir, names[i], dir, opts, dir), 0);
        json_t *f = json_of("f.json"), *r = json_of("r.json");
        json_t *fs = sorted_rows(f), *rs = sorted_rows(r);
        CHECK(json_array_size(fs) > 0);
        if (!json_equal(fs, rs)) fprintf(stderr, "%s: %zu rows from the files, %zu from the registry\n", names[i],
                                         json_array_size(fs), json_array_size(rs));
        CHECK(json_equal(fs, rs));
        json_decref(f), json_decref(r), json_decref(fs), json_decref(rs);
    }
    /* the case the documents describe: sex, OncoTree code, a structured SV as a fusion */
    CHECK_INT(cli_run(dir, "db export --db sqlite:%s/r.db --format case --patient 5d2799df6756630d8dd068c6 -o %s/mm", dir, dir), 0);
    CHECK(contains("mm/5d2799df6756630d8dd068c6.json", "\"sex\": \"male\""));
    CHECK(contains("mm/5d2799df6756630d8dd068c6.json", "\"oncotree_code\": \"MCC\""));
    CHECK(contains("mm/5d2799df6756630d8dd068c6.json", "\"msi\": \"MSI-H\"")); /* MMR-D / MSI-H */
    CHECK(contains("mm/5d2799df6756630d8dd068c6.json", "\"gene_a\": \"TFG\""));
    /* the same patient again: refused, nothing written; the audit chain holds */
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db --format matchminer %s %s", dir, clin, gen), 2);
    CHECK(contains("err", "already in the registry"));
    CHECK_INT(cli_run(dir, "audit verify --db sqlite:%s/r.db", dir), 0);
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
    RUN(test_lab_files);
    RUN(test_matchminer_documents);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_EXIT();
}
