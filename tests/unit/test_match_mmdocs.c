/* test_match_mmdocs.c: MatchMiner's clinical and genomic documents as patients
 * (onc_matchminer_load).
 *
 * tests/data/matchminer/ holds small documents written for these tests; the expected values
 * are read by hand from them. The MatchMiner data in ../shared/data (SKIP without it) is
 * checked against the counts its README states (v2.2.3 seed data: 130 patients, 448 genomic
 * documents of which 310 MUTATION, 80 CNV, 32 SIGNATURE, 26 SV; 28 deceased; TMB 40 / 10 / 16
 * for the three TMB samples), against the loader assertions of MatchMiner's
 * test_matchengine_load.py (clinical JSON 1, JSON directory 2, CSV 2; genomic documents linked
 * by SAMPLE_ID), and against counts taken from the V1 example CSVs with Python's csv module
 * (19 clinical rows, 6 deceased; 59 genomic rows, 3 of them for a clinical row).
 */
#include "check.h"

#include "match/match_patient.h"
#include "oncoboard/kb.h"
#include "oncoboard/match.h"

#include <unistd.h>

static onc_oncotree_t *tree;
static onc_kb_t *kb;
static onc_genes_t *genes;

static onc_match_ctx_t ctx(void)
{
    onc_match_ctx_t c = {tree, kb, genes};
    return c;
}

static const onc_match_patient_t *by_id(const onc_match_cohort_t *m, const char *id)
{
    for (size_t i = 0; i < onc_match_cohort_size(m); i++)
        if (!strcmp(onc_match_patient_id(onc_match_cohort_at(m, i)), id)) return onc_match_cohort_at(m, i);
    fprintf(stderr, "no patient %s\n", id);
    check_failed = 1;
    return NULL;
}

static bool date_is(onc_date_t d, int y, int m, int day) { return d.year == y && d.month == m && d.day == day; }

static onc_match_cohort_t *load(const char *clinical, const char *genomic, onc_err_t *err)
{
    onc_match_ctx_t c = ctx();
    onc_match_cohort_t *m = NULL;
    if (onc_matchminer_load(clinical, genomic, &c, &m, err) != ONC_OK) return NULL;
    return m;
}

static void own_fixture_clinical_fields(void)
{
    onc_err_t err = {0};
    onc_match_cohort_t *m = load("tests/data/matchminer/clinical.csv", "tests/data/matchminer/genomic.ndjson", &err);
    CHECK(m != NULL);
    if (!m) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    CHECK_INT(onc_match_cohort_size(m), 3);
    const onc_match_patient_t *s1 = by_id(m, "S1"), *s2 = by_id(m, "S2"), *s3 = by_id(m, "S3");
    if (!s1 || !s2 || !s3) goto out;
    CHECK_STR(s1->mrn, "100");
    CHECK_STR(s1->gender, "Male");
    CHECK(date_is(s1->birth_date, 1960, 2, 29));
    CHECK_INT(s1->deceased, ONC_TRI_FALSE);
    CHECK_STR(s1->diagnosis_name, "Lung Adenocarcinoma");
    CHECK(s1->tumor_type && !strcmp(onc_tumor_type_code(s1->tumor_type), "LUAD"));
    CHECK_NEAR(s1->tmb, 12.5, 1e-9);
    CHECK_STR(s1->mmr_status, "Deficient (MMR-D / MSI-H)");
    CHECK_INT(s1->sequenced, ONC_TRI_TRUE);
    CHECK(date_is(s2->birth_date, 1955, 6, 18)); /* written with a time of day */
    CHECK_INT(s2->deceased, ONC_TRI_TRUE);
    CHECK(s2->tumor_type && !strcmp(onc_tumor_type_code(s2->tumor_type), "NSCLC"));
    CHECK(isnan(s2->tmb));
    CHECK(s2->mmr_status == NULL);
    CHECK_STR(s3->diagnosis_name, "Adenocarcinoma, NOS"); /* a quoted comma */
    CHECK(onc_date_is_missing(s3->birth_date));
    CHECK_INT(s3->deceased, ONC_TRI_UNKNOWN);
    CHECK_INT(s3->n_events, 0);
    CHECK_INT(s3->sequenced, ONC_TRI_UNKNOWN); /* no report date, no genomic document */
    CHECK_INT(match_patient_tested(s1, "EGFR", ONC_COVER_MUTATION), ONC_TRI_UNKNOWN);
    onc_match_cohort_assume_tested(m, true);
    CHECK_INT(match_patient_tested(s1, "EGFR", ONC_COVER_MUTATION), ONC_TRI_TRUE);
out:
    onc_match_cohort_free(m);
}

static void own_fixture_events(void)
{
    onc_err_t err = {0};
    onc_match_cohort_t *m = load("tests/data/matchminer/clinical.csv", "tests/data/matchminer/genomic.ndjson", &err);
    CHECK(m != NULL);
    if (!m) return;
    const onc_match_patient_t *s1 = by_id(m, "S1"), *s2 = by_id(m, "S2");
    if (!s1 || !s2) goto out;
    CHECK_INT(s1->n_events, 2);
    CHECK_INT(s2->n_events, 6);
    if (s1->n_events != 2 || s2->n_events != 6) goto out;
    const match_event_t *kras = &s1->events[0], *egfr = &s1->events[1];
    CHECK_STR(kras->id, "g1");
    CHECK_INT(kras->category, MATCH_CAT_MUTATION);
    CHECK_STR(kras->gene, "KRAS");
    CHECK_STR(kras->protein_change, "p.G12V");
    CHECK_STR(kras->variant_classification, "Missense_Mutation");
    CHECK_INT(kras->exon, 2);
    CHECK(!kras->exon_is_text);
    CHECK_INT(kras->tier, 1);
    CHECK(kras->alt && kras->alt->kind == ONC_KIND_MUTATION);
    if (kras->alt) CHECK_STR(kras->alt->alteration, "G12V");
    CHECK_INT(kras->oncogenicity, ONC_ONCOGENIC); /* kb/evidence/KRAS.yaml: G12V Oncogenic */
    CHECK_STR(egfr->gene, "EGFR");                 /* HARMONIZED_ names */
    CHECK_INT(egfr->exon, 19);
    CHECK(egfr->exon_is_text); /* "19": a string in the document */
    if (egfr->alt) CHECK_STR(egfr->alt->alteration, "E746_A750del");
    const match_event_t *e = s2->events;
    CHECK_INT(e[0].category, MATCH_CAT_CNV);
    CHECK_STR(e[0].cnv_call, "High level amplification");
    CHECK(e[0].alt && e[0].alt->kind == ONC_KIND_AMPLIFICATION);
    CHECK_INT(e[1].category, MATCH_CAT_SV);
    CHECK(e[1].structured_sv);
    CHECK_STR(e[1].left_partner, "EML4");
    CHECK_STR(e[1].right_partner, "ALK");
    CHECK_STR(e[1].sv_type, "Translocation");
    CHECK(e[1].alt && e[1].alt->kind == ONC_KIND_FUSION);
    if (e[1].alt) CHECK_STR(e[1].alt->alteration, "EML4-ALK Fusion");
    CHECK(e[2].structured_sv); /* right partner null: intergenic */
    CHECK(e[2].right_partner == NULL);
    CHECK(!e[3].structured_sv);
    CHECK_STR(e[3].sv_comment, "ALK rearranged");
    CHECK(e[3].alt == NULL);
    CHECK_INT(e[4].category, MATCH_CAT_SIGNATURE);
    CHECK_STR(e[4].signature[MATCH_SIG_TOBACCO], "Yes"); /* v2.1's TABACCO_STATUS */
    CHECK_STR(e[4].mmr_status, "Proficient (MMR-P / MSS)");
    CHECK_INT(e[5].category, MATCH_CAT_WT);
    CHECK_INT(e[5].wildtype, ONC_TRI_TRUE);
    /* the TP53 document of sample NOBODY (line 10; the second document spans lines 2-3) */
    CHECK_INT(onc_match_cohort_n_skipped(m), 1);
    CHECK_INT(onc_match_cohort_n_warnings(m), 1);
    const char *w = onc_match_cohort_warning(m, 0);
    CHECK(w && strstr(w, "genomic.ndjson:10: field SAMPLE_ID") && strstr(w, "NOBODY"));
out:
    onc_match_cohort_free(m);
}

/* Writes text to a temporary file named with suffix; path in buf. */
static bool temp_file(const char *text, const char *suffix, char *buf, size_t n)
{
    snprintf(buf, n, "/tmp/test_mmdocs_XXXXXX%s", suffix);
    int fd = mkstemps(buf, (int)strlen(suffix));
    if (fd < 0) return false;
    bool ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    close(fd);
    return ok;
}

/* Loading text (as clinical, or as genomic beside the own clinical.csv) fails with a message
 * holding want. */
static void fails_with(const char *text, const char *suffix, bool genomic, const char *want)
{
    char path[64];
    if (!temp_file(text, suffix, path, sizeof path)) {
        CHECK(!"temp file");
        return;
    }
    onc_err_t err = {0};
    onc_match_cohort_t *m = genomic ? load("tests/data/matchminer/clinical.csv", path, &err) : load(path, NULL, &err);
    CHECK(m == NULL);
    onc_match_cohort_free(m);
    if (!strstr(err.msg, want)) fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.msg, want);
    CHECK(strstr(err.msg, want) != NULL);
    unlink(path);
}

static void errors_name_file_line_and_field(void)
{
    fails_with("{\"SAMPLE_ID\": \"A\"}\n{\"MRN\": \"7\"}\n", ".json", false, ":2: field SAMPLE_ID: missing");
    fails_with("[\n {\"SAMPLE_ID\": \"A\",\n  \"BIRTH_DATE\": \"1990-02-30\"}\n]\n", ".json", false,
               ":3: field BIRTH_DATE: expected a date");
    fails_with("{\"SAMPLE_ID\": \"A\"}\n{\"SAMPLE_ID\": \"B\"}\n{\"SAMPLE_ID\": \"C\",, }\n", ".json", false, ":3:");
    fails_with("SAMPLE_ID,GENDER\nA,Male\nA,Female\n", ".csv", false, ":3: field SAMPLE_ID: \"A\" again");
    fails_with("SAMPLE_ID,GENDER,SAMPLE_ID\nA,Male,B\n", ".csv", false, ":1: field SAMPLE_ID: column named twice");
    fails_with("SAMPLE_ID,GENDER\nA,Male\nB\n", ".csv", false, ":3: 1 cells, the header has 2");
    fails_with("SAMPLE_ID,GENDER\nA,\"Male\nB,Female\n", ".csv", false, ":2: a quoted cell is not closed");
    fails_with("SAMPLE_ID,TUMOR_MUTATIONAL_BURDEN_PER_MEGABASE\nA,high\n", ".csv", false,
               ":2: field TUMOR_MUTATIONAL_BURDEN_PER_MEGABASE: expected a number");
    fails_with("{\"SAMPLE_ID\": \"S1\", \"WILDTYPE\": \"maybe\"}\n", ".json", true, ":1: field WILDTYPE");
    fails_with("{\"SAMPLE_ID\": \"S1\"}\n\n{\"SAMPLE_ID\": {\"nested\": 1}}\n", ".json", true, ":3: field SAMPLE_ID: expected text");
    fails_with("{\"VARIANT_CATEGORY\": \"CNV\"}\n", ".json", true, ":1: field CLINICAL_ID: missing");
}

/* pandas' to_csv writes its index as a first column without a name: ignored. */
static void csv_index_column_ignored(void)
{
    char path[64];
    if (!temp_file(",SAMPLE_ID,GENDER\n0,A,Female\n1,B,Male\n", ".csv", path, sizeof path)) return;
    onc_err_t err = {0};
    onc_match_cohort_t *m = load(path, NULL, &err);
    CHECK(m && onc_match_cohort_size(m) == 2);
    if (m) CHECK_STR(onc_match_cohort_at(m, 1)->gender, "Male");
    onc_match_cohort_free(m);
    unlink(path);
}

static void extended_json_values(void)
{
    char path[64];
    const char *text = "{\"_id\": {\"$oid\": \"abc\"}, \"SAMPLE_ID\": \"A\","
                       " \"BIRTH_DATE\": {\"$date\": -86400000}, \"REPORT_DATE\": {\"$date\": \"2019-03-04T10:00:00Z\"},"
                       " \"TUMOR_MUTATIONAL_BURDEN_PER_MEGABASE\": {\"$numberDouble\": \"7.5\"}}\n";
    if (!temp_file(text, ".json", path, sizeof path)) return;
    onc_err_t err = {0};
    onc_match_cohort_t *m = load(path, NULL, &err);
    CHECK(m != NULL);
    const onc_match_patient_t *p = m ? onc_match_cohort_at(m, 0) : NULL;
    if (p) {
        CHECK_STR(p->clinical_id, "abc");
        CHECK(date_is(p->birth_date, 1969, 12, 31)); /* one day before the epoch */
        CHECK(date_is(p->report_date, 2019, 3, 4));
        CHECK_NEAR(p->tmb, 7.5, 1e-12);
    }
    onc_match_cohort_free(m);
    unlink(path);
}

/* Loads two files under ../shared/data/matchminer/DIR; NULL (and *absent set) when they are
 * not there. */
static onc_match_cohort_t *load_shared(const char *dir, const char *clinical, const char *genomic, bool *absent)
{
    char c[4096], g[4096], rel[512];
    snprintf(rel, sizeof rel, "matchminer/%s/%s", dir, clinical);
    const char *p = shared_data(rel);
    *absent = !p;
    if (!p) return NULL;
    snprintf(c, sizeof c, "%s", p);
    snprintf(rel, sizeof rel, "matchminer/%s/%s", dir, genomic);
    p = shared_data(rel);
    snprintf(g, sizeof g, "%s", p ? p : "(absent)");
    onc_err_t err = {0};
    onc_match_cohort_t *m = load(c, g, &err);
    if (!m) fprintf(stderr, "%s\n", err.msg);
    CHECK(m != NULL);
    return m;
}

static void seed_data_v2_2_3(void)
{
    bool absent;
    onc_match_cohort_t *m = load_shared("ctims-matchminer-engine/matchengine/tests/seed_data", "clinical.ejson",
                                        "genomic.ejson", &absent);
    if (absent) SKIP("needs ../shared/data/matchminer");
    if (!m) return;
    CHECK_INT(onc_match_cohort_size(m), 130);
    size_t events = 0, deceased = 0, per_cat[6] = {0};
    for (size_t i = 0; i < onc_match_cohort_size(m); i++) {
        const onc_match_patient_t *p = onc_match_cohort_at(m, i);
        events += p->n_events;
        deceased += p->deceased == ONC_TRI_TRUE;
        for (size_t k = 0; k < p->n_events; k++) per_cat[p->events[k].category]++;
    }
    CHECK_INT(events, 448);
    CHECK_INT(per_cat[MATCH_CAT_MUTATION], 310);
    CHECK_INT(per_cat[MATCH_CAT_CNV], 80);
    CHECK_INT(per_cat[MATCH_CAT_SIGNATURE], 32);
    CHECK_INT(per_cat[MATCH_CAT_SV], 26);
    CHECK_INT(deceased, 28);
    CHECK_INT(onc_match_cohort_n_skipped(m), 0);
    const char *tmb_ids[3] = {"1d2799df4446699a8ddeeee", "4d2799df4446630a8dd068dd", "1d2799df4446699a8dd068ee"};
    const double tmb[3] = {40, 10, 16};
    for (int i = 0; i < 3; i++) {
        const onc_match_patient_t *p = by_id(m, tmb_ids[i]);
        CHECK(p && fabs(p->tmb - tmb[i]) < 1e-9);
    }
    /* the first clinical document: BIRTH_DATE_INT 19801125.0, REPORT_DATE 978307200000 ms */
    const onc_match_patient_t *p = onc_match_cohort_at(m, 0);
    CHECK_STR(p->id, "5d2799126756630d8dd061b7");
    CHECK(date_is(p->birth_date, 1980, 11, 25));
    CHECK(date_is(p->report_date, 2001, 1, 1));
    /* README: sample 5d2799da6756630d8dd066a6 was born 1955-06-18 */
    p = by_id(m, "5d2799da6756630d8dd066a6");
    CHECK(p && date_is(p->birth_date, 1955, 6, 18));
    /* the TMB-40 sample (its _id differs from its SAMPLE_ID) holds the unstructured SV */
    p = by_id(m, "1d2799df4446699a8ddeeee");
    bool comment = false;
    for (size_t k = 0; p && k < p->n_events; k++)
        comment |= p->events[k].sv_comment && !strcmp(p->events[k].sv_comment, "A fake comment EGFR") &&
                   !p->events[k].structured_sv;
    CHECK(comment);
    onc_match_cohort_free(m);
}

static void v2_toy_loaders(void)
{
    const char *base = shared_data("matchminer/matchengine-V2/matchengine/tests/data/clinical_csv/test_patients.csv");
    if (!base) SKIP("needs ../shared/data/matchminer");
    char dir[4096], cl[4200], gen[4200];
    snprintf(dir, sizeof dir, "%.*s", (int)(strlen(base) - strlen("clinical_csv/test_patients.csv")), base);
    onc_err_t err = {0};
    snprintf(cl, sizeof cl, "%sclinical_json/test_patient_1.json", dir);
    onc_match_cohort_t *m = load(cl, NULL, &err);
    CHECK(m && onc_match_cohort_size(m) == 1);
    if (m) CHECK(date_is(onc_match_cohort_at(m, 0)->birth_date, 2019, 10, 27));
    onc_match_cohort_free(m);
    snprintf(cl, sizeof cl, "%sclinical_json", dir);
    snprintf(gen, sizeof gen, "%sgenomic_json", dir);
    m = load(cl, gen, &err);
    CHECK(m && onc_match_cohort_size(m) == 2);
    for (size_t i = 0; m && i < 2; i++) CHECK_INT(onc_match_cohort_at(m, i)->n_events, 1); /* by SAMPLE_ID */
    onc_match_cohort_free(m);
    snprintf(cl, sizeof cl, "%sclinical_csv/test_patients.csv", dir);
    snprintf(gen, sizeof gen, "%sgenomic_csv/test_patients.csv", dir);
    m = load(cl, gen, &err);
    CHECK(m && onc_match_cohort_size(m) == 2);
    if (m) {
        const onc_match_patient_t *p = by_id(m, "22-33-4444");
        CHECK(p && date_is(p->birth_date, 1900, 10, 27) && p->n_events == 1);
    }
    onc_match_cohort_free(m);
}

static void v1_example_csvs(void)
{
    bool absent;
    onc_match_cohort_t *m = load_shared("matchminer-engine-v1/examples", "clinical.example.csv", "genomic.example.csv", &absent);
    if (absent) SKIP("needs ../shared/data/matchminer");
    if (!m) return;
    CHECK_INT(onc_match_cohort_size(m), 19);
    size_t events = 0, deceased = 0;
    for (size_t i = 0; i < onc_match_cohort_size(m); i++) {
        events += onc_match_cohort_at(m, i)->n_events;
        deceased += onc_match_cohort_at(m, i)->deceased == ONC_TRI_TRUE;
    }
    CHECK_INT(events, 3);
    CHECK_INT(deceased, 6);
    CHECK_INT(onc_match_cohort_n_skipped(m), 56);
    const onc_match_patient_t *p = by_id(m, "BRCA-METABRIC-S1-MB-0506");
    if (p && p->n_events == 3) { /* all three joined rows are this sample's (one twice) */
        /* the row: PIK3CA,p.H1047R,Missense_Mutation,MUTATION,,false,...,8,...,3 */
        CHECK_STR(p->events[0].gene, "PIK3CA");
        CHECK_INT(p->events[0].exon, 8);
        CHECK(!p->events[0].exon_is_text); /* CSV cells have no type */
        CHECK_INT(p->events[0].wildtype, ONC_TRI_FALSE);
        CHECK_INT(p->events[0].tier, 3);
        CHECK_STR(p->events[2].gene, "TP53");
        CHECK_INT(p->events[2].tier, 2);
    } else {
        CHECK(!"BRCA-METABRIC-S1-MB-0506 with three events");
    }
    onc_match_cohort_free(m);
}

int main(void)
{
    onc_err_t err = {0};
    tree = onc_oncotree_load(NULL, &err);
    kb = onc_kb_load(NULL, &err);
    genes = onc_genes_load(NULL, &err);
    if (!tree || !kb || !genes) fprintf(stderr, "kb: %s\n", err.msg);
    RUN(own_fixture_clinical_fields);
    RUN(own_fixture_events);
    RUN(errors_name_file_line_and_field);
    RUN(csv_index_column_ignored);
    RUN(extended_json_values);
    RUN(seed_data_v2_2_3);
    RUN(v2_toy_loaders);
    RUN(v1_example_csvs);
    onc_oncotree_free(tree);
    onc_kb_free(kb);
    onc_genes_free(genes);
    CHECK_EXIT();
}
