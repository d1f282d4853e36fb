/* store_cohort.c: the registry's consenting patients as a research cohort (store_cohort.h).
 *
 * Two reads: one row per consenting patient (outcome, biomarkers, newest molecular group, the
 * analysed therapy line with its earliest progression date and best response), then their
 * altered genes. The survival times are derived here, once, by the rules of docs/stats.md ("The
 * registry as a cohort"): both clocks start at the line's start; progression-free survival ends
 * at the earlier of progression and death, else is censored at the last follow-up when the line
 * is recorded as not progressed; overall survival ends at death, else is censored at the last
 * follow-up. What the rows cannot tell is unknown, never a guess: the analyses leave it out
 * and count it.
 */
#include "store_int.h"

#include "oncoboard/case.h"
#include "oncoboard/store_cohort.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The analysed line: the first by line number with a start date, or the one numbered ?2 when
 * ?1 is not 0. */
static const char sql_rows[] =
    "SELECT p.id, p.vital_status, p.death_date, p.last_follow_up, b.tmb, b.pdl1_tps, "
    "(SELECT s.molecular_group FROM report_snapshots s WHERE s.patient_id = p.id ORDER BY s.id DESC LIMIT 1), "
    "t.start_date, t.best_response, "
    "(SELECT MIN(e.event_date) FROM progression_events e WHERE e.therapy_id = t.id AND e.progressed = 1), "
    "(SELECT MAX(e.progressed) FROM progression_events e WHERE e.therapy_id = t.id), "
    "(SELECT COUNT(*) FROM samples sa WHERE sa.patient_id = p.id AND sa.has_molecular = 1) "
    "FROM patients p LEFT JOIN biomarkers b ON b.patient_id = p.id "
    "LEFT JOIN therapy_lines t ON t.id = (SELECT t2.id FROM therapy_lines t2 WHERE t2.patient_id = p.id AND "
    "t2.start_date IS NOT NULL AND (? = 0 OR t2.line_no = ?) ORDER BY t2.line_no, t2.ordinal LIMIT 1) "
    "WHERE p.consent_research = 1 ORDER BY p.id";
enum { C_ID, C_VITAL, C_DEATH, C_FU, C_TMB, C_PDL1, C_GROUP, C_START, C_BEST, C_PROG_DATE, C_PROGRESSED, C_MOLECULAR };

/* Altered genes of consenting patients; a lab-file call whose FILTER is not PASS is not counted. */
static const char sql_genes[] =
    "SELECT DISTINCT sa.patient_id, a.gene FROM alterations a JOIN samples sa ON sa.id = a.sample_id "
    "JOIN patients p ON p.id = sa.patient_id WHERE p.consent_research = 1 AND a.gene IS NOT NULL AND a.gene <> '' "
    "AND a.kind <> 'biomarker' AND (a.filter IS NULL OR a.filter IN ('', 'PASS', '.')) ORDER BY sa.patient_id, a.gene";

static onc_rc oom(onc_err_t *err) { return onc_err_set(err, ONC_ENOMEM, "out of memory"); }

double onc_cohort_days(const char *from, const char *to)
{
    onc_date_t a, b;
    onc_err_t ignored = {0};
    if (!from || !to || onc_date_parse(from, &a, &ignored) != ONC_OK || onc_date_parse(to, &b, &ignored) != ONC_OK)
        return NAN;
    return (double)onc_date_days(b) - (double)onc_date_days(a);
}

void onc_cohort_free(onc_cohort_t *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_genes; i++) free(c->genes[i]);
    free(c->genes);
    free(c->rows);
    memset(c, 0, sizeof *c);
}

static const char *text_or_null(const onc_db_stmt_t *st, int col)
{
    return onc_db_column_is_null(st, col) ? NULL : onc_db_column_text(st, col);
}

static double double_or_nan(const onc_db_stmt_t *st, int col)
{
    return onc_db_column_is_null(st, col) ? NAN : onc_db_column_double(st, col);
}

/* A time from the line's start that is negative (a date before the start) is unknown. */
static void set_time(double *days, int *event, double d, int e)
{
    bool ok = isfinite(d) && d >= 0;
    *days = ok ? d : NAN;
    *event = ok ? e : -1;
}

/* Overall survival: death (with its date) is an event; otherwise the last follow-up censors. */
static void derive_os(onc_cohort_row_t *r, const char *start, const char *vital, const char *death, const char *fu)
{
    bool dead = vital && strcmp(vital, "dead") == 0;
    if (dead) set_time(&r->os_days, &r->os_event, death ? onc_cohort_days(start, death) : NAN, 1);
    else set_time(&r->os_days, &r->os_event, onc_cohort_days(start, fu), 0);
}

/* Progression-free survival: the earlier of progression and death is the event; a line recorded
 * as not progressed is censored at the last follow-up; no progression record, or a progression
 * without a date, is unknown. */
static void derive_pfs(onc_cohort_row_t *r, const char *start, int progressed, const char *prog_date, double death_days,
                       bool dead, const char *fu)
{
    if (progressed == 1) {
        double d = onc_cohort_days(start, prog_date);
        if (isfinite(d) && dead && isfinite(death_days) && death_days < d) d = death_days;
        set_time(&r->pfs_days, &r->pfs_event, d, 1);
    } else if (progressed == 0 && dead) {
        set_time(&r->pfs_days, &r->pfs_event, death_days, 1);
    } else if (progressed == 0) {
        set_time(&r->pfs_days, &r->pfs_event, onc_cohort_days(start, fu), 0);
    } else {
        set_time(&r->pfs_days, &r->pfs_event, NAN, -1);
    }
}

static int responder_of(const char *best)
{
    if (!best) return -1;
    if (strcmp(best, "CR") == 0 || strcmp(best, "PR") == 0) return 1;
    if (strcmp(best, "SD") == 0 || strcmp(best, "PD") == 0) return 0;
    return -1;
}

static void read_row(const onc_db_stmt_t *st, onc_cohort_row_t *r)
{
    memset(r, 0, sizeof *r);
    const char *vital = text_or_null(st, C_VITAL), *death = text_or_null(st, C_DEATH), *fu = text_or_null(st, C_FU);
    const char *start = text_or_null(st, C_START), *group = text_or_null(st, C_GROUP);
    bool dead = vital && strcmp(vital, "dead") == 0;
    int progressed = onc_db_column_is_null(st, C_PROGRESSED) ? -1 : (int)onc_db_column_int64(st, C_PROGRESSED);
    r->tmb = double_or_nan(st, C_TMB);
    r->pdl1_tps = double_or_nan(st, C_PDL1);
    snprintf(r->group, sizeof r->group, "%s", group ? group : "");
    r->has_molecular = onc_db_column_int64(st, C_MOLECULAR) > 0;
    r->responder = start ? responder_of(text_or_null(st, C_BEST)) : -1;
    derive_os(r, start, vital, death, fu);
    double death_days = dead && death ? onc_cohort_days(start, death) : NAN;
    derive_pfs(r, start, progressed, text_or_null(st, C_PROG_DATE), death_days, dead, fu);
}

static onc_rc grow_rows(onc_cohort_t *c, size_t *cap, onc_err_t *err)
{
    if (c->n < *cap) return ONC_OK;
    if (c->n >= ONC_COHORT_MAX_PATIENTS)
        return onc_err_set(err, ONC_ELIMIT, "more than %d consenting patients: analyse them with `oncoboard stats` "
                                            "on a research export", ONC_COHORT_MAX_PATIENTS);
    size_t n = *cap ? 2 * *cap : 64;
    onc_cohort_row_t *rows = realloc(c->rows, n * sizeof *rows);
    if (!rows) return oom(err);
    c->rows = rows;
    *cap = n;
    return ONC_OK;
}

/* The rows, with the registry ids (ids[i], parallel) that the genes are joined on. */
static onc_rc load_rows(onc_db_t *db, int line_no, onc_cohort_t *c, int64_t **ids, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    size_t cap = 0;
    onc_rc rc = onc_db_prepare(db, sql_rows, &st, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 1, line_no, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st, 2, line_no, err);
    for (bool row = true; rc == ONC_OK;) {
        rc = onc_db_step(st, &row, err);
        if (rc != ONC_OK || !row) break;
        size_t old_cap = cap;
        rc = grow_rows(c, &cap, err);
        if (rc == ONC_OK && cap != old_cap) {
            int64_t *n_ids = realloc(*ids, cap * sizeof *n_ids);
            if (!n_ids) rc = oom(err);
            else *ids = n_ids;
        }
        if (rc != ONC_OK) break;
        (*ids)[c->n] = onc_db_column_int64(st, C_ID);
        read_row(st, &c->rows[c->n++]);
    }
    onc_db_finalize(st);
    return rc;
}

static onc_rc add_gene(onc_cohort_t *c, size_t *cap, const char *gene, onc_err_t *err)
{
    if (c->n_genes == *cap) {
        size_t n = *cap ? 2 * *cap : 256;
        char **g = realloc(c->genes, n * sizeof *g);
        if (!g) return oom(err);
        c->genes = g;
        *cap = n;
    }
    c->genes[c->n_genes] = strdup(gene);
    if (!c->genes[c->n_genes]) return oom(err);
    c->n_genes++;
    return ONC_OK;
}

/* The genes come sorted by patient id, as the rows: one merge pass. */
static onc_rc load_genes(onc_db_t *db, onc_cohort_t *c, const int64_t *ids, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    size_t cap = 0, r = 0;
    onc_rc rc = onc_db_prepare(db, sql_genes, &st, err);
    for (bool row = true; rc == ONC_OK;) {
        rc = onc_db_step(st, &row, err);
        if (rc != ONC_OK || !row) break;
        int64_t pid = onc_db_column_int64(st, 0);
        while (r < c->n && ids[r] < pid) r++;
        if (r == c->n || ids[r] != pid) continue; /* cannot happen: both read consenting patients */
        if (c->rows[r].n_genes == 0) c->rows[r].gene_first = c->n_genes;
        rc = add_gene(c, &cap, onc_db_column_text(st, 1), err);
        if (rc == ONC_OK) c->rows[r].n_genes++;
    }
    onc_db_finalize(st);
    return rc;
}

static onc_rc count_refused(onc_db_t *db, size_t *n, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    bool row = false;
    onc_rc rc = onc_db_prepare(db, "SELECT COUNT(*) FROM patients WHERE consent_research IS NULL OR "
                                   "consent_research <> 1", &st, err);
    if (rc == ONC_OK) rc = onc_db_step(st, &row, err);
    *n = rc == ONC_OK && row ? (size_t)onc_db_column_int64(st, 0) : 0;
    onc_db_finalize(st);
    return rc;
}

onc_rc onc_cohort_load(onc_db_t *db, const char *actor, const char *analysis, int line_no, onc_cohort_t *out,
                       onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    if (line_no < 0) return onc_err_set(err, ONC_EINVAL, "line: a line number >= 1, or 0 for the first line");
    int64_t *ids = NULL;
    onc_rc rc = load_rows(db, line_no, out, &ids, err);
    if (rc == ONC_OK) rc = load_genes(db, out, ids, err);
    if (rc == ONC_OK) rc = count_refused(db, &out->n_refused, err);
    free(ids);
    if (rc == ONC_OK) {
        char detail[160];
        snprintf(detail, sizeof detail, "cohort of %zu consenting patients (%zu without consent not read), line %s%d",
                 out->n, out->n_refused, line_no ? "" : "first:", line_no);
        onc_audit_entry_t e = {.actor = actor ? actor : onc_audit_os_actor(), .action = "read", .entity = "cohort",
                               .entity_id = analysis, .patient_id = NULL, .detail = detail};
        rc = onc_audit_append(db, &e, err);
    }
    if (rc != ONC_OK) onc_cohort_free(out);
    return rc;
}
