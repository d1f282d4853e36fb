/* cli_main.c: `oncoboard <command> ...`, dispatched through one table. */
#include "cli.h"
#include "oncoboard/version.h"

#include <errno.h>
#include <htslib/hts.h>
#include <stdio.h>
#include <string.h>

static const cli_command_t commands[] = {
    {"profile", cmd_profile, "read lab files and print the normalised alterations"},
    {"kb", cmd_kb, "the knowledge base: list, show, lookup, validate, import"},
    {"report", cmd_report, "the molecular tumor board report of a case (JSON, Markdown, HTML)"},
    {"annotate", cmd_annotate, "annotate a cohort's MAF, fusion and copy-number tables"},
    {"match", cmd_match, "patients against the trial portfolio (CTML), or a trial against patients"},
    {"trials", cmd_trials, "the trial portfolio: validate, list, import from ClinicalTrials.gov"},
    {"design", cmd_design, "phase I dose finding: BOIN decision tables, next dose, MTD, simulation"},
    {"phase1", cmd_phase1, "a phase I trial in the registry: set-up, dose levels given, DLTs"},
    {"stats", cmd_stats, "biomarker statistics: survival, association, cut-offs (agreeing with R)"},
    {"db", cmd_db, "the registry (SQLite or PostgreSQL): init, migrate, info"},
    {"audit", cmd_audit, "the registry's hash-chained audit log: verify, list"},
    {"serve", cmd_serve, "the web interface and REST API for the registry (HTTP, HTTPS)"},
    {"user", cmd_user, "the web server's users: add, passwd, disable, enable, role, list"},
    {NULL, NULL, NULL},
};

const cli_command_t *cli_commands(void) { return commands; }

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   oncoboard %s: molecular tumor board, trial matching, biomarker statistics\n"
            "         and phase I dose finding for thoracic oncology.\n"
            "Usage:   oncoboard <command> [options]\n"
            "\n"
            "Commands:\n",
            ONC_VERSION);
    for (const cli_command_t *c = commands; c->name; c++) fprintf(fp, "    %-12s %s\n", c->name, c->summary);
    fprintf(fp,
            "\n"
            "Every command takes -h/--help and --version. Exit status: 0 success, 1 a problem\n"
            "found and reported, 2 bad usage or invalid input, 3 internal error.\n"
            "\n");
}

/* stdout is closed and checked, so that a full disk or a closed pipe is an error, not a
 * silently short output. */
static int finish(int status)
{
    if (fclose(stdout) != 0 && status == CLI_OK) {
        fprintf(stderr, "oncoboard: error writing the output: %s\n", strerror(errno));
        return CLI_INTERNAL;
    }
    return status;
}

int main(int argc, char **argv)
{
    /* htslib prints its own messages; ours already name the file and the problem. */
    hts_set_log_level(HTS_LOG_OFF);
    if (argc < 2) {
        usage(stderr);
        return CLI_BAD_INPUT;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return finish(CLI_OK);
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("oncoboard %s\n", ONC_VERSION);
        return finish(CLI_OK);
    }
    for (const cli_command_t *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return finish(c->run(argc - 1, argv + 1));
    fprintf(stderr, "oncoboard: unknown command '%s'\n", name);
    usage(stderr);
    return CLI_BAD_INPUT;
}
