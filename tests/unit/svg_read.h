/* svg_read.h: reading a figure of plot.h back in the unit tests (test_plot.c, test_plot_dense.c):
 * a small tag-balance checker for well-formed XML written for these tests, the plot area's pixel
 * box and data domain, a path's vertices, the texts of a class. Header-only (static functions):
 * each test program includes it once. */
#ifndef ONCOBOARD_TEST_SVG_READ_H
#define ONCOBOARD_TEST_SVG_READ_H

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oncoboard/plot.h"

/* ---------------------------------------------------------------- an XML checker */

/* Whether the entity at s (after '&') is one of XML's five or a numeric one. */
static inline int entity_ok(const char *s)
{
    static const char *const ents[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
    for (size_t i = 0; i < 5; i++)
        if (!strncmp(s, ents[i], strlen(ents[i]))) return 1;
    if (*s != '#') return 0;
    s++;
    while (isdigit((unsigned char)*s)) s++;
    return *s == ';';
}

/* Well-formed enough: tags balance and nest, attribute values are quoted and hold no '<',
 * '&' starts an entity, and there is exactly one root element. 1 when so. */
static inline int xml_well_formed(const char *s)
{
    char stack[64][32];
    int depth = 0, roots = 0;
    while (*s) {
        if (*s == '&') {
            if (!entity_ok(s + 1)) return fprintf(stderr, "bad entity near %.20s\n", s), 0;
            s++;
            continue;
        }
        if (*s != '<') {
            if (*s == '>') return fprintf(stderr, "stray '>' near %.20s\n", s), 0;
            s++;
            continue;
        }
        int closing = s[1] == '/';
        const char *name = s + 1 + closing;
        size_t len = strcspn(name, " \t\n/>");
        if (len == 0 || len >= 32) return fprintf(stderr, "bad tag near %.20s\n", s), 0;
        const char *p = name + len;
        char quote = 0;
        for (; *p && (quote || (*p != '>')); p++) {
            if (quote && *p == '<') return fprintf(stderr, "'<' in an attribute near %.30s\n", s), 0;
            if (quote && *p == '&' && !entity_ok(p + 1)) return fprintf(stderr, "bad entity in %.30s\n", s), 0;
            if (*p == '"' || *p == '\'') quote = quote == *p ? 0 : quote ? quote : *p;
        }
        if (!*p) return fprintf(stderr, "unclosed tag near %.20s\n", s), 0;
        int self = p[-1] == '/';
        if (closing) {
            if (depth == 0 || strncmp(stack[depth - 1], name, len) || stack[depth - 1][len])
                return fprintf(stderr, "</%.*s> closes nothing open\n", (int)len, name), 0;
            depth--;
        } else if (!self) {
            if (depth == 0) roots++;
            if (depth == 64) return 0;
            memcpy(stack[depth], name, len);
            stack[depth++][len] = 0;
        } else if (depth == 0) roots++;
        s = p + 1;
    }
    if (depth) fprintf(stderr, "<%s> left open\n", stack[depth - 1]);
    return depth == 0 && roots == 1;
}

/* ---------------------------------------------------------------- reading an SVG back */

/* The plot area: its pixel box and its domain. */
typedef struct area {
    double x, y, w, h, d[4];
} area_t;

/* The number in attribute name="..." of the element starting at s (NAN when absent). */
static inline double attr_num(const char *s, const char *name, char **end)
{
    char key[64];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *close = strchr(s, '>'), *p = strstr(s, key);
    if (!p || (close && p > close)) return NAN;
    return strtod(p + strlen(key), end);
}

static inline int read_area(const char *svg, area_t *a)
{
    const char *s = strstr(svg, "class=\"plot-area\"");
    if (!s) return 0;
    char *end;
    a->x = attr_num(s, "x", NULL), a->y = attr_num(s, "y", NULL);
    a->w = attr_num(s, "width", NULL), a->h = attr_num(s, "height", NULL);
    a->d[0] = attr_num(s, "data-domain", &end);
    if (isnan(a->d[0])) return 0;
    for (int i = 1; i < 4; i++) a->d[i] = strtod(end, &end);
    return !isnan(a->x + a->y + a->w + a->h + a->d[0]);
}

static inline double px_x(const area_t *a, double t)
{
    return a->x + (t - a->d[0]) / (a->d[1] - a->d[0]) * a->w;
}

static inline double px_y(const area_t *a, double v)
{
    return a->y + a->h - (v - a->d[2]) / (a->d[3] - a->d[2]) * a->h;
}

/* The vertices of the n-th path of class cls (from 0): up to cap points; the count. */
static inline size_t path_points(const char *svg, const char *cls, int nth, double *x, double *y, size_t cap)
{
    char key[64];
    snprintf(key, sizeof key, "class=\"%s\"", cls);
    const char *s = svg;
    for (int i = 0; s && i <= nth; i++) s = strstr(i ? s + 1 : s, key);
    if (!s || !(s = strstr(s, " d=\""))) return 0;
    s += 4;
    size_t n = 0;
    while (*s && *s != '"' && n < cap) {
        char *end;
        s++; /* the command letter */
        x[n] = strtod(s, &end);
        y[n++] = strtod(end, &end);
        s = end;
        if (*s == 'Z') s++;
    }
    return n;
}

static inline int has_vertex(const double *x, const double *y, size_t n, double wx, double wy)
{
    for (size_t i = 0; i < n; i++)
        if (fabs(x[i] - wx) <= 0.006 && fabs(y[i] - wy) <= 0.006) return 1;
    return 0;
}

/* The texts of class cls, in order, into out (up to cap); the count. */
static inline size_t texts_of(const char *svg, const char *cls, char out[][32], size_t cap)
{
    char key[64];
    snprintf(key, sizeof key, "class=\"%s\">", cls);
    size_t n = 0;
    for (const char *s = strstr(svg, key); s && n < cap; s = strstr(s + 1, key)) {
        const char *t = s + strlen(key);
        size_t len = strcspn(t, "<");
        if (len > 31) len = 31;
        memcpy(out[n], t, len);
        out[n++][len] = 0;
    }
    return n;
}

/* One Kaplan-Meier curve drawn with its band and censor ticks into b, checked well-formed, its
 * plot area read into a: the SVG, or NULL when any of that failed. */
static inline const char *svg_km_one(onc_strbuf_t *b, const onc_km_t *km, const char *label, area_t *a)
{
    onc_plot_km_curve_t c = {label, km};
    onc_plot_km_t p = {.curves = &c, .n_curves = 1, .bands = true, .censor_marks = true};
    onc_err_t err = {0};
    if (onc_plot_km(b, &p, &err) != ONC_OK) return NULL;
    const char *svg = onc_strbuf_str(b);
    return xml_well_formed(svg) && read_area(svg, a) ? svg : NULL;
}

#endif
