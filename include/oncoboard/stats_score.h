/* stats_score.h: published response-prediction models (LORIS and the like) as data, applied to
 * the rows of a cohort table: the external validation of a published score on the unit's own
 * patients (docs/stats.md, "stats score").
 *
 * A model is a linear predictor S = intercept + sum of terms through a link (logistic: the
 * probability 1 / (1 + exp(-S)); identity: S itself). A numeric feature's term is
 * coefficient * (min(x, cap) - center) / scale; a categorical feature has one term per level,
 * on its 0/1 indicator, the same formula with x = 1 when the value is that level. Models are
 * rows of a tab-separated table, kb/response_models.tsv being the shipped one (its header comment
 * documents the columns); a user's file in the same format is read the same way, every error
 * naming the file, the line and the column.
 */
#ifndef ONCOBOARD_STATS_SCORE_H
#define ONCOBOARD_STATS_SCORE_H

#include "oncoboard/error.h"
#include "oncoboard/frame.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ONC_SCORE_KB_FILE "response_models.tsv"
#define ONC_SCORE_MAX_FEATURES 64   /* features of a model (a row's missing ones are a 64-bit mask) */
#define ONC_SCORE_MAX_TERMS 1024    /* numeric terms and levels of a model */
#define ONC_SCORE_MAX_MODELS 256    /* models in one file */
#define ONC_SCORE_TEXT_MAX 512      /* bytes of a name, a level, a unit or a citation */

typedef struct onc_score_model onc_score_model_t;

/* The model called name in text (a model table of len bytes, copied; file names it in messages).
 * name NULL: the text must hold exactly one model. ONC_EPARSE "FILE:LINE: field COLUMN: ..." for
 * a bad row (an unknown kind, a missing or non-numeric coefficient, a scale that is not
 * positive, a feature defined twice); ONC_ENOTFOUND naming the models there are. */
onc_rc onc_score_model_parse(const char *text, size_t len, const char *file, const char *name,
                             onc_score_model_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* The same from the file at path. */
onc_rc onc_score_model_read(const char *path, const char *name, onc_score_model_t **out,
                            onc_err_t *err) ONC_MUST_CHECK;
/* The shipped model name, from kb/response_models.tsv (kb_dir NULL: $ONCOBOARD_KB or the copy
 * built into the binary). */
onc_rc onc_score_model_load(const char *name, const char *kb_dir, onc_score_model_t **out,
                            onc_err_t *err) ONC_MUST_CHECK;
void onc_score_model_free(onc_score_model_t *m); /* accepts NULL */

const char *onc_score_model_name(const onc_score_model_t *m);
const char *onc_score_model_citation(const onc_score_model_t *m); /* the citation rows, "; "-joined */
const char *onc_score_model_link(const onc_score_model_t *m);     /* "logistic" or "identity" */
double onc_score_model_intercept(const onc_score_model_t *m);
size_t onc_score_model_n_features(const onc_score_model_t *m);
/* Feature i (< n_features), in the order of the table's rows. */
const char *onc_score_feature_name(const onc_score_model_t *m, size_t i);
const char *onc_score_feature_column(const onc_score_model_t *m, size_t i); /* "" when none */
const char *onc_score_feature_unit(const onc_score_model_t *m, size_t i);   /* "" when none */
bool onc_score_feature_categorical(const onc_score_model_t *m, size_t i);
/* A numeric feature's coefficient per unit of x, coefficient / scale (what a published formula
 * prints); NaN for a categorical feature. */
double onc_score_feature_per_unit(const onc_score_model_t *m, size_t i);
/* The index of the feature called name, or -1. */
int onc_score_feature_find(const onc_score_model_t *m, const char *name);

/* One patient's score. */
typedef struct onc_score {
    double linear;      /* S; NaN when a feature is missing */
    double value;       /* the link of S (the probability for logistic); NaN when S is */
    uint64_t missing;   /* bit i: feature i was missing */
    uint64_t unmatched; /* bit i: categorical feature i's value is none of its levels (indicators 0) */
} onc_score_t;

/* The score of one patient: num[i] the value of numeric feature i (NaN when missing; ignored
 * for a categorical feature), cat[i] the value of categorical feature i (NULL when missing;
 * may be NULL when the model has none). ONC_EINVAL "feature NAME: ..." for an infinite value or
 * one outside the feature's [min, max]. */
onc_rc onc_score_eval(const onc_score_model_t *m, const double *num, const char *const *cat,
                      onc_score_t *out, onc_err_t *err) ONC_MUST_CHECK;

/* Every row of f (read from file, named in messages) scored into out (rows(f) entries). columns[i] names feature i's column (may be
 * NULL, as may columns itself: then the model's column for it, else the feature's own name,
 * whichever f has). ONC_ENOTFOUND "FILE: no column for feature NAME ..." when f has none;
 * ONC_EPARSE / ONC_EINVAL "FILE:LINE: field COLUMN: ..." for a cell that is not a number or
 * out of range. used (may be NULL) receives the column used for each feature. */
onc_rc onc_score_frame(const onc_score_model_t *m, const onc_frame_t *f, const char *file,
                       const char *const *columns, onc_score_t *out, const char **used,
                       onc_err_t *err) ONC_MUST_CHECK;

#endif
