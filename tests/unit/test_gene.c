/* test_gene.c: gene aliases and exon tables (model_gene.c), built in and from a directory. */
#include "check.h"
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

#define ALIAS_HEAD "# test\nalias\tsymbol\thgnc_id\tkind\n"
#define EXON_HEAD "# test\ngene\ttranscript\texon\tfirst_codon\tlast_codon\tverified\tsource\n"

static void exon_table_maps_codons(void)
{
    const char *dir = write_kb(ALIAS_HEAD "HER2\tERBB2\tHGNC:3430\talias\n",
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
        CHECK_INT(onc_genes_exon_of(g, "GENEA", 10), 1);
        CHECK_INT(onc_genes_exon_of(g, "GENEA", 11), 2);
        CHECK_INT(onc_genes_exon_of(g, "GENEA", 41), ONC_INT_MISSING);
        CHECK_INT(onc_genes_exon_of(g, "GENEB", 99), ONC_INT_MISSING);
        CHECK_INT(onc_genes_exon_of(g, "GENEB", 120), 5);
        CHECK_INT(onc_genes_exon_of(g, "OTHER", 5), ONC_INT_MISSING);
        CHECK_STR(onc_genes_transcript(g, "GENEB"), "NM_2.1");
        CHECK(onc_genes_transcript(g, "OTHER") == NULL);
        CHECK_STR(onc_genes_canonical(g, "HER2"), "ERBB2");
    }
    onc_genes_free(g);
    remove_kb(dir);
}

/* Loads tables that should fail and checks that the message has want. */
static void load_fails(const char *aliases, const char *exons, const char *want)
{
    const char *dir = write_kb(aliases, exons);
    CHECK(dir != NULL);
    if (!dir) return;
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
    load_fails(ALIAS_HEAD "HER2\tERBB2\n", ok_exons, "kb/gene_aliases.tsv:3: expected the columns");
    load_fails(ALIAS_HEAD "HER2\tERBB2\t3430\talias\n", ok_exons, "kb/gene_aliases.tsv:3: field hgnc_id");
    load_fails(ALIAS_HEAD "her2\tERBB2\tHGNC:3430\talias\n", ok_exons, "kb/gene_aliases.tsv:3: field alias");
    load_fails(ALIAS_HEAD "HER2\tERBB2\tHGNC:3430\tsynonym\n", ok_exons, "kb/gene_aliases.tsv:3: field kind");
    load_fails(ALIAS_HEAD "HER2\tERBB2\tHGNC:3430\talias\nHER2\tEGFR\tHGNC:3236\talias\n", ok_exons,
               "alias HER2 is listed twice");
    load_fails(ALIAS_HEAD "MLL\tKMT2A\tHGNC:7132\tprevious\nKMT2A\tX\tHGNC:1\talias\n", ok_exons,
               "KMT2A is both an approved symbol and an alias");
    const char *ok_aliases = ALIAS_HEAD;
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228.5\t19\t729\n", "kb/gene_exons.tsv:3: expected the columns");
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228\t19\t729\t761\tyes\ts\n", "kb/gene_exons.tsv:3: field transcript");
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228.5\t19\t761\t729\tyes\ts\n", "kb/gene_exons.tsv:3: field last_codon");
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228.5\t19\t729\t761\tmaybe\ts\n", "kb/gene_exons.tsv:3: field verified");
    load_fails(ok_aliases, EXON_HEAD "EGFR\tNM_005228.5\t19\t729\t761\tyes\t\n", "kb/gene_exons.tsv:3: field source");
    load_fails(ok_aliases,
               EXON_HEAD "EGFR\tNM_005228.5\t19\t729\t761\tyes\ts\nEGFR\tNM_005228.5\t20\t761\t823\tyes\ts\n",
               "kb/gene_exons.tsv:4: field first_codon: overlaps");
    load_fails(ok_aliases,
               EXON_HEAD "A\tNM_1.1\t1\t1\t5\tyes\ts\nB\tNM_2.1\t1\t1\t5\tyes\ts\nA\tNM_1.1\t2\t6\t9\tyes\ts\n",
               "kb/gene_exons.tsv:5: field gene: rows of one gene must be together");
}

static void shipped_tables_cover_the_panel_genes(void)
{
    onc_err_t e = {0};
    onc_genes_t *g = onc_genes_load(NULL, &e);
    CHECK(g != NULL);
    if (!g) return;
    onc_genes_free(g);
}

int main(void)
{
    RUN(builtin_aliases_resolve_to_hgnc_symbols);
    RUN(exon_table_maps_codons);
    RUN(bad_rows_are_errors_naming_file_and_line);
    RUN(shipped_tables_cover_the_panel_genes);
    CHECK_EXIT();
}
