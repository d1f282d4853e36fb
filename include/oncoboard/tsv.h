/* tsv.h: cutting a line of a tab-separated table into its cells.
 *
 * One splitter for every table reader: the kb/ row cursor (kbfile.h), the lab-file tables of
 * src/io (io_text.c) and the tests' MAF reader. Readers keep their own policies (caps, short
 * rows, whether spaces around a cell matter); this only finds the cells.
 */
#ifndef ONCOBOARD_TSV_H
#define ONCOBOARD_TSV_H

#include <stddef.h>

enum onc_tsv_trim { ONC_TSV_KEEP = 0, ONC_TSV_TRIM = 1 };

/* Cuts line[0, len) at tabs in place into cells: each cell is NUL-terminated where its tab
 * (or line[len]) was, and with ONC_TSV_TRIM without leading and trailing white space.
 * Returns the number of cells (an empty line is one empty cell), or -1 when there are more
 * than max. line[len] must be writable (a NUL or a newline, typically). */
int onc_tsv_split(char *line, size_t len, char **cells, int max, enum onc_tsv_trim trim);

#endif
