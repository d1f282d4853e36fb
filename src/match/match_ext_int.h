/* match_ext_int.h: the inside of the CTML extension keys (match_ext.h), shared by match_ext.c
 * (the key table, comparisons and the diagnosis, ECOG and PD-L1 keys), match_ext_therapy.c
 * (lines, prior therapies, washout, the agent classes of kb/agent_classes.tsv) and
 * match_ext_lab.c (laboratory values). Nothing outside these files includes it.
 */
#ifndef ONCOBOARD_MATCH_EXT_INT_H
#define ONCOBOARD_MATCH_EXT_INT_H

#include "match_ext.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXT_MAX_CMPS 4   /* comparisons in one value (a PD-L1 range is two) */
#define EXT_MAX_ITEMS 16 /* entries of a list value (stages, histologies) */
#define EXT_MAX_NAME 128 /* bytes of a name in a value (agent, class, lab, unit, stage) */

typedef enum ext_op { EXT_EQ = 0, EXT_LE, EXT_GE, EXT_LT, EXT_GT } ext_op;

typedef struct ext_cmp {
    ext_op op;
    double v;
} ext_cmp_t;

/* The agents a prior-therapy criterion looks for: one agent, or every agent of a class. */
typedef struct ext_agents {
    char *label;    /* the agent or class as the trial wrote it (without '!') */
    bool is_class;
    char **names;   /* lower-case INNs */
    size_t n;
} ext_agents_t;

typedef struct ext_lab_cond {
    char *name;        /* as the trial wrote it */
    char *unit;        /* for min/max; NULL when only multiples of the ULN are asked */
    double min, max, min_uln, max_uln; /* NaN: not asked */
    int32_t within_days;
    int entry;         /* the name's row in the synonym table, -1 when it has none */
} ext_lab_cond_t;

typedef struct ext_key_def ext_key_def_t;

struct match_ext_cond {
    const ext_key_def_t *def;
    bool negated;                 /* a leading '!' (keys whose documentation allows it) */
    ext_cmp_t cmp[EXT_MAX_CMPS];  /* ecog, lines, PD-L1: every one must hold */
    size_t n_cmp;
    unsigned set;                 /* allowed values as bits: ECOG 0-5, brain metastases,
                                     PD-L1 clones, histology groups */
    char *items[EXT_MAX_ITEMS];   /* stage groups (upper case) */
    size_t n_items;
    ext_agents_t agents;          /* prior_therapy, washout (n 0: any therapy) */
    onc_tri progression;          /* prior_therapy: required progression, UNKNOWN: not asked */
    int32_t days;                 /* washout */
    ext_lab_cond_t lab;
    onc_tri want;                 /* measurable_disease */
};

/* Where a value came from, for messages. */
typedef struct ext_src {
    const onc_doc_t *doc;
    const json_t *value;
    uint64_t line;
    const char *field;
    onc_err_t *err;
    const onc_oncotree_t *oncotree;
} ext_src_t;

typedef onc_rc (*ext_compile_fn)(match_ext_cond_t *c, const json_t *v, const ext_src_t *s);
typedef onc_tri (*ext_eval_fn)(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text);

struct ext_key_def {
    const char *name;
    match_ext_class cls;
    const char *missing;          /* the unknown text when the case holds nothing for the key */
    ext_compile_fn compile;
    ext_eval_fn eval;
};

/* ONC_EPARSE "FILE:LINE: field FIELD[.member]: message" at the member's line when it has one. */
onc_rc ext_fail(const ext_src_t *s, const json_t *object, const char *member, const char *fmt, ...)
    ONC_PRINTF(4, 5);
/* Appends formatted text (best effort: the text is for people; an allocation failure leaves it
 * short, never the outcome wrong). */
void ext_say(onc_strbuf_t *b, const char *fmt, ...) ONC_PRINTF(2, 3);
/* "60", "1.5" (printf %g). */
const char *ext_num(double v, char buf[32]);

/* "<=1", ">= 50", "==0" (and "50%" with allow_percent): MatchMiner's tmb_numerical operators. */
bool ext_parse_cmp(const char *s, bool allow_percent, ext_cmp_t *out);
bool ext_cmp_holds(const ext_cmp_t *c, double x);
/* The operator as written ("<="), or its opposite ("> ") for what failed. */
const char *ext_op_text(ext_op op, bool failed);
/* An integer comparison ("<=2", or an integer N meaning ==N) between lo and hi. */
onc_rc ext_compile_int_cmp(match_ext_cond_t *c, const json_t *v, const ext_src_t *s, int lo, int hi);

/* Refuses a member of obj that is not in allowed (NULL-terminated): "unknown member; expected
 * EXPECTED" at the member's field and line. */
onc_rc ext_check_members(const json_t *obj, const ext_src_t *s, const char *const *allowed, const char *expected);

/* Applies a negation to an outcome. */
onc_tri ext_not(onc_tri t);

/* match_ext_therapy.c */
onc_rc ext_compile_lines(match_ext_cond_t *c, const json_t *v, const ext_src_t *s);
onc_tri ext_eval_prior_lines(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text);
onc_tri ext_eval_line_of_therapy(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text);
onc_rc ext_compile_prior_therapy(match_ext_cond_t *c, const json_t *v, const ext_src_t *s);
onc_tri ext_eval_prior_therapy(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text);
onc_rc ext_compile_washout(match_ext_cond_t *c, const json_t *v, const ext_src_t *s);
onc_tri ext_eval_washout(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text);
void ext_agents_free(ext_agents_t *a);

/* match_ext_lab.c */
onc_rc ext_compile_lab(match_ext_cond_t *c, const json_t *v, const ext_src_t *s);
onc_tri ext_eval_lab(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text);
/* The canonical name of a laboratory test ("ALT" for "SGPT"), or NULL when the table lacks it. */
const char *ext_lab_canonical(const char *name);

#endif
