/* fuzz_vcf.c: the VCF/BCF reader on arbitrary bytes, forced (ONC_FMT_VCF) and detected.
 * htslib reads files, so the input goes to a temp file first. Whatever the bytes, the reader
 * must return records, the end or an error: no crash, no leak, no hang. */
#include "fuzz_file.h"

static void read_all(const char *path, onc_format format, const char *tumor)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    o.format = format;
    o.tumor_sample = tumor;
    fuzz_read_all(path, &o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (fuzz_write_temp("vcf", data, size, path, sizeof path)) return 0;
    read_all(path, ONC_FMT_VCF, NULL);
    read_all(path, ONC_FMT_AUTO, NULL);
    read_all(path, ONC_FMT_VCF, "TUMOR");
    unlink(path);
    return 0;
}
