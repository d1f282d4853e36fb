/* bed.h: a BED file of genomic intervals (a panel's coding regions), indexed for lookups.
 *
 * BED intervals are 0-based and half-open: "chr7 55019016 55019365" covers the 1-based
 * positions 55019017..55019365. Chromosome names match with or without a "chr" prefix
 * ("chr7" and "7" are the same chromosome; "chrM", "M" and "MT" too), so a BED written for
 * one naming serves files written in the other. Overlapping or adjacent intervals are merged;
 * the file need not be sorted. "track" and "browser" lines, '#' comments and blank lines are
 * skipped; any other line that is not "CHROM START END [...]" is an error naming file:line.
 */
#ifndef ONCOBOARD_BED_H
#define ONCOBOARD_BED_H

#include "oncoboard/alteration.h" /* ONC_POS_MISSING */
#include "oncoboard/error.h"

#include <stdint.h>

typedef struct onc_bed onc_bed_t;

#define ONC_BED_MAX_INTERVALS ((uint64_t)50 << 20) /* more is an error (ONC_ELIMIT) */

/* Reads path (plain, gzip or bgzip). Returns a new index to free with onc_bed_free(), or NULL
 * with err set ("panel.bed:12: field END: ..."). */
onc_bed_t *onc_bed_load(const char *path, onc_err_t *err);
void onc_bed_free(onc_bed_t *b); /* accepts NULL */

/* 1 when the 1-based position pos on chrom is inside an interval, else 0 (also for a
 * chromosome the BED does not name, and for ONC_POS_MISSING). */
int onc_bed_contains(const onc_bed_t *b, const char *chrom, int64_t pos);

/* Bases covered, after merging overlaps; and the number of merged intervals. */
uint64_t onc_bed_bases(const onc_bed_t *b);
uint64_t onc_bed_n_intervals(const onc_bed_t *b);
/* The path the index was read from. */
const char *onc_bed_path(const onc_bed_t *b);

#endif
