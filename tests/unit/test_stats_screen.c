/* test_stats_screen.c: cohort statistics on a cBioPortal study (stats_cohort.h) against R.
 *
 * The fixture study tests/data/stats/cohort_study and the expected values
 * tests/data/stats/cohort_reference.tsv are both written by tests/r/cohort_reference.R: R
 * derives the alteration matrix from the files by the documented rules and runs fisher.test,
 * survdiff (with the Mantel-Haenszel hazard ratio), coxph and p.adjust gene by gene. Tolerance
 * 1e-6 relative (1e-10 absolute below 1e-4), except fisher.test's odds ratio and interval, which
 * R finds by uniroot with its default tolerance (1.2e-4): 1e-3 relative here (the tight values
 * are checked in test_stats_assoc.c). On the shared cohort nsclc_pd1_msk_2018 (skipped when
 * absent): research/cohorts.md 2.1's within-cohort gene results (EGFR, STK11, KEAP1).
 */
#include "check.h"
#include "r_reference.h"

#include "oncoboard/stats_cohort.h"

#include <unistd.h>

#define DATA "tests/data/stats/"
#define STUDY DATA "cohort_study"
#define MSK "../shared/data/cohorts/nsclc_pd1_msk_2018"

/* A study, its per-patient (or per-sample) frame and the matrix over the frame's rows. */
typedef struct fixture {
    onc_cbio_study_t *study;
    onc_frame_t *f;
    onc_altmatrix_t m;
    int8_t *rows;
    size_t n;
} fixture_t;

static bool fixture_open(fixture_t *x, const char *dir, bool per_sample, const onc_altmatrix_opts_t *o)
{
    memset(x, 0, sizeof *x);
    onc_err_t err = {0};
    onc_cbio_opts_t co;
    onc_cbio_opts_init(&co);
    if (onc_cbio_study_read(dir, &co, &x->study, &err) != ONC_OK) {
        fprintf(stderr, "%s: %s %s\n", dir, err.msg, x->study && x->study->n_errors ? x->study->errors[0] : "");
        return false;
    }
    CHECK(onc_frame_from_cbio(x->study->clinical, per_sample, dir, &x->f, &err) == ONC_OK);
    CHECK(onc_altmatrix_build(x->study, o, &x->m, &err) == ONC_OK);
    if (!x->f || !x->m.genes) return fprintf(stderr, "%s\n", err.msg), false;
    x->n = onc_frame_rows(x->f);
    int col = onc_frame_col(x->f, per_sample ? "SAMPLE_ID" : "PATIENT_ID");
    CHECK(col >= 0);
    const char **ids = calloc(x->n + 1, sizeof *ids);
    for (size_t i = 0; i < x->n; i++) ids[i] = onc_frame_cell(x->f, i, (size_t)col);
    CHECK(onc_altmatrix_rows(&x->m, ids, x->n, per_sample, &x->rows, &err) == ONC_OK);
    free(ids);
    return x->rows != NULL;
}

static void fixture_close(fixture_t *x)
{
    onc_cbio_study_free(x->study);
    onc_frame_free(x->f);
    onc_altmatrix_free(&x->m);
    free(x->rows);
}

static size_t count(const int8_t *v, size_t n, int8_t what)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += v[i] == what;
    return k;
}

/* ---- the frame ---- */

static void test_frame_from_study(void)
{
    fixture_t x;
    if (!fixture_open(&x, STUDY, false, NULL)) return (void)(check_failed = 1);
    CHECK_INT(onc_frame_rows(x.f), 60);
    CHECK_STR(onc_frame_col_name(x.f, 0), "PATIENT_ID");
    CHECK_STR(onc_frame_col_name(x.f, 1), "SAMPLE_ID");
    CHECK(onc_frame_col(x.f, "OS_STATUS") >= 0);
    CHECK(onc_frame_col(x.f, "TMB") >= 0);
    /* P005 has two samples: its row takes the first, SAMPLE_IDS lists both */
    size_t ids = 0;
    CHECK(onc_frame_find(x.f, "SAMPLE_IDS", &ids, &(onc_err_t){0}) == ONC_OK);
    CHECK_STR(onc_frame_cell(x.f, 4, 0), "P005");
    CHECK_STR(onc_frame_cell(x.f, 4, 1), "P005-T1");
    CHECK_STR(onc_frame_cell(x.f, 4, ids), "P005-T1,P005-T2");
    /* cBioPortal's statuses read as events; P007's AGE is NA: missing */
    int status[60];
    double age[60];
    CHECK(onc_surv_event_column(x.f, STUDY, "OS_STATUS", status, NULL, &(onc_err_t){0}) == ONC_OK);
    for (size_t i = 0; i < 60; i++) CHECK(status[i] == 0 || status[i] == 1);
    CHECK(strcmp(onc_frame_cell(x.f, 0, (size_t)onc_frame_col(x.f, "OS_STATUS")), "1:DECEASED") == 0 ? status[0] == 1
                                                                                                        : status[0] == 0);
    size_t miss = 0;
    CHECK(onc_frame_numeric(x.f, "AGE", age, &miss, &(onc_err_t){0}) == ONC_OK);
    CHECK_INT(miss, 1);
    CHECK(isnan(age[6]));
    fixture_close(&x);

    if (!fixture_open(&x, STUDY, true, NULL)) return (void)(check_failed = 1);
    CHECK_INT(onc_frame_rows(x.f), 63);
    CHECK_STR(onc_frame_cell(x.f, 5, 1), "P005-T2");
    CHECK_STR(onc_frame_cell(x.f, 5, 0), "P005");
    fixture_close(&x);
}

/* ---- the matrix ---- */

static void test_matrix(void)
{
    fixture_t x;
    if (!fixture_open(&x, STUDY, false, NULL)) return (void)(check_failed = 1);
    CHECK_R((double)x.m.n_genes, "matrix.n_genes");
    CHECK_R((double)x.m.n_samples, "matrix.n_samples");
    CHECK_R((double)x.m.n_silent, "matrix.n_silent");
    for (size_t g = 0; g < x.m.n_genes; g++) {
        const char *gene = x.m.genes[g];
        const int8_t *cells = x.m.cell + g * x.m.n_samples;
        CHECK_R((double)count(cells, x.m.n_samples, ONC_ALTM_ALTERED), "matrix.%s.samples_altered", gene);
        CHECK_R((double)count(cells, x.m.n_samples, ONC_ALTM_NOT_PROFILED), "matrix.%s.samples_missing", gene);
        CHECK_R((double)count(x.rows + g * x.n, x.n, ONC_ALTM_ALTERED), "matrix.%s.patients_altered", gene);
        CHECK_R((double)count(x.rows + g * x.n, x.n, ONC_ALTM_NOT_PROFILED), "matrix.%s.patients_missing", gene);
    }
    /* genes sorted, looked up by name; a SMALL6 sample (every 4th) has STK11 missing */
    CHECK_STR(x.m.genes[0], "ALK");
    size_t stk11 = onc_altmatrix_gene(&x.m, "STK11"), s4 = onc_altmatrix_sample(&x.m, "P004-T1");
    CHECK(stk11 < x.m.n_genes && s4 < x.m.n_samples);
    CHECK_INT(x.m.cell[stk11 * x.m.n_samples + s4], ONC_ALTM_NOT_PROFILED);
    CHECK_INT(onc_altmatrix_gene(&x.m, "NOPE"), x.m.n_genes);
    fixture_close(&x);

    /* only CNA: no mutation or SV bit anywhere */
    onc_altmatrix_opts_t o;
    onc_altmatrix_opts_init(&o);
    o.types = ONC_ALTM_AMPLIFICATION | ONC_ALTM_DELETION;
    if (!fixture_open(&x, STUDY, false, &o)) return (void)(check_failed = 1);
    for (size_t k = 0; k < x.m.n_genes * x.m.n_samples; k++)
        CHECK((x.m.kinds[k] & ~(ONC_ALTM_AMPLIFICATION | ONC_ALTM_DELETION)) == 0);
    fixture_close(&x);
    /* oncogenic without a knowledge base */
    onc_altmatrix_t m;
    o.oncogenic = true;
    onc_err_t err = {0};
    onc_cbio_study_t *s = NULL;
    CHECK(onc_cbio_study_read(STUDY, NULL, &s, &err) == ONC_OK);
    CHECK(onc_altmatrix_build(s, &o, &m, &err) == ONC_EINVAL);
    onc_cbio_study_free(s);
}

/* ---- the screen ---- */

typedef struct endpoints {
    int response[60];
    double pfs[60], os[60], age[60];
    int pfs_ev[60], os_ev[60];
} endpoints_t;

static void load_endpoints(const fixture_t *x, endpoints_t *e)
{
    onc_err_t err = {0};
    int col = onc_frame_col(x->f, "RESPONSE");
    for (size_t i = 0; i < 60; i++) {
        const char *r = onc_frame_cell(x->f, i, (size_t)col);
        e->response[i] = !strcmp(r, "CR") || !strcmp(r, "PR") ? 1 : !strcmp(r, "SD") || !strcmp(r, "PD") ? 0 : -1;
    }
    CHECK(onc_frame_numeric(x->f, "PFS_MONTHS", e->pfs, NULL, &err) == ONC_OK);
    CHECK(onc_frame_numeric(x->f, "OS_MONTHS", e->os, NULL, &err) == ONC_OK);
    CHECK(onc_frame_numeric(x->f, "AGE", e->age, NULL, &err) == ONC_OK);
    CHECK(onc_surv_event_column(x->f, STUDY, "PFS_STATUS", e->pfs_ev, NULL, &err) == ONC_OK);
    CHECK(onc_surv_event_column(x->f, STUDY, "OS_STATUS", e->os_ev, NULL, &err) == ONC_OK);
}

static void run_screen(bool cox, onc_screen_t *s, fixture_t *x, endpoints_t *e)
{
    onc_screen_input_t in = {.n = x->n, .n_genes = x->m.n_genes, .genes = (const char *const *)x->m.genes,
                             .altered = x->rows, .response = e->response, .pfs_time = e->pfs,
                             .pfs_status = e->pfs_ev, .os_time = e->os, .os_status = e->os_ev,
                             .covariates = cox ? e->age : NULL, .p = cox ? 1 : 0};
    onc_screen_opts_t o;
    onc_screen_opts_init(&o);
    if (cox) o.cox.eps = 1e-12, o.cox.max_iter = 100;
    onc_err_t err = {0};
    CHECK(onc_screen_run(&in, &o, s, &err) == ONC_OK);
}

static void test_screen_logrank(void)
{
    fixture_t x;
    endpoints_t e;
    if (!fixture_open(&x, STUDY, false, NULL)) return (void)(check_failed = 1);
    load_endpoints(&x, &e);
    onc_screen_t s;
    run_screen(false, &s, &x, &e);
    CHECK_R((double)s.n_rows, "screen.n_listed");
    size_t tested = 0;
    for (size_t i = 0; i < s.n_rows; i++) {
        const onc_screen_row_t *r = &s.rows[i];
        CHECK_R((double)r->n_profiled, "screen.%s.n_profiled", r->gene);
        CHECK_R((double)r->n_altered, "screen.%s.n_altered", r->gene);
        if (!r->test[ONC_SCREEN_RESPONSE].tested) {
            CHECK_R(1, "screen.%s.untested", r->gene);
            CHECK(isnan(r->test[ONC_SCREEN_PFS].p) && r->test[ONC_SCREEN_PFS].why != NULL);
            CHECK(i == s.n_rows - 1); /* untested rows last */
            continue;
        }
        tested++;
        const onc_screen_test_t *t = &r->test[ONC_SCREEN_RESPONSE];
        CHECK_R((double)t->table[0], "screen.%s.response.a", r->gene);
        CHECK_R((double)t->table[3], "screen.%s.response.d", r->gene);
        check_ref_tol(__LINE__, t->est, 1e-3, "screen.%s.response.or", r->gene);
        check_ref_tol(__LINE__, t->lower, 1e-3, "screen.%s.response.or_lower", r->gene);
        check_ref_tol(__LINE__, t->upper, 1e-3, "screen.%s.response.or_upper", r->gene);
        CHECK_R(t->p, "screen.%s.response.p", r->gene);
        CHECK_R(t->q, "screen.%s.response.q", r->gene);
        for (int ep = ONC_SCREEN_PFS; ep <= ONC_SCREEN_OS; ep++) {
            const char *name = onc_screen_endpoint_name(ep);
            t = &r->test[ep];
            CHECK(t->tested);
            CHECK_R(t->est, "screen.%s.%s.hr", r->gene, name);
            CHECK_R(t->lower, "screen.%s.%s.hr_lower", r->gene, name);
            CHECK_R(t->upper, "screen.%s.%s.hr_upper", r->gene, name);
            CHECK_R(t->p, "screen.%s.%s.p", r->gene, name);
            CHECK_R(t->q, "screen.%s.%s.q", r->gene, name);
        }
    }
    for (size_t i = 1; i < tested; i++)
        CHECK(s.rows[i - 1].test[ONC_SCREEN_RESPONSE].p <= s.rows[i].test[ONC_SCREEN_RESPONSE].p);
    CHECK_R((double)tested, "screen.n_tested");
    onc_screen_free(&s);
    fixture_close(&x);
}

static void test_screen_cox(void)
{
    fixture_t x;
    endpoints_t e;
    if (!fixture_open(&x, STUDY, false, NULL)) return (void)(check_failed = 1);
    load_endpoints(&x, &e);
    onc_screen_t s;
    run_screen(true, &s, &x, &e);
    CHECK(s.cox);
    for (size_t i = 0; i < s.n_rows; i++) {
        const onc_screen_row_t *r = &s.rows[i];
        if (!r->test[ONC_SCREEN_RESPONSE].tested) continue;
        for (int ep = ONC_SCREEN_PFS; ep <= ONC_SCREEN_OS; ep++) {
            const char *name = onc_screen_endpoint_name(ep);
            const onc_screen_test_t *t = &r->test[ep];
            CHECK_R(t->est, "screen.%s.%s.cox_hr", r->gene, name);
            CHECK_R(t->lower, "screen.%s.%s.cox_hr_lower", r->gene, name);
            CHECK_R(t->upper, "screen.%s.%s.cox_hr_upper", r->gene, name);
            CHECK_R(t->p, "screen.%s.%s.cox_p", r->gene, name);
        }
    }
    onc_screen_free(&s);
    fixture_close(&x);
}

/* ---- bad input ---- */

static void test_screen_bad_input(void)
{
    const char *genes[] = {"A"};
    int8_t alt[4] = {1, 0, 1, 0};
    onc_screen_input_t in = {.n = 4, .n_genes = 1, .genes = genes, .altered = alt};
    onc_screen_t s;
    onc_err_t err = {0};
    CHECK(onc_screen_run(&in, NULL, &s, &err) == ONC_EINVAL); /* no endpoint */
    CHECK(strstr(err.msg, "endpoint") != NULL);
    double t[4] = {1, 2, 3, 4};
    in.pfs_time = t;
    CHECK(onc_screen_run(&in, NULL, &s, &err) == ONC_EINVAL); /* a time without its status */
    /* no event: listed, not tested, q NaN */
    int st[4] = {0, 0, 0, 0};
    in.pfs_status = st;
    CHECK(onc_screen_run(&in, NULL, &s, &err) == ONC_OK);
    CHECK_INT(s.n_rows, 1);
    CHECK(!s.rows[0].test[ONC_SCREEN_PFS].tested);
    CHECK_STR(s.rows[0].test[ONC_SCREEN_PFS].why, "no event");
    CHECK(isnan(s.rows[0].test[ONC_SCREEN_PFS].q));
    onc_screen_free(&s);
    /* below --min-freq: not listed */
    int8_t rare[4] = {0, 0, 0, -1};
    in.altered = rare;
    CHECK(onc_screen_run(&in, NULL, &s, &err) == ONC_OK);
    CHECK_INT(s.n_rows, 0);
    onc_screen_free(&s);
    onc_screen_opts_t o;
    onc_screen_opts_init(&o);
    o.min_freq = 120;
    CHECK(onc_screen_run(&in, &o, &s, &err) == ONC_EINVAL);
}

/* ---- the shared cohort: research/cohorts.md 2.1 ---- */

static const onc_screen_row_t *row_of(const onc_screen_t *s, const char *gene)
{
    for (size_t i = 0; i < s->n_rows; i++)
        if (!strcmp(s->rows[i].gene, gene)) return &s->rows[i];
    return NULL;
}

static void test_msk_2018_genes(void)
{
    if (access(MSK "/data_mutations.txt", R_OK) != 0) SKIP("%s absent", MSK);
    onc_altmatrix_opts_t o;
    onc_altmatrix_opts_init(&o);
    o.types = ONC_ALTM_MUTATION; /* the research note's gene results are from the MAF */
    fixture_t x;
    if (!fixture_open(&x, MSK, false, &o)) return (void)(check_failed = 1);
    int *resp = calloc(x.n, sizeof *resp);
    int col = onc_frame_col(x.f, "DURABLE_CLINICAL_BENEFIT");
    CHECK(col >= 0);
    for (size_t i = 0; i < x.n; i++) {
        const char *v = onc_frame_cell(x.f, i, (size_t)col);
        resp[i] = v && !strcmp(v, "YES") ? 1 : v && !strcmp(v, "NO") ? 0 : -1;
    }
    onc_screen_input_t in = {.n = x.n, .n_genes = x.m.n_genes, .genes = (const char *const *)x.m.genes,
                             .altered = x.rows, .response = resp};
    onc_screen_opts_t so;
    onc_screen_opts_init(&so);
    so.min_freq = 0;
    onc_screen_t s;
    CHECK(onc_screen_run(&in, &so, &s, &(onc_err_t){0}) == ONC_OK);
    /* cohorts.md 2.1: EGFR mutant 26, DCB 3/23 against 66/204, Fisher p 0.059; STK11 53, 12/52
     * against 57/175, p 0.23; KEAP1 53, 18/52, p 0.49; KRAS 86, 27/83; TP53 141 */
    const onc_screen_row_t *egfr = row_of(&s, "EGFR"), *stk11 = row_of(&s, "STK11"), *keap1 = row_of(&s, "KEAP1"),
                           *kras = row_of(&s, "KRAS"), *tp53 = row_of(&s, "TP53");
    CHECK(egfr && stk11 && keap1 && kras && tp53);
    if (egfr && stk11 && keap1 && kras && tp53) {
        CHECK_INT(egfr->n_altered, 26);
        CHECK_INT(egfr->test[0].table[0], 3);
        CHECK_INT(egfr->test[0].table[0] + egfr->test[0].table[1], 23);
        CHECK_INT(egfr->test[0].table[2], 66);
        CHECK_INT(egfr->test[0].table[2] + egfr->test[0].table[3], 204);
        CHECK_NEAR(egfr->test[0].p, 0.059, 0.0005);
        CHECK_INT(stk11->n_altered, 53);
        CHECK_INT(stk11->test[0].table[0], 12);
        CHECK_INT(stk11->test[0].table[0] + stk11->test[0].table[1], 52);
        CHECK_NEAR(stk11->test[0].p, 0.23, 0.005);
        CHECK_INT(keap1->n_altered, 53);
        CHECK_INT(keap1->test[0].table[0], 18);
        CHECK_NEAR(keap1->test[0].p, 0.49, 0.005);
        CHECK_INT(kras->n_altered, 86);
        CHECK_INT(kras->test[0].table[0], 27);
        CHECK_INT(kras->test[0].table[0] + kras->test[0].table[1], 83);
        CHECK_INT(tp53->n_altered, 141);
        /* "A DCB-vs-NDB Fisher test across the genes with BH FDR leaves nothing significant" */
        for (size_t i = 0; i < s.n_rows; i++) CHECK(!(s.rows[i].test[0].q < 0.05));
    }
    onc_screen_free(&s);
    free(resp);
    fixture_close(&x);
}

int main(void)
{
    load_refs(DATA "cohort_reference.tsv");
    RUN(test_frame_from_study);
    RUN(test_matrix);
    RUN(test_screen_logrank);
    RUN(test_screen_cox);
    RUN(test_screen_bad_input);
    RUN(test_msk_2018_genes);
    CHECK_EXIT();
}
