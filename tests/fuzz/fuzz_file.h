/* fuzz_file.h: what the file-based fuzz targets share. The readers take paths (formats are
 * detected by reading ahead), so each input is written to a temporary file first. */
#ifndef ONCOBOARD_FUZZ_FILE_H
#define ONCOBOARD_FUZZ_FILE_H

#include "oncoboard/io.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data to a new file /tmp/fuzz_NAME_XXXXXX, its name in path (n bytes). 0 when the
 * whole input was written; -1 otherwise (then no file is left behind). */
static int fuzz_write_temp(const char *name, const uint8_t *data, size_t size, char *path, size_t n)
{
    snprintf(path, n, "/tmp/fuzz_%s_XXXXXX", name);
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, data + done, size - done);
        if (w <= 0) break;
        done += (size_t)w;
    }
    close(fd);
    if (done == size) return 0;
    unlink(path);
    return -1;
}

/* Opens path with opts and pulls every alteration (at most 100,000) and warning: whatever
 * the bytes, a reader returns records, the end or an error; the sanitizers report the rest. */
__attribute__((unused)) static void fuzz_read_all(const char *path, const onc_read_opts_t *opts)
{
    onc_err_t err = {0};
    onc_reader_t *r = onc_reader_open(path, opts, &err);
    if (!r) return;
    onc_alt_t a;
    for (int n = 0; n < 100000 && onc_reader_next(r, &a) == 0; n++) {}
    for (size_t i = 0; i < onc_reader_n_warnings(r); i++) (void)onc_reader_warning(r, i);
    onc_reader_close(r);
}

#endif
