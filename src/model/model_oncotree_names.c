/* model_oncotree_names.c: finding OncoTree nodes by name (onc_oncotree_find_name).
 *
 * Trial curators and MatchMiner write diagnoses as OncoTree names, and the names drift: two
 * MatchMiner files differ only by a hyphen against an en-dash ("Salivary Gland-Type Tumor of
 * the Lung" / "Salivary Gland–Type ..."), spacing varies, and OncoTree renames nodes between
 * releases ("Glioblastoma Multiforme" became "Glioblastoma"...). So names are compared by a
 * key that folds case, dashes and spacing (ot_name_key), and a name no current node has is
 * looked up among the former names of kb/oncotree_former_names.tsv, each tied to the code of
 * the node it now is, with its source.
 */
#include "model/model_oncotree_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- keys ---- */

/* Length of the UTF-8 dash at s (U+2010..U+2015: E2 80 90..95; U+2212: E2 88 92), or 0. */
static int dash_len(const unsigned char *s)
{
    if (s[0] != 0xE2) return 0;
    if (s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0x95) return 3;
    if (s[1] == 0x88 && s[2] == 0x92) return 3;
    return 0;
}

static bool is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0; }

int ot_name_key(const char *name, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t n = 0;
    bool space = false; /* a blank is pending: written before the next character unless that
                           is a hyphen or the end, or the last written was a hyphen */
    while (*s) {
        int d = dash_len(s);
        unsigned char c = d ? '-' : *s;
        s += d ? d : 1;
        if (is_blank(c)) {
            space = n > 0 && out[n - 1] != '-';
            continue;
        }
        if (space && c != '-') {
            if (n + 1 >= cap) return -1;
            out[n++] = ' ';
        }
        space = false;
        if (n + 1 >= cap) return -1;
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (cap == 0) return -1;
    out[n] = '\0';
    return (int)n;
}

static int cmp_node_key(const void *a, const void *b)
{
    const struct onc_tumor_type *x = *(struct onc_tumor_type *const *)a;
    const struct onc_tumor_type *y = *(struct onc_tumor_type *const *)b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

onc_rc ot_index_names(onc_oncotree_t *t, onc_err_t *err)
{
    char buf[OT_KEY_MAX];
    for (size_t i = 0; i < t->n; i++) {
        struct onc_tumor_type *nd = &t->nodes[i];
        if (ot_name_key(nd->name, buf, sizeof buf) < 0)
            return onc_err_at(err, ONC_ELIMIT, t->text.name, nd->line, "name", "longer than %d bytes", OT_KEY_MAX - 1);
        if (!(nd->key = strdup(buf))) return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", t->text.name);
    }
    memcpy(t->by_name, t->order, t->n * sizeof *t->by_name);
    qsort(t->by_name, t->n, sizeof *t->by_name, cmp_node_key);
    return ONC_OK;
}

/* ---- former names ---- */

static int cmp_former(const void *a, const void *b)
{
    return strcmp(((const struct ot_former *)a)->key, ((const struct ot_former *)b)->key);
}

static size_t first_node(const onc_oncotree_t *t, const char *key)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(t->by_name[mid]->key, key) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static onc_rc add_former(onc_oncotree_t *t, const onc_kb_rows_t *r, const int *cols, size_t *cap)
{
    const char *name = onc_kb_rows_cell(r, cols[0]), *code = onc_kb_rows_cell(r, cols[1]);
    const char *verified = onc_kb_rows_cell(r, cols[2]), *source = onc_kb_rows_cell(r, cols[3]);
    char key[OT_KEY_MAX];
    if (ot_name_key(name, key, sizeof key) <= 0)
        return onc_kb_rows_fail(r, ONC_EPARSE, "former_name", "empty or longer than %d bytes", OT_KEY_MAX - 1);
    const struct onc_tumor_type *nd = ot_lookup_code(t, code);
    if (!nd) return onc_kb_rows_fail(r, ONC_EPARSE, "code", "%s is not a code of %s", code, t->text.name);
    size_t i = first_node(t, key);
    if (i < t->n && !strcmp(t->by_name[i]->key, key))
        return onc_kb_rows_fail(r, ONC_EPARSE, "former_name", "\"%s\" is a current name (%s): it would never be used",
                                name, t->by_name[i]->code);
    if (strcmp(verified, "true") && strcmp(verified, "false"))
        return onc_kb_rows_fail(r, ONC_EPARSE, "verified", "\"%s\" is not true or false", verified);
    if (!*source) return onc_kb_rows_fail(r, ONC_EPARSE, "source", "empty: every row cites where it comes from");
    if (t->n_former == *cap) {
        size_t m = *cap ? 2 * *cap : 64;
        struct ot_former *p = realloc(t->former, m * sizeof *p);
        if (!p) return onc_kb_rows_fail(r, ONC_ENOMEM, NULL, "out of memory");
        t->former = p;
        *cap = m;
    }
    char *k = strdup(key);
    if (!k) return onc_kb_rows_fail(r, ONC_ENOMEM, NULL, "out of memory");
    t->former[t->n_former++] = (struct ot_former){k, nd};
    return ONC_OK;
}

static onc_rc read_former(onc_oncotree_t *t, onc_kb_text_t *text, onc_err_t *err)
{
    static const char *const want[] = {"former_name", "code", "verified", "source", NULL};
    onc_kb_rows_t r;
    int cols[4], ret = 0;
    size_t cap = 0;
    onc_rc rc = onc_kb_rows_open(&r, text, err);
    if (!rc) rc = onc_kb_rows_columns(&r, want, cols);
    while (!rc && (ret = onc_kb_rows_next(&r)) > 0) rc = add_former(t, &r, cols, &cap);
    if (!rc && ret < 0) rc = r.rc;
    if (!rc) qsort(t->former, t->n_former, sizeof *t->former, cmp_former);
    return rc;
}

onc_rc ot_parse_former(onc_oncotree_t *t, const char *text, size_t len, const char *name, onc_err_t *err)
{
    onc_kb_text_t kt;
    onc_rc rc = onc_kb_text_copy(&kt, text, len, name, err);
    if (!rc) rc = read_former(t, &kt, err);
    onc_kb_text_free(&kt);
    return rc;
}

onc_rc ot_load_former(onc_oncotree_t *t, const char *kb_dir, onc_err_t *err)
{
    onc_kb_text_t kt;
    onc_err_t e = {0};
    onc_rc rc = onc_kb_text_load(&kt, kb_dir, OT_FORMER_FILE, &e);
    /* A curator's kb directory from before this file existed has none (ONC_EIO: it cannot be
     * opened there): no former names then (docs/oncotree.md), rather than a tree that no
     * longer loads. */
    if (rc == ONC_EIO) return ONC_OK;
    if (rc) {
        if (err) *err = e;
        return rc;
    }
    rc = read_former(t, &kt, err);
    onc_kb_text_free(&kt);
    return rc;
}

void ot_free_names(onc_oncotree_t *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->nodes[i].key);
    for (size_t i = 0; i < t->n_former; i++) free(t->former[i].key);
    free(t->former);
}

/* ---- lookup ---- */

size_t onc_oncotree_find_name(const onc_oncotree_t *t, const char *name, const onc_tumor_type_t **out, size_t max)
{
    char key[OT_KEY_MAX];
    if (!name || ot_name_key(name, key, sizeof key) <= 0) return 0;
    size_t n = 0;
    for (size_t i = first_node(t, key); i < t->n && !strcmp(t->by_name[i]->key, key); i++, n++)
        if (n < max) out[n] = t->by_name[i];
    if (n || !t->n_former) return n;
    struct ot_former probe = {key, NULL};
    const struct ot_former *f = bsearch(&probe, t->former, t->n_former, sizeof probe, cmp_former);
    if (!f) return 0;
    while (f > t->former && !strcmp(f[-1].key, key)) f--;
    for (; f < t->former + t->n_former && !strcmp(f->key, key); f++, n++)
        if (n < max) out[n] = f->node;
    return n;
}
