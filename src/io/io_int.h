/* io_int.h: what the readers share inside src/io (not a public header).
 *
 * A format is a table of operations (onc_format_ops). io_reader.c detects the format, owns
 * the reader handle, its error and its warnings, and calls the format's operations; each
 * io_<format>.c keeps its own state behind r->state. io_text.c gives the text formats a line
 * reader and a header-driven table over plain or gzipped files.
 */
#ifndef ONCOBOARD_IO_INT_H
#define ONCOBOARD_IO_INT_H

#include "oncoboard/io.h"
#include "oncoboard/strbuf.h"

#include <stdint.h>

typedef struct onc_format_ops {
    onc_format format;
    /* Text formats: how well a header row fits this format (0 = not at all). NULL for the
     * formats detected otherwise (VCF/BCF by htslib, case files by their leading '{'). */
    int (*probe)(char *const *cols, int ncols);
    /* Opens r->path and sets r->state; returns ONC_OK or an error set with io_fail(). */
    onc_rc (*open)(onc_reader_t *r);
    /* As onc_reader_next(). */
    int (*next)(onc_reader_t *r, onc_alt_t *out);
    void (*close)(onc_reader_t *r); /* frees r->state; called once, also after errors */
} onc_format_ops;

struct onc_reader {
    const onc_format_ops *ops;
    void *state;
    char *path;
    onc_read_opts_t opts;
    onc_err_t err;
    int failed; /* sticky: after an error next() returns it again */
    struct io_warning { char *msg; uint64_t count; } *warnings;
    size_t n_warnings, m_warnings;
};

/* 1 when r (a copy-number reader) reads a GISTIC matrix (io_cna.c). */
int io_cna_is_matrix(const onc_reader_t *r);

extern const onc_format_ops onc_vcf_ops, onc_maf_ops, onc_fusion_ops, onc_cna_ops,
    onc_segments_ops, onc_case_ops;

/* Records an error located at line/field of r->path; returns -2 for next() to return. */
int io_fail(onc_reader_t *r, onc_rc rc, uint64_t line, const char *field, const char *fmt, ...)
    ONC_PRINTF(5, 6);
/* Adds a warning; the same text again only counts up ("... (12 records)"). */
void io_warn(onc_reader_t *r, const char *fmt, ...) ONC_PRINTF(2, 3);

/* ---- text input (io_text.c) ---- */

#define IO_LINE_MAX ((size_t)4 << 20) /* a longer line is an error, not a truncation */

/* Lines of a plain, gzip or bgzip file, with "\n" or "\r\n" endings, the last line with or
 * without its newline. */
typedef struct io_lines io_lines_t;
io_lines_t *io_lines_open(const char *path, onc_err_t *err);
/* From now on, hook(ctx, ...) sees every line io_lines_next returns (NULL: none). */
void io_lines_set_hook(io_lines_t *l, onc_line_hook hook, void *ctx);
/* 0: the next line, without its ending, is in *line (length *len) (valid until the next call);
 * -1: end; -2: error set in err (truncated or corrupt compression, a line over IO_LINE_MAX,
 * a NUL byte). */
int io_lines_next(io_lines_t *l, char **line, size_t *len, onc_err_t *err);
uint64_t io_lines_lineno(const io_lines_t *l);
void io_lines_close(io_lines_t *l);

/* A tab-separated table with a header row: '#' lines and blank lines before the header
 * are skipped (GDC "#version", cBioPortal metadata), columns are found by name without
 * regard to case, and rows with fewer cells than the header read the missing ones as "". */
typedef struct io_table io_table_t;
io_table_t *io_table_open(const char *path, onc_err_t *err);
/* The same, with hook(ctx, ...) called with every line read, the header included. */
io_table_t *io_table_open_hooked(const char *path, onc_line_hook hook, void *ctx, onc_err_t *err);
int io_table_ncols(const io_table_t *t);
const char *io_table_colname(const io_table_t *t, int i);
char *const *io_table_colnames(const io_table_t *t);
/* Index of the first column with one of the names (a NULL-terminated list), or -1. */
int io_table_find(const io_table_t *t, const char *const *names);
/* 0: a row is ready; -1: end; -2: error in err (too many cells, bad line). Blank lines and
 * '#' lines between rows are skipped. */
int io_table_next(io_table_t *t, onc_err_t *err);
/* Cell i of the current row, "" when the row is shorter or i < 0; NULL never. Leading and
 * trailing spaces are trimmed. */
const char *io_table_cell(const io_table_t *t, int i);
uint64_t io_table_lineno(const io_table_t *t);
const char *io_table_path(const io_table_t *t);
void io_table_close(io_table_t *t);

/* Strict number parsing for cells: 0 on success, -1 when s is not a whole number/real
 * (empty, trailing text, out of range). "NA", "." and "" are missing: they return 1 and
 * leave *out unset. */
int io_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);
int io_parse_double(const char *s, double *out);

#endif
