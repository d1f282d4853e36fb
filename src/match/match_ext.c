/* match_ext.c: the CTML extension keys of a thoracic early-phase unit (match_ext.h,
 * docs/ctml-extensions.md).
 *
 * Each key has a row in `keys`: its name, whether an unknown outcome is a clinical detail or a
 * biomarker, the text for a case that holds nothing for it, and a compile and an evaluate
 * function. Compiling turns the CTML value into a typed condition once, at trial load, and
 * refuses a malformed value with the field and what was expected; evaluating reads the case
 * and answers met, not met or unknown with a text a clinician reads ("ECOG 2 > 1"). Missing
 * data is always unknown, never not met. This file holds the table, the shared comparisons and
 * the keys of the diagnosis, ECOG and PD-L1; therapies are in match_ext_therapy.c and
 * laboratory values in match_ext_lab.c. Texts are appended to the caller's buffer.
 */
#include "match_ext_int.h"

#include "oncoboard/numfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- shared helpers ---- */

onc_rc ext_fail(const ext_src_t *s, const json_t *object, const char *member, const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX], field[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    uint64_t line = s->line;
    if (member) {
        snprintf(field, sizeof field, "%s.%s", s->field ? s->field : "", member);
        uint64_t l = object ? onc_doc_member_line(s->doc, object, member) : 0;
        if (l) line = l;
    } else {
        snprintf(field, sizeof field, "%s", s->field ? s->field : "");
    }
    if (!s->doc) return onc_err_at(s->err, ONC_EPARSE, "(trial)", line, field, "%s", msg);
    return onc_doc_fail(s->doc, s->err, ONC_EPARSE, line, field, "%s", msg);
}

void ext_say(onc_strbuf_t *b, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (onc_strbuf_puts(b, buf) != ONC_OK) { /* best effort, see the header */ }
}

const char *ext_num(double v, char buf[32])
{
    onc_fmt_g6(v, buf);
    return buf;
}

onc_tri ext_not(onc_tri t)
{
    return t == ONC_TRI_TRUE ? ONC_TRI_FALSE : t == ONC_TRI_FALSE ? ONC_TRI_TRUE : ONC_TRI_UNKNOWN;
}

static const char *const op_names[] = {"==", "<=", ">=", "<", ">"};
static const char *const op_failed[] = {"!=", ">", "<", ">=", "<="};

const char *ext_op_text(ext_op op, bool failed) { return failed ? op_failed[op] : op_names[op]; }

bool ext_parse_cmp(const char *s, bool allow_percent, ext_cmp_t *out)
{
    while (*s == ' ') s++;
    ext_op op;
    if (!strncmp(s, "==", 2)) op = EXT_EQ, s += 2;
    else if (!strncmp(s, "<=", 2)) op = EXT_LE, s += 2;
    else if (!strncmp(s, ">=", 2)) op = EXT_GE, s += 2;
    else if (*s == '<') op = EXT_LT, s++;
    else if (*s == '>') op = EXT_GT, s++;
    else return false;
    while (*s == ' ') s++;
    if (!(*s >= '0' && *s <= '9') && *s != '.' && *s != '-') return false;
    char *end;
    double v = strtod(s, &end);
    if (end == s || !isfinite(v)) return false;
    if (allow_percent && *end == '%') end++;
    while (*end == ' ') end++;
    if (*end) return false;
    out->op = op;
    out->v = v;
    return true;
}

bool ext_cmp_holds(const ext_cmp_t *c, double x)
{
    switch (c->op) {
    case EXT_EQ: return x == c->v;
    case EXT_LE: return x <= c->v;
    case EXT_GE: return x >= c->v;
    case EXT_LT: return x < c->v;
    case EXT_GT: return x > c->v;
    }
    return false;
}

onc_rc ext_compile_int_cmp(match_ext_cond_t *c, const json_t *v, const ext_src_t *s, int lo, int hi)
{
    if (json_is_integer(v)) {
        json_int_t n = json_integer_value(v);
        if (n < lo || n > hi) return ext_fail(s, NULL, NULL, "expected an integer from %d to %d, got %lld", lo, hi, (long long)n);
        c->cmp[0] = (ext_cmp_t){EXT_EQ, (double)n};
        c->n_cmp = 1;
        return ONC_OK;
    }
    ext_cmp_t k;
    if (!json_is_string(v) || !ext_parse_cmp(json_string_value(v), false, &k) || k.v != floor(k.v) || k.v < lo ||
        k.v > hi)
        return ext_fail(s, NULL, NULL,
                        "expected a comparison such as \"<=1\" (== <= >= < > and an integer from %d to %d)", lo, hi);
    c->cmp[0] = k;
    c->n_cmp = 1;
    return ONC_OK;
}

onc_rc ext_check_members(const json_t *obj, const ext_src_t *s, const char *const *allowed, const char *expected)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], k)) i++;
        if (!allowed[i]) return ext_fail(s, obj, k, "unknown member; expected %s", expected);
    }
    return ONC_OK;
}

/* A string or a list of strings, each optionally starting with '!', all with the same sign: the
 * strings (without '!') go to out (pointers into v), *negated says the sign. */
static onc_rc strings_of(const json_t *v, const ext_src_t *s, const char **out, size_t *n, bool *negated)
{
    *n = 0;
    *negated = false;
    size_t count = json_is_array(v) ? json_array_size(v) : 1;
    if (!json_is_string(v) && !json_is_array(v)) return ext_fail(s, NULL, NULL, "expected a string or a list of strings");
    if (count == 0) return ext_fail(s, NULL, NULL, "expected at least one value");
    if (count > EXT_MAX_ITEMS) return ext_fail(s, NULL, NULL, "more than %d values", EXT_MAX_ITEMS);
    for (size_t i = 0; i < count; i++) {
        const json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
        if (!json_is_string(e)) return ext_fail(s, NULL, NULL, "expected a string or a list of strings");
        const char *str = json_string_value(e);
        bool neg = str[0] == '!';
        if (i > 0 && neg != *negated)
            return ext_fail(s, NULL, NULL, "a list mixes values with and without '!': write either what is "
                                          "allowed or what is excluded");
        *negated = neg;
        out[(*n)++] = str + neg;
    }
    return ONC_OK;
}

/* Values from a fixed vocabulary (names[i] is bit i) into c->set, complemented when negated. */
static onc_rc compile_choice(match_ext_cond_t *c, const json_t *v, const ext_src_t *s, const char *const *names,
                             size_t n_names, const char *expected)
{
    const char *vals[EXT_MAX_ITEMS];
    size_t n;
    bool neg;
    onc_rc rc = strings_of(v, s, vals, &n, &neg);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < n_names && strcasecmp(vals[i], names[j])) j++;
        if (j == n_names) return ext_fail(s, NULL, NULL, "unknown value \"%s\"; expected %s", vals[i], expected);
        c->set |= 1u << j;
    }
    c->negated = neg;
    return ONC_OK;
}

/* "none, treated" from the bits of set. */
static void say_set(onc_strbuf_t *b, unsigned set, const char *const *names, size_t n_names)
{
    const char *sep = "";
    for (size_t j = 0; j < n_names; j++)
        if (set & (1u << j)) ext_say(b, "%s%s", sep, names[j]), sep = ", ";
}

/* ---- ecog ---- */

static onc_rc compile_ecog(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    if (!json_is_array(v)) return ext_compile_int_cmp(c, v, s, 0, 5);
    size_t n = json_array_size(v);
    if (n == 0) return ext_fail(s, NULL, NULL, "expected at least one ECOG value");
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(v, i);
        if (!json_is_integer(e) || json_integer_value(e) < 0 || json_integer_value(e) > 5)
            return ext_fail(s, NULL, NULL, "expected a list of ECOG values (integers 0 to 5)");
        c->set |= 1u << json_integer_value(e);
    }
    return ONC_OK;
}

static const char *const ecog_names[] = {"0", "1", "2", "3", "4", "5"};

static onc_tri eval_ecog(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    int32_t e = env->c->ecog;
    if (e == ONC_INT_MISSING || e < 0 || e > 5) return ext_say(text, "%s", c->def->missing), ONC_TRI_UNKNOWN;
    char num[32];
    if (c->n_cmp) {
        bool ok = ext_cmp_holds(&c->cmp[0], e);
        if (ok) ext_say(text, "ECOG %d", (int)e);
        else ext_say(text, "ECOG %d %s %s", (int)e, ext_op_text(c->cmp[0].op, true), ext_num(c->cmp[0].v, num));
        return ok ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    }
    if (c->set & (1u << e)) return ext_say(text, "ECOG %d", (int)e), ONC_TRI_TRUE;
    ext_say(text, "ECOG %d (allowed: ", (int)e);
    say_set(text, c->set, ecog_names, 6);
    ext_say(text, ")");
    return ONC_TRI_FALSE;
}

/* ---- PD-L1 ---- */

/* A comparison string, or a list of them that must all hold (a range: [">=1", "<50"]). */
static onc_rc compile_pdl1(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    if ((!json_is_string(v) && !json_is_array(v)) || n == 0 || n > EXT_MAX_CMPS)
        return ext_fail(s, NULL, NULL, "expected a comparison such as \">=50\" or a list of up to %d (a range: "
                                       "[\">=1\", \"<50\"])", EXT_MAX_CMPS);
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
        ext_cmp_t k;
        if (!json_is_string(e) || !ext_parse_cmp(json_string_value(e), true, &k) || k.v < 0 || k.v > 100)
            return ext_fail(s, NULL, NULL, "expected a comparison such as \">=50\" (== <= >= < > and a score from 0 "
                                           "to 100)");
        c->cmp[c->n_cmp++] = k;
    }
    return ONC_OK;
}

static onc_tri eval_pdl1(const match_ext_cond_t *c, double score, const char *label, const char *unit,
                         onc_strbuf_t *text)
{
    if (isnan(score)) return ext_say(text, "%s", c->def->missing), ONC_TRI_UNKNOWN;
    char a[32], b[32];
    for (size_t i = 0; i < c->n_cmp; i++)
        if (!ext_cmp_holds(&c->cmp[i], score)) {
            ext_say(text, "%s %s%s %s %s", label, ext_num(score, a), unit, ext_op_text(c->cmp[i].op, true),
                    ext_num(c->cmp[i].v, b));
            return ONC_TRI_FALSE;
        }
    ext_say(text, "%s %s%s", label, ext_num(score, a), unit);
    return ONC_TRI_TRUE;
}

static onc_tri eval_tps(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    return eval_pdl1(c, env->c->biomarkers.pdl1_tps, "PD-L1 TPS", "%", text);
}

static onc_tri eval_cps(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    return eval_pdl1(c, env->c->biomarkers.pdl1_cps, "PD-L1 CPS", "", text);
}

/* The case model's names without their NULL first entry: bit i is value i + 1. */
static const char *const *const clone_names = onc_pdl1_clone_names + 1;
static const char *const *const brain_names = onc_brain_mets_names + 1;

static onc_rc compile_clone(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    return compile_choice(c, v, s, clone_names, 4, "22C3, SP263, SP142 or 28-8");
}

static onc_tri eval_clone(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    const onc_biomarkers_t *b = &env->c->biomarkers;
    if (b->pdl1_clone == ONC_PDL1_CLONE_UNKNOWN) {
        ext_say(text, "%s", isnan(b->pdl1_tps) && isnan(b->pdl1_cps) ? "PD-L1 not tested" : c->def->missing);
        return ONC_TRI_UNKNOWN;
    }
    bool in = c->set & (1u << (b->pdl1_clone - 1));
    onc_tri t = in != c->negated ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    ext_say(text, "PD-L1 clone %s", clone_names[b->pdl1_clone - 1]);
    if (t == ONC_TRI_FALSE) {
        ext_say(text, " (%s: ", c->negated ? "excluded" : "required");
        say_set(text, c->set, clone_names, 4);
        ext_say(text, ")");
    }
    return t;
}

/* ---- brain metastases ---- */

/* "treated" is the case format's treated and stable. */

static onc_rc compile_brain(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    return compile_choice(c, v, s, brain_names, 3, "none, treated or active");
}

static onc_tri eval_brain(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    onc_brain_mets m = env->c->diagnosis.brain_metastases;
    if (m == ONC_BRAIN_METS_UNKNOWN) return ext_say(text, "%s", c->def->missing), ONC_TRI_UNKNOWN;
    bool in = c->set & (1u << (m - 1));
    onc_tri t = in != c->negated ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    ext_say(text, m == ONC_BRAIN_METS_NONE ? "no brain metastases" : "%s brain metastases", brain_names[m - 1]);
    if (t == ONC_TRI_FALSE) {
        ext_say(text, " (%s: ", c->negated ? "excluded" : "allowed");
        say_set(text, c->set, brain_names, 3);
        ext_say(text, ")");
    }
    return t;
}

/* ---- stage ---- */

/* An AJCC stage group split into its Roman numeral and the rest ("IVA" -> "IV", "A"). "0" is a
 * numeral too. Returns false for anything else. */
static bool split_stage(const char *s, char *roman, size_t cap, const char **rest)
{
    size_t n = 0;
    if (*s == '0') n = 1;
    else
        while (s[n] == 'I' || s[n] == 'V' || s[n] == 'i' || s[n] == 'v') n++;
    if (n == 0 || n >= cap || n > 3) return false;
    for (size_t i = 0; i < n; i++) roman[i] = s[i] == 'i' ? 'I' : s[i] == 'v' ? 'V' : s[i];
    roman[n] = 0;
    static const char *const groups[] = {"0", "I", "II", "III", "IV"};
    bool known = false;
    for (size_t i = 0; i < 5; i++) known |= !strcmp(roman, groups[i]);
    const char *r = s + n;
    if (!known || strlen(r) > 2) return false;
    if (r[0] && !((r[0] >= 'A' && r[0] <= 'C') || (r[0] >= 'a' && r[0] <= 'c'))) return false;
    if (r[0] && r[1] && !(r[1] >= '1' && r[1] <= '3')) return false;
    *rest = r;
    return true;
}

static bool is_sclc_stage(const char *s) { return !strcasecmp(s, "limited") || !strcasecmp(s, "extensive"); }

static onc_rc compile_stage(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    const char *vals[EXT_MAX_ITEMS];
    size_t n;
    onc_rc rc = strings_of(v, s, vals, &n, &c->negated);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        char roman[8];
        const char *rest;
        if (!is_sclc_stage(vals[i]) && !split_stage(vals[i], roman, sizeof roman, &rest))
            return ext_fail(s, NULL, NULL, "\"%s\" is not an AJCC stage group (0, I, IA, IA1 ... IVC) nor "
                                           "limited or extensive", vals[i]);
        if (!(c->items[c->n_items] = strdup(vals[i]))) return ONC_ENOMEM;
        c->n_items++;
    }
    return ONC_OK;
}

/* Does the case's stage fall under the group pattern ("IV" covers IVA, IVB, IVC)? Unknown when
 * the case's stage is less specific than the pattern (a stage III asked for IIIB). */
static onc_tri stage_under(const char *stage, const char *pattern)
{
    if (is_sclc_stage(pattern) || is_sclc_stage(stage))
        return !strcasecmp(stage, pattern) ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    char r1[8], r2[8];
    const char *s1, *s2;
    if (!split_stage(stage, r1, sizeof r1, &s1) || !split_stage(pattern, r2, sizeof r2, &s2) || strcmp(r1, r2))
        return ONC_TRI_FALSE;
    size_t n1 = strlen(s1), n2 = strlen(s2);
    if (n1 >= n2) return !strncasecmp(s1, s2, n2) ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    return !strncasecmp(s1, s2, n1) ? ONC_TRI_UNKNOWN : ONC_TRI_FALSE;
}

static onc_tri eval_stage(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    const char *st = env->c->diagnosis.stage;
    char roman[8];
    const char *rest;
    if (!st || !*st) return ext_say(text, "%s", c->def->missing), ONC_TRI_UNKNOWN;
    if (!is_sclc_stage(st) && !split_stage(st, roman, sizeof roman, &rest))
        return ext_say(text, "stage \"%s\" is not an AJCC stage group", st), ONC_TRI_UNKNOWN;
    bool in = false, maybe = false;
    for (size_t i = 0; i < c->n_items && !in; i++) {
        onc_tri u = stage_under(st, c->items[i]);
        in = u == ONC_TRI_TRUE;
        maybe |= u == ONC_TRI_UNKNOWN;
    }
    onc_tri t = in ? ONC_TRI_TRUE : maybe ? ONC_TRI_UNKNOWN : ONC_TRI_FALSE;
    if (c->negated) t = ext_not(t);
    ext_say(text, "stage %s", st);
    if (t != ONC_TRI_TRUE) {
        if (t == ONC_TRI_UNKNOWN) ext_say(text, ": substage needed for ");
        else ext_say(text, " (%s: ", c->negated ? "excluded" : "required");
        for (size_t i = 0; i < c->n_items; i++) ext_say(text, "%s%s", i ? ", " : "", c->items[i]);
        if (t == ONC_TRI_FALSE) ext_say(text, ")");
    }
    return t;
}

/* ---- histology ---- */

/* Lung histologies as OncoTree subtrees (release in kb/oncotree.tsv; https://oncotree.mskcc.org):
 * a case is of the group when its diagnosis lies under one of `in` and under none of `except`.
 * `undetermined` are nodes whose histology cannot say (adenosquamous and poorly differentiated
 * NSCLC are neither clearly squamous nor clearly not). docs/ctml-extensions.md lists them. */
typedef struct histology_group {
    const char *name;
    const char *in[3];
    const char *except[2];
    const char *undetermined[3];
} histology_group_t;

static const histology_group_t histologies[] = {
    {"squamous", {"LUSC"}, {NULL}, {"LUAS", "NSCLCPD"}},
    {"non-squamous", {"NSCLC"}, {"LUSC"}, {"LUAS", "NSCLCPD"}},
    {"adenocarcinoma", {"LUAD"}, {NULL}, {NULL}},
    {"adenosquamous", {"LUAS"}, {NULL}, {NULL}},
    {"large cell", {"LCLC"}, {NULL}, {NULL}},
    {"large cell neuroendocrine", {"LUNE"}, {NULL}, {NULL}},
    {"small cell", {"SCLC", "CSCLC"}, {NULL}, {NULL}},
    {"non-small cell", {"NSCLC"}, {NULL}, {NULL}},
};
#define N_HISTOLOGIES (sizeof histologies / sizeof *histologies)

static void histology_names(const char **names)
{
    for (size_t i = 0; i < N_HISTOLOGIES; i++) names[i] = histologies[i].name;
}

static onc_rc compile_histology(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    const char *names[N_HISTOLOGIES];
    histology_names(names);
    onc_rc rc = compile_choice(c, v, s, names, N_HISTOLOGIES,
                               "squamous, non-squamous, adenocarcinoma, adenosquamous, large cell, large cell "
                               "neuroendocrine, small cell or non-small cell");
    if (rc || !s->oncotree) return rc;
    for (size_t i = 0; i < N_HISTOLOGIES; i++) /* the table against the loaded release */
        for (size_t j = 0; j < 3 && histologies[i].in[j]; j++)
            if (!onc_oncotree_find(s->oncotree, histologies[i].in[j]))
                return ext_fail(s, NULL, NULL, "OncoTree release lacks %s, needed for histology %s",
                                histologies[i].in[j], histologies[i].name);
    return ONC_OK;
}

static bool under_any(const onc_oncotree_t *t, const char *code, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n && list[i]; i++)
        if (onc_oncotree_is_descendant(t, code, list[i])) return true;
    return false;
}

/* Is a node strictly above one of list (a less specific diagnosis that may or may not be it)? */
static bool above_any(const onc_oncotree_t *t, const char *code, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n && list[i]; i++)
        if (strcasecmp(code, list[i]) && onc_oncotree_is_descendant(t, list[i], code)) return true;
    return false;
}

static onc_tri histology_of(const onc_oncotree_t *t, const char *code, const histology_group_t *g)
{
    if (under_any(t, code, g->undetermined, 3)) return ONC_TRI_UNKNOWN;
    if (under_any(t, code, g->in, 3)) {
        if (under_any(t, code, g->except, 2)) return ONC_TRI_FALSE;
        return above_any(t, code, g->except, 2) ? ONC_TRI_UNKNOWN : ONC_TRI_TRUE;
    }
    return above_any(t, code, g->in, 3) ? ONC_TRI_UNKNOWN : ONC_TRI_FALSE;
}

static onc_tri eval_histology(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    const char *code = env->c->diagnosis.oncotree_code;
    if (!code || !*code) return ext_say(text, "%s", c->def->missing), ONC_TRI_UNKNOWN;
    const onc_tumor_type_t *node = env->oncotree ? onc_oncotree_find(env->oncotree, code) : NULL;
    if (!node) return ext_say(text, "diagnosis %s not in OncoTree", code), ONC_TRI_UNKNOWN;
    bool any_true = false, any_unknown = false;
    for (size_t i = 0; i < N_HISTOLOGIES; i++) {
        if (!(c->set & (1u << i))) continue;
        onc_tri h = histology_of(env->oncotree, code, &histologies[i]);
        any_true |= h == ONC_TRI_TRUE;
        any_unknown |= h == ONC_TRI_UNKNOWN;
    }
    onc_tri t = any_true ? ONC_TRI_TRUE : any_unknown ? ONC_TRI_UNKNOWN : ONC_TRI_FALSE;
    if (c->negated) t = ext_not(t);
    ext_say(text, "%s (%s)", onc_tumor_type_name(node), onc_tumor_type_code(node));
    if (t == ONC_TRI_TRUE) return t;
    const char *names[N_HISTOLOGIES];
    histology_names(names);
    if (t == ONC_TRI_UNKNOWN) ext_say(text, ": undetermined whether ");
    else ext_say(text, " (%s: ", c->negated ? "excluded" : "required");
    say_set(text, c->set, names, N_HISTOLOGIES);
    if (t == ONC_TRI_FALSE) ext_say(text, ")");
    return t;
}

/* ---- measurable disease ---- */

static onc_rc compile_measurable(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    if (!json_is_boolean(v)) return ext_fail(s, NULL, NULL, "expected true or false");
    c->want = json_is_true(v) ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    return ONC_OK;
}

static onc_tri eval_measurable(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    onc_tri m = env->c->diagnosis.measurable_disease;
    if (m == ONC_TRI_UNKNOWN) return ext_say(text, "%s", c->def->missing), ONC_TRI_UNKNOWN;
    ext_say(text, m == ONC_TRI_TRUE ? "measurable disease (RECIST 1.1)" : "no measurable disease");
    return m == c->want ? ONC_TRI_TRUE : ONC_TRI_FALSE;
}

/* ---- the keys ---- */

static const ext_key_def_t keys[] = {
    {"ecog", MATCH_EXT_CLINICAL_DETAIL, "ECOG not recorded", compile_ecog, eval_ecog},
    {"prior_lines", MATCH_EXT_CLINICAL_DETAIL, "prior therapies not recorded", ext_compile_lines,
     ext_eval_prior_lines},
    {"line_of_therapy", MATCH_EXT_CLINICAL_DETAIL, "prior therapies not recorded", ext_compile_lines,
     ext_eval_line_of_therapy},
    {"prior_therapy", MATCH_EXT_CLINICAL_DETAIL, "prior therapies not recorded", ext_compile_prior_therapy,
     ext_eval_prior_therapy},
    {"washout", MATCH_EXT_CLINICAL_DETAIL, "prior therapies not recorded", ext_compile_washout, ext_eval_washout},
    {"pdl1_tps", MATCH_EXT_BIOMARKER, "PD-L1 not tested", compile_pdl1, eval_tps},
    {"pdl1_cps", MATCH_EXT_BIOMARKER, "PD-L1 CPS not tested", compile_pdl1, eval_cps},
    {"pdl1_clone", MATCH_EXT_BIOMARKER, "PD-L1 clone not recorded", compile_clone, eval_clone},
    {"brain_metastases", MATCH_EXT_CLINICAL_DETAIL, "brain metastases not recorded", compile_brain, eval_brain},
    {"stage", MATCH_EXT_CLINICAL_DETAIL, "stage not recorded", compile_stage, eval_stage},
    {"histology", MATCH_EXT_BIOMARKER, "diagnosis not recorded", compile_histology, eval_histology},
    {"measurable_disease", MATCH_EXT_CLINICAL_DETAIL, "measurable disease not recorded", compile_measurable,
     eval_measurable},
    {"lab", MATCH_EXT_CLINICAL_DETAIL, "laboratory values not recorded", ext_compile_lab, ext_eval_lab},
};

static const ext_key_def_t *find_key(const char *key)
{
    for (size_t i = 0; key && i < sizeof keys / sizeof *keys; i++)
        if (!strcmp(keys[i].name, key)) return &keys[i];
    return NULL;
}

bool match_ext_is_key(const char *key) { return find_key(key) != NULL; }

onc_rc match_ext_compile(const char *key, const json_t *value, const onc_doc_t *doc, uint64_t line,
                         const char *field, const onc_oncotree_t *oncotree, match_ext_cond_t **out,
                         onc_err_t *err)
{
    *out = NULL;
    ext_src_t s = {doc, value, line, field, err, oncotree};
    const ext_key_def_t *def = find_key(key);
    if (!def) return ext_fail(&s, NULL, NULL, "unknown key %s", key ? key : "(null)");
    if (!value || json_is_null(value)) return ext_fail(&s, NULL, NULL, "a value is required");
    match_ext_cond_t *c = calloc(1, sizeof *c);
    if (!c) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    c->def = def;
    c->lab.min = c->lab.max = c->lab.min_uln = c->lab.max_uln = ONC_NUM_MISSING;
    onc_rc rc = def->compile(c, value, &s);
    if (rc == ONC_ENOMEM && err && err->code != ONC_ENOMEM) onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc) {
        match_ext_free(c);
        return rc;
    }
    *out = c;
    return ONC_OK;
}

onc_tri match_ext_eval(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    if (!env || !env->c) return ext_say(text, "%s", c->def->missing), ONC_TRI_UNKNOWN;
    return c->def->eval(c, env, text);
}

match_ext_class match_ext_class_of(const match_ext_cond_t *c) { return c->def->cls; }

void match_ext_free(match_ext_cond_t *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_items; i++) free(c->items[i]);
    ext_agents_free(&c->agents);
    free(c->lab.name);
    free(c->lab.unit);
    free(c);
}
