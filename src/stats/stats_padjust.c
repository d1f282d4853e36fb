/* stats_padjust.c: p-values adjusted for multiple testing, as R's p.adjust: Bonferroni and
 * Holm (family-wise error), Benjamini-Hochberg and Benjamini-Yekutieli (false discovery rate).
 * Missing p-values stay missing and do not count in the number of tests, as in R. */
#include "oncoboard/stats_assoc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct ranked {
    double p;
    size_t i;
} ranked_t;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked_t *u = a, *v = b;
    if (u->p != v->p) return u->p < v->p ? -1 : 1;
    return u->i < v->i ? -1 : u->i > v->i;
}

onc_rc onc_padjust_method_parse(const char *s, onc_padjust_method *m, onc_err_t *err)
{
    if (strcasecmp(s, "BH") == 0 || strcasecmp(s, "fdr") == 0) *m = ONC_PADJ_BH;
    else if (strcasecmp(s, "BY") == 0) *m = ONC_PADJ_BY;
    else if (strcasecmp(s, "holm") == 0) *m = ONC_PADJ_HOLM;
    else if (strcasecmp(s, "bonferroni") == 0) *m = ONC_PADJ_BONFERRONI;
    else return onc_err_set(err, ONC_EINVAL, "p-value adjustment: unknown method '%s' (BH, BY, holm, bonferroni)", s);
    return ONC_OK;
}

onc_rc onc_padjust(const double *p, size_t n_in, onc_padjust_method method, double *out, onc_err_t *err)
{
    ranked_t *r = malloc((n_in + 1) * sizeof *r);
    if (!r) return onc_err_set(err, ONC_ENOMEM, "p-value adjustment: out of memory");
    size_t n = 0;
    for (size_t i = 0; i < n_in; i++) {
        out[i] = NAN;
        if (isnan(p[i])) continue;
        if (!(p[i] >= 0 && p[i] <= 1)) {
            free(r);
            return onc_err_set(err, ONC_EINVAL, "p-value adjustment: value %zu (%g) is not a probability", i + 1, p[i]);
        }
        r[n].p = p[i], r[n].i = i, n++;
    }
    qsort(r, n, sizeof *r, cmp_ranked);
    double N = (double)n, q = 1;
    if (method == ONC_PADJ_BY) {
        q = 0;
        for (size_t k = 1; k <= n; k++) q += 1 / (double)k;
    }
    if (method == ONC_PADJ_BONFERRONI || method == ONC_PADJ_HOLM) {
        double run = 0;
        for (size_t k = 0; k < n; k++) {
            double v = method == ONC_PADJ_HOLM ? (N - (double)k) * r[k].p : N * r[k].p;
            if (method == ONC_PADJ_HOLM) v = run = fmax(run, v);
            out[r[k].i] = fmin(1, v);
        }
    } else { /* step-up: the running minimum from the largest p down */
        double run = INFINITY;
        for (size_t k = n; k-- > 0;) {
            run = fmin(run, q * N / (double)(k + 1) * r[k].p);
            out[r[k].i] = fmin(1, run);
        }
    }
    free(r);
    return ONC_OK;
}
