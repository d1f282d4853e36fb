/* cli_stats.h: `oncoboard stats ANALYSIS ...`: one table of analyses per family, each analysis
 * a function in its family's file (cli_stats_surv.c: survival; cli_stats_assoc.c: association
 * and diagnostic statistics). cli_stats.c finds the analysis and prints the common help. */
#ifndef ONCOBOARD_CLI_STATS_H
#define ONCOBOARD_CLI_STATS_H

#include "cli.h"

/* Each table ends with a NULL name. argv[0] of an analysis is its name. */
extern cli_command_t cli_stats_surv_commands[];
extern cli_command_t cli_stats_assoc_commands[];
extern cli_command_t cli_stats_cohort_commands[];
extern cli_command_t cli_stats_paired_commands[];
extern cli_command_t cli_stats_cor_commands[];   /* cli_stats_cor.c */
extern cli_command_t cli_stats_score_commands[]; /* cli_stats_score.c */

/* The cohort table of an analysis: --data FILE (a TSV or CSV), or --study DIR (a cBioPortal
 * study's clinical tables joined, one row per patient, or per sample with per_sample:
 * stats_cohort.h). CLI_OK with *out set, or the exit status after a message naming cmd. */
struct onc_frame;
struct option;
int cli_stats_table(const char *cmd, const char *data, const char *study, bool per_sample, struct onc_frame **out);

/* Subsets and derived groups (cli_stats_subset.c): --where, --cut and --sample-where, taken out
 * of argv (argv[0] the analysis; *argc updated) by the dispatcher before the analysis reads its
 * options: -1 to go on, or the exit status of a usage error. cli_stats_table then applies them
 * to the table it returns (cli_stats_subset_apply), and builds a study's per-patient table with
 * the chosen samples (cli_stats_subset_study_frame); both report on stderr and return CLI_OK or
 * the exit status after a message. */
int cli_stats_subset_take(const char *cmd, int *argc, char **argv);
void cli_stats_subset_reset(void);
void cli_stats_subset_check_used(const char *cmd); /* a warning when no table took them */
void cli_stats_subset_usage(FILE *fp);
struct onc_cbio_clinical;
int cli_stats_subset_study_frame(const char *cmd, const struct onc_cbio_clinical *c, const char *dir, bool per_sample,
                                 struct onc_frame **out);
int cli_stats_subset_apply(const char *cmd, struct onc_frame *f);

/* The option loop of an analysis (argv[0] its name): -h prints usage, --version (whose code is
 * version_opt) the version, and every other option goes to take(ctx, code, value), which returns
 * -1 to go on or an exit status. Returns -1 when the options are read, else the exit status. */
int cli_stats_getopt(int argc, char **argv, const struct option *options, int version_opt, const char *cmd,
                     void (*usage)(FILE *fp), int (*take)(void *ctx, int c, const char *v), void *ctx);
extern cli_command_t cli_stats_plot_commands[]; /* plot and report: cli_stats_plot.c */

#endif
