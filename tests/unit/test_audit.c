/* test_audit.c: the hash-chained audit log (store_audit.c, docs/audit.md).
 *
 * A registry gets N entries, each committed and checkpointed as the program does; then an
 * attacker with database access tampers with it through plain SQL (edit, delete a middle entry,
 * cut the tail, recompute the chain with another key or with the key, swap, forge) and verify
 * must name the right seq and reason. The expected hash of an entry is recomputed here from
 * docs/audit.md's definition with nettle, independently of store_audit.c. Two processes appending
 * to one SQLite file (two connections on PostgreSQL) must leave one unbroken chain. Every test
 * runs on each back end of db_targets.h.
 */
#include "check.h"
#include "db_targets.h"
#include "oncoboard/audit.h"
#include "oncoboard/db.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/hmac.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_ENTRIES 20

/* The key and the checkpoints: next to the SQLite file (the defaults), or for PostgreSQL in a
 * folder of the test's own named by $ONCOBOARD_AUDIT_KEY / _CHECKPOINTS. */
static char anchor_dir[256], key_path[600], ckpt_path[600];

/* A fresh registry of the current target (db_targets.h), migrated. */
static onc_db_t *fresh_db(void)
{
    if (!check_mkdtemp(anchor_dir, sizeof anchor_dir, "onc-audit")) return NULL;
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    if (db_target_kind == ONC_DB_SQLITE) {
        snprintf(key_path, sizeof key_path, "%s.audit-key", db_target_path);
        snprintf(ckpt_path, sizeof ckpt_path, "%s.audit-checkpoints", db_target_path);
    } else {
        snprintf(key_path, sizeof key_path, "%s/registry.audit-key", anchor_dir);
        snprintf(ckpt_path, sizeof ckpt_path, "%s/registry.audit-checkpoints", anchor_dir);
        setenv("ONCOBOARD_AUDIT_KEY", key_path, 1);
        setenv("ONCOBOARD_AUDIT_CHECKPOINTS", ckpt_path, 1);
    }
    return db_target_open(true);
}

/* Removes what fresh_db and the tests made besides the database (db_targets.h removes that). */
static void remove_anchor(void)
{
    char cmd[600];
    unlink(key_path);
    unlink(ckpt_path);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", anchor_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", anchor_dir);
}

/* One logical change: begin, append, commit, checkpoint (what every caller does). */
static onc_rc append_one(onc_db_t *db, int i, onc_err_t *err)
{
    char id[32], detail[64];
    snprintf(id, sizeof id, "P%03d", i % 7);
    snprintf(detail, sizeof detail, "change number %d", i);
    onc_audit_entry_t e = {"os:tester", i % 3 ? "update" : "read", "patient", id, id, i % 5 ? detail : NULL};
    onc_rc rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = onc_audit_append(db, &e, err);
    if (rc == ONC_OK) rc = onc_db_commit(db, err);
    else (void)onc_db_rollback(db, NULL);
    if (rc == ONC_OK) rc = onc_audit_checkpoint(db, err);
    return rc;
}

static onc_db_t *db_with_entries(int n)
{
    onc_db_t *db = fresh_db();
    onc_err_t err = {0};
    for (int i = 1; db && i <= n; i++)
        if (append_one(db, i, &err) != ONC_OK) {
            fprintf(stderr, "append %d: %s\n", i, err.msg);
            onc_db_close(db);
            return NULL;
        }
    return db;
}

static void sql(onc_db_t *db, const char *text)
{
    onc_err_t err = {0};
    if (onc_db_exec(db, text, &err) != ONC_OK) {
        fprintf(stderr, "sql %s: %s\n", text, err.msg);
        check_failed = 1;
    }
}

/* verify must fail with ONC_ECONFLICT at seq `seq` with `why` in the message. */
static void expect_broken(onc_db_t *db, int64_t seq, const char *why)
{
    onc_audit_report_t rep;
    onc_err_t err = {0};
    CHECK_INT(onc_audit_verify_report(db, &rep, &err), ONC_ECONFLICT);
    CHECK_INT(rep.first_bad_seq, seq);
    if (!strstr(err.msg, why)) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.msg, why);
        check_failed = 1;
    }
}

static void read_key_hex(char out[65])
{
    out[0] = '\0';
    FILE *fp = fopen(key_path, "r");
    if (!fp) return;
    if (!fgets(out, 65, fp)) out[0] = '\0';
    fclose(fp);
}

/* ---- docs/audit.md's definition, written again here ---- */

static void canon(struct hmac_sha256_ctx *h, const char *s)
{
    char len[32];
    int n = s ? snprintf(len, sizeof len, "%zu:", strlen(s)) : snprintf(len, sizeof len, "-:");
    hmac_sha256_update(h, (size_t)n, (const uint8_t *)len);
    if (s) hmac_sha256_update(h, strlen(s), (const uint8_t *)s);
}

static void doc_hash(const uint8_t key[32], const char *prev, const char *const f[8], char out[65])
{
    struct hmac_sha256_ctx h;
    uint8_t d[32];
    hmac_sha256_set_key(&h, 32, key);
    hmac_sha256_update(&h, 64, (const uint8_t *)prev);
    canon(&h, "oncoboard-audit-1");
    for (int i = 0; i < 8; i++) canon(&h, f[i]);
    hmac_sha256_digest(&h, 32, d);
    for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void hex_key(const char *hex, uint8_t key[32])
{
    for (int i = 0; i < 32; i++) {
        char b[3] = {hex[2 * i], hex[2 * i + 1], 0};
        key[i] = (uint8_t)strtoul(b, NULL, 16);
    }
}

/* Rewrites entries from seq `from` on with `detail` changed (when not NULL) and every hash
 * recomputed with key: what an attacker holding that key can do. */
static void rewrite_chain(onc_db_t *db, const uint8_t key[32], int64_t from, const char *detail)
{
    onc_err_t err = {0};
    onc_db_stmt_t *sel = NULL, *upd = NULL;
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_db_prepare(db, "SELECT seq, at, actor, action, entity, entity_id, patient_id, detail, hash "
                                 "FROM audit_log ORDER BY seq", &sel, &err), ONC_OK);
    CHECK_INT(onc_db_prepare(db, "UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?", &upd, &err),
              ONC_OK);
    /* Rows first (an UPDATE under an open SELECT of the same table is not portable). */
    enum { CAP = 64 };
    static char rows[CAP][9][128];
    static bool null_of[CAP][9];
    int n = 0;
    bool row = false;
    while (n < CAP && onc_db_step(sel, &row, &err) == ONC_OK && row) {
        for (int c = 0; c < 9; c++) {
            const char *t = onc_db_column_text(sel, c);
            null_of[n][c] = t == NULL;
            snprintf(rows[n][c], sizeof rows[n][c], "%s", t ? t : "");
        }
        n++;
    }
    onc_db_finalize(sel);
    for (int r = 0; r < n; r++) {
        int64_t seq = strtoll(rows[r][0], NULL, 10);
        const char *f[8];
        for (int c = 0; c < 8; c++) f[c] = null_of[r][c] ? NULL : rows[r][c];
        if (seq >= from && detail) f[7] = detail;
        char h[65];
        if (seq >= from) {
            doc_hash(key, prev, f, h);
            CHECK_INT(onc_db_reset(upd, &err), ONC_OK);
            CHECK_INT(onc_db_bind_text(upd, 1, f[7], &err), ONC_OK);
            CHECK_INT(onc_db_bind_text(upd, 2, prev, &err), ONC_OK);
            CHECK_INT(onc_db_bind_text(upd, 3, h, &err), ONC_OK);
            CHECK_INT(onc_db_bind_int64(upd, 4, seq, &err), ONC_OK);
            CHECK_INT(onc_db_step(upd, &row, &err), ONC_OK);
        } else {
            snprintf(h, sizeof h, "%s", rows[r][8]);
        }
        snprintf(prev, sizeof prev, "%s", h);
    }
    onc_db_finalize(upd);
    /* The head row too, so that only the key and the checkpoints can tell. */
    CHECK_INT(onc_db_prepare(db, "UPDATE audit_head SET hash = ? WHERE id = 1", &upd, &err), ONC_OK);
    CHECK_INT(onc_db_bind_text(upd, 1, prev, &err), ONC_OK);
    CHECK_INT(onc_db_step(upd, &row, &err), ONC_OK);
    onc_db_finalize(upd);
    CHECK_INT(onc_db_commit(db, &err), ONC_OK);
}

/* ---- tests ---- */

static void test_intact_chain(void)
{
    onc_db_t *db = db_with_entries(N_ENTRIES);
    if (!db) SKIP("no SQLite registry could be created");
    onc_audit_report_t rep;
    onc_err_t err = {0};
    int64_t n = -1;
    CHECK_INT(onc_audit_verify(db, &n, &err), ONC_OK);
    CHECK_INT(n, N_ENTRIES);
    CHECK_INT(onc_audit_verify_report(db, &rep, &err), ONC_OK);
    CHECK_INT(rep.n_checkpoints, N_ENTRIES); /* one per committed transaction */
    CHECK_INT(rep.anchored_seq, N_ENTRIES);
    CHECK_INT(rep.first_bad_seq, 0);
    /* A second checkpoint of the same head writes nothing. */
    CHECK_INT(onc_audit_checkpoint(db, &err), ONC_OK);
    CHECK_INT(onc_audit_verify_report(db, &rep, &err), ONC_OK);
    CHECK_INT(rep.n_checkpoints, N_ENTRIES);
    struct stat st;
    CHECK(stat(key_path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(stat(ckpt_path, &st) == 0 && (st.st_mode & 0777) == 0600);
    onc_db_close(db);
    remove_anchor();
}

/* Entries 1 and 2 as stored equal docs/audit.md's formula recomputed here; the time is UTC with
 * milliseconds; seq 2 links to seq 1. */
static void test_hash_definition(void)
{
    onc_db_t *db = db_with_entries(2);
    if (!db) SKIP("no SQLite registry could be created");
    char hex[65];
    uint8_t key[32];
    read_key_hex(hex);
    CHECK_INT(strlen(hex), 64);
    hex_key(hex, key);
    onc_db_stmt_t *st = NULL;
    onc_err_t err = {0};
    bool row = false;
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
    CHECK_INT(onc_db_prepare(db, "SELECT seq, at, actor, action, entity, entity_id, patient_id, detail, prev_hash, hash "
                                 "FROM audit_log ORDER BY seq", &st, &err), ONC_OK);
    int seen = 0;
    while (onc_db_step(st, &row, &err) == ONC_OK && row) {
        const char *f[8];
        for (int c = 0; c < 8; c++) f[c] = onc_db_column_text(st, c);
        char want[65];
        doc_hash(key, prev, f, want);
        CHECK_STR(onc_db_column_text(st, 8), prev);
        CHECK_STR(onc_db_column_text(st, 9), want);
        const char *at = f[1];
        CHECK(at && strlen(at) == 24 && at[4] == '-' && at[10] == 'T' && at[19] == '.' && at[23] == 'Z');
        snprintf(prev, sizeof prev, "%s", want);
        seen++;
    }
    onc_db_finalize(st);
    CHECK_INT(seen, 2);
    /* Length prefixes: moving a byte between two fields changes the hash. */
    const char *a[8] = {"1", "t", "ab", "c", "e", NULL, NULL, NULL};
    const char *b[8] = {"1", "t", "a", "bc", "e", NULL, NULL, NULL};
    const char *c[8] = {"1", "t", "a", "bc", "e", "", NULL, NULL};
    char ha[65], hb[65], hc[65];
    doc_hash(key, prev, a, ha);
    doc_hash(key, prev, b, hb);
    doc_hash(key, prev, c, hc);
    CHECK(strcmp(ha, hb) != 0);
    CHECK(strcmp(hb, hc) != 0); /* NULL and "" differ */
    onc_db_close(db);
    remove_anchor();
}

/* A registry of N_ENTRIES, the statements of an attacker with database access, then verify. */
static void tamper_with_sql(const char *const *statements, int64_t seq, const char *why)
{
    onc_db_t *db = db_with_entries(N_ENTRIES);
    if (!db) SKIP("no SQLite registry could be created");
    for (; *statements; statements++) sql(db, *statements);
    expect_broken(db, seq, why);
    onc_db_close(db);
    remove_anchor();
}

static void test_edit_detected(void)
{
    const char *const edit[] = {"UPDATE audit_log SET actor = 'os:mallory' WHERE seq = 7", NULL};
    tamper_with_sql(edit, 7, "the hash does not match the entry");
}

static void test_middle_deletion_detected(void)
{
    const char *const del[] = {"DELETE FROM audit_log WHERE seq = 9", NULL};
    tamper_with_sql(del, 9, "missing (deleted); the next one is seq 10");
}

/* The tail cut and audit_head made to agree: only the checkpoint file tells. Without its last
 * line the cut of the last entry is no longer detectable (docs/audit.md says so). */
static void test_truncation_and_checkpoints(void)
{
    onc_db_t *db = db_with_entries(N_ENTRIES);
    if (!db) SKIP("no SQLite registry could be created");
    sql(db, "DELETE FROM audit_log WHERE seq = 20");
    expect_broken(db, 20, "audit_head records seq 20");
    sql(db, "UPDATE audit_head SET seq = 19, hash = (SELECT hash FROM audit_log WHERE seq = 19) WHERE id = 1");
    expect_broken(db, 20, "records seq 20 but the log ends at seq 19 (truncated)");
    /* Drop the checkpoint file's last line. */
    FILE *fp = fopen(ckpt_path, "r");
    char lines[N_ENTRIES][200];
    int n = 0;
    while (fp && n < N_ENTRIES && fgets(lines[n], sizeof lines[n], fp)) n++;
    if (fp) fclose(fp);
    CHECK_INT(n, N_ENTRIES);
    fp = fopen(ckpt_path, "w");
    for (int i = 0; fp && i < n - 1; i++) fputs(lines[i], fp);
    if (fp) fclose(fp);
    onc_audit_report_t rep;
    onc_err_t err = {0};
    CHECK_INT(onc_audit_verify_report(db, &rep, &err), ONC_OK);
    CHECK_INT(rep.n_entries, 19);
    CHECK_INT(rep.anchored_seq, 19);
    /* Cutting one more entry is caught by the line before. */
    sql(db, "DELETE FROM audit_log WHERE seq = 19");
    sql(db, "UPDATE audit_head SET seq = 18, hash = (SELECT hash FROM audit_log WHERE seq = 18) WHERE id = 1");
    expect_broken(db, 19, "records seq 19 but the log ends at seq 18");
    onc_db_close(db);
    remove_anchor();
}

/* A crash during a checkpoint's write leaves a torn last line: ignored by verify. The next
 * checkpoint starts on a new line, and the fragment, now a line of its own, stops verify with
 * its line number (exit 2: someone must look at it), never glued to a good checkpoint. */
static void test_torn_checkpoint_line(void)
{
    onc_db_t *db = db_with_entries(3);
    if (!db) SKIP("no SQLite registry could be created");
    FILE *fp = fopen(ckpt_path, "a");
    if (fp) {
        fputs("4 12ab", fp);
        fclose(fp);
    }
    onc_audit_report_t rep;
    onc_err_t err = {0};
    CHECK_INT(onc_audit_verify_report(db, &rep, &err), ONC_OK);
    CHECK_INT(rep.n_checkpoints, 3);
    CHECK_INT(append_one(db, 4, &err), ONC_OK);
    CHECK_INT(onc_audit_verify_report(db, &rep, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, ".audit-checkpoints:4:") != NULL);
    onc_db_close(db);
    remove_anchor();
}

static void test_recomputed_with_another_key(void)
{
    onc_db_t *db = db_with_entries(N_ENTRIES);
    if (!db) SKIP("no SQLite registry could be created");
    uint8_t other[32];
    for (int i = 0; i < 32; i++) other[i] = (uint8_t)(i * 7 + 1);
    rewrite_chain(db, other, 1, NULL);
    expect_broken(db, 1, "the hash does not match the entry");
    onc_db_close(db);
    remove_anchor();
}

/* With the key (stolen), history rewritten from seq 10 is consistent; the checkpoints catch it. */
static void test_recomputed_with_the_key(void)
{
    onc_db_t *db = db_with_entries(N_ENTRIES);
    if (!db) SKIP("no SQLite registry could be created");
    char hex[65];
    uint8_t key[32];
    read_key_hex(hex);
    hex_key(hex, key);
    rewrite_chain(db, key, 10, "nothing happened");
    expect_broken(db, 10, "differs from checkpoint");
    onc_db_close(db);
    remove_anchor();
}

static void test_swap_detected(void)
{
    /* Move 5 and 6 out of the way, then back in each other's place. */
    const char *const swap[] = {"UPDATE audit_log SET seq = seq + 1000 WHERE seq IN (5, 6)",
                                "UPDATE audit_log SET seq = 6 WHERE seq = 1005",
                                "UPDATE audit_log SET seq = 5 WHERE seq = 1006", NULL};
    tamper_with_sql(swap, 5, "prev_hash is not the hash of seq 4");
}

static void test_forged_entry_detected(void)
{
    const char *const forge[] = {
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, patient_id, detail, prev_hash, hash) "
        "SELECT 21, '2026-11-29T00:00:00.000Z', 'os:root', 'delete', 'patient', 'P001', 'P001', NULL, hash, "
        "'00000000000000000000000000000000000000000000000000000000000000ff' FROM audit_log WHERE seq = 20",
        "UPDATE audit_head SET seq = 21, hash = '00000000000000000000000000000000000000000000000000000000000000ff'",
        NULL};
    tamper_with_sql(forge, 21, "the hash does not match the entry");
}

/* No key: verify says where it should be (and that it must be restored); append refuses to
 * start a new key under an existing chain. A world-readable key and a malformed one are refused;
 * the key never appears in a message. */
static void test_key_file_rules(void)
{
    onc_db_t *db = db_with_entries(3);
    if (!db) SKIP("no SQLite registry could be created");
    char hex[65], moved[700];
    read_key_hex(hex);
    onc_err_t err = {0};
    CHECK_INT(chmod(key_path, 0644), 0);
    CHECK_INT(onc_audit_verify(db, NULL, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "readable by others") != NULL);
    CHECK(strstr(err.msg, hex) == NULL);
    CHECK_INT(chmod(key_path, 0600), 0);
    snprintf(moved, sizeof moved, "%s.moved", key_path);
    CHECK_INT(rename(key_path, moved), 0);
    CHECK_INT(onc_audit_verify(db, NULL, &err), ONC_EIO);
    CHECK(strstr(err.msg, key_path) != NULL && strstr(err.msg, "restore") != NULL);
    CHECK_INT(append_one(db, 4, &err), ONC_EIO);
    CHECK(access(key_path, F_OK) != 0); /* no new key was made */
    /* A truncated key: refused without quoting it. */
    FILE *fp = fopen(key_path, "w");
    if (fp) {
        fprintf(fp, "%.63s\n", hex);
        fclose(fp);
    }
    CHECK_INT(chmod(key_path, 0600), 0);
    CHECK_INT(onc_audit_verify(db, NULL, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "64 hexadecimal digits") != NULL);
    char head[17];
    memcpy(head, hex, 16);
    head[16] = '\0';
    CHECK(strstr(err.msg, head) == NULL);
    CHECK_INT(rename(moved, key_path), 0);
    CHECK_INT(onc_audit_verify(db, NULL, &err), ONC_OK);
    /* Without the checkpoint file a non-empty log cannot be vouched for. */
    CHECK_INT(unlink(ckpt_path), 0);
    CHECK_INT(onc_audit_verify(db, NULL, &err), ONC_EIO);
    CHECK(strstr(err.msg, "checkpoints are missing") != NULL);
    onc_db_close(db);
    remove_anchor();
}

/* $ONCOBOARD_AUDIT_KEY and _CHECKPOINTS take precedence over the files next to the registry. */
static void test_anchor_paths_from_environment(void)
{
    onc_db_t *db = fresh_db();
    if (!db) SKIP("no SQLite registry could be created");
    char k[700], c[700], got[4096];
    onc_err_t err = {0};
    snprintf(k, sizeof k, "%s/elsewhere.key", anchor_dir);
    snprintf(c, sizeof c, "%s/elsewhere.ckpt", anchor_dir);
    setenv("ONCOBOARD_AUDIT_KEY", k, 1);
    setenv("ONCOBOARD_AUDIT_CHECKPOINTS", c, 1);
    CHECK_INT(onc_audit_key_path(db, got, sizeof got, &err), ONC_OK);
    CHECK_STR(got, k);
    CHECK_INT(append_one(db, 1, &err), ONC_OK);
    CHECK(access(k, F_OK) == 0 && access(c, F_OK) == 0);
    if (db_target_kind == ONC_DB_SQLITE) CHECK(access(key_path, F_OK) != 0);
    CHECK_INT(onc_audit_verify(db, NULL, &err), ONC_OK);
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    onc_db_close(db);
    remove_anchor();
}

/* Bad entries are refused before anything is written; append needs a transaction. */
static void test_entry_checks(void)
{
    onc_db_t *db = fresh_db();
    if (!db) SKIP("no SQLite registry could be created");
    onc_err_t err = {0};
    onc_audit_entry_t e = {"os:tester", "read", "patient", "P1", "P1", NULL};
    CHECK_INT(onc_audit_append(db, &e, &err), ONC_EINVAL); /* no transaction */
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    e.actor = NULL;
    CHECK_INT(onc_audit_append(db, &e, &err), ONC_EINVAL);
    e.actor = "os:tester";
    e.detail = "line\nbreak";
    CHECK_INT(onc_audit_append(db, &e, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "control character") != NULL);
    char big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    e.detail = big;
    CHECK_INT(onc_audit_append(db, &e, &err), ONC_ELIMIT);
    (void)onc_db_rollback(db, NULL);
    int64_t n = -1;
    CHECK_INT(onc_audit_verify(db, &n, &err), ONC_OK); /* empty log: intact, and no key is made by verify */
    CHECK_INT(n, 0);
    onc_db_close(db);
    remove_anchor();
}

/* A rolled-back change leaves no entry and no checkpoint. */
static void test_rollback_leaves_nothing(void)
{
    onc_db_t *db = db_with_entries(3);
    if (!db) SKIP("no SQLite registry could be created");
    onc_err_t err = {0};
    onc_audit_entry_t e = {"os:tester", "delete", "patient", "P1", "P1", NULL};
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_audit_append(db, &e, &err), ONC_OK);
    CHECK_INT(onc_audit_append(db, &e, &err), ONC_OK);
    CHECK_INT(onc_db_rollback(db, &err), ONC_OK);
    CHECK_INT(onc_audit_checkpoint(db, &err), ONC_OK);
    onc_audit_report_t rep;
    CHECK_INT(onc_audit_verify_report(db, &rep, &err), ONC_OK);
    CHECK_INT(rep.n_entries, 3);
    CHECK_INT(rep.n_checkpoints, 3);
    /* Two appends in one transaction: one checkpoint after the commit anchors the last. */
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_audit_append(db, &e, &err), ONC_OK);
    CHECK_INT(onc_audit_append(db, &e, &err), ONC_OK);
    CHECK_INT(onc_db_commit(db, &err), ONC_OK);
    CHECK_INT(onc_audit_verify_report(db, &rep, &err), ONC_OK); /* not yet anchored: still intact */
    CHECK_INT(rep.n_entries, 5);
    CHECK_INT(rep.anchored_seq, 3);
    CHECK_INT(onc_audit_checkpoint(db, &err), ONC_OK);
    CHECK_INT(onc_audit_verify_report(db, &rep, &err), ONC_OK);
    CHECK_INT(rep.anchored_seq, 5);
    onc_db_close(db);
    remove_anchor();
}

static int count_rows(const onc_audit_row_t *r, void *ctx)
{
    (void)r;
    ++*(int *)ctx;
    return 0;
}

static void test_list_filters(void)
{
    onc_db_t *db = db_with_entries(N_ENTRIES);
    if (!db) SKIP("no SQLite registry could be created");
    onc_err_t err = {0};
    int n = 0;
    CHECK_INT(onc_audit_list(db, NULL, NULL, count_rows, &n, &err), ONC_OK);
    CHECK_INT(n, N_ENTRIES);
    n = 0; /* P003: i % 7 == 3 for i = 3, 10, 17 */
    CHECK_INT(onc_audit_list(db, "P003", NULL, count_rows, &n, &err), ONC_OK);
    CHECK_INT(n, 3);
    n = 0;
    CHECK_INT(onc_audit_list(db, NULL, "2000-01-01", count_rows, &n, &err), ONC_OK);
    CHECK_INT(n, N_ENTRIES);
    n = 0;
    CHECK_INT(onc_audit_list(db, NULL, "9999-01-01", count_rows, &n, &err), ONC_OK);
    CHECK_INT(n, 0);
    CHECK_INT(onc_audit_list(db, NULL, "yesterday", count_rows, &n, &err), ONC_EINVAL);
    onc_db_close(db);
    remove_anchor();
}

static void test_os_actor(void)
{
    const char *a = onc_audit_os_actor();
    CHECK(strncmp(a, "os:", 3) == 0 && strlen(a) > 3);
    const char *user = getenv("USER");
    if (user && *user && getuid() == geteuid() && strcmp(user, a + 3) != 0)
        fprintf(stderr, "note: $USER %s, actor %s\n", user, a);
}

/* Runs `./oncoboard audit ARGS --db URL`, stdout to out (first line); returns the exit status. */
static int run_cli(const char *args, char *out, size_t n)
{
    char cmd[5000], path[700];
    snprintf(path, sizeof path, "%s/cli.out", anchor_dir);
    snprintf(cmd, sizeof cmd, "./oncoboard audit %s --db '%s' >'%s' 2>/dev/null", args, db_target_url, path);
    int status = system(cmd);
    out[0] = '\0';
    FILE *fp = fopen(path, "r");
    if (fp) {
        if (!fgets(out, (int)n, fp)) out[0] = '\0';
        fclose(fp);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* `oncoboard audit verify`: exit 0 with the count, 1 with the first bad seq, 2 without a key. */
static void test_cli_verify(void)
{
    if (access("./oncoboard", X_OK) != 0) SKIP("./oncoboard is not built");
    onc_db_t *db = db_with_entries(5);
    if (!db) SKIP("no registry could be created");
    char out[256], moved[700];
    CHECK_INT(run_cli("verify", out, sizeof out), 0);
    CHECK_STR(out, "intact\tentries=5\tcheckpoints=5\tanchored_seq=5\n");
    CHECK_INT(run_cli("list", out, sizeof out), 0);
    CHECK_STR(out, "seq\tat\tactor\taction\tentity\tentity_id\tpatient_id\tdetail\n");
    /* A commit whose checkpoint was lost (a crash): verify notes it, checkpoint anchors it. */
    onc_err_t err = {0};
    onc_audit_entry_t e = {"os:tester", "read", "patient", "P1", "P1", NULL};
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_audit_append(db, &e, &err), ONC_OK);
    CHECK_INT(onc_db_commit(db, &err), ONC_OK);
    CHECK_INT(run_cli("verify", out, sizeof out), 0);
    CHECK_STR(out, "intact\tentries=6\tcheckpoints=5\tanchored_seq=5\n");
    CHECK_INT(run_cli("checkpoint", out, sizeof out), 0);
    CHECK_STR(out, "intact\tentries=6\tcheckpoints=6\tanchored_seq=6\n");
    CHECK_INT(run_cli("verify", out, sizeof out), 0);
    CHECK_STR(out, "intact\tentries=6\tcheckpoints=6\tanchored_seq=6\n");
    sql(db, "UPDATE audit_log SET patient_id = 'P999' WHERE seq = 4");
    CHECK_INT(run_cli("verify", out, sizeof out), 1);
    CHECK_STR(out, "broken\tfirst_bad_seq=4\n");
    snprintf(moved, sizeof moved, "%s.moved", key_path);
    CHECK_INT(rename(key_path, moved), 0);
    CHECK_INT(run_cli("verify", out, sizeof out), 2);
    CHECK_STR(out, "");
    onc_db_close(db);
    unlink(moved);
    remove_anchor();
}

/* Two processes append 500 times each to one SQLite file: 1000 consecutive entries, intact. */
static int child_appends(int n)
{
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.busy_timeout_ms = 30000;
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    if (onc_db_open(db_target_url, &o, &db, &err) != ONC_OK) {
        fprintf(stderr, "child %d: open: %s\n", (int)getpid(), err.msg);
        return 1;
    }
    for (int i = 0; i < n; i++)
        if (append_one(db, i, &err) != ONC_OK) {
            fprintf(stderr, "child %d: append %d: %s\n", (int)getpid(), i, err.msg);
            onc_db_close(db);
            return 1;
        }
    onc_db_close(db);
    return 0;
}

static void test_two_processes(void)
{
    onc_db_t *db = db_with_entries(1); /* makes the key first: both children then read it */
    if (!db) SKIP("no SQLite registry could be created");
    onc_db_close(db);
    fflush(NULL);
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == 0) _exit(child_appends(500));
    }
    for (int k = 0; k < 2; k++) {
        int status = 0;
        CHECK(kids[k] > 0 && waitpid(kids[k], &status, 0) == kids[k]);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    onc_err_t err = {0};
    onc_audit_report_t rep;
    CHECK_INT(onc_db_open(db_target_url, &o, &db, &err), ONC_OK);
    CHECK_INT(onc_audit_verify_report(db, &rep, &err), ONC_OK);
    if (err.msg[0]) fprintf(stderr, "verify: %s\n", err.msg);
    CHECK_INT(rep.n_entries, 1001);
    CHECK_INT(rep.anchored_seq, 1001);
    onc_db_close(db);
    remove_anchor();
}

static const db_test_t db_tests[] = {
    DB_TEST(test_intact_chain),
    DB_TEST(test_hash_definition),
    DB_TEST(test_edit_detected),
    DB_TEST(test_middle_deletion_detected),
    DB_TEST(test_truncation_and_checkpoints),
    DB_TEST(test_torn_checkpoint_line),
    DB_TEST(test_recomputed_with_another_key),
    DB_TEST(test_recomputed_with_the_key),
    DB_TEST(test_swap_detected),
    DB_TEST(test_forged_entry_detected),
    DB_TEST(test_key_file_rules),
    DB_TEST(test_anchor_paths_from_environment),
    DB_TEST(test_entry_checks),
    DB_TEST(test_rollback_leaves_nothing),
    DB_TEST(test_list_filters),
    DB_TEST(test_cli_verify),
    DB_TEST(test_two_processes),
    {NULL, NULL},
};

int main(void)
{
    RUN(test_os_actor);
    db_targets_run(db_tests);
    CHECK_EXIT();
}
