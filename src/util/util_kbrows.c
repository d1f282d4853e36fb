/* util_kbrows.c: reading kb/ tables (see kbfile.h): "# key: value" comments, and a row cursor
 * that cuts a loaded text in place into lines and tab-separated cells, checking each row
 * against the header, so that the loaders only check what their cells mean.
 */
#include "oncoboard/kbfile.h"

#include "oncoboard/tsv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
