/* fuzz_scenarios.c: the scenario-file parser (design_scenarios.c) on arbitrary bytes: it must
 * load or fail with a message, never crash, and what it loads must hold: every scenario with
 * the same number of doses, each rate in [0, 1], each name terminated. */
#include "oncoboard/design.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    onc_scenarios_t sc;
    onc_err_t err = {0};
    if (onc_scenarios_parse((const char *)data, size, "fuzz.csv", &sc, &err) != ONC_OK) {
        if (!err.msg[0]) abort(); /* a failure always says why */
        return 0;
    }
    if (sc.n == 0 || sc.n_doses < 1 || sc.n_doses > ONC_DESIGN_MAX_DOSES) abort();
    for (size_t i = 0; i < sc.n; i++) {
        if (!memchr(sc.v[i].name, '\0', sizeof sc.v[i].name)) abort();
        for (int j = 0; j < sc.n_doses; j++)
            if (!(sc.v[i].truth[j] >= 0 && sc.v[i].truth[j] <= 1)) abort();
    }
    onc_scenarios_free(&sc);
    return 0;
}
