/* tsv_rows.h: reading the shared MAF/TSV files in unit tests: rows split at tabs and cells
 * looked up by column name. Test code only (the readers in src/io have io_table); cells are cut
 * by the library's onc_tsv_split, as everywhere. */
#ifndef ONCOBOARD_TEST_TSV_ROWS_H
#define ONCOBOARD_TEST_TSV_ROWS_H

#include "oncoboard/tsv.h"

#include <stdio.h>
#include <string.h>

#define TSV_COLS_MAX 256

typedef struct tsv_rows {
    FILE *fp;
    char header[65536], line[65536];
    char *names[TSV_COLS_MAX], *cells[TSV_COLS_MAX];
    int n_names, n_cells;
} tsv_rows_t;

/* Cuts line at tabs into at most max cells: the count, or -1 when there are more. */
static int tsv_split(char *line, char **out, int max)
{
    return onc_tsv_split(line, strlen(line), out, max, ONC_TSV_KEEP);
}

/* Opens path and reads its header (lines starting with '#' are skipped). 0 on success. */
__attribute__((unused)) static int tsv_open(tsv_rows_t *t, const char *path)
{
    t->n_names = 0;
    if (!(t->fp = fopen(path, "r"))) return -1;
    while (fgets(t->header, sizeof t->header, t->fp)) {
        t->header[strcspn(t->header, "\r\n")] = '\0';
        if (t->header[0] == '#' || !t->header[0]) continue;
        t->n_names = tsv_split(t->header, t->names, TSV_COLS_MAX);
        if (t->n_names < 0) break; /* more columns than TSV_COLS_MAX */
        return 0;
    }
    fclose(t->fp);
    return -1;
}

/* Next row with as many cells as the header: 1, or 0 at the end (the file is closed). */
__attribute__((unused)) static int tsv_next_row(tsv_rows_t *t)
{
    while (fgets(t->line, sizeof t->line, t->fp)) {
        t->line[strcspn(t->line, "\r\n")] = '\0';
        if (t->line[0] == '#' || !t->line[0]) continue;
        t->n_cells = tsv_split(t->line, t->cells, TSV_COLS_MAX);
        if (t->n_cells == t->n_names) return 1;
    }
    fclose(t->fp);
    return 0;
}

/* The cell of the current row under column name, or NULL when there is no such column. */
__attribute__((unused)) static const char *tsv_cell(const tsv_rows_t *t, const char *name)
{
    for (int i = 0; i < t->n_names; i++)
        if (!strcmp(t->names[i], name)) return t->cells[i];
    return NULL;
}

#endif
