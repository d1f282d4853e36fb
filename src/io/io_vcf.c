/* io_vcf.c: the vcf reader (being written: until then it refuses its files clearly). */
#include "io_int.h"


static onc_rc open_vcf(onc_reader_t *r)
{
    io_fail(r, ONC_EFORMAT, 0, NULL, "reading vcf files is not yet supported in this build");
    return ONC_EFORMAT;
}

static int next_vcf(onc_reader_t *r, onc_alt_t *out)
{
    (void)r;
    (void)out;
    return -1;
}

static void close_vcf(onc_reader_t *r) { (void)r; }

const onc_format_ops onc_vcf_ops = {ONC_FMT_VCF, NULL, open_vcf, next_vcf, close_vcf};
