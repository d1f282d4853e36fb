/* fuzz_scenarios.c: the scenario-file parser (design_scenarios.c) on arbitrary bytes: it must
 * load or fail with a message, never crash, and what it loads must hold: every scenario with
 * the same number of doses, each rate in [0, 1], each name terminated; read as a grid file (two
 * drugs), every scenario has 1 or more rows and at most ONC_DESIGN_MAX_DOSES cells. */
#include "oncoboard/design.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check(const uint8_t *data, size_t size, bool grid)
{
    onc_scenarios_t sc;
    onc_err_t err = {0};
    onc_rc rc = grid ? onc_scenarios_parse_grid((const char *)data, size, "fuzz.csv", &sc, &err)
                     : onc_scenarios_parse((const char *)data, size, "fuzz.csv", &sc, &err);
    if (rc != ONC_OK) {
        if (!err.msg[0]) abort(); /* a failure always says why */
        return;
    }
    if (sc.n == 0 || sc.n_doses < 1 || sc.n_doses > ONC_DESIGN_MAX_DOSES) abort();
    for (size_t i = 0; i < sc.n; i++) {
        int rows = sc.v[i].n_rows;
        if (!memchr(sc.v[i].name, '\0', sizeof sc.v[i].name)) abort();
        if (rows < 1 || rows * sc.n_doses > ONC_DESIGN_MAX_DOSES || (!grid && rows != 1)) abort();
        for (int j = 0; j < rows * sc.n_doses; j++)
            if (!(sc.v[i].truth[j] >= 0 && sc.v[i].truth[j] <= 1)) abort();
    }
    onc_scenarios_free(&sc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size, false);
    check(data, size, true);
    return 0;
}
