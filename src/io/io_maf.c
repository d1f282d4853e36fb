/* io_maf.c: MAF files (GDC, cBioPortal, vcf2maf, oncokb-annotator input) into alterations.
 *
 * A MAF is a wide table read by column name: the columns this reader uses are looked up
 * once at open (a GDC MAF has 120+, most of them ignored), and each row only touches those
 * cells. The variant comes from the protein change (HGVSp_Short, then HGVSp, then the
 * oncokb-annotator's ALTERATION column), else from the coordinates, which go through the
 * knowledge base's coordinate events as raw VCF records do; a row with neither is an error,
 * never a silent skip. Alleles follow the MAF convention (Tumor_Seq_Allele2 unless it equals
 * the reference, then Tumor_Seq_Allele1). Rows of CivicAnnotator's mixed alteration tables
 * (Alteration_Category c/f/m) are read as copy-number calls, fusions or mutations.
 * docs/formats.md lists every rule.
 */
#include "io_annot.h"
#include "oncoboard/hgvs.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum maf_col {
    C_GENE, C_SAMPLE, C_HGVSP_SHORT, C_HGVSP, C_ALTERATION, C_HGVSG, C_HGVSC, C_TRANSCRIPT,
    C_CLASS, C_CONSEQUENCE, C_CHROM, C_POS, C_REF, C_ALLELE1, C_ALLELE2, C_BUILD, C_EXON,
    C_FILTER, C_DEPTH, C_REF_COUNT, C_ALT_COUNT, C_CATEGORY, C_GENE1, C_GENE2, C_N
};

/* Column names in order of preference (matched without regard to case). */
#define NAMES(...) (const char *const[]){__VA_ARGS__, NULL}
static const char *const *const column_names[C_N] = {
    [C_GENE] = NAMES("Hugo_Symbol", "Hugo_Gene_Symbol", "Gene"),
    [C_SAMPLE] = NAMES("Tumor_Sample_Barcode", "Sample_ID", "Subject_Id"),
    [C_HGVSP_SHORT] = NAMES("HGVSp_Short"),
    [C_HGVSP] = NAMES("HGVSp"),
    [C_ALTERATION] = NAMES("Alteration", "Protein_Change"),
    [C_HGVSG] = NAMES("HGVSg"),
    [C_HGVSC] = NAMES("HGVSc"),
    [C_TRANSCRIPT] = NAMES("Transcript_ID", "Feature"),
    [C_CLASS] = NAMES("Variant_Classification", "Mutation_Type"),
    [C_CONSEQUENCE] = NAMES("Consequence"),
    [C_CHROM] = NAMES("Chromosome"),
    [C_POS] = NAMES("Start_Position"),
    [C_REF] = NAMES("Reference_Allele"),
    [C_ALLELE1] = NAMES("Tumor_Seq_Allele1"),
    [C_ALLELE2] = NAMES("Tumor_Seq_Allele2"),
    [C_BUILD] = NAMES("NCBI_Build", "Reference_Genome"),
    [C_EXON] = NAMES("Exon_Number", "EXON"),
    [C_FILTER] = NAMES("FILTER"),
    [C_DEPTH] = NAMES("t_depth"),
    [C_REF_COUNT] = NAMES("t_ref_count"),
    [C_ALT_COUNT] = NAMES("t_alt_count"),
    [C_CATEGORY] = NAMES("Alteration_Category"),
    [C_GENE1] = NAMES("Gene_1"),
    [C_GENE2] = NAMES("Gene_2"),
};

typedef struct maf_state {
    io_tab_t tab; /* first: the table, the knowledge base, the current line */
    int col[C_N];
    char protein[128];  /* the normalised protein change */
    char decoded[256];  /* a protein change with vcf2maf's "%3D" turned back into "=" */
    char name[256];     /* a fusion's or structural variant's alteration */
    char split[256];    /* a fusion name being split */
    onc_hotspot_hit_t hit;
} maf_state_t;

/* ---- detection ---- */

static int has(char *const *cols, int ncols, enum maf_col c) { return io_cols_find(cols, ncols, column_names[c]) >= 0; }

/* A MAF needs a variant: a protein change or HGVSg, or coordinates. A gene column and the
 * usual MAF columns make it more certain; without a variant column it is something else. */
static int probe(char *const *cols, int ncols)
{
    int protein = has(cols, ncols, C_HGVSP_SHORT) || has(cols, ncols, C_HGVSP) || has(cols, ncols, C_HGVSG);
    int coords = has(cols, ncols, C_CHROM) && has(cols, ncols, C_POS);
    int hugo = io_cols_find(cols, ncols, NAMES("Hugo_Symbol", "Hugo_Gene_Symbol")) >= 0;
    /* The oncokb-annotator's smallest MAF: a gene and an ALTERATION (atypical alterations). */
    if (!protein && !coords) return hugo && has(cols, ncols, C_ALTERATION) ? 15 : 0;
    int score = 20 + 10 * hugo;
    static const enum maf_col usual[] = {C_CLASS, C_SAMPLE, C_REF, C_ALLELE2, C_HGVSC, C_DEPTH};
    for (size_t i = 0; i < sizeof usual / sizeof *usual; i++) score += 2 * has(cols, ncols, usual[i]);
    return score;
}

/* ---- open / close ---- */

static onc_rc open_maf(onc_reader_t *r)
{
    onc_rc rc = io_tab_open(r, sizeof(maf_state_t), 1);
    if (rc != ONC_OK) return rc;
    maf_state_t *s = r->state;
    for (int c = 0; c < C_N; c++) s->col[c] = io_table_find(s->tab.t, column_names[c]);
    if (!probe(io_table_colnames(s->tab.t), io_table_ncols(s->tab.t))) {
        io_fail(r, ONC_EFORMAT, io_table_lineno(s->tab.t), NULL,
                "not a MAF: the header has no protein change column (HGVSp_Short, HGVSp, HGVSg), "
                "no coordinates (Chromosome, Start_Position) and no Hugo_Symbol with Alteration");
        return ONC_EFORMAT;
    }
    return ONC_OK;
}

/* ---- cells ---- */

/* The cell of column c in the current row; NULL when the column is absent or says nothing. */
static const char *cell(const maf_state_t *s, enum maf_col c) { return io_tab_cell(&s->tab, s->col[c]); }

static const char *colname(const maf_state_t *s, enum maf_col c)
{
    return s->col[c] >= 0 ? io_table_colname(s->tab.t, s->col[c]) : column_names[c][0];
}

static int bad_number(onc_reader_t *r, const maf_state_t *s, enum maf_col c, const char *what)
{
    return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, c), "not %s: '%.60s'", what,
                   io_table_cell(s->tab.t, s->col[c]));
}

/* Read counts to depth, alt_count and VAF. t_depth missing: t_ref_count + t_alt_count. */
static int read_counts(onc_reader_t *r, maf_state_t *s, onc_alt_t *out)
{
    int32_t depth = ONC_INT_MISSING, ref = ONC_INT_MISSING, alt = ONC_INT_MISSING;
    if (s->col[C_DEPTH] >= 0 && io_parse_count(io_table_cell(s->tab.t, s->col[C_DEPTH]), &depth) < 0)
        return bad_number(r, s, C_DEPTH, "a read depth");
    if (s->col[C_ALT_COUNT] >= 0 && io_parse_count(io_table_cell(s->tab.t, s->col[C_ALT_COUNT]), &alt) < 0)
        return bad_number(r, s, C_ALT_COUNT, "a read count");
    if (depth == ONC_INT_MISSING && alt != ONC_INT_MISSING && s->col[C_REF_COUNT] >= 0) {
        if (io_parse_count(io_table_cell(s->tab.t, s->col[C_REF_COUNT]), &ref) < 0)
            return bad_number(r, s, C_REF_COUNT, "a read count");
        if (ref != ONC_INT_MISSING && (int64_t)ref + alt <= INT32_MAX) depth = ref + alt;
    }
    out->depth = depth;
    out->alt_count = alt;
    if (depth != ONC_INT_MISSING && alt != ONC_INT_MISSING && depth > 0) {
        if (alt > depth) io_warn(r, "t_alt_count above the depth: VAF left empty");
        else out->vaf = (double)alt / depth;
    }
    return 0;
}

/* Position and alleles. alt: Tumor_Seq_Allele2 unless it is empty or the reference, then
 * Tumor_Seq_Allele1 when that differs from the reference (oncokb-annotator, vcf2maf). */
static int read_coordinates(onc_reader_t *r, maf_state_t *s, onc_alt_t *out)
{
    out->chrom = cell(s, C_CHROM);
    if (s->col[C_POS] >= 0 && io_parse_pos(io_table_cell(s->tab.t, s->col[C_POS]), &out->pos) < 0)
        return bad_number(r, s, C_POS, "a position");
    const char *ref = cell(s, C_REF), *a1 = cell(s, C_ALLELE1), *a2 = cell(s, C_ALLELE2);
    out->ref = ref;
    if (a2 && (!ref || strcmp(a2, ref) != 0)) out->alt = a2;
    else if (a1 && (!ref || strcmp(a1, ref) != 0)) out->alt = a1;
    else out->alt = a2;
    return 0;
}

/* "19/28" -> 19. */
static int32_t exon_number(const char *v)
{
    if (!v) return ONC_INT_MISSING;
    int32_t n = 0;
    const char *p = v;
    for (; *p >= '0' && *p <= '9' && n < 100000; p++) n = n * 10 + (*p - '0');
    return p > v && (*p == '/' || !*p) && n > 0 ? n : ONC_INT_MISSING;
}

static int is_not_pass(const char *filter) { return filter && strcmp(filter, "PASS") != 0; }

/* ---- the variant ---- */

/* vcf2maf writes p.Pro1055%3D (VEP's URI escape of "="): undo it before parsing. */
static const char *unescape_protein(maf_state_t *s, const char *p)
{
    const char *esc = strstr(p, "%3D");
    size_t len = strlen(p);
    if (!esc || len >= sizeof s->decoded) return p;
    size_t k = 0;
    for (const char *q = p; *q; q++) {
        if (strncmp(q, "%3D", 3) == 0) {
            s->decoded[k++] = '=';
            q += 2;
        } else {
            s->decoded[k++] = *q;
        }
    }
    s->decoded[k] = '\0';
    return s->decoded;
}

static void set_protein(onc_reader_t *r, maf_state_t *s, onc_alt_t *out, const char *given)
{
    onc_pchange_t pc;
    onc_err_t err = {0};
    out->hgvsp = unescape_protein(s, given);
    if (onc_pchange_parse(out->hgvsp, &pc, &err) != ONC_OK ||
        onc_pchange_format(&pc, s->protein, sizeof s->protein) < 0) {
        io_warn(r, "protein changes not understood by the HGVS parser: kept as given");
        out->alteration = given;
        return;
    }
    out->alteration = s->protein;
    if (out->exon == ONC_INT_MISSING && out->gene && pc.start > 0)
        out->exon = onc_genes_exon_of(s->tab.kb.genes, out->gene, pc.start);
}

/* A splice row's name: OncoKB's X<codon>_splice when the HGVSc touches a canonical splice
 * site (c.3028+1G>T -> X1010_splice), else the HGVSc itself (c.3744-5C>T). */
static const char *splice_name(maf_state_t *s, const char *hgvsc)
{
    onc_cchange_t cc;
    onc_pchange_t pc;
    onc_err_t err = {0};
    if (onc_cchange_parse(hgvsc, &cc, &err) == ONC_OK && onc_cchange_splice_pchange(&cc, &pc) &&
        onc_pchange_format(&pc, s->protein, sizeof s->protein) > 0)
        return s->protein;
    return hgvsc;
}

static int is_splice(const maf_state_t *s)
{
    const char *cls = cell(s, C_CLASS), *csq = cell(s, C_CONSEQUENCE);
    if (cls) return strcasecmp(cls, "Splice_Site") == 0 || strcasecmp(cls, "Splice_Region") == 0;
    return csq && strstr(csq, "splice") != NULL;
}

/* The coordinate lookup takes MAF alleles ("-" for the empty one). A MAF insertion starts at
 * the base before it (vcf2maf, GDC), the lookup wants the first base after it. */
static int lookup_ready(const onc_alt_t *a, int64_t *pos)
{
    if (!a->genome || !a->chrom || a->pos == ONC_POS_MISSING || !a->ref || !a->alt) return 0;
    *pos = strcmp(a->ref, "-") == 0 ? a->pos + 1 : a->pos;
    return 1;
}

/* A row without a protein change: the coordinate events, then what the row says. */
static int variant_without_protein(onc_reader_t *r, maf_state_t *s, onc_alt_t *out)
{
    const char *hgvsg = cell(s, C_HGVSG);
    int coords = out->chrom && out->pos != ONC_POS_MISSING;
    if (!coords && !hgvsg && !(out->gene && out->hgvsc))
        return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, s->col[C_HGVSP_SHORT] >= 0 ? C_HGVSP_SHORT : C_POS),
                       "no variant in this row: no protein change (HGVSp_Short, HGVSp), no HGVSg, "
                       "no coordinates (Chromosome, Start_Position)");
    int64_t lookup_pos;
    if (coords && lookup_ready(out, &lookup_pos)) {
        int hit = io_annot_hotspot(&s->tab.kb, r, s->tab.line, out->genome, out->chrom, lookup_pos, out->ref,
                                   out->alt, &s->hit);
        if (hit < 0) return hit;
        if (hit) {
            onc_hotspot_hit_apply(&s->hit, out);
            return 0;
        }
    }
    if (out->gene) {
        if (out->hgvsc && (is_splice(s) || !coords)) out->alteration = splice_name(s, out->hgvsc);
        return 0; /* intron, UTR, flank, silent...: kept with their consequence */
    }
    out->alteration = hgvsg;
    out->flags |= ONC_ALT_UNANNOTATED;
    io_warn(r, "rows with coordinates but no gene or protein change, not a known coordinate event%s: "
               "kept unannotated", out->genome ? "" : " (genome unknown: give --genome)");
    return 0;
}

/* The oncokb-annotator's ALTERATION column also carries what is not a protein change
 * (README, "atypical alterations"): gene "Other Biomarkers" with MSI-H or TMB-H, named events
 * such as EGFR vIII, FLT3 ITD, BRAF KDD, TERT Promoter (kind biomarker, named as given), and
 * copy-number words (Amplification ...). 1 when the row is one of these, out filled. */
static int atypical(const maf_state_t *s, onc_alt_t *out, const char *v)
{
    static const char *const named[] = {"vIII", "vV", "CTD", "C-terminal domain", "KDD",
                                        "Kinase Domain Duplication", "ITD", "Internal tandem duplication",
                                        "Promoter", "MSI-H", "Microsatellite Instability-High", "TMB-H",
                                        "Tumor Mutational Burden-High", NULL};
    onc_alt_kind kind;
    if (isalpha((unsigned char)v[0]) && io_cna_call(v, &kind) == 1) { /* words only, not "2" */
        out->kind = kind;
        out->alteration = io_cna_alteration(kind);
        return 1;
    }
    for (const char *const *n = named; *n; n++)
        if (strcasecmp(v, *n) == 0) {
            if (out->gene && strcasecmp(out->gene, "Other Biomarkers") == 0) out->gene = NULL;
            out->kind = ONC_KIND_BIOMARKER;
            out->alteration = v;
            out->consequence = cell(s, C_CLASS);
            return 1;
        }
    return 0;
}

static int read_mutation(onc_reader_t *r, maf_state_t *s, onc_alt_t *out)
{
    int ret;
    if ((ret = read_counts(r, s, out)) < 0 || (ret = read_coordinates(r, s, out)) < 0) return ret;
    out->genome = io_row_genome(r, cell(s, C_BUILD), colname(s, C_BUILD));
    out->exon = exon_number(cell(s, C_EXON));
    out->hgvsc = cell(s, C_HGVSC);
    out->transcript = cell(s, C_TRANSCRIPT);
    out->consequence = cell(s, C_CONSEQUENCE);
    if (!out->consequence) out->consequence = cell(s, C_CLASS);
    out->filter = cell(s, C_FILTER);
    if (is_not_pass(out->filter)) out->flags |= ONC_ALT_NOT_PASS;
    const char *p = cell(s, C_HGVSP_SHORT);
    if (!p) p = cell(s, C_HGVSP);
    if (!p && (p = cell(s, C_ALTERATION)) && out->pos == ONC_POS_MISSING && atypical(s, out, p)) return 0;
    if (p) {
        set_protein(r, s, out, p);
        return 0;
    }
    return variant_without_protein(r, s, out);
}

/* CivicAnnotator's mixed tables: Alteration_Category c (copy number, the call in
 * Alteration) or f (fusion: Gene_1, Gene_2, else "A--B" in Hugo_Symbol). */
static int read_cna_row(onc_reader_t *r, maf_state_t *s, onc_alt_t *out)
{
    const char *v = cell(s, C_ALTERATION);
    if (!out->gene) return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, C_GENE), "copy-number row without a gene");
    if (!v || io_cna_call(v, &out->kind) != 1)
        return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, C_ALTERATION),
                       "not a copy-number call: '%.60s' (Amplification, Gain, Loss, Deletion)", v ? v : "");
    out->alteration = io_cna_alteration(out->kind);
    return 0;
}

static int read_fusion_row(onc_reader_t *r, maf_state_t *s, onc_alt_t *out)
{
    const char *a, *b;
    if (io_fusion_partners(&s->tab.kb, io_table_cell(s->tab.t, s->col[C_GENE1]), io_table_cell(s->tab.t, s->col[C_GENE2]),
                           io_table_cell(s->tab.t, s->col[C_GENE]), s->split, sizeof s->split, &a, &b) < 0)
        return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, C_GENE), "fusion name not understood (write A--B)");
    int ret = io_fusion_fill(out, a, b, s->name, sizeof s->name);
    if (ret < 0) return io_fail(r, ONC_EPARSE, s->tab.line, colname(s, C_GENE1), "fusion row without genes");
    if (ret == 1) io_warn(r, "fusions with one partner missing: kept as a rearrangement of the other gene");
    return 0;
}

static int next_maf(onc_reader_t *r, onc_alt_t *out)
{
    maf_state_t *s = r->state;
    int ret;
    while ((ret = io_tab_next(r, &s->tab)) == 0) {
        onc_alt_init(out);
        out->source = r->path;
        out->line = s->tab.line;
        out->sample = cell(s, C_SAMPLE);
        out->gene = io_annot_gene(&s->tab.kb, io_table_cell(s->tab.t, s->col[C_GENE]));
        const char *category = cell(s, C_CATEGORY);
        if (category && strcasecmp(category, "c") == 0) return read_cna_row(r, s, out);
        if (category && strcasecmp(category, "f") == 0) return read_fusion_row(r, s, out);
        if ((ret = read_mutation(r, s, out)) < 0) return ret;
        if (!(r->opts.pass_only && (out->flags & ONC_ALT_NOT_PASS))) return 0;
        io_warn(r, "rows whose FILTER is not PASS left out (--pass-only)");
    }
    return ret;
}

const onc_format_ops onc_maf_ops = {ONC_FMT_MAF, probe, open_maf, next_maf, io_tab_close};
