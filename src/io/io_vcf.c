/* io_vcf.c: VCF and BCF (plain, gzip, BGZF) read into alterations, one per ALT allele.
 *
 * htslib parses; this file decides what a record means for a tumor board:
 *   - the tumor sample: --tumor-sample NAME, else the header's ##tumor_sample=NAME (Mutect2),
 *     else GATK's ##SAMPLE=<ID=TUMOR,SampleName=NAME>, else the column named TUMOR, else the
 *     only sample; with several and none of these, an error that says how to choose. Only
 *     that sample is parsed (bcf_hdr_set_samples), which also keeps wide files fast.
 *   - one alteration per ALT allele, with that allele's depth and fraction
 *     (io_vcf_depth.c) and annotation (io_vcf_annot.c); "*" alleles are skipped and
 *     symbolic or breakend ALTs kept as structural variants, each counted in a warning.
 *   - FILTER as written ("." is missing); a set FILTER other than PASS flags the record
 *     ONC_ALT_NOT_PASS, and --pass-only drops it (counted in a warning).
 *   - the genome: --genome, else the header (genome_of_header below).
 * VCF text is read line by line (hts_getline + vcf_parse, as vcf_read does) so that errors
 * carry the file's line number; BCF errors carry the record number and the last position.
 */
#include "io_int.h"
#include "io_vcf_int.h"
#include "oncoboard/gene.h"
#include "oncoboard/hgvs.h"
#include "oncoboard/hotspot.h"

#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define VCF_SAMPLES_LISTED 20 /* sample names quoted in an error message */

typedef struct vcf_state {
    htsFile *fp;
    bcf_hdr_t *hdr;
    bcf1_t *rec;
    kstring_t line;
    int is_bcf;
    int compressed; /* gzip or BGZF text: the BGZF layer's error flag is meaningful */
    uint64_t lineno;  /* VCF: line of the current record; BCF: record number */
    int last_rid;     /* BCF: the last record read, for errors in the next */
    int64_t last_pos;
    char *sample;     /* tumor sample name, NULL for a sites-only file */
    const char *genome;
    int allele;       /* next ALT allele of rec to emit; 0: no record loaded */
    unsigned rec_flags;
    onc_strbuf_t filter;
    int has_filter;
    int pass_id; /* header id of PASS */
    vcf_depth_t depth;
    vcf_annot_t *annot;
    onc_genes_t *genes;       /* gene aliases and exons (kb/) */
    onc_hotspots_t *hotspots; /* loaded at the first unannotated record */
    onc_hotspot_hit_t hit;    /* the last hit: its strings back the alteration */
    char alteration[128];
    uint64_t n_dropped, n_star, n_symbolic, n_unannotated, n_no_alt, n_no_genome;
    int warned;
} vcf_state_t;

/* ---- opening: the header, the tumor sample, the genome ---- */

/* Lines of the VCF text header (up to and including #CHROM), for the records' line numbers. */
static uint64_t count_header_lines(const char *path)
{
    htsFile *fp = hts_open(path, "r");
    if (!fp) return 0;
    kstring_t s = KS_INITIALIZE;
    uint64_t n = 0;
    while (hts_getline(fp, KS_SEP_LINE, &s) >= 0) {
        n++;
        if (s.l < 2 || s.s[0] != '#' || s.s[1] != '#') break;
    }
    ks_free(&s);
    hts_close(fp);
    return n;
}

static void list_samples(const bcf_hdr_t *h, char *buf, size_t n)
{
    size_t used = 0;
    int ns = bcf_hdr_nsamples(h);
    buf[0] = '\0';
    for (int i = 0; i < ns && i < VCF_SAMPLES_LISTED && used < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", h->samples[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
    if (ns > VCF_SAMPLES_LISTED && used < n) snprintf(buf + used, n - used, ", ... (%d in all)", ns);
    if (ns == 0) snprintf(buf, n, "none");
}

static int has_sample(const bcf_hdr_t *h, const char *name)
{
    return name && bcf_hdr_id2int(h, BCF_DT_SAMPLE, name) >= 0;
}

/* The sample the header names as the tumor (##tumor_sample=, GATK's ##SAMPLE=<ID=TUMOR>). */
static const char *header_tumor(const bcf_hdr_t *h)
{
    bcf_hrec_t *hr = bcf_hdr_get_hrec(h, BCF_HL_GEN, "tumor_sample", NULL, NULL);
    if (hr && hr->value) return hr->value;
    hr = bcf_hdr_get_hrec(h, BCF_HL_STR, "ID", "TUMOR", "SAMPLE");
    int k = hr ? bcf_hrec_find_key(hr, "SampleName") : -1;
    return k >= 0 ? hr->vals[k] : NULL;
}

/* Chooses the tumor sample; sets st->sample (NULL for a file without samples). */
static onc_rc choose_sample(onc_reader_t *r, vcf_state_t *st)
{
    const bcf_hdr_t *h = st->hdr;
    char names[1024];
    const char *want = r->opts.tumor_sample, *from_header = header_tumor(h);
    list_samples(h, names, sizeof names);
    if (want && !has_sample(h, want)) {
        io_fail(r, ONC_ENOTFOUND, 0, "--tumor-sample", "no sample '%s' in this file; its samples: %s",
                want, names);
        return ONC_ENOTFOUND;
    }
    if (!want && from_header && has_sample(h, from_header)) want = from_header;
    if (!want && has_sample(h, "TUMOR")) want = "TUMOR";
    if (!want && bcf_hdr_nsamples(h) == 1) want = h->samples[0];
    if (!want && bcf_hdr_nsamples(h) > 1) {
        io_fail(r, ONC_EINVAL, 0, "#CHROM",
                "%d samples (%s) and none named as the tumor: choose it with --tumor-sample NAME "
                "(or a ##tumor_sample=NAME header line, or name its column TUMOR)%s%s%s",
                bcf_hdr_nsamples(h), names, from_header ? "; the header's tumor sample '" : "",
                from_header ? from_header : "", from_header ? "' is not one of them" : "");
        return ONC_EINVAL;
    }
    if (!want) return ONC_OK; /* sites only */
    if (!(st->sample = strdup(want))) {
        io_fail(r, ONC_ENOMEM, 0, NULL, "out of memory");
        return ONC_ENOMEM;
    }
    if (bcf_hdr_set_samples(st->hdr, st->sample, 0) != 0) {
        io_fail(r, ONC_EINTERNAL, 0, NULL, "htslib could not select sample '%s'", st->sample);
        return ONC_EINTERNAL;
    }
    return ONC_OK;
}

static int contains_nocase(const char *s, const char *token)
{
    size_t n = strlen(token);
    for (; *s; s++)
        if (strncasecmp(s, token, n) == 0) return 1;
    return 0;
}

/* GRCh37 or GRCh38 from a free text (a ##reference path, an assembly= value). */
static const char *genome_in_text(const char *s)
{
    if (!s) return NULL;
    static const struct { const char *token, *genome; } tokens[] = {
        {"GRCh38", "GRCh38"}, {"hg38", "GRCh38"}, {"b38", "GRCh38"},
        {"GRCh37", "GRCh37"}, {"hg19", "GRCh37"}, {"b37", "GRCh37"}, {"hs37d5", "GRCh37"}};
    for (size_t i = 0; i < sizeof tokens / sizeof *tokens; i++)
        if (contains_nocase(s, tokens[i].token)) return tokens[i].genome;
    return NULL;
}

/* The genome the header says, from three signs: chr1's length in ##contig (249250621 in
 * GRCh37, 248956422 in GRCh38: the assemblies' own lengths), a contig's assembly=, and the
 * ##reference line (a path or name with GRCh38/hg38/b38 or GRCh37/hg19/b37/hs37d5). When the
 * signs that are there agree, that genome; when they disagree (a hg19 contig list under an
 * hg38 ##reference happens in real files), NULL and *conflict set: better unknown than wrong. */
static const char *genome_of_header(const bcf_hdr_t *h, int *conflict)
{
    const char *by_length = NULL, *by_assembly = NULL, *by_reference = NULL;
    for (int i = 0; i < h->nhrec; i++) {
        bcf_hrec_t *hr = h->hrec[i];
        if (hr->type != BCF_HL_CTG) continue;
        int kid = bcf_hrec_find_key(hr, "ID"), klen = bcf_hrec_find_key(hr, "length");
        int kasm = bcf_hrec_find_key(hr, "assembly");
        if (kasm >= 0 && !by_assembly) by_assembly = genome_in_text(hr->vals[kasm]);
        if (kid < 0 || klen < 0 || (strcmp(hr->vals[kid], "1") && strcmp(hr->vals[kid], "chr1"))) continue;
        if (strcmp(hr->vals[klen], "249250621") == 0) by_length = "GRCh37";
        if (strcmp(hr->vals[klen], "248956422") == 0) by_length = "GRCh38";
    }
    bcf_hrec_t *ref = bcf_hdr_get_hrec(h, BCF_HL_GEN, "reference", NULL, NULL);
    if (ref) by_reference = genome_in_text(ref->value);
    const char *signs[] = {by_length, by_assembly, by_reference}, *genome = NULL;
    *conflict = 0;
    for (int i = 0; i < 3; i++) {
        if (!signs[i]) continue;
        if (genome && strcmp(genome, signs[i]) != 0) *conflict = 1;
        genome = signs[i];
    }
    return *conflict ? NULL : genome;
}

static onc_rc open_vcf(onc_reader_t *r)
{
    vcf_state_t *st = calloc(1, sizeof *st);
    if (!st) return io_fail(r, ONC_ENOMEM, 0, NULL, "out of memory"), ONC_ENOMEM;
    r->state = st;
    errno = 0;
    if (!(st->fp = hts_open(r->path, "r"))) {
        /* htslib also refuses data it cannot recognise: tell that from a missing file. */
        int saved = errno;
        FILE *plain = fopen(r->path, "rb");
        if (plain) fclose(plain);
        onc_rc rc = plain ? ONC_EFORMAT : ONC_EIO;
        io_fail(r, rc, 0, NULL, plain ? "not a VCF or BCF file (data htslib does not recognise)"
                                       : "cannot open: %s", strerror(saved ? saved : errno));
        return rc;
    }
    enum htsExactFormat f = hts_get_format(st->fp)->format;
    if (f != vcf && f != bcf) {
        io_fail(r, ONC_EFORMAT, 1, NULL, "not a VCF or BCF file (a VCF starts with ##fileformat=VCFv4.x)");
        return ONC_EFORMAT;
    }
    st->is_bcf = f == bcf;
    const htsFormat *fmt = hts_get_format(st->fp);
    st->compressed = st->fp->is_bgzf && (fmt->compression == bgzf || fmt->compression == gzip);
    if (!(st->hdr = bcf_hdr_read(st->fp))) {
        io_fail(r, ONC_EPARSE, 0, "header", "the VCF header could not be read (meta lines, then "
                "the #CHROM line with its tab-separated columns)");
        return ONC_EPARSE;
    }
    onc_rc rc = choose_sample(r, st);
    if (rc != ONC_OK) return rc;
    int conflict = 0;
    st->genome = r->opts.genome ? r->opts.genome : genome_of_header(st->hdr, &conflict);
    if (conflict)
        io_warn(r, "the header's genome signs disagree (##contig lengths, assembly=, ##reference): "
                "genome left unknown; give it with --genome GRCh37|GRCh38");
    if (!st->is_bcf) st->lineno = count_header_lines(r->path);
    vcf_depth_init(&st->depth, st->hdr);
    onc_err_t err = {0};
    if (!(st->genes = onc_genes_load(r->opts.kb_dir, &err))) {
        io_fail(r, err.code, 0, NULL, "%s", err.msg);
        return err.code;
    }
    if (!(st->rec = bcf_init()) || !(st->annot = vcf_annot_new(st->hdr))) {
        io_fail(r, ONC_ENOMEM, 0, NULL, "out of memory");
        return ONC_ENOMEM;
    }
    st->filter.cap = 1 << 20;
    st->pass_id = bcf_hdr_id2int(st->hdr, BCF_DT_ID, "PASS");
    return ONC_OK;
}

/* ---- reading one record ---- */

static const char *bcf_err_field(int errcode)
{
    if (errcode & (BCF_ERR_CTG_UNDEF | BCF_ERR_CTG_INVALID)) return "CHROM";
    if (errcode & (BCF_ERR_TAG_UNDEF | BCF_ERR_TAG_INVALID)) return "INFO/FORMAT";
    if (errcode & BCF_ERR_NCOLS) return "columns";
    return "record";
}

static const char *bcf_err_text(int errcode)
{
    if (errcode & BCF_ERR_CTG_UNDEF) return "a contig the header does not define";
    if (errcode & BCF_ERR_CTG_INVALID) return "an invalid contig name";
    if (errcode & BCF_ERR_TAG_UNDEF) return "a tag the header does not define";
    if (errcode & BCF_ERR_TAG_INVALID) return "an invalid tag name or value type";
    if (errcode & BCF_ERR_NCOLS) return "the wrong number of columns";
    if (errcode & BCF_ERR_LIMITS) return "a value beyond htslib's limits";
    if (errcode & BCF_ERR_CHAR) return "an invalid character";
    return "a malformed value (POS, REF/ALT, QUAL, FILTER, INFO or FORMAT)";
}

/* "chrom:pos" of a VCF text line, from its first two columns, for error messages. */
static void text_position(const kstring_t *line, char *buf, size_t n)
{
    size_t c1 = strcspn(line->s, "\t");
    size_t c2 = c1 < line->l ? strcspn(line->s + c1 + 1, "\t") : 0;
    snprintf(buf, n, "%.*s:%.*s", (int)(c1 > 60 ? 60 : c1), line->s,
             (int)(c2 > 20 ? 20 : c2), c1 < line->l ? line->s + c1 + 1 : "");
}

/* A field the text line gets wrong that htslib reports only as a parse failure. vcf_parse
 * has cut the line at its tabs (NULs now), so both count as separators. */
static const char *text_bad_field(const kstring_t *line, int n_samples)
{
    int cols = 1;
    for (size_t i = 0; i < line->l; i++) cols += line->s[i] == '\t' || line->s[i] == '\0';
    if (cols < 8) return "columns";
    const char *pos = line->s + strcspn(line->s, "\t") + 1;
    if (*pos < '0' || *pos > '9') return "POS";
    if (n_samples > 0 && cols < 9 + n_samples) return "columns";
    return NULL;
}

static int read_text(onc_reader_t *r, vcf_state_t *st)
{
    for (;;) {
        int ret = hts_getline(st->fp, KS_SEP_LINE, &st->line);
        /* On a read error bgzf_getline may first hand back the partial line, or report the
         * end: the stream's error flag tells a truncated file from a finished one. */
        if (ret >= -1 && st->compressed && st->fp->fp.bgzf->errcode) ret = -2;
        if (ret == -1) return -1;
        if (ret < -1)
            return io_fail(r, ONC_EIO, st->lineno + 1, NULL,
                           "read error: truncated or corrupt compressed data (BGZF/gzip)");
        st->lineno++;
        if (st->line.l > IO_LINE_MAX)
            return io_fail(r, ONC_ELIMIT, st->lineno, "record", "line of %zu bytes, longer than the "
                           "limit of %zu", st->line.l, IO_LINE_MAX);
        if (st->line.l == 0 || (st->line.l == 1 && st->line.s[0] == '\r')) continue;
        if (memchr(st->line.s, '\0', st->line.l))
            return io_fail(r, ONC_EPARSE, st->lineno, "record", "binary data (a NUL byte) in a text VCF");
        /* A contig or tag the header lacks is added by htslib (with a warning on its log)
         * and flagged in errcode: that record is fine. */
        if (vcf_parse(&st->line, st->hdr, st->rec) == 0 &&
            !(st->rec->errcode & ~(BCF_ERR_CTG_UNDEF | BCF_ERR_TAG_UNDEF)) && st->rec->pos >= 0) {
            st->rec->errcode = 0;
            return 0;
        }
        char where[96];
        text_position(&st->line, where, sizeof where);
        const char *field = text_bad_field(&st->line, bcf_hdr_nsamples(st->hdr));
        int code = st->rec->errcode;
        return io_fail(r, ONC_EPARSE, st->lineno, field ? field : bcf_err_field(code),
                       "record at %s: %s", where, field && !code ? "missing or not a number" : bcf_err_text(code));
    }
}

static int read_binary(onc_reader_t *r, vcf_state_t *st)
{
    int ret = bcf_read(st->fp, st->hdr, st->rec);
    if (ret == -1) return -1;
    st->lineno++;
    if (ret < -1 || st->rec->errcode) {
        char after[128] = "";
        const char *chrom = st->last_pos ? bcf_hdr_id2name(st->hdr, st->last_rid) : NULL;
        if (chrom) snprintf(after, sizeof after, " (after %.80s:%" PRId64 ")", chrom, st->last_pos);
        return io_fail(r, ONC_EPARSE, 0, ret < -1 ? "record" : bcf_err_field(st->rec->errcode),
                       "BCF record %" PRIu64 "%s: %s", st->lineno, after,
                       ret < -1 ? "truncated or corrupt data" : bcf_err_text(st->rec->errcode));
    }
    st->last_rid = st->rec->rid;
    st->last_pos = (int64_t)st->rec->pos + 1;
    return 0;
}

/* FILTER as written: NULL for ".", else the names joined with ';'. */
static int load_filter(onc_reader_t *r, vcf_state_t *st)
{
    bcf1_t *rec = st->rec;
    onc_strbuf_clear(&st->filter);
    st->has_filter = rec->d.n_flt > 0;
    st->rec_flags = 0;
    for (int i = 0; i < rec->d.n_flt; i++) {
        const char *name = bcf_hdr_int2id(st->hdr, BCF_DT_ID, rec->d.flt[i]);
        if (rec->d.flt[i] != st->pass_id) st->rec_flags |= ONC_ALT_NOT_PASS;
        if ((i && onc_strbuf_putc(&st->filter, ';') != ONC_OK) || onc_strbuf_puts(&st->filter, name) != ONC_OK)
            return io_fail(r, ONC_ELIMIT, st->is_bcf ? 0 : st->lineno, "FILTER", "too long");
    }
    return 0;
}

/* Reads records until one to report; 0, -1 at the end, < -1 error. */
static int load_record(onc_reader_t *r, vcf_state_t *st)
{
    for (;;) {
        int ret = st->is_bcf ? read_binary(r, st) : read_text(r, st);
        if (ret != 0) return ret;
        bcf1_t *rec = st->rec;
        int what = BCF_UN_STR | BCF_UN_FLT | BCF_UN_INFO | (st->sample ? BCF_UN_FMT : 0);
        if (bcf_unpack(rec, what) != 0 || rec->errcode) {
            const char *chrom = bcf_seqname(st->hdr, rec);
            return io_fail(r, ONC_EPARSE, st->is_bcf ? 0 : st->lineno, "record",
                           "record %" PRIu64 " (%s:%" PRId64 ") could not be unpacked", st->lineno,
                           chrom ? chrom : "?", (int64_t)rec->pos + 1);
        }
        if ((ret = load_filter(r, st)) != 0) return ret;
        if (rec->n_allele < 2) {
            st->n_no_alt++;
            continue;
        }
        if ((st->rec_flags & ONC_ALT_NOT_PASS) && r->opts.pass_only) {
            st->n_dropped++;
            continue;
        }
        /* htslib adds the tags a header lacks as it meets them: cache their ids again. */
        if (st->hdr->n[BCF_DT_ID] != st->depth.n_ids) vcf_depth_init(&st->depth, st->hdr);
        vcf_depth_load(&st->depth, rec);
        st->allele = 1;
        return 0;
    }
}

/* ---- one alteration ---- */

static int is_symbolic(const char *alt)
{
    size_t n = strlen(alt);
    return alt[0] == '<' || strchr(alt, '[') || strchr(alt, ']') ||
           (n > 1 && (alt[0] == '.' || alt[n - 1] == '.'));
}

/* The protein change in OncoKB's form ("L858R") into st->alteration, with its position;
 * 0 when hgvsp does not parse (p.?, an annotator's oddity): the caller falls back. */
static int protein_change(vcf_state_t *st, const char *hgvsp, int32_t *aa_pos)
{
    onc_pchange_t p;
    onc_err_t err;
    if (!hgvsp || onc_pchange_parse(hgvsp, &p, &err) != ONC_OK) return 0;
    if (onc_pchange_format(&p, st->alteration, sizeof st->alteration) < 0) return 0;
    *aa_pos = p.start;
    return 1;
}

/* X<codon>_splice for a change at a canonical splice site, from its HGVSc. */
static int splice_change(vcf_state_t *st, const char *consequence, const char *hgvsc, int32_t *aa_pos)
{
    onc_cchange_t c;
    onc_pchange_t p;
    onc_err_t err;
    if (!consequence || !hgvsc || !strstr(consequence, "splice")) return 0;
    if (onc_cchange_parse(hgvsc, &c, &err) != ONC_OK || !onc_cchange_splice_pchange(&c, &p)) return 0;
    if (onc_pchange_format(&p, st->alteration, sizeof st->alteration) < 0) return 0;
    *aa_pos = p.start;
    return 1;
}

/* Fills the alteration from an annotation entry: the approved gene symbol, and as the
 * alteration the normalised protein change, else X<codon>_splice, else the HGVSc. */
static void apply_pick(vcf_state_t *st, const vcf_pick_t *p, onc_alt_t *out)
{
    out->gene = p->gene ? onc_genes_canonical(st->genes, p->gene) : NULL;
    out->transcript = p->transcript;
    out->hgvsc = p->hgvsc;
    out->hgvsp = p->hgvsp;
    out->consequence = p->consequence;
    out->exon = p->exon;
    int32_t aa_pos = ONC_INT_MISSING;
    if (protein_change(st, p->hgvsp, &aa_pos) || splice_change(st, p->consequence, p->hgvsc, &aa_pos))
        out->alteration = st->alteration;
    else
        out->alteration = p->hgvsc;
    /* bcftools csq gives no exon: the exon table knows it for the genes it covers. */
    if (out->exon == ONC_INT_MISSING && out->gene && aa_pos != ONC_INT_MISSING && aa_pos > 0)
        out->exon = onc_genes_exon_of(st->genes, out->gene, aa_pos);
}

/* A raw record: the known driver events by coordinates (kb/genomic_events.tsv). 1 a hit,
 * 0 none, -2 an error set on r. */
static int by_coordinates(onc_reader_t *r, vcf_state_t *st, onc_alt_t *out)
{
    if (!st->genome) {
        st->n_no_genome++;
        return 0;
    }
    onc_err_t err = {0};
    if (!st->hotspots && !(st->hotspots = onc_hotspots_load(r->opts.kb_dir, &err)))
        return io_fail(r, err.code, 0, NULL, "%s", err.msg);
    int found = onc_hotspots_lookup(st->hotspots, st->genome, out->chrom, out->pos, out->ref,
                                    out->alt, &st->hit, &err);
    if (found < 0) return io_fail(r, err.code ? err.code : ONC_EINTERNAL, out->line, "ALT", "%s", err.msg);
    if (!found) return 0;
    onc_hotspot_hit_apply(&st->hit, out);
    return 1;
}

static int fill(onc_reader_t *r, vcf_state_t *st, int allele, onc_alt_t *out)
{
    bcf1_t *rec = st->rec;
    onc_alt_init(out);
    out->sample = st->sample;
    out->chrom = bcf_seqname(st->hdr, rec);
    out->pos = (int64_t)rec->pos + 1;
    out->ref = rec->d.allele[0];
    out->alt = rec->d.allele[allele];
    out->genome = st->genome;
    out->filter = st->has_filter ? onc_strbuf_str(&st->filter) : NULL;
    out->source = r->path;
    out->line = st->lineno;
    out->flags = st->rec_flags;
    out->kind = is_symbolic(out->alt) ? ONC_KIND_STRUCTURAL : ONC_KIND_MUTATION;
    if (out->kind == ONC_KIND_STRUCTURAL) st->n_symbolic++;
    vcf_counts_t c;
    vcf_depth_get(&st->depth, rec, allele, &c);
    out->depth = c.depth;
    out->alt_count = c.alt_count;
    out->vaf = c.vaf;
    vcf_pick_t pick;
    int found = vcf_annot_pick(st->annot, st->hdr, rec, allele, &pick);
    if (found < 0) return io_fail(r, ONC_ENOMEM, out->line, "INFO", "out of memory");
    if (found) {
        apply_pick(st, &pick, out);
        return 0;
    }
    if (out->kind == ONC_KIND_MUTATION && (found = by_coordinates(r, st, out)) != 0)
        return found < 0 ? found : 0;
    out->flags |= ONC_ALT_UNANNOTATED;
    st->n_unannotated++;
    return 0;
}

/* A warning that applies to n records, added once with its count. */
static void warn_n(onc_reader_t *r, uint64_t n, const char *msg)
{
    if (!n) return;
    size_t before = r->n_warnings;
    io_warn(r, "%s", msg);
    if (r->n_warnings > before) r->warnings[before].count = n;
}

static void final_warnings(onc_reader_t *r, vcf_state_t *st)
{
    if (st->warned) return;
    st->warned = 1;
    warn_n(r, st->n_dropped, "records with a FILTER other than PASS dropped (--pass-only)");
    warn_n(r, st->n_star, "'*' ALT alleles (a deletion spanning the site, described at its own "
           "record) skipped");
    warn_n(r, st->n_no_alt, "records without an ALT allele (ALT '.') skipped");
    warn_n(r, st->n_symbolic, "symbolic or breakend ALT alleles (<DEL>, BND) kept as structural "
           "variants without gene or protein change");
    warn_n(r, st->n_no_genome, "genome unknown (give --genome GRCh37|GRCh38): unannotated "
           "records were not compared with the known driver positions");
    warn_n(r, st->n_unannotated, "alterations without gene annotation (no VEP CSQ, SnpEff ANN or "
           "bcftools BCSQ for the allele): annotate the VCF with VEP, SnpEff or `bcftools csq` "
           "to name genes and protein changes");
}

static int next_vcf(onc_reader_t *r, onc_alt_t *out)
{
    vcf_state_t *st = r->state;
    for (;;) {
        if (st->allele == 0 || st->allele >= st->rec->n_allele) {
            int ret = load_record(r, st);
            if (ret == -1) final_warnings(r, st);
            if (ret != 0) return ret;
        }
        int allele = st->allele++;
        if (strcmp(st->rec->d.allele[allele], "*") == 0) {
            st->n_star++;
            continue;
        }
        return fill(r, st, allele, out);
    }
}

static void close_vcf(onc_reader_t *r)
{
    vcf_state_t *st = r->state;
    if (!st) return;
    if (st->rec) bcf_destroy(st->rec);
    if (st->hdr) bcf_hdr_destroy(st->hdr);
    if (st->fp) hts_close(st->fp);
    ks_free(&st->line);
    onc_strbuf_free(&st->filter);
    vcf_annot_free(st->annot);
    onc_genes_free(st->genes);
    onc_hotspots_free(st->hotspots);
    free(st->sample);
    free(st);
    r->state = NULL;
}

const onc_format_ops onc_vcf_ops = {ONC_FMT_VCF, NULL, open_vcf, next_vcf, close_vcf};
