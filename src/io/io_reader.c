/* io_reader.c: the reader handle, format detection and the warnings every reader gathers.
 *
 * Detection reads ahead: htslib recognises VCF and BCF (plain, gzip or BGZF) by their magic;
 * a first non-blank character '{' means a case file; anything else is a table whose header
 * row each text format scores, the best score winning. Nothing is guessed from file names.
 */
#include "io_int.h"

#include <ctype.h>
#include <errno.h>
#include <htslib/hts.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const onc_format_ops *const table_formats[] = {&onc_maf_ops, &onc_fusion_ops, &onc_cna_ops,
                                                     &onc_segments_ops};

static const struct { onc_format format; const char *name; } format_names[] = {
    {ONC_FMT_AUTO, "auto"}, {ONC_FMT_VCF, "vcf"},   {ONC_FMT_MAF, "maf"},
    {ONC_FMT_FUSION, "fusion"}, {ONC_FMT_CNA, "cna"}, {ONC_FMT_SEGMENTS, "segments"},
    {ONC_FMT_CASE, "case"},
};

void onc_read_opts_init(onc_read_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->format = ONC_FMT_AUTO;
}

const char *onc_format_name(onc_format f)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (format_names[i].format == f) return format_names[i].name;
    return NULL;
}

onc_format onc_format_parse(const char *name)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (strcasecmp(format_names[i].name, name) == 0) return format_names[i].format;
    if (strcasecmp(name, "bcf") == 0) return ONC_FMT_VCF;
    if (strcasecmp(name, "json") == 0) return ONC_FMT_CASE;
    return ONC_FMT_AUTO;
}

static const onc_format_ops *ops_for(onc_format f)
{
    static const onc_format_ops *const all[] = {&onc_vcf_ops, &onc_maf_ops, &onc_fusion_ops,
                                                &onc_cna_ops, &onc_segments_ops, &onc_case_ops};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (all[i]->format == f) return all[i];
    return NULL;
}

/* 1 when htslib sees a VCF or BCF, 0 when not, -1 when the file cannot be opened. */
static int is_variant_file(const char *path, onc_err_t *err)
{
    errno = 0;
    htsFile *fp = hts_open(path, "r");
    if (!fp) {
        int saved = errno;
        FILE *plain = fopen(path, "rb");
        if (!plain)
            onc_err_set(err, ONC_EIO, "%s: cannot open: %s", path, strerror(errno ? errno : saved));
        else
            onc_err_set(err, ONC_EFORMAT, "%s: unrecognised format: binary data that is not VCF, BCF "
                        "or a compressed text file", path);
        if (plain) fclose(plain);
        return -1;
    }
    enum htsExactFormat f = hts_get_format(fp)->format;
    hts_close(fp);
    return f == vcf || f == bcf;
}

/* Copies the start of the first non-blank line into buf (leading spaces skipped): 1 when
 * there is one, 0 for an empty file, -1 on a read error (err set). */
static int first_line(const char *path, char *buf, size_t n, onc_err_t *err)
{
    io_lines_t *l = io_lines_open(path, err);
    if (!l) return -1;
    char *line;
    size_t len;
    int ret, found = 0;
    while (!found && (ret = io_lines_next(l, &line, &len, err)) == 0) {
        size_t i = 0;
        while (i < len && isspace((unsigned char)line[i])) i++;
        if (i == len) continue;
        snprintf(buf, n, "%.*s", (int)(len - i), line + i);
        found = 1;
    }
    io_lines_close(l);
    return found ? 1 : (ret < -1 ? -1 : 0);
}

static const onc_format_ops *detect_table(const char *path, onc_err_t *err)
{
    io_table_t *t = io_table_open(path, err);
    if (!t) return NULL;
    const onc_format_ops *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < sizeof table_formats / sizeof *table_formats; i++) {
        int s = table_formats[i]->probe(io_table_colnames(t), io_table_ncols(t));
        if (s > best_score) best_score = s, best = table_formats[i];
    }
    if (!best) {
        const char *h = io_table_colname(t, 0);
        onc_err_at(err, ONC_EFORMAT, path, io_table_lineno(t), NULL,
                   "unrecognised format (header starts with \"%.40s\"): expected VCF/BCF (with its "
                   "##fileformat header), MAF, a fusion, copy-number or segment table, or a case "
                   "file (JSON)", h);
    }
    io_table_close(t);
    return best;
}

static const onc_format_ops *detect(const char *path, onc_err_t *err)
{
    int v = is_variant_file(path, err);
    if (v < 0) return NULL;
    if (v) return &onc_vcf_ops;
    char head[64];
    int found = first_line(path, head, sizeof head, err);
    if (found < 0) return NULL;
    if (!found) {
        onc_err_set(err, ONC_EPARSE, "%s: the file is empty", path);
        return NULL;
    }
    if (head[0] == '{') return &onc_case_ops;
    if (strncmp(head, "#CHROM", 6) == 0) {
        onc_err_at(err, ONC_EFORMAT, path, 1, NULL,
                   "a VCF must start with its header (##fileformat=VCFv4.x and the ## meta lines); "
                   "this one starts at the #CHROM line");
        return NULL;
    }
    return detect_table(path, err);
}

onc_reader_t *onc_reader_open(const char *path, const onc_read_opts_t *opts, onc_err_t *err)
{
    onc_read_opts_t defaults;
    if (!opts) {
        onc_read_opts_init(&defaults);
        opts = &defaults;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        onc_err_set(err, ONC_EIO, "%s: is a directory, not a file", path);
        return NULL;
    }
    const onc_format_ops *ops = opts->format == ONC_FMT_AUTO ? detect(path, err) : ops_for(opts->format);
    if (!ops) {
        if (opts->format != ONC_FMT_AUTO) onc_err_set(err, ONC_EINVAL, "unknown format");
        return NULL;
    }
    onc_reader_t *r = calloc(1, sizeof *r);
    if (!r || !(r->path = strdup(path))) {
        free(r);
        onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    r->ops = ops;
    r->opts = *opts;
    if (ops->open(r) != ONC_OK) {
        if (err) *err = r->err;
        onc_reader_close(r);
        return NULL;
    }
    return r;
}

/* An error a table reader can go on after: one row's, the file itself still readable. */
static int is_row_error(const onc_reader_t *r)
{
    return r->ops->probe && (r->err.code == ONC_EPARSE || r->err.code == ONC_ELIMIT);
}

int onc_reader_next(onc_reader_t *r, onc_alt_t *out)
{
    if (r->failed) return -2;
    int ret = r->ops->next(r, out);
    if (ret < -1) r->failed = !(r->opts.continue_after_row_error && is_row_error(r));
    return ret;
}

const char *onc_reader_errmsg(const onc_reader_t *r) { return r->err.msg; }
int onc_reader_failed(const onc_reader_t *r) { return r->failed; }
onc_format onc_reader_format(const onc_reader_t *r) { return r->ops->format; }
int onc_reader_is_matrix(const onc_reader_t *r) { return r->ops == &onc_cna_ops && io_cna_is_matrix(r); }
size_t onc_reader_n_warnings(const onc_reader_t *r) { return r->n_warnings; }

const char *onc_reader_warning(const onc_reader_t *r, size_t i)
{
    return i < r->n_warnings ? r->warnings[i].msg : NULL;
}

uint64_t onc_reader_warning_count(const onc_reader_t *r, size_t i)
{
    return i < r->n_warnings ? r->warnings[i].count : 0;
}

void onc_reader_close(onc_reader_t *r)
{
    if (!r) return;
    if (r->ops && r->ops->close) r->ops->close(r);
    for (size_t i = 0; i < r->n_warnings; i++) free(r->warnings[i].msg);
    free(r->warnings);
    free(r->path);
    free(r);
}

int io_fail(onc_reader_t *r, onc_rc rc, uint64_t line, const char *field, const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    onc_err_at(&r->err, rc, r->path, line, field, "%s", msg);
    r->failed = 1;
    return -2;
}

void io_warn(onc_reader_t *r, const char *fmt, ...)
{
    char msg[ONC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < r->n_warnings; i++)
        if (strcmp(r->warnings[i].msg, msg) == 0) {
            r->warnings[i].count++;
            return;
        }
    if (r->n_warnings == r->m_warnings) {
        size_t m = r->m_warnings ? r->m_warnings * 2 : 8;
        void *w = realloc(r->warnings, m * sizeof *r->warnings);
        if (!w) return; /* a warning lost to memory exhaustion; the data is not */
        r->warnings = w;
        r->m_warnings = m;
    }
    char *s = strdup(msg);
    if (!s) return;
    r->warnings[r->n_warnings++] = (struct io_warning){s, 1};
}
