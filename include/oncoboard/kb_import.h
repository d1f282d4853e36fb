/* kb_import.h: importing outside knowledge bases into oncoboard's knowledge-base format.
 *
 * `oncoboard kb import civic|oncokb` turns CIViC's evidence TSV (CC0) or a user's own OncoKB
 * export (allActionableVariants.txt) into a directory of knowledge-base files
 * (docs/kb-format.md, docs/kb-import.md): kb.yaml (a manifest listing the evidence files),
 * sources.yaml and evidence/GENE.yaml. The directory is one labelled source ("CIViC
 * 2026-11-01", "OncoKB export 2026-11-01"), never mixed into the curated kb/; it is written
 * whole or not at all (a temporary directory renamed into place).
 *
 * Rows whose gene the knowledge base's genes.tsv does not know are skipped too (`kb validate`
 * refuses unknown genes); when there is no genes.tsv the genes are not checked, with a warning.
 * Rows that say something our format cannot (complex molecular profiles, unmapped diseases,
 * evidence types without a treatment, prognostic or diagnostic meaning, ...) are skipped and
 * counted by reason; malformed input (a missing column, a row with too many or too few cells,
 * a bad number or date, an unknown vocabulary word) is an error naming FILE:LINE:field, and
 * then nothing is written.
 */
#ifndef ONCOBOARD_KB_IMPORT_H
#define ONCOBOARD_KB_IMPORT_H

#include "oncoboard/error.h"

#include <stddef.h>
#include <stdint.h>

typedef enum onc_kbi_source { ONC_KBI_CIVIC = 0, ONC_KBI_ONCOKB = 1 } onc_kbi_source;

typedef struct onc_kbi_opts {
    onc_kbi_source source;
    const char *input;    /* the evidence file (plain or gzip) */
    const char *variants; /* CIViC only, optional: VariantSummaries.tsv, to split molecular
                             profiles into gene and variant by id rather than by name */
    const char *out_dir;  /* the directory to create; it must not exist unless force */
    const char *date;     /* YYYY-MM-DD of the release or export, in the source label and
                             the manifest; NULL: taken from a "YYYY-MM-DD" or "DD-Mon-YYYY" in the
                             input's file name, else today's date (UTC) */
    const char *kb_dir;   /* kb/ tables (oncotree.tsv, doid_oncotree.tsv, gene_exons.tsv):
                             NULL for the built-in copies */
    int force;            /* replace an existing out_dir */
} onc_kbi_opts_t;

/* What an import did: counts, and why rows were skipped. Owned by the caller. */
typedef struct onc_kbi_report onc_kbi_report_t;

/* Runs an import. ONC_OK with *report set (free it with onc_kbi_report_free) and out_dir
 * written; otherwise an error in err, nothing written and *report NULL. */
onc_rc onc_kb_import(const onc_kbi_opts_t *opts, onc_kbi_report_t **report, onc_err_t *err)
    ONC_MUST_CHECK;

void onc_kbi_report_free(onc_kbi_report_t *r); /* accepts NULL */
const char *onc_kbi_report_label(const onc_kbi_report_t *r);   /* "CIViC 2026-11-01" */
const char *onc_kbi_report_layout(const onc_kbi_report_t *r);  /* which header was found */
uint64_t onc_kbi_report_rows(const onc_kbi_report_t *r);      /* data rows read */
uint64_t onc_kbi_report_entries(const onc_kbi_report_t *r);   /* evidence entries written */
size_t onc_kbi_report_genes(const onc_kbi_report_t *r);       /* evidence files written */
size_t onc_kbi_report_sources(const onc_kbi_report_t *r);     /* sources written */
/* Skip reasons in first-seen order: reason i's text and how many rows it skipped. */
size_t onc_kbi_report_n_skips(const onc_kbi_report_t *r);
const char *onc_kbi_report_skip(const onc_kbi_report_t *r, size_t i, uint64_t *count);
/* Items worth listing one by one (e.g. each complex molecular profile skipped, with its
 * evidence id), in input order; at most ONC_KBI_LIST_MAX are kept. */
#define ONC_KBI_LIST_MAX 200
/* Warnings about the import as a whole ("genes not checked: ..."). */
size_t onc_kbi_report_n_warnings(const onc_kbi_report_t *r);
const char *onc_kbi_report_warning(const onc_kbi_report_t *r, size_t i);
size_t onc_kbi_report_n_listed(const onc_kbi_report_t *r);
const char *onc_kbi_report_listed(const onc_kbi_report_t *r, size_t i);

#endif
