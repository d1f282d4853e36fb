/* fuzz_hgvs.c: the HGVS parsers on arbitrary bytes. Each input is read as a protein change
 * and as a coding change; whatever parses is formatted, parsed again and formatted again,
 * and the two canonical forms must be equal (abort() otherwise, so that libFuzzer reports
 * it). A parse error is a fine outcome; a crash, a sanitizer report or a form that does not
 * round-trip is a bug. */
#include "oncoboard/hgvs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_INPUT_MAX 1024

static void protein_round_trips(const char *s)
{
    onc_pchange_t p, q;
    onc_err_t e = {0};
    char a[256], b[256];
    if (onc_pchange_parse(s, &p, &e) != ONC_OK) return;
    if (onc_pchange_format(&p, a, sizeof a) < 0) abort();
    if (onc_pchange_parse(a, &q, &e) != ONC_OK) abort();
    if (onc_pchange_format(&q, b, sizeof b) < 0 || strcmp(a, b) != 0) abort();
    if (p.type != q.type || p.start != q.start || p.end != q.end) abort();
}

static void coding_round_trips(const char *s)
{
    onc_cchange_t c, d;
    onc_err_t e = {0};
    char a[256], b[256];
    if (onc_cchange_parse(s, &c, &e) != ONC_OK) return;
    if (onc_cchange_format(&c, a, sizeof a) < 0) abort();
    if (onc_cchange_parse(a, &d, &e) != ONC_OK) abort();
    if (onc_cchange_format(&d, b, sizeof b) < 0 || strcmp(a, b) != 0) abort();
    if (onc_cchange_is_splice_site(&c) != onc_cchange_is_splice_site(&d)) abort();
    onc_pchange_t p;
    if (onc_cchange_splice_pchange(&c, &p)) {
        if (onc_pchange_format(&p, a, sizeof a) < 0) abort();
        protein_round_trips(a);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_INPUT_MAX) return 0;
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    protein_round_trips(s);
    coding_round_trips(s);
    free(s);
    return 0;
}
