/* classify_resistance.c: acquired resistance and the comparison of samples.
 *
 * An alteration is a resistance when evidence that applies in the tumor type (resistance never
 * carries over from another tumor type: CLINICAL.md) says it resists an agent the patient has
 * received (any line of therapies[]). With two or more samples holding molecular results, the
 * earliest and the latest collected are compared: an alteration of one only is gained or lost
 * when the other sample tested its gene for its kind of alteration (assay genes/coverage); it
 * is not evaluable when the other did not, or when the other is plasma and the alteration is
 * absent there (a negative plasma test excludes nothing). */
#include "classify_int.h"

#include <stdlib.h>
#include <string.h>

onc_rc cl_resistance(onc_classification_t *cl, const onc_case_t *c, onc_err_t *err)
{
    for (size_t i = 0; i < cl->n_alts; i++) {
        onc_class_alt_t *a = &cl->alts[i];
        for (size_t k = 0; k < a->match.n_applied; k++) {
            const onc_kb_applied_t *ap = &a->match.applied[k];
            if (ap->ev->effect != ONC_EV_RESISTANT || ap->other_tumor_type) continue;
            for (size_t g = 0; g < ap->ev->n_agents; g++) {
                const char *agent = ap->ev->agents[g];
                int seen = 0;
                for (size_t j = 0; j < a->n_resistant_agents; j++) seen |= strcmp(a->resistant_agents[j], agent) == 0;
                if (seen || !cl_agent_received(c, agent)) continue;
                if (cl_push(&a->resistant_agents, &a->n_resistant_agents, agent))
                    return onc_err_set(err, ONC_ENOMEM, "out of memory");
            }
        }
        if (a->n_resistant_agents) a->role = ONC_ALT_ROLE_RESISTANCE;
    }
    return ONC_OK;
}

/* ---- comparison ---- */

static unsigned cover_of_kind(onc_alt_kind k)
{
    switch (k) {
    case ONC_KIND_MUTATION: return ONC_COVER_MUTATION;
    case ONC_KIND_FUSION:
    case ONC_KIND_STRUCTURAL: return ONC_COVER_FUSION;
    case ONC_KIND_AMPLIFICATION:
    case ONC_KIND_GAIN:
    case ONC_KIND_LOSS:
    case ONC_KIND_DELETION: return ONC_COVER_CNA;
    case ONC_KIND_BIOMARKER: return 0;
    }
    return 0;
}

static int push_item(onc_class_item_t **arr, size_t *n, const onc_class_alt_t *a, const char *reason)
{
    onc_class_item_t *grown = realloc(*arr, (*n + 1) * sizeof *grown);
    if (!grown) return -1;
    grown[*n].alt = a;
    grown[*n].reason = reason;
    (*n)++;
    *arr = grown;
    return 0;
}

/* Why an alteration present in one sample cannot be called absent in `other`; NULL when it can. */
static const char *unevaluable(const onc_sample_t *other, const onc_class_alt_t *a)
{
    unsigned cover = cover_of_kind(a->alt.kind);
    if (!cover) return "not a sequencing result";
    onc_tri t = onc_sample_tested(other, NULL, a->gene, cover);
    if (t == ONC_TRI_UNKNOWN) return "the other sample's assay does not list the genes it tested";
    if (t == ONC_TRI_FALSE) return "the other sample did not test this gene for this kind of alteration";
    if (cl_sample_is_plasma(other)) return "absent from a plasma sample: a negative plasma test excludes nothing";
    return NULL;
}

/* The earliest and the latest collected of the samples with molecular results; 0 when fewer
 * than two. Samples without a date keep their order in the file, after dated ones. */
static int pick_samples(const onc_case_t *c, size_t *first, size_t *last)
{
    size_t n = 0;
    int32_t lo = 0, hi = 0;
    for (size_t s = 0; s < c->n_samples && s < 32; s++) {
        if (!c->samples[s].has_molecular) continue;
        int32_t d = onc_date_is_missing(c->samples[s].collected) ? INT32_MAX - 1 : onc_date_days(c->samples[s].collected);
        if (n == 0 || d < lo) lo = d, *first = s;
        if (n == 0 || d >= hi) hi = d, *last = s;
        n++;
    }
    return n >= 2 && *first != *last;
}

static int classify_one(onc_comparison_t *cmp, const onc_case_t *c, const onc_class_alt_t *a)
{
    int in_before = (a->samples >> cmp->before) & 1u, in_after = (a->samples >> cmp->after) & 1u;
    if (in_before && in_after) return push_item(&cmp->persistent, &cmp->n_persistent, a, NULL);
    if (!in_before && !in_after) return 0;
    const char *why = unevaluable(&c->samples[in_before ? cmp->after : cmp->before], a);
    if (why) return push_item(&cmp->not_evaluable, &cmp->n_not_evaluable, a, why);
    return in_after ? push_item(&cmp->gained, &cmp->n_gained, a, NULL) : push_item(&cmp->lost, &cmp->n_lost, a, NULL);
}

onc_rc cl_compare(onc_classification_t *cl, const onc_case_t *c, onc_err_t *err)
{
    size_t first = 0, last = 0;
    if (!pick_samples(c, &first, &last)) return ONC_OK;
    onc_comparison_t *cmp = calloc(1, sizeof *cmp);
    if (!cmp) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    cl->comparison = cmp;
    cmp->before = first;
    cmp->after = last;
    size_t with_results = 0;
    for (size_t s = 0; s < c->n_samples; s++) with_results += c->samples[s].has_molecular != 0;
    if (with_results > 2 && cl_warn(cl, "%zu samples with results: the earliest (%s) and the latest (%s) are compared",
                                    with_results, c->samples[first].id, c->samples[last].id))
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < cl->n_alts; i++)
        if (classify_one(cmp, c, &cl->alts[i])) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}
