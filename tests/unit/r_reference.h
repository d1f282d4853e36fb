/* r_reference.h: reference values written by the R scripts of tests/r (name<TAB>value with 17
 * digits, '#' comment lines) and the check of a value against them: 1e-6 relative, or 1e-10
 * absolute below 1e-4 (issue 7's tolerance). Include after check.h; each test program has its
 * own table (static). */
#ifndef ONCOBOARD_TEST_R_REFERENCE_H
#define ONCOBOARD_TEST_R_REFERENCE_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REF 1000

static struct {
    char name[64];
    double v;
} refs[MAX_REF];
static size_t n_refs;

static void load_refs(const char *file)
{
    FILE *fp = fopen(file, "r");
    if (!fp) return;
    char line[256];
    while (n_refs < MAX_REF && fgets(line, sizeof line, fp)) {
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab || (size_t)(tab - line) >= sizeof refs[0].name) continue;
        memcpy(refs[n_refs].name, line, (size_t)(tab - line));
        refs[n_refs].name[tab - line] = '\0';
        char *end;
        refs[n_refs].v = strtod(tab + 1, &end);
        if (end != tab + 1) n_refs++;
    }
    fclose(fp);
}

static double ref(const char *name)
{
    for (size_t i = 0; i < n_refs; i++)
        if (strcmp(refs[i].name, name) == 0) return refs[i].v;
    fprintf(stderr, "no reference value %s\n", name);
    check_failed = 1;
    return NAN;
}

/* got against the reference value named by fmt (printf), within rel relative (1e-10 absolute
 * below 1e-4 when rel is the default 1e-6). */
static void check_ref_tol(int line, double got, double rel, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void check_ref_tol(int line, double got, double rel, const char *fmt, ...)
{
    char name[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    double want = ref(name), tol = fabs(want) < 1e-4 ? 1e-10 : rel * fabs(want);
    if (isinf(want) && got == want) return;
    if (!(fabs(got - want) <= tol)) {
        fprintf(stderr, "line %d: %s is %.12g, R gives %.12g\n", line, name, got, want);
        check_failed = 1;
    }
}
#define CHECK_R(got, ...) check_ref_tol(__LINE__, got, 1e-6, __VA_ARGS__)

#endif
