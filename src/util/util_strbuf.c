/* util_strbuf.c: the capped, checked string builder used by every layer. */
#include "oncoboard/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

onc_rc onc_strbuf_reserve(onc_strbuf_t *b, size_t n)
{
    size_t cap = b->cap ? b->cap : ONC_STRBUF_DEFAULT_CAP;
    if (n > cap || b->len > cap - n) return ONC_ELIMIT;
    size_t need = b->len + n + 1;
    if (need <= b->alloc) return ONC_OK;
    size_t m = b->alloc ? b->alloc : 64;
    while (m < need) m = m > SIZE_MAX / 2 ? need : m * 2;
    char *s = realloc(b->s, m);
    if (!s) return ONC_ENOMEM;
    if (!b->s) s[0] = '\0';
    b->s = s;
    b->alloc = m;
    return ONC_OK;
}

onc_rc onc_strbuf_putsn(onc_strbuf_t *b, const char *s, size_t n)
{
    onc_rc rc = onc_strbuf_reserve(b, n);
    if (rc) return rc;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return ONC_OK;
}

onc_rc onc_strbuf_puts(onc_strbuf_t *b, const char *s) { return onc_strbuf_putsn(b, s, strlen(s)); }

onc_rc onc_strbuf_putc(onc_strbuf_t *b, char c) { return onc_strbuf_putsn(b, &c, 1); }

onc_rc onc_strbuf_printf(onc_strbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return ONC_EINVAL;
    onc_rc rc = onc_strbuf_reserve(b, (size_t)n);
    if (rc) return rc;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return ONC_OK;
}

void onc_strbuf_clear(onc_strbuf_t *b)
{
    b->len = 0;
    if (b->s) b->s[0] = '\0';
}

const char *onc_strbuf_str(const onc_strbuf_t *b) { return b->s ? b->s : ""; }

void onc_strbuf_free(onc_strbuf_t *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->alloc = 0;
}

onc_rc onc_strbuf_read_file(onc_strbuf_t *b, const char *path, onc_err_t *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return onc_err_set(err, ONC_EIO, "%s: %s", path, strerror(errno));
    char chunk[65536];
    size_t n;
    onc_rc rc = ONC_OK;
    while (rc == ONC_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0) rc = onc_strbuf_putsn(b, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    size_t cap = b->cap ? b->cap : ONC_STRBUF_DEFAULT_CAP;
    if (rc == ONC_ELIMIT) return onc_err_set(err, ONC_ELIMIT, "%s: larger than %zu bytes", path, cap);
    if (rc != ONC_OK) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (bad) return onc_err_set(err, ONC_EIO, "%s: read error", path);
    return ONC_OK;
}
