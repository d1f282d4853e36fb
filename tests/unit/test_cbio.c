/* test_cbio.c: the cBioPortal study reader (cbio.h) and its import into the registry.
 *
 * Fixtures (tests/data/cbio, written by hand; tests/data/cbio/README.md says what each shows):
 * mini (every file, the four '#' header lines, meta files naming data_mutations_extended.txt),
 * plain (no meta files, no patient file, no '#' lines), bad (a wrong value of each kind) and
 * nosample (no sample file). Then the real study ../shared/data/cohorts/nsclc_pd1_msk_2018
 * (skipped when absent), with counts taken from its files with awk and its README:
 *   patients 240, samples 240 (awk 'END{print NR-1}' on the two clinical files);
 *   mutation rows 2517 (README: 2,517; awk rows after the header);
 *   CNA calls 447 (awk: cells of the 240 sample columns not 0 / NA);
 *   SV rows 51 (awk 'END{print NR}' data_sv.txt is 52 with the header: the README's "50 rows"
 *   is one short);
 *   PFS events 198 ("1:Progressed", awk on PFS_STATUS), PDL1_SCORE given for 86 samples (awk;
 *   the README's "84 patients" is two short);
 *   P-0012629: Male, 81, Ever, PFS 4.8 1:Progressed; sample P-0012629-T01-IM5 (IMPACT410, NSCLC,
 *   TMB_NONSYNONYMOUS 2.93615909284) with MET p.X1010_splice at 7:116412044 (data_mutations.txt line 2,
 *   t_ref_count 459, t_alt_count 39).
 * The import runs on every database target (db_targets.h).
 */
#include "check.h"
#include "db_targets.h"
#include "db_registry.h"

#include "oncoboard/audit.h"
#include "oncoboard/cbio.h"
#include "oncoboard/store.h"
#include "oncoboard/store_attributes.h"

#include <sys/wait.h>
#include <unistd.h>

#define MINI "tests/data/cbio/mini"
#define NSCLC "cohorts/nsclc_pd1_msk_2018"

static onc_cbio_study_t *read_study(const char *dir, onc_rc want)
{
    onc_cbio_study_t *s = NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_cbio_study_read(dir, NULL, &s, &err);
    if (rc != want) fprintf(stderr, "%s: rc %d: %s\n", dir, (int)rc, err.msg);
    CHECK_INT(rc, want);
    return s;
}

static const onc_case_t *case_of(const onc_cbio_study_t *s, const char *id)
{
    for (size_t i = 0; i < s->n_cases; i++)
        if (s->cases[i] && strcmp(s->cases[i]->id, id) == 0) return s->cases[i];
    return NULL;
}

static const onc_attr_def_t *def_of(const onc_cbio_clinical_t *c, const char *id, onc_attr_level level)
{
    for (size_t i = 0; i < c->n_defs; i++)
        if (c->defs[i].level == level && strcmp(c->defs[i].id, id) == 0) return &c->defs[i];
    return NULL;
}

/* ---- the clinical tables alone ---- */

static void mini_clinical(void)
{
    onc_cbio_clinical_t *c = NULL;
    onc_err_t err = {0};
    CHECK(onc_cbio_clinical_read(MINI "/data_clinical_patient.txt", MINI "/data_clinical_sample.txt", &c, &err) ==
          ONC_OK);
    if (!c) return;
    CHECK_INT(c->n_defs, 9 + 7);
    CHECK_INT(c->n_errors, 0);
    const onc_attr_def_t *age = def_of(c, "AGE", ONC_ATTR_PATIENT);
    CHECK(age != NULL);
    if (age) {
        CHECK_STR(age->display_name, "Diagnosis Age");
        CHECK_STR(age->description, "Age at which the condition was first diagnosed, in years.");
        CHECK_INT(age->datatype, ONC_ATTR_NUMBER);
        CHECK_INT(age->priority, 8);
    }
    const onc_attr_def_t *ctd = def_of(c, "CANCER_TYPE_DETAILED", ONC_ATTR_SAMPLE);
    CHECK(ctd && ctd->priority == 2000);
    CHECK_INT(c->n_patients, 3);
    size_t p1 = onc_cbio_patient_index(c, "P1"), p2 = onc_cbio_patient_index(c, "P2"),
           p3 = onc_cbio_patient_index(c, "P3");
    CHECK(p1 == 0 && p2 == 1 && p3 == 2);
    if (c->n_patients != 3) goto done;
    const onc_attr_patient_t *p = &c->patients[p1];
    CHECK_INT(p->n_values, 8); /* every column but PATIENT_ID */
    CHECK_STR(onc_attr_get(p->values, p->n_values, "SEX"), "Female");
    CHECK_STR(onc_attr_get(p->values, p->n_values, "NOTE"), "first line osimertinib");
    const onc_survival_t *os = onc_survival_get(p, "OS"), *pfs = onc_survival_get(p, "PFS");
    CHECK(os && pfs);
    if (os && pfs) {
        CHECK_NEAR(os->months, 24.5, 1e-12);
        CHECK_INT(os->event, ONC_TRI_TRUE);
        CHECK_STR(os->status, "1:DECEASED");
        CHECK_NEAR(pfs->months, 6.1, 1e-12);
        CHECK_INT(pfs->event, ONC_TRI_TRUE);
    }
    CHECK_INT(p->n_samples, 2);
    if (p->n_samples == 2) {
        CHECK_STR(p->samples[0].sample_id, "S1a");
        CHECK_STR(p->samples[1].sample_id, "S1b");
        CHECK_STR(onc_attr_get(p->samples[0].values, p->samples[0].n_values, "TMB_NONSYNONYMOUS"), "5.5");
        CHECK_INT(c->sample_lines[p1][1], 7);
    }
    p = &c->patients[p2];
    CHECK(onc_attr_get(p->values, p->n_values, "NOTE") == NULL); /* [Not Available] */
    os = onc_survival_get(p, "OS");
    CHECK(os && os->event == ONC_TRI_FALSE && fabs(os->months - 30.2) < 1e-12);
    p = &c->patients[p3];
    CHECK(onc_attr_get(p->values, p->n_values, "AGE") == NULL); /* NA */
    CHECK(onc_survival_get(p, "OS") == NULL);                    /* both cells empty */
    pfs = onc_survival_get(p, "PFS");
    CHECK(pfs && pfs->event == ONC_TRI_TRUE && fabs(pfs->months - 3.5) < 1e-12);
    CHECK_INT(c->patient_lines[p3], 8);
done:
    onc_cbio_clinical_free(c);
}

static void status_values(void)
{
    onc_tri e = ONC_TRI_UNKNOWN;
    CHECK(onc_cbio_status_event("1:DECEASED", &e) == 0 && e == ONC_TRI_TRUE);
    CHECK(onc_cbio_status_event("0:LIVING", &e) == 0 && e == ONC_TRI_FALSE);
    CHECK(onc_cbio_status_event("1:Recurred/Progressed", &e) == 0 && e == ONC_TRI_TRUE);
    CHECK(onc_cbio_status_event("DECEASED", &e) == -1);
    CHECK(onc_cbio_status_event("2:X", &e) == -1);
    CHECK(onc_cbio_is_missing("[Not Available]") && onc_cbio_is_missing("NA") && onc_cbio_is_missing(""));
    CHECK(!onc_cbio_is_missing("0") && !onc_cbio_is_missing("[x"));
}

/* ---- the whole study ---- */

static void mini_study(void)
{
    onc_cbio_study_t *s = read_study(MINI, ONC_OK);
    if (!s) return;
    CHECK_STR(s->info.study_key, "mini_nsclc_2026");
    CHECK_STR(s->info.citation, "oncoboard tests 2026");
    CHECK_STR(s->info.source, MINI);
    CHECK_INT(s->counts.mutations, 4);
    CHECK_INT(s->counts.cna_calls, 3);
    CHECK_INT(s->counts.structural_variants, 1);
    CHECK_INT(s->counts.panels, 1);
    CHECK_INT(s->counts.panel_genes, 8);
    CHECK_INT(s->n_cases, 3);
    const onc_case_t *c = case_of(s, "P1");
    CHECK(c != NULL);
    if (c && c->n_samples == 2) {
        CHECK_INT(c->sex, ONC_SEX_FEMALE);
        CHECK_INT(c->age, 58);
        CHECK_INT(c->smoking, ONC_SMOKING_NEVER);
        CHECK_STR(c->diagnosis.oncotree_code, "LUAD");
        CHECK_NEAR(c->biomarkers.tmb, 5.5, 1e-12); /* the first sample's */
        const onc_sample_t *a = &c->samples[0];
        CHECK_STR(a->id, "S1a");
        CHECK_INT(a->type, ONC_SPECIMEN_TISSUE);
        CHECK(a->has_molecular);
        CHECK_STR(a->molecular.genome, "GRCh37");
        CHECK_STR(a->molecular.assay.name, "MINI8");
        CHECK_INT(a->molecular.assay.n_genes, 8);
        CHECK_INT(a->molecular.n_variants, 2);
        if (a->molecular.n_variants == 2) {
            const onc_case_variant_t *v = &a->molecular.variants[0];
            CHECK_STR(v->gene, "EGFR");
            CHECK_STR(v->alteration, "L858R");
            CHECK_STR(v->chrom, "7");
            CHECK_INT(v->pos, 55259515);
            CHECK_NEAR(v->vaf, 100.0 / 400.0, 1e-9); /* t_alt_count / (t_ref_count + t_alt_count) */
            CHECK_INT(v->line, 3);
        }
        CHECK_INT(a->molecular.n_copy_number, 1);
        if (a->molecular.n_copy_number == 1) {
            CHECK_STR(a->molecular.copy_number[0].gene, "CDKN2A");
            CHECK_INT(a->molecular.copy_number[0].call, ONC_KIND_DELETION);
        }
        const onc_sample_t *b = &c->samples[1];
        CHECK_INT(b->type, ONC_SPECIMEN_TISSUE); /* Metastasis */
        CHECK(b->molecular.n_copy_number == 1 && b->molecular.copy_number[0].call == ONC_KIND_AMPLIFICATION);
        CHECK(b->molecular.n_variants == 1 && strcmp(b->molecular.variants[0].alteration, "T790M") == 0);
    }
    c = case_of(s, "P2");
    if (c && c->n_samples == 1) {
        CHECK_INT(c->smoking, ONC_SMOKING_FORMER);
        CHECK_STR(c->diagnosis.oncotree_code, "LUSC");
        const onc_sample_t *s2 = &c->samples[0];
        CHECK(s2->molecular.n_copy_number == 1 && s2->molecular.copy_number[0].call == ONC_KIND_GAIN);
        /* not profiled for structural variants (NA in the panel matrix): per-type coverage */
        CHECK_INT(s2->molecular.assay.n_genes, 0);
        CHECK_INT(s2->molecular.assay.n_coverage, 16);
        CHECK_INT(onc_sample_tested(s2, NULL, "EGFR", ONC_COVER_MUTATION), ONC_TRI_TRUE);
        CHECK_INT(onc_sample_tested(s2, NULL, "ALK", ONC_COVER_FUSION), ONC_TRI_FALSE);
        CHECK_INT(onc_sample_tested(s2, NULL, "ROS1", ONC_COVER_MUTATION), ONC_TRI_FALSE);
    }
    c = case_of(s, "P3");
    if (c && c->n_samples == 1) {
        CHECK_INT(c->age, ONC_INT_MISSING);
        CHECK_INT(c->smoking, ONC_SMOKING_CURRENT);
        CHECK_STR(c->diagnosis.oncotree_code, "LUAD"); /* from CANCER_TYPE_DETAILED */
        CHECK(isnan(c->biomarkers.tmb));
        const onc_sample_t *s3 = &c->samples[0];
        CHECK_INT(s3->type, ONC_SPECIMEN_PLASMA);
        CHECK_INT(s3->molecular.n_fusions, 1);
        if (s3->molecular.n_fusions == 1) {
            CHECK_STR(s3->molecular.fusions[0].gene_a, "EML4");
            CHECK_STR(s3->molecular.fusions[0].gene_b, "ALK");
        }
        CHECK_INT(onc_sample_tested(s3, NULL, "ALK", ONC_COVER_FUSION), ONC_TRI_TRUE);
        CHECK_INT(onc_sample_tested(s3, NULL, "ALK", ONC_COVER_MUTATION), ONC_TRI_FALSE);
    }
    onc_cbio_study_free(s);
}

/* No meta files, no patient file, no '#' lines: the usual names and cBioPortal's defaults. */
static void plain_study(void)
{
    onc_cbio_study_t *s = read_study("tests/data/cbio/plain", ONC_OK);
    if (!s) return;
    CHECK_STR(s->info.study_key, "plain"); /* no meta_study.txt: the folder's name, with a warning */
    CHECK(s->n_warnings >= 1 && strstr(s->warnings[0], "meta_study.txt: not found") != NULL);
    const onc_cbio_clinical_t *c = s->clinical;
    CHECK(c->patient_file == NULL);
    CHECK_INT(c->n_patients, 2);
    if (c->n_patients == 2) {
        CHECK_STR(c->patients[0].patient_id, "PA"); /* order of first appearance */
        CHECK_INT(c->patients[0].n_samples, 2);
        CHECK_STR(c->patients[0].samples[1].sample_id, "PA-T2");
    }
    const onc_attr_def_t *sex = def_of(c, "SEX", ONC_ATTR_SAMPLE);
    CHECK(sex && sex->datatype == ONC_ATTR_STRING && sex->priority == 1 && strcmp(sex->display_name, "SEX") == 0 &&
          sex->description == NULL);
    const onc_case_t *pb = case_of(s, "PB");
    CHECK(pb && pb->n_samples == 1 && pb->samples[0].molecular.n_variants == 1);
    const onc_case_t *pa = case_of(s, "PA");
    CHECK(pa && pa->n_samples == 2 && !pa->samples[0].has_molecular); /* in no genomic file */
    /* data_fusions.txt (deprecated format) lists EML4-ALK under ALK and under EML4: one fusion */
    CHECK_INT(s->counts.fusions, 2);
    if (pa && pa->n_samples == 2) {
        CHECK_INT(pa->samples[1].molecular.n_fusions, 1);
        if (pa->samples[1].molecular.n_fusions == 1) {
            CHECK_STR(pa->samples[1].molecular.fusions[0].gene_a, "EML4");
            CHECK_STR(pa->samples[1].molecular.fusions[0].gene_b, "ALK");
        }
    }
    onc_cbio_study_free(s);
}

static int has_error(const onc_cbio_study_t *s, const char *text)
{
    for (size_t i = 0; i < s->n_errors; i++)
        if (strstr(s->errors[i], text)) return 1;
    fprintf(stderr, "no error says: %s\n", text);
    return 0;
}

/* Every problem listed with file, line and field, not only the first. */
static void bad_study(void)
{
    onc_cbio_study_t *s = read_study("tests/data/cbio/bad", ONC_EPARSE);
    if (!s) return;
    CHECK_INT(s->n_errors, 10);
    CHECK(has_error(s, "bad/data_clinical_patient.txt:6: field AGE: 'fifty' is not a number"));
    CHECK(has_error(s, "bad/data_clinical_patient.txt:6: field OS_STATUS: 'DECEASED'"));
    CHECK(has_error(s, "bad/data_clinical_patient.txt:7: field OS_MONTHS: '-3'"));
    CHECK(has_error(s, "bad/data_clinical_patient.txt:8: 5 cells where the header has 4 columns"));
    CHECK(has_error(s, "bad/data_clinical_sample.txt:4: field PATIENT_ID: patient P9 is not in"));
    CHECK(has_error(s, "bad/data_clinical_sample.txt:5: field SAMPLE_ID: sample S1 is also on line 2"));
    CHECK(has_error(s, "bad/data_clinical_sample.txt:3: field ONCOTREE_CODE: 'NOTACODE' is not an OncoTree code"));
    CHECK(has_error(s, "bad/data_mutations.txt:3: field Tumor_Sample_Barcode: sample SX is not in"));
    CHECK(has_error(s, "bad/data_mutations.txt:4: field Start_Position"));
    CHECK(has_error(s, "bad/data_cna.txt:1: field S7: sample S7 is not in"));
    onc_cbio_study_free(s);
}

/* The clinical tables of a folder alone, found through its meta files (statistics on cohorts). */
static void clinical_only(void)
{
    onc_cbio_opts_t o;
    onc_cbio_opts_init(&o);
    o.clinical_only = 1;
    onc_cbio_study_t *s = NULL;
    onc_err_t err = {0};
    CHECK(onc_cbio_study_read(MINI, &o, &s, &err) == ONC_OK);
    if (!s) return;
    CHECK_INT(s->n_cases, 0);
    CHECK_INT(s->counts.mutations, 0);
    CHECK(s->clinical && s->clinical->n_patients == 3);
    CHECK_STR(s->info.study_key, "mini_nsclc_2026");
    onc_cbio_study_free(s);
}

/* A study with the four '#' lines whose MAF is not in the folder (README: not obtainable): its
 * clinical tables alone. Counts by awk: 75 patients and samples; PFS_STATUS 50 "1:Event", 25
 * "0:Censor"; patient nsclc_mskcc_2018p1 (line 6): PFS_MONTHS 1.4127, 1:Event; AGE_YRS is
 * "#Age (yrs)", NUMBER. */
static void nsclc_2018_clinical(void)
{
    const char *dir = shared_data("cohorts/nsclc_mskcc_2018");
    if (!dir) SKIP("../shared/data is absent");
    onc_cbio_opts_t o;
    onc_cbio_opts_init(&o);
    o.clinical_only = 1;
    onc_cbio_study_t *s = NULL;
    onc_err_t err = {0};
    CHECK(onc_cbio_study_read(dir, &o, &s, &err) == ONC_OK);
    if (!s) return;
    const onc_cbio_clinical_t *c = s->clinical;
    CHECK_INT(c->n_patients, 75);
    size_t events = 0, censored = 0, samples = 0;
    for (size_t i = 0; i < c->n_patients; i++) {
        const onc_survival_t *pfs = onc_survival_get(&c->patients[i], "PFS");
        events += pfs && pfs->event == ONC_TRI_TRUE;
        censored += pfs && pfs->event == ONC_TRI_FALSE;
        samples += c->patients[i].n_samples;
    }
    CHECK_INT(events, 50);
    CHECK_INT(censored, 25);
    CHECK_INT(samples, 75);
    size_t p1 = onc_cbio_patient_index(c, "nsclc_mskcc_2018p1");
    const onc_survival_t *pfs = p1 < c->n_patients ? onc_survival_get(&c->patients[p1], "PFS") : NULL;
    CHECK(pfs && fabs(pfs->months - 1.4127) < 1e-12 && strcmp(pfs->status, "1:Event") == 0);
    CHECK(p1 < c->n_patients && c->patient_lines[p1] == 6);
    const onc_attr_def_t *age = def_of(c, "AGE_YRS", ONC_ATTR_PATIENT);
    CHECK(age && strcmp(age->display_name, "Age (yrs)") == 0 && age->datatype == ONC_ATTR_NUMBER);
    onc_cbio_study_free(s);
    /* the whole study refuses: meta_mutations.txt names a file that is not there */
    s = read_study(dir, ONC_EPARSE);
    CHECK(s && has_error(s, "data_mutations.txt"));
    onc_cbio_study_free(s);
}

static void missing_files(void)
{
    onc_cbio_study_t *s = read_study("tests/data/cbio/nosample", ONC_ENOTFOUND);
    CHECK(s && s->n_errors == 1 && strstr(s->errors[0], "no sample file") != NULL);
    onc_cbio_study_free(s);
    onc_err_t err = {0};
    s = NULL;
    CHECK(onc_cbio_study_read("tests/data/cbio/absent", NULL, &s, &err) == ONC_EIO && s == NULL);
    CHECK(strstr(err.msg, "tests/data/cbio/absent") != NULL);
}

static void nsclc_study(void)
{
    const char *dir = shared_data(NSCLC);
    if (!dir) SKIP("../shared/data is absent");
    onc_cbio_study_t *s = read_study(dir, ONC_OK);
    if (!s) return;
    const onc_cbio_clinical_t *c = s->clinical;
    CHECK_STR(s->info.study_key, "nsclc_pd1_msk_2018");
    CHECK_STR(s->info.pmid, "29337640");
    CHECK_INT(c->n_patients, 240);
    size_t n_samples = 0, n_pdl1 = 0, n_pfs_events = 0;
    for (size_t i = 0; i < c->n_patients; i++) {
        n_samples += c->patients[i].n_samples;
        const onc_survival_t *pfs = onc_survival_get(&c->patients[i], "PFS");
        n_pfs_events += pfs && pfs->event == ONC_TRI_TRUE;
        for (size_t k = 0; k < c->patients[i].n_samples; k++)
            n_pdl1 += onc_attr_get(c->patients[i].samples[k].values, c->patients[i].samples[k].n_values,
                                   "PDL1_SCORE") != NULL;
    }
    CHECK_INT(n_samples, 240);
    CHECK_INT(n_pdl1, 86);
    CHECK_INT(n_pfs_events, 198);
    CHECK_INT(s->counts.mutations, 2517);
    CHECK_INT(s->counts.cna_calls, 447);
    CHECK_INT(s->counts.structural_variants, 51);
    CHECK_INT(s->n_cases, 240);
    size_t pi = onc_cbio_patient_index(c, "P-0012629");
    CHECK(pi < c->n_patients);
    if (pi < c->n_patients) {
        const onc_attr_patient_t *p = &c->patients[pi];
        const onc_survival_t *pfs = onc_survival_get(p, "PFS");
        CHECK(pfs && fabs(pfs->months - 4.8) < 1e-12 && pfs->event == ONC_TRI_TRUE);
        CHECK_STR(onc_attr_get(p->values, p->n_values, "SMOKER"), "Ever");
        CHECK(p->n_samples == 1 &&
              strcmp(onc_attr_get(p->samples[0].values, p->samples[0].n_values, "GENE_PANEL"), "IMPACT410") == 0);
    }
    const onc_case_t *k = case_of(s, "P-0012629");
    CHECK(k != NULL);
    if (k && k->n_samples == 1) {
        CHECK_INT(k->sex, ONC_SEX_MALE);
        CHECK_INT(k->age, 81);
        CHECK_INT(k->smoking, ONC_SMOKING_UNKNOWN); /* "Ever" */
        CHECK_STR(k->diagnosis.oncotree_code, "NSCLC");
        CHECK_NEAR(k->biomarkers.tmb, 2.93615909284, 1e-12);
        CHECK(isnan(k->biomarkers.pdl1_tps)); /* PDL1_SCORE is not mapped: the name does not say which score */
        const onc_molecular_t *m = &k->samples[0].molecular;
        CHECK_STR(m->assay.name, "IMPACT410");
        CHECK(m->n_variants >= 1);
        if (m->n_variants >= 1) {
            const onc_case_variant_t *v = &m->variants[0];
            CHECK_STR(v->gene, "MET");
            CHECK_STR(v->alteration, "X1010_splice");
            CHECK_INT(v->pos, 116412044);
            CHECK_INT(v->line, 2);
            CHECK_NEAR(v->vaf, 39.0 / 498.0, 1e-9);
        }
    }
    onc_cbio_study_free(s);
}

/* ---- into the registry ---- */

/* What `db import --format cbioportal` writes: the cases, then the study's attributes, in one
 * transaction. */
static onc_rc import_study(onc_db_t *db, const onc_cbio_study_t *s, onc_err_t *err)
{
    onc_store_writer_t *w = NULL;
    onc_attr_writer_t *aw = NULL;
    onc_rc rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = onc_store_writer_open(db, &w, err);
    for (size_t i = 0; rc == ONC_OK && i < s->n_cases; i++)
        rc = onc_store_writer_put(w, s->cases[i], "os:tester", NULL, NULL, err);
    onc_store_writer_close(w);
    const onc_cbio_clinical_t *c = s->clinical;
    if (rc == ONC_OK) rc = onc_attr_writer_open(db, &s->info, c->defs, c->n_defs, "os:tester", &aw, err);
    for (size_t i = 0; rc == ONC_OK && i < c->n_patients; i++) rc = onc_attr_writer_put(aw, &c->patients[i], "os:tester", err);
    onc_attr_writer_close(aw);
    if (rc == ONC_OK) rc = onc_db_commit(db, err);
    if (rc == ONC_OK) return onc_audit_checkpoint(db, err);
    onc_db_rollback(db, NULL);
    return rc;
}

/* A fresh registry with the study in dir imported (NULL after a failed CHECK). */
static onc_db_t *registry_with(const char *dir)
{
    onc_cbio_study_t *s = read_study(dir, ONC_OK);
    onc_db_t *db = s ? open_registry() : NULL;
    onc_err_t err = {0};
    if (db && import_study(db, s, &err) != ONC_OK) {
        fprintf(stderr, "import %s: %s\n", dir, err.msg);
        CHECK(0);
    }
    onc_cbio_study_free(s);
    return db;
}

static void import_mini(void)
{
    onc_db_t *db = registry_with(MINI);
    if (!db) return;
    onc_err_t err = {0};
    char **ids = NULL;
    size_t n = 0;
    onc_case_t *c = NULL;
    onc_attr_patient_t *p = NULL;
    CHECK(onc_db_begin(db, &err) == ONC_OK);
    CHECK(onc_store_list_patients(db, "os:tester", &ids, &n, &err) == ONC_OK);
    CHECK_INT(n, 3);
    onc_store_ids_free(ids, n);
    CHECK(onc_store_get_case(db, "P1", "os:tester", &c, &err) == ONC_OK);
    if (c) {
        CHECK_INT(c->sex, ONC_SEX_FEMALE);
        CHECK_INT(c->age, 58);
        CHECK_STR(c->diagnosis.oncotree_code, "LUAD");
        CHECK_INT(c->n_samples, 2);
        if (c->n_samples == 2) {
            CHECK_STR(c->samples[0].molecular.assay.name, "MINI8");
            CHECK_INT(c->samples[0].molecular.assay.n_genes, 8);
            CHECK_INT(c->samples[0].molecular.n_variants, 2);
            if (c->samples[0].molecular.n_variants == 2) CHECK_STR(c->samples[0].molecular.variants[1].alteration, "R273H");
            CHECK_INT(c->samples[1].molecular.n_copy_number, 1);
        }
    }
    onc_case_free(c);
    CHECK(onc_store_attr_get(db, "P1", "os:tester", &p, &err) == ONC_OK);
    if (p) {
        CHECK_STR(onc_attr_get(p->values, p->n_values, "AGE"), "58");
        const onc_survival_t *pfs = onc_survival_get(p, "PFS");
        CHECK(pfs && fabs(pfs->months - 6.1) < 1e-12 && pfs->event == ONC_TRI_TRUE);
        CHECK(p->n_samples == 2 && strcmp(onc_attr_get(p->samples[1].values, p->samples[1].n_values, "SAMPLE_TYPE"),
                                          "Metastasis") == 0);
    }
    onc_attr_patient_free(p);
    onc_attr_catalog_t cat;
    CHECK(onc_store_attr_catalog(db, &cat, &err) == ONC_OK);
    CHECK(cat.n_studies == 1 && strcmp(cat.studies[0].study_key, "mini_nsclc_2026") == 0);
    CHECK_INT(cat.n_defs, 16);
    onc_attr_catalog_free(&cat);
    CHECK(onc_db_commit(db, &err) == ONC_OK);
    int64_t n_entries = 0;
    CHECK(onc_audit_verify(db, &n_entries, &err) == ONC_OK);
    close_registry(db);
}

static void import_nsclc(void)
{
    const char *dir = shared_data(NSCLC);
    if (!dir) SKIP("../shared/data is absent");
    onc_db_t *db = registry_with(dir);
    if (!db) return;
    onc_err_t err = {0};
    char **ids = NULL;
    size_t n = 0;
    onc_case_t *c = NULL;
    onc_attr_patient_t *p = NULL;
    CHECK(onc_db_begin(db, &err) == ONC_OK);
    CHECK(onc_store_study_patients(db, "nsclc_pd1_msk_2018", "os:tester", &ids, &n, &err) == ONC_OK);
    CHECK_INT(n, 240);
    onc_store_ids_free(ids, n);
    CHECK(onc_store_get_case(db, "P-0012629", "os:tester", &c, &err) == ONC_OK);
    if (c && c->n_samples == 1 && c->samples[0].molecular.n_variants >= 1)
        CHECK_STR(c->samples[0].molecular.variants[0].alteration, "X1010_splice");
    onc_case_free(c);
    CHECK(onc_store_attr_get(db, "P-0012629", "os:tester", &p, &err) == ONC_OK);
    if (p) {
        const onc_survival_t *pfs = onc_survival_get(p, "PFS");
        CHECK(pfs && fabs(pfs->months - 4.8) < 1e-12 && pfs->event == ONC_TRI_TRUE && strcmp(pfs->status, "1:Progressed") == 0);
        CHECK(p->n_samples == 1 &&
              strcmp(onc_attr_get(p->samples[0].values, p->samples[0].n_values, "PDL1_SCORE"), "100") == 0);
    }
    onc_attr_patient_free(p);
    CHECK(onc_db_commit(db, &err) == ONC_OK);
    close_registry(db);
}

/* ---- the command, as a user runs it ---- */

/* Runs "./oncoboard ARGS" quietly; the exit status. */
static int run(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "./oncoboard %s >/dev/null 2>&1", args);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* db import --format cbioportal into a fresh SQLite registry; again (refused); again with
 * --replace (no value twice); the audit chain intact. */
static void cli_import(void)
{
    if (access("./oncoboard", X_OK) != 0) SKIP("./oncoboard is not built");
    char dir[] = "/tmp/onc_cbio_cli_XXXXXX", url[256], args[1024];
    if (!mkdtemp(dir)) SKIP("no temporary folder");
    snprintf(url, sizeof url, "sqlite:%s/r.db", dir);
    snprintf(args, sizeof args, "db init --db %s", url);
    CHECK_INT(run(args), 0);
    snprintf(args, sizeof args, "db import --format cbioportal --db %s " MINI, url);
    CHECK_INT(run(args), 0);
    CHECK_INT(run(args), 2); /* the patients are registered: --replace is needed */
    snprintf(args, sizeof args, "db import --format cbioportal --replace --db %s " MINI, url);
    CHECK_INT(run(args), 0);
    snprintf(args, sizeof args, "audit verify --db %s", url);
    CHECK_INT(run(args), 0);
    onc_db_t *db = NULL;
    onc_err_t err = {0};
    CHECK(onc_db_open(url, NULL, &db, &err) == ONC_OK);
    if (db) {
        CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM patients"), 3);
        CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM patient_attributes"), 19); /* hand count, README */
        CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM sample_attributes"), 18);
        CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM survival_endpoints"), 5);
        CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM clinical_attribute_defs"), 16);
        CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM studies"), 1);
        CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM alterations"), 8);
    }
    onc_db_close(db);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

int main(void)
{
    RUN(mini_clinical);
    RUN(status_values);
    RUN(mini_study);
    RUN(plain_study);
    RUN(bad_study);
    RUN(clinical_only);
    RUN(missing_files);
    RUN(nsclc_study);
    RUN(nsclc_2018_clinical);
    RUN(cli_import);
    if (db_registry_setup() != 0) return 1;
    static const db_test_t tests[] = {DB_TEST(import_mini), DB_TEST(import_nsclc), {NULL, NULL}};
    db_targets_run(tests);
    db_registry_teardown();
    CHECK_EXIT();
}
