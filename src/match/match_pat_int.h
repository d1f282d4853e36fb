/* match_pat_int.h: what the two patient builders share (match_case.c: a classified case;
 * match_mmdocs.c: MatchMiner's documents). Both fill match_patient.h's struct and its
 * events the same way: MatchMiner's vocabularies for copy number and MMR status, the
 * canonical alteration of each event and its oncogenicity from the knowledge base. */
#ifndef ONCOBOARD_MATCH_PAT_INT_H
#define ONCOBOARD_MATCH_PAT_INT_H

#include "match/match_patient.h"
#include "oncoboard/arena.h"

/* The storage of a patient built on its own (onc_match_patient_from_case); patients of a
 * cohort have arena NULL and live in the cohort's arena. */
struct match_arena {
    onc_arena_t *a;
};

/* MatchMiner's MMR_STATUS values (v2.2.3 config, trial-matching.md 2.7). */
#define MATCH_MMR_DEFICIENT "Deficient (MMR-D / MSI-H)"
#define MATCH_MMR_PROFICIENT "Proficient (MMR-P / MSS)"

/* MatchMiner's CNV_CALL for a copy-number kind ("High level amplification", "Gain",
 * "Heterozygous deletion", "Homozygous deletion"), NULL for other kinds. */
const char *match_pat_cnv_call(onc_alt_kind kind);
/* The kind of a CNV_CALL value (exact, as MatchMiner writes it); false when it is none of
 * the four. */
bool match_pat_cnv_kind(const char *call, onc_alt_kind *kind);

/* The knowledge base's oncogenicity of a in tumor type tt (NULL: any), or Unknown when kb is
 * NULL or the alteration cannot be read. m is scratch space (onc_kb_match_t is large). */
onc_oncogenicity match_pat_oncogenicity(const onc_kb_t *kb, const onc_alt_t *a, const onc_tumor_type_t *tt,
                                        onc_kb_match_t *m);

/* MAF's Variant_Classification of an alteration's consequence: a MAF term is kept as
 * written; Sequence Ontology terms ("missense_variant", "frameshift_variant&splice_region_variant")
 * are mapped as vcf2maf does (match_vclass.c), the most severe term deciding. Frameshifts and
 * protein_altering_variant need to know insertion from deletion: from the alleles, else the
 * coding change; NULL when that or the consequence is unknown. */
const char *match_maf_classification(const onc_alt_t *a);

/* A new event with every field missing. */
void match_event_init(match_event_t *e);

/* A patient with every field missing. */
void match_pat_init(onc_match_patient_t *p);

#endif
