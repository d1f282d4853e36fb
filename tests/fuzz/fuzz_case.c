/* fuzz_case.c: arbitrary bytes as a case file, through onc_case_parse (memory), onc_case_load
 * (a file) and the case reader (ONC_FMT_CASE), which also opens referenced files.
 * Oracle beyond "no crash": a case that loads reads through to the end or to an error, and
 * an error always has a message. */
#include "oncoboard/case.h"
#include "oncoboard/io.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void check_loaded(onc_case_t *c)
{
    if (!c) return;
    if (!c->id || !*c->id) abort(); /* id is required */
    for (size_t i = 0; i < c->n_warnings; i++)
        if (!c->warnings[i]) abort();
}

static void read_all(const char *path)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    o.format = ONC_FMT_CASE;
    onc_err_t e = {0};
    onc_reader_t *r = onc_reader_open(path, &o, &e);
    if (!r) {
        if (!e.msg[0]) abort();
        return;
    }
    onc_alt_t a;
    int ret;
    while ((ret = onc_reader_next(r, &a)) == 0)
        if (!a.sample) abort();
    if (ret < -1 && !onc_reader_errmsg(r)[0]) abort();
    onc_reader_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    onc_case_opts_t opts;
    onc_case_opts_init(&opts);
    opts.confine_files = 1; /* stay in the temporary directory */
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    int parsed = onc_case_parse((const char *)data, size, "fuzz.json", "/tmp", &opts, &c, &e) == ONC_OK;
    if (parsed) check_loaded(c);
    else if (!e.msg[0]) abort();
    onc_case_free(c);
    /* The file paths read the same bytes: worth the file system only for a case that loads.
     * (Referenced files are confined to /tmp by the memory parse, so that the reader below
     * never opens files elsewhere on the machine.) */
    if (!parsed) return 0;

    char path[] = "/tmp/fuzz_case_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    int ok = write(fd, data, size) == (ssize_t)size;
    close(fd);
    if (ok) {
        c = NULL;
        if (onc_case_load(path, NULL, &c, &e) == ONC_OK) check_loaded(c);
        onc_case_free(c);
        read_all(path);
    }
    unlink(path);
    return 0;
}
