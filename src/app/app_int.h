/* app_int.h: the app layer's own types (app.h is the public face): the loaded context, the
 * cached registry portfolio, and the pieces app.c, app_patient.c and app_portfolio.c share. */
#ifndef ONCOBOARD_APP_INT_H
#define ONCOBOARD_APP_INT_H

#include "oncoboard/app.h"
#include "oncoboard/classify.h"
#include "oncoboard/gene.h"
#include "oncoboard/oncotree.h"

#include <pthread.h>
#include <stdint.h>

/* The registry's active portfolio as one load saw it: the trials, the registry they came from
 * and the mark that tells a later change (app_portfolio.c). Shared by every report that uses it:
 * freed when the cache has moved on and the last user released it. */
typedef struct app_portfolio {
    onc_trials_t *trials;
    char *url;       /* the registry's redacted URL */
    int64_t mark[4]; /* active count, sum and max of active ids, max id of all versions */
    unsigned refs;   /* the cache's reference and each user's; under onc_app.lock */
} app_portfolio_t;

struct onc_app {
    onc_kb_t *owned_kb;
    const onc_kb_t *kb;
    char *kb_dir;              /* NULL: the built-in knowledge base (or $ONCOBOARD_KB) */
    const char *reader_kb_dir; /* kb_dir when it has the gene tables, else NULL */
    onc_oncotree_t *oncotree;
    onc_genes_t *genes;
    onc_match_ctx_t ctx;
    bool fixed_date;           /* opts.comparison_date given */
    onc_date_t comparison_date;
    bool no_version;
    char *command, *tumor_type, *trials_path;
    onc_trials_t *trials;      /* from trials_path */
    /* the only state written after open: the cached registry portfolio */
    pthread_mutex_t lock;
    app_portfolio_t *portfolio;
};

/* Classifies c against the app's knowledge base (tumor_type NULL: the case's) as of today. */
onc_rc app_classify(const onc_app_t *app, const onc_case_t *c, const char *tumor_type, onc_date_t today,
                    onc_classification_t **out, onc_err_t *err);
/* The eligible and potential rows of patients[0..n) against trials as Match JSON (a new array
 * in *rows), criteria judged as of today unless the app has a comparison date. */
onc_rc app_match_rows(const onc_app_t *app, const onc_match_patient_t *const *patients, size_t n,
                      const onc_trials_t *trials, onc_date_t today, json_t **rows, onc_err_t *err);

/* The registry's active portfolio (inside db's transaction): the cached one when the registry's
 * mark has not moved, else loaded again (the read audited under actor) and cached. Release it
 * with app_portfolio_release. */
onc_rc app_portfolio_get(onc_app_t *app, onc_db_t *db, const char *actor, app_portfolio_t **out, onc_err_t *err);
void app_portfolio_release(onc_app_t *app, app_portfolio_t *p); /* accepts NULL */
void app_portfolio_free(app_portfolio_t *p);                     /* accepts NULL */


#endif
