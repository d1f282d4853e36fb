/* cli_altrow.c: alterations as `profile` writes them: a TSV row (CONTRACTS.md's columns, then
 * the ones added since) or a JSON object with the same keys. Other commands that list
 * alterations use the same writers, so the columns cannot drift apart.
 *
 * A profile of a million records spends most of its time here, so a TSV row is assembled in
 * a reusable buffer and written with one fwrite: no per-character stdio calls, integers
 * and fractions formatted by hand (numfmt.h). */
#include "cli.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/numfmt.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

static const char *const columns[] = {"sample", "gene", "kind", "alteration", "hgvsp", "hgvsc",
                                      "chrom", "pos", "ref", "alt", "genome", "exon",
                                      "consequence", "vaf", "depth", "filter", "source",
                                      "partner", "transcript", "alt_count", "copies", "annotation",
                                      NULL};

const char *cli_alt_annotation(const onc_alt_t *a)
{
    if (a->flags & ONC_ALT_BY_CLASS) return "class";
    if (a->flags & ONC_ALT_FROM_COORDS) return "coordinates";
    if (a->flags & ONC_ALT_UNANNOTATED) return "unannotated";
    return "annotated";
}

void cli_alt_tsv_header(FILE *fp)
{
    for (int i = 0; columns[i]; i++) fprintf(fp, "%s%c", columns[i], columns[i + 1] ? '\t' : '\n');
}

/* ---- TSV ---- */

/* The row is assembled with a cursor into a buffer reserved once for the whole row: each
 * put_* below writes without checking room, so the reservation counts every byte (the
 * strings' lengths, ROW_FIXED_MAX for the tabs, the line end and the numbers). */
#define ROW_FIXED_MAX 256

/* A cell's text; tabs and line ends inside it become spaces, so that a row stays a row. */
static char *put_str(char *p, const char *s)
{
    if (!s) return p;
    size_t n = strlen(s);
    memcpy(p, s, n);
    for (size_t i = strcspn(s, "\t\n\r"); i < n; i++)
        if (p[i] == '\t' || p[i] == '\n' || p[i] == '\r') p[i] = ' ';
    return p + n;
}

static char *put_int(char *p, int64_t v, int missing)
{
    return missing ? p : p + onc_fmt_int64(v, p);
}

static char *put_num(char *p, double v)
{
    return isnan(v) ? p : p + onc_fmt_g6(v, p);
}

static size_t len_or_0(const char *s) { return s ? strlen(s) : 0; }

onc_rc cli_alt_tsv_row(FILE *fp, onc_strbuf_t *b, const onc_alt_t *a)
{
    const char *text[] = {a->sample, a->gene, onc_alt_kind_name(a->kind), a->alteration, a->hgvsp, a->hgvsc,
                          a->chrom, a->ref, a->alt, a->genome, a->consequence, a->filter, a->source,
                          a->partner, a->transcript, cli_alt_annotation(a)};
    size_t need = ROW_FIXED_MAX;
    for (size_t i = 0; i < sizeof text / sizeof *text; i++) need += len_or_0(text[i]);
    onc_strbuf_clear(b);
    onc_rc rc = onc_strbuf_reserve(b, need);
    if (rc) return rc;
    char *p = b->s;
    for (size_t i = 0; i < 7; i++) { /* sample .. chrom */
        p = put_str(p, text[i]);
        *p++ = '\t';
    }
    p = put_int(p, a->pos, a->pos == ONC_POS_MISSING);
    for (size_t i = 7; i < 10; i++) { /* ref, alt, genome */
        *p++ = '\t';
        p = put_str(p, text[i]);
    }
    *p++ = '\t';
    p = put_int(p, a->exon, a->exon == ONC_INT_MISSING);
    *p++ = '\t';
    p = put_str(p, a->consequence);
    *p++ = '\t';
    p = put_num(p, a->vaf);
    *p++ = '\t';
    p = put_int(p, a->depth, a->depth == ONC_INT_MISSING);
    *p++ = '\t';
    p = put_str(p, a->filter);
    *p++ = '\t';
    if (a->source) {
        p = put_str(p, a->source);
        *p++ = ':';
        p = put_int(p, (int64_t)a->line, 0);
    }
    *p++ = '\t';
    p = put_str(p, a->partner);
    *p++ = '\t';
    p = put_str(p, a->transcript);
    *p++ = '\t';
    p = put_int(p, a->alt_count, a->alt_count == ONC_INT_MISSING);
    *p++ = '\t';
    p = put_num(p, a->copies);
    *p++ = '\t';
    p = put_str(p, text[15]);
    *p++ = '\n';
    b->len = (size_t)(p - b->s);
    fwrite(b->s, 1, b->len, fp);
    return ONC_OK;
}

/* ---- JSON ---- */

void cli_alt_json_row(FILE *fp, const onc_alt_t *a, int first)
{
    char source[4096];
    snprintf(source, sizeof source, "%s:%" PRIu64, a->source ? a->source : "", a->line);
    fputs(first ? "\n{" : ",\n{", fp);
    onc_jsonw_member_str(fp, "sample", a->sample, 1);
    onc_jsonw_member_str(fp, "gene", a->gene, 0);
    onc_jsonw_member_str(fp, "kind", onc_alt_kind_name(a->kind), 0);
    onc_jsonw_member_str(fp, "alteration", a->alteration, 0);
    onc_jsonw_member_str(fp, "hgvsp", a->hgvsp, 0);
    onc_jsonw_member_str(fp, "hgvsc", a->hgvsc, 0);
    onc_jsonw_member_str(fp, "chrom", a->chrom, 0);
    onc_jsonw_member_int(fp, "pos", a->pos, a->pos == ONC_POS_MISSING, 0);
    onc_jsonw_member_str(fp, "ref", a->ref, 0);
    onc_jsonw_member_str(fp, "alt", a->alt, 0);
    onc_jsonw_member_str(fp, "genome", a->genome, 0);
    onc_jsonw_member_int(fp, "exon", a->exon, a->exon == ONC_INT_MISSING, 0);
    onc_jsonw_member_str(fp, "consequence", a->consequence, 0);
    onc_jsonw_member_num(fp, "vaf", a->vaf, 0);
    onc_jsonw_member_int(fp, "depth", a->depth, a->depth == ONC_INT_MISSING, 0);
    onc_jsonw_member_str(fp, "filter", a->filter, 0);
    onc_jsonw_member_str(fp, "source", a->source ? source : NULL, 0);
    onc_jsonw_member_str(fp, "partner", a->partner, 0);
    onc_jsonw_member_str(fp, "transcript", a->transcript, 0);
    onc_jsonw_member_int(fp, "alt_count", a->alt_count, a->alt_count == ONC_INT_MISSING, 0);
    onc_jsonw_member_num(fp, "copies", a->copies, 0);
    onc_jsonw_member_str(fp, "annotation", cli_alt_annotation(a), 0);
    putc('}', fp);
}
