/* test_plot.c: the SVG figures of plot.h. The Kaplan-Meier curve is read back from the SVG (its
 * path's vertices mapped back through the plot area's domain) and compared with survival values
 * worked out by hand; the at-risk table with counts by hand and onc_km_n_risk_at; the ticks, the
 * escaping of labels and the refusals of bad input; and every figure is checked to be
 * well-formed XML by a small tag-balance checker written for this test. */
#include "check.h"
#include "oncoboard/plot.h"
#include "oncoboard/stats_assoc.h"
#include "plot/plot_int.h"
#include "svg_read.h"

static void checker_catches_broken_xml(void)
{
    CHECK(xml_well_formed("<svg><g><text x=\"1\">a &amp; b</text></g><line/></svg>"));
    CHECK(!xml_well_formed("<svg><g></svg>"));
    CHECK(!xml_well_formed("<svg><text>a & b</text></svg>"));
    CHECK(!xml_well_formed("<svg><text>a < b</text></svg>"));
    CHECK(!xml_well_formed("<svg a=\"<\"/>"));
    CHECK(!xml_well_formed("<svg/><svg/>"));
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
    onc_strbuf_t b = ONC_STRBUF_INIT;
    area_t a = {0};
    const char *svg = svg_km_one(&b, &km, "arm A", &a);
    CHECK(svg != NULL);
    if (!svg) return;
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

/* ---------------------------------------------------------------- volcano */

static void volcano_highlights_and_labels(void)
{
    onc_plot_volcano_point_t pts[] = {
        {"STK11", -1.5, 1e-4, 0.002}, {"KEAP1", -1.0, 0.001, 0.01}, {"POLE", 2.0, 0.01, 0.05},
        {"TP53", 0.2, 0.4, 0.6}, {"A<B&\"C\"", 0.5, 0.02, 0.08}, {"INF", INFINITY, 0.03, 0.09},
        {"ZERO", 0.1, 0, 0.001},
    };
    onc_plot_volcano_t p = {.points = pts, .n_points = 7, .max_labels = 3};
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    CHECK_INT(onc_plot_volcano(&b, &p, &err), ONC_OK);
    const char *svg = onc_strbuf_str(&b);
    CHECK(xml_well_formed(svg));
    char t[16][32];
    size_t n = texts_of(svg, "point-label", t, 16);
    CHECK_INT(n, 3); /* max_labels: the three smallest p among q < 0.1 */
    CHECK_STR(t[0], "ZERO");
    CHECK_STR(t[1], "STK11");
    CHECK(strstr(svg, "TP53") != NULL && strstr(svg, ">TP53<") == NULL); /* tooltip only, no label */
    CHECK(strstr(svg, "A&lt;B&amp;&quot;C&quot;") != NULL);
    area_t a = {0};
    CHECK(read_area(svg, &a));
    CHECK(a.d[0] == -a.d[1]); /* symmetric effect axis */
    onc_strbuf_free(&b);
    pts[3].p = NAN;
    CHECK_INT(onc_plot_volcano(&b, &p, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "TP53") != NULL);
    pts[3].p = 0.4, pts[3].effect = NAN;
    CHECK_INT(onc_plot_volcano(&b, &p, &err), ONC_EINVAL);
    p.n_points = 0;
    CHECK_INT(onc_plot_volcano(&b, &p, &err), ONC_EINVAL);
    CHECK_STR(onc_strbuf_str(&b), "");
    onc_strbuf_free(&b);
}

/* ---------------------------------------------------------------- forest */

static double px_logx(const area_t *a, double v)
{
    return a->x + (log10(v) - log10(a->d[0])) / (log10(a->d[1]) - log10(a->d[0])) * a->w;
}

static void forest_rows_on_a_log_axis(void)
{
    onc_plot_forest_row_t rows[] = {{"age", 1.01, 0.99, 1.03, 0.23}, {"sex=1", NAN, NAN, NAN, NAN},
                                    {"sex=2", 0.58, 0.41, 0.80, 0.0014}, {"ph.ecog", 1.59, 1.26, 2.01, 3e-5}};
    onc_plot_forest_t p = {.rows = rows, .n_rows = 4};
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    CHECK_INT(onc_plot_forest(&b, &p, &err), ONC_OK);
    const char *svg = onc_strbuf_str(&b);
    CHECK(xml_well_formed(svg));
    char t[8][32];
    CHECK_INT(texts_of(svg, "forest-estimate", t, 8), 3);
    CHECK_STR(t[1], "0.58 (0.41-0.80)");
    CHECK_INT(texts_of(svg, "forest-p", t, 8), 3);
    CHECK_STR(t[1], "0.0014");
    CHECK_STR(t[2], "&lt;0.001"); /* "<0.001", escaped */
    CHECK_INT(texts_of(svg, "forest-reference", t, 8), 1);
    area_t a = {0};
    CHECK(read_area(svg, &a));
    CHECK(a.d[0] < 0.41 && a.d[1] > 2.01);
    /* the square of sex=2 is centred at the log-scale position of 0.58 */
    const char *sq = strstr(svg, "class=\"forest-label\">sex=2");
    CHECK(sq != NULL);
    const char *m = sq ? strstr(sq, "<path") : NULL;
    CHECK(m != NULL);
    if (m) {
        const char *dd = strstr(m, " d=\"M");
        double x0 = strtod(dd + 5, NULL), half = 5;
        CHECK_NEAR(x0 + half, px_logx(&a, 0.58), 0.011);
    }
    onc_strbuf_free(&b);
    rows[0].lower = 1.2; /* an interval that does not hold its estimate */
    CHECK_INT(onc_plot_forest(&b, &p, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "age") != NULL);
    rows[0].lower = 0.99, rows[0].estimate = -1;
    CHECK_INT(onc_plot_forest(&b, &p, &err), ONC_EINVAL);
    onc_plot_forest_row_t ref[] = {{"x", NAN, NAN, NAN, NAN}};
    p.rows = ref, p.n_rows = 1;
    CHECK_INT(onc_plot_forest(&b, &p, &err), ONC_EINVAL);
    onc_strbuf_free(&b);
}

/* ---------------------------------------------------------------- ROC */

static void roc_curve_points_and_plot(void)
{
    /* cases 3, 5, 6 and controls 1, 2, 4 (by hand): thresholds -Inf, 1.5, 2.5, 3.5, 4.5, 5.5, Inf */
    const double score[] = {1, 2, 3, 4, 5, 6}, y[] = {0, 0, 1, 0, 1, 1};
    const double se[] = {1, 1, 1, 2.0 / 3, 2.0 / 3, 1.0 / 3, 0}, sp[] = {0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1, 1, 1};
    onc_roc_curve_t c;
    onc_err_t err = {0};
    CHECK_INT(onc_roc_curve(score, y, 6, true, &c, &err), ONC_OK);
    CHECK_INT(c.n, 7);
    for (size_t i = 0; i < 7 && i < c.n; i++) {
        CHECK_NEAR(c.sensitivity[i], se[i], 1e-15);
        CHECK_NEAR(c.specificity[i], sp[i], 1e-15);
    }
    CHECK_NEAR(c.threshold[3], 3.5, 0);
    CHECK(isinf(c.threshold[0]) && c.threshold[0] < 0);
    /* the trapezoids under the curve are the AUC (8 of 9 pairs ordered) */
    double area = 0, fpr[8], tpr[8];
    for (size_t i = 0; i < c.n; i++) fpr[i] = 1 - c.specificity[i], tpr[i] = c.sensitivity[i];
    for (size_t i = 1; i < c.n; i++) area += (fpr[i - 1] - fpr[i]) * (tpr[i] + tpr[i - 1]) / 2;
    onc_roc_t r;
    CHECK_INT(onc_roc_auc(score, y, 6, true, 0.95, &r, &err), ONC_OK);
    CHECK_NEAR(area, 8.0 / 9, 1e-15);
    CHECK_NEAR(r.auc, area, 1e-15);
    onc_plot_roc_curve_t pc = {"TMB", fpr, tpr, c.n, r.auc};
    onc_plot_roc_t p = {.curves = &pc, .n_curves = 1};
    onc_strbuf_t b = ONC_STRBUF_INIT;
    CHECK_INT(onc_plot_roc(&b, &p, &err), ONC_OK);
    const char *svg = onc_strbuf_str(&b);
    CHECK(xml_well_formed(svg));
    CHECK(strstr(svg, "TMB (AUC 0.889)") != NULL);
    area_t a = {0};
    CHECK(read_area(svg, &a));
    double x[16], yy[16];
    size_t n = path_points(svg, "roc-curve", 0, x, yy, 16);
    CHECK_INT(n, 7);
    CHECK(has_vertex(x, yy, n, px_x(&a, 1.0 / 3), px_y(&a, 2.0 / 3)));
    onc_strbuf_free(&b);
    tpr[2] = 1.5;
    CHECK_INT(onc_plot_roc(&b, &p, &err), ONC_EINVAL);
    pc.n = 1;
    CHECK_INT(onc_plot_roc(&b, &p, &err), ONC_EINVAL);
    onc_roc_curve_free(&c);
    const double only_cases[] = {1, 1, 1};
    CHECK_INT(onc_roc_curve(score, only_cases, 3, true, &c, &err), ONC_EINVAL);
    onc_strbuf_free(&b);
}

/* ---------------------------------------------------------------- waterfall and swimmer */

static void waterfall_sorted_with_recist_lines(void)
{
    onc_plot_waterfall_bar_t bars[] = {{"P1", -45, "PR"}, {"P2", 35, "PD"}, {"P3", -100, "CR"}, {"P4", 5, "SD"}};
    onc_plot_waterfall_t p = {.bars = bars, .n_bars = 4, .recist_lines = true};
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    CHECK_INT(onc_plot_waterfall(&b, &p, &err), ONC_OK);
    const char *svg = onc_strbuf_str(&b);
    CHECK(xml_well_formed(svg));
    /* bars from the largest increase: P2, P4, P1, P3 */
    const char *p2 = strstr(svg, "<title>P2"), *p4 = strstr(svg, "<title>P4"), *p1 = strstr(svg, "<title>P1"),
               *p3 = strstr(svg, "<title>P3");
    CHECK(p2 && p4 && p1 && p3 && p2 < p4 && p4 < p1 && p1 < p3);
    area_t a = {0};
    CHECK(read_area(svg, &a));
    CHECK(a.d[2] <= -100 && a.d[3] >= 35);
    /* the legend in RECIST's order */
    char t[8][32];
    CHECK_INT(texts_of(svg, "legend-label", t, 8), 4);
    CHECK_STR(t[0], "CR");
    CHECK_STR(t[3], "PD");
    /* the dashed lines at +20% and -30% */
    double y20 = px_y(&a, 20), y30 = px_y(&a, -30);
    int found = 0;
    for (const char *l = strstr(svg, "stroke-dasharray=\"6 4\""); l; l = strstr(l + 1, "stroke-dasharray=\"6 4\"")) {
        const char *e = l;
        while (e > svg && strncmp(e, "<line", 5)) e--;
        double yy = attr_num(e, "y1", NULL);
        found += fabs(yy - y20) < 0.006 || fabs(yy - y30) < 0.006;
    }
    CHECK_INT(found, 2);
    CHECK(strstr(svg, ">-30%<") != NULL && strstr(svg, ">+20%<") != NULL);
    onc_strbuf_free(&b);
    bars[1].change_pct = NAN;
    CHECK_INT(onc_plot_waterfall(&b, &p, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "P2") != NULL);
    bars[1].change_pct = -120;
    CHECK_INT(onc_plot_waterfall(&b, &p, &err), ONC_EINVAL);
    onc_strbuf_free(&b);
}

static void swimmer_lanes_segments_markers(void)
{
    onc_plot_swim_segment_t s1[] = {{0, 6, "pembrolizumab"}, {6.5, 14, "docetaxel"}}, s2[] = {{0, 20, "pembrolizumab"}};
    onc_plot_swim_marker_t m1[] = {{2, "response"}, {6, "progression"}, {14, "death"}};
    onc_plot_swim_lane_t lanes[] = {{"P1", s1, 2, m1, 3, false}, {"P2", s2, 1, NULL, 0, true}};
    onc_plot_swimmer_t p = {.lanes = lanes, .n_lanes = 2};
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    CHECK_INT(onc_plot_swimmer(&b, &p, &err), ONC_OK);
    const char *svg = onc_strbuf_str(&b);
    CHECK(xml_well_formed(svg));
    area_t a = {0};
    CHECK(read_area(svg, &a));
    /* docetaxel's bar starts at 6.5 and is 7.5 wide */
    const char *r = strstr(svg, "<title>docetaxel");
    CHECK(r != NULL);
    while (r && r > svg && strncmp(r, "<rect", 5)) r--;
    CHECK_NEAR(attr_num(r, "x", NULL), px_x(&a, 6.5), 0.006);
    CHECK_NEAR(attr_num(r, "width", NULL), px_x(&a, 14) - px_x(&a, 6.5), 0.011);
    /* one arrow (P2 ongoing), the same colour for pembrolizumab in both lanes, 5 legend entries */
    const char *first = strstr(svg, "class=\"swim-ongoing\"");
    CHECK(first != NULL && strstr(first + 1, "class=\"swim-ongoing\"") == NULL);
    char t[8][32];
    CHECK_INT(texts_of(svg, "legend-label", t, 8), 5);
    CHECK_STR(t[0], "pembrolizumab");
    CHECK_STR(t[2], "response");
    onc_strbuf_free(&b);
    s1[1].end = 5;
    CHECK_INT(onc_plot_swimmer(&b, &p, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "P1") != NULL);
    p.n_lanes = 0;
    CHECK_INT(onc_plot_swimmer(&b, &p, &err), ONC_EINVAL);
    onc_strbuf_free(&b);
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
    RUN(volcano_highlights_and_labels);
    RUN(forest_rows_on_a_log_axis);
    RUN(roc_curve_points_and_plot);
    RUN(waterfall_sorted_with_recist_lines);
    RUN(swimmer_lanes_segments_markers);
    RUN(ticks_are_nice);
    RUN(numbers_are_fixed_precision);
    CHECK_EXIT();
}
