/* report_md.c: the Markdown view of a tumor board report (GitHub-flavoured Markdown).
 *
 * A sink for the walker of report_view.c: sections are "##" headings, label/value lists and
 * tables are GFM pipe tables, and notes and warnings are block quotes so that they stand out
 * when printed as plain text. Every text is escaped: Markdown punctuation with a backslash
 * (pipes, backticks, emphasis, links), HTML's <, > and & as entities (GitHub passes raw HTML
 * through), line breaks inside a table cell as <br>, and invalid UTF-8 as U+FFFD.
 */
#include "oncoboard/report_view.h"

#include "report/report_view_int.h"

#include <string.h>

/* Appends s escaped for Markdown. In a table cell ('\n' -> <br>) or running text ('\n' -> ' ').
 * '>', '-' and '+' only matter at the start of a block (quote, list): escaped there only, so
 * that ">=50%" inside a line stays readable in the plain text. */
static onc_rc md_escape(onc_strbuf_t *b, const char *s, int in_cell)
{
    if (!in_cell && *s && strchr(">-+", *s)) RV_TRY(onc_strbuf_putc(b, '\\'));
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = rv_utf8_len(p);
        if (n == 0) { RV_TRY(onc_strbuf_puts(b, "\xEF\xBF\xBD")); p++; continue; }
        if (n > 1) { RV_TRY(onc_strbuf_putsn(b, (const char *)p, n)); p += n; continue; }
        unsigned char c = *p++;
        if (c == '\n') RV_TRY(onc_strbuf_puts(b, in_cell ? "<br>" : " "));
        else if (c == '<') RV_TRY(onc_strbuf_puts(b, "&lt;"));
        else if (c == '&') RV_TRY(onc_strbuf_puts(b, "&amp;"));
        else if (c < 0x20 || c == 0x7F) RV_TRY(onc_strbuf_putc(b, ' '));
        else if (strchr("\\`*_[]|#~!", c)) RV_TRY(onc_strbuf_printf(b, "\\%c", c));
        else RV_TRY(onc_strbuf_putc(b, (char)c));
    }
    return ONC_OK;
}

/* Writes open, the escaped text, close. */
static onc_rc md_wrap(rv_sink *s, const char *open, const char *text, int in_cell, const char *close)
{
    RV_TRY(onc_strbuf_puts(s->out, open));
    RV_TRY(md_escape(s->out, text, in_cell));
    return onc_strbuf_puts(s->out, close);
}

static onc_rc md_begin(rv_sink *s, const char *title)
{
    return md_wrap(s, "# ", title, 0, "\n\n");
}

/* Markdown has no closing, no list opening and no figures: the values of a gauge are in the
 * label/value list above it. */
static onc_rc md_nothing(rv_sink *s)
{
    (void)s;
    return ONC_OK;
}

static onc_rc md_list_begin(rv_sink *s, rv_style style)
{
    (void)style;
    return md_nothing(s);
}

static onc_rc md_gauge(rv_sink *s, const rv_gauge *g)
{
    (void)g;
    return md_nothing(s);
}

static onc_rc md_section(rv_sink *s, const char *id, const char *title)
{
    (void)id;
    return md_wrap(s, "## ", title, 0, "\n\n");
}

static onc_rc md_subheading(rv_sink *s, const char *title)
{
    return md_wrap(s, "### ", title, 0, "\n\n");
}

static const char *md_prefix(rv_style style)
{
    switch (style) {
    case RV_NOTE: return "> ";
    case RV_WARNING: return "> **Warning:** ";
    case RV_DISCLAIMER: return "> **Decision support.** ";
    case RV_PLAIN:
    case RV_META: break;
    }
    return "";
}

static onc_rc md_para(rv_sink *s, rv_style style, const char *text)
{
    return md_wrap(s, md_prefix(style), text, 0, "\n\n");
}

static onc_rc md_item(rv_sink *s, const char *text)
{
    return md_wrap(s, "- ", text, 0, "\n");
}

static onc_rc md_blank_line(rv_sink *s)
{
    return onc_strbuf_putc(s->out, '\n');
}

static onc_rc md_kv_begin(rv_sink *s, rv_style style)
{
    (void)style;
    return onc_strbuf_puts(s->out, "| | |\n|---|---|\n");
}

static onc_rc md_kv(rv_sink *s, const char *label, const char *value)
{
    RV_TRY(md_wrap(s, "| **", label, 1, "** | "));
    return md_wrap(s, "", value, 1, " |\n");
}

static onc_rc md_table_begin(rv_sink *s, const char *kind, const char *caption, const char *const *headers, size_t n)
{
    (void)kind;
    (void)caption; /* the heading above the table says what it is */
    RV_TRY(onc_strbuf_putc(s->out, '|'));
    for (size_t i = 0; i < n; i++) {
        RV_TRY(md_wrap(s, " ", headers[i], 1, " |"));
    }
    RV_TRY(onc_strbuf_puts(s->out, "\n|"));
    for (size_t i = 0; i < n; i++) RV_TRY(onc_strbuf_puts(s->out, "---|"));
    return onc_strbuf_putc(s->out, '\n');
}

static onc_rc md_row(rv_sink *s, const rv_cell *cells, size_t n)
{
    RV_TRY(onc_strbuf_putc(s->out, '|'));
    for (size_t i = 0; i < n; i++) {
        RV_TRY(md_wrap(s, " ", cells[i].text, 1, " |"));
    }
    return onc_strbuf_putc(s->out, '\n');
}

onc_rc onc_report_render_md(const json_t *report, FILE *out, onc_err_t *err)
{
    rv_sink sink = {
        .begin = md_begin, .end = md_nothing, .section = md_section, .subheading = md_subheading,
        .para = md_para, .list_begin = md_list_begin, .item = md_item, .list_end = md_blank_line,
        .kv_begin = md_kv_begin, .kv = md_kv, .kv_end = md_blank_line,
        .table_begin = md_table_begin, .row = md_row, .table_end = md_blank_line, .gauge = md_gauge};
    return rv_render(report, &sink, out, err);
}
