/* plot_km.c: Kaplan-Meier curves as R's plot.survfit draws them (right-continuous steps from
 * S = 1 at time 0 to the last follow-up time, a "+" tick at each censoring), with the confidence
 * band as a shaded step polygon between the lower and upper curves, a legend, an annotation
 * (the test and the hazard ratio) and the number-at-risk table under the time axis, counted as
 * summary.survfit(times=) counts it (onc_km_n_risk_at). */
#include "plot/plot_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct km_layout {
    plot_scale_t x, y;
    plot_ticks_t xt, yt;
    double risk_top; /* the first row of the at-risk table */
    double number_w, label_w, label_gap; /* the widest at-risk number, group name (capped), the gap */
} km_layout_t;

static onc_rc check_curve(plot_doc_t *d, const onc_plot_km_curve_t *c, size_t i)
{
    const char *name = c->label ? c->label : "(unnamed)";
    if (!c->km || c->km->n_times == 0) return plot_fail(d, "Kaplan-Meier curve %zu (%s) has no data", i + 1, name);
    const onc_km_t *k = c->km;
    if (k->n_times > PLOT_MAX_ITEMS) return plot_fail(d, "Kaplan-Meier curve %s: more than %d times", name, PLOT_MAX_ITEMS);
    for (size_t j = 0; j < k->n_times; j++) {
        if (!isfinite(k->time[j]) || k->time[j] < 0 || (j && k->time[j] < k->time[j - 1]))
            return plot_fail(d, "Kaplan-Meier curve %s: time %zu is not a finite, sorted time >= 0", name, j + 1);
        if (!(k->surv[j] >= 0 && k->surv[j] <= 1))
            return plot_fail(d, "Kaplan-Meier curve %s: survival at time %g is not in [0, 1]", name, k->time[j]);
    }
    return ONC_OK;
}

static onc_rc check_km(plot_doc_t *d, const onc_plot_km_t *p)
{
    if (p->n_curves == 0 || !p->curves) return plot_fail(d, "Kaplan-Meier plot: no curves");
    if (p->n_curves > 64) return plot_fail(d, "Kaplan-Meier plot: more than 64 curves");
    for (size_t i = 0; i < p->n_curves; i++)
        if (check_curve(d, &p->curves[i], i) != ONC_OK) return d->rc;
    for (size_t i = 0; i < p->n_risk_times; i++)
        if (!isfinite(p->risk_times[i]) || p->risk_times[i] < 0)
            return plot_fail(d, "Kaplan-Meier plot: at-risk time %zu is not a finite time >= 0", i + 1);
    return ONC_OK;
}

#define KM_LABEL_SHARE 0.22 /* of the width at most for the group names left of the at-risk table */

/* The width of the widest number in the at-risk table: the largest group at time 0. */
static double risk_number_width(const onc_plot_km_t *p)
{
    double most = 0;
    char buf[32];
    for (size_t i = 0; i < p->n_curves; i++) most = fmax(most, onc_km_n_risk_at(p->curves[i].km, 0));
    snprintf(buf, sizeof buf, "%.0f", most);
    return plot_text_width(buf, 11);
}

static void layout(const onc_plot_km_t *p, int w, int h, km_layout_t *L)
{
    double t_max = 0, label_w = 0;
    for (size_t i = 0; i < p->n_curves; i++) {
        const onc_km_t *k = p->curves[i].km;
        t_max = fmax(t_max, k->time[k->n_times - 1]);
        label_w = fmax(label_w, plot_text_width(plot_or(p->curves[i].label, "all"), 11));
    }
    L->number_w = risk_number_width(p);
    L->label_w = fmin(label_w, KM_LABEL_SHARE * w);
    L->label_gap = fmax(24, L->number_w / 2 + 10); /* the group's name ends left of the first number */
    double left = fmax(72, L->label_w + L->label_gap + 16), top = p->frame.title ? 44 : 18;
    double table = 34 + 18.0 * (double)p->n_curves;
    plot_nice_ticks_fit(0, t_max > 0 ? t_max : 1, 6, w - 24.0 - left, L->number_w + 8, &L->xt);
    plot_nice_ticks(0, 1, 5, &L->yt);
    L->x = (plot_scale_t){0, L->xt.v[L->xt.n - 1], left, w - 24.0, false};
    L->y = (plot_scale_t){0, 1, h - 50 - table, top, false};
    L->risk_top = h - table + 22;
}

/* The step function through (time[i], value[i]) from (0, 1), to end (the last time, or the
 * time where a band stops), as points in pts (room for 2 n + 2); the count. */
static size_t step_points(const km_layout_t *L, const double *time, const double *value, size_t n, double end,
                          double *px, double *py)
{
    size_t m = 0;
    double prev = 1;
    px[m] = plot_map(&L->x, 0), py[m++] = plot_map(&L->y, 1);
    for (size_t i = 0; i < n; i++) {
        if (value[i] == prev) continue;
        px[m] = plot_map(&L->x, time[i]), py[m++] = plot_map(&L->y, prev);
        px[m] = plot_map(&L->x, time[i]), py[m++] = plot_map(&L->y, value[i]);
        prev = value[i];
    }
    px[m] = plot_map(&L->x, end), py[m++] = plot_map(&L->y, prev);
    return m;
}

/* The band between lower and upper up to the first time where either is missing (R's NA: the
 * curve reached 0), as one closed polygon: the upper steps forward, the lower back (px, py have
 * room for both), thinned at the figure's resolution as the curves are. */
static void draw_band(plot_doc_t *d, const km_layout_t *L, const onc_km_t *k, const char *color, double *px,
                      double *py)
{
    size_t cut = 0;
    while (cut < k->n_times && !isnan(k->lower[cut]) && !isnan(k->upper[cut])) cut++;
    if (cut == 0) return;
    double end = cut < k->n_times ? k->time[cut] : k->time[k->n_times - 1];
    size_t m = step_points(L, k->time, k->upper, cut, end, px, py);
    size_t m2 = step_points(L, k->time, k->lower, cut, end, px + m, py + m);
    for (size_t i = 0, j = m + m2 - 1; i < m2 / 2; i++, j--) { /* the lower curve backwards */
        double tx = px[m + i], ty = py[m + i];
        px[m + i] = px[j], py[m + i] = py[j], px[j] = tx, py[j] = ty;
    }
    m = plot_thin(px, py, m + m2, L->x.r1 - L->x.r0);
    plot_path_begin(d, "km-band", NULL, 0, NULL, color, 0.18);
    for (size_t i = 0; i < m; i++) plot_path_to(d, i ? 'L' : 'M', px[i], py[i]);
    plot_raw(d, "Z");
    plot_path_end(d);
}

static void draw_curve(plot_doc_t *d, const km_layout_t *L, const onc_km_t *k, size_t c, double *px, double *py)
{
    size_t m = step_points(L, k->time, k->surv, k->n_times, k->time[k->n_times - 1], px, py);
    m = plot_thin(px, py, m, L->x.r1 - L->x.r0);
    plot_path_begin(d, "km-curve", plot_color(c), 2, plot_dash(c), NULL, 1);
    for (size_t i = 0; i < m; i++) plot_path_to(d, i ? 'L' : 'M', px[i], py[i]);
    plot_path_end(d);
}

/* A tick at each censoring; on a dense curve the ticks that overlap in one pixel column are drawn
 * as one (the tick from the first one's top to the last one's bottom covers the same pixels). */
static void draw_censors(plot_doc_t *d, const km_layout_t *L, const onc_km_t *k, size_t c)
{
    size_t n = 0;
    for (size_t i = 0; i < k->n_times; i++) n += k->n_censor[i] > 0;
    if (n == 0) return;
    bool merge = plot_thin_needed(n, L->x.r1 - L->x.r0);
    double tx = NAN, top = 0, bottom = 0;
    plot_path_begin(d, "km-censor", plot_color(c), 1.5, NULL, NULL, 1);
    for (size_t i = 0; i < k->n_times; i++) {
        if (!(k->n_censor[i] > 0)) continue;
        /* as printed, so that the pixel column is the one drawn */
        double x = plot_round2(plot_map(&L->x, k->time[i])), y = plot_round2(plot_map(&L->y, k->surv[i]));
        if (merge && floor(x) == floor(tx) && y - 5 <= bottom) {
            bottom = fmax(bottom, y + 5);
            continue;
        }
        if (!isnan(tx)) plot_path_to(d, 'M', tx, top), plot_path_to(d, 'L', tx, bottom);
        tx = x, top = y - 5, bottom = y + 5;
    }
    plot_path_to(d, 'M', tx, top), plot_path_to(d, 'L', tx, bottom);
    plot_path_end(d);
}

static void draw_risk_table(plot_doc_t *d, const onc_plot_km_t *p, const km_layout_t *L)
{
    const double *times = p->risk_times ? p->risk_times : L->xt.v;
    size_t n = p->risk_times ? p->n_risk_times : L->xt.n;
    char buf[32], name[PLOT_LABEL_MAX + 4];
    plot_raw(d, "<g class=\"risk-table\">\n");
    plot_text_ex(d, 10, L->risk_top - 18, PLOT_START, 12, NULL, 0, "risk-title", "Number at risk");
    for (size_t c = 0; c < p->n_curves; c++) {
        double y = L->risk_top + 18.0 * (double)c;
        const char *label = plot_or(p->curves[c].label, "all");
        plot_text_ex(d, L->x.r0 - L->label_gap, y, PLOT_END, 11, plot_color(c), 0, "risk-label",
                     plot_fit_text(label, 11, L->label_w, name, sizeof name));
        for (size_t i = 0; i < n; i++) {
            if (times[i] > L->x.d1) continue;
            snprintf(buf, sizeof buf, "%.0f", onc_km_n_risk_at(p->curves[c].km, times[i]));
            plot_text_ex(d, plot_map(&L->x, times[i]), y, PLOT_MIDDLE, 11, NULL, 0, "at-risk", buf);
        }
    }
    plot_raw(d, "</g>\n");
}

static void draw_legend(plot_doc_t *d, const onc_plot_km_t *p, const km_layout_t *L)
{
    if (p->n_curves == 1 && !p->curves[0].label) return;
    plot_legend_item_t items[64];
    static _Thread_local char names[64][PLOT_LABEL_MAX + 4];
    double w = 0, room = (L->x.r1 - L->x.r0) / 2; /* a legend covers at most half the area's width */
    for (size_t c = 0; c < p->n_curves; c++) {
        const char *label = plot_fit_text(plot_or(p->curves[c].label, "all"), 12, room, names[c], sizeof names[c]);
        items[c] = (plot_legend_item_t){label, plot_color(c), plot_dash(c), -1};
        w = fmax(w, plot_text_width(items[c].label, 12));
    }
    plot_legend(d, L->x.r1 - w - 44, L->y.r1 + 20, items, p->n_curves);
}

/* The annotation in the area's lower left; one too wide for the area is broken at "; " (the
 * test, then the hazard ratio) into two lines rather than run past the figure. */
static void draw_annotation(plot_doc_t *d, const km_layout_t *L, const char *text)
{
    const char *cut = strstr(text, "; ");
    double x = L->x.r0 + 10, y = L->y.r0 - 10;
    if (!cut || plot_text_width(text, 12) <= L->x.r1 - x || cut - text >= PLOT_LABEL_MAX) {
        plot_text_ex(d, x, y, PLOT_START, 12, NULL, 0, "annotation", text);
        return;
    }
    char first[PLOT_LABEL_MAX + 1];
    snprintf(first, sizeof first, "%.*s", (int)(cut - text), text);
    plot_text_ex(d, x, y - 16, PLOT_START, 12, NULL, 0, "annotation", first);
    plot_text_ex(d, x, y, PLOT_START, 12, NULL, 0, "annotation", cut + 2);
}

onc_rc onc_plot_km(onc_strbuf_t *out, const onc_plot_km_t *p, onc_err_t *err)
{
    int w, h;
    plot_doc_t d = {out, ONC_OK, err, 0};
    if (check_km(&d, p) != ONC_OK) return d.rc;
    int def_h = 440 + 18 * (int)p->n_curves;
    if (plot_size(&p->frame, 760, def_h, &w, &h, err) != ONC_OK) return ONC_EINVAL;
    km_layout_t L;
    layout(p, w, h, &L);
    size_t most = 0;
    for (size_t c = 0; c < p->n_curves; c++)
        if (p->curves[c].km->n_times > most) most = p->curves[c].km->n_times;
    /* room for a band's two step curves */
    double *px = malloc((4 * most + 4) * sizeof *px), *py = malloc((4 * most + 4) * sizeof *py);
    if (!px || !py) {
        free(px), free(py);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    plot_begin(&d, out, err, w, h, p->frame.title, "Kaplan-Meier curves");
    plot_axis_left(&d, &L.y, &L.yt, L.x.r0, L.x.r1, plot_or(p->frame.y_label, "Survival probability"));
    plot_axis_bottom(&d, &L.x, &L.xt, L.y.r0, L.y.r1, plot_or(p->frame.x_label, "Time"));
    plot_area(&d, &L.x, &L.y);
    for (size_t c = 0; p->bands && c < p->n_curves; c++) draw_band(&d, &L, p->curves[c].km, plot_color(c), px, py);
    for (size_t c = 0; c < p->n_curves; c++) {
        draw_curve(&d, &L, p->curves[c].km, c, px, py);
        if (p->censor_marks) draw_censors(&d, &L, p->curves[c].km, c);
    }
    free(px), free(py);
    draw_legend(&d, p, &L);
    if (p->annotation) draw_annotation(&d, &L, p->annotation);
    draw_risk_table(&d, p, &L);
    return plot_end(&d);
}
