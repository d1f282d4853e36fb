/* io_bed.c: BED intervals (a panel's coding regions) read into a sorted, merged index.
 *
 * TMB counts only what lies in the panel's coding regions when a BED says where they are.
 * The whole file is read once into a flat array, sorted by chromosome and start, merged
 * (overlapping and adjacent intervals become one), and cut into one run per chromosome; a
 * lookup is a binary search of the chromosome names and then of that chromosome's starts.
 * Names are compared without their "chr" prefix so that a UCSC-style BED serves an
 * Ensembl-style VCF. Memory is 24 bytes per interval, capped by ONC_BED_MAX_INTERVALS.
 */
#include "io_int.h"
#include "oncoboard/bed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BED_CHROM_MAX 255            /* longer chromosome names are an error */
#define BED_COORD_MAX ((int64_t)1 << 40) /* far beyond any chromosome */

typedef struct bed_iv { uint32_t chrom; int64_t start, end; } bed_iv_t;
typedef struct bed_chrom { char *name; uint64_t first, n; } bed_chrom_t;

struct onc_bed {
    char *path;
    bed_iv_t *iv;
    uint64_t n_iv, m_iv;
    bed_chrom_t *chroms; /* sorted by name after loading */
    uint32_t n_chroms, m_chroms;
    uint64_t bases;
};

/* "chr7" -> "7", "chrM" and "M" -> "MT"; writes into buf (BED_CHROM_MAX + 1 bytes). Returns
 * -1 when the name is empty or too long. */
static int chrom_key(const char *s, size_t len, char *buf)
{
    if (len >= 3 && strncasecmp(s, "chr", 3) == 0) s += 3, len -= 3;
    if (len == 0 || len > BED_CHROM_MAX) return -1;
    if (len == 1 && (*s == 'M' || *s == 'm')) s = "MT", len = 2;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return 0;
}

static int chrom_cmp(const void *a, const void *b)
{
    return strcmp(((const bed_chrom_t *)a)->name, ((const bed_chrom_t *)b)->name);
}

static int iv_cmp(const void *a, const void *b)
{
    const bed_iv_t *x = a, *y = b;
    if (x->chrom != y->chrom) return x->chrom < y->chrom ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The id of chromosome key, added when new (during loading names are in file order). */
static onc_rc chrom_id(onc_bed_t *b, const char *key, uint32_t *id)
{
    /* Consecutive lines usually share a chromosome: check the last one first. */
    if (b->n_chroms && strcmp(b->chroms[b->n_chroms - 1].name, key) == 0) {
        *id = b->n_chroms - 1;
        return ONC_OK;
    }
    for (uint32_t i = 0; i < b->n_chroms; i++)
        if (strcmp(b->chroms[i].name, key) == 0) return *id = i, ONC_OK;
    if (b->n_chroms == b->m_chroms) {
        uint32_t m = b->m_chroms ? b->m_chroms * 2 : 32;
        bed_chrom_t *c = realloc(b->chroms, m * sizeof *c);
        if (!c) return ONC_ENOMEM;
        b->chroms = c;
        b->m_chroms = m;
    }
    if (!(b->chroms[b->n_chroms].name = strdup(key))) return ONC_ENOMEM;
    *id = b->n_chroms++;
    return ONC_OK;
}

static onc_rc push_iv(onc_bed_t *b, uint32_t chrom, int64_t start, int64_t end)
{
    if (b->n_iv == b->m_iv) {
        uint64_t m = b->m_iv ? b->m_iv * 2 : 1024;
        bed_iv_t *iv = realloc(b->iv, m * sizeof *iv);
        if (!iv) return ONC_ENOMEM;
        b->iv = iv;
        b->m_iv = m;
    }
    b->iv[b->n_iv++] = (bed_iv_t){chrom, start, end};
    return ONC_OK;
}

/* The next whitespace-separated field of [*p, end): sets *f and *flen, or returns -1. */
static int next_field(char **p, char *end, char **f, size_t *flen)
{
    char *s = *p;
    while (s < end && (*s == '\t' || *s == ' ')) s++;
    if (s == end) return -1;
    char *e = s;
    while (e < end && *e != '\t' && *e != ' ') e++;
    *f = s;
    *flen = (size_t)(e - s);
    *p = e;
    return 0;
}

static int parse_coord(const char *s, size_t len, int64_t *out)
{
    char buf[32];
    if (len == 0 || len >= sizeof buf) return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    if (errno || *end || v < 0 || v > BED_COORD_MAX || buf[0] == '-' || buf[0] == '+') return -1;
    *out = v;
    return 0;
}

static int is_skipped_line(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
    if (i == len || line[i] == '#') return 1;
    return (len - i >= 5 && strncmp(line + i, "track", 5) == 0) ||
           (len - i >= 7 && strncmp(line + i, "browser", 7) == 0);
}

/* One data line: CHROM START END [anything]. */
static onc_rc parse_line(onc_bed_t *b, char *line, size_t len, uint64_t lineno, onc_err_t *err)
{
    char *p = line, *end = line + len, *f[3];
    size_t fl[3];
    static const char *const names[] = {"CHROM", "START", "END"};
    for (int i = 0; i < 3; i++)
        if (next_field(&p, end, &f[i], &fl[i]))
            return onc_err_at(err, ONC_EPARSE, b->path, lineno, names[i],
                              "missing: a BED line needs CHROM, START and END");
    char key[BED_CHROM_MAX + 1];
    if (chrom_key(f[0], fl[0], key))
        return onc_err_at(err, ONC_ELIMIT, b->path, lineno, "CHROM",
                          "chromosome name is empty or longer than %d bytes", BED_CHROM_MAX);
    int64_t start, stop;
    if (parse_coord(f[1], fl[1], &start))
        return onc_err_at(err, ONC_EPARSE, b->path, lineno, "START",
                          "not a whole number from 0 to 2^40: '%.*s'", (int)(fl[1] < 40 ? fl[1] : 40), f[1]);
    if (parse_coord(f[2], fl[2], &stop))
        return onc_err_at(err, ONC_EPARSE, b->path, lineno, "END",
                          "not a whole number from 0 to 2^40: '%.*s'", (int)(fl[2] < 40 ? fl[2] : 40), f[2]);
    if (stop < start)
        return onc_err_at(err, ONC_EPARSE, b->path, lineno, "END",
                          "END %lld is before START %lld", (long long)stop, (long long)start);
    if (stop == start) return ONC_OK; /* an empty interval covers nothing */
    if (b->n_iv == ONC_BED_MAX_INTERVALS)
        return onc_err_at(err, ONC_ELIMIT, b->path, lineno, NULL, "more than %llu intervals",
                          (unsigned long long)ONC_BED_MAX_INTERVALS);
    uint32_t id;
    onc_rc rc = chrom_id(b, key, &id);
    if (rc == ONC_OK) rc = push_iv(b, id, start, stop);
    if (rc) return onc_err_at(err, rc, b->path, lineno, NULL, "out of memory");
    return ONC_OK;
}

/* Sorts and merges the intervals in place and records each chromosome's run; then sorts the
 * chromosomes by name for the lookups. */
static void build_index(onc_bed_t *b)
{
    if (b->n_iv == 0) return; /* qsort and bsearch take no NULL array */
    qsort(b->iv, b->n_iv, sizeof *b->iv, iv_cmp);
    uint64_t out = 0;
    for (uint64_t i = 0; i < b->n_iv; i++) {
        bed_iv_t *last = out ? &b->iv[out - 1] : NULL;
        if (last && last->chrom == b->iv[i].chrom && b->iv[i].start <= last->end) {
            if (b->iv[i].end > last->end) last->end = b->iv[i].end;
        } else {
            b->iv[out++] = b->iv[i];
        }
    }
    b->n_iv = out;
    for (uint32_t c = 0; c < b->n_chroms; c++) b->chroms[c].n = 0;
    for (uint64_t i = 0; i < b->n_iv; i++) {
        bed_chrom_t *c = &b->chroms[b->iv[i].chrom];
        if (c->n++ == 0) c->first = i;
        b->bases += (uint64_t)(b->iv[i].end - b->iv[i].start);
    }
    qsort(b->chroms, b->n_chroms, sizeof *b->chroms, chrom_cmp);
}

onc_bed_t *onc_bed_load(const char *path, onc_err_t *err)
{
    onc_bed_t *b = calloc(1, sizeof *b);
    if (!b || !(b->path = strdup(path))) {
        free(b);
        onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    io_lines_t *lines = io_lines_open(path, err);
    if (!lines) {
        onc_bed_free(b);
        return NULL;
    }
    char *line;
    size_t len;
    int ret;
    while ((ret = io_lines_next(lines, &line, &len, err)) == 0) {
        if (is_skipped_line(line, len)) continue;
        if (parse_line(b, line, len, io_lines_lineno(lines), err)) break;
    }
    io_lines_close(lines);
    if (ret != -1) {
        onc_bed_free(b);
        return NULL;
    }
    build_index(b);
    return b;
}

int onc_bed_contains(const onc_bed_t *b, const char *chrom, int64_t pos)
{
    char key[BED_CHROM_MAX + 1];
    if (!b || !b->n_chroms || !chrom || pos == ONC_POS_MISSING || chrom_key(chrom, strlen(chrom), key)) return 0;
    bed_chrom_t probe = {.name = key};
    const bed_chrom_t *c = bsearch(&probe, b->chroms, b->n_chroms, sizeof *b->chroms, chrom_cmp);
    if (!c || c->n == 0) return 0;
    int64_t p0 = pos - 1; /* 0-based */
    /* The last interval starting at or before p0 is the only one that can hold it. */
    uint64_t lo = c->first, hi = c->first + c->n;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (b->iv[mid].start <= p0) lo = mid + 1;
        else hi = mid;
    }
    return lo > c->first && p0 < b->iv[lo - 1].end;
}

uint64_t onc_bed_bases(const onc_bed_t *b) { return b ? b->bases : 0; }
uint64_t onc_bed_n_intervals(const onc_bed_t *b) { return b ? b->n_iv : 0; }
const char *onc_bed_path(const onc_bed_t *b) { return b ? b->path : NULL; }

void onc_bed_free(onc_bed_t *b)
{
    if (!b) return;
    for (uint32_t i = 0; i < b->n_chroms; i++) free(b->chroms[i].name);
    free(b->chroms);
    free(b->iv);
    free(b->path);
    free(b);
}
