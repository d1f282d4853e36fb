/* model_oncotree.c: the OncoTree tumor-type tree (see oncotree.h).
 *
 * kb/oncotree.tsv is read in one pass with the kb row cursor, which cuts the text in place
 * into the fields the nodes point to. The rows are then checked as a tree: every code unique
 * (ignoring case, since lookups ignore it), every parent present, one root, no cycle, and the
 * tissue, level and class columns equal to what the parent links imply, so that a hand edit
 * that breaks the tree fails at load with the file and line, not later in a match. The nodes
 * are finally put in depth-first order, which makes "is a descendant of" two comparisons of
 * indices and a subtree a contiguous run; codes and names get sorted indexes for binary search.
 */
#include "model/model_oncotree_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The columns, by header name; extra columns are allowed and ignored. */
enum { COL_CODE, COL_NAME, COL_PARENT, COL_TISSUE, COL_LEVEL, COL_MAIN_TYPE, COL_CLASS, N_COLS };
static const char *const col_names[N_COLS + 1] = {"code", "name", "parent", "tissue", "level",
                                                   "main_type", "class", NULL};

/* ---- reading rows ---- */

static onc_rc parse_class(const char *s, enum ot_class *out)
{
    if (!*s) *out = OT_NONE;
    else if (strcmp(s, "solid") == 0) *out = OT_SOLID;
    else if (strcmp(s, "liquid") == 0) *out = OT_LIQUID;
    else return ONC_EPARSE;
    return ONC_OK;
}

static onc_rc add_row(onc_oncotree_t *t, const onc_kb_rows_t *r, const int *cols)
{
    if (t->n == OT_NODES_MAX)
        return onc_kb_rows_fail(r, ONC_ELIMIT, NULL, "more than %d tumor types", OT_NODES_MAX);
    if (t->n == t->m) {
        size_t m = t->m ? 2 * t->m : 1024;
        void *p = realloc(t->nodes, m * sizeof *t->nodes);
        if (!p) return onc_kb_rows_fail(r, ONC_ENOMEM, NULL, "out of memory");
        t->nodes = p;
        t->m = m;
    }
    struct onc_tumor_type *nd = &t->nodes[t->n];
    memset(nd, 0, sizeof *nd);
    nd->code = onc_kb_rows_cell(r, cols[COL_CODE]);
    nd->name = onc_kb_rows_cell(r, cols[COL_NAME]);
    nd->parent_code = onc_kb_rows_cell(r, cols[COL_PARENT]);
    nd->tissue_col = onc_kb_rows_cell(r, cols[COL_TISSUE]);
    nd->main_type = onc_kb_rows_cell(r, cols[COL_MAIN_TYPE]);
    if (!*nd->main_type) nd->main_type = NULL;
    nd->line = onc_kb_rows_line(r);
    if (!*nd->code || strpbrk(nd->code, " \r"))
        return onc_kb_rows_fail(r, ONC_EPARSE, "code", "empty or holds a space: \"%s\"", nd->code);
    if (!*nd->name) return onc_kb_rows_fail(r, ONC_EPARSE, "name", "empty");
    const char *lv = onc_kb_rows_cell(r, cols[COL_LEVEL]);
    const char *cls = onc_kb_rows_cell(r, cols[COL_CLASS]);
    char *end = NULL;
    nd->level_col = strtol(lv, &end, 10);
    if (!*lv || *end || nd->level_col < 0 || nd->level_col > OT_LEVEL_MAX)
        return onc_kb_rows_fail(r, ONC_EPARSE, "level", "\"%s\" is not a number from 0 to %d", lv,
                                OT_LEVEL_MAX);
    if (parse_class(cls, &nd->cls))
        return onc_kb_rows_fail(r, ONC_EPARSE, "class", "\"%s\" is not solid, liquid or empty",
                                cls);
    t->n++;
    return ONC_OK;
}

/* The release comment, the header and the rows. */
static onc_rc read_rows(onc_oncotree_t *t, onc_err_t *err)
{
    onc_rc rc = onc_kb_text_comment(&t->text, "release", t->release, sizeof t->release, err);
    if (rc && rc != ONC_ENOTFOUND) return rc;
    onc_kb_rows_t r;
    int cols[N_COLS], ret = 0;
    if ((rc = onc_kb_rows_open(&r, &t->text, err))) return rc;
    if ((rc = onc_kb_rows_columns(&r, col_names, cols))) return rc;
    while (!rc && (ret = onc_kb_rows_next(&r)) > 0) rc = add_row(t, &r, cols);
    return rc ? rc : ret < 0 ? r.rc : ONC_OK;
}

/* ---- building the tree ---- */

static int cmp_code(const void *a, const void *b)
{
    const struct onc_tumor_type *x = *(struct onc_tumor_type *const *)a;
    const struct onc_tumor_type *y = *(struct onc_tumor_type *const *)b;
    int c = strcasecmp(x->code, y->code);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static struct onc_tumor_type *lookup_code(const onc_oncotree_t *t, const char *code)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcasecmp(t->by_code[mid]->code, code);
        if (c == 0) return t->by_code[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

static onc_rc index_codes(onc_oncotree_t *t, onc_err_t *err)
{
    for (size_t i = 0; i < t->n; i++) t->by_code[i] = &t->nodes[i];
    qsort(t->by_code, t->n, sizeof *t->by_code, cmp_code);
    for (size_t i = 1; i < t->n; i++)
        if (strcasecmp(t->by_code[i - 1]->code, t->by_code[i]->code) == 0)
            return onc_err_at(err, ONC_EPARSE, t->text.name, t->by_code[i]->line, "code",
                              "duplicate code %s (first on line %llu)", t->by_code[i]->code,
                              (unsigned long long)t->by_code[i - 1]->line);
    return ONC_OK;
}

/* Parent pointers, the single root, and the children lists (in file order). */
static onc_rc link_parents(onc_oncotree_t *t, struct onc_tumor_type **root, onc_err_t *err)
{
    *root = NULL;
    for (size_t i = 0; i < t->n; i++) {
        struct onc_tumor_type *nd = &t->nodes[i];
        if (!*nd->parent_code) {
            if (*root)
                return onc_err_at(err, ONC_EPARSE, t->text.name, nd->line, "parent",
                                  "a second root (%s; the first is %s, line %llu)", nd->code,
                                  (*root)->code, (unsigned long long)(*root)->line);
            *root = nd;
            continue;
        }
        nd->parent = lookup_code(t, nd->parent_code);
        if (!nd->parent)
            return onc_err_at(err, ONC_EPARSE, t->text.name, nd->line, "parent",
                              "no tumor type has the code %s", nd->parent_code);
        ((struct onc_tumor_type *)nd->parent)->n_children++;
    }
    if (!*root) return onc_err_at(err, ONC_EPARSE, t->text.name, 0, NULL, "no root (a row without parent)");
    size_t next = 0;
    for (size_t i = 0; i < t->n; i++) {
        t->nodes[i].first_child = next;
        next += t->nodes[i].n_children;
        t->nodes[i].n_children = 0;
    }
    for (size_t i = 0; i < t->n; i++) {
        struct onc_tumor_type *p = (struct onc_tumor_type *)t->nodes[i].parent;
        if (p) t->children[p->first_child + p->n_children++] = &t->nodes[i];
    }
    return ONC_OK;
}

/* The tissue, level and class a node must have given its parent. */
static onc_rc check_node(const onc_oncotree_t *t, const struct onc_tumor_type *nd, onc_err_t *err)
{
    const char *tissue = nd->tissue ? nd->tissue->name : "";
    if (strcmp(nd->tissue_col, tissue) != 0)
        return onc_err_at(err, ONC_EPARSE, t->text.name, nd->line, "tissue",
                          "\"%s\", but the parents make it \"%s\"", nd->tissue_col, tissue);
    if (nd->level_col != nd->level)
        return onc_err_at(err, ONC_EPARSE, t->text.name, nd->line, "level",
                          "%ld, but the parents make it %d", nd->level_col, nd->level);
    if (nd->level == 0 && nd->cls != OT_NONE)
        return onc_err_at(err, ONC_EPARSE, t->text.name, nd->line, "class", "must be empty for the root");
    if (nd->level > 0 && nd->cls == OT_NONE)
        return onc_err_at(err, ONC_EPARSE, t->text.name, nd->line, "class", "empty (solid or liquid)");
    if (nd->level > 1 && nd->cls != nd->parent->cls)
        return onc_err_at(err, ONC_EPARSE, t->text.name, nd->line, "class",
                          "differs from its parent %s: a class holds for a whole tissue",
                          nd->parent->code);
    return ONC_OK;
}

/* Depth-first numbering from the root, with an explicit stack (a hand-made file may be
 * deep). Nodes it does not reach hang on a cycle of parents. */
static onc_rc number_nodes(onc_oncotree_t *t, struct onc_tumor_type *root, onc_err_t *err)
{
    struct onc_tumor_type **stack = malloc(t->n * sizeof *stack);
    if (!stack) return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", t->text.name);
    size_t top = 0, next = 0;
    stack[top++] = root;
    onc_rc rc = ONC_OK;
    while (top > 0 && !rc) {
        struct onc_tumor_type *nd = stack[--top];
        nd->index = next;
        t->order[next++] = nd;
        nd->level = nd->parent ? nd->parent->level + 1 : 0;
        nd->tissue = nd->level == 0 ? NULL : nd->level == 1 ? nd : nd->parent->tissue;
        if (nd->level > OT_LEVEL_MAX)
            rc = onc_err_at(err, ONC_ELIMIT, t->text.name, nd->line, NULL, "deeper than %d levels",
                            OT_LEVEL_MAX);
        for (size_t c = nd->n_children; c-- > 0 && !rc;) /* reversed: first child on top */
            stack[top++] = t->children[nd->first_child + c];
    }
    free(stack);
    if (rc) return rc;
    for (size_t i = 0; i < t->n && next < t->n; i++)
        if (!t->nodes[i].tissue && &t->nodes[i] != root)
            return onc_err_at(err, ONC_EPARSE, t->text.name, t->nodes[i].line, "parent",
                              "%s does not lead to the root %s: its parents form a cycle",
                              t->nodes[i].code, root->code);
    /* Subtree sizes: children come after their parent, so a backward pass sums them. */
    for (size_t i = t->n; i-- > 0;) t->order[i]->subtree = 1;
    for (size_t i = t->n; i-- > 1;)
        ((struct onc_tumor_type *)t->order[i]->parent)->subtree += t->order[i]->subtree;
    return ONC_OK;
}

static onc_rc build(onc_oncotree_t *t, onc_err_t *err)
{
    t->order = malloc((t->n ? t->n : 1) * sizeof *t->order);
    t->by_code = malloc((t->n ? t->n : 1) * sizeof *t->by_code);
    t->by_name = malloc((t->n ? t->n : 1) * sizeof *t->by_name);
    t->children = malloc((t->n ? t->n : 1) * sizeof *t->children);
    if (!t->order || !t->by_code || !t->by_name || !t->children)
        return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", t->text.name);
    struct onc_tumor_type *root;
    onc_rc rc = index_codes(t, err);
    if (!rc) rc = link_parents(t, &root, err);
    if (!rc) rc = number_nodes(t, root, err);
    for (size_t i = 0; i < t->n && !rc; i++) rc = check_node(t, &t->nodes[i], err);
    if (rc) return rc;
    return ot_index_names(t, err);
}

/* ---- public ---- */

/* Reads t->text into the tree, and the former names when kb_dir is given (NULL: none, for
 * onc_oncotree_parse; "" : the built-in copy); frees t on an error. */
static onc_oncotree_t *finish(onc_oncotree_t *t, const char *kb_dir, onc_err_t *err)
{
    if (read_rows(t, err) || build(t, err) || (kb_dir && ot_load_former(t, *kb_dir ? kb_dir : NULL, err))) {
        onc_oncotree_free(t);
        return NULL;
    }
    return t;
}

onc_oncotree_t *onc_oncotree_parse(const char *text, size_t len, const char *name, onc_err_t *err)
{
    onc_oncotree_t *t = calloc(1, sizeof *t);
    if (!t) onc_err_set(err, ONC_ENOMEM, "%s: out of memory", name);
    if (!t || onc_kb_text_copy(&t->text, text, len, name, err)) {
        free(t);
        return NULL;
    }
    return finish(t, NULL, err);
}

onc_oncotree_t *onc_oncotree_load(const char *kb_dir, onc_err_t *err)
{
    onc_oncotree_t *t = calloc(1, sizeof *t);
    if (!t) onc_err_set(err, ONC_ENOMEM, "kb/%s: out of memory", OT_FILE);
    if (!t || onc_kb_text_load(&t->text, kb_dir, OT_FILE, err)) {
        free(t);
        return NULL;
    }
    return finish(t, kb_dir ? kb_dir : "", err);
}

void onc_oncotree_free(onc_oncotree_t *t)
{
    if (!t) return;
    ot_free_names(t);
    onc_kb_text_free(&t->text);
    free(t->nodes);
    free(t->order);
    free(t->by_code);
    free(t->by_name);
    free(t->children);
    free(t);
}

const char *onc_oncotree_release(const onc_oncotree_t *t) { return *t->release ? t->release : NULL; }
size_t onc_oncotree_size(const onc_oncotree_t *t) { return t->n; }

const onc_tumor_type_t *onc_oncotree_at(const onc_oncotree_t *t, size_t i)
{
    return i < t->n ? t->order[i] : NULL;
}

const onc_tumor_type_t *onc_oncotree_find(const onc_oncotree_t *t, const char *code)
{
    return code ? lookup_code(t, code) : NULL;
}

const struct onc_tumor_type *ot_lookup_code(const onc_oncotree_t *t, const char *code) { return lookup_code(t, code); }

const char *onc_tumor_type_code(const onc_tumor_type_t *n) { return n->code; }
const char *onc_tumor_type_name(const onc_tumor_type_t *n) { return n->name; }
const char *onc_tumor_type_main_type(const onc_tumor_type_t *n) { return n->main_type; }
const onc_tumor_type_t *onc_tumor_type_parent(const onc_tumor_type_t *n) { return n->parent; }
const onc_tumor_type_t *onc_tumor_type_tissue(const onc_tumor_type_t *n) { return n->tissue; }
int onc_tumor_type_level(const onc_tumor_type_t *n) { return n->level; }
bool onc_tumor_type_is_liquid(const onc_tumor_type_t *n) { return n->cls == OT_LIQUID; }
bool onc_tumor_type_is_solid(const onc_tumor_type_t *n) { return n->cls == OT_SOLID; }
size_t onc_tumor_type_index(const onc_tumor_type_t *n) { return n->index; }
size_t onc_tumor_type_subtree_size(const onc_tumor_type_t *n) { return n->subtree; }

bool onc_tumor_type_is_a(const onc_tumor_type_t *n, const onc_tumor_type_t *ancestor)
{
    return n->index >= ancestor->index && n->index < ancestor->index + ancestor->subtree;
}

bool onc_oncotree_is_descendant(const onc_oncotree_t *t, const char *code, const char *ancestor_code)
{
    const onc_tumor_type_t *n = onc_oncotree_find(t, code);
    const onc_tumor_type_t *a = onc_oncotree_find(t, ancestor_code);
    return n && a && onc_tumor_type_is_a(n, a);
}

onc_rc onc_oncotree_descendants(const onc_oncotree_t *t, const char *code,
                                const onc_tumor_type_t ***out, size_t *n, onc_err_t *err)
{
    *out = NULL;
    *n = 0;
    const onc_tumor_type_t *node = onc_oncotree_find(t, code);
    if (!node)
        return onc_err_set(err, ONC_ENOTFOUND, "OncoTree has no code \"%s\"", code ? code : "");
    const onc_tumor_type_t **list = malloc(node->subtree * sizeof *list);
    if (!list) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < node->subtree; i++) list[i] = t->order[node->index + i];
    *out = list;
    *n = node->subtree;
    return ONC_OK;
}
