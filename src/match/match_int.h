/* match_int.h: the inside of the matching engine (portfolio, trials, clauses, criteria trees).
 *
 * Loading (match_ctml.c) reads CTML documents into trials; each step, arm or dose level with a
 * `match` member becomes a clause. A clause's tree (match_tree.c) is a tree of AND/OR nodes over
 * typed criteria compiled once from their CTML values (match_keys.c): a clinical leaf becomes an
 * AND of one criterion per key (MatchMiner negates and evaluates clinical keys one by one), a
 * genomic leaf is one criterion, a conjunction over ONE event of the patient. Evaluation
 * (match_eval.c) walks the tree recursively; MatchMiner's root-to-leaf paths (match_paths.c) are
 * built from the clause's JSON only when its per-path records are asked for.
 *
 * Everything a portfolio owns lives in its arena, except the compiled extension conditions
 * (freed one by one) and the clauses' JSON (one reference each).
 */
#ifndef ONCOBOARD_MATCH_INT_H
#define ONCOBOARD_MATCH_INT_H

#include "match_ext.h"
#include "match_patient.h"
#include "oncoboard/arena.h"
#include "oncoboard/doc.h"
#include "oncoboard/match.h"
#include "oncoboard/strbuf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Limits of a clause: a tree deeper or larger than these is refused with its document path. */
#define MATCH_MAX_DEPTH 24           /* and/or nesting below `match` (the document reader allows 64 levels of mappings and lists) */
#define MATCH_MAX_NODES 20000        /* nodes of one clause's tree */
#define MATCH_MAX_PATHS 100000       /* MatchMiner root-to-leaf paths of one clause (records) */
#define MATCH_MAX_TRIALS 100000      /* trials of one portfolio */
#define MATCH_MAX_CLAUSES 1000       /* clauses of one trial */

/* ---- criteria ---- */

typedef enum crit_kind {
    CRIT_AGE = 0,   /* age_numerical */
    CRIT_DIAG,      /* oncotree_primary_diagnosis */
    CRIT_GENDER,    /* gender */
    CRIT_TMB,       /* tmb_numerical */
    CRIT_IGNORED,   /* her2/er/pr_status, disease_status: accepted, not evaluated (met) */
    CRIT_EXT,       /* an extension key (match_ext.h) */
    CRIT_GENOMIC,   /* a genomic leaf */
    CRIT_GENERIC    /* a leaf of any other name (tests of the tree logic only) */
} crit_kind;

typedef enum cmp_op { OP_EQ = 0, OP_LE, OP_GE, OP_LT, OP_GT } cmp_op;

/* VARIANT_CATEGORY as a criterion asks for it. */
typedef enum gcat {
    GCAT_NONE = 0, /* not constrained */
    GCAT_MUTATION,
    GCAT_CNV,
    GCAT_ANY,      /* Any Variation: MUTATION or CNV (never SV) */
    GCAT_SV,       /* Structural Variation: structured partners or the free-text comment */
    GCAT_SIGNATURE,
    GCAT_WT,
    GCAT_OTHER     /* any other value, compared upper-cased with the event's raw category */
} gcat;

typedef enum partner_kind { PARTNER_NONE = 0, PARTNER_GENE, PARTNER_ANY, PARTNER_INTERGENIC } partner_kind;

/* A genomic leaf: every constraint given must hold for one and the same event. */
typedef struct gen_crit {
    const char *gene;                  /* hugo_symbol, or NULL */
    bool gene_ignored;                 /* a signature or MMR key is present: MatchMiner ignores it */
    const char *protein_change;        /* exact */
    const char *wildcard;              /* prefix with "p." ("p.V600") */
    const char *variant_classification;
    gcat category;
    const char *category_upper;        /* GCAT_OTHER */
    const char *cnv_call;              /* mapped to MatchMiner's vocabulary */
    bool has_exon, exon_is_text;       /* exon as written: integer or string */
    int32_t exon;
    const char *exon_text;
    onc_tri wildtype;                  /* UNKNOWN: not constrained */
    const char *mmr_status;            /* mapped */
    const char *signature[MATCH_SIG_COUNT];
    partner_kind left_kind, right_kind; /* structural variants: hugo_symbol, fusion partner */
    const char *partner;               /* fusion_partner_hugo_symbol when PARTNER_GENE */
    const char *alteration;            /* knowledge-base alteration class (extension) */
    const char *gene_canon, *partner_canon; /* approved symbols (gene.h aliases), for the default
                                          semantics: a curator's HER2 is the lab's ERBB2 */
    const char *need[2];               /* gene and its approved symbol when they differ */
    size_t n_need;
    bool exclusion;                    /* some value had '!' */
    unsigned cover;                    /* ONC_COVER_* the criterion is about */
} gen_crit_t;

typedef struct match_crit {
    crit_kind kind;
    bool negate;                /* clinical keys */
    const char *key;            /* CTML key ("age_numerical", "genomic") */
    const char *label;          /* what a clinician reads ("EGFR p.L858R", "age >= 18") */
    const json_t *src;          /* the leaf's CTML value (the object under "genomic"/"clinical") */
    union {
        struct { cmp_op op; int32_t years, months; double value; } age;
        struct { cmp_op op; double value; } tmb;
        struct {
            const char *name;                 /* as written, '!' removed */
            const onc_tumor_type_t **nodes;   /* OncoTree nodes of that name (with descendants) */
            size_t n_nodes;
            int pseudo;                       /* 0, 1 _SOLID_, 2 _LIQUID_ */
        } diag;
        const char *gender;
        match_ext_cond_t *ext;
        gen_crit_t gen;
        size_t generic_index;                 /* CRIT_GENERIC: index of the leaf in the clause */
    } u;
} match_crit_t;

/* ---- tree ---- */

typedef enum node_kind { NODE_AND = 0, NODE_OR, NODE_LEAF } node_kind;

typedef struct match_node {
    node_kind kind;
    struct match_node **kids;
    size_t n_kids;
    match_crit_t *crit; /* NODE_LEAF */
} match_node_t;

/* Necessary genes of a clause: the patient needs an event of one of these genes to be eligible
 * or potential, unless `any` (no such restriction could be derived). */
typedef struct match_need {
    bool any;
    const char *const *genes;
    size_t n;
} match_need_t;

typedef struct match_clause {
    const char *level;        /* "step" | "arm" | "dose" */
    const char *internal_id, *code, *arm, *match_path;
    bool suspended;
    const json_t *match;      /* the `match` list (MatchMiner's paths are built from it) */
    match_node_t *root;
    size_t n_generic;         /* CRIT_GENERIC leaves */
    bool has_solid, has_liquid; /* cancer_type_match */
    match_need_t need;
    size_t index;             /* clause number in the portfolio */
    const struct onc_trial *trial;
} match_clause_t;

struct onc_trial {
    const char *protocol_no, *nct_id, *title, *phase, *source, *status;
    const char *coordinating_center;
    bool open;
    match_clause_t *clauses;
    size_t n_clauses;
    long protocol_digits;     /* protocol_no's digits (MatchMiner's last sort key), -1 if none */
    size_t id_rank;           /* position of onc_trial_id in the portfolio's sorted ids */
};

struct onc_trials {
    onc_arena_t *arena;
    onc_trial_t **trials;
    size_t n, cap;
    json_t *keep;             /* array holding a reference to every clause's JSON */
    match_ext_cond_t **ext;   /* compiled extension conditions (freed with the portfolio) */
    size_t n_ext, cap_ext;
    size_t n_clauses;
    /* gene -> clauses index for the necessary-gene filter (sorted by gene) */
    struct gene_clause { const char *gene; size_t clause; } *index;
    size_t n_index;
    match_clause_t **clause_at; /* all clauses in portfolio order */
    size_t *always;           /* clauses without necessary genes */
    size_t n_always;
};

/* ---- loading ---- */

/* onc_trials_load with generic: any leaf name is accepted (tests of the tree logic). */
onc_rc match_trials_load_ex(const char *path, const onc_match_ctx_t *ctx, bool generic, onc_trials_t **out,
                            onc_err_t *err) ONC_MUST_CHECK;

/* What compiling needs: the document (lines, messages), the context, where problems go. */
typedef struct match_load {
    const onc_doc_t *doc;
    const onc_match_ctx_t *ctx;
    onc_trials_t *t;
    bool generic_leaves;      /* any leaf name accepted (tests of the tree logic) */
    void (*report)(const char *msg, void *rctx); /* validate: every problem; NULL: stop at first */
    void *rctx;
    long problems;
    onc_err_t *err;
    size_t n_nodes;           /* of the clause being built */
    size_t n_generic;
} match_load_t;

/* A problem at line/field: with a report function it is reported and counted (ONC_OK: go on);
 * without, err is set and ONC_EPARSE returned. */
onc_rc match_problem(match_load_t *ld, uint64_t line, const char *field, const char *fmt, ...) ONC_PRINTF(4, 5);

/* Builds the tree of a `match` list (an implicit AND of its items); field names the list. */
onc_rc match_tree_build(match_load_t *ld, const json_t *match, const char *field, match_clause_t *cl);
/* Compiles one leaf value: kind "clinical"/"genomic" (or any name with generic_leaves); a
 * clinical leaf may give an AND node of several criteria. */
onc_rc match_keys_compile(match_load_t *ld, const char *kind, const json_t *value, const char *field,
                          match_node_t **out);
/* The alteration a genomic criterion names ("p.L858R", "High level amplification", "Mutation"). */
const char *match_gen_what(const gen_crit_t *g);
void match_need_compute(onc_arena_t *a, const match_node_t *n, match_need_t *out);

/* Helpers shared by the loader files. */
char *match_fmt(onc_arena_t *a, const char *fmt, ...) ONC_PRINTF(2, 3);
match_node_t *match_node_new(onc_arena_t *a, node_kind kind, size_t n_kids);

/* ---- evaluation ---- */

/* Evidence of one criterion in a row. */
typedef enum text_kind { TEXT_REASON = 0, TEXT_UNKNOWN, TEXT_FAILED } text_kind;
typedef struct match_text {
    text_kind kind;
    size_t off; /* in the scratch pool */
} match_text_t;

typedef struct match_scratch {
    match_text_t *texts;
    size_t n_texts, cap_texts;
    onc_strbuf_t pool;
    onc_strbuf_t tmp;
} match_scratch_t;

typedef struct match_env {
    const onc_match_patient_t *p;
    onc_match_semantics sem;
    onc_date_t today;
    const onc_match_ctx_t *ctx;
    match_scratch_t *s;   /* NULL: no texts */
    bool (*oracle)(size_t generic_index, void *octx); /* CRIT_GENERIC leaves */
    void *octx;
    onc_rc rc;            /* first allocation failure while writing texts */
} match_env_t;

/* Outcome of a node: the three-valued value and the "potential" reading (unknown clinical
 * details taken as met, unknown genomic inclusions and biomarkers as not met). */
typedef struct match_val {
    onc_tri v;
    bool opt;
} match_val_t;

match_val_t match_eval_node(const match_node_t *n, match_env_t *env);
match_val_t match_eval_crit(const match_crit_t *c, match_env_t *env);
/* Does event e satisfy the genomic leaf g (its un-negated conjunction)? */
bool match_event_satisfies(const gen_crit_t *g, const match_event_t *e, const onc_match_patient_t *p,
                           onc_match_semantics sem, const onc_match_ctx_t *ctx);
/* MatchMiner's genomic_alteration of an event that satisfied g (get_genomic_details); match_type
 * receives "variant" "gene" "signature" "mmr". mm: v2.2.3's text exactly ("KRAS None" for a
 * mutation without a protein change; otherwise its classification is named). */
onc_rc match_event_alteration(const gen_crit_t *g, const match_event_t *e, bool mm, onc_strbuf_t *out,
                              const char **match_type) ONC_MUST_CHECK;
/* Python's str() of a float ("40.0", "16.5"), for "TMB = 40.0". */
void match_py_float(double v, char *buf, size_t n);
bool match_wildcard_matches(const char *prefix, const char *protein_change);
bool match_sv_comment_mentions(const char *comment, const char *gene);
void match_scratch_free(match_scratch_t *s);

/* ---- MatchMiner's paths (records) ---- */

typedef struct mm_criterion {
    const char *label;  /* leaf name, or NULL: every member of value is a leaf (a multi-key dict) */
    const json_t *value;
} mm_criterion_t;

typedef struct mm_group {
    int depth;
    mm_criterion_t *crit;
    size_t n;
} mm_group_t;

typedef struct mm_path {
    mm_group_t *groups;
    size_t n;
} mm_path_t;

typedef struct mm_paths mm_paths_t;
/* MatchMiner's create_match_tree + get_match_paths on a `match` list. ONC_ELIMIT past max paths;
 * max_paths 0: the graph only. */
onc_rc mm_paths_build(const json_t *match, size_t max_paths, mm_paths_t **out, onc_err_t *err) ONC_MUST_CHECK;
size_t mm_paths_count(const mm_paths_t *p);
const mm_path_t *mm_paths_at(const mm_paths_t *p, size_t i);
size_t mm_paths_nodes(const mm_paths_t *p);
/* The graph itself (tests compare it with MatchMiner's create_match_tree output). */
const mm_criterion_t *mm_paths_node_criteria(const mm_paths_t *p, size_t node, size_t *n);
bool mm_paths_node_is_and(const mm_paths_t *p, size_t node);
const size_t *mm_paths_node_out(const mm_paths_t *p, size_t node, size_t *n);
void mm_paths_free(mm_paths_t *p);

/* Links the graph's criteria to the clause's compiled ones (before mm_paths_met). */
onc_rc mm_paths_resolve(mm_paths_t *g, const match_clause_t *cl) ONC_MUST_CHECK;
/* Is some root-to-leaf path of the graph met (every criterion TRUE under env)? Recursive with
 * memoisation: MatchMiner's decision without listing its paths. MatchMiner's graph is not
 * always the tree's logic (test_match_paths.c: all_cases), so its semantics use this. */
bool mm_paths_met(const mm_paths_t *g, match_env_t *env);
/* Does the graph need an event of one of the tree's necessary genes too? (When not, the clause
 * is evaluated for every patient under MatchMiner's semantics.) */
bool mm_paths_need_within(const mm_paths_t *g, const match_need_t *tree_need);

/* Finds the compiled criterion of a CTML leaf value (clinical: one per key). */
const match_crit_t *match_clause_find_crit(const match_clause_t *cl, const json_t *src, const char *key);

#endif
