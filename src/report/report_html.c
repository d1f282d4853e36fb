/* report_html.c: the HTML view of a tumor board report, one self-contained file.
 *
 * A sink for the walker of report_view.c. The document carries its own style sheet and draws its
 * few figures (a bar per variant allele fraction, gauges for PD-L1 and TMB) as inline SVG with a
 * title and a text alternative: no script, font, image or style sheet is fetched from anywhere,
 * so the file opens the same offline, in a mail client or from an archive, and prints on A4
 * (report_view_css.c). Nothing relies on colour alone: every value is written in words next to
 * its figure, and the palette keeps a contrast of at least 7:1 for text. Every text is escaped
 * (&, <, >, quotes) and invalid UTF-8 is shown as U+FFFD.
 */
#include "oncoboard/report_view.h"

#include "report/report_view_int.h"

#include <math.h>
#include <string.h>

extern const char rv_html_css[]; /* report_view_css.c */

/* Whether the word starting at p is long enough to need a break opportunity: identifiers such as
 * LCA_TAGRISSO_FDA_1L_2018 may then wrap after an underscore, while E746_A750del stays whole. */
static int long_word(const char *p)
{
    size_t n = strcspn(p, " \n");
    return n > 16;
}

/* Appends s escaped for HTML text and attribute values. In text (breaks set) '\n' becomes <br>
 * and a long word may wrap after an underscore. */
static onc_rc html_escape(onc_strbuf_t *b, const char *s, int breaks)
{
    int wrap = breaks && long_word(s);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = rv_utf8_len(p);
        if (n == 0) { RV_TRY(onc_strbuf_puts(b, "\xEF\xBF\xBD")); p++; continue; }
        if (n > 1) { RV_TRY(onc_strbuf_putsn(b, (const char *)p, n)); p += n; continue; }
        unsigned char c = *p++;
        if (c == ' ' || c == '\n') wrap = breaks && long_word((const char *)p);
        switch (c) {
        case '&': RV_TRY(onc_strbuf_puts(b, "&amp;")); break;
        case '<': RV_TRY(onc_strbuf_puts(b, "&lt;")); break;
        case '>': RV_TRY(onc_strbuf_puts(b, "&gt;")); break;
        case '"': RV_TRY(onc_strbuf_puts(b, "&quot;")); break;
        case '\'': RV_TRY(onc_strbuf_puts(b, "&#39;")); break;
        case '\n': RV_TRY(onc_strbuf_puts(b, breaks ? "<br>" : " ")); break;
        case '_': RV_TRY(onc_strbuf_puts(b, wrap ? "_<wbr>" : "_")); break;
        default: RV_TRY(onc_strbuf_putc(b, (c < 0x20 || c == 0x7F) ? ' ' : (char)c));
        }
    }
    return ONC_OK;
}

/* Writes open, the escaped text, close. */
static onc_rc html_wrap(rv_sink *s, const char *open, const char *text, const char *close)
{
    RV_TRY(onc_strbuf_puts(s->out, open));
    RV_TRY(html_escape(s->out, text, 1));
    return onc_strbuf_puts(s->out, close);
}

/* Writes open, the value escaped for an attribute (no <br>, no <wbr>), close. */
static onc_rc html_attr(rv_sink *s, const char *open, const char *value, const char *close)
{
    RV_TRY(onc_strbuf_puts(s->out, open));
    RV_TRY(html_escape(s->out, value, 0));
    return onc_strbuf_puts(s->out, close);
}

static onc_rc html_begin(rv_sink *s, const char *title)
{
    RV_TRY(onc_strbuf_puts(s->out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                                   "style-src 'unsafe-inline'; img-src data:\">\n"));
    RV_TRY(html_wrap(s, "<title>", title, "</title>\n<style>\n"));
    RV_TRY(onc_strbuf_puts(s->out, rv_html_css));
    RV_TRY(onc_strbuf_puts(s->out, "</style>\n</head>\n<body>\n<header class=\"report-head\">\n"));
    return html_wrap(s, "<h1>", title, "</h1>\n");
}

static onc_rc close_section(rv_sink *s)
{
    if (!s->in_section) return onc_strbuf_puts(s->out, "</header>\n<main>\n");
    return onc_strbuf_puts(s->out, "</section>\n");
}

static onc_rc html_end(rv_sink *s)
{
    RV_TRY(close_section(s));
    return onc_strbuf_puts(s->out, "</main>\n</body>\n</html>\n");
}

static onc_rc html_section(rv_sink *s, const char *id, const char *title)
{
    RV_TRY(close_section(s));
    s->in_section = 1;
    RV_TRY(html_attr(s, "<section id=\"", id, "\">\n"));
    return html_wrap(s, "<h2>", title, "</h2>\n");
}

static onc_rc html_subheading(rv_sink *s, const char *title)
{
    return html_wrap(s, "<h3>", title, "</h3>\n");
}

static const char *style_class(rv_style style)
{
    switch (style) {
    case RV_NOTE: return "note";
    case RV_WARNING: return "warning";
    case RV_DISCLAIMER: return "disclaimer";
    case RV_META: return "meta";
    case RV_PLAIN: break;
    }
    return "plain";
}

static onc_rc html_para(rv_sink *s, rv_style style, const char *text)
{
    RV_TRY(onc_strbuf_printf(s->out, "<p class=\"%s\">", style_class(style)));
    if (style == RV_WARNING) RV_TRY(onc_strbuf_puts(s->out, "<strong>Warning:</strong> "));
    if (style == RV_DISCLAIMER) RV_TRY(onc_strbuf_puts(s->out, "<strong>Decision support.</strong> "));
    return html_wrap(s, "", text, "</p>\n");
}

static onc_rc html_list_begin(rv_sink *s, rv_style style)
{
    return onc_strbuf_printf(s->out, "<ul class=\"%s\">\n", style_class(style));
}

static onc_rc html_item(rv_sink *s, const char *text)
{
    return html_wrap(s, "<li>", text, "</li>\n");
}

static onc_rc html_list_end(rv_sink *s)
{
    return onc_strbuf_puts(s->out, "</ul>\n");
}

static onc_rc html_kv_begin(rv_sink *s, rv_style style)
{
    return onc_strbuf_printf(s->out, "<dl class=\"%s\">\n", style_class(style));
}

static onc_rc html_kv(rv_sink *s, const char *label, const char *value)
{
    RV_TRY(html_wrap(s, "<div><dt>", label, "</dt>"));
    return html_wrap(s, "<dd>", value, "</dd></div>\n");
}

static onc_rc html_kv_end(rv_sink *s)
{
    return onc_strbuf_puts(s->out, "</dl>\n");
}

static onc_rc html_table_begin(rv_sink *s, const char *kind, const char *caption, const char *const *headers,
                               size_t n)
{
    RV_TRY(html_attr(s, "<table class=\"", kind, "\">\n"));
    RV_TRY(html_wrap(s, "<caption>", caption, "</caption>\n<thead><tr>"));
    for (size_t i = 0; i < n; i++) RV_TRY(html_wrap(s, "<th scope=\"col\">", headers[i], "</th>"));
    return onc_strbuf_puts(s->out, "</tr></thead>\n<tbody>\n");
}

/* A 0..1 fraction as a small bar; the number stays in the cell's text next to it. */
static onc_rc html_bar(rv_sink *s, double frac)
{
    return onc_strbuf_printf(s->out,
                             "<svg class=\"bar\" width=\"48\" height=\"10\" viewBox=\"0 0 48 10\" role=\"img\" "
                             "aria-label=\"allele fraction %.0f%%\"><title>allele fraction %.0f%%</title>"
                             "<rect x=\"0.5\" y=\"0.5\" width=\"47\" height=\"9\" class=\"track\"/>"
                             "<rect x=\"0.5\" y=\"0.5\" width=\"%.1f\" height=\"9\" class=\"fill\"/></svg> ",
                             frac * 100.0, frac * 100.0, frac * 47.0);
}

static onc_rc html_row(rv_sink *s, const rv_cell *cells, size_t n)
{
    RV_TRY(onc_strbuf_puts(s->out, "<tr>"));
    for (size_t i = 0; i < n; i++) {
        RV_TRY(onc_strbuf_puts(s->out, "<td>"));
        if (!isnan(cells[i].bar)) RV_TRY(html_bar(s, cells[i].bar));
        RV_TRY(html_wrap(s, "", cells[i].text, "</td>"));
    }
    return onc_strbuf_puts(s->out, "</tr>\n");
}

static onc_rc html_table_end(rv_sink *s)
{
    return onc_strbuf_puts(s->out, "</tbody>\n</table>\n");
}

/* A horizontal gauge 0..max with the threshold marked; values beyond max fill the scale. */
static onc_rc html_gauge(rv_sink *s, const rv_gauge *g)
{
    const double width = 220.0;
    if (isnan(g->value)) return ONC_OK; /* an empty gauge would read as 0 */
    onc_strbuf_t alt = ONC_STRBUF_INIT;
    onc_rc rc = onc_strbuf_printf(&alt, "%s: %.4g%s (threshold %s)", g->label, g->value, g->unit,
                                  g->threshold_label);
    if (rc == ONC_OK) rc = onc_strbuf_puts(s->out, "<figure class=\"gauge\"><svg width=\"240\" height=\"34\" "
                                                   "viewBox=\"0 0 240 34\" role=\"img\" aria-label=\"");
    if (rc == ONC_OK) rc = html_attr(s, "", onc_strbuf_str(&alt), "\"><title>");
    if (rc == ONC_OK) rc = html_wrap(s, "", onc_strbuf_str(&alt), "</title>");
    double frac = fmin(fmax(g->value / g->max, 0.0), 1.0);
    double mark = 10.0 + width * g->threshold / g->max;
    if (rc == ONC_OK)
        rc = onc_strbuf_printf(s->out,
                               "<rect x=\"10\" y=\"4\" width=\"%.0f\" height=\"12\" class=\"track\"/>"
                               "<rect x=\"10\" y=\"4\" width=\"%.1f\" height=\"12\" class=\"fill\"/>"
                               "<line x1=\"%.1f\" y1=\"1\" x2=\"%.1f\" y2=\"19\" class=\"mark\"/>"
                               "<text x=\"%.1f\" y=\"31\" text-anchor=\"middle\">",
                               width, width * frac, mark, mark, mark);
    if (rc == ONC_OK) rc = html_wrap(s, "", g->threshold_label, "</text></svg>");
    if (rc == ONC_OK) rc = html_wrap(s, "<figcaption>", onc_strbuf_str(&alt), "</figcaption></figure>\n");
    onc_strbuf_free(&alt);
    return rc;
}

onc_rc onc_report_render_html(const json_t *report, FILE *out, onc_err_t *err)
{
    rv_sink sink = {
        .begin = html_begin, .end = html_end, .section = html_section, .subheading = html_subheading,
        .para = html_para, .list_begin = html_list_begin, .item = html_item, .list_end = html_list_end,
        .kv_begin = html_kv_begin, .kv = html_kv, .kv_end = html_kv_end,
        .table_begin = html_table_begin, .row = html_row, .table_end = html_table_end, .gauge = html_gauge};
    return rv_render(report, &sink, out, err);
}
