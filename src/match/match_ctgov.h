/* match_ctgov.h: what the ClinicalTrials.gov importer's two halves share.
 *
 * match_ctgov.c reads the API v2 record and builds the CTML skeleton (ids, titles, phase,
 * status, arms, drugs, the structured age and sex); match_ctgov_text.c reads the free-text
 * eligibility criteria and suggests CTML leaves from it. Every suggested leaf is a match-tree
 * node with a "suggestion" member quoting the sentence it came from (match.h: the loader refuses
 * a trial that still holds one, so a curator confirms each).
 */
#ifndef ONCOBOARD_MATCH_CTGOV_H
#define ONCOBOARD_MATCH_CTGOV_H

#include "oncoboard/error.h"
#include "oncoboard/match.h"

#include <jansson.h>
#include <stdbool.h>

/* Caps: eligibility text beyond this is refused (real records hold < 20 KiB), and a record
 * yielding more suggestions than this is refused rather than cut short. */
#define CTGOV_TEXT_MAX ((size_t)256 << 10)
#define CTGOV_SUGGESTIONS_MAX 1000

/* A suggestion made under a cohort sub-heading ("Substudy 01: ...", "Subprotocol B - ...")
 * carries the heading in this member, for match_ctgov.c to place it in that cohort's arms; it
 * is removed before the document is returned. */
#define CTGOV_COHORT "_cohort"

/* Appends to `and` (a JSON array) the criteria suggested by the eligibility text: inclusion
 * criteria as written, exclusion criteria negated; identical criteria are kept once. ctx
 * supplies gene symbols, aliases, agents and knowledge-base classes (kb, genes) and OncoTree
 * names (oncotree); any of them may be NULL, which only narrows what is recognised.
 * ONC_ELIMIT past the caps above, ONC_ENOMEM; the message names `where` (file and field). */
onc_rc ctgov_suggest(const char *text, const onc_match_ctx_t *ctx, json_t *and_list, const char *where,
                     onc_err_t *err) ONC_MUST_CHECK;

/* True when two match-tree nodes state the same criterion (their genomic, clinical, or, and
 * members are equal), whatever their suggestion and cohort members. */
bool ctgov_same_criterion(const json_t *a, const json_t *b);

#endif
