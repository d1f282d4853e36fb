/* cli_report.c: `oncoboard report CASE.json`: the case loaded, classified against the knowledge
 * base and written as the report document (CONTRACTS.md "Report JSON"); Markdown and HTML are
 * rendered from that same document (report_view.h). The document is built by the app layer
 * (app.h), which `db reannotate` and the server share. */
#include "cli.h"
#include "oncoboard/app.h"
#include "oncoboard/case.h"
#include "oncoboard/kb.h"
#include "oncoboard/report.h"
#include "oncoboard/report_view.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

typedef struct report_args {
    const char *case_path, *kb_dir, *tumor_type, *format, *output, *trials, *date, *db_url, *patient;
    int no_version;
} report_args_t;

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   The molecular tumor board report of a case: molecular group, alterations with\n"
            "         their evidence, resistance, comparison of samples, immunotherapy profile.\n"
            "Usage:   oncoboard report [options] (CASE.json | --db URL --patient ID)\n"
            "\n"
            "Options:\n"
            "    --kb DIR                 knowledge-base directory [built in, or $ONCOBOARD_KB]\n"
            "    --tumor-type CODE        OncoTree code [the case's diagnosis.oncotree_code]\n"
            "    --format json|md|html    output format [json]; --json is --format json\n"
            "    -o, --output FILE        write to FILE, whole or not at all [stdout]\n"
            "    --trials PATH            fill the trials section: the CTML trials at PATH (file or\n"
            "                             directory) the patient is eligible or potentially eligible for\n"
            "    --comparison-date DATE   the date trial criteria (ages, washouts, lab windows) are\n"
            "                             judged at, YYYY-MM-DD [today]\n"
            "    --no-version             leave the version, date and command line out (golden files)\n"
            "    --db URL --patient ID    the case of patient ID in the registry (sqlite:PATH or\n"
            "                             postgresql://...; the read is audited)\n"
            "    -h, --help               this help; --version the program version\n"
            "\n");
}

enum { OPT_KB = 256, OPT_TRIALS, OPT_DATE, OPT_TUMOR_TYPE, OPT_FORMAT, OPT_JSON, OPT_NO_VERSION, OPT_VERSION, OPT_DB, OPT_PATIENT };

static const struct option long_options[] = {
    {"kb", required_argument, NULL, OPT_KB},
    {"trials", required_argument, NULL, OPT_TRIALS},
    {"comparison-date", required_argument, NULL, OPT_DATE},
    {"tumor-type", required_argument, NULL, OPT_TUMOR_TYPE},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"no-version", no_argument, NULL, OPT_NO_VERSION},
    {"db", required_argument, NULL, OPT_DB},
    {"patient", required_argument, NULL, OPT_PATIENT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* Parses argv; returns -1 to go on, or the exit status to return now. */
static int parse_args(report_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->format = "json";
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_KB: a->kb_dir = optarg; break;
        case OPT_TRIALS: a->trials = optarg; break;
        case OPT_DATE: a->date = optarg; break;
        case OPT_TUMOR_TYPE: a->tumor_type = optarg; break;
        case OPT_FORMAT: a->format = optarg; break;
        case OPT_JSON: a->format = "json"; break;
        case 'o': a->output = optarg; break;
        case OPT_NO_VERSION: a->no_version = 1; break;
        case OPT_DB: a->db_url = optarg; break;
        case OPT_PATIENT: a->patient = optarg; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("report", "invalid option");
        }
    }
    if (strcmp(a->format, "json") && strcmp(a->format, "md") && strcmp(a->format, "html"))
        return cli_usage_error("report", "--format must be json, md or html, not '%s'", a->format);
    if (a->date) {
        onc_date_t d;
        onc_err_t err = {0};
        if (onc_date_parse(a->date, &d, &err) != ONC_OK)
            return cli_usage_error("report", "--comparison-date '%s': %s", a->date, err.msg);
    }
    if (a->db_url && !a->patient) return cli_usage_error("report", "--db needs --patient ID");
    if (a->patient) {
        if (optind < argc) return cli_usage_error("report", "a case file or --patient, not both");
        return -1;
    }
    if (optind >= argc) return cli_usage_error("report", "no case file");
    if (optind + 1 < argc) return cli_usage_error("report", "one case file at a time ('%s' is extra)", argv[optind + 1]);
    a->case_path = argv[optind];
    return -1;
}

static int write_report(const report_args_t *a, const json_t *doc)
{
    cli_output_t out;
    if (cli_output_open(&out, a->output)) return CLI_BAD_INPUT;
    onc_err_t err = {0};
    onc_rc rc = strcmp(a->format, "md") == 0     ? onc_report_render_md(doc, out.fp, &err)
                : strcmp(a->format, "html") == 0 ? onc_report_render_html(doc, out.fp, &err)
                                                 : onc_report_write_json(doc, out.fp, &err);
    if (rc != ONC_OK) {
        cli_error("report", "%s", err.msg);
        cli_output_abort(&out);
        return CLI_BAD_INPUT;
    }
    return cli_output_commit(&out) ? CLI_BAD_INPUT : CLI_OK;
}

int cmd_report(int argc, char **argv)
{
    report_args_t a;
    int status = parse_args(&a, argc, argv);
    if (status >= 0) return status;
    onc_case_t *c = NULL;
    onc_err_t err = {0};
    if (a.patient) {
        status = cli_registry_case("report", a.db_url, a.patient, &c);
        if (status != CLI_OK) return status;
    } else if (onc_case_load(a.case_path, NULL, &c, &err) != ONC_OK) {
        cli_error("report", "%s", err.msg);
        return cli_status_of(err.code);
    }
    char *cmdline = cli_command_line(argc, argv);
    onc_app_opts_t o;
    onc_app_opts_init(&o);
    o.kb_dir = a.kb_dir;
    o.tumor_type = a.tumor_type;
    o.trials_path = a.trials;
    o.comparison_date = a.date;
    o.no_version = a.no_version;
    o.command = cmdline;
    onc_app_t *app = NULL;
    json_t *doc = NULL;
    if (onc_app_open(&o, &app, &err) != ONC_OK ||
        onc_app_report_case(app, c, a.case_path, onc_app_trials(app), &doc, &err) != ONC_OK) {
        cli_error("report", "%s", err.msg);
        status = cli_status_of(err.code);
    } else {
        status = write_report(&a, doc);
    }
    json_decref(doc);
    onc_app_close(app);
    free(cmdline);
    onc_case_free(c);
    return status;
}
