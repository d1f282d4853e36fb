/* cli_stats_surv.c: the survival analyses of `oncoboard stats` (stats_surv.h). */
#include "cli_stats.h"

cli_command_t cli_stats_surv_commands[] = {
    {NULL, NULL, NULL},
};
