/* io_maf.c: the maf reader (being written: until then it refuses its files clearly). */
#include "io_int.h"

static int probe(char *const *cols, int ncols)
{
    (void)cols;
    (void)ncols;
    return 0;
}

static onc_rc open_maf(onc_reader_t *r)
{
    io_fail(r, ONC_EFORMAT, 0, NULL, "reading maf files is not yet supported in this build");
    return ONC_EFORMAT;
}

static int next_maf(onc_reader_t *r, onc_alt_t *out)
{
    (void)r;
    (void)out;
    return -1;
}

static void close_maf(onc_reader_t *r) { (void)r; }

const onc_format_ops onc_maf_ops = {ONC_FMT_MAF, probe, open_maf, next_maf, close_maf};
