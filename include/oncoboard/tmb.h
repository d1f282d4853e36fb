/* tmb.h: tumor mutational burden, counted alteration by alteration.
 *
 * TMB = somatic mutations that count / the panel's size in megabases. The panel size is
 * always given by the caller (it is a property of the assay, never guessed from the data).
 * Which mutations count is a set of rules in onc_tmb_opts_t: the consequences that count
 * (classes below), PASS only or not, minimum VAF and depth, and where coding status comes
 * from: the consequence annotation (SO terms from VEP, SnpEff or bcftools csq, or a MAF
 * Variant_Classification), or the position against a BED of the panel's coding regions.
 * Presets encode published counting schemes (docs/tmb.md says which and from where).
 *
 *     onc_tmb_opts_t o;
 *     onc_tmb_opts_init(&o);                         // preset "nonsynonymous"
 *     o.panel_size_mb = 1.1;
 *     onc_tmb_acc_t *acc = onc_tmb_acc_new(&o, &err); // NULL when the options are invalid
 *     while (onc_reader_next(r, &a) == 0) onc_tmb_add(acc, &a);
 *     for (size_t i = 0; i < onc_tmb_n_samples(acc); i++) onc_tmb_get(acc, i, &res);
 *     onc_tmb_acc_free(acc);
 *
 * Every alteration fed is either counted or excluded for exactly one reason (the first rule
 * it fails, in the order of onc_tmb_reason), so mutations + the excluded counts = the
 * alterations seen. A mutation whose coding status cannot be known (no annotation and no
 * BED) is never guessed coding or non-coding: it is excluded as ONC_TMB_EX_CODING_UNKNOWN.
 */
#ifndef ONCOBOARD_TMB_H
#define ONCOBOARD_TMB_H

#include "oncoboard/alteration.h"
#include "oncoboard/bed.h"
#include "oncoboard/error.h"

#include <stddef.h>
#include <stdint.h>

/* Consequence classes. Each SO, bcftools-csq and MAF term maps to one (docs/tmb.md). */
typedef enum onc_tmb_class {
    ONC_TMB_C_MISSENSE = 0,         /* missense_variant, Missense_Mutation */
    ONC_TMB_C_NONSENSE = 1,         /* stop_gained, Nonsense_Mutation */
    ONC_TMB_C_FRAMESHIFT = 2,       /* frameshift_variant, Frame_Shift_Del/Ins */
    ONC_TMB_C_INFRAME = 3,          /* inframe_insertion/deletion, In_Frame_Del/Ins */
    ONC_TMB_C_SPLICE_SITE = 4,      /* splice_donor/acceptor_variant, Splice_Site */
    ONC_TMB_C_START_LOST = 5,       /* start_lost, Translation_Start_Site */
    ONC_TMB_C_STOP_LOST = 6,        /* stop_lost, Nonstop_Mutation */
    ONC_TMB_C_PROTEIN_ALTERING = 7, /* protein_altering_variant */
    ONC_TMB_C_SYNONYMOUS = 8,       /* synonymous_variant, stop/start_retained_variant, Silent */
    ONC_TMB_C_SPLICE_REGION = 9,    /* splice_region_variant, Splice_Region */
    ONC_TMB_C_CODING_OTHER = 10,    /* coding_sequence_variant, incomplete_terminal_codon_variant */
    ONC_TMB_C_NONCODING = 11,       /* intron, UTR, flanks, intergenic, non-coding transcripts */
    ONC_TMB_N_CLASSES = 12
} onc_tmb_class;
#define ONC_TMB_BIT(c) (1u << (c))

/* Why an alteration was not counted, in the order the rules are applied. */
typedef enum onc_tmb_reason {
    ONC_TMB_EX_NOT_MUTATION = 0,      /* a fusion, copy-number call, biomarker... */
    ONC_TMB_EX_NOT_PASS = 1,          /* FILTER set and not PASS (when pass_only) */
    ONC_TMB_EX_NON_CODING = 2,        /* outside the BED, or only non-coding consequences */
    ONC_TMB_EX_CODING_UNKNOWN = 3,    /* no BED, and no (recognised) consequence */
    ONC_TMB_EX_NOT_COUNTED = 4,       /* coding, but its consequence is not in the counted set */
    ONC_TMB_EX_CONSEQUENCE_UNKNOWN = 5, /* inside the BED, unannotated, and the rules need the
                                           consequence (they do not count every coding class) */
    ONC_TMB_EX_BELOW_DEPTH = 6,       /* depth < min_depth */
    ONC_TMB_EX_DEPTH_UNKNOWN = 7,     /* min_depth set and the depth is missing */
    ONC_TMB_EX_BELOW_VAF = 8,         /* vaf < min_vaf */
    ONC_TMB_EX_VAF_UNKNOWN = 9,       /* min_vaf set and the VAF is missing */
    ONC_TMB_N_REASONS = 10
} onc_tmb_reason;
#define ONC_TMB_COUNTED (-1) /* what onc_tmb_classify() returns for a counted mutation */

typedef struct onc_tmb_opts {
    const char *preset;       /* the preset the rules came from; "custom" after changes */
    double panel_size_mb;     /* required, > 0 and finite: NaN until set */
    unsigned classes;         /* ONC_TMB_BIT() of the consequence classes that count */
    int pass_only;            /* 1: only FILTER PASS (or unset) counts [1] */
    double min_vaf;           /* 0..1; 0: no threshold [0] */
    int32_t min_depth;        /* >= 0; 0: no threshold [0] */
    const onc_bed_t *coding_bed; /* NULL: coding status from the annotation; not owned */
} onc_tmb_opts_t;

/* Defaults: preset "nonsynonymous", panel size NaN (the caller must set it). */
void onc_tmb_opts_init(onc_tmb_opts_t *o);
/* Applies a preset's consequences, PASS rule and thresholds (panel size and BED untouched).
 * ONC_ENOTFOUND with the list of presets in err for an unknown name. */
onc_rc onc_tmb_opts_preset(onc_tmb_opts_t *o, const char *name, onc_err_t *err) ONC_MUST_CHECK;
/* ONC_OK, or ONC_EINVAL with the reason in err ("--panel-size must be > 0"). */
onc_rc onc_tmb_opts_check(const onc_tmb_opts_t *o, onc_err_t *err) ONC_MUST_CHECK;

/* Preset names (NULL-terminated) and, for each, where its rules come from. */
const char *const *onc_tmb_preset_names(void);
const char *onc_tmb_preset_source(const char *name); /* NULL for an unknown name */

/* "missense", "nonsense", ..., "noncoding"; NULL when out of range. */
const char *onc_tmb_class_name(onc_tmb_class c);
/* Parses "missense,nonsense,frameshift" into ONC_TMB_BIT()s. ONC_EINVAL for an unknown
 * name or an empty list. */
onc_rc onc_tmb_classes_parse(const char *list, unsigned *out, onc_err_t *err) ONC_MUST_CHECK;
/* The classes of a consequence string ("missense_variant&splice_region_variant",
 * "Missense_Mutation", "missense;splice_region_variant"): terms separated by '&', ';', ',' or
 * '|'. Sets *unrecognised to the number of terms that map to no class. */
unsigned onc_tmb_consequence_classes(const char *consequence, int *unrecognised);

/* "not_mutation", "not_pass", "non_coding", "coding_unknown", "consequence_not_counted",
 * "consequence_unknown", "below_depth", "depth_unknown", "below_vaf", "vaf_unknown". */
const char *onc_tmb_reason_name(onc_tmb_reason r);

/* ONC_TMB_COUNTED, or the onc_tmb_reason that excludes a. o must have passed the check. */
int onc_tmb_classify(const onc_tmb_opts_t *o, const onc_alt_t *a);

typedef struct onc_tmb_acc onc_tmb_acc_t;

/* A new accumulator with a copy of o (the BED stays the caller's and must outlive it);
 * NULL with err set when o fails onc_tmb_opts_check() or memory runs out. */
onc_tmb_acc_t *onc_tmb_acc_new(const onc_tmb_opts_t *o, onc_err_t *err);
void onc_tmb_acc_free(onc_tmb_acc_t *acc); /* accepts NULL */

#define ONC_TMB_MAX_SAMPLES 1000000 /* more distinct samples: ONC_ELIMIT */

/* Counts a under its sample (a->sample; NULL is the sample ""). ONC_OK, ONC_ENOMEM or
 * ONC_ELIMIT. */
onc_rc onc_tmb_add(onc_tmb_acc_t *acc, const onc_alt_t *a) ONC_MUST_CHECK;

typedef struct onc_tmb_result {
    const char *sample;     /* owned by the accumulator */
    uint64_t seen;          /* alterations fed for this sample */
    uint64_t mutations;     /* those counted */
    double panel_size_mb;
    double tmb;             /* mutations / panel_size_mb, mutations per megabase */
    int complete;           /* 0 when some mutations could not be placed (coding_unknown or
                               consequence_unknown > 0): tmb is then only a lower bound */
    uint64_t excluded[ONC_TMB_N_REASONS];
} onc_tmb_result_t;

/* Samples in the order they were first seen. */
size_t onc_tmb_n_samples(const onc_tmb_acc_t *acc);
/* Fills *out for sample i (< onc_tmb_n_samples); ONC_EINVAL when i is out of range. */
onc_rc onc_tmb_get(const onc_tmb_acc_t *acc, size_t i, onc_tmb_result_t *out) ONC_MUST_CHECK;
/* The options the accumulator applies (its own copy). */
const onc_tmb_opts_t *onc_tmb_acc_opts(const onc_tmb_acc_t *acc);

/* Consequence terms met that map to no class (for a warning), each once, at most 16. */
size_t onc_tmb_n_unrecognised(const onc_tmb_acc_t *acc);
const char *onc_tmb_unrecognised(const onc_tmb_acc_t *acc, size_t i);

#endif
