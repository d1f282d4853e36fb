/* bench/stats_fit.c: oncoboard's side of bench/stats.sh, the library alone as R's side times
 * coxph alone: the CSV read once (frame.h), then RUNS timings of the Cox fit (Efron, 5
 * covariates) and of the Kaplan-Meier curves by arm plus the log-rank test. Prints
 * "read_s cox_s kmlr_s" (elapsed seconds, medians). Usage: stats_fit COHORT.csv [RUNS] */
#include "oncoboard/frame.h"
#include "oncoboard/stats_surv.h"

#include <stdio.h>
#include <stdlib.h>
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

static double median3(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    if (argc < 2) return fprintf(stderr, "usage: stats_fit COHORT.csv [RUNS]\n"), 2;
    int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
    if (runs < 1 || runs > 100) runs = 3;
    onc_err_t err = {0};
    onc_frame_t *f;
    double t0 = now();
    if (onc_frame_read(argv[1], &f, &err) != ONC_OK) return fprintf(stderr, "%s\n", err.msg), 2;
    size_t n = onc_frame_rows(f);
    double *time = malloc(n * sizeof *time), *ev = malloc(n * sizeof *ev), *x = malloc(5 * n * sizeof *x),
           *col = malloc(n * sizeof *col), *t = malloc(n * sizeof *t);
    int *status = malloc(n * sizeof *status), *s = malloc(n * sizeof *s);
    static const char *const names[] = {"x1", "x2", "x3", "x4", "x5"};
    onc_factor_t arm;
    if (onc_frame_numeric(f, "time", time, NULL, &err) || onc_frame_numeric(f, "status", ev, NULL, &err) ||
        onc_surv_status_from(ev, n, status, &err) || onc_frame_factor(f, "arm", NULL, &arm, &err))
        return fprintf(stderr, "%s\n", err.msg), 2;
    for (int j = 0; j < 5; j++) {
        if (onc_frame_numeric(f, names[j], col, NULL, &err)) return fprintf(stderr, "%s\n", err.msg), 2;
        for (size_t i = 0; i < n; i++) x[i * 5 + (size_t)j] = col[i];
    }
    double read_s = now() - t0, cox[100], kmlr[100];
    for (int r = 0; r < runs; r++) {
        onc_cox_t fit;
        t0 = now();
        if (onc_cox_fit(time, status, x, n, 5, NULL, NULL, &fit, &err)) return fprintf(stderr, "%s\n", err.msg), 3;
        cox[r] = now() - t0;
        onc_cox_free(&fit);
        t0 = now();
        for (size_t l = 0; l < arm.n_levels; l++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (arm.code[i] == (int)l) t[m] = time[i], s[m++] = status[i];
            onc_km_t km;
            if (onc_km_fit(t, s, m, NULL, &km, &err)) return fprintf(stderr, "%s\n", err.msg), 3;
            onc_km_free(&km);
        }
        onc_logrank_t lr;
        if (onc_logrank(time, status, arm.code, arm.n_levels, NULL, n, 0, NULL, 0.95, &lr, &err))
            return fprintf(stderr, "%s\n", err.msg), 3;
        onc_logrank_free(&lr);
        kmlr[r] = now() - t0;
    }
    printf("%.3f %.3f %.3f\n", read_s, median3(cox, runs), median3(kmlr, runs));
    onc_factor_free(&arm);
    onc_frame_free(f);
    free(time), free(ev), free(x), free(col), free(t), free(status), free(s);
    return 0;
}
