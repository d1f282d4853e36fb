/* test_clinic.c: the clinic's forms (store_clinic.h) on every database target: the patient list
 * and each of its filters (text, molecular group, trial status with and without a trial, meeting,
 * next meeting; paging and the total), tumor board meetings and their patients, decisions (draft,
 * edit, final, never edited after), response assessments and the outcome, with the case read back
 * after an outcome. Every test counts its audit entries and ends with the chain verified.
 *
 * The registry of the list tests is made here (cases from JSON text, snapshots, trials and match
 * results written directly); the expected rows are read off that text by hand.
 */
#include "check.h"
#include "db_targets.h"
#include "registry_fixture.h"

#include "oncoboard/case.h"
#include "oncoboard/store.h"
#include "oncoboard/store_clinic.h"
#include "oncoboard/store_snapshot.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define ACTOR "user:tester"

/* ---- building a registry ---- */

static onc_rc put_json(onc_db_t *db, const char *json)
{
    onc_case_t *c = NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_case_parse(json, strlen(json), "case.json", NULL, NULL, &c, &err);
    if (rc == ONC_OK) rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_put_case(db, c, "os:tester", NULL, &err);
    if (rc == ONC_OK) rc = registry_commit(db, &err);
    else onc_db_rollback(db, NULL);
    if (rc != ONC_OK) fprintf(stderr, "put: %s\n", err.msg);
    onc_case_free(c);
    return rc;
}

static void snapshot(onc_db_t *db, const char *patient, const char *group)
{
    char digest[256];
    snprintf(digest, sizeof digest, "{\"alterations\":[],\"format\":1,\"molecular_group\":\"%s\",\"primary_driver\":null}",
             group);
    onc_snapshot_t s = {.kb_version = "test", .digest = digest};
    onc_err_t err = {0};
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_snapshot_put(db, patient, "os:tester", &s, &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
}

static void exec(onc_db_t *db, const char *sql)
{
    onc_err_t err = {0};
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, sql, &st, &err);
    bool row = true;
    while (rc == ONC_OK && row) rc = onc_db_step(st, &row, &err);
    if (rc != ONC_OK) fprintf(stderr, "%s: %s\n", sql, err.msg);
    CHECK_INT(rc, ONC_OK);
    onc_db_finalize(st);
}

/* P1: LUAD, EGFR_COMMON now (KRAS_OTHER before), eligible for T1, enrolled in NCT00000001 after
 *     screening, born 1958-03-14, line 1 from 2024-03-01 with best response SD.
 * P2: LUSC, KRAS_OTHER now (EGFR_COMMON before), an eligible result no longer valid and a
 *     potential one, screen failed for NCT00000002 (trial T2's NCT id), age 67.
 * p3: nothing but the id (lower case: the order is bytewise, "P4" < "p3").
 * P4: screening for a trial that is not registered, written with SQL metacharacters. */
static const char *const cases[] = {
    "{\"case_format\": 1, \"id\": \"P1\", \"sex\": \"female\", \"birth_date\": \"1958-03-14\","
    " \"diagnosis\": {\"oncotree_code\": \"LUAD\", \"stage\": \"IVA\", \"date\": \"2024-01-10\"},"
    " \"therapies\": [{\"line\": 1, \"agents\": [\"osimertinib\"], \"start\": \"2024-03-01\", \"best_response\": \"SD\"},"
    "                 {\"line\": 2, \"agents\": [\"carboplatin\"]}],"
    " \"enrolments\": [{\"trial\": \"NCT00000001\", \"status\": \"screening\", \"date\": \"2024-02-01\"},"
    "                  {\"trial\": \"NCT00000001\", \"status\": \"enrolled\", \"date\": \"2024-02-20\"}]}",
    "{\"case_format\": 1, \"id\": \"P2\", \"sex\": \"male\", \"age\": 67,"
    " \"diagnosis\": {\"oncotree_code\": \"LUSC\", \"date\": \"2025-05-05\"},"
    " \"enrolments\": [{\"trial\": \"NCT00000002\", \"status\": \"screen_failed\", \"reason\": \"ECOG 2\"}]}",
    "{\"case_format\": 1, \"id\": \"p3\"}",
    "{\"case_format\": 1, \"id\": \"P4\", \"diagnosis\": {\"oncotree_code\": \"NSCLC\", \"stage\": \"IIIB\"},"
    " \"enrolments\": [{\"trial\": \"NCT'09; --\", \"status\": \"screening\"}]}",
};

static int64_t board_past, board_next, board_later;

/* The registry above, with three meetings: 2020-01-01 (P1), 2099-01-01 (P2, p3), 2099-06-01 (P4). */
static onc_db_t *list_registry(void)
{
    onc_db_t *db = open_registry();
    if (!db) return NULL;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) CHECK_INT(put_json(db, cases[i]), ONC_OK);
    snapshot(db, "P1", "KRAS_OTHER"), snapshot(db, "P1", "EGFR_COMMON");
    snapshot(db, "P2", "EGFR_COMMON"), snapshot(db, "P2", "KRAS_OTHER");
    exec(db, "INSERT INTO trials (trial_key, protocol_no, nct_id, version, ctml, loaded_at, active) VALUES "
             "('T1', 'PROTO-1', 'NCT00000001', 1, '{}', '2026-01-01T00:00:00Z', 1)");
    exec(db, "INSERT INTO trials (trial_key, protocol_no, nct_id, version, ctml, loaded_at, active) VALUES "
             "('T2', 'PROTO-2', 'NCT00000002', 1, '{}', '2026-01-01T00:00:00Z', 1)");
#define RESULT(pat, trial, status, valid)                                                                          \
    "INSERT INTO match_results (patient_id, trial_id, trial_key, trial_version, level, status, first_seen, "       \
    "last_seen, still_valid) SELECT p.id, t.id, t.trial_key, 1, 'arm', '" status "', '2026-01-01T00:00:00Z', "    \
    "'2026-01-01T00:00:00Z', " valid " FROM patients p, trials t WHERE p.external_id = '" pat "' AND "           \
    "t.trial_key = '" trial "'"
    exec(db, RESULT("P1", "T1", "eligible", "1"));
    exec(db, RESULT("P1", "T1", "eligible", "1")); /* a second arm of the same trial: one trial */
    exec(db, RESULT("P2", "T1", "eligible", "0"));
    exec(db, RESULT("P2", "T2", "potential", "1"));
    onc_err_t err = {0};
    CHECK_INT(onc_board_create(db, "2020-01-01", "past", ACTOR, &board_past, &err), ONC_OK);
    CHECK_INT(onc_board_create(db, "2099-01-01", "next", ACTOR, &board_next, &err), ONC_OK);
    CHECK_INT(onc_board_create(db, "2099-06-01", NULL, ACTOR, &board_later, &err), ONC_OK);
    CHECK_INT(onc_board_add_patient(db, board_past, "P1", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_board_add_patient(db, board_next, "P2", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_board_add_patient(db, board_next, "p3", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_board_add_patient(db, board_later, "P4", ACTOR, &err), ONC_OK);
    return db;
}

/* ---- the list ---- */

typedef struct seen_rows {
    char ids[256];
    size_t n;
    onc_patient_row_t first;
    char first_strings[10][64];
} seen_rows_t;

static const char *keep(seen_rows_t *s, int i, const char *v)
{
    if (!v) return NULL;
    snprintf(s->first_strings[i], sizeof s->first_strings[i], "%s", v);
    return s->first_strings[i];
}

static int collect_row(const onc_patient_row_t *r, void *ctx)
{
    seen_rows_t *s = ctx;
    size_t len = strlen(s->ids);
    snprintf(s->ids + len, sizeof s->ids - len, "%s%s", len ? "," : "", r->external_id);
    if (s->n++ == 0) {
        s->first = *r;
        s->first.external_id = keep(s, 0, r->external_id);
        s->first.sex = keep(s, 1, r->sex);
        s->first.oncotree_code = keep(s, 2, r->oncotree_code);
        s->first.stage = keep(s, 3, r->stage);
        s->first.group = keep(s, 4, r->group);
        s->first.vital_status = keep(s, 5, r->vital_status);
        s->first.enrolled_trial = keep(s, 6, r->enrolled_trial);
        s->first.next_board = keep(s, 7, r->next_board);
        s->first.updated_at = keep(s, 8, r->updated_at);
    }
    return 0;
}

static seen_rows_t seen;
static size_t seen_total;

/* The ids the filter lists ("P1,P2"), comma-separated; ONC_OK expected. */
static const char *list(onc_db_t *db, const onc_patient_filter_t *f)
{
    onc_err_t err = {0};
    memset(&seen, 0, sizeof seen);
    seen_total = 99;
    onc_rc rc = onc_clinic_patients(db, ACTOR, f, collect_row, &seen, &seen_total, &err);
    if (rc != ONC_OK) fprintf(stderr, "list: %s\n", err.msg);
    CHECK_INT(rc, ONC_OK);
    return seen.ids;
}

static onc_patient_filter_t filter(void)
{
    onc_patient_filter_t f;
    onc_patient_filter_init(&f);
    return f;
}

static int years_since(int y, int m, int d)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900 - y - (tm.tm_mon + 1 < m || (tm.tm_mon + 1 == m && tm.tm_mday < d));
}

static void list_everyone_and_rows(void)
{
    onc_db_t *db = list_registry();
    if (!db) return;
    int64_t audit0 = registry_audit_entries(db);
    onc_patient_filter_t f = filter();
    CHECK_STR(list(db, &f), "P1,P2,P4,p3");
    CHECK_INT(seen_total, 4);
    CHECK_STR(seen.first.external_id, "P1");
    CHECK_STR(seen.first.sex, "female");
    CHECK_INT(seen.first.age, years_since(1958, 3, 14));
    CHECK_STR(seen.first.oncotree_code, "LUAD");
    CHECK_STR(seen.first.stage, "IVA");
    CHECK_STR(seen.first.group, "EGFR_COMMON");
    CHECK(seen.first.vital_status == NULL);
    CHECK_INT(seen.first.eligible_trials, 1);
    CHECK_STR(seen.first.enrolled_trial, "NCT00000001");
    CHECK(seen.first.next_board == NULL); /* listed for a past meeting only */
    CHECK(seen.first.updated_at != NULL);
    f.text = "P2";
    CHECK_STR(list(db, &f), "P2");
    CHECK_INT(seen.first.age, 67);
    CHECK_STR(seen.first.group, "KRAS_OTHER");
    CHECK_INT(seen.first.eligible_trials, 0); /* one no longer valid, one potential */
    CHECK(seen.first.enrolled_trial == NULL);
    CHECK_STR(seen.first.next_board, "2099-01-01");
    f.text = "p4";
    CHECK_STR(list(db, &f), "P4");
    CHECK_STR(seen.first.stage, "IIIB");
    CHECK_STR(seen.first.next_board, "2099-06-01");
    CHECK(seen.first.group == NULL);
    CHECK_INT(registry_audit_entries(db) - audit0, 3); /* one read per list */
    close_registry(db);
}

static void list_text_and_group(void)
{
    onc_db_t *db = list_registry();
    if (!db) return;
    int64_t audit0 = registry_audit_entries(db);
    onc_patient_filter_t f = filter();
    f.text = "luad";
    CHECK_STR(list(db, &f), "P1"); /* the diagnosis, case-insensitive */
    f.text = "lu";
    CHECK_STR(list(db, &f), "P1,P2");
    f.text = "P";
    CHECK_STR(list(db, &f), "P1,P2,P4,p3"); /* P and p */
    CHECK_INT(seen_total, 4);
    f.text = "%";
    CHECK_STR(list(db, &f), ""); /* LIKE's metacharacters are text */
    CHECK_INT(seen_total, 0);
    f.text = "_";
    CHECK_STR(list(db, &f), "");
    f.text = "'; DROP TABLE patients; --";
    CHECK_STR(list(db, &f), "");
    f.text = "";
    CHECK_STR(list(db, &f), "P1,P2,P4,p3");
    f = filter();
    f.group = "EGFR_COMMON";
    CHECK_STR(list(db, &f), "P1"); /* the newest snapshot's: P2 was EGFR_COMMON before */
    f.group = "KRAS_OTHER";
    CHECK_STR(list(db, &f), "P2");
    f.group = "none";
    CHECK_STR(list(db, &f), "P4,p3");
    CHECK_INT(seen_total, 2);
    f.text = "3";
    CHECK_STR(list(db, &f), "p3"); /* filters combine */
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM patients"), 4);
    CHECK_INT(registry_audit_entries(db) - audit0, 11);
    close_registry(db);
}

static void list_trial_status(void)
{
    onc_db_t *db = list_registry();
    if (!db) return;
    int64_t audit0 = registry_audit_entries(db);
    onc_patient_filter_t f = filter();
    f.trial_status = "eligible";
    CHECK_STR(list(db, &f), "P1"); /* P2's eligible row is no longer valid */
    f.trial = "T1";
    CHECK_STR(list(db, &f), "P1");
    f.trial = "T2";
    CHECK_STR(list(db, &f), ""); /* potential is not eligible */
    f.trial_status = "enrolled", f.trial = NULL;
    CHECK_STR(list(db, &f), "P1");
    f.trial = "T1"; /* P1's enrolment names T1 by its NCT id */
    CHECK_STR(list(db, &f), "P1");
    f.trial = "NCT00000001";
    CHECK_STR(list(db, &f), "P1");
    f.trial = "T2";
    CHECK_STR(list(db, &f), "");
    f.trial_status = "screening", f.trial = NULL;
    CHECK_STR(list(db, &f), "P4"); /* P1 screened, then enrolled: the latest row counts */
    f.trial = "NCT'09; --";
    CHECK_STR(list(db, &f), "P4");
    f.trial_status = "screen_failed", f.trial = "T2";
    CHECK_STR(list(db, &f), "P2");
    f.trial = "PROTO-2"; /* not a key: only a name the enrolment does not use */
    CHECK_STR(list(db, &f), "");
    f.trial_status = "withdrawn", f.trial = NULL;
    CHECK_STR(list(db, &f), "");
    /* refused filters, not audited */
    onc_err_t err = {0};
    f.trial_status = "cured";
    CHECK_INT(onc_clinic_patients(db, ACTOR, &f, collect_row, &seen, NULL, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "trial_status") != NULL);
    f.trial_status = NULL, f.trial = "T1";
    CHECK_INT(onc_clinic_patients(db, ACTOR, &f, collect_row, &seen, NULL, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "trial") != NULL);
    CHECK_INT(registry_audit_entries(db) - audit0, 12);
    close_registry(db);
}

static void list_boards_and_paging(void)
{
    onc_db_t *db = list_registry();
    if (!db) return;
    int64_t audit0 = registry_audit_entries(db);
    onc_patient_filter_t f = filter();
    f.board_id = board_past;
    CHECK_STR(list(db, &f), "P1");
    f.board_id = board_later;
    CHECK_STR(list(db, &f), "P4");
    f.board_id = 0, f.next_board = true;
    CHECK_STR(list(db, &f), "P2,p3"); /* not the past meeting, not the one after the next */
    f.board_id = board_next;
    CHECK_STR(list(db, &f), "P2,p3");
    f.board_id = board_past;
    CHECK_STR(list(db, &f), "");
    f = filter();
    f.limit = 2, f.offset = 1;
    CHECK_STR(list(db, &f), "P2,P4");
    CHECK_INT(seen_total, 4);
    f.offset = 3;
    CHECK_STR(list(db, &f), "p3");
    f.offset = 4;
    CHECK_STR(list(db, &f), "");
    CHECK_INT(seen_total, 4);
    f.limit = 1, f.offset = 0, f.text = "p";
    CHECK_STR(list(db, &f), "P1");
    CHECK_INT(seen_total, 4);
    /* no total asked, no callback: still one audited read */
    onc_err_t err = {0};
    f = filter();
    CHECK_INT(onc_clinic_patients(db, ACTOR, &f, NULL, NULL, NULL, &err), ONC_OK);
    CHECK_INT(registry_audit_entries(db) - audit0, 10);
    close_registry(db);
}

/* ---- meetings ---- */

typedef struct seen_boards {
    int n;
    char dates[8][11], titles[8][64];
    size_t patients[8];
} seen_boards_t;

static int collect_board(const onc_board_t *b, void *ctx)
{
    seen_boards_t *s = ctx;
    if (s->n < 8) {
        snprintf(s->dates[s->n], 11, "%s", b->meets_on);
        snprintf(s->titles[s->n], 64, "%s", b->title ? b->title : "(none)");
        s->patients[s->n] = b->n_patients;
    }
    s->n++;
    return 0;
}

static char joined[256];
static const char *board_ids(onc_db_t *db, int64_t board)
{
    char **ids = NULL;
    size_t n = 0;
    onc_err_t err = {0};
    joined[0] = '\0';
    CHECK_INT(onc_board_patients(db, board, ACTOR, &ids, &n, &err), ONC_OK);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(joined);
        snprintf(joined + len, sizeof joined - len, "%s%s", i ? "," : "", ids[i]);
    }
    onc_store_ids_free(ids, n);
    return joined;
}

static void boards(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    CHECK_INT(put_json(db, cases[0]), ONC_OK);
    CHECK_INT(put_json(db, cases[1]), ONC_OK);
    CHECK_INT(put_json(db, cases[2]), ONC_OK);
    int64_t audit0 = registry_audit_entries(db);
    onc_err_t err = {0};
    int64_t a = 0, b = 0, c = 0;
    CHECK_INT(onc_board_create(db, "2026-13-01", "x", ACTOR, &a, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "meets_on") != NULL);
    CHECK_INT(onc_board_create(db, NULL, "x", ACTOR, &a, &err), ONC_EINVAL);
    CHECK_INT(onc_board_create(db, "2026-12-03", "thoracic; '--", ACTOR, &a, &err), ONC_OK);
    CHECK_INT(onc_board_create(db, "2026-11-26", "", ACTOR, &b, &err), ONC_OK);
    CHECK_INT(onc_board_create(db, "2027-01-07", "January", ACTOR, &c, &err), ONC_OK);
    CHECK(a > 0 && b > 0 && c > 0 && a != b && b != c);
    static seen_boards_t s;
    memset(&s, 0, sizeof s);
    CHECK_INT(onc_board_list(db, NULL, collect_board, &s, &err), ONC_OK);
    CHECK_INT(s.n, 3);
    CHECK_STR(s.dates[0], "2026-11-26"); CHECK_STR(s.titles[0], "(none)");
    CHECK_STR(s.dates[1], "2026-12-03"); CHECK_STR(s.titles[1], "thoracic; '--");
    CHECK_STR(s.dates[2], "2027-01-07");
    memset(&s, 0, sizeof s);
    CHECK_INT(onc_board_list(db, "2026-12-03", collect_board, &s, &err), ONC_OK);
    CHECK_INT(s.n, 2);
    CHECK_STR(s.dates[0], "2026-12-03");
    CHECK_INT(onc_board_list(db, "tomorrow", collect_board, &s, &err), ONC_EINVAL);
    /* listing */
    CHECK_INT(onc_board_add_patient(db, a, "P2", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_board_add_patient(db, a, "P1", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_board_add_patient(db, a, "p3", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_board_add_patient(db, a, "P1", ACTOR, &err), ONC_ECONFLICT);
    CHECK(strstr(err.msg, "already listed") != NULL);
    CHECK_INT(onc_board_add_patient(db, a, "P9", ACTOR, &err), ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "P9") != NULL);
    CHECK_INT(onc_board_add_patient(db, 9999, "P1", ACTOR, &err), ONC_ENOTFOUND);
    CHECK_INT(onc_board_add_patient(db, b, "P1", ACTOR, &err), ONC_OK); /* another meeting: fine */
    CHECK_STR(board_ids(db, a), "P2,P1,p3");
    CHECK_INT(onc_board_remove_patient(db, a, "P1", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_board_remove_patient(db, a, "P1", ACTOR, &err), ONC_ENOTFOUND);
    CHECK_INT(onc_board_add_patient(db, a, "P1", ACTOR, &err), ONC_OK); /* back, last */
    CHECK_STR(board_ids(db, a), "P2,p3,P1");
    CHECK_STR(board_ids(db, c), "");
    char **ids = NULL;
    size_t n = 0;
    CHECK_INT(onc_board_patients(db, 9999, ACTOR, &ids, &n, &err), ONC_ENOTFOUND);
    memset(&s, 0, sizeof s);
    CHECK_INT(onc_board_list(db, NULL, collect_board, &s, &err), ONC_OK);
    CHECK_INT(s.patients[0], 1); CHECK_INT(s.patients[1], 3); CHECK_INT(s.patients[2], 0);
    /* 3 creates, 6 listings changed, 3 reads of a meeting's patients */
    CHECK_INT(registry_audit_entries(db) - audit0, 12);
    /* inside the caller's transaction: a duplicate leaves it usable, and a rollback undoes all */
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_board_add_patient(db, c, "P1", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_board_add_patient(db, c, "P1", ACTOR, &err), ONC_ECONFLICT);
    CHECK_INT(onc_board_add_patient(db, c, "P2", ACTOR, &err), ONC_OK);
    CHECK(onc_db_in_transaction(db));
    CHECK_INT(onc_db_rollback(db, &err), ONC_OK);
    CHECK_STR(board_ids(db, c), "");
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_board_add_patient(db, c, "P2", ACTOR, &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    CHECK_STR(board_ids(db, c), "P2");
    CHECK_INT(registry_audit_entries(db) - audit0, 15);
    close_registry(db);
}

/* ---- decisions ---- */

typedef struct seen_decisions {
    int n;
    int64_t ids[8], boards[8];
    char status[8][8], text[2][128], author[8][32], finalised_by[8][32];
    bool finalised_at[8];
} seen_decisions_t;

static int collect_decision(const onc_decision_t *d, void *ctx)
{
    seen_decisions_t *s = ctx;
    if (s->n < 8) {
        s->ids[s->n] = d->id, s->boards[s->n] = d->board_id;
        snprintf(s->status[s->n], 8, "%s", d->status);
        if (s->n < 2) snprintf(s->text[s->n], 128, "%s", d->text);
        snprintf(s->author[s->n], 32, "%s", d->author);
        snprintf(s->finalised_by[s->n], 32, "%s", d->finalised_by ? d->finalised_by : "-");
        s->finalised_at[s->n] = d->finalised_at != NULL;
        CHECK(d->created_at && d->updated_at && strcmp(d->patient, "P1") == 0);
    }
    s->n++;
    return 0;
}

static void decisions(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    CHECK_INT(put_json(db, cases[0]), ONC_OK);
    onc_err_t err = {0};
    int64_t board = 0, d1 = 0, d2 = 0, x = 0;
    CHECK_INT(onc_board_create(db, "2026-12-03", "thoracic", ACTOR, &board, &err), ONC_OK);
    int64_t audit0 = registry_audit_entries(db);
    /* the text's limits: 1 to 20,000 bytes of UTF-8 */
    static char big[20002];
    memset(big, 'a', 20001);
    CHECK_INT(onc_decision_draft(db, "P1", 0, big, "alice", &x, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "text") != NULL);
    big[20000] = '\0';
    CHECK_INT(onc_decision_draft(db, "P1", 0, big, "alice", &x, &err), ONC_OK);
    CHECK_INT(onc_decision_draft(db, "P1", 0, "", "alice", &x, &err), ONC_EINVAL);
    CHECK_INT(onc_decision_draft(db, "P1", 0, NULL, "alice", &x, &err), ONC_EINVAL);
    CHECK_INT(onc_decision_draft(db, "P1", 0, "caf\xc3", "alice", &x, &err), ONC_EINVAL); /* cut UTF-8 */
    CHECK_INT(onc_decision_draft(db, "P1", 0, "ok", "", &x, &err), ONC_EINVAL);
    CHECK_INT(onc_decision_draft(db, "P9", 0, "ok", "alice", &x, &err), ONC_ENOTFOUND);
    CHECK_INT(onc_decision_draft(db, "P1", 9999, "ok", "alice", &x, &err), ONC_ENOTFOUND);
    const char *meta = "osimertinib'); DELETE FROM tumor_board_decisions; -- \"caf\xc3\xa9\" %s ?";
    CHECK_INT(onc_decision_draft(db, "P1", board, "first draft", "alice", &d1, &err), ONC_OK);
    CHECK_INT(onc_decision_draft(db, "P1", 0, meta, "bob", &d2, &err), ONC_OK);
    CHECK_INT(registry_audit_entries(db) - audit0, 3); /* the 20,000-byte one and these two */
    CHECK_INT(onc_decision_update(db, d1, "second draft", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_decision_update(db, d1, "", ACTOR, &err), ONC_EINVAL);
    CHECK_INT(onc_decision_update(db, 9999, "x", ACTOR, &err), ONC_ENOTFOUND);
    CHECK_INT(onc_decision_finalise(db, d1, "carol", &err), ONC_OK);
    CHECK_INT(onc_decision_update(db, d1, "third draft", ACTOR, &err), ONC_ECONFLICT);
    CHECK(strstr(err.msg, "final") != NULL);
    CHECK_INT(onc_decision_finalise(db, d1, "carol", &err), ONC_ECONFLICT);
    CHECK_INT(onc_decision_finalise(db, 9999, "carol", &err), ONC_ENOTFOUND);
    CHECK_INT(onc_decision_finalise(db, d2, "", &err), ONC_EINVAL);
    CHECK_INT(registry_audit_entries(db) - audit0, 5);
    static seen_decisions_t s;
    memset(&s, 0, sizeof s);
    CHECK_INT(onc_decisions(db, "P1", ACTOR, collect_decision, &s, &err), ONC_OK);
    CHECK_INT(s.n, 3); /* newest first */
    CHECK_INT(s.ids[0], d2); CHECK_INT(s.ids[1], d1);
    CHECK_STR(s.text[0], meta); /* stored verbatim */
    CHECK_STR(s.status[0], "draft"); CHECK_STR(s.author[0], "bob"); CHECK_STR(s.finalised_by[0], "-");
    CHECK(!s.finalised_at[0]); CHECK_INT(s.boards[0], 0);
    CHECK_STR(s.text[1], "second draft"); /* the edit before it was final, never after */
    CHECK_STR(s.status[1], "final"); CHECK_STR(s.author[1], "alice"); CHECK_STR(s.finalised_by[1], "carol");
    CHECK(s.finalised_at[1]); CHECK_INT(s.boards[1], board);
    CHECK_INT(onc_decisions(db, "P9", ACTOR, collect_decision, &s, &err), ONC_ENOTFOUND);
    CHECK_INT(registry_audit_entries(db) - audit0, 6);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'finalise' AND actor = 'user:carol'"), 1);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM audit_log WHERE entity = 'decision' AND patient_id = 'P1'"), 6);
    close_registry(db);
}

/* ---- responses and the outcome ---- */

typedef struct seen_responses {
    int n;
    char rows[8][48];
} seen_responses_t;

static int collect_response(const onc_response_row_t *r, void *ctx)
{
    seen_responses_t *s = ctx;
    if (s->n < 8) snprintf(s->rows[s->n], 48, "%d %s %s", r->line_no, r->assessed_on, r->recist);
    CHECK_STR(r->recorded_by, ACTOR);
    s->n++;
    return 0;
}

static onc_case_t *get_case(onc_db_t *db, const char *id)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_get_case(db, id, ACTOR, &c, &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    return c;
}

static void responses(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    CHECK_INT(put_json(db, cases[0]), ONC_OK);
    CHECK_INT(reg_scalar(db, "SELECT current FROM case_sources"), 1);
    int64_t audit0 = registry_audit_entries(db);
    onc_err_t err = {0};
    /* refused: nothing written, nothing audited */
    CHECK_INT(onc_response_add(db, "P1", 1, "2024-02-29", "PR", ACTOR, &err), ONC_EINVAL); /* before the start */
    CHECK(strstr(err.msg, "assessed_on") != NULL && strstr(err.msg, "2024-03-01") != NULL);
    CHECK_INT(onc_response_add(db, "P1", 1, "2099-01-01", "PR", ACTOR, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "future") != NULL);
    CHECK_INT(onc_response_add(db, "P1", 1, "2024-6-1", "PR", ACTOR, &err), ONC_EINVAL);
    CHECK_INT(onc_response_add(db, "P1", 1, "2024-02-30", "PR", ACTOR, &err), ONC_EINVAL);
    CHECK_INT(onc_response_add(db, "P1", 1, "2024-06-01", "iCR", ACTOR, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "recist") != NULL);
    CHECK_INT(onc_response_add(db, "P1", 1, "2024-06-01", "pr", ACTOR, &err), ONC_EINVAL);
    CHECK_INT(onc_response_add(db, "P1", 3, "2024-06-01", "PR", ACTOR, &err), ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "line 3") != NULL);
    CHECK_INT(onc_response_add(db, "P1", 0, "2024-06-01", "PR", ACTOR, &err), ONC_EINVAL);
    CHECK_INT(onc_response_add(db, "P9", 1, "2024-06-01", "PR", ACTOR, &err), ONC_ENOTFOUND);
    CHECK_INT(registry_audit_entries(db) - audit0, 0);
    CHECK_INT(reg_scalar(db, "SELECT current FROM case_sources"), 1);
    /* SD in the case; PR raises it, PD does not lower it, on the start date is allowed */
    CHECK_INT(onc_response_add(db, "P1", 1, "2024-03-01", "SD", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_response_add(db, "P1", 1, "2024-06-01", "PR", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_response_add(db, "P1", 1, "2024-09-01", "PD", ACTOR, &err), ONC_OK);
    CHECK_INT(onc_response_add(db, "P1", 2, "2024-10-01", "NE", ACTOR, &err), ONC_OK); /* line 2: no start, none */
    CHECK_INT(onc_response_add(db, "P1", 2, "2024-12-01", "SD", ACTOR, &err), ONC_OK);
    CHECK_INT(reg_scalar(db, "SELECT current FROM case_sources"), 0);
    CHECK_INT(registry_audit_entries(db) - audit0, 5);
    static seen_responses_t s;
    memset(&s, 0, sizeof s);
    CHECK_INT(onc_responses(db, "P1", ACTOR, collect_response, &s, &err), ONC_OK);
    CHECK_INT(s.n, 5);
    CHECK_STR(s.rows[0], "1 2024-03-01 SD");
    CHECK_STR(s.rows[1], "1 2024-06-01 PR");
    CHECK_STR(s.rows[2], "1 2024-09-01 PD");
    CHECK_STR(s.rows[3], "2 2024-10-01 NE");
    CHECK_STR(s.rows[4], "2 2024-12-01 SD");
    CHECK_INT(registry_audit_entries(db) - audit0, 6);
    onc_case_t *c = get_case(db, "P1");
    CHECK(c && c->n_therapies == 2);
    if (c && c->n_therapies == 2) {
        CHECK_INT(c->therapies[0].best_response, ONC_RECIST_PR);
        CHECK_INT(c->therapies[1].best_response, ONC_RECIST_SD);
    }
    onc_case_free(c);
    /* a replace of the case keeps the assessments (they name the line by its number) */
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    onc_case_t *again = NULL;
    CHECK_INT(onc_case_parse(cases[0], strlen(cases[0]), "case.json", NULL, NULL, &again, &err), ONC_OK);
    onc_store_put_opts_t o;
    onc_store_put_opts_init(&o);
    o.replace = true;
    CHECK_INT(onc_store_put_case(db, again, "os:tester", &o, &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    onc_case_free(again);
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM response_assessments"), 5);
    close_registry(db);
}

static void outcome(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    CHECK_INT(put_json(db, cases[0]), ONC_OK); /* diagnosed 2024-01-10 */
    int64_t audit0 = registry_audit_entries(db);
    onc_err_t err = {0};
    struct {
        const char *vital, *death, *follow, *field;
    } bad[] = {
        {"deceased", NULL, NULL, "vital_status"},
        {"alive", "2025-01-01", NULL, "death_date"},  /* a death date needs dead */
        {NULL, "2025-01-01", NULL, "death_date"},
        {"dead", "2099-01-01", NULL, "death_date"},   /* in the future */
        {"alive", NULL, "2099-01-01", "last_follow_up"},
        {"dead", "2025-01-01", "2025-02-01", "last_follow_up"}, /* follow-up after death */
        {"dead", "2023-12-31", NULL, "death_date"},   /* before the diagnosis */
        {"alive", NULL, "2024-01-09", "last_follow_up"},
        {"alive", NULL, "2025-1-1", "last_follow_up"},
        {"dead", "2025-02-29", NULL, "death_date"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&err, 0, sizeof err);
        CHECK_INT(onc_outcome_set(db, "P1", bad[i].vital, bad[i].death, bad[i].follow, ACTOR, &err), ONC_EINVAL);
        if (!strstr(err.msg, bad[i].field)) fprintf(stderr, "case %zu: %s\n", i, err.msg);
        CHECK(strstr(err.msg, bad[i].field) != NULL);
    }
    CHECK_INT(onc_outcome_set(db, "P9", "alive", NULL, NULL, ACTOR, &err), ONC_ENOTFOUND);
    CHECK_INT(registry_audit_entries(db) - audit0, 0);
    CHECK_INT(reg_scalar(db, "SELECT current FROM case_sources"), 1);
    /* the round trip: set, then the case read back carries it */
    CHECK_INT(onc_outcome_set(db, "P1", "alive", NULL, "2025-06-30", ACTOR, &err), ONC_OK);
    CHECK_INT(reg_scalar(db, "SELECT current FROM case_sources"), 0);
    onc_case_t *c = get_case(db, "P1");
    char buf[11];
    CHECK(c != NULL);
    if (c) {
        CHECK_INT(c->outcome.vital_status, ONC_VITAL_ALIVE);
        CHECK(onc_date_is_missing(c->outcome.death_date));
        CHECK_STR(onc_date_format(c->outcome.last_follow_up, buf), "2025-06-30");
    }
    onc_case_free(c);
    CHECK_INT(onc_outcome_set(db, "P1", "dead", "2025-08-01", "2025-08-01", ACTOR, &err), ONC_OK); /* same day */
    c = get_case(db, "P1");
    if (c) {
        CHECK_INT(c->outcome.vital_status, ONC_VITAL_DEAD);
        CHECK_STR(onc_date_format(c->outcome.death_date, buf), "2025-08-01");
        CHECK_STR(onc_date_format(c->outcome.last_follow_up, buf), "2025-08-01");
    }
    onc_case_free(c);
    CHECK_INT(onc_outcome_set(db, "P1", "dead", "", NULL, ACTOR, &err), ONC_OK); /* dead, date unknown */
    CHECK_INT(reg_scalar(db, "SELECT count(*) FROM patients WHERE vital_status = 'dead' AND death_date IS NULL"), 1);
    /* 3 writes, 2 case reads */
    CHECK_INT(registry_audit_entries(db) - audit0, 5);
    onc_patient_filter_t f = filter();
    CHECK_STR(list(db, &f), "P1");
    CHECK_STR(seen.first.vital_status, "dead");
    close_registry(db);
}

int main(void)
{
    static const db_test_t tests[] = {
        DB_TEST(list_everyone_and_rows), DB_TEST(list_text_and_group), DB_TEST(list_trial_status),
        DB_TEST(list_boards_and_paging), DB_TEST(boards),            DB_TEST(decisions),
        DB_TEST(responses),              DB_TEST(outcome),           {NULL, NULL},
    };
    if (registry_fixture_start() != 0) return 1;
    db_targets_run(tests);
    registry_fixture_end();
    CHECK_EXIT();
}
