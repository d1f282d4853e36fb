/* model_hgvs_scan.c: the cursor both HGVS parsers read with (see model_hgvs_int.h).
 *
 * It owns what p. and c. strings share: blanks, transcript prefixes as annotators write them
 * (VEP: "ENSP00000275493.2:p.Leu858Arg", "NM_005228.5:c.2573T>G"), the "p."/"c." letter,
 * checked positive numbers, capped residue/base strings, and the error message shape. */
#include "model/model_hgvs_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SHOWN_MAX 80 /* characters of the input quoted in a message */

onc_rc hgvs_fail(const hgvs_cur_t *c, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    size_t len = strlen(c->input);
    return onc_err_set(c->err, ONC_EPARSE, "\"%.*s%s\": %s", SHOWN_MAX, c->input,
                       len > SHOWN_MAX ? "..." : "", what);
}

static int is_blank(int ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

int hgvs_is_digit(int ch) { return ch >= '0' && ch <= '9'; }

onc_rc hgvs_cur_init(hgvs_cur_t *c, const char *s, char prefix, int must_prefix, onc_err_t *err)
{
    c->input = s ? s : "";
    c->err = err;
    c->s = c->input;
    c->i = 0;
    size_t len = strnlen(c->input, HGVS_INPUT_MAX + 1);
    if (len > HGVS_INPUT_MAX) {
        c->n = 0;
        return hgvs_fail(c, "longer than %d characters", HGVS_INPUT_MAX);
    }
    size_t b = 0, e = len;
    while (b < e && is_blank((unsigned char)c->s[b])) b++;
    while (e > b && is_blank((unsigned char)c->s[e - 1])) e--;
    /* A transcript or protein id comes before the last colon. */
    for (size_t k = e; k > b; k--)
        if (c->s[k - 1] == ':') {
            b = k;
            break;
        }
    c->s += b;
    c->n = e - b;
    if (c->n == 0) return hgvs_fail(c, "empty");
    char lower[3] = {(char)(prefix | 0x20), '.', 0}, upper[3] = {(char)(prefix & ~0x20), '.', 0};
    if (hgvs_accept(c, lower) || hgvs_accept(c, upper)) {
        if (hgvs_at_end(c)) return hgvs_fail(c, "nothing after \"%s\"", lower);
        return ONC_OK;
    }
    if (c->n >= 2 && c->s[1] == '.' && strchr("cgmnprCGMNPR", c->s[0]))
        return hgvs_fail(c, "a %c. change where a %s change was expected", c->s[0] | 0x20, lower);
    if (must_prefix) return hgvs_fail(c, "does not start with \"%s\"", lower);
    return ONC_OK;
}

int hgvs_accept(hgvs_cur_t *c, const char *word)
{
    size_t len = strlen(word);
    if (c->n - c->i < len || memcmp(c->s + c->i, word, len) != 0) return 0;
    c->i += len;
    return 1;
}

onc_rc hgvs_number(hgvs_cur_t *c, int32_t *out, const char *what)
{
    if (!hgvs_is_digit(hgvs_peek(c))) return hgvs_fail(c, "expected %s at \"%.*s\"", what,
                                                       (int)(c->n - c->i), c->s + c->i);
    int64_t v = 0;
    while (hgvs_is_digit(hgvs_peek(c))) {
        v = v * 10 + (hgvs_peek(c) - '0');
        c->i++;
        if (v > ONC_HGVS_POS_MAX) return hgvs_fail(c, "%s larger than %d", what, ONC_HGVS_POS_MAX);
    }
    if (v == 0) return hgvs_fail(c, "%s must be positive, not 0", what);
    *out = (int32_t)v;
    return ONC_OK;
}

onc_rc hgvs_push(hgvs_cur_t *c, char *buf, size_t max, char ch, const char *what)
{
    size_t len = strlen(buf);
    if (len >= max) return hgvs_fail(c, "%s longer than %zu letters", what, max);
    buf[len] = ch;
    buf[len + 1] = '\0';
    return ONC_OK;
}
