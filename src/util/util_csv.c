/* util_csv.c: the RFC 4180 splitter of csv.h. Unquoting is done in place: the text written
 * back is never longer than the text read (quotes only go away), so a write cursor trails
 * the read cursor and every cell ends on a byte that held its comma, its closing quote or
 * its line end. */
#include "oncoboard/csv.h"

/* Reads one quoted cell starting after its opening quote at text[*r]; writes it at *w. */
static int quoted_cell(char *text, size_t len, size_t *r, size_t *w, uint64_t *nl)
{
    for (;;) {
        if (*r >= len) return ONC_CSV_OPEN_QUOTE;
        char c = text[(*r)++];
        if (c == '"') {
            if (*r < len && text[*r] == '"') {
                text[(*w)++] = '"';
                (*r)++;
                continue;
            }
            return 0;
        }
        if (c == '\n' && nl) (*nl)++;
        text[(*w)++] = c;
    }
}

int onc_csv_split(char *text, size_t len, size_t *pos, char **cells, int max, uint64_t *newlines)
{
    size_t r = *pos, w = *pos;
    if (r >= len) return ONC_CSV_END;
    int n = 0;
    for (;;) {
        if (n == max) return ONC_CSV_TOO_MANY;
        size_t start = w;
        if (r < len && text[r] == '"') {
            r++;
            int rc = quoted_cell(text, len, &r, &w, newlines);
            if (rc) return rc;
            if (r < len && text[r] != ',' && text[r] != '\n' && !(text[r] == '\r' && r + 1 < len && text[r + 1] == '\n') &&
                !(text[r] == '\r' && r + 1 == len))
                return ONC_CSV_AFTER_QUOTE;
        } else {
            while (r < len && text[r] != ',' && text[r] != '\n') text[w++] = text[r++];
            if (w > start && text[w - 1] == '\r' && (r == len || text[r] == '\n')) w--; /* CRLF */
        }
        char stop = r < len ? text[r] : '\n';
        if (stop == '\r') { /* CR of a CRLF after a quoted cell */
            r++;
            stop = '\n';
        }
        text[w] = '\0';
        cells[n++] = text + start;
        r++; /* past the comma or line end */
        w = r;
        if (stop == '\n') {
            if (r <= len && newlines && r - 1 < len) (*newlines)++;
            *pos = r > len ? len : r;
            return n;
        }
    }
}
