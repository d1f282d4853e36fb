/* test_match_load.c: CTML loading and validation (match_ctml.c, match_tree.c, match_keys.c).
 *
 * MatchMiner's loader assertions (test_matchengine_load.py, transcribed in
 * shared/data/matchminer/README.md): one JSON trial -> 1, newline-delimited JSON -> 2, a JSON
 * array -> 2, one YAML file -> 1, the YAML directory -> 2, and its integration trials. The
 * project's own fixtures (tests/data/match/) check clause extraction (levels, ids, codes,
 * suspension: an arm "Y", a level "Y"), open status, and that every problem is an error naming
 * FILE:LINE: field PATH, with validation reporting each of them.
 */
#include "check.h"
#include "match/match_int.h"
#include "oncoboard/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MM "matchminer/matchengine-V2/matchengine/tests/data/"
#define DATA "tests/data/match/"

static onc_oncotree_t *tree;
static onc_match_ctx_t ctx;

static size_t count(const char *path, onc_rc want_rc)
{
    onc_trials_t *t = NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_trials_load(path, &ctx, &t, &err);
    if (rc != want_rc) fprintf(stderr, "%s: rc %d: %s\n", path, rc, err.msg);
    CHECK_INT(rc, want_rc);
    size_t n = onc_trials_count(t);
    onc_trials_free(t);
    return n;
}

static void matchminer_loader_counts(void)
{
    if (!shared_data(MM "trials/11-111.json")) SKIP("MatchMiner's trials are not in ../shared/data");
    char p[4096];
    snprintf(p, sizeof p, "%s", shared_data(MM "trials/11-111.json"));
    CHECK_INT(count(p, ONC_OK), 1);
    snprintf(p, sizeof p, "%s", shared_data(MM "trials/two_trials_one_doc.json"));
    CHECK_INT(count(p, ONC_OK), 2);
    snprintf(p, sizeof p, "%s", shared_data(MM "trials/trials_json_array.json"));
    CHECK_INT(count(p, ONC_OK), 2);
    snprintf(p, sizeof p, "%s", shared_data(MM "yaml/11-111.yaml"));
    CHECK_INT(count(p, ONC_OK), 1);
    snprintf(p, sizeof p, "%s", shared_data(MM "yaml/11-111.yaml"));
    p[strlen(p) - strlen("/11-111.yaml")] = '\0';
    CHECK_INT(count(p, ONC_OK), 2);
}

static void matchminer_trial_clause(void)
{
    if (!shared_data(MM "trials/11-111.json")) SKIP("MatchMiner's trials are not in ../shared/data");
    onc_trials_t *t = NULL;
    onc_err_t err = {0};
    CHECK(onc_trials_load(shared_data(MM "trials/11-111.json"), &ctx, &t, &err) == ONC_OK);
    if (!t) return;
    const onc_trial_t *tr = onc_trials_at(t, 0);
    CHECK_STR(onc_trial_protocol_no(tr), "11-111");
    CHECK_INT(tr->n_clauses, 1); /* MatchMiner: one clause, level arm, code EXP 3 */
    if (tr->n_clauses) {
        CHECK_STR(tr->clauses[0].level, "arm");
        CHECK_STR(tr->clauses[0].code, "EXP 3");
        CHECK_STR(tr->clauses[0].match_path, "treatment_list.step[0].arm[0].match");
    }
    onc_trials_free(t);
}

/* The 18 integration trials of V2: 17 load; massive_match_clause.json has the typo key
 * true_variant_classification (MatchMiner silently never matches it), which we refuse. */
static void matchminer_integration_trials(void)
{
    if (!shared_data(MM "integration_trials/tmb.json")) SKIP("MatchMiner's trials are not in ../shared/data");
    static const char *const names[] = {"all_closed", "all_closed_trial_closed", "all_open", "closed_dose",
        "closed_step_arm", "older_than_18", "run_log_arm_closed", "run_log_arm_open",
        "run_log_arm_open_criteria_change", "run_log_two_arms", "signatures", "structured_sv", "tmb",
        "unstructured_sv", "wildcard_protein_found", "wildcard_protein_not_found", "younger_than_18"};
    size_t loaded = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char rel[256], p[4096];
        snprintf(rel, sizeof rel, MM "integration_trials/%s.json", names[i]);
        snprintf(p, sizeof p, "%s", shared_data(rel));
        loaded += count(p, ONC_OK);
    }
    CHECK_INT(loaded, 17);
    onc_trials_t *t = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_trials_load(shared_data(MM "integration_trials/massive_match_clause.json"), &ctx, &t, &err),
              ONC_EPARSE);
    CHECK(strstr(err.msg, "massive_match_clause.json:81: field treatment_list.step[0].arm[0].match[0].and[2]"
                          ".or[2].and[1].or[2].genomic.true_variant_classification: unknown genomic key") != NULL);
    /* the v2.2.3 copy of it (hugo_symbol 1 beside mmr_status, which MatchMiner ignores) loads */
    const char *v223 = shared_data("matchminer/ctims-matchminer-engine/matchengine/tests/data/integration_trials/"
                                   "massive_match_clause.json");
    if (v223) CHECK_INT(count(v223, ONC_OK), 1);
}

static void own_trial_clauses(void)
{
    onc_trials_t *t = NULL;
    onc_err_t err = {0};
    CHECK(onc_trials_load(DATA "egfr.yaml", &ctx, &t, &err) == ONC_OK);
    if (!t) return (void)fprintf(stderr, "%s\n", err.msg);
    CHECK_INT(onc_trials_count(t), 1);
    const onc_trial_t *tr = onc_trials_find(t, "26-001");
    CHECK(tr == onc_trials_find(t, "NCT00000001"));
    CHECK(onc_trials_find(t, "26-999") == NULL);
    if (!tr) return onc_trials_free(t);
    CHECK_STR(onc_trial_id(tr), "NCT00000001");
    CHECK_STR(onc_trial_title(tr), "EGFR sensitising mutation, no T790M");
    CHECK_STR(onc_trial_phase(tr), "I/II");
    CHECK(onc_trial_is_open(tr));
    CHECK_STR(onc_trial_source(tr), DATA "egfr.yaml");
    CHECK_INT(tr->n_clauses, 3); /* arm A, its dose level, arm B (the step has no match) */
    if (tr->n_clauses == 3) {
        CHECK_STR(tr->clauses[0].level, "arm");
        CHECK_STR(tr->clauses[0].internal_id, "200");
        CHECK_STR(tr->clauses[0].code, "A");
        CHECK(!tr->clauses[0].suspended);
        CHECK_STR(tr->clauses[1].level, "dose");
        CHECK_STR(tr->clauses[1].internal_id, "300");
        CHECK_STR(tr->clauses[1].arm, "A");
        CHECK(tr->clauses[1].suspended);
        CHECK_STR(tr->clauses[1].match_path, "treatment_list.step[0].arm[0].dose_level[0].match");
        CHECK_STR(tr->clauses[2].code, "B");
        CHECK(tr->clauses[2].suspended);
        /* the necessary genes of arm A: EGFR (its OR of two EGFR inclusions) */
        CHECK(!tr->clauses[0].need.any);
        CHECK(tr->clauses[0].need.n >= 1 && !strcmp(tr->clauses[0].need.genes[0], "EGFR"));
        CHECK(tr->clauses[1].need.any); /* gender only */
    }
    onc_trials_free(t);
}

static void problems_are_errors_with_place(void)
{
    onc_trials_t *t = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_trials_load(DATA "bad_key.yaml", &ctx, &t, &err), ONC_EPARSE);
    CHECK(t == NULL);
    CHECK_STR(err.msg, DATA "bad_key.yaml:15: field treatment_list.step[0].arm[0].match[0].and[1].genomic."
                            "true_variant_classification: unknown genomic key \"true_variant_classification\"");
    memset(&err, 0, sizeof err);
    CHECK_INT(onc_trials_load(DATA "malformed.yaml", &ctx, &t, &err), ONC_EPARSE);
    CHECK(strncmp(err.msg, DATA "malformed.yaml:", strlen(DATA "malformed.yaml:")) == 0);
    memset(&err, 0, sizeof err);
    CHECK_INT(onc_trials_load(DATA "malformed.json", &ctx, &t, &err), ONC_EPARSE);
    CHECK(strncmp(err.msg, DATA "malformed.json:1", strlen(DATA "malformed.json:1")) == 0);
    memset(&err, 0, sizeof err);
    CHECK_INT(onc_trials_load(DATA "no-such-file.yaml", &ctx, &t, &err), ONC_EIO);
}

typedef struct seen {
    char msgs[16][1024];
    int n;
} seen_t;

static void collect(const char *msg, void *ctxp)
{
    seen_t *s = ctxp;
    if (s->n < 16) snprintf(s->msgs[s->n], sizeof s->msgs[0], "%s", msg);
    s->n++;
}

static bool has(const seen_t *s, const char *want)
{
    for (int i = 0; i < s->n && i < 16; i++)
        if (strstr(s->msgs[i], want)) return true;
    return false;
}

static void validate_reports_every_problem(void)
{
    seen_t s = {0};
    onc_err_t err = {0};
    long n = onc_trials_validate(DATA "problems.yaml", &ctx, collect, &s, &err);
    CHECK_INT(n, 5);
    CHECK_INT(s.n, 5);
    CHECK(has(&s, DATA "problems.yaml:9: field treatment_list.step[0].match[0].and[0].clinical."
                  "oncotree_primary_diagnosis: unknown OncoTree diagnosis \"Lung Adenocarcinomma\""));
    CHECK(has(&s, DATA "problems.yaml:10: field treatment_list.step[0].match[0].and[0].clinical.age_numerical: "
                  "expected an age"));
    CHECK(has(&s, DATA "problems.yaml:11: field treatment_list.step[0].match[0].and[0].clinical.ecog_status: "
                  "unknown clinical key \"ecog_status\""));
    CHECK(has(&s, DATA "problems.yaml:14: field treatment_list.step[0].match[0].and[1].genomic.variant_category: "
                  "unknown variant_category \"Exon Skipping\""));
    CHECK(has(&s, DATA "problems.yaml:18: field treatment_list.step[0].match[0].and[2].genomic: unconfirmed "
                  "suggestion: a curator must confirm it and delete this member"));
    /* loading stops at the first one */
    onc_trials_t *t = NULL;
    CHECK_INT(onc_trials_load(DATA "problems.yaml", &ctx, &t, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "Lung Adenocarcinomma") != NULL);
    /* a file that cannot be parsed: -1 */
    CHECK_INT(onc_trials_validate(DATA "malformed.json", &ctx, collect, &s, &err), -1);
    seen_t clean = {0};
    CHECK_INT(onc_trials_validate(DATA "egfr.yaml", &ctx, collect, &clean, &err), 0);
}

static char *write_temp(const char *text, size_t len)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/test_match_load_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    fwrite(text, 1, len, f);
    fclose(f);
    return path;
}

static void depth_size_and_duplicates(void)
{
    /* 27 nested ORs: past MATCH_MAX_DEPTH, with the path of the offending list */
    onc_strbuf_t b = ONC_STRBUF_INIT;
    CHECK(onc_strbuf_puts(&b, "{\"protocol_no\": \"D\", \"treatment_list\": {\"step\": [{\"match\": [") == ONC_OK);
    for (int i = 0; i < 27; i++) CHECK(onc_strbuf_puts(&b, "{\"or\": [") == ONC_OK);
    CHECK(onc_strbuf_puts(&b, "{\"clinical\": {\"gender\": \"Male\"}}") == ONC_OK);
    for (int i = 0; i < 27; i++) CHECK(onc_strbuf_puts(&b, "]}") == ONC_OK);
    CHECK(onc_strbuf_puts(&b, "]}]}}") == ONC_OK);
    char *p = write_temp(b.s, b.len);
    onc_trials_t *t = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_trials_load(p, &ctx, &t, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, ": field treatment_list.step[0].match[0].or[0].or[0]") != NULL);
    CHECK(strstr(err.msg, "nested deeper than 24 levels") != NULL);
    unlink(p);
    /* 40: the document reader's own nesting limit comes first (file:line:column) */
    onc_strbuf_clear(&b);
    CHECK(onc_strbuf_puts(&b, "{\"protocol_no\": \"D\", \"treatment_list\": {\"step\": [{\"match\": [") == ONC_OK);
    for (int i = 0; i < 40; i++) CHECK(onc_strbuf_puts(&b, "{\"or\": [") == ONC_OK);
    CHECK(onc_strbuf_puts(&b, "{\"clinical\": {\"gender\": \"Male\"}}") == ONC_OK);
    for (int i = 0; i < 40; i++) CHECK(onc_strbuf_puts(&b, "]}") == ONC_OK);
    CHECK(onc_strbuf_puts(&b, "]}]}}") == ONC_OK);
    p = write_temp(b.s, b.len);
    memset(&err, 0, sizeof err);
    CHECK_INT(onc_trials_load(p, &ctx, &t, &err), ONC_ELIMIT);
    CHECK(strstr(err.msg, ":1:") != NULL && strstr(err.msg, "nesting deeper than 64") != NULL);
    unlink(p);
    /* 25,000 criteria in one OR: past MATCH_MAX_NODES */
    onc_strbuf_clear(&b);
    CHECK(onc_strbuf_puts(&b, "{\"protocol_no\": \"S\", \"treatment_list\": {\"step\": [{\"match\": [{\"or\": [") == ONC_OK);
    for (int i = 0; i < 25000; i++) CHECK(onc_strbuf_printf(&b, "%s{\"clinical\": {\"gender\": \"Male\"}}", i ? "," : "") == ONC_OK);
    CHECK(onc_strbuf_puts(&b, "]}]}]}}") == ONC_OK);
    p = write_temp(b.s, b.len);
    memset(&err, 0, sizeof err);
    CHECK_INT(onc_trials_load(p, &ctx, &t, &err), ONC_ELIMIT);
    CHECK(strstr(err.msg, "more than 20000 criteria in one clause") != NULL);
    unlink(p);
    /* a file past the 32 MiB document limit */
    onc_strbuf_clear(&b);
    CHECK(onc_strbuf_puts(&b, "{\"protocol_no\": \"H\", \"x\": \"") == ONC_OK);
    CHECK(onc_strbuf_reserve(&b, 33u << 20) == ONC_OK);
    memset(b.s + b.len, 'a', 33u << 20);
    b.len += 33u << 20;
    CHECK(onc_strbuf_puts(&b, "\"}") == ONC_OK);
    p = write_temp(b.s, b.len);
    memset(&err, 0, sizeof err);
    CHECK_INT(onc_trials_load(p, &ctx, &t, &err), ONC_ELIMIT);
    CHECK(strstr(err.msg, "larger than") != NULL);
    unlink(p);
    /* the same trial twice */
    const char *two = "{\"protocol_no\": \"X-1\"}\n{\"protocol_no\": \"X-1\"}\n";
    p = write_temp(two, strlen(two));
    memset(&err, 0, sizeof err);
    CHECK_INT(onc_trials_load(p, &ctx, &t, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, ":2: trial X-1 appears twice") != NULL);
    unlink(p);
    onc_strbuf_free(&b);
}

int main(void)
{
    onc_err_t err = {0};
    tree = onc_oncotree_load(NULL, &err);
    ctx.oncotree = tree;
    RUN(matchminer_loader_counts);
    RUN(matchminer_trial_clause);
    RUN(matchminer_integration_trials);
    RUN(own_trial_clauses);
    RUN(problems_are_errors_with_place);
    RUN(validate_reports_every_problem);
    RUN(depth_size_and_duplicates);
    onc_oncotree_free(tree);
    CHECK_EXIT();
}
