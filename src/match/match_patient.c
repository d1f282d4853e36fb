/* match_patient.c: the parts of a matched patient that do not depend on where it came from
 * (match_patient.h): initialising, freeing, coverage questions, and the vocabularies shared by
 * the case builder (match_case.c) and the MatchMiner loader (match_mmdocs.c). */
#include "match/match_pat_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void match_event_init(match_event_t *e)
{
    memset(e, 0, sizeof *e);
    e->exon = ONC_INT_MISSING;
    e->wildtype = ONC_TRI_UNKNOWN;
    e->oncogenicity = ONC_ONCOGENICITY_UNKNOWN;
}

void match_pat_init(onc_match_patient_t *p)
{
    memset(p, 0, sizeof *p);
    p->age = ONC_INT_MISSING;
    p->tmb = ONC_NUM_MISSING;
    p->deceased = ONC_TRI_UNKNOWN;
    p->sequenced = ONC_TRI_UNKNOWN;
}

/* MatchMiner's four calls, in the words of its genomic documents (trial-matching.md 2.7:
 * the CTML values High/Low Amplification, Homozygous/Heterozygous Deletion map to these). */
static const struct {
    onc_alt_kind kind;
    const char *call;
} cnv_calls[] = {
    {ONC_KIND_AMPLIFICATION, "High level amplification"},
    {ONC_KIND_GAIN, "Gain"},
    {ONC_KIND_LOSS, "Heterozygous deletion"},
    {ONC_KIND_DELETION, "Homozygous deletion"},
};

const char *match_pat_cnv_call(onc_alt_kind kind)
{
    for (size_t i = 0; i < sizeof cnv_calls / sizeof cnv_calls[0]; i++)
        if (cnv_calls[i].kind == kind) return cnv_calls[i].call;
    return NULL;
}

bool match_pat_cnv_kind(const char *call, onc_alt_kind *kind)
{
    for (size_t i = 0; call && i < sizeof cnv_calls / sizeof cnv_calls[0]; i++)
        if (!strcmp(cnv_calls[i].call, call)) {
            *kind = cnv_calls[i].kind;
            return true;
        }
    return false;
}

onc_oncogenicity match_pat_oncogenicity(const onc_kb_t *kb, const onc_alt_t *a, const onc_tumor_type_t *tt,
                                        onc_kb_match_t *m)
{
    if (!kb || !a || !a->gene) return ONC_ONCOGENICITY_UNKNOWN;
    onc_err_t err = {0};
    /* An alteration the kb cannot read (a protein change outside HGVS) has no oncogenicity:
     * that is a fact about the kb, not an error in the patient's data. */
    if (onc_kb_match(kb, a, tt ? onc_tumor_type_code(tt) : NULL, m, &err) != ONC_OK)
        return ONC_ONCOGENICITY_UNKNOWN;
    return m->oncogenicity;
}

onc_tri match_patient_tested(const onc_match_patient_t *p, const char *gene, unsigned types)
{
    if (!p) return ONC_TRI_UNKNOWN;
    if (p->sequenced == ONC_TRI_FALSE) return ONC_TRI_FALSE;
    if (!p->c) return p->assume_tested ? ONC_TRI_TRUE : ONC_TRI_UNKNOWN;
    /* TRUE when any sample's assay covers the gene; FALSE only when every sample that has
     * results says it does not (a sample without molecular results tested nothing). */
    bool any_unknown = false, any_results = false;
    for (size_t i = 0; i < p->c->n_samples; i++) {
        const onc_sample_t *s = &p->c->samples[i];
        if (!s->has_molecular) continue;
        any_results = true;
        onc_tri t = onc_sample_tested(s, p->genes, gene, types);
        if (t == ONC_TRI_TRUE) return ONC_TRI_TRUE;
        if (t == ONC_TRI_UNKNOWN) any_unknown = true;
    }
    if (!any_results) return ONC_TRI_FALSE;
    return any_unknown ? ONC_TRI_UNKNOWN : ONC_TRI_FALSE;
}

void onc_match_patient_free(onc_match_patient_t *p)
{
    if (!p || !p->arena) return; /* cohort patients belong to their cohort */
    onc_arena_free(p->arena->a); /* the patient and its match_arena live in it too */
}

const char *onc_match_patient_id(const onc_match_patient_t *p) { return p ? p->id : NULL; }
