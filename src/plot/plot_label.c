/* plot_label.c: placing the labels of a scatter (the volcano plot's genes) so that no label hides
 * a point, another label or an axis. Each label tries a fixed list of places around its point:
 * beside it (right, left, above, below, then the diagonals), then the same directions farther
 * out, where a leader line joins it to its point; the first place whose box stays inside the plot
 * area and overlaps no point's marker, no label placed before and no leader line (and whose
 * leader crosses no label) wins, else the label is left out. The points are binned in a grid of
 * LABEL_CELL-pixel cells, so that a place is tested against the points near it only: the cost is
 * bounded by labels x places x (labels + the points in a few cells), never points squared. The
 * order is the caller's (the most significant first), so that the result is deterministic. */
#include "plot/plot_int.h"

#include <math.h>
#include <stdlib.h>

#define LABEL_CELL 16.0
#define LABEL_PAD 1.0 /* pixels kept free around a label's box */

static const double ring_gap[] = {3, 16, 32, 50}; /* from the marker's edge; past the first: a leader */
static const signed char dirs[8][2] = {{1, 0}, {-1, 0}, {0, -1}, {0, 1}, {1, -1}, {-1, -1}, {1, 1}, {-1, 1}};

static size_t cell_index(const plot_labeler_t *lb, double x, double y, size_t *cx, size_t *cy)
{
    double fx = floor((x - lb->bounds.x0) / LABEL_CELL), fy = floor((y - lb->bounds.y0) / LABEL_CELL);
    *cx = fx < 0 ? 0 : fx >= (double)lb->cols ? lb->cols - 1 : (size_t)fx;
    *cy = fy < 0 ? 0 : fy >= (double)lb->rows ? lb->rows - 1 : (size_t)fy;
    return *cy * lb->cols + *cx;
}

/* Whether hit() is true of a circle filed in a cell the box touches. */
static bool any_in_cells(const plot_labeler_t *lb, plot_box_t b, bool (*hit)(const plot_circle_t *, plot_box_t))
{
    size_t cx0, cy0, cx1, cy1;
    cell_index(lb, b.x0, b.y0, &cx0, &cy0);
    cell_index(lb, b.x1, b.y1, &cx1, &cy1);
    for (size_t cy = cy0; cy <= cy1; cy++)
        for (size_t cx = cx0; cx <= cx1; cx++) {
            size_t c = cy * lb->cols + cx;
            for (size_t k = lb->start[c]; k < lb->start[c + 1]; k++)
                if (hit(&lb->circles[lb->entry[k]], b)) return true;
        }
    return false;
}

onc_rc plot_labeler_init(plot_labeler_t *lb, const plot_circle_t *circles, size_t n, plot_box_t bounds,
                         size_t max_labels)
{
    *lb = (plot_labeler_t){.circles = circles, .n = n, .bounds = bounds, .max = max_labels};
    lb->cols = (size_t)ceil((bounds.x1 - bounds.x0) / LABEL_CELL) + 1;
    lb->rows = (size_t)ceil((bounds.y1 - bounds.y0) / LABEL_CELL) + 1;
    lb->start = calloc(lb->cols * lb->rows + 1, sizeof *lb->start);
    lb->placed = malloc((max_labels + 1) * sizeof *lb->placed);
    lb->leaders = malloc((max_labels + 1) * sizeof *lb->leaders);
    size_t entries = 0;
    for (size_t pass = 0; pass < 2 && lb->start && lb->placed && lb->leaders; pass++) {
        /* pass 0 counts each cell's circles, pass 1 files them (start[] as running offsets) */
        if (pass == 1) {
            for (size_t c = 0, sum = 0; c <= lb->cols * lb->rows; c++) {
                size_t k = lb->start[c];
                lb->start[c] = sum, sum += k;
            }
            if (!(lb->entry = malloc((entries + 1) * sizeof *lb->entry))) break;
        }
        for (size_t i = 0; i < n; i++) {
            const plot_circle_t *c = &circles[i];
            size_t x0, y0, x1, y1;
            cell_index(lb, c->x - c->r, c->y - c->r, &x0, &y0);
            cell_index(lb, c->x + c->r, c->y + c->r, &x1, &y1);
            for (size_t cy = y0; cy <= y1; cy++)
                for (size_t cx = x0; cx <= x1; cx++) {
                    if (pass == 0) lb->start[cy * lb->cols + cx]++, entries++;
                    else lb->entry[lb->start[cy * lb->cols + cx]++] = i;
                }
        }
    }
    if (!lb->start || !lb->placed || !lb->leaders || !lb->entry) {
        plot_labeler_free(lb);
        return ONC_ENOMEM;
    }
    /* pass 1 moved each start to its cell's end: shift back by one cell */
    for (size_t c = lb->cols * lb->rows; c > 0; c--) lb->start[c] = lb->start[c - 1];
    lb->start[0] = 0;
    return ONC_OK;
}

void plot_labeler_free(plot_labeler_t *lb)
{
    free(lb->start), free(lb->entry), free(lb->placed), free(lb->leaders);
    *lb = (plot_labeler_t){0};
}

bool plot_box_overlap(plot_box_t a, plot_box_t b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static bool circle_hits_box(const plot_circle_t *c, plot_box_t b)
{
    double dx = c->x < b.x0 ? b.x0 - c->x : c->x > b.x1 ? c->x - b.x1 : 0;
    double dy = c->y < b.y0 ? b.y0 - c->y : c->y > b.y1 ? c->y - b.y1 : 0;
    return dx * dx + dy * dy < c->r * c->r;
}

/* Whether the segment crosses the box (Liang and Barsky's clipping). */
static bool segment_hits_box(const plot_segment_t *s, plot_box_t b)
{
    double t0 = 0, t1 = 1, dx = s->x1 - s->x0, dy = s->y1 - s->y0;
    const double p[4] = {-dx, dx, -dy, dy}, q[4] = {s->x0 - b.x0, b.x1 - s->x0, s->y0 - b.y0, b.y1 - s->y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) t0 = fmax(t0, t);
        else t1 = fmin(t1, t);
        if (t0 > t1) return false;
    }
    return true;
}

/* The label's box at ring r in direction d around circle c; the leader from the marker's edge to
 * the box's nearest point (only from the second ring on). */
static plot_box_t place_at(const plot_circle_t *c, double w, double h, size_t r, size_t d, plot_segment_t *leader)
{
    double gap = c->r + ring_gap[r], dx = dirs[d][0], dy = dirs[d][1];
    double x0 = dx > 0 ? c->x + gap : dx < 0 ? c->x - gap - w : c->x - w / 2;
    double y0 = dy > 0 ? c->y + gap : dy < 0 ? c->y - gap - h : c->y - h / 2;
    plot_box_t b = {x0, y0, x0 + w, y0 + h};
    double nx = fmin(fmax(c->x, b.x0), b.x1) - c->x, ny = fmin(fmax(c->y, b.y0), b.y1) - c->y;
    double len = sqrt(nx * nx + ny * ny);
    *leader = (plot_segment_t){c->x + nx / len * c->r, c->y + ny / len * c->r, c->x + nx, c->y + ny};
    return b;
}

static bool place_is_free(const plot_labeler_t *lb, plot_box_t b, const plot_segment_t *leader)
{
    const plot_box_t in = lb->bounds;
    if (b.x0 < in.x0 || b.y0 < in.y0 || b.x1 > in.x1 || b.y1 > in.y1) return false;
    plot_box_t padded = {b.x0 - LABEL_PAD, b.y0 - LABEL_PAD, b.x1 + LABEL_PAD, b.y1 + LABEL_PAD};
    for (size_t j = 0; j < lb->n_placed; j++) {
        if (plot_box_overlap(padded, lb->placed[j])) return false;
        if (lb->leaders[j].x0 != lb->leaders[j].x1 && segment_hits_box(&lb->leaders[j], padded)) return false;
        if (leader && segment_hits_box(leader, lb->placed[j])) return false;
    }
    return !any_in_cells(lb, padded, circle_hits_box);
}

bool plot_labeler_place(plot_labeler_t *lb, size_t i, double w, double h, plot_box_t *box, plot_segment_t *leader)
{
    if (lb->n_placed >= lb->max || i >= lb->n) return false;
    const plot_circle_t *c = &lb->circles[i];
    for (size_t r = 0; r < sizeof ring_gap / sizeof ring_gap[0]; r++)
        for (size_t d = 0; d < 8; d++) {
            plot_segment_t seg;
            plot_box_t b = place_at(c, w, h, r, d, &seg);
            if (!place_is_free(lb, b, r ? &seg : NULL)) continue;
            if (r == 0) seg = (plot_segment_t){0, 0, 0, 0}; /* beside its point: no leader */
            lb->placed[lb->n_placed] = b, lb->leaders[lb->n_placed++] = seg;
            *box = b, *leader = seg;
            return true;
        }
    return false;
}
