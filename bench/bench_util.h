/* bench/bench_util.h: what the registry benchmark's programs share (bench/registry_gen.c,
 * bench/registry_fetch.c, bench/registry_match.c, bench/match_one.c): a seeded generator, so that
 * the same seed gives the same bytes and the same picks, a monotonic clock, and the order that
 * medians are taken in. Header-only: each program is one file compiled alone. */
#ifndef ONC_BENCH_UTIL_H
#define ONC_BENCH_UTIL_H

#include <stdint.h>
#include <time.h>

static uint64_t bench_rng_state;

static inline void bench_rng_seed(uint64_t seed) { bench_rng_state = seed; }

static inline uint64_t bench_rng_next(void) /* splitmix64 */
{
    uint64_t z = (bench_rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* For qsort of measurements, to take their median. */
static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static inline double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

#endif
