/* cli_kb_import.c: `oncoboard kb import civic|oncokb FILE -o DIR`: an outside knowledge base
 * written as a separate, labelled knowledge-base directory (docs/kb-import.md), then a summary
 * of what was read, written and skipped. cmd_kb (cli_kb.c) hands `kb import ...` here. */
#include "cli.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/kb_import.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#define CMD "kb import"

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   Import CIViC's clinical evidence TSV (current or legacy v1 layout) or your own\n"
            "         OncoKB export (allActionableVariants.txt) as a separate, labelled knowledge-base\n"
            "         directory: kb.yaml, sources.yaml, evidence/GENE.yaml (docs/kb-import.md).\n"
            "Usage:   oncoboard kb import civic FILE [--variants VariantSummaries.tsv] -o DIR\n"
            "         oncoboard kb import oncokb FILE -o DIR\n"
            "\n"
            "Options:\n"
            "    -o, --output DIR         the directory to write, whole or not at all (required)\n"
            "    --variants FILE          civic: CIViC's VariantSummaries.tsv, to split molecular\n"
            "                             profiles by id rather than by name []\n"
            "    --date YYYY-MM-DD        date of the release or export [from the file name, else today]\n"
            "    --force                  replace DIR when it exists [refuse]\n"
            "    --kb DIR                 knowledge-base directory for the mapping tables [built in,\n"
            "                             or $ONCOBOARD_KB]\n"
            "    --format text|json       summary format [text]; --json is --format json\n"
            "    -h, --help               this help; --version the program version\n"
            "\n");
}

enum { OPT_VARIANTS = 256, OPT_DATE, OPT_FORCE, OPT_KB, OPT_FORMAT, OPT_JSON, OPT_VERSION };

static const struct option long_options[] = {
    {"output", required_argument, NULL, 'o'},   {"variants", required_argument, NULL, OPT_VARIANTS},
    {"date", required_argument, NULL, OPT_DATE}, {"force", no_argument, NULL, OPT_FORCE},
    {"kb", required_argument, NULL, OPT_KB},     {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},       {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION}, {NULL, 0, NULL, 0},
};

/* Parses argv into o; returns -1 to go on, or the exit status to return now. */
static int parse_args(onc_kbi_opts_t *o, int *json, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    *json = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", long_options, NULL)) != -1) {
        switch (c) {
        case 'o': o->out_dir = optarg; break;
        case OPT_VARIANTS: o->variants = optarg; break;
        case OPT_DATE: o->date = optarg; break;
        case OPT_FORCE: o->force = 1; break;
        case OPT_KB: o->kb_dir = optarg; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "json") && strcmp(optarg, "text"))
                return cli_usage_error(CMD, "--format must be text or json, not '%s'", optarg);
            *json = strcmp(optarg, "json") == 0;
            break;
        case OPT_JSON: *json = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error(CMD, "invalid option");
        }
    }
    if (optind >= argc) return cli_usage_error(CMD, "say civic or oncokb");
    if (strcmp(argv[optind], "civic") == 0) o->source = ONC_KBI_CIVIC;
    else if (strcmp(argv[optind], "oncokb") == 0) o->source = ONC_KBI_ONCOKB;
    else return cli_usage_error(CMD, "unknown source '%s': civic or oncokb", argv[optind]);
    if (optind + 2 != argc) return cli_usage_error(CMD, "give one input FILE");
    o->input = argv[optind + 1];
    if (!o->out_dir) return cli_usage_error(CMD, "no output directory: -o DIR");
    if (o->variants && o->source != ONC_KBI_CIVIC) return cli_usage_error(CMD, "--variants is for civic");
    return -1;
}

static void print_text(const onc_kbi_report_t *r, const onc_kbi_opts_t *o)
{
    uint64_t skipped = 0, n;
    for (size_t i = 0; onc_kbi_report_skip(r, i, &n); i++) skipped += n;
    printf("import\t%s\nlayout\t%s\ninput\t%s\noutput\t%s\n", onc_kbi_report_label(r), onc_kbi_report_layout(r),
           o->input, o->out_dir);
    printf("rows read\t%" PRIu64 "\nentries written\t%" PRIu64 "\nevidence files\t%zu\nsources\t%zu\n"
           "rows skipped\t%" PRIu64 "\n",
           onc_kbi_report_rows(r), onc_kbi_report_entries(r), onc_kbi_report_genes(r), onc_kbi_report_sources(r),
           skipped);
    for (size_t i = 0; onc_kbi_report_skip(r, i, &n); i++) printf("skipped\t%" PRIu64 "\t%s\n", n, onc_kbi_report_skip(r, i, NULL));
    for (size_t i = 0; i < onc_kbi_report_n_listed(r); i++) printf("listed\t%s\n", onc_kbi_report_listed(r, i));
    for (size_t i = 0; i < onc_kbi_report_n_warnings(r); i++) printf("warning\t%s\n", onc_kbi_report_warning(r, i));
}

static void print_json(const onc_kbi_report_t *r, const onc_kbi_opts_t *o)
{
    uint64_t n;
    printf("{\"import\": ");
    onc_jsonw_string(stdout, onc_kbi_report_label(r));
    printf(", \"layout\": ");
    onc_jsonw_string(stdout, onc_kbi_report_layout(r));
    printf(", \"input\": ");
    onc_jsonw_string(stdout, o->input);
    printf(", \"output\": ");
    onc_jsonw_string(stdout, o->out_dir);
    printf(", \"rows\": %" PRIu64 ", \"entries\": %" PRIu64 ", \"evidence_files\": %zu, \"sources\": %zu, \"skipped\": [",
           onc_kbi_report_rows(r), onc_kbi_report_entries(r), onc_kbi_report_genes(r), onc_kbi_report_sources(r));
    for (size_t i = 0; onc_kbi_report_skip(r, i, &n); i++) {
        printf("%s{\"reason\": ", i ? ", " : "");
        onc_jsonw_string(stdout, onc_kbi_report_skip(r, i, NULL));
        printf(", \"rows\": %" PRIu64 "}", n);
    }
    printf("], \"listed\": [");
    for (size_t i = 0; i < onc_kbi_report_n_listed(r); i++) {
        if (i) printf(", ");
        onc_jsonw_string(stdout, onc_kbi_report_listed(r, i));
    }
    printf("], \"warnings\": [");
    for (size_t i = 0; i < onc_kbi_report_n_warnings(r); i++) {
        if (i) printf(", ");
        onc_jsonw_string(stdout, onc_kbi_report_warning(r, i));
    }
    printf("]}\n");
}

int cmd_kb_import(int argc, char **argv)
{
    onc_kbi_opts_t o;
    int json, ret = parse_args(&o, &json, argc, argv);
    if (ret >= 0) return ret;
    onc_err_t err = {0};
    onc_kbi_report_t *r = NULL;
    onc_rc rc = onc_kb_import(&o, &r, &err);
    if (rc) {
        cli_error(CMD, "%s", err.msg[0] ? err.msg : onc_strerror(rc));
        return rc == ONC_ENOMEM || rc == ONC_EINTERNAL ? CLI_INTERNAL : CLI_BAD_INPUT;
    }
    if (json) print_json(r, &o);
    else print_text(r, &o);
    onc_kbi_report_free(r);
    return CLI_OK;
}
