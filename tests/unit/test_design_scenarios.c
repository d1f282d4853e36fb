/* test_design_scenarios.c: scenario files (design.h): separators, comments, a header, and
 * errors naming the file, the line and the dose. */
#include "check.h"

#include "oncoboard/design.h"

static onc_rc parse(const char *text, onc_scenarios_t *sc, onc_err_t *err)
{
    return onc_scenarios_parse(text, strlen(text), "s.csv", sc, err);
}

static void reads_rows(void)
{
    onc_scenarios_t sc;
    onc_err_t err = {0};
    CHECK_INT(parse("# from the protocol\nscenario,d1,d2,d3\nS1, 0.05, 0.15, 0.30\n\nS2\t0.3\t0.45\t0.55\r\n", &sc, &err), ONC_OK);
    CHECK_INT((long)sc.n, 2);
    CHECK_INT(sc.n_doses, 3);
    CHECK_STR(sc.v[1].name, "S2");
    CHECK_NEAR(sc.v[0].truth[2], 0.30, 1e-15);
    CHECK_NEAR(sc.v[1].truth[1], 0.45, 1e-15);
    CHECK(sc.header_seen);
    onc_scenarios_free(&sc);
}

static void errors(void)
{
    onc_scenarios_t sc;
    onc_err_t err = {0};
    CHECK_INT(parse("S1,0.1,0.2,0.3\nS2,0.1,,0.3\n", &sc, &err), ONC_EPARSE);
    CHECK_STR(err.msg, "s.csv:2: field dose 2: missing value (every dose needs its true DLT rate)");
    CHECK_INT(parse("S1,0.1,0.2\nS2,0.1,0.2,0.3\n", &sc, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "s.csv:2:") && strstr(err.msg, "3 doses where the first scenario has 2"));
    CHECK_INT(parse("S1,0.1,1.2\n", &sc, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "field dose 2: '1.2' is not a rate between 0 and 1") != NULL);
    CHECK_INT(parse("# nothing\n\n", &sc, &err), ONC_EPARSE);
    CHECK(strstr(err.msg, "no scenario") != NULL);
}

int main(void)
{
    RUN(reads_rows);
    RUN(errors);
    CHECK_EXIT();
}
