/* io_frame_int.h: the cohort table's layout, shared by the reader (io_frame.c) and the row and
 * column operations (io_frame_ops.c). Not a public header. */
#ifndef ONCOBOARD_IO_FRAME_INT_H
#define ONCOBOARD_IO_FRAME_INT_H

#include "oncoboard/frame.h"

struct onc_frame {
    char *name;
    char *text;
    size_t n_rows, n_cols, cap_rows;
    char **head;       /* n_cols names (into text, or owned) */
    /* Column-major (cells[j * n_rows + i]; NULL for missing): an analysis reads a column at a
     * time, and on a 500-column table a row-major walk down one column touched a new page per
     * cell. The reader reserves room for as many rows as the text has lines and packs the
     * columns together at the end. */
    char **cells;
    uint64_t *line;    /* per row */
    const char **ref;  /* n_cols default reference levels (NULL each), or NULL */
    char **owned;      /* strings allocated for derived columns, freed with the frame */
    size_t n_owned;
};

/* Keeps a copy of s for the frame's lifetime: the copy, or NULL when out of memory. */
char *frame_own(onc_frame_t *f, const char *s, size_t len);

/* s read whole as a number (strtod, not NaN): true and *v, or false. */
bool frame_parse_number(const char *s, double *v);

#endif
