/* cli_db_io.c: `oncoboard db import` and `db export --format case`, and the registry as a source
 * of cases for `report --db` and `match --db`.
 *
 * An import reads and validates every case file first (the case loader, then the case's lab files
 * through the case reader, as the store will read them) and lists every bad file with its line
 * and field; only when all are good does it open ONE transaction and write them all, so that an
 * import is in the registry entirely or not at all. An export writes each patient's case file as
 * it was imported. docs/registry.md.
 */
#include "cli.h"

#include "oncoboard/audit.h"
#include "oncoboard/db.h"
#include "oncoboard/store.h"
#include "oncoboard/version.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the registry for the commands ---- */

onc_rc cli_db_commit(onc_db_t *db, onc_err_t *err)
{
    onc_rc rc = onc_db_commit(db, err);
    if (rc != ONC_OK || (rc = onc_audit_checkpoint(db, err)) == ONC_OK) return rc;
    /* committed: say so, so that no caller reports the change as not made */
    char msg[ONC_ERR_MSG_MAX];
    snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
    return onc_err_set(err, rc, "the change was committed, but the audit log's head could not be anchored "
                                "(`oncoboard audit verify` will say so): %s", msg);
}

int cli_registry_case(const char *cmd, const char *url, const char *patient, onc_case_t **out)
{
    onc_db_t *db = NULL;
    int status = cli_db_open(cmd, url, NULL, true, &db);
    if (status != CLI_OK) return status;
    onc_err_t err = {0};
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_get_case(db, patient, onc_audit_os_actor(), out, &err);
    if (rc == ONC_OK) rc = cli_db_commit(db, &err);
    if (rc != ONC_OK) {
        cli_error(cmd, "%s", err.msg);
        onc_db_rollback(db, NULL);
        onc_case_free(*out);
        *out = NULL;
        status = cli_status_of(rc);
    }
    onc_db_close(db);
    return status;
}

/* ---- import: arguments ---- */

typedef struct import_args {
    const char *db_url, *kb_dir;
    bool dry_run, replace;
    char **inputs;
    int n_inputs;
} import_args_t;

static void import_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Import case files into the registry: every file is read and validated first (a\n"
                "         bad file is reported with its line and field and nothing is written), then all\n"
                "         of them are written in one transaction.\n"
                "Usage:   oncoboard db import [options] CASE.json|DIR ...\n"
                "\n"
                "Options:\n"
                "    --db URL          sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n"
                "    --replace         replace the case of a patient already registered [refuse]\n"
                "    --dry-run         validate and say what would be written; write nothing\n"
                "    --kb DIR          gene tables for reading lab files [built in]\n"
                "    -h, --help        this help; --version the program version\n"
                "\n"
                "A DIR gives its *.json files (not its subfolders), in name order.\n"
                "\n");
}

enum { OPT_DB = 256, OPT_REPLACE, OPT_DRY_RUN, OPT_KB, OPT_VERSION, OPT_FORMAT, OPT_PATIENT };

static int parse_import(import_args_t *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},           {"replace", no_argument, NULL, OPT_REPLACE},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},       {"kb", required_argument, NULL, OPT_KB},
        {"help", no_argument, NULL, 'h'},                  {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: a->db_url = optarg; break;
        case OPT_REPLACE: a->replace = true; break;
        case OPT_DRY_RUN: a->dry_run = true; break;
        case OPT_KB: a->kb_dir = optarg; break;
        case 'h': import_usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("db import", "invalid option");
        }
    }
    if (optind >= argc) return cli_usage_error("db import", "no case file or folder");
    a->inputs = argv + optind;
    a->n_inputs = argc - optind;
    return -1;
}

/* ---- import: the files ---- */

/* ---- import: validation ---- */

typedef struct import_set {
    onc_case_t **cases;
    const onc_store_alts_t **alts; /* per case, what validation read: written without reading again */
    size_t n;
    onc_store_counts_t counts;
    size_t n_bad;
} import_set_t;

static void free_set(import_set_t *s)
{
    for (size_t i = 0; i < s->n; i++) onc_case_free(s->cases[i]);
    free(s->alts);
    free(s->cases);
}

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
static bool find_duplicates(const import_set_t *s, size_t *first)
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
static onc_rc validate_one(const char *path, const onc_read_opts_t *ro, import_set_t *s, size_t i,
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
    import_set_t *s;
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

/* The bad files in file order: their own error, or the file with the same patient. */
static void list_bad(import_set_t *s, const cli_paths_t *paths, char **msgs, const size_t *first)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!msgs[i] && !first[i]) continue;
        if (s->n_bad++ == 0) fprintf(stderr, "oncoboard db import: invalid case files (nothing was written):\n");
        if (msgs[i]) fprintf(stderr, "  %s\n", msgs[i]);
        else fprintf(stderr, "  %s: field id: patient %s is also in %s\n", paths->v[i], s->cases[i]->id,
                     paths->v[first[i] - 1]);
    }
}

static int validate_all(const import_args_t *a, const cli_paths_t *paths, import_set_t *s)
{
    char **msgs = calloc(paths->n ? paths->n : 1, sizeof *msgs);
    size_t *first = calloc(paths->n ? paths->n : 1, sizeof *first);
    if (msgs) s->cases = calloc(paths->n ? paths->n : 1, sizeof *s->cases);
    if (s->cases) s->alts = calloc(paths->n ? paths->n : 1, sizeof *s->alts);
    int status = msgs && first && s->alts ? CLI_OK : CLI_INTERNAL;
    if (status == CLI_OK) s->n = paths->n;
    onc_read_opts_t ro;
    onc_read_opts_init(&ro);
    ro.kb_dir = cli_reader_kb_dir(a->kb_dir);
    validate_job_t job = {.paths = paths, .ro = &ro, .s = s, .msgs = msgs};
    atomic_init(&job.next, 0);
    atomic_init(&job.out_of_memory, false);
    if (status == CLI_OK && !validate_files(&job)) status = CLI_INTERNAL;
    if (status == CLI_OK && !find_duplicates(s, first)) status = CLI_INTERNAL;
    if (status == CLI_OK) list_bad(s, paths, msgs, first);
    for (size_t i = 0; msgs && i < paths->n; i++) free(msgs[i]);
    free(msgs);
    free(first);
    if (status != CLI_OK) {
        cli_error("db import", "out of memory");
        return status;
    }
    if (s->n_bad) {
        fprintf(stderr, "oncoboard db import: %zu of %zu case files are invalid; nothing was written\n", s->n_bad, s->n);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

static void print_counts(const char *verb, const onc_store_counts_t *c, size_t n_replaced)
{
    printf("%s %zu patients (%zu new, %zu replaced): %zu samples, %zu alterations (%zu from lab files), "
           "%zu therapy lines, %zu labs, %zu enrolments\n",
           verb, c->patients, c->patients - n_replaced, n_replaced, c->samples, c->alterations, c->file_alterations,
           c->therapies, c->labs, c->enrolments);
}

/* ---- import: writing ---- */

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
static onc_rc count_existing(onc_db_t *db, const import_set_t *s, size_t *n_existing, onc_err_t *err)
{
    char **ids = NULL;
    size_t n = 0;
    *n_existing = 0;
    onc_rc rc = onc_store_list_patients(db, onc_audit_os_actor(), &ids, &n, err);
    for (size_t i = 0; rc == ONC_OK && i < s->n; i++)
        if (bsearch(&s->cases[i]->id, ids, n, sizeof *ids, cmp_str)) (*n_existing)++;
    onc_store_ids_free(ids, n);
    return rc;
}

static onc_rc write_all(onc_db_t *db, const import_args_t *a, const import_set_t *s, size_t *n_replaced,
                        onc_err_t *err)
{
    onc_store_writer_t *w = NULL;
    onc_store_put_opts_t po;
    onc_store_put_opts_init(&po);
    onc_read_opts_t ro;
    onc_read_opts_init(&ro);
    ro.kb_dir = cli_reader_kb_dir(a->kb_dir);
    po.replace = a->replace;
    po.read = &ro;
    bool bar = isatty(STDERR_FILENO) && s->n > 1;
    *n_replaced = 0;
    onc_rc rc = onc_store_writer_open(db, &w, err);
    for (size_t i = 0; rc == ONC_OK && i < s->n; i++) {
        bool replaced = false;
        po.alts = s->alts[i];
        rc = onc_store_writer_put(w, s->cases[i], onc_audit_os_actor(), &po, &replaced, err);
        *n_replaced += replaced;
        progress(i + 1, s->n, bar && rc == ONC_OK);
    }
    onc_store_writer_close(w);
    return rc;
}

static int import_into(onc_db_t *db, const import_args_t *a, const import_set_t *s)
{
    onc_err_t err = {0};
    size_t n_replaced = 0;
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK && a->dry_run) {
        rc = count_existing(db, s, &n_replaced, &err);
        onc_db_rollback(db, NULL);
        if (rc == ONC_OK && n_replaced && !a->replace) {
            cli_error("db import", "%zu of the patients are already in the registry: give --replace to replace them",
                      n_replaced);
            return CLI_BAD_INPUT;
        }
        if (rc == ONC_OK) print_counts("would import", &s->counts, n_replaced);
    } else if (rc == ONC_OK) {
        rc = write_all(db, a, s, &n_replaced, &err);
        if (rc == ONC_OK && (rc = onc_db_commit(db, &err)) == ONC_OK) {
            print_counts("imported", &s->counts, n_replaced);
            if (onc_audit_checkpoint(db, &err) == ONC_OK) return CLI_OK;
            cli_error("db import", "imported, but the audit log's head could not be anchored (`oncoboard audit "
                                   "verify` will say so): %s", err.msg);
            return CLI_INTERNAL;
        }
    }
    if (rc == ONC_OK) return CLI_OK;
    onc_db_rollback(db, NULL);
    bool duplicate = rc == ONC_ECONFLICT && !a->replace && strstr(err.msg, "already in the registry");
    cli_error("db import", "%s%s; nothing was written", err.msg,
              duplicate ? " (give --replace to replace their case)" : "");
    return cli_status_of(rc);
}

int cmd_db_import(int argc, char **argv)
{
    import_args_t a;
    int status = parse_import(&a, argc, argv);
    if (status >= 0) return status;
    cli_paths_t paths = {0};
    import_set_t set = {0};
    status = cli_case_paths("db import", a.inputs, (size_t)a.n_inputs, &paths);
    if (status == CLI_OK) status = validate_all(&a, &paths, &set);
    onc_db_t *db = NULL;
    if (status == CLI_OK) status = cli_db_open("db import", a.db_url, NULL, true, &db);
    if (status == CLI_OK) status = import_into(db, &a, &set);
    onc_db_close(db);
    free_set(&set);
    cli_paths_free(&paths);
    return status;
}

/* ---- export ---- */

typedef struct export_args {
    const char *db_url, *format, *patient, *out_dir;
} export_args_t;

static void export_usage(FILE *fp)
{
    fprintf(fp, "\n"
                "About:   Export the registry's patients as case files, each as it was imported.\n"
                "Usage:   oncoboard db export --format case [options] -o DIR\n"
                "\n"
                "Options:\n"
                "    --format case     case files (version 1), one per patient: DIR/ID.json\n"
                "    --db URL          sqlite:PATH or postgresql://... [$ONCOBOARD_DB, sqlite:oncoboard.db]\n"
                "    --patient ID      this patient only [every patient]\n"
                "    -o, --output DIR  the folder to write to (created when absent)\n"
                "    -h, --help        this help; --version the program version\n"
                "\n");
}

static int parse_export(export_args_t *a, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},         {"format", required_argument, NULL, OPT_FORMAT},
        {"patient", required_argument, NULL, OPT_PATIENT}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},                {"version", no_argument, NULL, OPT_VERSION},
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
        case 'o': a->out_dir = optarg; break;
        case 'h': export_usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("db export", "invalid option");
        }
    }
    if (!a->format) return cli_usage_error("db export", "--format is required (case)");
    if (strcmp(a->format, "case") != 0)
        return cli_usage_error("db export", "--format '%s': only 'case' is available", a->format);
    if (!a->out_dir) return cli_usage_error("db export", "-o DIR is required");
    if (optind < argc) return cli_usage_error("db export", "unexpected argument '%s'", argv[optind]);
    return -1;
}

/* DIR/ID.json with every byte of the id outside [A-Za-z0-9._-] written as '_' (ids are not
 * file names); NULL when out of memory. */
static char *export_path(const char *dir, const char *id)
{
    size_t n = strlen(dir) + strlen(id) + 8;
    char *p = malloc(n);
    if (!p) return NULL;
    size_t k = (size_t)snprintf(p, n, "%s/", dir);
    for (const char *s = id; *s; s++) {
        char ch = *s;
        int ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                 ch == '_' || (ch == '.' && s != id);
        p[k++] = ok ? ch : '_';
    }
    memcpy(p + k, ".json", 6);
    return p;
}

static int write_text_file(const char *path, const char *text)
{
    cli_output_t out;
    if (cli_output_open(&out, path)) return CLI_BAD_INPUT;
    size_t n = strlen(text);
    if (fwrite(text, 1, n, out.fp) != n) {
        cli_error("db export", "%s: write failed", path);
        cli_output_abort(&out);
        return CLI_BAD_INPUT;
    }
    return cli_output_commit(&out) ? CLI_BAD_INPUT : CLI_OK;
}

static int export_one(onc_db_t *db, const export_args_t *a, const char *id)
{
    onc_err_t err = {0};
    char *name = NULL, *text = NULL;
    bool current = false;
    onc_rc rc = onc_store_get_case_text(db, id, onc_audit_os_actor(), &name, &text, &current, &err);
    int status = CLI_OK;
    if (rc != ONC_OK) {
        cli_error("db export", "%s", err.msg);
        status = cli_status_of(rc);
    } else if (!current) {
        cli_error("db export", "patient %s was changed in the registry after its case file was imported: writing "
                               "a case from the registry's rows is not available yet", id);
        status = CLI_INTERNAL;
    } else {
        char *path = export_path(a->out_dir, id);
        status = path ? write_text_file(path, text) : (cli_error("db export", "out of memory"), CLI_INTERNAL);
        free(path);
    }
    free(name);
    free(text);
    return status;
}

static int export_all(onc_db_t *db, const export_args_t *a)
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
    const char *const *list = a->patient ? one : (const char *const *)ids;
    size_t count = a->patient ? 1 : n;
    int status = CLI_OK;
    for (size_t i = 0; status == CLI_OK && i < count; i++) status = export_one(db, a, list[i]);
    onc_store_ids_free(ids, n);
    /* the audit entries of what was written are committed; nothing else changed */
    if (status == CLI_OK && cli_db_commit(db, &err) != ONC_OK) {
        cli_error("db export", "%s", err.msg);
        status = cli_status_of(err.code);
    }
    if (status != CLI_OK) onc_db_rollback(db, NULL);
    else fprintf(stderr, "oncoboard db export: %zu case files written to %s\n", count, a->out_dir);
    return status;
}

int cmd_db_export(int argc, char **argv)
{
    export_args_t a;
    int status = parse_export(&a, argc, argv);
    if (status >= 0) return status;
    if (mkdir(a.out_dir, 0777) != 0 && errno != EEXIST) {
        cli_error("db export", "%s: cannot create the folder: %s", a.out_dir, strerror(errno));
        return CLI_BAD_INPUT;
    }
    onc_db_t *db = NULL;
    status = cli_db_open("db export", a.db_url, NULL, true, &db);
    if (status == CLI_OK) status = export_all(db, &a);
    onc_db_close(db);
    return status;
}
