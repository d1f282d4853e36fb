/* error.h: status codes, error values and the log funnel.
 *
 * Library code never prints and never exits. A function that can fail returns an onc_rc
 * and, where the caller passed one, fills an onc_err_t with a message that names the file,
 * the line and the field ("tumor.vcf:12: field FORMAT/AD: ..."). Front ends decide what to
 * do with it (print it, turn it into an HTTP status, an exit code).
 */
#ifndef ONCOBOARD_ERROR_H
#define ONCOBOARD_ERROR_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define ONC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define ONC_MUST_CHECK __attribute__((warn_unused_result))
#else
#define ONC_PRINTF(fmt, args)
#define ONC_MUST_CHECK
#endif

/* Status codes. The numbers are part of the interface: never renumber or reuse one. */
typedef enum onc_rc {
    ONC_OK = 0,
    ONC_ENOMEM = 1,    /* an allocation failed */
    ONC_EIO = 2,       /* a file could not be opened, read or written */
    ONC_EPARSE = 3,    /* the input is not what its format says (file, line and field in msg) */
    ONC_EINVAL = 4,    /* bad argument or option value */
    ONC_ELIMIT = 5,    /* a size limit was passed (line, field, count) */
    ONC_ENOTFOUND = 6, /* a named thing (sample, column, code) does not exist */
    ONC_EFORMAT = 7,   /* the file format could not be recognised */
    ONC_EINTERNAL = 8, /* a bug: an invariant did not hold */
    ONC_ECONFLICT = 9, /* the registry refused a change: duplicate identifier, missing
                          referenced row, a concurrent update, a schema of another version */
    ONC_EDB = 10       /* the database failed: cannot connect, disk full, corrupt file */
} onc_rc;

/* An error value: the code and a human message. Zero-initialise before use. */
#define ONC_ERR_MSG_MAX 1024
typedef struct onc_err {
    onc_rc code;
    char msg[ONC_ERR_MSG_MAX];
} onc_err_t;

/* Returns a static description of rc ("out of memory", ...). */
const char *onc_strerror(onc_rc rc);

/* Sets err (if not NULL) to rc and the formatted message; returns rc so that callers can
 * write `return onc_err_set(err, ONC_EINVAL, "...")`. */
onc_rc onc_err_set(onc_err_t *err, onc_rc rc, const char *fmt, ...) ONC_PRINTF(3, 4);

/* The same with a location prefix: "FILE:LINE: field FIELD: message". line 0 and a NULL
 * field are left out of the prefix. */
onc_rc onc_err_at(onc_err_t *err, onc_rc rc, const char *file, uint64_t line, const char *field,
                  const char *fmt, ...) ONC_PRINTF(6, 7);

/* Log funnel. Messages go to the installed sink (stderr by default, as "[W::where] msg");
 * levels below the threshold are dropped. The CLI and the server install their own sinks. */
typedef enum onc_log_level { ONC_LOG_DEBUG = 0, ONC_LOG_INFO = 1, ONC_LOG_WARN = 2, ONC_LOG_ERROR = 3,
                             ONC_LOG_OFF = 4 } onc_log_level;
typedef void (*onc_log_sink)(onc_log_level level, const char *where, const char *msg, void *ctx);

void onc_log_set_level(onc_log_level level);
void onc_log_set_sink(onc_log_sink sink, void *ctx); /* NULL restores the stderr sink */
void onc_log(onc_log_level level, const char *where, const char *fmt, ...) ONC_PRINTF(3, 4);

#endif
