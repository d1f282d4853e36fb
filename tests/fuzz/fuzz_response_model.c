/* fuzz_response_model.c: the response-model table reader (stats_score.c) on arbitrary bytes: it
 * loads a model or fails with a message, and what it loads holds: a citation, a link, at least one
 * feature, each named; scoring a patient with every value missing marks every feature missing and
 * gives no score, and scoring one with zeros (the first level for a categorical feature) gives a
 * score or a message. The input is read both as "the file's only model" and as the model "m". */
#include "oncoboard/stats_score.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_model(const onc_score_model_t *m)
{
    size_t nf = onc_score_model_n_features(m);
    if (!nf || nf > ONC_SCORE_MAX_FEATURES || !*onc_score_model_citation(m) || !*onc_score_model_name(m)) abort();
    if (strcmp(onc_score_model_link(m), "logistic") && strcmp(onc_score_model_link(m), "identity")) abort();
    double num[ONC_SCORE_MAX_FEATURES];
    const char *cat[ONC_SCORE_MAX_FEATURES];
    for (size_t i = 0; i < nf; i++) {
        if (!onc_score_feature_name(m, i)[0] || onc_score_feature_find(m, onc_score_feature_name(m, i)) != (int)i) abort();
        num[i] = NAN, cat[i] = NULL;
    }
    onc_score_t s;
    onc_err_t err = {0};
    if (onc_score_eval(m, num, cat, &s, &err) != ONC_OK) abort(); /* nothing to check: no error */
    uint64_t all = nf == 64 ? UINT64_MAX : ((uint64_t)1 << nf) - 1;
    if (s.missing != all || !isnan(s.linear) || !isnan(s.value) || s.unmatched) abort();
    for (size_t i = 0; i < nf; i++) num[i] = 0, cat[i] = "0";
    if (onc_score_eval(m, num, cat, &s, &err) != ONC_OK) {
        if (!err.msg[0]) abort();
    } else if (s.missing || isnan(s.linear)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {NULL, "m"};
    for (size_t k = 0; k < 2; k++) {
        onc_score_model_t *m = NULL;
        onc_err_t err = {0};
        if (onc_score_model_parse((const char *)data, size, "fuzz.tsv", names[k], &m, &err) != ONC_OK) {
            if (!err.msg[0] || m) abort();
            continue;
        }
        check_model(m);
        onc_score_model_free(m);
    }
    return 0;
}
