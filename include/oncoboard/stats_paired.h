/* stats_paired.h: resistance from paired samples (docs/stats.md, "stats paired"): per patient a
 * sample before treatment and one on treatment or at progression.
 *
 * Two steps, on plain arrays: the pairs found in a sample table (onc_paired_match: each
 * patient's sample at the "before" time point and at the "after" one), then, per gene, the
 * alterations gained and lost between the two samples of each pair with McNemar's test (as R's
 * mcnemar.test, with and without the continuity correction), the p-values adjusted across the
 * genes tested (p.adjust). The change in a count (mutations) is the signed-rank test of
 * stats_assoc.h (onc_signrank_test) on after - before. The gene x sample matrix is
 * stats_cohort.h's (onc_altmatrix_rows on the pairs' sample ids). The functions never print.
 */
#ifndef ONCOBOARD_STATS_PAIRED_H
#define ONCOBOARD_STATS_PAIRED_H

#include "oncoboard/error.h"
#include "oncoboard/stats_assoc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The pairs of n samples: patient[i] (NULL: left out) and when[i] (0 before, 1 after, -1
 * neither). A patient with both gives one pair, in the order of their first sample; a patient
 * with several samples at one time point keeps the first and is counted in *n_ambiguous.
 * before[k], after[k] (n rows of room each) are the rows of pair k. */
onc_rc onc_paired_match(const char *const *patient, const int *when, size_t n, size_t *before, size_t *after,
                        size_t *n_pairs, size_t *n_ambiguous, onc_err_t *err) ONC_MUST_CHECK;

/* One gene over the pairs where both samples were profiled (cells 1 altered, 0 wild type, -1
 * not profiled). table: {altered at both, lost (altered before only), gained (altered after
 * only), at neither}. The McNemar statistics are on 1 df; tested false (NaN numbers, why set)
 * when no pair changed (R: NaN). q and q_uncorrected adjust p and p_uncorrected across the
 * genes tested. */
typedef struct onc_paired_gene {
    const char *gene; /* points into the caller's names */
    size_t n_pairs;
    int64_t table[4];
    bool tested;
    double stat, p, q;                            /* with the continuity correction (R's default) */
    double stat_uncorrected, p_uncorrected, q_uncorrected;
    const char *why;                              /* static text when !tested */
} onc_paired_gene_t;

/* genes[g] with before/after cells gene-major (n_genes x n_pairs: cell[g * n_pairs + k]). *out
 * gets n_genes results (free()), in genes' order. */
onc_rc onc_paired_genes(const char *const *genes, size_t n_genes, const int8_t *before, const int8_t *after,
                        size_t n_pairs, onc_padjust_method adjust, onc_paired_gene_t **out,
                        onc_err_t *err) ONC_MUST_CHECK;

#endif
