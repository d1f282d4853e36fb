/* io_segments.c: the segments reader (being written: until then it refuses its files clearly). */
#include "io_int.h"

static int probe(char *const *cols, int ncols)
{
    (void)cols;
    (void)ncols;
    return 0;
}

static onc_rc open_segments(onc_reader_t *r)
{
    io_fail(r, ONC_EFORMAT, 0, NULL, "reading segments files is not yet supported in this build");
    return ONC_EFORMAT;
}

static int next_segments(onc_reader_t *r, onc_alt_t *out)
{
    (void)r;
    (void)out;
    return -1;
}

static void close_segments(onc_reader_t *r) { (void)r; }

const onc_format_ops onc_segments_ops = {ONC_FMT_SEGMENTS, probe, open_segments, next_segments, close_segments};
