/* bench/gen.c: deterministic benchmark inputs, generated from real files' layouts.
 *
 *   gen vcf HEADER.vcf N SEED > out.vcf   N records under HEADER.vcf's own header (its ##
 *                                         lines and #CHROM line): sorted positions on its
 *                                         primary contigs (chrN, chrX, chrY, or without chr),
 *                                         SNVs, deletions, insertions and a few multi-allelic
 *                                         sites, FORMAT GT:AD:DP for the tumor and the normal,
 *                                         about 10% FILTER = the header's first FILTER id.
 *   gen maf SOURCE.maf N SEED > out.maf   N rows in SOURCE.maf's layout (its comment lines,
 *                                         header and columns): its data rows replicated in
 *                                         turn, each copy of the set under a new tumor sample
 *                                         name and with positions shifted.
 *
 * Same arguments, same bytes: the generator state is a splitmix64 seeded from SEED. Part of
 * the benchmark harness (bench/run.sh), not of oncoboard; plain C and stdio only.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES (1 << 20)

static uint64_t rng_state;

static uint64_t rng_next(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rng_below(uint64_t n) { return n ? rng_next() % n : 0; }

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "gen: %s%s\n", msg, arg ? arg : "");
    exit(2);
}

static FILE *open_or_die(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) die("cannot open ", path);
    return fp;
}

/* ---- VCF ---- */

typedef struct contig { char name[64]; uint64_t len; } contig_t;

/* A primary chromosome: 1..22, X, Y with or without "chr". */
static int is_primary(const char *name)
{
    const char *s = strncmp(name, "chr", 3) == 0 ? name + 3 : name;
    if (!strcmp(s, "X") || !strcmp(s, "Y")) return 1;
    char *end;
    long v = strtol(s, &end, 10);
    return *s && !*end && v >= 1 && v <= 22;
}

/* "##contig=<ID=chr1,length=249250621>" -> a contig, when primary. */
static int parse_contig(const char *line, contig_t *c)
{
    const char *id = strstr(line, "ID="), *len = strstr(line, "length=");
    if (strncmp(line, "##contig=", 9) || !id || !len) return 0;
    size_t n = strcspn(id + 3, ",>");
    if (n == 0 || n >= sizeof c->name) return 0;
    memcpy(c->name, id + 3, n);
    c->name[n] = '\0';
    c->len = strtoull(len + 7, NULL, 10);
    return c->len > 1000 && is_primary(c->name);
}

static const char bases[] = "ACGT";

static void random_bases(char *buf, int n)
{
    for (int i = 0; i < n; i++) buf[i] = bases[rng_below(4)];
    buf[n] = '\0';
}

/* One record's alleles: REF and one or two ALTs. */
static void vcf_alleles(char *ref, char *alt, int *n_alt)
{
    uint64_t kind = rng_below(100);
    *n_alt = 1;
    if (kind < 80) { /* SNV */
        random_bases(ref, 1);
        do random_bases(alt, 1); while (alt[0] == ref[0]);
    } else if (kind < 88) { /* deletion of 1-12 bases after the anchor */
        random_bases(ref, 2 + (int)rng_below(12));
        alt[0] = ref[0], alt[1] = '\0';
    } else if (kind < 96) { /* insertion of 1-12 bases */
        random_bases(ref, 1);
        alt[0] = ref[0];
        random_bases(alt + 1, 1 + (int)rng_below(12));
    } else if (kind < 98) { /* MNV */
        random_bases(ref, 2);
        do random_bases(alt, 2); while (!strcmp(alt, ref));
    } else { /* multi-allelic SNV */
        random_bases(ref, 1);
        char a1 = bases[(strchr(bases, ref[0]) - bases + 1) % 4], a2 = bases[(strchr(bases, ref[0]) - bases + 2) % 4];
        alt[0] = a1, alt[1] = ',', alt[2] = a2, alt[3] = '\0';
        *n_alt = 2;
    }
}

static void vcf_record(const char *chrom, uint64_t pos, const char *filter)
{
    char ref[16], alt[32];
    int n_alt;
    vcf_alleles(ref, alt, &n_alt);
    unsigned dp = 20 + (unsigned)rng_below(400), ndp = 20 + (unsigned)rng_below(300);
    unsigned a1 = 1 + (unsigned)rng_below(dp / 2), a2 = n_alt == 2 ? 1 + (unsigned)rng_below(dp / 4) : 0;
    unsigned r = dp - a1 - a2;
    printf("%s\t%" PRIu64 "\t.\t%s\t%s\t.\t%s\t.\tGT:AD:DP\t", chrom, pos, ref, alt, filter);
    if (n_alt == 2) printf("1/2:%u,%u,%u:%u\t0/0:%u,0,0:%u\n", r, a1, a2, dp, ndp, ndp);
    else printf("0/1:%u,%u:%u\t0/0:%u,0:%u\n", r, a1, dp, ndp, ndp);
}

static void gen_vcf(const char *header_path, uint64_t n)
{
    FILE *fp = open_or_die(header_path);
    static char line[LINE_MAX_BYTES];
    contig_t contigs[64];
    int n_contigs = 0;
    char filter_id[64] = "";
    uint64_t genome = 0;
    while (fgets(line, sizeof line, fp) && line[0] == '#') {
        fputs(line, stdout);
        if (n_contigs < 64 && parse_contig(line, &contigs[n_contigs])) genome += contigs[n_contigs++].len;
        const char *f = strstr(line, "##FILTER=<ID=");
        if (f && !filter_id[0]) {
            size_t k = strcspn(f + 13, ",>");
            if (k < sizeof filter_id) memcpy(filter_id, f + 13, k), filter_id[k] = '\0';
        }
        if (!strncmp(line, "#CHROM", 6)) break;
    }
    fclose(fp);
    if (!n_contigs) die("no primary ##contig lines with a length in ", header_path);
    if (!filter_id[0]) die("no ##FILTER line in ", header_path);
    /* Records spread over the contigs in proportion to their lengths, sorted by position. */
    uint64_t done = 0;
    for (int c = 0; c < n_contigs; c++) {
        uint64_t share = c == n_contigs - 1 ? n - done : n * contigs[c].len / genome;
        uint64_t gap = share ? contigs[c].len / share : 0, pos = 1;
        for (uint64_t i = 0; i < share; i++) {
            pos += 1 + rng_below(gap > 2 ? 2 * gap - 2 : 1);
            if (pos > contigs[c].len) pos = contigs[c].len;
            vcf_record(contigs[c].name, pos, rng_below(10) ? "PASS" : filter_id);
        }
        done += share;
    }
}

/* ---- MAF ---- */

/* Index of column name in the tab-separated header, or -1. */
static int column_of(const char *header, const char *name)
{
    int i = 0;
    size_t n = strlen(name);
    for (const char *p = header;; i++) {
        size_t k = strcspn(p, "\t\r\n");
        if (k == n && !strncmp(p, name, n)) return i;
        if (p[k] != '\t') return -1;
        p += k + 1;
    }
}

/* Writes row with the sample and position columns replaced for copy number `copy`. */
static void maf_row(const char *row, int c_sample, int c_start, int c_end, uint64_t copy)
{
    long long shift = (long long)(copy % 50) * 1000; /* positions move, in place */
    const char *p = row;
    for (int i = 0;; i++) {
        size_t k = strcspn(p, "\t\r\n");
        if (i) putchar('\t');
        if (i == c_sample) printf("BENCH-%06" PRIu64 "-01A", copy);
        else if (i == c_start || i == c_end) printf("%lld", strtoll(p, NULL, 10) + shift);
        else fwrite(p, 1, k, stdout);
        if (p[k] != '\t') break;
        p += k + 1;
    }
    putchar('\n');
}

static void gen_maf(const char *source, uint64_t n)
{
    FILE *fp = open_or_die(source);
    static char line[LINE_MAX_BYTES];
    char **rows = NULL;
    size_t n_rows = 0, m_rows = 0;
    char *header = NULL;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' && !header) { fputs(line, stdout); continue; }
        if (!header) { header = strdup(line); fputs(line, stdout); continue; }
        if (n_rows == m_rows) {
            m_rows = m_rows ? 2 * m_rows : 1024;
            if (!(rows = realloc(rows, m_rows * sizeof *rows))) die("out of memory", NULL);
        }
        if (!(rows[n_rows++] = strdup(line))) die("out of memory", NULL);
    }
    fclose(fp);
    if (!header || !n_rows) die("no header or no rows in ", source);
    int c_sample = column_of(header, "Tumor_Sample_Barcode"), c_start = column_of(header, "Start_Position"),
        c_end = column_of(header, "End_Position");
    if (c_sample < 0 || c_start < 0 || c_end < 0) die("Tumor_Sample_Barcode/Start_Position/End_Position missing in ", source);
    for (uint64_t i = 0; i < n; i++) maf_row(rows[i % n_rows], c_sample, c_start, c_end, i / n_rows);
    for (size_t i = 0; i < n_rows; i++) free(rows[i]);
    free(rows);
    free(header);
}

int main(int argc, char **argv)
{
    if (argc != 5) die("usage: gen vcf|maf SOURCE N SEED", NULL);
    uint64_t n = strtoull(argv[3], NULL, 10);
    rng_state = strtoull(argv[4], NULL, 10);
    if (!strcmp(argv[1], "vcf")) gen_vcf(argv[2], n);
    else if (!strcmp(argv[1], "maf")) gen_maf(argv[2], n);
    else die("unknown mode ", argv[1]);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
