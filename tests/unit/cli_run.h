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

#endif
