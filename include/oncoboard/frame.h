/* frame.h: a cohort table for the statistics: a TSV or CSV file with a header row, read whole,
 * its columns found by name and read as numbers or as factors.
 *
 * The delimiter is a tab when the header has one, else a comma (CSV with RFC 4180 quoting).
 * Lines starting with '#' before the header are skipped (cBioPortal's clinical files carry four
 * such lines of attribute metadata). A missing value is an empty cell or one of the words R and
 * cBioPortal write for it: NA, NaN, ".", "[Not Available]", "[Not Applicable]", "[Unknown]",
 * "[Not Evaluated]". Errors name the file, the line and the column.
 */
#ifndef ONCOBOARD_FRAME_H
#define ONCOBOARD_FRAME_H

#include "oncoboard/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct onc_frame onc_frame_t;

#define ONC_FRAME_MAX_COLS 4096
#define ONC_FRAME_MAX_BYTES ((size_t)2 << 30) /* 2 GiB of text */

onc_rc onc_frame_read(const char *path, onc_frame_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* The same from text in memory (copied); name is used in messages. */
onc_rc onc_frame_parse(const char *text, size_t len, const char *name, onc_frame_t **out,
                       onc_err_t *err) ONC_MUST_CHECK;
void onc_frame_free(onc_frame_t *f); /* accepts NULL */

size_t onc_frame_rows(const onc_frame_t *f);
size_t onc_frame_cols(const onc_frame_t *f);
const char *onc_frame_col_name(const onc_frame_t *f, size_t j);
/* The index of column name, or -1. */
int onc_frame_col(const onc_frame_t *f, const char *name);
/* The column index of name: ONC_OK, or ONC_ENOTFOUND naming the file, the column and the
 * columns there are. */
onc_rc onc_frame_find(const onc_frame_t *f, const char *name, size_t *j, onc_err_t *err) ONC_MUST_CHECK;
/* Cell (row i, column j); NULL when missing. */
const char *onc_frame_cell(const onc_frame_t *f, size_t i, size_t j);
/* The file line of row i (for messages). */
uint64_t onc_frame_line(const onc_frame_t *f, size_t i);
bool onc_frame_is_missing_word(const char *s);

/* Column name as numbers in out (rows() values; NaN when missing); *n_missing (may be NULL)
 * counts them. A cell that is not a number is ONC_EPARSE "FILE:LINE: field NAME: ...". */
onc_rc onc_frame_numeric(const onc_frame_t *f, const char *name, double *out, size_t *n_missing,
                         onc_err_t *err) ONC_MUST_CHECK;

/* A column as a factor: the distinct values sorted in byte order (R's order in the C locale),
 * ref (when not NULL) moved first as the reference level; code[i] the level of row i, or -1
 * when missing. The level names point into the frame: valid while it lives. */
typedef struct onc_factor {
    const char **levels;
    size_t n_levels;
    int *code;
    size_t n;
} onc_factor_t;
onc_rc onc_frame_factor(const onc_frame_t *f, const char *name, const char *ref, onc_factor_t *out,
                        onc_err_t *err) ONC_MUST_CHECK;
void onc_factor_free(onc_factor_t *fa);

/* ---------------------------------------------------------------- subsets (io_frame_ops.c) */

/* A condition on one column, as `--where` writes it: COL=V, COL!=V, COL<V, COL<=V, COL>V,
 * COL>=V, or COL in A|B|C. The operator is the first of = ! < > in the text (so a value may hold
 * them, a column name may not); without one, the last " in " (so a column name may hold " in ").
 * Spaces around the column and the values are dropped. A missing cell fails every condition,
 * != included. = and != (and in) compare as numbers when the cell and the value are both
 * numbers ("1.0" = "1"), else byte for byte; < <= > >= need a number V (checked when parsed)
 * and a number in every present cell (an error naming the file, line and column otherwise). */
typedef enum { ONC_COND_EQ, ONC_COND_NE, ONC_COND_LT, ONC_COND_LE, ONC_COND_GT, ONC_COND_GE, ONC_COND_IN } onc_cond_op_t;

#define ONC_COND_MAX_TEXT 4096 /* bytes of one expression */
#define ONC_COND_MAX_VALUES 256 /* values of one `in` list */

typedef struct onc_frame_cond {
    char *text;          /* owned: expr, then the cut copy the pointers below point into */
    const char *expr;    /* the expression as written (for messages) */
    const char *col;
    onc_cond_op_t op;
    const char **values; /* n_values (1 unless in) */
    double *numbers;     /* each value as a number, NaN when it is not one */
    size_t n_values;
} onc_frame_cond_t;

onc_rc onc_frame_cond_parse(const char *expr, onc_frame_cond_t *out, onc_err_t *err) ONC_MUST_CHECK;
void onc_frame_cond_free(onc_frame_cond_t *c);
/* keep[i] (rows() entries) stays true only where every condition holds at row i. */
onc_rc onc_frame_cond_eval(const onc_frame_t *f, const onc_frame_cond_t *conds, size_t n, bool *keep,
                           onc_err_t *err) ONC_MUST_CHECK;
/* Drops the rows whose keep[i] is false, in place (the order of the others kept). */
void onc_frame_keep_rows(onc_frame_t *f, const bool *keep);

/* ---------------------------------------------------------------- derived groups */

/* The type 7 quantile of R's quantile() (its default) of n sorted values at probability p in
 * [0, 1]: with index 1 + (n - 1) p, lo = floor(index), h = index - lo, (1 - h) x[lo] + h x[lo+1]
 * (1-based), computed as R computes it. NaN when n is 0. */
double onc_quantile_type7(const double *sorted, size_t n, double p);

/* `--cut NAME=COL:RULE[/within GROUP]`: a new column NAME, "high" where COL >= the cut-point and
 * "low" below it (missing where COL, or GROUP with /within, is missing). RULE: a number (the
 * cut-point itself), `median` (q0.5) or `qP` (0 < P < 1: the type 7 quantile of COL's present
 * values). /within GROUP: the quantile computed within each level of GROUP. "low" is the
 * column's reference level (onc_frame_factor puts it first unless told otherwise). */
#define ONC_CUT_HIGH "high"
#define ONC_CUT_LOW "low"

typedef struct onc_frame_cut {
    char *text; /* owned: the spec as written, then the cut copy the names point into */
    const char *name, *col, *within;
    bool quantile; /* false: value is the cut-point */
    double value;  /* the cut-point, or the probability of a quantile rule */
} onc_frame_cut_t;

onc_rc onc_frame_cut_parse(const char *spec, onc_frame_cut_t *out, onc_err_t *err) ONC_MUST_CHECK;
void onc_frame_cut_free(onc_frame_cut_t *c);

typedef struct onc_cut_point {
    const char *level; /* the /within level (points into the frame), NULL without /within */
    double cut;        /* NaN when the level has no present value */
    size_t n, n_high;  /* rows with a value, and those at or above the cut */
} onc_cut_point_t;

typedef struct onc_cut_result {
    onc_cut_point_t *points; /* one, or one per level of the /within column in byte order */
    size_t n_points;
    size_t n_missing;        /* rows left missing */
} onc_cut_result_t;

/* Adds the column (an error when NAME is already a column); res (may be NULL) gets the
 * cut-points used, freed by onc_cut_result_free. */
onc_rc onc_frame_cut_apply(onc_frame_t *f, const onc_frame_cut_t *cut, onc_cut_result_t *res,
                           onc_err_t *err) ONC_MUST_CHECK;
void onc_cut_result_free(onc_cut_result_t *r);

#endif
