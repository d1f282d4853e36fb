/* test_util.c: the util layer (string builder, error values) and io_text's tables. */
#include "check.h"
#include "io/io_int.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/numfmt.h"
#include "oncoboard/strbuf.h"

#include <unistd.h>

static void strbuf_appends_and_caps(void)
{
    onc_strbuf_t b = ONC_STRBUF_INIT;
    CHECK_STR(onc_strbuf_str(&b), "");
    CHECK_INT(onc_strbuf_puts(&b, "EGFR"), ONC_OK);
    CHECK_INT(onc_strbuf_printf(&b, " %s%d%c", "L", 858, 'R'), ONC_OK);
    CHECK_STR(onc_strbuf_str(&b), "EGFR L858R");
    b.cap = 12;
    CHECK_INT(onc_strbuf_puts(&b, "abc"), ONC_ELIMIT);
    CHECK_STR(onc_strbuf_str(&b), "EGFR L858R"); /* unchanged after a refused append */
    CHECK_INT(onc_strbuf_putc(&b, '!'), ONC_OK);
    CHECK_INT(b.len, 11);
    onc_strbuf_free(&b);
}

static void error_names_file_line_field(void)
{
    onc_err_t e = {0};
    CHECK_INT(onc_err_at(&e, ONC_EPARSE, "a.vcf", 12, "FORMAT/AD", "not a number: '%s'", "x"), ONC_EPARSE);
    CHECK_STR(e.msg, "a.vcf:12: field FORMAT/AD: not a number: 'x'");
    onc_err_at(&e, ONC_EIO, "b.maf", 0, NULL, "cannot open");
    CHECK_STR(e.msg, "b.maf: cannot open");
    CHECK_STR(onc_strerror(ONC_ENOMEM), "out of memory");
}

static char *write_temp(const char *text)
{
    static char path[] = "/tmp/onc_test_XXXXXX";
    strcpy(path, "/tmp/onc_test_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? path : NULL;
}

static void table_reads_header_driven_crlf_rows(void)
{
    char *path = write_temp("#version gdc-1.0.0\r\n\r\nHugo_Symbol\tHGVSp_Short\tt_depth\r\n"
                            "EGFR\tp.L858R\t412\r\n# a comment\nKRAS\tp.G12C");
    CHECK(path != NULL);
    onc_err_t e = {0};
    io_table_t *t = io_table_open(path, &e);
    CHECK(t != NULL);
    if (!t) return;
    static const char *const want[] = {"hugo_symbol", NULL}, *const depth[] = {"T_DEPTH", NULL};
    CHECK_INT(io_table_find(t, want), 0);
    CHECK_INT(io_table_find(t, depth), 2);
    CHECK_INT(io_table_next(t, &e), 0);
    CHECK_STR(io_table_cell(t, 1), "p.L858R");
    CHECK_STR(io_table_cell(t, 2), "412");
    CHECK_INT(io_table_lineno(t), 4);
    CHECK_INT(io_table_next(t, &e), 0);
    CHECK_STR(io_table_cell(t, 0), "KRAS");
    CHECK_STR(io_table_cell(t, 2), ""); /* short row */
    CHECK_INT(io_table_next(t, &e), -1);
    io_table_close(t);
    unlink(path);
}

static void numbers_are_strict(void)
{
    int64_t i = 0;
    double d = 0;
    CHECK_INT(io_parse_int("412", 0, 1000, &i), 0);
    CHECK_INT(i, 412);
    CHECK_INT(io_parse_int("41x", 0, 1000, &i), -1);
    CHECK_INT(io_parse_int("5000", 0, 1000, &i), -1);
    CHECK_INT(io_parse_int("NA", 0, 1000, &i), 1);
    CHECK_INT(io_parse_double("0.32", &d), 0);
    CHECK_NEAR(d, 0.32, 1e-12);
    CHECK_INT(io_parse_double("", &d), 1);
    CHECK_INT(io_parse_double("1e999", &d), -1);
}

static void json_strings_are_escaped_and_valid_utf8(void)
{
    char buf[256] = {0};
    FILE *fp = fmemopen(buf, sizeof buf - 1, "w");
    CHECK(fp != NULL);
    if (!fp) return;
    onc_jsonw_string(fp, "a\"b\\c\n\t\x01");
    putc(' ', fp);
    onc_jsonw_string(fp, "caf\xc3\xa9 \xe9t\xe9 \xf5\x80\x80\x80 \xc0\xaf");
    putc(' ', fp);
    onc_jsonw_string(fp, NULL);
    putc(' ', fp);
    onc_jsonw_double(fp, NAN);
    putc(' ', fp);
    onc_jsonw_double(fp, 0.1);
    fclose(fp);
    CHECK_STR(buf, "\"a\\\"b\\\\c\\n\\t\\u0001\" "
                   "\"caf\xc3\xa9 \\ufffdt\\ufffd \\ufffd\\ufffd\\ufffd\\ufffd \\ufffd\\ufffd\" null null 0.1");
}

/* The fast formatters give printf's bytes: edge cases, then two million values of the kinds
 * an allele fraction or a copy number takes. */
static void numbers_format_as_printf(void)
{
    static const double edges[] = {0, 1e-4, 9.99999e-5, 0.1, 0.0999995, 0.99999949, 0.9999995, 1, 0.5, 0.25,
                                   1.0 / 3, 2.0 / 3, 123456.5, 999999.4, 999999.6, 1e6, -0.5, 14, 2.5e-7, 1e300};
    char got[ONC_FMT_MAX], want[64];
    int bad = 0;
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        onc_fmt_g6(edges[i], got);
        snprintf(want, sizeof want, "%.6g", edges[i]);
        if (strcmp(got, want)) fprintf(stderr, "%.17g: \"%s\", printf \"%s\"\n", edges[i], got, want), bad++;
    }
    unsigned x = 12345;
    for (int i = 0; i < 2000000; i++) {
        x = x * 1103515245u + 12345u;
        unsigned depth = 1 + (x >> 8) % 5000, alt = (x >> 4) % (depth + 1);
        double v = i % 2 ? (double)alt / depth : (double)(x % 100000) / 1000.0;
        onc_fmt_g6(v, got);
        snprintf(want, sizeof want, "%.6g", v);
        if (strcmp(got, want) && bad++ < 5) fprintf(stderr, "%.17g: \"%s\", printf \"%s\"\n", v, got, want);
    }
    CHECK_INT(bad, 0);
    static const int64_t ints[] = {0, 7, -7, 55191822, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        onc_fmt_int64(ints[i], got);
        snprintf(want, sizeof want, "%lld", (long long)ints[i]);
        CHECK_STR(got, want);
    }
}

int main(void)
{
    RUN(numbers_format_as_printf);
    RUN(json_strings_are_escaped_and_valid_utf8);
    RUN(strbuf_appends_and_caps);
    RUN(error_names_file_line_field);
    RUN(table_reads_header_driven_crlf_rows);
    RUN(numbers_are_strict);
    CHECK_EXIT();
}
