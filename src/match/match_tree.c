/* match_tree.c: a clause's `match` list as a tree of AND/OR nodes over compiled criteria.
 *
 * The list is an implicit AND of its items (MatchMiner V2 makes them children of its root AND).
 * An item is a mapping: a key starting with "and" or "or" (MatchMiner recognises them by prefix)
 * holds a list of items; any other key is a leaf (clinical, genomic). A mapping with several
 * keys is the AND of them, as MatchMiner builds it. Depth and size are capped, so that a
 * hostile document gives an error naming its path instead of exhausting the stack; JSON trees
 * have no cycles, and the YAML reader refuses aliases, the only way to write one.
 *
 * The clause's necessary genes (match_need_t) are derived here too: the genes one of whose
 * positive genomic leaves must be met for the tree to be met (or potential).
 */
#include "match_int.h"

#include <stdlib.h>
#include <string.h>

static onc_rc build_item(match_load_t *ld, const json_t *item, const char *field, int depth, match_node_t **out);

static onc_rc oom(match_load_t *ld) { return onc_err_set(ld->err, ONC_ENOMEM, "out of memory"); }

/* A list of items under an and/or key (or the match list itself). */
static onc_rc build_list(match_load_t *ld, node_kind kind, const json_t *list, const char *field, int depth,
                         match_node_t **out)
{
    *out = NULL;
    uint64_t line = onc_doc_line(ld->doc, list);
    if (depth > MATCH_MAX_DEPTH)
        return match_problem(ld, line, field, "criteria nested deeper than %d levels", MATCH_MAX_DEPTH);
    if (!json_is_array(list)) return match_problem(ld, line, field, "expected a list of criteria");
    size_t n = json_array_size(list);
    if (n == 0) return match_problem(ld, line, field, "empty list of criteria");
    ld->n_nodes += n + 1;
    if (ld->n_nodes > MATCH_MAX_NODES)
        return onc_doc_fail(ld->doc, ld->err, ONC_ELIMIT, line, field, "more than %d criteria in one clause",
                            MATCH_MAX_NODES);
    match_node_t *node = match_node_new(ld->t->arena, kind, n);
    if (!node) return oom(ld);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char *f = match_fmt(ld->t->arena, "%s[%zu]", field, i);
        if (!f) return oom(ld);
        match_node_t *kid = NULL;
        onc_rc rc = build_item(ld, json_array_get(list, i), f, depth + 1, &kid);
        if (rc != ONC_OK) return rc;
        if (kid) node->kids[k++] = kid;
    }
    node->n_kids = k;
    *out = node;
    return ONC_OK;
}

static onc_rc build_member(match_load_t *ld, const char *key, const json_t *v, const char *field, int depth,
                           match_node_t **out)
{
    char *f = match_fmt(ld->t->arena, "%s.%s", field, key);
    if (!f) return oom(ld);
    if (strncmp(key, "and", 3) == 0) return build_list(ld, NODE_AND, v, f, depth, out);
    if (strncmp(key, "or", 2) == 0) return build_list(ld, NODE_OR, v, f, depth, out);
    return match_keys_compile(ld, key, v, f, out);
}

static onc_rc build_item(match_load_t *ld, const json_t *item, const char *field, int depth, match_node_t **out)
{
    *out = NULL;
    if (!json_is_object(item) || json_object_size(item) == 0)
        return match_problem(ld, onc_doc_line(ld->doc, item), field,
                             "expected a mapping with and, or, clinical or genomic");
    size_t n = json_object_size(item);
    match_node_t *and = n > 1 ? match_node_new(ld->t->arena, NODE_AND, n) : NULL;
    if (n > 1 && !and) return oom(ld);
    size_t k = 0;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)item, key, v) {
        match_node_t *kid = NULL;
        onc_rc rc = build_member(ld, key, v, field, depth, &kid);
        if (rc != ONC_OK) return rc;
        if (!kid) continue;
        if (n == 1) return *out = kid, ONC_OK;
        and->kids[k++] = kid;
    }
    if (and) and->n_kids = k;
    *out = and;
    return ONC_OK;
}

static void scan_cancer_types(const match_node_t *n, match_clause_t *cl)
{
    if (n->kind != NODE_LEAF) {
        for (size_t i = 0; i < n->n_kids; i++) scan_cancer_types(n->kids[i], cl);
        return;
    }
    if (n->crit->kind == CRIT_DIAG && !n->crit->negate) {
        if (n->crit->u.diag.pseudo == 1) cl->has_solid = true;
        if (n->crit->u.diag.pseudo == 2) cl->has_liquid = true;
    }
}

onc_rc match_tree_build(match_load_t *ld, const json_t *match, const char *field, match_clause_t *cl)
{
    ld->n_nodes = 0;
    ld->n_generic = 0;
    onc_rc rc = build_list(ld, NODE_AND, match, field, 0, &cl->root);
    if (rc != ONC_OK) return rc;
    if (!cl->root) return ONC_OK; /* a reported problem */
    cl->n_generic = ld->n_generic;
    scan_cancer_types(cl->root, cl);
    match_need_compute(ld->t->arena, cl->root, &cl->need);
    return ONC_OK;
}

/* ---- necessary genes ---- */

/* The genes a leaf needs an event of; any when it can be met without one. */
static void need_leaf(const match_crit_t *c, match_need_t *out)
{
    out->any = true;
    if (c->kind != CRIT_GENOMIC) return;
    const gen_crit_t *g = &c->u.gen;
    if (g->exclusion || g->gene_ignored || !g->gene || g->left_kind != PARTNER_GENE) return;
    if (g->category == GCAT_SV) return; /* the free-text comment may name it */
    out->any = false;
    out->genes = g->need;
    out->n = g->n_need;
}

void match_need_compute(onc_arena_t *a, const match_node_t *n, match_need_t *out)
{
    memset(out, 0, sizeof *out);
    if (n->kind == NODE_LEAF) return need_leaf(n->crit, out);
    if (n->n_kids == 0) return (void)(out->any = true);
    match_need_t *kid = calloc(n->n_kids, sizeof *kid);
    if (!kid) return (void)(out->any = true);
    for (size_t i = 0; i < n->n_kids; i++) match_need_compute(a, n->kids[i], &kid[i]);
    if (n->kind == NODE_AND) { /* any restricted child will do: take the smallest */
        out->any = true;
        for (size_t i = 0; i < n->n_kids; i++)
            if (!kid[i].any && (out->any || kid[i].n < out->n)) *out = kid[i];
    } else { /* OR: the union, unless a child is unrestricted */
        size_t total = 0;
        for (size_t i = 0; i < n->n_kids; i++) {
            if (kid[i].any) {
                out->any = true;
                free(kid);
                return;
            }
            total += kid[i].n;
        }
        const char **g = onc_arena_alloc(a, (total ? total : 1) * sizeof *g);
        if (!g) out->any = true;
        else {
            for (size_t i = 0; i < n->n_kids; i++)
                for (size_t j = 0; j < kid[i].n; j++) g[out->n++] = kid[i].genes[j];
            out->genes = g;
        }
    }
    free(kid);
}
