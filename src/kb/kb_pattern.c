/* kb_pattern.c: OncoKB's alteration grammar (docs/kb-format.md "Alteration patterns").
 *
 * One parser serves curated entries and queries, so that "X1010splice" typed by a user and
 * "X1010_splice" curated are the same thing. Protein changes go through onc_pchange_parse
 * (hgvs.h); what is OncoKB's own is handled here: class ranges (1_2772trunc, 102_292mis,
 * 1_33mut, 1_33nontrunc, 762_823ins), positions (V600), the category names (Oncogenic
 * Mutations, Truncating Mutations, Fusions, copy-number words), named events (vIII, CTD,
 * KDD, MSI-H) and exclusions ("{excluding V600E; V600K}").
 */
#include "kb_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PAT_TEXT_MAX 512

int kb_csq_truncating(kb_csq c)
{
    return c == CSQ_STOP_GAINED || c == CSQ_FRAMESHIFT || c == CSQ_START_LOST || c == CSQ_SPLICE ||
           c == CSQ_TRUNC;
}

/* Named events: every spelling a lab or OncoKB uses, and the name entries carry. */
static const struct named { const char *spelling, *name; } named_events[] = {
    {"vII", "vII"}, {"vIII", "vIII"}, {"vIV", "vIV"}, {"vV", "vV"},
    {"C-terminal domain", "C-terminal domain"}, {"CTD", "C-terminal domain"},
    {"vIVa", "C-terminal domain"}, {"vIVb", "C-terminal domain"}, {"vIVc", "C-terminal domain"},
    {"Kinase Domain Duplication", "Kinase Domain Duplication"}, {"KDD", "Kinase Domain Duplication"},
    {"MSI-H", "MSI-H"}, {"Microsatellite Instability-High", "MSI-H"},
    {"TMB-H", "TMB-H"}, {"Tumor Mutational Burden-High", "TMB-H"},
};

static const struct category { const char *word; kb_pat_kind kind; } categories[] = {
    {"Oncogenic Mutations", PAT_ONCOGENIC}, {"Truncating Mutations", PAT_TRUNCATING},
    {"Variants of Unknown Significance", PAT_VUS}, {"Fusions", PAT_FUSIONS},
    {"Amplification", PAT_AMPLIFICATION}, {"Deletion", PAT_DELETION}, {"Gain", PAT_GAIN},
    {"Loss", PAT_LOSS},
};

static int read_int(const char *s, size_t n, int32_t *out)
{
    if (n == 0 || n > 9) return -1;
    int32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return v > 0 ? 0 : -1;
}

/* "[A-Z*]?DIGITS" at s: the residue (0 when not written), the position, and the length read. */
static size_t read_residue(const char *s, char *aa, int32_t *pos)
{
    size_t i = 0;
    *aa = 0;
    if (isupper((unsigned char)s[0]) || s[0] == '*') *aa = s[i++];
    size_t d = strspn(s + i, "0123456789");
    if (!d || read_int(s + i, d, pos) != 0) return 0;
    return i + d;
}

static const struct range_class { const char *suffix; kb_csq csq; } range_classes[] = {
    {"trunc", CSQ_TRUNC}, {"mis", CSQ_MISSENSE}, {"mut", CSQ_ANY}, {"nontrunc", CSQ_NONTRUNC},
    {"ins", CSQ_INFRAME_INS},
};

/* 1_2772trunc, W143_A314trunc, 102_292mis, 1_33mut, 762_823ins: a range with a class. */
static int parse_class_range(const char *s, kb_pat_t *p)
{
    char a, b;
    int32_t start, end;
    size_t n = read_residue(s, &a, &start);
    if (!n || s[n] != '_') return 0;
    size_t m = read_residue(s + n + 1, &b, &end);
    if (!m) return 0;
    const char *suffix = s + n + 1 + m;
    for (size_t i = 0; i < sizeof range_classes / sizeof *range_classes; i++)
        if (!strcmp(suffix, range_classes[i].suffix)) {
            p->kind = PAT_CHANGE;
            p->csq = range_classes[i].csq;
            p->start = start;
            p->end = end;
            p->is_range = 1;
            return end >= start ? 1 : -1;
        }
    return 0;
}

/* V600, D399, 600: the residue. */
static int parse_position(const char *s, kb_pat_t *p)
{
    char aa;
    int32_t pos;
    size_t n = read_residue(s, &aa, &pos);
    if (!n || s[n] || aa == '*') return 0;
    p->kind = PAT_POSITION;
    p->ref = aa;
    p->start = p->end = pos;
    p->csq = CSQ_NONE;
    return 1;
}

/* OncoKB's one-position insertion: A763insLQEA (the residues after A763). */
static int parse_oncokb_insertion(const char *s, kb_pat_t *p)
{
    char aa;
    int32_t pos;
    size_t n = read_residue(s, &aa, &pos);
    if (!n || !aa || strncmp(s + n, "ins", 3) != 0) return 0;
    const char *ins = s + n + 3;
    if (!*ins || strspn(ins, "ACDEFGHIKLMNPQRSTVWY") != strlen(ins)) return 0;
    p->kind = PAT_CHANGE;
    p->csq = CSQ_INFRAME_INS;
    p->start = p->end = pos;
    return 1;
}

static kb_csq csq_of_change(const onc_pchange_t *pc)
{
    switch (pc->type) {
    case ONC_P_MISSENSE: return CSQ_MISSENSE;
    case ONC_P_SYNONYMOUS: return CSQ_SYNONYMOUS;
    case ONC_P_NONSENSE: return CSQ_STOP_GAINED;
    case ONC_P_FRAMESHIFT: return CSQ_FRAMESHIFT;
    case ONC_P_DELETION: return CSQ_INFRAME_DEL;
    case ONC_P_INSERTION:
    case ONC_P_DUPLICATION: return CSQ_INFRAME_INS;
    case ONC_P_START_LOSS: return CSQ_START_LOST;
    case ONC_P_SPLICE: return CSQ_SPLICE;
    case ONC_P_UNKNOWN: return CSQ_NONE;
    case ONC_P_EXTENSION:
        return strcmp(onc_pchange_consequence(pc), "stop_lost") == 0 ? CSQ_STOP_LOST : CSQ_INFRAME_INS;
    case ONC_P_DELINS: {
        if (strchr(pc->alt, '*')) return CSQ_STOP_GAINED; /* L1340_Q1341delinsF*: a new stop */
        const char *c = onc_pchange_consequence(pc);
        return !strcmp(c, "missense_variant") ? CSQ_MISSENSE
               : !strcmp(c, "inframe_insertion") ? CSQ_INFRAME_INS
                                                 : CSQ_INFRAME_DEL;
    }
    }
    return CSQ_NONE;
}

/* E746_A750delELREA: the deleted residues after "del" say nothing more; drop them. */
static void drop_deleted_residues(char *s)
{
    char *del = strstr(s, "del");
    if (!del || !strncmp(del, "delins", 6)) return;
    const char *tail = del + 3;
    if (*tail && strspn(tail, "ACDEFGHIKLMNPQRSTVWY") == strlen(tail)) del[3] = '\0';
}

static onc_rc parse_change(char *s, kb_pat_t *p, onc_err_t *err)
{
    int r = parse_class_range(s, p);
    if (r > 0) return ONC_OK;
    if (r < 0) return onc_err_set(err, ONC_EPARSE, "\"%s\": the range ends before it starts", s);
    if (parse_position(s, p) || parse_oncokb_insertion(s, p)) return ONC_OK;
    drop_deleted_residues(s);
    onc_err_t e = {0};
    if (onc_pchange_parse(s, &p->pc, &e) != ONC_OK)
        return onc_err_set(err, ONC_EPARSE, "not an alteration of the grammar: %s", e.msg);
    p->kind = PAT_CHANGE;
    p->csq = csq_of_change(&p->pc);
    if (p->csq == CSQ_NONE) return onc_err_set(err, ONC_EPARSE, "\"%s\": an unknown protein change cannot be matched", s);
    p->start = p->pc.start;
    p->end = p->pc.end;
    /* A range deletion or splice without residues (729_761del, 963_1010splice) is a class. */
    p->is_range = p->pc.ref[0] == '\0' && p->start != p->end;
    return ONC_OK;
}

bool kb_pat_may_be_fusion(const char *s)
{
    for (; *s; s++)
        if (strncasecmp(s, "fusion", 6) == 0) return true;
    return false;
}

/* "EML4-ALK Fusion", "ABL1-BCR fusion": two genes and the word. */
static int parse_fusion(const char *s, kb_pat_t *p)
{
    size_t n = strlen(s);
    if (n < 8 || strcasecmp(s + n - 7, " fusion") != 0) return 0;
    const char *dash = memchr(s, '-', n - 7);
    if (!dash || dash == s || dash + 1 >= s + n - 7) return 0;
    size_t la = (size_t)(dash - s), lb = (size_t)(s + n - 7 - dash - 1);
    if (la >= KB_NAME_MAX || lb >= KB_NAME_MAX) return 0;
    p->kind = PAT_FUSION;
    p->csq = CSQ_NONE;
    memcpy(p->gene_a, s, la);
    p->gene_a[la] = '\0';
    memcpy(p->gene_b, dash + 1, lb);
    p->gene_b[lb] = '\0';
    return 1;
}

static onc_rc parse_base(char *s, kb_pat_t *p, onc_err_t *err)
{
    memset(p, 0, sizeof *p);
    p->csq = CSQ_NONE;
    for (size_t i = 0; i < sizeof categories / sizeof *categories; i++)
        if (!strcasecmp(s, categories[i].word)) {
            p->kind = categories[i].kind;
            return ONC_OK;
        }
    for (size_t i = 0; i < sizeof named_events / sizeof *named_events; i++)
        if (!strcmp(s, named_events[i].spelling)) {
            p->kind = PAT_NAMED;
            snprintf(p->name, sizeof p->name, "%s", named_events[i].name);
            return ONC_OK;
        }
    if (parse_fusion(s, p)) return ONC_OK;
    if (!*s) return onc_err_set(err, ONC_EPARSE, "empty alteration");
    return parse_change(s, p, err);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

static onc_rc parse_exclusions(char *s, kb_pat_t *p, onc_err_t *err)
{
    size_t n = strlen(s);
    if (n < 2 || s[n - 1] != '}') return onc_err_set(err, ONC_EPARSE, "an exclusion is written {excluding A; B}");
    s[n - 1] = '\0';
    s = trim(s + 1);
    if (strncasecmp(s, "excluding", 9) != 0 || !isspace((unsigned char)s[9]))
        return onc_err_set(err, ONC_EPARSE, "an exclusion is written {excluding A; B}");
    s += 10;
    if (!(p->excl = calloc(KB_PAT_EXCL_MAX, sizeof *p->excl))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (char *item = s; item;) {
        char *semi = strchr(item, ';');
        if (semi) *semi = '\0';
        if (p->n_excl == KB_PAT_EXCL_MAX) return onc_err_set(err, ONC_ELIMIT, "more than %d exclusions", KB_PAT_EXCL_MAX);
        char *t = trim(item);
        if (strchr(t, '{')) return onc_err_set(err, ONC_EPARSE, "an exclusion cannot have exclusions");
        onc_rc rc = parse_base(t, &p->excl[p->n_excl], err);
        if (rc) return rc;
        p->n_excl++;
        item = semi ? semi + 1 : NULL;
    }
    return ONC_OK;
}

onc_rc kb_pat_parse(const char *text, kb_pat_t *out, onc_err_t *err)
{
    char buf[PAT_TEXT_MAX];
    memset(out, 0, sizeof *out);
    if (!text) return onc_err_set(err, ONC_EPARSE, "no alteration");
    if (strlen(text) >= sizeof buf) return onc_err_set(err, ONC_ELIMIT, "alteration longer than %d bytes", PAT_TEXT_MAX - 1);
    memcpy(buf, text, strlen(text) + 1);
    char *brace = strchr(buf, '{');
    if (brace) *brace = '\0';
    char *base = trim(buf);
    if (!strncmp(base, "p.", 2)) base += 2;
    onc_rc rc = parse_base(base, out, err);
    if (!rc && brace) {
        char excl[PAT_TEXT_MAX];
        snprintf(excl, sizeof excl, "{%s", brace + 1);
        kb_pat_t keep = *out;
        rc = parse_exclusions(trim(excl), &keep, err);
        *out = keep;
    }
    if (rc) kb_pat_free(out);
    return rc;
}

void kb_pat_free(kb_pat_t *p)
{
    if (!p) return;
    free(p->excl);
    p->excl = NULL;
    p->n_excl = 0;
}
