/* fuzz_table.c: libFuzzer target for the table readers (MAF, fusion, copy number, segments).
 * The input bytes become a file (the readers take paths: formats are detected by reading
 * ahead), read once with each table format forced and once with detection, with and without
 * a genome (segments map onto genes only with one). Every record is pulled until the end or
 * an error; crashes, leaks and undefined behaviour are what the sanitizers report. */
#include "oncoboard/io.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void read_all(const char *path, onc_format format, const char *genome)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    o.format = format;
    o.genome = genome;
    onc_err_t err = {0};
    onc_reader_t *r = onc_reader_open(path, &o, &err);
    if (!r) return;
    onc_alt_t a;
    for (int n = 0; n < 100000 && onc_reader_next(r, &a) == 0; n++) {}
    for (size_t i = 0; i < onc_reader_n_warnings(r); i++) (void)onc_reader_warning(r, i);
    onc_reader_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/fuzz_table_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) break;
        done += (size_t)n;
    }
    close(fd);
    if (done == size) {
        static const onc_format formats[] = {ONC_FMT_AUTO, ONC_FMT_MAF, ONC_FMT_FUSION, ONC_FMT_CNA,
                                             ONC_FMT_SEGMENTS};
        for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) read_all(path, formats[i], NULL);
        read_all(path, ONC_FMT_SEGMENTS, "GRCh38");
        read_all(path, ONC_FMT_MAF, "GRCh37");
    }
    unlink(path);
    return 0;
}
