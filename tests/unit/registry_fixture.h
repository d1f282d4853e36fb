/* registry_fixture.h: a fresh registry per database test, with its audit anchor (include after
 * check.h and db_targets.h). open_registry() opens the current target migrated; on PostgreSQL,
 * where the audit key has no default place, it points $ONCOBOARD_AUDIT_KEY and _CHECKPOINTS into
 * registry_anchor_dir (made by registry_fixture_start()). close_registry() removes them again so
 * that db_targets can remove its folder. */
#ifndef ONCOBOARD_TEST_REGISTRY_FIXTURE_H
#define ONCOBOARD_TEST_REGISTRY_FIXTURE_H

#include "registry_util.h"

#include "oncoboard/audit.h"
#include "oncoboard/db.h"
#include "oncoboard/kb.h"
#include "oncoboard/match.h"
#include "oncoboard/strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static char registry_anchor_dir[256];

__attribute__((unused)) static int registry_fixture_start(void)
{
    return check_mkdtemp(registry_anchor_dir, sizeof registry_anchor_dir, "onc-registry") ? 0 : -1;
}

__attribute__((unused)) static void registry_fixture_end(void) { rmdir(registry_anchor_dir); }

__attribute__((unused)) static onc_db_t *open_registry(void)
{
    unsetenv("ONCOBOARD_AUDIT_KEY");
    unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    if (db_target_kind == ONC_DB_POSTGRESQL) {
        char key[400], ckpt[400];
        snprintf(key, sizeof key, "%s/registry.audit-key", registry_anchor_dir);
        snprintf(ckpt, sizeof ckpt, "%s/registry.audit-checkpoints", registry_anchor_dir);
        unlink(key), unlink(ckpt);
        setenv("ONCOBOARD_AUDIT_KEY", key, 1);
        setenv("ONCOBOARD_AUDIT_CHECKPOINTS", ckpt, 1);
    }
    return db_target_open(true);
}

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

/* Commits and anchors the audit log's head (audit.h: after every commit that appended). */
__attribute__((unused)) static onc_rc registry_commit(onc_db_t *db, onc_err_t *err)
{
    onc_rc rc = onc_db_commit(db, err);
    return rc == ONC_OK ? onc_audit_checkpoint(db, err) : rc;
}

/* The number of audit entries, the chain verified (-1 and a failed CHECK when broken). */
__attribute__((unused)) static int64_t registry_audit_entries(onc_db_t *db)
{
    int64_t n = -1;
    onc_err_t err = {0};
    if (onc_audit_verify(db, &n, &err) != ONC_OK) {
        fprintf(stderr, "audit verify: %s\n", err.msg);
        check_failed = 1;
        return -1;
    }
    return n;
}

/* The match engine's context from the built-in knowledge base, OncoTree and gene tables. */
static onc_kb_t *registry_kb;
static onc_oncotree_t *registry_tree;
static onc_genes_t *registry_genes;
__attribute__((unused)) static int registry_ctx_load(onc_match_ctx_t *ctx)
{
    onc_err_t err = {0};
    registry_kb = onc_kb_load(NULL, &err);
    registry_tree = onc_oncotree_load(NULL, &err);
    registry_genes = onc_genes_load(NULL, &err);
    if (!registry_kb || !registry_tree || !registry_genes) {
        fprintf(stderr, "kb: %s\n", err.msg);
        return -1;
    }
    *ctx = (onc_match_ctx_t){.oncotree = registry_tree, .kb = registry_kb, .genes = registry_genes};
    return 0;
}

__attribute__((unused)) static void registry_ctx_free(void)
{
    onc_genes_free(registry_genes), onc_oncotree_free(registry_tree), onc_kb_free(registry_kb);
}

#endif
