/* test_classify.c: the classifier's rules on small synthetic cases written inline, against the
 * test-only knowledge base tests/data/classify/kb (made-up agents: testinib, oldinib, metinib).
 * Expected values come from that kb's files and CONTRACTS.md / CLINICAL.md rules. */
#include "check.h"
#include "oncoboard/classify.h"
#include "oncoboard/report.h"

#include <stdlib.h>
#include <unistd.h>

#define KB "tests/data/classify/kb"
/* The test kb's groups need EGFR, ALK, KRAS (mutation/fusion), MET, ERBB2. */
#define PANEL "\"assay\": {\"genes\": [\"EGFR\", \"ALK\", \"KRAS\", \"MET\", \"ERBB2\", \"STK11\", \"BRCA2\"]}"

static onc_kb_t *kb;

/* Loads the case text and classifies it; NULL (and a failed check) on error. */
static onc_classification_t *classify(const char *json, onc_case_t **cp)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    onc_case_opts_t o;
    onc_case_opts_init(&o);
    o.check_files = 0;
    if (onc_case_parse(json, strlen(json), "t.json", NULL, &o, &c, &err) != ONC_OK) {
        fprintf(stderr, "case: %s\n", err.msg);
        CHECK(0);
        return NULL;
    }
    onc_classify_opts_t co;
    onc_classify_opts_init(&co);
    co.kb_dir = NULL; /* the readers' gene tables: built in (the test kb has none) */
    co.today = (onc_date_t){2026, 11, 29};
    onc_classification_t *cl = NULL;
    if (onc_classify(c, kb, &co, &cl, &err) != ONC_OK) {
        fprintf(stderr, "classify: %s\n", err.msg);
        CHECK(0);
    }
    if (cp) *cp = c;
    else onc_case_free(c);
    return cl;
}

static int has_warning(const onc_classification_t *cl, const char *part)
{
    for (size_t i = 0; i < cl->n_warnings; i++)
        if (strstr(cl->warnings[i], part)) return 1;
    return 0;
}

static const onc_class_alt_t *find_alt(const onc_classification_t *cl, const char *gene, const char *alt)
{
    for (size_t i = 0; i < cl->n_alts; i++)
        if (strcmp(cl->alts[i].gene, gene) == 0 && cl->alts[i].alt.alteration && strcmp(cl->alts[i].alt.alteration, alt) == 0)
            return &cl->alts[i];
    return NULL;
}

static void test_escat_rank(void)
{
    CHECK(onc_escat_rank("I-A") < onc_escat_rank("I-B"));
    CHECK(onc_escat_rank("II-B") < onc_escat_rank("III-A"));
    CHECK_INT(onc_escat_rank("X"), 10);
    CHECK_INT(onc_escat_rank(NULL), 11);
    CHECK_INT(onc_escat_rank("I-Z"), 11);
}

static void test_group_with_full_panel(void)
{
    onc_classification_t *cl = classify("{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"molecular\": {"
                                        PANEL ", \"variants\": [{\"gene\": \"EGFR\", \"protein_change\": \"p.L858R\"}]}}",
                                        NULL);
    if (!cl) return;
    CHECK_STR(cl->group_id, "EGFR_COMMON");
    CHECK_INT(cl->n_evidence, 1);
    if (cl->n_evidence) CHECK_STR(cl->evidence[0], "EGFR L858R");
    CHECK_INT(cl->n_not_assessed, 0); /* every group's gene is on the panel, for every type */
    CHECK_INT(cl->n_drivers, 1);
    if (cl->n_drivers) CHECK_STR(cl->drivers[0]->escat, "I-A"); /* TEST-EGFR-COMMON */
    CHECK(cl->n_alts == 1 && cl->alts[0].role == ONC_ALT_ROLE_DRIVER);
    onc_classification_free(cl);
}

static void test_no_assay_excludes_nothing(void)
{
    onc_classification_t *cl = classify("{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"molecular\": {"
                                        "\"variants\": [{\"gene\": \"TP53\", \"protein_change\": \"R175H\"}]}}", NULL);
    if (!cl) return;
    CHECK_STR(cl->group_id, "NO_DRIVER");
    /* EGFR mutation, ALK fusion, KRAS mutation, MET amplification, ERBB2 mutation, ERBB2 amplification:
       KRAS_G12C and KRAS_OTHER share their words */
    CHECK_INT(cl->n_not_assessed, 6);
    if (cl->n_not_assessed == 6) {
        CHECK_STR(cl->not_assessed[0], "EGFR mutation");
        CHECK_STR(cl->not_assessed[1], "ALK fusion");
        CHECK_STR(cl->not_assessed[2], "KRAS mutation");
    }
    onc_classification_free(cl);
}

static void test_not_assessable_and_plasma(void)
{
    onc_classification_t *cl = classify("{\"id\": \"A\"}", NULL);
    if (cl) CHECK_STR(cl->group_id, "NOT_ASSESSABLE");
    if (cl) CHECK_INT(cl->n_not_assessed, 0);
    onc_classification_free(cl);
    cl = classify("{\"id\": \"A\", \"molecular\": {\"specimen\": \"plasma\", " PANEL "}}", NULL);
    if (!cl) return;
    CHECK_STR(cl->group_id, "NO_DRIVER");
    CHECK_INT(cl->n_not_assessed, 6); /* a negative plasma panel excludes nothing */
    CHECK(has_warning(cl, "plasma"));
    onc_classification_free(cl);
}

static void test_several_drivers(void)
{
    /* EGFR L858R I-A (TEST-EGFR-COMMON) beats MET amplification II-B (TEST-MET-AMP); a KRAS
       G12C has no ESCAT in the test kb and comes last. */
    onc_classification_t *cl = classify("{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"molecular\": {"
                                        PANEL ", \"variants\": [{\"gene\": \"KRAS\", \"protein_change\": \"G12C\"},"
                                        "{\"gene\": \"EGFR\", \"protein_change\": \"L858R\"}],"
                                        "\"copy_number\": [{\"gene\": \"MET\", \"call\": \"amplification\", \"copies\": 12}]}}",
                                        NULL);
    if (!cl) return;
    CHECK_STR(cl->group_id, "EGFR_COMMON");
    CHECK_INT(cl->n_drivers, 3);
    if (cl->n_drivers == 3) {
        CHECK_STR(cl->drivers[1]->group->id, "MET_AMP");
        CHECK_STR(cl->drivers[2]->group->id, "KRAS_G12C");
    }
    CHECK(has_warning(cl, "several drivers"));
    onc_classification_free(cl);
    /* no tier on either side: the groups' order decides (ALK_FUSION before KRAS_G12C) */
    cl = classify("{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"molecular\": {"
                  "\"variants\": [{\"gene\": \"KRAS\", \"protein_change\": \"G12C\"}],"
                  "\"fusions\": [{\"gene_a\": \"EML4\", \"gene_b\": \"ALK\"}]}}", NULL);
    if (!cl) return;
    CHECK_STR(cl->group_id, "ALK_FUSION");
    if (cl->n_drivers) CHECK_STR(cl->drivers[0]->gene, "ALK"); /* the fusion is about ALK, not EML4 */
    onc_classification_free(cl);
}

static void test_met_amp_copies(void)
{
    const char *fmt = "{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"molecular\": {" PANEL
                      ", \"copy_number\": [{\"gene\": \"MET\", \"call\": \"amplification\"%s}]}}";
    const char *copies[] = {"", ", \"copies\": 6", ", \"copies\": 10"};
    const char *want[] = {"NO_DRIVER", "NO_DRIVER", "MET_AMP"};
    for (int i = 0; i < 3; i++) {
        char json[512];
        snprintf(json, sizeof json, fmt, copies[i]);
        onc_classification_t *cl = classify(json, NULL);
        if (!cl) continue;
        CHECK_STR(cl->group_id, want[i]);
        CHECK(i == 2 || has_warning(cl, "the MET_AMP group"));
        /* without copies the group stays open; at 6 copies it is excluded */
        CHECK_INT(cl->n_not_assessed, i == 0 ? 1 : 0);
        onc_classification_free(cl);
    }
}

static void test_erbb2_amp_is_not_mutation(void)
{
    onc_classification_t *cl = classify("{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"molecular\": {"
                                        PANEL ", \"copy_number\": [{\"gene\": \"ERBB2\", \"call\": \"amplification\"}]},"
                                        "\"biomarkers\": {\"ihc\": [{\"marker\": \"HER2\", \"score\": \"3+\"}]}}", NULL);
    if (!cl) return;
    CHECK_STR(cl->group_id, "ERBB2_AMP"); /* "Oncogenic Mutations" of ERBB2_MUT is a mutation test */
    const onc_class_alt_t *ihc = find_alt(cl, "ERBB2", "IHC 3+");
    CHECK(ihc && ihc->ihc && !ihc->group && ihc->role == ONC_ALT_ROLE_CO_ALTERATION);
    onc_classification_free(cl);
    /* HER2 IHC 3+ alone defines nothing and is no molecular test; ALK IHC positive supports ALK_FUSION */
    cl = classify("{\"id\": \"A\", \"biomarkers\": {\"ihc\": [{\"marker\": \"HER2\", \"score\": \"3+\"}]}}", NULL);
    if (cl) CHECK_STR(cl->group_id, "NOT_ASSESSABLE");
    onc_classification_free(cl);
    cl = classify("{\"id\": \"A\", \"biomarkers\": {\"ihc\": [{\"marker\": \"ALK\", \"result\": \"positive\", "
                  "\"clone\": \"D5F3\"}]}}", NULL);
    if (cl) CHECK_STR(cl->group_id, "ALK_FUSION");
    onc_classification_free(cl);
}

static void test_resistance_and_comparison(void)
{
    onc_case_t *c = NULL;
    onc_classification_t *cl = classify(
        "{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"therapies\": [{\"line\": 1, \"agents\": [\"oldinib\"]}],"
        "\"samples\": [{\"id\": \"S2\", \"collected\": \"2026-05-01\", \"type\": \"tissue\", \"molecular\": {"
        "  \"assay\": {\"coverage\": [{\"gene\": \"EGFR\", \"types\": [\"mutation\"]}]},"
        "  \"variants\": [{\"gene\": \"EGFR\", \"protein_change\": \"L858R\"}, {\"gene\": \"EGFR\", \"protein_change\": \"T790M\"}]}},"
        " {\"id\": \"S1\", \"collected\": \"2025-01-01\", \"type\": \"tissue\", \"molecular\": {" PANEL ","
        "  \"variants\": [{\"gene\": \"EGFR\", \"protein_change\": \"L858R\"}, {\"gene\": \"KRAS\", \"protein_change\": \"G12D\"},"
        "   {\"gene\": \"EGFR\", \"protein_change\": \"G719S\"}],"
        "  \"fusions\": [{\"gene_a\": \"EML4\", \"gene_b\": \"ALK\"}]}}]}",
        &c);
    if (!cl) return;
    const onc_class_alt_t *t790m = find_alt(cl, "EGFR", "T790M");
    CHECK(t790m && t790m->role == ONC_ALT_ROLE_RESISTANCE && t790m->n_resistant_agents == 1);
    if (t790m && t790m->n_resistant_agents) CHECK_STR(t790m->resistant_agents[0], "oldinib");
    const onc_comparison_t *cmp = cl->comparison;
    CHECK(cmp != NULL);
    if (cmp) {
        CHECK_STR(c->samples[cmp->before].id, "S1"); /* by date, not by order in the file */
        CHECK_INT(cmp->n_gained, 1);
        CHECK_INT(cmp->n_persistent, 1);
        CHECK_INT(cmp->n_lost, 1);          /* EGFR G719S: S2 tested EGFR mutations */
        CHECK_INT(cmp->n_not_evaluable, 2); /* KRAS G12D and EML4-ALK: S2 tested neither */
    }
    onc_classification_free(cl);
    onc_case_free(c);
}

static void test_immuno(void)
{
    struct { const char *bio; const char *cat; onc_tri tmb_high, msi_high; } rows[] = {
        {"\"pdl1_tps\": 0.5, \"tmb\": 9.9, \"msi\": \"MSS\"", "<1%", ONC_TRI_FALSE, ONC_TRI_FALSE},
        {"\"pdl1_tps\": 1, \"tmb\": 10", "1-49%", ONC_TRI_TRUE, ONC_TRI_UNKNOWN},
        {"\"pdl1_tps\": 49.9, \"msi\": \"MSI-H\"", "1-49%", ONC_TRI_UNKNOWN, ONC_TRI_TRUE},
        {"\"pdl1_tps\": 50, \"msi\": \"MSI-L\"", ">=50%", ONC_TRI_UNKNOWN, ONC_TRI_FALSE},
        {"\"pdl1_tps\": null", NULL, ONC_TRI_UNKNOWN, ONC_TRI_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char json[512];
        snprintf(json, sizeof json, "{\"id\": \"A\", \"biomarkers\": {%s}}", rows[i].bio);
        onc_classification_t *cl = classify(json, NULL);
        if (!cl) continue;
        CHECK_STR(cl->immuno.pdl1_category, rows[i].cat);
        CHECK_INT(cl->immuno.tmb_high, rows[i].tmb_high);
        CHECK_INT(cl->immuno.msi_high, rows[i].msi_high);
        CHECK(cl->immuno.summary && strstr(cl->immuno.summary, "contraindicat") == NULL);
        onc_classification_free(cl);
    }
}

static void test_negative_predictors(void)
{
    /* STK11 truncating: loss of function; an STK11 missense the kb does not know is not */
    onc_classification_t *cl = classify("{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"molecular\": {"
                                        "\"variants\": [{\"gene\": \"STK11\", \"protein_change\": \"Q37*\"}]}}", NULL);
    if (cl) CHECK(cl->immuno.n_negative_predictors == 1 && strcmp(cl->immuno.negative_predictors[0], "STK11") == 0);
    if (cl) CHECK(strstr(cl->immuno.summary, "associated with"));
    onc_classification_free(cl);
    cl = classify("{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"molecular\": {"
                  "\"variants\": [{\"gene\": \"STK11\", \"protein_change\": \"A10T\"}]}}", NULL);
    if (cl) CHECK_INT(cl->immuno.n_negative_predictors, 0);
    onc_classification_free(cl);
}

static void test_germline(void)
{
    const double vafs[] = {0.3, 0.4, 0.6, 0.61, 0.89, 0.9, 1.0};
    const bool want[] = {false, true, true, false, false, true, true};
    for (int i = 0; i < 7; i++) {
        char json[512];
        snprintf(json, sizeof json, "{\"id\": \"A\", \"molecular\": {\"variants\": [{\"gene\": \"BRCA2\", "
                                    "\"protein_change\": \"S1982Rfs*22\", \"vaf\": %g}]}}", vafs[i]);
        onc_classification_t *cl = classify(json, NULL);
        if (!cl) continue;
        CHECK(cl->n_alts == 1 && cl->alts[0].germline_possible == want[i]);
        CHECK(has_warning(cl, "genetic counselling") == want[i]);
        onc_classification_free(cl);
    }
    /* KRAS is not a germline gene of the kb */
    onc_classification_t *cl = classify("{\"id\": \"A\", \"molecular\": {\"variants\": [{\"gene\": \"KRAS\", "
                                        "\"protein_change\": \"G12D\", \"vaf\": 0.5}]}}", NULL);
    if (cl) CHECK(cl->n_alts == 1 && !cl->alts[0].germline_possible);
    onc_classification_free(cl);
}

static void test_warnings(void)
{
    onc_classification_t *cl = classify("{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\", \"date\": \"2099-01-01\"},"
                                        "\"molecular\": {\"variants\": [{\"gene\": \"NOTAGENE1\", \"protein_change\": \"A1T\"}]}}",
                                        NULL);
    if (!cl) return;
    CHECK(has_warning(cl, "diagnosis.date 2099-01-01 is in the future"));
    CHECK(has_warning(cl, "NOTAGENE1"));
    onc_classification_free(cl);
    /* the case's warning and the reader's copy of it are said once */
    cl = classify("{\"id\": \"A\", \"extra\": 1, \"molecular\": {\"variants\": [{\"gene\": \"KRAS\", "
                  "\"protein_change\": \"G12D\"}]}}", NULL);
    if (!cl) return;
    size_t n = 0;
    for (size_t i = 0; i < cl->n_warnings; i++) n += strstr(cl->warnings[i], "field extra") != NULL;
    CHECK_INT(n, 1);
    onc_classification_free(cl);
}

static void test_report_json(void)
{
    onc_case_t *c = NULL;
    onc_classification_t *cl = classify("{\"id\": \"A\", \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"molecular\": {"
                                        PANEL ", \"variants\": [{\"gene\": \"EGFR\", \"protein_change\": \"L858R\"}],"
                                        "\"copy_number\": [{\"gene\": \"MET\", \"call\": \"amplification\", \"copies\": 11}]}}",
                                        &c);
    if (!cl) return;
    onc_err_t err = {0};
    json_t *r = onc_report_build(c, kb, cl, NULL, &err);
    CHECK(r != NULL);
    if (r) {
        const char *keys[] = {"case_id", "tumor_type", "kb_version", "molecular_group", "drivers", "not_assessed",
                              "alterations", "immunotherapy", "comparison", "trials", "warnings"};
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) CHECK(json_object_get(r, keys[i]) != NULL);
        CHECK_STR(json_string_value(json_object_get(r, "kb_version")), "0.0.2-classify-test");
        json_t *im = json_object_get(r, "immunotherapy");
        CHECK(json_is_null(json_object_get(im, "tmb_high")) && json_is_null(json_object_get(im, "pdl1_category")));
        json_t *alts = json_object_get(r, "alterations");
        /* EGFR's I-A is unverified in the kb: null, and given as escat_unverified; MET's II-B is verified */
        CHECK(json_is_null(json_object_get(json_array_get(alts, 0), "escat")));
        CHECK_STR(json_string_value(json_object_get(json_array_get(alts, 0), "escat_unverified")), "I-A");
        CHECK_STR(json_string_value(json_object_get(json_array_get(alts, 1), "escat")), "II-B");
        CHECK(json_is_null(json_object_get(r, "comparison")));
    }
    json_decref(r);
    onc_classification_free(cl);
    onc_case_free(c);
}

static void test_report_comparison_and_ihc(void)
{
    onc_case_t *c = NULL;
    onc_classification_t *cl = classify(
        "{\"id\": \"B\", \"biomarkers\": {\"ihc\": [{\"marker\": \"ALK\", \"result\": \"positive\"}]},"
        "\"samples\": [{\"id\": \"S1\", \"collected\": \"2025-01-01\", \"molecular\": {" PANEL ","
        "  \"variants\": [{\"gene\": \"KRAS\", \"protein_change\": \"G12D\"}]}},"
        " {\"id\": \"S2\", \"collected\": \"2026-01-01\", \"molecular\": {\"variants\": []}}]}", &c);
    if (!cl) return;
    json_t *r = onc_report_build(c, kb, cl, NULL, NULL);
    CHECK(r != NULL);
    if (r) {
        json_t *cmp = json_object_get(r, "comparison");
        CHECK_STR(json_string_value(json_object_get(cmp, "before")), "S1");
        json_t *ne = json_object_get(cmp, "not_evaluable"); /* S2 gave no assay: KRAS G12D unknown there */
        CHECK_INT(json_array_size(ne), 1);
        CHECK_STR(json_string_value(json_object_get(json_array_get(ne, 0), "gene")), "KRAS");
        CHECK(json_is_string(json_object_get(json_array_get(ne, 0), "reason")));
        CHECK_INT(json_array_size(json_object_get(cmp, "lost")), 0);
        /* the ALK IHC item: ALK_FUSION by IHC, primary (no sequencing driver) */
        json_t *d0 = json_array_get(json_object_get(r, "drivers"), 0);
        CHECK_STR(json_string_value(json_object_get(d0, "method")), "IHC");
        CHECK_STR(json_string_value(json_object_get(json_object_get(r, "molecular_group"), "id")), "ALK_FUSION");
    }
    json_decref(r);
    onc_classification_free(cl);
    onc_case_free(c);
}

static void test_sha256(void)
{
    char path[] = "/tmp/test_classify_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    CHECK(write(fd, "abc", 3) == 3);
    close(fd);
    char hex[65];
    onc_err_t err = {0};
    CHECK(onc_sha256_file(path, hex, &err) == ONC_OK);
    /* FIPS 180-2 appendix B.1 */
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    unlink(path);
    CHECK(onc_sha256_file(path, hex, &err) == ONC_EIO);
}

int main(void)
{
    onc_err_t err = {0};
    kb = onc_kb_load(KB, &err);
    if (!kb) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(test_escat_rank);
    RUN(test_group_with_full_panel);
    RUN(test_no_assay_excludes_nothing);
    RUN(test_not_assessable_and_plasma);
    RUN(test_several_drivers);
    RUN(test_met_amp_copies);
    RUN(test_erbb2_amp_is_not_mutation);
    RUN(test_resistance_and_comparison);
    RUN(test_immuno);
    RUN(test_negative_predictors);
    RUN(test_germline);
    RUN(test_warnings);
    RUN(test_report_json);
    RUN(test_report_comparison_and_ihc);
    RUN(test_sha256);
    onc_kb_free(kb);
    return check_n_failed != 0;
}
