/* test_hotspots.c: driver events recognised from genomic coordinates (kb/genomic_events.tsv).
 *
 * Expected values come from the cited records, not from this program: the CONTRACTS.md anchor
 * (EGFR L858R = GRCh38 7:55191822 T>G), the maftools/cancerhotspots v2 tables (both genomes),
 * the oncokb-annotator and CivicAnnotator example MAFs, and the HGVS c. positions worked out
 * in docs/kb-genomic-events.md. Tests that read ../shared/data skip when it is absent; the
 * inline ones always run on the built-in table. */
#include "check.h"
#include "oncoboard/hotspot.h"

#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>

static onc_hotspots_t *hs;

static int look(const char *genome, const char *chrom, int64_t pos, const char *ref,
                const char *alt, onc_hotspot_hit_t *hit)
{
    onc_err_t e = {0};
    memset(hit, 0, sizeof *hit);
    int rc = onc_hotspots_lookup(hs, genome, chrom, pos, ref, alt, hit, &e);
    if (rc < 0) fprintf(stderr, "lookup error: %s\n", e.msg);
    return rc;
}

/* Cuts the next sep-separated field off *s (NULL at the end). */
static char *next_field(char **s, char sep)
{
    char *t = *s;
    if (!t) return NULL;
    char *e = strchr(t, sep);
    *s = e ? e + 1 : NULL;
    if (e) *e = '\0';
    return t;
}

/* Splits a line into at most max tab-separated cells; returns how many. */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *s = line; n < max && (f[n] = next_field(&s, '\t'));)
        n++;
    return n;
}

/* One expected answer: gene NULL means "not one of the table's events" (0). A class is
 * expected when conseq is an in-frame or splice term, otherwise an exact protein change. */
typedef struct lookup_case {
    const char *genome, *chrom;
    int64_t pos;
    const char *ref, *alt, *gene, *name, *conseq;
} lookup_case_t;

static void check_case(const lookup_case_t *c)
{
    onc_hotspot_hit_t h;
    int rc = look(c->genome, c->chrom, c->pos, c->ref, c->alt, &h);
    int by_class = c->conseq &&
                   (strncmp(c->conseq, "inframe", 7) == 0 || strncmp(c->conseq, "splice", 6) == 0);
    int ok = rc == (c->gene ? 1 : 0);
    if (ok && c->gene) {
        ok = strcmp(h.gene, c->gene) == 0 && strcmp(h.alteration, c->name) == 0 &&
             strcmp(h.consequence, c->conseq) == 0 && h.by_class == by_class &&
             (by_class ? h.hgvsp == NULL : h.hgvsp && strcmp(h.hgvsp + 2, c->name) == 0);
    }
    if (!ok) {
        fprintf(stderr, "%s %s:%lld %s>%s: got %d %s %s %s, expected %s %s %s\n", c->genome,
                c->chrom, (long long)c->pos, c->ref, c->alt, rc, rc == 1 ? h.gene : "",
                rc == 1 ? h.alteration : "", rc == 1 ? h.consequence : "",
                c->gene ? c->gene : "(none)", c->name ? c->name : "", c->conseq ? c->conseq : "");
        check_failed = 1;
    }
}

#define CHECK_CASES(cases)                                                                         \
    for (size_t i_ = 0; i_ < sizeof(cases) / sizeof *(cases); i_++)                                \
    check_case(&(cases)[i_])

#define MIS "missense_variant"

static void anchors_l858r_both_genomes_and_chrom_names(void)
{
    onc_hotspot_hit_t h;
    CHECK_INT(look("GRCh38", "7", 55191822, "T", "G", &h), 1); /* CONTRACTS.md example */
    CHECK_STR(h.gene, "EGFR");
    CHECK_STR(h.alteration, "L858R");
    CHECK_STR(h.hgvsp, "p.L858R");
    CHECK_STR(h.transcript, "NM_005228.5");
    CHECK_STR(h.consequence, "missense_variant");
    CHECK_INT(h.exon, 21);
    CHECK_INT(h.by_class, 0);
    static const lookup_case_t cases[] = {
        {"GRCh38", "chr7", 55191822, "T", "G", "EGFR", "L858R", MIS},
        {"GRCh37", "7", 55259515, "T", "G", "EGFR", "L858R", MIS},
        {"GRCh37", "chr7", 55259515, "t", "g", "EGFR", "L858R", MIS},
        {"hg38", "chr7", 55191822, "T", "G", "EGFR", "L858R", MIS},
        /* The GRCh38 position read as GRCh37 is nothing; another chromosome neither. */
        {"GRCh37", "7", 55191822, "T", "G", NULL, NULL, NULL},
        {"GRCh38", "8", 55191822, "T", "G", NULL, NULL, NULL},
        /* A REF that is not the table's reference base: another build or a broken record. */
        {"GRCh38", "7", 55191822, "C", "G", NULL, NULL, NULL},
    };
    CHECK_CASES(cases);
}

static void egfr_codons(void)
{
    static const lookup_case_t cases[] = {
        /* CivicAnnotator (VEP, hg19): T790M c.2369C>T at 55249071, C797S c.2390G>C at 55249092. */
        {"GRCh37", "7", 55249071, "C", "T", "EGFR", "T790M", MIS},
        {"GRCh38", "7", 55181378, "C", "T", "EGFR", "T790M", MIS},
        {"GRCh37", "7", 55249092, "G", "C", "EGFR", "C797S", MIS},
        {"GRCh38", "7", 55181399, "G", "C", "EGFR", "C797S", MIS},
        {"GRCh37", "7", 55249091, "T", "A", "EGFR", "C797S", MIS}, /* TGC>AGC */
        /* G719X: c.2155G>A (GGC>AGC) S, c.2155G>T C, c.2156G>C A. */
        {"GRCh38", "7", 55174014, "G", "A", "EGFR", "G719S", MIS},
        {"GRCh38", "7", 55174014, "G", "T", "EGFR", "G719C", MIS},
        {"GRCh38", "7", 55174015, "G", "C", "EGFR", "G719A", MIS},
        {"GRCh38", "7", 55191831, "T", "A", "EGFR", "L861Q", MIS},
        {"GRCh38", "7", 55181312, "G", "T", "EGFR", "S768I", MIS},
    };
    CHECK_CASES(cases);
}

static void kras_minus_strand(void)
{
    static const lookup_case_t cases[] = {
        /* KRAS is on the minus strand: c.34G>T is a C>A on the genome. */
        {"GRCh38", "12", 25245351, "C", "A", "KRAS", "G12C", MIS},
        {"GRCh38", "12", 25245350, "C", "T", "KRAS", "G12D", MIS},
        {"GRCh38", "12", 25245350, "C", "A", "KRAS", "G12V", MIS},
        {"GRCh38", "12", 25245347, "C", "T", "KRAS", "G13D", MIS},
        {"GRCh38", "12", 25227341, "T", "G", "KRAS", "Q61H", MIS},
        {"GRCh37", "chr12", 25398285, "C", "A", "KRAS", "G12C", MIS},
        /* An MNV written with an anchor base: c.34_35GG>TT = GGT>TTT = G12F. */
        {"GRCh38", "12", 25245349, "ACC", "AAA", "KRAS", "G12F", MIS},
        /* oncokb-annotator example: 12:g.25398285_25398286delinsAG = A11= (GCT>GCC) + G12C. */
        {"GRCh37", "12", 25398285, "CA", "AG", "KRAS", "G12C", MIS},
        /* c.36T>C: GGT>GGC, synonymous. */
        {"GRCh38", "12", 25245349, "A", "G", "KRAS", "G12=", "synonymous_variant"},
        /* G12C and G13D in one MNV (c.34G>T, c.38G>A): two amino acids change, not named here. */
        {"GRCh38", "12", 25245347, "CCACC", "TCACA", NULL, NULL, NULL},
        /* An MNV reaching into the unlisted codon 10 (c.30_31AG>TT; GGA GCT) is not named either.
         */
        {"GRCh38", "12", 25245354, "CT", "AA", NULL, NULL, NULL},
    };
    CHECK_CASES(cases);
}

static void braf_pik3ca_erbb2_nras(void)
{
    static const lookup_case_t cases[] = {
        {"GRCh37", "7", 140453136, "A", "T", "BRAF", "V600E", MIS},
        {"GRCh38", "7", 140753336, "AC", "TT", "BRAF", "V600K", MIS},
        {"GRCh37", "3", 178936091, "G", "A", "PIK3CA", "E545K", MIS},
        {"GRCh38", "3", 179234297, "A", "G", "PIK3CA", "H1047R", MIS},
        {"GRCh37", "3", 178936082, "G", "T", "PIK3CA", "E542*", "stop_gained"}, /* GAA>TAA */
        {"GRCh38", "17", 39711955, "C", "T", "ERBB2", "S310F", MIS},
        {"GRCh38", "1", 114713909, "G", "T", "NRAS", "Q61K", MIS}, /* c.181C>A */
    };
    CHECK_CASES(cases);
    onc_hotspot_hit_t h;
    CHECK_INT(look("GRCh38", "3", 179234297, "A", "G", &h), 1);
    CHECK_INT(h.exon, 21);
    CHECK_STR(h.transcript, "NM_006218.4");
}

#define DEL19 "EGFR", "exon 19 in-frame deletion", "inframe_deletion"
#define INS20(gene) gene, "exon 20 in-frame insertion", "inframe_insertion"
#define MET14(conseq) "MET", "exon 14 splice region alteration", conseq
#define NONE NULL, NULL, NULL

static void egfr_exon19_deletions(void)
{
    static const lookup_case_t cases[] = {
        /* c.2235_2249del (E746_A750del) = GRCh38 7:g.55174772_55174786del, VCF style with the
         * anchor base c.2234 (A). GRCh37 is 67693 further (LRG_304). */
        {"GRCh38", "chr7", 55174771, "AGGAATTAAGAGAAGC", "A", DEL19},
        {"GRCh37", "7", 55242464, "AGGAATTAAGAGAAGC", "A", DEL19},
        /* MAF style ("-"): CivicAnnotator c.2239_2247del at GRCh37 7:55242466. */
        {"GRCh37", "7", 55242466, "GAATTAAGA", "-", DEL19},
        /* c.2237_2255delinsT (E746_S752delinsV): a net 18-base loss is the class too. */
        {"GRCh38", "7", 55174774, "AATTAAGAGAAGCAACATC", "T", DEL19},
        /* Frameshifts in exon 19 are not the class (docs/kb-genomic-events.md). */
        {"GRCh38", "7", 55174771, "AG", "A", NONE},
        {"GRCh38", "7", 55174771, "AGGAATTAAGAGAAG", "A", NONE},
        /* An in-frame insertion in exon 19 is not a deletion. */
        {"GRCh38", "7", 55174771, "A", "AGGA", NONE},
        /* Just outside: a deletion crossing the exon end (55174820), one in intron 19. */
        {"GRCh38", "7", 55174818, "AGGT", "A", NONE},
        {"GRCh38", "7", 55174821, "GTAA", "G", NONE},
        /* The first and last exon bases are inside. */
        {"GRCh38", "7", 55174722, "AAA", "-", DEL19},
        {"GRCh38", "7", 55174818, "AAA", "-", DEL19},
    };
    CHECK_CASES(cases);
    onc_hotspot_hit_t h;
    CHECK_INT(look("GRCh38", "7", 55174771, "AGGAATTAAGAGAAGC", "A", &h), 1);
    CHECK_INT(h.exon, 19);
}

static void exon20_insertions(void)
{
    static const lookup_case_t cases[] = {
        /* maftools GRCh38 EGFR insertion of CAGCGTGGA after 55181309 (c.2300, a C). */
        {"GRCh38", "7", 55181309, "C", "CCAGCGTGGA", INS20("EGFR")},
        {"GRCh37", "7", 55249002, "C", "CCAGCGTGGA", INS20("EGFR")},
        /* ERBB2 Y772_A775dup: insertion of GCATACGTGATG after GRCh38 17:39724728 (MAF style). */
        {"GRCh38", "17", 39724729, "-", "GCATACGTGATG", INS20("ERBB2")},
        {"GRCh37", "chr17", 37880982, "-", "GCATACGTGATG", INS20("ERBB2")},
        /* One inserted base is a frameshift; an insertion in intron 19 before the exon is outside.
         */
        {"GRCh38", "7", 55181309, "C", "CA", NONE},
        {"GRCh38", "7", 55181291, "A", "AGGG", NONE},
        /* Between the last intron base and the first exon base is not inside; one further is. */
        {"GRCh38", "7", 55181293, "-", "GGG", NONE},
        {"GRCh38", "7", 55181294, "-", "GGG", INS20("EGFR")},
    };
    CHECK_CASES(cases);
}

static void met_exon14_splice_sites(void)
{
    static const lookup_case_t cases[] = {
        /* Exon 14 = c.2888-3028 = GRCh38 7:116771849-116771989, GRCh37 7:116411903-116412043. */
        {"GRCh38", "7", 116771990, "G", "A", MET14("splice_donor_variant")}, /* c.3028+1G>A */
        {"GRCh37", "7", 116412044, "G", "A", MET14("splice_donor_variant")},
        {"GRCh38", "7", 116771847, "A", "G", MET14("splice_acceptor_variant")}, /* c.2888-2A>G */
        {"GRCh37", "7", 116412043, "G", "C",
         MET14("splice_region_variant")}, /* c.3028G>C, vcf2maf D1010H */
        {"GRCh38", "7", 116771997, "A", "G", MET14("splice_region_variant")}, /* c.3028+8 */
        {"GRCh38", "7", 116771998, "A", "G", NONE},                           /* c.3028+9 */
        {"GRCh38", "7", 116771840, "A", "G", NONE},                           /* c.2888-9 */
        {"GRCh38", "7", 116771900, "A", "G", NONE},
        /* Y1003 (c.3007-3009, tAc) is a codon row inside the exon, not a splice region. */
        {"GRCh38", "7", 116771969, "A", "G", "MET", "Y1003C", MIS},
        {"GRCh37", "7", 116412024, "C", "G", "MET", "Y1003*", "stop_gained"}, /* mid-exon */
        /* A deletion spanning the donor site; an insertion at the exon/intron junction. */
        {"GRCh38", "7", 116771980, "ACGTACGTACGTACGTACGTA", "A", MET14("splice_donor_variant")},
        {"GRCh38", "7", 116771990, "-", "T", MET14("splice_region_variant")},
    };
    CHECK_CASES(cases);
}

static void errors_and_non_events(void)
{
    onc_err_t e = {0};
    onc_hotspot_hit_t h;
    CHECK_INT(onc_hotspots_lookup(hs, "GRCh36", "7", 55191822, "T", "G", &h, &e), -1);
    CHECK_INT(e.code, ONC_EINVAL);
    CHECK(strstr(e.msg, "GRCh36") != NULL);
    CHECK_INT(onc_hotspots_lookup(hs, NULL, "7", 55191822, "T", "G", &h, &e), -1);
    static const lookup_case_t cases[] = {
        {"GRCh38", "7", 55191822, "T", "<DEL>", NONE},
        {"GRCh38", "7", 55191822, "T", "*", NONE},
        {"GRCh38", "7", 55191822, "T", "T", NONE},
        {"GRCh38", "7", 55191822, "T", "N", NONE},
        {"GRCh38", "7", ONC_POS_MISSING, "T", "G", NONE},
        {"GRCh38", "chr", 55191822, "T", "G", NONE},
    };
    CHECK_CASES(cases);
}

/* ---- the table's reference codons against cancerhotspots v2 (Codon_Change) ---- */

typedef struct kb_codon {
    char gene[16], genome[8];
    long codon, start, end;
    char ref[4];
} kb_codon_t;

/* Codon rows read straight from the shipped file, apart from the loader under test. */
static int read_kb_codons(kb_codon_t *out, int max)
{
    FILE *fp = fopen("kb/genomic_events.tsv", "r");
    if (!fp) return -1;
    char line[1024];
    int n = 0;
    while (n < max && fgets(line, sizeof line, fp)) {
        char *f[15];
        if (split_tabs(line, f, 15) < 15 || strcmp(f[0], "codon")) continue;
        kb_codon_t *c = &out[n++];
        snprintf(c->gene, sizeof c->gene, "%s", f[1]);
        snprintf(c->genome, sizeof c->genome, "%s", f[3]);
        c->start = strtol(f[6], NULL, 10), c->end = strtol(f[7], NULL, 10);
        c->codon = strtol(f[8], NULL, 10);
        snprintf(c->ref, sizeof c->ref, "%s", f[9]);
    }
    fclose(fp);
    return n;
}

static const kb_codon_t *find_codon(const kb_codon_t *c, int n, const char *gene, long codon)
{
    for (int i = 0; i < n; i++)
        if (strcmp(c[i].genome, "GRCh37") == 0 && strcmp(c[i].gene, gene) == 0 &&
            c[i].codon == codon)
            return &c[i];
    return NULL;
}

/* Codon_Change "gGt/gAt:757|Ggt/Tgt:380|..." and Genomic_Position "12:25398284_1557|..." of
 * one SNV-hotspots row against the table's reference codon and GRCh37 span. A 6-base change
 * ("gcTGgt/gcCTgt", KRAS A11= + G12C) reaches into the next codon, and so may its positions. */
static void check_ch2_row(const kb_codon_t *c, char *changes, char *positions, int *ok, int *bad)
{
    long slack = 0;
    for (char *t; (t = next_field(&changes, '|'));) {
        char *slash = strchr(t, '/');
        if (slash && slash - t == 6) slack = 3;
        if (!slash || slash - t != 3) continue;
        int same = 1;
        for (int i = 0; i < 3; i++)
            same &= toupper((unsigned char)t[i]) == c->ref[i];
        same ? (*ok)++ : (*bad)++;
        if (!same)
            fprintf(stderr, "%s %ld: CH2 codon %.3s, table %s\n", c->gene, c->codon, t, c->ref);
    }
    for (char *t; (t = next_field(&positions, '|'));) {
        char *colon = strchr(t, ':');
        long pos = colon ? strtol(colon + 1, NULL, 10) : 0;
        int inside = pos >= c->start - slack && pos <= c->end + slack;
        inside ? (*ok)++ : (*bad)++;
        if (!inside)
            fprintf(stderr, "%s %ld: CH2 position %ld outside %ld-%ld\n", c->gene, c->codon, pos,
                    c->start, c->end);
    }
}

static void ref_codons_match_cancerhotspots(void)
{
    const char *path = shared_data("hotspots/cancerhotspots_v2_SNV_hotspots.tsv");
    if (!path) SKIP("shared data absent");
    static kb_codon_t codons[128];
    int n = read_kb_codons(codons, 128);
    if (n < 0) SKIP("kb/genomic_events.tsv not found: run from the repository root");
    FILE *fp = fopen(path, "r");
    if (!fp) SKIP("cannot open %s", path);
    char *line = NULL;
    size_t cap = 0;
    int col[4] = {-1, -1, -1, -1}, ok = 0, bad = 0;
    static const char *const want[4] = {"Hugo_Symbol", "Amino_Acid_Position", "Codon_Change",
                                        "Genomic_Position"};
    for (int lineno = 0; getline(&line, &cap, fp) > 0; lineno++) {
        char *f[64];
        int k = split_tabs(line, f, 64);
        if (lineno == 0) {
            for (int i = 0; i < k; i++)
                for (int w = 0; w < 4; w++)
                    if (strcmp(f[i], want[w]) == 0) col[w] = i;
            continue;
        }
        if (col[0] < 0 || col[1] < 0 || col[2] < 0 || col[3] < 0 || k <= col[3] || k <= col[2])
            continue;
        const kb_codon_t *c = find_codon(codons, n, f[col[0]], strtol(f[col[1]], NULL, 10));
        if (c) check_ch2_row(c, f[col[2]], f[col[3]], &ok, &bad);
    }
    free(line);
    fclose(fp);
    fprintf(stderr,
            "cancerhotspots v2: %d reference codons and GRCh37 positions agree, %d disagree\n", ok,
            bad);
    CHECK(ok > 0);
    CHECK_INT(bad, 0);
}

static void oncokb_example_rows(void)
{
    static const lookup_case_t cases[] = {
        /* oncokb-annotator example_maf.txt / example_maf_grch38.txt (HGVSg column). */
        {"GRCh37", "3", 178936082, "G", "A", "PIK3CA", "E542K", MIS},
        {"GRCh38", "3", 179218294, "G", "A", "PIK3CA", "E542K", MIS},
        {"GRCh38", "12", 25245351, "C", "A", "KRAS", "G12C", MIS},
        /* The EGFR H304Y of the same files is outside the listed codons. */
        {"GRCh38", "7", 55155850, "C", "T", NONE},
    };
    CHECK_CASES(cases);
}

/* ---- the table's own checks ---- */

static char kb_dir[64];

static onc_hotspots_t *load_text(const char *rows, onc_err_t *e)
{
    char path[128];
    snprintf(path, sizeof path, "%s/genomic_events.tsv", kb_dir);
    FILE *fp = fopen(path, "w");
    if (!fp) return NULL;
    fputs("# a "
          "comment\nkind\tgene\ttranscript\tgenome\tchrom\tstrand\tstart\tend\tcodon\tref_"
          "codon\texon\t"
          "label\tconsequence\tverified\tsource\n",
          fp);
    fputs(rows, fp);
    fclose(fp);
    return onc_hotspots_load(kb_dir, e);
}

#define GOOD_CODON                                                                                 \
    "codon\tEGFR\tNM_005228.5\tGRCh38\t7\t+\t55191821\t55191823\t858\tCTG\t21\t.\t."               \
    "\tchecked\tMT\n"

static void bad_rows_name_file_line_column(void)
{
    snprintf(kb_dir, sizeof kb_dir, "/tmp/onc_hs_XXXXXX");
    if (!mkdtemp(kb_dir)) SKIP("mkdtemp failed");
    onc_err_t e = {0};
    onc_hotspots_t *t = load_text(GOOD_CODON, &e);
    CHECK(t != NULL);
    onc_hotspot_hit_t h;
    CHECK_INT(onc_hotspots_lookup(t, "GRCh38", "7", 55191822, "T", "G", &h, &e), 1);
    onc_hotspots_free(t);
    static const struct {
        const char *rows, *msg;
    } cases[] = {
        {GOOD_CODON "codon\tEGFR\tNM_005228.5\tGRCh38\t7\t*\t1\t3\t1\tATG\t1\t.\t.\tchecked\tX\n",
         "kb/genomic_events.tsv:4: field strand: strand is '*'"},
        {"codon\tEGFR\tNM_005228.5\tGRCh38\tchr7\t+\t1\t3\t1\tATG\t1\t.\t.\tchecked\tX\n",
         "kb/genomic_events.tsv:3: field chrom:"},
        {"codon\tEGFR\tNM_005228.5\tGRCh38\t7\t+\t1\t4\t1\tATG\t1\t.\t.\tchecked\tX\n",
         "kb/genomic_events.tsv:3: field end: a codon spans 3 bases"},
        {"codon\tEGFR\tNM_005228.5\tGRCh38\t7\t+\t1\t3\t1\tTAA\t1\t.\t.\tchecked\tX\n",
         "kb/genomic_events.tsv:3: field ref_codon:"},
        {"codon\tEGFR\tNM_005228.5\tGRCh39\t7\t+\t1\t3\t1\tATG\t1\t.\t.\tchecked\tX\n",
         "kb/genomic_events.tsv:3: field genome:"},
        {"codon\tEGFR\tNM_005228.5\tGRCh38\t7\t+\tx\t3\t1\tATG\t1\t.\t.\tchecked\tX\n",
         "kb/genomic_events.tsv:3: field start:"},
        {"codon\tEGFR\tNM_005228.5\tGRCh38\t7\t+\t1\t3\t1\tATG\t1\t.\t.\tmaybe\tX\n",
         "kb/genomic_events.tsv:3: field verified:"},
        {"splice\tMET\tNM_000245.4\tGRCh38\t7\t+\t10\t20\t.\t.\t14\t.\tsplice_region_"
         "variant\tchecked\tX\n",
         "kb/genomic_events.tsv:3: field label:"},
        {"codon\tEGFR\tNM_005228.5\tGRCh38\t7\t+\t1\t3\t1\tATG\n",
         "kb/genomic_events.tsv:3: 10 cells, the header has 15"},
        {GOOD_CODON "codon\tEGFR\tNM_005228.5\tGRCh38\t7\t+\t55191822\t55191824\t859\tCTG\t21\t.\t."
                    "\tchecked\tX\n",
         "kb/genomic_events.tsv:4: field start: codon overlaps the codon of line 3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        memset(&e, 0, sizeof e);
        t = load_text(cases[i].rows, &e);
        CHECK(t == NULL);
        CHECK_INT(e.code, ONC_EPARSE);
        char want[256]; /* the file was read from kb_dir, and messages name it there */
        snprintf(want, sizeof want, "%s/%s", kb_dir, cases[i].msg + strlen("kb/"));
        if (strncmp(e.msg, want, strlen(want)))
            fprintf(stderr, "case %zu: got \"%s\"\n", i, e.msg), check_failed = 1;
        onc_hotspots_free(t);
    }
    char path[128];
    snprintf(path, sizeof path, "%s/genomic_events.tsv", kb_dir);
    unlink(path);
    rmdir(kb_dir);
}

/* ---- cross-check against the maftools cancerhotspots v2 tables ---- */

/* The codons the table covers, written out here independently of kb/genomic_events.tsv. */
static int covered_codon(const char *gene, long codon)
{
    static const struct {
        const char *gene;
        long codons[6];
    } cov[] = {{"EGFR", {719, 768, 790, 797, 858, 861}},
               {"KRAS", {11, 12, 13, 61, 146}},
               {"NRAS", {12, 13, 61}},
               {"BRAF", {466, 469, 594, 600, 601}},
               {"PIK3CA", {542, 545, 1047}},
               {"ERBB2", {310, 755, 777}},
               {"MET", {1003}}};
    for (size_t i = 0; i < sizeof cov / sizeof *cov; i++)
        if (strcmp(cov[i].gene, gene) == 0)
            for (int k = 0; k < 6 && cov[i].codons[k]; k++)
                if (cov[i].codons[k] == codon) return 1;
    return 0;
}

typedef struct counts {
    int codon_ok, codon_bad, del19, ins20, met, not_class, other_bad;
} counts_t;

/* A maftools row: chr pos ref alt gene class protein sift, no header; MAF-style alleles. */
static void check_maftools_row(const char *genome, char **f, counts_t *c)
{
    long pos = strtol(f[1], NULL, 10), codon = 0;
    onc_hotspot_hit_t h;
    const char *p = f[6];
    int is_change = isupper((unsigned char)p[0]) && isdigit((unsigned char)p[1]);
    if (is_change) codon = strtol(p + 1, NULL, 10);
    int subst = strlen(f[2]) == strlen(f[3]) && strcmp(f[2], "-") && strcmp(f[3], "-");
    if (subst && is_change && covered_codon(f[4], codon)) {
        int rc = look(genome, f[0], pos, f[2], f[3], &h);
        if (rc == 1 && strcmp(h.gene, f[4]) == 0 && strcmp(h.alteration, p) == 0)
            c->codon_ok++;
        else
            c->codon_bad++, fprintf(stderr, "%s %s:%s %s>%s %s %s: got %d %s\n", genome, f[0], f[1],
                                    f[2], f[3], f[4], p, rc, rc == 1 ? h.alteration : "");
        return;
    }
    int ins = strcmp(f[5], "INS") == 0, del = strcmp(f[5], "DEL") == 0;
    int met = strcmp(f[4], "MET") == 0 && strncmp(p, "D1010", 5) == 0;
    if (!ins && !del && !met) return;
    if ((ins || del) && strcmp(f[4], "EGFR") && strcmp(f[4], "ERBB2")) return;
    /* MAF insertions sit after Start_Position; this API puts them before pos. */
    int rc = look(genome, f[0], ins ? pos + 1 : pos, f[2], f[3], &h);
    if (rc != 1) {
        if (ins || del) c->not_class++;
        return;
    }
    if (met && strcmp(h.alteration, "exon 14 splice region alteration") == 0)
        c->met++;
    else if (del && strcmp(h.alteration, "exon 19 in-frame deletion") == 0)
        c->del19++;
    else if (ins && strcmp(h.alteration, "exon 20 in-frame insertion") == 0)
        c->ins20++;
    else
        c->other_bad++, fprintf(stderr, "%s %s:%s %s>%s %s: got %s\n", genome, f[0], f[1], f[2],
                                f[3], p, h.alteration);
}

static void maftools_table(const char *genome, counts_t *c)
{
    char rel[128], line[4096];
    snprintf(rel, sizeof rel, "hotspots/maftools_cancerhotspots_v2_%s.tsv", genome);
    const char *path = shared_data(rel);
    FILE *fp = path ? fopen(path, "r") : NULL;
    if (!fp) return;
    while (fgets(line, sizeof line, fp)) {
        char *f[8];
        if (split_tabs(line, f, 8) >= 7) check_maftools_row(genome, f, c);
    }
    fclose(fp);
}

static void cross_check_maftools_hotspots(void)
{
    if (!shared_data("hotspots/maftools_cancerhotspots_v2_GRCh37.tsv")) SKIP("shared data absent");
    static const char *const genomes[] = {"GRCh37", "GRCh38"};
    for (int g = 0; g < 2; g++) {
        counts_t c = {0};
        maftools_table(genomes[g], &c);
        fprintf(stderr,
                "maftools %s: %d codon rows agree, %d disagree; exon 19 deletions %d, exon 20 "
                "insertions %d, MET D1010 splice %d, indels not in a class %d\n",
                genomes[g], c.codon_ok, c.codon_bad, c.del19, c.ins20, c.met, c.not_class);
        /* Counted independently from the tables (docs/kb-genomic-events.md): 105 SNV/MNV rows in
         * covered codons (105, plus MET Y1003C, Y1003F and the Y1003 stop); 10 in-frame deletions
         * inside EGFR exon 19; 10 EGFR + 5 ERBB2 in-frame insertions inside exon 20; 3 MET D1010
         * substitutions (c.3028). Three EGFR indels are not a class here: E709_T710delinsD (exon
         * 18, not listed), and two rows maftools labels E746_A750del that are not in-frame
         * deletions: an 18-base insertion and TTAAGAGAA>C (net -8 bases, a frameshift). */
        CHECK_INT(c.codon_ok, 108);
        CHECK_INT(c.codon_bad, 0);
        CHECK_INT(c.del19, 10);
        CHECK_INT(c.not_class, 3);
        CHECK_INT(c.ins20, 15);
        CHECK_INT(c.met, 3);
        CHECK_INT(c.other_bad, 0);
    }
}

int main(void)
{
    onc_err_t e = {0};
    hs = onc_hotspots_load(NULL, &e);
    if (!hs) {
        fprintf(stderr, "cannot load the built-in table: %s\n", e.msg);
        return 1;
    }
    RUN(anchors_l858r_both_genomes_and_chrom_names);
    RUN(egfr_codons);
    RUN(kras_minus_strand);
    RUN(braf_pik3ca_erbb2_nras);
    RUN(egfr_exon19_deletions);
    RUN(exon20_insertions);
    RUN(met_exon14_splice_sites);
    RUN(errors_and_non_events);
    RUN(bad_rows_name_file_line_column);
    RUN(cross_check_maftools_hotspots);
    RUN(oncokb_example_rows);
    RUN(ref_codons_match_cancerhotspots);
    onc_hotspots_free(hs);
    CHECK_EXIT();
}
