/* store_match.c: the registry matched against its trial portfolio, incrementally
 * (store_match.h, docs/registry.md "Matching the registry").
 *
 * What changed since the last run decides what is evaluated. A trial is changed when its active
 * version, the knowledge base's version or the options differ from what match_trial_inputs
 * recorded; a patient is changed when their case's digest differs from match_patient_inputs'
 * (a SHA-256 of the case text and its `current` flag, and of updated_at for a case edited in the
 * registry). Only patients whose updated_at moved, or fell in the second of their last match, are
 * digested at all, so that a run after one new patient reads one case text. Changed patients are
 * matched against every trial, the other patients against the changed trials only; the engine's
 * rows are then merged into match_results patient by patient (add, keep, disable, re-enable).
 */
#include "store_case_int.h"

#include "oncoboard/audit.h"
#include "oncoboard/classify.h"
#include "oncoboard/kb.h"
#include "oncoboard/store.h"
#include "oncoboard/store_match.h"
#include "oncoboard/store_trials.h"

#include <jansson.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REASON_TRIAL "trial changed"
#define REASON_PATIENT "patient changed"
#define REASON_KB "knowledge base changed"
#define REASON_GONE "no longer matches"

enum {
    S_RUN_INSERT, S_RUN_UPDATE, S_TRIAL_INPUTS, S_PATIENTS, S_CANDIDATES, S_COUNT, S_SOURCE, S_ROWS, S_INSERT, S_KEEP, S_REENABLE,
    S_DISABLE, S_PAT_INPUT, S_TRIAL_INPUT, S_N
};

static const char *const run_sql[S_N] = {
    [S_RUN_INSERT] = "INSERT INTO match_runs (started_at, finished_at, actor, options, kb_version, full_run, patients, "
                     "trials, patients_matched, trials_matched, pairs, added, kept, disabled, reenabled) "
                     "VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0) RETURNING id",
    [S_RUN_UPDATE] = "UPDATE match_runs SET finished_at = ?, patients = ?, trials = ?, patients_matched = ?, "
                     "trials_matched = ?, pairs = ?, added = ?, kept = ?, disabled = ?, reenabled = ? WHERE id = ?",
    [S_TRIAL_INPUTS] = "SELECT trial_key, trial_version, kb_version, options FROM match_trial_inputs",
#define PATIENT_ROWS                                                                                           \
    "SELECT p.id, p.external_id, p.updated_at, i.updated_at, i.digest, i.matched_at FROM patients p "          \
    "LEFT JOIN match_patient_inputs i ON i.patient_id = p.id "
    [S_PATIENTS] = PATIENT_ROWS "ORDER BY p.id",
    /* push_patient's test, in SQL: a run where no trial changed reads only these */
    [S_CANDIDATES] = PATIENT_ROWS "WHERE i.patient_id IS NULL OR i.updated_at <> p.updated_at "
                     "OR p.updated_at >= i.matched_at ORDER BY p.id",
    [S_COUNT] = "SELECT count(*) FROM patients",
    [S_SOURCE] = "SELECT text, current FROM case_sources WHERE patient_id = ?",
    [S_ROWS] = "SELECT id, trial_key, level, internal_id, arm, status, still_valid FROM match_results "
               "WHERE patient_id = ?",
    [S_INSERT] = "INSERT INTO match_results (trial_id, trial_version, reasons, unknown, failed, last_seen, patient_id, "
                 "trial_key, level, internal_id, arm, status, first_seen, still_valid) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
    [S_KEEP] = "UPDATE match_results SET trial_id = ?, trial_version = ?, reasons = ?, unknown = ?, failed = ?, "
               "last_seen = ? WHERE id = ?",
    [S_REENABLE] = "UPDATE match_results SET trial_id = ?, trial_version = ?, reasons = ?, unknown = ?, failed = ?, "
                   "last_seen = ?, still_valid = 1, change_reason = ? WHERE id = ?",
    [S_DISABLE] = "UPDATE match_results SET still_valid = 0, change_reason = ? WHERE id = ?",
    [S_PAT_INPUT] = "INSERT INTO match_patient_inputs (patient_id, updated_at, digest, matched_at, run_id) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (patient_id) DO UPDATE SET updated_at = excluded.updated_at, "
                    "digest = excluded.digest, matched_at = excluded.matched_at, run_id = excluded.run_id",
    [S_TRIAL_INPUT] = "INSERT INTO match_trial_inputs (trial_key, trial_version, kb_version, options, run_id) "
                      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (trial_key) DO UPDATE SET "
                      "trial_version = excluded.trial_version, kb_version = excluded.kb_version, "
                      "options = excluded.options, run_id = excluded.run_id",
};

typedef struct trial_state {
    char *key;
    int version;
    int64_t id;
    const char *reason; /* why it is matched again (NULL: unchanged) */
} trial_state_t;

typedef struct pat_state {
    int64_t id;
    char *ext, *updated_at;
    bool known, candidate, changed;
    char *old_digest;
    char digest[65];
    onc_case_t *c;
    onc_classification_t *cl;
    onc_match_patient_t *mp;
    const onc_match_row_t **rows; /* the engine's rows for this patient */
    size_t n_rows, cap_rows;
} pat_state_t;

typedef struct run {
    onc_db_t *db;
    const onc_match_ctx_t *ctx;
    const onc_store_match_opts_t *o;
    onc_match_opts_t mopts;
    const char *actor, *kb_version;
    char now[32], options[256];
    trial_state_t *trials;
    size_t n_trials, n_changed_trials;
    pat_state_t *pats;     /* the patients read: all of them, or the candidates only */
    size_t n_pats, cap_pats;
    size_t n_patients;     /* in the registry */
    onc_trials_t *portfolio;
    onc_match_result_t **results;
    size_t n_results;
    onc_db_stmt_t *st[S_N];
    onc_store_match_summary_t *sum;
    bool oom;
    onc_err_t *err;
} run_t;

static onc_rc oom(onc_err_t *err) { return onc_err_set(err, ONC_ENOMEM, "out of memory"); }

static char *dup_col(onc_db_stmt_t *st, int col, onc_rc *rc)
{
    const char *s = onc_db_column_text(st, col);
    char *d = s ? strdup(s) : NULL;
    if (s && !d) *rc = ONC_ENOMEM;
    return d;
}

void onc_store_match_opts_init(onc_store_match_opts_t *o)
{
    memset(o, 0, sizeof *o);
    onc_match_opts_init(&o->match);
}

/* ---- the trials ---- */

static int collect_trial(const onc_store_trial_version_t *v, void *ctx)
{
    run_t *r = ctx;
    trial_state_t *t = realloc(r->trials, (r->n_trials + 1) * sizeof *t);
    if (!t) return r->oom = true, 1;
    r->trials = t;
    t = &r->trials[r->n_trials];
    *t = (trial_state_t){.key = strdup(v->key), .version = v->version, .id = v->id};
    if (!t->key) return r->oom = true, 1;
    r->n_trials++;
    return 0;
}

static trial_state_t *find_trial(run_t *r, const char *key)
{
    for (size_t i = 0; i < r->n_trials; i++)
        if (strcmp(r->trials[i].key, key) == 0) return &r->trials[i];
    return NULL;
}

/* Which active trials changed since their inputs were recorded, and why. */
static onc_rc changed_trials(run_t *r)
{
    onc_rc rc = onc_store_trials_list(r->db, r->actor, collect_trial, r, r->err);
    if (rc == ONC_OK && r->oom) rc = oom(r->err);
    for (size_t i = 0; i < r->n_trials; i++) r->trials[i].reason = REASON_TRIAL; /* new unless recorded */
    onc_db_stmt_t *st = r->st[S_TRIAL_INPUTS];
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, r->err)) == ONC_OK && row) {
        trial_state_t *t = find_trial(r, onc_db_column_text(st, 0));
        if (!t) continue;
        const char *kb = onc_db_column_text(st, 2), *opts = onc_db_column_text(st, 3);
        if (onc_db_column_int64(st, 1) != t->version) t->reason = REASON_TRIAL;
        else if (!kb || strcmp(kb, r->kb_version) != 0) t->reason = REASON_KB;
        else if (!opts || strcmp(opts, r->options) != 0) t->reason = REASON_GONE;
        else t->reason = r->o->full ? REASON_GONE : NULL;
    }
    onc_err_t ignored = {0};
    onc_db_reset(st, &ignored);
    for (size_t i = 0; i < r->n_trials; i++) r->n_changed_trials += r->trials[i].reason != NULL;
    return rc;
}

/* ---- the patients ---- */

static onc_rc push_patient(run_t *r, onc_db_stmt_t *st)
{
    if (r->n_pats == r->cap_pats) {
        size_t cap = r->cap_pats ? 2 * r->cap_pats : 256;
        pat_state_t *v = realloc(r->pats, cap * sizeof *v);
        if (!v) return oom(r->err);
        r->pats = v, r->cap_pats = cap;
    }
    pat_state_t *p = &r->pats[r->n_pats++];
    memset(p, 0, sizeof *p);
    onc_rc rc = ONC_OK;
    p->id = onc_db_column_int64(st, 0);
    p->ext = dup_col(st, 1, &rc);
    p->updated_at = dup_col(st, 2, &rc);
    p->known = !onc_db_column_is_null(st, 4);
    p->old_digest = dup_col(st, 4, &rc);
    const char *seen = onc_db_column_text(st, 3), *matched = onc_db_column_text(st, 5);
    /* updated in the very second of their last match: that match may not have seen the update */
    p->candidate = !p->known || r->o->full || !seen || !p->updated_at || strcmp(seen, p->updated_at) != 0 ||
                   !matched || strcmp(p->updated_at, matched) >= 0;
    return rc == ONC_OK ? ONC_OK : oom(r->err);
}

static void hex_digest(struct sha256_ctx *h, char out[65])
{
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(h, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* The digest of p's case: its text and current flag; updated_at too when the registry's rows are
 * no longer what the text says (an edit made in the registry leaves the text as it was). */
static onc_rc digest_patient(run_t *r, pat_state_t *p)
{
    onc_db_stmt_t *st = r->st[S_SOURCE];
    bool row = false;
    onc_rc rc = onc_db_bind_int64(st, 1, p->id, r->err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, r->err);
    struct sha256_ctx h;
    sha256_init(&h);
    const char *text = row ? onc_db_column_text(st, 0) : NULL;
    bool current = row && onc_db_column_int64(st, 1) == 1;
    sha256_update(&h, 2, (const uint8_t *)(current ? "1" : "0"));
    if (text) sha256_update(&h, strlen(text), (const uint8_t *)text);
    if (!current && p->updated_at) sha256_update(&h, strlen(p->updated_at) + 1, (const uint8_t *)p->updated_at);
    hex_digest(&h, p->digest);
    onc_err_t ignored = {0};
    onc_db_reset(st, rc == ONC_OK ? r->err : &ignored);
    p->changed = r->o->full || !p->old_digest || strcmp(p->old_digest, p->digest) != 0;
    return rc;
}

/* Every patient when a trial changed (each is matched against it), else only the candidates,
 * with the number of patients counted apart. */
static onc_rc read_patients(run_t *r)
{
    bool all = r->n_changed_trials > 0 || r->o->full;
    onc_db_stmt_t *st = r->st[all ? S_PATIENTS : S_CANDIDATES];
    bool row = true;
    onc_rc rc = ONC_OK;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, r->err)) == ONC_OK && row) rc = push_patient(r, st);
    onc_err_t ignored = {0};
    onc_db_reset(st, &ignored);
    r->n_patients = r->n_pats;
    if (rc == ONC_OK && !all && (rc = onc_db_step(r->st[S_COUNT], &row, r->err)) == ONC_OK && row)
        r->n_patients = (size_t)onc_db_column_int64(r->st[S_COUNT], 0);
    onc_db_reset(r->st[S_COUNT], &ignored);
    for (size_t i = 0; rc == ONC_OK && i < r->n_pats; i++)
        if (r->pats[i].candidate) rc = digest_patient(r, &r->pats[i]);
    return rc;
}

/* Reads, classifies and prepares p for the engine (the read audited by the store). */
static onc_rc load_patient(run_t *r, pat_state_t *p)
{
    onc_classify_opts_t co;
    onc_classify_opts_init(&co);
    co.kb_dir = r->o->kb_dir;
    co.today = r->mopts.comparison_date;
    onc_rc rc = onc_store_get_case(r->db, p->ext, r->actor, &p->c, r->err);
    if (rc == ONC_OK) rc = onc_classify(p->c, r->ctx->kb, &co, &p->cl, r->err);
    if (rc == ONC_OK) rc = onc_match_patient_from_case(p->c, p->cl, r->ctx, &p->mp, r->err);
    return rc;
}

/* ---- matching ---- */

static onc_rc keep_result(run_t *r, onc_match_result_t *res)
{
    onc_match_result_t **v = realloc(r->results, (r->n_results + 1) * sizeof *v);
    if (!v) return onc_match_result_free(res), oom(r->err);
    r->results = v;
    r->results[r->n_results++] = res;
    return ONC_OK;
}

/* Hands the rows of res to their patients (pats[i] matched as patients[i]). */
static onc_rc distribute(run_t *r, const onc_match_result_t *res, pat_state_t **pats, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < onc_match_result_rows(res); i++) {
        const onc_match_row_t *row = onc_match_result_row(res, i);
        while (k < n && pats[k]->mp != row->patient) k++; /* rows come grouped in patient order */
        if (k == n) return onc_err_set(r->err, ONC_EINTERNAL, "a match row of an unknown patient");
        pat_state_t *p = pats[k];
        if (p->n_rows == p->cap_rows) {
            size_t cap = p->cap_rows ? 2 * p->cap_rows : 8;
            const onc_match_row_t **v = realloc(p->rows, cap * sizeof *v);
            if (!v) return oom(r->err);
            p->rows = v, p->cap_rows = cap;
        }
        p->rows[p->n_rows++] = row;
    }
    return ONC_OK;
}

/* Matches pats (n) against the whole portfolio (trial NULL) or one trial. */
static onc_rc match_some(run_t *r, pat_state_t **pats, size_t n, const char *trial)
{
    if (n == 0) return ONC_OK;
    const onc_match_patient_t **mps = malloc(n * sizeof *mps);
    if (!mps) return oom(r->err);
    for (size_t i = 0; i < n; i++) mps[i] = pats[i]->mp;
    onc_match_opts_t o = r->mopts;
    o.trial_id = trial;
    onc_match_result_t *res = NULL;
    onc_rc rc = onc_match_run(r->portfolio, mps, n, &o, r->ctx, &res, r->err);
    free(mps);
    if (rc == ONC_OK) rc = keep_result(r, res);
    if (rc == ONC_OK) rc = distribute(r, res, pats, n);
    return rc;
}

/* Loads the patients to evaluate and runs the engine: changed patients against every trial,
 * the others against each changed trial. */
static onc_rc evaluate(run_t *r)
{
    size_t n_changed = 0, n_other = 0;
    for (size_t i = 0; i < r->n_pats; i++) r->pats[i].changed ? n_changed++ : n_other++;
    if (n_changed == 0 && (r->n_changed_trials == 0 || n_other == 0)) return ONC_OK;
    onc_rc rc = onc_store_trials_active(r->db, r->ctx, r->actor, NULL, 0, &r->portfolio, r->err);
    pat_state_t **changed = calloc(n_changed + 1, sizeof *changed), **other = calloc(n_other + 1, sizeof *other);
    if (rc == ONC_OK && (!changed || !other)) rc = oom(r->err);
    size_t a = 0, b = 0;
    for (size_t i = 0; rc == ONC_OK && i < r->n_pats; i++) {
        pat_state_t *p = &r->pats[i];
        if (!p->changed && r->n_changed_trials == 0) continue;
        rc = load_patient(r, p);
        if (p->changed) changed[a++] = p;
        else other[b++] = p;
    }
    if (rc == ONC_OK) rc = match_some(r, changed, a, NULL);
    for (size_t t = 0; rc == ONC_OK && t < r->n_trials; t++)
        if (r->trials[t].reason) rc = match_some(r, other, b, r->trials[t].key);
    r->sum->patients_matched = a;
    r->sum->trials_matched = r->n_changed_trials;
    r->sum->pairs = a * r->n_trials + b * r->n_changed_trials;
    free(changed), free(other);
    return rc;
}

/* ---- merging into match_results ---- */

typedef struct stored_row {
    int64_t id;
    char *trial_key, *level, *internal_id, *arm, *status;
    bool valid, seen;
} stored_row_t;

static void free_stored(stored_row_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].trial_key), free(v[i].level), free(v[i].internal_id), free(v[i].arm), free(v[i].status);
    free(v);
}

static onc_rc read_stored(run_t *r, const pat_state_t *p, stored_row_t **out, size_t *n)
{
    onc_db_stmt_t *st = r->st[S_ROWS];
    *out = NULL, *n = 0;
    size_t cap = 0;
    bool row = true;
    onc_rc rc = onc_db_bind_int64(st, 1, p->id, r->err);
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, r->err)) == ONC_OK && row) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            stored_row_t *v = realloc(*out, cap * sizeof *v);
            if (!v) {
                rc = oom(r->err);
                break;
            }
            *out = v;
        }
        stored_row_t *s = &(*out)[(*n)++];
        memset(s, 0, sizeof *s);
        s->id = onc_db_column_int64(st, 0);
        s->trial_key = dup_col(st, 1, &rc), s->level = dup_col(st, 2, &rc), s->internal_id = dup_col(st, 3, &rc);
        s->arm = dup_col(st, 4, &rc), s->status = dup_col(st, 5, &rc);
        s->valid = onc_db_column_int64(st, 6) == 1;
        if (rc == ONC_ENOMEM) rc = oom(r->err);
    }
    onc_err_t ignored = {0};
    onc_db_reset(st, rc == ONC_OK ? r->err : &ignored);
    return rc;
}

static bool same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* The stored row a new one continues: same trial, clause (level, internal id, arm) and status. */
static stored_row_t *find_stored(stored_row_t *v, size_t n, const onc_match_row_t *row)
{
    const char *status = onc_match_status_name(row->status);
    for (size_t i = 0; i < n; i++)
        if (!v[i].seen && same(v[i].trial_key, onc_trial_id(row->trial)) && same(v[i].level, row->level) &&
            same(v[i].internal_id, row->internal_id) && same(v[i].arm, row->arm) && same(v[i].status, status))
            return &v[i];
    return NULL;
}

static char *json_list(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_string(v[i]))) json_decref(a), a = NULL;
    char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return s;
}

/* Binds trial id, version, reasons, unknown, failed and last_seen (the evidence of a row). */
static void bind_evidence(run_t *r, store_binder_t *b, const onc_match_row_t *row, char **lists)
{
    const trial_state_t *t = find_trial(r, onc_trial_id(row->trial));
    lists[0] = json_list(row->reasons, row->n_reasons);
    lists[1] = json_list(row->unknown, row->n_unknown);
    lists[2] = json_list(row->failed, row->n_failed);
    if (b->rc == ONC_OK && !t) b->rc = onc_err_set(r->err, ONC_EINTERNAL, "a row of an unknown trial");
    if (b->rc == ONC_OK && (!lists[0] || !lists[1] || !lists[2])) b->rc = oom(r->err);
    sb_i64(b, t ? t->id : 0), sb_int(b, t ? t->version : 0);
    sb_text(b, lists[0]), sb_text(b, lists[1]), sb_text(b, lists[2]), sb_text(b, r->now);
}

static onc_rc write_row(run_t *r, const pat_state_t *p, const onc_match_row_t *row, stored_row_t *old,
                        const char *reason)
{
    char *lists[3] = {NULL, NULL, NULL};
    store_binder_t b;
    int which = !old ? S_INSERT : old->valid ? S_KEEP : S_REENABLE;
    sb_start(&b, r->st[which], r->err);
    bind_evidence(r, &b, row, lists);
    if (which == S_INSERT) {
        sb_i64(&b, p->id), sb_text(&b, onc_trial_id(row->trial)), sb_text(&b, row->level);
        sb_text(&b, row->internal_id), sb_text(&b, row->arm), sb_text(&b, onc_match_status_name(row->status));
        sb_text(&b, r->now);
    } else {
        if (which == S_REENABLE) sb_text(&b, reason);
        sb_i64(&b, old->id);
        old->seen = true;
    }
    onc_rc rc = b.rc == ONC_OK ? store_run(r->st[which], r->err) : b.rc;
    free(lists[0]), free(lists[1]), free(lists[2]);
    if (rc == ONC_OK) which == S_INSERT ? r->sum->added++ : which == S_KEEP ? r->sum->kept++ : r->sum->reenabled++;
    return rc;
}

/* Why the pair (p, trial) was evaluated: the trial's reason first, then the patient's. */
static const char *pair_reason(run_t *r, const pat_state_t *p, const char *key)
{
    const trial_state_t *t = find_trial(r, key);
    if (t && t->reason && strcmp(t->reason, REASON_GONE) != 0) return t->reason;
    if (p->changed && p->known && !r->o->full) return REASON_PATIENT;
    return t && t->reason ? t->reason : REASON_GONE;
}

static bool evaluated(run_t *r, const pat_state_t *p, const char *key)
{
    const trial_state_t *t = find_trial(r, key);
    return t && (p->changed || t->reason);
}

static onc_rc audit_patient(run_t *r, const pat_state_t *p, size_t added, size_t disabled, size_t reenabled)
{
    if (added + disabled + reenabled == 0) return ONC_OK;
    char detail[160];
    snprintf(detail, sizeof detail, "%zu added, %zu disabled, %zu re-enabled", added, disabled, reenabled);
    onc_audit_entry_t e = {.actor = r->actor, .action = "update", .entity = "match_result", .entity_id = p->ext,
                           .patient_id = p->ext, .detail = detail};
    return onc_audit_append(r->db, &e, r->err);
}

static onc_rc merge_patient(run_t *r, pat_state_t *p)
{
    stored_row_t *old = NULL;
    size_t n_old = 0;
    size_t added = r->sum->added, disabled = r->sum->disabled, reenabled = r->sum->reenabled;
    onc_rc rc = read_stored(r, p, &old, &n_old);
    for (size_t i = 0; rc == ONC_OK && i < p->n_rows; i++) {
        const onc_match_row_t *row = p->rows[i];
        rc = write_row(r, p, row, find_stored(old, n_old, row), pair_reason(r, p, onc_trial_id(row->trial)));
    }
    for (size_t i = 0; rc == ONC_OK && i < n_old; i++) {
        if (old[i].seen || !old[i].valid || !evaluated(r, p, old[i].trial_key)) continue;
        store_binder_t b;
        sb_start(&b, r->st[S_DISABLE], r->err);
        sb_text(&b, pair_reason(r, p, old[i].trial_key)), sb_i64(&b, old[i].id);
        rc = b.rc == ONC_OK ? store_run(r->st[S_DISABLE], r->err) : b.rc;
        if (rc == ONC_OK) r->sum->disabled++;
    }
    free_stored(old, n_old);
    if (rc == ONC_OK)
        rc = audit_patient(r, p, r->sum->added - added, r->sum->disabled - disabled, r->sum->reenabled - reenabled);
    return rc;
}

/* ---- recording the run ---- */

static onc_rc record_inputs(run_t *r, int64_t run_id)
{
    onc_rc rc = ONC_OK;
    store_binder_t b;
    for (size_t i = 0; rc == ONC_OK && i < r->n_pats; i++) {
        const pat_state_t *p = &r->pats[i];
        if (!p->candidate) continue;
        sb_start(&b, r->st[S_PAT_INPUT], r->err);
        sb_i64(&b, p->id), sb_text(&b, p->updated_at ? p->updated_at : ""), sb_text(&b, p->digest);
        sb_text(&b, r->now), sb_i64(&b, run_id);
        rc = b.rc == ONC_OK ? store_run(r->st[S_PAT_INPUT], r->err) : b.rc;
    }
    for (size_t i = 0; rc == ONC_OK && i < r->n_trials; i++) {
        const trial_state_t *t = &r->trials[i];
        if (!t->reason) continue;
        sb_start(&b, r->st[S_TRIAL_INPUT], r->err);
        sb_text(&b, t->key), sb_int(&b, t->version), sb_text(&b, r->kb_version), sb_text(&b, r->options);
        sb_i64(&b, run_id);
        rc = b.rc == ONC_OK ? store_run(r->st[S_TRIAL_INPUT], r->err) : b.rc;
    }
    return rc;
}

static onc_rc start_run(run_t *r)
{
    store_binder_t b;
    sb_start(&b, r->st[S_RUN_INSERT], r->err);
    sb_text(&b, r->now), sb_text(&b, r->now), sb_text(&b, r->actor), sb_text(&b, r->options);
    sb_text(&b, r->kb_version), sb_i64(&b, r->o->full);
    return b.rc == ONC_OK ? store_run_id(r->st[S_RUN_INSERT], &r->sum->run_id, r->err) : b.rc;
}

static onc_rc finish_run(run_t *r)
{
    onc_store_match_summary_t *s = r->sum;
    s->patients = r->n_patients, s->trials = r->n_trials;
    char end[32];
    store_now(end);
    store_binder_t b;
    sb_start(&b, r->st[S_RUN_UPDATE], r->err);
    sb_text(&b, end), sb_i64(&b, (int64_t)s->patients), sb_i64(&b, (int64_t)s->trials);
    sb_i64(&b, (int64_t)s->patients_matched), sb_i64(&b, (int64_t)s->trials_matched), sb_i64(&b, (int64_t)s->pairs);
    sb_i64(&b, (int64_t)s->added), sb_i64(&b, (int64_t)s->kept), sb_i64(&b, (int64_t)s->disabled);
    sb_i64(&b, (int64_t)s->reenabled), sb_i64(&b, s->run_id);
    onc_rc rc = b.rc == ONC_OK ? store_run(r->st[S_RUN_UPDATE], r->err) : b.rc;
    char id[32], detail[256];
    snprintf(id, sizeof id, "%lld", (long long)s->run_id);
    snprintf(detail, sizeof detail, "%zu pairs evaluated: %zu added, %zu kept, %zu disabled, %zu re-enabled", s->pairs,
             s->added, s->kept, s->disabled, s->reenabled);
    onc_audit_entry_t e = {.actor = r->actor, .action = "create", .entity = "match_run", .entity_id = id,
                           .detail = detail};
    return rc == ONC_OK ? onc_audit_append(r->db, &e, r->err) : rc;
}

static void set_options(run_t *r)
{
    r->mopts = r->o->match;
    r->mopts.trial_id = NULL, r->mopts.include_ineligible = false, r->mopts.records = false;
    if (onc_date_is_missing(r->mopts.comparison_date)) {
        onc_err_t ignored = {0};
        char day[11];
        snprintf(day, sizeof day, "%.10s", r->now);
        if (onc_date_parse(day, &r->mopts.comparison_date, &ignored) != ONC_OK) r->mopts.comparison_date.year = 0;
    }
    char date[11];
    snprintf(r->options, sizeof r->options, "semantics=%s comparison_date=%s match_on_closed=%d match_on_deceased=%d",
             r->mopts.semantics == ONC_MATCH_SEM_MATCHMINER ? "matchminer" : "oncoboard",
             onc_date_format(r->mopts.comparison_date, date), r->mopts.match_on_closed, r->mopts.match_on_deceased);
    r->kb_version = r->ctx->kb ? onc_kb_version(r->ctx->kb) : "none";
}

static void free_run(run_t *r)
{
    store_finalize_all(r->st, S_N);
    for (size_t i = 0; i < r->n_results; i++) onc_match_result_free(r->results[i]);
    free(r->results);
    for (size_t i = 0; i < r->n_pats; i++) {
        pat_state_t *p = &r->pats[i];
        onc_match_patient_free(p->mp), onc_classification_free(p->cl), onc_case_free(p->c);
        free(p->ext), free(p->updated_at), free(p->old_digest), free(p->rows);
    }
    free(r->pats);
    for (size_t i = 0; i < r->n_trials; i++) free(r->trials[i].key);
    free(r->trials);
    onc_trials_free(r->portfolio);
}

json_t *onc_store_match_summary_json(const onc_store_match_summary_t *s)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "run", (json_int_t)s->run_id, "patients",
                     (json_int_t)s->patients, "trials", (json_int_t)s->trials, "patients_matched",
                     (json_int_t)s->patients_matched, "trials_matched", (json_int_t)s->trials_matched, "pairs",
                     (json_int_t)s->pairs, "added", (json_int_t)s->added, "kept", (json_int_t)s->kept, "disabled",
                     (json_int_t)s->disabled, "reenabled", (json_int_t)s->reenabled);
}

onc_rc onc_store_match_run(onc_db_t *db, const onc_match_ctx_t *ctx, const onc_store_match_opts_t *opts,
                           const char *actor, onc_store_match_summary_t *summary, onc_err_t *err)
{
    onc_store_match_opts_t def;
    if (!opts) onc_store_match_opts_init(&def), opts = &def;
    onc_store_match_summary_t local;
    run_t r = {.db = db, .ctx = ctx, .o = opts, .actor = actor ? actor : onc_audit_os_actor(),
               .sum = summary ? summary : &local, .err = err};
    memset(r.sum, 0, sizeof *r.sum);
    onc_rc rc = store_need_transaction(db, "match the registry", err);
    if (rc != ONC_OK) return rc;
    store_now(r.now);
    set_options(&r);
    rc = store_prepare_all(db, run_sql, r.st, S_N, err);
    if (rc == ONC_OK) rc = start_run(&r);
    if (rc == ONC_OK) rc = changed_trials(&r);
    if (rc == ONC_OK) rc = read_patients(&r);
    if (rc == ONC_OK) rc = evaluate(&r);
    for (size_t i = 0; rc == ONC_OK && i < r.n_pats; i++)
        if (r.pats[i].mp) rc = merge_patient(&r, &r.pats[i]);
    if (rc == ONC_OK) rc = record_inputs(&r, r.sum->run_id);
    if (rc == ONC_OK) rc = finish_run(&r);
    free_run(&r);
    return rc;
}

/* ---- the history ---- */

onc_rc onc_store_match_results(onc_db_t *db, const char *actor, const char *patient, const char *trial, bool all,
                               onc_store_result_fn fn, void *ctx, onc_err_t *err)
{
    onc_rc rc = store_need_transaction(db, "match results", err);
    if (rc != ONC_OK) return rc;
    onc_db_stmt_t *st = NULL;
    rc = onc_db_prepare(db,
                        "SELECT p.external_id, m.trial_key, m.trial_version, m.level, m.internal_id, m.arm, m.status, "
                        "m.reasons, m.unknown, m.failed, m.first_seen, m.last_seen, m.still_valid, m.change_reason "
                        "FROM match_results m JOIN patients p ON p.id = m.patient_id "
                        "WHERE p.external_id = coalesce(?, p.external_id) AND m.trial_key = coalesce(?, m.trial_key) "
                        "AND (m.still_valid = 1 OR ? = 1) "
                        "ORDER BY p.external_id, m.trial_key, m.level, m.internal_id, m.arm, m.status",
                        &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    if (rc == ONC_OK) {
        sb_text(&b, patient), sb_text(&b, trial), sb_i64(&b, all);
        rc = b.rc;
    }
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_store_result_t r = {
            .patient = onc_db_column_text(st, 0), .trial = onc_db_column_text(st, 1),
            .trial_version = (int)onc_db_column_int64(st, 2), .level = onc_db_column_text(st, 3),
            .internal_id = onc_db_column_text(st, 4), .arm = onc_db_column_text(st, 5),
            .status = onc_db_column_text(st, 6), .reasons = onc_db_column_text(st, 7),
            .unknown = onc_db_column_text(st, 8), .failed = onc_db_column_text(st, 9),
            .first_seen = onc_db_column_text(st, 10), .last_seen = onc_db_column_text(st, 11),
            .still_valid = onc_db_column_int64(st, 12) == 1, .change_reason = onc_db_column_text(st, 13),
        };
        if (fn && fn(&r, ctx)) break;
    }
    onc_db_finalize(st);
    onc_audit_entry_t e = {.actor = actor ? actor : onc_audit_os_actor(), .action = "read", .entity = "match_result",
                           .entity_id = patient, .patient_id = patient, .detail = trial};
    return rc == ONC_OK ? onc_audit_append(db, &e, err) : rc;
}
