/* io.h: reading the sequencing lab's files into alterations.
 *
 * One interface for every format: open a file (its format detected from its content, or
 * forced), pull alterations one at a time, close. Readers stream: memory stays flat in the
 * size of the file. They follow htslib's bcf_read contract:
 *
 *     onc_reader_t *r = onc_reader_open(path, &opts, &err);   // NULL on error, err says why
 *     onc_alt_t a;
 *     int ret;
 *     while ((ret = onc_reader_next(r, &a)) == 0) use(&a);    // a valid until the next call
 *     if (ret < -1) report(onc_reader_errmsg(r));             // "file:line: field X: ..."
 *     onc_reader_close(r);
 *
 * Nothing is dropped silently: a record a reader cannot use is an error, and a record it
 * keeps with reduced information (unannotated, filtered) carries a flag and adds a warning.
 */
#ifndef ONCOBOARD_IO_H
#define ONCOBOARD_IO_H

#include "oncoboard/alteration.h"
#include "oncoboard/error.h"

#include <stddef.h>
#include <stdint.h>

typedef enum onc_format {
    ONC_FMT_AUTO = 0, /* detect from content */
    ONC_FMT_VCF = 1,  /* VCF or BCF, plain, gzip or bgzip */
    ONC_FMT_MAF = 2,  /* MAF (GDC, cBioPortal, vcf2maf, oncokb-annotator) */
    ONC_FMT_FUSION = 3,   /* fusion tables: oncokb-annotator Fusion / SV layouts, PCGR */
    ONC_FMT_CNA = 4,      /* copy number: GISTIC matrix, one call per row */
    ONC_FMT_SEGMENTS = 5, /* copy-number segments (PCGR: Chromosome Start End nMajor nMinor) */
    ONC_FMT_CASE = 6      /* case file v1 (JSON) and the files it references */
} onc_format;

/* A line of a table input as read, without its ending; valid during the call only. */
typedef void (*onc_line_hook)(void *ctx, const char *line, size_t len, uint64_t lineno);

/* Reading options: a plain struct with defaults from onc_read_opts_init(). */
typedef struct onc_read_opts {
    onc_format format;        /* ONC_FMT_AUTO */
    const char *tumor_sample; /* VCF: the tumor column by name; NULL: header, then "TUMOR" */
    const char *genome;       /* GRCh37 | GRCh38 when the file does not say; NULL */
    int pass_only;            /* drop records whose FILTER is set and not PASS [0] */
    const char *kb_dir;       /* directory of kb/ files; NULL: the copy built into the binary */
    /* Table formats (MAF, fusion, CNA, segments): called with every line of the input as it is
     * read (comment lines and the header included), before it is parsed, so that a caller can
     * write the rows back (oncoboard annotate) without reading the file twice. [NULL] */
    onc_line_hook on_line;
    void *on_line_ctx;
    /* Table formats: after an error confined to one row (a cell that does not parse, more
     * cells than the header), the next call goes on with the next row instead of returning
     * the error again. Errors of the file itself (truncated, corrupt) still stop it. [0] */
    int continue_after_row_error;
} onc_read_opts_t;

void onc_read_opts_init(onc_read_opts_t *o);

/* Returns "vcf", "maf", ... ; NULL for an unknown value. */
const char *onc_format_name(onc_format f);
/* Parses a format name; returns ONC_FMT_AUTO for an unknown name (and "auto"). */
onc_format onc_format_parse(const char *name);

typedef struct onc_reader onc_reader_t;

/* Opens path ("-" for stdin is not supported: formats are detected by reading ahead).
 * Returns a reader to close with onc_reader_close(), or NULL with err set. */
onc_reader_t *onc_reader_open(const char *path, const onc_read_opts_t *opts, onc_err_t *err);

/* 0: *out holds the next alteration (valid until the next call or close); -1: end of input;
 * < -1: error, message in onc_reader_errmsg(). After an error the reader only returns it. */
int onc_reader_next(onc_reader_t *r, onc_alt_t *out) ONC_MUST_CHECK;

const char *onc_reader_errmsg(const onc_reader_t *r);
/* 1 when the reader has stopped on an error (next() only returns it again), 0 otherwise. */
int onc_reader_failed(const onc_reader_t *r);
onc_format onc_reader_format(const onc_reader_t *r);
/* 1 when one input row holds several records (a GISTIC copy-number matrix: a call per sample
 * column), 0 otherwise. */
int onc_reader_is_matrix(const onc_reader_t *r);

/* Warnings gathered so far (each once, with a count where it repeats). */
size_t onc_reader_n_warnings(const onc_reader_t *r);
const char *onc_reader_warning(const onc_reader_t *r, size_t i);
uint64_t onc_reader_warning_count(const onc_reader_t *r, size_t i); /* records it applied to */

void onc_reader_close(onc_reader_t *r); /* accepts NULL */

#endif
