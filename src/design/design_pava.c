/* design_pava.c: weighted isotonic regression by pool adjacent violators (non-decreasing).
 *
 * Used for BOIN's MTD selection (research/dose-finding.md 1.4, as the R package's pava): a
 * block of adjacent values that decrease is replaced by its weighted mean, repeatedly, until the
 * sequence does not decrease. One pass with a stack of blocks: O(k). */
#include "oncoboard/design.h"

#include <stdlib.h>

void onc_pava(double *v, const double *w, size_t k)
{
    if (k < 2) return;
    /* blocks on a stack: mean, total weight, length */
    double mean[ONC_DESIGN_MAX_DOSES], weight[ONC_DESIGN_MAX_DOSES];
    size_t len[ONC_DESIGN_MAX_DOSES], top = 0;
    if (k > ONC_DESIGN_MAX_DOSES) return; /* callers pass at most one value per dose */
    for (size_t i = 0; i < k; i++) {
        mean[top] = v[i], weight[top] = w[i], len[top] = 1;
        top++;
        while (top > 1 && mean[top - 2] > mean[top - 1]) {
            double wt = weight[top - 2] + weight[top - 1];
            mean[top - 2] = (mean[top - 2] * weight[top - 2] + mean[top - 1] * weight[top - 1]) / wt;
            weight[top - 2] = wt;
            len[top - 2] += len[top - 1];
            top--;
        }
    }
    size_t i = 0;
    for (size_t b = 0; b < top; b++)
        for (size_t j = 0; j < len[b]; j++) v[i++] = mean[b];
}
