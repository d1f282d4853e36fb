/* cli_stats.c: `oncoboard stats ANALYSIS [options]`, dispatched through the families' tables
 * (cli_stats.h). Every analysis reads a table (TSV or CSV with a header: frame.h), names its
 * columns by option, and writes text or --format json with CONTRACTS.md's keys. */
#include "cli_stats.h"

#include <string.h>

static const cli_command_t *const families[] = {cli_stats_surv_commands, cli_stats_assoc_commands,
                                                cli_stats_cohort_commands, cli_stats_plot_commands,
                                                cli_stats_paired_commands, cli_stats_cor_commands,
                                                cli_stats_score_commands};

static void usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Biomarker statistics on a cohort table, agreeing with R (docs/stats.md).\n"
                "Usage:   oncoboard stats <analysis> [options]\n"
                "\n"
                "Analyses:\n");
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
        for (const cli_command_t *c = families[f]; c->name; c++) fprintf(fp, "    %-12s %s\n", c->name, c->summary);
    fprintf(fp, "\n"
                "Each analysis takes -h/--help for its options, and these on its table:\n"
                "\n");
    cli_stats_subset_usage(fp);
}

static bool asks_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return true;
    return false;
}

/* The table options every analysis shares are taken out first (cli_stats_subset.c), and listed
 * after the analysis's own help. */
static int run_analysis(const cli_command_t *c, int argc, char **argv)
{
    bool help = asks_help(argc, argv);
    int st = cli_stats_subset_take(argv[0], &argc, argv);
    if (st < 0) st = c->run(argc, argv);
    if (help && st == CLI_OK) cli_stats_subset_usage(stdout);
    else if (st == CLI_OK) cli_stats_subset_check_used(argv[0]);
    cli_stats_subset_reset();
    return st;
}

int cmd_stats(int argc, char **argv)
{
    int head = cli_subcommand_head(argc, argv, usage);
    if (head >= 0) return head;
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
        for (const cli_command_t *c = families[f]; c->name; c++)
            if (strcmp(c->name, argv[1]) == 0) return run_analysis(c, argc - 1, argv + 1);
    return cli_usage_error("stats", "unknown analysis '%s' (oncoboard stats --help lists them)", argv[1]);
}
