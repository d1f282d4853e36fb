/* fuzz_bed.c: the BED reader (io_bed.c) on arbitrary bytes: it must load or fail with a
 * message, never crash, and a loaded index must answer lookups within what it merged. */
#include "fuzz_file.h"
#include "oncoboard/bed.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (fuzz_write_temp("bed", data, size, path, sizeof path)) return 0;
    onc_err_t err = {0};
    onc_bed_t *b = onc_bed_load(path, &err);
    if (b) {
        static const char *const chroms[] = {"1", "chr1", "X", "chrM", "MT", "", "chr"};
        static const int64_t positions[] = {1, 2, 10, 100, 1000, 1000000, (int64_t)1 << 40};
        for (size_t c = 0; c < sizeof chroms / sizeof *chroms; c++)
            for (size_t p = 0; p < sizeof positions / sizeof *positions; p++)
                (void)onc_bed_contains(b, chroms[c], positions[p]);
        if (onc_bed_n_intervals(b) == 0 && onc_bed_bases(b) != 0) abort();
    } else if (!err.msg[0]) {
        abort(); /* a failure always says why */
    }
    onc_bed_free(b);
    unlink(path);
    return 0;
}
