/* plot_forest.c: the forest plot of a model's ratios (a Cox model's hazard ratios, odds
 * ratios): one row per term with its estimate as a square and its interval as a line on a log
 * axis, a dashed reference line at 1, and the numbers beside it ("0.45 (0.27-0.75)", p). A
 * factor's reference level (a NaN estimate) is a row that says "reference". An interval running
 * past the axis (an infinite limit, a ratio of 0) is cut at the edge with an arrowhead. A
 * subgroup plot (stats cox --by) has header rows, one per subgroup variable with its interaction
 * p-value, and its levels indented under them with their number of patients. */
#include "plot/plot_int.h"

#include <math.h>
#include <stdio.h>

#define FOREST_ROW_H 24.0
#define FOREST_RATIO_LIMIT 1e4 /* the axis covers at most 1e-4 .. 1e4 */
#define FOREST_INDENT 14.0

typedef struct forest_layout {
    plot_scale_t x;
    plot_ticks_t xt;
    double top, label_x, text_x, p_x;
} forest_layout_t;

static onc_rc check_rows(plot_doc_t *d, const onc_plot_forest_t *p)
{
    if (!p->rows || p->n_rows == 0) return plot_fail(d, "forest plot: no rows");
    if (p->n_rows > 500) return plot_fail(d, "forest plot: more than 500 rows");
    size_t estimated = 0;
    for (size_t i = 0; i < p->n_rows; i++) {
        const onc_plot_forest_row_t *r = &p->rows[i];
        const char *name = r->label ? r->label : "(unnamed)";
        if (isnan(r->estimate)) continue; /* a reference level, a header, a subgroup not estimable */
        estimated++;
        if (!(r->estimate > 0) || isinf(r->estimate))
            return plot_fail(d, "forest plot: row %zu (%s): the ratio must be finite and > 0", i + 1, name);
        if (!(r->lower >= 0 && r->lower <= r->estimate && r->upper >= r->estimate))
            return plot_fail(d, "forest plot: row %zu (%s): the interval must hold the estimate", i + 1, name);
    }
    if (!estimated) return plot_fail(d, "forest plot: no row has an estimate");
    return ONC_OK;
}

static const onc_plot_forest_style_t plain_style = {false, false, 0, 0};

static const onc_plot_forest_style_t *style_of(const onc_plot_forest_t *p, size_t i)
{
    return p->styles ? &p->styles[i] : &plain_style;
}

static void layout(const onc_plot_forest_t *p, int w, forest_layout_t *L)
{
    double lo = 1, hi = 1, label_w = plot_text_width(plot_or(p->term_label, "Term"), 12);
    for (size_t i = 0; i < p->n_rows; i++) {
        const onc_plot_forest_row_t *r = &p->rows[i];
        const onc_plot_forest_style_t *st = style_of(p, i);
        label_w = fmax(label_w, FOREST_INDENT * st->indent + plot_text_width(r->label, 12) + (st->n > 0 ? 60 : 0));
        if (isnan(r->estimate)) continue;
        lo = fmin(lo, r->lower > 0 ? r->lower : r->estimate), hi = fmax(hi, isfinite(r->upper) ? r->upper : r->estimate);
    }
    lo = fmax(lo / 1.15, 1 / FOREST_RATIO_LIMIT), hi = fmin(hi * 1.15, FOREST_RATIO_LIMIT);
    plot_log_ticks_cover(&lo, &hi, &L->xt);
    L->top = p->frame.title ? 48 : 22;
    L->label_x = 12;
    double p_w = fmax(58, plot_text_width(plot_or(p->p_label, "p"), 12) + 12); /* "p (interaction)" is wider */
    L->p_x = w - 12.0;
    L->text_x = w - 12.0 - p_w;
    L->x = (plot_scale_t){lo, hi, fmin(label_w + 28, w * 0.4), L->text_x - 160.0, true};
}

static double clip(const forest_layout_t *L, double v, bool *cut)
{
    *cut = v < L->x.d0 || v > L->x.d1;
    return plot_map(&L->x, fmin(fmax(v, L->x.d0), L->x.d1));
}

/* A ratio with two decimals, two significant digits below 0.01 (0.00078, not 0.00) and none
 * from 100 on (1051, not 1051.16). buf has 24 bytes. */
static const char *ratio_text(double v, char *buf)
{
    if (v > 0 && v < 0.01) snprintf(buf, 24, "%.2g", v);
    else if (v >= 100 && isfinite(v)) snprintf(buf, 24, "%.0f", v);
    else snprintf(buf, 24, "%.2f", v);
    return buf;
}

static void draw_p(plot_doc_t *d, const forest_layout_t *L, double p, double y)
{
    char buf[32];
    if (isnan(p)) return;
    if (p < 0.001) snprintf(buf, sizeof buf, "<0.001");
    else snprintf(buf, sizeof buf, "%.2g", p);
    plot_text_ex(d, L->p_x, y + 4, PLOT_END, 12, NULL, 0, "forest-p", buf);
}

/* The label, indented, with its n; a header row larger, with its p. True when that is all. */
static bool draw_label(plot_doc_t *d, const forest_layout_t *L, const onc_plot_forest_row_t *r,
                       const onc_plot_forest_style_t *st, double y)
{
    char buf[512];
    if (st->n > 0) snprintf(buf, sizeof buf, "%s (n %ld)", r->label, st->n);
    else snprintf(buf, sizeof buf, "%s", r->label);
    plot_text_ex(d, L->label_x + FOREST_INDENT * st->indent, y + 4, PLOT_START, st->header ? 13 : 12, NULL, 0,
                 st->header ? "forest-subgroup" : "forest-label", buf);
    if (st->header) draw_p(d, L, r->p, y);
    else if (isnan(r->estimate))
        plot_text_ex(d, plot_map(&L->x, 1) + 6, y + 4, PLOT_START, 11, PLOT_MUTED, 0, "forest-reference",
                     st->not_estimable ? "not estimable" : "reference");
    return st->header || isnan(r->estimate);
}

static void draw_row(plot_doc_t *d, const forest_layout_t *L, const onc_plot_forest_row_t *r,
                     const onc_plot_forest_style_t *st, double y)
{
    char buf[96];
    if (draw_label(d, L, r, st, y)) return;
    bool cut_lo, cut_hi;
    double x0 = clip(L, r->lower, &cut_lo), x1 = clip(L, r->upper, &cut_hi), xe = plot_map(&L->x, r->estimate);
    plot_line(d, x0, y, x1, y, PLOT_INK, 1.5, NULL);
    if (cut_lo || cut_hi) {
        plot_path_begin(d, "forest-arrows", PLOT_INK, 1.5, NULL, NULL, 1);
        if (cut_lo) plot_path_to(d, 'M', x0 + 6, y - 4), plot_path_to(d, 'L', x0, y), plot_path_to(d, 'L', x0 + 6, y + 4);
        if (cut_hi) plot_path_to(d, 'M', x1 - 6, y - 4), plot_path_to(d, 'L', x1, y), plot_path_to(d, 'L', x1 - 6, y + 4);
        plot_path_end(d);
    }
    plot_marker(d, 1, xe, y, 5, PLOT_INK, PLOT_INK);
    char e[24], l[24], u[24];
    snprintf(buf, sizeof buf, "%s (%s-%s)", ratio_text(r->estimate, e), ratio_text(r->lower, l), ratio_text(r->upper, u));
    plot_text_ex(d, L->text_x, y + 4, PLOT_END, 12, NULL, 0, "forest-estimate", buf);
    draw_p(d, L, r->p, y);
}

onc_rc onc_plot_forest(onc_strbuf_t *out, const onc_plot_forest_t *p, onc_err_t *err)
{
    int w, h;
    plot_doc_t d = {out, ONC_OK, err, 0};
    if (check_rows(&d, p) != ONC_OK) return d.rc;
    int def_h = (p->frame.title ? 48 : 22) + 28 + (int)(FOREST_ROW_H * (double)p->n_rows) + 56;
    if (plot_size(&p->frame, 760, def_h < 150 ? 150 : def_h, &w, &h, err) != ONC_OK) return ONC_EINVAL;
    forest_layout_t L;
    layout(p, w, &L);
    double rows_top = L.top + 28, bottom = h - 56.0;
    double row_h = fmin(FOREST_ROW_H * 1.5, (bottom - rows_top) / (double)p->n_rows);
    plot_scale_t y = {0, 1, bottom, L.top + 10, false};
    plot_begin(&d, out, err, w, h, p->frame.title, "Forest plot");
    plot_text_ex(&d, L.label_x, L.top + 12, PLOT_START, 12, NULL, 0, "forest-header", plot_or(p->term_label, "Term"));
    plot_text_ex(&d, L.text_x, L.top + 12, PLOT_END, 12, NULL, 0, "forest-header",
                 plot_or(p->frame.y_label, "Ratio (95% CI)"));
    plot_text_ex(&d, L.p_x, L.top + 12, PLOT_END, 12, NULL, 0, "forest-header", plot_or(p->p_label, "p"));
    plot_axis_bottom(&d, &L.x, &L.xt, bottom, NAN, plot_or(p->frame.x_label, "Hazard ratio"));
    plot_area(&d, &L.x, &y);
    plot_line(&d, plot_map(&L.x, 1), L.top + 20, plot_map(&L.x, 1), bottom, PLOT_MUTED, 1, "4 3");
    for (size_t i = 0; i < p->n_rows; i++)
        draw_row(&d, &L, &p->rows[i], style_of(p, i), rows_top + row_h * ((double)i + 0.5));
    return plot_end(&d);
}
