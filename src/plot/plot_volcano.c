/* plot_volcano.c: the volcano plot of a screen: each gene's effect (log2 odds or hazard ratio)
 * against -log10 of its p-value. Genes whose FDR-adjusted q is below the threshold are coloured
 * by the direction of the effect and the most significant of them labelled (greedily, skipping a
 * label that would overlap one already placed); the rest are grey. An infinite effect (an odds
 * ratio of 0 or infinity) is drawn at the edge of the axis as a triangle, a p-value of 0 at the
 * top; each point carries a <title> with its numbers for a browser's tooltip. */
#include "plot/plot_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define VOLCANO_LEGEND_W 185.0

typedef struct volcano_layout {
    plot_scale_t x, y;
    plot_ticks_t xt, yt;
    double top_p; /* -log10 p drawn for p = 0 */
} volcano_layout_t;

static onc_rc check_points(plot_doc_t *d, const onc_plot_volcano_t *p)
{
    if (!p->points || p->n_points == 0) return plot_fail(d, "volcano plot: no points");
    if (p->n_points > PLOT_MAX_ITEMS) return plot_fail(d, "volcano plot: more than %d points", PLOT_MAX_ITEMS);
    for (size_t i = 0; i < p->n_points; i++) {
        const onc_plot_volcano_point_t *v = &p->points[i];
        const char *name = v->label ? v->label : "(unnamed)";
        if (isnan(v->effect)) return plot_fail(d, "volcano plot: point %zu (%s) has no effect (NaN)", i + 1, name);
        if (!(v->p >= 0 && v->p <= 1))
            return plot_fail(d, "volcano plot: point %zu (%s) has a p-value outside [0, 1]", i + 1, name);
    }
    return ONC_OK;
}

static double neg_log10(double p, double top)
{
    return p > 0 ? -log10(p) : top;
}

static void layout(const onc_plot_volcano_t *p, int w, int h, volcano_layout_t *L)
{
    double m = 0, ymax = 0;
    for (size_t i = 0; i < p->n_points; i++) {
        if (isfinite(p->points[i].effect)) m = fmax(m, fabs(p->points[i].effect));
        if (p->points[i].p > 0) ymax = fmax(ymax, -log10(p->points[i].p));
    }
    L->top_p = ymax > 0 ? ymax * 1.05 : 1;
    plot_nice_ticks(-fmax(m * 1.05, 0.5), fmax(m * 1.05, 0.5), 6, &L->xt);
    plot_nice_ticks(0, fmax(L->top_p, 1), 5, &L->yt);
    double top = p->frame.title ? 44 : 18;
    /* the legend stands right of the plot area, where it hides no point */
    L->x = (plot_scale_t){L->xt.v[0], L->xt.v[L->xt.n - 1], 70, w - 24.0 - VOLCANO_LEGEND_W, false};
    L->y = (plot_scale_t){0, L->yt.v[L->yt.n - 1], h - 52.0, top, false};
}

static bool significant(const onc_plot_volcano_t *p, const onc_plot_volcano_point_t *v)
{
    double thr = p->q_threshold > 0 ? p->q_threshold : 0.1;
    return v->q < thr; /* a NaN q is never significant */
}

static double point_x(const volcano_layout_t *L, double effect)
{
    double e = isinf(effect) ? (effect > 0 ? L->x.d1 : L->x.d0) : effect;
    return plot_map(&L->x, e);
}

static void draw_point(plot_doc_t *d, const onc_plot_volcano_t *p, const volcano_layout_t *L,
                       const onc_plot_volcano_point_t *v)
{
    bool sig = significant(p, v);
    const char *fill = !sig ? "#bdbdbd" : v->effect > 0 ? plot_color(1) : plot_color(2);
    double x = point_x(L, v->effect), y = plot_map(&L->y, neg_log10(v->p, L->top_p));
    if (isinf(v->effect)) plot_marker(d, 2, x, y, 4, fill, sig ? PLOT_INK : PLOT_MUTED);
    else {
        plot_raw(d, "<circle class=\"volcano-point\" cx=\"");
        plot_num(d, x);
        plot_raw(d, "\" cy=\"");
        plot_num(d, y);
        plot_printf(d, "\" r=\"%s\" fill=\"%s\" stroke=\"%s\"><title>", sig ? "4" : "3", fill,
                    sig ? PLOT_INK : PLOT_MUTED);
        plot_escape(d, v->label);
        plot_printf(d, ": log2 ratio %.3g, p %.3g, q %.3g</title></circle>\n", v->effect, v->p, v->q);
    }
}

static int by_p(const void *a, const void *b)
{
    const onc_plot_volcano_point_t *x = *(const onc_plot_volcano_point_t *const *)a,
                                   *y = *(const onc_plot_volcano_point_t *const *)b;
    return x->p < y->p ? -1 : x->p > y->p ? 1 : 0;
}

typedef struct box {
    double x0, y0, x1, y1;
} box_t;

/* Labels the most significant points, skipping one that would overlap a label placed before. */
static onc_rc draw_labels(plot_doc_t *d, const onc_plot_volcano_t *p, const volcano_layout_t *L)
{
    size_t max = p->max_labels ? p->max_labels : 15, n = 0, placed = 0;
    const onc_plot_volcano_point_t **sig = malloc(p->n_points * sizeof *sig);
    box_t *boxes = malloc((max + 1) * sizeof *boxes);
    if (!sig || !boxes) {
        free(sig), free(boxes);
        return onc_err_set(d->err, ONC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < p->n_points; i++)
        if (significant(p, &p->points[i]) && p->points[i].label) sig[n++] = &p->points[i];
    qsort(sig, n, sizeof *sig, by_p);
    plot_raw(d, "<g class=\"volcano-labels\">\n");
    for (size_t i = 0; i < n && placed < max; i++) {
        double x = point_x(L, sig[i]->effect), y = plot_map(&L->y, neg_log10(sig[i]->p, L->top_p));
        double tw = plot_text_width(sig[i]->label, 11);
        bool left = x + 6 + tw > L->x.r1;
        box_t b = {left ? x - 6 - tw : x + 6, y - 11, left ? x - 6 : x + 6 + tw, y + 2};
        bool clash = false;
        for (size_t j = 0; j < placed && !clash; j++)
            clash = b.x0 < boxes[j].x1 && boxes[j].x0 < b.x1 && b.y0 < boxes[j].y1 && boxes[j].y0 < b.y1;
        if (clash) continue;
        boxes[placed++] = b;
        plot_text_ex(d, left ? x - 6 : x + 6, y - 2, left ? PLOT_END : PLOT_START, 11, NULL, 0, "point-label",
                     sig[i]->label);
    }
    plot_raw(d, "</g>\n");
    free(sig), free(boxes);
    return d->rc;
}

onc_rc onc_plot_volcano(onc_strbuf_t *out, const onc_plot_volcano_t *p, onc_err_t *err)
{
    int w, h;
    plot_doc_t d = {out, ONC_OK, err, 0};
    if (check_points(&d, p) != ONC_OK) return d.rc;
    if (plot_size(&p->frame, 760, 480, &w, &h, err) != ONC_OK) return ONC_EINVAL;
    volcano_layout_t L;
    layout(p, w, h, &L);
    plot_begin(&d, out, err, w, h, p->frame.title, "Volcano plot");
    plot_axis_left(&d, &L.y, &L.yt, L.x.r0, L.x.r1, plot_or(p->frame.y_label, "-log10 p"));
    plot_axis_bottom(&d, &L.x, &L.xt, L.y.r0, L.y.r1, plot_or(p->frame.x_label, "log2 ratio"));
    plot_area(&d, &L.x, &L.y);
    plot_line(&d, plot_map(&L.x, 0), L.y.r0, plot_map(&L.x, 0), L.y.r1, PLOT_MUTED, 1, "4 3");
    plot_raw(&d, "<g class=\"volcano-points\">\n");
    /* the grey ones first, so that the significant ones stay on top */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < p->n_points; i++)
            if (significant(p, &p->points[i]) == (pass == 1)) draw_point(&d, p, &L, &p->points[i]);
    plot_raw(&d, "</g>\n");
    if (d.rc == ONC_OK && draw_labels(&d, p, &L) != ONC_OK && d.rc == ONC_OK) d.rc = ONC_ENOMEM;
    char thr[64];
    snprintf(thr, sizeof thr, "q < %g", p->q_threshold > 0 ? p->q_threshold : 0.1);
    char up[96], down[96];
    snprintf(up, sizeof up, "%s, ratio > 1", thr);
    snprintf(down, sizeof down, "%s, ratio < 1", thr);
    plot_legend_item_t items[3] = {{up, plot_color(1), NULL, 0}, {down, plot_color(2), NULL, 0},
                                   {"not significant", "#bdbdbd", NULL, 0}};
    plot_legend(&d, L.x.r1 + 16, L.y.r1 + 12, items, 3);
    return plot_end(&d);
}
