/* model_gene.c: gene symbol aliases and the exons of canonical transcripts (see gene.h).
 *
 * Both tables are small TSV files in kb/ (gene_aliases.tsv, gene_exons.tsv), read once through
 * onc_kb_text_load and the kb row cursor into their text, which the rows point into. Lookups are
 * linear or binary searches over a few hundred rows: nothing here is on a hot path that would
 * justify a hash table. A bad row stops the load with an error naming the file and line, because a
 * silently skipped alias would quietly change which gene a variant is reported on.
 */
#include <ctype.h>
#include "oncoboard/gene.h"

#include "oncoboard/alteration.h"
#include "oncoboard/kbfile.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GENE_ROWS_MAX 100000 /* per table; the shipped ones hold hundreds */
#define SYMBOL_MAX 64        /* longer is not a gene symbol */
#define EXON_MAX 1000
#define CDS_MAX 1000000 /* c. positions; titin's coding sequence is ~108,000 bases */

typedef struct alias_row { const char *alias, *symbol; } alias_row_t;
typedef struct exon_row {
    const char *gene, *transcript;
    int32_t exon, cds_start, cds_end; /* first and last coding base in the exon (c.) */
} exon_row_t;

struct onc_genes {
    onc_kb_text_t alias_text, exon_text; /* the rows point into these */
    alias_row_t *aliases;
    size_t n_aliases, cap_aliases;
    exon_row_t *exons;
    size_t n_exons, cap_exons;
};

#define FAIL(r, field, what) onc_kb_rows_fail(r, ONC_EPARSE, field, "%s", what)

/* A gene symbol: upper-case letters, digits, '-', '.', '_' (HGNC uses these), capped. */
static int is_symbol(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > SYMBOL_MAX) return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' || *s == '_'))
            return 0;
    return 1;
}

static int read_int(const char *s, int32_t lo, int32_t hi, int32_t *out)
{
    char *end;
    if (!*s) return 0;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi) return 0;
    *out = (int32_t)v;
    return 1;
}

static int alias_cmp(const void *a, const void *b)
{
    return strcasecmp(((const alias_row_t *)a)->alias, ((const alias_row_t *)b)->alias);
}

/* Room for one more row in *rows (n used, *cap allocated). */
static onc_rc grow(void **rows, size_t n, size_t *cap, size_t size, const onc_kb_rows_t *r)
{
    if (n >= GENE_ROWS_MAX) return onc_kb_rows_fail(r, ONC_ELIMIT, NULL, "more than %d rows", GENE_ROWS_MAX);
    if (n < *cap) return ONC_OK;
    size_t want = *cap ? 2 * *cap : 64;
    void *p = realloc(*rows, want * size);
    if (!p) return onc_kb_rows_fail(r, ONC_ENOMEM, NULL, "out of memory");
    *rows = p;
    *cap = want;
    return ONC_OK;
}

/* The columns, found by name in the header; kind is previous or alias. */
enum { A_ALIAS, A_SYMBOL, A_HGNC, A_KIND, A_VERIFIED, A_SOURCE, A_NCOLS };
static const char *const alias_cols[A_NCOLS + 1] = {"alias", "symbol", "hgnc_id", "kind", "verified", "source", NULL};

static onc_rc parse_alias_row(const onc_kb_rows_t *r, const int *col, alias_row_t *row)
{
    const char *c[A_NCOLS];
    for (int i = 0; i < A_NCOLS; i++) c[i] = onc_kb_rows_cell(r, col[i]);
    if (!is_symbol(c[A_ALIAS])) return FAIL(r, "alias", "not a gene symbol (upper case, digits, - . _)");
    if (!is_symbol(c[A_SYMBOL])) return FAIL(r, "symbol", "not a gene symbol (upper case, digits, - . _)");
    int32_t id;
    if (strncmp(c[A_HGNC], "HGNC:", 5) || !read_int(c[A_HGNC] + 5, 1, INT32_MAX, &id))
        return FAIL(r, "hgnc_id", "expected HGNC:<number>");
    if (strcmp(c[A_KIND], "previous") && strcmp(c[A_KIND], "alias")) return FAIL(r, "kind", "expected previous or alias");
    if (strcmp(c[A_VERIFIED], "yes") && strcmp(c[A_VERIFIED], "no")) return FAIL(r, "verified", "expected yes or no");
    if (!c[A_SOURCE][0]) return FAIL(r, "source", "empty: every row names its source");
    if (!strcasecmp(c[A_ALIAS], c[A_SYMBOL])) return FAIL(r, "alias", "same as the approved symbol");
    row->alias = c[A_ALIAS];
    row->symbol = c[A_SYMBOL];
    return ONC_OK;
}

/* An alias listed twice, or one that is also an approved symbol, is ambiguous: refuse it
 * (the table is meant to hold only unambiguous aliases). */
static onc_rc check_aliases(onc_genes_t *g, onc_err_t *err)
{
    if (!g->n_aliases) return ONC_OK;
    const char *file = g->alias_text.name;
    qsort(g->aliases, g->n_aliases, sizeof *g->aliases, alias_cmp);
    for (size_t i = 1; i < g->n_aliases; i++)
        if (!strcasecmp(g->aliases[i - 1].alias, g->aliases[i].alias))
            return onc_err_set(err, ONC_EPARSE, "%s: alias %s is listed twice", file, g->aliases[i].alias);
    for (size_t i = 0; i < g->n_aliases; i++) {
        alias_row_t key = {g->aliases[i].symbol, NULL};
        if (bsearch(&key, g->aliases, g->n_aliases, sizeof key, alias_cmp))
            return onc_err_set(err, ONC_EPARSE, "%s: %s is both an approved symbol and an alias", file,
                               g->aliases[i].symbol);
    }
    return ONC_OK;
}

/* Opens kb/NAME into *text and its row cursor, and finds the named columns. */
static onc_rc open_table(onc_kb_text_t *text, onc_kb_rows_t *r, const char *kb_dir, const char *name,
                         const char *const *cols, int *col, onc_err_t *err)
{
    onc_rc rc = onc_kb_text_load(text, kb_dir, name, err);
    if (!rc) rc = onc_kb_rows_open(r, text, err);
    if (!rc) rc = onc_kb_rows_columns(r, cols, col);
    return rc;
}

static onc_rc load_aliases(onc_genes_t *g, const char *kb_dir, onc_err_t *err)
{
    onc_kb_rows_t r;
    int col[A_NCOLS], ret;
    onc_rc rc = open_table(&g->alias_text, &r, kb_dir, "gene_aliases.tsv", alias_cols, col, err);
    if (rc) return rc;
    while ((ret = onc_kb_rows_next(&r)) > 0) {
        if ((rc = grow((void **)&g->aliases, g->n_aliases, &g->cap_aliases, sizeof *g->aliases, &r))) return rc;
        if ((rc = parse_alias_row(&r, col, &g->aliases[g->n_aliases]))) return rc;
        g->n_aliases++;
    }
    return ret < 0 ? r.rc : check_aliases(g, err);
}

/* The columns, found by name in the header; cds_start and cds_end are the exon's first and last
 * coding base (c.). */
enum { E_GENE, E_TX, E_EXON, E_START, E_END, E_VERIFIED, E_SOURCE, E_NCOLS };
static const char *const exon_cols[E_NCOLS + 1] = {"gene",    "transcript", "exon",  "cds_start",
                                                   "cds_end", "verified",   "source", NULL};

static onc_rc parse_exon_row(const onc_kb_rows_t *r, const int *col, exon_row_t *row)
{
    const char *c[E_NCOLS];
    for (int i = 0; i < E_NCOLS; i++) c[i] = onc_kb_rows_cell(r, col[i]);
    if (!is_symbol(c[E_GENE])) return FAIL(r, "gene", "not a gene symbol");
    if (!c[E_TX][0] || !strchr(c[E_TX], '.')) return FAIL(r, "transcript", "expected a versioned transcript id");
    if (!read_int(c[E_EXON], 1, EXON_MAX, &row->exon)) return FAIL(r, "exon", "expected an exon number 1..1000");
    if (!read_int(c[E_START], 1, CDS_MAX, &row->cds_start)) return FAIL(r, "cds_start", "expected a positive c. position");
    if (!read_int(c[E_END], row->cds_start, CDS_MAX, &row->cds_end))
        return FAIL(r, "cds_end", "expected a c. position not below cds_start");
    if (strcmp(c[E_VERIFIED], "yes") && strcmp(c[E_VERIFIED], "no")) return FAIL(r, "verified", "expected yes or no");
    if (!c[E_SOURCE][0]) return FAIL(r, "source", "empty: every row names its source");
    row->gene = c[E_GENE];
    row->transcript = c[E_TX];
    return ONC_OK;
}

/* Rows of one gene are together, on one transcript, in exon order; consecutive exons abut
 * (the coding sequence has no gaps), so a typo in a boundary shows up here. */
static onc_rc check_exon_order(const onc_genes_t *g, const onc_kb_rows_t *r, const exon_row_t *row)
{
    const exon_row_t *prev = g->n_exons ? row - 1 : NULL;
    if (!prev || strcmp(prev->gene, row->gene)) {
        for (size_t i = 0; i < g->n_exons; i++)
            if (!strcmp(g->exons[i].gene, row->gene)) return FAIL(r, "gene", "rows of one gene must be together");
        return ONC_OK;
    }
    if (strcmp(prev->transcript, row->transcript)) return FAIL(r, "transcript", "one transcript per gene");
    if (row->exon <= prev->exon) return FAIL(r, "exon", "exons of a gene must increase");
    if (row->cds_start <= prev->cds_end) return FAIL(r, "cds_start", "overlaps the previous exon");
    if (row->exon == prev->exon + 1 && row->cds_start != prev->cds_end + 1)
        return FAIL(r, "cds_start", "leaves a gap after the previous exon's cds_end");
    return ONC_OK;
}

static onc_rc load_exons(onc_genes_t *g, const char *kb_dir, onc_err_t *err)
{
    onc_kb_rows_t r;
    int col[E_NCOLS], ret;
    onc_rc rc = open_table(&g->exon_text, &r, kb_dir, "gene_exons.tsv", exon_cols, col, err);
    if (rc) return rc;
    while ((ret = onc_kb_rows_next(&r)) > 0) {
        if ((rc = grow((void **)&g->exons, g->n_exons, &g->cap_exons, sizeof *g->exons, &r))) return rc;
        exon_row_t *row = &g->exons[g->n_exons];
        if ((rc = parse_exon_row(&r, col, row)) || (rc = check_exon_order(g, &r, row))) return rc;
        g->n_exons++;
    }
    return ret < 0 ? r.rc : ONC_OK;
}

onc_genes_t *onc_genes_load(const char *kb_dir, onc_err_t *err)
{
    onc_genes_t *g = calloc(1, sizeof *g);
    if (!g) {
        onc_err_set(err, ONC_ENOMEM, "out of memory");
        return NULL;
    }
    if (load_aliases(g, kb_dir, err) || load_exons(g, kb_dir, err)) {
        onc_genes_free(g);
        return NULL;
    }
    return g;
}

void onc_genes_free(onc_genes_t *g)
{
    if (!g) return;
    free(g->aliases);
    free(g->exons);
    onc_kb_text_free(&g->alias_text);
    onc_kb_text_free(&g->exon_text);
    free(g);
}

const char *onc_genes_canonical(const onc_genes_t *g, const char *sym)
{
    if (!g || !sym || !g->n_aliases) return sym;
    alias_row_t key = {sym, NULL};
    const alias_row_t *hit = bsearch(&key, g->aliases, g->n_aliases, sizeof key, alias_cmp);
    return hit ? hit->symbol : sym;
}

/* The exon row of gene holding coding position pos (> 0), or NULL. */
static const exon_row_t *row_at(const onc_genes_t *g, const char *gene, int64_t pos)
{
    if (!g || !gene) return NULL;
    for (size_t i = 0; i < g->n_exons; i++) {
        const exon_row_t *r = &g->exons[i];
        if (pos >= r->cds_start && pos <= r->cds_end && !strcmp(r->gene, gene)) return r;
    }
    return NULL;
}

int32_t onc_genes_exon_of(const onc_genes_t *g, const char *gene, int32_t aa_pos)
{
    if (aa_pos <= 0) return ONC_INT_MISSING;
    const exon_row_t *r = row_at(g, gene, 3 * (int64_t)aa_pos - 1);
    return r ? r->exon : ONC_INT_MISSING;
}

int32_t onc_genes_exon_of_cpos(const onc_genes_t *g, const char *gene, const onc_cpos_t *p)
{
    if (!p || p->utr3 || p->pos <= 0) return ONC_INT_MISSING; /* the table holds coding exons */
    const exon_row_t *r = row_at(g, gene, p->pos);
    return r ? r->exon : ONC_INT_MISSING;
}

onc_rc onc_genes_exon_codons(const onc_genes_t *g, const char *gene, int32_t exon, int32_t *first,
                             int32_t *last)
{
    for (size_t i = 0; g && gene && i < g->n_exons; i++) {
        const exon_row_t *r = &g->exons[i];
        if (r->exon == exon && !strcmp(r->gene, gene)) {
            *first = (r->cds_start + 2) / 3;
            *last = (r->cds_end + 2) / 3;
            return ONC_OK;
        }
    }
    return ONC_ENOTFOUND;
}

const char *onc_genes_transcript(const onc_genes_t *g, const char *gene)
{
    if (!g || !gene) return NULL;
    for (size_t i = 0; i < g->n_exons; i++)
        if (!strcmp(g->exons[i].gene, gene)) return g->exons[i].transcript;
    return NULL;
}

int onc_gene_symbol_char(int c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '@';
}

int onc_gene_symbol_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 128) return 0;
    for (size_t i = 0; i < n; i++)
        if (!onc_gene_symbol_char((unsigned char)s[i])) return 0;
    return 1;
}
