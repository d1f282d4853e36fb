/* store_research.c: the pseudonymised research export (store_research.h), shared by the command
 * line, which writes a folder, and the server, which answers one JSON document. The rules, and
 * where each comes from, are docs/registry.md's "Research export" table; this file applies them in
 * order: consent, the case read and pseudonymised (pseudo.h), unnamed variants dropped, then the
 * list of pseudonyms checked and digested and the export audited once. */
#include "store_case_int.h"

#include "oncoboard/audit.h"
#include "oncoboard/store.h"
#include "oncoboard/store_research.h"
#include "oncoboard/version.h"

#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct exported {
    char pseudonym[ONC_PSEUDONYM_SIZE];
    onc_age_basis age;
} exported_t;

struct onc_research {
    char project[ONC_PSEUDO_PROJECT_MAX + 1];
    char created[32];
    onc_date_t today;
    exported_t *done; /* the patients exported, sorted by pseudonym at the end */
    size_t n_done, n_refused, n_unknown;
    size_t n_unnamed; /* lab-file variants without a name, left out (onc_case_drop_unnamed_variants) */
    char list_digest[2 * SHA256_DIGEST_SIZE + 1];
};

static onc_rc oom(onc_err_t *err) { return onc_err_set(err, ONC_ENOMEM, "out of memory"); }

void onc_research_free(onc_research_t *r)
{
    if (!r) return;
    free(r->done);
    free(r);
}

size_t onc_research_exported(const onc_research_t *r) { return r->n_done; }
size_t onc_research_refused(const onc_research_t *r) { return r->n_refused; }
size_t onc_research_unknown(const onc_research_t *r) { return r->n_unknown; }
const char *onc_research_project(const onc_research_t *r) { return r->project; }

/* patients.consent_research of id: ONC_TRI_TRUE only when it is 1. */
static onc_rc consent_of(onc_db_stmt_t *st, const char *id, onc_tri *consent, onc_err_t *err)
{
    bool row = false;
    onc_rc rc = onc_db_bind_text(st, 1, id, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && !row) rc = onc_err_set(err, ONC_ENOTFOUND, "patient %s is not in the registry", id);
    *consent = ONC_TRI_UNKNOWN;
    if (rc == ONC_OK && !onc_db_column_is_null(st, 0))
        *consent = onc_db_column_int64(st, 0) == 1 ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    onc_err_t ignored = {0};
    onc_db_reset(st, &ignored);
    return rc;
}

static onc_rc export_patient(onc_db_t *db, onc_research_t *r, const onc_pseudo_t *pseudo, const char *id,
                             const char *actor, onc_research_case_fn fn, void *ctx, onc_err_t *err)
{
    onc_case_t *c = NULL;
    exported_t *out = &r->done[r->n_done];
    onc_rc rc = onc_store_get_case(db, id, actor, &c, err);
    if (rc == ONC_OK) rc = onc_pseudo_case(pseudo, c, r->today, &out->age, err);
    if (rc == ONC_OK) {
        snprintf(out->pseudonym, sizeof out->pseudonym, "%s", c->id);
        r->n_unnamed += onc_case_drop_unnamed_variants(c);
        rc = fn(c, out->age, ctx, err);
    }
    if (rc == ONC_OK) r->n_done++;
    onc_case_free(c);
    return rc;
}

static onc_rc export_patients(onc_db_t *db, onc_research_t *r, const onc_pseudo_t *pseudo, const char *const *ids,
                              size_t n, const char *actor, onc_research_case_fn fn, void *ctx, onc_err_t *err)
{
    if (n && !(r->done = calloc(n, sizeof *r->done))) return oom(err);
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "SELECT consent_research FROM patients WHERE external_id = ?", &st, err);
    for (size_t i = 0; rc == ONC_OK && i < n; i++) {
        onc_tri consent;
        rc = consent_of(st, ids[i], &consent, err);
        if (rc != ONC_OK) break;
        if (consent == ONC_TRI_FALSE) r->n_refused++;
        else if (consent == ONC_TRI_UNKNOWN) r->n_unknown++;
        else rc = export_patient(db, r, pseudo, ids[i], actor, fn, ctx, err);
    }
    onc_db_finalize(st);
    return rc;
}

static int cmp_exported(const void *a, const void *b)
{
    return strcmp(((const exported_t *)a)->pseudonym, ((const exported_t *)b)->pseudonym);
}

/* Sorts the pseudonyms, refuses a collision (two patients, one file) and digests the list. */
static onc_rc digest_list(onc_research_t *r, onc_err_t *err)
{
    struct sha256_ctx h;
    uint8_t d[SHA256_DIGEST_SIZE];
    if (r->n_done) qsort(r->done, r->n_done, sizeof *r->done, cmp_exported);
    sha256_init(&h);
    for (size_t i = 0; i < r->n_done; i++) {
        if (i && strcmp(r->done[i].pseudonym, r->done[i - 1].pseudonym) == 0)
            return onc_err_set(err, ONC_ECONFLICT, "two patients have the pseudonym %s: export with another project or key",
                               r->done[i].pseudonym);
        sha256_update(&h, strlen(r->done[i].pseudonym), (const uint8_t *)r->done[i].pseudonym);
        sha256_update(&h, 1, (const uint8_t *)"\n");
    }
    sha256_digest(&h, sizeof d, d);
    onc_hex_encode(d, sizeof d, r->list_digest);
    return ONC_OK;
}

static onc_rc audit_export(onc_db_t *db, const onc_research_t *r, const char *actor, onc_err_t *err)
{
    char detail[512];
    snprintf(detail, sizeof detail,
             "research export: project %s, %zu patients, %zu left out (%zu refused, %zu consent unknown), "
             "pseudonym list sha256 %s",
             r->project, r->n_done, r->n_refused + r->n_unknown, r->n_refused, r->n_unknown, r->list_digest);
    onc_audit_entry_t e = {actor, "export", "research_export", r->project, NULL, detail};
    return onc_audit_append(db, &e, err);
}

onc_rc onc_research_export(onc_db_t *db, const uint8_t key[ONC_KEY_BYTES], const onc_research_opts_t *opts,
                           const char *const *ids, size_t n, onc_research_case_fn fn, void *ctx,
                           onc_research_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_rc rc = store_need_transaction(db, "research export", err);
    if (rc != ONC_OK) return rc;
    const char *project = opts->project ? opts->project : ONC_RESEARCH_DEFAULT_PROJECT;
    const char *actor = opts->actor ? opts->actor : onc_audit_os_actor();
    onc_pseudo_t *pseudo = onc_pseudo_new(key, project, err);
    if (!pseudo) return err && err->code ? err->code : ONC_EINVAL;
    onc_research_t *r = calloc(1, sizeof *r);
    if (!r) return onc_pseudo_free(pseudo), oom(err);
    snprintf(r->project, sizeof r->project, "%s", project);
    snprintf(r->created, sizeof r->created, "%s", opts->created ? opts->created : "");
    r->today = opts->today;
    rc = export_patients(db, r, pseudo, ids, n, actor, fn, ctx, err);
    onc_pseudo_free(pseudo);
    if (rc == ONC_OK) rc = digest_list(r, err);
    if (rc == ONC_OK) rc = audit_export(db, r, actor, err);
    if (rc != ONC_OK) return onc_research_free(r), rc;
    *out = r;
    return ONC_OK;
}

/* ---- the manifest ---- */

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

static json_t *string_list(const char *const *v)
{
    json_t *a = json_array();
    for (size_t i = 0; a && v[i]; i++)
        if (json_array_append_new(a, json_string(v[i]))) json_decref(a), a = NULL;
    return a;
}

static json_t *file_list(const onc_research_t *r)
{
    json_t *a = json_array();
    char name[ONC_PSEUDONYM_SIZE + 8];
    for (size_t i = 0; a && i < r->n_done; i++) {
        snprintf(name, sizeof name, "%s.json", r->done[i].pseudonym);
        if (json_array_append_new(a, json_pack("{s:s,s:s}", "file", name, "age_at", onc_age_basis_names[r->done[i].age])))
            json_decref(a), a = NULL;
    }
    return a;
}

json_t *onc_research_manifest(const onc_research_t *r, const char *kb_version)
{
    char today[11];
    return json_pack(
        "{s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:i,s:I,s:I,s:s,s:s,s:i,s:s,s:o,s:o,s:o}", "format", "oncoboard research export",
        "manifest_version", 1, "project", r->project, "created", r->created, "reference_date",
        onc_date_format(r->today, today), "oncoboard_version", ONC_VERSION, "kb_version", kb_version, "case_format",
        ONC_CASE_FORMAT, "patients", (json_int_t)r->n_done, "unnamed_variants_left_out", (json_int_t)r->n_unnamed,
        "pseudonym_list_sha256", r->list_digest, "pseudonym",
        "PSN- and the first 16 hex digits of HMAC-SHA-256(project key, \"oncoboard-research-1\", \"patient\", project, "
        "registry patient id); the key is not in the export",
        "date_shift_max_days", ONC_PSEUDO_MAX_SHIFT, "date_shift",
        "every date of a patient moved by one whole number of days, never 0, at most date_shift_max_days either way, "
        "from HMAC-SHA-256(project key, \"oncoboard-research-1\", \"date-shift\", project, registry patient id): "
        "intervals between a patient's dates are kept exactly",
        "removed", string_list(removed_fields), "transformed", string_list(transformed_fields), "files", file_list(r));
}
