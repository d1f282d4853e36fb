/* stats_assoc_int.h: what the association statistics' files share (not public): GSL set up to
 * return errors instead of aborting, one root finder, table margins, average ranks, and the loop of
 * Harrell's bootstrap (stats_resamples.c). */
#ifndef ONCOBOARD_STATS_ASSOC_INT_H
#define ONCOBOARD_STATS_ASSOC_INT_H

#include "oncoboard/error.h"

#include <stddef.h>
#include <stdint.h>

/* The largest count in a table (a cap on log-factorial tables and on enumeration). */
#define ONC_ASSOC_MAX_COUNT ((int64_t)10000000)

/* GSL's default error handler aborts the process; the statistics check GSL's return values. */
void onc_assoc_gsl_quiet(void);

/* The root of fn on [lo, hi], where fn changes sign, to full double precision (GSL's Brent). */
onc_rc onc_assoc_root(double (*fn)(double, void *), void *ctx, double lo, double hi, double *root,
                      onc_err_t *err) ONC_MUST_CHECK;

/* The margins of an r x c table (row by row): every count 0..ONC_ASSOC_MAX_COUNT, at least 2
 * rows and 2 columns, no empty row or column (what names the test in messages). */
typedef struct onc_assoc_margins {
    int64_t *row, *col, total;
} onc_assoc_margins_t;
onc_rc onc_assoc_margins(const int64_t *t, size_t r, size_t c, const char *what, onc_assoc_margins_t *m,
                         onc_err_t *err) ONC_MUST_CHECK;
void onc_assoc_margins_free(onc_assoc_margins_t *m);

/* Average ranks of v (no NaN) into rank, as R's rank(ties.method = "average"); the sum of
 * t^3 - t over the groups of t tied values goes to *tie_sum (may be NULL). */
onc_rc onc_assoc_rank(const double *v, size_t n, double *rank, double *tie_sum, onc_err_t *err) ONC_MUST_CHECK;

/* Harrell's bootstrap optimism, the loop both corrections share (the AUC of stats_roc.c, the
 * C-index of stats_concordance.c), in stats_resamples.c: for each resample of rs (given, or
 * drawn one at a time when rs->row is NULL) of the n analysed rows, resample gets its n 0-based
 * row indices and gives its optimism in *gap, ONC_EINVAL to be skipped and counted, any other
 * error to stop. out->apparent is the caller's; used, skipped, optimism (their mean), corrected
 * and seed are filled here. */
typedef onc_rc (*onc_assoc_resample_fn)(const uint32_t *rows, void *ctx, double *gap, onc_err_t *err);
struct onc_optimism;
struct onc_resamples;
onc_rc onc_assoc_bootstrap(const struct onc_resamples *rs, size_t n, onc_assoc_resample_fn resample, void *ctx,
                           struct onc_optimism *out, onc_err_t *err) ONC_MUST_CHECK;

#endif
