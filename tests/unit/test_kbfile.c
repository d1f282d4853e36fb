/* test_kbfile.c: kb/ file access (built-in copy, a directory) and the row cursor over kb
 * tables (kbfile.h). The expected lines, cells and messages are worked out by hand from the
 * small texts written here. */
#include "check.h"

#include "oncoboard/kbfile.h"

#include <stdlib.h>
#include <unistd.h>

/* Copies text into t (named "x.tsv") and opens a cursor over it. */
static onc_rc open_text(onc_kb_text_t *t, onc_kb_rows_t *r, const char *text, onc_err_t *e)
{
    onc_rc rc = onc_kb_text_copy(t, text, strlen(text), "x.tsv", e);
    return rc ? rc : onc_kb_rows_open(r, t, e);
}

static void rows_skip_comments_and_blanks_and_handle_crlf(void)
{
    /* lines:      1       2     3            4       5  6          7      8             9 */
    const char *text = "# src\n\r\ncode\tname\r\n# mid\n\nA\tAlpha\r\nB\t\n   \t \nC\tlast";
    onc_kb_text_t t;
    onc_kb_rows_t r;
    onc_err_t e = {0};
    CHECK_INT(open_text(&t, &r, text, &e), ONC_OK);
    CHECK_INT(onc_kb_rows_line(&r), 3);
    CHECK_INT(onc_kb_rows_column(&r, "name"), 1);
    CHECK_INT(onc_kb_rows_column(&r, "Name"), -1); /* exact names */
    CHECK_STR(onc_kb_rows_cell(&r, 0), "");        /* no row yet */
    CHECK_INT(onc_kb_rows_next(&r), 1);
    CHECK_INT(onc_kb_rows_line(&r), 6);
    CHECK_STR(onc_kb_rows_cell(&r, 0), "A");
    CHECK_STR(onc_kb_rows_cell(&r, 1), "Alpha"); /* the \r is gone */
    CHECK_INT(onc_kb_rows_next(&r), 1);
    CHECK_INT(onc_kb_rows_line(&r), 7);
    CHECK_STR(onc_kb_rows_cell(&r, 1), ""); /* an empty last cell */
    CHECK_STR(onc_kb_rows_cell(&r, 2), ""); /* outside the header */
    CHECK_STR(onc_kb_rows_cell(&r, -1), "");
    CHECK_INT(onc_kb_rows_next(&r), 1); /* spaces are content, not a blank line */
    CHECK_INT(onc_kb_rows_line(&r), 8);
    CHECK_STR(onc_kb_rows_cell(&r, 0), "   ");
    CHECK_INT(onc_kb_rows_next(&r), 1); /* no final newline */
    CHECK_INT(onc_kb_rows_line(&r), 9);
    CHECK_STR(onc_kb_rows_cell(&r, 1), "last");
    CHECK_INT(onc_kb_rows_next(&r), 0);
    CHECK_INT(onc_kb_rows_next(&r), 0);
    CHECK_INT(e.code, ONC_OK);
    onc_kb_text_free(&t);
    onc_kb_text_free(&t); /* a freed text can be freed again */
}

static void columns_by_name(void)
{
    onc_kb_text_t t;
    onc_kb_rows_t r;
    onc_err_t e = {0};
    CHECK_INT(open_text(&t, &r, "# c\na\tb\tc\n1\t2\t3\n", &e), ONC_OK);
    static const char *const want[] = {"c", "a", NULL};
    int idx[2] = {-1, -1};
    CHECK_INT(onc_kb_rows_columns(&r, want, idx), ONC_OK);
    CHECK_INT(idx[0], 2);
    CHECK_INT(idx[1], 0);
    static const char *const missing[] = {"a", "zz", NULL};
    CHECK_INT(onc_kb_rows_columns(&r, missing, idx), ONC_EPARSE);
    CHECK_STR(e.msg, "x.tsv:2: header lacks the column zz");
    CHECK_INT(onc_kb_rows_next(&r), 1);
    CHECK_INT(onc_kb_rows_fail(&r, ONC_EPARSE, "b", "bad value %d", 7), ONC_EPARSE);
    CHECK_STR(e.msg, "x.tsv:3: field b: bad value 7");
    onc_kb_rows_fail(&r, ONC_ELIMIT, NULL, "too many");
    CHECK_STR(e.msg, "x.tsv:3: too many");
    CHECK_INT(e.code, ONC_ELIMIT);
    onc_kb_text_free(&t);
}

/* Opens text and reads rows until the end or an error; returns the last next() result. */
static int read_all(const char *text, onc_err_t *e, onc_rc *rc)
{
    onc_kb_text_t t;
    onc_kb_rows_t r;
    int ret = -2;
    *rc = open_text(&t, &r, text, e);
    if (!*rc) {
        while ((ret = onc_kb_rows_next(&r)) > 0) {}
        *rc = r.rc;
    }
    onc_kb_text_free(&t);
    return ret;
}

static void bad_tables_are_errors_with_lines(void)
{
    onc_err_t e = {0};
    onc_rc rc;
    CHECK_INT(read_all("# only a comment\n\n", &e, &rc), -2);
    CHECK_INT(rc, ONC_EPARSE);
    CHECK_STR(e.msg, "x.tsv: no header row");
    CHECK_INT(read_all("", &e, &rc), -2);
    CHECK_INT(rc, ONC_EPARSE);

    CHECK_INT(read_all("a\tb\n1\t2\n# c\n1\t2\t3\n", &e, &rc), -1);
    CHECK_INT(rc, ONC_EPARSE);
    CHECK_STR(e.msg, "x.tsv:4: 3 cells, the header has 2");
    CHECK_INT(read_all("a\tb\r\n1\r\n", &e, &rc), -1); /* short rows too */
    CHECK_STR(e.msg, "x.tsv:2: 1 cells, the header has 2");
    CHECK_INT(read_all("a\tb\n1\t2\t\n", &e, &rc), -1); /* a trailing tab is a cell */
    CHECK_STR(e.msg, "x.tsv:2: 3 cells, the header has 2");
}

static void line_and_column_caps(void)
{
    static char text[2 * ONC_KB_LINE_MAX];
    onc_err_t e = {0};
    onc_rc rc;
    /* "a\n" then a row of exactly ONC_KB_LINE_MAX bytes: accepted */
    memset(text, 'x', sizeof text);
    memcpy(text, "a\n", 2);
    text[2 + ONC_KB_LINE_MAX] = '\n';
    text[3 + ONC_KB_LINE_MAX] = '\0';
    CHECK_INT(read_all(text, &e, &rc), 0);
    CHECK_INT(rc, ONC_OK);
    /* one byte more (the \r of a CRLF counts: the cap is on the raw line) */
    text[2 + ONC_KB_LINE_MAX] = '\r';
    text[3 + ONC_KB_LINE_MAX] = '\n';
    text[4 + ONC_KB_LINE_MAX] = '\0';
    CHECK_INT(read_all(text, &e, &rc), -1);
    CHECK_INT(rc, ONC_ELIMIT);
    CHECK_STR(e.msg, "x.tsv:2: line longer than 4096 bytes");
    /* a comment line is capped too, also before the header */
    text[0] = '#';
    text[2] = '#';
    CHECK_INT(read_all(text, &e, &rc), -2);
    CHECK_INT(rc, ONC_ELIMIT);
    CHECK_STR(e.msg, "x.tsv:2: line longer than 4096 bytes");

    /* a header of ONC_KB_COLS_MAX columns is read, one more is an error */
    size_t n = 0;
    for (int i = 0; i < ONC_KB_COLS_MAX; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%sc%d", i ? "\t" : "", i);
    CHECK_INT(read_all(text, &e, &rc), 0);
    CHECK_INT(rc, ONC_OK);
    snprintf(text + n, sizeof text - n, "\textra\n");
    CHECK_INT(read_all(text, &e, &rc), -2);
    CHECK_INT(rc, ONC_ELIMIT);
    CHECK_STR(e.msg, "x.tsv:1: more than 64 columns");
}

static void comment_values(void)
{
    onc_kb_text_t t;
    onc_err_t e = {0};
    const char *text = "# releases: no\n#release:  r1 \r\ncode\n# release: r2\n";
    CHECK_INT(onc_kb_text_copy(&t, text, strlen(text), "x.tsv", &e), ONC_OK);
    char v[8];
    CHECK_INT(onc_kb_text_comment(&t, "release", v, sizeof v, &e), ONC_OK);
    CHECK_STR(v, "r1"); /* the first one; "releases" is another key */
    CHECK_INT(onc_kb_text_comment(&t, "source", v, sizeof v, &e), ONC_ENOTFOUND);
    CHECK_INT(e.code, ONC_OK); /* absent is not an error */
    CHECK_INT(onc_kb_text_comment(&t, "releases", v, 3, &e), ONC_OK);
    CHECK_STR(v, "no");
    CHECK_INT(onc_kb_text_comment(&t, "releases", v, 2, &e), ONC_ELIMIT);
    CHECK_STR(e.msg, "x.tsv:1: releases longer than 1 bytes");
    onc_kb_text_free(&t);
    CHECK_INT(onc_kb_text_copy(&t, "a\0b", 3, "x.tsv", &e), ONC_EPARSE);
    CHECK(strstr(e.msg, "x.tsv: holds a NUL byte") == e.msg);
    CHECK(t.data == NULL);
}

static void builtin_and_directory_names(void)
{
    unsetenv("ONCOBOARD_KB");
    onc_kb_text_t t;
    onc_err_t e = {0};
    CHECK_INT(onc_kb_text_load(&t, NULL, "oncotree.tsv", &e), ONC_OK);
    CHECK_STR(t.name, "kb/oncotree.tsv");
    CHECK(t.len > 0 && t.data[t.len] == '\0');
    char first = t.data[0];
    t.data[0] = '!'; /* a private copy: the built-in bytes stay as they are */
    onc_kb_text_free(&t);
    CHECK_INT(onc_kb_text_load(&t, NULL, "oncotree.tsv", &e), ONC_OK);
    CHECK_INT(t.data[0], first);
    onc_kb_text_free(&t);
    CHECK_INT(onc_kb_text_load(&t, NULL, "nope.tsv", &e), ONC_ENOTFOUND);
    CHECK_STR(e.msg, "kb/nope.tsv: no such knowledge-base file");

    char dir[] = "/tmp/onc_kbfile_XXXXXX", path[64], want[128];
    if (!mkdtemp(dir)) SKIP("mkdtemp failed");
    snprintf(path, sizeof path, "%s/t.tsv", dir);
    FILE *fp = fopen(path, "w");
    CHECK(fp != NULL);
    if (!fp) return;
    fputs("k\tv\nx\n", fp);
    fclose(fp);
    CHECK_INT(onc_kb_text_load(&t, dir, "t.tsv", &e), ONC_OK);
    CHECK_STR(t.name, path);
    onc_kb_rows_t r;
    CHECK_INT(onc_kb_rows_open(&r, &t, &e), ONC_OK);
    CHECK_INT(onc_kb_rows_next(&r), -1);
    snprintf(want, sizeof want, "%s/t.tsv:2: 1 cells, the header has 2", dir);
    CHECK_STR(e.msg, want);
    onc_kb_text_free(&t);
    CHECK_INT(setenv("ONCOBOARD_KB", dir, 1), 0); /* the environment names a directory too */
    CHECK_INT(onc_kb_text_load(&t, NULL, "t.tsv", &e), ONC_OK);
    CHECK_STR(t.name, path);
    onc_kb_text_free(&t);
    unsetenv("ONCOBOARD_KB");
    unlink(path);
    CHECK_INT(onc_kb_text_load(&t, dir, "t.tsv", &e), ONC_EIO);
    CHECK(strstr(e.msg, path) == e.msg);
    rmdir(dir);
}

int main(void)
{
    RUN(rows_skip_comments_and_blanks_and_handle_crlf);
    RUN(columns_by_name);
    RUN(bad_tables_are_errors_with_lines);
    RUN(line_and_column_caps);
    RUN(comment_values);
    RUN(builtin_and_directory_names);
    CHECK_EXIT();
}
