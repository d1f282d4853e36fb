/* design_3p3.c: the 3+3 design, its operating characteristics exactly (by enumerating every
 * outcome) and by simulation (design.h; research/dose-finding.md 4.4).
 *
 * One rule function says what follows a state of the trial (three more patients at some dose,
 * or the end with an MTD), and both the enumeration and the simulation (design_run.c) walk it,
 * so that they cannot disagree on the rules. Variant A (no de-escalation, as UBCRM's troisPtrois): three
 * patients at a dose; 0/3 escalate; 1/3 three more, and escalate on 1/6; 2 or more DLTs end the
 * trial with the dose below as the MTD (none below dose 1); passing the top dose selects it.
 * Variant B (Korn et al. 1994's "de-escalate and expand"): when a dose is too toxic, the dose
 * below gets three more patients if it has only three and is the MTD when it then has at most
 * 1/6; a dose below that already has 6 patients and at most one DLT is the MTD; a dose that
 * fails on expansion sends the search further down.
 */
#include "design/design_int.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>
#include <time.h>

typedef struct tpt_state {
    int n[ONC_DESIGN_MAX_DOSES], y[ONC_DESIGN_MAX_DOSES];
    int dose;        /* where the last three were treated */
    bool descending; /* variant B: searching downward after a toxic dose */
} tpt_state_t;

/* Variant B, below the toxic dose d: expand a dose of three (*next), or the MTD (*mtd, -1 none). */
static bool search_down(const tpt_state_t *s, int d, int *next, int *mtd)
{
    for (int k = d - 1; k >= 0; k--) {
        if (s->n[k] == 3) {
            *next = k;
            return true;
        }
        if (s->y[k] <= 1) {
            *mtd = k;
            return false;
        }
    }
    *mtd = -1;
    return false;
}

/* What follows s: true with *next the dose of the next three patients, or false with *mtd (-1:
 * none). */
static bool tpt_rule(onc_3p3_variant v, const tpt_state_t *s, int n_doses, int *next, int *mtd)
{
    int d = s->dose, n = s->n[d], y = s->y[d];
    bool toxic = y >= 2, passes = (n == 3 && y == 0) || (n == 6 && y <= 1);
    if (toxic) {
        if (v == ONC_3P3_B) return search_down(s, d, next, mtd);
        *mtd = d - 1;
        return false;
    }
    if (!passes || (!s->descending && d + 1 < n_doses)) { /* 1/3: three more here; else escalate */
        *next = passes ? d + 1 : d;
        return true;
    }
    *mtd = d; /* the top dose passed, or (B) the first tolerable dose below a toxic one */
    return false;
}

static void tpt_treat(tpt_state_t *s, int next, int dlts)
{
    s->descending = s->descending || next < s->dose;
    s->dose = next;
    s->n[next] += 3;
    s->y[next] += dlts;
}

/* The exact totals: every end of the trial weighted by its probability. */
typedef struct tpt_sum {
    double sel[ONC_DESIGN_MAX_DOSES], none, npts[ONC_DESIGN_MAX_DOSES], ndlt[ONC_DESIGN_MAX_DOSES];
} tpt_sum_t;

static void add_end(tpt_sum_t *t, const tpt_state_t *s, int n_doses, int mtd, double weight)
{
    if (mtd < 0) t->none += weight;
    else t->sel[mtd] += weight;
    for (int j = 0; j < n_doses; j++) t->npts[j] += weight * s->n[j], t->ndlt[j] += weight * s->y[j];
}

typedef struct tpt_run {
    onc_3p3_variant v;
    const double *truth;
    int n_doses;
    tpt_sum_t sum;
} tpt_run_t;

/* Every continuation of s (three patients at `next`, 0-3 DLTs), weighted by its probability. */
static void enumerate(tpt_run_t *x, const tpt_state_t *s, int next, double prob)
{
    double p = x->truth[next], q = 1 - p;
    const double binom[4] = {q * q * q, 3 * p * q * q, 3 * p * p * q, p * p * p};
    for (int t = 0; t < 4; t++) {
        if (binom[t] == 0) continue;
        tpt_state_t c = *s;
        tpt_treat(&c, next, t);
        int after = 0, mtd = -1;
        if (tpt_rule(x->v, &c, x->n_doses, &after, &mtd)) enumerate(x, &c, after, prob * binom[t]);
        else add_end(&x->sum, &c, x->n_doses, mtd, prob * binom[t]);
    }
}

static void simulate_one(const void *ctx, gsl_rng *r, design_tally_t *t)
{
    const tpt_run_t *x = ctx;
    tpt_state_t s;
    memset(&s, 0, sizeof s);
    int next = 0, mtd = -1;
    do {
        int dlts = 0;
        for (int k = 0; k < 3; k++) dlts += gsl_rng_uniform(r) < x->truth[next];
        tpt_treat(&s, next, dlts);
    } while (tpt_rule(x->v, &s, x->n_doses, &next, &mtd));
    int cohorts = 0;
    for (int j = 0; j < x->n_doses; j++) cohorts += s.n[j] / 3;
    design_trial_end_t e = {.n = s.n, .y = s.y, .mtd = mtd, .cohorts = cohorts};
    design_tally_add(t, &e, x->n_doses, x->truth, NAN, 0);
}

/* The exact figures: every outcome enumerated. */
static void exact(tpt_run_t *x, onc_design_oc_t *out)
{
    tpt_state_t s;
    memset(&s, 0, sizeof s);
    enumerate(x, &s, 0, 1.0);
    out->n_doses = x->n_doses;
    out->no_mtd_pct = 100 * x->sum.none;
    out->overdose60_pct = out->overdose80_pct = NAN;
    for (int j = 0; j < x->n_doses; j++) {
        out->selection_pct[j] = 100 * x->sum.sel[j];
        out->patients_per_dose[j] = x->sum.npts[j];
        out->dlt_per_dose[j] = x->sum.ndlt[j];
        out->mean_n += out->patients_per_dose[j];
        out->mean_dlt += out->dlt_per_dose[j];
    }
    out->mean_cohorts = out->mean_n / 3;
}

onc_rc onc_3p3_oc(onc_3p3_variant v, const double *truth, int n_doses, long n_trials, uint64_t seed,
                  onc_design_oc_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = design_check_truth(truth, n_doses, err);
    if (rc != ONC_OK) return rc;
    tpt_run_t x = {.v = v, .truth = truth, .n_doses = n_doses};
    if (n_trials) return design_run_trials(simulate_one, &x, n_doses, n_trials, seed, 1, false, out, err);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    exact(&x, out);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    return ONC_OK;
}
