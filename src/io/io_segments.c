/* io_segments.c: allele-specific copy-number segments (PCGR's input: Chromosome, Start, End,
 * nMajor, nMinor) into gene-level copy-number calls.
 *
 * A segment is a region, not a gene. The call comes from the total copy number
 * (nMajor + nMinor) with PCGR's default absolute thresholds (sigven/pcgr, pcgr/cna.py
 * annotate_cna_segments and the "Somatic copy number variant class thresholds" section of its
 * running vignette): 0 copies homozygous deletion, 1 a loss, 3 or 4 a gain, 5 or more an
 * amplification, 2 no change. The thresholds are absolute on purpose: the file does not give
 * the tumour's ploidy and this reader does not guess it (PCGR's default mode does not either).
 * As PCGR does without the patient's sex, losses on X and Y are not called.
 * With a genome (--genome) each called segment is mapped onto the genes of kb/gene_loci.tsv it
 * covers for at least half of the gene's span (PCGR's default transcript overlap is 50%): one
 * alteration per gene ("MET Amplification, 14 copies"). Without a genome each called segment is
 * reported as a region without a gene, and a warning says why. docs/formats.md has the rules.
 */
#include "io_annot.h"
#include "oncoboard/kbfile.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* PCGR defaults (absolute mode): amplification >= 5, gain >= 3, loss <= 1, deletion == 0. */
#define SEG_AMPLIFICATION_MIN 5.0
#define SEG_GAIN_MIN 3.0
#define SEG_LOSS_MAX 1.0
#define SEG_LOCI_MAX 100000

enum seg_col { S_CHROM, S_START, S_END, S_MAJOR, S_MINOR, S_N };
static const char *const seg_names[S_N] = {"Chromosome", "Start", "End", "nMajor", "nMinor"};

typedef struct locus {
    char gene[32], genome[8], chrom[8];
    int64_t start, end;
} locus_t;

typedef struct seg_state {
    io_tab_t tab; /* first: the table and the current line (no gene tables: loci instead) */
    int col[S_N];
    locus_t *loci;
    size_t n_loci;
    size_t next_locus; /* the current segment's next locus to test */
    int have_segment;
    int emitted; /* the current segment gave at least one gene */
    int64_t start, end;
    double copies;
    onc_alt_kind kind;
} seg_state_t;

static int probe(char *const *cols, int ncols)
{
    for (int c = 0; c < S_N; c++) {
        const char *one[] = {seg_names[c], NULL};
        if (io_cols_find(cols, ncols, one) < 0) return 0;
    }
    return 40;
}

/* ---- kb/gene_loci.tsv ---- */

/* Copies cell into dst (n bytes); 0, or -1 when it does not fit or is empty. */
static int copy_cell(char *dst, size_t n, const char *cell)
{
    size_t len = strlen(cell);
    if (!len || len >= n) return -1;
    memcpy(dst, cell, len + 1);
    return 0;
}

/* One row of the table into l; the error names the field. */
static onc_rc parse_locus(const onc_kb_rows_t *rows, const int *col, locus_t *l)
{
    static const char *const names[] = {"gene", "genome", "chrom", "start", "end"};
    char *const dst[] = {l->gene, l->genome, l->chrom};
    const size_t cap[] = {sizeof l->gene, sizeof l->genome, sizeof l->chrom};
    for (int i = 0; i < 3; i++)
        if (copy_cell(dst[i], cap[i], onc_kb_rows_cell(rows, col[i])))
            return onc_kb_rows_fail(rows, ONC_EPARSE, names[i], "empty or longer than %zu bytes", cap[i] - 1);
    if (io_parse_int(onc_kb_rows_cell(rows, col[3]), 1, INT64_C(1) << 40, &l->start))
        return onc_kb_rows_fail(rows, ONC_EPARSE, names[3], "not a position");
    if (io_parse_int(onc_kb_rows_cell(rows, col[4]), 1, INT64_C(1) << 40, &l->end) || l->end < l->start)
        return onc_kb_rows_fail(rows, ONC_EPARSE, names[4], "not a position at or after start");
    return ONC_OK;
}

static onc_rc add_locus(seg_state_t *s, const onc_kb_rows_t *rows, const locus_t *l)
{
    if (s->n_loci == SEG_LOCI_MAX)
        return onc_kb_rows_fail(rows, ONC_ELIMIT, NULL, "more than %d loci", SEG_LOCI_MAX);
    locus_t *grown = realloc(s->loci, (s->n_loci + 1) * sizeof *s->loci);
    if (!grown) return onc_kb_rows_fail(rows, ONC_ENOMEM, NULL, "out of memory");
    s->loci = grown;
    s->loci[s->n_loci++] = *l;
    return ONC_OK;
}

static onc_rc load_loci(onc_reader_t *r, seg_state_t *s)
{
    static const char *const columns[] = {"gene", "genome", "chrom", "start", "end", NULL};
    onc_kb_text_t kb;
    onc_kb_rows_t rows;
    onc_err_t err = {0};
    int col[5], more = 0;
    onc_rc rc = onc_kb_text_load(&kb, r->opts.kb_dir, "gene_loci.tsv", &err);
    if (!rc) rc = onc_kb_rows_open(&rows, &kb, &err);
    if (!rc) rc = onc_kb_rows_columns(&rows, columns, col);
    while (!rc && (more = onc_kb_rows_next(&rows)) == 1) {
        locus_t l;
        if (!(rc = parse_locus(&rows, col, &l))) rc = add_locus(s, &rows, &l);
    }
    if (!rc && more < 0) rc = rows.rc;
    onc_kb_text_free(&kb);
    if (rc) io_fail(r, rc, 0, NULL, "%s", err.msg);
    return rc;
}

/* ---- open / close ---- */

static void free_segments(void *state) { free(((seg_state_t *)state)->loci); }

static onc_rc open_segments(onc_reader_t *r)
{
    onc_rc rc = io_tab_open(r, sizeof(seg_state_t), 0);
    if (rc != ONC_OK) return rc;
    seg_state_t *s = r->state;
    s->tab.free_extra = free_segments;
    for (int c = 0; c < S_N; c++) {
        const char *one[] = {seg_names[c], NULL};
        if ((s->col[c] = io_table_find(s->tab.t, one)) < 0) {
            io_fail(r, ONC_EFORMAT, io_table_lineno(s->tab.t), seg_names[c],
                    "not a segment table: the header lacks this column (Chromosome, Start, End, nMajor, nMinor)");
            return ONC_EFORMAT;
        }
    }
    if (!r->opts.genome) {
        io_warn(r, "genome not given (--genome): called segments are reported as regions, not mapped to genes");
        return ONC_OK;
    }
    return load_loci(r, s);
}

/* ---- segments ---- */

static int is_sex_chromosome(const char *chrom)
{
    if (strncasecmp(chrom, "chr", 3) == 0) chrom += 3;
    return strcasecmp(chrom, "X") == 0 || strcasecmp(chrom, "Y") == 0;
}

/* The call for a total copy number; 0 for none. */
static int call_of(double copies, const char *chrom, onc_alt_kind *kind)
{
    if (copies >= SEG_AMPLIFICATION_MIN) *kind = ONC_KIND_AMPLIFICATION;
    else if (copies >= SEG_GAIN_MIN) *kind = ONC_KIND_GAIN;
    else if (is_sex_chromosome(chrom)) return 0; /* sex unknown: losses not called (PCGR) */
    else if (copies == 0) *kind = ONC_KIND_DELETION;
    else if (copies <= SEG_LOSS_MAX) *kind = ONC_KIND_LOSS;
    else return 0;
    return 1;
}

static int allele_copies(onc_reader_t *r, seg_state_t *s, enum seg_col c, double *out)
{
    const char *v = io_table_cell(s->tab.t, s->col[c]);
    if (io_parse_double(v, out) != 0 || *out < 0 || *out > 1e6)
        return io_fail(r, ONC_EPARSE, s->tab.line, io_table_colname(s->tab.t, s->col[c]),
                       "not a copy number: '%.60s'", v);
    *out = rint(*out); /* PCGR rounds each allele's copies to a whole number */
    return 0;
}

/* Reads rows until one is a call: 0 with the segment in s, -1 at the end, -2 on error. */
static int next_called_segment(onc_reader_t *r, seg_state_t *s)
{
    for (;;) {
        int ret = io_tab_next(r, &s->tab);
        if (ret) return ret;
        const char *chrom = io_table_cell(s->tab.t, s->col[S_CHROM]);
        if (!*chrom) return io_fail(r, ONC_EPARSE, s->tab.line, io_table_colname(s->tab.t, s->col[S_CHROM]), "empty");
        for (int c = S_START; c <= S_END; c++) {
            int64_t *dst = c == S_START ? &s->start : &s->end;
            if (io_parse_pos(io_table_cell(s->tab.t, s->col[c]), dst) != 0)
                return io_fail(r, ONC_EPARSE, s->tab.line, io_table_colname(s->tab.t, s->col[c]), "not a position: '%.60s'",
                               io_table_cell(s->tab.t, s->col[c]));
        }
        if (s->end < s->start)
            return io_fail(r, ONC_EPARSE, s->tab.line, io_table_colname(s->tab.t, s->col[S_END]), "ends before its start");
        double major, minor;
        if (allele_copies(r, s, S_MAJOR, &major) < 0 || allele_copies(r, s, S_MINOR, &minor) < 0) return -2;
        s->copies = major + minor;
        if (call_of(s->copies, chrom, &s->kind)) {
            s->next_locus = 0;
            s->have_segment = 1;
            s->emitted = 0;
            return 0;
        }
    }
}

static int same_chrom(const char *a, const char *b)
{
    if (strncasecmp(a, "chr", 3) == 0) a += 3;
    if (strncasecmp(b, "chr", 3) == 0) b += 3;
    return strcasecmp(a, b) == 0;
}

/* 1 when the current segment covers at least half of locus l. */
static int covers(const seg_state_t *s, const locus_t *l, const char *genome, const char *chrom)
{
    if (strcmp(l->genome, genome) != 0 || !same_chrom(l->chrom, chrom)) return 0;
    int64_t from = s->start > l->start ? s->start : l->start, to = s->end < l->end ? s->end : l->end;
    return to >= from && 2 * (to - from + 1) >= l->end - l->start + 1;
}

static void fill(onc_reader_t *r, const seg_state_t *s, onc_alt_t *out)
{
    onc_alt_init(out);
    out->kind = s->kind;
    out->alteration = io_cna_alteration(s->kind);
    out->copies = s->copies;
    out->chrom = io_table_cell(s->tab.t, s->col[S_CHROM]);
    out->pos = s->start;
    out->genome = r->opts.genome;
    out->source = r->path;
    out->line = s->tab.line;
}

static int next_segments(onc_reader_t *r, onc_alt_t *out)
{
    seg_state_t *s = r->state;
    for (;;) {
        if (!s->have_segment) {
            int ret = next_called_segment(r, s);
            if (ret) return ret;
            if (!r->opts.genome) {
                s->have_segment = 0;
                fill(r, s, out);
                return 0;
            }
        }
        const char *chrom = io_table_cell(s->tab.t, s->col[S_CHROM]);
        while (s->next_locus < s->n_loci) {
            const locus_t *l = &s->loci[s->next_locus++];
            if (covers(s, l, r->opts.genome, chrom)) {
                fill(r, s, out);
                out->gene = l->gene;
                s->emitted = 1;
                return 0;
            }
        }
        if (!s->emitted)
            io_warn(r, "called segments that cover no gene of kb/gene_loci.tsv (by half its span): not reported");
        s->have_segment = 0;
    }
}

const onc_format_ops onc_segments_ops = {ONC_FMT_SEGMENTS, probe, open_segments, next_segments, io_tab_close};
