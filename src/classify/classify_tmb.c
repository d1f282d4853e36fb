/* classify_tmb.c: the TMB counted from a case's lab files when the case does not give one.
 *
 * CLINICAL.md: TMB = eligible somatic coding mutations / panel size in Mb, the panel size given,
 * never guessed. The sample counted is the latest collected tissue sample whose assay gives
 * size_mb and that references files (plasma TMB is another measure, with other thresholds);
 * only the alterations of its files count: a typed variant list holds what the lab chose to
 * report, not every mutation. Rules: tmb.h's default preset (nonsynonymous, PASS only). A count
 * with mutations whose coding status is unknown is a lower bound (tmb_complete false). */
#include "classify_int.h"

#include "oncoboard/tmb.h"

#include <math.h>
#include <string.h>

static size_t pick_sample(const onc_case_t *c)
{
    size_t best = c->n_samples;
    for (size_t s = 0; s < c->n_samples; s++) {
        const onc_sample_t *sm = &c->samples[s];
        if (!sm->has_molecular || cl_sample_is_plasma(sm) || !sm->molecular.n_files ||
            isnan(sm->molecular.assay.size_mb) || !(sm->molecular.assay.size_mb > 0))
            continue;
        if (best == c->n_samples || onc_date_is_missing(c->samples[best].collected) ||
            (!onc_date_is_missing(sm->collected) &&
             onc_date_days(sm->collected) >= onc_date_days(c->samples[best].collected)))
            best = s;
    }
    return best;
}

onc_rc cl_tmb_start(cl_tmb_t *t, const onc_case_t *c, onc_err_t *err)
{
    t->acc = NULL;
    t->sample = isnan(c->biomarkers.tmb) ? pick_sample(c) : c->n_samples; /* the case's value wins */
    if (t->sample == c->n_samples) return ONC_OK;
    onc_tmb_opts_t o;
    onc_tmb_opts_init(&o);
    o.panel_size_mb = c->samples[t->sample].molecular.assay.size_mb;
    if (!(t->acc = onc_tmb_acc_new(&o, err))) return err ? err->code : ONC_ENOMEM;
    return ONC_OK;
}

onc_rc cl_tmb_add(cl_tmb_t *t, const onc_case_t *c, const onc_alt_t *a, onc_err_t *err)
{
    if (!t->acc || !a->sample || strcmp(a->sample, c->samples[t->sample].id) != 0) return ONC_OK;
    if (a->source && c->name && strcmp(a->source, c->name) == 0) return ONC_OK; /* typed in the case */
    onc_rc rc = onc_tmb_add(t->acc, a);
    return rc == ONC_OK ? ONC_OK : onc_err_set(err, rc, "TMB count: %s", onc_strerror(rc));
}

onc_rc cl_tmb_finish(cl_tmb_t *t, onc_classification_t *cl, const onc_case_t *c, onc_err_t *err)
{
    if (!t->acc) return ONC_OK;
    onc_tmb_result_t res;
    onc_rc rc = ONC_OK;
    onc_immuno_t *im = &cl->immuno;
    if (onc_tmb_n_samples(t->acc) == 0) { /* the files held nothing: 0 mutations counted */
        im->tmb = 0;
        im->tmb_mutations = 0;
        im->tmb_complete = true;
    } else if (onc_tmb_get(t->acc, 0, &res) == ONC_OK) {
        im->tmb = res.tmb;
        im->tmb_mutations = (long long)res.mutations;
        im->tmb_complete = res.complete != 0;
        if (!res.complete && cl_warn(cl, "TMB counted from the files of %s is a lower bound: %llu mutation(s) "
                                         "without a coding status", c->samples[t->sample].id,
                                     (unsigned long long)(res.excluded[ONC_TMB_EX_CODING_UNKNOWN] +
                                                          res.excluded[ONC_TMB_EX_CONSEQUENCE_UNKNOWN])))
            rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    im->tmb_source = "files";
    im->tmb_sample = c->samples[t->sample].id;
    im->tmb_panel_mb = c->samples[t->sample].molecular.assay.size_mb;
    onc_tmb_acc_free(t->acc);
    t->acc = NULL;
    return rc;
}
