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

#endif
