/* plot.h: the figures of a cohort analysis as standalone SVG, written by the project (no plotting
 * dependency): Kaplan-Meier curves with confidence bands and the number-at-risk table, a forest
 * plot of a Cox model, a ROC curve, a volcano plot of a screen, a waterfall plot of best response
 * and a swimmer plot of therapy lines.
 *
 * Each function appends one complete <svg> element (with width, height and viewBox, fonts
 * generic, colours from one palette that stays readable in grey) to out, so that it can be
 * written as a .svg file or inlined in an HTML page. Text is XML-escaped. The inputs are plain
 * data: the statistics are computed by the caller (stats_surv.h, stats_assoc.h); a plot only
 * draws. A plot that cannot be drawn (no data, a NaN coordinate where one is needed) is
 * ONC_EINVAL with a message saying why. The functions never print.
 */
#ifndef ONCOBOARD_PLOT_H
#define ONCOBOARD_PLOT_H

#include "oncoboard/error.h"
#include "oncoboard/stats_surv.h"
#include "oncoboard/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* What every plot has: a title (may be NULL), axis labels (may be NULL: a default per plot),
 * and the size in pixels (0: the plot's default). */
typedef struct onc_plot_frame {
    const char *title, *x_label, *y_label;
    int width, height;
} onc_plot_frame_t;

/* A p-value as a figure prints it: "p = 0.0013" (two significant digits), "p < 0.001" below
 * 0.001 (a figure says no more: a p of 1e-300 is not "0"), "p = NA" for NaN; buf (cap >= 32). */
const char *onc_plot_p_text(double p, char *buf, size_t cap);

/* ---- Kaplan-Meier ---- */
typedef struct onc_plot_km_curve {
    const char *label; /* the group's name in the legend and the at-risk table */
    const onc_km_t *km;
} onc_plot_km_curve_t;
typedef struct onc_plot_km {
    onc_plot_frame_t frame;
    const onc_plot_km_curve_t *curves;
    size_t n_curves;
    bool bands;             /* confidence bands (the km's lower/upper) */
    bool censor_marks;      /* a tick at each censoring */
    const double *risk_times; /* the times of the number-at-risk table (NULL: the axis ticks) */
    size_t n_risk_times;
    const char *annotation; /* e.g. "log-rank p = 0.003; HR 0.45 (0.27-0.75)" (may be NULL) */
} onc_plot_km_t;
onc_rc onc_plot_km(onc_strbuf_t *out, const onc_plot_km_t *p, onc_err_t *err) ONC_MUST_CHECK;

/* ---- forest plot (one row per term: hazard or odds ratio and its interval, log scale) ---- */
typedef struct onc_plot_forest_row {
    const char *label;
    double estimate, lower, upper, p; /* ratios; p NaN to leave it out; a NaN estimate: a
                                         reference level, drawn as "reference" */
} onc_plot_forest_row_t;
/* How a row of a subgroup plot is drawn: a header (a subgroup variable: label and p only, its
 * estimate NaN), indented under one, n (> 0: shown after the label), a ratio that could not be
 * estimated (drawn as "not estimable" rather than "reference"). */
typedef struct onc_plot_forest_style {
    bool header, not_estimable;
    int indent;
    long n;
} onc_plot_forest_style_t;
typedef struct onc_plot_forest {
    onc_plot_frame_t frame;
    const onc_plot_forest_row_t *rows;
    size_t n_rows;
    const char *p_label, *term_label;        /* column headers ["p", "Term"] */
    const onc_plot_forest_style_t *styles;   /* n_rows of them, or NULL: plain rows */
} onc_plot_forest_t;
onc_rc onc_plot_forest(onc_strbuf_t *out, const onc_plot_forest_t *p, onc_err_t *err) ONC_MUST_CHECK;

/* ---- ROC curve: the points (1 - specificity, sensitivity) from (0,0) to (1,1) ---- */
typedef struct onc_plot_roc_curve {
    const char *label;
    const double *fpr, *tpr; /* n points, in order along the curve */
    size_t n;
    double auc;              /* shown in the legend (NaN: not shown) */
} onc_plot_roc_curve_t;
typedef struct onc_plot_roc {
    onc_plot_frame_t frame;
    const onc_plot_roc_curve_t *curves;
    size_t n_curves;
} onc_plot_roc_t;
onc_rc onc_plot_roc(onc_strbuf_t *out, const onc_plot_roc_t *p, onc_err_t *err) ONC_MUST_CHECK;

/* ---- volcano plot of a screen: effect (log2 ratio) against -log10 p ---- */
typedef struct onc_plot_volcano_point {
    const char *label; /* the gene */
    double effect;     /* log2 odds or hazard ratio */
    double p, q;       /* p-value and its FDR-adjusted value */
} onc_plot_volcano_point_t;
typedef struct onc_plot_volcano {
    onc_plot_frame_t frame;
    const onc_plot_volcano_point_t *points;
    size_t n_points;
    double q_threshold; /* points with q below it are highlighted and labelled (0: 0.1) */
    size_t max_labels;  /* the most significant ones labelled (0: 15) */
} onc_plot_volcano_t;
onc_rc onc_plot_volcano(onc_strbuf_t *out, const onc_plot_volcano_t *p, onc_err_t *err) ONC_MUST_CHECK;

/* ---- waterfall plot: best change of the target lesions, one bar per patient, sorted ---- */
typedef struct onc_plot_waterfall_bar {
    const char *label;    /* patient (may be NULL) */
    double change_pct;    /* best percent change from baseline (-100 .. +inf) */
    const char *category; /* colours the bar (e.g. RECIST CR/PR/SD/PD, or a group); may be NULL */
} onc_plot_waterfall_bar_t;
typedef struct onc_plot_waterfall {
    onc_plot_frame_t frame;
    const onc_plot_waterfall_bar_t *bars;
    size_t n_bars;
    bool recist_lines; /* dashed lines at +20% and -30% */
} onc_plot_waterfall_t;
onc_rc onc_plot_waterfall(onc_strbuf_t *out, const onc_plot_waterfall_t *p, onc_err_t *err) ONC_MUST_CHECK;

/* ---- swimmer plot: one lane per patient, a bar per therapy line, markers for events ---- */
typedef struct onc_plot_swim_segment {
    double start, end;    /* time from the lane's origin */
    const char *label;    /* therapy (colours the segment) */
} onc_plot_swim_segment_t;
typedef struct onc_plot_swim_marker {
    double time;
    const char *kind;     /* e.g. "response", "progression", "death": one shape per kind */
} onc_plot_swim_marker_t;
typedef struct onc_plot_swim_lane {
    const char *label;
    const onc_plot_swim_segment_t *segments;
    size_t n_segments;
    const onc_plot_swim_marker_t *markers;
    size_t n_markers;
    bool ongoing;         /* an arrow at the end: still on therapy */
} onc_plot_swim_lane_t;
typedef struct onc_plot_swimmer {
    onc_plot_frame_t frame;
    const onc_plot_swim_lane_t *lanes;
    size_t n_lanes;
} onc_plot_swimmer_t;
onc_rc onc_plot_swimmer(onc_strbuf_t *out, const onc_plot_swimmer_t *p, onc_err_t *err) ONC_MUST_CHECK;

#endif
