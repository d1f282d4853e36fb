/* model_hgvs_p.c: protein changes (HGVS p.) as labs and annotators write them, normalised to
 * OncoKB's one-letter names.
 *
 * Input is read in two steps: the location (residues, position, an optional "_" range end) and
 * the change after it (del, delins, ins, dup, fs, ext, splice, "=", "?", or new residues).
 * Residues may be one-letter ("L"), three-letter ("Leu", exact case, so that they cannot be
 * confused with a run of one-letter codes) or '*'/"Ter"/"X" for a stop. OncoKB's own shorthand
 * is accepted where it is unambiguous: positions without residues (58_59insL), several residues
 * at one position (IK744KI, a delins), a range frameshift (S330_S352fs), "X1010_splice" and
 * "596_619splice". The output is the form OncoKB curates: L858R, E746_A750del, S56Afs*90.
 */
#include "model/model_hgvs_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct aa_name { char one; char three[4]; } aa_names[] = {
    {'A', "Ala"}, {'R', "Arg"}, {'N', "Asn"}, {'D', "Asp"}, {'C', "Cys"}, {'Q', "Gln"},
    {'E', "Glu"}, {'G', "Gly"}, {'H', "His"}, {'I', "Ile"}, {'L', "Leu"}, {'K', "Lys"},
    {'M', "Met"}, {'F', "Phe"}, {'P', "Pro"}, {'S', "Ser"}, {'T', "Thr"}, {'W', "Trp"},
    {'Y', "Tyr"}, {'V', "Val"}, {'U', "Sec"}, {'O', "Pyl"}, {'*', "Ter"}, {'X', "Xaa"},
};

/* One-letter codes accepted as written; 'X' is an unknown residue, or a stop where a single
 * new residue is expected (W24X, fsX12: the older notation GDC and others still write). */
static int is_one_letter(int ch) { return ch && strchr("ACDEFGHIKLMNPQRSTVWYUOX*", ch) != NULL; }

char onc_aa_one(const char *three, size_t len)
{
    if (!three || len != 3) return 0;
    for (size_t k = 0; k < sizeof aa_names / sizeof *aa_names; k++) {
        const char *t = aa_names[k].three;
        if ((three[0] | 0x20) == (t[0] | 0x20) && (three[1] | 0x20) == t[1] && (three[2] | 0x20) == t[2])
            return aa_names[k].one;
    }
    return 0;
}

/* Reads one residue: three-letter in HGVS case ("Leu"), one-letter upper case, or '*'.
 * Returns its one-letter code, 0 (cursor unchanged) when none is there. */
static char read_residue(hgvs_cur_t *c)
{
    const char *p = c->s + c->i;
    size_t left = c->n - c->i;
    if (left >= 3 && p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'a' && p[1] <= 'z' && p[2] >= 'a' &&
        p[2] <= 'z') {
        char one = onc_aa_one(p, 3);
        if (one) {
            c->i += 3;
            return one;
        }
    }
    if (left >= 1 && is_one_letter((unsigned char)p[0])) {
        c->i++;
        return p[0];
    }
    return 0;
}

static onc_rc read_residues(hgvs_cur_t *c, char *buf, const char *what)
{
    buf[0] = '\0';
    for (char r; (r = read_residue(c));) {
        onc_rc rc = hgvs_push(c, buf, ONC_HGVS_AA_MAX, r, what);
        if (rc) return rc;
    }
    return ONC_OK;
}

/* The inserted residues after ins/delins: residues, or a count of unknown ones (OncoKB's
 * "599delins2", HGVS "ins23"), kept as that many 'X'. */
static onc_rc read_inserted(hgvs_cur_t *c, char *buf, const char *after)
{
    if (hgvs_is_digit(hgvs_peek(c))) {
        int32_t count;
        onc_rc rc = hgvs_number(c, &count, "the number of inserted residues");
        if (rc) return rc;
        if (count > ONC_HGVS_AA_MAX)
            return hgvs_fail(c, "%d inserted residues, more than %d", count, ONC_HGVS_AA_MAX);
        memset(buf, 'X', (size_t)count);
        buf[count] = '\0';
        return ONC_OK;
    }
    onc_rc rc = read_residues(c, buf, "inserted residues");
    if (rc) return rc;
    if (!buf[0]) return hgvs_fail(c, "missing the inserted amino acids after \"%s\"", after);
    return ONC_OK;
}

/* Where the change is: [residues]position[_[residue]position]. */
typedef struct ploc {
    char ref1[ONC_HGVS_AA_MAX + 1]; /* residues before the first position (several: IK744KI) */
    char ref2;                       /* residue before the range end, 0 when not written */
    int32_t p1, p2;                  /* p2 == p1 without a range */
    int range;
} ploc_t;

/* A '_' that starts a range end (and not "_splice"). */
static int range_follows(hgvs_cur_t *c)
{
    if (hgvs_peek(c) != '_') return 0;
    size_t save = c->i++;
    read_residue(c);
    int yes = hgvs_is_digit(hgvs_peek(c));
    c->i = save;
    return yes;
}

static onc_rc read_location(hgvs_cur_t *c, ploc_t *loc)
{
    size_t from = c->i;
    onc_rc rc = read_residues(c, loc->ref1, "reference residues");
    if (rc) return rc;
    if (!hgvs_is_digit(hgvs_peek(c))) {
        if (hgvs_at_end(c)) return hgvs_fail(c, "missing the position");
        return hgvs_fail(c, "expected amino acids and a position at \"%.*s\"", (int)(c->n - from), c->s + from);
    }
    if ((rc = hgvs_number(c, &loc->p1, "position"))) return rc;
    loc->p2 = loc->p1;
    if (!range_follows(c)) {
        if (!strcmp(loc->ref1, "X")) loc->ref1[0] = '*'; /* X24W: the older stop notation */
        return ONC_OK;
    }
    c->i++;
    loc->range = 1;
    loc->ref2 = read_residue(c);
    if ((rc = hgvs_number(c, &loc->p2, "range end"))) return rc;
    if (strlen(loc->ref1) > 1)
        return hgvs_fail(c, "several residues (\"%s\") before a range start", loc->ref1);
    if (loc->p2 <= loc->p1)
        return hgvs_fail(c, "range %d_%d is not in order (the end must be after the start)",
                         loc->p1, loc->p2);
    return ONC_OK;
}

/* The length after "fs" or "ext": "*90", "Ter90", "X90", "*?" or nothing (0: unknown). */
static onc_rc read_new_stop(hgvs_cur_t *c, int32_t *len)
{
    *len = 0;
    if (!hgvs_accept(c, "*") && !hgvs_accept(c, "Ter") && !hgvs_accept(c, "X")) return ONC_OK;
    if (hgvs_accept(c, "?") || !hgvs_is_digit(hgvs_peek(c))) return ONC_OK;
    return hgvs_number(c, len, "length to the new stop");
}

static onc_rc parse_frameshift(hgvs_cur_t *c, onc_pchange_t *p)
{
    p->type = ONC_P_FRAMESHIFT;
    if (strlen(p->alt) > 1) return hgvs_fail(c, "a frameshift names one new residue, not \"%s\"", p->alt);
    if (p->alt[0] == 'X') p->alt[0] = '*';
    return read_new_stop(c, &p->fs_len);
}

static onc_rc parse_extension(hgvs_cur_t *c, const ploc_t *loc, onc_pchange_t *p)
{
    p->type = ONC_P_EXTENSION;
    if (loc->range) return hgvs_fail(c, "an extension is at one position, not a range");
    if (strlen(p->alt) > 1) return hgvs_fail(c, "an extension names one new residue, not \"%s\"", p->alt);
    if (hgvs_accept(c, "-")) { /* a new start upstream: M1ext-5 */
        if (loc->p1 != 1 || (loc->ref1[0] && strcmp(loc->ref1, "M") != 0))
            return hgvs_fail(c, "an upstream extension (ext-N) starts at M1");
        int32_t up;
        onc_rc rc = hgvs_number(c, &up, "upstream length");
        p->fs_len = -up;
        return rc;
    }
    if (loc->ref1[0] && strcmp(loc->ref1, "*") != 0 && !(loc->p1 == 1 && !strcmp(loc->ref1, "M")))
        return hgvs_fail(c, "an extension starts at the stop codon (*) or at M1, not at %s%d",
                         loc->ref1, loc->p1);
    return read_new_stop(c, &p->fs_len);
}

/* New residues at one position and nothing after them: substitution, nonsense, synonymous,
 * start loss, stop loss, or (several residues, OncoKB's IK744KI) a delins. */
static onc_rc classify_substitution(hgvs_cur_t *c, const ploc_t *loc, onc_pchange_t *p)
{
    size_t nref = strlen(loc->ref1), nalt = strlen(p->alt);
    if (loc->range)
        return hgvs_fail(c, "a range takes del, ins, dup, delins, fs or splice, not \"%s\"", p->alt);
    if (nref > 1 || nalt > 1) {
        if (nref == 0) return hgvs_fail(c, "several new residues at %d need the reference residues or delins", loc->p1);
        if ((int64_t)loc->p1 + (int64_t)nref - 1 > ONC_HGVS_POS_MAX) return hgvs_fail(c, "range end too large");
        p->type = ONC_P_DELINS;
        p->end = loc->p1 + (int32_t)nref - 1;
        p->ref[0] = loc->ref1[0];
        p->ref[1] = nref > 1 ? loc->ref1[nref - 1] : '\0';
        p->ref[2] = '\0';
        return ONC_OK;
    }
    if (p->alt[0] == 'X') p->alt[0] = '*';
    char ref = p->ref[0], alt = p->alt[0];
    if (ref == alt) p->type = ONC_P_SYNONYMOUS;
    else if (loc->p1 == 1) p->type = ONC_P_START_LOSS;
    else if (ref == '*') p->type = ONC_P_EXTENSION; /* stop lost: *757K = *757Kext*? */
    else if (alt == '*') p->type = ONC_P_NONSENSE;
    else p->type = ONC_P_MISSENSE;
    return ONC_OK;
}

/* Sets ref from the location: one residue, or first and last of a range when both are
 * written (one of the two alone is dropped: the name then carries positions only). */
static void set_ref(const ploc_t *loc, onc_pchange_t *p)
{
    p->start = loc->p1;
    p->end = loc->p2;
    memset(p->ref, 0, sizeof p->ref);
    if (!loc->range) {
        p->ref[0] = loc->ref1[0];
    } else if (loc->ref1[0] && loc->ref2) {
        p->ref[0] = loc->ref1[0];
        p->ref[1] = loc->ref2;
    }
}

/* OncoKB's IK744KI: several reference residues, then only the new ones. */
static onc_rc parse_multi_residue(hgvs_cur_t *c, const ploc_t *loc, onc_pchange_t *p)
{
    onc_rc rc = read_residues(c, p->alt, "new residues");
    if (rc) return rc;
    if (!p->alt[0] || !hgvs_at_end(c))
        return hgvs_fail(c, "several reference residues (\"%s\") are only accepted before the new ones, as in IK744KI",
                         loc->ref1);
    return classify_substitution(c, loc, p);
}

static onc_rc parse_change(hgvs_cur_t *c, const ploc_t *loc, onc_pchange_t *p)
{
    if (strlen(loc->ref1) > 1) return parse_multi_residue(c, loc, p);
    if (hgvs_accept(c, "delins")) {
        p->type = ONC_P_DELINS;
        return read_inserted(c, p->alt, "delins");
    }
    if (hgvs_accept(c, "del")) {
        p->type = ONC_P_DELETION;
        return ONC_OK;
    }
    if (hgvs_accept(c, "dup")) {
        p->type = ONC_P_DUPLICATION;
        return ONC_OK;
    }
    if (hgvs_accept(c, "ins")) {
        p->type = ONC_P_INSERTION;
        if (!loc->range || loc->p2 != loc->p1 + 1)
            return hgvs_fail(c, "an insertion lies between two adjacent positions (as 770_771ins)");
        return read_inserted(c, p->alt, "ins");
    }
    if (hgvs_accept(c, "_splice") || hgvs_accept(c, "splice")) {
        p->type = ONC_P_SPLICE;
        if (!loc->range) p->ref[0] = '\0'; /* X1010_splice: X stands for any residue */
        return ONC_OK;
    }
    onc_rc rc = read_residues(c, p->alt, "new residues");
    if (rc) return rc;
    if (hgvs_accept(c, "fs")) return parse_frameshift(c, p);
    if (hgvs_accept(c, "ext")) return parse_extension(c, loc, p);
    if (p->alt[0] || hgvs_at_end(c)) {
        if (!p->alt[0])
            return loc->range ? hgvs_fail(c, "missing the change after range %d_%d", loc->p1, loc->p2)
                              : hgvs_fail(c, "missing the new amino acid after position %d", loc->p1);
        return classify_substitution(c, loc, p);
    }
    if (loc->range) return hgvs_fail(c, "a range takes del, ins, dup, delins, fs or splice");
    if (hgvs_accept(c, "=") || hgvs_accept(c, "%3D")) { /* VEP escapes '=' in VCF INFO as %3D */
        p->type = ONC_P_SYNONYMOUS;
        memcpy(p->alt, p->ref, sizeof p->alt);
        return ONC_OK;
    }
    if (hgvs_accept(c, "?")) {
        if (loc->p1 != 1) return hgvs_fail(c, "an unknown change (?) at %d: only M1? (start loss) is accepted", loc->p1);
        p->type = ONC_P_START_LOSS;
        memcpy(p->alt, "?", 2);
        return ONC_OK;
    }
    return hgvs_fail(c, "unexpected \"%.*s\" after position %d", (int)(c->n - c->i), c->s + c->i, loc->p1);
}

/* p.?, p.=, p.0 and p.0? : no position. */
static int parse_whole_protein(hgvs_cur_t *c, onc_pchange_t *p)
{
    static const char *const forms[] = {"?", "=", "0", "0?"};
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++)
        if (c->n - c->i == strlen(forms[k]) && !memcmp(c->s + c->i, forms[k], c->n - c->i)) {
            p->type = ONC_P_UNKNOWN;
            memcpy(p->alt, forms[k], strlen(forms[k]) + 1);
            c->i = c->n;
            return 1;
        }
    return 0;
}

onc_rc onc_pchange_parse(const char *s, onc_pchange_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    out->start = out->end = ONC_INT_MISSING;
    hgvs_cur_t c;
    onc_rc rc = hgvs_cur_init(&c, s, 'p', 0, err);
    if (rc) return rc;
    if (hgvs_peek(&c) == '[' || memchr(c.s, ';', c.n))
        return hgvs_fail(&c, "several changes in one string (alleles) are not supported: give one change");
    if (hgvs_accept(&c, "(")) {
        if (c.s[c.n - 1] != ')') return hgvs_fail(&c, "unclosed parenthesis");
        c.n--;
        out->predicted = 1;
    }
    if (parse_whole_protein(&c, out)) return ONC_OK;
    ploc_t loc;
    memset(&loc, 0, sizeof loc);
    if ((rc = read_location(&c, &loc))) return rc;
    set_ref(&loc, out);
    if ((rc = parse_change(&c, &loc, out))) return rc;
    if (!hgvs_at_end(&c))
        return hgvs_fail(&c, "unexpected \"%.*s\" at the end", (int)(c.n - c.i), c.s + c.i);
    return ONC_OK;
}

/* A new start upstream (M1ext-5, OncoKB's "1ext"), rather than a read-through of the stop. */
static int is_start_extension(const onc_pchange_t *p)
{
    return p->fs_len < 0 || (p->fs_len == 0 && p->start == 1 && p->ref[0] != '*');
}

const char *onc_pchange_consequence(const onc_pchange_t *p)
{
    switch (p->type) {
    case ONC_P_MISSENSE: return "missense_variant";
    case ONC_P_SYNONYMOUS: return p->ref[0] == '*' ? "stop_retained_variant" : "synonymous_variant";
    case ONC_P_NONSENSE: return "stop_gained";
    case ONC_P_FRAMESHIFT: return "frameshift_variant";
    case ONC_P_DELETION: return "inframe_deletion";
    case ONC_P_INSERTION:
    case ONC_P_DUPLICATION: return "inframe_insertion";
    case ONC_P_DELINS: {
        int64_t removed = (int64_t)p->end - p->start + 1, added = (int64_t)strlen(p->alt);
        return added == removed ? "missense_variant" : added > removed ? "inframe_insertion"
                                                                        : "inframe_deletion";
    }
    /* An upstream start (M1ext-5) adds residues in frame: OncoKB calls it inframe_insertion. */
    case ONC_P_EXTENSION: return is_start_extension(p) ? "inframe_insertion" : "stop_lost";
    case ONC_P_START_LOSS: return "start_lost";
    case ONC_P_SPLICE: return "splice_region_variant";
    case ONC_P_UNKNOWN: return NULL;
    }
    return NULL;
}

/* A bounded writer: keeps going after an overflow so that the caller checks once. */
typedef struct pout {
    char *buf;
    size_t n, len;
    int over;
} pout_t;

static void put(pout_t *o, const char *fmt, ...) ONC_PRINTF(2, 3);
static void put(pout_t *o, const char *fmt, ...)
{
    if (o->over) return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->buf + o->len, o->n - o->len, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= o->n - o->len) o->over = 1;
    else o->len += (size_t)k;
}

/* "E746_A750" or "746_750", "L858" or "858". */
static void put_location(pout_t *o, const onc_pchange_t *p)
{
    if (p->start == p->end) {
        put(o, "%.1s%d", p->ref, p->start);
        return;
    }
    if (p->ref[0] && p->ref[1]) put(o, "%c%d_%c%d", p->ref[0], p->start, p->ref[1], p->end);
    else put(o, "%d_%d", p->start, p->end);
}

static void put_change(pout_t *o, const onc_pchange_t *p)
{
    switch (p->type) {
    case ONC_P_MISSENSE:
    case ONC_P_NONSENSE:
    case ONC_P_START_LOSS: put(o, "%s", p->alt); break;
    case ONC_P_SYNONYMOUS: put(o, "%s", p->ref[0] ? p->ref : "="); break; /* OncoKB: K24K */
    case ONC_P_DELETION: put(o, "del"); break;
    case ONC_P_INSERTION: put(o, "ins%s", p->alt); break;
    case ONC_P_DUPLICATION: put(o, "dup"); break;
    case ONC_P_DELINS: put(o, "delins%s", p->alt); break;
    case ONC_P_FRAMESHIFT:
        put(o, "%sfs", p->alt);
        if (p->fs_len > 0) put(o, "*%d", p->fs_len);
        break;
    case ONC_P_EXTENSION:
        put(o, "%sext", p->alt);
        if (p->fs_len < 0) put(o, "%d", p->fs_len);
        else if (p->fs_len > 0) put(o, "*%d", p->fs_len);
        else if (!is_start_extension(p)) put(o, "*?");
        break;
    case ONC_P_SPLICE: put(o, p->start == p->end ? "_splice" : "splice"); break;
    case ONC_P_UNKNOWN: break;
    }
}

int onc_pchange_format(const onc_pchange_t *p, char *buf, size_t n)
{
    if (!buf || n == 0) return -1;
    pout_t o = {buf, n, 0, 0};
    buf[0] = '\0';
    if (p->type == ONC_P_UNKNOWN) put(&o, "%s", p->alt);
    else if (p->type == ONC_P_SPLICE && p->start == p->end) put(&o, "X%d", p->start);
    else put_location(&o, p);
    put_change(&o, p);
    if (o.over) {
        buf[0] = '\0';
        return -1;
    }
    return (int)o.len;
}

onc_rc onc_hgvsp_normalise(const char *s, char *buf, size_t n, onc_err_t *err)
{
    onc_pchange_t p;
    onc_rc rc = onc_pchange_parse(s, &p, err);
    if (rc) return rc;
    if (onc_pchange_format(&p, buf, n) < 0)
        return onc_err_set(err, ONC_ELIMIT, "\"%.80s\": normalised form longer than %zu bytes", s, n);
    return ONC_OK;
}
