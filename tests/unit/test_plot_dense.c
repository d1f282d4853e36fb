/* test_plot_dense.c: figures of large and crowded data. A Kaplan-Meier curve of 30,000 distinct
 * times is thinned at the figure's resolution: the test rebuilds the unthinned step path from
 * the fit (as the SVG prints coordinates, two decimals), rasterises both paths to the set of
 * pixel cells they cross and requires the two sets to be equal, for the curve and the band's
 * outline; each censoring stays under a tick in its pixel column. A crowded volcano plot is read
 * back and no label box may overlap a point's marker, another label or leave the plot area. */
#include "check.h"
#include "oncoboard/plot.h"
#include "plot/plot_int.h"
#include "svg_read.h"

#include <stdint.h>

/* ---------------------------------------------------------------- data */

/* A reproducible uniform in (0, 1) (a 64-bit LCG, Knuth's MMIX constants). */
static double uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return ((double)(*state >> 11) + 0.5) / 9007199254740992.0;
}

#define DENSE_N 30000

/* 30,000 exponential times (mean 100), a third censored: every time distinct. */
static void fit_dense(onc_km_t *km)
{
    static double time[DENSE_N];
    static int status[DENSE_N];
    uint64_t st = 20261129;
    for (size_t i = 0; i < DENSE_N; i++) {
        time[i] = -100 * log(uniform(&st));
        status[i] = uniform(&st) > 1.0 / 3;
    }
    onc_km_opts_t o;
    onc_km_opts_init(&o);
    onc_err_t err = {0};
    CHECK_INT(onc_km_fit(time, status, DENSE_N, &o, km, &err), ONC_OK);
}

/* ---------------------------------------------------------------- pixel cells */

typedef struct cells {
    int64_t *v;
    size_t n, cap;
} cells_t;

static void cell_add(cells_t *c, double x, double y)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 4096;
        c->v = realloc(c->v, c->cap * sizeof *c->v);
        if (!c->v) abort();
    }
    c->v[c->n++] = (int64_t)floor(x) * 100000 + (int64_t)floor(y);
}

/* The cells the segment crosses, sampled every 0.01 pixel along its longer side (coordinates are
 * printed to 0.01, so no cell is crossed by less). */
static void cells_of_segment(cells_t *c, double x0, double y0, double x1, double y1)
{
    double len = fmax(fabs(x1 - x0), fabs(y1 - y0));
    size_t k = (size_t)ceil(len / 0.01);
    for (size_t i = 0; i <= k; i++) {
        double f = k ? (double)i / (double)k : 0;
        cell_add(c, x0 + f * (x1 - x0), y0 + f * (y1 - y0));
    }
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The sorted, distinct cells of a polyline (closed: back to its first point). */
static void cells_of_path(cells_t *c, const double *x, const double *y, size_t n, int closed)
{
    for (size_t i = 0; i + 1 < n; i++) cells_of_segment(c, x[i], y[i], x[i + 1], y[i + 1]);
    if (closed && n > 1) cells_of_segment(c, x[n - 1], y[n - 1], x[0], y[0]);
    qsort(c->v, c->n, sizeof *c->v, cmp64);
    size_t m = 0;
    for (size_t i = 0; i < c->n; i++)
        if (m == 0 || c->v[m - 1] != c->v[i]) c->v[m++] = c->v[i];
    c->n = m;
}

static int same_cells(const cells_t *a, const cells_t *b)
{
    return a->n == b->n && a->n > 0 && memcmp(a->v, b->v, a->n * sizeof *a->v) == 0;
}

/* The step path through (time, value) from (0, 1), as plot_km builds it, rounded as printed. */
static size_t steps(const area_t *a, const onc_km_t *k, const double *value, size_t n, double end, double *x,
                    double *y)
{
    size_t m = 0;
    double prev = 1;
    x[m] = plot_round2(px_x(a, 0)), y[m++] = plot_round2(px_y(a, 1));
    for (size_t i = 0; i < n; i++) {
        if (value[i] == prev) continue;
        x[m] = plot_round2(px_x(a, k->time[i])), y[m++] = plot_round2(px_y(a, prev));
        x[m] = plot_round2(px_x(a, k->time[i])), y[m++] = plot_round2(px_y(a, value[i]));
        prev = value[i];
    }
    x[m] = plot_round2(px_x(a, end)), y[m++] = plot_round2(px_y(a, prev));
    return m;
}

/* ---------------------------------------------------------------- Kaplan-Meier */

static void check_curve_cells(const char *svg, const area_t *a, const onc_km_t *km, double *x, double *y,
                              double *ux, double *uy)
{
    size_t n = path_points(svg, "km-curve", 0, x, y, 4 * DENSE_N);
    size_t un = steps(a, km, km->surv, km->n_times, km->time[km->n_times - 1], ux, uy);
    CHECK(un > 2 * DENSE_N / 3);          /* the unthinned path: two vertices per event */
    CHECK(n > 100 && n <= 4 * (size_t)a->w + 8); /* at most four per pixel column */
    cells_t thin = {0}, full = {0};
    cells_of_path(&thin, x, y, n, 0);
    cells_of_path(&full, ux, uy, un, 0);
    CHECK(same_cells(&thin, &full));
    free(thin.v), free(full.v);
}

static void check_band_cells(const char *svg, const area_t *a, const onc_km_t *km, double *x, double *y,
                             double *ux, double *uy)
{
    size_t cut = 0;
    while (cut < km->n_times && !isnan(km->lower[cut]) && !isnan(km->upper[cut])) cut++;
    double end = cut < km->n_times ? km->time[cut] : km->time[km->n_times - 1];
    size_t m = steps(a, km, km->upper, cut, end, ux, uy);
    size_t m2 = steps(a, km, km->lower, cut, end, ux + m, uy + m);
    for (size_t i = 0, j = m + m2 - 1; i < m2 / 2; i++, j--) {
        double tx = ux[m + i], ty = uy[m + i];
        ux[m + i] = ux[j], uy[m + i] = uy[j], ux[j] = tx, uy[j] = ty;
    }
    size_t n = path_points(svg, "km-band", 0, x, y, 4 * DENSE_N);
    CHECK(n > 100 && n <= 8 * (size_t)a->w + 16);
    cells_t thin = {0}, full = {0};
    cells_of_path(&thin, x, y, n, 1);
    cells_of_path(&full, ux, uy, m + m2, 1);
    CHECK(same_cells(&thin, &full));
    free(thin.v), free(full.v);
}

/* Every censoring lies under a tick of its pixel column; ticks are fewer than the columns. */
static void check_censor_ticks(const char *svg, const area_t *a, const onc_km_t *km, double *x, double *y)
{
    size_t n = path_points(svg, "km-censor", 0, x, y, 4 * DENSE_N), censored = 0, covered = 0;
    CHECK(n % 2 == 0 && n / 2 <= (size_t)a->w + 1);
    for (size_t i = 0; i < km->n_times; i++) {
        if (!(km->n_censor[i] > 0)) continue;
        censored++;
        double cx = plot_round2(px_x(a, km->time[i])), cy = plot_round2(px_y(a, km->surv[i]));
        for (size_t t = 0; t + 1 < n; t += 2)
            if (floor(x[t]) == floor(cx) && y[t] <= cy - 5 + 0.006 && y[t + 1] >= cy + 5 - 0.006) {
                covered++;
                break;
            }
    }
    CHECK(censored > DENSE_N / 4);
    CHECK_INT((long)covered, (long)censored);
}

static void km_thinned_is_pixel_equivalent(void)
{
    onc_strbuf_t b = ONC_STRBUF_INIT;
    area_t a = {0};
    onc_km_t km = {0};
    fit_dense(&km);
    const char *svg = svg_km_one(&b, &km, "dense", &a);
    CHECK(svg && b.len < 200000); /* unthinned: about 2 MB */
    if (!svg) return;
    double *x = malloc(4 * DENSE_N * sizeof *x), *y = malloc(4 * DENSE_N * sizeof *y);
    double *ux = malloc(4 * DENSE_N * sizeof *ux), *uy = malloc(4 * DENSE_N * sizeof *uy);
    if (!x || !y || !ux || !uy) abort();
    check_curve_cells(svg, &a, &km, x, y, ux, uy);
    check_band_cells(svg, &a, &km, x, y, ux, uy);
    check_censor_ticks(svg, &a, &km, x, y);
    free(x), free(y), free(ux), free(uy);
    onc_strbuf_free(&b);
    onc_km_free(&km);
}

static int at(const double *x, const double *y, size_t i, double wx, double wy)
{
    return x[i] == wx && y[i] == wy;
}

/* A path of at most two points per pixel column is left as it is, byte for byte. */
static void thin_leaves_small_paths(void)
{
    double x[6] = {10, 10.2, 10.4, 10.6, 11.5, 30}, y[6] = {5, 6, 7, 8, 8, 9};
    CHECK_INT((long)plot_thin(x, y, 6, 3), 6);
    CHECK_NEAR(x[1], 10.2, 0);
    /* with one column to spare, the run in column 10 keeps its first, highest, lowest, last */
    CHECK_INT((long)plot_thin(x, y, 6, 2), 4);
    CHECK(at(x, y, 0, 10, 5) && at(x, y, 1, 10.6, 8) && at(x, y, 2, 11.5, 8) && at(x, y, 3, 30, 9));
    /* not monotone in a column: the extremes survive in their order */
    double u[8] = {1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 2}, v[8] = {5, 9, 2, 4, 1, 7, 3, 3};
    CHECK_INT((long)plot_thin(u, v, 8, 1), 4 + 1);
    CHECK(at(u, v, 0, 1, 5) && at(u, v, 1, 1.1, 9) && at(u, v, 2, 1.4, 1) && at(u, v, 3, 1.6, 3) && at(u, v, 4, 2, 3));
}

/* ---------------------------------------------------------------- volcano */

#define CROWD_N 4000

/* 4,000 genes: most near the origin, a crowded tail of significant ones on both sides. */
static onc_plot_volcano_point_t *crowd(void)
{
    static char names[CROWD_N][16];
    onc_plot_volcano_point_t *pts = calloc(CROWD_N, sizeof *pts);
    if (!pts) abort();
    uint64_t st = 7;
    for (size_t i = 0; i < CROWD_N; i++) {
        snprintf(names[i], sizeof names[i], "GENE%zu", i);
        double e = (uniform(&st) - 0.5) * (i % 5 == 0 ? 6 : 1.5);
        double p = pow(uniform(&st), 1 + fabs(e) * 3);
        pts[i] = (onc_plot_volcano_point_t){names[i], e, p, fmin(1, p * 40)};
    }
    return pts;
}

/* The boxes of the labels (text at 11 px from its baseline: 10 up, 3 down, 0.58 em a character). */
static size_t label_boxes(const char *svg, plot_box_t *out, size_t cap)
{
    size_t n = 0;
    for (const char *s = strstr(svg, "class=\"point-label\""); s && n < cap; s = strstr(s + 1, "class=\"point-label\"")) {
        const char *tag = s;
        while (tag > svg && *tag != '<') tag--;
        double x = attr_num(tag, "x", NULL), y = attr_num(tag, "y", NULL);
        CHECK(strstr(tag, "text-anchor=\"start\"") && strstr(tag, "text-anchor=\"start\"") < s);
        const char *t = strchr(s, '>') + 1;
        char text[64];
        size_t len = strcspn(t, "<");
        snprintf(text, sizeof text, "%.*s", (int)len, t);
        double w = plot_text_width(text, 11);
        out[n++] = (plot_box_t){x, y - 10, x + w, y + 3};
    }
    return n;
}

static size_t circles_of(const char *svg, plot_circle_t *out, size_t cap)
{
    size_t n = 0;
    for (const char *s = strstr(svg, "<circle class=\"volcano-point\""); s && n < cap; s = strstr(s + 1, "<circle class=\"volcano-point\""))
        out[n++] = (plot_circle_t){attr_num(s, "cx", NULL), attr_num(s, "cy", NULL), attr_num(s, "r", NULL)};
    return n;
}

static int circle_box(plot_circle_t c, plot_box_t b)
{
    double dx = fmax(fmax(b.x0 - c.x, c.x - b.x1), 0), dy = fmax(fmax(b.y0 - c.y, c.y - b.y1), 0);
    return dx * dx + dy * dy < c.r * c.r;
}

static void volcano_labels_avoid_points_and_labels(void)
{
    onc_plot_volcano_point_t *pts = crowd();
    onc_plot_volcano_t v = {.points = pts, .n_points = CROWD_N, .max_labels = 40};
    onc_strbuf_t b = ONC_STRBUF_INIT, again = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    CHECK_INT(onc_plot_volcano(&b, &v, &err), ONC_OK);
    CHECK_INT(onc_plot_volcano(&again, &v, &err), ONC_OK);
    const char *svg = onc_strbuf_str(&b);
    CHECK_STR(svg, onc_strbuf_str(&again)); /* deterministic */
    CHECK(xml_well_formed(svg));
    area_t a = {0};
    CHECK(read_area(svg, &a));
    static plot_circle_t c[CROWD_N];
    plot_box_t lab[64];
    size_t nc = circles_of(svg, c, CROWD_N), nl = label_boxes(svg, lab, 64), clashes = 0;
    CHECK_INT((long)nc, CROWD_N);
    CHECK(nl >= 20 && nl <= 40); /* crowded, yet most of the 40 find a place */
    for (size_t i = 0; i < nl; i++) {
        CHECK(lab[i].x0 >= a.x && lab[i].x1 <= a.x + a.w && lab[i].y0 >= a.y && lab[i].y1 <= a.y + a.h);
        for (size_t j = 0; j < nc; j++) clashes += circle_box(c[j], lab[i]);
        for (size_t j = 0; j < i; j++) clashes += plot_box_overlap(lab[i], lab[j]);
    }
    CHECK_INT((long)clashes, 0);
    size_t leaders = 0;
    const char *g = strstr(svg, "class=\"volcano-labels\""), *end = g ? strstr(g, "</g>") : NULL;
    for (const char *s = g ? strstr(g, "<line ") : NULL; s && s < end; s = strstr(s + 1, "<line ")) leaders++;
    CHECK(leaders > 0 && leaders <= nl); /* some labels had to move away */
    onc_strbuf_free(&b), onc_strbuf_free(&again);
    free(pts);
}

int main(void)
{
    RUN(km_thinned_is_pixel_equivalent);
    RUN(thin_leaves_small_paths);
    RUN(volcano_labels_avoid_points_and_labels);
    CHECK_EXIT();
}
