/* test_report_view.c: the Markdown and HTML views of the tumor board report.
 *
 * Goldens: each tests/data/report_view/NAME.json is rendered and compared with
 * tests/golden/report_view/NAME.md and NAME.html (REPORT_VIEW_REDO=1 rewrites them: review the
 * diff by hand). The other tests check by construction what the goldens could hide: escaping of
 * hostile text, missing values in words, unverified tiers, EMA first, self-containment. */
#include "check.h"
#include "oncoboard/report_view.h"
#include "report/report_view_int.h"

#include <glob.h>

typedef onc_rc (*render_fn)(const json_t *, FILE *, onc_err_t *);

/* Renders report with fn into a new string (caller frees), NULL on failure. */
static char *render(render_fn fn, const json_t *report, onc_rc *rc_out)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp) return NULL;
    onc_err_t err = {0};
    onc_rc rc = fn(report, fp, &err);
    fclose(fp);
    if (rc_out) *rc_out = rc;
    if (rc != ONC_OK) fprintf(stderr, "render: %s\n", err.msg);
    return text;
}

static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    char buf[8192];
    size_t n;
    while (mem && (n = fread(buf, 1, sizeof buf, fp)) > 0) fwrite(buf, 1, n, mem);
    if (mem) fclose(mem);
    fclose(fp);
    return text;
}

/* Every line of a Markdown table has as many unescaped pipes as the table's header line: an
 * escaping mistake would add a column. Returns the number of the first bad line, 0 when fine. */
static int md_tables_are_regular(const char *md)
{
    int line = 0, want = -1;
    for (const char *p = md; *p;) {
        const char *end = strchr(p, '\n');
        if (!end) end = p + strlen(p);
        line++;
        if (*p != '|') {
            want = -1;
        } else {
            int pipes = 0;
            for (const char *q = p; q < end; q++) pipes += *q == '|' && (q == p || q[-1] != '\\');
            if (want < 0) want = pipes;
            else if (pipes != want) return line;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* Opening and closing tags of the HTML view's block elements pair up. */
static int html_tags_balance(const char *html)
{
    static const char *const tags[][2] = {{"<table", "</table>"}, {"<tr>", "</tr>"}, {"<td>", "</td>"},
                                          {"<section", "</section>"}, {"<ul", "</ul>"}, {"<dl", "</dl>"},
                                          {"<svg", "</svg>"}, {"<figure", "</figure>"}, {"<p ", "</p>"}};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        int open = 0, close = 0;
        for (const char *p = html; (p = strstr(p, tags[i][0])); p++) open++;
        for (const char *p = html; (p = strstr(p, tags[i][1])); p++) close++;
        if (open != close) {
            fprintf(stderr, "%d %s but %d %s\n", open, tags[i][0], close, tags[i][1]);
            return 0;
        }
    }
    return 1;
}

static void check_structure(const char *ext, const char *text)
{
    if (strcmp(ext, "md") == 0) CHECK_INT(md_tables_are_regular(text), 0);
    else CHECK(html_tags_balance(text));
}

static void golden_one(const char *name, const char *ext, render_fn fn)
{
    char in[512], want_path[512];
    snprintf(in, sizeof in, "tests/data/report_view/%s.json", name);
    snprintf(want_path, sizeof want_path, "tests/golden/report_view/%s.%s", name, ext);
    json_error_t jerr;
    json_t *report = json_load_file(in, 0, &jerr);
    CHECK(report != NULL);
    if (!report) { fprintf(stderr, "%s: %s\n", in, jerr.text); return; }
    onc_rc rc = ONC_EINTERNAL;
    char *got = render(fn, report, &rc);
    CHECK_INT(rc, ONC_OK);
    if (got) check_structure(ext, got);
    const char *redo = getenv("REPORT_VIEW_REDO");
    if (got && redo && *redo == '1') {
        FILE *fp = fopen(want_path, "wb");
        if (fp) { fputs(got, fp); fclose(fp); }
    }
    char *want = read_all(want_path);
    CHECK(want != NULL);
    if (got && want && strcmp(got, want) != 0) {
        fprintf(stderr, "%s differs from the rendering of %s (REPORT_VIEW_REDO=1 rewrites it)\n", want_path, in);
        check_failed = 1;
    }
    free(got);
    free(want);
    json_decref(report);
}

static void goldens(const char *name)
{
    golden_one(name, "md", onc_report_render_md);
    golden_one(name, "html", onc_report_render_html);
}

static void golden_egfr_l858r(void) { goldens("egfr_l858r"); }
static void golden_resistance_two_samples(void) { goldens("resistance_two_samples"); }
static void golden_multi_driver(void) { goldens("multi_driver"); }
static void golden_not_assessable(void) { goldens("not_assessable"); }

/* The report documents the program itself writes (the report goldens of `oncoboard report
 * --format json`) render in both views, with regular tables, paired tags and every alteration's
 * gene shown. Skipped until those goldens exist. */
static void renders_the_program_reports(void)
{
    glob_t g;
    if (glob("tests/golden/report/*.out", 0, NULL, &g) != 0) SKIP("no tests/golden/report/*.out yet");
    size_t n_reports = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        json_t *r = json_load_file(g.gl_pathv[i], 0, NULL);
        if (!json_is_object(r) || !json_object_get(r, "molecular_group")) { json_decref(r); continue; }
        n_reports++;
        onc_rc rc_md = ONC_EINTERNAL, rc_html = ONC_EINTERNAL;
        char *md = render(onc_report_render_md, r, &rc_md), *html = render(onc_report_render_html, r, &rc_html);
        CHECK_INT(rc_md, ONC_OK);
        CHECK_INT(rc_html, ONC_OK);
        if (md && html) {
            check_structure("md", md);
            check_structure("html", html);
            size_t j;
            json_t *a;
            json_array_foreach(json_object_get(r, "alterations"), j, a) {
                const char *gene = json_string_value(json_object_get(a, "gene"));
                if (gene && !strstr(md, gene)) { fprintf(stderr, "%s: %s not shown\n", g.gl_pathv[i], gene); check_failed = 1; }
            }
        }
        free(md);
        free(html);
        json_decref(r);
    }
    globfree(&g);
    if (n_reports == 0) SKIP("no report document among tests/golden/report/*.out");
}

/* A report whose every text is hostile: markup, quotes, ampersands, pipes, backticks, invalid
 * UTF-8 (a lone continuation byte, an overlong '<', a truncated sequence). */
static json_t *hostile_report(void)
{
    json_t *r = json_pack("{s:s, s:s, s:{s:s, s:s, s:[s]}, s:[s], s:[{s:s, s:s, s:s, s:[s]}]}",
                          "case_id", "<script>alert(\"x\")</script>",
                          "tumor_type", "LUAD' onload='x",
                          "molecular_group", "id", "NO_DRIVER", "label", "a & b | c `code`",
                          "evidence", "<img src=x onerror=alert(1)>",
                          "warnings", "pipe | back`tick` *bold* [link](http://x)",
                          "alterations", "gene", "EGFR", "alteration", "</td><script>", "kind", "mutation",
                          "sources", "\"quoted\" & 'single'");
    json_object_set_new(r, "tumor_type", json_string_nocheck("bad\x80utf8\xC0\xBCz\xE2\x82"));
    return r;
}

static void html_escapes_hostile_text(void)
{
    json_t *r = hostile_report();
    char *html = render(onc_report_render_html, r, NULL);
    CHECK(html != NULL);
    if (html) {
        CHECK(strstr(html, "<script") == NULL);
        CHECK(strstr(html, "<img") == NULL);
        CHECK(strstr(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") != NULL);
        CHECK(strstr(html, "a &amp; b | c `code`") != NULL);
        CHECK(strstr(html, "&lt;/td&gt;&lt;script&gt;") != NULL);
        CHECK(strstr(html, "&quot;quoted&quot; &amp; &#39;single&#39;") != NULL);
        /* each invalid byte is one U+FFFD; nothing invalid reaches the output */
        CHECK(strstr(html, "bad\xEF\xBF\xBDutf8\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD") != NULL);
        check_structure("html", html);
        for (const unsigned char *p = (const unsigned char *)html; *p;) {
            size_t n = rv_utf8_len(p);
            CHECK(n > 0);
            p += n ? n : 1;
        }
    }
    free(html);
    json_decref(r);
}

static void markdown_escapes_hostile_text(void)
{
    json_t *r = hostile_report();
    char *md = render(onc_report_render_md, r, NULL);
    CHECK(md != NULL);
    if (md) {
        CHECK(strstr(md, "<script") == NULL);
        CHECK(strstr(md, "&lt;script>alert(\"x\")&lt;/script>") != NULL);
        CHECK(strstr(md, "a &amp; b \\| c \\`code\\`") != NULL);
        CHECK(strstr(md, "pipe \\| back\\`tick\\` \\*bold\\* \\[link\\](http://x)") != NULL);
        CHECK(strstr(md, "bad\xEF\xBF\xBDutf8") != NULL);
        CHECK(strstr(md, "| **Patient** | &lt;script>") != NULL);
        check_structure("md", md); /* the pipes in the text did not add columns */
    }
    free(md);
    json_decref(r);
}

/* null values are "unknown"/"not tested", never "no" or 0; a real 0 stays 0. */
static void missing_values_in_words(void)
{
    json_t *r = json_pack("{s:s, s:{s:n, s:n, s:n, s:n, s:n, s:n}, s:[{s:s, s:s, s:n, s:n, s:n}]}",
                          "case_id", "P9", "immunotherapy", "pdl1_tps", "tmb", "tmb_high", "msi_high",
                          "pdl1_category", "negative_predictors",
                          "alterations", "gene", "KRAS", "alteration", "G12C", "oncogenicity", "vaf", "escat");
    char *md = render(onc_report_render_md, r, NULL);
    CHECK(md != NULL);
    if (md) {
        CHECK(strstr(md, "| **PD\\-L1 TPS** | not tested |") == NULL); /* '-' is not escaped */
        CHECK(strstr(md, "| **PD-L1 TPS** | not tested |") != NULL);
        CHECK(strstr(md, "| **TMB** | not tested |") != NULL);
        CHECK(strstr(md, "| **TMB-high (>= 10 mut/Mb)** | unknown |") != NULL);
        CHECK(strstr(md, "| **MSI-high** | unknown |") != NULL);
        CHECK(strstr(md, "| **Associated with poorer outcome** | unknown |") != NULL);
        CHECK(strstr(md, "| KRAS | G12C | unknown | unknown | unknown | unknown | not assigned | none cited |") != NULL);
        CHECK(strstr(md, "No trial matching yet.") != NULL);
        CHECK(strstr(md, "One sample: nothing to compare.") != NULL);
        CHECK(strstr(md, "| **Report date** | unknown |") != NULL);
    }
    free(md);
    json_object_set_new(json_object_get(r, "immunotherapy"), "pdl1_tps", json_integer(0));
    json_object_set_new(json_object_get(r, "immunotherapy"), "msi_high", json_false());
    md = render(onc_report_render_md, r, NULL);
    if (md) {
        CHECK(strstr(md, "| **PD-L1 TPS** | 0% |") != NULL);
        CHECK(strstr(md, "| **MSI-high** | no |") != NULL);
    }
    free(md);
    json_decref(r);
}

/* A patient field the views do not know is still shown, objects by their members. */
static void unknown_patient_fields_are_shown(void)
{
    json_t *r = json_pack("{s:s, s:{s:{s:s}, s:[{s:s, s:s, s:n}]}}", "case_id", "P3", "patient", "diagnosis",
                          "stage", "IVA", "ihc", "marker", "ALK", "result", "positive", "clone");
    char *md = render(onc_report_render_md, r, NULL);
    CHECK(md != NULL);
    if (md) {
        CHECK(strstr(md, "| **Diagnosis: Stage** | IVA |") != NULL);
        CHECK(strstr(md, "| **IHC** | marker ALK, result positive, clone unknown |") != NULL);
    }
    free(md);
    json_decref(r);
}

static void not_assessed_in_plain_words(void)
{
    json_t *r = json_pack("{s:s, s:[s, {s:s, s:s}]}", "case_id", "P1", "not_assessed", "ALK fusion",
                          "label", "NRG1 fusion", "reason", "not covered by the panel");
    char *md = render(onc_report_render_md, r, NULL);
    CHECK(md != NULL);
    if (md) {
        CHECK(strstr(md, "- ALK fusion could not be excluded: not tested\n") != NULL);
        CHECK(strstr(md, "- NRG1 fusion could not be excluded: not covered by the panel\n") != NULL);
    }
    free(md);
    json_decref(r);
}

/* ESCAT "unverified" and approvals with the EMA's first, whatever their order in the report. */
static void escat_unverified_and_ema_first(void)
{
    json_t *r = json_pack(
        "{s:s, s:[{s:s, s:s, s:s, s:b, s:[{s:[s], s:s, s:s, s:b, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}]}]}]}",
        "case_id", "P2", "alterations", "gene", "MET", "alteration", "Amplification", "escat", "II-B",
        "escat_verified", 0, "therapies", "agents", "capmatinib", "effect", "sensitive", "escat", "II-B",
        "escat_verified", 0, "approvals", "agency", "FDA", "indication", "fda text", "date", "2020-05-06",
        "agency", "EMA", "indication", "ema text", "date", "2022-06");
    char *md = render(onc_report_render_md, r, NULL);
    CHECK(md != NULL);
    if (md) {
        CHECK(strstr(md, "| MET | Amplification | unknown | unknown | unknown | unknown | II-B (unverified) |") != NULL);
        CHECK(strstr(md, "| MET Amplification | capmatinib | sensitive | II-B (unverified) | "
                         "EMA: ema text (2022-06)<br>FDA: fda text (2020-05-06) |") != NULL);
    }
    free(md);
    json_decref(r);
}

/* Long identifiers may wrap after an underscore in HTML; short alteration names stay whole. */
static void html_wraps_long_identifiers_only(void)
{
    json_t *r = json_pack("{s:s, s:[{s:s, s:s, s:[s]}]}", "case_id", "P4", "alterations", "gene", "EGFR",
                          "alteration", "E746_A750del", "sources", "LCA_TAGRISSO_FDA_1L_2018");
    char *html = render(onc_report_render_html, r, NULL);
    CHECK(html != NULL);
    if (html) {
        CHECK(strstr(html, "<td>E746_A750del</td>") != NULL);
        CHECK(strstr(html, "<td>LCA_<wbr>TAGRISSO_<wbr>FDA_<wbr>1L_<wbr>2018</td>") != NULL);
    }
    free(html);
    json_decref(r);
}

/* Nothing in the HTML refers outside the file: no script, link, import, remote url or font. */
static void html_is_self_contained(void)
{
    json_t *r = json_load_file("tests/data/report_view/multi_driver.json", 0, NULL);
    CHECK(r != NULL);
    char *html = r ? render(onc_report_render_html, r, NULL) : NULL;
    CHECK(html != NULL);
    if (html) {
        static const char *const banned[] = {"<script", "<link", "@import", "url(", "http://", "https://",
                                             "src=", "@font-face"};
        for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++) {
            if (strstr(html, banned[i])) { fprintf(stderr, "found %s\n", banned[i]); check_failed = 1; }
        }
        CHECK(strstr(html, "@page { size: A4;") != NULL);
        CHECK(strstr(html, "<title>allele fraction 27%</title>") != NULL);
        CHECK(strstr(html, "aria-label=\"TMB: 12.5 mut/Mb (threshold 10 mut/Mb)\"") != NULL);
        CHECK(strstr(html, "the molecular tumor board and does not replace its judgement") != NULL);
    }
    free(html);
    json_decref(r);
}

static void rejects_what_is_not_a_report(void)
{
    json_t *a = json_array();
    onc_err_t err = {0};
    CHECK_INT(onc_report_render_html(a, stdout, &err), ONC_EINVAL);
    CHECK_INT(onc_report_render_md(NULL, stdout, &err), ONC_EINVAL);
    CHECK(strstr(err.msg, "not a JSON object") != NULL);
    json_decref(a);
}

static void utf8_lengths(void)
{
    CHECK_INT(rv_utf8_len((const unsigned char *)"a"), 1);
    CHECK_INT(rv_utf8_len((const unsigned char *)"\xC3\xA9"), 2);                 /* é */
    CHECK_INT(rv_utf8_len((const unsigned char *)"\xE2\x89\xA5"), 3);             /* ≥ */
    CHECK_INT(rv_utf8_len((const unsigned char *)"\xF0\x9F\x98\x80"), 4);         /* U+1F600 */
    CHECK_INT(rv_utf8_len((const unsigned char *)"\x80"), 0);                     /* continuation */
    CHECK_INT(rv_utf8_len((const unsigned char *)"\xC0\xBC"), 0);                 /* overlong '<' */
    CHECK_INT(rv_utf8_len((const unsigned char *)"\xE0\x80\xBC"), 0);             /* overlong */
    CHECK_INT(rv_utf8_len((const unsigned char *)"\xED\xA0\x80"), 0);             /* surrogate */
    CHECK_INT(rv_utf8_len((const unsigned char *)"\xF4\x90\x80\x80"), 0);         /* > U+10FFFF */
    CHECK_INT(rv_utf8_len((const unsigned char *)"\xE2\x82"), 0);                 /* truncated */
}

int main(void)
{
    RUN(golden_egfr_l858r);
    RUN(golden_resistance_two_samples);
    RUN(golden_multi_driver);
    RUN(golden_not_assessable);
    RUN(renders_the_program_reports);
    RUN(html_escapes_hostile_text);
    RUN(markdown_escapes_hostile_text);
    RUN(missing_values_in_words);
    RUN(not_assessed_in_plain_words);
    RUN(unknown_patient_fields_are_shown);
    RUN(escat_unverified_and_ema_first);
    RUN(html_wraps_long_identifiers_only);
    RUN(html_is_self_contained);
    RUN(rejects_what_is_not_a_report);
    RUN(utf8_lengths);
    CHECK_EXIT();
}
