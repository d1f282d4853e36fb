/* test_match_patient.c: a classified case as the matching engine sees it
 * (onc_match_patient_from_case, match_patient_tested) and the MAF terms of its mutations
 * (match_maf_classification).
 *
 * The cases are written inline; expected values are worked out by hand from them: MatchMiner's
 * vocabularies from trial-matching.md 2.7 (CNV_CALL values, MMR_STATUS values), the MAF terms
 * from vcf2maf's GetVariantClassification and GetEffectPriority (match_vclass.c names the
 * commit), the oncogenicity of EGFR L858R from kb/evidence/EGFR.yaml.
 */
#include "check.h"

#include "match/match_pat_int.h"
#include "oncoboard/classify.h"
#include "oncoboard/match.h"

static onc_oncotree_t *tree;
static onc_kb_t *kb;
static onc_genes_t *genes;

typedef struct fixture {
    onc_case_t *c;
    onc_classification_t *cl;
    onc_match_patient_t *p;
} fixture_t;

static bool build(const char *json, fixture_t *f)
{
    onc_err_t err = {0};
    onc_case_opts_t o;
    onc_case_opts_init(&o);
    o.check_files = 0;
    memset(f, 0, sizeof *f);
    if (onc_case_parse(json, strlen(json), "t.json", NULL, &o, &f->c, &err) != ONC_OK) {
        fprintf(stderr, "case: %s\n", err.msg);
        return false;
    }
    onc_classify_opts_t co;
    onc_classify_opts_init(&co);
    if (onc_classify(f->c, kb, &co, &f->cl, &err) != ONC_OK) {
        fprintf(stderr, "classify: %s\n", err.msg);
        return false;
    }
    onc_match_ctx_t ctx = {tree, kb, genes};
    if (onc_match_patient_from_case(f->c, f->cl, &ctx, &f->p, &err) != ONC_OK) {
        fprintf(stderr, "patient: %s\n", err.msg);
        return false;
    }
    return true;
}

static void release(fixture_t *f)
{
    onc_match_patient_free(f->p);
    onc_classification_free(f->cl);
    onc_case_free(f->c);
}

static const match_event_t *event(const onc_match_patient_t *p, const char *gene, match_category cat)
{
    for (size_t i = 0; i < p->n_events; i++)
        if (p->events[i].category == cat && p->events[i].gene && !strcmp(p->events[i].gene, gene)) return &p->events[i];
    fprintf(stderr, "no %s event of category %d\n", gene, (int)cat);
    check_failed = 1;
    return NULL;
}

static const char *full_case =
    "{\"case_format\": 1, \"id\": \"P1\", \"sex\": \"male\", \"birth_date\": \"1950-05-01\","
    " \"diagnosis\": {\"oncotree_code\": \"LUAD\"}, \"biomarkers\": {\"tmb\": 12, \"msi\": \"MSI-H\"},"
    " \"molecular\": {\"assay\": {\"name\": \"panel\", \"genes\": [\"EGFR\", \"KRAS\", \"MET\", \"ALK\", \"STK11\","
    " \"CDKN2A\", \"ERBB2\", \"PTEN\", \"EML4\", \"ROS1\"]},"
    "  \"variants\": [{\"gene\": \"EGFR\", \"protein_change\": \"p.L858R\"},"
    "               {\"gene\": \"EGFR\", \"protein_change\": \"p.E746_A750del\"},"
    "               {\"gene\": \"STK11\", \"protein_change\": \"p.Q37Rfs*8\", \"coding_change\": \"c.109del\"}],"
    "  \"fusions\": [{\"gene_a\": \"EML4\", \"gene_b\": \"ALK\"}, {\"gene_a\": \"ROS1\"}],"
    "  \"copy_number\": [{\"gene\": \"MET\", \"call\": \"amplification\"}, {\"gene\": \"CDKN2A\", \"call\": \"deletion\"},"
    "                   {\"gene\": \"ERBB2\", \"call\": \"gain\"}, {\"gene\": \"PTEN\", \"call\": \"loss\"}]}}";

static void clinical_fields_from_the_case(void)
{
    fixture_t f;
    CHECK(build(full_case, &f));
    const onc_match_patient_t *p = f.p;
    if (p) {
        CHECK_STR(onc_match_patient_id(p), "P1");
        CHECK_STR(p->gender, "Male");
        CHECK(p->birth_date.year == 1950 && p->birth_date.month == 5 && p->birth_date.day == 1);
        CHECK(p->tumor_type && !strcmp(onc_tumor_type_code(p->tumor_type), "LUAD"));
        CHECK_STR(p->diagnosis_name, "Lung Adenocarcinoma");
        CHECK_NEAR(p->tmb, 12, 1e-12);
        CHECK_STR(p->mmr_status, "Deficient (MMR-D / MSI-H)");
        CHECK_INT(p->deceased, ONC_TRI_UNKNOWN);
        CHECK_INT(p->sequenced, ONC_TRI_TRUE);
        CHECK(p->c == f.c && p->cl == f.cl);
    }
    release(&f);
}

static void one_event_per_alteration(void)
{
    fixture_t f;
    CHECK(build(full_case, &f));
    const onc_match_patient_t *p = f.p;
    if (!p) goto out;
    CHECK_INT(p->n_events, 3 + 2 + 4 + 1); /* mutations, fusions, copy number, the MSI result */
    const match_event_t *e = NULL;
    for (size_t i = 0; i < p->n_events; i++)
        if (p->events[i].protein_change && !strcmp(p->events[i].protein_change, "p.L858R")) e = &p->events[i];
    CHECK(e != NULL);
    if (e) {
        CHECK_STR(e->gene, "EGFR");
        CHECK_STR(e->category_raw, "MUTATION");
        CHECK_STR(e->variant_classification, "Missense_Mutation");
        CHECK(e->alt && !strcmp(e->alt->alteration, "L858R"));
        CHECK_INT(e->oncogenicity, ONC_ONCOGENIC);
    }
    for (size_t i = 0; i < p->n_events; i++)
        if (p->events[i].protein_change && !strcmp(p->events[i].protein_change, "p.E746_A750del"))
            CHECK_STR(p->events[i].variant_classification, "In_Frame_Del");
    if ((e = event(p, "STK11", MATCH_CAT_MUTATION))) CHECK_STR(e->variant_classification, "Frame_Shift_Del");
    if ((e = event(p, "MET", MATCH_CAT_CNV))) CHECK_STR(e->cnv_call, "High level amplification");
    if ((e = event(p, "CDKN2A", MATCH_CAT_CNV))) CHECK_STR(e->cnv_call, "Homozygous deletion");
    if ((e = event(p, "ERBB2", MATCH_CAT_CNV))) CHECK_STR(e->cnv_call, "Gain");
    if ((e = event(p, "PTEN", MATCH_CAT_CNV))) CHECK_STR(e->cnv_call, "Heterozygous deletion");
    if ((e = event(p, "EML4", MATCH_CAT_SV))) {
        CHECK(e->structured_sv);
        CHECK_STR(e->left_partner, "EML4");
        CHECK_STR(e->right_partner, "ALK");
    }
    if ((e = event(p, "ROS1", MATCH_CAT_SV))) { /* partner unknown: not intergenic */
        CHECK(!e->structured_sv);
        CHECK_STR(e->sv_comment, "ROS1 rearrangement");
    }
    e = &p->events[p->n_events - 1];
    CHECK_INT(e->category, MATCH_CAT_SIGNATURE);
    CHECK_STR(e->mmr_status, "Deficient (MMR-D / MSI-H)");
out:
    release(&f);
}

static void coverage_from_the_assays(void)
{
    fixture_t f;
    CHECK(build(full_case, &f));
    if (f.p) {
        CHECK_INT(match_patient_tested(f.p, "EGFR", ONC_COVER_MUTATION), ONC_TRI_TRUE);
        CHECK_INT(match_patient_tested(f.p, "TP53", ONC_COVER_MUTATION), ONC_TRI_FALSE); /* listed panel */
    }
    release(&f);
    /* two samples: one lists EGFR only, the other does not say what it covered */
    CHECK(build("{\"case_format\": 1, \"id\": \"P2\", \"sex\": \"female\", \"samples\": ["
                " {\"id\": \"s1\", \"molecular\": {\"assay\": {\"name\": \"a\", \"genes\": [\"EGFR\"]}}},"
                " {\"id\": \"s2\", \"molecular\": {\"variants\": [{\"gene\": \"KRAS\", \"protein_change\": \"G12C\"}]}}]}",
                &f));
    if (f.p) {
        CHECK_STR(f.p->gender, "Female");
        CHECK_INT(match_patient_tested(f.p, "EGFR", ONC_COVER_MUTATION), ONC_TRI_TRUE);
        CHECK_INT(match_patient_tested(f.p, "TP53", ONC_COVER_MUTATION), ONC_TRI_UNKNOWN);
        CHECK(f.p->tumor_type == NULL && f.p->diagnosis_name == NULL);
        CHECK(f.p->mmr_status == NULL);
        CHECK_INT(f.p->n_events, 1); /* KRAS G12C; no MSI result, so no MMR event */
    }
    release(&f);
    /* nothing sequenced */
    CHECK(build("{\"case_format\": 1, \"id\": \"P3\", \"age\": 70}", &f));
    if (f.p) {
        CHECK_INT(f.p->sequenced, ONC_TRI_FALSE);
        CHECK_INT(f.p->age, 70);
        CHECK(onc_date_is_missing(f.p->birth_date));
        CHECK_INT(match_patient_tested(f.p, "EGFR", ONC_COVER_MUTATION), ONC_TRI_FALSE);
        CHECK_INT(f.p->n_events, 0);
    }
    release(&f);
}

static const char *vc(const char *consequence, const char *ref, const char *alt, const char *hgvsc)
{
    onc_alt_t a;
    onc_alt_init(&a);
    a.consequence = consequence;
    a.ref = ref;
    a.alt = alt;
    a.hgvsc = hgvsc;
    return match_maf_classification(&a);
}

static void maf_terms_as_vcf2maf_writes_them(void)
{
    CHECK_STR(vc("missense_variant", NULL, NULL, NULL), "Missense_Mutation");
    CHECK_STR(vc("splice_region_variant&missense_variant", NULL, NULL, NULL), "Missense_Mutation"); /* 6 beats 9 */
    CHECK_STR(vc("splice_region_variant&intron_variant", NULL, NULL, NULL), "Splice_Region");        /* 9 beats 14 */
    CHECK_STR(vc("stop_gained", NULL, NULL, NULL), "Nonsense_Mutation");
    CHECK_STR(vc("splice_donor_variant", NULL, NULL, NULL), "Splice_Site");
    CHECK_STR(vc("start_lost", NULL, NULL, NULL), "Translation_Start_Site");
    CHECK_STR(vc("disruptive_inframe_deletion", NULL, NULL, NULL), "In_Frame_Del");
    CHECK_STR(vc("synonymous_variant", NULL, NULL, NULL), "Silent");
    CHECK_STR(vc("frameshift_variant", "AT", "A", NULL), "Frame_Shift_Del");
    CHECK_STR(vc("frameshift_variant", "A", "AT", NULL), "Frame_Shift_Ins");
    CHECK_STR(vc("frameshift_variant", NULL, NULL, "c.2300_2301dup"), "Frame_Shift_Ins");
    CHECK(vc("frameshift_variant", NULL, NULL, NULL) == NULL); /* insertion or deletion unknown */
    CHECK_STR(vc("protein_altering_variant", "A", "AGGG", NULL), "In_Frame_Ins");
    CHECK_STR(vc("protein_altering_variant", "AGG", "A", NULL), "Frame_Shift_Del");
    CHECK_STR(vc("In_Frame_Del", NULL, NULL, NULL), "In_Frame_Del"); /* a MAF term is kept */
    CHECK(vc("made_up_variant", NULL, NULL, NULL) == NULL);
    CHECK(vc(NULL, NULL, NULL, NULL) == NULL);
}

int main(void)
{
    onc_err_t err = {0};
    tree = onc_oncotree_load(NULL, &err);
    kb = onc_kb_load(NULL, &err);
    genes = onc_genes_load(NULL, &err);
    if (!tree || !kb || !genes) fprintf(stderr, "kb: %s\n", err.msg);
    RUN(clinical_fields_from_the_case);
    RUN(one_event_per_alteration);
    RUN(coverage_from_the_assays);
    RUN(maf_terms_as_vcf2maf_writes_them);
    onc_oncotree_free(tree);
    onc_kb_free(kb);
    onc_genes_free(genes);
    CHECK_EXIT();
}
