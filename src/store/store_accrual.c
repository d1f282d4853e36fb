/* store_accrual.c: the unit's accrual figures (onc_store_accrual, store_match.h).
 *
 * Every figure is a count of distinct patients, computed from two kinds of dated events: an
 * enrolments row (screened, enrolled, screen failed, withdrawn: the row's status on its date) and
 * the first time the registry's matching found a patient eligible, or potential, for a trial
 * (the earliest first_seen of that status in match_results, whether the result still holds or
 * not). docs/registry.md ("Accrual") defines each count and says why. An enrolment names its
 * trial as the unit wrote it: an NCT id or a protocol number of a registered trial is counted
 * under that trial's key, anything else under the text as written.
 */
#include "store_case_int.h"

#include "oncoboard/audit.h"
#include "oncoboard/store_match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_SCREENED, K_ENROLLED, K_FAILED, K_WITHDRAWN, K_ELIGIBLE, K_POTENTIAL, K_N };

typedef struct event {
    const char *trial; /* interned in the accrual's strings */
    char month[8];     /* "2026-02", or "" when undated */
    int64_t patient;
    int kind;
    const char *reason; /* screen failures: the reason (interned) */
} event_t;

typedef struct trial_name {
    char *key, *protocol_no, *nct_id;
} trial_name_t;

struct onc_accrual {
    onc_accrual_row_t *rows;
    size_t n_rows;
    char **strings; /* every string the rows point to */
    size_t n_strings, cap_strings;
    onc_accrual_reason_t **reason_lists;
    size_t n_reason_lists;
    /* while building */
    event_t *events;
    size_t n_events, cap_events;
    trial_name_t *names;
    size_t n_names;
    const char *from, *to;
};

static onc_rc oom(onc_err_t *err) { return onc_err_set(err, ONC_ENOMEM, "out of memory"); }

static const char *intern(onc_accrual_t *a, const char *s)
{
    for (size_t i = a->n_strings; i-- > 0;)
        if (strcmp(a->strings[i], s) == 0) return a->strings[i];
    if (a->n_strings == a->cap_strings) {
        size_t cap = a->cap_strings ? 2 * a->cap_strings : 64;
        char **v = realloc(a->strings, cap * sizeof *v);
        if (!v) return NULL;
        a->strings = v, a->cap_strings = cap;
    }
    char *d = strdup(s);
    if (d) a->strings[a->n_strings++] = d;
    return d;
}

void onc_accrual_free(onc_accrual_t *a)
{
    if (!a) return;
    for (size_t i = 0; i < a->n_strings; i++) free(a->strings[i]);
    for (size_t i = 0; i < a->n_reason_lists; i++) free(a->reason_lists[i]);
    for (size_t i = 0; i < a->n_names; i++) free(a->names[i].key), free(a->names[i].protocol_no), free(a->names[i].nct_id);
    free(a->strings), free(a->reason_lists), free(a->rows), free(a->events), free(a->names);
    free(a);
}

size_t onc_accrual_rows(const onc_accrual_t *a) { return a ? a->n_rows : 0; }
const onc_accrual_row_t *onc_accrual_row(const onc_accrual_t *a, size_t i) { return i < a->n_rows ? &a->rows[i] : NULL; }

json_t *onc_accrual_row_json(const onc_accrual_row_t *r)
{
    json_t *reasons = json_array();
    for (size_t k = 0; reasons && k < r->n_reasons; k++)
        if (json_array_append_new(reasons, json_pack("{s:s,s:I}", "reason", r->reasons[k].reason, "count",
                                                     (json_int_t)r->reasons[k].n)))
            json_decref(reasons), reasons = NULL;
    if (!reasons) return NULL;
    return json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "trial", r->trial, "month", r->month, "screened",
                     (json_int_t)r->screened, "eligible", (json_int_t)r->eligible, "potential",
                     (json_int_t)r->potential, "enrolled", (json_int_t)r->enrolled, "screen_failed",
                     (json_int_t)r->screen_failed, "withdrawn", (json_int_t)r->withdrawn, "screen_fail_reasons",
                     reasons);
}

/* ---- events ---- */

static bool in_range(const onc_accrual_t *a, const char *month)
{
    if (!month[0]) return !a->from && !a->to; /* an undated event has no place in a range */
    return (!a->from || strcmp(month, a->from) >= 0) && (!a->to || strcmp(month, a->to) <= 0);
}

static onc_rc add_event(onc_accrual_t *a, const char *trial, const char *date, int64_t patient, int kind,
                        const char *reason, onc_err_t *err)
{
    char month[8] = "";
    if (date && strlen(date) >= 7) snprintf(month, sizeof month, "%.7s", date);
    if (!in_range(a, month)) return ONC_OK;
    if (a->n_events == a->cap_events) {
        size_t cap = a->cap_events ? 2 * a->cap_events : 256;
        event_t *v = realloc(a->events, cap * sizeof *v);
        if (!v) return oom(err);
        a->events = v, a->cap_events = cap;
    }
    event_t *e = &a->events[a->n_events];
    memcpy(e->month, month, sizeof month);
    e->patient = patient, e->kind = kind;
    e->trial = intern(a, trial);
    e->reason = reason ? intern(a, reason) : NULL;
    if (!e->trial || (reason && !e->reason)) return oom(err);
    a->n_events++;
    return ONC_OK;
}

/* The key of the registered trial an enrolment names (its key, NCT id or protocol_no), else the
 * name as written. */
static const char *trial_key_of(const onc_accrual_t *a, const char *name)
{
    for (size_t i = 0; i < a->n_names; i++) {
        const trial_name_t *t = &a->names[i];
        if (strcmp(t->key, name) == 0 || (t->nct_id && strcmp(t->nct_id, name) == 0) ||
            (t->protocol_no && strcmp(t->protocol_no, name) == 0))
            return t->key;
    }
    return name;
}

static onc_rc read_names(onc_accrual_t *a, onc_db_t *db, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "SELECT trial_key, protocol_no, nct_id FROM trials WHERE active = 1 "
                                   "ORDER BY trial_key", &st, err);
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        trial_name_t *v = realloc(a->names, (a->n_names + 1) * sizeof *v);
        if (!v) {
            rc = oom(err);
            break;
        }
        a->names = v;
        const char *p = onc_db_column_text(st, 1), *n = onc_db_column_text(st, 2);
        trial_name_t *t = &a->names[a->n_names++];
        *t = (trial_name_t){strdup(onc_db_column_text(st, 0)), p ? strdup(p) : NULL, n ? strdup(n) : NULL};
        if (!t->key || (p && !t->protocol_no) || (n && !t->nct_id)) rc = oom(err);
        else if (!intern(a, t->key)) rc = oom(err);
    }
    onc_db_finalize(st);
    return rc;
}

static int enrolment_kind(const char *status)
{
    static const char *const names[] = {"enrolled", "screen_failed", "withdrawn"};
    for (int i = 0; i < 3; i++)
        if (status && strcmp(status, names[i]) == 0) return K_ENROLLED + i;
    return -1;
}

/* Each enrolments row: screened, and its status's own count. */
static onc_rc read_enrolments(onc_accrual_t *a, onc_db_t *db, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "SELECT patient_id, trial, status, enrol_date, reason FROM enrolments "
                                   "WHERE trial IS NOT NULL", &st, err);
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        int64_t pid = onc_db_column_int64(st, 0);
        const char *trial = trial_key_of(a, onc_db_column_text(st, 1)), *date = onc_db_column_text(st, 3);
        int kind = enrolment_kind(onc_db_column_text(st, 2));
        const char *reason = onc_db_column_text(st, 4);
        rc = add_event(a, trial, date, pid, K_SCREENED, NULL, err);
        if (rc == ONC_OK && kind >= 0)
            rc = add_event(a, trial, date, pid, kind, kind == K_FAILED ? (reason ? reason : "not given") : NULL, err);
    }
    onc_db_finalize(st);
    return rc;
}

/* The first time each patient was found eligible, and potential, for each trial. */
static onc_rc read_first_seen(onc_accrual_t *a, onc_db_t *db, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = onc_db_prepare(db, "SELECT patient_id, trial_key, status, min(first_seen) FROM match_results "
                                   "WHERE status IN ('eligible', 'potential') GROUP BY patient_id, trial_key, status",
                               &st, err);
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        int kind = strcmp(onc_db_column_text(st, 2), "eligible") == 0 ? K_ELIGIBLE : K_POTENTIAL;
        rc = add_event(a, onc_db_column_text(st, 1), onc_db_column_text(st, 3), onc_db_column_int64(st, 0), kind,
                       NULL, err);
    }
    onc_db_finalize(st);
    return rc;
}

/* ---- counting ---- */

static int cmp_event(const void *x, const void *y)
{
    const event_t *a = x, *b = y;
    int c = strcmp(a->trial, b->trial);
    if (!c) c = strcmp(a->month, b->month);
    if (!c) c = (a->kind > b->kind) - (a->kind < b->kind);
    if (!c) c = (a->patient > b->patient) - (a->patient < b->patient);
    return c;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* Distinct patients of kind among events [from, to). */
static size_t distinct(const event_t *e, size_t from, size_t to, int kind, int64_t *scratch)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        if (e[i].kind == kind) scratch[n++] = e[i].patient;
    qsort(scratch, n, sizeof *scratch, cmp_i64);
    size_t d = 0;
    for (size_t i = 0; i < n; i++) d += i == 0 || scratch[i] != scratch[i - 1];
    return d;
}

static int cmp_reason(const void *x, const void *y)
{
    const onc_accrual_reason_t *a = x, *b = y;
    if (a->n != b->n) return a->n < b->n ? 1 : -1;
    return strcmp(a->reason, b->reason);
}

/* Screen failures of events [from, to) by reason (rows per reason), most frequent first. */
static onc_rc reasons_of(onc_accrual_t *a, onc_accrual_row_t *row, size_t from, size_t to, onc_err_t *err)
{
    onc_accrual_reason_t *v = calloc(to - from + 1, sizeof *v);
    onc_accrual_reason_t **lists = realloc(a->reason_lists, (a->n_reason_lists + 1) * sizeof *lists);
    if (!v || !lists) return free(v), oom(err);
    a->reason_lists = lists;
    a->reason_lists[a->n_reason_lists++] = v;
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        if (a->events[i].kind != K_FAILED) continue;
        size_t k = 0;
        while (k < n && v[k].reason != a->events[i].reason) k++; /* interned: same text, same pointer */
        if (k == n) v[n++] = (onc_accrual_reason_t){a->events[i].reason, 0};
        v[k].n++;
    }
    qsort(v, n, sizeof *v, cmp_reason);
    row->reasons = v, row->n_reasons = n;
    return ONC_OK;
}

static onc_rc push_row(onc_accrual_t *a, const char *trial, const char *month, size_t from, size_t to,
                       int64_t *scratch, onc_err_t *err)
{
    onc_accrual_row_t *v = realloc(a->rows, (a->n_rows + 1) * sizeof *v);
    if (!v) return oom(err);
    a->rows = v;
    onc_accrual_row_t *r = &a->rows[a->n_rows];
    memset(r, 0, sizeof *r);
    r->trial = trial;
    r->month = intern(a, month);
    if (!r->month) return oom(err);
    r->screened = distinct(a->events, from, to, K_SCREENED, scratch);
    r->enrolled = distinct(a->events, from, to, K_ENROLLED, scratch);
    r->screen_failed = distinct(a->events, from, to, K_FAILED, scratch);
    r->withdrawn = distinct(a->events, from, to, K_WITHDRAWN, scratch);
    r->eligible = distinct(a->events, from, to, K_ELIGIBLE, scratch);
    r->potential = distinct(a->events, from, to, K_POTENTIAL, scratch);
    onc_rc rc = reasons_of(a, r, from, to, err);
    if (rc == ONC_OK) a->n_rows++;
    return rc;
}

/* Rows for trial: its months (events [from, to) sorted by month), then its total. */
static onc_rc trial_rows(onc_accrual_t *a, const char *trial, size_t from, size_t to, int64_t *scratch,
                         onc_err_t *err)
{
    onc_rc rc = ONC_OK;
    for (size_t i = from; rc == ONC_OK && i < to;) {
        size_t j = i;
        while (j < to && strcmp(a->events[j].month, a->events[i].month) == 0) j++;
        rc = push_row(a, trial, a->events[i].month[0] ? a->events[i].month : "undated", i, j, scratch, err);
        i = j;
    }
    return rc == ONC_OK ? push_row(a, trial, "total", from, to, scratch, err) : rc;
}

static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

static onc_rc build_rows(onc_accrual_t *a, onc_err_t *err)
{
    if (a->n_events) qsort(a->events, a->n_events, sizeof *a->events, cmp_event); /* qsort(NULL, 0) is undefined */
    /* every trial: the registered ones (even without events) and those of the events */
    size_t n = 0;
    const char **trials = malloc((a->n_names + a->n_events + 1) * sizeof *trials);
    int64_t *scratch = malloc((a->n_events + 1) * sizeof *scratch);
    if (!trials || !scratch) return free(trials), free(scratch), oom(err);
    onc_rc rc = ONC_OK;
    for (size_t i = 0; i < a->n_names; i++)
        if (!(trials[n++] = intern(a, a->names[i].key))) rc = oom(err);
    for (size_t i = 0; i < a->n_events; i++) trials[n++] = a->events[i].trial;
    if (rc == ONC_OK) qsort(trials, n, sizeof *trials, cmp_str);
    size_t e = 0;
    for (size_t i = 0; rc == ONC_OK && i < n; i++) {
        if (i && trials[i] == trials[i - 1]) continue;
        while (e < a->n_events && strcmp(a->events[e].trial, trials[i]) < 0) e++;
        size_t f = e;
        while (f < a->n_events && a->events[f].trial == trials[i]) f++;
        rc = trial_rows(a, trials[i], e, f, scratch, err);
        e = f;
    }
    free(trials), free(scratch);
    return rc;
}

static bool month_ok(const char *m)
{
    return !m || (strlen(m) == 7 && m[4] == '-' && strspn(m, "0123456789-") == 7 && strcmp(m + 5, "01") >= 0 &&
                  strcmp(m + 5, "12") <= 0);
}

onc_rc onc_store_accrual(onc_db_t *db, const char *actor, const char *from, const char *to, onc_accrual_t **out,
                         onc_err_t *err)
{
    *out = NULL;
    onc_rc rc = store_need_transaction(db, "accrual", err);
    if (rc != ONC_OK) return rc;
    if (!month_ok(from) || !month_ok(to))
        return onc_err_set(err, ONC_EINVAL, "accrual: a month is YYYY-MM, not '%s'", !month_ok(from) ? from : to);
    onc_accrual_t *a = calloc(1, sizeof *a);
    if (!a) return oom(err);
    a->from = from, a->to = to;
    rc = read_names(a, db, err);
    if (rc == ONC_OK) rc = read_enrolments(a, db, err);
    if (rc == ONC_OK) rc = read_first_seen(a, db, err);
    if (rc == ONC_OK) rc = build_rows(a, err);
    char detail[64];
    snprintf(detail, sizeof detail, "%s to %s", from ? from : "start", to ? to : "end");
    onc_audit_entry_t e = {.actor = actor ? actor : onc_audit_os_actor(), .action = "read", .entity = "accrual",
                           .detail = detail};
    if (rc == ONC_OK) rc = onc_audit_append(db, &e, err);
    if (rc != ONC_OK) return onc_accrual_free(a), rc;
    a->from = a->to = NULL;
    *out = a;
    return ONC_OK;
}
