/* model_oncotree_int.h: the inside of the OncoTree tree, shared by model_oncotree.c (the tree)
 * and model_oncotree_names.c (name keys and former names). */
#ifndef ONCOBOARD_MODEL_ONCOTREE_INT_H
#define ONCOBOARD_MODEL_ONCOTREE_INT_H

#include "oncoboard/kbfile.h"
#include "oncoboard/oncotree.h"

#include <stddef.h>
#include <stdint.h>

#define OT_FILE "oncotree.tsv"
#define OT_NODES_MAX 100000       /* releases have about 1200 nodes */
#define OT_LEVEL_MAX 64           /* the deepest release path is 7 levels */
#define OT_RELEASE_MAX 128        /* "oncotree_2026_05_21" */

enum ot_class { OT_NONE, OT_SOLID, OT_LIQUID };

struct onc_tumor_type {
    const char *code, *name, *parent_code, *tissue_col, *main_type;
    long level_col;
    enum ot_class cls;
    uint64_t line;
    const struct onc_tumor_type *parent, *tissue;
    int level;
    size_t index, subtree;
    size_t first_child, n_children; /* into onc_oncotree.children */
    char *key;                      /* the name as looked up (ot_name_key), owned */
};

/* A name OncoTree (or MatchMiner's copy of it) used before: kb/oncotree_former_names.tsv. */
struct ot_former {
    char *key;                      /* ot_name_key of the former name, owned */
    const struct onc_tumor_type *node;
};

struct onc_oncotree {
    onc_kb_text_t text;     /* cut into the fields the nodes point to; text.name for messages */
    char release[OT_RELEASE_MAX]; /* from "# release: ", "" when there is none */
    struct onc_tumor_type *nodes; /* file order */
    size_t n, m;
    struct onc_tumor_type **order;   /* depth-first */
    struct onc_tumor_type **by_code; /* sorted by code, case ignored */
    struct onc_tumor_type **by_name; /* sorted by key, then depth-first index */
    struct onc_tumor_type **children;
    struct ot_former *former;        /* sorted by key */
    size_t n_former;
};

#define OT_FORMER_FILE "oncotree_former_names.tsv"
#define OT_KEY_MAX 512 /* bytes of a name key; a longer name matches nothing */

/* The lookup key of a name: ASCII case folded, every Unicode dash or hyphen (U+2010-U+2015,
 * U+2212) an ASCII hyphen, runs of white space one space, no space around a hyphen, none at
 * either end. Writes it to out (cap bytes); returns its length, or -1 when it does not fit. */
int ot_name_key(const char *name, char *out, size_t cap);
/* Keys every node (t->nodes[i].key) and sorts t->by_name by them. */
onc_rc ot_index_names(onc_oncotree_t *t, onc_err_t *err);
/* Reads kb/oncotree_former_names.tsv (from kb_dir, else built in) into t->former. */
onc_rc ot_load_former(onc_oncotree_t *t, const char *kb_dir, onc_err_t *err);
/* The same from text (for tests); name in messages. */
onc_rc ot_parse_former(onc_oncotree_t *t, const char *text, size_t len, const char *name, onc_err_t *err);
void ot_free_names(onc_oncotree_t *t);
/* The node with this code (case ignored), or NULL. */
const struct onc_tumor_type *ot_lookup_code(const onc_oncotree_t *t, const char *code);

#endif
