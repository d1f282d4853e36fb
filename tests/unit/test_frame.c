/* test_frame.c: cohort tables (frame.h): both delimiters, cBioPortal's '#' lines, missing
 * words, numbers and factors, and the errors that name the line and the column. */
#include "check.h"

#include "oncoboard/frame.h"

#include <math.h>

static onc_frame_t *parse(const char *text, onc_err_t *err)
{
    onc_frame_t *f = NULL;
    if (onc_frame_parse(text, strlen(text), "t.tsv", &f, err) != ONC_OK) return NULL;
    return f;
}

static void tsv_with_cbioportal_header(void)
{
    onc_err_t err = {0};
    onc_frame_t *f = parse("#Patient Identifier\tOverall Survival (Months)\n#STRING\tNUMBER\n#1\t1\n"
                           "PATIENT_ID\tOS_MONTHS\tARM\r\nP1\t12.5\tB\r\nP2\t[Not Available]\tA\r\n\nP3\t 3 \tB\r\n",
                           &err);
    CHECK(f != NULL);
    if (!f) return;
    CHECK_INT(onc_frame_rows(f), 3);
    CHECK_INT(onc_frame_cols(f), 3);
    CHECK_STR(onc_frame_col_name(f, 1), "OS_MONTHS");
    CHECK_INT(onc_frame_line(f, 2), 8); /* the blank line 7 is skipped, not counted as a row */
    double v[3];
    size_t miss = 9;
    CHECK_INT(onc_frame_numeric(f, "OS_MONTHS", v, &miss, &err), ONC_OK);
    CHECK_NEAR(v[0], 12.5, 0);
    CHECK(isnan(v[1]));
    CHECK_NEAR(v[2], 3, 0);
    CHECK_INT(miss, 1);
    onc_factor_t fa;
    CHECK_INT(onc_frame_factor(f, "ARM", "B", &fa, &err), ONC_OK);
    CHECK_INT(fa.n_levels, 2);
    CHECK_STR(fa.levels[0], "B");
    CHECK_STR(fa.levels[1], "A");
    CHECK_INT(fa.code[0], 0);
    CHECK_INT(fa.code[1], 1);
    CHECK_INT(fa.code[2], 0);
    onc_factor_free(&fa);
    CHECK_INT(onc_frame_factor(f, "ARM", NULL, &fa, &err), ONC_OK);
    CHECK_STR(fa.levels[0], "A"); /* byte order, as R in the C locale */
    CHECK_INT(fa.code[0], 1);
    onc_factor_free(&fa);
    CHECK_INT(onc_frame_factor(f, "ARM", "C", &fa, &err), ONC_ENOTFOUND);
    CHECK_INT(onc_frame_numeric(f, "PATIENT_ID", v, NULL, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "t.tsv:5: field PATIENT_ID: 'P1' is not a number") != NULL);
    CHECK_INT(onc_frame_numeric(f, "PFS", v, NULL, &err), ONC_ENOTFOUND);
    CHECK(strstr(err.msg, "there are: PATIENT_ID, OS_MONTHS, ARM") != NULL);
    onc_frame_free(f);
}

static void csv_with_quotes(void)
{
    onc_err_t err = {0};
    onc_frame_t *f = parse("\xef\xbb\xbf" "id,time,note\n1,5,\"a, b\"\n2,NA,\"say \"\"hi\"\"\"\n", &err);
    CHECK(f != NULL);
    if (!f) return;
    CHECK_STR(onc_frame_col_name(f, 0), "id");
    CHECK_STR(onc_frame_cell(f, 0, 2), "a, b");
    CHECK_STR(onc_frame_cell(f, 1, 2), "say \"hi\"");
    CHECK(onc_frame_cell(f, 1, 1) == NULL);
    onc_frame_free(f);
}

static void errors_name_the_line(void)
{
    onc_err_t err = {0};
    CHECK(parse("a\tb\n1\t2\n3\n", &err) == NULL);
    CHECK(strstr(err.msg, "t.tsv:3:") && strstr(err.msg, "1 cells where the header has 2"));
    CHECK(parse("a\ta\n1\t2\n", &err) == NULL);
    CHECK(strstr(err.msg, "appears twice") != NULL);
    CHECK(parse("#only comments\n", &err) == NULL);
    CHECK(strstr(err.msg, "no header") != NULL);
    CHECK(parse("x,y\n1,\"open\n", &err) == NULL);
    CHECK(strstr(err.msg, "never closed") != NULL);
    onc_frame_t *f = parse("x\nabc\ninf\n", &err);
    double v[2];
    CHECK(f && onc_frame_numeric(f, "x", v, NULL, &err) == ONC_EPARSE && strstr(err.msg, ":2: field x: 'abc'"));
    onc_frame_free(f);
}

int main(void)
{
    RUN(tsv_with_cbioportal_header);
    RUN(csv_with_quotes);
    RUN(errors_name_the_line);
    CHECK_EXIT();
}
