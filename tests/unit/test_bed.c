/* test_bed.c: BED intervals (io_bed.c): half-open coordinates, chr prefixes, merging, errors
 * naming file:line. Expected values are worked out by hand from tests/data/tmb/panel.bed. */
#include "check.h"
#include "oncoboard/bed.h"

#include <unistd.h>

static const char *write_temp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/onc_bed_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? path : NULL;
}

/* panel.bed: chr7 [100,200) [150,250) [250,300) merge into [100,300): 1-based 101..300. */
static void half_open_and_merged(void)
{
    onc_err_t e = {0};
    onc_bed_t *b = onc_bed_load("tests/data/tmb/panel.bed", &e);
    CHECK(b != NULL);
    if (!b) return;
    CHECK_INT(onc_bed_contains(b, "chr7", 100), 0); /* 0-based 99 */
    CHECK_INT(onc_bed_contains(b, "chr7", 101), 1); /* 0-based 100, the first base */
    CHECK_INT(onc_bed_contains(b, "chr7", 200), 1);
    CHECK_INT(onc_bed_contains(b, "chr7", 251), 1); /* adjacent [250,300) merged in */
    CHECK_INT(onc_bed_contains(b, "chr7", 300), 1); /* 0-based 299, the last base */
    CHECK_INT(onc_bed_contains(b, "chr7", 301), 0); /* 0-based 300 = END, excluded */
    CHECK_INT(onc_bed_contains(b, "chr1", 1000), 0);
    CHECK_INT(onc_bed_contains(b, "chr1", 1001), 1);
    CHECK_INT(onc_bed_contains(b, "chr1", 2000), 1);
    CHECK_INT(onc_bed_contains(b, "chr1", 2001), 0);
    /* merged: chr7 200 + chr1 1000 + chrM 10 + chr2 100 (space-separated line) */
    CHECK_INT(onc_bed_bases(b), 1310);
    CHECK_INT(onc_bed_n_intervals(b), 4);
    CHECK_INT(onc_bed_contains(b, "chr2", 501), 1);
    CHECK_INT(onc_bed_contains(b, "chr3", 150), 0);
    CHECK_INT(onc_bed_contains(b, "chr7", ONC_POS_MISSING), 0);
    CHECK_INT(onc_bed_contains(b, NULL, 150), 0);
    onc_bed_free(b);
}

static void chr_prefix_either_way(void)
{
    onc_err_t e = {0};
    onc_bed_t *b = onc_bed_load("tests/data/tmb/panel.bed", &e);
    CHECK(b != NULL);
    if (!b) return;
    CHECK_INT(onc_bed_contains(b, "7", 150), 1);
    CHECK_INT(onc_bed_contains(b, "CHR7", 150), 1);
    CHECK_INT(onc_bed_contains(b, "1", 1500), 1);
    CHECK_INT(onc_bed_contains(b, "MT", 5), 1);
    CHECK_INT(onc_bed_contains(b, "M", 10), 1);
    CHECK_INT(onc_bed_contains(b, "chrM", 11), 0);
    CHECK_INT(onc_bed_contains(b, "17", 150), 0); /* not a prefix match */
    onc_bed_free(b);
}

static void unsorted_input(void)
{
    const char *path = write_temp("2\t10\t20\n1\t50\t60\n2\t0\t5\n1\t0\t10\n");
    CHECK(path != NULL);
    onc_err_t e = {0};
    onc_bed_t *b = onc_bed_load(path, &e);
    CHECK(b != NULL);
    if (b) {
        CHECK_INT(onc_bed_contains(b, "1", 5), 1);
        CHECK_INT(onc_bed_contains(b, "1", 30), 0);
        CHECK_INT(onc_bed_contains(b, "1", 60), 1);
        CHECK_INT(onc_bed_contains(b, "2", 3), 1);
        CHECK_INT(onc_bed_contains(b, "2", 8), 0);
        CHECK_INT(onc_bed_contains(b, "2", 20), 1);
        CHECK_INT(onc_bed_bases(b), 35);
    }
    onc_bed_free(b);
    unlink(path);
}

static void expect_error(const char *text, onc_rc rc, const char *where)
{
    const char *path = write_temp(text);
    CHECK(path != NULL);
    if (!path) return;
    char want[256];
    snprintf(want, sizeof want, "%s:%s", path, where);
    onc_err_t e = {0};
    onc_bed_t *b = onc_bed_load(path, &e);
    CHECK(b == NULL);
    CHECK_INT(e.code, rc);
    if (strncmp(e.msg, want, strlen(want)) != 0) {
        fprintf(stderr, "message '%s' does not start with '%s'\n", e.msg, want);
        check_failed = 1;
    }
    onc_bed_free(b);
    unlink(path);
}

static void bad_lines_name_file_line_field(void)
{
    expect_error("chr1\t0\t10\nchr1\tabc\t20\n", ONC_EPARSE, "2: field START");
    expect_error("chr1\t0\t10\n# c\nchr1\t30\t20\n", ONC_EPARSE, "3: field END");
    expect_error("chr1\t10\n", ONC_EPARSE, "1: field END");
    expect_error("chr1\t-5\t10\n", ONC_EPARSE, "1: field START");
    expect_error("chr1\t5\t10x\n", ONC_EPARSE, "1: field END");
    expect_error("chr1\t5\t99999999999999999999\n", ONC_EPARSE, "1: field END");
    expect_error("chr\t5\t10\n", ONC_ELIMIT, "1: field CHROM");
    onc_err_t e = {0};
    CHECK(onc_bed_load("tests/data/tmb/no-such.bed", &e) == NULL);
    CHECK_INT(e.code, ONC_EIO);
}

static void empty_intervals_cover_nothing(void)
{
    const char *path = write_temp("chr1\t10\t10\n");
    onc_err_t e = {0};
    onc_bed_t *b = path ? onc_bed_load(path, &e) : NULL;
    CHECK(b != NULL);
    if (b) {
        CHECK_INT(onc_bed_contains(b, "1", 10), 0);
        CHECK_INT(onc_bed_contains(b, "1", 11), 0);
        CHECK_INT(onc_bed_bases(b), 0);
    }
    onc_bed_free(b);
    if (path) unlink(path);
}

int main(void)
{
    RUN(half_open_and_merged);
    RUN(chr_prefix_either_way);
    RUN(unsorted_input);
    RUN(bad_lines_name_file_line_field);
    RUN(empty_intervals_cover_nothing);
    CHECK_EXIT();
}
