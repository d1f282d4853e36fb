/* fuzz_table.c: libFuzzer target for the table readers (MAF, fusion, copy number, segments).
 * The input bytes become a file (the readers take paths: formats are detected by reading
 * ahead), read once with each table format forced and once with detection, with and without
 * a genome (segments map onto genes only with one). Every record is pulled until the end or
 * an error; crashes, leaks and undefined behaviour are what the sanitizers report. */
#include "fuzz_file.h"

static void read_all(const char *path, onc_format format, const char *genome)
{
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    o.format = format;
    o.genome = genome;
    fuzz_read_all(path, &o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (fuzz_write_temp("table", data, size, path, sizeof path)) return 0;
    static const onc_format formats[] = {ONC_FMT_AUTO, ONC_FMT_MAF, ONC_FMT_FUSION, ONC_FMT_CNA,
                                         ONC_FMT_SEGMENTS};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) read_all(path, formats[i], NULL);
    read_all(path, ONC_FMT_SEGMENTS, "GRCh38");
    read_all(path, ONC_FMT_MAF, "GRCh37");
    unlink(path);
    return 0;
}
