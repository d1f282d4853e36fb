/* gene.h: gene symbols and what the knowledge base knows about genes' exons.
 *
 * Labs write HER2, MLL2 or c-MET; the knowledge base speaks HGNC approved symbols (ERBB2,
 * KMT2D, MET). The alias table is kb/gene_aliases.tsv; the exon table maps protein positions
 * of a gene's canonical transcript to exons (kb/gene_exons.tsv).
 */
#ifndef ONCOBOARD_GENE_H
#define ONCOBOARD_GENE_H

#include "oncoboard/error.h"
#include "oncoboard/hgvs.h" /* onc_cpos_t */

#include <stdint.h>

typedef struct onc_genes onc_genes_t;

/* Is c a character of a gene symbol as case files write them (letters, digits, '-', '.', '_',
 * '@' as in HGNC's group symbols)? And is s a whole symbol of them (1 to 128 bytes)? */
int onc_gene_symbol_char(int c);
int onc_gene_symbol_ok(const char *s);

/* Loads the alias and exon tables from kb_dir (NULL: built in). NULL with err on error. */
onc_genes_t *onc_genes_load(const char *kb_dir, onc_err_t *err);
void onc_genes_free(onc_genes_t *g); /* accepts NULL */

/* The approved symbol for sym (case-insensitive alias match), or sym itself when it is not
 * an alias. The result is sym or a string owned by g. */
const char *onc_genes_canonical(const onc_genes_t *g, const char *sym);

/* Exon of protein position aa_pos in gene's canonical transcript (as in kb/gene_exons.tsv),
 * or ONC_INT_MISSING (see alteration.h) when the table does not cover that codon. A codon
 * split across two exons belongs to the one holding two of its three bases (its middle base,
 * c.3*aa_pos-1). */
int32_t onc_genes_exon_of(const onc_genes_t *g, const char *gene, int32_t aa_pos);
/* Exon holding c. position p; an intronic position counts for its exonic anchor (c.3028+1
 * and c.2888-2 are MET exon 14's splice sites: exon 14). ONC_INT_MISSING when not covered. */
int32_t onc_genes_exon_of_cpos(const onc_genes_t *g, const char *gene, const onc_cpos_t *p);
/* The codons exon touches, a split codon counted in both exons, as OncoKB writes exon ranges
 * (MET exon 14: 963..1010). ONC_OK, or ONC_ENOTFOUND when the table lacks that exon. */
onc_rc onc_genes_exon_codons(const onc_genes_t *g, const char *gene, int32_t exon, int32_t *first,
                             int32_t *last);
/* The canonical transcript of gene in the exon table, or NULL. */
const char *onc_genes_transcript(const onc_genes_t *g, const char *gene);

#endif
