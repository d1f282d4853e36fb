/* report_view.h: the human views of a molecular tumor board report.
 *
 * The report itself is a jansson document with the keys of CONTRACTS.md ("Report JSON") plus
 * provenance and a patient summary, built by the classifier. These functions only render it:
 * Markdown (GitHub-flavoured tables) and one self-contained HTML file (inline CSS and SVG, no
 * scripts, fonts or images from anywhere, printable on A4). Both views show the same sections in
 * the same order (docs/report.md). Every text taken from the document is escaped for its format,
 * invalid UTF-8 is shown as U+FFFD, and a missing value (null or absent) is written as
 * "unknown" or "not tested", never as "no" or 0.
 *
 * Keys read beyond CONTRACTS.md, all optional (a view shows what it finds):
 *   "patient": {scalar fields..., "therapies": [{"line", "agents", "start", "end",
 *               "best_response", "progression"}]}
 *   "provenance": {"oncoboard_version", "kb_version", "generated", "command",
 *                  "inputs": [{"path", "sha256"}]}   (top-level "generated" and "command" too)
 *   alteration / therapy: "escat_verified": false (the tier is shown as unverified), "vaf",
 *                  "depth", "sample"
 *   "resistance": [{"gene", "alteration", "agents", "note", "source"}] (otherwise derived from
 *                  the alterations whose role is resistance or whose therapies are resisted)
 */
#ifndef ONCOBOARD_REPORT_VIEW_H
#define ONCOBOARD_REPORT_VIEW_H

#include "oncoboard/error.h"

#include <jansson.h>
#include <stdio.h>

/* Writes the report as GitHub-flavoured Markdown to out. Returns ONC_EINVAL when report is not
 * an object, ONC_EIO when out cannot be written, ONC_ENOMEM. Nothing is written on an error
 * found before output starts (the whole view is built in memory first). */
onc_rc onc_report_render_md(const json_t *report, FILE *out, onc_err_t *err);

/* Writes the report as one self-contained HTML5 document to out. Same contract. */
onc_rc onc_report_render_html(const json_t *report, FILE *out, onc_err_t *err);

#endif
