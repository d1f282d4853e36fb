/* io_annot.h: what the table readers (MAF, fusion, copy number, segments) share beyond
 * io_text's tables: the knowledge-base handles they annotate with, the genome names, the
 * copy-number call vocabulary, fusion names, and a few checked cell parsers.
 * Private to src/io. */
#ifndef ONCOBOARD_IO_ANNOT_H
#define ONCOBOARD_IO_ANNOT_H

#include "io_int.h"
#include "oncoboard/gene.h"
#include "oncoboard/hotspot.h"

#include <stddef.h>

/* The knowledge base a table reader needs: gene symbols always (loaded at open), the
 * coordinate events only when a row has coordinates and nothing else (loaded then). */
typedef struct io_annot {
    onc_genes_t *genes;
    onc_hotspots_t *hotspots;
    int hotspots_tried;
} io_annot_t;

/* What every table reader's state starts with (its first member, so that r->state points at
 * it): the table, the knowledge base, the line of the current row, and a hook that frees what
 * the reader added (NULL when nothing). */
typedef struct io_tab {
    io_table_t *t;
    io_annot_t kb;
    uint64_t line;
    void (*free_extra)(void *state);
} io_tab_t;

/* Allocates r->state (size bytes, zeroed, starting with an io_tab_t) and opens r->path as a
 * table; with genes, also the gene tables. ONC_OK or an error set on r. */
onc_rc io_tab_open(onc_reader_t *r, size_t size, int genes);
/* The close operation of every table reader. */
void io_tab_close(onc_reader_t *r);
/* Reads the next row: 0 (tab->line set), -1 at the end, -2 with the error set on r. */
int io_tab_next(onc_reader_t *r, io_tab_t *tab);
/* The cell of column col in the current row, NULL when col < 0 or the cell says nothing. */
const char *io_tab_cell(const io_tab_t *tab, int col);

/* Loads the gene tables for r (r->opts.kb_dir); ONC_OK or an error set with io_fail(). */
onc_rc io_annot_open(io_annot_t *a, onc_reader_t *r);
void io_annot_close(io_annot_t *a);

/* The approved symbol for a cell, or NULL when the cell is empty or "NA". */
const char *io_annot_gene(const io_annot_t *a, const char *cell);

/* Looks a genomic change up in kb/genomic_events.tsv: 1 hit, 0 none (also when the table
 * cannot be loaded: that is warned once), < 0 error set with io_fail() (returned as -2). */
int io_annot_hotspot(io_annot_t *a, onc_reader_t *r, uint64_t line, const char *genome,
                     const char *chrom, int64_t pos, const char *ref, const char *alt,
                     onc_hotspot_hit_t *hit);

/* "GRCh37" for GRCh37/37/hg19/b37, "GRCh38" for GRCh38/38/hg38, NULL otherwise; *known is
 * set to 0 for a value that is present but not one of these. */
const char *io_genome_name(const char *cell, int *known);

/* The genome of a row from its build cell (NULL: none), named by io_genome_name; a value that
 * is not GRCh37/GRCh38 is warned about (column colname); otherwise r's --genome. */
const char *io_row_genome(onc_reader_t *r, const char *cell, const char *colname);

/* Copy-number calls as GISTIC and oncokb-annotator write them: 2 / Amplification,
 * 1 / Gain, -1 / Loss, -2 or -1.5 / Deletion (words case-insensitive). Returns 1 with *kind
 * set for a call, 0 for no call (0, empty, NA), -1 for anything else. */
int io_cna_call(const char *cell, onc_alt_kind *kind);
/* "Amplification", "Gain", "Loss", "Deletion" (OncoKB's names), NULL for other kinds. */
const char *io_cna_alteration(onc_alt_kind kind);

/* A fusion named in one cell: "EML4-ALK", "EML4--ALK", "TMPRSS2::ERG", "ETV6-RUNX1 fusion"
 * (text after the first blank ignored), "MLL2-intragenic". The cell is copied into buf
 * (n bytes) and split there. Returns 0 with *a, *b set (either may be NULL when the file
 * leaves it empty, "--ALK"; *b == *a for intragenic), -1 when the name cannot be split
 * unambiguously (several single hyphens: "NKX2-1-ALK"), -2 when it does not fit in buf. */
int io_fusion_split(const char *cell, char *buf, size_t n, const char **a, const char **b);

/* The partners of a fusion row, canonical: the cells cell_a and cell_b when either says
 * something (one gene alone there is an intragenic event: *a == *b), else the fusion name
 * (may be NULL) split as io_fusion_split does into buf. Returns as io_fusion_split. */
int io_fusion_partners(const io_annot_t *k, const char *cell_a, const char *cell_b, const char *name,
                       char *buf, size_t n, const char **a, const char **b);

/* Fills out's gene, partner, kind and alteration from two partner symbols (already
 * canonical; either may be NULL, not both): two genes -> kind fusion, "A-B Fusion";
 * the same gene -> structural, "A-intragenic"; one gene -> structural, "A rearrangement"
 * (returns 1 so that the caller warns). The alteration is written into buf (n bytes).
 * Returns 0, 1, or -1 when buf is too small or both are NULL. */
int io_fusion_fill(onc_alt_t *out, const char *a, const char *b, char *buf, size_t n);

/* A 1-based genomic position: a whole number, also written as "116412043.0" (pandas output).
 * 0 with *pos set; 1 missing; -1 not a position. */
int io_parse_pos(const char *cell, int64_t *pos);
/* A read count (0 .. INT32_MAX): 0 set, 1 missing, -1 not a count. */
int io_parse_count(const char *cell, int32_t *out);

/* Index of the first of names (NULL-terminated, case-insensitive) among a header's columns,
 * or -1: what the probes test headers with. */
int io_cols_find(char *const *cols, int ncols, const char *const *names);

/* 1 when a cell says nothing: "", ".", "NA", "NaN", "null" (case-insensitive). */
int io_cell_missing(const char *cell);

#endif
