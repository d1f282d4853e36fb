/* cli_annotate.c: `oncoboard annotate FILE...`: a cohort's MAF, fusion and copy-number tables
 * written back with the knowledge base's annotations, plus a per-sample table
 * (docs/annotate.md). One input: -o names the output file (stdout without -o). Several
 * inputs: -o names a directory (created when absent) that receives one output per input under
 * the input's base name (".gz" dropped: the outputs are plain text). */
#include "cli.h"
#include "oncoboard/annotate.h"
#include "oncoboard/kb.h"
#include "oncoboard/version.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct annotate_args {
    const char *kb_dir, *tumor_type, *clinical, *output, *samples;
    cli_format format;
    int no_version;
} annotate_args_t;

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   Annotate a cohort's MAF, fusion and copy-number tables (oncokb-annotator's\n"
            "         inputs) with the knowledge base: every row kept, in order, with the columns\n"
            "         ONCOGENIC, MUTATION_EFFECT, ESCAT, HIGHEST_LEVEL, THERAPIES, RESISTANCES\n"
            "         added (a GISTIC matrix is written one call per row). Optionally a\n"
            "         per-sample table.\n"
            "Usage:   oncoboard annotate [options] -o OUT FILE...\n"
            "\n"
            "Options:\n"
            "    --kb DIR                 knowledge-base directory [built in, or $ONCOBOARD_KB]\n"
            "    --tumor-type CODE        OncoTree code of every sample the clinical table does not name []\n"
            "    --clinical FILE          SAMPLE_ID and ONCOTREE_CODE columns (oncokb-annotator's -c) []\n"
            "    --format tsv             output format [tsv]\n"
            "    -o, --output OUT         one input: the output file [stdout]; several: a directory\n"
            "                             receiving one file per input, under its base name\n"
            "    --samples FILE           also write the per-sample table to FILE []\n"
            "    --no-version             leave the version and command line out (golden files)\n"
            "    -h, --help               this help; --version the program version\n"
            "\n");
}

enum { OPT_KB = 256, OPT_TUMOR_TYPE, OPT_CLINICAL, OPT_FORMAT, OPT_SAMPLES, OPT_NO_VERSION, OPT_VERSION };

static const struct option long_options[] = {
    {"kb", required_argument, NULL, OPT_KB},
    {"tumor-type", required_argument, NULL, OPT_TUMOR_TYPE},
    {"clinical", required_argument, NULL, OPT_CLINICAL},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"samples", required_argument, NULL, OPT_SAMPLES},
    {"no-version", no_argument, NULL, OPT_NO_VERSION},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* Parses argv; returns -1 to go on, or the exit status to return now. */
static int parse_args(annotate_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_KB: a->kb_dir = optarg; break;
        case OPT_TUMOR_TYPE: a->tumor_type = optarg; break;
        case OPT_CLINICAL: a->clinical = optarg; break;
        case OPT_FORMAT:
            if (cli_parse_format("annotate", optarg, &a->format)) return CLI_BAD_INPUT;
            if (a->format != CLI_FMT_TSV) return cli_usage_error("annotate", "only --format tsv is supported");
            break;
        case 'o': a->output = optarg; break;
        case OPT_SAMPLES: a->samples = optarg; break;
        case OPT_NO_VERSION: a->no_version = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("annotate", "invalid option");
        }
    }
    if (optind >= argc) return cli_usage_error("annotate", "no input file");
    if (argc - optind > 1 && !a->output)
        return cli_usage_error("annotate", "several inputs need -o DIR (one output per input)");
    return -1;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* "DIR/base" of input, ".gz" dropped; caller frees. */
static char *output_in_dir(const char *dir, const char *input)
{
    const char *slash = strrchr(input, '/'), *base = slash ? slash + 1 : input;
    size_t n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".gz") == 0) n -= 3;
    size_t len = strlen(dir) + n + 2;
    char *p = malloc(len);
    if (p) snprintf(p, len, "%s/%.*s", dir, (int)n, base);
    return p;
}

/* The output paths, one per input; NULL entries mean stdout. -1 after a message. */
static int output_paths(const annotate_args_t *a, int n, char **inputs, char **paths)
{
    int to_dir = a->output && (n > 1 || is_dir(a->output));
    if (to_dir && !is_dir(a->output) && mkdir(a->output, 0777) != 0) {
        cli_error("annotate", "%s: cannot create the output directory: %s", a->output, strerror(errno));
        return -1;
    }
    for (int i = 0; i < n; i++) {
        paths[i] = to_dir ? output_in_dir(a->output, inputs[i]) : (a->output ? strdup(a->output) : NULL);
        if ((to_dir || a->output) && !paths[i]) return -1;
        for (int j = 0; to_dir && j < i; j++)
            if (strcmp(paths[i], paths[j]) == 0) {
                cli_error("annotate", "%s and %s would both be written to %s: rename one", inputs[j], inputs[i],
                          paths[i]);
                return -1;
            }
    }
    return 0;
}

static int annotate_one(onc_annotator_t *an, const char *input, const char *output)
{
    cli_output_t out = {0};
    if (cli_output_open(&out, output)) return CLI_BAD_INPUT;
    onc_annotate_stats_t st;
    onc_err_t err = {0};
    if (onc_annotate_file(an, input, out.fp, &st, &err) != ONC_OK) {
        cli_error("annotate", "%s", err.msg);
        cli_output_abort(&out);
        return err.code == ONC_ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
    }
    if (cli_output_commit(&out)) return CLI_INTERNAL;
    fprintf(stderr, "oncoboard annotate: %s: %" PRIu64 " alterations, %" PRIu64 " annotated, %" PRIu64
            " left empty\n", input, st.alterations, st.annotated, st.unannotated);
    return CLI_OK;
}

static int write_samples(const onc_annotator_t *an, const char *path)
{
    cli_output_t out = {0};
    onc_err_t err = {0};
    if (cli_output_open(&out, path)) return CLI_BAD_INPUT;
    if (onc_annotator_write_samples(an, out.fp, &err) != ONC_OK) {
        cli_error("annotate", "%s", err.msg);
        cli_output_abort(&out);
        return CLI_INTERNAL;
    }
    return cli_output_commit(&out) ? CLI_INTERNAL : CLI_OK;
}

/* A --tumor-type that is not an OncoTree code is bad usage, said before anything is read. */
static int check_tumor_type(const onc_kb_t *kb, const char *code)
{
    onc_kb_match_t *m = code ? malloc(sizeof *m) : NULL;
    onc_err_t err = {0};
    int bad = m && onc_kb_match_text(kb, "EGFR", "L858R", -1, code, m, &err) == ONC_EINVAL;
    free(m);
    if (bad) cli_usage_error("annotate", "--tumor-type: %s", err.msg);
    return bad ? -1 : 0;
}

static int run(const annotate_args_t *a, int n, char **inputs, char **paths, const char *cmdline)
{
    onc_err_t err = {0};
    onc_kb_t *kb = onc_kb_load(a->kb_dir, &err);
    if (!kb) {
        cli_error("annotate", "%s", err.msg);
        return CLI_BAD_INPUT;
    }
    char version_line[128], command_line[8192];
    snprintf(version_line, sizeof version_line, "oncoboard_version=%s", ONC_VERSION);
    snprintf(command_line, sizeof command_line, "oncoboard_command=%s", cmdline);
    const char *header[] = {version_line, command_line, NULL};
    onc_annotate_opts_t opts;
    onc_annotate_opts_init(&opts);
    opts.tumor_type = a->tumor_type;
    opts.reader_kb_dir = cli_reader_kb_dir(a->kb_dir);
    opts.header = a->no_version ? NULL : header;
    int status = check_tumor_type(kb, a->tumor_type) ? CLI_BAD_INPUT : CLI_OK;
    onc_annotator_t *an = status == CLI_OK ? onc_annotator_new(kb, &opts, &err) : NULL;
    if (status == CLI_OK && !an) status = CLI_INTERNAL;
    if (status == CLI_OK && a->clinical && onc_annotator_load_clinical(an, a->clinical, &err) != ONC_OK) {
        cli_error("annotate", "%s", err.msg);
        status = CLI_BAD_INPUT;
    }
    for (int i = 0; i < n && status == CLI_OK; i++) status = annotate_one(an, inputs[i], paths[i]);
    if (status == CLI_OK && a->samples) status = write_samples(an, a->samples);
    for (size_t i = 0; an && i < onc_annotator_n_warnings(an); i++)
        cli_error("annotate", "warning: %s (%" PRIu64 ")", onc_annotator_warning(an, i),
                  onc_annotator_warning_count(an, i));
    onc_annotator_free(an);
    onc_kb_free(kb);
    return status;
}

int cmd_annotate(int argc, char **argv)
{
    annotate_args_t args;
    int status = parse_args(&args, argc, argv);
    if (status >= 0) return status;
    int n = argc - optind;
    char **inputs = argv + optind;
    char **paths = calloc((size_t)n, sizeof *paths);
    char *cmdline = cli_command_line(argc, argv);
    if (!paths) status = CLI_INTERNAL;
    else if (output_paths(&args, n, inputs, paths)) status = CLI_BAD_INPUT;
    else status = run(&args, n, inputs, paths, cmdline ? cmdline : "annotate");
    for (int i = 0; paths && i < n; i++) free(paths[i]);
    free(paths);
    free(cmdline);
    return status;
}
