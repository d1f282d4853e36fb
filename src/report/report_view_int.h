/* report_view_int.h: what the report views share.
 *
 * One walker (report_view.c) reads the report document and says what to show, section by
 * section, through a sink: headings, paragraphs, lists, label/value lists, tables and gauges, all
 * as plain text. The Markdown sink (report_md.c) and the HTML sink (report_html.c) only decide how
 * to write and escape each piece, so the two views cannot drift apart. Text helpers that turn
 * JSON values into display text and that walk UTF-8 are in report_view_text.c.
 */
#ifndef ONCOBOARD_REPORT_VIEW_INT_H
#define ONCOBOARD_REPORT_VIEW_INT_H

#include "oncoboard/error.h"
#include "oncoboard/strbuf.h"

#include <jansson.h>
#include <stddef.h>

#define RV_MAX_COLS 12           /* the widest table the walker writes */
#define RV_OUT_CAP ((size_t)64 << 20) /* a report view larger than this is an error */

typedef enum rv_style {
    RV_PLAIN = 0,
    RV_NOTE,       /* a remark about missing or partial data */
    RV_WARNING,    /* a warning the board must see */
    RV_DISCLAIMER, /* the decision-support statement */
    RV_META        /* the header's label/value list */
} rv_style;

/* A table cell: text (lines separated by '\n'); bar in [0,1] draws a small bar in views that
 * can (a variant allele fraction), NaN for none. */
typedef struct rv_cell {
    const char *text;
    double bar;
} rv_cell;

/* A gauge: value on a 0..max scale with a marked threshold (TMB, PD-L1). A NaN value (not
 * measured) draws nothing: an empty gauge would read as 0. */
typedef struct rv_gauge {
    const char *label, *unit;
    double value, max, threshold;
    const char *threshold_label;
} rv_gauge;

typedef struct rv_sink rv_sink;
struct rv_sink {
    onc_strbuf_t *out;
    int in_section; /* a section is open (the HTML sink closes it before the next) */
    onc_rc (*begin)(rv_sink *s, const char *title);
    onc_rc (*end)(rv_sink *s);
    onc_rc (*section)(rv_sink *s, const char *id, const char *title);
    onc_rc (*subheading)(rv_sink *s, const char *title);
    onc_rc (*para)(rv_sink *s, rv_style style, const char *text);
    onc_rc (*list_begin)(rv_sink *s, rv_style style);
    onc_rc (*item)(rv_sink *s, const char *text);
    onc_rc (*list_end)(rv_sink *s);
    onc_rc (*kv_begin)(rv_sink *s, rv_style style);
    onc_rc (*kv)(rv_sink *s, const char *label, const char *value);
    onc_rc (*kv_end)(rv_sink *s);
    /* kind names the table for styling ("alterations", "therapies", ...); caption says what it
     * holds */
    onc_rc (*table_begin)(rv_sink *s, const char *kind, const char *caption, const char *const *headers, size_t n);
    onc_rc (*row)(rv_sink *s, const rv_cell *cells, size_t n);
    onc_rc (*table_end)(rv_sink *s);
    onc_rc (*gauge)(rv_sink *s, const rv_gauge *g);
};

#define RV_TRY(expr)                                                                               \
    do {                                                                                           \
        onc_rc rv_rc_ = (expr);                                                                    \
        if (rv_rc_ != ONC_OK) return rv_rc_;                                                       \
    } while (0)

/* Walks the report through the sink (report_view.c). */
onc_rc rv_walk(const json_t *report, rv_sink *sink);

/* Renders through a sink into memory and writes the result to out (report_view.c). */
onc_rc rv_render(const json_t *report, rv_sink *sink, FILE *out, onc_err_t *err);

/* --- report_view_text.c --- */

/* The string at key, or NULL when absent, null or not a string. */
const char *rv_str(const json_t *obj, const char *key);
/* The display text of v appended to b: strings as they are, integers, reals with up to 4
 * significant digits, true/false as yes/no; `missing` for null or absent (v NULL). */
onc_rc rv_put_value(onc_strbuf_t *b, const json_t *v, const char *missing) ONC_MUST_CHECK;
/* An array item: a string, a scalar, or an object named by its gene and alteration (or its
 * "label"/"name"/"message"). */
onc_rc rv_put_item(onc_strbuf_t *b, const json_t *item) ONC_MUST_CHECK;
/* The items of an array joined by sep; `empty` when the array is empty, `missing` when v is
 * absent or null. */
onc_rc rv_put_join(onc_strbuf_t *b, const json_t *v, const char *sep, const char *empty,
                   const char *missing) ONC_MUST_CHECK;
/* The number at key as a double, NaN when absent, null or not a number. */
double rv_num(const json_t *obj, const char *key);
/* The length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes there are not one
 * (overlong, surrogate, truncated, beyond U+10FFFF). *s must not be NUL. */
size_t rv_utf8_len(const unsigned char *s);

#endif
