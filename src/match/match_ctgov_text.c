/* match_ctgov_text.c: CTML criteria suggested from ClinicalTrials.gov eligibility text.
 *
 * The registry's eligibilityCriteria is Markdown-ish prose: "Inclusion Criteria:" and
 * "Exclusion Criteria:" headers, bullets ("* ", "- ", "1. ", "•"), sub-headings for cohorts
 * ("Subprotocol B - ...", "Substudy 01: All Experimental arms"), and backslash escapes ("\<").
 * It is cut into sentences, each sentence into words, and each sentence is read by small
 * hand-written recognisers, all conservative: a suggestion is made only from what a sentence
 * says, and quotes it.
 *
 *   genomic  a gene symbol or alias the knowledge base knows (kb/genes.tsv through
 *            kb/gene_aliases.tsv; "NTRK" stands for the kb's NTRK1..3), or an unknown
 *            upper-case symbol written onto an alteration word ("MTAP-deleted"); with what the
 *            words next to it say: a protein change (L858R, p.G12C, V600 as a wildcard), an exon
 *            phrase (exon 19 deletion -> the kb's class name when it has one), or a category
 *            (mutation, fusion/rearrangement, amplification, deletion, alteration = any). A
 *            gene followed by inhibitor/TKI/targeted (or after "anti-") is a drug, not a
 *            criterion. "negative", "no known", "without" make an inclusion an exclusion.
 *   clinical ECOG ("0 or 1" -> ecog "<=1"), PD-L1 thresholds (pdl1_tps / pdl1_cps), brain
 *            metastases, prior therapies (the kb's agents and the anti-PD-(L)1 class, with
 *            progression), prior lines, NSCLC / small-cell as OncoTree names, and squamous or
 *            non-squamous histology (the extension keys of docs/ctml-extensions.md).
 *
 * Sentences that only permit ("... are eligible", "may participate"), that start with "If", or
 * that pair a genomic event with another condition ("has an EGFR T790M mutation and has not
 * received ...") give no genomic suggestion: a leaf would say more than the text. Sentences
 * whose subject is conditional ("Patients with BRAF V600-mutant melanoma must ...") are read
 * only after the condition, unless the sentence excludes its subject ("... are not eligible":
 * the subject is then an exclusion). Under a cohort sub-heading the quote starts with "[heading]" and
 * the node carries the heading (CTGOV_COHORT) for match_ctgov.c to place it in that cohort's
 * arms.
 */
#include "match_ctgov.h"

#include "oncoboard/gene.h"
#include "oncoboard/kb.h"
#include "oncoboard/oncotree.h"
#include "oncoboard/strbuf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SENT_TOKENS_MAX 4096 /* words in one sentence */
#define SENT_MENTIONS_MAX 64 /* gene mentions in one sentence */
#define MENTION_GENES_MAX 9  /* genes one word stands for (a family: NTRK -> NTRK1..3) */
#define MENTION_ALTS_MAX 8   /* alterations named for one mention */
#define SYMBOL_MAX 24

typedef struct tok {
    size_t b, e; /* [b, e) in the sentence */
} tok_t;

/* What the words next to a gene say. */
typedef enum alt_kind {
    ALT_NONE = 0,
    ALT_MUT,  /* mutation */
    ALT_SV,   /* fusion, rearrangement */
    ALT_AMP,  /* amplification */
    ALT_DEL,  /* deletion of the gene */
    ALT_ANY,  /* alteration, driver, positive, negative: any event of the gene */
    ALT_PROT, /* a protein change */
    ALT_WILD, /* a residue (V600): any change there */
    ALT_EXON  /* an exon phrase */
} alt_kind;

typedef struct alt {
    alt_kind kind;
    char text[48]; /* protein change ("p.L858R"), residue, or the exon phrase's word stem */
    long exon;
} alt_t;

typedef struct mention {
    size_t tok;
    char genes[MENTION_GENES_MAX][SYMBOL_MAX];
    int n_genes;
    bool drug;
    alt_t alts[MENTION_ALTS_MAX];
    int n_alts;
} mention_t;

typedef struct sent {
    char *s, *lc;        /* the cleaned sentence and its lower-case copy */
    size_t n;
    tok_t *t;
    size_t nt;
    bool *used;          /* words taken by a window */
    bool excl;
    const char *quote;   /* the suggestion text */
    const char *cohort;  /* the sub-heading it is under, or NULL */
} sent_t;

typedef struct scan {
    const onc_match_ctx_t *ctx;
    json_t *out;
    const char *where;
    onc_err_t *err;
    size_t n_added;
    tok_t toks[SENT_TOKENS_MAX];
    bool used[SENT_TOKENS_MAX];
    mention_t m[SENT_MENTIONS_MAX];
} scan_t;

/* ---- words ---- */

static bool is_alnum(char c) { return isalnum((unsigned char)c) != 0; }

static bool word_is(const sent_t *s, size_t i, const char *w)
{
    size_t n = s->t[i].e - s->t[i].b;
    return strlen(w) == n && strncmp(s->lc + s->t[i].b, w, n) == 0;
}

static bool word_in(const sent_t *s, size_t i, const char *const *list)
{
    for (; *list; list++)
        if (word_is(s, i, *list)) return true;
    return false;
}

/* True when the text between words a and a+1 ends a phrase: , ; : ( ) or a full stop. */
static bool gap_stops(const sent_t *s, size_t a, bool allow_close)
{
    for (size_t k = s->t[a].e; k < s->t[a + 1].b; k++) {
        char c = s->s[k];
        if (c == ')' && allow_close) continue;
        if (strchr(",;:()", c) || (c == '.' && (k + 1 >= s->n || s->s[k + 1] == ' '))) return true;
    }
    return false;
}

static void tok_copy(const sent_t *s, size_t i, char *buf, size_t n)
{
    size_t len = s->t[i].e - s->t[i].b;
    if (len >= n) len = n - 1;
    memcpy(buf, s->s + s->t[i].b, len);
    buf[len] = '\0';
}

static alt_kind keyword_of(const sent_t *s, size_t i)
{
    static const char *const mut[] = {"mutation", "mutations", "mutant", "mutants", "mutated", NULL};
    static const char *const sv[] = {"fusion", "fusions", "rearrangement", "rearrangements", "rearranged",
                                     "translocation", "translocations", NULL};
    static const char *const amp[] = {"amplification", "amplifications", "amplified", NULL};
    static const char *const del[] = {"deletion", "deletions", "deleted", NULL};
    static const char *const any[] = {"alteration", "alterations", "altered", "aberration", "aberrations", "aga",
                                      "agas", "driver", "drivers", "variant", "variants", "positive", "negative",
                                      NULL};
    if (word_in(s, i, mut)) return ALT_MUT;
    if (word_in(s, i, sv)) return ALT_SV;
    if (word_in(s, i, amp)) return ALT_AMP;
    if (word_in(s, i, del)) return ALT_DEL;
    if (word_in(s, i, any)) return ALT_ANY;
    return ALT_NONE;
}

static bool is_drug_word(const sent_t *s, size_t i)
{
    static const char *const w[] = {"inhibitor", "inhibitors", "tki", "tkis", "targeted", "targeting", "directed",
                                    "antibody", "antibodies", "adc", "adcs", "blocker", "blockers", NULL};
    return word_in(s, i, w);
}

/* A protein change (L858R: one-letter residue, 2-4 digits, one-letter residue), written with
 * or without "p."; ALT_WILD for a bare residue (V600). */
static alt_kind protein_of(const sent_t *s, size_t i, char *buf, size_t n)
{
    static const char aa[] = "ACDEFGHIKLMNPQRSTVWY";
    const char *w = s->s + s->t[i].b;
    size_t len = s->t[i].e - s->t[i].b, d = 1;
    if (len < 3 || !strchr(aa, w[0])) return ALT_NONE;
    while (d < len && isdigit((unsigned char)w[d])) d++;
    if (d - 1 < 2 || d - 1 > 4) return ALT_NONE;
    if (d == len) {
        snprintf(buf, n, "p.%.*s", (int)len, w);
        return ALT_WILD;
    }
    if (d + 1 != len || !strchr(aa, w[d])) return ALT_NONE;
    snprintf(buf, n, "p.%.*s", (int)len, w);
    return ALT_PROT;
}

/* "exon 19 deletion", "exon19 deletion", "exon 20 in-frame insertion", "exon 14 skipping":
 * the number of words taken (0 when none), the exon and the word stem in a. */
static size_t exon_phrase(const sent_t *s, size_t i, alt_t *a)
{
    size_t j = i;
    const char *w = s->lc + s->t[i].b;
    size_t len = s->t[i].e - s->t[i].b;
    char *end;
    if (len > 4 && strncmp(w, "exon", 4) == 0 && isdigit((unsigned char)w[4])) {
        a->exon = strtol(w + 4, &end, 10);
        if (end != w + len) return 0;
    } else if (word_is(s, i, "exon") && i + 1 < s->nt && isdigit((unsigned char)s->s[s->t[i + 1].b])) {
        j = i + 1;
        a->exon = strtol(s->s + s->t[j].b, &end, 10);
        if (end != s->s + s->t[j].e) return 0;
    } else {
        return 0;
    }
    if (a->exon <= 0 || a->exon > 200) return 0;
    j++;
    if (j + 1 < s->nt && word_is(s, j, "in") && word_is(s, j + 1, "frame")) j += 2;
    if (j >= s->nt) return 0;
    static const struct { const char *word, *stem; } kinds[] = {
        {"deletion", "del"}, {"deletions", "del"}, {"insertion", "ins"}, {"insertions", "ins"},
        {"skipping", "skip"}, {"duplication", "dup"}, {"duplications", "dup"}};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        if (!word_is(s, j, kinds[k].word)) continue;
        a->kind = ALT_EXON;
        snprintf(a->text, sizeof a->text, "%s", kinds[k].stem);
        return j + 1 - i;
    }
    return 0;
}

/* ---- genes ---- */

static bool kb_knows(const onc_match_ctx_t *ctx, const char *sym)
{
    return ctx && ctx->kb && onc_kb_gene_role(ctx->kb, sym) != ONC_ROLE_UNKNOWN;
}

static const char *canonical(const onc_match_ctx_t *ctx, const char *sym)
{
    if (ctx && ctx->genes) sym = onc_genes_canonical(ctx->genes, sym);
    if (ctx && ctx->kb) sym = onc_kb_gene_symbol(ctx->kb, sym);
    return sym;
}

/* Upper-case letters and digits, a letter first, two letters at least ("HER2", "ROS1"). */
static bool symbol_like(const char *w)
{
    size_t len = strlen(w), letters = 0;
    if (len < 2 || len >= SYMBOL_MAX - 1 || !isupper((unsigned char)w[0])) return false;
    for (size_t k = 0; k < len; k++) {
        if (isupper((unsigned char)w[k])) letters++;
        else if (!isdigit((unsigned char)w[k])) return false;
    }
    return letters >= 2;
}

/* Abbreviations of the registry's prose that look like symbols and sit next to alteration
 * words ("NSCLC driver"), never genes. */
static bool not_a_gene(const char *w)
{
    static const char *const stop[] = {"NSCLC", "SCLC", "CNS", "DNA", "RNA", "NGS", "PCR", "IHC", "TMB", "MSI",
                                       "ECOG", "RECIST", "HIV", "HBV", "HCV", "ILD", "CRC", "AGA", "AGAS",
                                       "TKI", "ADC", "FFPE", "CTDNA", "FISH", "PD", "CPS", "TPS", NULL};
    for (const char *const *p = stop; *p; p++)
        if (strcmp(w, *p) == 0) return true;
    return false;
}

/* The genes word i names: a known symbol or alias, a family prefix of known genes (NTRK),
 * or an unknown symbol written onto an alteration word (MTAP-deleted, deletion of MTAP). */
static int genes_of(const scan_t *sc, const sent_t *s, size_t i, char out[][SYMBOL_MAX])
{
    char w[SYMBOL_MAX];
    if (s->t[i].e - s->t[i].b >= SYMBOL_MAX) return 0;
    tok_copy(s, i, w, sizeof w);
    char prot[48];
    if (!symbol_like(w) || not_a_gene(w) || protein_of(s, i, prot, sizeof prot) != ALT_NONE) return 0;
    const char *c = canonical(sc->ctx, w);
    if (kb_knows(sc->ctx, c) || strcmp(c, w) != 0) {
        snprintf(out[0], SYMBOL_MAX, "%s", c);
        return 1;
    }
    int n = 0;
    size_t len = strlen(w); /* < SYMBOL_MAX - 1 (symbol_like): room for one digit */
    for (int d = 1; d <= MENTION_GENES_MAX && len + 1 < SYMBOL_MAX; d++) {
        memcpy(out[n], w, len);
        out[n][len] = (char)('0' + d);
        out[n][len + 1] = '\0';
        if (!kb_knows(sc->ctx, out[n])) break;
        n++;
    }
    if (n >= 2) return n;
    alt_kind next = i + 1 < s->nt ? keyword_of(s, i + 1) : ALT_NONE;
    bool joined = i + 1 < s->nt && !gap_stops(s, i, false);
    bool before = i >= 2 && (word_is(s, i - 1, "of") || word_is(s, i - 1, "in")) &&
                  keyword_of(s, i - 2) != ALT_NONE && keyword_of(s, i - 2) != ALT_ANY;
    if ((joined && next != ALT_NONE && next != ALT_ANY) || before) {
        snprintf(out[0], SYMBOL_MAX, "%s", w);
        return 1;
    }
    return 0;
}

/* ---- what the words around a gene say ---- */

static void add_alt(mention_t *m, const alt_t *a)
{
    for (int k = 0; k < m->n_alts; k++)
        if (m->alts[k].kind == a->kind && m->alts[k].exon == a->exon && strcmp(m->alts[k].text, a->text) == 0)
            return;
    if (m->n_alts < MENTION_ALTS_MAX) m->alts[m->n_alts++] = *a;
}

static int mention_at(const scan_t *sc, int n, size_t tok)
{
    for (int k = 0; k < n; k++)
        if (sc->m[k].tok == tok) return k;
    return -1;
}

/* A gene followed within three words by inhibitor/TKI/targeted (before any alteration word),
 * or written after "anti", is a drug target. */
static bool drug_context(const sent_t *s, size_t i)
{
    if (i > 0 && word_is(s, i - 1, "anti")) return true;
    for (size_t j = i + 1; j < s->nt && j <= i + 3; j++) {
        char buf[48];
        if (gap_stops(s, j - 1, j == i + 1)) return false;
        if (protein_of(s, j, buf, sizeof buf) != ALT_NONE) continue;
        if (keyword_of(s, j) != ALT_NONE) return false;
        if (is_drug_word(s, j)) return true;
    }
    return false;
}

/* The words after the gene, up to a stop, the next gene or six words: protein changes and
 * exon phrases, else the first category word. */
static void window_after(scan_t *sc, sent_t *s, int n, mention_t *m)
{
    alt_kind cat = ALT_NONE;
    bool specific = false;
    for (size_t j = m->tok + 1, steps = 0; j < s->nt && steps < 6; steps++) {
        if (gap_stops(s, j - 1, j == m->tok + 1) || mention_at(sc, n, j) >= 0) break;
        alt_t a = {ALT_NONE, "", 0};
        size_t took = exon_phrase(s, j, &a);
        if (took) {
            add_alt(m, &a);
            for (size_t k = j; k < j + took; k++) s->used[k] = true;
            specific = true;
            j += took;
            continue;
        }
        a.kind = protein_of(s, j, a.text, sizeof a.text);
        if (a.kind == ALT_PROT || (a.kind == ALT_WILD && j == m->tok + 1)) {
            add_alt(m, &a);
            s->used[j] = true;
            specific = true;
        } else if ((a.kind = keyword_of(s, j)) != ALT_NONE) {
            cat = a.kind;
            break;
        }
        j++;
    }
    if (cat != ALT_NONE && !specific) {
        alt_t a = {cat, "", 0};
        add_alt(m, &a);
    }
}

/* Up to four words before the gene, without crossing a stop or another gene: a category word
 * ("homozygous deletion of MTAP", "alterations to EGFR"). */
static void window_before(const scan_t *sc, const sent_t *s, int n, mention_t *m)
{
    for (size_t j = m->tok, steps = 0; j > 0 && steps < 4; j--, steps++) {
        if (gap_stops(s, j - 1, false) || mention_at(sc, n, j - 1) >= 0) return;
        alt_t a = {keyword_of(s, j - 1), "", 0};
        if (a.kind != ALT_NONE) {
            add_alt(m, &a);
            return;
        }
    }
}

/* Protein changes and exon phrases not written next to a gene belong to the nearest gene
 * before them ("sensitising EGFR mutation: exon19 deletion, L858R mutation, and/or T790M"). */
static void attach_orphans(scan_t *sc, sent_t *s, size_t from, int n)
{
    for (size_t j = from; j < s->nt; j++) {
        if (s->used[j] || mention_at(sc, n, j) >= 0) continue;
        alt_t a = {ALT_NONE, "", 0};
        size_t took = exon_phrase(s, j, &a);
        if (!took && protein_of(s, j, a.text, sizeof a.text) == ALT_PROT) a.kind = ALT_PROT, took = 1;
        if (!took) continue;
        bool drug = false;
        for (size_t k = j + took; k < s->nt && k < j + took + 2; k++) drug = drug || is_drug_word(s, k);
        mention_t *owner = NULL;
        for (int k = 0; k < n; k++)
            if (sc->m[k].tok < j && !sc->m[k].drug) owner = &sc->m[k];
        if (owner && !drug) add_alt(owner, &a);
        j += took - 1;
    }
}

/* ---- sentence kinds ---- */

static bool contains(const sent_t *s, const char *needle) { return strstr(s->lc, needle) != NULL; }

static bool contains_any(const sent_t *s, const char *const *needles)
{
    for (; *needles; needles++)
        if (contains(s, *needles)) return true;
    return false;
}

/* Sentences that allow rather than require. */
static bool permissive(const sent_t *s)
{
    static const char *const p[] = {" are eligible", " is eligible", " remain eligible", " may participate",
                                    " may be ", " are permitted", " is permitted", " not required",
                                    " should not be excluded", " may enroll", " are allowed", " is allowed", NULL};
    return contains_any(s, p);
}

/* A sentence that excludes its subject ("Patients with EGFR mutations are not eligible"). */
static bool excludes_subject(const sent_t *s)
{
    static const char *const p[] = {" not eligible", " are excluded", " is excluded", " will be excluded",
                                    " are ineligible", " is ineligible", NULL};
    return contains_any(s, p);
}

/* Where the requirement of a sentence starts: 0, or after the condition of "Patients with X
 * must ...", "For individuals with X: ..."; (size_t)-1 when the sentence gives no genomic
 * requirement it can be held to. */
static size_t requirement_start(const sent_t *s)
{
    static const char *const compound[] = {" and has not ", " and have not ", " who have not ", " who has not ",
                                           "in the case of", NULL};
    static const char *const cond[] = {"patients with ", "participants with ", "subjects with ", "individuals with ",
                                       "in patients with ", "in participants with ", "in individuals with ",
                                       "for patients with ", "for participants with ", "for individuals with ",
                                       "for subjects with ", NULL};
    if (strncmp(s->lc, "if ", 3) == 0 || permissive(s) || contains_any(s, compound)) return (size_t)-1;
    for (const char *const *c = cond; *c; c++) {
        if (strncmp(s->lc, *c, strlen(*c)) != 0) continue;
        if (excludes_subject(s)) return 0; /* the subject is the (excluded) requirement */
        static const char *const marks[] = {":", " must ", " should ", " are required ", NULL};
        const char *best = NULL;
        for (const char *const *mk = marks; *mk; mk++) {
            const char *p = strstr(s->lc, *mk);
            if (p && (!best || p < best)) best = p;
        }
        return best ? (size_t)(best - s->lc) : (size_t)-1;
    }
    return 0;
}

/* An inclusion that asks for the absence of an event ("negative for", "no known"). */
static bool absence(const sent_t *s, size_t from)
{
    static const char *const w[] = {"negative", "without", "absence", NULL};
    if (strncmp(s->lc + from, "no ", 3) == 0 || strstr(s->lc + from, " no known")) return true;
    for (size_t i = 0; i < s->nt; i++)
        if (s->t[i].b >= from && word_in(s, i, w)) return true;
    return false;
}

/* ---- output ---- */

bool ctgov_same_criterion(const json_t *a, const json_t *b)
{
    static const char *const kinds[] = {"genomic", "clinical", "or", "and"};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        const json_t *x = json_object_get(a, kinds[k]), *y = json_object_get(b, kinds[k]);
        if (x || y) return x && y && json_equal(x, y);
    }
    return false;
}

static bool same_cohort(const json_t *a, const json_t *b)
{
    const char *x = json_string_value(json_object_get(a, CTGOV_COHORT)), *y = json_string_value(json_object_get(b, CTGOV_COHORT));
    return x == y || (x && y && strcmp(x, y) == 0);
}

/* Appends node (tagged with the sentence's cohort) unless the same criterion is there already
 * for the same cohort. */
static onc_rc emit(scan_t *sc, const sent_t *s, json_t *node)
{
    if (!node || (s->cohort && json_object_set_new(node, CTGOV_COHORT, json_string(s->cohort)) != 0)) {
        json_decref(node);
        return onc_err_set(sc->err, ONC_ENOMEM, "out of memory");
    }
    size_t i;
    json_t *old;
    json_array_foreach(sc->out, i, old) {
        if (ctgov_same_criterion(old, node) && same_cohort(old, node)) {
            json_decref(node);
            return ONC_OK;
        }
    }
    if (++sc->n_added > CTGOV_SUGGESTIONS_MAX) {
        json_decref(node);
        return onc_err_set(sc->err, ONC_ELIMIT, "%s: more than %d suggested criteria", sc->where,
                           CTGOV_SUGGESTIONS_MAX);
    }
    if (json_array_append_new(sc->out, node) != 0) return onc_err_set(sc->err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}

static json_t *leaf(const char *kind, json_t *crit, const sent_t *s)
{
    return crit ? json_pack("{s:o,s:s}", kind, crit, "suggestion", s->quote) : NULL;
}

static const char *neg(bool negated, const char *v, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s", negated ? "!" : "", v);
    return buf;
}

/* True when curated alteration k of gene is the knowledge base's class for an exon phrase: its
 * name starts "exon N " and holds the phrase's word stem, and its pattern is a codon range
 * ("729_761del", "963_1010splice"), not one change (ERBB2's "exon 20 insertion" entries are
 * single duplications, not the class). */
static bool kb_exon_class(const onc_kb_alteration_t *k, const char *gene, const alt_t *a)
{
    char prefix[32];
    snprintf(prefix, sizeof prefix, "exon %ld ", a->exon);
    return k->name && strcmp(k->gene, gene) == 0 && strncmp(k->name, prefix, strlen(prefix)) == 0 &&
           strstr(k->name + strlen(prefix), a->text) && isdigit((unsigned char)k->alteration[0]);
}

static json_t *genomic_crit(const char *gene, const alt_t *a, bool negated)
{
    char b1[64];
    switch (a->kind) {
    case ALT_PROT:
        return json_pack("{s:s,s:s,s:s}", "hugo_symbol", gene, "protein_change", a->text, "variant_category",
                         neg(negated, "Mutation", b1, sizeof b1));
    case ALT_WILD:
        return json_pack("{s:s,s:s,s:s}", "hugo_symbol", gene, "wildcard_protein_change", a->text,
                         "variant_category", neg(negated, "Mutation", b1, sizeof b1));
    case ALT_EXON: /* without a knowledge-base class (emit_gene) */
        return json_pack("{s:s,s:I,s:s}", "hugo_symbol", gene, "exon", (json_int_t)a->exon, "variant_category",
                         neg(negated, "Mutation", b1, sizeof b1));
    case ALT_MUT:
        return json_pack("{s:s,s:s}", "hugo_symbol", gene, "variant_category", neg(negated, "Mutation", b1, sizeof b1));
    case ALT_SV:
        return json_pack("{s:s,s:s}", "hugo_symbol", gene, "variant_category",
                         neg(negated, "Structural Variation", b1, sizeof b1));
    case ALT_AMP:
    case ALT_DEL:
        return json_pack("{s:s,s:s,s:s}", "hugo_symbol", gene, "variant_category",
                         neg(negated, "Copy Number Variation", b1, sizeof b1), "cnv_call",
                         a->kind == ALT_AMP ? "High Amplification" : "Homozygous Deletion");
    default:
        return json_pack("{s:s}", "hugo_symbol", neg(negated, gene, b1, sizeof b1));
    }
}

/* One gene's leaves: several specific changes of an inclusion are alternatives (an "or");
 * an exclusion excludes each. */
static onc_rc emit_gene(scan_t *sc, const sent_t *s, const mention_t *m, const char *gene, bool negated)
{
    bool specific = false;
    for (int k = 0; k < m->n_alts; k++) specific = specific || m->alts[k].kind >= ALT_PROT;
    json_t *alts = json_array();
    if (!alts) return onc_err_set(sc->err, ONC_ENOMEM, "out of memory");
    for (int k = 0; k < m->n_alts; k++) {
        if (specific && m->alts[k].kind < ALT_PROT) continue;
        size_t before = json_array_size(alts);
        const onc_kb_t *kb = sc->ctx ? sc->ctx->kb : NULL;
        for (size_t i = 0; kb && m->alts[k].kind == ALT_EXON && i < onc_kb_n_alterations(kb); i++) {
            const onc_kb_alteration_t *ka = onc_kb_alteration_at(kb, i);
            char b[96];
            if (!kb_exon_class(ka, gene, &m->alts[k])) continue;
            json_t *l = leaf("genomic", json_pack("{s:s,s:s}", "hugo_symbol", gene, "alteration",
                                                  neg(negated, ka->alteration, b, sizeof b)), s);
            if (!l || json_array_append_new(alts, l) != 0) return json_decref(alts), onc_err_set(sc->err, ONC_ENOMEM, "out of memory");
        }
        if (json_array_size(alts) > before) continue;
        json_t *l = leaf("genomic", genomic_crit(gene, &m->alts[k], negated), s);
        if (!l || json_array_append_new(alts, l) != 0) return json_decref(alts), onc_err_set(sc->err, ONC_ENOMEM, "out of memory");
    }
    onc_rc rc = ONC_OK;
    if (json_array_size(alts) > 1 && !negated) {
        rc = emit(sc, s, json_pack("{s:O}", "or", alts));
    } else {
        size_t i;
        json_t *l;
        json_array_foreach(alts, i, l) if (!rc) rc = emit(sc, s, json_deep_copy(l));
    }
    json_decref(alts);
    return rc;
}

/* ---- the genomic reader ---- */

static onc_rc find_mentions(scan_t *sc, sent_t *s, size_t from, int *n)
{
    *n = 0;
    for (size_t i = 0; i < s->nt; i++) {
        if (s->t[i].b < from) continue;
        char g[MENTION_GENES_MAX][SYMBOL_MAX];
        int ng = genes_of(sc, s, i, g);
        if (!ng) continue;
        if (*n >= SENT_MENTIONS_MAX)
            return onc_err_set(sc->err, ONC_ELIMIT, "%s: more than %d genes in one sentence", sc->where,
                               SENT_MENTIONS_MAX);
        mention_t *m = &sc->m[(*n)++];
        memset(m, 0, sizeof *m);
        m->tok = i;
        m->n_genes = ng;
        memcpy(m->genes, g, sizeof g);
        m->drug = drug_context(s, i);
    }
    return ONC_OK;
}

/* A gene with no word of its own takes its list's ("EGFR, ALK, and ROS1 alterations"), else
 * "any event" when the sentence speaks of alterations at all. */
static void fill_from_list(scan_t *sc, const sent_t *s, size_t from, int n)
{
    bool generic = false;
    for (size_t i = 0; i < s->nt; i++) generic = generic || (s->t[i].b >= from && keyword_of(s, i) != ALT_NONE);
    for (int k = 0; k < n; k++) {
        mention_t *m = &sc->m[k];
        if (m->drug || m->n_alts) continue;
        for (int j = k + 1; j < n && !m->n_alts; j++)
            if (!sc->m[j].drug && sc->m[j].n_alts && sc->m[j].alts[0].kind < ALT_PROT) add_alt(m, &sc->m[j].alts[0]);
        alt_t any = {ALT_ANY, "", 0};
        if (!m->n_alts && generic) add_alt(m, &any);
    }
}

static onc_rc read_genomic(scan_t *sc, sent_t *s)
{
    size_t from = requirement_start(s);
    if (from == (size_t)-1) return ONC_OK;
    int n;
    onc_rc rc = find_mentions(sc, s, from, &n);
    if (rc || n == 0) return rc;
    for (int k = 0; k < n; k++) {
        if (sc->m[k].drug) continue;
        window_after(sc, s, n, &sc->m[k]);
        if (!sc->m[k].n_alts) window_before(sc, s, n, &sc->m[k]);
    }
    attach_orphans(sc, s, 0, n);
    fill_from_list(sc, s, from, n);
    bool negated = (s->excl != absence(s, from)) != excludes_subject(s);
    for (int k = 0; k < n && !rc; k++) {
        const mention_t *m = &sc->m[k];
        if (m->drug) continue;
        for (int g = 0; g < m->n_genes && !rc; g++) rc = emit_gene(sc, s, m, m->genes[g], negated);
    }
    return rc;
}

/* ---- clinical readers ---- */

static onc_rc emit_clinical(scan_t *sc, const sent_t *s, const char *key, json_t *value)
{
    if (!value) return onc_err_set(sc->err, ONC_ENOMEM, "out of memory");
    return emit(sc, s, leaf("clinical", json_pack("{s:o}", key, value), s));
}

/* Reads a comparison ("≥ 50%", ">=1", "\< 1") at p: the operator in op and the number; returns
 * the bytes read, 0 when there is none. */
static size_t comparison(const char *p, char *op, size_t n, long *num)
{
    static const struct { const char *text, *op; } ops[] = {
        {"\xe2\x89\xa5", ">="}, {"\xe2\x89\xa4", "<="}, {">=", ">="}, {"<=", "<="}, {">", ">"}, {"<", "<"}};
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
        size_t len = strlen(ops[k].text);
        if (strncmp(p, ops[k].text, len) != 0) continue;
        const char *q = p + len;
        while (*q == ' ') q++;
        char *end;
        if (!isdigit((unsigned char)*q)) return 0;
        *num = strtol(q, &end, 10);
        if (*num < 0 || *num > 100) return 0;
        snprintf(op, n, "%s", ops[k].op);
        return (size_t)(end - p);
    }
    return 0;
}

/* The opposite comparison, for thresholds in exclusion criteria. */
static const char *inverse_op(const char *op)
{
    if (strcmp(op, ">=") == 0) return "<";
    if (strcmp(op, "<=") == 0) return ">";
    if (strcmp(op, ">") == 0) return "<=";
    return ">=";
}

static onc_rc read_pdl1(scan_t *sc, const sent_t *s)
{
    const char *k = strstr(s->lc, "pd-l1");
    if (!k || (k >= s->lc + 5 && strncmp(k - 5, "anti-", 5) == 0)) k = strstr(s->lc, "tps");
    if (!k) return ONC_OK;
    for (const char *p = k; *p && p < k + 80; p++) {
        char op[4];
        long num;
        size_t len = comparison(s->s + (p - s->lc), op, sizeof op, &num);
        if (!len) continue;
        bool cps = false;
        for (const char *q = k; q < p; q++) cps = cps || strncmp(q, "cps", 3) == 0;
        char v[32];
        snprintf(v, sizeof v, "%s%ld", s->excl ? inverse_op(op) : op, num);
        return emit_clinical(sc, s, cps ? "pdl1_cps" : "pdl1_tps", json_string(v));
    }
    return ONC_OK;
}

/* "ECOG 0-1", "performance status of 0 or 1", "ECOG ≤ 1" -> "<=1" (inclusion criteria). */
static onc_rc read_ecog(scan_t *sc, const sent_t *s)
{
    const char *k = strstr(s->lc, "ecog");
    if (!k) k = strstr(s->lc, "performance status");
    if (!k || s->excl) return ONC_OK;
    for (const char *p = k; *p && p < k + 80; p++) {
        char op[4];
        long num;
        if (comparison(s->s + (p - s->lc), op, sizeof op, &num) && strcmp(op, "<=") == 0 && num <= 4) {
            char v[32];
            snprintf(v, sizeof v, "<=%ld", num);
            return emit_clinical(sc, s, "ecog", json_string(v));
        }
        if (*p != '0' || is_alnum(p[1]) || (p > s->lc && (is_alnum(p[-1]) || p[-1] == '.'))) continue;
        long max = 0;
        const char *q = p + 1;
        for (;;) { /* "0-1", "0 or 1", "0 to 2", "0, 1, or 2", "0–1" */
            static const char *const seps[] = {"-", "\xe2\x80\x93", " - ", " or ", " to ", ", ", ", or ", " and ", NULL};
            size_t len = 0;
            for (const char *const *sp = seps; *sp; sp++)
                if (strncmp(q, *sp, strlen(*sp)) == 0 && strlen(*sp) > len) len = strlen(*sp);
            if (!len || !isdigit((unsigned char)q[len]) || q[len] > '4' || is_alnum(q[len + 1])) break;
            max = q[len] - '0';
            q += len + 1;
        }
        char v[32];
        snprintf(v, sizeof v, "<=%ld", max);
        return emit_clinical(sc, s, "ecog", json_string(v));
    }
    return ONC_OK;
}

static onc_rc read_brain(scan_t *sc, const sent_t *s)
{
    static const char *const site[] = {"brain", "cns", "central nervous system", NULL};
    static const char *const active[] = {"active", "untreated", "symptomatic", "unstable", "progressi", "unless",
                                         "stable", NULL};
    if (!contains(s, "metasta") || !contains_any(s, site) || permissive(s)) return ONC_OK;
    if (s->excl) return emit_clinical(sc, s, "brain_metastases", json_string(contains_any(s, active) ? "!active" : "none"));
    if (contains(s, "with brain metasta")) return emit_clinical(sc, s, "brain_metastases", json_string("!none"));
    return ONC_OK;
}

/* True when the text before an agent says it was given: "treatment with", "received",
 * "prior" (but not the time phrase "prior to"), ... within 80 bytes. */
static bool given_before(const char *lc, size_t off)
{
    static const char *const w[] = {"treatment with", "therapy with", "treated with", "received", "receiving",
                                    "progression on", "progressed on", "exposed to", "prior ", "previous", NULL};
    size_t back = off > 80 ? off - 80 : 0;
    char win[96];
    snprintf(win, sizeof win, "%.*s", (int)(off - back), lc + back);
    for (char *p = strstr(win, "prior to "); p; p = strstr(p, "prior to ")) memset(p, '_', 8);
    for (const char *const *k = w; *k; k++)
        if (strstr(win, *k)) return true;
    return false;
}

/* True when the agent w occurs in the sentence as a word, said to be given, and not just
 * after "other than" or "except" (a treatment the criterion leaves out). */
static bool names_agent(const sent_t *s, const char *w)
{
    size_t len = strlen(w);
    for (const char *p = strstr(s->lc, w); p; p = strstr(p + 1, w)) {
        if ((p > s->lc && isalpha((unsigned char)p[-1])) || isalpha((unsigned char)p[len])) continue;
        size_t off = (size_t)(p - s->lc);
        size_t back = off > 16 ? off - 16 : 0;
        char before[20];
        snprintf(before, sizeof before, "%.*s", (int)(off - back), s->lc + back);
        if (strstr(before, "other than") || strstr(before, "except") || !given_before(s->lc, off)) continue;
        return true;
    }
    return false;
}

static onc_rc emit_prior(scan_t *sc, const sent_t *s, const char *field, const char *name, bool negated,
                         bool progression)
{
    char v[96];
    json_t *o = json_pack("{s:s}", field, neg(negated, name, v, sizeof v));
    if (o && progression && json_object_set_new(o, "progression", json_true()) != 0) json_decref(o), o = NULL;
    return emit_clinical(sc, s, "prior_therapy", o);
}

/* Prior therapies: the anti-PD-(L)1 class and the knowledge base's agents, in sentences about
 * previous treatment (not hypersensitivity or toxicity). */
static onc_rc read_prior_therapy(scan_t *sc, const sent_t *s)
{
    static const char *const context[] = {"prior", "previous", "received", "progress", "treated with", "na\xc3\xafve",
                                          "naive", "exposed", NULL};
    static const char *const other[] = {"hypersensitiv", "contraindicat", "allerg", "toxicit", NULL};
    static const char *const pd1[] = {"anti-pd", "anti pd", "anti-programmed death", NULL};
    static const char *const never[] = {"na\xc3\xafve to", "naive to", "no prior", "not received", "without prior",
                                        NULL};
    if (!contains_any(s, context) || contains_any(s, other) || permissive(s) ||
        requirement_start(s) == (size_t)-1)
        return ONC_OK;
    bool negated = s->excl != contains_any(s, never);
    bool progression = !negated && contains(s, "progress");
    onc_rc rc = ONC_OK;
    if (contains_any(s, pd1)) rc = emit_prior(sc, s, "class", "anti-PD-(L)1", negated, progression);
    const onc_kb_t *kb = sc->ctx ? sc->ctx->kb : NULL;
    for (size_t i = 0; kb && !rc && i < onc_kb_n_evidence(kb); i++) {
        const onc_kb_evidence_t *ev = onc_kb_evidence_at(kb, i);
        for (size_t a = 0; !rc && a < ev->n_agents; a++)
            if (names_agent(s, ev->agents[a])) rc = emit_prior(sc, s, "agent", ev->agents[a], negated, progression);
    }
    return rc;
}

static long number_word(const char *p, size_t *len)
{
    static const char *const words[] = {"one", "two", "three", "four", "five", NULL};
    if (isdigit((unsigned char)*p)) {
        char *end;
        long v = strtol(p, &end, 10);
        *len = (size_t)(end - p);
        return v <= 20 ? v : -1;
    }
    for (int k = 0; words[k]; k++) {
        *len = strlen(words[k]);
        if (strncmp(p, words[k], *len) == 0 && !isalpha((unsigned char)p[*len])) return k + 1;
    }
    return -1;
}

/* A line count written after one of the phrases ("at least 1 prior systemic therapy", "no more
 * than three lines") and followed, within 40 bytes, by prior / line / systemic. */
static onc_rc lines_after(scan_t *sc, const sent_t *s, const char *const *phrases, const char *op)
{
    for (const char *const *ph = phrases; *ph; ph++) {
        const char *p = strstr(s->lc, *ph);
        if (!p) continue;
        size_t len;
        long v = number_word(p + strlen(*ph), &len);
        if (v < 0) continue;
        const char *rest = p + strlen(*ph) + len;
        char near[48];
        snprintf(near, sizeof near, "%.40s", rest);
        if (!strstr(near, "prior") && !strstr(near, "line") && !strstr(near, "systemic")) continue;
        if (strncmp(rest, " month", 6) == 0 || strncmp(rest, " week", 5) == 0) continue;
        char val[32];
        snprintf(val, sizeof val, "%s%ld", op, v);
        return emit_clinical(sc, s, "prior_lines", json_string(val));
    }
    return ONC_OK;
}

static onc_rc read_prior_lines(scan_t *sc, const sent_t *s)
{
    static const char *const at_least[] = {"at least ", "a minimum of ", NULL};
    static const char *const at_most[] = {"no more than ", "not more than ", "up to ", "a maximum of ", NULL};
    static const char *const none[] = {"treatment-na", "treatment na", "no prior systemic", "previously untreated",
                                       "not received any systemic", NULL};
    if (permissive(s)) return ONC_OK;
    if (!s->excl && contains_any(s, none)) return emit_clinical(sc, s, "prior_lines", json_string("==0"));
    if (s->excl) {
        if (contains(s, "received prior systemic") && !contains(s, "within"))
            return emit_clinical(sc, s, "prior_lines", json_string("==0"));
        return ONC_OK;
    }
    onc_rc rc = lines_after(sc, s, at_least, ">=");
    if (!rc) rc = lines_after(sc, s, at_most, "<=");
    /* "1 or 2 prior lines" */
    for (size_t i = 0; !rc && i + 3 < s->nt; i++) {
        size_t l1, l2;
        long a = number_word(s->lc + s->t[i].b, &l1), b = number_word(s->lc + s->t[i + 2].b, &l2);
        if (a < 0 || b <= a || !word_is(s, i + 1, "or") || !word_is(s, i + 3, "prior")) continue;
        char v[32];
        snprintf(v, sizeof v, ">=%ld", a);
        rc = emit_clinical(sc, s, "prior_lines", json_string(v));
        snprintf(v, sizeof v, "<=%ld", b);
        if (!rc) rc = emit_clinical(sc, s, "prior_lines", json_string(v));
    }
    return rc;
}

/* NSCLC (inclusion) and small-cell lung cancer (exclusion) as OncoTree names. */
static onc_rc read_histology(scan_t *sc, const sent_t *s)
{
    const onc_oncotree_t *ot = sc->ctx ? sc->ctx->oncotree : NULL;
    if (!ot || permissive(s) || requirement_start(s) == (size_t)-1) return ONC_OK;
    static const char *const nsclc[] = {"non-small cell lung", "non-small-cell lung", "non small cell lung", NULL};
    bool is_nsclc = contains_any(s, nsclc);
    for (size_t i = 0; i < s->nt && !is_nsclc; i++) is_nsclc = word_is(s, i, "nsclc");
    const onc_tumor_type_t *tt = NULL;
    char v[128];
    if (!s->excl && is_nsclc) {
        tt = onc_oncotree_find(ot, "NSCLC");
        if (tt) snprintf(v, sizeof v, "%s", onc_tumor_type_name(tt));
    } else if (s->excl) {
        const char *p = strstr(s->lc, "small cell lung cancer");
        if (!p) p = strstr(s->lc, "small-cell lung cancer");
        bool non = p && p >= s->lc + 4 && strncmp(p - 4, "non-", 4) == 0;
        if (p && !non && (tt = onc_oncotree_find(ot, "SCLC"))) snprintf(v, sizeof v, "!%s", onc_tumor_type_name(tt));
    }
    return tt ? emit_clinical(sc, s, "oncotree_primary_diagnosis", json_string(v)) : ONC_OK;
}

/* Squamous or non-squamous NSCLC as the histology extension key ("Predominantly non-squamous
 * histology" -> non-squamous; an exclusion of squamous NSCLC, or "squamous histology are not
 * eligible" -> !squamous). Only sentences about lung or histology: "anal cancer (squamous)" is
 * another tumour type. */
static onc_rc read_squamous(scan_t *sc, const sent_t *s)
{
    static const char *const lung[] = {"histolog", "nsclc", "lung", "non-small", NULL};
    size_t from = requirement_start(s);
    if (from == (size_t)-1) return ONC_OK;
    const char *sq = NULL;
    for (const char *p = strstr(s->lc + from, "squamous"); p && !sq; p = strstr(p + 1, "squamous")) {
        char after[32]; /* "squamous histology", "squamous cell histology NSCLC", "squamous NSCLC" */
        snprintf(after, sizeof after, "%.24s", p + 8);
        for (const char *const *l = lung; *l && !sq; l++)
            if (strstr(after, *l)) sq = p;
    }
    if (!sq) return ONC_OK;
    bool is_non = (sq >= s->lc + 4 && strncmp(sq - 4, "non-", 4) == 0) ||
                  (sq >= s->lc + 3 && strncmp(sq - 3, "non", 3) == 0) ||
                  (sq >= s->lc + 4 && strncmp(sq - 4, "non ", 4) == 0);
    bool excluded = s->excl != excludes_subject(s);
    if (!excluded) return emit_clinical(sc, s, "histology", json_string(is_non ? "non-squamous" : "squamous"));
    return is_non ? ONC_OK : emit_clinical(sc, s, "histology", json_string("!squamous"));
}

/* ---- text -> sentences ---- */

static void tokenize(scan_t *sc, sent_t *s)
{
    s->t = sc->toks;
    s->used = sc->used;
    s->nt = 0;
    for (size_t k = 0; k < s->n && s->nt < SENT_TOKENS_MAX;) {
        if (!is_alnum(s->s[k])) {
            k++;
            continue;
        }
        size_t b = k;
        while (k < s->n && is_alnum(s->s[k])) k++;
        s->used[s->nt] = false;
        s->t[s->nt++] = (tok_t){b, k};
    }
}

static onc_rc read_sentence(scan_t *sc, const char *text, size_t n, bool excl, const char *group)
{
    onc_strbuf_t b = ONC_STRBUF_INIT, q = ONC_STRBUF_INIT;
    char *lc = NULL;
    onc_rc rc = onc_strbuf_putsn(&b, text, n);
    if (!rc && group) rc = onc_strbuf_printf(&q, "[%s] ", group);
    if (!rc) rc = onc_strbuf_putsn(&q, text, n);
    if (!rc && !(lc = strdup(onc_strbuf_str(&b)))) rc = ONC_ENOMEM;
    if (rc) onc_err_set(sc->err, rc, "%s: out of memory", sc->where);
    else {
        for (char *p = lc; *p; p++) *p = (char)tolower((unsigned char)*p);
        sent_t s = {b.s, lc, n, NULL, 0, NULL, excl, onc_strbuf_str(&q), group};
        tokenize(sc, &s);
        if (s.nt >= SENT_TOKENS_MAX)
            rc = onc_err_set(sc->err, ONC_ELIMIT, "%s: a sentence of more than %d words", sc->where, SENT_TOKENS_MAX);
        onc_rc (*readers[])(scan_t *, const sent_t *) = {read_histology, read_squamous, read_ecog, read_pdl1,
                                                           read_brain, read_prior_therapy, read_prior_lines};
        if (!rc) rc = read_genomic(sc, &s);
        for (size_t k = 0; !rc && k < sizeof readers / sizeof *readers; k++) rc = readers[k](sc, &s);
    }
    free(lc);
    onc_strbuf_free(&b);
    onc_strbuf_free(&q);
    return rc;
}

/* Abbreviations whose full stop does not end a sentence. */
static bool abbreviation_before(const char *s, size_t dot)
{
    static const char *const abbr[] = {"e.g", "i.e", "eg", "ie", "vs", "etc", "approx", "no", "dr", "al", "ca", NULL};
    size_t b = dot;
    while (b > 0 && (isalpha((unsigned char)s[b - 1]) || s[b - 1] == '.')) b--;
    for (const char *const *a = abbr; *a; a++)
        if (dot - b == strlen(*a) && strncasecmp(s + b, *a, dot - b) == 0) return true;
    return false;
}

/* Sentences of one item: a full stop followed by a space and a capital or a digit ends one. */
static onc_rc read_item(scan_t *sc, const char *text, size_t n, bool excl, const char *group)
{
    size_t start = 0;
    for (size_t k = 0; k <= n; k++) {
        bool end = k == n;
        if (!end && text[k] == '.' && k + 2 < n && text[k + 1] == ' ' &&
            (isupper((unsigned char)text[k + 2]) || isdigit((unsigned char)text[k + 2]) || text[k + 2] == '(') &&
            !abbreviation_before(text, k))
            end = true, k++;
        if (!end) continue;
        size_t b = start, e = k;
        while (b < e && text[b] == ' ') b++;
        while (e > b && text[e - 1] == ' ') e--;
        if (e > b) {
            onc_rc rc = read_sentence(sc, text + b, e - b, excl, group);
            if (rc) return rc;
        }
        start = k + 1;
    }
    return ONC_OK;
}

/* Strips a bullet ("* ", "- ", "-- ", "• ", "1. ", "2) "); true when there was one. */
static bool strip_bullet(const char **p, const char *end)
{
    const char *q = *p;
    if (end - q >= 2 && (*q == '*' || *q == '-')) {
        while (q < end && (*q == '*' || *q == '-')) q++;
        if (q < end && *q != ' ') return false;
    } else if (end - q >= 3 && strncmp(q, "\xe2\x80\xa2", 3) == 0) {
        q += 3;
    } else if (q < end && isdigit((unsigned char)*q)) {
        while (q < end && isdigit((unsigned char)*q)) q++;
        if (q + 1 >= end || (*q != '.' && *q != ')') || q[1] != ' ') return false;
        q++;
    } else {
        return false;
    }
    while (q < end && *q == ' ') q++;
    *p = q;
    return true;
}

/* "Inclusion Criteria:", "Key Exclusion Criteria:": 1 inclusion, 2 exclusion, 0 neither. */
static int section_header(const char *p, size_t n)
{
    if (n > 40) return 0;
    char lc[48];
    size_t k;
    for (k = 0; k < n; k++) lc[k] = (char)tolower((unsigned char)p[k]);
    lc[k] = '\0';
    const char *q = lc;
    if (strncmp(q, "key ", 4) == 0) q += 4;
    else if (strncmp(q, "main ", 5) == 0) q += 5;
    if (strncmp(q, "inclusion criteria", 18) == 0) return 1;
    if (strncmp(q, "exclusion criteria", 18) == 0) return 2;
    return 0;
}

/* A cohort sub-heading ("Substudy 01: All Experimental arms", "Subprotocol B - text"): the
 * heading's length, and in *rest where text on the same line starts (NULL: none). */
static size_t group_heading(const char *p, size_t n, const char **rest)
{
    static const char *const starts[] = {"Subprotocol", "Substudy", "Sub-study", "Cohort", "Part ", "Arm ", NULL};
    *rest = NULL;
    bool named = false;
    for (const char *const *s = starts; *s && !named; s++) named = strncmp(p, *s, strlen(*s)) == 0;
    if (n > 1 && n < 200 && p[n - 1] == ':') return n - 1;
    if (!named) return 0;
    for (size_t k = 0; k + 3 <= n && k < 200; k++) /* headings are short: no cut UTF-8 */
        if (strncmp(p + k, " - ", 3) == 0) {
            *rest = p + k + 3;
            return k;
        }
    return n < 200 ? n : 0;
}

/* Copies the text with the registry's Markdown escapes ("\<", "\>", "\[") removed and
 * carriage returns dropped. */
static char *unescape(const char *text, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    if (!out) return NULL;
    for (size_t k = 0; k < n; k++) {
        if (text[k] == '\r') continue;
        if (text[k] == '\\' && k + 1 < n && strchr("<>[]()*_-#.!\\", text[k + 1])) k++;
        *o++ = text[k];
    }
    *o = '\0';
    return out;
}

onc_rc ctgov_suggest(const char *text, const onc_match_ctx_t *ctx, json_t *and_list, const char *where,
                     onc_err_t *err)
{
    size_t n = strlen(text);
    if (n > CTGOV_TEXT_MAX)
        return onc_err_set(err, ONC_ELIMIT, "%s: longer than %zu bytes", where, CTGOV_TEXT_MAX);
    scan_t *sc = calloc(1, sizeof *sc);
    char *clean = unescape(text, n), group[256] = "";
    if (!sc || !clean) {
        free(sc);
        free(clean);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    *sc = (scan_t){.ctx = ctx, .out = and_list, .where = where, .err = err};
    bool excl = false;
    onc_rc rc = ONC_OK;
    for (const char *line = clean; *line && !rc;) {
        const char *eol = strchr(line, '\n');
        if (!eol) eol = line + strlen(line);
        const char *p = line, *e = eol;
        line = *eol ? eol + 1 : eol;
        while (p < e && (*p == ' ' || *p == '\t')) p++;
        while (e > p && (e[-1] == ' ' || e[-1] == '\t')) e--;
        bool bullet = strip_bullet(&p, e);
        if (p >= e) continue;
        int sec = section_header(p, (size_t)(e - p));
        if (sec) {
            excl = sec == 2;
            group[0] = '\0';
            continue;
        }
        const char *rest = NULL;
        size_t hl = bullet ? 0 : group_heading(p, (size_t)(e - p), &rest);
        if (hl) {
            snprintf(group, sizeof group, "%.*s", (int)hl, p); /* hl < 200 */
            if (!rest) continue;
            p = rest;
        }
        rc = read_item(sc, p, (size_t)(e - p), excl, group[0] ? group : NULL);
    }
    free(clean);
    free(sc);
    return rc;
}
