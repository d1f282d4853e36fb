/* strbuf.h: a growable string with a hard size cap.
 *
 * A value type (the one struct this project exposes on purpose, like htslib's kstring_t):
 * `onc_strbuf_t b = ONC_STRBUF_INIT;` ... `onc_strbuf_free(&b);`. Every append checks the
 * allocation and the cap and returns ONC_OK, ONC_ENOMEM or ONC_ELIMIT; after a failure the
 * buffer keeps its previous contents, still NUL-terminated.
 */
#ifndef ONCOBOARD_STRBUF_H
#define ONCOBOARD_STRBUF_H

#include "oncoboard/error.h"

#include <stddef.h>

#define ONC_STRBUF_DEFAULT_CAP ((size_t)256 << 20) /* 256 MiB unless the owner sets less */

typedef struct onc_strbuf {
    size_t len, alloc, cap; /* cap 0 means ONC_STRBUF_DEFAULT_CAP */
    char *s;                /* NULL until the first append; NUL-terminated after it */
} onc_strbuf_t;

#define ONC_STRBUF_INIT {0, 0, 0, NULL}

onc_rc onc_strbuf_putsn(onc_strbuf_t *b, const char *s, size_t n) ONC_MUST_CHECK;
onc_rc onc_strbuf_puts(onc_strbuf_t *b, const char *s) ONC_MUST_CHECK;
onc_rc onc_strbuf_putc(onc_strbuf_t *b, char c) ONC_MUST_CHECK;
onc_rc onc_strbuf_printf(onc_strbuf_t *b, const char *fmt, ...) ONC_PRINTF(2, 3) ONC_MUST_CHECK;
/* Makes room for n more bytes (plus the NUL) without changing the contents. */
onc_rc onc_strbuf_reserve(onc_strbuf_t *b, size_t n) ONC_MUST_CHECK;
/* Empties the buffer, keeping its memory. */
void onc_strbuf_clear(onc_strbuf_t *b);
/* The contents, "" when nothing was appended yet. */
const char *onc_strbuf_str(const onc_strbuf_t *b);
void onc_strbuf_free(onc_strbuf_t *b);
/* Appends the whole file at path (a trial document, a case file): ONC_EIO "PATH: why" when it
 * cannot be opened or read, ONC_ELIMIT "PATH: larger than CAP bytes" past the buffer's cap,
 * ONC_ENOMEM. On failure the buffer may hold part of the file. */
onc_rc onc_strbuf_read_file(onc_strbuf_t *b, const char *path, onc_err_t *err) ONC_MUST_CHECK;

#endif
