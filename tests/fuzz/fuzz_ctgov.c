/* fuzz_ctgov.c: arbitrary bytes through the ClinicalTrials.gov importer (onc_ctgov_to_ctml).
 *
 * Each input is used twice: as the record file itself (the JSON reader and the field checks),
 * and as the eligibility text of an otherwise valid record (the section, sentence and word
 * scanners, which real JSON would rarely reach intact). The built-in knowledge base, gene
 * tables and OncoTree are loaded once. Oracle beyond "no crash": a refused record has a
 * message; an accepted one has match lists (on the step, or on the arms when cohorts named
 * them, never both) that hold only leaves, each suggested leaf with a string "suggestion", or
 * "or" nodes of such leaves. */
#include "fuzz_file.h"
#include "oncoboard/match.h"

#include <string.h>

static onc_match_ctx_t ctx;

static void check_leaf(const json_t *n, int depth)
{
    if (!json_is_object(n)) abort();
    const json_t *alts = json_object_get(n, "or");
    if (alts) {
        if (depth > 0 || !json_is_array(alts) || json_array_size(alts) < 2) abort();
        for (size_t i = 0; i < json_array_size(alts); i++) check_leaf(json_array_get(alts, i), depth + 1);
        return;
    }
    const json_t *q = json_object_get(n, "suggestion");
    if (!json_object_get(n, "genomic") && !json_object_get(n, "clinical")) abort();
    if (q && !json_is_string(q)) abort();
    if (depth > 0 && !q) abort();
}

/* A level's match, when it has one, is one "and" of leaves. */
static void check_match(const json_t *level)
{
    const json_t *m = json_object_get(level, "match");
    if (!m) return;
    const json_t *and_list = json_object_get(json_array_get(m, 0), "and");
    if (!json_is_array(and_list) || json_array_size(and_list) == 0) abort();
    for (size_t i = 0; i < json_array_size(and_list); i++) check_leaf(json_array_get(and_list, i), 0);
}

static void check_ctml(const json_t *t)
{
    const json_t *step = json_array_get(json_object_get(json_object_get(t, "treatment_list"), "step"), 0);
    if (!step || !json_is_string(json_object_get(t, "nct_id"))) abort();
    check_match(step);
    const json_t *arms = json_object_get(step, "arm");
    for (size_t i = 0; i < json_array_size(arms); i++) {
        check_match(json_array_get(arms, i));
        if (json_object_get(step, "match") && json_object_get(json_array_get(arms, i), "match")) abort();
    }
}

static void run(const char *path)
{
    onc_err_t e = {0};
    json_t *t = onc_ctgov_to_ctml(path, &ctx, &e);
    if (!t && !e.msg[0]) abort();
    if (t) check_ctml(t);
    json_decref(t);
}

/* The bytes as eligibility text (bytes that are not UTF-8 become '?', as JSON needs text). */
static json_t *record_with_text(const uint8_t *data, size_t size)
{
    json_t *text = json_stringn((const char *)data, size);
    if (!text) {
        char *copy = malloc(size ? size : 1);
        if (!copy) return NULL;
        for (size_t i = 0; i < size; i++) copy[i] = data[i] < 0x80 && data[i] ? (char)data[i] : '?';
        text = json_stringn(copy, size);
        free(copy);
    }
    return json_pack("{s:{s:{s:s},s:{s:o,s:s,s:s}}}", "protocolSection", "identificationModule", "nctId",
                     "NCT99999903", "eligibilityModule", "eligibilityCriteria", text, "sex", "ALL", "minimumAge",
                     "18 Years");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx.kb) {
        onc_err_t e = {0};
        ctx.oncotree = onc_oncotree_load(NULL, &e);
        ctx.kb = onc_kb_load(NULL, &e);
        ctx.genes = onc_genes_load(NULL, &e);
        if (!ctx.oncotree || !ctx.kb || !ctx.genes) abort();
    }
    char path[64];
    if (fuzz_write_temp("ctgov", data, size, path, sizeof path) != 0) return 0;
    run(path);
    json_t *rec = record_with_text(data, size);
    if (rec && json_dump_file(rec, path, 0) == 0) run(path);
    json_decref(rec);
    unlink(path);
    return 0;
}
