/* test_match_eval.c: every CTML key on hand-made patients, in both semantics (match_eval.c,
 * match_run.c).
 *
 * Each test writes a one-clause trial, builds patients by hand (struct onc_match_patient,
 * match_patient.h) and checks the row: status, reasons, unknown and failed texts. Expected
 * values follow research/trial-matching.md 2.3-2.11 (MatchMiner's rules and reason strings) and
 * docs/matching.md (the three-valued reading and "potential"); ages are computed on 2000-07-12,
 * the date MatchMiner's tests use.
 */
#include "check.h"
#include "match/match_int.h"
#include "oncoboard/match.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static onc_oncotree_t *tree;
static onc_kb_t *kb;
static onc_genes_t *genes;
static onc_match_ctx_t ctx;
static onc_trials_t *trials;
static onc_match_result_t *result;

/* A patient with every field missing. */
static onc_match_patient_t patient(const char *id)
{
    onc_match_patient_t p;
    memset(&p, 0, sizeof p);
    p.id = id;
    p.age = ONC_INT_MISSING;
    p.tmb = NAN;
    return p;
}

static match_event_t event(match_category cat, const char *gene, const char *pc)
{
    match_event_t e;
    memset(&e, 0, sizeof e);
    e.category = cat;
    e.gene = gene;
    e.protein_change = pc;
    e.exon = ONC_INT_MISSING;
    return e;
}

static void set_diag(onc_match_patient_t *p, const char *code)
{
    p->tumor_type = onc_oncotree_find(tree, code);
    p->diagnosis_name = p->tumor_type ? onc_tumor_type_name(p->tumor_type) : NULL;
}

static void done(void)
{
    onc_match_result_free(result);
    onc_trials_free(trials);
    result = NULL;
    trials = NULL;
}

/* Runs match (a JSON `match` list) against p and returns its single row. */
static const onc_match_row_t *run(const char *match, const onc_match_patient_t *p, onc_match_semantics sem)
{
    done();
    char path[] = "/tmp/test_match_eval_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    fprintf(f, "{\"protocol_no\": \"26-100\", \"_summary\": {\"status\": [{\"value\": \"Open to Accrual\"}]}, "
               "\"treatment_list\": {\"step\": [{\"step_internal_id\": 1, \"step_code\": \"1\", \"match\": %s}]}}",
            match);
    fclose(f);
    onc_err_t err = {0};
    onc_rc rc = onc_trials_load(path, &ctx, &trials, &err);
    unlink(path);
    if (rc != ONC_OK) {
        fprintf(stderr, "load: %s\n", err.msg);
        check_failed = 1;
        return NULL;
    }
    onc_match_opts_t o;
    onc_match_opts_init(&o);
    o.semantics = sem;
    o.include_ineligible = true;
    o.match_on_closed = true;
    o.match_on_deceased = true;
    o.threads = 1;
    o.comparison_date = (onc_date_t){2000, 7, 12};
    const onc_match_patient_t *ps[] = {p};
    if (onc_match_run(trials, ps, 1, &o, &ctx, &result, &err) != ONC_OK) {
        fprintf(stderr, "run: %s\n", err.msg);
        check_failed = 1;
        return NULL;
    }
    CHECK_INT(onc_match_result_rows(result), 1);
    return onc_match_result_row(result, 0);
}

static bool has_text(const char **v, size_t n, const char *want)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], want)) return true;
    return false;
}

static void dump(const onc_match_row_t *r)
{
    fprintf(stderr, "  status %s; reasons:", onc_match_status_name(r->status));
    for (size_t i = 0; i < r->n_reasons; i++) fprintf(stderr, " [%s]", r->reasons[i]);
    fprintf(stderr, "; unknown:");
    for (size_t i = 0; i < r->n_unknown; i++) fprintf(stderr, " [%s]", r->unknown[i]);
    fprintf(stderr, "; failed:");
    for (size_t i = 0; i < r->n_failed; i++) fprintf(stderr, " [%s]", r->failed[i]);
    fprintf(stderr, "\n");
}

#define EXPECT(row, st, field, text)                                                               \
    do {                                                                                           \
        const onc_match_row_t *r_ = (row);                                                         \
        CHECK(r_ != NULL);                                                                         \
        if (!r_) break;                                                                            \
        CHECK_STR(onc_match_status_name(r_->status), onc_match_status_name(st));                   \
        if ((text) && !has_text(r_->field, r_->n_##field, (text))) {                               \
            fprintf(stderr, "%s:%d: no %s text \"%s\"\n", __FILE__, __LINE__, #field, (const char *)(text)); \
            check_failed = 1;                                                                      \
        }                                                                                          \
        if (check_failed) dump(r_);                                                                \
    } while (0)

static const onc_match_status ELIG = ONC_MATCH_ELIGIBLE, POT = ONC_MATCH_POTENTIAL, INEL = ONC_MATCH_INELIGIBLE;
static const onc_match_semantics ONC = ONC_MATCH_SEM_ONCOBOARD, MM = ONC_MATCH_SEM_MATCHMINER;

static const char *EGFR_TRIAL =
    "[{\"and\": [{\"clinical\": {\"age_numerical\": \">=18\", \"oncotree_primary_diagnosis\": "
    "\"Non-Small Cell Lung Cancer\"}}, {\"genomic\": {\"hugo_symbol\": \"EGFR\", \"protein_change\": \"p.L858R\"}},"
    " {\"genomic\": {\"hugo_symbol\": \"EGFR\", \"protein_change\": \"p.T790M\", \"variant_category\": \"!Mutation\"}}]}]";

static void inclusion_and_exclusion(void)
{
    match_event_t ev[2] = {event(MATCH_CAT_MUTATION, "EGFR", "p.L858R"), event(MATCH_CAT_MUTATION, "EGFR", "p.T790M")};
    onc_match_patient_t p = patient("A");
    set_diag(&p, "LUAD");
    p.birth_date = (onc_date_t){1960, 1, 1};
    p.events = ev, p.n_events = 1, p.sequenced = ONC_TRI_TRUE, p.assume_tested = true;
    EXPECT(run(EGFR_TRIAL, &p, ONC), ELIG, reasons, "EGFR p.L858R");
    EXPECT(run(EGFR_TRIAL, &p, ONC), ELIG, reasons, "!EGFR p.T790M");
    EXPECT(run(EGFR_TRIAL, &p, MM), ELIG, reasons, "EGFR p.L858R");
    /* T790M present: the exclusion fails */
    p.n_events = 2;
    EXPECT(run(EGFR_TRIAL, &p, ONC), INEL, failed, "EGFR p.T790M present");
    EXPECT(run(EGFR_TRIAL, &p, MM), INEL, failed, NULL);
    /* EGFR coverage unknown: the L858R was found, the exclusion is a detail to confirm */
    p.n_events = 1, p.assume_tested = false, p.sequenced = ONC_TRI_UNKNOWN;
    EXPECT(run(EGFR_TRIAL, &p, ONC), POT, unknown, "EGFR not tested");
    EXPECT(run(EGFR_TRIAL, &p, MM), ELIG, reasons, "!EGFR p.T790M"); /* absent data is negative */
    /* no molecular results at all: never potential (the inclusion is unknown) */
    p.n_events = 0;
    EXPECT(run(EGFR_TRIAL, &p, ONC), INEL, unknown, "EGFR not tested");
    EXPECT(run(EGFR_TRIAL, &p, MM), INEL, reasons, NULL);
    /* tested and not found */
    p.assume_tested = true, p.sequenced = ONC_TRI_TRUE;
    EXPECT(run(EGFR_TRIAL, &p, ONC), INEL, failed, "no EGFR p.L858R");
    done();
}

static void clinical_texts(void)
{
    match_event_t ev[1] = {event(MATCH_CAT_MUTATION, "EGFR", "p.L858R")};
    onc_match_patient_t p = patient("B");
    p.events = ev, p.n_events = 1, p.sequenced = ONC_TRI_TRUE, p.assume_tested = true;
    set_diag(&p, "MEL");
    p.birth_date = (onc_date_t){1960, 1, 1};
    EXPECT(run(EGFR_TRIAL, &p, ONC), INEL, failed, "diagnosis Melanoma is not under Non-Small Cell Lung Cancer");
    set_diag(&p, "LUSC");
    p.birth_date = (onc_date_t){1983, 1, 1}; /* 17 on 2000-07-12 */
    EXPECT(run(EGFR_TRIAL, &p, ONC), INEL, failed, "age 17 < 18");
    EXPECT(run(EGFR_TRIAL, &p, MM), INEL, reasons, NULL);
    /* nothing clinical recorded: potential (clinical details), MatchMiner: not a match */
    p.birth_date = (onc_date_t){0, 0, 0};
    p.tumor_type = NULL, p.diagnosis_name = NULL;
    EXPECT(run(EGFR_TRIAL, &p, ONC), POT, unknown, "age not recorded");
    EXPECT(run(EGFR_TRIAL, &p, ONC), POT, unknown, "diagnosis not recorded");
    EXPECT(run(EGFR_TRIAL, &p, MM), INEL, reasons, NULL);
    /* only the age in whole years */
    p.age = 45;
    set_diag(&p, "LUAD");
    EXPECT(run(EGFR_TRIAL, &p, ONC), ELIG, reasons, "EGFR p.L858R");
    p.age = 17;
    EXPECT(run(EGFR_TRIAL, &p, ONC), INEL, failed, "age 17 < 18");
    done();
}

static void negated_clinical_keys(void)
{
    const char *m = "[{\"clinical\": {\"oncotree_primary_diagnosis\": \"!Lung\"}}]";
    onc_match_patient_t p = patient("C");
    EXPECT(run(m, &p, MM), ELIG, reasons, NULL); /* no diagnosis passes a negation in MatchMiner */
    EXPECT(run(m, &p, ONC), POT, unknown, "diagnosis not recorded");
    set_diag(&p, "LUAD");
    EXPECT(run(m, &p, ONC), INEL, failed, "diagnosis Lung Adenocarcinoma is under Lung");
    set_diag(&p, "MEL");
    EXPECT(run(m, &p, ONC), ELIG, reasons, NULL);
    const char *g = "[{\"clinical\": {\"gender\": \"!Male\"}}]";
    p.gender = "Male";
    EXPECT(run(g, &p, ONC), INEL, failed, "gender Male is Male");
    p.gender = "Female";
    EXPECT(run(g, &p, MM), ELIG, reasons, NULL);
    const char *f = "[{\"clinical\": {\"gender\": \"Female\"}}]";
    p.gender = NULL;
    EXPECT(run(f, &p, MM), INEL, reasons, NULL);
    EXPECT(run(f, &p, ONC), POT, unknown, "gender not recorded");
    done();
}

static void solid_liquid_and_descendants(void)
{
    onc_match_patient_t p = patient("D");
    set_diag(&p, "LUAD");
    const onc_match_row_t *r = run("[{\"clinical\": {\"oncotree_primary_diagnosis\": \"_SOLID_\"}}]", &p, ONC);
    EXPECT(r, ELIG, reasons, NULL);
    if (r) CHECK_STR(r->cancer_type_match, "all_solid");
    EXPECT(run("[{\"clinical\": {\"oncotree_primary_diagnosis\": \"_LIQUID_\"}}]", &p, ONC), INEL, reasons, NULL);
    r = run("[{\"clinical\": {\"oncotree_primary_diagnosis\": \"Lung\"}}]", &p, ONC);
    EXPECT(r, ELIG, reasons, NULL);
    if (r) CHECK_STR(r->cancer_type_match, "specific");
    set_diag(&p, "AML");
    EXPECT(run("[{\"clinical\": {\"oncotree_primary_diagnosis\": \"_LIQUID_\"}}]", &p, ONC), ELIG, reasons, NULL);
    done();
}

/* v2.2.3 reads > as >= and < as <=; the default semantics keep them strict. */
static void age_operators(void)
{
    onc_match_patient_t p = patient("E");
    p.birth_date = (onc_date_t){1982, 7, 12}; /* 18 today exactly */
    EXPECT(run("[{\"clinical\": {\"age_numerical\": \">18\"}}]", &p, MM), ELIG, reasons, NULL);
    EXPECT(run("[{\"clinical\": {\"age_numerical\": \">18\"}}]", &p, ONC), INEL, failed, "age 18 <= 18");
    EXPECT(run("[{\"clinical\": {\"age_numerical\": \"<18\"}}]", &p, MM), ELIG, reasons, NULL);
    EXPECT(run("[{\"clinical\": {\"age_numerical\": \"<18\"}}]", &p, ONC), INEL, reasons, NULL);
    EXPECT(run("[{\"clinical\": {\"age_numerical\": \">=18\"}}]", &p, ONC), ELIG, reasons, NULL);
    p.birth_date = (onc_date_t){1982, 7, 13}; /* one day short */
    EXPECT(run("[{\"clinical\": {\"age_numerical\": \">=18\"}}]", &p, ONC), INEL, failed, "age 17 < 18");
    /* months: ".5" is 6 months; a 4-month-old (born 2000-03-12) is < .5 */
    p.birth_date = (onc_date_t){2000, 3, 12};
    EXPECT(run("[{\"clinical\": {\"age_numerical\": \"<.5\"}}]", &p, ONC), ELIG, reasons, NULL);
    EXPECT(run("[{\"clinical\": {\"age_numerical\": \">=.083\"}}]", &p, ONC), ELIG, reasons, NULL);
    done();
}

static void tmb(void)
{
    onc_match_patient_t p = patient("F");
    p.tmb = 40;
    EXPECT(run("[{\"clinical\": {\"tmb_numerical\": \">=10\"}}]", &p, ONC), ELIG, reasons, "TMB = 40.0");
    EXPECT(run("[{\"clinical\": {\"tmb_numerical\": \"<40\"}}]", &p, MM), INEL, reasons, NULL); /* strict */
    EXPECT(run("[{\"clinical\": {\"tmb_numerical\": \"==40\"}}]", &p, MM), ELIG, reasons, "TMB = 40.0");
    p.tmb = 16.5;
    EXPECT(run("[{\"clinical\": {\"tmb_numerical\": \">15\"}}]", &p, ONC), ELIG, reasons, "TMB = 16.5");
    p.tmb = 5;
    EXPECT(run("[{\"clinical\": {\"tmb_numerical\": \">=10\"}}]", &p, ONC), INEL, failed, "TMB 5.0 < 10");
    /* TMB unknown is a biomarker: never potential */
    p.tmb = NAN;
    EXPECT(run("[{\"clinical\": {\"tmb_numerical\": \">=10\"}}]", &p, ONC), INEL, unknown, "TMB not measured");
    done();
}

static void protein_wildcard_category(void)
{
    match_event_t ev[4] = {event(MATCH_CAT_MUTATION, "BRAF", "p.V600E"), event(MATCH_CAT_MUTATION, "BRAF", "p.V600_K601delinsE"),
                           event(MATCH_CAT_CNV, "FGFR1", NULL), event(MATCH_CAT_SV, "ALK", NULL)};
    ev[2].cnv_call = "High level amplification";
    onc_match_patient_t p = patient("G");
    p.events = ev, p.n_events = 4, p.sequenced = ONC_TRI_TRUE, p.assume_tested = true;
    const char *w = "[{\"genomic\": {\"hugo_symbol\": \"BRAF\", \"wildcard_protein_change\": \"p.V600\"}}]";
    const onc_match_row_t *r = run(w, &p, MM);
    EXPECT(r, ELIG, reasons, "BRAF p.V600E");
    if (r) CHECK_INT(r->n_reasons, 1); /* not p.V600_K601delinsE */
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"BRAF\", \"wildcard_protein_change\": \"V600\"}}]", &p, ONC), ELIG,
           reasons, "BRAF p.V600E");
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"FGFR1\", \"cnv_call\": \"High Amplification\"}}]", &p, ONC), ELIG,
           reasons, "FGFR1 High level amplification");
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"FGFR1\", \"variant_category\": \"Any Variation\"}}]", &p, ONC),
           ELIG, reasons, NULL);
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"ALK\", \"variant_category\": \"Any Variation\"}}]", &p, MM), INEL, reasons,
           NULL); /* Any Variation is never a structural variant */
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"FGFR1\", \"variant_category\": \"Copy Number Variation\"}}]", &p, MM),
           ELIG, reasons, NULL);
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"KRAS\", \"variant_category\": \"!Mutation\"}}]", &p, ONC), ELIG,
           reasons, "!KRAS Mutation");
    done();
}

static void exon_classification_wildtype(void)
{
    match_event_t ev[2] = {event(MATCH_CAT_MUTATION, "EGFR", "p.E746_A750del"), event(MATCH_CAT_WT, "KRAS", NULL)};
    ev[0].variant_classification = "In_Frame_Del";
    ev[0].exon = 19;
    ev[1].wildtype = ONC_TRI_TRUE;
    onc_match_patient_t p = patient("H");
    p.events = ev, p.n_events = 2, p.sequenced = ONC_TRI_TRUE, p.assume_tested = true;
    const char *text_exon = "[{\"genomic\": {\"hugo_symbol\": \"EGFR\", \"exon\": \"19\", \"variant_classification\": "
                            "\"In_Frame_Del\"}}]";
    EXPECT(run(text_exon, &p, MM), INEL, reasons, NULL); /* "19" is not 19 in MatchMiner */
    EXPECT(run(text_exon, &p, ONC), ELIG, reasons, "EGFR p.E746_A750del");
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"EGFR\", \"exon\": 19}}]", &p, MM), ELIG, reasons, NULL);
    ev[0].exon_is_text = true; /* a document holding "19" matches a curation of "19" */
    EXPECT(run(text_exon, &p, MM), ELIG, reasons, NULL);
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"KRAS\", \"wildtype\": true}}]", &p, ONC), ELIG, reasons, "wt KRAS");
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"KRAS\", \"wildtype\": \"False\"}}]", &p, ONC), INEL, reasons, NULL);
    done();
}

static void mmr_and_signatures(void)
{
    match_event_t ev[1] = {event(MATCH_CAT_SIGNATURE, NULL, NULL)};
    ev[0].mmr_status = "Deficient (MMR-D / MSI-H)";
    ev[0].signature[MATCH_SIG_TOBACCO] = "Yes";
    ev[0].signature[MATCH_SIG_UVA] = "No";
    onc_match_patient_t p = patient("I");
    p.events = ev, p.n_events = 1, p.sequenced = ONC_TRI_TRUE;
    const onc_match_row_t *r = run("[{\"genomic\": {\"hugo_symbol\": \"None\", \"mmr_status\": \"MMR-Deficient\"}}]", &p, MM);
    EXPECT(r, ELIG, reasons, "MMR-D/MSI-H");
    if (r) CHECK_INT(r->sort_order[1], 20); /* MatchMiner's mmr rank */
    EXPECT(run("[{\"genomic\": {\"ms_status\": \"MSS\"}}]", &p, ONC), INEL, failed, "no MMR-P/MSS");
    r = run("[{\"genomic\": {\"tobacco_signature\": \"Yes\", \"variant_category\": \"Signature\"}}]", &p, ONC);
    EXPECT(r, ELIG, reasons, "Tobacco Signature");
    if (r) CHECK_INT(r->sort_order[1], 40);
    EXPECT(run("[{\"genomic\": {\"uva_signature\": \"No\"}}]", &p, ONC), ELIG, reasons, "No UVA Signature");
    /* no signature results: unknown, and a biomarker inclusion is never potential */
    p.n_events = 0, p.sequenced = ONC_TRI_UNKNOWN;
    EXPECT(run("[{\"genomic\": {\"apobec_signature\": \"Yes\"}}]", &p, ONC), INEL, unknown, NULL);
    done();
}

static void structural_variants(void)
{
    match_event_t ev[3] = {event(MATCH_CAT_SV, NULL, NULL), event(MATCH_CAT_SV, NULL, NULL), event(MATCH_CAT_SV, NULL, NULL)};
    ev[0].structured_sv = true, ev[0].left_partner = "EML4", ev[0].right_partner = "ALK";
    ev[1].structured_sv = true, ev[1].left_partner = "NPM1", ev[1].sv_type = "Structural Variation";
    ev[2].sv_comment = "A fake comment EGFR";
    onc_match_patient_t p = patient("J");
    p.events = ev, p.n_events = 3, p.sequenced = ONC_TRI_TRUE, p.assume_tested = true;
    /* either orientation */
    const onc_match_row_t *r =
        run("[{\"genomic\": {\"hugo_symbol\": \"ALK\", \"fusion_partner_hugo_symbol\": \"EML4\", \"variant_category\": "
            "\"Structural Variation\"}}]", &p, ONC);
    EXPECT(r, ELIG, reasons, "EML4-ALK Structural Variant");
    if (r) CHECK_INT(r->sort_order[3], 0);
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"NPM1\", \"fusion_partner_hugo_symbol\": \"intergenic\", "
               "\"variant_category\": \"Structural Variation\"}}]", &p, ONC), ELIG, reasons,
           "NPM1-intergenic Structural Variation");
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"NPM1\", \"fusion_partner_hugo_symbol\": \"any_gene\", "
               "\"variant_category\": \"Structural Variation\"}}]", &p, ONC), INEL, reasons, NULL);
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"any_gene\", \"fusion_partner_hugo_symbol\": \"ALK\", "
               "\"variant_category\": \"Structural Variation\"}}]", &p, ONC), ELIG, reasons, NULL);
    /* the free-text comment (reports before 2018-12-01 under MatchMiner's semantics) */
    const char *egfr = "[{\"genomic\": {\"hugo_symbol\": \"EGFR\", \"variant_category\": \"Structural Variation\"}}]";
    EXPECT(run(egfr, &p, ONC), ELIG, reasons, "EGFR Structural Variation");
    p.report_date = (onc_date_t){2001, 1, 1};
    EXPECT(run(egfr, &p, MM), ELIG, reasons, "EGFR Structural Variation");
    p.report_date = (onc_date_t){2019, 1, 1}; /* structured data only: the comment no longer counts */
    EXPECT(run(egfr, &p, MM), INEL, reasons, NULL);
    /* an exclusion of a fusion the patient has */
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"EML4\", \"fusion_partner_hugo_symbol\": \"ALK\", "
               "\"variant_category\": \"!Structural Variation\"}}]", &p, ONC), INEL, failed,
           "EML4-ALK Structural Variant present");
    done();
}

static void ignored_keys_and_alteration_classes(void)
{
    onc_match_patient_t p = patient("K");
    EXPECT(run("[{\"clinical\": {\"her2_status\": \"Positive\", \"disease_status\": [\"Advanced\"]}}]", &p, ONC), ELIG, reasons,
           NULL);
    if (!kb) return done();
    onc_alt_t alt;
    onc_alt_init(&alt);
    alt.gene = "EGFR", alt.kind = ONC_KIND_MUTATION, alt.alteration = "L858R", alt.hgvsp = "p.L858R";
    match_event_t ev[1] = {event(MATCH_CAT_MUTATION, "EGFR", "p.L858R")};
    ev[0].alt = &alt;
    p.events = ev, p.n_events = 1, p.sequenced = ONC_TRI_TRUE, p.assume_tested = true;
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"EGFR\", \"alteration\": \"L858R\"}}]", &p, ONC), ELIG, reasons,
           "EGFR p.L858R");
    EXPECT(run("[{\"genomic\": {\"hugo_symbol\": \"EGFR\", \"alteration\": \"Fusions\"}}]", &p, ONC), INEL, failed,
           "no EGFR Fusions");
    done();
}

/* An unknown ECOG-like detail never makes a genomically unmatched patient potential; OR keeps
 * the evidence of the branch that decided it. */
static void potential_and_or_texts(void)
{
    match_event_t ev[1] = {event(MATCH_CAT_MUTATION, "KRAS", "p.G12C")};
    onc_match_patient_t p = patient("L");
    p.events = ev, p.n_events = 1, p.sequenced = ONC_TRI_TRUE, p.assume_tested = true;
    const char *m = "[{\"and\": [{\"clinical\": {\"gender\": \"Male\"}}, {\"or\": [{\"genomic\": {\"hugo_symbol\": "
                    "\"KRAS\", \"protein_change\": \"p.G12C\"}}, {\"genomic\": {\"hugo_symbol\": \"EGFR\", "
                    "\"protein_change\": \"p.L858R\"}}]}]}]";
    const onc_match_row_t *r = run(m, &p, ONC);
    EXPECT(r, POT, reasons, "KRAS p.G12C");
    if (r) CHECK(!has_text(r->failed, r->n_failed, "no EGFR p.L858R")); /* the OR was decided by KRAS */
    ev[0].protein_change = "p.G12D";
    EXPECT(run(m, &p, ONC), INEL, failed, "no KRAS p.G12C");
    done();
}

/* A curator's alias (HER2) finds the lab's approved symbol (ERBB2) in the default semantics;
 * MatchMiner compares the strings. The necessary-gene index knows both. */
static void gene_aliases(void)
{
    match_event_t ev[1] = {event(MATCH_CAT_MUTATION, "ERBB2", "p.Y772_A775dup")};
    onc_match_patient_t p = patient("M");
    p.events = ev, p.n_events = 1, p.sequenced = ONC_TRI_TRUE, p.assume_tested = true;
    const char *m = "[{\"genomic\": {\"hugo_symbol\": \"HER2\", \"variant_category\": \"Mutation\"}}]";
    const onc_match_row_t *r = run(m, &p, ONC);
    EXPECT(r, ELIG, reasons, "ERBB2 p.Y772_A775dup");
    if (trials) CHECK_INT(onc_trials_at(trials, 0)->clauses[0].need.n, 2);
    EXPECT(run(m, &p, MM), INEL, reasons, NULL);
    /* the same through the index (no ineligible rows asked for) */
    onc_match_opts_t o;
    onc_match_opts_init(&o);
    o.threads = 1;
    const onc_match_patient_t *ps[] = {&p};
    onc_match_result_t *res = NULL;
    onc_err_t err = {0};
    run(m, &p, ONC);
    CHECK(trials && onc_match_run(trials, ps, 1, &o, &ctx, &res, &err) == ONC_OK);
    CHECK_INT(onc_match_result_rows(res), 1);
    onc_match_result_free(res);
    done();
}

static void filters_and_order(void)
{
    match_event_t ev[1] = {event(MATCH_CAT_MUTATION, "KRAS", "p.G12C")};
    onc_match_patient_t a = patient("P1"), b = patient("P2");
    a.events = ev, a.n_events = 1, a.sequenced = ONC_TRI_TRUE, a.assume_tested = true;
    b = a;
    b.id = "P2";
    b.deceased = ONC_TRI_TRUE;
    onc_trials_t *t = NULL;
    onc_err_t err = {0};
    CHECK(onc_trials_load("tests/data/match/egfr.yaml", &ctx, &t, &err) == ONC_OK);
    if (!t) return;
    const onc_match_patient_t *ps[] = {&a, &b};
    onc_match_opts_t o;
    onc_match_opts_init(&o);
    o.include_ineligible = true;
    o.comparison_date = (onc_date_t){2026, 1, 1};
    onc_match_result_t *r = NULL;
    /* arm B and the dose level are suspended: only arm A, and only the living patient */
    CHECK(onc_match_run(t, ps, 2, &o, &ctx, &r, &err) == ONC_OK);
    CHECK_INT(onc_match_result_rows(r), 1);
    onc_match_result_free(r);
    o.match_on_closed = o.match_on_deceased = true;
    for (unsigned threads = 1; threads <= 3; threads++) {
        o.threads = threads;
        CHECK(onc_match_run(t, ps, 2, &o, &ctx, &r, &err) == ONC_OK);
        CHECK_INT(onc_match_result_rows(r), 6);
        /* eligible (arm B: KRAS p.G12 wildcard, suspended), potential (the dose level: gender
         * unknown), ineligible (arm A: EGFR) */
        const onc_match_row_t *row[3] = {onc_match_result_row(r, 0), onc_match_result_row(r, 1),
                                         onc_match_result_row(r, 2)};
        if (row[0] && row[1] && row[2]) {
            CHECK_STR(row[0]->case_id, "P1");
            CHECK_STR(row[0]->code, "B");
            CHECK(!row[0]->open);
            CHECK_INT(row[0]->sort_order[0], -1);
            CHECK_INT(row[0]->status, ONC_MATCH_ELIGIBLE);
            CHECK_STR(row[1]->level, "dose");
            CHECK_INT(row[1]->status, ONC_MATCH_POTENTIAL);
            CHECK_STR(row[2]->code, "A");
            CHECK_INT(row[2]->status, ONC_MATCH_INELIGIBLE);
            CHECK_INT(row[2]->sort_order[0], 1);
            CHECK_INT(row[2]->sort_order[5], 0); /* Dana-Farber coordinating center */
            CHECK_INT(row[2]->sort_order[6], 26001);
        }
        const onc_match_row_t *fourth = onc_match_result_row(r, 3);
        if (fourth) CHECK_STR(fourth->case_id, "P2");
        onc_match_result_free(r);
    }
    o.trial_id = "NCT99999999";
    CHECK_INT(onc_match_run(t, ps, 2, &o, &ctx, &r, &err), ONC_ENOTFOUND);
    onc_trials_free(t);
}

int main(void)
{
    onc_err_t err = {0};
    tree = onc_oncotree_load(NULL, &err);
    kb = onc_kb_load(NULL, &err);
    genes = onc_genes_load(NULL, &err);
    ctx.oncotree = tree;
    ctx.kb = kb;
    ctx.genes = genes;
    RUN(inclusion_and_exclusion);
    RUN(clinical_texts);
    RUN(negated_clinical_keys);
    RUN(solid_liquid_and_descendants);
    RUN(age_operators);
    RUN(tmb);
    RUN(protein_wildcard_category);
    RUN(exon_classification_wildtype);
    RUN(mmr_and_signatures);
    RUN(structural_variants);
    RUN(ignored_keys_and_alteration_classes);
    RUN(potential_and_or_texts);
    RUN(gene_aliases);
    RUN(filters_and_order);
    done();
    onc_kb_free(kb);
    onc_genes_free(genes);
    onc_oncotree_free(tree);
    CHECK_EXIT();
}
