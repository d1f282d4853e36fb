/* app_portfolio.c: the registry's active portfolio, cached for every report of the app.
 *
 * Compiling the portfolio's CTML costs far more than a report, so it is loaded once and kept;
 * each call asks the registry one cheap question first: its mark, four numbers over the trials
 * table that move whenever the active portfolio changes (store_trials.c only ever inserts a new
 * version with a new, larger id and flips `active`): the count of active versions, the sum and
 * the maximum of their ids, and the largest id of any version. A new version raises the largest
 * id; a retired or re-activated one changes the count or the sum. The cache is keyed by the
 * registry's URL as well, so that one app may serve two registries (a test does).
 *
 * The cache's portfolio may be replaced while other threads still use the old one: each holder
 * has a reference (under the app's mutex) and the last one frees it. The mutex is never held
 * while the registry is read, so a thread waiting for it never holds up a transaction. On
 * PostgreSQL (read committed) the mark and the trials are two statements and may straddle another
 * process's commit: the portfolio is then newer than its mark, and the next call loads it again. */
#include "app_int.h"

#include "oncoboard/store_trials.h"

#include <stdlib.h>
#include <string.h>

static const char MARK_SQL[] = "SELECT count(*), CAST(coalesce(sum(id), 0) AS BIGINT), coalesce(max(id), 0), "
                               "(SELECT coalesce(max(id), 0) FROM trials) FROM trials WHERE active = 1";

static onc_rc read_mark(onc_db_t *db, int64_t mark[4], onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, MARK_SQL, &st, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    if (rc == ONC_OK && !row) rc = onc_err_set(err, ONC_EDB, "the trial portfolio's mark: no row");
    for (int i = 0; rc == ONC_OK && i < 4; i++) mark[i] = onc_db_column_int64(st, i);
    onc_db_finalize(st);
    return rc;
}

static bool same_state(const app_portfolio_t *p, const char *url, const int64_t mark[4])
{
    return p && strcmp(p->url, url) == 0 && memcmp(p->mark, mark, sizeof p->mark) == 0;
}

void app_portfolio_free(app_portfolio_t *p)
{
    if (!p) return;
    onc_trials_free(p->trials);
    free(p->url);
    free(p);
}

void app_portfolio_release(onc_app_t *app, app_portfolio_t *p)
{
    if (!p) return;
    pthread_mutex_lock(&app->lock);
    bool last = --p->refs == 0;
    pthread_mutex_unlock(&app->lock);
    if (last) app_portfolio_free(p);
}

/* The cached portfolio with a reference for the caller when it is the registry's state, else
 * NULL. */
static app_portfolio_t *cached(onc_app_t *app, const char *url, const int64_t mark[4])
{
    pthread_mutex_lock(&app->lock);
    app_portfolio_t *p = same_state(app->portfolio, url, mark) ? app->portfolio : NULL;
    if (p) p->refs++;
    pthread_mutex_unlock(&app->lock);
    return p;
}

/* Puts fresh (one reference, the caller's) into the cache, unless another thread cached the
 * same state meanwhile: then that one is the caller's and fresh is freed. */
static app_portfolio_t *install(onc_app_t *app, app_portfolio_t *fresh)
{
    app_portfolio_t *old = NULL, *mine = fresh;
    pthread_mutex_lock(&app->lock);
    if (same_state(app->portfolio, fresh->url, fresh->mark)) {
        mine = app->portfolio;
        mine->refs++;
    } else {
        old = app->portfolio;
        app->portfolio = fresh;
        fresh->refs++; /* the cache's */
        if (old && --old->refs > 0) old = NULL; /* still in use: its last user frees it */
    }
    pthread_mutex_unlock(&app->lock);
    if (mine != fresh) app_portfolio_free(fresh);
    app_portfolio_free(old);
    return mine;
}

onc_rc app_portfolio_get(onc_app_t *app, onc_db_t *db, const char *actor, app_portfolio_t **out, onc_err_t *err)
{
    *out = NULL;
    int64_t mark[4];
    const char *url = onc_db_url_redacted(db);
    onc_rc rc = read_mark(db, mark, err);
    if (rc != ONC_OK || (*out = cached(app, url, mark))) return rc;
    app_portfolio_t *fresh = calloc(1, sizeof *fresh);
    if (!fresh || !(fresh->url = strdup(url))) {
        free(fresh);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    memcpy(fresh->mark, mark, sizeof fresh->mark);
    fresh->refs = 1;
    rc = onc_store_trials_active(db, &app->ctx, actor, NULL, 0, &fresh->trials, err);
    if (rc != ONC_OK) {
        app_portfolio_free(fresh);
        return rc;
    }
    *out = install(app, fresh);
    return ONC_OK;
}
