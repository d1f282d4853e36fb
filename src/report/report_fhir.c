/* report_fhir.c: a case as a FHIR R4 Bundle (fhir.h, docs/fhir.md).
 *
 * The bundle is a "collection" of one patient's resources: Patient, the primary cancer
 * Condition, the observations and genomics reports (report_fhir_obs.c), and a
 * MedicationStatement per agent of each therapy line. Each resource's id is a name-based UUID
 * of (patient, role of the resource), and its fullUrl the matching urn:uuid, so that an export
 * run twice gives the same bytes and every reference resolves inside the bundle. Codes come from
 * the table (report_fhir_codes.c); this file decides only which facts go where.
 */
#include "report_fhir_int.h"

#include "oncoboard/gene.h"
#include "oncoboard/oncotree.h"

#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void onc_fhir_opts_init(onc_fhir_opts_t *o) { memset(o, 0, sizeof *o); }

/* ---- identifiers ---- */

char *onc_fhir_urn(const char *patient, const char *key, char out[46])
{
    struct sha256_ctx h;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&h);
    sha256_update(&h, 15, (const uint8_t *)"oncoboard-fhir/");
    sha256_update(&h, strlen(patient), (const uint8_t *)patient);
    sha256_update(&h, 1, (const uint8_t *)"/");
    sha256_update(&h, strlen(key), (const uint8_t *)key);
    sha256_digest(&h, sizeof d, d);
    d[6] = (uint8_t)((d[6] & 0x0f) | 0x80); /* version 8: custom, here name-based on SHA-256 */
    d[8] = (uint8_t)((d[8] & 0x3f) | 0x80); /* variant 10 (RFC 9562) */
    static const char hex[] = "0123456789abcdef";
    size_t k = (size_t)snprintf(out, 46, "urn:uuid:");
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[k++] = '-';
        out[k++] = hex[d[i] >> 4];
        out[k++] = hex[d[i] & 15];
    }
    out[k] = '\0';
    return out;
}

/* ---- jansson with the allocation failures counted ---- */

static json_t *noted(fhir_ctx_t *x, json_t *v)
{
    if (!v) x->oom = 1;
    return v;
}

json_t *fx_str(fhir_ctx_t *x, const char *s) { return s ? noted(x, json_string(s)) : NULL; }
json_t *fx_obj(fhir_ctx_t *x) { return noted(x, json_object()); }
json_t *fx_arr(fhir_ctx_t *x) { return noted(x, json_array()); }
json_t *fx_num(fhir_ctx_t *x, double v) { return noted(x, json_real(v)); }
json_t *fx_int(fhir_ctx_t *x, long long v) { return noted(x, json_integer(v)); }

json_t *fx_textf(fhir_ctx_t *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    json_t *v = json_vsprintf(fmt, ap);
    va_end(ap);
    return noted(x, v);
}

void fx_put(fhir_ctx_t *x, json_t *obj, const char *key, json_t *v)
{
    if (!v) return;
    if (!obj || json_object_set_new(obj, key, v) != 0) x->oom = 1;
}

void fx_push(fhir_ctx_t *x, json_t *arr, json_t *v)
{
    if (!v) return;
    if (!arr || json_array_append_new(arr, v) != 0) x->oom = 1;
}

json_t *fx_list1(fhir_ctx_t *x, json_t *v)
{
    if (!v) return NULL;
    json_t *a = fx_arr(x);
    fx_push(x, a, v);
    return a;
}

/* ---- datatypes ---- */

json_t *fx_coding(fhir_ctx_t *x, const char *key)
{
    const onc_fhir_code_t *c = onc_fhir_code_find(x->codes, key);
    if (!c) return NULL;
    json_t *o = fx_obj(x);
    fx_put(x, o, "system", fx_str(x, c->system));
    fx_put(x, o, "code", fx_str(x, c->code));
    fx_put(x, o, "display", fx_str(x, c->display));
    return o;
}

json_t *fx_concept(fhir_ctx_t *x, const char *key, const char *text)
{
    json_t *coding = key ? fx_coding(x, key) : NULL;
    if (!coding && !text) return NULL;
    json_t *o = fx_obj(x);
    fx_put(x, o, "coding", fx_list1(x, coding));
    fx_put(x, o, "text", fx_str(x, text));
    return o;
}

json_t *fx_ref(fhir_ctx_t *x, const char *urn)
{
    json_t *o = fx_obj(x);
    fx_put(x, o, "reference", fx_str(x, urn));
    return o;
}

json_t *fx_date(fhir_ctx_t *x, onc_date_t d)
{
    char buf[11];
    return onc_date_is_missing(d) ? NULL : fx_str(x, onc_date_format(d, buf));
}

json_t *fx_quantity(fhir_ctx_t *x, double value, const char *unit_key)
{
    const onc_fhir_code_t *u = onc_fhir_code_find(x->codes, unit_key);
    json_t *o = fx_obj(x);
    fx_put(x, o, "value", fx_num(x, value));
    if (u) {
        fx_put(x, o, "unit", fx_str(x, u->display));
        fx_put(x, o, "system", fx_str(x, u->system));
        fx_put(x, o, "code", fx_str(x, u->code));
    }
    return o;
}

json_t *fx_resource(fhir_ctx_t *x, const char *type, const char *key, const char *profile_key, char urn[46])
{
    onc_fhir_urn(x->c->id, key, urn);
    json_t *r = fx_obj(x);
    fx_put(x, r, "resourceType", fx_str(x, type));
    fx_put(x, r, "id", fx_str(x, urn + 9)); /* the uuid: ids and urn:uuid fullUrls agree */
    const onc_fhir_code_t *p = profile_key ? onc_fhir_code_find(x->codes, profile_key) : NULL;
    if (p) {
        json_t *meta = fx_obj(x);
        fx_put(x, meta, "profile", fx_list1(x, fx_str(x, p->code)));
        fx_put(x, r, "meta", meta);
    }
    json_t *entry = fx_obj(x);
    fx_put(x, entry, "fullUrl", fx_str(x, urn));
    fx_put(x, entry, "resource", r);
    fx_push(x, x->entries, entry);
    return r;
}

/* ---- Patient ---- */

static void add_patient(fhir_ctx_t *x)
{
    const onc_case_t *c = x->c;
    json_t *p = fx_resource(x, "Patient", "patient", "profile:patient", x->patient_urn);
    json_t *id = fx_obj(x);
    fx_put(x, id, "value", fx_str(x, c->id));
    fx_put(x, p, "identifier", fx_list1(x, id));
    /* administrative-gender codes are FHIR's own: female | male | other | unknown */
    fx_put(x, p, "gender", fx_str(x, onc_sex_names[c->sex]));
    fx_put(x, p, "birthDate", fx_date(x, c->birth_date));
}

/* ---- Condition ---- */

static const char *tumor_name(const fhir_ctx_t *x, const char *code)
{
    const onc_tumor_type_t *t = x->opts->oncotree ? onc_oncotree_find(x->opts->oncotree, code) : NULL;
    return t ? onc_tumor_type_name(t) : code;
}

/* OncoTree is not in the table's systems cited by the IGs (neither mCODE nor Genomics Reporting
 * names an OncoTree system URI), so the code goes with the system OncoTree publishes under and
 * the name as text; no SNOMED CT code is written (no mapping could be cited). */
static json_t *oncotree_concept(fhir_ctx_t *x, const char *code)
{
    json_t *coding = fx_obj(x);
    fx_put(x, coding, "system", fx_str(x, "http://oncotree.mskcc.org"));
    fx_put(x, coding, "code", fx_str(x, code));
    const char *name = tumor_name(x, code);
    if (name != code) fx_put(x, coding, "display", fx_str(x, name));
    json_t *cc = fx_obj(x);
    fx_put(x, cc, "coding", fx_list1(x, coding));
    fx_put(x, cc, "text", fx_str(x, name));
    return cc;
}

static void add_condition(fhir_ctx_t *x)
{
    const onc_diagnosis_t *d = &x->c->diagnosis;
    if (!d->oncotree_code) return;
    char urn[46];
    json_t *r = fx_resource(x, "Condition", "condition", "profile:condition", urn);
    const onc_fhir_code_t *asserted = onc_fhir_code_find(x->codes, "ext:asserted-date");
    json_t *date = fx_date(x, d->date);
    if (asserted && date) {
        json_t *ext = fx_obj(x);
        fx_put(x, ext, "url", fx_str(x, asserted->code));
        fx_put(x, ext, "valueDateTime", date);
        fx_put(x, r, "extension", fx_list1(x, ext));
    } else {
        json_decref(date);
    }
    fx_put(x, r, "category", fx_list1(x, fx_concept(x, "category:problem-list-item", NULL)));
    fx_put(x, r, "code", oncotree_concept(x, d->oncotree_code));
    fx_put(x, r, "subject", fx_ref(x, x->patient_urn));
    if (d->stage) {
        /* the AJCC group as text: no AJCC code system URI could be cited */
        json_t *stage = fx_obj(x);
        fx_put(x, stage, "summary", fx_concept(x, NULL, d->stage));
        fx_put(x, r, "stage", fx_list1(x, stage));
    }
}

/* ---- medications ---- */

static void add_agent(fhir_ctx_t *x, size_t line, const onc_therapy_t *t, size_t j)
{
    char key[64], agent_key[300], urn[46];
    snprintf(key, sizeof key, "therapy/%zu/agent/%zu", line, j);
    const char *agent = t->agents[j];
    json_t *r = fx_resource(x, "MedicationStatement", key, NULL, urn);
    /* completed when the line ended; without an end date it may be ongoing or just not recorded */
    fx_put(x, r, "status", fx_str(x, onc_date_is_missing(t->end) ? "unknown" : "completed"));
    int n = snprintf(agent_key, sizeof agent_key, "agent:%s", agent);
    fx_put(x, r, "medicationCodeableConcept",
           fx_concept(x, n > 0 && (size_t)n < sizeof agent_key ? agent_key : NULL, agent));
    fx_put(x, r, "subject", fx_ref(x, x->patient_urn));
    json_t *period = fx_obj(x);
    fx_put(x, period, "start", fx_date(x, t->start));
    fx_put(x, period, "end", fx_date(x, t->end));
    if (json_object_size(period)) fx_put(x, r, "effectivePeriod", period);
    else json_decref(period);
    if (t->line != ONC_INT_MISSING) {
        char note[48];
        snprintf(note, sizeof note, "line of therapy %d", (int)t->line);
        json_t *ann = fx_obj(x);
        fx_put(x, ann, "text", fx_str(x, note));
        fx_put(x, r, "note", fx_list1(x, ann));
    }
}

static void add_medications(fhir_ctx_t *x)
{
    for (size_t i = 0; i < x->c->n_therapies; i++)
        for (size_t j = 0; j < x->c->therapies[i].n_agents; j++) add_agent(x, i, &x->c->therapies[i], j);
}

/* ---- the bundle ---- */

onc_rc onc_fhir_bundle(const onc_case_t *c, const onc_fhir_codes_t *codes, const onc_fhir_opts_t *opts,
                       char **out, onc_err_t *err)
{
    *out = NULL;
    if (!c || !c->id || !*c->id) return onc_err_set(err, ONC_EINVAL, "fhir: a case without an id");
    onc_fhir_opts_t defaults;
    onc_fhir_opts_init(&defaults);
    fhir_ctx_t x = {.c = c, .codes = codes, .opts = opts ? opts : &defaults};
    char urn[46];
    json_t *bundle = fx_obj(&x);
    fx_put(&x, bundle, "resourceType", fx_str(&x, "Bundle"));
    fx_put(&x, bundle, "id", fx_str(&x, onc_fhir_urn(c->id, "bundle", urn) + 9));
    fx_put(&x, bundle, "type", fx_str(&x, "collection"));
    x.entries = fx_arr(&x);
    add_patient(&x);
    add_condition(&x);
    fx_observations(&x);
    fx_genomics(&x);
    add_medications(&x);
    fx_put(&x, bundle, "entry", x.entries);
    char *text = x.oom ? NULL : json_dumps(bundle, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(bundle);
    size_t n = text ? strlen(text) : 0;
    char *with_nl = text ? realloc(text, n + 2) : NULL;
    if (!with_nl) {
        free(text);
        return onc_err_set(err, ONC_ENOMEM, "fhir: patient %s: the bundle could not be built (out of memory, or "
                                            "a text that is not UTF-8)", c->id);
    }
    with_nl[n] = '\n';
    with_nl[n + 1] = '\0';
    *out = with_nl;
    return ONC_OK;
}

const char *fx_gene_symbol(const fhir_ctx_t *x, const char *sym)
{
    return x->opts->genes && sym ? onc_genes_canonical(x->opts->genes, sym) : sym;
}
