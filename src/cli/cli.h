/* cli.h: what the command files share. One file per command (cli_<name>.c) with its
 * cmd_<name>() entry; cli_main.c holds the table; cli_common.c the option and output helpers.
 * Front ends only: parse arguments, call the library, print. No domain logic here. */
#ifndef ONCOBOARD_CLI_H
#define ONCOBOARD_CLI_H

#include "oncoboard/alteration.h"
#include "oncoboard/case.h"
#include "oncoboard/db.h"
#include "oncoboard/strbuf.h"

#include <stdbool.h>
#include <stdio.h>

/* Alterations as `profile` lists them (cli_altrow.c): the TSV header, a row assembled in b (a
 * reusable buffer; ONC_ELIMIT when a row passes its cap) and written whole, a JSON object
 * (preceded by "\n" or ",\n"), and the `annotation` column's word. */
void cli_alt_tsv_header(FILE *fp);
onc_rc cli_alt_tsv_row(FILE *fp, onc_strbuf_t *b, const onc_alt_t *a);
void cli_alt_json_row(FILE *fp, const onc_alt_t *a, int first);
const char *cli_alt_annotation(const onc_alt_t *a);

/* Exit statuses (CONTRACTS.md). */
enum { CLI_OK = 0, CLI_FOUND_PROBLEM = 1, CLI_BAD_INPUT = 2, CLI_INTERNAL = 3 };

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary;
} cli_command_t;

const cli_command_t *cli_commands(void); /* terminated by a NULL name */

int cmd_profile(int argc, char **argv);
int cmd_kb(int argc, char **argv);        /* kb list|show|lookup|validate, and import below */
int cmd_kb_import(int argc, char **argv); /* kb import civic|oncokb: argv[0] is "import" */
int cmd_report(int argc, char **argv);    /* the molecular tumor board report of a case */
int cmd_annotate(int argc, char **argv);  /* a cohort's MAF/fusion/CNA files, annotated */
int cmd_match(int argc, char **argv);     /* patients against trials (CTML) */
int cmd_trials(int argc, char **argv);
int cmd_design(int argc, char **argv);      /* phase I dose finding (cli_design.c) */
int cmd_design_comb(int argc, char **argv); /* design boin-comb|waterfall (cli_design_comb.c) */
int cmd_phase1(int argc, char **argv);      /* phase1 setup|assign|dlt|window|list (cli_phase1.c) */
/* `design DESIGN next --db URL --trial ID`: argv as cmd_design's (cli_phase1.c). */
int cli_design_next_db(int argc, char **argv);
int cmd_db(int argc, char **argv);        /* db init|migrate|info|...: the registry (cli_db.c) */
/* The subcommands of db, in cli_db.c's table; argv[0] is the subcommand's name. */
int cmd_db_init(int argc, char **argv);
int cmd_db_migrate(int argc, char **argv);
int cmd_db_info(int argc, char **argv);
/* Opens the registry at url (NULL: $ONCOBOARD_DB, else the default) and, when check is set,
 * verifies its schema version (onc_db_schema_check), as every command on a registry must:
 * CLI_OK with *db open, or the exit status after a message naming the redacted URL. */
int cli_db_open(const char *cmd, const char *url, const onc_db_opts_t *opts, bool check, onc_db_t **db);
int cmd_stats(int argc, char **argv);     /* biomarker statistics (cli_stats.c) */
int cmd_serve(int argc, char **argv);     /* the web interface and REST API (cli_serve.c) */
int cmd_audit(int argc, char **argv);     /* audit verify|list: the registry's audit log */
int cmd_user(int argc, char **argv);      /* user add|passwd|disable|enable|role|list (cli_user.c) */
int cmd_db_import(int argc, char **argv); /* db import (cli_db_import.c) */
int cmd_db_export(int argc, char **argv); /* db export (cli_db_export.c) */
int cmd_db_reannotate(int argc, char **argv); /* db reannotate (cli_db_reannotate.c) */
int cmd_db_backup(int argc, char **argv);  /* db backup (cli_db_backup.c) */
int cmd_db_restore(int argc, char **argv); /* db restore (cli_db_backup.c) */
int cmd_db_trials(int argc, char **argv); /* db trials load|list|history (cli_db_trials.c) */
int cmd_db_match(int argc, char **argv);  /* db match: incremental re-match (cli_db_match.c) */
int cmd_db_accrual(int argc, char **argv); /* db accrual: per trial and month (cli_db_match.c) */
int cmd_db_results(int argc, char **argv); /* db results: match results and their history (cli_db_match.c) */
/* Commits the transaction and anchors the audit log's head outside the database
 * (onc_audit_checkpoint), as every transaction that appended to the log must. */
onc_rc cli_db_commit(onc_db_t *db, onc_err_t *err) ONC_MUST_CHECK;
/* The case of patient from the registry at url (the read audited): CLI_OK with *out, or the exit
 * status after a message. */
int cli_registry_case(const char *cmd, const char *url, const char *patient, onc_case_t **out);

/* Output formats a reporting command takes (--format, --json). */
typedef enum cli_format { CLI_FMT_TSV, CLI_FMT_JSON } cli_format;
/* Parses --format's value; returns -1 (after a message) for an unknown one. */
int cli_parse_format(const char *cmd, const char *value, cli_format *out);

/* The output of a command: stdout, or a file written whole or not at all (-o FILE goes to
 * FILE.tmp.PID and is renamed over FILE only by cli_output_commit). */
typedef struct cli_output {
    FILE *fp;
    char *path, *tmp;
} cli_output_t;
int cli_output_open(cli_output_t *o, const char *path);      /* path NULL or "-": stdout */
int cli_output_commit(cli_output_t *o);                      /* 0, or -1 after a message */
void cli_output_abort(cli_output_t *o);                      /* removes the temporary file */

/* Checks --tumor-type against OncoTree (kb/oncotree.tsv): CLI_OK with the code as OncoTree
 * writes it ("luad" -> "LUAD") in out, or the exit status after a message. */
int cli_tumor_type(const char *cmd, const char *code, const char *kb_dir, char *out, size_t n);

/* The readers take their gene tables (aliases, exons) from --kb DIR when it has them, else from
 * the built-in copy: a small knowledge base of evidence need not carry the tables. */
const char *cli_reader_kb_dir(const char *kb_dir);
/* The exit status of a library error: input problems 2, the rest (memory, bugs) 3. */
int cli_status_of(onc_rc rc);
/* A whole number or real in [min, max] in *out; -1 when s is anything else. */
int cli_parse_number(const char *s, double min, double max, double *out);
/* Today (UTC); generated (32 bytes, may be NULL) gets "2026-11-29T01:02:03Z". */
onc_date_t cli_today_utc(char generated[32]);

/* The start of a command with subcommands (argv[1] is the subcommand): no argument, -h/--help
 * or --version are answered here (usage is the command's help). Returns -1 to go on, or the
 * exit status to return now. */
int cli_subcommand_head(int argc, char **argv, void (*usage)(FILE *fp));

/* Case files named on the command line: each argument a file, or a folder whose *.json files
 * (not its subfolders) come in name order. CLI_OK, or an exit status after a message naming cmd
 * (an unreadable folder, nothing found). Free with cli_paths_free(). */
typedef struct cli_paths {
    char **v;
    size_t n, cap;
} cli_paths_t;
int cli_case_paths(const char *cmd, char *const *args, size_t n_args, cli_paths_t *p);
void cli_paths_free(cli_paths_t *p);

/* "oncoboard profile --genome GRCh38 a.vcf": the command line, for provenance; caller frees. */
char *cli_command_line(int argc, char **argv);

/* Messages to stderr with the program and command name. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The standard answer to an unknown option or missing argument: message + usage hint. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
