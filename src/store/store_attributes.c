/* store_attributes.c: clinical attributes, survival endpoints and studies in the registry
 * (store_attributes.h, 001_clinical_attributes.sql).
 *
 * A cBioPortal import writes the patients' cases first (store_case.c), then opens an attribute
 * writer for its study (the study row and its column definitions) and puts each patient's
 * attribute values and endpoints, all in the import's one transaction. A put replaces what the
 * patient had, so that a re-import (--replace) leaves no stale values. Reading gives the same
 * structs back (attributes.h), with lists sorted here, bytewise, whatever the database's
 * collation.
 */
#include "store_case_int.h"

#include "oncoboard/arena.h"
#include "oncoboard/store_attributes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ---- */

enum {
    A_STUDY_FIND, A_STUDY_INSERT, A_STUDY_UPDATE, A_DEFS_DELETE, A_DEF,
    A_PATIENT, A_SAMPLE, A_DEL_PATTR, A_DEL_SATTR, A_DEL_SURV, A_LINK, A_PATTR, A_SATTR, A_SURV,
    A_N
};

static const char *const attr_sql[A_N] = {
    [A_STUDY_FIND] = "SELECT id FROM studies WHERE study_key = ?",
    [A_STUDY_INSERT] = "INSERT INTO studies (study_key, name, description, type_of_cancer, citation, pmid, source, "
                       "imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    [A_STUDY_UPDATE] = "UPDATE studies SET study_key = ?, name = ?, description = ?, type_of_cancer = ?, citation = ?, "
                       "pmid = ?, source = ?, imported_at = ?, imported_by = ? WHERE id = ?",
    [A_DEFS_DELETE] = "DELETE FROM clinical_attribute_defs WHERE study_id = ?",
    [A_DEF] = "INSERT INTO clinical_attribute_defs (study_id, level, attr_id, ordinal, display_name, description, "
              "datatype, priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [A_PATIENT] = "SELECT id FROM patients WHERE external_id = ?",
    [A_SAMPLE] = "SELECT id FROM samples WHERE patient_id = ? AND sample_key = ?",
    [A_DEL_PATTR] = "DELETE FROM patient_attributes WHERE patient_id = ?",
    [A_DEL_SATTR] = "DELETE FROM sample_attributes WHERE sample_id IN (SELECT id FROM samples WHERE patient_id = ?)",
    [A_DEL_SURV] = "DELETE FROM survival_endpoints WHERE patient_id = ?",
    [A_LINK] = "INSERT INTO study_patients (study_id, patient_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
    [A_PATTR] = "INSERT INTO patient_attributes (patient_id, attr_id, value, datatype, study_id) VALUES (?, ?, ?, ?, ?)",
    [A_SATTR] = "INSERT INTO sample_attributes (sample_id, attr_id, value, datatype, study_id) VALUES (?, ?, ?, ?, ?)",
    [A_SURV] = "INSERT INTO survival_endpoints (patient_id, endpoint, months, event, status, study_id) "
               "VALUES (?, ?, ?, ?, ?, ?)",
};

struct onc_attr_writer {
    onc_db_t *db;
    onc_db_stmt_t *st[A_N];
    int64_t study_id;
    char *study_key;
};

static onc_db_stmt_t *bind(onc_attr_writer_t *w, int which, store_binder_t *b, onc_err_t *err)
{
    sb_start(b, w->st[which], err);
    return w->st[which];
}

static onc_rc run_bound(store_binder_t *b)
{
    return b->rc != ONC_OK ? b->rc : store_run(b->st, b->err);
}

/* The id of the one row a SELECT id ... gives (0 when none). */
static onc_rc run_find(store_binder_t *b, int64_t *id)
{
    *id = 0;
    bool row = false;
    onc_rc rc = b->rc;
    if (rc == ONC_OK) rc = onc_db_step(b->st, &row, b->err);
    if (rc == ONC_OK && row) *id = onc_db_column_int64(b->st, 0);
    onc_err_t ignored = {0};
    onc_rc rr = onc_db_reset(b->st, rc == ONC_OK ? b->err : &ignored);
    return rc != ONC_OK ? rc : rr;
}

static onc_rc put_study(onc_attr_writer_t *w, const onc_study_info_t *s, const char *actor, onc_err_t *err)
{
    store_binder_t b;
    int64_t existing = 0;
    bind(w, A_STUDY_FIND, &b, err);
    sb_text(&b, s->study_key);
    onc_rc rc = run_find(&b, &existing);
    if (rc != ONC_OK) return rc;
    char now[32];
    store_now(now);
    bind(w, existing ? A_STUDY_UPDATE : A_STUDY_INSERT, &b, err);
    const char *cols[] = {s->study_key, s->name, s->description, s->type_of_cancer, s->citation, s->pmid, s->source,
                          now, actor};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) sb_text(&b, cols[i]);
    if (!existing) return b.rc != ONC_OK ? b.rc : store_run_id(b.st, &w->study_id, err);
    sb_i64(&b, existing);
    w->study_id = existing;
    return run_bound(&b);
}

static onc_rc put_defs(onc_attr_writer_t *w, const onc_attr_def_t *defs, size_t n, onc_err_t *err)
{
    store_binder_t b;
    bind(w, A_DEFS_DELETE, &b, err);
    sb_i64(&b, w->study_id);
    onc_rc rc = run_bound(&b);
    for (size_t i = 0; rc == ONC_OK && i < n; i++) {
        const onc_attr_def_t *d = &defs[i];
        if (!onc_attr_level_name(d->level) || !onc_attr_type_name(d->datatype) || !d->id)
            return onc_err_set(err, ONC_EINVAL, "study %s: attribute %zu: no id, level or datatype", w->study_key, i);
        bind(w, A_DEF, &b, err);
        sb_i64(&b, w->study_id);
        sb_text(&b, onc_attr_level_name(d->level));
        sb_text(&b, d->id);
        sb_i64(&b, (int64_t)i);
        sb_text(&b, d->display_name);
        sb_text(&b, d->description);
        sb_text(&b, onc_attr_type_name(d->datatype));
        sb_int(&b, d->priority);
        rc = run_bound(&b);
    }
    return rc;
}

onc_rc onc_attr_writer_open(onc_db_t *db, const onc_study_info_t *study, const onc_attr_def_t *defs, size_t n,
                            const char *actor, onc_attr_writer_t **out, onc_err_t *err)
{
    *out = NULL;
    if (!study || !study->study_key || !*study->study_key)
        return onc_err_set(err, ONC_EINVAL, "store: a study needs its identifier (cancer_study_identifier)");
    onc_rc rc = store_need_transaction(db, "storing clinical attributes", err);
    if (rc != ONC_OK) return rc;
    onc_attr_writer_t *w = calloc(1, sizeof *w);
    if (!w || !(w->study_key = strdup(study->study_key))) {
        free(w);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    w->db = db;
    if (!actor) actor = "os:unknown";
    rc = store_prepare_all(db, attr_sql, w->st, A_N, err);
    if (rc == ONC_OK) rc = put_study(w, study, actor, err);
    if (rc == ONC_OK) rc = put_defs(w, defs, n, err);
    char detail[160];
    snprintf(detail, sizeof detail, "study %.80s: %zu clinical attribute definitions", study->study_key, n);
    if (rc == ONC_OK) rc = store_audit(db, actor, "import", "study", NULL, detail, err);
    if (rc != ONC_OK) {
        onc_attr_writer_close(w);
        return rc;
    }
    *out = w;
    return ONC_OK;
}

void onc_attr_writer_close(onc_attr_writer_t *w)
{
    if (!w) return;
    store_finalize_all(w->st, A_N);
    free(w->study_key);
    free(w);
}

static onc_rc put_value(onc_attr_writer_t *w, int which, int64_t owner, const onc_attr_value_t *v, onc_err_t *err)
{
    if (!v->id || !v->value || !*v->value || !onc_attr_type_name(v->datatype))
        return onc_err_set(err, ONC_EINVAL, "store: an attribute value without id, text or datatype");
    store_binder_t b;
    bind(w, which, &b, err);
    sb_i64(&b, owner);
    sb_text(&b, v->id);
    sb_text(&b, v->value);
    sb_text(&b, onc_attr_type_name(v->datatype));
    sb_i64(&b, w->study_id);
    return run_bound(&b);
}

static onc_rc put_survival(onc_attr_writer_t *w, int64_t pid, const onc_survival_t *s, onc_err_t *err)
{
    store_binder_t b;
    bind(w, A_SURV, &b, err);
    sb_i64(&b, pid);
    sb_text(&b, s->endpoint);
    sb_dbl(&b, s->months);
    sb_tri(&b, s->event);
    sb_text(&b, s->status);
    sb_i64(&b, w->study_id);
    return run_bound(&b);
}

static onc_rc clear_patient(onc_attr_writer_t *w, int64_t pid, onc_err_t *err)
{
    onc_rc rc = ONC_OK;
    for (int which = A_DEL_PATTR; rc == ONC_OK && which <= A_DEL_SURV; which++) {
        store_binder_t b;
        bind(w, which, &b, err);
        sb_i64(&b, pid);
        rc = run_bound(&b);
    }
    store_binder_t b;
    bind(w, A_LINK, &b, err);
    sb_i64(&b, w->study_id);
    sb_i64(&b, pid);
    return rc != ONC_OK ? rc : run_bound(&b);
}

static onc_rc put_sample(onc_attr_writer_t *w, int64_t pid, const onc_attr_patient_t *p, const onc_attr_sample_t *s,
                         onc_err_t *err)
{
    store_binder_t b;
    int64_t sid = 0;
    bind(w, A_SAMPLE, &b, err);
    sb_i64(&b, pid);
    sb_text(&b, s->sample_id);
    onc_rc rc = run_find(&b, &sid);
    if (rc == ONC_OK && !sid)
        return onc_err_set(err, ONC_ENOTFOUND, "patient %s: sample %s is not in the registry", p->patient_id,
                           s->sample_id ? s->sample_id : "(none)");
    for (size_t i = 0; rc == ONC_OK && i < s->n_values; i++) rc = put_value(w, A_SATTR, sid, &s->values[i], err);
    return rc;
}

onc_rc onc_attr_writer_put(onc_attr_writer_t *w, const onc_attr_patient_t *p, const char *actor, onc_err_t *err)
{
    if (!w || !p || !p->patient_id) return onc_err_set(err, ONC_EINVAL, "store: no patient's attributes to write");
    store_binder_t b;
    int64_t pid = 0;
    bind(w, A_PATIENT, &b, err);
    sb_text(&b, p->patient_id);
    onc_rc rc = run_find(&b, &pid);
    if (rc == ONC_OK && !pid)
        return onc_err_set(err, ONC_ENOTFOUND, "patient %s is not in the registry", p->patient_id);
    if (rc == ONC_OK) rc = clear_patient(w, pid, err);
    for (size_t i = 0; rc == ONC_OK && i < p->n_values; i++) rc = put_value(w, A_PATTR, pid, &p->values[i], err);
    for (size_t i = 0; rc == ONC_OK && i < p->n_survival; i++) rc = put_survival(w, pid, &p->survival[i], err);
    for (size_t i = 0; rc == ONC_OK && i < p->n_samples; i++) rc = put_sample(w, pid, p, &p->samples[i], err);
    if (rc != ONC_OK) return rc;
    size_t n_sample_values = 0;
    for (size_t i = 0; i < p->n_samples; i++) n_sample_values += p->samples[i].n_values;
    char detail[200];
    snprintf(detail, sizeof detail, "study %.80s: %zu patient attributes, %zu survival endpoints, %zu sample attributes",
             w->study_key, p->n_values, p->n_survival, n_sample_values);
    return store_audit(w->db, actor, "update", "clinical_attributes", p->patient_id, detail, err);
}

/* ---- reading ---- */

/* A copy of column col's text in a (NULL for SQL NULL); *oom set when the copy failed. */
static const char *col_text(onc_arena_t *a, onc_db_stmt_t *st, int col, int *oom)
{
    const char *s = onc_db_column_text(st, col);
    if (!s) return NULL;
    char *copy = onc_arena_strdup(a, s);
    if (!copy) *oom = 1;
    return copy;
}

static onc_rc read_studies(onc_db_t *db, onc_attr_catalog_t *c, int64_t **ids, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db,
                               "SELECT id, study_key, name, description, type_of_cancer, citation, pmid, source, "
                               "imported_at, imported_by FROM studies ORDER BY id",
                               &st, err);
    size_t cap = 0, idcap = 0;
    bool row = true;
    int oom = 0;
    while (rc == ONC_OK && !oom && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_study_info_t *grown = onc_arena_grow(c->arena, c->studies, &cap, c->n_studies, sizeof *grown);
        int64_t *idg = onc_arena_grow(c->arena, *ids, &idcap, c->n_studies, sizeof *idg);
        if (!grown || !idg) break;
        c->studies = grown, *ids = idg;
        (*ids)[c->n_studies] = onc_db_column_int64(st, 0);
        onc_study_info_t *s = &c->studies[c->n_studies++];
        const char **cols[] = {&s->study_key, &s->name, &s->description, &s->type_of_cancer, &s->citation,
                               &s->pmid, &s->source, &s->imported_at, &s->imported_by};
        for (int k = 0; k < 9; k++) *cols[k] = col_text(c->arena, st, k + 1, &oom);
    }
    onc_db_finalize(st);
    if (rc == ONC_OK && (oom || row)) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    return rc;
}

static size_t study_index(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id) return i;
    return n;
}

static onc_rc read_defs(onc_db_t *db, onc_attr_catalog_t *c, const int64_t *ids, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db,
                               "SELECT study_id, level, attr_id, display_name, description, datatype, priority "
                               "FROM clinical_attribute_defs ORDER BY study_id, "
                               "CASE level WHEN 'patient' THEN 0 ELSE 1 END, ordinal",
                               &st, err);
    size_t cap = 0, scap = 0;
    bool row = true;
    int oom = 0;
    while (rc == ONC_OK && !oom && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_attr_def_t *grown = onc_arena_grow(c->arena, c->defs, &cap, c->n_defs, sizeof *grown);
        size_t *sg = onc_arena_grow(c->arena, c->def_study, &scap, c->n_defs, sizeof *sg);
        if (!grown || !sg) break;
        c->defs = grown, c->def_study = sg;
        c->def_study[c->n_defs] = study_index(ids, c->n_studies, onc_db_column_int64(st, 0));
        onc_attr_def_t *d = &c->defs[c->n_defs++];
        const char *level = onc_db_column_text(st, 1);
        d->level = level && strcmp(level, "sample") == 0 ? ONC_ATTR_SAMPLE : ONC_ATTR_PATIENT;
        d->id = col_text(c->arena, st, 2, &oom);
        d->display_name = col_text(c->arena, st, 3, &oom);
        d->description = col_text(c->arena, st, 4, &oom);
        d->datatype = onc_attr_type_parse(onc_db_column_text(st, 5));
        d->priority = onc_db_column_is_null(st, 6) ? ONC_INT_MISSING : (int32_t)onc_db_column_int64(st, 6);
    }
    onc_db_finalize(st);
    if (rc == ONC_OK && (oom || row)) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    return rc;
}

onc_rc onc_store_attr_catalog(onc_db_t *db, onc_attr_catalog_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_rc rc = store_need_transaction(db, "reading clinical attribute definitions", err);
    if (rc != ONC_OK) return rc;
    if (!(out->arena = onc_arena_new())) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    int64_t *ids = NULL;
    rc = read_studies(db, out, &ids, err);
    if (rc == ONC_OK) rc = read_defs(db, out, ids, err);
    if (rc != ONC_OK) onc_attr_catalog_free(out);
    return rc;
}

void onc_attr_catalog_free(onc_attr_catalog_t *c)
{
    if (!c) return;
    onc_arena_free(c->arena);
    memset(c, 0, sizeof *c);
}

/* A patient's attributes as read, with the arena that holds them (p first: the public pointer). */
typedef struct attr_holder {
    onc_attr_patient_t p;
    onc_arena_t *arena;
} attr_holder_t;

void onc_attr_patient_free(onc_attr_patient_t *p)
{
    if (!p) return;
    attr_holder_t *h = (attr_holder_t *)p;
    onc_arena_t *a = h->arena;
    free(h);
    onc_arena_free(a);
}

enum { R_PAT, R_PATTR, R_SURV, R_SAMPLE, R_SATTR, R_N };
static const char *const read_sql[R_N] = {
    [R_PAT] = "SELECT id FROM patients WHERE external_id = ?",
    [R_PATTR] = "SELECT attr_id, value, datatype FROM patient_attributes WHERE patient_id = ?",
    [R_SURV] = "SELECT endpoint, months, event, status FROM survival_endpoints WHERE patient_id = ?",
    [R_SAMPLE] = "SELECT id, sample_key FROM samples WHERE patient_id = ? ORDER BY ordinal",
    [R_SATTR] = "SELECT attr_id, value, datatype FROM sample_attributes WHERE sample_id = ?",
};

static int cmp_value(const void *a, const void *b)
{
    return strcmp(((const onc_attr_value_t *)a)->id, ((const onc_attr_value_t *)b)->id);
}

static int cmp_survival(const void *a, const void *b)
{
    return strcmp(((const onc_survival_t *)a)->endpoint, ((const onc_survival_t *)b)->endpoint);
}

/* The values of one owner (patient or sample id) from statement st (attr_id, value, datatype). */
static onc_rc read_values(onc_arena_t *a, onc_db_stmt_t *st, int64_t owner, onc_attr_value_t **out, size_t *n,
                          onc_err_t *err)
{
    size_t cap = 0;
    bool row = true;
    int oom = 0;
    onc_rc rc = onc_db_bind_int64(st, 1, owner, err);
    while (rc == ONC_OK && !oom && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_attr_value_t *grown = onc_arena_grow(a, *out, &cap, *n, sizeof *grown);
        if (!grown) break;
        *out = grown;
        onc_attr_value_t *v = &(*out)[(*n)++];
        v->id = col_text(a, st, 0, &oom);
        v->value = col_text(a, st, 1, &oom);
        v->datatype = onc_attr_type_parse(onc_db_column_text(st, 2));
    }
    onc_err_t ignored = {0};
    onc_db_reset(st, &ignored);
    if (rc == ONC_OK && (oom || row)) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK && *n) qsort(*out, *n, sizeof **out, cmp_value);
    return rc;
}

static onc_rc read_survival(onc_arena_t *a, onc_db_stmt_t *st, int64_t pid, onc_attr_patient_t *p, onc_err_t *err)
{
    size_t cap = 0;
    bool row = true;
    int oom = 0;
    onc_rc rc = onc_db_bind_int64(st, 1, pid, err);
    while (rc == ONC_OK && !oom && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_survival_t *grown = onc_arena_grow(a, p->survival, &cap, p->n_survival, sizeof *grown);
        if (!grown) break;
        p->survival = grown;
        onc_survival_t *s = &p->survival[p->n_survival++];
        s->endpoint = col_text(a, st, 0, &oom);
        s->months = onc_db_column_double(st, 1);
        s->event = onc_db_column_is_null(st, 2) ? ONC_TRI_UNKNOWN
                   : onc_db_column_int64(st, 2)  ? ONC_TRI_TRUE
                                                 : ONC_TRI_FALSE;
        s->status = col_text(a, st, 3, &oom);
    }
    onc_err_t ignored = {0};
    onc_db_reset(st, &ignored);
    if (rc == ONC_OK && (oom || row)) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK && p->n_survival) qsort(p->survival, p->n_survival, sizeof *p->survival, cmp_survival);
    return rc;
}

static onc_rc read_samples(onc_arena_t *a, onc_db_stmt_t **st, int64_t pid, onc_attr_patient_t *p, onc_err_t *err)
{
    size_t cap = 0, idcap = 0;
    int64_t *ids = NULL;
    bool row = true;
    int oom = 0;
    onc_rc rc = onc_db_bind_int64(st[R_SAMPLE], 1, pid, err);
    while (rc == ONC_OK && !oom && (rc = onc_db_step(st[R_SAMPLE], &row, err)) == ONC_OK && row) {
        onc_attr_sample_t *grown = onc_arena_grow(a, p->samples, &cap, p->n_samples, sizeof *grown);
        int64_t *ig = onc_arena_grow(a, ids, &idcap, p->n_samples, sizeof *ig);
        if (!grown || !ig) break;
        p->samples = grown, ids = ig;
        ids[p->n_samples] = onc_db_column_int64(st[R_SAMPLE], 0);
        p->samples[p->n_samples++].sample_id = col_text(a, st[R_SAMPLE], 1, &oom);
    }
    onc_err_t ignored = {0};
    onc_db_reset(st[R_SAMPLE], &ignored);
    if (rc == ONC_OK && (oom || row)) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ONC_OK && i < p->n_samples; i++)
        rc = read_values(a, st[R_SATTR], ids[i], &p->samples[i].values, &p->samples[i].n_values, err);
    return rc;
}

static onc_rc read_patient(onc_db_stmt_t **st, attr_holder_t *h, const char *patient_id, onc_err_t *err)
{
    int64_t pid = 0;
    store_binder_t b;
    sb_start(&b, st[R_PAT], err);
    sb_text(&b, patient_id);
    onc_rc rc = run_find(&b, &pid);
    if (rc == ONC_OK && !pid) return onc_err_set(err, ONC_ENOTFOUND, "patient %s is not in the registry", patient_id);
    if (rc == ONC_OK && !(h->p.patient_id = onc_arena_strdup(h->arena, patient_id)))
        rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) rc = read_values(h->arena, st[R_PATTR], pid, &h->p.values, &h->p.n_values, err);
    if (rc == ONC_OK) rc = read_survival(h->arena, st[R_SURV], pid, &h->p, err);
    if (rc == ONC_OK) rc = read_samples(h->arena, st, pid, &h->p, err);
    return rc;
}

onc_rc onc_store_attr_get(onc_db_t *db, const char *patient_id, const char *actor, onc_attr_patient_t **out,
                          onc_err_t *err)
{
    *out = NULL;
    if (!patient_id) return onc_err_set(err, ONC_EINVAL, "store: no patient id");
    onc_rc rc = store_need_transaction(db, "reading clinical attributes", err);
    if (rc != ONC_OK) return rc;
    attr_holder_t *h = calloc(1, sizeof *h);
    if (!h || !(h->arena = onc_arena_new())) {
        free(h);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    onc_db_stmt_t *st[R_N];
    rc = store_prepare_all(db, read_sql, st, R_N, err);
    if (rc == ONC_OK) {
        rc = read_patient(st, h, patient_id, err);
        store_finalize_all(st, R_N);
    }
    if (rc == ONC_OK) rc = store_audit(db, actor, "read", "patient", patient_id, "clinical attributes", err);
    if (rc != ONC_OK) {
        onc_attr_patient_free(&h->p);
        return rc;
    }
    *out = &h->p;
    return ONC_OK;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static onc_rc push_id(char ***ids, size_t *n, size_t *cap, const char *id, onc_err_t *err)
{
    if (*n == *cap) {
        size_t cap2 = *cap ? *cap * 2 : 64;
        char **grown = realloc(*ids, cap2 * sizeof *grown);
        if (!grown) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        *ids = grown, *cap = cap2;
    }
    if (!((*ids)[*n] = strdup(id ? id : ""))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    (*n)++;
    return ONC_OK;
}

onc_rc onc_store_study_patients(onc_db_t *db, const char *study_key, const char *actor, char ***ids, size_t *n,
                                onc_err_t *err)
{
    *ids = NULL;
    *n = 0;
    size_t cap = 0;
    onc_rc rc = store_need_transaction(db, "listing a study's patients", err);
    onc_db_stmt_t *find = NULL, *st = NULL;
    if (rc == ONC_OK) rc = onc_db_prepare(db, "SELECT id FROM studies WHERE study_key = ?", &find, err);
    int64_t sid = 0;
    if (rc == ONC_OK) {
        store_binder_t b;
        sb_start(&b, find, err);
        sb_text(&b, study_key);
        rc = run_find(&b, &sid);
    }
    if (rc == ONC_OK && !sid) rc = onc_err_set(err, ONC_ENOTFOUND, "study %s is not in the registry", study_key);
    if (rc == ONC_OK)
        rc = onc_db_prepare(db,
                            "SELECT p.external_id FROM study_patients sp JOIN patients p ON p.id = sp.patient_id "
                            "WHERE sp.study_id = ?",
                            &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, sid, err);
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row)
        rc = push_id(ids, n, &cap, onc_db_column_text(st, 0), err);
    onc_db_finalize(find);
    onc_db_finalize(st);
    if (rc == ONC_OK && *n) qsort(*ids, *n, sizeof **ids, cmp_str);
    if (rc == ONC_OK) rc = store_audit(db, actor, "list", "patient", NULL, "patients of a study", err);
    if (rc != ONC_OK) {
        for (size_t i = 0; i < *n; i++) free((*ids)[i]);
        free(*ids);
        *ids = NULL, *n = 0;
    }
    return rc;
}
