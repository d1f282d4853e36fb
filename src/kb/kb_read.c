/* kb_read.c: typed, located field access for the knowledge-base loader (kb_read.h).
 *
 * Every field of every kb/ YAML file goes through these readers, so that a wrong type, a
 * missing field, an unknown key or a bad date gives the same kind of message everywhere:
 * "kb/evidence/EGFR.yaml:42: field evidence[3].agents[0]: ...".
 */
#include "kb_read.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int kb_problem(kb_ctx_t *c, const char *file, uint64_t line, const char *field, const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    onc_err_t e = {0};
    onc_err_at(&e, ONC_EPARSE, file, line, field, "%s", msg);
    c->problems++;
    if (c->collect) {
        if (c->report) c->report(e.msg, c->report_ctx);
        return 0;
    }
    if (c->err) *c->err = e;
    return 1;
}

int kb_fatal(kb_ctx_t *c, onc_rc rc, const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    onc_err_set(c->err, rc, "%s", msg);
    c->problems++;
    return 1;
}

static int arena_keep(onc_kb_t *kb, void *p)
{
    if (!p) return -1;
    if (kb->n_arena == kb->m_arena) {
        size_t m = kb->m_arena ? kb->m_arena * 2 : 256;
        void **a = realloc(kb->arena, m * sizeof *a);
        if (!a) return -1;
        kb->arena = a;
        kb->m_arena = m;
    }
    kb->arena[kb->n_arena++] = p;
    return 0;
}

char *kb_strdup(onc_kb_t *kb, const char *s)
{
    char *d = strdup(s);
    if (d && arena_keep(kb, d) != 0) {
        free(d);
        return NULL;
    }
    return d;
}

void *kb_calloc(onc_kb_t *kb, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p && arena_keep(kb, p) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

const char *kb_path(char *buf, const char *path, const char *key)
{
    if (path && *path) snprintf(buf, KB_PATH_MAX, "%s.%s", path, key);
    else snprintf(buf, KB_PATH_MAX, "%s", key);
    return buf;
}

const char *kb_path_index(char *buf, const char *path, const char *key, size_t i)
{
    char tmp[KB_PATH_MAX];
    if (snprintf(buf, KB_PATH_MAX, "%s[%zu]", kb_path(tmp, path, key), i) >= KB_PATH_MAX)
        buf[KB_PATH_MAX - 1] = '\0'; /* a long path is cut, the message still useful */
    return buf;
}

static const char *doc_name(const kb_ctx_t *c) { return c->doc ? onc_doc_name(c->doc) : "-"; }
static uint64_t member_line(const kb_ctx_t *c, const json_t *obj, const char *key)
{
    return c->doc ? onc_doc_member_line(c->doc, obj, key) : 0;
}

int kb_check_keys(kb_ctx_t *c, const json_t *obj, const char *path, const char *const *allowed, int *ok)
{
    const char *key;
    json_t *v;
    *ok = 1;
    json_object_foreach((json_t *)obj, key, v) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0) i++;
        if (allowed[i]) continue;
        char f[KB_PATH_MAX];
        *ok = 0;
        if (kb_problem(c, doc_name(c), member_line(c, obj, key), kb_path(f, path, key), "unknown key"))
            return 1;
    }
    return 0;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "a mapping";
    case JSON_ARRAY: return "a list";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "empty";
    }
    return "?";
}

/* A present value or a problem for a missing required one. 1: stop. *v NULL when absent. */
static int fetch(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required, json_t **v, int *ok)
{
    *v = json_object_get(obj, key);
    if (*v && json_is_null(*v)) *v = NULL;
    *ok = 1;
    if (*v || !required) return 0;
    char f[KB_PATH_MAX];
    *ok = 0;
    return kb_problem(c, doc_name(c), c->doc ? onc_doc_line(c->doc, obj) : 0, kb_path(f, path, key), "missing");
}

static int wrong_type(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, const json_t *v,
                      const char *want, int *ok)
{
    char f[KB_PATH_MAX];
    *ok = 0;
    return kb_problem(c, doc_name(c), member_line(c, obj, key), kb_path(f, path, key), "%s expected, not %s", want,
                      type_name(v));
}

int kb_get_str(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required, const char **out,
               int *ok)
{
    json_t *v;
    *out = NULL;
    if (fetch(c, obj, path, key, required, &v, ok)) return 1;
    if (!v) return 0;
    if (!json_is_string(v)) return wrong_type(c, obj, path, key, v, "a string", ok);
    if (!*json_string_value(v)) {
        char f[KB_PATH_MAX];
        *ok = 0;
        return kb_problem(c, doc_name(c), member_line(c, obj, key), kb_path(f, path, key), "empty");
    }
    *out = json_string_value(v);
    return 0;
}

int kb_get_bool(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required, bool dflt, bool *out,
                int *ok)
{
    json_t *v;
    *out = dflt;
    if (fetch(c, obj, path, key, required, &v, ok)) return 1;
    if (!v) return 0;
    if (!json_is_boolean(v)) return wrong_type(c, obj, path, key, v, "true or false", ok);
    *out = json_is_true(v);
    return 0;
}

int kb_get_number(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required, double min,
                  double *out, int *ok)
{
    json_t *v;
    *out = NAN;
    if (fetch(c, obj, path, key, required, &v, ok)) return 1;
    if (!v) return 0;
    if (!json_is_number(v)) return wrong_type(c, obj, path, key, v, "a number", ok);
    if (json_number_value(v) < min) {
        char f[KB_PATH_MAX];
        *ok = 0;
        return kb_problem(c, doc_name(c), member_line(c, obj, key), kb_path(f, path, key), "%g or more expected",
                          min);
    }
    *out = json_number_value(v);
    return 0;
}

int kb_get_str_list(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required,
                    const char *const **out, size_t *n, int *ok)
{
    json_t *v;
    *out = NULL;
    *n = 0;
    if (fetch(c, obj, path, key, required, &v, ok)) return 1;
    if (!v) return 0;
    if (!json_is_array(v)) return wrong_type(c, obj, path, key, v, "a list ([A, B])", ok);
    size_t len = json_array_size(v);
    if (required && len == 0) {
        char f[KB_PATH_MAX];
        *ok = 0;
        return kb_problem(c, doc_name(c), member_line(c, obj, key), kb_path(f, path, key), "empty list");
    }
    const char **items = kb_calloc(c->kb, len, sizeof *items);
    if (!items) return kb_fatal(c, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < len; i++) {
        json_t *item = json_array_get(v, i);
        if (!json_is_string(item) || !*json_string_value(item)) {
            char f[KB_PATH_MAX];
            *ok = 0;
            uint64_t line = c->doc ? onc_doc_line(c->doc, item) : 0;
            return kb_problem(c, doc_name(c), line ? line : member_line(c, obj, key), kb_path_index(f, path, key, i),
                              "a non-empty string expected, not %s", type_name(item));
        }
        items[i] = json_string_value(item);
    }
    *out = items;
    *n = len;
    return 0;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* 1 for a valid YYYY-MM-DD. */
static int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1) return 0;
    return d <= days[m - 1] + (m == 2 && leap(y));
}

int kb_get_date(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required, const char **out,
                int *ok)
{
    if (kb_get_str(c, obj, path, key, required, out, ok)) return 1;
    if (!*out) return 0;
    char f[KB_PATH_MAX];
    if (!valid_date(*out)) {
        *ok = 0;
        return kb_problem(c, doc_name(c), member_line(c, obj, key), kb_path(f, path, key),
                          "'%s' is not a date (YYYY-MM-DD)", *out);
    }
    if (strcmp(*out, c->today) > 0) {
        *ok = 0;
        return kb_problem(c, doc_name(c), member_line(c, obj, key), kb_path(f, path, key), "%s is in the future",
                          *out);
    }
    return 0;
}

int kb_check_enum(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, const char *value,
                  const char *const *words, int *ok)
{
    *ok = 1;
    if (!value) return 0;
    for (size_t i = 0; words[i]; i++)
        if (!strcmp(words[i], value)) return 0;
    char f[KB_PATH_MAX], list[512] = "";
    size_t len = 0;
    for (size_t i = 0; words[i] && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", words[i]);
    *ok = 0;
    return kb_problem(c, doc_name(c), member_line(c, obj, key), kb_path(f, path, key), "'%s' is not one of: %s",
                      value, list);
}

int kb_check_sources(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, const char *const *keys,
                     size_t n, int *ok)
{
    *ok = 1;
    for (size_t i = 0; i < n; i++) {
        if (onc_kb_source_find(c->kb, keys[i])) continue;
        char f[KB_PATH_MAX];
        *ok = 0;
        if (kb_problem(c, doc_name(c), member_line(c, obj, key), kb_path_index(f, path, key, i),
                       "source '%s' is not in sources.yaml", keys[i]))
            return 1;
    }
    return 0;
}

static int file_exists(const char *dir, const char *name)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) return 0;
    return access(path, F_OK) == 0;
}

onc_doc_t *kb_read_doc(kb_ctx_t *c, const char *name, int optional, int *missing, int *stop)
{
    *missing = 0;
    *stop = 0;
    onc_kb_text_t t;
    onc_err_t e = {0};
    if (optional && c->dir && !file_exists(c->dir, name)) {
        *missing = 1;
        return NULL;
    }
    if (onc_kb_text_load(&t, c->dir, name, &e) != ONC_OK) {
        if (optional && e.code == ONC_ENOTFOUND) {
            *missing = 1;
            return NULL;
        }
        c->problems++;
        if (c->collect && c->report) c->report(e.msg, c->report_ctx);
        else if (c->err) *c->err = e;
        *stop = !c->collect;
        return NULL;
    }
    onc_doc_t *d = onc_doc_parse(t.data, t.len, t.name, ONC_DOC_YAML, NULL, &e);
    onc_kb_text_free(&t);
    if (!d) {
        c->problems++;
        if (c->collect && c->report) c->report(e.msg, c->report_ctx);
        else if (c->err) *c->err = e;
        *stop = !c->collect || e.code == ONC_ENOMEM;
    }
    return d;
}
