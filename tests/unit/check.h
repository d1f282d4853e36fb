/* check.h: the unit-test harness. A test file defines static void test functions and a
 * main() that RUNs them; each prints one line that tests/run.sh counts:
 *     ok NAME | not ok NAME | skip NAME # reason
 * CHECK* report the failing expression with its file and line on stderr and go on. */
#ifndef ONCOBOARD_TEST_CHECK_H
#define ONCOBOARD_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failed, check_skipped, check_n_failed;
static char check_skip_reason[256];

/* Makes a fresh folder $TMPDIR/NAME-XXXXXX (/tmp when TMPDIR is unset or empty) in buf: buf,
 * or NULL when it cannot be made or its name does not fit in cap bytes. */
static inline char *check_mkdtemp(char *buf, size_t cap, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    int n = snprintf(buf, cap, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    return n > 0 && (size_t)n < cap ? mkdtemp(buf) : NULL;
}

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c);                  \
            check_failed = 1;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (!(g_ == w_ || (g_ && w_ && strcmp(g_, w_) == 0))) {                                    \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #got,     \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                       \
            check_failed = 1;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_INT(got, want)                                                                       \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (g_ != w_) {                                                                            \
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, #got, g_, w_); \
            check_failed = 1;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_NEAR(got, want, tol)                                                                 \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        if (!(fabs(g_ - w_) <= (tol))) {                                                           \
            fprintf(stderr, "%s:%d: %s is %.10g, expected %.10g (tolerance %g)\n", __FILE__,       \
                    __LINE__, #got, g_, w_, (double)(tol));                                        \
            check_failed = 1;                                                                      \
        }                                                                                          \
    } while (0)

/* Marks the running test as skipped (say why) and returns from it. */
#define SKIP(...)                                                                                  \
    do {                                                                                           \
        snprintf(check_skip_reason, sizeof check_skip_reason, __VA_ARGS__);                        \
        check_skipped = 1;                                                                         \
        return;                                                                                    \
    } while (0)

static void check_run(const char *name, void (*fn)(void))
{
    check_failed = check_skipped = 0;
    fn();
    if (check_skipped && !check_failed) printf("skip %s # %s\n", name, check_skip_reason);
    else printf("%s %s\n", check_failed ? "not ok" : "ok", name);
    check_n_failed += check_failed;
    fflush(stdout);
}

#define RUN(fn) check_run(#fn, fn)
#define CHECK_EXIT() return check_n_failed ? 1 : 0

/* A path under the shared test data (../shared/data, or $ONCOBOARD_SHARED_DATA), or NULL
 * when it is not there: tests that need it SKIP. Returns a static buffer. */
__attribute__((unused)) static const char *shared_data(const char *rel)
{
    static char path[4096];
    const char *root = getenv("ONCOBOARD_SHARED_DATA");
    snprintf(path, sizeof path, "%s/%s", root && *root ? root : "../shared/data", rel);
    FILE *fp = fopen(path, "r");
    if (!fp) return NULL;
    fclose(fp);
    return path;
}

#endif
