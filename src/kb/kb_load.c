/* kb_load.c: reading the knowledge base (docs/kb-format.md) into an onc_kb_t.
 *
 * The manifest kb/kb.yaml names the evidence files; sources.yaml, genes.tsv, hotspots.tsv,
 * groups.yaml and immunotherapy.yaml have fixed names (the last three optional for test
 * bases). Every field is checked as it is read (kb_read.c), so an entry either loads whole or
 * is a problem. Curated alterations are indexed by gene (a sorted array), and each evidence
 * item is linked to the curated alterations it names, so that matching one alteration reads
 * one gene's list and no more: loading is the cost of a report, and it must stay lean.
 * The oncotree and gene alias tables come from the same directory when it has them, else from
 * the built-in copy (a test base need not carry OncoTree).
 */
#include "kb_read.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define KB_OTHER_BIOMARKERS "Other Biomarkers" /* OncoKB's pseudo-gene of MSI-H and TMB-H */

static const char *const ONCOGENICITY_WORDS[] = {"Oncogenic", "Likely Oncogenic", "Resistance", "Inconclusive",
                                                 "Likely Neutral", "Unknown", NULL};
static const char *const EFFECT_WORDS[] = {"Gain-of-function", "Likely Gain-of-function", "Loss-of-function",
                                           "Likely Loss-of-function", "Switch-of-function",
                                           "Likely Switch-of-function", "Neutral", "Likely Neutral",
                                           "Inconclusive", "Unknown", NULL};
static const char *const EV_EFFECT_WORDS[] = {"sensitive", "resistant", "prognostic", "diagnostic", NULL};
static const char *const LEVEL_WORDS[] = {"1", "2", "3A", "3B", "4", "R1", "R2", NULL};
static const char *const ESCAT_WORDS[] = {"I-A", "I-B", "I-C", "II-A", "II-B", "III-A", "III-B",
                                          "IV-A", "IV-B", "V", "X", NULL};
static const char *const SOURCE_KINDS[] = {"article", "trial", "label", "guideline", "database", "review", NULL};
static const char *const ROLE_WORDS[] = {"oncogene", "tsg", "oncogene_and_tsg", NULL};
static const char *const TEST_WORDS[] = {"mutation", "fusion", "cna", "ihc", NULL};

/* ---- vocabularies ---- */

const char *onc_oncogenicity_name(onc_oncogenicity o)
{
    return o <= ONC_ONCOGENICITY_UNKNOWN ? ONCOGENICITY_WORDS[o] : "Unknown";
}
bool onc_oncogenicity_is_oncogenic(onc_oncogenicity o) { return o == ONC_ONCOGENIC || o == ONC_LIKELY_ONCOGENIC; }
const char *onc_gene_role_name(onc_gene_role r)
{
    static const char *const names[] = {"unknown", "oncogene", "tsg", "oncogene_and_tsg"};
    return r <= ONC_ROLE_BOTH ? names[r] : "unknown";
}
const char *onc_ev_effect_name(onc_ev_effect e) { return e <= ONC_EV_DIAGNOSTIC ? EV_EFFECT_WORDS[e] : "?"; }
const char *onc_level_name(onc_level l) { return l < ONC_LEVEL_NONE ? LEVEL_WORDS[l] : NULL; }

static int word_index(const char *const *words, const char *w)
{
    for (int i = 0; words[i]; i++)
        if (!strcmp(words[i], w)) return i;
    return -1;
}

/* ---- genes ---- */

kb_gene_t *kb_gene_find(const onc_kb_t *kb, const char *symbol)
{
    size_t lo = 0, hi = kb->n_genes;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(kb->genes[mid].symbol, symbol);
        if (!c) return &kb->genes[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* The gene, added in sorted place when new. NULL when out of memory. */
static kb_gene_t *gene_add(onc_kb_t *kb, const char *symbol)
{
    kb_gene_t *g = kb_gene_find(kb, symbol);
    if (g) return g;
    if (kb->n_genes == kb->m_genes) {
        size_t m = kb->m_genes ? kb->m_genes * 2 : 64;
        kb_gene_t *a = realloc(kb->genes, m * sizeof *a);
        if (!a) return NULL;
        kb->genes = a;
        kb->m_genes = m;
    }
    size_t i = 0;
    while (i < kb->n_genes && strcmp(kb->genes[i].symbol, symbol) < 0) i++;
    memmove(&kb->genes[i + 1], &kb->genes[i], (kb->n_genes - i) * sizeof *kb->genes);
    memset(&kb->genes[i], 0, sizeof kb->genes[i]);
    kb->n_genes++;
    if (!(kb->genes[i].symbol = kb_strdup(kb, symbol))) return NULL;
    kb->genes[i].role = ONC_ROLE_UNKNOWN;
    return &kb->genes[i];
}

const char *onc_kb_gene_symbol(const onc_kb_t *kb, const char *sym)
{
    return kb->genes_tab && sym ? onc_genes_canonical(kb->genes_tab, sym) : sym;
}

onc_gene_role onc_kb_gene_role(const onc_kb_t *kb, const char *gene)
{
    const kb_gene_t *g = gene ? kb_gene_find(kb, onc_kb_gene_symbol(kb, gene)) : NULL;
    return g ? g->role : ONC_ROLE_UNKNOWN;
}

static int split_keys(onc_kb_t *kb, const char *cell, const char *const **out, size_t *n)
{
    size_t cap = 1;
    for (const char *p = cell; *p; p++) cap += *p == ',' || *p == ';';
    const char **items = kb_calloc(kb, cap, sizeof *items);
    char *copy = kb_strdup(kb, cell);
    if (!items || !copy) return -1;
    *n = 0;
    for (char *p = copy; p;) {
        char *sep = p + strcspn(p, ",;");
        char *next = *sep ? sep + 1 : NULL;
        *sep = '\0';
        while (*p == ' ') p++;
        size_t len = strlen(p);
        while (len && p[len - 1] == ' ') p[--len] = '\0';
        if (*p) items[(*n)++] = p;
        p = next;
    }
    *out = items;
    return 0;
}

/* kb/genes.tsv: gene, role, sources. */
static int load_gene_roles(kb_ctx_t *c)
{
    onc_kb_text_t t;
    onc_err_t e = {0};
    if (onc_kb_text_load(&t, c->dir, "genes.tsv", &e) != ONC_OK) return kb_problem(c, "genes.tsv", 0, NULL, "%s", e.msg);
    onc_kb_rows_t r;
    int col[3], ret, stop = 0;
    static const char *const want[] = {"gene", "role", "sources", NULL};
    if (onc_kb_rows_open(&r, &t, &e) || onc_kb_rows_columns(&r, want, col)) {
        onc_kb_text_free(&t);
        return kb_problem(c, NULL, 0, NULL, "%s", e.msg);
    }
    while (!stop && (ret = onc_kb_rows_next(&r)) > 0) {
        const char *sym = onc_kb_rows_cell(&r, col[0]), *role = onc_kb_rows_cell(&r, col[1]);
        int ri = word_index(ROLE_WORDS, role);
        const char *const *keys;
        size_t n;
        if (ri < 0) {
            stop = kb_problem(c, t.name, onc_kb_rows_line(&r), "role", "'%s' is not oncogene, tsg or oncogene_and_tsg", role);
            continue;
        }
        if (kb_gene_find(c->kb, sym)) {
            stop = kb_problem(c, t.name, onc_kb_rows_line(&r), "gene", "%s is listed twice", sym);
            continue;
        }
        kb_gene_t *g = gene_add(c->kb, sym);
        if (!g || split_keys(c->kb, onc_kb_rows_cell(&r, col[2]), &keys, &n)) {
            stop = kb_fatal(c, ONC_ENOMEM, "out of memory");
            break;
        }
        g->role = (onc_gene_role)(ri + 1);
        for (size_t i = 0; i < n && !stop; i++)
            if (!onc_kb_source_find(c->kb, keys[i]))
                stop = kb_problem(c, t.name, onc_kb_rows_line(&r), "sources", "source '%s' is not in sources.yaml", keys[i]);
        if (!n) stop = kb_problem(c, t.name, onc_kb_rows_line(&r), "sources", "no source");
    }
    if (!stop && ret < 0) stop = kb_problem(c, NULL, 0, NULL, "%s", e.msg);
    onc_kb_text_free(&t);
    return stop;
}

/* By gene (for the matcher's binary search), then position. */
static int hotspot_order(const void *a, const void *b)
{
    const kb_hotspot_t *x = a, *y = b;
    int c = strcmp(x->gene, y->gene);
    return c ? c : (x->start > y->start) - (x->start < y->start);
}

/* kb/hotspots.tsv: gene, kind (missense | indel | splice), start, end. Optional. */
static int load_hotspots(kb_ctx_t *c)
{
    onc_kb_text_t t;
    onc_err_t e = {0};
    char path[4096];
    if (c->dir && (size_t)snprintf(path, sizeof path, "%s/hotspots.tsv", c->dir) < sizeof path && access(path, F_OK) != 0)
        return 0;
    if (onc_kb_text_load(&t, c->dir, "hotspots.tsv", &e) != ONC_OK)
        return e.code == ONC_ENOTFOUND ? 0 : kb_problem(c, NULL, 0, NULL, "%s", e.msg);
    onc_kb_rows_t r;
    int col[4], ret = 0, stop = 0;
    static const char *const want[] = {"gene", "kind", "start", "end", NULL};
    static const char *const kinds[] = {"missense", "indel", "splice", NULL};
    size_t cap = 0; /* rows: counted before the cursor cuts the text */
    for (size_t i = 0; i < t.len; i++) cap += t.data[i] == '\n';
    if (onc_kb_rows_open(&r, &t, &e) || onc_kb_rows_columns(&r, want, col)) {
        onc_kb_text_free(&t);
        return kb_problem(c, NULL, 0, NULL, "%s", e.msg);
    }
    c->kb->hotspots = kb_calloc(c->kb, cap + 1, sizeof *c->kb->hotspots);
    if (!c->kb->hotspots) stop = kb_fatal(c, ONC_ENOMEM, "out of memory");
    while (!stop && c->kb->n_hotspots < cap + 1 && (ret = onc_kb_rows_next(&r)) > 0) {
        kb_hotspot_t *h = &c->kb->hotspots[c->kb->n_hotspots];
        char *end1, *end2;
        int kind = word_index(kinds, onc_kb_rows_cell(&r, col[1]));
        long s = strtol(onc_kb_rows_cell(&r, col[2]), &end1, 10), en = strtol(onc_kb_rows_cell(&r, col[3]), &end2, 10);
        if (kind < 0 || *end1 || *end2 || s < 1 || en < s || en > ONC_HGVS_POS_MAX) {
            stop = kb_problem(c, t.name, onc_kb_rows_line(&r), NULL, "bad kind, start or end");
            continue;
        }
        if (!(h->gene = kb_strdup(c->kb, onc_kb_rows_cell(&r, col[0])))) stop = kb_fatal(c, ONC_ENOMEM, "out of memory");
        h->kind = kind;
        h->start = (int32_t)s;
        h->end = (int32_t)en;
        c->kb->n_hotspots++;
    }
    if (!stop && ret < 0) stop = kb_problem(c, NULL, 0, NULL, "%s", e.msg);
    onc_kb_text_free(&t);
    if (c->kb->hotspots) qsort(c->kb->hotspots, c->kb->n_hotspots, sizeof *c->kb->hotspots, hotspot_order);
    return stop;
}

/* The entries point into the documents' trees: the kb keeps them until onc_kb_free. */
static int kb_keep_doc(kb_ctx_t *c, onc_doc_t *d)
{
    onc_kb_t *kb = c->kb;
    if (kb->n_docs == kb->m_docs) {
        size_t m = kb->m_docs ? kb->m_docs * 2 : 16;
        onc_doc_t **p = realloc(kb->docs, m * sizeof *p);
        if (!p) {
            onc_doc_free(d);
            return kb_fatal(c, ONC_ENOMEM, "out of memory");
        }
        kb->docs = p;
        kb->m_docs = m;
    }
    kb->docs[kb->n_docs++] = d;
    return 0;
}

/* ---- sources.yaml ---- */

static int read_source(kb_ctx_t *c, const char *key, const json_t *v, onc_kb_source_t *s, int *ok)
{
    static const char *const keys[] = {"kind", "citation", "pmid", "doi", "url", "trial", "accessed", "note", NULL};
    int k1 = 1, k2 = 1, k3 = 1, k4 = 1, k5 = 1, k6 = 1, k7 = 1;
    if (!json_is_object(v)) {
        *ok = 0;
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_line(c->doc, v), key, "a mapping expected");
    }
    if (kb_check_keys(c, v, key, keys, &k1) || kb_get_str(c, v, key, "kind", 1, &s->kind, &k2) ||
        kb_check_enum(c, v, key, "kind", s->kind, SOURCE_KINDS, &k3) ||
        kb_get_str(c, v, key, "citation", 1, &s->citation, &k4) || kb_get_str(c, v, key, "doi", 0, &s->doi, &k5) ||
        kb_get_str(c, v, key, "url", 0, &s->url, &k6) || kb_get_str(c, v, key, "trial", 0, &s->trial, &k7) ||
        kb_get_date(c, v, key, "accessed", 0, &s->accessed, &k7))
        return 1;
    *ok = k1 && k2 && k3 && k4 && k5 && k6 && k7;
    json_t *pmid = json_object_get(v, "pmid");
    char buf[32];
    if (json_is_integer(pmid) && json_integer_value(pmid) > 0) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(pmid));
        if (!(s->pmid = kb_strdup(c->kb, buf))) return kb_fatal(c, ONC_ENOMEM, "out of memory");
    } else if (json_is_string(pmid) && strspn(json_string_value(pmid), "0123456789") == strlen(json_string_value(pmid)) &&
               *json_string_value(pmid)) {
        s->pmid = json_string_value(pmid);
    } else if (pmid && !json_is_null(pmid)) {
        *ok = 0;
        char f[KB_PATH_MAX];
        if (kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, "pmid"), kb_path(f, key, "pmid"),
                       "a PubMed id (digits) expected"))
            return 1;
    }
    if (!s->pmid && !s->doi && !s->url) {
        *ok = 0;
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_line(c->doc, v), key, "needs a pmid, doi or url");
    }
    return 0;
}

static int load_sources(kb_ctx_t *c)
{
    int missing, stop;
    onc_doc_t *d = kb_read_doc(c, "sources.yaml", 0, &missing, &stop);
    if (!d) return stop;
    if (kb_keep_doc(c, d)) return 1;
    c->doc = d;
    json_t *root = onc_doc_root(d);
    if (!json_is_object(root)) return kb_problem(c, onc_doc_name(d), 1, NULL, "a mapping of source keys expected");
    c->kb->sources = kb_calloc(c->kb, json_object_size(root), sizeof *c->kb->sources);
    if (!c->kb->sources) return kb_fatal(c, ONC_ENOMEM, "out of memory");
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        onc_kb_source_t *s = &c->kb->sources[c->kb->n_sources];
        int ok = 1;
        memset(s, 0, sizeof *s);
        if (read_source(c, key, v, s, &ok)) return 1;
        s->key = key;
        if (ok) c->kb->n_sources++;
    }
    return 0;
}

const onc_kb_source_t *onc_kb_source_find(const onc_kb_t *kb, const char *key)
{
    for (size_t i = 0; i < kb->n_sources; i++)
        if (!strcmp(kb->sources[i].key, key)) return &kb->sources[i];
    return NULL;
}

/* ---- evidence files ---- */

static int alt_push(onc_kb_t *kb, kb_gene_t *g, kb_alt_t *a)
{
    if (g->n_alts == g->m_alts) {
        size_t m = g->m_alts ? g->m_alts * 2 : 16;
        kb_alt_t **p = realloc(g->alts, m * sizeof *p);
        if (!p) return -1;
        g->alts = p;
        g->m_alts = m;
    }
    g->alts[g->n_alts++] = a;
    if (kb->n_alts == kb->m_alts) {
        size_t m = kb->m_alts ? kb->m_alts * 2 : 64;
        kb_alt_t **p = realloc(kb->alts, m * sizeof *p);
        if (!p) return -1;
        kb->alts = p;
        kb->m_alts = m;
    }
    kb->alts[kb->n_alts++] = a;
    return 0;
}

static kb_alt_t *alt_find(const kb_gene_t *g, const char *text)
{
    for (size_t i = 0; i < g->n_alts; i++)
        if (!strcmp(g->alts[i]->pub.alteration, text)) return g->alts[i];
    return NULL;
}

/* A new curated alteration of g (text parsed). NULL with *stop set after a problem. */
static kb_alt_t *alt_new(kb_ctx_t *c, kb_gene_t *g, const char *text, const char *field, uint64_t line, int *stop)
{
    kb_alt_t *a = kb_calloc(c->kb, 1, sizeof *a);
    if (!a) {
        *stop = kb_fatal(c, ONC_ENOMEM, "out of memory");
        return NULL;
    }
    onc_err_t e = {0};
    if (kb_pat_parse(text, &a->pat, &e) != ONC_OK) {
        *stop = kb_problem(c, onc_doc_name(c->doc), line, field, "%s", e.msg);
        return NULL;
    }
    a->pub.gene = g->symbol;
    a->pub.alteration = text;
    a->pub.oncogenicity = ONC_ONCOGENICITY_UNKNOWN;
    a->alternative_allele = true;
    a->pub.file = onc_doc_name(c->doc);
    a->pub.line = line;
    if (alt_push(c->kb, g, a) != 0) {
        kb_pat_free(&a->pat);
        *stop = kb_fatal(c, ONC_ENOMEM, "out of memory");
        return NULL;
    }
    return a;
}

static int read_alteration(kb_ctx_t *c, kb_gene_t *g, const json_t *v, const char *path)
{
    static const char *const keys[] = {"alteration", "name", "oncogenicity", "effect", "sources", "note", "verified",
                                       "alternative_allele", NULL};
    const char *text, *name, *onc, *effect, *note;
    const char *const *src;
    size_t nsrc;
    bool verified, allele;
    int ok[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1}, stop = 0;
    uint64_t line = onc_doc_line(c->doc, v);
    if (!json_is_object(v)) return kb_problem(c, onc_doc_name(c->doc), line, path, "a mapping expected");
    if (kb_check_keys(c, v, path, keys, &ok[0]) || kb_get_str(c, v, path, "alteration", 1, &text, &ok[1]) ||
        kb_get_str(c, v, path, "name", 0, &name, &ok[2]) || kb_get_str(c, v, path, "oncogenicity", 1, &onc, &ok[3]) ||
        kb_check_enum(c, v, path, "oncogenicity", onc, ONCOGENICITY_WORDS, &ok[4]) ||
        kb_get_str(c, v, path, "effect", 0, &effect, &ok[5]) ||
        kb_check_enum(c, v, path, "effect", effect, EFFECT_WORDS, &ok[6]) ||
        kb_get_str_list(c, v, path, "sources", 1, &src, &nsrc, &ok[7]) ||
        kb_check_sources(c, v, path, "sources", src, nsrc, &ok[8]) || kb_get_str(c, v, path, "note", 0, &note, &ok[8]) ||
        kb_get_bool(c, v, path, "verified", 0, true, &verified, &ok[8]) ||
        kb_get_bool(c, v, path, "alternative_allele", 0, true, &allele, &ok[8]))
        return 1;
    if (!ok[1]) return 0;
    char f[KB_PATH_MAX];
    if (alt_find(g, text))
        return kb_problem(c, onc_doc_name(c->doc), line, kb_path(f, path, "alteration"), "%s %s is curated twice",
                          g->symbol, text);
    kb_alt_t *a = alt_new(c, g, text, kb_path(f, path, "alteration"), line, &stop);
    if (!a) return stop;
    a->pub.name = name;
    a->pub.oncogenicity = onc ? (onc_oncogenicity)word_index(ONCOGENICITY_WORDS, onc) : ONC_ONCOGENICITY_UNKNOWN;
    if (!ok[4]) a->pub.oncogenicity = ONC_ONCOGENICITY_UNKNOWN;
    a->pub.effect = ok[6] ? effect : NULL;
    a->pub.sources = src;
    a->pub.n_sources = nsrc;
    a->pub.note = note;
    a->alternative_allele = allele;
    return 0;
}

static int read_approval(kb_ctx_t *c, const json_t *v, const char *path, onc_kb_approval_t *ap, int *ok)
{
    static const char *const keys[] = {"agency", "indication", "assay", "date", "source", "note", NULL};
    int k[6] = {1, 1, 1, 1, 1, 1};
    if (!json_is_object(v)) {
        *ok = 0;
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_line(c->doc, v), path, "a mapping expected");
    }
    const char *note;
    if (kb_check_keys(c, v, path, keys, &k[0]) || kb_get_str(c, v, path, "agency", 1, &ap->agency, &k[1]) ||
        kb_get_str(c, v, path, "indication", 1, &ap->indication, &k[2]) ||
        kb_get_str(c, v, path, "assay", 0, &ap->assay, &k[3]) || kb_get_date(c, v, path, "date", 0, &ap->date, &k[4]) ||
        kb_get_str(c, v, path, "source", 0, &ap->source, &k[5]) || kb_get_str(c, v, path, "note", 0, &note, &k[5]))
        return 1;
    *ok = k[0] && k[1] && k[2] && k[3] && k[4] && k[5];
    if (ap->source && !onc_kb_source_find(c->kb, ap->source)) {
        char f[KB_PATH_MAX];
        *ok = 0;
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, "source"), kb_path(f, path, "source"),
                          "source '%s' is not in sources.yaml", ap->source);
    }
    return 0;
}

static int read_level(kb_ctx_t *c, const json_t *v, const char *path, onc_level *out, int *ok)
{
    json_t *l = json_object_get(v, "level");
    char buf[8];
    const char *s = NULL;
    *out = ONC_LEVEL_NONE;
    *ok = 1;
    if (!l || json_is_null(l)) return 0;
    if (json_is_integer(l)) { /* level: 1 written without quotes */
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(l));
        s = buf;
    } else if (json_is_string(l)) {
        s = json_string_value(l);
    }
    int i = s ? word_index(LEVEL_WORDS, s) : -1;
    if (i >= 0) {
        *out = (onc_level)i;
        return 0;
    }
    char f[KB_PATH_MAX];
    *ok = 0;
    return kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, "level"), kb_path(f, path, "level"),
                      "not one of: 1, 2, 3A, 3B, 4, R1, R2");
}

static int check_agents(kb_ctx_t *c, const json_t *v, const char *path, const onc_kb_evidence_t *ev, int *ok)
{
    char f[KB_PATH_MAX];
    *ok = 1;
    if ((ev->effect == ONC_EV_SENSITIVE || ev->effect == ONC_EV_RESISTANT) && ev->n_agents == 0) {
        *ok = 0;
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_line(c->doc, v), kb_path(f, path, "agents"),
                          "a %s entry names its agents", onc_ev_effect_name(ev->effect));
    }
    for (size_t i = 0; i < ev->n_agents; i++)
        for (const char *p = ev->agents[i]; *p; p++)
            if (*p >= 'A' && *p <= 'Z') {
                *ok = 0;
                if (kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, "agents"),
                               kb_path_index(f, path, "agents", i), "'%s': agents are lower-case INNs", ev->agents[i]))
                    return 1;
                break;
            }
    return 0;
}

static int check_tumor_types(kb_ctx_t *c, const json_t *v, const char *path, const onc_kb_evidence_t *ev, int *ok)
{
    *ok = 1;
    for (size_t i = 0; i < ev->n_tumor_types; i++) {
        if (onc_oncotree_find(c->kb->tree, ev->tumor_types[i])) continue;
        char f[KB_PATH_MAX];
        *ok = 0;
        if (kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, "tumor_types"),
                       kb_path_index(f, path, "tumor_types", i), "'%s' is not an OncoTree code", ev->tumor_types[i]))
            return 1;
    }
    return 0;
}

static int read_evidence_fields(kb_ctx_t *c, const json_t *v, const char *path, onc_kb_evidence_t *ev, int *ok)
{
    static const char *const keys[] = {"id", "alterations", "tumor_types", "effect", "agents", "setting", "escat",
                                       "escat_source", "escat_verified", "level", "approvals", "sources",
                                       "reviewed", "verified", "note", NULL};
    int k[20];
    for (int i = 0; i < 20; i++) k[i] = 1;
    const char *effect;
    if (kb_check_keys(c, v, path, keys, &k[0]) || kb_get_str(c, v, path, "id", 1, &ev->id, &k[1]) ||
        kb_get_str_list(c, v, path, "alterations", 1, &ev->alterations, &ev->n_alterations, &k[2]) ||
        kb_get_str_list(c, v, path, "tumor_types", 1, &ev->tumor_types, &ev->n_tumor_types, &k[3]) ||
        kb_get_str(c, v, path, "effect", 1, &effect, &k[4]) ||
        kb_check_enum(c, v, path, "effect", effect, EV_EFFECT_WORDS, &k[5]) ||
        kb_get_str_list(c, v, path, "agents", 0, &ev->agents, &ev->n_agents, &k[6]) ||
        kb_get_str(c, v, path, "setting", 0, &ev->setting, &k[7]) || kb_get_str(c, v, path, "escat", 0, &ev->escat, &k[8]) ||
        kb_check_enum(c, v, path, "escat", ev->escat, ESCAT_WORDS, &k[9]) ||
        kb_get_str(c, v, path, "escat_source", 0, &ev->escat_source, &k[10]) ||
        kb_get_bool(c, v, path, "escat_verified", ev->escat != NULL, false, &ev->escat_verified, &k[11]) ||
        read_level(c, v, path, &ev->level, &k[12]) ||
        kb_get_str_list(c, v, path, "sources", 1, &ev->sources, &ev->n_sources, &k[13]) ||
        kb_check_sources(c, v, path, "sources", ev->sources, ev->n_sources, &k[14]) ||
        kb_get_date(c, v, path, "reviewed", 1, &ev->reviewed, &k[15]) ||
        kb_get_bool(c, v, path, "verified", 1, false, &ev->verified, &k[16]) ||
        kb_get_str(c, v, path, "note", 0, &ev->note, &k[17]) || check_tumor_types(c, v, path, ev, &k[18]))
        return 1;
    if (k[4] && k[5]) ev->effect = (onc_ev_effect)word_index(EV_EFFECT_WORDS, effect);
    if (k[4] && k[5] && check_agents(c, v, path, ev, &k[6])) return 1;
    if (!(k[4] && k[5])) k[6] = 0;
    if (ev->escat_source && !onc_kb_source_find(c->kb, ev->escat_source)) {
        char f[KB_PATH_MAX];
        k[19] = 0;
        if (kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, "escat_source"),
                       kb_path(f, path, "escat_source"), "source '%s' is not in sources.yaml", ev->escat_source))
            return 1;
    }
    *ok = 1;
    for (int i = 0; i < 20; i++) *ok &= k[i];
    return 0;
}

static int read_approvals(kb_ctx_t *c, const json_t *v, const char *path, onc_kb_evidence_t *ev, int *ok)
{
    json_t *list = json_object_get(v, "approvals");
    char f[KB_PATH_MAX];
    *ok = 1;
    if (!list || json_is_null(list)) return 0;
    if (!json_is_array(list)) {
        *ok = 0;
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, "approvals"),
                          kb_path(f, path, "approvals"), "a list expected");
    }
    onc_kb_approval_t *ap = kb_calloc(c->kb, json_array_size(list), sizeof *ap);
    if (!ap) return kb_fatal(c, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < json_array_size(list); i++) {
        int k = 1;
        if (read_approval(c, json_array_get(list, i), kb_path_index(f, path, "approvals", i), &ap[i], &k)) return 1;
        *ok &= k;
    }
    ev->approvals = ap;
    ev->n_approvals = json_array_size(list);
    return 0;
}

static onc_kb_evidence_t *evidence_push(onc_kb_t *kb)
{
    if (kb->n_evidence == kb->m_evidence) {
        size_t m = kb->m_evidence ? kb->m_evidence * 2 : 64;
        onc_kb_evidence_t *p = realloc(kb->evidence, m * sizeof *p);
        if (!p) return NULL;
        kb->evidence = p;
        kb->m_evidence = m;
    }
    onc_kb_evidence_t *ev = &kb->evidence[kb->n_evidence];
    memset(ev, 0, sizeof *ev);
    return ev;
}

/* Links evidence item idx to the curated alterations it names, adding those not curated. */
static int link_evidence(kb_ctx_t *c, kb_gene_t *g, const json_t *v, const char *path, size_t idx)
{
    const onc_kb_evidence_t *ev = &c->kb->evidence[idx];
    for (size_t i = 0; i < ev->n_alterations; i++) {
        kb_alt_t *a = alt_find(g, ev->alterations[i]);
        char f[KB_PATH_MAX];
        int stop = 0;
        if (!a && !(a = alt_new(c, g, ev->alterations[i], kb_path_index(f, path, "alterations", i),
                                onc_doc_member_line(c->doc, v, "alterations"), &stop))) {
            if (stop) return 1;
            continue;
        }
        if (a->n_evidence == a->m_evidence) {
            size_t m = a->m_evidence ? a->m_evidence * 2 : 4;
            size_t *p = realloc(a->evidence, m * sizeof *p);
            if (!p) return kb_fatal(c, ONC_ENOMEM, "out of memory");
            a->evidence = p;
            a->m_evidence = m;
        }
        a->evidence[a->n_evidence++] = idx;
    }
    return 0;
}

/* Every pattern parses (checked before the item is kept, so that validation reports bad
 * patterns of items refused for another reason too). */
static int check_patterns(kb_ctx_t *c, const json_t *v, const char *path, const char *const *list, size_t n, int *ok)
{
    for (size_t i = 0; i < n; i++) {
        kb_pat_t p;
        onc_err_t e = {0};
        if (kb_pat_parse(list[i], &p, &e) == ONC_OK) {
            kb_pat_free(&p);
            continue;
        }
        char f[KB_PATH_MAX];
        *ok = 0;
        if (kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, "alterations"),
                       kb_path_index(f, path, "alterations", i), "%s", e.msg))
            return 1;
    }
    return 0;
}

static int read_evidence(kb_ctx_t *c, kb_gene_t *g, const json_t *v, const char *path)
{
    if (!json_is_object(v)) return kb_problem(c, onc_doc_name(c->doc), onc_doc_line(c->doc, v), path, "a mapping expected");
    onc_kb_evidence_t *ev = evidence_push(c->kb);
    if (!ev) return kb_fatal(c, ONC_ENOMEM, "out of memory");
    int ok = 1, ok2 = 1;
    if (read_evidence_fields(c, v, path, ev, &ok) || read_approvals(c, v, path, ev, &ok2)) return 1;
    if (check_patterns(c, v, path, ev->alterations, ev->n_alterations, &ok)) return 1;
    if (ev->id && onc_kb_evidence_find(c->kb, ev->id)) {
        char f[KB_PATH_MAX];
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, "id"), kb_path(f, path, "id"),
                          "id %s is used twice", ev->id);
    }
    if (!ok || !ok2) return 0;
    ev->gene = g->symbol;
    ev->file = onc_doc_name(c->doc);
    ev->line = onc_doc_line(c->doc, v);
    c->kb->n_evidence++;
    return link_evidence(c, g, v, path, c->kb->n_evidence - 1);
}

/* The gene an evidence file is about: its approved symbol, known to genes.tsv. */
static kb_gene_t *file_gene(kb_ctx_t *c, const json_t *root, int *stop)
{
    const char *sym;
    int ok = 1;
    *stop = kb_get_str(c, root, "", "gene", 1, &sym, &ok);
    if (*stop || !sym) return NULL;
    const char *canon = onc_kb_gene_symbol(c->kb, sym);
    kb_gene_t *g = kb_gene_find(c->kb, canon);
    if (!g && !strcmp(sym, KB_OTHER_BIOMARKERS)) g = gene_add(c->kb, sym);
    if (!g)
        *stop = kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, root, "gene"), "gene",
                           "%s is not in genes.tsv", sym);
    return g;
}

static int each_item(kb_ctx_t *c, kb_gene_t *g, const json_t *root, const char *key,
                     int (*fn)(kb_ctx_t *, kb_gene_t *, const json_t *, const char *))
{
    json_t *list = json_object_get(root, key);
    if (!list || json_is_null(list)) return 0;
    if (!json_is_array(list))
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, root, key), key, "a list expected");
    for (size_t i = 0; i < json_array_size(list); i++) {
        char f[KB_PATH_MAX];
        if (fn(c, g, json_array_get(list, i), kb_path_index(f, "", key, i))) return 1;
    }
    return 0;
}

static int load_evidence_file(kb_ctx_t *c, const char *name)
{
    static const char *const keys[] = {"gene", "alterations", "evidence", "note", NULL};
    int missing, stop, ok;
    onc_doc_t *d = kb_read_doc(c, name, 0, &missing, &stop);
    if (!d) return stop;
    c->doc = d;
    json_t *root = onc_doc_root(d);
    kb_gene_t *g = NULL;
    if (!json_is_object(root)) stop = kb_problem(c, onc_doc_name(d), 1, NULL, "a mapping (gene, alterations, evidence) expected");
    else if (!(stop = kb_check_keys(c, root, "", keys, &ok)) && (g = file_gene(c, root, &stop)))
        stop = each_item(c, g, root, "alterations", read_alteration) || each_item(c, g, root, "evidence", read_evidence);
    return kb_keep_doc(c, d) || stop;
}

/* ---- groups.yaml ---- */

static int read_rule(kb_ctx_t *c, const json_t *v, const char *path, onc_kb_group_rule_t *r, int *ok)
{
    static const char *const keys[] = {"gene", "alterations", "test", "min_copies", NULL};
    int k[6] = {1, 1, 1, 1, 1, 1};
    if (!json_is_object(v)) {
        *ok = 0;
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_line(c->doc, v), path, "a mapping expected");
    }
    if (kb_check_keys(c, v, path, keys, &k[0]) || kb_get_str(c, v, path, "gene", 1, &r->gene, &k[1]) ||
        kb_get_str_list(c, v, path, "alterations", 1, &r->alterations, &r->n_alterations, &k[2]) ||
        kb_get_str(c, v, path, "test", 1, &r->test, &k[3]) || kb_check_enum(c, v, path, "test", r->test, TEST_WORDS, &k[4]) ||
        kb_get_number(c, v, path, "min_copies", 0, 0, &r->min_copies, &k[5]))
        return 1;
    *ok = k[0] && k[1] && k[2] && k[3] && k[4] && k[5];
    char f[KB_PATH_MAX];
    if (r->gene && !kb_gene_find(c->kb, onc_kb_gene_symbol(c->kb, r->gene))) {
        *ok = 0;
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, "gene"), kb_path(f, path, "gene"),
                          "%s is not in genes.tsv", r->gene);
    }
    if (check_patterns(c, v, path, r->alterations, r->n_alterations, ok)) return 1;
    return 0;
}

static int read_group(kb_ctx_t *c, const json_t *v, const char *path, onc_kb_group_t *g, int *ok)
{
    static const char *const keys[] = {"id", "label", "assess", "defined_by", "sources", "note", NULL};
    int k[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    const char *note;
    char f[KB_PATH_MAX];
    if (!json_is_object(v)) {
        *ok = 0;
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_line(c->doc, v), path, "a mapping expected");
    }
    if (kb_check_keys(c, v, path, keys, &k[0]) || kb_get_str(c, v, path, "id", 1, &g->id, &k[1]) ||
        kb_get_str(c, v, path, "label", 1, &g->label, &k[2]) || kb_get_str(c, v, path, "assess", 1, &g->assess, &k[3]) ||
        kb_get_str_list(c, v, path, "sources", 1, &g->sources, &g->n_sources, &k[4]) ||
        kb_check_sources(c, v, path, "sources", g->sources, g->n_sources, &k[5]) ||
        kb_get_str(c, v, path, "note", 0, &note, &k[6]))
        return 1;
    json_t *rules = json_object_get(v, "defined_by");
    if (!json_is_array(rules) || !json_array_size(rules)) {
        *ok = 0;
        return kb_problem(c, onc_doc_name(c->doc), onc_doc_line(c->doc, v), kb_path(f, path, "defined_by"),
                          "a non-empty list expected");
    }
    onc_kb_group_rule_t *r = kb_calloc(c->kb, json_array_size(rules), sizeof *r);
    if (!r) return kb_fatal(c, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < json_array_size(rules); i++) {
        int rk = 1;
        if (read_rule(c, json_array_get(rules, i), kb_path_index(f, path, "defined_by", i), &r[i], &rk)) return 1;
        k[7] &= rk;
    }
    g->rules = r;
    g->n_rules = json_array_size(rules);
    *ok = k[0] && k[1] && k[2] && k[3] && k[4] && k[5] && k[6] && k[7];
    return 0;
}

static int load_groups(kb_ctx_t *c)
{
    int missing, stop, ok;
    onc_doc_t *d = kb_read_doc(c, "groups.yaml", 1, &missing, &stop);
    if (!d) return stop;
    if (kb_keep_doc(c, d)) return 1;
    c->doc = d;
    json_t *root = onc_doc_root(d), *list = json_object_get(root, "groups");
    static const char *const keys[] = {"groups", "note", NULL};
    if (!json_is_object(root) || !json_is_array(list))
        return kb_problem(c, onc_doc_name(d), 1, "groups", "a list of groups expected");
    if (kb_check_keys(c, root, "", keys, &ok)) return 1;
    c->kb->groups = kb_calloc(c->kb, json_array_size(list), sizeof *c->kb->groups);
    if (!c->kb->groups) return kb_fatal(c, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < json_array_size(list); i++) {
        char f[KB_PATH_MAX];
        onc_kb_group_t *g = &c->kb->groups[c->kb->n_groups];
        ok = 1;
        if (read_group(c, json_array_get(list, i), kb_path_index(f, "", "groups", i), g, &ok)) return 1;
        for (size_t j = 0; ok && j < c->kb->n_groups; j++)
            if (!strcmp(c->kb->groups[j].id, g->id) &&
                kb_problem(c, onc_doc_name(d), onc_doc_line(d, json_array_get(list, i)), f, "group %s twice", g->id))
                return 1;
        if (ok) c->kb->n_groups++;
    }
    return 0;
}

size_t onc_kb_n_groups(const onc_kb_t *kb) { return kb->n_groups; }
const onc_kb_group_t *onc_kb_group_at(const onc_kb_t *kb, size_t i) { return i < kb->n_groups ? &kb->groups[i] : NULL; }

/* ---- immunotherapy.yaml: kept as a tree, read through the accessors ---- */

/* Walks the tree: every `sources` list names known sources, every `gene`/`genes` known genes. */
static int check_immuno_node(kb_ctx_t *c, const json_t *v, const char *path)
{
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            char f[KB_PATH_MAX];
            snprintf(f, sizeof f, "%s[%zu]", path, i);
            if (check_immuno_node(c, json_array_get(v, i), f)) return 1;
        }
        return 0;
    }
    if (!json_is_object(v)) return 0;
    const char *key;
    json_t *m;
    json_object_foreach((json_t *)v, key, m) {
        char f[KB_PATH_MAX];
        kb_path(f, path, key);
        int ok;
        if (!strcmp(key, "sources")) {
            const char *const *keys;
            size_t n;
            if (kb_get_str_list(c, v, path, key, 1, &keys, &n, &ok) || (ok && kb_check_sources(c, v, path, key, keys, n, &ok)))
                return 1;
        } else if (!strcmp(key, "gene") || !strcmp(key, "genes")) {
            const char *const *genes = NULL;
            const char *one = NULL;
            size_t n = 0;
            if (!strcmp(key, "gene") ? kb_get_str(c, v, path, key, 1, &one, &ok)
                                     : kb_get_str_list(c, v, path, key, 1, &genes, &n, &ok))
                return 1;
            if (one) {
                genes = &one;
                n = 1;
            }
            for (size_t i = 0; ok && i < n; i++)
                if (!kb_gene_find(c->kb, onc_kb_gene_symbol(c->kb, genes[i])) &&
                    kb_problem(c, onc_doc_name(c->doc), onc_doc_member_line(c->doc, v, key), f, "%s is not in genes.tsv",
                               genes[i]))
                    return 1;
        } else if (check_immuno_node(c, m, f)) {
            return 1;
        }
    }
    return 0;
}

static int load_immuno(kb_ctx_t *c)
{
    static const char *const keys[] = {"pdl1", "tmb", "msi", "negative_predictors", "germline", "sources", "note", NULL};
    int missing, stop, ok;
    onc_doc_t *d = kb_read_doc(c, "immunotherapy.yaml", 1, &missing, &stop);
    if (!d) return stop;
    if (kb_keep_doc(c, d)) return 1;
    c->doc = d;
    json_t *root = onc_doc_root(d);
    if (!json_is_object(root)) return kb_problem(c, onc_doc_name(d), 1, NULL, "a mapping expected");
    if (kb_check_keys(c, root, "", keys, &ok) || check_immuno_node(c, root, "")) return 1;
    c->kb->immuno = root;
    return 0;
}

static const json_t *immuno_get(const onc_kb_t *kb, const char *path)
{
    const json_t *v = kb->immuno;
    char key[128];
    while (v && path && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key) return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        v = json_is_object(v) ? json_object_get(v, key) : NULL;
        path += n + (path[n] == '.');
    }
    return v;
}

double onc_kb_immuno_number(const onc_kb_t *kb, const char *path)
{
    const json_t *v = immuno_get(kb, path);
    return json_is_number(v) ? json_number_value(v) : NAN;
}
const char *onc_kb_immuno_string(const onc_kb_t *kb, const char *path)
{
    const json_t *v = immuno_get(kb, path);
    return json_is_string(v) ? json_string_value(v) : NULL;
}
size_t onc_kb_immuno_list_size(const onc_kb_t *kb, const char *path)
{
    const json_t *v = immuno_get(kb, path);
    return json_is_array(v) ? json_array_size(v) : 0;
}
const char *onc_kb_immuno_list_item(const onc_kb_t *kb, const char *path, size_t i)
{
    const json_t *v = json_array_get(immuno_get(kb, path), i);
    if (json_is_object(v)) v = json_object_get(v, "gene"); /* negative_predictors: [{gene: STK11, ...}] */
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- the manifest and the whole ---- */

static int load_manifest(kb_ctx_t *c, const char *const **files, size_t *n)
{
    static const char *const keys[] = {"name", "version", "date", "description", "evidence", "note", NULL};
    int missing, stop, k[6] = {1, 1, 1, 1, 1, 1};
    int collect = c->collect;
    c->collect = 0; /* without a manifest there is nothing to validate: unreadable, not a problem */
    onc_doc_t *d = kb_read_doc(c, "kb.yaml", 0, &missing, &stop);
    c->collect = collect;
    if (!d) return 1;
    if (kb_keep_doc(c, d)) return 1;
    c->doc = d;
    json_t *root = onc_doc_root(d);
    const char *name, *version, *date, *desc;
    if (!json_is_object(root)) return kb_problem(c, onc_doc_name(d), 1, NULL, "a mapping expected") || 1;
    if (kb_check_keys(c, root, "", keys, &k[0]) || kb_get_str(c, root, "", "name", 1, &name, &k[1]) ||
        kb_get_str(c, root, "", "version", 1, &version, &k[2]) || kb_get_date(c, root, "", "date", 1, &date, &k[3]) ||
        kb_get_str(c, root, "", "description", 0, &desc, &k[4]) ||
        kb_get_str_list(c, root, "", "evidence", 1, files, n, &k[5]))
        return 1;
    c->kb->name = (char *)(name ? name : "?");
    c->kb->version = (char *)(version ? version : "?");
    c->kb->date = (char *)(date ? date : "?");
    return 0;
}

/* The directory for a shared table (oncotree.tsv, gene_aliases.tsv): dir when it has it. */
static const char *table_dir(const char *dir, const char *name)
{
    char path[4096];
    if (!dir || (size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) return NULL;
    return access(path, F_OK) == 0 ? dir : NULL;
}

static int load_tables(kb_ctx_t *c)
{
    onc_err_t e = {0};
    if (!(c->kb->tree = onc_oncotree_load(table_dir(c->dir, "oncotree.tsv"), &e)) ||
        !(c->kb->genes_tab = onc_genes_load(table_dir(c->dir, "gene_aliases.tsv"), &e))) {
        onc_err_set(c->err, e.code, "%s", e.msg);
        c->problems++;
        return 1;
    }
    return 0;
}

static void today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The OncoTree nodes of every evidence item's tumor types, looked up once for the matcher. */
static int resolve_tumor_types(kb_ctx_t *c)
{
    onc_kb_t *kb = c->kb;
    if (!(kb->evidence_types = kb_calloc(kb, kb->n_evidence, sizeof *kb->evidence_types)))
        return kb_fatal(c, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < kb->n_evidence; i++) {
        const onc_kb_evidence_t *ev = &kb->evidence[i];
        const onc_tumor_type_t **nodes = kb_calloc(kb, ev->n_tumor_types, sizeof *nodes);
        if (!nodes) return kb_fatal(c, ONC_ENOMEM, "out of memory");
        for (size_t k = 0; k < ev->n_tumor_types; k++) nodes[k] = onc_oncotree_find(kb->tree, ev->tumor_types[k]);
        kb->evidence_types[i] = nodes;
    }
    return 0;
}

/* Loads everything; returns 1 when stopped. Used by onc_kb_load and onc_kb_validate. */
int kb_load_all(kb_ctx_t *c)
{
    const char *const *files = NULL;
    size_t n = 0;
    today(c->today);
    if (!c->dir) {
        const char *env = getenv("ONCOBOARD_KB");
        if (env && *env) c->dir = env;
    }
    if (!c->dir) {
        onc_kb_text_t t;
        onc_err_t e = {0};
        if (onc_kb_text_load(&t, NULL, "kb.yaml", &e) != ONC_OK) {
            c->problems++;
            onc_err_set(c->err, ONC_ENOTFOUND, "no knowledge base: kb/kb.yaml is not built in (use --kb DIR or $ONCOBOARD_KB)");
            return 1;
        }
        onc_kb_text_free(&t);
    }
    if (load_manifest(c, &files, &n) || load_tables(c) || load_sources(c) || load_gene_roles(c) || load_hotspots(c))
        return 1;
    for (size_t i = 0; i < n; i++)
        if (load_evidence_file(c, files[i])) return 1;
    return resolve_tumor_types(c) || load_groups(c) || load_immuno(c) || kb_check_overlaps(c);
}

void onc_kb_free(onc_kb_t *kb)
{
    if (!kb) return;
    for (size_t i = 0; i < kb->n_alts; i++) {
        kb_pat_free(&kb->alts[i]->pat);
        free(kb->alts[i]->evidence);
    }
    for (size_t i = 0; i < kb->n_genes; i++) free(kb->genes[i].alts);
    for (size_t i = 0; i < kb->n_docs; i++) onc_doc_free(kb->docs[i]);
    for (size_t i = 0; i < kb->n_arena; i++) free(kb->arena[i]);
    free(kb->arena);
    free(kb->docs);
    free(kb->alts);
    free(kb->genes);
    free(kb->evidence);
    onc_oncotree_free(kb->tree);
    onc_genes_free(kb->genes_tab);
    free(kb);
}

onc_kb_t *onc_kb_load(const char *kb_dir, onc_err_t *err)
{
    onc_kb_t *kb = calloc(1, sizeof *kb);
    if (!kb) {
        onc_err_set(err, ONC_ENOMEM, "out of memory");
        return NULL;
    }
    kb_ctx_t c = {0};
    c.kb = kb;
    c.dir = kb_dir;
    c.err = err;
    if (kb_load_all(&c)) {
        onc_kb_free(kb);
        return NULL;
    }
    return kb;
}

const char *onc_kb_version(const onc_kb_t *kb) { return kb->version; }
const char *onc_kb_date(const onc_kb_t *kb) { return kb->date; }
const char *onc_kb_name(const onc_kb_t *kb) { return kb->name; }
size_t onc_kb_n_evidence(const onc_kb_t *kb) { return kb->n_evidence; }
const onc_kb_evidence_t *onc_kb_evidence_at(const onc_kb_t *kb, size_t i)
{
    return i < kb->n_evidence ? &kb->evidence[i] : NULL;
}
const onc_kb_evidence_t *onc_kb_evidence_find(const onc_kb_t *kb, const char *id)
{
    for (size_t i = 0; i < kb->n_evidence; i++)
        if (!strcmp(kb->evidence[i].id, id)) return &kb->evidence[i];
    return NULL;
}
size_t onc_kb_n_alterations(const onc_kb_t *kb) { return kb->n_alts; }
const onc_kb_alteration_t *onc_kb_alteration_at(const onc_kb_t *kb, size_t i)
{
    return i < kb->n_alts ? &kb->alts[i]->pub : NULL;
}
