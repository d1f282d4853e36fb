/* test_match_seed.c: MatchMiner's own integration assertions on its v2.2.3 seed data.
 *
 * Patients: ctims-matchminer-engine/matchengine/tests/seed_data/{clinical,genomic}.ejson (130
 * samples, 448 genomic documents) through onc_matchminer_load. Trials: matchengine-V2's
 * integration_trials and v2.2.3's all_open_dup.json / massive_match_clause.json. Ages on
 * 2000-07-12, --semantics matchminer, MatchMiner's per-path records.
 *
 * 1. Every scenario of derived/expected_matches_v2.2.3_seed.json: per trial and sample, the
 *    multiset of records [level, internal_id, incl|excl|generic_only, reason_type, alteration]
 *    must be equal exactly (record order is MongoDB's, an implementation detail).
 * 2. The numbers MatchMiner's tests assert (shared/data/matchminer/README.md), checked on their
 *    own so that they do not rest on the derived file: 5 samples per trial for 10-001..10-004
 *    (4 without deceased), 48 records, single-sample and not-closed runs, 64 samples for the
 *    BRAF p.V600 wildcard, 5 signature records, TMB 4/3/4, 1 unstructured SV record, 44
 *    structured SV records with the 15 per-alteration counts and no CLIP4-ALK/EML4-EML4 from
 *    the exclusion arm, 35 all_open_dup records, the run-log counts that need no database
 *    (3 and 5 records, 8 for a closed trial, 3 records all internal_id 101), and age in/out
 *    (0 matches on 1972-01-01, 2 on 1974-01-01).
 * Not covered (they need MatchMiner's database): run-log persistence (enable/disable flags,
 * run-log entry counts, 24 distinct hashes of all_open_dup), the context-handler test.
 * Without ../shared/data the tests SKIP.
 */
#include "check.h"
#include "oncoboard/match.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MM "matchminer/"
#define V2_TRIALS MM "matchengine-V2/matchengine/tests/data/integration_trials/"
#define V223_TRIALS MM "ctims-matchminer-engine/matchengine/tests/data/integration_trials/"

static onc_oncotree_t *tree;
static onc_match_ctx_t ctx;
static onc_match_cohort_t *cohort;

/* A portfolio of the named integration trials (a temporary directory of links). */
static onc_trials_t *load_trials(const json_t *names)
{
    char dir[] = "/tmp/test_match_seed_XXXXXX";
    if (!mkdtemp(dir)) return NULL;
    char links[32][PATH_MAX];
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(names) && n < 32; i++) {
        const char *name = json_string_value(json_array_get(names, i));
        char rel[256];
        bool v223 = !strcmp(name, "all_open_dup") || !strcmp(name, "massive_match_clause");
        snprintf(rel, sizeof rel, "%s%s.json", v223 ? V223_TRIALS : V2_TRIALS, name);
        const char *src = shared_data(rel);
        char abs[PATH_MAX];
        if (!src || !realpath(src, abs)) continue;
        snprintf(links[n], sizeof links[n], "%s/%s.json", dir, name);
        if (symlink(abs, links[n]) == 0) n++;
    }
    onc_trials_t *t = NULL;
    onc_err_t err = {0};
    if (onc_trials_load(dir, &ctx, &t, &err) != ONC_OK) fprintf(stderr, "trials: %s\n", err.msg);
    for (size_t i = 0; i < n; i++) unlink(links[i]);
    rmdir(dir);
    return t;
}

typedef struct run_opts {
    bool deceased, closed;
    const json_t *sample_ids; /* NULL: everyone */
    onc_date_t date;
} run_opts_t;

static onc_match_result_t *run(const onc_trials_t *t, const run_opts_t *ro)
{
    size_t n = onc_match_cohort_size(cohort), k = 0;
    const onc_match_patient_t **ps = calloc(n + 1, sizeof *ps);
    for (size_t i = 0; i < n; i++) {
        const onc_match_patient_t *p = onc_match_cohort_at(cohort, i);
        bool keep = !ro->sample_ids;
        for (size_t j = 0; ro->sample_ids && j < json_array_size(ro->sample_ids); j++)
            keep |= !strcmp(json_string_value(json_array_get(ro->sample_ids, j)), onc_match_patient_id(p));
        if (keep) ps[k++] = p;
    }
    onc_match_opts_t o;
    onc_match_opts_init(&o);
    o.semantics = ONC_MATCH_SEM_MATCHMINER;
    o.records = true;
    o.match_on_deceased = ro->deceased;
    o.match_on_closed = ro->closed;
    o.comparison_date = ro->date.year ? ro->date : (onc_date_t){2000, 7, 12};
    onc_match_result_t *r = NULL;
    onc_err_t err = {0};
    if (onc_match_run(t, ps, k, &o, &ctx, &r, &err) != ONC_OK) fprintf(stderr, "run: %s\n", err.msg);
    free(ps);
    return r;
}

/* "[level, internal_id, incl, reason_type, alteration]" as one comparable line. */
static char *record_line(const onc_match_record_t *rec)
{
    char buf[1024];
    const onc_match_row_t *row = rec->row;
    if (!strcmp(rec->inclusion, "generic_only"))
        snprintf(buf, sizeof buf, "%s|%s|generic_only", row->level, row->internal_id ? row->internal_id : "");
    else
        snprintf(buf, sizeof buf, "%s|%s|%s|%s|%s", row->level, row->internal_id ? row->internal_id : "",
                 rec->inclusion, rec->reason_type, rec->genomic_alteration ? rec->genomic_alteration : "");
    return strdup(buf);
}

static char *expected_line(const json_t *doc)
{
    char buf[1024], id[64];
    const json_t *iid = json_array_get(doc, 1);
    if (json_is_integer(iid)) snprintf(id, sizeof id, "%lld", (long long)json_integer_value(iid));
    else snprintf(id, sizeof id, "%s", json_string_value(iid) ? json_string_value(iid) : "");
    const char *level = json_string_value(json_array_get(doc, 0));
    if (json_array_size(doc) == 3) snprintf(buf, sizeof buf, "%s|%s|generic_only", level, id);
    else
        snprintf(buf, sizeof buf, "%s|%s|%s|%s|%s", level, id, json_string_value(json_array_get(doc, 2)),
                 json_string_value(json_array_get(doc, 3)), json_string_value(json_array_get(doc, 4)));
    return strdup(buf);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The records of (trial, sample) in r, sorted. */
static size_t lines_of(const onc_match_result_t *r, const char *protocol, const char *sample, char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < onc_match_result_records(r); i++) {
        const onc_match_record_t *rec = onc_match_result_record(r, i);
        if (strcmp(onc_trial_protocol_no(rec->row->trial), protocol) || strcmp(rec->row->case_id, sample)) continue;
        if (n < max) out[n] = record_line(rec);
        n++;
    }
    qsort(out, n < max ? n : max, sizeof *out, cmp_str);
    return n;
}

static size_t samples_of(const onc_match_result_t *r, const char *protocol)
{
    size_t n = 0;
    const char *last = NULL;
    for (size_t i = 0; i < onc_match_result_rows(r); i++) { /* rows come grouped by patient */
        const onc_match_row_t *row = onc_match_result_row(r, i);
        if (row->status != ONC_MATCH_ELIGIBLE || strcmp(onc_trial_protocol_no(row->trial), protocol)) continue;
        if (!last || strcmp(last, row->case_id)) n++, last = row->case_id;
    }
    return n;
}

static size_t records_of(const onc_match_result_t *r, const char *protocol, const char *sample, const char *alt)
{
    size_t n = 0;
    for (size_t i = 0; i < onc_match_result_records(r); i++) {
        const onc_match_record_t *rec = onc_match_result_record(r, i);
        if (protocol && strcmp(onc_trial_protocol_no(rec->row->trial), protocol)) continue;
        if (sample && strcmp(rec->row->case_id, sample)) continue;
        if (alt && (!rec->genomic_alteration || strcmp(rec->genomic_alteration, alt))) continue;
        n++;
    }
    return n;
}

static bool compare_scenario(const char *name, const json_t *sc, const onc_match_result_t *r)
{
    bool ok = true;
    const char *protocol;
    json_t *samples;
    json_object_foreach(json_object_get(sc, "matches"), protocol, samples) {
        size_t want_total = 0;
        const char *sample;
        json_t *docs;
        json_object_foreach(samples, sample, docs) {
            size_t nw = json_array_size(docs);
            want_total += nw;
            char **want = calloc(nw + 1, sizeof *want), **got = calloc(nw + 64, sizeof *got);
            for (size_t i = 0; i < nw; i++) want[i] = expected_line(json_array_get(docs, i));
            qsort(want, nw, sizeof *want, cmp_str);
            size_t ng = lines_of(r, protocol, sample, got, nw + 64);
            bool same = ng == nw;
            for (size_t i = 0; same && i < nw; i++) same = !strcmp(want[i], got[i]);
            if (!same) {
                ok = false;
                fprintf(stderr, "%s %s %s: %zu records, expected %zu\n", name, protocol, sample, ng, nw);
                for (size_t i = 0; i < nw && i < 6; i++) fprintf(stderr, "  want %s\n", want[i]);
                for (size_t i = 0; i < ng && i < nw + 64 && i < 6; i++) fprintf(stderr, "  got  %s\n", got[i]);
            }
            for (size_t i = 0; i < nw; i++) free(want[i]);
            for (size_t i = 0; i < ng && i < nw + 64; i++) free(got[i]);
            free(want), free(got);
        }
        size_t got_total = records_of(r, protocol, NULL, NULL);
        if (got_total != want_total) {
            ok = false;
            fprintf(stderr, "%s %s: %zu records in all, expected %zu\n", name, protocol, got_total, want_total);
        }
    }
    return ok;
}

static json_t *derived;

static const json_t *scenario(const char *name) { return json_object_get(json_object_get(derived, "scenarios"), name); }

static onc_match_result_t *run_scenario(const char *name, onc_trials_t **t)
{
    const json_t *sc = scenario(name);
    *t = load_trials(json_object_get(sc, "trials"));
    if (!*t) return NULL;
    const json_t *ids = json_object_get(sc, "sample_ids");
    run_opts_t ro = {json_is_true(json_object_get(sc, "match_on_deceased")),
                     json_is_true(json_object_get(sc, "match_on_closed")), json_is_array(ids) ? ids : NULL, {0, 0, 0}};
    return run(*t, &ro);
}

static void every_derived_scenario_exactly(void)
{
    if (!derived || !cohort) SKIP("MatchMiner's seed data are not in ../shared/data");
    const char *name;
    json_t *sc;
    size_t n = 0;
    json_object_foreach(json_object_get(derived, "scenarios"), name, sc) {
        n++;
        if (!strcmp(name, "massive_match_clause")) continue; /* below */
        onc_trials_t *t = NULL;
        onc_match_result_t *r = run_scenario(name, &t);
        CHECK(r != NULL);
        if (r && !compare_scenario(name, sc, r)) check_failed = 1;
        onc_match_result_free(r);
        onc_trials_free(t);
    }
    CHECK_INT(n, 17); /* the derived file's scenarios */
}

/* massive_match_clause's patients include diagnoses under their 2017-2018 OncoTree names
 * ("Anaplastic Astrocytoma", "Multiple Myeloma"), resolved by kb/oncotree_former_names.tsv. */
static void massive_match_clause_exactly(void)
{
    if (!derived || !cohort) SKIP("MatchMiner's seed data are not in ../shared/data");
    const onc_tumor_type_t *node;
    if (onc_oncotree_find_name(tree, "Anaplastic Astrocytoma", &node, 1) == 0)
        SKIP("OncoTree's former names (kb/oncotree_former_names.tsv) are not in this build");
    onc_trials_t *t = NULL;
    onc_match_result_t *r = run_scenario("massive_match_clause", &t);
    CHECK(r != NULL);
    if (r && !compare_scenario("massive_match_clause", scenario("massive_match_clause"), r)) check_failed = 1;
    if (r) CHECK_INT(onc_match_result_records(r), 131);
    onc_match_result_free(r);
    onc_trials_free(t);
}

static void four_trials_assertions(void)
{
    if (!derived || !cohort) SKIP("MatchMiner's seed data are not in ../shared/data");
    static const char *const four[] = {"10-001", "10-002", "10-003", "10-004"};
    onc_trials_t *t = NULL;
    onc_match_result_t *r = run_scenario("four_trials_deceased_and_closed", &t);
    for (int i = 0; r && i < 4; i++) CHECK_INT(samples_of(r, four[i]), 5);
    if (r) CHECK_INT(onc_match_result_records(r), 48);
    onc_match_result_free(r);
    run_opts_t ro = {false, true, NULL, {0, 0, 0}};
    r = t ? run(t, &ro) : NULL;
    for (int i = 0; r && i < 4; i++) CHECK_INT(samples_of(r, four[i]), 4);
    onc_match_result_free(r);
    ro = (run_opts_t){true, false, NULL, {0, 0, 0}};
    r = t ? run(t, &ro) : NULL;
    if (r) {
        CHECK_INT(samples_of(r, "10-001"), 0); /* every clause suspended */
        CHECK_INT(samples_of(r, "10-002"), 5);
        CHECK_INT(samples_of(r, "10-003"), 5);
    }
    onc_match_result_free(r);
    json_t *one = json_pack("[s]", "5d2799cb6756630d8dd0621d");
    ro = (run_opts_t){true, true, one, {0, 0, 0}};
    r = t ? run(t, &ro) : NULL;
    for (int i = 0; r && i < 4; i++) CHECK_INT(samples_of(r, four[i]), 1);
    onc_match_result_free(r);
    json_decref(one);
    onc_trials_free(t);
}

static void feature_assertions(void)
{
    if (!derived || !cohort) SKIP("MatchMiner's seed data are not in ../shared/data");
    onc_trials_t *t = NULL;
    onc_match_result_t *r = run_scenario("wildcard_protein", &t);
    if (r) CHECK_INT(samples_of(r, "10-005"), 64);
    onc_match_result_free(r), onc_trials_free(t);
    r = run_scenario("signatures", &t);
    if (r) CHECK_INT(records_of(r, "99-9999", "5d2799df6756630d8dd068ca", NULL), 5);
    onc_match_result_free(r), onc_trials_free(t);
    r = run_scenario("tmb", &t);
    if (r) {
        CHECK_INT(records_of(r, "99-9999", "1d2799df4446699a8ddeeee", NULL), 4);
        CHECK_INT(records_of(r, "99-9999", "4d2799df4446630a8dd068dd", NULL), 3);
        CHECK_INT(records_of(r, "99-9999", "1d2799df4446699a8dd068ee", NULL), 4);
    }
    onc_match_result_free(r), onc_trials_free(t);
    r = run_scenario("unstructured_sv", &t);
    if (r) {
        CHECK_INT(records_of(r, "10-005", "1d2799df4446699a8ddeeee", NULL), 1);
        CHECK_INT(records_of(r, "10-005", "1d2799df4446699a8ddeeee", "EGFR Structural Variation"), 1);
        for (size_t i = 0; i < onc_match_result_records(r); i++) /* show_in_ui false */
            CHECK_INT(onc_match_result_record(r, i)->sort_order[0], -1);
    }
    onc_match_result_free(r), onc_trials_free(t);
    r = run_scenario("all_open_dup", &t);
    if (r) CHECK_INT(onc_match_result_records(r), 35);
    onc_match_result_free(r), onc_trials_free(t);
}

static void structured_sv_assertions(void)
{
    if (!derived || !cohort) SKIP("MatchMiner's seed data are not in ../shared/data");
    static const struct { const char *alt; size_t n; } counts[] = {
        {"!TP53 Structural Variation", 12}, {"TFG-ALK Structural Variation", 2}, {"ALK-TFG Structural Variation", 2},
        {"STRN-intergenic Structural Variation", 2}, {"RANDB2-ALK Structural Variation", 2},
        {"ALK-RANDB2 Structural Variation", 2}, {"NPM1-intergenic Structural Variation", 6},
        {"KIF5B-ALK Structural Variation", 2}, {"ALK-KIF5B Structural Variation", 2},
        {"CLIP4-ALK Structural Variation", 1},
        {"this should only match to any_gene-KRAS Structural Variation", 3},
        {"KRAS-this should only match to any_gene Structural Variation", 3}, {"EML4-EML4 Structural Variation", 3},
        {"this should only match to any_gene-this should only match to any gene Structural Variation", 1},
        {"ALK-CLIP4 Structural Variation", 1}};
    const char *sample = "5d2799df6756630d8dd068c6";
    onc_trials_t *t = NULL;
    onc_match_result_t *r = run_scenario("structured_sv", &t);
    if (!r) return onc_trials_free(t);
    CHECK_INT(records_of(r, "99-9999", sample, NULL), 44);
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        size_t n = records_of(r, "99-9999", sample, counts[i].alt);
        if (n != counts[i].n) fprintf(stderr, "%s: %zu, expected %zu\n", counts[i].alt, n, counts[i].n);
        CHECK_INT(n, counts[i].n);
    }
    for (size_t i = 0; i < onc_match_result_records(r); i++) { /* nothing from the exclusion arm's pairs */
        const onc_match_record_t *rec = onc_match_result_record(r, i);
        if (strcmp(rec->row->case_id, sample) || strcmp(rec->row->internal_id, "1234566")) continue;
        const char *a = rec->genomic_alteration ? rec->genomic_alteration : "";
        CHECK(!strstr(a, "CLIP4-ALK") && !strstr(a, "ALK-CLIP4") && !strstr(a, "EML4-EML4"));
    }
    onc_match_result_free(r), onc_trials_free(t);
}

static void run_log_assertions(void)
{
    if (!derived || !cohort) SKIP("MatchMiner's seed data are not in ../shared/data");
    onc_trials_t *t = NULL;
    onc_match_result_t *r = run_scenario("run_log_arm_open_not_deceased", &t);
    if (r) CHECK_INT(onc_match_result_records(r), 3);
    onc_match_result_free(r);
    run_opts_t ro = {true, false, NULL, {0, 0, 0}};
    r = t ? run(t, &ro) : NULL;
    if (r) CHECK_INT(onc_match_result_records(r), 5);
    onc_match_result_free(r), onc_trials_free(t);
    r = run_scenario("all_closed_trial_closed_match_on_closed", &t);
    if (r) CHECK_INT(onc_match_result_records(r), 8);
    onc_match_result_free(r);
    ro = (run_opts_t){false, false, NULL, {0, 0, 0}};
    r = t ? run(t, &ro) : NULL;
    if (r) CHECK_INT(onc_match_result_records(r), 0); /* the trial is closed */
    onc_match_result_free(r), onc_trials_free(t);
    r = run_scenario("run_log_two_arms", &t);
    if (r) {
        CHECK_INT(onc_match_result_records(r), 3);
        for (size_t i = 0; i < onc_match_result_records(r); i++)
            CHECK_STR(onc_match_result_record(r, i)->row->internal_id, "101");
    }
    onc_match_result_free(r);
    /* age in/out: sample 5d2799da... (born 1955-06-18) against the two-arm trial */
    json_t *one = json_pack("[s]", "5d2799da6756630d8dd066a6");
    ro = (run_opts_t){false, false, one, {1972, 1, 1}};
    r = t ? run(t, &ro) : NULL;
    if (r) CHECK_INT(onc_match_result_records(r), 0);
    onc_match_result_free(r);
    ro.date = (onc_date_t){1974, 1, 1};
    r = t ? run(t, &ro) : NULL;
    if (r) CHECK_INT(onc_match_result_records(r), 2);
    onc_match_result_free(r), onc_trials_free(t);
    json_decref(one);
}

int main(void)
{
    onc_err_t err = {0};
    tree = onc_oncotree_load(NULL, &err);
    ctx.oncotree = tree;
    const char *d = shared_data(MM "derived/expected_matches_v2.2.3_seed.json");
    derived = d ? json_load_file(d, 0, NULL) : NULL;
    char clin[PATH_MAX], gen[PATH_MAX];
    const char *c = shared_data(MM "ctims-matchminer-engine/matchengine/tests/seed_data/clinical.ejson");
    if (c && derived) {
        snprintf(clin, sizeof clin, "%s", c);
        snprintf(gen, sizeof gen, "%s", shared_data(MM "ctims-matchminer-engine/matchengine/tests/seed_data/genomic.ejson"));
        if (onc_matchminer_load(clin, gen, &ctx, &cohort, &err) != ONC_OK) fprintf(stderr, "seed: %s\n", err.msg);
    }
    RUN(every_derived_scenario_exactly);
    RUN(massive_match_clause_exactly);
    RUN(four_trials_assertions);
    RUN(feature_assertions);
    RUN(structured_sv_assertions);
    RUN(run_log_assertions);
    onc_match_cohort_free(cohort);
    json_decref(derived);
    onc_oncotree_free(tree);
    CHECK_EXIT();
}
