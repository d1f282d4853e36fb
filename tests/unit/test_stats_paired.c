/* test_stats_paired.c: paired samples (stats_paired.h). The pairs of a small table worked out by
 * hand; then the fixture study written by tests/r/paired_reference.R (tests/data/stats/
 * paired_study), its matrix built by stats_cohort.h, every gene's table, McNemar statistics with
 * and without the continuity correction and BH q-values, and the signed-rank test of the
 * mutation count, against R's values (tests/data/stats/paired_reference.tsv) to 1e-6. */
#include "check.h"
#include "r_reference.h"

#include "oncoboard/frame.h"
#include "oncoboard/stats_cohort.h"
#include "oncoboard/stats_paired.h"

#define STUDY "tests/data/stats/paired_study"

/* Patients A (before, after), B (after only), C (before, two afters: the first is kept), a row
 * without a patient and one at another time point. */
static void pairs_by_hand(void)
{
    const char *patient[] = {"C", "A", "B", NULL, "C", "A", "C", "A"};
    const int when[] = {0, 1, 1, 0, 1, 0, 1, -1};
    size_t before[8], after[8], n = 0, amb = 0;
    onc_err_t err = {0};
    CHECK_INT(onc_paired_match(patient, when, 8, before, after, &n, &amb, &err), ONC_OK);
    CHECK_INT(n, 2);
    CHECK_INT(amb, 1);                                     /* C has two after samples */
    CHECK_INT(before[0], 0);
    CHECK_INT(after[0], 4);     /* C first: its first row comes first */
    CHECK_INT(before[1], 5);
    CHECK_INT(after[1], 1);     /* A */
}

/* McNemar by hand: 1 gained 5 lost: corrected (|5-1|-1)^2/6 = 1.5, uncorrected 16/6. A gene
 * with no change is not tested, and does not count in the adjustment. */
static void genes_by_hand(void)
{
    const char *genes[] = {"G1", "G2"};
    /* 8 pairs: G1 before 1,1,1,1,1,0,0,0 after 0,0,0,0,0,1,0,0 (5 lost, 1 gained); G2 no change,
     * one pair not profiled */
    const int8_t b[] = {1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, -1};
    const int8_t a[] = {0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1};
    onc_paired_gene_t *g = NULL;
    onc_err_t err = {0};
    CHECK_INT(onc_paired_genes(genes, 2, b, a, 8, ONC_PADJ_BH, &g, &err), ONC_OK);
    if (!g) return;
    CHECK_INT(g[0].table[1], 5);
    CHECK_INT(g[0].table[2], 1);
    CHECK_INT(g[0].table[3], 2);
    CHECK_NEAR(g[0].stat, 1.5, 1e-12);
    CHECK_NEAR(g[0].stat_uncorrected, 16.0 / 6, 1e-12);
    CHECK_NEAR(g[0].q, g[0].p, 1e-15); /* the only gene tested */
    CHECK(!g[1].tested && isnan(g[1].p) && g[1].why);
    CHECK_INT(g[1].n_pairs, 7);
    free(g);
}

typedef struct fixture {
    onc_cbio_study_t *study;
    onc_frame_t *f;
    size_t n, n_pairs, n_amb;
    size_t before[200], after[200];
    const char *sample[200], *patient[200];
} fixture_t;

static bool fixture_open(fixture_t *x)
{
    memset(x, 0, sizeof *x);
    onc_cbio_opts_t o;
    onc_cbio_opts_init(&o);
    onc_err_t err = {0};
    size_t sc = 0, pc = 0, tc = 0;
    if (onc_cbio_study_read(STUDY, &o, &x->study, &err) != ONC_OK ||
        onc_frame_from_cbio(x->study->clinical, true, STUDY, &x->f, &err) != ONC_OK ||
        onc_frame_find(x->f, "SAMPLE_ID", &sc, &err) != ONC_OK || onc_frame_find(x->f, "PATIENT_ID", &pc, &err) != ONC_OK ||
        onc_frame_find(x->f, "TIMEPOINT", &tc, &err) != ONC_OK) {
        fprintf(stderr, "%s: %s\n", STUDY, err.msg);
        check_failed = 1;
        return false;
    }
    x->n = onc_frame_rows(x->f);
    CHECK(x->n <= 200);
    int when[200];
    for (size_t i = 0; i < x->n && i < 200; i++) {
        const char *t = onc_frame_cell(x->f, i, tc);
        x->sample[i] = onc_frame_cell(x->f, i, sc);
        x->patient[i] = onc_frame_cell(x->f, i, pc);
        when[i] = !t ? -1 : strcmp(t, "Pre") == 0 ? 0 : strcmp(t, "On") == 0 ? 1 : -1;
    }
    CHECK_INT(onc_paired_match(x->patient, when, x->n, x->before, x->after, &x->n_pairs, &x->n_amb, &err), ONC_OK);
    return true;
}

static void fixture_close(fixture_t *x)
{
    onc_frame_free(x->f);
    onc_cbio_study_free(x->study);
}

static void study_genes(void)
{
    fixture_t x;
    if (!fixture_open(&x)) return fixture_close(&x);
    CHECK_R((double)x.n, "n_samples");
    CHECK_R((double)x.n_pairs, "n_pairs");
    CHECK_INT(x.n_amb, 1); /* P040's second on-treatment sample */
    onc_altmatrix_t m = {0};
    onc_err_t err = {0};
    int8_t *cb = NULL, *ca = NULL;
    const char *ib[200], *ia[200];
    for (size_t k = 0; k < x.n_pairs; k++) ib[k] = x.sample[x.before[k]], ia[k] = x.sample[x.after[k]];
    CHECK_INT(onc_altmatrix_build(x.study, NULL, &m, &err), ONC_OK);
    CHECK_INT(onc_altmatrix_rows(&m, ib, x.n_pairs, true, &cb, &err), ONC_OK);
    CHECK_INT(onc_altmatrix_rows(&m, ia, x.n_pairs, true, &ca, &err), ONC_OK);
    onc_paired_gene_t *g = NULL;
    CHECK_INT(onc_paired_genes((const char *const *)m.genes, m.n_genes, cb, ca, x.n_pairs, ONC_PADJ_BH, &g, &err), ONC_OK);
    CHECK_INT(m.n_genes, 8);
    size_t tested = 0;
    static const char *const cells[] = {"both", "lost", "gained", "neither"};
    for (size_t i = 0; g && i < m.n_genes; i++) {
        for (int c = 0; c < 4; c++) CHECK_R((double)g[i].table[c], "%s.%s", g[i].gene, cells[c]);
        if (!g[i].tested) {
            CHECK_INT(g[i].table[1] + g[i].table[2], 0); /* R: NaN */
            continue;
        }
        tested++;
        CHECK_R(g[i].stat, "%s.stat", g[i].gene);
        CHECK_R(g[i].p, "%s.p", g[i].gene);
        CHECK_R(g[i].q, "%s.q", g[i].gene);
        CHECK_R(g[i].stat_uncorrected, "%s.stat_uncorrected", g[i].gene);
        CHECK_R(g[i].p_uncorrected, "%s.p_uncorrected", g[i].gene);
        CHECK_R(g[i].q_uncorrected, "%s.q_uncorrected", g[i].gene);
    }
    CHECK_R((double)tested, "n_tested");
    free(g), free(cb), free(ca);
    onc_altmatrix_free(&m);
    fixture_close(&x);
}

/* The mutation count, on treatment less before, for every pair and for responders (CR, PR). */
static void study_count(void)
{
    fixture_t x;
    if (!fixture_open(&x)) return fixture_close(&x);
    double count[200];
    size_t rc_col = 0;
    onc_err_t err = {0};
    CHECK_INT(onc_frame_numeric(x.f, "MUTATION_COUNT", count, NULL, &err), ONC_OK);
    CHECK_INT(onc_frame_find(x.f, "RESPONSE", &rc_col, &err), ONC_OK);
    static const char *const names[] = {"all", "responders", "non-responders"};
    for (int grp = 0; grp < 3; grp++) {
        double d[200];
        size_t m = 0;
        for (size_t k = 0; k < x.n_pairs; k++) {
            const char *r = onc_frame_cell(x.f, x.before[k], rc_col);
            bool responder = r && (strcmp(r, "CR") == 0 || strcmp(r, "PR") == 0);
            if ((grp == 1 && !responder) || (grp == 2 && responder)) continue;
            double v = count[x.after[k]] - count[x.before[k]];
            if (!isnan(v)) d[m++] = v;
        }
        onc_rank_test_t w;
        CHECK_R((double)m, "count.%s.n", names[grp]);
        CHECK_INT(onc_signrank_test(d, m, ONC_RANK_AUTO, &w, &err), ONC_OK);
        CHECK_R(w.stat, "count.%s.V", names[grp]);
        CHECK_R(w.p, "count.%s.p", names[grp]);
    }
    fixture_close(&x);
}

int main(void)
{
    load_refs("tests/data/stats/paired_reference.tsv");
    CHECK(n_refs > 50);
    RUN(pairs_by_hand);
    RUN(genes_by_hand);
    RUN(study_genes);
    RUN(study_count);
    CHECK_EXIT();
}
