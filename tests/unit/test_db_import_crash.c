/* test_db_import_crash.c: an import of a folder of cases killed at 200 deterministic points.
 *
 * This program builds its own copy of store_db.c with ONC_STORE_TEST_HOOKS, which calls
 * store_db_test_hook with the running count of the calls into the database (begin, exec,
 * prepare, step, commit before and after its COMMIT). A first run of the import counts them
 * (T); then, on a fresh registry each time, a child process runs the import and raises SIGKILL
 * at call k, for 200 values of k spread evenly over 1..T (so every phase is hit: the writes, the
 * audit entries, the COMMIT, the moment after it, the audit checkpoint). The import is what
 * `oncoboard db import` does after validating (cli_db_import.c): one transaction with a store writer,
 * commit, then onc_audit_checkpoint. After each kill:
 *   - SQLite: PRAGMA integrity_check is "ok";
 *   - the patients are all there or none (never some), and so are their audit entries;
 *   - the audit log verifies (onc_audit_verify_report: ONC_OK). A kill after the COMMIT and
 *     before the checkpoint is a legitimate state: verify says intact with the entries not yet
 *     anchored (anchored_seq 0), and `audit checkpoint` (onc_audit_checkpoint) anchors them.
 * On PostgreSQL the same with fewer kills of the client (the server rolls back the open
 * transaction), and immediate server shutdowns (tests/pg/cluster.sh crash: no checkpoint, WAL
 * replay at the restart) while the client is held at a crash point, when $ONCOBOARD_TEST_PG_DIR
 * names a cluster the test may crash.
 */
#define ONC_STORE_TEST_HOOKS 1
#include "store/store_db.c"

#include "check.h"
#include "db_targets.h"
#include "registry_util.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define SQLITE_KILLS 200
#define PG_KILLS 10
#define PG_SERVER_CRASHES 3

static const char *const case_files[] = {
    "examples/cases/SYN-ALK-01.json", "examples/cases/SYN-EGFR-01.json", "examples/cases/SYN-KRAS-01.json",
    "tests/data/case/full.json",      "tests/data/case/minimal.json",    "tests/data/case/nulls.json",
    "tests/data/case/samples.json",   "tests/data/case/with-files.json",
};
#define N_CASES (sizeof case_files / sizeof *case_files)

static onc_case_t *cases[N_CASES];
static char work[256]; /* PostgreSQL's audit anchors */

static long kill_at;
static int pause_fd = -1;

/* At call kill_at: SIGKILL, or (pause_fd set) tell the parent and wait to be crashed. */
static void crash_hook(long n)
{
    if (n != kill_at) return;
    if (pause_fd < 0) raise(SIGKILL);
    char c = 'k';
    if (write(pause_fd, &c, 1) != 1) _exit(4);
    for (;;) pause();
}

static long counted;
static void count_hook(long n) { counted = n; }

typedef struct outcomes {
    int none, all_unanchored, all_anchored;
} outcomes_t;

/* The checks after a crash at k; false (and why on stderr) when one fails. */
static bool check_after(long k, outcomes_t *seen)
{
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    if (onc_db_open(db_target_url, NULL, &db, &err) != ONC_OK) {
        fprintf(stderr, "kill at %ld: cannot open the registry: %s\n", k, err.msg);
        return false;
    }
    bool ok = reg_integrity_ok(db);
    int64_t patients = reg_scalar(db, "SELECT count(*) FROM patients");
    int64_t alterations = reg_scalar(db, "SELECT count(*) FROM alterations");
    onc_audit_report_t rep;
    onc_rc rc = onc_audit_verify_report(db, &rep, &err);
    if (patients != 0 && patients != (int64_t)N_CASES) {
        fprintf(stderr, "kill at %ld: %lld patients of %zu: half an import\n", k, (long long)patients, N_CASES);
        ok = false;
    }
    if (patients == 0 && alterations != 0) ok = false;
    if (rc != ONC_OK) {
        fprintf(stderr, "kill at %ld: audit verify: %s\n", k, err.msg);
        ok = false;
    } else if (rep.n_entries != (patients ? (int64_t)N_CASES : 0)) {
        fprintf(stderr, "kill at %ld: %lld audit entries for %lld patients\n", k, (long long)rep.n_entries, (long long)patients);
        ok = false;
    } else if (patients && rep.anchored_seq == 0) {
        seen->all_unanchored++;
        /* the state verify calls "not yet anchored": `audit checkpoint` anchors it */
        ok = ok && onc_audit_checkpoint(db, &err) == ONC_OK && onc_audit_verify_report(db, &rep, &err) == ONC_OK &&
             rep.anchored_seq == (int64_t)N_CASES;
        if (!ok) fprintf(stderr, "kill at %ld: anchoring after the crash: %s\n", k, err.msg);
    } else if (patients) {
        seen->all_anchored++;
    } else {
        seen->none++;
    }
    onc_db_close(db);
    return ok;
}

/* Runs the import in a child that dies at call k (server: the child stops there and the
 * server is crashed and restarted under it); the child's wait status. */
static int run_child(long k, bool server)
{
    int fds[2] = {-1, -1};
    if (server && pipe(fds) != 0) return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        if (server) close(fds[0]);
        kill_at = k;
        pause_fd = fds[1];
        store_db_test_calls = 0;
        store_db_test_hook = crash_hook;
        onc_err_t err = {0};
        _exit(reg_import(db_target_url, cases, N_CASES, &err) == ONC_OK ? 0 : 3);
    }
    if (server) {
        close(fds[1]);
        char c, cmd[600];
        if (read(fds[0], &c, 1) == 1) { /* the child is at k (else it ended: waitpid says how) */
            snprintf(cmd, sizeof cmd, "sh tests/pg/cluster.sh crash '%s'", getenv("ONCOBOARD_TEST_PG_DIR"));
            if (system(cmd) != 0) fprintf(stderr, "cluster.sh crash failed\n");
            kill(pid, SIGKILL);
        }
        close(fds[0]);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

/* T: the calls of one whole import, counted on a fresh registry. */
static long count_calls(void)
{
    reg_reset(db_target_url);
    store_db_test_calls = 0;
    store_db_test_hook = count_hook;
    onc_err_t err = {0};
    onc_rc rc = reg_import(db_target_url, cases, N_CASES, &err);
    store_db_test_hook = NULL;
    if (rc != ONC_OK) fprintf(stderr, "import: %s\n", err.msg);
    CHECK_INT(rc, ONC_OK);
    return counted;
}

static void use_pg_anchors(void)
{
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    if (db_target_kind != ONC_DB_POSTGRESQL) return;
    char key[400], ckpt[400];
    snprintf(key, sizeof key, "%s/audit-key", work);
    snprintf(ckpt, sizeof ckpt, "%s/audit-checkpoints", work);
    setenv("ONCOBOARD_AUDIT_KEY", key, 1);
    setenv("ONCOBOARD_AUDIT_CHECKPOINTS", ckpt, 1);
}

/* n crashes spread over 1..T: of the client (SIGKILL), or of the server. */
static void crash_series(int n, bool server)
{
    use_pg_anchors();
    onc_db_t *db = db_target_open(true);
    onc_db_close(db);
    if (!db) return;
    long total = count_calls();
    CHECK(total >= n);
    if (total < n) return;
    outcomes_t seen = {0, 0, 0};
    for (int i = 0; i < n; i++) {
        long k = 1 + (long)((int64_t)i * (total - 1) / (n - 1));
        reg_reset(db_target_url);
        int status = run_child(k, server);
        if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
            fprintf(stderr, "kill at %ld of %ld: the child was not killed (status %d)\n", k, total, status);
            check_failed = 1;
        }
        if (!check_after(k, &seen)) {
            check_failed = 1;
            return;
        }
    }
    /* every phase was hit: before the commit (nothing), after it (all, not yet anchored) */
    CHECK(seen.none > 0);
    CHECK(seen.all_unanchored > 0);
    printf("# %s: %d crashes over %ld calls: %d nothing, %d all (not yet anchored), %d all (anchored)\n",
           server ? "server" : "client", n, total, seen.none, seen.all_unanchored, seen.all_anchored);
    /* and the import uninterrupted is all there, anchored */
    reg_reset(db_target_url);
    CHECK_INT(run_child(total + 1, false), 0);
    CHECK(check_after(total + 1, &seen));
    CHECK(seen.all_anchored > 0);
}

static void import_killed_at_spread_points(void)
{
    crash_series(db_target_kind == ONC_DB_SQLITE ? SQLITE_KILLS : PG_KILLS, false);
}

static void server_crash_during_import(void)
{
    if (db_target_kind != ONC_DB_POSTGRESQL) SKIP("an immediate server shutdown is PostgreSQL's (SQLite: the kills above)");
    const char *dir = getenv("ONCOBOARD_TEST_PG_DIR");
    if (!dir || !*dir) SKIP("ONCOBOARD_TEST_PG_DIR is not set (a cluster of our own to crash)");
    crash_series(PG_SERVER_CRASHES, true);
}

int main(void)
{
    if (!reg_load_cases(case_files, cases, N_CASES)) return 1;
    if (!check_mkdtemp(work, sizeof work, "onc-crash")) return 1;
    static const db_test_t tests[] = {
        DB_TEST(import_killed_at_spread_points),
        DB_TEST(server_crash_during_import),
        {NULL, NULL},
    };
    db_targets_run(tests);
    char p[400];
    snprintf(p, sizeof p, "%s/audit-key", work);
    unlink(p);
    snprintf(p, sizeof p, "%s/audit-checkpoints", work);
    unlink(p);
    rmdir(work);
    for (size_t i = 0; i < N_CASES; i++) onc_case_free(cases[i]);
    CHECK_EXIT();
}
