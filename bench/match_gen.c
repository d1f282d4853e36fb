/* bench/match_gen.c: a synthetic registry and trial portfolio for the matching benchmark.
 *
 *   match_gen patients N SEED CLINICAL.json GENOMIC.json
 *       N patients as MatchMiner clinical and genomic documents (newline-delimited JSON): a
 *       thoracic unit's case mix (lung adenocarcinoma, squamous, NSCLC, small cell, a few
 *       other solid tumors), ages 30-89, about 8 mutations per patient drawn from a list of
 *       lung-cancer genes with the frequent drivers at roughly their published frequency
 *       order (EGFR, KRAS, ALK, ...), some copy-number calls and fusions, TMB for a third.
 *   match_gen trials N SEED TRIALS.json
 *       N CTML trials (newline-delimited JSON), each with one to three arms whose trees mix
 *       diagnosis (a lung node, NSCLC, _SOLID_ or another tumor type), age, one or two genomic
 *       inclusions (a fifth on the frequent drivers by protein change, wildcard, variant
 *       category, copy number or fusion partner; the rest a specific change elsewhere), an exclusion and
 *       sometimes a TMB threshold; a tenth of the arms suspended, a tenth of the trials closed.
 *
 * The frequencies only shape the workload (how many patients reach the genomic criteria); they
 * are not clinical statements. Same arguments, same bytes (splitmix64 from SEED). Part of the
 * benchmark harness (bench/match.sh), not of oncoboard; plain C and stdio only.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rng_next(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static unsigned rng_below(unsigned n) { return n ? (unsigned)(rng_next() % n) : 0; }
static int rng_pct(unsigned p) { return rng_below(100) < p; }

typedef struct driver {
    const char *gene, *protein, *classification;
    unsigned weight; /* relative share among patients with a driver */
} driver_t;

static const driver_t drivers[] = {
    {"EGFR", "p.L858R", "Missense_Mutation", 12},       {"EGFR", "p.E746_A750del", "In_Frame_Del", 12},
    {"EGFR", "p.T790M", "Missense_Mutation", 3},        {"EGFR", "p.G719A", "Missense_Mutation", 2},
    {"KRAS", "p.G12C", "Missense_Mutation", 13},        {"KRAS", "p.G12V", "Missense_Mutation", 7},
    {"KRAS", "p.G12D", "Missense_Mutation", 5},         {"BRAF", "p.V600E", "Missense_Mutation", 2},
    {"BRAF", "p.G469A", "Missense_Mutation", 1},        {"ERBB2", "p.Y772_A775dup", "In_Frame_Ins", 2},
    {"MET", "p.D1010H", "Splice_Site", 3},              {"PIK3CA", "p.E545K", "Missense_Mutation", 2},
    {"NRAS", "p.Q61K", "Missense_Mutation", 1},         {"MAP2K1", "p.K57N", "Missense_Mutation", 1},
};

static const char *const passengers[] = {
    "TP53", "STK11", "KEAP1", "SMARCA4", "CDKN2A", "PTEN", "RB1", "NF1", "ARID1A", "ATM", "KMT2D", "KMT2C",
    "LRP1B", "FAT1", "PTPRD", "SETD2", "NOTCH1", "APC", "CTNNB1", "ERBB4", "FGFR1", "FGFR2", "FGFR3",
    "NTRK1", "NTRK3", "RET", "ROS1", "ALK", "BRCA1", "BRCA2", "POLE", "MTOR", "TSC1", "TSC2", "CREBBP",
    "EP300", "SMAD4", "SOX2", "NFE2L2", "CUL3", "DDR2", "MYC", "MDM2", "CDK4", "CCND1", "IDH1", "IDH2",
};

static const char *const diagnoses[] = {
    "Lung Adenocarcinoma", "Lung Adenocarcinoma", "Lung Adenocarcinoma", "Lung Adenocarcinoma",
    "Lung Squamous Cell Carcinoma", "Lung Squamous Cell Carcinoma", "Non-Small Cell Lung Cancer",
    "Small Cell Lung Cancer", "Large Cell Neuroendocrine Carcinoma", "Lung Adenosquamous Carcinoma",
    "Colorectal Adenocarcinoma", "Invasive Breast Carcinoma", "Cutaneous Melanoma", "Pancreatic Adenocarcinoma",
};

static const char *const aa = "ACDEFGHIKLMNPQRSTVWY";

#define N_OF(a) (sizeof(a) / sizeof *(a))

static const driver_t *pick_driver(void)
{
    unsigned total = 0;
    for (size_t i = 0; i < N_OF(drivers); i++) total += drivers[i].weight;
    unsigned r = rng_below(total);
    for (size_t i = 0; i < N_OF(drivers); i++) {
        if (r < drivers[i].weight) return &drivers[i];
        r -= drivers[i].weight;
    }
    return &drivers[0];
}

static void mutation(FILE *g, const char *id, unsigned k, const char *gene, const char *protein, const char *cls)
{
    fprintf(g,
            "{\"_id\":\"%s-g%u\",\"CLINICAL_ID\":\"%s\",\"SAMPLE_ID\":\"%s\",\"VARIANT_CATEGORY\":\"MUTATION\","
            "\"HARMONIZED_HUGO_SYMBOL\":\"%s\",\"HARMONIZED_PROTEIN_CHANGE\":\"%s\","
            "\"HARMONIZED_VARIANT_CLASSIFICATION\":\"%s\",\"TIER\":%u}\n",
            id, k, id, id, gene, protein, cls, 1 + rng_below(4));
}

static void patient(FILE *c, FILE *g, uint64_t i)
{
    char id[32];
    snprintf(id, sizeof id, "P%07" PRIu64, i);
    unsigned year = 1937 + rng_below(60), month = 1 + rng_below(12), day = 1 + rng_below(28);
    fprintf(c,
            "{\"_id\":\"%s\",\"SAMPLE_ID\":\"%s\",\"MRN\":\"M%07" PRIu64 "\",\"GENDER\":\"%s\","
            "\"BIRTH_DATE_INT\":%u%02u%02u,\"VITAL_STATUS\":\"%s\",\"ONCOTREE_PRIMARY_DIAGNOSIS_NAME\":\"%s\"",
            id, id, i, rng_pct(55) ? "Male" : "Female", year, month, day, rng_pct(90) ? "alive" : "deceased",
            diagnoses[rng_below(N_OF(diagnoses))]);
    if (rng_pct(33)) fprintf(c, ",\"TUMOR_MUTATIONAL_BURDEN_PER_MEGABASE\":%.1f", rng_below(400) / 10.0);
    fputs("}\n", c);
    unsigned k = 0;
    if (rng_pct(60)) {
        const driver_t *d = pick_driver();
        mutation(g, id, k++, d->gene, d->protein, d->classification);
    }
    for (unsigned n = 2 + rng_below(12); n > 0; n--) {
        char protein[32];
        snprintf(protein, sizeof protein, "p.%c%u%c", aa[rng_below(20)], 10 + rng_below(1200), aa[rng_below(20)]);
        mutation(g, id, k++, passengers[rng_below(N_OF(passengers))], protein, "Missense_Mutation");
    }
    if (rng_pct(10))
        fprintf(g,
                "{\"_id\":\"%s-g%u\",\"CLINICAL_ID\":\"%s\",\"SAMPLE_ID\":\"%s\",\"VARIANT_CATEGORY\":\"CNV\","
                "\"HARMONIZED_HUGO_SYMBOL\":\"%s\",\"CNV_CALL\":\"%s\"}\n",
                id, k++, id, id, rng_pct(50) ? "MET" : "ERBB2", rng_pct(70) ? "High level amplification" : "Gain");
    if (rng_pct(6))
        fprintf(g,
                "{\"_id\":\"%s-g%u\",\"CLINICAL_ID\":\"%s\",\"SAMPLE_ID\":\"%s\",\"VARIANT_CATEGORY\":\"SV\","
                "\"LEFT_PARTNER_GENE\":\"%s\",\"RIGHT_PARTNER_GENE\":\"%s\",\"STRUCTURAL_VARIANT_TYPE\":\"Fusion\"}\n",
                id, k++, id, id, rng_pct(60) ? "EML4" : "CD74", rng_pct(70) ? "ALK" : "ROS1");
}

/* One genomic inclusion leaf, as JSON: a fifth on the frequent drivers, the rest on rarer
 * events (a specific change in another gene), as a portfolio of targeted trials is. */
static void genomic_inclusion(FILE *t)
{
    if (!rng_pct(20)) {
        fprintf(t, "{\"genomic\":{\"hugo_symbol\":\"%s\",\"protein_change\":\"p.%c%u%c\"}}",
                passengers[rng_below(N_OF(passengers))], aa[rng_below(20)], 10 + rng_below(1200), aa[rng_below(20)]);
        return;
    }
    const driver_t *d = pick_driver();
    switch (rng_below(6)) {
    case 0:
    case 1:
        fprintf(t, "{\"genomic\":{\"hugo_symbol\":\"%s\",\"protein_change\":\"%s\"}}", d->gene, d->protein);
        break;
    case 2: {
        char prefix[32];
        int n = 3; /* "p." and the reference residue, then its position: "p.V600" */
        while (d->protein[n] >= '0' && d->protein[n] <= '9') n++;
        snprintf(prefix, sizeof prefix, "%.*s", n, d->protein);
        fprintf(t, "{\"genomic\":{\"hugo_symbol\":\"%s\",\"wildcard_protein_change\":\"%s\"}}", d->gene, prefix);
        break;
    }
    case 3: fprintf(t, "{\"genomic\":{\"hugo_symbol\":\"%s\",\"variant_category\":\"Mutation\"}}", d->gene); break;
    case 4:
        fprintf(t, "{\"genomic\":{\"hugo_symbol\":\"%s\",\"variant_category\":\"Copy Number Variation\","
                   "\"cnv_call\":\"High Amplification\"}}",
                rng_pct(50) ? "MET" : "ERBB2");
        break;
    default:
        fprintf(t, "{\"genomic\":{\"hugo_symbol\":\"%s\",\"variant_category\":\"Structural Variation\","
                   "\"fusion_partner_hugo_symbol\":\"any_gene\"}}",
                rng_pct(70) ? "ALK" : "ROS1");
    }
}

static void arm_tree(FILE *t)
{
    static const char *const where[] = {"Lung", "Non-Small Cell Lung Cancer", "Lung Adenocarcinoma", "_SOLID_",
                                        "Colorectal Adenocarcinoma", "Invasive Breast Carcinoma", "Cutaneous Melanoma",
                                        "Pancreatic Adenocarcinoma"};
    fprintf(t, "[{\"and\":[{\"clinical\":{\"oncotree_primary_diagnosis\":\"%s\",\"age_numerical\":\">=18\"}},",
            where[rng_below(N_OF(where))]);
    if (rng_pct(30)) {
        fputs("{\"or\":[", t);
        genomic_inclusion(t);
        fputc(',', t);
        genomic_inclusion(t);
        fputs("]}", t);
    } else {
        genomic_inclusion(t);
    }
    if (rng_pct(40))
        fprintf(t, ",{\"genomic\":{\"hugo_symbol\":\"%s\",\"variant_category\":\"!Mutation\"}}",
                passengers[rng_below(N_OF(passengers))]);
    if (rng_pct(10)) fprintf(t, ",{\"clinical\":{\"tmb_numerical\":\">=%u\"}}", 5 + rng_below(15));
    fputs("]}]", t);
}

static void trial(FILE *t, uint64_t i)
{
    fprintf(t,
            "{\"protocol_no\":\"%02" PRIu64 "-%03" PRIu64 "\",\"nct_id\":\"NCT9%07" PRIu64 "\","
            "\"short_title\":\"Synthetic trial %" PRIu64 "\",\"phase\":\"I\","
            "\"_summary\":{\"status\":[{\"value\":\"%s\"}]},\"treatment_list\":{\"step\":[{\"step_internal_id\":%" PRIu64
            ",\"step_code\":\"1\",\"step_type\":\"Registration\",\"arm\":[",
            20 + i / 1000, i % 1000, i, i, rng_pct(90) ? "Open to Accrual" : "Closed to Accrual", i * 10);
    for (unsigned a = 0, n = 1 + rng_below(3); a < n; a++) {
        fprintf(t,
                "%s{\"arm_internal_id\":%" PRIu64 ",\"arm_code\":\"ARM %c\",\"arm_description\":\"Arm %c\","
                "\"arm_suspended\":\"%s\",\"match\":",
                a ? "," : "", i * 10 + a, 'A' + a, 'A' + a, rng_pct(10) ? "Y" : "N");
        arm_tree(t);
        fputc('}', t);
    }
    fputs("]}]}}\n", t);
}

static FILE *open_out(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "match_gen: cannot write %s\n", path);
        exit(2);
    }
    return f;
}

int main(int argc, char **argv)
{
    if (argc >= 4) rng_state = strtoull(argv[3], NULL, 10);
    uint64_t n = argc >= 3 ? strtoull(argv[2], NULL, 10) : 0;
    if (argc == 6 && strcmp(argv[1], "patients") == 0) {
        FILE *c = open_out(argv[4]), *g = open_out(argv[5]);
        for (uint64_t i = 0; i < n; i++) patient(c, g, i);
        return fclose(c) || fclose(g) ? 2 : 0;
    }
    if (argc == 5 && strcmp(argv[1], "trials") == 0) {
        FILE *t = open_out(argv[4]);
        for (uint64_t i = 0; i < n; i++) trial(t, i);
        return fclose(t) ? 2 : 0;
    }
    fputs("usage: match_gen patients N SEED CLINICAL.json GENOMIC.json | match_gen trials N SEED TRIALS.json\n", stderr);
    return 2;
}
