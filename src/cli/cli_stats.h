/* cli_stats.h: `oncoboard stats ANALYSIS ...`: one table of analyses per family, each analysis
 * a function in its family's file (cli_stats_surv.c: survival; cli_stats_assoc.c: association
 * and diagnostic statistics). cli_stats.c finds the analysis and prints the common help. */
#ifndef ONCOBOARD_CLI_STATS_H
#define ONCOBOARD_CLI_STATS_H

#include "cli.h"

/* Each table ends with a NULL name. argv[0] of an analysis is its name. */
extern cli_command_t cli_stats_surv_commands[];
extern cli_command_t cli_stats_assoc_commands[];
extern cli_command_t cli_stats_plot_commands[]; /* plot and report: cli_stats_plot.c */

#endif
