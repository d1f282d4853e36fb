/* kb_import.c: one import from start to end (see kb_import.h).
 *
 * The source passes (kb_import_civic.c, kb_import_oncokb.c) read their rows and hand over
 * entries, sources and skip reasons; this file collects them, merges entries that say the
 * same thing (CIViC often has several evidence items, one per paper, for the same variant,
 * disease, therapy and effect: one entry with all their sources is what `kb validate` accepts
 * and what a report should show), and hands the result to the writer. The mapping tables
 * (OncoTree, kb/doid_oncotree.tsv, gene aliases and exons) are loaded once per import.
 */
#include "kb_import_int.h"
#include "oncoboard/kb.h"
#include "oncoboard/kbfile.h"

#include <htslib/khash.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

KHASH_MAP_INIT_STR(kbi_idx, size_t)

typedef struct kbi_counter { char *text; uint64_t count; } kbi_counter_t;
typedef struct kbi_counters { kbi_counter_t *v; size_t n, m; } kbi_counters_t;

struct onc_kbi_report {
    char label[96];
    char layout[96];
    uint64_t rows, entries;
    size_t genes, sources;
    kbi_counters_t skips, listed, warnings;
    uint64_t listed_dropped;
};

typedef struct doid_row { char doid[16]; char code[32]; } doid_row_t;

struct kbi_import {
    const onc_kbi_opts_t *opts;
    onc_kbi_report_t *report;
    char date[11], db_key[48];
    onc_oncotree_t *tree;
    onc_genes_t *genes;
    doid_row_t *doids;
    size_t n_doids;
    kbi_stored_entry_t *entries;
    size_t n_entries, m_entries;
    kbi_stored_source_t *sources;
    size_t n_sources, m_sources;
    khash_t(kbi_idx) *entry_index, *source_index;
    khash_t(kbi_idx) *known_genes; /* genes.tsv's genes -> index into roles; NULL: not checked */
    struct kbi_gene_row { char *role, *sources; } *roles; /* genes.tsv's row of each of them */
    size_t n_roles;
    int genes_sources_copied;      /* the sources genes.tsv cites for the evidence genes are in */
};

/* ---- small helpers ---- */

int kbi_is_digits(const char *s)
{
    size_t n = strspn(s, "0123456789");
    return n > 0 && n <= 12 && s[n] == '\0';
}

int kbi_is_date(const char *s)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-') return 0;
        } else if (s[i] < '0' || s[i] > '9') return 0;
    }
    if (s[10]) return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

int kbi_is_gene_symbol(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 31 || s[0] == '.' || s[0] == '-') return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

int kbi_lower(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s);
    if (n + 1 > cap) return -1;
    for (size_t i = 0; i <= n; i++) out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    return 0;
}

/* ---- counters (skip reasons, listed items) ---- */

static onc_rc count_text(kbi_counters_t *c, const char *text, size_t max, uint64_t *dropped)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].text, text) == 0) {
            c->v[i].count++;
            return ONC_OK;
        }
    if (c->n == max) {
        if (dropped) (*dropped)++;
        return ONC_OK;
    }
    if (c->n == c->m) {
        size_t m = c->m ? 2 * c->m : 16;
        kbi_counter_t *v = realloc(c->v, m * sizeof *v);
        if (!v) return ONC_ENOMEM;
        c->v = v;
        c->m = m;
    }
    if (!(c->v[c->n].text = strdup(text))) return ONC_ENOMEM;
    c->v[c->n++].count = 1;
    return ONC_OK;
}

onc_rc kbi_skip(kbi_import_t *im, const char *reason, const char *detail)
{
    onc_rc rc = count_text(&im->report->skips, reason, (size_t)-1, NULL);
    if (!rc && detail)
        rc = count_text(&im->report->listed, detail, ONC_KBI_LIST_MAX, &im->report->listed_dropped);
    return rc;
}

static void counters_free(kbi_counters_t *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->v[i].text);
    free(c->v);
}

/* ---- the report ---- */

void onc_kbi_report_free(onc_kbi_report_t *r)
{
    if (!r) return;
    counters_free(&r->skips);
    counters_free(&r->listed);
    counters_free(&r->warnings);
    free(r);
}

const char *onc_kbi_report_label(const onc_kbi_report_t *r) { return r->label; }
const char *onc_kbi_report_layout(const onc_kbi_report_t *r) { return r->layout; }
uint64_t onc_kbi_report_rows(const onc_kbi_report_t *r) { return r->rows; }
uint64_t onc_kbi_report_entries(const onc_kbi_report_t *r) { return r->entries; }
size_t onc_kbi_report_genes(const onc_kbi_report_t *r) { return r->genes; }
size_t onc_kbi_report_sources(const onc_kbi_report_t *r) { return r->sources; }
size_t onc_kbi_report_n_skips(const onc_kbi_report_t *r) { return r->skips.n; }
size_t onc_kbi_report_n_listed(const onc_kbi_report_t *r) { return r->listed.n; }

const char *onc_kbi_report_skip(const onc_kbi_report_t *r, size_t i, uint64_t *count)
{
    if (i >= r->skips.n) return NULL;
    if (count) *count = r->skips.v[i].count;
    return r->skips.v[i].text;
}

const char *onc_kbi_report_listed(const onc_kbi_report_t *r, size_t i)
{
    return i < r->listed.n ? r->listed.v[i].text : NULL;
}

size_t onc_kbi_report_n_warnings(const onc_kbi_report_t *r) { return r->warnings.n; }
const char *onc_kbi_report_warning(const onc_kbi_report_t *r, size_t i)
{
    return i < r->warnings.n ? r->warnings.v[i].text : NULL;
}

/* ---- accessors for the source passes ---- */

const char *kbi_date(const kbi_import_t *im) { return im->date; }
const char *kbi_db_source(const kbi_import_t *im) { return im->db_key; }
const onc_oncotree_t *kbi_tree(const kbi_import_t *im) { return im->tree; }
const onc_genes_t *kbi_genes(const kbi_import_t *im) { return im->genes; }
const char *kbi_variants_path(const kbi_import_t *im) { return im->opts->variants; }
void kbi_count_row(kbi_import_t *im) { im->report->rows++; }

void kbi_set_layout(kbi_import_t *im, const char *layout)
{
    snprintf(im->report->layout, sizeof im->report->layout, "%s", layout);
}

const char *kbi_doid_code(const kbi_import_t *im, const char *doid)
{
    if (strncasecmp(doid, "DOID:", 5) == 0) doid += 5;
    for (size_t i = 0; i < im->n_doids; i++)
        if (strcmp(im->doids[i].doid, doid) == 0) return im->doids[i].code;
    return NULL;
}

const char *kbi_tumor_code_by_name(const kbi_import_t *im, const char *name)
{
    const onc_tumor_type_t *found[2];
    if (onc_oncotree_find_name(im->tree, name, found, 2) == 1) return onc_tumor_type_code(found[0]);
    const onc_tumor_type_t *n = onc_oncotree_find(im->tree, name);
    return n ? onc_tumor_type_code(n) : NULL;
}

int kbi_gene_known(const kbi_import_t *im, const char *gene)
{
    return !im->known_genes || kh_get(kbi_idx, im->known_genes, gene) != kh_end(im->known_genes);
}

/* The knowledge base's genes.tsv row of gene, or NULL. */
static const struct kbi_gene_row *gene_row(const kbi_import_t *im, const char *gene)
{
    khiter_t k = im->known_genes ? kh_get(kbi_idx, im->known_genes, gene) : 0;
    return im->known_genes && k != kh_end(im->known_genes) ? &im->roles[kh_val(im->known_genes, k)] : NULL;
}

/* For the import's own genes.tsv: the role and the sources cell as the knowledge base has them. */
static const char *gene_role(const void *ctx, const char *gene, const char **sources)
{
    const struct kbi_gene_row *row = gene_row(ctx, gene);
    *sources = row ? row->sources : NULL;
    return row ? row->role : NULL;
}

/* ---- entries and sources ---- */

static void list_free(kbi_list_t *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static onc_rc list_copy(kbi_list_t *l, const char *const *v, size_t n)
{
    if (!(l->v = calloc(n ? n : 1, sizeof *l->v))) return ONC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!(l->v[i] = strdup(v[i]))) return ONC_ENOMEM;
        l->n = i + 1;
    }
    return ONC_OK;
}

static int list_has(const kbi_list_t *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0) return 1;
    return 0;
}

static onc_rc list_add(kbi_list_t *l, const char *s)
{
    if (list_has(l, s)) return ONC_OK;
    char **v = realloc(l->v, (l->n + 1) * sizeof *v);
    if (!v) return ONC_ENOMEM;
    l->v = v;
    if (!(l->v[l->n] = strdup(s))) return ONC_ENOMEM;
    l->n++;
    return ONC_OK;
}

static void entry_free(kbi_stored_entry_t *e)
{
    free(e->gene);
    free(e->id);
    free(e->level);
    free(e->reviewed);
    list_free(&e->alterations);
    list_free(&e->tumor_types);
    list_free(&e->agents);
    list_free(&e->sources);
    onc_strbuf_free(&e->note);
}

/* The key two entries share when they say the same thing: '\x1f'-separated fields. */
static onc_rc entry_key(const kbi_entry_t *e, onc_strbuf_t *k)
{
    onc_rc rc = onc_strbuf_printf(k, "%s\x1f%s", e->gene, e->effect);
    for (size_t i = 0; !rc && i < e->n_alterations; i++) rc = onc_strbuf_printf(k, "\x1f" "a%s", e->alterations[i]);
    for (size_t i = 0; !rc && i < e->n_tumor_types; i++) rc = onc_strbuf_printf(k, "\x1f" "t%s", e->tumor_types[i]);
    for (size_t i = 0; !rc && i < e->n_agents; i++) rc = onc_strbuf_printf(k, "\x1f" "d%s", e->agents[i]);
    return rc;
}

/* Joins note to an entry's note, stopping (with an ellipsis, once) at KBI_NOTE_MAX. */
static onc_rc note_append(onc_strbuf_t *note, const char *text)
{
    if (!text || !*text) return ONC_OK;
    size_t sep = note->len ? 2 : 0, n = strlen(text);
    if (note->len >= KBI_NOTE_MAX) return ONC_OK;
    if (note->len + sep + n > KBI_NOTE_MAX) return onc_strbuf_puts(note, sep ? "; ..." : "...");
    if (sep && onc_strbuf_puts(note, "; ")) return ONC_ENOMEM;
    return onc_strbuf_puts(note, text);
}

static onc_rc merge_entry(kbi_stored_entry_t *s, const kbi_entry_t *e)
{
    for (size_t i = 0; i < e->n_sources; i++)
        if (list_add(&s->sources, e->sources[i])) return ONC_ENOMEM;
    /* a later review date wins: it says when the newest of the merged items was reviewed */
    if (strcmp(e->reviewed, s->reviewed) > 0) {
        char *r = strdup(e->reviewed);
        if (!r) return ONC_ENOMEM;
        free(s->reviewed);
        s->reviewed = r;
    }
    if (e->level && (!s->level || strcmp(e->level, s->level) != 0)) {
        char buf[64];
        snprintf(buf, sizeof buf, "also level %s", e->level);
        if (!s->level) {
            if (!(s->level = strdup(e->level))) return ONC_ENOMEM;
        } else if (note_append(&s->note, buf)) return ONC_ENOMEM;
    }
    return note_append(&s->note, e->note);
}

static onc_rc store_entry(kbi_import_t *im, const kbi_entry_t *e, kbi_stored_entry_t *s)
{
    memset(s, 0, sizeof *s);
    s->effect = e->effect;
    s->order = im->n_entries;
    s->note.cap = KBI_NOTE_MAX + 16;
    if (!(s->gene = strdup(e->gene)) || !(s->id = strdup(e->id)) ||
        !(s->reviewed = strdup(e->reviewed)) || (e->level && !(s->level = strdup(e->level))) ||
        list_copy(&s->alterations, e->alterations, e->n_alterations) ||
        list_copy(&s->tumor_types, e->tumor_types, e->n_tumor_types) ||
        list_copy(&s->agents, e->agents, e->n_agents) ||
        list_copy(&s->sources, e->sources, e->n_sources) || note_append(&s->note, e->note)) {
        entry_free(s);
        return ONC_ENOMEM;
    }
    return ONC_OK;
}

onc_rc kbi_add_entry(kbi_import_t *im, const kbi_entry_t *e, onc_err_t *err)
{
    onc_strbuf_t key = ONC_STRBUF_INIT;
    onc_rc rc = entry_key(e, &key);
    if (rc) goto done;
    khiter_t k = kh_get(kbi_idx, im->entry_index, key.s);
    if (k != kh_end(im->entry_index)) {
        rc = merge_entry(&im->entries[kh_val(im->entry_index, k)], e);
        goto done;
    }
    if (im->n_entries == KBI_ENTRIES_MAX) {
        rc = onc_err_set(err, ONC_ELIMIT, "more than %d entries", KBI_ENTRIES_MAX);
        goto done;
    }
    if (im->n_entries == im->m_entries) {
        size_t m = im->m_entries ? 2 * im->m_entries : 256;
        kbi_stored_entry_t *v = realloc(im->entries, m * sizeof *v);
        if (!v) { rc = ONC_ENOMEM; goto done; }
        im->entries = v;
        im->m_entries = m;
    }
    if ((rc = store_entry(im, e, &im->entries[im->n_entries]))) goto done;
    int absent;
    k = kh_put(kbi_idx, im->entry_index, key.s, &absent);
    if (absent < 0) {
        entry_free(&im->entries[im->n_entries]);
        rc = ONC_ENOMEM;
        goto done;
    }
    key.s = NULL; /* the hash owns the key now */
    kh_val(im->entry_index, k) = im->n_entries++;
done:
    onc_strbuf_free(&key);
    if (rc == ONC_ENOMEM) onc_err_set(err, rc, "out of memory");
    return rc;
}

static void source_free(kbi_stored_source_t *s)
{
    free(s->key);
    free(s->kind);
    free(s->citation);
    free(s->pmid);
    free(s->url);
    free(s->trial);
    free(s->doi);
    free(s->accessed);
}

/* A copy of an optional string: NULL for NULL or "", else strdup (*ok cleared when it fails). */
static char *opt_dup(const char *s, int *ok)
{
    if (!s || !*s) return NULL;
    char *d = strdup(s);
    if (!d) *ok = 0;
    return d;
}

onc_rc kbi_add_source(kbi_import_t *im, const kbi_source_t *src, onc_err_t *err)
{
    if (kh_get(kbi_idx, im->source_index, src->key) != kh_end(im->source_index)) return ONC_OK;
    if (im->n_sources == im->m_sources) {
        size_t m = im->m_sources ? 2 * im->m_sources : 256;
        kbi_stored_source_t *v = realloc(im->sources, m * sizeof *v);
        if (!v) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        im->sources = v;
        im->m_sources = m;
    }
    kbi_stored_source_t *s = &im->sources[im->n_sources];
    memset(s, 0, sizeof *s);
    int ok = 1, absent = 0;
    s->doi = opt_dup(src->doi, &ok);
    s->accessed = opt_dup(src->accessed, &ok);
    s->key = opt_dup(src->key, &ok);
    s->kind = opt_dup(src->kind, &ok);
    s->citation = opt_dup(src->citation, &ok);
    s->pmid = opt_dup(src->pmid, &ok);
    s->url = opt_dup(src->url, &ok);
    s->trial = opt_dup(src->trial, &ok);
    if (!ok || !s->key || !s->kind || !s->citation) {
        source_free(s);
        return ok ? onc_err_set(err, ONC_EINTERNAL, "a source without key, kind or citation")
                  : onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    khiter_t k = kh_put(kbi_idx, im->source_index, s->key, &absent);
    if (absent < 0) {
        source_free(s);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    kh_val(im->source_index, k) = im->n_sources++;
    return ONC_OK;
}

/* ---- setting up ---- */

/* The release date: opts->date, else "YYYY-MM-DD" or CIViC's "DD-Mon-YYYY" in the file name,
 * else today (UTC). */
static onc_rc pick_date(const onc_kbi_opts_t *o, char out[11], onc_err_t *err)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char today[11];
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || !strftime(today, sizeof today, "%Y-%m-%d", &tm))
        return onc_err_set(err, ONC_EINTERNAL, "cannot read the clock");
    if (o->date) {
        if (!kbi_is_date(o->date))
            return onc_err_set(err, ONC_EINVAL, "--date %s: not a date YYYY-MM-DD", o->date);
        /* kb validate refuses dates in the future */
        if (strcmp(o->date, today) > 0)
            return onc_err_set(err, ONC_EINVAL, "--date %s: in the future (today is %s)", o->date, today);
        memcpy(out, o->date, 11);
        return ONC_OK;
    }
    const char *base = strrchr(o->input, '/');
    base = base ? base + 1 : o->input;
    for (const char *p = base; strlen(p) >= 10; p++) {
        char c[11];
        memcpy(c, p, 10);
        c[10] = '\0';
        if (kbi_is_date(c) && strcmp(c, today) <= 0) { memcpy(out, c, 11); return ONC_OK; }
        if (strlen(p) >= 11 && p[2] == '-' && p[6] == '-')
            for (int m = 0; m < 12; m++)
                if (strncmp(p + 3, months[m], 3) == 0) {
                    if (snprintf(c, sizeof c, "%.4s-%02d-%.2s", p + 7, m + 1, p) == 10 && kbi_is_date(c) &&
                        strcmp(c, today) <= 0) {
                        memcpy(out, c, 11);
                        return ONC_OK;
                    }
                }
    }
    memcpy(out, today, 11);
    return ONC_OK;
}

static onc_rc load_doids(kbi_import_t *im, onc_err_t *err)
{
    onc_kb_text_t text = {0};
    onc_kb_rows_t r;
    int col[2], ret;
    static const char *const want[] = {"doid", "oncotree", NULL};
    onc_rc rc = onc_kb_text_load(&text, im->opts->kb_dir, "doid_oncotree.tsv", err);
    if (rc || (rc = onc_kb_rows_open(&r, &text, err)) || (rc = onc_kb_rows_columns(&r, want, col)))
        goto done;
    while ((ret = onc_kb_rows_next(&r)) > 0) {
        const char *doid = onc_kb_rows_cell(&r, col[0]), *code = onc_kb_rows_cell(&r, col[1]);
        if (!kbi_is_digits(doid) || strlen(code) >= sizeof im->doids[0].code) {
            rc = onc_kb_rows_fail(&r, ONC_EPARSE, "doid", "not a DOID number with a code");
            goto done;
        }
        if (!onc_oncotree_find(im->tree, code)) {
            rc = onc_kb_rows_fail(&r, ONC_EPARSE, "oncotree", "%s is not an OncoTree code", code);
            goto done;
        }
        doid_row_t *v = realloc(im->doids, (im->n_doids + 1) * sizeof *v);
        if (!v) { rc = onc_err_set(err, ONC_ENOMEM, "out of memory"); goto done; }
        im->doids = v;
        snprintf(v[im->n_doids].doid, sizeof v->doid, "%s", doid);
        snprintf(v[im->n_doids].code, sizeof v->code, "%s", code);
        im->n_doids++;
    }
    if (ret < 0) rc = r.rc;
done:
    onc_kb_text_free(&text);
    return rc;
}

/* The genes of the knowledge base's genes.tsv, which `kb validate` holds evidence files to.
 * A knowledge base without one (the curated genes.tsv is not built in yet, or --kb DIR lacks
 * it) leaves the genes unchecked, with a warning; a damaged one is an error. */
static onc_rc add_known_gene(kbi_import_t *im, const char *gene, const char *role, const char *sources,
                             onc_err_t *err)
{
    int absent;
    struct kbi_gene_row *v = realloc(im->roles, (im->n_roles + 1) * sizeof *v);
    char *key = strdup(gene);
    if (v) im->roles = v;
    if (v) v[im->n_roles].role = strdup(role), v[im->n_roles].sources = strdup(sources);
    if (!v || !key || !v[im->n_roles].role || !v[im->n_roles].sources) {
        if (v) free(v[im->n_roles].role), free(v[im->n_roles].sources);
        free(key);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    khiter_t k = kh_put(kbi_idx, im->known_genes, key, &absent);
    if (absent <= 0) free(key); /* a repeated gene (kb validate's business), or no memory */
    if (absent < 0) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (absent) kh_val(im->known_genes, k) = im->n_roles;
    im->n_roles++;
    return ONC_OK;
}

static onc_rc load_known_genes(kbi_import_t *im, onc_err_t *err)
{
    onc_kb_text_t text = {0};
    onc_kb_rows_t r;
    int col[3], ret = 0;
    static const char *const want[] = {"gene", "role", "sources", NULL};
    onc_err_t missing = {0};
    if (onc_kb_text_load(&text, im->opts->kb_dir, "genes.tsv", &missing) != ONC_OK) {
        char msg[ONC_ERR_MSG_MAX + 64];
        snprintf(msg, sizeof msg, "genes not checked against genes.tsv, no genes.tsv written (%s)", missing.msg);
        return count_text(&im->report->warnings, msg, 16, NULL) ? onc_err_set(err, ONC_ENOMEM, "out of memory") : ONC_OK;
    }
    onc_rc rc = onc_kb_rows_open(&r, &text, err);
    if (!rc) rc = onc_kb_rows_columns(&r, want, col);
    if (!rc && !(im->known_genes = kh_init(kbi_idx))) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    while (!rc && (ret = onc_kb_rows_next(&r)) > 0)
        rc = add_known_gene(im, onc_kb_rows_cell(&r, col[0]), onc_kb_rows_cell(&r, col[1]),
                            onc_kb_rows_cell(&r, col[2]), err);
    if (!rc && ret < 0) rc = r.rc;
    onc_kb_text_free(&text);
    return rc;
}

static void import_free(kbi_import_t *im)
{
    for (size_t i = 0; i < im->n_entries; i++) entry_free(&im->entries[i]);
    free(im->entries);
    for (size_t i = 0; i < im->n_sources; i++) source_free(&im->sources[i]);
    free(im->sources);
    if (im->entry_index) {
        for (khiter_t k = kh_begin(im->entry_index); k != kh_end(im->entry_index); k++)
            if (kh_exist(im->entry_index, k)) free((char *)kh_key(im->entry_index, k));
        kh_destroy(kbi_idx, im->entry_index);
    }
    if (im->source_index) kh_destroy(kbi_idx, im->source_index); /* keys belong to sources */
    if (im->known_genes) {
        for (khiter_t k = kh_begin(im->known_genes); k != kh_end(im->known_genes); k++)
            if (kh_exist(im->known_genes, k)) free((char *)kh_key(im->known_genes, k));
        kh_destroy(kbi_idx, im->known_genes);
    }
    for (size_t i = 0; i < im->n_roles; i++) free(im->roles[i].role), free(im->roles[i].sources);
    free(im->roles);
    free(im->doids);
    onc_genes_free(im->genes);
    onc_oncotree_free(im->tree);
}

static onc_rc import_init(kbi_import_t *im, const onc_kbi_opts_t *o, onc_err_t *err)
{
    memset(im, 0, sizeof *im);
    im->opts = o;
    if (!(im->report = calloc(1, sizeof *im->report)) || !(im->entry_index = kh_init(kbi_idx)) ||
        !(im->source_index = kh_init(kbi_idx)))
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = pick_date(o, im->date, err);
    if (rc) return rc;
    const char *name = o->source == ONC_KBI_CIVIC ? "CIViC" : "OncoKB export";
    snprintf(im->report->label, sizeof im->report->label, "%s %s", name, im->date);
    snprintf(im->db_key, sizeof im->db_key, "%s_%.4s_%.2s_%.2s",
             o->source == ONC_KBI_CIVIC ? "CIVIC" : "ONCOKB_EXPORT", im->date, im->date + 5,
             im->date + 8);
    if (!(im->tree = onc_oncotree_load(o->kb_dir, err)) || !(im->genes = onc_genes_load(o->kb_dir, err)))
        return err && err->code ? err->code : ONC_EINTERNAL;
    return (rc = load_doids(im, err)) ? rc : load_known_genes(im, err);
}

/* The directory must not exist (unless force): said before reading a large file. */
static onc_rc check_out_dir(const onc_kbi_opts_t *o, onc_err_t *err)
{
    FILE *probe;
    if (!o->out_dir || !*o->out_dir) return onc_err_set(err, ONC_EINVAL, "no output directory");
    if (!o->force && (probe = fopen(o->out_dir, "r"))) {
        fclose(probe);
        return onc_err_set(err, ONC_EINVAL,
                           "%s exists: choose a new directory, or --force to replace it", o->out_dir);
    }
    return ONC_OK;
}

/* Copies a source of the knowledge base into the import, under the same key. */
static onc_rc copy_source(kbi_import_t *im, const onc_kb_source_t *s, onc_err_t *err)
{
    kbi_source_t src = {.key = s->key, .kind = s->kind, .citation = s->citation, .pmid = s->pmid, .doi = s->doi,
                        .url = s->url, .trial = s->trial, .accessed = s->accessed};
    return kbi_add_source(im, &src, err);
}

/* A knowledge-base directory needs a genes.tsv, whose rows cite sources: the import's own
 * carries the knowledge base's rows for the evidence genes, and copies of the sources they cite
 * (which needs the knowledge base itself; without it, no genes.tsv and a warning). */
static onc_rc copy_gene_sources(kbi_import_t *im, onc_err_t *err)
{
    onc_err_t why = {0};
    onc_kb_t *kb = onc_kb_load(im->opts->kb_dir, &why);
    onc_rc rc = ONC_OK;
    if (!kb) {
        char msg[ONC_ERR_MSG_MAX + 64];
        snprintf(msg, sizeof msg, "no genes.tsv written: the knowledge base did not load (%s)", why.msg);
        return count_text(&im->report->warnings, msg, 16, NULL) ? onc_err_set(err, ONC_ENOMEM, "out of memory") : ONC_OK;
    }
    for (size_t i = 0; !rc && i < im->n_entries; i++) {
        const struct kbi_gene_row *row = gene_row(im, im->entries[i].gene);
        char keys[1024];
        snprintf(keys, sizeof keys, "%s", row ? row->sources : "");
        for (char *p = keys, *key; !rc && (key = strsep(&p, ",;"));) {
            while (*key == ' ') key++;
            for (size_t n = strlen(key); n && key[n - 1] == ' ';) key[--n] = '\0';
            const onc_kb_source_t *s = *key ? onc_kb_source_find(kb, key) : NULL;
            if (s) rc = copy_source(im, s, err);
        }
    }
    im->genes_sources_copied = !rc;
    onc_kb_free(kb);
    return rc;
}

static onc_rc write_output(kbi_import_t *im, onc_err_t *err)
{
    char description[512], comment[1024];
    int civic = im->opts->source == ONC_KBI_CIVIC;
    snprintf(description, sizeof description,
             "%s, imported by oncoboard kb import %s: a separate, labelled source, not curated by "
             "this project (every entry verified: false)",
             im->report->label, civic ? "civic" : "oncokb");
    snprintf(comment, sizeof comment,
             "# %s: written by `oncoboard kb import %s` from %s (docs/kb-import.md).\n"
             "# %s\n"
             "# Imported entries are not curated by this project: each says verified: false and\n"
             "# its note names the original record.\n",
             im->report->label, civic ? "civic" : "oncokb", im->opts->input,
             civic ? "CIViC content is public domain (CC0): https://civicdb.org"
                   : "OncoKB content is licensed to its user: never add it to kb/ or redistribute it");
    kbi_output_t out = {im->report->label, description, im->date, comment, im->entries,
                        im->n_entries, im->sources, im->n_sources, NULL, NULL};
    onc_rc rc = im->known_genes && im->n_entries ? copy_gene_sources(im, err) : ONC_OK;
    if (rc) return rc;
    if (im->genes_sources_copied) {
        out.sources = im->sources;
        out.n_sources = im->n_sources;
        out.gene_role = gene_role;
        out.role_ctx = im;
    }
    return kbi_write_dir(&out, im->opts->out_dir, im->opts->force, &im->report->genes, err);
}

onc_rc onc_kb_import(const onc_kbi_opts_t *opts, onc_kbi_report_t **report, onc_err_t *err)
{
    *report = NULL;
    kbi_import_t im;
    kbi_table_t *t = NULL;
    onc_rc rc = check_out_dir(opts, err);
    if (rc) return rc;
    if ((rc = import_init(&im, opts, err))) goto done;
    if (!(t = kbi_table_open(opts->input, opts->source == ONC_KBI_CIVIC, err))) { rc = err->code; goto done; }
    kbi_table_set_err(t, err);
    rc = opts->source == ONC_KBI_CIVIC ? kbi_import_civic(&im, t, err) : kbi_import_oncokb(&im, t, err);
    if (rc || (rc = write_output(&im, err))) goto done;
    im.report->entries = im.n_entries;
    im.report->sources = im.n_sources; /* the gene-roles source included */
    *report = im.report;
    im.report = NULL;
done:
    kbi_table_close(t);
    onc_kbi_report_free(im.report);
    import_free(&im);
    return rc;
}
