/* cli_design.h: what the design command's files share (cli_design.c holds the option helpers
 * and the protocol tables; cli_design_boin12.c the BOIN12 command). */
#ifndef ONCOBOARD_CLI_DESIGN_H
#define ONCOBOARD_CLI_DESIGN_H

#include <stdbool.h>

/* A comma-separated list of at most cap numbers in [min, max]: their count, or -1 after a message
 * naming --opt. */
int cli_design_numbers(const char *opt, const char *s, double min, double max, double *out, int cap);
/* --format: 0 JSON, 1 Markdown, 2 HTML; -1 after a message. */
int cli_design_doc_format(const char *format);
/* A protocol table as Markdown or an HTML fragment: a title, rows (the first the head), the end. */
void cli_design_doc_title(bool html, const char *title);
void cli_design_doc_row(bool html, const char *const *cells, int n, bool head);
void cli_design_doc_end(bool html);

/* `design boin12 ...`: argv[0] "boin12", argv[1] the action. */
int cmd_design_boin12(int argc, char **argv);

#endif
