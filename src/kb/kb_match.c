/* kb_match.c: which curated alterations are relevant to a query, and what follows from them.
 *
 * OncoKB's algorithm (AlterationBoImpl.findRelevantAlterations, research notes 1.6-1.7) over
 * one gene's curated list, in file order within each step, in this priority order:
 *   1. the exact alteration (a frameshift ignores its new residue, a deletion its deleted
 *      residues); one curated Likely Neutral stops the search;
 *   2. missense: the components of a complex missense (S768_V769delinsIL: S768I, V769L), the
 *      other alleles at the residue, overlapping missense-class changes (VK600EI), the
 *      position (V600), overlapping mis/mut/nontrunc ranges; a curated residue different
 *      from the query's reference (BRAF A600E) means the query is wrong: nothing is relevant;
 *   3. other changes: overlapping curated changes of the same consequence (all exon 19
 *      deletions for E746_A750del, 963_1010splice for X1010_splice) and overlapping class
 *      ranges; truncating ones also ..trunc ranges, ..mut ranges (not in oncogenes) and
 *      Truncating Mutations (tumor suppressors only); a change at the stop codon matches
 *      nothing;
 *   4. fusions: the fusion in either partner order, then Fusions, else Truncating Mutations;
 *      Deletion, else Truncating Mutations; Amplification, Gain, Loss: only themselves;
 *   5. Oncogenic Mutations when the query is oncogenic (never for copy-number gains);
 *      Variants of Unknown Significance when nothing says it is;
 *   6. entries with exclusions, last, unless an exclusion covers the query.
 * Oncogenicity: the exact entry's, else an allele's downgraded to Likely Oncogenic, else the
 * best of the other relevant entries, else Likely Oncogenic at a hotspot, else Unknown.
 */
#include "kb_int.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <strings.h>

typedef struct mctx {
    const onc_kb_t *kb;
    const kb_gene_t *g;
    const kb_pat_t *q;
    onc_kb_match_t *out;
    const kb_alt_t *exact;
    onc_oncogenicity allele_best, other_best;
    int overflow;
} mctx_t;

static int better(onc_oncogenicity a, onc_oncogenicity b) { return a < b; }

static int has(const mctx_t *m, const kb_alt_t *a)
{
    for (size_t i = 0; i < m->out->n_relevant; i++)
        if (m->out->relevant[i] == &a->pub) return 1;
    return 0;
}

/* role: 0 exact, 1 another allele or an overlapping specific change (its oncogenicity counts,
 * lowered; its evidence does not apply: KRAS G12D must not get G12C's drugs), 4 a component of
 * a complex missense (lowered, evidence applies), 2 other (as curated), 3 a category. */
static void add(mctx_t *m, const kb_alt_t *a, int role)
{
    if (has(m, a)) return;
    if (m->out->n_relevant == ONC_KB_MATCH_MAX) {
        m->overflow = 1;
        return;
    }
    m->out->relevant_is_allele[m->out->n_relevant] = role == 1;
    m->out->relevant[m->out->n_relevant++] = &a->pub;
    onc_oncogenicity o = a->pub.oncogenicity;
    if ((role == 1 || role == 4) && onc_oncogenicity_is_oncogenic(o) && better(ONC_LIKELY_ONCOGENIC, m->allele_best))
        m->allele_best = ONC_LIKELY_ONCOGENIC;
    if (role == 2 && onc_oncogenicity_is_oncogenic(o) && better(o, m->other_best)) m->other_best = o;
}

static int overlaps(const kb_pat_t *a, int32_t start, int32_t end) { return a->start <= end && start <= a->end; }

static int same_change(const kb_pat_t *c, const kb_pat_t *q)
{
    if (c->kind != PAT_CHANGE || q->kind != PAT_CHANGE || c->csq != q->csq || c->is_range != q->is_range)
        return 0;
    if (c->start != q->start || c->end != q->end) return 0;
    switch (c->csq) {
    case CSQ_MISSENSE:
    case CSQ_STOP_LOST:
        return strcmp(c->pc.alt, q->pc.alt) == 0;
    case CSQ_FRAMESHIFT:
        return !c->pc.fs_len || !q->pc.fs_len || c->pc.fs_len == q->pc.fs_len;
    case CSQ_INFRAME_INS:
    case CSQ_INFRAME_DEL:
    case CSQ_STOP_GAINED:
        return c->pc.type == q->pc.type && strcmp(c->pc.alt, q->pc.alt) == 0;
    default:
        return 1;
    }
}

static const kb_alt_t *find_kind(const kb_gene_t *g, kb_pat_kind kind)
{
    for (size_t i = 0; g && i < g->n_alts; i++)
        if (g->alts[i]->pat.kind == kind && !g->alts[i]->pat.n_excl) return g->alts[i];
    return NULL;
}

static int is_single_missense(const kb_pat_t *p)
{
    return p->kind == PAT_CHANGE && p->csq == CSQ_MISSENSE && !p->is_range && p->start == p->end;
}

/* A residue of a missense query: position, reference (0 unknown) and new residue. */
typedef struct residue { int32_t pos; char ref, alt; } residue_t;

static size_t missense_components(const kb_pat_t *q, residue_t *r, size_t max)
{
    size_t len = strlen(q->pc.alt), span = (size_t)(q->end - q->start + 1);
    if (len != span || len > max) return 0;
    size_t nref = strlen(q->pc.ref);
    for (size_t i = 0; i < len; i++) {
        r[i].pos = q->start + (int32_t)i;
        r[i].alt = q->pc.alt[i];
        r[i].ref = nref == len ? q->pc.ref[i] : i == 0 && nref ? q->pc.ref[0] : i == len - 1 && nref > 1 ? q->pc.ref[nref - 1] : 0;
    }
    return len;
}

/* A curated residue at pos that is not the query's (BRAF A600E against V600): wrong query. */
static int reference_conflict(const kb_gene_t *g, const residue_t *r)
{
    if (!r->ref) return 0;
    for (size_t i = 0; i < g->n_alts; i++) {
        const kb_pat_t *c = &g->alts[i]->pat;
        char cref = c->kind == PAT_POSITION ? c->ref : is_single_missense(c) ? c->pc.ref[0] : 0;
        if (cref && c->start == r->pos && cref != r->ref) return 1;
    }
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(const kb_alt_t *const *)a)->pub.alteration, (*(const kb_alt_t *const *)b)->pub.alteration);
}

/* The other alleles at the residues, sorted by name as OncoKB sorts them. An entry curated with
 * alternative_allele: false (OncoKB: PDGFRA D842V) is nobody's alternative allele. */
static void add_alleles(mctx_t *m, const residue_t *comp, size_t n)
{
    const kb_alt_t *found[ONC_KB_MATCH_MAX];
    size_t nf = 0;
    const kb_gene_t *g = m->g;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < g->n_alts && nf < ONC_KB_MATCH_MAX; i++) {
            const kb_alt_t *a = g->alts[i];
            const kb_pat_t *c = &a->pat;
            if (!c->n_excl && a->alternative_allele && is_single_missense(c) && c->start == comp[k].pos &&
                c->pc.alt[0] != comp[k].alt)
                found[nf++] = a;
        }
    qsort(found, nf, sizeof *found, by_name);
    for (size_t i = 0; i < nf; i++) add(m, found[i], 1);
}

static void match_missense(mctx_t *m)
{
    residue_t comp[ONC_HGVS_AA_MAX];
    size_t n = missense_components(m->q, comp, ONC_HGVS_AA_MAX);
    if (n == 0) return;
    for (size_t k = 0; k < n; k++)
        if (reference_conflict(m->g, &comp[k])) {
            m->out->n_relevant = 0;
            m->exact = NULL;
            m->out->curated = false;
            m->out->oncogenicity = ONC_ONCOGENICITY_UNKNOWN;
            m->overflow = -1; /* nothing more: see reference_conflict */
            return;
        }
    const kb_gene_t *g = m->g;
    if (n > 1) /* the components themselves, as exact matches of their own */
        for (size_t k = 0; k < n; k++)
            for (size_t i = 0; i < g->n_alts; i++) {
                const kb_pat_t *c = &g->alts[i]->pat;
                if (!c->n_excl && is_single_missense(c) && c->start == comp[k].pos && c->pc.alt[0] == comp[k].alt)
                    add(m, g->alts[i], 4);
            }
    add_alleles(m, comp, n);
    for (size_t i = 0; i < g->n_alts; i++) { /* overlapping missense-class changes, positions, ranges */
        const kb_pat_t *c = &g->alts[i]->pat;
        if (c->n_excl || !overlaps(c, m->q->start, m->q->end)) continue;
        if (c->kind == PAT_CHANGE && c->csq == CSQ_MISSENSE && !c->is_range && !is_single_missense(c))
            add(m, g->alts[i], 1); /* VK600EI for V600E: a multi-residue missense change */
    }
    for (size_t i = 0; i < g->n_alts; i++) {
        const kb_pat_t *c = &g->alts[i]->pat;
        if (c->n_excl || !overlaps(c, m->q->start, m->q->end)) continue;
        if (c->kind == PAT_POSITION) add(m, g->alts[i], 2);
        else if (c->kind == PAT_CHANGE && c->is_range &&
                 (c->csq == CSQ_MISSENSE || c->csq == CSQ_ANY || c->csq == CSQ_NONTRUNC))
            add(m, g->alts[i], 2);
    }
}

static int tsg(onc_gene_role r) { return r == ONC_ROLE_TSG || r == ONC_ROLE_BOTH; }

static void add_truncating(mctx_t *m)
{
    const kb_alt_t *tm = find_kind(m->g, PAT_TRUNCATING);
    if (tm && tsg(m->out->role)) add(m, tm, 2);
}

static void match_other_change(mctx_t *m)
{
    const kb_pat_t *q = m->q;
    int trunc = kb_csq_truncating(q->csq);
    for (size_t i = 0; i < m->g->n_alts; i++) {
        const kb_alt_t *a = m->g->alts[i];
        const kb_pat_t *c = &a->pat;
        if (c->n_excl || c->kind != PAT_CHANGE || !overlaps(c, q->start, q->end)) continue;
        if (c->csq == q->csq) add(m, a, c->is_range ? 2 : 1);
        else if (c->csq == CSQ_TRUNC && trunc) add(m, a, 2);
        else if (c->csq == CSQ_NONTRUNC && !trunc) add(m, a, 2);
        else if (c->csq == CSQ_ANY && !(trunc && m->out->role == ONC_ROLE_ONCOGENE)) add(m, a, 2);
    }
    if (trunc) add_truncating(m);
}

static void match_mutation(mctx_t *m)
{
    const kb_pat_t *q = m->q;
    if (q->csq == CSQ_SYNONYMOUS) return;
    if (q->csq == CSQ_FRAMESHIFT && q->pc.ref[0] == '*') return; /* *700fs*41: not a change */
    if (q->csq == CSQ_MISSENSE && !q->is_range) match_missense(m);
    else match_other_change(m);
}

static int same_pair(const kb_pat_t *c, const kb_pat_t *q)
{
    return (!strcasecmp(c->gene_a, q->gene_a) && !strcasecmp(c->gene_b, q->gene_b)) ||
           (!strcasecmp(c->gene_a, q->gene_b) && !strcasecmp(c->gene_b, q->gene_a));
}

static void match_structural(mctx_t *m)
{
    const kb_pat_t *q = m->q;
    const kb_alt_t *f;
    switch (q->kind) {
    case PAT_FUSION:
    case PAT_FUSIONS:
        if ((f = find_kind(m->g, PAT_FUSIONS))) add(m, f, 2);
        else add_truncating(m);
        break;
    case PAT_DELETION:
        if (!m->exact) add_truncating(m);
        break;
    case PAT_NAMED:
        if (!strcmp(q->name, "vIV"))
            for (size_t i = 0; i < m->g->n_alts; i++)
                if (m->g->alts[i]->pat.kind == PAT_NAMED && !strcmp(m->g->alts[i]->pat.name, "C-terminal domain"))
                    add(m, m->g->alts[i], 2);
        break;
    default:
        break;
    }
}

/* Single-pattern semantics: does curated (without its exclusions) cover query? Used for
 * exact lookups, exclusions, groups and trials. oncogenic: the query's oncogenicity says so. */
static int covers(const kb_gene_t *g, onc_gene_role role, const kb_pat_t *c, const kb_pat_t *q, int oncogenic)
{
    (void)g;
    switch (c->kind) {
    case PAT_CHANGE:
        if (q->kind != PAT_CHANGE) return 0;
        if (!c->is_range) return same_change(c, q);
        if (!overlaps(c, q->start, q->end)) return 0;
        if (c->csq == CSQ_ANY) return 1;
        if (c->csq == CSQ_TRUNC) return kb_csq_truncating(q->csq);
        if (c->csq == CSQ_NONTRUNC) return !kb_csq_truncating(q->csq);
        return c->csq == q->csq;
    case PAT_POSITION:
        return q->kind == PAT_CHANGE && q->csq == CSQ_MISSENSE && !q->is_range && q->start == c->start &&
               q->end == c->end && (!c->ref || !q->pc.ref[0] || q->pc.ref[0] == c->ref);
    case PAT_ONCOGENIC: return oncogenic;
    case PAT_TRUNCATING:
        return tsg(role) && (q->kind == PAT_CHANGE ? kb_csq_truncating(q->csq)
                                                   : q->kind == PAT_DELETION || q->kind == PAT_FUSION);
    case PAT_FUSIONS: return q->kind == PAT_FUSION || q->kind == PAT_FUSIONS;
    case PAT_FUSION: return q->kind == PAT_FUSION && same_pair(c, q);
    case PAT_NAMED:
        return q->kind == PAT_NAMED && (!strcmp(c->name, q->name) ||
                                        (!strcmp(c->name, "C-terminal domain") && !strcmp(q->name, "vIV")));
    case PAT_AMPLIFICATION:
    case PAT_DELETION:
    case PAT_GAIN:
    case PAT_LOSS:
        return q->kind == c->kind;
    case PAT_VUS: return 0;
    }
    return 0;
}

static int excluded(const kb_gene_t *g, onc_gene_role role, const kb_pat_t *c, const kb_pat_t *q, int oncogenic)
{
    for (size_t i = 0; i < c->n_excl; i++)
        if (covers(g, role, &c->excl[i], q, oncogenic)) return 1;
    return 0;
}

int kb_pat_covers(const onc_kb_t *kb, const kb_gene_t *g, const kb_pat_t *curated, const kb_pat_t *query)
{
    (void)kb;
    onc_gene_role role = g ? g->role : ONC_ROLE_UNKNOWN;
    return covers(g, role, curated, query, 0) && !excluded(g, role, curated, query, 0);
}

static int hotspot_at(const onc_kb_t *kb, const char *gene, const kb_pat_t *q)
{
    if (q->kind != PAT_CHANGE || q->is_range) return 0;
    size_t lo = 0, hi = kb->n_hotspots; /* sorted by gene at load: the gene's first row */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(kb->hotspots[mid].gene, gene) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < kb->n_hotspots && !strcmp(kb->hotspots[i].gene, gene); i++) {
        const kb_hotspot_t *h = &kb->hotspots[i];
        if (h->kind == 0 && q->csq == CSQ_MISSENSE && q->start == q->end && q->start == h->start) return 1;
        if (h->kind == 1 && (q->csq == CSQ_INFRAME_DEL || q->csq == CSQ_INFRAME_INS) && q->start <= h->end &&
            h->start <= q->end)
            return 1;
        if (h->kind == 2 && q->csq == CSQ_SPLICE && q->start == h->start) return 1;
    }
    return 0;
}

static onc_oncogenicity decide_oncogenicity(const mctx_t *m)
{
    if (m->exact && m->exact->pub.oncogenicity != ONC_ONCOGENICITY_UNKNOWN) return m->exact->pub.oncogenicity;
    if (m->allele_best != ONC_ONCOGENICITY_UNKNOWN) return m->allele_best;
    if (m->other_best != ONC_ONCOGENICITY_UNKNOWN) return m->other_best;
    if (m->out->hotspot) return ONC_LIKELY_ONCOGENIC;
    return ONC_ONCOGENICITY_UNKNOWN;
}

static const char *decide_effect(const mctx_t *m)
{
    if (m->exact && m->exact->pub.effect) return m->exact->pub.effect;
    for (size_t i = 0; i < m->out->n_relevant; i++)
        if (m->out->relevant[i]->effect && onc_oncogenicity_is_oncogenic(m->out->relevant[i]->oncogenicity))
            return m->out->relevant[i]->effect;
    return "Unknown";
}

static void find_exact(mctx_t *m)
{
    for (size_t i = 0; i < m->g->n_alts; i++) {
        const kb_alt_t *a = m->g->alts[i];
        const kb_pat_t *c = &a->pat;
        if (c->n_excl || c->kind == PAT_ONCOGENIC || c->kind == PAT_TRUNCATING || c->kind == PAT_FUSIONS ||
            c->kind == PAT_VUS || c->kind == PAT_POSITION)
            continue;
        if (c->kind == PAT_CHANGE ? same_change(c, m->q) : covers(m->g, m->out->role, c, m->q, 0)) {
            m->exact = a;
            m->out->curated = true;
            add(m, a, 0);
            return;
        }
    }
}

static void finish_categories(mctx_t *m)
{
    onc_oncogenicity o = decide_oncogenicity(m);
    m->out->oncogenicity = o;
    kb_pat_kind k = m->q->kind;
    int cna_gain = k == PAT_AMPLIFICATION || k == PAT_GAIN || k == PAT_LOSS;
    int oncogenic = !cna_gain && (onc_oncogenicity_is_oncogenic(o) || o == ONC_RESISTANCE) &&
                    !(o == ONC_RESISTANCE && !m->exact);
    const kb_alt_t *om = find_kind(m->g, PAT_ONCOGENIC);
    if (oncogenic && om) add(m, om, 3);
    const kb_alt_t *vus = find_kind(m->g, PAT_VUS);
    if (vus && !oncogenic && o != ONC_LIKELY_NEUTRAL && o != ONC_RESISTANCE && m->q->kind == PAT_CHANGE)
        add(m, vus, 3);
    for (size_t i = 0; i < m->g->n_alts; i++) {
        const kb_alt_t *a = m->g->alts[i];
        if (!a->pat.n_excl) continue;
        int base = a->pat.kind == PAT_ONCOGENIC ? oncogenic : covers(m->g, m->out->role, &a->pat, m->q, oncogenic);
        if (base && !excluded(m->g, m->out->role, &a->pat, m->q, oncogenic)) add(m, a, 3);
    }
}

/* Relevant alterations and oncogenicity of q in gene g (NULL: a gene the kb does not curate). */
static onc_rc relevant(const onc_kb_t *kb, const char *gene, const kb_gene_t *g, const kb_pat_t *q, onc_kb_match_t *out,
                       onc_err_t *err)
{
    mctx_t m = {kb, g, q, out, NULL, ONC_ONCOGENICITY_UNKNOWN, ONC_ONCOGENICITY_UNKNOWN, 0};
    memset(out, 0, sizeof *out);
    out->oncogenicity = ONC_ONCOGENICITY_UNKNOWN;
    out->effect = "Unknown";
    out->role = g ? g->role : ONC_ROLE_UNKNOWN;
    out->hotspot = hotspot_at(kb, gene, q);
    if (!g) {
        out->oncogenicity = out->hotspot ? ONC_LIKELY_ONCOGENIC : ONC_ONCOGENICITY_UNKNOWN;
        return ONC_OK;
    }
    if (!(q->kind == PAT_CHANGE && (q->csq == CSQ_SYNONYMOUS || (q->csq == CSQ_FRAMESHIFT && q->pc.ref[0] == '*'))))
        find_exact(&m);
    if (m.exact && m.exact->pub.oncogenicity == ONC_LIKELY_NEUTRAL) {
        out->oncogenicity = ONC_LIKELY_NEUTRAL;
        out->effect = m.exact->pub.effect ? m.exact->pub.effect : "Unknown";
        return ONC_OK;
    }
    if (q->kind == PAT_CHANGE) match_mutation(&m);
    else match_structural(&m);
    if (m.overflow < 0) { /* reference conflict: the query is not this gene's residue */
        out->hotspot = false;
        out->oncogenicity = ONC_ONCOGENICITY_UNKNOWN;
        out->effect = "Unknown";
        return ONC_OK;
    }
    finish_categories(&m);
    out->effect = decide_effect(&m);
    if (m.overflow) return onc_err_set(err, ONC_ELIMIT, "more than %d relevant alterations", ONC_KB_MATCH_MAX);
    return ONC_OK;
}

/* ---- evidence ---- */

static const char *lowered_escat(const char *escat)
{
    if (!escat) return NULL;
    return escat[0] == 'I' && (escat[1] == '-' || (escat[1] == 'I' && escat[2] == '-')) ? "III-A" : escat;
}

static int same_treatment(const onc_kb_evidence_t *a, const onc_kb_evidence_t *b)
{
    if (a->effect != b->effect || a->n_agents != b->n_agents || a->n_agents == 0) return 0;
    for (size_t i = 0; i < a->n_agents; i++) {
        size_t j = 0;
        while (j < b->n_agents && strcmp(a->agents[i], b->agents[j]) != 0) j++;
        if (j == b->n_agents) return 0;
    }
    return 1;
}

/* 1 when x ranks before y: level, then this tumor type before another, then load order. */
static int ranks_before(const onc_kb_applied_t *x, const onc_kb_applied_t *y)
{
    if (x->level != y->level) return x->level < y->level;
    if (x->other_tumor_type != y->other_tumor_type) return !x->other_tumor_type;
    return x->ev < y->ev;
}

static void keep_applied(onc_kb_match_t *out, const onc_kb_applied_t *ap, int *overflow)
{
    for (size_t i = 0; i < out->n_applied; i++) {
        if (out->applied[i].ev == ap->ev) return;
        if (same_treatment(out->applied[i].ev, ap->ev)) { /* the highest level per treatment */
            if (ranks_before(ap, &out->applied[i])) out->applied[i] = *ap;
            return;
        }
    }
    if (out->n_applied == ONC_KB_MATCH_MAX) {
        *overflow = 1;
        return;
    }
    out->applied[out->n_applied++] = *ap;
}

static int for_tumor(const onc_kb_t *kb, const onc_kb_evidence_t *ev, const onc_tumor_type_t *tt)
{
    const onc_tumor_type_t *const *nodes = kb->evidence_types[ev - kb->evidence];
    for (size_t i = 0; i < ev->n_tumor_types; i++)
        if (nodes[i] && onc_tumor_type_is_a(tt, nodes[i])) return 1;
    return 0;
}

/* The item as it applies to tt: 0 when it does not apply (resistance, prognosis and diagnosis
 * stay in their tumor types; sensitivity carries over to solid tumours only, at 3B / III-A). */
static int apply(const onc_kb_t *kb, const onc_kb_evidence_t *ev, const onc_tumor_type_t *tt, onc_kb_applied_t *ap)
{
    ap->ev = ev;
    ap->level = ev->level;
    ap->escat = ev->escat;
    ap->other_tumor_type = false;
    if (!tt || for_tumor(kb, ev, tt)) return 1;
    if (ev->effect != ONC_EV_SENSITIVE || !onc_tumor_type_is_solid(tt)) return 0;
    ap->other_tumor_type = true;
    if (ev->level <= ONC_LEVEL_3B) ap->level = ONC_LEVEL_3B;
    ap->escat = lowered_escat(ev->escat);
    return 1;
}

static void sort_applied(onc_kb_match_t *out)
{
    for (size_t i = 1; i < out->n_applied; i++) {
        onc_kb_applied_t x = out->applied[i];
        size_t j = i;
        while (j > 0 && ranks_before(&x, &out->applied[j - 1])) {
            out->applied[j] = out->applied[j - 1];
            j--;
        }
        out->applied[j] = x;
    }
}

static onc_rc collect_evidence(const onc_kb_t *kb, const onc_tumor_type_t *tt, onc_kb_match_t *out, onc_err_t *err)
{
    int overflow = 0;
    for (size_t r = 0; r < out->n_relevant; r++) {
        if (out->relevant_is_allele[r]) continue;
        const kb_alt_t *a = (const kb_alt_t *)out->relevant[r]; /* pub is the first member */
        for (size_t i = 0; i < a->n_evidence; i++) {
            onc_kb_applied_t ap;
            if (!apply(kb, &kb->evidence[a->evidence[i]], tt, &ap)) continue;
            ap.matched = a->pub.alteration;
            keep_applied(out, &ap, &overflow);
        }
    }
    sort_applied(out);
    if (overflow) return onc_err_set(err, ONC_ELIMIT, "more than %d evidence items apply", ONC_KB_MATCH_MAX);
    return ONC_OK;
}

/* ---- queries ---- */

static onc_rc fusion_query(const onc_alt_t *a, kb_pat_t *q, onc_err_t *err)
{
    if (a->alteration && kb_pat_parse(a->alteration, q, NULL) == ONC_OK && (q->kind == PAT_FUSION || q->kind == PAT_FUSIONS))
        return ONC_OK;
    memset(q, 0, sizeof *q);
    q->csq = CSQ_NONE;
    if (!a->gene || !a->partner) {
        q->kind = PAT_FUSIONS;
        return ONC_OK;
    }
    q->kind = PAT_FUSION;
    if (strlen(a->gene) >= KB_NAME_MAX || strlen(a->partner) >= KB_NAME_MAX)
        return onc_err_set(err, ONC_ELIMIT, "gene name too long");
    snprintf(q->gene_a, sizeof q->gene_a, "%s", a->gene);
    snprintf(q->gene_b, sizeof q->gene_b, "%s", a->partner);
    return ONC_OK;
}

onc_rc kb_query_pattern(const onc_alt_t *a, kb_pat_t *q, onc_err_t *err)
{
    memset(q, 0, sizeof *q);
    q->csq = CSQ_NONE;
    switch (a->kind) {
    case ONC_KIND_FUSION: return fusion_query(a, q, err);
    case ONC_KIND_AMPLIFICATION: q->kind = PAT_AMPLIFICATION; return ONC_OK;
    case ONC_KIND_DELETION: q->kind = PAT_DELETION; return ONC_OK;
    case ONC_KIND_GAIN: q->kind = PAT_GAIN; return ONC_OK;
    case ONC_KIND_LOSS: q->kind = PAT_LOSS; return ONC_OK;
    case ONC_KIND_STRUCTURAL:
        /* a named event (vIII) as named; otherwise an intragenic or partnerless rearrangement,
         * which OncoKB takes for a truncating event of the gene (knowledge-base.md 1.7) */
        if (a->alteration && kb_pat_parse(a->alteration, q, NULL) == ONC_OK && q->kind == PAT_NAMED) return ONC_OK;
        memset(q, 0, sizeof *q);
        q->kind = PAT_CHANGE;
        q->csq = CSQ_TRUNC;
        q->start = 1;
        q->end = ONC_HGVS_POS_MAX;
        q->is_range = 1;
        return ONC_OK;
    default: break;
    }
    const char *text = a->alteration ? a->alteration : a->hgvsp;
    if (!text) return onc_err_set(err, ONC_EPARSE, "%s: no alteration to match", a->gene ? a->gene : "?");
    onc_rc rc = kb_pat_parse(text, q, err);
    if (!rc && q->n_excl) {
        kb_pat_free(q);
        return onc_err_set(err, ONC_EPARSE, "a query cannot have exclusions");
    }
    return rc;
}

/* A change named by its class, as raw-VCF recognition names it (hotspot.h): "exon 19 in-frame
 * deletion", "exon 20 in-frame insertion", "exon 14 splice region alteration" (or "exon 14
 * skipping"): a range over the exon's codons (kb/gene_exons.tsv). 1 when text is one. */
static int class_query(const onc_kb_t *kb, const char *gene, const char *text, kb_pat_t *q)
{
    static const struct { const char *words; kb_csq csq; } classes[] = {
        {" in-frame deletion", CSQ_INFRAME_DEL}, {" in-frame insertion", CSQ_INFRAME_INS},
        {" splice region alteration", CSQ_SPLICE}, {" skipping", CSQ_SPLICE}};
    if (!text || !gene || strncmp(text, "exon ", 5) != 0 || !kb->genes_tab) return 0;
    char *end;
    long exon = strtol(text + 5, &end, 10);
    if (end == text + 5 || exon < 1 || exon > 1000) return 0;
    for (size_t i = 0; i < sizeof classes / sizeof *classes; i++) {
        int32_t first, last;
        if (strcmp(end, classes[i].words) != 0 ||
            onc_genes_exon_codons(kb->genes_tab, gene, (int32_t)exon, &first, &last) != ONC_OK)
            continue;
        memset(q, 0, sizeof *q);
        q->kind = PAT_CHANGE;
        q->csq = classes[i].csq;
        q->start = first;
        q->end = last;
        q->is_range = 1;
        return 1;
    }
    return 0;
}

/* The query pattern of a, class names included; biomarkers without a gene belong to OncoKB's
 * "Other Biomarkers". */
static onc_rc query_of(const onc_kb_t *kb, const onc_alt_t *a, kb_pat_t *q, onc_err_t *err)
{
    const char *gene = a->gene ? onc_kb_gene_symbol(kb, a->gene) : NULL;
    if (a->kind == ONC_KIND_MUTATION && class_query(kb, gene, a->alteration, q)) return ONC_OK;
    return kb_query_pattern(a, q, err);
}

/* The gene whose entries answer: for a fusion the partner the kb curates. */
static const char *query_gene(const onc_kb_t *kb, const onc_alt_t *a, const kb_pat_t *q)
{
    const char *gene = a->gene;
    if ((!gene || !*gene) && (a->kind == ONC_KIND_BIOMARKER || q->kind == PAT_NAMED)) return "Other Biomarkers";
    if (q->kind == PAT_FUSION && (!gene || !kb_gene_find(kb, onc_kb_gene_symbol(kb, gene)))) {
        const char *other = a->partner;
        if (!other) other = gene && !strcasecmp(q->gene_a, gene) ? q->gene_b : q->gene_a;
        if (kb_gene_find(kb, onc_kb_gene_symbol(kb, other))) gene = other;
    }
    return gene ? onc_kb_gene_symbol(kb, gene) : NULL;
}

onc_rc onc_kb_match(const onc_kb_t *kb, const onc_alt_t *a, const char *tumor_type, onc_kb_match_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    out->oncogenicity = ONC_ONCOGENICITY_UNKNOWN;
    out->effect = "Unknown";
    const onc_tumor_type_t *tt = NULL;
    if (tumor_type && !(tt = onc_oncotree_find(kb->tree, tumor_type)))
        return onc_err_set(err, ONC_EINVAL, "tumor type %s is not an OncoTree code", tumor_type);
    kb_pat_t q;
    onc_rc rc = query_of(kb, a, &q, err);
    if (rc) return rc;
    const char *gene = query_gene(kb, a, &q);
    if (!gene) {
        kb_pat_free(&q);
        return onc_err_set(err, ONC_EINVAL, "no gene to match");
    }
    const kb_gene_t *g = kb_gene_find(kb, gene);
    rc = relevant(kb, gene, g, &q, out, err);
    kb_pat_free(&q);
    if (!rc) rc = collect_evidence(kb, tt, out, err);
    return rc;
}

onc_alt_kind onc_kb_alteration_kind(const char *alteration)
{
    kb_pat_t p;
    if (kb_pat_parse(alteration, &p, NULL) != ONC_OK) return ONC_KIND_MUTATION;
    kb_pat_free(&p);
    switch (p.kind) {
    case PAT_FUSION:
    case PAT_FUSIONS: return ONC_KIND_FUSION;
    case PAT_AMPLIFICATION: return ONC_KIND_AMPLIFICATION;
    case PAT_DELETION: return ONC_KIND_DELETION;
    case PAT_GAIN: return ONC_KIND_GAIN;
    case PAT_LOSS: return ONC_KIND_LOSS;
    case PAT_NAMED: return ONC_KIND_BIOMARKER;
    default: return ONC_KIND_MUTATION;
    }
}

onc_rc onc_kb_match_text(const onc_kb_t *kb, const char *gene, const char *alteration, int kind,
                         const char *tumor_type, onc_kb_match_t *out, onc_err_t *err)
{
    onc_alt_t a;
    onc_alt_init(&a);
    a.gene = gene;
    a.alteration = alteration;
    a.kind = kind < 0 ? onc_kb_alteration_kind(alteration) : (onc_alt_kind)kind;
    return onc_kb_match(kb, &a, tumor_type, out, err);
}

/* Whether the query of a (query_of) can be a fusion, which may name gene as either partner:
 * only a fusion, or a change whose text names one ("EML4-ALK Fusion"). */
static bool query_may_be_fusion(const onc_alt_t *a)
{
    switch (a->kind) {
    case ONC_KIND_FUSION: return true;
    case ONC_KIND_AMPLIFICATION:
    case ONC_KIND_DELETION:
    case ONC_KIND_GAIN:
    case ONC_KIND_LOSS:
    case ONC_KIND_STRUCTURAL: return false;
    default: {
        const char *text = a->alteration ? a->alteration : a->hgvsp;
        return text && kb_pat_may_be_fusion(text);
    }
    }
}

onc_rc onc_kb_pattern_matches(const onc_kb_t *kb, const char *gene, const char *pattern, const onc_alt_t *a,
                              bool *matches, onc_err_t *err)
{
    *matches = false;
    const char *sym = onc_kb_gene_symbol(kb, gene);
    const char *qgene = a->gene ? onc_kb_gene_symbol(kb, a->gene) : NULL;
    bool same_gene = qgene && !strcmp(qgene, sym);
    /* The groups and the trials hold many patterns of other genes: those are answered before
     * anything is parsed. */
    if (!same_gene && !query_may_be_fusion(a)) return ONC_OK;
    kb_pat_t c, q;
    onc_rc rc = kb_pat_parse(pattern, &c, err);
    if (rc) return rc;
    if ((rc = query_of(kb, a, &q, err))) {
        kb_pat_free(&c);
        return rc;
    }
    const char *qpartner = a->partner ? onc_kb_gene_symbol(kb, a->partner) : NULL;
    int gene_ok = same_gene || (q.kind == PAT_FUSION && ((qpartner && !strcmp(qpartner, sym)) ||
                                                         !strcasecmp(q.gene_a, sym) || !strcasecmp(q.gene_b, sym)));
    if (gene_ok) {
        const kb_gene_t *g = kb_gene_find(kb, sym);
        onc_gene_role role = g ? g->role : ONC_ROLE_UNKNOWN;
        int oncogenic = 0;
        if (c.kind == PAT_ONCOGENIC) {
            onc_kb_match_t *m = malloc(sizeof *m);
            onc_err_t e = {0};
            if (!m) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
            else if (relevant(kb, sym, g, &q, m, &e) == ONC_OK)
                oncogenic = onc_oncogenicity_is_oncogenic(m->oncogenicity);
            free(m);
        }
        *matches = covers(g, role, &c, &q, oncogenic) && !excluded(g, role, &c, &q, oncogenic);
    }
    kb_pat_free(&c);
    kb_pat_free(&q);
    return rc;
}

/* A group rule speaks of one kind of test: an ERBB2 amplification must not define the
 * mutation group because "Oncogenic Mutations" also matches an oncogenic amplification. */
static bool rule_tests_kind(const char *test, onc_alt_kind kind)
{
    if (!test) return true;
    if (!strcmp(test, "mutation")) return kind == ONC_KIND_MUTATION;
    if (!strcmp(test, "fusion")) return kind == ONC_KIND_FUSION || kind == ONC_KIND_STRUCTURAL;
    if (!strcmp(test, "cna"))
        return kind == ONC_KIND_AMPLIFICATION || kind == ONC_KIND_GAIN || kind == ONC_KIND_LOSS ||
               kind == ONC_KIND_DELETION;
    return true; /* ihc: results of their own kind, judged by the classifier */
}

const onc_kb_group_t *onc_kb_group_of(const onc_kb_t *kb, const onc_alt_t *a)
{
    for (size_t i = 0; i < kb->n_groups; i++) {
        const onc_kb_group_t *gr = &kb->groups[i];
        for (size_t r = 0; r < gr->n_rules; r++) {
            double min = gr->rules[r].min_copies;
            if (!rule_tests_kind(gr->rules[r].test, a->kind)) continue;
            if (!isnan(min) && (isnan(a->copies) || a->copies < min)) continue;
            for (size_t k = 0; k < gr->rules[r].n_alterations; k++) {
                bool yes = false;
                if (onc_kb_pattern_matches(kb, gr->rules[r].gene, gr->rules[r].alterations[k], a, &yes, NULL) == ONC_OK && yes)
                    return gr;
            }
        }
    }
    return NULL;
}
