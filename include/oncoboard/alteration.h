/* alteration.h: the canonical alteration, the one record every reader produces.
 *
 * Whatever the lab sent (a VCF record, a MAF row, a fusion call, a copy-number call, a
 * variant typed into a case file), it becomes an onc_alt_t. This is a value type on purpose:
 * readers fill it, front ends print it, engines classify it.
 *
 * Ownership: the strings belong to whoever filled the record (a reader keeps them valid until
 * its next call); onc_alt_copy() makes a record that owns its own strings, freed by
 * onc_alt_free(). A missing string is NULL, never "". Missing numbers use the markers below,
 * never 0: a depth of 0 and an unknown depth are different facts.
 */
#ifndef ONCOBOARD_ALTERATION_H
#define ONCOBOARD_ALTERATION_H

#include "oncoboard/error.h"

#include <math.h>
#include <stdint.h>

#define ONC_INT_MISSING INT32_MIN    /* depth, alt count, exon */
#define ONC_POS_MISSING ((int64_t)0) /* genomic positions are 1-based, so 0 is never one */
#define ONC_NUM_MISSING NAN          /* vaf, copies: test with isnan() */

typedef enum onc_alt_kind {
    ONC_KIND_MUTATION = 0,      /* SNV, MNV or indel */
    ONC_KIND_FUSION = 1,        /* gene fusion or rearrangement with a partner */
    ONC_KIND_AMPLIFICATION = 2, /* high-level gain (GISTIC 2) */
    ONC_KIND_GAIN = 3,          /* low-level gain (GISTIC 1) */
    ONC_KIND_LOSS = 4,          /* heterozygous loss (GISTIC -1) */
    ONC_KIND_DELETION = 5,      /* homozygous deletion (GISTIC -2) */
    ONC_KIND_STRUCTURAL = 6,    /* other structural variant (intragenic, BND without partner) */
    ONC_KIND_BIOMARKER = 7      /* non-positional: MSI-H, TMB-H, EGFRvIII as a named event */
} onc_alt_kind;

/* Flags. */
#define ONC_ALT_NOT_PASS (1u << 0)    /* FILTER was set and not PASS */
#define ONC_ALT_UNANNOTATED (1u << 1) /* no gene/protein annotation was found in the input */
#define ONC_ALT_BY_CLASS (1u << 2)    /* named by its class (exon 19 in-frame deletion): exact
                                         protein change needs the reference sequence */
#define ONC_ALT_FROM_COORDS (1u << 3) /* gene and change were recognised from coordinates (kb/) */

typedef struct onc_alt {
    const char *sample;      /* tumor sample name */
    const char *gene;        /* HGNC symbol (aliases resolved); for fusions the 5' partner */
    const char *partner;     /* fusions: the 3' partner gene */
    onc_alt_kind kind;
    const char *alteration;  /* normalised, OncoKB style: L858R, E746_A750del, "EML4-ALK Fusion",
                                "Amplification", "X1010_splice", "exon 19 in-frame deletion" */
    const char *hgvsp;       /* as given or annotated, p. form (p.Leu858Arg or p.L858R) */
    const char *hgvsc;       /* c. form */
    const char *transcript;  /* transcript the HGVS refers to */
    const char *consequence; /* Sequence Ontology term(s) or MAF Variant_Classification */
    const char *chrom;       /* as in the input ("7" or "chr7") */
    int64_t pos;             /* 1-based; ONC_POS_MISSING */
    const char *ref, *alt;   /* alleles, VCF style */
    const char *genome;      /* GRCh37 | GRCh38 | NULL when not known */
    int32_t exon;            /* exon number on the transcript; ONC_INT_MISSING */
    double vaf;              /* variant allele fraction 0..1; ONC_NUM_MISSING */
    int32_t depth;           /* tumor read depth; ONC_INT_MISSING */
    int32_t alt_count;       /* tumor reads with the alternate allele; ONC_INT_MISSING */
    double copies;           /* absolute copy number when given; ONC_NUM_MISSING */
    const char *filter;      /* FILTER column as given ("PASS", "panel_of_normals;germline") */
    const char *source;      /* file the record came from */
    uint64_t line;           /* line (or record number for BCF) in that file; 0 unknown */
    unsigned flags;          /* ONC_ALT_* */
} onc_alt_t;

/* Sets every field to missing. */
void onc_alt_init(onc_alt_t *a);

/* "mutation", "fusion", "amplification", "gain", "loss", "deletion", "structural_variant",
 * "biomarker". */
const char *onc_alt_kind_name(onc_alt_kind kind);

/* Deep copy: dst owns its strings and must be released with onc_alt_free(). */
onc_rc onc_alt_copy(onc_alt_t *dst, const onc_alt_t *src) ONC_MUST_CHECK;
void onc_alt_free(onc_alt_t *a);

#endif
