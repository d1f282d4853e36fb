/* cli_db_import.c: `oncoboard db import`: validate everything, then one transaction.
 *
 * The command picks a source by --format (the table below), lets it read and validate all of its
 * inputs into an import set (cli_db_io.h), and only when every input is good opens ONE
 * transaction that writes every case and the source's extra rows, so that an import is in the
 * registry entirely or not at all. The case-file source is here; the others have files of their
 * own. docs/registry.md.
 */
#include "cli_db_io.h"

#include "oncoboard/audit.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_import_source_t import_sources[] = {
    {"case", cli_import_collect_cases, "case files (version 1): CASE.json or folders of them [default]"},
    {"cbioportal", cli_import_collect_cbio, "cBioPortal study folders: patients, samples, alterations, outcomes"},
    {NULL, NULL, NULL},
};

/* ---- arguments ---- */

static void import_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Import into the registry: every input is read and validated first (a bad one\n"
                "         is reported with its file, line and field and nothing is written), then all\n"
                "         of them are written in one transaction.\n"
                "Usage:   oncoboard db import [options] INPUT ...\n"
                "\n"
                "Formats (--format):\n");
    for (const cli_import_source_t *s = import_sources; s->name; s++) fprintf(fp, "    %-12s %s\n", s->name, s->summary);
    fprintf(fp, "\n"
                "Options:\n"
                "    --db URL          sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n"
                "    --format NAME     what the inputs are [case]\n"
                "    --replace         replace the case of a patient already registered [refuse]\n"
                "    --dry-run         validate and say what would be written; write nothing\n"
                "    --kb DIR          gene tables for reading lab files [built in]\n"
                "    -h, --help        this help; --version the program version\n"
                "\n"
                "A folder of case files gives its *.json files (not its subfolders), in name order.\n"
                "\n");
}

enum { OPT_DB = 256, OPT_REPLACE, OPT_DRY_RUN, OPT_KB, OPT_VERSION, OPT_FORMAT, OPT_PATIENT, OPT_SAMPLE };

static const cli_import_source_t *find_source(const char *name)
{
    for (const cli_import_source_t *s = import_sources; s->name; s++)
        if (strcmp(s->name, name) == 0) return s;
    return NULL;
}

static int parse_import(cli_import_args_t *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},           {"replace", no_argument, NULL, OPT_REPLACE},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},       {"kb", required_argument, NULL, OPT_KB},
        {"format", required_argument, NULL, OPT_FORMAT},   {"patient", required_argument, NULL, OPT_PATIENT},
        {"sample", required_argument, NULL, OPT_SAMPLE},   {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},       {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->format = "case";
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: a->db_url = optarg; break;
        case OPT_REPLACE: a->replace = true; break;
        case OPT_DRY_RUN: a->dry_run = true; break;
        case OPT_KB: a->kb_dir = optarg; break;
        case OPT_FORMAT: a->format = optarg; break;
        case OPT_PATIENT: a->patient = optarg; break;
        case OPT_SAMPLE: a->sample = optarg; break;
        case 'h': import_usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("db import", "invalid option");
        }
    }
    if (!find_source(a->format)) return cli_usage_error("db import", "--format '%s': unknown (see --help)", a->format);
    if (optind >= argc) return cli_usage_error("db import", "no input file or folder");
    a->inputs = argv + optind;
    a->n_inputs = argc - optind;
    onc_read_opts_init(&a->read);
    a->read.kb_dir = cli_reader_kb_dir(a->kb_dir);
    return -1;
}

/* ---- the import set ---- */

int cli_import_set_add(cli_import_set_t *s, onc_case_t *c)
{
    onc_case_t **grown = realloc(s->cases, (s->n + 1) * sizeof *grown);
    if (!grown) {
        onc_case_free(c);
        cli_error("db import", "out of memory");
        return CLI_INTERNAL;
    }
    s->cases = grown;
    s->cases[s->n++] = c;
    return CLI_OK;
}

static void free_set(cli_import_set_t *s)
{
    for (size_t i = 0; i < s->n; i++) onc_case_free(s->cases[i]);
    free(s->cases);
    if (s->free_extra) s->free_extra(s->extra);
}

/* ---- the case-file source ---- */

static void bad_header(size_t *n_bad)
{
    if ((*n_bad)++ == 0) fprintf(stderr, "oncoboard db import: invalid case files (nothing was written):\n");
}

/* Two files of one import with the same patient id: the second is bad. */
static bool is_duplicate(const cli_import_set_t *s, const onc_case_t *c, const cli_paths_t *paths, size_t i)
{
    for (size_t k = 0; k < s->n; k++)
        if (strcmp(s->cases[k]->id, c->id) == 0) {
            fprintf(stderr, "  %s: field id: patient %s is also in an earlier file of this import\n", paths->v[i], c->id);
            return true;
        }
    return false;
}

int cli_import_collect_cases(const cli_import_args_t *a, cli_import_set_t *s)
{
    cli_paths_t paths = {0};
    int status = cli_case_paths("db import", a->inputs, (size_t)a->n_inputs, &paths);
    size_t n_bad = 0;
    for (size_t i = 0; status == CLI_OK && i < paths.n; i++) {
        onc_err_t err = {0};
        onc_case_t *c = NULL;
        onc_rc rc = onc_case_load(paths.v[i], NULL, &c, &err);
        if (rc == ONC_OK) rc = onc_store_case_count(c, &a->read, &s->counts, &err);
        if (rc == ONC_ENOMEM) {
            cli_error("db import", "out of memory");
            status = CLI_INTERNAL;
        } else if (rc != ONC_OK) {
            bad_header(&n_bad);
            fprintf(stderr, "  %s\n", err.msg);
        } else if (is_duplicate(s, c, &paths, i)) {
            bad_header(&n_bad);
        } else {
            status = cli_import_set_add(s, c);
            c = NULL;
        }
        onc_case_free(c);
    }
    if (status == CLI_OK && n_bad) {
        fprintf(stderr, "oncoboard db import: %zu of %zu case files are invalid; nothing was written\n", n_bad, paths.n);
        status = CLI_BAD_INPUT;
    }
    cli_paths_free(&paths);
    return status;
}

/* ---- writing ---- */

static void print_counts(const char *verb, const cli_import_set_t *s, size_t n_replaced)
{
    const onc_store_counts_t *c = &s->counts;
    printf("%s %zu patients (%zu new, %zu replaced): %zu samples, %zu alterations (%zu from lab files), "
           "%zu therapy lines, %zu labs, %zu enrolments%s%s\n",
           verb, c->patients, c->patients - n_replaced, n_replaced, c->samples, c->alterations, c->file_alterations,
           c->therapies, c->labs, c->enrolments, s->extra_summary ? "; " : "",
           s->extra_summary ? s->extra_summary : "");
}

static void progress(size_t done, size_t total, bool on)
{
    if (!on) return;
    int width = 40, filled = total ? (int)(done * (size_t)width / total) : width;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu", filled, "########################################", width - filled, "", done,
            total);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The patients of the import already in the registry (dry run: the answer without writing). */
static onc_rc count_existing(onc_db_t *db, const cli_import_set_t *s, size_t *n_existing, onc_err_t *err)
{
    char **ids = NULL;
    size_t n = 0;
    *n_existing = 0;
    onc_rc rc = onc_store_list_patients(db, onc_audit_os_actor(), &ids, &n, err);
    for (size_t i = 0; rc == ONC_OK && i < s->n; i++)
        if (n && bsearch(&s->cases[i]->id, ids, n, sizeof *ids, cmp_str)) (*n_existing)++; /* ids is NULL when n is 0 */
    onc_store_ids_free(ids, n);
    return rc;
}

static onc_rc write_all(onc_db_t *db, const cli_import_args_t *a, const cli_import_set_t *s, size_t *n_replaced,
                        onc_err_t *err)
{
    onc_store_writer_t *w = NULL;
    onc_store_put_opts_t po;
    onc_store_put_opts_init(&po);
    po.replace = a->replace || s->replace;
    po.read = &a->read;
    bool bar = isatty(STDERR_FILENO) && s->n > 1;
    *n_replaced = 0;
    onc_rc rc = onc_store_writer_open(db, &w, err);
    for (size_t i = 0; rc == ONC_OK && i < s->n; i++) {
        bool replaced = false;
        rc = onc_store_writer_put(w, s->cases[i], onc_audit_os_actor(), &po, &replaced, err);
        *n_replaced += replaced;
        progress(i + 1, s->n, bar && rc == ONC_OK);
    }
    onc_store_writer_close(w);
    if (rc == ONC_OK && s->write_extra) rc = s->write_extra(db, s->extra, onc_audit_os_actor(), err);
    return rc;
}

static int import_failed(onc_db_t *db, const cli_import_args_t *a, onc_rc rc, const onc_err_t *err)
{
    onc_db_rollback(db, NULL);
    bool duplicate = rc == ONC_ECONFLICT && !a->replace && strstr(err->msg, "already in the registry");
    cli_error("db import", "%s%s; nothing was written", err->msg,
              duplicate ? " (give --replace to replace their case)" : "");
    return cli_status_of(rc);
}

/* --dry-run: what would be written, and whether registered patients stand in the way. */
static int dry_run(onc_db_t *db, const cli_import_args_t *a, const cli_import_set_t *s)
{
    onc_err_t err = {0};
    size_t n_existing = 0;
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = count_existing(db, s, &n_existing, &err);
    if (rc != ONC_OK) return import_failed(db, a, rc, &err);
    onc_db_rollback(db, NULL);
    if (n_existing && !a->replace && !s->replace) {
        cli_error("db import", "%zu of the patients are already in the registry: give --replace to replace them",
                  n_existing);
        return CLI_BAD_INPUT;
    }
    print_counts("would import", s, n_existing);
    return CLI_OK;
}

static int import_into(onc_db_t *db, const cli_import_args_t *a, const cli_import_set_t *s)
{
    onc_err_t err = {0};
    size_t n_replaced = 0;
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = write_all(db, a, s, &n_replaced, &err);
    if (rc == ONC_OK) rc = onc_db_commit(db, &err);
    if (rc != ONC_OK) return import_failed(db, a, rc, &err);
    print_counts("imported", s, n_replaced);
    if (onc_audit_checkpoint(db, &err) == ONC_OK) return CLI_OK;
    cli_error("db import", "imported, but the audit log's head could not be anchored (`oncoboard audit "
                           "verify` will say so): %s", err.msg);
    return CLI_INTERNAL;
}

int cmd_db_import(int argc, char **argv)
{
    cli_import_args_t a;
    int status = parse_import(&a, argc, argv);
    if (status >= 0) return status;
    onc_db_t *db = NULL;
    cli_import_set_t set = {0};
    status = find_source(a.format)->collect(&a, &set);
    if (status == CLI_OK) status = cli_db_open("db import", a.db_url, NULL, true, &db);
    if (status == CLI_OK) status = a.dry_run ? dry_run(db, &a, &set) : import_into(db, &a, &set);
    onc_db_close(db);
    free_set(&set);
    return status;
}
