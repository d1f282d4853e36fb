/* db_registry.h: a fresh registry on the current database target with its own audit anchor, for
 * the registry tests (include after db_targets.h). The audit key and checkpoints live beside an
 * SQLite file (the default); for PostgreSQL, which has no default place for them, in a folder of
 * the test's own (db_registry_anchor, made by db_registry_setup) named by $ONCOBOARD_AUDIT_KEY and
 * $ONCOBOARD_AUDIT_CHECKPOINTS. */
#ifndef ONCOBOARD_TEST_DB_REGISTRY_H
#define ONCOBOARD_TEST_DB_REGISTRY_H

#include "oncoboard/audit.h"

#include <unistd.h>

static char db_registry_anchor[256];

/* Makes the anchor folder (call once in main); 0 or -1. */
__attribute__((unused)) static int db_registry_setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(db_registry_anchor, sizeof db_registry_anchor, "%s/onc-registry-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(db_registry_anchor) ? 0 : -1;
}

__attribute__((unused)) static void db_registry_teardown(void) { rmdir(db_registry_anchor); }

/* The current target's fresh registry, migrated (NULL after a failed CHECK). */
__attribute__((unused)) static onc_db_t *open_registry(void)
{
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    if (db_target_kind == ONC_DB_POSTGRESQL) {
        char key[400], ckpt[400];
        snprintf(key, sizeof key, "%s/registry.audit-key", db_registry_anchor);
        snprintf(ckpt, sizeof ckpt, "%s/registry.audit-checkpoints", db_registry_anchor);
        unlink(key), unlink(ckpt);
        setenv("ONCOBOARD_AUDIT_KEY", key, 1);
        setenv("ONCOBOARD_AUDIT_CHECKPOINTS", ckpt, 1);
    }
    return db_target_open(true);
}

/* Closes the registry and removes its audit key and checkpoints (so that db_targets can remove
 * its temporary folder). */
__attribute__((unused)) static void close_registry(onc_db_t *db)
{
    char key[1024] = "", ckpt[1024] = "";
    onc_err_t err = {0};
    if (db && (onc_audit_key_path(db, key, sizeof key, &err) != ONC_OK ||
               onc_audit_checkpoint_path(db, ckpt, sizeof ckpt, &err) != ONC_OK))
        key[0] = ckpt[0] = '\0';
    onc_db_close(db);
    if (key[0]) unlink(key);
    if (ckpt[0]) unlink(ckpt);
}

/* The one number a query gives (a COUNT(*); the SQL is a constant of the test), -1 on failure. */
__attribute__((unused)) static int64_t count_rows(onc_db_t *db, const char *sql)
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

#endif
