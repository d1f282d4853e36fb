/* stats_resamples.c: the bootstrap resamples of Harrell's optimism correction and the loop over
 * them (onc_assoc_bootstrap, shared by the AUC of stats_roc.c and the C-index of
 * stats_concordance.c).
 *
 * A resample is n row indices drawn with replacement from the n analysed rows. They are drawn
 * with GSL's mt19937, or given: read from a file, so that R (or any tool) and oncoboard can fit
 * the very same resamples and their optimism be compared number by number. The file has one
 * resample a line, its n 1-based row numbers separated by spaces, tabs or a comma (R:
 * write.table(t(replicate(B, sample.int(n, replace = TRUE))), f, row.names = FALSE,
 * col.names = FALSE)); '#' comment lines and blank lines are skipped, a trailing CR is allowed.
 * Every line must hold exactly n numbers in 1..n: a wrong count or a row out of range is an
 * error naming the file, the line and the field, never a silently shorter resample. */
#include "stats_assoc_int.h"

#include "oncoboard/stats_assoc.h"
#include "oncoboard/strbuf.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

/* One resample of n rows (the order of the draws is the interface: --write-resamples must give
 * what --bootstrap used). */
static void draw_one(gsl_rng *rng, size_t n, uint32_t *rows)
{
    for (size_t i = 0; i < n; i++) rows[i] = (uint32_t)gsl_rng_uniform_int(rng, n);
}

static onc_rc check_size(size_t B, size_t n, onc_err_t *err)
{
    if (B == 0 || B > ONC_RESAMPLES_MAX_B)
        return onc_err_set(err, ONC_EINVAL, "bootstrap: 1 to %d resamples, not %zu", ONC_RESAMPLES_MAX_B, B);
    if (n == 0 || n > UINT32_MAX) return onc_err_set(err, ONC_EINVAL, "bootstrap: %zu rows to resample", n);
    return ONC_OK;
}

/* Room for B resamples of n rows, within the cap. */
static onc_rc resamples_alloc(size_t B, size_t n, onc_resamples_t *out, onc_err_t *err)
{
    if (n > ONC_RESAMPLES_MAX_CELLS / B)
        return onc_err_set(err, ONC_ELIMIT, "bootstrap: %zu resamples of %zu rows pass the cap of %zu row numbers", B, n,
                           ONC_RESAMPLES_MAX_CELLS);
    out->row = malloc(B * n * sizeof *out->row);
    if (!out->row) return onc_err_set(err, ONC_ENOMEM, "bootstrap: out of memory");
    out->B = B, out->n = n;
    return ONC_OK;
}

onc_rc onc_resamples_draw(size_t B, size_t n, unsigned long seed, onc_resamples_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    out->seed = seed;
    onc_rc rc = check_size(B, n, err);
    if (rc == ONC_OK) rc = resamples_alloc(B, n, out, err);
    if (rc != ONC_OK) return rc;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng) {
        onc_resamples_free(out);
        return onc_err_set(err, ONC_ENOMEM, "bootstrap: out of memory");
    }
    gsl_rng_set(rng, seed);
    for (size_t b = 0; b < B; b++) draw_one(rng, n, out->row + b * n);
    gsl_rng_free(rng);
    return ONC_OK;
}

void onc_resamples_free(onc_resamples_t *r)
{
    if (!r) return;
    free(r->row);
    r->row = NULL;
    r->B = r->n = 0;
}

/* ---- the file ---- */

typedef struct line_cursor {
    const char *name;
    uint64_t line;
    size_t n;
} line_cursor_t;

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* One row number at *s (digits only) into *row (0-based); field is 1-based. */
static onc_rc parse_field(const line_cursor_t *c, const char **s, const char *end, size_t field, uint32_t *row,
                          onc_err_t *err)
{
    char fname[32];
    snprintf(fname, sizeof fname, "%zu", field);
    const char *q = *s;
    while (q < end && !is_blank(*q) && *q != ',') q++;
    int len = (int)(q - *s > 40 ? 40 : q - *s);
    if (q == *s) return onc_err_at(err, ONC_EPARSE, c->name, c->line, fname, "an empty field");
    uint64_t v = 0;
    for (const char *p = *s; p < q; p++) {
        if (*p < '0' || *p > '9')
            return onc_err_at(err, ONC_EPARSE, c->name, c->line, fname, "'%.*s' is not a row number", len, *s);
        if (v <= UINT32_MAX) v = v * 10 + (uint64_t)(*p - '0');
    }
    if (v < 1 || v > c->n)
        return onc_err_at(err, ONC_EPARSE, c->name, c->line, fname, "row %.*s is not in 1..%zu", len, *s, c->n);
    *row = (uint32_t)(v - 1);
    *s = q;
    return ONC_OK;
}

/* The n row numbers of the line [s, end) into rows. */
static onc_rc parse_line(const line_cursor_t *c, const char *s, const char *end, uint32_t *rows, onc_err_t *err)
{
    size_t k = 0;
    while (s < end && is_blank(*s)) s++;
    while (s < end) {
        if (k == c->n)
            return onc_err_at(err, ONC_EPARSE, c->name, c->line, NULL, "more than %zu row numbers, the analysis's rows",
                              c->n);
        onc_rc rc = parse_field(c, &s, end, k + 1, &rows[k], err);
        if (rc != ONC_OK) return rc;
        k++;
        while (s < end && is_blank(*s)) s++;
        if (s < end && *s == ',') {
            for (s++; s < end && is_blank(*s);) s++;
            if (s == end) return onc_err_at(err, ONC_EPARSE, c->name, c->line, NULL, "a comma ends the line");
        }
    }
    if (k != c->n)
        return onc_err_at(err, ONC_EPARSE, c->name, c->line, NULL,
                          "%zu row numbers, the analysis has %zu rows (rows with a missing value left out)", k, c->n);
    return ONC_OK;
}

/* Whether the line [s, end) holds nothing (or a comment). */
static bool skipped_line(const char *s, const char *end)
{
    while (s < end && is_blank(*s)) s++;
    return s == end || *s == '#';
}

onc_rc onc_resamples_parse(const char *text, size_t len, const char *name, size_t n, onc_resamples_t *out,
                           onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    if (!name) name = "resamples";
    if (n == 0 || n > UINT32_MAX) return onc_err_set(err, ONC_EINVAL, "%s: %zu rows to resample", name, n);
    size_t B = 0, cap = 0;
    onc_rc rc = ONC_OK;
    line_cursor_t c = {name, 0, n};
    for (const char *s = text, *end = text + len; rc == ONC_OK && s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s)), *eol = nl ? nl : end;
        c.line++;
        if (!skipped_line(s, eol)) {
            if (B == ONC_RESAMPLES_MAX_B)
                rc = onc_err_at(err, ONC_ELIMIT, name, c.line, NULL, "more than %d resamples", ONC_RESAMPLES_MAX_B);
            else if (B == cap && (B + 1) * n > ONC_RESAMPLES_MAX_CELLS)
                rc = onc_err_at(err, ONC_ELIMIT, name, c.line, NULL, "more than %zu row numbers in all",
                                ONC_RESAMPLES_MAX_CELLS);
            else if (B == cap) {
                size_t grow = cap ? cap * 2 : 16;
                if (grow * n > ONC_RESAMPLES_MAX_CELLS) grow = ONC_RESAMPLES_MAX_CELLS / n;
                uint32_t *more = realloc(out->row, grow * n * sizeof *more);
                if (!more) rc = onc_err_set(err, ONC_ENOMEM, "%s: out of memory", name);
                else out->row = more, cap = grow;
            }
            if (rc == ONC_OK) rc = parse_line(&c, s, eol, out->row + B * n, err);
            if (rc == ONC_OK) B++;
        }
        s = nl ? nl + 1 : end;
    }
    if (rc == ONC_OK && B == 0) rc = onc_err_set(err, ONC_EPARSE, "%s: no resamples (one a line)", name);
    if (rc != ONC_OK) {
        onc_resamples_free(out);
        return rc;
    }
    out->B = B, out->n = n;
    return ONC_OK;
}

onc_rc onc_resamples_read(const char *path, size_t n, onc_resamples_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_strbuf_t b = ONC_STRBUF_INIT;
    b.cap = ONC_RESAMPLES_MAX_CELLS * 12; /* ten digits and a separator each, and CRLF */
    onc_rc rc = onc_strbuf_read_file(&b, path, err);
    if (rc == ONC_OK) rc = onc_resamples_parse(onc_strbuf_str(&b), b.len, path, n, out, err);
    onc_strbuf_free(&b);
    return rc;
}

onc_rc onc_resamples_write(const onc_resamples_t *r, const char *note, FILE *fp, onc_err_t *err)
{
    if (!r->row) return onc_err_set(err, ONC_EINVAL, "resamples: none drawn to write");
    if (note) fprintf(fp, "# %s\n", note);
    for (size_t b = 0; b < r->B; b++)
        for (size_t i = 0; i < r->n; i++)
            fprintf(fp, "%lu%c", (unsigned long)r->row[b * r->n + i] + 1, i + 1 < r->n ? ' ' : '\n');
    if (ferror(fp)) return onc_err_set(err, ONC_EIO, "resamples: a write failed");
    return ONC_OK;
}

/* ---- the loop ---- */

onc_rc onc_assoc_bootstrap(const onc_resamples_t *rs, size_t n, onc_assoc_resample_fn resample, void *ctx,
                           onc_optimism_t *out, onc_err_t *err)
{
    out->used = out->skipped = 0;
    out->seed = rs->seed;
    onc_rc rc = check_size(rs->B, n, err);
    if (rc != ONC_OK) return rc;
    if (rs->row && rs->n != n)
        return onc_err_set(err, ONC_EINVAL, "bootstrap: the resamples have %zu rows, the analysis %zu", rs->n, n);
    uint32_t *drawn = rs->row ? NULL : malloc(n * sizeof *drawn);
    gsl_rng *rng = rs->row ? NULL : gsl_rng_alloc(gsl_rng_mt19937);
    if (!rs->row && (!drawn || !rng)) rc = onc_err_set(err, ONC_ENOMEM, "bootstrap: out of memory");
    if (rng) gsl_rng_set(rng, rs->seed);
    double sum = 0;
    for (size_t b = 0; b < rs->B && rc == ONC_OK; b++) {
        double gap = 0;
        onc_err_t skip = {0};
        if (!rs->row) draw_one(rng, n, drawn);
        onc_rc one = resample(rs->row ? rs->row + b * n : drawn, ctx, &gap, &skip);
        if (one == ONC_OK) sum += gap, out->used++;
        else if (one == ONC_EINVAL) out->skipped++;
        else rc = onc_err_set(err, one, "bootstrap: resample %zu: %s", b + 1, skip.msg);
    }
    if (rng) gsl_rng_free(rng);
    free(drawn);
    if (rc == ONC_OK && out->used == 0) rc = onc_err_set(err, ONC_EINVAL, "bootstrap: no resample could be fitted");
    if (rc == ONC_OK) {
        out->optimism = sum / (double)out->used;
        out->corrected = out->apparent - out->optimism;
    }
    return rc;
}
