/* io_case.c: the case reader (being written: until then it refuses its files clearly). */
#include "io_int.h"


static onc_rc open_case(onc_reader_t *r)
{
    io_fail(r, ONC_EFORMAT, 0, NULL, "reading case files is not yet supported in this build");
    return ONC_EFORMAT;
}

static int next_case(onc_reader_t *r, onc_alt_t *out)
{
    (void)r;
    (void)out;
    return -1;
}

static void close_case(onc_reader_t *r) { (void)r; }

const onc_format_ops onc_case_ops = {ONC_FMT_CASE, NULL, open_case, next_case, close_case};
