/* hotspot.h: recognising the key lung-cancer driver events from genomic coordinates alone.
 *
 * A raw VCF (no VEP, SnpEff or bcftools csq annotation) still has to show an EGFR L858R or a
 * KRAS G12C. kb/genomic_events.tsv holds, for GRCh37 and GRCh38, the codons and ranges of
 * those events with their sources; this module answers "what is chrom:pos ref>alt?".
 */
#ifndef ONCOBOARD_HOTSPOT_H
#define ONCOBOARD_HOTSPOT_H

#include "oncoboard/alteration.h"
#include "oncoboard/error.h"

typedef struct onc_hotspots onc_hotspots_t;

onc_hotspots_t *onc_hotspots_load(const char *kb_dir, onc_err_t *err);
void onc_hotspots_free(onc_hotspots_t *h); /* accepts NULL */

/* Result of a lookup: strings owned by h (static for the loaded table) or by res->buf. */
typedef struct onc_hotspot_hit {
    const char *gene;
    const char *alteration;  /* "L858R", "G12C", or a class: "exon 19 in-frame deletion",
                                "exon 20 in-frame insertion", "exon 14 splice region alteration" */
    const char *hgvsp;       /* "p.L858R" for an exact change; NULL for a class */
    const char *transcript;
    const char *consequence; /* missense_variant, inframe_deletion, splice_region_variant ... */
    int32_t exon;            /* ONC_INT_MISSING when unknown */
    int by_class;            /* 1: named by its class, the exact protein change needs the
                                reference sequence (sets ONC_ALT_BY_CLASS) */
    char buf[128];
} onc_hotspot_hit_t;

/* Looks chrom ("7" or "chr7"), 1-based pos, VCF alleles ref/alt up on genome ("GRCh37" |
 * "GRCh38"; "hg19" | "hg38" accepted). 1: a known event, *hit filled; 0: not one of the table's
 * events; < 0: error (unknown genome, missing argument) with err set.
 * Alleles are compared after removing common leading and trailing bases, so a VCF anchor base
 * is fine; an empty allele ("" or "-", MAF style) means a deletion starting at pos or an
 * insertion before pos. A substitution in listed codons gets its exact change (G12C, E542*,
 * G12= for a synonymous one); an in-frame indel or splice-site variant in a listed range is
 * named by its class (by_class 1). Frameshifts, and substitutions whose REF disagrees with the
 * table's reference codon, return 0. docs/kb-genomic-events.md has the rules. */
int onc_hotspots_lookup(const onc_hotspots_t *h, const char *genome, const char *chrom,
                        int64_t pos, const char *ref, const char *alt, onc_hotspot_hit_t *hit,
                        onc_err_t *err);

/* Names the alteration out by the hit: gene, alteration, hgvsp, and the transcript, consequence
 * and exon the hit knows; sets ONC_ALT_FROM_COORDS (and ONC_ALT_BY_CLASS for a class). out's
 * strings then point into hit, which must outlive them. */
void onc_hotspot_hit_apply(const onc_hotspot_hit_t *hit, onc_alt_t *out);

#endif
