/* test_hgvs.c: protein and coding HGVS parsing and normalisation (model_hgvs_*.c).
 *
 * Expected canonical names are OncoKB's (the examples in hgvs.h and CLINICAL.md); the HGVS
 * input forms are those of the HGVS nomenclature (varnomen.hgvs.org) and of VEP/GDC outputs.
 * The last test runs OncoKB's own parser specification (test_annotate_alterations.tsv in the
 * shared data) row by row. */
#include "check.h"
#include "tsv_rows.h"
#include "oncoboard/hgvs.h"

#include <stdint.h>

/* Normalises s and compares with want ("ERR" when a parse error is expected). */
static int norm_is(const char *s, const char *want)
{
    char buf[256];
    onc_err_t e = {0};
    onc_rc rc = onc_hgvsp_normalise(s, buf, sizeof buf, &e);
    const char *got = rc ? "ERR" : buf;
    if (strcmp(got, want)) {
        fprintf(stderr, "  %s -> %s (%s), expected %s\n", s, got, e.msg, want);
        return 0;
    }
    return 1;
}

static void protein_forms_normalise_to_oncokb_names(void)
{
    static const char *const cases[][2] = {
        {"p.L858R", "L858R"}, {"L858R", "L858R"}, {"p.Leu858Arg", "L858R"},
        {"p.(Leu858Arg)", "L858R"}, {"p.(L858R)", "L858R"},
        {"ENSP00000275493.2:p.Leu858Arg", "L858R"}, {" p.L858R\t", "L858R"},
        {"p.Leu858=", "L858L"}, {"L858L", "L858L"}, {"p.Gly12Cys", "G12C"},
        {"p.W24*", "W24*"}, {"p.Trp24Ter", "W24*"}, {"W24X", "W24*"},
        {"p.Ser56AlafsTer90", "S56Afs*90"}, {"p.S56Afs*90", "S56Afs*90"}, {"S56AfsX90", "S56Afs*90"},
        {"S56fs", "S56fs"}, {"p.S56fs*?", "S56fs"},
        {"p.E746_A750del", "E746_A750del"}, {"p.Glu746_Ala750del", "E746_A750del"}, {"p.K546del", "K546del"},
        {"p.D770_N771insSVD", "D770_N771insSVD"}, {"p.Asp770_Asn771insSerValAsp", "D770_N771insSVD"},
        {"p.S768_D770dup", "S768_D770dup"}, {"p.A767dup", "A767dup"},
        {"p.T599delinsIP", "T599delinsIP"}, {"p.Leu747_Pro753delinsSer", "L747_P753delinsS"},
        {"p.M1ext-1", "M1ext-1"}, {"p.Met1ext-5", "M1ext-5"}, {"*1211Lext*?", "*1211Lext*?"},
        {"p.*1211Leuext*36", "*1211Lext*36"}, {"p.Ter1211LeuextTer36", "*1211Lext*36"},
        {"M1I", "M1I"}, {"p.Met1?", "M1?"}, {"p.M1?", "M1?"},
        {"X1010_splice", "X1010_splice"}, {"p.X1010_splice", "X1010_splice"}, {"X331_splice", "X331_splice"},
        {"p.?", "?"}, {"p.(=)", "="}, {"p.0", "0"}, {"p.0?", "0?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) CHECK(norm_is(cases[i][0], cases[i][1]));
}

static void protein_fields_give_type_positions_and_residues(void)
{
    onc_pchange_t p;
    onc_err_t e = {0};
    CHECK_INT(onc_pchange_parse("p.(Glu746_Ala750del)", &p, &e), ONC_OK);
    CHECK_INT(p.type, ONC_P_DELETION);
    CHECK_INT(p.start, 746);
    CHECK_INT(p.end, 750);
    CHECK_STR(p.ref, "EA");
    CHECK_STR(p.alt, "");
    CHECK_INT(p.predicted, 1);
    CHECK_INT(onc_pchange_parse("p.Ser56AlafsTer90", &p, &e), ONC_OK);
    CHECK_INT(p.type, ONC_P_FRAMESHIFT);
    CHECK_STR(p.alt, "A");
    CHECK_INT(p.fs_len, 90);
    CHECK_INT(p.predicted, 0);
    CHECK_INT(onc_pchange_parse("p.D770_N771insSVD", &p, &e), ONC_OK);
    CHECK_INT(p.type, ONC_P_INSERTION);
    CHECK_INT(p.start, 770);
    CHECK_INT(p.end, 771);
    CHECK_STR(p.alt, "SVD");
    CHECK_INT(onc_pchange_parse("p.M1ext-5", &p, &e), ONC_OK);
    CHECK_INT(p.type, ONC_P_EXTENSION);
    CHECK_INT(p.fs_len, -5);
    CHECK_INT(onc_pchange_parse("p.?", &p, &e), ONC_OK);
    CHECK_INT(p.type, ONC_P_UNKNOWN);
    CHECK_INT(p.start, ONC_INT_MISSING);
    CHECK(onc_pchange_consequence(&p) == NULL);
    CHECK_INT(onc_pchange_parse("*149*", &p, &e), ONC_OK); /* stop codon kept */
    CHECK_INT(p.type, ONC_P_SYNONYMOUS);
    CHECK_STR(onc_pchange_consequence(&p), "stop_retained_variant");
    CHECK_INT(onc_pchange_parse("p.*757Lys", &p, &e), ONC_OK); /* stop lost, no new stop given */
    CHECK_INT(p.type, ONC_P_EXTENSION);
    CHECK_STR(onc_pchange_consequence(&p), "stop_lost");
}

static void protein_errors_say_what_is_wrong(void)
{
    static const char *const cases[][2] = {
        {"p.L858", "\"p.L858\": missing the new amino acid after position 858"},
        {"p.L0R", "position must be positive"},
        {"p.A750_E746del", "not in order"},
        {"p.E746_E746del", "not in order"},
        {"p.D770_V774insSVD", "adjacent"},
        {"p.(L858R", "unclosed parenthesis"},
        {"p.L858R;T790M", "several changes"},
        {"c.2573T>G", "a c. change where a p. change was expected"},
        {"", "empty"},
        {"p.", "nothing after"},
        {"p.L858Rfoo", "unexpected \"foo\""},
        {"p.E746_A750", "missing the change after range 746_750"},
        {"p.E746_A750ELREA", "a range takes"},
        {"p.T599delins", "missing the inserted amino acids"},
        {"p.L858?", "only M1?"},
        {"p.V600ext*5", "an extension starts at the stop codon"},
        {"p.leu858arg", "expected amino acids and a position"},
        {"p.L99999999999R", "position larger than"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        onc_pchange_t p;
        onc_err_t e = {0};
        CHECK_INT(onc_pchange_parse(cases[i][0], &p, &e), ONC_EPARSE);
        if (!strstr(e.msg, cases[i][1])) {
            fprintf(stderr, "  %s: message \"%s\" lacks \"%s\"\n", cases[i][0], e.msg, cases[i][1]);
            check_failed = 1;
        }
    }
}

static void amino_acid_strings_are_capped_not_truncated(void)
{
    char s[256], ins[ONC_HGVS_AA_MAX + 2];
    memset(ins, 'A', sizeof ins - 1);
    ins[ONC_HGVS_AA_MAX] = '\0'; /* exactly the maximum: accepted */
    snprintf(s, sizeof s, "p.D770_N771ins%s", ins);
    onc_pchange_t p;
    onc_err_t e = {0};
    CHECK_INT(onc_pchange_parse(s, &p, &e), ONC_OK);
    CHECK_INT(strlen(p.alt), ONC_HGVS_AA_MAX);
    ins[ONC_HGVS_AA_MAX] = 'A';
    ins[ONC_HGVS_AA_MAX + 1] = '\0'; /* one more: refused */
    snprintf(s, sizeof s, "p.D770_N771ins%s", ins);
    CHECK_INT(onc_pchange_parse(s, &p, &e), ONC_EPARSE);
    CHECK(strstr(e.msg, "longer than 64") != NULL);
    char small[5];
    CHECK_INT(onc_hgvsp_normalise("p.L858R", small, sizeof small, &e), ONC_ELIMIT);
    CHECK_INT(onc_pchange_format(&p, small, 0), -1);
}

static void three_letter_codes(void)
{
    CHECK_INT(onc_aa_one("Leu", 3), 'L');
    CHECK_INT(onc_aa_one("TER", 3), '*');
    CHECK_INT(onc_aa_one("trp", 3), 'W');
    CHECK_INT(onc_aa_one("Xyz", 3), 0);
    CHECK_INT(onc_aa_one("Le", 2), 0);
}

static int cnorm_is(const char *s, const char *want)
{
    onc_cchange_t c;
    onc_err_t e = {0};
    char buf[128];
    const char *got = onc_cchange_parse(s, &c, &e) ? "ERR" : onc_cchange_format(&c, buf, sizeof buf) < 0 ? "FMT" : buf;
    if (strcmp(got, want)) {
        fprintf(stderr, "  %s -> %s (%s), expected %s\n", s, got, e.msg, want);
        return 0;
    }
    return 1;
}

static void coding_forms_normalise(void)
{
    static const char *const cases[][2] = {
        {"c.3028+1G>A", "c.3028+1G>A"}, {"c.2235_2249del", "c.2235_2249del"},
        {"c.2235_2249delGGAATTAAGAGAAGC", "c.2235_2249del"}, {"c.2573T>G", "c.2573T>G"},
        {"NM_005228.5:c.2573T>G", "c.2573T>G"}, {"c.2300_2308dup", "c.2300_2308dup"},
        {"c.2310_2311insGGT", "c.2310_2311insGGT"}, {"c.-14C>T", "c.-14C>T"}, {"c.*45A>G", "c.*45A>G"},
        {"c.2235_2249delinsAAT", "c.2235_2249delinsAAT"}, {"c.2235_2236delGGinsT", "c.2235_2236delinsT"},
        {"c.2888-2A>G", "c.2888-2A>G"}, {"c.-1_1insA", "c.-1_1insA"}, {"c.100_200inv", "c.100_200inv"},
        {"c.3026_3028+3del", "c.3026_3028+3del"}, {"c.2573t>g", "c.2573T>G"},
        /* errors */
        {"2573T>G", "ERR"}, {"c.2573T>T", "ERR"}, {"c.2573_2574T>G", "ERR"}, {"c.200_100del", "ERR"},
        {"c.2235_2249delGG", "ERR"}, {"c.100_102insA", "ERR"}, {"c.0A>G", "ERR"}, {"c.2573T", "ERR"},
        {"c.(100_200)del", "ERR"}, {"g.55191822T>G", "ERR"}, {"c.2573T>Gx", "ERR"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) CHECK(cnorm_is(cases[i][0], cases[i][1]));
}

static int splice_of(const char *s)
{
    onc_cchange_t c;
    onc_err_t e = {0};
    if (onc_cchange_parse(s, &c, &e)) return -1;
    return onc_cchange_is_splice_site(&c);
}

static void splice_sites_and_codons(void)
{
    CHECK_INT(splice_of("c.3028+1G>A"), 1);
    CHECK_INT(splice_of("c.3028+2T>C"), 1);
    CHECK_INT(splice_of("c.2888-1G>A"), 1);
    CHECK_INT(splice_of("c.2888-2A>G"), 1);
    CHECK_INT(splice_of("c.3028+3A>G"), 0);
    CHECK_INT(splice_of("c.2888-3C>T"), 0);
    CHECK_INT(splice_of("c.2573T>G"), 0);
    CHECK_INT(splice_of("c.3020_3028+10del"), 1);   /* spans the donor */
    CHECK_INT(splice_of("c.2888-20_2900del"), 1);   /* spans the acceptor */
    CHECK_INT(splice_of("c.3028+5_3028+30del"), 0); /* deep in the intron */
    CHECK_INT(splice_of("c.3028+5_3029-5del"), 0);  /* inside one intron */
    CHECK_INT(splice_of("c.3028+5_3029-2del"), 1);
    onc_cchange_t c;
    onc_err_t e = {0};
    CHECK_INT(onc_cchange_parse("c.3028+1G>A", &c, &e), ONC_OK);
    CHECK_INT(onc_cpos_codon(&c.start), 1010); /* (3028+2)/3: OncoKB's MET X1010_splice */
    onc_pchange_t p;
    CHECK_INT(onc_cchange_splice_pchange(&c, &p), 1);
    char buf[32];
    onc_pchange_format(&p, buf, sizeof buf);
    CHECK_STR(buf, "X1010_splice");
    CHECK_INT(onc_cchange_parse("c.2573T>G", &c, &e), ONC_OK);
    CHECK_INT(onc_cpos_codon(&c.start), 858); /* EGFR L858R is c.2573T>G */
    CHECK_INT(onc_cchange_splice_pchange(&c, &p), 0);
    CHECK_INT(onc_cchange_parse("c.34G>T", &c, &e), ONC_OK);
    CHECK_INT(onc_cpos_codon(&c.start), 12); /* KRAS G12C is c.34G>T */
    CHECK_INT(onc_cchange_parse("c.-14C>T", &c, &e), ONC_OK);
    CHECK_INT(onc_cpos_codon(&c.start), ONC_INT_MISSING);
    CHECK_INT(onc_cchange_parse("c.*45A>G", &c, &e), ONC_OK);
    CHECK_INT(onc_cpos_codon(&c.start), ONC_INT_MISSING);
}

/* --- OncoKB's parser specification ------------------------------------------------------- */

/* Rows that are OncoKB alteration-class names, not HGVS protein changes: ranges of any
 * missense change ("814_852mis"), truncations in a range or anywhere ("W143_A314trunc",
 * "Truncating Mutations": consequence feature_truncation) and any change in a range
 * ("449_514mut": consequence any). Labs do not write them; the knowledge-base engine matches
 * them. Out of scope for this parser, which must reject them. */
static int is_class_name(const char *alt, const char *consequence)
{
    size_t n = strlen(alt);
    return !strcmp(consequence, "feature_truncation") || !strcmp(consequence, "any") ||
           (n > 3 && !strcmp(alt + n - 3, "mis"));
}

/* One row: alteration, consequence, ref, var, start, end. Returns 1 when it agrees. */
static int oncokb_row_agrees(char **f, int line)
{
    onc_pchange_t p;
    onc_err_t e = {0};
    onc_rc rc = onc_pchange_parse(f[0], &p, &e);
    const char *want = f[1];
    if (!strcmp(want, "NA") || is_class_name(f[0], want)) {
        /* NA: not a single change (positions only, "599delins", fusions, categories);
         * classes (mis/trunc/mut ranges): out of scope for an HGVS parser, see above. */
        if (rc == ONC_EPARSE) return 1;
        fprintf(stderr, "  line %d: %s parsed, OncoKB says %s\n", line, f[0], want);
        return 0;
    }
    if (rc) {
        fprintf(stderr, "  line %d: %s: %s\n", line, f[0], e.msg);
        return 0;
    }
    const char *got = onc_pchange_consequence(&p);
    /* Deliberate difference: *149* keeps the stop codon (SO stop_retained_variant); OncoKB's
     * parser calls any change at a stop codon stop_lost. */
    if (!strcmp(f[0], "*149*") && !strcmp(got, "stop_retained_variant")) got = "stop_lost";
    int ok = got && !strcmp(got, want) && p.start == strtol(f[4], NULL, 10) && p.end == strtol(f[5], NULL, 10);
    /* OncoKB keeps the reference residue of one position and the residues written together
     * (IK744KI); for ranges it keeps none, where we keep the first and last when written,
     * and for M1ext-1 none, where we keep the M. */
    if (f[2][0]) ok = ok && !strcmp(p.ref, f[2]);
    else ok = ok && (!p.ref[0] || p.start != p.end || p.type == ONC_P_EXTENSION);
    /* OncoKB keeps the new residues only for substitution-like names (N505I, M1?, IK744KI);
     * we also keep inserted residues and the first residue of a frameshift or extension. */
    if (f[3][0]) ok = ok && !strcmp(p.alt, f[3]);
    else ok = ok && (!p.alt[0] || p.type == ONC_P_DELINS || p.type == ONC_P_INSERTION ||
                     p.type == ONC_P_FRAMESHIFT || p.type == ONC_P_EXTENSION);
    if (!ok)
        fprintf(stderr, "  line %d: %s -> %s ref=%s alt=%s %d-%d; OncoKB: %s ref=%s var=%s %s-%s\n", line, f[0],
                got ? got : "(none)", p.ref, p.alt, p.start, p.end, want, f[2], f[3], f[4], f[5]);
    return ok;
}

static void oncokb_parser_specification(void)
{
    const char *path = shared_data("oncokb/oncokb-core-tests/test_annotate_alterations.tsv");
    if (!path) SKIP("shared data oncokb/oncokb-core-tests/test_annotate_alterations.tsv absent");
    FILE *fp = fopen(path, "r");
    CHECK(fp != NULL);
    if (!fp) return;
    char line[512];
    int lineno = 0, rows = 0, agreed = 0;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        char *f[6] = {0};
        int n = 0;
        for (char *c = line; n < 6; n++) {
            f[n] = c;
            c = strchr(c, '\t');
            if (!c) {
                n++;
                break;
            }
            *c++ = '\0';
        }
        CHECK_INT(n, 6);
        if (n != 6) continue;
        rows++;
        agreed += oncokb_row_agrees(f, lineno);
    }
    fclose(fp);
    CHECK_INT(rows, 68); /* every data row of the file at OncoKB commit 5279175 was read */
    CHECK_INT(agreed, rows);
}


/* --- Every protein and coding change in the shared lab files ------------------------------- */

typedef struct maf_tally {
    int rows, short_ok, long_ok, agree, synonymous_no_position, other_isoform, c_ok, c_noncoding,
        splice_agree;
} maf_tally_t;

/* One row: HGVSp_Short and HGVSp must parse and agree; HGVSc must parse (or be an n. change of
 * a non-coding transcript); a splice name must be the one the c. change gives. */
static void maf_row(const tsv_rows_t *t, maf_tally_t *n)
{
    const char *sh = tsv_cell(t, "HGVSp_Short"), *lo = tsv_cell(t, "HGVSp"), *hc = tsv_cell(t, "HGVSc");
    char a[128] = "", b[128] = "";
    onc_err_t e = {0};
    n->rows++;
    if (sh && sh[0] && (onc_hgvsp_normalise(sh, a, sizeof a, &e) == ONC_OK ? ++n->short_ok : 0) == 0)
        fprintf(stderr, "  HGVSp_Short %s\n", e.msg), check_failed = 1;
    if (lo && lo[0] && (onc_hgvsp_normalise(lo, b, sizeof b, &e) == ONC_OK ? ++n->long_ok : 0) == 0)
        fprintf(stderr, "  HGVSp %s\n", e.msg), check_failed = 1;
    if (a[0] && b[0]) {
        if (!strcmp(a, b)) n->agree++;
        else if (!strcmp(b, "=")) n->synonymous_no_position++; /* VEP's HGVSp "p.=" */
        else if (!strcmp(sh, "p.Q212K") && !strcmp(lo, "Gln121Lys")) n->other_isoform++;
        else fprintf(stderr, "  %s -> %s but %s -> %s\n", sh, a, lo, b), check_failed = 1;
    }
    onc_cchange_t c;
    if (!hc || !hc[0]) return;
    if (onc_cchange_parse(hc, &c, &e) != ONC_OK) {
        if (strstr(e.msg, "a n. change")) n->c_noncoding++;
        else fprintf(stderr, "  HGVSc %s\n", e.msg), check_failed = 1;
        return;
    }
    n->c_ok++;
    onc_pchange_t p;
    char name[64];
    if (a[0] && strstr(a, "_splice") && onc_cchange_splice_pchange(&c, &p) && onc_pchange_format(&p, name, sizeof name) > 0) {
        if (!strcmp(name, a)) n->splice_agree++;
        else fprintf(stderr, "  %s gives %s, the file says %s\n", hc, name, a), check_failed = 1;
    }
}

static void shared_lab_files_parse_and_agree(void)
{
    static const char *const files[] = {
        "cohorts/nsclc_mskcc_2015/data_mutations.txt", "cohorts/nsclc_pd1_msk_2018/data_mutations.txt",
        "test-inputs/musicatk/public_TCGA.LUSC.maf", "test-inputs/vcf2maf/test_b38_output.maf",
        "test-inputs/vcf2maf/test_output.vep_isoforms.maf", "oncokb/example_maf.txt",
        "test-inputs/civicannotator/example_alt.tsv", "test-inputs/civicannotator/example_maf_egfr.tsv",
    };
    maf_tally_t n = {0};
    int found = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const char *path = shared_data(files[i]);
        tsv_rows_t t;
        if (!path || tsv_open(&t, path)) continue;
        found++;
        while (tsv_next_row(&t)) maf_row(&t, &n);
    }
    if (!found) SKIP("shared lab files absent");
    fprintf(stderr, "  rows %d: HGVSp_Short %d, HGVSp %d parsed, %d agree, %d p.= , %d other isoform; "
                    "HGVSc %d parsed, %d n.; %d splice names agree\n", n.rows, n.short_ok, n.long_ok, n.agree,
            n.synonymous_no_position, n.other_isoform, n.c_ok, n.c_noncoding, n.splice_agree);
    CHECK(n.short_ok > 7000); /* the files hold ~7,300 protein changes */
    CHECK(n.splice_agree > 200);
}

int main(void)
{
    RUN(protein_forms_normalise_to_oncokb_names);
    RUN(protein_fields_give_type_positions_and_residues);
    RUN(protein_errors_say_what_is_wrong);
    RUN(amino_acid_strings_are_capped_not_truncated);
    RUN(three_letter_codes);
    RUN(coding_forms_normalise);
    RUN(splice_sites_and_codons);
    RUN(oncokb_parser_specification);
    RUN(shared_lab_files_parse_and_agree);
    CHECK_EXIT();
}
