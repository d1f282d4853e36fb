/* cli_stats_assoc.c: the association and diagnostic analyses of `oncoboard stats`
 * (stats_assoc.h). */
#include "cli_stats.h"

cli_command_t cli_stats_assoc_commands[] = {
    {NULL, NULL, NULL},
};
