/* fuzz_kb.c: the document loader (doc.h), the knowledge-base loader and the matcher on
 * arbitrary bytes.
 *
 * Each input is parsed as YAML, as JSON and with format detection, under small limits so that
 * the depth and node caps are reached too. For a document that parses, every node's line is
 * asked for (and must not exceed the input's line count), and every string scalar (up to a
 * few) is matched as an alteration of a few genes against the test base tests/data/kb/mini,
 * loaded once, so that the alteration grammar and the matcher see the fuzzer's strings.
 * A YAML mapping is also put in place of the kb file its keys suggest (an evidence file, the
 * manifest, groups, immunotherapy settings, sources) in a private copy of that base, which is
 * then validated and loaded, so that every field check of the loader runs.
 * A parse error is a fine outcome; a crash, a leak or a sanitizer report is a bug. */
#include "oncoboard/doc.h"
#include "oncoboard/kb.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MINI "tests/data/kb/mini"
static const char *const FILES[] = {"kb.yaml", "sources.yaml", "genes.tsv", "hotspots.tsv", "groups.yaml",
                                    "immunotherapy.yaml", "evidence/EGFR.yaml", "evidence/KRAS.yaml",
                                    "evidence/ALK.yaml", "evidence/biomarkers.yaml", NULL};
static char dir[64];
static char *originals[16];
static size_t original_len[16];

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

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = fp ? malloc(1 << 20) : NULL;
    *len = buf ? fread(buf, 1, 1 << 20, fp) : 0;
    if (fp) fclose(fp);
    return buf;
}

static int put(const char *name, const void *data, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp) return -1;
    size_t n = fwrite(data, 1, len, fp);
    return fclose(fp) == 0 && n == len ? 0 : -1;
}

static void remove_copy(void)
{
    char path[256];
    for (size_t i = 0; FILES[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, FILES[i]);
        unlink(path);
        free(originals[i]);
    }
    snprintf(path, sizeof path, "%s/evidence", dir);
    rmdir(path);
    rmdir(dir);
}

/* A private copy of the mini base (once); 0 when it could not be made. */
static int make_copy(void)
{
    static int state; /* 0 not tried, 1 made, -1 failed */
    if (state) return state > 0;
    state = -1;
    snprintf(dir, sizeof dir, "/tmp/fuzz_kb_XXXXXX");
    if (!mkdtemp(dir)) return 0;
    char path[256];
    snprintf(path, sizeof path, "%s/evidence", dir);
    mkdir(path, 0700);
    for (size_t i = 0; FILES[i]; i++) {
        snprintf(path, sizeof path, MINI "/%s", FILES[i]);
        if (!(originals[i] = slurp(path, &original_len[i])) || put(FILES[i], originals[i], original_len[i]))
            return 0;
    }
    atexit(remove_copy);
    state = 1;
    return 1;
}

static void count(const char *msg, void *ctx)
{
    (void)msg;
    ++*(long *)ctx;
}

/* The kb file a mapping with these keys would be. */
static size_t target_file(const json_t *root)
{
    if (json_object_get(root, "evidence") && json_object_get(root, "version")) return 0;
    if (json_object_get(root, "groups")) return 4;
    if (json_object_get(root, "tmb") || json_object_get(root, "germline") || json_object_get(root, "pdl1")) return 5;
    if (json_object_get(root, "gene")) return 6;
    return 1;
}

static void load_as_kb_file(const uint8_t *data, size_t size, const json_t *root)
{
    if (!json_is_object(root) || !make_copy()) return;
    size_t f = target_file(root);
    if (put(FILES[f], data, size) != 0) return;
    long reported = 0;
    onc_err_t e = {0};
    long n = onc_kb_validate(dir, count, &reported, &e);
    if (n >= 0 && n != reported) abort(); /* every problem counted is reported */
    onc_kb_t *k = onc_kb_load(dir, &e);
    if ((k != NULL) != (n == 0)) abort(); /* loading succeeds exactly when validation is clean */
    onc_kb_free(k);
    if (put(FILES[f], originals[f], original_len[f]) != 0) abort();
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
    if (f == ONC_DOC_YAML) load_as_kb_file(data, size, onc_doc_root(d));
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
