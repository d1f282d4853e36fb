/* store_cohort.h: the registry's patients as a research cohort, for the survival and
 * responder analyses of the server's cohort page (GET /api/v1/cohort/..., docs/stats.md
 * "The registry as a cohort").
 *
 * Only the patients who consented to research (patients.consent_research = 1) are read, as the
 * research export reads them, and nothing that names one leaves this module: a row holds
 * intervals in days (which a per-patient date shift keeps), the response, the biomarkers, the
 * molecular group and the altered genes. The read is audited once (action "read", entity
 * "cohort", entity id the analysis, the counts in the detail), inside the caller's transaction.
 */
#ifndef ONCOBOARD_STORE_COHORT_H
#define ONCOBOARD_STORE_COHORT_H

#include "oncoboard/db.h"
#include "oncoboard/error.h"

#include <stdbool.h>
#include <stddef.h>

#define ONC_COHORT_MAX_PATIENTS 100000
#define ONC_COHORT_GROUP_MAX 64

/* One consenting patient, from the therapy line analysed (the first line with a start date, or
 * line line_no). Times are days from that line's start; NaN when they cannot be derived (no
 * line, no date to end them): such rows are left out of the survival analyses and counted. */
typedef struct onc_cohort_row {
    double pfs_days; int pfs_event;   /* progression or death = 1, censored = 0; -1 unknown */
    double os_days;  int os_event;    /* death = 1, alive at last follow-up = 0; -1 unknown */
    int responder;                    /* CR/PR 1, SD/PD 0, -1 (NE, none, no line) */
    double tmb, pdl1_tps;             /* NaN when not recorded */
    char group[ONC_COHORT_GROUP_MAX]; /* newest report snapshot's molecular group; "" none */
    bool has_molecular;               /* a sample with molecular results */
    size_t gene_first, n_genes;       /* its altered genes: genes[gene_first .. +n_genes] */
} onc_cohort_row_t;

typedef struct onc_cohort {
    onc_cohort_row_t *rows;
    size_t n;
    char **genes;     /* altered genes of every row, one run per row, sorted within it */
    size_t n_genes;
    size_t n_refused; /* patients without research consent (refused or not recorded), not read */
} onc_cohort_t;

/* Reads the cohort inside db's open transaction (line_no 0: each patient's first line with a
 * start date) and appends the audit entry (actor, analysis as its entity id). */
onc_rc onc_cohort_load(onc_db_t *db, const char *actor, const char *analysis, int line_no, onc_cohort_t *out,
                       onc_err_t *err) ONC_MUST_CHECK;
void onc_cohort_free(onc_cohort_t *c); /* accepts NULL and a zeroed struct */

/* Days from "YYYY-MM-DD" from to to: NaN when either is NULL or not a date. */
double onc_cohort_days(const char *from, const char *to);

#endif
