/* stats_assoc_util.c: the helpers the association statistics share (stats_assoc_int.h). */
#include "stats_assoc_int.h"

#include "oncoboard/stats_assoc.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

void onc_assoc_gsl_quiet(void) { gsl_set_error_handler_off(); }

onc_rc onc_assoc_root(double (*fn)(double, void *), void *ctx, double lo, double hi, double *root, onc_err_t *err)
{
    gsl_function F = {fn, ctx};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s) return onc_err_set(err, ONC_ENOMEM, "root finder: out of memory");
    onc_assoc_gsl_quiet();
    if (gsl_root_fsolver_set(s, &F, lo, hi) != GSL_SUCCESS) {
        gsl_root_fsolver_free(s);
        return onc_err_set(err, ONC_EINTERNAL, "root finder: no sign change on [%g, %g]", lo, hi);
    }
    int status = GSL_CONTINUE;
    for (int it = 0; it < 500 && status == GSL_CONTINUE; it++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS) break;
        status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 0, 4e-16);
        if (fn(gsl_root_fsolver_root(s), ctx) == 0) status = GSL_SUCCESS;
    }
    *root = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    if (status != GSL_SUCCESS && !isfinite(*root))
        return onc_err_set(err, ONC_EINTERNAL, "root finder: did not converge on [%g, %g]", lo, hi);
    return ONC_OK;
}

onc_rc onc_assoc_margins(const int64_t *t, size_t r, size_t c, const char *what, onc_assoc_margins_t *m,
                         onc_err_t *err)
{
    m->row = m->col = NULL;
    m->total = 0;
    if (r < 2 || c < 2) return onc_err_set(err, ONC_EINVAL, "%s: the table must have at least 2 rows and 2 columns", what);
    if (r > 1000 || c > 1000) return onc_err_set(err, ONC_ELIMIT, "%s: at most 1000 rows and columns", what);
    m->row = calloc(r + c, sizeof *m->row);
    if (!m->row) return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", what);
    m->col = m->row + r;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            int64_t v = t[i * c + j];
            if (v < 0 || v > ONC_ASSOC_MAX_COUNT) {
                onc_assoc_margins_free(m);
                return onc_err_set(err, ONC_EINVAL, "%s: the counts must be 0 to %lld", what,
                                   (long long)ONC_ASSOC_MAX_COUNT);
            }
            m->row[i] += v, m->col[j] += v, m->total += v;
        }
    if (m->total > ONC_ASSOC_MAX_COUNT) {
        onc_assoc_margins_free(m);
        return onc_err_set(err, ONC_ELIMIT, "%s: more than %lld observations", what, (long long)ONC_ASSOC_MAX_COUNT);
    }
    for (size_t i = 0; i < r + c; i++)
        if (m->row[i] == 0) {
            onc_assoc_margins_free(m);
            return onc_err_set(err, ONC_EINVAL, "%s: %s %zu of the table is empty (R gives NaN); drop it", what,
                               i < r ? "row" : "column", i < r ? i + 1 : i - r + 1);
        }
    return ONC_OK;
}

void onc_assoc_margins_free(onc_assoc_margins_t *m)
{
    free(m->row);
    m->row = m->col = NULL;
}

typedef struct idx_val {
    double v;
    size_t i;
} idx_val_t;

static int cmp_idx_val(const void *a, const void *b)
{
    double x = ((const idx_val_t *)a)->v, y = ((const idx_val_t *)b)->v;
    return x < y ? -1 : x > y;
}

onc_rc onc_assoc_rank(const double *v, size_t n, double *rank, double *tie_sum, onc_err_t *err)
{
    idx_val_t *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) return onc_err_set(err, ONC_ENOMEM, "ranks: out of memory");
    for (size_t i = 0; i < n; i++) s[i].v = v[i], s[i].i = i;
    qsort(s, n, sizeof *s, cmp_idx_val);
    double ts = 0;
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && s[b].v == s[a].v; b++) {}
        double avg = (double)(a + 1 + b) / 2, t = (double)(b - a);
        for (size_t k = a; k < b; k++) rank[s[k].i] = avg;
        ts += t * t * t - t;
    }
    if (tie_sum) *tie_sum = ts;
    free(s);
    return ONC_OK;
}
