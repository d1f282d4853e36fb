/* plot_int.h: the SVG core every figure of plot.h shares (plot_svg.c): a document writer on an
 * onc_strbuf_t with a sticky status (a figure writes many elements; the first failure is kept
 * and every later call does nothing, so a figure checks once at the end), XML escaping, linear
 * and log scales, "nice" axis ticks, axes, a legend, one palette, the thinning of dense paths at
 * the figure's resolution and the cutting of long names; and the label placer of plot_label.c.
 * Coordinates are printed with two decimals and tick labels with the decimals their step needs,
 * so that the same data give the same bytes on every machine. */
#ifndef ONCOBOARD_PLOT_INT_H
#define ONCOBOARD_PLOT_INT_H

#include "oncoboard/plot.h"

#include <stdbool.h>
#include <stddef.h>

#define PLOT_MAX_SIZE 20000 /* pixels, either side */
#define PLOT_MAX_TICKS 32
#define PLOT_MAX_ITEMS 1000000 /* points, bars, lanes, rows of a figure */
#define PLOT_LABEL_MAX 200     /* characters of a label drawn; longer ones are cut with "..." */

/* ---- the document ---- */
typedef struct plot_doc {
    onc_strbuf_t *out;
    onc_rc rc; /* the first failure; ONC_OK while all went well */
    onc_err_t *err;
    size_t start; /* the buffer's length before the figure: a failed figure is taken out again */
} plot_doc_t;

/* Opens <svg> of w x h pixels with a <title> (title may be NULL: then fallback). */
void plot_begin(plot_doc_t *d, onc_strbuf_t *out, onc_err_t *err, int w, int h, const char *title,
                const char *fallback);
/* Closes the document: the sticky status (on a failure the buffer is as it was before). */
onc_rc plot_end(plot_doc_t *d);
/* Raw markup (a literal: no escaping). */
void plot_raw(plot_doc_t *d, const char *s);
/* printf into the document; the caller escapes any text it passes (plot_escape). */
void plot_printf(plot_doc_t *d, const char *fmt, ...) ONC_PRINTF(2, 3);
/* s XML-escaped (& < > " '), cut at PLOT_LABEL_MAX characters. */
void plot_escape(plot_doc_t *d, const char *s);
/* v rounded to the two decimals a coordinate is printed with. */
double plot_round2(double v);
/* A coordinate: two decimals, no "-0.00". */
void plot_num(plot_doc_t *d, double v);

typedef enum plot_anchor { PLOT_START, PLOT_MIDDLE, PLOT_END } plot_anchor;
/* <text> at (x, y) in the given size (px; 0: 12) and colour (NULL: the ink). */
void plot_text(plot_doc_t *d, double x, double y, plot_anchor a, int size, const char *color, const char *text);
/* The same with a class attribute (for the tests and the report's CSS) and rotation (degrees). */
void plot_text_ex(plot_doc_t *d, double x, double y, plot_anchor a, int size, const char *color, double rotate,
                  const char *cls, const char *text);
void plot_line(plot_doc_t *d, double x1, double y1, double x2, double y2, const char *stroke, double width,
               const char *dash);
void plot_rect(plot_doc_t *d, double x, double y, double w, double h, const char *fill, const char *stroke);
/* A path built with plot_path_to: begin, points, end. fill NULL: none. */
void plot_path_begin(plot_doc_t *d, const char *cls, const char *stroke, double width, const char *dash,
                     const char *fill, double fill_opacity);
void plot_path_to(plot_doc_t *d, char cmd, double x, double y);
void plot_path_end(plot_doc_t *d);

/* Thins a polyline at the device's resolution (one user unit is one pixel): within each run of
 * consecutive points in the same pixel column (floor(x)) it keeps the first, the highest, the
 * lowest and the last, in their order, so that the pixels the path crosses stay the same (every
 * drop in y visible at that resolution is kept). A path of at most PLOT_THIN_PER_COLUMN points per
 * pixel column of the area (columns wide) is left as it is, so that small figures keep every
 * vertex. In place; returns the new count. */
#define PLOT_THIN_PER_COLUMN 2
size_t plot_thin(double *x, double *y, size_t n, double columns);
/* Whether a series of n items (censor ticks) is dense enough to be merged per pixel column. */
bool plot_thin_needed(size_t n, double columns);

/* A marker of shape 0..PLOT_N_SHAPES-1 (circle, square, triangle, diamond, cross) centred at
 * (x, y) of radius r. */
#define PLOT_N_SHAPES 5
void plot_marker(plot_doc_t *d, int shape, double x, double y, double r, const char *fill, const char *stroke);

/* ---- the palette: colours far apart in lightness, and dash patterns, so that series stay
 * apart in grey print ---- */
#define PLOT_INK "#222222"
#define PLOT_GRID "#e6e6e6"
#define PLOT_MUTED "#8c8c8c"
const char *plot_color(size_t i);
const char *plot_dash(size_t i); /* NULL for the first series (solid) */

/* ---- scales ---- */
typedef struct plot_scale {
    double d0, d1; /* the domain */
    double r0, r1; /* the range in pixels */
    bool log;      /* log10 scale: d0, d1 > 0 */
} plot_scale_t;
double plot_map(const plot_scale_t *s, double v);

/* Ticks of a linear axis covering [lo, hi] with about target steps of 1, 2 or 5 times a power
 * of ten: the domain is widened to the first and last tick. */
typedef struct plot_ticks {
    double v[PLOT_MAX_TICKS];
    size_t n;
    int decimals; /* of the labels */
} plot_ticks_t;
void plot_nice_ticks(double lo, double hi, int target, plot_ticks_t *t);
/* The same with at most target steps, fewer when their labels (11 px), or other text of
 * min_step_px pixels at each tick (the number at risk), would not fit span_px pixels apart. */
void plot_nice_ticks_fit(double lo, double hi, int target, double span_px, double min_step_px, plot_ticks_t *t);
/* Ticks of a log axis over [lo, hi] (> 0): 1, 2, 5 times the powers of ten inside it, or every
 * power when that gives too many; the domain is kept. */
void plot_log_ticks(double lo, double hi, plot_ticks_t *t);
/* The same with the domain [*lo, *hi] widened to the first and last tick, so that the axis ends
 * on labelled ticks (0.2 to 5, not 0.24 to 2.4). */
void plot_log_ticks_cover(double *lo, double *hi, plot_ticks_t *t);
/* A tick label: v with the ticks' decimals ("0.25", "100"). buf has 32 bytes. */
const char *plot_tick_label(double v, int decimals, char *buf);

/* An axis along the bottom (at y pixel) or the left (at x pixel) of the plot area, its ticks,
 * their labels and the axis title; grid lines across the area when grid_to is not NaN (the
 * other edge). */
void plot_axis_bottom(plot_doc_t *d, const plot_scale_t *s, const plot_ticks_t *t, double y, double grid_to,
                      const char *label);
void plot_axis_left(plot_doc_t *d, const plot_scale_t *s, const plot_ticks_t *t, double x, double grid_to,
                    const char *label);
/* The plot area's frame, with its domain in data-domain ("x0 x1 y0 y1") for the tests. */
void plot_area(plot_doc_t *d, const plot_scale_t *x, const plot_scale_t *y);

/* A legend of n entries from (x, y) down: a line sample (dash per plot_dash) or a marker, and
 * the label. */
typedef struct plot_legend_item {
    const char *label;
    const char *color, *dash;
    int shape; /* -1: a line sample; else a marker shape */
} plot_legend_item_t;
void plot_legend(plot_doc_t *d, double x, double y, const plot_legend_item_t *items, size_t n);

/* The index of name among keys[0..*n) (a series, a category), added at the end when new and
 * there is room (cap); NULL names are "(none)". A figure colours by this index. */
size_t plot_key(const char **keys, size_t *n, size_t cap, const char *name);

/* ---- labels of a scatter that avoid the points, each other and the axes (plot_label.c) ---- */
typedef struct plot_circle {
    double x, y, r; /* a point's marker, r with its stroke */
} plot_circle_t;
typedef struct plot_box {
    double x0, y0, x1, y1;
} plot_box_t;
typedef struct plot_segment {
    double x0, y0, x1, y1; /* a leader line; all 0 when the label stands beside its point */
} plot_segment_t;
typedef struct plot_labeler {
    const plot_circle_t *circles;
    size_t n;
    plot_box_t bounds; /* the plot area: a label stays inside it */
    size_t cols, rows, *start, *entry; /* the grid: cell c holds entry[start[c] .. start[c + 1]) */
    plot_box_t *placed;
    plot_segment_t *leaders;
    size_t n_placed, max;
} plot_labeler_t;
/* Files the n markers in a grid (circles is kept, not copied); room for max_labels labels. */
onc_rc plot_labeler_init(plot_labeler_t *lb, const plot_circle_t *circles, size_t n, plot_box_t bounds,
                         size_t max_labels);
/* A place for a w x h label of marker i: its box and leader (true), or false when there is none
 * (or max_labels are placed). Call in order of importance. */
bool plot_labeler_place(plot_labeler_t *lb, size_t i, double w, double h, plot_box_t *box, plot_segment_t *leader);
void plot_labeler_free(plot_labeler_t *lb);
bool plot_box_overlap(plot_box_t a, plot_box_t b);

/* ---- checks ---- */
/* ONC_EINVAL "what: why" in the document's status (returns it). */
onc_rc plot_fail(plot_doc_t *d, const char *fmt, ...) ONC_PRINTF(2, 3);
/* Width and height from the frame (0: the defaults), capped at PLOT_MAX_SIZE: ONC_OK or EINVAL. */
onc_rc plot_size(const onc_plot_frame_t *f, int def_w, int def_h, int *w, int *h, onc_err_t *err);
/* The text or the default when it is NULL. */
const char *plot_or(const char *s, const char *def);
/* s, or when it is wider than max_w pixels at size px, its first whole characters and "..." in
 * buf (cap bytes): a long group name in a table or legend. */
const char *plot_fit_text(const char *s, int size, double max_w, char *buf, size_t cap);
/* The approximate width in pixels of text at size px (for layout only). */
double plot_text_width(const char *s, int size);

#endif
