/* cli_run.h: running ./oncoboard as a user does, from unit tests (include after check.h), and
 * reading back what it wrote. */
#ifndef ONCOBOARD_TEST_CLI_RUN_H
#define ONCOBOARD_TEST_CLI_RUN_H

#include "oncoboard/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#ifndef BIN
#define BIN "./oncoboard"
#endif

/* The whole file at path ("" when empty; NULL when it cannot be read), its length in *len (may
 * be NULL); free() it. */
__attribute__((unused)) static char *test_slurp_n(const char *path, size_t *len)
{
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_err_t err = {0};
    if (len) *len = 0;
    if (onc_strbuf_read_file(&b, path, &err) != ONC_OK) {
        onc_strbuf_free(&b);
        return NULL;
    }
    if (len) *len = b.len;
    return b.s ? b.s : calloc(1, 1);
}

__attribute__((unused)) static char *test_slurp(const char *path) { return test_slurp_n(path, NULL); }

/* Runs "./oncoboard FMT..." with stdout to dir/out and stderr to dir/err; the exit status. */
__attribute__((unused, format(printf, 2, 3))) static int cli_run(const char *dir, const char *fmt, ...)
{
    char args[6000], cmd[8000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "%s %s >'%s/out' 2>'%s/err'", BIN, args, dir, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Runs "./oncoboard FMT... --db sqlite:DIR/r.db" with stdout and stderr together into out (cap
 * bytes, NUL-terminated): the exit status. The registry tests of the command line use it. */
__attribute__((unused, format(printf, 4, 5))) static int cli_run_db(const char *dir, char *out, size_t cap,
                                                                    const char *fmt, ...)
{
    char args[1024], cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "%s %s --db sqlite:%s/r.db 2>&1", BIN, args, dir);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif
