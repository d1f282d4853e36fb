/* model_hgvs_int.h: the scanner shared by the protein (model_hgvs_p.c) and coding
 * (model_hgvs_c.c) parsers. Both read a short string left to right with one cursor, and both
 * report an error as `"INPUT": what is wrong`, so the cursor carries the input and the error. */
#ifndef ONCOBOARD_MODEL_HGVS_INT_H
#define ONCOBOARD_MODEL_HGVS_INT_H

#include "oncoboard/hgvs.h"

#include <stddef.h>
#include <stdint.h>

/* Longest HGVS string accepted: far above any real change (the longest pieces, inserted
 * sequences, are capped at ONC_HGVS_AA_MAX). */
#define HGVS_INPUT_MAX 512

typedef struct hgvs_cur {
    const char *input;  /* the string as given, for messages */
    const char *s;      /* the part being parsed (prefixes and spaces removed) */
    size_t i, n;        /* position in s, and its length */
    onc_err_t *err;
} hgvs_cur_t;

/* Sets up the cursor on s: trims blanks, drops a transcript prefix ("NM_005228.5:",
 * "ENSP00000275493.2:") and the letter prefix ("p." / "c."; required when must_prefix).
 * Fails on empty or over-long input. */
onc_rc hgvs_cur_init(hgvs_cur_t *c, const char *s, char prefix, int must_prefix, onc_err_t *err);

/* ONC_EPARSE with `"INPUT": message`. */
onc_rc hgvs_fail(const hgvs_cur_t *c, const char *fmt, ...) ONC_PRINTF(2, 3);

static inline int hgvs_peek(const hgvs_cur_t *c) { return c->i < c->n ? (unsigned char)c->s[c->i] : 0; }
static inline int hgvs_at_end(const hgvs_cur_t *c) { return c->i >= c->n; }
/* Consumes word when the text at the cursor starts with it. */
int hgvs_accept(hgvs_cur_t *c, const char *word);
int hgvs_is_digit(int ch);
/* Reads a positive decimal number (at most ONC_HGVS_POS_MAX); what names it in messages. */
onc_rc hgvs_number(hgvs_cur_t *c, int32_t *out, const char *what);

/* Appends ch to buf, which holds at most max letters; what names the string in the message. */
onc_rc hgvs_push(hgvs_cur_t *c, char *buf, size_t max, char ch, const char *what);

#endif
