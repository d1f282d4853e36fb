/* report_digest.c: a report reduced to what the tumor board decides on, and two such digests
 * compared item by item (report_digest.h).
 *
 * The digest is built from the report document rather than from the classification, so that it
 * says what the board reads (the tier shown, the therapies listed) and so that there is one
 * report construction (report_build.c) for `report` and `db reannotate`. Canonical means: keys
 * sorted, every list sorted by its identifying keys, combinations' agents sorted, evidence items
 * that say the same thing to the board (same agents, same effect) merged keeping the best tier.
 * Two builds of an unchanged report then give the same text byte for byte, and a stored text can
 * be compared years later. The comparison walks both digests' sorted lists side by side.
 */
#include "oncoboard/report_digest.h"

#include "oncoboard/classify.h"
#include "oncoboard/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const alt_keys[] = {"gene", "kind", "alteration", NULL};
static const char *const therapy_keys[] = {"agents", "effect", NULL};
static const char *const trial_keys[] = {"trial", "clause", NULL};

static const char *str_of(const json_t *o, const char *key) { return json_string_value(json_object_get(o, key)); }
static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* The strings of parts (NULL ones as "?") joined: a new string, NULL when out of memory. Names
 * are not cut: a cut could split a UTF-8 sequence. */
static char *concat(const char *const *parts, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++) len += strlen(parts[i] ? parts[i] : "?");
    char *s = malloc(len), *p = s;
    for (size_t i = 0; s && i < n; i++) {
        const char *x = parts[i] ? parts[i] : "?";
        size_t k = strlen(x);
        memcpy(p, x, k);
        p += k;
    }
    if (s) *p = '\0';
    return s;
}

/* concat as a JSON string (NULL when out of memory or not UTF-8). */
static json_t *concat_json(const char *const *parts, size_t n)
{
    char *s = concat(parts, n);
    json_t *j = s ? json_string(s) : NULL;
    free(s);
    return j;
}

/* ---- canonical order ---- */

static int cmp_keys(const json_t *a, const json_t *b, const char *const *keys)
{
    for (; *keys; keys++) {
        const char *x = str_of(a, *keys), *y = str_of(b, *keys);
        int c = strcmp(x ? x : "", y ? y : "");
        if (c) return c;
    }
    return 0;
}

/* Sorts arr's objects by keys, stably. Insertion sort: a report's lists are short (tens of
 * alterations and therapies, at most hundreds of trial clauses). */
static void sort_by(json_t *arr, const char *const *keys)
{
    size_t n = json_array_size(arr);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp_keys(json_array_get(arr, j - 1), json_array_get(arr, j), keys) > 0; j--) {
            json_t *moved = json_incref(json_array_get(arr, j - 1));
            json_array_set(arr, j - 1, json_array_get(arr, j));
            json_array_set_new(arr, j, moved);
        }
}

/* The first object of arr equal to o on keys, or NULL. */
static json_t *find_by(const json_t *arr, const json_t *o, const char *const *keys)
{
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it) if (cmp_keys(it, o, keys) == 0) return it;
    return NULL;
}

/* ---- building ---- */

/* The tier the report shows for o (an alteration or a therapy): "escat" when verified, else
 * "escat_unverified"; *verified says which. NULL when there is none. */
static const char *shown_tier(const json_t *o, bool *verified)
{
    const char *t = str_of(o, "escat");
    *verified = t != NULL;
    return t ? t : str_of(o, "escat_unverified");
}

static json_t *tier_flag(const char *tier, bool verified) { return tier ? json_boolean(verified) : json_null(); }

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* "a+b": the agents of a combination, sorted; a new string, NULL with err set. */
static char *agents_key(const json_t *agents, onc_err_t *err)
{
    size_t n = json_array_size(agents);
    const char **v = calloc(n ? n : 1, sizeof *v);
    onc_strbuf_t b = ONC_STRBUF_INIT;
    b.cap = ONC_DIGEST_TEXT_MAX;
    onc_rc rc = v ? ONC_OK : ONC_ENOMEM;
    for (size_t i = 0; v && i < n; i++) v[i] = json_string_value(json_array_get(agents, i));
    for (size_t i = 0; v && i < n; i++) v[i] = v[i] ? v[i] : "";
    if (v) qsort(v, n, sizeof *v, cmp_cstr);
    for (size_t i = 0; rc == ONC_OK && i < n; i++) {
        if (i) rc = onc_strbuf_putc(&b, '+');
        if (rc == ONC_OK) rc = onc_strbuf_puts(&b, v[i]);
    }
    free(v);
    char *s = rc == ONC_OK ? strdup(onc_strbuf_str(&b)) : NULL;
    onc_strbuf_free(&b);
    if (!s) onc_err_set(err, rc == ONC_ELIMIT ? ONC_ELIMIT : ONC_ENOMEM, "report digest: a combination's agents are too long or out of memory");
    return s;
}

/* Adds therapy t of the report to list, or lets it improve the tier of the one with the same
 * agents and effect: the board sees the best tier of a treatment. */
static onc_rc add_therapy(json_t *list, const json_t *t, onc_err_t *err)
{
    char *agents = agents_key(json_object_get(t, "agents"), err);
    if (!agents) return err->code;
    bool verified;
    const char *tier = shown_tier(t, &verified);
    json_t *d = json_pack("{s:s,s:o,s:o,s:o}", "agents", agents, "effect", str_or_null(str_of(t, "effect")), "escat",
                          str_or_null(tier), "escat_verified", tier_flag(tier, verified));
    free(agents);
    if (!d) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    json_t *same = find_by(list, d, therapy_keys);
    if (!same) return json_array_append_new(list, d) ? onc_err_set(err, ONC_ENOMEM, "out of memory") : ONC_OK;
    int old_rank = onc_escat_rank(str_of(same, "escat")), new_rank = onc_escat_rank(tier);
    bool better = new_rank < old_rank || (new_rank == old_rank && verified && json_is_false(json_object_get(same, "escat_verified")));
    if (better) {
        json_object_set(same, "escat", json_object_get(d, "escat"));
        json_object_set(same, "escat_verified", json_object_get(d, "escat_verified"));
    }
    json_decref(d);
    return ONC_OK;
}

static json_t *digest_alteration(const json_t *a, onc_err_t *err)
{
    bool verified;
    const char *tier = shown_tier(a, &verified);
    json_t *therapies = json_array();
    json_t *d = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "gene", str_or_null(str_of(a, "gene")), "kind",
                          str_or_null(str_of(a, "kind")), "alteration", str_or_null(str_of(a, "alteration")),
                          "oncogenicity", str_or_null(str_of(a, "oncogenicity")), "role", str_or_null(str_of(a, "role")),
                          "escat", str_or_null(tier), "escat_verified", tier_flag(tier, verified), "therapies",
                          json_incref(therapies));
    onc_rc rc = d && therapies ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(a, "therapies"), i, t) if (rc == ONC_OK) rc = add_therapy(therapies, t, err);
    sort_by(therapies, therapy_keys);
    json_decref(therapies);
    if (rc == ONC_OK) return d;
    json_decref(d);
    return NULL;
}

/* "step 1", "arm B", "dose 2 arm B": the clause of a Match JSON row as the board names it. */
static json_t *clause_of(const json_t *row)
{
    const char *level = str_of(row, "level"), *code = str_of(row, "code"), *arm = str_of(row, "arm");
    if (!code) code = str_of(row, "internal_id");
    bool arm_apart = arm && (!level || strcmp(level, "arm") != 0);
    const char *parts[] = {level ? level : "clause", " ", code, arm_apart ? " arm " : "", arm_apart ? arm : ""};
    return concat_json(parts, 5);
}

/* The report's trial rows as {trial, clause, status}; a clause listed twice keeps "eligible". */
static onc_rc digest_trials(const json_t *rows, json_t *out, onc_err_t *err)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        json_t *d = json_pack("{s:o,s:o,s:o}", "trial", str_or_null(str_of(row, "trial")), "clause", clause_of(row),
                              "status", str_or_null(str_of(row, "status")));
        if (!d) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        json_t *same = find_by(out, d, trial_keys);
        if (same && str_of(d, "status") && strcmp(str_of(d, "status"), "eligible") == 0)
            json_object_set(same, "status", json_object_get(d, "status"));
        if (same) json_decref(d);
        else if (json_array_append_new(out, d)) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    sort_by(out, trial_keys);
    return ONC_OK;
}

/* "EGFR L858R", the primary driver of the report's drivers, or NULL. */
static json_t *primary_driver(const json_t *drivers)
{
    size_t i;
    json_t *d;
    json_array_foreach(drivers, i, d) if (json_is_true(json_object_get(d, "primary"))) {
        const char *parts[] = {str_of(d, "gene"), " ", str_of(d, "alteration")};
        return concat_json(parts, 3);
    }
    return json_null();
}

json_t *onc_report_digest(const json_t *report, bool with_trials, onc_err_t *err)
{
    const char *group = str_of(json_object_get(report, "molecular_group"), "id");
    const json_t *alts = json_object_get(report, "alterations");
    if (!group || !json_is_array(alts) || !json_is_array(json_object_get(report, "drivers"))) {
        onc_err_set(err, ONC_EPARSE, "report digest: not a report document (molecular_group.id, drivers, alterations)");
        return NULL;
    }
    json_t *list = json_array();
    json_t *d = json_pack("{s:i,s:s,s:o,s:o}", "format", ONC_DIGEST_FORMAT, "molecular_group", group, "primary_driver",
                          primary_driver(json_object_get(report, "drivers")), "alterations", json_incref(list));
    onc_rc rc = d && list ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    size_t i;
    json_t *a;
    json_array_foreach(alts, i, a) {
        if (rc != ONC_OK) break;
        json_t *x = digest_alteration(a, err);
        if (!x) rc = err->code;
        else if (json_array_append_new(list, x)) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    sort_by(list, alt_keys);
    json_decref(list);
    if (rc == ONC_OK && with_trials) {
        json_t *trials = json_array();
        rc = trials && !json_object_set_new(d, "trials", trials) ? digest_trials(json_object_get(report, "trials"), trials, err)
                                                               : onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    if (rc == ONC_OK) return d;
    json_decref(d);
    return NULL;
}

char *onc_report_digest_text(const json_t *digest)
{
    return json_dumps(digest, JSON_COMPACT | JSON_SORT_KEYS);
}

json_t *onc_report_digest_parse(const char *text, onc_err_t *err)
{
    json_error_t je;
    json_t *d = json_loads(text, JSON_REJECT_DUPLICATES, &je);
    if (!d) {
        onc_err_set(err, ONC_EPARSE, "report digest: line %d: %s", je.line, je.text);
        return NULL;
    }
    if (!json_is_object(d) || !json_is_integer(json_object_get(d, "format")) || !str_of(d, "molecular_group") ||
        !json_is_array(json_object_get(d, "alterations"))) {
        json_decref(d);
        onc_err_set(err, ONC_EPARSE, "report digest: not a digest (format, molecular_group, alterations)");
        return NULL;
    }
    return d;
}

/* ---- comparing ---- */

typedef struct diff {
    json_t *out;
    onc_err_t *err;
    onc_rc rc;
} diff_t;

/* Appends one change; text from fmt, at most ONC_DIGEST_TEXT_MAX bytes. */
static void add_change(diff_t *d, const char *item, const char *change, const char *before, const char *after,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void add_change(diff_t *d, const char *item, const char *change, const char *before, const char *after,
                       const char *fmt, ...)
{
    if (d->rc != ONC_OK) return;
    char text[ONC_DIGEST_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof text) {
        d->rc = onc_err_set(d->err, ONC_ELIMIT, "report digest: the explanation of a change of %.80s passes %d bytes",
                            item, ONC_DIGEST_TEXT_MAX);
        return;
    }
    json_t *c = json_pack("{s:s,s:s,s:o,s:o,s:s}", "item", item, "change", change, "before", str_or_null(before),
                          "after", str_or_null(after), "text", text);
    if (!c || json_array_append_new(d->out, c))
        d->rc = onc_err_set(d->err, ONC_ENOMEM, "report digest: a change of %.80s: out of memory or not UTF-8", item);
}

static bool same_str(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

/* "I-A", "I-A not verified" or "no tier", into buf (tiers are the kb's short vocabulary). */
static const char *tier_words(const json_t *o, char *buf, size_t n)
{
    const char *tier = str_of(o, "escat");
    if (!tier) snprintf(buf, n, "no tier");
    else snprintf(buf, n, "%.40s%s", tier, json_is_false(json_object_get(o, "escat_verified")) ? " not verified" : "");
    return buf;
}

static bool same_tier(const json_t *a, const json_t *b)
{
    return same_str(str_of(a, "escat"), str_of(b, "escat")) &&
           json_is_true(json_object_get(a, "escat_verified")) == json_is_true(json_object_get(b, "escat_verified"));
}

/* "(I-A not verified)", "(resistant)", "(resistant, II-B)": what a therapy says, for added and
 * removed lines. */
static const char *therapy_words(const json_t *t, char *buf, size_t n)
{
    char tier[64];
    const char *effect = str_of(t, "effect");
    bool sensitive = effect && strcmp(effect, "sensitive") == 0, tiered = str_of(t, "escat") != NULL;
    snprintf(buf, n, "%.20s%s%s", sensitive ? "" : effect ? effect : "effect unknown", !sensitive && tiered ? ", " : "",
             sensitive || tiered ? tier_words(t, tier, sizeof tier) : "");
    return buf;
}

/* Walks two lists sorted by keys side by side: fn(d, a, b, ctx) per item, a or b NULL when
 * only one side has it. */
typedef void (*pair_fn)(diff_t *d, const json_t *a, const json_t *b, const char *label);
static void walk(diff_t *d, const json_t *before, const json_t *after, const char *const *keys, pair_fn fn,
                 const char *label)
{
    size_t i = 0, j = 0, n = json_array_size(before), m = json_array_size(after);
    while (d->rc == ONC_OK && (i < n || j < m)) {
        const json_t *a = i < n ? json_array_get(before, i) : NULL, *b = j < m ? json_array_get(after, j) : NULL;
        int c = !a ? 1 : !b ? -1 : cmp_keys(a, b, keys);
        fn(d, c <= 0 ? a : NULL, c >= 0 ? b : NULL, label);
        i += c <= 0;
        j += c >= 0;
    }
}

static void therapy_pair(diff_t *d, const json_t *a, const json_t *b, const char *label)
{
    char words[128], ta[64], tb[64];
    const json_t *t = a ? a : b;
    const char *agents = str_of(t, "agents");
    if (!a)
        add_change(d, label, "therapy_added", NULL, agents, "%s: therapy %s added (%s)", label, agents,
                   therapy_words(b, words, sizeof words));
    else if (!b)
        add_change(d, label, "therapy_removed", agents, NULL, "%s: therapy %s removed (was %s)", label, agents,
                   therapy_words(a, words, sizeof words));
    else if (!same_tier(a, b))
        add_change(d, label, "therapy_escat", tier_words(a, ta, sizeof ta), tier_words(b, tb, sizeof tb),
                   "%s: therapy %s ESCAT %s -> %s", label, agents, ta, tb);
}

/* "oncogenicity Likely Oncogenic -> Oncogenic" for one field of an alteration. */
static void field_change(diff_t *d, const char *label, const json_t *a, const json_t *b, const char *key, const char *words)
{
    const char *x = str_of(a, key), *y = str_of(b, key);
    if (!same_str(x, y))
        add_change(d, label, key, x, y, "%s: %s %s -> %s", label, words, x ? x : "none", y ? y : "none");
}

static void alteration_pair(diff_t *d, const json_t *a, const json_t *b, const char *unused)
{
    (void)unused;
    const json_t *x = a ? a : b;
    char ta[64], tb[64];
    const char *parts[] = {str_of(x, "gene"), " ", str_of(x, "alteration") ? str_of(x, "alteration") : str_of(x, "kind")};
    char *label = concat(parts, 3);
    if (!label) {
        d->rc = onc_err_set(d->err, ONC_ENOMEM, "out of memory");
        return;
    }
    if (!a || !b) {
        const char *onc = str_of(x, "oncogenicity"), *role = str_of(x, "role");
        if (!a)
            add_change(d, label, "alteration_added", NULL, label, "%s: new in the report (%s, %s, ESCAT %s)", label,
                       onc ? onc : "oncogenicity unknown", role ? role : "role unknown", tier_words(b, tb, sizeof tb));
        else add_change(d, label, "alteration_removed", label, NULL, "%s: no longer in the report", label);
        free(label);
        return;
    }
    field_change(d, label, a, b, "oncogenicity", "oncogenicity");
    field_change(d, label, a, b, "role", "role");
    if (!same_tier(a, b))
        add_change(d, label, "escat", tier_words(a, ta, sizeof ta), tier_words(b, tb, sizeof tb), "%s: ESCAT %s -> %s",
                   label, ta, tb);
    walk(d, json_object_get(a, "therapies"), json_object_get(b, "therapies"), therapy_keys, therapy_pair, label);
    free(label);
}

static void trial_pair(diff_t *d, const json_t *a, const json_t *b, const char *unused)
{
    (void)unused;
    const json_t *x = a ? a : b;
    const char *parts[] = {"trial ", str_of(x, "trial"), " ", str_of(x, "clause")};
    char *label = concat(parts, 4);
    if (!label) {
        d->rc = onc_err_set(d->err, ONC_ENOMEM, "out of memory");
        return;
    }
    const char *sa = a ? str_of(a, "status") : NULL, *sb = b ? str_of(b, "status") : NULL;
    bool potential_b = sb && strcmp(sb, "potential") == 0;
    if (!a) add_change(d, label, "trial_added", NULL, sb, "%s newly %s", label, potential_b ? "potentially eligible" : "eligible");
    else if (!b)
        add_change(d, label, "trial_removed", sa, NULL, "%s no longer eligible or potentially eligible (was %s)", label,
                   sa ? sa : "?");
    else if (!same_str(sa, sb))
        add_change(d, label, "trial_status", sa, sb, "%s: %s -> %s", label, sa ? sa : "?", sb ? sb : "?");
    free(label);
}

static onc_rc check_format(const json_t *digest, onc_err_t *err)
{
    json_int_t f = json_integer_value(json_object_get(digest, "format"));
    if (f == ONC_DIGEST_FORMAT) return ONC_OK;
    return onc_err_set(err, ONC_EPARSE, "report digest of format %lld: this oncoboard compares format %d", (long long)f,
                       ONC_DIGEST_FORMAT);
}

json_t *onc_report_digest_diff(const json_t *before, const json_t *after, onc_err_t *err)
{
    if (check_format(before, err) != ONC_OK || check_format(after, err) != ONC_OK) return NULL;
    diff_t d = {json_array(), err, ONC_OK};
    if (!d.out) {
        onc_err_set(err, ONC_ENOMEM, "out of memory");
        return NULL;
    }
    const char *ga = str_of(before, "molecular_group"), *gb = str_of(after, "molecular_group");
    if (!same_str(ga, gb))
        add_change(&d, "molecular group", "molecular_group", ga, gb, "molecular group %s -> %s", ga ? ga : "none",
                   gb ? gb : "none");
    const char *pa = str_of(before, "primary_driver"), *pb = str_of(after, "primary_driver");
    if (!same_str(pa, pb))
        add_change(&d, "primary driver", "primary_driver", pa, pb, "primary driver %s -> %s", pa ? pa : "none",
                   pb ? pb : "none");
    walk(&d, json_object_get(before, "alterations"), json_object_get(after, "alterations"), alt_keys, alteration_pair, NULL);
    const json_t *ta = json_object_get(before, "trials"), *tb = json_object_get(after, "trials");
    if (json_is_array(ta) && json_is_array(tb)) walk(&d, ta, tb, trial_keys, trial_pair, NULL);
    if (d.rc == ONC_OK) return d.out;
    json_decref(d.out);
    return NULL;
}
