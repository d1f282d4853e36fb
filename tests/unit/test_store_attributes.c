/* test_store_attributes.c: clinical attributes, survival endpoints and studies into the registry
 * and back (store_attributes.h), on every database target. A small hand-built patient (one
 * sample) is stored as a case, then its attributes; they must come back as written, a re-put
 * must replace them, an unknown patient or sample must be refused, and every write and read
 * must be in the audit log.
 */
#include "check.h"
#include "db_targets.h"
#include "db_registry.h"

#include "oncoboard/audit.h"
#include "oncoboard/store.h"
#include "oncoboard/store_attributes.h"

#include <unistd.h>

/* Patient P1 with one sample S1 and nothing else: the rows the attributes hang on. */
static onc_case_t *small_case(void)
{
    onc_case_t *c = onc_case_new();
    if (!c) return NULL;
    c->id = onc_case_strdup(c, "P1");
    c->name = "demo_2026";
    c->from_samples = 1;
    c->samples = onc_case_alloc(c, sizeof *c->samples);
    c->n_samples = 1;
    onc_sample_init(&c->samples[0]);
    c->samples[0].id = onc_case_strdup(c, "S1");
    c->samples[0].path = "samples[0]";
    return c;
}

static void store_small_case(onc_db_t *db)
{
    onc_err_t err = {0};
    onc_case_t *c = small_case();
    CHECK(onc_db_begin(db, &err) == ONC_OK);
    CHECK(onc_store_put_case(db, c, "os:tester", NULL, &err) == ONC_OK);
    CHECK(onc_db_commit(db, &err) == ONC_OK);
    onc_case_free(c);
}

static onc_attr_def_t defs[] = {
    {"AGE", ONC_ATTR_PATIENT, "Diagnosis Age", "Age at diagnosis", ONC_ATTR_NUMBER, 1},
    {"OS_STATUS", ONC_ATTR_PATIENT, "Overall Survival Status", NULL, ONC_ATTR_STRING, ONC_INT_MISSING},
    {"SAMPLE_TYPE", ONC_ATTR_SAMPLE, "Sample Type", NULL, ONC_ATTR_STRING, 9},
};

/* Writes P1's attributes with the age given (a re-put changes it). */
static onc_rc put_attrs(onc_db_t *db, const char *age, const char *sample, onc_err_t *err)
{
    onc_attr_value_t pv[] = {{"OS_STATUS", "1:DECEASED", ONC_ATTR_STRING}, {"AGE", age, ONC_ATTR_NUMBER}};
    onc_attr_value_t sv[] = {{"SAMPLE_TYPE", "Primary", ONC_ATTR_STRING}};
    onc_survival_t surv[] = {{"OS", 12.5, ONC_TRI_TRUE, "1:DECEASED"}, {"DFS", ONC_NUM_MISSING, ONC_TRI_UNKNOWN, NULL}};
    onc_attr_sample_t samples[] = {{sample, sv, 1}};
    onc_attr_patient_t p = {"P1", pv, 2, surv, 2, samples, 1};
    onc_study_info_t study = {.study_key = "demo_2026", .name = "Demo", .source = "tests/data/cbio/demo"};
    onc_attr_writer_t *w = NULL;
    onc_rc rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = onc_attr_writer_open(db, &study, defs, 3, "os:tester", &w, err);
    if (rc == ONC_OK) rc = onc_attr_writer_put(w, &p, "os:tester", err);
    onc_attr_writer_close(w);
    if (rc == ONC_OK) rc = onc_db_commit(db, err);
    if (rc == ONC_OK) rc = onc_audit_checkpoint(db, err);
    else onc_db_rollback(db, NULL);
    return rc;
}

static void write_and_read(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    store_small_case(db);

    CHECK(put_attrs(db, "61", "S1", &err) == ONC_OK);
    CHECK(put_attrs(db, "62", "S1", &err) == ONC_OK); /* replaces, no duplicate key */
    CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM patient_attributes"), 2);
    CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM studies"), 1);
    CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM study_patients"), 1);
    CHECK(put_attrs(db, "63", "S9", &err) == ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "sample S9") != NULL);

    onc_attr_patient_t *p = NULL;
    CHECK(onc_db_begin(db, &err) == ONC_OK);
    CHECK(onc_store_attr_get(db, "P1", "os:tester", &p, &err) == ONC_OK);
    if (p) {
        CHECK_INT(p->n_values, 2);
        CHECK_STR(p->values[0].id, "AGE"); /* sorted by id */
        CHECK_STR(p->values[0].value, "62");
        CHECK_INT(p->values[0].datatype, ONC_ATTR_NUMBER);
        CHECK_INT(p->n_survival, 2);
        CHECK_STR(p->survival[0].endpoint, "DFS");
        CHECK(isnan(p->survival[0].months));
        CHECK_INT(p->survival[0].event, ONC_TRI_UNKNOWN);
        CHECK_NEAR(p->survival[1].months, 12.5, 1e-12);
        CHECK_INT(p->survival[1].event, ONC_TRI_TRUE);
        CHECK_STR(p->survival[1].status, "1:DECEASED");
        CHECK_INT(p->n_samples, 1);
        CHECK_STR(p->samples[0].sample_id, "S1");
        CHECK_INT(p->samples[0].n_values, 1);
        CHECK_STR(p->samples[0].values[0].value, "Primary");
    }
    onc_attr_patient_free(p);
    CHECK(onc_store_attr_get(db, "P9", "os:tester", &p, &err) == ONC_ENOTFOUND);

    onc_attr_catalog_t cat;
    CHECK(onc_store_attr_catalog(db, &cat, &err) == ONC_OK);
    CHECK_INT(cat.n_studies, 1);
    CHECK_INT(cat.n_defs, 3);
    if (cat.n_studies == 1 && cat.n_defs == 3) {
        CHECK_STR(cat.studies[0].study_key, "demo_2026");
        CHECK_STR(cat.studies[0].imported_by, "os:tester");
        CHECK_STR(cat.defs[0].id, "AGE");
        CHECK_STR(cat.defs[0].description, "Age at diagnosis");
        CHECK_INT(cat.defs[1].priority, ONC_INT_MISSING);
        CHECK_INT(cat.defs[2].level, ONC_ATTR_SAMPLE);
        CHECK_INT(cat.def_study[2], 0);
    }
    onc_attr_catalog_free(&cat);

    char **ids = NULL;
    size_t n = 0;
    CHECK(onc_store_study_patients(db, "demo_2026", "os:tester", &ids, &n, &err) == ONC_OK);
    CHECK_INT(n, 1);
    if (n == 1) CHECK_STR(ids[0], "P1");
    onc_store_ids_free(ids, n);
    CHECK(onc_store_study_patients(db, "nope", "os:tester", &ids, &n, &err) == ONC_ENOTFOUND);
    onc_db_rollback(db, NULL);

    /* one create, two (study + patient) per successful put; the failed put left nothing */
    CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'clinical_attributes'"), 2);
    CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'study'"), 2);
    int64_t n_entries = 0;
    CHECK(onc_audit_verify(db, &n_entries, &err) == ONC_OK);
    close_registry(db);
}

/* Deleting the patient takes their attributes and endpoints along. */
static void cascade(void)
{
    onc_db_t *db = open_registry();
    if (!db) return;
    onc_err_t err = {0};
    store_small_case(db);
    CHECK(put_attrs(db, "61", "S1", &err) == ONC_OK);
    CHECK(onc_db_exec(db, "DELETE FROM patients", &err) == ONC_OK);
    CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM patient_attributes"), 0);
    CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM sample_attributes"), 0);
    CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM survival_endpoints"), 0);
    CHECK_INT(count_rows(db, "SELECT COUNT(*) FROM study_patients"), 0);
    close_registry(db);
}

int main(void)
{
    if (db_registry_setup() != 0) return 1;
    static const db_test_t tests[] = {DB_TEST(write_and_read), DB_TEST(cascade), {NULL, NULL}};
    db_targets_run(tests);
    db_registry_teardown();
    CHECK_EXIT();
}
