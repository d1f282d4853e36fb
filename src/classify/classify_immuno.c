/* classify_immuno.c: the immunotherapy profile and the possible germline variants.
 *
 * PD-L1 category from the TPS (CLINICAL.md: <1%, 1-49%, >=50%), TMB-high against the kb's
 * tmb.high_threshold, MSI-high from the case's msi; unknown stays unknown (never false).
 * Negative predictors are the genes of the kb's negative_predictors: a tumor suppressor
 * (STK11, KEAP1, SMARCA4) counts when lost (a truncating mutation, a mutation the matcher
 * calls oncogenic or likely oncogenic, or a deletion: a VUS missense does not count); an oncogene (EGFR, ALK)
 * counts when it is a driver. The summary says "associated with", never "contraindicated".
 *
 * Germline: every result is taken as tumor-only (the case format has no matched-normal flag);
 * a mutation in a kb germline gene (germline.genes) at a VAF in one of CLINICAL.md's windows
 * (0.4-0.6, >= 0.9) that the kb does not call Likely Neutral is flagged. The windows are
 * CLINICAL.md's numbers, the same as kb/immunotherapy.yaml's germline.vaf_windows, which the
 * kb accessors cannot read (a list of mappings). */
#include "classify_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { double min, max; } germline_windows[] = {{0.4, 0.6}, {0.9, 1.0}};

static int kb_lists(const onc_kb_t *kb, const char *path, const char *gene)
{
    for (size_t i = 0; i < onc_kb_immuno_list_size(kb, path); i++) {
        const char *g = onc_kb_immuno_list_item(kb, path, i);
        if (g && strcmp(g, gene) == 0) return 1;
    }
    return 0;
}

onc_rc cl_germline(onc_classification_t *cl, const onc_kb_t *kb, onc_err_t *err)
{
    for (size_t i = 0; i < cl->n_alts; i++) {
        onc_class_alt_t *a = &cl->alts[i];
        if (a->alt.kind != ONC_KIND_MUTATION || isnan(a->alt.vaf) || a->match.oncogenicity == ONC_LIKELY_NEUTRAL ||
            !kb_lists(kb, "germline.genes", a->alt.gene))
            continue;
        for (size_t w = 0; w < sizeof germline_windows / sizeof *germline_windows; w++)
            if (a->alt.vaf >= germline_windows[w].min && a->alt.vaf <= germline_windows[w].max) a->germline_possible = true;
        if (a->germline_possible &&
            cl_warn(cl, "%s %s at VAF %.2f in tumor-only results may be germline: genetic counselling and germline "
                        "testing are recommended", a->alt.gene, a->alt.alteration ? a->alt.alteration : "", a->alt.vaf))
            return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    return ONC_OK;
}

/* ---- immunotherapy ---- */

static const char *pdl1_category(double tps)
{
    if (isnan(tps)) return NULL;
    return tps < 1 ? "<1%" : tps < 50 ? "1-49%" : ">=50%";
}

/* Truncating by its consequence (SO terms or MAF classes, as the readers give them). */
static int is_truncating(const onc_alt_t *a)
{
    static const char *const terms[] = {"stop_gained", "frameshift", "splice_donor", "splice_acceptor", "start_lost",
                                        "Nonsense_Mutation", "Frame_Shift", "Splice_Site", "Translation_Start_Site",
                                        NULL};
    for (int i = 0; a->consequence && terms[i]; i++)
        if (strstr(a->consequence, terms[i])) return 1;
    return 0;
}

static int is_predictor(const onc_kb_t *kb, const onc_class_alt_t *a)
{
    onc_gene_role role = onc_kb_gene_role(kb, a->gene);
    if (role == ONC_ROLE_ONCOGENE) return a->group != NULL; /* EGFR, ALK: as a driver */
    return (a->alt.kind == ONC_KIND_MUTATION &&
            (onc_oncogenicity_is_oncogenic(a->match.oncogenicity) || is_truncating(&a->alt))) ||
           a->alt.kind == ONC_KIND_DELETION;
}

static onc_rc predictors(onc_classification_t *cl, const onc_kb_t *kb, onc_err_t *err)
{
    for (size_t p = 0; p < onc_kb_immuno_list_size(kb, "negative_predictors"); p++) {
        const char *gene = onc_kb_immuno_list_item(kb, "negative_predictors", p);
        int found = 0;
        for (size_t i = 0; gene && !found && i < cl->n_alts; i++)
            found = strcmp(cl->alts[i].gene, gene) == 0 && is_predictor(kb, &cl->alts[i]);
        if (found && cl_push(&cl->immuno.negative_predictors, &cl->immuno.n_negative_predictors, gene))
            return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    return ONC_OK;
}

/* The summary's text: one paragraph, capped (it is made of short fixed sentences). */
typedef struct sum {
    char text[2048];
    size_t len;
} sum_t;

static void put(sum_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sum_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->text + b->len, sizeof b->text - b->len, fmt, ap);
    va_end(ap);
    if (n > 0) b->len = b->len + (size_t)n < sizeof b->text ? b->len + (size_t)n : sizeof b->text - 1;
}

static void summary_pdl1(sum_t *b, const onc_immuno_t *im)
{
    if (!im->pdl1_category) {
        put(b, "PD-L1 expression is not known.");
        return;
    }
    put(b, "PD-L1 TPS %g%% (%s)", im->pdl1_tps, im->pdl1_category);
    if (strcmp(im->pdl1_category, ">=50%") == 0)
        put(b, ": high expression, the setting of first-line PD-(L)1 monotherapy approvals "
                       "in tumours without EGFR or ALK alterations.");
    else
        put(b, ".");
}

static void summary_tmb_msi(sum_t *b, const onc_immuno_t *im)
{
    if (isnan(im->tmb)) put(b, " TMB is not known.");
    else if (!im->tmb_complete && im->tmb_high != ONC_TRI_TRUE)
        put(b, " TMB at least %g mut/Mb (counted from the files, some mutations could not be placed).", im->tmb);
    else if (im->tmb_high == ONC_TRI_TRUE) put(b, " TMB %g mut/Mb is high (>= %g).", im->tmb, im->tmb_threshold);
    else if (im->tmb_high == ONC_TRI_FALSE) put(b, " TMB %g mut/Mb is below %g.", im->tmb, im->tmb_threshold);
    else put(b, " TMB %g mut/Mb (no threshold in the knowledge base).", im->tmb);
    if (im->tmb_source && strcmp(im->tmb_source, "files") == 0)
        put(b, " The TMB was counted from the lab files (%lld mutations / %g Mb), not given by the lab.",
            im->tmb_mutations, im->tmb_panel_mb);
    if (im->msi_high == ONC_TRI_TRUE) put(b, " The tumour is MSI-high.");
    else if (im->msi_high == ONC_TRI_UNKNOWN) put(b, " MSI status is not known.");
}

static void summary_predictors(sum_t *b, const onc_immuno_t *im)
{
    if (!im->n_negative_predictors) return;
    put(b, " Found: ");
    for (size_t i = 0; i < im->n_negative_predictors; i++)
        put(b, "%s%s", i ? (i + 1 == im->n_negative_predictors ? " and " : ", ") : "",
                      im->negative_predictors[i]);
    put(b, " alterations, which are associated with less benefit from PD-(L)1 blockade in mostly "
                   "retrospective studies (an association, partly prognostic, not a contraindication).");
}

static onc_rc summary(onc_classification_t *cl, onc_err_t *err)
{
    sum_t b = {.len = 0};
    b.text[0] = '\0';
    summary_pdl1(&b, &cl->immuno);
    summary_tmb_msi(&b, &cl->immuno);
    summary_predictors(&b, &cl->immuno);
    if (!(cl->immuno.summary = strdup(b.text))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}

onc_rc cl_immuno(onc_classification_t *cl, const onc_case_t *c, const onc_kb_t *kb, onc_err_t *err)
{
    onc_immuno_t *im = &cl->immuno;
    im->pdl1_tps = c->biomarkers.pdl1_tps;
    im->pdl1_category = pdl1_category(im->pdl1_tps);
    im->tmb_threshold = onc_kb_immuno_number(kb, "tmb.high_threshold");
    if (!isnan(c->biomarkers.tmb)) { /* the lab's validated value wins over a count of ours */
        im->tmb = c->biomarkers.tmb;
        im->tmb_source = "case";
        im->tmb_complete = true;
    }
    /* a lower bound (incomplete count) can say high, never "not high" */
    im->tmb_high = isnan(im->tmb) || isnan(im->tmb_threshold) ? ONC_TRI_UNKNOWN
                   : im->tmb >= im->tmb_threshold            ? ONC_TRI_TRUE
                   : im->tmb_complete                        ? ONC_TRI_FALSE
                                                             : ONC_TRI_UNKNOWN;
    im->msi_high = c->biomarkers.msi == ONC_MSI_H                                      ? ONC_TRI_TRUE
                   : c->biomarkers.msi == ONC_MSI_MSS || c->biomarkers.msi == ONC_MSI_L ? ONC_TRI_FALSE
                                                                                        : ONC_TRI_UNKNOWN;
    onc_rc rc = predictors(cl, kb, err);
    return rc == ONC_OK ? summary(cl, err) : rc;
}
