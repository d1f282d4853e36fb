/* match_keys.c: CTML leaf values compiled into typed criteria (match_int.h).
 *
 * Every key MatchMiner knows (research/trial-matching.md 2.4-2.8) is compiled here once, so
 * that evaluation compares typed values and never re-reads text: ages become an operator and
 * a (years, months) offset, diagnoses the OncoTree nodes of their name, CNV, MMR and
 * variant-category values MatchMiner's own value maps. A key that is neither MatchMiner's,
 * an ignored one, nor an extension key (match_ext.h) is a problem: MatchMiner would silently
 * compare a patient field of that name and never match, the worst failure mode of curation.
 */
#include "match_int.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DIAG_NODES 16

char *match_fmt(onc_arena_t *a, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    if ((size_t)n < sizeof small) return onc_arena_strdup(a, small);
    char *s = onc_arena_alloc(a, (size_t)n + 1);
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

match_node_t *match_node_new(onc_arena_t *a, node_kind kind, size_t n_kids)
{
    match_node_t *n = onc_arena_alloc(a, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->n_kids = n_kids;
    if (n_kids && !(n->kids = onc_arena_alloc(a, n_kids * sizeof *n->kids))) return NULL;
    return n;
}

onc_rc match_problem(match_load_t *ld, uint64_t line, const char *field, const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ld->problems++;
    if (!ld->report) return onc_doc_fail(ld->doc, ld->err, ONC_EPARSE, line, field, "%s", msg);
    onc_err_t e = {0};
    (void)onc_doc_fail(ld->doc, &e, ONC_EPARSE, line, field, "%s", msg);
    ld->report(e.msg, ld->rctx);
    return ONC_OK;
}

/* ---- small parsers ---- */

/* Splits "!value" into value and a negation flag. */
static const char *strip_negation(const char *s, bool *negate)
{
    *negate = s[0] == '!';
    return *negate ? s + 1 : s;
}

/* MatchMiner's operator/number split: the operator is every character that is not a digit or
 * a dot, the number every one that is (">= 18" has the operator ">= "). */
static bool parse_op_number(const char *s, cmp_op *op, double *value)
{
    char opbuf[8], num[64];
    size_t no = 0, nn = 0;
    for (const char *c = s; *c; c++) {
        if (isdigit((unsigned char)*c) || *c == '.') {
            if (nn + 1 >= sizeof num) return false;
            num[nn++] = *c;
        } else if (*c != ' ') {
            if (no + 1 >= sizeof opbuf) return false;
            opbuf[no++] = *c;
        }
    }
    opbuf[no] = num[nn] = '\0';
    if (nn == 0 || (nn == 1 && num[0] == '.')) return false;
    char *end;
    *value = strtod(num, &end);
    if (*end || !isfinite(*value)) return false;
    static const struct { const char *s; cmp_op op; } ops[] = {
        {"==", OP_EQ}, {"<=", OP_LE}, {">=", OP_GE}, {"<", OP_LT}, {">", OP_GT}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(opbuf, ops[i].s) == 0) return *op = ops[i].op, true;
    return false;
}

static const char *op_text(cmp_op op)
{
    static const char *t[] = {"==", "<=", ">=", "<", ">"};
    return t[op];
}

static bool gene_known(const onc_match_ctx_t *ctx, const char *g)
{
    if (!ctx || (!ctx->kb && !ctx->genes)) return true; /* nothing to check against */
    if (ctx->kb && onc_kb_gene_role(ctx->kb, g) != ONC_ROLE_UNKNOWN) return true;
    if (ctx->genes && (onc_genes_transcript(ctx->genes, g) || onc_genes_canonical(ctx->genes, g) != g))
        return true;
    return false;
}

/* ---- clinical ---- */

static const char *const ignored_keys[] = {"her2_status", "er_status", "pr_status", "disease_status", NULL};

static bool is_ignored_clinical(const char *key)
{
    for (size_t i = 0; ignored_keys[i]; i++)
        if (strcmp(key, ignored_keys[i]) == 0) return true;
    return false;
}

static onc_rc compile_age(match_load_t *ld, match_crit_t *c, const char *s, uint64_t line, const char *field)
{
    double v;
    if (s[0] == '!') return match_problem(ld, line, field, "age_numerical cannot be negated");
    if (!parse_op_number(s, &c->u.age.op, &v))
        return match_problem(ld, line, field, "expected an age like \">=18\" or \"<.5\", not \"%s\"", s);
    if (v > 200) return match_problem(ld, line, field, "age %g is not a human age in years", v);
    c->u.age.value = v;
    c->u.age.years = (int32_t)v;
    c->u.age.months = (int32_t)lround((v - c->u.age.years) * 12.0);
    c->label = match_fmt(ld->t->arena, "age %s %s", op_text(c->u.age.op), s + strspn(s, "<>=! "));
    return ONC_OK;
}

static onc_rc compile_tmb(match_load_t *ld, match_crit_t *c, const char *s, uint64_t line, const char *field)
{
    if (s[0] == '!') return match_problem(ld, line, field, "tmb_numerical cannot be negated");
    if (!parse_op_number(s, &c->u.tmb.op, &c->u.tmb.value))
        return match_problem(ld, line, field, "expected a TMB bound like \">=10\", not \"%s\"", s);
    c->label = match_fmt(ld->t->arena, "TMB %s %s", op_text(c->u.tmb.op), s + strspn(s, "<>=! "));
    return ONC_OK;
}

static onc_rc compile_diag(match_load_t *ld, match_crit_t *c, const char *name, uint64_t line, const char *field)
{
    onc_arena_t *a = ld->t->arena;
    c->u.diag.name = onc_arena_strdup(a, name);
    c->label = match_fmt(a, "diagnosis %s%s", c->negate ? "not " : "", name);
    if (strcmp(name, "_SOLID_") == 0) return c->u.diag.pseudo = 1, ONC_OK;
    if (strcmp(name, "_LIQUID_") == 0) return c->u.diag.pseudo = 2, ONC_OK;
    if (!ld->ctx || !ld->ctx->oncotree) return match_problem(ld, line, field, "no OncoTree to resolve \"%s\"", name);
    const onc_tumor_type_t *found[MAX_DIAG_NODES];
    size_t n = onc_oncotree_find_name(ld->ctx->oncotree, name, found, MAX_DIAG_NODES);
    if (n == 0) return match_problem(ld, line, field, "unknown OncoTree diagnosis \"%s\"", name);
    if (n > MAX_DIAG_NODES) n = MAX_DIAG_NODES;
    c->u.diag.nodes = onc_arena_alloc(a, n * sizeof *c->u.diag.nodes);
    if (!c->u.diag.nodes) return onc_err_set(ld->err, ONC_ENOMEM, "out of memory");
    memcpy(c->u.diag.nodes, found, n * sizeof *found);
    c->u.diag.n_nodes = n;
    return ONC_OK;
}

static onc_rc compile_ext(match_load_t *ld, match_crit_t *c, const char *key, const json_t *v, uint64_t line,
                          const char *field)
{
    onc_err_t e = {0};
    match_ext_cond_t *cond = NULL;
    onc_rc rc = match_ext_compile(key, v, ld->doc, line, field, ld->ctx ? ld->ctx->oncotree : NULL, &cond, &e);
    if (rc != ONC_OK) {
        ld->problems++;
        if (ld->report) return ld->report(e.msg, ld->rctx), ONC_OK;
        if (ld->err) *ld->err = e;
        return rc;
    }
    onc_trials_t *t = ld->t;
    if (t->n_ext == t->cap_ext) {
        size_t cap = t->cap_ext ? 2 * t->cap_ext : 16;
        match_ext_cond_t **x = realloc(t->ext, cap * sizeof *x);
        if (!x) return match_ext_free(cond), onc_err_set(ld->err, ONC_ENOMEM, "out of memory");
        t->ext = x, t->cap_ext = cap;
    }
    t->ext[t->n_ext++] = cond;
    c->u.ext = cond;
    c->label = onc_arena_strdup(t->arena, key);
    return ONC_OK;
}

/* One clinical key: its own criterion (MatchMiner breaks clinical leaves into parts). */
static onc_rc compile_clinical_key(match_load_t *ld, const char *key, const json_t *v, uint64_t line,
                                   const char *field, const json_t *src, match_crit_t **out)
{
    onc_arena_t *a = ld->t->arena;
    match_crit_t *c = onc_arena_alloc(a, sizeof *c);
    if (!c) return onc_err_set(ld->err, ONC_ENOMEM, "out of memory");
    c->key = onc_arena_strdup(a, key);
    c->src = src;
    *out = c;
    if (match_ext_is_key(key)) return c->kind = CRIT_EXT, compile_ext(ld, c, key, v, line, field);
    if (is_ignored_clinical(key)) {
        c->kind = CRIT_IGNORED;
        c->label = c->key;
        return ONC_OK;
    }
    const char *s = json_string_value(v);
    bool known = !strcmp(key, "age_numerical") || !strcmp(key, "oncotree_primary_diagnosis") ||
                 !strcmp(key, "gender") || !strcmp(key, "tmb_numerical");
    if (!known) return *out = NULL, match_problem(ld, line, field, "unknown clinical key \"%s\"", key);
    if (!s || !*s) return *out = NULL, match_problem(ld, line, field, "expected a non-empty string");
    if (!strcmp(key, "age_numerical")) return c->kind = CRIT_AGE, compile_age(ld, c, s, line, field);
    if (!strcmp(key, "tmb_numerical")) return c->kind = CRIT_TMB, compile_tmb(ld, c, s, line, field);
    const char *val = strip_negation(s, &c->negate);
    if (!*val) return *out = NULL, match_problem(ld, line, field, "\"!\" without a value");
    if (!strcmp(key, "gender")) {
        c->kind = CRIT_GENDER;
        c->u.gender = onc_arena_strdup(a, val);
        c->label = match_fmt(a, "gender %s%s", c->negate ? "not " : "", val);
        if (strcmp(val, "Male") && strcmp(val, "Female"))
            return match_problem(ld, line, field, "gender is \"Male\" or \"Female\" in CTML, not \"%s\"", val);
        return ONC_OK;
    }
    c->kind = CRIT_DIAG;
    return compile_diag(ld, c, val, line, field);
}

static onc_rc compile_clinical(match_load_t *ld, const json_t *value, const char *field, match_node_t **out)
{
    onc_arena_t *a = ld->t->arena;
    size_t n = json_object_size(value);
    match_node_t *and = match_node_new(a, NODE_AND, n);
    if (!and) return onc_err_set(ld->err, ONC_ENOMEM, "out of memory");
    size_t k = 0;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)value, key, v) {
        char *f = match_fmt(a, "%s.%s", field, key);
        uint64_t line = onc_doc_member_line(ld->doc, value, key);
        match_crit_t *c = NULL;
        onc_rc rc = compile_clinical_key(ld, key, v, line, f, value, &c);
        if (rc != ONC_OK) return rc;
        if (!c) continue; /* a reported problem */
        match_node_t *leaf = match_node_new(a, NODE_LEAF, 0);
        if (!leaf) return onc_err_set(ld->err, ONC_ENOMEM, "out of memory");
        leaf->crit = c;
        and->kids[k++] = leaf;
    }
    and->n_kids = k;
    *out = k == 1 ? and->kids[0] : and;
    return ONC_OK;
}

/* ---- genomic ---- */

static const char *map_cnv(const char *v)
{
    static const char *const m[][2] = {{"High Amplification", "High level amplification"},
                                       {"Homozygous Deletion", "Homozygous deletion"},
                                       {"Low Amplification", "Gain"},
                                       {"Heterozygous Deletion", "Heterozygous deletion"}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (!strcmp(v, m[i][0])) return m[i][1];
    return v;
}

static const char *map_mmr(const char *v)
{
    static const char *const m[][2] = {{"MMR-Proficient", "Proficient (MMR-P / MSS)"},
                                       {"MMR-Deficient", "Deficient (MMR-D / MSI-H)"},
                                       {"MSI-H", "Deficient (MMR-D / MSI-H)"},
                                       {"MSI-L", "Proficient (MMR-P / MSS)"},
                                       {"MSS", "Proficient (MMR-P / MSS)"}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (!strcmp(v, m[i][0])) return m[i][1];
    return NULL;
}

static const char *const signature_keys[MATCH_SIG_COUNT] = {"apobec_signature", "pole_signature",
                                                            "tobacco_signature", "temozolomide_signature",
                                                            "uva_signature"};

static partner_kind partner_of(const char *v)
{
    if (!strcasecmp(v, "intergenic")) return PARTNER_INTERGENIC;
    char low[16];
    size_t n = strlen(v);
    if (n < sizeof low) {
        for (size_t i = 0; i <= n; i++) low[i] = v[i] == ' ' ? '_' : (char)tolower((unsigned char)v[i]);
        if (!strcmp(low, "any_gene")) return PARTNER_ANY;
    }
    return PARTNER_GENE;
}

static onc_rc set_category(match_load_t *ld, gen_crit_t *g, const char *v, uint64_t line, const char *f)
{
    if (!strcasecmp(v, "Mutation")) g->category = GCAT_MUTATION;
    else if (!strcasecmp(v, "Copy Number Variation") || !strcasecmp(v, "CNV")) g->category = GCAT_CNV;
    else if (!strcasecmp(v, "Any Variation")) g->category = GCAT_ANY;
    else if (!strcmp(v, "Structural Variation")) g->category = GCAT_SV;
    else if (!strcasecmp(v, "Signature")) g->category = GCAT_SIGNATURE;
    else if (!strcasecmp(v, "WT") || !strcasecmp(v, "Wildtype") || !strcasecmp(v, "Wild Type")) g->category = GCAT_WT;
    else {
        char up[64];
        size_t n = strlen(v);
        if (n >= sizeof up) return match_problem(ld, line, f, "unknown variant_category \"%s\"", v);
        for (size_t i = 0; i <= n; i++) up[i] = (char)toupper((unsigned char)v[i]);
        g->category = GCAT_OTHER;
        g->category_upper = onc_arena_strdup(ld->t->arena, up);
        return match_problem(ld, line, f,
                             "unknown variant_category \"%s\" (Mutation, Copy Number Variation, Any Variation, "
                             "Structural Variation, Signature, WT)",
                             v);
    }
    return ONC_OK;
}

static onc_rc set_exon(match_load_t *ld, gen_crit_t *g, const json_t *v, uint64_t line, const char *f)
{
    g->has_exon = true;
    if (json_is_integer(v)) {
        json_int_t x = json_integer_value(v);
        if (x < 1 || x > 1000) return match_problem(ld, line, f, "exon %lld out of range", (long long)x);
        g->exon = (int32_t)x;
        return ONC_OK;
    }
    const char *s = json_string_value(v);
    bool neg;
    s = s ? strip_negation(s, &neg) : NULL;
    if (!s) return match_problem(ld, line, f, "expected an exon number");
    if (neg) g->exclusion = true;
    char *end;
    long x = strtol(s, &end, 10);
    if (end == s || *end || x < 1 || x > 1000) return match_problem(ld, line, f, "expected an exon number, not \"%s\"", s);
    g->exon = (int32_t)x;
    g->exon_is_text = true;
    g->exon_text = onc_arena_strdup(ld->t->arena, s);
    return ONC_OK;
}

static onc_rc set_wildtype(match_load_t *ld, gen_crit_t *g, const json_t *v, uint64_t line, const char *f)
{
    const char *s = json_string_value(v);
    if (json_is_boolean(v)) g->wildtype = json_is_true(v) ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    else if (s && !strcasecmp(s, "true")) g->wildtype = ONC_TRI_TRUE;
    else if (s && !strcasecmp(s, "false")) g->wildtype = ONC_TRI_FALSE;
    else return match_problem(ld, line, f, "expected true or false");
    return ONC_OK;
}

/* One genomic key into g; string values may carry '!'. */
static onc_rc genomic_key(match_load_t *ld, gen_crit_t *g, const char *key, const json_t *v, uint64_t line,
                          const char *f)
{
    onc_arena_t *a = ld->t->arena;
    if (!strcmp(key, "exon")) return set_exon(ld, g, v, line, f);
    if (!strcmp(key, "wildtype")) return set_wildtype(ld, g, v, line, f);
    if (!strcmp(key, "display_name")) return ONC_OK; /* a label for curators */
    const char *raw = json_string_value(v);
    if (!raw || !*raw) return match_problem(ld, line, f, "expected a non-empty string");
    bool neg;
    const char *s = onc_arena_strdup(a, strip_negation(raw, &neg));
    if (!s) return onc_err_set(ld->err, ONC_ENOMEM, "out of memory");
    if (neg) g->exclusion = true;
    if (!*s) return match_problem(ld, line, f, "\"!\" without a value");
    if (!strcmp(key, "hugo_symbol")) {
        g->gene = s;
        g->left_kind = partner_of(s);
        return ONC_OK;
    }
    if (!strcmp(key, "fusion_partner_hugo_symbol")) {
        g->right_kind = partner_of(s);
        g->partner = s;
        return ONC_OK;
    }
    if (!strcmp(key, "protein_change")) return g->protein_change = s, ONC_OK;
    if (!strcmp(key, "wildcard_protein_change")) {
        g->wildcard = strncmp(s, "p.", 2) == 0 ? s : match_fmt(a, "p.%s", s);
        return ONC_OK;
    }
    if (!strcmp(key, "variant_classification")) return g->variant_classification = s, ONC_OK;
    if (!strcmp(key, "variant_category")) return set_category(ld, g, s, line, f);
    if (!strcmp(key, "cnv_call")) return g->cnv_call = map_cnv(s), ONC_OK;
    if (!strcmp(key, "alteration")) {
        if (!ld->ctx || !ld->ctx->kb) return match_problem(ld, line, f, "alteration needs the knowledge base");
        g->alteration = s;
        return ONC_OK;
    }
    if (!strcmp(key, "mmr_status") || !strcmp(key, "ms_status")) {
        g->gene_ignored = true;
        if (!(g->mmr_status = map_mmr(s)))
            return match_problem(ld, line, f, "expected MMR-Proficient, MMR-Deficient, MSI-H, MSI-L or MSS, not \"%s\"", s);
        return ONC_OK;
    }
    for (int i = 0; i < MATCH_SIG_COUNT; i++)
        if (!strcmp(key, signature_keys[i])) {
            g->gene_ignored = true;
            g->signature[i] = s;
            return ONC_OK;
        }
    return match_problem(ld, line, f, "unknown genomic key \"%s\"", key);
}

static const char *signature_name(int i)
{
    static const char *const n[MATCH_SIG_COUNT] = {"APOBEC", "POLE", "Tobacco", "Temozolomide", "UVA"};
    return n[i];
}

const char *match_gen_what(const gen_crit_t *g)
{
    return g->protein_change           ? g->protein_change
           : g->wildcard               ? g->wildcard
           : g->alteration             ? g->alteration
           : g->cnv_call               ? g->cnv_call
           : g->variant_classification ? g->variant_classification
           : g->category == GCAT_CNV   ? "CNV"
           : g->category == GCAT_ANY   ? "Any Variation"
           : g->category == GCAT_WT    ? "wild type"
                                       : "Mutation";
}

/* What a clinician reads for the criterion ("EGFR p.L858R", "ALK-any_gene fusion"). */
static const char *genomic_label(onc_arena_t *a, const gen_crit_t *g)
{
    const char *gene = g->gene && !g->gene_ignored ? g->gene : NULL;
    if (g->mmr_status) return strstr(g->mmr_status, "Deficient") ? "MMR-D/MSI-H" : "MMR-P/MSS";
    for (int i = 0; i < MATCH_SIG_COUNT; i++)
        if (g->signature[i])
            return match_fmt(a, "%s%s Signature", strcasecmp(g->signature[i], "yes") ? "No " : "", signature_name(i));
    if (g->category == GCAT_SV) {
        if (g->partner) return match_fmt(a, "%s-%s Structural Variation", gene ? gene : "any_gene", g->partner);
        return match_fmt(a, "%s Structural Variation", gene ? gene : "any");
    }
    const char *what = match_gen_what(g);
    const char *exon = g->has_exon ? match_fmt(a, " exon %d", (int)g->exon) : "";
    if (g->category == GCAT_WT || g->wildtype == ONC_TRI_TRUE) return match_fmt(a, "wt %s%s", gene ? gene : "", exon);
    return match_fmt(a, "%s%s%s%s", gene ? gene : "", gene ? " " : "", what, exon);
}

static unsigned genomic_cover(const gen_crit_t *g)
{
    if (g->category == GCAT_SV) return ONC_COVER_FUSION;
    if (g->category == GCAT_CNV || g->cnv_call) return ONC_COVER_CNA;
    if (g->category == GCAT_ANY) return ONC_COVER_MUTATION | ONC_COVER_CNA;
    return ONC_COVER_MUTATION;
}

/* The knowledge base lists the genes it curates (a few dozen), not every HGNC symbol: a gene it
 * does not know is reported by validation (typos: "RANDB2"), never refused by loading. */
static onc_rc gene_warning(match_load_t *ld, uint64_t line, const char *field, const char *gene)
{
    if (!ld->report) return ONC_OK;
    return match_problem(ld, line, field, "unknown gene \"%s\" (not in the knowledge base's gene tables)", gene);
}

static onc_rc check_genes(match_load_t *ld, const gen_crit_t *g, const json_t *value, const char *field)
{
    onc_rc rc = ONC_OK;
    if (g->gene && !g->gene_ignored && g->left_kind == PARTNER_GENE && !gene_known(ld->ctx, g->gene)) {
        char *f = match_fmt(ld->t->arena, "%s.hugo_symbol", field);
        rc = gene_warning(ld, onc_doc_member_line(ld->doc, value, "hugo_symbol"), f, g->gene);
    }
    if (rc == ONC_OK && g->partner && g->right_kind == PARTNER_GENE && !gene_known(ld->ctx, g->partner)) {
        char *f = match_fmt(ld->t->arena, "%s.fusion_partner_hugo_symbol", field);
        rc = gene_warning(ld, onc_doc_member_line(ld->doc, value, "fusion_partner_hugo_symbol"), f, g->partner);
    }
    if (rc == ONC_OK && g->alteration && !g->gene)
        rc = match_problem(ld, onc_doc_member_line(ld->doc, value, "alteration"), field,
                           "alteration needs a hugo_symbol");
    return rc;
}

/* Approved symbols of the leaf's genes (the gene itself without an alias table). */
static void canonical_genes(match_load_t *ld, gen_crit_t *g)
{
    const onc_genes_t *genes = ld->ctx ? ld->ctx->genes : NULL;
    g->gene_canon = g->gene && genes ? onc_arena_strdup(ld->t->arena, onc_genes_canonical(genes, g->gene)) : g->gene;
    g->partner_canon =
        g->partner && genes ? onc_arena_strdup(ld->t->arena, onc_genes_canonical(genes, g->partner)) : g->partner;
    if (!g->gene) return;
    g->need[g->n_need++] = g->gene;
    if (g->gene_canon && strcmp(g->gene_canon, g->gene)) g->need[g->n_need++] = g->gene_canon;
}

static onc_rc compile_genomic(match_load_t *ld, const json_t *value, const char *field, match_node_t **out)
{
    onc_arena_t *a = ld->t->arena;
    match_crit_t *c = onc_arena_alloc(a, sizeof *c);
    match_node_t *leaf = match_node_new(a, NODE_LEAF, 0);
    if (!c || !leaf) return onc_err_set(ld->err, ONC_ENOMEM, "out of memory");
    c->kind = CRIT_GENOMIC;
    c->key = "genomic";
    c->src = value;
    gen_crit_t *g = &c->u.gen;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)value, key, v) { /* MatchMiner ignores hugo_symbol beside these */
        for (int i = 0; i < MATCH_SIG_COUNT; i++) g->gene_ignored |= !strcmp(key, signature_keys[i]);
        g->gene_ignored |= !strcmp(key, "mmr_status") || !strcmp(key, "ms_status");
    }
    json_object_foreach((json_t *)value, key, v) {
        if (g->gene_ignored && !strcmp(key, "hugo_symbol")) continue; /* often "None", even 1 */
        char *f = match_fmt(a, "%s.%s", field, key);
        onc_rc rc = genomic_key(ld, g, key, v, onc_doc_member_line(ld->doc, value, key), f);
        if (rc != ONC_OK) return rc;
    }
    if (json_object_size(value) == 0) {
        onc_rc rc = match_problem(ld, onc_doc_line(ld->doc, value), field, "empty genomic criterion");
        if (rc != ONC_OK) return rc;
    }
    onc_rc rc = check_genes(ld, g, value, field);
    if (rc != ONC_OK) return rc;
    canonical_genes(ld, g);
    g->cover = genomic_cover(g);
    c->label = genomic_label(a, g);
    leaf->crit = c;
    *out = leaf;
    return ONC_OK;
}

onc_rc match_keys_compile(match_load_t *ld, const char *kind, const json_t *value, const char *field,
                          match_node_t **out)
{
    *out = NULL;
    uint64_t line = onc_doc_line(ld->doc, value);
    bool generic = ld->generic_leaves && strcmp(kind, "clinical") && strcmp(kind, "genomic");
    if (generic) {
        match_crit_t *c = onc_arena_alloc(ld->t->arena, sizeof *c);
        match_node_t *leaf = match_node_new(ld->t->arena, NODE_LEAF, 0);
        if (!c || !leaf) return onc_err_set(ld->err, ONC_ENOMEM, "out of memory");
        c->kind = CRIT_GENERIC;
        c->key = onc_arena_strdup(ld->t->arena, kind);
        c->label = c->key;
        c->src = value;
        c->u.generic_index = ld->n_generic++;
        leaf->crit = c;
        *out = leaf;
        return ONC_OK;
    }
    if (strcmp(kind, "clinical") && strcmp(kind, "genomic"))
        return match_problem(ld, line, field, "unknown criterion kind \"%s\" (and, or, clinical, genomic)", kind);
    if (!json_is_object(value)) return match_problem(ld, line, field, "expected a mapping of keys to values");
    if (json_object_get(value, "suggestion"))
        return match_problem(ld, onc_doc_member_line(ld->doc, value, "suggestion"), field,
                             "unconfirmed suggestion: a curator must confirm it and delete this member");
    if (!strcmp(kind, "clinical")) {
        if (json_object_size(value) == 0) return match_problem(ld, line, field, "empty clinical criterion");
        return compile_clinical(ld, value, field, out);
    }
    return compile_genomic(ld, value, field, out);
}
