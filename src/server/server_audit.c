/* server_audit.c: the server's reads recorded in groups (audit.h, "reads recorded in groups").
 * Each request collects the "read" entries its handler appends; before the answer is sent they go
 * to the one writer thread, which appends everything that arrived meanwhile in one transaction on
 * its own connection, commits, anchors the head, and wakes the requests of that group. Fifty
 * readers then share one synchronous write instead of queueing for fifty (docs/server.md,
 * docs/benchmarks-server.md). A group that cannot be written fails every request in it: the
 * server answers 503 and sends none of the data read (fail closed). */
#include "server_int.h"

#include "oncoboard/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One request waiting for its entries' group. */
struct srv_audit_ticket {
    srv_audit_entries_t *entries;
    bool done;
    onc_rc rc;
    struct srv_audit_ticket *next;
};

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void entry_free(onc_audit_entry_t *e)
{
    free((char *)e->actor), free((char *)e->action), free((char *)e->entity);
    free((char *)e->entity_id), free((char *)e->patient_id), free((char *)e->detail);
}

void srv_audit_entries_free(srv_audit_entries_t *l)
{
    for (size_t i = 0; i < l->n; i++) entry_free(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

onc_rc srv_audit_collect(const onc_audit_entry_t *e, void *ctx, onc_err_t *err)
{
    srv_audit_entries_t *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        onc_audit_entry_t *v = realloc(l->v, cap * sizeof *v);
        if (!v) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    onc_audit_entry_t c = {dup_or_null(e->actor), dup_or_null(e->action), dup_or_null(e->entity),
                           dup_or_null(e->entity_id), dup_or_null(e->patient_id), dup_or_null(e->detail)};
    if ((e->actor && !c.actor) || (e->action && !c.action) || (e->entity && !c.entity) ||
        (e->entity_id && !c.entity_id) || (e->patient_id && !c.patient_id) || (e->detail && !c.detail)) {
        entry_free(&c);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    l->v[l->n++] = c;
    return ONC_OK;
}

/* Appends the group's entries in one transaction and anchors it. */
static onc_rc write_group(onc_db_t *db, struct srv_audit_ticket *group, onc_err_t *err)
{
    onc_audit_appender_t *a = NULL;
    onc_rc rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = onc_audit_appender_open(db, &a, err);
    for (struct srv_audit_ticket *t = group; rc == ONC_OK && t; t = t->next)
        for (size_t i = 0; rc == ONC_OK && i < t->entries->n; i++) rc = onc_audit_appender_add(a, &t->entries->v[i], err);
    onc_audit_appender_close(a);
    if (rc == ONC_OK) rc = onc_app_commit(db, err);
    if (rc != ONC_OK) (void)onc_db_rollback(db, NULL);
    return rc;
}

static void *writer(void *arg)
{
    srv_auditq_t *q = arg;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        while (!q->pending && !q->stop) pthread_cond_wait(&q->work, &q->lock);
        if (!q->pending) break; /* stopping, nothing left */
        struct srv_audit_ticket *group = NULL; /* in order of arrival: pending is last-in first */
        while (q->pending) {
            struct srv_audit_ticket *t = q->pending;
            q->pending = t->next;
            t->next = group;
            group = t;
        }
        pthread_mutex_unlock(&q->lock);
        onc_err_t err = {0};
        onc_rc rc = write_group(q->db, group, &err);
        if (rc != ONC_OK) fprintf(stderr, "serve: error: the audit log could not record reads: %s\n", err.msg);
        pthread_mutex_lock(&q->lock);
        for (struct srv_audit_ticket *t = group; t; t = t->next) {
            t->done = true;
            t->rc = rc;
        }
        pthread_cond_broadcast(&q->done);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

onc_rc srv_auditq_start(srv_auditq_t *q, const char *url, onc_err_t *err)
{
    memset(q, 0, sizeof *q);
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->work, NULL);
    pthread_cond_init(&q->done, NULL);
    q->initialised = true;
    onc_rc rc = onc_db_open(url, NULL, &q->db, err);
    if (rc != ONC_OK) return rc;
    if (pthread_create(&q->thread, NULL, writer, q) != 0)
        return onc_err_set(err, ONC_EINTERNAL, "cannot start the audit writer thread");
    q->running = true;
    return ONC_OK;
}

onc_rc srv_auditq_record(srv_auditq_t *q, srv_audit_entries_t *entries)
{
    if (entries->n == 0) return ONC_OK;
    struct srv_audit_ticket t = {.entries = entries};
    pthread_mutex_lock(&q->lock);
    if (!q->running) {
        pthread_mutex_unlock(&q->lock);
        return ONC_EINTERNAL;
    }
    t.next = q->pending;
    q->pending = &t;
    pthread_cond_signal(&q->work);
    while (!t.done) pthread_cond_wait(&q->done, &q->lock);
    pthread_mutex_unlock(&q->lock);
    return t.rc;
}

void srv_auditq_stop(srv_auditq_t *q)
{
    if (!q->initialised) return;
    if (q->running) {
        pthread_mutex_lock(&q->lock);
        q->stop = true;
        pthread_cond_signal(&q->work);
        pthread_mutex_unlock(&q->lock);
        pthread_join(q->thread, NULL);
    }
    onc_db_close(q->db);
    pthread_cond_destroy(&q->done);
    pthread_cond_destroy(&q->work);
    pthread_mutex_destroy(&q->lock);
    q->initialised = false;
}
