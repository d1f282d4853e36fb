/* match_paths.c: MatchMiner's root-to-leaf paths of a clause (create_match_tree, get_match_paths).
 *
 * MatchMiner V2 turns a `match` list into a directed graph and matches a patient path by path;
 * its per-path records (--format matchminer) can only be reproduced from the same paths, with
 * the same quirks: an OR under an AND is chained below the leaves of the AND's first OR, a
 * mapping with several leaf keys under an OR gives one node per key each holding the whole
 * mapping (so duplicate paths), and AND members fold their leaves into the parent node. This
 * file re-creates that construction step by step (the same work queue, the same order) from
 * the description of its behaviour and the expected outputs in MatchMiner's test data; the
 * engine itself never needs it to decide eligibility (match_eval.c).
 *
 * The number of paths grows exponentially with nesting (one fixture has 194); past max_paths
 * the build stops with ONC_ELIMIT.
 */
#include "match_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct mm_node {
    mm_criterion_t *crit;
    size_t n_crit, cap_crit;
    const match_crit_t **resolved; /* the compiled criteria of crit (mm_paths_resolve) */
    size_t n_resolved;
    bool is_and;
    long first_or; /* the AND node's first OR child, -1 */
    size_t *out;
    size_t n_out, cap_out;
} mm_node_t;

typedef struct work {
    size_t parent;
    const char *label;    /* NULL: every member of obj */
    const json_t *value;  /* with label */
    const json_t *obj;    /* without label */
} work_t;

struct mm_paths {
    mm_node_t *nodes;
    size_t n_nodes, cap_nodes;
    mm_path_t *paths;
    size_t n_paths, cap_paths;
    mm_group_t *groups; /* every path's groups, paths point into it */
    size_t n_groups, cap_groups;
};

#define GROW(ptr, n, cap, init)                                                                    \
    ((n) < (cap) ? 0 : grow_array((void **)&(ptr), &(cap), sizeof *(ptr), (init)))

static int grow_array(void **p, size_t *cap, size_t elem, size_t init)
{
    size_t c = *cap ? 2 * *cap : init;
    void *q = realloc(*p, c * elem);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* ---- the work queue (a deque: append, appendleft, pop from the right) ---- */

typedef struct deque {
    work_t *v;
    size_t head, tail, cap; /* items in v[head..tail) */
} deque_t;

static int dq_reserve(deque_t *d)
{
    if (d->head > 0 && d->tail < d->cap) return 0;
    size_t n = d->tail - d->head, cap = d->cap ? 4 * d->cap : 64;
    work_t *v = malloc(cap * sizeof *v);
    if (!v) return -1;
    size_t mid = (cap - n) / 2;
    if (n) memcpy(v + mid, d->v + d->head, n * sizeof *v);
    free(d->v);
    d->v = v, d->cap = cap, d->head = mid, d->tail = mid + n;
    return 0;
}
static int dq_append(deque_t *d, work_t w) { return dq_reserve(d) ? -1 : (d->v[d->tail++] = w, 0); }
static int dq_appendleft(deque_t *d, work_t w) { return dq_reserve(d) ? -1 : (d->v[--d->head] = w, 0); }

/* ---- the graph ---- */

static long node_new(mm_paths_t *g, bool is_and)
{
    if (GROW(g->nodes, g->n_nodes, g->cap_nodes, 16)) return -1;
    mm_node_t *n = &g->nodes[g->n_nodes];
    memset(n, 0, sizeof *n);
    n->is_and = is_and;
    n->first_or = -1;
    return (long)g->n_nodes++;
}

static int edge_add(mm_paths_t *g, size_t from, size_t to)
{
    mm_node_t *n = &g->nodes[from];
    for (size_t i = 0; i < n->n_out; i++)
        if (n->out[i] == to) return 0; /* a DiGraph has one edge per pair */
    if (GROW(n->out, n->n_out, n->cap_out, 4)) return -1;
    n->out[n->n_out++] = to;
    return 0;
}

static int crit_add(mm_paths_t *g, size_t node, const char *label, const json_t *value)
{
    mm_node_t *n = &g->nodes[node];
    if (GROW(n->crit, n->n_crit, n->cap_crit, 4)) return -1;
    n->crit[n->n_crit++] = (mm_criterion_t){label, value};
    return 0;
}

static bool starts(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* The nodes below `from` (not itself) without successors, each once, in node order. */
static int leaves_below(const mm_paths_t *g, size_t from, size_t **out, size_t *n)
{
    char *seen = calloc(g->n_nodes, 1);
    size_t *stack = malloc((g->n_nodes + 1) * sizeof *stack);
    if (!seen || !stack) return free(seen), free(stack), -1;
    size_t sp = 0;
    stack[sp++] = from;
    while (sp) {
        size_t x = stack[--sp];
        for (size_t i = 0; i < g->nodes[x].n_out; i++) {
            size_t y = g->nodes[x].out[i];
            if (!seen[y]) seen[y] = 1, stack[sp++] = y;
        }
    }
    *n = 0;
    *out = malloc((g->n_nodes + 1) * sizeof **out);
    if (!*out) return free(seen), free(stack), -1;
    for (size_t i = 0; i < g->n_nodes; i++)
        if (seen[i] && g->nodes[i].n_out == 0) (*out)[(*n)++] = i;
    free(seen);
    free(stack);
    return 0;
}

/* One member (label: value) of a work item whose parent is `parent`. */
static int process_member(mm_paths_t *g, deque_t *q, size_t parent, const char *label, const json_t *value,
                          const work_t *w)
{
    bool parent_is_and = g->nodes[parent].is_and;
    if (starts(label, "and")) {
        size_t node = g->n_nodes; /* MatchMiner's node_id: the next node's number */
        long created = -1;
        if (!parent_is_and && (created = node_new(g, true)) < 0) return -1;
        size_t target = parent_is_and ? parent : (size_t)created;
        (void)node;
        for (size_t i = 0; i < json_array_size(value); i++) {
            const json_t *item = json_array_get(value, i);
            const char *k;
            json_t *v;
            json_object_foreach((json_t *)item, k, v) {
                work_t x = {target, k, v, NULL};
                if (starts(k, "or")) { if (dq_appendleft(q, x)) return -1; }
                else if (starts(k, "and")) { if (dq_append(q, x)) return -1; }
                else if (crit_add(g, target, k, v)) return -1;
            }
        }
        return parent_is_and ? 0 : edge_add(g, parent, target);
    }
    if (starts(label, "or")) {
        long or_node = node_new(g, false);
        if (or_node < 0) return -1;
        for (size_t i = 0; i < json_array_size(value); i++)
            if (dq_append(q, (work_t){(size_t)or_node, NULL, NULL, json_array_get(value, i)})) return -1;
        if (!parent_is_and) return edge_add(g, parent, (size_t)or_node);
        if (g->nodes[parent].first_or < 0) {
            g->nodes[parent].first_or = or_node;
            return edge_add(g, parent, (size_t)or_node);
        }
        size_t *leaves, n;
        if (leaves_below(g, (size_t)g->nodes[parent].first_or, &leaves, &n)) return -1;
        int rc = 0;
        for (size_t i = 0; i < n && !rc; i++) rc = edge_add(g, leaves[i], (size_t)or_node);
        free(leaves);
        return rc;
    }
    /* a leaf: the whole work item is the criterion (several keys: appended once per key) */
    const char *cl = w->label;
    const json_t *cv = w->label ? w->value : w->obj;
    if (parent_is_and) return crit_add(g, parent, cl, cv);
    long leaf = node_new(g, true);
    if (leaf < 0 || crit_add(g, (size_t)leaf, cl, cv)) return -1;
    return edge_add(g, parent, (size_t)leaf);
}

static int build_graph(mm_paths_t *g, const json_t *match)
{
    deque_t q = {0};
    int rc = node_new(g, true) < 0 ? -1 : 0; /* the root, node 0 */
    for (size_t i = 0; i < json_array_size(match) && !rc; i++) {
        const json_t *item = json_array_get(match, i);
        bool has_or = false;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)item, k, v) has_or |= starts(k, "or");
        work_t w = {0, NULL, NULL, item};
        rc = has_or ? dq_appendleft(&q, w) : dq_append(&q, w);
    }
    while (!rc && q.tail > q.head) {
        work_t w = q.v[--q.tail];
        if (w.label) rc = process_member(g, &q, w.parent, w.label, w.value, &w);
        else {
            const char *k;
            json_t *v;
            json_object_foreach((json_t *)w.obj, k, v) {
                if ((rc = process_member(g, &q, w.parent, k, v, &w))) break;
            }
        }
    }
    free(q.v);
    return rc;
}

/* ---- paths ---- */

typedef struct dfs {
    mm_paths_t *g;
    size_t target, max;
    size_t *stack;
    size_t depth;
    char *on_path;
    onc_rc rc;
} dfs_t;

static void emit(dfs_t *d)
{
    mm_paths_t *g = d->g;
    size_t first = g->n_groups;
    for (size_t i = 0; i < d->depth; i++) {
        const mm_node_t *n = &g->nodes[d->stack[i]];
        if (!n->n_crit) continue;
        if (GROW(g->groups, g->n_groups, g->cap_groups, 64)) return (void)(d->rc = ONC_ENOMEM);
        g->groups[g->n_groups++] = (mm_group_t){(int)i, n->crit, n->n_crit};
    }
    if (g->n_groups == first) return;
    if (g->n_paths == d->max) return (void)(d->rc = ONC_ELIMIT);
    if (GROW(g->paths, g->n_paths, g->cap_paths, 16)) return (void)(d->rc = ONC_ENOMEM);
    /* groups is reallocated as it grows: paths keep offsets until the end (fixed in finish) */
    g->paths[g->n_paths++] = (mm_path_t){(mm_group_t *)(uintptr_t)first, g->n_groups - first};
}

static void walk(dfs_t *d, size_t x)
{
    if (d->rc != ONC_OK) return;
    d->stack[d->depth++] = x;
    d->on_path[x] = 1;
    if (x == d->target) emit(d);
    else
        for (size_t i = 0; i < d->g->nodes[x].n_out && d->rc == ONC_OK; i++) {
            size_t y = d->g->nodes[x].out[i];
            if (!d->on_path[y]) walk(d, y);
        }
    d->on_path[x] = 0;
    d->depth--;
}

onc_rc mm_paths_build(const json_t *match, size_t max_paths, mm_paths_t **out, onc_err_t *err)
{
    *out = NULL;
    mm_paths_t *g = calloc(1, sizeof *g);
    if (!g || build_graph(g, match)) return mm_paths_free(g), onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (max_paths == 0) return *out = g, ONC_OK; /* the graph only */
    dfs_t d = {.g = g, .max = max_paths, .rc = ONC_OK};
    d.stack = malloc((g->n_nodes + 1) * sizeof *d.stack);
    d.on_path = calloc(g->n_nodes + 1, 1);
    if (!d.stack || !d.on_path) d.rc = ONC_ENOMEM;
    for (size_t leaf = 0; leaf < g->n_nodes && d.rc == ONC_OK; leaf++) {
        if (g->nodes[leaf].n_out) continue;
        d.target = leaf;
        walk(&d, 0);
    }
    free(d.stack);
    free(d.on_path);
    if (d.rc != ONC_OK) {
        mm_paths_free(g);
        if (d.rc == ONC_ELIMIT) return onc_err_set(err, ONC_ELIMIT, "more than %zu MatchMiner paths in one clause", max_paths);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < g->n_paths; i++) g->paths[i].groups = g->groups + (uintptr_t)g->paths[i].groups;
    *out = g;
    return ONC_OK;
}

size_t mm_paths_count(const mm_paths_t *p) { return p->n_paths; }
const mm_path_t *mm_paths_at(const mm_paths_t *p, size_t i) { return &p->paths[i]; }
size_t mm_paths_nodes(const mm_paths_t *p) { return p->n_nodes; }
const mm_criterion_t *mm_paths_node_criteria(const mm_paths_t *p, size_t node, size_t *n)
{
    *n = p->nodes[node].n_crit;
    return p->nodes[node].crit;
}
bool mm_paths_node_is_and(const mm_paths_t *p, size_t node) { return p->nodes[node].is_and; }
const size_t *mm_paths_node_out(const mm_paths_t *p, size_t node, size_t *n)
{
    *n = p->nodes[node].n_out;
    return p->nodes[node].out;
}

void mm_paths_free(mm_paths_t *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n_nodes; i++) free(p->nodes[i].crit), free(p->nodes[i].out), free(p->nodes[i].resolved);
    free(p->nodes);
    free(p->paths);
    free(p->groups);
    free(p);
}

/* ---- the graph as MatchMiner decides with it ---- */

/* The compiled criteria of one (label, value): a clinical leaf gives one per key. */
static size_t resolve_one(const match_clause_t *cl, const char *label, const json_t *value, const match_crit_t **out,
                          size_t max)
{
    size_t n = 0;
    if (!label) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)value, k, v) {
            if (strncmp(k, "and", 3) && strncmp(k, "or", 2)) n += resolve_one(cl, k, v, out + n, max - n);
        }
        return n;
    }
    if (!strcmp(label, "clinical")) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)value, k, v) {
            const match_crit_t *c = match_clause_find_crit(cl, value, k);
            if (c && n < max) out[n++] = c;
        }
        return n;
    }
    const match_crit_t *c = match_clause_find_crit(cl, value, NULL);
    if (c && n < max) out[n++] = c;
    return n;
}

onc_rc mm_paths_resolve(mm_paths_t *g, const match_clause_t *cl)
{
    for (size_t i = 0; i < g->n_nodes; i++) {
        mm_node_t *n = &g->nodes[i];
        size_t max = 0;
        for (size_t k = 0; k < n->n_crit; k++)
            max += n->crit[k].label ? (json_is_object(n->crit[k].value) ? json_object_size(n->crit[k].value) : 1)
                                    : 4 * json_object_size(n->crit[k].value) + 64;
        n->resolved = malloc((max + 1) * sizeof *n->resolved);
        if (!n->resolved) return ONC_ENOMEM;
        n->n_resolved = 0;
        for (size_t k = 0; k < n->n_crit; k++)
            n->n_resolved += resolve_one(cl, n->crit[k].label, n->crit[k].value, n->resolved + n->n_resolved,
                                         max - n->n_resolved);
    }
    return ONC_OK;
}

/* A node's path continues to a leaf with every criterion met (memo: 0 not yet, 1 no, 2 yes). */
static bool node_met(const mm_paths_t *g, size_t x, match_env_t *env, char *memo)
{
    if (memo[x]) return memo[x] == 2;
    const mm_node_t *n = &g->nodes[x];
    bool ok = true;
    for (size_t k = 0; k < n->n_resolved && ok; k++) ok = match_eval_crit(n->resolved[k], env).v == ONC_TRI_TRUE;
    if (ok && n->n_out) {
        ok = false;
        for (size_t i = 0; i < n->n_out && !ok; i++) ok = node_met(g, n->out[i], env, memo);
    }
    memo[x] = ok ? 2 : 1;
    return ok;
}

bool mm_paths_met(const mm_paths_t *g, match_env_t *env)
{
    char small[512];
    char *memo = g->n_nodes <= sizeof small ? small : calloc(g->n_nodes, 1);
    if (!memo) return false;
    if (memo == small) memset(small, 0, g->n_nodes);
    bool r = node_met(g, 0, env, memo);
    if (memo != small) free(memo);
    return r;
}

/* ---- necessary genes of the graph ---- */

#define NEED_MAX 64

typedef struct gneed {
    bool done, any;
    const char *genes[NEED_MAX];
    size_t n;
} gneed_t;

static void node_need(const mm_paths_t *g, size_t x, gneed_t *memo)
{
    gneed_t *m = &memo[x];
    if (m->done) return;
    m->done = true;
    const mm_node_t *n = &g->nodes[x];
    for (size_t k = 0; k < n->n_resolved; k++) { /* a positive genomic criterion of the node itself */
        const match_crit_t *c = n->resolved[k];
        if (c->kind != CRIT_GENOMIC) continue;
        match_need_t one;
        match_node_t leaf = {.kind = NODE_LEAF, .crit = (match_crit_t *)c};
        match_need_compute(NULL, &leaf, &one);
        if (!one.any) {
            m->any = false, m->genes[0] = one.genes[0], m->n = 1;
            return;
        }
    }
    if (!n->n_out) return (void)(m->any = true);
    m->any = false;
    for (size_t i = 0; i < n->n_out && !m->any; i++) {
        node_need(g, n->out[i], memo);
        const gneed_t *k = &memo[n->out[i]];
        if (k->any || m->n + k->n > NEED_MAX) m->any = true;
        else for (size_t j = 0; j < k->n; j++) m->genes[m->n++] = k->genes[j];
    }
}

bool mm_paths_need_within(const mm_paths_t *g, const match_need_t *tree_need)
{
    if (tree_need->any) return true; /* the clause is evaluated for every patient anyway */
    gneed_t *memo = calloc(g->n_nodes ? g->n_nodes : 1, sizeof *memo);
    if (!memo) return false;
    node_need(g, 0, memo);
    bool within = !memo[0].any;
    for (size_t i = 0; within && i < memo[0].n; i++) {
        bool found = false;
        for (size_t j = 0; j < tree_need->n && !found; j++) found = !strcmp(memo[0].genes[i], tree_need->genes[j]);
        within = found;
    }
    free(memo);
    return within;
}
