/* cli_stats_plot.h: what `stats plot` (cli_stats_plot.c) and `stats report`
 * (cli_stats_report.c) share: one option set and the figures built from a table's columns, each
 * with the statistics it shows, so that the report's tables and its figures come from the same
 * fits. */
#ifndef ONCOBOARD_CLI_STATS_PLOT_H
#define ONCOBOARD_CLI_STATS_PLOT_H

#include "cli_stats_surv.h"
#include "oncoboard/plot.h"
#include "oncoboard/stats_assoc.h"

typedef struct plot_args {
    surv_args_t s; /* --table (--data) or --study (--per-sample), --time, --event, --group, --levels, --ref, --covariates,
                      --factors, --strata, --ties, --conf-type, --conf-level, --risk-times, -o */
    const char *title, *x_label, *y_label;
    int width, height;
    bool no_bands, no_censor;
    const char *score, *outcome, *direction;      /* roc; the report's --marker and --response */
    const char *outcome_levels;                   /* NO,YES: the outcome's two values compared */
    const char *change, *category, *label;        /* waterfall */
    const char *patient, *start, *end, *therapy, *event_time, *event_kind, *ongoing; /* swimmer */
    bool no_version;                              /* report: leave the program's version out */
} plot_args_t;

/* Parses argv (argv[0] the command): -1 to go on, else the exit status. */
int plot_parse(plot_args_t *a, int argc, char **argv, void (*usage)(FILE *fp));
onc_plot_frame_t plot_frame_of(const plot_args_t *a);

/* Kaplan-Meier by group with its legend and annotation (the log-rank test and Peto's hazard
 * ratio when there are two groups or more; lr is filled then, else zeroed). */
int plot_km_figure(const plot_args_t *a, const surv_input_t *in, onc_plot_frame_t frame, onc_strbuf_t *svg,
                   onc_km_t **kms, onc_logrank_t *lr);
/* The Cox model of --covariates and its forest plot (reference levels as rows). */
int plot_forest_figure(const plot_args_t *a, const surv_input_t *in, onc_plot_frame_t frame, onc_strbuf_t *svg,
                       onc_design_t *x, onc_cox_t *fit);
/* The ROC curve of --score (a.score) against the binary --outcome, with the AUC, DeLong's
 * interval and the Youden cut-off in r. positive: the outcome's level taken as the event. */
int plot_roc_figure(const plot_args_t *a, const onc_frame_t *f, onc_plot_frame_t frame, onc_strbuf_t *svg,
                    onc_roc_t *r, const char **positive);
/* The waterfall of --change (coloured by --category). */
int plot_waterfall_figure(const plot_args_t *a, const onc_frame_t *f, onc_plot_frame_t frame, onc_strbuf_t *svg);
/* A binary column as 0/1 (NaN missing): 0/1, FALSE/TRUE, no/yes (any case), else the second
 * level in byte order; with levels "NEG,POS" those two values, any other left out (NaN). out has
 * rows(f) values. CLI_OK or the exit status after a message. */
int plot_binary_column(const char *cmd, const onc_frame_t *f, const char *file, const char *name, const char *levels,
                       double *out, const char **positive);

/* A library error: the message and the exit status. */
int plot_fail_lib(const char *cmd, const onc_err_t *err);

int cmd_stats_report(int argc, char **argv); /* cli_stats_report.c */


#endif
