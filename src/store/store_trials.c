/* store_trials.c: the trial portfolio in the registry (store_trials.h).
 *
 * Reading documents reuses the match engine twice: onc_trials_validate reports every problem
 * with its file and line, and onc_trials_load says which trials each file holds and in which
 * order, so that this file never interprets CTML itself. A file holding one trial is kept as its
 * own text; a file holding several (a JSON array, newline-delimited JSON) is split into each
 * trial's JSON, in the order the engine loaded them. Writing compares the text with the active
 * version: equal is a no-op, different is version N+1, the only active one. The portfolio goes
 * back to the engine through onc_trials_load_texts, so that a trial from the registry is matched
 * exactly as the file it came from.
 */
#include "store_case_int.h"

#include "oncoboard/audit.h"
#include "oncoboard/doc.h"
#include "oncoboard/store_trials.h"
#include "oncoboard/strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TRIAL_DOCS 100000

typedef struct trial_doc {
    char *key, *protocol_no, *nct_id, *source, *text;
} trial_doc_t;

struct onc_trial_docs {
    trial_doc_t *v;
    size_t n, cap;
};

static onc_rc oom(onc_err_t *err) { return onc_err_set(err, ONC_ENOMEM, "out of memory"); }

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

void onc_trial_docs_free(onc_trial_docs_t *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        trial_doc_t *t = &d->v[i];
        free(t->key), free(t->protocol_no), free(t->nct_id), free(t->source), free(t->text);
    }
    free(d->v);
    free(d);
}

size_t onc_trial_docs_count(const onc_trial_docs_t *d) { return d ? d->n : 0; }
const char *onc_trial_docs_key(const onc_trial_docs_t *d, size_t i) { return i < d->n ? d->v[i].key : NULL; }
const char *onc_trial_docs_source(const onc_trial_docs_t *d, size_t i) { return i < d->n ? d->v[i].source : NULL; }

/* ---- reading ---- */

static onc_rc read_text(const char *path, char **out, onc_err_t *err)
{
    *out = NULL;
    onc_strbuf_t b = ONC_STRBUF_INIT;
    b.cap = ONC_DOC_MAX_BYTES;
    onc_rc rc = onc_strbuf_read_file(&b, path, err);
    if (rc == ONC_OK && b.len && memchr(b.s, '\0', b.len))
        rc = onc_err_set(err, ONC_EPARSE, "%s: holds a NUL byte", path);
    if (rc != ONC_OK) return onc_strbuf_free(&b), rc;
    *out = b.s ? b.s : calloc(1, 1);
    return *out ? ONC_OK : oom(err);
}

/* The non-blank lines of text, in order (newline-delimited JSON: one trial each); NULL when
 * out of memory. *n gets their count. */
static char **split_lines(const char *text, size_t *n)
{
    size_t cap = 16;
    char **v = malloc(cap * sizeof *v);
    *n = 0;
    for (const char *p = text; v && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *k = p;
        while (k < p + len && isspace((unsigned char)*k)) k++;
        if (k < p + len) {
            if (*n == cap) {
                char **w = realloc(v, (cap *= 2) * sizeof *v);
                if (!w) break;
                v = w;
            }
            if (!(v[*n] = strndup(p, len))) break;
            (*n)++;
        }
        p += len + (e ? 1 : 0);
    }
    return v;
}

/* The text of each of the n trials of whole (the document named path), in load order, into
 * texts[0..n); whole is taken (freed, or kept as the one trial's text). */
static onc_rc split_text(const char *path, char *whole, size_t n, char **texts, onc_err_t *err)
{
    onc_rc rc = ONC_OK;
    if (n == 1) {
        texts[0] = whole;
        return ONC_OK;
    }
    onc_err_t ignored = {0};
    onc_doc_t *doc = onc_doc_parse(whole, strlen(whole), path, ONC_DOC_AUTO, NULL, &ignored);
    json_t *root = doc ? onc_doc_root(doc) : NULL;
    if (json_is_array(root) && json_array_size(root) == n) {
        for (size_t i = 0; i < n && rc == ONC_OK; i++)
            if (!(texts[i] = json_dumps(json_array_get(root, i), JSON_INDENT(2) | JSON_PRESERVE_ORDER))) rc = oom(err);
    } else if (!doc) { /* newline-delimited JSON: one trial per non-blank line */
        size_t m = 0;
        char **lines = split_lines(whole, &m);
        if (!lines) rc = oom(err);
        else if (m != n) rc = onc_err_set(err, ONC_EINTERNAL, "%s: %zu lines for %zu trials", path, m, n);
        for (size_t i = 0; lines && i < m; i++) {
            if (rc == ONC_OK) texts[i] = lines[i];
            else free(lines[i]);
        }
        free(lines);
    } else {
        rc = onc_err_set(err, ONC_EINTERNAL, "%s: cannot split into its %zu trials", path, n);
    }
    onc_doc_free(doc);
    free(whole);
    return rc;
}

/* Where trial documents come from: files at a path, or one text in memory named name. */
typedef struct doc_source {
    const char *path;
    const char *name, *text;
} doc_source_t;

/* The whole text of the document named src_name (a file of the path, or the text itself). */
static onc_rc source_text(const doc_source_t *src, const char *src_name, char **out, onc_err_t *err)
{
    if (!src->text) return read_text(src_name, out, err);
    return (*out = strdup(src->text)) ? ONC_OK : oom(err);
}

static onc_rc source_load(const doc_source_t *src, const onc_match_ctx_t *ctx, onc_trials_t **t, onc_err_t *err)
{
    return src->text ? onc_trials_load_texts(&src->name, &src->text, 1, ctx, t, err)
                     : onc_trials_load(src->path, ctx, t, err);
}

static onc_rc docs_push(onc_trial_docs_t *d, const onc_trial_t *tr, char *text, onc_err_t *err)
{
    if (d->n == MAX_TRIAL_DOCS) return free(text), onc_err_set(err, ONC_ELIMIT, "more than %d trials", MAX_TRIAL_DOCS);
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        trial_doc_t *v = realloc(d->v, cap * sizeof *v);
        if (!v) return free(text), oom(err);
        d->v = v, d->cap = cap;
    }
    trial_doc_t *t = &d->v[d->n++];
    memset(t, 0, sizeof *t);
    t->text = text;
    t->key = strdup(onc_trial_id(tr));
    t->protocol_no = dup_or_null(onc_trial_protocol_no(tr));
    t->nct_id = dup_or_null(onc_trial_nct_id(tr));
    t->source = strdup(onc_trial_source(tr));
    if (!t->key || !t->source || (onc_trial_protocol_no(tr) && !t->protocol_no) ||
        (onc_trial_nct_id(tr) && !t->nct_id))
        return oom(err);
    for (size_t i = 0; i + 1 < d->n; i++)
        if (strcmp(d->v[i].key, t->key) == 0)
            return onc_err_set(err, ONC_EPARSE, "%s: trial %s appears twice (also in %s)", t->source, t->key,
                               d->v[i].source);
    return ONC_OK;
}

/* Adds the trials of one validated source, file by file in load order. */
static onc_rc docs_add(onc_trial_docs_t *d, const doc_source_t *srcdoc, const onc_match_ctx_t *ctx, onc_err_t *err)
{
    onc_trials_t *t = NULL;
    onc_rc rc = source_load(srcdoc, ctx, &t, err);
    size_t n = onc_trials_count(t);
    for (size_t i = 0; rc == ONC_OK && i < n;) {
        const char *src = onc_trial_source(onc_trials_at(t, i));
        size_t j = i;
        while (j < n && strcmp(onc_trial_source(onc_trials_at(t, j)), src) == 0) j++;
        char **texts = calloc(j - i, sizeof *texts);
        char *whole = NULL;
        rc = texts ? source_text(srcdoc, src, &whole, err) : oom(err);
        if (rc == ONC_OK) rc = split_text(src, whole, j - i, texts, err);
        for (size_t k = i; k < j; k++) {
            if (rc == ONC_OK) rc = docs_push(d, onc_trials_at(t, k), texts[k - i], err);
            else if (texts) free(texts[k - i]);
        }
        free(texts);
        i = j;
    }
    onc_trials_free(t);
    return rc;
}

/* The problems onc_trials_validate reports for one path, kept until onc_trials_load says whether
 * they stop the load (errors) or not (an unknown gene, which the engine accepts: warnings). */
typedef struct problems {
    char **v;
    size_t n, cap;
    bool oom;
} problems_t;

static void keep_problem(const char *msg, void *ctx)
{
    problems_t *p = ctx;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        char **v = realloc(p->v, cap * sizeof *v);
        if (!v) return (void)(p->oom = true);
        p->v = v, p->cap = cap;
    }
    if (!(p->v[p->n] = strdup(msg))) return (void)(p->oom = true);
    p->n++;
}

static void problems_report(problems_t *p, const char *prefix, void (*report)(const char *msg, void *rctx), void *rctx)
{
    for (size_t i = 0; i < p->n; i++) {
        if (report && prefix) {
            size_t len = strlen(prefix) + strlen(p->v[i]) + 1;
            char *m = malloc(len);
            if (m) snprintf(m, len, "%s%s", prefix, p->v[i]), report(m, rctx);
            free(m);
        } else if (report) {
            report(p->v[i], rctx);
        }
        free(p->v[i]);
    }
    free(p->v);
    memset(p, 0, sizeof *p);
}

/* Validates a source: ONC_OK when the engine loads it (its accepted problems reported as
 * "warning: ..."), else the count of problems added to *errors (each reported). */
static onc_rc validate_source(const doc_source_t *src, const onc_match_ctx_t *ctx,
                              void (*report)(const char *msg, void *rctx), void *rctx, long *errors, onc_err_t *err)
{
    problems_t p = {0};
    long n = src->text ? onc_trials_validate_texts(&src->name, &src->text, 1, ctx, keep_problem, &p, err)
                       : onc_trials_validate(src->path, ctx, keep_problem, &p, err);
    if (n < 0 || p.oom) {
        problems_report(&p, NULL, NULL, NULL);
        return n < 0 ? (err && err->code ? err->code : ONC_EIO) : oom(err);
    }
    onc_trials_t *t = NULL;
    onc_err_t load_err = {0};
    onc_rc rc = n ? source_load(src, ctx, &t, &load_err) : ONC_OK;
    onc_trials_free(t);
    if (rc == ONC_ENOMEM) return problems_report(&p, NULL, NULL, NULL), oom(err);
    if (rc != ONC_OK) *errors += n ? n : 1;
    problems_report(&p, rc == ONC_OK ? "warning: " : NULL, report, rctx);
    return ONC_OK;
}

/* Validates every source, then reads them all when none has an error. */
static onc_rc docs_read(const doc_source_t *srcs, size_t n_srcs, const onc_match_ctx_t *ctx,
                        void (*report)(const char *msg, void *rctx), void *rctx, onc_trial_docs_t **out,
                        onc_err_t *err)
{
    *out = NULL;
    long errors = 0;
    for (size_t i = 0; i < n_srcs; i++) {
        onc_rc rc = validate_source(&srcs[i], ctx, report, rctx, &errors, err);
        if (rc != ONC_OK) return rc;
    }
    if (errors)
        return onc_err_set(err, ONC_EPARSE, "%ld problem%s in the trial documents; nothing was written", errors,
                           errors == 1 ? "" : "s");
    onc_trial_docs_t *d = calloc(1, sizeof *d);
    if (!d) return oom(err);
    onc_rc rc = ONC_OK;
    for (size_t i = 0; i < n_srcs && rc == ONC_OK; i++) rc = docs_add(d, &srcs[i], ctx, err);
    if (rc != ONC_OK) return onc_trial_docs_free(d), rc;
    *out = d;
    return ONC_OK;
}

onc_rc onc_trial_docs_read(const char *const *paths, size_t n_paths, const onc_match_ctx_t *ctx,
                           void (*report)(const char *msg, void *rctx), void *rctx, onc_trial_docs_t **out,
                           onc_err_t *err)
{
    *out = NULL;
    doc_source_t *srcs = calloc(n_paths ? n_paths : 1, sizeof *srcs);
    if (!srcs) return oom(err);
    for (size_t i = 0; i < n_paths; i++) srcs[i].path = paths[i];
    onc_rc rc = docs_read(srcs, n_paths, ctx, report, rctx, out, err);
    free(srcs);
    return rc;
}

onc_rc onc_trial_docs_read_text(const char *name, const char *text, const onc_match_ctx_t *ctx,
                                void (*report)(const char *msg, void *rctx), void *rctx, onc_trial_docs_t **out,
                                onc_err_t *err)
{
    doc_source_t src = {.name = name, .text = text};
    return docs_read(&src, 1, ctx, report, rctx, out, err);
}

/* ---- writing ---- */

static onc_rc trial_audit(onc_db_t *db, const char *actor, const char *action, const char *key, const char *detail,
                          onc_err_t *err)
{
    onc_audit_entry_t e = {.actor = actor ? actor : onc_audit_os_actor(),
                           .action = action,
                           .entity = "trial",
                           .entity_id = key,
                           .detail = detail};
    return onc_audit_append(db, &e, err);
}

enum { P_ACTIVE, P_RETIRE, P_INSERT, P_N };
static const char *const put_sql[P_N] = {
    [P_ACTIVE] = "SELECT version, ctml FROM trials WHERE trial_key = ? AND active = 1",
    [P_RETIRE] = "UPDATE trials SET active = 0 WHERE trial_key = ? AND active = 1",
    [P_INSERT] = ("INSERT INTO trials (trial_key, protocol_no, nct_id, version, ctml, loaded_at, loaded_by, active) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, 1)"),
};

/* The active version of key (0: none) and whether its text is text. */
static onc_rc active_version(onc_db_stmt_t *st, const char *key, const char *text, int *version, bool *same,
                             onc_err_t *err)
{
    *version = 0, *same = false;
    bool row = false;
    onc_rc rc = onc_db_bind_text(st, 1, key, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && row) {
        *version = (int)onc_db_column_int64(st, 0);
        const char *have = onc_db_column_text(st, 1);
        *same = have && strcmp(have, text) == 0;
    }
    onc_err_t ignored = {0};
    onc_db_reset(st, &ignored);
    return rc;
}

static onc_rc put_one(onc_db_t *db, onc_db_stmt_t **st, const trial_doc_t *t, const char *actor, const char *now,
                      onc_store_trials_counts_t *c, onc_err_t *err)
{
    int version = 0;
    bool same = false;
    onc_rc rc = active_version(st[P_ACTIVE], t->key, t->text, &version, &same, err);
    c->read++;
    if (rc != ONC_OK || same) return c->unchanged += same, rc;
    store_binder_t b;
    sb_start(&b, st[P_RETIRE], err);
    sb_text(&b, t->key);
    if (b.rc == ONC_OK && version) b.rc = store_run(st[P_RETIRE], err);
    sb_start(&b, st[P_INSERT], err);
    sb_text(&b, t->key), sb_text(&b, t->protocol_no), sb_text(&b, t->nct_id), sb_i64(&b, version + 1);
    sb_text(&b, t->text), sb_text(&b, now), sb_text(&b, actor);
    rc = b.rc == ONC_OK ? store_run(st[P_INSERT], err) : b.rc;
    char detail[64];
    snprintf(detail, sizeof detail, "version %d", version + 1);
    if (rc == ONC_OK) rc = trial_audit(db, actor, version ? "update" : "create", t->key, detail, err);
    if (rc == ONC_OK) version ? c->changed++ : c->added++;
    return rc;
}

onc_rc onc_store_trials_put(onc_db_t *db, const onc_trial_docs_t *docs, const char *actor,
                            onc_store_trials_counts_t *counts, onc_err_t *err)
{
    onc_store_trials_counts_t local = {0};
    onc_store_trials_counts_t *c = counts ? counts : &local;
    memset(c, 0, sizeof *c);
    onc_rc rc = store_need_transaction(db, "store trials", err);
    if (rc != ONC_OK) return rc;
    if (!actor) actor = onc_audit_os_actor();
    onc_db_stmt_t *st[P_N];
    if ((rc = store_prepare_all(db, put_sql, st, P_N, err)) != ONC_OK) return rc;
    char now[32];
    store_now(now);
    for (size_t i = 0; i < docs->n && rc == ONC_OK; i++) rc = put_one(db, st, &docs->v[i], actor, now, c, err);
    store_finalize_all(st, P_N);
    return rc;
}

onc_rc onc_store_trials_load(onc_db_t *db, const char *const *paths, size_t n_paths, const onc_match_ctx_t *ctx,
                             const char *actor, void (*report)(const char *msg, void *rctx), void *rctx,
                             onc_store_trials_counts_t *counts, onc_err_t *err)
{
    onc_trial_docs_t *docs = NULL;
    if (counts) memset(counts, 0, sizeof *counts);
    onc_rc rc = onc_trial_docs_read(paths, n_paths, ctx, report, rctx, &docs, err);
    if (rc == ONC_OK) rc = onc_store_trials_put(db, docs, actor, counts, err);
    onc_trial_docs_free(docs);
    return rc;
}

/* ---- reading back ---- */

#define VERSION_COLUMNS "id, trial_key, protocol_no, nct_id, version, active, loaded_at, loaded_by, ctml"

/* Calls fn for each row of st (columns VERSION_COLUMNS); *n counts them. */
static onc_rc each_version(onc_db_stmt_t *st, onc_store_trial_fn fn, void *ctx, size_t *n, onc_err_t *err)
{
    bool row = true;
    onc_rc rc = ONC_OK;
    *n = 0;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_store_trial_version_t v = {
            .id = onc_db_column_int64(st, 0),
            .key = onc_db_column_text(st, 1),
            .protocol_no = onc_db_column_text(st, 2),
            .nct_id = onc_db_column_text(st, 3),
            .version = (int)onc_db_column_int64(st, 4),
            .active = onc_db_column_int64(st, 5) != 0,
            .loaded_at = onc_db_column_text(st, 6),
            .loaded_by = onc_db_column_text(st, 7),
            .ctml = onc_db_column_text(st, 8),
        };
        (*n)++;
        if (fn && fn(&v, ctx)) break;
    }
    return rc;
}

/* The active versions, unaudited (the callers audit what they do with them). */
static onc_rc list_active(onc_db_t *db, onc_store_trial_fn fn, void *ctx, size_t *n, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "SELECT " VERSION_COLUMNS " FROM trials WHERE active = 1 ORDER BY trial_key", &st,
                               err);
    if (rc == ONC_OK) rc = each_version(st, fn, ctx, n, err);
    onc_db_finalize(st);
    return rc;
}

onc_rc onc_store_trials_list(onc_db_t *db, const char *actor, onc_store_trial_fn fn, void *ctx, onc_err_t *err)
{
    onc_rc rc = store_need_transaction(db, "list trials", err);
    size_t n = 0;
    if (rc == ONC_OK) rc = list_active(db, fn, ctx, &n, err);
    char detail[64];
    snprintf(detail, sizeof detail, "%zu active trials", n);
    return rc == ONC_OK ? trial_audit(db, actor, "list", NULL, detail, err) : rc;
}

onc_rc onc_store_trials_history(onc_db_t *db, const char *key, const char *actor, onc_store_trial_fn fn, void *ctx,
                                onc_err_t *err)
{
    onc_rc rc = store_need_transaction(db, "trial history", err);
    if (rc != ONC_OK) return rc;
    if (!key) return onc_err_set(err, ONC_EINVAL, "trial history: no trial given");
    onc_db_stmt_t *st = NULL;
    size_t n = 0;
    rc = onc_db_prepare(db, "SELECT " VERSION_COLUMNS " FROM trials WHERE trial_key = ? ORDER BY version", &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st, 1, key, err);
    if (rc == ONC_OK) rc = each_version(st, fn, ctx, &n, err);
    onc_db_finalize(st);
    if (rc == ONC_OK && n == 0) return onc_err_set(err, ONC_ENOTFOUND, "trial %s is not in the registry", key);
    return rc == ONC_OK ? trial_audit(db, actor, "read", key, "version history", err) : rc;
}

/* The documents of the active portfolio, as onc_trials_load_texts takes them. */
typedef struct active_texts {
    char **names, **texts;
    size_t n, cap;
    const char *const *keys;
    size_t n_keys;
    onc_rc rc;
} active_texts_t;

static bool wanted(const active_texts_t *a, const char *key)
{
    if (!a->keys) return true;
    for (size_t i = 0; i < a->n_keys; i++)
        if (strcmp(a->keys[i], key) == 0) return true;
    return false;
}

static int collect_text(const onc_store_trial_version_t *v, void *ctx)
{
    active_texts_t *a = ctx;
    if (!wanted(a, v->key)) return 0;
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 16;
        char **n2 = realloc(a->names, cap * sizeof *n2);
        if (n2) a->names = n2;
        char **t2 = n2 ? realloc(a->texts, cap * sizeof *t2) : NULL;
        if (!t2) return a->rc = ONC_ENOMEM, 1;
        a->texts = t2, a->cap = cap;
    }
    size_t len = strlen(v->key) + 32;
    a->names[a->n] = malloc(len);
    a->texts[a->n] = strdup(v->ctml ? v->ctml : "");
    if (a->names[a->n]) snprintf(a->names[a->n], len, "registry:%s@v%d", v->key, v->version);
    a->n++;
    return (!a->names[a->n - 1] || !a->texts[a->n - 1]) ? (a->rc = ONC_ENOMEM, 1) : 0;
}

onc_rc onc_store_trials_active(onc_db_t *db, const onc_match_ctx_t *ctx, const char *actor,
                               const char *const *keys, size_t n_keys, onc_trials_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_rc rc = store_need_transaction(db, "active trials", err);
    if (rc != ONC_OK) return rc;
    active_texts_t a = {.keys = keys, .n_keys = n_keys};
    size_t n = 0;
    rc = list_active(db, collect_text, &a, &n, err);
    if (rc == ONC_OK && a.rc != ONC_OK) rc = oom(err);
    if (rc == ONC_OK)
        rc = onc_trials_load_texts((const char *const *)a.names, (const char *const *)a.texts, a.n, ctx, out, err);
    char detail[64];
    snprintf(detail, sizeof detail, "%zu active trials", a.n);
    if (rc == ONC_OK) rc = trial_audit(db, actor, "read", NULL, detail, err);
    if (rc != ONC_OK) onc_trials_free(*out), *out = NULL;
    for (size_t i = 0; i < a.n; i++) free(a.names[i]), free(a.texts[i]);
    free(a.names), free(a.texts);
    return rc;
}
