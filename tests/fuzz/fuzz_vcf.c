/* fuzz_vcf.c: the VCF/BCF reader on arbitrary bytes, forced (ONC_FMT_VCF) and detected.
 * htslib reads files, so the input goes to a temp file first. Whatever the bytes, the reader
 * must return records, the end or an error: no crash, no leak, no hang. */
#include "oncoboard/io.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void read_all(const char *path, onc_format format, const char *tumor)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    o.format = format;
    o.tumor_sample = tumor;
    onc_err_t err = {0};
    onc_reader_t *r = onc_reader_open(path, &o, &err);
    if (!r) return;
    onc_alt_t a;
    int n = 0;
    while (onc_reader_next(r, &a) == 0 && n < 100000) n++;
    for (size_t i = 0; i < onc_reader_n_warnings(r); i++) (void)onc_reader_warning(r, i);
    onc_reader_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/fuzz_vcf_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, data + done, size - done);
        if (w <= 0) break;
        done += (size_t)w;
    }
    close(fd);
    read_all(path, ONC_FMT_VCF, NULL);
    read_all(path, ONC_FMT_AUTO, NULL);
    read_all(path, ONC_FMT_VCF, "TUMOR");
    unlink(path);
    return 0;
}
