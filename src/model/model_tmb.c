/* model_tmb.c: tumor mutational burden (see tmb.h for the contract, docs/tmb.md for the rules).
 *
 * Each alteration goes through the rules in a fixed order (kind, FILTER, coding status,
 * consequence, depth, VAF) and lands in exactly one bin: counted, or excluded for the first
 * rule it fails. Bins are kept per sample, because a MAF holds many tumors and each has its
 * own TMB. Consequences are read term by term from whatever the annotator wrote (VEP and
 * SnpEff SO terms joined by '&', GDC MAF lists joined by ';', bcftools csq's short names, or a
 * MAF Variant_Classification) and mapped to a small set of classes; the presets say which
 * classes count, each from a published scheme.
 */
#include "oncoboard/tmb.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- consequence terms ---- */

typedef struct tmb_term { const char *name; onc_tmb_class cls; } tmb_term_t;

/* Sorted for strcasecmp (test_tmb checks it), so that a lookup is a binary search. MAF
 * classes whose lower-case spelling is an SO or bcftools term ("Intron", "Splice_Region")
 * match that entry. Sources: Ensembl VEP's consequence table (SO terms, as in
 * shared/data/oncokb/oncokb-core-tests/variant-consequences.txt), SnpEff's SO names, bcftools
 * csq's short names, and the MAF Variant_Classification values of the GDC MAF format. */
static const tmb_term_t terms[] = {
    {"3'Flank", ONC_TMB_C_NONCODING},
    {"3'UTR", ONC_TMB_C_NONCODING},
    {"3_prime_utr", ONC_TMB_C_NONCODING},
    {"3_prime_UTR_variant", ONC_TMB_C_NONCODING},
    {"5'Flank", ONC_TMB_C_NONCODING},
    {"5'UTR", ONC_TMB_C_NONCODING},
    {"5_prime_utr", ONC_TMB_C_NONCODING},
    {"5_prime_UTR_premature_start_codon_gain_variant", ONC_TMB_C_NONCODING},
    {"5_prime_UTR_variant", ONC_TMB_C_NONCODING},
    {"coding_sequence", ONC_TMB_C_CODING_OTHER},
    {"coding_sequence_variant", ONC_TMB_C_CODING_OTHER},
    {"coding_transcript_variant", ONC_TMB_C_NONCODING},
    {"conservative_inframe_deletion", ONC_TMB_C_INFRAME},
    {"conservative_inframe_insertion", ONC_TMB_C_INFRAME},
    {"conserved_intergenic_variant", ONC_TMB_C_NONCODING},
    {"conserved_intron_variant", ONC_TMB_C_NONCODING},
    {"De_novo_Start_InFrame", ONC_TMB_C_NONCODING},
    {"De_novo_Start_OutOfFrame", ONC_TMB_C_NONCODING},
    {"disruptive_inframe_deletion", ONC_TMB_C_INFRAME},
    {"disruptive_inframe_insertion", ONC_TMB_C_INFRAME},
    {"downstream_gene_variant", ONC_TMB_C_NONCODING},
    {"exon_loss_variant", ONC_TMB_C_CODING_OTHER},
    {"feature_elongation", ONC_TMB_C_CODING_OTHER},
    {"feature_truncation", ONC_TMB_C_CODING_OTHER},
    {"Frame_Shift_Del", ONC_TMB_C_FRAMESHIFT},
    {"Frame_Shift_Ins", ONC_TMB_C_FRAMESHIFT},
    {"frameshift", ONC_TMB_C_FRAMESHIFT},
    {"frameshift_variant", ONC_TMB_C_FRAMESHIFT},
    {"IGR", ONC_TMB_C_NONCODING},
    {"In_Frame_Del", ONC_TMB_C_INFRAME},
    {"In_Frame_Ins", ONC_TMB_C_INFRAME},
    {"incomplete_terminal_codon_variant", ONC_TMB_C_CODING_OTHER},
    {"inframe_altering", ONC_TMB_C_INFRAME},
    {"inframe_deletion", ONC_TMB_C_INFRAME},
    {"inframe_insertion", ONC_TMB_C_INFRAME},
    {"initiator_codon_variant", ONC_TMB_C_CODING_OTHER},
    {"intergenic", ONC_TMB_C_NONCODING},
    {"intergenic_region", ONC_TMB_C_NONCODING},
    {"intergenic_variant", ONC_TMB_C_NONCODING},
    {"intragenic_variant", ONC_TMB_C_NONCODING},
    {"intron", ONC_TMB_C_NONCODING},
    {"intron_variant", ONC_TMB_C_NONCODING},
    {"lincRNA", ONC_TMB_C_NONCODING},
    {"mature_miRNA_variant", ONC_TMB_C_NONCODING},
    {"missense", ONC_TMB_C_MISSENSE},
    {"Missense_Mutation", ONC_TMB_C_MISSENSE},
    {"missense_variant", ONC_TMB_C_MISSENSE},
    {"NMD_transcript_variant", ONC_TMB_C_NONCODING},
    {"non_coding", ONC_TMB_C_NONCODING},
    {"non_coding_exon_variant", ONC_TMB_C_NONCODING},
    {"non_coding_transcript_exon_variant", ONC_TMB_C_NONCODING},
    {"non_coding_transcript_variant", ONC_TMB_C_NONCODING},
    {"Nonsense_Mutation", ONC_TMB_C_NONSENSE},
    {"Nonstop_Mutation", ONC_TMB_C_STOP_LOST},
    {"protein_altering_variant", ONC_TMB_C_PROTEIN_ALTERING},
    {"regulatory_region_ablation", ONC_TMB_C_NONCODING},
    {"regulatory_region_amplification", ONC_TMB_C_NONCODING},
    {"regulatory_region_variant", ONC_TMB_C_NONCODING},
    {"RNA", ONC_TMB_C_NONCODING},
    {"Silent", ONC_TMB_C_SYNONYMOUS},
    {"splice_acceptor", ONC_TMB_C_SPLICE_SITE},
    {"splice_acceptor_variant", ONC_TMB_C_SPLICE_SITE},
    {"splice_donor", ONC_TMB_C_SPLICE_SITE},
    {"splice_donor_5th_base_variant", ONC_TMB_C_SPLICE_REGION},
    {"splice_donor_region_variant", ONC_TMB_C_SPLICE_REGION},
    {"splice_donor_variant", ONC_TMB_C_SPLICE_SITE},
    {"splice_polypyrimidine_tract_variant", ONC_TMB_C_SPLICE_REGION},
    {"splice_region", ONC_TMB_C_SPLICE_REGION},
    {"splice_region_variant", ONC_TMB_C_SPLICE_REGION},
    {"Splice_Site", ONC_TMB_C_SPLICE_SITE},
    {"start_lost", ONC_TMB_C_START_LOST},
    {"start_retained", ONC_TMB_C_SYNONYMOUS},
    {"start_retained_variant", ONC_TMB_C_SYNONYMOUS},
    {"stop_gained", ONC_TMB_C_NONSENSE},
    {"stop_lost", ONC_TMB_C_STOP_LOST},
    {"stop_retained", ONC_TMB_C_SYNONYMOUS},
    {"stop_retained_variant", ONC_TMB_C_SYNONYMOUS},
    {"synonymous", ONC_TMB_C_SYNONYMOUS},
    {"synonymous_variant", ONC_TMB_C_SYNONYMOUS},
    {"TF_binding_site_variant", ONC_TMB_C_NONCODING},
    {"TFBS_ablation", ONC_TMB_C_NONCODING},
    {"TFBS_amplification", ONC_TMB_C_NONCODING},
    {"transcript_ablation", ONC_TMB_C_CODING_OTHER},
    {"transcript_amplification", ONC_TMB_C_CODING_OTHER},
    {"Translation_Start_Site", ONC_TMB_C_START_LOST},
    {"upstream_gene_variant", ONC_TMB_C_NONCODING},
};
#define N_TERMS (sizeof terms / sizeof *terms)

static int term_cmp(const void *key, const void *elem)
{
    return strcasecmp(key, ((const tmb_term_t *)elem)->name);
}

#define TERM_MAX 64 /* longer terms are unrecognised, never truncated into a match */

/* Copies the next term of *p into buf (without bcftools csq's '*' and '@' markers and the
 * surrounding spaces); returns 0, or -1 at the end. A term longer than TERM_MAX comes back
 * as "" (unrecognised). */
static int next_term(const char **p, char *buf)
{
    const char *s = *p;
    while (*s && strchr("&;,| ", *s)) s++;
    if (!*s) return -1;
    const char *e = s;
    while (*e && !strchr("&;,|", *e)) e++;
    *p = e;
    while (s < e && (*s == '*' || *s == '@' || *s == ' ')) s++;
    while (e > s && e[-1] == ' ') e--;
    size_t n = (size_t)(e - s);
    if (n > TERM_MAX) n = 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return 0;
}

/* The class of one term, or -1. */
static int term_class(const char *term)
{
    if (!*term) return -1;
    const tmb_term_t *t = bsearch(term, terms, N_TERMS, sizeof *terms, term_cmp);
    return t ? (int)t->cls : -1;
}

unsigned onc_tmb_consequence_classes(const char *consequence, int *unrecognised)
{
    unsigned cls = 0;
    int unknown = 0;
    char buf[TERM_MAX + 1];
    const char *p = consequence ? consequence : "";
    while (next_term(&p, buf) == 0) {
        int c = term_class(buf);
        if (c < 0) unknown++;
        else cls |= ONC_TMB_BIT(c);
    }
    if (unrecognised) *unrecognised = unknown;
    return cls;
}

static const char *const class_names[ONC_TMB_N_CLASSES] = {
    "missense", "nonsense", "frameshift", "inframe", "splice_site", "start_lost",
    "stop_lost", "protein_altering", "synonymous", "splice_region", "coding_other", "noncoding"};

const char *onc_tmb_class_name(onc_tmb_class c)
{
    return (unsigned)c < ONC_TMB_N_CLASSES ? class_names[c] : NULL;
}

onc_rc onc_tmb_classes_parse(const char *list, unsigned *out, onc_err_t *err)
{
    unsigned cls = 0;
    char buf[TERM_MAX + 1];
    const char *p = list ? list : "";
    while (next_term(&p, buf) == 0) {
        int found = -1;
        for (int c = 0; c < ONC_TMB_N_CLASSES; c++)
            if (strcasecmp(buf, class_names[c]) == 0) found = c;
        if (found < 0 || found == ONC_TMB_C_NONCODING)
            return onc_err_set(err, ONC_EINVAL,
                               "unknown consequence class '%s' (missense, nonsense, frameshift, "
                               "inframe, splice_site, start_lost, stop_lost, protein_altering, "
                               "synonymous, splice_region, coding_other)", buf);
        cls |= ONC_TMB_BIT(found);
    }
    if (!cls) return onc_err_set(err, ONC_EINVAL, "empty list of consequence classes");
    *out = cls;
    return ONC_OK;
}

/* ---- options and presets ---- */

#define NONSYNONYMOUS                                                                            \
    (ONC_TMB_BIT(ONC_TMB_C_MISSENSE) | ONC_TMB_BIT(ONC_TMB_C_NONSENSE) |                        \
     ONC_TMB_BIT(ONC_TMB_C_FRAMESHIFT) | ONC_TMB_BIT(ONC_TMB_C_INFRAME) |                       \
     ONC_TMB_BIT(ONC_TMB_C_SPLICE_SITE) | ONC_TMB_BIT(ONC_TMB_C_START_LOST) |                   \
     ONC_TMB_BIT(ONC_TMB_C_STOP_LOST) | ONC_TMB_BIT(ONC_TMB_C_PROTEIN_ALTERING))
/* Every class a change inside a coding sequence can have: rules counting all of them can
 * count an unannotated mutation that a coding-region BED places in the panel. */
#define ALL_CODING                                                                               \
    (ONC_TMB_BIT(ONC_TMB_C_MISSENSE) | ONC_TMB_BIT(ONC_TMB_C_NONSENSE) |                        \
     ONC_TMB_BIT(ONC_TMB_C_FRAMESHIFT) | ONC_TMB_BIT(ONC_TMB_C_INFRAME) |                       \
     ONC_TMB_BIT(ONC_TMB_C_START_LOST) | ONC_TMB_BIT(ONC_TMB_C_STOP_LOST) |                     \
     ONC_TMB_BIT(ONC_TMB_C_PROTEIN_ALTERING) | ONC_TMB_BIT(ONC_TMB_C_SYNONYMOUS))

typedef struct tmb_preset {
    const char *name;
    unsigned classes;
    const char *source;
} tmb_preset_t;

/* Every preset counts PASS records only and sets no VAF or depth threshold: the published
 * schemes below define which consequences count; their thresholds belong to each lab's
 * pipeline and are set with the options. docs/tmb.md quotes each source. */
static const tmb_preset_t presets[] = {
    {"nonsynonymous", NONSYNONYMOUS,
     "PCGR coding_non_silent: CSQ_CODING_PATTERN in sigven/pcgr pcgr/pcgr_vars.py (commit 5d00cae)"},
    {"coding-and-silent", NONSYNONYMOUS | ONC_TMB_BIT(ONC_TMB_C_SYNONYMOUS),
     "PCGR coding_and_silent: CSQ_CODING_SILENT_PATTERN in sigven/pcgr pcgr/pcgr_vars.py "
     "(commit 5d00cae); synonymous counted as in Chalmers et al. 2017 (Genome Med 9:34), whose "
     "exclusion of known somatic and germline variants is not applied"},
    {"missense-only", ONC_TMB_BIT(ONC_TMB_C_MISSENSE),
     "PCGR missense_only: CSQ_MISSENSE_PATTERN in sigven/pcgr pcgr/pcgr_vars.py (commit 5d00cae)"},
    {"cbioportal",
     ONC_TMB_BIT(ONC_TMB_C_MISSENSE) | ONC_TMB_BIT(ONC_TMB_C_NONSENSE) |
         ONC_TMB_BIT(ONC_TMB_C_FRAMESHIFT) | ONC_TMB_BIT(ONC_TMB_C_INFRAME) |
         ONC_TMB_BIT(ONC_TMB_C_SPLICE_SITE) | ONC_TMB_BIT(ONC_TMB_C_STOP_LOST) |
         ONC_TMB_BIT(ONC_TMB_C_SPLICE_REGION),
     "cBioPortal non-synonymous TMB: cBioPortal/datahub-study-curation-tools "
     "tmb/calculate_tmb/Readme.md (commit 08cc865)"},
};
#define N_PRESETS (sizeof presets / sizeof *presets)

static const tmb_preset_t *find_preset(const char *name)
{
    if (name && strcmp(name, "default") == 0) name = presets[0].name;
    for (size_t i = 0; name && i < N_PRESETS; i++)
        if (strcmp(presets[i].name, name) == 0) return &presets[i];
    return NULL;
}

void onc_tmb_opts_init(onc_tmb_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->panel_size_mb = NAN;
    o->preset = presets[0].name;
    o->classes = presets[0].classes;
    o->pass_only = 1;
}

onc_rc onc_tmb_opts_preset(onc_tmb_opts_t *o, const char *name, onc_err_t *err)
{
    const tmb_preset_t *p = find_preset(name);
    if (!p)
        return onc_err_set(err, ONC_ENOTFOUND,
                           "unknown TMB preset '%s' (default, nonsynonymous, coding-and-silent, "
                           "missense-only, cbioportal)", name ? name : "");
    o->preset = p->name;
    o->classes = p->classes;
    o->pass_only = 1;
    o->min_vaf = 0;
    o->min_depth = 0;
    return ONC_OK;
}

const char *const *onc_tmb_preset_names(void)
{
    static const char *const names[N_PRESETS + 1] = {"nonsynonymous", "coding-and-silent",
                                                     "missense-only", "cbioportal", NULL};
    return names;
}

const char *onc_tmb_preset_source(const char *name)
{
    const tmb_preset_t *p = find_preset(name);
    return p ? p->source : NULL;
}

onc_rc onc_tmb_opts_check(const onc_tmb_opts_t *o, onc_err_t *err)
{
    if (!(o->panel_size_mb > 0) || !isfinite(o->panel_size_mb))
        return onc_err_set(err, ONC_EINVAL,
                           "the panel size must be given in megabases and be > 0: TMB is never "
                           "computed on a guessed panel size");
    if (!o->classes || (o->classes & ~(ONC_TMB_BIT(ONC_TMB_C_NONCODING) - 1u)))
        return onc_err_set(err, ONC_EINVAL, "the counted consequence classes are empty or invalid");
    if (!(o->min_vaf >= 0 && o->min_vaf <= 1))
        return onc_err_set(err, ONC_EINVAL, "the minimum VAF must be from 0 to 1");
    if (o->min_depth < 0) return onc_err_set(err, ONC_EINVAL, "the minimum depth must be >= 0");
    return ONC_OK;
}

/* ---- the rules ---- */

static const char *const reason_names[ONC_TMB_N_REASONS] = {
    "not_mutation", "not_pass", "non_coding", "coding_unknown", "consequence_not_counted",
    "consequence_unknown", "below_depth", "depth_unknown", "below_vaf", "vaf_unknown"};

const char *onc_tmb_reason_name(onc_tmb_reason r)
{
    return (unsigned)r < ONC_TMB_N_REASONS ? reason_names[r] : NULL;
}

/* FILTER is PASS when the reader did not flag it and it reads PASS, '.' or nothing. */
static int is_pass(const onc_alt_t *a)
{
    if (a->flags & ONC_ALT_NOT_PASS) return 0;
    return !a->filter || !*a->filter || strcmp(a->filter, "PASS") == 0 || strcmp(a->filter, ".") == 0;
}

/* Coding status and consequence: ONC_TMB_COUNTED or the reason. */
static int consequence_rule(const onc_tmb_opts_t *o, const onc_alt_t *a)
{
    unsigned cls = onc_tmb_consequence_classes(a->consequence, NULL);
    if (o->coding_bed) {
        if (!a->chrom || a->pos == ONC_POS_MISSING) return ONC_TMB_EX_CODING_UNKNOWN;
        if (!onc_bed_contains(o->coding_bed, a->chrom, a->pos)) return ONC_TMB_EX_NON_CODING;
        if (!cls)
            return (o->classes & ALL_CODING) == ALL_CODING ? ONC_TMB_COUNTED
                                                           : ONC_TMB_EX_CONSEQUENCE_UNKNOWN;
    } else {
        if (!cls) return ONC_TMB_EX_CODING_UNKNOWN;
        if (cls == ONC_TMB_BIT(ONC_TMB_C_NONCODING)) return ONC_TMB_EX_NON_CODING;
    }
    return (cls & o->classes) ? ONC_TMB_COUNTED : ONC_TMB_EX_NOT_COUNTED;
}

/* The VAF, or the alt reads over the depth when only those were given; NaN when neither. */
static double vaf_of(const onc_alt_t *a)
{
    if (!isnan(a->vaf)) return a->vaf;
    if (a->alt_count != ONC_INT_MISSING && a->depth != ONC_INT_MISSING && a->depth > 0)
        return (double)a->alt_count / a->depth;
    return NAN;
}

int onc_tmb_classify(const onc_tmb_opts_t *o, const onc_alt_t *a)
{
    if (a->kind != ONC_KIND_MUTATION) return ONC_TMB_EX_NOT_MUTATION;
    if (o->pass_only && !is_pass(a)) return ONC_TMB_EX_NOT_PASS;
    int r = consequence_rule(o, a);
    if (r != ONC_TMB_COUNTED) return r;
    if (o->min_depth > 0) {
        if (a->depth == ONC_INT_MISSING) return ONC_TMB_EX_DEPTH_UNKNOWN;
        if (a->depth < o->min_depth) return ONC_TMB_EX_BELOW_DEPTH;
    }
    if (o->min_vaf > 0) {
        double vaf = vaf_of(a);
        if (isnan(vaf)) return ONC_TMB_EX_VAF_UNKNOWN;
        if (vaf < o->min_vaf) return ONC_TMB_EX_BELOW_VAF;
    }
    return ONC_TMB_COUNTED;
}

/* ---- the accumulator ---- */

typedef struct tmb_sample {
    char *name;
    uint64_t seen, counted, excluded[ONC_TMB_N_REASONS];
} tmb_sample_t;

#define MAX_UNRECOGNISED 16

struct onc_tmb_acc {
    onc_tmb_opts_t opts;
    char *preset;
    tmb_sample_t *samples;
    size_t n_samples, m_samples;
    uint32_t *slots; /* open addressing: sample index + 1, 0 = empty */
    size_t n_slots;  /* a power of two, at least twice n_samples */
    char *unrecognised[MAX_UNRECOGNISED];
    size_t n_unrecognised;
};

onc_tmb_acc_t *onc_tmb_acc_new(const onc_tmb_opts_t *o, onc_err_t *err)
{
    if (onc_tmb_opts_check(o, err)) return NULL;
    onc_tmb_acc_t *acc = calloc(1, sizeof *acc);
    if (acc) {
        acc->opts = *o;
        acc->preset = strdup(o->preset ? o->preset : "custom");
        acc->n_slots = 64;
        acc->slots = calloc(acc->n_slots, sizeof *acc->slots);
    }
    if (!acc || !acc->preset || !acc->slots) {
        onc_tmb_acc_free(acc);
        onc_err_set(err, ONC_ENOMEM, "out of memory");
        return NULL;
    }
    acc->opts.preset = acc->preset;
    return acc;
}

void onc_tmb_acc_free(onc_tmb_acc_t *acc)
{
    if (!acc) return;
    for (size_t i = 0; i < acc->n_samples; i++) free(acc->samples[i].name);
    for (size_t i = 0; i < acc->n_unrecognised; i++) free(acc->unrecognised[i]);
    free(acc->samples);
    free(acc->slots);
    free(acc->preset);
    free(acc);
}

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The slot where name is, or the empty slot where it would go. */
static uint32_t *find_slot(const onc_tmb_acc_t *acc, uint32_t *slots, size_t n_slots, const char *name)
{
    size_t i = (size_t)hash_name(name) & (n_slots - 1);
    while (slots[i] && strcmp(acc->samples[slots[i] - 1].name, name) != 0) i = (i + 1) & (n_slots - 1);
    return &slots[i];
}

static onc_rc grow_slots(onc_tmb_acc_t *acc)
{
    size_t n = acc->n_slots * 2;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots) return ONC_ENOMEM;
    for (size_t i = 0; i < acc->n_samples; i++)
        *find_slot(acc, slots, n, acc->samples[i].name) = (uint32_t)(i + 1);
    free(acc->slots);
    acc->slots = slots;
    acc->n_slots = n;
    return ONC_OK;
}

static onc_rc sample_of(onc_tmb_acc_t *acc, const char *name, tmb_sample_t **out)
{
    uint32_t *slot = find_slot(acc, acc->slots, acc->n_slots, name);
    if (*slot) return *out = &acc->samples[*slot - 1], ONC_OK;
    if (acc->n_samples == ONC_TMB_MAX_SAMPLES) return ONC_ELIMIT;
    if (acc->n_samples == acc->m_samples) {
        size_t m = acc->m_samples ? acc->m_samples * 2 : 16;
        tmb_sample_t *s = realloc(acc->samples, m * sizeof *s);
        if (!s) return ONC_ENOMEM;
        acc->samples = s;
        acc->m_samples = m;
    }
    tmb_sample_t *s = &acc->samples[acc->n_samples];
    memset(s, 0, sizeof *s);
    if (!(s->name = strdup(name))) return ONC_ENOMEM;
    *slot = (uint32_t)++acc->n_samples;
    if (acc->n_samples * 2 > acc->n_slots && grow_slots(acc)) return ONC_ENOMEM;
    *out = s;
    return ONC_OK;
}

/* Keeps the consequence terms that map to no class, for the caller's warning. */
static void note_unrecognised(onc_tmb_acc_t *acc, const char *consequence)
{
    char buf[TERM_MAX + 1];
    const char *p = consequence;
    while (acc->n_unrecognised < MAX_UNRECOGNISED && next_term(&p, buf) == 0) {
        if (term_class(buf) >= 0) continue;
        const char *shown = *buf ? buf : "(a term longer than 64 characters)";
        int known = 0;
        for (size_t i = 0; i < acc->n_unrecognised; i++) known |= !strcmp(acc->unrecognised[i], shown);
        if (!known && (acc->unrecognised[acc->n_unrecognised] = strdup(shown))) acc->n_unrecognised++;
    }
}

onc_rc onc_tmb_add(onc_tmb_acc_t *acc, const onc_alt_t *a)
{
    tmb_sample_t *s;
    onc_rc rc = sample_of(acc, a->sample ? a->sample : "", &s);
    if (rc) return rc;
    s->seen++;
    int r = onc_tmb_classify(&acc->opts, a);
    if (r == ONC_TMB_COUNTED) s->counted++;
    else s->excluded[r]++;
    int unknown = 0;
    if (a->kind == ONC_KIND_MUTATION && a->consequence) onc_tmb_consequence_classes(a->consequence, &unknown);
    if (unknown) note_unrecognised(acc, a->consequence);
    return ONC_OK;
}

size_t onc_tmb_n_samples(const onc_tmb_acc_t *acc) { return acc ? acc->n_samples : 0; }

onc_rc onc_tmb_get(const onc_tmb_acc_t *acc, size_t i, onc_tmb_result_t *out)
{
    if (!acc || i >= acc->n_samples) return ONC_EINVAL;
    const tmb_sample_t *s = &acc->samples[i];
    out->sample = s->name;
    out->seen = s->seen;
    out->mutations = s->counted;
    out->panel_size_mb = acc->opts.panel_size_mb;
    out->tmb = (double)s->counted / acc->opts.panel_size_mb;
    out->complete = !s->excluded[ONC_TMB_EX_CODING_UNKNOWN] && !s->excluded[ONC_TMB_EX_CONSEQUENCE_UNKNOWN];
    memcpy(out->excluded, s->excluded, sizeof out->excluded);
    return ONC_OK;
}

const onc_tmb_opts_t *onc_tmb_acc_opts(const onc_tmb_acc_t *acc) { return &acc->opts; }
size_t onc_tmb_n_unrecognised(const onc_tmb_acc_t *acc) { return acc->n_unrecognised; }

const char *onc_tmb_unrecognised(const onc_tmb_acc_t *acc, size_t i)
{
    return i < acc->n_unrecognised ? acc->unrecognised[i] : NULL;
}
