/* test_fhir.c: `db export --format fhir` against the FHIR R4 structure (docs/fhir.md).
 *
 * A small R4 structure checker reads tests/data/fhir/r4_elements.tsv (elements, cardinalities and
 * types transcribed from the R4 specification) and walks every resource of a bundle: a known
 * resourceType, the required elements present, no element R4 does not define, cardinalities
 * (arrays exactly where max is *), one type per choice element (value[x]), ids matching
 * [A-Za-z0-9-.]{1,64}, dates and dateTimes matching R4's patterns (and real calendar days),
 * fullUrls equal to urn:uuid:<id> and unique, and every reference resolving to a fullUrl of the
 * bundle. The checker is shown to fail on broken bundles first.
 *
 * Then: the example cases and the match fixtures are imported into a registry on every back end
 * (db_targets.h) and exported through the library; each bundle passes the checker, the bundles
 * are the same on SQLite and PostgreSQL, SYN-EGFR-01's equals the hand-checked
 * tests/data/fhir/SYN-EGFR-01.bundle.json, and `oncoboard db export --format fhir` writes one
 * file per patient with one "export" audit entry each.
 */
#include "check.h"
#include "db_targets.h"
#include "registry_fixture.h"
#include "cli_run.h"

#include "oncoboard/audit.h"
#include "oncoboard/fhir.h"
#include "oncoboard/gene.h"
#include "oncoboard/oncotree.h"
#include "oncoboard/store.h"

#include <ctype.h>
#include <jansson.h>
#include <regex.h>
#include <sys/stat.h>

/* ---- the R4 element table ---- */

#define ELEMS_MAX 512
typedef struct elem {
    char path[96], types[160];
    int min, many;
} elem_t;
static elem_t elems[ELEMS_MAX];
static size_t n_elems;

/* Splits line at tabs into at most n cells (in place); returns the number of cells. */
static int split_tabs(char *line, char **cell, int n)
{
    int k = 0;
    cell[k++] = line;
    for (char *p = line; *p && k < n; p++)
        if (*p == '\t') *p = '\0', cell[k++] = p + 1;
    return k;
}

static int load_elements(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    int header = 1;
    if (!f) return 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *cell[4];
        if (line[0] == '#' || !line[0]) continue;
        if (split_tabs(line, cell, 4) != 4 || n_elems == ELEMS_MAX) break;
        if (header) {
            header = 0;
            continue;
        }
        elem_t *e = &elems[n_elems++];
        snprintf(e->path, sizeof e->path, "%s", cell[0]);
        snprintf(e->types, sizeof e->types, "%s", cell[3]);
        e->min = cell[1][0] == '1';
        e->many = cell[2][0] == '*';
    }
    fclose(f);
    return n_elems > 100;
}

static const elem_t *elem_find(const char *path)
{
    for (size_t i = 0; i < n_elems; i++)
        if (strcmp(elems[i].path, path) == 0) return &elems[i];
    return NULL;
}

/* Whether any row lies under prefix (a type with rows of its own, a backbone path). */
static int has_rows(const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < n_elems; i++)
        if (strncmp(elems[i].path, prefix, n) == 0 && elems[i].path[n] == '.') return 1;
    return 0;
}

/* ---- the checker ---- */

typedef struct checker {
    json_t *urls;   /* the bundle's fullUrls, as a set */
    int problems;   /* counted, and each printed when verbose */
    int verbose;
} checker_t;

static void problem(checker_t *k, const char *where, const char *what, const char *key)
{
    k->problems++;
    if (k->verbose) fprintf(stderr, "fhir check: %s: %s %s\n", where, what, key ? key : "");
}

static int matches(const char *pattern, const char *s)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB)) return 0;
    int ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

#define YEAR "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
#define MD "-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
#define TIME "(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?"

/* R4's date pattern, and a full date must be a real day. */
static int good_date(const char *s, int with_time)
{
    char pat[400];
    snprintf(pat, sizeof pat, "^" YEAR "(" MD "%s)?)?$", with_time ? TIME : "");
    if (!matches(pat, s)) return 0;
    if (strlen(s) < 10) return 1;
    char day[11];
    onc_date_t d;
    onc_err_t err = {0};
    memcpy(day, s, 10);
    day[10] = '\0';
    return onc_date_parse(day, &d, &err) == ONC_OK;
}

static int good_primitive(const char *type, const json_t *v)
{
    if (!strcmp(type, "boolean")) return json_is_boolean(v);
    if (!strcmp(type, "integer") || !strcmp(type, "unsignedInt")) return json_is_integer(v);
    if (!strcmp(type, "decimal")) return json_is_number(v);
    if (!json_is_string(v)) return 0;
    const char *s = json_string_value(v);
    if (!strcmp(type, "id")) return matches("^[A-Za-z0-9.-]{1,64}$", s);
    if (!strcmp(type, "date")) return good_date(s, 0);
    if (!strcmp(type, "dateTime")) return good_date(s, 1);
    if (!strcmp(type, "code")) return matches("^[^[:space:]]+([[:space:]][^[:space:]]+)*$", s);
    if (!strcmp(type, "uri") || !strcmp(type, "canonical")) return matches("^[^[:space:]]*$", s);
    if (!strcmp(type, "string") || !strcmp(type, "markdown")) return *s != '\0';
    return -1; /* a type the checker does not know: the exporter should not write it */
}

static void check_object(checker_t *k, const char *type, json_t *obj, const char *where, int domain);
static void check_resource(checker_t *k, json_t *r, const char *where);

static void check_value(checker_t *k, const char *type, const char *path, json_t *v, const char *where)
{
    if (!strcmp(type, "BackboneElement")) {
        check_object(k, path, v, where, -1);
    } else if (!strcmp(type, "Resource")) {
        check_resource(k, v, where);
    } else if (has_rows(type)) {
        check_object(k, type, v, where, -1);
        json_t *ref = json_object_get(v, "reference");
        if (!strcmp(type, "Reference") && ref && !json_object_get(k->urls, json_string_value(ref)))
            problem(k, where, "reference resolves to no fullUrl:", json_string_value(ref));
    } else {
        int ok = good_primitive(type, v);
        if (ok < 0) problem(k, where, "type not covered by the checker:", type);
        else if (!ok) problem(k, where, "not a valid", type);
    }
}

/* The element of key under base (choice elements: value[x] and the type from the key's end). */
static const elem_t *resolve(const char *base, const char *key, char *type, size_t cap)
{
    char path[160];
    snprintf(path, sizeof path, "%s.%s", base, key);
    const elem_t *e = elem_find(path);
    if (e) {
        if (strchr(e->types, '|')) return NULL; /* a choice written without its type */
        snprintf(type, cap, "%s", e->types);
        return e;
    }
    size_t nb = strlen(base);
    for (size_t i = 0; i < n_elems; i++) {
        const elem_t *c = &elems[i];
        size_t n = strlen(c->path);
        if (n < 4 || strcmp(c->path + n - 3, "[x]") || strncmp(c->path, base, nb) || c->path[nb] != '.') continue;
        const char *name = c->path + nb + 1;
        size_t stem = strlen(name) - 3;
        if (strchr(name, '.') || strncmp(key, name, stem)) continue;
        const char *suffix = key + stem;
        char types[160];
        snprintf(types, sizeof types, "%s", c->types);
        for (char *p = types, *t = types;; p++) {
            if (*p == '|' || !*p) {
                int last = !*p;
                *p = '\0';
                if (toupper((unsigned char)t[0]) == suffix[0] && !strcmp(t + 1, suffix + 1)) {
                    snprintf(type, cap, "%s", t);
                    return c;
                }
                if (last) break;
                t = p + 1;
            }
        }
    }
    return NULL;
}

static void check_object(checker_t *k, const char *base, json_t *obj, const char *where, int domain)
{
    if (!json_is_object(obj)) {
        problem(k, where, "not an object", NULL);
        return;
    }
    const char *key;
    json_t *v;
    json_t *choices = json_object();
    json_object_foreach(obj, key, v) {
        char type[160], at[300];
        if (domain >= 0 && !strcmp(key, "resourceType")) continue; /* a resource's, checked by the caller */
        const elem_t *e = resolve(base, key, type, sizeof type);
        if (!e && domain == 1) e = resolve("DomainResource", key, type, sizeof type);
        snprintf(at, sizeof at, "%s.%s", where, key);
        if (!e) {
            problem(k, where, "unknown element", key);
            continue;
        }
        if (strstr(e->path, "[x]")) {
            if (json_object_get(choices, e->path)) problem(k, where, "two types for one choice:", e->path);
            json_object_set_new(choices, e->path, json_true());
        }
        if (e->many != json_is_array(v)) {
            problem(k, at, e->many ? "must be an array" : "must not be an array", NULL);
            continue;
        }
        if (e->many && json_array_size(v) == 0) problem(k, at, "empty array", NULL);
        size_t i;
        json_t *item;
        if (e->many) json_array_foreach(v, i, item) check_value(k, type, e->path, item, at);
        else check_value(k, type, e->path, v, at);
    }
    /* required elements */
    size_t nb = strlen(base);
    for (size_t i = 0; i < n_elems; i++) {
        const elem_t *e = &elems[i];
        if (!e->min || strncmp(e->path, base, nb) || e->path[nb] != '.' || strchr(e->path + nb + 1, '.')) continue;
        const char *name = e->path + nb + 1;
        int present = 0;
        if (strstr(name, "[x]")) present = json_object_get(choices, e->path) != NULL;
        else present = json_object_get(obj, name) != NULL;
        if (!present) problem(k, where, "missing required", name);
    }
    json_decref(choices);
}

static const char *const resource_types[] = {"Bundle", "Patient", "Condition", "Observation", "DiagnosticReport",
                                             "MedicationStatement", NULL};

static void check_resource(checker_t *k, json_t *r, const char *where)
{
    const char *type = json_string_value(json_object_get(r, "resourceType"));
    int known = 0;
    for (int i = 0; type && resource_types[i]; i++) known |= !strcmp(type, resource_types[i]);
    if (!known) {
        problem(k, where, "unknown resourceType", type);
        return;
    }
    char at[300];
    snprintf(at, sizeof at, "%s(%s)", where, type);
    check_object(k, type, r, at, strcmp(type, "Bundle") ? 1 : 0);
}

/* Checks a bundle text; the number of problems (0: valid). */
static int check_bundle_text(const char *text, int verbose)
{
    checker_t k = {.urls = json_object(), .verbose = verbose};
    json_error_t je;
    json_t *b = json_loads(text, 0, &je);
    if (!b) {
        if (verbose) fprintf(stderr, "fhir check: not JSON: %s\n", je.text);
        json_decref(k.urls);
        return 1;
    }
    const char *top = json_string_value(json_object_get(b, "resourceType"));
    if (!top || strcmp(top, "Bundle"))
        problem(&k, "$", "not a Bundle", NULL);
    size_t i;
    json_t *entry;
    json_array_foreach(json_object_get(b, "entry"), i, entry) {
        const char *url = json_string_value(json_object_get(entry, "fullUrl"));
        const char *id = json_string_value(json_object_get(json_object_get(entry, "resource"), "id"));
        if (!url || strncmp(url, "urn:uuid:", 9) || !id || strcmp(url + 9, id))
            problem(&k, "entry", "fullUrl is not urn:uuid:<id>:", url);
        else if (json_object_get(k.urls, url)) problem(&k, "entry", "fullUrl twice:", url);
        else json_object_set_new(k.urls, url, json_true());
    }
    check_resource(&k, b, "$");
    json_decref(b);
    json_decref(k.urls);
    return k.problems;
}

/* ---- helpers ---- */

static onc_fhir_codes_t *codes;
static onc_oncotree_t *tree;
static onc_genes_t *genes;

static char *bundle_of(const onc_case_t *c)
{
    onc_fhir_opts_t o;
    onc_fhir_opts_init(&o);
    o.oncotree = tree;
    o.genes = genes;
    char *text = NULL;
    onc_err_t err = {0};
    if (onc_fhir_bundle(c, codes, &o, &text, &err) != ONC_OK) fprintf(stderr, "bundle: %s\n", err.msg);
    return text;
}

/* ---- the checker catches what it should ---- */

static json_t *sample_bundle(void)
{
    onc_case_t *c = NULL;
    onc_err_t err = {0};
    if (onc_case_load("examples/cases/SYN-KRAS-01.json", NULL, &c, &err) != ONC_OK) return NULL;
    char *text = bundle_of(c);
    onc_case_free(c);
    json_t *b = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    return b;
}

static int problems_after(json_t *b)
{
    char *text = json_dumps(b, 0);
    int n = text ? check_bundle_text(text, getenv("FHIR_VERBOSE") != NULL) : -1;
    free(text);
    json_decref(b);
    return n;
}

/* The resource of the first entry with this resourceType. */
static json_t *first_of(json_t *b, const char *type)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(b, "entry"), i, e) {
        json_t *r = json_object_get(e, "resource");
        if (!strcmp(json_string_value(json_object_get(r, "resourceType")), type)) return r;
    }
    return NULL;
}

static void checker_catches_errors(void)
{
    json_t *b = sample_bundle();
    CHECK(b != NULL);
    if (!b) return;
    CHECK_INT(problems_after(json_deep_copy(b)), 0);
    json_t *m;
    m = json_deep_copy(b); /* Observation.status is 1..1 */
    json_object_del(first_of(m, "Observation"), "status");
    CHECK(problems_after(m) > 0);
    m = json_deep_copy(b); /* an element R4 does not define */
    json_object_set_new(first_of(m, "Patient"), "age", json_integer(68));
    CHECK(problems_after(m) > 0);
    m = json_deep_copy(b); /* two types for value[x] */
    json_object_set_new(first_of(m, "Observation"), "valueString", json_string("x"));
    CHECK(problems_after(m) > 0);
    m = json_deep_copy(b); /* a reference to nothing in the bundle */
    json_object_set_new(json_object_get(first_of(m, "Condition"), "subject"), "reference",
                        json_string("urn:uuid:00000000-0000-8000-8000-000000000000"));
    CHECK(problems_after(m) > 0);
    m = json_deep_copy(b); /* not a calendar day */
    json_object_set_new(first_of(m, "Patient"), "birthDate", json_string("1957-02-30"));
    CHECK(problems_after(m) > 0);
    m = json_deep_copy(b); /* a 0..* element as a single object */
    json_t *cat = json_object_get(first_of(m, "Condition"), "category");
    json_object_set(first_of(m, "Condition"), "category", json_array_get(cat, 0));
    CHECK(problems_after(m) > 0);
    m = json_deep_copy(b); /* an id over 64 characters, and the fullUrl no longer matching */
    json_object_set_new(first_of(m, "Patient"), "id", json_string("a123456789b123456789c123456789d123456789e123456789f123456789g12345"));
    CHECK(problems_after(m) > 0);
    m = json_deep_copy(b); /* a resource type the exporter does not write */
    json_object_set_new(first_of(m, "Patient"), "resourceType", json_string("Person"));
    CHECK(problems_after(m) > 0);
    m = json_deep_copy(b); /* Bundle.type is 1..1 */
    json_object_del(m, "type");
    CHECK(problems_after(m) > 0);
    json_decref(b);
}

/* ---- bundles from the registry, on every back end ---- */

static const char *const case_files[] = {"examples/cases/SYN-ALK-01.json", "examples/cases/SYN-EGFR-01.json",
                                         "examples/cases/SYN-KRAS-01.json", "tests/data/match/SYN-KRAS-02.json",
                                         "tests/data/match/SYN-NOSEQ-01.json", NULL};
#define N_CASES 5
static char *first_target[N_CASES]; /* the bundles of the first back end, for the others */

static int import_cases(onc_db_t *db)
{
    onc_err_t err = {0};
    onc_store_put_opts_t o;
    onc_store_put_opts_init(&o);
    onc_rc rc = onc_db_begin(db, &err);
    for (int i = 0; rc == ONC_OK && case_files[i]; i++) {
        onc_case_t *c = NULL;
        rc = onc_case_load(case_files[i], NULL, &c, &err);
        if (rc == ONC_OK) rc = onc_store_put_case(db, c, "os:tester", &o, &err);
        onc_case_free(c);
    }
    if (rc == ONC_OK) rc = registry_commit(db, &err);
    if (rc != ONC_OK) {
        fprintf(stderr, "import: %s\n", err.msg);
        onc_db_rollback(db, NULL);
    }
    return rc == ONC_OK;
}

static char *registry_bundle(onc_db_t *db, const char *id)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    char *text = NULL;
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_get_case(db, id, "os:tester", &c, &err);
    if (rc == ONC_OK) text = bundle_of(c);
    if (rc == ONC_OK) rc = onc_db_commit(db, &err);
    if (rc != ONC_OK) {
        fprintf(stderr, "get %s: %s\n", id, err.msg);
        onc_db_rollback(db, NULL);
    }
    onc_case_free(c);
    return text;
}

static const char *const case_ids[N_CASES] = {"SYN-ALK-01", "SYN-EGFR-01", "SYN-KRAS-01", "SYN-KRAS-02", "SYN-NOSEQ-01"};

static void registry_bundles(void)
{
    onc_db_t *db = open_registry();
    if (!db || !import_cases(db)) {
        check_failed = 1;
        close_registry(db);
        return;
    }
    for (int i = 0; i < N_CASES; i++) {
        char *text = registry_bundle(db, case_ids[i]);
        CHECK(text != NULL);
        if (!text) continue;
        CHECK_INT(check_bundle_text(text, 1), 0);
        if (!first_target[i]) {
            first_target[i] = text;
            continue;
        }
        CHECK_STR(text, first_target[i]); /* the same bundle from every back end */
        free(text);
    }
    close_registry(db);
}

/* The golden: SYN-EGFR-01 as exported from the registry, checked by hand against the IG pages
 * (docs/fhir.md, "The golden bundle"). */
static void golden_egfr(void)
{
    char *want = test_slurp("tests/data/fhir/SYN-EGFR-01.bundle.json");
    CHECK(want != NULL);
    CHECK(first_target[1] != NULL);
    if (want && first_target[1]) CHECK_STR(first_target[1], want);
    free(want);
}

/* What the bundles must say, read from the case files by hand. */
static void content(void)
{
    json_t *b = first_target[2] ? json_loads(first_target[2], 0, NULL) : NULL; /* SYN-KRAS-01 */
    CHECK(b != NULL);
    if (!b) return;
    int patients = 0, conditions = 0, variants = 0, reports = 0, meds = 0, tmb = 0, msi = 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(b, "entry"), i, e) {
        json_t *r = json_object_get(e, "resource");
        const char *type = json_string_value(json_object_get(r, "resourceType"));
        const char *profile = json_string_value(json_array_get(json_object_get(json_object_get(r, "meta"), "profile"), 0));
        patients += !strcmp(type, "Patient");
        conditions += !strcmp(type, "Condition");
        reports += !strcmp(type, "DiagnosticReport");
        meds += !strcmp(type, "MedicationStatement");
        if (profile && strstr(profile, "mcode-genomic-variant")) variants++;
        if (profile && strstr(profile, "genomics-reporting/StructureDefinition/tmb")) {
            tmb++;
            CHECK(json_real_value(json_object_get(json_object_get(r, "valueQuantity"), "value")) == 14.0);
        }
        if (profile && strstr(profile, "genomics-reporting/StructureDefinition/msi")) {
            msi++;
            json_t *coding = json_array_get(json_object_get(json_object_get(r, "valueCodeableConcept"), "coding"), 0);
            CHECK_STR(json_string_value(json_object_get(coding, "code")), "LA14122-8"); /* MSS: Stable */
        }
    }
    /* SYN-KRAS-01: its MAF holds KRAS G12C, STK11 D194Y, KEAP1 G333C (3 variants) and the case
       types CDKN2A deletion (1 copy-number call): 4 variant observations in 1 report; one
       therapy line with one agent */
    CHECK_INT(patients, 1);
    CHECK_INT(conditions, 1);
    CHECK_INT(reports, 1);
    CHECK_INT(variants, 4);
    CHECK_INT(meds, 1);
    CHECK_INT(tmb, 1);
    CHECK_INT(msi, 1);
    json_decref(b);
}

/* The components of the first observation in b whose note is note (NULL: the first of profile). */
static json_t *resource_with_note(json_t *b, const char *note)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(b, "entry"), i, e) {
        json_t *r = json_object_get(e, "resource");
        const char *t = json_string_value(json_object_get(json_array_get(json_object_get(r, "note"), 0), "text"));
        if (t && !strcmp(t, note)) return r;
    }
    return NULL;
}

/* The code of the value of component i of observation r. */
static const char *component_code(json_t *r, size_t i)
{
    json_t *c = json_array_get(json_object_get(r, "component"), i);
    json_t *coding = json_array_get(json_object_get(json_object_get(c, "valueCodeableConcept"), "coding"), 0);
    return json_string_value(json_object_get(coding, "code"));
}

/* Fusions, copy-number calls, RxNorm codes and what is left out, read off the case files. */
static void structural_and_absent(void)
{
    json_t *alk = first_target[0] ? json_loads(first_target[0], 0, NULL) : NULL;   /* SYN-ALK-01 */
    json_t *kras = first_target[2] ? json_loads(first_target[2], 0, NULL) : NULL;  /* SYN-KRAS-01 */
    json_t *noseq = first_target[4] ? json_loads(first_target[4], 0, NULL) : NULL; /* SYN-NOSEQ-01 */
    CHECK(alk && kras && noseq);
    if (alk && kras && noseq) {
        /* SYN-ALK-01_rna_fusions.tsv: EML4-ALK; the two partners, 5' first, then the change type */
        json_t *f = resource_with_note(alk, "EML4-ALK fusion");
        CHECK(f != NULL);
        CHECK_STR(component_code(f, 0), "HGNC:1316");
        CHECK_STR(component_code(f, 1), "HGNC:427");
        CHECK_STR(component_code(f, 2), "SO:0002062");
        /* alectinib has an RxNorm row (mCODE's GenomeX examples) */
        json_t *med = first_of(alk, "MedicationStatement");
        json_t *coding = json_array_get(json_object_get(json_object_get(med, "medicationCodeableConcept"), "coding"), 0);
        CHECK_STR(json_string_value(json_object_get(coding, "code")), "1727455");
        CHECK_STR(json_string_value(json_object_get(med, "status")), "unknown"); /* no end date */
        /* age 44, no birth date: none written */
        json_t *p = first_of(alk, "Patient");
        CHECK(json_object_get(p, "birthDate") == NULL);
        CHECK_STR(json_string_value(json_object_get(p, "gender")), "male");
        /* SYN-KRAS-01: CDKN2A "deletion" -> copy_number_loss, the call in the note, no copies */
        json_t *cn = resource_with_note(kras, "deletion");
        CHECK(cn != NULL);
        CHECK_STR(component_code(cn, 0), "HGNC:1787");
        CHECK_STR(component_code(cn, 1), "SO:0001743");
        CHECK_INT(json_array_size(json_object_get(cn, "component")), 2);
        /* pembrolizumab has no RxNorm row: text only */
        json_t *pem = json_object_get(first_of(kras, "MedicationStatement"), "medicationCodeableConcept");
        CHECK(json_object_get(pem, "coding") == NULL);
        CHECK_STR(json_string_value(json_object_get(pem, "text")), "pembrolizumab");
        /* SYN-NOSEQ-01: nothing sequenced, so no genomics report; ECOG 1 */
        CHECK(first_of(noseq, "DiagnosticReport") == NULL);
        CHECK_INT(json_integer_value(json_object_get(first_of(noseq, "Observation"), "valueInteger")), 1);
    }
    json_decref(alk);
    json_decref(kras);
    json_decref(noseq);
}

/* The code table refuses bad rows (file:line and field) and never writes an unverified one. */
static void code_table_rows(void)
{
    char dir[] = "/tmp/oncoboard-fhircodes-XXXXXX", path[300];
    if (!mkdtemp(dir)) return;
    snprintf(path, sizeof path, "%s/fhir_codes.tsv", dir);
    static const char *const bad[] = {
        "key\tsystem\tcode\tdisplay\tverified\tsource\ngene:EGFR\thttp://www.genenames.org/geneId\tHGNC:3236\tEGFR\tmaybe\tX\n",
        "key\tsystem\tcode\tdisplay\tverified\tsource\ngene:EGFR\ts\tc\td\tyes\t\n",
        "key\tsystem\tcode\tdisplay\tverified\tsource\ngene:EGFR\ts\tc\td\tyes\tX\ngene:EGFR\ts\tc\td\tyes\tX\n",
        "key\tsystem\tcode\tdisplay\tverified\n",
    };
    static const char *const field[] = {"verified", "source", "key", "source"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        FILE *f = fopen(path, "w");
        if (!f) break;
        fputs(bad[i], f);
        fclose(f);
        onc_err_t err = {0};
        onc_fhir_codes_t *t = onc_fhir_codes_load(dir, &err);
        CHECK(t == NULL);
        CHECK(strstr(err.msg, "fhir_codes.tsv:") != NULL);
        CHECK(strstr(err.msg, field[i]) != NULL);
        onc_fhir_codes_free(t);
    }
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("# unverified rows stay in the file and out of bundles\nkey\tsystem\tcode\tdisplay\tverified\tsource\n"
              "agent:osimertinib\thttp://www.nlm.nih.gov/research/umls/rxnorm\t0\tosimertinib\tno\tX\n"
              "agent:alectinib\thttp://www.nlm.nih.gov/research/umls/rxnorm\t1727455\talectinib\tyes\tX\n",
              f);
        fclose(f);
    }
    onc_err_t err = {0};
    onc_fhir_codes_t *t = onc_fhir_codes_load(dir, &err);
    CHECK(t != NULL);
    CHECK(onc_fhir_code_find(t, "agent:osimertinib") == NULL);
    CHECK(onc_fhir_code_find(t, "agent:alectinib") != NULL);
    onc_fhir_codes_free(t);
    unlink(path);
    rmdir(dir);
}

/* A variant given by coordinates keeps them whole in its note, however long the alleles. */
static void coordinates_note(void)
{
    char ref[302], text[1024];
    memset(ref, 'A', 300);
    ref[300] = 'C';
    ref[301] = '\0';
    snprintf(text, sizeof text,
             "{\"case_format\": 1, \"id\": \"T-COORD\", \"molecular\": {\"genome\": \"GRCh38\", "
             "\"variants\": [{\"chrom\": \"7\", \"pos\": 1000, \"ref\": \"%s\", \"alt\": \"A\"}]}}",
             ref);
    onc_case_t *c = NULL;
    onc_err_t err = {0};
    CHECK(onc_case_parse(text, strlen(text), "coord.json", NULL, NULL, &c, &err) == ONC_OK);
    char *bundle = c ? bundle_of(c) : NULL;
    CHECK(bundle != NULL);
    if (bundle) {
        CHECK_INT(check_bundle_text(bundle, 1), 0);
        char want[400];
        snprintf(want, sizeof want, "7:1000 %s>A on GRCh38", ref);
        json_t *b = json_loads(bundle, 0, NULL);
        CHECK(b && resource_with_note(b, want) != NULL);
        json_decref(b);
    }
    free(bundle);
    onc_case_free(c);
}

/* ---- the command, audited ---- */

static int count_exports(const onc_audit_row_t *row, void *ctx)
{
    if (!strcmp(row->action, "export") && row->detail && !strcmp(row->detail, "FHIR R4 bundle")) ++*(int *)ctx;
    return 0;
}

static void command_audited(void)
{
    struct stat st;
    if (stat("./oncoboard", &st) != 0) {
        snprintf(check_skip_reason, sizeof check_skip_reason, "./oncoboard not built");
        check_skipped = 1;
        return;
    }
    char dir[] = "/tmp/oncoboard-fhir-XXXXXX", cmd[600], path[600];
    if (!mkdtemp(dir)) return;
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    CHECK_INT(cli_run(dir, "db init --db sqlite:%s/r.db", dir), 0);
    CHECK_INT(cli_run(dir, "db import --db sqlite:%s/r.db examples/cases tests/data/match/SYN-KRAS-02.json "
                           "tests/data/match/SYN-NOSEQ-01.json", dir), 0);
    CHECK_INT(cli_run(dir, "db export --db sqlite:%s/r.db --format fhir -o %s/bundles", dir, dir), 0);
    for (int i = 0; i < N_CASES; i++) {
        snprintf(path, sizeof path, "%s/bundles/%s.fhir.json", dir, case_ids[i]);
        char *text = test_slurp(path);
        CHECK(text != NULL);
        if (text) CHECK_INT(check_bundle_text(text, 1), 0);
        if (text && i == 1) { /* the file is the library's bundle of the registry's case */
            char *want = test_slurp("tests/data/fhir/SYN-EGFR-01.bundle.json");
            if (want) CHECK_STR(text, want);
            free(want);
        }
        free(text);
    }
    snprintf(path, sizeof path, "sqlite:%s/r.db", dir);
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    int n = 0;
    CHECK(onc_db_open(path, NULL, &db, &err) == ONC_OK);
    CHECK(db && onc_audit_list(db, NULL, NULL, count_exports, &n, &err) == ONC_OK);
    CHECK_INT(n, N_CASES); /* one export entry per patient */
    CHECK(db && onc_audit_verify(db, NULL, &err) == ONC_OK);
    onc_db_close(db);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
}

int main(void)
{
    onc_err_t err = {0};
    if (!load_elements("tests/data/fhir/r4_elements.tsv") || !(codes = onc_fhir_codes_load(NULL, &err)) ||
        !(tree = onc_oncotree_load(NULL, &err)) || !(genes = onc_genes_load(NULL, &err))) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return 1;
    }
    RUN(checker_catches_errors);
    static const db_test_t tests[] = {DB_TEST(registry_bundles), {NULL, NULL}};
    if (registry_fixture_start() != 0) return 1;
    db_targets_run(tests);
    registry_fixture_end();
    RUN(golden_egfr);
    RUN(content);
    RUN(structural_and_absent);
    RUN(code_table_rows);
    RUN(coordinates_note);
    RUN(command_audited);
    for (int i = 0; i < N_CASES; i++) free(first_target[i]);
    onc_fhir_codes_free(codes);
    onc_oncotree_free(tree);
    onc_genes_free(genes);
    CHECK_EXIT();
}
