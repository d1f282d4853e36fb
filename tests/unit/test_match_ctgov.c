/* test_match_ctgov.c: ClinicalTrials.gov API v2 records to CTML skeletons with suggestions
 * (onc_ctgov_to_ctml).
 *
 * The skeleton and the recognisers are checked on a synthetic record (tests/data/ctgov) and on
 * one-sentence records whose expected leaves follow from the sentence and from CTML's keys
 * (research/trial-matching.md 2.7). The suggested genomic criteria of the 10 real records in
 * ../shared/data/ctgov are compared with their reviewed CTML: precision and recall are printed
 * ("# " lines) and held to floors explained in docs/ctgov-import.md.
 */
#include "check.h"
#include "oncoboard/match.h"

#include <dirent.h>
#include <unistd.h>

static onc_match_ctx_t ctx;

static json_t *match_and(json_t *ctml)
{
    json_t *m = json_object_get(json_array_get(json_object_get(json_object_get(ctml, "treatment_list"), "step"), 0),
                                "match");
    return json_object_get(json_array_get(m, 0), "and");
}

/* A record with this eligibility text (and nothing else structured) through the importer. */
static json_t *import_text(const char *text, onc_err_t *e)
{
    char path[] = "/tmp/test_ctgov_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    close(fd);
    json_t *rec = json_pack("{s:{s:{s:s},s:{s:s}}}", "protocolSection", "identificationModule", "nctId",
                            "NCT99999902", "eligibilityModule", "eligibilityCriteria", text);
    json_t *out = NULL;
    if (rec && json_dump_file(rec, path, 0) == 0) out = onc_ctgov_to_ctml(path, &ctx, e);
    json_decref(rec);
    unlink(path);
    return out;
}

/* The criteria suggested by text as one compact JSON string, quotes left out:
 * [{"genomic":{...}},...]. */
static char *suggested(const char *text)
{
    onc_err_t e = {0};
    json_t *ctml = import_text(text, &e);
    if (!ctml) {
        fprintf(stderr, "import failed: %s\n", e.msg);
        return strdup("ERROR");
    }
    json_t *and_list = match_and(ctml), *copy = and_list ? json_deep_copy(and_list) : json_array();
    size_t i;
    json_t *n;
    json_array_foreach(copy, i, n) {
        json_object_del(n, "suggestion");
        json_t *alts = json_object_get(n, "or");
        size_t k;
        json_t *a;
        json_array_foreach(alts, k, a) json_object_del(a, "suggestion");
    }
    char *s = json_dumps(copy, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(copy);
    json_decref(ctml);
    return s;
}

#define CHECK_SUGGESTS(text, want)                                                                 \
    do {                                                                                           \
        char *got_ = suggested(text);                                                              \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

static void skeleton_of_a_record(void)
{
    onc_err_t e = {0};
    json_t *t = onc_ctgov_to_ctml("tests/data/ctgov/NCT99999901.json", &ctx, &e);
    CHECK(t != NULL);
    if (!t) {
        fprintf(stderr, "%s\n", e.msg);
        return;
    }
    CHECK_STR(json_string_value(json_object_get(t, "protocol_no")), "ONC-TEST-01");
    CHECK_STR(json_string_value(json_object_get(t, "nct_id")), "NCT99999901");
    CHECK_STR(json_string_value(json_object_get(t, "short_title")), "A synthetic record for oncoboard's importer tests");
    CHECK_STR(json_string_value(json_object_get(t, "phase")), "I/II");
    CHECK_STR(json_string_value(json_object_get(t, "status")), "RECRUITING");
    json_t *summary = json_object_get(t, "_summary");
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(summary, "status"), 0), "value")),
              "Open to Accrual");
    CHECK_INT(json_array_size(json_object_get(summary, "conditions")), 2);
    json_t *drugs = json_object_get(json_object_get(t, "drug_list"), "drug");
    CHECK_INT(json_array_size(drugs), 2); /* the procedure is not a drug */
    CHECK_STR(json_string_value(json_object_get(json_array_get(drugs, 1), "drug_name")), "Antibody Y");
    json_t *arms = json_object_get(json_array_get(json_object_get(json_object_get(t, "treatment_list"), "step"), 0),
                                   "arm");
    CHECK_INT(json_array_size(arms), 2);
    json_t *b = json_array_get(arms, 1);
    CHECK_INT(json_integer_value(json_object_get(b, "arm_internal_id")), 1);
    CHECK_STR(json_string_value(json_object_get(b, "arm_code")), "Part B: Expansion");
    CHECK_STR(json_string_value(json_object_get(b, "arm_description")), "Part B: Expansion");
    CHECK_STR(json_string_value(json_object_get(b, "arm_suspended")), "N");
    json_t *and_list = match_and(t);
    CHECK_INT(json_array_size(and_list), 9);
    /* the structured age has no suggestion member; the text's criteria all have one */
    CHECK_STR(json_string_value(json_object_get(json_object_get(json_array_get(and_list, 0), "clinical"),
                                                "age_numerical")), ">=18");
    CHECK(json_object_get(json_array_get(and_list, 0), "suggestion") == NULL);
    CHECK_STR(json_string_value(json_object_get(json_array_get(and_list, 1), "suggestion")),
              "Histologically confirmed metastatic NSCLC.");
    CHECK_STR(json_string_value(json_object_get(json_array_get(and_list, 5), "suggestion")), "PD-L1 TPS >= 1%.");
    json_decref(t);
}

static void whole_fixture_suggestions(void)
{
    /* The fixture's text, sentence by sentence: NSCLC; EGFR exon 19 deletion (the kb's class)
     * or L858R; progression on osimertinib; ECOG 0-1; TPS >= 1%; no ALK or ROS1 rearrangement;
     * no active brain metastases. "MET inhibitor" is a drug, "are eligible" permits. */
    onc_err_t e = {0};
    json_t *t = onc_ctgov_to_ctml("tests/data/ctgov/NCT99999901.json", &ctx, &e);
    json_t *copy = json_deep_copy(match_and(t));
    size_t i;
    json_t *n;
    json_array_foreach(copy, i, n) {
        json_object_del(n, "suggestion");
        size_t k;
        json_t *a;
        json_array_foreach(json_object_get(n, "or"), k, a) json_object_del(a, "suggestion");
    }
    char *s = json_dumps(copy, JSON_COMPACT | JSON_PRESERVE_ORDER);
    CHECK_STR(s, "[{\"clinical\":{\"age_numerical\":\">=18\"}},"
                 "{\"clinical\":{\"oncotree_primary_diagnosis\":\"Non-Small Cell Lung Cancer\"}},"
                 "{\"or\":[{\"genomic\":{\"hugo_symbol\":\"EGFR\",\"alteration\":\"729_761del\"}},"
                 "{\"genomic\":{\"hugo_symbol\":\"EGFR\",\"protein_change\":\"p.L858R\",\"variant_category\":\"Mutation\"}}]},"
                 "{\"clinical\":{\"prior_therapy\":{\"agent\":\"osimertinib\",\"progression\":true}}},"
                 "{\"clinical\":{\"ecog\":\"<=1\"}},"
                 "{\"clinical\":{\"pdl1_tps\":\">=1\"}},"
                 "{\"genomic\":{\"hugo_symbol\":\"ALK\",\"variant_category\":\"!Structural Variation\"}},"
                 "{\"genomic\":{\"hugo_symbol\":\"ROS1\",\"variant_category\":\"!Structural Variation\"}},"
                 "{\"clinical\":{\"brain_metastases\":\"!active\"}}]");
    free(s);
    json_decref(copy);
    json_decref(t);
}

static void genomic_recognisers(void)
{
    CHECK_SUGGESTS("Inclusion Criteria:\n* Documentation of a KRAS p.G12C mutation",
                   "[{\"genomic\":{\"hugo_symbol\":\"KRAS\",\"protein_change\":\"p.G12C\",\"variant_category\":\"Mutation\"}}]");
    /* an alias (HER2 -> ERBB2); the kb has no class for ERBB2 exon 20 insertions (only two
     * single duplications named so): the exon */
    CHECK_SUGGESTS("* HER2 exon 20 insertion",
                   "[{\"genomic\":{\"hugo_symbol\":\"ERBB2\",\"exon\":20,\"variant_category\":\"Mutation\"}}]");
    /* kb/evidence/MET.yaml curates exon 14 skipping as two codon ranges: alternatives */
    CHECK_SUGGESTS("* MET exon 14 skipping mutation",
                   "[{\"or\":[{\"genomic\":{\"hugo_symbol\":\"MET\",\"alteration\":\"963_1010splice\"}},"
                   "{\"genomic\":{\"hugo_symbol\":\"MET\",\"alteration\":\"981_1028splice\"}}]}]");
    CHECK_SUGGESTS("Exclusion Criteria:\n* EGFR exon 20 insertion",
                   "[{\"genomic\":{\"hugo_symbol\":\"EGFR\",\"alteration\":\"!762_823ins\"}}]");
    CHECK_SUGGESTS("* BRAF V600-mutant tumour",
                   "[{\"genomic\":{\"hugo_symbol\":\"BRAF\",\"wildcard_protein_change\":\"p.V600\",\"variant_category\":\"Mutation\"}}]");
    CHECK_SUGGESTS("* MET amplification",
                   "[{\"genomic\":{\"hugo_symbol\":\"MET\",\"variant_category\":\"Copy Number Variation\",\"cnv_call\":\"High Amplification\"}}]");
    /* an unknown symbol written onto an alteration word; the knowledge base lacks MTAP */
    CHECK_SUGGESTS("* MTAP-deleted tumour",
                   "[{\"genomic\":{\"hugo_symbol\":\"MTAP\",\"variant_category\":\"Copy Number Variation\",\"cnv_call\":\"Homozygous Deletion\"}}]");
    /* a family name stands for the kb's members; "negative" makes an inclusion an absence */
    CHECK_SUGGESTS("* NTRK fusion negative",
                   "[{\"genomic\":{\"hugo_symbol\":\"NTRK1\",\"variant_category\":\"!Structural Variation\"}},"
                   "{\"genomic\":{\"hugo_symbol\":\"NTRK2\",\"variant_category\":\"!Structural Variation\"}},"
                   "{\"genomic\":{\"hugo_symbol\":\"NTRK3\",\"variant_category\":\"!Structural Variation\"}}]");
    /* a sentence that excludes its subject */
    CHECK_SUGGESTS("* Patients with EGFR sensitizing mutations or ALK rearrangements are not eligible.",
                   "[{\"genomic\":{\"hugo_symbol\":\"EGFR\",\"variant_category\":\"!Mutation\"}},"
                   "{\"genomic\":{\"hugo_symbol\":\"ALK\",\"variant_category\":\"!Structural Variation\"}}]");
    /* a list takes its last member's word; "alterations" is any event of the gene */
    CHECK_SUGGESTS("Exclusion Criteria:\n* EGFR, ALK or ROS1 alterations",
                   "[{\"genomic\":{\"hugo_symbol\":\"!EGFR\"}},{\"genomic\":{\"hugo_symbol\":\"!ALK\"}},"
                   "{\"genomic\":{\"hugo_symbol\":\"!ROS1\"}}]");
}

static void what_is_not_a_criterion(void)
{
    /* drug targets, not alterations */
    CHECK_SUGGESTS("Exclusion Criteria:\n* Prior treatment with a KRAS G12C inhibitor or an EGFR-TKI.", "[]");
    CHECK_SUGGESTS("* Previously treated with anti-EGFR antibodies.", "[]");
    /* permissive, conditional and compound sentences */
    CHECK_SUGGESTS("* Subjects whose tumors harbor KRAS mutations are eligible for the study.", "[]");
    CHECK_SUGGESTS("* Patients with BRAF V600-mutant melanoma must have received a BRAF inhibitor.", "[]");
    CHECK_SUGGESTS("Exclusion Criteria:\n* Has an EGFR T790M mutation and has not received osimertinib.", "[]");
    CHECK_SUGGESTS("* If test results for EGFR and ALK are not available, testing is required.", "[]");
    /* a gene named without any alteration word */
    CHECK_SUGGESTS("* Tissue to confirm the HER2 status centrally.", "[]");
    /* time phrases and hypersensitivity are not prior therapy */
    CHECK_SUGGESTS("Exclusion Criteria:\n* Surgery within 4 weeks prior to the start of osimertinib.", "[]");
    CHECK_SUGGESTS("Exclusion Criteria:\n* Hypersensitivity to sotorasib or to prior osimertinib.", "[]");
    /* "other than" leaves the agent out */
    CHECK_SUGGESTS("Exclusion Criteria:\n* Prior treatment with an EGFR TKI other than osimertinib.", "[]");
}

static void clinical_recognisers(void)
{
    CHECK_SUGGESTS("* ECOG performance status of 0, 1, or 2", "[{\"clinical\":{\"ecog\":\"<=2\"}}]");
    CHECK_SUGGESTS("* Eastern Cooperative Oncology Group (ECOG) performance status \xe2\x89\xa4 1",
                   "[{\"clinical\":{\"ecog\":\"<=1\"}}]");
    CHECK_SUGGESTS("* PD-L1 TPS \xe2\x89\xa5 50% by 22C3", "[{\"clinical\":{\"pdl1_tps\":\">=50\"}}]");
    /* an exclusion threshold turns round */
    CHECK_SUGGESTS("Exclusion Criteria:\n* PD-L1 TPS \\< 1%", "[{\"clinical\":{\"pdl1_tps\":\">=1\"}}]");
    CHECK_SUGGESTS("* PD-L1 CPS \xe2\x89\xa5 10", "[{\"clinical\":{\"pdl1_cps\":\">=10\"}}]");
    CHECK_SUGGESTS("Exclusion Criteria:\n* Any brain metastases", "[{\"clinical\":{\"brain_metastases\":\"none\"}}]");
    CHECK_SUGGESTS("Exclusion Criteria:\n* Untreated or symptomatic CNS metastases",
                   "[{\"clinical\":{\"brain_metastases\":\"!active\"}}]");
    CHECK_SUGGESTS("* Progression on prior anti-PD-1 or anti-PD-L1 therapy",
                   "[{\"clinical\":{\"prior_therapy\":{\"class\":\"anti-PD-(L)1\",\"progression\":true}}}]");
    CHECK_SUGGESTS("Exclusion Criteria:\n* Prior treatment with sotorasib.",
                   "[{\"clinical\":{\"prior_therapy\":{\"agent\":\"!sotorasib\"}}}]");
    CHECK_SUGGESTS("* At least one but no more than two prior systemic therapies",
                   "[{\"clinical\":{\"prior_lines\":\">=1\"}},{\"clinical\":{\"prior_lines\":\"<=2\"}}]");
    CHECK_SUGGESTS("* Treatment-naive for metastatic disease", "[{\"clinical\":{\"prior_lines\":\"==0\"}}]");
    CHECK_SUGGESTS("* Predominantly non-squamous histology.", "[{\"clinical\":{\"histology\":\"non-squamous\"}}]");
    CHECK_SUGGESTS("* After version 5, subjects with squamous histology are not eligible.",
                   "[{\"clinical\":{\"histology\":\"!squamous\"}}]");
    CHECK_SUGGESTS("* Anal cancer (squamous), naive to chemotherapy.", "[]");
    CHECK_SUGGESTS("Exclusion Criteria:\n* Evidence of small cell lung cancer.",
                   "[{\"clinical\":{\"oncotree_primary_diagnosis\":\"!Small Cell Lung Cancer\"}}]");
}

static void sections_and_quotes(void)
{
    onc_err_t e = {0};
    json_t *t = import_text("Key Inclusion Criteria:\n\nSubprotocol B - NSCLC with KRAS G12C mutation. ECOG 0-1.\n\n"
                            "Other protocol-defined inclusion/exclusion criteria may apply\n", &e);
    json_t *and_list = match_and(t);
    CHECK_INT(json_array_size(and_list), 3);
    /* the cohort heading leads the quote; a sentence is quoted whole */
    CHECK_STR(json_string_value(json_object_get(json_array_get(and_list, 1), "suggestion")),
              "[Subprotocol B] NSCLC with KRAS G12C mutation.");
    CHECK_STR(json_string_value(json_object_get(json_array_get(and_list, 2), "suggestion")), "[Subprotocol B] ECOG 0-1.");
    json_decref(t);
}

/* Criteria under a cohort heading go to the arms whose labels name that cohort; every arm
 * then has its own match (common criteria plus its cohort's) and the step none. */
static void cohorts_go_to_their_arms(void)
{
    char path[] = "/tmp/test_ctgov_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return;
    close(fd);
    json_t *rec = json_pack(
        "{s:{s:{s:s},s:{s:[{s:s},{s:s},{s:s}]},s:{s:s}}}", "protocolSection", "identificationModule", "nctId",
        "NCT99999904", "armsInterventionsModule", "armGroups", "label", "Cohort A: EGFR", "label", "Cohort B: KRAS",
        "label", "Cohort C: other", "eligibilityModule", "eligibilityCriteria",
        "Inclusion Criteria:\n* ECOG 0-1\nCohort A and C:\n* EGFR L858R mutation\nCohort B - KRAS G12C mutation\n");
    CHECK(json_dump_file(rec, path, 0) == 0);
    json_decref(rec);
    onc_err_t e = {0};
    json_t *t = onc_ctgov_to_ctml(path, &ctx, &e);
    unlink(path);
    CHECK(t != NULL);
    json_t *step = json_array_get(json_object_get(json_object_get(t, "treatment_list"), "step"), 0);
    CHECK(json_object_get(step, "match") == NULL);
    static const char *const want[] = {"EGFR", "KRAS", "EGFR"};
    for (size_t i = 0; i < 3; i++) {
        json_t *arm = json_array_get(json_object_get(step, "arm"), i);
        json_t *and_list = json_object_get(json_array_get(json_object_get(arm, "match"), 0), "and");
        CHECK_INT(json_array_size(and_list), 2);
        CHECK_STR(json_string_value(json_object_get(json_object_get(json_array_get(and_list, 0), "clinical"), "ecog")),
                  "<=1");
        CHECK_STR(json_string_value(json_object_get(json_object_get(json_array_get(and_list, 1), "genomic"),
                                                    "hugo_symbol")), want[i]);
        CHECK(json_object_get(json_array_get(and_list, 1), "_cohort") == NULL);
    }
    json_decref(t);
}

static void bad_records(void)
{
    static const struct { const char *text, *want; } cases[] = {
        {"not json at all {", "not a ClinicalTrials.gov API v2 study record"},
        {"[1, 2]", "not a ClinicalTrials.gov API v2 study record"},
        {"{\"studies\": []}", "field protocolSection: missing"},
        {"{\"protocolSection\": {\"identificationModule\": {\"nctId\": \"NCT123\"}}}",
         "field protocolSection.identificationModule.nctId: not an NCT number"},
        {"{\"protocolSection\": {\"identificationModule\": {\"nctId\": \"NCT12345678\"},\n"
         "\"designModule\": {\"phases\": \"PHASE2\"}}}",
         ":2: field protocolSection.designModule.phases: should be an array"},
        {"{\"protocolSection\": {\"identificationModule\": {\"nctId\": \"NCT12345678\"},\n"
         "\"eligibilityModule\": {\"minimumAge\": \"eighteen\"}}}",
         "field protocolSection.eligibilityModule.minimumAge: not a number of years"},
        {"{\"a\": 1, \"a\": 2}", "duplicate"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[] = "/tmp/test_ctgov_XXXXXX";
        int fd = mkstemp(path);
        if (fd < 0) continue;
        CHECK(write(fd, cases[i].text, strlen(cases[i].text)) == (ssize_t)strlen(cases[i].text));
        close(fd);
        onc_err_t e = {0};
        json_t *t = onc_ctgov_to_ctml(path, &ctx, &e);
        CHECK(t == NULL);
        json_decref(t);
        CHECK(strstr(e.msg, path) != NULL);
        if (!strstr(e.msg, cases[i].want)) fprintf(stderr, "case %zu: message \"%s\"\n", i, e.msg);
        CHECK(strstr(e.msg, cases[i].want) != NULL);
        unlink(path);
    }
    onc_err_t e = {0};
    CHECK(onc_ctgov_to_ctml("tests/data/ctgov/absent.json", &ctx, &e) == NULL);
    CHECK_INT(e.code, ONC_EIO);
}

/* ---- precision and recall against the reviewed CTML ---- */

#define KEYS_MAX 256
typedef struct keyset {
    char k[KEYS_MAX][128];
    size_t n;
} keyset_t;

static void key_add(keyset_t *s, const char *k)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->k[i], k) == 0) return;
    if (s->n < KEYS_MAX) snprintf(s->k[s->n++], sizeof s->k[0], "%s", k);
}

static bool key_has(const keyset_t *s, const char *k)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->k[i], k) == 0) return true;
    return false;
}

static const char *bare(const char *v, bool *negated)
{
    if (v && v[0] == '!') {
        *negated = true;
        return v + 1;
    }
    return v;
}

/* A genomic leaf as "[!]GENE|what": what is the protein change, residue, kb class, exon, or
 * the category (mutation, cnv:<call>, cnv, sv, any). Gene aliases are resolved. */
static void leaf_key(const json_t *g, char *alt_key, size_t n, char *gene_key, size_t gn)
{
    bool neg = false;
    const char *sym = bare(json_string_value(json_object_get(g, "hugo_symbol")), &neg);
    const char *cat = bare(json_string_value(json_object_get(g, "variant_category")), &neg);
    const char *pc = bare(json_string_value(json_object_get(g, "protein_change")), &neg);
    const char *wpc = bare(json_string_value(json_object_get(g, "wildcard_protein_change")), &neg);
    const char *cls = bare(json_string_value(json_object_get(g, "alteration")), &neg);
    const char *call = json_string_value(json_object_get(g, "cnv_call"));
    json_t *exon = json_object_get(g, "exon");
    char what[64];
    if (pc) snprintf(what, sizeof what, "%s%s", strncmp(pc, "p.", 2) == 0 ? "" : "p.", pc);
    else if (wpc) snprintf(what, sizeof what, "%s*", wpc);
    else if (cls) snprintf(what, sizeof what, "class:%s", cls);
    else if (exon) snprintf(what, sizeof what, "exon %lld", (long long)json_integer_value(exon));
    else if (cat && strcmp(cat, "Mutation") == 0) snprintf(what, sizeof what, "mutation");
    else if (cat && strcmp(cat, "Copy Number Variation") == 0) snprintf(what, sizeof what, "cnv%s%s", call ? ":" : "", call ? call : "");
    else if (cat && strcmp(cat, "Structural Variation") == 0) snprintf(what, sizeof what, "sv");
    else snprintf(what, sizeof what, "any");
    const char *gene = sym ? onc_genes_canonical(ctx.genes, sym) : "?";
    snprintf(gene_key, gn, "%s%s", neg ? "!" : "", gene);
    snprintf(alt_key, n, "%s|%s", gene_key, what);
}

static void collect(const json_t *node, keyset_t *alts, keyset_t *genes)
{
    if (json_is_array(node)) {
        size_t i;
        json_t *v;
        json_array_foreach(node, i, v) collect(v, alts, genes);
    } else if (json_is_object(node)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)node, k, v) {
            if (strcmp(k, "genomic") == 0 && json_is_object(v)) {
                char a[128], g[48];
                leaf_key(v, a, sizeof a, g, sizeof g);
                key_add(alts, a);
                key_add(genes, g);
            } else {
                collect(v, alts, genes);
            }
        }
    }
}

typedef struct tally {
    size_t ours, theirs, common;
} tally_t;

static void compare(const keyset_t *ours, const keyset_t *theirs, tally_t *t)
{
    t->ours = ours->n;
    t->theirs = theirs->n;
    t->common = 0;
    for (size_t i = 0; i < ours->n; i++) t->common += key_has(theirs, ours->k[i]);
}

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : NAN; }

/* Every quote is a sentence of the record's text (after the registry's "\\" escapes), and no
 * cohort tag is left in the document. */
static void check_quotes(const json_t *node, const char *text)
{
    if (json_is_array(node)) {
        size_t i;
        json_t *v;
        json_array_foreach(node, i, v) check_quotes(v, text);
    } else if (json_is_object(node)) {
        const char *q = json_string_value(json_object_get(node, "suggestion"));
        if (q && q[0] == '[') q = strstr(q, "] ") ? strstr(q, "] ") + 2 : q;
        if (q && !strstr(text, q)) fprintf(stderr, "quote not in the text: %s\n", q);
        CHECK(!q || strstr(text, q) != NULL);
        CHECK(json_object_get(node, "_cohort") == NULL);
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)node, k, v) check_quotes(v, text);
    }
}

static void precision_recall_on_reviewed_records(void)
{
    const char *dir = shared_data("ctgov/ctml_nct2ctml");
    char reviewed_dir[4096];
    snprintf(reviewed_dir, sizeof reviewed_dir, "%s", dir ? dir : "");
    DIR *d = dir ? opendir(reviewed_dir) : NULL;
    if (!d) SKIP("shared data ctgov/ absent");
    char names[64][32];
    size_t n = 0;
    for (struct dirent *de; (de = readdir(d)) && n < 64;)
        if (strncmp(de->d_name, "NCT", 3) == 0 && strlen(de->d_name) < sizeof names[0])
            memcpy(names[n++], de->d_name, strlen(de->d_name) + 1);
    closedir(d);
    qsort(names, n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    CHECK_INT(n, 10);
    tally_t alt_sum = {0, 0, 0}, gene_sum = {0, 0, 0};
    printf("# trial\tours\treviewed\tcommon\tprecision\trecall\tgene-level precision\tgene-level recall\n");
    for (size_t i = 0; i < n; i++) {
        char raw[4200], rev[4200];
        snprintf(raw, sizeof raw, "%s/%s", shared_data("ctgov/raw_v2"), names[i]);
        snprintf(rev, sizeof rev, "%s/%s", reviewed_dir, names[i]);
        onc_err_t e = {0};
        json_t *ours = onc_ctgov_to_ctml(raw, &ctx, &e);
        json_t *theirs = json_load_file(rev, 0, NULL);
        json_t *rec = json_load_file(raw, 0, NULL);
        CHECK(ours && theirs && rec);
        if (!ours || !theirs || !rec) {
            fprintf(stderr, "%s: %s\n", names[i], e.msg);
            json_decref(ours), json_decref(theirs), json_decref(rec);
            continue;
        }
        const char *text = json_string_value(json_object_get(
            json_object_get(json_object_get(rec, "protocolSection"), "eligibilityModule"), "eligibilityCriteria"));
        char *clean = strdup(text ? text : "");
        char *o = clean;
        for (const char *p = clean; *p; p++)
            if (!(*p == '\\' && p[1] && strchr("<>[]()*_-#.!\\", p[1]))) *o++ = *p;
        *o = '\0';
        check_quotes(ours, clean);
        free(clean);
        static keyset_t oa, og, ta, tg;
        oa.n = og.n = ta.n = tg.n = 0;
        collect(json_object_get(ours, "treatment_list"), &oa, &og);
        collect(json_object_get(theirs, "treatment_list"), &ta, &tg);
        tally_t at, gt;
        compare(&oa, &ta, &at);
        compare(&og, &tg, &gt);
        printf("# %.11s\t%zu\t%zu\t%zu\t%.2f\t%.2f\t%.2f\t%.2f\n", names[i], at.ours, at.theirs, at.common,
               ratio(at.common, at.ours), ratio(at.common, at.theirs), ratio(gt.common, gt.ours),
               ratio(gt.common, gt.theirs));
        for (size_t k = 0; k < oa.n; k++)
            if (!key_has(&ta, oa.k[k])) printf("#   only ours:     %s\n", oa.k[k]);
        for (size_t k = 0; k < ta.n; k++)
            if (!key_has(&oa, ta.k[k])) printf("#   only reviewed: %s\n", ta.k[k]);
        alt_sum.ours += at.ours, alt_sum.theirs += at.theirs, alt_sum.common += at.common;
        gene_sum.ours += gt.ours, gene_sum.theirs += gt.theirs, gene_sum.common += gt.common;
        json_decref(ours), json_decref(theirs), json_decref(rec);
    }
    double p = ratio(alt_sum.common, alt_sum.ours), r = ratio(alt_sum.common, alt_sum.theirs);
    double gp = ratio(gene_sum.common, gene_sum.ours), gr = ratio(gene_sum.common, gene_sum.theirs);
    printf("# all\t%zu\t%zu\t%zu\t%.2f\t%.2f\t%.2f\t%.2f\n", alt_sum.ours, alt_sum.theirs, alt_sum.common, p, r, gp,
           gr);
    /* Floors (docs/ctgov-import.md): at the gene level, with the sign, most of what either side
     * says is shared (0.6); at the alteration level the reviewed CTML's own errors (any CNV for
     * a homozygous deletion, "Mutation" for fusion genes, "NTRK") cap agreement, so the floor
     * only asks that a third of each side be shared. */
    CHECK(gp >= 0.6);
    CHECK(gr >= 0.6);
    CHECK(p >= 0.33);
    CHECK(r >= 0.33);
}

int main(void)
{
    onc_err_t e = {0};
    ctx.oncotree = onc_oncotree_load(NULL, &e);
    ctx.kb = onc_kb_load(NULL, &e);
    ctx.genes = onc_genes_load(NULL, &e);
    if (!ctx.oncotree || !ctx.kb || !ctx.genes) {
        fprintf(stderr, "cannot load the built-in knowledge base: %s\n", e.msg);
        return 1;
    }
    RUN(skeleton_of_a_record);
    RUN(whole_fixture_suggestions);
    RUN(genomic_recognisers);
    RUN(what_is_not_a_criterion);
    RUN(clinical_recognisers);
    RUN(sections_and_quotes);
    RUN(cohorts_go_to_their_arms);
    RUN(bad_records);
    RUN(precision_recall_on_reviewed_records);
    onc_oncotree_free((onc_oncotree_t *)ctx.oncotree);
    onc_kb_free((onc_kb_t *)ctx.kb);
    onc_genes_free((onc_genes_t *)ctx.genes);
    CHECK_EXIT();
}
