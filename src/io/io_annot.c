/* io_annot.c: the pieces the table readers share (see io_annot.h).
 *
 * The vocabularies here are the oncokb-annotator's (oncokb/oncokb-annotator, commit
 * 1cbdfb2b, CnaAnnotator.py, FusionAnnotator.py, StructuralVariantAnnotator.py; notes in
 * shared/research/knowledge-base.md section 1.2) so that a file that annotator accepts
 * reads the same here. docs/formats.md lists every rule.
 */
#include "io_annot.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

onc_rc io_annot_open(io_annot_t *a, onc_reader_t *r)
{
    memset(a, 0, sizeof *a);
    onc_err_t err = {0};
    if (!(a->genes = onc_genes_load(r->opts.kb_dir, &err))) {
        io_fail(r, err.code ? err.code : ONC_EIO, 0, NULL, "gene tables: %s", err.msg);
        return err.code ? err.code : ONC_EIO;
    }
    return ONC_OK;
}

void io_annot_close(io_annot_t *a)
{
    onc_genes_free(a->genes);
    onc_hotspots_free(a->hotspots);
    memset(a, 0, sizeof *a);
}

int io_cell_missing(const char *cell)
{
    switch (*cell) { /* the first byte settles most cells: this runs for every cell used */
    case '\0': return 1;
    case '.': return !cell[1];
    case 'N': case 'n': return strcasecmp(cell, "NA") == 0 || strcasecmp(cell, "NaN") == 0 || strcasecmp(cell, "null") == 0;
    default: return 0;
    }
}

int io_cols_find(char *const *cols, int ncols, const char *const *names)
{
    for (; *names; names++)
        for (int i = 0; i < ncols; i++)
            if (strcasecmp(cols[i], *names) == 0) return i;
    return -1;
}

/* Passes an io_table error (its message already names file and line) on as r's error. */
static int table_failed(onc_reader_t *r, const onc_err_t *err)
{
    r->err = *err;
    r->failed = 1;
    return -2;
}

/* Opens r->path as a table; a readable file that htslib refuses is named as binary data
 * rather than with htslib's errno ("Exec format error"). */
static onc_rc open_table(onc_reader_t *r, io_table_t **t)
{
    onc_err_t err = {0};
    if ((*t = io_table_open_hooked(r->path, r->opts.on_line, r->opts.on_line_ctx, &err))) return ONC_OK;
    FILE *fp = err.code == ONC_EIO ? fopen(r->path, "rb") : NULL;
    if (fp) {
        fclose(fp);
        io_fail(r, ONC_EFORMAT, 0, NULL, "not a text table: binary data that is not plain or gzip-compressed text");
        return ONC_EFORMAT;
    }
    table_failed(r, &err);
    return err.code ? err.code : ONC_EIO;
}

onc_rc io_tab_open(onc_reader_t *r, size_t size, int genes)
{
    io_tab_t *tab = calloc(1, size);
    if (!tab) {
        io_fail(r, ONC_ENOMEM, 0, NULL, "out of memory");
        return ONC_ENOMEM;
    }
    r->state = tab;
    onc_rc rc = open_table(r, &tab->t);
    if (rc == ONC_OK && genes) rc = io_annot_open(&tab->kb, r);
    return rc;
}

void io_tab_close(onc_reader_t *r)
{
    io_tab_t *tab = r->state;
    if (!tab) return;
    io_table_close(tab->t);
    io_annot_close(&tab->kb);
    if (tab->free_extra) tab->free_extra(tab);
    free(tab);
    r->state = NULL;
}

int io_tab_next(onc_reader_t *r, io_tab_t *tab)
{
    onc_err_t err = {0};
    int ret = io_table_next(tab->t, &err);
    if (ret == -1) return -1;
    if (ret < -1) return table_failed(r, &err);
    tab->line = io_table_lineno(tab->t);
    return 0;
}

const char *io_tab_cell(const io_tab_t *tab, int col)
{
    if (col < 0) return NULL;
    const char *v = io_table_cell(tab->t, col);
    return io_cell_missing(v) ? NULL : v;
}

const char *io_annot_gene(const io_annot_t *a, const char *cell)
{
    if (io_cell_missing(cell) || strcmp(cell, "Unknown") == 0) return NULL; /* GDC's IGR rows */
    return onc_genes_canonical(a->genes, cell);
}

int io_annot_hotspot(io_annot_t *a, onc_reader_t *r, uint64_t line, const char *genome,
                     const char *chrom, int64_t pos, const char *ref, const char *alt,
                     onc_hotspot_hit_t *hit)
{
    if (!a->hotspots_tried) {
        a->hotspots_tried = 1;
        onc_err_t err = {0};
        if (!(a->hotspots = onc_hotspots_load(r->opts.kb_dir, &err)))
            io_warn(r, "coordinate events could not be loaded (%s): rows with coordinates only "
                       "are kept unannotated", err.msg);
    }
    if (!a->hotspots) return 0;
    onc_err_t err = {0};
    int ret = onc_hotspots_lookup(a->hotspots, genome, chrom, pos, ref, alt, hit, &err);
    if (ret < 0) return io_fail(r, err.code ? err.code : ONC_EINVAL, line, NULL, "%s", err.msg);
    return ret;
}

const char *io_genome_name(const char *cell, int *known)
{
    static const struct { const char *name, *genome; } names[] = {
        {"GRCh37", "GRCh37"}, {"GRCh38", "GRCh38"}, {"37", "GRCh37"}, {"38", "GRCh38"},
        {"hg19", "GRCh37"}, {"hg38", "GRCh38"}, {"b37", "GRCh37"},
    };
    *known = 1;
    if (io_cell_missing(cell)) return NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcasecmp(cell, names[i].name) == 0) return names[i].genome;
    *known = 0;
    return NULL;
}

const char *io_row_genome(onc_reader_t *r, const char *cell, const char *colname)
{
    int known = 1;
    const char *genome = cell ? io_genome_name(cell, &known) : NULL;
    if (!known) io_warn(r, "%s '%s' is neither GRCh37 nor GRCh38: genome left empty", colname, cell);
    return genome ? genome : r->opts.genome;
}

int io_cna_call(const char *cell, onc_alt_kind *kind)
{
    static const struct { const char *text; int call; onc_alt_kind kind; } calls[] = {
        {"2", 1, ONC_KIND_AMPLIFICATION},  {"Amplification", 1, ONC_KIND_AMPLIFICATION},
        {"1", 1, ONC_KIND_GAIN},           {"Gain", 1, ONC_KIND_GAIN},
        {"-1", 1, ONC_KIND_LOSS},          {"Loss", 1, ONC_KIND_LOSS},
        {"-2", 1, ONC_KIND_DELETION},      {"-1.5", 1, ONC_KIND_DELETION},
        {"Deletion", 1, ONC_KIND_DELETION}, {"0", 0, ONC_KIND_MUTATION},
    };
    if (io_cell_missing(cell)) return 0;
    for (size_t i = 0; i < sizeof calls / sizeof *calls; i++)
        if (strcasecmp(cell, calls[i].text) == 0) {
            *kind = calls[i].kind;
            return calls[i].call;
        }
    return -1;
}

const char *io_cna_alteration(onc_alt_kind kind)
{
    switch (kind) {
    case ONC_KIND_AMPLIFICATION: return "Amplification";
    case ONC_KIND_GAIN: return "Gain";
    case ONC_KIND_LOSS: return "Loss";
    case ONC_KIND_DELETION: return "Deletion";
    case ONC_KIND_MUTATION:
    case ONC_KIND_FUSION:
    case ONC_KIND_STRUCTURAL:
    case ONC_KIND_BIOMARKER: break;
    }
    return NULL;
}

/* Splits buf at the separator sep (length seplen) found at p. */
static void split_at(char *p, size_t seplen, char *buf, const char **a, const char **b)
{
    *p = '\0';
    *a = *buf ? buf : NULL;
    *b = p[seplen] ? p + seplen : NULL;
}

int io_fusion_split(const char *cell, char *buf, size_t n, const char **a, const char **b)
{
    size_t len = 0;
    while (cell[len] && !isspace((unsigned char)cell[len])) len++; /* "A-B fusion": the name */
    if (len >= n) return -2;
    memcpy(buf, cell, len);
    buf[len] = '\0';
    *a = *b = NULL;
    char *p;
    if ((p = strstr(buf, "--"))) split_at(p, 2, buf, a, b);
    else if ((p = strstr(buf, "::"))) split_at(p, 2, buf, a, b);
    else if (len > 11 && strcasecmp(buf + len - 11, "-intragenic") == 0) {
        buf[len - 11] = '\0';
        *a = *b = *buf ? buf : NULL;
    } else {
        p = strchr(buf, '-');
        if (!p) {
            *a = *buf ? buf : NULL; /* one gene: a rearrangement without a named partner */
            return 0;
        }
        if (strchr(p + 1, '-')) return -1; /* "NKX2-1-ALK": which hyphen separates? */
        split_at(p, 1, buf, a, b);
    }
    return 0;
}

int io_fusion_partners(const io_annot_t *k, const char *cell_a, const char *cell_b, const char *name,
                       char *buf, size_t n, const char **a, const char **b)
{
    *a = io_annot_gene(k, cell_a);
    *b = io_annot_gene(k, cell_b);
    if (*a || *b) {
        /* One gene in a pair layout is an event within that gene: cBioPortal's SV files leave
         * Site2 empty for them (Event_Info "EGFR-intragenic", "Deletion within transcript"). */
        if (!*a) *a = *b;
        if (!*b) *b = *a;
        return 0;
    }
    if (!name || io_cell_missing(name)) return 0;
    const char *na, *nb;
    int ret = io_fusion_split(name, buf, n, &na, &nb);
    if (ret < 0) return ret;
    *a = na ? onc_genes_canonical(k->genes, na) : NULL;
    *b = nb ? onc_genes_canonical(k->genes, nb) : NULL;
    return 0;
}

int io_fusion_fill(onc_alt_t *out, const char *a, const char *b, char *buf, size_t n)
{
    int ret = 0, w;
    if (!a && !b) return -1;
    if (a && b && strcmp(a, b) != 0) {
        out->kind = ONC_KIND_FUSION;
        out->gene = a;
        out->partner = b;
        w = snprintf(buf, n, "%s-%s Fusion", a, b);
    } else if (a && b) {
        out->kind = ONC_KIND_STRUCTURAL;
        out->gene = a;
        w = snprintf(buf, n, "%s-intragenic", a);
    } else {
        out->kind = ONC_KIND_STRUCTURAL;
        out->gene = a ? a : b;
        w = snprintf(buf, n, "%s rearrangement", out->gene);
        ret = 1;
    }
    if (w < 0 || (size_t)w >= n) return -1;
    out->alteration = buf;
    return ret;
}

int io_parse_pos(const char *cell, int64_t *pos)
{
    int ret = io_parse_int(cell, 1, INT64_C(1) << 40, pos);
    if (ret >= 0) return ret;
    /* "116412043.0": a whole number that went through a floating-point column */
    char *end;
    errno = 0;
    long long v = strtoll(cell, &end, 10);
    if (errno || end == cell || *end != '.' || v < 1 || v > (INT64_C(1) << 40)) return -1;
    for (end++; *end == '0'; end++) {}
    if (*end) return -1;
    *pos = v;
    return 0;
}

int io_parse_count(const char *cell, int32_t *out)
{
    int64_t v;
    int ret = io_parse_int(cell, 0, INT32_MAX, &v);
    if (ret == 0) *out = (int32_t)v;
    return ret;
}
