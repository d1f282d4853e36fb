/* stats_surv_frame.c: the event column of a cohort table read as CONTRACTS.md says: 0/1, 1/2
 * with 2 = event (R's Surv rule: a largest value of 2 means that coding), TRUE/FALSE, and
 * cBioPortal's "1:DECEASED" / "0:LIVING" (the number before the colon). */
#include "stats_surv_int.h"

#include "oncoboard/frame.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One cell as a number: NaN when missing, -INFINITY when unreadable. */
static double event_value(const char *s)
{
    if (!s) return NAN;
    static const char *const yes[] = {"true", "t", "yes"}, *const no[] = {"false", "f", "no"};
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(s, yes[i]) == 0) return 1;
        if (strcasecmp(s, no[i]) == 0) return 0;
    }
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || (*end && *end != ':') || !isfinite(v)) return -INFINITY;
    return v;
}

onc_rc onc_surv_event_column(const onc_frame_t *f, const char *file, const char *name, int *status, size_t *n_missing,
                             onc_err_t *err) {
    size_t j, n = onc_frame_rows(f), miss = 0;
    onc_rc rc = onc_frame_find(f, name, &j, err);
    if (rc != ONC_OK) return rc;
    double *v = malloc((n ? n : 1) * sizeof *v), max = -INFINITY;
    if (!v) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        v[i] = event_value(onc_frame_cell(f, i, j));
        if (isnan(v[i])) miss++;
        else if (v[i] > max) max = v[i];
    }
    double shift = max == 2 ? 1 : 0;
    for (size_t i = 0; i < n && rc == ONC_OK; i++) {
        if (isnan(v[i])) status[i] = -1;
        else if (v[i] - shift == 0 || v[i] - shift == 1) status[i] = (int)(v[i] - shift);
        else
            rc = onc_err_at(err, ONC_EPARSE, file, onc_frame_line(f, i), name,
                            "'%s' is not an event status (0/1, 1/2 with 2 = event, TRUE/FALSE, 1:EVENT/0:CENSOR)",
                            onc_frame_cell(f, i, j));
    }
    free(v);
    if (n_missing) *n_missing = miss;
    return rc;
}
