/* kbfile.h: the files of the shipped knowledge base (kb/), and a reader of their rows.
 *
 * The kb/ files are built into the binary, so that ./oncoboard works wherever it is copied;
 * a directory given at run time (--kb DIR or $ONCOBOARD_KB) replaces them file by file, for
 * curators testing a change without rebuilding.
 *
 * Every kb/ table is one format: UTF-8 text, '\n' or "\r\n" line ends, lines starting with
 * '#' are comments (sources, release: "# release: oncotree_2026_05_21"), blank lines are
 * ignored, the first other line is the header row naming the columns, and each further line
 * is a row of exactly as many tab-separated cells as the header has columns (an empty cell is
 * written as nothing between two tabs; a short row is an error, not a row of empty cells,
 * because in a hand-edited table a missing tab is more often a mistake than a meaning).
 */
#ifndef ONCOBOARD_KBFILE_H
#define ONCOBOARD_KBFILE_H

#include "oncoboard/error.h"

#include <stddef.h>
#include <stdint.h>

#define ONC_KB_LINE_MAX 4096 /* bytes in a line; the longest shipped row has about 530 */
#define ONC_KB_COLS_MAX 64   /* columns in a table; the widest shipped one has 15 */

/* A kb/ file in memory: always an owned, writable copy (the row reader cuts it in place). */
typedef struct onc_kb_text {
    char *data;  /* the file's bytes, NUL-terminated; a file holding a NUL byte is refused */
    size_t len;
    char *name;  /* for messages: "kb/NAME" for the built-in copy, "DIR/NAME" when read from DIR */
} onc_kb_text_t;

/* Loads kb/NAME ("oncotree.tsv"): from kb_dir when not NULL (else $ONCOBOARD_KB when set),
 * otherwise the built-in copy. */
onc_rc onc_kb_text_load(onc_kb_text_t *t, const char *kb_dir, const char *name, onc_err_t *err)
    ONC_MUST_CHECK;
/* The same from len bytes already in memory, copied; name is used in messages. */
onc_rc onc_kb_text_copy(onc_kb_text_t *t, const char *data, size_t len, const char *name,
                        onc_err_t *err) ONC_MUST_CHECK;
void onc_kb_text_free(onc_kb_text_t *t); /* accepts a zeroed or freed text */

/* The value of the first comment line "# KEY: VALUE" (spaces around it dropped) anywhere in
 * the text, copied to out (cap bytes). ONC_OK; ONC_ENOTFOUND when there is none (err is left
 * alone); ONC_ELIMIT, with err set, when the value does not fit. Call it before reading rows:
 * the row reader cuts the text. */
onc_rc onc_kb_text_comment(const onc_kb_text_t *t, const char *key, char *out, size_t cap,
                           onc_err_t *err);

/* Names of the built-in files, NULL-terminated. */
const char *const *onc_kb_file_names(void);

/* A cursor over the rows of a kb/ table, cutting the text in place: cells point into
 * text->data and stay valid as long as the text. A value type (no allocation, nothing to
 * free): open, then next() until it returns 0.
 *
 *     onc_kb_rows_t r;
 *     int col[3], ret;
 *     static const char *const want[] = {"gene", "exon", "source", NULL};
 *     if (onc_kb_rows_open(&r, &text, err) || onc_kb_rows_columns(&r, want, col)) return ...;
 *     while ((ret = onc_kb_rows_next(&r)) > 0) use(onc_kb_rows_cell(&r, col[0]));
 *     if (ret < 0) return r.rc; // err is set
 */
typedef struct onc_kb_rows {
    onc_kb_text_t *text;
    onc_err_t *err;
    char *next;                       /* first byte not read yet */
    uint64_t line, header_line;       /* 1-based line of the current row, of the header */
    int ncols;                        /* the header's */
    onc_rc rc;                        /* the error after next() returned -1, else ONC_OK */
    char *header[ONC_KB_COLS_MAX];    /* column names */
    char *cell[ONC_KB_COLS_MAX];      /* the current row's ncols cells */
} onc_kb_rows_t;

/* Reads up to and including the header row (the first line that is neither a comment nor
 * blank). ONC_EPARSE "no header row"; ONC_ELIMIT for a line over ONC_KB_LINE_MAX bytes or a
 * header over ONC_KB_COLS_MAX columns. Errors of this and later calls go to err. */
onc_rc onc_kb_rows_open(onc_kb_rows_t *r, onc_kb_text_t *t, onc_err_t *err) ONC_MUST_CHECK;
/* 1: the next row is current; 0: the end; -1: an error, in err and r->rc: a line over
 * ONC_KB_LINE_MAX (ONC_ELIMIT) or a row whose cell count differs from the header's
 * (ONC_EPARSE). Comment and blank lines between rows are skipped. */
int onc_kb_rows_next(onc_kb_rows_t *r);
/* Index of the column with this exact name (the first one), or -1. */
int onc_kb_rows_column(const onc_kb_rows_t *r, const char *name);
/* idx[i] = the column of names[i] for a NULL-terminated list of names; every one must exist,
 * else ONC_EPARSE "FILE:HEADERLINE: header lacks the column NAME". */
onc_rc onc_kb_rows_columns(const onc_kb_rows_t *r, const char *const *names, int *idx)
    ONC_MUST_CHECK;
/* Cell col of the current row ("" for a col outside the header). */
const char *onc_kb_rows_cell(const onc_kb_rows_t *r, int col);
/* The line of the current row (of the header right after open), 1-based. */
uint64_t onc_kb_rows_line(const onc_kb_rows_t *r);
/* Sets err to "NAME:LINE: field FIELD: message" for the current row (field may be NULL) and
 * returns rc. */
onc_rc onc_kb_rows_fail(const onc_kb_rows_t *r, onc_rc rc, const char *field, const char *fmt,
                        ...) ONC_PRINTF(4, 5);

#endif
