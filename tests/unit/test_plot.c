/* test_plot.c: the SVG figures of plot.h. The Kaplan-Meier curve is read back from the SVG (its
 * path's vertices mapped back through the plot area's domain) and compared with survival values
 * worked out by hand; the at-risk table with counts by hand and onc_km_n_risk_at; the ticks, the
 * escaping of labels and the refusals of bad input; and every figure is checked to be
 * well-formed XML by a small tag-balance checker written for this test. */
#include "check.h"
#include "oncoboard/plot.h"
#include "plot/plot_int.h"

#include <ctype.h>

/* ---------------------------------------------------------------- an XML checker */

/* Whether the entity at s (after '&') is one of XML's five or a numeric one. */
static int entity_ok(const char *s)
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
static int xml_well_formed(const char *s)
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

static void checker_catches_broken_xml(void)
{
    CHECK(xml_well_formed("<svg><g><text x=\"1\">a &amp; b</text></g><line/></svg>"));
    CHECK(!xml_well_formed("<svg><g></svg>"));
    CHECK(!xml_well_formed("<svg><text>a & b</text></svg>"));
    CHECK(!xml_well_formed("<svg><text>a < b</text></svg>"));
    CHECK(!xml_well_formed("<svg a=\"<\"/>"));
    CHECK(!xml_well_formed("<svg/><svg/>"));
}

/* ---------------------------------------------------------------- reading an SVG back */

/* The plot area: its pixel box and its domain. */
typedef struct area {
    double x, y, w, h, d[4];
} area_t;

/* The number in attribute name="..." of the element starting at s (NAN when absent). */
static double attr_num(const char *s, const char *name, char **end)
{
    char key[64];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *close = strchr(s, '>'), *p = strstr(s, key);
    if (!p || (close && p > close)) return NAN;
    return strtod(p + strlen(key), end);
}

static int read_area(const char *svg, area_t *a)
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

static double px_x(const area_t *a, double t)
{
    return a->x + (t - a->d[0]) / (a->d[1] - a->d[0]) * a->w;
}

static double px_y(const area_t *a, double v)
{
    return a->y + a->h - (v - a->d[2]) / (a->d[3] - a->d[2]) * a->h;
}

/* The vertices of the n-th path of class cls (from 0): up to cap points; the count. */
static size_t path_points(const char *svg, const char *cls, int nth, double *x, double *y, size_t cap)
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

static int has_vertex(const double *x, const double *y, size_t n, double wx, double wy)
{
    for (size_t i = 0; i < n; i++)
        if (fabs(x[i] - wx) <= 0.006 && fabs(y[i] - wy) <= 0.006) return 1;
    return 0;
}

/* The texts of class cls, in order, into out (up to cap); the count. */
static size_t texts_of(const char *svg, const char *cls, char out[][32], size_t cap)
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

/* ---------------------------------------------------------------- Kaplan-Meier */

/* times 1 2+ 3 3 4+ 5 7+ 8: S = 7/8 at 1, 7/8 * 4/6 at 3, * 2/3 at 5, 0 at 8 (by hand) */
static const double km_time[] = {1, 2, 3, 3, 4, 5, 7, 8};
static const int km_status[] = {1, 0, 1, 1, 0, 1, 0, 1};

static void fit_small(onc_km_t *km)
{
    onc_km_opts_t o;
    onc_km_opts_init(&o);
    onc_err_t err = {0};
    CHECK_INT(onc_km_fit(km_time, km_status, 8, &o, km, &err), ONC_OK);
}

static void km_path_passes_through_the_curve(void)
{
    onc_km_t km = {0};
    fit_small(&km);
    onc_plot_km_curve_t c = {"arm A", &km};
    onc_plot_km_t p = {.curves = &c, .n_curves = 1, .bands = true, .censor_marks = true};
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    CHECK_INT(onc_plot_km(&b, &p, &err), ONC_OK);
    const char *svg = onc_strbuf_str(&b);
    CHECK(xml_well_formed(svg));
    area_t a = {0};
    CHECK(read_area(svg, &a));
    CHECK_NEAR(a.d[0], 0, 0);
    CHECK_NEAR(a.d[1], 8, 0); /* ticks of 1 from 0 to 8 */
    double x[64], y[64];
    size_t n = path_points(svg, "km-curve", 0, x, y, 64);
    const double s1 = 7.0 / 8, s3 = s1 * 4 / 6, s5 = s3 * 2 / 3;
    CHECK(n == 10); /* start, two per drop (4 drops), the end */
    CHECK(has_vertex(x, y, n, px_x(&a, 0), px_y(&a, 1)));
    CHECK(has_vertex(x, y, n, px_x(&a, 1), px_y(&a, 1)));
    CHECK(has_vertex(x, y, n, px_x(&a, 1), px_y(&a, s1)));
    CHECK(has_vertex(x, y, n, px_x(&a, 3), px_y(&a, s1)));
    CHECK(has_vertex(x, y, n, px_x(&a, 3), px_y(&a, s3)));
    CHECK(has_vertex(x, y, n, px_x(&a, 5), px_y(&a, s5)));
    CHECK(has_vertex(x, y, n, px_x(&a, 8), px_y(&a, 0)));
    CHECK(!has_vertex(x, y, n, px_x(&a, 2), px_y(&a, s1 * 5 / 6))); /* a censoring does not drop */
    /* censor ticks at 2, 4 and 7, on the curve */
    n = path_points(svg, "km-censor", 0, x, y, 64);
    CHECK(n == 6);
    CHECK(has_vertex(x, y, n, px_x(&a, 4), px_y(&a, s3) - 5));
    CHECK(has_vertex(x, y, n, px_x(&a, 7), px_y(&a, s5) + 5));
    /* the band stops where the lower limit is missing (S = 0 at 8): its upper edge starts at 1 */
    n = path_points(svg, "km-band", 0, x, y, 64);
    CHECK(n > 4);
    CHECK(has_vertex(x, y, n, px_x(&a, 1), px_y(&a, km.upper[0])));
    CHECK(has_vertex(x, y, n, px_x(&a, 3), px_y(&a, km.lower[2])));
    onc_strbuf_free(&b);
    onc_km_free(&km);
}

static void km_at_risk_table_counts(void)
{
    onc_km_t km = {0};
    fit_small(&km);
    onc_plot_km_curve_t c[2] = {{"A", &km}, {"B", &km}};
    const double at[] = {0, 3, 5, 6, 10};
    onc_plot_km_t p = {.curves = c, .n_curves = 2, .risk_times = at, .n_risk_times = 5};
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    CHECK_INT(onc_plot_km(&b, &p, &err), ONC_OK);
    char t[16][32];
    size_t n = texts_of(onc_strbuf_str(&b), "at-risk", t, 16);
    /* 10 is past the axis (0 to 8): left out; by hand 8, 6, 3, 2 with time >= t */
    static const char *const want[] = {"8", "6", "3", "2"};
    CHECK(n == 8);
    for (size_t i = 0; i < 8 && i < n; i++) {
        CHECK_STR(t[i], want[i % 4]);
        CHECK_NEAR(strtod(t[i], NULL), onc_km_n_risk_at(&km, at[i % 4]), 0);
    }
    n = texts_of(onc_strbuf_str(&b), "risk-label", t, 16);
    CHECK(n == 2);
    onc_strbuf_free(&b);
    onc_km_free(&km);
}

static void km_refuses_bad_input(void)
{
    onc_km_t km = {0};
    fit_small(&km);
    onc_strbuf_t b = ONC_STRBUF_INIT;
    CHECK_INT(onc_strbuf_puts(&b, "kept"), ONC_OK);
    onc_err_t err = {0};
    onc_plot_km_t p = {0};
    CHECK_INT(onc_plot_km(&b, &p, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "no curves") != NULL);
    onc_km_t empty = {0};
    onc_plot_km_curve_t c = {"empty", &empty};
    p.curves = &c, p.n_curves = 1;
    CHECK_INT(onc_plot_km(&b, &p, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "empty") != NULL);
    km.surv[2] = NAN;
    c.km = &km;
    CHECK_INT(onc_plot_km(&b, &p, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "not in [0, 1]") != NULL);
    km.surv[2] = 0.5;
    const double bad_at = NAN;
    p.risk_times = &bad_at, p.n_risk_times = 1;
    CHECK_INT(onc_plot_km(&b, &p, &err), ONC_EINVAL);
    CHECK_STR(onc_strbuf_str(&b), "kept"); /* nothing of a refused figure is left */
    onc_strbuf_free(&b);
    onc_km_free(&km);
}

static void labels_are_escaped(void)
{
    onc_km_t km = {0};
    fit_small(&km);
    onc_plot_km_curve_t c = {"TMB < 10 & \"low\"", &km};
    onc_plot_km_t p = {.frame = {.title = "<script>alert('x')</script>"}, .curves = &c, .n_curves = 1,
                       .annotation = "p < 0.05 & HR > 1"};
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    CHECK_INT(onc_plot_km(&b, &p, &err), ONC_OK);
    const char *svg = onc_strbuf_str(&b);
    CHECK(xml_well_formed(svg));
    CHECK(strstr(svg, "TMB &lt; 10 &amp; &quot;low&quot;") != NULL);
    CHECK(strstr(svg, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") != NULL);
    CHECK(strstr(svg, "<script") == NULL);
    CHECK(strstr(svg, "p &lt; 0.05 &amp; HR &gt; 1") != NULL);
    onc_strbuf_free(&b);
    /* broken UTF-8 and control characters become '?' */
    plot_doc_t d = {&b, ONC_OK, &err, 0};
    plot_escape(&d, "a\x01" "b\xff" "c\xc3\xa9");
    CHECK_STR(onc_strbuf_str(&b), "a?b?c\xc3\xa9");
    onc_strbuf_free(&b);
    onc_km_free(&km);
}

/* ---------------------------------------------------------------- the core */

static void ticks_are_nice(void)
{
    plot_ticks_t t;
    char buf[32];
    plot_nice_ticks(0, 1, 5, &t);
    CHECK_INT(t.n, 6);
    CHECK_NEAR(t.v[1], 0.2, 1e-12);
    CHECK_STR(plot_tick_label(t.v[3], t.decimals, buf), "0.6");
    plot_nice_ticks(0, 1022, 6, &t); /* lung's longest follow-up: steps of 200 to 1200 */
    CHECK_INT(t.n, 7);
    CHECK_NEAR(t.v[6], 1200, 0);
    CHECK_STR(plot_tick_label(t.v[1], t.decimals, buf), "200");
    plot_nice_ticks(-3.2, 4.1, 6, &t); /* 7.3 / 6 = 1.2: steps of 1 from -4 to 5 */
    CHECK_INT(t.n, 10);
    CHECK_NEAR(t.v[0], -4, 0);
    CHECK_NEAR(t.v[t.n - 1], 5, 0);
    CHECK_STR(plot_tick_label(t.v[4], t.decimals, buf), "0");
    plot_nice_ticks(0, 0.037, 4, &t); /* steps of 0.01 */
    CHECK_STR(plot_tick_label(t.v[3], t.decimals, buf), "0.03");
    plot_log_ticks(0.3, 3, &t);
    CHECK_INT(t.n, 3);
    CHECK_STR(plot_tick_label(t.v[0], t.decimals, buf), "0.5");
    CHECK_STR(plot_tick_label(t.v[2], t.decimals, buf), "2");
    plot_scale_t s = {0.1, 10, 0, 200, true};
    CHECK_NEAR(plot_map(&s, 1), 100, 1e-9);
    s = (plot_scale_t){0, 1, 400, 40, false};
    CHECK_NEAR(plot_map(&s, 0.25), 310, 1e-9);
}

static void numbers_are_fixed_precision(void)
{
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    plot_doc_t d = {&b, ONC_OK, &err, 0};
    plot_num(&d, 12.3456);
    plot_raw(&d, " ");
    plot_num(&d, -0.001);
    plot_raw(&d, " ");
    plot_num(&d, 40);
    CHECK_STR(onc_strbuf_str(&b), "12.35 0 40");
    plot_num(&d, NAN);
    CHECK_INT(d.rc, ONC_EINVAL);
    onc_strbuf_free(&b);
}

int main(void)
{
    RUN(checker_catches_broken_xml);
    RUN(km_path_passes_through_the_curve);
    RUN(km_at_risk_table_counts);
    RUN(km_refuses_bad_input);
    RUN(labels_are_escaped);
    RUN(ticks_are_nice);
    RUN(numbers_are_fixed_precision);
    CHECK_EXIT();
}
