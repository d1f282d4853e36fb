/* test_store_case.c: cases into the registry and back (store.h), on every database target.
 *
 * The strongest check is the report: the report JSON of a case loaded from its file and of the
 * same case read back from the registry must be equal (the typed cases), and for cases with lab
 * files the alterations the report lists must be the same. Then field by field on full.json
 * (every field of the format once), duplicates, replace, SQL metacharacters in every text field,
 * an import that fails half-way leaving nothing, and the audit entries of writes and reads.
 * Expected values are read off the fixtures (tests/data/case/README.md lists what each shows).
 */
#include "check.h"
#include "db_targets.h"
#include "registry_fixture.h"

#include "oncoboard/audit.h"
#include "oncoboard/case.h"
#include "oncoboard/classify.h"
#include "oncoboard/db.h"
#include "oncoboard/kb.h"
#include "oncoboard/report.h"
#include "oncoboard/store.h"
#include "oncoboard/strbuf.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <unistd.h>

static onc_kb_t *kb;

static onc_case_t *load(const char *path)
{
    onc_case_t *c = NULL;
    onc_err_t err = {0};
    if (onc_case_load(path, NULL, &c, &err) != ONC_OK) fprintf(stderr, "%s\n", err.msg);
    return c;
}

static onc_rc put(onc_db_t *db, const onc_case_t *c, bool replace, onc_err_t *err)
{
    onc_store_put_opts_t o;
    onc_store_put_opts_init(&o);
    o.replace = replace;
    onc_rc rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = onc_store_put_case(db, c, "os:tester", &o, err);
    if (rc == ONC_OK) return registry_commit(db, err);
    onc_db_rollback(db, NULL);
    return rc;
}

static onc_case_t *get(onc_db_t *db, const char *id)
{
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    onc_rc rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_get_case(db, id, "os:tester", &c, &err);
    if (rc == ONC_OK) rc = registry_commit(db, &err);
    if (rc != ONC_OK) {
        fprintf(stderr, "get %s: %s\n", id, err.msg);
        onc_db_rollback(db, NULL);
    }
    return c;
}

/* The report document of c (no version, no date: comparable). */
static json_t *report_of(const onc_case_t *c)
{
    onc_classify_opts_t co;
    onc_classify_opts_init(&co);
    co.today = (onc_date_t){2026, 11, 29};
    onc_classification_t *cl = NULL;
    onc_err_t err = {0};
    if (onc_classify(c, kb, &co, &cl, &err) != ONC_OK) {
        fprintf(stderr, "classify %s: %s\n", c->id, err.msg);
        return NULL;
    }
    onc_report_opts_t ro;
    onc_report_opts_init(&ro);
    ro.no_version = 1;
    json_t *doc = onc_report_build(c, kb, cl, &ro, &err);
    onc_classification_free(cl);
    return doc;
}

static int cmp_dumps(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The report's "alterations" in a canonical order (each item's sorted-key dump): a case read back
 * from the registry lists its lab files' alterations among the typed entries of their kind (all
 * variants, then fusions, then copy-number calls), so rows of equal rank may come in another
 * order. Also drops provenance.inputs: no file is read for a case from the registry. */
static void normalise(json_t *doc)
{
    json_object_del(json_object_get(doc, "provenance"), "inputs");
    json_t *alts = json_object_get(doc, "alterations");
    size_t n = json_array_size(alts);
    char **dumps = calloc(n + 1, sizeof *dumps);
    for (size_t i = 0; i < n; i++) dumps[i] = json_dumps(json_array_get(alts, i), JSON_SORT_KEYS | JSON_COMPACT);
    qsort(dumps, n, sizeof *dumps, cmp_dumps);
    json_t *sorted = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(sorted, json_loads(dumps[i], 0, NULL));
        free(dumps[i]);
    }
    free(dumps);
    json_object_set_new(doc, "alterations", sorted);
}

/* The report of a case file and of the same case read back from the registry: equal, key for
 * key; for cases with lab files after normalise() (the order of equal-rank alterations, the
 * inputs read). */
static void round_trip(onc_db_t *db, const char *path, int with_files)
{
    onc_case_t *orig = load(path), *back = NULL;
    onc_err_t err = {0};
    CHECK(orig != NULL);
    if (!orig) return;
    CHECK_INT(put(db, orig, false, &err), ONC_OK);
    back = get(db, orig->id);
    CHECK(back != NULL);
    json_t *a = report_of(orig), *b = back ? report_of(back) : NULL;
    CHECK(a && b);
    if (with_files && a && b) normalise(a), normalise(b);
    if (a && b && !json_equal(a, b)) {
        char *sa = json_dumps(a, JSON_INDENT(1) | JSON_SORT_KEYS), *sb = json_dumps(b, JSON_INDENT(1) | JSON_SORT_KEYS);
        fprintf(stderr, "%s: reports differ\n--- file\n%s\n--- registry\n%s\n", path, sa, sb);
        free(sa), free(sb);
        CHECK(0);
    }
    json_decref(a), json_decref(b);
    onc_case_free(orig);
    onc_case_free(back);
}

static const char *const typed_cases[] = {"examples/cases/SYN-EGFR-01.json", "tests/data/case/full.json",
                                          "tests/data/case/minimal.json",    "tests/data/case/nulls.json",
                                          "tests/data/case/samples.json"};
static const char *const file_cases[] = {"examples/cases/SYN-ALK-01.json", "examples/cases/SYN-KRAS-01.json",
                                         "tests/data/case/with-files.json"};

static void round_trip_reports(void)
{
    onc_db_t *db = open_registry();
    CHECK(db != NULL);
    if (!db) return;
    for (size_t i = 0; i < sizeof typed_cases / sizeof *typed_cases; i++) round_trip(db, typed_cases[i], 0);
    for (size_t i = 0; i < sizeof file_cases / sizeof *file_cases; i++) round_trip(db, file_cases[i], 1);
    /* SYN-ALK-01: 1 fusion record; SYN-KRAS-01: 3 MAF records; with-files.json: its four files */
    CHECK(reg_scalar(db, "SELECT COUNT(*) FROM alterations WHERE origin = 'file'") >= 4);
    close_registry(db);
}

#define SAME_DATE(x, y) CHECK((x).year == (y).year && (x).month == (y).month && (x).day == (y).day)
#define SAME_NUM(x, y) CHECK((isnan(x) && isnan(y)) || (x) == (y))

static void compare_clinical(const onc_case_t *a, const onc_case_t *b)
{
    CHECK_STR(b->id, a->id);
    CHECK_INT(b->sex, a->sex);
    SAME_DATE(b->birth_date, a->birth_date);
    CHECK_INT(b->age, a->age);
    CHECK_INT(b->smoking, a->smoking);
    CHECK_INT(b->ecog, a->ecog);
    CHECK_INT(b->consent_research, a->consent_research);
    CHECK_STR(b->diagnosis.oncotree_code, a->diagnosis.oncotree_code);
    CHECK_STR(b->diagnosis.stage, a->diagnosis.stage);
    SAME_DATE(b->diagnosis.date, a->diagnosis.date);
    CHECK_INT(b->diagnosis.brain_metastases, a->diagnosis.brain_metastases);
    CHECK_INT(b->diagnosis.measurable_disease, a->diagnosis.measurable_disease);
    SAME_NUM(b->biomarkers.pdl1_tps, a->biomarkers.pdl1_tps);
    SAME_NUM(b->biomarkers.pdl1_cps, a->biomarkers.pdl1_cps);
    CHECK_INT(b->biomarkers.pdl1_clone, a->biomarkers.pdl1_clone);
    SAME_NUM(b->biomarkers.tmb, a->biomarkers.tmb);
    CHECK_INT(b->biomarkers.msi, a->biomarkers.msi);
    CHECK_INT(b->biomarkers.n_ihc, a->biomarkers.n_ihc);
    for (size_t i = 0; i < a->biomarkers.n_ihc && i < b->biomarkers.n_ihc; i++) {
        const onc_ihc_t *x = &a->biomarkers.ihc[i], *y = &b->biomarkers.ihc[i];
        CHECK_STR(y->marker, x->marker);
        CHECK_INT(y->result, x->result);
        CHECK_STR(y->clone, x->clone);
        CHECK_STR(y->score, x->score);
        SAME_NUM(y->percent, x->percent);
        CHECK_STR(y->intensity, x->intensity);
    }
    CHECK_INT(b->n_labs, a->n_labs);
    for (size_t i = 0; i < a->n_labs && i < b->n_labs; i++) {
        CHECK_STR(b->labs[i].name, a->labs[i].name);
        CHECK_STR(b->labs[i].unit, a->labs[i].unit);
        SAME_NUM(b->labs[i].value, a->labs[i].value);
        SAME_NUM(b->labs[i].uln, a->labs[i].uln);
        SAME_DATE(b->labs[i].date, a->labs[i].date);
    }
}

static void compare_history(const onc_case_t *a, const onc_case_t *b)
{
    CHECK_INT(b->n_therapies, a->n_therapies);
    for (size_t i = 0; i < a->n_therapies && i < b->n_therapies; i++) {
        const onc_therapy_t *x = &a->therapies[i], *y = &b->therapies[i];
        CHECK_INT(y->line, x->line);
        CHECK_INT(y->n_agents, x->n_agents);
        for (size_t k = 0; k < x->n_agents && k < y->n_agents; k++) CHECK_STR(y->agents[k], x->agents[k]);
        SAME_DATE(y->start, x->start);
        SAME_DATE(y->end, x->end);
        CHECK_INT(y->best_response, x->best_response);
        CHECK_INT(y->progression, x->progression);
        SAME_DATE(y->progression_date, x->progression_date);
    }
    CHECK_INT(b->n_enrolments, a->n_enrolments);
    for (size_t i = 0; i < a->n_enrolments && i < b->n_enrolments; i++) {
        const onc_enrolment_t *x = &a->enrolments[i], *y = &b->enrolments[i];
        CHECK_STR(y->trial, x->trial);
        CHECK_STR(y->arm, x->arm);
        CHECK_STR(y->reason, x->reason);
        CHECK_INT(y->status, x->status);
        SAME_DATE(y->date, x->date);
    }
    CHECK_INT(b->n_warnings, a->n_warnings);
    for (size_t i = 0; i < a->n_warnings && i < b->n_warnings; i++) CHECK_STR(b->warnings[i], a->warnings[i]);
}

static void compare_variant(const onc_case_variant_t *x, const onc_case_variant_t *y)
{
    CHECK_STR(y->gene, x->gene);
    CHECK_STR(y->protein_change, x->protein_change);
    CHECK_STR(y->coding_change, x->coding_change);
    CHECK_STR(y->alteration, x->alteration);
    CHECK_STR(y->hgvsp, x->hgvsp);
    CHECK_STR(y->hgvsc, x->hgvsc);
    CHECK_STR(y->consequence, x->consequence);
    CHECK_INT(y->aa_pos, x->aa_pos);
    CHECK_STR(y->chrom, x->chrom);
    CHECK_INT(y->pos, x->pos);
    CHECK_STR(y->ref, x->ref);
    CHECK_STR(y->alt, x->alt);
    SAME_NUM(y->vaf, x->vaf);
    CHECK_INT(y->depth, x->depth);
    CHECK_INT(y->line, x->line);
}

static void compare_samples(const onc_case_t *a, const onc_case_t *b)
{
    CHECK_INT(b->from_samples, a->from_samples);
    CHECK_INT(b->n_samples, a->n_samples);
    for (size_t i = 0; i < a->n_samples && i < b->n_samples; i++) {
        const onc_sample_t *x = &a->samples[i], *y = &b->samples[i];
        CHECK_STR(y->id, x->id);
        CHECK_STR(y->path, x->path);
        SAME_DATE(y->collected, x->collected);
        CHECK_INT(y->type, x->type);
        CHECK_INT(y->has_molecular, x->has_molecular);
        const onc_molecular_t *m = &x->molecular, *n = &y->molecular;
        CHECK_STR(n->genome, m->genome);
        CHECK_INT(n->specimen, m->specimen);
        CHECK_STR(n->assay.name, m->assay.name);
        CHECK_INT(n->assay.method, m->assay.method);
        SAME_NUM(n->assay.size_mb, m->assay.size_mb);
        CHECK_INT(n->assay.n_genes, m->assay.n_genes);
        for (size_t k = 0; k < m->assay.n_genes && k < n->assay.n_genes; k++)
            CHECK_STR(n->assay.genes[k], m->assay.genes[k]);
        CHECK_INT(n->assay.n_coverage, m->assay.n_coverage);
        for (size_t k = 0; k < m->assay.n_coverage && k < n->assay.n_coverage; k++) {
            CHECK_STR(n->assay.coverage[k].gene, m->assay.coverage[k].gene);
            CHECK_INT(n->assay.coverage[k].types, m->assay.coverage[k].types);
        }
        CHECK_INT(n->n_variants, m->n_variants);
        for (size_t k = 0; k < m->n_variants && k < n->n_variants; k++) compare_variant(&m->variants[k], &n->variants[k]);
        CHECK_INT(n->n_fusions, m->n_fusions);
        for (size_t k = 0; k < m->n_fusions && k < n->n_fusions; k++) {
            CHECK_STR(n->fusions[k].gene_a, m->fusions[k].gene_a);
            CHECK_STR(n->fusions[k].gene_b, m->fusions[k].gene_b);
        }
        CHECK_INT(n->n_copy_number, m->n_copy_number);
        for (size_t k = 0; k < m->n_copy_number && k < n->n_copy_number; k++) {
            CHECK_STR(n->copy_number[k].gene, m->copy_number[k].gene);
            CHECK_INT(n->copy_number[k].call, m->copy_number[k].call);
            SAME_NUM(n->copy_number[k].copies, m->copy_number[k].copies);
        }
    }
}

/* full.json and samples.json field by field. */
static void fields(void)
{
    const char *paths[] = {"tests/data/case/full.json", "tests/data/case/samples.json"};
    onc_db_t *db = open_registry();
    CHECK(db != NULL);
    for (size_t i = 0; db && i < 2; i++) {
        onc_case_t *a = load(paths[i]), *b = NULL;
        onc_err_t err = {0};
        CHECK(db && a);
        if (db && a && put(db, a, false, &err) == ONC_OK) b = get(db, a->id);
        CHECK(b != NULL);
        if (b) {
            compare_clinical(a, b);
            compare_history(a, b);
            compare_samples(a, b);
            CHECK_STR(b->name, a->name);
            CHECK(b->text && a->text && strcmp(b->text, a->text) == 0);
        }
        onc_case_free(a), onc_case_free(b);
    }
    close_registry(db);
}

/* The current target's fresh registry and the case at path: 1, or 0 (after a failed CHECK) with
 * nothing left open. */
static int setup(const char *path, onc_db_t **db, onc_case_t **c)
{
    *db = open_registry();
    *c = load(path);
    CHECK(*db && *c);
    if (*db && *c) return 1;
    onc_case_free(*c);
    close_registry(*db);
    return 0;
}

/* The same patient twice: refused (ECONFLICT, the registry unchanged); with replace one copy. */
static void duplicate_and_replace(void)
{
    onc_db_t *db = NULL;
    onc_case_t *c = NULL;
    onc_err_t err = {0};
    if (!setup("tests/data/case/samples.json", &db, &c)) return;
    CHECK_INT(put(db, c, false, &err), ONC_OK);
    int64_t samples = reg_scalar(db, "SELECT COUNT(*) FROM samples");
    int64_t alts = reg_scalar(db, "SELECT COUNT(*) FROM alterations");
    int64_t pid = reg_scalar(db, "SELECT id FROM patients");
    CHECK_INT(samples, 3); /* samples.json: tissue, plasma, one with nothing tested */
    CHECK_INT(put(db, c, false, &err), ONC_ECONFLICT);
    CHECK(strstr(err.msg, c->id) != NULL);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM patients"), 1);
    CHECK_INT(put(db, c, true, &err), ONC_OK);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM patients"), 1);
    CHECK_INT(reg_scalar(db, "SELECT id FROM patients"), pid); /* same internal id */
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM samples"), samples);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM alterations"), alts);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM case_sources"), 1);
    onc_case_free(c);
    close_registry(db);
}

/* Every free-text field of the case holding quotes, a statement terminator, comment markers, a
 * backslash, a percent sign and non-ASCII: stored and read back unchanged. (Gene symbols, codes
 * and enumerations are checked by the case loader and cannot hold them.) */
static const char meta_case[] =
    "{\"case_format\": 1, \"id\": \"P'1\\\"; DROP TABLE patients; --\",\n"
    " \"diagnosis\": {\"oncotree_code\": \"LUAD\", \"stage\": \"IVA\"},\n"
    " \"biomarkers\": {\"ihc\": [{\"marker\": \"ALK' OR '1'='1\", \"result\": \"positive\", \"clone\": \"D5F3\\\\x\",\n"
    "                 \"score\": \"3+ /* %s%n */\", \"intensity\": \"3+\"}]},\n"
    " \"labs\": [{\"name\": \"cr\\u00e9atinine'\", \"value\": 1.1, \"unit\": \"mg/dL;\"}],\n"
    " \"therapies\": [{\"line\": 1, \"agents\": [\"osimer'tinib\", \"x\\\"); --\"]}],\n"
    " \"enrolments\": [{\"trial\": \"NCT'0\", \"arm\": \"A;--\", \"status\": \"screen_failed\",\n"
    "                   \"reason\": \"ECOG 2'; DROP TABLE enrolments; --\"}],\n"
    " \"molecular\": {\"assay\": {\"name\": \"panel 'v2'\", \"genes\": [\"EGFR\", \"KRAS\"]},\n"
    "   \"fusions\": [{\"gene_a\": \"EML4\", \"gene_b\": \"ALK\"}]}}\n";

static void sql_metacharacters(void)
{
    onc_db_t *db = open_registry();
    onc_case_t *a = NULL, *b = NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_case_parse(meta_case, sizeof meta_case - 1, "meta.json", NULL, NULL, &a, &err);
    if (rc != ONC_OK) fprintf(stderr, "%s\n", err.msg);
    CHECK(db && rc == ONC_OK);
    if (db && a && put(db, a, false, &err) == ONC_OK) b = get(db, a->id);
    else fprintf(stderr, "put: %s\n", err.msg);
    CHECK(b != NULL);
    if (b) {
        compare_clinical(a, b);
        compare_history(a, b);
        compare_samples(a, b);
        CHECK_STR(b->text, meta_case);
    }
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM patients"), 1);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM enrolments"), 1);
    onc_case_free(a), onc_case_free(b);
    close_registry(db);
}

/* A transaction and a writer in it, with default put options in *o. */
static onc_store_writer_t *begin_writer(onc_db_t *db, onc_store_put_opts_t *o)
{
    onc_err_t err = {0};
    onc_store_writer_t *w = NULL;
    onc_store_put_opts_init(o);
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_writer_open(db, &w, &err), ONC_OK);
    return w;
}

/* Two cases in one transaction, the second refused: after the rollback nothing of either. */
static void failed_import_leaves_nothing(void)
{
    onc_db_t *db = NULL;
    onc_case_t *a = NULL;
    onc_err_t err = {0};
    if (!setup("tests/data/case/full.json", &db, &a)) return;
    int64_t before = registry_audit_entries(db);
    onc_store_put_opts_t o;
    onc_store_writer_t *w = begin_writer(db, &o);
    CHECK_INT(onc_store_writer_put(w, a, "os:tester", &o, NULL, &err), ONC_OK);
    CHECK_INT(onc_store_writer_put(w, a, "os:tester", &o, NULL, &err), ONC_ECONFLICT);
    onc_store_writer_close(w);
    onc_db_rollback(db, NULL);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM patients"), 0);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM labs"), 0);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM case_sources"), 0);
    CHECK_INT(registry_audit_entries(db), before);
    /* outside a transaction a store call is refused */
    CHECK_INT(onc_store_put_case(db, a, "os:tester", &o, &err), ONC_EINVAL);
    onc_case_free(a);
    close_registry(db);
}

/* One audit entry per write, per read, per listing and per export of the case text. */
static void audit_per_operation(void)
{
    onc_db_t *db = NULL;
    onc_case_t *a = NULL, *b = NULL;
    onc_err_t err = {0};
    if (!setup("examples/cases/SYN-EGFR-01.json", &db, &a)) return;
    int64_t n0 = registry_audit_entries(db);
    CHECK_INT(put(db, a, false, &err), ONC_OK);
    CHECK_INT(registry_audit_entries(db), n0 + 1);
    b = get(db, a->id);
    CHECK_INT(registry_audit_entries(db), n0 + 2);
    CHECK_INT(put(db, a, true, &err), ONC_OK);
    CHECK_INT(registry_audit_entries(db), n0 + 3);
    char **ids = NULL, *name = NULL, *text = NULL;
    size_t n = 0;
    bool current = false;
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_list_patients(db, "os:tester", &ids, &n, &err), ONC_OK);
    CHECK_INT(n, 1);
    if (n == 1) CHECK_STR(ids[0], "SYN-EGFR-01");
    CHECK_INT(onc_store_get_case_text(db, "SYN-EGFR-01", "os:tester", &name, &text, &current, &err), ONC_OK);
    CHECK(current);
    CHECK(text && strcmp(text, a->text) == 0);
    free(name), free(text);
    CHECK_INT(onc_store_get_case_text(db, "nobody", "os:tester", &name, &text, &current, &err), ONC_ENOTFOUND);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    CHECK_INT(registry_audit_entries(db), n0 + 5);
    onc_case_t *none = NULL;
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_get_case(db, "nobody", "os:tester", &none, &err), ONC_ENOTFOUND);
    CHECK(none == NULL);
    onc_db_rollback(db, NULL);
    onc_store_ids_free(ids, n);
    free(name), free(text);
    onc_case_free(a), onc_case_free(b);
    close_registry(db);
}

/* Writes c with opts in a transaction of its own. */
static onc_rc put_with(onc_db_t *db, const onc_case_t *c, const onc_store_put_opts_t *o, onc_err_t *err)
{
    onc_rc rc = onc_db_begin(db, err);
    if (rc == ONC_OK) rc = onc_store_put_case(db, c, "os:tester", o, err);
    if (rc == ONC_OK) return registry_commit(db, err);
    onc_db_rollback(db, NULL);
    return rc;
}

/* A later sample: added beside the patient's own (ordinal after theirs), their rows untouched,
 * the case text marked stale; a taken key or an unknown patient changes nothing. */
static void add_samples(void)
{
    onc_db_t *db = NULL;
    onc_case_t *c = NULL, *later = NULL;
    onc_err_t err = {0};
    if (!setup("tests/data/case/samples.json", &db, &c)) return;
    CHECK_INT(put(db, c, false, &err), ONC_OK);
    int64_t alts = reg_scalar(db, "SELECT COUNT(*) FROM alterations");
    later = onc_case_new();
    CHECK(later != NULL);
    if (!later) goto out;
    later->id = c->id;
    later->name = "later";
    later->samples = onc_case_alloc(later, sizeof *later->samples);
    later->n_samples = 1;
    onc_sample_init(&later->samples[0]);
    onc_molecular_init(&later->samples[0].molecular);
    later->samples[0].id = "LATER-1";
    later->samples[0].has_molecular = 1;
    onc_case_fusion_t fusion = {.gene_a = "EML4", .gene_b = "ALK", .line = 0};
    later->samples[0].molecular.fusions = &fusion;
    later->samples[0].molecular.n_fusions = 1;
    onc_store_put_opts_t o;
    onc_store_put_opts_init(&o);
    o.add_samples = true;
    CHECK_INT(put_with(db, later, &o, &err), ONC_OK);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM samples"), 4);
    CHECK_INT(reg_scalar(db, "SELECT ordinal FROM samples WHERE sample_key = 'LATER-1'"), 3);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM alterations"), alts + 1);
    CHECK_INT(reg_scalar(db, "SELECT current FROM case_sources"), 0);
    CHECK_INT(put_with(db, later, &o, &err), ONC_ECONFLICT); /* LATER-1 is taken now */
    CHECK(strstr(err.msg, "already has a sample LATER-1") != NULL);
    later->id = "NOBODY";
    CHECK_INT(put_with(db, later, &o, &err), ONC_ENOTFOUND);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM samples"), 4);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM patients"), 1);
out:
    onc_case_free(later);
    onc_case_free(c);
    close_registry(db);
}

/* MatchMiner's documents: stored after the patient's case and read back as given (the clinical
 * one first, genomic ones in order, the CSV flag kept); a replace of the case removes them. */
static void documents(void)
{
    onc_db_t *db = NULL;
    onc_case_t *c = NULL;
    onc_err_t err = {0};
    if (!setup("tests/data/case/minimal.json", &db, &c)) return;
    CHECK_INT(put(db, c, false, &err), ONC_OK);
    const onc_json_doc_t clinical = {"{\"SAMPLE_ID\":\"S'1\"}", false};
    const onc_json_doc_t genomic[2] = {{"{\"TRUE_HUGO_SYMBOL\":\"EGFR\"}", true}, {"{\"A\":\"'; --\"}", false}};
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_put_documents(db, "NOBODY", &clinical, genomic, 2, "os:tester", &err), ONC_ENOTFOUND);
    CHECK_INT(onc_store_put_documents(db, c->id, &clinical, genomic, 2, "os:tester", &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    onc_store_documents_t *d = NULL;
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_get_documents(db, c->id, "os:tester", &d, &err), ONC_OK);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    CHECK(d && d->n_genomic == 2);
    if (d && d->n_genomic == 2) {
        CHECK_STR(d->clinical.json, clinical.json);
        CHECK_STR(d->genomic[0].json, genomic[0].json);
        CHECK_STR(d->genomic[1].json, genomic[1].json);
        CHECK(d->genomic[0].cells_as_text && !d->genomic[1].cells_as_text && !d->clinical.cells_as_text);
    }
    onc_store_documents_free(d);
    CHECK_INT(put(db, c, true, &err), ONC_OK); /* the case replaced: it says everything now */
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM matchminer_documents"), 0);
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_get_documents(db, c->id, "os:tester", &d, &err), ONC_ENOTFOUND);
    onc_db_rollback(db, NULL);
    onc_case_free(c);
    close_registry(db);
}

/* A sample with more rows than one multi-row INSERT takes (37 variants, 3 fusions, 2 copy-number
 * calls: 42 entries and alterations, 40 assay genes; statements of 32, 8 and 2 rows) comes back
 * whole and in order; written from the alterations validation read (onc_store_case_read) it is
 * stored exactly as when the writer reads them itself. */
static onc_case_t *many_rows_case(const char *id)
{
    onc_strbuf_t t = ONC_STRBUF_INIT;
    CHECK_INT(onc_strbuf_printf(&t, "{\"case_format\": 1, \"id\": \"%s\", \"molecular\": {\"genome\": \"GRCh38\", "
                                    "\"assay\": {\"name\": \"big panel\", \"genes\": [", id), ONC_OK);
    for (int i = 0; i < 40; i++) CHECK_INT(onc_strbuf_printf(&t, "%s\"G%d\"", i ? ", " : "", i), ONC_OK);
    CHECK_INT(onc_strbuf_puts(&t, "]}, \"variants\": ["), ONC_OK);
    for (int i = 0; i < 37; i++)
        CHECK_INT(onc_strbuf_printf(&t, "%s{\"gene\": \"TP53\", \"protein_change\": \"p.R%dH\", \"vaf\": 0.%02d}",
                                    i ? ", " : "", 100 + i, 10 + i), ONC_OK);
    CHECK_INT(onc_strbuf_puts(&t, "], \"fusions\": [{\"gene_a\": \"EML4\", \"gene_b\": \"ALK\"}, {\"gene_a\": "
                                  "\"KIF5B\", \"gene_b\": \"RET\"}, {\"gene_b\": \"ROS1\"}], \"copy_number\": ["
                                  "{\"gene\": \"MET\", \"call\": \"amplification\", \"copies\": 12}, "
                                  "{\"gene\": \"CDKN2A\", \"call\": \"deletion\"}]}}"), ONC_OK);
    onc_case_t *c = NULL;
    onc_err_t err = {0};
    const char *text = onc_strbuf_str(&t);
    if (onc_case_parse(text, strlen(text), id, NULL, NULL, &c, &err) != ONC_OK) fprintf(stderr, "%s\n", err.msg);
    onc_strbuf_free(&t);
    return c;
}

static void check_many_rows(const onc_case_t *back)
{
    CHECK(back != NULL);
    if (!back) return;
    CHECK_INT(back->n_samples, 1);
    if (back->n_samples != 1) return;
    const onc_molecular_t *m = &back->samples[0].molecular;
    CHECK_INT(m->assay.n_genes, 40);
    if (m->assay.n_genes == 40) CHECK_STR(m->assay.genes[39], "G39");
    CHECK_INT(m->n_variants, 37);
    for (size_t i = 0; i < m->n_variants && i < 37; i++) {
        char want[16];
        snprintf(want, sizeof want, "p.R%zuH", 100 + i);
        CHECK_STR(m->variants[i].protein_change, want);
        CHECK(fabs(m->variants[i].vaf - (double)(10 + i) / 100) < 1e-12);
    }
    CHECK_INT(m->n_fusions, 3);
    if (m->n_fusions == 3) CHECK_STR(m->fusions[2].gene_b, "ROS1");
    CHECK_INT(m->n_copy_number, 2);
    if (m->n_copy_number == 2) CHECK_INT(m->copy_number[1].call, ONC_KIND_DELETION);
}

static void many_rows_and_preread(void)
{
    onc_db_t *db = open_registry();
    CHECK(db != NULL);
    onc_case_t *a = many_rows_case("MANY-A"), *b = many_rows_case("MANY-B");
    CHECK(a && b);
    if (!db || !a || !b) {
        onc_case_free(a), onc_case_free(b);
        close_registry(db);
        return;
    }
    onc_err_t err = {0};
    onc_store_counts_t counts = {0};
    const onc_store_alts_t *alts = NULL;
    CHECK_INT(onc_store_case_read(b, NULL, &counts, &alts, &err), ONC_OK);
    CHECK_INT(counts.patients, 1);
    CHECK_INT(counts.alterations, 42);
    CHECK_INT(counts.file_alterations, 0);
    onc_store_put_opts_t o;
    onc_store_writer_t *w = begin_writer(db, &o);
    CHECK_INT(onc_store_writer_put(w, a, "os:tester", &o, NULL, &err), ONC_OK);
    o.alts = alts;
    CHECK_INT(onc_store_writer_put(w, b, "os:tester", &o, NULL, &err), ONC_OK);
    onc_store_writer_close(w);
    CHECK_INT(registry_commit(db, &err), ONC_OK);
    /* what b's alterations came from is checked: they are not a's */
    onc_case_t *c = many_rows_case("MANY-C");
    CHECK_INT(onc_db_begin(db, &err), ONC_OK);
    CHECK_INT(onc_store_put_case(db, c, "os:tester", &o, &err), ONC_EINVAL);
    onc_db_rollback(db, NULL);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM alterations"), 84);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM sample_entries"), 84);
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM assay_genes"), 80);
    /* the two ways wrote the same rows */
    CHECK_INT(reg_scalar(db, "SELECT COUNT(*) FROM (SELECT ordinal, origin, entry_section, entry_ordinal, gene, kind, "
                             "alteration, hgvsp, vaf FROM alterations GROUP BY ordinal, origin, entry_section, "
                             "entry_ordinal, gene, kind, alteration, hgvsp, vaf HAVING COUNT(*) = 2) x"), 42);
    onc_case_t *back_a = get(db, "MANY-A"), *back_b = get(db, "MANY-B");
    check_many_rows(back_a);
    check_many_rows(back_b);
    onc_case_free(back_a), onc_case_free(back_b);
    onc_case_free(a), onc_case_free(b), onc_case_free(c);
    close_registry(db);
}

int main(void)
{
    onc_err_t err = {0};
    kb = onc_kb_load(NULL, &err);
    if (!kb) {
        fprintf(stderr, "kb: %s\n", err.msg);
        return 1;
    }
    static const db_test_t tests[] = {
        DB_TEST(round_trip_reports),      DB_TEST(fields),
        DB_TEST(duplicate_and_replace),   DB_TEST(sql_metacharacters),
        DB_TEST(failed_import_leaves_nothing), DB_TEST(audit_per_operation),
        DB_TEST(add_samples),             DB_TEST(documents),
        DB_TEST(many_rows_and_preread),
        {NULL, NULL},
    };
    if (registry_fixture_start() != 0) return 1;
    db_targets_run(tests);
    registry_fixture_end();
    onc_kb_free(kb);
    CHECK_EXIT();
}
