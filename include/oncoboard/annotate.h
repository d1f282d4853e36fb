/* annotate.h: a cohort's lab files written back with the knowledge base's annotations.
 *
 * What oncokb-annotator does with OncoKB's web service, done with the local knowledge base:
 * each MAF, fusion or copy-number table is copied line by line, every original column and row
 * kept in order, with six columns added to each row: ONCOGENIC, MUTATION_EFFECT, ESCAT,
 * HIGHEST_LEVEL, THERAPIES, RESISTANCES (docs/annotate.md). A GISTIC matrix, which holds one
 * call per sample column, is written in oncokb-annotator's long form instead (SAMPLE_ID,
 * CANCER_TYPE, HUGO_SYMBOL, ALTERATION, then the added columns), one row per call. A row that
 * cannot be annotated (a cell the reader cannot parse, an alteration the matcher cannot read)
 * keeps empty added cells and is counted in a warning; no row is dropped.
 *
 * The annotator also gathers, across every file it annotates, a table per sample: tumor type,
 * the classifier's molecular group, the alterations that define a group, and counts.
 *
 *     onc_annotator_t *an = onc_annotator_new(kb, &opts, &err);
 *     onc_annotator_load_clinical(an, "data_clinical_sample.txt", &err);   // optional
 *     onc_annotate_file(an, "data_mutations.txt", out, &stats, &err);      // per file
 *     onc_annotator_write_samples(an, samples_out, &err);
 *     onc_annotator_free(an);
 */
#ifndef ONCOBOARD_ANNOTATE_H
#define ONCOBOARD_ANNOTATE_H

#include "oncoboard/error.h"
#include "oncoboard/kb.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct onc_annotate_opts {
    const char *tumor_type;    /* OncoTree code of the samples the clinical table does not
                                  name; NULL: none (levels across every tumor type, warned) */
    const char *reader_kb_dir; /* kb directory for the readers' gene tables; NULL: built in */
    const char *const *header; /* comment lines written first (without '#'), NULL-terminated;
                                  NULL: none. "KB_VERSION=..." is always written. */
} onc_annotate_opts_t;

void onc_annotate_opts_init(onc_annotate_opts_t *o);

typedef struct onc_annotator onc_annotator_t;

/* A new annotator over kb (borrowed: it must outlive the annotator). opts is copied (its
 * strings are borrowed). NULL with err set on memory exhaustion. */
onc_annotator_t *onc_annotator_new(const onc_kb_t *kb, const onc_annotate_opts_t *opts, onc_err_t *err);
void onc_annotator_free(onc_annotator_t *an); /* accepts NULL */

/* Reads the tumor type of each sample from a clinical table (oncokb-annotator's -c file,
 * cBioPortal's data_clinical_sample.txt): columns SAMPLE_ID (or TUMOR_SAMPLE_BARCODE) and
 * ONCOTREE_CODE (or CANCER_TYPE), '#' lines skipped. ONC_OK; ONC_EIO, ONC_EPARSE (no such
 * column, "FILE:LINE: ..."), ONC_ELIMIT (a line over 1 MiB). */
onc_rc onc_annotator_load_clinical(onc_annotator_t *an, const char *path, onc_err_t *err) ONC_MUST_CHECK;

typedef struct onc_annotate_stats {
    uint64_t lines;        /* lines written (comments and header included) */
    uint64_t alterations;  /* alterations the reader gave */
    uint64_t annotated;    /* ... that the knowledge base answered for (Unknown included) */
    uint64_t unannotated;  /* rows or alterations left with empty added cells */
} onc_annotate_stats_t;

/* Annotates the table at path (MAF, fusion or copy-number, detected from the content) into
 * out. ONC_OK (rows that could not be annotated are counted in stats and in the warnings);
 * ONC_EFORMAT for a VCF, segment or case file; the reader's error for a file that cannot be
 * read at all (truncated, not a table); ONC_EIO when out cannot be written. */
onc_rc onc_annotate_file(onc_annotator_t *an, const char *path, FILE *out, onc_annotate_stats_t *stats,
                         onc_err_t *err) ONC_MUST_CHECK;

/* Warnings gathered so far, each once with the number of rows it applies to. */
size_t onc_annotator_n_warnings(const onc_annotator_t *an);
const char *onc_annotator_warning(const onc_annotator_t *an, size_t i);
uint64_t onc_annotator_warning_count(const onc_annotator_t *an, size_t i);

/* The per-sample table, TSV with a header: sample, tumor_type, molecular_group,
 * primary_driver ("GENE ALTERATION") and not_assessed (";"-joined), all three from
 * onc_classify over a one-sample case of the sample's group-defining alterations (no assay:
 * groups not found are not assessed; empty when the classifier refuses the tumor type),
 * drivers (the alterations that define a molecular group of the knowledge base,
 * onc_kb_group_of, with that group: "GENE ALTERATION [GROUP];..."), n_alterations,
 * n_annotated, n_oncogenic (Oncogenic or Likely Oncogenic), n_actionable (with a sensitive
 * level). Samples in the order first seen, then those of the clinical table not seen in any
 * file (zero counts, NOT_ASSESSABLE). ONC_OK, ONC_EIO or ONC_ENOMEM. */
onc_rc onc_annotator_write_samples(const onc_annotator_t *an, FILE *out, onc_err_t *err) ONC_MUST_CHECK;

#endif
