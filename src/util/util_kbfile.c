/* util_kbfile.c: access to the kb/ files, built in or from a directory, and the one reader of
 * their tab-separated rows (see kbfile.h).
 *
 * A loaded text is always a private, writable copy, so that the row cursor can cut it into
 * NUL-terminated lines and cells in place and the loaders can keep pointers into it; the
 * copy costs nothing that matters (the files are at most a few hundred kilobytes).
 */
#include "oncoboard/kbfile.h"

#include "oncoboard/tsv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KB_LIMIT ((long)64 << 20) /* no knowledge-base file is anywhere near this */

/* The symbols util_kbdata.S defines, one line per file. */
#define KB_BUILTIN(X)                                                                              \
    X(gene_aliases, "gene_aliases.tsv")                                                            \
    X(gene_exons, "gene_exons.tsv")                                                                \
    X(genomic_events, "genomic_events.tsv")                                                        \
    X(oncotree, "oncotree.tsv")

#define DECLARE(sym, name) extern const char onc_kb_##sym[], onc_kb_##sym##_end[];
KB_BUILTIN(DECLARE)
#undef DECLARE

static const struct builtin { const char *name; const char *start, *end; } builtins[] = {
#define ENTRY(sym, name) {name, onc_kb_##sym, onc_kb_##sym##_end},
    KB_BUILTIN(ENTRY)
#undef ENTRY
};

static const char *const builtin_names[] = {
#define NAME(sym, name) name,
    KB_BUILTIN(NAME)
#undef NAME
    NULL};

const char *const *onc_kb_file_names(void) { return builtin_names; }

/* Takes ownership of data (len bytes and a NUL) and a copy of name. */
static onc_rc adopt(onc_kb_text_t *t, char *data, size_t len, const char *name, onc_err_t *err)
{
    t->data = data;
    t->len = len;
    t->data[len] = '\0';
    if (!(t->name = strdup(name))) {
        onc_kb_text_free(t);
        return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", name);
    }
    if (memchr(data, '\0', len)) {
        onc_err_set(err, ONC_EPARSE, "%s: holds a NUL byte: not a text file", name);
        onc_kb_text_free(t);
        return ONC_EPARSE;
    }
    return ONC_OK;
}

onc_rc onc_kb_text_copy(onc_kb_text_t *t, const char *data, size_t len, const char *name,
                        onc_err_t *err)
{
    memset(t, 0, sizeof *t);
    char *copy = malloc(len + 1);
    if (!copy) return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", name);
    memcpy(copy, data, len);
    return adopt(t, copy, len, name, err);
}

static onc_rc read_file(onc_kb_text_t *t, const char *path, onc_err_t *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return onc_err_set(err, ONC_EIO, "%s: cannot open: %s", path, strerror(errno));
    onc_rc rc = ONC_OK;
    long n = -1;
    char *data = NULL;
    if (fseek(fp, 0, SEEK_END) == 0) n = ftell(fp);
    if (n < 0 || n > KB_LIMIT || fseek(fp, 0, SEEK_SET) != 0)
        rc = onc_err_set(err, ONC_EIO, "%s: cannot read, or larger than %ld bytes", path, KB_LIMIT);
    else if (!(data = malloc((size_t)n + 1)))
        rc = onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
    else if (fread(data, 1, (size_t)n, fp) != (size_t)n)
        rc = onc_err_set(err, ONC_EIO, "%s: read error", path);
    fclose(fp);
    if (rc) {
        free(data);
        return rc;
    }
    return adopt(t, data, (size_t)n, path, err);
}

onc_rc onc_kb_text_load(onc_kb_text_t *t, const char *kb_dir, const char *name, onc_err_t *err)
{
    memset(t, 0, sizeof *t);
    if (!kb_dir) kb_dir = getenv("ONCOBOARD_KB");
    const char *dir = kb_dir && *kb_dir ? kb_dir : "kb";
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return onc_err_set(err, ONC_ELIMIT, "%s/%s: path too long", dir, name);
    if (kb_dir && *kb_dir) return read_file(t, path, err);
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (strcmp(builtins[i].name, name) == 0)
            return onc_kb_text_copy(t, builtins[i].start,
                                    (size_t)(builtins[i].end - builtins[i].start), path, err);
    return onc_err_set(err, ONC_ENOTFOUND, "%s: no such knowledge-base file", path);
}

void onc_kb_text_free(onc_kb_text_t *t)
{
    if (!t) return;
    free(t->data);
    free(t->name);
    memset(t, 0, sizeof *t);
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    return p;
}

onc_rc onc_kb_text_comment(const onc_kb_text_t *t, const char *key, char *out, size_t cap,
                           onc_err_t *err)
{
    size_t klen = strlen(key);
    uint64_t line = 0;
    for (const char *p = t->data, *eol; *p; p = *eol ? eol + 1 : eol) {
        eol = strchr(p, '\n');
        if (!eol) eol = p + strlen(p);
        line++;
        if (*p != '#') continue;
        const char *k = skip_blanks(p + 1, eol);
        if ((size_t)(eol - k) <= klen || strncmp(k, key, klen) || k[klen] != ':') continue;
        const char *v = skip_blanks(k + klen + 1, eol), *v_end = eol;
        while (v_end > v && (v_end[-1] == '\r' || v_end[-1] == ' ' || v_end[-1] == '\t')) v_end--;
        if ((size_t)(v_end - v) >= cap)
            return onc_err_at(err, ONC_ELIMIT, t->name, line, NULL, "%s longer than %zu bytes", key,
                              cap - 1);
        memcpy(out, v, (size_t)(v_end - v));
        out[v_end - v] = '\0';
        return ONC_OK;
    }
    return ONC_ENOTFOUND;
}

/* ---- rows ---- */

/* Cuts the next line out of the text (its '\n' and a '\r' before it become NULs) into *line,
 * *len: 1, 0 at the end, -1 when it is longer than ONC_KB_LINE_MAX. */
static int cut_line(onc_kb_rows_t *r, char **line, size_t *len)
{
    if (!*r->next) return 0;
    char *p = r->next, *eol = strchr(p, '\n');
    if (!eol) eol = p + strlen(p);
    r->next = *eol ? eol + 1 : eol;
    r->line++;
    if (eol - p > ONC_KB_LINE_MAX) {
        r->rc = onc_err_at(r->err, ONC_ELIMIT, r->text->name, r->line, NULL,
                           "line longer than %d bytes", ONC_KB_LINE_MAX);
        return -1;
    }
    *eol = '\0';
    if (eol > p && eol[-1] == '\r') *--eol = '\0';
    *line = p;
    *len = (size_t)(eol - p);
    return 1;
}

/* The next line that is neither a comment nor blank: as cut_line. */
static int next_content_line(onc_kb_rows_t *r, char **line, size_t *len)
{
    int ret;
    while ((ret = cut_line(r, line, len)) > 0)
        if (*len && **line != '#') break;
    return ret;
}

static int count_cells(const char *line, size_t len)
{
    int n = 1;
    for (const char *p = line, *end = line + len; (p = memchr(p, '\t', (size_t)(end - p))); p++) n++;
    return n;
}

onc_rc onc_kb_rows_open(onc_kb_rows_t *r, onc_kb_text_t *t, onc_err_t *err)
{
    memset(r, 0, sizeof *r);
    r->text = t;
    r->err = err;
    r->next = t->data;
    char *line;
    size_t len;
    int ret = next_content_line(r, &line, &len);
    if (ret < 0) return r->rc;
    if (ret == 0) return onc_err_set(err, ONC_EPARSE, "%s: no header row", t->name);
    r->header_line = r->line;
    r->ncols = onc_tsv_split(line, len, r->header, ONC_KB_COLS_MAX, ONC_TSV_KEEP);
    if (r->ncols < 0)
        return onc_kb_rows_fail(r, ONC_ELIMIT, NULL, "more than %d columns", ONC_KB_COLS_MAX);
    return ONC_OK;
}

int onc_kb_rows_next(onc_kb_rows_t *r)
{
    char *line;
    size_t len;
    int ret = next_content_line(r, &line, &len);
    if (ret <= 0) return ret;
    int n = count_cells(line, len);
    if (n != r->ncols) {
        r->rc = onc_kb_rows_fail(r, ONC_EPARSE, NULL, "%d cells, the header has %d", n, r->ncols);
        return -1;
    }
    onc_tsv_split(line, len, r->cell, r->ncols, ONC_TSV_KEEP);
    return 1;
}

int onc_kb_rows_column(const onc_kb_rows_t *r, const char *name)
{
    for (int i = 0; i < r->ncols; i++)
        if (strcmp(r->header[i], name) == 0) return i;
    return -1;
}

onc_rc onc_kb_rows_columns(const onc_kb_rows_t *r, const char *const *names, int *idx)
{
    for (int i = 0; names[i]; i++)
        if ((idx[i] = onc_kb_rows_column(r, names[i])) < 0)
            return onc_err_at(r->err, ONC_EPARSE, r->text->name, r->header_line, NULL,
                              "header lacks the column %s", names[i]);
    return ONC_OK;
}

const char *onc_kb_rows_cell(const onc_kb_rows_t *r, int col)
{
    return col >= 0 && col < r->ncols && r->line > r->header_line ? r->cell[col] : "";
}

uint64_t onc_kb_rows_line(const onc_kb_rows_t *r) { return r->line; }

onc_rc onc_kb_rows_fail(const onc_kb_rows_t *r, onc_rc rc, const char *field, const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return onc_err_at(r->err, rc, r->text->name, r->line, field, "%s", msg);
}
