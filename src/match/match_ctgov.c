/* match_ctgov.c: a ClinicalTrials.gov API v2 study record as a CTML skeleton (match.h).
 *
 * The record (GET /api/v2/studies/NCT...) carries the structured facts a CTML document needs:
 * ids and titles (identificationModule), the overall status (statusModule), phases
 * (designModule), conditions, arms and interventions, and sex and minimum age
 * (eligibilityModule). Those are copied into the places MatchMiner reads them (research
 * trial-matching.md 2.1): protocol_no, nct_id, short/long title, phase, _summary.status,
 * drug_list, treatment_list.step[0].arm[]. The eligibility text itself is only read for
 * suggestions (match_ctgov_text.c), which go into the step's match tree beside the structured
 * age and sex, as the text applies to every arm; when the text divides its criteria by cohort
 * and the cohorts' names are in arm labels, each arm gets its own tree instead (place_by_arm).
 *
 * A record that is not JSON, not an object, or has no protocolSection / nctId is refused with
 * the file, line and field; so is a present field of the wrong type. Absent optional fields
 * are simply left out of the skeleton (the records in shared/data have no statusModule: the
 * skeleton then says nothing about accrual, rather than guessing).
 */
#include "match_ctgov.h"

#include "oncoboard/doc.h"
#include "oncoboard/strbuf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A record is a few tens of KiB; 8 MiB leaves room and bounds the parse. */
#define CTGOV_RECORD_MAX ((size_t)8 << 20)

typedef struct rec {
    const onc_doc_t *doc;
    onc_err_t *err;
} rec_t;

/* ---- typed access with messages naming the field ---- */

static onc_rc bad_field(const rec_t *r, const json_t *obj, const char *key, const char *field, const char *msg)
{
    return onc_doc_fail(r->doc, r->err, ONC_EPARSE, onc_doc_member_line(r->doc, obj, key), field, "%s", msg);
}

/* The member key of obj when it has type `type` (NULL when absent or JSON null); a member of
 * another type is an error. */
static onc_rc member(const rec_t *r, const json_t *obj, const char *key, json_type type, const char *field,
                     json_t **out)
{
    *out = NULL;
    json_t *v = obj ? json_object_get(obj, key) : NULL;
    if (!v || json_is_null(v)) return ONC_OK;
    if (json_typeof(v) != type) {
        static const char *const names[] = {"an object", "an array", "a string", "an integer", "a number",
                                            "a boolean", "a boolean", "null"};
        char msg[64];
        snprintf(msg, sizeof msg, "should be %s", names[type]);
        return bad_field(r, obj, key, field, msg);
    }
    *out = v;
    return ONC_OK;
}

static onc_rc member_str(const rec_t *r, const json_t *obj, const char *key, const char *field, const char **out)
{
    json_t *v;
    onc_rc rc = member(r, obj, key, JSON_STRING, field, &v);
    *out = v ? json_string_value(v) : NULL;
    return rc;
}

/* ---- building ---- */

static onc_rc set_new(json_t *obj, const char *key, json_t *v, onc_err_t *err)
{
    if (!v || json_object_set_new(obj, key, v) != 0) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}

static onc_rc set_str(json_t *obj, const char *key, const char *s, onc_err_t *err)
{
    return s ? set_new(obj, key, json_string(s), err) : ONC_OK;
}

static onc_rc push_new(json_t *arr, json_t *v, onc_err_t *err)
{
    if (!v || json_array_append_new(arr, v) != 0) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}

/* Accrual as MatchMiner reads it: RECRUITING and ENROLLING_BY_INVITATION accrue; every other
 * overallStatus (NOT_YET_RECRUITING, ACTIVE_NOT_RECRUITING, COMPLETED, SUSPENDED, ...) does not. */
static const char *accrual_of(const char *overall)
{
    if (strcmp(overall, "RECRUITING") == 0 || strcmp(overall, "ENROLLING_BY_INVITATION") == 0)
        return "Open to Accrual";
    return "Closed to Accrual";
}

static onc_rc add_ids(const rec_t *r, const json_t *ps, json_t *out)
{
    json_t *id;
    onc_rc rc = member(r, ps, "identificationModule", JSON_OBJECT, "protocolSection.identificationModule", &id);
    if (rc) return rc;
    if (!id) return bad_field(r, ps, "protocolSection", "protocolSection.identificationModule", "missing");
    const char *nct, *brief, *official, *org = NULL;
    json_t *orgs;
    if ((rc = member_str(r, id, "nctId", "protocolSection.identificationModule.nctId", &nct)) ||
        (rc = member_str(r, id, "briefTitle", "protocolSection.identificationModule.briefTitle", &brief)) ||
        (rc = member_str(r, id, "officialTitle", "protocolSection.identificationModule.officialTitle", &official)) ||
        (rc = member(r, id, "orgStudyIdInfo", JSON_OBJECT, "protocolSection.identificationModule.orgStudyIdInfo",
                     &orgs)) ||
        (rc = member_str(r, orgs, "id", "protocolSection.identificationModule.orgStudyIdInfo.id", &org)))
        return rc;
    if (!nct || strncmp(nct, "NCT", 3) != 0 || strlen(nct) != 11 || strspn(nct + 3, "0123456789") != 8)
        return bad_field(r, id, "nctId", "protocolSection.identificationModule.nctId",
                         nct ? "not an NCT number (NCT and 8 digits)" : "missing");
    if ((rc = set_str(out, "protocol_no", org && *org ? org : nct, r->err)) ||
        (rc = set_str(out, "nct_id", nct, r->err)) || (rc = set_str(out, "short_title", brief, r->err)))
        return rc;
    return set_str(out, "long_title", official ? official : brief, r->err);
}

/* "PHASE1", "PHASE2" -> "I/II" as CTML writes phases; EARLY_PHASE1 is phase "0"; "NA" and
 * values it does not know are left out (a curator sees the record). */
static onc_rc add_phase(const rec_t *r, const json_t *ps, json_t *out)
{
    static const struct { const char *v2, *ctml; } map[] = {
        {"EARLY_PHASE1", "0"}, {"PHASE1", "I"}, {"PHASE2", "II"}, {"PHASE3", "III"}, {"PHASE4", "IV"}};
    json_t *design, *phases;
    onc_rc rc = member(r, ps, "designModule", JSON_OBJECT, "protocolSection.designModule", &design);
    if (rc || (rc = member(r, design, "phases", JSON_ARRAY, "protocolSection.designModule.phases", &phases)))
        return rc;
    char buf[64] = "";
    size_t i;
    json_t *p;
    json_array_foreach(phases, i, p) {
        for (size_t k = 0; json_is_string(p) && k < sizeof map / sizeof *map; k++) {
            if (strcmp(json_string_value(p), map[k].v2) != 0) continue;
            size_t len = strlen(buf);
            snprintf(buf + len, sizeof buf - len, "%s%s", len ? "/" : "", map[k].ctml);
        }
    }
    return buf[0] ? set_str(out, "phase", buf, r->err) : ONC_OK;
}

static onc_rc add_status(const rec_t *r, const json_t *ps, json_t *summary, json_t *out)
{
    json_t *sm;
    const char *overall = NULL;
    onc_rc rc = member(r, ps, "statusModule", JSON_OBJECT, "protocolSection.statusModule", &sm);
    if (rc || (rc = member_str(r, sm, "overallStatus", "protocolSection.statusModule.overallStatus", &overall)))
        return rc;
    if (!overall) return ONC_OK;
    json_t *st = json_pack("[{s:s}]", "value", accrual_of(overall));
    if ((rc = set_new(summary, "status", st, r->err))) return rc;
    return set_str(out, "status", overall, r->err); /* the registry's own word, kept */
}

/* A string array member copied as is (conditions); other items are an error. */
static onc_rc copy_strings(const rec_t *r, const json_t *obj, const char *key, const char *field, json_t *dst,
                           const char *dst_key)
{
    json_t *arr;
    onc_rc rc = member(r, obj, key, JSON_ARRAY, field, &arr);
    if (rc || !arr) return rc;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
        if (!json_is_string(v)) return bad_field(r, obj, key, field, "should hold strings");
    return set_new(dst, dst_key, json_deep_copy(arr), r->err);
}

/* Two string members of one object item of the array parent.key (arm groups, interventions). */
static onc_rc item_strings(const rec_t *r, const json_t *parent, const char *key, const char *field,
                           const json_t *item, const char *k1, const char **v1, const char *k2, const char **v2)
{
    if (!json_is_object(item)) return bad_field(r, parent, key, field, "should hold objects");
    onc_rc rc = member_str(r, item, k1, field, v1);
    return rc ? rc : member_str(r, item, k2, field, v2);
}

static onc_rc add_drugs(const rec_t *r, const json_t *aim, json_t *out)
{
    json_t *ivs, *drugs = json_array();
    const char *field = "protocolSection.armsInterventionsModule.interventions";
    onc_rc rc = set_new(out, "drug_list", json_pack("{s:o}", "drug", drugs), r->err);
    if (rc || (rc = member(r, aim, "interventions", JSON_ARRAY, field, &ivs))) return rc;
    size_t i;
    json_t *iv;
    json_array_foreach(ivs, i, iv) {
        const char *type = NULL, *name = NULL;
        if ((rc = item_strings(r, aim, "interventions", field, iv, "type", &type, "name", &name))) return rc;
        if (!name || !type || (strcmp(type, "DRUG") != 0 && strcmp(type, "BIOLOGICAL") != 0)) continue;
        if ((rc = push_new(drugs, json_pack("{s:s}", "drug_name", name), r->err))) return rc;
    }
    return ONC_OK;
}

/* One arm per arm group, in the record's order; arm_internal_id is that index. */
static onc_rc add_arms(const rec_t *r, const json_t *aim, json_t *arms)
{
    json_t *groups;
    const char *field = "protocolSection.armsInterventionsModule.armGroups";
    onc_rc rc = member(r, aim, "armGroups", JSON_ARRAY, field, &groups);
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g) {
        const char *label = NULL, *desc = NULL;
        if ((rc = item_strings(r, aim, "armGroups", field, g, "label", &label, "description", &desc))) return rc;
        if (!label) return bad_field(r, aim, "armGroups", field, "an arm group has no label");
        json_t *arm = json_pack("{s:I,s:s,s:s,s:s}", "arm_internal_id", (json_int_t)i, "arm_code", label,
                                "arm_description", desc ? desc : label, "arm_suspended", "N");
        if ((rc = push_new(arms, arm, r->err))) return rc;
    }
    return rc;
}

/* "18 Years" -> ">=18", "6 Months" -> ">=0.5" (MatchMiner's age syntax, research 2.6). */
static onc_rc age_expr(const rec_t *r, const json_t *em, const char *age, char *buf, size_t n)
{
    const char *field = "protocolSection.eligibilityModule.minimumAge";
    char *end;
    long v = strtol(age, &end, 10);
    if (end == age || v < 0 || v > 150) return bad_field(r, em, "minimumAge", field, "not a number of years");
    while (*end == ' ') end++;
    if (strncmp(end, "Year", 4) == 0) snprintf(buf, n, ">=%ld", v);
    else if (strncmp(end, "Month", 5) == 0) snprintf(buf, n, ">=%.3g", (double)v / 12.0);
    else return bad_field(r, em, "minimumAge", field, "unit is neither Years nor Months");
    return ONC_OK;
}

/* The structured eligibility (sex, minimum age) as one clinical leaf: facts of the record, so
 * no suggestion member. Age units below months (weeks, days) concern no oncology trial here
 * and are refused by age_expr. */
static onc_rc add_structured(const rec_t *r, const json_t *em, json_t *and_list)
{
    const char *sex, *min_age;
    const char *fs = "protocolSection.eligibilityModule.sex", *fa = "protocolSection.eligibilityModule.minimumAge";
    onc_rc rc;
    if ((rc = member_str(r, em, "sex", fs, &sex)) || (rc = member_str(r, em, "minimumAge", fa, &min_age))) return rc;
    json_t *clin = json_object();
    if (!clin) return onc_err_set(r->err, ONC_ENOMEM, "out of memory");
    if (min_age) {
        char buf[32];
        if ((rc = age_expr(r, em, min_age, buf, sizeof buf)) || (rc = set_str(clin, "age_numerical", buf, r->err)))
            goto done;
    }
    if (sex && strcmp(sex, "FEMALE") == 0) rc = set_str(clin, "gender", "Female", r->err);
    else if (sex && strcmp(sex, "MALE") == 0) rc = set_str(clin, "gender", "Male", r->err);
    else if (sex && strcmp(sex, "ALL") != 0) rc = bad_field(r, em, "sex", fs, "neither ALL, FEMALE nor MALE");
    if (rc || json_object_size(clin) == 0) goto done;
    rc = push_new(and_list, json_pack("{s:O}", "clinical", clin), r->err);
done:
    json_decref(clin);
    return rc;
}

/* ---- cohorts: suggestions under a sub-heading go to the arms it names ---- */

#define COHORT_KEYS_MAX 8
#define COHORT_KEY_LEN 64

/* The arm names a heading stands for: "Substudy 01 and 02" -> "Substudy 01", "Substudy 02";
 * "Subprotocol A, B, and C" -> three; "Arm A (AMG 193 ...)" -> "Arm A". A heading that does not
 * start with a word and short ids ("All Substudies") names none. */
static size_t cohort_keys(const char *h, char keys[][COHORT_KEY_LEN])
{
    size_t wl = strcspn(h, " ");
    if (wl == 0 || wl > 20 || !h[wl] || strncmp(h, "All ", 4) == 0) return 0;
    size_t n = 0;
    for (const char *p = h + wl; *p && n < COHORT_KEYS_MAX;) {
        while (*p == ' ' || *p == ',') p++;
        if (strncmp(p, "and ", 4) == 0 || strncmp(p, "or ", 3) == 0) {
            p += *p == 'a' ? 4 : 3;
            continue;
        }
        size_t il = 0;
        while (isalnum((unsigned char)p[il])) il++;
        if (il == 0 || il > 3) break;
        snprintf(keys[n++], COHORT_KEY_LEN, "%.*s %.*s", (int)wl, h, (int)il, p);
        p += il;
    }
    return n;
}

/* True when the arm label holds one of the keys as whole words. */
static bool arm_in(const char *label, char keys[][COHORT_KEY_LEN], size_t n)
{
    for (size_t k = 0; k < n; k++) {
        size_t len = strlen(keys[k]);
        for (const char *p = strstr(label, keys[k]); p; p = strstr(p + 1, keys[k]))
            if ((p == label || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[len])) return true;
    }
    return false;
}

/* Whether node belongs in arm: nodes of no cohort, or of a cohort that names no arm, belong
 * in every arm; the others in the arms they name. *named tells whether the cohort named any. */
static bool node_in_arm(const json_t *node, const json_t *arms, const json_t *arm, bool *named)
{
    const char *cohort = json_string_value(json_object_get(node, CTGOV_COHORT));
    char keys[COHORT_KEYS_MAX][COHORT_KEY_LEN];
    size_t nk = cohort ? cohort_keys(cohort, keys) : 0;
    size_t i;
    json_t *a;
    *named = false;
    json_array_foreach(arms, i, a) *named = *named || arm_in(json_string_value(json_object_get(a, "arm_code")), keys, nk);
    if (!arm) return !*named;
    return !*named || arm_in(json_string_value(json_object_get(arm, "arm_code")), keys, nk);
}

static bool has_criterion(const json_t *list, const json_t *node)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) if (ctgov_same_criterion(v, node)) return true;
    return false;
}

/* When some suggestion names arms, every arm gets its own match (the common criteria and its
 * cohort's), and the step none: MatchMiner matches each clause on its own, so a step clause
 * would list patients for criteria that only some arms share. */
static onc_rc place_by_arm(json_t *step, json_t *and_list, onc_err_t *err)
{
    json_t *arms = json_object_get(step, "arm"), *node, *arm;
    size_t i, j;
    bool named, any = false;
    json_array_foreach(and_list, i, node) {
        node_in_arm(node, arms, NULL, &named);
        any = any || named;
    }
    if (!any) return ONC_OK;
    json_array_foreach(arms, j, arm) {
        json_t *own = json_array();
        if (!own || json_object_set_new(arm, "match", json_pack("[{s:o}]", "and", own)) != 0)
            return onc_err_set(err, ONC_ENOMEM, "out of memory");
        json_array_foreach(and_list, i, node) {
            if (!node_in_arm(node, arms, arm, &named) || has_criterion(own, node)) continue;
            if (json_array_append_new(own, json_deep_copy(node)) != 0) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        }
    }
    json_object_del(step, "match");
    return ONC_OK;
}

/* Takes the cohort tags off every node of the document's arms and step. */
static void drop_cohorts(json_t *list)
{
    size_t i;
    json_t *node;
    json_array_foreach(list, i, node) json_object_del(node, CTGOV_COHORT);
}

static onc_rc add_match(const rec_t *r, const json_t *ps, const onc_match_ctx_t *ctx, json_t *step)
{
    json_t *em, *and_list = json_array();
    const char *text;
    onc_rc rc = set_new(step, "match", json_pack("[{s:o}]", "and", and_list), r->err);
    if (rc || (rc = member(r, ps, "eligibilityModule", JSON_OBJECT, "protocolSection.eligibilityModule", &em)) ||
        (rc = add_structured(r, em, and_list)) ||
        (rc = member_str(r, em, "eligibilityCriteria", "protocolSection.eligibilityModule.eligibilityCriteria",
                         &text)))
        return rc;
    if (text) {
        char where[512];
        snprintf(where, sizeof where, "%s:%llu: field protocolSection.eligibilityModule.eligibilityCriteria",
                 onc_doc_name(r->doc), (unsigned long long)onc_doc_member_line(r->doc, em, "eligibilityCriteria"));
        if ((rc = ctgov_suggest(text, ctx, and_list, where, r->err))) return rc;
    }
    if (json_array_size(and_list) == 0) {
        json_object_del(step, "match"); /* nothing to match on */
        return ONC_OK;
    }
    json_incref(and_list); /* place_by_arm may drop the step's match */
    rc = place_by_arm(step, and_list, r->err);
    size_t i;
    json_t *arm;
    json_array_foreach(json_object_get(step, "arm"), i, arm)
        drop_cohorts(json_object_get(json_array_get(json_object_get(arm, "match"), 0), "and"));
    drop_cohorts(and_list);
    json_decref(and_list);
    return rc;
}

static onc_rc build(const rec_t *r, const onc_match_ctx_t *ctx, json_t *out)
{
    json_t *root = onc_doc_root(r->doc), *ps, *aim, *cm;
    if (!json_is_object(root))
        return onc_doc_fail(r->doc, r->err, ONC_EPARSE, 1, NULL,
                            "not a ClinicalTrials.gov API v2 study record (the root is not an object)");
    onc_rc rc = member(r, root, "protocolSection", JSON_OBJECT, "protocolSection", &ps);
    if (rc) return rc;
    if (!ps)
        return onc_doc_fail(r->doc, r->err, ONC_EPARSE, 1, "protocolSection",
                            "missing: not a ClinicalTrials.gov API v2 study record");
    json_t *summary = json_object(), *arms = json_array();
    json_t *step = json_pack("{s:i,s:s,s:o}", "step_internal_id", 0, "step_code", "1", "arm", arms);
    if ((rc = set_new(out, "_summary", summary, r->err))) return json_decref(step), rc;
    if ((rc = set_new(out, "treatment_list", json_pack("{s:[o]}", "step", step), r->err)) ||
        (rc = add_ids(r, ps, out)) || (rc = add_phase(r, ps, out)) || (rc = add_status(r, ps, summary, out)) ||
        (rc = member(r, ps, "conditionsModule", JSON_OBJECT, "protocolSection.conditionsModule", &cm)) ||
        (rc = copy_strings(r, cm, "conditions", "protocolSection.conditionsModule.conditions", summary,
                           "conditions")) ||
        (rc = member(r, ps, "armsInterventionsModule", JSON_OBJECT, "protocolSection.armsInterventionsModule",
                     &aim)) ||
        (rc = add_drugs(r, aim, out)) || (rc = add_arms(r, aim, arms)) || (rc = add_match(r, ps, ctx, step)))
        return rc;
    /* ids and titles first for a reader (jansson keeps insertion order): move the rest last */
    static const char *const last[] = {"_summary", "drug_list", "treatment_list"};
    for (size_t i = 0; i < sizeof last / sizeof *last; i++) {
        json_t *v = json_incref(json_object_get(out, last[i]));
        json_object_del(out, last[i]);
        if ((rc = set_new(out, last[i], v, r->err))) return rc;
    }
    return ONC_OK;
}

json_t *onc_ctgov_to_ctml(const char *path, const onc_match_ctx_t *ctx, onc_err_t *err)
{
    onc_err_t local = {0};
    if (!err) err = &local;
    /* onc_doc_load reads JSON (or, without a .json name, YAML, JSON's superset): text that is
     * neither, or a document that is not a study object, is refused below with its line. */
    onc_doc_limits_t lim = {CTGOV_RECORD_MAX, 0, 0};
    onc_doc_t *doc = onc_doc_load(path, &lim, err);
    if (!doc) return NULL;
    json_t *out = json_object();
    rec_t r = {doc, err};
    onc_rc rc = out ? build(&r, ctx, out) : onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_doc_free(doc);
    if (rc != ONC_OK) {
        json_decref(out);
        return NULL;
    }
    return out;
}
