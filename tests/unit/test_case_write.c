/* test_case_write.c: onc_case_write_json, the case writer (case.h).
 *
 * Round trips over every case file the repository holds (examples/cases, tests/data/case,
 * tests/data/match): load -> write -> load gives a case equal field by field (case_equal.h), and
 * writing that case again gives the same bytes. Files that do not load are the fixtures of
 * errors (bad-*, missing-*, malformed*): any other file that fails is a failure.
 * Then the cases a registry row gives (no protein change as given, only hgvsp/hgvsc) and what
 * the writer refuses.
 */
#include "check.h"
#include "case_equal.h"

#include "oncoboard/case.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The case c written to a new string (caller frees); NULL after a failed CHECK. */
static char *write_text(const onc_case_t *c, size_t *len)
{
    char *text = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&text, &n);
    onc_err_t e = {0};
    onc_rc rc = fp ? onc_case_write_json(c, fp, &e) : ONC_EIO;
    if (fp) fclose(fp);
    if (rc != ONC_OK) {
        fprintf(stderr, "write %s: %s\n", c->name, e.msg);
        check_failed = 1;
        free(text);
        return NULL;
    }
    if (len) *len = n;
    return text;
}

static int error_fixture(const char *name)
{
    return strncmp(name, "bad-", 4) == 0 || strncmp(name, "missing-", 8) == 0 ||
           strncmp(name, "malformed", 9) == 0;
}

/* load -> write -> load (relative file paths resolved from the same folder) -> equal; and the
 * second write gives the first's bytes. 1 when the file loaded. */
static int round_trip(const char *dir, const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    onc_case_t *a = NULL, *b = NULL;
    onc_err_t e = {0};
    if (onc_case_load(path, NULL, &a, &e) != ONC_OK) {
        if (!error_fixture(file)) fprintf(stderr, "load %s: %s\n", path, e.msg), check_failed = 1;
        return 0;
    }
    size_t len = 0;
    char *text = write_text(a, &len);
    if (text && onc_case_parse(text, len, path, dir, NULL, &b, &e) != ONC_OK) {
        fprintf(stderr, "reload %s: %s\n--\n%s\n", path, e.msg, text);
        check_failed = 1;
    }
    if (b && !case_equal(a, b)) fprintf(stderr, "--\n%s\n", text);
    char *again = b ? write_text(b, NULL) : NULL;
    if (b) CHECK(again && strcmp(again, text) == 0);
    free(again);
    free(text);
    onc_case_free(a);
    onc_case_free(b);
    return 1;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Round trips every *.json of dir; the number that loaded. */
static int round_trip_dir(const char *dir)
{
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d) return 0;
    char *names[256];
    size_t n = 0;
    for (struct dirent *ent; (ent = readdir(d)) != NULL && n < 256;) {
        size_t k = strlen(ent->d_name);
        if (k > 5 && strcmp(ent->d_name + k - 5, ".json") == 0) names[n++] = strdup(ent->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    int loaded = 0;
    for (size_t i = 0; i < n; i++) {
        loaded += round_trip(dir, names[i]);
        free(names[i]);
    }
    return loaded;
}

/* The counts of valid case files, by hand from each folder's listing: in tests/data/case full,
 * minimal, nulls, samples, with-files, and bad-file and includes-case, whose errors are in the
 * files they reference (found when those are read, not when the case is loaded). */
static void test_examples(void) { CHECK_INT(round_trip_dir("examples/cases"), 3); }
static void test_case_fixtures(void) { CHECK_INT(round_trip_dir("tests/data/case"), 7); }
static void test_match_fixtures(void) { CHECK_INT(round_trip_dir("tests/data/match"), 2); }

/* Every field of full.json is in the written text under its format name, and nothing else of the
 * file: the unknown field and the notes are not written. */
static void test_full_text(void)
{
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    CHECK(onc_case_load("tests/data/case/full.json", NULL, &c, &e) == ONC_OK);
    if (!c) return;
    char *text = write_text(c, NULL);
    if (text) {
        static const char *const want[] = {
            "\"case_format\": 1", "\"birth_date\": \"1958-03-14\"", "\"age\": 67", "\"consent\": {\"research\": true}",
            "\"outcome\": {\"vital_status\": \"alive\", \"last_follow_up\": \"2026-03-15\"}",
            "\"oncotree_code\": \"LUAD\"", "\"tmb\": 8.2", "{\"marker\": \"c-MET\", \"percent\": 60, \"intensity\": \"3+\"}",
            "\"agents\": [\"osimertinib\"]", "\"progression_date\": \"2026-01-05\"", "{\"gene\": \"ROS1\", \"types\": [\"cna\", \"fusion\"]}",
            "{\"gene\": \"MET\", \"coding_change\": \"c.3028+1G>T\"}",
            "{\"chrom\": \"7\", \"pos\": 55191822, \"ref\": \"T\", \"alt\": \"G\"}",
            "{\"gene\": \"CDKN2A\", \"call\": \"deletion\"}", "\"specimen\": \"tissue\"",
        };
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
            if (!strstr(text, want[i])) fprintf(stderr, "missing %s in:\n%s\n", want[i], text), check_failed = 1;
        CHECK(strstr(text, "unknown field") == NULL);
        CHECK(strstr(text, "_comment") == NULL);
        CHECK(strstr(text, "null") == NULL);
    }
    free(text);
    onc_case_free(c);
}

/* A case as the registry rebuilds it: a lab-file variant with only its normalised names is
 * written by them, and reads back to the same alteration. */
static void test_registry_variant(void)
{
    onc_case_t *c = onc_case_new();
    if (!c) return;
    c->id = "R1";
    c->name = "R1";
    onc_sample_t *s = onc_case_alloc(c, sizeof *s);
    onc_sample_init(s);
    s->id = "R1";
    s->has_molecular = 1;
    onc_molecular_init(&s->molecular);
    onc_case_variant_t *v = onc_case_alloc(c, 3 * sizeof *v);
    for (int i = 0; i < 3; i++) onc_case_variant_init(&v[i]);
    v[0].gene = "KRAS", v[0].alteration = "G12C", v[0].hgvsp = "p.G12C", v[0].hgvsc = "c.34G>T", v[0].vaf = 0.25;
    v[1].gene = "MET", v[1].alteration = "X1010_splice", v[1].hgvsc = "c.3028+1G>T";
    v[2].gene = "BRAF", v[2].alteration = "V600E";
    s->molecular.variants = v;
    s->molecular.n_variants = 3;
    c->samples = s;
    c->n_samples = 1;
    size_t len = 0;
    char *text = write_text(c, &len);
    onc_case_t *b = NULL;
    onc_err_t e = {0};
    CHECK(text && onc_case_parse(text, len, "R1.json", NULL, NULL, &b, &e) == ONC_OK);
    if (b) {
        CHECK_INT(b->samples[0].molecular.n_variants, 3);
        CHECK_STR(b->samples[0].molecular.variants[0].alteration, "G12C");
        CHECK_STR(b->samples[0].molecular.variants[0].hgvsc, "c.34G>T");
        CHECK_NEAR(b->samples[0].molecular.variants[0].vaf, 0.25, 0);
        CHECK_STR(b->samples[0].molecular.variants[1].alteration, "X1010_splice");
        CHECK_STR(b->samples[0].molecular.variants[2].alteration, "V600E");
    }
    /* a variant with nothing the format can name it by is refused, naming it */
    v[2].alteration = NULL;
    FILE *fp = fopen("/dev/null", "w");
    memset(&e, 0, sizeof e);
    CHECK(fp && onc_case_write_json(c, fp, &e) == ONC_EINVAL);
    CHECK(strstr(e.msg, "variant 3 (BRAF)") != NULL);
    if (fp) fclose(fp);
    free(text);
    onc_case_free(b);
    onc_case_free(c);
}

/* Numbers come back as the same double, with as few digits as that takes. */
static void test_numbers(void)
{
    onc_case_t *c = onc_case_new();
    if (!c) return;
    c->id = "N1";
    c->name = "N1";
    c->biomarkers.pdl1_tps = 100.0 / 3.0;
    c->biomarkers.pdl1_cps = 1e-7;
    c->biomarkers.tmb = 0.1;
    onc_lab_t *lab = onc_case_alloc(c, sizeof *lab);
    onc_lab_init(lab);
    lab->name = "x";
    lab->value = -0.0; /* found by fuzz_case_write: "-0" reads back as the integer 0 */
    c->labs = lab;
    c->n_labs = 1;
    size_t len = 0;
    char *text = write_text(c, &len);
    CHECK(text && strstr(text, "\"tmb\": 0.1\n"));
    onc_case_t *b = NULL;
    onc_err_t e = {0};
    CHECK(text && onc_case_parse(text, len, "N1.json", NULL, NULL, &b, &e) == ONC_OK);
    if (b) {
        CHECK(b->biomarkers.tmb == 0.1);
        CHECK(b->biomarkers.pdl1_tps == 100.0 / 3.0);
        CHECK(b->biomarkers.pdl1_cps == 1e-7);
        CHECK(b->n_labs == 1 && b->labs[0].value == 0 && signbit(b->labs[0].value));
    }
    free(text);
    onc_case_free(b);
    onc_case_free(c);
}

/* The comparison itself sees a change in a nested field (so that the round trips prove something). */
static void test_compare_sees_differences(void)
{
    onc_case_t *a = NULL, *b = NULL;
    onc_err_t e = {0};
    CHECK(onc_case_load("tests/data/case/samples.json", NULL, &a, &e) == ONC_OK);
    CHECK(onc_case_load("tests/data/case/samples.json", NULL, &b, &e) == ONC_OK);
    if (!a || !b) return;
    CHECK(case_equal(a, b));
    b->samples[1].molecular.copy_number[1].copies = 1;
    int equal = case_equal(a, b);
    check_failed = 0; /* the difference was wanted */
    CHECK(!equal);
    onc_case_free(a);
    onc_case_free(b);
}

int main(void)
{
    RUN(test_compare_sees_differences);
    RUN(test_examples);
    RUN(test_case_fixtures);
    RUN(test_match_fixtures);
    RUN(test_full_text);
    RUN(test_registry_variant);
    RUN(test_numbers);
    CHECK_EXIT();
}
