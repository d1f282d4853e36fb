/* test_report_digest.c: report digests (report_digest.h): what they keep of a report, that they
 * are canonical, and the explanation of each kind of change.
 *
 * The digest of SYN-EGFR-01 is checked against the example case and kb/evidence/EGFR.yaml read
 * by hand: EGFR L858R (group EGFR_COMMON, the primary driver), T790M (resistance: the patient
 * received erlotinib in line 1) and TP53 R273H; L858R's seven sensitive items, all tier I-A with
 * escat_verified false in the kb. The comparisons use small digests written here, one change at
 * a time, with the sentence each must give.
 */
#include "check.h"

#include "oncoboard/case.h"
#include "oncoboard/classify.h"
#include "oncoboard/kb.h"
#include "oncoboard/report.h"
#include "oncoboard/report_digest.h"

#include <jansson.h>

static onc_kb_t *kb;

/* The report document of a case file (no version, no date). */
static json_t *report_of(const char *path, const json_t *trials)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    onc_classification_t *cl = NULL;
    json_t *doc = NULL;
    onc_classify_opts_t co;
    onc_classify_opts_init(&co);
    co.today = (onc_date_t){2026, 11, 29};
    onc_report_opts_t ro;
    onc_report_opts_init(&ro);
    ro.no_version = 1;
    ro.trials = trials;
    if (onc_case_load(path, NULL, &c, &err) == ONC_OK && onc_classify(c, kb, &co, &cl, &err) == ONC_OK)
        doc = onc_report_build(c, kb, cl, &ro, &err);
    if (!doc) fprintf(stderr, "%s: %s\n", path, err.msg);
    onc_classification_free(cl);
    onc_case_free(c);
    return doc;
}

/* The alteration of digest d with gene and alteration, or NULL. */
static const json_t *alt_of(const json_t *d, const char *gene, const char *alteration)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(d, "alterations"), i, a) {
        if (strcmp(json_string_value(json_object_get(a, "gene")), gene) == 0 &&
            strcmp(json_string_value(json_object_get(a, "alteration")), alteration) == 0)
            return a;
    }
    return NULL;
}

static const json_t *therapy_of(const json_t *alt, const char *agents, const char *effect)
{
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(alt, "therapies"), i, t) {
        if (strcmp(json_string_value(json_object_get(t, "agents")), agents) == 0 &&
            strcmp(json_string_value(json_object_get(t, "effect")), effect) == 0)
            return t;
    }
    return NULL;
}

static const char *str(const json_t *o, const char *key) { return json_string_value(json_object_get(o, key)); }

static void test_digest_of_a_report(void)
{
    json_t *doc = report_of("examples/cases/SYN-EGFR-01.json", NULL);
    CHECK(doc != NULL);
    onc_err_t err = {0};
    json_t *d = doc ? onc_report_digest(doc, false, &err) : NULL;
    CHECK(d != NULL);
    if (!d) {
        json_decref(doc);
        return;
    }
    CHECK_INT(json_integer_value(json_object_get(d, "format")), 1);
    CHECK_STR(str(d, "molecular_group"), "EGFR_COMMON");
    CHECK_STR(str(d, "primary_driver"), "EGFR L858R");
    CHECK(json_object_get(d, "trials") == NULL); /* not asked for */
    /* sorted by gene, kind, alteration: EGFR L858R, EGFR T790M, TP53 R273H */
    const json_t *alts = json_object_get(d, "alterations");
    CHECK_INT(json_array_size(alts), 3);
    CHECK_STR(str(json_array_get(alts, 0), "alteration"), "L858R");
    CHECK_STR(str(json_array_get(alts, 1), "alteration"), "T790M");
    CHECK_STR(str(json_array_get(alts, 2), "gene"), "TP53");
    const json_t *l858r = alt_of(d, "EGFR", "L858R");
    CHECK_STR(str(l858r, "oncogenicity"), "Oncogenic");
    CHECK_STR(str(l858r, "role"), "driver");
    CHECK_STR(str(l858r, "escat"), "I-A");                              /* shown although not verified */
    CHECK(json_is_false(json_object_get(l858r, "escat_verified")));     /* and said to be so */
    CHECK_INT(json_array_size(json_object_get(l858r, "therapies")), 7); /* seven sensitive items */
    /* a combination's agents sorted: kb order is osimertinib, pemetrexed, carboplatin */
    CHECK(therapy_of(l858r, "carboplatin+osimertinib+pemetrexed", "sensitive") != NULL);
    CHECK(therapy_of(l858r, "amivantamab+lazertinib", "sensitive") != NULL);
    const json_t *t790m = alt_of(d, "EGFR", "T790M");
    CHECK_STR(str(t790m, "role"), "resistance");
    const json_t *gef = therapy_of(t790m, "gefitinib", "resistant");
    CHECK(gef && json_is_null(json_object_get(gef, "escat")) && json_is_null(json_object_get(gef, "escat_verified")));
    CHECK(therapy_of(t790m, "osimertinib", "sensitive") != NULL);
    const json_t *tp53 = alt_of(d, "TP53", "R273H");
    CHECK_STR(str(tp53, "role"), "co-alteration");
    CHECK(json_is_null(json_object_get(tp53, "escat")));
    CHECK_INT(json_array_size(json_object_get(tp53, "therapies")), 0);
    /* canonical: the same text from a second build, and the text parses back to an equal digest */
    json_t *doc2 = report_of("examples/cases/SYN-EGFR-01.json", NULL);
    json_t *d2 = doc2 ? onc_report_digest(doc2, false, &err) : NULL;
    char *t1 = onc_report_digest_text(d), *t2 = d2 ? onc_report_digest_text(d2) : NULL;
    CHECK(t1 && t2 && strcmp(t1, t2) == 0);
    CHECK(t1 && strncmp(t1, "{\"alterations\":[{\"alteration\":\"L858R\"", 37) == 0); /* keys sorted, compact */
    json_t *back = t1 ? onc_report_digest_parse(t1, &err) : NULL;
    CHECK(back && json_equal(back, d));
    json_t *none = back ? onc_report_digest_diff(back, d, &err) : NULL;
    CHECK(none && json_array_size(none) == 0);
    json_decref(none);
    json_decref(back);
    free(t1), free(t2);
    json_decref(d2), json_decref(doc2);
    json_decref(d);
    json_decref(doc);
}

/* Trial rows of a report become {trial, clause, status}, sorted, a clause named by level and
 * code. Rows as Match JSON writes them (match_json.c), two trials given in reverse order. */
static void test_digest_trials(void)
{
    json_t *rows = json_loads("[{\"trial\":\"NCT2\",\"level\":\"arm\",\"code\":\"B\",\"internal_id\":\"7\",\"arm\":\"B\","
                              "\"status\":\"potential\"},"
                              "{\"trial\":\"NCT1\",\"level\":\"step\",\"code\":\"1\",\"internal_id\":\"1\",\"arm\":null,"
                              "\"status\":\"eligible\"}]",
                              0, NULL);
    json_t *doc = report_of("examples/cases/SYN-KRAS-01.json", rows);
    onc_err_t err = {0};
    json_t *d = doc ? onc_report_digest(doc, true, &err) : NULL;
    const json_t *t = json_object_get(d, "trials");
    CHECK_INT(json_array_size(t), 2);
    CHECK_STR(str(json_array_get(t, 0), "trial"), "NCT1");
    CHECK_STR(str(json_array_get(t, 0), "clause"), "step 1");
    CHECK_STR(str(json_array_get(t, 0), "status"), "eligible");
    CHECK_STR(str(json_array_get(t, 1), "clause"), "arm B");
    CHECK_STR(str(json_array_get(t, 1), "status"), "potential");
    /* KRAS G12C's two sensitive items, sotorasib and adagrasib, both II-B in kb/evidence/KRAS.yaml */
    CHECK_STR(str(d, "molecular_group"), "KRAS_G12C");
    CHECK_STR(str(alt_of(d, "KRAS", "G12C"), "escat"), "II-B");
    CHECK_INT(json_array_size(json_object_get(alt_of(d, "KRAS", "G12C"), "therapies")), 2);
    json_decref(d);
    json_decref(doc);
    json_decref(rows);
    /* not a report */
    json_t *bad = json_pack("{s:s}", "case_id", "X");
    CHECK(onc_report_digest(bad, false, &err) == NULL && err.code == ONC_EPARSE);
    json_decref(bad);
}

/* A digest of format 1 with one alteration (KRAS G12D or G12C) and its therapies; trials is
 * NULL (none matched) or a JSON array text. */
static json_t *small(const char *group, const char *driver, const char *alt, const char *onc, const char *role,
                     const char *escat, const char *therapies, const char *trials)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"format\":1,\"molecular_group\":\"%s\",\"primary_driver\":%s,\"alterations\":[{\"gene\":\"KRAS\","
             "\"kind\":\"mutation\",\"alteration\":\"%s\",\"oncogenicity\":\"%s\",\"role\":\"%s\",\"escat\":%s,"
             "\"escat_verified\":%s,\"therapies\":%s}]%s%s}",
             group, driver, alt, onc, role, escat, strcmp(escat, "null") ? "false" : "null", therapies,
             trials ? ",\"trials\":" : "", trials ? trials : "");
    onc_err_t err = {0};
    json_t *d = onc_report_digest_parse(text, &err);
    if (!d) fprintf(stderr, "%s\n%s\n", err.msg, text);
    return d;
}

/* The changes from a to b (both freed) as "change|text" lines joined by "\n". */
static char *changes(json_t *a, json_t *b)
{
    onc_err_t err = {0};
    json_t *c = a && b ? onc_report_digest_diff(a, b, &err) : NULL;
    if (!c) fprintf(stderr, "diff: %s\n", err.msg);
    static char out[8192];
    out[0] = '\0';
    size_t i;
    json_t *x;
    json_array_foreach(c, i, x) {
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s%s|%s", i ? "\n" : "", str(x, "change"), str(x, "text"));
    }
    json_decref(c), json_decref(a), json_decref(b);
    return out;
}

#define SOTO "{\"agents\":\"sotorasib\",\"effect\":\"sensitive\",\"escat\":\"II-B\",\"escat_verified\":false}"
#define SOTO_VERIFIED "{\"agents\":\"sotorasib\",\"effect\":\"sensitive\",\"escat\":\"II-B\",\"escat_verified\":true}"
#define SOTO_IA "{\"agents\":\"sotorasib\",\"effect\":\"sensitive\",\"escat\":\"I-A\",\"escat_verified\":false}"
#define ADA "{\"agents\":\"adagrasib\",\"effect\":\"sensitive\",\"escat\":\"II-B\",\"escat_verified\":false}"
#define CETUX_R "{\"agents\":\"cetuximab\",\"effect\":\"resistant\",\"escat\":null,\"escat_verified\":null}"

static void test_diff_each_change(void)
{
    /* nothing */
    CHECK_STR(changes(small("KRAS_G12C", "\"KRAS G12C\"", "G12C", "Oncogenic", "driver", "\"II-B\"", "[" SOTO "]", NULL),
                      small("KRAS_G12C", "\"KRAS G12C\"", "G12C", "Oncogenic", "driver", "\"II-B\"", "[" SOTO "]", NULL)),
              "");
    /* the molecular group and the primary driver */
    CHECK_STR(changes(small("KRAS_OTHER", "\"KRAS G12C\"", "G12C", "Oncogenic", "driver", "null", "[]", NULL),
                      small("KRAS_G12C", "\"KRAS G12C\"", "G12C", "Oncogenic", "driver", "null", "[]", NULL)),
              "molecular_group|molecular group KRAS_OTHER -> KRAS_G12C");
    CHECK_STR(changes(small("NO_DRIVER", "null", "G12C", "Oncogenic", "driver", "null", "[]", NULL),
                      small("KRAS_G12C", "\"KRAS G12C\"", "G12C", "Oncogenic", "driver", "null", "[]", NULL)),
              "molecular_group|molecular group NO_DRIVER -> KRAS_G12C\n"
              "primary_driver|primary driver none -> KRAS G12C");
    /* oncogenicity, role and tier of an alteration, in that order */
    CHECK_STR(changes(small("KRAS_OTHER", "null", "G12D", "Likely Oncogenic", "vus", "null", "[]", NULL),
                      small("KRAS_OTHER", "null", "G12D", "Oncogenic", "driver", "\"III-A\"", "[]", NULL)),
              "oncogenicity|KRAS G12D: oncogenicity Likely Oncogenic -> Oncogenic\n"
              "role|KRAS G12D: role vus -> driver\n"
              "escat|KRAS G12D: ESCAT no tier -> III-A not verified");
    /* therapies: added (sensitive, with its tier), removed (resistant), tier changed, verified */
    CHECK_STR(changes(small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "\"II-B\"", "[" CETUX_R "," SOTO "]", NULL),
                      small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "\"II-B\"", "[" ADA "," SOTO "]", NULL)),
              "therapy_added|KRAS G12C: therapy adagrasib added (II-B not verified)\n"
              "therapy_removed|KRAS G12C: therapy cetuximab removed (was resistant)");
    CHECK_STR(changes(small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "\"II-B\"", "[" SOTO "]", NULL),
                      small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "\"II-B\"", "[" SOTO_IA "]", NULL)),
              "therapy_escat|KRAS G12C: therapy sotorasib ESCAT II-B not verified -> I-A not verified");
    CHECK_STR(changes(small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "\"II-B\"", "[" SOTO "]", NULL),
                      small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "\"II-B\"", "[" SOTO_VERIFIED "]", NULL)),
              "therapy_escat|KRAS G12C: therapy sotorasib ESCAT II-B not verified -> II-B");
    /* an alteration no longer or newly in the report (another alteration, same gene) */
    CHECK_STR(changes(small("KRAS_OTHER", "null", "G12D", "Oncogenic", "driver", "null", "[]", NULL),
                      small("KRAS_OTHER", "null", "G13D", "Oncogenic", "driver", "null", "[]", NULL)),
              "alteration_removed|KRAS G12D: no longer in the report\n"
              "alteration_added|KRAS G13D: new in the report (Oncogenic, driver, ESCAT no tier)");
}

static void test_diff_trials(void)
{
    const char *before = "[{\"trial\":\"NCT1\",\"clause\":\"step 1\",\"status\":\"potential\"},"
                         "{\"trial\":\"NCT2\",\"clause\":\"arm A\",\"status\":\"eligible\"}]";
    const char *after = "[{\"trial\":\"NCT1\",\"clause\":\"step 1\",\"status\":\"eligible\"},"
                        "{\"trial\":\"NCT3\",\"clause\":\"step 1\",\"status\":\"eligible\"},"
                        "{\"trial\":\"NCT4\",\"clause\":\"arm B\",\"status\":\"potential\"}]";
    CHECK_STR(changes(small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "null", "[]", before),
                      small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "null", "[]", after)),
              "trial_status|trial NCT1 step 1: potential -> eligible\n"
              "trial_removed|trial NCT2 arm A no longer eligible or potentially eligible (was eligible)\n"
              "trial_added|trial NCT3 step 1 newly eligible\n"
              "trial_added|trial NCT4 arm B newly potentially eligible");
    /* trials are compared only when both snapshots hold them */
    CHECK_STR(changes(small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "null", "[]", NULL),
                      small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "null", "[]", after)),
              "");
    CHECK_STR(changes(small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "null", "[]", before),
                      small("KRAS_G12C", "null", "G12C", "Oncogenic", "driver", "null", "[]", NULL)),
              "");
}

static void test_bad_digests(void)
{
    onc_err_t err = {0};
    CHECK(onc_report_digest_parse("{\"format\":1}", &err) == NULL && err.code == ONC_EPARSE);
    CHECK(onc_report_digest_parse("not json", &err) == NULL && err.code == ONC_EPARSE);
    json_t *a = onc_report_digest_parse("{\"format\":2,\"molecular_group\":\"X\",\"alterations\":[]}", &err);
    json_t *b = onc_report_digest_parse("{\"format\":1,\"molecular_group\":\"X\",\"alterations\":[]}", &err);
    CHECK(a && b);
    CHECK(a && b && onc_report_digest_diff(a, b, &err) == NULL && err.code == ONC_EPARSE);
    CHECK(strstr(err.msg, "format 2") != NULL);
    json_decref(a), json_decref(b);
}

int main(void)
{
    onc_err_t err = {0};
    if (!(kb = onc_kb_load(NULL, &err))) {
        fprintf(stderr, "kb: %s\n", err.msg);
        return 1;
    }
    RUN(test_digest_of_a_report);
    RUN(test_digest_trials);
    RUN(test_diff_each_change);
    RUN(test_diff_trials);
    RUN(test_bad_digests);
    onc_kb_free(kb);
    CHECK_EXIT();
}
