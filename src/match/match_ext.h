/* match_ext.h: the CTML extension keys of a thoracic early-phase unit (docs/ctml-extensions.md).
 *
 * CTML has no field for ECOG, lines of therapy, prior therapies, washout, PD-L1, brain
 * metastases, stage, histology, measurable disease or laboratory values. These keys live in
 * `clinical` leaves beside MatchMiner's own keys; each one is compiled once from its CTML value
 * into a typed condition and evaluated against a case with three outcomes. The core
 * (match_ctml.c, match_eval.c) knows nothing of them beyond this interface.
 *
 * A value may be negated with a leading '!' where the key's documentation allows it; the
 * extension handles its own negation. Under --semantics matchminer the core turns an
 * unknown outcome into not met (MatchMiner ignores keys it does not know: absent data is
 * negative).
 */
#ifndef ONCOBOARD_MATCH_EXT_H
#define ONCOBOARD_MATCH_EXT_H

#include "oncoboard/case.h"
#include "oncoboard/classify.h"
#include "oncoboard/doc.h"
#include "oncoboard/error.h"
#include "oncoboard/kb.h"
#include "oncoboard/oncotree.h"
#include "oncoboard/strbuf.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct match_ext_cond match_ext_cond_t;

/* What an unknown outcome of the key means for the "potential" status: a clinical detail
 * (ECOG, labs, washout ... a screening visit settles it) or a biomarker (PD-L1: a test that
 * decides whether the trial is for this patient at all). */
typedef enum match_ext_class { MATCH_EXT_CLINICAL_DETAIL = 0, MATCH_EXT_BIOMARKER = 1 } match_ext_class;

/* What an extension may consult. c is NULL for patients read from MatchMiner documents (every
 * extension key is then unknown). */
typedef struct match_ext_env {
    const onc_case_t *c;
    const onc_classification_t *cl; /* may be NULL */
    const onc_kb_t *kb;             /* may be NULL */
    const onc_oncotree_t *oncotree;
    onc_date_t today;               /* the comparison date (time windows, washout) */
} match_ext_env_t;

/* True when key is an extension key of clinical leaves. */
bool match_ext_is_key(const char *key);

/* Compiles value (a node of doc, at `line`, named `field` in messages, e.g.
 * "treatment_list.step[0].arm[0].match[0].clinical.ecog") into *out. A malformed value is
 * ONC_EPARSE with onc_doc_fail's "FILE:LINE: field F: message". */
onc_rc match_ext_compile(const char *key, const json_t *value, const onc_doc_t *doc, uint64_t line,
                         const char *field, const onc_oncotree_t *oncotree, match_ext_cond_t **out,
                         onc_err_t *err) ONC_MUST_CHECK;

/* Evaluates the condition. text receives what a clinician reads: when met the evidence
 * ("ECOG 1"), when not met what failed ("ECOG 2 > 1"), when unknown what is missing
 * ("ECOG not recorded", "PD-L1 not tested"). */
onc_tri match_ext_eval(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text);

match_ext_class match_ext_class_of(const match_ext_cond_t *c);
void match_ext_free(match_ext_cond_t *c); /* accepts NULL */

#endif
