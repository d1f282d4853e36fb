/* fuzz_match_eval.c: arbitrary bytes as a CTML trial, matched against a few fixed hand-built
 * patients in both semantics, with ineligible rows and MatchMiner's per-path records.
 * Oracles beyond "no crash": every row has a status and a level; under MatchMiner's semantics
 * no row is potential; the rows do not depend on the number of threads; records only belong to
 * eligible rows. */
#include "fuzz_file.h"
#include "match/match_patient.h"
#include "oncoboard/match.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static onc_oncotree_t *tree;
static match_event_t events[6];
static onc_match_patient_t pats[3];

static void setup(void)
{
    onc_err_t err = {0};
    if (!(tree = onc_oncotree_load(NULL, &err))) abort();
    for (size_t i = 0; i < 6; i++) events[i].exon = ONC_INT_MISSING;
    events[0] = (match_event_t){.category = MATCH_CAT_MUTATION, .gene = "EGFR", .protein_change = "p.L858R",
                                .variant_classification = "Missense_Mutation", .exon = 21, .tier = 1};
    events[1] = (match_event_t){.category = MATCH_CAT_MUTATION, .gene = "EGFR", .protein_change = "p.E746_A750del",
                                .variant_classification = "In_Frame_Del", .exon = 19, .exon_is_text = true};
    events[2] = (match_event_t){.category = MATCH_CAT_CNV, .gene = "MET", .cnv_call = "High level amplification",
                                .exon = ONC_INT_MISSING};
    events[3] = (match_event_t){.category = MATCH_CAT_SV, .left_partner = "EML4", .right_partner = "ALK",
                                .structured_sv = true, .exon = ONC_INT_MISSING};
    events[4] = (match_event_t){.category = MATCH_CAT_SV, .sv_comment = "KIF5B-RET fusion", .exon = ONC_INT_MISSING};
    events[5] = (match_event_t){.category = MATCH_CAT_SIGNATURE, .mmr_status = "Deficient (MMR-D / MSI-H)",
                                .exon = ONC_INT_MISSING, .signature = {"Yes", "No", "Yes", NULL, "Cannot assess"}};
    pats[0] = (onc_match_patient_t){.id = "full", .gender = "Female", .birth_date = {1960, 2, 29}, .age = ONC_INT_MISSING,
                                    .tumor_type = onc_oncotree_find(tree, "LUAD"), .diagnosis_name = "Lung Adenocarcinoma",
                                    .tmb = 12.5, .events = events, .n_events = 6, .sequenced = ONC_TRI_TRUE,
                                    .assume_tested = true, .report_date = {2019, 1, 1}};
    pats[1] = (onc_match_patient_t){.id = "empty", .age = ONC_INT_MISSING, .tmb = NAN};
    pats[2] = (onc_match_patient_t){.id = "old", .age = 70, .diagnosis_name = "Gibberish", .tmb = NAN,
                                    .events = events + 2, .n_events = 3, .sequenced = ONC_TRI_UNKNOWN,
                                    .deceased = ONC_TRI_TRUE, .report_date = {2001, 5, 5}};
}

static int same_rows(const onc_match_result_t *a, const onc_match_result_t *b)
{
    if (onc_match_result_rows(a) != onc_match_result_rows(b)) return 0;
    for (size_t i = 0; i < onc_match_result_rows(a); i++) {
        const onc_match_row_t *x = onc_match_result_row(a, i), *y = onc_match_result_row(b, i);
        if (x->status != y->status || x->trial != y->trial || strcmp(x->match_path, y->match_path) ||
            x->n_reasons != y->n_reasons || x->n_failed != y->n_failed || x->n_unknown != y->n_unknown)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tree) setup();
    onc_match_ctx_t ctx = {.oncotree = tree};
    char path[64];
    if (fuzz_write_temp("match_eval", data, size, path, sizeof path)) return 0;
    onc_err_t err = {0};
    onc_trials_t *t = NULL;
    onc_rc rc = onc_trials_load(path, &ctx, &t, &err);
    unlink(path);
    if (rc != ONC_OK) return 0;
    const onc_match_patient_t *ps[] = {&pats[0], &pats[1], &pats[2]};
    for (int sem = 0; sem < 2; sem++) {
        onc_match_opts_t o;
        onc_match_opts_init(&o);
        o.semantics = (onc_match_semantics)sem;
        o.include_ineligible = o.match_on_closed = o.match_on_deceased = o.records = true;
        o.comparison_date = (onc_date_t){2000, 7, 12};
        o.threads = 1;
        onc_match_result_t *r1 = NULL, *r2 = NULL;
        if (onc_match_run(t, ps, 3, &o, &ctx, &r1, &err) != ONC_OK) {
            if (!err.msg[0]) abort();
            continue;
        }
        for (size_t i = 0; i < onc_match_result_rows(r1); i++) {
            const onc_match_row_t *row = onc_match_result_row(r1, i);
            if (!row->level || !row->case_id) abort();
            if (sem == ONC_MATCH_SEM_MATCHMINER && row->status == ONC_MATCH_POTENTIAL) abort();
        }
        for (size_t i = 0; i < onc_match_result_records(r1); i++)
            if (onc_match_result_record(r1, i)->row->status != ONC_MATCH_ELIGIBLE) abort();
        o.threads = 3;
        o.records = false;
        if (onc_match_run(t, ps, 3, &o, &ctx, &r2, &err) != ONC_OK) abort();
        if (!same_rows(r1, r2)) abort();
        onc_match_result_free(r1);
        onc_match_result_free(r2);
    }
    onc_trials_free(t);
    return 0;
}
