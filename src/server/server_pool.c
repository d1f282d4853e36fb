/* server_pool.c: the registry connections of the server, one per worker thread, opened and
 * schema-checked at start. A request borrows one for its duration; with as many connections as
 * workers nobody waits, but the condition variable keeps it correct if that ever changes. */
#include "server_int.h"

#include <stdlib.h>

onc_rc srv_pool_open(srv_pool_t *p, const char *url, size_t n, onc_err_t *err)
{
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    p->dbs = calloc(n, sizeof *p->dbs);
    p->busy = calloc(n, sizeof *p->busy);
    if (!p->dbs || !p->busy) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    for (size_t i = 0; i < n; i++) {
        onc_rc rc = onc_db_open(url, &o, &p->dbs[i], err);
        if (rc == ONC_OK) rc = onc_db_schema_check(p->dbs[i], err);
        p->n = i + 1;
        if (rc != ONC_OK) return rc;
    }
    return ONC_OK;
}

onc_db_t *srv_pool_take(srv_pool_t *p)
{
    pthread_mutex_lock(&p->lock);
    for (;;) {
        for (size_t i = 0; i < p->n; i++)
            if (!p->busy[i]) {
                p->busy[i] = true;
                pthread_mutex_unlock(&p->lock);
                return p->dbs[i];
            }
        pthread_cond_wait(&p->freed, &p->lock);
    }
}

void srv_pool_give(srv_pool_t *p, onc_db_t *db)
{
    if (!db) return;
    pthread_mutex_lock(&p->lock);
    for (size_t i = 0; i < p->n; i++)
        if (p->dbs[i] == db) p->busy[i] = false;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

void srv_pool_close(srv_pool_t *p)
{
    if (!p->dbs) return;
    for (size_t i = 0; i < p->n; i++) onc_db_close(p->dbs[i]);
    free(p->dbs);
    free(p->busy);
    p->dbs = NULL;
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
}
