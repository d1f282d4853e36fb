/* plot_roc.c: ROC curves: sensitivity against 1 - specificity from (0, 0) to (1, 1) on a square
 * plot area, the diagonal of a test no better than chance dashed, and each curve's AUC in the
 * legend ("TMB (AUC 0.72)"). The points come from the caller (onc_roc_curve: pROC's coords); a
 * curve of few points has each marked. */
#include "plot/plot_int.h"

#include <math.h>
#include <stdio.h>

/* A curve of at most this many points (few distinct scores) has each point marked: the
 * straight lines between them are interpolation, not thresholds the reader could choose. */
#define ROC_MARK_POINTS 30

static onc_rc check_curves(plot_doc_t *d, const onc_plot_roc_t *p)
{
    if (!p->curves || p->n_curves == 0) return plot_fail(d, "ROC plot: no curves");
    if (p->n_curves > 64) return plot_fail(d, "ROC plot: more than 64 curves");
    for (size_t c = 0; c < p->n_curves; c++) {
        const onc_plot_roc_curve_t *r = &p->curves[c];
        const char *name = r->label ? r->label : "(unnamed)";
        if (r->n < 2 || !r->fpr || !r->tpr) return plot_fail(d, "ROC curve %zu (%s): fewer than 2 points", c + 1, name);
        if (r->n > PLOT_MAX_ITEMS) return plot_fail(d, "ROC curve %s: more than %d points", name, PLOT_MAX_ITEMS);
        for (size_t i = 0; i < r->n; i++)
            if (!(r->fpr[i] >= 0 && r->fpr[i] <= 1 && r->tpr[i] >= 0 && r->tpr[i] <= 1))
                return plot_fail(d, "ROC curve %s: point %zu is not in [0, 1] x [0, 1]", name, i + 1);
    }
    return ONC_OK;
}

onc_rc onc_plot_roc(onc_strbuf_t *out, const onc_plot_roc_t *p, onc_err_t *err)
{
    int w, h;
    plot_doc_t d = {out, ONC_OK, err, 0};
    if (check_curves(&d, p) != ONC_OK) return d.rc;
    if (plot_size(&p->frame, 520, 520, &w, &h, err) != ONC_OK) return ONC_EINVAL;
    double top = p->frame.title ? 44 : 18, side = fmin(w - 70.0 - 24, h - top - 52);
    plot_scale_t x = {0, 1, 70, 70 + side, false}, y = {0, 1, top + side, top, false};
    plot_ticks_t t;
    plot_nice_ticks(0, 1, 5, &t);
    plot_begin(&d, out, err, w, h, p->frame.title, "ROC curve");
    plot_axis_left(&d, &y, &t, x.r0, x.r1, plot_or(p->frame.y_label, "Sensitivity"));
    plot_axis_bottom(&d, &x, &t, y.r0, y.r1, plot_or(p->frame.x_label, "1 - specificity"));
    plot_area(&d, &x, &y);
    plot_line(&d, x.r0, y.r0, x.r1, y.r1, PLOT_MUTED, 1, "4 3");
    plot_legend_item_t items[64];
    char labels[64][PLOT_LABEL_MAX + 40];
    double lw = 0;
    for (size_t c = 0; c < p->n_curves; c++) {
        const onc_plot_roc_curve_t *r = &p->curves[c];
        plot_path_begin(&d, "roc-curve", plot_color(c), 2, plot_dash(c), NULL, 1);
        for (size_t i = 0; i < r->n; i++) plot_path_to(&d, i ? 'L' : 'M', plot_map(&x, r->fpr[i]), plot_map(&y, r->tpr[i]));
        plot_path_end(&d);
        for (size_t i = 0; r->n <= ROC_MARK_POINTS && i < r->n; i++)
            plot_marker(&d, (int)c, plot_map(&x, r->fpr[i]), plot_map(&y, r->tpr[i]), 3, plot_color(c), PLOT_INK);
        const char *name = plot_or(r->label, "ROC");
        if (isnan(r->auc)) snprintf(labels[c], sizeof labels[c], "%.*s", PLOT_LABEL_MAX, name);
        else snprintf(labels[c], sizeof labels[c], "%.*s (AUC %.3f)", PLOT_LABEL_MAX, name, r->auc);
        items[c] = (plot_legend_item_t){labels[c], plot_color(c), plot_dash(c), -1};
        lw = fmax(lw, plot_text_width(labels[c], 12));
    }
    plot_legend(&d, x.r1 - lw - 44, y.r0 - 18.0 * (double)p->n_curves + 4, items, p->n_curves);
    return plot_end(&d);
}
