/* kb_import_table.c: the input tables of the importers (CIViC's TSVs, OncoKB's export).
 *
 * CIViC writes its TSVs with Ruby's CSV library and a tab separator, so a cell that holds a
 * double quote is itself quoted and its inner quotes doubled ("the ""T790M"" allele"); OncoKB
 * writes plain tab-joined cells. Both are read here: in CIViC's files a cell that starts with
 * a quote is unquoted, any other cell is taken as it is; OncoKB's cells are all taken as they are
 * (an abstract may start with a quoted title). Unlike the lab-file tables (io_table), a row with
 * fewer cells than the header is an error: these files are machine-written, and a short row
 * means a truncated or hand-damaged file, whose missing cells must not read as "no drug".
 * Lines come from io_lines (plain or gzip, "\n" or "\r\n", capped).
 */
#include "io/io_int.h"
#include "kb_import_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct kbi_table {
    io_lines_t *lines;
    char *path;
    onc_err_t *err;
    int quoted; /* cells in Ruby CSV's quotes (CIViC) or plain (OncoKB) */
    uint64_t header_line;
    char *header[KBI_COLS_MAX];
    int ncols;
    onc_strbuf_t cells;             /* the current row's cells, NUL-separated */
    size_t offset[KBI_COLS_MAX];    /* where each cell starts in cells */
    int ncells;
};

/* 1 when s[0, n) is well-formed UTF-8 (no overlong forms, surrogates or code points above
 * U+10FFFF), so that the YAML written from it reads back. */
static int is_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned cp, min;
        if (c < 0x80) { i++; continue; }
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
        else return 0;
        if (i + len > n) return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += len;
    }
    return 1;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t') return 0;
    return 1;
}

/* Appends one cell of line (starting at *pos) to t->cells, unquoting it, and moves *pos past
 * its tab. Returns ONC_OK or an error for cell number col. */
static onc_rc cut_cell(kbi_table_t *t, const char *line, size_t len, size_t *pos, int col,
                       onc_err_t *err)
{
    size_t p = *pos, start = t->cells.len;
    const char *name = col < t->ncols ? t->header[col] : NULL;
    if (t->quoted && p < len && line[p] == '"') {
        for (p++;; p++) {
            if (p >= len)
                return onc_err_at(err, ONC_EPARSE, t->path, io_lines_lineno(t->lines), name,
                                  "quoted cell does not end on this line (a quote is missing, or "
                                  "the cell spans lines, which is not supported)");
            if (line[p] == '"') {
                if (p + 1 < len && line[p + 1] == '"') p++;
                else { p++; break; }
            }
            if (onc_strbuf_putc(&t->cells, line[p])) goto nomem;
        }
        if (p < len && line[p] != '\t')
            return onc_err_at(err, ONC_EPARSE, t->path, io_lines_lineno(t->lines), name,
                              "text after the closing quote of a quoted cell");
    } else {
        size_t q = p;
        while (q < len && line[q] != '\t') q++;
        if (onc_strbuf_putsn(&t->cells, line + p, q - p)) goto nomem;
        p = q;
    }
    if (t->cells.len - start > KBI_CELL_MAX)
        return onc_err_at(err, ONC_ELIMIT, t->path, io_lines_lineno(t->lines), name,
                          "cell is longer than %d bytes", KBI_CELL_MAX);
    if (!is_utf8((const unsigned char *)t->cells.s + start, t->cells.len - start))
        return onc_err_at(err, ONC_EPARSE, t->path, io_lines_lineno(t->lines), name,
                          "cell is not valid UTF-8");
    if (onc_strbuf_putc(&t->cells, '\0')) goto nomem;
    *pos = p + 1; /* past the tab, or past the end of the line */
    return ONC_OK;
nomem:
    return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", t->path);
}

/* Cuts line into t->cells; returns the cell count or -1 with err set. */
static int split_line(kbi_table_t *t, const char *line, size_t len, onc_err_t *err)
{
    onc_strbuf_clear(&t->cells);
    size_t pos = 0;
    int n = 0;
    while (pos <= len) {
        if (n == KBI_COLS_MAX) {
            onc_err_at(err, ONC_ELIMIT, t->path, io_lines_lineno(t->lines), NULL,
                       "more than %d cells", KBI_COLS_MAX);
            return -1;
        }
        t->offset[n] = t->cells.len;
        if (cut_cell(t, line, len, &pos, n, err)) return -1;
        n++;
    }
    return n;
}

/* Reads the next line that is not blank into t->cells: 1, 0 at the end, -1 on error. */
static int next_line(kbi_table_t *t, int *ncells, onc_err_t *err)
{
    char *line;
    size_t len;
    int ret;
    while ((ret = io_lines_next(t->lines, &line, &len, err)) == 0 && is_blank(line, len)) {}
    if (ret == -1) return 0;
    if (ret < -1) return -1;
    *ncells = split_line(t, line, len, err);
    return *ncells < 0 ? -1 : 1;
}

static char *trimmed(char *s)
{
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') s[--n] = '\0';
    return s;
}

kbi_table_t *kbi_table_open(const char *path, int quoted, onc_err_t *err)
{
    kbi_table_t *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(path))) {
        free(t);
        onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    t->err = err;
    t->quoted = quoted;
    t->cells.cap = (size_t)KBI_COLS_MAX * (KBI_CELL_MAX + 1);
    if (!(t->lines = io_lines_open(path, err))) goto fail;
    int n, ret = next_line(t, &n, err);
    if (ret == 0)
        onc_err_at(err, ONC_EPARSE, path, io_lines_lineno(t->lines), NULL,
                   "no header row: the file is empty");
    if (ret <= 0) goto fail;
    t->header_line = io_lines_lineno(t->lines);
    for (int i = 0; i < n; i++) {
        if (!(t->header[i] = strdup(trimmed(t->cells.s + t->offset[i])))) {
            onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
            goto fail;
        }
        t->ncols = i + 1;
    }
    return t;
fail:
    kbi_table_close(t);
    return NULL;
}

int kbi_table_next(kbi_table_t *t, onc_err_t *err)
{
    int n, ret = next_line(t, &n, err);
    if (ret <= 0) return ret;
    if (n != t->ncols) {
        onc_err_at(err, ONC_EPARSE, t->path, io_lines_lineno(t->lines), NULL,
                   "row has %d cells, the header %d columns (a truncated or damaged row)", n,
                   t->ncols);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        char *cell = t->cells.s + t->offset[i], *trim = trimmed(cell);
        t->offset[i] += (size_t)(trim - cell);
    }
    t->ncells = n;
    return 1;
}

int kbi_table_col(const kbi_table_t *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcasecmp(t->header[i], name) == 0) return i;
    return -1;
}

onc_rc kbi_table_cols(const kbi_table_t *t, const char *const *names, int *idx, onc_err_t *err)
{
    for (size_t i = 0; names[i]; i++)
        if ((idx[i] = kbi_table_col(t, names[i])) < 0)
            return onc_err_at(err, ONC_EPARSE, t->path, t->header_line, NULL, "header lacks the column %s",
                              names[i]);
    return ONC_OK;
}

const char *kbi_table_cell(const kbi_table_t *t, int col)
{
    return col >= 0 && col < t->ncells ? t->cells.s + t->offset[col] : "";
}

uint64_t kbi_table_line(const kbi_table_t *t) { return io_lines_lineno(t->lines); }
uint64_t kbi_table_header_line(const kbi_table_t *t) { return t->header_line; }
const char *kbi_table_path(const kbi_table_t *t) { return t->path; }
void kbi_table_set_err(kbi_table_t *t, onc_err_t *err) { t->err = err; }

onc_rc kbi_table_fail(const kbi_table_t *t, int col, const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *name = col >= 0 && col < t->ncols ? t->header[col] : NULL;
    return onc_err_at(t->err, ONC_EPARSE, t->path, io_lines_lineno(t->lines), name, "%s", msg);
}

void kbi_table_close(kbi_table_t *t)
{
    if (!t) return;
    io_lines_close(t->lines);
    for (int i = 0; i < t->ncols; i++) free(t->header[i]);
    onc_strbuf_free(&t->cells);
    free(t->path);
    free(t);
}
