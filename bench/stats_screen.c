/* bench/stats_screen.c: oncoboard's side of the screen benchmark (bench/stats.sh): the CSV made
 * by bench/screen_gen.R read once (frame.h) into the gene-major alteration matrix, then RUNS
 * timings of onc_screen_run on PFS (log-rank with the Mantel-Haenszel hazard ratio, BH), as
 * bench/screen_r.R times R's loop. Prints "read_s screen_s genes" (elapsed seconds, medians).
 * Usage: stats_screen SCREEN.csv [RUNS] */
#include "oncoboard/frame.h"
#include "oncoboard/stats_cohort.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) return fprintf(stderr, "usage: stats_screen SCREEN.csv [RUNS]\n"), 2;
    int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
    if (runs < 1 || runs > 100) runs = 3;
    onc_err_t err = {0};
    onc_frame_t *f;
    double t0 = now();
    if (onc_frame_read(argv[1], &f, &err) != ONC_OK) return fprintf(stderr, "%s\n", err.msg), 2;
    size_t n = onc_frame_rows(f), g = onc_frame_cols(f) - 2;
    double *time = malloc(n * sizeof *time), *ev = malloc(n * sizeof *ev);
    int *status = malloc(n * sizeof *status);
    int8_t *alt = malloc(n * g);
    const char **genes = malloc(g * sizeof *genes);
    if (onc_frame_numeric(f, "time", time, NULL, &err) || onc_frame_numeric(f, "status", ev, NULL, &err) ||
        onc_surv_status_from(ev, n, status, &err))
        return fprintf(stderr, "%s\n", err.msg), 2;
    /* the gene columns straight into the 0/1/-1 codes of the alteration matrix: the cells are
     * 0, 1 or NA, and need no conversion to doubles */
    for (size_t j = 0; j < g; j++) genes[j] = onc_frame_col_name(f, j + 2);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < g; j++) {
            const char *c = onc_frame_cell(f, i, j + 2);
            if (c && ((c[0] != '0' && c[0] != '1') || c[1]))
                return fprintf(stderr, "%s: row %zu: '%s' is not 0, 1 or NA\n", argv[1], i + 1, c), 2;
            alt[j * n + i] = !c ? ONC_ALTM_NOT_PROFILED : (int8_t)(c[0] - '0');
        }
    double read_s = now() - t0, screen_s[100];
    onc_screen_input_t in = {.n = n, .n_genes = g, .genes = genes, .altered = alt, .pfs_time = time,
                             .pfs_status = status};
    size_t tested = 0;
    for (int r = 0; r < runs; r++) {
        onc_screen_t s;
        t0 = now();
        if (onc_screen_run(&in, NULL, &s, &err)) return fprintf(stderr, "%s\n", err.msg), 3;
        screen_s[r] = now() - t0;
        tested = s.n_rows;
        onc_screen_free(&s);
    }
    qsort(screen_s, (size_t)runs, sizeof *screen_s, cmp_double);
    printf("%.3f %.3f %zu\n", read_s, screen_s[runs / 2], tested);
    onc_frame_free(f);
    free(time), free(ev), free(status), free(alt), free(genes);
    return 0;
}
