/* io_vcf_int.h: the parts of the VCF reader, shared inside src/io only.
 *
 * io_vcf.c reads records (htslib), chooses the tumor sample, splits multi-allelic records and
 * fills the alteration; io_vcf_depth.c gets depth, alt count and allele fraction the way each
 * caller writes them; io_vcf_annot.c reads the annotators' INFO fields (VEP CSQ, SnpEff ANN,
 * bcftools BCSQ). Both helpers cache header ids once per file and reuse their buffers, so that
 * a record costs no allocation once the buffers have grown.
 */
#ifndef ONCOBOARD_IO_VCF_INT_H
#define ONCOBOARD_IO_VCF_INT_H

#include "oncoboard/alteration.h"
#include "oncoboard/strbuf.h"

#include <htslib/vcf.h>
#include <stdint.h>

/* ---- typed values of one BCF field (INFO or FORMAT of the first kept sample) ---- */

/* A value array as htslib keeps it unpacked: type BCF_BT_*, n values (bytes for a string),
 * p the first. A tag the header does not define is stored by htslib as a String ("87,89"):
 * count is then the number of its comma-separated items, and the accessors parse them. */
typedef struct vcf_vals {
    int type, n, count;
    const uint8_t *p;
} vcf_vals_t;

vcf_vals_t vcf_vals_make(int type, int n, const uint8_t *p);
/* 1 with *out set, 0 when j is out of range or the value is missing. */
int vcf_vals_int(const vcf_vals_t *v, int j, int32_t *out);
int vcf_vals_float(const vcf_vals_t *v, int j, double *out);
/* A string field: its bytes (not NUL-terminated, trailing NULs trimmed) and length. */
const char *vcf_vals_str(const vcf_vals_t *v, int *len);

/* ---- depth and allele fraction (io_vcf_depth.c) ---- */

enum vcf_depth_tag {
    VD_AD, VD_DP, VD_AF, VD_FA, VD_FREQ, VD_RD, VD_DP4, VD_BCOUNT, VD_AU, VD_CU, VD_GU, VD_TU,
    VD_TAR, VD_TIR, VD_AO, VD_RO, VD_ADT, VD_N_FMT, /* FORMAT tags above, INFO below */
    VD_TDP = VD_N_FMT, VD_TVAF, VD_N
};

#define VD_MAP_MAX 4096 /* header ids looked up through the map; higher ids are never ours */

typedef struct vcf_depth {
    int id[VD_N];                /* header ids, -1 when the header does not define the tag */
    int n_ids;                   /* header ids when cached: htslib adds undefined tags */
    signed char slot[VD_MAP_MAX]; /* header id -> tag + 1 (0: not one we read) */
    vcf_vals_t val[VD_N];        /* this record's values (n == 0: absent) */
} vcf_depth_t;

typedef struct vcf_counts {
    int32_t depth, alt_count; /* ONC_INT_MISSING when the file does not give them */
    double vaf;               /* NaN when not given and not computable */
} vcf_counts_t;

void vcf_depth_init(vcf_depth_t *d, const bcf_hdr_t *h);
/* Collects the record's values (rec unpacked with BCF_UN_INFO and BCF_UN_FMT). */
void vcf_depth_load(vcf_depth_t *d, bcf1_t *rec);
/* Depth, alt count and VAF of ALT allele `allele` (1-based) for the first kept sample. */
void vcf_depth_get(const vcf_depth_t *d, const bcf1_t *rec, int allele, vcf_counts_t *out);

/* ---- annotations (io_vcf_annot.c) ---- */

typedef struct vcf_annot vcf_annot_t;

/* What one annotation entry says about one ALT allele. Strings point into the annotator's
 * scratch buffer: valid until the next vcf_annot_pick. */
typedef struct vcf_pick {
    const char *gene, *transcript, *hgvsc, *hgvsp, *consequence;
    int32_t exon;       /* ONC_INT_MISSING */
    const char *source; /* "CSQ", "ANN", "BCSQ" */
} vcf_pick_t;

/* Reads the layouts of CSQ/ANN/BCSQ from the header. NULL only when out of memory. */
vcf_annot_t *vcf_annot_new(const bcf_hdr_t *h);
void vcf_annot_free(vcf_annot_t *a);
/* 1 when the header declares an annotation this module reads. */
int vcf_annot_any(const vcf_annot_t *a);
/* Picks the annotation of ALT allele `allele` (1-based) of rec (unpacked with BCF_UN_INFO):
 * 1 found, 0 none for this allele, -1 out of memory. */
int vcf_annot_pick(vcf_annot_t *a, const bcf_hdr_t *h, bcf1_t *rec, int allele, vcf_pick_t *out);

/* The field parsers, on plain strings (exposed for the unit tests). `value` is the INFO
 * value (entries separated by ','), len bytes long (no NUL needed), copied into scratch and
 * split there. */
typedef struct vcf_csq_layout {
    int n;                                  /* fields per entry; 0: not declared */
    int used;                               /* fields read: the highest index below + 1 */
    int allele, consequence, symbol, feature, exon, hgvsc, hgvsp, mane, canonical, pick,
        allele_num;                         /* column indexes, -1 when absent */
} vcf_csq_layout_t;

/* Parses VEP's "... Format: Allele|Consequence|..." description. 0 ok, -1 not a VEP layout. */
int vcf_csq_layout_parse(const char *description, vcf_csq_layout_t *l);
/* VEP's allele string for ALT `allele` (1-based) of alleles[0..n_allele-1] into buf. */
void vcf_vep_allele(char *const *alleles, int n_allele, int allele, onc_strbuf_t *buf, int *err);
int vcf_csq_pick(const vcf_csq_layout_t *l, const char *value, size_t len, const char *vep_allele,
                 int allele_num, onc_strbuf_t *scratch, vcf_pick_t *out);
int vcf_ann_pick(const char *value, size_t len, const char *alt, onc_strbuf_t *scratch, vcf_pick_t *out);
/* bcftools csq: pos and alt select the entry whose dna_change names them; when the record has
 * one ALT an entry without dna_change matches too. hgvsp_buf receives the p. form made from
 * amino_acid_change when it is a simple one. */
int vcf_bcsq_pick(const char *value, size_t len, int64_t pos, const char *alt, int single_alt,
                  onc_strbuf_t *scratch, char *hgvsp_buf, size_t hgvsp_n, vcf_pick_t *out);
/* Rank of a Sequence Ontology consequence in Ensembl's severity order (0 most severe); for
 * "a&b" the most severe part; a large number for unknown terms. */
int vcf_so_rank(const char *consequence, size_t len);

#endif
