/* test_case.c: the case model and the case file reader (docs/case-format.md).
 * Fixtures are in tests/data/case (synthetic patients); the expected values below are read off
 * those files and the format, by hand. */
#include "check.h"
#include "oncoboard/case.h"
#include "oncoboard/gene.h"
#include "oncoboard/io.h"
#include "oncoboard/oncotree.h"

#include <math.h>
#include <stdint.h>
#include <unistd.h>

#define DATA "tests/data/case/"

static onc_case_t *load(const char *path)
{
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    if (onc_case_load(path, NULL, &c, &e) != ONC_OK) fprintf(stderr, "load %s: %s\n", path, e.msg);
    return c;
}

/* Parses text as a case named "t.json"; returns the error message ("" when it loaded). */
static const char *parse_error(const char *text)
{
    static onc_err_t e;
    memset(&e, 0, sizeof e);
    onc_case_t *c = NULL;
    if (onc_case_parse(text, strlen(text), "t.json", NULL, NULL, &c, &e) == ONC_OK) {
        onc_case_free(c);
        return "";
    }
    return e.msg;
}

#define CHECK_ERR(text, want)                                                                      \
    do {                                                                                           \
        const char *m_ = parse_error(text);                                                        \
        if (!strstr(m_, want)) {                                                                   \
            fprintf(stderr, "%s:%d: error for %s is \"%s\", expected it to contain \"%s\"\n",     \
                    __FILE__, __LINE__, text, m_, want);                                           \
            check_failed = 1;                                                                      \
        }                                                                                          \
    } while (0)

static void dates_are_checked(void)
{
    onc_date_t d;
    onc_err_t e = {0};
    CHECK_INT(onc_date_parse("2024-02-29", &d, &e), ONC_OK); /* 2024 is a leap year */
    CHECK_INT(d.year * 10000 + d.month * 100 + d.day, 20240229);
    CHECK_INT(onc_date_parse("2000-02-29", &d, &e), ONC_OK); /* divisible by 400 */
    CHECK_INT(onc_date_parse("1900-02-29", &d, &e), ONC_EPARSE); /* by 100, not 400 */
    CHECK_STR(e.msg, "day 29 is out of range for 1900-02 (01-28)");
    CHECK_INT(onc_date_parse("2026-04-31", &d, &e), ONC_EPARSE);
    CHECK_INT(onc_date_parse("2026-13-01", &d, &e), ONC_EPARSE);
    CHECK_STR(e.msg, "month 13 is out of range (01-12)");
    CHECK_INT(onc_date_parse("2026-1-01", &d, &e), ONC_EPARSE);
    CHECK_INT(onc_date_parse("2026-01-011", &d, &e), ONC_EPARSE);
    CHECK_INT(onc_date_parse("01/02/2026", &d, &e), ONC_EPARSE);
    CHECK_INT(onc_date_parse("2026-00-10", &d, &e), ONC_EPARSE);
    CHECK_INT(onc_date_parse("", &d, &e), ONC_EPARSE);
    /* 1970-01-01 is day 0; 2000-03-01: 30 years of 365 days, 7 leap days (1972..1996), then
     * January (31) and February 2000 (29) = 11017. */
    CHECK_INT(onc_date_days((onc_date_t){1970, 1, 1}), 0);
    CHECK_INT(onc_date_days((onc_date_t){2000, 3, 1}), 11017);
    CHECK_INT(onc_date_days((onc_date_t){1969, 12, 31}), -1);
    CHECK_INT(onc_date_days((onc_date_t){0, 0, 0}), ONC_INT_MISSING);
    char buf[11];
    CHECK_STR(onc_date_format((onc_date_t){2026, 2, 1}, buf), "2026-02-01");
    CHECK_STR(onc_date_format((onc_date_t){0, 0, 0}, buf), "");
}

static void full_case_is_typed(void)
{
    onc_case_t *c = load(DATA "full.json");
    CHECK(c != NULL);
    if (!c) return;
    CHECK_STR(c->id, "SYN-FULL-01");
    CHECK_INT(c->case_format, 1);
    CHECK_INT(c->sex, ONC_SEX_FEMALE);
    CHECK_INT(c->birth_date.year * 10000 + c->birth_date.month * 100 + c->birth_date.day, 19580314);
    CHECK_INT(c->age, 67);
    CHECK_INT(c->smoking, ONC_SMOKING_NEVER);
    CHECK_INT(c->ecog, 1);
    CHECK_INT(c->consent_research, ONC_TRI_TRUE);
    CHECK_INT(c->outcome.vital_status, ONC_VITAL_ALIVE);
    CHECK(onc_date_is_missing(c->outcome.death_date));
    CHECK_INT(onc_date_days(c->outcome.last_follow_up) - onc_date_days(c->diagnosis.date), 42); /* 2026-02-01 .. 03-15 */
    CHECK_STR(c->diagnosis.oncotree_code, "LUAD");
    CHECK_STR(c->diagnosis.stage, "IVA");
    CHECK_INT(c->diagnosis.date.day, 1);
    CHECK_INT(c->diagnosis.brain_metastases, ONC_BRAIN_METS_NONE);
    CHECK_INT(c->diagnosis.measurable_disease, ONC_TRI_TRUE);
    const onc_biomarkers_t *b = &c->biomarkers;
    CHECK_NEAR(b->pdl1_tps, 60, 0);
    CHECK(isnan(b->pdl1_cps)); /* null: not measured, not 0 */
    CHECK_INT(b->pdl1_clone, ONC_PDL1_CLONE_22C3);
    CHECK_NEAR(b->tmb, 8.2, 1e-12);
    CHECK_INT(b->msi, ONC_MSI_MSS);
    CHECK_INT(b->n_ihc, 3);
    if (b->n_ihc == 3) {
        CHECK_STR(b->ihc[0].marker, "ALK");
        CHECK_INT(b->ihc[0].result, ONC_IHC_POSITIVE);
        CHECK_STR(b->ihc[0].clone, "D5F3");
        CHECK_STR(b->ihc[1].score, "3+");
        CHECK_INT(b->ihc[1].result, ONC_IHC_UNKNOWN);
        CHECK_NEAR(b->ihc[2].percent, 60, 0);
        CHECK_STR(b->ihc[2].intensity, "3+");
        CHECK(isnan(b->ihc[0].percent));
    }
    CHECK_INT(c->n_labs, 1);
    if (c->n_labs) {
        CHECK_STR(c->labs[0].name, "creatinine");
        CHECK_NEAR(c->labs[0].value, 1.1, 1e-12);
        CHECK_NEAR(c->labs[0].uln, 1.2, 1e-12);
        CHECK_STR(c->labs[0].unit, "mg/dL");
    }
    CHECK_INT(c->n_therapies, 1);
    if (c->n_therapies) {
        const onc_therapy_t *t = &c->therapies[0];
        CHECK_INT(t->line, 1);
        CHECK_INT(t->n_agents, 1);
        if (t->n_agents) CHECK_STR(t->agents[0], "osimertinib"); /* lower-cased */
        CHECK_INT(t->best_response, ONC_RECIST_PR);
        CHECK_INT(t->progression, ONC_TRI_TRUE);
        CHECK_INT(t->progression_date.day, 5);
        CHECK_INT(t->end.year, 2026);
    }
    CHECK_INT(c->n_enrolments, 1);
    if (c->n_enrolments) {
        CHECK_STR(c->enrolments[0].trial, "NCT01234567");
        CHECK_STR(c->enrolments[0].arm, "A");
        CHECK_INT(c->enrolments[0].status, ONC_ENROL_ENROLLED);
        CHECK(c->enrolments[0].reason == NULL);
    }
    CHECK_INT(c->from_samples, 0);
    CHECK_INT(c->n_samples, 1);
    if (c->n_samples == 1) {
        const onc_sample_t *s = &c->samples[0];
        CHECK_STR(s->id, "SYN-FULL-01"); /* the one-sample form is named by the case */
        CHECK_INT(s->type, ONC_SPECIMEN_TISSUE);
        const onc_molecular_t *m = &s->molecular;
        CHECK_STR(m->genome, "GRCh38");
        CHECK_STR(m->assay.name, "lung panel v2");
        CHECK_INT(m->assay.method, ONC_METHOD_DNA_RNA);
        CHECK_INT(m->assay.n_genes, 3);
        CHECK_INT(m->assay.n_coverage, 2);
        if (m->assay.n_coverage == 2) {
            CHECK_INT(m->assay.coverage[0].types, ONC_COVER_FUSION);
            CHECK_INT(m->assay.coverage[1].types, ONC_COVER_FUSION | ONC_COVER_CNA);
        }
        CHECK_NEAR(m->assay.size_mb, 1.2, 1e-12);
        CHECK_INT(m->n_variants, 3);
        if (m->n_variants == 3) {
            CHECK_STR(m->variants[0].protein_change, "p.L858R");
            CHECK_NEAR(m->variants[0].vaf, 0.32, 1e-12);
            CHECK_INT(m->variants[0].depth, 412);
            CHECK_INT(m->variants[0].line, 32);
            CHECK_STR(m->variants[1].coding_change, "c.3028+1G>T");
            CHECK(isnan(m->variants[1].vaf));
            CHECK_INT(m->variants[1].depth, ONC_INT_MISSING);
            CHECK_INT(m->variants[2].pos, 55191822);
            CHECK_STR(m->variants[2].ref, "T"); /* upper-cased */
            CHECK_INT(m->variants[2].line, 34);
        }
        CHECK_INT(m->n_fusions, 1);
        CHECK_INT(m->n_copy_number, 2);
        if (m->n_copy_number == 2) {
            CHECK_INT(m->copy_number[0].call, ONC_KIND_AMPLIFICATION);
            CHECK_NEAR(m->copy_number[0].copies, 14, 0);
            CHECK_INT(m->copy_number[1].call, ONC_KIND_DELETION);
            CHECK(isnan(m->copy_number[1].copies));
        }
    }
    CHECK_INT(c->n_warnings, 1);
    if (c->n_warnings) CHECK_STR(c->warnings[0], DATA "full.json:5: field comment: unknown field, kept and ignored");
    CHECK(c->text_len > 0 && c->text[0] == '{');
    onc_case_free(c);
}

/* Absent and null are the same: missing, never 0, "" or negative. */
static void missing_is_never_zero(void)
{
    const char *files[] = {DATA "minimal.json", DATA "nulls.json"};
    for (int i = 0; i < 2; i++) {
        onc_case_t *c = load(files[i]);
        CHECK(c != NULL);
        if (!c) continue;
        CHECK_INT(c->sex, ONC_SEX_UNKNOWN);
        CHECK(onc_date_is_missing(c->birth_date));
        CHECK_INT(c->age, ONC_INT_MISSING);
        CHECK_INT(c->ecog, ONC_INT_MISSING);
        CHECK_INT(c->smoking, ONC_SMOKING_UNKNOWN);
        CHECK_INT(c->consent_research, ONC_TRI_UNKNOWN);
        CHECK(c->diagnosis.oncotree_code == NULL);
        CHECK_INT(c->diagnosis.measurable_disease, ONC_TRI_UNKNOWN);
        CHECK(isnan(c->biomarkers.pdl1_tps));
        CHECK(isnan(c->biomarkers.tmb));
        CHECK_INT(c->biomarkers.msi, ONC_MSI_UNKNOWN);
        CHECK_INT(c->n_labs + c->n_therapies + c->n_samples, 0);
        CHECK_INT(c->n_warnings, 0);
        onc_case_free(c);
    }
}

static void samples_form(void)
{
    onc_case_t *c = load(DATA "samples.json");
    CHECK(c != NULL);
    if (!c) return;
    CHECK_INT(c->from_samples, 1);
    CHECK_INT(c->n_samples, 3);
    if (c->n_samples == 3) {
        CHECK_STR(c->samples[0].id, "SYN-SAMPLES-01-T1");
        CHECK_INT(c->samples[0].collected.month, 2);
        CHECK_INT(c->samples[0].molecular.specimen, ONC_SPECIMEN_TISSUE); /* from the type */
        CHECK_INT(c->samples[1].type, ONC_SPECIMEN_PLASMA);                /* from the specimen */
        CHECK_INT(c->samples[1].molecular.n_copy_number, 2);
        CHECK(c->samples[1].molecular.genome == NULL);
        CHECK_INT(c->samples[2].has_molecular, 0); /* nothing tested: not "nothing found" */
    }
    onc_case_free(c);
}

/* What became of the patient: dates that contradict each other or the diagnosis are errors
 * naming the field. */
static void outcome_dates(void)
{
    const char *dx = "\"diagnosis\": {\"date\": \"2025-01-10\"}, ";
    char t[512];
    snprintf(t, sizeof t, "{\"id\": \"P\", %s\"outcome\": {\"vital_status\": \"dead\", \"death_date\": \"2025-09-01\"}}", dx);
    CHECK_STR(parse_error(t), ""); /* consistent: loads */
    snprintf(t, sizeof t, "{\"id\": \"P\", %s\"outcome\": {\"death_date\": \"2025-09-01\"}}", dx);
    CHECK_ERR(t, "field outcome.death_date: a death date needs \"vital_status\": \"dead\"");
    snprintf(t, sizeof t, "{\"id\": \"P\", %s\"outcome\": {\"vital_status\": \"dead\", \"death_date\": \"2024-12-31\"}}", dx);
    CHECK_ERR(t, "field outcome.death_date: the death date is before the diagnosis date");
    snprintf(t, sizeof t, "{\"id\": \"P\", %s\"outcome\": {\"last_follow_up\": \"2025-01-09\"}}", dx);
    CHECK_ERR(t, "field outcome.last_follow_up: the last follow-up is before the diagnosis date");
    CHECK_ERR("{\"id\": \"P\", \"outcome\": {\"vital_status\": \"dead\", \"death_date\": \"2025-09-01\", "
              "\"last_follow_up\": \"2025-09-02\"}}",
              "field outcome.last_follow_up: the last follow-up is after the death date");
    CHECK_ERR("{\"id\": \"P\", \"outcome\": {\"vital_status\": \"deceased\"}}",
              "field outcome.vital_status: expected one of alive, dead, got \"deceased\"");
}

static void type_and_value_errors_name_the_field(void)
{
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"variants\": [{\"gene\": \"EGFR\", \"protein_change\": \"L858R\"},\n"
              "{\"gene\": \"KRAS\", \"protein_change\": \"G12C\"},\n{\"gene\": \"X\", \"protein_change\": \"G12C\", \"vaf\": \"high\"}]}}",
              "t.json:3: field molecular.variants[2].vaf: expected a number between 0 and 1, got \"high\"");
    CHECK_ERR("{\"id\": \"P\", \"sex\": \"F\"}", "t.json:1: field sex: expected one of female, male, other, got \"F\"");
    CHECK_ERR("{\"id\": \"P\", \"biomarkers\": {\"msi\": \"high\"}}", "field biomarkers.msi: expected one of MSS, MSI-L, MSI-H, got \"high\"");
    CHECK_ERR("{\"id\": \"P\", \"biomarkers\": {\"pdl1_clone\": \"E1L3N\"}}", "expected one of 22C3, SP263, SP142, 28-8");
    CHECK_ERR("{\"id\": \"P\", \"biomarkers\": {\"pdl1_tps\": 101}}", "field biomarkers.pdl1_tps: expected a number between 0 and 100, got 101");
    CHECK_ERR("{\"id\": \"P\", \"biomarkers\": {\"tmb\": -1}}", "field biomarkers.tmb: expected a number between 0 and 10000, got -1");
    CHECK_ERR("{\"id\": \"P\", \"ecog\": 6}", "field ecog: expected a whole number between 0 and 5, got 6");
    CHECK_ERR("{\"id\": \"P\", \"ecog\": 1.5}", "field ecog: expected a whole number between 0 and 5, got 1.5");
    CHECK_ERR("{\"id\": \"P\", \"ecog\": \"1\"}", "got \"1\"");
    CHECK_ERR("{\"id\": \"P\", \"therapies\": [{\"best_response\": \"VGPR\"}]}", "field therapies[0].best_response: expected one of CR, PR, SD, PD, NE");
    CHECK_ERR("{\"id\": \"P\", \"enrolments\": [{\"trial\": \"NCT1\", \"status\": \"active\"}]}",
              "expected one of screening, enrolled, screen_failed, withdrawn");
    CHECK_ERR("{\"id\": \"P\", \"diagnosis\": {\"measurable_disease\": \"yes\"}}", "expected true or false");
    CHECK_ERR("{\"id\": \"P\", \"diagnosis\": {\"stage\": \"IVC\"}}", "field diagnosis.stage: expected one of occult, 0, I,");
    CHECK_ERR("{\"id\": \"P\", \"diagnosis\": {\"date\": \"2026-02-30\"}}", "field diagnosis.date: \"2026-02-30\": day 30 is out of range");
    CHECK_ERR("{\"id\": \"P\", \"labs\": {}}", "field labs: expected a list ([...]), got an object");
    CHECK_ERR("{\"id\": \"P\", \"labs\": [1]}", "field labs[0]: expected an object ({...}), got 1");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"genome\": \"hg19\"}}", "expected one of GRCh37, GRCh38, got \"hg19\"");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"copy_number\": [{\"gene\": \"MET\", \"call\": \"amp\"}]}}",
              "expected one of amplification, gain, loss, deletion");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"copy_number\": [{\"gene\": \"MET\"}]}}", "the required field \"call\" is missing");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"files\": [{\"path\": \"x.tsv\", \"type\": \"bed\"}]}}",
              "field molecular.files[0].type: expected one of vcf, maf, fusion, cna, segments");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"assay\": {\"coverage\": [{\"gene\": \"ALK\", \"types\": [\"rna\"]}]}}}",
              "field molecular.assay.coverage[0].types[0]: expected one of mutation, cna, fusion");
}

static void structural_errors(void)
{
    CHECK_ERR("{\"sex\": \"male\"}", "t.json:1: the required field \"id\" is missing");
    CHECK_ERR("{\"id\": \"\"}", "field id: empty string: write null");
    CHECK_ERR("{\"id\": \"P\", \"sex\": \"\"}", "field sex");
    CHECK_ERR("{\"id\": \"P\", \"case_format\": 2}", "field case_format: case_format 2 is not supported: this version reads case_format 1");
    CHECK_ERR("[1, 2]", "t.json:1: expected a case: a JSON object");
    CHECK_ERR("{\"id\": \"P\",\n  \"id\": \"Q\"}", "t.json:2:");
    CHECK_ERR("{\"id\": \"P\",\n  \"id\": \"Q\"}", "duplicate object key");
    CHECK_ERR("{\"id\": \"P\",\n\n   \"ecog\" 1}", "t.json:3:");
    CHECK_ERR("", "t.json:1:0: invalid JSON");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {}, \"samples\": []}", "both \"molecular\" and \"samples\" are given");
    CHECK_ERR("{\"id\": \"P\", \"samples\": [{\"id\": \"A\"}, {\"id\": \"A\"}]}", "field samples[1].id: \"A\" is already the id of samples[0]");
    CHECK_ERR("{\"id\": \"P\", \"samples\": [{\"collected\": \"2026-01-01\"}]}", "field samples[0]: the required field \"id\" is missing");
    CHECK_ERR("{\"id\": \"P\", \"samples\": [{\"id\": \"A\", \"type\": \"plasma\", \"molecular\": {\"specimen\": \"tissue\"}}]}",
              "field samples[0].molecular.specimen: \"tissue\" contradicts the sample's type \"plasma\"");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"variants\": [{\"chrom\": \"7\", \"pos\": 5}]}}",
              "genomic coordinates need chrom, pos, ref and alt (missing: ref, alt)");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"variants\": [{\"chrom\": \"7\", \"pos\": 5, \"ref\": \"A\", \"alt\": \"a\"}]}}",
              "ref and alt are the same allele");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"variants\": [{\"chrom\": \"7\", \"pos\": 5, \"ref\": \"A\", \"alt\": \"-\"}]}}",
              "expected VCF-style bases");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"variants\": [{\"protein_change\": \"L858R\"}]}}", "protein_change needs \"gene\"");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"variants\": [{\"gene\": \"EGFR\", \"vaf\": 0.1}]}}",
              "a variant needs protein_change, coding_change, or chrom, pos, ref and alt");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"variants\": [{\"gene\": \"EG FR\", \"protein_change\": \"L858R\"}]}}", "expected a gene symbol");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"fusions\": [{}]}}", "a fusion needs gene_a or gene_b");
    CHECK_ERR("{\"id\": \"P\", \"therapies\": [{\"start\": \"2024-03-01\", \"end\": \"2024-01-01\"}]}",
              "field therapies[0].end: 2024-01-01 is before start 2024-03-01");
    CHECK_ERR("{\"id\": \"P\", \"therapies\": [{\"progression\": false, \"progression_date\": \"2024-01-01\"}]}",
              "progression is false but a progression_date is given");
    CHECK_ERR("{\"id\": \"P\\u0001\"}", "control character 0x01");
    CHECK_ERR("{\"id\": \"P\", \"biomarkers\": {\"ihc\": [{\"result\": \"positive\"}]}}", "the required field \"marker\" is missing");
}

static void limits(void)
{
    char deep[200];
    snprintf(deep, sizeof deep, "{\"id\": \"P\", \"x\": %.40s%.40s}",
             "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    CHECK_ERR(deep, "containers are nested more than 32 deep");
    CHECK_ERR("{\"id\": \"P\", \"therapies\": [{\"agents\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\","
              "\"j\",\"k\",\"l\",\"m\",\"n\",\"o\",\"p\",\"q\"]}]}",
              "field therapies[0].agents: 17 entries: the limit is 16");
    char longid[300];
    memset(longid, 'x', sizeof longid);
    memcpy(longid, "{\"id\": \"", 8);
    memcpy(longid + 208, "\"}", 3);
    CHECK_ERR(longid, "field id: string of 200 bytes is longer than the limit of 128");
    onc_case_opts_t o;
    onc_case_opts_init(&o);
    o.max_bytes = 10;
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    CHECK_INT(onc_case_load(DATA "full.json", &o, &c, &e), ONC_ELIMIT);
    CHECK(strstr(e.msg, "larger than the limit of 10 bytes") != NULL);
    CHECK(c == NULL);
}

static void unknown_fields_warn_with_line(void)
{
    const char *text = "{\"id\": \"P\",\n \"diagnosis\": {\"oncotree_code\": \"LUAD\",\n \"grade\": 2},\n"
                       " \"molecular\": {\"variants\": [{\"gene\": \"EGFR\", \"protein_change\": \"L858R\", \"transcript\": \"NM_005228\"}]}}";
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    CHECK_INT(onc_case_parse(text, strlen(text), "w.json", NULL, NULL, &c, &e), ONC_OK);
    if (!c) return;
    CHECK_INT(c->n_warnings, 2);
    if (c->n_warnings == 2) {
        CHECK_STR(c->warnings[0], "w.json:3: field diagnosis.grade: unknown field, kept and ignored");
        CHECK_STR(c->warnings[1], "w.json:4: field molecular.variants[0].transcript: unknown field, kept and ignored");
    }
    onc_case_free(c);
    /* A key written with an escape is found by jansson but not by the line scanner: the
     * warning then has no line rather than a wrong one. */
    const char *esc = "{\"id\": \"P\",\n \"gr\\u0061de\": 2}";
    CHECK_INT(onc_case_parse(esc, strlen(esc), "w.json", NULL, NULL, &c, &e), ONC_OK);
    if (c && c->n_warnings == 1) CHECK_STR(c->warnings[0], "w.json: field grade: unknown field, kept and ignored");
    onc_case_free(c);
}

static void referenced_files(void)
{
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    CHECK_INT(onc_case_load(DATA "missing-file.json", NULL, &c, &e), ONC_EIO);
    CHECK(strstr(e.msg, DATA "missing-file.json:4: field molecular.files[0].path: cannot read \"no-such-file.vcf\" ("
                        DATA "no-such-file.vcf)") != NULL);
    onc_case_opts_t o;
    onc_case_opts_init(&o);
    o.check_files = 0;
    CHECK_INT(onc_case_load(DATA "missing-file.json", &o, &c, &e), ONC_OK);
    if (c && c->n_samples == 1 && c->samples[0].molecular.n_files == 1) {
        CHECK_STR(c->samples[0].molecular.files[0].resolved, DATA "no-such-file.vcf");
        CHECK_INT(c->samples[0].molecular.files[0].type, ONC_FMT_VCF);
    }
    onc_case_free(c);
    o.confine_files = 1;
    const char *up = "{\"id\": \"P\", \"molecular\": {\"files\": [{\"path\": \"../x.vcf\"}]}}";
    CHECK_INT(onc_case_parse(up, strlen(up), "u.json", NULL, &o, &c, &e), ONC_EINVAL);
    CHECK(strstr(e.msg, "field molecular.files[0].path: \"../x.vcf\" leaves the case's directory") != NULL);
    /* Through the reader, the error is the same. */
    onc_reader_t *r = onc_reader_open(DATA "missing-file.json", NULL, &e);
    CHECK(r == NULL);
    CHECK(strstr(e.msg, "field molecular.files[0].path") != NULL);
    /* A case cannot pull in another case. */
    r = onc_reader_open(DATA "includes-case.json", NULL, &e);
    CHECK(r != NULL);
    onc_alt_t a;
    if (r) {
        CHECK_INT(onc_reader_next(r, &a), -2);
        CHECK(strstr(onc_reader_errmsg(r), "field molecular.files[0].path: \"minimal.json\" is a case file") != NULL);
    }
    onc_reader_close(r);
}

static void reader_yields_fusions_and_copy_number(void)
{
    onc_err_t e = {0};
    onc_reader_t *r = onc_reader_open(DATA "samples.json", NULL, &e);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_INT(onc_reader_format(r), ONC_FMT_CASE);
    onc_alt_t a;
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.sample, "SYN-SAMPLES-01-T1");
    CHECK_INT(a.kind, ONC_KIND_FUSION);
    CHECK_STR(a.gene, "EML4");
    CHECK_STR(a.partner, "ALK");
    CHECK_STR(a.alteration, "EML4-ALK Fusion");
    CHECK_STR(a.genome, "GRCh38");
    CHECK_STR(a.source, DATA "samples.json");
    CHECK_INT(a.line, 8);
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.sample, "SYN-SAMPLES-01-P2");
    CHECK_INT(a.kind, ONC_KIND_GAIN);
    CHECK_STR(a.alteration, "Gain");
    CHECK_NEAR(a.copies, 5, 0);
    CHECK(a.genome == NULL);
    CHECK_INT(a.line, 11);
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_INT(a.kind, ONC_KIND_LOSS);
    CHECK(isnan(a.copies));
    CHECK_INT(onc_reader_next(r, &a), -1);
    CHECK_INT(onc_reader_n_warnings(r), 1); /* "_comment" is a note: no warning */
    CHECK_STR(onc_reader_warning(r, 0), "samples[2] (SYN-SAMPLES-01-T3): no molecular results for this sample");
    onc_reader_close(r);
}

static void reader_over_a_loaded_case(void)
{
    onc_case_t *c = load(DATA "samples.json");
    if (!c) return;
    onc_err_t e = {0};
    onc_reader_t *r = onc_case_reader_open(c, NULL, &e);
    CHECK(r != NULL);
    onc_alt_t a;
    int n = 0, ret;
    while (r && (ret = onc_reader_next(r, &a)) == 0) n++;
    CHECK_INT(n, 3);
    onc_reader_close(r);
    onc_case_free(c);
}

/* Writes text to a new temporary file; returns its path (static) or NULL. */
static const char *temp_file(const char *text, size_t len)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/onc_case_test_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    int ok = write(fd, text, len) == (ssize_t)len;
    close(fd);
    return ok ? path : NULL;
}

/* Reads every alteration of a case given as text (written to a temporary file). */
static int read_text(const char *text, onc_alt_t *alts, int max, onc_reader_t **out)
{
    const char *path = temp_file(text, strlen(text));
    onc_err_t e = {0};
    onc_reader_t *r = path ? onc_reader_open(path, NULL, &e) : NULL;
    if (path) unlink(path);
    if (!r) {
        fprintf(stderr, "open: %s\n", e.msg);
        return -1;
    }
    int n = 0, ret;
    onc_alt_t a;
    while (n < max && (ret = onc_reader_next(r, &a)) == 0)
        if (onc_alt_copy(&alts[n], &a) == ONC_OK) n++;
    *out = r;
    return n;
}

static void free_alts(onc_alt_t *alts, int n)
{
    for (int i = 0; i < n; i++) onc_alt_free(&alts[i]);
}

static int has_warning(const onc_reader_t *r, const char *part)
{
    for (size_t i = 0; i < onc_reader_n_warnings(r); i++)
        if (strstr(onc_reader_warning(r, i), part)) return 1;
    return 0;
}

static void variants_are_named(void)
{
    const char *text =
        "{\"id\": \"V\", \"molecular\": {\"genome\": \"GRCh38\", \"variants\": [\n"
        "{\"gene\": \"EGFR\", \"protein_change\": \"p.Leu858Arg\", \"vaf\": 0.3, \"depth\": 100},\n"
        "{\"gene\": \"HER2\", \"protein_change\": \"Y772_A775dup\"},\n"
        "{\"gene\": \"MET\", \"coding_change\": \"c.3028+1G>T\"},\n"
        "{\"gene\": \"EGFR\", \"coding_change\": \"c.2573T>G\"},\n"
        "{\"chrom\": \"chr12\", \"pos\": 25245351, \"ref\": \"C\", \"alt\": \"A\"},\n"
        "{\"chrom\": \"1\", \"pos\": 1000, \"ref\": \"C\", \"alt\": \"A\"},\n"
        "{\"gene\": \"EGFR\", \"protein_change\": \"L858R\", \"chrom\": \"7\", \"pos\": 55181378, \"ref\": \"C\", \"alt\": \"T\"}\n"
        "]}}";
    onc_alt_t a[10];
    onc_reader_t *r = NULL;
    int n = read_text(text, a, 10, &r);
    CHECK_INT(n, 7);
    if (n == 7) {
        CHECK_STR(a[0].alteration, "L858R"); /* 3-letter to OncoKB's 1-letter form */
        CHECK_STR(a[0].hgvsp, "p.L858R");
        CHECK_STR(a[0].consequence, "missense_variant");
        CHECK_NEAR(a[0].vaf, 0.3, 1e-12);
        CHECK_INT(a[0].depth, 100);
        CHECK_INT(a[0].line, 2);
        CHECK_STR(a[0].sample, "V");
        CHECK_STR(a[1].gene, "ERBB2"); /* alias resolved */
        CHECK_STR(a[1].alteration, "Y772_A775dup");
        CHECK_STR(a[2].alteration, "X1010_splice"); /* MET c.3028+1: codon (3028+2)/3 = 1010 */
        CHECK(a[2].hgvsp == NULL);
        CHECK_STR(a[2].hgvsc, "c.3028+1G>T");
        CHECK(a[3].alteration == NULL); /* an exonic c. change is not translated */
        CHECK(a[3].flags & ONC_ALT_UNANNOTATED);
        CHECK_STR(a[4].gene, "KRAS"); /* GRCh38 chr12:25245351 C>A is KRAS G12C (cancerhotspots v2) */
        CHECK_STR(a[4].alteration, "G12C");
        CHECK(a[4].flags & ONC_ALT_FROM_COORDS);
        CHECK_STR(a[4].genome, "GRCh38");
        CHECK(a[5].gene == NULL);
        CHECK(a[5].flags & ONC_ALT_UNANNOTATED);
        CHECK_STR(a[6].alteration, "L858R"); /* the entry wins, the disagreement is said */
    }
    CHECK(r && has_warning(r, "c.2573T>G is not at a splice site"));
    CHECK(r && has_warning(r, "not among the knowledge base's driver events are kept unannotated"));
    CHECK(r && has_warning(r, "molecular.variants[6]: the coordinates are EGFR T790M, the entry says EGFR L858R"));
    free_alts(a, n);
    onc_reader_close(r);
}

static void fusions_are_named_as_the_fusion_reader_does(void)
{
    const char *text = "{\"id\": \"F\", \"molecular\": {\"fusions\": [{\"gene_a\": \"EML4\", \"gene_b\": \"ALK\"}, "
                       "{\"gene_b\": \"ROS1\"}, {\"gene_a\": \"EGFR\", \"gene_b\": \"EGFR\"}, {\"gene_a\": \"HER2\", \"gene_b\": \"GRB7\"}],"
                       "\"copy_number\": [{\"gene\": \"c-MET\", \"call\": \"Amplification\", \"copies\": 14}]}}";
    onc_alt_t a[6];
    onc_reader_t *r = NULL;
    int n = read_text(text, a, 6, &r);
    CHECK_INT(n, 5);
    if (n == 5) {
        CHECK_INT(a[0].kind, ONC_KIND_FUSION);
        CHECK_STR(a[0].alteration, "EML4-ALK Fusion");
        CHECK_INT(a[1].kind, ONC_KIND_STRUCTURAL); /* partner unknown: a rearrangement */
        CHECK_STR(a[1].gene, "ROS1");
        CHECK_STR(a[1].alteration, "ROS1 rearrangement");
        CHECK_STR(a[2].alteration, "EGFR-intragenic");
        CHECK_STR(a[3].gene, "ERBB2");
        CHECK_STR(a[3].alteration, "ERBB2-GRB7 Fusion");
        CHECK_STR(a[4].gene, "MET");
        CHECK_STR(a[4].alteration, "Amplification");
        CHECK_NEAR(a[4].copies, 14, 0);
    }
    CHECK(r && has_warning(r, "fusions with one partner missing"));
    free_alts(a, n);
    onc_reader_close(r);
}

static void variant_errors(void)
{
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"variants\": [{\"gene\": \"EGFR\", \"protein_change\": \"p.L858\"}]}}",
              "t.json:1: field molecular.variants[0].protein_change:");
    CHECK_ERR("{\"id\": \"P\", \"molecular\": {\"variants\": [{\"gene\": \"MET\", \"coding_change\": \"3028+1G>T\"}]}}",
              "field molecular.variants[0].coding_change:");
}

static void coordinates_without_genome(void)
{
    const char *text = "{\"id\": \"G\", \"molecular\": {\"variants\": [{\"chrom\": \"7\", \"pos\": 55191822, \"ref\": \"T\", \"alt\": \"G\"}]}}";
    onc_alt_t a[2];
    onc_reader_t *r = NULL;
    int n = read_text(text, a, 2, &r);
    CHECK_INT(n, 1);
    if (n == 1) CHECK(a[0].flags & ONC_ALT_UNANNOTATED);
    CHECK(r && has_warning(r, "without a genome"));
    free_alts(a, n);
    onc_reader_close(r);
}

static void oncotree_codes_checked_when_asked(void)
{
    onc_err_t e = {0};
    onc_oncotree_t *tree = onc_oncotree_load(NULL, &e);
    CHECK(tree != NULL);
    if (!tree) return;
    onc_case_opts_t o;
    onc_case_opts_init(&o);
    o.oncotree = tree;
    onc_case_t *c = NULL;
    const char *good = "{\"id\": \"P\", \"diagnosis\": {\"oncotree_code\": \"luad\"}}";
    CHECK_INT(onc_case_parse(good, strlen(good), "o.json", NULL, &o, &c, &e), ONC_OK);
    if (c) CHECK_STR(c->diagnosis.oncotree_code, "LUAD");
    onc_case_free(c);
    const char *bad = "{\"id\": \"P\", \"diagnosis\": {\"oncotree_code\": \"LUNGX\"}}";
    CHECK_INT(onc_case_parse(bad, strlen(bad), "o.json", NULL, &o, &c, &e), ONC_ENOTFOUND);
    CHECK(strstr(e.msg, "o.json:1: field diagnosis.oncotree_code: \"LUNGX\" is not an OncoTree code (release oncotree_") != NULL);
    /* Without a tree, only the shape is checked. */
    CHECK_INT(onc_case_parse(bad, strlen(bad), "o.json", NULL, NULL, &c, &e), ONC_OK);
    onc_case_free(c);
    onc_oncotree_free(tree);
}

static void size_cap_is_exact(void)
{
    const char *text = "{\"id\":\"P\"}"; /* 10 bytes */
    const char *path = temp_file(text, strlen(text));
    CHECK(path != NULL);
    if (!path) return;
    onc_case_opts_t o;
    onc_case_opts_init(&o);
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    o.max_bytes = 10;
    CHECK_INT(onc_case_load(path, &o, &c, &e), ONC_OK);
    onc_case_free(c);
    o.max_bytes = 9;
    CHECK_INT(onc_case_load(path, &o, &c, &e), ONC_ELIMIT);
    unlink(path);
    path = temp_file("\x1f\x8b\x08\x00", 4);
    CHECK_INT(onc_case_load(path, NULL, &c, &e), ONC_EFORMAT);
    CHECK(strstr(e.msg, "compressed case files are not supported") != NULL);
    unlink(path);
    CHECK_INT(onc_case_load("tests/data/case/no-such-case.json", NULL, &c, &e), ONC_EIO);
    CHECK(strstr(e.msg, "no-such-case.json: cannot open") != NULL);
}

static void referenced_files_are_read_as_the_case_sample(void)
{
    onc_err_t e = {0};
    onc_reader_t *r = onc_reader_open(DATA "with-files.json", NULL, &e);
    CHECK(r != NULL);
    if (!r) return;
    onc_alt_t a;
    int n = 0, ret, from_files = 0;
    while ((ret = onc_reader_next(r, &a)) == 0) {
        CHECK_STR(a.sample, "SYN-FILES-01"); /* LAB-123, LAB-124, TUMOR become the case sample */
        CHECK_STR(a.genome, "GRCh38");
        if (n == 1) { /* the first VCF record: EGFR L858R at line 12 of files/tumor.vcf */
            CHECK_STR(a.source, DATA "files/tumor.vcf");
            CHECK_INT(a.line, 12);
            CHECK_STR(a.alteration, "L858R");
        }
        from_files += a.source && strstr(a.source, "/files/") != NULL;
        n++;
    }
    CHECK_INT(ret, -1);
    CHECK_INT(n, 8);          /* 1 typed fusion + 3 VCF + 2 MAF + 1 fusion + 1 CNA */
    CHECK_INT(from_files, 7);
    int mixed = 0, vcf = 0;
    for (size_t i = 0; i < onc_reader_n_warnings(r); i++) {
        const char *w = onc_reader_warning(r, i);
        if (strstr(w, "files/panel.maf: holds several samples (LAB-123, LAB-124, ...): all are read as sample SYN-FILES-01"))
            mixed++;
        if (strncmp(w, "files/tumor.vcf: alterations without gene annotation", 52) == 0) {
            vcf++;
            CHECK_INT(onc_reader_warning_count(r, i), 2); /* TP53 R273H and R175H: the count survives */
        }
    }
    CHECK_INT(mixed, 1);
    CHECK_INT(vcf, 1);
    onc_reader_close(r);

    /* An error inside a referenced file names the case field and the file's own line. */
    r = onc_reader_open(DATA "bad-file.json", NULL, &e);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_INT(onc_reader_next(r, &a), 0); /* files/cna.tsv reads fine */
    CHECK_INT(onc_reader_next(r, &a), -2);
    CHECK(strstr(onc_reader_errmsg(r), DATA "bad-file.json:5: field molecular.files[1].path: " DATA
                                       "files/bad.maf:2: field t_depth:") != NULL);
    onc_reader_close(r);
}

static void age_and_assay_scope(void)
{
    onc_case_t *c = load(DATA "full.json"); /* born 1958-03-14, age 67; assay EGFR KRAS MET,
                                               ALK fusion, ROS1 fusion+cna */
    if (!c) return;
    CHECK_INT(onc_case_age_on(c, (onc_date_t){2026, 3, 13}), 67); /* the day before the birthday */
    CHECK_INT(onc_case_age_on(c, (onc_date_t){2026, 3, 14}), 68);
    CHECK_INT(onc_case_age_on(c, (onc_date_t){0, 0, 0}), 67);    /* no date: the age as given */
    onc_err_t e = {0};
    onc_genes_t *g = onc_genes_load(NULL, &e);
    const onc_sample_t *s = &c->samples[0];
    CHECK_INT(onc_sample_tested(s, g, "EGFR", ONC_COVER_ALL), ONC_TRI_TRUE);
    CHECK_INT(onc_sample_tested(s, g, "c-MET", ONC_COVER_MUTATION), ONC_TRI_TRUE); /* alias of MET */
    CHECK_INT(onc_sample_tested(s, g, "ALK", ONC_COVER_FUSION), ONC_TRI_TRUE);
    CHECK_INT(onc_sample_tested(s, g, "ALK", ONC_COVER_MUTATION), ONC_TRI_FALSE);
    CHECK_INT(onc_sample_tested(s, g, "ROS1", ONC_COVER_FUSION | ONC_COVER_CNA), ONC_TRI_TRUE);
    CHECK_INT(onc_sample_tested(s, g, "BRAF", ONC_COVER_MUTATION), ONC_TRI_FALSE);
    onc_genes_free(g);
    onc_case_free(c);
    c = load(DATA "samples.json"); /* no assays: scope unknown; the third sample: nothing */
    if (!c) return;
    CHECK_INT(onc_case_age_on(c, (onc_date_t){2026, 1, 1}), ONC_INT_MISSING);
    CHECK_INT(onc_sample_tested(&c->samples[0], NULL, "ALK", ONC_COVER_FUSION), ONC_TRI_UNKNOWN);
    CHECK_INT(onc_sample_tested(&c->samples[2], NULL, "ALK", ONC_COVER_FUSION), ONC_TRI_FALSE);
    onc_case_free(c);
}

int main(void)
{
    RUN(dates_are_checked);
    RUN(full_case_is_typed);
    RUN(missing_is_never_zero);
    RUN(samples_form);
    RUN(outcome_dates);
    RUN(type_and_value_errors_name_the_field);
    RUN(structural_errors);
    RUN(limits);
    RUN(unknown_fields_warn_with_line);
    RUN(referenced_files);
    RUN(reader_yields_fusions_and_copy_number);
    RUN(reader_over_a_loaded_case);
    RUN(variants_are_named);
    RUN(variant_errors);
    RUN(fusions_are_named_as_the_fusion_reader_does);
    RUN(coordinates_without_genome);
    RUN(oncotree_codes_checked_when_asked);
    RUN(size_cap_is_exact);
    RUN(referenced_files_are_read_as_the_case_sample);
    RUN(age_and_assay_scope);
    CHECK_EXIT();
}
