/* model_hgvs_c.c: coding changes (HGVS c.) as labs and annotators write them.
 *
 * A position is a coding base (c.2573), a 5' UTR base (c.-14), a 3' UTR base (c.*45), each
 * with an optional intronic offset (c.3028+1, c.2888-2). The changes read are those in
 * practice: substitution (c.2573T>G), del, dup (with or without the bases), ins, delins
 * (also the older "delGGAinsT"), inv. The canonical form drops the deleted bases, as current
 * HGVS recommends: c.2235_2249del. Positions also give the codon a change falls in, which is
 * how OncoKB names splice-site changes (c.3028+1G>A in MET -> X1010_splice).
 */
#include "model/model_hgvs_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int is_base(int ch) { return ch && strchr("ACGTNacgtn", ch) != NULL; }

static onc_rc read_bases(hgvs_cur_t *c, char *buf, const char *what)
{
    buf[0] = '\0';
    while (is_base(hgvs_peek(c))) {
        onc_rc rc = hgvs_push(c, buf, ONC_HGVS_NT_MAX, (char)(hgvs_peek(c) & ~0x20), what);
        if (rc) return rc;
        c->i++;
    }
    return ONC_OK;
}

static onc_rc read_pos(hgvs_cur_t *c, onc_cpos_t *p, const char *what)
{
    memset(p, 0, sizeof *p);
    int utr5 = hgvs_accept(c, "-");
    p->utr3 = !utr5 && hgvs_accept(c, "*");
    onc_rc rc = hgvs_number(c, &p->pos, what);
    if (rc) return rc;
    if (utr5) p->pos = -p->pos;
    int sign = hgvs_accept(c, "+") ? 1 : hgvs_accept(c, "-") ? -1 : 0;
    if (!sign) return ONC_OK;
    if ((rc = hgvs_number(c, &p->offset, "intronic offset"))) return rc;
    p->offset *= sign;
    return ONC_OK;
}

/* Order of positions along the transcript: 5' UTR, coding, 3' UTR; the offset orders
 * positions around the same anchor. Positions on different anchors inside one intron
 * (c.100+5 and c.101-5) cannot be ordered without the intron length: anchors decide. */
static int cpos_cmp(const onc_cpos_t *a, const onc_cpos_t *b)
{
    if (a->utr3 != b->utr3) return a->utr3 - b->utr3;
    if (a->pos != b->pos) return a->pos < b->pos ? -1 : 1;
    return (a->offset > b->offset) - (a->offset < b->offset);
}

/* Adjacent exonic positions, for an insertion (c.-1 and c.1 are adjacent: there is no c.0). */
static int cpos_adjacent(const onc_cpos_t *a, const onc_cpos_t *b)
{
    if (a->offset || b->offset) return 1; /* cannot check without the intron length */
    if (a->utr3 != b->utr3) return 0;
    return b->pos == a->pos + 1 || (a->pos == -1 && b->pos == 1 && !a->utr3);
}

static int32_t exonic_length(const onc_cchange_t *ch)
{
    if (ch->start.offset || ch->end.offset || ch->start.utr3 != ch->end.utr3) return -1;
    int32_t len = ch->end.pos - ch->start.pos + 1;
    if (ch->start.pos < 0 && ch->end.pos > 0 && !ch->start.utr3) len--; /* no c.0 */
    return len;
}

static onc_rc parse_del(hgvs_cur_t *c, onc_cchange_t *ch)
{
    onc_rc rc = read_bases(c, ch->ref, "deleted bases");
    if (rc) return rc;
    if (hgvs_is_digit(hgvs_peek(c))) { /* c.123_125del3: the count of deleted bases */
        int32_t count;
        if ((rc = hgvs_number(c, &count, "deleted length"))) return rc;
        int32_t len = exonic_length(ch);
        if (len > 0 && len != count)
            return hgvs_fail(c, "deletes %d bases but the range holds %d", count, len);
    }
    if (hgvs_accept(c, "ins")) {
        ch->type = ONC_C_DELINS;
        if ((rc = read_bases(c, ch->alt, "inserted bases"))) return rc;
        if (!ch->alt[0]) return hgvs_fail(c, "missing the inserted bases after \"ins\"");
    }
    int32_t len = exonic_length(ch);
    if (ch->ref[0] && len > 0 && (int32_t)strlen(ch->ref) != len)
        return hgvs_fail(c, "deleted bases \"%s\" do not match the range length %d", ch->ref, len);
    return ONC_OK;
}

static onc_rc parse_change(hgvs_cur_t *c, onc_cchange_t *ch, int range)
{
    onc_rc rc;
    if (hgvs_accept(c, "delins")) {
        ch->type = ONC_C_DELINS;
        if ((rc = read_bases(c, ch->alt, "inserted bases"))) return rc;
        if (!ch->alt[0]) return hgvs_fail(c, "missing the inserted bases after \"delins\"");
        return ONC_OK;
    }
    if (hgvs_accept(c, "del")) {
        ch->type = ONC_C_DELETION;
        return parse_del(c, ch);
    }
    if (hgvs_accept(c, "dup")) {
        ch->type = ONC_C_DUPLICATION;
        if ((rc = read_bases(c, ch->ref, "duplicated bases"))) return rc;
        int32_t len = exonic_length(ch);
        if (ch->ref[0] && len > 0 && (int32_t)strlen(ch->ref) != len)
            return hgvs_fail(c, "duplicated bases \"%s\" do not match the range length %d", ch->ref, len);
        return ONC_OK;
    }
    if (hgvs_accept(c, "ins")) {
        ch->type = ONC_C_INSERTION;
        if (!range || !cpos_adjacent(&ch->start, &ch->end))
            return hgvs_fail(c, "an insertion lies between two adjacent positions (as c.2310_2311ins)");
        if ((rc = read_bases(c, ch->alt, "inserted bases"))) return rc;
        if (!ch->alt[0]) return hgvs_fail(c, "missing the inserted bases after \"ins\"");
        return ONC_OK;
    }
    if (hgvs_accept(c, "inv")) {
        ch->type = ONC_C_INVERSION;
        if (!range) return hgvs_fail(c, "an inversion needs a range");
        return ONC_OK;
    }
    ch->type = ONC_C_SUBSTITUTION;
    if ((rc = read_bases(c, ch->ref, "reference base"))) return rc;
    if (!ch->ref[0] || !hgvs_accept(c, ">"))
        return hgvs_fail(c, "expected del, dup, ins, delins, inv or a substitution (as T>G) at \"%.*s\"",
                         (int)(c->n - c->i), c->s + c->i);
    if ((rc = read_bases(c, ch->alt, "new base"))) return rc;
    if (range || strlen(ch->ref) != 1 || strlen(ch->alt) != 1)
        return hgvs_fail(c, "a substitution changes one base (use delins for more)");
    if (ch->ref[0] == ch->alt[0]) return hgvs_fail(c, "substitution %s>%s changes nothing", ch->ref, ch->alt);
    return ONC_OK;
}

onc_rc onc_cchange_parse(const char *s, onc_cchange_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    hgvs_cur_t c;
    onc_rc rc = hgvs_cur_init(&c, s, 'c', 1, err);
    if (rc) return rc;
    if (hgvs_peek(&c) == '(' || hgvs_peek(&c) == '[' || memchr(c.s, ';', c.n))
        return hgvs_fail(&c, "uncertain positions and several changes in one string are not supported");
    if ((rc = read_pos(&c, &out->start, "position"))) return rc;
    out->end = out->start;
    int range = hgvs_accept(&c, "_");
    if (range) {
        if ((rc = read_pos(&c, &out->end, "range end"))) return rc;
        if (cpos_cmp(&out->start, &out->end) >= 0)
            return hgvs_fail(&c, "range is not in order (the end must be after the start)");
    }
    if ((rc = parse_change(&c, out, range))) return rc;
    if (!hgvs_at_end(&c))
        return hgvs_fail(&c, "unexpected \"%.*s\" at the end", (int)(c.n - c.i), c.s + c.i);
    return ONC_OK;
}

static int put_pos(char *buf, size_t n, const onc_cpos_t *p)
{
    if (!p->offset) return snprintf(buf, n, "%s%d", p->utr3 ? "*" : "", p->pos);
    return snprintf(buf, n, "%s%d%+d", p->utr3 ? "*" : "", p->pos, p->offset);
}

static const char *change_text(const onc_cchange_t *c)
{
    switch (c->type) {
    case ONC_C_SUBSTITUTION: return ">";
    case ONC_C_DELETION: return "del";
    case ONC_C_INSERTION: return "ins";
    case ONC_C_DUPLICATION: return "dup";
    case ONC_C_DELINS: return "delins";
    case ONC_C_INVERSION: return "inv";
    }
    return "?";
}

int onc_cchange_format(const onc_cchange_t *c, char *buf, size_t n)
{
    char a[40], b[40];
    put_pos(a, sizeof a, &c->start);
    b[0] = '\0';
    if (cpos_cmp(&c->start, &c->end) != 0) {
        b[0] = '_';
        put_pos(b + 1, sizeof b - 1, &c->end);
    }
    int k;
    if (c->type == ONC_C_SUBSTITUTION) k = snprintf(buf, n, "c.%s%s%s>%s", a, b, c->ref, c->alt);
    else k = snprintf(buf, n, "c.%s%s%s%s", a, b, change_text(c),
                      c->type == ONC_C_INSERTION || c->type == ONC_C_DELINS ? c->alt : "");
    if (k < 0 || (size_t)k >= n) {
        if (n) buf[0] = '\0';
        return -1;
    }
    return k;
}

/* Is there a splice site (+1, +2 after an exon, -2, -1 before one) between a and b? */
static int in_splice_site(const onc_cpos_t *p) { return p->offset >= -2 && p->offset <= 2 && p->offset; }

int onc_cchange_is_splice_site(const onc_cchange_t *c)
{
    const onc_cpos_t *a = &c->start, *b = &c->end;
    if (in_splice_site(a) || in_splice_site(b)) return 1;
    if (cpos_cmp(a, b) == 0) return 0;
    /* The last splice site at or before b, then whether a comes before it. */
    if (b->offset > 0) { /* donor of b's anchor: (pos, +1) */
        onc_cpos_t site = {b->pos, 1, b->utr3};
        return cpos_cmp(a, &site) <= 0;
    }
    if (b->offset < 0) { /* donor of the exon before: (pos-1, +2), in the same intron as b */
        onc_cpos_t site = {b->pos - 1, 2, b->utr3};
        if (site.pos == 0 && !b->utr3) site.pos = -1;
        return cpos_cmp(a, &site) <= 0;
    }
    /* b is exonic: a in an intron before it means the range crosses that exon's acceptor. */
    return a->offset != 0;
}

int32_t onc_cpos_codon(const onc_cpos_t *p)
{
    if (p->utr3 || p->pos <= 0) return ONC_INT_MISSING;
    return (p->pos + 2) / 3;
}

int onc_cchange_splice_pchange(const onc_cchange_t *c, onc_pchange_t *out)
{
    if (!onc_cchange_is_splice_site(c)) return 0;
    /* VEP and GDC name the codon of the change's first position (c.2888-16_2891del ->
     * X963_splice, c.504_508+1dup -> X168_splice), anchored when it is intronic. */
    int32_t codon = onc_cpos_codon(&c->start);
    if (codon == ONC_INT_MISSING) return 0;
    memset(out, 0, sizeof *out);
    out->type = ONC_P_SPLICE;
    out->start = out->end = codon;
    return 1;
}
