/* design_iso2.c: two-dimensional (matrix order) weighted isotonic regression: the least-squares
 * fit, with weights, that does not decrease along any row nor down any column (design.h).
 *
 * BOIN's select.mtd.comb calls Iso::biviso, the algorithm of Bril, Dykstra, Pillers & Robertson
 * (1984, Applied Statistics AS 206; research/dose-finding.md sections 2.1 and 9). It is
 * Dykstra's (1983) cyclic projection: the matrix cone is the intersection of "every row
 * non-decreasing" and "every column non-decreasing", each a set of independent one-dimensional
 * isotonic regressions (pool adjacent violators, design_pava.c). Alternating the two plain
 * projections would stop at a feasible matrix that need not be the closest one; Dykstra's
 * correction terms (what each projection removed last time is added back before it is made
 * again) make the iteration converge to the exact projection. We iterate until the row and
 * column fits agree to 1e-10 (Iso stops at sqrt(machine epsilon), about 1.5e-8) or 50,000
 * cycles (Iso's cap), and return the column fit, which is column-monotone and, at convergence,
 * row-monotone to that precision.
 */
#include "oncoboard/design.h"

#include <math.h>
#include <string.h>

#define ISO2_TOL 1e-10
#define ISO2_MAX_CYCLES 50000

/* Weighted PAVA of cells start, start + step, ... (count of them) of v, in place. */
static void pava_strided(double *v, const double *w, int start, int step, int count)
{
    double a[ONC_DESIGN_MAX_DOSES] = {0}, b[ONC_DESIGN_MAX_DOSES] = {0};
    for (int i = 0; i < count; i++) a[i] = v[start + i * step], b[i] = w[start + i * step];
    onc_pava(a, b, (size_t)count);
    for (int i = 0; i < count; i++) v[start + i * step] = a[i];
}

int onc_iso2(double *v, const double *w, int rows, int cols)
{
    int cells = rows * cols;
    if (rows < 1 || cols < 1 || cells > ONC_DESIGN_MAX_DOSES) return -1;
    double x[ONC_DESIGN_MAX_DOSES], r[ONC_DESIGN_MAX_DOSES], p[ONC_DESIGN_MAX_DOSES] = {0},
           q[ONC_DESIGN_MAX_DOSES] = {0};
    memcpy(x, v, (size_t)cells * sizeof *x);
    for (int cycle = 1; cycle <= ISO2_MAX_CYCLES; cycle++) {
        for (int c = 0; c < cells; c++) r[c] = x[c] + p[c]; /* rows, with their correction */
        for (int i = 0; i < rows; i++) pava_strided(r, w, i * cols, 1, cols);
        for (int c = 0; c < cells; c++) p[c] += x[c] - r[c];
        double diff = 0;
        for (int c = 0; c < cells; c++) x[c] = r[c] + q[c]; /* columns, with theirs */
        for (int j = 0; j < cols; j++) pava_strided(x, w, j, cols, rows);
        for (int c = 0; c < cells; c++) {
            q[c] += r[c] - x[c];
            diff = fmax(diff, fabs(r[c] - x[c]));
        }
        if (diff < ISO2_TOL) {
            memcpy(v, x, (size_t)cells * sizeof *x);
            return cycle;
        }
    }
    memcpy(v, x, (size_t)cells * sizeof *x);
    return 0;
}
