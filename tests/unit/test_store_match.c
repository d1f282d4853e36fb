/* test_store_match.c: the incremental re-match of the registry and its history (store_match.h),
 * and the accrual figures, on every database target.
 *
 * The patients are the example cases (SYN-ALK-01: EML4-ALK; SYN-EGFR-01: EGFR L858R and T790M;
 * SYN-KRAS-01: KRAS G12C) and the trial tests/data/store_trials/egfr.yaml (an EGFR-mutation arm and
 * an ALK-rearrangement arm, both for NSCLC): SYN-ALK-01 is eligible for the ALK arm, SYN-EGFR-01
 * for the EGFR arm, SYN-KRAS-01 for neither (as `oncoboard match` says, checked by hand against
 * the cases). MatchMiner's run-log scenarios (shared/data/matchminer/README.md: a trial closed,
 * matched with match_on_closed, closed again; an arm suspended and unsuspended; a patient's
 * diagnosis changed) are played with edits of those texts, and the enabled/disabled counts
 * asserted. The accrual counts of tests/data/store_match (six synthetic cases with enrolments)
 * were worked out by hand from the files (the table in docs/registry.md, "Accrual").
 */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "registry_fixture.h"

#include "oncoboard/kb.h"
#include "oncoboard/store.h"
#include "oncoboard/store_match.h"
#include "oncoboard/store_trials.h"
#include "oncoboard/strbuf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static onc_match_ctx_t ctx;
static char tmp_dir[256];

/* text with every `from` replaced by `to` (a new string; NULL when from is absent). */
static char *replace_all(const char *text, const char *from, const char *to)
{
    if (!text || !strstr(text, from)) return NULL;
    onc_strbuf_t b = ONC_STRBUF_INIT;
    for (const char *p = text, *at; p;) {
        at = strstr(p, from);
        if (onc_strbuf_putsn(&b, p, at ? (size_t)(at - p) : strlen(p)) != ONC_OK) break;
        if (at && onc_strbuf_puts(&b, to) != ONC_OK) break;
        p = at ? at + strlen(from) : NULL;
    }
    return b.s;
}

/* Puts the case text (its lab files relative to examples/cases) into db, replacing. */
static onc_rc put_case_text(onc_db_t *db, const char *text)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    onc_store_put_opts_t o;
    onc_store_put_opts_init(&o);
    o.replace = true;
    onc_rc rc = text ? onc_case_parse(text, strlen(text), "case.json", "examples/cases", NULL, &c, &err) : ONC_EINVAL;
    if (rc == ONC_OK) rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_put_case(db, c, "os:tester", &o, &err);
    if (rc == ONC_OK) rc = registry_commit(db, &err);
    else onc_db_rollback(db, NULL);
    if (rc != ONC_OK) fprintf(stderr, "put case: %s\n", err.msg);
    onc_case_free(c);
    return rc;
}

static onc_rc put_case_file(onc_db_t *db, const char *path)
{
    char *text = test_slurp(path);
    onc_rc rc = put_case_text(db, text);
    free(text);
    return rc;
}

/* Loads the trial text (written to a file first, as a curator would) into db. */
static onc_rc put_trial_text(onc_db_t *db, const char *text)
{
    char path[400];
    snprintf(path, sizeof path, "%s/trial.yaml", tmp_dir);
    FILE *f = fopen(path, "w");
    if (!f || !text) return f ? fclose(f) : 0, ONC_EIO;
    fputs(text, f);
    fclose(f);
    const char *paths[] = {path};
    onc_err_t err = {0};
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_trials_load(db, paths, 1, &ctx, "os:tester", NULL, NULL, NULL, &err);
    if (rc == ONC_OK) rc = registry_commit(db, &err);
    else onc_db_rollback(db, NULL);
    if (rc != ONC_OK) fprintf(stderr, "load trial: %s\n", err.msg);
    unlink(path);
    return rc;
}

/* One run at a fixed comparison date; *s gets its summary. */
static onc_rc run(onc_db_t *db, const char *date, bool full, bool closed, onc_store_match_summary_t *s)
{
    onc_err_t err = {0};
    onc_store_match_opts_t o;
    onc_store_match_opts_init(&o);
    o.full = full;
    o.match.match_on_closed = closed;
    o.match.threads = 1;
    onc_rc rc = onc_date_parse(date, &o.match.comparison_date, &err);
    if (rc == ONC_OK) rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_match_run(db, &ctx, &o, "os:tester", s, &err);
    if (rc == ONC_OK) rc = registry_commit(db, &err);
    else onc_db_rollback(db, NULL);
    if (rc != ONC_OK) fprintf(stderr, "match run: %s\n", err.msg);
    return rc;
}

#define CHECK_RUN(s, want_pairs, want_added, want_kept, want_disabled, want_reenabled)                            \
    do {                                                                                                       \
        CHECK_INT((s).pairs, want_pairs);                                                                      \
        CHECK_INT((s).added, want_added);                                                                      \
        CHECK_INT((s).kept, want_kept);                                                                        \
        CHECK_INT((s).disabled, want_disabled);                                                                \
        CHECK_INT((s).reenabled, want_reenabled);                                                              \
    } while (0)

static const char *DATE = "2026-11-29";
#define VALID "SELECT count(*) FROM match_results WHERE still_valid = 1"
#define INVALID "SELECT count(*) FROM match_results WHERE still_valid = 0"

/* The registry with the three example cases and the fixture trial, matched once. */
static onc_db_t *matched_registry(onc_store_match_summary_t *s)
{
    onc_db_t *db = open_registry();
    if (!db) return NULL;
    char *trial = test_slurp("tests/data/store_trials/egfr.yaml");
    CHECK_INT(put_case_file(db, "examples/cases/SYN-ALK-01.json"), ONC_OK);
    CHECK_INT(put_case_file(db, "examples/cases/SYN-EGFR-01.json"), ONC_OK);
    CHECK_INT(put_case_file(db, "examples/cases/SYN-KRAS-01.json"), ONC_OK);
    CHECK_INT(put_trial_text(db, trial), ONC_OK);
    free(trial);
    CHECK_INT(run(db, DATE, false, false, s), ONC_OK);
    return db;
}

static void second_run_matches_nothing_new_patient_only_them(void)
{
    onc_store_match_summary_t s;
    onc_db_t *db = matched_registry(&s);
    if (!db) return;
    CHECK_RUN(s, 3, 2, 0, 0, 0); /* 3 patients x 1 trial; ALK-01 and EGFR-01 eligible */
    CHECK_INT(s.patients_matched, 3);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM match_results WHERE status = 'eligible' AND still_valid = 1 "
                                 "AND trial_version = 1 AND change_reason IS NULL"), 2);
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 0, 0, 0, 0, 0);
    CHECK_INT(s.patients, 3);
    /* one new patient: that patient against the one trial, nothing else */
    char *egfr = test_slurp("examples/cases/SYN-EGFR-01.json");
    char *egfr2 = replace_all(egfr, "SYN-EGFR-01", "SYN-EGFR-02");
    CHECK_INT(put_case_text(db, egfr2), ONC_OK);
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 1, 1, 0, 0, 0);
    CHECK_INT(s.patients_matched, 1);
    CHECK_INT(s.trials_matched, 0);
    /* the same case imported again (same text): not a change */
    CHECK_INT(put_case_text(db, egfr2), ONC_OK);
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 0, 0, 0, 0, 0);
    /* runs recorded, each audited, the chain intact */
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM match_runs"), 4);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM audit_log WHERE entity = 'match_run'"), 4);
    CHECK(registry_audit_entries(db) > 0);
    free(egfr), free(egfr2);
    close_registry(db);
}

/* MatchMiner run log: an arm suspended disables its results, unsuspended re-enables them. */
static void arm_suspended_then_unsuspended(void)
{
    onc_store_match_summary_t s;
    onc_db_t *db = matched_registry(&s);
    if (!db) return;
    char *v1 = test_slurp("tests/data/store_trials/egfr.yaml");
    char *alk_suspended = replace_all(v1, "arm_code: \"ALK\"\n          arm_suspended: \"N\"",
                                      "arm_code: \"ALK\"\n          arm_suspended: \"Y\"");
    CHECK(alk_suspended != NULL);
    CHECK_INT(put_trial_text(db, alk_suspended), ONC_OK);
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 3, 0, 1, 1, 0); /* the changed trial against every patient; the ALK row disabled */
    CHECK_INT(s.trials_matched, 1);
    CHECK_INT(s.patients_matched, 0);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM match_results WHERE arm = 'ALK' AND still_valid = 0 "
                                 "AND change_reason = 'trial changed'"), 1);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM match_results WHERE arm = 'EGFR' AND still_valid = 1 "
                                 "AND trial_version = 2"), 1);
    CHECK_INT(put_trial_text(db, v1), ONC_OK); /* back as it was: version 3 */
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 3, 0, 1, 0, 1);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM match_results"), 2); /* the same rows, none added */
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM match_results WHERE arm = 'ALK' AND still_valid = 1 "
                                 "AND trial_version = 3 AND first_seen <= last_seen"), 1);
    free(v1), free(alk_suspended);
    close_registry(db);
}

/* MatchMiner run log, match_on_closed: closed -> nothing; with match_on_closed -> enabled;
 * without again -> all disabled. Then reopened: re-enabled. */
static void trial_closed_then_reopened(void)
{
    onc_store_match_summary_t s;
    onc_db_t *db = matched_registry(&s);
    if (!db) return;
    char *v1 = test_slurp("tests/data/store_trials/egfr.yaml");
    char *closed = replace_all(v1, "Open to Accrual", "Closed to Accrual");
    CHECK_INT(put_trial_text(db, closed), ONC_OK);
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 3, 0, 0, 2, 0);
    CHECK_INT(reg_scalar(db, VALID), 0);
    CHECK_INT(run(db, DATE, false, true, &s), ONC_OK); /* match_on_closed: another option, every pair */
    CHECK_RUN(s, 3, 0, 0, 0, 2);
    CHECK_INT(reg_scalar(db, VALID), 2);
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 3, 0, 0, 2, 0);
    CHECK_INT(reg_scalar(db, VALID), 0);
    CHECK_INT(reg_scalar(db, INVALID " AND change_reason = 'no longer matches'"), 2);
    CHECK_INT(put_trial_text(db, v1), ONC_OK);
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 3, 0, 0, 0, 2);
    CHECK_INT(reg_scalar(db, VALID " AND change_reason = 'trial changed'"), 2);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM match_results"), 2);
    free(v1), free(closed);
    close_registry(db);
}

static int count_result(const onc_store_result_t *r, void *ctx)
{
    int *n = ctx;
    (*n)++;
    return r->trial_version < 1; /* a stored row always names its version */
}

/* The number of results listed for patient and trial (NULL: any), valid only unless all. */
static int results(onc_db_t *db, const char *patient, const char *trial, bool all)
{
    onc_err_t err = {0};
    int n = 0;
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_match_results(db, "os:tester", patient, trial, all, count_result, &n, &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    return n;
}

/* MatchMiner run log: a patient's diagnosis changed disables their results; changed back,
 * re-enables them. A new comparison date, and --full, evaluate every pair. */
static void patient_diagnosis_changed_and_back(void)
{
    onc_store_match_summary_t s;
    onc_db_t *db = matched_registry(&s);
    if (!db) return;
    char *egfr = test_slurp("examples/cases/SYN-EGFR-01.json");
    char *breast = replace_all(egfr, "\"oncotree_code\": \"LUAD\"", "\"oncotree_code\": \"BRCA\"");
    CHECK(breast != NULL);
    CHECK_INT(put_case_text(db, breast), ONC_OK);
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 1, 0, 0, 1, 0);
    CHECK_INT(reg_scalar(db, INVALID " AND arm = 'EGFR' AND change_reason = 'patient changed'"), 1);
    CHECK_INT(results(db, "SYN-EGFR-01", NULL, false), 0); /* the disabled row only with all */
    CHECK_INT(results(db, "SYN-EGFR-01", NULL, true), 1);
    CHECK_INT(results(db, NULL, "NCT99999901", true), 2);
    CHECK_INT(results(db, NULL, "NCT00000000", true), 0);
    CHECK_INT(results(db, NULL, NULL, false), 1);
    CHECK_INT(put_case_text(db, egfr), ONC_OK);
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 1, 0, 0, 0, 1);
    CHECK_INT(reg_scalar(db, VALID), 2);
    CHECK_INT(run(db, "2026-12-01", false, false, &s), ONC_OK); /* another date: every pair */
    CHECK_RUN(s, 3, 0, 2, 0, 0);
    CHECK_INT(run(db, "2026-12-01", true, false, &s), ONC_OK);
    CHECK_RUN(s, 3, 0, 2, 0, 0);
    CHECK_INT(run(db, "2026-12-01", false, false, &s), ONC_OK);
    CHECK_RUN(s, 0, 0, 0, 0, 0);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM audit_log WHERE entity = 'match_result' AND action = 'update' "
                                 "AND patient_id = 'SYN-EGFR-01'"), 3); /* added, disabled, re-enabled */
    free(egfr), free(breast);
    close_registry(db);
}

static const onc_accrual_row_t *find_row(const onc_accrual_t *a, const char *trial, const char *month)
{
    for (size_t i = 0; i < onc_accrual_rows(a); i++) {
        const onc_accrual_row_t *r = onc_accrual_row(a, i);
        if (strcmp(r->trial, trial) == 0 && strcmp(r->month, month) == 0) return r;
    }
    return NULL;
}

#define CHECK_ACCRUAL(r, sc, el, po, en, sf, wd)                                                               \
    do {                                                                                                       \
        CHECK((r) != NULL);                                                                                    \
        if (!(r)) break;                                                                                       \
        CHECK_INT((r)->screened, sc);                                                                          \
        CHECK_INT((r)->eligible, el);                                                                          \
        CHECK_INT((r)->potential, po);                                                                         \
        CHECK_INT((r)->enrolled, en);                                                                          \
        CHECK_INT((r)->screen_failed, sf);                                                                     \
        CHECK_INT((r)->withdrawn, wd);                                                                         \
    } while (0)

static onc_accrual_t *accrual(onc_db_t *db, const char *from, const char *to)
{
    onc_err_t err = {0};
    onc_accrual_t *a = NULL;
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_accrual(db, "os:tester", from, to, &a, &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    return a;
}

static void accrual_counts(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    static const char *const ids[] = {"ACC-01", "ACC-02", "ACC-03", "ACC-04", "ACC-05", "ACC-06"};
    char path[128];
    for (size_t i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "tests/data/store_match/%s.json", ids[i]);
        CHECK_INT(put_case_file(db, path), ONC_OK);
    }
    char *trial = test_slurp("tests/data/store_trials/egfr.yaml");
    CHECK_INT(put_trial_text(db, trial), ONC_OK);
    free(trial);
    onc_store_match_summary_t s;
    CHECK_INT(run(db, DATE, false, false, &s), ONC_OK);
    CHECK_RUN(s, 6, 4, 0, 0, 0); /* ACC-01, 02, 05 (EGFR arm) and 03 (ALK arm) eligible */
    char now_month[8];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now_month, sizeof now_month, "%Y-%m", &tm); /* first_seen is the run's time */
    onc_accrual_t *a = accrual(db, NULL, NULL);
    const onc_accrual_row_t *feb = find_row(a, "NCT99999901", "2026-02");
    const onc_accrual_row_t *mar = find_row(a, "NCT99999901", "2026-03");
    const onc_accrual_row_t *apr = find_row(a, "NCT99999901", "2026-04");
    const onc_accrual_row_t *total = find_row(a, "NCT99999901", "total");
    CHECK_ACCRUAL(feb, 2, 0, 0, 1, 1, 0);   /* ACC-01 enrolled, ACC-02 failed */
    CHECK_ACCRUAL(mar, 3, 0, 0, 0, 2, 0);   /* ACC-03 (by protocol_no) and ACC-05 failed, ACC-04 screening */
    CHECK_ACCRUAL(apr, 2, 0, 0, 1, 0, 1);   /* ACC-05 enrolled, ACC-06 withdrew */
    CHECK_ACCRUAL(find_row(a, "NCT99999901", now_month), 0, 4, 0, 0, 0, 0);
    CHECK_ACCRUAL(total, 6, 4, 0, 2, 3, 1); /* distinct patients: ACC-05 screened twice counts once */
    if (total) {
        CHECK_INT(total->n_reasons, 2);
        if (total->n_reasons == 2) {
            CHECK_STR(total->reasons[0].reason, "ECOG 2");
            CHECK_INT(total->reasons[0].n, 2);
            CHECK_STR(total->reasons[1].reason, "active brain metastases");
            CHECK_INT(total->reasons[1].n, 1);
        }
    }
    onc_accrual_free(a);
    a = accrual(db, "2026-03", "2026-03");
    CHECK_INT(onc_accrual_rows(a), 2); /* March and the total over March */
    CHECK_ACCRUAL(find_row(a, "NCT99999901", "total"), 3, 0, 0, 0, 2, 0);
    onc_accrual_free(a);
    onc_err_t err = {0};
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_accrual(db, "os:tester", "2026-13", NULL, &a, &err), ONC_EINVAL);
    onc_db_rollback(db, NULL);
    close_registry(db);
}

static void run_outside_a_transaction_is_refused(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    onc_store_match_summary_t s;
    CHECK_INT(onc_store_match_run(db, &ctx, NULL, "os:tester", &s, &err), ONC_EINVAL);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM match_runs"), 0);
    close_registry(db);
}

int main(void)
{
    if (registry_ctx_load(&ctx)) return 1;
    static const db_test_t tests[] = {
        DB_TEST(second_run_matches_nothing_new_patient_only_them),
        DB_TEST(arm_suspended_then_unsuspended),
        DB_TEST(trial_closed_then_reopened),
        DB_TEST(patient_diagnosis_changed_and_back),
        DB_TEST(accrual_counts),
        DB_TEST(run_outside_a_transaction_is_refused),
        {NULL, NULL},
    };
    if (!check_mkdtemp(tmp_dir, sizeof tmp_dir, "onc-match") || registry_fixture_start()) return 1;
    db_targets_run(tests);
    rmdir(tmp_dir);
    registry_fixture_end();
    registry_ctx_free();
    CHECK_EXIT();
}
