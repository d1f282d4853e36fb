/* test_csv.c: the RFC 4180 splitter (csv.h). Expected cells are worked out by hand from the
 * literal texts, following RFC 4180 section 2 (quotes, doubled quotes, line breaks in quoted
 * cells, CRLF). */
#include "check.h"

#include "oncoboard/csv.h"

static void plain_and_quoted_cells(void)
{
    char t[] = "a,\"b,c\",\"say \"\"hi\"\"\",\nx";
    const size_t len = strlen(t); /* the splitter writes NULs into t */
    size_t pos = 0;
    uint64_t nl = 0;
    char *c[8];
    CHECK_INT(onc_csv_split(t, len, &pos, c, 8, &nl), 4);
    CHECK_STR(c[0], "a");
    CHECK_STR(c[1], "b,c");
    CHECK_STR(c[2], "say \"hi\"");
    CHECK_STR(c[3], "");
    CHECK_INT(nl, 1);
    CHECK_INT(onc_csv_split(t, len, &pos, c, 8, &nl), 1);
    CHECK_STR(c[0], "x");
    CHECK_INT(nl, 1); /* no line break after the last record */
    CHECK_INT(onc_csv_split(t, len, &pos, c, 8, &nl), ONC_CSV_END);
}

static void line_breaks_inside_quotes_and_crlf(void)
{
    char t[] = "\"two\nlines\",b\r\nc,\"d\"\r\n";
    const size_t len = strlen(t);
    size_t pos = 0;
    uint64_t nl = 0;
    char *c[8];
    CHECK_INT(onc_csv_split(t, len, &pos, c, 8, &nl), 2);
    CHECK_STR(c[0], "two\nlines");
    CHECK_STR(c[1], "b");
    CHECK_INT(nl, 2);
    CHECK_INT(onc_csv_split(t, len, &pos, c, 8, &nl), 2);
    CHECK_STR(c[0], "c");
    CHECK_STR(c[1], "d");
    CHECK_INT(nl, 3);
    CHECK_INT(pos, len);
}

static void errors(void)
{
    char *c[2];
    size_t pos = 0;
    char open[] = "a,\"never closed";
    CHECK_INT(onc_csv_split(open, strlen(open), &pos, c, 2, NULL), ONC_CSV_OPEN_QUOTE);
    char after[] = "\"x\"y,z";
    pos = 0;
    CHECK_INT(onc_csv_split(after, strlen(after), &pos, c, 2, NULL), ONC_CSV_AFTER_QUOTE);
    char many[] = "a,b,c";
    pos = 0;
    CHECK_INT(onc_csv_split(many, strlen(many), &pos, c, 2, NULL), ONC_CSV_TOO_MANY);
    char blank[] = "\n";
    pos = 0;
    CHECK_INT(onc_csv_split(blank, strlen(blank), &pos, c, 2, NULL), 1);
    CHECK_STR(c[0], "");
}

int main(void)
{
    RUN(plain_and_quoted_cells);
    RUN(line_breaks_inside_quotes_and_crlf);
    RUN(errors);
    CHECK_EXIT();
}
