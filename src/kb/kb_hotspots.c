/* kb_hotspots.c: key lung-cancer driver events recognised in raw VCF records from coordinates.
 *
 * kb/genomic_events.tsv lists, for GRCh37 and GRCh38, codons (reference codon and strand) and
 * exon ranges with an event class (docs/kb-genomic-events.md). Loading validates every row and
 * sorts the rows by (genome, chromosome, start), so that a lookup is a binary search plus a
 * short scan of the rows near the position: the VCF reader calls it for every unannotated
 * record. A substitution inside listed codons is translated with the standard genetic code
 * into its exact protein change; an indel inside a range is named by the range's class,
 * because its exact protein change would need the reference sequence.
 */
#include "oncoboard/hotspot.h"
#include "oncoboard/kbfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HS_FILE "genomic_events.tsv"
#define HS_MAX_ROWS 100000
#define HS_MAX_FIELD 200      /* longest cell */
#define HS_MAX_RANGE 10000000 /* longest range row, in bases */
#define HS_MAX_SUBST 12       /* longest substitution translated codon by codon */
#define HS_NCOLS 15

enum hs_kind { HS_CODON, HS_INFRAME_DEL, HS_INFRAME_INS, HS_SPLICE };

typedef struct hs_row {
    int kind, genome, minus;
    int64_t start, end; /* 1-based, inclusive */
    int32_t codon, exon;
    char ref_codon[4]; /* 5'->3' on the transcript */
    const char *gene, *transcript, *chrom, *label, *consequence;
    uint32_t line; /* line in the file: when rows overlap the earlier one wins */
} hs_row_t;

struct onc_hotspots {
    onc_kb_text_t text; /* cut into cells in place: the rows' strings point here */
    hs_row_t *rows;
    size_t n;
    int64_t max_span; /* longest end - start, bounds the scan back from a position */
};

static const char *const columns[HS_NCOLS] = {
    "kind",  "gene",      "transcript", "genome", "chrom",       "strand",   "start", "end",
    "codon", "ref_codon", "exon",       "label",  "consequence", "verified", "source"};
enum {
    C_KIND,
    C_GENE,
    C_TX,
    C_GENOME,
    C_CHROM,
    C_STRAND,
    C_START,
    C_END,
    C_CODON,
    C_REFCODON,
    C_EXON,
    C_LABEL,
    C_CONSEQ,
    C_VERIFIED,
    C_SOURCE
};

static const char *const kind_names[] = {"codon", "inframe_del", "inframe_ins", "splice"};

/* ---- genetic code and bases ---- */

/* Standard genetic code, codons in TCAG order (TTT, TTC, TTA, TTG, TCT, ...). */
static const char genetic_code[] =
    "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG";

static int base_index(char b)
{
    switch (b) {
    case 'T': return 0;
    case 'C': return 1;
    case 'A': return 2;
    case 'G': return 3;
    default: return -1;
    }
}

/* Amino acid of an upper-case ACGT codon, '?' for anything else. */
static char translate(const char *codon)
{
    int a = base_index(codon[0]), b = base_index(codon[1]), c = base_index(codon[2]);
    return a < 0 || b < 0 || c < 0 ? '?' : genetic_code[a * 16 + b * 4 + c];
}

static char complement(char b)
{
    switch (b) {
    case 'A': return 'T';
    case 'C': return 'G';
    case 'G': return 'C';
    case 'T': return 'A';
    default: return 'N';
    }
}

static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c; }

/* ---- loading ---- */

static int genome_index(const char *g)
{
    if (!g) return -1;
    if (strcasecmp(g, "GRCh37") == 0 || strcasecmp(g, "hg19") == 0) return 0;
    if (strcasecmp(g, "GRCh38") == 0 || strcasecmp(g, "hg38") == 0) return 1;
    return -1;
}

/* "chr7" and "7" are the same chromosome; the table stores "7". */
static const char *strip_chr(const char *c)
{
    return strncasecmp(c, "chr", 3) == 0 && c[3] ? c + 3 : c;
}

/* An error in column col (-1: none) of the current row; fmt has one %s, for value. */
static onc_rc bad(const onc_kb_rows_t *k, int col, const char *fmt, const char *value)
{
    return onc_kb_rows_fail(k, ONC_EPARSE, col >= 0 ? columns[col] : NULL, fmt, value);
}

static int parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max) return -1;
    *out = v;
    return 0;
}

static int is_none(const char *s) { return strcmp(s, ".") == 0; }

static onc_rc parse_position(const onc_kb_rows_t *k, hs_row_t *r)
{
    char *const *f = k->cell;
    int64_t v;
    if (parse_int(f[C_START], 1, INT32_MAX, &v))
        return bad(k, C_START, "not a position: '%s'", f[C_START]);
    r->start = v;
    if (parse_int(f[C_END], 1, INT32_MAX, &v))
        return bad(k, C_END, "not a position: '%s'", f[C_END]);
    r->end = v;
    if (r->end < r->start) return bad(k, C_END, "end %s is before start", f[C_END]);
    if (r->end - r->start > HS_MAX_RANGE)
        return bad(k, C_END, "range ending at %s is too long", f[C_END]);
    if (strcmp(f[C_STRAND], "+") && strcmp(f[C_STRAND], "-"))
        return bad(k, C_STRAND, "strand is '%s', not + or -", f[C_STRAND]);
    r->minus = f[C_STRAND][0] == '-';
    if (strncasecmp(f[C_CHROM], "chr", 3) == 0 || is_none(f[C_CHROM]))
        return bad(k, C_CHROM, "chromosome '%s': write it without \"chr\"", f[C_CHROM]);
    r->chrom = f[C_CHROM];
    return ONC_OK;
}

static onc_rc parse_codon_cells(const onc_kb_rows_t *k, hs_row_t *r)
{
    char *const *f = k->cell;
    int64_t v;
    if (r->end - r->start != 2)
        return bad(k, C_END, "a codon spans 3 bases, not up to %s", f[C_END]);
    if (parse_int(f[C_CODON], 1, 100000, &v))
        return bad(k, C_CODON, "not a codon number: '%s'", f[C_CODON]);
    r->codon = (int32_t)v;
    if (strlen(f[C_REFCODON]) != 3 || translate(f[C_REFCODON]) == '?' ||
        translate(f[C_REFCODON]) == '*')
        return bad(k, C_REFCODON, "not an upper-case ACGT sense codon: '%s'",
                   f[C_REFCODON]);
    memcpy(r->ref_codon, f[C_REFCODON], 4);
    if (!is_none(f[C_LABEL]) || !is_none(f[C_CONSEQ]))
        return bad(k, is_none(f[C_LABEL]) ? C_CONSEQ : C_LABEL,
                   "must be '.' on a codon row, not '%s'",
                   is_none(f[C_LABEL]) ? f[C_CONSEQ] : f[C_LABEL]);
    return ONC_OK;
}

static onc_rc parse_range_cells(const onc_kb_rows_t *k, hs_row_t *r)
{
    char *const *f = k->cell;
    if (!is_none(f[C_CODON]) || !is_none(f[C_REFCODON]))
        return bad(k, is_none(f[C_CODON]) ? C_REFCODON : C_CODON,
                   "must be '.' on a range row, not '%s'",
                   is_none(f[C_CODON]) ? f[C_REFCODON] : f[C_CODON]);
    if (is_none(f[C_LABEL]))
        return bad(k, C_LABEL, "a range row needs its event class%s", "");
    if (is_none(f[C_CONSEQ]))
        return bad(k, C_CONSEQ, "a range row needs its consequence%s", "");
    r->label = f[C_LABEL];
    r->consequence = f[C_CONSEQ];
    return ONC_OK;
}

static onc_rc parse_row(const onc_kb_rows_t *k, hs_row_t *r)
{
    char *const *f = k->cell;
    memset(r, 0, sizeof *r);
    r->line = (uint32_t)onc_kb_rows_line(k);
    for (int i = 0; i < HS_NCOLS; i++)
        if (strlen(f[i]) > HS_MAX_FIELD) return bad(k, i, "cell longer than %s characters", "200");
    r->kind = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(f[C_KIND], kind_names[i]) == 0) r->kind = i;
    if (r->kind < 0)
        return bad(k, C_KIND, "unknown kind '%s' (codon, inframe_del, inframe_ins, splice)",
                   f[C_KIND]);
    static const int required[] = {C_GENE, C_TX, C_VERIFIED, C_SOURCE};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (is_none(f[required[i]]) || !*f[required[i]])
            return bad(k, required[i], "missing value '%s'", f[required[i]]);
    if (strcmp(f[C_VERIFIED], "checked") && strcmp(f[C_VERIFIED], "derived") &&
        strcmp(f[C_VERIFIED], "unverified"))
        return bad(k, C_VERIFIED, "'%s' is not checked, derived or unverified",
                   f[C_VERIFIED]);
    r->gene = f[C_GENE];
    r->transcript = f[C_TX];
    if ((r->genome = genome_index(f[C_GENOME])) < 0 || strncmp(f[C_GENOME], "GRCh", 4))
        return bad(k, C_GENOME, "genome '%s' is not GRCh37 or GRCh38", f[C_GENOME]);
    int64_t v;
    r->exon = ONC_INT_MISSING;
    if (!is_none(f[C_EXON])) {
        if (parse_int(f[C_EXON], 1, 1000, &v))
            return bad(k, C_EXON, "not an exon number: '%s'", f[C_EXON]);
        r->exon = (int32_t)v;
    }
    onc_rc rc = parse_position(k, r);
    if (rc) return rc;
    return r->kind == HS_CODON ? parse_codon_cells(k, r) : parse_range_cells(k, r);
}

/* The columns are read by position, so the header must be exactly `columns`. */
static onc_rc check_header(const onc_kb_rows_t *k)
{
    if (k->ncols != HS_NCOLS)
        return onc_kb_rows_fail(k, ONC_EPARSE, NULL, "%d columns, expected %d", k->ncols, HS_NCOLS);
    for (int i = 0; i < HS_NCOLS; i++)
        if (strcmp(k->header[i], columns[i]))
            return onc_kb_rows_fail(k, ONC_EPARSE, columns[i], "header cell is '%s', expected '%s'",
                                    k->header[i], columns[i]);
    return ONC_OK;
}

static int row_cmp(const void *pa, const void *pb)
{
    const hs_row_t *a = pa, *b = pb;
    if (a->genome != b->genome) return a->genome - b->genome;
    int c = strcmp(a->chrom, b->chrom);
    if (c) return c;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* Two codon rows sharing a base would make a translation ambiguous. */
static onc_rc check_codon_overlaps(const onc_hotspots_t *h, onc_err_t *err)
{
    const hs_row_t *prev = NULL;
    for (size_t i = 0; i < h->n; i++) {
        const hs_row_t *r = &h->rows[i];
        if (r->kind != HS_CODON) continue;
        if (prev && prev->genome == r->genome && strcmp(prev->chrom, r->chrom) == 0 &&
            r->start <= prev->end)
            return onc_err_at(err, ONC_EPARSE, h->text.name, r->line, "start",
                              "codon overlaps the codon of line %u", (unsigned)prev->line);
        prev = r;
    }
    return ONC_OK;
}

static onc_rc parse_text(onc_hotspots_t *h, onc_err_t *err)
{
    size_t lines = 1;
    for (const char *p = h->text.data; *p; p++)
        lines += *p == '\n';
    if (lines > HS_MAX_ROWS)
        return onc_err_set(err, ONC_ELIMIT, "%s: more than %d lines", h->text.name, HS_MAX_ROWS);
    if (!(h->rows = malloc(lines * sizeof *h->rows)))
        return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", h->text.name);
    onc_kb_rows_t k;
    onc_rc rc = onc_kb_rows_open(&k, &h->text, err);
    if (!rc) rc = check_header(&k);
    int ret = 0;
    while (!rc && (ret = onc_kb_rows_next(&k)) > 0)
        if (!(rc = parse_row(&k, &h->rows[h->n]))) h->n++;
    if (rc || ret < 0) return rc ? rc : k.rc;
    qsort(h->rows, h->n, sizeof *h->rows, row_cmp);
    for (size_t i = 0; i < h->n; i++)
        if (h->rows[i].end - h->rows[i].start > h->max_span)
            h->max_span = h->rows[i].end - h->rows[i].start;
    return check_codon_overlaps(h, err);
}

onc_hotspots_t *onc_hotspots_load(const char *kb_dir, onc_err_t *err)
{
    onc_hotspots_t *h = calloc(1, sizeof *h);
    if (!h) {
        onc_err_set(err, ONC_ENOMEM, "kb/%s: out of memory", HS_FILE);
        return NULL;
    }
    if (onc_kb_text_load(&h->text, kb_dir, HS_FILE, err) || parse_text(h, err)) {
        onc_hotspots_free(h);
        return NULL;
    }
    return h;
}

void onc_hotspots_free(onc_hotspots_t *h)
{
    if (!h) return;
    free(h->rows);
    onc_kb_text_free(&h->text);
    free(h);
}

/* ---- lookup ---- */

/* A variant reduced to what changed: common leading and trailing bases removed. The ref
 * bases [start, start + rlen) are replaced by alt; rlen 0 is an insertion between start - 1
 * and start. */
typedef struct hs_var {
    int64_t start;
    const char *ref, *alt;
    size_t rlen, alen;
} hs_var_t;

/* 1: a sequence allele ("" and "-" are empty); 0: symbolic, breakend, '*', '.' ... */
static int sequence_allele(const char *a, size_t *len)
{
    if (strcmp(a, "-") == 0) {
        *len = 0;
        return 1;
    }
    size_t n = 0;
    for (; a[n]; n++)
        if (!strchr("ACGTNacgtn", a[n])) return 0;
    *len = n;
    return 1;
}

static int reduce(int64_t pos, const char *ref, const char *alt, hs_var_t *v)
{
    if (!sequence_allele(ref, &v->rlen) || !sequence_allele(alt, &v->alen)) return 0;
    v->ref = ref;
    v->alt = alt;
    v->start = pos;
    while (v->rlen && v->alen && upper(v->ref[0]) == upper(v->alt[0])) {
        v->ref++, v->alt++, v->rlen--, v->alen--;
        v->start++;
    }
    while (v->rlen && v->alen && upper(v->ref[v->rlen - 1]) == upper(v->alt[v->alen - 1]))
        v->rlen--, v->alen--;
    return v->rlen || v->alen;
}

/* The genomic span a variant touches: its ref bases, or the two bases around an insertion. */
static int64_t span_lo(const hs_var_t *v) { return v->rlen ? v->start : v->start - 1; }
static int64_t span_hi(const hs_var_t *v)
{
    return v->rlen ? v->start + (int64_t)v->rlen - 1 : v->start;
}

static int within(const hs_row_t *r, const hs_var_t *v)
{
    return span_lo(v) >= r->start && span_hi(v) <= r->end;
}

static int range_matches(const hs_row_t *r, const hs_var_t *v)
{
    int64_t net = (int64_t)v->alen - (int64_t)v->rlen;
    switch (r->kind) {
    case HS_INFRAME_DEL: return net < 0 && -net % 3 == 0 && within(r, v);
    case HS_INFRAME_INS: return net > 0 && net % 3 == 0 && within(r, v);
    case HS_SPLICE: return v->rlen ? span_lo(v) <= r->end && span_hi(v) >= r->start : within(r, v);
    default: return 0;
    }
}

/* Index of the first row of (genome, chrom) whose start is >= lo. */
static size_t lower_bound(const onc_hotspots_t *h, int genome, const char *chrom, int64_t lo)
{
    size_t a = 0, b = h->n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        const hs_row_t *r = &h->rows[m];
        int c = r->genome != genome ? r->genome - genome : strcmp(r->chrom, chrom);
        if (c < 0 || (c == 0 && r->start < lo))
            a = m + 1;
        else
            b = m;
    }
    return a;
}

/* Rows [*first, *last) may overlap the variant: same genome and chromosome, close enough. */
static void window(const onc_hotspots_t *h, int genome, const char *chrom, const hs_var_t *v,
                   size_t *first, size_t *last)
{
    *first = lower_bound(h, genome, chrom, span_lo(v) - h->max_span);
    size_t i = *first;
    while (i < h->n && h->rows[i].genome == genome && strcmp(h->rows[i].chrom, chrom) == 0 &&
           h->rows[i].start <= span_hi(v))
        i++;
    *last = i;
}

/* The codon row holding genomic position p, or NULL. */
static const hs_row_t *codon_at(const onc_hotspots_t *h, size_t first, size_t last, int64_t p)
{
    for (size_t i = first; i < last; i++) {
        const hs_row_t *r = &h->rows[i];
        if (r->kind == HS_CODON && p >= r->start && p <= r->end) return r;
    }
    return NULL;
}

static int codon_offset(const hs_row_t *r, int64_t p)
{
    return (int)(r->minus ? r->end - p : p - r->start);
}

static void fill_common(onc_hotspot_hit_t *hit, const hs_row_t *r)
{
    memset(hit, 0, sizeof *hit);
    hit->gene = r->gene;
    hit->transcript = r->transcript;
    hit->exon = r->exon;
}

static int fill_codon_hit(onc_hotspot_hit_t *hit, const hs_row_t *r, const char *mutated)
{
    char ref_aa = translate(r->ref_codon), alt_aa = translate(mutated);
    char name[32];
    int n = snprintf(name, sizeof name, "%c%d%c", ref_aa, (int)r->codon,
                     alt_aa == ref_aa ? '=' : alt_aa);
    fill_common(hit, r);
    /* hit->buf holds "G12C\0p.G12C\0" */
    if (n < 0 || (size_t)n >= sizeof name ||
        snprintf(hit->buf, sizeof hit->buf, "%s%cp.%s", name, '\0', name) < 0)
        return 0;
    hit->alteration = hit->buf;
    hit->hgvsp = hit->buf + n + 1;
    hit->consequence = alt_aa == ref_aa ? "synonymous_variant"
                       : alt_aa == '*'  ? "stop_gained"
                                        : "missense_variant";
    return 1;
}

/* A substitution: 1 and *hit when every changed base lies in listed codons of which at most
 * one changes its amino acid; 0 when a changed base is outside the listed codons; -1 when
 * the VCF's REF disagrees with the table's reference (another genome build?) or more than one
 * amino acid changes: not named here. */
static int codon_hit(const onc_hotspots_t *h, size_t first, size_t last, const hs_var_t *v,
                     onc_hotspot_hit_t *hit)
{
    const hs_row_t *codons[HS_MAX_SUBST];
    char mutated[HS_MAX_SUBST][4];
    int n = 0;
    for (size_t i = 0; i < v->rlen; i++) {
        int64_t p = v->start + (int64_t)i;
        char rb = upper(v->ref[i]), ab = upper(v->alt[i]);
        const hs_row_t *r = codon_at(h, first, last, p);
        if (!r) {
            if (rb != ab) return 0;
            continue;
        }
        if (n == 0 || codons[n - 1] != r) {
            codons[n] = r;
            memcpy(mutated[n++], r->ref_codon, 4);
        }
        int k = codon_offset(r, p);
        if ((r->minus ? complement(rb) : rb) != r->ref_codon[k] || strcmp(r->gene, codons[0]->gene))
            return -1;
        mutated[n - 1][k] = r->minus ? complement(ab) : ab;
    }
    int changed = -1;
    for (int i = 0; i < n; i++) {
        char aa = translate(mutated[i]);
        if (aa == '?') return -1; /* an N in ALT */
        if (aa == translate(codons[i]->ref_codon)) continue;
        if (changed >= 0) return -1;
        changed = i;
    }
    if (changed < 0) /* synonymous: name the first codon whose bases changed */
        for (int i = n - 1; i >= 0; i--)
            if (strcmp(mutated[i], codons[i]->ref_codon)) changed = i;
    return changed < 0 ? 0 : fill_codon_hit(hit, codons[changed], mutated[changed]);
}

int onc_hotspots_lookup(const onc_hotspots_t *h, const char *genome, const char *chrom, int64_t pos,
                        const char *ref, const char *alt, onc_hotspot_hit_t *hit, onc_err_t *err)
{
    int g = genome_index(genome);
    if (g < 0) {
        onc_err_set(err, ONC_EINVAL, "unknown genome '%s': coordinates need GRCh37 or GRCh38",
                    genome ? genome : "");
        return -1;
    }
    if (!h || !chrom || !ref || !alt || !hit) {
        onc_err_set(err, ONC_EINVAL, "onc_hotspots_lookup: missing argument");
        return -1;
    }
    hs_var_t v;
    if (pos < 1 || !reduce(pos, ref, alt, &v)) return 0;
    const char *c = strip_chr(chrom);
    size_t first, last;
    window(h, g, c, &v, &first, &last);
    if (v.rlen == v.alen && v.rlen <= HS_MAX_SUBST) {
        int rc = codon_hit(h, first, last, &v, hit);
        if (rc) return rc > 0;
    }
    const hs_row_t *best = NULL;
    for (size_t i = first; i < last; i++) {
        const hs_row_t *r = &h->rows[i];
        if (r->kind != HS_CODON && range_matches(r, &v) && (!best || r->line < best->line))
            best = r;
    }
    if (!best) return 0;
    fill_common(hit, best);
    hit->alteration = best->label;
    hit->consequence = best->consequence;
    hit->by_class = 1;
    return 1;
}

void onc_hotspot_hit_apply(const onc_hotspot_hit_t *hit, onc_alt_t *out)
{
    out->gene = hit->gene;
    out->alteration = hit->alteration;
    out->hgvsp = hit->hgvsp;
    if (hit->transcript) out->transcript = hit->transcript;
    if (hit->consequence) out->consequence = hit->consequence;
    if (hit->exon != ONC_INT_MISSING) out->exon = hit->exon;
    out->flags |= ONC_ALT_FROM_COORDS | (hit->by_class ? ONC_ALT_BY_CLASS : 0u);
}
