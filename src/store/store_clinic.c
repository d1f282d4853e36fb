/* store_clinic.c: the patient list of the clinic's forms (onc_clinic_patients, store_clinic.h),
 * and what the forms' files share (store_clinic_int.h: their transaction, date and text checks).
 *
 * The list is two statements put together from this file's constant fragments, one fragment per
 * filter given, every value bound: the count of the patients the filter selects, then the page in
 * external-id order (bytewise on SQLite, and on PostgreSQL with the C collation that
 * docs/registry.md asks for). Each filter is a set of patient keys computed once from its own
 * table (report_snapshots, match_results, enrolments, tumor_board_patients, diagnoses), and one
 * pass over the patients keeps those in every set: a subquery per patient would cost 10,000 index
 * searches per filter, which PostgreSQL pays dearly (docs/registry.md "The clinic's forms" has
 * the figures). A patient's molecular group is the molecular_group column of their newest
 * snapshot (highest id), copied out of the digest when the snapshot was stored.
 */
#include "store_clinic_int.h"

#include "oncoboard/strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared by the forms ---- */

onc_rc clinic_begin(onc_db_t *db, const char *what, bool *own, onc_err_t *err)
{
    *own = false;
    if (!db) return onc_err_set(err, ONC_EINVAL, "%s: no database", what);
    if (onc_db_in_transaction(db)) return ONC_OK;
    onc_rc rc = onc_db_begin(db, err);
    *own = rc == ONC_OK;
    return rc;
}

onc_rc clinic_end(onc_db_t *db, bool own, onc_rc rc, onc_err_t *err)
{
    if (!own) return rc;
    if (rc != ONC_OK) {
        (void)onc_db_rollback(db, NULL);
        return rc;
    }
    return onc_audit_commit(db, err);
}

void clinic_today(char buf[11])
{
    char now[32];
    store_now(now);
    memcpy(buf, now, 10);
    buf[10] = '\0';
}

onc_rc clinic_date(const char *s, const char *field, bool not_future, onc_date_t *out, onc_err_t *err)
{
    onc_err_t why = {0};
    if (!s || onc_date_parse(s, out, &why) != ONC_OK)
        return onc_err_set(err, ONC_EINVAL, "field %s: %s", field, s ? why.msg : "a date is required");
    char today[11];
    clinic_today(today);
    if (not_future && strcmp(s, today) > 0)
        return onc_err_set(err, ONC_EINVAL, "field %s: %s is in the future (today is %s, UTC)", field, s, today);
    return ONC_OK;
}

/* The length of the UTF-8 character at p (1-4), 0 when it is not one (overlong forms,
 * surrogates and values past U+10FFFF are not). */
static size_t utf8_char(const unsigned char *p)
{
    if (p[0] < 0x80) return 1;
    size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || p[0] > 0xF4) return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0) || (p[0] == 0xF0 && p[1] < 0x90) ||
        (p[0] == 0xF4 && p[1] >= 0x90))
        return 0;
    return n;
}

onc_rc clinic_text(const char *s, const char *field, size_t min, size_t max, onc_err_t *err)
{
    size_t len = s ? strnlen(s, max + 1) : 0;
    if (len < min) return onc_err_set(err, ONC_EINVAL, "field %s: at least %zu bytes are required", field, min);
    if (len > max) return onc_err_set(err, ONC_EINVAL, "field %s: longer than %zu bytes", field, max);
    for (size_t i = 0; i < len;) {
        size_t n = utf8_char((const unsigned char *)s + i);
        if (!n) return onc_err_set(err, ONC_EINVAL, "field %s: byte %zu is not UTF-8", field, i + 1);
        i += n;
    }
    return ONC_OK;
}

void clinic_clip(char *buf, size_t cap, const char *s)
{
    size_t len = strlen(s), n = len < cap ? len : cap - 1;
    while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* not inside a character */
    memcpy(buf, s, n);
    buf[n] = '\0';
}

onc_rc clinic_audit(onc_db_t *db, const char *actor, const char *action, const char *entity, const char *entity_id,
                    const char *patient, const char *detail, onc_err_t *err)
{
    onc_audit_entry_t e = {.actor = actor ? actor : onc_audit_os_actor(),
                           .action = action,
                           .entity = entity,
                           .entity_id = entity_id,
                           .patient_id = patient,
                           .detail = detail};
    return onc_audit_append(db, &e, err);
}

onc_rc clinic_one_row(onc_db_stmt_t *st, bool *row, int64_t *v, onc_err_t *err)
{
    onc_rc rc = onc_db_step(st, row, err);
    if (rc == ONC_OK && *row && v) *v = onc_db_column_int64(st, 0);
    onc_db_finalize(st);
    return rc;
}

onc_rc clinic_patient_changed(onc_db_t *db, int64_t pid, onc_err_t *err)
{
    static const char *const sqls[2] = {"UPDATE case_sources SET current = 0 WHERE patient_id = ?",
                                        "UPDATE patients SET updated_at = ? WHERE id = ?"};
    onc_db_stmt_t *st[2];
    char now[32];
    store_now(now);
    onc_rc rc = store_prepare_all(db, sqls, st, 2, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st[0], 1, pid, err);
    if (rc == ONC_OK) rc = store_run(st[0], err);
    if (rc == ONC_OK) rc = onc_db_bind_text(st[1], 1, now, err);
    if (rc == ONC_OK) rc = onc_db_bind_int64(st[1], 2, pid, err);
    if (rc == ONC_OK) rc = store_run(st[1], err);
    store_finalize_all(st, 2);
    return rc;
}

/* ---- the patient list ---- */

#define LIST_TEXT_MAX 200   /* bytes of the text filter */
#define LIST_LIMIT_DEFAULT 100
#define LIST_LIMIT_MAX 1000

void onc_patient_filter_init(onc_patient_filter_t *f)
{
    memset(f, 0, sizeof *f);
}

#define NEWEST_GROUP \
    "(SELECT s.molecular_group FROM report_snapshots s WHERE s.patient_id = p.id ORDER BY s.id DESC LIMIT 1)"
/* e is its patient's latest row for its trial: the case file lists a trial's rows in order */
#define LATEST_ENROLMENT                                                                                   \
    "NOT EXISTS (SELECT 1 FROM enrolments l WHERE l.patient_id = e.patient_id AND l.trial = e.trial "      \
    "AND l.ordinal > e.ordinal)"

/* The page's columns, in onc_patient_row_t's order; one value: today (for next_board). */
static const char page_head[] =
    "SELECT p.external_id, p.sex, p.age, p.birth_date, "
    "(SELECT d.oncotree_code FROM diagnoses d WHERE d.patient_id = p.id ORDER BY d.ordinal LIMIT 1), "
    "(SELECT d.stage FROM diagnoses d WHERE d.patient_id = p.id ORDER BY d.ordinal LIMIT 1), " NEWEST_GROUP ", "
    "p.vital_status, "
    "(SELECT count(DISTINCT m.trial_key) FROM match_results m WHERE m.patient_id = p.id AND m.still_valid = 1 "
    "AND m.status = 'eligible'), "
    "(SELECT min(e.trial) FROM enrolments e WHERE e.patient_id = p.id AND e.status = 'enrolled' AND " LATEST_ENROLMENT "), "
    "(SELECT min(b.meets_on) FROM tumor_board_patients bp JOIN tumor_boards b ON b.id = bp.board_id "
    "WHERE bp.patient_id = p.id AND b.meets_on >= ?), "
    "p.updated_at FROM patients p WHERE 1 = 1";
enum { C_ID, C_SEX, C_AGE, C_BIRTH, C_CODE, C_STAGE, C_GROUP, C_VITAL, C_ELIGIBLE, C_ENROLLED, C_NEXT, C_UPDATED };
static const char count_head[] = "SELECT count(*) FROM patients p WHERE 1 = 1";
static const char page_tail[] = " ORDER BY p.external_id LIMIT ? OFFSET ?";

/* The filters' fragments, each with the values it binds. Each is a set of patients computed once
 * (`p.id IN (SELECT ...)`, uncorrelated), not a subquery per patient: both back ends build the
 * set from the filter's own rows (a hash on PostgreSQL, an index on SQLite) and then go through
 * the patients once. */
static const char f_text[] = " AND (lower(p.external_id) LIKE ? ESCAPE '!' OR p.id IN (SELECT d.patient_id FROM "
                             "diagnoses d WHERE lower(d.oncotree_code) LIKE ? ESCAPE '!'))";
/* the snapshot s of that group is its patient's newest */
static const char f_group[] = " AND p.id IN (SELECT s.patient_id FROM report_snapshots s WHERE s.molecular_group = ? "
                              "AND NOT EXISTS (SELECT 1 FROM report_snapshots n WHERE n.patient_id = s.patient_id "
                              "AND n.id > s.id))";
static const char f_no_group[] = " AND p.id NOT IN (SELECT s.patient_id FROM report_snapshots s)";
static const char f_eligible[] = " AND p.id IN (SELECT m.patient_id FROM match_results m WHERE m.still_valid = 1 "
                                 "AND m.status = 'eligible'";
static const char f_eligible_trial[] = " AND m.trial_key = ?";
static const char f_enrolment[] = " AND p.id IN (SELECT e.patient_id FROM enrolments e WHERE e.status = ? AND "
                                  LATEST_ENROLMENT;
/* an enrolment names its trial as the unit wrote it: the key, or the NCT id or protocol number */
static const char f_enrolment_trial[] = " AND (e.trial = ? OR e.trial IN (SELECT t.nct_id FROM trials t WHERE "
                                        "t.trial_key = ?) OR e.trial IN (SELECT t.protocol_no FROM trials t WHERE "
                                        "t.trial_key = ?))";
static const char f_close[] = ")";
static const char f_board[] = " AND p.id IN (SELECT bp.patient_id FROM tumor_board_patients bp WHERE bp.board_id = ?)";
/* the next meeting: every meeting on the first date on or after today */
static const char f_next_board[] = " AND p.id IN (SELECT bp.patient_id FROM tumor_board_patients bp JOIN tumor_boards "
                                   "b ON b.id = bp.board_id WHERE b.meets_on = (SELECT min(n.meets_on) FROM "
                                   "tumor_boards n WHERE n.meets_on >= ?))";

typedef struct list_query {
    const onc_patient_filter_t *f;
    char pattern[2 * LIST_TEXT_MAX + 3]; /* "%text%", lower-case, LIKE's metacharacters escaped */
    char today[11];
    onc_strbuf_t *sql;                   /* appending the fragments, or */
    store_binder_t *b;                   /* binding their values */
    onc_rc rc;
} list_query_t;

static void frag(list_query_t *q, const char *s)
{
    if (q->sql && q->rc == ONC_OK) q->rc = onc_strbuf_puts(q->sql, s);
}

static void val_text(list_query_t *q, const char *s)
{
    if (q->b) sb_text(q->b, s);
}

/* The WHERE fragments of the filter (q->sql), or their values (q->b): one walk for both, so that
 * the two agree. */
static void filters(list_query_t *q)
{
    const onc_patient_filter_t *f = q->f;
    if (f->text) frag(q, f_text), val_text(q, q->pattern), val_text(q, q->pattern);
    if (f->group && strcmp(f->group, "none") == 0) frag(q, f_no_group);
    else if (f->group) frag(q, f_group), val_text(q, f->group);
    if (f->trial_status && strcmp(f->trial_status, "eligible") == 0) {
        frag(q, f_eligible);
        if (f->trial) frag(q, f_eligible_trial), val_text(q, f->trial);
        frag(q, f_close);
    } else if (f->trial_status) {
        frag(q, f_enrolment), val_text(q, f->trial_status);
        if (f->trial) frag(q, f_enrolment_trial), val_text(q, f->trial), val_text(q, f->trial), val_text(q, f->trial);
        frag(q, f_close);
    }
    if (f->board_id) {
        frag(q, f_board);
        if (q->b) sb_i64(q->b, f->board_id);
    }
    if (f->next_board) frag(q, f_next_board), val_text(q, q->today);
}

static onc_rc check_filter(const onc_patient_filter_t *f, onc_err_t *err)
{
    onc_rc rc = f->text ? clinic_text(f->text, "text", 0, LIST_TEXT_MAX, err) : ONC_OK;
    if (rc == ONC_OK && f->group) rc = clinic_text(f->group, "group", 1, 64, err);
    if (rc != ONC_OK) return rc;
    if (f->trial_status && strcmp(f->trial_status, "eligible") != 0 && !store_enum_of(onc_enrol_status_names, f->trial_status))
        return onc_err_set(err, ONC_EINVAL,
                           "field trial_status: '%.40s' is none of eligible, screening, enrolled, screen_failed, withdrawn",
                           f->trial_status);
    if (f->trial && !f->trial_status)
        return onc_err_set(err, ONC_EINVAL, "field trial: a trial is filtered on with a trial_status");
    if (f->trial) rc = clinic_text(f->trial, "trial", 1, 200, err);
    if (rc == ONC_OK && f->board_id < 0) rc = onc_err_set(err, ONC_EINVAL, "field board_id: %lld is not a meeting", (long long)f->board_id);
    return rc;
}

/* "%text%" for LIKE: ASCII lower-cased (as SQLite's and the C locale's lower()), with !, % and _
 * escaped by '!'. */
static void like_pattern(const char *text, char *out)
{
    size_t n = 0;
    out[n++] = '%';
    for (const char *p = text; *p; p++) {
        if (*p == '!' || *p == '%' || *p == '_') out[n++] = '!';
        out[n++] = (char)tolower((unsigned char)*p);
    }
    out[n++] = '%';
    out[n] = '\0';
}

/* The filter's statement: head, the fragments, tail (may be ""), prepared in *st. */
static onc_rc prepare_list(onc_db_t *db, list_query_t *q, const char *head, const char *tail, onc_db_stmt_t **st,
                           onc_err_t *err)
{
    onc_strbuf_t sql = ONC_STRBUF_INIT;
    sql.cap = 8192;
    q->sql = &sql, q->b = NULL, q->rc = onc_strbuf_puts(&sql, head);
    filters(q);
    frag(q, tail);
    onc_rc rc = q->rc == ONC_OK ? onc_db_prepare(db, onc_strbuf_str(&sql), st, err)
                                : onc_err_set(err, ONC_EINTERNAL, "patient list: the query is too long");
    onc_strbuf_free(&sql);
    q->sql = NULL;
    return rc;
}

static onc_rc count_patients(onc_db_t *db, list_query_t *q, size_t *total, onc_err_t *err)
{
    onc_db_stmt_t *st = NULL;
    onc_rc rc = prepare_list(db, q, count_head, "", &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    q->b = &b;
    if (rc == ONC_OK) filters(q), rc = b.rc;
    bool row = false;
    int64_t n = 0;
    if (rc == ONC_OK) rc = clinic_one_row(st, &row, &n, err);
    else onc_db_finalize(st);
    *total = (size_t)n;
    return rc;
}

/* Age today from the birth date, else the age the case gave. */
static int age_of(onc_db_stmt_t *st, const char *today)
{
    onc_date_t birth, now;
    onc_err_t ignored = {0};
    const char *b = onc_db_column_text(st, C_BIRTH);
    if (b && onc_date_parse(b, &birth, &ignored) == ONC_OK && onc_date_parse(today, &now, &ignored) == ONC_OK) {
        int years = now.year - birth.year - (now.month < birth.month || (now.month == birth.month && now.day < birth.day));
        return years >= 0 ? years : ONC_INT_MISSING;
    }
    return onc_db_column_is_null(st, C_AGE) ? ONC_INT_MISSING : (int)onc_db_column_int64(st, C_AGE);
}

static onc_rc list_page(onc_db_t *db, list_query_t *q, onc_patient_row_fn fn, void *ctx, size_t *given, onc_err_t *err)
{
    const onc_patient_filter_t *f = q->f;
    size_t limit = f->limit == 0 ? LIST_LIMIT_DEFAULT : f->limit > LIST_LIMIT_MAX ? LIST_LIMIT_MAX : f->limit;
    onc_db_stmt_t *st = NULL;
    onc_rc rc = prepare_list(db, q, page_head, page_tail, &st, err);
    store_binder_t b;
    sb_start(&b, st, err);
    q->b = &b;
    if (rc == ONC_OK) {
        sb_text(&b, q->today);
        filters(q);
        sb_i64(&b, (int64_t)limit);
        sb_i64(&b, f->offset > INT64_MAX ? INT64_MAX : (int64_t)f->offset);
        rc = b.rc;
    }
    bool row = true;
    while (rc == ONC_OK && (rc = onc_db_step(st, &row, err)) == ONC_OK && row) {
        onc_patient_row_t r = {
            .external_id = onc_db_column_text(st, C_ID),
            .sex = onc_db_column_text(st, C_SEX),
            .age = age_of(st, q->today),
            .oncotree_code = onc_db_column_text(st, C_CODE),
            .stage = onc_db_column_text(st, C_STAGE),
            .group = onc_db_column_text(st, C_GROUP),
            .vital_status = onc_db_column_text(st, C_VITAL),
            .eligible_trials = (size_t)onc_db_column_int64(st, C_ELIGIBLE),
            .enrolled_trial = onc_db_column_text(st, C_ENROLLED),
            .next_board = onc_db_column_text(st, C_NEXT),
            .updated_at = onc_db_column_text(st, C_UPDATED),
        };
        (*given)++;
        if (fn && fn(&r, ctx) != 0) break;
    }
    onc_db_finalize(st);
    return rc;
}

/* What the audit entry says the filter was, and what it gave. */
static void list_detail(const onc_patient_filter_t *f, size_t given, size_t total, char *buf, size_t cap)
{
    char text[64] = "", trial[64] = "";
    if (f->text) clinic_clip(text, sizeof text, f->text);
    if (f->trial) clinic_clip(trial, sizeof trial, f->trial);
    /* at most 13 + 72 + 71 + 14 + 68 + 29 + 13 + 60 bytes: within cap (512) */
    int n = snprintf(buf, cap, "patient list:");
    if (f->text) n += snprintf(buf + n, cap - (size_t)n, " text \"%s\"", text);
    if (f->group) n += snprintf(buf + n, cap - (size_t)n, " group %s", f->group);
    if (f->trial_status) n += snprintf(buf + n, cap - (size_t)n, " %s", f->trial_status);
    if (f->trial) n += snprintf(buf + n, cap - (size_t)n, " for %s", trial);
    if (f->board_id) n += snprintf(buf + n, cap - (size_t)n, " meeting %lld", (long long)f->board_id);
    if (f->next_board) n += snprintf(buf + n, cap - (size_t)n, " next meeting");
    snprintf(buf + n, cap - (size_t)n, "; %zu of %zu patients from %zu", given, total, f->offset);
}

onc_rc onc_clinic_patients(onc_db_t *db, const char *actor, const onc_patient_filter_t *f, onc_patient_row_fn fn,
                           void *ctx, size_t *total, onc_err_t *err)
{
    onc_patient_filter_t none;
    if (!f) onc_patient_filter_init(&none), f = &none;
    if (total) *total = 0;
    onc_rc rc = check_filter(f, err);
    if (rc != ONC_OK) return rc;
    onc_patient_filter_t copy = *f;
    if (copy.text && !*copy.text) copy.text = NULL; /* an empty text selects everyone: no filter */
    list_query_t q = {.f = &copy};
    if (copy.text) like_pattern(copy.text, q.pattern);
    clinic_today(q.today);
    bool own = false;
    size_t n_total = 0, given = 0;
    rc = clinic_begin(db, "patient list", &own, err);
    if (rc == ONC_OK) rc = count_patients(db, &q, &n_total, err);
    if (rc == ONC_OK) rc = list_page(db, &q, fn, ctx, &given, err);
    char detail[512];
    list_detail(q.f, given, n_total, detail, sizeof detail);
    if (rc == ONC_OK) rc = clinic_audit(db, actor, "read", "patient", NULL, NULL, detail, err);
    rc = clinic_end(db, own, rc, err);
    if (rc == ONC_OK && total) *total = n_total;
    return rc;
}
