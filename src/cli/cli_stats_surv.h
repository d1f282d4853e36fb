/* cli_stats_surv.h: what the survival analyses of `oncoboard stats` share: one option parser,
 * the table read into time, event, group and strata columns, and the output. cli_stats_surv.c
 * has km, logrank, rmst and landmark; cli_stats_surv_cox.c has cox. */
#ifndef ONCOBOARD_CLI_STATS_SURV_H
#define ONCOBOARD_CLI_STATS_SURV_H

#include "cli_stats.h"
#include "cli_stats_boot.h"
#include "oncoboard/frame.h"
#include "oncoboard/stats_surv.h"

#define SURV_MAX_REFS 64
#define SURV_MAX_TIMES 1000

typedef struct surv_args {
    const char *cmd;
    const char *data, *time, *event, *group, *strata, *covariates, *factors, *levels, *output, *response_time;
    const char *study;                    /* --study DIR (then data names it in messages) */
    bool per_sample;                      /* --per-sample: one row per sample of the study */
    const char *group_ref;                /* --ref LEVEL */
    const char *cov_refs[SURV_MAX_REFS];  /* --ref VAR=LEVEL */
    size_t n_cov_refs;
    const char *censor;                   /* --censor C: 1 censored, 0 event (ADaM's CNSR), instead of --event */
    const char *by, *forest;              /* cox --by V1,V2: subgroup analyses; --forest FILE.svg */
    double times[SURV_MAX_TIMES];         /* --times */
    size_t n_times;
    double conf_level, rho, tau, landmark;
    onc_km_opts_t km;
    onc_cox_opts_t cox;
    bool zph, curve;
    cli_boot_t boot;                      /* cox: --bootstrap, --seed, --resamples, --write-resamples */
    cli_format fmt;
} surv_args_t;

/* The table and its survival columns (rows as in the file). group and strata codes are -1 when
 * missing; a group is "all" (one level) when --group is not given. */
typedef struct surv_input {
    onc_frame_t *f;
    size_t n;
    double *time;
    int *status;
    onc_factor_t group, strata;
    bool has_group, has_strata;
} surv_input_t;

/* Parses argv (argv[0] the analysis): -1 to go on, else the exit status (help, errors). */
int surv_parse(surv_args_t *a, int argc, char **argv, void (*usage)(FILE *fp));
/* Reads --data and its columns: CLI_OK, or the exit status after a message. */
int surv_load(const surv_args_t *a, surv_input_t *in);
void surv_input_free(surv_input_t *in);
/* An error of the library: the message and the exit status. */
int surv_fail(const char *cmd, const onc_err_t *err);

int cmd_stats_cox(int argc, char **argv);
/* The covariates of a->covariates from in->f into x (numeric unless in a->factors or given a
 * reference with --ref VAR=LEVEL): the design of cox and of screen --covariates. */
onc_rc surv_build_design(const surv_args_t *a, const surv_input_t *in, onc_design_t *x, onc_err_t *err) ONC_MUST_CHECK;
/* The design spec of the covariate options (--covariates, --factors, --ref). */
void surv_design_spec(const surv_args_t *a, onc_design_spec_t *s);
/* cox --by: the treatment's hazard ratio within each subgroup, the interaction tests and the
 * forest plot (cli_stats_surv_subgroup.c); the exit status. */
int surv_cox_subgroups(const surv_args_t *a, const surv_input_t *in);
/* One term's Wald and likelihood-ratio tests as a JSON object (a comma first unless first) or
 * a TSV note line "# interaction NAME: ...". */
void surv_term_test_json(FILE *fp, const char *name, const onc_cox_term_test_t *t, int first);
void surv_term_test_tsv(FILE *fp, const char *name, const onc_cox_term_test_t *t);

/* Shared with the figures (cli_stats_plot.c): --times T1,T2,.. into a->times (-1 to go on, else
 * the exit status after a message); one Kaplan-Meier curve per group level (CLI_OK with kms,
 * n_levels of them, freed by surv_km_free_all; or the exit status after a message). */
int surv_parse_times(surv_args_t *a, const char *s);
int surv_km_fit_groups(const surv_args_t *a, const surv_input_t *in, onc_km_t **kms);
void surv_km_free_all(onc_km_t *kms, size_t n_levels);

/* A number for the TSV output: printf's %.10g (or %.6g for p-values and ratios in the notes), NA
 * for a missing value as R prints it, Inf and -Inf. buf has SURV_NUM_MAX bytes. */
#define SURV_NUM_MAX 40
const char *surv_num(double v, int digits, char *buf);
#define NUM(v) surv_num((v), 10, (char[SURV_NUM_MAX]){0})
#define NUM6(v) surv_num((v), 6, (char[SURV_NUM_MAX]){0})

#endif
