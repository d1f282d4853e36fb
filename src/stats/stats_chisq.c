/* stats_chisq.c: Pearson's chi-square test of independence and McNemar's test of paired
 * outcomes, as R's chisq.test and mcnemar.test (continuity corrections on 2x2 tables by
 * default, as R). A table whose expected count is zero somewhere is refused: R would answer
 * NaN. */
#include "oncoboard/stats_assoc.h"
#include "stats_assoc_int.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

onc_rc onc_chisq_test(const int64_t *t, size_t r, size_t c, bool yates, onc_chisq_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_assoc_margins_t m;
    onc_rc rc = onc_assoc_margins(t, r, c, "chi-square test", &m, err);
    if (rc != ONC_OK) return rc;
    bool correct = yates && r == 2 && c == 2;
    double n = (double)m.total, stat = 0;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            double e = (double)m.row[i] * (double)m.col[j] / n, dev = fabs((double)t[i * c + j] - e);
            /* R: YATES = min(0.5, abs(x - E)) */
            if (correct) dev -= dev < 0.5 ? dev : 0.5;
            stat += dev * dev / e;
            if (e < 5) out->small_expected = true;
        }
    onc_assoc_margins_free(&m);
    onc_assoc_gsl_quiet();
    out->stat = stat;
    out->df = (double)((r - 1) * (c - 1));
    out->p = gsl_cdf_chisq_Q(stat, out->df);
    return ONC_OK;
}

onc_rc onc_mcnemar_test(const int64_t *t, size_t k, bool correct, onc_chisq_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    if (k < 2 || k > 1000) return onc_err_set(err, ONC_EINVAL, "McNemar's test: the table must be square, 2 to 1000 levels");
    double stat = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++) {
            int64_t a = t[i * k + j], b = t[j * k + i];
            if (a < 0 || b < 0) return onc_err_set(err, ONC_EINVAL, "McNemar's test: negative count");
            if (a + b == 0)
                return onc_err_set(err, ONC_EINVAL,
                                   "McNemar's test: no discordant pair between levels %zu and %zu (R gives NaN)",
                                   i + 1, j + 1);
            double d = fabs((double)(a - b));
            if (correct && k == 2 && a != b) d -= 1; /* R corrects only an asymmetric table */
            stat += d * d / (double)(a + b);
        }
    onc_assoc_gsl_quiet();
    out->stat = stat;
    out->df = (double)(k * (k - 1) / 2);
    out->p = gsl_cdf_chisq_Q(stat, out->df);
    return ONC_OK;
}
