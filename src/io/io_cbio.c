/* io_cbio.c: a cBioPortal study folder into cases (cbio.h).
 *
 * cBioPortal finds a study's data through its meta_*.txt files: each names a profile
 * (genetic_alteration_type, datatype, stable_id) and its data_filename. This reader does the same,
 * falling back on the usual file names when a meta file is absent, then reads the clinical tables
 * (io_cbio_clinical.c), the gene panel matrix and panel files, and the genomic files with the
 * readers `oncoboard profile` uses (MAF, discrete CNA matrix, structural variants, fusions).
 * Every alteration goes to its sample as a typed entry of that sample's case (variants, fusions,
 * copy-number calls, with the normalised names the readers gave), and the clinical attributes the
 * case model holds are mapped (docs/registry.md: "Importing a cBioPortal study"); everything
 * else stays an attribute. Problems are listed, not stopped at: a sample named by a genomic file
 * but absent from the sample file, a bad number in a mapped attribute, a row a reader rejects.
 */
#include "io_cbio_int.h"
#include "io_int.h"
#include "oncoboard/io.h"
#include "oncoboard/oncotree.h"

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define META_MAX_BYTES ((size_t)1 << 20) /* a gene panel file lists up to PANEL_MAX_GENES genes */
#define META_MAX_FILES 256
#define PANEL_MAX_GENES 20000

/* ---- what the folder holds ---- */

enum role { R_PATIENT, R_SAMPLE, R_MUTATIONS, R_CNA, R_SV, R_FUSIONS, R_PANEL_MATRIX, R_N };

static const char *const role_fallback[R_N][3] = {
    [R_PATIENT] = {"data_clinical_patient.txt"},
    [R_SAMPLE] = {"data_clinical_sample.txt"},
    [R_MUTATIONS] = {"data_mutations_extended.txt", "data_mutations.txt"},
    [R_CNA] = {"data_CNA.txt", "data_cna.txt"},
    [R_SV] = {"data_sv.txt"},
    [R_FUSIONS] = {"data_fusions.txt"},
    [R_PANEL_MATRIX] = {"data_gene_panel_matrix.txt"},
};

typedef struct panel {
    const char *id;
    const char **genes;
    size_t n_genes;
} panel_t;

/* One sample of the study: where it is and what it was profiled with. */
typedef struct sample_ref {
    const char *id;
    size_t patient, sample;
    const char *panel[3];  /* per type (mutation, cna, fusion): the panel id, NULL when not given */
    unsigned profiled;     /* ONC_COVER_* bits: in a profile of that type */
    const char *genome;    /* from the first MAF row */
} sample_ref_t;

/* A typed entry waiting for its sample's arrays. */
typedef struct pending {
    size_t ref; /* index in refs */
    int section; /* 0 variant, 1 fusion, 2 cna */
    int once;    /* the deprecated fusion file lists a fusion under each of its genes: keep one */
    onc_case_variant_t v;
    onc_case_fusion_t f;
    onc_case_cna_t cn;
} pending_t;

typedef struct study_state {
    onc_cbio_study_t *s;
    onc_arena_t *a;
    const char *dir;
    const onc_cbio_opts_t *opts;
    cbio_msgs_t errors, warnings;
    const char *path[R_N];
    const char *stable_id[R_N];  /* the meta files' stable_id per role */
    const char *meta_panel[R_N]; /* the meta files' gene_panel per role */
    const char *reference_genome;
    panel_t *panels;
    size_t n_panels, cap_panels;
    sample_ref_t *refs; /* sorted by id */
    size_t n_refs;
    pending_t *pending;
    size_t n_pending, cap_pending;
    onc_oncotree_t *tree;
} study_state_t;

#define err_at(st, file, line, field, ...) cbio_msg_at((st)->a, &(st)->errors, (file), (line), (field), __VA_ARGS__)

static char *join(study_state_t *st, const char *name)
{
    size_t n = strlen(st->dir) + strlen(name) + 2;
    char *p = onc_arena_alloc(st->a, n);
    if (p) snprintf(p, n, "%s/%s", st->dir, name);
    return p;
}

static int file_exists(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (fp) fclose(fp);
    return fp != NULL;
}

/* ---- meta files ---- */

typedef struct meta {
    const char *keys[32], *values[32];
    int n;
} meta_t;

static const char *meta_get(const meta_t *m, const char *key)
{
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->keys[i], key) == 0) return m->values[i];
    return NULL;
}

/* Reads "key: value" lines (values trimmed). -1 out of memory; problems are listed. */
static int read_meta(study_state_t *st, const char *path, meta_t *m)
{
    onc_err_t e = {0};
    io_lines_t *l = io_lines_open(path, &e);
    if (!l) {
        cbio_msg(st->a, &st->errors, "%s", e.msg);
        return 0;
    }
    char *line;
    size_t len, total = 0;
    int ret;
    while ((ret = io_lines_next(l, &line, &len, &e)) == 0) {
        uint64_t lineno = io_lines_lineno(l);
        if ((total += len) > META_MAX_BYTES) {
            err_at(st, path, lineno, NULL, "a meta file over %zu bytes", META_MAX_BYTES);
            break;
        }
        while (len && (line[len - 1] == ' ' || line[len - 1] == '\t')) line[--len] = '\0';
        if (len == 0 || line[0] == '#') continue;
        char *colon = memchr(line, ':', len);
        if (!colon) {
            err_at(st, path, lineno, NULL, "expected 'key: value'");
            continue;
        }
        *colon = '\0';
        const char *v = colon + 1;
        while (*v == ' ' || *v == '\t') v++;
        if (m->n == (int)(sizeof m->keys / sizeof *m->keys)) {
            err_at(st, path, lineno, NULL, "more than %d fields", m->n);
            break;
        }
        m->keys[m->n] = onc_arena_strdup(st->a, line);
        m->values[m->n] = onc_arena_strdup(st->a, v);
        if (!m->keys[m->n] || !m->values[m->n]) {
            io_lines_close(l);
            return -1;
        }
        m->n++;
    }
    if (ret < -1) cbio_msg(st->a, &st->errors, "%s", e.msg);
    io_lines_close(l);
    return 0;
}

/* The role a meta file describes (R_N: one this reader does not read). */
static enum role meta_role(const meta_t *m)
{
    const char *type = meta_get(m, "genetic_alteration_type"), *dt = meta_get(m, "datatype");
    if (!type || !dt) return R_N;
    if (strcmp(type, "CLINICAL") == 0)
        return strcmp(dt, "PATIENT_ATTRIBUTES") == 0 ? R_PATIENT : strcmp(dt, "SAMPLE_ATTRIBUTES") == 0 ? R_SAMPLE : R_N;
    if (strcmp(type, "MUTATION_EXTENDED") == 0) return R_MUTATIONS;
    if (strcmp(type, "COPY_NUMBER_ALTERATION") == 0 && strcmp(dt, "DISCRETE") == 0) return R_CNA;
    if (strcmp(type, "STRUCTURAL_VARIANT") == 0) return R_SV;
    if (strcmp(type, "FUSION") == 0) return R_FUSIONS;
    if (strcmp(type, "GENE_PANEL_MATRIX") == 0) return R_PANEL_MATRIX;
    return R_N;
}

static void study_meta(study_state_t *st, const meta_t *m)
{
    onc_study_info_t *in = &st->s->info;
    in->study_key = meta_get(m, "cancer_study_identifier");
    in->name = meta_get(m, "name");
    in->description = meta_get(m, "description");
    in->type_of_cancer = meta_get(m, "type_of_cancer");
    in->citation = meta_get(m, "citation");
    in->pmid = meta_get(m, "pmid");
    st->reference_genome = meta_get(m, "reference_genome");
}

/* A data_filename names a file of the folder: no path in it. */
static int safe_name(const char *name)
{
    return *name && !strchr(name, '/') && !strchr(name, '\\') && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

static int profile_meta(study_state_t *st, const char *path, const meta_t *m)
{
    enum role r = meta_role(m);
    const char *type = meta_get(m, "genetic_alteration_type");
    if (r == R_N) {
        if (type) cbio_msg(st->a, &st->warnings, "%s: %s data are not read", path, type);
        return 0;
    }
    const char *name = meta_get(m, "data_filename");
    if (!name) {
        err_at(st, path, 0, "data_filename", "missing");
        return 0;
    }
    if (!safe_name(name)) {
        err_at(st, path, 0, "data_filename", "'%.80s': a file name in the study folder is expected", name);
        return 0;
    }
    if (st->path[r]) {
        err_at(st, path, 0, "data_filename", "a second %s file (%s); one is read", type, name);
        return 0;
    }
    st->path[r] = join(st, name);
    st->stable_id[r] = meta_get(m, "stable_id");
    st->meta_panel[r] = meta_get(m, "gene_panel");
    return st->path[r] ? 0 : -1;
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The folder's file names starting with prefix, sorted (in the arena). */
static int list_files(study_state_t *st, const char *prefix, char ***out, size_t *n)
{
    DIR *d = opendir(st->dir);
    *out = NULL, *n = 0;
    if (!d) return 0;
    size_t cap = 0;
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d)) != NULL;) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0) continue;
        if (*n >= META_MAX_FILES) break;
        char **grown = onc_arena_grow(st->a, *out, &cap, *n, sizeof *grown);
        char *copy = grown ? onc_arena_strdup(st->a, e->d_name) : NULL;
        if (!copy) rc = -1;
        else *out = grown, (*out)[(*n)++] = copy;
    }
    closedir(d);
    if (*n) qsort(*out, *n, sizeof **out, cmp_name);
    return rc;
}

static int read_metas(study_state_t *st)
{
    char **names;
    size_t n;
    if (list_files(st, "meta_", &names, &n) != 0) return -1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (len < 4 || strcmp(names[i] + len - 4, ".txt") != 0) continue;
        meta_t m = {.n = 0};
        const char *path = join(st, names[i]);
        if (!path || read_meta(st, path, &m) != 0) return -1;
        if (strcmp(names[i], "meta_study.txt") == 0) study_meta(st, &m);
        else if (profile_meta(st, path, &m) != 0) return -1;
    }
    return 0;
}

/* Roles without a meta file: the usual names, when present. */
static int fallbacks(study_state_t *st)
{
    for (int r = 0; r < R_N; r++)
        for (int k = 0; !st->path[r] && k < 3 && role_fallback[r][k]; k++) {
            char *p = join(st, role_fallback[r][k]);
            if (!p) return -1;
            if (file_exists(p)) st->path[r] = p;
        }
    if (st->path[R_MUTATIONS]) return 0;
    char **names; /* data_mutations*.txt: the first by name */
    size_t n;
    if (list_files(st, "data_mutations", &names, &n) != 0) return -1;
    if (n && !(st->path[R_MUTATIONS] = join(st, names[0]))) return -1;
    return 0;
}

static const char *basename_of(const char *dir)
{
    const char *end = dir + strlen(dir);
    while (end > dir && end[-1] == '/') end--;
    const char *b = end;
    while (b > dir && b[-1] != '/') b--;
    return b;
}

static int locate(study_state_t *st)
{
    if (read_metas(st) != 0 || fallbacks(st) != 0) return -1;
    onc_study_info_t *in = &st->s->info;
    char *meta_study = join(st, "meta_study.txt");
    if (!meta_study) return -1;
    if (!in->study_key) {
        const char *b = basename_of(st->dir);
        size_t n = strlen(b);
        while (n && b[n - 1] == '/') n--;
        if (!(in->study_key = onc_arena_strndup(st->a, b, n))) return -1;
        cbio_msg(st->a, &st->warnings, "%s: %s; the study is named after its folder (%s)", meta_study,
                 file_exists(meta_study) ? "no cancer_study_identifier" : "not found", in->study_key);
    }
    if (!(in->source = onc_arena_strdup(st->a, st->dir))) return -1;
    if (!st->path[R_SAMPLE])
        err_at(st, st->dir, 0, NULL, "no sample file (meta_clinical_sample.txt's data_filename, or "
                                     "data_clinical_sample.txt): cBioPortal requires one");
    size_t k = 0;
    for (int r = 0; r < R_N && k < 7; r++)
        if (st->path[r]) st->s->files[k++] = st->path[r];
    return 0;
}

/* ---- samples ---- */

static int cmp_ref(const void *a, const void *b) { return strcmp(((const sample_ref_t *)a)->id, ((const sample_ref_t *)b)->id); }

static int index_samples(study_state_t *st)
{
    const onc_cbio_clinical_t *c = st->s->clinical;
    for (size_t i = 0; i < c->n_patients; i++) st->n_refs += c->patients[i].n_samples;
    if (!(st->refs = onc_arena_alloc(st->a, (st->n_refs ? st->n_refs : 1) * sizeof *st->refs))) return -1;
    size_t k = 0;
    for (size_t i = 0; i < c->n_patients; i++)
        for (size_t j = 0; j < c->patients[i].n_samples; j++)
            st->refs[k++] = (sample_ref_t){.id = c->patients[i].samples[j].sample_id, .patient = i, .sample = j};
    if (st->n_refs) qsort(st->refs, st->n_refs, sizeof *st->refs, cmp_ref);
    return 0;
}

static sample_ref_t *find_sample(study_state_t *st, const char *id)
{
    if (!id) return NULL;
    sample_ref_t key = {.id = id};
    return st->n_refs ? bsearch(&key, st->refs, st->n_refs, sizeof *st->refs, cmp_ref) : NULL;
}

static void unknown_sample(study_state_t *st, const char *file, uint64_t line, const char *field, const char *id)
{
    err_at(st, file, line, field, "sample %s is not in %s", id && *id ? id : "(empty)",
           basename_of(st->s->clinical->sample_file));
}

/* ---- gene panels ---- */

enum { T_MUT, T_CNA, T_FUSION };
static const unsigned type_bit[3] = {ONC_COVER_MUTATION, ONC_COVER_CNA, ONC_COVER_FUSION};

/* Which type a panel-matrix column is: the stable_id of a profile's meta file, else the usual ids. */
static int matrix_column_type(const study_state_t *st, const char *col)
{
    static const enum role roles[3][2] = {{R_MUTATIONS, R_N}, {R_CNA, R_N}, {R_SV, R_FUSIONS}};
    for (int t = 0; t < 3; t++)
        for (int k = 0; k < 2 && roles[t][k] != R_N; k++)
            if (st->stable_id[roles[t][k]] && strcmp(st->stable_id[roles[t][k]], col) == 0) return t;
    if (strcmp(col, "mutations") == 0) return T_MUT;
    if (strcmp(col, "cna") == 0 || strcmp(col, "gistic") == 0 || strcmp(col, "cna_rae") == 0 ||
        strcmp(col, "cna_consensus") == 0)
        return T_CNA;
    if (strcmp(col, "structural_variants") == 0 || strcmp(col, "fusion") == 0) return T_FUSION;
    return -1;
}

static int read_panel_matrix(study_state_t *st)
{
    const char *path = st->path[R_PANEL_MATRIX];
    if (!path) return 0;
    onc_err_t e = {0};
    io_table_t *t = io_table_open(path, &e);
    if (!t) {
        cbio_msg(st->a, &st->errors, "%s", e.msg);
        return 0;
    }
    int sample_col = io_table_find(t, (const char *const[]){"SAMPLE_ID", NULL});
    int type_of[3] = {-1, -1, -1};
    for (int i = 0; i < io_table_ncols(t); i++) {
        int ty = i == sample_col ? -1 : matrix_column_type(st, io_table_colname(t, i));
        if (ty >= 0 && type_of[ty] < 0) type_of[ty] = i;
    }
    if (sample_col < 0) err_at(st, path, 1, "SAMPLE_ID", "the required column is missing");
    int ret;
    while (sample_col >= 0 && (ret = io_table_next(t, &e)) == 0) {
        uint64_t line = io_table_lineno(t);
        sample_ref_t *ref = find_sample(st, io_table_cell(t, sample_col));
        if (!ref) {
            unknown_sample(st, path, line, "SAMPLE_ID", io_table_cell(t, sample_col));
            continue;
        }
        for (int ty = 0; ty < 3; ty++) {
            const char *v = type_of[ty] >= 0 ? cbio_value(io_table_cell(t, type_of[ty])) : NULL;
            if (!v) continue;
            if (!(ref->panel[ty] = onc_arena_strdup(st->a, v))) {
                io_table_close(t);
                return -1;
            }
            ref->profiled |= type_bit[ty];
        }
    }
    if (sample_col >= 0 && ret < -1) cbio_msg(st->a, &st->errors, "%s", e.msg);
    io_table_close(t);
    return 0;
}

/* A gene panel file: "stable_id: ID", "description: ...", "gene_list: G1<TAB>G2 ...". */
static int read_panel_file(study_state_t *st, const char *path)
{
    meta_t m = {.n = 0};
    if (read_meta(st, path, &m) != 0) return -1;
    const char *id = meta_get(&m, "stable_id"), *list = meta_get(&m, "gene_list");
    if (!id || !list) {
        err_at(st, path, 0, id ? "gene_list" : "stable_id", "missing (a gene panel file names its stable_id and "
                                                           "gene_list)");
        return 0;
    }
    panel_t *grown = onc_arena_grow(st->a, st->panels, &st->cap_panels, st->n_panels, sizeof *grown);
    char *copy = onc_arena_strdup(st->a, list);
    const char **genes = onc_arena_alloc(st->a, PANEL_MAX_GENES * sizeof *genes);
    if (!grown || !copy || !genes) return -1;
    st->panels = grown;
    panel_t *p = &st->panels[st->n_panels++];
    *p = (panel_t){.id = id, .genes = genes};
    for (char *g = copy; *g;) {
        size_t n = strcspn(g, " \t,");
        if (n && p->n_genes == PANEL_MAX_GENES) {
            err_at(st, path, 0, "gene_list", "more than %d genes", PANEL_MAX_GENES);
            break;
        }
        if (n) genes[p->n_genes++] = g;
        g += n;
        if (*g) *g++ = '\0';
    }
    st->s->counts.panels++;
    st->s->counts.panel_genes += p->n_genes;
    return 0;
}

static int read_panel_files(study_state_t *st)
{
    static const char *const prefixes[] = {"data_gene_panel_", "gene_panel_"};
    for (int k = 0; k < 2; k++) {
        char **names;
        size_t n;
        if (list_files(st, prefixes[k], &names, &n) != 0) return -1;
        for (size_t i = 0; i < n; i++) {
            char *path = join(st, names[i]);
            if (!path) return -1;
            if (st->path[R_PANEL_MATRIX] && strcmp(path, st->path[R_PANEL_MATRIX]) == 0) continue;
            if (read_panel_file(st, path) != 0) return -1;
        }
    }
    return 0;
}

static const panel_t *find_panel(const study_state_t *st, const char *id)
{
    for (size_t i = 0; id && i < st->n_panels; i++)
        if (strcmp(st->panels[i].id, id) == 0) return &st->panels[i];
    return NULL;
}

/* Profiles whose meta file names one gene_panel for every sample. */
static void meta_panels(study_state_t *st)
{
    static const enum role roles[3] = {R_MUTATIONS, R_CNA, R_SV};
    for (int ty = 0; ty < 3; ty++)
        for (size_t i = 0; st->meta_panel[roles[ty]] && i < st->n_refs; i++)
            if (!st->refs[i].panel[ty]) st->refs[i].panel[ty] = st->meta_panel[roles[ty]];
}

/* ---- genomic files ---- */

static int push_pending(study_state_t *st, const pending_t *p)
{
    if (st->n_pending == st->cap_pending) {
        size_t cap = st->cap_pending ? st->cap_pending * 2 : 256;
        pending_t *grown = realloc(st->pending, cap * sizeof *grown);
        if (!grown) return -1;
        st->pending = grown, st->cap_pending = cap;
    }
    st->pending[st->n_pending++] = *p;
    return 0;
}

/* Strings of an entry go into the sample's case arena. */
static const char *keep(onc_case_t *c, const char *s, int *oom)
{
    if (!s) return NULL;
    char *copy = onc_case_strdup(c, s);
    if (!copy) *oom = 1;
    return copy;
}

static int variant_entry(study_state_t *st, onc_case_t *c, const onc_alt_t *a, pending_t *p)
{
    int oom = 0;
    p->section = 0;
    onc_case_variant_init(&p->v);
    p->v.gene = keep(c, a->gene, &oom);
    p->v.alteration = keep(c, a->alteration, &oom);
    p->v.hgvsp = keep(c, a->hgvsp, &oom);
    p->v.hgvsc = keep(c, a->hgvsc, &oom);
    p->v.consequence = keep(c, a->consequence, &oom);
    p->v.chrom = keep(c, a->chrom, &oom);
    p->v.ref = keep(c, a->ref, &oom);
    p->v.alt = keep(c, a->alt, &oom);
    p->v.pos = a->pos;
    p->v.vaf = a->vaf;
    p->v.depth = a->depth;
    p->v.line = a->line;
    sample_ref_t *ref = &st->refs[p->ref];
    /* the readers name only these two (io_genome_name); static strings outlive the reader */
    if (a->genome && !ref->genome) ref->genome = strcmp(a->genome, "GRCh38") == 0 ? "GRCh38" : "GRCh37";
    return oom ? -1 : 0;
}

static int fusion_entry(onc_case_t *c, const onc_alt_t *a, pending_t *p)
{
    int oom = 0;
    p->section = 1;
    memset(&p->f, 0, sizeof p->f);
    p->f.gene_a = keep(c, a->gene, &oom);
    /* the reader names an intragenic event "GENE-intragenic": both partners are the gene */
    const char *b = a->partner;
    size_t n = a->alteration ? strlen(a->alteration) : 0;
    if (!b && n > 11 && strcmp(a->alteration + n - 11, "-intragenic") == 0) b = a->gene;
    p->f.gene_b = keep(c, b, &oom);
    p->f.line = a->line;
    return oom ? -1 : 0;
}

static int cna_entry(onc_case_t *c, const onc_alt_t *a, pending_t *p)
{
    int oom = 0;
    p->section = 2;
    onc_case_cna_init(&p->cn);
    p->cn.gene = keep(c, a->gene, &oom);
    p->cn.call = a->kind;
    p->cn.copies = a->copies;
    p->cn.line = a->line;
    return oom ? -1 : 0;
}

static const char *sample_field(enum role r)
{
    return r == R_CNA ? NULL : r == R_SV ? "Sample_Id" : "Tumor_Sample_Barcode";
}

/* One alteration of a genomic file to its sample's pending entries. */
static int take_alt(study_state_t *st, enum role r, const onc_alt_t *a)
{
    sample_ref_t *ref = find_sample(st, a->sample);
    if (!ref) {
        if (r != R_CNA) unknown_sample(st, st->path[r], a->line, sample_field(r), a->sample);
        return 0; /* a CNA column was checked with the header */
    }
    pending_t p = {.ref = (size_t)(ref - st->refs), .once = r == R_FUSIONS};
    onc_case_t *c = st->s->cases[ref->patient];
    int rc = 0;
    if (a->kind == ONC_KIND_MUTATION) rc = variant_entry(st, c, a, &p);
    else if (a->kind == ONC_KIND_FUSION || a->kind == ONC_KIND_STRUCTURAL) rc = fusion_entry(c, a, &p);
    else if (a->kind >= ONC_KIND_AMPLIFICATION && a->kind <= ONC_KIND_DELETION) rc = cna_entry(c, a, &p);
    else {
        err_at(st, st->path[r], a->line, NULL, "a %s record has no place in a case", onc_alt_kind_name(a->kind));
        return 0;
    }
    if (rc != 0 || push_pending(st, &p) != 0) return -1;
    ref->profiled |= r == R_MUTATIONS ? ONC_COVER_MUTATION : r == R_CNA ? ONC_COVER_CNA : ONC_COVER_FUSION;
    size_t *count = r == R_MUTATIONS ? &st->s->counts.mutations
                    : r == R_CNA     ? &st->s->counts.cna_calls
                    : r == R_SV      ? &st->s->counts.structural_variants
                                     : &st->s->counts.fusions;
    (*count)++;
    return 0;
}

/* The CNA matrix's sample columns: each must be a sample of the study, and is profiled for CNA. */
static int check_cna_header(study_state_t *st)
{
    static const char *const gene_info[] = {"Hugo_Symbol", "Entrez_Gene_Id", "Gene Symbol", "Hugo_Gene_Symbol",
                                            "Locus ID", "Cytoband", NULL};
    onc_err_t e = {0};
    io_table_t *t = io_table_open(st->path[R_CNA], &e);
    if (!t) return 0; /* the reader says why */
    for (int i = 0; i < io_table_ncols(t); i++) {
        const char *col = io_table_colname(t, i);
        int info = 0;
        for (int k = 0; gene_info[k]; k++) info |= strcasecmp(col, gene_info[k]) == 0;
        if (info) continue;
        sample_ref_t *ref = find_sample(st, col);
        if (ref) ref->profiled |= ONC_COVER_CNA;
        else err_at(st, st->path[R_CNA], io_table_lineno(t), col, "sample %s is not in %s", col,
                    basename_of(st->s->clinical->sample_file));
    }
    io_table_close(t);
    return 0;
}

static const onc_format role_format[R_N] = {[R_MUTATIONS] = ONC_FMT_MAF, [R_CNA] = ONC_FMT_CNA, [R_SV] = ONC_FMT_FUSION,
                                            [R_FUSIONS] = ONC_FMT_FUSION};

static int read_genomic(study_state_t *st, enum role r)
{
    if (!st->path[r]) return 0;
    if (!file_exists(st->path[r])) {
        err_at(st, st->path[r], 0, NULL, "not found (a meta file's data_filename names it)");
        return 0;
    }
    if (r == R_CNA && check_cna_header(st) != 0) return -1;
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    o.format = role_format[r];
    o.kb_dir = st->opts->kb_dir;
    o.continue_after_row_error = 1;
    onc_err_t e = {0};
    onc_reader_t *rd = onc_reader_open(st->path[r], &o, &e);
    if (!rd) {
        cbio_msg(st->a, &st->errors, "%s", e.msg);
        return 0;
    }
    onc_alt_t a;
    int ret, rc = 0;
    while (rc == 0 && (ret = onc_reader_next(rd, &a)) != -1) {
        if (ret == 0) rc = take_alt(st, r, &a);
        else {
            cbio_msg(st->a, &st->errors, "%s", onc_reader_errmsg(rd));
            if (onc_reader_failed(rd)) break;
        }
    }
    for (size_t i = 0; i < onc_reader_n_warnings(rd); i++)
        cbio_msg(st->a, &st->warnings, "%s: %s", st->path[r], onc_reader_warning(rd, i));
    onc_reader_close(rd);
    return rc;
}

/* ---- clinical attributes the case model holds (docs/registry.md) ---- */

/* Where an attribute value was found, for messages. */
typedef struct found {
    const char *value, *id, *file;
    uint64_t line;
} found_t;

/* The first of ids among the patient's attributes, then each sample's (columns with specific
 * functionality may be in either file, as cBioPortal's format says). */
static found_t find_attr(const study_state_t *st, size_t pi, const char *const *ids, int patient_only)
{
    const onc_cbio_clinical_t *c = st->s->clinical;
    const onc_attr_patient_t *p = &c->patients[pi];
    found_t f = {NULL, NULL, NULL, 0};
    for (const char *const *id = ids; *id; id++)
        if ((f.value = onc_attr_get(p->values, p->n_values, *id)))
            return (found_t){f.value, *id, c->patient_file, c->patient_lines[pi]};
    for (size_t k = 0; !patient_only && k < p->n_samples; k++)
        for (const char *const *id = ids; *id; id++)
            if ((f.value = onc_attr_get(p->samples[k].values, p->samples[k].n_values, *id)))
                return (found_t){f.value, *id, c->sample_file, c->sample_lines[pi][k]};
    return f;
}

/* A word among the names (case-insensitive); the matching index or -1. */
static int word_in(const char *v, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcasecmp(v, names[i]) == 0) return i;
    return -1;
}

static onc_sex map_sex(const char *v)
{
    if (word_in(v, (const char *const[]){"Female", "F", NULL}) >= 0) return ONC_SEX_FEMALE;
    if (word_in(v, (const char *const[]){"Male", "M", NULL}) >= 0) return ONC_SEX_MALE;
    return ONC_SEX_UNKNOWN;
}

/* "Ever" says neither former nor current: it stays unknown (and an attribute). */
static onc_smoking map_smoking(const char *v)
{
    if (word_in(v, (const char *const[]){"Never", "Never smoker", "Non-smoker", "Lifelong Non-smoker", NULL}) >= 0)
        return ONC_SMOKING_NEVER;
    if (word_in(v, (const char *const[]){"Former", "Former smoker", "Ex-smoker", NULL}) >= 0 ||
        strncasecmp(v, "Current reformed smoker", 23) == 0)
        return ONC_SMOKING_FORMER;
    if (word_in(v, (const char *const[]){"Current", "Current smoker", NULL}) >= 0) return ONC_SMOKING_CURRENT;
    return ONC_SMOKING_UNKNOWN;
}

static onc_specimen map_sample_type(const char *v)
{
    if (!v) return ONC_SPECIMEN_UNKNOWN;
    if (word_in(v, (const char *const[]){"cfDNA", "ctDNA", "Plasma", NULL}) >= 0) return ONC_SPECIMEN_PLASMA;
    if (word_in(v, (const char *const[]){"Primary", "Primary Tumor", "Metastasis", "Metastatic", "Recurrence",
                                         "Local Recurrence", NULL}) >= 0)
        return ONC_SPECIMEN_TISSUE;
    return ONC_SPECIMEN_UNKNOWN;
}

/* A number of a mapped attribute within [min, max]; NaN when absent or bad (after a message). */
static double mapped_number(study_state_t *st, const found_t *f, double min, double max)
{
    double d = ONC_NUM_MISSING;
    if (!f->value) return d;
    if (io_parse_double(f->value, &d) != 0 || !(d >= min && d <= max)) {
        err_at(st, f->file, f->line, f->id, "'%.60s' is not a number between %g and %g", f->value, min, max);
        return ONC_NUM_MISSING;
    }
    return d;
}

static void map_diagnosis(study_state_t *st, size_t pi, onc_case_t *c)
{
    found_t code = find_attr(st, pi, (const char *const[]){"ONCOTREE_CODE", NULL}, 0);
    if (code.value) {
        const onc_tumor_type_t *t = st->tree ? onc_oncotree_find(st->tree, code.value) : NULL;
        if (st->tree && !t)
            err_at(st, code.file, code.line, code.id, "'%.40s' is not an OncoTree code (%s)", code.value,
                   onc_oncotree_release(st->tree) ? onc_oncotree_release(st->tree) : "kb/oncotree.tsv");
        else c->diagnosis.oncotree_code = t ? onc_tumor_type_code(t) : code.value;
        return;
    }
    found_t name = find_attr(st, pi, (const char *const[]){"CANCER_TYPE_DETAILED", NULL}, 0);
    const onc_tumor_type_t *hit[2];
    if (name.value && st->tree && onc_oncotree_find_name(st->tree, name.value, hit, 2) == 1)
        c->diagnosis.oncotree_code = onc_tumor_type_code(hit[0]);
}

static int map_patient(study_state_t *st, size_t pi, onc_case_t *c)
{
    found_t f = find_attr(st, pi, (const char *const[]){"SEX", "GENDER", NULL}, 1);
    if (f.value) c->sex = map_sex(f.value);
    f = find_attr(st, pi, (const char *const[]){"AGE", NULL}, 1);
    double age = mapped_number(st, &f, 0, 150);
    if (!isnan(age)) c->age = (int32_t)age; /* whole years completed */
    f = find_attr(st, pi, (const char *const[]){"SMOKING_HISTORY", "SMOKER", "SMOKING_STATUS", NULL}, 1);
    if (f.value) c->smoking = map_smoking(f.value);
    map_diagnosis(st, pi, c);
    f = find_attr(st, pi, (const char *const[]){"TMB_NONSYNONYMOUS", "TMB", NULL}, 0);
    c->biomarkers.tmb = mapped_number(st, &f, 0, 1e6);
    f = find_attr(st, pi, (const char *const[]){"PDL1_TPS", "PD_L1_TPS", NULL}, 0);
    c->biomarkers.pdl1_tps = mapped_number(st, &f, 0, 100);
    f = find_attr(st, pi, (const char *const[]){"PDL1_CPS", "PD_L1_CPS", NULL}, 0);
    c->biomarkers.pdl1_cps = mapped_number(st, &f, 0, 1e6);
    int oom = 0;
    c->diagnosis.oncotree_code = keep(c, c->diagnosis.oncotree_code, &oom);
    return oom ? -1 : 0;
}

static onc_case_t *new_case(study_state_t *st, size_t pi)
{
    const onc_attr_patient_t *p = &st->s->clinical->patients[pi];
    onc_case_t *c = onc_case_new();
    if (!c) return NULL;
    c->id = onc_case_strdup(c, p->patient_id);
    c->name = onc_case_strdup(c, st->dir);
    c->from_samples = 1;
    c->samples = onc_case_alloc(c, (p->n_samples ? p->n_samples : 1) * sizeof *c->samples);
    int ok = c->id && c->name && c->samples;
    for (size_t k = 0; ok && k < p->n_samples; k++) {
        onc_sample_t *s = &c->samples[c->n_samples++];
        char path[64];
        snprintf(path, sizeof path, "samples[%zu]", k);
        onc_sample_init(s);
        s->id = onc_case_strdup(c, p->samples[k].sample_id);
        s->path = onc_case_strdup(c, path);
        s->type = map_sample_type(onc_attr_get(p->samples[k].values, p->samples[k].n_values, "SAMPLE_TYPE"));
        ok = s->id && s->path;
    }
    if (ok && map_patient(st, pi, c) == 0) return c;
    onc_case_free(c);
    return NULL;
}

/* ---- the samples' molecular results ---- */

/* The assay of a sample from its panels: the genes when one known panel covers every type, the
 * coverage per type when the types differ, nothing (scope unknown) when a profiled type's panel
 * has no gene list here. */
static int set_assay(study_state_t *st, const sample_ref_t *ref, onc_case_t *c, onc_molecular_t *m)
{
    int oom = 0;
    const char *name = ref->panel[T_MUT] ? ref->panel[T_MUT] : ref->panel[T_CNA] ? ref->panel[T_CNA] : ref->panel[T_FUSION];
    m->assay.name = keep(c, name, &oom); /* strings of a case live in its own arena */
    if (oom) return -1;
    const panel_t *p[3];
    size_t n_cover = 0;
    for (int ty = 0; ty < 3; ty++) {
        p[ty] = ref->panel[ty] ? find_panel(st, ref->panel[ty]) : NULL;
        if (ref->panel[ty] && !p[ty]) return 0;
        if (p[ty]) n_cover += p[ty]->n_genes;
    }
    if (!n_cover) return 0;
    if (p[T_MUT] && p[T_MUT] == p[T_CNA] && p[T_MUT] == p[T_FUSION]) {
        const char **genes = onc_case_alloc(c, p[T_MUT]->n_genes * sizeof *genes);
        if (!genes) return -1;
        for (size_t i = 0; i < p[T_MUT]->n_genes; i++) genes[i] = keep(c, p[T_MUT]->genes[i], &oom);
        m->assay.genes = genes;
        m->assay.n_genes = p[T_MUT]->n_genes;
        return oom ? -1 : 0;
    }
    if (!(m->assay.coverage = onc_case_alloc(c, n_cover * sizeof *m->assay.coverage))) return -1;
    for (int ty = 0; ty < 3; ty++)
        for (size_t i = 0; p[ty] && i < p[ty]->n_genes; i++)
            m->assay.coverage[m->assay.n_coverage++] = (onc_coverage_t){keep(c, p[ty]->genes[i], &oom), type_bit[ty]};
    return oom ? -1 : 0;
}

static const char *study_genome(const study_state_t *st)
{
    const char *g = st->reference_genome;
    if (!g) return NULL;
    if (strcasecmp(g, "hg19") == 0 || strcasecmp(g, "GRCh37") == 0) return "GRCh37";
    if (strcasecmp(g, "hg38") == 0 || strcasecmp(g, "GRCh38") == 0) return "GRCh38";
    return NULL;
}

static int same_gene(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static int has_fusion(const onc_molecular_t *m, const onc_case_fusion_t *f)
{
    for (size_t i = 0; i < m->n_fusions; i++)
        if (same_gene(m->fusions[i].gene_a, f->gene_a) && same_gene(m->fusions[i].gene_b, f->gene_b)) return 1;
    return 0;
}

/* Gives each sample its typed entries (in file order), assay, genome and specimen. */
static int distribute(study_state_t *st)
{
    size_t (*counts)[3] = calloc(st->n_refs ? st->n_refs : 1, sizeof *counts);
    if (!counts) return -1;
    for (size_t i = 0; i < st->n_pending; i++) counts[st->pending[i].ref][st->pending[i].section]++;
    int rc = 0;
    for (size_t r = 0; rc == 0 && r < st->n_refs; r++) {
        sample_ref_t *ref = &st->refs[r];
        onc_case_t *c = st->s->cases[ref->patient];
        onc_sample_t *s = &c->samples[ref->sample];
        onc_molecular_t *m = &s->molecular;
        m->variants = onc_case_alloc(c, (counts[r][0] + 1) * sizeof *m->variants);
        m->fusions = onc_case_alloc(c, (counts[r][1] + 1) * sizeof *m->fusions);
        m->copy_number = onc_case_alloc(c, (counts[r][2] + 1) * sizeof *m->copy_number);
        if (!m->variants || !m->fusions || !m->copy_number) rc = -1;
        s->has_molecular = ref->profiled != 0 || counts[r][0] + counts[r][1] + counts[r][2] > 0;
        if (!s->has_molecular) continue;
        m->genome = ref->genome ? ref->genome : study_genome(st);
        m->specimen = s->type;
        if (rc == 0) rc = set_assay(st, ref, c, m);
    }
    for (size_t i = 0; rc == 0 && i < st->n_pending; i++) {
        const pending_t *p = &st->pending[i];
        const sample_ref_t *ref = &st->refs[p->ref];
        onc_molecular_t *m = &st->s->cases[ref->patient]->samples[ref->sample].molecular;
        if (p->section == 0) m->variants[m->n_variants++] = p->v;
        else if (p->section == 1 && !(p->once && has_fusion(m, &p->f))) m->fusions[m->n_fusions++] = p->f;
        else m->copy_number[m->n_copy_number++] = p->cn;
    }
    free(counts);
    return rc;
}

/* ---- the public part ---- */

void onc_cbio_opts_init(onc_cbio_opts_t *o) { memset(o, 0, sizeof *o); }

void onc_cbio_study_free(onc_cbio_study_t *s)
{
    if (!s) return;
    for (size_t i = 0; s->cases && i < s->n_cases; i++) onc_case_free(s->cases[i]);
    free(s->cases);
    onc_cbio_clinical_free(s->clinical);
    onc_arena_free(s->arena);
    free(s);
}

/* The clinical tables' problems come first in the study's list. */
static void take_clinical_messages(study_state_t *st)
{
    const onc_cbio_clinical_t *c = st->s->clinical;
    for (size_t i = 0; i < c->n_errors; i++) cbio_msg(st->a, &st->errors, "%s", c->errors[i]);
    st->errors.dropped += c->n_errors_dropped;
    for (size_t i = 0; i < c->n_warnings; i++) cbio_msg(st->a, &st->warnings, "%s", c->warnings[i]);
}

static int build_cases(study_state_t *st)
{
    onc_cbio_study_t *s = st->s;
    size_t n = s->clinical->n_patients;
    if (!(s->cases = calloc(n ? n : 1, sizeof *s->cases))) return -1;
    for (size_t i = 0; i < n; i++) {
        if (!(s->cases[i] = new_case(st, i))) return -1;
        s->n_cases++;
    }
    return 0;
}

/* -1 out of memory; otherwise the problems are in st->errors. */
static int read_study(study_state_t *st, onc_err_t *err)
{
    if (locate(st) != 0) return -1;
    if (!st->path[R_SAMPLE]) return 0;
    onc_rc rc = onc_cbio_clinical_read(st->path[R_PATIENT], st->path[R_SAMPLE], &st->s->clinical, err);
    if (rc == ONC_ENOMEM || !st->s->clinical) return -1;
    take_clinical_messages(st);
    if (st->opts->clinical_only) return 0;
    onc_err_t e = {0};
    if (!(st->tree = onc_oncotree_load(st->opts->kb_dir, &e))) cbio_msg(st->a, &st->errors, "%s", e.msg);
    if (index_samples(st) != 0 || build_cases(st) != 0) return -1;
    if (read_panel_matrix(st) != 0 || read_panel_files(st) != 0) return -1;
    meta_panels(st);
    static const enum role genomic[] = {R_MUTATIONS, R_CNA, R_SV, R_FUSIONS};
    for (size_t i = 0; i < sizeof genomic / sizeof *genomic; i++)
        if (read_genomic(st, genomic[i]) != 0) return -1;
    return distribute(st);
}

onc_rc onc_cbio_study_read(const char *dir, const onc_cbio_opts_t *opts, onc_cbio_study_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_cbio_opts_t defaults;
    onc_cbio_opts_init(&defaults);
    if (!dir) return onc_err_set(err, ONC_EINVAL, "cBioPortal: no study folder");
    DIR *d = opendir(dir);
    if (!d) return onc_err_set(err, ONC_EIO, "%s: not a readable folder", dir);
    closedir(d);
    onc_cbio_study_t *s = calloc(1, sizeof *s);
    if (!s || !(s->arena = onc_arena_new())) {
        free(s);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    study_state_t st = {.s = s, .a = s->arena, .opts = opts ? opts : &defaults};
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    int rc = (st.dir = onc_arena_strndup(s->arena, dir, n)) ? read_study(&st, err) : -1;
    free(st.pending);
    onc_oncotree_free(st.tree);
    if (rc != 0 || st.errors.oom || st.warnings.oom) {
        onc_cbio_study_free(s);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    s->errors = st.errors.v, s->n_errors = st.errors.n, s->n_errors_dropped = st.errors.dropped;
    s->warnings = st.warnings.v, s->n_warnings = st.warnings.n;
    *out = s;
    if (!s->n_errors) return ONC_OK;
    return onc_err_set(err, st.path[R_SAMPLE] ? ONC_EPARSE : ONC_ENOTFOUND, "%s", s->errors[0]);
}
