/* util_doc.c: YAML and JSON text into a jansson tree with a line for every node (doc.h).
 *
 * libyaml's event parser drives a small builder: a stack of open containers, each mapping
 * remembering the key it waits a value for. Scalars are typed by the YAML 1.2 core schema.
 * Lines live in a side table keyed by node pointer (and, for object members, by the key
 * string jansson stores, which is unique per member and stable while the object lives): that
 * is how a shared singleton such as json_true() still gets a line through its key.
 * JSON goes through jansson first, for RFC 8259 strictness and its messages, then through the
 * same builder, so that both formats type and locate nodes the same way.
 */
#include "oncoboard/doc.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- the line table: open addressing over pointers ---- */

typedef struct line_map {
    const void **keys;
    uint64_t *lines;
    size_t cap, n; /* cap is 0 or a power of two */
} line_map_t;

static size_t ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

static int map_grow(line_map_t *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    const void **keys = calloc(cap, sizeof *keys);
    uint64_t *lines = calloc(cap, sizeof *lines);
    if (!keys || !lines) {
        free(keys);
        free(lines);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = ptr_hash(m->keys[i]) & (cap - 1);
        while (keys[j]) j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        lines[j] = m->lines[i];
    }
    free(m->keys);
    free(m->lines);
    m->keys = keys;
    m->lines = lines;
    m->cap = cap;
    return 0;
}

static int map_put(line_map_t *m, const void *p, uint64_t line)
{
    if ((m->n + 1) * 2 > m->cap && map_grow(m) != 0) return -1;
    size_t j = ptr_hash(p) & (m->cap - 1);
    while (m->keys[j] && m->keys[j] != p) j = (j + 1) & (m->cap - 1);
    if (!m->keys[j]) m->n++;
    m->keys[j] = p;
    m->lines[j] = line;
    return 0;
}

static uint64_t map_get(const line_map_t *m, const void *p)
{
    if (!m->cap || !p) return 0;
    size_t j = ptr_hash(p) & (m->cap - 1);
    while (m->keys[j]) {
        if (m->keys[j] == p) return m->lines[j];
        j = (j + 1) & (m->cap - 1);
    }
    return 0;
}

struct onc_doc {
    char *name;
    json_t *root;
    line_map_t lines;
};

static int is_singleton(const json_t *v) { return json_is_true(v) || json_is_false(v) || json_is_null(v); }

/* ---- scalar typing (YAML 1.2 core schema) ---- */

static int all_in(const char *s, const char *set)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!strchr(set, *s)) return 0;
    return 1;
}

static int is_core_null(const char *s)
{
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static int core_bool(const char *s)
{
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) return 1;
    if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) return 0;
    return -1;
}

static int is_core_int(const char *s)
{
    if (!strncmp(s, "0o", 2)) return all_in(s + 2, "01234567");
    if (!strncmp(s, "0x", 2)) return all_in(s + 2, "0123456789abcdefABCDEF");
    if (*s == '-' || *s == '+') s++;
    return all_in(s, "0123456789");
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int is_core_float(const char *s)
{
    if (*s == '-' || *s == '+') s++;
    size_t digits = strspn(s, "0123456789");
    s += digits;
    if (*s == '.') {
        s++;
        size_t frac = strspn(s, "0123456789");
        if (!digits && !frac) return 0;
        s += frac;
    } else if (!digits) {
        return 0;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+') s++;
        size_t e = strspn(s, "0123456789");
        if (!e) return 0;
        s += e;
    }
    return *s == '\0';
}

static int is_core_special_float(const char *s)
{
    const char *t = (*s == '-' || *s == '+') ? s + 1 : s;
    return !strcmp(t, ".inf") || !strcmp(t, ".Inf") || !strcmp(t, ".INF") || !strcmp(s, ".nan") ||
           !strcmp(s, ".NaN") || !strcmp(s, ".NAN");
}

/* ---- the builder ---- */

typedef struct frame {
    json_t *node;
    char *key;        /* mapping waiting for the value of key */
    uint64_t key_line;
} frame_t;

typedef struct builder {
    onc_doc_t *doc;
    onc_doc_limits_t lim;
    onc_err_t *err;
    frame_t *stack;
    size_t depth;
    size_t nodes;
    int documents;
} builder_t;

static onc_rc fail_at(builder_t *b, onc_rc rc, const yaml_mark_t *m, const char *fmt, ...) ONC_PRINTF(4, 5);
static onc_rc fail_at(builder_t *b, onc_rc rc, const yaml_mark_t *m, const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return onc_err_set(b->err, rc, "%s:%zu:%zu: %s", b->doc->name, m->line + 1, m->column + 1, msg);
}

/* A scalar's value: typed when plain (or tagged), a string when quoted. */
static onc_rc scalar_value(builder_t *b, const yaml_event_t *ev, json_t **out)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    const char *tag = (const char *)ev->data.scalar.tag;
    const yaml_mark_t *m = &ev->start_mark;
    if (strlen(s) != len) return fail_at(b, ONC_EPARSE, m, "a NUL character in a scalar");
    int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (tag && !strcmp(tag, YAML_STR_TAG)) plain = 0;
    else if (tag && strcmp(tag, YAML_INT_TAG) && strcmp(tag, YAML_FLOAT_TAG) && strcmp(tag, YAML_BOOL_TAG) &&
             strcmp(tag, YAML_NULL_TAG) && strcmp(tag, "!"))
        return fail_at(b, ONC_EPARSE, m, "tag %s is not supported", tag);
    else if (tag && !strcmp(tag, "!")) plain = 0; /* the non-specific tag: a string */
    *out = NULL;
    if (!plain) {
        *out = json_stringn(s, len);
        if (!*out) return fail_at(b, ONC_EPARSE, m, "not valid UTF-8");
        return ONC_OK;
    }
    int bv;
    if (is_core_null(s)) *out = json_null();
    else if ((bv = core_bool(s)) >= 0) *out = json_boolean(bv);
    else if (is_core_int(s)) {
        errno = 0;
        char *end;
        int base = !strncmp(s, "0o", 2) ? 8 : !strncmp(s, "0x", 2) ? 16 : 10;
        long long v = strtoll(base == 10 ? s : s + 2, &end, base);
        if (errno || *end) return fail_at(b, ONC_EPARSE, m, "integer %s out of range", s);
        *out = json_integer((json_int_t)v);
    } else if (is_core_float(s)) {
        errno = 0;
        char *end;
        double v = strtod(s, &end);
        if (errno || *end || !isfinite(v)) return fail_at(b, ONC_EPARSE, m, "number %s out of range", s);
        *out = json_real(v);
    } else if (is_core_special_float(s)) {
        return fail_at(b, ONC_EPARSE, m, "%s: infinities and NaN are not supported", s);
    } else {
        *out = json_stringn(s, len);
        if (!*out) return fail_at(b, ONC_EPARSE, m, "not valid UTF-8");
    }
    if (tag && strcmp(tag, "!")) {
        int ok = !strcmp(tag, YAML_INT_TAG)     ? json_is_integer(*out)
                 : !strcmp(tag, YAML_FLOAT_TAG) ? json_is_number(*out)
                 : !strcmp(tag, YAML_BOOL_TAG)  ? json_is_boolean(*out)
                                                : json_is_null(*out);
        if (!ok) {
            json_decref(*out);
            *out = NULL;
            return fail_at(b, ONC_EPARSE, m, "'%s' is not a %s", s, tag);
        }
    }
    if (!*out) return onc_err_set(b->err, ONC_ENOMEM, "%s: out of memory", b->doc->name);
    return ONC_OK;
}

static onc_rc count_node(builder_t *b, const yaml_mark_t *m)
{
    if (++b->nodes > b->lim.max_nodes)
        return fail_at(b, ONC_ELIMIT, m, "more than %zu nodes", b->lim.max_nodes);
    return ONC_OK;
}

/* Attaches v (a new reference, taken over) where the stack says. */
static onc_rc attach(builder_t *b, json_t *v, const yaml_mark_t *m)
{
    uint64_t line = m->line + 1;
    if (!is_singleton(v) && map_put(&b->doc->lines, v, line) != 0) {
        json_decref(v);
        return onc_err_set(b->err, ONC_ENOMEM, "%s: out of memory", b->doc->name);
    }
    if (b->depth == 0) {
        b->doc->root = v;
        return ONC_OK;
    }
    frame_t *f = &b->stack[b->depth - 1];
    if (json_is_array(f->node)) {
        if (json_array_append_new(f->node, v) != 0)
            return onc_err_set(b->err, ONC_ENOMEM, "%s: out of memory", b->doc->name);
        return ONC_OK;
    }
    char *key = f->key;
    f->key = NULL;
    if (json_object_set_new(f->node, key, v) != 0) {
        free(key);
        return onc_err_set(b->err, ONC_ENOMEM, "%s: out of memory", b->doc->name);
    }
    void *it = json_object_iter_at(f->node, key);
    const char *stored = it ? json_object_iter_key(it) : NULL;
    free(key);
    if (stored && map_put(&b->doc->lines, stored, f->key_line) != 0)
        return onc_err_set(b->err, ONC_ENOMEM, "%s: out of memory", b->doc->name);
    return ONC_OK;
}

/* In a mapping waiting for a key, a scalar is the key. 1: it was taken as a key. */
static int wants_key(const builder_t *b)
{
    if (b->depth == 0) return 0;
    const frame_t *f = &b->stack[b->depth - 1];
    return json_is_object(f->node) && !f->key;
}

static onc_rc take_key(builder_t *b, const yaml_event_t *ev)
{
    frame_t *f = &b->stack[b->depth - 1];
    const char *s = (const char *)ev->data.scalar.value;
    if (strlen(s) != ev->data.scalar.length) return fail_at(b, ONC_EPARSE, &ev->start_mark, "a NUL character in a key");
    if (json_object_get(f->node, s)) return fail_at(b, ONC_EPARSE, &ev->start_mark, "duplicate key '%s'", s);
    if (!(f->key = strdup(s))) return onc_err_set(b->err, ONC_ENOMEM, "%s: out of memory", b->doc->name);
    f->key_line = ev->start_mark.line + 1;
    return ONC_OK;
}

static onc_rc open_container(builder_t *b, const yaml_event_t *ev, int mapping)
{
    const yaml_mark_t *m = &ev->start_mark;
    if (wants_key(b)) return fail_at(b, ONC_EPARSE, m, "a key must be a scalar");
    const char *tag = (const char *)(mapping ? ev->data.mapping_start.tag : ev->data.sequence_start.tag);
    if (tag && strcmp(tag, mapping ? YAML_MAP_TAG : YAML_SEQ_TAG))
        return fail_at(b, ONC_EPARSE, m, "tag %s is not supported", tag);
    if (b->depth >= b->lim.max_depth) return fail_at(b, ONC_ELIMIT, m, "nesting deeper than %zu", b->lim.max_depth);
    onc_rc rc = count_node(b, m);
    if (rc) return rc;
    json_t *v = mapping ? json_object() : json_array();
    if (!v) return onc_err_set(b->err, ONC_ENOMEM, "%s: out of memory", b->doc->name);
    json_incref(v); /* one reference for the parent, one for the stack */
    if ((rc = attach(b, v, m))) {
        json_decref(v);
        return rc;
    }
    b->stack[b->depth++] = (frame_t){v, NULL, 0};
    return ONC_OK;
}

static void close_container(builder_t *b)
{
    frame_t *f = &b->stack[--b->depth];
    free(f->key);
    json_decref(f->node);
}

static onc_rc on_event(builder_t *b, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents > 1) return fail_at(b, ONC_EPARSE, m, "more than one document");
        return ONC_OK;
    case YAML_ALIAS_EVENT:
        return fail_at(b, ONC_EPARSE, m, "aliases (*%s) are not supported: write the value out",
                       (const char *)ev->data.alias.anchor);
    case YAML_SCALAR_EVENT: {
        if (wants_key(b)) return take_key(b, ev);
        onc_rc rc = count_node(b, m);
        json_t *v = NULL;
        if (rc || (rc = scalar_value(b, ev, &v))) return rc;
        return attach(b, v, m);
    }
    case YAML_MAPPING_START_EVENT:
        return open_container(b, ev, 1);
    case YAML_SEQUENCE_START_EVENT:
        return open_container(b, ev, 0);
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        if (b->depth) close_container(b);
        return ONC_OK;
    default:
        return ONC_OK;
    }
}

static onc_rc parse_yaml(builder_t *b, const char *text, size_t len)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return onc_err_set(b->err, ONC_ENOMEM, "%s: out of memory", b->doc->name);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    onc_rc rc = ONC_OK;
    for (int done = 0; !done && !rc;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            const yaml_mark_t *m = p.problem_offset || p.problem_mark.line ? &p.problem_mark : &p.context_mark;
            rc = fail_at(b, p.error == YAML_MEMORY_ERROR ? ONC_ENOMEM : ONC_EPARSE, m, "%s%s%s",
                         p.problem ? p.problem : "syntax error", p.context ? " " : "",
                         p.context ? p.context : "");
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        rc = on_event(b, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    while (b->depth) close_container(b);
    if (!rc && !b->doc->root) b->doc->root = json_null();
    return rc;
}

static onc_rc check_json(builder_t *b, const char *text, size_t len)
{
    json_error_t je;
    json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (v) {
        json_decref(v);
        return ONC_OK;
    }
    return onc_err_set(b->err, ONC_EPARSE, "%s:%d:%d: %s", b->doc->name, je.line, je.column, je.text);
}

static onc_doc_format detect(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (strchr(" \t\r\n", text[i])) continue;
        return text[i] == '{' || text[i] == '[' ? ONC_DOC_JSON : ONC_DOC_YAML;
    }
    return ONC_DOC_YAML;
}

onc_doc_t *onc_doc_parse(const char *text, size_t len, const char *name, onc_doc_format format,
                         const onc_doc_limits_t *limits, onc_err_t *err)
{
    builder_t b = {0};
    b.err = err;
    b.lim.max_bytes = limits && limits->max_bytes ? limits->max_bytes : ONC_DOC_MAX_BYTES;
    b.lim.max_depth = limits && limits->max_depth ? limits->max_depth : ONC_DOC_MAX_DEPTH;
    b.lim.max_nodes = limits && limits->max_nodes ? limits->max_nodes : ONC_DOC_MAX_NODES;
    if (!name) name = "-";
    if (len > b.lim.max_bytes) {
        onc_err_set(err, ONC_ELIMIT, "%s: larger than %zu bytes", name, b.lim.max_bytes);
        return NULL;
    }
    b.doc = calloc(1, sizeof *b.doc);
    b.stack = calloc(b.lim.max_depth, sizeof *b.stack);
    if (!b.doc || !b.stack || !(b.doc->name = strdup(name))) {
        onc_err_set(err, ONC_ENOMEM, "%s: out of memory", name);
        free(b.stack);
        onc_doc_free(b.doc);
        return NULL;
    }
    if (format == ONC_DOC_AUTO) format = detect(text, len);
    onc_rc rc = format == ONC_DOC_JSON ? check_json(&b, text, len) : ONC_OK;
    if (!rc) rc = parse_yaml(&b, text, len);
    free(b.stack);
    if (rc) {
        onc_doc_free(b.doc);
        return NULL;
    }
    return b.doc;
}

static onc_doc_format format_of_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && !strcmp(dot, ".json")) return ONC_DOC_JSON;
    if (dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml"))) return ONC_DOC_YAML;
    return ONC_DOC_AUTO;
}

onc_doc_t *onc_doc_load(const char *path, const onc_doc_limits_t *limits, onc_err_t *err)
{
    size_t max = limits && limits->max_bytes ? limits->max_bytes : ONC_DOC_MAX_BYTES;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        onc_err_set(err, ONC_EIO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, fp) : 0;
    int bad = !buf || ferror(fp);
    fclose(fp);
    onc_doc_t *d = NULL;
    if (!buf) onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
    else if (bad) onc_err_set(err, ONC_EIO, "%s: read error", path);
    else if (n > max) onc_err_set(err, ONC_ELIMIT, "%s: larger than %zu bytes", path, max);
    else d = onc_doc_parse(buf, n, path, format_of_path(path), limits, err);
    free(buf);
    return d;
}

void onc_doc_free(onc_doc_t *d)
{
    if (!d) return;
    json_decref(d->root);
    free(d->lines.keys);
    free(d->lines.lines);
    free(d->name);
    free(d);
}

json_t *onc_doc_root(const onc_doc_t *d) { return d->root; }
const char *onc_doc_name(const onc_doc_t *d) { return d->name; }

uint64_t onc_doc_line(const onc_doc_t *d, const json_t *node)
{
    return is_singleton(node) ? 0 : map_get(&d->lines, node);
}

uint64_t onc_doc_member_line(const onc_doc_t *d, const json_t *object, const char *key)
{
    void *it = json_is_object(object) ? json_object_iter_at((json_t *)object, key) : NULL;
    uint64_t line = it ? map_get(&d->lines, json_object_iter_key(it)) : 0;
    return line ? line : onc_doc_line(d, object);
}

onc_rc onc_doc_fail(const onc_doc_t *d, onc_err_t *err, onc_rc rc, uint64_t line, const char *field,
                    const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return onc_err_at(err, rc, d->name, line, field, "%s", msg);
}
