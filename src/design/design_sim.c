/* design_sim.c: BOIN's operating characteristics by simulation (design.h; research/
 * dose-finding.md 1.3, the R package's get.oc).
 *
 * Each simulated trial draws its patients' outcomes from a random stream of its own, seeded from
 * (seed, trial number) through splitmix64 into GSL's Mersenne twister: a patient at dose j has a
 * DLT when their uniform is below truth[j]. Trials are shared out over threads in blocks and
 * every total is an integer count, so the results are the same whatever the number of threads.
 * Decisions and the final MTD use design_boin.c's own code over a table computed once.
 */
#include "design/design_int.h"

#include <gsl/gsl_rng.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct tally {
    long selected[ONC_DESIGN_MAX_DOSES], no_mtd, stopped_toxic;
    long patients[ONC_DESIGN_MAX_DOSES], dlts[ONC_DESIGN_MAX_DOSES];
} tally_t;

typedef struct sim {
    const onc_boin_params_t *p;
    const onc_boin_sim_opts_t *o;
    const double *truth;
    int n_doses;
    const onc_boin_row_t *rows; /* up to the maximum sample size */
} sim_t;

typedef struct worker {
    const sim_t *S;
    long first, last; /* trials [first, last) */
    tally_t t;
    int failed;
} worker_t;

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

/* Accelerated titration (research 1.3): one latent outcome per dose; the first dose with a DLT
 * is where the trial starts, every dose up to it having treated one patient. Returns the dose. */
static int titrate(const sim_t *S, gsl_rng *r, int *n, int *y)
{
    for (int j = 0; j < S->n_doses; j++) {
        n[j] = 1;
        if (gsl_rng_uniform(r) < S->truth[j]) {
            y[j] = 1;
            for (int k = j + 1; k < S->n_doses; k++) n[k] = 0;
            return j;
        }
    }
    return S->n_doses - 1;
}

static void one_trial(const sim_t *S, gsl_rng *r, tally_t *t)
{
    const onc_boin_sim_opts_t *o = S->o;
    int n[ONC_DESIGN_MAX_DOSES] = {0}, y[ONC_DESIGN_MAX_DOSES] = {0};
    int max_n = o->n_cohorts * o->cohort_size, total = 0, d = o->start_dose, elim = -1;
    bool toxic = false;
    if (o->titration && o->cohort_size > 1) {
        d = titrate(S, r, n, y);
        for (int j = 0; j < S->n_doses; j++) total += n[j];
    }
    for (int i = 0; i < o->n_cohorts; i++) {
        int m = i == 0 && o->titration && o->cohort_size > 1 ? o->cohort_size - 1 : o->cohort_size;
        if (total + m > max_n) m = max_n - total;
        for (int k = 0; k < m; k++) y[d] += gsl_rng_uniform(r) < S->truth[d];
        n[d] += m;
        total += m;
        if (total >= max_n) break; /* the last patients: no decision after them */
        onc_boin_next_t next;
        boin_step(S->p, &S->rows[n[d]], y[d], S->n_doses, d, elim, &next);
        elim = next.eliminated_from;
        if (next.decision == ONC_BOIN_STOP_TOXIC) toxic = true;
        if (next.decision == ONC_BOIN_STOP_TOXIC || next.decision == ONC_BOIN_STOP_SELECT) break;
        d = next.next_dose;
    }
    int mtd = toxic ? -1 : boin_select_rows(S->p, S->rows, n, y, S->n_doses, NULL);
    if (mtd < 0) t->no_mtd++;
    else t->selected[mtd]++;
    t->stopped_toxic += toxic;
    for (int j = 0; j < S->n_doses; j++) t->patients[j] += n[j], t->dlts[j] += y[j];
}

static void *run_block(void *arg)
{
    worker_t *w = arg;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) {
        w->failed = 1;
        return NULL;
    }
    for (long i = w->first; i < w->last; i++) {
        gsl_rng_set(r, (unsigned long)design_trial_seed(w->S->o->seed, (uint64_t)i));
        one_trial(w->S, r, &w->t);
    }
    gsl_rng_free(r);
    return NULL;
}

static onc_rc check_sim(const onc_boin_params_t *p, const double *truth, int n_doses, const onc_boin_sim_opts_t *o,
                        onc_err_t *err)
{
    onc_rc rc = onc_boin_check(p, err);
    if (rc == ONC_OK) rc = design_check_truth(truth, n_doses, err);
    if (rc != ONC_OK) return rc;
    if (o->n_cohorts < 1 || o->cohort_size < 1 || (long)o->n_cohorts * o->cohort_size > ONC_DESIGN_MAX_N)
        return onc_err_set(err, ONC_EINVAL, "%d cohorts of %d: between 1 and %d patients in all", o->n_cohorts,
                           o->cohort_size, ONC_DESIGN_MAX_N);
    if (o->start_dose < 0 || o->start_dose >= n_doses)
        return onc_err_set(err, ONC_EINVAL, "start dose %d: no such dose", o->start_dose + 1);
    if (o->n_trials < 1 || o->n_trials > 100000000L)
        return onc_err_set(err, ONC_EINVAL, "%ld trials: between 1 and 100,000,000", o->n_trials);
    return ONC_OK;
}

static void summarise(const tally_t *t, int n_doses, long n_trials, onc_design_oc_t *out)
{
    double N = (double)n_trials;
    out->n_doses = n_doses;
    out->n_trials = n_trials;
    out->no_mtd_pct = 100.0 * (double)t->no_mtd / N;
    out->early_stop_pct = 100.0 * (double)t->stopped_toxic / N;
    for (int j = 0; j < n_doses; j++) {
        out->selection_pct[j] = 100.0 * (double)t->selected[j] / N;
        out->patients_per_dose[j] = (double)t->patients[j] / N;
        out->dlt_per_dose[j] = (double)t->dlts[j] / N;
        out->mean_n += out->patients_per_dose[j];
        out->mean_dlt += out->dlt_per_dose[j];
    }
}

onc_rc onc_boin_simulate(const onc_boin_params_t *p, const double *truth, int n_doses, const onc_boin_sim_opts_t *o,
                         onc_design_oc_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    onc_rc rc = check_sim(p, truth, n_doses, o, err);
    onc_boin_row_t *rows = NULL;
    if (rc == ONC_OK) rc = onc_boin_rows(p, o->n_cohorts * o->cohort_size, &rows, err);
    if (rc != ONC_OK) return rc;
    sim_t S = {.p = p, .o = o, .truth = truth, .n_doses = n_doses, .rows = rows};
    int threads = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads;
    worker_t w[64];
    pthread_t tid[64];
    bool running[64] = {false};
    for (int k = 0; k < threads; k++)
        w[k] = (worker_t){.S = &S, .first = o->n_trials * k / threads, .last = o->n_trials * (k + 1) / threads};
    for (int k = 1; k < threads; k++) running[k] = pthread_create(&tid[k], NULL, run_block, &w[k]) == 0;
    run_block(&w[0]);
    tally_t sum = {0};
    for (int k = 0; k < threads; k++) {
        if (running[k]) pthread_join(tid[k], NULL);
        else if (k > 0) run_block(&w[k]); /* no thread to be had: its block runs here */
        if (w[k].failed) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        sum.no_mtd += w[k].t.no_mtd, sum.stopped_toxic += w[k].t.stopped_toxic;
        for (int j = 0; j < n_doses; j++) {
            sum.selected[j] += w[k].t.selected[j];
            sum.patients[j] += w[k].t.patients[j], sum.dlts[j] += w[k].t.dlts[j];
        }
    }
    free(rows);
    if (rc != ONC_OK) return rc;
    summarise(&sum, n_doses, o->n_trials, out);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    return ONC_OK;
}
