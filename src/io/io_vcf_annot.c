/* io_vcf_annot.c: gene, transcript, HGVS and consequence from the annotators' INFO fields.
 *
 * Three annotators write one INFO field each, a ','-separated list of '|'-separated entries,
 * one entry per allele and transcript:
 *   - VEP, INFO/CSQ (or ANN): the layout is in the header, Description "... Format:
 *     Allele|Consequence|IMPACT|SYMBOL|...". The entry for an ALT allele is found by
 *     ALLELE_NUM when VEP wrote it (--allele_number), else by VEP's allele string (for indels
 *     VEP strips the first base the alleles share, "-" for nothing left). The transcript is
 *     the MANE Select one, else CANONICAL=YES, else PICK=1, else the most severe consequence
 *     in Ensembl's severity order (so_terms below); ties keep VEP's order.
 *   - SnpEff, INFO/ANN: Allele|Annotation|Annotation_Impact|Gene_Name|Gene_ID|Feature_Type|
 *     Feature_ID|Transcript_BioType|Rank|HGVS.c|HGVS.p|... (the ANN specification,
 *     https://pcingola.github.io/SnpEff/adds/VCFannotationformat_v1.0.pdf). SnpEff sorts the
 *     entries by severity, so the first for the allele is taken. Rank "19/28" is the exon,
 *     unless the change is intronic (then Rank counts introns).
 *   - bcftools csq, INFO/BCSQ: Consequence|gene|transcript|biotype|strand|amino_acid_change|
 *     dna_change (bcftools(1), csq). The entry is the one whose dna_change ("55191822T>G",
 *     "a+b" for a compound change) names this position and ALT; "@POS" says the compound
 *     change is described at the record at POS (io_vcf.c keeps the last few records for it).
 * Strings are split in a scratch buffer reused from record to record: no allocation once it
 * has grown.
 */
#include "io_vcf_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ANNOT_MAX_FIELDS 256 /* fields per entry read; VEP --everything writes about 80 */
#define BCSQ_CACHE 8         /* records remembered for "@POS" back-references */

/* Ensembl VEP's consequence terms, most severe first, as in the table "Calculated variant
 * consequences" (https://www.ensembl.org/info/genome/variation/prediction/predicted_data.html,
 * Ensembl 110). */
#define T(name) {name, sizeof name - 1}
static const struct so_term { const char *name; size_t len; } so_terms[] = {
    T("transcript_ablation"),
    T("splice_acceptor_variant"),
    T("splice_donor_variant"),
    T("stop_gained"),
    T("frameshift_variant"),
    T("stop_lost"),
    T("start_lost"),
    T("transcript_amplification"),
    T("feature_elongation"),
    T("feature_truncation"),
    T("inframe_insertion"),
    T("inframe_deletion"),
    T("missense_variant"),
    T("protein_altering_variant"),
    T("splice_donor_5th_base_variant"),
    T("splice_region_variant"),
    T("splice_donor_region_variant"),
    T("splice_polypyrimidine_tract_variant"),
    T("incomplete_terminal_codon_variant"),
    T("start_retained_variant"),
    T("stop_retained_variant"),
    T("synonymous_variant"),
    T("coding_sequence_variant"),
    T("mature_miRNA_variant"),
    T("5_prime_UTR_variant"),
    T("3_prime_UTR_variant"),
    T("non_coding_transcript_exon_variant"),
    T("intron_variant"),
    T("NMD_transcript_variant"),
    T("non_coding_transcript_variant"),
    T("coding_transcript_variant"),
    T("upstream_gene_variant"),
    T("downstream_gene_variant"),
    T("TFBS_ablation"),
    T("TFBS_amplification"),
    T("TF_binding_site_variant"),
    T("regulatory_region_ablation"),
    T("regulatory_region_amplification"),
    T("regulatory_region_variant"),
    T("intergenic_variant"),
    T("sequence_variant")};
#undef T
#define SO_N ((int)(sizeof so_terms / sizeof *so_terms))

/* One term; bcftools csq writes the short form ("missense", "5_prime_utr"). */
static int so_rank_one(const char *t, size_t len)
{
    while (len && *t == '*') t++, len--; /* bcftools marks some terms with a leading '*' */
    for (int i = 0; i < SO_N; i++) {
        size_t n = so_terms[i].len;
        if (len == n && strncasecmp(t, so_terms[i].name, n) == 0) return i;
        if (len + 8 == n && strncasecmp(t, so_terms[i].name, len) == 0 &&
            strcmp(so_terms[i].name + len, "_variant") == 0)
            return i;
    }
    return SO_N;
}

int vcf_so_rank(const char *c, size_t len)
{
    int best = SO_N;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || c[i] == '&' || c[i] == ',') {
            int r = so_rank_one(c + start, i - start);
            if (r < best) best = r;
            start = i + 1;
        }
    return best;
}

/* ---- splitting ---- */

/* Copies value into scratch; returns the copy or NULL when out of memory. */
static char *scratch_copy(onc_strbuf_t *scratch, const char *value, size_t len)
{
    onc_strbuf_clear(scratch);
    if (onc_strbuf_putsn(scratch, value, len) != ONC_OK) return NULL;
    return scratch->s ? scratch->s : (char *)"";
}

/* The bytes that end a field: NUL, '|' and ','. */
static const unsigned char field_end[256] = {[0] = 1, ['|'] = 1, [','] = 1};

/* Splits the next ','-separated entry of *cursor in place at '|' into at most max fields
 * (the rest of the entry is skipped unsplit: only the fields a caller reads are cut). Returns
 * the number of fields, 0 at the end of the value. One pass over the bytes. */
static int next_entry(char **cursor, char **f, int max)
{
    char *p = *cursor;
    if (!p) return 0;
    int n = 0;
    f[n++] = p;
    for (;;) {
        while (!field_end[(unsigned char)*p]) p++; /* one test a byte: beats strcspn here */
        if (*p == '|' && n < max) {
            *p++ = '\0';
            f[n++] = p;
            continue;
        }
        while (*p && *p != ',') p++;
        if (*p == ',') {
            *p = '\0';
            *cursor = p + 1;
        } else {
            *cursor = NULL;
        }
        char *bar = strchr(f[n - 1], '|'); /* the last kept field ends at the skipped rest */
        if (bar) *bar = '\0';
        return n;
    }
}

static const char *field(char **f, int n, int i) { return i >= 0 && i < n && f[i][0] ? f[i] : NULL; }

/* "ENST00000275493.7:c.2573T>G" -> "c.2573T>G"; VEP's "%3D" (an escaped '=') decoded. */
static char *strip_hgvs(char *s)
{
    if (!s) return NULL;
    char *colon = strchr(s, ':');
    if (colon) s = colon + 1;
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (r[0] == '%' && r[1] == '3' && (r[2] == 'D' || r[2] == 'd')) {
            *w++ = '=';
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return s[0] ? s : NULL;
}

/* "19/28" -> 19; "19-20/28" -> 19 (the first exon touched). */
static int32_t rank_number(const char *s)
{
    if (!s || !isdigit((unsigned char)*s)) return ONC_INT_MISSING;
    int32_t v = 0;
    for (; isdigit((unsigned char)*s); s++) {
        if (v > 100000) return ONC_INT_MISSING;
        v = v * 10 + (*s - '0');
    }
    return v > 0 ? v : ONC_INT_MISSING;
}

/* ---- VEP ---- */

int vcf_csq_layout_parse(const char *desc, vcf_csq_layout_t *l)
{
    memset(l, 0, sizeof *l);
    l->allele = l->consequence = l->symbol = l->feature = l->exon = l->hgvsc = l->hgvsp = -1;
    l->mane = l->canonical = l->pick = l->allele_num = -1;
    const char *p = desc ? strstr(desc, "Format: ") : NULL;
    if (!p) return -1;
    p += 8;
    for (int i = 0; i < ANNOT_MAX_FIELDS; i++) {
        size_t n = strcspn(p, "|\"' >");
        struct { const char *name; int *slot; } names[] = {
            {"Allele", &l->allele}, {"Consequence", &l->consequence}, {"SYMBOL", &l->symbol},
            {"Feature", &l->feature}, {"EXON", &l->exon}, {"HGVSc", &l->hgvsc},
            {"HGVSp", &l->hgvsp}, {"MANE_SELECT", &l->mane}, {"MANE", &l->mane},
            {"CANONICAL", &l->canonical}, {"PICK", &l->pick}, {"ALLELE_NUM", &l->allele_num}};
        for (size_t k = 0; k < sizeof names / sizeof *names; k++)
            if (strlen(names[k].name) == n && strncmp(p, names[k].name, n) == 0 && *names[k].slot < 0)
                *names[k].slot = i;
        l->n = i + 1;
        if (p[n] != '|') break;
        p += n + 1;
    }
    int used[] = {l->allele, l->consequence, l->symbol, l->feature, l->exon, l->hgvsc, l->hgvsp,
                  l->mane, l->canonical, l->pick, l->allele_num};
    for (size_t k = 0; k < sizeof used / sizeof *used; k++)
        if (used[k] + 1 > l->used) l->used = used[k] + 1;
    return l->allele >= 0 && l->consequence >= 0 ? 0 : -1;
}

void vcf_vep_allele(char *const *alleles, int n_allele, int allele, onc_strbuf_t *buf, int *err)
{
    const char *ref = alleles[0], *alt = alleles[allele];
    size_t rlen = strlen(ref);
    int indel = 0;
    for (int i = 1; i < n_allele; i++)
        if (strlen(alleles[i]) != rlen && alleles[i][0] != '*' && alleles[i][0] != '<') indel = 1;
    int strip = indel && alt[0] == ref[0];
    for (int i = 1; strip && i < n_allele; i++)
        if (alleles[i][0] != '*' && alleles[i][0] != ref[0]) strip = 0;
    onc_strbuf_clear(buf);
    const char *s = strip ? alt + 1 : alt;
    *err = onc_strbuf_puts(buf, *s ? s : "-") != ONC_OK;
}

/* Priority of an entry among those of the allele: lower is better. The severity is worked
 * out only while no flagged entry (MANE, CANONICAL, PICK) has been seen: best is the best
 * priority so far, or -1 before the first entry. */
static int csq_priority(const vcf_csq_layout_t *l, char **f, int n, int best)
{
    const char *v;
    if (field(f, n, l->mane)) return 0;
    if ((v = field(f, n, l->canonical)) && strcmp(v, "YES") == 0) return 1;
    if ((v = field(f, n, l->pick)) && strcmp(v, "1") == 0) return 2;
    if (best >= 0 && best <= 2) return 3;
    const char *c = field(f, n, l->consequence);
    return 3 + (c ? vcf_so_rank(c, strlen(c)) : SO_N);
}

/* 1 when the decimal string s is exactly the number want. */
static int number_is(const char *s, int want)
{
    long v = 0;
    if (!isdigit((unsigned char)*s)) return 0;
    for (; isdigit((unsigned char)*s); s++)
        if ((v = v * 10 + (*s - '0')) > 1000000) return 0;
    return *s == '\0' && v == want;
}

static int csq_matches(const vcf_csq_layout_t *l, char **f, int n, const char *vep_allele,
                       int allele_num)
{
    const char *num = field(f, n, l->allele_num);
    if (num && allele_num > 0) return number_is(num, allele_num);
    const char *a = field(f, n, l->allele);
    return a && strcmp(a, vep_allele) == 0;
}

int vcf_csq_pick(const vcf_csq_layout_t *l, const char *value, size_t len, const char *vep_allele,
                 int allele_num, onc_strbuf_t *scratch, vcf_pick_t *out)
{
    char *cursor = scratch_copy(scratch, value, len);
    if (!cursor) return -1;
    char *f[ANNOT_MAX_FIELDS], *best[ANNOT_MAX_FIELDS];
    int nbest = 0, best_priority = 0, n;
    while ((n = next_entry(&cursor, f, l->used))) {
        if (!csq_matches(l, f, n, vep_allele, allele_num)) continue;
        int p = csq_priority(l, f, n, nbest ? best_priority : -1);
        if (nbest && p >= best_priority) continue;
        memcpy(best, f, (size_t)n * sizeof *f);
        nbest = n;
        best_priority = p;
    }
    if (!nbest) return 0;
    out->gene = field(best, nbest, l->symbol);
    out->transcript = field(best, nbest, l->feature);
    out->hgvsc = strip_hgvs((char *)field(best, nbest, l->hgvsc));
    out->hgvsp = strip_hgvs((char *)field(best, nbest, l->hgvsp));
    out->consequence = field(best, nbest, l->consequence);
    out->exon = rank_number(field(best, nbest, l->exon));
    out->source = "CSQ";
    return 1;
}

/* ---- SnpEff ---- */

enum { ANN_ALLELE = 0, ANN_EFFECT = 1, ANN_GENE = 3, ANN_FEATURE = 6, ANN_RANK = 8,
       ANN_HGVSC = 9, ANN_HGVSP = 10 };

static int intronic(const char *effect)
{
    return effect && (strstr(effect, "intron") || strstr(effect, "splice_acceptor") ||
                      strstr(effect, "splice_donor"));
}

int vcf_ann_pick(const char *value, size_t len, const char *alt, onc_strbuf_t *scratch, vcf_pick_t *out)
{
    char *cursor = scratch_copy(scratch, value, len);
    if (!cursor) return -1;
    char *f[ANNOT_MAX_FIELDS];
    int n;
    while ((n = next_entry(&cursor, f, ANN_HGVSP + 1))) {
        const char *a = field(f, n, ANN_ALLELE);
        if (!a || strcmp(a, alt) != 0) continue;
        out->gene = field(f, n, ANN_GENE);
        out->transcript = field(f, n, ANN_FEATURE);
        out->hgvsc = strip_hgvs((char *)field(f, n, ANN_HGVSC));
        out->hgvsp = strip_hgvs((char *)field(f, n, ANN_HGVSP));
        out->consequence = field(f, n, ANN_EFFECT);
        out->exon = intronic(out->consequence) ? ONC_INT_MISSING : rank_number(field(f, n, ANN_RANK));
        out->source = "ANN";
        return 1;
    }
    return 0;
}

/* ---- bcftools csq ---- */

enum { BCSQ_CONSEQUENCE = 0, BCSQ_GENE = 1, BCSQ_TRANSCRIPT = 2, BCSQ_AA = 5, BCSQ_DNA = 6 };

/* 1 when dna_change ("55191822T>G", compound "a+b") names pos and alt. */
static int dna_change_names(const char *dna, int64_t pos, const char *alt)
{
    size_t alen = strlen(alt);
    for (const char *p = dna; p && *p;) {
        const char *end = strchr(p, '+');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        int64_t v = 0;
        const char *q = p;
        for (; q < p + len && isdigit((unsigned char)*q) && v < INT64_MAX / 16; q++) v = v * 10 + (*q - '0');
        const char *gt = memchr(q, '>', (size_t)(p + len - q));
        if (v == pos && gt && (size_t)(p + len - gt - 1) == alen && strncmp(gt + 1, alt, alen) == 0)
            return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}

/* "858L>858R" -> "p.L858R"; "858L" -> "p.L858="; "745KELREA>745K" -> "p.E746_A750del".
 * 0 when the change is not one of these simple shapes. */
static int aa_change_to_hgvsp(const char *s, char *buf, size_t n)
{
    long p1 = 0;
    const char *q = s;
    for (; isdigit((unsigned char)*q) && p1 < 1000000; q++) p1 = p1 * 10 + (*q - '0');
    size_t l1 = strspn(q, "ACDEFGHIKLMNPQRSTVWY*");
    if (q == s || l1 == 0) return 0;
    const char *a1 = q;
    q += l1;
    if (*q == '\0') return l1 == 1 && snprintf(buf, n, "p.%c%ld=", a1[0], p1) < (int)n;
    if (*q++ != '>') return 0;
    const char *s2 = q;
    q += strspn(q, "0123456789");
    size_t l2 = strspn(q, "ACDEFGHIKLMNPQRSTVWY*");
    /* The second position counts in the altered protein (bcftools shifts it after an upstream
     * indel on the same haplotype): the reference position p1 is the one HGVS uses. */
    if (q == s2 || l2 == 0 || q[l2] != '\0') return 0;
    if (l1 == 1 && l2 == 1)
        return snprintf(buf, n, "p.%c%ld%c", a1[0], p1, q[0] == a1[0] ? '=' : q[0]) < (int)n;
    if (l2 < l1 && strncmp(a1, q, l2) == 0) { /* in-frame deletion after the kept residues */
        long first = p1 + (long)l2, last = p1 + (long)l1 - 1;
        if (first == last) return snprintf(buf, n, "p.%c%lddel", a1[l2], first) < (int)n;
        return snprintf(buf, n, "p.%c%ld_%c%lddel", a1[l2], first, a1[l1 - 1], last) < (int)n;
    }
    return 0;
}

int vcf_bcsq_pick(const char *value, size_t len, int64_t pos, const char *alt, int single_alt,
                  onc_strbuf_t *scratch, char *hgvsp_buf, size_t hgvsp_n, vcf_pick_t *out)
{
    char *cursor = scratch_copy(scratch, value, len);
    if (!cursor) return -1;
    char *f[ANNOT_MAX_FIELDS], *best[ANNOT_MAX_FIELDS];
    int nbest = 0, best_rank = 0, n;
    while ((n = next_entry(&cursor, f, BCSQ_DNA + 1))) {
        if (f[0][0] == '@') continue; /* described at another record */
        const char *dna = field(f, n, BCSQ_DNA);
        if (dna ? !dna_change_names(dna, pos, alt) : !single_alt) continue;
        const char *c = field(f, n, BCSQ_CONSEQUENCE);
        int rank = c ? vcf_so_rank(c, strlen(c)) : SO_N;
        if (nbest && rank >= best_rank) continue;
        memcpy(best, f, (size_t)n * sizeof *f);
        nbest = n;
        best_rank = rank;
    }
    if (!nbest) return 0;
    out->gene = field(best, nbest, BCSQ_GENE);
    out->transcript = field(best, nbest, BCSQ_TRANSCRIPT);
    out->consequence = field(best, nbest, BCSQ_CONSEQUENCE);
    const char *aa = field(best, nbest, BCSQ_AA);
    out->hgvsp = aa && aa_change_to_hgvsp(aa, hgvsp_buf, hgvsp_n) ? hgvsp_buf : NULL;
    out->hgvsc = NULL; /* bcftools csq writes the genomic change, not HGVS c. */
    out->exon = ONC_INT_MISSING;
    out->source = "BCSQ";
    return 1;
}

/* ---- per file ---- */

struct vcf_annot {
    int id_csq, id_ann, id_bcsq;       /* INFO ids, -1 when not declared */
    vcf_csq_layout_t csq, ann_vep;     /* VEP layouts of CSQ and of a VEP-written ANN */
    onc_strbuf_t scratch, allele;
    char hgvsp[96];
    struct bcsq_seen { int rid; int64_t pos; onc_strbuf_t value; } seen[BCSQ_CACHE];
    int n_seen, next_seen;
};

static int info_id(const bcf_hdr_t *h, const char *tag)
{
    int id = bcf_hdr_id2int(h, BCF_DT_ID, tag);
    return id >= 0 && bcf_hdr_idinfo_exists(h, BCF_HL_INFO, id) ? id : -1;
}

static const char *info_description(const bcf_hdr_t *h, const char *tag)
{
    bcf_hrec_t *hr = bcf_hdr_get_hrec(h, BCF_HL_INFO, "ID", tag, NULL);
    int k = hr ? bcf_hrec_find_key(hr, "Description") : -1;
    return k >= 0 ? hr->vals[k] : NULL;
}

vcf_annot_t *vcf_annot_new(const bcf_hdr_t *h)
{
    vcf_annot_t *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->id_csq = info_id(h, "CSQ");
    a->id_ann = info_id(h, "ANN");
    a->id_bcsq = info_id(h, "BCSQ");
    if (a->id_csq >= 0 && vcf_csq_layout_parse(info_description(h, "CSQ"), &a->csq) != 0) a->id_csq = -1;
    if (a->id_ann >= 0 && vcf_csq_layout_parse(info_description(h, "ANN"), &a->ann_vep) != 0)
        a->ann_vep.n = 0; /* SnpEff's ANN: its fixed layout */
    return a;
}

void vcf_annot_free(vcf_annot_t *a)
{
    if (!a) return;
    onc_strbuf_free(&a->scratch);
    onc_strbuf_free(&a->allele);
    for (int i = 0; i < BCSQ_CACHE; i++) onc_strbuf_free(&a->seen[i].value);
    free(a);
}

int vcf_annot_any(const vcf_annot_t *a) { return a->id_csq >= 0 || a->id_ann >= 0 || a->id_bcsq >= 0; }

/* The record's value of INFO id, in htslib's record (not NUL-terminated): NULL when absent. */
static const char *info_string(bcf1_t *rec, int id, size_t *len)
{
    if (id < 0) return NULL;
    bcf_info_t *in = bcf_get_info_id(rec, id);
    if (!in || in->type != BCF_BT_CHAR || in->len <= 0) return NULL;
    vcf_vals_t v = vcf_vals_make(in->type, in->len, in->vptr);
    int n;
    const char *s = vcf_vals_str(&v, &n);
    *len = (size_t)n;
    return s;
}

/* Remembers this record's BCSQ for later "@POS" references (same chromosome). */
static void bcsq_remember(vcf_annot_t *a, const bcf1_t *rec, const char *value, size_t len)
{
    struct bcsq_seen *s = &a->seen[a->next_seen];
    for (int i = 0; i < a->n_seen; i++)
        if (a->seen[i].rid == rec->rid && a->seen[i].pos == rec->pos + 1) return;
    onc_strbuf_clear(&s->value);
    if (onc_strbuf_putsn(&s->value, value, len) != ONC_OK) return; /* a lost back-reference only */
    s->rid = rec->rid;
    s->pos = rec->pos + 1;
    a->next_seen = (a->next_seen + 1) % BCSQ_CACHE;
    if (a->n_seen < BCSQ_CACHE) a->n_seen++;
}

static int bcsq_pick_record(vcf_annot_t *a, bcf1_t *rec, const char *value, size_t len, int allele,
                            vcf_pick_t *out)
{
    int64_t pos = rec->pos + 1;
    const char *alt = rec->d.allele[allele];
    int r = vcf_bcsq_pick(value, len, pos, alt, rec->n_allele == 2, &a->scratch, a->hgvsp,
                          sizeof a->hgvsp, out);
    if (r != 0) return r;
    /* "@POS": the compound change is described at an earlier record. */
    for (const char *at = memchr(value, '@', len); at; at = memchr(at + 1, '@', (size_t)(value + len - at - 1))) {
        int64_t ref_pos = 0;
        for (const char *q = at + 1; q < value + len && isdigit((unsigned char)*q) && ref_pos < INT64_MAX / 16; q++)
            ref_pos = ref_pos * 10 + (*q - '0');
        for (int i = 0; i < a->n_seen; i++) {
            const onc_strbuf_t *seen = &a->seen[i].value;
            if (a->seen[i].rid != rec->rid || a->seen[i].pos != ref_pos) continue;
            r = vcf_bcsq_pick(onc_strbuf_str(seen), seen->len, pos, alt, 0, &a->scratch, a->hgvsp,
                              sizeof a->hgvsp, out);
            if (r != 0) return r;
        }
    }
    return 0;
}

int vcf_annot_pick(vcf_annot_t *a, const bcf_hdr_t *h, bcf1_t *rec, int allele, vcf_pick_t *out)
{
    (void)h;
    memset(out, 0, sizeof *out);
    out->exon = ONC_INT_MISSING;
    int r = 0, err = 0;
    size_t len = 0;
    const char *v = NULL;
    const vcf_csq_layout_t *l = NULL;
    if ((v = info_string(rec, a->id_csq, &len))) l = &a->csq;
    else if (a->ann_vep.n && (v = info_string(rec, a->id_ann, &len))) l = &a->ann_vep;
    if (l) {
        vcf_vep_allele(rec->d.allele, rec->n_allele, allele, &a->allele, &err);
        if (err) return -1;
        if ((r = vcf_csq_pick(l, v, len, onc_strbuf_str(&a->allele), allele, &a->scratch, out)) != 0) return r;
    }
    if (!a->ann_vep.n && (v = info_string(rec, a->id_ann, &len)) &&
        (r = vcf_ann_pick(v, len, rec->d.allele[allele], &a->scratch, out)) != 0)
        return r;
    if ((v = info_string(rec, a->id_bcsq, &len))) {
        if (allele == 1) bcsq_remember(a, rec, v, len);
        if ((r = bcsq_pick_record(a, rec, v, len, allele, out)) != 0) return r;
    }
    return 0;
}
