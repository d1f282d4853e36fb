/* bench/match_one.c: one new patient against the whole portfolio, the engine alone.
 *
 *   match_one TRIALS CASE.json RUNS
 *
 * Loads the knowledge base, OncoTree, gene tables and the trials once, loads and classifies the
 * case once, then times onc_match_run for that one patient RUNS times (one thread: a request
 * of the server) and prints "median_ms min_ms rows trials". Loading is left out on purpose:
 * the server and `db match` keep the portfolio loaded. Part of bench/match.sh, not of oncoboard.
 */
#include "bench_util.h"
#include "oncoboard/classify.h"
#include "oncoboard/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int fail(const char *what, const onc_err_t *err)
{
    fprintf(stderr, "match_one: %s: %s\n", what, err->msg);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: match_one TRIALS CASE.json RUNS\n", stderr);
        return 2;
    }
    int runs = atoi(argv[3]) > 0 ? atoi(argv[3]) : 100;
    onc_err_t err = {0};
    onc_kb_t *kb = onc_kb_load(NULL, &err);
    if (!kb) return fail("kb", &err);
    onc_oncotree_t *tree = onc_oncotree_load(NULL, &err);
    onc_genes_t *genes = tree ? onc_genes_load(NULL, &err) : NULL;
    if (!genes) return fail("oncotree/genes", &err);
    onc_match_ctx_t ctx = {tree, kb, genes};
    onc_trials_t *trials = NULL;
    if (onc_trials_load(argv[1], &ctx, &trials, &err) != ONC_OK) return fail(argv[1], &err);
    onc_case_t *c = NULL;
    onc_classification_t *cl = NULL;
    onc_match_patient_t *p = NULL;
    onc_classify_opts_t co;
    onc_classify_opts_init(&co);
    if (onc_case_load(argv[2], NULL, &c, &err) != ONC_OK || onc_classify(c, kb, &co, &cl, &err) != ONC_OK ||
        onc_match_patient_from_case(c, cl, &ctx, &p, &err) != ONC_OK)
        return fail(argv[2], &err);
    onc_match_opts_t o;
    onc_match_opts_init(&o);
    o.threads = 1;
    double *ms = calloc((size_t)runs, sizeof *ms);
    size_t rows = 0;
    for (int i = 0; ms && i < runs; i++) {
        onc_match_result_t *r = NULL;
        const onc_match_patient_t *one[1] = {p};
        double t0 = bench_now_ms();
        if (onc_match_run(trials, one, 1, &o, &ctx, &r, &err) != ONC_OK) return fail("match", &err);
        ms[i] = bench_now_ms() - t0;
        rows = onc_match_result_rows(r);
        onc_match_result_free(r);
    }
    if (!ms) return 3;
    qsort(ms, (size_t)runs, sizeof *ms, bench_cmp_double);
    printf("%.3f %.3f %zu %zu\n", ms[runs / 2], ms[0], rows, onc_trials_count(trials));
    free(ms);
    onc_match_patient_free(p);
    onc_classification_free(cl);
    onc_case_free(c);
    onc_trials_free(trials);
    onc_genes_free(genes);
    onc_oncotree_free(tree);
    onc_kb_free(kb);
    return 0;
}
