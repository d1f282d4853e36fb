/* registry_util.h: what the registry's reliability tests share (include after check.h):
 * a number from one query, the import as `oncoboard db import` writes it (cli_db_import.c: one
 * transaction with a store writer, commit, audit checkpoint), and the tests' own reset of a
 * registry to empty (the program never deletes audit entries; a test between runs does).
 */
#ifndef ONCOBOARD_TEST_REGISTRY_UTIL_H
#define ONCOBOARD_TEST_REGISTRY_UTIL_H

#include "oncoboard/audit.h"
#include "oncoboard/case.h"
#include "oncoboard/db.h"
#include "oncoboard/store.h"

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

/* The first column of the first row of sql as an integer; -1 when it fails. */
__attribute__((unused)) static int64_t reg_scalar(onc_db_t *db, const char *sql)
{
    onc_db_stmt_t *st = NULL;
    onc_err_t err = {0};
    bool row = false;
    int64_t n = -1;
    if (onc_db_prepare(db, sql, &st, &err) == ONC_OK && onc_db_step(st, &row, &err) == ONC_OK && row)
        n = onc_db_column_int64(st, 0);
    onc_db_finalize(st);
    return n;
}

/* reg_scalar on a connection of its own to url. */
__attribute__((unused)) static int64_t reg_scalar_at(const char *url, const char *sql)
{
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    int64_t n = onc_db_open(url, NULL, &db, &err) == ONC_OK ? reg_scalar(db, sql) : -1;
    onc_db_close(db);
    return n;
}

/* Loads the case files files[0..n) into cases; false (after a message) when one fails. */
__attribute__((unused)) static bool reg_load_cases(const char *const *files, onc_case_t **cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        onc_err_t err = {0};
        if (onc_case_load(files[i], NULL, &cases[i], &err) != ONC_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return false;
        }
    }
    return true;
}

/* Imports cases[0..n) into the registry at url as `db import` does. */
__attribute__((unused)) static onc_rc reg_import(const char *url, onc_case_t *const *cases, size_t n, onc_err_t *err)
{
    onc_db_t *db = NULL;
    onc_store_writer_t *w = NULL;
    onc_rc rc = onc_db_open(url, NULL, &db, err);
    if (rc == ONC_OK) rc = onc_db_schema_check(db, err);
    if (rc == ONC_OK) rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = onc_store_writer_open(db, &w, err);
    for (size_t i = 0; rc == ONC_OK && i < n; i++) rc = onc_store_writer_put(w, cases[i], "os:tester", NULL, NULL, err);
    onc_store_writer_close(w);
    if (rc == ONC_OK) rc = onc_db_commit(db, err);
    else onc_db_rollback(db, NULL);
    if (rc == ONC_OK) rc = onc_audit_checkpoint(db, err);
    onc_db_close(db);
    return rc;
}

/* Back to an empty registry at the current version with no audit key or checkpoint file. */
__attribute__((unused)) static void reg_reset(const char *url)
{
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    char key[1024] = "", ckpt[1024] = "";
    if (onc_db_open(url, NULL, &db, &err) != ONC_OK) {
        fprintf(stderr, "reset %s: %s\n", url, err.msg);
        check_failed = 1;
        return;
    }
    if (onc_db_exec(db, "DELETE FROM patients; DELETE FROM audit_log; UPDATE audit_head SET seq = 0, hash = "
                        "'0000000000000000000000000000000000000000000000000000000000000000' WHERE id = 1",
                    &err) != ONC_OK) {
        fprintf(stderr, "reset %s: %s\n", url, err.msg);
        check_failed = 1;
    }
    if (onc_audit_key_path(db, key, sizeof key, &err) != ONC_OK || onc_audit_checkpoint_path(db, ckpt, sizeof ckpt, &err) != ONC_OK)
        key[0] = ckpt[0] = '\0';
    onc_db_close(db);
    if (key[0]) unlink(key);
    if (ckpt[0]) unlink(ckpt);
}

/* Whether PRAGMA integrity_check says "ok" (true on other back ends: nothing to ask). */
__attribute__((unused)) static bool reg_integrity_ok(onc_db_t *db)
{
    if (onc_db_kind_of(db) != ONC_DB_SQLITE) return true;
    onc_db_stmt_t *st = NULL;
    onc_err_t err = {0};
    bool row = false, ok = false;
    if (onc_db_prepare(db, "PRAGMA integrity_check", &st, &err) == ONC_OK && onc_db_step(st, &row, &err) == ONC_OK && row)
        ok = onc_db_column_text(st, 0) && strcmp(onc_db_column_text(st, 0), "ok") == 0;
    if (!ok) fprintf(stderr, "integrity_check: %s\n", row && onc_db_column_text(st, 0) ? onc_db_column_text(st, 0) : err.msg);
    onc_db_finalize(st);
    return ok;
}

#endif
