/* fuzz_frame.c: the cohort-table reader (io_frame.c) on arbitrary bytes: it loads or fails with
 * a message, and what it loads holds: every row has the header's width, every present cell is a
 * terminated string that is not a missing word, numeric and factor reads of every column either
 * succeed with codes in range or fail with a message. */
#include "oncoboard/frame.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_column(const onc_frame_t *f, const char *name, double *v)
{
    onc_err_t err = {0};
    if (onc_frame_numeric(f, name, v, NULL, &err) != ONC_OK && !err.msg[0]) abort();
    onc_factor_t fa;
    if (onc_frame_factor(f, name, NULL, &fa, &err) != ONC_OK) {
        if (!err.msg[0]) abort();
        return;
    }
    for (size_t i = 0; i < fa.n; i++)
        if (fa.code[i] < -1 || fa.code[i] >= (int)fa.n_levels) abort();
    onc_factor_free(&fa);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    onc_frame_t *f = NULL;
    onc_err_t err = {0};
    if (onc_frame_parse((const char *)data, size, "fuzz.tsv", &f, &err) != ONC_OK) {
        if (!err.msg[0]) abort();
        return 0;
    }
    size_t rows = onc_frame_rows(f), cols = onc_frame_cols(f);
    if (cols == 0) abort();
    double *v = malloc((rows ? rows : 1) * sizeof *v);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) {
            const char *c = onc_frame_cell(f, i, j);
            if (c && onc_frame_is_missing_word(c)) abort();
        }
    for (size_t j = 0; j < cols && j < 8; j++) check_column(f, onc_frame_col_name(f, j), v);
    free(v);
    onc_frame_free(f);
    return 0;
}
