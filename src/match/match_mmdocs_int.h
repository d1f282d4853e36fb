/* match_mmdocs_int.h: MatchMiner's documents as records (match_mmdocs_read.c), for the loader
 * that turns them into patients (match_mmdocs.c).
 *
 * A record is one clinical or genomic document: a JSON object (from a document, an array of
 * them, or newline-delimited documents, MongoDB extended JSON allowed) or a CSV row (cells as
 * text, keyed by the header, empty cells absent). The accessors unwrap extended JSON
 * ({"$oid"}, {"$date"}, {"$numberLong"} ...) and read CSV text as the type asked for, so the
 * loader does not care where a value came from; every error names file, line and field.
 */
#ifndef ONCOBOARD_MATCH_MMDOCS_INT_H
#define ONCOBOARD_MATCH_MMDOCS_INT_H

#include "oncoboard/arena.h"
#include "oncoboard/case.h"
#include "oncoboard/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Limits: a file, the files of a directory, the cells of a CSV row, nesting in a document. */
#define MM_MAX_FILE_BYTES ((size_t)512 << 20)
#define MM_MAX_FILES 100000
#define MM_MAX_CELLS 4096
#define MM_MAX_DEPTH 32
#define MM_MAX_NODES ((size_t)200000000)
#define MM_MAX_TEXT 65536 /* one value */

typedef struct mm_rec {
    json_t *obj;           /* the document (borrowed for the visit) */
    const char *text;      /* a JSON document's bytes, for the line of a member; NULL for CSV */
    size_t text_len;
    uint64_t line;         /* where the record starts */
    const char *file;
    bool csv;              /* values are text as written in a CSV cell */
} mm_rec_t;

typedef onc_rc (*mm_visit_fn)(const mm_rec_t *r, void *ctx, onc_err_t *err);

/* Calls fn for every record of path: a file, or a directory whose *.json, *.ejson, *.jsonl,
 * *.ndjson and *.csv files are read in name order. Stops at the first error. */
onc_rc mm_read_path(const char *path, mm_visit_fn fn, void *ctx, onc_err_t *err) ONC_MUST_CHECK;

/* Visits the one JSON document t[0, n) (a document kept in the registry); cells_as_text: its
 * values are CSV cells (text read as the type asked for). name is the file in messages. */
onc_rc mm_visit_text(const char *t, size_t n, const char *name, bool cells_as_text, mm_visit_fn fn, void *ctx,
                     onc_err_t *err) ONC_MUST_CHECK;

/* Line of key in r: where "key": is written in a JSON document (looked up only when a message
 * needs it), else the record's line. */
uint64_t mm_line(const mm_rec_t *r, const char *key);
/* "FILE:LINE: field KEY: message" for key in r; returns rc. */
onc_rc mm_fail(const mm_rec_t *r, onc_err_t *err, onc_rc rc, const char *key, const char *fmt, ...)
    ONC_PRINTF(5, 6);

/* The first of keys (a NULL-terminated list) that r holds (null values count: a document
 * may say a field is empty), else NULL. */
const char *mm_key(const mm_rec_t *r, const char *const *keys);
/* The value of key, NULL when absent, null or the empty string. */
json_t *mm_value(const mm_rec_t *r, const char *key);

/* Typed reads; each leaves its missing marker (NULL, NaN, missing date, ONC_TRI_UNKNOWN)
 * when the value is absent, and fails with ONC_EPARSE naming the field when it is there but
 * not of the type. key may be NULL (then the value is absent). */
onc_rc mm_text(const mm_rec_t *r, const char *key, onc_arena_t *a, const char **out, onc_err_t *err)
    ONC_MUST_CHECK; /* text, numbers as written, {"$oid"} */
onc_rc mm_number(const mm_rec_t *r, const char *key, double *out, onc_err_t *err) ONC_MUST_CHECK;
onc_rc mm_date(const mm_rec_t *r, const char *key, onc_date_t *out, onc_err_t *err) ONC_MUST_CHECK;
/* A date written as the number YYYYMMDD (BIRTH_DATE_INT, 19801125.0 in the seed data). */
onc_rc mm_date_int(const mm_rec_t *r, const char *key, onc_date_t *out, onc_err_t *err) ONC_MUST_CHECK;
onc_rc mm_bool(const mm_rec_t *r, const char *key, onc_tri *out, onc_err_t *err) ONC_MUST_CHECK;
/* An exon: a number (integral), or text (*is_text set; *out the number it spells, or
 * ONC_INT_MISSING). CSV cells have no type: digits there are a number. */
onc_rc mm_exon(const mm_rec_t *r, const char *key, int32_t *out, bool *is_text, onc_err_t *err) ONC_MUST_CHECK;

/* The date of day `days` since 1970-01-01 (negative before). */
onc_date_t mm_date_from_days(int64_t days);

#endif
