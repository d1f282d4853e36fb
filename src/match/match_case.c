/* match_case.c: the patient of a classified case (onc_match_patient_from_case).
 *
 * A case file says more than MatchMiner's documents (ECOG, therapies, labs ... read by the
 * extension keys through p->c), and its alterations have been read and matched against the
 * knowledge base by onc_classify. This builds the MatchMiner-shaped view the core keys need:
 * gender, birth date or age, the OncoTree node of the diagnosis, TMB and MMR status, and one
 * event per distinct alteration of the classification, written in MatchMiner's vocabularies
 * (MUTATION with "p."-form protein change and MAF classification, CNV calls, structured SVs),
 * each pointing at its canonical alteration and carrying its oncogenicity.
 */
#include "match/match_pat_int.h"

#include "oncoboard/hgvs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
    onc_arena_t *a;
    onc_match_patient_t *p;
    size_t cap;
} builder_t;

static const char *gender_of(onc_sex s)
{
    /* MatchMiner's GENDER values; a case's "other" has no MatchMiner equivalent */
    return s == ONC_SEX_MALE ? "Male" : s == ONC_SEX_FEMALE ? "Female" : NULL;
}

/* MSI as MatchMiner's MMR_STATUS (its config maps MSI-H to deficient, MSS and MSI-L to
 * proficient: trial-matching.md 2.7). */
static const char *mmr_of_msi(onc_msi m)
{
    if (m == ONC_MSI_H) return MATCH_MMR_DEFICIENT;
    if (m == ONC_MSI_MSS || m == ONC_MSI_L) return MATCH_MMR_PROFICIENT;
    return NULL;
}

static match_event_t *new_event(builder_t *b, match_category cat, const char *raw)
{
    onc_match_patient_t *p = b->p;
    if (p->n_events == b->cap) return NULL; /* sized before filling: never happens */
    match_event_t *e = &p->events[p->n_events++];
    match_event_init(e);
    e->category = cat;
    e->category_raw = raw;
    return e;
}

/* "p." + the normalised alteration when it is a protein change MatchMiner would write (L858R,
 * E746_A750del, X1010_splice); NULL for class names ("exon 19 in-frame deletion"). */
static onc_rc protein_change(builder_t *b, const onc_alt_t *alt, const char **out, onc_err_t *err)
{
    onc_pchange_t pc;
    char buf[160];
    *out = NULL;
    if (!alt->alteration || (alt->flags & ONC_ALT_BY_CLASS) || onc_pchange_parse(alt->alteration, &pc, NULL) != ONC_OK)
        return ONC_OK;
    if (snprintf(buf, sizeof buf, "p.%s", alt->alteration) >= (int)sizeof buf) return ONC_OK;
    *out = onc_arena_strdup(b->a, buf);
    return *out ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
}

static onc_rc mutation_event(builder_t *b, const onc_class_alt_t *ca, onc_err_t *err)
{
    match_event_t *e = new_event(b, MATCH_CAT_MUTATION, "MUTATION");
    if (!e) return onc_err_set(err, ONC_EINTERNAL, "event array too small");
    e->gene = ca->alt.gene;
    e->variant_classification = match_maf_classification(&ca->alt);
    e->exon = ca->alt.exon;
    return protein_change(b, &ca->alt, &e->protein_change, err);
}

static void cnv_event(builder_t *b, const onc_class_alt_t *ca)
{
    match_event_t *e = new_event(b, MATCH_CAT_CNV, "CNV");
    if (!e) return;
    e->gene = ca->alt.gene;
    e->cnv_call = match_pat_cnv_call(ca->alt.kind);
}

/* Fusions are structured SVs with both partners. A rearrangement of one gene with an unknown
 * partner ("ALK rearrangement") is not intergenic (a null partner says that), so it becomes an
 * unstructured SV whose comment names the gene, as older reports wrote them. */
static void sv_event(builder_t *b, const onc_class_alt_t *ca)
{
    match_event_t *e = new_event(b, MATCH_CAT_SV, "SV");
    if (!e) return;
    const onc_alt_t *a = &ca->alt;
    e->gene = a->gene;
    if (a->kind == ONC_KIND_FUSION && a->partner) {
        e->structured_sv = true;
        e->left_partner = a->gene;
        e->right_partner = a->partner;
    } else if (a->alteration && strstr(a->alteration, "-intragenic")) {
        e->structured_sv = true;
        e->left_partner = e->right_partner = a->gene;
    } else {
        e->sv_comment = a->alteration ? a->alteration : a->gene;
    }
}

static onc_rc alteration_event(builder_t *b, const onc_class_alt_t *ca, onc_err_t *err)
{
    size_t before = b->p->n_events;
    onc_rc rc = ONC_OK;
    switch (ca->alt.kind) {
    case ONC_KIND_MUTATION: rc = mutation_event(b, ca, err); break;
    case ONC_KIND_AMPLIFICATION:
    case ONC_KIND_GAIN:
    case ONC_KIND_LOSS:
    case ONC_KIND_DELETION: cnv_event(b, ca); break;
    case ONC_KIND_FUSION:
    case ONC_KIND_STRUCTURAL: sv_event(b, ca); break;
    case ONC_KIND_BIOMARKER:
        /* IHC results are not sequencing; named events (EGFRvIII) keep their alteration for
         * the knowledge base's classes but fit no MatchMiner category */
        if (!ca->ihc && new_event(b, MATCH_CAT_OTHER, NULL)) b->p->events[before].gene = ca->alt.gene;
        break;
    }
    if (rc || b->p->n_events == before) return rc;
    match_event_t *e = &b->p->events[before];
    e->alt = &ca->alt;
    e->oncogenicity = ca->match.oncogenicity;
    return ONC_OK;
}

static bool any_molecular(const onc_case_t *c)
{
    for (size_t i = 0; i < c->n_samples; i++)
        if (c->samples[i].has_molecular) return true;
    return false;
}

/* The latest collection date of a sample with results: the report a MatchMiner document
 * would carry. */
static onc_date_t latest_report(const onc_case_t *c)
{
    onc_date_t best = {0, 0, 0};
    for (size_t i = 0; i < c->n_samples; i++) {
        const onc_sample_t *s = &c->samples[i];
        if (s->has_molecular && !onc_date_is_missing(s->collected) &&
            (onc_date_is_missing(best) || onc_date_days(s->collected) > onc_date_days(best)))
            best = s->collected;
    }
    return best;
}

static void clinical_part(onc_match_patient_t *p, const onc_case_t *c, const onc_classification_t *cl,
                          const onc_match_ctx_t *ctx)
{
    p->id = c->id;
    p->gender = gender_of(c->sex);
    p->birth_date = c->birth_date;
    p->age = c->age;
    p->tumor_type = ctx && ctx->oncotree && c->diagnosis.oncotree_code
                        ? onc_oncotree_find(ctx->oncotree, c->diagnosis.oncotree_code) : NULL;
    p->diagnosis_name = p->tumor_type ? onc_tumor_type_name(p->tumor_type) : NULL;
    p->deceased = c->outcome.vital_status == ONC_VITAL_DEAD    ? ONC_TRI_TRUE
                  : c->outcome.vital_status == ONC_VITAL_ALIVE ? ONC_TRI_FALSE
                                                               : ONC_TRI_UNKNOWN;
    p->tmb = c->biomarkers.tmb;
    if (isnan(p->tmb) && cl) p->tmb = cl->immuno.tmb; /* counted from the lab files */
    p->mmr_status = mmr_of_msi(c->biomarkers.msi);
    p->report_date = latest_report(c);
    p->sequenced = any_molecular(c) ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    p->c = c;
    p->cl = cl;
    p->genes = ctx ? ctx->genes : NULL;
}

static onc_rc genomic_part(builder_t *b, const onc_classification_t *cl, onc_err_t *err)
{
    onc_match_patient_t *p = b->p;
    b->cap = (cl ? cl->n_alts : 0) + 1;
    p->events = onc_arena_alloc(b->a, b->cap * sizeof *p->events);
    if (!p->events) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; cl && i < cl->n_alts; i++) {
        onc_rc rc = alteration_event(b, &cl->alts[i], err);
        if (rc) return rc;
    }
    /* MatchMiner's mmr_status and ms_status keys are genomic: they look for a document
     * carrying MMR_STATUS, so the case's MSI result is one too */
    if (p->mmr_status) {
        match_event_t *e = new_event(b, MATCH_CAT_SIGNATURE, "SIGNATURE");
        if (e) e->mmr_status = p->mmr_status;
    }
    return ONC_OK;
}

onc_rc onc_match_patient_from_case(const onc_case_t *c, const onc_classification_t *cl, const onc_match_ctx_t *ctx,
                                   onc_match_patient_t **out, onc_err_t *err)
{
    *out = NULL;
    if (!c) return onc_err_set(err, ONC_EINVAL, "no case given");
    onc_arena_t *a = onc_arena_new();
    builder_t b = {.a = a};
    b.p = a ? onc_arena_alloc(a, sizeof *b.p) : NULL;
    struct match_arena *ma = b.p ? onc_arena_alloc(a, sizeof *ma) : NULL;
    if (!ma) {
        onc_arena_free(a);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    match_pat_init(b.p);
    ma->a = a;
    b.p->arena = ma;
    clinical_part(b.p, c, cl, ctx);
    onc_rc rc = genomic_part(&b, cl, err);
    if (rc) {
        onc_arena_free(a);
        return rc;
    }
    *out = b.p;
    return ONC_OK;
}
