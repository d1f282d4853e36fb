/* io_text.c: lines and header-driven tables for the text formats (MAF, fusions, copy
 * number, segments). Compression is htslib's business: hts_open reads plain, gzip and BGZF
 * alike and reports a truncated or corrupt stream as an error rather than an early end. */
#include "io_int.h"
#include "oncoboard/tsv.h"

#include <ctype.h>
#include <errno.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct io_lines {
    htsFile *fp;
    char *path;
    kstring_t ks;
    uint64_t lineno;
    onc_line_hook hook;
    void *hook_ctx;
};

io_lines_t *io_lines_open(const char *path, onc_err_t *err)
{
    io_lines_t *l = calloc(1, sizeof *l);
    if (!l || !(l->path = strdup(path))) {
        free(l);
        onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    l->fp = hts_open(path, "r");
    if (!l->fp) {
        onc_err_set(err, ONC_EIO, "%s: cannot open: %s", path, strerror(errno ? errno : EIO));
        io_lines_close(l);
        return NULL;
    }
    return l;
}

int io_lines_next(io_lines_t *l, char **line, size_t *len, onc_err_t *err)
{
    int ret = hts_getline(l->fp, '\n', &l->ks);
    if (ret == -1) return -1;
    l->lineno++;
    if (ret < -1) {
        onc_err_at(err, ONC_EIO, l->path, l->lineno, NULL,
                   "cannot read: the file is truncated or its compression is corrupt");
        return -2;
    }
    size_t n = l->ks.l;
    if (n > IO_LINE_MAX) {
        onc_err_at(err, ONC_ELIMIT, l->path, l->lineno, NULL, "line is longer than %zu bytes",
                   IO_LINE_MAX);
        return -2;
    }
    if (memchr(l->ks.s, '\0', n)) {
        onc_err_at(err, ONC_EPARSE, l->path, l->lineno, NULL,
                   "line contains a NUL byte: this is not a text file");
        return -2;
    }
    if (n && l->ks.s[n - 1] == '\r') l->ks.s[--n] = '\0';
    *line = l->ks.s;
    /* Spreadsheet programs start UTF-8 files with a byte-order mark: it is not part of the
     * first column's name. */
    if (l->lineno == 1 && n >= 3 && memcmp(*line, "\xEF\xBB\xBF", 3) == 0) {
        *line += 3;
        n -= 3;
    }
    *len = n;
    if (l->hook) l->hook(l->hook_ctx, *line, n, l->lineno);
    return 0;
}

void io_lines_set_hook(io_lines_t *l, onc_line_hook hook, void *ctx)
{
    l->hook = hook;
    l->hook_ctx = ctx;
}

uint64_t io_lines_lineno(const io_lines_t *l) { return l->lineno; }

void io_lines_close(io_lines_t *l)
{
    if (!l) return;
    if (l->fp) hts_close(l->fp);
    free(l->ks.s);
    free(l->path);
    free(l);
}

/* ---- tables ---- */

#define IO_TABLE_MAX_COLS 4096

struct io_table {
    io_lines_t *lines;
    char **header; /* owned copies of the column names */
    int ncols;
    char **cells; /* pointers into the current line */
    int ncells;
};

/* Splits line at tabs into trimmed t->cells; returns the count or -1 when there are too many. */
static int split_cells(io_table_t *t, char *line, size_t len)
{
    return onc_tsv_split(line, len, t->cells, IO_TABLE_MAX_COLS, ONC_TSV_TRIM);
}

static int is_skippable(const char *line, size_t len)
{
    if (len == 0 || line[0] == '#') return 1;
    for (size_t i = 0; i < len; i++)
        if (!isspace((unsigned char)line[i])) return 0;
    return 1;
}

io_table_t *io_table_open(const char *path, onc_err_t *err) { return io_table_open_hooked(path, NULL, NULL, err); }

io_table_t *io_table_open_hooked(const char *path, onc_line_hook hook, void *ctx, onc_err_t *err)
{
    io_table_t *t = calloc(1, sizeof *t);
    if (!t || !(t->cells = calloc(IO_TABLE_MAX_COLS, sizeof *t->cells))) {
        free(t);
        onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    if (!(t->lines = io_lines_open(path, err))) goto fail;
    io_lines_set_hook(t->lines, hook, ctx);
    char *line;
    size_t len;
    int ret;
    while ((ret = io_lines_next(t->lines, &line, &len, err)) == 0 && is_skippable(line, len)) {}
    if (ret == -1) {
        onc_err_at(err, ONC_EPARSE, path, io_lines_lineno(t->lines), NULL,
                   "no header row: the file is empty or has only comment lines");
        goto fail;
    }
    if (ret < -1) goto fail;
    int n = split_cells(t, line, len);
    if (n < 0) {
        onc_err_at(err, ONC_ELIMIT, path, io_lines_lineno(t->lines), NULL,
                   "header has more than %d columns", IO_TABLE_MAX_COLS);
        goto fail;
    }
    if (!(t->header = calloc((size_t)n + 1, sizeof *t->header))) goto oom;
    for (int i = 0; i < n; i++)
        if (!(t->header[i] = strdup(t->cells[i]))) goto oom;
    t->ncols = n;
    return t;
oom:
    onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
fail:
    io_table_close(t);
    return NULL;
}

int io_table_ncols(const io_table_t *t) { return t->ncols; }
const char *io_table_colname(const io_table_t *t, int i) { return i >= 0 && i < t->ncols ? t->header[i] : ""; }
char *const *io_table_colnames(const io_table_t *t) { return t->header; }

int io_table_find(const io_table_t *t, const char *const *names)
{
    for (; *names; names++)
        for (int i = 0; i < t->ncols; i++)
            if (strcasecmp(t->header[i], *names) == 0) return i;
    return -1;
}

int io_table_next(io_table_t *t, onc_err_t *err)
{
    char *line;
    size_t len;
    int ret;
    while ((ret = io_lines_next(t->lines, &line, &len, err)) == 0 && is_skippable(line, len)) {}
    if (ret != 0) return ret;
    int n = split_cells(t, line, len);
    if (n < 0 || n > t->ncols) {
        onc_err_at(err, ONC_EPARSE, io_table_path(t), io_lines_lineno(t->lines), NULL,
                   "row has more cells than the header's %d columns", t->ncols);
        return -2;
    }
    t->ncells = n;
    return 0;
}

const char *io_table_cell(const io_table_t *t, int i) { return i >= 0 && i < t->ncells ? t->cells[i] : ""; }
uint64_t io_table_lineno(const io_table_t *t) { return io_lines_lineno(t->lines); }
const char *io_table_path(const io_table_t *t) { return t->lines->path; }

void io_table_close(io_table_t *t)
{
    if (!t) return;
    io_lines_close(t->lines);
    if (t->header)
        for (int i = 0; i < t->ncols; i++) free(t->header[i]);
    free(t->header);
    free(t->cells);
    free(t);
}

/* ---- numbers ---- */

static int is_missing_text(const char *s)
{
    return !*s || strcmp(s, ".") == 0 || strcasecmp(s, "NA") == 0 || strcasecmp(s, "NaN") == 0 ||
           strcasecmp(s, "null") == 0;
}

int io_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (is_missing_text(s)) return 1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max) return -1;
    *out = v;
    return 0;
}

int io_parse_double(const char *s, double *out)
{
    if (is_missing_text(s)) return 1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno == ERANGE || end == s || *end || v != v) return -1;
    *out = v;
    return 0;
}
