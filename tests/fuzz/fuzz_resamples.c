/* fuzz_resamples.c: libFuzzer target for the bootstrap resamples file (onc_resamples_parse,
 * `stats logistic|cox --resamples`). The first byte sets the number of analysed rows (1 to 16),
 * the rest is the file. A parsed set must hold B >= 1 resamples of rows in 0..n-1, survive a
 * write and a parse unchanged, and (up to 8 resamples) drive the C-index's bootstrap over the
 * first n rows of a fixed cohort; crashes, leaks and undefined behaviour are what the
 * sanitizers report. */
#include "oncoboard/stats_assoc.h"
#include "oncoboard/stats_surv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double cohort_time[16] = {5, 3, 8, 3, 1, 9, 4, 4, 7, 2, 6, 8, 5, 1, 3, 9};
static const int cohort_event[16] = {1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1};
static const double cohort_x[16] = {0.3, -1.2, 0.8, 0.1, -0.4, 1.5, 0.0, 0.7, -0.9, 0.2, 1.1, -0.3, 0.6, -1.4, 0.9, 0.4};

static void check_round_trip(const onc_resamples_t *rs)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp) return;
    onc_err_t err = {0};
    onc_rc rc = onc_resamples_write(rs, "round trip", fp, &err);
    fclose(fp);
    onc_resamples_t back;
    if (rc != ONC_OK || onc_resamples_parse(buf, len, "back", rs->n, &back, &err) != ONC_OK) abort();
    if (back.B != rs->B || memcmp(back.row, rs->row, rs->B * rs->n * sizeof *rs->row) != 0) abort();
    onc_resamples_free(&back);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    size_t n = (size_t)(data[0] % 16) + 1;
    onc_resamples_t rs;
    onc_err_t err = {0};
    if (onc_resamples_parse((const char *)data + 1, size - 1, "fuzz", n, &rs, &err) != ONC_OK) {
        if (rs.row || !err.msg[0]) abort();
        return 0;
    }
    if (rs.B == 0 || rs.n != n) abort();
    for (size_t k = 0; k < rs.B * n; k++)
        if (rs.row[k] >= n) abort();
    check_round_trip(&rs);
    if (rs.B <= 8) {
        onc_cox_opts_t o;
        onc_cox_opts_init(&o);
        onc_optimism_t out;
        onc_rc rc = onc_cox_cindex_optimism_rs(cohort_time, cohort_event, cohort_x, n, 1, NULL, &o, &rs, &out, &err);
        (void)rc;
    }
    onc_resamples_free(&rs);
    return 0;
}
