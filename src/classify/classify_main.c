/* classify_main.c: onc_classify(): the case's alterations read once (every sample, every
 * referenced file), merged into distinct items, each matched against the knowledge base in
 * the tumor type; IHC results added as evidence of their own kind; then the steps of the
 * other classify_*.c files run in order: groups, resistance, comparison, germline, immuno. */
#include "classify_int.h"

#include "oncoboard/io.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void onc_classify_opts_init(onc_classify_opts_t *o)
{
    memset(o, 0, sizeof *o);
}

const char *onc_alt_role_name(onc_alt_role r)
{
    static const char *const names[] = {"driver", "co-alteration", "resistance", "vus"};
    return (unsigned)r < 4 ? names[r] : "vus";
}

int onc_escat_rank(const char *tier)
{
    static const char *const tiers[] = {"I-A", "I-B", "I-C", "II-A", "II-B", "III-A",
                                        "III-B", "IV-A", "IV-B", "V", "X"};
    for (int i = 0; tier && i < 11; i++)
        if (strcmp(tier, tiers[i]) == 0) return i;
    return 11;
}

/* ---- shared helpers ---- */

int cl_push(void *arr, size_t *n, const void *p)
{
    const void ***a = arr;
    const void **grown = realloc((void *)*a, (*n + 1) * sizeof *grown);
    if (!grown) return -1;
    grown[(*n)++] = p;
    *a = grown;
    return 0;
}

int cl_warn(onc_classification_t *cl, const char *fmt, ...)
{
    if (cl->n_warnings > CLASSIFY_MAX_WARNINGS) return 0;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (cl->n_warnings == CLASSIFY_MAX_WARNINGS) snprintf(buf, sizeof buf, "more warnings left out");
    for (size_t i = 0; i < cl->n_warnings; i++) /* the same fact said once */
        if (strcmp(cl->warnings[i], buf) == 0) return 0;
    char *s = strdup(buf);
    if (!s || cl_push(&cl->warnings, &cl->n_warnings, s)) {
        free(s);
        return -1;
    }
    return 0;
}

int cl_sample_is_plasma(const onc_sample_t *s)
{
    return s->type == ONC_SPECIMEN_PLASMA || s->molecular.specimen == ONC_SPECIMEN_PLASMA;
}

size_t cl_sample_index(const onc_case_t *c, const char *id)
{
    for (size_t i = 0; id && i < c->n_samples; i++)
        if (c->samples[i].id && strcmp(c->samples[i].id, id) == 0) return i;
    return c->n_samples;
}

char *cl_alt_label(const onc_class_alt_t *a)
{
    const char *gene = a->alt.gene ? a->alt.gene : "?", *alt = a->alt.alteration ? a->alt.alteration : "";
    /* a fusion's text names both partners already */
    if (a->alt.kind == ONC_KIND_FUSION && a->alt.alteration && strstr(a->alt.alteration, gene)) return strdup(alt);
    size_t n = strlen(gene) + strlen(alt) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%s%s", gene, *alt ? " " : "", alt);
    return s;
}

int cl_agent_received(const onc_case_t *c, const char *agent)
{
    for (size_t t = 0; t < c->n_therapies; t++)
        for (size_t i = 0; i < c->therapies[t].n_agents; i++)
            if (c->therapies[t].agents[i] && strcasecmp(c->therapies[t].agents[i], agent) == 0) return 1;
    return 0;
}

/* ---- alterations ---- */

#define IHC_SOURCE "biomarkers.ihc" /* the source of the items made from IHC results */

static int same_alt(const onc_alt_t *x, const onc_alt_t *y)
{
    return x->kind == y->kind && x->gene && y->gene && strcmp(x->gene, y->gene) == 0 &&
           ((!x->alteration && !y->alteration) ||
            (x->alteration && y->alteration && strcmp(x->alteration, y->alteration) == 0));
}

/* The best ESCAT tier of the sensitive evidence that applies. */
static const char *best_sensitive_escat(const onc_kb_match_t *m)
{
    const char *best = NULL;
    for (size_t i = 0; i < m->n_applied; i++)
        if (m->applied[i].ev->effect == ONC_EV_SENSITIVE && onc_escat_rank(m->applied[i].escat) < onc_escat_rank(best))
            best = m->applied[i].escat;
    return best;
}

/* The gene a fusion is about: the partner a group rule names, else the one the kb knows. */
static const char *fusion_gene(const onc_kb_t *kb, const onc_class_alt_t *it)
{
    const onc_alt_t *a = &it->alt;
    if (!a->partner) return a->gene;
    for (size_t r = 0; it->group && r < it->group->n_rules; r++) {
        if (strcmp(it->group->rules[r].gene, a->gene) == 0) return a->gene;
        if (strcmp(it->group->rules[r].gene, a->partner) == 0) return a->partner;
    }
    if (onc_kb_gene_role(kb, a->gene) == ONC_ROLE_UNKNOWN && onc_kb_gene_role(kb, a->partner) != ONC_ROLE_UNKNOWN)
        return a->partner;
    return a->gene;
}

/* Matches a new item; an alteration the matcher cannot read is kept as Unknown, with a warning. */
static onc_rc match_item(onc_classification_t *cl, const onc_kb_t *kb, onc_class_alt_t *it, onc_err_t *err)
{
    onc_err_t merr = {0};
    if (onc_kb_match(kb, &it->alt, cl->tumor_type, &it->match, &merr) != ONC_OK) {
        if (merr.code == ONC_EINVAL) return onc_err_set(err, ONC_EINVAL, "%s", merr.msg);
        memset(&it->match, 0, sizeof it->match);
        it->match.oncogenicity = ONC_ONCOGENICITY_UNKNOWN;
        it->match.effect = "Unknown";
        if (it->alt.alteration && /* without one the reader has said why */
            cl_warn(cl, "%s %s: the change could not be read (%s); reported as Unknown", it->alt.gene,
                    it->alt.alteration, merr.msg))
            return onc_err_set(err, ONC_ENOMEM, "out of memory");
        return ONC_OK;
    }
    if (it->match.role == ONC_ROLE_UNKNOWN && it->match.n_relevant == 0 && !it->match.hotspot &&
        cl_warn(cl, "gene %s is not in the knowledge base: %s reported as Unknown", it->alt.gene,
                it->alt.alteration ? it->alt.alteration : "its alteration"))
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    it->group = cl_group_of(kb, &it->alt);
    it->escat = best_sensitive_escat(&it->match);
    it->gene = it->alt.kind == ONC_KIND_FUSION ? fusion_gene(kb, it) : it->alt.gene;
    return ONC_OK;
}

/* Adds a or marks the sample on the item already holding it. */
static onc_rc add_alt(onc_classification_t *cl, const onc_case_t *c, const onc_kb_t *kb, const onc_alt_t *a,
                      onc_err_t *err)
{
    size_t s = cl_sample_index(c, a->sample);
    unsigned bit = s < 32 ? 1u << s : 0;
    for (size_t i = 0; i < cl->n_alts; i++)
        if (same_alt(&cl->alts[i].alt, a)) {
            cl->alts[i].samples |= bit;
            return ONC_OK;
        }
    if (cl->n_alts >= CLASSIFY_MAX_ALTS)
        return onc_err_set(err, ONC_ELIMIT, "%s: more than %d distinct alterations", c->name ? c->name : c->id,
                           CLASSIFY_MAX_ALTS);
    onc_class_alt_t *grown = realloc(cl->alts, (cl->n_alts + 1) * sizeof *grown);
    if (!grown) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    cl->alts = grown;
    onc_class_alt_t *it = &cl->alts[cl->n_alts];
    memset(it, 0, sizeof *it);
    if (onc_alt_copy(&it->alt, a) != ONC_OK) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    cl->n_alts++;
    it->samples = bit;
    it->gene = it->alt.gene;
    if (a->kind == ONC_KIND_BIOMARKER && a->source && strcmp(a->source, IHC_SOURCE) == 0) { /* no kb entry */
        it->match.oncogenicity = ONC_ONCOGENICITY_UNKNOWN;
        it->match.effect = "Unknown";
        return ONC_OK;
    }
    return match_item(cl, kb, it, err);
}

/* The case reader repeats the case's own warnings as "line N: ..." (the case's have the file
 * name): said once. */
static int said_already(const onc_classification_t *cl, const char *w)
{
    if (strncmp(w, "line ", 5) != 0) return 0;
    const char *rest = strstr(w, ": ");
    for (size_t i = 0; rest && i < cl->n_warnings; i++)
        if (strstr(cl->warnings[i], rest + 2)) return 1;
    return 0;
}

static onc_rc read_alts(onc_classification_t *cl, const onc_case_t *c, const onc_kb_t *kb,
                        const onc_classify_opts_t *o, onc_err_t *err)
{
    onc_read_opts_t ro;
    onc_read_opts_init(&ro);
    ro.kb_dir = o->kb_dir;
    onc_reader_t *r = onc_case_reader_open(c, &ro, err);
    if (!r) return err ? err->code : ONC_EIO;
    onc_alt_t a;
    int ret = 0;
    cl_tmb_t tmb;
    onc_rc rc = cl_tmb_start(&tmb, c, err);
    while (rc == ONC_OK && (ret = onc_reader_next(r, &a)) == 0) {
        rc = cl_tmb_add(&tmb, c, &a, err);
        if (rc == ONC_OK && a.gene) rc = add_alt(cl, c, kb, &a, err);
    }
    if (rc == ONC_OK && ret < -1) rc = onc_err_set(err, ONC_EPARSE, "%s", onc_reader_errmsg(r));
    for (size_t i = 0; rc == ONC_OK && i < onc_reader_n_warnings(r); i++)
        if (!said_already(cl, onc_reader_warning(r, i)) && cl_warn(cl, "%s", onc_reader_warning(r, i)))
            rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_reader_close(r);
    onc_rc trc = cl_tmb_finish(&tmb, cl, c, err); /* frees the count even after an error */
    return rc != ONC_OK ? rc : trc;
}

/* ---- IHC: protein results, evidence of their own kind (CLINICAL.md) ---- */

static const char *ihc_text(const onc_ihc_t *h, char *buf, size_t n)
{
    if (h->score) snprintf(buf, n, "IHC %s", h->score);
    else if (h->result) snprintf(buf, n, "IHC %s", onc_ihc_result_names[h->result]);
    else if (h->intensity) snprintf(buf, n, "IHC %s", h->intensity);
    else snprintf(buf, n, "IHC");
    return buf;
}

/* ALK IHC positive (D5F3 is a companion diagnostic) supports ALK_FUSION; HER2 and c-MET IHC
 * are protein results reported beside the genomic ones, never ERBB2_AMP or MET_AMP. */
static onc_rc add_ihc(onc_classification_t *cl, const onc_case_t *c, const onc_kb_t *kb, const onc_ihc_t *h,
                      onc_err_t *err)
{
    const char *gene = NULL, *note = NULL;
    if (!h->marker) return ONC_OK;
    if (strcasecmp(h->marker, "ALK") == 0) {
        if (h->result != ONC_IHC_POSITIVE) return ONC_OK;
        gene = "ALK";
        note = "ALK protein expression by IHC: supports an ALK fusion (IHC, not sequencing)";
    } else if (strcasecmp(h->marker, "HER2") == 0 || strcasecmp(h->marker, "ERBB2") == 0) {
        gene = "ERBB2";
        note = "HER2 protein by IHC: a protein result, not ERBB2 amplification";
    } else if (strcasecmp(h->marker, "c-MET") == 0 || strcasecmp(h->marker, "MET") == 0) {
        gene = "MET";
        note = "c-MET protein by IHC: a protein result, not MET amplification";
    } else {
        return ONC_OK;
    }
    char text[64];
    onc_alt_t a;
    onc_alt_init(&a);
    a.gene = gene;
    a.kind = ONC_KIND_BIOMARKER;
    a.alteration = ihc_text(h, text, sizeof text);
    a.sample = c->n_samples ? c->samples[0].id : c->id;
    a.source = IHC_SOURCE;
    size_t before = cl->n_alts;
    onc_rc rc = add_alt(cl, c, kb, &a, err);
    if (rc != ONC_OK || cl->n_alts == before) return rc;
    onc_class_alt_t *it = &cl->alts[cl->n_alts - 1];
    it->ihc = true;
    it->note = note;
    it->samples = 0; /* a biomarker of the case, not of a sequenced sample */
    it->group = NULL;
    if (strcmp(gene, "ALK") == 0)
        for (size_t g = 0; g < onc_kb_n_groups(kb); g++)
            if (strcmp(onc_kb_group_at(kb, g)->id, "ALK_FUSION") == 0) it->group = onc_kb_group_at(kb, g);
    return ONC_OK;
}

/* ---- dates ---- */

static int after(onc_date_t d, onc_date_t today)
{
    return !onc_date_is_missing(d) && !onc_date_is_missing(today) && onc_date_days(d) > onc_date_days(today);
}

static onc_rc check_dates(onc_classification_t *cl, const onc_case_t *c, onc_date_t today, onc_err_t *err)
{
    char buf[11];
    int bad = 0;
    if (after(c->diagnosis.date, today))
        bad |= cl_warn(cl, "diagnosis.date %s is in the future", onc_date_format(c->diagnosis.date, buf));
    if (after(c->birth_date, today))
        bad |= cl_warn(cl, "birth_date %s is in the future", onc_date_format(c->birth_date, buf));
    for (size_t i = 0; i < c->n_samples; i++)
        if (after(c->samples[i].collected, today))
            bad |= cl_warn(cl, "%s.collected %s is in the future", c->samples[i].path,
                           onc_date_format(c->samples[i].collected, buf));
    for (size_t i = 0; i < c->n_therapies; i++) {
        const onc_therapy_t *t = &c->therapies[i];
        if (after(t->start, today))
            bad |= cl_warn(cl, "therapies[%zu].start %s is in the future", i, onc_date_format(t->start, buf));
    }
    return bad ? onc_err_set(err, ONC_ENOMEM, "out of memory") : ONC_OK;
}

/* ---- the whole ---- */

onc_rc onc_classify(const onc_case_t *c, const onc_kb_t *kb, const onc_classify_opts_t *opts,
                    onc_classification_t **out, onc_err_t *err)
{
    onc_classify_opts_t defaults;
    if (!opts) {
        onc_classify_opts_init(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    onc_classification_t *cl = calloc(1, sizeof *cl);
    if (!cl) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    cl->tumor_type = opts->tumor_type ? opts->tumor_type : c->diagnosis.oncotree_code;
    cl->immuno.pdl1_tps = cl->immuno.tmb = cl->immuno.tmb_panel_mb = cl->immuno.tmb_threshold = NAN;
    cl->immuno.tmb_mutations = -1;
    onc_rc rc = ONC_OK;
    if (!cl->tumor_type && cl_warn(cl, "no tumor type (diagnosis.oncotree_code or --tumor-type): evidence of "
                                       "every tumor type is listed at its curated level"))
        rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ONC_OK && i < c->n_warnings; i++)
        if (cl_warn(cl, "%s", c->warnings[i])) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) rc = check_dates(cl, c, opts->today, err);
    if (rc == ONC_OK) rc = read_alts(cl, c, kb, opts, err);
    for (size_t i = 0; rc == ONC_OK && i < c->biomarkers.n_ihc; i++) rc = add_ihc(cl, c, kb, &c->biomarkers.ihc[i], err);
    if (rc == ONC_OK) rc = cl_resistance(cl, c, err);
    if (rc == ONC_OK) rc = cl_groups(cl, c, kb, err);
    if (rc == ONC_OK) rc = cl_compare(cl, c, err);
    if (rc == ONC_OK) rc = cl_germline(cl, kb, err);
    if (rc == ONC_OK) rc = cl_immuno(cl, c, kb, err);
    if (rc != ONC_OK) {
        onc_classification_free(cl);
        return rc;
    }
    *out = cl;
    return ONC_OK;
}

static void free_items(onc_class_item_t *a) { free(a); }

void onc_classification_free(onc_classification_t *cl)
{
    if (!cl) return;
    for (size_t i = 0; i < cl->n_evidence; i++) free(cl->evidence[i]);
    free(cl->evidence);
    free(cl->drivers);
    free(cl->not_assessed);
    for (size_t i = 0; i < cl->n_alts; i++) {
        onc_alt_free(&cl->alts[i].alt);
        free(cl->alts[i].resistant_agents);
    }
    free(cl->alts);
    free(cl->immuno.negative_predictors);
    free(cl->immuno.summary);
    if (cl->comparison) {
        free_items(cl->comparison->gained);
        free_items(cl->comparison->lost);
        free_items(cl->comparison->persistent);
        free_items(cl->comparison->not_evaluable);
        free(cl->comparison);
    }
    for (size_t i = 0; i < cl->n_warnings; i++) free(cl->warnings[i]);
    free(cl->warnings);
    free(cl);
}
