/* test_vcf.c: the VCF/BCF reader: tumor sample choice, multi-allelic split, FILTER, each
 * caller's depth and allele fraction, the CSQ/ANN/BCSQ parsers, bad input, and the depth
 * and alt counts of vcf2maf's expected MAF for test_b38.vcf. Expected values are read off
 * the input lines by hand (each test says which). */
#include "check.h"
#include "io/io_int.h"
#include "io/io_vcf_int.h"
#include "oncoboard/hgvs.h"

#include <htslib/bgzf.h>
#include <stdint.h>
#include <unistd.h>

static char temp_path[64];

/* Writes text to a temp file (the same path each time) and returns it. */
static const char *write_temp(const char *text, size_t len)
{
    snprintf(temp_path, sizeof temp_path, "/tmp/onc_vcf_XXXXXX");
    int fd = mkstemp(temp_path);
    if (fd < 0) return NULL;
    ssize_t n = write(fd, text, len);
    close(fd);
    return n == (ssize_t)len ? temp_path : NULL;
}

#define HEAD "##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n" \
             "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"g\">\n" \
             "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"d\">\n" \
             "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n"

typedef struct got {
    int n, ret;
    onc_alt_t a[8];
    char msg[ONC_ERR_MSG_MAX];
    char strs[8][6][64]; /* copies of sample, gene, alteration, alt, filter, consequence */
} got_t;

static void keep(got_t *g, const onc_alt_t *a)
{
    const char *s[6] = {a->sample, a->gene, a->alteration, a->alt, a->filter, a->consequence};
    g->a[g->n] = *a;
    for (int i = 0; i < 6; i++) snprintf(g->strs[g->n][i], 64, "%s", s[i] ? s[i] : "(null)");
    g->n++;
}

/* Reads a whole file; open errors land in msg with ret = -3. */
static void read_all(const char *path, const onc_read_opts_t *o, got_t *g, onc_reader_t **keep_open)
{
    memset(g, 0, sizeof *g);
    onc_err_t err = {0};
    onc_reader_t *r = onc_reader_open(path, o, &err);
    if (!r) {
        g->ret = -3;
        snprintf(g->msg, sizeof g->msg, "%s", err.msg);
        return;
    }
    onc_alt_t a;
    while ((g->ret = onc_reader_next(r, &a)) == 0)
        if (g->n < 8) keep(g, &a);
    if (g->ret < -1) snprintf(g->msg, sizeof g->msg, "%s", onc_reader_errmsg(r));
    if (keep_open) *keep_open = r;
    else onc_reader_close(r);
}

static void read_text(const char *text, const onc_read_opts_t *o, got_t *g)
{
    const char *p = write_temp(text, strlen(text));
    CHECK(p != NULL);
    if (p) read_all(p, o, g, NULL);
    unlink(temp_path);
}

static const char *str_of(got_t *g, int i, int k) { return g->strs[i][k]; }
#define SAMPLE(g, i) str_of(g, i, 0)
#define GENE(g, i) str_of(g, i, 1)
#define ALTER(g, i) str_of(g, i, 2)
#define ALT(g, i) str_of(g, i, 3)
#define FILT(g, i) str_of(g, i, 4)
#define CONSEQ(g, i) str_of(g, i, 5)

/* ---- sample choice ---- */

static void tumor_sample_by_option_header_column_or_single(void)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    got_t g;
    /* Two samples, neither named: an error that says how to choose. */
    read_text(HEAD "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\n"
              "1\t100\t.\tA\tC\t.\tPASS\t.\tGT:AD:DP\t0/0:10,0:10\t0/1:6,4:10\n", &o, &g);
    CHECK_INT(g.ret, -3);
    CHECK(strstr(g.msg, "--tumor-sample") && strstr(g.msg, "S1, S2"));
    /* --tumor-sample picks the column: AD 6,4 and DP 10 of S2. */
    o.tumor_sample = "S2";
    read_text(HEAD "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\n"
              "1\t100\t.\tA\tC\t.\tPASS\t.\tGT:AD:DP\t0/0:10,0:10\t0/1:6,4:10\n", &o, &g);
    CHECK_INT(g.n, 1);
    CHECK_STR(SAMPLE(&g, 0), "S2");
    CHECK_INT(g.a[0].alt_count, 4);
    CHECK_INT(g.a[0].depth, 10);
    CHECK_NEAR(g.a[0].vaf, 0.4, 1e-9);
    /* An absent name is an error that lists the samples there are. */
    o.tumor_sample = "S9";
    read_text(HEAD "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\n", &o, &g);
    CHECK_INT(g.ret, -3);
    CHECK(strstr(g.msg, "S9") && strstr(g.msg, "S1, S2"));
    /* ##tumor_sample= (Mutect2), GATK's ##SAMPLE=<ID=TUMOR,SampleName=>, a TUMOR column. */
    o.tumor_sample = NULL;
    read_text(HEAD "##tumor_sample=T1\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT1\tN1\n"
              "1\t100\t.\tA\tC\t.\tPASS\t.\tGT:AD\t0/1:6,4\t0/0:9,0\n", &o, &g);
    CHECK_STR(SAMPLE(&g, 0), "T1");
    CHECK_INT(g.a[0].depth, 10); /* no DP: the sum of AD */
    read_text(HEAD "##SAMPLE=<ID=NORMAL,SampleName=N1>\n##SAMPLE=<ID=TUMOR,SampleName=T1>\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tN1\tT1\n"
              "1\t100\t.\tA\tC\t.\tPASS\t.\tGT:AD\t0/0:9,0\t0/1:6,4\n", &o, &g);
    CHECK_STR(SAMPLE(&g, 0), "T1");
    CHECK_INT(g.a[0].alt_count, 4);
    read_text(HEAD "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR\n"
              "1\t100\t.\tA\tC\t.\tPASS\t.\tGT:AD\t0/0:9,0\t0/1:6,4\n", &o, &g);
    CHECK_STR(SAMPLE(&g, 0), "TUMOR");
    read_text(HEAD "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tONLY\n"
              "1\t100\t.\tA\tC\t.\tPASS\t.\tGT:AD\t0/1:6,4\n", &o, &g);
    CHECK_STR(SAMPLE(&g, 0), "ONLY");
    CHECK_STR(g.a[0].genome, "GRCh37"); /* chr1 length 249250621 in ##contig */
}

/* ---- splitting, FILTER, '*', symbolic ---- */

static void multiallelic_filter_star_and_symbolic(void)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    got_t g;
    const char *text = HEAD "##FILTER=<ID=germline,Description=\"g\">\n"
                       "##FILTER=<ID=panel_of_normals,Description=\"p\">\n"
                       "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
                       "1\t100\t.\tA\tC,T\t.\tPASS\t.\tGT:AD:DP\t1/2:50,30,20:100\n"
                       "1\t200\t.\tG\tA,*\t.\tgermline;panel_of_normals\t.\tGT:AD:DP\t0/1:10,5,5:20\n"
                       "1\t300\t.\tG\t<DEL>\t.\t.\t.\tGT:AD:DP\t0/1:.,.:.\n";
    read_text(text, &o, &g);
    CHECK_INT(g.ret, -1);
    CHECK_INT(g.n, 4); /* C, T, A ('*' skipped), <DEL> */
    CHECK_STR(ALT(&g, 0), "C");
    CHECK_INT(g.a[0].alt_count, 30);
    CHECK_STR(ALT(&g, 1), "T");
    CHECK_INT(g.a[1].alt_count, 20);
    CHECK_INT(g.a[1].depth, 100);
    CHECK_NEAR(g.a[1].vaf, 0.2, 1e-9);
    CHECK_STR(FILT(&g, 0), "PASS");
    CHECK(!(g.a[0].flags & ONC_ALT_NOT_PASS));
    CHECK_STR(FILT(&g, 2), "germline;panel_of_normals");
    CHECK(g.a[2].flags & ONC_ALT_NOT_PASS);
    CHECK_INT(g.a[2].line, 10); /* 7 header lines, #CHROM on 8, records on 9 and 10 */
    CHECK_STR(FILT(&g, 3), "(null)"); /* "." is missing */
    CHECK_INT(g.a[3].kind, ONC_KIND_STRUCTURAL);
    CHECK_INT(g.a[3].depth, ONC_INT_MISSING); /* "." never becomes 0 */
    CHECK_INT(g.a[3].alt_count, ONC_INT_MISSING);
    CHECK(isnan(g.a[3].vaf));
    /* --pass-only drops the filtered record and says so in a counted warning. */
    o.pass_only = 1;
    const char *p = write_temp(text, strlen(text));
    onc_reader_t *r = NULL;
    read_all(p, &o, &g, &r);
    unlink(temp_path);
    CHECK_INT(g.n, 3);
    int saw = 0;
    for (size_t i = 0; r && i < onc_reader_n_warnings(r); i++)
        if (strstr(onc_reader_warning(r, i), "PASS")) saw = onc_reader_warning_count(r, i) == 1;
    CHECK(saw);
    onc_reader_close(r);
}

/* ---- callers' depth ---- */

static void callers_depth_and_fraction(void)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    got_t g;
    /* VarScan (test_varscan.vcf line 1 of TUMOR): DP 91, RD 56, AD 35, FREQ 38.46%. */
    read_text("##fileformat=VCFv4.1\n"
              "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n"
              "##FORMAT=<ID=RD,Number=1,Type=Integer,Description=\"r\">\n"
              "##FORMAT=<ID=AD,Number=1,Type=Integer,Description=\"a\">\n"
              "##FORMAT=<ID=FREQ,Number=1,Type=String,Description=\"f\">\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
              "1\t1991014\t.\tA\tG\t.\tPASS\t.\tDP:RD:AD:FREQ\t91:56:35:38.46%\n", &o, &g);
    CHECK_INT(g.a[0].depth, 91);
    CHECK_INT(g.a[0].alt_count, 35);
    CHECK_NEAR(g.a[0].vaf, 0.3846, 1e-9);
    /* Strelka SNV (test_strelka.vcf 1:118166116): C>A, DP 66, AU 25,27, CU 39,39: tier 1
     * alt 25, ref 39, VAF 25/64. */
    read_text("##fileformat=VCFv4.1\n"
              "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n"
              "##FORMAT=<ID=AU,Number=2,Type=Integer,Description=\"a\">\n"
              "##FORMAT=<ID=CU,Number=2,Type=Integer,Description=\"c\">\n"
              "##FORMAT=<ID=GU,Number=2,Type=Integer,Description=\"g\">\n"
              "##FORMAT=<ID=TU,Number=2,Type=Integer,Description=\"t\">\n"
              "##FORMAT=<ID=TAR,Number=2,Type=Integer,Description=\"t\">\n"
              "##FORMAT=<ID=TIR,Number=2,Type=Integer,Description=\"t\">\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
              "1\t118166116\t.\tC\tA\t.\tPASS\t.\tDP:AU:CU:GU:TU\t66:25,27:39,39:0,0:0,0\n"
              "1\t200\t.\tAT\tA\t.\tPASS\t.\tDP:TAR:TIR\t40:30,31:8,9\n", &o, &g);
    CHECK_INT(g.a[0].depth, 66);
    CHECK_INT(g.a[0].alt_count, 25);
    CHECK_NEAR(g.a[0].vaf, 25.0 / 64, 1e-9);
    CHECK_INT(g.a[1].alt_count, 8);
    CHECK_NEAR(g.a[1].vaf, 8.0 / 38, 1e-9);
    /* The same indel in a file whose header does not define TAR/TIR (test_strelka.vcf's
     * indels, 2:102626146 CG>C: DP 89, TAR 19,19, TIR 57,58): htslib stores them as strings
     * and the counts still come out: alt 57, VAF 57/76. */
    read_text("##fileformat=VCFv4.1\n##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
              "2\t102626146\t.\tCG\tC\t.\tPASS\t.\tDP:TAR:TIR\t89:19,19:57,58\n", &o, &g);
    CHECK_INT(g.a[0].depth, 89);
    CHECK_INT(g.a[0].alt_count, 57);
    CHECK_NEAR(g.a[0].vaf, 0.75, 1e-9);
    /* SomaticSniper (test_sniper.vcf 1:1233886): C>G, DP 7, BCOUNT 0,3,4,0: G = 4. */
    read_text("##fileformat=VCFv4.1\n"
              "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n"
              "##FORMAT=<ID=DP4,Number=4,Type=Integer,Description=\"d\">\n"
              "##FORMAT=<ID=BCOUNT,Number=4,Type=Integer,Description=\"b\">\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
              "1\t1233886\t.\tC\tG\t.\tPASS\t.\tDP:DP4:BCOUNT\t7:0,3,0,4:0,3,4,0\n"
              "1\t1233890\t.\tCA\tC\t.\tPASS\t.\tDP4\t10,2,3,1\n", &o, &g);
    CHECK_INT(g.a[0].depth, 7);
    CHECK_INT(g.a[0].alt_count, 4);
    CHECK_INT(g.a[1].depth, 16); /* no DP: the DP4 sum */
    CHECK_INT(g.a[1].alt_count, 4);
    /* FreeBayes: RO 100, AO 30,5 for two ALTs; no DP. */
    read_text("##fileformat=VCFv4.1\n"
              "##FORMAT=<ID=RO,Number=1,Type=Integer,Description=\"r\">\n"
              "##FORMAT=<ID=AO,Number=A,Type=Integer,Description=\"a\">\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
              "1\t100\t.\tC\tT,A\t.\tPASS\t.\tRO:AO\t100:30,5\n", &o, &g);
    CHECK_INT(g.a[1].depth, 135);
    CHECK_INT(g.a[1].alt_count, 5);
    /* PCGR: INFO TDP/TVAF, FORMAT ADT as a String (T001-BRCA.grch38 1:1968826). */
    read_text("##fileformat=VCFv4.2\n"
              "##INFO=<ID=TVAF,Number=.,Type=Float,Description=\"v\">\n"
              "##INFO=<ID=TDP,Number=.,Type=Integer,Description=\"d\">\n"
              "##FORMAT=<ID=ADT,Number=.,Type=String,Description=\"a\">\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT_N\n"
              "1\t1968826\t.\tC\tT\t.\tPASS\tTVAF=0.222222222222;TDP=144\tADT\t112,32\n", &o, &g);
    CHECK_INT(g.a[0].depth, 144);
    CHECK_INT(g.a[0].alt_count, 32);
    CHECK_NEAR(g.a[0].vaf, 0.222222222222, 1e-6);
    /* Mutect2: AF wins over alt/depth; a sites-only file gives nothing: all missing. */
    read_text(HEAD "##FORMAT=<ID=AF,Number=A,Type=Float,Description=\"f\">\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
              "1\t100\t.\tA\tC\t.\tPASS\t.\tAD:AF:DP\t60,40:0.35:100\n", &o, &g);
    CHECK_NEAR(g.a[0].vaf, 0.35, 1e-6);
    read_text("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
              "1\t100\t.\tA\tC\t.\tPASS\t.\n", &o, &g);
    CHECK_INT(g.n, 1);
    CHECK_STR(SAMPLE(&g, 0), "(null)");
    CHECK_INT(g.a[0].depth, ONC_INT_MISSING);
    CHECK(isnan(g.a[0].vaf));
    CHECK(g.a[0].flags & ONC_ALT_UNANNOTATED);
}

/* ---- annotation parsers ---- */

static void vep_allele_strings(void)
{
    onc_strbuf_t b = ONC_STRBUF_INIT;
    int err;
    char *ins[] = {"A", "ACCTCTT"}, *del[] = {"GT", "G"}, *snv[] = {"C", "T", "A"},
         *mixed[] = {"A", "T", "ATT"}, *same[] = {"AT", "A", "ATT"};
    vcf_vep_allele(ins, 2, 1, &b, &err);
    CHECK_STR(onc_strbuf_str(&b), "CCTCTT");
    vcf_vep_allele(del, 2, 1, &b, &err);
    CHECK_STR(onc_strbuf_str(&b), "-");
    vcf_vep_allele(snv, 3, 2, &b, &err);
    CHECK_STR(onc_strbuf_str(&b), "A");
    vcf_vep_allele(mixed, 3, 2, &b, &err); /* first bases differ (T vs A): nothing stripped */
    CHECK_STR(onc_strbuf_str(&b), "ATT");
    vcf_vep_allele(same, 3, 1, &b, &err);
    CHECK_STR(onc_strbuf_str(&b), "-");
    vcf_vep_allele(same, 3, 2, &b, &err);
    CHECK_STR(onc_strbuf_str(&b), "TT");
    onc_strbuf_free(&b);
}

static void csq_transcript_choice(void)
{
    vcf_csq_layout_t l;
    CHECK_INT(vcf_csq_layout_parse("\"Consequence annotations from Ensembl VEP. Format: "
                                   "Allele|Consequence|SYMBOL|Feature|EXON|HGVSc|HGVSp|CANONICAL|"
                                   "MANE_SELECT|PICK|ALLELE_NUM\"", &l), 0);
    CHECK_INT(l.n, 11);
    CHECK_INT(l.allele_num, 10);
    onc_strbuf_t s = ONC_STRBUF_INIT;
    vcf_pick_t p;
    /* MANE beats CANONICAL and a more severe consequence. */
    const char *v = "T|stop_gained|G1|ENST1|3/9|ENST1.1:c.1C>T|ENSP1.1:p.Gln1Ter|||,"
                    "T|missense_variant|G1|ENST2|4/9|ENST2.1:c.2C>T|ENSP2.1:p.Ala1Val|YES||1|1,"
                    "T|missense_variant|G1|ENST3|5/9|ENST3.1:c.3C>T|ENSP3.1:p.Ala2Val||NM_1.1||1";
    CHECK_INT(vcf_csq_pick(&l, v, strlen(v), "T", 1, &s, &p), 1);
    CHECK_STR(p.transcript, "ENST3");
    CHECK_STR(p.hgvsp, "p.Ala2Val");
    CHECK_INT(p.exon, 5);
    /* ALLELE_NUM: entries without it match by allele; with it, by number. */
    v = "T|missense_variant|G1|ENST2|4/9|ENST2.1:c.2C>T|ENSP2.1:p.Ala1Val|YES|||1,"
        "A|missense_variant|G1|ENST2|4/9|ENST2.1:c.2C>A|ENSP2.1:p.Ala1Glu|YES|||2";
    CHECK_INT(vcf_csq_pick(&l, v, strlen(v), "A", 2, &s, &p), 1);
    CHECK_STR(p.hgvsc, "c.2C>A");
    CHECK_INT(vcf_csq_pick(&l, v, strlen(v), "G", 3, &s, &p), 0);
    /* No flags: the most severe (splice_acceptor beats missense&splice_region). */
    v = "G|missense_variant&splice_region_variant|G2|ENST4|||ENSP4:p.Lys3Glu|||,"
        "G|splice_acceptor_variant|G2|ENST5||ENST5:c.10-2A>G||||";
    CHECK_INT(vcf_csq_pick(&l, v, strlen(v), "G", 0, &s, &p), 1);
    CHECK_STR(p.transcript, "ENST5");
    CHECK_INT(p.exon, ONC_INT_MISSING);
    CHECK(vcf_so_rank("missense_variant", 16) < vcf_so_rank("synonymous_variant", 18));
    CHECK(vcf_so_rank("stop_gained&frameshift_variant", 30) == vcf_so_rank("stop_gained", 11));
    CHECK(vcf_so_rank("missense", 8) == vcf_so_rank("missense_variant", 16)); /* bcftools' name */
    onc_strbuf_free(&s);
}

static int bcsq_pick(const char *v, int64_t pos, const char *alt, int single, onc_strbuf_t *s,
                     char *buf, size_t n, vcf_pick_t *p)
{
    return vcf_bcsq_pick(v, strlen(v), pos, alt, single, s, buf, n, p);
}

static void ann_and_bcsq_entries(void)
{
    onc_strbuf_t s = ONC_STRBUF_INIT;
    vcf_pick_t p;
    const char *ann = "A|missense_variant|MODERATE|KRAS|ENSG1|transcript|ENST00000256078.4|protein_coding|2/6|"
                      "c.35G>T|p.Gly12Val|99/5765|35/570|12/189||,"
                      "T|missense_variant|MODERATE|KRAS|ENSG1|transcript|ENST00000256078.4|protein_coding|2/6|"
                      "c.35G>A|p.Gly12Asp|99/5765|35/570|12/189||";
    CHECK_INT(vcf_ann_pick(ann, strlen(ann), "T", &s, &p), 1);
    CHECK_STR(p.hgvsp, "p.Gly12Asp");
    CHECK_INT(p.exon, 2);
    const char *intron = "T|intron_variant|MODIFIER|TP53|E|transcript|ENST9|protein_coding|5/10|c.559+20G>A||";
    CHECK_INT(vcf_ann_pick(intron, strlen(intron), "T", &s, &p), 1);
    CHECK_INT(p.exon, ONC_INT_MISSING); /* Rank counts introns here */
    char buf[64];
    /* Forms written by bcftools 1.16 csq (checked on a small made-up genome). */
    CHECK_INT(bcsq_pick("missense|EGFR|ENST00000275493|protein_coding|+|858L>858R|55191822T>G,"
                            "missense|EGFR|ENST00000275493|protein_coding|+|858L>858Q|55191822T>A",
                            55191822, "A", 0, &s, buf, sizeof buf, &p), 1);
    CHECK_STR(p.hgvsp, "p.L858Q");
    CHECK_INT(bcsq_pick("inframe_deletion|EGFR|ENST00000275493|protein_coding|+|745KELREA>745K|"
                            "55174771AGGAATTAAGAGAAGC>A", 55174771, "A", 1, &s, buf, sizeof buf, &p), 1);
    CHECK_STR(p.hgvsp, "p.E746_A750del");
    CHECK_INT(bcsq_pick("stop_gained|EGFR|ENST1|protein_coding|+|21K>16*|160A>T+162A>G",
                            162, "G", 1, &s, buf, sizeof buf, &p), 1);
    CHECK_STR(p.hgvsp, "p.K21*");
    CHECK_INT(bcsq_pick("@160", 162, "G", 1, &s, buf, sizeof buf, &p), 0);
    onc_strbuf_free(&s);
}

static void annotated_fixtures(void)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    got_t g;
    read_all("tests/data/vcf/vep_csq.vcf", &o, &g, NULL);
    CHECK_INT(g.ret, -1);
    CHECK_STR(SAMPLE(&g, 0), "T01"); /* ##tumor_sample=T01, second column */
    CHECK_STR(GENE(&g, 1), "EGFR");
    CHECK_STR(ALTER(&g, 1), "L858R"); /* p.Leu858Arg normalised */
    CHECK_STR(ALTER(&g, 0), "E746_A750del");
    CHECK_STR(ALTER(&g, 5), "X1010_splice"); /* MET c.3028+1G>T, no HGVSp */
    CHECK_STR(CONSEQ(&g, 1), "missense_variant"); /* MANE entry, not SEC61G upstream */
    CHECK_INT(g.a[1].exon, 21);
    CHECK_INT(g.a[0].exon, 19);
    CHECK_INT(g.a[3].alt_count, 5); /* G12V: third AD value of 100,30,5 */
    read_all("tests/data/vcf/bcftools_bcsq.vcf", &o, &g, NULL);
    CHECK_STR(SAMPLE(&g, 0), "PT9-T"); /* ##SAMPLE=<ID=TUMOR,SampleName=PT9-T> */
    CHECK_STR(GENE(&g, 3), "KRAS");     /* "@25245350" resolved to the earlier record */
    CHECK_INT(g.a[0].alt_count, 55);    /* TIR tier 1 */
}

/* ---- bad input ---- */

static void bad_input_names_line_and_field(void)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    got_t g;
    read_text(HEAD "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
              "1\t100\t.\tA\tC\t.\tPASS\t.\tGT:AD\t0/1:6,4\n"
              "1\tabc\t.\tA\tC\t.\tPASS\t.\tGT:AD\t0/1:6,4\n", &o, &g);
    CHECK_INT(g.ret, -2);
    CHECK(strstr(g.msg, ":8: field POS") != NULL);
    /* A 10 MB line: an error naming the line, not a crash. */
    size_t big = 10u << 20;
    const char *head = HEAD "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t5\t.\tA\tC\t.\tPASS\tX=";
    char *text = malloc(strlen(head) + big + 2);
    CHECK(text != NULL);
    if (!text) return;
    strcpy(text, head);
    memset(text + strlen(head), 'x', big);
    strcpy(text + strlen(head) + big, "\n");
    read_text(text, &o, &g);
    free(text);
    CHECK_INT(g.ret, -2);
    CHECK(strstr(g.msg, ":7: field record") != NULL);
    /* Truncated BGZF: a read error, not a crash or a hang. */
    char path[] = "/tmp/onc_vcf_bgzf_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    close(fd);
    BGZF *bz = bgzf_open(path, "w");
    const char *body = HEAD "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n";
    const char *line = "1\t100\t.\tA\tC\t.\tPASS\t.\tGT:AD\t0/1:6,4\n";
    int ok = bz && bgzf_write(bz, body, strlen(body)) >= 0 && bgzf_flush(bz) == 0;
    for (int i = 0; ok && i < 2000; i++) ok = bgzf_write(bz, line, strlen(line)) >= 0;
    CHECK(ok);
    if (bz) bgzf_close(bz);
    FILE *fp = fopen(path, "r+");
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fclose(fp);
    CHECK(truncate(path, size - 100) == 0);
    read_all(path, &o, &g, NULL);
    unlink(path);
    CHECK_INT(g.ret, -2);
    CHECK(strstr(g.msg, "truncated or corrupt") != NULL);
}

/* ---- vcf2maf ---- */

static void depth_matches_vcf2maf_b38(void)
{
    const char *vcf_rel = "test-inputs/vcf2maf/test_b38.vcf";
    const char *p = shared_data("test-inputs/vcf2maf/test_b38_output.maf");
    if (!p) SKIP("shared test data absent");
    char maf[4096];
    snprintf(maf, sizeof maf, "%s", p);
    const char *vcf = shared_data(vcf_rel);
    if (!vcf) SKIP("shared test data absent");
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    onc_err_t err = {0};
    onc_reader_t *r = onc_reader_open(vcf, &o, &err);
    io_table_t *t = io_table_open(maf, &err);
    CHECK(r && t);
    if (!r || !t) return;
    static const char *const c_pos[] = {"vcf_pos", NULL}, *const c_depth[] = {"t_depth", NULL},
                             *const c_alt[] = {"t_alt_count", NULL};
    int ipos = io_table_find(t, c_pos), idepth = io_table_find(t, c_depth), ialt = io_table_find(t, c_alt);
    CHECK(ipos >= 0 && idepth >= 0 && ialt >= 0);
    onc_alt_t a;
    int n = 0, ret;
    while ((ret = onc_reader_next(r, &a)) == 0) {
        CHECK_INT(io_table_next(t, &err), 0);
        int64_t pos, depth, alt;
        CHECK_INT(io_parse_int(io_table_cell(t, ipos), 1, INT32_MAX, &pos), 0);
        CHECK_INT(io_parse_int(io_table_cell(t, idepth), 0, INT32_MAX, &depth), 0);
        CHECK_INT(io_parse_int(io_table_cell(t, ialt), 0, INT32_MAX, &alt), 0);
        CHECK_INT(a.pos, pos);
        CHECK_INT(a.depth, depth);
        CHECK_INT(a.alt_count, alt);
        n++;
    }
    CHECK_INT(ret, -1);
    CHECK_INT(io_table_next(t, &err), -1);
    CHECK_INT(n, 25);
    io_table_close(t);
    onc_reader_close(r);
}

/* PCGR's bgzipped VCFs (no .tbi: read sequentially): every record, each with TDP and TVAF.
 * First record of T001-COAD.grch38 by hand: 1:1042010 G>A, TDP=29, TVAF=0.275862068966,
 * ADT 21,8. */
static void pcgr_vcfs_read_whole(void)
{
    static const struct { const char *file; int records; } files[] = {
        {"test-inputs/pcgr/T001-BRCA.grch37.vcf.gz", 196}, {"test-inputs/pcgr/T001-BRCA.grch38.vcf.gz", 196},
        {"test-inputs/pcgr/T001-COAD.grch37.vcf.gz", 3317}, {"test-inputs/pcgr/T001-COAD.grch38.vcf.gz", 3313}};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const char *p = shared_data(files[i].file);
        if (!p) SKIP("shared test data absent");
        onc_read_opts_t o;
        onc_read_opts_init(&o);
        onc_err_t err = {0};
        onc_reader_t *r = onc_reader_open(p, &o, &err);
        CHECK(r != NULL);
        if (!r) continue;
        onc_alt_t a;
        int n = 0, ret, bad = 0;
        while ((ret = onc_reader_next(r, &a)) == 0) {
            if (n == 0 && i == 3) {
                CHECK_INT(a.pos, 1042010);
                CHECK_INT(a.depth, 29);
                CHECK_INT(a.alt_count, 8);
                CHECK_NEAR(a.vaf, 0.275862068966, 1e-6);
            }
            bad += a.depth == ONC_INT_MISSING || isnan(a.vaf) || a.vaf < 0 || a.vaf > 1;
            n++;
        }
        CHECK_INT(ret, -1);
        CHECK_INT(n, files[i].records);
        CHECK_INT(bad, 0);
        onc_reader_close(r);
    }
}

/* A hg19 contig list under an hg38 ##reference: the genome is left unknown, with a warning. */
static void conflicting_genome_signs_leave_it_unknown(void)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    got_t g;
    read_text("##fileformat=VCFv4.2\n##reference=file:///ref/hg38.fasta\n"
              "##contig=<ID=chr1,length=249250621>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
              "chr1\t100\t.\tA\tC\t.\tPASS\t.\n", &o, &g);
    CHECK_STR(g.a[0].genome, NULL);
    read_text("##fileformat=VCFv4.2\n##reference=file:///ref/Homo_sapiens_assembly38.fasta\n"
              "##contig=<ID=chr1,length=248956422>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
              "chr1\t100\t.\tA\tC\t.\tPASS\t.\n", &o, &g);
    CHECK_STR(g.a[0].genome, "GRCh38");
    o.genome = "GRCh37"; /* the option wins */
    read_text("##fileformat=VCFv4.2\n##contig=<ID=chr1,length=248956422>\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr1\t100\t.\tA\tC\t.\tPASS\t.\n", &o, &g);
    CHECK_STR(g.a[0].genome, "GRCh37");
}

/* Raw VCFs: the known driver events by coordinates (kb/genomic_events.tsv), with or without
 * "chr"; an unknown genome means no lookup, said in a warning. */
static void raw_records_by_coordinates(void)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    got_t g;
    const char *files[] = {"tests/data/vcf/raw_grch38.vcf", "tests/data/vcf/raw_grch37_nochr.vcf"};
    for (int i = 0; i < 2; i++) {
        read_all(files[i], &o, &g, NULL);
        CHECK_INT(g.n, 5);
        CHECK_STR(GENE(&g, 0), "EGFR");
        CHECK_STR(ALTER(&g, 0), "exon 19 in-frame deletion");
        CHECK(g.a[0].flags & ONC_ALT_BY_CLASS);
        CHECK_STR(ALTER(&g, 1), "L858R");
        CHECK(g.a[1].flags & ONC_ALT_FROM_COORDS);
        CHECK(!(g.a[1].flags & ONC_ALT_UNANNOTATED));
        CHECK_STR(ALTER(&g, 2), "G12D");
        CHECK_STR(ALTER(&g, 3), "G12V");
        CHECK(g.a[4].flags & ONC_ALT_UNANNOTATED);
    }
    read_text("##fileformat=VCFv4.2\n##contig=<ID=chr7>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
              "chr7\t55191822\t.\tT\tG\t.\tPASS\t.\n", &o, &g);
    CHECK(g.a[0].flags & ONC_ALT_UNANNOTATED); /* no genome: not looked up */
    o.genome = "GRCh38";
    read_text("##fileformat=VCFv4.2\n##contig=<ID=chr7>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
              "chr7\t55191822\t.\tT\tG\t.\tPASS\t.\n", &o, &g);
    CHECK_STR(ALTER(&g, 0), "L858R");
}

/* VEP writing its annotation as INFO/ANN (--vcf_info_field ANN): the VEP layout is used. */
static void vep_layout_under_ann(void)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    got_t g;
    read_text("##fileformat=VCFv4.2\n##contig=<ID=7,length=159138663>\n"
              "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. "
              "Format: Allele|Consequence|IMPACT|SYMBOL|Feature|EXON|HGVSc|HGVSp|CANONICAL\">\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
              "7\t55259515\t.\tT\tG\t.\tPASS\tANN=G|missense_variant|MODERATE|EGFR|ENST00000275493|21/28|"
              "ENST00000275493.2:c.2573T>G|ENSP00000275493.2:p.Leu858Arg|YES\n", &o, &g);
    CHECK_INT(g.n, 1);
    CHECK_STR(GENE(&g, 0), "EGFR");
    CHECK_STR(ALTER(&g, 0), "L858R");
    CHECK_INT(g.a[0].exon, 21);
}

/* VEP's own values for test_b38.vcf, as vcf2maf's MAF records them (Allele, Consequence,
 * SYMBOL, Feature, EXON, HGVSc, HGVSp, CANONICAL of the transcript vcf2maf chose), written back
 * into the VCF as CSQ at test time, after a decoy entry of another transcript for the same
 * allele: the reader must match VEP's allele strings (insertion "CCTCTT", deletion "-"), choose
 * the real entry (CANONICAL=YES, else by severity) and give vcf2maf's gene, HGVSp and exon. */
typedef struct maf_cols { int pos, allele, csq, symbol, feature, exon, hgvsc, hgvsp, canonical, hugo, short_p; } maf_cols_t;

static int maf_columns(io_table_t *t, maf_cols_t *c)
{
    const char *names[] = {"vcf_pos", "Allele", "Consequence", "SYMBOL", "Feature", "EXON", "HGVSc",
                           "HGVSp", "CANONICAL", "Hugo_Symbol", "HGVSp_Short"};
    int *slots[] = {&c->pos, &c->allele, &c->csq, &c->symbol, &c->feature, &c->exon, &c->hgvsc,
                    &c->hgvsp, &c->canonical, &c->hugo, &c->short_p};
    for (int i = 0; i < 11; i++) {
        const char *one[] = {names[i], NULL};
        if ((*slots[i] = io_table_find(t, one)) < 0) return -1;
    }
    return 0;
}

/* The CSQ value for one MAF row: a decoy, then VEP's entry (',' in Consequence is VEP's '&'). */
static void csq_of_row(io_table_t *t, const maf_cols_t *c, char *buf, size_t n)
{
    char conseq[256];
    snprintf(conseq, sizeof conseq, "%s", io_table_cell(t, c->csq));
    for (char *q = conseq; *q; q++)
        if (*q == ',') *q = '&';
    const char *hgvsc = io_table_cell(t, c->hgvsc), *hgvsp = io_table_cell(t, c->hgvsp);
    snprintf(buf, n, "%s|intron_variant|DECOY|ENST00000000001|||||,%s|%s|%s|%s|%s|%s%s%s|%s%s|%s",
             io_table_cell(t, c->allele), io_table_cell(t, c->allele), conseq,
             io_table_cell(t, c->symbol), io_table_cell(t, c->feature), io_table_cell(t, c->exon),
             *hgvsc ? io_table_cell(t, c->feature) : "", *hgvsc ? ".1:" : "", hgvsc,
             *hgvsp ? "ENSP00000000002.1:" : "", hgvsp, io_table_cell(t, c->canonical));
}

static void csq_matches_vcf2maf_vep_b38(void)
{
    const char *p = shared_data("test-inputs/vcf2maf/test_b38_output.maf");
    if (!p) SKIP("shared test data absent");
    char maf[4096], vcf[4096];
    snprintf(maf, sizeof maf, "%s", p);
    if (!(p = shared_data("test-inputs/vcf2maf/test_b38.vcf"))) SKIP("shared test data absent");
    snprintf(vcf, sizeof vcf, "%s", p);
    onc_err_t err = {0};
    io_table_t *t = io_table_open(maf, &err);
    FILE *in = fopen(vcf, "r");
    char out_path[] = "/tmp/onc_vcf_csq_XXXXXX";
    int fd = mkstemp(out_path);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    maf_cols_t c;
    CHECK(t && in && out && maf_columns(t, &c) == 0);
    if (!t || !in || !out || maf_columns(t, &c) != 0) return;
    char line[8192], csq[4096];
    while (fgets(line, sizeof line, in)) {
        if (line[0] == '#' && line[1] == 'C')
            fputs("##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. "
                  "Format: Allele|Consequence|SYMBOL|Feature|EXON|HGVSc|HGVSp|CANONICAL\">\n", out);
        if (line[0] == '#') {
            fputs(line, out);
            continue;
        }
        CHECK_INT(io_table_next(t, &err), 0);
        csq_of_row(t, &c, csq, sizeof csq);
        /* columns 1-7, then CSQ for INFO, then FORMAT and the samples */
        char *tab = line;
        for (int k = 0; k < 7 && tab; k++) tab = strchr(tab + 1, '\t');
        char *rest = tab ? strchr(tab + 1, '\t') : NULL;
        CHECK(rest != NULL);
        if (!rest) break;
        fprintf(out, "%.*s\tCSQ=%s%s", (int)(tab - line), line, csq, rest);
    }
    fclose(in);
    fclose(out);
    io_table_close(t);
    t = io_table_open(maf, &err);
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    onc_reader_t *r = onc_reader_open(out_path, &o, &err);
    CHECK(r != NULL);
    onc_alt_t a;
    int n = 0;
    while (r && onc_reader_next(r, &a) == 0 && io_table_next(t, &err) == 0) {
        n++;
        CHECK_STR(a.gene, io_table_cell(t, c.hugo));
        const char *hgvsp = io_table_cell(t, c.hgvsp), *short_p = io_table_cell(t, c.short_p);
        CHECK_STR(a.hgvsp, *hgvsp ? hgvsp : NULL);
        const char *exon = io_table_cell(t, c.exon);
        CHECK_INT(a.exon, *exon ? (int32_t)strtol(exon, NULL, 10) : ONC_INT_MISSING); /* "9/9" */
        char want[128];
        if (*short_p) { /* the protein change, or vcf2maf's X168_splice for c.504_508+1dup */
            CHECK_INT(onc_hgvsp_normalise(short_p, want, sizeof want, &err), ONC_OK);
            CHECK_STR(a.alteration, want);
        } else {
            CHECK_STR(a.alteration, io_table_cell(t, c.hgvsc)); /* no protein change: HGVSc */
        }
    }
    CHECK_INT(n, 25);
    onc_reader_close(r);
    io_table_close(t);
    unlink(out_path);
}

int main(void)
{
    RUN(tumor_sample_by_option_header_column_or_single);
    RUN(multiallelic_filter_star_and_symbolic);
    RUN(callers_depth_and_fraction);
    RUN(vep_allele_strings);
    RUN(csq_transcript_choice);
    RUN(ann_and_bcsq_entries);
    RUN(annotated_fixtures);
    RUN(bad_input_names_line_and_field);
    RUN(depth_matches_vcf2maf_b38);
    RUN(pcgr_vcfs_read_whole);
    RUN(conflicting_genome_signs_leave_it_unknown);
    RUN(raw_records_by_coordinates);
    RUN(vep_layout_under_ann);
    RUN(csq_matches_vcf2maf_vep_b38);
    CHECK_EXIT();
}
