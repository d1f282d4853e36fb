/* test_db_research.c: `oncoboard db export --format research` and `--format case` for patients
 * changed after their import, run as a user runs them, on every back end of db_targets.h (a fresh
 * SQLite file, and a fresh PostgreSQL database when $ONCOBOARD_TEST_PG is set).
 *
 * Each test imports the example cases (SYN-ALK-01, SYN-EGFR-01, SYN-KRAS-01: research consent
 * true), tests/data/case/samples.json (consent not given: unknown) and tests/data/research
 * (SYN-NOCONSENT-01: refused; SYN-REASON-01: consent true, free text), so 4 patients are exported
 * and 2 left out (1 refused, 1 unknown). The key files are written here with known bytes, so
 * that the expected pseudonyms and shifts are computed with pseudo.h. The audit log's key and
 * checkpoints go to the test's own folder ($ONCOBOARD_AUDIT_KEY, as PostgreSQL requires).
 * Runs ./oncoboard (built by `make test`); SKIPs when it is not there.
 */
#include "check.h"
#include "cli_run.h"
#include "case_equal.h"
#include "db_targets.h"

#include "oncoboard/keyfile.h"
#include "oncoboard/pseudo.h"
#include "oncoboard/store.h"

#include <dirent.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef BIN
#define BIN "./oncoboard"
#endif

#define INPUTS "examples/cases tests/data/case/samples.json tests/data/research"

static const char *const consenting[] = {"SYN-ALK-01", "SYN-EGFR-01", "SYN-KRAS-01", "SYN-REASON-01", NULL};
static const char *const left_out[] = {"SYN-NOCONSENT-01", "SYN-SAMPLES-01", NULL};
static const char *const sources[] = {"examples/cases/SYN-ALK-01.json", "examples/cases/SYN-EGFR-01.json",
                                      "examples/cases/SYN-KRAS-01.json", "tests/data/research/SYN-REASON-01.json",
                                      "tests/data/research/SYN-NOCONSENT-01.json", "tests/data/case/samples.json", NULL};

static const uint8_t key1[ONC_KEY_BYTES] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
                                            0xcc, 0xdd, 0xee, 0xff, 0x01, 0x12, 0x23, 0x34, 0x45, 0x56, 0x67,
                                            0x78, 0x89, 0x9a, 0xab, 0xbc, 0xcd, 0xde, 0xef, 0xf0, 0x0f};
static const uint8_t key2[ONC_KEY_BYTES] = {7};

static char work[256];

/* Runs "./oncoboard FMT..." with stdout to work/.stdout and stderr to work/.stderr; the exit status. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char args[4096], cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "%s %s >%s/.stdout 2>%s/.stderr", BIN, args, work, work);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *work_file(const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", work, name);
    return test_slurp_n(p, NULL);
}

static int err_has(const char *needle)
{
    char *s = work_file(".stderr");
    int yes = s && strstr(s, needle) != NULL;
    if (!yes) fprintf(stderr, "stderr lacks \"%s\":\n%s\n", needle, s ? s : "(none)");
    free(s);
    return yes;
}

static void write_key(const char *name, const uint8_t *key, size_t n_hex, mode_t mode)
{
    char p[512], hex[2 * ONC_KEY_BYTES + 2];
    onc_hex_encode(key, ONC_KEY_BYTES, hex);
    hex[n_hex] = '\n';
    snprintf(p, sizeof p, "%s/%s", work, name);
    FILE *fp = fopen(p, "w");
    CHECK(fp != NULL);
    if (!fp) return;
    fwrite(hex, 1, n_hex + 1, fp);
    fclose(fp);
    chmod(p, mode);
}

/* A folder for the test, the audit log's files in it, the registry initialised and filled. */
static int setup(void)
{
    if (access(BIN, X_OK) != 0) return 0;
    snprintf(work, sizeof work, "/tmp/onc_research_XXXXXX");
    if (!mkdtemp(work)) return 0;
    char p[512];
    snprintf(p, sizeof p, "%s/audit.key", work);
    setenv("ONCOBOARD_AUDIT_KEY", p, 1);
    snprintf(p, sizeof p, "%s/audit.checkpoints", work);
    setenv("ONCOBOARD_AUDIT_CHECKPOINTS", p, 1);
    CHECK_INT(run("db init --db '%s'", db_target_url), 0);
    CHECK_INT(run("db import --db '%s' %s", db_target_url, INPUTS), 0);
    write_key("k1", key1, 2 * ONC_KEY_BYTES, 0600);
    write_key("k2", key2, 2 * ONC_KEY_BYTES, 0600);
    return !check_failed;
}

static void teardown(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    CHECK(system(cmd) == 0);
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
}

#define SETUP()                                                                                    \
    do {                                                                                           \
        if (!setup()) {                                                                            \
            if (!check_failed) SKIP("%s not built (make test builds it)", BIN);                    \
            return;                                                                                \
        }                                                                                          \
    } while (0)

static int export_research(const char *out, const char *key, const char *project)
{
    return run("db export --db '%s' --format research -o %s/%s --key %s/%s%s%s", db_target_url, work, out, work, key,
               project ? " --project " : "", project ? project : "");
}

/* The pseudonym of id for key and project. */
static void pseudonym(const uint8_t *key, const char *project, const char *id, char out[ONC_PSEUDONYM_SIZE])
{
    onc_err_t e = {0};
    onc_pseudo_t *p = onc_pseudo_new(key, project, &e);
    if (p) onc_pseudo_id(p, id, out);
    else out[0] = '\0';
    onc_pseudo_free(p);
}

static int exists(const char *dir, const char *name, const char *suffix)
{
    char p[600];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s/%s%s", work, dir, name, suffix);
    return stat(p, &st) == 0;
}

/* Files in work/dir, sorted; n of them (at most 64). */
static size_t list_dir(const char *dir, char names[64][64])
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", work, dir);
    DIR *d = opendir(p);
    size_t n = 0;
    for (struct dirent *ent; d && (ent = readdir(d)) != NULL && n < 64;)
        if (ent->d_name[0] != '.' && snprintf(names[n], 64, "%s", ent->d_name) < 64) n++;
    if (d) closedir(d);
    qsort(names, n, 64, (int (*)(const void *, const void *))strcmp);
    return n;
}

static onc_case_t *load(const char *path)
{
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    if (onc_case_load(path, NULL, &c, &e) != ONC_OK) fprintf(stderr, "%s: %s\n", path, e.msg), check_failed = 1;
    return c;
}

static onc_case_t *load_exported(const char *dir, const char *id, const uint8_t *key, const char *project)
{
    char ps[ONC_PSEUDONYM_SIZE], p[600];
    pseudonym(key, project, id, ps);
    snprintf(p, sizeof p, "%s/%s/%s.json", work, dir, ps);
    return load(p);
}

/* ---- the research export ---- */

static void consenting_only(void)
{
    SETUP();
    CHECK_INT(export_research("out", "k1", "LUNG-2026"), 0);
    CHECK(err_has("4 patients written"));
    CHECK(err_has("2 left out without research consent (1 refused, 1 unknown)"));
    char ps[ONC_PSEUDONYM_SIZE], names[64][64];
    for (size_t i = 0; consenting[i]; i++) {
        pseudonym(key1, "LUNG-2026", consenting[i], ps);
        CHECK(exists("out", ps, ".json"));
    }
    for (size_t i = 0; left_out[i]; i++) {
        pseudonym(key1, "LUNG-2026", left_out[i], ps);
        CHECK(!exists("out", ps, ".json"));
    }
    CHECK_INT(list_dir("out", names), 5); /* 4 cases and the manifest */
    CHECK(exists("out", "manifest", ".json"));
    char p[512];
    snprintf(p, sizeof p, "%s/out/manifest.json", work);
    char *m = test_slurp_n(p, NULL);
    CHECK(m && strstr(m, "\"patients\": 4,") && strstr(m, "\"project\": \"LUNG-2026\"") &&
          strstr(m, "\"date_shift_max_days\": 183"));
    free(m);
    teardown();
}

/* Every identifier of the original cases, in the bytes of every exported file. */
typedef struct needles {
    const char *v[256];
    size_t n;
    char store[256][16];
    size_t n_store;
} needles_t;

static void add(needles_t *s, const char *v)
{
    if (v && s->n < 256) s->v[s->n++] = v;
}

static void add_date(needles_t *s, onc_date_t d)
{
    if (onc_date_is_missing(d) || s->n_store >= 256) return;
    add(s, onc_date_format(d, s->store[s->n_store++]));
}

/* The identifiers of case c: its id, birth date, sample keys, free text and file paths. */
static void identifiers_of(const onc_case_t *c, needles_t *s)
{
    add(s, c->id);
    add_date(s, c->birth_date);
    for (size_t i = 0; i < c->n_enrolments; i++) add(s, c->enrolments[i].reason);
    for (size_t i = 0; i < c->n_samples; i++) {
        add(s, c->samples[i].id);
        for (size_t k = 0; k < c->samples[i].molecular.n_files; k++) add(s, c->samples[i].molecular.files[k].path);
    }
}

static int contains_bytes(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k && i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0) return 1;
    return 0;
}

static void scan_file(const char *path, const needles_t *s)
{
    size_t n = 0;
    char *bytes = test_slurp_n(path, &n);
    CHECK(bytes != NULL);
    for (size_t i = 0; bytes && i < s->n; i++)
        if (contains_bytes(bytes, n, s->v[i])) fprintf(stderr, "%s holds \"%s\"\n", path, s->v[i]), check_failed = 1;
    free(bytes);
}

static void no_identifiers(void)
{
    SETUP();
    CHECK_INT(export_research("out", "k1", "LUNG-2026"), 0);
    /* what no file may hold: every id, sample key, birth date, path and free text of every imported
     * case, the lab barcodes inside the lab files, the notes, the key, the folders. (That every
     * other date moved is intervals_kept's check.) */
    needles_t all = {.n = 0};
    onc_case_t *cases[8] = {NULL};
    for (size_t i = 0; sources[i]; i++)
        if ((cases[i] = load(sources[i]))) identifiers_of(cases[i], &all);
    static const char *const more[] = {"LAB-KR-0417", "LAB-AL-0093", ".maf", ".tsv", "Dupont", "Saint-Exemple",
                                       "SYNTHETIC", "_comment", "/tmp/", "onc_research_", "registry.db"};
    for (size_t i = 0; i < sizeof more / sizeof *more; i++) add(&all, more[i]);
    char keyhex[2 * ONC_KEY_BYTES + 1];
    onc_hex_encode(key1, ONC_KEY_BYTES, keyhex);
    add(&all, keyhex);
    keyhex[16] = '\0'; /* nor a part of it */
    add(&all, keyhex);
    char names[64][64], p[600];
    size_t n = list_dir("out", names);
    CHECK_INT(n, 5);
    for (size_t i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s/out/%s", work, names[i]);
        scan_file(p, &all);
    }
    for (size_t i = 0; i < 8; i++) onc_case_free(cases[i]);
    teardown();
}

/* Every date of a patient moved by the same number of days, never 0, the one pseudo.h derives;
 * ages in place of birth dates (by hand: SYN-EGFR-01 born 1961-07-22, diagnosed 2023-04-18: 61;
 * SYN-REASON-01 born 1970-12-31, diagnosed 2024-02-29: 53). */
static void check_shifted(const onc_case_t *a, const onc_case_t *b, int32_t s)
{
#define SHIFTED(x, y)                                                                              \
    do {                                                                                           \
        if (!onc_date_is_missing(x)) CHECK_INT(onc_date_days(y), onc_date_days(x) + s);            \
        else CHECK(onc_date_is_missing(y));                                                        \
    } while (0)
    SHIFTED(a->diagnosis.date, b->diagnosis.date);
    CHECK_INT(a->n_labs, b->n_labs);
    for (size_t i = 0; i < a->n_labs && i < b->n_labs; i++) SHIFTED(a->labs[i].date, b->labs[i].date);
    CHECK_INT(a->n_therapies, b->n_therapies);
    for (size_t i = 0; i < a->n_therapies && i < b->n_therapies; i++) {
        SHIFTED(a->therapies[i].start, b->therapies[i].start);
        SHIFTED(a->therapies[i].end, b->therapies[i].end);
        SHIFTED(a->therapies[i].progression_date, b->therapies[i].progression_date);
    }
    CHECK_INT(a->n_enrolments, b->n_enrolments);
    for (size_t i = 0; i < a->n_enrolments && i < b->n_enrolments; i++) SHIFTED(a->enrolments[i].date, b->enrolments[i].date);
    CHECK_INT(a->n_samples, b->n_samples);
    for (size_t i = 0; i < a->n_samples && i < b->n_samples; i++) SHIFTED(a->samples[i].collected, b->samples[i].collected);
#undef SHIFTED
}

static void intervals_kept(void)
{
    SETUP();
    CHECK_INT(export_research("out", "k1", "LUNG-2026"), 0);
    onc_err_t e = {0};
    onc_pseudo_t *p = onc_pseudo_new(key1, "LUNG-2026", &e);
    for (size_t i = 0; p && consenting[i]; i++) {
        onc_case_t *a = load(sources[i]), *b = load_exported("out", consenting[i], key1, "LUNG-2026");
        if (a && b) {
            int32_t s = onc_pseudo_shift(p, consenting[i]);
            CHECK(s != 0);
            CHECK_INT(onc_date_days(b->diagnosis.date) - onc_date_days(a->diagnosis.date), s);
            check_shifted(a, b, s);
            CHECK(onc_date_is_missing(b->birth_date));
            CHECK(b->sex == a->sex && b->smoking == a->smoking && b->ecog == a->ecog);
            CHECK_STR(b->diagnosis.oncotree_code, a->diagnosis.oncotree_code);
        }
        if (b && strcmp(consenting[i], "SYN-EGFR-01") == 0) CHECK_INT(b->age, 61);
        if (b && strcmp(consenting[i], "SYN-REASON-01") == 0) {
            CHECK_INT(b->age, 53);
            CHECK(b->enrolments[0].reason == NULL);
            CHECK_STR(b->enrolments[0].trial, "NCT00000001");
            /* diagnosis to therapy start: 2024-02-29 to 2024-03-20, 20 days */
            CHECK_INT(onc_date_days(b->therapies[0].start) - onc_date_days(b->diagnosis.date), 20);
        }
        /* the lab file's alterations are typed entries: KRAS G12C, STK11 D194Y, KEAP1 G333C */
        if (b && strcmp(consenting[i], "SYN-KRAS-01") == 0) {
            CHECK_INT(b->samples[0].molecular.n_variants, 3);
            CHECK_INT(b->samples[0].molecular.n_files, 0);
            if (b->samples[0].molecular.n_variants == 3) CHECK_STR(b->samples[0].molecular.variants[0].alteration, "G12C");
        }
        onc_case_free(a);
        onc_case_free(b);
    }
    onc_pseudo_free(p);
    teardown();
}

static int same_file(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    char *x = test_slurp_n(a, &na), *y = test_slurp_n(b, &nb);
    int same = x && y && na == nb && memcmp(x, y, na) == 0;
    free(x), free(y);
    return same;
}

/* The same key and project: the same files, byte for byte (the manifest's time aside); another
 * project or another key: no pseudonym in common. */
static void pseudonyms_stable(void)
{
    SETUP();
    CHECK_INT(export_research("a", "k1", "LUNG-2026"), 0);
    CHECK_INT(export_research("b", "k1", "LUNG-2026"), 0);
    CHECK_INT(export_research("c", "k1", "LUNG-2027"), 0);
    CHECK_INT(export_research("d", "k2", "LUNG-2026"), 0);
    CHECK_INT(export_research("e", "k1", NULL), 0);
    char na[64][64], nb[64][64], nc[64][64], nd[64][64], ne[64][64], pa[600], pb[600];
    size_t n = list_dir("a", na);
    CHECK_INT(n, 5);
    CHECK_INT(list_dir("b", nb), 5);
    CHECK_INT(list_dir("c", nc), 5);
    CHECK_INT(list_dir("d", nd), 5);
    CHECK_INT(list_dir("e", ne), 5);
    for (size_t i = 0; i < n; i++) {
        CHECK_STR(na[i], nb[i]);
        snprintf(pa, sizeof pa, "%s/a/%s", work, na[i]);
        snprintf(pb, sizeof pb, "%s/b/%s", work, nb[i]);
        if (strcmp(na[i], "manifest.json") != 0) CHECK(same_file(pa, pb));
        for (size_t k = 0; k < n; k++)
            if (strcmp(na[i], "manifest.json") != 0) {
                CHECK(strcmp(na[i], nc[k]) != 0);
                CHECK(strcmp(na[i], nd[k]) != 0);
                CHECK(strcmp(na[i], ne[k]) != 0);
            }
    }
    char ps[ONC_PSEUDONYM_SIZE];
    pseudonym(key1, "default", "SYN-EGFR-01", ps); /* no --project: the project "default" */
    CHECK(exists("e", ps, ".json"));
    teardown();
}

/* The export is in the audit log, with the project, the count and the digest of the pseudonyms,
 * and without the identities; the chain verifies. */
static void audited(void)
{
    SETUP();
    CHECK_INT(export_research("out", "k1", "LUNG-2026"), 0);
    char p[512];
    snprintf(p, sizeof p, "%s/out/manifest.json", work);
    char *m = test_slurp_n(p, NULL), digest[65] = "";
    const char *d = m ? strstr(m, "\"pseudonym_list_sha256\": \"") : NULL;
    if (d) snprintf(digest, sizeof digest, "%.64s", d + strlen("\"pseudonym_list_sha256\": \""));
    free(m);
    CHECK_INT(strlen(digest), 64);
    CHECK_INT(run("audit list --db '%s'", db_target_url), 0);
    char *log = work_file(".stdout"), *line = log ? strstr(log, "research_export") : NULL;
    CHECK(line != NULL);
    if (line) {
        char *end = strchr(line, '\n');
        if (end) *end = '\0';
        CHECK(strstr(log, "\texport\tresearch_export\tLUNG-2026\t") != NULL);
        CHECK(strstr(line, "LUNG-2026") != NULL);
        CHECK(strstr(line, "4 patients") != NULL);
        CHECK(strstr(line, digest) != NULL);
        for (size_t i = 0; consenting[i]; i++) CHECK(strstr(line, consenting[i]) == NULL);
    }
    free(log);
    CHECK_INT(run("audit verify --db '%s'", db_target_url), 0);
    char *out = work_file(".stdout");
    CHECK(out && strncmp(out, "intact", 6) == 0);
    free(out);
    teardown();
}

/* No log entry of an export, no folder, nothing beside it. */
static void nothing_written(const char *out)
{
    char names[64][64];
    CHECK(!exists(out, "", ""));
    size_t n = list_dir("", names);
    for (size_t i = 0; i < n; i++) CHECK(strstr(names[i], ".tmp") == NULL);
    CHECK_INT(run("audit list --db '%s'", db_target_url), 0);
    char *log = work_file(".stdout");
    CHECK(log && strstr(log, "research_export") == NULL);
    free(log);
}

static void bad_keys(void)
{
    SETUP();
    CHECK_INT(export_research("out", "absent", "P"), 2);
    CHECK(err_has("cannot open the research key"));
    CHECK(err_has("--new-key"));
    nothing_written("out");
    write_key("short", key1, 32, 0600);
    CHECK_INT(export_research("out", "short", "P"), 2);
    CHECK(err_has("64 hexadecimal digits"));
    nothing_written("out");
    write_key("open", key1, 2 * ONC_KEY_BYTES, 0644);
    CHECK_INT(export_research("out", "open", "P"), 2);
    CHECK(err_has("readable by others"));
    nothing_written("out");
    CHECK_INT(run("db export --db '%s' --format research -o %s/out", db_target_url, work), 2);
    CHECK(err_has("needs --key FILE"));
    nothing_written("out");
    CHECK_INT(run("db export --db '%s' --format case -o %s/out --key %s/k1", db_target_url, work, work), 2);
    nothing_written("out");
    /* --new-key refuses an existing key and makes a 0600 one where there is none */
    CHECK_INT(run("db export --db '%s' --format research -o %s/out --key %s/k1 --new-key", db_target_url, work, work), 2);
    CHECK(err_has("exists"));
    nothing_written("out");
    CHECK_INT(run("db export --db '%s' --format research -o %s/out --key %s/new --new-key", db_target_url, work, work), 0);
    char p[512];
    struct stat st;
    snprintf(p, sizeof p, "%s/new", work);
    CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size == 65);
    /* the key's text is in no message */
    char *key = test_slurp_n(p, NULL), *err = work_file(".stderr");
    if (key) key[64] = '\0';
    CHECK(key && err && strstr(err, key) == NULL);
    free(key), free(err);
    /* and an existing output folder is refused */
    CHECK_INT(export_research("out", "k1", "P"), 2);
    CHECK(err_has("exists: a research export goes to a new folder"));
    teardown();
}

/* ---- `--format case` for patients changed since their import ---- */

static void case_export_rebuilt(void)
{
    SETUP();
    onc_db_t *db = NULL;
    onc_err_t e = {0};
    CHECK(onc_db_open(db_target_url, NULL, &db, &e) == ONC_OK);
    if (db) CHECK(onc_db_exec(db, "UPDATE case_sources SET current = 0", &e) == ONC_OK);
    CHECK_INT(run("db export --db '%s' --format case -o %s/cases", db_target_url, work), 0);
    CHECK(db && onc_db_begin(db, &e) == ONC_OK);
    char p[600];
    for (size_t i = 0; db && sources[i]; i++) {
        onc_case_t *orig = load(sources[i]), *stored = NULL, *written = NULL;
        if (!orig) continue;
        CHECK(onc_store_get_case(db, orig->id, "os:test", &stored, &e) == ONC_OK);
        snprintf(p, sizeof p, "%s/cases/%s.json", work, orig->id);
        written = load(p);
        /* typed cases: the file rebuilt from the rows is the case, field by field */
        if (stored && written && !orig->samples[0].molecular.n_files) CHECK(case_equal(stored, written));
        /* with lab files: the files' alterations, as typed entries, by name */
        if (stored && written && orig->samples[0].molecular.n_files) {
            onc_molecular_t *s = &stored->samples[0].molecular, *w = &written->samples[0].molecular;
            CHECK_INT(w->n_variants, s->n_variants);
            CHECK_INT(w->n_fusions, s->n_fusions);
            CHECK_INT(w->n_files, 0);
            for (size_t k = 0; k < s->n_variants && k < w->n_variants; k++)
                CHECK_STR(w->variants[k].alteration, s->variants[k].alteration);
        }
        onc_case_free(orig), onc_case_free(stored), onc_case_free(written);
    }
    if (db) onc_db_rollback(db, NULL);
    onc_db_close(db);
    teardown();
}

static const db_test_t tests[] = {
    DB_TEST(consenting_only), DB_TEST(no_identifiers), DB_TEST(intervals_kept), DB_TEST(pseudonyms_stable),
    DB_TEST(audited),         DB_TEST(bad_keys),       DB_TEST(case_export_rebuilt), {NULL, NULL},
};

int main(void)
{
    db_targets_run(tests);
    CHECK_EXIT();
}
