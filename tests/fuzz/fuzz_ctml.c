/* fuzz_ctml.c: arbitrary bytes as a CTML trial file, through onc_trials_load and
 * onc_trials_validate (both formats: the reader detects YAML or JSON, and newline-delimited
 * JSON). Oracle beyond "no crash": a failed load always has a message; validation of a file
 * that loads finds no problem; a loaded portfolio's trials all have an id. */
#include "fuzz_file.h"
#include "oncoboard/match.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static onc_oncotree_t *tree;

static void count_problem(const char *msg, void *ctx)
{
    if (!msg || !*msg) abort();
    ++*(long *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    onc_err_t err = {0};
    if (!tree && !(tree = onc_oncotree_load(NULL, &err))) abort();
    onc_match_ctx_t ctx = {.oncotree = tree};
    char path[64];
    if (fuzz_write_temp("ctml", data, size, path, sizeof path)) return 0;
    onc_trials_t *t = NULL;
    onc_rc rc = onc_trials_load(path, &ctx, &t, &err);
    if (rc != ONC_OK && !err.msg[0]) abort();
    for (size_t i = 0; i < onc_trials_count(t); i++)
        if (!onc_trial_id(onc_trials_at(t, i))) abort();
    long seen = 0;
    onc_err_t verr = {0};
    long problems = onc_trials_validate(path, &ctx, count_problem, &seen, &verr);
    if (problems >= 0 && problems != seen) abort();
    if (rc == ONC_OK && problems != 0) abort(); /* what loads is clean */
    onc_trials_free(t);
    unlink(path);
    return 0;
}
