/* jsonw.h: the small streaming JSON writer the front ends use for large outputs.
 *
 * jansson builds documents in memory; a profile of a million records is written row by row
 * instead. These helpers only escape and format: the caller writes the structure.
 */
#ifndef ONCOBOARD_JSONW_H
#define ONCOBOARD_JSONW_H

#include <stdint.h>
#include <stdio.h>

/* Writes s as a JSON string literal (with quotes), or null when s is NULL. */
void onc_jsonw_string(FILE *fp, const char *s);
/* Writes a number with up to 15 significant digits, or null when it is NaN or infinite. */
void onc_jsonw_double(FILE *fp, double v);
/* Writes "key": (with the comma before it when !first). */
void onc_jsonw_key(FILE *fp, const char *key, int first);

/* A member: "key":value, with the comma before it when !first. A missing integer (missing != 0)
 * and a NaN number are written as null, as is a NULL string. */
void onc_jsonw_member_str(FILE *fp, const char *key, const char *v, int first);
void onc_jsonw_member_int(FILE *fp, const char *key, int64_t v, int missing, int first);
void onc_jsonw_member_num(FILE *fp, const char *key, double v, int first);

#endif
