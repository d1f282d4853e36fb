/* cli_db_export.c: `oncoboard db export --format NAME`: the registry written out.
 *
 * The command opens one transaction, lists the patients (or takes --patient), hands them to the
 * format's writer (the table below; each format other than case files has a file of its own) and
 * commits at the end, so that the audit entries of every read are kept: every export is in the
 * audit log. The case-file format is here: each patient's case file as it was imported, or, for a
 * patient changed in the registry since, the case rebuilt from the registry's rows.
 * docs/registry.md.
 */
#include "cli_db_io.h"

#include "oncoboard/audit.h"
#include "oncoboard/version.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const cli_export_format_t export_formats[] = {
    {"case", cli_export_cases, true, "case files (version 1), one per patient: DIR/ID.json, as imported (rebuilt from the registry when changed since)"},
    {"research", cli_export_research, false, "pseudonymised case files of consenting patients and DIR/manifest.json; --key; DIR must not exist"},
    {"fhir", cli_export_fhir, true, "FHIR R4 Bundles (mCODE, Genomics Reporting), one per patient: DIR/ID.fhir.json"},
    {"cbioportal", cli_export_cbioportal, true, "a cBioPortal study folder: DIR/meta_study.txt, clinical, mutations, CNA, SV, case_lists/"},
    {NULL, NULL, false, NULL},
};

static const cli_export_format_t *find_format(const char *name)
{
    for (const cli_export_format_t *f = export_formats; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

/* ---- arguments ---- */

static void export_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Export the registry's patients. Every export is recorded in the audit log.\n"
                "Usage:   oncoboard db export --format NAME [options] -o OUT\n"
                "\n"
                "Formats (--format):\n");
    for (const cli_export_format_t *f = export_formats; f->name; f++) fprintf(fp, "    %-12s %s\n", f->name, f->summary);
    fprintf(fp, "\n"
                "Options:\n"
                "    --db URL          sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n"
                "    --patient ID      this patient only [every patient]\n"
                "    --study-id ID     cbioportal: the cancer_study_identifier [oncoboard_registry]\n"
                "    -o, --output OUT  the folder (created when absent) or file to write\n"
                "    --key FILE        research: the project's secret key (64 hex digits, mode 0600)\n"
                "    --new-key         research: create --key FILE with a new random key (refused if it exists)\n"
                "    --project NAME    research: the project the pseudonyms belong to [default]\n"
                "    -h, --help        this help; --version the program version\n"
                "\n");
}

enum { OPT_DB = 256, OPT_VERSION, OPT_FORMAT, OPT_PATIENT, OPT_KEY, OPT_NEW_KEY, OPT_PROJECT, OPT_STUDY_ID };

static int parse_export(cli_export_args_t *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},         {"format", required_argument, NULL, OPT_FORMAT},
        {"patient", required_argument, NULL, OPT_PATIENT}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},                {"version", no_argument, NULL, OPT_VERSION},
        {"key", required_argument, NULL, OPT_KEY},       {"new-key", no_argument, NULL, OPT_NEW_KEY},
        {"project", required_argument, NULL, OPT_PROJECT}, {"study-id", required_argument, NULL, OPT_STUDY_ID},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: a->db_url = optarg; break;
        case OPT_FORMAT: a->format = optarg; break;
        case OPT_PATIENT: a->patient = optarg; break;
        case OPT_STUDY_ID: a->study_id = optarg; break;
        case 'o': a->out = optarg; break;
        case OPT_KEY: a->key = optarg; break;
        case OPT_NEW_KEY: a->new_key = true; break;
        case OPT_PROJECT: a->project = optarg; break;
        case 'h': export_usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("db export", "invalid option");
        }
    }
    if (!a->format) return cli_usage_error("db export", "--format is required (see --help)");
    if (!find_format(a->format)) return cli_usage_error("db export", "--format '%s': unknown (see --help)", a->format);
    if (!a->out) return cli_usage_error("db export", "-o OUT is required");
    if (optind < argc) return cli_usage_error("db export", "unexpected argument '%s'", argv[optind]);
    bool research = strcmp(a->format, "research") == 0;
    if (research && !a->key) return cli_usage_error("db export", "--format research needs --key FILE");
    if (!research && (a->key || a->project || a->new_key))
        return cli_usage_error("db export", "--key, --new-key and --project apply to --format research only");
    return -1;
}

/* ---- helpers for the formats ---- */

char *cli_export_path(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (!p) return NULL;
    size_t k = (size_t)snprintf(p, n, "%s/", dir);
    for (const char *s = name; *s; s++) {
        char ch = *s;
        int ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                 ch == '_' || (ch == '.' && s != name);
        p[k++] = ok ? ch : '_';
    }
    memcpy(p + k, suffix, strlen(suffix) + 1);
    return p;
}

int cli_write_text_file(const char *cmd, const char *path, const char *text)
{
    cli_output_t out;
    if (cli_output_open(&out, path)) return CLI_BAD_INPUT;
    size_t n = strlen(text);
    if (fwrite(text, 1, n, out.fp) != n) {
        cli_error(cmd, "%s: write failed", path);
        cli_output_abort(&out);
        return CLI_BAD_INPUT;
    }
    return cli_output_commit(&out) ? CLI_BAD_INPUT : CLI_OK;
}

int cli_write_case_file(const char *cmd, const char *path, const onc_case_t *c)
{
    cli_output_t out;
    onc_err_t err = {0};
    if (cli_output_open(&out, path)) return CLI_BAD_INPUT;
    if (onc_case_write_json(c, out.fp, &err) != ONC_OK) {
        cli_error(cmd, "%s: %s", path, err.msg);
        cli_output_abort(&out);
        return cli_status_of(err.code);
    }
    return cli_output_commit(&out) ? CLI_BAD_INPUT : CLI_OK;
}

/* ---- the case-file format ---- */

/* The case file as imported, or for a patient changed since, rebuilt from the registry's rows
 * (onc_store_case_file, which the server shares). */
static int export_case(onc_db_t *db, const cli_export_args_t *a, const char *id)
{
    onc_err_t err = {0};
    char *text = NULL;
    size_t dropped = 0;
    onc_rc rc = onc_store_case_file(db, id, onc_audit_os_actor(), &text, &dropped, &err);
    if (rc != ONC_OK) {
        cli_error("db export", "%s", err.msg);
        return cli_status_of(rc);
    }
    if (dropped)
        fprintf(stderr, "oncoboard db export: warning: %s: %zu variants of lab files without a gene annotation are left "
                        "out (the registry keeps them; a case file can name them only by coordinates)\n", id, dropped);
    char *path = cli_export_path(a->out, id, ".json");
    int status = path ? cli_write_text_file("db export", path, text) : (cli_error("db export", "out of memory"), CLI_INTERNAL);
    free(path);
    free(text);
    return status;
}

int cli_export_cases(onc_db_t *db, const cli_export_args_t *a, const char *const *ids, size_t n)
{
    int status = CLI_OK;
    for (size_t i = 0; status == CLI_OK && i < n; i++) status = export_case(db, a, ids[i]);
    if (status == CLI_OK) fprintf(stderr, "oncoboard db export: %zu case files written to %s\n", n, a->out);
    return status;
}

/* ---- the command ---- */

static int export_all(onc_db_t *db, const cli_export_args_t *a, const cli_export_format_t *f)
{
    onc_err_t err = {0};
    char **ids = NULL;
    size_t n = 0;
    const char *one[1] = {a->patient};
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK && !a->patient) rc = onc_store_list_patients(db, onc_audit_os_actor(), &ids, &n, &err);
    if (rc != ONC_OK) {
        cli_error("db export", "%s", err.msg);
        onc_db_rollback(db, NULL);
        return cli_status_of(rc);
    }
    int status = a->patient ? f->write(db, a, one, 1) : f->write(db, a, (const char *const *)ids, n);
    onc_store_ids_free(ids, n);
    /* the audit entries of what was written are committed; nothing else changed */
    if (status == CLI_OK && cli_db_commit(db, &err) != ONC_OK) {
        cli_error("db export", "%s", err.msg);
        status = cli_status_of(err.code);
    }
    if (status != CLI_OK) onc_db_rollback(db, NULL);
    return status;
}

int cmd_db_export(int argc, char **argv)
{
    cli_export_args_t a;
    int status = parse_export(&a, argc, argv);
    if (status >= 0) return status;
    const cli_export_format_t *f = find_format(a.format);
    if (f->out_is_dir && mkdir(a.out, 0777) != 0 && errno != EEXIST) {
        cli_error("db export", "%s: cannot create the folder: %s", a.out, strerror(errno));
        return CLI_BAD_INPUT;
    }
    onc_db_t *db = NULL;
    status = cli_db_open("db export", a.db_url, NULL, true, &db);
    if (status == CLI_OK) status = export_all(db, &a, f);
    onc_db_close(db);
    return status;
}
