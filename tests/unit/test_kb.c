/* test_kb.c: the knowledge-base loader, its errors (one test per rule), matching with
 * evidence and tumor-type propagation, groups and immunotherapy settings, against the
 * test-only base tests/data/kb/mini (made-up agents) and broken copies of it. */
#include "check.h"
#include "oncoboard/kb.h"
#include "oncoboard/kbfile.h"

#include <sys/stat.h>
#include <unistd.h>

#define MINI "tests/data/kb/mini"

static const char *const MINI_FILES[] = {"kb.yaml", "sources.yaml", "genes.tsv", "hotspots.tsv", "groups.yaml",
                                         "immunotherapy.yaml", "evidence/EGFR.yaml", "evidence/KRAS.yaml",
                                         "evidence/ALK.yaml", "evidence/biomarkers.yaml", NULL};

static char tmpdir[64];

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buf[8192];
    size_t n;
    int rc = in && out ? 0 : -1;
    while (!rc && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) rc = -1;
    if (in) fclose(in);
    if (out && fclose(out) != 0) rc = -1;
    return rc;
}

/* A copy of the mini base with file replaced by text (text NULL: the file removed). */
static const char *broken_kb(const char *file, const char *text)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/onc_kb_XXXXXX");
    if (!mkdtemp(tmpdir)) return NULL;
    char a[512], b[512];
    snprintf(b, sizeof b, "%s/evidence", tmpdir);
    mkdir(b, 0700);
    for (size_t i = 0; MINI_FILES[i]; i++) {
        snprintf(a, sizeof a, MINI "/%s", MINI_FILES[i]);
        snprintf(b, sizeof b, "%s/%s", tmpdir, MINI_FILES[i]);
        if (copy_file(a, b)) return NULL;
    }
    snprintf(b, sizeof b, "%s/%s", tmpdir, file);
    if (!text) {
        unlink(b);
        return tmpdir;
    }
    FILE *fp = fopen(b, "wb");
    if (!fp) return NULL;
    fputs(text, fp);
    fclose(fp);
    return tmpdir;
}

static void remove_kb(void)
{
    char b[512];
    for (size_t i = 0; MINI_FILES[i]; i++) {
        snprintf(b, sizeof b, "%s/%s", tmpdir, MINI_FILES[i]);
        unlink(b);
    }
    snprintf(b, sizeof b, "%s/evidence", tmpdir);
    rmdir(b);
    rmdir(tmpdir);
}

static void count(const char *msg, void *ctx)
{
    (void)msg;
    ++*(int *)ctx;
}

/* Loading stops with a message containing want; validation reports at least one problem. */
static void expect_load_error(const char *file, const char *text, const char *want)
{
    const char *dir = broken_kb(file, text);
    CHECK(dir != NULL);
    if (!dir) return;
    onc_err_t e = {0};
    onc_kb_t *kb = onc_kb_load(dir, &e);
    CHECK(kb == NULL);
    if (!strstr(e.msg, want)) fprintf(stderr, "message \"%s\" lacks \"%s\"\n", e.msg, want);
    CHECK(strstr(e.msg, want) != NULL);
    int n = 0;
    long problems = onc_kb_validate(dir, count, &n, &e);
    CHECK(problems >= 1 || (problems == -1 && strstr(e.msg, want)));
    onc_kb_free(kb);
    remove_kb();
}

#define EV_HEAD "gene: KRAS\nalterations:\n  - {alteration: G12C, oncogenicity: Oncogenic, sources: [TEST]}\nevidence:\n"
#define EV_OK "    alterations: [G12C]\n    tumor_types: [NSCLC]\n    effect: sensitive\n    agents: [testinib]\n" \
              "    sources: [TEST]\n    reviewed: 2026-11-28\n    verified: false\n"

static void mini_loads(void)
{
    onc_err_t e = {0};
    onc_kb_t *kb = onc_kb_load(MINI, &e);
    CHECK(kb != NULL);
    if (!kb) {
        fprintf(stderr, "%s\n", e.msg);
        return;
    }
    CHECK_STR(onc_kb_version(kb), "0.0.1-test");
    CHECK_STR(onc_kb_date(kb), "2026-11-28");
    CHECK_INT(onc_kb_n_evidence(kb), 7);
    const onc_kb_evidence_t *ev = onc_kb_evidence_find(kb, "TEST-EGFR-COMMON");
    CHECK(ev != NULL);
    if (ev) {
        CHECK_INT(ev->n_alterations, 2);
        CHECK_INT(ev->level, ONC_LEVEL_1);
        CHECK_STR(ev->escat, "I-A");
        CHECK(!ev->escat_verified);
        CHECK_INT(ev->n_approvals, 1);
        CHECK_STR(ev->approvals[0].agency, "EMA");
        CHECK(ev->approvals[0].assay == NULL);
        CHECK_STR(ev->file, MINI "/evidence/EGFR.yaml");
        CHECK_INT(ev->line, 12);
    }
    CHECK_INT(onc_kb_evidence_find(kb, "TEST-EGFR-MEL")->level, ONC_LEVEL_1); /* level: 1 unquoted */
    CHECK_INT(onc_kb_gene_role(kb, "STK11"), ONC_ROLE_TSG);
    CHECK_INT(onc_kb_gene_role(kb, "EGFR"), ONC_ROLE_ONCOGENE);
    CHECK_INT(onc_kb_gene_role(kb, "NOPE1"), ONC_ROLE_UNKNOWN);
    CHECK_STR(onc_kb_source_find(kb, "TEST")->pmid, "1");
    int n = 0;
    CHECK_INT(onc_kb_validate(MINI, count, &n, &e), 0);
    onc_kb_free(kb);
}

static void err_missing_manifest(void) { expect_load_error("kb.yaml", NULL, "kb.yaml: cannot open"); }
static void err_yaml_syntax(void) { expect_load_error("kb.yaml", "name: [x\n", "kb.yaml:"); }
static void err_unknown_key(void)
{
    expect_load_error("evidence/KRAS.yaml", EV_HEAD "  - id: X\n    colour: red\n" EV_OK,
                      "evidence/KRAS.yaml:6: field evidence[0].colour: unknown key");
}
static void err_wrong_type(void)
{
    expect_load_error("evidence/KRAS.yaml",
                      "gene: KRAS\nalterations:\n  - {alteration: G12C, oncogenicity: Oncogenic, sources: TEST}\n",
                      "field alterations[0].sources: a list ([A, B]) expected, not a string");
}
static void err_missing_field(void)
{
    expect_load_error("evidence/KRAS.yaml", "gene: KRAS\nalterations:\n  - {alteration: G12C, sources: [TEST]}\n",
                      "field alterations[0].oncogenicity: missing");
}
static void err_bad_enum(void)
{
    expect_load_error("evidence/KRAS.yaml",
                      "gene: KRAS\nalterations:\n  - {alteration: G12C, oncogenicity: Pathogenic, sources: [TEST]}\n",
                      "'Pathogenic' is not one of: Oncogenic, Likely Oncogenic");
}
static void err_unknown_source(void)
{
    expect_load_error("evidence/KRAS.yaml",
                      "gene: KRAS\nalterations:\n  - {alteration: G12C, oncogenicity: Oncogenic, sources: [NOPE]}\n",
                      "field alterations[0].sources[0]: source 'NOPE' is not in sources.yaml");
}
static void err_unknown_gene(void)
{
    expect_load_error("evidence/KRAS.yaml", "gene: NOPE1\n", "evidence/KRAS.yaml:1: field gene: NOPE1 is not in genes.tsv");
}
static void err_bad_pattern(void)
{
    expect_load_error("evidence/KRAS.yaml",
                      "gene: KRAS\nalterations:\n  - {alteration: G12ZZ, oncogenicity: Oncogenic, sources: [TEST]}\n",
                      "evidence/KRAS.yaml:3: field alterations[0].alteration: not an alteration of the grammar");
}
static void err_unknown_tumor_type(void)
{
    expect_load_error("evidence/KRAS.yaml",
                      EV_HEAD "  - id: X\n    alterations: [G12C]\n    tumor_types: [LUNGS]\n    effect: sensitive\n"
                              "    agents: [testinib]\n    sources: [TEST]\n    reviewed: 2026-11-28\n    verified: false\n",
                      "field evidence[0].tumor_types[0]: 'LUNGS' is not an OncoTree code");
}
static void err_bad_date(void)
{
    expect_load_error("evidence/KRAS.yaml",
                      EV_HEAD "  - id: X\n    alterations: [G12C]\n    tumor_types: [NSCLC]\n    effect: sensitive\n"
                              "    agents: [testinib]\n    sources: [TEST]\n    reviewed: 2026-02-30\n    verified: false\n",
                      "field evidence[0].reviewed: '2026-02-30' is not a date (YYYY-MM-DD)");
}
static void err_future_date(void)
{
    expect_load_error("evidence/KRAS.yaml",
                      EV_HEAD "  - id: X\n    alterations: [G12C]\n    tumor_types: [NSCLC]\n    effect: sensitive\n"
                              "    agents: [testinib]\n    sources: [TEST]\n    reviewed: 2999-01-01\n    verified: false\n",
                      "field evidence[0].reviewed: 2999-01-01 is in the future");
}
static void err_duplicate_id(void)
{
    expect_load_error("evidence/KRAS.yaml", EV_HEAD "  - id: TEST-EGFR-COMMON\n" EV_OK, "id TEST-EGFR-COMMON is used twice");
}
static void err_agent_case(void)
{
    expect_load_error("evidence/KRAS.yaml",
                      EV_HEAD "  - id: X\n    alterations: [G12C]\n    tumor_types: [NSCLC]\n    effect: sensitive\n"
                              "    agents: [Testinib]\n    sources: [TEST]\n    reviewed: 2026-11-28\n    verified: false\n",
                      "field evidence[0].agents[0]: 'Testinib': agents are lower-case INNs");
}
static void err_duplicate_entry(void)
{
    expect_load_error("evidence/KRAS.yaml", EV_HEAD "  - id: A\n" EV_OK "  - id: B\n" EV_OK, "B duplicates A");
}
static void err_contradiction(void)
{
    expect_load_error("evidence/KRAS.yaml",
                      EV_HEAD "  - id: A\n" EV_OK
                              "  - id: B\n    alterations: [G12C]\n    tumor_types: [NSCLC]\n    effect: resistant\n"
                              "    agents: [testinib]\n    sources: [TEST]\n    reviewed: 2026-11-28\n    verified: false\n",
                      "B contradicts A");
}
static void err_curated_twice(void)
{
    expect_load_error("evidence/KRAS.yaml",
                      "gene: KRAS\nalterations:\n  - {alteration: G12C, oncogenicity: Oncogenic, sources: [TEST]}\n"
                      "  - {alteration: G12C, oncogenicity: Oncogenic, sources: [TEST]}\n",
                      "KRAS G12C is curated twice");
}
static void err_source_without_locator(void)
{
    expect_load_error("sources.yaml", "TEST:\n  kind: article\n  citation: x\n", "sources.yaml:2: field TEST: needs a pmid, doi or url");
}
static void err_gene_role(void)
{
    expect_load_error("genes.tsv", "gene\trole\tsources\nEGFR\tdriver\tTEST\n", "genes.tsv:2: field role: 'driver'");
}
static void err_group_test(void)
{
    expect_load_error("groups.yaml",
                      "groups:\n  - id: G\n    label: g\n    assess: g\n    defined_by:\n"
                      "      - {gene: EGFR, alterations: [L858R], test: sequencing}\n    sources: [TEST]\n",
                      "field groups[0].defined_by[0].test: 'sequencing' is not one of");
}
static void err_immuno_gene(void)
{
    expect_load_error("immunotherapy.yaml", "germline:\n  genes: [NOPE1]\n", "field germline.genes: NOPE1 is not in genes.tsv");
}

static void validate_collects_all(void)
{
    const char *dir = broken_kb("evidence/KRAS.yaml",
                                "gene: KRAS\nalterations:\n  - {alteration: G12C, oncogenicity: Pathogenic, sources: [NOPE]}\n"
                                "  - {alteration: G12ZZ, oncogenicity: Oncogenic, sources: [TEST], colour: red}\n");
    CHECK(dir != NULL);
    if (!dir) return;
    int n = 0;
    onc_err_t e = {0};
    CHECK_INT(onc_kb_validate(dir, count, &n, &e), 4); /* enum, source, unknown key, pattern */
    CHECK_INT(n, 4);
    remove_kb();
}

static onc_kb_match_t m;

static const onc_kb_applied_t *applied(const char *id)
{
    for (size_t i = 0; i < m.n_applied; i++)
        if (!strcmp(m.applied[i].ev->id, id)) return &m.applied[i];
    return NULL;
}

static void propagation(void)
{
    onc_err_t e = {0};
    onc_kb_t *kb = onc_kb_load(MINI, &e);
    CHECK(kb != NULL);
    if (!kb) return;
    /* LUAD is under NSCLC: curated level; melanoma evidence lowered to 3B / III-A */
    CHECK_INT(onc_kb_match_text(kb, "EGFR", "p.Leu858Arg", -1, "LUAD", &m, &e), ONC_OK);
    CHECK_INT(m.n_applied, 2);
    CHECK_STR(m.applied[0].ev->id, "TEST-EGFR-COMMON");
    CHECK_INT(m.applied[0].level, ONC_LEVEL_1);
    CHECK(!m.applied[0].other_tumor_type);
    CHECK_STR(m.applied[1].ev->id, "TEST-EGFR-MEL");
    CHECK_INT(m.applied[1].level, ONC_LEVEL_3B);
    CHECK_STR(m.applied[1].escat, "III-A");
    CHECK(m.applied[1].other_tumor_type);
    CHECK(applied("TEST-EGFR-OM") == NULL); /* same treatment, lower level: only the highest kept */
    /* in melanoma the NSCLC evidence is the propagated one */
    CHECK_INT(onc_kb_match_text(kb, "EGFR", "L858R", -1, "MEL", &m, &e), ONC_OK);
    CHECK(applied("TEST-EGFR-MEL") && !applied("TEST-EGFR-MEL")->other_tumor_type);
    CHECK(applied("TEST-EGFR-COMMON") && applied("TEST-EGFR-COMMON")->level == ONC_LEVEL_3B);
    /* resistance stays in its tumor type */
    CHECK_INT(onc_kb_match_text(kb, "EGFR", "T790M", -1, "LUSC", &m, &e), ONC_OK);
    CHECK(applied("TEST-EGFR-T790M-RES") && applied("TEST-EGFR-T790M-RES")->level == ONC_LEVEL_R1);
    CHECK_INT(onc_kb_match_text(kb, "EGFR", "T790M", -1, "MEL", &m, &e), ONC_OK);
    CHECK(applied("TEST-EGFR-T790M-RES") == NULL);
    /* nothing carries over to a liquid tumour */
    CHECK_INT(onc_kb_match_text(kb, "EGFR", "L858R", -1, "AML", &m, &e), ONC_OK);
    CHECK_INT(m.n_applied, 0);
    /* a tumor-agnostic entry (TISSUE) applies everywhere */
    CHECK_INT(onc_kb_match_text(kb, "Other Biomarkers", "TMB-H", -1, "AML", &m, &e), ONC_OK);
    CHECK(applied("TEST-TMB-H") && !applied("TEST-TMB-H")->other_tumor_type);
    /* no tumor type: every item, levels as curated */
    CHECK_INT(onc_kb_match_text(kb, "EGFR", "L858R", -1, NULL, &m, &e), ONC_OK);
    CHECK(applied("TEST-EGFR-MEL") && applied("TEST-EGFR-MEL")->level == ONC_LEVEL_1);
    CHECK_INT(onc_kb_match_text(kb, "EGFR", "L858R", -1, "LUNGS", &m, &e), ONC_EINVAL);
    onc_kb_free(kb);
}

static void oncogenicity_of_uncurated(void)
{
    onc_err_t e = {0};
    onc_kb_t *kb = onc_kb_load(MINI, &e);
    CHECK(kb != NULL);
    if (!kb) return;
    CHECK_INT(onc_kb_match_text(kb, "KRAS", "G12V", -1, "LUAD", &m, &e), ONC_OK); /* alleles G12C, G12D */
    CHECK_INT(m.oncogenicity, ONC_LIKELY_ONCOGENIC);
    CHECK(!m.curated);
    CHECK(applied("TEST-KRAS-G12C") == NULL); /* an allele's drugs are not the query's */
    CHECK_INT(m.n_relevant, 3);              /* G12C, G12D, Oncogenic Mutations */
    CHECK(m.relevant_is_allele[0] && m.relevant_is_allele[1] && !m.relevant_is_allele[2]);
    CHECK_INT(onc_kb_match_text(kb, "KRAS", "Q61H", -1, "LUAD", &m, &e), ONC_OK); /* hotspot only */
    CHECK(m.hotspot);
    CHECK_INT(m.oncogenicity, ONC_LIKELY_ONCOGENIC);
    CHECK_INT(onc_kb_match_text(kb, "KRAS", "A146T", -1, "LUAD", &m, &e), ONC_OK);
    CHECK_INT(m.oncogenicity, ONC_ONCOGENICITY_UNKNOWN);
    CHECK_INT(m.n_relevant, 0);
    CHECK_INT(onc_kb_match_text(kb, "EGFR", "E746_A750del", -1, "LUAD", &m, &e), ONC_OK); /* in 729_761del */
    CHECK_INT(m.oncogenicity, ONC_ONCOGENIC); /* 729_761del, as curated */
    CHECK(m.hotspot);
    CHECK(applied("TEST-EGFR-COMMON") != NULL);
    CHECK_INT(onc_kb_match_text(kb, "STK11", "Q37*", -1, "LUAD", &m, &e), ONC_OK); /* uncurated gene */
    CHECK_INT(m.role, ONC_ROLE_TSG);
    CHECK_INT(m.n_relevant, 0);
    onc_alt_t a;
    onc_alt_init(&a);
    a.gene = "EML4";
    a.partner = "ALK";
    a.kind = ONC_KIND_FUSION;
    CHECK_INT(onc_kb_match(kb, &a, "LUAD", &m, &e), ONC_OK); /* the curated partner answers */
    CHECK_INT(m.n_relevant, 2);
    CHECK(applied("TEST-ALK-FUSIONS") != NULL);
    onc_kb_free(kb);
}

/* Raw-VCF recognition names some changes by class (hotspot.h); biomarkers come without gene. */
static void class_names_and_biomarkers(void)
{
    onc_err_t e = {0};
    onc_kb_t *kb = onc_kb_load(MINI, &e);
    CHECK(kb != NULL);
    if (!kb) return;
    onc_alt_t a;
    onc_alt_init(&a);
    a.gene = "EGFR";
    a.alteration = "exon 19 in-frame deletion"; /* codons of exon 19 (kb/gene_exons.tsv) overlap 729_761del */
    CHECK_INT(onc_kb_match(kb, &a, "LUAD", &m, &e), ONC_OK);
    CHECK(m.n_relevant >= 1 && !strcmp(m.relevant[0]->alteration, "729_761del"));
    CHECK(applied("TEST-EGFR-COMMON") != NULL);
    CHECK_STR(onc_kb_group_of(kb, &a)->id, "EGFR_COMMON");
    a.alteration = "exon 20 in-frame insertion";
    CHECK_INT(onc_kb_match(kb, &a, "LUAD", &m, &e), ONC_OK);
    CHECK(applied("TEST-EGFR-COMMON") == NULL);
    onc_alt_init(&a);
    a.kind = ONC_KIND_BIOMARKER;
    a.alteration = "Tumor Mutational Burden-High";
    CHECK_INT(onc_kb_match(kb, &a, "LUAD", &m, &e), ONC_OK);
    CHECK(applied("TEST-TMB-H") != NULL);
    onc_kb_free(kb);
}

/* An intragenic rearrangement is a truncating event: Truncating Mutations in a tumor
 * suppressor (RNF43 of the OncoKB test base), nothing in an oncogene (KIT). */
static void structural_variants(void)
{
    onc_err_t e = {0};
    onc_kb_t *kb = onc_kb_load("tests/data/kb/oncokb_semantics", &e);
    CHECK(kb != NULL);
    if (!kb) return;
    onc_alt_t a;
    onc_alt_init(&a);
    a.gene = "RNF43";
    a.kind = ONC_KIND_STRUCTURAL;
    a.alteration = "RNF43-intragenic";
    CHECK_INT(onc_kb_match(kb, &a, "LUAD", &m, &e), ONC_OK);
    CHECK_INT(m.n_relevant, 1);
    CHECK_STR(m.relevant[0]->alteration, "Truncating Mutations");
    CHECK_INT(m.oncogenicity, ONC_LIKELY_ONCOGENIC);
    a.gene = "KIT";
    a.alteration = NULL;
    CHECK_INT(onc_kb_match(kb, &a, "LUAD", &m, &e), ONC_OK);
    CHECK_INT(m.n_relevant, 0);
    a.gene = "EGFR";
    a.alteration = "vIII";
    CHECK_INT(onc_kb_match(kb, &a, "LUAD", &m, &e), ONC_OK);
    CHECK(m.n_relevant >= 1 && !strcmp(m.relevant[0]->alteration, "vIII"));
    onc_kb_free(kb);
}

static void groups_and_immunotherapy(void)
{
    onc_err_t e = {0};
    onc_kb_t *kb = onc_kb_load(MINI, &e);
    CHECK(kb != NULL);
    if (!kb) return;
    CHECK_INT(onc_kb_n_groups(kb), 4);
    onc_alt_t a;
    onc_alt_init(&a);
    a.gene = "KRAS";
    a.alteration = "G12C";
    CHECK_STR(onc_kb_group_of(kb, &a)->id, "KRAS_G12C");
    a.alteration = "G12D";
    CHECK_STR(onc_kb_group_of(kb, &a)->id, "KRAS_OTHER");
    a.alteration = "A146T"; /* not oncogenic by this base */
    CHECK(onc_kb_group_of(kb, &a) == NULL);
    a.gene = "EGFR";
    a.alteration = "L747_P753delinsS";
    CHECK_STR(onc_kb_group_of(kb, &a)->id, "EGFR_COMMON");
    a.gene = "ALK";
    a.partner = "EML4";
    a.kind = ONC_KIND_FUSION;
    a.alteration = NULL;
    CHECK_STR(onc_kb_group_of(kb, &a)->id, "ALK_FUSION");
    CHECK_NEAR(onc_kb_immuno_number(kb, "tmb.high_threshold"), 10, 0);
    CHECK(isnan(onc_kb_immuno_number(kb, "tmb.nope")));
    CHECK_STR(onc_kb_immuno_string(kb, "msi.high"), "MSI-H");
    CHECK_INT(onc_kb_immuno_list_size(kb, "negative_predictors"), 2);
    CHECK_STR(onc_kb_immuno_list_item(kb, "negative_predictors", 1), "KEAP1");
    CHECK_STR(onc_kb_immuno_list_item(kb, "germline.genes", 0), "BRCA2");
    CHECK_INT(onc_kb_immuno_list_size(kb, "germline.vaf_windows"), 2);
    onc_kb_free(kb);
}

/* The binary carries the shipped knowledge base: loading without a directory gives it. */
static void builtin_loads(void)
{
    unsetenv("ONCOBOARD_KB");
    onc_err_t e = {0};
    onc_kb_t *kb = onc_kb_load(NULL, &e);
    CHECK(kb != NULL);
    if (!kb) {
        fprintf(stderr, "%s\n", e.msg);
        return;
    }
    CHECK_STR(onc_kb_name(kb), "oncoboard-nsclc");
    CHECK(onc_kb_version(kb) && *onc_kb_version(kb));
    onc_kb_free(kb);
}

/* MET_AMP needs a copy number at the group's threshold (kb/groups.yaml min_copies: 10). */
static void shipped_met_amplification_needs_copies(void)
{
    onc_err_t e = {0};
    onc_kb_t *kb = onc_kb_load(NULL, &e);
    CHECK(kb != NULL);
    if (!kb) return;
    onc_alt_t a;
    onc_alt_init(&a);
    a.gene = "MET";
    a.kind = ONC_KIND_AMPLIFICATION;
    a.alteration = "Amplification";
    CHECK(onc_kb_group_of(kb, &a) == NULL); /* copies unknown */
    a.copies = 6;
    CHECK(onc_kb_group_of(kb, &a) == NULL);
    a.copies = 10;
    CHECK(onc_kb_group_of(kb, &a) && strcmp(onc_kb_group_of(kb, &a)->id, "MET_AMP") == 0);
    onc_kb_free(kb);
}

static void print_problem(const char *msg, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "kb validate: %s\n", msg);
}

/* The shipped knowledge base validates clean (`oncoboard kb validate --kb kb` in make test). */
static void shipped_kb_validates(void)
{
    if (access("kb/kb.yaml", F_OK) != 0) SKIP("kb/kb.yaml has not landed yet");
    onc_err_t e = {0};
    long n = onc_kb_validate("kb", print_problem, NULL, &e);
    if (n < 0) fprintf(stderr, "%s\n", e.msg);
    CHECK_INT(n, 0);
    onc_kb_t *kb = onc_kb_load("kb", &e);
    CHECK(kb != NULL);
    onc_kb_free(kb);
}

int main(void)
{
    RUN(mini_loads);
    RUN(err_missing_manifest);
    RUN(err_yaml_syntax);
    RUN(err_unknown_key);
    RUN(err_wrong_type);
    RUN(err_missing_field);
    RUN(err_bad_enum);
    RUN(err_unknown_source);
    RUN(err_unknown_gene);
    RUN(err_bad_pattern);
    RUN(err_unknown_tumor_type);
    RUN(err_bad_date);
    RUN(err_future_date);
    RUN(err_duplicate_id);
    RUN(err_agent_case);
    RUN(err_duplicate_entry);
    RUN(err_contradiction);
    RUN(err_curated_twice);
    RUN(err_source_without_locator);
    RUN(err_gene_role);
    RUN(err_group_test);
    RUN(err_immuno_gene);
    RUN(validate_collects_all);
    RUN(propagation);
    RUN(oncogenicity_of_uncurated);
    RUN(class_names_and_biomarkers);
    RUN(structural_variants);
    RUN(groups_and_immunotherapy);
    RUN(builtin_loads);
    RUN(shipped_met_amplification_needs_copies);
    RUN(shipped_kb_validates);
    CHECK_EXIT();
}
