/* kb_read.h: typed, located field access over a YAML document, for kb_load.c and
 * kb_validate.c (not a public header).
 *
 * One context serves loading and validation: a problem is reported through problem(); when
 * loading, the first one stops (problem returns 1 and err holds it); when validating, it is
 * handed to the report callback, counted, and the reader goes on (problem returns 0) after
 * skipping the bad item.
 */
#ifndef ONCOBOARD_KB_READ_H
#define ONCOBOARD_KB_READ_H

#include "kb_int.h"

#include <stdbool.h>

#define KB_PATH_MAX 256

typedef struct kb_ctx {
    onc_kb_t *kb;
    const char *dir;                  /* NULL: built in */
    onc_err_t *err;
    void (*report)(const char *msg, void *ctx);
    void *report_ctx;
    long problems;
    int collect;                      /* validate: go on after a problem */
    const onc_doc_t *doc;             /* the document being read */
    char today[11];                   /* YYYY-MM-DD, UTC */
} kb_ctx_t;

/* Reports a problem at doc:line (field may be NULL). Returns 1 when the caller must stop. */
int kb_problem(kb_ctx_t *c, const char *file, uint64_t line, const char *field, const char *fmt, ...)
    ONC_PRINTF(5, 6);
/* Out of memory and the like: always stops. */
int kb_fatal(kb_ctx_t *c, onc_rc rc, const char *fmt, ...) ONC_PRINTF(3, 4);

/* Arena copies, owned by the kb. NULL only when out of memory. */
char *kb_strdup(onc_kb_t *kb, const char *s);
void *kb_calloc(onc_kb_t *kb, size_t n, size_t size);

/* Field readers: path names the object ("evidence[3]"); the key is appended. Each returns 1
 * to stop, 0 to go on; *ok says whether the value was usable (0 after a reported problem).
 * A missing optional field sets *out to NULL / the default and *ok to 1. */
int kb_check_keys(kb_ctx_t *c, const json_t *obj, const char *path, const char *const *allowed, int *ok);
int kb_get_str(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required, const char **out,
               int *ok);
int kb_get_bool(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required, bool dflt, bool *out,
                int *ok);
/* A number >= min (NaN when absent and not required). */
int kb_get_number(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required, double min,
                  double *out, int *ok);
/* A list of strings (a single string is refused: write [A]). */
int kb_get_str_list(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required,
                    const char *const **out, size_t *n, int *ok);
/* A date YYYY-MM-DD, valid and not after today (a YAML date is a string in the 1.2 core). */
int kb_get_date(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, int required, const char **out,
                int *ok);
/* The value must be one of the NULL-terminated words. */
int kb_check_enum(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, const char *value,
                  const char *const *words, int *ok);
/* Every key in list names a source of sources.yaml. */
int kb_check_sources(kb_ctx_t *c, const json_t *obj, const char *path, const char *key, const char *const *keys,
                     size_t n, int *ok);

/* "path.key" or "path[i]" into buf. */
const char *kb_path(char *buf, const char *path, const char *key);
const char *kb_path_index(char *buf, const char *path, const char *key, size_t i);

/* Loads a kb/ text file as a document (YAML). NULL after a reported problem, or when the
 * file does not exist and optional is set (*missing = 1). */
onc_doc_t *kb_read_doc(kb_ctx_t *c, const char *name, int optional, int *missing, int *stop);

/* Whole-base checks: duplicate and contradictory evidence (docs/kb-format.md). */
int kb_check_overlaps(kb_ctx_t *c);

#endif
