/* csv.h: cutting comma-separated text (RFC 4180) into records and cells.
 *
 * MatchMiner's clinical and genomic exports come as CSV with a header (pandas' to_csv, Excel):
 * a cell may be quoted ("..."), a quote inside a quoted cell is doubled (""), and a quoted
 * cell may hold commas and line breaks, so a record is not a line. Records end at LF or CRLF.
 * Like tsv.h this only finds the cells; readers keep their own policies.
 */
#ifndef ONCOBOARD_CSV_H
#define ONCOBOARD_CSV_H

#include <stddef.h>
#include <stdint.h>

enum {
    ONC_CSV_END = 0,          /* no record left (only at *pos == len) */
    ONC_CSV_TOO_MANY = -1,    /* more than max cells */
    ONC_CSV_OPEN_QUOTE = -2,  /* a quoted cell runs to the end of the text */
    ONC_CSV_AFTER_QUOTE = -3  /* text between a closing quote and the next comma */
};

/* Cuts the record of text[0, len) that starts at *pos, in place: quotes are removed, doubled
 * quotes undone and each cell NUL-terminated (text[len] must be writable). Writes up to max
 * cell pointers to cells and returns their number (an empty line is one empty cell), or one
 * of the negative codes above. *pos moves past the record and its line end; *newlines (if
 * not NULL) grows by the line breaks consumed, quoted ones included, so that callers can
 * name the line of the next record. */
int onc_csv_split(char *text, size_t len, size_t *pos, char **cells, int max, uint64_t *newlines);

#endif
