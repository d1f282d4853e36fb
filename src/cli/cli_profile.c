/* cli_profile.c: `oncoboard profile FILE...`: every lab file read into normalised
 * alterations, one row each (TSV, or one JSON document). With --tmb the same pass feeds
 * every alteration to the TMB counter (tmb.h) and the output ends with each sample's TMB. */
#include "cli.h"
#include "oncoboard/io.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/tmb.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The TMB options as given; applied after the whole command line is read, so that a preset
 * and the options that refine it may come in any order. */
typedef struct tmb_args {
    int on;
    const char *panel_size, *preset, *consequences, *min_vaf, *min_depth, *bed;
    int include_filtered;
} tmb_args_t;

typedef struct profile_args {
    onc_read_opts_t read;
    cli_format format;
    const char *output, *tumor_type;
    int no_version;
    char tumor_type_code[32]; /* --tumor-type as OncoTree writes it */
    tmb_args_t tmb;
    onc_tmb_opts_t tmb_opts;
} profile_args_t;


static void usage(FILE *fp)
{
    onc_tmb_opts_t defaults;
    onc_tmb_opts_init(&defaults);
    char tmb_presets[256] = "default";
    for (const char *const *p = onc_tmb_preset_names(); *p; p++) {
        size_t len = strlen(tmb_presets);
        snprintf(tmb_presets + len, sizeof tmb_presets - len, ", %s", *p);
    }
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
            "\n"
            "TMB (docs/tmb.md):\n"
            "    --tmb                    add each sample's tumor mutational burden to the output\n"
            "    --panel-size MB          coding size of the panel in megabases: required with --tmb\n"
            "    --tmb-preset NAME        counting rules [%s]: one of\n"
            "                             %s\n"
            "    --tmb-consequences LIST  classes that count, replacing the preset's: missense,\n"
            "                             nonsense,frameshift,inframe,splice_site,start_lost,stop_lost,\n"
            "                             protein_altering,synonymous,splice_region,coding_other\n"
            "    --tmb-min-vaf F          count only VAF >= F (0..1) [%g: none]\n"
            "    --tmb-min-depth N        count only tumor depth >= N [%d: none]\n"
            "    --tmb-include-filtered   count records whose FILTER is not PASS [PASS only]\n"
            "    --tmb-bed FILE           coding regions of the panel (BED): coding status from the\n"
            "                             position [from the consequence annotation]\n"
            "\n",
            defaults.preset, tmb_presets, defaults.min_vaf, defaults.min_depth);
}

enum { OPT_GENOME = 256, OPT_TUMOR_SAMPLE, OPT_TUMOR_TYPE, OPT_PASS_ONLY, OPT_INPUT_FORMAT, OPT_KB,
       OPT_FORMAT, OPT_JSON, OPT_NO_VERSION, OPT_VERSION, OPT_TMB, OPT_PANEL_SIZE, OPT_TMB_PRESET,
       OPT_TMB_CONSEQUENCES, OPT_TMB_MIN_VAF, OPT_TMB_MIN_DEPTH, OPT_TMB_INCLUDE_FILTERED,
       OPT_TMB_BED };

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
    {"tmb", no_argument, NULL, OPT_TMB},
    {"panel-size", required_argument, NULL, OPT_PANEL_SIZE},
    {"tmb-preset", required_argument, NULL, OPT_TMB_PRESET},
    {"tmb-consequences", required_argument, NULL, OPT_TMB_CONSEQUENCES},
    {"tmb-min-vaf", required_argument, NULL, OPT_TMB_MIN_VAF},
    {"tmb-min-depth", required_argument, NULL, OPT_TMB_MIN_DEPTH},
    {"tmb-include-filtered", no_argument, NULL, OPT_TMB_INCLUDE_FILTERED},
    {"tmb-bed", required_argument, NULL, OPT_TMB_BED},
    {NULL, 0, NULL, 0},
};

/* ---- TMB options ---- */

/* Builds the TMB rules from the options; returns -1 to go on or the exit status (2). */
static int tmb_options(const tmb_args_t *t, onc_tmb_opts_t *o)
{
    onc_tmb_opts_init(o);
    if (!t->on) {
        if (t->panel_size || t->preset || t->consequences || t->min_vaf || t->min_depth ||
            t->bed || t->include_filtered)
            return cli_usage_error("profile", "the TMB options need --tmb");
        return -1;
    }
    onc_err_t err = {0};
    if (!t->panel_size)
        return cli_usage_error("profile", "--tmb needs --panel-size MB, the coding size of the "
                                          "panel in megabases (it is never guessed)");
    if (cli_parse_number(t->panel_size, 0, 1e6, &o->panel_size_mb) || !(o->panel_size_mb > 0))
        return cli_usage_error("profile", "--panel-size must be a number of megabases > 0, not '%s'",
                               t->panel_size);
    if (t->preset && onc_tmb_opts_preset(o, t->preset, &err))
        return cli_usage_error("profile", "--tmb-preset: %s", err.msg);
    if (t->consequences) {
        if (onc_tmb_classes_parse(t->consequences, &o->classes, &err))
            return cli_usage_error("profile", "--tmb-consequences: %s", err.msg);
        o->preset = "custom";
    }
    double v;
    if (t->min_vaf) {
        if (cli_parse_number(t->min_vaf, 0, 1, &v))
            return cli_usage_error("profile", "--tmb-min-vaf must be from 0 to 1, not '%s'", t->min_vaf);
        o->min_vaf = v;
    }
    if (t->min_depth) {
        if (cli_parse_number(t->min_depth, 0, INT32_MAX, &v) || v != (int32_t)v)
            return cli_usage_error("profile", "--tmb-min-depth must be a whole number >= 0, not '%s'",
                                   t->min_depth);
        o->min_depth = (int32_t)v;
    }
    if (t->include_filtered) o->pass_only = 0;
    if (onc_tmb_opts_check(o, &err)) return cli_usage_error("profile", "%s", err.msg);
    return -1;
}

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
        case OPT_TMB: a->tmb.on = 1; break;
        case OPT_PANEL_SIZE: a->tmb.panel_size = optarg; break;
        case OPT_TMB_PRESET: a->tmb.preset = optarg; break;
        case OPT_TMB_CONSEQUENCES: a->tmb.consequences = optarg; break;
        case OPT_TMB_MIN_VAF: a->tmb.min_vaf = optarg; break;
        case OPT_TMB_MIN_DEPTH: a->tmb.min_depth = optarg; break;
        case OPT_TMB_INCLUDE_FILTERED: a->tmb.include_filtered = 1; break;
        case OPT_TMB_BED: a->tmb.bed = optarg; break;
        default: return cli_usage_error("profile", "invalid option");
        }
    }
    if (optind >= argc) return cli_usage_error("profile", "no input file");
    if (a->tumor_type) {
        int status = cli_tumor_type("profile", a->tumor_type, a->read.kb_dir, a->tumor_type_code,
                                    sizeof a->tumor_type_code);
        if (status != CLI_OK) return status;
        a->tumor_type = a->tumor_type_code;
    }
    return tmb_options(&a->tmb, &a->tmb_opts);
}

/* ---- the run ---- */

typedef struct profile_run {
    const profile_args_t *args;
    FILE *fp;
    uint64_t n_rows;
    char **warnings; /* "file: message (N records)", gathered from every reader */
    size_t n_warnings;
    onc_bed_t *tmb_bed;  /* --tmb-bed */
    onc_tmb_acc_t *tmb;  /* --tmb: every alteration is counted here too */
    onc_strbuf_t row;    /* the TSV row being assembled */
} profile_run_t;

/* Adds a formatted warning; -1 when memory runs out. */
static int push_warning(profile_run_t *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int push_warning(profile_run_t *run, const char *fmt, ...)
{
    char **w = realloc(run->warnings, (run->n_warnings + 1) * sizeof *w);
    if (!w) return -1;
    run->warnings = w;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = len < 0 ? NULL : malloc((size_t)len + 1);
    if (!s) return -1;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    run->warnings[run->n_warnings++] = s;
    return 0;
}

static int keep_warnings(profile_run_t *run, const onc_reader_t *r, const char *path)
{
    for (size_t i = 0; i < onc_reader_n_warnings(r); i++) {
        uint64_t count = onc_reader_warning_count(r, i);
        int rc = count > 1 ? push_warning(run, "%s: %s (%" PRIu64 " records)", path, onc_reader_warning(r, i), count)
                           : push_warning(run, "%s: %s", path, onc_reader_warning(r, i));
        if (rc) return -1;
    }
    return 0;
}

/* ---- TMB output ---- */

/* Loads the BED and starts the counter; CLI_OK or the exit status after a message. */
static int tmb_start(profile_run_t *run, onc_tmb_opts_t *o, const char *bed)
{
    onc_err_t err = {0};
    if (bed && !(o->coding_bed = run->tmb_bed = onc_bed_load(bed, &err))) {
        cli_error("profile", "--tmb-bed: %s", err.msg);
        return err.code == ONC_ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
    }
    if (!(run->tmb = onc_tmb_acc_new(o, &err))) {
        cli_error("profile", "%s", err.msg);
        return err.code == ONC_ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
    }
    return CLI_OK;
}

/* The mutations no rule could place, summed over the samples, as warnings: never silent. */
static int tmb_warnings(profile_run_t *run)
{
    uint64_t unknown = 0, bed_unannotated = 0;
    onc_tmb_result_t r;
    for (size_t i = 0; i < onc_tmb_n_samples(run->tmb); i++)
        if (onc_tmb_get(run->tmb, i, &r) == ONC_OK) {
            unknown += r.excluded[ONC_TMB_EX_CODING_UNKNOWN];
            bed_unannotated += r.excluded[ONC_TMB_EX_CONSEQUENCE_UNKNOWN];
        }
    if (unknown && push_warning(run, "TMB: %" PRIu64 " mutations have no recognised consequence%s: their "
                                "coding status is unknown and they were not counted (give --tmb-bed, or "
                                "annotated input)", unknown, run->tmb_bed ? " and no position" : " and no --tmb-bed"))
        return -1;
    if (bed_unannotated && push_warning(run, "TMB: %" PRIu64 " unannotated mutations inside --tmb-bed were not "
                                        "counted: the rules count only some coding consequences", bed_unannotated))
        return -1;
    for (size_t i = 0; i < onc_tmb_n_unrecognised(run->tmb); i++)
        if (push_warning(run, "TMB: consequence term '%s' is not recognised and was not counted",
                         onc_tmb_unrecognised(run->tmb, i)))
            return -1;
    return 0;
}

static void tmb_tsv(FILE *fp, const onc_tmb_acc_t *acc, const onc_bed_t *bed)
{
    const onc_tmb_opts_t *o = onc_tmb_acc_opts(acc);
    fprintf(fp, "##tmb_rules=preset=%s;consequences=", o->preset);
    const char *sep = "";
    for (int c = 0; c < ONC_TMB_N_CLASSES; c++)
        if (o->classes & ONC_TMB_BIT(c)) fprintf(fp, "%s%s", sep, onc_tmb_class_name(c)), sep = ",";
    fprintf(fp, ";pass_only=%d;min_vaf=%g;min_depth=%d;coding_status=%s", o->pass_only, o->min_vaf,
            o->min_depth, bed ? "bed" : "annotation");
    if (bed) fprintf(fp, ";bed=%s;bed_mb=%g", onc_bed_path(bed), onc_bed_bases(bed) / 1e6);
    putc('\n', fp);
    onc_tmb_result_t r;
    for (size_t i = 0; i < onc_tmb_n_samples(acc); i++) {
        if (onc_tmb_get(acc, i, &r) != ONC_OK) continue;
        fprintf(fp, "##tmb=sample=");
        /* a name holding the block's separators would break it: they become spaces */
        for (const char *c = r.sample; *c; c++) putc(strchr("\t\n\r;", *c) ? ' ' : *c, fp);
        fprintf(fp, ";mutations=%" PRIu64 ";panel_size_mb=%g;tmb=%.6g;complete=%d;seen=%" PRIu64 ";excluded=",
                r.mutations, r.panel_size_mb, r.tmb, r.complete, r.seen);
        for (int e = 0; e < ONC_TMB_N_REASONS; e++)
            fprintf(fp, "%s%s:%" PRIu64, e ? "," : "", onc_tmb_reason_name(e), r.excluded[e]);
        putc('\n', fp);
    }
}

static void tmb_json_rules(FILE *fp, const onc_tmb_opts_t *o, const onc_bed_t *bed)
{
    onc_jsonw_member_str(fp, "preset", o->preset, 1);
    onc_jsonw_member_str(fp, "source", onc_tmb_preset_source(o->preset), 0);
    onc_jsonw_key(fp, "consequences", 0);
    putc('[', fp);
    int first = 1;
    for (int c = 0; c < ONC_TMB_N_CLASSES; c++)
        if (o->classes & ONC_TMB_BIT(c)) {
            if (!first) putc(',', fp);
            onc_jsonw_string(fp, onc_tmb_class_name(c));
            first = 0;
        }
    putc(']', fp);
    onc_jsonw_key(fp, "pass_only", 0);
    fputs(o->pass_only ? "true" : "false", fp);
    onc_jsonw_member_num(fp, "min_vaf", o->min_vaf, 0);
    onc_jsonw_member_int(fp, "min_depth", o->min_depth, 0, 0);
    onc_jsonw_member_str(fp, "coding_status", bed ? "bed" : "annotation", 0);
    onc_jsonw_member_str(fp, "bed", bed ? onc_bed_path(bed) : NULL, 0);
    onc_jsonw_member_num(fp, "bed_mb", bed ? onc_bed_bases(bed) / 1e6 : NAN, 0);
}

/* "tmb": {"SAMPLE": {"mutations", "panel_size_mb", "tmb", "complete", "seen", "excluded", "rules"}} */
static void tmb_json(FILE *fp, const onc_tmb_acc_t *acc, const onc_bed_t *bed)
{
    fputs(",\"tmb\":{", fp);
    onc_tmb_result_t r;
    for (size_t i = 0; i < onc_tmb_n_samples(acc); i++) {
        if (onc_tmb_get(acc, i, &r) != ONC_OK) continue;
        fputs(i ? ",\n" : "\n", fp);
        onc_jsonw_string(fp, r.sample);
        fputs(":{", fp);
        onc_jsonw_key(fp, "mutations", 1);
        fprintf(fp, "%" PRIu64, r.mutations);
        onc_jsonw_member_num(fp, "panel_size_mb", r.panel_size_mb, 0);
        onc_jsonw_member_num(fp, "tmb", r.tmb, 0);
        onc_jsonw_key(fp, "complete", 0);
        fputs(r.complete ? "true" : "false", fp);
        onc_jsonw_member_int(fp, "seen", (int64_t)r.seen, 0, 0);
        onc_jsonw_key(fp, "excluded", 0);
        putc('{', fp);
        for (int e = 0; e < ONC_TMB_N_REASONS; e++) {
            onc_jsonw_key(fp, onc_tmb_reason_name(e), e == 0);
            fprintf(fp, "%" PRIu64, r.excluded[e]);
        }
        fputs("},\"rules\":{", fp);
        tmb_json_rules(fp, onc_tmb_acc_opts(acc), bed);
        fputs("}}", fp);
    }
    fputs("\n}", fp);
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
        if (run->args->format == CLI_FMT_JSON) cli_alt_json_row(run->fp, &a, run->n_rows == 0);
        else if (cli_alt_tsv_row(run->fp, &run->row, &a)) {
            cli_error("profile", "an alteration too large to write (more than the row cap)");
            return CLI_INTERNAL;
        }
        run->n_rows++;
        onc_rc rc = run->tmb ? onc_tmb_add(run->tmb, &a) : ONC_OK;
        if (rc) {
            cli_error("profile", "TMB: %s", rc == ONC_ELIMIT ? "more than 1,000,000 samples" : onc_strerror(rc));
            return rc == ONC_ELIMIT ? CLI_BAD_INPUT : CLI_INTERNAL;
        }
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
        cli_alt_tsv_header(fp);
        return;
    }
    putc('{', fp);
    int first = 1;
    if (!run->args->no_version) {
        onc_jsonw_member_str(fp, "oncoboard_version", ONC_VERSION, 1);
        onc_jsonw_member_str(fp, "command", cmdline, 0);
        first = 0;
    }
    onc_jsonw_member_str(fp, "tumor_type", run->args->tumor_type, first);
    fputs(",\"alterations\":[", fp);
}

static void write_tail(profile_run_t *run)
{
    FILE *fp = run->fp;
    if (run->args->format == CLI_FMT_TSV) {
        if (run->tmb) tmb_tsv(fp, run->tmb, run->tmb_bed);
        for (size_t i = 0; i < run->n_warnings; i++) cli_error("profile", "warning: %s", run->warnings[i]);
        return;
    }
    fputs("\n]", fp);
    if (run->tmb) tmb_json(fp, run->tmb, run->tmb_bed);
    fputs(",\"warnings\":[", fp);
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
    if (args.tmb.on && (status = tmb_start(&run, &args.tmb_opts, args.tmb.bed)) != CLI_OK) goto done;
    if (cli_output_open(&out, args.output)) {
        status = CLI_BAD_INPUT;
        goto done;
    }
    run.fp = out.fp;
    write_head(&run, cmdline ? cmdline : "profile");
    for (int i = 0; i < n && status == CLI_OK; i++) status = profile_file(&run, readers[i], paths[i]);
    if (status == CLI_OK && run.tmb && tmb_warnings(&run)) status = CLI_INTERNAL;
    if (status == CLI_OK) write_tail(&run);
    if (status == CLI_OK && cli_output_commit(&out)) status = CLI_INTERNAL;
    if (status != CLI_OK) cli_output_abort(&out);
done:
    for (int i = 0; i < n; i++) onc_reader_close(readers[i]);
    free(readers);
    for (size_t i = 0; i < run.n_warnings; i++) free(run.warnings[i]);
    free(run.warnings);
    onc_strbuf_free(&run.row);
    onc_tmb_acc_free(run.tmb);
    onc_bed_free(run.tmb_bed);
    free(cmdline);
    return status;
}
