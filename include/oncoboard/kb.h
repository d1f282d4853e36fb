/* kb.h: the knowledge base (kb/, docs/kb-format.md): loading, validation and OncoKB-style
 * alteration matching.
 *
 * onc_kb_load() reads the manifest kb/kb.yaml, the bibliography, gene roles, hotspots, groups,
 * immunotherapy settings and the evidence files it lists, and checks them strictly: the first
 * problem stops loading with "FILE:LINE: field a.b[2].c: ...". onc_kb_validate() runs the same
 * checks but collects every problem, plus the whole-base checks (duplicates, contradictions).
 *
 * Matching follows OncoKB (docs/kb-format.md "Matching"): onc_kb_match() answers "what does
 * the knowledge base say about this alteration in this tumor type": the curated alterations
 * that are relevant, in priority order, the oncogenicity and mutation effect, hotspot status,
 * and the evidence items that apply, with levels as curated and as applied to the tumor type.
 *
 * Everything returned (entries, strings, arrays) is owned by the onc_kb_t and read-only; it
 * lives until onc_kb_free(). Entry structs are public read-only views: add fields at the end.
 */
#ifndef ONCOBOARD_KB_H
#define ONCOBOARD_KB_H

#include "oncoboard/alteration.h"
#include "oncoboard/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct onc_kb onc_kb_t;

/* ---- vocabularies ---- */

/* Oncogenicity, ordered from strongest; ONC_ONCOGENICITY_UNKNOWN when nothing is known. */
typedef enum onc_oncogenicity {
    ONC_ONCOGENIC = 0,
    ONC_LIKELY_ONCOGENIC = 1,
    ONC_RESISTANCE = 2,       /* OncoKB's "Resistance": an alteration known for resistance only */
    ONC_INCONCLUSIVE = 3,
    ONC_LIKELY_NEUTRAL = 4,
    ONC_ONCOGENICITY_UNKNOWN = 5
} onc_oncogenicity;
/* "Oncogenic", "Likely Oncogenic", "Resistance", "Inconclusive", "Likely Neutral", "Unknown". */
const char *onc_oncogenicity_name(onc_oncogenicity o);
/* True for Oncogenic and Likely Oncogenic. */
bool onc_oncogenicity_is_oncogenic(onc_oncogenicity o);

typedef enum onc_gene_role {
    ONC_ROLE_UNKNOWN = 0, /* not in kb/genes.tsv */
    ONC_ROLE_ONCOGENE = 1,
    ONC_ROLE_TSG = 2,
    ONC_ROLE_BOTH = 3 /* oncogene_and_tsg */
} onc_gene_role;
const char *onc_gene_role_name(onc_gene_role r); /* "unknown" "oncogene" "tsg" "oncogene_and_tsg" */

typedef enum onc_ev_effect {
    ONC_EV_SENSITIVE = 0,
    ONC_EV_RESISTANT = 1,
    ONC_EV_PROGNOSTIC = 2,
    ONC_EV_DIAGNOSTIC = 3
} onc_ev_effect;
const char *onc_ev_effect_name(onc_ev_effect e); /* "sensitive" ... */

/* OncoKB-style levels, ordered as OncoKB's HIGHEST_LEVEL ranks sensitive ones: 1 > 2 > 3A >
 * 3B > 4; resistance R1 > R2. ONC_LEVEL_NONE when not assigned. */
typedef enum onc_level {
    ONC_LEVEL_1 = 0, ONC_LEVEL_2, ONC_LEVEL_3A, ONC_LEVEL_3B, ONC_LEVEL_4, ONC_LEVEL_R1, ONC_LEVEL_R2,
    ONC_LEVEL_NONE
} onc_level;
const char *onc_level_name(onc_level l); /* "1" "2" "3A" "3B" "4" "R1" "R2", NULL for NONE */

/* ---- entries (read-only views) ---- */

/* A source of kb/sources.yaml. */
typedef struct onc_kb_source {
    const char *key;      /* "FLAURA" */
    const char *kind;     /* article | trial | label | guideline | database | review */
    const char *citation;
    const char *pmid, *doi, *url, *trial, *accessed; /* NULL when absent */
} onc_kb_source_t;

/* A curated alteration of a gene ("alterations:" of an evidence file). Patterns named only by
 * evidence items are curated alterations too, with oncogenicity Unknown and no sources. */
typedef struct onc_kb_alteration {
    const char *gene;
    const char *alteration;      /* the pattern as written: "L858R", "729_761del",
                                    "Oncogenic Mutations {excluding V600}" */
    const char *name;            /* display name ("exon 19 in-frame deletion") or NULL */
    onc_oncogenicity oncogenicity;
    const char *effect;          /* mutation effect ("Gain-of-function"), NULL when absent */
    const char *const *sources;  /* keys into sources.yaml */
    size_t n_sources;
    const char *note;
    const char *file;            /* where it is curated, for messages and `kb show` */
    uint64_t line;
} onc_kb_alteration_t;

typedef struct onc_kb_approval {
    const char *agency;     /* EMA | FDA | ... */
    const char *indication;
    const char *assay;      /* NULL when none named */
    const char *date;       /* YYYY-MM-DD */
    const char *source;     /* key into sources.yaml, or NULL */
} onc_kb_approval_t;

/* An evidence item ("evidence:" of an evidence file). */
typedef struct onc_kb_evidence {
    const char *id;                   /* unique in the knowledge base */
    const char *gene;
    const char *const *alterations;   /* patterns, as written */
    size_t n_alterations;
    const char *const *tumor_types;   /* OncoTree codes as written (descendants included) */
    size_t n_tumor_types;
    onc_ev_effect effect;
    const char *const *agents;        /* lower-case INN; several = one combination */
    size_t n_agents;
    const char *setting;              /* free text or NULL */
    const char *escat;                /* "I-A" ... "X", or NULL */
    const char *escat_source;         /* key, or NULL */
    bool escat_verified;
    onc_level level;                  /* as curated */
    const onc_kb_approval_t *approvals;
    size_t n_approvals;
    const char *const *sources;
    size_t n_sources;
    const char *reviewed;             /* YYYY-MM-DD */
    bool verified;
    const char *note;
    const char *file;
    uint64_t line;
} onc_kb_evidence_t;

/* ---- loading ---- */

/* Loads the knowledge base from kb_dir (NULL: $ONCOBOARD_KB when set, else the built-in copy).
 * NULL with err set on the first problem (ONC_EPARSE "FILE:LINE: field F: ...", ONC_EIO,
 * ONC_ENOTFOUND when kb.yaml is absent: "no knowledge base: kb/kb.yaml not found ..."). */
onc_kb_t *onc_kb_load(const char *kb_dir, onc_err_t *err);
void onc_kb_free(onc_kb_t *kb); /* accepts NULL */

/* Manifest fields: version ("2026.11.1"), date (YYYY-MM-DD), name; never NULL. */
const char *onc_kb_version(const onc_kb_t *kb);
const char *onc_kb_date(const onc_kb_t *kb);
const char *onc_kb_name(const onc_kb_t *kb);

/* Validates kb_dir (NULL as in onc_kb_load), calling report(msg, ctx) once per problem
 * ("FILE:LINE: field F: ..."), without stopping at the first. Returns the number of problems
 * (0: clean), or -1 with err set when the base cannot be read at all (no kb.yaml, the manifest
 * unreadable). */
long onc_kb_validate(const char *kb_dir, void (*report)(const char *msg, void *ctx), void *ctx,
                     onc_err_t *err);

/* ---- lookups ---- */

/* Gene role from kb/genes.tsv (aliases resolved). */
onc_gene_role onc_kb_gene_role(const onc_kb_t *kb, const char *gene);
/* The approved symbol of sym (alias table), or sym. */
const char *onc_kb_gene_symbol(const onc_kb_t *kb, const char *sym);

size_t onc_kb_n_evidence(const onc_kb_t *kb);
const onc_kb_evidence_t *onc_kb_evidence_at(const onc_kb_t *kb, size_t i); /* in load order */
const onc_kb_evidence_t *onc_kb_evidence_find(const onc_kb_t *kb, const char *id);
/* Curated alterations of every gene, in load order (patterns named only by evidence items
 * included, with oncogenicity Unknown). */
size_t onc_kb_n_alterations(const onc_kb_t *kb);
const onc_kb_alteration_t *onc_kb_alteration_at(const onc_kb_t *kb, size_t i);
const onc_kb_source_t *onc_kb_source_find(const onc_kb_t *kb, const char *key);

/* ---- matching ---- */

/* One evidence item as it applies to the queried tumor type. */
typedef struct onc_kb_applied {
    const onc_kb_evidence_t *ev;
    onc_level level;          /* as applied: lowered to 3B when from another tumor type */
    const char *escat;        /* as applied: I/II tiers become III-A from another tumor type */
    bool other_tumor_type;    /* curated for another tumor type (propagated) */
    const char *matched;      /* the curated alteration (pattern) that made it apply */
} onc_kb_applied_t;

#define ONC_KB_MATCH_MAX 128 /* relevant alterations / applied items kept; more is ONC_ELIMIT */

typedef struct onc_kb_match {
    onc_oncogenicity oncogenicity;
    const char *effect;               /* mutation effect, "Unknown" when none */
    bool hotspot;                     /* at a kb/hotspots.tsv residue */
    bool curated;                     /* the exact alteration is curated */
    onc_gene_role role;
    size_t n_relevant;                /* curated alterations that match, OncoKB priority order */
    const onc_kb_alteration_t *relevant[ONC_KB_MATCH_MAX];
    bool relevant_is_allele[ONC_KB_MATCH_MAX]; /* relevant[i] is another allele at the residue
                                         or an overlapping specific change: it informs the
                                         oncogenicity, its evidence does not apply (as OncoKB's
                                         excludeAlternativeAlleles) */
    size_t n_applied;                 /* evidence items, best level first */
    onc_kb_applied_t applied[ONC_KB_MATCH_MAX];
} onc_kb_match_t;

/* Matches alteration a (gene, kind, alteration; for mutations also consequence when given,
 * "p." forms accepted) in tumor_type (an OncoTree code, NULL: every tumor type, levels as
 * curated). ONC_OK with *out filled (an unknown gene or an alteration no entry names is not
 * an error: oncogenicity Unknown, nothing relevant); ONC_EINVAL for a tumor type that is not
 * an OncoTree code; ONC_EPARSE for an alteration that cannot be read. */
onc_rc onc_kb_match(const onc_kb_t *kb, const onc_alt_t *a, const char *tumor_type, onc_kb_match_t *out,
                    onc_err_t *err) ONC_MUST_CHECK;
/* The kind an alteration's text implies: fusion for "EML4-ALK Fusion" and "Fusions",
 * amplification, gain, loss, deletion for those words, biomarker for named events (vIII,
 * MSI-H), mutation otherwise. */
onc_alt_kind onc_kb_alteration_kind(const char *alteration);
/* Convenience: gene + alteration text ("L858R", "EML4-ALK Fusion", "Amplification"), kind
 * from the text (onc_kb_alteration_kind) when kind < 0. */
onc_rc onc_kb_match_text(const onc_kb_t *kb, const char *gene, const char *alteration, int kind,
                         const char *tumor_type, onc_kb_match_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* True when the alteration (as in onc_kb_match) is matched by pattern, a single alteration
 * pattern of the grammar ("729_761del", "Fusions", "V600 {excluding V600E}") of gene. The
 * same matcher the entries use; groups.yaml and trials use it. ONC_EPARSE for a bad pattern,
 * found when it is compared with an alteration that may be of its gene (an alteration of
 * another gene is answered first, without parsing: the knowledge base checks its patterns when
 * it loads). */
onc_rc onc_kb_pattern_matches(const onc_kb_t *kb, const char *gene, const char *pattern, const onc_alt_t *a,
                              bool *matches, onc_err_t *err) ONC_MUST_CHECK;

/* ---- molecular groups (kb/groups.yaml) ---- */

typedef struct onc_kb_group_rule {
    const char *gene;
    const char *const *alterations; /* patterns */
    size_t n_alterations;
    const char *test;               /* mutation | fusion | cna | ihc */
    double min_copies;              /* copy-number rules: the copies a call needs (a call without
                                       copies does not qualify); NaN when the rule sets none */
} onc_kb_group_rule_t;

typedef struct onc_kb_group {
    const char *id;      /* CONTRACTS.md vocabulary: EGFR_COMMON ... */
    const char *label;
    const char *assess;  /* words of `not_assessed` */
    const onc_kb_group_rule_t *rules;
    size_t n_rules;
    const char *const *sources;
    size_t n_sources;
} onc_kb_group_t;

size_t onc_kb_n_groups(const onc_kb_t *kb); /* in tie-break order */
const onc_kb_group_t *onc_kb_group_at(const onc_kb_t *kb, size_t i);
/* The first group (tie-break order) one of whose rules matches a, or NULL. A rule with
 * min_copies matches only a call whose copies are known and at least that; a rule's test
 * (mutation, fusion, cna) limits it to alterations of that kind. */
const onc_kb_group_t *onc_kb_group_of(const onc_kb_t *kb, const onc_alt_t *a);

/* ---- immunotherapy settings (kb/immunotherapy.yaml) ---- */

/* A number setting by dotted path ("tmb.high_threshold"); NAN when absent. */
double onc_kb_immuno_number(const onc_kb_t *kb, const char *path);
/* A string setting, NULL when absent. */
const char *onc_kb_immuno_string(const onc_kb_t *kb, const char *path);
/* The length of a list setting ("negative_predictors", "germline.genes"), 0 when absent, and
 * its string items. */
size_t onc_kb_immuno_list_size(const onc_kb_t *kb, const char *path);
const char *onc_kb_immuno_list_item(const onc_kb_t *kb, const char *path, size_t i);

#endif
