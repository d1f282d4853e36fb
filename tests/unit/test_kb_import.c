/* test_kb_import.c: `kb import civic|oncokb` through the library (onc_kb_import), on the
 * fixtures of tests/data/kb_import (written by the project in CIViC's and OncoKB's column
 * layouts; every row invented, see the README there). Expected counts and entries were worked
 * out by hand from the fixture rows and docs/kb-import.md's mapping rules. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "check.h"
#include "kb/kb_import_int.h"
#include "oncoboard/kb.h"
#include "oncoboard/kb_import.h"

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define DATA "tests/data/kb_import/"

static char tmp_root[64];
/* Knowledge-base directories, so that the tests do not depend on the curated kb/:
 * tests/data/kb_import/kb (kb_all): a test-only knowledge base whose genes.tsv names every gene
 * of the fixtures; kb_two: the mapping tables and a genes.tsv of EGFR and ALK only, no kb.yaml;
 * kb_none: the mapping tables only. */
static const char *const kb_all = DATA "kb";
static char kb_two[128], kb_none[128];

static int rm_one(const char *p, const struct stat *s, int f, struct FTW *w)
{
    (void)s, (void)f, (void)w;
    return remove(p);
}

/* A fresh directory name under the test's temporary root. */
static const char *out_dir(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmp_root, name);
    nftw(path, rm_one, 8, FTW_DEPTH | FTW_PHYS);
    return path;
}

/* The path of out_dir(name), without removing it. */
static const char *out_dir_path(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmp_root, name);
    return path;
}

/* The whole of a file, or NULL; caller frees. */
static char *slurp(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "r");
    if (!fp) return NULL;
    char *buf = calloc(1, 1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, fp) : 0;
    (void)n;
    fclose(fp);
    return buf;
}

static int contains(const char *hay, const char *needle) { return hay && strstr(hay, needle) != NULL; }

static const char *run_kb = NULL; /* the kb_dir of run(): kb_all unless a test says otherwise */

static onc_kbi_report_t *run(onc_kbi_source src, const char *input, const char *variants, const char *dir,
                             onc_err_t *err)
{
    onc_kbi_opts_t o = {.source = src, .input = input, .variants = variants, .out_dir = dir, .date = "2026-11-01",
                        .kb_dir = run_kb ? run_kb : kb_all};
    onc_kbi_report_t *r = NULL;
    memset(err, 0, sizeof *err);
    if (onc_kb_import(&o, &r, err) != ONC_OK) return NULL;
    return r;
}

static uint64_t skipped(const onc_kbi_report_t *r, const char *reason)
{
    uint64_t n;
    for (size_t i = 0; onc_kbi_report_skip(r, i, &n); i++)
        if (strcmp(onc_kbi_report_skip(r, i, NULL), reason) == 0) return n;
    return 0;
}

static void print_problem(const char *msg, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "kb validate: %s\n", msg);
}

/* What `oncoboard kb validate --kb DIR` says of an import: the number of problems. */
static long validate(const char *dir)
{
    onc_err_t err = {0};
    long n = onc_kb_validate(dir, print_problem, NULL, &err);
    if (n < 0) fprintf(stderr, "kb validate: %s\n", err.msg);
    return n;
}

static void civic_current_layout(void)
{
    onc_err_t err;
    const char *dir = out_dir("civic");
    onc_kbi_report_t *r = run(ONC_KBI_CIVIC, DATA "civic_current.tsv", NULL, dir, &err);
    CHECK(r != NULL);
    if (!r) { fprintf(stderr, "%s\n", err.msg); return; }
    CHECK_STR(onc_kbi_report_label(r), "CIViC 2026-11-01");
    CHECK_INT(onc_kbi_report_rows(r), 20);
    /* 12 rows kept: EID101 and 108 merge (same EGFR L858R, NSCLC, osimertinib, sensitive);
     * EID102's two substitutes are two entries */
    CHECK_INT(onc_kbi_report_entries(r), 12);
    CHECK_INT(onc_kbi_report_genes(r), 5); /* ALK BRAF EGFR KRAS MET */
    CHECK_INT(onc_kbi_report_sources(r), 14); /* 11 PMIDs, 1 ASCO abstract, the release, genes.tsv's TEST_ROLES */
    CHECK_INT(skipped(r, "complex molecular profile (AND)"), 1);
    CHECK_INT(skipped(r, "direction Does Not Support (our effects cannot say 'not')"), 1);
    CHECK_INT(skipped(r, "disease not mapped to an OncoTree code"), 1);
    CHECK_INT(skipped(r, "evidence status not accepted"), 1);
    CHECK_INT(skipped(r, "flagged in CIViC"), 1);
    CHECK_INT(skipped(r, "significance Adverse Response (toxicity, not efficacy)"), 1);
    CHECK_INT(skipped(r, "variant name not expressible in OncoKB's grammar"), 1);
    CHECK_INT(onc_kbi_report_n_skips(r), 8);
    CHECK_STR(onc_kbi_report_listed(r, 0), "complex molecular profile (AND): EID104 'EGFR L858R AND EGFR T790M'");

    char *egfr = slurp(dir, "evidence/EGFR.yaml"), *alk = slurp(dir, "evidence/ALK.yaml");
    char *met = slurp(dir, "evidence/MET.yaml"), *braf = slurp(dir, "evidence/BRAF.yaml");
    char *kras = slurp(dir, "evidence/KRAS.yaml"), *kb = slurp(dir, "kb.yaml"), *src = slurp(dir, "sources.yaml");
    CHECK(contains(egfr, "gene: \"EGFR\"\nevidence:\n  - id: \"CIVIC-EID101\"\n    alterations: [\"L858R\"]\n"
                         "    tumor_types: [\"NSCLC\"]\n    effect: sensitive\n    agents: [\"osimertinib\"]\n"
                         "    sources: [\"CIVIC_PMID_10000001\", \"CIVIC_2026_11_01\", \"CIVIC_PMID_10000008\"]\n"
                         "    reviewed: 2025-06-01\n    verified: false\n"));
    CHECK(contains(egfr, "id: \"CIVIC-EID102-1\"\n    alterations: [\"L858R\"]\n    tumor_types: [\"LUAD\"]\n"
                         "    effect: sensitive\n    agents: [\"erlotinib\"]"));
    CHECK(contains(egfr, "id: \"CIVIC-EID102-2\""));
    CHECK(contains(egfr, "alterations: [\"T790M\"]\n    tumor_types: [\"NSCLC\"]\n    effect: resistant"));
    CHECK(contains(egfr, "alterations: [\"729_761del\"]")); /* Exon 19 Deletion via kb/gene_exons.tsv */
    CHECK(contains(egfr, "alterations: [\"L861Q\", \"G719A\"]")); /* the OR profile, one gene */
    CHECK(!contains(egfr, "Overexpression\"]"));
    CHECK(contains(alk, "alterations: [\"EML4-ALK Fusion\"]"));
    CHECK(contains(alk, "alterations: [\"Fusions\"]"));
    CHECK(contains(met, "alterations: [\"963_1010splice\"]"));
    CHECK(contains(braf, "agents: [\"dabrafenib\", \"trametinib\"]")); /* a combination: one entry */
    CHECK(contains(kras, "alterations: [\"Oncogenic Mutations\"]\n    tumor_types: [\"NSCLC\"]\n    effect: prognostic\n"
                         "    sources:"));
    CHECK(contains(kras, "agents: [\"sotorasib\"]\n    sources: [\"CIVIC_ASCO_20001\", \"CIVIC_2026_11_01\"]"));
    CHECK(contains(kb, "name: \"CIViC 2026-11-01\"\nversion: \"2026.11.1\"\ndate: 2026-11-01\n"));
    CHECK(contains(kb, "evidence:\n  - \"evidence/ALK.yaml\"\n  - \"evidence/BRAF.yaml\"\n  - \"evidence/EGFR.yaml\"\n"
                       "  - \"evidence/KRAS.yaml\"\n  - \"evidence/MET.yaml\"\n"));
    CHECK(contains(src, "\"CIVIC_PMID_10000001\":\n  kind: article\n  citation: \"Author A et al., 2018, Invented J., PMID 10000001\"\n"
                        "  pmid: 10000001\n  trial: \"NCT00000001\"\n"));
    /* two trials in nct_ids: a source has one, so none is named */
    CHECK(contains(src, "  pmid: 10000002\n\"CIVIC_PMID_10000003\""));
    /* the import's own genes.tsv: kb_all's rows for the evidence genes, and the source they cite */
    char *genes = slurp(dir, "genes.tsv");
    CHECK(contains(genes, "\ngene\trole\tsources\nALK\toncogene\tTEST_ROLES\nBRAF\toncogene\tTEST_ROLES\n"
                          "EGFR\toncogene\tTEST_ROLES\nKRAS\toncogene\tTEST_ROLES\nMET\toncogene\tTEST_ROLES\n"));
    CHECK(!contains(genes, "TP53"));
    CHECK(contains(src, "\"TEST_ROLES\":\n  kind: database\n  citation: \"Test-only gene roles for the kb import tests, "
                        "not a curation\"\n  url: \"https://example.org/oncoboard-test-roles\"\n"));
    free(genes);
    CHECK_INT(validate(dir), 0);
    free(egfr), free(alk), free(met), free(braf), free(kras), free(kb), free(src);
    onc_kbi_report_free(r);
}

/* VariantSummaries.tsv gives the same genes and variants as the profile names here. */
static void civic_with_variant_summaries(void)
{
    onc_err_t err;
    const char *a = "civic_names", *b = "civic_ids";
    char da[256], db[256];
    snprintf(da, sizeof da, "%s", out_dir(a));
    snprintf(db, sizeof db, "%s", out_dir(b));
    onc_kbi_report_t *r1 = run(ONC_KBI_CIVIC, DATA "civic_current.tsv", NULL, da, &err);
    onc_kbi_report_t *r2 = run(ONC_KBI_CIVIC, DATA "civic_current.tsv", DATA "civic_variant_summaries.tsv", db, &err);
    CHECK(r1 && r2);
    static const char *const files[] = {"evidence/EGFR.yaml", "evidence/ALK.yaml", "evidence/KRAS.yaml", "sources.yaml", NULL};
    for (size_t i = 0; files[i]; i++) {
        char *x = slurp(da, files[i]), *y = slurp(db, files[i]);
        /* the first comment line names the output directory: compare after it */
        CHECK(x && y && strcmp(strchr(x, '\n'), strchr(y, '\n')) == 0);
        free(x), free(y);
    }
    onc_kbi_report_free(r1);
    onc_kbi_report_free(r2);
}

static void civic_legacy_layout(void)
{
    onc_err_t err;
    const char *dir = out_dir("legacy");
    onc_kbi_report_t *r = run(ONC_KBI_CIVIC, DATA "civic_legacy_v1.tsv", NULL, dir, &err);
    CHECK(r != NULL);
    if (!r) { fprintf(stderr, "%s\n", err.msg); return; }
    CHECK(contains(onc_kbi_report_layout(r), "legacy v1"));
    CHECK_INT(onc_kbi_report_rows(r), 6);
    CHECK_INT(onc_kbi_report_entries(r), 6);
    CHECK_INT(onc_kbi_report_n_skips(r), 0);
    char *egfr = slurp(dir, "evidence/EGFR.yaml"), *alk = slurp(dir, "evidence/ALK.yaml");
    char *erbb2 = slurp(dir, "evidence/ERBB2.yaml"), *kras = slurp(dir, "evidence/KRAS.yaml");
    CHECK(contains(alk, "alterations: [\"EML4-ALK Fusion\"]")); /* v1's "EML4-ALK" */
    CHECK(contains(egfr, "alterations: [\"729_761del\"]\n    tumor_types: [\"LUAD\"]")); /* "EXON 19 DELETION" */
    CHECK(contains(egfr, "alterations: [\"T790M\"]\n    tumor_types: [\"NSCLC\"]\n    effect: resistant")); /* Resistance or Non-Response */
    CHECK(contains(erbb2, "alterations: [\"Amplification\"]\n    tumor_types: [\"LUAD\"]\n    effect: sensitive\n"
                          "    agents: [\"trastuzumab\", \"pertuzumab\"]"));
    CHECK(contains(kras, "alterations: [\"G12\"]\n    tumor_types: [\"NSCLC\"]\n    effect: prognostic"));
    CHECK(contains(egfr, "reviewed: 2019-05-01"));
    free(egfr), free(alk), free(erbb2), free(kras);
    CHECK_INT(validate(dir), 0);
    onc_kbi_report_free(r);
}

static void oncokb_export(void)
{
    onc_err_t err;
    const char *dir = out_dir("oncokb");
    onc_kbi_report_t *r = run(ONC_KBI_ONCOKB, DATA "oncokb_actionable.txt", NULL, dir, &err);
    CHECK(r != NULL);
    if (!r) { fprintf(stderr, "%s\n", err.msg); return; }
    CHECK_STR(onc_kbi_report_label(r), "OncoKB export 2026-11-01");
    CHECK_INT(onc_kbi_report_rows(r), 8);
    CHECK_INT(onc_kbi_report_entries(r), 7); /* row 2 holds two treatments; rows 8 and 9 skipped */
    CHECK_INT(skipped(r, "cancer type not mapped to an OncoTree code"), 1); /* Other Tumor Types */
    CHECK_INT(skipped(r, "cancer type with exclusions (not expressible)"), 1);
    CHECK_INT(onc_kbi_report_sources(r), 11); /* 7 PMIDs (not the skipped rows'), 2 abstracts, the export, TEST_ROLES */
    char *egfr = slurp(dir, "evidence/EGFR.yaml"), *kras = slurp(dir, "evidence/KRAS.yaml");
    char *alk = slurp(dir, "evidence/ALK.yaml"), *tp53 = slurp(dir, "evidence/TP53.yaml"), *src = slurp(dir, "sources.yaml");
    CHECK(contains(egfr, "agents: [\"fictinib\"]\n    level: \"1\"\n"));
    CHECK(contains(egfr, "agents: [\"fictinib\", \"placebumab\"]\n    level: \"1\"\n"));
    CHECK(contains(egfr, "alterations: [\"729_761del\"]\n    tumor_types: [\"LUAD\"]\n    effect: sensitive\n"
                         "    agents: [\"exemplarib\"]\n    level: \"3A\""));
    CHECK(contains(alk, "effect: resistant\n    agents: [\"fictinib\"]\n    level: \"R1\""));
    /* "Colorectal Cancer" is an OncoTree main type: its top nodes CMC and COADREAD; 2B -> 3B */
    CHECK(contains(kras, "tumor_types: [\"CMC\", \"COADREAD\"]"));
    CHECK(contains(kras, "level: \"3B\""));
    CHECK(contains(kras, "\"ONCOKB_ABSTRACT_1\", \"ONCOKB_ABSTRACT_2\", \"ONCOKB_EXPORT_2026_11_01\""));
    CHECK(contains(tp53, "effect: prognostic\n    sources:"));
    /* "All Solid Tumors": the 30 solid tissues of kb/oncotree.tsv (not HEMATOPOIETIC) */
    char *braf = slurp(dir, "evidence/BRAF.yaml");
    CHECK(contains(braf, "alterations: [\"V600E\"]\n    tumor_types: [\"ADRENAL_GLAND\", \"AMPULLA_OF_VATER\", "));
    CHECK(contains(braf, "\"LUNG\", \"OTHER\""));
    CHECK(contains(braf, "\"UTERUS\", \"VULVA\"]\n"));
    CHECK(!contains(braf, "HEMATOPOIETIC"));
    free(braf);
    CHECK(!contains(tp53, "level:"));
    /* OncoKB's cells are plain: a leading quote is part of the text */
    CHECK(contains(src, "\"ONCOKB_ABSTRACT_1\":\n  kind: article\n  citation: \"\\\"Quoted title\\\" of an invented abstract, "
                        "Invented Meeting 2024\"\n  url: \"https://example.org/abstract/1\"\n"));
    CHECK(contains(src, "\"ONCOKB_ABSTRACT_2\":\n  kind: article\n  citation: \"Second invented abstract, 2025\"\n"
                        "  url: \"https://example.org/abstract/2\"\n"));
    free(egfr), free(kras), free(alk), free(tp53), free(src);
    CHECK_INT(validate(dir), 0);
    onc_kbi_report_free(r);
}

/* Bad input: an error naming file, line and field, and no directory (nor its temporary). */
static void bad_input_writes_nothing(void)
{
    static const struct { onc_kbi_source src; const char *file, *msg; } cases[] = {
        {ONC_KBI_CIVIC, "civic_missing_column.tsv", "civic_missing_column.tsv:1: header lacks the column evidence_level"},
        {ONC_KBI_CIVIC, "civic_short_row.tsv", "civic_short_row.tsv:3: row has 10 cells, the header 25 columns"},
        {ONC_KBI_CIVIC, "civic_bad_level.tsv", "civic_bad_level.tsv:3: field evidence_level: 'Z' is not a CIViC evidence level"},
        {ONC_KBI_CIVIC, "civic_bad_quote.tsv", "civic_bad_quote.tsv:2: field evidence_statement: quoted cell does not end"},
        {ONC_KBI_ONCOKB, "oncokb_bad_level.txt", "oncokb_bad_level.txt:2: field Level: '5' is not an OncoKB level"},
        {ONC_KBI_ONCOKB, "oncokb_bad_pmid.txt", "oncokb_bad_pmid.txt:2: field PMIDs for drug: '1000x' is not a PubMed id"},
        {ONC_KBI_ONCOKB, "oncokb_missing_column.txt", "oncokb_missing_column.txt:1: header lacks the column Level"},
        {ONC_KBI_ONCOKB, "civic_current.tsv", "header lacks the column Hugo Symbol"},
        {ONC_KBI_CIVIC, "oncokb_actionable.txt", "header has neither molecular_profile"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char in[256], tmp[300];
        onc_err_t err;
        snprintf(in, sizeof in, DATA "%s", cases[i].file);
        const char *dir = out_dir("bad");
        CHECK(run(cases[i].src, in, NULL, dir, &err) == NULL);
        CHECK_INT(err.code, ONC_EPARSE);
        if (!contains(err.msg, cases[i].msg)) fprintf(stderr, "got: %s\n", err.msg);
        CHECK(contains(err.msg, cases[i].msg));
        CHECK(access(dir, F_OK) != 0);
        snprintf(tmp, sizeof tmp, "%s.tmp.%ld", dir, (long)getpid());
        CHECK(access(tmp, F_OK) != 0);
    }
}

static void existing_dir_needs_force(void)
{
    onc_err_t err;
    char dir[256];
    snprintf(dir, sizeof dir, "%s", out_dir("again"));
    onc_kbi_report_t *r = run(ONC_KBI_ONCOKB, DATA "oncokb_actionable.txt", NULL, dir, &err);
    CHECK(r != NULL);
    onc_kbi_report_free(r);
    CHECK(run(ONC_KBI_ONCOKB, DATA "oncokb_actionable.txt", NULL, dir, &err) == NULL);
    CHECK_INT(err.code, ONC_EINVAL);
    CHECK(contains(err.msg, "exists"));
    onc_kbi_opts_t o = {.source = ONC_KBI_CIVIC, .input = DATA "civic_legacy_v1.tsv", .out_dir = dir,
                        .date = "2026-11-02", .force = 1, .kb_dir = kb_all};
    CHECK_INT(onc_kb_import(&o, &r, &err), ONC_OK);
    char *kb = slurp(dir, "kb.yaml");
    CHECK(contains(kb, "name: \"CIViC 2026-11-02\"")); /* the old OncoKB import was replaced */
    free(kb);
    onc_kbi_report_free(r);
}

static void future_date_refused(void)
{
    onc_kbi_opts_t o = {.source = ONC_KBI_CIVIC, .input = DATA "civic_legacy_v1.tsv", .out_dir = out_dir("future"),
                        .date = "2999-01-01", .kb_dir = kb_all};
    onc_kbi_report_t *r = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_kb_import(&o, &r, &err), ONC_EINVAL);
    CHECK(contains(err.msg, "--date 2999-01-01: in the future"));
    CHECK(r == NULL);
}

/* The release date is read from CIViC's file names ("01-Apr-2024-ClinicalEvidenceSummaries.tsv"). */
static void date_from_file_name(void)
{
    char link[256], target[512];
    snprintf(link, sizeof link, "%s/01-Apr-2024-ClinicalEvidenceSummaries.tsv", tmp_root);
    char cwd[400];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    snprintf(target, sizeof target, "%s/" DATA "civic_legacy_v1.tsv", cwd);
    remove(link);
    CHECK(symlink(target, link) == 0);
    onc_kbi_opts_t o = {.source = ONC_KBI_CIVIC, .input = link, .out_dir = out_dir("dated"), .kb_dir = kb_all};
    onc_kbi_report_t *r = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_kb_import(&o, &r, &err), ONC_OK);
    CHECK_STR(r ? onc_kbi_report_label(r) : NULL, "CIViC 2024-04-01");
    onc_kbi_report_free(r);
}

/* Rows of genes that genes.tsv does not list are skipped; without genes.tsv, a warning. */
static void genes_checked_against_genes_tsv(void)
{
    onc_err_t err;
    run_kb = kb_two;
    onc_kbi_report_t *r = run(ONC_KBI_CIVIC, DATA "civic_current.tsv", NULL, out_dir("two"), &err);
    run_kb = NULL;
    CHECK(r != NULL);
    if (!r) { fprintf(stderr, "%s\n", err.msg); return; }
    /* BRAF (EID106, 111), KRAS (107, 110), MET (116): the gene is checked before the disease */
    CHECK_INT(skipped(r, "gene not in the knowledge base's genes.tsv"), 5);
    CHECK_INT(skipped(r, "disease not mapped to an OncoTree code"), 0);
    CHECK_INT(onc_kbi_report_entries(r), 8);
    CHECK_INT(onc_kbi_report_genes(r), 2);
    /* kb_two has genes.tsv but no kb.yaml: its sources cannot be copied, so no genes.tsv */
    CHECK_INT(onc_kbi_report_n_warnings(r), 1);
    CHECK(contains(onc_kbi_report_warning(r, 0), "no genes.tsv written: the knowledge base did not load"));
    onc_kbi_report_free(r);
    run_kb = kb_none;
    r = run(ONC_KBI_ONCOKB, DATA "oncokb_actionable.txt", NULL, out_dir("none"), &err);
    run_kb = NULL;
    CHECK(r != NULL);
    CHECK_INT(r ? onc_kbi_report_n_warnings(r) : 0, 1);
    CHECK(r && contains(onc_kbi_report_warning(r, 0), "genes not checked against genes.tsv, no genes.tsv written"));
    CHECK_INT(r ? onc_kbi_report_entries(r) : 0, 7);
    char *genes = slurp(out_dir_path("none"), "genes.tsv");
    CHECK(genes == NULL);
    free(genes);
    onc_kbi_report_free(r);
}

static const char *quoted(const char *s)
{
    static char buf[256];
    FILE *fp = fmemopen(buf, sizeof buf, "w");
    if (!fp) return NULL;
    int rc = kbi_yaml_quoted(fp, s);
    fclose(fp);
    return rc ? NULL : buf;
}

/* YAML 1.1: strings that would read as numbers, booleans or nulls stay strings in quotes;
 * NEL, LS, PS and C1 controls are line breaks or unprintable there, so they are escaped. */
static void yaml_quoting(void)
{
    CHECK_STR(quoted("1"), "\"1\"");
    CHECK_STR(quoted("no"), "\"no\"");
    CHECK_STR(quoted("a \"b\" \\c"), "\"a \\\"b\\\" \\\\c\"");
    CHECK_STR(quoted("tab\there\nnext"), "\"tab\\there\\nnext\"");
    CHECK_STR(quoted("nel\xc2\x85" "c1\xc2\x90"), "\"nel\\x85c1\\x90\"");
    CHECK_STR(quoted("ls\xe2\x80\xa8ps\xe2\x80\xa9"), "\"ls\\u2028ps\\u2029\"");
    CHECK_STR(quoted("caf\xc3\xa9 \xf0\x9f\x98\x80"), "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
    CHECK_STR(quoted("bell\x07"), "\"bell\\x07\"");
}

/* A kb directory: links to the repository's kb/ tables, and genes.tsv listing genes (NULL: none). */
static int make_kb_dir(char *dir, size_t cap, const char *name, const char *genes)
{
    static const char *const tables[] = {"oncotree.tsv", "gene_aliases.tsv", "gene_exons.tsv", "doid_oncotree.tsv", NULL};
    char cwd[400], from[600], to[600];
    snprintf(dir, cap, "%s/%s", tmp_root, name);
    if (!getcwd(cwd, sizeof cwd) || mkdir(dir, 0777)) return -1;
    for (size_t i = 0; tables[i]; i++) {
        snprintf(from, sizeof from, "%s/kb/%s", cwd, tables[i]);
        snprintf(to, sizeof to, "%s/%s", dir, tables[i]);
        if (symlink(from, to)) return -1;
    }
    if (!genes) return 0;
    snprintf(to, sizeof to, "%s/genes.tsv", dir);
    FILE *fp = fopen(to, "w");
    if (!fp) return -1;
    fprintf(fp, "# test only\ngene\trole\tsources\n%s", genes);
    return fclose(fp);
}

static int make_kb_dirs(void)
{
    return make_kb_dir(kb_two, sizeof kb_two, "kb_two", "ALK\toncogene\tX\nEGFR\toncogene\tX\n") ||
           make_kb_dir(kb_none, sizeof kb_none, "kb_none", NULL);
}

int main(void)
{
    snprintf(tmp_root, sizeof tmp_root, "/tmp/onc_kbi_XXXXXX");
    if (!mkdtemp(tmp_root)) return 3;
    if (make_kb_dirs()) return 3;
    RUN(civic_current_layout);
    RUN(civic_with_variant_summaries);
    RUN(civic_legacy_layout);
    RUN(oncokb_export);
    RUN(bad_input_writes_nothing);
    RUN(existing_dir_needs_force);
    RUN(date_from_file_name);
    RUN(future_date_refused);
    RUN(genes_checked_against_genes_tsv);
    RUN(yaml_quoting);
    nftw(tmp_root, rm_one, 8, FTW_DEPTH | FTW_PHYS);
    CHECK_EXIT();
}
