/* model_gene.c: gene symbol aliases and the exons of canonical transcripts (see gene.h).
 *
 * Both tables are small TSV files in kb/ (gene_aliases.tsv, gene_exons.tsv), read once through
 * onc_kb_text_load into one owned copy of their text that the rows point into. Lookups are
 * linear or binary searches over a few hundred rows: nothing here is on a hot path that would
 * justify a hash table. A bad row stops the load with an error naming kb/FILE:line, because a
 * silently skipped alias would quietly change which gene a variant is reported on.
 */
#include "oncoboard/gene.h"

#include "oncoboard/alteration.h"
#include "oncoboard/kbfile.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GENE_ROWS_MAX 100000 /* per table; the shipped ones hold hundreds */
#define SYMBOL_MAX 64        /* longer is not a gene symbol */
#define EXON_MAX 1000
#define CODON_MAX 100000   /* titin, the longest human protein, has ~36,000 residues */

typedef struct alias_row { const char *alias, *symbol; } alias_row_t;
typedef struct exon_row {
    const char *gene, *transcript;
    int32_t exon, first_codon, last_codon;
} exon_row_t;

struct onc_genes {
    char *alias_text, *exon_text; /* owned copies the rows point into */
    alias_row_t *aliases;
    size_t n_aliases, cap_aliases;
    exon_row_t *exons;
    size_t n_exons, cap_exons;
};

/* One table being read: its text split in place into lines and tab-separated cells. */
typedef struct tsv {
    const char *name; /* "kb/gene_aliases.tsv" for messages */
    char *p;          /* next unread byte */
    uint64_t line;
    char *cell[16];
    int n_cells;
    onc_err_t *err;
} tsv_t;

static onc_rc load_text(const char *kb_dir, const char *name, char **out, onc_err_t *err)
{
    onc_kb_text_t t;
    onc_rc rc = onc_kb_text_load(&t, kb_dir, name, err);
    if (rc) return rc;
    *out = malloc(t.len + 1);
    if (*out) {
        memcpy(*out, t.data, t.len);
        (*out)[t.len] = '\0';
    }
    onc_kb_text_free(&t);
    return *out ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "kb/%s: out of memory", name);
}

/* Next data row (comments, blank lines and the header row are skipped): 1, 0 at the end. */
static int tsv_next(tsv_t *t, const char *header_first)
{
    while (*t->p) {
        char *line = t->p, *eol = strchr(line, '\n');
        t->p = eol ? eol + 1 : line + strlen(line);
        if (eol) *eol = '\0';
        t->line++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r') line[--len] = '\0';
        if (!len || line[0] == '#') continue;
        t->n_cells = 0;
        for (char *c = line;; c++) {
            if (t->n_cells == (int)(sizeof t->cell / sizeof *t->cell)) break;
            t->cell[t->n_cells++] = c;
            c = strchr(c, '\t');
            if (!c) break;
            *c = '\0';
        }
        if (!strcmp(t->cell[0], header_first)) continue;
        return 1;
    }
    return 0;
}

static onc_rc tsv_fail(const tsv_t *t, const char *field, const char *what)
{
    return onc_err_at(t->err, ONC_EPARSE, t->name, t->line, field, "%s", what);
}

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
static onc_rc grow(void **rows, size_t n, size_t *cap, size_t size, const tsv_t *t)
{
    if (n >= GENE_ROWS_MAX)
        return onc_err_at(t->err, ONC_ELIMIT, t->name, t->line, NULL, "more than %d rows", GENE_ROWS_MAX);
    if (n < *cap) return ONC_OK;
    size_t want = *cap ? 2 * *cap : 64;
    void *p = realloc(*rows, want * size);
    if (!p) return onc_err_set(t->err, ONC_ENOMEM, "%s: out of memory", t->name);
    *rows = p;
    *cap = want;
    return ONC_OK;
}

/* Columns: alias, symbol, hgnc_id, kind (previous|alias), source. */
static onc_rc parse_alias_row(const tsv_t *t, alias_row_t *row)
{
    if (t->n_cells < 4) return tsv_fail(t, NULL, "expected the columns alias, symbol, hgnc_id, kind");
    if (!is_symbol(t->cell[0])) return tsv_fail(t, "alias", "not a gene symbol (upper case, digits, - . _)");
    if (!is_symbol(t->cell[1])) return tsv_fail(t, "symbol", "not a gene symbol (upper case, digits, - . _)");
    int32_t id;
    if (strncmp(t->cell[2], "HGNC:", 5) || !read_int(t->cell[2] + 5, 1, INT32_MAX, &id))
        return tsv_fail(t, "hgnc_id", "expected HGNC:<number>");
    if (strcmp(t->cell[3], "previous") && strcmp(t->cell[3], "alias"))
        return tsv_fail(t, "kind", "expected previous or alias");
    if (!strcasecmp(t->cell[0], t->cell[1])) return tsv_fail(t, "alias", "same as the approved symbol");
    row->alias = t->cell[0];
    row->symbol = t->cell[1];
    return ONC_OK;
}

/* An alias listed twice, or one that is also an approved symbol, is ambiguous: refuse it
 * (the table is meant to hold only unambiguous aliases). */
static onc_rc check_aliases(onc_genes_t *g, onc_err_t *err)
{
    if (!g->n_aliases) return ONC_OK;
    qsort(g->aliases, g->n_aliases, sizeof *g->aliases, alias_cmp);
    for (size_t i = 1; i < g->n_aliases; i++)
        if (!strcasecmp(g->aliases[i - 1].alias, g->aliases[i].alias))
            return onc_err_set(err, ONC_EPARSE, "kb/gene_aliases.tsv: alias %s is listed twice", g->aliases[i].alias);
    for (size_t i = 0; i < g->n_aliases; i++) {
        alias_row_t key = {g->aliases[i].symbol, NULL};
        if (bsearch(&key, g->aliases, g->n_aliases, sizeof key, alias_cmp))
            return onc_err_set(err, ONC_EPARSE, "kb/gene_aliases.tsv: %s is both an approved symbol and an alias",
                               g->aliases[i].symbol);
    }
    return ONC_OK;
}

static onc_rc load_aliases(onc_genes_t *g, const char *kb_dir, onc_err_t *err)
{
    onc_rc rc = load_text(kb_dir, "gene_aliases.tsv", &g->alias_text, err);
    if (rc) return rc;
    tsv_t t = {"kb/gene_aliases.tsv", g->alias_text, 0, {0}, 0, err};
    while (tsv_next(&t, "alias")) {
        if ((rc = grow((void **)&g->aliases, g->n_aliases, &g->cap_aliases, sizeof *g->aliases, &t))) return rc;
        if ((rc = parse_alias_row(&t, &g->aliases[g->n_aliases]))) return rc;
        g->n_aliases++;
    }
    return check_aliases(g, err);
}

/* Columns: gene, transcript, exon, first_codon, last_codon, verified, source. */
static onc_rc parse_exon_row(const tsv_t *t, exon_row_t *row)
{
    if (t->n_cells < 7)
        return tsv_fail(t, NULL, "expected the columns gene, transcript, exon, first_codon, last_codon, verified, source");
    if (!is_symbol(t->cell[0])) return tsv_fail(t, "gene", "not a gene symbol");
    if (!t->cell[1][0] || !strchr(t->cell[1], '.')) return tsv_fail(t, "transcript", "expected a versioned transcript id");
    if (!read_int(t->cell[2], 1, EXON_MAX, &row->exon)) return tsv_fail(t, "exon", "expected an exon number 1..1000");
    if (!read_int(t->cell[3], 1, CODON_MAX, &row->first_codon))
        return tsv_fail(t, "first_codon", "expected a positive codon number");
    if (!read_int(t->cell[4], row->first_codon, CODON_MAX, &row->last_codon))
        return tsv_fail(t, "last_codon", "expected a codon number not below first_codon");
    if (strcmp(t->cell[5], "yes") && strcmp(t->cell[5], "no")) return tsv_fail(t, "verified", "expected yes or no");
    if (!t->cell[6][0]) return tsv_fail(t, "source", "empty: every row names its source");
    row->gene = t->cell[0];
    row->transcript = t->cell[1];
    return ONC_OK;
}

/* Rows of one gene are together, on one transcript, with exons and codons increasing. */
static onc_rc check_exon_order(const onc_genes_t *g, const tsv_t *t, const exon_row_t *row)
{
    const exon_row_t *prev = g->n_exons ? row - 1 : NULL;
    if (!prev || strcmp(prev->gene, row->gene)) {
        for (size_t i = 0; i < g->n_exons; i++)
            if (!strcmp(g->exons[i].gene, row->gene)) return tsv_fail(t, "gene", "rows of one gene must be together");
        return ONC_OK;
    }
    if (strcmp(prev->transcript, row->transcript)) return tsv_fail(t, "transcript", "one transcript per gene");
    if (row->exon <= prev->exon) return tsv_fail(t, "exon", "exons of a gene must increase");
    if (row->first_codon <= prev->last_codon)
        return tsv_fail(t, "first_codon", "overlaps the previous exon (a split codon belongs to one exon)");
    return ONC_OK;
}

static onc_rc load_exons(onc_genes_t *g, const char *kb_dir, onc_err_t *err)
{
    onc_rc rc = load_text(kb_dir, "gene_exons.tsv", &g->exon_text, err);
    if (rc) return rc;
    tsv_t t = {"kb/gene_exons.tsv", g->exon_text, 0, {0}, 0, err};
    while (tsv_next(&t, "gene")) {
        if ((rc = grow((void **)&g->exons, g->n_exons, &g->cap_exons, sizeof *g->exons, &t))) return rc;
        exon_row_t *row = &g->exons[g->n_exons];
        if ((rc = parse_exon_row(&t, row))) return rc;
        if ((rc = check_exon_order(g, &t, row))) return rc;
        g->n_exons++;
    }
    return ONC_OK;
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
    free(g->alias_text);
    free(g->exon_text);
    free(g);
}

const char *onc_genes_canonical(const onc_genes_t *g, const char *sym)
{
    if (!g || !sym || !g->n_aliases) return sym;
    alias_row_t key = {sym, NULL};
    const alias_row_t *hit = bsearch(&key, g->aliases, g->n_aliases, sizeof key, alias_cmp);
    return hit ? hit->symbol : sym;
}

int32_t onc_genes_exon_of(const onc_genes_t *g, const char *gene, int32_t aa_pos)
{
    if (!g || !gene) return ONC_INT_MISSING;
    for (size_t i = 0; i < g->n_exons; i++) {
        const exon_row_t *r = &g->exons[i];
        if (aa_pos >= r->first_codon && aa_pos <= r->last_codon && !strcmp(r->gene, gene)) return r->exon;
    }
    return ONC_INT_MISSING;
}

const char *onc_genes_transcript(const onc_genes_t *g, const char *gene)
{
    if (!g || !gene) return NULL;
    for (size_t i = 0; i < g->n_exons; i++)
        if (!strcmp(g->exons[i].gene, gene)) return g->exons[i].transcript;
    return NULL;
}
