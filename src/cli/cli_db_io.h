/* cli_db_io.h: the pieces `db import` and `db export` are made of, so that each kind of input
 * and each export format lives in a file of its own and plugs into one table.
 *
 * An import has two phases. A source (case files, a cBioPortal study, MatchMiner documents, lab
 * files for a registered patient) reads and validates ALL of its inputs into an import set: the
 * cases to write, what they count, and optionally extra rows of its own (a write_extra callback);
 * a source that finds bad input lists every problem with file, line and field on stderr and
 * returns CLI_BAD_INPUT, and nothing is written. Only then does cli_db_import.c open ONE
 * transaction that writes the set, so that an import is in the registry entirely or not at all.
 *
 * An export format writes the registry (or one patient) to -o, inside one read transaction whose
 * audit entries are committed at the end (every export is audited). */
#ifndef ONCOBOARD_CLI_DB_IO_H
#define ONCOBOARD_CLI_DB_IO_H

#include "cli.h"
#include "oncoboard/db.h"
#include "oncoboard/io.h"
#include "oncoboard/store.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- import ---- */

typedef struct cli_import_args {
    const char *db_url, *kb_dir;
    const char *format;   /* the source's name [case] */
    /* the lab source: the registered patient and the new sample the files belong to */
    const char *patient, *sample;           /* --patient ID, --sample KEY */
    const char *specimen, *collected, *genome; /* --specimen tissue|plasma, --collected DATE, --genome */
    bool dry_run, replace;
    char **inputs;
    int n_inputs;
    onc_read_opts_t read; /* how lab files are read (kb_dir applied) */
} cli_import_args_t;

typedef struct cli_import_set {
    onc_case_t **cases; /* owned; each freed with onc_case_free */
    const onc_store_alts_t **alts; /* per case, what validation read (onc_store_case_read), so that
                                      writing does not read the lab files again; NULL: not kept */
    size_t n;
    onc_store_counts_t counts;
    bool add_samples;   /* the cases are new samples of registered patients (the lab source:
                           onc_store_put_opts_t.add_samples) */
    /* Rows beyond the cases, written in the import's transaction after them (may be NULL). */
    onc_rc (*write_extra)(onc_db_t *db, void *extra, const char *actor, onc_err_t *err);
    void (*free_extra)(void *extra);
    void *extra;
    const char *extra_summary; /* what the extra rows are, for the summary line ("12 clinical attributes") */
} cli_import_set_t;

/* A source's collector: reads and validates a->inputs into s, before the registry is opened (a
 * source that needs to read the registry, as the lab source does, opens it itself with
 * cli_db_open). CLI_OK, or the exit status after its messages. */
typedef int (*cli_import_collect_fn)(const cli_import_args_t *a, cli_import_set_t *s);

typedef struct cli_import_source {
    const char *name;
    cli_import_collect_fn collect;
    const char *summary; /* for --help */
} cli_import_source_t;

/* Appends c to s (taking it; freed on failure). CLI_OK or CLI_INTERNAL after a message. */
int cli_import_set_add(cli_import_set_t *s, onc_case_t *c);

/* The sources (cli_db_import.c's table lists them). */
int cli_import_collect_cases(const cli_import_args_t *a, cli_import_set_t *s);
int cli_import_collect_lab(const cli_import_args_t *a, cli_import_set_t *s); /* cli_db_import_lab.c */
int cli_import_collect_mm(const cli_import_args_t *a, cli_import_set_t *s);  /* cli_db_import_mm.c */
int cli_import_collect_cbio(const cli_import_args_t *a, cli_import_set_t *s); /* cli_db_import_cbio.c */

/* ---- export ---- */

typedef struct cli_export_args {
    const char *db_url, *format, *patient, *out;
    const char *key, *project; /* --key FILE, --project NAME (the research format) */
    bool new_key;              /* --new-key: create --key FILE (the research format) */
    const char *study_id; /* --study-id (cbioportal), or NULL */
} cli_export_args_t;

/* A format's writer: the patients (ids, n of them, sorted) of db to a->out, inside the export's
 * transaction. CLI_OK, or the exit status after a message. */
typedef int (*cli_export_write_fn)(onc_db_t *db, const cli_export_args_t *a, const char *const *ids, size_t n);

typedef struct cli_export_format {
    const char *name;
    cli_export_write_fn write;
    bool out_is_dir; /* -o names a folder (created when absent) rather than a file */
    const char *summary;
} cli_export_format_t;

int cli_export_cases(onc_db_t *db, const cli_export_args_t *a, const char *const *ids, size_t n);
int cli_export_research(onc_db_t *db, const cli_export_args_t *a, const char *const *ids, size_t n);
int cli_export_fhir(onc_db_t *db, const cli_export_args_t *a, const char *const *ids, size_t n);
int cli_export_cbioportal(onc_db_t *db, const cli_export_args_t *a, const char *const *ids, size_t n);

/* DIR/NAME with every byte of name outside [A-Za-z0-9._-] written as '_' and a leading '.' too
 * (identifiers are not file names), then suffix; NULL when out of memory. */
char *cli_export_path(const char *dir, const char *name, const char *suffix);
/* Writes case c as a case file (onc_case_write_json) whole to path, or nothing. CLI_OK or the
 * exit status after a message. */
int cli_write_case_file(const char *cmd, const char *path, const onc_case_t *c);
/* Writes text whole to path, or nothing (cli_output). CLI_OK or CLI_BAD_INPUT after a message. */
int cli_write_text_file(const char *cmd, const char *path, const char *text);

#endif
