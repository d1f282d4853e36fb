/* report_fhir_obs.c: the bundle's observations and genomics reports (fhir.h, docs/fhir.md).
 *
 * Patient-level results first: ECOG (mCODE ECOGPerformanceStatus), PD-L1 TPS (mCODE
 * TumorMarkerTest), TMB and MSI (Genomics Reporting tmb and msi). Then, per sample with molecular
 * results, one genomics report (DiagnosticReport) whose results are one Genomics Reporting
 * variant Observation per typed variant, fusion and copy-number call, with the IG's components:
 * the gene(s) studied (HGNC), the HGVS changes, the allele fraction, the change type of fusions
 * and copy-number calls, the copy number. What the case does not say (germline or somatic, the
 * reference sequences behind the HGVS text) is left out rather than assumed.
 */
#include "report_fhir_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A component {code, value<name>: value}. */
static json_t *component(fhir_ctx_t *x, const char *code_key, const char *value_name, json_t *value)
{
    json_t *o = fx_obj(x);
    fx_put(x, o, "code", fx_concept(x, code_key, NULL));
    fx_put(x, o, value_name, value);
    return o;
}

/* The common head of an observation: status, category, code, subject (and the date when known). */
static json_t *observation(fhir_ctx_t *x, const char *key, const char *profile_key, int lab, const char *code_key,
                           const char *code_text, onc_date_t date, char urn[46])
{
    json_t *r = fx_resource(x, "Observation", key, profile_key, urn);
    fx_put(x, r, "status", fx_str(x, "final"));
    if (lab) fx_put(x, r, "category", fx_list1(x, fx_concept(x, "category:laboratory", NULL)));
    fx_put(x, r, "code", fx_concept(x, code_key, code_text));
    fx_put(x, r, "subject", fx_ref(x, x->patient_urn));
    fx_put(x, r, "effectiveDateTime", fx_date(x, date));
    return r;
}

static const onc_date_t no_date = {0, 0, 0};

/* ---- patient-level observations ---- */

static void add_ecog(fhir_ctx_t *x)
{
    char urn[46];
    if (x->c->ecog == ONC_INT_MISSING) return;
    json_t *r = observation(x, "ecog", "profile:ecog", 0, "loinc:ecog", NULL, no_date, urn);
    fx_put(x, r, "valueInteger", fx_int(x, x->c->ecog));
}

static void add_pdl1(fhir_ctx_t *x)
{
    const onc_biomarkers_t *b = &x->c->biomarkers;
    char urn[46], method[64];
    if (isnan(b->pdl1_tps)) return;
    json_t *r = observation(x, "pdl1-tps", "profile:tumor-marker", 1, "loinc:pdl1-tps", "PD-L1 tumor proportion score",
                            no_date, urn);
    fx_put(x, r, "valueQuantity", fx_quantity(x, b->pdl1_tps, "ucum:percent"));
    if (b->pdl1_clone != ONC_PDL1_CLONE_UNKNOWN) {
        snprintf(method, sizeof method, "immunohistochemistry, clone %s", onc_pdl1_clone_names[b->pdl1_clone]);
        fx_put(x, r, "method", fx_concept(x, NULL, method));
    }
}

static void add_tmb(fhir_ctx_t *x)
{
    char urn[46];
    if (isnan(x->c->biomarkers.tmb)) return;
    json_t *r = observation(x, "tmb", "profile:tmb", 1, "loinc:tmb", NULL, no_date, urn);
    fx_put(x, r, "valueQuantity", fx_quantity(x, x->c->biomarkers.tmb, "ucum:tmb"));
}

static void add_msi(fhir_ctx_t *x)
{
    char urn[46], key[32];
    onc_msi m = x->c->biomarkers.msi;
    if (m == ONC_MSI_UNKNOWN) return;
    json_t *r = observation(x, "msi", "profile:msi", 1, "loinc:msi", NULL, no_date, urn);
    snprintf(key, sizeof key, "msi:%s", onc_msi_names[m]);
    fx_put(x, r, "valueCodeableConcept", fx_concept(x, key, onc_msi_names[m]));
}

void fx_observations(fhir_ctx_t *x)
{
    add_ecog(x);
    add_pdl1(x);
    add_tmb(x);
    add_msi(x);
}

/* ---- variants ---- */

/* The gene-studied component: the HGNC coding when the table has the gene, else its symbol as
 * text. */
static json_t *gene_component(fhir_ctx_t *x, const char *gene)
{
    char key[300];
    const char *sym = fx_gene_symbol(x, gene);
    int n = snprintf(key, sizeof key, "gene:%s", sym);
    const char *k = n > 0 && (size_t)n < sizeof key ? key : NULL;
    json_t *value = onc_fhir_code_find(x->codes, k ? k : "") ? fx_concept(x, k, NULL) : fx_concept(x, NULL, sym);
    return component(x, "loinc:gene-studied", "valueCodeableConcept", value);
}

/* The head of a variant observation (key "sample/SI/KIND/J") with its first gene studied (when
 * given); the caller adds the other components. */
static json_t *variant_head(fhir_ctx_t *x, const onc_sample_t *s, size_t si, const char *kind, size_t j,
                            const char *gene, char urn[46], json_t **components)
{
    char key[64];
    snprintf(key, sizeof key, "sample/%zu/%s/%zu", si, kind, j);
    json_t *r = observation(x, key, "profile:variant", 1, "loinc:variant", NULL, s->collected, urn);
    fx_put(x, r, "valueCodeableConcept", fx_concept(x, "answer:present", NULL));
    *components = fx_arr(x);
    if (gene) fx_push(x, *components, gene_component(x, gene));
    return r;
}

/* Adds the note (a string, or NULL) and the components, and lists the observation in results. */
static void finish_variant(fhir_ctx_t *x, json_t *r, json_t *components, json_t *note, json_t *results,
                           const char *urn)
{
    if (note) {
        json_t *ann = fx_obj(x);
        fx_put(x, ann, "text", note);
        fx_put(x, r, "note", fx_list1(x, ann));
    }
    if (json_array_size(components)) fx_put(x, r, "component", components);
    else json_decref(components);
    fx_push(x, results, fx_ref(x, urn));
}

static void add_variant(fhir_ctx_t *x, size_t si, const onc_sample_t *s, size_t j, json_t *results)
{
    const onc_case_variant_t *v = &s->molecular.variants[j];
    char urn[46];
    json_t *comps, *r = variant_head(x, s, si, "variant", j, v->gene, urn, &comps);
    if (v->hgvsc || v->coding_change)
        fx_push(x, comps, component(x, "loinc:coding-hgvs", "valueCodeableConcept",
                                    fx_concept(x, NULL, v->hgvsc ? v->hgvsc : v->coding_change)));
    if (v->hgvsp)
        fx_push(x, comps, component(x, "loinc:protein-hgvs", "valueCodeableConcept", fx_concept(x, NULL, v->hgvsp)));
    if (!isnan(v->vaf))
        fx_push(x, comps, component(x, "loinc:allelic-frequency", "valueQuantity",
                                    fx_quantity(x, v->vaf * 100.0, "ucum:percent")));
    json_t *note = NULL;
    if (v->chrom && v->pos != ONC_POS_MISSING && v->ref && v->alt) {
        /* coordinates as text: the IG's coordinate components need a coordinate-system code
           that could not be cited (docs/fhir.md) */
        note = fx_textf(x, "%s:%lld %s>%s%s%s", v->chrom, (long long)v->pos, v->ref, v->alt,
                        s->molecular.genome ? " on " : "", s->molecular.genome ? s->molecular.genome : "");
    } else if (!v->hgvsp && !v->hgvsc && !v->coding_change && v->alteration) {
        note = fx_str(x, v->alteration); /* named by its class ("exon 19 in-frame deletion") */
    }
    finish_variant(x, r, comps, note, results, urn);
}

static void add_fusion(fhir_ctx_t *x, size_t si, const onc_sample_t *s, size_t j, json_t *results)
{
    const onc_case_fusion_t *f = &s->molecular.fusions[j];
    char urn[46];
    json_t *comps, *r = variant_head(x, s, si, "fusion", j, f->gene_a, urn, &comps);
    if (f->gene_b) fx_push(x, comps, gene_component(x, f->gene_b));
    fx_push(x, comps, component(x, "loinc:change-type", "valueCodeableConcept", fx_concept(x, "so:fusion", NULL)));
    json_t *note = fx_textf(x, "%s-%s fusion", f->gene_a ? f->gene_a : "?", f->gene_b ? f->gene_b : "?");
    finish_variant(x, r, comps, note, results, urn);
}

static void add_cna(fhir_ctx_t *x, size_t si, const onc_sample_t *s, size_t j, json_t *results)
{
    const onc_case_cna_t *cn = &s->molecular.copy_number[j];
    char urn[46];
    json_t *comps, *r = variant_head(x, s, si, "cna", j, cn->gene, urn, &comps);
    int gain = cn->call == ONC_KIND_AMPLIFICATION || cn->call == ONC_KIND_GAIN;
    fx_push(x, comps, component(x, "loinc:change-type", "valueCodeableConcept",
                                fx_concept(x, gain ? "so:copy_number_gain" : "so:copy_number_loss", NULL)));
    if (!isnan(cn->copies))
        fx_push(x, comps, component(x, "loinc:copy-number", "valueQuantity", fx_quantity(x, cn->copies, "ucum:count")));
    /* SO's gain/loss do not say amplification or homozygous deletion: the call goes in a note */
    finish_variant(x, r, comps, fx_str(x, onc_alt_kind_name(cn->call)), results, urn);
}

/* ---- genomics reports ---- */

static void add_report(fhir_ctx_t *x, size_t si, const onc_sample_t *s)
{
    char key[64], urn[46];
    snprintf(key, sizeof key, "sample/%zu/report", si);
    json_t *r = fx_resource(x, "DiagnosticReport", key, "profile:genomics-report", urn);
    json_t *id = fx_obj(x);
    fx_put(x, id, "value", fx_str(x, s->id));
    fx_put(x, r, "identifier", fx_list1(x, id));
    fx_put(x, r, "status", fx_str(x, "final"));
    fx_put(x, r, "category", fx_list1(x, fx_concept(x, "category:genetics", NULL)));
    fx_put(x, r, "code", fx_concept(x, "loinc:genomics-report", NULL));
    fx_put(x, r, "subject", fx_ref(x, x->patient_urn));
    fx_put(x, r, "effectiveDateTime", fx_date(x, s->collected));
    json_t *results = fx_arr(x);
    const onc_molecular_t *m = &s->molecular;
    for (size_t j = 0; j < m->n_variants; j++) add_variant(x, si, s, j, results);
    for (size_t j = 0; j < m->n_fusions; j++) add_fusion(x, si, s, j, results);
    for (size_t j = 0; j < m->n_copy_number; j++) add_cna(x, si, s, j, results);
    /* a report of a test that found nothing has no results: an empty array is not valid JSON FHIR */
    if (json_array_size(results)) fx_put(x, r, "result", results);
    else json_decref(results);
}

void fx_genomics(fhir_ctx_t *x)
{
    for (size_t i = 0; i < x->c->n_samples; i++)
        if (x->c->samples[i].has_molecular) add_report(x, i, &x->c->samples[i]);
}
