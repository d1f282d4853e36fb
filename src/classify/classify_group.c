/* classify_group.c: the molecular group. Every alteration that a kb/groups.yaml rule matches is
 * a driver (a copy-number call only with its rule's min_copies: MET_AMP >= 10 copies); the primary is
 * the one with the best ESCAT tier of its sensitive evidence, ties broken by the groups' order.
 * A group is excluded only when a tissue sample's assay lists every gene of its rules for the
 * rule's kind of test (onc_sample_tested TRUE): a list of alterations without an assay proves
 * what is present, never what is absent, and a negative plasma test excludes nothing. */
#include "classify_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t group_index(const onc_kb_t *kb, const onc_kb_group_t *g)
{
    for (size_t i = 0; i < onc_kb_n_groups(kb); i++)
        if (onc_kb_group_at(kb, i) == g) return i;
    return (size_t)-1;
}

/* A driver with its sort keys, computed before the sort: qsort's comparator has no context
 * argument, and a file-level pointer to the knowledge base would be shared by threads
 * classifying at once. The position last: ties keep the drivers' order. */
typedef struct driver_key {
    int escat;
    size_t group, pos;
    int ihc;
    const onc_class_alt_t *alt;
} driver_key_t;

static int driver_cmp(const void *x, const void *y)
{
    const driver_key_t *a = x, *b = y;
    if (a->escat != b->escat) return a->escat < b->escat ? -1 : 1;
    if (a->group != b->group) return a->group < b->group ? -1 : 1;
    if (a->ihc != b->ihc) return a->ihc - b->ihc; /* sequencing before IHC */
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The primary first: best ESCAT tier, then the groups' order, sequencing before IHC. */
static onc_rc sort_drivers(onc_classification_t *cl, const onc_kb_t *kb, onc_err_t *err)
{
    if (cl->n_drivers < 2) return ONC_OK;
    driver_key_t *k = malloc(cl->n_drivers * sizeof *k);
    if (!k) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; i < cl->n_drivers; i++) {
        const onc_class_alt_t *d = cl->drivers[i];
        k[i] = (driver_key_t){onc_escat_rank(d->escat), group_index(kb, d->group), i, d->ihc, d};
    }
    qsort(k, cl->n_drivers, sizeof *k, driver_cmp);
    for (size_t i = 0; i < cl->n_drivers; i++) cl->drivers[i] = k[i].alt;
    free(k);
    return ONC_OK;
}

/* Kinds a rule's test can find: a "mutation" rule's "Oncogenic Mutations" must not take an
 * amplification (the matcher's category covers every oncogenic alteration, as OncoKB's). */
static int test_finds(const char *test, onc_alt_kind k)
{
    if (!test) return 0;
    if (strcmp(test, "mutation") == 0) return k == ONC_KIND_MUTATION;
    if (strcmp(test, "fusion") == 0) return k == ONC_KIND_FUSION || k == ONC_KIND_STRUCTURAL;
    if (strcmp(test, "cna") == 0)
        return k == ONC_KIND_AMPLIFICATION || k == ONC_KIND_GAIN || k == ONC_KIND_LOSS || k == ONC_KIND_DELETION;
    return 0;
}

const onc_kb_group_t *cl_group_of(const onc_kb_t *kb, const onc_alt_t *a)
{
    for (size_t g = 0; g < onc_kb_n_groups(kb); g++) {
        const onc_kb_group_t *grp = onc_kb_group_at(kb, g);
        for (size_t r = 0; r < grp->n_rules; r++) {
            const onc_kb_group_rule_t *rule = &grp->rules[r];
            if (!test_finds(rule->test, a->kind)) continue;
            for (size_t p = 0; p < rule->n_alterations; p++) {
                bool hit = false;
                onc_err_t err = {0};
                if (onc_kb_pattern_matches(kb, rule->gene, rule->alterations[p], a, &hit, &err) == ONC_OK && hit)
                    return grp;
            }
        }
    }
    return NULL;
}

static unsigned cover_of(const char *test)
{
    if (!test) return 0;
    if (strcmp(test, "mutation") == 0) return ONC_COVER_MUTATION;
    if (strcmp(test, "fusion") == 0) return ONC_COVER_FUSION;
    if (strcmp(test, "cna") == 0) return ONC_COVER_CNA;
    return 0; /* ihc: sequencing does not exclude it */
}

/* Did one tissue sample test every rule of g? */
static int group_excluded(const onc_case_t *c, const onc_kb_group_t *g)
{
    for (size_t s = 0; s < c->n_samples; s++) {
        const onc_sample_t *sm = &c->samples[s];
        if (!sm->has_molecular || cl_sample_is_plasma(sm)) continue;
        int all = 1;
        for (size_t r = 0; all && r < g->n_rules; r++) {
            unsigned cover = cover_of(g->rules[r].test);
            all = cover && onc_sample_tested(sm, NULL, g->rules[r].gene, cover) == ONC_TRI_TRUE;
        }
        if (all) return 1;
    }
    return 0;
}

static int has_molecular(const onc_case_t *c)
{
    for (size_t s = 0; s < c->n_samples; s++)
        if (c->samples[s].has_molecular) return 1;
    return 0;
}

/* The copies the group's copy-number rule for a's gene needs (kb min_copies), NaN when none. */
static double min_copies_of(const onc_kb_group_t *g, const onc_class_alt_t *a)
{
    for (size_t r = 0; r < g->n_rules; r++)
        if (!isnan(g->rules[r].min_copies) && strcmp(g->rules[r].gene, a->gene) == 0 &&
            test_finds(g->rules[r].test, a->alt.kind))
            return g->rules[r].min_copies;
    return NAN;
}

/* A copy-number call defines a group with min_copies (MET_AMP: >= 10) only at a known level
 * that reaches it; otherwise it is reported with a warning (CLINICAL.md). */
static int copies_ok(onc_classification_t *cl, onc_class_alt_t *a)
{
    double min = min_copies_of(a->group, a);
    if (isnan(min) || (!isnan(a->alt.copies) && a->alt.copies >= min)) return 1;
    if (isnan(a->alt.copies))
        cl_warn(cl, "%s %s without a copy number: of unknown level, it does not define the %s group (>= %g copies)",
                a->gene, a->alt.alteration ? a->alt.alteration : "", a->group->id, min);
    else
        cl_warn(cl, "%s %s at %g copies: below the %g copies that define the %s group", a->gene,
                a->alt.alteration ? a->alt.alteration : "", a->alt.copies, min, a->group->id);
    return 0;
}

static onc_rc collect_drivers(onc_classification_t *cl, onc_err_t *err)
{
    for (size_t i = 0; i < cl->n_alts; i++) {
        onc_class_alt_t *a = &cl->alts[i];
        if (!a->group) continue;
        if (!copies_ok(cl, a)) {
            if (isnan(a->alt.copies)) a->group_unknown_level = a->group;
            a->group = NULL;
            continue;
        }
        if (a->role != ONC_ALT_ROLE_RESISTANCE) a->role = ONC_ALT_ROLE_DRIVER;
        if (cl_push(&cl->drivers, &cl->n_drivers, a)) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    return ONC_OK;
}

/* The roles of what is not a driver or a resistance: co-alteration when oncogenic. */
static void other_roles(onc_classification_t *cl)
{
    for (size_t i = 0; i < cl->n_alts; i++) {
        onc_class_alt_t *a = &cl->alts[i];
        if (a->group || a->role == ONC_ALT_ROLE_RESISTANCE) continue;
        onc_oncogenicity o = a->match.oncogenicity;
        a->role = onc_oncogenicity_is_oncogenic(o) || o == ONC_RESISTANCE || a->ihc ? ONC_ALT_ROLE_CO_ALTERATION
                                                                                 : ONC_ALT_ROLE_VUS;
    }
}

static onc_rc decide(onc_classification_t *cl, const onc_case_t *c, const onc_kb_t *kb, onc_err_t *err)
{
    if (cl->n_drivers) {
        const onc_class_alt_t *p = cl->drivers[0];
        cl->group_id = p->group->id;
        cl->group_label = p->group->label;
        for (size_t i = 0; i < cl->n_drivers; i++) {
            if (cl->drivers[i]->group != p->group) continue;
            char *e = cl_alt_label(cl->drivers[i]);
            if (!e || cl_push(&cl->evidence, &cl->n_evidence, e)) {
                free(e);
                return onc_err_set(err, ONC_ENOMEM, "out of memory");
            }
        }
        int several = 0;
        for (size_t i = 1; i < cl->n_drivers; i++) several |= cl->drivers[i]->group != p->group;
        if (several && cl_warn(cl, "several drivers found (%zu): all are reported; the primary group %s has the "
                                   "best ESCAT tier (ties: the order of the groups)", cl->n_drivers, p->group->id))
            return onc_err_set(err, ONC_ENOMEM, "out of memory");
    } else if (!has_molecular(c)) { /* IHC results alone are not a molecular assessment */
        cl->group_id = "NOT_ASSESSABLE";
        cl->group_label = "not assessable: no molecular result given";
    } else {
        cl->group_id = "NO_DRIVER";
        cl->group_label = "no driver found among what was tested";
    }
    (void)kb;
    return ONC_OK;
}

static int listed(const onc_classification_t *cl, const char *words)
{
    for (size_t i = 0; i < cl->n_not_assessed; i++)
        if (strcmp(cl->not_assessed[i], words) == 0) return 1;
    return 0;
}

static int group_found(const onc_classification_t *cl, const onc_kb_group_t *g)
{
    for (size_t i = 0; i < cl->n_drivers; i++) /* the same words: "EGFR mutation" was found */
        if (cl->drivers[i]->group == g || strcmp(cl->drivers[i]->group->assess, g->assess) == 0) return 1;
    return 0;
}

/* A call of unknown level leaves its group open even when the gene was tested. */
static int level_unknown(const onc_classification_t *cl, const onc_kb_group_t *g)
{
    for (size_t i = 0; i < cl->n_alts; i++)
        if (cl->alts[i].group_unknown_level == g) return 1;
    return 0;
}

static onc_rc not_assessed(onc_classification_t *cl, const onc_case_t *c, const onc_kb_t *kb, onc_err_t *err)
{
    if (strcmp(cl->group_id, "NOT_ASSESSABLE") == 0) return ONC_OK; /* nothing was assessed at all */
    for (size_t i = 0; i < onc_kb_n_groups(kb); i++) {
        const onc_kb_group_t *g = onc_kb_group_at(kb, i);
        if (group_found(cl, g) || (group_excluded(c, g) && !level_unknown(cl, g)) || listed(cl, g->assess)) continue;
        if (cl_push(&cl->not_assessed, &cl->n_not_assessed, g->assess))
            return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    int plasma = 0;
    for (size_t s = 0; s < c->n_samples; s++) plasma |= c->samples[s].has_molecular && cl_sample_is_plasma(&c->samples[s]);
    if (plasma && cl->n_not_assessed &&
        cl_warn(cl, "a plasma result excludes nothing: what it did not find is listed as not assessed (a tissue test "
                    "can exclude it)"))
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}

onc_rc cl_groups(onc_classification_t *cl, const onc_case_t *c, const onc_kb_t *kb, onc_err_t *err)
{
    onc_rc rc = collect_drivers(cl, err);
    if (rc != ONC_OK) return rc;
    if ((rc = sort_drivers(cl, kb, err)) != ONC_OK) return rc;
    other_roles(cl);
    if ((rc = decide(cl, c, kb, err)) != ONC_OK) return rc;
    return not_assessed(cl, c, kb, err);
}
