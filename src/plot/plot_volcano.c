/* plot_volcano.c: the volcano plot of a screen: each gene's effect (log2 odds or hazard ratio)
 * against -log10 of its p-value. Genes whose FDR-adjusted q is below the threshold are coloured
 * by the direction of the effect and the most significant of them labelled where the label hides
 * no point, no other label and no axis, with a leader line when it stands away from its point
 * (plot_label.c); the rest are grey. An infinite effect (an odds
 * ratio of 0 or infinity) is drawn at the edge of the axis as a triangle, a p-value of 0 at the
 * top; each point carries a <title> with its numbers for a browser's tooltip. */
#include "plot/plot_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define VOLCANO_LEGEND_W 185.0
#define VOLCANO_LABELS 15          /* labelled points when the caller does not say */
#define VOLCANO_LABEL_H 13.0       /* a label's box at 11 px: ascent 10, descent 3 */
#define VOLCANO_LABEL_DESCENT 3.0

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
    if (x->p != y->p) return x->p < y->p ? -1 : 1;
    return x < y ? -1 : x > y; /* ties in the order given: the same figure on every libc */
}

/* Each point's marker as the labeler sees it (radius with the stroke). */
static plot_circle_t *markers(const onc_plot_volcano_t *p, const volcano_layout_t *L)
{
    plot_circle_t *c = malloc(p->n_points * sizeof *c);
    for (size_t i = 0; c && i < p->n_points; i++) {
        const onc_plot_volcano_point_t *v = &p->points[i];
        double r = isinf(v->effect) ? 4 * 1.3 : significant(p, v) ? 4 : 3;
        c[i] = (plot_circle_t){point_x(L, v->effect), plot_map(&L->y, neg_log10(v->p, L->top_p)), r + 1};
    }
    return c;
}

static void draw_label(plot_doc_t *d, const char *text, plot_box_t b, const plot_segment_t *leader)
{
    if (leader->x0 != leader->x1 || leader->y0 != leader->y1)
        plot_line(d, leader->x0, leader->y0, leader->x1, leader->y1, PLOT_MUTED, 0.8, NULL);
    plot_text_ex(d, b.x0, b.y1 - VOLCANO_LABEL_DESCENT, PLOT_START, 11, NULL, 0, "point-label", text);
}

/* Labels the max_labels most significant points (the only ones sorted and placed, so that 20,000
 * genes cost no more than a few), each where it hides no point, label or axis (plot_label.c). */
static onc_rc draw_labels(plot_doc_t *d, const onc_plot_volcano_t *p, const volcano_layout_t *L)
{
    size_t max = p->max_labels ? p->max_labels : VOLCANO_LABELS, n = 0;
    const onc_plot_volcano_point_t **sig = malloc(p->n_points * sizeof *sig);
    plot_circle_t *circles = markers(p, L);
    plot_labeler_t lb = {0};
    plot_box_t area = {L->x.r0 + 2, L->y.r1 + 1, L->x.r1 - 1, L->y.r0 - 2};
    if (!sig || !circles || plot_labeler_init(&lb, circles, p->n_points, area, max) != ONC_OK) {
        free(sig), free(circles);
        return onc_err_set(d->err, ONC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < p->n_points; i++)
        if (significant(p, &p->points[i]) && p->points[i].label) sig[n++] = &p->points[i];
    qsort(sig, n, sizeof *sig, by_p);
    plot_raw(d, "<g class=\"volcano-labels\">\n");
    for (size_t i = 0; i < n && lb.n_placed < max; i++) {
        plot_box_t b;
        plot_segment_t leader;
        double w = plot_text_width(sig[i]->label, 11);
        if (plot_labeler_place(&lb, (size_t)(sig[i] - p->points), w, VOLCANO_LABEL_H, &b, &leader))
            draw_label(d, sig[i]->label, b, &leader);
    }
    plot_raw(d, "</g>\n");
    plot_labeler_free(&lb);
    free(sig), free(circles);
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
