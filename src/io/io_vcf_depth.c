/* io_vcf_depth.c: tumor depth, alt-allele count and allele fraction, as each caller writes them.
 *
 * Somatic callers agree on nothing here: Mutect writes AD (REF and each ALT) with AF or FA,
 * Strelka per-base tier counts ({A,C,G,T}U) for SNVs and TAR/TIR for indels, VarScan RD/AD
 * with FREQ as "48.7%", SomaticSniper BCOUNT and DP4, FreeBayes RO/AO, PCGR's input INFO
 * TDP/TVAF. docs/vcf-callers.md has the table with each caller's header lines. The rules, in
 * the order they are tried (the first that applies gives the counts):
 *
 *   1. INFO TDP (and TVAF): PCGR's tumor depth and fraction; alt count from FORMAT ADT.
 *   2. FORMAT AD with one value per allele (REF, ALTs): alt = AD[allele], depth = DP when given
 *      and not below REF+ALT (else the sum of AD when complete, as vcf2maf does),
 *      VAF = AF or FA (Mutect2, MuTect1, RADIA) when given, else alt/depth.
 *   3. VarScan: RD with a one-value AD: alt = AD, depth = DP, VAF = FREQ.
 *   4. Strelka SNV: AU, CU, GU, TU: tier-1 counts of the REF and ALT bases; depth = DP;
 *      VAF = alt / (ref + alt), as Strelka's documentation computes it.
 *   5. Strelka indel: TAR, TIR: tier-1 counts; depth = DP; VAF = TIR / (TAR + TIR).
 *   6. SomaticSniper: BCOUNT (A,C,G,T) for SNVs, else DP4 (ref fwd, ref rev, alt fwd, alt rev)
 *      for one ALT; depth = DP; VAF = alt/depth.
 *   7. FreeBayes: RO, AO: alt = AO[allele]; depth = DP, else RO + the sum of AO.
 *   8. AD with one value and one ALT: that is the alt count; depth = DP.
 *   9. otherwise DP alone gives the depth, AF/FA the fraction.
 * A value the file does not give stays missing (ONC_INT_MISSING, NaN): never 0.
 */
#include "io_vcf_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const depth_tags[VD_N] = {
    "AD", "DP", "AF", "FA", "FREQ", "RD", "DP4", "BCOUNT", "AU", "CU", "GU", "TU",
    "TAR", "TIR", "AO", "RO", "ADT", "TDP", "TVAF"};

vcf_vals_t vcf_vals_make(int type, int n, const uint8_t *p)
{
    vcf_vals_t v = {type, n, n, p};
    int len;
    const char *s = vcf_vals_str(&v, &len);
    if (type == BCF_BT_CHAR) {
        v.count = s && len > 0;
        for (int i = 0; s && i < len; i++) v.count += s[i] == ',';
    }
    return v;
}

/* Item j of a string value "87,89" as a NUL-terminated copy in buf; 0 when absent, too long
 * or ".". */
static int string_item(const vcf_vals_t *v, int j, char *buf, size_t n)
{
    int len;
    const char *s = vcf_vals_str(v, &len), *end = s ? s + len : NULL;
    if (!s || j < 0 || j >= v->count) return 0;
    for (int k = 0; k < j; k++) s = (const char *)memchr(s, ',', (size_t)(end - s)) + 1;
    const char *comma = memchr(s, ',', (size_t)(end - s));
    size_t w = (size_t)((comma ? comma : end) - s);
    if (w == 0 || w >= n || (w == 1 && s[0] == '.')) return 0;
    memcpy(buf, s, w);
    buf[w] = '\0';
    return 1;
}

/* A string item as a whole number (no sign, no trailing text). */
static int string_int(const vcf_vals_t *v, int j, int32_t *out)
{
    char buf[16];
    if (!string_item(v, j, buf, sizeof buf)) return 0;
    int64_t x = 0;
    for (const char *q = buf; *q; q++) {
        if (*q < '0' || *q > '9' || x > INT32_MAX / 10) return 0;
        x = x * 10 + (*q - '0');
    }
    if (x > INT32_MAX) return 0;
    *out = (int32_t)x;
    return 1;
}

/* A string item as a real, "48.7%" read as 0.487 (VarScan's FREQ). */
static int string_float(const vcf_vals_t *v, int j, double *out)
{
    char buf[32], *end;
    if (!string_item(v, j, buf, sizeof buf)) return 0;
    double x = strtod(buf, &end);
    if (end == buf || !isfinite(x)) return 0;
    if (*end == '%' && end[1] == '\0') x /= 100.0;
    else if (*end) return 0;
    *out = x;
    return 1;
}

int vcf_vals_int(const vcf_vals_t *v, int j, int32_t *out)
{
    if (v->type == BCF_BT_CHAR) return string_int(v, j, out);
    if (j < 0 || j >= v->n) return 0;
    switch (v->type) {
    case BCF_BT_INT8: {
        int8_t x = ((const int8_t *)v->p)[j];
        if (x == bcf_int8_missing || x == bcf_int8_vector_end) return 0;
        *out = x;
        return 1;
    }
    case BCF_BT_INT16: {
        int16_t x;
        memcpy(&x, v->p + 2 * (size_t)j, sizeof x);
        if (x == bcf_int16_missing || x == bcf_int16_vector_end) return 0;
        *out = x;
        return 1;
    }
    case BCF_BT_INT32: {
        int32_t x;
        memcpy(&x, v->p + 4 * (size_t)j, sizeof x);
        if (x == bcf_int32_missing || x == bcf_int32_vector_end) return 0;
        *out = x;
        return 1;
    }
    case BCF_BT_FLOAT: { /* a count written as a real: accepted when it is a whole number */
        double f;
        if (!vcf_vals_float(v, j, &f) || f != floor(f) || f < 0 || f > INT32_MAX) return 0;
        *out = (int32_t)f;
        return 1;
    }
    default: return 0;
    }
}

int vcf_vals_float(const vcf_vals_t *v, int j, double *out)
{
    if (v->type != BCF_BT_CHAR && (j < 0 || j >= v->n)) return 0;
    if (v->type == BCF_BT_FLOAT) {
        float x;
        memcpy(&x, v->p + 4 * (size_t)j, sizeof x);
        if (bcf_float_is_missing(x) || bcf_float_is_vector_end(x) || !isfinite(x)) return 0;
        /* A float holds about 7 significant digits: "0.290" is stored as 0.28999999165535.
         * The fractions read here lie in [0, 1], so rounding to 7 decimals gives back what
         * the file wrote. */
        *out = fabs(x) < 1e6 ? nearbyint((double)x * 1e7) / 1e7 : x;
        return 1;
    }
    if (v->type == BCF_BT_CHAR) return string_float(v, j, out);
    int32_t i;
    if (!vcf_vals_int(v, j, &i)) return 0;
    *out = i;
    return 1;
}

const char *vcf_vals_str(const vcf_vals_t *v, int *len)
{
    if (v->type != BCF_BT_CHAR || v->n <= 0) return NULL;
    int n = v->n;
    while (n > 0 && v->p[n - 1] == '\0') n--;
    *len = n;
    return (const char *)v->p;
}

void vcf_depth_init(vcf_depth_t *d, const bcf_hdr_t *h)
{
    memset(d, 0, sizeof *d); /* also the slot map */
    d->n_ids = h->n[BCF_DT_ID];
    for (int i = 0; i < VD_N; i++) {
        int hl = i < VD_N_FMT ? BCF_HL_FMT : BCF_HL_INFO;
        int id = bcf_hdr_id2int(h, BCF_DT_ID, depth_tags[i]);
        d->id[i] = id >= 0 && bcf_hdr_idinfo_exists(h, hl, id) ? id : -1;
        /* A tag defined for both INFO and FORMAT maps to its FORMAT slot; the INFO pass
         * below checks the kind. */
        if (d->id[i] >= 0 && d->id[i] < VD_MAP_MAX && !d->slot[d->id[i]]) d->slot[d->id[i]] = (signed char)(i + 1);
    }
}

/* The slot of header id for a FORMAT (fmt 1) or INFO (fmt 0) field, or -1. */
static int slot_of(const vcf_depth_t *d, int id, int fmt)
{
    if (id < 0 || id >= VD_MAP_MAX || !d->slot[id]) return -1;
    int i = d->slot[id] - 1;
    if (fmt == (i < VD_N_FMT)) return i;
    /* The same id under the other kind: look among that kind's tags. */
    for (int j = fmt ? 0 : VD_N_FMT; j < (fmt ? VD_N_FMT : VD_N); j++)
        if (d->id[j] == id) return j;
    return -1;
}

void vcf_depth_load(vcf_depth_t *d, bcf1_t *rec)
{
    for (int i = 0; i < VD_N; i++) d->val[i].n = d->val[i].count = 0;
    /* One pass over the record's fields, matched against the cached ids. */
    for (int k = 0; k < (int)rec->n_fmt && rec->n_sample > 0; k++) {
        const bcf_fmt_t *f = &rec->d.fmt[k];
        int i = f->p ? slot_of(d, f->id, 1) : -1;
        if (i >= 0) d->val[i] = vcf_vals_make(f->type, f->n, f->p);
    }
    for (int k = 0; k < (int)rec->n_info; k++) {
        const bcf_info_t *in = &rec->d.info[k];
        int i = in->vptr ? slot_of(d, in->key, 0) : -1;
        if (i >= 0) d->val[i] = vcf_vals_make(in->type, in->len, in->vptr);
    }
}

/* ---- helpers ---- */

static int has(const vcf_depth_t *d, int tag) { return d->val[tag].count > 0; }

static int get_int(const vcf_depth_t *d, int tag, int j, int32_t *out)
{
    return vcf_vals_int(&d->val[tag], j, out);
}

/* A per-allele value: Number=R (one per allele) or Number=A (one per ALT). */
static int per_allele_float(const vcf_depth_t *d, int tag, int n_allele, int allele, double *out)
{
    const vcf_vals_t *v = &d->val[tag];
    if (v->count == n_allele) return vcf_vals_float(v, allele, out);
    if (v->count == n_allele - 1) return vcf_vals_float(v, allele - 1, out);
    return 0;
}

static double ratio(int32_t num, int32_t den)
{
    if (num == ONC_INT_MISSING || den == ONC_INT_MISSING || den <= 0 || num < 0) return NAN;
    return (double)num / den;
}

/* The caller's own fraction (AF, then FA), else alt/depth. */
static double fraction(const vcf_depth_t *d, int n_allele, int allele, int32_t alt, int32_t depth)
{
    double f;
    if (per_allele_float(d, VD_AF, n_allele, allele, &f) || per_allele_float(d, VD_FA, n_allele, allele, &f))
        return f;
    return ratio(alt, depth);
}

static int32_t format_dp(const vcf_depth_t *d)
{
    int32_t dp;
    return get_int(d, VD_DP, 0, &dp) ? dp : ONC_INT_MISSING;
}

/* Index of a base in the A,C,G,T order of Strelka's tags and SomaticSniper's BCOUNT. */
static int base_index(const char *allele)
{
    if (!allele[0] || allele[1]) return -1;
    switch (allele[0]) {
    case 'A': case 'a': return 0;
    case 'C': case 'c': return 1;
    case 'G': case 'g': return 2;
    case 'T': case 't': return 3;
    default: return -1;
    }
}

/* ---- the rules ---- */

static int rule_pcgr(const vcf_depth_t *d, int n_allele, int allele, vcf_counts_t *c)
{
    if (!has(d, VD_TDP)) return 0;
    int32_t dp;
    if (get_int(d, VD_TDP, d->val[VD_TDP].count == 1 ? 0 : allele - 1, &dp)) c->depth = dp;
    double f;
    if (d->val[VD_TVAF].count == 1 ? vcf_vals_float(&d->val[VD_TVAF], 0, &f)
                                : per_allele_float(d, VD_TVAF, n_allele, allele, &f))
        c->vaf = f;
    int32_t a;
    if (get_int(d, VD_ADT, allele, &a)) c->alt_count = a; /* a String "ref,alt" in PCGR */
    return 1;
}

static int rule_ad(const vcf_depth_t *d, int n_allele, int allele, vcf_counts_t *c)
{
    if (d->val[VD_AD].count != n_allele || (n_allele == 1)) return 0;
    int32_t ref = ONC_INT_MISSING, alt = ONC_INT_MISSING, x;
    get_int(d, VD_AD, 0, &ref);
    get_int(d, VD_AD, allele, &alt);
    int64_t sum = 0;
    int complete = 1;
    for (int j = 0; j < n_allele; j++) {
        if (get_int(d, VD_AD, j, &x)) sum += x;
        else complete = 0;
    }
    int64_t seen = (int64_t)(ref == ONC_INT_MISSING ? 0 : ref) + (alt == ONC_INT_MISSING ? 0 : alt);
    int32_t dp = format_dp(d);
    if (dp != ONC_INT_MISSING && dp >= seen) c->depth = dp;
    else if (complete && sum <= INT32_MAX) c->depth = (int32_t)sum;
    c->alt_count = alt;
    c->vaf = fraction(d, n_allele, allele, alt, c->depth);
    return 1;
}

static int rule_varscan(const vcf_depth_t *d, int n_allele, vcf_counts_t *c)
{
    int32_t rd, ad;
    if (!has(d, VD_RD) || d->val[VD_AD].count != 1 || !get_int(d, VD_RD, 0, &rd)) return 0;
    if (n_allele == 2 && get_int(d, VD_AD, 0, &ad)) c->alt_count = ad;
    c->depth = format_dp(d);
    if (c->depth == ONC_INT_MISSING && c->alt_count != ONC_INT_MISSING) c->depth = rd + c->alt_count;
    double f;
    if (n_allele == 2 && vcf_vals_float(&d->val[VD_FREQ], 0, &f) && f >= 0 && f <= 1) c->vaf = f;
    else c->vaf = ratio(c->alt_count, c->depth);
    return 1;
}

static int rule_strelka_snv(const vcf_depth_t *d, const bcf1_t *rec, int allele, vcf_counts_t *c)
{
    if (!has(d, VD_AU) || !has(d, VD_CU) || !has(d, VD_GU) || !has(d, VD_TU)) return 0;
    int bref = base_index(rec->d.allele[0]), balt = base_index(rec->d.allele[allele]);
    c->depth = format_dp(d);
    int32_t ref, alt;
    if (bref < 0 || balt < 0) return 1; /* not an SNV: the tier counts say nothing */
    if (!get_int(d, VD_AU + bref, 0, &ref) || !get_int(d, VD_AU + balt, 0, &alt)) return 1;
    c->alt_count = alt;
    c->vaf = ratio(alt, ref + alt);
    return 1;
}

static int rule_strelka_indel(const vcf_depth_t *d, int n_allele, vcf_counts_t *c)
{
    int32_t tar, tir;
    if (!has(d, VD_TAR) || !has(d, VD_TIR)) return 0;
    c->depth = format_dp(d);
    if (n_allele != 2 || !get_int(d, VD_TAR, 0, &tar) || !get_int(d, VD_TIR, 0, &tir)) return 1;
    c->alt_count = tir;
    c->vaf = ratio(tir, tar + tir);
    return 1;
}

static int rule_sniper(const vcf_depth_t *d, const bcf1_t *rec, int allele, vcf_counts_t *c)
{
    int balt = base_index(rec->d.allele[allele]);
    int32_t x[4];
    if (has(d, VD_BCOUNT) && balt >= 0 && base_index(rec->d.allele[0]) >= 0) {
        c->depth = format_dp(d);
        if (get_int(d, VD_BCOUNT, balt, &x[0])) c->alt_count = x[0];
    } else if (d->val[VD_DP4].count == 4 && rec->n_allele == 2) {
        for (int j = 0; j < 4; j++)
            if (!get_int(d, VD_DP4, j, &x[j])) return 0;
        c->depth = format_dp(d);
        if (c->depth == ONC_INT_MISSING) c->depth = x[0] + x[1] + x[2] + x[3];
        c->alt_count = x[2] + x[3];
    } else {
        return 0;
    }
    c->vaf = ratio(c->alt_count, c->depth);
    return 1;
}

static int rule_freebayes(const vcf_depth_t *d, int allele, vcf_counts_t *c)
{
    int32_t ro, ao;
    if (!has(d, VD_AO) || !has(d, VD_RO)) return 0;
    c->depth = format_dp(d);
    if (get_int(d, VD_AO, allele - 1, &ao)) c->alt_count = ao;
    if (c->depth == ONC_INT_MISSING && get_int(d, VD_RO, 0, &ro)) {
        int64_t sum = ro;
        for (int j = 0; j < d->val[VD_AO].count; j++) {
            if (!get_int(d, VD_AO, j, &ao)) { sum = -1; break; }
            sum += ao;
        }
        if (sum >= 0 && sum <= INT32_MAX) c->depth = (int32_t)sum;
    }
    c->vaf = ratio(c->alt_count, c->depth);
    return 1;
}

void vcf_depth_get(const vcf_depth_t *d, const bcf1_t *rec, int allele, vcf_counts_t *c)
{
    int n_allele = rec->n_allele;
    *c = (vcf_counts_t){ONC_INT_MISSING, ONC_INT_MISSING, NAN};
    if (rule_pcgr(d, n_allele, allele, c) || rule_ad(d, n_allele, allele, c) ||
        rule_varscan(d, n_allele, c) || rule_strelka_snv(d, rec, allele, c) ||
        rule_strelka_indel(d, n_allele, c) || rule_sniper(d, rec, allele, c) ||
        rule_freebayes(d, allele, c))
        return;
    int32_t ad;
    c->depth = format_dp(d);
    if (d->val[VD_AD].count == 1 && n_allele == 2 && get_int(d, VD_AD, 0, &ad)) c->alt_count = ad;
    c->vaf = fraction(d, n_allele, allele, c->alt_count, c->depth);
}
