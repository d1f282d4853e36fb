/* match_ext_lab.c: the `lab` extension key: a laboratory value within limits, as an absolute
 * value in a stated unit or as a multiple of the upper limit of normal, measured within a time
 * window before the comparison date (docs/ctml-extensions.md).
 *
 * The most recent value of the test within the window decides. Absent, undated, or out of the
 * window is unknown, never not met. An absolute limit is compared only when the recorded unit
 * is the criterion's unit (after the spelling differences below): a creatinine in umol/L is
 * never compared with a limit in mg/dL, the outcome is unknown with a text saying so. Units are
 * not converted: a conversion factor is a clinical fact this file will not guess.
 */
#include "match_ext_int.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_WINDOW_DAYS 28 /* screening labs within 28 days of enrolment, as TrialPathfinder
                                  encodes the landmark NSCLC trials (research/trial-matching.md 4.5) */
#define MAX_WINDOW_DAYS 3650
#define UNIT_MAX 64

/* Names labs and trials use for the same test. Terminology (the LOINC component names and the
 * common abbreviations of CTCAE v5 and protocol texts), not thresholds; names outside the table
 * match when they are spelled alike (case, spaces, '_' and '-' ignored). */
static const struct {
    const char *name;
    const char *syn[5];
} lab_names[] = {
    {"ALT", {"alanine aminotransferase", "SGPT", "ALAT", NULL}},
    {"AST", {"aspartate aminotransferase", "SGOT", "ASAT", NULL}},
    {"bilirubin", {"total bilirubin", "bilirubin total", "TBIL", NULL}},
    {"neutrophils", {"ANC", "absolute neutrophil count", "neutrophil count", NULL}},
    {"platelets", {"platelet count", "PLT", NULL}},
    {"hemoglobin", {"haemoglobin", "Hb", "Hgb", NULL}},
    {"leukocytes", {"white blood cells", "WBC", "white blood cell count", NULL}},
    {"lymphocytes", {"lymphocyte count", "ALC", NULL}},
    {"creatinine", {"serum creatinine", NULL}},
    {"creatinine_clearance", {"creatinine clearance", "CrCl", NULL}},
    {"albumin", {"serum albumin", NULL}},
    {"INR", {"international normalized ratio", NULL}},
};

/* Equal ignoring ASCII case and treating ' ', '_' and '-' alike. */
static bool same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = (char)tolower((unsigned char)*a), y = (char)tolower((unsigned char)*b);
        if (x == '_' || x == '-') x = ' ';
        if (y == '_' || y == '-') y = ' ';
        if (x != y) return false;
        if (!x) return true;
    }
}

static bool is_entry(const char *name, size_t i)
{
    if (same_name(name, lab_names[i].name)) return true;
    for (size_t j = 0; lab_names[i].syn[j]; j++)
        if (same_name(name, lab_names[i].syn[j])) return true;
    return false;
}

/* The table entry of a name, or -1. */
static int lab_index(const char *name)
{
    for (size_t i = 0; name && i < sizeof lab_names / sizeof *lab_names; i++)
        if (is_entry(name, i)) return (int)i;
    return -1;
}

const char *ext_lab_canonical(const char *name)
{
    int i = lab_index(name);
    return i < 0 ? NULL : lab_names[i].name;
}

/* Is a recorded lab the criterion's test? The criterion's table entry was found when it was
 * compiled, so this costs a few comparisons per recorded lab, not a walk of the table. */
static bool lab_is(const char *recorded, const ext_lab_cond_t *l)
{
    if (!recorded) return false;
    return l->entry >= 0 ? is_entry(recorded, (size_t)l->entry) : same_name(recorded, l->name);
}

/* A unit with its spelling differences removed: spaces and a leading "x" dropped, micro signs
 * (U+00B5, U+03BC) as "u", "10e9" and "10*9" as "10^9", "G/L" (giga) as "10^9/L", then lower
 * case ("mg/dL" = "mg/dl"; the giga G is read before the case is dropped, so g/L stays grams). */
static void unit_norm(const char *u, char out[UNIT_MAX])
{
    size_t n = 0;
    if (!strcmp(u, "G/L")) u = "10^9/L";
    if (*u == 'x' || *u == 'X') u++;
    else if ((unsigned char)u[0] == 0xC3 && (unsigned char)u[1] == 0x97) u += 2; /* U+00D7 multiplication sign */
    for (; *u && n + 1 < UNIT_MAX; u++) {
        unsigned char ch = (unsigned char)*u;
        if (ch == ' ') continue;
        if ((ch == 0xC2 && (unsigned char)u[1] == 0xB5) || (ch == 0xCE && (unsigned char)u[1] == 0xBC)) {
            out[n++] = 'u', u++;
            continue;
        }
        if ((ch == '*' || ch == 'e' || ch == 'E') && n >= 2 && out[n - 2] == '1' && out[n - 1] == '0' &&
            isdigit((unsigned char)u[1])) {
            out[n++] = '^';
            continue;
        }
        out[n++] = (char)tolower(ch);
    }
    out[n] = 0;
}

static bool same_unit(const char *a, const char *b)
{
    char x[UNIT_MAX], y[UNIT_MAX];
    unit_norm(a, x);
    unit_norm(b, y);
    return !strcmp(x, y);
}

/* ---- compile ---- */

/* A number member of obj into *out (NaN when absent). */
static onc_rc number_member(const json_t *obj, const char *name, const ext_src_t *s, double *out)
{
    const json_t *v = json_object_get(obj, name);
    if (!v) return ONC_OK;
    if (!json_is_number(v) || !isfinite(json_number_value(v)) || json_number_value(v) < 0)
        return ext_fail(s, obj, name, "expected a number >= 0");
    *out = json_number_value(v);
    return ONC_OK;
}

static onc_rc lab_string(const json_t *obj, const char *name, const ext_src_t *s, char **out)
{
    const json_t *v = json_object_get(obj, name);
    if (!v) return ONC_OK;
    if (!json_is_string(v) || !*json_string_value(v) || strlen(json_string_value(v)) >= UNIT_MAX)
        return ext_fail(s, obj, name, "expected a non-empty string of at most %d bytes", UNIT_MAX - 1);
    return (*out = strdup(json_string_value(v))) ? ONC_OK : ONC_ENOMEM;
}

onc_rc ext_compile_lab(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    static const char *const allowed[] = {"name", "min", "max", "min_uln", "max_uln", "unit", "within_days", NULL};
    ext_lab_cond_t *l = &c->lab;
    if (!json_is_object(v))
        return ext_fail(s, NULL, NULL, "expected {name: TEST, min|max: N, unit: U} or {name: TEST, min_uln|max_uln: N}, "
                                       "with optional within_days");
    onc_rc rc = ext_check_members(v, s, allowed, "name, min, max, unit, min_uln, max_uln or within_days");
    if (!rc) rc = lab_string(v, "name", s, &l->name);
    if (!rc) rc = lab_string(v, "unit", s, &l->unit);
    if (!rc) rc = number_member(v, "min", s, &l->min);
    if (!rc) rc = number_member(v, "max", s, &l->max);
    if (!rc) rc = number_member(v, "min_uln", s, &l->min_uln);
    if (!rc) rc = number_member(v, "max_uln", s, &l->max_uln);
    if (rc) return rc;
    if (!l->name) return ext_fail(s, NULL, NULL, "expected name: the laboratory test (\"ALT\", \"neutrophils\")");
    l->entry = lab_index(l->name);
    bool absolute = !isnan(l->min) || !isnan(l->max);
    if (!absolute && isnan(l->min_uln) && isnan(l->max_uln))
        return ext_fail(s, NULL, NULL, "expected a limit: min, max (with unit), min_uln or max_uln");
    if (absolute && !l->unit) return ext_fail(s, NULL, NULL, "min and max need the unit they are in (unit: \"10^9/L\")");
    const json_t *w = json_object_get(v, "within_days");
    l->within_days = DEFAULT_WINDOW_DAYS;
    if (w && (!json_is_integer(w) || json_integer_value(w) < 0 || json_integer_value(w) > MAX_WINDOW_DAYS))
        return ext_fail(s, v, "within_days", "expected an integer from 0 to %d", MAX_WINDOW_DAYS);
    if (w) l->within_days = (int32_t)json_integer_value(w);
    return ONC_OK;
}

/* ---- evaluate ---- */

/* The most recent value of the test dated within the window (NULL when none); *older gets the
 * most recent one before the window, *undated one without a date. */
static const onc_lab_t *find_lab(const onc_case_t *cs, const ext_lab_cond_t *l, int32_t today, const onc_lab_t **older,
                                 const onc_lab_t **undated)
{
    const onc_lab_t *best = NULL;
    *older = *undated = NULL;
    for (size_t i = 0; i < cs->n_labs; i++) {
        const onc_lab_t *x = &cs->labs[i];
        if (!lab_is(x->name, l)) continue;
        int32_t d = onc_date_days(x->date);
        if (d == ONC_INT_MISSING) {
            *undated = x;
            continue;
        }
        if (d > today) continue; /* after the comparison date: not yet known then */
        const onc_lab_t **slot = today - d <= l->within_days ? &best : older;
        if (!*slot || d > onc_date_days((*slot)->date)) *slot = x;
    }
    return best;
}

/* One limit: value against bound (x factor, for multiples of the ULN). The text of a failure is
 * "ALT 150 U/L > 2.5 x ULN (100 U/L)" or "neutrophils 1.2 10^9/L < 1.5". */
static bool check_limit(const onc_lab_t *x, double bound, bool is_min, bool uln, onc_strbuf_t *fail)
{
    if (isnan(bound)) return true;
    double limit = uln ? bound * x->uln : bound;
    if (is_min ? x->value >= limit : x->value <= limit) return true;
    char a[32], b[32], c[32];
    const char *unit = x->unit ? x->unit : "";
    ext_say(fail, "%s %s%s%s %s ", x->name, ext_num(x->value, a), *unit ? " " : "", unit, is_min ? "<" : ">");
    if (uln) ext_say(fail, "%s x ULN (%s%s%s)", ext_num(bound, b), ext_num(limit, c), *unit ? " " : "", unit);
    else ext_say(fail, "%s", ext_num(bound, b));
    return false;
}

/* Why the limits cannot be compared, or NULL. */
static const char *not_comparable(const ext_lab_cond_t *l, const onc_lab_t *x)
{
    if (isnan(x->value)) return "has no value";
    bool absolute = !isnan(l->min) || !isnan(l->max);
    if (absolute && !x->unit) return "has no unit";
    if (absolute && !same_unit(x->unit, l->unit)) return "unit";
    if ((!isnan(l->min_uln) || !isnan(l->max_uln)) && isnan(x->uln)) return "has no upper limit of normal";
    return NULL;
}

onc_tri ext_eval_lab(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    const ext_lab_cond_t *l = &c->lab;
    int32_t today = onc_date_days(env->today);
    if (today == ONC_INT_MISSING) return ext_say(text, "no comparison date"), ONC_TRI_UNKNOWN;
    const onc_lab_t *older, *undated, *x = find_lab(env->c, l, today, &older, &undated);
    char date[11], num[32];
    if (!x) {
        ext_say(text, "no %s within %d days", l->name, (int)l->within_days);
        if (older) ext_say(text, " (last on %s)", onc_date_format(older->date, date));
        else if (undated) ext_say(text, " (one without a date)");
        return ONC_TRI_UNKNOWN;
    }
    const char *why = not_comparable(l, x);
    if (why && !strcmp(why, "unit")) {
        ext_say(text, "%s in %s on %s, criterion in %s", x->name, x->unit, onc_date_format(x->date, date), l->unit);
        return ONC_TRI_UNKNOWN;
    }
    if (why) return ext_say(text, "%s on %s %s", x->name, onc_date_format(x->date, date), why), ONC_TRI_UNKNOWN;
    onc_strbuf_t fail = ONC_STRBUF_INIT;
    bool ok = check_limit(x, l->min, true, false, &fail) && check_limit(x, l->max, false, false, &fail) &&
              check_limit(x, l->min_uln, true, true, &fail) && check_limit(x, l->max_uln, false, true, &fail);
    if (ok) ext_say(text, "%s %s%s%s", x->name, ext_num(x->value, num), x->unit ? " " : "", x->unit ? x->unit : "");
    else ext_say(text, "%s", onc_strbuf_str(&fail));
    ext_say(text, " on %s", onc_date_format(x->date, date));
    onc_strbuf_free(&fail);
    return ok ? ONC_TRI_TRUE : ONC_TRI_FALSE;
}
