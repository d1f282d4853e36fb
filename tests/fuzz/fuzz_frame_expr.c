/* fuzz_frame_expr.c: the `--where` condition and `--cut` rule parsers (io_frame_ops.c) and their
 * evaluation on a table. The input is an expression line, then a table: the expression is
 * parsed both as a condition and as a cut; what parses holds (a column name, at least one
 * non-empty value, a quantile strictly between 0 and 1), and is evaluated on the table when the
 * table reads: the rows kept are exactly those marked, in order, and a cut's new column holds only
 * "high", "low" or missing, as many missing as it reports. Failures carry a message. */
#include "oncoboard/frame.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_cond(const onc_frame_cond_t *c)
{
    if (!c->col || !*c->col || c->n_values == 0 || !c->values) abort();
    for (size_t k = 0; k < c->n_values; k++)
        if (!c->values[k] || !*c->values[k]) abort();
}

/* Evaluates c on f and keeps its rows, checking the kept rows are the marked ones. */
static void where(onc_frame_t *f, const onc_frame_cond_t *c)
{
    size_t n = onc_frame_rows(f), cols = onc_frame_cols(f), m = 0;
    bool *keep = malloc((n ? n : 1) * sizeof *keep);
    const char **first = malloc((n ? n : 1) * sizeof *first);
    for (size_t i = 0; i < n; i++) keep[i] = true, first[i] = onc_frame_cell(f, i, cols - 1);
    onc_err_t err = {0};
    if (onc_frame_cond_eval(f, c, 1, keep, &err) != ONC_OK) {
        if (!err.msg[0]) abort();
    } else {
        onc_frame_keep_rows(f, keep);
        for (size_t i = 0; i < n; i++)
            if (keep[i] && onc_frame_cell(f, m++, cols - 1) != first[i]) abort();
        if (onc_frame_rows(f) != m) abort();
    }
    free(keep);
    free(first);
}

static void cut(onc_frame_t *f, const onc_frame_cut_t *c)
{
    if (!c->name || !*c->name || !c->col || !*c->col) abort();
    if (c->quantile && !(c->value > 0 && c->value < 1)) abort();
    onc_err_t err = {0};
    onc_cut_result_t r;
    size_t cols = onc_frame_cols(f);
    if (onc_frame_cut_apply(f, c, &r, &err) != ONC_OK) {
        if (!err.msg[0] || onc_frame_cols(f) != cols) abort();
        return;
    }
    size_t missing = 0;
    for (size_t i = 0; i < onc_frame_rows(f); i++) {
        const char *s = onc_frame_cell(f, i, cols);
        if (!s) missing++;
        else if (strcmp(s, ONC_CUT_HIGH) != 0 && strcmp(s, ONC_CUT_LOW) != 0) abort();
    }
    if (missing != r.n_missing || (r.n_points == 0 && !c->within)) abort();
    for (size_t k = 0; k < r.n_points; k++)
        if (r.points[k].n_high > r.points[k].n) abort();
    onc_cut_result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *nl = memchr(data, '\n', size);
    size_t elen = nl ? (size_t)(nl - (const char *)data) : size;
    char *expr = malloc(elen + 1);
    memcpy(expr, data, elen);
    expr[elen] = '\0';
    onc_frame_t *f = NULL;
    onc_err_t err = {0};
    if (nl && onc_frame_parse(nl + 1, size - elen - 1, "fuzz.tsv", &f, &err) != ONC_OK && !err.msg[0]) abort();
    onc_frame_cond_t c;
    if (onc_frame_cond_parse(expr, &c, &err) == ONC_OK) {
        check_cond(&c);
        if (f) where(f, &c);
        onc_frame_cond_free(&c);
    } else if (!err.msg[0]) abort();
    onc_frame_cut_t k;
    err.msg[0] = '\0';
    if (onc_frame_cut_parse(expr, &k, &err) == ONC_OK) {
        if (f) cut(f, &k);
        onc_frame_cut_free(&k);
    } else if (!err.msg[0]) abort();
    onc_frame_free(f);
    free(expr);
    return 0;
}
