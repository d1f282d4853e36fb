/* cli_db_export_cbio.h: what the two files of the cBioPortal export share.
 *
 * cli_db_export_cbio.c reads the patients (each read audited as an export), decides the study's
 * cancer type, reference genome, gene panels and which sample is in which molecular profile, and
 * writes the study, clinical and case-list files; cli_db_export_cbio_mol.c writes the molecular
 * profiles (mutations as MAF, discrete copy number, structural variants) and the gene panels.
 * The formats are cBioPortal's documented file formats (docs/registry.md, "Exporting to
 * cBioPortal", says which documentation each file follows).
 */
#ifndef ONCOBOARD_CLI_DB_EXPORT_CBIO_H
#define ONCOBOARD_CLI_DB_EXPORT_CBIO_H

#include "cli_db_io.h"

#include "oncoboard/kb.h"
#include "oncoboard/store_attributes.h"
#include "oncoboard/store_export.h"
#include "oncoboard/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* The molecular profiles, in the gene panel matrix's column order. */
enum { CBIO_MUT = 0, CBIO_CNA = 1, CBIO_SV = 2, CBIO_N_PROFILES = 3 };
extern const char *const cbio_profile_ids[CBIO_N_PROFILES]; /* "mutations" "cna" "structural_variants" */

/* A gene panel: the genes an assay tested for one profile (sorted, unique). */
typedef struct cbio_panel {
    char *id;           /* STUDY_ASSAY, with _2, _3 ... for other gene sets of the same name */
    const char *assay;  /* the assay's name as recorded (may be NULL) */
    char **genes;
    size_t n_genes;
} cbio_panel_t;

typedef struct cbio_sample {
    size_t patient;                      /* index into study.patients */
    const onc_sample_t *s;
    const char *id;                      /* the sample's id (the case id for a one-sample case) */
    const cbio_panel_t *panel[CBIO_N_PROFILES]; /* NULL: no gene list recorded */
    bool profiled[CBIO_N_PROFILES];      /* in the profile (and its case list) */
} cbio_sample_t;

typedef struct cbio_patient {
    onc_store_export_t *x;
    const char *group;                   /* molecular group (classifier), in the case's arena */
    onc_attr_patient_t *attrs;           /* attributes an imported cBioPortal study brought, or NULL */
} cbio_patient_t;

/* A column of a clinical file: the four '#' header rows and the attribute name. */
typedef struct cbio_attr {
    const char *name, *display, *description, *datatype;
} cbio_attr_t;

typedef struct cbio_study {
    const cli_export_args_t *a;
    const char *id;                      /* cancer_study_identifier */
    const char *genome;                  /* GRCh37 | GRCh38 | NULL (none recorded) */
    onc_kb_t *kb;
    cbio_patient_t *patients;
    size_t n_patients;
    cbio_sample_t *samples;
    size_t n_samples;
    cbio_panel_t *panels;
    size_t n_panels;
    onc_attr_catalog_t catalog;          /* the imported studies' column definitions */
    const onc_attr_def_t **extra[2];     /* [0] patient, [1] sample: imported columns written after ours */
    size_t n_extra[2];
} cbio_study_t;

/* A file's text built with a sticky error: after the first failure the appends do nothing and
 * rc says what happened. */
typedef struct cbio_text {
    onc_strbuf_t b;
    onc_rc rc;
} cbio_text_t;

void cbio_puts(cbio_text_t *t, const char *s);          /* NULL writes nothing */
void cbio_printf(cbio_text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A data cell: tab before it unless first; NULL (missing) as empty; tabs, CR and LF inside a
 * value as spaces (they would break the table). */
void cbio_cell(cbio_text_t *t, const char *s, bool first);
/* Writes t to DIR/name (whole or nothing) and frees it. CLI_OK or an exit status after a message. */
int cbio_write(const cbio_study_t *st, const char *name, cbio_text_t *t);

/* The sample's profiles and their case list categories. Whether sample i has any alteration of
 * the profile's kinds (mutations; copy-number calls; fusions and other structural variants). */
bool cbio_sample_has(const cbio_study_t *st, size_t i, int profile);
/* The profile a kind of alteration belongs to; -1 for none (biomarkers). */
int cbio_profile_of(onc_alt_kind kind);
/* The approved symbol of gene (the knowledge base's aliases), or gene. */
const char *cbio_gene(const cbio_study_t *st, const char *gene);

/* Attributes of imported cBioPortal studies (cli_db_export_cbio_attr.c). cbio_attrs_read: the
 * catalog, and the attributes of every patient a study brought (their read audited by the store);
 * cbio_attrs_columns: the imported columns to write after ours (ours: the fixed tables of each
 * level, NULL-terminated by name), leaving out ours, cBioPortal's banned ones and a column of the
 * other level. cbio_attr_value: an imported value of the sample (NULL: patient level) or its
 * patient, or NULL. */
int cbio_attrs_read(cbio_study_t *st, onc_db_t *db);
int cbio_attrs_columns(cbio_study_t *st, const cbio_attr_t *patient_cols, size_t n_patient,
                       const cbio_attr_t *sample_cols, size_t n_sample);
const char *cbio_attr_value(const cbio_patient_t *p, const char *sample_id, const char *id);
void cbio_attrs_free(cbio_study_t *st);

/* The molecular files (cli_db_export_cbio_mol.c): builds the gene panels of every sample (called
 * before the profiles are decided), and writes each profile with samples, its meta file, the
 * gene panel matrix and the panels' files. */
int cbio_build_panels(cbio_study_t *st);
int cbio_write_molecular(const cbio_study_t *st);
void cbio_panels_free(cbio_study_t *st);

#endif
