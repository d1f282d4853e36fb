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
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_import_source_t import_sources[] = {
    {"case", cli_import_collect_cases, "case files (version 1): CASE.json or folders of them [default]"},
    {"lab", cli_import_collect_lab, "lab files (VCF, MAF, fusions, copy number) as a new sample of a registered\n"
                                    "                 patient: --patient ID --sample KEY FILE ..."},
    {"matchminer", cli_import_collect_mm, "MatchMiner's clinical and genomic documents: CLINICAL [GENOMIC], one\n"
                                          "                 patient per clinical document (its SAMPLE_ID)"},
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
                "  with --format lab:\n"
                "    --patient ID      the registered patient the files belong to\n"
                "    --sample KEY      the new sample's identifier (unique for the patient)\n"
                "    --specimen TYPE   tissue or plasma [unknown]\n"
                "    --collected DATE  when the sample was collected, YYYY-MM-DD [unknown]\n"
                "    --genome NAME     GRCh37 or GRCh38, for raw VCF coordinates [from the files]\n"
                "    -h, --help        this help; --version the program version\n"
                "\n"
                "A folder of case files gives its *.json files (not its subfolders), in name order.\n"
                "\n");
}

enum {
    OPT_DB = 256, OPT_REPLACE, OPT_DRY_RUN, OPT_KB, OPT_VERSION, OPT_FORMAT,
    OPT_PATIENT, OPT_SAMPLE, OPT_SPECIMEN, OPT_COLLECTED, OPT_GENOME
};

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
        {"sample", required_argument, NULL, OPT_SAMPLE},   {"specimen", required_argument, NULL, OPT_SPECIMEN},
        {"collected", required_argument, NULL, OPT_COLLECTED}, {"genome", required_argument, NULL, OPT_GENOME},
        {"help", no_argument, NULL, 'h'},
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
        case OPT_SPECIMEN: a->specimen = optarg; break;
        case OPT_COLLECTED: a->collected = optarg; break;
        case OPT_GENOME: a->genome = optarg; break;
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
    free(s->alts);
    if (s->free_extra) s->free_extra(s->extra);
}

/* ---- the case-file source ---- */

/* For sorting the cases by patient id, then by file order. */
typedef struct id_order {
    const char *id;
    size_t i;
} id_order_t;

static int cmp_id_order(const void *a, const void *b)
{
    const id_order_t *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Two files of one import with the same patient id: every one after the first is bad.
 * first[i] gets 1 + the index of the first file with case i's id (0: not a duplicate). Sorted
 * rather than compared in pairs: an import of 100,000 files would make 5e9 comparisons. */
static bool find_duplicates(const cli_import_set_t *s, size_t *first)
{
    id_order_t *order = malloc((s->n ? s->n : 1) * sizeof *order);
    if (!order) return false;
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->cases[i]) order[n++] = (id_order_t){s->cases[i]->id, i};
    qsort(order, n, sizeof *order, cmp_id_order);
    for (size_t k = 1; k < n; k++)
        if (strcmp(order[k].id, order[k - 1].id) == 0)
            first[order[k].i] = first[order[k - 1].i] ? first[order[k - 1].i] : order[k - 1].i + 1;
    free(order);
    return true;
}

/* Loads and checks file i into s; a bad file's message is kept in *msg (NULL when good). */
static onc_rc validate_one(const char *path, const onc_read_opts_t *ro, cli_import_set_t *s, size_t i,
                           onc_store_counts_t *counts, char **msg)
{
    onc_err_t err = {0};
    onc_rc rc = onc_case_load(path, NULL, &s->cases[i], &err);
    if (rc == ONC_OK) rc = onc_store_case_read(s->cases[i], ro, counts, &s->alts[i], &err);
    if (rc == ONC_OK || rc == ONC_ENOMEM) return rc;
    onc_case_free(s->cases[i]);
    s->cases[i] = NULL;
    return (*msg = strdup(err.msg)) ? rc : ONC_ENOMEM;
}

/* Validation on several threads: the files are independent, and loading them (JSON, the lab
 * files) is a fifth of an import's work, all before the transaction can start. Each thread takes
 * the next file; every result goes to the file's own slot, so the listing stays in file order. */
#define VALIDATE_THREADS_MAX 8

typedef struct validate_job {
    const cli_paths_t *paths;
    const onc_read_opts_t *ro;
    cli_import_set_t *s;
    char **msgs;
    atomic_size_t next;
    atomic_bool out_of_memory;
} validate_job_t;

typedef struct validate_worker {
    validate_job_t *job;
    onc_store_counts_t counts;
} validate_worker_t;

static void *validate_worker(void *arg)
{
    validate_worker_t *w = arg;
    validate_job_t *j = w->job;
    for (size_t i; !atomic_load(&j->out_of_memory) && (i = atomic_fetch_add(&j->next, 1)) < j->paths->n;)
        if (validate_one(j->paths->v[i], j->ro, j->s, i, &w->counts, &j->msgs[i]) == ONC_ENOMEM)
            atomic_store(&j->out_of_memory, true);
    return NULL;
}

static void add_counts(onc_store_counts_t *to, const onc_store_counts_t *c)
{
    to->patients += c->patients, to->samples += c->samples, to->alterations += c->alterations;
    to->file_alterations += c->file_alterations, to->therapies += c->therapies, to->labs += c->labs;
    to->enrolments += c->enrolments;
}

/* false when out of memory. */
static bool validate_files(validate_job_t *j)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = cores > 1 ? (size_t)cores : 1;
    if (nt > VALIDATE_THREADS_MAX) nt = VALIDATE_THREADS_MAX;
    if (nt > j->paths->n / 16 + 1) nt = j->paths->n / 16 + 1; /* a few files: not worth a thread */
    validate_worker_t w[VALIDATE_THREADS_MAX];
    pthread_t th[VALIDATE_THREADS_MAX];
    bool started[VALIDATE_THREADS_MAX] = {false};
    for (size_t t = 0; t < nt; t++) w[t] = (validate_worker_t){.job = j};
    for (size_t t = 1; t < nt; t++) started[t] = pthread_create(&th[t], NULL, validate_worker, &w[t]) == 0;
    validate_worker(&w[0]); /* a thread that did not start leaves its share to this one */
    for (size_t t = 1; t < nt; t++)
        if (started[t]) pthread_join(th[t], NULL);
    for (size_t t = 0; t < nt; t++) add_counts(&j->s->counts, &w[t].counts);
    return !atomic_load(&j->out_of_memory);
}

/* The bad files in file order, under one header: their own error, or the file with the same
 * patient. Returns how many. */
static size_t list_bad(const cli_import_set_t *s, const cli_paths_t *paths, char **msgs, const size_t *first)
{
    size_t n_bad = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!msgs[i] && !first[i]) continue;
        if (n_bad++ == 0) fprintf(stderr, "oncoboard db import: invalid case files (nothing was written):\n");
        if (msgs[i]) fprintf(stderr, "  %s\n", msgs[i]);
        else fprintf(stderr, "  %s: field id: patient %s is also in %s\n", paths->v[i], s->cases[i]->id,
                     paths->v[first[i] - 1]);
    }
    return n_bad;
}

/* Every file read and checked, the good ones kept in s in file order. */
static int validate_cases(const cli_import_args_t *a, const cli_paths_t *paths, cli_import_set_t *s)
{
    size_t n = paths->n ? paths->n : 1;
    char **msgs = calloc(n, sizeof *msgs);
    size_t *first = calloc(n, sizeof *first);
    s->cases = calloc(n, sizeof *s->cases);
    s->alts = calloc(n, sizeof *s->alts);
    int status = msgs && first && s->cases && s->alts ? CLI_OK : CLI_INTERNAL;
    if (status == CLI_OK) s->n = paths->n;
    validate_job_t job = {.paths = paths, .ro = &a->read, .s = s, .msgs = msgs};
    atomic_init(&job.next, 0);
    atomic_init(&job.out_of_memory, false);
    if (status == CLI_OK && !validate_files(&job)) status = CLI_INTERNAL;
    if (status == CLI_OK && !find_duplicates(s, first)) status = CLI_INTERNAL;
    size_t n_bad = status == CLI_OK ? list_bad(s, paths, msgs, first) : 0;
    for (size_t i = 0; msgs && i < paths->n; i++) free(msgs[i]);
    free(msgs);
    free(first);
    if (status != CLI_OK) return cli_error("db import", "out of memory"), status;
    if (n_bad) {
        fprintf(stderr, "oncoboard db import: %zu of %zu case files are invalid; nothing was written\n", n_bad, s->n);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

int cli_import_collect_cases(const cli_import_args_t *a, cli_import_set_t *s)
{
    cli_paths_t paths = {0};
    int status = cli_case_paths("db import", a->inputs, (size_t)a->n_inputs, &paths);
    if (status == CLI_OK) status = validate_cases(a, &paths, s);
    cli_paths_free(&paths);
    return status;
}

/* ---- writing ---- */

static void print_counts(const char *verb, const cli_import_set_t *s, size_t n_replaced)
{
    const onc_store_counts_t *c = &s->counts;
    if (s->add_samples) {
        printf("%s %zu samples for patient %s: %zu alterations from lab files\n", verb, c->samples,
               s->n ? s->cases[0]->id : "", c->file_alterations);
        return;
    }
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
    po.replace = a->replace;
    po.add_samples = s->add_samples;
    po.read = &a->read;
    bool bar = isatty(STDERR_FILENO) && s->n > 1;
    *n_replaced = 0;
    onc_rc rc = onc_store_writer_open(db, &w, err);
    for (size_t i = 0; rc == ONC_OK && i < s->n; i++) {
        bool replaced = false;
        po.alts = s->alts ? s->alts[i] : NULL;
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
    if (s->add_samples && n_existing < s->n) {
        cli_error("db import", "patient %s is not in the registry (import their case first)", a->patient);
        return CLI_BAD_INPUT;
    }
    if (n_existing && !a->replace && !s->add_samples) {
        cli_error("db import", "%zu of the patients are already in the registry: give --replace to replace them",
                  n_existing);
        return CLI_BAD_INPUT;
    }
    print_counts("would import", s, s->add_samples ? 0 : n_existing);
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
