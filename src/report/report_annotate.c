/* report_annotate.c: a cohort's MAF, fusion and copy-number tables written back with the
 * knowledge base's annotations (annotate.h, docs/annotate.md).
 *
 * The file is read once. The reader turns rows into alterations as it does for `profile`;
 * its line hook (onc_read_opts_t.on_line) hands every raw line over before it is parsed, and
 * this file keeps the latest one pending. The reader returns the alterations of a line
 * before it reads the next, so when the hook brings line N+1, line N has all its alterations
 * and is written out with their added cells. Rows the reader cannot parse come back as row
 * errors (continue_after_row_error) and are written with empty added cells.
 *
 * Cohort MAFs repeat the same variants (KRAS G12C, TP53 hotspots) and the same tumor types,
 * so the added cells are cached per (gene, partner, kind, alteration, consequence, tumor type).
 *
 * The per-sample molecular group is the classifier's (onc_classify, the same rules as
 * `oncoboard report`): each sample keeps only its group-defining alterations (a handful, even
 * on a 1M-row MAF), and at the end becomes a minimal one-sample case holding them as typed
 * variants, fusions and copy-number calls. A cohort file names no assay, so nothing is
 * excluded: the groups not found are the classifier's not_assessed.
 */
#include "oncoboard/annotate.h"
#include "oncoboard/case.h"
#include "oncoboard/classify.h"
#include "oncoboard/io.h"
#include "oncoboard/strbuf.h"
#include "oncoboard/tsv.h"

#include <errno.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ADDED_COLUMNS "ONCOGENIC\tMUTATION_EFFECT\tESCAT\tHIGHEST_LEVEL\tTHERAPIES\tRESISTANCES"
#define EMPTY_CELLS "\t\t\t\t\t"                    /* the six added cells, empty */
#define MATRIX_COLUMNS "SAMPLE_ID\tCANCER_TYPE\tHUGO_SYMBOL\tALTERATION" /* oncokb-annotator's */
#define CACHE_MAX ((size_t)1 << 18) /* distinct alterations cached (about 60 MB); past it, matched each time */
#define CLINICAL_LINE_MAX ((size_t)1 << 20)
#define CLINICAL_COLS_MAX 4096

/* ---- a string -> index map (open addressing, FNV-1a) ---- */

typedef struct strmap {
    char **keys;
    uint64_t *hashes; /* of keys[i]: a probe compares these before touching a key */
    size_t *vals;
    size_t cap, n;
} strmap_t;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The slot of key (hash h): where it is, or the empty slot where it would go. */
static size_t strmap_slot(const strmap_t *m, const char *key, uint64_t h)
{
    size_t i = h & (m->cap - 1);
    while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key) != 0)) i = (i + 1) & (m->cap - 1);
    return i;
}

static const size_t *strmap_get(const strmap_t *m, const char *key)
{
    if (!m->cap) return NULL;
    size_t i = strmap_slot(m, key, hash_str(key));
    return m->keys[i] ? &m->vals[i] : NULL;
}

static int strmap_grow(strmap_t *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    strmap_t g = {calloc(cap, sizeof *g.keys), calloc(cap, sizeof *g.hashes), calloc(cap, sizeof *g.vals), cap, m->n};
    if (!g.keys || !g.hashes || !g.vals) {
        free(g.keys);
        free(g.hashes);
        free(g.vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = strmap_slot(&g, m->keys[i], m->hashes[i]);
            g.keys[j] = m->keys[i];
            g.hashes[j] = m->hashes[i];
            g.vals[j] = m->vals[i];
        }
    free(m->keys);
    free(m->hashes);
    free(m->vals);
    *m = g;
    return 0;
}

/* Adds key (copied) -> val; the key must not be there. 0, or -1 out of memory. */
static int strmap_put(strmap_t *m, const char *key, size_t val)
{
    if ((m->n + 1) * 2 > m->cap && strmap_grow(m) < 0) return -1;
    uint64_t h = hash_str(key);
    size_t i = strmap_slot(m, key, h);
    if (!(m->keys[i] = strdup(key))) return -1;
    m->hashes[i] = h;
    m->vals[i] = val;
    m->n++;
    return 0;
}

static void strmap_free(strmap_t *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->keys[i]);
    free(m->keys);
    free(m->hashes);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- the annotator ---- */

/* The added cells of one (alteration, tumor type), as the cache keeps them. */
typedef struct annotation {
    char *cells;                 /* the six cells joined by tabs; NULL when not annotated */
    char *problem;               /* why not, for the warning */
    const onc_kb_group_t *group; /* the molecular group the alteration defines, or NULL */
    bool oncogenic, actionable;
} annotation_t;

typedef struct sample_stats {
    char *name;
    const char *tumor_type;      /* borrowed from the clinical table or the options */
    onc_strbuf_t drivers;
    onc_alt_t *defining;         /* owned copies of the group-defining alterations, once each */
    size_t n_defining, m_defining;
    uint64_t n_alterations, n_annotated, n_oncogenic, n_actionable;
} sample_stats_t;

typedef struct warning {
    char *msg;
    uint64_t count;
} warning_t;

struct onc_annotator {
    const onc_kb_t *kb;
    onc_annotate_opts_t opts;
    strmap_t clinical;           /* sample -> index into clinical_codes */
    char **clinical_samples, **clinical_codes;
    size_t n_clinical;
    strmap_t cache;              /* key -> index into cached */
    annotation_t *cached;
    size_t n_cached, m_cached;
    annotation_t scratch;        /* when the cache is full */
    strmap_t sample_index;       /* sample -> index into samples */
    sample_stats_t *samples;
    size_t n_samples, m_samples;
    warning_t *warnings;
    size_t n_warnings, m_warnings;
    onc_strbuf_t key;
    onc_kb_match_t match;        /* 10 KB: reused by every match rather than on the stack */
    strmap_t group_genes;        /* genes some kb group rule names: only their alterations
                                    are asked for a group (onc_kb_group_of tries every rule) */
};

void onc_annotate_opts_init(onc_annotate_opts_t *o) { memset(o, 0, sizeof *o); }

onc_annotator_t *onc_annotator_new(const onc_kb_t *kb, const onc_annotate_opts_t *opts, onc_err_t *err)
{
    onc_annotator_t *an = calloc(1, sizeof *an);
    if (!an) {
        onc_err_set(err, ONC_ENOMEM, "out of memory");
        return NULL;
    }
    an->kb = kb;
    if (opts) an->opts = *opts;
    an->key = (onc_strbuf_t)ONC_STRBUF_INIT;
    for (size_t i = 0; i < onc_kb_n_groups(kb); i++) {
        const onc_kb_group_t *g = onc_kb_group_at(kb, i);
        for (size_t k = 0; k < g->n_rules; k++)
            if (!strmap_get(&an->group_genes, g->rules[k].gene) && strmap_put(&an->group_genes, g->rules[k].gene, i) < 0) {
                onc_annotator_free(an);
                onc_err_set(err, ONC_ENOMEM, "out of memory");
                return NULL;
            }
    }
    return an;
}

static void annotation_free(annotation_t *a)
{
    free(a->cells);
    free(a->problem);
    memset(a, 0, sizeof *a);
}

void onc_annotator_free(onc_annotator_t *an)
{
    if (!an) return;
    strmap_free(&an->clinical);
    for (size_t i = 0; i < an->n_clinical; i++) {
        free(an->clinical_samples[i]);
        free(an->clinical_codes[i]);
    }
    free(an->clinical_samples);
    free(an->clinical_codes);
    strmap_free(&an->cache);
    strmap_free(&an->group_genes);
    for (size_t i = 0; i < an->n_cached; i++) annotation_free(&an->cached[i]);
    free(an->cached);
    annotation_free(&an->scratch);
    strmap_free(&an->sample_index);
    for (size_t i = 0; i < an->n_samples; i++) {
        free(an->samples[i].name);
        onc_strbuf_free(&an->samples[i].drivers);
        for (size_t k = 0; k < an->samples[i].n_defining; k++) onc_alt_free(&an->samples[i].defining[k]);
        free(an->samples[i].defining);
    }
    free(an->samples);
    for (size_t i = 0; i < an->n_warnings; i++) free(an->warnings[i].msg);
    free(an->warnings);
    onc_strbuf_free(&an->key);
    free(an);
}

/* Grows an array of n items to hold one more; 0, or -1 out of memory. */
static int grow(void **items, size_t *m, size_t n, size_t size)
{
    if (n < *m) return 0;
    size_t cap = *m ? *m * 2 : 16;
    void *p = realloc(*items, cap * size);
    if (!p) return -1;
    *items = p;
    *m = cap;
    return 0;
}

/* Adds count to the warning msg (the same text again only counts up). A warning lost to
 * memory exhaustion loses no data: the rows are written all the same. */
static void warn(onc_annotator_t *an, uint64_t count, const char *msg)
{
    for (size_t i = 0; i < an->n_warnings; i++)
        if (strcmp(an->warnings[i].msg, msg) == 0) {
            an->warnings[i].count += count;
            return;
        }
    char *copy = strdup(msg);
    if (!copy || grow((void **)&an->warnings, &an->m_warnings, an->n_warnings, sizeof *an->warnings) < 0) {
        free(copy);
        return;
    }
    an->warnings[an->n_warnings++] = (warning_t){copy, count};
}

size_t onc_annotator_n_warnings(const onc_annotator_t *an) { return an->n_warnings; }
const char *onc_annotator_warning(const onc_annotator_t *an, size_t i)
{
    return i < an->n_warnings ? an->warnings[i].msg : NULL;
}
uint64_t onc_annotator_warning_count(const onc_annotator_t *an, size_t i)
{
    return i < an->n_warnings ? an->warnings[i].count : 0;
}

/* ---- the clinical table ---- */

static int find_column(char **cells, int n, const char *a, const char *b)
{
    for (int i = 0; i < n; i++)
        if (strcasecmp(cells[i], a) == 0) return i;
    for (int i = 0; i < n; i++)
        if (strcasecmp(cells[i], b) == 0) return i;
    return -1;
}

static onc_rc add_clinical(onc_annotator_t *an, const char *sample, const char *code)
{
    if (!*sample || !*code || strmap_get(&an->clinical, sample)) return ONC_OK; /* first row wins */
    size_t m = an->n_clinical, m2 = an->n_clinical;
    if (grow((void **)&an->clinical_samples, &m, an->n_clinical, sizeof(char *)) < 0 ||
        grow((void **)&an->clinical_codes, &m2, an->n_clinical, sizeof(char *)) < 0)
        return ONC_ENOMEM;
    size_t i = an->n_clinical;
    an->clinical_samples[i] = strdup(sample);
    an->clinical_codes[i] = strdup(code);
    if (!an->clinical_samples[i] || !an->clinical_codes[i] || strmap_put(&an->clinical, sample, i) < 0) {
        free(an->clinical_samples[i]);
        free(an->clinical_codes[i]);
        return ONC_ENOMEM;
    }
    an->n_clinical++;
    return ONC_OK;
}

/* Arrays grown one at a time with capacity n (grow() doubles from n: amortised enough for a
 * clinical table of thousands of samples, and no second capacity to keep). */
onc_rc onc_annotator_load_clinical(onc_annotator_t *an, const char *path, onc_err_t *err)
{
    htsFile *fp = hts_open(path, "r");
    if (!fp) return onc_err_set(err, ONC_EIO, "%s: cannot open: %s", path, strerror(errno ? errno : EIO));
    kstring_t ks = {0, 0, NULL};
    char **cells = calloc(CLINICAL_COLS_MAX, sizeof *cells);
    int sample = -1, code = -1, header = 0, ret, n;
    uint64_t line = 0;
    onc_rc rc = cells ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    while (rc == ONC_OK && (ret = hts_getline(fp, '\n', &ks)) >= 0) {
        line++;
        if (ks.l > CLINICAL_LINE_MAX) {
            rc = onc_err_at(err, ONC_ELIMIT, path, line, NULL, "line longer than %zu bytes", CLINICAL_LINE_MAX);
            break;
        }
        if (ks.l && ks.s[ks.l - 1] == '\r') ks.s[--ks.l] = '\0';
        if (!ks.l || ks.s[0] == '#') continue;
        if ((n = onc_tsv_split(ks.s, ks.l, cells, CLINICAL_COLS_MAX, ONC_TSV_TRIM)) < 0) {
            rc = onc_err_at(err, ONC_ELIMIT, path, line, NULL, "more than %d columns", CLINICAL_COLS_MAX);
        } else if (!header) {
            header = 1;
            sample = find_column(cells, n, "SAMPLE_ID", "TUMOR_SAMPLE_BARCODE");
            code = find_column(cells, n, "ONCOTREE_CODE", "CANCER_TYPE");
            if (sample < 0 || code < 0)
                rc = onc_err_at(err, ONC_EPARSE, path, line, sample < 0 ? "SAMPLE_ID" : "ONCOTREE_CODE",
                                "a clinical table needs SAMPLE_ID (or TUMOR_SAMPLE_BARCODE) and "
                                "ONCOTREE_CODE (or CANCER_TYPE) columns");
        } else if (sample < n && code < n && add_clinical(an, cells[sample], cells[code]) != ONC_OK) {
            rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        }
    }
    if (rc == ONC_OK && !header) rc = onc_err_at(err, ONC_EPARSE, path, line, NULL, "no header row");
    free(cells);
    free(ks.s);
    hts_close(fp);
    return rc;
}

/* The tumor type of a sample: the clinical table's, else the default (NULL: none). */
static const char *tumor_type_of(const onc_annotator_t *an, const char *sample)
{
    const size_t *i = sample ? strmap_get(&an->clinical, sample) : NULL;
    return i ? an->clinical_codes[*i] : an->opts.tumor_type;
}

/* ---- the added cells ---- */

/* ESCAT tiers, best first (ESMO ESCAT, Mateo 2018). */
static int escat_rank(const char *tier)
{
    static const char *const tiers[] = {"I-A", "I-B", "I-C", "II-A", "II-B", "III-A", "III-B",
                                        "IV-A", "IV-B", "V", "X", NULL};
    for (int i = 0; tier && tiers[i]; i++)
        if (strcmp(tier, tiers[i]) == 0) return i;
    return 99;
}

/* OncoKB's HIGHEST_LEVEL order: R1 > 1 > 2 > 3A > 3B > 4 > R2 (oncokb-annotator). */
static int level_rank(onc_level l)
{
    if (l == ONC_LEVEL_R1) return 0;
    if (l == ONC_LEVEL_R2) return 6;
    return l == ONC_LEVEL_NONE ? 99 : (int)l + 1;
}

/* True when item is one of the ';'-separated items of list. */
static bool list_has(const char *list, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = list; n && (p = strstr(p, item)); p++)
        if ((p == list || p[-1] == ';') && (p[n] == ';' || !p[n])) return true;
    return false;
}

/* "agent+agent(level)" of every applied item with this effect, ';'-joined, each once. */
static onc_rc put_therapies(onc_strbuf_t *b, const onc_kb_match_t *m, onc_ev_effect effect)
{
    onc_strbuf_t one = ONC_STRBUF_INIT;
    size_t start = b->len;
    onc_rc rc = ONC_OK;
    for (size_t i = 0; i < m->n_applied && rc == ONC_OK; i++) {
        const onc_kb_applied_t *ap = &m->applied[i];
        if (ap->ev->effect != effect || !ap->ev->n_agents) continue;
        onc_strbuf_clear(&one);
        for (size_t k = 0; k < ap->ev->n_agents && rc == ONC_OK; k++)
            rc = onc_strbuf_printf(&one, "%s%s", k ? "+" : "", ap->ev->agents[k]);
        const char *level = onc_level_name(ap->level);
        if (rc == ONC_OK && level) rc = onc_strbuf_printf(&one, "(%s)", level);
        if (rc != ONC_OK) break;
        if (list_has(onc_strbuf_str(b) + start, onc_strbuf_str(&one))) continue;
        if (b->len > start) rc = onc_strbuf_putc(b, ';');
        if (rc == ONC_OK) rc = onc_strbuf_putsn(b, onc_strbuf_str(&one), one.len);
    }
    onc_strbuf_free(&one);
    return rc;
}

/* The six cells of a match into b; *actionable set when a sensitive level applies. */
static onc_rc put_cells(onc_strbuf_t *b, const onc_kb_match_t *m, bool *actionable)
{
    const char *escat = NULL;
    onc_level best = ONC_LEVEL_NONE;
    *actionable = false;
    for (size_t i = 0; i < m->n_applied; i++) {
        const onc_kb_applied_t *ap = &m->applied[i];
        if (level_rank(ap->level) < level_rank(best)) best = ap->level;
        if (ap->ev->effect != ONC_EV_SENSITIVE) continue;
        if (ap->level != ONC_LEVEL_NONE) *actionable = true;
        if (ap->escat && escat_rank(ap->escat) < escat_rank(escat)) escat = ap->escat;
    }
    onc_rc rc = onc_strbuf_printf(b, "%s\t%s\t%s\t", onc_oncogenicity_name(m->oncogenicity),
                                  m->effect ? m->effect : "Unknown", escat ? escat : "");
    if (rc == ONC_OK && best != ONC_LEVEL_NONE) rc = onc_strbuf_printf(b, "LEVEL_%s", onc_level_name(best));
    if (rc == ONC_OK) rc = onc_strbuf_putc(b, '\t');
    if (rc == ONC_OK) rc = put_therapies(b, m, ONC_EV_SENSITIVE);
    if (rc == ONC_OK) rc = onc_strbuf_putc(b, '\t');
    if (rc == ONC_OK) rc = put_therapies(b, m, ONC_EV_RESISTANT);
    return rc;
}

/* Matches a in tumor_type into ann (cells, or the problem). ONC_OK unless out of memory. */
static onc_rc annotate_alt(onc_annotator_t *an, const onc_alt_t *a, const char *tumor_type, annotation_t *ann)
{
    onc_kb_match_t *m = &an->match;
    onc_err_t e = {0};
    memset(ann, 0, sizeof *ann);
    onc_strbuf_t b = ONC_STRBUF_INIT;
    if (onc_kb_match(an->kb, a, tumor_type, m, &e) != ONC_OK) {
        onc_strbuf_free(&b);
        if (e.code == ONC_ENOMEM) return ONC_ENOMEM;
        return (ann->problem = strdup(e.msg[0] ? e.msg : "not understood by the matcher")) ? ONC_OK : ONC_ENOMEM;
    }
    if (put_cells(&b, m, &ann->actionable) != ONC_OK) {
        onc_strbuf_free(&b);
        return ONC_ENOMEM;
    }
    ann->cells = b.s ? b.s : strdup("");
    ann->oncogenic = onc_oncogenicity_is_oncogenic(m->oncogenicity);
    bool named = (a->gene && strmap_get(&an->group_genes, a->gene)) ||
                 (a->partner && strmap_get(&an->group_genes, a->partner)); /* fusions: either partner */
    ann->group = named ? onc_kb_group_of(an->kb, a) : NULL;
    return ann->cells ? ONC_OK : ONC_ENOMEM;
}

/* gene, partner, kind, alteration, consequence, tumor type, joined by \x1f (in no name). */
static onc_rc put_key(onc_strbuf_t *k, const onc_alt_t *a, const char *tumor_type)
{
    const char *parts[] = {a->gene, a->partner, onc_alt_kind_name(a->kind), a->alteration, a->consequence, tumor_type};
    onc_strbuf_clear(k);
    onc_rc rc = ONC_OK;
    for (size_t i = 0; i < sizeof parts / sizeof *parts && rc == ONC_OK; i++) {
        if (i) rc = onc_strbuf_putc(k, '\x1f');
        if (rc == ONC_OK && parts[i]) rc = onc_strbuf_puts(k, parts[i]);
    }
    return rc;
}

/* The annotation of a in tumor_type, from the cache or matched now (and cached while the
 * cache has room). NULL out of memory. */
static const annotation_t *lookup(onc_annotator_t *an, const onc_alt_t *a, const char *tumor_type)
{
    if (put_key(&an->key, a, tumor_type) != ONC_OK) return NULL;
    const size_t *hit = strmap_get(&an->cache, onc_strbuf_str(&an->key));
    if (hit) return &an->cached[*hit];
    annotation_t ann;
    if (annotate_alt(an, a, tumor_type, &ann) != ONC_OK) return NULL;
    if (an->n_cached < CACHE_MAX &&
        grow((void **)&an->cached, &an->m_cached, an->n_cached, sizeof *an->cached) == 0 &&
        strmap_put(&an->cache, onc_strbuf_str(&an->key), an->n_cached) == 0) {
        an->cached[an->n_cached] = ann;
        return &an->cached[an->n_cached++];
    }
    annotation_free(&an->scratch);
    an->scratch = ann;
    return &an->scratch;
}

/* ---- samples ---- */

static sample_stats_t *sample_of(onc_annotator_t *an, const char *name)
{
    const size_t *i = strmap_get(&an->sample_index, name);
    if (i) return &an->samples[*i];
    if (grow((void **)&an->samples, &an->m_samples, an->n_samples, sizeof *an->samples) < 0) return NULL;
    sample_stats_t *s = &an->samples[an->n_samples];
    memset(s, 0, sizeof *s);
    s->drivers = (onc_strbuf_t)ONC_STRBUF_INIT;
    if (!(s->name = strdup(name)) || strmap_put(&an->sample_index, name, an->n_samples) < 0) {
        free(s->name);
        return NULL;
    }
    s->tumor_type = tumor_type_of(an, name);
    an->n_samples++;
    return s;
}

/* Adds "GENE ALTERATION [GROUP]" ("EML4-ALK Fusion [ALK_FUSION]": a fusion's name holds its
 * genes) to the sample's drivers, and a copy of a to the alterations the classifier gets, once. */
static onc_rc add_driver(sample_stats_t *s, const onc_alt_t *a, const onc_kb_group_t *group)
{
    onc_strbuf_t one = ONC_STRBUF_INIT;
    const char *alteration = a->alteration ? a->alteration : "";
    onc_rc rc = a->kind == ONC_KIND_FUSION ? onc_strbuf_puts(&one, alteration)
                                           : onc_strbuf_printf(&one, "%s %s", a->gene ? a->gene : "", alteration);
    if (rc == ONC_OK) rc = onc_strbuf_printf(&one, " [%s]", group->id);
    if (rc == ONC_OK && list_has(onc_strbuf_str(&s->drivers), onc_strbuf_str(&one))) {
        onc_strbuf_free(&one);
        return ONC_OK;
    }
    if (rc == ONC_OK && s->drivers.len) rc = onc_strbuf_putc(&s->drivers, ';');
    if (rc == ONC_OK) rc = onc_strbuf_putsn(&s->drivers, onc_strbuf_str(&one), one.len);
    onc_strbuf_free(&one);
    if (rc == ONC_OK && grow((void **)&s->defining, &s->m_defining, s->n_defining, sizeof *s->defining) < 0)
        rc = ONC_ENOMEM;
    if (rc == ONC_OK && (rc = onc_alt_copy(&s->defining[s->n_defining], a)) == ONC_OK) s->n_defining++;
    return rc;
}

static onc_rc count_sample(onc_annotator_t *an, const onc_alt_t *a, const annotation_t *ann)
{
    if (!a->sample) {
        warn(an, 1, "alterations without a sample: not in the per-sample table");
        return ONC_OK;
    }
    sample_stats_t *s = sample_of(an, a->sample);
    if (!s) return ONC_ENOMEM;
    s->n_alterations++;
    if (!ann || !ann->cells) return ONC_OK;
    s->n_annotated++;
    s->n_oncogenic += ann->oncogenic;
    s->n_actionable += ann->actionable;
    return ann->group ? add_driver(s, a, ann->group) : ONC_OK;
}

/* ---- the classifier's group of a sample ---- */

/* The sample's group-defining alterations as a case's typed entries (io_case reads them back
 * as the same alterations). A variant keeps gene, alteration, consequence and HGVS; its exon
 * is not carried (a case derives it from a protein change; no group rule uses exons). */
static onc_rc fill_molecular(onc_case_t *c, onc_molecular_t *m, const onc_alt_t *alts, size_t n)
{
    size_t nv = 0, nf = 0, nc = 0;
    for (size_t i = 0; i < n; i++) {
        if (alts[i].kind == ONC_KIND_MUTATION) nv++;
        else if (alts[i].kind == ONC_KIND_FUSION) nf++;
        else nc++;
    }
    if ((nv && !(m->variants = onc_case_alloc(c, nv * sizeof *m->variants))) ||
        (nf && !(m->fusions = onc_case_alloc(c, nf * sizeof *m->fusions))) ||
        (nc && !(m->copy_number = onc_case_alloc(c, nc * sizeof *m->copy_number))))
        return ONC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const onc_alt_t *a = &alts[i];
        if (a->kind == ONC_KIND_MUTATION) {
            onc_case_variant_t *v = &m->variants[m->n_variants++];
            onc_case_variant_init(v);
            v->gene = a->gene, v->alteration = a->alteration, v->consequence = a->consequence;
            v->hgvsp = a->hgvsp, v->hgvsc = a->hgvsc, v->vaf = a->vaf, v->depth = a->depth, v->line = a->line;
        } else if (a->kind == ONC_KIND_FUSION) {
            m->fusions[m->n_fusions++] = (onc_case_fusion_t){a->gene, a->partner, a->line};
        } else { /* amplification, gain, loss, deletion: the only other kinds a group rule tests */
            onc_case_cna_t *cn = &m->copy_number[m->n_copy_number++];
            onc_case_cna_init(cn);
            cn->gene = a->gene, cn->call = a->kind, cn->copies = a->copies, cn->line = a->line;
        }
    }
    return ONC_OK;
}

/* The classification of one sample: a case named after it, with its tumor type and one sample
 * that holds its group-defining alterations (has_molecular 0: no file had a row of it). The
 * case borrows the alterations' strings; it is freed before they are. */
static onc_rc classify_sample(const onc_annotator_t *an, const char *name, const char *tumor_type,
                              const onc_alt_t *alts, size_t n, int has_molecular, onc_classification_t **out,
                              onc_err_t *err)
{
    onc_case_t *c = onc_case_new();
    onc_rc rc = c ? ONC_OK : ONC_ENOMEM;
    if (rc == ONC_OK && (!(c->id = c->name = onc_case_strdup(c, name)) ||
                         !(c->samples = onc_case_alloc(c, sizeof *c->samples)) ||
                         (tumor_type && !(c->diagnosis.oncotree_code = onc_case_strdup(c, tumor_type)))))
        rc = ONC_ENOMEM;
    if (rc == ONC_OK) {
        onc_sample_t *s = &c->samples[0];
        c->n_samples = 1;
        onc_sample_init(s);
        s->id = c->id, s->has_molecular = has_molecular, s->path = "molecular";
        rc = fill_molecular(c, &s->molecular, alts, n);
    }
    if (rc != ONC_OK) {
        onc_case_free(c);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    onc_classify_opts_t co;
    onc_classify_opts_init(&co);
    co.kb_dir = an->opts.reader_kb_dir;
    rc = onc_classify(c, an->kb, &co, out, err);
    onc_case_free(c);
    return rc;
}

/* molecular_group, primary_driver, not_assessed of one sample. A sample the classifier
 * refuses (a tumor type that is no OncoTree code) gets empty cells rather than stopping the
 * table; only memory exhaustion stops it. */
static onc_rc write_group(const onc_annotator_t *an, FILE *out, const char *name, const char *tumor_type,
                          const onc_alt_t *alts, size_t n, int has_molecular, onc_err_t *err)
{
    onc_classification_t *cl = NULL;
    onc_err_t e = {0};
    onc_rc rc = classify_sample(an, name, tumor_type, alts, n, has_molecular, &cl, &e);
    if (rc == ONC_ENOMEM) return onc_err_set(err, rc, "%s", e.msg);
    if (rc != ONC_OK) {
        fputs("\t\t\t", out);
        return ONC_OK;
    }
    fprintf(out, "\t%s\t%s\t", cl->group_id, cl->n_evidence ? cl->evidence[0] : "");
    for (size_t i = 0; i < cl->n_not_assessed; i++) fprintf(out, "%s%s", i ? ";" : "", cl->not_assessed[i]);
    onc_classification_free(cl);
    return ONC_OK;
}

onc_rc onc_annotator_write_samples(const onc_annotator_t *an, FILE *out, onc_err_t *err)
{
    fputs("sample\ttumor_type\tmolecular_group\tprimary_driver\tnot_assessed\tdrivers\tn_alterations\tn_annotated\t"
          "n_oncogenic\tn_actionable\n", out);
    onc_rc rc = ONC_OK;
    for (size_t i = 0; i < an->n_samples && rc == ONC_OK; i++) {
        const sample_stats_t *s = &an->samples[i];
        fprintf(out, "%s\t%s", s->name, s->tumor_type ? s->tumor_type : "");
        rc = write_group(an, out, s->name, s->tumor_type, s->defining, s->n_defining, 1, err);
        fprintf(out, "\t%s\t%llu\t%llu\t%llu\t%llu\n", s->drivers.len ? onc_strbuf_str(&s->drivers) : "",
                (unsigned long long)s->n_alterations, (unsigned long long)s->n_annotated,
                (unsigned long long)s->n_oncogenic, (unsigned long long)s->n_actionable);
    }
    for (size_t i = 0; i < an->n_clinical && rc == ONC_OK; i++) {
        if (strmap_get(&an->sample_index, an->clinical_samples[i])) continue;
        fprintf(out, "%s\t%s", an->clinical_samples[i], an->clinical_codes[i]);
        rc = write_group(an, out, an->clinical_samples[i], an->clinical_codes[i], NULL, 0, 0, err);
        fputs("\t\t0\t0\t0\t0\n", out);
    }
    if (rc != ONC_OK) return rc;
    if (ferror(out)) return onc_err_set(err, ONC_EIO, "cannot write the per-sample table: %s", strerror(errno));
    return ONC_OK;
}

/* ---- one file ---- */

/* One file being annotated: the line waiting for its alterations, and what goes after it. */
typedef struct pass {
    onc_annotator_t *an;
    FILE *out;
    onc_annotate_stats_t *st;
    const char *path;
    onc_strbuf_t line;     /* the pending line */
    uint64_t lineno;       /* its number, 0: none */
    onc_strbuf_t added;    /* its added cells (a row), or its long-form rows (a matrix) */
    int n_added;           /* alterations added to it */
    int header_done, matrix;
    onc_rc rc;             /* ONC_ENOMEM from the hook, reported after the reader returns */
    uint64_t n_row_errors, n_unmatched, n_no_tumor_type;
    char first_row_error[ONC_ERR_MSG_MAX], first_unmatched[ONC_ERR_MSG_MAX];
} pass_t;

static int is_skippable(const char *s, size_t n)
{
    if (!n || s[0] == '#') return 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

static void write_provenance(const onc_annotator_t *an, FILE *out)
{
    fprintf(out, "#KB_VERSION=%s (%s, %s)\n", onc_kb_version(an->kb), onc_kb_name(an->kb), onc_kb_date(an->kb));
    for (const char *const *h = an->opts.header; h && *h; h++) fprintf(out, "#%s\n", *h);
}

/* Writes the pending line: comment lines as they are, the header with the added columns
 * (after the provenance comments: the original comment lines stay on top),
 * rows with their added cells (empty when none), a matrix row as its long-form rows. */
static void flush(pass_t *p)
{
    if (!p->lineno) return;
    const char *s = onc_strbuf_str(&p->line);
    size_t n = p->line.len;
    if (is_skippable(s, n)) {
        fwrite(s, 1, n, p->out);
        fputc('\n', p->out);
        p->st->lines++;
    } else if (!p->header_done) {
        p->header_done = 1;
        write_provenance(p->an, p->out);
        if (p->matrix) fputs(MATRIX_COLUMNS "\t" ADDED_COLUMNS "\n", p->out);
        else fprintf(p->out, "%.*s\t%s\n", (int)n, s, ADDED_COLUMNS);
        p->st->lines++;
    } else if (p->matrix) {
        fwrite(onc_strbuf_str(&p->added), 1, p->added.len, p->out);
        p->st->lines += (uint64_t)p->n_added;
    } else {
        fwrite(s, 1, n, p->out);
        fputc('\t', p->out);
        fputs(p->n_added ? onc_strbuf_str(&p->added) : EMPTY_CELLS, p->out);
        fputc('\n', p->out);
        p->st->lines++;
    }
    p->lineno = 0;
    onc_strbuf_clear(&p->added);
    p->n_added = 0;
}

static void on_line(void *ctx, const char *line, size_t len, uint64_t lineno)
{
    pass_t *p = ctx;
    flush(p);
    onc_strbuf_clear(&p->line);
    if (onc_strbuf_putsn(&p->line, line, len) != ONC_OK) p->rc = ONC_ENOMEM;
    p->lineno = lineno;
}

/* The added cells of alteration a, appended to the pending line. */
static onc_rc add_alteration(pass_t *p, const onc_alt_t *a)
{
    const char *tumor_type = tumor_type_of(p->an, a->sample);
    const annotation_t *ann = lookup(p->an, a, tumor_type);
    if (!ann) return ONC_ENOMEM;
    p->st->alterations++;
    onc_strbuf_t *b = &p->added;
    onc_rc rc = ONC_OK;
    if (p->matrix)
        rc = onc_strbuf_printf(b, "%s\t%s\t%s\t%s\t", a->sample ? a->sample : "", tumor_type ? tumor_type : "",
                               a->gene ? a->gene : "", a->alteration ? a->alteration : "");
    else if (p->n_added++) /* a second alteration of one row: only the first is written */
        return ONC_OK;
    if (ann->cells) {
        p->st->annotated++;
        if (rc == ONC_OK) rc = onc_strbuf_puts(b, ann->cells);
    } else {
        p->st->unannotated++;
        if (!p->n_unmatched++)
            snprintf(p->first_unmatched, sizeof p->first_unmatched, "%s %s: %s", a->gene ? a->gene : "?",
                     a->alteration ? a->alteration : "?", ann->problem);
        if (rc == ONC_OK) rc = onc_strbuf_puts(b, EMPTY_CELLS);
    }
    if (rc == ONC_OK && p->matrix) {
        rc = onc_strbuf_putc(b, '\n');
        p->n_added++;
    }
    return rc == ONC_OK ? count_sample(p->an, a, ann) : rc;
}

/* The file's problems, each warned once with its count. */
static void warn_problems(pass_t *p)
{
    char msg[2 * ONC_ERR_MSG_MAX + 256];
    if (p->n_row_errors) {
        snprintf(msg, sizeof msg, "%s: rows the reader could not parse, added cells left empty (first: %s)",
                 p->path, p->first_row_error);
        warn(p->an, p->n_row_errors, msg);
    }
    if (p->n_unmatched) {
        snprintf(msg, sizeof msg, "%s: alterations the knowledge base could not read, added cells left empty "
                 "(first: %s)", p->path, p->first_unmatched);
        warn(p->an, p->n_unmatched, msg);
    }
    if (p->n_no_tumor_type) {
        snprintf(msg, sizeof msg, "%s: alterations of samples without a tumor type (give --tumor-type or "
                 "--clinical): levels across every tumor type", p->path);
        warn(p->an, p->n_no_tumor_type, msg);
    }
}

static onc_rc read_all(pass_t *p, onc_reader_t *r, onc_err_t *err)
{
    onc_alt_t a;
    int ret;
    while ((ret = onc_reader_next(r, &a)) != -1 && p->rc == ONC_OK) {
        if (ret < -1) {
            if (onc_reader_failed(r)) return onc_err_set(err, ONC_EPARSE, "%s", onc_reader_errmsg(r));
            p->st->unannotated++; /* the pending row is written with empty added cells */
            if (!p->n_row_errors++)
                snprintf(p->first_row_error, sizeof p->first_row_error, "%s", onc_reader_errmsg(r));
            continue;
        }
        if (!tumor_type_of(p->an, a.sample)) p->n_no_tumor_type++;
        p->rc = add_alteration(p, &a);
    }
    warn_problems(p);
    if (p->rc != ONC_OK) return onc_err_set(err, p->rc, "%s: out of memory", p->path);
    for (size_t i = 0; i < onc_reader_n_warnings(r); i++) {
        char msg[ONC_ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s: %s", p->path, onc_reader_warning(r, i));
        warn(p->an, onc_reader_warning_count(r, i), msg);
    }
    return ONC_OK;
}

onc_rc onc_annotate_file(onc_annotator_t *an, const char *path, FILE *out, onc_annotate_stats_t *st,
                         onc_err_t *err)
{
    pass_t p;
    memset(&p, 0, sizeof p);
    p.an = an, p.out = out, p.st = st, p.path = path;
    memset(st, 0, sizeof *st);
    onc_read_opts_t ro;
    onc_read_opts_init(&ro);
    ro.kb_dir = an->opts.reader_kb_dir;
    ro.on_line = on_line;
    ro.on_line_ctx = &p;
    ro.continue_after_row_error = 1;
    onc_reader_t *r = onc_reader_open(path, &ro, err);
    onc_rc rc = r ? ONC_OK : (err ? err->code : ONC_EIO);
    onc_format f = r ? onc_reader_format(r) : ONC_FMT_AUTO;
    if (r && f != ONC_FMT_MAF && f != ONC_FMT_FUSION && f != ONC_FMT_CNA)
        rc = onc_err_set(err, ONC_EFORMAT, "%s: a %s file: annotate takes MAF, fusion and copy-number tables", path,
                         onc_format_name(f));
    if (rc == ONC_OK) {
        p.matrix = onc_reader_is_matrix(r);
        rc = read_all(&p, r, err);
        flush(&p);
    }
    onc_reader_close(r);
    onc_strbuf_free(&p.line);
    onc_strbuf_free(&p.added);
    if (rc == ONC_OK && ferror(out)) rc = onc_err_set(err, ONC_EIO, "cannot write the output: %s", strerror(errno));
    return rc;
}
