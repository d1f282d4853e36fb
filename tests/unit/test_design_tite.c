/* test_design_tite.c: TITE-BOIN's decisions (design.h) against
 * ../shared/data/dosefinding/tite_boin_decision_table.csv (targets 0.2, 0.25, 0.3; n = 3, 6, 9,
 * 12; every count of DLTs and pending patients), whose target-0.2 rows reproduce the published
 * table (Ananthakrishnan et al. 2022, Table 1), thresholds compared as printed (two decimals).
 */
#include "check.h"

#include "dosefinding_data.h"
#include "oncoboard/design.h"

/* The table's wording of a decision and its threshold. */
static void say(onc_tite_decision d, double t, char *buf, size_t n)
{
    switch (d) {
    case ONC_TITE_ESCALATE: snprintf(buf, n, "Escalate"); break;
    case ONC_TITE_STAY: snprintf(buf, n, "Stay"); break;
    case ONC_TITE_DEESCALATE: snprintf(buf, n, "Deescalate"); break;
    case ONC_TITE_DEESCALATE_ELIMINATE: snprintf(buf, n, "Deescalate&Eliminate"); break;
    case ONC_TITE_SUSPEND: snprintf(buf, n, "SuspendAccrual"); break;
    case ONC_TITE_ESCALATE_IF: snprintf(buf, n, "Escalate if STFT>=%.2f else Stay", t); break;
    case ONC_TITE_STAY_IF: snprintf(buf, n, "Stay if STFT>%.2f else Deescalate", t); break;
    }
}

static void row(const csv_row_t *r)
{
    onc_boin_params_t p;
    onc_boin_params_init(&p, atof(r->cell[0]));
    onc_tite_decision d;
    double t;
    onc_err_t err = {0};
    CHECK_INT(onc_tite_boin_decide(&p, atoi(r->cell[1]), atoi(r->cell[2]), atoi(r->cell[3]), &d, &t, &err), ONC_OK);
    char got[96];
    say(d, t, got, sizeof got);
    if (strcmp(got, r->cell[4]) != 0)
        fprintf(stderr, "target %s n %s y %s pending %s: %s\n", r->cell[0], r->cell[1], r->cell[2], r->cell[3], got);
    CHECK_STR(got, r->cell[4]);
}

static void decision_table(void)
{
    int rows = each_row("tite_boin_decision_table.csv", 5, row);
    if (rows < 0) SKIP(NO_DATA);
    CHECK(rows > 500);
}

static void bad_counts(void)
{
    onc_boin_params_t p;
    onc_boin_params_init(&p, 0.2);
    onc_tite_decision d;
    double t;
    onc_err_t err = {0};
    CHECK_INT(onc_tite_boin_decide(&p, 3, 2, 2, &d, &t, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "outnumber") != NULL);
}

int main(void)
{
    RUN(decision_table);
    RUN(bad_counts);
    CHECK_EXIT();
}
