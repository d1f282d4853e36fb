/* test_tables.c: the table readers (MAF, fusion, copy number, segments) and their shared
 * helpers (io_annot.c). Inputs are small tables written here, each expected value read off
 * the input by hand; the real files under ../shared/data are checked where they are present. */
#include "check.h"
#include "io/io_annot.h"
#include "oncoboard/io.h"

#include <unistd.h>

static char temp_path[64];

/* Writes text to a fresh temporary file; returns its path (static) or NULL. */
static const char *write_temp(const char *text)
{
    snprintf(temp_path, sizeof temp_path, "/tmp/onc_tables_XXXXXX");
    int fd = mkstemp(temp_path);
    if (fd < 0) return NULL;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? temp_path : NULL;
}

/* Opens text as a file of the given format (ONC_FMT_AUTO: detected) with an optional genome. */
static onc_reader_t *open_text(const char *text, onc_format format, const char *genome, onc_err_t *err)
{
    const char *path = write_temp(text);
    if (!path) return NULL;
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    o.format = format;
    o.genome = genome;
    onc_reader_t *r = onc_reader_open(path, &o, err);
    unlink(path);
    return r;
}

/* ---- helpers ---- */

static void genome_names(void)
{
    int known;
    CHECK_STR(io_genome_name("GRCh37", &known), "GRCh37");
    CHECK_STR(io_genome_name("37", &known), "GRCh37");
    CHECK_STR(io_genome_name("hg19", &known), "GRCh37");
    CHECK_STR(io_genome_name("hg38", &known), "GRCh38");
    CHECK_STR(io_genome_name("38", &known), "GRCh38");
    CHECK(known);
    CHECK(io_genome_name("hg18", &known) == NULL);
    CHECK(!known);
    CHECK(io_genome_name("", &known) == NULL);
    CHECK(known);
}

static void cna_vocabulary(void)
{
    onc_alt_kind k;
    CHECK_INT(io_cna_call("2", &k), 1);
    CHECK_INT(k, ONC_KIND_AMPLIFICATION);
    CHECK_INT(io_cna_call("-1.5", &k), 1);
    CHECK_INT(k, ONC_KIND_DELETION);
    CHECK_INT(io_cna_call("deletion", &k), 1);
    CHECK_INT(k, ONC_KIND_DELETION);
    CHECK_INT(io_cna_call("Gain", &k), 1);
    CHECK_INT(k, ONC_KIND_GAIN);
    CHECK_INT(io_cna_call("-1", &k), 1);
    CHECK_INT(k, ONC_KIND_LOSS);
    CHECK_INT(io_cna_call("0", &k), 0);
    CHECK_INT(io_cna_call("NA", &k), 0);
    CHECK_INT(io_cna_call("3", &k), -1);
    CHECK_INT(io_cna_call("amp", &k), -1);
    CHECK_STR(io_cna_alteration(ONC_KIND_LOSS), "Loss");
}

static void fusion_names_split(void)
{
    char buf[64];
    const char *a, *b;
    CHECK_INT(io_fusion_split("EML4-ALK", buf, sizeof buf, &a, &b), 0);
    CHECK_STR(a, "EML4");
    CHECK_STR(b, "ALK");
    CHECK_INT(io_fusion_split("EML4--ALK", buf, sizeof buf, &a, &b), 0);
    CHECK_STR(b, "ALK");
    CHECK_INT(io_fusion_split("TMPRSS2::ERG", buf, sizeof buf, &a, &b), 0);
    CHECK_STR(a, "TMPRSS2");
    CHECK_STR(b, "ERG");
    CHECK_INT(io_fusion_split("ETV6-RUNX1 fusion", buf, sizeof buf, &a, &b), 0);
    CHECK_STR(b, "RUNX1");
    CHECK_INT(io_fusion_split("MLL2-intragenic", buf, sizeof buf, &a, &b), 0);
    CHECK_STR(a, "MLL2");
    CHECK_STR(b, "MLL2");
    CHECK_INT(io_fusion_split("--ALK", buf, sizeof buf, &a, &b), 0);
    CHECK(a == NULL);
    CHECK_STR(b, "ALK");
    CHECK_INT(io_fusion_split("FGFR2--", buf, sizeof buf, &a, &b), 0);
    CHECK_STR(a, "FGFR2");
    CHECK(b == NULL);
    CHECK_INT(io_fusion_split("NKX2-1-ALK", buf, sizeof buf, &a, &b), -1);
    CHECK_INT(io_fusion_split("NKX2-1--ALK", buf, sizeof buf, &a, &b), 0);
    CHECK_STR(a, "NKX2-1");
    CHECK_INT(io_fusion_split("AVERYLONGGENENAMEINDEED-ANOTHERVERYLONGGENENAMEHERE-XXXXXXXXXXXX", buf, 16, &a, &b), -2);
}

static void fusion_fill_kinds(void)
{
    char buf[64];
    onc_alt_t a;
    onc_alt_init(&a);
    CHECK_INT(io_fusion_fill(&a, "EML4", "ALK", buf, sizeof buf), 0);
    CHECK_INT(a.kind, ONC_KIND_FUSION);
    CHECK_STR(a.alteration, "EML4-ALK Fusion");
    CHECK_STR(a.partner, "ALK");
    onc_alt_init(&a);
    CHECK_INT(io_fusion_fill(&a, "EGFR", "EGFR", buf, sizeof buf), 0);
    CHECK_INT(a.kind, ONC_KIND_STRUCTURAL);
    CHECK_STR(a.alteration, "EGFR-intragenic");
    CHECK(a.partner == NULL);
    onc_alt_init(&a);
    CHECK_INT(io_fusion_fill(&a, NULL, "ALK", buf, sizeof buf), 1);
    CHECK_STR(a.gene, "ALK");
    CHECK_STR(a.alteration, "ALK rearrangement");
    CHECK_INT(io_fusion_fill(&a, NULL, NULL, buf, sizeof buf), -1);
    CHECK_INT(io_fusion_fill(&a, "EML4", "ALK", buf, 8), -1);
}

static void fusion_partners_from_cells_or_name(void)
{
    onc_err_t err = {0};
    io_annot_t kb = {0};
    onc_reader_t *r = open_text("Tumor_Sample_Barcode\tFusion\nS1\tEML4-ALK\n", ONC_FMT_FUSION, NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    kb.genes = onc_genes_load(NULL, &err);
    CHECK(kb.genes != NULL);
    char buf[64];
    const char *a, *b;
    CHECK_INT(io_fusion_partners(&kb, "EGFR", "", "ignored-name", buf, sizeof buf, &a, &b), 0);
    CHECK_STR(a, "EGFR"); /* one gene in a pair layout: intragenic (cBioPortal SV files) */
    CHECK_STR(b, "EGFR");
    CHECK_INT(io_fusion_partners(&kb, "", "", "HER2--MLL2", buf, sizeof buf, &a, &b), 0);
    CHECK_STR(a, "ERBB2"); /* through the alias table */
    CHECK_STR(b, "KMT2D");
    CHECK_INT(io_fusion_partners(&kb, "", "NA", "", buf, sizeof buf, &a, &b), 0);
    CHECK(a == NULL && b == NULL);
    onc_genes_free(kb.genes);
    onc_reader_close(r);
}

static void positions_and_counts(void)
{
    int64_t p;
    int32_t n;
    CHECK_INT(io_parse_pos("116412043.0", &p), 0);
    CHECK_INT(p, 116412043);
    CHECK_INT(io_parse_pos("55242466", &p), 0);
    CHECK_INT(p, 55242466);
    CHECK_INT(io_parse_pos("1.5", &p), -1);
    CHECK_INT(io_parse_pos("0", &p), -1);
    CHECK_INT(io_parse_pos("", &p), 1);
    CHECK_INT(io_parse_count("412", &n), 0);
    CHECK_INT(n, 412);
    CHECK_INT(io_parse_count("-3", &n), -1);
    CHECK_INT(io_parse_count("12x", &n), -1);
}

/* ---- detection ---- */

static onc_format detected(const char *text)
{
    onc_err_t err = {0};
    onc_reader_t *r = open_text(text, ONC_FMT_AUTO, NULL, &err);
    if (!r) return ONC_FMT_AUTO;
    onc_format f = onc_reader_format(r);
    onc_reader_close(r);
    return f;
}

static void probes_tell_the_formats_apart(void)
{
    CHECK_INT(detected("Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\nEGFR\tS1\tp.L858R\n"), ONC_FMT_MAF);
    CHECK_INT(detected("Chromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\n"
                       "7\t55259515\tT\tG\tS1\n"), ONC_FMT_MAF);
    CHECK_INT(detected("Tumor_Sample_Barcode\tFusion\nS1\tEML4-ALK\n"), ONC_FMT_FUSION);
    CHECK_INT(detected("Tumor_Sample_Barcode\tGeneA\tGeneB\tSv_Type\nS1\tEML4\tALK\tFUSION\n"), ONC_FMT_FUSION);
    CHECK_INT(detected("Sample_Id\tSite1_Hugo_Symbol\tSite1_Chromosome\tSite1_Position\tSite2_Hugo_Symbol\tClass\n"
                       "P1\tEGFR\t7\t55172826\t\tINVERSION\n"), ONC_FMT_FUSION);
    CHECK_INT(detected("FusionGene\tLeftBreakpoint\tRightBreakpoint\tSplitReads\nEML4--ALK\t2:1\t2:2\t5\n"), ONC_FMT_FUSION);
    CHECK_INT(detected("Gene Symbol\tLocus ID\tCytoband\tS1\tS2\nMET\t0\t0\t2\t0\n"), ONC_FMT_CNA);
    CHECK_INT(detected("Hugo_Symbol\tEntrez_Gene_Id\tS1\nMET\t4233\t2\n"), ONC_FMT_CNA);
    CHECK_INT(detected("Tumor_Sample_Barcode\tHugo_Symbol\tCopy_Number_Alteration\nS1\tMET\t2\n"), ONC_FMT_CNA);
    CHECK_INT(detected("Chromosome\tStart\tEnd\tnMajor\tnMinor\n7\t1\t100\t3\t2\n"), ONC_FMT_SEGMENTS);
    /* a mixed CivicAnnotator table has Gene_1/Gene_2 and MAF columns: a MAF */
    CHECK_INT(detected("Subject_Id\tHugo_Symbol\tAlteration\tAlteration_Category\tGene_1\tGene_2\tChromosome\t"
                       "Start_Position\tHGVSp\nP\tCDK4\tAmplification\tc\t\t\t\t\t\n"), ONC_FMT_MAF);
    CHECK_INT(detected("Gene\tValue\nMET\t3\n"), ONC_FMT_AUTO); /* nothing fits: an error */
}

/* ---- MAF ---- */

static void maf_alleles_counts_and_columns(void)
{
    onc_err_t err = {0};
    onc_reader_t *r = open_text(
        "#version 2.4\r\n"
        "HUGO_SYMBOL\tTumor_Sample_Barcode\tNCBI_Build\tChromosome\tStart_Position\tReference_Allele\t"
        "Tumor_Seq_Allele1\tTumor_Seq_Allele2\tVariant_Classification\tHGVSp_Short\tHGVSc\tExon_Number\t"
        "t_ref_count\tt_alt_count\tFILTER\r\n"
        "EGFR\tS1\thg19\t7\t55259515\tT\tT\tG\tMissense_Mutation\tp.L858R\tc.2573T>G\t21/28\t60\t40\tPASS\r\n"
        "KRAS\tS1\t37\t12\t25398285\tC\tA\tC\tMissense_Mutation\tp.G12C\t\t\t\t\tclustered_events\r\n",
        ONC_FMT_AUTO, NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    onc_alt_t a;
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.sample, "S1");
    CHECK_STR(a.gene, "EGFR");
    CHECK_STR(a.alteration, "L858R");
    CHECK_STR(a.hgvsp, "p.L858R");
    CHECK_STR(a.hgvsc, "c.2573T>G");
    CHECK_STR(a.genome, "GRCh37");
    CHECK_STR(a.alt, "G");
    CHECK_INT(a.pos, 55259515);
    CHECK_INT(a.exon, 21);
    CHECK_INT(a.depth, 100); /* no t_depth: 60 + 40 */
    CHECK_INT(a.alt_count, 40);
    CHECK_NEAR(a.vaf, 0.4, 1e-12);
    CHECK_STR(a.filter, "PASS");
    CHECK_INT(a.flags & ONC_ALT_NOT_PASS, 0);
    CHECK_INT(a.line, 3);
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.alt, "A"); /* Allele2 equals the reference: Allele1 */
    CHECK(a.depth == ONC_INT_MISSING);
    CHECK(isnan(a.vaf));
    CHECK(a.flags & ONC_ALT_NOT_PASS);
    CHECK_INT(onc_reader_next(r, &a), -1);
    onc_reader_close(r);
}

static void maf_rows_without_protein_change(void)
{
    onc_err_t err = {0};
    onc_reader_t *r = open_text(
        "Hugo_Symbol\tVariant_Classification\tChromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\t"
        "HGVSp_Short\tHGVSc\n"
        "MET\tSplice_Site\t7\t116412044\tG\tT\t\tc.3082+1G>T\n"
        "ALK\tSplice_Region\t2\t29432749\tG\tA\t\tc.3744-5C>T\n"
        "TERT\t5'Flank\t5\t1295228\tG\tA\t\t\n"
        "TP53\tSplice_Site\t17\t7673608\tC\tT\tp.X331_splice\tc.993+1G>A\n",
        ONC_FMT_AUTO, NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    onc_alt_t a;
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.alteration, "X1028_splice"); /* c.3082+1: codon (3082 + 2) / 3, OncoKB's name */
    CHECK_STR(a.hgvsc, "c.3082+1G>T");
    CHECK_STR(a.consequence, "Splice_Site");
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.alteration, "c.3744-5C>T"); /* not a canonical splice site: the HGVSc */
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.gene, "TERT");
    CHECK(a.alteration == NULL); /* kept with its consequence */
    CHECK_STR(a.consequence, "5'Flank");
    CHECK_INT(a.flags & ONC_ALT_UNANNOTATED, 0);
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.alteration, "X331_splice");
    CHECK_INT(onc_reader_next(r, &a), -1);
    onc_reader_close(r);
}

static void maf_atypical_alterations(void)
{
    onc_err_t err = {0};
    onc_reader_t *r = open_text("HUGO_SYMBOL\tSAMPLE_ID\tALTERATION\n"
                                "Other Biomarkers\tS1\tMSI-H\n"
                                "EGFR\tS1\tvIII\n"
                                "MET\tS1\tAmplification\n"
                                "EGFR\tS1\tT790M\n",
                                ONC_FMT_AUTO, NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_INT(onc_reader_format(r), ONC_FMT_MAF);
    onc_alt_t a;
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK(a.gene == NULL);
    CHECK_INT(a.kind, ONC_KIND_BIOMARKER);
    CHECK_STR(a.alteration, "MSI-H");
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.gene, "EGFR");
    CHECK_INT(a.kind, ONC_KIND_BIOMARKER);
    CHECK_STR(a.alteration, "vIII");
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_INT(a.kind, ONC_KIND_AMPLIFICATION);
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_INT(a.kind, ONC_KIND_MUTATION);
    CHECK_STR(a.alteration, "T790M");
    CHECK_INT(onc_reader_next(r, &a), -1);
    CHECK_INT(onc_reader_n_warnings(r), 0);
    onc_reader_close(r);
}

static void maf_coordinates_only_are_flagged(void)
{
    onc_err_t err = {0};
    onc_reader_t *r = open_text("Chromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\n"
                                "1\t3599659\tC\tT\tS1\n1\t6676836\tA\tC\tS1\n",
                                ONC_FMT_AUTO, NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    onc_alt_t a;
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK(a.gene == NULL);
    CHECK(a.flags & ONC_ALT_UNANNOTATED);
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_INT(onc_reader_next(r, &a), -1);
    int counted = 0;
    for (size_t i = 0; i < onc_reader_n_warnings(r); i++)
        if (strstr(onc_reader_warning(r, i), "unannotated")) counted = (int)onc_reader_warning_count(r, i);
    CHECK_INT(counted, 2);
    onc_reader_close(r);
}

/* Reads text as a MAF up to the first error and returns its message (static). */
static const char *maf_error(const char *text)
{
    static char msg[ONC_ERR_MSG_MAX];
    onc_err_t err = {0};
    onc_reader_t *r = open_text(text, ONC_FMT_MAF, NULL, &err);
    if (!r) {
        snprintf(msg, sizeof msg, "%s", err.msg);
        return msg;
    }
    onc_alt_t a;
    int ret;
    while ((ret = onc_reader_next(r, &a)) == 0) {}
    snprintf(msg, sizeof msg, "%s", ret < -1 ? onc_reader_errmsg(r) : "");
    onc_reader_close(r);
    return msg;
}

static void maf_errors_name_line_and_field(void)
{
    const char *m = maf_error("Hugo_Symbol\tHGVSp_Short\tt_depth\nEGFR\tp.L858R\t412\nKRAS\tp.G12C\tdeep\n");
    CHECK(strstr(m, ":3: field t_depth: ") != NULL);
    CHECK(strstr(m, "'deep'") != NULL);
    m = maf_error("Hugo_Symbol\tHGVSp_Short\tChromosome\tStart_Position\nEGFR\t\t\t\n");
    CHECK(strstr(m, ":2: field HGVSp_Short: no variant in this row") != NULL);
    m = maf_error("Hugo_Symbol\tHGVSp_Short\tChromosome\tStart_Position\nEGFR\t\t7\tabc\n");
    CHECK(strstr(m, ":2: field Start_Position: not a position") != NULL);
    m = maf_error("Hugo_Symbol\tHGVSp_Short\nEGFR\tp.L858R\textra\n");
    CHECK(strstr(m, ":2: row has more cells than the header") != NULL);
    m = maf_error("Gene\tValue\nMET\t3\n");
    CHECK(strstr(m, "not a MAF") != NULL);
}

/* A 10 MB cell: the line cap (IO_LINE_MAX, 4 MiB) is an error naming the line, for every format. */
static void overlong_line_is_an_error(void)
{
    size_t n = (size_t)10 << 20;
    char *text = malloc(n + 64);
    CHECK(text != NULL);
    if (!text) return;
    int k = snprintf(text, 64, "Hugo_Symbol\tHGVSp_Short\nEGFR\t");
    memset(text + k, 'A', n);
    memcpy(text + k + n, "\n", 2);
    static const onc_format formats[] = {ONC_FMT_MAF, ONC_FMT_FUSION, ONC_FMT_CNA, ONC_FMT_SEGMENTS};
    for (size_t i = 0; i < 4; i++) {
        onc_err_t err = {0};
        onc_reader_t *r = open_text(text, formats[i], NULL, &err);
        const char *msg = err.msg;
        onc_alt_t a;
        if (r) {
            CHECK_INT(onc_reader_next(r, &a), -2);
            msg = onc_reader_errmsg(r);
        }
        if (formats[i] == ONC_FMT_MAF || formats[i] == ONC_FMT_CNA) CHECK(strstr(msg, ":2: line is longer than 4194304 bytes") != NULL);
        else CHECK(strstr(msg, "not a") != NULL); /* the header alone refuses the file */
        onc_reader_close(r);
    }
    free(text);
}

/* ---- fusions, copy number, segments ---- */

static void fusion_rows(void)
{
    onc_err_t err = {0};
    onc_reader_t *r = open_text("FusionGene\tLeftBreakpoint\tRightBreakpoint\tSplitReads\n"
                                "EML4--ALK\t2:42522694\t2:29446394\t100\n"
                                "--ALK\t2:29955249\t2:29717697\t50\n",
                                ONC_FMT_AUTO, NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    onc_alt_t a;
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_INT(a.kind, ONC_KIND_FUSION);
    CHECK_STR(a.gene, "EML4");
    CHECK_STR(a.partner, "ALK");
    CHECK_STR(a.alteration, "EML4-ALK Fusion");
    CHECK_STR(a.chrom, "2");
    CHECK_INT(a.pos, 42522694);
    CHECK_INT(a.alt_count, 100);
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_INT(a.kind, ONC_KIND_STRUCTURAL);
    CHECK_STR(a.gene, "ALK");
    CHECK_INT(onc_reader_next(r, &a), -1);
    CHECK_INT(onc_reader_n_warnings(r), 1);
    onc_reader_close(r);

    r = open_text("Tumor_Sample_Barcode\tFusion\nS1\tNKX2-1-ALK\n", ONC_FMT_AUTO, NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_INT(onc_reader_next(r, &a), -2);
    CHECK(strstr(onc_reader_errmsg(r), ":2: field Fusion: 'NKX2-1-ALK'") != NULL);
    onc_reader_close(r);
}

static void cna_matrix_streams_per_sample(void)
{
    onc_err_t err = {0};
    onc_reader_t *r = open_text("Hugo_Symbol\tEntrez_Gene_Id\tS1\tS2\tS3\n"
                                "MET\t4233\t2\t0\t-1\n"
                                "CDKN2A\t1029\tNA\t-2\t1\n",
                                ONC_FMT_AUTO, NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    static const struct { const char *sample, *gene; onc_alt_kind kind; uint64_t line; } want[] = {
        {"S1", "MET", ONC_KIND_AMPLIFICATION, 2}, {"S3", "MET", ONC_KIND_LOSS, 2},
        {"S2", "CDKN2A", ONC_KIND_DELETION, 3},   {"S3", "CDKN2A", ONC_KIND_GAIN, 3}};
    onc_alt_t a;
    for (size_t i = 0; i < 4; i++) {
        CHECK_INT(onc_reader_next(r, &a), 0);
        CHECK_STR(a.sample, want[i].sample);
        CHECK_STR(a.gene, want[i].gene);
        CHECK_INT(a.kind, want[i].kind);
        CHECK_INT(a.line, want[i].line);
    }
    CHECK_INT(onc_reader_next(r, &a), -1);
    onc_reader_close(r);

    r = open_text("Hugo_Symbol\tS1\nMET\t3\n", ONC_FMT_CNA, NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_INT(onc_reader_next(r, &a), -2);
    CHECK(strstr(onc_reader_errmsg(r), ":2: field S1: not a copy-number call: '3'") != NULL);
    onc_reader_close(r);
}

static void segments_calls_and_genes(void)
{
    static const char *text = "Chromosome\tStart\tEnd\tnMajor\tnMinor\n"
                              "7\t116000000\t117000000\t12\t2\n" /* covers MET (GRCh37 and 38): 14 copies */
                              "7\t1\t1000\t1\t1\n"               /* 2 copies: no call */
                              "9\t21000000\t22500000\t0\t0\n"    /* covers CDKN2A: homozygous deletion */
                              "X\t1\t1000\t1\t0\n"               /* X, 1 copy: not called (sex unknown) */
                              "3\t1\t1000\t2\t1\n";              /* a gain over no listed gene */
    onc_err_t err = {0};
    onc_reader_t *r = open_text(text, ONC_FMT_AUTO, "GRCh38", &err);
    CHECK(r != NULL);
    if (!r) return;
    onc_alt_t a;
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.gene, "MET");
    CHECK_INT(a.kind, ONC_KIND_AMPLIFICATION);
    CHECK_STR(a.alteration, "Amplification");
    CHECK_NEAR(a.copies, 14, 0);
    CHECK_INT(a.line, 2);
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.gene, "CDKN2A");
    CHECK_INT(a.kind, ONC_KIND_DELETION);
    CHECK_INT(onc_reader_next(r, &a), -1);
    onc_reader_close(r);

    r = open_text(text, ONC_FMT_SEGMENTS, NULL, &err); /* no genome: regions */
    CHECK(r != NULL);
    if (!r) return;
    static const onc_alt_kind kinds[] = {ONC_KIND_AMPLIFICATION, ONC_KIND_DELETION, ONC_KIND_GAIN};
    for (size_t i = 0; i < 3; i++) {
        CHECK_INT(onc_reader_next(r, &a), 0);
        CHECK(a.gene == NULL);
        CHECK_INT(a.kind, kinds[i]);
    }
    CHECK_INT(onc_reader_next(r, &a), -1);
    CHECK_INT(onc_reader_n_warnings(r), 1);
    onc_reader_close(r);
}

/* ---- the shared test files ---- */

static int count_rows(const char *path, const char *genome, int *ret)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    o.genome = genome;
    onc_err_t err = {0};
    onc_reader_t *r = onc_reader_open(path, &o, &err);
    if (!r) {
        *ret = -3;
        return 0;
    }
    onc_alt_t a;
    int n = 0;
    while ((*ret = onc_reader_next(r, &a)) == 0) n++;
    onc_reader_close(r);
    return n;
}

static void shared_files_read_whole(void)
{
    static const struct { const char *rel; int rows; } files[] = {
        {"test-inputs/musicatk/public_TCGA.LUSC.maf", 602},
        {"oncokb/example_maf.txt", 17},
        {"oncokb/example_maf_grch38.txt", 14},
        {"oncokb/example_fusions.txt", 7},
        {"oncokb/example_sv.txt", 7},
        {"oncokb/example_cna.txt", 8},            /* 4 genes x 2 samples, no 0 */
        {"oncokb/example_individual_cna.txt", 12},
        {"test-inputs/pcgr/T001-BRCA.grch37.fusions.tsv", 13},
        {"test-inputs/civicannotator/example_maf_egfr.tsv", 4},
        {"test-inputs/vcf2maf/minimalist_test_maf.tsv", 645},
        {"cohorts/nsclc_pd1_msk_2018/data_mutations.txt", 2517}, /* cBioPortal MAF */
        {"cohorts/nsclc_mskcc_2015/data_mutations.txt", 4180},
    };
    int found = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const char *path = shared_data(files[i].rel);
        if (!path) continue;
        found++;
        int ret, n = count_rows(path, NULL, &ret);
        if (ret != -1 || n != files[i].rows)
            fprintf(stderr, "%s: %d rows, status %d (expected %d rows)\n", files[i].rel, n, ret, files[i].rows);
        CHECK_INT(ret, -1);
        CHECK_INT(n, files[i].rows);
    }
    if (!found) SKIP("../shared/data is absent");
}

int main(void)
{
    RUN(genome_names);
    RUN(cna_vocabulary);
    RUN(fusion_names_split);
    RUN(fusion_fill_kinds);
    RUN(fusion_partners_from_cells_or_name);
    RUN(positions_and_counts);
    RUN(probes_tell_the_formats_apart);
    RUN(maf_alleles_counts_and_columns);
    RUN(maf_rows_without_protein_change);
    RUN(maf_atypical_alterations);
    RUN(maf_coordinates_only_are_flagged);
    RUN(maf_errors_name_line_and_field);
    RUN(overlong_line_is_an_error);
    RUN(fusion_rows);
    RUN(cna_matrix_streams_per_sample);
    RUN(segments_calls_and_genes);
    RUN(shared_files_read_whole);
    CHECK_EXIT();
}
