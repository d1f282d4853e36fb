/* test_gene.c: gene aliases and exon tables (model_gene.c), built in and from a directory. */
#include "check.h"
#include "tsv_rows.h"
#include "oncoboard/alteration.h"
#include "oncoboard/gene.h"

#include <unistd.h>

static void builtin_aliases_resolve_to_hgnc_symbols(void)
{
    onc_err_t e = {0};
    onc_genes_t *g = onc_genes_load(NULL, &e);
    CHECK(g != NULL);
    if (!g) {
        fprintf(stderr, "  %s\n", e.msg);
        return;
    }
    /* HGNC: ERBB2 (HGNC:3430) has alias HER2; KMT2D (HGNC:7133) previous symbol MLL2. */
    CHECK_STR(onc_genes_canonical(g, "HER2"), "ERBB2");
    CHECK_STR(onc_genes_canonical(g, "her2"), "ERBB2");
    CHECK_STR(onc_genes_canonical(g, "MLL2"), "KMT2D");
    CHECK_STR(onc_genes_canonical(g, "c-MET"), "MET");
    const char *egfr = "EGFR";
    CHECK(onc_genes_canonical(g, egfr) == egfr); /* an approved symbol is returned as given */
    CHECK_STR(onc_genes_canonical(g, "NOTAGENE1"), "NOTAGENE1");
    CHECK(onc_genes_canonical(NULL, egfr) == egfr);
    onc_genes_free(g);
    onc_genes_free(NULL);
}

/* Writes a kb directory with the two tables; returns its path (static) or NULL. */
static const char *write_kb(const char *aliases, const char *exons)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/onc_gene_XXXXXX");
    if (!mkdtemp(dir)) return NULL;
    const char *names[2] = {"gene_aliases.tsv", "gene_exons.tsv"}, *texts[2] = {aliases, exons};
    for (int i = 0; i < 2; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *fp = fopen(path, "w");
        if (!fp) return NULL;
        fputs(texts[i], fp);
        fclose(fp);
    }
    return dir;
}

static void remove_kb(const char *dir)
{
    char path[128];
    snprintf(path, sizeof path, "%s/gene_aliases.tsv", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/gene_exons.tsv", dir);
    unlink(path);
    rmdir(dir);
}

#define ALIAS_HEAD "# test\nalias\tsymbol\thgnc_id\tkind\tverified\tsource\n"
#define EXON_HEAD "# test\ngene\ttranscript\texon\tcds_start\tcds_end\tverified\tsource\n"

static void exon_table_maps_codons(void)
{
    /* GENEA: exon 1 c.1-10 (codons 1-4, codon 4 split 1:2), exon 2 c.11-40 (codons 4-14). */
    const char *dir = write_kb(ALIAS_HEAD "HER2\tERBB2\tHGNC:3430\talias\tyes\ts\n",
                               EXON_HEAD "GENEA\tNM_1.2\t1\t1\t10\tyes\ttest\n"
                                         "GENEA\tNM_1.2\t2\t11\t40\tno\ttest\n"
                                         "GENEB\tNM_2.1\t5\t100\t120\tyes\ttest\n");
    CHECK(dir != NULL);
    if (!dir) return;
    onc_err_t e = {0};
    onc_genes_t *g = onc_genes_load(dir, &e);
    CHECK(g != NULL);
    if (g) {
        CHECK_INT(onc_genes_exon_of(g, "GENEA", 1), 1);
        CHECK_INT(onc_genes_exon_of(g, "GENEA", 3), 1);
        CHECK_INT(onc_genes_exon_of(g, "GENEA", 4), 2); /* c.10-12: two bases in exon 2 */
        CHECK_INT(onc_genes_exon_of(g, "GENEA", 13), 2);
        CHECK_INT(onc_genes_exon_of(g, "GENEA", 14), ONC_INT_MISSING); /* c.40-42: two bases beyond */
        CHECK_INT(onc_genes_exon_of(g, "GENEA", 0), ONC_INT_MISSING);
        CHECK_INT(onc_genes_exon_of(g, "GENEB", 33), ONC_INT_MISSING); /* c.97-99 */
        CHECK_INT(onc_genes_exon_of(g, "GENEB", 34), 5);               /* c.100-102 */
        CHECK_INT(onc_genes_exon_of(g, "OTHER", 5), ONC_INT_MISSING);
        int32_t first = 0, last = 0;
        CHECK_INT(onc_genes_exon_codons(g, "GENEA", 1, &first, &last), ONC_OK);
        CHECK_INT(first, 1);
        CHECK_INT(last, 4);
        CHECK_INT(onc_genes_exon_codons(g, "GENEA", 2, &first, &last), ONC_OK);
        CHECK_INT(first, 4); /* the split codon is in both ranges */
        CHECK_INT(last, 14);
        CHECK_INT(onc_genes_exon_codons(g, "GENEA", 3, &first, &last), ONC_ENOTFOUND);
        onc_cpos_t donor = {10, 1, 0}, acceptor = {11, -2, 0}, utr = {-5, 0, 0};
        CHECK_INT(onc_genes_exon_of_cpos(g, "GENEA", &donor), 1);
        CHECK_INT(onc_genes_exon_of_cpos(g, "GENEA", &acceptor), 2);
        CHECK_INT(onc_genes_exon_of_cpos(g, "GENEA", &utr), ONC_INT_MISSING);
        CHECK_STR(onc_genes_transcript(g, "GENEB"), "NM_2.1");
        CHECK(onc_genes_transcript(g, "OTHER") == NULL);
        CHECK_STR(onc_genes_canonical(g, "HER2"), "ERBB2");
    }
    onc_genes_free(g);
    remove_kb(dir);
}

/* Loads tables that should fail and checks that the message has want, in which "kb/" stands
 * for the directory the tables were read from (messages name the file actually read). */
static void load_fails(const char *aliases, const char *exons, const char *want_kb)
{
    const char *dir = write_kb(aliases, exons);
    CHECK(dir != NULL);
    if (!dir) return;
    char want[512];
    if (strncmp(want_kb, "kb/", 3) == 0) snprintf(want, sizeof want, "%s/%s", dir, want_kb + 3);
    else snprintf(want, sizeof want, "%s", want_kb);
    onc_err_t e = {0};
    onc_genes_t *g = onc_genes_load(dir, &e);
    CHECK(g == NULL);
    if (!strstr(e.msg, want)) {
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", e.msg, want);
        check_failed = 1;
    }
    onc_genes_free(g);
    remove_kb(dir);
}

static void bad_rows_are_errors_naming_file_and_line(void)
{
    const char *ok_exons = EXON_HEAD;
    load_fails(ALIAS_HEAD "HER2\tERBB2\n", ok_exons, "kb/gene_aliases.tsv:3: 2 cells, the header has 6");
    load_fails(ALIAS_HEAD "HER2\tERBB2\t3430\talias\tyes\ts\n", ok_exons, "kb/gene_aliases.tsv:3: field hgnc_id");
    load_fails(ALIAS_HEAD "her2\tERBB2\tHGNC:3430\talias\tyes\ts\n", ok_exons, "kb/gene_aliases.tsv:3: field alias");
    load_fails(ALIAS_HEAD "HER2\tERBB2\tHGNC:3430\tsynonym\tyes\ts\n", ok_exons, "kb/gene_aliases.tsv:3: field kind");
    load_fails(ALIAS_HEAD "HER2\tERBB2\tHGNC:3430\talias\tyes\ts\nHER2\tEGFR\tHGNC:3236\talias\tyes\ts\n", ok_exons,
               "alias HER2 is listed twice");
    load_fails(ALIAS_HEAD "MLL\tKMT2A\tHGNC:7132\tprevious\tyes\ts\nKMT2A\tX\tHGNC:1\talias\tyes\ts\n", ok_exons,
               "KMT2A is both an approved symbol and an alias");
    load_fails(ALIAS_HEAD "HER2\tERBB2\tHGNC:3430\talias\tmaybe\ts\n", ok_exons, "kb/gene_aliases.tsv:3: field verified");
    load_fails(ALIAS_HEAD "HER2\tERBB2\tHGNC:3430\talias\tyes\t\n", ok_exons, "kb/gene_aliases.tsv:3: field source");
    const char *ok_aliases = ALIAS_HEAD;
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228.5\t19\t2185\n", "kb/gene_exons.tsv:3: 4 cells, the header has 7");
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228\t19\t2185\t2283\tyes\ts\n", "kb/gene_exons.tsv:3: field transcript");
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228.5\t19\t2283\t2185\tyes\ts\n", "kb/gene_exons.tsv:3: field cds_end");
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228.5\t19\t0\t2283\tyes\ts\n", "kb/gene_exons.tsv:3: field cds_start");
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228.5\t19\t2185\t2283\tmaybe\ts\n", "kb/gene_exons.tsv:3: field verified");
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228.5\t19\t2185\t2283\tyes\t\n", "kb/gene_exons.tsv:3: field source");
    load_fails(ok_aliases,
               EXON_HEAD "EGFR\tNM_005228.5\t19\t2185\t2283\tyes\ts\nEGFR\tNM_005228.5\t20\t2280\t2469\tyes\ts\n",
               "kb/gene_exons.tsv:4: field cds_start: overlaps");
    load_fails(ok_aliases,
               EXON_HEAD "EGFR\tNM_005228.5\t19\t2185\t2283\tyes\ts\nEGFR\tNM_005228.5\t20\t2285\t2469\tyes\ts\n",
               "kb/gene_exons.tsv:4: field cds_start: leaves a gap");
    load_fails(ok_aliases,
               EXON_HEAD "EGFR\tNM_005228.5\t19\t2185\t2283\tyes\ts\nEGFR\tNM_005228.4\t20\t2284\t2469\tyes\ts\n",
               "kb/gene_exons.tsv:4: field transcript: one transcript per gene");
    load_fails(ok_aliases,
               EXON_HEAD "A\tNM_1.1\t1\t1\t5\tyes\ts\nB\tNM_2.1\t1\t1\t5\tyes\ts\nA\tNM_1.1\t2\t6\t9\tyes\ts\n",
               "kb/gene_exons.tsv:5: field gene: rows of one gene must be together");
}

/* Facts from OncoKB and the clinical design notes (CLINICAL.md), independent of the table:
 * EGFR G719X exon 18, exon 19 deletions in 729-761, exon 20 insertions in 762-823 with T790M,
 * C797S and S768I, L858R and L861Q exon 21; MET exon 14 = 963_1010 and its splice sites;
 * KRAS G12/G13 exon 2, Q61 exon 3, A146 exon 4; BRAF V600 exon 15, G469 exon 11; PIK3CA
 * E542/E545 exon 10 and H1047 exon 21 on NM_006218.4; ERBB2 exon 20 insertions. */
static void shipped_exons_agree_with_known_facts(void)
{
    onc_err_t e = {0};
    onc_genes_t *g = onc_genes_load(NULL, &e);
    CHECK(g != NULL);
    if (!g) return;
    static const struct { const char *gene; int32_t aa, exon; } facts[] = {
        {"EGFR", 719, 18}, {"EGFR", 729, 19}, {"EGFR", 746, 19}, {"EGFR", 750, 19}, {"EGFR", 761, 19},
        {"EGFR", 762, 20}, {"EGFR", 768, 20}, {"EGFR", 770, 20}, {"EGFR", 790, 20}, {"EGFR", 797, 20},
        {"EGFR", 823, 20}, {"EGFR", 858, 21}, {"EGFR", 861, 21},
        {"MET", 964, 14}, {"MET", 1009, 14},
        {"KRAS", 12, 2}, {"KRAS", 13, 2}, {"KRAS", 61, 3}, {"KRAS", 117, 4}, {"KRAS", 146, 4},
        {"NRAS", 12, 2}, {"NRAS", 61, 3}, {"BRAF", 469, 11}, {"BRAF", 600, 15},
        {"PIK3CA", 542, 10}, {"PIK3CA", 545, 10}, {"PIK3CA", 1047, 21}, {"ERBB2", 776, 20},
    };
    for (size_t i = 0; i < sizeof facts / sizeof *facts; i++) {
        int32_t got = onc_genes_exon_of(g, facts[i].gene, facts[i].aa);
        if (got != facts[i].exon) {
            fprintf(stderr, "  %s codon %d: exon %d, expected %d\n", facts[i].gene, facts[i].aa, got, facts[i].exon);
            check_failed = 1;
        }
    }
    int32_t first = 0, last = 0;
    CHECK_INT(onc_genes_exon_codons(g, "EGFR", 19, &first, &last), ONC_OK);
    CHECK_INT(first, 729);
    CHECK_INT(last, 761);
    CHECK_INT(onc_genes_exon_codons(g, "EGFR", 20, &first, &last), ONC_OK);
    CHECK_INT(first, 762);
    CHECK_INT(last, 823);
    CHECK_INT(onc_genes_exon_codons(g, "MET", 14, &first, &last), ONC_OK);
    CHECK_INT(first, 963);
    CHECK_INT(last, 1010);
    onc_cpos_t donor = {3028, 1, 0}, acceptor = {2888, -2, 0};
    CHECK_INT(onc_genes_exon_of_cpos(g, "MET", &donor), 14);
    CHECK_INT(onc_genes_exon_of_cpos(g, "MET", &acceptor), 14);
    CHECK_STR(onc_genes_transcript(g, "EGFR"), "NM_005228.5");
    CHECK_STR(onc_genes_transcript(g, "MET"), "NM_000245.4");
    /* aliases that labs write, against HGNC (see kb/gene_aliases.tsv) */
    CHECK_STR(onc_genes_canonical(g, "MLL3"), "KMT2C");
    CHECK_STR(onc_genes_canonical(g, "LKB1"), "STK11");
    CHECK_STR(onc_genes_canonical(g, "BRG1"), "SMARCA4");
    CHECK_STR(onc_genes_canonical(g, "ALK1"), "ALK1"); /* ambiguous (ACVRL1): not resolved */
    onc_genes_free(g);
}

/* The MANE Select transcripts of the table in Ensembl ids, where the shared data uses them. */
static int is_mane_ensembl(const char *gene, const char *tx)
{
    return tx && ((!strcmp(gene, "MET") && !strncmp(tx, "ENST00000397752", 15)) ||
                  (!strcmp(gene, "PIK3CA") && !strncmp(tx, "ENST00000263967", 15)) ||
                  (!strcmp(gene, "EGFR") && !strncmp(tx, "ENST00000275493", 15)));
}

/* Checks one annotated variant: a splice-site c. position must sit on an exon boundary of the
 * table, and VEP's EXON column (n/N) must agree with the table. Returns 1 when it checked. */
static int check_annotation(const onc_genes_t *g, const char *gene, const char *hgvsc, const char *exon_col)
{
    onc_cchange_t c;
    onc_err_t e = {0};
    if (!hgvsc || onc_cchange_parse(hgvsc, &c, &e) != ONC_OK) return 0;
    int checked = 0;
    const onc_cpos_t *ends[2] = {&c.start, &c.end};
    for (int k = 0; k < 2; k++) {
        const onc_cpos_t *p = ends[k];
        onc_cpos_t anchor = {p->pos, 0, p->utr3}, beyond = {p->pos + (p->offset > 0 ? 1 : -1), 0, p->utr3};
        int32_t here = onc_genes_exon_of_cpos(g, gene, &anchor);
        if (!p->offset || here == ONC_INT_MISSING) continue;
        checked = 1; /* c.X+n: X ends an exon; c.X-n: X starts one */
        if (onc_genes_exon_of_cpos(g, gene, &beyond) == here) {
            fprintf(stderr, "  %s %s: c.%d is not an exon boundary in kb/gene_exons.tsv\n", gene, hgvsc, p->pos);
            check_failed = 1;
        }
    }
    if (exon_col && exon_col[0] && !c.start.offset) {
        int32_t want = (int32_t)strtol(exon_col, NULL, 10);
        int32_t got = onc_genes_exon_of_cpos(g, gene, &c.start);
        if (got != ONC_INT_MISSING) {
            checked = 1;
            if (got != want) {
                fprintf(stderr, "  %s %s: exon %d in the table, VEP says %s\n", gene, hgvsc, got, exon_col);
                check_failed = 1;
            }
        }
    }
    return checked;
}

static int check_maf(const onc_genes_t *g, const char *path)
{
    tsv_rows_t t;
    int checked = 0;
    if (tsv_open(&t, path)) return 0;
    while (tsv_next_row(&t)) {
        const char *gene = tsv_cell(&t, "Hugo_Symbol");
        if (gene && is_mane_ensembl(gene, tsv_cell(&t, "Transcript_ID")))
            checked += check_annotation(g, gene, tsv_cell(&t, "HGVSc"), tsv_cell(&t, "EXON"));
    }
    return checked;
}

/* The table against VEP annotations in the shared data (cBioPortal and vcf2maf outputs). */
static void shipped_exons_agree_with_vep_annotations(void)
{
    static const char *const files[] = {
        "cohorts/nsclc_mskcc_2015/data_mutations.txt", "cohorts/nsclc_pd1_msk_2018/data_mutations.txt",
        "test-inputs/vcf2maf/test_output.vep_isoforms.maf", "test-inputs/vcf2maf/test_output.custom_isoforms.maf",
    };
    onc_err_t e = {0};
    onc_genes_t *g = onc_genes_load(NULL, &e);
    CHECK(g != NULL);
    if (!g) return;
    int found = 0, checked = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const char *path = shared_data(files[i]);
        if (!path) continue;
        found++;
        checked += check_maf(g, path);
    }
    onc_genes_free(g);
    if (!found) SKIP("shared data cohorts/ and test-inputs/vcf2maf/ absent");
    CHECK(checked >= 5); /* MET splice sites and exon numbers at least */
}

int main(void)
{
    RUN(builtin_aliases_resolve_to_hgnc_symbols);
    RUN(exon_table_maps_codons);
    RUN(bad_rows_are_errors_naming_file_and_line);
    RUN(shipped_exons_agree_with_known_facts);
    RUN(shipped_exons_agree_with_vep_annotations);
    CHECK_EXIT();
}
