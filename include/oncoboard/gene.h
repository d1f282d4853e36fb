/* gene.h: gene symbols and what the knowledge base knows about genes' exons.
 *
 * Labs write HER2, MLL2 or c-MET; the knowledge base speaks HGNC approved symbols (ERBB2,
 * KMT2D, MET). The alias table is kb/gene_aliases.tsv; the exon table maps protein positions
 * of a gene's canonical transcript to exons (kb/gene_exons.tsv).
 */
#ifndef ONCOBOARD_GENE_H
#define ONCOBOARD_GENE_H

#include "oncoboard/error.h"

#include <stdint.h>

typedef struct onc_genes onc_genes_t;

/* Loads the alias and exon tables from kb_dir (NULL: built in). NULL with err on error. */
onc_genes_t *onc_genes_load(const char *kb_dir, onc_err_t *err);
void onc_genes_free(onc_genes_t *g); /* accepts NULL */

/* The approved symbol for sym (case-insensitive alias match), or sym itself when it is not
 * an alias. The result is sym or a string owned by g. */
const char *onc_genes_canonical(const onc_genes_t *g, const char *sym);

/* Exon of protein position aa_pos in gene's canonical transcript (as in kb/gene_exons.tsv),
 * or ONC_INT_MISSING (see alteration.h) when the table does not cover that gene. */
int32_t onc_genes_exon_of(const onc_genes_t *g, const char *gene, int32_t aa_pos);
/* The canonical transcript of gene in the exon table, or NULL. */
const char *onc_genes_transcript(const onc_genes_t *g, const char *gene);

#endif
