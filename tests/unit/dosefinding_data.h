/* dosefinding_data.h: reading ../shared/data/dosefinding's CSV files in the design tests
 * (include after check.h): a header line, then rows whose "quoted" cells may hold
 * space-separated numbers ("NA" for missing). */
#ifndef ONCOBOARD_TEST_DOSEFINDING_DATA_H
#define ONCOBOARD_TEST_DOSEFINDING_DATA_H

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the CSV files: a header, then rows; "quoted" cells hold space-separated numbers ---- */

#define MAX_CELLS 24

typedef struct csv_row {
    char buf[2048];
    char *cell[MAX_CELLS];
    int n;
} csv_row_t;

/* The next row of fp split into cells (quotes removed); 0 at the end. */
__attribute__((unused)) static int next_row(FILE *fp, csv_row_t *r)
{
    if (!fgets(r->buf, sizeof r->buf, fp)) return 0;
    r->buf[strcspn(r->buf, "\r\n")] = '\0';
    r->n = 0;
    char *p = r->buf;
    while (r->n < MAX_CELLS) {
        bool quoted = *p == '"';
        if (quoted) p++;
        r->cell[r->n++] = p;
        p += quoted ? strcspn(p, "\"") : strcspn(p, ",");
        if (quoted && *p) *p++ = '\0';
        if (*p != ',') {
            *p = '\0';
            break;
        }
        *p++ = '\0';
    }
    return 1;
}

__attribute__((unused)) static FILE *open_data(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "dosefinding/%s", name);
    const char *path = shared_data(rel);
    FILE *fp = path ? fopen(path, "r") : NULL;
    csv_row_t header;
    if (fp && !next_row(fp, &header)) fclose(fp), fp = NULL;
    return fp;
}

/* Space-separated numbers ("NA" as NaN) into v; their count. */
__attribute__((unused)) static int numbers(const char *s, double *v, int max)
{
    int k = 0;
    char *end;
    while (k < max) {
        while (*s == ' ') s++;
        if (!*s) break;
        if (!strncmp(s, "NA", 2)) v[k++] = NAN, s += 2;
        else {
            v[k++] = strtod(s, &end);
            if (end == s) break;
            s = end;
        }
    }
    return k;
}

/* Calls fn on every row of dosefinding/name that has n_cells cells; the number of rows, or -1
 * when the file is absent. */
__attribute__((unused)) static int each_row(const char *name, int n_cells, void (*fn)(const csv_row_t *r))
{
    FILE *fp = open_data(name);
    if (!fp) return -1;
    csv_row_t r;
    int rows = 0;
    while (next_row(fp, &r))
        if (r.n == n_cells) fn(&r), rows++;
    fclose(fp);
    return rows;
}

#define NO_DATA "../shared/data/dosefinding is absent"

__attribute__((unused)) static int count_or_na(const char *s) { return strcmp(s, "NA") == 0 ? -1 : atoi(s); }

/* Simulated CRM selection percentages and patients per dose against a dfcrm row (sel as
 * probabilities from n_ref trials): within 4 standard errors of the difference. */
#define CHECK_CRMSIM(oc, sel, npts, k, n_ref, label)                                                  \
    do {                                                                                              \
        double f_ = 1.0 / (n_ref) + 1.0 / (double)(oc).n_trials;                                     \
        for (int j_ = 0; j_ < (k); j_++) {                                                            \
            double p_ = ((oc).selection_pct[j_] / 100 + (sel)[j_]) / 2;                               \
            double se_ = 100 * sqrt(p_ * (1 - p_) * f_);                                              \
            if (fabs((oc).selection_pct[j_] - 100 * (sel)[j_]) > 4 * se_ + 1e-9)                      \
                fprintf(stderr, "%s dose %d: %.2f%%, dfcrm %.2f%%\n", (label), j_ + 1,                \
                        (oc).selection_pct[j_], 100 * (sel)[j_]);                                     \
            CHECK(fabs((oc).selection_pct[j_] - 100 * (sel)[j_]) <= 4 * se_ + 1e-9);                  \
            CHECK(fabs((oc).patients_per_dose[j_] - (npts)[j_]) <= 4 * 6 * sqrt(f_));                 \
        }                                                                                             \
    } while (0)

#ifdef ONCOBOARD_DESIGN_H
/* dfcrm's man-page CRM: skeleton 0.05 0.10 0.20 0.35 0.50 0.70, target 0.2 (research 3.4). */
__attribute__((unused)) static onc_crm_t man_crm(onc_crm_model model)
{
    static const double skeleton[6] = {0.05, 0.10, 0.20, 0.35, 0.50, 0.70};
    onc_crm_t c;
    onc_crm_init(&c);
    c.model = model;
    c.target = 0.2;
    c.n_doses = 6;
    memcpy(c.skeleton, skeleton, sizeof skeleton);
    return c;
}

/* A crmsim row (research 3.5's columns) into the CRM c, the true rates, the selection
 * probabilities and the patients per dose: the number of doses. */
__attribute__((unused)) static int crmsim_row(const csv_row_t *r, onc_crm_t *c, double *truth, double *sel, double *npts)
{
    onc_crm_init(c);
    int k = numbers(r->cell[1], truth, 8);
    CHECK_INT(numbers(r->cell[2], c->skeleton, 8), k);
    CHECK_INT(numbers(r->cell[8], sel, 8), k);
    CHECK_INT(numbers(r->cell[9], npts, 8), k);
    c->n_doses = k, c->target = atof(r->cell[3]), c->prior_var = atof(r->cell[4]);
    return k;
}
#endif

#endif
