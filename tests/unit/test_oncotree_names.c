/* test_oncotree_names.c: finding OncoTree nodes by the names curators and MatchMiner write
 * (onc_oncotree_find_name: dashes, spacing, former names from kb/oncotree_former_names.tsv),
 * and MatchMiner v2.2.3's diagnosis expansion compared with ours.
 *
 * Expected nodes come from kb/oncotree.tsv (oncotree_2026_05_21) and the sources cited in
 * kb/oncotree_former_names.tsv. The comparison reads MatchMiner's oncotree_mapping.json (v2.2.3,
 * ../shared/data; SKIP without it): for every key, MatchMiner's list of names (the key and its
 * descendants in MatchMiner's OncoTree release) is resolved name by name with our lookup and
 * compared, as a set of nodes, with our expansion (the key's node and its descendants;
 * _SOLID_/_LIQUID_ by onc_tumor_type_is_solid/is_liquid). Equality is asserted for the keys
 * the seed data's trials use and the thoracic ones, up to nodes added since MatchMiner's
 * release (listed); the rest is counted, and written as a markdown table to the file named by
 * $ONCOBOARD_ONCOTREE_REPORT (docs/oncotree.md holds the table).
 */
#include "check.h"

#include "model/model_oncotree_int.h"
#include "oncoboard/oncotree.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static onc_oncotree_t *tree;

static const char *code_of(const char *name)
{
    const onc_tumor_type_t *n[4];
    size_t k = onc_oncotree_find_name(tree, name, n, 4);
    return k == 1 ? onc_tumor_type_code(n[0]) : k ? "(several)" : NULL;
}

static void keys_fold_case_dashes_and_spacing(void)
{
    char k[64];
    CHECK_INT(ot_name_key("  Salivary  Gland \xE2\x80\x93 Type\tTumor ", k, sizeof k), 25);
    CHECK_STR(k, "salivary gland-type tumor");
    CHECK_INT(ot_name_key("A\xE2\x80\x94" "B\xE2\x88\x92" "C", k, sizeof k), 5); /* em dash, minus */
    CHECK_STR(k, "a-b-c");
    CHECK_INT(ot_name_key("abcdef", k, 4), -1); /* does not fit */
    CHECK_INT(ot_name_key("", k, sizeof k), 0);
}

static void names_found_despite_dashes_and_spacing(void)
{
    CHECK_STR(code_of("Salivary Gland-Type Tumor of the Lung"), "SGTTL");
    CHECK_STR(code_of("Salivary Gland\xE2\x80\x93Type Tumor of the Lung"), "SGTTL"); /* en dash */
    CHECK_STR(code_of("salivary gland \xE2\x80\x94 type tumor of the lung"), "SGTTL"); /* em dash, spaced */
    CHECK_STR(code_of("  Non-Small   Cell Lung Cancer "), "NSCLC");
    CHECK(code_of("Non Small Cell Lung Cancer") == NULL); /* a hyphen is not a space */
    CHECK(code_of("Mature Teratoma") != NULL && !strcmp(code_of("Mature Teratoma"), "(several)"));
}

static void former_names_found(void)
{
    CHECK_STR(code_of("Multiple Myeloma"), "PCM");          /* history */
    CHECK_STR(code_of("T-Cell Acute Lymphoid Leukemia"), "TLL"); /* precursor */
    CHECK_STR(code_of("Lymph"), "LYMPH");                   /* same code, renamed */
    CHECK_STR(code_of("glioblastoma"), "GB");
    CHECK_STR(code_of("Diffuse Large B-Cell Lymphoma"), "DLBCLNOS");
    CHECK_STR(code_of("Lung"), "LUNG");                     /* a current name */
    CHECK(code_of("Blood") == NULL);                        /* no successor: left out */
    CHECK(code_of("Peripheral T-Cell Lymphoma") == NULL);   /* revoked by OncoTree */
}

static void bad_former_rows_are_errors(void)
{
    static const char *const rows[][2] = {
        {"Old Name\tNOPE\tsame_code\ttrue\tS\t\n", "f.tsv:2: field code"},
        {"lung  \tLUAD\tsame_code\ttrue\tS\t\n", "f.tsv:2: field former_name"},
        {"Old Name\tLUAD\tsame_code\tmaybe\tS\t\n", "f.tsv:2: field verified"},
        {"Old Name\tLUAD\tsame_code\ttrue\t\t\n", "f.tsv:2: field source"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "former_name\tcode\trelation\tverified\tsource\tnote\n%s", rows[i][0]);
        onc_err_t err = {0};
        size_t before = tree->n_former;
        CHECK(ot_parse_former(tree, text, strlen(text), "f.tsv", &err) != ONC_OK);
        if (!strstr(err.msg, rows[i][1])) fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.msg, rows[i][1]);
        CHECK(strstr(err.msg, rows[i][1]) != NULL);
        CHECK_INT(tree->n_former, before);
    }
}

/* ---- MatchMiner v2.2.3's expansion ---- */

#define MAXN 2048

typedef struct expansion {
    const onc_tumor_type_t *nodes[MAXN];
    size_t n;
    const char *unresolved[MAXN]; /* MatchMiner names we cannot resolve */
    size_t n_unresolved;
} expansion_t;

static void add_node(expansion_t *x, const onc_tumor_type_t *n)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->nodes[i] == n) return;
    if (x->n < MAXN) x->nodes[x->n++] = n;
}

static bool has_node(const expansion_t *x, const onc_tumor_type_t *n)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->nodes[i] == n) return true;
    return false;
}

/* MatchMiner's list resolved name by name (every node of a repeated name). */
static void theirs(json_t *list, expansion_t *x)
{
    size_t i;
    json_t *v;
    x->n = x->n_unresolved = 0;
    json_array_foreach(list, i, v) {
        const onc_tumor_type_t *hits[8];
        const char *name = json_string_value(v);
        size_t k = name ? onc_oncotree_find_name(tree, name, hits, 8) : 0;
        if (!k && x->n_unresolved < MAXN) x->unresolved[x->n_unresolved++] = name;
        for (size_t h = 0; h < k && h < 8; h++) add_node(x, hits[h]);
    }
}

/* Ours: the nodes of key and everything under them; _SOLID_ and _LIQUID_ by class. */
static bool ours(const char *key, expansion_t *x)
{
    x->n = x->n_unresolved = 0;
    bool solid = !strcmp(key, "_SOLID_"), liquid = !strcmp(key, "_LIQUID_");
    if (solid || liquid) {
        for (size_t i = 0; i < onc_oncotree_size(tree); i++) {
            const onc_tumor_type_t *n = onc_oncotree_at(tree, i);
            if (solid ? onc_tumor_type_is_solid(n) : onc_tumor_type_is_liquid(n)) add_node(x, n);
        }
        return true;
    }
    const onc_tumor_type_t *hits[8];
    size_t k = onc_oncotree_find_name(tree, key, hits, 8);
    for (size_t h = 0; h < k && h < 8; h++)
        for (size_t i = 0; i < onc_tumor_type_subtree_size(hits[h]); i++)
            add_node(x, onc_oncotree_at(tree, onc_tumor_type_index(hits[h]) + i));
    return k > 0;
}

static bool in_list(const char *const *list, const char *code)
{
    for (; list && *list; list++)
        if (!strcmp(*list, code)) return true;
    return false;
}

/* Equal up to `added` (codes of nodes new since MatchMiner's release) and `gone` (names of
 * its release that no node has now); differences on f. */
static bool same_expansion(const char *key, json_t *list, const char *const *added, const char *const *gone, FILE *f)
{
    static expansion_t a, b;
    theirs(list, &a);
    bool known = ours(key, &b), same = known;
    for (size_t i = 0; i < a.n_unresolved; i++) same &= in_list(gone, a.unresolved[i]);
    for (size_t i = 0; i < b.n; i++)
        if (!has_node(&a, b.nodes[i]) && !in_list(added, onc_tumor_type_code(b.nodes[i]))) {
            same = false;
            if (f) fprintf(f, "%s: only ours: %s\n", key, onc_tumor_type_code(b.nodes[i]));
        }
    for (size_t i = 0; i < a.n; i++)
        if (!has_node(&b, a.nodes[i])) {
            same = false;
            if (f) fprintf(f, "%s: only MatchMiner's: %s\n", key, onc_tumor_type_code(a.nodes[i]));
        }
    for (size_t i = 0; f && i < a.n_unresolved; i++) fprintf(f, "%s: unresolved: %s\n", key, a.unresolved[i]);
    return same;
}

static json_t *load_mapping(void)
{
    const char *path = shared_data("matchminer/ctims-matchminer-engine/matchengine/defaults/plugins/oncotree_mapping.json");
    json_error_t jerr;
    json_t *map = path ? json_load_file(path, 0, &jerr) : NULL;
    if (path && !map) fprintf(stderr, "%s: %s\n", path, jerr.text);
    return map;
}

/* Nodes of oncotree_2026_05_21 that MatchMiner's release lacks (docs/oncotree.md, Release). */
static const char *const lung_new[] = {"AAH", "CMPT", "LAIS", "MLUAD", "NUTCL", "LUPC", "SCIS", "SML", NULL};
/* Spitzoid Melanoma is under Melanoma now and not in MatchMiner's list; MatchMiner's
 * "Genitourinary Mucosal Melanoma" has no node of that name or former name here (its
 * successor was not looked up: docs/oncotree.md). */
static const char *const melanoma_new[] = {"SPZM", NULL};
static const char *const melanoma_gone[] = {"Genitourinary Mucosal Melanoma", NULL};

static void matchminer_keys_that_matter(void)
{
    json_t *map = load_mapping();
    if (!map) SKIP("no shared data (ctims-matchminer-engine oncotree_mapping.json)");
    static const struct {
        const char *key;
        size_t n_names; /* the mapping's own count, read from the file */
        const char *const *added, *const *gone;
    } cases[] = {
        {"Lung", 26, lung_new, NULL},
        {"Non-Small Cell Lung Cancer", 15, lung_new, NULL},
        {"Lung Adenocarcinoma", 1, lung_new, NULL},
        {"Pleuropulmonary Blastoma", 1, NULL, NULL},
        {"Merkel Cell Carcinoma", 1, NULL, NULL},
        {"Melanoma", 8, melanoma_new, melanoma_gone},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *list = json_object_get(map, cases[i].key);
        CHECK(list != NULL);
        if (!list) continue;
        CHECK_INT(json_array_size(list), cases[i].n_names);
        if (!same_expansion(cases[i].key, list, cases[i].added, cases[i].gone, stderr)) check_failed = 1;
    }
    json_decref(map);
}

/* For the seed data: every patient's diagnosis falls under a key used by the integration
 * trials (Breast, Lung, Skin, _SOLID_, _LIQUID_ ...) in our tree exactly when it is in
 * MatchMiner's list for that key. */
static void matchminer_seed_diagnoses(void)
{
    json_t *map = load_mapping();
    const char *cpath = shared_data("matchminer/ctims-matchminer-engine/matchengine/tests/seed_data/clinical.ejson");
    json_error_t jerr;
    json_t *clin = cpath ? json_load_file(cpath, 0, &jerr) : NULL;
    if (!map || !clin) {
        json_decref(map);
        json_decref(clin);
        SKIP("no shared data (ctims-matchminer-engine seed data)");
    }
    static const char *const keys[] = {"Breast", "Lung", "Lung Adenocarcinoma", "Non-Small Cell Lung Cancer",
                                       "Merkel Cell Carcinoma", "Pleuropulmonary Blastoma", "Skin", "Melanoma",
                                       "_SOLID_", "_LIQUID_"};
    static expansion_t ex;
    size_t i, compared = 0;
    json_t *doc;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        json_t *list = json_object_get(map, keys[k]);
        CHECK(list && ours(keys[k], &ex));
        json_array_foreach(clin, i, doc) {
            const char *dx = json_string_value(json_object_get(doc, "ONCOTREE_PRIMARY_DIAGNOSIS_NAME"));
            const onc_tumor_type_t *hits[4];
            size_t j, nh = dx ? onc_oncotree_find_name(tree, dx, hits, 4) : 0;
            json_t *v;
            bool theirs_has = false, ours_has = false;
            json_array_foreach(list, j, v) theirs_has |= dx && !strcmp(json_string_value(v), dx);
            for (size_t h = 0; h < nh && h < 4; h++) ours_has |= has_node(&ex, hits[h]);
            if (!nh) continue; /* "NA", "No OncoTree Node Found": matches no key in either */
            compared++;
            if (theirs_has != ours_has) {
                fprintf(stderr, "%s under %s: MatchMiner %d, ours %d\n", dx, keys[k], theirs_has, ours_has);
                check_failed = 1;
            }
        }
    }
    CHECK_INT(compared, 10 * 128); /* 10 keys x 128 seed diagnoses that resolve (all but "NA" and
                                      "No OncoTree Node Found", counted with Python's json) */
    json_decref(map);
    json_decref(clin);
}

/* Up to 4 names of a list, then "..." : for the table. */
static void print_some(FILE *f, const char *what, const char *const *names, size_t n, bool *first)
{
    if (!n) return;
    fprintf(f, "%s%zu %s (", *first ? "" : "; ", n, what);
    for (size_t i = 0; i < n && i < 4; i++) fprintf(f, "%s%s", i ? ", " : "", names[i]);
    fprintf(f, "%s)", n > 4 ? ", ..." : "");
    *first = false;
}

/* One row of the differences table: | MatchMiner name | our node | why it differs |. */
static void report_row(FILE *f, const char *key, json_t *list)
{
    static expansion_t a, b;
    static const char *extra[MAXN], *elsewhere[MAXN];
    size_t n_extra = 0, n_elsewhere = 0;
    theirs(list, &a);
    bool known = ours(key, &b);
    for (size_t i = 0; i < b.n; i++)
        if (!has_node(&a, b.nodes[i])) extra[n_extra++] = onc_tumor_type_code(b.nodes[i]);
    for (size_t i = 0; i < a.n; i++)
        if (!has_node(&b, a.nodes[i])) elsewhere[n_elsewhere++] = onc_tumor_type_code(a.nodes[i]);
    fprintf(f, "| %s | ", key);
    const onc_tumor_type_t *hits[4];
    size_t k = key[0] == '_' ? 0 : onc_oncotree_find_name(tree, key, hits, 4);
    for (size_t h = 0; h < k && h < 4; h++) fprintf(f, "%s%s", h ? ", " : "", onc_tumor_type_code(hits[h]));
    fprintf(f, "%s | ", k || key[0] == '_' ? "" : "-");
    bool first = true;
    if (!known) fprintf(f, "no node has this name or former name here"), first = false;
    print_some(f, "nodes here that MatchMiner's list lacks", extra, n_extra, &first);
    print_some(f, "of MatchMiner's names are nodes elsewhere here", elsewhere, n_elsewhere, &first);
    print_some(f, "of MatchMiner's names are in neither this release nor the former names", a.unresolved,
               a.n_unresolved, &first);
    fprintf(f, " |\n");
}

/* Every key: counted; the differences as a markdown table when asked. */
static void matchminer_whole_mapping(void)
{
    json_t *map = load_mapping();
    if (!map) SKIP("no shared data (ctims-matchminer-engine oncotree_mapping.json)");
    const char *report = getenv("ONCOBOARD_ONCOTREE_REPORT");
    FILE *f = report && *report ? fopen(report, "w") : NULL;
    size_t keys = 0, resolved = 0, equal = 0;
    const char *key;
    json_t *list;
    if (f) fprintf(f, "| MatchMiner name | our node | why it differs |\n|---|---|---|\n");
    json_object_foreach(map, key, list) {
        static expansion_t x;
        keys++;
        resolved += ours(key, &x);
        bool same = same_expansion(key, list, NULL, NULL, NULL);
        equal += same;
        if (f && !same) report_row(f, key, list);
    }
    if (f) fclose(f);
    fprintf(stderr, "matchminer v2.2.3 mapping: %zu keys, %zu resolved, %zu with equal expansions\n", keys,
            resolved, equal);
    CHECK_INT(keys, 613);
    CHECK(resolved >= 590);
    CHECK(equal >= 450);
    json_decref(map);
}

int main(void)
{
    unsetenv("ONCOBOARD_KB");
    onc_err_t err = {0};
    tree = onc_oncotree_load(NULL, &err);
    if (!tree) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(keys_fold_case_dashes_and_spacing);
    RUN(names_found_despite_dashes_and_spacing);
    RUN(former_names_found);
    RUN(bad_former_rows_are_errors);
    RUN(matchminer_keys_that_matter);
    RUN(matchminer_seed_diagnoses);
    RUN(matchminer_whole_mapping);
    onc_oncotree_free(tree);
    CHECK_EXIT();
}
