/* match_eval.c: a clause's tree evaluated recursively against one patient (docs/matching.md).
 *
 * Every criterion gives one of three outcomes (met, not met, unknown) and combines with Kleene's
 * AND and OR; the tree is never expanded into its paths. Next to the three-valued outcome each
 * node carries the "potential" reading: the tree evaluated with every unknown clinical detail
 * taken as met and every unknown genomic inclusion or biomarker as not met, so that an unknown
 * ECOG alone never makes a patient potential for a trial whose alterations they lack.
 *
 * Under MatchMiner's semantics nothing is unknown: absent data is negative, exactly as its
 * MongoDB queries behave (an exclusion passes for a patient without a matching document, a
 * negated clinical key passes for a missing value).
 *
 * With a scratch (env->s) each criterion writes what a clinician reads (a reason when met, a
 * short text when not met or unknown); an OR keeps only the texts of the branches that decided
 * it, so a row lists the evidence that matters.
 */
#include "match_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small helpers ---- */

void match_py_float(double v, char *buf, size_t n)
{
    if (isnan(v)) return (void)snprintf(buf, n, "nan");
    if (isinf(v)) return (void)snprintf(buf, n, v > 0 ? "inf" : "-inf");
    int prec = 1;
    for (; prec < 17; prec++) { /* the fewest significant digits that read back as v, as repr() */
        snprintf(buf, n, "%.*e", prec - 1, v);
        if (strtod(buf, NULL) == v) break;
    }
    int e = (int)floor(log10(fabs(v)));
    if (v == 0) e = 0;
    if (e >= -4 && e < 16) snprintf(buf, n, "%.*f", prec - 1 - e > 0 ? prec - 1 - e : 0, v); /* positional */
    if (!strpbrk(buf, ".eEn")) {
        size_t l = strlen(buf);
        if (l + 2 < n) memcpy(buf + l, ".0", 3);
    }
}

static bool is_word(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

/* MatchMiner's regex (.*\WGENE\W.*)|(^GENE\W.*)|(.*\WGENE$), ignoring case: the gene as a word
 * with a non-word character on at least one side and nothing but the gene on neither. */
bool match_sv_comment_mentions(const char *comment, const char *gene)
{
    size_t gl = strlen(gene), cl = strlen(comment);
    if (gl == 0 || cl < gl) return false;
    for (size_t i = 0; i + gl <= cl; i++) {
        if (strncasecmp(comment + i, gene, gl) != 0) continue;
        bool at_start = i == 0, at_end = i + gl == cl;
        bool before = !at_start && !is_word(comment[i - 1]);
        bool after = !at_end && !is_word(comment[i + gl]);
        if ((before && after) || (at_start && after) || (before && at_end)) return true;
    }
    return false;
}

/* ^PREFIX[ACDEFGHIKLMNPQRSTVWY]$ ignoring case: the prefix, then exactly one amino acid. */
bool match_wildcard_matches(const char *prefix, const char *pc)
{
    size_t pl = strlen(prefix), l = strlen(pc);
    if (l != pl + 1 || strncasecmp(pc, prefix, pl) != 0) return false;
    char c = pc[pl];
    if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    return c && strchr("ACDEFGHIKLMNPQRSTVWY", c) != NULL;
}

static int date_cmp(onc_date_t a, onc_date_t b)
{
    if (a.year != b.year) return a.year < b.year ? -1 : 1;
    if (a.month != b.month) return a.month < b.month ? -1 : 1;
    return (a.day > b.day) - (a.day < b.day);
}

static int days_in_month(int32_t y, int32_t m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

/* today - years - months, calendar arithmetic (dateutil's relativedelta: the day is clipped). */
static onc_date_t date_minus(onc_date_t d, int32_t years, int32_t months)
{
    int32_t total = d.year * 12 + (d.month - 1) - years * 12 - months;
    onc_date_t r = {total / 12, total % 12 + 1, d.day};
    if (r.day > days_in_month(r.year, r.month)) r.day = days_in_month(r.year, r.month);
    return r;
}

static int32_t whole_years(onc_date_t birth, onc_date_t on)
{
    int32_t y = on.year - birth.year;
    if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) y--;
    return y;
}

/* ---- texts ---- */

static void add_text(match_env_t *env, text_kind kind, const char *fmt, ...) ONC_PRINTF(3, 4);
static void add_text(match_env_t *env, text_kind kind, const char *fmt, ...)
{
    match_scratch_t *s = env->s;
    if (!s || env->rc != ONC_OK) return;
    if (s->n_texts == s->cap_texts) {
        size_t cap = s->cap_texts ? 2 * s->cap_texts : 64;
        match_text_t *t = realloc(s->texts, cap * sizeof *t);
        if (!t) return (void)(env->rc = ONC_ENOMEM);
        s->texts = t, s->cap_texts = cap;
    }
    size_t off = s->pool.len;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    onc_rc rc = onc_strbuf_putsn(&s->pool, buf, strlen(buf) + 1); /* keep the NUL: texts are C strings */
    if (rc != ONC_OK) return (void)(env->rc = rc);
    s->texts[s->n_texts++] = (match_text_t){kind, off};
}

void match_scratch_free(match_scratch_t *s)
{
    free(s->texts);
    onc_strbuf_free(&s->pool);
    onc_strbuf_free(&s->tmp);
    memset(s, 0, sizeof *s);
}

static const char *neg_op(cmp_op op)
{
    static const char *t[] = {"!=", ">", "<", ">=", "<="};
    return t[op];
}

static bool cmp_holds(cmp_op op, double a, double b)
{
    switch (op) {
    case OP_EQ: return a == b;
    case OP_LE: return a <= b;
    case OP_GE: return a >= b;
    case OP_LT: return a < b;
    case OP_GT: return a > b;
    }
    return false;
}

static match_val_t val(onc_tri v, bool opt) { return (match_val_t){v, opt}; }
static match_val_t met(void) { return val(ONC_TRI_TRUE, true); }
static match_val_t not_met(void) { return val(ONC_TRI_FALSE, false); }

/* ---- clinical criteria ---- */

static bool mm(const match_env_t *env) { return env->sem == ONC_MATCH_SEM_MATCHMINER; }

/* Age at the comparison date: birth date against today - N years (MatchMiner's threshold). */
static onc_tri age_holds(const match_crit_t *c, const match_env_t *env)
{
    const onc_match_patient_t *p = env->p;
    if (!onc_date_is_missing(p->birth_date)) {
        onc_date_t t = date_minus(env->today, c->u.age.years, c->u.age.months);
        int k = date_cmp(p->birth_date, t); /* born before the threshold: older than N */
        bool r = false;
        switch (c->u.age.op) {
        case OP_GE: r = k <= 0; break;
        case OP_LE: r = k >= 0; break;
        case OP_EQ: r = k == 0; break;
        case OP_GT: r = mm(env) ? k <= 0 : k < 0; break; /* v2.2.3 reads > as >= */
        case OP_LT: r = mm(env) ? k >= 0 : k > 0; break;
        }
        return r ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    }
    if (p->age == ONC_INT_MISSING || mm(env)) return mm(env) ? ONC_TRI_FALSE : ONC_TRI_UNKNOWN;
    /* whole years only: the true age lies in [age, age + 1) */
    double lo = p->age, hi = p->age + 1.0, v = c->u.age.value;
    switch (c->u.age.op) {
    case OP_GE: return lo >= v ? ONC_TRI_TRUE : hi <= v ? ONC_TRI_FALSE : ONC_TRI_UNKNOWN;
    case OP_GT: return lo > v ? ONC_TRI_TRUE : hi <= v ? ONC_TRI_FALSE : ONC_TRI_UNKNOWN;
    case OP_LT: return hi <= v ? ONC_TRI_TRUE : lo >= v ? ONC_TRI_FALSE : ONC_TRI_UNKNOWN;
    case OP_LE: return hi <= v ? ONC_TRI_TRUE : lo > v ? ONC_TRI_FALSE : ONC_TRI_UNKNOWN;
    case OP_EQ: return ONC_TRI_UNKNOWN;
    }
    return ONC_TRI_UNKNOWN;
}

static match_val_t eval_age(const match_crit_t *c, match_env_t *env)
{
    onc_tri r = age_holds(c, env);
    const onc_match_patient_t *p = env->p;
    if (r == ONC_TRI_TRUE) return met();
    if (r == ONC_TRI_UNKNOWN) return add_text(env, TEXT_UNKNOWN, "age not recorded"), val(r, true);
    int32_t age = !onc_date_is_missing(p->birth_date) ? whole_years(p->birth_date, env->today) : p->age;
    if (age == ONC_INT_MISSING) add_text(env, TEXT_FAILED, "age not recorded");
    else add_text(env, TEXT_FAILED, "age %d %s %g", (int)age, neg_op(c->u.age.op), c->u.age.value);
    return not_met();
}

static const char *patient_diagnosis(const onc_match_patient_t *p)
{
    if (p->diagnosis_name) return p->diagnosis_name;
    return p->tumor_type ? onc_tumor_type_name(p->tumor_type) : NULL;
}

/* Is the patient's diagnosis under the criterion's (un-negated)? */
static onc_tri diag_under(const match_crit_t *c, const match_env_t *env)
{
    const onc_match_patient_t *p = env->p;
    const onc_tumor_type_t *t = p->tumor_type;
    if (c->u.diag.pseudo) {
        if (!t) return p->diagnosis_name && !mm(env) ? ONC_TRI_UNKNOWN : ONC_TRI_FALSE;
        bool r = c->u.diag.pseudo == 1 ? onc_tumor_type_is_solid(t) : onc_tumor_type_is_liquid(t);
        return r ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    }
    if (t) {
        for (size_t i = 0; i < c->u.diag.n_nodes; i++)
            if (onc_tumor_type_is_a(t, c->u.diag.nodes[i])) return ONC_TRI_TRUE;
        return ONC_TRI_FALSE;
    }
    if (p->diagnosis_name) /* a name OncoTree does not know: exact string, as MatchMiner */
        return !strcmp(p->diagnosis_name, c->u.diag.name) ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    return ONC_TRI_UNKNOWN;
}

static match_val_t eval_diag(const match_crit_t *c, match_env_t *env)
{
    onc_tri r = diag_under(c, env);
    if (r == ONC_TRI_UNKNOWN) {
        if (mm(env)) return c->negate ? met() : not_met(); /* absent is negative */
        if (!patient_diagnosis(env->p)) add_text(env, TEXT_UNKNOWN, "diagnosis not recorded");
        else add_text(env, TEXT_UNKNOWN, "diagnosis %s not in OncoTree", patient_diagnosis(env->p));
        return val(ONC_TRI_UNKNOWN, true);
    }
    bool ok = (r == ONC_TRI_TRUE) != c->negate;
    if (ok) return met();
    add_text(env, TEXT_FAILED, "diagnosis %s is %sunder %s", patient_diagnosis(env->p), c->negate ? "" : "not ",
             c->u.diag.name);
    return not_met();
}

static match_val_t eval_gender(const match_crit_t *c, match_env_t *env)
{
    const char *g = env->p->gender;
    if (!g) {
        if (mm(env)) return c->negate ? met() : not_met();
        return add_text(env, TEXT_UNKNOWN, "gender not recorded"), val(ONC_TRI_UNKNOWN, true);
    }
    bool same = mm(env) ? !strcmp(g, c->u.gender) : !strcasecmp(g, c->u.gender);
    if (same != c->negate) return met();
    add_text(env, TEXT_FAILED, "gender %s is %s%s", g, c->negate ? "" : "not ", c->u.gender);
    return not_met();
}

static match_val_t eval_tmb(const match_crit_t *c, match_env_t *env)
{
    double t = env->p->tmb;
    char buf[64];
    if (isnan(t)) {
        if (mm(env)) return not_met();
        return add_text(env, TEXT_UNKNOWN, "TMB not measured"), val(ONC_TRI_UNKNOWN, false);
    }
    match_py_float(t, buf, sizeof buf);
    if (cmp_holds(c->u.tmb.op, t, c->u.tmb.value)) return add_text(env, TEXT_REASON, "TMB = %s", buf), met();
    add_text(env, TEXT_FAILED, "TMB %s %s %g", buf, neg_op(c->u.tmb.op), c->u.tmb.value);
    return not_met();
}

static match_val_t eval_ext(const match_crit_t *c, match_env_t *env)
{
    match_ext_env_t xe = {.c = env->p->c, .cl = env->p->cl, .kb = env->ctx ? env->ctx->kb : NULL,
                          .oncotree = env->ctx ? env->ctx->oncotree : NULL, .today = env->today};
    onc_strbuf_t *tmp = env->s ? &env->s->tmp : NULL;
    onc_strbuf_t local = ONC_STRBUF_INIT;
    if (!tmp) tmp = &local;
    onc_strbuf_clear(tmp);
    onc_tri r = match_ext_eval(c->u.ext, &xe, tmp);
    const char *text = onc_strbuf_str(tmp);
    match_val_t v;
    if (r == ONC_TRI_TRUE) v = met();
    else if (r == ONC_TRI_FALSE || mm(env)) {
        if (*text) add_text(env, TEXT_FAILED, "%s", text);
        v = not_met();
    } else {
        add_text(env, TEXT_UNKNOWN, "%s", *text ? text : c->label);
        v = val(ONC_TRI_UNKNOWN, match_ext_class_of(c->u.ext) == MATCH_EXT_CLINICAL_DETAIL);
    }
    onc_strbuf_free(&local);
    return v;
}

/* ---- genomic criteria ---- */

static bool structured_applies(const match_env_t *env)
{
    static const onc_date_t cut = {2018, 12, 1}; /* DFCI reports carry structured SVs from here */
    return !onc_date_is_missing(env->p->report_date) && date_cmp(env->p->report_date, cut) >= 0;
}

static bool partner_ok(partner_kind k, const char *want, const char *have)
{
    switch (k) {
    case PARTNER_NONE: return true;
    case PARTNER_ANY: return have != NULL;
    case PARTNER_INTERGENIC: return have == NULL;
    case PARTNER_GENE: return have && !strcmp(have, want);
    }
    return false;
}

static bool structured_sv_ok(const gen_crit_t *g, const match_event_t *e, onc_match_semantics sem)
{
    const char *l = e->structured_sv ? e->left_partner : NULL, *r = e->structured_sv ? e->right_partner : NULL;
    bool mm = sem == ONC_MATCH_SEM_MATCHMINER;
    const char *a = mm ? g->gene : g->gene_canon, *b = mm ? g->partner : g->partner_canon;
    return (partner_ok(g->left_kind, a, l) && partner_ok(g->right_kind, b, r)) ||
           (partner_ok(g->left_kind, a, r) && partner_ok(g->right_kind, b, l));
}

static bool unstructured_sv_ok(const gen_crit_t *g, const match_event_t *e)
{
    return e->category == MATCH_CAT_SV && e->sv_comment &&
           match_sv_comment_mentions(e->sv_comment, g->gene ? g->gene : "None");
}

static bool category_ok(const gen_crit_t *g, const match_event_t *e)
{
    switch (g->category) {
    case GCAT_NONE: case GCAT_SV: return true;
    case GCAT_MUTATION: return e->category == MATCH_CAT_MUTATION;
    case GCAT_CNV: return e->category == MATCH_CAT_CNV;
    case GCAT_ANY: return e->category == MATCH_CAT_MUTATION || e->category == MATCH_CAT_CNV;
    case GCAT_SIGNATURE: return e->category == MATCH_CAT_SIGNATURE;
    case GCAT_WT: return e->category == MATCH_CAT_WT;
    case GCAT_OTHER: return e->category_raw && !strcasecmp(e->category_raw, g->category_upper);
    }
    return false;
}

static bool exon_ok(const gen_crit_t *g, const match_event_t *e, onc_match_semantics sem)
{
    if (e->exon == ONC_INT_MISSING || e->exon != g->exon) return false;
    return sem != ONC_MATCH_SEM_MATCHMINER || e->exon_is_text == g->exon_is_text; /* "2" is not 2 */
}

/* Every constraint but the gene and the structural-variant partners. */
static bool details_ok(const gen_crit_t *g, const match_event_t *e, onc_match_semantics sem,
                       const onc_match_ctx_t *ctx)
{
    if (!category_ok(g, e)) return false;
    if (g->protein_change && (!e->protein_change || strcmp(e->protein_change, g->protein_change))) return false;
    if (g->wildcard && (!e->protein_change || !match_wildcard_matches(g->wildcard, e->protein_change))) return false;
    if (g->variant_classification &&
        (!e->variant_classification || strcmp(e->variant_classification, g->variant_classification)))
        return false;
    if (g->cnv_call && (!e->cnv_call || strcmp(e->cnv_call, g->cnv_call))) return false;
    if (g->has_exon && !exon_ok(g, e, sem)) return false;
    if (g->wildtype != ONC_TRI_UNKNOWN && e->wildtype != g->wildtype) return false;
    if (g->mmr_status && (!e->mmr_status || strcmp(e->mmr_status, g->mmr_status))) return false;
    for (int i = 0; i < MATCH_SIG_COUNT; i++)
        if (g->signature[i] && (!e->signature[i] || strcmp(e->signature[i], g->signature[i]))) return false;
    if (g->alteration) {
        bool m = false;
        if (!ctx || !ctx->kb || !e->alt) return false;
        if (onc_kb_pattern_matches(ctx->kb, g->gene_canon, g->alteration, e->alt, &m, NULL) != ONC_OK || !m) return false;
    }
    return true;
}

bool match_event_satisfies(const gen_crit_t *g, const match_event_t *e, const onc_match_patient_t *p,
                           onc_match_semantics sem, const onc_match_ctx_t *ctx)
{
    if (g->category == GCAT_SV) {
        bool structured;
        if (sem == ONC_MATCH_SEM_MATCHMINER) {
            match_env_t env = {.p = p};
            structured = structured_applies(&env);
        } else {
            structured = e->structured_sv;
            if (!structured && e->category != MATCH_CAT_SV) return false;
        }
        if (!(structured ? structured_sv_ok(g, e, sem) : unstructured_sv_ok(g, e))) return false;
        return details_ok(g, e, sem, ctx);
    }
    const char *gene = sem == ONC_MATCH_SEM_MATCHMINER ? g->gene : g->gene_canon;
    if (gene && !g->gene_ignored && (!e->gene || strcmp(e->gene, gene))) return false;
    return details_ok(g, e, sem, ctx);
}

static const char *signature_title(int i)
{
    static const char *const n[MATCH_SIG_COUNT] = {"APOBEC", "POLE", "Tobacco", "Temozolomide", "UVA"};
    return n[i];
}

onc_rc match_event_alteration(const gen_crit_t *g, const match_event_t *e, bool mm, onc_strbuf_t *out,
                              const char **match_type)
{
    onc_rc rc = ONC_OK;
    *match_type = "gene";
    bool sv = e->category == MATCH_CAT_SV, sig = e->category == MATCH_CAT_SIGNATURE;
    if (e->wildtype == ONC_TRI_TRUE) rc = onc_strbuf_puts(out, "wt ");
    if (rc == ONC_OK && e->gene && !sv && !sig) rc = onc_strbuf_puts(out, e->gene);
    if (rc != ONC_OK) return rc;
    if (e->protein_change || (mm && e->category == MATCH_CAT_MUTATION)) {
        if (g->protein_change || g->wildcard) *match_type = "variant";
        /* v2.2.3 writes a mutation's protein change even when it has none: "KRAS None" */
        return onc_strbuf_printf(out, " %s", e->protein_change ? e->protein_change : "None");
    }
    if (e->cnv_call) return onc_strbuf_printf(out, " %s", e->cnv_call);
    if (e->variant_classification) return onc_strbuf_printf(out, " %s", e->variant_classification);
    if (sv && e->structured_sv) {
        if (g->left_kind == PARTNER_GENE && g->right_kind == PARTNER_GENE) *match_type = "variant";
        const char *l = e->left_partner, *r = e->right_partner;
        if (l && r) rc = onc_strbuf_printf(out, "%s-%s", l, r);
        else rc = onc_strbuf_printf(out, "%s-intergenic", l ? l : r ? r : "None");
        if (rc != ONC_OK) return rc;
        return onc_strbuf_printf(out, " %s", e->sv_type ? e->sv_type : "Structural Variant");
    }
    if (sv) return g->gene ? onc_strbuf_printf(out, "%s Structural Variation", g->gene)
                           : onc_strbuf_puts(out, "Structural Variation");
    if (sig || g->mmr_status) {
        if (g->mmr_status) {
            *match_type = "mmr";
            if (!e->mmr_status) return ONC_OK;
            return onc_strbuf_puts(out, strstr(e->mmr_status, "Deficient") ? "MMR-D/MSI-H" : "MMR-P/MSS");
        }
        *match_type = "signature";
        for (int i = 0; i < MATCH_SIG_COUNT; i++)
            if (g->signature[i] && e->signature[i])
                return onc_strbuf_printf(out, "%s%s Signature", strcasecmp(e->signature[i], "yes") ? "No " : "",
                                         signature_title(i));
    }
    return ONC_OK;
}

/* Was the leaf's subject tested (oncoboard semantics)? Only TRUE lets a negative count. */
static onc_tri leaf_tested(const gen_crit_t *g, const onc_match_patient_t *p)
{
    if (g->gene_ignored) { /* signatures and MMR: results of that kind exist, or not */
        if (g->mmr_status && p->mmr_status) return ONC_TRI_TRUE;
        for (size_t i = 0; i < p->n_events; i++) {
            const match_event_t *e = &p->events[i];
            if (g->mmr_status && e->mmr_status) return ONC_TRI_TRUE;
            for (int k = 0; k < MATCH_SIG_COUNT; k++)
                if (g->signature[k] && e->signature[k]) return ONC_TRI_TRUE;
        }
        return ONC_TRI_UNKNOWN;
    }
    onc_tri t = ONC_TRI_UNKNOWN;
    bool named = false;
    if (g->gene && g->left_kind == PARTNER_GENE) named = true, t = match_patient_tested(p, g->gene, g->cover);
    if (t != ONC_TRI_TRUE && g->partner && g->right_kind == PARTNER_GENE)
        named = true, t = match_patient_tested(p, g->partner, g->cover);
    return named ? t : p->sequenced;
}

static const char *subject(const gen_crit_t *g)
{
    if (g->gene && g->left_kind == PARTNER_GENE && !g->gene_ignored) return g->gene;
    if (g->partner && g->right_kind == PARTNER_GENE) return g->partner;
    return NULL;
}

static void untested_text(match_env_t *env, const match_crit_t *c)
{
    const gen_crit_t *g = &c->u.gen;
    if (subject(g)) add_text(env, TEXT_UNKNOWN, "%s not tested", subject(g));
    else add_text(env, TEXT_UNKNOWN, "%s not tested", c->label);
}

/* MatchMiner's exclusion text of a row: "!EGFR p.T790M", "!KRAS Mutation". */
static void exclusion_reason(match_env_t *env, const match_crit_t *c)
{
    const gen_crit_t *g = &c->u.gen;
    if (g->category == GCAT_SV) return add_text(env, TEXT_REASON, "!%s", c->label);
    if (!g->gene || g->gene_ignored) return add_text(env, TEXT_REASON, "!%s", c->label);
    add_text(env, TEXT_REASON, "!%s %s", g->gene, match_gen_what(g));
}

static void event_text(match_env_t *env, text_kind kind, const gen_crit_t *g, const match_event_t *e,
                       const char *suffix)
{
    if (!env->s) return;
    onc_strbuf_t *b = &env->s->tmp;
    onc_strbuf_clear(b);
    const char *mt;
    if (match_event_alteration(g, e, mm(env), b, &mt) != ONC_OK) return (void)(env->rc = ONC_ENOMEM);
    add_text(env, kind, "%s%s", onc_strbuf_str(b), suffix);
}

static match_val_t eval_genomic(const match_crit_t *c, match_env_t *env)
{
    const gen_crit_t *g = &c->u.gen;
    const onc_match_patient_t *p = env->p;
    bool found = false;
    for (size_t i = 0; i < p->n_events; i++) {
        const match_event_t *e = &p->events[i];
        if (!match_event_satisfies(g, e, p, env->sem, env->ctx)) continue;
        found = true;
        if (!env->s) break;
        event_text(env, g->exclusion ? TEXT_FAILED : TEXT_REASON, g, e, g->exclusion ? " present" : "");
    }
    if (!found && !mm(env) && g->mmr_status && p->mmr_status && !strcmp(p->mmr_status, g->mmr_status)) {
        found = true; /* the case's MSI/MMR result, when no event carries it */
        add_text(env, g->exclusion ? TEXT_FAILED : TEXT_REASON, "%s%s", c->label, g->exclusion ? " present" : "");
    }
    if (found) return g->exclusion ? not_met() : met();
    onc_tri tested = mm(env) ? ONC_TRI_TRUE : leaf_tested(g, p);
    if (tested != ONC_TRI_TRUE) return untested_text(env, c), val(ONC_TRI_UNKNOWN, g->exclusion);
    if (g->exclusion) return exclusion_reason(env, c), met();
    add_text(env, TEXT_FAILED, "no %s", c->label);
    return not_met();
}

match_val_t match_eval_crit(const match_crit_t *c, match_env_t *env)
{
    switch (c->kind) {
    case CRIT_AGE: return eval_age(c, env);
    case CRIT_DIAG: return eval_diag(c, env);
    case CRIT_GENDER: return eval_gender(c, env);
    case CRIT_TMB: return eval_tmb(c, env);
    case CRIT_IGNORED: return met();
    case CRIT_EXT: return eval_ext(c, env);
    case CRIT_GENOMIC: return eval_genomic(c, env);
    case CRIT_GENERIC:
        return env->oracle && env->oracle(c->u.generic_index, env->octx) ? met() : not_met();
    }
    return not_met();
}

/* ---- nodes ---- */

static onc_tri tri_and(onc_tri a, onc_tri b)
{
    if (a == ONC_TRI_FALSE || b == ONC_TRI_FALSE) return ONC_TRI_FALSE;
    return a == ONC_TRI_UNKNOWN || b == ONC_TRI_UNKNOWN ? ONC_TRI_UNKNOWN : ONC_TRI_TRUE;
}

static onc_tri tri_or(onc_tri a, onc_tri b)
{
    if (a == ONC_TRI_TRUE || b == ONC_TRI_TRUE) return ONC_TRI_TRUE;
    return a == ONC_TRI_UNKNOWN || b == ONC_TRI_UNKNOWN ? ONC_TRI_UNKNOWN : ONC_TRI_FALSE;
}

/* Without texts: short-circuits (a FALSE kid decides an AND, a TRUE kid an OR, in both readings). */
static match_val_t eval_fast(const match_node_t *n, match_env_t *env)
{
    bool is_and = n->kind == NODE_AND;
    match_val_t r = is_and ? met() : not_met();
    for (size_t i = 0; i < n->n_kids; i++) {
        match_val_t k = match_eval_node(n->kids[i], env);
        r.v = is_and ? tri_and(r.v, k.v) : tri_or(r.v, k.v);
        r.opt = is_and ? r.opt && k.opt : r.opt || k.opt;
        if (is_and && r.v == ONC_TRI_FALSE) break;
        if (!is_and && r.v == ONC_TRI_TRUE) break;
    }
    return r;
}

/* With texts: every kid is evaluated; an OR keeps the texts of the kids that decided it. */
static match_val_t eval_texts(const match_node_t *n, match_env_t *env)
{
    bool is_and = n->kind == NODE_AND;
    match_val_t r = is_and ? met() : not_met();
    size_t start = env->s->n_texts;
    size_t small[64 * 2];
    onc_tri small_v[64];
    size_t *range = n->n_kids <= 64 ? small : malloc(2 * n->n_kids * sizeof *range);
    onc_tri *kv = n->n_kids <= 64 ? small_v : malloc(n->n_kids * sizeof *kv);
    if (!range || !kv) {
        if (range != small) free(range);
        if (kv != small_v) free(kv);
        env->rc = ONC_ENOMEM;
        return eval_fast(n, env);
    }
    for (size_t i = 0; i < n->n_kids; i++) {
        range[2 * i] = env->s->n_texts;
        match_val_t k = match_eval_node(n->kids[i], env);
        range[2 * i + 1] = env->s->n_texts;
        kv[i] = k.v;
        r.v = is_and ? tri_and(r.v, k.v) : tri_or(r.v, k.v);
        r.opt = is_and ? r.opt && k.opt : r.opt || k.opt;
    }
    if (!is_and && r.v != ONC_TRI_FALSE) { /* keep the deciding branches only */
        size_t w = start;
        for (size_t i = 0; i < n->n_kids; i++) {
            if (kv[i] != r.v) continue;
            for (size_t j = range[2 * i]; j < range[2 * i + 1]; j++) env->s->texts[w++] = env->s->texts[j];
        }
        env->s->n_texts = w;
    }
    if (range != small) free(range);
    if (kv != small_v) free(kv);
    return r;
}

match_val_t match_eval_node(const match_node_t *n, match_env_t *env)
{
    if (n->kind == NODE_LEAF) return match_eval_crit(n->crit, env);
    return env->s ? eval_texts(n, env) : eval_fast(n, env);
}
