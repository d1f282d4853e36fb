/* cli_trials.c: `oncoboard trials validate|list|import-ctgov`: the trial portfolio for curators.
 *
 * validate reports every problem of every CTML document (unknown keys, malformed values,
 * unknown genes and diagnoses, unconfirmed suggestions) with file, line and path in the
 * document: exit 1 when it finds some, 2 when a file cannot be read or parsed. list shows what
 * a portfolio holds. import-ctgov turns a ClinicalTrials.gov API v2 record into a CTML skeleton
 * whose suggested criteria a curator confirms.
 */
#include "cli.h"
#include "cli_match_input.h"
#include "oncoboard/match.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   The trial portfolio (CTML, MatchMiner's clinical trial markup language, with the\n"
            "         extensions of docs/ctml-extensions.md).\n"
            "Usage:   oncoboard trials validate [options] PATH...\n"
            "         oncoboard trials list [options] PATH\n"
            "         oncoboard trials import-ctgov [options] RECORD.json\n"
            "\n"
            "Commands:\n"
            "    validate       every problem of every trial at PATH (a file or a directory), with file,\n"
            "                   line and field; exit 1 when there are problems\n"
            "    list           the trials at PATH: id, protocol number, phase, status, title\n"
            "    import-ctgov   a ClinicalTrials.gov API v2 study record as a CTML skeleton (JSON), with\n"
            "                   criteria suggested from the eligibility text; each suggestion keeps a\n"
            "                   \"suggestion\" member that a curator deletes once it is confirmed\n"
            "\n"
            "Options:\n"
            "    --kb DIR                 knowledge-base directory [built in, or $ONCOBOARD_KB]\n"
            "    --format tsv|json        list's output [tsv]; --json is --format json\n"
            "    -o, --output FILE        write to FILE, whole or not at all [stdout]\n"
            "    -h, --help               this help; --version the program version\n"
            "\n");
}

enum { OPT_KB = 256, OPT_FORMAT, OPT_JSON, OPT_VERSION };

static const struct option long_options[] = {
    {"kb", required_argument, NULL, OPT_KB},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

typedef struct trials_args {
    const char *sub, *kb_dir, *output;
    cli_format format;
    char **paths;
    int n_paths;
} trials_args_t;

/* Parses argv (argv[1] is the subcommand); returns -1 to go on, or the exit status. */
static int parse_args(trials_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->format = CLI_FMT_TSV;
    int head = cli_subcommand_head(argc, argv, usage);
    if (head >= 0) return head;
    a->sub = argv[1];
    if (strcmp(a->sub, "validate") && strcmp(a->sub, "list") && strcmp(a->sub, "import-ctgov"))
        return cli_usage_error("trials", "unknown command '%s' (validate, list, import-ctgov)", a->sub);
    optind = 2;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_KB: a->kb_dir = optarg; break;
        case OPT_FORMAT:
            if (cli_parse_format("trials", optarg, &a->format)) return CLI_BAD_INPUT;
            break;
        case OPT_JSON: a->format = CLI_FMT_JSON; break;
        case 'o': a->output = optarg; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("trials", "invalid option");
        }
    }
    a->paths = argv + optind;
    a->n_paths = argc - optind;
    if (a->n_paths == 0) return cli_usage_error("trials", "%s: no path given", a->sub);
    if (strcmp(a->sub, "validate") && a->n_paths > 1)
        return cli_usage_error("trials", "%s: one path at a time ('%s' is extra)", a->sub, a->paths[1]);
    return -1;
}

static void print_problem(const char *msg, void *ctx)
{
    long *n = ctx;
    (*n)++;
    printf("%s\n", msg);
}

static int validate(const trials_args_t *a, const onc_match_ctx_t *ctx)
{
    long problems = 0;
    for (int i = 0; i < a->n_paths; i++) {
        onc_err_t err = {0};
        if (onc_trials_validate(a->paths[i], ctx, print_problem, &problems, &err) < 0) {
            cli_error("trials", "%s", err.msg);
            return cli_status_of(err.code);
        }
    }
    if (problems) {
        cli_error("trials", "%ld problem%s found", problems, problems == 1 ? "" : "s");
        return CLI_FOUND_PROBLEM;
    }
    return CLI_OK;
}

static void list_tsv(FILE *fp, const onc_trials_t *t)
{
    fputs("trial\tprotocol_no\tphase\tstatus\ttitle\tsource\n", fp);
    for (size_t i = 0; i < onc_trials_count(t); i++) {
        const onc_trial_t *tr = onc_trials_at(t, i);
        const char *p = onc_trial_protocol_no(tr), *ph = onc_trial_phase(tr), *ti = onc_trial_title(tr);
        fprintf(fp, "%s\t%s\t%s\t%s\t%s\t%s\n", onc_trial_id(tr), p ? p : "", ph ? ph : "",
                onc_trial_is_open(tr) ? "open" : "closed", ti ? ti : "", onc_trial_source(tr));
    }
}

static json_t *list_json(const onc_trials_t *t)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < onc_trials_count(t); i++) {
        const onc_trial_t *tr = onc_trials_at(t, i);
        json_array_append_new(a, json_pack("{s:s, s:s?, s:s?, s:s?, s:s, s:s?, s:s}", "trial", onc_trial_id(tr),
                                           "protocol_no", onc_trial_protocol_no(tr), "nct_id", onc_trial_nct_id(tr),
                                           "phase", onc_trial_phase(tr), "status",
                                           onc_trial_is_open(tr) ? "open" : "closed", "title", onc_trial_title(tr),
                                           "source", onc_trial_source(tr)));
    }
    return a ? json_pack("{s:o}", "trials", a) : NULL;
}

/* Writes doc (stolen) as indented JSON, or the portfolio as TSV when doc is NULL. */
static int write_out(const trials_args_t *a, json_t *doc, const onc_trials_t *t)
{
    cli_output_t out;
    if (cli_output_open(&out, a->output)) {
        json_decref(doc);
        return CLI_BAD_INPUT;
    }
    int failed = 0;
    if (doc) failed = json_dumpf(doc, out.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) || fputc('\n', out.fp) == EOF;
    else list_tsv(out.fp, t);
    json_decref(doc);
    if (failed) {
        cli_error("trials", "cannot write the output");
        cli_output_abort(&out);
        return CLI_BAD_INPUT;
    }
    return cli_output_commit(&out) ? CLI_BAD_INPUT : CLI_OK;
}

static int list(const trials_args_t *a, const onc_match_ctx_t *ctx)
{
    onc_err_t err = {0};
    onc_trials_t *t = NULL;
    if (onc_trials_load(a->paths[0], ctx, &t, &err) != ONC_OK) {
        cli_error("trials", "%s", err.msg);
        return cli_status_of(err.code);
    }
    json_t *doc = NULL;
    if (a->format == CLI_FMT_JSON && !(doc = list_json(t))) {
        onc_trials_free(t);
        cli_error("trials", "out of memory");
        return CLI_INTERNAL;
    }
    int status = write_out(a, doc, t);
    onc_trials_free(t);
    return status;
}

static int import_ctgov(const trials_args_t *a, const onc_match_ctx_t *ctx)
{
    onc_err_t err = {0};
    json_t *doc = onc_ctgov_to_ctml(a->paths[0], ctx, &err);
    if (!doc) {
        cli_error("trials", "%s", err.msg);
        return cli_status_of(err.code);
    }
    return write_out(a, doc, NULL);
}

int cmd_trials(int argc, char **argv)
{
    trials_args_t a;
    int status = parse_args(&a, argc, argv);
    if (status >= 0) return status;
    cli_match_input_t in = {0};
    in.kb_dir = a.kb_dir;
    status = cli_match_context_open(&in, "trials");
    if (status == CLI_OK) {
        status = strcmp(a.sub, "validate") == 0 ? validate(&a, &in.ctx)
                 : strcmp(a.sub, "list") == 0   ? list(&a, &in.ctx)
                                                : import_ctgov(&a, &in.ctx);
    }
    cli_match_input_close(&in);
    return status;
}
