/* cli_profile.c: `oncoboard profile FILE...`: every lab file read into normalised
 * alterations, one row each (TSV, or one JSON document). */
#include "cli.h"
#include "oncoboard/io.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct profile_args {
    onc_read_opts_t read;
    cli_format format;
    const char *output, *tumor_type;
    int no_version;
} profile_args_t;

/* The columns, in the order of CONTRACTS.md, then the ones added since. */
static const char *const columns[] = {"sample", "gene", "kind", "alteration", "hgvsp", "hgvsc",
                                      "chrom", "pos", "ref", "alt", "genome", "exon",
                                      "consequence", "vaf", "depth", "filter", "source",
                                      "partner", "transcript", "alt_count", "copies", "annotation",
                                      NULL};

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   Read lab files (VCF/BCF, MAF, fusion, copy-number and segment tables, case\n"
            "         files) and print the normalised alterations, one row each. The format of\n"
            "         each file is detected from its content.\n"
            "Usage:   oncoboard profile [options] FILE...\n"
            "\n"
            "Options:\n"
            "    --genome GRCh37|GRCh38   genome of files that do not say []\n"
            "    --tumor-sample NAME      VCF: the tumor sample column [header's tumor_sample, else TUMOR]\n"
            "    --tumor-type CODE        OncoTree code of the tumor, recorded in the output []\n"
            "    --pass-only              drop VCF records whose FILTER is not PASS [keep and flag]\n"
            "    --input-format FMT       vcf|maf|fusion|cna|segments|case [detected]\n"
            "    --kb DIR                 knowledge-base directory [built in, or $ONCOBOARD_KB]\n"
            "    --format tsv|json        output format [tsv]; --json is --format json\n"
            "    -o, --output FILE        write to FILE, whole or not at all [stdout]\n"
            "    --no-version             leave the version and command line out (golden files)\n"
            "    -h, --help               this help; --version the program version\n"
            "\n");
}

enum { OPT_GENOME = 256, OPT_TUMOR_SAMPLE, OPT_TUMOR_TYPE, OPT_PASS_ONLY, OPT_INPUT_FORMAT, OPT_KB,
       OPT_FORMAT, OPT_JSON, OPT_NO_VERSION, OPT_VERSION };

static const struct option long_options[] = {
    {"genome", required_argument, NULL, OPT_GENOME},
    {"tumor-sample", required_argument, NULL, OPT_TUMOR_SAMPLE},
    {"tumor-type", required_argument, NULL, OPT_TUMOR_TYPE},
    {"pass-only", no_argument, NULL, OPT_PASS_ONLY},
    {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
    {"kb", required_argument, NULL, OPT_KB},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"no-version", no_argument, NULL, OPT_NO_VERSION},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* Parses argv; returns -1 to go on, or the exit status to return now. */
static int parse_args(profile_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    onc_read_opts_init(&a->read);
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_GENOME:
            if (strcmp(optarg, "GRCh37") && strcmp(optarg, "GRCh38"))
                return cli_usage_error("profile", "--genome must be GRCh37 or GRCh38, not '%s'", optarg);
            a->read.genome = optarg;
            break;
        case OPT_TUMOR_SAMPLE: a->read.tumor_sample = optarg; break;
        case OPT_TUMOR_TYPE: a->tumor_type = optarg; break;
        case OPT_PASS_ONLY: a->read.pass_only = 1; break;
        case OPT_INPUT_FORMAT:
            if ((a->read.format = onc_format_parse(optarg)) == ONC_FMT_AUTO && strcmp(optarg, "auto"))
                return cli_usage_error("profile", "unknown --input-format '%s'", optarg);
            break;
        case OPT_KB: a->read.kb_dir = optarg; break;
        case OPT_FORMAT:
            if (cli_parse_format("profile", optarg, &a->format)) return CLI_BAD_INPUT;
            break;
        case OPT_JSON: a->format = CLI_FMT_JSON; break;
        case 'o': a->output = optarg; break;
        case OPT_NO_VERSION: a->no_version = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("profile", "invalid option");
        }
    }
    if (optind >= argc) return cli_usage_error("profile", "no input file");
    return -1;
}

static const char *annotation_of(const onc_alt_t *a)
{
    if (a->flags & ONC_ALT_BY_CLASS) return "class";
    if (a->flags & ONC_ALT_FROM_COORDS) return "coordinates";
    if (a->flags & ONC_ALT_UNANNOTATED) return "unannotated";
    return "annotated";
}

/* ---- TSV ---- */

static void tsv_str(FILE *fp, const char *s, int last)
{
    if (s)
        for (; *s; s++) putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
    putc(last ? '\n' : '\t', fp);
}

static void tsv_int(FILE *fp, int64_t v, int missing)
{
    if (!missing) fprintf(fp, "%" PRId64, v);
    putc('\t', fp);
}

static void tsv_num(FILE *fp, double v)
{
    if (!isnan(v)) fprintf(fp, "%.6g", v);
    putc('\t', fp);
}

static void tsv_row(FILE *fp, const onc_alt_t *a)
{
    tsv_str(fp, a->sample, 0);
    tsv_str(fp, a->gene, 0);
    tsv_str(fp, onc_alt_kind_name(a->kind), 0);
    tsv_str(fp, a->alteration, 0);
    tsv_str(fp, a->hgvsp, 0);
    tsv_str(fp, a->hgvsc, 0);
    tsv_str(fp, a->chrom, 0);
    tsv_int(fp, a->pos, a->pos == ONC_POS_MISSING);
    tsv_str(fp, a->ref, 0);
    tsv_str(fp, a->alt, 0);
    tsv_str(fp, a->genome, 0);
    tsv_int(fp, a->exon, a->exon == ONC_INT_MISSING);
    tsv_str(fp, a->consequence, 0);
    tsv_num(fp, a->vaf);
    tsv_int(fp, a->depth, a->depth == ONC_INT_MISSING);
    tsv_str(fp, a->filter, 0);
    if (a->source) fprintf(fp, "%s:%" PRIu64, a->source, a->line);
    putc('\t', fp);
    tsv_str(fp, a->partner, 0);
    tsv_str(fp, a->transcript, 0);
    tsv_int(fp, a->alt_count, a->alt_count == ONC_INT_MISSING);
    tsv_num(fp, a->copies);
    tsv_str(fp, annotation_of(a), 1);
}

/* ---- JSON ---- */

static void json_int(FILE *fp, const char *key, int64_t v, int missing)
{
    onc_jsonw_key(fp, key, 0);
    if (missing) fputs("null", fp);
    else fprintf(fp, "%" PRId64, v);
}

static void json_str(FILE *fp, const char *key, const char *v, int first)
{
    onc_jsonw_key(fp, key, first);
    onc_jsonw_string(fp, v);
}

static void json_num(FILE *fp, const char *key, double v)
{
    onc_jsonw_key(fp, key, 0);
    onc_jsonw_double(fp, v);
}

static void json_row(FILE *fp, const onc_alt_t *a, int first)
{
    char source[4096];
    snprintf(source, sizeof source, "%s:%" PRIu64, a->source ? a->source : "", a->line);
    fputs(first ? "\n{" : ",\n{", fp);
    json_str(fp, "sample", a->sample, 1);
    json_str(fp, "gene", a->gene, 0);
    json_str(fp, "kind", onc_alt_kind_name(a->kind), 0);
    json_str(fp, "alteration", a->alteration, 0);
    json_str(fp, "hgvsp", a->hgvsp, 0);
    json_str(fp, "hgvsc", a->hgvsc, 0);
    json_str(fp, "chrom", a->chrom, 0);
    json_int(fp, "pos", a->pos, a->pos == ONC_POS_MISSING);
    json_str(fp, "ref", a->ref, 0);
    json_str(fp, "alt", a->alt, 0);
    json_str(fp, "genome", a->genome, 0);
    json_int(fp, "exon", a->exon, a->exon == ONC_INT_MISSING);
    json_str(fp, "consequence", a->consequence, 0);
    json_num(fp, "vaf", a->vaf);
    json_int(fp, "depth", a->depth, a->depth == ONC_INT_MISSING);
    json_str(fp, "filter", a->filter, 0);
    json_str(fp, "source", a->source ? source : NULL, 0);
    json_str(fp, "partner", a->partner, 0);
    json_str(fp, "transcript", a->transcript, 0);
    json_int(fp, "alt_count", a->alt_count, a->alt_count == ONC_INT_MISSING);
    json_num(fp, "copies", a->copies);
    json_str(fp, "annotation", annotation_of(a), 0);
    putc('}', fp);
}

/* ---- the run ---- */

typedef struct profile_run {
    const profile_args_t *args;
    FILE *fp;
    uint64_t n_rows;
    char **warnings; /* "file: message (N records)", gathered from every reader */
    size_t n_warnings;
} profile_run_t;

static int keep_warnings(profile_run_t *run, const onc_reader_t *r, const char *path)
{
    size_t n = onc_reader_n_warnings(r);
    char **w = realloc(run->warnings, (run->n_warnings + n) * sizeof *w + 1);
    if (!w) return -1;
    run->warnings = w;
    for (size_t i = 0; i < n; i++) {
        uint64_t count = onc_reader_warning_count(r, i);
        size_t len = strlen(path) + strlen(onc_reader_warning(r, i)) + 64;
        char *s = malloc(len);
        if (!s) return -1;
        if (count > 1) snprintf(s, len, "%s: %s (%" PRIu64 " records)", path, onc_reader_warning(r, i), count);
        else snprintf(s, len, "%s: %s", path, onc_reader_warning(r, i));
        run->warnings[run->n_warnings++] = s;
    }
    return 0;
}

/* Opens every file before anything is written, so that a missing file, an unknown format
 * or an absent tumor sample stops the run with an empty output rather than a partial one. */
static int open_all(onc_reader_t **readers, int n, char **paths, const onc_read_opts_t *opts)
{
    for (int i = 0; i < n; i++) {
        onc_err_t err = {0};
        if (!(readers[i] = onc_reader_open(paths[i], opts, &err))) {
            cli_error("profile", "%s", err.msg);
            return err.code == ONC_ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
        }
    }
    return CLI_OK;
}

static int profile_file(profile_run_t *run, onc_reader_t *r, const char *path)
{
    onc_alt_t a;
    int ret;
    while ((ret = onc_reader_next(r, &a)) == 0) {
        if (!a.genome) a.genome = run->args->read.genome;
        if (run->args->format == CLI_FMT_JSON) json_row(run->fp, &a, run->n_rows == 0);
        else tsv_row(run->fp, &a);
        run->n_rows++;
    }
    if (ret < -1) {
        cli_error("profile", "%s", onc_reader_errmsg(r));
        return CLI_BAD_INPUT;
    }
    if (keep_warnings(run, r, path)) {
        cli_error("profile", "out of memory");
        return CLI_INTERNAL;
    }
    return CLI_OK;
}

static void write_head(profile_run_t *run, const char *cmdline)
{
    FILE *fp = run->fp;
    if (run->args->format == CLI_FMT_TSV) {
        if (!run->args->no_version) fprintf(fp, "##oncoboard_version=%s\n##oncoboard_command=%s\n", ONC_VERSION, cmdline);
        if (run->args->tumor_type) fprintf(fp, "##tumor_type=%s\n", run->args->tumor_type);
        for (int i = 0; columns[i]; i++) fprintf(fp, "%s%c", columns[i], columns[i + 1] ? '\t' : '\n');
        return;
    }
    putc('{', fp);
    int first = 1;
    if (!run->args->no_version) {
        json_str(fp, "oncoboard_version", ONC_VERSION, 1);
        json_str(fp, "command", cmdline, 0);
        first = 0;
    }
    json_str(fp, "tumor_type", run->args->tumor_type, first);
    fputs(",\"alterations\":[", fp);
}

static void write_tail(profile_run_t *run)
{
    FILE *fp = run->fp;
    if (run->args->format == CLI_FMT_TSV) {
        for (size_t i = 0; i < run->n_warnings; i++) cli_error("profile", "warning: %s", run->warnings[i]);
        return;
    }
    fputs("\n],\"warnings\":[", fp);
    for (size_t i = 0; i < run->n_warnings; i++) {
        if (i) putc(',', fp);
        onc_jsonw_string(fp, run->warnings[i]);
    }
    fputs("]}\n", fp);
}

int cmd_profile(int argc, char **argv)
{
    profile_args_t args;
    int status = parse_args(&args, argc, argv);
    if (status >= 0) return status;
    int n = argc - optind;
    char **paths = argv + optind;
    onc_reader_t **readers = calloc((size_t)n, sizeof *readers);
    if (!readers) return CLI_INTERNAL;
    cli_output_t out = {0};
    char *cmdline = cli_command_line(argc, argv);
    profile_run_t run = {.args = &args};
    if ((status = open_all(readers, n, paths, &args.read)) != CLI_OK) goto done;
    if (cli_output_open(&out, args.output)) {
        status = CLI_BAD_INPUT;
        goto done;
    }
    run.fp = out.fp;
    write_head(&run, cmdline ? cmdline : "profile");
    for (int i = 0; i < n && status == CLI_OK; i++) status = profile_file(&run, readers[i], paths[i]);
    if (status == CLI_OK) write_tail(&run);
    if (status == CLI_OK && cli_output_commit(&out)) status = CLI_INTERNAL;
    if (status != CLI_OK) cli_output_abort(&out);
done:
    for (int i = 0; i < n; i++) onc_reader_close(readers[i]);
    free(readers);
    for (size_t i = 0; i < run.n_warnings; i++) free(run.warnings[i]);
    free(run.warnings);
    free(cmdline);
    return status;
}
