/* cli_db_export_research.c: `oncoboard db export --format research -o DIR --key FILE [--project NAME]`.
 *
 * A pseudonymised research export of the patients who consented to research, made by
 * store_research.h (the server's export is the same): each case written by the case writer to
 * DIR/PSEUDONYM.json, with DIR/manifest.json saying what was removed or transformed.
 * The secret key is read from --key FILE (keyfile.h: never stored in the registry, never
 * printed); --new-key creates it for a new project. docs/registry.md, "Research export".
 *
 * The export is written to a fresh temporary folder beside DIR and renamed to DIR only when
 * every file is written and its audit entry appended (who, the project, how many patients and
 * the SHA-256 of the sorted list of pseudonyms, never the identities): a failed export leaves
 * neither a partial folder nor an audit entry. DIR must not exist, so that an export is never
 * mixed with the files of an earlier one.
 */
#include "cli_db_io.h"

#include "oncoboard/audit.h"
#include "oncoboard/kb.h"
#include "oncoboard/keyfile.h"
#include "oncoboard/store_research.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CMD "db export"

typedef struct research {
    const cli_export_args_t *a;
    char tmp[4096];          /* the folder being written, renamed to a->out at the end */
    onc_research_t *r;
} research_t;

/* ---- the key ---- */

static int load_key(const cli_export_args_t *a, uint8_t key[ONC_KEY_BYTES])
{
    onc_err_t err = {0};
    struct stat st;
    if (a->new_key && lstat(a->key, &st) == 0) {
        cli_error(CMD, "%s exists: --new-key makes a key only where there is none (a project keeps its key)", a->key);
        return CLI_BAD_INPUT;
    }
    if (a->new_key && onc_keyfile_create(a->key, "research key", &err) != ONC_OK) {
        cli_error(CMD, "%s", err.msg);
        return CLI_BAD_INPUT;
    }
    if (onc_keyfile_read(a->key, "research key",
                         "(give --new-key to create one for a new project; every export of a project needs its key)", key,
                         &err) != ONC_OK) {
        cli_error(CMD, "%s", err.msg);
        return CLI_BAD_INPUT;
    }
    if (a->new_key) fprintf(stderr, "oncoboard %s: a new research key is in %s: keep it apart from the registry and back it up\n", CMD, a->key);
    return CLI_OK;
}

/* ---- the folder ---- */

/* Removes the temporary folder and what is in it (files only: the export makes no subfolder). */
static void remove_tmp(research_t *r)
{
    if (!r->tmp[0]) return;
    DIR *d = opendir(r->tmp);
    char p[4400];
    for (struct dirent *ent; d && (ent = readdir(d)) != NULL;) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) continue;
        snprintf(p, sizeof p, "%s/%s", r->tmp, ent->d_name);
        unlink(p);
    }
    if (d) closedir(d);
    rmdir(r->tmp);
    r->tmp[0] = '\0';
}

static int make_tmp(research_t *r)
{
    struct stat st;
    if (lstat(r->a->out, &st) == 0) {
        cli_error(CMD, "%s exists: a research export goes to a new folder", r->a->out);
        return CLI_BAD_INPUT;
    }
    /* mkdtemp's template: the six X are replaced by a unique suffix; the folder is mode 0700 */
    size_t n = strlen(r->a->out);
    while (n > 1 && r->a->out[n - 1] == '/') n--; /* "out/": the folder beside it is "out.tmp..." */
    if (snprintf(r->tmp, sizeof r->tmp, "%.*s.tmpXXXXXX", (int)n, r->a->out) >= (int)sizeof r->tmp || !mkdtemp(r->tmp)) {
        cli_error(CMD, "%s: cannot create a folder beside it: %s", r->a->out, strerror(errno));
        r->tmp[0] = '\0';
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

/* ---- the cases and the manifest ---- */

static onc_rc write_case(const onc_case_t *c, onc_age_basis age, void *ctx, onc_err_t *err)
{
    (void)age;
    research_t *r = ctx;
    char *path = cli_export_path(r->tmp, c->id, ".json");
    int status = path ? cli_write_case_file(CMD, path, c) : (cli_error(CMD, "out of memory"), CLI_INTERNAL);
    free(path);
    return status == CLI_OK ? ONC_OK : onc_err_set(err, ONC_EIO, "%s: the case could not be written", c->id);
}

static int write_manifest(research_t *r)
{
    onc_err_t err = {0};
    onc_kb_t *kb = onc_kb_load(NULL, &err);
    json_t *m = onc_research_manifest(r->r, kb ? onc_kb_version(kb) : "unknown");
    onc_kb_free(kb);
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.json", r->tmp);
    cli_output_t out;
    int status = m ? CLI_BAD_INPUT : (cli_error(CMD, "out of memory"), CLI_INTERNAL);
    if (m && cli_output_open(&out, path) == 0) {
        if (json_dumpf(m, out.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) || fputc('\n', out.fp) == EOF)
            cli_output_abort(&out);
        else
            status = cli_output_commit(&out) ? CLI_BAD_INPUT : CLI_OK;
    }
    json_decref(m);
    return status;
}

/* ---- the audit entry and the command ---- */

static int finish(research_t *r)
{
    if (rename(r->tmp, r->a->out) != 0) {
        cli_error(CMD, "%s: cannot rename %s to it: %s", r->a->out, r->tmp, strerror(errno));
        return CLI_BAD_INPUT;
    }
    r->tmp[0] = '\0';
    onc_sync_parent_dir(r->a->out);
    size_t refused = onc_research_refused(r->r), unknown = onc_research_unknown(r->r);
    fprintf(stderr, "oncoboard %s: %zu patients written to %s (project %s); %zu left out without research consent "
                    "(%zu refused, %zu unknown)\n",
            CMD, onc_research_exported(r->r), r->a->out, onc_research_project(r->r), refused + unknown, refused, unknown);
    return CLI_OK;
}

int cli_export_research(onc_db_t *db, const cli_export_args_t *a, const char *const *ids, size_t n)
{
    research_t r = {.a = a};
    uint8_t key[ONC_KEY_BYTES];
    char created[32];
    onc_research_opts_t opts = {.project = a->project, .created = created, .actor = onc_audit_os_actor()};
    opts.today = cli_today_utc(created);
    int status = make_tmp(&r);
    if (status == CLI_OK) status = load_key(a, key);
    onc_err_t err = {0};
    if (status == CLI_OK && onc_research_export(db, key, &opts, ids, n, write_case, &r, &r.r, &err) != ONC_OK) {
        /* the message may name the patient: it goes to the operator's terminal, not the export */
        cli_error(CMD, "%s", err.msg);
        status = cli_status_of(err.code);
    }
    memset(key, 0, sizeof key);
    if (status == CLI_OK) status = write_manifest(&r);
    if (status == CLI_OK) status = finish(&r);
    remove_tmp(&r);
    onc_research_free(r.r);
    return status;
}
