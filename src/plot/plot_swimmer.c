/* plot_swimmer.c: the swimmer plot of therapy lines: one lane per patient (in the caller's
 * order), a bar per therapy segment coloured by therapy, a marker per event with one shape per
 * kind (response, progression, death...), and an arrow past the end of a lane still on therapy.
 * Therapies and kinds get their colours and shapes in order of first appearance; the legend
 * stands right of the lanes. */
#include "plot/plot_int.h"

#include <math.h>

#define SWIM_MAX_KEYS 12
#define SWIM_LANE_H 22.0

static onc_rc check_lanes(plot_doc_t *d, const onc_plot_swimmer_t *p)
{
    if (!p->lanes || p->n_lanes == 0) return plot_fail(d, "swimmer plot: no lanes");
    if (p->n_lanes > 2000) return plot_fail(d, "swimmer plot: more than 2000 lanes");
    for (size_t l = 0; l < p->n_lanes; l++) {
        const onc_plot_swim_lane_t *a = &p->lanes[l];
        const char *name = a->label ? a->label : "(unnamed)";
        if (a->n_segments == 0 && a->n_markers == 0) return plot_fail(d, "swimmer plot: lane %s is empty", name);
        for (size_t s = 0; s < a->n_segments; s++)
            if (!isfinite(a->segments[s].start) || !isfinite(a->segments[s].end) ||
                a->segments[s].end < a->segments[s].start)
                return plot_fail(d, "swimmer plot: lane %s: segment %zu must have finite start <= end", name, s + 1);
        for (size_t m = 0; m < a->n_markers; m++)
            if (!isfinite(a->markers[m].time))
                return plot_fail(d, "swimmer plot: lane %s: event %zu has no time", name, m + 1);
    }
    return ONC_OK;
}

/* The time range, the widest lane label and the widest legend entry. */
static void extent(const onc_plot_swimmer_t *p, double *lo, double *hi, double *label_w, double *legend_w)
{
    *lo = 0, *hi = 0, *label_w = 0, *legend_w = 0;
    for (size_t l = 0; l < p->n_lanes; l++) {
        const onc_plot_swim_lane_t *a = &p->lanes[l];
        *label_w = fmax(*label_w, plot_text_width(a->label, 11));
        for (size_t s = 0; s < a->n_segments; s++) {
            *lo = fmin(*lo, a->segments[s].start), *hi = fmax(*hi, a->segments[s].end);
            *legend_w = fmax(*legend_w, plot_text_width(plot_or(a->segments[s].label, "(none)"), 12));
        }
        for (size_t m = 0; m < a->n_markers; m++) {
            *lo = fmin(*lo, a->markers[m].time), *hi = fmax(*hi, a->markers[m].time);
            *legend_w = fmax(*legend_w, plot_text_width(plot_or(a->markers[m].kind, "(none)"), 12));
        }
    }
}

static double lane_end(const onc_plot_swim_lane_t *a)
{
    double end = -INFINITY;
    for (size_t s = 0; s < a->n_segments; s++) end = fmax(end, a->segments[s].end);
    return end;
}

static void draw_lane(plot_doc_t *d, const onc_plot_swim_lane_t *a, const plot_scale_t *x, double y,
                      const char **therapies, size_t *n_t, const char **kinds, size_t *n_k)
{
    plot_text_ex(d, x->r0 - 8, y + 4, PLOT_END, 11, NULL, 0, "lane-label", a->label);
    for (size_t s = 0; s < a->n_segments; s++) {
        size_t k = plot_key(therapies, n_t, SWIM_MAX_KEYS, a->segments[s].label);
        double x0 = plot_map(x, a->segments[s].start), x1 = plot_map(x, a->segments[s].end);
        plot_raw(d, "<rect class=\"swim-segment\" x=\"");
        plot_num(d, x0);
        plot_raw(d, "\" y=\"");
        plot_num(d, y - SWIM_LANE_H * 0.3);
        plot_raw(d, "\" width=\"");
        plot_num(d, x1 - x0);
        plot_raw(d, "\" height=\"");
        plot_num(d, SWIM_LANE_H * 0.6);
        plot_printf(d, "\" fill=\"%s\" stroke=\"#ffffff\"><title>", plot_color(k));
        plot_escape(d, plot_or(a->segments[s].label, "(none)"));
        plot_printf(d, ": %g to %g</title></rect>\n", a->segments[s].start, a->segments[s].end);
    }
    if (a->ongoing && a->n_segments) {
        double xe = plot_map(x, lane_end(a));
        plot_path_begin(d, "swim-ongoing", PLOT_INK, 1, NULL, PLOT_INK, 1);
        plot_path_to(d, 'M', xe + 2, y - 5), plot_path_to(d, 'L', xe + 10, y), plot_path_to(d, 'L', xe + 2, y + 5);
        plot_raw(d, "Z");
        plot_path_end(d);
    }
    for (size_t m = 0; m < a->n_markers; m++) {
        size_t k = plot_key(kinds, n_k, SWIM_MAX_KEYS, a->markers[m].kind);
        plot_marker(d, (int)k, plot_map(x, a->markers[m].time), y, 4.5, "#ffffff", PLOT_INK);
    }
}

onc_rc onc_plot_swimmer(onc_strbuf_t *out, const onc_plot_swimmer_t *p, onc_err_t *err)
{
    int w, h;
    plot_doc_t d = {out, ONC_OK, err, 0};
    if (check_lanes(&d, p) != ONC_OK) return d.rc;
    double top = p->frame.title ? 44 : 18;
    const char *therapies[SWIM_MAX_KEYS], *kinds[SWIM_MAX_KEYS];
    size_t n_t = 0, n_k = 0;
    for (size_t l = 0; l < p->n_lanes; l++) {
        for (size_t s = 0; s < p->lanes[l].n_segments; s++)
            plot_key(therapies, &n_t, SWIM_MAX_KEYS, p->lanes[l].segments[s].label);
        for (size_t m = 0; m < p->lanes[l].n_markers; m++)
            plot_key(kinds, &n_k, SWIM_MAX_KEYS, p->lanes[l].markers[m].kind);
    }
    /* room for the lanes and for the legend beside them */
    int def_h = (int)(top + fmax(SWIM_LANE_H * (double)p->n_lanes + 60, 18.0 * (double)(n_t + n_k) + 24));
    if (plot_size(&p->frame, 760, def_h < 150 ? 150 : def_h, &w, &h, err) != ONC_OK) return ONC_EINVAL;
    double lo, hi, label_w, legend_w;
    extent(p, &lo, &hi, &label_w, &legend_w);
    plot_ticks_t xt;
    plot_nice_ticks(lo, hi > lo ? hi * 1.03 : lo + 1, 6, &xt);
    plot_scale_t x = {xt.v[0], xt.v[xt.n - 1], fmax(60, label_w + 16), w - 70 - fmin(legend_w, w / 3.0), false};
    plot_scale_t y = {0, (double)p->n_lanes, h - 50.0, top, false};
    double lane_h = (y.r0 - y.r1) / (double)p->n_lanes;
    plot_begin(&d, out, err, w, h, p->frame.title, "Swimmer plot");
    plot_axis_bottom(&d, &x, &xt, y.r0, y.r1, plot_or(p->frame.x_label, "Time"));
    plot_area(&d, &x, &y);
    plot_raw(&d, "<g class=\"swim-lanes\">\n");
    for (size_t l = 0; l < p->n_lanes; l++)
        draw_lane(&d, &p->lanes[l], &x, y.r1 + lane_h * ((double)l + 0.5), therapies, &n_t, kinds, &n_k);
    plot_raw(&d, "</g>\n");
    plot_legend_item_t items[2 * SWIM_MAX_KEYS + 1];
    size_t n = 0;
    for (size_t k = 0; k < n_t; k++) items[n++] = (plot_legend_item_t){therapies[k], plot_color(k), NULL, 1};
    for (size_t k = 0; k < n_k; k++) items[n++] = (plot_legend_item_t){kinds[k], "#ffffff", NULL, (int)k};
    plot_legend(&d, x.r1 + 24, top + 12, items, n);
    return plot_end(&d);
}
