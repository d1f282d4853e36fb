/* io_frame.c: cohort tables for the statistics (frame.h). The file is read whole and cut in
 * place: cells point into the one text buffer, so a million-row table costs its text plus one
 * pointer per cell. Rows must have as many cells as the header; the first that does not is an
 * error naming its line. */
#include "io_frame_int.h"
#include "oncoboard/csv.h"
#include "oncoboard/strbuf.h"
#include "oncoboard/tsv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const missing_words[] = {"", "NA", "NaN", ".", "[Not Available]", "[Not Applicable]",
                                            "[Unknown]", "[Not Evaluated]"};

bool onc_frame_is_missing_word(const char *s)
{
    for (size_t i = 0; i < sizeof missing_words / sizeof missing_words[0]; i++)
        if (strcmp(s, missing_words[i]) == 0) return true;
    return false;
}

void onc_frame_free(onc_frame_t *f)
{
    if (!f) return;
    free(f->name);
    free(f->text);
    free(f->head);
    free(f->cells);
    free(f->line);
    free(f->ref);
    for (size_t k = 0; k < f->n_owned; k++) free(f->owned[k]);
    free(f->owned);
    free(f);
}

char *frame_own(onc_frame_t *f, const char *s, size_t len)
{
    char **grown = realloc(f->owned, (f->n_owned + 1) * sizeof *grown);
    if (!grown) return NULL;
    f->owned = grown;
    char *copy = malloc(len + 1);
    if (!copy) return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    return f->owned[f->n_owned++] = copy;
}

/* A whole number of at most 15 digits (with an optional '-') is exact in a double, so summing
 * its digits gives strtod's value bit for bit; such cells (0/1 alteration codes, counts, days)
 * are most of a wide table, and strtod's general path costs several times more. */
static bool parse_small_integer(const char *s, double *v)
{
    bool neg = *s == '-';
    const char *p = s + neg;
    int64_t x = 0;
    size_t k = 0;
    for (; p[k] >= '0' && p[k] <= '9'; k++) {
        if (k == 15) return false;
        x = x * 10 + (p[k] - '0');
    }
    if (k == 0 || p[k]) return false;
    *v = neg ? -(double)x : (double)x;
    return true;
}

bool frame_parse_number(const char *s, double *v)
{
    if (parse_small_integer(s, v)) return true;
    char *end = NULL;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && !*end && !isnan(*v);
}

size_t onc_frame_rows(const onc_frame_t *f) { return f->n_rows; }
size_t onc_frame_cols(const onc_frame_t *f) { return f->n_cols; }
const char *onc_frame_col_name(const onc_frame_t *f, size_t j) { return j < f->n_cols ? f->head[j] : NULL; }
uint64_t onc_frame_line(const onc_frame_t *f, size_t i) { return i < f->n_rows ? f->line[i] : 0; }

const char *onc_frame_cell(const onc_frame_t *f, size_t i, size_t j)
{
    return i < f->n_rows && j < f->n_cols ? f->cells[j * f->n_rows + i] : NULL;
}

int onc_frame_col(const onc_frame_t *f, const char *name)
{
    for (size_t j = 0; j < f->n_cols; j++)
        if (strcmp(f->head[j], name) == 0) return (int)j;
    return -1;
}

onc_rc onc_frame_find(const onc_frame_t *f, const char *name, size_t *j, onc_err_t *err)
{
    int k = onc_frame_col(f, name);
    if (k >= 0) {
        *j = (size_t)k;
        return ONC_OK;
    }
    onc_strbuf_t b = ONC_STRBUF_INIT;
    b.cap = 600;
    for (size_t c = 0; c < f->n_cols; c++)
        if (onc_strbuf_printf(&b, "%s%s", c ? ", " : "", f->head[c]) != ONC_OK) break;
    onc_rc rc = onc_err_set(err, ONC_ENOTFOUND, "%s: no column '%s' (there are: %s)", f->name, name, onc_strbuf_str(&b));
    onc_strbuf_free(&b);
    return rc;
}

/* Cuts one record at *pos into cells: the number of cells, or < 0 (csv.h's codes; -10 for too
 * many tab-separated cells). */
static int split_record(char *text, size_t len, size_t *pos, bool tsv, char **cells, uint64_t *newlines)
{
    if (!tsv) return onc_csv_split(text, len, pos, cells, ONC_FRAME_MAX_COLS, newlines);
    char *start = text + *pos;
    char *nl = memchr(start, '\n', len - *pos);
    size_t n = nl ? (size_t)(nl - start) : len - *pos;
    *pos += n + (nl ? 1 : 0);
    if (nl) (*newlines)++;
    if (n && start[n - 1] == '\r') n--;
    start[n] = '\0';
    int k = onc_tsv_split(start, n, cells, ONC_FRAME_MAX_COLS, ONC_TSV_TRIM);
    return k < 0 ? -10 : k;
}

/* Room for every row the text can hold (a record ends at a newline, so there are at most one
 * more than the newlines left), column-major: cells[j * cap_rows + i] while reading. */
static onc_rc reserve_rows(onc_frame_t *f, size_t len, size_t pos, onc_err_t *err)
{
    size_t cap = 1;
    for (const char *p = f->text + pos, *end = f->text + len; (p = memchr(p, '\n', (size_t)(end - p))); p++) cap++;
    if (cap > SIZE_MAX / sizeof *f->cells / f->n_cols) return onc_err_set(err, ONC_ELIMIT, "%s: too many cells", f->name);
    f->cells = malloc(cap * f->n_cols * sizeof *f->cells);
    f->line = malloc(cap * sizeof *f->line);
    if (!f->cells || !f->line) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    f->cap_rows = cap;
    return ONC_OK;
}

static void add_row(onc_frame_t *f, char **cells, uint64_t line)
{
    for (size_t j = 0; j < f->n_cols; j++)
        f->cells[j * f->cap_rows + f->n_rows] = onc_frame_is_missing_word(cells[j]) ? NULL : cells[j];
    f->line[f->n_rows++] = line;
}

/* Closes the gaps the reserve left at the end of each column (blank lines, quoted newlines). */
static void pack_columns(onc_frame_t *f)
{
    for (size_t j = 1; j < f->n_cols && f->n_rows < f->cap_rows; j++)
        memmove(f->cells + j * f->n_rows, f->cells + j * f->cap_rows, f->n_rows * sizeof *f->cells);
    f->cap_rows = f->n_rows;
}

static onc_rc parse_rows(onc_frame_t *f, size_t len, size_t pos, uint64_t line, bool tsv, char **cells, onc_err_t *err)
{
    while (pos < len) {
        uint64_t this_line = line + 1;
        int k = split_record(f->text, len, &pos, tsv, cells, &line);
        if (k == 1 && cells[0][0] == '\0') continue; /* a blank line */
        if (k < 0)
            return onc_err_at(err, ONC_EPARSE, f->name, this_line, NULL,
                              k == ONC_CSV_OPEN_QUOTE ? "a quoted cell is never closed"
                                                      : "not a well-formed row (quotes, or more than %d columns)",
                              ONC_FRAME_MAX_COLS);
        if ((size_t)k != f->n_cols)
            return onc_err_at(err, ONC_EPARSE, f->name, this_line, NULL, "%d cells where the header has %zu", k,
                              f->n_cols);
        if (f->n_rows == f->cap_rows) return onc_err_at(err, ONC_EINTERNAL, f->name, this_line, NULL, "more rows than lines");
        add_row(f, cells, this_line);
    }
    pack_columns(f);
    return ONC_OK;
}

/* The header: skips '#' lines, finds the delimiter, keeps the names. */
static onc_rc parse_header(onc_frame_t *f, size_t len, size_t *pos, uint64_t *line, bool *tsv, char **cells,
                           onc_err_t *err)
{
    while (*pos < len && f->text[*pos] == '#') {
        char *nl = memchr(f->text + *pos, '\n', len - *pos);
        *pos = nl ? (size_t)(nl - f->text) + 1 : len;
        (*line)++;
    }
    if (*pos >= len) return onc_err_set(err, ONC_EPARSE, "%s: no header row", f->name);
    char *nl = memchr(f->text + *pos, '\n', len - *pos);
    size_t hl = nl ? (size_t)(nl - f->text) - *pos : len - *pos;
    *tsv = memchr(f->text + *pos, '\t', hl) != NULL;
    uint64_t header_line = *line + 1;
    int k = split_record(f->text, len, pos, *tsv, cells, line);
    if (k <= 0) return onc_err_at(err, ONC_EPARSE, f->name, header_line, NULL, "not a header row");
    f->n_cols = (size_t)k;
    if (!(f->head = malloc(f->n_cols * sizeof *f->head))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t j = 0; j < f->n_cols; j++) {
        f->head[j] = cells[j];
        for (size_t i = 0; i < j; i++)
            if (strcmp(f->head[i], cells[j]) == 0)
                return onc_err_at(err, ONC_EPARSE, f->name, header_line, cells[j], "the column name appears twice");
    }
    return ONC_OK;
}

onc_rc onc_frame_parse(const char *text, size_t len, const char *name, onc_frame_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_frame_t *f = calloc(1, sizeof *f);
    char **cells = malloc(ONC_FRAME_MAX_COLS * sizeof *cells);
    if (f) f->name = strdup(name ? name : "table");
    if (f) f->text = malloc(len + 1);
    if (!f || !cells || !f->name || !f->text) {
        free(cells);
        onc_frame_free(f);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    memcpy(f->text, text, len);
    f->text[len] = '\0';
    size_t pos = len >= 3 && /* a UTF-8 byte-order mark (Excel) */ memcmp(f->text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    uint64_t line = 0;
    bool tsv = true;
    onc_rc rc = parse_header(f, len, &pos, &line, &tsv, cells, err);
    if (rc == ONC_OK) rc = reserve_rows(f, len, pos, err);
    if (rc == ONC_OK) rc = parse_rows(f, len, pos, line, tsv, cells, err);
    free(cells);
    if (rc != ONC_OK) {
        onc_frame_free(f);
        return rc;
    }
    *out = f;
    return ONC_OK;
}

onc_rc onc_frame_read(const char *path, onc_frame_t **out, onc_err_t *err)
{
    onc_strbuf_t b = ONC_STRBUF_INIT;
    b.cap = ONC_FRAME_MAX_BYTES;
    onc_rc rc = onc_strbuf_read_file(&b, path, err);
    if (rc == ONC_OK) rc = onc_frame_parse(onc_strbuf_str(&b), b.len, path, out, err);
    onc_strbuf_free(&b);
    return rc;
}

onc_rc onc_frame_numeric(const onc_frame_t *f, const char *name, double *out, size_t *n_missing, onc_err_t *err)
{
    size_t j = 0, miss = 0;
    onc_rc rc = onc_frame_find(f, name, &j, err);
    if (rc != ONC_OK) return rc;
    char *const *col = f->cells + j * f->n_rows;
    for (size_t i = 0; i < f->n_rows; i++) {
        if (!col[i]) {
            out[i] = NAN;
            miss++;
        } else if (!frame_parse_number(col[i], &out[i]))
            return onc_err_at(err, ONC_EPARSE, f->name, f->line[i], name, "'%s' is not a number", col[i]);
    }
    if (n_missing) *n_missing = miss;
    return ONC_OK;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

void onc_factor_free(onc_factor_t *fa)
{
    free(fa->levels);
    free(fa->code);
    memset(fa, 0, sizeof *fa);
}

/* The level of s among the sorted levels (binary search). */
static int level_of(const onc_factor_t *fa, const char *s)
{
    const char *const *hit = bsearch(&s, fa->levels, fa->n_levels, sizeof *fa->levels, cmp_str);
    return hit ? (int)(hit - fa->levels) : -1;
}

/* Moves ref to the front, shifting the codes so that they keep naming the same values. */
static onc_rc put_reference_first(const onc_frame_t *f, const char *name, const char *ref, onc_factor_t *fa,
                                  onc_err_t *err)
{
    int r = level_of(fa, ref);
    if (r < 0) return onc_err_set(err, ONC_ENOTFOUND, "%s: column %s has no value '%s'", f->name, name, ref);
    const char *keep = fa->levels[r];
    memmove(fa->levels + 1, fa->levels, (size_t)r * sizeof *fa->levels);
    fa->levels[0] = keep;
    for (size_t i = 0; i < fa->n; i++) {
        if (fa->code[i] == r) fa->code[i] = 0;
        else if (fa->code[i] >= 0 && fa->code[i] < r) fa->code[i]++;
    }
    return ONC_OK;
}

onc_rc onc_frame_factor(const onc_frame_t *f, const char *name, const char *ref, onc_factor_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    size_t j = 0;
    onc_rc rc = onc_frame_find(f, name, &j, err);
    if (rc != ONC_OK) return rc;
    out->n = f->n_rows;
    out->levels = malloc((f->n_rows ? f->n_rows : 1) * sizeof *out->levels);
    out->code = malloc((f->n_rows ? f->n_rows : 1) * sizeof *out->code);
    if (!out->levels || !out->code) {
        onc_factor_free(out);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < f->n_rows; i++)
        if (onc_frame_cell(f, i, j)) out->levels[out->n_levels++] = onc_frame_cell(f, i, j);
    qsort(out->levels, out->n_levels, sizeof *out->levels, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < out->n_levels; i++)
        if (u == 0 || strcmp(out->levels[u - 1], out->levels[i]) != 0) out->levels[u++] = out->levels[i];
    out->n_levels = u;
    for (size_t i = 0; i < f->n_rows; i++) {
        const char *s = onc_frame_cell(f, i, j);
        out->code[i] = s ? level_of(out, s) : -1;
    }
    /* a derived column's own reference (onc_frame_cut_apply), when the rows hold it */
    if (!ref && f->ref && f->ref[j] && level_of(out, f->ref[j]) >= 0) ref = f->ref[j];
    if (ref) rc = put_reference_first(f, name, ref, out, err);
    if (rc != ONC_OK) onc_factor_free(out);
    return rc;
}
