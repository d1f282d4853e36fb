/* case.h: one patient as a tumor board sees them (case file, version 1).
 *
 * A case holds the clinical picture (sex, age, smoking, ECOG, diagnosis, biomarkers, labs,
 * therapies, trial enrolments) and one or more samples with their molecular results (typed
 * variants, fusions, copy-number calls and references to lab files). docs/case-format.md is
 * the full format.
 *
 * Missing is a value, never a default: a test that was not done is unknown, not negative.
 *   - enumerations: the *_UNKNOWN member (0);
 *   - yes/no facts: onc_tri, ONC_TRI_UNKNOWN (0);
 *   - numbers: NaN (ONC_NUM_MISSING) or ONC_INT_MISSING (alteration.h);
 *   - strings: NULL; dates: year 0 (onc_date_is_missing);
 *   - lists: n == 0 (an absent list and an empty one both mean "nothing given").
 *
 * The struct is public and read-only for consumers (report, match, the registry). Everything
 * it points to lives in the case's own arena and goes with onc_case_free(). Builders (the
 * JSON reader, a registry loader) allocate through onc_case_alloc()/onc_case_strdup() and
 * initialise numeric fields with the *_init() functions so that nothing reads as 0 by mistake.
 */
#ifndef ONCOBOARD_CASE_H
#define ONCOBOARD_CASE_H

#include "oncoboard/alteration.h"
#include "oncoboard/error.h"
#include "oncoboard/io.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ONC_CASE_FORMAT 1 /* the version this build reads */

/* ---- values ---- */

typedef enum onc_tri { ONC_TRI_UNKNOWN = 0, ONC_TRI_FALSE = 1, ONC_TRI_TRUE = 2 } onc_tri;

/* A calendar date; year 0 means missing. */
typedef struct onc_date {
    int32_t year, month, day;
} onc_date_t;

/* Parses "YYYY-MM-DD" exactly (years 1000-9999, real month lengths, leap years). ONC_OK, or
 * ONC_EPARSE with err saying what is wrong. */
onc_rc onc_date_parse(const char *s, onc_date_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* Writes "YYYY-MM-DD" into buf (11 bytes); "" when d is missing. Returns buf. */
char *onc_date_format(onc_date_t d, char buf[11]);
int onc_date_is_missing(onc_date_t d);
/* Days since 1970-01-01 (negative before), for intervals; ONC_INT_MISSING when missing. */
int32_t onc_date_days(onc_date_t d);

/* Enumerations. Each has a table of its JSON names indexed by value, entry 0 (unknown) NULL
 * and a NULL after the last: onc_sex_names[ONC_SEX_FEMALE] is "female". */
typedef enum onc_sex { ONC_SEX_UNKNOWN = 0, ONC_SEX_FEMALE, ONC_SEX_MALE, ONC_SEX_OTHER } onc_sex;
typedef enum onc_smoking { ONC_SMOKING_UNKNOWN = 0, ONC_SMOKING_NEVER, ONC_SMOKING_FORMER,
                           ONC_SMOKING_CURRENT } onc_smoking;
typedef enum onc_brain_mets { ONC_BRAIN_METS_UNKNOWN = 0, ONC_BRAIN_METS_NONE, ONC_BRAIN_METS_TREATED,
                              ONC_BRAIN_METS_ACTIVE } onc_brain_mets;
typedef enum onc_pdl1_clone { ONC_PDL1_CLONE_UNKNOWN = 0, ONC_PDL1_CLONE_22C3, ONC_PDL1_CLONE_SP263,
                              ONC_PDL1_CLONE_SP142, ONC_PDL1_CLONE_28_8 } onc_pdl1_clone;
typedef enum onc_msi { ONC_MSI_UNKNOWN = 0, ONC_MSI_MSS, ONC_MSI_L, ONC_MSI_H } onc_msi;
typedef enum onc_ihc_result { ONC_IHC_UNKNOWN = 0, ONC_IHC_POSITIVE, ONC_IHC_NEGATIVE,
                              ONC_IHC_EQUIVOCAL } onc_ihc_result;
typedef enum onc_recist { ONC_RECIST_UNKNOWN = 0, ONC_RECIST_CR, ONC_RECIST_PR, ONC_RECIST_SD,
                          ONC_RECIST_PD, ONC_RECIST_NE } onc_recist;
typedef enum onc_enrol_status { ONC_ENROL_UNKNOWN = 0, ONC_ENROL_SCREENING, ONC_ENROL_ENROLLED,
                                ONC_ENROL_SCREEN_FAILED, ONC_ENROL_WITHDRAWN } onc_enrol_status;
typedef enum onc_vital { ONC_VITAL_UNKNOWN = 0, ONC_VITAL_ALIVE, ONC_VITAL_DEAD } onc_vital;
typedef enum onc_specimen { ONC_SPECIMEN_UNKNOWN = 0, ONC_SPECIMEN_TISSUE, ONC_SPECIMEN_PLASMA } onc_specimen;
typedef enum onc_assay_method { ONC_METHOD_UNKNOWN = 0, ONC_METHOD_DNA, ONC_METHOD_RNA,
                                ONC_METHOD_DNA_RNA } onc_assay_method;

extern const char *const onc_sex_names[], *const onc_smoking_names[], *const onc_brain_mets_names[],
    *const onc_pdl1_clone_names[], *const onc_msi_names[], *const onc_ihc_result_names[],
    *const onc_recist_names[], *const onc_enrol_status_names[], *const onc_specimen_names[], *const onc_vital_names[],
    *const onc_assay_method_names[], *const onc_genome_names[];

/* What an assay tested a gene for: a bit set. */
#define ONC_COVER_MUTATION 1u
#define ONC_COVER_CNA 2u
#define ONC_COVER_FUSION 4u
#define ONC_COVER_ALL 7u

/* ---- the parts of a case ---- */

typedef struct onc_ihc {
    const char *marker;     /* "ALK", "HER2", "c-MET" (as given) */
    onc_ihc_result result;
    const char *clone;      /* "D5F3" */
    const char *score;      /* "3+", "2+" (as given) */
    double percent;         /* % of stained tumor cells, 0-100 */
    const char *intensity;  /* 0 | 1+ | 2+ | 3+ */
} onc_ihc_t;

typedef struct onc_biomarkers {
    double pdl1_tps;        /* tumor proportion score, 0-100 */
    double pdl1_cps;        /* combined positive score, 0-100 */
    onc_pdl1_clone pdl1_clone;
    double tmb;             /* mutations per megabase, >= 0 */
    onc_msi msi;
    onc_ihc_t *ihc;
    size_t n_ihc;
} onc_biomarkers_t;

typedef struct onc_lab {
    const char *name, *unit;
    double value, uln;      /* uln: upper limit of normal in the same unit */
    onc_date_t date;
} onc_lab_t;

typedef struct onc_therapy {
    int32_t line;           /* line of therapy, >= 1 */
    const char **agents;    /* lower-case INNs ("osimertinib") */
    size_t n_agents;
    onc_date_t start, end;
    onc_recist best_response;
    onc_tri progression;
    onc_date_t progression_date;
} onc_therapy_t;

/* What became of the patient: for survival (overall survival runs from diagnosis to death or
 * the last follow-up). */
typedef struct onc_outcome {
    onc_vital vital_status;
    onc_date_t death_date;     /* only when dead */
    onc_date_t last_follow_up; /* the last date the patient was known alive (or seen) */
} onc_outcome_t;

typedef struct onc_enrolment {
    const char *trial, *arm, *reason;
    onc_enrol_status status;
    onc_date_t date;
} onc_enrolment_t;

typedef struct onc_diagnosis {
    const char *oncotree_code; /* "LUAD" (upper case) */
    const char *stage;         /* AJCC group ("IVA") or "limited" / "extensive" */
    onc_date_t date;
    onc_brain_mets brain_metastases;
    onc_tri measurable_disease;
} onc_diagnosis_t;

typedef struct onc_coverage {
    const char *gene;
    unsigned types;         /* ONC_COVER_* */
} onc_coverage_t;

typedef struct onc_assay {
    const char *name;
    onc_assay_method method;
    const char **genes;     /* tested for every alteration type */
    size_t n_genes;
    onc_coverage_t *coverage; /* per gene, what was tested */
    size_t n_coverage;
    double size_mb;         /* panel size for TMB */
} onc_assay_t;

/* A variant typed into the case: by protein change, coding change or coordinates. */
typedef struct onc_case_variant {
    const char *gene;            /* as given (aliases are resolved when read as alterations) */
    const char *protein_change;  /* as given */
    const char *coding_change;   /* as given */
    const char *alteration;      /* normalised (L858R, X1010_splice) or NULL when only
                                    coordinates or a non-splice coding change were given */
    const char *hgvsp, *hgvsc;   /* normalised: "p.L858R" (only when protein_change was given),
                                    "c.3028+1G>T" */
    const char *consequence;     /* from the protein change (missense_variant ...) or NULL */
    int32_t aa_pos;              /* first residue the protein change touches; ONC_INT_MISSING */
    const char *chrom, *ref, *alt; /* ref/alt upper case */
    int64_t pos;                 /* ONC_POS_MISSING */
    double vaf;                  /* 0-1 */
    int32_t depth;
    uint64_t line;               /* line of the entry in the case file; 0 unknown */
} onc_case_variant_t;

typedef struct onc_case_fusion {
    const char *gene_a, *gene_b; /* 5' and 3' partners; one of them may be NULL (partner unknown) */
    uint64_t line;
} onc_case_fusion_t;

typedef struct onc_case_cna {
    const char *gene;
    onc_alt_kind call;           /* ONC_KIND_AMPLIFICATION | GAIN | LOSS | DELETION */
    double copies;
    uint64_t line;
} onc_case_cna_t;

typedef struct onc_case_file {
    const char *path;            /* as written */
    const char *resolved;        /* relative paths joined to the case file's directory */
    onc_format type;             /* ONC_FMT_AUTO: detected when read */
    uint64_t line;
} onc_case_file_t;

typedef struct onc_molecular {
    const char *genome;          /* "GRCh37" | "GRCh38" | NULL */
    onc_specimen specimen;
    onc_assay_t assay;
    onc_case_variant_t *variants;
    size_t n_variants;
    onc_case_fusion_t *fusions;
    size_t n_fusions;
    onc_case_cna_t *copy_number;
    size_t n_copy_number;
    onc_case_file_t *files;
    size_t n_files;
} onc_molecular_t;

/* A sample. A case written with one top-level "molecular" has one sample whose id is the
 * case id (from_samples 0 in the case). */
typedef struct onc_sample {
    const char *id;
    onc_date_t collected;
    onc_specimen type;
    int has_molecular;           /* 0: the sample has no "molecular" (nothing was tested) */
    onc_molecular_t molecular;
    const char *path;            /* "samples[1]" or "molecular": for messages */
} onc_sample_t;

typedef struct onc_case {
    const char *id;
    int32_t case_format;         /* 1 */
    const char *name;            /* the file as named in messages ("cases/P001.json") */
    onc_sex sex;
    onc_date_t birth_date;
    int32_t age;                 /* years */
    onc_smoking smoking;
    int32_t ecog;                /* 0-5 */
    onc_tri consent_research;
    onc_outcome_t outcome;
    onc_diagnosis_t diagnosis;
    onc_biomarkers_t biomarkers;
    onc_lab_t *labs;
    size_t n_labs;
    onc_therapy_t *therapies;
    size_t n_therapies;
    onc_enrolment_t *enrolments;
    size_t n_enrolments;
    onc_sample_t *samples;
    size_t n_samples;
    int from_samples;            /* 1: written as "samples": [...]; 0: top-level "molecular" */
    const char **warnings;       /* unknown fields and the like, "file:line: field X: ..." */
    size_t n_warnings;
    const char *text;            /* the file's bytes as read (NUL-terminated), kept so that the
                                    registry can store the case exactly as given */
    size_t text_len;
    struct onc_case_arena *arena;
} onc_case_t;

/* ---- loading ---- */

typedef struct onc_case_opts {
    size_t max_bytes;    /* largest case file accepted [ONC_CASE_MAX_BYTES] */
    int check_files;     /* 1: each molecular.files[].path must name a readable file [1] */
    int confine_files;   /* 1: file paths must be relative and stay below the case's
                            directory (no "..", no absolute path): for the server [0] */
    const struct onc_oncotree *oncotree; /* set: diagnosis.oncotree_code must be one of its
                                            codes (oncotree.h) [NULL: letters and digits only] */
} onc_case_opts_t;

#define ONC_CASE_MAX_BYTES ((size_t)16 << 20)

void onc_case_opts_init(onc_case_opts_t *o);

/* Reads and validates the case file at path. ONC_OK with *out set (free with
 * onc_case_free), or an error in err naming the file, the line and the field:
 *   "P001.json:12:5: syntax: ..." (JSON syntax), "P001.json:23: field molecular.variants[2].vaf:
 *   expected a number between 0 and 1, got \"high\"". opts may be NULL (defaults). */
onc_rc onc_case_load(const char *path, const onc_case_opts_t *opts, onc_case_t **out, onc_err_t *err)
    ONC_MUST_CHECK;

/* The same from memory (a request body): name is used in messages, base_dir (NULL: the
 * current directory) for relative file paths. The text need not be NUL-terminated. */
onc_rc onc_case_parse(const char *text, size_t len, const char *name, const char *base_dir,
                      const onc_case_opts_t *opts, onc_case_t **out, onc_err_t *err) ONC_MUST_CHECK;

void onc_case_free(onc_case_t *c); /* accepts NULL */

/* A reader over a loaded case's alterations (as onc_reader_open on the case file gives): the
 * typed variants, fusions and copy-number calls of each sample, then every alteration of its
 * referenced files. c must outlive the reader. NULL with err on error. */
onc_reader_t *onc_case_reader_open(const onc_case_t *c, const onc_read_opts_t *opts, onc_err_t *err);

/* ---- writing ---- */

/* Writes c to fp as a case file (version 1) that onc_case_load/onc_case_parse read back to an
 * equal case (every field but the file's name, text, warnings and entry lines). Missing values
 * are left out. A variant with no protein change, coding change or coordinates (nor a registry
 * row's hgvsp, hgvsc or protein-level name) cannot be named in the format: ONC_EINVAL naming it.
 * ONC_EIO when fp reports a write error. Unknown fields of the original file are not written. */
onc_rc onc_case_write_json(const onc_case_t *c, FILE *fp, onc_err_t *err) ONC_MUST_CHECK;
/* Removes from c the variants onc_case_write_json cannot name: in a case rebuilt from the registry,
 * a lab file's variant that its reader left unnamed (a VCF record without gene annotation), whose
 * coordinates the registry does not return (store.h). Returns how many were removed. */
size_t onc_case_drop_unnamed_variants(onc_case_t *c);

/* ---- questions the engines ask ---- */

/* Age in whole years on the date `on`: from birth_date when both are known, else the "age"
 * field as given, else ONC_INT_MISSING. */
int32_t onc_case_age_on(const onc_case_t *c, onc_date_t on);

struct onc_genes;
/* Was gene tested for every alteration type in `types` (ONC_COVER_*) in sample s?
 * ONC_TRI_TRUE: the assay lists it (assay.genes, or assay.coverage with those types);
 * ONC_TRI_FALSE: the sample has no molecular results, or its assay lists genes and this one
 * is not among them for those types; ONC_TRI_UNKNOWN: the assay's scope was not given.
 * Symbols are compared after alias resolution when genes is not NULL (gene.h). */
onc_tri onc_sample_tested(const onc_sample_t *s, const struct onc_genes *genes, const char *gene,
                          unsigned types);

/* ---- building (for readers of other stores) ---- */

/* A new, empty case (every field missing) with its arena; NULL when out of memory. */
onc_case_t *onc_case_new(void);
/* n zeroed bytes from the case's arena (freed with the case); NULL when out of memory. */
void *onc_case_alloc(onc_case_t *c, size_t n);
/* A copy of s (or of its first n bytes) in the case's arena; NULL when out of memory. */
char *onc_case_strdup(onc_case_t *c, const char *s);
char *onc_case_strndup(onc_case_t *c, const char *s, size_t n);
/* Appends a warning (copied); ONC_ENOMEM when out of memory. */
onc_rc onc_case_add_warning(onc_case_t *c, const char *msg) ONC_MUST_CHECK;

/* Set every field of a part to missing. */
void onc_biomarkers_init(onc_biomarkers_t *b);
void onc_ihc_init(onc_ihc_t *h);
void onc_lab_init(onc_lab_t *l);
void onc_therapy_init(onc_therapy_t *t);
void onc_enrolment_init(onc_enrolment_t *e);
void onc_molecular_init(onc_molecular_t *m);
void onc_case_variant_init(onc_case_variant_t *v);
void onc_case_cna_init(onc_case_cna_t *c);
void onc_sample_init(onc_sample_t *s);

#endif
