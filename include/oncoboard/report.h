/* report.h: the molecular tumor board report of a case, as one JSON document.
 *
 * onc_report_build() turns a classification (classify.h) into the document of CONTRACTS.md
 * "Report JSON" (case_id, tumor_type, kb_version, oncoboard_version, molecular_group, drivers,
 * not_assessed, alterations, immunotherapy, comparison, trials, warnings) with provenance added
 * (generated, command, inputs with sha256). The renderers (Markdown, HTML: report_view.h) read
 * this document and nothing else: its keys are their contract.
 */
#ifndef ONCOBOARD_REPORT_H
#define ONCOBOARD_REPORT_H

#include "oncoboard/case.h"
#include "oncoboard/classify.h"
#include "oncoboard/error.h"
#include "oncoboard/kb.h"

#include <jansson.h>
#include <stdio.h>

typedef struct onc_report_opts {
    int no_version;          /* 1: leave out oncoboard_version, generated and command (goldens) */
    const char *command;     /* the command line, for provenance; NULL: left out */
    const char *generated;   /* "2026-11-29T01:02:03Z"; NULL: left out */
    const char *case_path;   /* the case file as named, for inputs[]; NULL: left out */
    const char *trials_path; /* the trial portfolio matched, for inputs[]; NULL: none */
    const json_t *trials;    /* the trials section: an array of Match JSON rows (match.h's
                                onc_match_row_json), borrowed; NULL: empty */
} onc_report_opts_t;

void onc_report_opts_init(onc_report_opts_t *o);

/* The report document (a new reference: json_decref it), or NULL with err set (ONC_ENOMEM,
 * ONC_EIO when an input file cannot be read for its checksum). */
json_t *onc_report_build(const onc_case_t *c, const onc_kb_t *kb, const onc_classification_t *cl,
                         const onc_report_opts_t *o, onc_err_t *err);

/* Writes the document as indented JSON with a final newline. ONC_OK or ONC_EIO. */
onc_rc onc_report_write_json(const json_t *report, FILE *out, onc_err_t *err) ONC_MUST_CHECK;

/* The sha256 of the file at path as 64 lower-case hex digits into hex (65 bytes). ONC_OK or
 * ONC_EIO with err naming the file. */
onc_rc onc_sha256_file(const char *path, char hex[65], onc_err_t *err) ONC_MUST_CHECK;

#endif
