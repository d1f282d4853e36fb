/* test_annotate.c: `annotate` (annotate.h) and the reader hooks it stands on (io.h on_line,
 * continue_after_row_error). Small inputs are written here, each expected value read off the
 * input and the test knowledge base tests/data/kb/mini by hand; the cohorts under
 * ../shared/data are checked for the write-back invariants (every line kept, in order, six
 * cells added) where they are present. */
#include "check.h"
#include "oncoboard/annotate.h"
#include "oncoboard/io.h"
#include "oncoboard/kb.h"

#include <stdlib.h>
#include <unistd.h>

#define MINI_KB "tests/data/kb/mini"

static char temp_path[64];

static const char *write_temp(const char *text)
{
    snprintf(temp_path, sizeof temp_path, "/tmp/onc_annotate_XXXXXX");
    int fd = mkstemp(temp_path);
    if (fd < 0) return NULL;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? temp_path : NULL;
}

/* ---- the reader hooks ---- */

typedef struct seen {
    char lines[16][128];
    uint64_t numbers[16];
    int n;
} seen_t;

static void remember(void *ctx, const char *line, size_t len, uint64_t lineno)
{
    seen_t *s = ctx;
    if (s->n >= 16) return;
    snprintf(s->lines[s->n], sizeof s->lines[0], "%.*s", (int)len, line);
    s->numbers[s->n++] = lineno;
}

static const char *const maf_text =
    "#version 2.4\n"
    "Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\tt_depth\n"
    "EGFR\tS1\tp.L858R\t100\n"
    "TP53\tS1\tp.R273H\tabc\n"
    "\n"
    "KRAS\tS2\tp.G12C\t80\n";

static void hook_sees_every_line(void)
{
    const char *path = write_temp(maf_text);
    CHECK(path != NULL);
    seen_t s = {0};
    onc_read_opts_t o;
    onc_read_opts_init(&o);
    o.on_line = remember;
    o.on_line_ctx = &s;
    o.continue_after_row_error = 1;
    onc_err_t err = {0};
    onc_reader_t *r = onc_reader_open(path, &o, &err);
    CHECK(r != NULL);
    if (!r) {
        unlink(path);
        return;
    }
    CHECK_INT(s.n, 2); /* the comment and the header, read at open */
    CHECK_STR(s.lines[0], "#version 2.4");
    onc_alt_t a;
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.alteration, "L858R");
    CHECK_INT(s.numbers[s.n - 1], 3);
    /* line 4: t_depth "abc" is a row error; the reader goes on */
    CHECK(onc_reader_next(r, &a) < -1);
    CHECK(strstr(onc_reader_errmsg(r), ":4: field t_depth") != NULL);
    CHECK_INT(onc_reader_failed(r), 0);
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK_STR(a.alteration, "G12C");
    CHECK_INT(onc_reader_next(r, &a), -1);
    CHECK_INT(s.n, 6); /* the blank line 5 too */
    CHECK_STR(s.lines[4], "");
    CHECK_STR(s.lines[5], "KRAS\tS2\tp.G12C\t80");
    CHECK_INT(s.numbers[5], 6);
    onc_reader_close(r);
    unlink(path);
}

static void row_errors_stop_by_default(void)
{
    const char *path = write_temp(maf_text);
    CHECK(path != NULL);
    onc_err_t err = {0};
    onc_reader_t *r = onc_reader_open(path, NULL, &err);
    CHECK(r != NULL);
    onc_alt_t a;
    CHECK_INT(onc_reader_next(r, &a), 0);
    CHECK(onc_reader_next(r, &a) < -1);
    CHECK_INT(onc_reader_failed(r), 1);
    CHECK(onc_reader_next(r, &a) < -1); /* the same error again, not the KRAS row */
    onc_reader_close(r);
    unlink(path);
}

/* ---- annotating a file ---- */

/* Annotates text (a temporary file) into a string the caller frees. */
static char *annotate_text(onc_annotator_t *an, const char *text, onc_annotate_stats_t *st)
{
    const char *path = write_temp(text);
    if (!path) return NULL;
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    onc_err_t err = {0};
    onc_rc rc = out ? onc_annotate_file(an, path, out, st, &err) : ONC_EIO;
    if (out) fclose(out);
    unlink(path);
    if (rc != ONC_OK) {
        fprintf(stderr, "annotate: %s\n", err.msg);
        free(buf);
        return NULL;
    }
    return buf;
}

/* The test knowledge base (*kb, to free) and an annotator over it for tumor_type. */
static onc_annotator_t *mini_annotator(onc_kb_t **kb, const char *tumor_type)
{
    onc_err_t err = {0};
    *kb = onc_kb_load(MINI_KB, &err);
    CHECK(*kb != NULL);
    if (!*kb) return NULL;
    onc_annotate_opts_t o;
    onc_annotate_opts_init(&o);
    o.tumor_type = tumor_type;
    return onc_annotator_new(*kb, &o, &err);
}

static void maf_rows_written_back(void)
{
    onc_kb_t *kb;
    onc_annotator_t *an = mini_annotator(&kb, "LUAD");
    if (!an) return;
    onc_annotate_stats_t st;
    char *got = annotate_text(an, maf_text, &st);
    CHECK(got != NULL);
    /* By hand from tests/data/kb/mini: EGFR L858R in LUAD (under NSCLC): TEST-EGFR-COMMON
     * testinib level 1, ESCAT I-A; TEST-EGFR-MEL otherinib curated for MEL, so 3B here.
     * KRAS G12C: TEST-KRAS-G12C testinib+examplumab level 1, no ESCAT. The TP53 row does
     * not parse (t_depth "abc"): kept with empty cells. The blank line is kept. */
    const char *want =
        "#version 2.4\n"
        "#KB_VERSION=0.0.1-test (mini-test, 2026-11-28)\n"
        "Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\tt_depth\tONCOGENIC\tMUTATION_EFFECT\tESCAT\t"
        "HIGHEST_LEVEL\tTHERAPIES\tRESISTANCES\n"
        "EGFR\tS1\tp.L858R\t100\tOncogenic\tGain-of-function\tI-A\tLEVEL_1\ttestinib(1);otherinib(3B)\t\n"
        "TP53\tS1\tp.R273H\tabc\t\t\t\t\t\t\n"
        "\n"
        "KRAS\tS2\tp.G12C\t80\tOncogenic\tGain-of-function\t\tLEVEL_1\ttestinib+examplumab(1)\t\n";
    if (got) CHECK_STR(got, want);
    CHECK_INT(st.alterations, 2);
    CHECK_INT(st.annotated, 2);
    CHECK_INT(st.unannotated, 1);
    CHECK_INT(onc_annotator_n_warnings(an), 1);
    CHECK(strstr(onc_annotator_warning(an, 0), "rows the reader could not parse") != NULL);
    free(got);
    onc_annotator_free(an);
    onc_kb_free(kb);
}

/* OncoKB's HIGHEST_LEVEL puts R1 above 1; resistance listed apart. */
static void resistance_levels(void)
{
    onc_kb_t *kb;
    onc_annotator_t *an = mini_annotator(&kb, NULL);
    if (!an) return;
    onc_err_t err = {0};
    CHECK(onc_annotator_load_clinical(an, "tests/data/annotate/clinical.tsv", &err) == ONC_OK);
    onc_annotate_stats_t st;
    char *got = annotate_text(an, "Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\nEGFR\tS1\tT790M\n", &st);
    CHECK(got != NULL);
    /* S1 is LUAD in clinical.tsv; TEST-EGFR-T790M-RES: oldinib R1 in NSCLC; T790M curated
     * "Resistance" without an effect. */
    if (got) CHECK(strstr(got, "EGFR\tS1\tT790M\tResistance\tUnknown\t\tLEVEL_R1\t") != NULL);
    if (got) CHECK(strstr(got, "\toldinib(R1)\n") != NULL);
    free(got);
    onc_annotator_free(an);
    onc_kb_free(kb);
}

static void samples_table(void)
{
    onc_kb_t *kb;
    onc_annotator_t *an = mini_annotator(&kb, "NSCLC");
    if (!an) return;
    onc_annotate_stats_t st;
    char *a = annotate_text(an, maf_text, &st);
    char *b = annotate_text(an, "Tumor_Sample_Barcode\tFusion\nS2\tEML4-ALK\n", &st);
    char *c = annotate_text(an, "Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\nEGFR\tS1\tp.L858R\n", &st);
    free(a);
    free(b);
    free(c);
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    onc_err_t err = {0};
    CHECK(onc_annotator_write_samples(an, out, &err) == ONC_OK);
    fclose(out);
    /* S1: L858R (EGFR_COMMON group, level 1) twice, in two files (one driver, counted twice),
     * and the TP53 row that did not parse (no alteration); S2: G12C (KRAS_G12C) and EML4-ALK
     * (ALK_FUSION, alkinib level 1). */
    /* The classifier's group: S1 EGFR_COMMON; S2 has two drivers, neither with an ESCAT
     * tier in the mini kb, so the groups' order decides (classify.h): ALK_FUSION comes before
     * KRAS_G12C in tests/data/kb/mini/groups.yaml. No assay: the groups not found are not assessed, each "assess" once. */
    CHECK_STR(buf, "sample\ttumor_type\tmolecular_group\tprimary_driver\tnot_assessed\tdrivers\tn_alterations\t"
                   "n_annotated\tn_oncogenic\tn_actionable\n"
                   "S1\tNSCLC\tEGFR_COMMON\tEGFR L858R\tALK fusion;KRAS mutation\tEGFR L858R [EGFR_COMMON]\t2\t2\t2\t2\n"
                   "S2\tNSCLC\tALK_FUSION\tEML4-ALK Fusion\tEGFR mutation\tKRAS G12C [KRAS_G12C];EML4-ALK Fusion "
                   "[ALK_FUSION]\t2\t2\t2\t2\n");
    free(buf);
    onc_annotator_free(an);
    onc_kb_free(kb);
}

/* ---- a real cohort: the write-back invariants ---- */

/* Every input line is in the output in order; data rows are followed by exactly six cells.
 * Returns the number of data rows, or -1 with a message. */
static long check_write_back(const char *input, const char *output)
{
    FILE *in = fopen(input, "r"), *out = fopen(output, "r");
    char *l = NULL, *m = NULL;
    size_t nl = 0, nm = 0;
    long rows = -1, bad = 0;
    int header = 0;
    while (in && out && getline(&l, &nl, in) > 0) {
        l[strcspn(l, "\r\n")] = '\0';
        do {
            if (getline(&m, &nm, out) <= 0) goto end;
        } while (strncmp(m, "#KB_VERSION=", 12) == 0);
        size_t n = strlen(l);
        if (strncmp(m, l, n) != 0) bad++;
        if (l[0] == '#' || !l[0]) continue;
        int tabs = 0;
        for (const char *p = m + n; *p; p++) tabs += *p == '\t';
        if (tabs != 6 || m[n] != '\t') bad++;
        if (header) rows++;
        header = 1;
    }
    if (in && out && !bad && getline(&m, &nm, out) <= 0) rows++;
    else rows = -1;
end:
    if (in) fclose(in);
    if (out) fclose(out);
    free(l);
    free(m);
    return rows;
}

static void cohort_nsclc_pd1_msk_2018(void)
{
    const char *mut = shared_data("cohorts/nsclc_pd1_msk_2018/data_mutations.txt");
    if (!mut) SKIP("cohorts/nsclc_pd1_msk_2018 absent");
    char maf[4096];
    snprintf(maf, sizeof maf, "%s", mut);
    onc_kb_t *kb;
    onc_annotator_t *an = mini_annotator(&kb, NULL);
    if (!an) return;
    onc_err_t err = {0};
    const char *clin = shared_data("cohorts/nsclc_pd1_msk_2018/data_clinical_sample.txt");
    CHECK(clin && onc_annotator_load_clinical(an, clin, &err) == ONC_OK);
    char out_path[] = "/tmp/onc_annotate_cohort_XXXXXX";
    int fd = mkstemp(out_path);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    CHECK(out != NULL);
    if (!out) goto done;
    onc_annotate_stats_t st;
    CHECK(onc_annotate_file(an, maf, out, &st, &err) == ONC_OK);
    fclose(out);
    /* README of the folder: 2,517 mutation rows. 13 have neither HGVSp_Short nor HGVSc
     * (TERT 5'Flank x11, TERT 5'UTR x1, CRLF2 3'Flank x1, counted with awk): no alteration to
     * match, kept with empty cells. */
    long rows = check_write_back(maf, out_path);
    CHECK_INT(rows, 2517);
    CHECK_INT(st.alterations, 2517);
    CHECK_INT(st.unannotated, 13);
    CHECK_INT(st.annotated, 2504);
    unlink(out_path);
done:
    onc_annotator_free(an);
    onc_kb_free(kb);
}

int main(void)
{
    RUN(hook_sees_every_line);
    RUN(row_errors_stop_by_default);
    RUN(maf_rows_written_back);
    RUN(resistance_levels);
    RUN(samples_table);
    RUN(cohort_nsclc_pd1_msk_2018);
    CHECK_EXIT();
}
