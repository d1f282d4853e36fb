/* plot_waterfall.c: the waterfall plot of best response: one bar per patient, its best percent
 * change of the target lesions from baseline, sorted from the largest increase to the largest
 * shrinkage, coloured by category (RECIST's CR, PR, SD, PD in that order when the categories are
 * those words, else in order of first appearance), with RECIST 1.1's thresholds as dashed lines:
 * +20% (progression) and -30% (partial response). */
#include "plot/plot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define WATERFALL_MAX_KEYS 12

typedef struct bar_ref {
    const onc_plot_waterfall_bar_t *bar;
    size_t index;
} bar_ref_t;

static int by_change_desc(const void *a, const void *b)
{
    const bar_ref_t *x = a, *y = b;
    if (x->bar->change_pct != y->bar->change_pct) return x->bar->change_pct > y->bar->change_pct ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index; /* ties keep the input order */
}

static onc_rc check_bars(plot_doc_t *d, const onc_plot_waterfall_t *p)
{
    if (!p->bars || p->n_bars == 0) return plot_fail(d, "waterfall plot: no bars");
    if (p->n_bars > 5000) return plot_fail(d, "waterfall plot: more than 5000 bars");
    for (size_t i = 0; i < p->n_bars; i++)
        if (!(p->bars[i].change_pct >= -100) || !isfinite(p->bars[i].change_pct))
            return plot_fail(d, "waterfall plot: bar %zu (%s): the change must be a finite percentage >= -100", i + 1,
                             p->bars[i].label ? p->bars[i].label : "(unnamed)");
    return ONC_OK;
}

/* The categories: RECIST's order when they are RECIST words, else first appearance. */
static size_t categories(const onc_plot_waterfall_t *p, const char **keys)
{
    static const char *const recist[] = {"CR", "PR", "SD", "PD", "NE"};
    size_t n = 0;
    for (size_t r = 0; r < 5; r++)
        for (size_t i = 0; i < p->n_bars; i++)
            if (p->bars[i].category && strcmp(p->bars[i].category, recist[r]) == 0) {
                plot_key(keys, &n, WATERFALL_MAX_KEYS, recist[r]);
                break;
            }
    for (size_t i = 0; i < p->n_bars; i++)
        if (p->bars[i].category) plot_key(keys, &n, WATERFALL_MAX_KEYS, p->bars[i].category);
    return n;
}

static void draw_bars(plot_doc_t *d, const bar_ref_t *ref, size_t n, const plot_scale_t *x, const plot_scale_t *y,
                      const char **keys, size_t n_keys)
{
    double bw = (x->r1 - x->r0) / (double)n, gap = bw > 6 ? bw * 0.15 : 0;
    plot_raw(d, "<g class=\"waterfall-bars\">\n");
    for (size_t i = 0; i < n; i++) {
        const onc_plot_waterfall_bar_t *b = ref[i].bar;
        size_t k = b->category ? plot_key(keys, &n_keys, n_keys, b->category) : 0;
        double y0 = plot_map(y, 0), y1 = plot_map(y, b->change_pct);
        plot_raw(d, "<rect class=\"waterfall-bar\" x=\"");
        plot_num(d, x->r0 + bw * (double)i + gap / 2);
        plot_raw(d, "\" y=\"");
        plot_num(d, fmin(y0, y1));
        plot_raw(d, "\" width=\"");
        plot_num(d, bw - gap);
        plot_raw(d, "\" height=\"");
        plot_num(d, fabs(y1 - y0));
        plot_printf(d, "\" fill=\"%s\"><title>", b->category ? plot_color(k) : PLOT_MUTED);
        plot_escape(d, plot_or(b->label, "patient"));
        if (b->category) plot_raw(d, " ("), plot_escape(d, b->category), plot_raw(d, ")");
        plot_printf(d, ": %.1f%%</title></rect>\n", b->change_pct);
    }
    plot_raw(d, "</g>\n");
}

onc_rc onc_plot_waterfall(onc_strbuf_t *out, const onc_plot_waterfall_t *p, onc_err_t *err)
{
    int w, h;
    plot_doc_t d = {out, ONC_OK, err, 0};
    if (check_bars(&d, p) != ONC_OK) return d.rc;
    if (plot_size(&p->frame, 760, 440, &w, &h, err) != ONC_OK) return ONC_EINVAL;
    bar_ref_t *ref = malloc(p->n_bars * sizeof *ref);
    if (!ref) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    double lo = -35, hi = 25; /* room around the RECIST lines */
    for (size_t i = 0; i < p->n_bars; i++) {
        ref[i] = (bar_ref_t){&p->bars[i], i};
        lo = fmin(lo, p->bars[i].change_pct), hi = fmax(hi, p->bars[i].change_pct);
    }
    qsort(ref, p->n_bars, sizeof *ref, by_change_desc);
    const char *keys[WATERFALL_MAX_KEYS];
    size_t n_keys = categories(p, keys);
    plot_ticks_t yt;
    plot_nice_ticks(lo, hi, 6, &yt);
    double legend_w = 0;
    for (size_t k = 0; k < n_keys; k++) legend_w = fmax(legend_w, plot_text_width(keys[k], 12));
    double top = p->frame.title ? 44 : 18, right = n_keys ? fmin(100 + legend_w, w / 3.0) : 60;
    plot_scale_t x = {0, (double)p->n_bars, 70, w - right, false};
    plot_scale_t y = {yt.v[0], yt.v[yt.n - 1], h - 40.0, top, false};
    plot_begin(&d, out, err, w, h, p->frame.title, "Waterfall plot of best response");
    plot_axis_left(&d, &y, &yt, x.r0, x.r1, plot_or(p->frame.y_label, "Best change from baseline (%)"));
    plot_area(&d, &x, &y);
    draw_bars(&d, ref, p->n_bars, &x, &y, keys, n_keys);
    free(ref);
    plot_line(&d, x.r0, plot_map(&y, 0), x.r1, plot_map(&y, 0), PLOT_INK, 1, NULL);
    if (p->recist_lines)
        for (int l = 0; l < 2; l++) {
            double v = l ? -30 : 20, yy = plot_map(&y, v);
            plot_line(&d, x.r0, yy, x.r1, yy, PLOT_INK, 1, "6 4");
            plot_text_ex(&d, x.r1 + 4, yy + 4, PLOT_START, 11, NULL, 0, "recist-line", l ? "-30%" : "+20%");
        }
    plot_text_ex(&d, (x.r0 + x.r1) / 2, h - 14.0, PLOT_MIDDLE, 12, NULL, 0, "axis-title",
                 plot_or(p->frame.x_label, "Patients, by best change"));
    plot_legend_item_t items[WATERFALL_MAX_KEYS];
    for (size_t k = 0; k < n_keys; k++) items[k] = (plot_legend_item_t){keys[k], plot_color(k), NULL, 1};
    plot_legend(&d, x.r1 + 50, top + 12, items, n_keys);
    return plot_end(&d);
}
