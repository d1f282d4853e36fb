/* test_db_crash.c: a SQLite registry killed in the middle of its writes (research notes 5.1).
 *
 * A child process commits transactions of ten rows each, as fast as it can, through db.h; the
 * parent kills it with SIGKILL after a random delay, 100 times on the same file. After each
 * kill the file is reopened: PRAGMA integrity_check says "ok", the row count is a multiple of
 * ten (each transaction is there whole or not at all) and never goes down (what was committed
 * stays). SIGKILL is an application crash: what it proves is atomicity and WAL recovery, not
 * survival of a power cut (which SQLite's own tests cover, with synchronous=FULL). The
 * PostgreSQL counterpart is tests/pg's immediate shutdown.
 */
#include "check.h"
#include "oncoboard/db.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KILLS 100
#define ROWS_PER_TX 10

static char dir[64], path[128], url[160];

/* The child: commits transactions until it is killed. Exits 3 on an error. */
static void writer(void)
{
    onc_db_t *db = NULL;
    onc_err_t e = {0};
    if (onc_db_open(url, NULL, &db, &e) != ONC_OK) _exit(3);
    for (long tx = 0;; tx++) {
        onc_db_stmt_t *st = NULL;
        if (onc_db_begin(db, &e) || onc_db_prepare(db, "INSERT INTO t (batch, payload) VALUES (?, ?)", &st, &e)) _exit(3);
        for (int i = 0; i < ROWS_PER_TX; i++) {
            bool row;
            if (onc_db_bind_int64(st, 1, tx, &e) || onc_db_bind_text(st, 2, "a payload of some length, like a clinical note", &e) ||
                onc_db_step(st, &row, &e) || onc_db_reset(st, &e))
                _exit(3);
        }
        onc_db_finalize(st);
        if (onc_db_commit(db, &e)) _exit(3);
    }
}

static int64_t count_rows(onc_db_t *db, bool *intact)
{
    onc_db_stmt_t *st = NULL;
    onc_err_t e = {0};
    bool row = false;
    int64_t n = -1;
    *intact = false;
    if (onc_db_prepare(db, "PRAGMA integrity_check", &st, &e) == ONC_OK) {
        if (onc_db_step(st, &row, &e) == ONC_OK && row) *intact = strcmp(onc_db_column_text(st, 0), "ok") == 0;
        onc_db_finalize(st);
    }
    if (onc_db_prepare(db, "SELECT count(*) FROM t", &st, &e) == ONC_OK) {
        if (onc_db_step(st, &row, &e) == ONC_OK && row) n = onc_db_column_int64(st, 0);
        onc_db_finalize(st);
    }
    return n;
}

static void killed_writers_leave_whole_transactions(void)
{
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.create = true;
    onc_db_t *db = NULL;
    onc_err_t e = {0};
    CHECK_INT(onc_db_open(url, &o, &db, &e), ONC_OK);
    if (!db) return;
    CHECK_INT(onc_db_migrate(db, NULL, NULL, &e), ONC_OK);
    CHECK_INT(onc_db_exec(db, "CREATE TABLE t (id @ID@, batch BIGINT NOT NULL, payload TEXT NOT NULL)", &e), ONC_OK);
    onc_db_close(db);
    srand((unsigned)time(NULL));
    int64_t last = 0;
    int grew = 0;
    for (int k = 0; k < KILLS; k++) {
        fflush(NULL);
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid < 0) return;
        if (pid == 0) writer();
        usleep((useconds_t)(2000 + rand() % 40000));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
            fprintf(stderr, "kill %d: the writer stopped by itself (status %d)\n", k, status);
            check_failed = 1;
        }
        CHECK_INT(onc_db_open(url, NULL, &db, &e), ONC_OK);
        if (!db) return;
        bool intact = false;
        int64_t n = count_rows(db, &intact);
        onc_db_close(db);
        if (!intact || n % ROWS_PER_TX != 0 || n < last) {
            fprintf(stderr, "kill %d: integrity %s, %lld rows after %lld\n", k, intact ? "ok" : "FAILED", (long long)n, (long long)last);
            check_failed = 1;
            return;
        }
        grew += n > last;
        last = n;
    }
    CHECK(grew >= KILLS / 10); /* the writer did commit between kills (a low bar: the machine may be busy) */
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/onc_dbcrash_XXXXXX");
    if (!mkdtemp(dir)) return 1;
    snprintf(path, sizeof path, "%s/registry.db", dir);
    snprintf(url, sizeof url, "sqlite:%s", path);
    RUN(killed_writers_leave_whole_transactions);
    const char *suffix[] = {"", "-wal", "-shm"};
    char p[160];
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
    rmdir(dir);
    CHECK_EXIT();
}
