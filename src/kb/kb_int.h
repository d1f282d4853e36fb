/* kb_int.h: what the knowledge-base files share inside src/kb (not a public header).
 *
 * kb_pattern.c parses OncoKB's alteration grammar into kb_pat_t, for curated entries and
 * for queries alike; kb_load.c builds the onc_kb_t (and, in collect mode, the validator);
 * kb_match.c runs OncoKB's relevant-alteration algorithm over one gene's curated list.
 */
#ifndef ONCOBOARD_KB_INT_H
#define ONCOBOARD_KB_INT_H

#include "oncoboard/doc.h"
#include "oncoboard/gene.h"
#include "oncoboard/hgvs.h"
#include "oncoboard/kb.h"
#include "oncoboard/kbfile.h"
#include "oncoboard/oncotree.h"

#include <stdbool.h>

/* ---- patterns ---- */

typedef enum kb_pat_kind {
    PAT_CHANGE,     /* a protein change, a range with a class (729_761del, 1_2772trunc) */
    PAT_POSITION,   /* V600: any change at the residue */
    PAT_ONCOGENIC,  /* Oncogenic Mutations */
    PAT_TRUNCATING, /* Truncating Mutations */
    PAT_VUS,        /* Variants of Unknown Significance */
    PAT_FUSIONS,    /* Fusions */
    PAT_FUSION,     /* A-B Fusion */
    PAT_AMPLIFICATION,
    PAT_DELETION,
    PAT_GAIN,
    PAT_LOSS,
    PAT_NAMED       /* vIII, C-terminal domain, Kinase Domain Duplication, MSI-H, TMB-H ... */
} kb_pat_kind;

/* Consequence classes, OncoKB's vocabulary reduced to what matching tells apart. */
typedef enum kb_csq {
    CSQ_MISSENSE, CSQ_SYNONYMOUS, CSQ_STOP_GAINED, CSQ_FRAMESHIFT, CSQ_INFRAME_DEL,
    CSQ_INFRAME_INS, CSQ_STOP_LOST, CSQ_START_LOST, CSQ_SPLICE,
    CSQ_TRUNC,    /* feature_truncation: a ..trunc range */
    CSQ_ANY,      /* a ..mut range */
    CSQ_NONTRUNC, /* a ..nontrunc range */
    CSQ_NONE      /* not a protein change */
} kb_csq;

#define KB_PAT_EXCL_MAX 16
#define KB_NAME_MAX 64

typedef struct kb_pat {
    kb_pat_kind kind;
    kb_csq csq;
    int32_t start, end;             /* protein positions (PAT_CHANGE, PAT_POSITION) */
    int is_range;                   /* a class range (1_2772trunc, 729_761del without residues) */
    onc_pchange_t pc;               /* PAT_CHANGE from a protein change */
    char ref;                       /* PAT_POSITION: the residue, 0 when not written */
    char gene_a[KB_NAME_MAX], gene_b[KB_NAME_MAX]; /* PAT_FUSION */
    char name[KB_NAME_MAX];         /* PAT_NAMED: canonical name */
    struct kb_pat *excl;            /* exclusions ({excluding A; B}) */
    size_t n_excl;
} kb_pat_t;

/* Parses text ("V600 {excluding V600E; V600K}"). ONC_EPARSE with a message (no location:
 * the caller adds it). kb_pat_free releases the exclusions. */
onc_rc kb_pat_parse(const char *text, kb_pat_t *out, onc_err_t *err);
/* False when kb_pat_parse cannot read text as a fusion of two named genes ("EML4-ALK
 * Fusion"): it has no "fusion" in it (case aside). */
bool kb_pat_may_be_fusion(const char *s);
void kb_pat_free(kb_pat_t *p);
/* True when the consequence is "generally truncating" (variant-consequences.txt). */
int kb_csq_truncating(kb_csq c);

/* ---- the loaded knowledge base ---- */

typedef struct kb_alt {
    onc_kb_alteration_t pub;
    kb_pat_t pat;
    bool alternative_allele; /* false: never another change's alternative allele (PDGFRA D842V) */
    size_t *evidence;       /* indices of the evidence items that name it */
    size_t n_evidence, m_evidence;
} kb_alt_t;

typedef struct kb_gene {
    char *symbol;
    onc_gene_role role;
    kb_alt_t **alts;        /* curated alterations, file order */
    size_t n_alts, m_alts;
} kb_gene_t;

typedef struct kb_hotspot {
    char *gene;
    int kind; /* 0 missense, 1 indel, 2 splice */
    int32_t start, end;
} kb_hotspot_t;

struct onc_kb {
    char *name, *version, *date;
    onc_oncotree_t *tree;
    onc_genes_t *genes_tab;
    kb_gene_t *genes;       /* sorted by symbol */
    size_t n_genes, m_genes;
    kb_alt_t **alts;        /* all, load order */
    size_t n_alts, m_alts;
    onc_kb_evidence_t *evidence;
    size_t n_evidence, m_evidence;
    const onc_tumor_type_t ***evidence_types; /* per item, its tumor types' nodes (resolved once) */
    onc_kb_source_t *sources;
    size_t n_sources;
    kb_hotspot_t *hotspots;
    size_t n_hotspots;
    onc_kb_group_t *groups;
    size_t n_groups;
    json_t *immuno;         /* kb/immunotherapy.yaml's root, or NULL */
    onc_doc_t **docs;       /* the YAML documents the entries point into */
    size_t n_docs, m_docs;
    /* every string and array the entries point to is in this arena */
    void **arena;
    size_t n_arena, m_arena;
};

kb_gene_t *kb_gene_find(const onc_kb_t *kb, const char *symbol);
/* Matches a parsed query pattern against a single curated pattern of gene g, the match
 * (for exclusions and onc_kb_pattern_matches). */
int kb_pat_covers(const onc_kb_t *kb, const kb_gene_t *g, const kb_pat_t *curated, const kb_pat_t *query);
/* The query pattern of an alteration record. */
onc_rc kb_query_pattern(const onc_alt_t *a, kb_pat_t *q, onc_err_t *err);

#endif
