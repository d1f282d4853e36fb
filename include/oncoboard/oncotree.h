/* oncotree.h: tumor types as OncoTree names them (codes, names, parents, tissues).
 *
 * The tree is kb/oncotree.tsv, written by scripts/oncotree-to-tsv.py from a published
 * OncoTree release (docs/oncotree.md). A tumor type is a node; the root is TISSUE (level 0),
 * its children are the tissues (level 1: Lung, Pleura, Thymus, ...). Codes are unique; names
 * are not (OncoTree has e.g. three "Mature Teratoma"), so a name lookup may find several nodes.
 * Lookups by code and by name ignore ASCII case ("luad" is LUAD), as trial curators and
 * MatchMiner write names and codes in any case.
 *
 * Descendants follow MatchMiner's expansion: a node is its own descendant. Solid and liquid:
 * OncoTree has no such flag; a node is liquid when it lies under a haematological tissue
 * (the `class` column: the subtree of Hematopoietic in the 2026 releases), as MatchMiner's
 * _LIQUID_ is the descendants of its haematological tissues, and solid otherwise. The root is
 * neither.
 *
 * Node pointers and strings belong to the tree and live until onc_oncotree_free().
 */
#ifndef ONCOBOARD_ONCOTREE_H
#define ONCOBOARD_ONCOTREE_H

#include "oncoboard/error.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct onc_oncotree onc_oncotree_t;
typedef struct onc_tumor_type onc_tumor_type_t;

/* Loads kb/oncotree.tsv from kb_dir (NULL: $ONCOBOARD_KB, else the built-in copy). NULL with
 * err set on error; a bad row (unknown parent, duplicate code, cycle, a tissue or level that
 * does not follow from the parents) is ONC_EPARSE naming kb/oncotree.tsv:LINE. */
onc_oncotree_t *onc_oncotree_load(const char *kb_dir, onc_err_t *err);
/* The same from text already in memory; name is used in messages ("kb/oncotree.tsv"). */
onc_oncotree_t *onc_oncotree_parse(const char *text, size_t len, const char *name, onc_err_t *err);
void onc_oncotree_free(onc_oncotree_t *t); /* accepts NULL */

/* The release named in the file's "# release: " line ("oncotree_2026_05_21"), or NULL. */
const char *onc_oncotree_release(const onc_oncotree_t *t);
/* Number of nodes, the root included. onc_oncotree_at(t, i) for i < size walks them in
 * depth-first order, parents before children (the root first). */
size_t onc_oncotree_size(const onc_oncotree_t *t);
const onc_tumor_type_t *onc_oncotree_at(const onc_oncotree_t *t, size_t i);

/* The node with this code (ASCII case ignored), or NULL. */
const onc_tumor_type_t *onc_oncotree_find(const onc_oncotree_t *t, const char *code);
/* Nodes with this name (ASCII case ignored): returns how many there are and writes the first
 * min(that, max) of them, in depth-first order, to out. 0: no such name. Names are compared with
 * every Unicode dash as a hyphen and spacing folded ("Salivary Gland–Type" is "Salivary
 * Gland-Type"); a name no node has is looked up among the former names of
 * kb/oncotree_former_names.tsv (loaded by onc_oncotree_load, not by onc_oncotree_parse). */
size_t onc_oncotree_find_name(const onc_oncotree_t *t, const char *name,
                              const onc_tumor_type_t **out, size_t max);

const char *onc_tumor_type_code(const onc_tumor_type_t *n);
const char *onc_tumor_type_name(const onc_tumor_type_t *n);
/* OncoTree's MainType ("Non-Small Cell Lung Cancer"), or NULL when the release gives none. */
const char *onc_tumor_type_main_type(const onc_tumor_type_t *n);
/* The parent, NULL for the root. */
const onc_tumor_type_t *onc_tumor_type_parent(const onc_tumor_type_t *n);
/* The level-1 ancestor (the node itself at level 1), NULL for the root. */
const onc_tumor_type_t *onc_tumor_type_tissue(const onc_tumor_type_t *n);
/* Depth under the root: 0 for TISSUE, 1 for a tissue. */
int onc_tumor_type_level(const onc_tumor_type_t *n);
bool onc_tumor_type_is_liquid(const onc_tumor_type_t *n);
bool onc_tumor_type_is_solid(const onc_tumor_type_t *n);
/* True when n is ancestor or lies below it. */
bool onc_tumor_type_is_a(const onc_tumor_type_t *n, const onc_tumor_type_t *ancestor);
/* Index of n in depth-first order, and the number of nodes in its subtree (itself included):
 * its descendants are onc_oncotree_at(t, index) ... at(t, index + count - 1). */
size_t onc_tumor_type_index(const onc_tumor_type_t *n);
size_t onc_tumor_type_subtree_size(const onc_tumor_type_t *n);

/* By code: true when both codes exist and code's node is ancestor_code's node or below it. */
bool onc_oncotree_is_descendant(const onc_oncotree_t *t, const char *code, const char *ancestor_code);
/* The node with this code and everything below it, in depth-first order (the node first), as a
 * new array the caller frees with free(); *n is its length. ONC_ENOTFOUND for an unknown code. */
onc_rc onc_oncotree_descendants(const onc_oncotree_t *t, const char *code,
                                const onc_tumor_type_t ***out, size_t *n, onc_err_t *err)
    ONC_MUST_CHECK;

#endif
