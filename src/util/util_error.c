/* util_error.c: error values and the one log funnel every layer writes through. */
#include "oncoboard/error.h"

#include <stdarg.h>
#include <stdio.h>

const char *onc_strerror(onc_rc rc)
{
    switch (rc) {
    case ONC_OK: return "success";
    case ONC_ENOMEM: return "out of memory";
    case ONC_EIO: return "input/output error";
    case ONC_EPARSE: return "invalid input";
    case ONC_EINVAL: return "invalid argument";
    case ONC_ELIMIT: return "size limit exceeded";
    case ONC_ENOTFOUND: return "not found";
    case ONC_EFORMAT: return "unrecognised format";
    case ONC_EINTERNAL: return "internal error";
    case ONC_ECONFLICT: return "conflict with the registry's contents";
    case ONC_EDB: return "database error";
    }
    return "unknown error";
}

static void err_vset(onc_err_t *err, onc_rc rc, const char *prefix, const char *fmt, va_list ap)
{
    err->code = rc;
    int n = snprintf(err->msg, sizeof err->msg, "%s", prefix);
    if (n < 0 || (size_t)n >= sizeof err->msg) return;
    vsnprintf(err->msg + n, sizeof err->msg - (size_t)n, fmt, ap);
}

onc_rc onc_err_set(onc_err_t *err, onc_rc rc, const char *fmt, ...)
{
    if (!err) return rc;
    va_list ap;
    va_start(ap, fmt);
    err_vset(err, rc, "", fmt, ap);
    va_end(ap);
    return rc;
}

onc_rc onc_err_at(onc_err_t *err, onc_rc rc, const char *file, uint64_t line, const char *field,
                  const char *fmt, ...)
{
    if (!err) return rc;
    char prefix[512];
    int n = snprintf(prefix, sizeof prefix, "%s", file ? file : "-");
    if (line && n >= 0 && (size_t)n < sizeof prefix)
        n += snprintf(prefix + n, sizeof prefix - (size_t)n, ":%llu", (unsigned long long)line);
    if (n >= 0 && (size_t)n < sizeof prefix)
        n += snprintf(prefix + n, sizeof prefix - (size_t)n, ": ");
    if (field && n >= 0 && (size_t)n < sizeof prefix)
        snprintf(prefix + n, sizeof prefix - (size_t)n, "field %s: ", field);
    va_list ap;
    va_start(ap, fmt);
    err_vset(err, rc, prefix, fmt, ap);
    va_end(ap);
    return rc;
}

/* The log funnel. A process has one sink and one threshold: this is configuration set
 * once by the front end at start-up, not state that the engines change. */
static onc_log_level log_threshold = ONC_LOG_WARN;
static onc_log_sink log_sink;
static void *log_ctx;

void onc_log_set_level(onc_log_level level) { log_threshold = level; }

void onc_log_set_sink(onc_log_sink sink, void *ctx)
{
    log_sink = sink;
    log_ctx = ctx;
}

void onc_log(onc_log_level level, const char *where, const char *fmt, ...)
{
    if (level < log_threshold) return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (log_sink) {
        log_sink(level, where, msg, log_ctx);
        return;
    }
    static const char tag[] = "DIWE";
    fprintf(stderr, "[%c::%s] %s\n", tag[level < ONC_LOG_OFF ? level : ONC_LOG_ERROR], where, msg);
}
