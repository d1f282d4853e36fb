/* match_mmcase.c: a MatchMiner patient written as a case file (version 1), for the registry.
 *
 * `db import --format matchminer` registers one patient per clinical document. The registry
 * keeps the documents themselves (matching reads them again, so it decides exactly as on the
 * files) and, for everything else oncoboard does with a patient (report, exports, statistics),
 * the case those documents describe. It is written as case-file JSON and read back by the case
 * loader, so that the one set of normalisations and checks applies (docs/case-format.md).
 *
 * What a case can say is taken; the rest stays in the documents only and is listed in
 * docs/matchminer-input.md: MatchMiner's GENDER "Male"/"Female" -> sex; BIRTH_DATE_INT or
 * BIRTH_DATE; the resolved OncoTree node's code; TMB; MMR_STATUS in MatchMiner's own two
 * spellings, which name the MSI status ("Proficient (MMR-P / MSS)" -> MSS, "Deficient (MMR-D /
 * MSI-H)" -> MSI-H); mutations whose protein change parses, copy-number calls, structured
 * structural variants as fusions. Signatures, wild-type calls, free-text SV comments, exons,
 * tiers and the vital status have no place in a case file.
 */
#include "match/match_patient.h"

#include "oncoboard/gene.h"
#include "oncoboard/hgvs.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* key: value (jansson takes the reference); -1 when out of memory (value NULL). */
static int set_new(json_t *o, const char *key, json_t *value)
{
    return json_object_set_new(o, key, value);
}

/* key: s, unless s is NULL (nothing to say). */
static int set_text(json_t *o, const char *key, const char *s)
{
    return s ? set_new(o, key, json_string(s)) : 0;
}

static const char *sex_of(const char *gender)
{
    if (!gender) return NULL;
    if (!strcasecmp(gender, "male")) return "male";
    if (!strcasecmp(gender, "female")) return "female";
    return NULL;
}

static const char *msi_of(const char *mmr_status)
{
    if (!mmr_status) return NULL;
    if (!strcmp(mmr_status, "Proficient (MMR-P / MSS)")) return "MSS";
    if (!strcmp(mmr_status, "Deficient (MMR-D / MSI-H)")) return "MSI-H";
    return NULL;
}

static const char *cna_call(onc_alt_kind kind)
{
    switch (kind) {
    case ONC_KIND_AMPLIFICATION: return "amplification";
    case ONC_KIND_GAIN: return "gain";
    case ONC_KIND_LOSS: return "loss";
    case ONC_KIND_DELETION: return "deletion";
    default: return NULL;
    }
}

static int patient_fields(const onc_match_patient_t *p, json_t *c)
{
    char date[11];
    int rc = set_text(c, "id", p->id);
    rc |= set_new(c, "case_format", json_integer(1));
    rc |= set_text(c, "sex", sex_of(p->gender));
    if (!onc_date_is_missing(p->birth_date)) rc |= set_text(c, "birth_date", onc_date_format(p->birth_date, date));
    if (p->age != ONC_INT_MISSING && p->age >= 0 && p->age <= 130) rc |= set_new(c, "age", json_integer(p->age));
    if (p->tumor_type) {
        json_t *d = json_object();
        rc |= d ? set_text(d, "oncotree_code", onc_tumor_type_code(p->tumor_type)) | set_new(c, "diagnosis", d) : -1;
    }
    json_t *b = json_object();
    if (!b) return -1;
    if (p->tmb == p->tmb && p->tmb >= 0 && p->tmb <= 10000) rc |= set_new(b, "tmb", json_real(p->tmb));
    rc |= set_text(b, "msi", msi_of(p->mmr_status));
    rc |= json_object_size(b) ? set_new(c, "biomarkers", b) : (json_decref(b), 0);
    return rc;
}

/* One event as a typed entry of its list, or nothing when a case cannot say it. */
static int add_event(const match_event_t *e, json_t *variants, json_t *fusions, json_t *cnas)
{
    json_t *o = NULL;
    onc_pchange_t pc;
    onc_err_t ignored = {0};
    if (e->gene && !onc_gene_symbol_ok(e->gene)) return 0;
    if (e->category == MATCH_CAT_MUTATION && e->gene && e->protein_change &&
        onc_pchange_parse(e->protein_change, &pc, &ignored) == ONC_OK) {
        if (!(o = json_pack("{ss ss}", "gene", e->gene, "protein_change", e->protein_change))) return -1;
        return json_array_append_new(variants, o);
    }
    if (e->category == MATCH_CAT_CNV && e->gene && e->alt && cna_call(e->alt->kind)) {
        if (!(o = json_pack("{ss ss}", "gene", e->gene, "call", cna_call(e->alt->kind)))) return -1;
        return json_array_append_new(cnas, o);
    }
    const char *left = onc_gene_symbol_ok(e->left_partner) ? e->left_partner : NULL;
    const char *right = onc_gene_symbol_ok(e->right_partner) ? e->right_partner : NULL;
    if (e->category == MATCH_CAT_SV && e->structured_sv && (left || right)) {
        if (!(o = json_object())) return -1;
        int rc = set_text(o, "gene_a", left) | set_text(o, "gene_b", right);
        return rc | json_array_append_new(fusions, o);
    }
    return 0;
}

static int molecular(const onc_match_patient_t *p, json_t *c)
{
    if (p->sequenced != ONC_TRI_TRUE) return 0;
    json_t *m = json_object(), *v = json_array(), *f = json_array(), *k = json_array();
    int rc = m && v && f && k ? 0 : -1;
    for (size_t i = 0; !rc && i < p->n_events; i++) rc = add_event(&p->events[i], v, f, k);
    if (!rc) {
        rc |= json_array_size(v) ? set_new(m, "variants", json_incref(v)) : 0;
        rc |= json_array_size(f) ? set_new(m, "fusions", json_incref(f)) : 0;
        rc |= json_array_size(k) ? set_new(m, "copy_number", json_incref(k)) : 0;
        rc |= set_new(c, "molecular", json_incref(m));
    }
    json_decref(m), json_decref(v), json_decref(f), json_decref(k);
    return rc;
}

onc_rc onc_match_patient_case_json(const onc_match_patient_t *p, char **out, onc_err_t *err)
{
    *out = NULL;
    json_t *c = json_object();
    int rc = c ? patient_fields(p, c) : -1;
    if (!rc) rc = molecular(p, c);
    if (!rc) *out = json_dumps(c, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(c);
    return *out ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
}
