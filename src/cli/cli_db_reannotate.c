/* cli_db_reannotate.c: `oncoboard db reannotate`: after a knowledge-base update, the patients
 * whose report changed in a way the tumor board decides on, with what changed.
 *
 * Each patient's report is rebuilt from the registry with the current (or --kb) knowledge base
 * by the same construction as `report` (app.h), reduced to its digest
 * (report_digest.h) and compared with the patient's newest snapshot (store_snapshot.h). All reads
 * and the new snapshots are one transaction, committed and anchored in the audit log like every
 * change of the registry: a run is stored entirely or not at all, and with --dry-run no snapshot
 * is stored (the reads are still audited). A new snapshot is stored when there was none (the
 * baseline), or when the digest, the knowledge-base version or the trial source differ from the
 * newest one; a second run with the same knowledge base stores nothing. The trial statuses
 * come from --trials PATH, else from the registry's active portfolio (store_trials.h), read in
 * the same transaction. docs/registry.md "Re-annotation".
 */
#include "cli.h"
#include "oncoboard/app.h"

#include "oncoboard/audit.h"
#include "oncoboard/db.h"
#include "oncoboard/kb.h"
#include "oncoboard/report_digest.h"
#include "oncoboard/store.h"
#include "oncoboard/store_snapshot.h"
#include "oncoboard/store_trials.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define CMD "db reannotate"

typedef struct reannot_args {
    const char *db_url, *kb_dir, *trials;
    cli_format format;
    bool dry_run;
    int no_version;
} reannot_args_t;

static void usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   After a knowledge-base update, the patients whose report changed: molecular group,\n"
                "         primary driver, an alteration's oncogenicity, role or ESCAT tier, its therapies, and\n"
                "         with trials the trial statuses. Each report is rebuilt from the registry and compared\n"
                "         with the patient's newest snapshot; the new snapshots are stored in one transaction.\n"
                "Usage:   oncoboard db reannotate [options]\n"
                "\n"
                "Options:\n"
                "    --db URL          sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n"
                "    --kb DIR          the knowledge base to rebuild with [built in, or $ONCOBOARD_KB]\n"
                "    --trials PATH     the CTML trials at PATH (file or directory) instead of the registry's\n"
                "                      active trials; the trial statuses are part of the snapshot\n"
                "    --format tsv|json output format [tsv]\n"
                "    --dry-run         compare and list, store no snapshot\n"
                "    --no-version      leave the version and command line out of JSON (golden files)\n"
                "    -h, --help        this help; --version the program version\n"
                "\n"
                "A patient without a snapshot is listed as a baseline, not as changed. TSV: one row per change\n"
                "(patient, status, previous_kb, kb, change); a summary on stderr.\n"
                "\n");
}

enum { OPT_DB = 256, OPT_KB, OPT_TRIALS, OPT_FORMAT, OPT_DRY_RUN, OPT_NO_VERSION, OPT_VERSION };

static int parse_args(reannot_args_t *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},         {"kb", required_argument, NULL, OPT_KB},
        {"trials", required_argument, NULL, OPT_TRIALS}, {"format", required_argument, NULL, OPT_FORMAT},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},     {"no-version", no_argument, NULL, OPT_NO_VERSION},
        {"help", no_argument, NULL, 'h'},                {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->format = CLI_FMT_TSV;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: a->db_url = optarg; break;
        case OPT_KB: a->kb_dir = optarg; break;
        case OPT_TRIALS: a->trials = optarg; break;
        case OPT_FORMAT:
            if (cli_parse_format(CMD, optarg, &a->format)) return CLI_BAD_INPUT;
            break;
        case OPT_DRY_RUN: a->dry_run = true; break;
        case OPT_NO_VERSION: a->no_version = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error(CMD, "invalid option");
        }
    }
    if (optind < argc) return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    return -1;
}

/* ---- one patient ---- */

typedef struct reannot_run {
    const reannot_args_t *a;
    onc_db_t *db;
    const onc_kb_t *kb;
    onc_app_t *app;
    const char *trials_source; /* --trials PATH, or "registry" */
    const onc_trials_t *trials; /* --trials's (the app's), or registry_trials */
    onc_trials_t *registry_trials;
    json_t *patients; /* one result object per patient, in id order */
    size_t changed, unchanged, baselines, stored;
} reannot_run_t;

static bool same_text(const char *x, const char *y) { return (!x && !y) || (x && y && strcmp(x, y) == 0); }

/* The result of patient id from its new digest text and its newest snapshot (found or not):
 * {"patient", "status", "previous_kb", "previous_taken_at", "kb", "changes"}. */
static json_t *compare(reannot_run_t *r, const char *id, const json_t *digest, const onc_snapshot_t *prev, bool found,
                       onc_err_t *err)
{
    json_t *changes = NULL;
    if (found) {
        json_t *before = onc_report_digest_parse(prev->digest, err);
        changes = before ? onc_report_digest_diff(before, digest, err) : NULL;
        json_decref(before);
        if (!changes) return NULL;
    } else if (!(changes = json_array())) {
        onc_err_set(err, ONC_ENOMEM, "out of memory");
        return NULL;
    }
    const char *status = !found ? "baseline" : json_array_size(changes) ? "changed" : "unchanged";
    json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:s,s:o}", "patient", id, "status", status, "previous_kb",
                          found ? json_string(prev->kb_version) : json_null(), "previous_taken_at",
                          found ? json_string(prev->taken_at) : json_null(), "kb", onc_kb_version(r->kb), "changes",
                          changes);
    if (!o) onc_err_set(err, ONC_ENOMEM, "out of memory");
    r->changed += found && json_array_size(changes);
    r->unchanged += found && !json_array_size(changes);
    r->baselines += !found;
    return o;
}

/* Whether a new snapshot says something the newest does not: none yet, another digest, another
 * knowledge base or another trial source. */
static bool worth_storing(const onc_snapshot_t *prev, bool found, const onc_snapshot_t *next)
{
    return !found || strcmp(prev->digest, next->digest) != 0 || strcmp(prev->kb_version, next->kb_version) != 0 ||
           !same_text(prev->trials_source, next->trials_source);
}

/* The new snapshot of the case's report: its digest text in s->digest (owned), the rest
 * borrowed from the run. */
static onc_rc snapshot_of(reannot_run_t *r, const json_t *digest, onc_snapshot_t *s, onc_err_t *err)
{
    memset(s, 0, sizeof *s);
    s->kb_version = (char *)onc_kb_version(r->kb);
    s->kb_date = (char *)onc_kb_date(r->kb);
    s->trials_source = (char *)r->trials_source;
    if (!(s->digest = onc_report_digest_text(digest))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}

/* Rebuilds, compares and (unless a dry run) stores one patient: CLI_OK, or an exit status after
 * a message naming them. */
static int one_patient(reannot_run_t *r, const char *id)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    json_t *doc = NULL, *digest = NULL, *result = NULL;
    onc_snapshot_t prev = {0}, next = {0};
    bool found = false;
    int status = CLI_OK;
    onc_rc rc = onc_store_get_case(r->db, id, onc_audit_os_actor(), &c, &err);
    if (rc == ONC_OK && onc_app_report_case(r->app, c, NULL, r->trials, &doc, &err) != ONC_OK) {
        cli_error(CMD, "%s", err.msg);
        cli_error(CMD, "patient %s: the report could not be built; nothing was stored", id);
        status = cli_status_of(err.code);
    }
    if (rc == ONC_OK && status == CLI_OK) {
        digest = onc_report_digest(doc, r->trials != NULL, &err);
        rc = digest ? snapshot_of(r, digest, &next, &err) : err.code;
    }
    if (rc == ONC_OK && status == CLI_OK) rc = onc_store_snapshot_latest(r->db, id, onc_audit_os_actor(), &prev, &found, &err);
    if (rc == ONC_OK && status == CLI_OK) rc = (result = compare(r, id, digest, &prev, found, &err)) ? ONC_OK : err.code;
    bool store = rc == ONC_OK && status == CLI_OK && worth_storing(&prev, found, &next);
    if (store && !r->a->dry_run) rc = onc_store_snapshot_put(r->db, id, onc_audit_os_actor(), &next, &err);
    if (rc == ONC_OK && result) {
        r->stored += store;
        if (json_object_set_new(result, "stored", json_boolean(store && !r->a->dry_run)) ||
            json_array_append(r->patients, result))
            rc = onc_err_set(&err, ONC_ENOMEM, "out of memory");
    }
    if (rc != ONC_OK) {
        cli_error(CMD, "patient %s: %s; nothing was stored", id, err.msg);
        status = cli_status_of(rc);
    }
    json_decref(result);
    free(next.digest);
    onc_snapshot_clear(&prev);
    json_decref(digest);
    json_decref(doc);
    onc_case_free(c);
    return status;
}

/* Every patient in one transaction, committed (dry run: with the reads' audit entries only). */
static int all_patients(reannot_run_t *r)
{
    onc_err_t err = {0};
    char **ids = NULL;
    size_t n = 0;
    int status = CLI_OK;
    onc_rc rc = onc_db_begin(r->db, &err);
    if (rc == ONC_OK && !r->a->trials) {
        rc = onc_store_trials_active(r->db, onc_app_match_ctx(r->app), onc_audit_os_actor(), NULL, 0,
                                     &r->registry_trials, &err);
        r->trials = r->registry_trials;
    }
    if (rc == ONC_OK) rc = onc_store_list_patients(r->db, onc_audit_os_actor(), &ids, &n, &err);
    for (size_t i = 0; rc == ONC_OK && status == CLI_OK && i < n; i++) status = one_patient(r, ids[i]);
    if (rc == ONC_OK && status == CLI_OK) rc = cli_db_commit(r->db, &err);
    if (rc != ONC_OK) {
        cli_error(CMD, "%s", err.msg);
        status = cli_status_of(rc);
    }
    if (status != CLI_OK) onc_db_rollback(r->db, NULL);
    onc_store_ids_free(ids, n);
    return status;
}

/* ---- output ---- */

/* A TSV cell: tabs and line ends become spaces, so that a row stays a row; NULL is empty. */
static void tsv_cell(FILE *fp, const char *s, char end)
{
    for (; s && *s; s++) fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
    fputc(end, fp);
}

static void tsv_row(FILE *fp, const json_t *p, const char *change)
{
    tsv_cell(fp, json_string_value(json_object_get(p, "patient")), '\t');
    tsv_cell(fp, json_string_value(json_object_get(p, "status")), '\t');
    tsv_cell(fp, json_string_value(json_object_get(p, "previous_kb")), '\t');
    tsv_cell(fp, json_string_value(json_object_get(p, "kb")), '\t');
    tsv_cell(fp, change, '\n');
}

/* Changed patients, one row per change, and baselines; unchanged patients are not listed. */
static void write_tsv(const reannot_run_t *r)
{
    fputs("patient\tstatus\tprevious_kb\tkb\tchange\n", stdout);
    size_t i, j;
    json_t *p, *c;
    json_array_foreach(r->patients, i, p) {
        const char *status = json_string_value(json_object_get(p, "status"));
        if (strcmp(status, "baseline") == 0)
            tsv_row(stdout, p, r->a->dry_run ? "no snapshot yet (dry run: no baseline recorded)" : "baseline recorded");
        json_array_foreach(json_object_get(p, "changes"), j, c) tsv_row(stdout, p, json_string_value(json_object_get(c, "text")));
    }
}

static int write_json(const reannot_run_t *r, const char *cmdline)
{
    json_t *doc = json_pack("{s:s,s:s,s:s,s:b,s:{s:I,s:I,s:I,s:I,s:I},s:O}", "kb_version", onc_kb_version(r->kb),
                            "kb_date", onc_kb_date(r->kb), "trials", r->trials_source,
                            "dry_run", r->a->dry_run, "counts", "patients", (json_int_t)json_array_size(r->patients),
                            "changed", (json_int_t)r->changed, "unchanged", (json_int_t)r->unchanged, "baselines",
                            (json_int_t)r->baselines, "snapshots", (json_int_t)r->stored, "patients", r->patients);
    if (doc && !r->a->no_version) {
        json_object_set_new(doc, "oncoboard_version", json_string(ONC_VERSION));
        json_object_set_new(doc, "command", json_string(cmdline));
    }
    int bad = !doc || json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) || fputc('\n', stdout) == EOF;
    json_decref(doc);
    if (bad) cli_error(CMD, "the result could not be written");
    return bad ? CLI_INTERNAL : CLI_OK;
}

static int write_result(const reannot_run_t *r, const char *cmdline)
{
    int status = CLI_OK;
    if (r->a->format == CLI_FMT_JSON) status = write_json(r, cmdline);
    else write_tsv(r);
    fprintf(stderr, "oncoboard %s: %zu patients with kb %s: %zu changed, %zu unchanged, %zu baselines; %zu snapshots %s\n",
            CMD, json_array_size(r->patients), onc_kb_version(r->kb), r->changed, r->unchanged, r->baselines, r->stored,
            r->a->dry_run ? "would be stored (dry run: none was)" : "stored");
    return status;
}

int cmd_db_reannotate(int argc, char **argv)
{
    reannot_args_t a;
    int status = parse_args(&a, argc, argv);
    if (status >= 0) return status;
    char *cmdline = cli_command_line(argc, argv);
    onc_app_opts_t o;
    onc_app_opts_init(&o);
    o.kb_dir = a.kb_dir;
    o.trials_path = a.trials;
    o.no_version = 1;
    o.command = cmdline;
    onc_err_t err = {0};
    reannot_run_t r = {.a = &a, .trials_source = a.trials ? a.trials : "registry", .patients = json_array()};
    if (onc_app_open(&o, &r.app, &err) != ONC_OK) {
        cli_error(CMD, "%s", err.msg);
        status = cli_status_of(err.code);
    } else if (!r.patients || !cmdline) {
        cli_error(CMD, "out of memory");
        status = CLI_INTERNAL;
    } else {
        r.kb = onc_app_kb(r.app);
        r.trials = onc_app_trials(r.app);
        status = cli_db_open(CMD, a.db_url, NULL, true, &r.db);
    }
    if (status == CLI_OK) status = all_patients(&r);
    if (status == CLI_OK) status = write_result(&r, cmdline);
    onc_db_close(r.db);
    onc_trials_free(r.registry_trials);
    onc_app_close(r.app);
    json_decref(r.patients);
    free(cmdline);
    return status;
}
