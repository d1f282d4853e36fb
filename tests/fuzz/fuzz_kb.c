/* fuzz_kb.c: the document loader (doc.h) and the knowledge-base matcher on arbitrary bytes.
 *
 * Each input is parsed as YAML, as JSON and with format detection, under small limits so that
 * the depth and node caps are reached too. For a document that parses, every node's line is
 * asked for (and must not exceed the input's line count), and every string scalar (up to a
 * few) is matched as an alteration of a few genes against the test base tests/data/kb/mini,
 * loaded once, so that the alteration grammar and the matcher see the fuzzer's strings.
 * A parse error is a fine outcome; a crash, a leak or a sanitizer report is a bug. */
#include "oncoboard/doc.h"
#include "oncoboard/kb.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MATCHES_MAX 16

static onc_kb_t *kb;
static onc_kb_match_t match;
static uint64_t n_lines;
static int n_matches;

static void walk(const onc_doc_t *d, json_t *v)
{
    if (onc_doc_line(d, v) > n_lines) abort();
    if (json_is_object(v)) {
        const char *key;
        json_t *m;
        json_object_foreach(v, key, m) {
            if (onc_doc_member_line(d, v, key) > n_lines) abort();
            walk(d, m);
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) walk(d, json_array_get(v, i));
    } else if (json_is_string(v) && kb && n_matches < FUZZ_MATCHES_MAX) {
        static const char *const genes[] = {"EGFR", "KRAS", "ALK", "Other Biomarkers"};
        onc_err_t e = {0};
        n_matches++;
        for (size_t i = 0; i < sizeof genes / sizeof *genes; i++)
            (void)onc_kb_match_text(kb, genes[i], json_string_value(v), -1, i % 2 ? "LUAD" : NULL, &match, &e);
        (void)onc_kb_match_text(kb, "EGFR", json_string_value(v), ONC_KIND_FUSION, "MEL", &match, &e);
    }
}

static void parse(const uint8_t *data, size_t size, onc_doc_format f)
{
    onc_doc_limits_t lim = {size + 1, 32, 20000};
    onc_err_t e = {0};
    onc_doc_t *d = onc_doc_parse((const char *)data, size, "fuzz", f, &lim, &e);
    if (!d) {
        if (!e.msg[0]) abort(); /* a failure always says why */
        return;
    }
    n_matches = 0;
    walk(d, onc_doc_root(d));
    onc_doc_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!kb) {
        onc_err_t e = {0};
        kb = onc_kb_load("tests/data/kb/mini", &e); /* NULL when run elsewhere: the documents only */
    }
    n_lines = 1;
    for (size_t i = 0; i < size; i++) n_lines += data[i] == '\n' || data[i] == '\r';
    parse(data, size, ONC_DOC_YAML);
    parse(data, size, ONC_DOC_JSON);
    parse(data, size, ONC_DOC_AUTO);
    return 0;
}
