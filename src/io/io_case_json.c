/* io_case_json.c: a case file (JSON, version 1) read into an onc_case_t, typed and validated.
 *
 * jansson parses (rejecting duplicate keys) and gives the line and column of syntax errors;
 * the walk below checks every field against docs/case-format.md and copies it into the
 * case's arena. An error names the file, the line and the JSON path of the field
 * ("P001.json:23: field molecular.variants[2].vaf: expected a number between 0 and 1, got
 * \"high\""). jansson keeps no positions for values, so the line comes from a small scanner
 * that follows the same path through the text (locate()); where it cannot be sure (a key
 * written with escapes) the line is left out rather than guessed.
 *
 * Failure is sticky: after the first error every getter returns "missing" and the walk runs
 * out without allocating, so that the builders need not check each call.
 */
#include "oncoboard/case.h"
#include "oncoboard/gene.h"
#include "oncoboard/hgvs.h"
#include "oncoboard/oncotree.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Limits: passing one is an error that says which. */
#define CASE_MAX_NESTING 32      /* containers inside containers, unknown fields included */
#define CASE_MAX_ITEMS 10000     /* entries of one list (variants, labs, ...) */
#define CASE_MAX_GENES 30000     /* assay.genes: an exome lists ~20000 */
#define CASE_MAX_SAMPLES 64
#define CASE_MAX_AGENTS 16
#define CASE_MAX_STRING 4096     /* bytes of one string value */
#define CASE_MAX_TOKEN 128       /* ids, genes, codes */
#define CASE_MAX_ALLELE 1000
#define CASE_MAX_WARNINGS 100
#define CASE_MAX_PATH 16         /* depth of the fields the schema knows */

typedef struct seg {
    const char *key; /* NULL: an array index */
    size_t index;
} seg_t;

typedef struct ctx {
    onc_case_t *c;
    const onc_case_opts_t *opts;
    const char *base_dir; /* NULL: the current directory */
    const char *text;     /* the JSON text (after a byte-order mark) */
    size_t len;
    seg_t path[CASE_MAX_PATH];
    int depth;
    onc_err_t *err;
    int failed;
    size_t n_unreported; /* warnings past CASE_MAX_WARNINGS */
} ctx_t;

/* ---- where a value is: the JSON path and its line ---- */

static void enter_key(ctx_t *x, const char *key)
{
    if (x->depth < CASE_MAX_PATH) x->path[x->depth] = (seg_t){key, 0};
    x->depth++;
}

static void enter_index(ctx_t *x, size_t i)
{
    if (x->depth < CASE_MAX_PATH) x->path[x->depth] = (seg_t){NULL, i};
    x->depth++;
}

static void leave(ctx_t *x) { x->depth--; }

/* "molecular.variants[2].vaf" */
static void path_text(const ctx_t *x, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int d = 0; d < x->depth && d < CASE_MAX_PATH && used < n; d++) {
        const seg_t *s = &x->path[d];
        int w = s->key ? snprintf(buf + used, n - used, "%s%s", used ? "." : "", s->key)
                       : snprintf(buf + used, n - used, "[%zu]", s->index);
        if (w < 0) break;
        used += (size_t)w;
    }
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    return i;
}

/* i at the opening quote; returns the index after the closing one. */
static size_t skip_string(const char *s, size_t len, size_t i)
{
    for (i++; i < len && s[i] != '"'; i++)
        if (s[i] == '\\') i++;
    return i < len ? i + 1 : len;
}

/* Skips one value of text that jansson has already accepted. */
static size_t skip_value(const char *s, size_t len, size_t i)
{
    if (i >= len) return len;
    if (s[i] == '"') return skip_string(s, len, i);
    if (s[i] != '{' && s[i] != '[') {
        while (i < len && !strchr(",]} \t\r\n", s[i])) i++;
        return i;
    }
    size_t depth = 0;
    for (; i < len; i++) {
        if (s[i] == '"') i = skip_string(s, len, i) - 1;
        else if (s[i] == '{' || s[i] == '[') depth++;
        else if ((s[i] == '}' || s[i] == ']') && --depth == 0) return i + 1;
    }
    return len;
}

/* The offset of the value named by key in the object at i, or len. Keys written with escapes
 * never match: no line is better than a wrong one. */
static size_t find_member(const char *s, size_t len, size_t i, const char *key)
{
    size_t klen = strlen(key);
    if (i >= len || s[i] != '{') return len;
    for (i = skip_ws(s, len, i + 1); i < len && s[i] == '"';) {
        size_t end = skip_string(s, len, i);
        int match = end - i == klen + 2 && memcmp(s + i + 1, key, klen) == 0;
        i = skip_ws(s, len, end);
        if (i >= len || s[i] != ':') return len;
        i = skip_ws(s, len, i + 1);
        if (match) return i;
        i = skip_ws(s, len, skip_value(s, len, i));
        if (i >= len || s[i] != ',') return len;
        i = skip_ws(s, len, i + 1);
    }
    return len;
}

static size_t find_element(const char *s, size_t len, size_t i, size_t index)
{
    if (i >= len || s[i] != '[') return len;
    i = skip_ws(s, len, i + 1);
    for (size_t k = 0; k < index; k++) {
        i = skip_ws(s, len, skip_value(s, len, i));
        if (i >= len || s[i] != ',') return len;
        i = skip_ws(s, len, i + 1);
    }
    return i < len && s[i] != ']' ? i : len;
}

/* Offset of the value at the current path, or x->len when it cannot be found. */
static size_t locate_offset(const ctx_t *x)
{
    size_t i = skip_ws(x->text, x->len, 0);
    for (int d = 0; d < x->depth && i < x->len; d++) {
        if (d >= CASE_MAX_PATH) return x->len;
        const seg_t *s = &x->path[d];
        i = s->key ? find_member(x->text, x->len, i, s->key) : find_element(x->text, x->len, i, s->index);
    }
    return i;
}

static uint64_t line_at(const ctx_t *x, size_t offset)
{
    uint64_t line = 1;
    for (size_t i = 0; i < offset; i++) line += x->text[i] == '\n';
    return line;
}

static uint64_t locate(const ctx_t *x)
{
    size_t off = locate_offset(x);
    return off < x->len ? line_at(x, off) : 0;
}

/* ---- errors and warnings ---- */

static void fail(ctx_t *x, onc_rc rc, const char *fmt, ...) ONC_PRINTF(3, 4);
static void fail(ctx_t *x, onc_rc rc, const char *fmt, ...)
{
    if (x->failed) return;
    char msg[ONC_ERR_MSG_MAX], field[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    path_text(x, field, sizeof field);
    onc_err_at(x->err, rc, x->c->name, locate(x), x->depth ? field : NULL, "%s", msg);
    x->failed = 1;
}

static void warn(ctx_t *x, const char *fmt, ...) ONC_PRINTF(2, 3);
static void warn(ctx_t *x, const char *fmt, ...)
{
    if (x->failed) return;
    if (x->c->n_warnings >= CASE_MAX_WARNINGS) {
        x->n_unreported++;
        return;
    }
    char msg[ONC_ERR_MSG_MAX], field[512];
    onc_err_t e = {0};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    path_text(x, field, sizeof field);
    onc_err_at(&e, ONC_OK, x->c->name, locate(x), x->depth ? field : NULL, "%s", msg);
    if (onc_case_add_warning(x->c, e.msg) != ONC_OK) fail(x, ONC_ENOMEM, "out of memory");
}

/* A short, printable rendering of a value for messages: "high" with quotes, 1.5, an object. */
static void describe(const json_t *v, char *buf, size_t n)
{
    switch (json_typeof(v)) {
    case JSON_STRING: {
        const char *s = json_string_value(v);
        size_t used = 0, len = json_string_length(v);
        buf[used++] = '"';
        for (size_t i = 0; i < len && used + 8 < n; i++) {
            unsigned char ch = (unsigned char)s[i];
            if (i >= 40 && (ch & 0xC0) != 0x80) { /* never inside a UTF-8 sequence */
                memcpy(buf + used, "...", 3);
                used += 3;
                break;
            }
            if (ch < 0x20 || ch == '"' || ch == '\\') used += (size_t)snprintf(buf + used, n - used, "\\x%02x", ch);
            else buf[used++] = (char)ch;
        }
        snprintf(buf + used, n - used, "\"");
        break;
    }
    case JSON_INTEGER: snprintf(buf, n, "%lld", (long long)json_integer_value(v)); break;
    case JSON_REAL: snprintf(buf, n, "%.17g", json_real_value(v)); break;
    case JSON_TRUE: snprintf(buf, n, "true"); break;
    case JSON_FALSE: snprintf(buf, n, "false"); break;
    case JSON_NULL: snprintf(buf, n, "null"); break;
    case JSON_OBJECT: snprintf(buf, n, "an object"); break;
    case JSON_ARRAY: snprintf(buf, n, "a list"); break;
    }
}

static void fail_expected(ctx_t *x, const json_t *got, const char *expected)
{
    char g[128];
    describe(got, g, sizeof g);
    fail(x, ONC_EPARSE, "expected %s, got %s", expected, g);
}

/* ---- typed getters: NULL/0/NaN when the field is absent or null, or after a failure ---- */

/* The value of key, NULL when absent or null. */
static json_t *field(const ctx_t *x, const json_t *obj, const char *key)
{
    if (x->failed) return NULL;
    json_t *v = json_object_get(obj, key);
    return v && !json_is_null(v) ? v : NULL;
}

enum { STR_TEXT = 0, STR_TOKEN = 1, STR_GENE = 2, STR_ALLELE = 3, STR_CHROM = 4 };

/* Checks the string at the current path; 0 when it is acceptable. */
static int check_string(ctx_t *x, const json_t *v, int kind)
{
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    size_t max = kind == STR_TEXT ? CASE_MAX_STRING : kind == STR_ALLELE ? CASE_MAX_ALLELE : CASE_MAX_TOKEN;
    if (len == 0) return fail(x, ONC_EPARSE, "empty string: write null or leave the field out when the value is missing"), -1;
    if (len > max) return fail(x, ONC_ELIMIT, "string of %zu bytes is longer than the limit of %zu", len, max), -1;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (kind == STR_GENE && !onc_gene_symbol_char(ch))
            return fail_expected(x, v, "a gene symbol (letters, digits, '-', '.', '_')"), -1;
        if (kind == STR_ALLELE && !strchr("ACGTNacgtn", ch))
            return fail_expected(x, v, "VCF-style bases (A, C, G, T, N; indels with their padding base)"), -1;
        if (kind == STR_CHROM && !(isalnum(ch) || ch == '_' || ch == '.'))
            return fail_expected(x, v, "a chromosome name (\"7\", \"chr7\", \"X\")"), -1;
        if (ch < 0x20 && (kind != STR_TEXT || (ch != '\n' && ch != '\t')))
            return fail(x, ONC_EPARSE, "control character 0x%02x in the string", ch), -1;
    }
    if (kind != STR_TEXT && (isspace((unsigned char)s[0]) || isspace((unsigned char)s[len - 1])))
        return fail_expected(x, v, "no leading or trailing spaces"), -1;
    return 0;
}

/* The string at key copied into the arena, or NULL. */
static const char *get_str(ctx_t *x, const json_t *obj, const char *key, int kind)
{
    json_t *v = field(x, obj, key);
    if (!v) return NULL;
    enter_key(x, key);
    char *out = NULL;
    if (!json_is_string(v)) fail_expected(x, v, "a string");
    else if (check_string(x, v, kind) == 0 &&
             !(out = onc_case_strndup(x->c, json_string_value(v), json_string_length(v))))
        fail(x, ONC_ENOMEM, "out of memory");
    leave(x);
    return x->failed ? NULL : out;
}

/* "one of female, male, other" */
static void allowed_values(const char *const *names, char *buf, size_t n)
{
    size_t used = (size_t)snprintf(buf, n, "one of");
    for (int i = 1; names[i] && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s %s", i > 1 ? "," : "", names[i]);
}

/* Index of the value in names (compared without regard to case), 0 when missing. */
static int enum_value(ctx_t *x, const json_t *v, const char *const *names)
{
    if (json_is_string(v))
        for (int i = 1; names[i]; i++)
            if (strcasecmp(json_string_value(v), names[i]) == 0) return i;
    char allowed[256];
    allowed_values(names, allowed, sizeof allowed);
    fail_expected(x, v, allowed);
    return 0;
}

static int get_enum(ctx_t *x, const json_t *obj, const char *key, const char *const *names)
{
    json_t *v = field(x, obj, key);
    if (!v) return 0;
    enter_key(x, key);
    int e = enum_value(x, v, names);
    leave(x);
    return x->failed ? 0 : e;
}

/* "a number between 0 and 1", "a number >= 0" */
static void range_text(const char *what, double min, double max, char *buf, size_t n)
{
    if (isinf(min)) snprintf(buf, n, "%s", what);
    else if (isinf(max)) snprintf(buf, n, "%s >= %g", what, min);
    else snprintf(buf, n, "%s between %g and %g", what, min, max);
}

static double get_num(ctx_t *x, const json_t *obj, const char *key, double min, double max)
{
    json_t *v = field(x, obj, key);
    if (!v) return ONC_NUM_MISSING;
    double d = json_is_number(v) ? json_number_value(v) : NAN;
    if (!(d >= min && d <= max)) {
        char expected[96];
        range_text("a number", min, max, expected, sizeof expected);
        enter_key(x, key);
        fail_expected(x, v, expected);
        leave(x);
        return ONC_NUM_MISSING;
    }
    return d;
}

/* 1 with *out set, 0 when missing or failed. Integral reals (2.0) are accepted. */
static int get_int(ctx_t *x, const json_t *obj, const char *key, int64_t min, int64_t max, int64_t *out)
{
    json_t *v = field(x, obj, key);
    if (!v) return 0;
    int ok = 0;
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        ok = *out >= min && *out <= max;
    } else if (json_is_real(v)) {
        double d = json_real_value(v);
        ok = d == floor(d) && d >= (double)min && d <= (double)max;
        if (ok) *out = (int64_t)d;
    }
    if (!ok) {
        char expected[96];
        snprintf(expected, sizeof expected, "a whole number between %lld and %lld", (long long)min, (long long)max);
        enter_key(x, key);
        fail_expected(x, v, expected);
        leave(x);
    }
    return ok;
}

static int32_t get_int32(ctx_t *x, const json_t *obj, const char *key, int32_t min, int32_t max)
{
    int64_t v;
    return get_int(x, obj, key, min, max, &v) ? (int32_t)v : ONC_INT_MISSING;
}

static onc_tri get_tri(ctx_t *x, const json_t *obj, const char *key)
{
    json_t *v = field(x, obj, key);
    if (!v) return ONC_TRI_UNKNOWN;
    if (json_is_boolean(v)) return json_is_true(v) ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    enter_key(x, key);
    fail_expected(x, v, "true or false (or null when unknown)");
    leave(x);
    return ONC_TRI_UNKNOWN;
}

static onc_date_t get_date(ctx_t *x, const json_t *obj, const char *key)
{
    onc_date_t d = {0, 0, 0};
    json_t *v = field(x, obj, key);
    if (!v) return d;
    enter_key(x, key);
    onc_err_t e = {0};
    if (!json_is_string(v)) fail_expected(x, v, "a date as \"YYYY-MM-DD\"");
    else if (onc_date_parse(json_string_value(v), &d, &e) != ONC_OK) {
        char g[128];
        describe(v, g, sizeof g);
        fail(x, ONC_EPARSE, "%s: %s", g, e.msg);
    }
    leave(x);
    return x->failed ? (onc_date_t){0, 0, 0} : d;
}

static json_t *get_object(ctx_t *x, const json_t *obj, const char *key)
{
    json_t *v = field(x, obj, key);
    if (!v) return NULL;
    if (!json_is_object(v)) {
        enter_key(x, key);
        fail_expected(x, v, "an object ({...})");
        leave(x);
        return NULL;
    }
    return v;
}

static json_t *get_array(ctx_t *x, const json_t *obj, const char *key, size_t max)
{
    json_t *v = field(x, obj, key);
    if (!v) return NULL;
    enter_key(x, key);
    if (!json_is_array(v)) fail_expected(x, v, "a list ([...])");
    else if (json_array_size(v) > max)
        fail(x, ONC_ELIMIT, "%zu entries: the limit is %zu", json_array_size(v), max);
    leave(x);
    return x->failed ? NULL : v;
}

/* n initialised-to-zero elements from the arena (NULL for n == 0 or after a failure). */
static void *alloc_items(ctx_t *x, size_t n, size_t size)
{
    if (x->failed || n == 0) return NULL;
    void *p = onc_case_alloc(x->c, n * size);
    if (!p) fail(x, ONC_ENOMEM, "out of memory");
    return p;
}

/* Warns once per field the format does not define (kept in the text, ignored here). Keys
 * starting with '_' are notes and ignored without a warning. */
static void check_fields(ctx_t *x, const json_t *obj, const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        int found = 0;
        for (const char *const *k = known; *k && !found; k++) found = strcmp(*k, key) == 0;
        if (found || key[0] == '_') continue; /* "_comment" and the like: notes, silently */
        enter_key(x, key);
        warn(x, "unknown field, kept and ignored");
        leave(x);
    }
}

/* Entry i of a list of objects, entered (leave() it after use); NULL after an error. */
static json_t *enter_item(ctx_t *x, const json_t *arr, size_t i)
{
    json_t *item = json_array_get(arr, i);
    enter_index(x, i);
    if (json_is_object(item)) return item;
    fail_expected(x, item, "an object ({...})");
    leave(x);
    return NULL;
}

/* ---- the parts ---- */

static void read_ihc(ctx_t *x, const json_t *o, onc_ihc_t *h)
{
    static const char *const known[] = {"marker", "result", "clone", "score", "percent", "intensity", NULL};
    static const char *const intensities[] = {NULL, "0", "1+", "2+", "3+", NULL};
    check_fields(x, o, known);
    onc_ihc_init(h);
    if (!(h->marker = get_str(x, o, "marker", STR_TOKEN)) && !x->failed)
        fail(x, ONC_EPARSE, "the required field \"marker\" is missing");
    h->result = (onc_ihc_result)get_enum(x, o, "result", onc_ihc_result_names);
    h->clone = get_str(x, o, "clone", STR_TOKEN);
    h->score = get_str(x, o, "score", STR_TOKEN);
    h->percent = get_num(x, o, "percent", 0, 100);
    int i = get_enum(x, o, "intensity", intensities);
    h->intensity = i ? intensities[i] : NULL;
}

static void read_biomarkers(ctx_t *x, const json_t *o)
{
    static const char *const known[] = {"pdl1_tps", "pdl1_cps", "pdl1_clone", "tmb", "msi", "ihc", NULL};
    onc_biomarkers_t *b = &x->c->biomarkers;
    check_fields(x, o, known);
    b->pdl1_tps = get_num(x, o, "pdl1_tps", 0, 100);
    b->pdl1_cps = get_num(x, o, "pdl1_cps", 0, 100);
    b->pdl1_clone = (onc_pdl1_clone)get_enum(x, o, "pdl1_clone", onc_pdl1_clone_names);
    b->tmb = get_num(x, o, "tmb", 0, 10000);
    b->msi = (onc_msi)get_enum(x, o, "msi", onc_msi_names);
    json_t *arr = get_array(x, o, "ihc", CASE_MAX_ITEMS), *item;
    if (!arr) return;
    enter_key(x, "ihc");
    b->ihc = alloc_items(x, json_array_size(arr), sizeof *b->ihc);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        if (!(item = enter_item(x, arr, i))) break;
        read_ihc(x, item, &b->ihc[i]);
        leave(x);
    }
    leave(x);
    if (!x->failed) b->n_ihc = json_array_size(arr);
}

static void read_labs(ctx_t *x, const json_t *arr)
{
    static const char *const known[] = {"name", "value", "unit", "uln", "date", NULL};
    onc_case_t *c = x->c;
    json_t *o;
    enter_key(x, "labs");
    c->labs = alloc_items(x, json_array_size(arr), sizeof *c->labs);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        if (!(o = enter_item(x, arr, i))) break;
        onc_lab_t *l = &c->labs[i];
        check_fields(x, o, known);
        onc_lab_init(l);
        if (!(l->name = get_str(x, o, "name", STR_TOKEN)) && !x->failed)
            fail(x, ONC_EPARSE, "the required field \"name\" is missing");
        l->value = get_num(x, o, "value", -INFINITY, INFINITY);
        l->unit = get_str(x, o, "unit", STR_TOKEN);
        l->uln = get_num(x, o, "uln", -INFINITY, INFINITY);
        l->date = get_date(x, o, "date");
        leave(x);
    }
    leave(x);
    if (!x->failed) c->n_labs = json_array_size(arr);
}

/* Agents as lower-case names: the knowledge base writes INNs in lower case. */
static void read_agents(ctx_t *x, const json_t *o, onc_therapy_t *t)
{
    json_t *arr = get_array(x, o, "agents", CASE_MAX_AGENTS);
    if (!arr) return;
    enter_key(x, "agents");
    t->agents = alloc_items(x, json_array_size(arr), sizeof *t->agents);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        enter_index(x, i);
        if (!json_is_string(v)) fail_expected(x, v, "an agent name (a string)");
        else if (check_string(x, v, STR_TOKEN) == 0) {
            char *s = onc_case_strdup(x->c, json_string_value(v));
            if (!s) fail(x, ONC_ENOMEM, "out of memory");
            for (char *p = s; p && *p; p++) *p = (char)tolower((unsigned char)*p);
            t->agents[i] = s;
        }
        leave(x);
    }
    leave(x);
    if (!x->failed) t->n_agents = json_array_size(arr);
}

/* Fails when the later date of a pair comes before the earlier one. */
static void check_order(ctx_t *x, const char *first_key, onc_date_t first, const char *later_key, onc_date_t later)
{
    if (x->failed || onc_date_is_missing(first) || onc_date_is_missing(later)) return;
    if (onc_date_days(later) >= onc_date_days(first)) return;
    char a[11], b[11];
    enter_key(x, later_key);
    fail(x, ONC_EPARSE, "%s is before %s %s", onc_date_format(later, a), first_key, onc_date_format(first, b));
    leave(x);
}

static void read_therapies(ctx_t *x, const json_t *arr)
{
    static const char *const known[] = {"line", "agents", "start", "end", "best_response",
                                        "progression", "progression_date", NULL};
    onc_case_t *c = x->c;
    json_t *o;
    enter_key(x, "therapies");
    c->therapies = alloc_items(x, json_array_size(arr), sizeof *c->therapies);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        if (!(o = enter_item(x, arr, i))) break;
        onc_therapy_t *t = &c->therapies[i];
        check_fields(x, o, known);
        onc_therapy_init(t);
        t->line = get_int32(x, o, "line", 1, 99);
        read_agents(x, o, t);
        t->start = get_date(x, o, "start");
        t->end = get_date(x, o, "end");
        t->best_response = (onc_recist)get_enum(x, o, "best_response", onc_recist_names);
        t->progression = get_tri(x, o, "progression");
        t->progression_date = get_date(x, o, "progression_date");
        check_order(x, "start", t->start, "end", t->end);
        check_order(x, "start", t->start, "progression_date", t->progression_date);
        if (!x->failed && t->progression == ONC_TRI_FALSE && !onc_date_is_missing(t->progression_date))
            fail(x, ONC_EPARSE, "progression is false but a progression_date is given");
        leave(x);
    }
    leave(x);
    if (!x->failed) c->n_therapies = json_array_size(arr);
}

static void read_enrolments(ctx_t *x, const json_t *arr)
{
    static const char *const known[] = {"trial", "arm", "status", "date", "reason", NULL};
    onc_case_t *c = x->c;
    json_t *o;
    enter_key(x, "enrolments");
    c->enrolments = alloc_items(x, json_array_size(arr), sizeof *c->enrolments);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        if (!(o = enter_item(x, arr, i))) break;
        onc_enrolment_t *e = &c->enrolments[i];
        check_fields(x, o, known);
        onc_enrolment_init(e);
        if (!(e->trial = get_str(x, o, "trial", STR_TOKEN)) && !x->failed)
            fail(x, ONC_EPARSE, "the required field \"trial\" is missing");
        e->arm = get_str(x, o, "arm", STR_TOKEN);
        e->status = (onc_enrol_status)get_enum(x, o, "status", onc_enrol_status_names);
        e->date = get_date(x, o, "date");
        e->reason = get_str(x, o, "reason", STR_TEXT);
        leave(x);
    }
    leave(x);
    if (!x->failed) c->n_enrolments = json_array_size(arr);
}

/* AJCC 8th edition stage groups (lung), the coarse groups, and VALG stages for SCLC. */
static const char *const stages[] = {NULL, "occult", "0", "I", "IA", "IA1", "IA2", "IA3", "IB", "II",
                                     "IIA", "IIB", "III", "IIIA", "IIIB", "IIIC", "IV", "IVA", "IVB",
                                     "limited", "extensive", NULL};

static void read_diagnosis(ctx_t *x, const json_t *o)
{
    static const char *const known[] = {"oncotree_code", "stage", "date", "brain_metastases",
                                        "measurable_disease", NULL};
    onc_diagnosis_t *d = &x->c->diagnosis;
    check_fields(x, o, known);
    const char *code = get_str(x, o, "oncotree_code", STR_TOKEN);
    for (const char *p = code; p && *p && !x->failed; p++)
        if (!isalnum((unsigned char)*p) && *p != '_') {
            enter_key(x, "oncotree_code");
            fail_expected(x, json_object_get(o, "oncotree_code"), "an OncoTree code (letters, digits, '_')");
            leave(x);
        }
    if (code)
        for (char *p = (char *)code; *p; p++) *p = (char)toupper((unsigned char)*p);
    if (code && x->opts->oncotree && !x->failed && !onc_oncotree_find(x->opts->oncotree, code)) {
        const char *release = onc_oncotree_release(x->opts->oncotree);
        enter_key(x, "oncotree_code");
        fail(x, ONC_ENOTFOUND, "\"%s\" is not an OncoTree code (release %s)", code, release ? release : "unknown");
        leave(x);
    }
    d->oncotree_code = code;
    int s = get_enum(x, o, "stage", stages);
    d->stage = s ? stages[s] : NULL;
    d->date = get_date(x, o, "date");
    d->brain_metastases = (onc_brain_mets)get_enum(x, o, "brain_metastases", onc_brain_mets_names);
    d->measurable_disease = get_tri(x, o, "measurable_disease");
}

/* ---- molecular ---- */

/* Lines of the entries of the list at the current path, found in one pass over the text
 * (locate() per entry would be quadratic in a long list). Zeros where not found. */
static uint64_t *entry_lines(ctx_t *x, size_t n)
{
    uint64_t *lines = alloc_items(x, n, sizeof *lines);
    if (!lines) return NULL;
    const char *s = x->text;
    size_t len = x->len, i = locate_offset(x), last = 0;
    if (i >= len || s[i] != '[') return lines;
    uint64_t line = line_at(x, i);
    last = i;
    i = skip_ws(s, len, i + 1);
    for (size_t k = 0; k < n && i < len; k++) {
        for (; last < i; last++) line += s[last] == '\n';
        lines[k] = line;
        i = skip_ws(s, len, skip_value(s, len, i));
        if (i >= len || s[i] != ',') break;
        i = skip_ws(s, len, i + 1);
    }
    return lines;
}

static void read_gene_list(ctx_t *x, const json_t *o, const char *key, const char ***out, size_t *n)
{
    json_t *arr = get_array(x, o, key, CASE_MAX_GENES);
    if (!arr) return;
    enter_key(x, key);
    const char **genes = alloc_items(x, json_array_size(arr), sizeof *genes);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        enter_index(x, i);
        if (!json_is_string(v)) fail_expected(x, v, "a gene symbol");
        else if (check_string(x, v, STR_GENE) == 0 && !(genes[i] = onc_case_strdup(x->c, json_string_value(v))))
            fail(x, ONC_ENOMEM, "out of memory");
        leave(x);
    }
    leave(x);
    if (!x->failed) *out = genes, *n = json_array_size(arr);
}

static const char *const cover_names[] = {NULL, "mutation", "cna", "fusion", NULL};

static void read_coverage(ctx_t *x, const json_t *arr, onc_assay_t *a)
{
    static const char *const known[] = {"gene", "types", NULL};
    json_t *o;
    enter_key(x, "coverage");
    a->coverage = alloc_items(x, json_array_size(arr), sizeof *a->coverage);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        if (!(o = enter_item(x, arr, i))) break;
        onc_coverage_t *cv = &a->coverage[i];
        check_fields(x, o, known);
        if (!(cv->gene = get_str(x, o, "gene", STR_GENE)) && !x->failed)
            fail(x, ONC_EPARSE, "the required field \"gene\" is missing");
        json_t *types = get_array(x, o, "types", 8);
        if (!x->failed && (!types || json_array_size(types) == 0))
            fail(x, ONC_EPARSE, "\"types\" must list what was tested: mutation, cna, fusion");
        enter_key(x, "types");
        for (size_t k = 0; !x->failed && types && k < json_array_size(types); k++) {
            enter_index(x, k);
            int t = enum_value(x, json_array_get(types, k), cover_names);
            if (t) cv->types |= 1u << (t - 1);
            leave(x);
        }
        leave(x);
        leave(x);
    }
    leave(x);
    if (!x->failed) a->n_coverage = json_array_size(arr);
}

static void read_assay(ctx_t *x, const json_t *o, onc_assay_t *a)
{
    static const char *const known[] = {"name", "method", "genes", "coverage", "size_mb", NULL};
    check_fields(x, o, known);
    a->name = get_str(x, o, "name", STR_TOKEN);
    a->method = (onc_assay_method)get_enum(x, o, "method", onc_assay_method_names);
    read_gene_list(x, o, "genes", &a->genes, &a->n_genes);
    json_t *cov = get_array(x, o, "coverage", CASE_MAX_GENES);
    if (cov) read_coverage(x, cov, a);
    a->size_mb = get_num(x, o, "size_mb", 0.001, 4000);
}

/* Which of the coordinate fields are present: all or none. */
static void check_coordinates(ctx_t *x, const json_t *o, int *has)
{
    static const char *const keys[] = {"chrom", "pos", "ref", "alt"};
    char missing[64] = "";
    int n = 0;
    for (int k = 0; k < 4; k++)
        if (field(x, o, keys[k])) n++;
        else snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s", *missing ? ", " : "", keys[k]);
    *has = n > 0;
    if (n > 0 && n < 4) fail(x, ONC_EPARSE, "genomic coordinates need chrom, pos, ref and alt (missing: %s)", missing);
}

static void upper(char *s)
{
    for (; s && *s; s++) *s = (char)toupper((unsigned char)*s);
}

/* The protein-level name of a variant: its protein change normalised (L858R), or a splice-site
 * coding change named by its codon as OncoKB does (MET c.3028+1G>T -> X1010_splice). Other
 * coding changes keep only their c. form: translating them needs the reference sequence. */
static void name_variant(ctx_t *x, onc_case_variant_t *v)
{
    onc_pchange_t p;
    onc_cchange_t cc;
    onc_err_t e = {0};
    char buf[2 * ONC_HGVS_AA_MAX + 64];
    int have_p = 0;
    if (v->coding_change) {
        enter_key(x, "coding_change");
        if (onc_cchange_parse(v->coding_change, &cc, &e) != ONC_OK) fail(x, ONC_EPARSE, "%s", e.msg);
        else if (onc_cchange_format(&cc, buf, sizeof buf) < 0) fail(x, ONC_ELIMIT, "coding change too long");
        else if (!(v->hgvsc = onc_case_strdup(x->c, buf))) fail(x, ONC_ENOMEM, "out of memory");
        else if (!v->protein_change && !(have_p = onc_cchange_splice_pchange(&cc, &p)))
            warn(x, "%s is not at a splice site: without protein_change it is kept with no protein-level "
                    "name (translating it needs the reference sequence)", v->hgvsc);
        leave(x);
    }
    if (v->protein_change && !x->failed) {
        enter_key(x, "protein_change");
        if (onc_pchange_parse(v->protein_change, &p, &e) != ONC_OK) fail(x, ONC_EPARSE, "%s", e.msg);
        have_p = !x->failed;
        leave(x);
    }
    if (!have_p || x->failed) return;
    if (onc_pchange_format(&p, buf + 2, sizeof buf - 2) < 0) return fail(x, ONC_ELIMIT, "protein change too long");
    memcpy(buf, "p.", 2);
    /* hgvsp only for a protein change that was given: X1010_splice is OncoKB's name, not HGVS. */
    if (!(v->alteration = onc_case_strdup(x->c, buf + 2)) ||
        (v->protein_change && !(v->hgvsp = onc_case_strdup(x->c, buf))))
        return fail(x, ONC_ENOMEM, "out of memory");
    v->consequence = onc_pchange_consequence(&p);
    v->aa_pos = p.start;
}

static void read_variant(ctx_t *x, const json_t *o, onc_case_variant_t *v)
{
    static const char *const known[] = {"gene", "protein_change", "coding_change", "chrom", "pos",
                                        "ref", "alt", "vaf", "depth", NULL};
    check_fields(x, o, known);
    v->gene = get_str(x, o, "gene", STR_GENE);
    v->protein_change = get_str(x, o, "protein_change", STR_TOKEN);
    v->coding_change = get_str(x, o, "coding_change", STR_TOKEN);
    int has_coords;
    check_coordinates(x, o, &has_coords);
    v->chrom = get_str(x, o, "chrom", STR_CHROM);
    int64_t pos;
    if (get_int(x, o, "pos", 1, INT64_C(1) << 32, &pos)) v->pos = pos;
    v->ref = get_str(x, o, "ref", STR_ALLELE);
    v->alt = get_str(x, o, "alt", STR_ALLELE);
    upper((char *)v->ref);
    upper((char *)v->alt);
    v->vaf = get_num(x, o, "vaf", 0, 1);
    v->depth = get_int32(x, o, "depth", 0, INT32_MAX - 1);
    if (x->failed) return;
    int has_change = v->protein_change || v->coding_change;
    if (!has_change && !has_coords)
        fail(x, ONC_EPARSE, "a variant needs protein_change, coding_change, or chrom, pos, ref and alt");
    else if (has_change && !v->gene)
        fail(x, ONC_EPARSE, "%s needs \"gene\"", v->protein_change ? "protein_change" : "coding_change");
    else if (has_coords && strcmp(v->ref, v->alt) == 0)
        fail(x, ONC_EPARSE, "ref and alt are the same allele (%s)", v->ref);
    else if (has_change) name_variant(x, v);
}

static void read_variants(ctx_t *x, const json_t *arr, onc_molecular_t *m)
{
    json_t *o;
    enter_key(x, "variants");
    uint64_t *lines = entry_lines(x, json_array_size(arr));
    m->variants = alloc_items(x, json_array_size(arr), sizeof *m->variants);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        if (!(o = enter_item(x, arr, i))) break;
        onc_case_variant_init(&m->variants[i]);
        m->variants[i].line = lines ? lines[i] : 0;
        read_variant(x, o, &m->variants[i]);
        leave(x);
    }
    leave(x);
    if (!x->failed) m->n_variants = json_array_size(arr);
}

static void read_fusions(ctx_t *x, const json_t *arr, onc_molecular_t *m)
{
    static const char *const known[] = {"gene_a", "gene_b", NULL};
    json_t *o;
    enter_key(x, "fusions");
    uint64_t *lines = entry_lines(x, json_array_size(arr));
    m->fusions = alloc_items(x, json_array_size(arr), sizeof *m->fusions);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        if (!(o = enter_item(x, arr, i))) break;
        onc_case_fusion_t *f = &m->fusions[i];
        check_fields(x, o, known);
        f->line = lines ? lines[i] : 0;
        f->gene_a = get_str(x, o, "gene_a", STR_GENE);
        f->gene_b = get_str(x, o, "gene_b", STR_GENE);
        if (!x->failed && !f->gene_a && !f->gene_b)
            fail(x, ONC_EPARSE, "a fusion needs gene_a or gene_b (or both)");
        leave(x);
    }
    leave(x);
    if (!x->failed) m->n_fusions = json_array_size(arr);
}

static const char *const cna_calls[] = {NULL, "amplification", "gain", "loss", "deletion", NULL};
static const onc_alt_kind cna_kinds[] = {ONC_KIND_AMPLIFICATION, ONC_KIND_AMPLIFICATION, ONC_KIND_GAIN,
                                         ONC_KIND_LOSS, ONC_KIND_DELETION};

static void read_copy_number(ctx_t *x, const json_t *arr, onc_molecular_t *m)
{
    static const char *const known[] = {"gene", "call", "copies", NULL};
    json_t *o;
    enter_key(x, "copy_number");
    uint64_t *lines = entry_lines(x, json_array_size(arr));
    m->copy_number = alloc_items(x, json_array_size(arr), sizeof *m->copy_number);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        if (!(o = enter_item(x, arr, i))) break;
        onc_case_cna_t *cn = &m->copy_number[i];
        check_fields(x, o, known);
        onc_case_cna_init(cn);
        cn->line = lines ? lines[i] : 0;
        if (!(cn->gene = get_str(x, o, "gene", STR_GENE)) && !x->failed)
            fail(x, ONC_EPARSE, "the required field \"gene\" is missing");
        int call = get_enum(x, o, "call", cna_calls);
        if (!call && !x->failed) fail(x, ONC_EPARSE, "the required field \"call\" is missing");
        cn->call = cna_kinds[call];
        cn->copies = get_num(x, o, "copies", 0, 1000);
        leave(x);
    }
    leave(x);
    if (!x->failed) m->n_copy_number = json_array_size(arr);
}

/* ---- referenced files ---- */

static const char *const file_types[] = {NULL, "vcf", "maf", "fusion", "cna", "segments", NULL};

/* 1 when path leaves its directory: absolute, or a ".." component. */
static int escapes_directory(const char *path)
{
    if (path[0] == '/') return 1;
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.') return 1;
        p += n + (slash != NULL);
    }
    return 0;
}

static const char *resolve_path(ctx_t *x, const char *path)
{
    if (path[0] == '/' || !x->base_dir) return path;
    size_t nb = strlen(x->base_dir), np = strlen(path);
    char *r = onc_case_alloc(x->c, nb + np + 2);
    if (!r) return fail(x, ONC_ENOMEM, "out of memory"), NULL;
    memcpy(r, x->base_dir, nb);
    r[nb] = '/';
    memcpy(r + nb + 1, path, np + 1);
    return r;
}

static void check_file(ctx_t *x, const onc_case_file_t *f)
{
    struct stat st;
    enter_key(x, "path");
    if (x->opts->confine_files && escapes_directory(f->path))
        fail(x, ONC_EINVAL, "\"%s\" leaves the case's directory (absolute path or \"..\"): not allowed here", f->path);
    else if (x->opts->check_files && (stat(f->resolved, &st) != 0 || access(f->resolved, R_OK) != 0))
        fail(x, ONC_EIO, "cannot read \"%s\" (%s): %s", f->path, f->resolved, strerror(errno));
    else if (x->opts->check_files && !S_ISREG(st.st_mode))
        fail(x, ONC_EIO, "\"%s\" (%s) is not a regular file", f->path, f->resolved);
    leave(x);
}

static void read_files(ctx_t *x, const json_t *arr, onc_molecular_t *m)
{
    static const char *const known[] = {"path", "type", NULL};
    json_t *o;
    enter_key(x, "files");
    uint64_t *lines = entry_lines(x, json_array_size(arr));
    m->files = alloc_items(x, json_array_size(arr), sizeof *m->files);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        if (!(o = enter_item(x, arr, i))) break;
        onc_case_file_t *f = &m->files[i];
        check_fields(x, o, known);
        f->line = lines ? lines[i] : 0;
        if (!(f->path = get_str(x, o, "path", STR_TEXT)) && !x->failed)
            fail(x, ONC_EPARSE, "the required field \"path\" is missing");
        int t = get_enum(x, o, "type", file_types);
        f->type = t ? onc_format_parse(file_types[t]) : ONC_FMT_AUTO;
        if (f->path && (f->resolved = resolve_path(x, f->path))) check_file(x, f);
        leave(x);
    }
    leave(x);
    if (!x->failed) m->n_files = json_array_size(arr);
}

static void read_molecular(ctx_t *x, const json_t *o, onc_molecular_t *m)
{
    static const char *const known[] = {"genome", "specimen", "assay", "variants", "fusions",
                                        "copy_number", "files", NULL};
    check_fields(x, o, known);
    onc_molecular_init(m);
    int g = get_enum(x, o, "genome", onc_genome_names);
    m->genome = g ? onc_genome_names[g] : NULL;
    m->specimen = (onc_specimen)get_enum(x, o, "specimen", onc_specimen_names);
    json_t *v;
    if ((v = get_object(x, o, "assay"))) {
        enter_key(x, "assay");
        read_assay(x, v, &m->assay);
        leave(x);
    }
    if ((v = get_array(x, o, "variants", CASE_MAX_ITEMS))) read_variants(x, v, m);
    if ((v = get_array(x, o, "fusions", CASE_MAX_ITEMS))) read_fusions(x, v, m);
    if ((v = get_array(x, o, "copy_number", CASE_MAX_ITEMS))) read_copy_number(x, v, m);
    if ((v = get_array(x, o, "files", CASE_MAX_ITEMS))) read_files(x, v, m);
}

/* ---- samples ---- */

/* A sample's type and its molecular.specimen say the same thing: one fills the other, and
 * a contradiction is an error rather than a guess. */
static void reconcile_specimen(ctx_t *x, onc_sample_t *s)
{
    onc_specimen *sp = &s->molecular.specimen;
    if (x->failed || !s->has_molecular) return;
    if (s->type && *sp && s->type != *sp) {
        enter_key(x, "molecular");
        enter_key(x, "specimen");
        fail(x, ONC_EPARSE, "\"%s\" contradicts the sample's type \"%s\"", onc_specimen_names[*sp],
             onc_specimen_names[s->type]);
        leave(x);
        leave(x);
    }
    if (!s->type) s->type = *sp;
    if (!*sp) *sp = s->type;
}

static void read_sample(ctx_t *x, const json_t *o, onc_sample_t *s, size_t i)
{
    static const char *const known[] = {"id", "collected", "type", "molecular", NULL};
    check_fields(x, o, known);
    onc_sample_init(s);
    char label[32];
    snprintf(label, sizeof label, "samples[%zu]", i);
    if (!(s->path = onc_case_strdup(x->c, label))) fail(x, ONC_ENOMEM, "out of memory");
    if (!(s->id = get_str(x, o, "id", STR_TOKEN)) && !x->failed)
        fail(x, ONC_EPARSE, "the required field \"id\" is missing");
    for (size_t k = 0; k < i && !x->failed; k++)
        if (strcmp(x->c->samples[k].id, s->id) == 0) {
            enter_key(x, "id");
            fail(x, ONC_EPARSE, "\"%s\" is already the id of samples[%zu]", s->id, k);
            leave(x);
        }
    s->collected = get_date(x, o, "collected");
    s->type = (onc_specimen)get_enum(x, o, "type", onc_specimen_names);
    json_t *m = get_object(x, o, "molecular");
    if (m) {
        enter_key(x, "molecular");
        read_molecular(x, m, &s->molecular);
        leave(x);
        s->has_molecular = 1;
    }
    reconcile_specimen(x, s);
}

static void read_samples(ctx_t *x, const json_t *root)
{
    onc_case_t *c = x->c;
    json_t *arr = get_array(x, root, "samples", CASE_MAX_SAMPLES), *o;
    if (!arr) return;
    enter_key(x, "samples");
    c->samples = alloc_items(x, json_array_size(arr), sizeof *c->samples);
    for (size_t i = 0; !x->failed && i < json_array_size(arr); i++) {
        if (!(o = enter_item(x, arr, i))) break;
        read_sample(x, o, &c->samples[i], i);
        leave(x);
        if (!x->failed) c->n_samples = i + 1; /* read_sample compares with the earlier ones */
    }
    leave(x);
    c->from_samples = 1;
}

/* The one-sample form: the top-level "molecular" is the case's sample, named by the case id. */
static void read_single_sample(ctx_t *x, const json_t *m)
{
    onc_case_t *c = x->c;
    onc_sample_t *s = alloc_items(x, 1, sizeof *s);
    if (!s) return;
    onc_sample_init(s);
    s->id = c->id;
    s->path = "molecular";
    s->has_molecular = 1;
    enter_key(x, "molecular");
    read_molecular(x, m, &s->molecular);
    leave(x);
    s->type = s->molecular.specimen;
    c->samples = s;
    c->n_samples = 1;
}

/* ---- the case ---- */

/* Containers inside containers, capped so that no later walk recurses without bound. */
static int nesting_ok(const json_t *v, int depth)
{
    if (depth > CASE_MAX_NESTING) return 0;
    if (json_is_object(v)) {
        const char *key;
        json_t *item;
        json_object_foreach((json_t *)v, key, item) if (!nesting_ok(item, depth + 1)) return 0;
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            if (!nesting_ok(json_array_get(v, i), depth + 1)) return 0;
    }
    return 1;
}

/* What became of the patient. A death date needs "dead"; no date may come before the diagnosis,
 * and a follow-up after a death is an error (one of the two dates is wrong). */
static void read_outcome(ctx_t *x, const json_t *o, onc_outcome_t *out, onc_date_t diagnosed)
{
    static const char *const known[] = {"vital_status", "death_date", "last_follow_up", NULL};
    check_fields(x, o, known);
    out->vital_status = (onc_vital)get_enum(x, o, "vital_status", onc_vital_names);
    out->death_date = get_date(x, o, "death_date");
    out->last_follow_up = get_date(x, o, "last_follow_up");
    bool died = !onc_date_is_missing(out->death_date), seen = !onc_date_is_missing(out->last_follow_up);
    const char *bad = NULL, *key = NULL;
    if (died && out->vital_status != ONC_VITAL_DEAD)
        key = "death_date", bad = "a death date needs \"vital_status\": \"dead\"";
    else if (died && !onc_date_is_missing(diagnosed) && onc_date_days(out->death_date) < onc_date_days(diagnosed))
        key = "death_date", bad = "the death date is before the diagnosis date";
    else if (seen && !onc_date_is_missing(diagnosed) && onc_date_days(out->last_follow_up) < onc_date_days(diagnosed))
        key = "last_follow_up", bad = "the last follow-up is before the diagnosis date";
    else if (died && seen && onc_date_days(out->last_follow_up) > onc_date_days(out->death_date))
        key = "last_follow_up", bad = "the last follow-up is after the death date";
    if (bad && !x->failed) {
        enter_key(x, key);
        fail(x, ONC_EPARSE, "%s", bad);
        leave(x);
    }
}

static void read_case(ctx_t *x, const json_t *root)
{
    static const char *const known[] = {"case_format", "id", "sex", "birth_date", "age", "smoking",
                                        "ecog", "consent", "outcome", "diagnosis", "biomarkers", "labs",
                                        "therapies", "enrolments", "molecular", "samples", NULL};
    static const char *const consent_known[] = {"research", NULL};
    onc_case_t *c = x->c;
    int64_t format;
    if (get_int(x, root, "case_format", 0, INT32_MAX, &format) && format != ONC_CASE_FORMAT) {
        enter_key(x, "case_format");
        fail(x, ONC_EPARSE, "case_format %lld is not supported: this version reads case_format %d",
             (long long)format, ONC_CASE_FORMAT);
        leave(x);
    }
    if (!(c->id = get_str(x, root, "id", STR_TOKEN)) && !x->failed)
        fail(x, ONC_EPARSE, "the required field \"id\" is missing");
    check_fields(x, root, known);
    c->sex = (onc_sex)get_enum(x, root, "sex", onc_sex_names);
    c->birth_date = get_date(x, root, "birth_date");
    c->age = get_int32(x, root, "age", 0, 130);
    c->smoking = (onc_smoking)get_enum(x, root, "smoking", onc_smoking_names);
    c->ecog = get_int32(x, root, "ecog", 0, 5);
    json_t *v;
    if ((v = get_object(x, root, "consent"))) {
        enter_key(x, "consent");
        check_fields(x, v, consent_known);
        c->consent_research = get_tri(x, v, "research");
        leave(x);
    }
    if ((v = get_object(x, root, "diagnosis"))) {
        enter_key(x, "diagnosis");
        read_diagnosis(x, v);
        leave(x);
    }
    if ((v = get_object(x, root, "outcome"))) {
        enter_key(x, "outcome");
        read_outcome(x, v, &c->outcome, c->diagnosis.date);
        leave(x);
    }
    if ((v = get_object(x, root, "biomarkers"))) {
        enter_key(x, "biomarkers");
        read_biomarkers(x, v);
        leave(x);
    }
    if ((v = get_array(x, root, "labs", CASE_MAX_ITEMS))) read_labs(x, v);
    if ((v = get_array(x, root, "therapies", CASE_MAX_ITEMS))) read_therapies(x, v);
    if ((v = get_array(x, root, "enrolments", CASE_MAX_ITEMS))) read_enrolments(x, v);
    json_t *m = get_object(x, root, "molecular");
    if (m && field(x, root, "samples"))
        fail(x, ONC_EPARSE, "both \"molecular\" and \"samples\" are given: write one sample as "
                            "\"molecular\", or every sample in \"samples\"");
    else if (m) read_single_sample(x, m);
    else read_samples(x, root);
}

/* Parses the JSON text and reports a syntax error as "name:line:column: ...". */
static json_t *parse_json(ctx_t *x)
{
    json_error_t je;
    json_t *root = json_loadb(x->text, x->len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (je.line > 0)
            onc_err_set(x->err, ONC_EPARSE, "%s:%d:%d: invalid JSON: %s", x->c->name, je.line, je.column, je.text);
        else onc_err_set(x->err, ONC_EPARSE, "%s: invalid JSON: %s", x->c->name, je.text);
        x->failed = 1;
        return NULL;
    }
    if (!json_is_object(root)) fail_expected(x, root, "a case: a JSON object ({...}) at the top level");
    else if (!nesting_ok(root, 1))
        fail(x, ONC_ELIMIT, "containers are nested more than %d deep", CASE_MAX_NESTING);
    if (x->failed) {
        json_decref(root);
        return NULL;
    }
    return root;
}

void onc_case_opts_init(onc_case_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->max_bytes = ONC_CASE_MAX_BYTES;
    o->check_files = 1;
}

onc_rc onc_case_parse(const char *text, size_t len, const char *name, const char *base_dir,
                      const onc_case_opts_t *opts, onc_case_t **out, onc_err_t *err)
{
    onc_case_opts_t defaults;
    if (!opts) onc_case_opts_init(&defaults), opts = &defaults;
    *out = NULL;
    if (len > opts->max_bytes)
        return onc_err_set(err, ONC_ELIMIT, "%s: the case file is larger than the limit of %zu bytes", name, opts->max_bytes);
    onc_case_t *c = onc_case_new();
    char *copy = c ? onc_case_strndup(c, text, len) : NULL;
    if (!copy || !(c->name = onc_case_strdup(c, name))) {
        onc_case_free(c);
        return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", name);
    }
    c->text = copy;
    c->text_len = len;
    ctx_t x = {.c = c, .opts = opts, .base_dir = base_dir, .text = copy, .len = len, .err = err};
    if (len >= 3 && memcmp(copy, "\xEF\xBB\xBF", 3) == 0) x.text += 3, x.len -= 3; /* UTF-8 BOM */
    json_t *root = parse_json(&x);
    if (root) read_case(&x, root);
    json_decref(root);
    if (!x.failed && x.n_unreported) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s: %zu more warnings not listed", name, x.n_unreported);
        if (onc_case_add_warning(c, msg) != ONC_OK) fail(&x, ONC_ENOMEM, "out of memory");
    }
    if (x.failed) {
        onc_case_free(c);
        return err ? err->code : ONC_EPARSE;
    }
    *out = c;
    return ONC_OK;
}

/* Reads the whole file into a buffer that grows as needed (a case is usually a few KB),
 * refusing one over max bytes and compressed input. */
static char *read_file(const char *path, size_t max, size_t *len, onc_err_t *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return onc_err_set(err, ONC_EIO, "%s: cannot open: %s", path, strerror(errno)), NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int bad = 0, oom = 0;
    if (max > SIZE_MAX / 2) max = SIZE_MAX / 2;
    for (;;) {
        if (n == cap) {
            if (cap > max) break; /* max + 1 bytes read: over the limit */
            size_t want = cap ? cap * 2 : (size_t)64 << 10;
            if (want > max + 1) want = max + 1;
            char *grown = realloc(buf, want);
            if (!grown) {
                oom = 1;
                break;
            }
            buf = grown;
            cap = want;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) {
            bad = ferror(fp);
            break;
        }
    }
    fclose(fp);
    if (oom) onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
    else if (bad) onc_err_set(err, ONC_EIO, "%s: cannot read", path);
    else if (n > max) onc_err_set(err, ONC_ELIMIT, "%s: the case file is larger than the limit of %zu bytes", path, max);
    else if (n >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b)
        onc_err_set(err, ONC_EFORMAT, "%s: compressed case files are not supported: decompress it first", path);
    else {
        *len = n;
        return buf;
    }
    free(buf);
    return NULL;
}

onc_rc onc_case_load(const char *path, const onc_case_opts_t *opts, onc_case_t **out, onc_err_t *err)
{
    onc_case_opts_t defaults;
    if (!opts) onc_case_opts_init(&defaults), opts = &defaults;
    *out = NULL;
    size_t len = 0;
    char *text = read_file(path, opts->max_bytes, &len, err);
    if (!text) return err ? err->code : ONC_EIO;
    /* Relative file references are relative to the case file's directory. */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : NULL;
    onc_rc rc = slash && !dir ? onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path)
                              : onc_case_parse(text, len, path, dir, opts, out, err);
    free(dir);
    free(text);
    return rc;
}
