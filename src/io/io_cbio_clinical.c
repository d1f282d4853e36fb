/* io_cbio_clinical.c: cBioPortal's clinical tables (cbio.h): data_clinical_patient.txt and
 * data_clinical_sample.txt into attributes by name, samples joined to their patients.
 *
 * A clinical file is four '#' lines (display names, descriptions, datatypes, priorities; cBioPortal
 * requires them, many files in the wild leave them out, so both are read), the header of column
 * ids, then one row per patient or sample. Every column becomes a definition (attributes.h) and
 * every present value an attribute of its patient or sample; the X_MONTHS / X_STATUS pairs of the
 * patient file also become survival endpoints. Nothing stops at the first problem: each is listed
 * as "file:line: field COLUMN: ..." and reading goes on, so that a curator fixes a file in one
 * pass. Statistics on cohorts use this part alone; io_cbio.c adds the genomic files.
 */
#include "io_cbio_int.h"
#include "io_int.h"
#include "oncoboard/tsv.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- messages and values ---- */

void cbio_msg(onc_arena_t *a, cbio_msgs_t *m, const char *fmt, ...)
{
    if (m->n >= ONC_CBIO_MAX_ERRORS) {
        m->dropped++;
        return;
    }
    char buf[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    const char **grown = onc_arena_grow(a, m->v, &m->cap, m->n, sizeof *grown);
    char *copy = grown ? onc_arena_strdup(a, buf) : NULL;
    if (!copy) {
        m->oom = 1;
        return;
    }
    m->v = grown;
    m->v[m->n++] = copy;
}

int onc_cbio_is_missing(const char *s)
{
    if (!s || !*s) return 1;
    if (strcasecmp(s, "NA") == 0 || strcasecmp(s, "N/A") == 0) return 1;
    /* cBioPortal's markers are bracketed: [Not Available], [Not Applicable], [Unknown] ... */
    size_t n = strlen(s);
    return s[0] == '[' && s[n - 1] == ']';
}

void cbio_msg_at(onc_arena_t *a, cbio_msgs_t *m, const char *file, uint64_t line, const char *field,
                 const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX], where[32] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line) snprintf(where, sizeof where, ":%llu", (unsigned long long)line);
    if (field) cbio_msg(a, m, "%s%s: field %s: %s", file, where, field, msg);
    else cbio_msg(a, m, "%s%s: %s", file, where, msg);
}

const char *cbio_value(const char *cell) { return onc_cbio_is_missing(cell) ? NULL : cell; }

int onc_cbio_status_event(const char *status, onc_tri *event)
{
    if (!status || (status[0] != '0' && status[0] != '1') || status[1] != ':') return -1;
    *event = status[0] == '1' ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    return 0;
}

/* cBioPortal: identifiers of numbers, letters, points, underscores and hyphens. */
static int is_id(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-') return 0;
    return 1;
}

/* ---- one clinical file ---- */

enum { META_DISPLAY, META_DESCRIPTION, META_DATATYPE, META_PRIORITY, META_N };

typedef struct clin_file {
    const char *path;
    onc_attr_level level;
    io_lines_t *lines;
    char **cells;          /* ONC_CBIO_MAX_COLUMNS, reused per line */
    char *meta[META_N];    /* the '#' lines as read (copies), NULL when absent */
    uint64_t meta_line[META_N];
    int n_meta;
    const char **cols;     /* header, in the arena */
    int ncols;
    uint64_t header_line;
    size_t first_def;      /* index of column 0's definition in the clinical's defs */
    int id_col, patient_col; /* SAMPLE_ID (sample file) / PATIENT_ID */
} clin_file_t;

typedef struct clin_state {
    onc_cbio_clinical_t *c;
    onc_arena_t *a;
    cbio_msgs_t errors, warnings;
    size_t cap_defs, cap_patients;
    onc_attr_patient_t **order; /* patients sorted by id, for lookups */
    size_t n_order;
    struct flat_sample *flat; /* the sample file's rows, grouped by patient at the end */
    size_t n_flat, cap_flat;
} clin_state_t;

/* A row of the sample file, before it is joined to its patient. */
typedef struct flat_sample {
    const char *patient_id;
    onc_attr_sample_t sample;
    uint64_t line;
    int first_of_patient; /* no patient file: this row creates its patient */
} flat_sample_t;

/* A problem of file f at line (and field) into the list. */
#define fail(s, f, line, field, ...) cbio_msg_at((s)->a, &(s)->errors, (f)->path, (line), (field), __VA_ARGS__)

/* Splits line into f->cells; -1 (after a message) when it has too many. */
static int split(clin_state_t *s, clin_file_t *f, char *line, size_t len, uint64_t lineno)
{
    int n = onc_tsv_split(line, len, f->cells, ONC_CBIO_MAX_COLUMNS, ONC_TSV_TRIM);
    if (n < 0) fail(s, f, lineno, NULL, "more than %d columns", ONC_CBIO_MAX_COLUMNS);
    return n;
}

/* Reads the '#' lines and the header. 0; -1 when the file has no usable header (listed); -2 out of
 * memory. */
static int read_head(clin_state_t *s, clin_file_t *f, onc_err_t *err)
{
    char *line;
    size_t len;
    int ret;
    while ((ret = io_lines_next(f->lines, &line, &len, err)) == 0) {
        uint64_t lineno = io_lines_lineno(f->lines);
        if (len > 0 && line[0] == '#') {
            if (f->n_meta < META_N) {
                f->meta_line[f->n_meta] = lineno;
                if (!(f->meta[f->n_meta++] = onc_arena_strndup(s->a, line + 1, len - 1))) return -2;
            } else {
                fail(s, f, lineno, NULL, "more than four '#' lines before the header (cBioPortal has four: display "
                                         "names, descriptions, datatypes, priorities)");
            }
            continue;
        }
        if (len == 0) continue;
        f->header_line = lineno;
        int n = split(s, f, line, len, lineno);
        if (n < 0) return -1;
        f->ncols = n;
        if (!(f->cols = onc_arena_alloc(s->a, (size_t)(n ? n : 1) * sizeof *f->cols))) return -2;
        for (int i = 0; i < n; i++)
            if (!(f->cols[i] = onc_arena_strdup(s->a, f->cells[i]))) return -2;
        return 0;
    }
    if (ret == -1) fail(s, f, io_lines_lineno(f->lines), NULL, "no header row (the file is empty or has only '#' lines)");
    else fail(s, f, io_lines_lineno(f->lines), NULL, "%s", err->msg);
    return -1;
}

static int find_col(const clin_file_t *f, const char *name)
{
    for (int i = 0; i < f->ncols; i++)
        if (strcmp(f->cols[i], name) == 0) return i;
    return -1;
}

/* Splits every '#' line (a copy stays in f->meta for each) and checks its cell count. Returns
 * the cells of line `which` in out (ncols of them, "" beyond the line's end), or NULL. */
static char **meta_cells(clin_state_t *s, clin_file_t *f, int which)
{
    if (!f->meta[which]) return NULL;
    char *copy = onc_arena_strdup(s->a, f->meta[which]);
    char **cells = onc_arena_alloc(s->a, (size_t)ONC_CBIO_MAX_COLUMNS * sizeof *cells);
    if (!copy || !cells) return NULL;
    int n = onc_tsv_split(copy, strlen(copy), cells, ONC_CBIO_MAX_COLUMNS, ONC_TSV_TRIM);
    if (n < 0) n = 0;
    if (n != f->ncols)
        fail(s, f, f->meta_line[which], NULL, "%d cells where the header has %d columns", n, f->ncols);
    for (int i = n; i < f->ncols; i++) cells[i] = "";
    return cells;
}

/* The definitions of f's columns from its '#' lines (or the defaults without them). */
static int read_defs(clin_state_t *s, clin_file_t *f)
{
    onc_cbio_clinical_t *c = s->c;
    if (f->n_meta != 0 && f->n_meta != META_N)
        fail(s, f, f->meta_line[0], NULL, "%d '#' lines before the header: cBioPortal's are four (display names, "
                                          "descriptions, datatypes, priorities) or none", f->n_meta);
    int have_meta = f->n_meta == META_N;
    char **m[META_N] = {NULL};
    for (int k = 0; have_meta && k < META_N; k++)
        if (!(m[k] = meta_cells(s, f, k))) return -1;
    f->first_def = c->n_defs;
    for (int i = 0; i < f->ncols; i++) {
        onc_attr_def_t *grown = onc_arena_grow(s->a, c->defs, &s->cap_defs, c->n_defs, sizeof *grown);
        if (!grown) return -1;
        c->defs = grown;
        onc_attr_def_t *d = &c->defs[c->n_defs++];
        d->id = f->cols[i];
        d->level = f->level;
        d->display_name = have_meta && *m[META_DISPLAY][i] ? onc_arena_strdup(s->a, m[META_DISPLAY][i]) : d->id;
        d->description = have_meta && *m[META_DESCRIPTION][i] ? onc_arena_strdup(s->a, m[META_DESCRIPTION][i]) : NULL;
        d->datatype = ONC_ATTR_STRING;
        d->priority = have_meta ? ONC_INT_MISSING : 1;
        if (!d->display_name || (have_meta && *m[META_DESCRIPTION][i] && !d->description)) return -1;
        if (!is_id(d->id)) fail(s, f, f->header_line, d->id, "a column id of letters, digits, '.', '_' or '-' is expected");
        for (int k = 0; k < i; k++)
            if (strcmp(f->cols[k], d->id) == 0) fail(s, f, f->header_line, d->id, "column given twice");
        if (!have_meta) continue;
        d->datatype = onc_attr_type_parse(m[META_DATATYPE][i]);
        if (!d->datatype) {
            fail(s, f, f->meta_line[META_DATATYPE], d->id, "datatype '%.40s': expected STRING, NUMBER or BOOLEAN",
                 m[META_DATATYPE][i]);
            d->datatype = ONC_ATTR_STRING;
        }
        int64_t prio = 0;
        if (io_parse_int(m[META_PRIORITY][i], INT32_MIN + 1, INT32_MAX, &prio) == 0) d->priority = (int32_t)prio;
        else fail(s, f, f->meta_line[META_PRIORITY], d->id, "priority '%.40s': expected a whole number",
                  m[META_PRIORITY][i]);
    }
    return 0;
}

/* ---- rows ---- */

static int is_number(const char *v)
{
    double d;
    return io_parse_double(v, &d) == 0;
}

/* The value of cell i checked against its datatype; NULL when missing or bad (after a message). */
static const char *checked_value(clin_state_t *s, clin_file_t *f, int i, uint64_t lineno)
{
    const char *v = cbio_value(f->cells[i]);
    const onc_attr_def_t *d = &s->c->defs[f->first_def + (size_t)i];
    if (!v) return NULL;
    if (strlen(v) > ONC_CBIO_MAX_CELL) {
        fail(s, f, lineno, d->id, "a value longer than %d bytes", ONC_CBIO_MAX_CELL);
        return NULL;
    }
    if (d->datatype == ONC_ATTR_NUMBER && !is_number(v)) {
        fail(s, f, lineno, d->id, "'%.60s' is not a number (the column's datatype is NUMBER)", v);
        return NULL;
    }
    if (d->datatype == ONC_ATTR_BOOLEAN && strcasecmp(v, "TRUE") != 0 && strcasecmp(v, "FALSE") != 0) {
        fail(s, f, lineno, d->id, "'%.60s' is not TRUE or FALSE (the column's datatype is BOOLEAN)", v);
        return NULL;
    }
    return v;
}

/* The row's attribute values: every present cell but the identifier columns. */
static int row_values(clin_state_t *s, clin_file_t *f, int ncells, uint64_t lineno, onc_attr_value_t **out, size_t *n)
{
    *out = onc_arena_alloc(s->a, (size_t)(ncells ? ncells : 1) * sizeof **out);
    if (!*out) return -1;
    *n = 0;
    for (int i = 0; i < ncells && i < f->ncols; i++) {
        if (i == f->id_col || i == f->patient_col) continue;
        const char *v = checked_value(s, f, i, lineno);
        if (!v) continue;
        onc_attr_value_t *val = &(*out)[(*n)++];
        val->id = f->cols[i];
        val->datatype = s->c->defs[f->first_def + (size_t)i].datatype;
        if (!(val->value = onc_arena_strdup(s->a, v))) return -1;
    }
    return 0;
}

/* The X_MONTHS / X_STATUS pairs of the patient file, as endpoints. */
static int row_survival(clin_state_t *s, clin_file_t *f, uint64_t lineno, onc_attr_patient_t *p)
{
    size_t cap = 0;
    for (int i = 0; i < f->ncols; i++) {
        size_t n = strlen(f->cols[i]);
        if (n <= 7 || strcmp(f->cols[i] + n - 7, "_MONTHS") != 0) continue;
        char status_col[256];
        snprintf(status_col, sizeof status_col, "%.*s_STATUS", (int)(n - 7), f->cols[i]);
        int k = find_col(f, status_col);
        if (k < 0) continue;
        const char *months = cbio_value(f->cells[i]), *status = cbio_value(f->cells[k]);
        if (!months && !status) continue;
        onc_survival_t sv = {.months = ONC_NUM_MISSING, .event = ONC_TRI_UNKNOWN, .status = NULL};
        if (months && (io_parse_double(months, &sv.months) != 0 || !(sv.months >= 0))) {
            fail(s, f, lineno, f->cols[i], "'%.60s' is not a number of months", months);
            sv.months = ONC_NUM_MISSING;
        }
        if (status && onc_cbio_status_event(status, &sv.event) != 0)
            fail(s, f, lineno, status_col, "'%.60s': a survival status starts with 0: (no event) or 1: (event), "
                                           "as in 0:LIVING, 1:DECEASED", status);
        onc_survival_t *grown = onc_arena_grow(s->a, p->survival, &cap, p->n_survival, sizeof *grown);
        if (!grown) return -1;
        p->survival = grown;
        sv.endpoint = onc_arena_strndup(s->a, f->cols[i], n - 7);
        sv.status = status ? onc_arena_strdup(s->a, status) : NULL;
        if (!sv.endpoint || (status && !sv.status)) return -1;
        p->survival[p->n_survival++] = sv;
    }
    return 0;
}

/* ---- patients ---- */

static int cmp_patient(const void *a, const void *b)
{
    return strcmp((*(onc_attr_patient_t *const *)a)->patient_id, (*(onc_attr_patient_t *const *)b)->patient_id);
}

/* Builds the sorted index over the patients (once they are all created: it points into them). */
static int index_patients(clin_state_t *s)
{
    onc_cbio_clinical_t *c = s->c;
    s->n_order = c->n_patients;
    if (!(s->order = onc_arena_alloc(s->a, (c->n_patients ? c->n_patients : 1) * sizeof *s->order))) return -1;
    for (size_t i = 0; i < c->n_patients; i++) s->order[i] = &c->patients[i];
    if (s->n_order) qsort(s->order, s->n_order, sizeof *s->order, cmp_patient);
    return 0;
}

static size_t lookup(const clin_state_t *s, const char *id)
{
    size_t lo = 0, hi = s->n_order;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(s->order[mid]->patient_id, id);
        if (d == 0) return (size_t)(s->order[mid] - s->c->patients);
        if (d < 0) lo = mid + 1;
        else hi = mid;
    }
    return s->c->n_patients;
}

static onc_attr_patient_t *new_patient(clin_state_t *s, const char *id, uint64_t line)
{
    onc_cbio_clinical_t *c = s->c;
    size_t cap = s->cap_patients;
    onc_attr_patient_t *grown = onc_arena_grow(s->a, c->patients, &s->cap_patients, c->n_patients, sizeof *grown);
    uint64_t *lines = onc_arena_grow(s->a, c->patient_lines, &cap, c->n_patients, sizeof *lines);
    if (!grown || !lines) return NULL;
    c->patients = grown, c->patient_lines = lines;
    c->patient_lines[c->n_patients] = line;
    onc_attr_patient_t *p = &c->patients[c->n_patients++];
    memset(p, 0, sizeof *p);
    if (!(p->patient_id = onc_arena_strdup(s->a, id))) return NULL;
    return p;
}

/* The identifier in column col of the row; NULL (after a message) when missing or malformed. */
static const char *row_id(clin_state_t *s, clin_file_t *f, int col, uint64_t lineno)
{
    const char *id = f->cells[col];
    if (!*id) fail(s, f, lineno, f->cols[col], "empty");
    else if (!is_id(id)) fail(s, f, lineno, f->cols[col], "'%.60s': an identifier of letters, digits, '.', '_' or '-' "
                                                          "is expected", id);
    else return id;
    return NULL;
}

static int patient_row(clin_state_t *s, clin_file_t *f, int ncells, uint64_t lineno)
{
    const char *id = row_id(s, f, f->patient_col, lineno);
    if (!id) return 0;
    onc_attr_patient_t *p = new_patient(s, id, lineno);
    if (!p || row_values(s, f, ncells, lineno, &p->values, &p->n_values) != 0) return -1;
    return row_survival(s, f, lineno, p);
}


static int sample_row(clin_state_t *s, clin_file_t *f, int ncells, uint64_t lineno)
{
    const char *pid = row_id(s, f, f->patient_col, lineno), *sid = row_id(s, f, f->id_col, lineno);
    if (!pid || !sid) return 0;
    flat_sample_t *grown = onc_arena_grow(s->a, s->flat, &s->cap_flat, s->n_flat, sizeof *grown);
    if (!grown) return -1;
    s->flat = grown;
    flat_sample_t *fs = &s->flat[s->n_flat++];
    memset(fs, 0, sizeof *fs);
    fs->line = lineno;
    fs->patient_id = onc_arena_strdup(s->a, pid);
    fs->sample.sample_id = onc_arena_strdup(s->a, sid);
    if (!fs->patient_id || !fs->sample.sample_id) return -1;
    return row_values(s, f, ncells, lineno, &fs->sample.values, &fs->sample.n_values);
}

/* Reads f's rows after its head; row is patient_row or sample_row. */
static int read_rows(clin_state_t *s, clin_file_t *f, int (*row)(clin_state_t *, clin_file_t *, int, uint64_t),
                     onc_err_t *err)
{
    char *line;
    size_t len, n_rows = 0;
    int ret;
    while ((ret = io_lines_next(f->lines, &line, &len, err)) == 0) {
        uint64_t lineno = io_lines_lineno(f->lines);
        if (len == 0) continue;
        if (line[0] == '#') {
            fail(s, f, lineno, NULL, "a '#' line among the rows");
            continue;
        }
        if (++n_rows > ONC_CBIO_MAX_ROWS) {
            fail(s, f, lineno, NULL, "more than %zu rows", ONC_CBIO_MAX_ROWS);
            return 0;
        }
        int n = split(s, f, line, len, lineno);
        if (n < 0) continue;
        if (n > f->ncols) {
            fail(s, f, lineno, NULL, "%d cells where the header has %d columns", n, f->ncols);
            continue;
        }
        for (int i = n; i < f->ncols; i++) f->cells[i] = (char *)"";
        if (row(s, f, n, lineno) != 0) return -1;
    }
    if (ret < -1) fail(s, f, io_lines_lineno(f->lines), NULL, "%s", err->msg);
    return 0;
}

/* Opens and reads one clinical file. -1 only when out of memory. */
static int read_file(clin_state_t *s, const char *path, onc_attr_level level)
{
    clin_file_t f = {.path = path, .level = level, .id_col = -1, .patient_col = -1};
    onc_err_t err = {0};
    int rc = 0;
    FILE *probe = fopen(path, "rb"); /* a clear message, and none from htslib on stderr */
    if (!probe) {
        cbio_msg(s->a, &s->errors, "%s: cannot open: not found or not readable", path);
        return 0;
    }
    fclose(probe);
    if (!(f.cells = calloc(ONC_CBIO_MAX_COLUMNS, sizeof *f.cells))) return -1;
    if (!(f.lines = io_lines_open(path, &err))) {
        cbio_msg(s->a, &s->errors, "%s", err.msg);
        free(f.cells);
        return 0;
    }
    int head = read_head(s, &f, &err);
    if (head == -2) rc = -1;
    if (head == 0 && (rc = read_defs(s, &f)) == 0) {
        f.patient_col = find_col(&f, "PATIENT_ID");
        if (level == ONC_ATTR_SAMPLE) f.id_col = find_col(&f, "SAMPLE_ID");
        if (f.patient_col < 0) fail(s, &f, f.header_line, "PATIENT_ID", "the required column is missing");
        if (level == ONC_ATTR_SAMPLE && f.id_col < 0) fail(s, &f, f.header_line, "SAMPLE_ID", "the required column is missing");
        if (f.patient_col >= 0 && (level == ONC_ATTR_PATIENT || f.id_col >= 0))
            rc = read_rows(s, &f, level == ONC_ATTR_PATIENT ? patient_row : sample_row, &err);
    }
    io_lines_close(f.lines);
    free(f.cells);
    return rc;
}

/* ---- joining samples to patients ---- */

static int cmp_flat(const void *a, const void *b)
{
    const flat_sample_t *x = *(flat_sample_t *const *)a, *y = *(flat_sample_t *const *)b;
    int d = strcmp(x->sample.sample_id, y->sample.sample_id);
    return d ? d : (x->line > y->line) - (x->line < y->line);
}

/* A SAMPLE_ID given twice is an error at its second line. */
static int check_duplicate_samples(clin_state_t *s)
{
    if (s->n_flat < 2) return 0;
    flat_sample_t **v = malloc(s->n_flat * sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < s->n_flat; i++) v[i] = &s->flat[i];
    qsort(v, s->n_flat, sizeof *v, cmp_flat);
    for (size_t i = 1; i < s->n_flat; i++)
        if (strcmp(v[i]->sample.sample_id, v[i - 1]->sample.sample_id) == 0)
            cbio_msg(s->a, &s->errors, "%s:%llu: field SAMPLE_ID: sample %s is also on line %llu", s->c->sample_file,
                     (unsigned long long)v[i]->line, v[i]->sample.sample_id, (unsigned long long)v[i - 1]->line);
    free(v);
    return 0;
}

static int check_duplicate_patients(clin_state_t *s)
{
    const onc_cbio_clinical_t *c = s->c;
    for (size_t i = 1; i < s->n_order; i++) {
        size_t a = (size_t)(s->order[i - 1] - c->patients), b = (size_t)(s->order[i] - c->patients);
        if (strcmp(c->patients[a].patient_id, c->patients[b].patient_id) != 0) continue;
        size_t later = c->patient_lines[a] > c->patient_lines[b] ? a : b, first = later == a ? b : a;
        cbio_msg(s->a, &s->errors, "%s:%llu: field PATIENT_ID: patient %s is also on line %llu", c->patient_file,
                 (unsigned long long)c->patient_lines[later], c->patients[later].patient_id,
                 (unsigned long long)c->patient_lines[first]);
    }
    return 0;
}

static int cmp_flat_patient(const void *a, const void *b)
{
    const flat_sample_t *x = *(flat_sample_t *const *)a, *y = *(flat_sample_t *const *)b;
    int d = strcmp(x->patient_id, y->patient_id);
    return d ? d : (x->line > y->line) - (x->line < y->line);
}

/* Without a patient file the patients are those the sample file names, in the order of their
 * first sample. */
static int patients_from_samples(clin_state_t *s)
{
    if (!s->n_flat) return index_patients(s);
    flat_sample_t **v = malloc(s->n_flat * sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < s->n_flat; i++) v[i] = &s->flat[i];
    qsort(v, s->n_flat, sizeof *v, cmp_flat_patient);
    for (size_t i = 0; i < s->n_flat; i++)
        v[i]->first_of_patient = i == 0 || strcmp(v[i]->patient_id, v[i - 1]->patient_id) != 0;
    free(v);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < s->n_flat; i++) /* in file order */
        if (s->flat[i].first_of_patient && !new_patient(s, s->flat[i].patient_id, 0)) rc = -1;
    return rc == 0 ? index_patients(s) : -1;
}

/* Gives each flat sample to its patient (created when there is no patient file). */
static int join_samples(clin_state_t *s)
{
    onc_cbio_clinical_t *c = s->c;
    size_t *owner = malloc((s->n_flat ? s->n_flat : 1) * sizeof *owner);
    if (!owner) return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < s->n_flat; i++) {
        size_t pi = lookup(s, s->flat[i].patient_id);
        if (pi == c->n_patients)
            cbio_msg(s->a, &s->errors, "%s:%llu: field PATIENT_ID: patient %s is not in %s", c->sample_file,
                     (unsigned long long)s->flat[i].line, s->flat[i].patient_id, c->patient_file);
        owner[i] = pi;
        if (pi < c->n_patients) c->patients[pi].n_samples++;
    }
    if (rc == 0 && !(c->sample_lines = onc_arena_alloc(s->a, (c->n_patients ? c->n_patients : 1) * sizeof *c->sample_lines)))
        rc = -1;
    for (size_t pi = 0; rc == 0 && pi < c->n_patients; pi++) {
        onc_attr_patient_t *p = &c->patients[pi];
        size_t n = p->n_samples ? p->n_samples : 1;
        p->samples = onc_arena_alloc(s->a, n * sizeof *p->samples);
        c->sample_lines[pi] = onc_arena_alloc(s->a, n * sizeof **c->sample_lines);
        if (!p->samples || !c->sample_lines[pi]) rc = -1;
        p->n_samples = 0;
    }
    for (size_t i = 0; rc == 0 && i < s->n_flat; i++) {
        if (owner[i] >= c->n_patients) continue;
        onc_attr_patient_t *p = &c->patients[owner[i]];
        c->sample_lines[owner[i]][p->n_samples] = s->flat[i].line;
        p->samples[p->n_samples++] = s->flat[i].sample;
    }
    free(owner);
    return rc;
}

/* ---- the public part ---- */

size_t onc_cbio_patient_index(const onc_cbio_clinical_t *c, const char *patient_id)
{
    for (size_t i = 0; patient_id && i < c->n_patients; i++)
        if (strcmp(c->patients[i].patient_id, patient_id) == 0) return i;
    return c->n_patients;
}

void onc_cbio_clinical_free(onc_cbio_clinical_t *c)
{
    if (!c) return;
    onc_arena_t *a = c->arena;
    free(c);
    onc_arena_free(a);
}

static int read_all(clin_state_t *s, const char *patient_path, const char *sample_path)
{
    onc_cbio_clinical_t *c = s->c;
    if (patient_path && !(c->patient_file = onc_arena_strdup(s->a, patient_path))) return -1;
    if (!(c->sample_file = onc_arena_strdup(s->a, sample_path))) return -1;
    if (patient_path && read_file(s, patient_path, ONC_ATTR_PATIENT) != 0) return -1;
    if (read_file(s, sample_path, ONC_ATTR_SAMPLE) != 0) return -1;
    if (patient_path ? index_patients(s) != 0 || check_duplicate_patients(s) != 0 : patients_from_samples(s) != 0)
        return -1;
    if (join_samples(s) != 0 || check_duplicate_samples(s) != 0) return -1;
    return s->errors.oom || s->warnings.oom ? -1 : 0;
}

onc_rc onc_cbio_clinical_read(const char *patient_path, const char *sample_path, onc_cbio_clinical_t **out,
                              onc_err_t *err)
{
    *out = NULL;
    if (!sample_path) return onc_err_set(err, ONC_EINVAL, "cBioPortal: the sample file is required");
    onc_cbio_clinical_t *c = calloc(1, sizeof *c);
    if (!c || !(c->arena = onc_arena_new())) {
        free(c);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    clin_state_t s = {.c = c, .a = c->arena};
    if (read_all(&s, patient_path, sample_path) != 0) {
        onc_cbio_clinical_free(c);
        return onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    c->errors = s.errors.v, c->n_errors = s.errors.n, c->n_errors_dropped = s.errors.dropped;
    c->warnings = s.warnings.v, c->n_warnings = s.warnings.n;
    *out = c;
    if (!c->n_errors) return ONC_OK;
    return onc_err_set(err, ONC_EPARSE, "%s", c->errors[0]);
}
