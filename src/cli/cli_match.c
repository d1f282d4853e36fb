/* cli_match.c: `oncoboard match`: patients against the trial portfolio (CTML), or a trial
 * against the patients (--trial).
 *
 * Patients come from case files (each loaded, classified against the knowledge base and turned
 * into a matching patient) or from MatchMiner's clinical and genomic documents. The engine
 * (match.h) decides; this file only reads options, loads inputs and prints rows as TSV,
 * CONTRACTS.md's Match JSON, or MatchMiner's per-reason records.
 */
#include "cli.h"
#include "cli_match_input.h"
#include "oncoboard/match.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

typedef enum match_format { FMT_TSV, FMT_JSON, FMT_MATCHMINER } match_format;

typedef struct match_args {
    cli_match_input_t in;
    const char *trials, *format_name, *output, *date;
    match_format format;
    onc_match_opts_t opts;
} match_args_t;

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   Patients against the trial portfolio (CTML), with every criterion met, failed or\n"
            "         unknown; with --trial, the patients for one trial.\n"
            "Usage:   oncoboard match [--trials PATH] (--case FILE|DIR ... | --db URL | --matchminer CLINICAL GENOMIC)\n"
            "\n"
            "Options:\n"
            "    --trials PATH            CTML trials: a YAML/JSON file or a directory of them [with\n"
            "                             --db: the registry's active trials]\n"
            "    --case FILE|DIR          a case file, or a directory of *.json case files (repeatable)\n"
            "    --matchminer CLIN GEN    MatchMiner clinical and genomic documents (JSON, extended JSON\n"
            "                             or CSV) as the patients; case_id is then the SAMPLE_ID\n"
            "    --assume-tested          MatchMiner documents do not say what the assay covered: count\n"
            "                             every gene as tested (absent = not found) under the default\n"
            "                             semantics [unknown]\n"
            "    --trial ID               only this trial (NCT id or protocol_no): its patients\n"
            "    --all                    also the ineligible pairs, with the criteria that failed\n"
            "    --semantics S            oncoboard (three-valued: not tested is unknown) or matchminer\n"
            "                             (MatchMiner v2.2.3 exactly: absent data is negative) [oncoboard]\n"
            "    --format tsv|json|matchminer  rows as TSV or JSON, or MatchMiner's records, one per\n"
            "                             matched path and reason [tsv]; --json is --format json\n"
            "    --comparison-date DATE   the date ages, washouts and lab windows are computed at,\n"
            "                             YYYY-MM-DD [today]\n"
            "    --match-on-closed        also closed trials and suspended arms and dose levels\n"
            "    --match-on-deceased      also deceased patients\n"
            "    --threads N              worker threads [one per core]\n"
            "    --kb DIR                 knowledge-base directory [built in, or $ONCOBOARD_KB]\n"
            "    -o, --output FILE        write to FILE, whole or not at all [stdout]\n"
            "    --db URL                 the registry's patients (each read audited), and its active\n"
            "                             trials unless --trials is given\n"
            "    -h, --help               this help; --version the program version\n"
            "\n"
            "Status: eligible (every criterion met), potential (nothing failed, every genomic and\n"
            "biomarker inclusion met, only clinical details unknown), ineligible (with --all).\n"
            "\n");
}

enum {
    OPT_TRIALS = 256, OPT_CASE, OPT_MATCHMINER, OPT_ASSUME_TESTED, OPT_TRIAL, OPT_ALL, OPT_SEMANTICS, OPT_FORMAT, OPT_JSON,
    OPT_DATE, OPT_CLOSED, OPT_DECEASED, OPT_THREADS, OPT_KB, OPT_DB, OPT_VERSION
};

static const struct option long_options[] = {
    {"trials", required_argument, NULL, OPT_TRIALS},
    {"case", required_argument, NULL, OPT_CASE},
    {"matchminer", required_argument, NULL, OPT_MATCHMINER},
    {"assume-tested", no_argument, NULL, OPT_ASSUME_TESTED},
    {"trial", required_argument, NULL, OPT_TRIAL},
    {"all", no_argument, NULL, OPT_ALL},
    {"semantics", required_argument, NULL, OPT_SEMANTICS},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"comparison-date", required_argument, NULL, OPT_DATE},
    {"match-on-closed", no_argument, NULL, OPT_CLOSED},
    {"match-on-deceased", no_argument, NULL, OPT_DECEASED},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"kb", required_argument, NULL, OPT_KB},
    {"db", required_argument, NULL, OPT_DB},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int parse_threads(const char *s, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 1 || v > 256) return -1;
    *out = (unsigned)v;
    return 0;
}

/* Reads the option values that need checking once getopt is done. */
static int check_args(match_args_t *a, int argc, char **argv)
{
    if (optind < argc) return cli_usage_error("match", "unexpected argument '%s'", argv[optind]);
    if (!a->trials && !a->in.db_url)
        return cli_usage_error("match", "no trials: give --trials PATH, or --db URL for the registry's trials");
    if (a->in.n_cases == 0 && !a->in.mm_clinical && !a->in.db_url)
        return cli_usage_error("match", "no patients: give --case FILE|DIR, --matchminer CLINICAL GENOMIC or --db URL");
    if ((a->in.n_cases || a->in.db_url) && a->in.mm_clinical)
        return cli_usage_error("match", "--case or --db and --matchminer cannot be mixed");
    if (a->in.assume_tested && !a->in.mm_clinical)
        return cli_usage_error("match", "--assume-tested is for --matchminer patients (case files say what was tested)");
    if (strcmp(a->format_name, "tsv") == 0) a->format = FMT_TSV;
    else if (strcmp(a->format_name, "json") == 0) a->format = FMT_JSON;
    else if (strcmp(a->format_name, "matchminer") == 0) a->format = FMT_MATCHMINER;
    else return cli_usage_error("match", "--format must be tsv, json or matchminer, not '%s'", a->format_name);
    a->opts.records = a->format == FMT_MATCHMINER;
    if (a->date) {
        onc_err_t err = {0};
        if (onc_date_parse(a->date, &a->opts.comparison_date, &err) != ONC_OK)
            return cli_usage_error("match", "--comparison-date '%s': %s", a->date, err.msg);
    }
    return -1;
}

/* Parses argv; returns -1 to go on, or the exit status to return now. */
static int parse_args(match_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    onc_match_opts_init(&a->opts);
    a->format_name = "tsv";
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_TRIALS: a->trials = optarg; break;
        case OPT_CASE:
            if (cli_match_input_add_case(&a->in, optarg)) return CLI_INTERNAL;
            break;
        case OPT_MATCHMINER:
            if (optind >= argc) return cli_usage_error("match", "--matchminer needs CLINICAL and GENOMIC files");
            a->in.mm_clinical = optarg;
            a->in.mm_genomic = argv[optind++];
            break;
        case OPT_ASSUME_TESTED: a->in.assume_tested = 1; break;
        case OPT_TRIAL: a->opts.trial_id = optarg; break;
        case OPT_ALL: a->opts.include_ineligible = true; break;
        case OPT_SEMANTICS:
            if (strcmp(optarg, "oncoboard") == 0) a->opts.semantics = ONC_MATCH_SEM_ONCOBOARD;
            else if (strcmp(optarg, "matchminer") == 0) a->opts.semantics = ONC_MATCH_SEM_MATCHMINER;
            else return cli_usage_error("match", "--semantics must be oncoboard or matchminer, not '%s'", optarg);
            break;
        case OPT_FORMAT: a->format_name = optarg; break;
        case OPT_JSON: a->format_name = "json"; break;
        case OPT_DATE: a->date = optarg; break;
        case OPT_CLOSED: a->opts.match_on_closed = true; break;
        case OPT_DECEASED: a->opts.match_on_deceased = true; break;
        case OPT_THREADS:
            if (parse_threads(optarg, &a->opts.threads))
                return cli_usage_error("match", "--threads must be a number from 1 to 256, not '%s'", optarg);
            break;
        case OPT_KB: a->in.kb_dir = optarg; break;
        case OPT_DB: a->in.db_url = optarg; break;
        case 'o': a->output = optarg; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("match", "invalid option");
        }
    }
    return check_args(a, argc, argv);
}

/* ---- output ---- */

static void tsv_field(FILE *fp, const char *s)
{
    for (; s && *s; s++) fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

static void tsv_list(FILE *fp, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) fputs("; ", fp);
        tsv_field(fp, v[i]);
    }
}

static void write_tsv(FILE *fp, const onc_match_result_t *r)
{
    fputs("case_id\ttrial\tprotocol_no\tlevel\tarm\tcode\tstatus\topen\treasons\tunknown\tfailed\n", fp);
    for (size_t i = 0; i < onc_match_result_rows(r); i++) {
        const onc_match_row_t *row = onc_match_result_row(r, i);
        const char *cols[] = {row->case_id, onc_trial_id(row->trial), onc_trial_protocol_no(row->trial), row->level,
                              row->arm, row->code, onc_match_status_name(row->status), row->open ? "yes" : "no"};
        for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
            tsv_field(fp, cols[k]);
            fputc('\t', fp);
        }
        tsv_list(fp, row->reasons, row->n_reasons);
        fputc('\t', fp);
        tsv_list(fp, row->unknown, row->n_unknown);
        fputc('\t', fp);
        tsv_list(fp, row->failed, row->n_failed);
        fputc('\n', fp);
    }
}

/* {"matches": [...]} or {"trial_matches": [...]}, one JSON document. */
static int write_json(FILE *fp, const onc_match_result_t *r, match_format format)
{
    int records = format == FMT_MATCHMINER;
    size_t n = records ? onc_match_result_records(r) : onc_match_result_rows(r);
    json_t *list = json_array();
    for (size_t i = 0; list && i < n; i++) {
        json_t *item = records ? onc_match_record_json(onc_match_result_record(r, i))
                               : onc_match_row_json(onc_match_result_row(r, i));
        if (!item || json_array_append_new(list, item)) {
            json_decref(list);
            list = NULL;
        }
    }
    json_t *doc = list ? json_pack("{s:o}", records ? "trial_matches" : "matches", list) : NULL;
    int rc = !doc || json_dumpf(doc, fp, JSON_INDENT(1) | JSON_PRESERVE_ORDER) || fputc('\n', fp) == EOF;
    json_decref(doc);
    return rc ? -1 : 0;
}

static int write_result(const match_args_t *a, const onc_match_result_t *r)
{
    cli_output_t out;
    if (cli_output_open(&out, a->output)) return CLI_BAD_INPUT;
    int failed = 0;
    if (a->format == FMT_TSV) write_tsv(out.fp, r);
    else failed = write_json(out.fp, r, a->format);
    if (failed) {
        cli_error("match", "out of memory writing the result");
        cli_output_abort(&out);
        return CLI_INTERNAL;
    }
    return cli_output_commit(&out) ? CLI_BAD_INPUT : CLI_OK;
}

static int run(match_args_t *a)
{
    onc_err_t err = {0};
    onc_trials_t *trials = NULL;
    onc_match_result_t *result = NULL;
    int status = cli_match_input_open(&a->in, "match");
    if (status != CLI_OK) return status;
    if ((status = cli_match_trials_open(&a->in, "match", a->trials, &trials)) != CLI_OK) {
        /* reported */
    } else if (onc_match_run(trials, (const onc_match_patient_t *const *)a->in.patients, a->in.n_patients,
                             &a->opts, &a->in.ctx, &result, &err) != ONC_OK) {
        cli_error("match", "%s", err.msg);
        status = cli_status_of(err.code);
    } else {
        status = write_result(a, result);
    }
    onc_match_result_free(result);
    onc_trials_free(trials);
    return status;
}

int cmd_match(int argc, char **argv)
{
    match_args_t a;
    int status = parse_args(&a, argc, argv);
    if (status < 0) status = run(&a);
    cli_match_input_close(&a.in);
    return status;
}
