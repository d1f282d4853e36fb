/* bench/registry_gen.c: synthetic case files for the registry benchmark (bench/registry.sh).
 *
 *   registry_gen N SEED DIR
 *
 * Writes N case files DIR/P0000001.json ... (case format 1, docs/case-format.md) holding exactly
 * 10 * N alterations as `oncoboard db import` counts them: each pair of patients shares 20,
 * split 10 + d and 10 - d (d from 0 to 6), so that patients differ but the total is exact. A
 * patient has one sample (two for a fifth of them: a tissue biopsy and a later plasma draw), an
 * assay with its genes, typed variants (a driver for about half, by protein change, some by
 * coding change too, with VAF and depth), a fusion for some, copy-number calls; about one in
 * twenty has its variants in a lab file instead (a small MAF beside the case, DIR/P..._panel.maf,
 * as labs deliver them), so that the readers of lab files take part in the import. Clinical
 * parts vary too: diagnosis and stage, PD-L1, TMB for a third, IHC for some; labs for 60%,
 * therapy lines (with agents, responses and progression) for 70%, enrolments for 15%.
 *
 * The frequencies only shape the workload (how much each table receives); they are not clinical
 * statements, and every patient is invented. Same arguments, same bytes (splitmix64 from SEED).
 * Part of the benchmark harness, not of oncoboard; plain C and stdio only.
 */
#include "bench_util.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned rng_below(unsigned n) { return n ? (unsigned)(bench_rng_next() % n) : 0; }
static int rng_pct(unsigned p) { return rng_below(100) < p; }

#define N_OF(a) (sizeof(a) / sizeof *(a))

typedef struct driver {
    const char *gene, *protein, *coding, *chrom;
    long pos;
    const char *ref, *alt, *classification;
} driver_t;

/* Coordinates are GRCh38, as in the project's examples; they only feed the MAF rows. */
static const driver_t drivers[] = {
    {"EGFR", "p.L858R", "c.2573T>G", "7", 55191822, "T", "G", "Missense_Mutation"},
    {"EGFR", "p.T790M", "c.2369C>T", "7", 55181378, "C", "T", "Missense_Mutation"},
    {"EGFR", "p.G719A", "c.2156G>C", "7", 55174772, "G", "C", "Missense_Mutation"},
    {"KRAS", "p.G12C", "c.34G>T", "12", 25245351, "C", "A", "Missense_Mutation"},
    {"KRAS", "p.G12V", "c.35G>T", "12", 25245350, "C", "A", "Missense_Mutation"},
    {"KRAS", "p.G12D", "c.35G>A", "12", 25245350, "C", "T", "Missense_Mutation"},
    {"BRAF", "p.V600E", "c.1799T>A", "7", 140753336, "A", "T", "Missense_Mutation"},
    {"PIK3CA", "p.E545K", "c.1633G>A", "3", 179218303, "G", "A", "Missense_Mutation"},
    {"NRAS", "p.Q61K", "c.181C>A", "1", 114713909, "G", "T", "Missense_Mutation"},
};

static const char *const passengers[] = {
    "TP53", "STK11", "KEAP1", "SMARCA4", "PTEN", "RB1", "NF1", "ARID1A", "ATM", "KMT2D", "KMT2C", "LRP1B",
    "FAT1", "PTPRD", "SETD2", "NOTCH1", "APC", "CTNNB1", "ERBB4", "BRCA1", "BRCA2", "POLE", "MTOR", "TSC1",
    "TSC2", "CREBBP", "EP300", "SMAD4", "NFE2L2", "CUL3", "DDR2",
};

static const char *const cna_genes[] = {"MET", "ERBB2", "MYC", "MDM2", "CDK4", "CCND1", "SOX2", "FGFR1",
                                        "CDKN2A", "PTEN", "RB1", "SMAD4", "NKX2-1", "TERT"};
static const char *const cna_calls[] = {"amplification", "gain", "loss", "deletion"};

static const char *const fusions[][2] = {
    {"EML4", "ALK"}, {"CD74", "ROS1"}, {"KIF5B", "RET"}, {"CCDC6", "RET"}, {"SLC34A2", "ROS1"},
    {"TPM3", "NTRK1"}, {"ETV6", "NTRK3"}, {"NRG1", NULL}, {NULL, "ALK"},
};

static const char *const panel_genes[] = {"EGFR", "KRAS", "BRAF", "ERBB2", "MET", "TP53", "STK11", "KEAP1",
                                          "PIK3CA", "NRAS", "ALK", "ROS1", "RET", "CDKN2A", "SMARCA4"};

static const char *const oncotree[] = {"LUAD", "LUAD", "LUAD", "LUAD", "LUSC", "LUSC", "NSCLC", "SCLC", "LCLC",
                                       "LUAS", "LUNE"};
static const char *const stages[] = {"IA", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IVA", "IVB"};
static const char *const clones[] = {"22C3", "SP263", "SP142", "28-8"};
static const char *const agents[] = {"osimertinib", "erlotinib", "gefitinib", "alectinib", "lorlatinib",
                                     "sotorasib", "adagrasib", "pembrolizumab", "nivolumab", "carboplatin",
                                     "pemetrexed", "paclitaxel", "docetaxel", "durvalumab", "selpercatinib"};
static const char *const responses[] = {"CR", "PR", "SD", "PD", "NE"};
static const char *const statuses[] = {"screening", "enrolled", "screen_failed", "withdrawn"};
static const char *const aa = "ACDEFGHIKLMNPQRSTVWY";

typedef struct date {
    int y, m, d;
} date_t;

static date_t rand_date(int y0, int y1)
{
    date_t d = {y0 + (int)rng_below((unsigned)(y1 - y0 + 1)), 1 + (int)rng_below(12), 1 + (int)rng_below(28)};
    return d;
}

static date_t add_days(date_t d, int days)
{
    /* months of 28 days are enough for ordering synthetic dates */
    long n = ((long)d.y * 12 + d.m - 1) * 28 + d.d - 1 + days;
    date_t r = {(int)(n / (12 * 28)), (int)(n / 28 % 12) + 1, (int)(n % 28) + 1};
    return r;
}

static void put_date(FILE *f, const char *key, date_t d)
{
    fprintf(f, "\"%s\": \"%04d-%02d-%02d\"", key, d.y, d.m, d.d);
}

/* A protein change for a passenger: residue letters and a position, never a stop codon, never
 * a synonymous change. */
static void passenger_change(char *buf, size_t cap, char *coding, size_t ccap)
{
    char from = aa[rng_below(20)], to;
    do to = aa[rng_below(20)];
    while (to == from);
    unsigned pos = 10 + rng_below(1200);
    snprintf(buf, cap, "p.%c%u%c", from, pos, to);
    static const char bases[] = "ACGT";
    char b1 = bases[rng_below(4)], b2;
    do b2 = bases[rng_below(4)];
    while (b2 == b1);
    snprintf(coding, ccap, "c.%u%c>%c", pos * 3 - 1, b1, b2);
}

/* What one sample carries: alteration counts by kind. */
typedef struct sample_plan {
    unsigned variants, fusions, cnas;
    int in_file; /* the variants are in a MAF beside the case */
} sample_plan_t;

typedef struct variant {
    const char *gene;
    char protein[32], coding[32];
    int with_coding;
    const driver_t *driver;
    double vaf;
    unsigned depth;
} variant_t;

static void make_variant(variant_t *v, int driver_first)
{
    memset(v, 0, sizeof *v);
    if (driver_first) {
        v->driver = &drivers[rng_below(N_OF(drivers))];
        v->gene = v->driver->gene;
        snprintf(v->protein, sizeof v->protein, "%s", v->driver->protein);
        snprintf(v->coding, sizeof v->coding, "%s", v->driver->coding);
    } else {
        v->gene = passengers[rng_below(N_OF(passengers))];
        passenger_change(v->protein, sizeof v->protein, v->coding, sizeof v->coding);
    }
    v->with_coding = rng_pct(30);
    v->vaf = (double)(20 + rng_below(900)) / 1000.0;
    v->depth = 80 + rng_below(2000);
}

static void write_variants_json(FILE *f, const variant_t *vs, unsigned n)
{
    fputs(",\n       \"variants\": [", f);
    for (unsigned i = 0; i < n; i++) {
        const variant_t *v = &vs[i];
        fprintf(f, "%s\n         {\"gene\": \"%s\", \"protein_change\": \"%s\"", i ? "," : "", v->gene, v->protein);
        if (v->with_coding) fprintf(f, ", \"coding_change\": \"%s\"", v->coding);
        fprintf(f, ", \"vaf\": %.3f, \"depth\": %u}", v->vaf, v->depth);
    }
    fputs("]", f);
}

/* A MAF with the columns the project's example panel file has (examples/cases). Passengers get
 * invented coordinates on chromosome 1: the reader takes the gene and HGVSp_Short as given. */
static int write_maf(const char *path, const char *barcode, const variant_t *vs, unsigned n)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs("Hugo_Symbol\tTumor_Sample_Barcode\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\t"
          "Variant_Classification\tReference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\tHGVSp_Short\t"
          "t_depth\tt_alt_count\n",
          f);
    for (unsigned i = 0; i < n; i++) {
        const variant_t *v = &vs[i];
        const driver_t *d = v->driver;
        long pos = d ? d->pos : 1000000 + (long)rng_below(100000000);
        const char *ref = d ? d->ref : "G", *alt = d ? d->alt : "A";
        unsigned alt_count = (unsigned)(v->vaf * v->depth);
        fprintf(f, "%s\t%s\tGRCh38\t%s\t%ld\t%ld\t%s\t%s\t%s\t%s\t%s\t%u\t%u\n", v->gene, barcode,
                d ? d->chrom : "1", pos, pos, d ? d->classification : "Missense_Mutation", ref, ref, alt,
                v->protein, v->depth, alt_count);
    }
    return fclose(f);
}

static void write_assay(FILE *f, int plasma)
{
    unsigned n = plasma ? 5 : 8 + rng_below(N_OF(panel_genes) - 7);
    fprintf(f, "\"assay\": {\"name\": \"%s\", \"method\": \"%s\", \"genes\": [",
            plasma ? "synthetic plasma ctDNA panel" : "synthetic lung DNA+RNA panel", plasma ? "DNA" : "DNA+RNA");
    for (unsigned i = 0; i < n; i++) fprintf(f, "%s\"%s\"", i ? ", " : "", panel_genes[i]);
    fputs("]", f);
    if (!plasma && rng_pct(30))
        fputs(", \"coverage\": [{\"gene\": \"NTRK1\", \"types\": [\"fusion\"]}, "
              "{\"gene\": \"NRG1\", \"types\": [\"fusion\"]}]",
              f);
    if (!plasma) fprintf(f, ", \"size_mb\": %.1f", 0.8 + rng_below(12) / 10.0);
    fputs("}", f);
}

/* One sample; returns -1 when its lab file cannot be written. */
static int write_sample(FILE *f, const char *dir, const char *pid, unsigned k, const sample_plan_t *p, date_t when,
                        int plasma, int first_driver)
{
    char sid[48];
    snprintf(sid, sizeof sid, "%s-%c%u", pid, plasma ? 'P' : 'T', k + 1);
    fprintf(f, "%s\n    {\"id\": \"%s\", ", k ? "," : "", sid);
    put_date(f, "collected", when);
    fprintf(f, ", \"type\": \"%s\",\n     \"molecular\": {\"genome\": \"GRCh38\", ", plasma ? "plasma" : "tissue");
    write_assay(f, plasma);
    variant_t vs[32];
    for (unsigned i = 0; i < p->variants; i++) make_variant(&vs[i], first_driver && i == 0);
    if (p->in_file) {
        char name[96], path[4200];
        snprintf(name, sizeof name, "%s_panel%u.maf", pid, k + 1);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (write_maf(path, sid, vs, p->variants) != 0) return -1;
        fprintf(f, ",\n       \"files\": [{\"path\": \"%s\", \"type\": \"maf\"}]", name);
    } else if (p->variants) {
        write_variants_json(f, vs, p->variants);
    }
    if (p->fusions) {
        fputs(",\n       \"fusions\": [", f);
        for (unsigned i = 0; i < p->fusions; i++) {
            const char *const *fu = fusions[rng_below(N_OF(fusions))];
            fprintf(f, "%s{", i ? ", " : "");
            if (fu[0]) fprintf(f, "\"gene_a\": \"%s\"%s", fu[0], fu[1] ? ", " : "");
            if (fu[1]) fprintf(f, "\"gene_b\": \"%s\"", fu[1]);
            fputs("}", f);
        }
        fputs("]", f);
    }
    if (p->cnas) {
        fputs(",\n       \"copy_number\": [", f);
        for (unsigned i = 0; i < p->cnas; i++) {
            unsigned call = rng_below(4);
            fprintf(f, "%s{\"gene\": \"%s\", \"call\": \"%s\"", i ? ", " : "", cna_genes[rng_below(N_OF(cna_genes))],
                    cna_calls[call]);
            if (call == 0) fprintf(f, ", \"copies\": %u", 8 + rng_below(30));
            fputs("}", f);
        }
        fputs("]", f);
    }
    fputs("}}", f);
    return 0;
}

static void write_clinical(FILE *f, date_t dx)
{
    fprintf(f, "  \"diagnosis\": {\"oncotree_code\": \"%s\", \"stage\": \"%s\", ", oncotree[rng_below(N_OF(oncotree))],
            stages[rng_below(N_OF(stages))]);
    put_date(f, "date", dx);
    fprintf(f, ", \"brain_metastases\": \"%s\", \"measurable_disease\": %s},\n",
            rng_pct(80) ? "none" : rng_pct(50) ? "treated" : "active", rng_pct(85) ? "true" : "false");
    fprintf(f, "  \"biomarkers\": {\"pdl1_tps\": %u, \"pdl1_clone\": \"%s\"", rng_below(101), clones[rng_below(4)]);
    if (rng_pct(33)) fprintf(f, ", \"tmb\": %.1f, \"msi\": \"MSS\"", rng_below(400) / 10.0);
    if (rng_pct(15))
        fprintf(f, ", \"ihc\": [{\"marker\": \"ALK\", \"result\": \"%s\", \"clone\": \"D5F3\"}]",
                rng_pct(20) ? "positive" : "negative");
    fputs("},\n", f);
}

static void write_labs(FILE *f, date_t on)
{
    fputs("  \"labs\": [", f);
    fprintf(f, "{\"name\": \"creatinine\", \"value\": %.2f, \"unit\": \"mg/dL\", \"uln\": 1.2, ",
            0.5 + rng_below(100) / 100.0);
    put_date(f, "date", on);
    fprintf(f, "}, {\"name\": \"ALT\", \"value\": %u, \"unit\": \"U/L\", \"uln\": 35, ", 8 + rng_below(60));
    put_date(f, "date", on);
    fputs("}],\n", f);
}

static void write_therapies(FILE *f, date_t start)
{
    unsigned n = 1 + rng_below(3);
    fputs("  \"therapies\": [", f);
    for (unsigned i = 0; i < n; i++) {
        fprintf(f, "%s\n    {\"line\": %u, \"agents\": [\"%s\"", i ? "," : "", i + 1, agents[rng_below(N_OF(agents))]);
        if (rng_pct(40)) fprintf(f, ", \"%s\"", agents[9 + rng_below(3)]);
        fputs("], ", f);
        put_date(f, "start", start);
        date_t end = add_days(start, 60 + (int)rng_below(400));
        int last = i + 1 == n;
        if (!last || rng_pct(50)) {
            fputs(", ", f);
            put_date(f, "end", end);
        }
        fprintf(f, ", \"best_response\": \"%s\"", responses[rng_below(N_OF(responses))]);
        if (!last) {
            fputs(", \"progression\": true, ", f);
            put_date(f, "progression_date", add_days(end, -7));
        } else if (rng_pct(60)) {
            fputs(", \"progression\": false", f);
        }
        fputs("}", f);
        start = add_days(end, 10);
    }
    fputs("],\n", f);
}

static void write_enrolments(FILE *f, date_t on)
{
    unsigned status = rng_below(N_OF(statuses));
    fprintf(f, "  \"enrolments\": [{\"trial\": \"SYN-PROTOCOL-%03u\", \"arm\": \"%c\", \"status\": \"%s\", ",
            rng_below(200), 'A' + (int)rng_below(3), statuses[status]);
    put_date(f, "date", on);
    if (status == 2) fputs(", \"reason\": \"ECOG above the protocol's limit\"", f);
    fputs("}],\n", f);
}

/* Splits `total` alterations over the samples of a patient. */
static unsigned plan_samples(sample_plan_t plans[2], unsigned total)
{
    unsigned n = rng_pct(20) ? 2 : 1;
    memset(plans, 0, 2 * sizeof *plans);
    for (unsigned k = 0; k < n; k++) {
        unsigned share = n == 1 ? total : k == 0 ? (total + 1) / 2 : total / 2;
        sample_plan_t *p = &plans[k];
        p->fusions = share > 2 && rng_pct(12) ? 1 : 0;
        p->cnas = share > 3 ? rng_below(share / 3 + 1) : 0;
        p->variants = share - p->fusions - p->cnas;
        p->in_file = p->variants > 0 && rng_pct(5);
    }
    return n;
}

static int write_patient(const char *dir, unsigned idx, unsigned total)
{
    char pid[32], path[4200];
    snprintf(pid, sizeof pid, "P%07u", idx);
    snprintf(path, sizeof path, "%s/%s.json", dir, pid);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    date_t birth = rand_date(1935, 1990), dx = rand_date(2018, 2025);
    fprintf(f, "{\n  \"case_format\": 1,\n  \"id\": \"%s\",\n  \"_comment\": \"SYNTHETIC (bench/registry_gen.c)\",\n", pid);
    fprintf(f, "  \"sex\": \"%s\",\n  ", rng_pct(50) ? "female" : "male");
    put_date(f, "birth_date", birth);
    fprintf(f, ",\n  \"smoking\": \"%s\",\n  \"ecog\": %u,\n  \"consent\": {\"research\": %s},\n",
            rng_pct(25) ? "never" : rng_pct(60) ? "former" : "current", rng_below(4), rng_pct(90) ? "true" : "false");
    write_clinical(f, dx);
    if (rng_pct(60)) write_labs(f, add_days(dx, 5));
    if (rng_pct(70)) write_therapies(f, add_days(dx, 20));
    if (rng_pct(15)) write_enrolments(f, add_days(dx, 30));
    sample_plan_t plans[2];
    unsigned n = plan_samples(plans, total);
    fputs("  \"samples\": [", f);
    int rc = 0;
    int driver = rng_pct(50);
    for (unsigned k = 0; rc == 0 && k < n; k++)
        rc = write_sample(f, dir, pid, k, &plans[k], add_days(dx, -7 + 300 * (int)k), k == 1, driver);
    fputs("\n  ]\n}\n", f);
    if (fclose(f) != 0) rc = -1;
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: registry_gen N SEED DIR\n", stderr);
        return 2;
    }
    unsigned long n = strtoul(argv[1], NULL, 10);
    bench_rng_seed(strtoull(argv[2], NULL, 10));
    const char *dir = argv[3];
    if (n == 0 || n > 10000000) {
        fputs("registry_gen: N must be 1..10000000\n", stderr);
        return 2;
    }
    unsigned d = 0;
    for (unsigned long i = 1; i <= n; i++) {
        /* pairs share 20 alterations: 10 + d and 10 - d; an odd last patient has 10 */
        if (i % 2) d = rng_below(7);
        unsigned total = i % 2 ? (i == n ? 10 : 10 + d) : 10 - d;
        if (write_patient(dir, (unsigned)i, total) != 0) {
            fprintf(stderr, "registry_gen: cannot write patient %lu in %s\n", i, dir);
            return 1;
        }
    }
    return 0;
}
