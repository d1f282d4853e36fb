/* test_db_reannotate.c: report snapshots (store_snapshot.h) and `oncoboard db reannotate`, on
 * every database target (tests/unit/db_targets.h: SQLite, and PostgreSQL when a test cluster is
 * there).
 *
 * The scenario: a registry with the example cases (examples/cases); an older knowledge base made
 * by this test from kb/ (a copy without the evidence item EGFR-COMMON-AMIVANTAMAB-LAZERTINIB and
 * with KRAS-G12C-ADAGRASIB's tier lowered from II-B to III-A: not a claim about any real release,
 * only a difference to detect), then the built-in one as the update. Expected: the first run
 * records three baselines; a second with the same kb reports nothing; a dry run with the update
 * lists SYN-EGFR-01 (L858R: amivantamab+lazertinib added, its kb tier I-A, escat_verified false)
 * and SYN-KRAS-01 (G12C: adagrasib III-A -> II-B) and stores nothing; the real run the same, and
 * SYN-ALK-01, whose evidence did not change, is not listed; the audit chain verifies. With trials:
 * SYN-KRAS-01 becomes eligible for NCT06497556 (KRAS G12C, step 1) when that trial is added to the
 * portfolio (the only example case any bundled trial accepts; `report --trials trials` says so).
 *
 * Runs ./oncoboard (built by `make test` before the unit tests); the CLI part SKIPs without it.
 */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "registry_fixture.h"

#include "oncoboard/audit.h"
#include "oncoboard/case.h"
#include "oncoboard/db.h"
#include "oncoboard/gene.h"
#include "oncoboard/kb.h"
#include "oncoboard/match.h"
#include "oncoboard/oncotree.h"
#include "oncoboard/store.h"
#include "oncoboard/store_snapshot.h"
#include "oncoboard/store_trials.h"

#include <jansson.h>
#include <stdint.h>
#include <unistd.h>

static char work[256]; /* this run's folder: the older kb, trial folders, outputs */
static onc_match_ctx_t ctx; /* the built-in kb, OncoTree and gene tables, for loading trials */

/* ---- files ---- */


static int spill(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) return -1;
    int bad = fputs(text, fp) == EOF;
    return fclose(fp) || bad ? -1 : 0;
}

/* In file path: the text from the first `from` after `anchor` up to (not including) the first
 * `to` after it replaced by repl (to NULL: `from` itself replaced). 0, or -1 when not found. */
static int edit(const char *path, const char *anchor, const char *from, const char *to, const char *repl)
{
    char *s = test_slurp(path);
    char *a = s ? strstr(s, anchor) : NULL;
    char *f = a ? strstr(a, from) : NULL;
    char *t = f ? (to ? strstr(f + strlen(from), to) : f + strlen(from)) : NULL;
    int rc = -1;
    if (t) {
        size_t n = strlen(s) + strlen(repl) + 1;
        char *out = malloc(n);
        if (out) {
            snprintf(out, n, "%.*s%s%s", (int)(f - s), s, repl, t);
            rc = spill(path, out);
            free(out);
        }
    }
    if (rc) fprintf(stderr, "edit %s: '%s' then '%s' not found\n", path, anchor, from);
    free(s);
    return rc;
}

/* work/kbold: kb/ without amivantamab+lazertinib for EGFR L858R, adagrasib at III-A, and its own
 * version. 0 when made. */
static int make_older_kb(void)
{
    char cmd[600], p[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/kbold' && cp -r kb '%s/kbold'", work, work);
    if (system(cmd) != 0) return -1;
    snprintf(p, sizeof p, "%s/kbold/evidence/EGFR.yaml", work);
    if (edit(p, "\n", "  - id: EGFR-COMMON-AMIVANTAMAB-LAZERTINIB\n", "  - id: ", "")) return -1;
    snprintf(p, sizeof p, "%s/kbold/evidence/KRAS.yaml", work);
    if (edit(p, "  - id: KRAS-G12C-ADAGRASIB\n", "escat: II-B", NULL, "escat: III-A")) return -1;
    snprintf(p, sizeof p, "%s/kbold/kb.yaml", work);
    return edit(p, "\n", "\nversion: ", "\n", "\nversion: test-older");
}

/* work/NAME: a trial folder with the given files of trials/. */
static int make_trials(const char *name, const char *files)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/%s' && mkdir '%s/%s' && cd trials && cp %s '%s/%s/'", work, name, work, name,
             files, work, name);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- the registry ---- */


/* work/NAME's text (static until the next call). */
static const char *output(const char *name)
{
    static char *text;
    char p[400];
    free(text);
    snprintf(p, sizeof p, "%s/%s", work, name);
    text = test_slurp(p);
    return text ? text : "";
}

/* The data rows of the TSV in work/out (the header left out), columns 1, 2 and 5. */
static const char *rows(void)
{
    static char got[8192];
    got[0] = '\0';
    const char *s = output("out");
    const char *line = strchr(s, '\n');
    while (line && line[1]) {
        line++;
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char row[2048];
        snprintf(row, sizeof row, "%.*s", (int)n, line);
        char *col[5] = {0};
        char *p = row;
        for (int i = 0; i < 5 && p; i++) {
            col[i] = p;
            p = strchr(p, '\t');
            if (p) *p++ = '\0';
        }
        size_t k = strlen(got);
        snprintf(got + k, sizeof got - k, "%s%s|%s|%s", k ? "\n" : "", col[0], col[1] ? col[1] : "",
                 col[4] ? col[4] : "");
        line = end;
    }
    return got;
}

static onc_db_t *open_target(void)
{
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    if (onc_db_open(db_target_url, NULL, &db, &err) != ONC_OK) fprintf(stderr, "open: %s\n", err.msg);
    return db;
}

static int64_t snapshots(void)
{
    onc_db_t *db = open_target();
    int64_t n = -1;
    onc_err_t err = {0};
    if (db && onc_store_snapshot_count(db, NULL, &n, &err) != ONC_OK) fprintf(stderr, "count: %s\n", err.msg);
    onc_db_close(db);
    return n;
}

/* Verifies the audit chain (a failed CHECK when broken), then removes the target's audit anchor
 * (registry_fixture.h), which ends a command test. */
static void verify_and_close(void)
{
    onc_db_t *db = open_target();
    CHECK(db && registry_audit_entries(db) > 0);
    close_registry(db);
}

/* ---- the store ---- */

static void test_snapshot_store(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    CHECK(onc_case_load("examples/cases/SYN-KRAS-01.json", NULL, &c, &err) == ONC_OK);
    CHECK(onc_db_begin(db, &err) == ONC_OK);
    CHECK(onc_store_put_case(db, c, "os:tester", NULL, &err) == ONC_OK);
    onc_snapshot_t s = {0}, got = {0};
    bool found = true;
    CHECK(onc_store_snapshot_latest(db, "SYN-KRAS-01", "os:tester", &got, &found, &err) == ONC_OK);
    CHECK(!found && got.digest == NULL);
    s.kb_version = "k1";
    s.digest = "{\"format\":1}";
    CHECK(onc_store_snapshot_put(db, "SYN-KRAS-01", "os:tester", &s, &err) == ONC_OK);
    s.kb_version = "k2";
    s.kb_date = "2026-11-29";
    s.trials_source = "trials/";
    s.taken_at = "2026-11-29T05:00:00Z";
    s.digest = "{\"format\":1,\"x\":\"d\\u00e9j\\u00e0 ' ; --\"}";
    CHECK(onc_store_snapshot_put(db, "SYN-KRAS-01", "os:tester", &s, &err) == ONC_OK);
    /* the newest is the last added, every column back as put */
    CHECK(onc_store_snapshot_latest(db, "SYN-KRAS-01", "os:tester", &got, &found, &err) == ONC_OK && found);
    CHECK_STR(got.kb_version, "k2");
    CHECK_STR(got.kb_date, "2026-11-29");
    CHECK_STR(got.trials_source, "trials/");
    CHECK_STR(got.taken_at, "2026-11-29T05:00:00Z");
    CHECK_STR(got.taken_by, "os:tester");
    CHECK_STR(got.digest, s.digest);
    onc_snapshot_clear(&got);
    /* refused: an unknown patient, no digest */
    CHECK(onc_store_snapshot_put(db, "NOBODY", "os:tester", &s, &err) == ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "NOBODY") != NULL);
    CHECK(onc_db_rollback(db, &err) == ONC_OK); /* the failed statement spoilt nothing, but start clean */
    CHECK(onc_db_begin(db, &err) == ONC_OK);
    CHECK(onc_store_put_case(db, c, "os:tester", NULL, &err) == ONC_OK);
    s.digest = NULL;
    CHECK(onc_store_snapshot_put(db, "SYN-KRAS-01", "os:tester", &s, &err) == ONC_EINVAL);
    s.digest = "{}";
    CHECK(onc_store_snapshot_put(db, "SYN-KRAS-01", "os:tester", &s, &err) == ONC_OK);
    CHECK(onc_store_snapshot_latest(db, "NOBODY", "os:tester", &got, &found, &err) == ONC_ENOTFOUND);
    CHECK(registry_commit(db, &err) == ONC_OK);
    int64_t n = -1;
    CHECK(onc_store_snapshot_count(db, "SYN-KRAS-01", &n, &err) == ONC_OK);
    CHECK_INT(n, 1); /* the first transaction was rolled back */
    /* outside a transaction: refused */
    CHECK(onc_store_snapshot_put(db, "SYN-KRAS-01", "os:tester", &s, &err) == ONC_EINVAL);
    /* committed entries: the case put (1) and the snapshot put (1) of the second transaction;
     * the refused calls wrote none */
    CHECK_INT(registry_audit_entries(db), 2);
    /* the patient's deletion takes their snapshots with it */
    CHECK(onc_db_exec(db, "DELETE FROM patients", &err) == ONC_OK);
    CHECK(onc_store_snapshot_count(db, NULL, &n, &err) == ONC_OK);
    CHECK_INT(n, 0);
    onc_case_free(c);
    close_registry(db);
}

/* ---- the command ---- */

/* The target as a registry (with its audit anchor) holding the example cases. */
static bool ready(void)
{
    onc_db_t *db = open_registry();
    onc_db_close(db);
    return db && cli_run(work, "db import --db '%s' examples/cases", db_target_url) == 0;
}

/* The trials of work/NAME into the registry (the library: no command loads them yet). */
static bool load_trials(const char *name)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", work, name);
    const char *paths[] = {path};
    onc_db_t *db = open_target();
    onc_err_t err = {0};
    onc_rc rc = db ? onc_db_begin(db, &err) : ONC_EDB;
    if (rc == ONC_OK) rc = onc_store_trials_load(db, paths, 1, &ctx, "os:tester", NULL, NULL, NULL, &err);
    if (rc == ONC_OK) rc = registry_commit(db, &err);
    if (rc != ONC_OK) fprintf(stderr, "load trials %s: %s\n", path, err.msg);
    onc_db_close(db);
    return rc == ONC_OK;
}

static void test_reannotate(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(ready());
    CHECK(make_older_kb() == 0);
    /* 1: baselines with the older kb */
    CHECK_INT(cli_run(work, "db reannotate --db '%s' --kb '%s/kbold'", db_target_url, work), 0);
    CHECK_STR(rows(), "SYN-ALK-01|baseline|baseline recorded\n"
                      "SYN-EGFR-01|baseline|baseline recorded\n"
                      "SYN-KRAS-01|baseline|baseline recorded");
    CHECK(strstr(output("err"), "3 patients with kb test-older: 0 changed, 0 unchanged, 3 baselines; 3 snapshots stored"));
    CHECK_INT(snapshots(), 3);
    /* 2: the same kb: nothing changed, nothing stored */
    CHECK_INT(cli_run(work, "db reannotate --db '%s' --kb '%s/kbold'", db_target_url, work), 0);
    CHECK_STR(rows(), "");
    CHECK(strstr(output("err"), "0 changed, 3 unchanged, 0 baselines; 0 snapshots stored"));
    CHECK_INT(snapshots(), 3);
    /* 3: the update, dry run: the changes listed, nothing stored */
    const char *expected = "SYN-EGFR-01|changed|EGFR L858R: therapy amivantamab+lazertinib added (I-A not verified)\n"
                           "SYN-KRAS-01|changed|KRAS G12C: therapy adagrasib ESCAT III-A not verified -> II-B not verified";
    CHECK_INT(cli_run(work, "db reannotate --db '%s' --dry-run", db_target_url), 0);
    CHECK_STR(rows(), expected);
    CHECK(strstr(output("err"), "2 changed, 1 unchanged, 0 baselines; 3 snapshots would be stored (dry run: none was)"));
    CHECK_INT(snapshots(), 3);
    /* 4: the update: the same, stored (ALK unchanged, but checked against a new kb version) */
    CHECK_INT(cli_run(work, "db reannotate --db '%s'", db_target_url), 0);
    CHECK_STR(rows(), expected);
    CHECK(strstr(output("out"), "SYN-EGFR-01\tchanged\ttest-older\t"));
    CHECK_INT(snapshots(), 6);
    /* 5: and then nothing */
    CHECK_INT(cli_run(work, "db reannotate --db '%s' --format json --no-version", db_target_url), 0);
    json_t *doc = json_loads(output("out"), 0, NULL);
    CHECK(doc != NULL);
    json_t *counts = json_object_get(doc, "counts");
    CHECK_INT(json_integer_value(json_object_get(counts, "patients")), 3);
    CHECK_INT(json_integer_value(json_object_get(counts, "unchanged")), 3);
    CHECK_INT(json_integer_value(json_object_get(counts, "snapshots")), 0);
    CHECK(json_object_get(doc, "oncoboard_version") == NULL);
    json_decref(doc);
    CHECK_INT(snapshots(), 6);
    /* 6: one run is one transaction: SYN-KRAS-01's newest snapshot spoilt by hand, the older kb
     * (SYN-EGFR-01, listed before it, would get a new snapshot): refused naming the patient,
     * nothing stored */
    onc_db_t *db = open_target();
    onc_err_t err = {0};
    CHECK(db && onc_db_exec(db,
                            "UPDATE report_snapshots SET digest = 'not a digest' WHERE id = (SELECT max(s.id) FROM "
                            "report_snapshots s JOIN patients p ON p.id = s.patient_id WHERE p.external_id = "
                            "'SYN-KRAS-01')",
                            &err) == ONC_OK);
    onc_db_close(db);
    CHECK_INT(cli_run(work, "db reannotate --db '%s' --kb '%s/kbold'", db_target_url, work), 2);
    CHECK(strstr(output("err"), "patient SYN-KRAS-01: report digest: line 1"));
    CHECK_INT(snapshots(), 6);
    verify_and_close();
}

/* The registry's patients against two portfolios: first without the KRAS G12C trial, then with
 * it. */
static void test_reannotate_trials(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(ready());
    CHECK(make_trials("t1", "NCT06074588-egfr-sacituzumab-tirumotecan.yaml") == 0);
    CHECK(make_trials("t2", "NCT06074588-egfr-sacituzumab-tirumotecan.yaml NCT06497556-kras-g12c-divarasib.yaml") == 0);
    CHECK_INT(cli_run(work, "db reannotate --db '%s' --trials '%s/t1'", db_target_url, work), 0);
    CHECK_INT(snapshots(), 3);
    CHECK_INT(cli_run(work, "db reannotate --db '%s' --trials '%s/t2' --format json --no-version", db_target_url, work), 0);
    json_t *doc = json_loads(output("out"), 0, NULL);
    json_t *kras = json_array_get(json_object_get(doc, "patients"), 2);
    CHECK_STR(json_string_value(json_object_get(kras, "patient")), "SYN-KRAS-01");
    CHECK_STR(json_string_value(json_object_get(kras, "status")), "changed");
    json_t *change = json_array_get(json_object_get(kras, "changes"), 0);
    CHECK_INT(json_array_size(json_object_get(kras, "changes")), 1);
    CHECK_STR(json_string_value(json_object_get(change, "change")), "trial_added");
    CHECK_STR(json_string_value(json_object_get(change, "text")), "trial NCT06497556 step 1 newly eligible");
    CHECK_INT(json_integer_value(json_object_get(json_object_get(doc, "counts"), "changed")), 1);
    json_decref(doc);
    /* without --trials, the registry's portfolio: empty, so the trial is no longer listed */
    CHECK_INT(cli_run(work, "db reannotate --db '%s' --dry-run", db_target_url), 0);
    CHECK_STR(rows(), "SYN-KRAS-01|changed|trial NCT06497556 step 1 no longer eligible or potentially eligible (was "
                      "eligible)");
    /* the same two trials in the registry: nothing changed, the new source recorded */
    CHECK(load_trials("t2"));
    CHECK_INT(cli_run(work, "db reannotate --db '%s'", db_target_url), 0);
    CHECK_STR(rows(), "");
    CHECK(strstr(output("err"), "0 changed, 3 unchanged, 0 baselines; 3 snapshots stored"));
    CHECK_INT(snapshots(), 9);
    verify_and_close();
}

static void test_usage(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK_INT(cli_run(work, "db reannotate --format xml"), 2);
    CHECK(strstr(output("err"), "--format must be tsv or json"));
    CHECK_INT(cli_run(work, "db reannotate extra"), 2);
    CHECK_INT(cli_run(work, "db reannotate --db sqlite:%s/none.db", work), 2); /* not created by a command that reads */
}

static const db_test_t tests[] = {
    DB_TEST(test_snapshot_store),
    DB_TEST(test_reannotate),
    DB_TEST(test_reannotate_trials),
    {NULL, NULL},
};

int main(void)
{
    onc_err_t err = {0};
    onc_kb_t *kb = onc_kb_load(NULL, &err);
    onc_oncotree_t *tree = onc_oncotree_load(NULL, &err);
    onc_genes_t *genes = onc_genes_load(NULL, &err);
    if (!check_mkdtemp(work, sizeof work, "onc-reannot") || registry_fixture_start() || !kb || !tree || !genes) return 1;
    ctx.kb = kb, ctx.oncotree = tree, ctx.genes = genes;
    RUN(test_usage);
    db_targets_run(tests);
    registry_fixture_end();
    onc_genes_free(genes);
    onc_oncotree_free(tree);
    onc_kb_free(kb);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", work);
    CHECK_EXIT();
}
