/* test_db_import_faults.c: an import with each allocation and each database call of the store
 * layer failing in turn (research notes 5.1).
 *
 * This program compiles its own copy of the store layer's SQLite path (store_sqlite.c with
 * ONC_STORE_FAULTS, store_db.c, store_audit.c, store_case*.c), so that the library's copies are
 * not linked, with malloc, calloc, realloc and strdup redirected through the same countdown as
 * store_sqlite.c's calls into libsqlite3 (open, exec, prepare, bind, step, reset): the k-th of
 * them all fails. The redirection exists only in this program: no build of the library has it.
 * The operation is `db import` of two cases (one typed, one with a MAF file) as cli_db_import.c
 * writes it: open, one transaction with a store writer, commit, audit checkpoint. For k = 1, 2,
 * ... until the import runs through untouched, once with the k-th call failing alone and once
 * with every call from the k-th on failing. Each time:
 *   - the import reports the failure (never success), with an error code for memory or the
 *     database (ONC_ENOMEM, ONC_EDB, or ONC_EIO for the audit files) and a message;
 *   - no crash, no leak, no undefined behaviour (the san suite runs this program under
 *     ASan+UBSan);
 *   - the registry, reopened without faults, passes PRAGMA integrity_check, holds both patients
 *     or neither, and its audit log verifies (entries anchored or, after a failure between the
 *     commit and the checkpoint, not yet anchored).
 * SQLite's own allocations are failed by test_db_faults.c (for a smaller change: they number in
 * the thousands for an import).
 */
#define ONC_STORE_FAULTS 1

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool fault_hit(void); /* store_sqlite.c's countdown, shared by the allocations */
#define malloc(n) (fault_hit() ? NULL : malloc(n))
#define calloc(n, s) (fault_hit() ? NULL : calloc(n, s))
#define realloc(p, n) (fault_hit() ? NULL : realloc(p, n))
#define strdup(s) (fault_hit() ? NULL : strdup(s))
#include "store/store_sqlite.c"
#include "store/store_db.c"
#include "store/store_audit.c"
#include "store/store_case_util.c"
#include "store/store_case.c"
#include "store/store_case_get.c"
#undef malloc
#undef calloc
#undef realloc
#undef strdup

#include "check.h"
#include "registry_util.h"

#include <unistd.h>

static const char *const case_files[] = {"examples/cases/SYN-EGFR-01.json", "examples/cases/SYN-KRAS-01.json"};
#define N_CASES 2
static onc_case_t *cases[N_CASES];
static char dir[64], path[128], url[160];

static onc_db_t *open_plain(bool create)
{
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.create = create;
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    if (onc_db_open(url, &o, &db, &err) != ONC_OK) fprintf(stderr, "open: %s\n", err.msg);
    return db;
}

/* After the import at fault k: the registry is sound and holds it whole or not at all. */
static bool check_registry(long k, bool persistent)
{
    onc_db_t *db = open_plain(false);
    if (!db) return false;
    bool ok = reg_integrity_ok(db);
    onc_err_t err = {0};
    int64_t patients = reg_scalar(db, "SELECT count(*) FROM patients");
    int64_t case_texts = reg_scalar(db, "SELECT count(*) FROM case_sources");
    onc_audit_report_t rep;
    onc_rc rc = onc_audit_verify_report(db, &rep, &err);
    if (patients != 0 && patients != N_CASES) ok = false;
    if (case_texts != patients) ok = false;
    if (rc != ONC_OK || rep.n_entries != (patients ? N_CASES : 0)) ok = false;
    if (!ok)
        fprintf(stderr, "fault %ld (%s): %lld patients, %lld case texts, audit %s (%lld entries)\n", k,
                persistent ? "persistent" : "once", (long long)patients, (long long)case_texts,
                rc == ONC_OK ? "intact" : err.msg, (long long)rep.n_entries);
    onc_db_close(db);
    return ok;
}

static void fault_loop(bool persistent)
{
    long k;
    int reported[16] = {0};
    for (k = 1; k < 100000; k++) {
        store_sqlite_fail_at(0, false);
        reg_reset(url);
        store_sqlite_fail_at(k, persistent);
        onc_err_t err = {0};
        onc_rc rc = reg_import(url, cases, N_CASES, &err);
        bool untouched = fault_countdown > 0; /* the k-th call never came */
        store_sqlite_fail_at(0, false);
        if (untouched) {
            CHECK_INT(rc, ONC_OK);
            CHECK(check_registry(k, persistent));
            break;
        }
        if (rc == ONC_OK || !err.msg[0]) {
            fprintf(stderr, "fault %ld (%s): %s\n", k, persistent ? "persistent" : "once",
                    rc == ONC_OK ? "the import reported success" : "an error without a message");
            check_failed = 1;
        } else if (rc != ONC_ENOMEM && rc != ONC_EDB && rc != ONC_EIO) {
            fprintf(stderr, "fault %ld (%s): unexpected code %d: %s\n", k, persistent ? "persistent" : "once", (int)rc,
                    err.msg);
            check_failed = 1;
        }
        if ((unsigned)rc < 16) reported[rc]++;
        if (!check_registry(k, persistent)) {
            check_failed = 1;
            break;
        }
    }
    printf("# %s: %ld failure points; reported as ENOMEM %d, EDB %d, EIO %d\n", persistent ? "persistent" : "once",
           k - 1, reported[ONC_ENOMEM], reported[ONC_EDB], reported[ONC_EIO]);
    CHECK(k > 100);       /* the import makes hundreds of calls: the loop went through them */
    CHECK(reported[ONC_ENOMEM] > 0 && reported[ONC_EDB] > 0);
}

static void each_call_failing_once(void) { fault_loop(false); }
static void every_call_failing_from_each(void) { fault_loop(true); }

int main(void)
{
    if (!reg_load_cases(case_files, cases, N_CASES)) return 1;
    /* In memory when the system has it: hundreds of imports with synchronous=FULL */
    snprintf(dir, sizeof dir, "%s/onc_importfault_XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) return 1;
    snprintf(path, sizeof path, "%s/registry.db", dir);
    snprintf(url, sizeof url, "sqlite:%s", path);
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    onc_db_t *db = open_plain(true);
    onc_err_t err = {0};
    if (!db || onc_db_migrate(db, NULL, NULL, &err) != ONC_OK) return 1;
    onc_db_close(db);
    RUN(each_call_failing_once);
    RUN(every_call_failing_from_each);
    const char *suffix[] = {"", "-wal", "-shm", ".audit-key", ".audit-checkpoints"};
    char p[200];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
    rmdir(dir);
    for (size_t i = 0; i < N_CASES; i++) onc_case_free(cases[i]);
    CHECK_EXIT();
}
