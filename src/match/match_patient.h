/* match_patient.h: a patient as the matching engine sees it (the inside of onc_match_patient_t).
 *
 * Two sources fill it: a classified case file (match_case.c) and MatchMiner's clinical and
 * genomic documents (match_mmdocs.c). The evaluator (match_eval.c) reads only this struct, so
 * both sources are matched by the same code.
 *
 * The genomic part is a list of events shaped like MatchMiner's genomic documents (one
 * mutation, copy-number call, structural variant, signature, wild-type call or MMR status),
 * because MatchMiner's keys are defined on those documents; each event also carries the
 * canonical alteration (onc_alt_t) so that the knowledge base's classes can be asked.
 *
 * Missing is explicit, as everywhere: NULL strings, NaN numbers, missing dates, ONC_TRI_UNKNOWN.
 * Everything belongs to the patient's arena (or to the case it was built from).
 */
#ifndef ONCOBOARD_MATCH_PATIENT_H
#define ONCOBOARD_MATCH_PATIENT_H

#include "oncoboard/alteration.h"
#include "oncoboard/case.h"
#include "oncoboard/classify.h"
#include "oncoboard/kb.h"
#include "oncoboard/match.h"
#include "oncoboard/oncotree.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* MatchMiner's VARIANT_CATEGORY. */
typedef enum match_category {
    MATCH_CAT_OTHER = 0,  /* anything else, kept as category_raw */
    MATCH_CAT_MUTATION,
    MATCH_CAT_CNV,
    MATCH_CAT_SV,
    MATCH_CAT_SIGNATURE,
    MATCH_CAT_WT
} match_category;

/* The five mutational-signature statuses of MatchMiner (APOBEC_STATUS, POLE_STATUS,
 * TOBACCO_STATUS (TABACCO_STATUS in v2.1), TEMOZOLOMIDE_STATUS, UVA_STATUS). */
typedef enum match_signature {
    MATCH_SIG_APOBEC = 0,
    MATCH_SIG_POLE,
    MATCH_SIG_TOBACCO,
    MATCH_SIG_TEMOZOLOMIDE,
    MATCH_SIG_UVA,
    MATCH_SIG_COUNT
} match_signature;

typedef struct match_event {
    const char *id;                     /* genomic document _id; NULL for case alterations */
    match_category category;
    const char *category_raw;           /* VARIANT_CATEGORY as written */
    const char *gene;                   /* HUGO symbol (HARMONIZED_/TRUE_HUGO_SYMBOL) */
    const char *protein_change;         /* "p.L858R" as the lab wrote it (exact-string key) */
    const char *variant_classification; /* MAF term ("Missense_Mutation", "In_Frame_Del") */
    int32_t exon;                       /* ONC_INT_MISSING; see exon_is_text */
    bool exon_is_text;                  /* the document held the exon as a string: MatchMiner
                                           compares typed values, so "2" never equals 2 */
    const char *cnv_call;               /* MatchMiner's vocabulary: "High level amplification",
                                           "Gain", "Heterozygous deletion", "Homozygous deletion" */
    onc_tri wildtype;                   /* WILDTYPE */
    const char *mmr_status;             /* "Proficient (MMR-P / MSS)" | "Deficient (MMR-D / MSI-H)" */
    const char *signature[MATCH_SIG_COUNT]; /* "Yes" | "No" | other text, NULL when absent */
    const char *left_partner, *right_partner; /* structural variants; NULL = intergenic */
    bool structured_sv;                 /* partners given (structured), else only a comment */
    const char *sv_type;                /* STRUCTURAL_VARIANT_TYPE */
    const char *sv_comment;             /* STRUCTURAL_VARIANT_COMMENT (free text, older reports) */
    int tier;                           /* 1-4, 0 when absent (sort order) */
    const onc_alt_t *alt;               /* the canonical alteration, or NULL (signatures ...) */
    onc_oncogenicity oncogenicity;      /* the knowledge base's call in the patient's tumor type */
} match_event_t;

struct onc_match_patient {
    const char *id;                 /* case id, or SAMPLE_ID */
    const char *mrn;                /* MatchMiner MRN (patient), or NULL */
    const char *clinical_id;        /* MatchMiner clinical _id, or NULL */
    const char *gender;             /* MatchMiner's "Male" | "Female" (case: from sex) */
    onc_date_t birth_date;
    int32_t age;                    /* years, when only the age is known; ONC_INT_MISSING */
    const char *diagnosis_name;     /* ONCOTREE_PRIMARY_DIAGNOSIS_NAME as written, or the
                                       OncoTree name of the case's code */
    const onc_tumor_type_t *tumor_type; /* resolved node, NULL when unknown or unresolved */
    onc_tri deceased;               /* VITAL_STATUS == "deceased" */
    double tmb;                     /* mut/Mb, NaN when not measured */
    const char *mmr_status;         /* clinical MMR_STATUS (MatchMiner), or from the case's MSI */
    onc_date_t report_date;
    match_event_t *events;
    size_t n_events;
    onc_tri sequenced;              /* TRUE: molecular results exist; FALSE: none at all */
    bool assume_tested;             /* MatchMiner documents: every gene counts as tested
                                       (their coverage is unknown) only when asked */
    const onc_case_t *c;            /* the case (extension keys, coverage), or NULL */
    const onc_classification_t *cl; /* its classification, or NULL */
    const onc_genes_t *genes;       /* alias resolution for coverage, or NULL */
    struct match_arena *arena;      /* owned storage, or NULL */
};

/* Was gene tested in this patient for the alteration types (ONC_COVER_*)? For a case: any
 * sample whose assay covers it (onc_sample_tested); for MatchMiner documents ONC_TRI_UNKNOWN
 * unless assume_tested. FALSE when the patient has no molecular results at all. */
onc_tri match_patient_tested(const onc_match_patient_t *p, const char *gene, unsigned types);

#endif
