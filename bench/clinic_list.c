/* bench/clinic_list.c: the patient list of the clinic's forms (onc_clinic_patients,
 * store_clinic.h) on a registry of N patients, filter by filter.
 *
 *   clinic_list URL N_PATIENTS RUNS SEED
 *
 * When the registry at URL (migrated, empty) has no patients, it is filled first, in one
 * transaction, from SEED: N small case files (diagnosis, a therapy line, an enrolment for one
 * patient in five) stored with onc_store_put_case; one to three report snapshots each (a molecular
 * group drawn from 16); 20 trials and zero to five match results per patient (eligible, potential
 * or ineligible, valid or not), written as `db match` writes them; 100 weekly meetings from
 * 2025-06-02 with ten patients each; on PostgreSQL an ANALYZE. Then each filter is listed RUNS times, a page of 100 with the
 * total, and the program prints one line per filter: "NAME call_median_ms call_p90_ms
 * query_median_ms rows total", where call is the whole call in a transaction of its own (the
 * audit entry, the commit's sync to disk, the audit checkpoint) and query the same call inside an
 * open transaction that is then rolled back (what the filter costs). Part of bench/clinic.sh.
 */
#include "bench_util.h"

#include "oncoboard/audit.h"
#include "oncoboard/db.h"
#include "oncoboard/store.h"
#include "oncoboard/store_clinic.h"
#include "oncoboard/store_snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const groups[] = {"EGFR_COMMON", "EGFR_UNCOMMON", "EGFR_EX20INS", "ALK_FUSION", "ROS1_FUSION",
                                     "BRAF_V600E", "BRAF_OTHER", "KRAS_G12C", "KRAS_OTHER", "MET_EX14", "MET_AMP",
                                     "RET_FUSION", "NTRK_FUSION", "ERBB2_MUT", "NO_DRIVER", "NOT_ASSESSABLE"};
static const char *const statuses[] = {"screening", "enrolled", "screen_failed", "withdrawn"};
static const char *const codes[] = {"LUAD", "LUSC", "NSCLC", "SCLC"};

static int die(const char *what, const onc_err_t *err)
{
    fprintf(stderr, "clinic_list: %s: %s\n", what, err->msg);
    return 1;
}

static onc_rc put_patient(onc_db_t *db, int i, onc_err_t *err)
{
    char json[1024], id[16];
    snprintf(id, sizeof id, "P%07d", i);
    int n = snprintf(json, sizeof json,
                     "{\"case_format\": 1, \"id\": \"%s\", \"sex\": \"%s\", \"age\": %d, \"diagnosis\": "
                     "{\"oncotree_code\": \"%s\", \"stage\": \"IVA\", \"date\": \"2024-01-10\"}, \"therapies\": "
                     "[{\"line\": 1, \"agents\": [\"carboplatin\"], \"start\": \"2024-02-01\"}]",
                     id, bench_rng_next() % 2 ? "female" : "male", 40 + (int)(bench_rng_next() % 45),
                     codes[bench_rng_next() % 4]);
    if (bench_rng_next() % 5 == 0)
        n += snprintf(json + n, sizeof json - (size_t)n, ", \"enrolments\": [{\"trial\": \"NCT000000%02d\", \"status\": \"%s\"}]",
                      1 + (int)(bench_rng_next() % 20), statuses[bench_rng_next() % 4]);
    snprintf(json + n, sizeof json - (size_t)n, "}");
    onc_case_t *c = NULL;
    onc_rc rc = onc_case_parse(json, strlen(json), "bench.json", NULL, NULL, &c, err);
    if (rc == ONC_OK) rc = onc_store_put_case(db, c, "os:bench", NULL, err);
    onc_case_free(c);
    for (int k = 0, m = 1 + (int)(bench_rng_next() % 3); rc == ONC_OK && k < m; k++) {
        char digest[160];
        snprintf(digest, sizeof digest, "{\"alterations\":[],\"format\":1,\"molecular_group\":\"%s\",\"primary_driver\":null}",
                 groups[bench_rng_next() % 16]);
        onc_snapshot_t s = {.kb_version = "bench", .digest = digest};
        rc = onc_store_snapshot_put(db, id, "os:bench", &s, err);
    }
    return rc;
}

static onc_rc run(onc_db_t *db, const char *sql, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = true;
    onc_rc rc = onc_db_prepare(db, sql, &st, err);
    while (rc == ONC_OK && row) rc = onc_db_step(st, &row, err);
    onc_db_finalize(st);
    return rc;
}

static onc_rc put_results(onc_db_t *db, int n_patients, onc_err_t *err)
{
    onc_rc rc = ONC_OK;
    for (int t = 1; rc == ONC_OK && t <= 20; t++) {
        char sql[256];
        snprintf(sql, sizeof sql, "INSERT INTO trials (trial_key, nct_id, version, ctml, loaded_at, active) VALUES "
                                  "('NCT000000%02d', 'NCT000000%02d', 1, '{}', '2026-01-01T00:00:00Z', 1)", t, t);
        rc = run(db, sql, err);
    }
    onc_db_stmt_t *st = NULL;
    if (rc == ONC_OK)
        rc = onc_db_prepare(db, "INSERT INTO match_results (patient_id, trial_id, trial_key, trial_version, level, status, "
                                "first_seen, last_seen, still_valid) SELECT p.id, t.id, t.trial_key, 1, 'arm', ?, "
                                "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ? FROM patients p, trials t WHERE "
                                "p.external_id = ? AND t.trial_key = ?", &st, err);
    static const char *const mstatus[] = {"eligible", "potential", "ineligible"};
    for (int i = 1; rc == ONC_OK && i <= n_patients; i++)
        for (int k = 0, m = (int)(bench_rng_next() % 6); rc == ONC_OK && k < m; k++) {
            char id[16], trial[16];
            snprintf(id, sizeof id, "P%07d", i);
            snprintf(trial, sizeof trial, "NCT000000%02d", 1 + (int)(bench_rng_next() % 20));
            rc = onc_db_bind_text(st, 1, mstatus[bench_rng_next() % 3], err);
            if (rc == ONC_OK) rc = onc_db_bind_int64(st, 2, bench_rng_next() % 4 != 0, err);
            if (rc == ONC_OK) rc = onc_db_bind_text(st, 3, id, err);
            if (rc == ONC_OK) rc = onc_db_bind_text(st, 4, trial, err);
            bool row = true;
            while (rc == ONC_OK && row) rc = onc_db_step(st, &row, err);
            if (rc == ONC_OK) rc = onc_db_reset(st, err);
        }
    onc_db_finalize(st);
    return rc;
}

static onc_rc put_boards(onc_db_t *db, int n_patients, onc_err_t *err)
{
    onc_rc rc = ONC_OK;
    for (int w = 0; rc == ONC_OK && w < 100; w++) {
        /* 2025-06-02 plus w weeks, by days since the epoch (20241 is 2025-06-02) */
        time_t t = (time_t)(20241 + 7 * w) * 86400;
        struct tm tm;
        char date[11];
        gmtime_r(&t, &tm);
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
        int64_t id = 0;
        rc = onc_board_create(db, date, "thoracic", "os:bench", &id, err);
        for (int k = 0; rc == ONC_OK && k < 10; k++) {
            char pid[16];
            snprintf(pid, sizeof pid, "P%07d", 1 + (int)(bench_rng_next() % (uint64_t)n_patients));
            rc = onc_board_add_patient(db, id, pid, "os:bench", err);
            if (rc == ONC_ECONFLICT) rc = ONC_OK; /* drawn twice for one meeting */
        }
    }
    return rc;
}

static int fill(onc_db_t *db, int n)
{
    onc_err_t err = {0};
    onc_rc rc = onc_db_begin(db, &err);
    for (int i = 1; rc == ONC_OK && i <= n; i++) rc = put_patient(db, i, &err);
    if (rc == ONC_OK) rc = put_results(db, n, &err);
    if (rc == ONC_OK) rc = put_boards(db, n, &err);
    if (rc == ONC_OK) rc = onc_db_commit(db, &err);
    else onc_db_rollback(db, NULL);
    if (rc == ONC_OK) rc = onc_audit_checkpoint(db, &err);
    /* PostgreSQL plans from statistics that autovacuum gathers some time later: gather them now */
    if (rc == ONC_OK && onc_db_kind_of(db) == ONC_DB_POSTGRESQL) rc = onc_db_exec(db, "ANALYZE", &err);
    return rc == ONC_OK ? 0 : die("fill", &err);
}

typedef struct count {
    size_t rows;
} count_t;

static int count_row(const onc_patient_row_t *r, void *ctx)
{
    (void)r;
    ((count_t *)ctx)->rows++;
    return 0;
}

static double quantile(double *v, int n, double q)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return v[(int)(q * (n - 1))];
}

static int measure(onc_db_t *db, const char *name, const onc_patient_filter_t *f, int runs)
{
    double *call = calloc((size_t)runs, sizeof *call), *query = calloc((size_t)runs, sizeof *query);
    onc_err_t err = {0};
    count_t c = {0};
    size_t total = 0;
    onc_rc rc = call && query ? ONC_OK : ONC_ENOMEM;
    for (int i = 0; rc == ONC_OK && i < runs; i++) {
        c.rows = 0;
        double t0 = bench_now_ms();
        rc = onc_clinic_patients(db, "os:bench", f, count_row, &c, &total, &err);
        call[i] = bench_now_ms() - t0;
        if (rc == ONC_OK) rc = onc_db_begin(db, &err);
        t0 = bench_now_ms();
        if (rc == ONC_OK) rc = onc_clinic_patients(db, "os:bench", f, count_row, &c, &total, &err);
        query[i] = bench_now_ms() - t0;
        (void)onc_db_rollback(db, NULL);
    }
    if (rc == ONC_OK)
        printf("%s %.2f %.2f %.2f %zu %zu\n", name, quantile(call, runs, 0.5), quantile(call, runs, 0.9),
               quantile(query, runs, 0.5), c.rows / 2, total);
    free(call), free(query);
    return rc == ONC_OK ? 0 : die(name, &err);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fputs("usage: clinic_list URL N_PATIENTS RUNS SEED\n", stderr);
        return 2;
    }
    int n = (int)strtol(argv[2], NULL, 10), runs = (int)strtol(argv[3], NULL, 10);
    if (n < 1 || runs < 1) {
        fputs("clinic_list: N_PATIENTS and RUNS are positive numbers\n", stderr);
        return 2;
    }
    bench_rng_seed(strtoull(argv[4], NULL, 10));
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    if (onc_db_open(argv[1], NULL, &db, &err) != ONC_OK || onc_db_schema_check(db, &err) != ONC_OK)
        return die(argv[1], &err);
    onc_db_stmt_t *st = NULL;
    bool row = false;
    int64_t have = 0;
    if (onc_db_prepare(db, "SELECT count(*) FROM patients", &st, &err) == ONC_OK && onc_db_step(st, &row, &err) == ONC_OK && row)
        have = onc_db_column_int64(st, 0);
    onc_db_finalize(st);
    double t0 = bench_now_ms();
    if (have == 0 && fill(db, n) != 0) return onc_db_close(db), 1;
    if (have == 0) fprintf(stderr, "clinic_list: %d patients written in %.1f s\n", n, (bench_now_ms() - t0) / 1e3);
    onc_patient_filter_t f;
    int bad = 0;
#define MEASURE(name, ...) onc_patient_filter_init(&f), __VA_ARGS__, bad |= measure(db, name, &f, runs)
    MEASURE("none", (void)0);
    MEASURE("group", f.group = "EGFR_COMMON");
    MEASURE("group_none", f.group = "none");
    MEASURE("text", f.text = "p00012");
    MEASURE("eligible", f.trial_status = "eligible");
    MEASURE("eligible_trial", f.trial_status = "eligible", f.trial = "NCT00000005");
    MEASURE("enrolled_trial", f.trial_status = "enrolled", f.trial = "NCT00000005");
    MEASURE("next_board", f.next_board = true);
    MEASURE("group_eligible_page50", f.group = "KRAS_G12C", f.trial_status = "eligible", f.offset = 50);
    onc_db_close(db);
    return bad;
}
