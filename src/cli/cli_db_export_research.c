/* cli_db_export_research.c: `oncoboard db export --format research -o DIR --key FILE [--project NAME]`.
 *
 * A pseudonymised research export of the patients who consented to research (patients.
 * consent_research = 1; the others are left out and counted): each patient's case as the
 * registry rebuilds it, pseudonymised by pseudo.h (pseudonym, per-patient date shift, age instead
 * of the birth date, no free text, no file paths or lab sample names) and written by the case
 * writer to DIR/PSEUDONYM.json, with DIR/manifest.json saying what was removed or transformed.
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
#include "oncoboard/jsonw.h"
#include "oncoboard/kb.h"
#include "oncoboard/keyfile.h"
#include "oncoboard/pseudo.h"
#include "oncoboard/version.h"

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CMD "db export"
#define DEFAULT_PROJECT "default"

typedef struct exported {
    char pseudonym[ONC_PSEUDONYM_SIZE];
    onc_age_basis age;
} exported_t;

typedef struct research {
    const cli_export_args_t *a;
    const char *project;
    onc_pseudo_t *pseudo;
    char tmp[4096];          /* the folder being written, renamed to a->out at the end */
    onc_date_t today;
    char generated[32];
    exported_t *done;        /* the patients written, n_done of them */
    size_t n_done, n_refused, n_unknown;
    size_t n_unnamed;        /* lab-file variants without a name, left out (onc_case_drop_unnamed_variants) */
    char list_digest[2 * SHA256_DIGEST_SIZE + 1];
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

/* ---- one patient ---- */

/* patients.consent_research of id: ONC_TRI_TRUE only when it is 1. */
static int consent_of(onc_db_t *db, const char *id, onc_tri *consent)
{
    onc_err_t err = {0};
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT consent_research FROM patients WHERE external_id = ?", &st, &err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, id, &err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, &err);
    if (rc == ONC_OK && !row) rc = onc_err_set(&err, ONC_ENOTFOUND, "patient %s is not in the registry", id);
    *consent = ONC_TRI_UNKNOWN;
    if (rc == ONC_OK && !onc_db_column_is_null(st, 0))
        *consent = onc_db_column_int64(st, 0) == 1 ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    onc_db_finalize(st);
    if (rc != ONC_OK) cli_error(CMD, "%s", err.msg);
    return rc == ONC_OK ? CLI_OK : cli_status_of(rc);
}

static int export_patient(onc_db_t *db, research_t *r, const char *id, exported_t *out)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    onc_rc rc = onc_store_get_case(db, id, onc_audit_os_actor(), &c, &err);
    if (rc == ONC_OK) rc = onc_pseudo_case(r->pseudo, c, r->today, &out->age, &err);
    if (rc != ONC_OK) {
        /* the message may name the patient: it goes to the operator's terminal, not the export */
        cli_error(CMD, "%s", err.msg);
        onc_case_free(c);
        return cli_status_of(rc);
    }
    snprintf(out->pseudonym, sizeof out->pseudonym, "%s", c->id);
    r->n_unnamed += onc_case_drop_unnamed_variants(c);
    char *path = cli_export_path(r->tmp, c->id, ".json");
    int status = path ? cli_write_case_file(CMD, path, c) : (cli_error(CMD, "out of memory"), CLI_INTERNAL);
    free(path);
    onc_case_free(c);
    return status;
}

static int export_patients(onc_db_t *db, research_t *r, const char *const *ids, size_t n)
{
    if (n && !(r->done = calloc(n, sizeof *r->done))) return cli_error(CMD, "out of memory"), CLI_INTERNAL;
    for (size_t i = 0; i < n; i++) {
        onc_tri consent;
        int status = consent_of(db, ids[i], &consent);
        if (status != CLI_OK) return status;
        if (consent == ONC_TRI_FALSE) r->n_refused++;
        else if (consent == ONC_TRI_UNKNOWN) r->n_unknown++;
        else if ((status = export_patient(db, r, ids[i], &r->done[r->n_done++])) != CLI_OK) return status;
    }
    return CLI_OK;
}

static int cmp_exported(const void *a, const void *b)
{
    return strcmp(((const exported_t *)a)->pseudonym, ((const exported_t *)b)->pseudonym);
}

/* Sorts the pseudonyms, refuses a collision (two patients, one file) and digests the list. */
static int digest_list(research_t *r)
{
    struct sha256_ctx h;
    uint8_t d[SHA256_DIGEST_SIZE];
    qsort(r->done, r->n_done, sizeof *r->done, cmp_exported);
    sha256_init(&h);
    for (size_t i = 0; i < r->n_done; i++) {
        if (i && strcmp(r->done[i].pseudonym, r->done[i - 1].pseudonym) == 0) {
            cli_error(CMD, "two patients have the pseudonym %s: export with another --project or key", r->done[i].pseudonym);
            return CLI_INTERNAL;
        }
        sha256_update(&h, strlen(r->done[i].pseudonym), (const uint8_t *)r->done[i].pseudonym);
        sha256_update(&h, 1, (const uint8_t *)"\n");
    }
    sha256_digest(&h, sizeof d, d);
    onc_hex_encode(d, sizeof d, r->list_digest);
    return CLI_OK;
}

/* ---- the manifest ---- */

/* ",\n  "KEY": " (the first member without the comma) */
static void manifest_key(FILE *fp, const char *key, bool first)
{
    fputs(first ? "\n  " : ",\n  ", fp);
    onc_jsonw_string(fp, key);
    fputs(": ", fp);
}

static void manifest_strings(FILE *fp, const char *key, const char *const *v)
{
    manifest_key(fp, key, false);
    fputc('[', fp);
    for (size_t i = 0; v[i]; i++) {
        fputs(i ? ",\n    " : "\n    ", fp);
        onc_jsonw_string(fp, v[i]);
    }
    fputs("\n  ]", fp);
}

static void manifest_member(FILE *fp, const char *key, const char *value)
{
    manifest_key(fp, key, false);
    onc_jsonw_string(fp, value);
}

static const char *const removed_fields[] = {
    "id: replaced by the pseudonym",
    "birth_date: replaced by age",
    "enrolments[].reason: free text",
    "samples[].id: the lab's sample keys, replaced by PSEUDONYM-S1, -S2 ... (one-sample cases: the pseudonym)",
    "molecular.files: lab file paths; the files' alterations are typed entries, without file, line, "
    "sample name, header or coordinates",
    "fields of the imported case file that the format does not define, and its notes (keys that start with an underscore)",
    "the load's warnings (they quote file names and lines)",
    "variants of lab files without a gene annotation (unannotated VCF records), counted in "
    "unnamed_variants_left_out: only their coordinates would name them",
    NULL,
};

static const char *const transformed_fields[] = {
    "age: whole years at the date of diagnosis, else at reference_date (see files[].age_at); "
    "90 for 90 or older",
    "every date (diagnosis.date, outcome.death_date, outcome.last_follow_up, labs[].date, therapies[].start, end, progression_date, enrolments[].date, "
    "samples[].collected): moved by the patient's date shift",
    NULL,
};

static void manifest_body(FILE *fp, const research_t *r, const char *kb_version)
{
    char today[11], num[64];
    fputc('{', fp);
    manifest_key(fp, "format", true);
    onc_jsonw_string(fp, "oncoboard research export");
    fputs(",\n  \"manifest_version\": 1", fp);
    manifest_member(fp, "project", r->project);
    manifest_member(fp, "created", r->generated);
    manifest_member(fp, "reference_date", onc_date_format(r->today, today));
    manifest_member(fp, "oncoboard_version", ONC_VERSION);
    manifest_member(fp, "kb_version", kb_version);
    fprintf(fp, ",\n  \"case_format\": %d,\n  \"patients\": %zu,\n  \"unnamed_variants_left_out\": %zu", ONC_CASE_FORMAT,
            r->n_done, r->n_unnamed);
    manifest_member(fp, "pseudonym_list_sha256", r->list_digest);
    manifest_member(fp, "pseudonym",
                    "PSN- and the first 16 hex digits of HMAC-SHA-256(project key, "
                    "\"oncoboard-research-1\", \"patient\", project, registry patient id); the key is not in the export");
    snprintf(num, sizeof num, "%d", ONC_PSEUDO_MAX_SHIFT);
    fprintf(fp, ",\n  \"date_shift_max_days\": %s", num);
    manifest_member(fp, "date_shift",
                    "every date of a patient moved by one whole number of days, never 0, at most date_shift_max_days "
                    "either way, from HMAC-SHA-256(project key, \"oncoboard-research-1\", \"date-shift\", project, "
                    "registry patient id): intervals between a patient's dates are kept exactly");
    manifest_strings(fp, "removed", removed_fields);
    manifest_strings(fp, "transformed", transformed_fields);
    fputs(",\n  \"files\": [", fp);
    for (size_t i = 0; i < r->n_done; i++) {
        fprintf(fp, "%s\n    {\"file\": \"%s.json\", \"age_at\": ", i ? "," : "", r->done[i].pseudonym);
        onc_jsonw_string(fp, onc_age_basis_names[r->done[i].age]);
        fputc('}', fp);
    }
    fputs(r->n_done ? "\n  ]\n}\n" : "]\n}\n", fp);
}

static int write_manifest(research_t *r)
{
    onc_err_t err = {0};
    onc_kb_t *kb = onc_kb_load(NULL, &err);
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.json", r->tmp);
    cli_output_t out;
    int status = CLI_BAD_INPUT;
    if (cli_output_open(&out, path) == 0) {
        manifest_body(out.fp, r, kb ? onc_kb_version(kb) : "unknown");
        status = cli_output_commit(&out) ? CLI_BAD_INPUT : CLI_OK;
    }
    onc_kb_free(kb);
    return status;
}

/* ---- the audit entry and the command ---- */

static int audit_export(onc_db_t *db, const research_t *r)
{
    char detail[512];
    snprintf(detail, sizeof detail,
             "research export: project %s, %zu patients, %zu left out (%zu refused, %zu consent unknown), "
             "pseudonym list sha256 %s",
             r->project, r->n_done, r->n_refused + r->n_unknown, r->n_refused, r->n_unknown, r->list_digest);
    onc_audit_entry_t e = {onc_audit_os_actor(), "export", "research_export", r->project, NULL, detail};
    onc_err_t err = {0};
    if (onc_audit_append(db, &e, &err) == ONC_OK) return CLI_OK;
    cli_error(CMD, "%s", err.msg);
    return cli_status_of(err.code);
}

static int finish(research_t *r)
{
    if (rename(r->tmp, r->a->out) != 0) {
        cli_error(CMD, "%s: cannot rename %s to it: %s", r->a->out, r->tmp, strerror(errno));
        return CLI_BAD_INPUT;
    }
    r->tmp[0] = '\0';
    onc_sync_parent_dir(r->a->out);
    fprintf(stderr, "oncoboard %s: %zu patients written to %s (project %s); %zu left out without research consent "
                    "(%zu refused, %zu unknown)\n",
            CMD, r->n_done, r->a->out, r->project, r->n_refused + r->n_unknown, r->n_refused, r->n_unknown);
    return CLI_OK;
}

int cli_export_research(onc_db_t *db, const cli_export_args_t *a, const char *const *ids, size_t n)
{
    research_t r = {.a = a, .project = a->project ? a->project : DEFAULT_PROJECT};
    uint8_t key[ONC_KEY_BYTES];
    onc_err_t err = {0};
    int status = make_tmp(&r);
    if (status == CLI_OK) status = load_key(a, key);
    if (status == CLI_OK && !(r.pseudo = onc_pseudo_new(key, r.project, &err))) {
        cli_error(CMD, "--project: %s", err.msg);
        status = cli_status_of(err.code);
    }
    memset(key, 0, sizeof key);
    r.today = cli_today_utc(r.generated);
    if (status == CLI_OK) status = export_patients(db, &r, ids, n);
    if (status == CLI_OK) status = digest_list(&r);
    if (status == CLI_OK) status = write_manifest(&r);
    if (status == CLI_OK) status = audit_export(db, &r);
    if (status == CLI_OK) status = finish(&r);
    remove_tmp(&r);
    onc_pseudo_free(r.pseudo);
    free(r.done);
    return status;
}
