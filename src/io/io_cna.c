/* io_cna.c: gene-level copy-number calls into alterations.
 *
 * Two layouts (oncokb-annotator CnaAnnotator.py, cBioPortal's discrete CNA data):
 * - one call per row: Tumor_Sample_Barcode, Hugo_Symbol, Copy_Number_Alteration (a GISTIC
 *   number or a word: Amplification, Gain, Loss, Deletion);
 * - the GISTIC matrix: a gene column (Hugo_Symbol or "Gene Symbol"), optional Entrez_Gene_Id /
 *   Locus ID / Cytoband, then one column per sample holding -2..2.
 * A matrix row holds a call for each sample: the reader keeps the row and an index over its
 * sample columns, so that it streams like the other readers. 0 and NA are "no change" and
 * give no alteration; gains and losses (GISTIC 1 and -1) are reported with their own kinds,
 * the consumer decides whether they matter (oncokb-annotator drops them without -z).
 */
#include "io_annot.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NAMES(...) (const char *const[]){__VA_ARGS__, NULL}
static const char *const gene_names[] = {"Hugo_Symbol", "Gene Symbol", "Hugo_Gene_Symbol", NULL};
static const char *const sample_names[] = {"Tumor_Sample_Barcode", "Sample_ID", NULL};
static const char *const call_names[] = {"Copy_Number_Alteration", "CNA", "GISTIC", NULL};
/* Matrix columns that describe the gene rather than hold a sample. */
static const char *const gene_info_names[] = {"Hugo_Symbol", "Gene Symbol", "Hugo_Gene_Symbol",
                                              "Entrez_Gene_Id", "Locus ID", "Cytoband", NULL};
/* Columns of a MAF or a mixed alteration table: their presence says this is not a CNA file. */
static const char *const variant_names[] = {"HGVSp_Short", "HGVSp", "Variant_Classification",
                                            "Start_Position", "Alteration_Category", "Fusion", NULL};

typedef struct cna_state {
    io_tab_t tab; /* first: the table, the knowledge base, the current line */
    int gene, sample, call; /* columns; sample and call are -1 in a matrix */
    int matrix;
    int next_col;           /* matrix: the next column of the current row to look at */
    int have_row;
    char *is_sample;        /* matrix: per column, 1 when it holds a sample */
} cna_state_t;

static int is_sample_column(const char *name)
{
    for (const char *const *n = gene_info_names; *n; n++)
        if (strcasecmp(name, *n) == 0) return 0;
    return 1;
}

static int probe(char *const *cols, int ncols)
{
    if (io_cols_find(cols, ncols, variant_names) >= 0 || io_cols_find(cols, ncols, gene_names) < 0) return 0;
    if (io_cols_find(cols, ncols, call_names) >= 0) return 30;
    if (io_cols_find(cols, ncols, sample_names) >= 0) return 0;
    for (int i = 0; i < ncols; i++)
        if (is_sample_column(cols[i])) return 20;
    return 0;
}

static void free_cna(void *state) { free(((cna_state_t *)state)->is_sample); }

static onc_rc open_cna(onc_reader_t *r)
{
    onc_rc rc = io_tab_open(r, sizeof(cna_state_t), 1);
    if (rc != ONC_OK) return rc;
    cna_state_t *s = r->state;
    s->tab.free_extra = free_cna;
    s->gene = io_table_find(s->tab.t, gene_names);
    s->call = io_table_find(s->tab.t, call_names);
    if (s->call < 0) s->call = io_table_find(s->tab.t, NAMES("Alteration"));
    s->sample = io_table_find(s->tab.t, sample_names);
    s->matrix = s->call < 0;
    if (s->gene < 0) {
        io_fail(r, ONC_EFORMAT, io_table_lineno(s->tab.t), NULL,
                "not a copy-number table: no gene column (Hugo_Symbol or Gene Symbol)");
        return ONC_EFORMAT;
    }
    int ncols = io_table_ncols(s->tab.t);
    if (!(s->is_sample = calloc((size_t)ncols + 1, 1))) {
        io_fail(r, ONC_ENOMEM, 0, NULL, "out of memory");
        return ONC_ENOMEM;
    }
    for (int i = 0; i < ncols; i++) s->is_sample[i] = (char)is_sample_column(io_table_colname(s->tab.t, i));
    return ONC_OK;
}

/* Fills out from the call in column col of the current row: 1 a call, 0 none, -2 error. */
static int call_at(onc_reader_t *r, cna_state_t *s, int col, onc_alt_t *out)
{
    const char *v = io_table_cell(s->tab.t, col);
    onc_alt_kind kind;
    int ret = io_cna_call(v, &kind);
    if (ret < 0)
        return io_fail(r, ONC_EPARSE, s->tab.line, io_table_colname(s->tab.t, col),
                       "not a copy-number call: '%.60s' (-2, -1, 0, 1, 2, NA, or Amplification, Gain, "
                       "Loss, Deletion)", v);
    if (ret == 0) return 0;
    const char *gene = io_annot_gene(&s->tab.kb, io_table_cell(s->tab.t, s->gene));
    if (!gene)
        return io_fail(r, ONC_EPARSE, s->tab.line, io_table_colname(s->tab.t, s->gene), "copy-number call without a gene");
    onc_alt_init(out);
    out->kind = kind;
    out->alteration = io_cna_alteration(kind);
    out->gene = gene;
    out->source = r->path;
    out->line = s->tab.line;
    out->genome = r->opts.genome;
    return 1;
}

static int next_row(onc_reader_t *r, cna_state_t *s)
{
    int ret = io_tab_next(r, &s->tab);
    if (ret) return ret;
    s->next_col = 0;
    s->have_row = 1;
    return 0;
}

static int next_in_matrix(onc_reader_t *r, cna_state_t *s, onc_alt_t *out)
{
    char *const *cols = io_table_colnames(s->tab.t);
    int ncols = io_table_ncols(s->tab.t);
    for (;;) {
        if (!s->have_row || s->next_col >= ncols) {
            int ret = next_row(r, s);
            if (ret) return ret;
        }
        while (s->next_col < ncols) {
            int col = s->next_col++;
            if (!s->is_sample[col]) continue;
            int ret = call_at(r, s, col, out);
            if (ret < 0) return ret;
            if (ret) {
                out->sample = cols[col];
                return 0;
            }
        }
    }
}

static int next_cna(onc_reader_t *r, onc_alt_t *out)
{
    cna_state_t *s = r->state;
    if (s->matrix) return next_in_matrix(r, s, out);
    for (;;) {
        int ret = next_row(r, s);
        if (ret) return ret;
        if ((ret = call_at(r, s, s->call, out)) < 0) return ret;
        if (ret) {
            out->sample = io_tab_cell(&s->tab, s->sample);
            return 0;
        }
    }
}

int io_cna_is_matrix(const onc_reader_t *r) { return ((const cna_state_t *)r->state)->matrix; }

const onc_format_ops onc_cna_ops = {ONC_FMT_CNA, probe, open_cna, next_cna, io_tab_close};
