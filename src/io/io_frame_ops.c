/* io_frame_ops.c: subsets and derived groups of a cohort table (frame.h), so that an analysis
 * can be run on "NSCLC only" or "the top 20% of TMB within each cancer type against the rest"
 * without the groups being computed by hand: conditions on columns (`--where`), the rows that
 * pass them kept, and a new two-level column cut at a number or a quantile (`--cut`).
 *
 * Quantiles are R's type 7 (quantile()'s default) in R's own arithmetic, so that a cut-point
 * matches the one a biostatistician gets in R to the last bit. */
#include "io_frame_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- parsing helpers */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    return s;
}

/* Two copies of expr in one allocation: the first kept as written (for messages), the second
 * to be cut. NULL when too long or out of memory (err says which). */
static char *copy_twice(const char *expr, const char *what, const char **as_written, onc_err_t *err)
{
    size_t len = strnlen(expr, ONC_COND_MAX_TEXT + 1);
    if (len > ONC_COND_MAX_TEXT) {
        onc_err_set(err, ONC_ELIMIT, "%s: longer than %d bytes", what, ONC_COND_MAX_TEXT);
        return NULL;
    }
    char *t = malloc(2 * (len + 1));
    if (!t) {
        onc_err_set(err, ONC_ENOMEM, "out of memory");
        return NULL;
    }
    memcpy(t, expr, len);
    t[len] = '\0';
    memcpy(t + len + 1, expr, len + 1);
    t[2 * len + 1] = '\0';
    *as_written = t;
    return t + len + 1;
}

/* ---------------------------------------------------------------- conditions */

void onc_frame_cond_free(onc_frame_cond_t *c)
{
    if (!c) return;
    free(c->text);
    free(c->values);
    free(c->numbers);
    memset(c, 0, sizeof *c);
}

static onc_rc add_values(onc_frame_cond_t *c, size_t n, onc_err_t *err)
{
    c->values = calloc(n, sizeof *c->values);
    c->numbers = calloc(n, sizeof *c->numbers);
    return c->values && c->numbers ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
}

/* COL op V, the operator at t[k]. */
static onc_rc split_comparison(onc_frame_cond_t *c, char *t, size_t k, onc_err_t *err)
{
    char op = t[k], next = t[k + 1];
    size_t skip = 1;
    if (op == '=') c->op = ONC_COND_EQ, skip = next == '=' ? 2 : 1;
    else if (op == '!' && next == '=') c->op = ONC_COND_NE, skip = 2;
    else if (op == '<') c->op = next == '=' ? ONC_COND_LE : ONC_COND_LT, skip = next == '=' ? 2 : 1;
    else if (op == '>') c->op = next == '=' ? ONC_COND_GE : ONC_COND_GT, skip = next == '=' ? 2 : 1;
    else return onc_err_set(err, ONC_EINVAL, "'%s': '!' must be followed by '='", c->expr);
    t[k] = '\0';
    c->col = trim(t);
    onc_rc rc = add_values(c, 1, err);
    if (rc != ONC_OK) return rc;
    c->values[0] = trim(t + k + skip);
    c->n_values = 1;
    return ONC_OK;
}

/* COL in A|B|C, at the last " in ". */
static onc_rc split_in(onc_frame_cond_t *c, char *t, onc_err_t *err)
{
    char *at = NULL;
    for (char *p = strstr(t, " in "); p; p = strstr(p + 1, " in ")) at = p;
    if (!at)
        return onc_err_set(err, ONC_EINVAL, "'%s': no operator (COL=V, COL!=V, COL<V, COL<=V, COL>V, COL>=V, COL in A|B)",
                           c->expr);
    *at = '\0';
    c->op = ONC_COND_IN;
    c->col = trim(t);
    char *list = at + 4;
    size_t n = 1;
    for (const char *p = list; *p; p++) n += *p == '|';
    if (n > ONC_COND_MAX_VALUES)
        return onc_err_set(err, ONC_ELIMIT, "'%s': more than %d values", c->expr, ONC_COND_MAX_VALUES);
    onc_rc rc = add_values(c, n, err);
    for (char *p = list; rc == ONC_OK && c->n_values < n;) {
        size_t len = strcspn(p, "|");
        char *next = p + len + (p[len] == '|');
        p[len] = '\0';
        c->values[c->n_values++] = trim(p);
        p = next;
    }
    return rc;
}

/* Every value present; numbers where they are; < <= > >= need one. */
static onc_rc check_values(onc_frame_cond_t *c, onc_err_t *err)
{
    if (!*c->col) return onc_err_set(err, ONC_EINVAL, "'%s': no column name before the operator", c->expr);
    bool ordered = c->op != ONC_COND_EQ && c->op != ONC_COND_NE && c->op != ONC_COND_IN;
    for (size_t k = 0; k < c->n_values; k++) {
        if (!*c->values[k]) return onc_err_set(err, ONC_EINVAL, "'%s': an empty value", c->expr);
        if (!frame_parse_number(c->values[k], &c->numbers[k])) c->numbers[k] = NAN;
        if (ordered && isnan(c->numbers[k]))
            return onc_err_set(err, ONC_EINVAL, "'%s': '%s' is not a number (<, <=, >, >= compare numbers)", c->expr,
                               c->values[k]);
    }
    return ONC_OK;
}

onc_rc onc_frame_cond_parse(const char *expr, onc_frame_cond_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    char *t = copy_twice(expr, "a condition", &out->expr, err);
    if (!t) return err->code;
    out->text = (char *)out->expr;
    size_t k = strcspn(t, "=!<>");
    onc_rc rc = t[k] ? split_comparison(out, t, k, err) : split_in(out, t, err);
    if (rc == ONC_OK) rc = check_values(out, err);
    if (rc != ONC_OK) onc_frame_cond_free(out);
    return rc;
}

/* Whether present cell s passes c; a cell that an ordered comparison cannot read is an error. */
static onc_rc cond_holds(const onc_frame_t *f, const onc_frame_cond_t *c, size_t i, const char *s, bool *holds,
                         onc_err_t *err)
{
    double x = NAN;
    bool is_number = frame_parse_number(s, &x);
    switch (c->op) {
    case ONC_COND_EQ:
    case ONC_COND_NE:
    case ONC_COND_IN: {
        bool any = false;
        for (size_t k = 0; k < c->n_values && !any; k++)
            any = is_number && !isnan(c->numbers[k]) ? x == c->numbers[k] : strcmp(s, c->values[k]) == 0;
        *holds = c->op == ONC_COND_NE ? !any : any;
        return ONC_OK;
    }
    default: break;
    }
    if (!is_number)
        return onc_err_at(err, ONC_EPARSE, f->name, f->line[i], c->col, "'%s' is not a number, which '%s' needs", s,
                          c->expr);
    double v = c->numbers[0];
    *holds = c->op == ONC_COND_LT ? x < v : c->op == ONC_COND_LE ? x <= v : c->op == ONC_COND_GT ? x > v : x >= v;
    return ONC_OK;
}

onc_rc onc_frame_cond_eval(const onc_frame_t *f, const onc_frame_cond_t *conds, size_t n, bool *keep, onc_err_t *err)
{
    for (size_t k = 0; k < n; k++) {
        size_t j = 0;
        onc_rc rc = onc_frame_find(f, conds[k].col, &j, err);
        if (rc != ONC_OK) return rc;
        char *const *col = f->cells + j * f->n_rows;
        for (size_t i = 0; i < f->n_rows; i++) {
            if (!keep[i]) continue;
            bool holds = false;
            if (col[i] && (rc = cond_holds(f, &conds[k], i, col[i], &holds, err)) != ONC_OK) return rc;
            keep[i] = holds;
        }
    }
    return ONC_OK;
}

void onc_frame_keep_rows(onc_frame_t *f, const bool *keep)
{
    size_t m = 0;
    for (size_t i = 0; i < f->n_rows; i++) m += keep[i];
    /* column-major compaction in place: the destination j m + i' never passes the source j n + i */
    for (size_t j = 0; j < f->n_cols; j++) {
        size_t out = j * m;
        for (size_t i = 0; i < f->n_rows; i++)
            if (keep[i]) f->cells[out++] = f->cells[j * f->n_rows + i];
    }
    size_t out = 0;
    for (size_t i = 0; i < f->n_rows; i++)
        if (keep[i]) f->line[out++] = f->line[i];
    f->n_rows = f->cap_rows = m;
}

/* ---------------------------------------------------------------- quantiles and cuts */

double onc_quantile_type7(const double *x, size_t n, double p)
{
    if (n == 0) return NAN;
    /* R: index <- 1 + max(n - 1, 0) * probs; lo <- floor(index); hi <- ceiling(index);
     * qs <- x[lo]; where index > lo and x[hi] != qs: h <- index - lo; (1 - h) qs + h x[hi] */
    double index = 1 + (double)(n - 1) * p;
    double lo = floor(index), hi = ceil(index);
    double qs = x[(size_t)lo - 1];
    if (index > lo && x[(size_t)hi - 1] != qs) {
        double h = index - lo;
        qs = (1 - h) * qs + h * x[(size_t)hi - 1];
    }
    return qs;
}

void onc_frame_cut_free(onc_frame_cut_t *c)
{
    if (!c) return;
    free(c->text);
    memset(c, 0, sizeof *c);
}

void onc_cut_result_free(onc_cut_result_t *r)
{
    if (!r) return;
    free(r->points);
    memset(r, 0, sizeof *r);
}

/* RULE: a number, median, or qP. */
static onc_rc parse_rule(onc_frame_cut_t *c, const char *rule, const char *spec, onc_err_t *err)
{
    if (strcmp(rule, "median") == 0) {
        c->quantile = true, c->value = 0.5;
        return ONC_OK;
    }
    if (rule[0] == 'q' && frame_parse_number(rule + 1, &c->value)) {
        c->quantile = true;
        if (c->value > 0 && c->value < 1) return ONC_OK;
        return onc_err_set(err, ONC_EINVAL, "'%s': the quantile %s must be between 0 and 1 (q0.8: the top 20%%)", spec,
                           rule);
    }
    if (frame_parse_number(rule, &c->value) && isfinite(c->value)) return ONC_OK;
    return onc_err_set(err, ONC_EINVAL, "'%s': the rule '%s' is not a number, median or qP (e.g. q0.8)", spec, rule);
}

onc_rc onc_frame_cut_parse(const char *spec, onc_frame_cut_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    const char *as_written = NULL;
    char *t = copy_twice(spec, "--cut", &as_written, err);
    if (!t) return err->code;
    out->text = (char *)as_written;
    char *eq = strchr(t, '=');
    char *within = NULL;
    for (char *p = eq ? strstr(eq, "/within") : NULL; p; p = strstr(p + 1, "/within")) within = p;
    if (within) {
        *within = '\0';
        out->within = trim(within + 7);
    }
    char *colon = eq ? strrchr(eq, ':') : NULL;
    onc_rc rc = ONC_OK;
    if (!eq || !colon) {
        rc = onc_err_set(err, ONC_EINVAL, "'%s': not NAME=COLUMN:RULE[/within GROUP]", as_written);
    } else {
        *eq = *colon = '\0';
        out->name = trim(t), out->col = trim(eq + 1);
        rc = parse_rule(out, trim(colon + 1), as_written, err);
    }
    if (rc == ONC_OK && (!*out->name || !*out->col || (out->within && !*out->within)))
        rc = onc_err_set(err, ONC_EINVAL, "'%s': an empty name, column or /within column", as_written);
    if (rc == ONC_OK && out->within && !out->quantile)
        rc = onc_err_set(err, ONC_EINVAL, "'%s': /within needs a quantile rule (median or qP), not a number",
                         as_written);
    if (rc != ONC_OK) onc_frame_cut_free(out);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The cut-point of the rows whose group code is g (all rows when code is NULL), from their
 * present values, counted in *pt. buf has room for n values. */
static void cut_point(const onc_frame_cut_t *c, const double *v, size_t n, const int *code, int g, double *buf,
                      onc_cut_point_t *pt)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]) && (!code || code[i] == g)) buf[m++] = v[i];
    qsort(buf, m, sizeof *buf, cmp_double);
    pt->cut = !c->quantile ? c->value : onc_quantile_type7(buf, m, c->value);
    pt->n = m;
    for (size_t k = 0; k < m; k++) pt->n_high += buf[k] >= pt->cut;
}

/* Appends column name with cells (n_rows, into static or frame-owned strings) and its default
 * reference level. */
static onc_rc add_column(onc_frame_t *f, const char *name, char **cells, const char *ref, onc_err_t *err)
{
    if (f->n_cols >= ONC_FRAME_MAX_COLS)
        return onc_err_set(err, ONC_ELIMIT, "%s: more than %d columns", f->name, ONC_FRAME_MAX_COLS);
    char *own = frame_own(f, name, strlen(name));
    char **grown = realloc(f->cells, ((f->n_cols + 1) * f->n_rows + 1) * sizeof *grown);
    if (grown) f->cells = grown;
    char **head = realloc(f->head, (f->n_cols + 1) * sizeof *head);
    if (head) f->head = head;
    const char **refs = realloc(f->ref, (f->n_cols + 1) * sizeof *refs);
    if (refs && !f->ref) memset(refs, 0, f->n_cols * sizeof *refs);
    if (refs) f->ref = refs;
    if (!own || !grown || !head || !refs) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    memcpy(f->cells + f->n_cols * f->n_rows, cells, f->n_rows * sizeof *cells);
    f->head[f->n_cols] = own;
    f->ref[f->n_cols++] = ref;
    return ONC_OK;
}

/* The cut-points, one per group level (or one), into res. */
static onc_rc find_cut_points(const onc_frame_t *f, const onc_frame_cut_t *c, const double *v, const onc_factor_t *g,
                              onc_cut_result_t *res, onc_err_t *err)
{
    size_t n = f->n_rows, k = g ? g->n_levels : 1;
    double *buf = malloc((n ? n : 1) * sizeof *buf);
    res->points = calloc(k ? k : 1, sizeof *res->points);
    if (!buf || !res->points) {
        free(buf);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    res->n_points = k;
    for (size_t l = 0; l < k; l++) {
        res->points[l].level = g ? g->levels[l] : NULL;
        cut_point(c, v, n, g ? g->code : NULL, (int)l, buf, &res->points[l]);
    }
    free(buf);
    return ONC_OK;
}

/* Each row's level: high at or above its cut-point, low below, missing without one. */
static void assign_levels(const onc_frame_t *f, const double *v, const onc_factor_t *g, const onc_cut_result_t *res,
                          char **cells, size_t *n_missing)
{
    static char high[] = ONC_CUT_HIGH, low[] = ONC_CUT_LOW;
    *n_missing = 0;
    for (size_t i = 0; i < f->n_rows; i++) {
        int l = g ? g->code[i] : 0;
        double cut = l >= 0 ? res->points[l].cut : NAN;
        cells[i] = isnan(v[i]) || isnan(cut) ? NULL : v[i] >= cut ? high : low;
        *n_missing += cells[i] == NULL;
    }
}

onc_rc onc_frame_cut_apply(onc_frame_t *f, const onc_frame_cut_t *c, onc_cut_result_t *res, onc_err_t *err)
{
    onc_cut_result_t local = {0};
    if (!res) res = &local;
    memset(res, 0, sizeof *res);
    if (onc_frame_col(f, c->name) >= 0)
        return onc_err_set(err, ONC_EINVAL, "%s: --cut %s: there is already a column named %s", f->name, c->name,
                           c->name);
    size_t n = f->n_rows;
    double *v = malloc((n ? n : 1) * sizeof *v);
    char **cells = malloc((n ? n : 1) * sizeof *cells);
    onc_factor_t g = {0};
    onc_rc rc = v && cells ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) rc = onc_frame_numeric(f, c->col, v, NULL, err);
    if (rc == ONC_OK && c->within) rc = onc_frame_factor(f, c->within, NULL, &g, err);
    if (rc == ONC_OK) rc = find_cut_points(f, c, v, c->within ? &g : NULL, res, err);
    if (rc == ONC_OK) {
        assign_levels(f, v, c->within ? &g : NULL, res, cells, &res->n_missing);
        rc = add_column(f, c->name, cells, ONC_CUT_LOW, err);
    }
    free(v), free(cells);
    onc_factor_free(&g);
    if (rc != ONC_OK || res == &local) onc_cut_result_free(res);
    return rc;
}
