/* fuzz_case_write.c: the case writer's round trip on arbitrary case files.
 *
 * Bytes that load as a case (onc_case_parse, lab files not opened) are written with
 * onc_case_write_json and loaded again: the oracle is that the second load succeeds, gives a
 * case equal field by field (tests/unit/case_equal.h), and that writing it again gives the same
 * bytes. Strings with escapes, non-ASCII text, numbers near their limits and every enumeration
 * go through the writer's escaping and number formatting this way. */
#include "oncoboard/case.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failed; /* case_equal.h marks a difference here */
#include "../unit/case_equal.h"

static char *write_case(const onc_case_t *c, size_t *len)
{
    char *text = NULL;
    onc_err_t err = {0};
    FILE *fp = open_memstream(&text, len);
    if (!fp) return NULL;
    if (onc_case_write_json(c, fp, &err) != ONC_OK) {
        /* the one refusal: a variant with nothing to name it, which a loaded case never has */
        fprintf(stderr, "write refused: %s\n", err.msg);
        abort();
    }
    fclose(fp);
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    onc_case_opts_t opts;
    onc_case_opts_init(&opts);
    opts.check_files = 0;
    onc_case_t *a = NULL, *b = NULL;
    onc_err_t err = {0};
    if (onc_case_parse((const char *)data, size, "fuzz.json", NULL, &opts, &a, &err) != ONC_OK) return 0;
    size_t n1 = 0, n2 = 0;
    char *t1 = write_case(a, &n1);
    if (!t1) abort();
    if (onc_case_parse(t1, n1, "written.json", NULL, &opts, &b, &err) != ONC_OK) {
        fprintf(stderr, "reload failed: %s\n%s\n", err.msg, t1);
        abort();
    }
    if (!case_equal(a, b)) abort();
    char *t2 = write_case(b, &n2);
    if (!t2 || n1 != n2 || memcmp(t1, t2, n1) != 0) abort();
    free(t1);
    free(t2);
    onc_case_free(a);
    onc_case_free(b);
    (void)check_failed;
    return 0;
}
