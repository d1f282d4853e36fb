/* bench/registry_fetch.c: one patient with everything about them, out of a registry opened once.
 *
 *   registry_fetch URL N_PATIENTS RUNS SEED
 *
 * The registry holds the patients P0000001 .. P<N_PATIENTS> of bench/registry_gen.c. Each run
 * picks one at random (splitmix64 from SEED) and, as `report --db --patient` does, opens a
 * transaction, rebuilds the case with onc_store_get_case (every table, and the audited read) and
 * commits. Prints "get_median_ms get_p90_ms tx_median_ms tx_p90_ms alterations_per_case runs":
 * get is onc_store_get_case alone, tx the whole begin .. commit (with the commit's sync to disk).
 * Part of bench/registry.sh, not of oncoboard.
 */
#include "bench_util.h"

#include "oncoboard/db.h"
#include "oncoboard/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static double quantile(double *v, int n, double q)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return v[(int)(q * (n - 1))];
}

static size_t alterations_of(const onc_case_t *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n_samples; i++) {
        const onc_molecular_t *m = &c->samples[i].molecular;
        n += m->n_variants + m->n_fusions + m->n_copy_number;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fputs("usage: registry_fetch URL N_PATIENTS RUNS SEED\n", stderr);
        return 2;
    }
    long n_patients = strtol(argv[2], NULL, 10), runs = strtol(argv[3], NULL, 10);
    bench_rng_seed(strtoull(argv[4], NULL, 10));
    if (n_patients < 1 || runs < 1 || runs > 1000000) {
        fputs("registry_fetch: N_PATIENTS and RUNS must be positive\n", stderr);
        return 2;
    }
    onc_err_t err = {0};
    onc_db_t *db = NULL;
    if (onc_db_open(argv[1], NULL, &db, &err) != ONC_OK || onc_db_schema_check(db, &err) != ONC_OK) {
        fprintf(stderr, "registry_fetch: %s\n", err.msg);
        return 1;
    }
    double *get = malloc((size_t)runs * sizeof *get), *tx = malloc((size_t)runs * sizeof *tx);
    if (!get || !tx) return 1;
    size_t alts = 0;
    for (long i = 0; i < runs; i++) {
        char id[32];
        snprintf(id, sizeof id, "P%07ld", 1 + (long)(bench_rng_next() % (uint64_t)n_patients));
        onc_case_t *c = NULL;
        double t0 = bench_now_ms();
        onc_rc rc = onc_db_begin(db, &err);
        double t1 = bench_now_ms();
        if (rc == ONC_OK) rc = onc_store_get_case(db, id, "os:bench", &c, &err);
        double t2 = bench_now_ms();
        if (rc == ONC_OK) rc = onc_db_commit(db, &err);
        double t3 = bench_now_ms();
        if (rc != ONC_OK) {
            fprintf(stderr, "registry_fetch: %s: %s\n", id, err.msg);
            return 1;
        }
        alts += alterations_of(c);
        onc_case_free(c);
        get[i] = t2 - t1;
        tx[i] = t3 - t0;
    }
    onc_db_close(db);
    double per_case = (double)alts / (double)runs;
    double g50 = quantile(get, (int)runs, 0.5), g90 = quantile(get, (int)runs, 0.9);
    double t50 = quantile(tx, (int)runs, 0.5), t90 = quantile(tx, (int)runs, 0.9);
    printf("%.3f %.3f %.3f %.3f %.1f %ld\n", g50, g90, t50, t90, per_case, runs);
    free(get);
    free(tx);
    return 0;
}
