/* hgvs.h: protein (p.) and coding (c.) changes, parsed and normalised.
 *
 * Input as labs and annotators write it: 1- or 3-letter amino acids, with or without "p.",
 * in "p.(...)" (predicted), "Ter" or "*" or "X" for stop. Output in OncoKB's one-letter form:
 * L858R, E746_A750del, D770_N771insSVD, S768_D770dup, T599delinsIP, W24*, S56Afs*90,
 * M1ext-1, X1010_splice. Positions and ranges are kept so that engines can test "inside the
 * exon 19 range" without parsing strings again.
 */
#ifndef ONCOBOARD_HGVS_H
#define ONCOBOARD_HGVS_H

#include "oncoboard/alteration.h" /* ONC_INT_MISSING */
#include "oncoboard/error.h"

#include <stddef.h>
#include <stdint.h>

typedef enum onc_pchange_type {
    ONC_P_MISSENSE = 0,   /* L858R */
    ONC_P_SYNONYMOUS = 1, /* L858= or L858L */
    ONC_P_NONSENSE = 2,   /* W24* */
    ONC_P_FRAMESHIFT = 3, /* S56Afs*90, S56fs */
    ONC_P_DELETION = 4,   /* E746_A750del, K546del (in frame) */
    ONC_P_INSERTION = 5,  /* D770_N771insSVD */
    ONC_P_DUPLICATION = 6,/* S768_D770dup */
    ONC_P_DELINS = 7,     /* T599delinsIP, L747_P753delinsS */
    ONC_P_EXTENSION = 8,  /* *1211Lext*? , M1ext-1 */
    ONC_P_START_LOSS = 9, /* M1?, M1I on the start codon */
    ONC_P_SPLICE = 10,    /* X1010_splice (OncoKB's name for a splice-site change) */
    ONC_P_UNKNOWN = 11    /* p.? , p.(=) and the like */
} onc_pchange_type;

/* A parsed protein change. Amino acids are one-letter codes, '*' for stop; strings are
 * NUL-terminated and capped (a longer insertion is an error, not a truncation). */
#define ONC_HGVS_AA_MAX 64
/* Largest position accepted (protein or c.; titin has ~36,000 residues, introns reach 10^6). */
#define ONC_HGVS_POS_MAX 999999999
typedef struct onc_pchange {
    onc_pchange_type type;
    int32_t start, end;                 /* first and last residue touched (end == start for one);
                                           ONC_INT_MISSING for ONC_P_UNKNOWN */
    char ref[ONC_HGVS_AA_MAX + 1];      /* reference residues: "L" for one position, "EA" (first
                                           and last) for a range, "" when not written */
    char alt[ONC_HGVS_AA_MAX + 1];      /* substituted/inserted residues ('X' an unknown one);
                                           "" for del/dup/splice; the first new residue of a
                                           frameshift ("A" in S56Afs*90) or extension; for
                                           ONC_P_UNKNOWN the text: "?", "=", "0" or "0?" */
    int32_t fs_len;                     /* frameshift/extension length after "fs*"/"ext*"; 0
                                           unknown; negative for a start extension (M1ext-5) */
    int predicted;                      /* written in parentheses: p.(L858R) */
} onc_pchange_t;

/* Parses a protein change ("p.L858R", "L858R", "p.(Leu858Arg)", "p.E746_A750del").
 * Returns ONC_OK, or ONC_EPARSE with a message in err saying what is wrong with s. */
onc_rc onc_pchange_parse(const char *s, onc_pchange_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* Writes the OncoKB one-letter form into buf (at most n bytes with the NUL): "L858R".
 * Returns the length, or -1 when buf is too small. */
int onc_pchange_format(const onc_pchange_t *p, char *buf, size_t n);

/* The Sequence Ontology consequence in OncoKB's vocabulary (missense_variant,
 * synonymous_variant, stop_gained, stop_lost, stop_retained_variant, start_lost,
 * frameshift_variant, inframe_deletion, inframe_insertion, splice_region_variant), or NULL
 * for ONC_P_UNKNOWN. A delins is classed by its length change as OncoKB does (same length:
 * missense; longer: inframe_insertion; shorter: inframe_deletion). */
const char *onc_pchange_consequence(const onc_pchange_t *p);

/* Convenience: parse and format in one go. Returns ONC_OK with buf set, or the parse error. */
onc_rc onc_hgvsp_normalise(const char *s, char *buf, size_t n, onc_err_t *err) ONC_MUST_CHECK;

/* A parsed coding change: c.2573T>G, c.2235_2249del, c.3028+1G>A, c.2300_2308dup,
 * c.-14C>T, c.*45A>G. Offsets into introns are kept (+1, -2). */
typedef enum onc_cchange_type {
    ONC_C_SUBSTITUTION = 0, ONC_C_DELETION = 1, ONC_C_INSERTION = 2, ONC_C_DUPLICATION = 3,
    ONC_C_DELINS = 4, ONC_C_INVERSION = 5
} onc_cchange_type;

/* Bases in a coding change: as many as code ONC_HGVS_AA_MAX residues (a 66-base FLT3 ITD
 * fits; longer is an error, not a truncation). */
#define ONC_HGVS_NT_MAX (3 * ONC_HGVS_AA_MAX)

typedef struct onc_cpos {
    int32_t pos;    /* c. position; negative: 5' UTR ("c.-14"); 0 never */
    int32_t offset; /* intronic offset: +1 in c.3028+1; 0 in the exon */
    int utr3;       /* 1 for c.*45 (pos counts from the stop codon) */
} onc_cpos_t;

typedef struct onc_cchange {
    onc_cchange_type type;
    onc_cpos_t start, end;
    char ref[ONC_HGVS_NT_MAX + 1], alt[ONC_HGVS_NT_MAX + 1]; /* bases where written */
} onc_cchange_t;

onc_rc onc_cchange_parse(const char *s, onc_cchange_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* Canonical form with "c." prefix ("c.3028+1G>A"); returns the length or -1. */
int onc_cchange_format(const onc_cchange_t *c, char *buf, size_t n);
/* 1 when the change touches a canonical splice site (intronic +1/+2 or -1/-2): one end is
 * there, or the range spans one (c.3026_3028+3del). */
int onc_cchange_is_splice_site(const onc_cchange_t *c);

/* The codon (protein position) that c. position p falls in: (pos+2)/3 for a coding position,
 * the codon of the exonic anchor for an intronic one (c.3028+1 -> 1010, as in OncoKB's MET
 * X1010_splice); ONC_INT_MISSING in the UTRs. */
int32_t onc_cpos_codon(const onc_cpos_t *p);

/* OncoKB's name for a splice-site change: sets out to X<codon>_splice (ONC_P_SPLICE, the
 * codon of the change's first position, anchored, as VEP and GDC write it) and returns 1;
 * returns 0 and leaves out alone when c does not touch a splice site or starts in a UTR. */
int onc_cchange_splice_pchange(const onc_cchange_t *c, onc_pchange_t *out);

/* Three-letter <-> one-letter amino acids ("Leu" -> 'L', "Ter" -> '*'); 0 when unknown. */
char onc_aa_one(const char *three, size_t len);

#endif
