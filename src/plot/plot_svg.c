/* plot_svg.c: the SVG core of the figures (plot_int.h). A figure is written straight into the
 * caller's buffer as a sequence of elements; the document keeps the first failure (an
 * allocation, the buffer's cap, a coordinate that is not finite) so that a figure's drawing code
 * stays a plain list of calls and checks the status once, at plot_end. Numbers are printed with
 * a fixed precision (two decimals for coordinates), so that a figure is byte-for-byte the same
 * on every machine and golden tests can compare it. */
#include "plot/plot_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- status */

onc_rc plot_fail(plot_doc_t *d, const char *fmt, ...)
{
    if (d->rc != ONC_OK) return d->rc;
    d->rc = ONC_EINVAL;
    if (d->err) {
        va_list ap;
        va_start(ap, fmt);
        d->err->code = ONC_EINVAL;
        vsnprintf(d->err->msg, sizeof d->err->msg, fmt, ap);
        va_end(ap);
    }
    return d->rc;
}

static void keep(plot_doc_t *d, onc_rc rc)
{
    if (rc == ONC_OK || d->rc != ONC_OK) return;
    d->rc = rc;
    onc_err_set(d->err, rc, "%s", rc == ONC_ELIMIT ? "the figure is larger than its buffer's cap" : onc_strerror(rc));
}

void plot_raw(plot_doc_t *d, const char *s)
{
    if (d->rc == ONC_OK) keep(d, onc_strbuf_puts(d->out, s));
}

void plot_printf(plot_doc_t *d, const char *fmt, ...)
{
    if (d->rc != ONC_OK) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= sizeof buf) keep(d, ONC_EINTERNAL);
    else keep(d, onc_strbuf_putsn(d->out, buf, (size_t)len));
}

/* ---------------------------------------------------------------- text */

/* The length of the valid UTF-8 sequence at s (1..4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n = s[0] < 0x80 ? 1 : (s[0] >> 5) == 6 ? 2 : (s[0] >> 4) == 14 ? 3 : (s[0] >> 3) == 30 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

void plot_escape(plot_doc_t *d, const char *s)
{
    if (!s) return;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t chars = 0; *p && d->rc == ONC_OK; chars++) {
        if (chars == PLOT_LABEL_MAX) {
            plot_raw(d, "...");
            return;
        }
        size_t n = utf8_len(p);
        switch (n ? *p : 0) {
        case '&': plot_raw(d, "&amp;"); break;
        case '<': plot_raw(d, "&lt;"); break;
        case '>': plot_raw(d, "&gt;"); break;
        case '"': plot_raw(d, "&quot;"); break;
        case '\'': plot_raw(d, "&#39;"); break;
        default:
            /* control characters and broken UTF-8 are not allowed in XML: a '?' stands in */
            if (n == 0 || (*p < 0x20 && *p != '\t')) plot_raw(d, "?");
            else keep(d, onc_strbuf_putsn(d->out, (const char *)p, n));
        }
        p += n ? n : 1;
    }
}

void plot_num(plot_doc_t *d, double v)
{
    if (d->rc != ONC_OK) return;
    if (!isfinite(v) || fabs(v) > 1e9) {
        plot_fail(d, "a coordinate of the figure is not finite");
        return;
    }
    v = plot_round2(v);
    if (v == 0) v = 0; /* no "-0" */
    char buf[48];
    int len = snprintf(buf, sizeof buf, "%.2f", v);
    while (len > 0 && buf[len - 1] == '0') len--;
    if (len > 0 && buf[len - 1] == '.') len--;
    keep(d, onc_strbuf_putsn(d->out, buf, (size_t)len));
}

double plot_round2(double v)
{
    return round(v * 100) / 100;
}

double plot_text_width(const char *s, int size)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        if ((*p & 0xC0) != 0x80) chars++;
    if (chars > PLOT_LABEL_MAX) chars = PLOT_LABEL_MAX + 3;
    return 0.58 * (size ? size : 12) * (double)chars;
}

const char *onc_plot_p_text(double p, char *buf, size_t cap)
{
    if (isnan(p)) snprintf(buf, cap, "p = NA");
    else if (p < 0.001) snprintf(buf, cap, "p < 0.001");
    else snprintf(buf, cap, "p = %.2g", p);
    return buf;
}

const char *plot_fit_text(const char *s, int size, double max_w, char *buf, size_t cap)
{
    if (!s || plot_text_width(s, size) <= max_w || cap < 8) return s;
    /* whole UTF-8 characters while they and "..." fit */
    double dots = plot_text_width("...", size), one = plot_text_width("x", size);
    size_t end = 0, chars = 0;
    for (size_t i = 0; s[i];) {
        size_t len = 1;
        while (s[i + len] && ((unsigned char)s[i + len] & 0xC0) == 0x80) len++;
        if ((double)(chars + 1) * one + dots > max_w || i + len + 4 > cap) break;
        chars++, i += len, end = i;
    }
    memcpy(buf, s, end);
    memcpy(buf + end, "...", 4);
    return buf;
}

const char *plot_or(const char *s, const char *def)
{
    return s ? s : def;
}

/* ---------------------------------------------------------------- document */

onc_rc plot_size(const onc_plot_frame_t *f, int def_w, int def_h, int *w, int *h, onc_err_t *err)
{
    *w = f->width ? f->width : def_w;
    *h = f->height ? f->height : def_h;
    if (*w < 200 || *h < 150 || *w > PLOT_MAX_SIZE || *h > PLOT_MAX_SIZE)
        return onc_err_set(err, ONC_EINVAL, "figure size %dx%d: width and height must be 200x150 to %dx%d pixels",
                           *w, *h, PLOT_MAX_SIZE, PLOT_MAX_SIZE);
    return ONC_OK;
}

void plot_begin(plot_doc_t *d, onc_strbuf_t *out, onc_err_t *err, int w, int h, const char *title,
                const char *fallback)
{
    d->out = out;
    d->err = err;
    d->rc = ONC_OK;
    d->start = out->len;
    plot_printf(d,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\">\n<title>",
                w, h, w, h);
    plot_escape(d, plot_or(title, fallback));
    plot_printf(d, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", w, h);
    if (title) plot_text_ex(d, w / 2.0, 22, PLOT_MIDDLE, 15, NULL, 0, "title", title);
}

onc_rc plot_end(plot_doc_t *d)
{
    plot_raw(d, "</svg>\n");
    if (d->rc != ONC_OK && d->out->s) d->out->len = d->start, d->out->s[d->start] = 0;
    return d->rc;
}

static const char *const anchors[] = {"start", "middle", "end"};

void plot_text_ex(plot_doc_t *d, double x, double y, plot_anchor a, int size, const char *color, double rotate,
                  const char *cls, const char *text)
{
    plot_raw(d, "<text x=\"");
    plot_num(d, x);
    plot_raw(d, "\" y=\"");
    plot_num(d, y);
    plot_printf(d, "\" text-anchor=\"%s\"", anchors[a]);
    if (size && size != 12) plot_printf(d, " font-size=\"%d\"", size);
    if (color) plot_printf(d, " fill=\"%s\"", color);
    if (cls) plot_printf(d, " class=\"%s\"", cls);
    if (rotate != 0) {
        plot_printf(d, " transform=\"rotate(%.0f ", rotate);
        plot_num(d, x);
        plot_raw(d, " ");
        plot_num(d, y);
        plot_raw(d, ")\"");
    }
    plot_raw(d, ">");
    plot_escape(d, text);
    plot_raw(d, "</text>\n");
}

void plot_text(plot_doc_t *d, double x, double y, plot_anchor a, int size, const char *color, const char *text)
{
    plot_text_ex(d, x, y, a, size, color, 0, NULL, text);
}

static void stroke_attrs(plot_doc_t *d, const char *stroke, double width, const char *dash)
{
    plot_printf(d, " stroke=\"%s\"", stroke ? stroke : PLOT_INK);
    if (width != 1) {
        plot_raw(d, " stroke-width=\"");
        plot_num(d, width);
        plot_raw(d, "\"");
    }
    if (dash) plot_printf(d, " stroke-dasharray=\"%s\"", dash);
}

void plot_line(plot_doc_t *d, double x1, double y1, double x2, double y2, const char *stroke, double width,
               const char *dash)
{
    plot_raw(d, "<line x1=\"");
    plot_num(d, x1);
    plot_raw(d, "\" y1=\"");
    plot_num(d, y1);
    plot_raw(d, "\" x2=\"");
    plot_num(d, x2);
    plot_raw(d, "\" y2=\"");
    plot_num(d, y2);
    plot_raw(d, "\"");
    stroke_attrs(d, stroke, width, dash);
    plot_raw(d, "/>\n");
}

void plot_rect(plot_doc_t *d, double x, double y, double w, double h, const char *fill, const char *stroke)
{
    plot_raw(d, "<rect x=\"");
    plot_num(d, x);
    plot_raw(d, "\" y=\"");
    plot_num(d, y);
    plot_raw(d, "\" width=\"");
    plot_num(d, w < 0 ? 0 : w);
    plot_raw(d, "\" height=\"");
    plot_num(d, h < 0 ? 0 : h);
    plot_printf(d, "\" fill=\"%s\"", fill ? fill : "none");
    if (stroke) plot_printf(d, " stroke=\"%s\"", stroke);
    plot_raw(d, "/>\n");
}

void plot_path_begin(plot_doc_t *d, const char *cls, const char *stroke, double width, const char *dash,
                     const char *fill, double fill_opacity)
{
    plot_raw(d, "<path");
    if (cls) plot_printf(d, " class=\"%s\"", cls);
    if (stroke) stroke_attrs(d, stroke, width, dash);
    plot_printf(d, " fill=\"%s\"", fill ? fill : "none");
    if (fill && fill_opacity < 1) plot_printf(d, " fill-opacity=\"%.2f\"", fill_opacity);
    plot_raw(d, " d=\"");
}

void plot_path_to(plot_doc_t *d, char cmd, double x, double y)
{
    plot_printf(d, "%c", cmd);
    plot_num(d, x);
    plot_raw(d, " ");
    plot_num(d, y);
}

void plot_path_end(plot_doc_t *d)
{
    plot_raw(d, "\"/>\n");
}

bool plot_thin_needed(size_t n, double columns)
{
    return (double)n > PLOT_THIN_PER_COLUMN * fmax(columns, 1);
}

size_t plot_thin(double *x, double *y, size_t n, double columns)
{
    if (!plot_thin_needed(n, columns)) return n;
    for (size_t i = 0; i < n; i++) x[i] = plot_round2(x[i]), y[i] = plot_round2(y[i]); /* as printed */
    size_t out = 0;
    for (size_t a = 0; a < n;) {
        double col = floor(x[a]);
        size_t b = a, hi = a, lo = a; /* hi: the smallest y (highest on screen), lo: the largest */
        while (b < n && floor(x[b]) == col) {
            if (y[b] < y[hi]) hi = b;
            if (y[b] > y[lo]) lo = b;
            b++;
        }
        /* an extreme level with an end of the run is that end (no third point on a level) */
        if (y[hi] == y[a] || y[hi] == y[b - 1]) hi = y[hi] == y[a] ? a : b - 1;
        if (y[lo] == y[a] || y[lo] == y[b - 1]) lo = y[lo] == y[a] ? a : b - 1;
        /* the run's points in their order: a, then hi and lo as they come, then b - 1 (the writes
         * go to out <= a, never past a point still to be read) */
        size_t first = hi < lo ? hi : lo, second = hi < lo ? lo : hi;
        double sx[4] = {x[a], x[first], x[second], x[b - 1]}, sy[4] = {y[a], y[first], y[second], y[b - 1]};
        for (size_t k = 0; k < 4; k++) {
            if (out > 0 && x[out - 1] == sx[k] && y[out - 1] == sy[k]) continue;
            x[out] = sx[k], y[out] = sy[k], out++;
        }
        a = b;
    }
    return out;
}

void plot_marker(plot_doc_t *d, int shape, double x, double y, double r, const char *fill, const char *stroke)
{
    switch (shape % PLOT_N_SHAPES) {
    case 0:
        plot_raw(d, "<circle cx=\"");
        plot_num(d, x);
        plot_raw(d, "\" cy=\"");
        plot_num(d, y);
        plot_raw(d, "\" r=\"");
        plot_num(d, r);
        plot_printf(d, "\" fill=\"%s\" stroke=\"%s\"/>\n", fill ? fill : "none", stroke ? stroke : PLOT_INK);
        return;
    case 1: plot_path_begin(d, NULL, stroke ? stroke : PLOT_INK, 1, NULL, fill, 1);
        plot_path_to(d, 'M', x - r, y - r), plot_path_to(d, 'L', x + r, y - r);
        plot_path_to(d, 'L', x + r, y + r), plot_path_to(d, 'L', x - r, y + r);
        break;
    case 2: plot_path_begin(d, NULL, stroke ? stroke : PLOT_INK, 1, NULL, fill, 1);
        plot_path_to(d, 'M', x, y - 1.2 * r), plot_path_to(d, 'L', x + 1.1 * r, y + 0.8 * r);
        plot_path_to(d, 'L', x - 1.1 * r, y + 0.8 * r);
        break;
    case 3: plot_path_begin(d, NULL, stroke ? stroke : PLOT_INK, 1, NULL, fill, 1);
        plot_path_to(d, 'M', x, y - 1.3 * r), plot_path_to(d, 'L', x + 1.3 * r, y);
        plot_path_to(d, 'L', x, y + 1.3 * r), plot_path_to(d, 'L', x - 1.3 * r, y);
        break;
    default: plot_path_begin(d, NULL, stroke ? stroke : (fill ? fill : PLOT_INK), 2, NULL, NULL, 1);
        plot_path_to(d, 'M', x - r, y - r), plot_path_to(d, 'L', x + r, y + r);
        plot_path_to(d, 'M', x - r, y + r), plot_path_to(d, 'L', x + r, y - r);
        plot_path_end(d);
        return;
    }
    plot_raw(d, "Z");
    plot_path_end(d);
}

/* ---------------------------------------------------------------- palette */

/* Okabe and Ito's colour-blind safe colours, ordered so that neighbours differ in lightness
 * (grey values about 34, 165, 95, 200, 120, 70), with a dash pattern per series on top. */
static const char *const palette[] = {"#222222", "#e69f00", "#0072b2", "#a6cee3", "#009e73", "#cc3311"};
static const char *const dashes[] = {NULL, "7 3", "2 2", "9 3 2 3", "4 4", "12 4"};

const char *plot_color(size_t i)
{
    return palette[i % (sizeof palette / sizeof palette[0])];
}

const char *plot_dash(size_t i)
{
    return dashes[i % (sizeof dashes / sizeof dashes[0])];
}

size_t plot_key(const char **keys, size_t *n, size_t cap, const char *name)
{
    if (!name) name = "(none)";
    for (size_t i = 0; i < *n; i++)
        if (strcmp(keys[i], name) == 0) return i;
    if (*n < cap) keys[(*n)++] = name;
    return *n < cap ? *n - 1 : cap - 1;
}

/* ---------------------------------------------------------------- scales and ticks */

double plot_map(const plot_scale_t *s, double v)
{
    double a = s->d0, b = s->d1;
    if (s->log) v = log10(v), a = log10(a), b = log10(b);
    if (b == a) return (s->r0 + s->r1) / 2;
    return s->r0 + (v - a) / (b - a) * (s->r1 - s->r0);
}

void plot_nice_ticks(double lo, double hi, int target, plot_ticks_t *t)
{
    if (!(hi > lo)) hi = lo + 1;
    if (target < 2) target = 2;
    double raw = (hi - lo) / target, p = pow(10, floor(log10(raw))), m = raw / p;
    double unit = m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10;
    double step = unit * p;
    double first = floor(lo / step + 1e-9) * step, last = ceil(hi / step - 1e-9) * step;
    size_t n = (size_t)llround((last - first) / step) + 1;
    if (n > PLOT_MAX_TICKS) n = PLOT_MAX_TICKS;
    t->n = n;
    for (size_t i = 0; i < n; i++) {
        double v = first + (double)i * step;
        t->v[i] = fabs(v) < step * 1e-9 ? 0 : v;
    }
    int k = (int)floor(log10(step) + 1e-9);
    t->decimals = k < 0 ? -k : 0;
}

void plot_nice_ticks_fit(double lo, double hi, int target, double span_px, double min_step_px, plot_ticks_t *t)
{
    char buf[32];
    for (; target >= 2; target--) {
        plot_nice_ticks(lo, hi, target, t);
        double widest = 0;
        for (size_t i = 0; i < t->n; i++)
            widest = fmax(widest, plot_text_width(plot_tick_label(t->v[i], t->decimals, buf), 11));
        if (t->n < 2 || span_px / (double)(t->n - 1) >= fmax(widest + 8, min_step_px)) return;
    }
}

void plot_log_ticks(double lo, double hi, plot_ticks_t *t)
{
    static const double mult[] = {1, 2, 5};
    int k0 = (int)floor(log10(lo)), k1 = (int)ceil(log10(hi));
    for (int pass = 0; pass < 2; pass++) {
        t->n = 0;
        for (int k = k0; k <= k1; k++)
            for (size_t m = 0; m < (pass ? 1 : 3); m++) {
                double v = mult[m] * pow(10, k);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && t->n < PLOT_MAX_TICKS) t->v[t->n++] = v;
            }
        if (t->n <= 9) break;
    }
    t->decimals = -1;
}

/* The largest value of 1, 2, 5 times a power of ten (only the powers when !dense) at most v
 * (up: the smallest at least v). */
static double log_tick_round(double v, bool dense, bool up)
{
    static const double mult[] = {1, 2, 5, 10};
    double p = pow(10, floor(log10(v) + 1e-9)), best = up ? 10 * p : p;
    for (size_t m = 0; m < 4; m++) {
        if (!dense && m > 0 && m < 3) continue;
        double c = mult[m] * p;
        if (up ? c >= v * (1 - 1e-9) && c < best : c <= v * (1 + 1e-9) && c > best) best = c;
    }
    return best;
}

void plot_log_ticks_cover(double *lo, double *hi, plot_ticks_t *t)
{
    double a = log_tick_round(*lo, true, false), b = log_tick_round(*hi, true, true);
    plot_log_ticks(a, b, t);
    if (t->n == 0 || fabs(t->v[0] - a) > a * 1e-9 || fabs(t->v[t->n - 1] - b) > b * 1e-9) /* powers only */
        a = log_tick_round(*lo, false, false), b = log_tick_round(*hi, false, true), plot_log_ticks(a, b, t);
    *lo = a, *hi = b;
}

const char *plot_tick_label(double v, int decimals, char *buf)
{
    if (decimals < 0) {
        /* per value, for log axes: as many decimals as the tick's power of ten needs */
        int k = v > 0 ? (int)floor(log10(v) + 1e-9) : 0;
        decimals = k < 0 ? -k : 0;
    }
    if (fabs(v) < 1e-12) v = 0;
    snprintf(buf, 32, "%.*f", decimals, v);
    return buf;
}

static bool in_domain(const plot_scale_t *s, double v)
{
    double lo = fmin(s->d0, s->d1), hi = fmax(s->d0, s->d1), eps = (hi - lo) * 1e-9;
    return v >= lo - eps && v <= hi + eps;
}

void plot_axis_bottom(plot_doc_t *d, const plot_scale_t *s, const plot_ticks_t *t, double y, double grid_to,
                      const char *label)
{
    char buf[32];
    plot_raw(d, "<g class=\"axis x\">\n");
    for (size_t i = 0; i < t->n; i++) {
        if (!in_domain(s, t->v[i])) continue;
        double x = plot_map(s, t->v[i]);
        if (!isnan(grid_to)) plot_line(d, x, grid_to, x, y, PLOT_GRID, 1, NULL);
        plot_line(d, x, y, x, y + 5, PLOT_INK, 1, NULL);
        plot_text(d, x, y + 18, PLOT_MIDDLE, 11, NULL, plot_tick_label(t->v[i], t->decimals, buf));
    }
    plot_line(d, s->r0, y, s->r1, y, PLOT_INK, 1, NULL);
    if (label) plot_text_ex(d, (s->r0 + s->r1) / 2, y + 36, PLOT_MIDDLE, 12, NULL, 0, "axis-title", label);
    plot_raw(d, "</g>\n");
}

void plot_axis_left(plot_doc_t *d, const plot_scale_t *s, const plot_ticks_t *t, double x, double grid_to,
                    const char *label)
{
    char buf[32];
    double widest = 0;
    plot_raw(d, "<g class=\"axis y\">\n");
    for (size_t i = 0; i < t->n; i++) {
        if (!in_domain(s, t->v[i])) continue;
        double y = plot_map(s, t->v[i]);
        if (!isnan(grid_to)) plot_line(d, x, y, grid_to, y, PLOT_GRID, 1, NULL);
        plot_line(d, x - 5, y, x, y, PLOT_INK, 1, NULL);
        const char *l = plot_tick_label(t->v[i], t->decimals, buf);
        widest = fmax(widest, plot_text_width(l, 11));
        plot_text(d, x - 8, y + 4, PLOT_END, 11, NULL, l);
    }
    plot_line(d, x, s->r0, x, s->r1, PLOT_INK, 1, NULL);
    if (label)
        plot_text_ex(d, x - 16 - widest, (s->r0 + s->r1) / 2, PLOT_MIDDLE, 12, NULL, -90, "axis-title", label);
    plot_raw(d, "</g>\n");
}

void plot_area(plot_doc_t *d, const plot_scale_t *x, const plot_scale_t *y)
{
    plot_raw(d, "<rect class=\"plot-area\" x=\"");
    plot_num(d, fmin(x->r0, x->r1));
    plot_raw(d, "\" y=\"");
    plot_num(d, fmin(y->r0, y->r1));
    plot_raw(d, "\" width=\"");
    plot_num(d, fabs(x->r1 - x->r0));
    plot_raw(d, "\" height=\"");
    plot_num(d, fabs(y->r1 - y->r0));
    plot_printf(d, "\" fill=\"none\" data-domain=\"%.17g %.17g %.17g %.17g\"/>\n", x->d0, x->d1, y->d0, y->d1);
}

void plot_legend(plot_doc_t *d, double x, double y, const plot_legend_item_t *items, size_t n)
{
    if (n == 0) return;
    double w = 0;
    for (size_t i = 0; i < n; i++) w = fmax(w, plot_text_width(items[i].label, 12));
    plot_raw(d, "<g class=\"legend\">\n");
    plot_raw(d, "<rect x=\"");
    plot_num(d, x - 6);
    plot_raw(d, "\" y=\"");
    plot_num(d, y - 12);
    plot_raw(d, "\" width=\"");
    plot_num(d, w + 44);
    plot_raw(d, "\" height=\"");
    plot_num(d, 18.0 * (double)n + 6);
    plot_raw(d, "\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#cccccc\"/>\n");
    for (size_t i = 0; i < n; i++) {
        double yy = y + 18.0 * (double)i;
        if (items[i].shape < 0) plot_line(d, x, yy - 4, x + 24, yy - 4, items[i].color, 2, items[i].dash);
        else plot_marker(d, items[i].shape, x + 12, yy - 4, 4.5, items[i].color, PLOT_INK);
        plot_text_ex(d, x + 30, yy, PLOT_START, 12, NULL, 0, "legend-label", items[i].label);
    }
    plot_raw(d, "</g>\n");
}
