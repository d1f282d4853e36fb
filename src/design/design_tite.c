/* design_tite.c: TITE-BOIN's decisions with patients still in their DLT window (design.h;
 * research/dose-finding.md section 5, Yuan et al. 2018 and the published table of
 * Ananthakrishnan et al. 2022).
 *
 * With c patients pending at the current dose (followed for less than the DLT window, no DLT
 * yet) their outcomes are imputed from the standardised total follow-up time STFT (the sum of
 * their follow-up fractions): ptilde = (y + phi/2) / (n - c + 1), pihat = (y + (c - STFT)
 * ptilde / (1 - ptilde)) / n, and BOIN's boundaries apply to pihat. Since pihat falls as STFT
 * grows, each decision that depends on STFT is a threshold on it, which is what a protocol's
 * table prints ("escalate if STFT >= 0.77, else stay"). Elimination counts the pending patients
 * as having no DLT; accrual is suspended while more than half of the dose's patients are pending
 * (unless the observed rate already calls for de-escalation).
 */
#include "design/design_int.h"

#include <math.h>

const char *const onc_tite_decision_names[] = {"escalate", "stay", "deescalate", "deescalate_eliminate",
                                              "suspend", "escalate_if_stft_ge", "stay_if_stft_gt", NULL};

/* Escalation or staying when the observed rate is below the target. */
static onc_tite_decision below_target(int n, int y, int c, double pt, double le, double *threshold)
{
    double t = c - (n * le - y) * (1 - pt) / pt; /* escalate iff STFT >= t */
    *threshold = t;
    if (t <= 0) return ONC_TITE_ESCALATE;
    return t > c ? ONC_TITE_STAY : ONC_TITE_ESCALATE_IF;
}

/* Staying or de-escalation when the observed rate is above the target (below lambda_d). */
static onc_tite_decision above_target(int n, int y, int c, double pt, double ld, double *threshold)
{
    double t = c - (n * ld - y) * (1 - pt) / pt; /* stay iff STFT > t */
    *threshold = t;
    if (t < 0) return ONC_TITE_STAY;
    return t >= c ? ONC_TITE_DEESCALATE : ONC_TITE_STAY_IF;
}

onc_tite_decision tite_decide_row(const onc_boin_params_t *p, const onc_boin_row_t *r, int n, int y, int pending,
                                  double *threshold)
{
    *threshold = NAN;
    double le, ld, phi = p->target, rate = (double)y / n;
    onc_boin_lambdas(p, &le, &ld);
    if (r->eliminate_ge >= 0 && y >= r->eliminate_ge) return ONC_TITE_DEESCALATE_ELIMINATE;
    if (rate >= ld || y >= r->deescalate_ge) return ONC_TITE_DEESCALATE;
    if (pending > 0.5 * n) return ONC_TITE_SUSPEND;
    if (pending == 0) return y <= r->escalate_le ? ONC_TITE_ESCALATE : ONC_TITE_STAY;
    double pt = (y + phi / 2) / (n - pending + 1);
    if (rate < phi) return below_target(n, y, pending, pt, le, threshold);
    if (rate > phi) return above_target(n, y, pending, pt, ld, threshold);
    return ONC_TITE_STAY;
}

onc_rc onc_tite_boin_decide(const onc_boin_params_t *p, int n, int y, int pending, onc_tite_decision *out,
                            double *threshold, onc_err_t *err)
{
    *threshold = NAN;
    onc_rc rc = onc_boin_check(p, err);
    if (rc != ONC_OK) return rc;
    if (n < 1 || n > ONC_DESIGN_MAX_N || y < 0 || pending < 0 || y + pending > n)
        return onc_err_set(err, ONC_EINVAL, "%d patients, %d DLTs and %d pending: DLTs and pending patients cannot "
                                            "outnumber the patients", n, y, pending);
    onc_boin_row_t r;
    onc_boin_row(p, n, &r);
    *out = tite_decide_row(p, &r, n, y, pending, threshold);
    return ONC_OK;
}
