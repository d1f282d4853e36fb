/* frame_read.h: the two steps the statistics tests take on every table: read it (a failure
 * flags the test and gives NULL), and a column as numbers (the caller frees; NULL, flagged, when
 * the column is missing or not numeric). Include after check.h. */
#ifndef ONCOBOARD_TEST_FRAME_READ_H
#define ONCOBOARD_TEST_FRAME_READ_H

#include "oncoboard/frame.h"

#include <stdio.h>
#include <stdlib.h>

__attribute__((unused)) static onc_frame_t *frame(const char *file)
{
    onc_frame_t *f = NULL;
    onc_err_t err = {0};
    if (onc_frame_read(file, &f, &err) != ONC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        check_failed = 1;
        return NULL;
    }
    return f;
}

__attribute__((unused)) static double *column(const onc_frame_t *f, const char *name)
{
    size_t n = onc_frame_rows(f);
    double *v = malloc((n + 1) * sizeof *v);
    onc_err_t err = {0};
    if (!v || onc_frame_numeric(f, name, v, NULL, &err) != ONC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        check_failed = 1;
        free(v);
        return NULL;
    }
    return v;
}

#endif
