/* io_fusion.c: fusion and structural-variant tables into alterations.
 *
 * Three layouts, told apart by their columns: the oncokb-annotator's fusion file (Fusion:
 * "EML4-ALK", "ETV6-RUNX1 fusion", "MLL2-intragenic"), its structural-variant file (GeneA,
 * GeneB, Sv_Type; also the SITE1_/SITE2_ names cBioPortal uses and CivicAnnotator's
 * Gene_1/Gene_2), and PCGR's RNA fusion file (FusionGene "EML4--ALK", LeftBreakpoint and
 * RightBreakpoint "chrom:pos", SplitReads). Two different genes make a fusion named as
 * OncoKB does ("EML4-ALK Fusion", gene = the first named, taken as the 5' partner); the same
 * gene twice is an intragenic structural variant; one gene alone is a rearrangement with an
 * unnamed partner, kept and warned about. docs/formats.md lists every rule.
 */
#include "io_annot.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum fusion_col { F_SAMPLE, F_NAME, F_GENE_A, F_GENE_B, F_TYPE, F_LEFT, F_RIGHT, F_READS, F_CHROM, F_POS, F_BUILD,
                  F_N };

#define NAMES(...) (const char *const[]){__VA_ARGS__, NULL}
static const char *const *const column_names[F_N] = {
    [F_SAMPLE] = NAMES("Tumor_Sample_Barcode", "Sample_ID", "Sample"),
    [F_NAME] = NAMES("Fusion", "FusionGene", "Fusion_Id", "#FusionName", "FusionName"),
    [F_GENE_A] = NAMES("GeneA", "Site1_Hugo_Symbol", "Site1_Gene", "Gene1", "Gene_1"),
    [F_GENE_B] = NAMES("GeneB", "Site2_Hugo_Symbol", "Site2_Gene", "Gene2", "Gene_2"),
    [F_TYPE] = NAMES("Sv_Type", "SV_Class_Name", "Class"),
    [F_LEFT] = NAMES("LeftBreakpoint"),
    [F_RIGHT] = NAMES("RightBreakpoint"),
    [F_READS] = NAMES("SplitReads", "JunctionReadCount", "Tumor_Split_Read_Count"),
    [F_CHROM] = NAMES("Site1_Chromosome", "Chr1"),
    [F_POS] = NAMES("Site1_Position", "Pos1"),
    [F_BUILD] = NAMES("NCBI_Build"),
};

/* Columns that make a table a MAF (or a mixed alteration table) rather than a fusion list. */
static const char *const maf_columns[] = {"HGVSp_Short", "HGVSp", "Variant_Classification",
                                          "Start_Position", "Alteration_Category", NULL};

typedef struct fusion_state {
    io_tab_t tab; /* first: the table, the knowledge base, the current line */
    int col[F_N];
    char split[256];
    char name[256];
    char chrom[64];
} fusion_state_t;

static int probe(char *const *cols, int ncols)
{
    if (io_cols_find(cols, ncols, maf_columns) >= 0) return 0;
    int named = io_cols_find(cols, ncols, column_names[F_NAME]) >= 0;
    int pair = io_cols_find(cols, ncols, column_names[F_GENE_A]) >= 0 &&
               io_cols_find(cols, ncols, column_names[F_GENE_B]) >= 0;
    if (!named && !pair) return 0;
    return 30 + 5 * (io_cols_find(cols, ncols, column_names[F_TYPE]) >= 0) +
           5 * (io_cols_find(cols, ncols, column_names[F_LEFT]) >= 0);
}

static onc_rc open_fusion(onc_reader_t *r)
{
    onc_rc rc = io_tab_open(r, sizeof(fusion_state_t), 1);
    if (rc != ONC_OK) return rc;
    fusion_state_t *s = r->state;
    for (int c = 0; c < F_N; c++) s->col[c] = io_table_find(s->tab.t, column_names[c]);
    if (s->col[F_NAME] < 0 && (s->col[F_GENE_A] < 0 || s->col[F_GENE_B] < 0)) {
        io_fail(r, ONC_EFORMAT, io_table_lineno(s->tab.t), NULL,
                "not a fusion table: no Fusion/FusionGene column and no GeneA/GeneB pair");
        return ONC_EFORMAT;
    }
    return ONC_OK;
}

static const char *cell(const fusion_state_t *s, enum fusion_col c) { return io_tab_cell(&s->tab, s->col[c]); }

static const char *colname(const fusion_state_t *s, enum fusion_col c)
{
    return s->col[c] >= 0 ? io_table_colname(s->tab.t, s->col[c]) : column_names[c][0];
}

/* The partners: GeneA/GeneB when the row has them, else the fusion name split. */
static int partners(onc_reader_t *r, fusion_state_t *s, const char **a, const char **b)
{
    const char *name = cell(s, F_NAME);
    int ret = io_fusion_partners(&s->tab.kb, io_table_cell(s->tab.t, s->col[F_GENE_A]), io_table_cell(s->tab.t, s->col[F_GENE_B]),
                                 name, s->split, sizeof s->split, a, b);
    if (ret == -2)
        return io_fail(r, ONC_ELIMIT, s->tab.line, colname(s, F_NAME), "fusion name longer than %zu bytes",
                       sizeof s->split - 1);
    if (ret < 0)
        return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, F_NAME),
                       "'%.80s': several hyphens, the partners cannot be told apart (write them as A--B)", name);
    return 0;
}

/* LeftBreakpoint "2:42522694" (or "chr2:42522694:+", as STAR-Fusion writes) to chrom/pos. */
/* The 5' breakpoint: LeftBreakpoint "chrom:pos", or cBioPortal's Site1_Chromosome and
 * Site1_Position. */
static int breakpoint(onc_reader_t *r, fusion_state_t *s, onc_alt_t *out)
{
    const char *v = cell(s, F_LEFT);
    if (!v) {
        out->chrom = cell(s, F_CHROM);
        if (io_parse_pos(io_table_cell(s->tab.t, s->col[F_POS]), &out->pos) < 0)
            return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, F_POS), "not a position: '%.60s'",
                           io_table_cell(s->tab.t, s->col[F_POS]));
        return 0;
    }
    const char *colon = strchr(v, ':');
    size_t n = colon ? (size_t)(colon - v) : 0;
    char pos[32];
    const char *p = colon ? colon + 1 : NULL, *stop = p ? strchr(p, ':') : NULL;
    size_t pn = p ? (stop ? (size_t)(stop - p) : strlen(p)) : 0;
    if (!colon || n == 0 || n >= sizeof s->chrom || pn == 0 || pn >= sizeof pos)
        return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, F_LEFT), "not a breakpoint 'chrom:pos': '%.60s'", v);
    memcpy(s->chrom, v, n);
    s->chrom[n] = '\0';
    memcpy(pos, p, pn);
    pos[pn] = '\0';
    if (io_parse_pos(pos, &out->pos) != 0)
        return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, F_LEFT), "not a breakpoint 'chrom:pos': '%.60s'", v);
    out->chrom = s->chrom;
    return 0;
}

static int next_fusion(onc_reader_t *r, onc_alt_t *out)
{
    fusion_state_t *s = r->state;
    int ret = io_tab_next(r, &s->tab);
    if (ret) return ret;
    onc_alt_init(out);
    out->source = r->path;
    out->line = s->tab.line;
    out->sample = cell(s, F_SAMPLE);
    out->genome = io_row_genome(r, cell(s, F_BUILD), colname(s, F_BUILD));
    const char *a, *b;
    if ((ret = partners(r, s, &a, &b)) < 0) return ret;
    ret = io_fusion_fill(out, a, b, s->name, sizeof s->name);
    if (ret < 0)
        return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, s->col[F_NAME] >= 0 ? F_NAME : F_GENE_A),
                       "no gene in this row");
    if (ret == 1) io_warn(r, "fusions with one partner missing: kept as a rearrangement of the other gene");
    out->consequence = cell(s, F_TYPE);
    if (s->col[F_READS] >= 0 && io_parse_count(io_table_cell(s->tab.t, s->col[F_READS]), &out->alt_count) < 0)
        return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, F_READS), "not a read count: '%.60s'",
                       io_table_cell(s->tab.t, s->col[F_READS]));
    return breakpoint(r, s, out);
}

const onc_format_ops onc_fusion_ops = {ONC_FMT_FUSION, probe, open_fusion, next_fusion, io_tab_close};
