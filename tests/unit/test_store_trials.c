/* test_store_trials.c: the trial portfolio in the registry (store_trials.h), on every database
 * target: the 8 trials of trials/ loaded, loaded again (a no-op), one document changed (version
 * 2, the only active one, its history), a bad document (nothing written, the problem with file
 * and line), a JSON array split into its trials, and the active portfolio matched exactly as the
 * files it came from. */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "registry_fixture.h"

#include "oncoboard/kb.h"
#include "oncoboard/store_trials.h"
#include "oncoboard/strbuf.h"

#include <stdio.h>
#include <string.h>

static onc_match_ctx_t ctx;
static char tmp_dir[256];

/* Writes text to tmp_dir/name; returns the path (static buffer). */
static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) fputs(text, f), fclose(f);
    return path;
}


/* Replaces the first occurrence of from by to in s (a new string). */
static char *replace(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    if (!at) return NULL;
    size_t n = strlen(s) - strlen(from) + strlen(to);
    char *r = malloc(n + 1);
    if (!r) return NULL;
    snprintf(r, n + 1, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
    return r;
}

/* The first problem and the error of the last load(). */
static char last_problem[512];
static onc_err_t last_err;

static void collect_problem(const char *msg, void *rctx)
{
    (void)rctx;
    if (!last_problem[0]) snprintf(last_problem, sizeof last_problem, "%s", msg);
}

/* Loads path into db in a transaction of its own; c gets the counts. */
static onc_rc load(onc_db_t *db, const char *path, onc_store_trials_counts_t *c)
{
    const char *paths[] = {path};
    last_problem[0] = '\0';
    memset(&last_err, 0, sizeof last_err);
    onc_rc rc = onc_db_begin(db, &last_err);
    if (rc == ONC_OK)
        rc = onc_store_trials_load(db, paths, 1, &ctx, "os:tester", collect_problem, NULL, c, &last_err);
    if (rc == ONC_OK) return registry_commit(db, &last_err);
    onc_db_rollback(db, NULL);
    return rc;
}

/* The fixture trial with its first `from` replaced by `to` (from NULL: as it is); caller frees. */
static char *fixture(const char *from, const char *to)
{
    char *base = test_slurp("tests/data/store_trials/egfr.yaml");
    if (!base || !from) return base;
    char *r = replace(base, from, to);
    free(base);
    CHECK(r != NULL);
    return r;
}

typedef struct seen {
    int n, versions[8], active[8];
    char text[2][65536];
} seen_t;

static int remember(const onc_store_trial_version_t *v, void *ctx_)
{
    seen_t *s = ctx_;
    if (s->n < 8) {
        s->versions[s->n] = v->version;
        s->active[s->n] = v->active;
        if (s->n < 2) snprintf(s->text[s->n], sizeof s->text[0], "%s", v->ctml);
    }
    s->n++;
    return 0;
}

/* The versions of key (history) or the active trials (key NULL), in a transaction of their own. */
static onc_rc versions(onc_db_t *db, const char *key, seen_t *s)
{
    onc_err_t err = {0};
    memset(s, 0, sizeof *s);
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK)
        rc = key ? onc_store_trials_history(db, key, "os:tester", remember, s, &err)
                 : onc_store_trials_list(db, "os:tester", remember, s, &err);
    if (rc == ONC_OK) return registry_commit(db, &err);
    onc_db_rollback(db, NULL);
    return rc;
}

/* The active portfolio (only keys when not NULL), NULL after a failed CHECK. */
static onc_trials_t *active(onc_db_t *db, const char *const *keys, size_t n)
{
    onc_err_t err = {0};
    onc_trials_t *t = NULL;
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_trials_active(db, &ctx, "os:tester", keys, n, &t, &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    return t;
}

static void portfolio_load_is_a_noop_the_second_time(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_store_trials_counts_t c;
    int64_t audit0 = registry_audit_entries(db);
    CHECK_INT(load(db, "trials", &c), ONC_OK);
    CHECK_INT(c.read, 8); CHECK_INT(c.added, 8); CHECK_INT(c.changed, 0); CHECK_INT(c.unchanged, 0);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM trials WHERE active = 1 AND version = 1"), 8);
    CHECK_INT(registry_audit_entries(db) - audit0, 8); /* one "create" per trial */
    CHECK_INT(load(db, "trials", &c), ONC_OK);
    CHECK_INT(c.read, 8); CHECK_INT(c.added, 0); CHECK_INT(c.changed, 0); CHECK_INT(c.unchanged, 8);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM trials"), 8);
    CHECK_INT(registry_audit_entries(db) - audit0, 8); /* nothing written, nothing audited */
    /* The stored text of a one-trial file is the file, comments and all. */
    char *file = test_slurp("trials/NCT05261399-met-savolitinib-saffron.yaml");
    static seen_t s;
    CHECK_INT(versions(db, "NCT05261399", &s), ONC_OK);
    CHECK_INT(s.n, 1);
    CHECK(file && strcmp(s.text[0], file) == 0);
    free(file);
    close_registry(db);
}

static void changed_document_is_version_2(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_store_trials_counts_t c;
    char *v1 = fixture(NULL, NULL), *v2 = fixture("value: \"Open to Accrual\"", "value: \"Closed to Accrual\"");
    if (!v1 || !v2) return free(v1), free(v2), close_registry(db);
    const char *path = write_file("reg.yaml", v1);
    CHECK_INT(load(db, path, &c), ONC_OK);
    CHECK_INT(c.added, 1);
    write_file("reg.yaml", v2);
    CHECK_INT(load(db, path, &c), ONC_OK);
    CHECK_INT(c.read, 1); CHECK_INT(c.added, 0); CHECK_INT(c.changed, 1); CHECK_INT(c.unchanged, 0);
    CHECK_INT(load(db, path, &c), ONC_OK);
    CHECK_INT(c.unchanged, 1);
    static seen_t s;
    CHECK_INT(versions(db, "NCT99999901", &s), ONC_OK);
    CHECK_INT(s.n, 2);
    CHECK_INT(s.versions[0], 1); CHECK_INT(s.active[0], 0);
    CHECK_INT(s.versions[1], 2); CHECK_INT(s.active[1], 1);
    CHECK_STR(s.text[0], v1);
    CHECK_STR(s.text[1], v2);
    CHECK_INT(versions(db, "NCT00000000", &s), ONC_ENOTFOUND);
    /* The active portfolio holds version 2: closed. */
    onc_trials_t *t = active(db, NULL, 0);
    CHECK_INT(onc_trials_count(t), 1);
    if (onc_trials_count(t) == 1) {
        CHECK(!onc_trial_is_open(onc_trials_at(t, 0)));
        CHECK_STR(onc_trial_source(onc_trials_at(t, 0)), "registry:NCT99999901@v2");
    }
    onc_trials_free(t);
    free(v1), free(v2);
    close_registry(db);
}

static void bad_document_writes_nothing(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_store_trials_counts_t c;
    char *v1 = fixture(NULL, NULL), *bad1 = fixture("hugo_symbol: ALK", "hugo_symbol: ALK\n                    no_such_key: 1");
    char *bad = bad1 ? replace(bad1, "NCT99999901", "NCT99999902") : NULL;
    free(bad1);
    if (!v1 || !bad) return free(v1), free(bad), close_registry(db);
    write_file("a-good.yaml", v1);
    write_file("b-bad.yaml", bad);
    int64_t audit0 = registry_audit_entries(db);
    CHECK_INT(load(db, tmp_dir, &c), ONC_EPARSE);
    CHECK(strstr(last_problem, "b-bad.yaml:") != NULL);
    CHECK(strstr(last_err.msg, "nothing was written") != NULL);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM trials"), 0);
    CHECK_INT(registry_audit_entries(db), audit0);
    char p[600];
    snprintf(p, sizeof p, "%s/a-good.yaml", tmp_dir), unlink(p);
    snprintf(p, sizeof p, "%s/b-bad.yaml", tmp_dir), unlink(p);
    free(v1), free(bad);
    close_registry(db);
}

static void json_array_is_split_into_trials(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_store_trials_counts_t c;
    const char *path = write_file("two.json", "[{\"protocol_no\": \"REG-A\", \"status\": \"open\"},\n"
                                              " {\"protocol_no\": \"REG-B\", \"nct_id\": \"NCT99999903\"}]\n");
    CHECK_INT(load(db, path, &c), ONC_OK);
    CHECK_INT(c.added, 2);
    static seen_t s;
    CHECK_INT(versions(db, NULL, &s), ONC_OK);
    CHECK_INT(s.n, 2); /* keys in order: NCT99999903 (REG-B's NCT id), REG-A */
    CHECK_STR(s.text[0], "{\n  \"protocol_no\": \"REG-B\",\n  \"nct_id\": \"NCT99999903\"\n}");
    CHECK_STR(s.text[1], "{\n  \"protocol_no\": \"REG-A\",\n  \"status\": \"open\"\n}");
    unlink(path);
    close_registry(db);
}

/* The registry's portfolio matches the example cases exactly as the files of trials/ do. */
static void active_portfolio_matches_as_the_files(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_store_trials_counts_t c;
    CHECK_INT(load(db, "trials", &c), ONC_OK);
    onc_trials_t *from_db = active(db, NULL, 0), *from_files = NULL;
    CHECK_INT(onc_trials_load("trials", &ctx, &from_files, &last_err), ONC_OK);
    CHECK_INT(onc_trials_count(from_db), 8);
    for (size_t i = 0; i < onc_trials_count(from_files); i++) {
        const onc_trial_t *f = onc_trials_at(from_files, i);
        const onc_trial_t *d = onc_trials_find(from_db, onc_trial_id(f));
        CHECK(d != NULL);
        if (d) CHECK_INT(onc_trial_is_open(d), onc_trial_is_open(f));
    }
    /* only some keys */
    const char *keys[] = {"NCT06497556", "NCT05261399"};
    onc_trials_t *some = active(db, keys, 2);
    CHECK_INT(onc_trials_count(some), 2);
    CHECK(onc_trials_find(some, "NCT06497556") && onc_trials_find(some, "NCT05261399"));
    onc_trials_free(some);
    onc_trials_free(from_db), onc_trials_free(from_files);
    close_registry(db);
}

int main(void)
{
    if (registry_ctx_load(&ctx)) return 1;
    static const db_test_t tests[] = {
        DB_TEST(portfolio_load_is_a_noop_the_second_time), DB_TEST(changed_document_is_version_2),
        DB_TEST(bad_document_writes_nothing), DB_TEST(json_array_is_split_into_trials),
        DB_TEST(active_portfolio_matches_as_the_files), {NULL, NULL},
    };
    if (!check_mkdtemp(tmp_dir, sizeof tmp_dir, "onc-trials") || registry_fixture_start()) return 1;
    db_targets_run(tests);
    char p[600];
    snprintf(p, sizeof p, "%s/reg.yaml", tmp_dir), unlink(p);
    rmdir(tmp_dir);
    registry_fixture_end();
    registry_ctx_free();
    CHECK_EXIT();
}
