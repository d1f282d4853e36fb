/* model_case.c: the patient/case model (case.h): its arena, the names of its enumerations,
 * calendar dates, and the functions that set each part to "missing".
 *
 * A case is built once and read many times (report, match, registry), so everything it points
 * to comes from one arena and goes in one call: a case of a few hundred small objects needs no
 * per-field ownership rules. Unknown must never read as 0 or "negative", hence the *_init()
 * functions every builder calls before filling a part.
 */
#include "oncoboard/case.h"

#include "oncoboard/arena.h"
#include "oncoboard/gene.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- enumeration names: the JSON spelling, indexed by value ---- */

const char *const onc_sex_names[] = {NULL, "female", "male", "other", NULL};
const char *const onc_smoking_names[] = {NULL, "never", "former", "current", NULL};
const char *const onc_brain_mets_names[] = {NULL, "none", "treated", "active", NULL};
const char *const onc_pdl1_clone_names[] = {NULL, "22C3", "SP263", "SP142", "28-8", NULL};
const char *const onc_msi_names[] = {NULL, "MSS", "MSI-L", "MSI-H", NULL};
const char *const onc_ihc_result_names[] = {NULL, "positive", "negative", "equivocal", NULL};
const char *const onc_recist_names[] = {NULL, "CR", "PR", "SD", "PD", "NE", NULL};
const char *const onc_enrol_status_names[] = {NULL, "screening", "enrolled", "screen_failed",
                                              "withdrawn", NULL};
const char *const onc_specimen_names[] = {NULL, "tissue", "plasma", NULL};
const char *const onc_vital_names[] = {NULL, "alive", "dead", NULL};
const char *const onc_assay_method_names[] = {NULL, "DNA", "RNA", "DNA+RNA", NULL};
const char *const onc_genome_names[] = {NULL, "GRCh37", "GRCh38", NULL};

/* ---- storage: the case's arena (arena.h) ---- */

struct onc_case_arena {
    onc_arena_t *mem;
    size_t m_warnings; /* room in c->warnings */
};

void *onc_case_alloc(onc_case_t *c, size_t n) { return onc_arena_alloc(c->arena->mem, n); }

char *onc_case_strndup(onc_case_t *c, const char *s, size_t n) { return onc_arena_strndup(c->arena->mem, s, n); }

char *onc_case_strdup(onc_case_t *c, const char *s) { return onc_case_strndup(c, s, strlen(s)); }

onc_rc onc_case_add_warning(onc_case_t *c, const char *msg)
{
    struct onc_case_arena *a = c->arena;
    if (c->n_warnings == a->m_warnings) {
        size_t m = a->m_warnings ? a->m_warnings * 2 : 8;
        const char **w = onc_case_alloc(c, m * sizeof *w);
        if (!w) return ONC_ENOMEM;
        if (c->n_warnings) memcpy(w, c->warnings, c->n_warnings * sizeof *w);
        c->warnings = w;
        a->m_warnings = m;
    }
    const char *s = onc_case_strdup(c, msg);
    if (!s) return ONC_ENOMEM;
    c->warnings[c->n_warnings++] = s;
    return ONC_OK;
}

/* ---- the case and its parts ---- */

onc_case_t *onc_case_new(void)
{
    onc_case_t *c = calloc(1, sizeof *c);
    if (!c || !(c->arena = calloc(1, sizeof *c->arena)) || !(c->arena->mem = onc_arena_new())) {
        if (c) free(c->arena);
        free(c);
        return NULL;
    }
    c->case_format = ONC_CASE_FORMAT;
    c->age = ONC_INT_MISSING;
    c->ecog = ONC_INT_MISSING;
    onc_biomarkers_init(&c->biomarkers);
    return c;
}

void onc_case_free(onc_case_t *c)
{
    if (!c) return;
    if (c->arena) {
        onc_arena_free(c->arena->mem);
        free(c->arena);
    }
    free(c);
}

void onc_biomarkers_init(onc_biomarkers_t *b)
{
    memset(b, 0, sizeof *b);
    b->pdl1_tps = b->pdl1_cps = b->tmb = ONC_NUM_MISSING;
}

void onc_ihc_init(onc_ihc_t *h)
{
    memset(h, 0, sizeof *h);
    h->percent = ONC_NUM_MISSING;
}

void onc_lab_init(onc_lab_t *l)
{
    memset(l, 0, sizeof *l);
    l->value = l->uln = ONC_NUM_MISSING;
}

void onc_therapy_init(onc_therapy_t *t)
{
    memset(t, 0, sizeof *t);
    t->line = ONC_INT_MISSING;
}

void onc_enrolment_init(onc_enrolment_t *e) { memset(e, 0, sizeof *e); }

void onc_molecular_init(onc_molecular_t *m)
{
    memset(m, 0, sizeof *m);
    m->assay.size_mb = ONC_NUM_MISSING;
}

void onc_case_variant_init(onc_case_variant_t *v)
{
    memset(v, 0, sizeof *v);
    v->pos = ONC_POS_MISSING;
    v->vaf = ONC_NUM_MISSING;
    v->depth = ONC_INT_MISSING;
    v->aa_pos = ONC_INT_MISSING;
}

void onc_case_cna_init(onc_case_cna_t *c)
{
    memset(c, 0, sizeof *c);
    c->call = ONC_KIND_AMPLIFICATION;
    c->copies = ONC_NUM_MISSING;
}

void onc_sample_init(onc_sample_t *s)
{
    memset(s, 0, sizeof *s);
    onc_molecular_init(&s->molecular);
}

/* ---- dates ---- */

static int is_leap(int32_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int32_t y, int32_t m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* The number made of n digits at s, or -1 when one of them is not a digit. */
static int32_t digits(const char *s, int n)
{
    int32_t v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

onc_rc onc_date_parse(const char *s, onc_date_t *out, onc_err_t *err)
{
    /* Length first: digits() must never read past the terminating NUL. */
    size_t len = strnlen(s, 11);
    int32_t y = len == 10 ? digits(s, 4) : -1, m = y >= 0 ? digits(s + 5, 2) : -1,
            d = m >= 0 ? digits(s + 8, 2) : -1;
    if (len != 10 || s[4] != '-' || s[7] != '-' || y < 0 || m < 0 || d < 0)
        return onc_err_set(err, ONC_EPARSE, "expected a date as YYYY-MM-DD");
    if (y < 1000) return onc_err_set(err, ONC_EPARSE, "year %d is out of range (1000-9999)", (int)y);
    if (m < 1 || m > 12) return onc_err_set(err, ONC_EPARSE, "month %02d is out of range (01-12)", (int)m);
    if (d < 1 || d > days_in_month(y, m))
        return onc_err_set(err, ONC_EPARSE, "day %02d is out of range for %04d-%02d (01-%02d)", (int)d,
                           (int)y, (int)m, days_in_month(y, m));
    *out = (onc_date_t){y, m, d};
    return ONC_OK;
}

int onc_date_is_missing(onc_date_t d) { return d.year == 0; }

char *onc_date_format(onc_date_t d, char buf[11])
{
    if (onc_date_is_missing(d)) buf[0] = '\0';
    else snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)d.year % 10000u, (unsigned)d.month % 100u, (unsigned)d.day % 100u);
    return buf;
}

int32_t onc_date_days(onc_date_t d)
{
    if (onc_date_is_missing(d)) return ONC_INT_MISSING;
    /* Days from civil (proleptic Gregorian), counting March as the first month so that the
     * leap day falls at the end of the year. */
    int32_t y = d.year - (d.month <= 2);
    int32_t era = y / 400;
    int32_t yoe = y - era * 400;
    int32_t mp = (d.month + 9) % 12;
    int32_t doy = (153 * mp + 2) / 5 + d.day - 1;
    int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* ---- questions ---- */

int32_t onc_case_age_on(const onc_case_t *c, onc_date_t on)
{
    if (onc_date_is_missing(c->birth_date) || onc_date_is_missing(on)) return c->age;
    const onc_date_t b = c->birth_date;
    int32_t years = on.year - b.year;
    if (on.month < b.month || (on.month == b.month && on.day < b.day)) years--;
    return years >= 0 ? years : ONC_INT_MISSING; /* a date before birth has no age */
}

static int same_gene(const onc_genes_t *g, const char *a, const char *b)
{
    if (g) a = onc_genes_canonical(g, a), b = onc_genes_canonical(g, b);
    return strcasecmp(a, b) == 0;
}

onc_tri onc_sample_tested(const onc_sample_t *s, const onc_genes_t *genes, const char *gene, unsigned types)
{
    if (!s->has_molecular) return ONC_TRI_FALSE;
    const onc_assay_t *a = &s->molecular.assay;
    if (a->n_genes == 0 && a->n_coverage == 0) return ONC_TRI_UNKNOWN;
    for (size_t i = 0; i < a->n_genes; i++)
        if (same_gene(genes, a->genes[i], gene)) return ONC_TRI_TRUE;
    unsigned covered = 0;
    for (size_t i = 0; i < a->n_coverage; i++)
        if (same_gene(genes, a->coverage[i].gene, gene)) covered |= a->coverage[i].types;
    return (covered & types) == types ? ONC_TRI_TRUE : ONC_TRI_FALSE;
}
