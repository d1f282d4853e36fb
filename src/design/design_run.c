/* design_run.c: running many simulated trials of any design (design_int.h).
 *
 * Each trial draws its patients' outcomes from a random stream of its own, seeded from (seed,
 * trial number) through splitmix64 into GSL's Mersenne twister, so that a trial's course does not
 * depend on which thread runs it. Trials are shared out over threads in blocks, each block keeps
 * integer counts, and the counts are summed at the end: the results are the same whatever the
 * number of threads.
 */
#include "design/design_int.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#define MAX_THREADS 64

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

uint64_t design_trial_seed(uint64_t seed, uint64_t t)
{
    return splitmix64(seed ^ splitmix64(t));
}

onc_rc design_check_truth(const double *truth, int n_doses, onc_err_t *err)
{
    if (n_doses < 1 || n_doses > ONC_DESIGN_MAX_DOSES)
        return onc_err_set(err, ONC_EINVAL, "%d doses: between 1 and %d are possible", n_doses, ONC_DESIGN_MAX_DOSES);
    for (int j = 0; j < n_doses; j++)
        if (!(truth[j] >= 0 && truth[j] <= 1))
            return onc_err_set(err, ONC_EINVAL, "true DLT rate of dose %d: %g is not in [0, 1]", j + 1, truth[j]);
    return ONC_OK;
}

typedef struct block {
    design_trial_fn fn;
    const void *ctx;
    uint64_t seed;
    long first, last; /* trials [first, last) */
    design_tally_t t;
    int failed;
} block_t;

static void *run_block(void *arg)
{
    block_t *b = arg;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) {
        b->failed = 1;
        return NULL;
    }
    for (long i = b->first; i < b->last; i++) {
        gsl_rng_set(r, (unsigned long)design_trial_seed(b->seed, (uint64_t)i));
        b->fn(b->ctx, r, &b->t);
    }
    gsl_rng_free(r);
    return NULL;
}

void design_tally_add(design_tally_t *t, const design_trial_end_t *e, int n_doses, const double *truth, double target,
                      int max_n)
{
    if (e->mtd < 0) t->no_mtd++;
    else t->selected[e->mtd]++;
    t->stopped_toxic += e->stopped_toxic;
    t->cohorts += e->cohorts;
    if (e->timed) t->timed++, t->duration_us += llround(e->duration * 1e6);
    int above = 0;
    for (int j = 0; j < n_doses; j++) {
        t->patients[j] += e->n[j], t->dlts[j] += e->y[j];
        if (e->r) t->responses[j] += e->r[j];
        if (truth[j] > target) above += e->n[j];
    }
    t->overdose60 += above > 0.6 * max_n;
    t->overdose80 += above > 0.8 * max_n;
}

void design_overdose_defined(onc_design_oc_t *out, const double *truth, int n_doses, double target)
{
    for (int j = 0; j < n_doses; j++)
        if (fabs(truth[j] - target) < 1e-12) return;
    out->overdose60_pct = out->overdose80_pct = NAN;
}

static void add_tally(design_tally_t *sum, const design_tally_t *t, int n_doses)
{
    sum->no_mtd += t->no_mtd, sum->stopped_toxic += t->stopped_toxic;
    sum->overdose60 += t->overdose60, sum->overdose80 += t->overdose80, sum->cohorts += t->cohorts;
    sum->timed += t->timed, sum->duration_us += t->duration_us;
    for (int j = 0; j < n_doses; j++) {
        sum->selected[j] += t->selected[j];
        sum->patients[j] += t->patients[j], sum->dlts[j] += t->dlts[j];
        sum->responses[j] += t->responses[j];
    }
}

static void summarise(const design_tally_t *t, int n_doses, long n_trials, bool target_known, onc_design_oc_t *out)
{
    double N = (double)n_trials;
    out->n_doses = n_doses;
    out->n_trials = n_trials;
    out->no_mtd_pct = 100.0 * (double)t->no_mtd / N;
    out->early_stop_pct = 100.0 * (double)t->stopped_toxic / N;
    out->overdose60_pct = target_known ? 100.0 * (double)t->overdose60 / N : NAN;
    out->overdose80_pct = target_known ? 100.0 * (double)t->overdose80 / N : NAN;
    out->mean_cohorts = (double)t->cohorts / N;
    out->mean_duration = t->timed ? 1e-6 * (double)t->duration_us / (double)t->timed : NAN;
    for (int j = 0; j < n_doses; j++) {
        out->selection_pct[j] = 100.0 * (double)t->selected[j] / N;
        out->patients_per_dose[j] = (double)t->patients[j] / N;
        out->dlt_per_dose[j] = (double)t->dlts[j] / N;
        out->response_per_dose[j] = (double)t->responses[j] / N;
        out->mean_n += out->patients_per_dose[j];
        out->mean_dlt += out->dlt_per_dose[j];
    }
}

onc_rc design_run_trials(design_trial_fn fn, const void *ctx, int n_doses, long n_trials, uint64_t seed, int threads,
                         bool target_known, onc_design_oc_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    if (n_trials < 1 || n_trials > 100000000L)
        return onc_err_set(err, ONC_EINVAL, "%ld trials: between 1 and 100,000,000", n_trials);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    threads = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
    block_t b[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    bool running[MAX_THREADS] = {false};
    for (int k = 0; k < threads; k++)
        b[k] = (block_t){.fn = fn, .ctx = ctx, .seed = seed, .first = n_trials * k / threads,
                         .last = n_trials * (k + 1) / threads};
    for (int k = 1; k < threads; k++) running[k] = pthread_create(&tid[k], NULL, run_block, &b[k]) == 0;
    run_block(&b[0]);
    design_tally_t sum = {0};
    onc_rc rc = ONC_OK;
    for (int k = 0; k < threads; k++) {
        if (running[k]) pthread_join(tid[k], NULL);
        else if (k > 0) run_block(&b[k]); /* no thread to be had: its block runs here */
        if (b[k].failed) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        add_tally(&sum, &b[k].t, n_doses);
    }
    if (rc != ONC_OK) return rc;
    summarise(&sum, n_doses, n_trials, target_known, out);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    return ONC_OK;
}
