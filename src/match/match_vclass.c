/* match_vclass.c: Sequence Ontology consequences as MAF Variant_Classification terms.
 *
 * MatchMiner's variant_classification key is matched against the MAF term of each mutation
 * (In_Frame_Del, Missense_Mutation ...), as DFCI's pipeline writes it. Case files and VCFs
 * carry SO terms, so a case's mutations are given the MAF term that vcf2maf (and the GDC,
 * whose MAFs come from the same conversion) would write. Source: mskcc/vcf2maf, vcf2maf.pl,
 * subs GetVariantClassification (the rules) and GetEffectPriority (the severity that picks one
 * term of several), read at commit 036d396141d4271dbc194a7e47ad37b1fd115be3; rules and
 * priorities below are transcribed from there, not invented. A term vcf2maf does not list is
 * "Targeted_Region" in vcf2maf; here it is left unknown (NULL), since guessing a class would
 * make a trial match or fail on nothing.
 */
#include "match/match_pat_int.h"

#include <string.h>
#include <strings.h>

/* What a term needs besides itself: a frameshift is Del or Ins by the variant type;
 * protein_altering_variant is in frame or not, and Del or Ins. */
typedef enum vc_rule { VC_FIXED = 0, VC_FRAMESHIFT, VC_PROTEIN_ALTERING } vc_rule;

typedef struct vc_term {
    const char *so;
    int priority; /* GetEffectPriority: lower is more severe */
    vc_rule rule;
    const char *maf; /* VC_FIXED */
} vc_term_t;

static const vc_term_t terms[] = {
    {"transcript_ablation", 1, VC_FIXED, "Splice_Site"},
    {"exon_loss_variant", 1, VC_FIXED, "Splice_Site"},
    {"splice_donor_variant", 2, VC_FIXED, "Splice_Site"},
    {"splice_acceptor_variant", 2, VC_FIXED, "Splice_Site"},
    {"stop_gained", 3, VC_FIXED, "Nonsense_Mutation"},
    {"frameshift_variant", 3, VC_FRAMESHIFT, NULL},
    {"stop_lost", 3, VC_FIXED, "Nonstop_Mutation"},
    {"start_lost", 4, VC_FIXED, "Translation_Start_Site"},
    {"initiator_codon_variant", 4, VC_FIXED, "Translation_Start_Site"},
    {"disruptive_inframe_insertion", 5, VC_FIXED, "In_Frame_Ins"},
    {"disruptive_inframe_deletion", 5, VC_FIXED, "In_Frame_Del"},
    {"inframe_insertion", 5, VC_FIXED, "In_Frame_Ins"},
    {"inframe_deletion", 5, VC_FIXED, "In_Frame_Del"},
    {"missense_variant", 6, VC_FIXED, "Missense_Mutation"},
    {"conservative_missense_variant", 6, VC_FIXED, "Missense_Mutation"},
    {"rare_amino_acid_variant", 6, VC_FIXED, "Missense_Mutation"},
    {"transcript_amplification", 7, VC_FIXED, "Intron"},
    {"stop_retained_variant", 8, VC_FIXED, "Silent"},
    {"synonymous_variant", 8, VC_FIXED, "Silent"},
    {"splice_region_variant", 9, VC_FIXED, "Splice_Region"},
    {"incomplete_terminal_codon_variant", 10, VC_FIXED, "Silent"},
    {"protein_altering_variant", 11, VC_PROTEIN_ALTERING, NULL},
    {"coding_sequence_variant", 11, VC_FIXED, "Missense_Mutation"},
    {"mature_miRNA_variant", 11, VC_FIXED, "RNA"},
    {"exon_variant", 11, VC_FIXED, "RNA"},
    {"5_prime_UTR_variant", 12, VC_FIXED, "5'UTR"},
    {"5_prime_UTR_premature_start_codon_gain_variant", 12, VC_FIXED, "5'UTR"},
    {"3_prime_UTR_variant", 12, VC_FIXED, "3'UTR"},
    {"non_coding_exon_variant", 13, VC_FIXED, "RNA"},
    {"non_coding_transcript_exon_variant", 13, VC_FIXED, "RNA"},
    {"non_coding_transcript_variant", 14, VC_FIXED, "RNA"},
    {"nc_transcript_variant", 14, VC_FIXED, "RNA"},
    {"intron_variant", 14, VC_FIXED, "Intron"},
    {"intragenic_variant", 14, VC_FIXED, "Intron"},
    {"INTRAGENIC", 14, VC_FIXED, "Intron"},
    {"NMD_transcript_variant", 15, VC_FIXED, "Silent"},
    {"upstream_gene_variant", 16, VC_FIXED, "5'Flank"},
    {"downstream_gene_variant", 16, VC_FIXED, "3'Flank"},
    {"TF_binding_site_variant", 17, VC_FIXED, "IGR"},
    {"regulatory_region_variant", 17, VC_FIXED, "IGR"},
    {"regulatory_region", 17, VC_FIXED, "IGR"},
    {"intergenic_variant", 19, VC_FIXED, "IGR"},
    {"intergenic_region", 19, VC_FIXED, "IGR"},
};

/* MAF's own terms (GDC MAF format, Variant_Classification), kept when a reader passed them. */
static const char *const maf_terms[] = {
    "Frame_Shift_Del", "Frame_Shift_Ins", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation",
    "Nonsense_Mutation", "Silent", "Splice_Site", "Translation_Start_Site", "Nonstop_Mutation",
    "3'UTR", "3'Flank", "5'UTR", "5'Flank", "IGR", "Intron", "RNA", "Targeted_Region",
    "Splice_Region", "De_novo_Start_InFrame", "De_novo_Start_OutOfFrame",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define TERM_MAX 64

/* -1 deletion, +1 insertion, 0 unknown; *inframe set when the length change is known. */
static int indel_direction(const onc_alt_t *a, int *inframe)
{
    *inframe = -1;
    if (a->ref && a->alt && strcmp(a->ref, "-") && strcmp(a->alt, "-")) {
        long d = (long)strlen(a->alt) - (long)strlen(a->ref);
        if (d) *inframe = d % 3 == 0;
        return d < 0 ? -1 : d > 0 ? 1 : 0;
    }
    const char *c = a->hgvsc;
    if (!c) return 0;
    if (strstr(c, "delins")) return 0; /* length change not written */
    if (strstr(c, "dup") || strstr(c, "ins")) return 1;
    if (strstr(c, "del")) return -1;
    return 0;
}

static const char *by_rule(const vc_term_t *t, const onc_alt_t *a)
{
    if (t->rule == VC_FIXED) return t->maf;
    int inframe, dir = indel_direction(a, &inframe);
    if (!dir) return NULL;
    if (t->rule == VC_FRAMESHIFT || inframe == 0) return dir < 0 ? "Frame_Shift_Del" : "Frame_Shift_Ins";
    if (inframe == 1) return dir < 0 ? "In_Frame_Del" : "In_Frame_Ins";
    return NULL;
}

static const vc_term_t *find_term(const char *s, size_t n)
{
    for (size_t i = 0; i < N(terms); i++)
        if (strlen(terms[i].so) == n && !strncmp(terms[i].so, s, n)) return &terms[i];
    return NULL;
}

const char *match_maf_classification(const onc_alt_t *a)
{
    const char *c = a ? a->consequence : NULL;
    if (!c) return NULL;
    for (size_t i = 0; i < N(maf_terms); i++)
        if (!strcasecmp(c, maf_terms[i])) return maf_terms[i];
    const vc_term_t *best = NULL;
    /* VEP joins a variant's terms with '&' (older files with ',' or ';') */
    for (const char *s = c; *s;) {
        size_t n = strcspn(s, "&,;|");
        const vc_term_t *t = n <= TERM_MAX ? find_term(s, n) : NULL;
        if (t && (!best || t->priority < best->priority)) best = t;
        s += n;
        if (*s) s++;
    }
    return best ? by_rule(best, a) : NULL;
}
