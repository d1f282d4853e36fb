/* report_digest.h: what a tumor board decides on in a report, reduced to a canonical digest, and
 * the differences between two digests explained item by item.
 *
 * After a knowledge-base update the board must look again at the patients whose report changed
 * in a way that can change a decision (docs/registry.md "Re-annotation"): the molecular group,
 * the primary driver, and per alteration its oncogenicity, role, ESCAT tier and therapies
 * (agents, effect, tier), and, when trials were matched, the trial statuses. The digest holds
 * exactly these, in a canonical order, so that two reports built at different times compare as
 * equal text when nothing of that changed, and a difference can be named ("EGFR L858R: therapy
 * amivantamab+lazertinib added (I-A not verified)"). It is built from the report document
 * (report.h), the renderers' contract, so that what is compared is what the board reads.
 *
 * Digest (format 1), a JSON object:
 *   {"format": 1, "molecular_group": "EGFR_COMMON", "primary_driver": "EGFR L858R" | null,
 *    "alterations": [{"gene", "kind", "alteration", "oncogenicity", "role", "escat",
 *                     "escat_verified", "therapies": [{"agents": "a+b", "effect", "escat",
 *                     "escat_verified"}]}],        sorted by gene, kind, alteration
 *    "trials": [{"trial", "clause", "status"}]}    only when trials were matched; sorted
 * A therapy's agents are sorted and joined with "+"; evidence items with the same agents and
 * effect are one therapy with the best tier. An ESCAT tier is the one the report shows whether
 * verified or not, with escat_verified saying which (null when there is no tier).
 */
#ifndef ONCOBOARD_REPORT_DIGEST_H
#define ONCOBOARD_REPORT_DIGEST_H

#include "oncoboard/error.h"

#include <jansson.h>
#include <stdbool.h>

#define ONC_DIGEST_FORMAT 1
#define ONC_DIGEST_TEXT_MAX 2048 /* one change's explanation; longer is ONC_ELIMIT */

/* The digest of report (a document of onc_report_build), a new reference; with_trials: the
 * report's trials section is part of it (its rows say eligible or potential). NULL with err set
 * (ONC_EPARSE naming the key when report lacks what a report holds, ONC_ENOMEM). */
json_t *onc_report_digest(const json_t *report, bool with_trials, onc_err_t *err);

/* The canonical text of a digest: compact JSON, keys sorted, arrays in the digest's order. A new
 * string (free()), NULL when out of memory. */
char *onc_report_digest_text(const json_t *digest);

/* A digest text back (a stored snapshot); NULL with err set (ONC_EPARSE) when it is not one. */
json_t *onc_report_digest_parse(const char *text, onc_err_t *err);

/* What changed from before to after, a new array of {"item", "change", "before", "after",
 * "text"} objects, in the order: molecular group, primary driver, alterations (digest order; per
 * alteration: added or removed, oncogenicity, role, tier, then its therapies), trials. change is
 * one of molecular_group, primary_driver, alteration_added, alteration_removed, oncogenicity,
 * role, escat, therapy_added, therapy_removed, therapy_escat, trial_added, trial_removed,
 * trial_status; before/after are the values compared (null when absent); text is the sentence for
 * the board. Trials are compared only when both digests hold them. An empty array: nothing the
 * board decides on changed. NULL with err set (ONC_ENOMEM, ONC_ELIMIT, ONC_EPARSE for a digest
 * of another format). */
json_t *onc_report_digest_diff(const json_t *before, const json_t *after, onc_err_t *err);

#endif
