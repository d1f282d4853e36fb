/* kb_import_int.h: what the importers share inside src/kb (not a public header).
 *
 * kb_import.c owns an import: its options, report, the tables it maps with (OncoTree, the
 * DOID table, gene aliases and exons), the entries and sources collected so far, and the
 * writer that turns them into the output directory. kb_import_table.c reads the input
 * tables; kb_import_civic.c and kb_import_oncokb.c map one source's rows into entries.
 */
#ifndef ONCOBOARD_KB_IMPORT_INT_H
#define ONCOBOARD_KB_IMPORT_INT_H

#include "oncoboard/gene.h"
#include "oncoboard/kb_import.h"
#include "oncoboard/oncotree.h"
#include "oncoboard/strbuf.h"

#include <stdint.h>
#include <stdio.h>

#define KBI_COLS_MAX 128      /* columns in an input table */
#define KBI_CELL_MAX 65536    /* bytes in one cell (CIViC's longest statements are ~5 kB) */
#define KBI_ITEMS_MAX 64      /* agents, alterations, tumor types or sources in one entry */
#define KBI_NOTE_MAX 4000     /* bytes of an entry's note; merged notes stop there */
#define KBI_ENTRIES_MAX 1000000

/* ---- input tables (kb_import_table.c) ---- */

/* A tab-separated table with a header row, as CIViC (Ruby CSV with a tab separator: a cell
 * holding a quote is written in quotes, inner quotes doubled; quoted = 1) and OncoKB (plain
 * cells; quoted = 0) write them. Every row must have as many cells as the header; blank lines
 * are skipped; cells must be UTF-8. */
typedef struct kbi_table kbi_table_t;
kbi_table_t *kbi_table_open(const char *path, int quoted, onc_err_t *err);
/* 1: a row is current; 0: the end; -1: an error in err. */
int kbi_table_next(kbi_table_t *t, onc_err_t *err);
/* Index of the column with this name (ASCII case ignored), or -1. */
int kbi_table_col(const kbi_table_t *t, const char *name);
/* Indexes of the NULL-terminated names, all required: ONC_EPARSE "FILE:LINE: header lacks the
 * column NAME" for the first one missing. */
onc_rc kbi_table_cols(const kbi_table_t *t, const char *const *names, int *idx, onc_err_t *err);
const char *kbi_table_cell(const kbi_table_t *t, int col); /* "" for col < 0; trimmed */
uint64_t kbi_table_line(const kbi_table_t *t);
uint64_t kbi_table_header_line(const kbi_table_t *t);
const char *kbi_table_path(const kbi_table_t *t);
/* Sets err to "FILE:LINE: field COLUMN: message" for cell col of the current row. */
onc_rc kbi_table_fail(const kbi_table_t *t, int col, const char *fmt, ...) ONC_PRINTF(3, 4);
void kbi_table_close(kbi_table_t *t);
void kbi_table_set_err(kbi_table_t *t, onc_err_t *err); /* where kbi_table_fail writes */

/* ---- the import (kb_import.c) ---- */

typedef struct kbi_import kbi_import_t;

/* An evidence entry under construction; the strings are copied by kbi_add_entry. */
typedef struct kbi_entry {
    const char *gene;
    const char *id;
    const char *alterations[KBI_ITEMS_MAX];
    size_t n_alterations;
    const char *tumor_types[KBI_ITEMS_MAX];
    size_t n_tumor_types;
    const char *effect; /* sensitive | resistant | prognostic | diagnostic */
    const char *agents[KBI_ITEMS_MAX];
    size_t n_agents;
    const char *level;  /* NULL when none */
    const char *sources[KBI_ITEMS_MAX];
    size_t n_sources;
    const char *reviewed; /* YYYY-MM-DD */
    const char *note;
} kbi_entry_t;

/* Adds e; an entry with the same gene, alterations, tumor types, agents and effect as one
 * already added is merged into it (sources joined, notes joined), so that the output has no
 * duplicates for `kb validate` to refuse. */
onc_rc kbi_add_entry(kbi_import_t *im, const kbi_entry_t *e, onc_err_t *err);
/* A source to add: key, kind and citation required; the others NULL or "" when absent. */
typedef struct kbi_source { const char *key, *kind, *citation, *pmid, *url, *trial, *doi, *accessed; } kbi_source_t;
/* Adds a source unless its key exists (the first one added under a key wins). */
onc_rc kbi_add_source(kbi_import_t *im, const kbi_source_t *src, onc_err_t *err);
/* Counts a skipped row under reason; detail (may be NULL) is listed one by one. */
onc_rc kbi_skip(kbi_import_t *im, const char *reason, const char *detail);

const char *kbi_date(const kbi_import_t *im);       /* YYYY-MM-DD of the release or export */
const char *kbi_db_source(const kbi_import_t *im);  /* key of the source for the whole import */
const onc_oncotree_t *kbi_tree(const kbi_import_t *im);
const onc_genes_t *kbi_genes(const kbi_import_t *im);
const char *kbi_variants_path(const kbi_import_t *im); /* --variants, or NULL */
void kbi_count_row(kbi_import_t *im);
void kbi_set_layout(kbi_import_t *im, const char *layout);
/* 1 when gene (an approved symbol) is in the knowledge base's genes.tsv, or genes are not
 * checked (no genes.tsv). */
int kbi_gene_known(const kbi_import_t *im, const char *gene);
/* The OncoTree code the DOID table maps doid ("3908" or "DOID:3908") to, or NULL. */
const char *kbi_doid_code(const kbi_import_t *im, const char *doid);

/* ---- shared helpers (kb_import.c) ---- */

/* A code the tree knows for a tumor-type name: the one node of that name, else the node with
 * that code; NULL when there is none or the name is ambiguous. */
const char *kbi_tumor_code_by_name(const kbi_import_t *im, const char *name);
/* 1 when s is YYYY-MM-DD with a valid month and day. */
int kbi_is_date(const char *s);
/* 1 when s is 1 to 12 digits. */
int kbi_is_digits(const char *s);
/* 1 when s can name a gene (and a file): letters, digits, '-', '_', '.', 1 to 31 bytes, not
 * starting with '.' or '-'. */
int kbi_is_gene_symbol(const char *s);
/* Copies s lower-cased (ASCII) into out (cap bytes); -1 when it does not fit. */
int kbi_lower(const char *s, char *out, size_t cap);

/* The source-specific passes. */
onc_rc kbi_import_civic(kbi_import_t *im, kbi_table_t *t, onc_err_t *err);
onc_rc kbi_import_oncokb(kbi_import_t *im, kbi_table_t *t, onc_err_t *err);

/* ---- output (kb_import_write.c) ---- */

/* What the writer needs of the collected import. */
typedef struct kbi_list { char **v; size_t n; } kbi_list_t;
typedef struct kbi_stored_entry {
    char *gene, *id, *level, *reviewed;
    const char *effect;
    kbi_list_t alterations, tumor_types, agents, sources;
    onc_strbuf_t note;
    size_t order; /* input order, for a stable sort by gene */
} kbi_stored_entry_t;
typedef struct kbi_stored_source { char *key, *kind, *citation, *pmid, *url, *trial, *doi, *accessed; } kbi_stored_source_t;
typedef struct kbi_output {
    const char *label, *description, *date, *header_comment;
    kbi_stored_entry_t *entries;
    size_t n_entries;
    kbi_stored_source_t *sources;
    size_t n_sources;
    /* genes.tsv: written when gene_role is not NULL, a row per evidence gene: its role, and
     * in *sources the sources cell */
    const char *(*gene_role)(const void *ctx, const char *gene, const char **sources);
    const void *role_ctx;
} kbi_output_t;

/* Writes out (entries sorted by gene, then input order; sources by key) into a new
 * directory dir.tmp.PID and renames it to dir (replacing an existing dir when force). On error
 * nothing is left behind. Sets *n_genes to the number of evidence files. */
onc_rc kbi_write_dir(kbi_output_t *out, const char *dir, int force, size_t *n_genes,
                     onc_err_t *err);

/* Writes s as a YAML double-quoted scalar: quotes, backslashes, control characters, line
 * breaks other than \n and non-printable code points escaped, so that any string reads back
 * as itself. s must be valid UTF-8. Returns 0 or -1 (a write error). */
int kbi_yaml_quoted(FILE *fp, const char *s);

#endif
