/* stats_paired.c: paired samples (stats_paired.h): the pairs of a sample table, and per gene the
 * alterations gained and lost with McNemar's test (onc_mcnemar_test, as mcnemar.test) and the
 * adjustment across genes (onc_padjust). The pairs are found with a sorted index of the
 * patients, so that a table of many samples is n log n. */
#include "oncoboard/stats_paired.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct by_patient {
    const char *patient;
    size_t row;
} by_patient_t;

static int cmp_patient(const void *a, const void *b)
{
    const by_patient_t *x = a, *y = b;
    int c = strcmp(x->patient, y->patient);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

typedef struct pair_rows {
    size_t first, before, after; /* first: the patient's first row, the pairs' order */
} pair_rows_t;

static int cmp_first(const void *a, const void *b)
{
    size_t x = ((const pair_rows_t *)a)->first, y = ((const pair_rows_t *)b)->first;
    return (x > y) - (x < y);
}

/* One patient's samples idx[0..m) (in row order): their first before and first after row. */
static bool pick_pair(const by_patient_t *idx, size_t m, const int *when, pair_rows_t *p, size_t *ambiguous)
{
    size_t nb = 0, na = 0;
    for (size_t k = 0; k < m; k++) {
        int w = when[idx[k].row];
        if (w == 0 && nb++ == 0) p->before = idx[k].row;
        if (w == 1 && na++ == 0) p->after = idx[k].row;
    }
    if (nb > 1 || na > 1) (*ambiguous)++;
    p->first = idx[0].row;
    return nb && na;
}

onc_rc onc_paired_match(const char *const *patient, const int *when, size_t n, size_t *before, size_t *after,
                        size_t *n_pairs, size_t *n_ambiguous, onc_err_t *err)
{
    *n_pairs = *n_ambiguous = 0;
    by_patient_t *idx = malloc((n ? n : 1) * sizeof *idx);
    pair_rows_t *pairs = malloc((n ? n : 1) * sizeof *pairs);
    if (!idx || !pairs) {
        free(idx), free(pairs);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    size_t m = 0, np = 0;
    for (size_t i = 0; i < n; i++)
        if (patient[i] && patient[i][0]) idx[m++] = (by_patient_t){patient[i], i};
    qsort(idx, m, sizeof *idx, cmp_patient);
    for (size_t s = 0; s < m;) {
        size_t e = s;
        while (e < m && strcmp(idx[e].patient, idx[s].patient) == 0) e++;
        if (pick_pair(idx + s, e - s, when, &pairs[np], n_ambiguous)) np++;
        s = e;
    }
    qsort(pairs, np, sizeof *pairs, cmp_first);
    for (size_t k = 0; k < np; k++) before[k] = pairs[k].before, after[k] = pairs[k].after;
    *n_pairs = np;
    free(idx);
    free(pairs);
    return ONC_OK;
}

/* The gene's 2x2 table over the pairs where both samples were profiled. */
static void count_pairs(const int8_t *b, const int8_t *a, size_t n, onc_paired_gene_t *g)
{
    memset(g->table, 0, sizeof g->table);
    g->n_pairs = 0;
    for (size_t k = 0; k < n; k++) {
        if (b[k] < 0 || a[k] < 0) continue;
        g->n_pairs++;
        g->table[b[k] ? (a[k] ? 0 : 1) : (a[k] ? 2 : 3)]++;
    }
}

static void test_gene(onc_paired_gene_t *g)
{
    g->stat = g->p = g->stat_uncorrected = g->p_uncorrected = g->q = g->q_uncorrected = NAN;
    g->tested = false;
    if (g->table[1] + g->table[2] == 0) {
        g->why = "no pair changed";
        return;
    }
    onc_chisq_t c, u;
    onc_err_t ignored = {0};
    if (onc_mcnemar_test(g->table, 2, true, &c, &ignored) != ONC_OK ||
        onc_mcnemar_test(g->table, 2, false, &u, &ignored) != ONC_OK) {
        g->why = "McNemar's test is undefined";
        return;
    }
    g->tested = true;
    g->why = NULL;
    g->stat = c.stat, g->p = c.p, g->stat_uncorrected = u.stat, g->p_uncorrected = u.p;
}

/* p (or p_uncorrected) of every gene into q (or q_uncorrected), NaN for those not tested. */
static onc_rc adjust_all(onc_paired_gene_t *g, size_t n, onc_padjust_method m, bool corrected, double *buf,
                         onc_err_t *err)
{
    for (size_t i = 0; i < n; i++) buf[i] = corrected ? g[i].p : g[i].p_uncorrected;
    onc_rc rc = onc_padjust(buf, n, m, buf + n, err);
    for (size_t i = 0; rc == ONC_OK && i < n; i++) {
        if (corrected) g[i].q = buf[n + i];
        else g[i].q_uncorrected = buf[n + i];
    }
    return rc;
}

onc_rc onc_paired_genes(const char *const *genes, size_t n_genes, const int8_t *before, const int8_t *after,
                        size_t n_pairs, onc_padjust_method adjust, onc_paired_gene_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_paired_gene_t *g = calloc(n_genes ? n_genes : 1, sizeof *g);
    double *buf = malloc((n_genes ? 2 * n_genes : 2) * sizeof *buf);
    if (!g || !buf) {
        free(g), free(buf);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n_genes; i++) {
        g[i].gene = genes[i];
        count_pairs(before + i * n_pairs, after + i * n_pairs, n_pairs, &g[i]);
        test_gene(&g[i]);
    }
    onc_rc rc = n_genes ? adjust_all(g, n_genes, adjust, true, buf, err) : ONC_OK;
    if (rc == ONC_OK && n_genes) rc = adjust_all(g, n_genes, adjust, false, buf, err);
    free(buf);
    if (rc == ONC_OK) *out = g;
    else free(g);
    return rc;
}
