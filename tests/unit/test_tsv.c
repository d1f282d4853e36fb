/* test_tsv.c: the tab splitter every table reader shares (tsv.h). Expected cells are worked
 * out by hand from the literal lines. */
#include "check.h"

#include "oncoboard/tsv.h"

static void cells_are_cut_at_tabs(void)
{
    char line[] = "a\t\t c \tlast";
    char *c[8];
    CHECK_INT(onc_tsv_split(line, strlen(line), c, 8, ONC_TSV_KEEP), 4);
    CHECK_STR(c[0], "a");
    CHECK_STR(c[1], "");
    CHECK_STR(c[2], " c "); /* kept as written */
    CHECK_STR(c[3], "last");
    char empty[] = "";
    CHECK_INT(onc_tsv_split(empty, 0, c, 8, ONC_TSV_KEEP), 1);
    CHECK_STR(c[0], "");
    char tail[] = "x\t";
    CHECK_INT(onc_tsv_split(tail, 2, c, 8, ONC_TSV_KEEP), 2);
    CHECK_STR(c[1], "");
}

static void trimming_drops_white_space_around_cells(void)
{
    char line[] = "  a b \t\t \t\tz \n"; /* the length excludes the newline */
    char *c[8];
    CHECK_INT(onc_tsv_split(line, strlen(line) - 1, c, 8, ONC_TSV_TRIM), 5);
    CHECK_STR(c[0], "a b");
    CHECK_STR(c[1], "");
    CHECK_STR(c[2], "");
    CHECK_STR(c[3], "");
    CHECK_STR(c[4], "z");
}

static void length_bounds_the_line(void)
{
    char line[] = "a\tb\tc";
    char *c[8];
    CHECK_INT(onc_tsv_split(line, 3, c, 8, ONC_TSV_KEEP), 2); /* "a\tb" */
    CHECK_STR(c[1], "b");
}

static void more_cells_than_max_is_minus_one(void)
{
    char *c[3];
    char three[] = "1\t2\t3", four[] = "1\t2\t3\t4";
    CHECK_INT(onc_tsv_split(three, strlen(three), c, 3, ONC_TSV_KEEP), 3);
    CHECK_INT(onc_tsv_split(four, strlen(four), c, 3, ONC_TSV_TRIM), -1);
}

int main(void)
{
    RUN(cells_are_cut_at_tabs);
    RUN(trimming_drops_white_space_around_cells);
    RUN(length_bounds_the_line);
    RUN(more_cells_than_max_is_minus_one);
    CHECK_EXIT();
}
