/* test_match_paths.c: MatchMiner's boolean-case fixtures against match_paths.c and match_eval.c.
 *
 * matchengine-V2/matchengine/tests/data/ctml_boolean_cases/ (nine .json files) are nine and/or shapes with
 * dummy leaves (g1, c1, ...). MatchMiner's own unit test compares its create_match_tree with
 * create_match_tree_expected.json and its get_match_paths with get_match_paths_expected.json;
 * here the same files are compared with ours:
 *   - the graph: node count, each node's criteria list and is_and, and the edge set, exactly;
 *   - the paths: the same number, in the same order, each the same (depth, criteria) groups;
 *   - a property test: for 3000 random truth assignments of the leaves per case, the recursive
 *     evaluation of the tree is met iff some path has all its criteria true - except in
 *     all_cases, where MatchMiner's graph has paths that skip conjuncts of the tree (a quirk of
 *     its construction: the tree is then stricter, never looser); and the memoised evaluation of
 *     MatchMiner's graph (mm_paths_met, used under --semantics matchminer) always agrees with
 *     its paths.
 * Each case is wrapped as the match of a one-step trial and loaded with generic leaf names.
 * Without ../shared/data the tests SKIP.
 */
#include "check.h"
#include "match/match_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const cases[] = {"and_and_and", "and_and_or", "and_or_and", "and_or_or", "or_and_and",
                                    "or_and_or", "or_or_and", "or_or_or", "all_cases"};
#define DATA "matchminer/matchengine-V2/matchengine/tests/data/"

/* Loads the case as a one-clause trial with generic leaves. */
static onc_trials_t *load_case(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, DATA "ctml_boolean_cases/%s.json", name);
    const char *path = shared_data(rel);
    if (!path) return NULL;
    json_error_t je;
    json_t *c = json_load_file(path, 0, &je);
    if (!c) return NULL;
    json_t *trial = json_pack("{s:s, s:{s:[{s:[o]}]}}", "protocol_no", name, "treatment_list", "step", "match", c);
    char tmp[] = "/tmp/test_match_paths_XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) return json_decref(trial), NULL;
    close(fd);
    json_dump_file(trial, tmp, 0);
    json_decref(trial);
    onc_trials_t *t = NULL;
    onc_err_t err = {0};
    if (match_trials_load_ex(tmp, NULL, true, &t, &err) != ONC_OK) fprintf(stderr, "%s: %s\n", name, err.msg);
    unlink(tmp);
    return t;
}

static json_t *expected(const char *file)
{
    char rel[256];
    snprintf(rel, sizeof rel, DATA "%s", file);
    const char *path = shared_data(rel);
    return path ? json_load_file(path, 0, NULL) : NULL;
}

static json_t *criterion_json(const mm_criterion_t *c)
{
    if (!c->label) return json_deep_copy(c->value);
    return json_pack("{s:O}", c->label, c->value);
}

static bool node_matches(const mm_paths_t *p, size_t i, const json_t *want)
{
    size_t n;
    const mm_criterion_t *crit = mm_paths_node_criteria(p, i, &n);
    const json_t *wl = json_object_get(want, "criteria_list");
    bool ok = json_array_size(wl) == n && mm_paths_node_is_and(p, i) == json_is_true(json_object_get(want, "is_and"));
    for (size_t k = 0; ok && k < n; k++) {
        json_t *got = criterion_json(&crit[k]);
        ok = json_equal(got, json_array_get(wl, k));
        json_decref(got);
    }
    return ok;
}

static bool edges_match(const mm_paths_t *p, const json_t *want)
{
    size_t total = 0;
    for (size_t i = 0; i < mm_paths_nodes(p); i++) {
        size_t n;
        const size_t *out = mm_paths_node_out(p, i, &n);
        total += n;
        for (size_t k = 0; k < n; k++) {
            bool found = false;
            for (size_t e = 0; e < json_array_size(want) && !found; e++) {
                const json_t *pair = json_array_get(want, e);
                found = json_integer_value(json_array_get(pair, 0)) == (json_int_t)i &&
                        json_integer_value(json_array_get(pair, 1)) == (json_int_t)out[k];
            }
            if (!found) return false;
        }
    }
    return total == json_array_size(want);
}

static bool path_matches(const mm_path_t *path, const json_t *want)
{
    const json_t *groups = json_object_get(want, "criteria_list");
    if (json_array_size(groups) != path->n) return false;
    for (size_t g = 0; g < path->n; g++) {
        const json_t *wg = json_array_get(groups, g);
        const json_t *wc = json_object_get(wg, "criteria");
        if (json_integer_value(json_object_get(wg, "depth")) != path->groups[g].depth) return false;
        if (json_array_size(wc) != path->groups[g].n) return false;
        for (size_t k = 0; k < path->groups[g].n; k++) {
            json_t *got = criterion_json(&path->groups[g].crit[k]);
            bool eq = json_equal(got, json_array_get(wc, k));
            json_decref(got);
            if (!eq) return false;
        }
    }
    return true;
}

static void graph_and_paths_equal_matchminer(void)
{
    json_t *trees = expected("create_match_tree_expected.json");
    json_t *paths = expected("get_match_paths_expected.json");
    if (!trees || !paths) {
        json_decref(trees), json_decref(paths);
        SKIP("MatchMiner's boolean cases are not in ../shared/data");
    }
    size_t total_paths = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        onc_trials_t *t = load_case(cases[i]);
        CHECK(t != NULL);
        if (!t) continue;
        char key[64];
        snprintf(key, sizeof key, "%s.json", cases[i]);
        const match_clause_t *cl = &onc_trials_at(t, 0)->clauses[0];
        mm_paths_t *p = NULL;
        onc_err_t err = {0};
        CHECK(mm_paths_build(cl->match, MATCH_MAX_PATHS, &p, &err) == ONC_OK);
        if (!p) {
            onc_trials_free(t);
            continue;
        }
        const json_t *tree = json_object_get(trees, key);
        const json_t *nodes = json_object_get(tree, "nodes");
        CHECK_INT(mm_paths_nodes(p), json_object_size(nodes));
        for (size_t n = 0; n < mm_paths_nodes(p) && n < json_object_size(nodes); n++) {
            char id[32];
            snprintf(id, sizeof id, "%zu", n);
            if (!node_matches(p, n, json_object_get(nodes, id))) {
                fprintf(stderr, "%s: node %zu differs\n", cases[i], n);
                check_failed = 1;
            }
        }
        if (!edges_match(p, json_object_get(tree, "edges"))) {
            fprintf(stderr, "%s: edges differ\n", cases[i]);
            check_failed = 1;
        }
        const json_t *want = json_object_get(paths, key);
        CHECK_INT(mm_paths_count(p), json_array_size(want));
        for (size_t k = 0; k < mm_paths_count(p) && k < json_array_size(want); k++)
            if (!path_matches(mm_paths_at(p, k), json_array_get(want, k))) {
                fprintf(stderr, "%s: path %zu differs\n", cases[i], k);
                check_failed = 1;
            }
        total_paths += mm_paths_count(p);
        mm_paths_free(p);
        onc_trials_free(t);
    }
    CHECK_INT(total_paths, 1 + 2 + 3 + 4 + 3 + 4 + 5 + 6 + 194); /* the expected file's counts */
    json_decref(trees);
    json_decref(paths);
}

/* ---- property: tree evaluation == "some path all true" ---- */

typedef struct truth {
    bool *v;
} truth_t;

static bool oracle(size_t i, void *ctx) { return ((truth_t *)ctx)->v[i]; }

static bool crit_true(const match_clause_t *cl, const char *label, const json_t *value, const truth_t *tr)
{
    if (!label) { /* a mapping of several leaves: all of them */
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)value, k, v) {
            if (!crit_true(cl, k, v, tr)) return false;
        }
        return true;
    }
    const match_crit_t *c = match_clause_find_crit(cl, value, NULL);
    if (!c) {
        fprintf(stderr, "criterion %s not found in the tree\n", label);
        check_failed = 1;
        return false;
    }
    return tr->v[c->u.generic_index];
}

static bool some_path_true(const match_clause_t *cl, const mm_paths_t *p, const truth_t *tr)
{
    for (size_t i = 0; i < mm_paths_count(p); i++) {
        const mm_path_t *path = mm_paths_at(p, i);
        bool all = true;
        for (size_t g = 0; g < path->n && all; g++)
            for (size_t k = 0; k < path->groups[g].n && all; k++)
                all = crit_true(cl, path->groups[g].crit[k].label, path->groups[g].crit[k].value, tr);
        if (all) return true;
    }
    return false;
}

static void evaluation_agrees_with_paths(void)
{
    if (!shared_data(DATA "get_match_paths_expected.json")) SKIP("MatchMiner's boolean cases are not in ../shared/data");
    unsigned seed = 12345;
    size_t met = 0, total = 0, all_cases_differ = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        onc_trials_t *t = load_case(cases[i]);
        CHECK(t != NULL);
        if (!t) continue;
        const match_clause_t *cl = &onc_trials_at(t, 0)->clauses[0];
        mm_paths_t *p = NULL;
        onc_err_t err = {0};
        if (mm_paths_build(cl->match, MATCH_MAX_PATHS, &p, &err) != ONC_OK) {
            check_failed = 1;
            onc_trials_free(t);
            continue;
        }
        truth_t tr = {calloc(cl->n_generic + 1, sizeof(bool))};
        CHECK(mm_paths_resolve(p, cl) == ONC_OK);
        onc_match_patient_t none;
        memset(&none, 0, sizeof none);
        for (int round = 0; round < 3000; round++) {
            for (size_t k = 0; k < cl->n_generic; k++) {
                seed = seed * 1103515245u + 12345u;
                tr.v[k] = (seed >> 16) % 100 < (unsigned)(30 + round % 50); /* varied densities */
            }
            match_env_t env = {.p = &none, .oracle = oracle, .octx = &tr};
            bool tree = match_eval_node(cl->root, &env).v == ONC_TRI_TRUE;
            bool dnf = some_path_true(cl, p, &tr);
            bool graph = mm_paths_met(p, &env);
            if (graph != dnf) {
                fprintf(stderr, "%s: round %d: graph %d, paths %d\n", cases[i], round, graph, dnf);
                check_failed = 1;
                break;
            }
            if (!strcmp(cases[i], "all_cases")) { /* MatchMiner's graph drops conjuncts here */
                if (tree && !dnf) {
                    fprintf(stderr, "all_cases: round %d: tree met but no path\n", round);
                    check_failed = 1;
                }
                all_cases_differ += tree != dnf;
            } else if (tree != dnf) {
                fprintf(stderr, "%s: round %d: tree %d, paths %d\n", cases[i], round, tree, dnf);
                check_failed = 1;
                break;
            }
            met += tree;
            total++;
        }
        free(tr.v);
        mm_paths_free(p);
        onc_trials_free(t);
    }
    CHECK(met > total / 10 && met < total - total / 10); /* both outcomes were exercised */
    /* all_cases: paths such as root -> 1 -> 9 -> 25 -> 26 skip the ORs of g2.., g4.., g7.. that the
     * tree ANDs (MatchMiner chains later ORs only below the leaves that exist when they are read) */
    CHECK(all_cases_differ > 0);
    fprintf(stderr, "all_cases: %zu of 3000 assignments met by a MatchMiner path but not by the tree\n",
            all_cases_differ);
}

static void path_cap_is_an_error(void)
{
    /* 11 ORs of 3 under one AND chain into 3^11 = 177147 paths: past MATCH_MAX_PATHS */
    json_t *and = json_array();
    for (int i = 0; i < 11; i++) {
        json_t *or = json_array();
        for (int k = 0; k < 3; k++) json_array_append_new(or, json_pack("{s:{s:i}}", "genomic", "x", i * 3 + k));
        json_array_append_new(and, json_pack("{s:o}", "or", or));
    }
    json_t *match = json_pack("[{s:o}]", "and", and);
    mm_paths_t *p = NULL;
    onc_err_t err = {0};
    CHECK_INT(mm_paths_build(match, MATCH_MAX_PATHS, &p, &err), ONC_ELIMIT);
    CHECK(p == NULL);
    CHECK(strstr(err.msg, "paths") != NULL);
    json_decref(match);
    and = json_array();
    for (int i = 0; i < 9; i++) {
        json_t *or = json_array();
        for (int k = 0; k < 3; k++) json_array_append_new(or, json_pack("{s:{s:i}}", "genomic", "x", i * 3 + k));
        json_array_append_new(and, json_pack("{s:o}", "or", or));
    }
    match = json_pack("[{s:o}]", "and", and);
    CHECK_INT(mm_paths_build(match, MATCH_MAX_PATHS, &p, &err), ONC_OK);
    if (p) CHECK_INT(mm_paths_count(p), 19683); /* 3^9 */
    mm_paths_free(p);
    json_decref(match);
}

int main(void)
{
    RUN(graph_and_paths_equal_matchminer);
    RUN(evaluation_agrees_with_paths);
    RUN(path_cap_is_an_error);
    CHECK_EXIT();
}
