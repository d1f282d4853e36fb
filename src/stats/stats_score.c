/* stats_score.c: published response-prediction models read from their table (kb/
 * response_models.tsv or a user's file in the same format) and applied to patients.
 *
 * The table is read with the kb row reader (util_kbrows.c), which checks every row's width
 * against the header; this file checks what the cells mean, row by row, so that a bad model
 * names the file, the line and the column. Only the rows of the model asked for are read
 * closely: a table may hold models this program does not need. A model keeps the numbers as
 * its source prints them (coefficient, center, scale): LORIS's source is a standardised
 * logistic regression, and keeping its digits unrounded is what reproduces the authors' own
 * scores to 1e-15 (tests/unit/test_stats_score.c).
 */
#include "oncoboard/stats_score.h"

#include "oncoboard/kbfile.h"
#include "oncoboard/strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CITATION_MAX 4096 /* bytes of a model's joined citations */

typedef struct feature {
    char *name, *column, *unit;
    bool categorical;
    double coef, center, scale, cap, min, max; /* numeric only; cap, min, max NaN when none */
} feature_t;

typedef struct level {
    char *value;
    size_t feature;
    double coef, center, scale;
} level_t;

struct onc_score_model {
    char *name, *citation;
    bool logistic, has_link, has_intercept;
    double intercept;
    size_t n_features, n_levels, n_terms;
    feature_t features[ONC_SCORE_MAX_FEATURES];
    level_t *levels; /* ONC_SCORE_MAX_TERMS */
};

/* The columns of a model table; the optional ones may be absent from the header. */
enum { C_MODEL, C_KIND, C_FEATURE, C_LEVEL, C_COEF, C_COLUMN, C_CENTER, C_SCALE, C_CAP, C_MIN, C_MAX,
       C_UNIT, C_SOURCE, N_COLS };
static const char *const col_names[N_COLS] = {"model",  "kind", "feature", "level", "coefficient",
                                              "column", "center", "scale", "cap", "min",
                                              "max",    "unit", "source"};
#define N_REQUIRED 5 /* model .. coefficient */

typedef struct reader {
    onc_kb_rows_t r;
    int col[N_COLS];
    onc_score_model_t *m;
    onc_strbuf_t citation, names; /* names: the models seen, ", "-joined */
    size_t n_names;
} reader_t;

static const char *cell(const reader_t *rd, int c) { return onc_kb_rows_cell(&rd->r, rd->col[c]); }

static onc_rc fail(const reader_t *rd, int c, const char *fmt, const char *arg)
{
    return onc_kb_rows_fail(&rd->r, ONC_EPARSE, col_names[c], fmt, arg);
}

/* Cell c as a finite number: ONC_OK, ONC_ENOTFOUND when empty (*v = dflt), else ONC_EPARSE. */
static onc_rc number(const reader_t *rd, int c, double dflt, double *v)
{
    const char *s = cell(rd, c);
    *v = dflt;
    if (!*s) return ONC_ENOTFOUND;
    char *end = NULL;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end || !isfinite(x) || errno == ERANGE) return fail(rd, c, "'%s' is not a finite number", s);
    *v = x;
    return ONC_OK;
}

static onc_rc required_number(const reader_t *rd, int c, double *v)
{
    onc_rc rc = number(rd, c, NAN, v);
    return rc == ONC_ENOTFOUND ? fail(rd, c, "missing%s", "") : rc;
}

/* A copy of cell c, which must be non-empty when required and fit ONC_SCORE_TEXT_MAX. */
static onc_rc text(const reader_t *rd, int c, bool required, char **out)
{
    const char *s = cell(rd, c);
    if (required && !*s) return fail(rd, c, "missing%s", "");
    if (strlen(s) >= ONC_SCORE_TEXT_MAX) return fail(rd, c, "longer than %s bytes", "511");
    if (!(*out = strdup(s))) return onc_err_set(rd->r.err, ONC_ENOMEM, "out of memory");
    return ONC_OK;
}

static int find_feature(const onc_score_model_t *m, const char *name)
{
    for (size_t i = 0; i < m->n_features; i++)
        if (strcmp(m->features[i].name, name) == 0) return (int)i;
    return -1;
}

/* center and scale of a term: x is (x - center) / scale. */
static onc_rc standardisation(const reader_t *rd, double *center, double *scale)
{
    onc_rc rc = number(rd, C_CENTER, 0, center);
    if (rc != ONC_OK && rc != ONC_ENOTFOUND) return rc;
    rc = number(rd, C_SCALE, 1, scale);
    if (rc != ONC_OK && rc != ONC_ENOTFOUND) return rc;
    if (!(*scale > 0)) return fail(rd, C_SCALE, "%s is not positive", cell(rd, C_SCALE));
    return ONC_OK;
}

static onc_rc new_feature(reader_t *rd, bool categorical, feature_t **out)
{
    onc_score_model_t *m = rd->m;
    if (m->n_features == ONC_SCORE_MAX_FEATURES)
        return fail(rd, C_FEATURE, "more than %s features", "64");
    feature_t *f = &m->features[m->n_features];
    memset(f, 0, sizeof *f);
    f->categorical = categorical;
    f->cap = f->min = f->max = NAN;
    onc_rc rc = text(rd, C_FEATURE, true, &f->name);
    if (rc == ONC_OK) rc = text(rd, C_COLUMN, false, &f->column);
    if (rc == ONC_OK) rc = text(rd, C_UNIT, false, &f->unit);
    m->n_features++; /* counted even when incomplete, so that the model's free releases it */
    *out = f;
    return rc;
}

/* The optional bound of column c (cap, min, max): NaN when empty. */
static onc_rc bound(const reader_t *rd, int c, double *v)
{
    onc_rc rc = number(rd, c, NAN, v);
    return rc == ONC_ENOTFOUND ? ONC_OK : rc;
}

static onc_rc numeric_row(reader_t *rd)
{
    if (find_feature(rd->m, cell(rd, C_FEATURE)) >= 0) return fail(rd, C_FEATURE, "feature %s is defined twice", cell(rd, C_FEATURE));
    if (*cell(rd, C_LEVEL)) return fail(rd, C_LEVEL, "a numeric row has no level (%s)", cell(rd, C_LEVEL));
    if (rd->m->n_terms == ONC_SCORE_MAX_TERMS) return fail(rd, C_FEATURE, "more than %s terms", "1024");
    feature_t *f;
    onc_rc rc = new_feature(rd, false, &f);
    if (rc == ONC_OK) rc = required_number(rd, C_COEF, &f->coef);
    if (rc == ONC_OK) rc = standardisation(rd, &f->center, &f->scale);
    if (rc == ONC_OK) rc = bound(rd, C_CAP, &f->cap);
    if (rc == ONC_OK) rc = bound(rd, C_MIN, &f->min);
    if (rc == ONC_OK) rc = bound(rd, C_MAX, &f->max);
    if (rc == ONC_OK && f->min > f->max) return fail(rd, C_MAX, "max %s is below min", cell(rd, C_MAX));
    rd->m->n_terms++;
    return rc;
}

static onc_rc level_row(reader_t *rd)
{
    onc_score_model_t *m = rd->m;
    for (int c = C_CAP; c <= C_MAX; c++)
        if (*cell(rd, c)) return fail(rd, c, "a level row takes no %s", col_names[c]);
    int fi = find_feature(m, cell(rd, C_FEATURE));
    if (fi >= 0 && !m->features[fi].categorical)
        return fail(rd, C_FEATURE, "feature %s is numeric, not categorical", cell(rd, C_FEATURE));
    if (!*cell(rd, C_LEVEL)) return fail(rd, C_LEVEL, "missing%s", "");
    for (size_t l = 0; fi >= 0 && l < m->n_levels; l++)
        if (m->levels[l].feature == (size_t)fi && strcmp(m->levels[l].value, cell(rd, C_LEVEL)) == 0)
            return fail(rd, C_LEVEL, "level %s is defined twice", cell(rd, C_LEVEL));
    if (m->n_terms == ONC_SCORE_MAX_TERMS) return fail(rd, C_LEVEL, "more than %s terms", "1024");
    onc_rc rc = ONC_OK;
    if (fi < 0) {
        feature_t *f;
        if ((rc = new_feature(rd, true, &f)) != ONC_OK) return rc;
        fi = (int)m->n_features - 1;
    }
    level_t *l = &m->levels[m->n_levels];
    memset(l, 0, sizeof *l);
    l->feature = (size_t)fi;
    rc = text(rd, C_LEVEL, true, &l->value);
    m->n_levels += l->value != NULL;
    if (rc == ONC_OK) rc = required_number(rd, C_COEF, &l->coef);
    if (rc == ONC_OK) rc = standardisation(rd, &l->center, &l->scale);
    m->n_terms++;
    return rc;
}

static onc_rc citation_row(reader_t *rd)
{
    const char *s = cell(rd, C_SOURCE);
    if (!*s) return fail(rd, C_SOURCE, "missing: a citation row names its publication%s", "");
    onc_rc rc = ONC_OK;
    if (rd->citation.len) rc = onc_strbuf_puts(&rd->citation, "; ");
    if (rc == ONC_OK) rc = onc_strbuf_puts(&rd->citation, s);
    return rc == ONC_OK ? ONC_OK : fail(rd, C_SOURCE, "the citations pass %s bytes", "4096");
}

static onc_rc link_row(reader_t *rd)
{
    const char *s = cell(rd, C_FEATURE);
    if (rd->m->has_link) return fail(rd, C_KIND, "a second %s row", "link");
    if (strcmp(s, "logistic") && strcmp(s, "identity")) return fail(rd, C_FEATURE, "link '%s': logistic or identity", s);
    rd->m->logistic = strcmp(s, "logistic") == 0;
    rd->m->has_link = true;
    return ONC_OK;
}

static onc_rc intercept_row(reader_t *rd)
{
    if (rd->m->has_intercept) return fail(rd, C_KIND, "a second %s row", "intercept");
    rd->m->has_intercept = true;
    return required_number(rd, C_COEF, &rd->m->intercept);
}

static onc_rc model_row(reader_t *rd)
{
    const char *kind = cell(rd, C_KIND);
    if (!strcmp(kind, "numeric")) return numeric_row(rd);
    if (!strcmp(kind, "level")) return level_row(rd);
    if (!strcmp(kind, "intercept")) return intercept_row(rd);
    if (!strcmp(kind, "link")) return link_row(rd);
    if (!strcmp(kind, "citation")) return citation_row(rd);
    return fail(rd, C_KIND, "unknown kind '%s' (citation, link, intercept, numeric, level)", kind);
}

/* Adds a row's model name to the list of names seen (the first ONC_SCORE_MAX_MODELS). */
static onc_rc note_name(reader_t *rd, const char *model)
{
    const char *s = onc_strbuf_str(&rd->names);
    size_t len = strlen(model);
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, ",");
        if (n == len && strncmp(p, model, len) == 0) return ONC_OK;
        p += n;
        while (*p == ',' || *p == ' ') p++;
    }
    if (rd->n_names == ONC_SCORE_MAX_MODELS) return fail(rd, C_MODEL, "more than %s models", "256");
    if (strchr(model, ',')) return fail(rd, C_MODEL, "a model name has no comma (%s)", model);
    if (len >= ONC_SCORE_TEXT_MAX) return fail(rd, C_MODEL, "longer than %s bytes", "511");
    rd->n_names++;
    onc_rc rc = rd->names.len ? onc_strbuf_puts(&rd->names, ", ") : ONC_OK;
    return rc == ONC_OK ? onc_strbuf_puts(&rd->names, model) : rc;
}

/* Reads every row: those of name (NULL: the first model's, when it is the only one) into rd->m. */
static onc_rc read_rows(reader_t *rd, const char *name)
{
    int ret;
    while ((ret = onc_kb_rows_next(&rd->r)) > 0) {
        const char *model = cell(rd, C_MODEL);
        if (!*model) return fail(rd, C_MODEL, "missing%s", "");
        onc_rc rc = note_name(rd, model);
        if (rc != ONC_OK) return rc;
        if (!rd->m->name && !name && !(rd->m->name = strdup(model))) return onc_err_set(rd->r.err, ONC_ENOMEM, "out of memory");
        const char *want = name ? name : rd->m->name;
        if (strcmp(model, want) != 0) {
            if (!name) return fail(rd, C_MODEL, "the file holds several models (%s): name the one to use", onc_strbuf_str(&rd->names));
            continue;
        }
        if ((rc = model_row(rd)) != ONC_OK) return rc;
    }
    return ret < 0 ? rd->r.rc : ONC_OK;
}

/* What a complete model has: a citation, a link, an intercept and a term. */
static onc_rc check_complete(const reader_t *rd, const char *file, const char *name)
{
    const onc_score_model_t *m = rd->m;
    const char *missing = !rd->citation.len ? "citation" : !m->has_link ? "link" : !m->has_intercept ? "intercept" : NULL;
    if (missing) return onc_err_set(rd->r.err, ONC_EPARSE, "%s: model %s has no %s row", file, name, missing);
    if (!m->n_features) return onc_err_set(rd->r.err, ONC_EPARSE, "%s: model %s has no numeric or level row", file, name);
    return ONC_OK;
}

static onc_rc open_table(reader_t *rd, onc_kb_text_t *t, onc_err_t *err)
{
    static const char *const required[N_REQUIRED + 1] = {"model", "kind", "feature", "level", "coefficient", NULL};
    onc_rc rc = onc_kb_rows_open(&rd->r, t, err);
    if (rc == ONC_OK) rc = onc_kb_rows_columns(&rd->r, required, rd->col);
    for (int c = N_REQUIRED; rc == ONC_OK && c < N_COLS; c++) rd->col[c] = onc_kb_rows_column(&rd->r, col_names[c]);
    return rc;
}

onc_rc onc_score_model_parse(const char *text_in, size_t len, const char *file, const char *name,
                             onc_score_model_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_kb_text_t t;
    onc_rc rc = onc_kb_text_copy(&t, text_in, len, file, err);
    if (rc != ONC_OK) return rc;
    reader_t rd;
    memset(&rd, 0, sizeof rd);
    rd.citation.cap = CITATION_MAX;
    rd.names.cap = (size_t)ONC_SCORE_MAX_MODELS * (ONC_SCORE_TEXT_MAX + 2);
    rd.m = calloc(1, sizeof *rd.m);
    if (rd.m) rd.m->levels = calloc(ONC_SCORE_MAX_TERMS, sizeof *rd.m->levels);
    if (!rd.m || !rd.m->levels) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK) rc = open_table(&rd, &t, err);
    if (rc == ONC_OK) rc = read_rows(&rd, name);
    if (rc == ONC_OK && !rd.m->has_link && !rd.m->has_intercept && !rd.m->n_features && !rd.citation.len)
        rc = name ? onc_err_set(err, ONC_ENOTFOUND, "%s: no model %s (models: %s)", file, name,
                                rd.names.len ? onc_strbuf_str(&rd.names) : "none")
                  : onc_err_set(err, ONC_ENOTFOUND, "%s: no model rows", file);
    if (rc == ONC_OK) rc = check_complete(&rd, file, name ? name : rd.m->name);
    if (rc == ONC_OK && !rd.m->name && !(rd.m->name = strdup(name))) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc == ONC_OK && !(rd.m->citation = strdup(onc_strbuf_str(&rd.citation))))
        rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_strbuf_free(&rd.citation);
    onc_strbuf_free(&rd.names);
    onc_kb_text_free(&t);
    if (rc != ONC_OK) onc_score_model_free(rd.m);
    else *out = rd.m;
    return rc;
}

onc_rc onc_score_model_read(const char *path, const char *name, onc_score_model_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_strbuf_t b = ONC_STRBUF_INIT;
    b.cap = (size_t)16 << 20; /* a model table is a few kilobytes */
    onc_rc rc = onc_strbuf_read_file(&b, path, err);
    if (rc == ONC_OK) rc = onc_score_model_parse(onc_strbuf_str(&b), b.len, path, name, out, err);
    onc_strbuf_free(&b);
    return rc;
}

onc_rc onc_score_model_load(const char *name, const char *kb_dir, onc_score_model_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_kb_text_t t;
    onc_rc rc = onc_kb_text_load(&t, kb_dir, ONC_SCORE_KB_FILE, err);
    if (rc == ONC_OK) rc = onc_score_model_parse(t.data, t.len, t.name, name, out, err);
    onc_kb_text_free(&t);
    return rc;
}

void onc_score_model_free(onc_score_model_t *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n_features; i++)
        free(m->features[i].name), free(m->features[i].column), free(m->features[i].unit);
    for (size_t l = 0; l < m->n_levels; l++) free(m->levels[l].value);
    free(m->levels);
    free(m->name), free(m->citation);
    free(m);
}

/* ---- accessors ---- */

const char *onc_score_model_name(const onc_score_model_t *m) { return m->name; }
const char *onc_score_model_citation(const onc_score_model_t *m) { return m->citation; }
const char *onc_score_model_link(const onc_score_model_t *m) { return m->logistic ? "logistic" : "identity"; }
double onc_score_model_intercept(const onc_score_model_t *m) { return m->intercept; }
size_t onc_score_model_n_features(const onc_score_model_t *m) { return m->n_features; }
const char *onc_score_feature_name(const onc_score_model_t *m, size_t i) { return m->features[i].name; }
const char *onc_score_feature_column(const onc_score_model_t *m, size_t i) { return m->features[i].column; }
const char *onc_score_feature_unit(const onc_score_model_t *m, size_t i) { return m->features[i].unit; }
bool onc_score_feature_categorical(const onc_score_model_t *m, size_t i) { return m->features[i].categorical; }
int onc_score_feature_find(const onc_score_model_t *m, const char *name) { return find_feature(m, name); }

double onc_score_feature_per_unit(const onc_score_model_t *m, size_t i)
{
    const feature_t *f = &m->features[i];
    return f->categorical ? NAN : f->coef / f->scale;
}

/* ---- scoring ---- */

/* The term of numeric feature f at x: ONC_EINVAL for an infinite x or one out of range. */
static onc_rc numeric_term(const feature_t *f, double x, double *term, onc_err_t *err)
{
    if (isinf(x)) return onc_err_set(err, ONC_EINVAL, "feature %s: an infinite value", f->name);
    if (x < f->min || x > f->max)
        return onc_err_set(err, ONC_EINVAL, "feature %s: %g is outside its range [%g, %g]%s%s%s", f->name, x,
                           isnan(f->min) ? -INFINITY : f->min, isnan(f->max) ? INFINITY : f->max,
                           *f->unit ? " (" : "", f->unit, *f->unit ? ")" : "");
    if (x > f->cap) x = f->cap; /* a NaN cap compares false: no cap */
    *term = f->coef * (x - f->center) / f->scale;
    return ONC_OK;
}

/* The score of one row; on an error *bad is the feature whose value failed. */
static onc_rc score_row(const onc_score_model_t *m, const double *num, const char *const *cat, onc_score_t *out,
                        size_t *bad, onc_err_t *err)
{
    double s = m->intercept;
    uint64_t missing = 0, matched = 0, categorical = 0;
    for (size_t i = 0; i < m->n_features; i++) {
        const feature_t *f = &m->features[i];
        double term = 0;
        if (f->categorical) {
            categorical |= (uint64_t)1 << i;
            if (!cat || !cat[i]) missing |= (uint64_t)1 << i;
        } else if (isnan(num[i])) {
            missing |= (uint64_t)1 << i;
        } else {
            onc_rc rc = numeric_term(f, num[i], &term, err);
            if (rc != ONC_OK) return *bad = i, rc;
        }
        s += term;
    }
    for (size_t l = 0; l < m->n_levels; l++) {
        const level_t *lv = &m->levels[l];
        if ((missing >> lv->feature) & 1) continue;
        double x = strcmp(cat[lv->feature], lv->value) == 0;
        if (x > 0) matched |= (uint64_t)1 << lv->feature;
        s += lv->coef * (x - lv->center) / lv->scale;
    }
    out->missing = missing;
    out->unmatched = categorical & ~missing & ~matched;
    out->linear = missing ? NAN : s;
    out->value = missing || !m->logistic ? out->linear : 1 / (1 + exp(-s));
    return ONC_OK;
}

onc_rc onc_score_eval(const onc_score_model_t *m, const double *num, const char *const *cat, onc_score_t *out,
                      onc_err_t *err)
{
    size_t bad;
    return score_row(m, num, cat, out, &bad, err);
}

/* The column for feature i: the one asked for, else the model's column or the feature's name,
 * whichever f has. */
static onc_rc feature_column(const onc_score_model_t *m, size_t i, const onc_frame_t *f, const char *file,
                             const char *asked, const char **col, onc_err_t *err)
{
    const feature_t *ft = &m->features[i];
    if (asked) {
        size_t j;
        onc_rc rc = onc_frame_find(f, asked, &j, err);
        *col = asked;
        return rc;
    }
    bool other = *ft->column && strcmp(ft->column, ft->name) != 0; /* a default column not named as the feature */
    if (other && onc_frame_col(f, ft->column) >= 0) *col = ft->column;
    else if (onc_frame_col(f, ft->name) >= 0) *col = ft->name;
    else
        return onc_err_set(err, ONC_ENOTFOUND, "%s: no column for feature %s of model %s (looked for %s%s%s): map it to one",
                           file, ft->name, m->name, other ? ft->column : "", other ? " and " : "", ft->name);
    return ONC_OK;
}

onc_rc onc_score_frame(const onc_score_model_t *m, const onc_frame_t *f, const char *file,
                       const char *const *columns, onc_score_t *out, const char **used, onc_err_t *err)
{
    size_t n = onc_frame_rows(f), nf = m->n_features;
    const char *col[ONC_SCORE_MAX_FEATURES];
    size_t colj[ONC_SCORE_MAX_FEATURES];
    double *x = malloc((n * nf + 1) * sizeof *x);
    if (!x) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < nf; i++) {
        rc = feature_column(m, i, f, file, columns ? columns[i] : NULL, &col[i], err);
        if (rc == ONC_OK) rc = onc_frame_find(f, col[i], &colj[i], err);
        if (rc == ONC_OK && !m->features[i].categorical) rc = onc_frame_numeric(f, col[i], x + i * n, NULL, err);
        if (used && rc == ONC_OK) used[i] = col[i];
    }
    double num[ONC_SCORE_MAX_FEATURES];
    const char *cat[ONC_SCORE_MAX_FEATURES];
    for (size_t r = 0; rc == ONC_OK && r < n; r++) {
        for (size_t i = 0; i < nf; i++) {
            num[i] = m->features[i].categorical ? NAN : x[i * n + r];
            cat[i] = onc_frame_cell(f, r, colj[i]);
        }
        onc_err_t e = {0};
        size_t bad = 0;
        if (score_row(m, num, cat, &out[r], &bad, &e) != ONC_OK)
            rc = onc_err_at(err, e.code, file, onc_frame_line(f, r), col[bad], "%s", e.msg);
    }
    free(x);
    return rc;
}
