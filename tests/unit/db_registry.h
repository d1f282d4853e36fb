/* db_registry.h: a fresh registry with its own audit anchor, on every target of db_targets.h
 * (include after it). Tests of the store and of what reads it (exports) share it.
 *
 * On SQLite the audit key and checkpoints live beside the database file (the default); on
 * PostgreSQL there is no default, so they go in a folder of the test's own, anchor_dir, made by
 * registry_anchor_make() before db_targets_run() and removed by registry_anchor_remove() after.
 */
#ifndef ONCOBOARD_TEST_DB_REGISTRY_H
#define ONCOBOARD_TEST_DB_REGISTRY_H

#include "oncoboard/audit.h"

#include <unistd.h>

static char anchor_dir[256];

/* Makes anchor_dir under $TMPDIR (or /tmp); 0 on failure. */
__attribute__((unused)) static int registry_anchor_make(const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(anchor_dir, sizeof anchor_dir, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    return mkdtemp(anchor_dir) != NULL;
}

__attribute__((unused)) static void registry_anchor_remove(void) { rmdir(anchor_dir); }

/* The current target's fresh registry (db_targets.h), migrated, with a fresh audit anchor. */
__attribute__((unused)) static onc_db_t *open_registry(void)
{
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    if (db_target_kind == ONC_DB_POSTGRESQL) {
        char key[400], ckpt[400];
        snprintf(key, sizeof key, "%s/registry.audit-key", anchor_dir);
        snprintf(ckpt, sizeof ckpt, "%s/registry.audit-checkpoints", anchor_dir);
        unlink(key), unlink(ckpt);
        setenv("ONCOBOARD_AUDIT_KEY", key, 1);
        setenv("ONCOBOARD_AUDIT_CHECKPOINTS", ckpt, 1);
    }
    return db_target_open(true);
}

/* Closes the registry and removes its audit key and checkpoints, so that db_targets can remove
 * its temporary folder. */
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

#endif
