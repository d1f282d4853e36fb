/* stats_design.c: the design matrix of a model (Cox, logistic) as R's model.matrix builds it
 * from a formula: numeric columns as they are, factors dummy-coded with treatment contrasts, a
 * numeric column cut into a two-level factor, and two-way interactions as the products of the
 * two terms' columns, named as R names them. One builder serves `stats cox`, `stats logistic`,
 * the screen's covariates and the forest plot, so that a term means the same thing everywhere. */
#include "stats_surv_int.h"

#include "oncoboard/frame.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DESIGN_MAX_TERMS 64
#define DESIGN_TERM_MAX 256

onc_rc onc_design_init(onc_design_t *d, size_t n, onc_err_t *err)
{
    memset(d, 0, sizeof *d);
    d->n = n;
    (void)err;
    return ONC_OK;
}

void onc_design_free(onc_design_t *d)
{
    if (!d) return;
    for (size_t j = 0; j < d->p; j++) free(d->names[j]);
    for (size_t t = 0; t < d->n_terms; t++) free(d->term_names[t]), free(d->term_ref[t]);
    free(d->names), free(d->term), free(d->x);
    free(d->term_names), free(d->term_ref), free(d->term_a), free(d->term_b);
    memset(d, 0, sizeof *d);
}

/* Adds one column (values v, NaN missing) named name (copied), of the term being added. */
static onc_rc design_push(onc_design_t *d, const char *name, const double *v, onc_err_t *err)
{
    if (d->p >= ONC_SURV_MAX_COVARIATES)
        return onc_err_set(err, ONC_ELIMIT, "more than %d model columns", ONC_SURV_MAX_COVARIATES);
    size_t p = d->p + 1;
    double *x = malloc((d->n ? d->n : 1) * p * sizeof *x);
    char **names = realloc(d->names, p * sizeof *names);
    if (names) d->names = names;
    int *terms = realloc(d->term, p * sizeof *terms);
    if (terms) d->term = terms;
    char *copy = strdup(name);
    if (!x || !names || !terms || !copy) {
        free(x), free(copy);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    d->term[d->p] = (int)d->n_terms;
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = 0; j < d->p; j++) x[i * p + j] = d->x[i * d->p + j];
        x[i * p + d->p] = v[i];
    }
    free(d->x);
    d->x = x;
    d->names[d->p] = copy;
    d->p = p;
    return ONC_OK;
}

/* Closes the term whose columns were just pushed: its name, reference level and parents. */
static onc_rc design_close_term(onc_design_t *d, const char *name, const char *ref, int ta, int tb, onc_err_t *err)
{
    size_t t = d->n_terms, k = t + 1;
    char **tn = realloc(d->term_names, k * sizeof *tn);
    if (tn) d->term_names = tn;
    char **tr = realloc(d->term_ref, k * sizeof *tr);
    if (tr) d->term_ref = tr;
    int *a = realloc(d->term_a, k * sizeof *a);
    if (a) d->term_a = a;
    int *b = realloc(d->term_b, k * sizeof *b);
    if (b) d->term_b = b;
    char *name_copy = strdup(name), *ref_copy = ref ? strdup(ref) : NULL;
    if (!tn || !tr || !a || !b || !name_copy || (ref && !ref_copy)) {
        free(name_copy), free(ref_copy);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    d->term_names[t] = name_copy, d->term_ref[t] = ref_copy, d->term_a[t] = ta, d->term_b[t] = tb;
    d->n_terms = k;
    return ONC_OK;
}

onc_rc onc_design_add_numeric(onc_design_t *d, const char *name, const double *v, onc_err_t *err)
{
    onc_rc rc = design_push(d, name, v, err);
    return rc == ONC_OK ? design_close_term(d, name, NULL, -1, -1, err) : rc;
}

onc_rc onc_design_add_factor(onc_design_t *d, const char *name, const int *code, const char *const *levels,
                             size_t n_levels, onc_err_t *err)
{
    if (n_levels < 2) return onc_err_set(err, ONC_EINVAL, "covariate %s has fewer than two levels", name);
    double *v = malloc((d->n ? d->n : 1) * sizeof *v);
    if (!v) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = ONC_OK;
    for (size_t l = 1; l < n_levels && rc == ONC_OK; l++) {
        for (size_t i = 0; i < d->n; i++) v[i] = code[i] < 0 ? NAN : (code[i] == (int)l ? 1 : 0);
        char col[ONC_DESIGN_NAME_MAX];
        int len = snprintf(col, sizeof col, "%s%s", name, levels[l]);
        if (len < 0 || (size_t)len >= sizeof col) rc = onc_err_set(err, ONC_ELIMIT, "covariate name %s too long", name);
        else rc = design_push(d, col, v, err);
    }
    free(v);
    return rc == ONC_OK ? design_close_term(d, name, levels[0], -1, -1, err) : rc;
}

/* The first column of term t and the number of its columns. */
static size_t term_columns(const onc_design_t *d, size_t t, size_t *first)
{
    size_t k = 0;
    for (size_t j = 0; j < d->p; j++)
        if (d->term[j] == (int)t && !k++) *first = j;
    return k;
}

onc_rc onc_design_add_interaction(onc_design_t *d, size_t ta, size_t tb, onc_err_t *err)
{
    if (ta >= d->n_terms || tb >= d->n_terms || ta == tb || d->term_a[ta] >= 0 || d->term_a[tb] >= 0)
        return onc_err_set(err, ONC_EINVAL, "an interaction needs two different main effects");
    char name[ONC_DESIGN_NAME_MAX];
    int len = snprintf(name, sizeof name, "%s:%s", d->term_names[ta], d->term_names[tb]);
    if (len < 0 || (size_t)len >= sizeof name) return onc_err_set(err, ONC_ELIMIT, "interaction name too long");
    size_t fa = 0, fb = 0, ka = term_columns(d, ta, &fa), kb = term_columns(d, tb, &fb);
    double *v = malloc((d->n ? d->n : 1) * sizeof *v);
    if (!v) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = ONC_OK;
    for (size_t jb = fb; jb < fb + kb && rc == ONC_OK; jb++) /* the first term's columns vary fastest, as R */
        for (size_t ja = fa; ja < fa + ka && rc == ONC_OK; ja++) {
            for (size_t i = 0; i < d->n; i++) v[i] = d->x[i * d->p + ja] * d->x[i * d->p + jb];
            char col[ONC_DESIGN_NAME_MAX];
            len = snprintf(col, sizeof col, "%s:%s", d->names[ja], d->names[jb]);
            if (len < 0 || (size_t)len >= sizeof col) rc = onc_err_set(err, ONC_ELIMIT, "column name %s too long", name);
            else rc = design_push(d, col, v, err);
        }
    free(v);
    return rc == ONC_OK ? design_close_term(d, name, NULL, (int)ta, (int)tb, err) : rc;
}

int onc_design_find_term(const onc_design_t *d, const char *name)
{
    for (size_t t = 0; t < d->n_terms; t++) {
        if (!strcmp(d->term_names[t], name)) return (int)t;
        if (d->term_a[t] < 0) continue;
        const char *a = d->term_names[d->term_a[t]], *b = d->term_names[d->term_b[t]];
        size_t lb = strlen(b);
        if (!strncmp(name, b, lb) && name[lb] == ':' && !strcmp(name + lb + 1, a)) return (int)t;
    }
    return -1;
}

/* ---------------------------------------------------------------- reading a table */

/* The value of "VAR=VALUE" in list for var, or NULL. */
static const char *keyed(const char *const *list, size_t n, const char *var)
{
    size_t len = strlen(var);
    for (size_t r = 0; r < n; r++)
        if (!strncmp(list[r], var, len) && list[r][len] == '=') return list[r] + len + 1;
    return NULL;
}

static bool in_list(const char *list, const char *name)
{
    size_t len = strlen(name);
    for (const char *s = list; s && *s;) {
        size_t l = strcspn(s, ",");
        if (l == len && !strncmp(s, name, len)) return true;
        s += l + (s[l] == ',');
    }
    return false;
}

/* VAR >= cut as a factor: "<cut" (the reference) and ">=cut"; a missing value stays missing. */
static onc_rc cut_factor(const onc_frame_t *f, const char *name, const char *cut, onc_factor_t *fa,
                         char labels[2][ONC_DESIGN_CUT_MAX], onc_err_t *err)
{
    char *end = NULL;
    double c = strtod(cut, &end);
    if (end == cut || *end || !isfinite(c))
        return onc_err_set(err, ONC_EINVAL, "cut %s=%s: the cut-off is not a number", name, cut);
    if (strlen(cut) + 3 > ONC_DESIGN_CUT_MAX) return onc_err_set(err, ONC_ELIMIT, "cut %s=%s: too long", name, cut);
    size_t n = onc_frame_rows(f);
    double *v = malloc((n ? n : 1) * sizeof *v);
    memset(fa, 0, sizeof *fa);
    fa->code = malloc((n ? n : 1) * sizeof *fa->code);
    fa->levels = malloc(2 * sizeof *fa->levels);
    if (!v || !fa->code || !fa->levels) {
        free(v), onc_factor_free(fa);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    onc_rc rc = onc_frame_numeric(f, name, v, NULL, err);
    for (size_t i = 0; rc == ONC_OK && i < n; i++) fa->code[i] = isnan(v[i]) ? -1 : v[i] >= c;
    free(v);
    if (rc != ONC_OK) {
        onc_factor_free(fa);
        return rc;
    }
    snprintf(labels[0], ONC_DESIGN_CUT_MAX, "<%s", cut);
    snprintf(labels[1], ONC_DESIGN_CUT_MAX, ">=%s", cut);
    fa->levels[0] = labels[0], fa->levels[1] = labels[1];
    fa->n_levels = 2, fa->n = n;
    return ONC_OK;
}

onc_rc onc_design_factor(const onc_frame_t *f, const onc_design_spec_t *s, const char *name, onc_factor_t *fa,
                         char labels[2][ONC_DESIGN_CUT_MAX], onc_err_t *err)
{
    const char *cut = keyed(s->cuts, s->n_cuts, name);
    if (cut) return cut_factor(f, name, cut, fa, labels, err);
    return onc_frame_factor(f, name, keyed(s->refs, s->n_refs, name), fa, err);
}

/* One main effect: numeric when it reads as numbers and is not named as a factor. */
static onc_rc add_main(onc_design_t *d, const onc_frame_t *f, const onc_design_spec_t *s, const char *name,
                       onc_err_t *err)
{
    bool named = in_list(s->factors, name) || keyed(s->refs, s->n_refs, name) || keyed(s->cuts, s->n_cuts, name);
    if (!named) {
        double *v = malloc((d->n ? d->n : 1) * sizeof *v);
        if (!v) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        onc_err_t e2 = {0};
        onc_rc rc = onc_frame_numeric(f, name, v, NULL, &e2);
        if (rc == ONC_OK) rc = onc_design_add_numeric(d, name, v, err);
        else if (rc != ONC_EPARSE || s->numeric_only) *err = e2;
        free(v);
        if (rc != ONC_EPARSE || s->numeric_only) return rc;
    }
    char labels[2][ONC_DESIGN_CUT_MAX];
    onc_factor_t fa;
    onc_rc rc = onc_design_factor(f, s, name, &fa, labels, err);
    if (rc != ONC_OK) return rc;
    rc = onc_design_add_factor(d, name, fa.code, fa.levels, fa.n_levels, err);
    onc_factor_free(&fa);
    return rc;
}

/* The terms of a formula: main effects in order of appearance, then interactions (a, b). */
typedef struct formula {
    char main[DESIGN_MAX_TERMS][DESIGN_TERM_MAX];
    char inter[DESIGN_MAX_TERMS][2][DESIGN_TERM_MAX];
    size_t n_main, n_inter;
} formula_t;

static onc_rc add_main_name(formula_t *fm, const char *s, size_t len, onc_err_t *err)
{
    if (len == 0 || len >= DESIGN_TERM_MAX) return onc_err_set(err, ONC_EINVAL, "covariates: an empty or too long name");
    for (size_t i = 0; i < fm->n_main; i++)
        if (strlen(fm->main[i]) == len && !strncmp(fm->main[i], s, len)) return ONC_OK;
    if (fm->n_main >= DESIGN_MAX_TERMS) return onc_err_set(err, ONC_ELIMIT, "more than %d terms", DESIGN_MAX_TERMS);
    memcpy(fm->main[fm->n_main], s, len);
    fm->main[fm->n_main++][len] = 0;
    return ONC_OK;
}

/* a:b (sep ':') or a*b (sep '*', which also adds a and b) from the item s of length len. */
static onc_rc add_inter(formula_t *fm, const char *s, size_t len, char sep, onc_err_t *err)
{
    const char *mid = memchr(s, sep, len);
    size_t la = (size_t)(mid - s), lb = len - la - 1;
    if (memchr(mid + 1, ':', lb) || memchr(mid + 1, '*', lb) || memchr(s, sep == ':' ? '*' : ':', la))
        return onc_err_set(err, ONC_EINVAL, "covariates %.*s: only two-way interactions are supported", (int)len, s);
    if (la == 0 || lb == 0 || la >= DESIGN_TERM_MAX || lb >= DESIGN_TERM_MAX)
        return onc_err_set(err, ONC_EINVAL, "covariates %.*s: an interaction needs two names", (int)len, s);
    onc_rc rc = ONC_OK;
    if (sep == '*' && (rc = add_main_name(fm, s, la, err)) == ONC_OK) rc = add_main_name(fm, mid + 1, lb, err);
    if (rc != ONC_OK) return rc;
    for (size_t i = 0; i < fm->n_inter; i++) {
        const char *a = fm->inter[i][0], *b = fm->inter[i][1];
        bool ab = strlen(a) == la && !strncmp(a, s, la) && strlen(b) == lb && !strncmp(b, mid + 1, lb);
        bool ba = strlen(b) == la && !strncmp(b, s, la) && strlen(a) == lb && !strncmp(a, mid + 1, lb);
        if (ab || ba) return ONC_OK;
    }
    if (fm->n_inter >= DESIGN_MAX_TERMS) return onc_err_set(err, ONC_ELIMIT, "more than %d terms", DESIGN_MAX_TERMS);
    memcpy(fm->inter[fm->n_inter][0], s, la), fm->inter[fm->n_inter][0][la] = 0;
    memcpy(fm->inter[fm->n_inter][1], mid + 1, lb), fm->inter[fm->n_inter][1][lb] = 0;
    fm->n_inter++;
    return ONC_OK;
}

static onc_rc parse_formula(const char *terms, formula_t *fm, onc_err_t *err)
{
    memset(fm, 0, sizeof *fm);
    onc_rc rc = ONC_OK;
    for (const char *s = terms; rc == ONC_OK && s && *s;) {
        size_t len = strcspn(s, ",");
        if (memchr(s, '*', len)) rc = add_inter(fm, s, len, '*', err);
        else if (memchr(s, ':', len)) rc = add_inter(fm, s, len, ':', err);
        else rc = add_main_name(fm, s, len, err);
        s += len + (s[len] == ',');
    }
    if (rc == ONC_OK && fm->n_main == 0) rc = onc_err_set(err, ONC_EINVAL, "covariates: no term");
    return rc;
}

onc_rc onc_design_build(onc_design_t *d, const onc_frame_t *f, const onc_design_spec_t *s, onc_err_t *err)
{
    formula_t *fm = malloc(sizeof *fm);
    if (!fm) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = onc_design_init(d, onc_frame_rows(f), err);
    if (rc == ONC_OK) rc = parse_formula(s->terms, fm, err);
    for (size_t t = 0; rc == ONC_OK && t < fm->n_main; t++) rc = add_main(d, f, s, fm->main[t], err);
    for (size_t i = 0; rc == ONC_OK && i < fm->n_inter; i++) {
        int ta = onc_design_find_term(d, fm->inter[i][0]), tb = onc_design_find_term(d, fm->inter[i][1]);
        if (ta < 0 || tb < 0)
            rc = onc_err_set(err, ONC_EINVAL, "covariates %s:%s: an interaction needs both main effects in the model",
                             fm->inter[i][0], fm->inter[i][1]);
        else rc = onc_design_add_interaction(d, (size_t)ta, (size_t)tb, err);
    }
    free(fm);
    return rc;
}
