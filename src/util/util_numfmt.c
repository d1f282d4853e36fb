/* util_numfmt.c: number formatting for large outputs, where printf is the bottleneck (a
 * million-record profile spends more time in printf's floating-point code than in reading the
 * VCF). The results are printf's, byte for byte: test_util compares them over millions of
 * values. */
#include "oncoboard/numfmt.h"

#include <math.h>
#include <stdio.h>

/* printf's "%.6g" for the usual case, without printf: v in [1e-4, 1e6), where %g writes
 * fixed notation with six significant digits and no trailing zeros. Returns the length, or 0
 * when v is outside that range or so close to a rounding boundary that only printf's exact
 * arithmetic can decide (then the caller uses snprintf). */
static int g6_fast(double v, char *out)
{
    if (!(v >= 1e-4 && v < 1e6)) return 0;
    int e = (int)floor(log10(v));
    double scaled = v * pow(10, 5 - e), ip;
    double frac = modf(scaled, &ip);
    if (fabs(frac - 0.5) < 1e-6) return 0;
    int64_t digits = (int64_t)ip + (frac > 0.5);
    if (digits < 100000 || digits > 999999) return 0; /* log10 misjudged a power of ten */
    char d[6];
    for (int i = 5; i >= 0; i--, digits /= 10) d[i] = (char)('0' + digits % 10);
    int last = 5;
    while (last > 0 && d[last] == '0') last--;
    int n = 0;
    if (e < 0) {
        out[n++] = '0';
        out[n++] = '.';
        for (int i = -1; i > e; i--) out[n++] = '0';
        for (int i = 0; i <= last; i++) out[n++] = d[i];
        return n;
    }
    for (int i = 0; i <= e; i++) out[n++] = d[i];
    if (last > e) {
        out[n++] = '.';
        for (int i = e + 1; i <= last; i++) out[n++] = d[i];
    }
    return n;
}

int onc_fmt_g6(double v, char *out)
{
    int n = g6_fast(v, out);
    if (!n) n = snprintf(out, ONC_FMT_MAX, "%.6g", v);
    out[n] = '\0';
    return n;
}

int onc_fmt_int64(int64_t v, char *out)
{
    char tmp[24], *t = tmp + sizeof tmp;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do *--t = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0) *--t = '-';
    int n = (int)(tmp + sizeof tmp - t);
    for (int i = 0; i < n; i++) out[i] = t[i];
    out[n] = '\0';
    return n;
}
