/* report_build.c: the report document (CONTRACTS.md "Report JSON") from a classification.
 *
 * Unknown is null, never false or 0. An ESCAT tier the knowledge base marks unverified is
 * null in "escat" (CONTRACTS.md: null where not verified) and given in "escat_unverified" so
 * that a renderer can show it as unverified (CLINICAL.md "Levels and tiers"). Added beside the
 * contract's keys: provenance (generated, command, inputs with sha256), per alteration the
 * samples that showed it, the agents it resists, a note, and per therapy the evidence id and
 * level. */
#include "oncoboard/report.h"

#include "oncoboard/version.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

void onc_report_opts_init(onc_report_opts_t *o)
{
    memset(o, 0, sizeof *o);
}

/* jansson's setters take a new reference and accept NULL values as failures: these keep
 * "unknown is null" in one place. */
static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *tri(onc_tri t) { return t == ONC_TRI_UNKNOWN ? json_null() : json_boolean(t == ONC_TRI_TRUE); }

static json_t *str_array(const char *const *s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) json_array_append_new(a, str_or_null(s[i]));
    return a;
}

/* Numbers that are whole print as integers (a TPS of 60, not 60.0). */
static json_t *number(double v)
{
    if (isnan(v)) return json_null();
    if (v == floor(v) && fabs(v) < 1e15) return json_integer((json_int_t)v);
    return json_real(v);
}

static const char *escat_if_verified(const char *tier, bool verified) { return verified ? tier : NULL; }

static json_t *approvals(const onc_kb_evidence_t *ev)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < ev->n_approvals; i++) {
        const onc_kb_approval_t *p = &ev->approvals[i];
        json_array_append_new(a, json_pack("{s:o,s:o,s:o,s:o,s:o}", "agency", str_or_null(p->agency), "indication",
                                           str_or_null(p->indication), "assay", str_or_null(p->assay), "date",
                                           str_or_null(p->date), "source", str_or_null(p->source)));
    }
    return a;
}

static json_t *therapy(const onc_kb_applied_t *ap)
{
    const onc_kb_evidence_t *ev = ap->ev;
    json_t *t = json_pack("{s:o,s:s,s:o,s:o,s:o}", "agents", str_array(ev->agents, ev->n_agents), "effect",
                          onc_ev_effect_name(ev->effect), "escat",
                          str_or_null(escat_if_verified(ap->escat, ev->escat_verified)), "approvals", approvals(ev),
                          "source", str_or_null(ev->n_sources ? ev->sources[0] : NULL));
    if (!t) return NULL;
    if (ap->escat && !ev->escat_verified) json_object_set_new(t, "escat_unverified", json_string(ap->escat));
    json_object_set_new(t, "escat_verified", ap->escat ? json_boolean(ev->escat_verified) : json_null());
    json_object_set_new(t, "level", str_or_null(onc_level_name(ap->level)));
    json_object_set_new(t, "evidence_id", str_or_null(ev->id));
    json_object_set_new(t, "sources", str_array(ev->sources, ev->n_sources));
    json_object_set_new(t, "other_tumor_type", json_boolean(ap->other_tumor_type));
    json_object_set_new(t, "setting", str_or_null(ev->setting));
    return t;
}

/* The sources of the curated alterations that decided the oncogenicity, each once. */
static json_t *alt_sources(const onc_class_alt_t *a)
{
    json_t *s = json_array();
    for (size_t r = 0; s && r < a->match.n_relevant; r++) {
        const onc_kb_alteration_t *k = a->match.relevant[r];
        for (size_t i = 0; i < k->n_sources; i++) {
            int seen = 0;
            for (size_t j = 0; j < json_array_size(s); j++)
                seen |= strcmp(json_string_value(json_array_get(s, j)), k->sources[i]) == 0;
            if (!seen) json_array_append_new(s, json_string(k->sources[i]));
        }
    }
    return s;
}

/* Whether the tier shown for the alteration (its best sensitive evidence's) is verified. */
static bool alt_escat_verified(const onc_class_alt_t *a)
{
    for (size_t i = 0; a->escat && i < a->match.n_applied; i++)
        if (a->match.applied[i].ev->effect == ONC_EV_SENSITIVE && a->match.applied[i].escat &&
            strcmp(a->match.applied[i].escat, a->escat) == 0)
            return a->match.applied[i].ev->escat_verified;
    return false;
}

static json_t *samples_of(const onc_case_t *c, unsigned bits)
{
    json_t *s = json_array();
    for (size_t i = 0; s && i < c->n_samples && i < 32; i++)
        if ((bits >> i) & 1u) json_array_append_new(s, str_or_null(c->samples[i].id));
    return s;
}

static json_t *alteration(const onc_case_t *c, const onc_class_alt_t *a)
{
    bool verified = alt_escat_verified(a);
    json_t *t = json_array();
    for (size_t i = 0; t && i < a->match.n_applied; i++) json_array_append_new(t, therapy(&a->match.applied[i]));
    json_t *o = json_pack("{s:o,s:o,s:s,s:s,s:s,s:o,s:b,s:o,s:o}", "gene", str_or_null(a->gene), "alteration",
                          str_or_null(a->alt.alteration), "kind", onc_alt_kind_name(a->alt.kind), "oncogenicity",
                          onc_oncogenicity_name(a->match.oncogenicity), "role", onc_alt_role_name(a->role), "escat",
                          str_or_null(escat_if_verified(a->escat, verified)), "germline_possible",
                          a->germline_possible, "therapies", t, "sources", alt_sources(a));
    if (!o) return NULL;
    if (a->escat && !verified) json_object_set_new(o, "escat_unverified", json_string(a->escat));
    json_object_set_new(o, "escat_verified", a->escat ? json_boolean(verified) : json_null());
    json_object_set_new(o, "group", str_or_null(a->group ? a->group->id : NULL));
    json_object_set_new(o, "partner", str_or_null(a->alt.partner));
    json_object_set_new(o, "hgvsp", str_or_null(a->alt.hgvsp));
    json_object_set_new(o, "hgvsc", str_or_null(a->alt.hgvsc));
    json_object_set_new(o, "vaf", number(a->alt.vaf));
    json_object_set_new(o, "copies", number(a->alt.copies));
    json_object_set_new(o, "mutation_effect", str_or_null(a->match.effect));
    json_object_set_new(o, "hotspot", json_boolean(a->match.hotspot));
    json_object_set_new(o, "resistance_to", str_array(a->resistant_agents, a->n_resistant_agents));
    json_object_set_new(o, "samples", samples_of(c, a->samples));
    json_object_set_new(o, "method", json_string(a->ihc ? "IHC" : "sequencing"));
    json_object_set_new(o, "note", str_or_null(a->note));
    return o;
}

static json_t *group(const onc_classification_t *cl)
{
    json_t *ev = json_array();
    for (size_t i = 0; ev && i < cl->n_evidence; i++) json_array_append_new(ev, json_string(cl->evidence[i]));
    return json_pack("{s:s,s:o,s:o}", "id", cl->group_id, "label", str_or_null(cl->group_label), "evidence", ev);
}

static json_t *drivers(const onc_classification_t *cl)
{
    json_t *d = json_array();
    for (size_t i = 0; d && i < cl->n_drivers; i++) {
        const onc_class_alt_t *a = cl->drivers[i];
        json_array_append_new(d, json_pack("{s:s,s:o,s:o,s:s,s:b}", "group", a->group->id, "gene",
                                           str_or_null(a->gene), "alteration", str_or_null(a->alt.alteration),
                                           "method", a->ihc ? "IHC" : "sequencing", "primary", i == 0));
    }
    return d;
}

static json_t *immuno_contract(const onc_immuno_t *im);

/* The contract's keys, then where the TMB came from (the case, or counted from the files). */
static json_t *immuno(const onc_immuno_t *im)
{
    json_t *o = immuno_contract(im);
    if (!o) return NULL;
    json_object_set_new(o, "tmb_source", str_or_null(im->tmb_source));
    if (im->tmb_source && strcmp(im->tmb_source, "files") == 0) {
        json_object_set_new(o, "tmb_sample", str_or_null(im->tmb_sample));
        json_object_set_new(o, "tmb_panel_mb", number(im->tmb_panel_mb));
        json_object_set_new(o, "tmb_mutations", json_integer(im->tmb_mutations));
        json_object_set_new(o, "tmb_complete", json_boolean(im->tmb_complete));
    }
    return o;
}

static json_t *immuno_contract(const onc_immuno_t *im)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "pdl1_tps", number(im->pdl1_tps), "pdl1_category",
                     str_or_null(im->pdl1_category), "tmb", number(im->tmb), "tmb_high", tri(im->tmb_high),
                     "tmb_threshold", number(im->tmb_threshold), "msi_high", tri(im->msi_high),
                     "negative_predictors", str_array(im->negative_predictors, im->n_negative_predictors),
                     "summary", str_or_null(im->summary));
}

static json_t *items(const onc_class_item_t *it, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *o = json_pack("{s:o,s:o,s:s}", "gene", str_or_null(it[i].alt->gene), "alteration",
                              str_or_null(it[i].alt->alt.alteration), "kind", onc_alt_kind_name(it[i].alt->alt.kind));
        if (o && it[i].reason) json_object_set_new(o, "reason", json_string(it[i].reason));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *comparison(const onc_case_t *c, const onc_comparison_t *cmp)
{
    if (!cmp) return json_null();
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "before", str_or_null(c->samples[cmp->before].id), "after",
                     str_or_null(c->samples[cmp->after].id), "gained", items(cmp->gained, cmp->n_gained), "lost",
                     items(cmp->lost, cmp->n_lost), "persistent", items(cmp->persistent, cmp->n_persistent),
                     "not_evaluable", items(cmp->not_evaluable, cmp->n_not_evaluable));
}

static int add_input(json_t *inputs, const char *name, const char *path, const char *role, onc_err_t *err)
{
    char hex[65];
    if (onc_sha256_file(path, hex, err) != ONC_OK) return -1;
    return json_array_append_new(inputs, json_pack("{s:s,s:s,s:s}", "path", name, "role", role, "sha256", hex));
}

/* A trial portfolio may be a directory: it is then recorded without a checksum. */
static int add_trials_input(json_t *inputs, const char *path, onc_err_t *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return json_array_append_new(inputs, json_pack("{s:s,s:s,s:n}", "path", path, "role", "trials", "sha256"));
    return add_input(inputs, path, path, "trials", err);
}

static json_t *inputs(const onc_case_t *c, const onc_report_opts_t *o, onc_err_t *err)
{
    json_t *in = json_array();
    if (!in) return NULL;
    int bad = o->case_path ? add_input(in, o->case_path, o->case_path, "case", err) : 0;
    for (size_t s = 0; !bad && s < c->n_samples; s++)
        for (size_t f = 0; !bad && f < c->samples[s].molecular.n_files; f++) {
            const onc_case_file_t *file = &c->samples[s].molecular.files[f];
            bad = add_input(in, file->path, file->resolved ? file->resolved : file->path, "lab file", err);
        }
    if (!bad && o->trials_path) bad = add_trials_input(in, o->trials_path, err);
    if (bad) json_decref(in);
    return bad ? NULL : in;
}

static json_t *date_or_null(onc_date_t d)
{
    char buf[11];
    return onc_date_is_missing(d) ? json_null() : json_string(onc_date_format(d, buf));
}

static json_t *int_or_null(int32_t v) { return v == ONC_INT_MISSING ? json_null() : json_integer(v); }

static json_t *therapies(const onc_case_t *c)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < c->n_therapies; i++) {
        const onc_therapy_t *t = &c->therapies[i];
        json_array_append_new(a, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "line", int_or_null(t->line), "agents",
                                           str_array((const char *const *)t->agents, t->n_agents), "start",
                                           date_or_null(t->start), "end", date_or_null(t->end), "best_response",
                                           str_or_null(onc_recist_names[t->best_response]), "progression",
                                           tri(t->progression)));
    }
    return a;
}

/* What the board sees of the patient (the renderers' "patient" section). */
static json_t *patient(const onc_case_t *c)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "sex", str_or_null(onc_sex_names[c->sex]), "age",
                     int_or_null(onc_case_age_on(c, c->diagnosis.date)), "smoking",
                     str_or_null(onc_smoking_names[c->smoking]), "ecog", int_or_null(c->ecog), "oncotree_code",
                     str_or_null(c->diagnosis.oncotree_code), "stage", str_or_null(c->diagnosis.stage),
                     "diagnosis_date", date_or_null(c->diagnosis.date), "brain_metastases",
                     str_or_null(onc_brain_mets_names[c->diagnosis.brain_metastases]), "therapies", therapies(c));
}

static json_t *provenance(const onc_kb_t *kb, const onc_report_opts_t *o, json_t *in)
{
    json_t *p = json_pack("{s:s,s:s,s:o}", "kb_version", onc_kb_version(kb), "kb_date", onc_kb_date(kb), "inputs", in);
    if (p && !o->no_version) {
        json_object_set_new(p, "oncoboard_version", json_string(ONC_VERSION));
        json_object_set_new(p, "generated", str_or_null(o->generated));
        json_object_set_new(p, "command", str_or_null(o->command));
    }
    return p;
}

static json_t *alterations(const onc_case_t *c, const onc_classification_t *cl)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < cl->n_alts; i++) json_array_append_new(a, alteration(c, &cl->alts[i]));
    return a;
}

json_t *onc_report_build(const onc_case_t *c, const onc_kb_t *kb, const onc_classification_t *cl,
                         const onc_report_opts_t *o, onc_err_t *err)
{
    onc_report_opts_t defaults;
    if (!o) {
        onc_report_opts_init(&defaults);
        o = &defaults;
    }
    json_t *in = inputs(c, o, err);
    if (!in) return NULL;
    json_t *r = json_pack("{s:o,s:o,s:s,s:s}", "case_id", str_or_null(c->id), "tumor_type", str_or_null(cl->tumor_type),
                          "kb_version", onc_kb_version(kb), "kb_date", onc_kb_date(kb));
    if (!r) {
        json_decref(in);
        onc_err_set(err, ONC_ENOMEM, "out of memory");
        return NULL;
    }
    if (!o->no_version) {
        json_object_set_new(r, "oncoboard_version", json_string(ONC_VERSION));
        json_object_set_new(r, "generated", str_or_null(o->generated));
        json_object_set_new(r, "command", str_or_null(o->command));
    }
    json_object_set_new(r, "provenance", provenance(kb, o, in));
    json_object_set_new(r, "patient", patient(c));
    json_object_set_new(r, "molecular_group", group(cl));
    json_object_set_new(r, "drivers", drivers(cl));
    json_object_set_new(r, "not_assessed", str_array(cl->not_assessed, cl->n_not_assessed));
    json_object_set_new(r, "alterations", alterations(c, cl));
    json_object_set_new(r, "immunotherapy", immuno(&cl->immuno));
    json_object_set_new(r, "comparison", comparison(c, cl->comparison));
    json_object_set_new(r, "trials", o->trials ? json_deep_copy(o->trials) : json_array());
    json_object_set_new(r, "warnings", str_array((const char *const *)cl->warnings, cl->n_warnings));
    return r;
}
