/* cli_db_export_cbio_mol.c: the molecular profiles of the cBioPortal export and their gene panels.
 *
 * Mutations become a MAF (data_mutations_extended.txt) with the columns cBioPortal's "Mutation
 * Data" section requires (Hugo_Symbol, NCBI_Build, Chromosome, Variant_Classification,
 * Reference_Allele, Tumor_Seq_Allele2, Tumor_Sample_Barcode, HGVSp_Short) and the optional ones
 * the registry has (positions, strand, variant type, read counts; HGVSc and Transcript_ID as
 * vcf2maf names them). Alleles stored VCF-style (a shared first base) are written MAF-style ("-"
 * for the empty allele, positions as vcf2maf gives them); the classification of a Sequence
 * Ontology consequence is vcf2maf's (match_vclass.c), and "Unknown" when it cannot be told.
 * Copy-number calls become the discrete matrix (-2..2, 0 for a gene the sample's assay tested
 * without a call, NA for one it did not test); fusions and other rearrangements the structural
 * variant table. A sample's gene panel, per profile, is the genes its assay tested for that
 * kind of alteration (assay.genes, plus assay.coverage for the kind); samples whose assay lists no
 * genes have no panel (NA in the matrix). Each panel is written as a gene panel file
 * (data_gene_panel_ID.txt, "Import Gene Panels") to be imported before the study.
 */
#include "cli_db_export_cbio.h"

#include "match/match_pat_int.h" /* match_maf_classification: vcf2maf's rules, one copy */

#include <stdlib.h>
#include <string.h>

#define CMD "db export"
#define PANEL_NAME_MAX 100

/* ---- gene panels ---- */

static int cmp_gene(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned cover_bit(int profile)
{
    return profile == CBIO_MUT ? ONC_COVER_MUTATION : profile == CBIO_CNA ? ONC_COVER_CNA : ONC_COVER_FUSION;
}

/* The genes s's assay tested for profile, sorted and unique, as approved symbols; the strings
 * belong to the case or the knowledge base. n 0 when the assay lists none. */
static int panel_genes(const cbio_study_t *st, const onc_sample_t *s, int profile, const char ***out, size_t *n)
{
    const onc_assay_t *a = &s->molecular.assay;
    *out = NULL, *n = 0;
    if (!s->has_molecular || a->n_genes + a->n_coverage == 0) return CLI_OK;
    const char **g = malloc((a->n_genes + a->n_coverage) * sizeof *g);
    if (!g) return cli_error(CMD, "out of memory"), CLI_INTERNAL;
    size_t k = 0;
    for (size_t i = 0; i < a->n_genes; i++) g[k++] = cbio_gene(st, a->genes[i]);
    for (size_t i = 0; i < a->n_coverage; i++)
        if (a->coverage[i].types & cover_bit(profile)) g[k++] = cbio_gene(st, a->coverage[i].gene);
    qsort(g, k, sizeof *g, cmp_gene);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || strcmp(g[u - 1], g[i]) != 0) g[u++] = g[i];
    if (u == 0) free(g), g = NULL;
    *out = g, *n = u;
    return CLI_OK;
}

static bool same_panel(const cbio_panel_t *p, const char *assay, const char *const *genes, size_t n)
{
    if (p->n_genes != n || (p->assay == NULL) != (assay == NULL) || (assay && strcmp(p->assay, assay) != 0)) return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(p->genes[i], genes[i]) != 0) return false;
    return true;
}

/* STUDY_ASSAY with every byte outside [A-Za-z0-9_] as '_' (the assay's name cut at
 * PANEL_NAME_MAX bytes), then _2, _3 ... until unused. */
static char *panel_id(const cbio_study_t *st, const char *assay)
{
    const char *name = assay ? assay : "panel";
    size_t len = strlen(name) < PANEL_NAME_MAX ? strlen(name) : PANEL_NAME_MAX; /* file names stay short */
    size_t n = strlen(st->id) + len + 24;
    char *id = malloc(n);
    if (!id) return NULL;
    int k = snprintf(id, n, "%s_", st->id);
    for (const char *s = name; s < name + len; s++)
        id[k++] = ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) ? *s : '_';
    id[k] = '\0';
    for (int suffix = 2;; suffix++) {
        bool used = false;
        for (size_t i = 0; i < st->n_panels && !used; i++) used = strcmp(st->panels[i].id, id) == 0;
        if (!used) return id;
        snprintf(id + k, n - (size_t)k, "_%d", suffix);
    }
}

/* The panel of (assay, genes): an existing one, or a new one taking genes (copied). */
static const cbio_panel_t *find_or_add_panel(cbio_study_t *st, const char *assay, const char **genes, size_t n)
{
    for (size_t i = 0; i < st->n_panels; i++)
        if (same_panel(&st->panels[i], assay, genes, n)) return &st->panels[i];
    /* panels are few (one per assay and gene list): grow by one, pointers fixed afterwards */
    cbio_panel_t *bigger = realloc(st->panels, (st->n_panels + 1) * sizeof *bigger);
    if (!bigger) return NULL;
    for (size_t i = 0; i < st->n_samples; i++)
        for (int p = 0; p < CBIO_N_PROFILES; p++)
            if (st->samples[i].panel[p]) st->samples[i].panel[p] = bigger + (st->samples[i].panel[p] - st->panels);
    st->panels = bigger;
    cbio_panel_t *np = &st->panels[st->n_panels];
    memset(np, 0, sizeof *np);
    np->assay = assay;
    if (!(np->id = panel_id(st, assay)) || !(np->genes = calloc(n, sizeof *np->genes))) {
        free(np->id);
        return NULL;
    }
    st->n_panels++;
    for (size_t i = 0; i < n; i++)
        if (!(np->genes[np->n_genes++] = strdup(genes[i]))) return NULL;
    return np;
}

int cbio_build_panels(cbio_study_t *st)
{
    for (size_t i = 0; i < st->n_samples; i++)
        for (int p = 0; p < CBIO_N_PROFILES; p++) {
            const char **genes = NULL;
            size_t n = 0;
            int status = panel_genes(st, st->samples[i].s, p, &genes, &n);
            if (status != CLI_OK) return status;
            if (!n) continue;
            const cbio_panel_t *panel = find_or_add_panel(st, st->samples[i].s->molecular.assay.name, genes, n);
            free(genes);
            if (!panel) return cli_error(CMD, "out of memory"), CLI_INTERNAL;
            st->samples[i].panel[p] = panel;
        }
    return CLI_OK;
}

void cbio_panels_free(cbio_study_t *st)
{
    for (size_t i = 0; i < st->n_panels; i++) {
        for (size_t k = 0; k < st->panels[i].n_genes; k++) free(st->panels[i].genes[k]);
        free(st->panels[i].genes);
        free(st->panels[i].id);
    }
    free(st->panels);
    st->panels = NULL, st->n_panels = 0;
}

static int write_panel_files(const cbio_study_t *st)
{
    int status = CLI_OK;
    for (size_t i = 0; status == CLI_OK && i < st->n_panels; i++) {
        const cbio_panel_t *p = &st->panels[i];
        cbio_text_t t = {ONC_STRBUF_INIT, ONC_OK};
        cbio_printf(&t, "stable_id: %s\ndescription: ", p->id);
        cbio_cell(&t, p->assay ? p->assay : "assay without a name", true);
        cbio_printf(&t, " (%zu genes, as recorded in the oncoboard registry)\ngene_list:", p->n_genes);
        for (size_t k = 0; k < p->n_genes; k++) {
            cbio_puts(&t, k ? "\t" : " ");
            cbio_cell(&t, p->genes[k], true);
        }
        cbio_puts(&t, "\n");
        char name[256]; /* a panel id is at most 64 + 1 + PANEL_NAME_MAX + a suffix */
        snprintf(name, sizeof name, "data_gene_panel_%s.txt", p->id);
        status = cbio_write(st, name, &t);
    }
    return status;
}

static bool profile_has_samples(const cbio_study_t *st, int profile)
{
    for (size_t i = 0; i < st->n_samples; i++)
        if (st->samples[i].profiled[profile]) return true;
    return false;
}

static int write_panel_matrix(const cbio_study_t *st)
{
    if (!st->n_panels) return CLI_OK;
    cbio_text_t t = {ONC_STRBUF_INIT, ONC_OK};
    cbio_puts(&t, "SAMPLE_ID");
    for (int p = 0; p < CBIO_N_PROFILES; p++)
        if (profile_has_samples(st, p)) cbio_cell(&t, cbio_profile_ids[p], false);
    cbio_puts(&t, "\n");
    for (size_t i = 0; i < st->n_samples; i++) {
        const cbio_sample_t *sm = &st->samples[i];
        cbio_cell(&t, sm->id, true);
        for (int p = 0; p < CBIO_N_PROFILES; p++)
            if (profile_has_samples(st, p)) cbio_cell(&t, sm->panel[p] ? sm->panel[p]->id : "NA", false);
        cbio_puts(&t, "\n");
    }
    int status = cbio_write(st, "data_gene_panel_matrix.txt", &t);
    if (status != CLI_OK) return status;
    cbio_printf(&t, "cancer_study_identifier: %s\ngenetic_alteration_type: GENE_PANEL_MATRIX\ndatatype: "
                    "GENE_PANEL_MATRIX\ndata_filename: data_gene_panel_matrix.txt\n", st->id);
    status = cbio_write(st, "meta_gene_panel_matrix.txt", &t);
    return status == CLI_OK ? write_panel_files(st) : status;
}

/* ---- meta files of the profiles ---- */

static int write_profile_meta(const cbio_study_t *st, int profile)
{
    static const char *const type[] = {"MUTATION_EXTENDED", "COPY_NUMBER_ALTERATION", "STRUCTURAL_VARIANT"};
    static const char *const datatype[] = {"MAF", "DISCRETE", "SV"};
    static const char *const name[] = {"Mutations", "Putative copy-number alterations", "Structural variants"};
    static const char *const desc[] = {
        "Mutations recorded in the oncoboard registry (typed into case files or read from lab files).",
        "Copy-number calls recorded in the oncoboard registry. Values: -2 = homozygous deletion; -1 = hemizygous "
        "deletion; 0 = neutral / no change; 1 = gain; 2 = high level amplification.",
        "Fusions and other rearrangements recorded in the oncoboard registry.",
    };
    static const char *const data[] = {"data_mutations_extended.txt", "data_cna.txt", "data_sv.txt"};
    static const char *const meta[] = {"meta_mutations_extended.txt", "meta_cna.txt", "meta_sv.txt"};
    cbio_text_t t = {ONC_STRBUF_INIT, ONC_OK};
    cbio_printf(&t, "cancer_study_identifier: %s\ngenetic_alteration_type: %s\ndatatype: %s\nstable_id: %s\n", st->id,
                type[profile], datatype[profile], cbio_profile_ids[profile]);
    cbio_printf(&t, "show_profile_in_analysis_tab: true\nprofile_name: %s\nprofile_description: %s\ndata_filename: %s\n",
                name[profile], desc[profile], data[profile]);
    return cbio_write(st, meta[profile], &t);
}

/* ---- mutations ---- */

typedef struct maf_site {
    const char *ref, *alt; /* MAF style: "-" for the empty allele */
    int64_t start, end;    /* ONC_POS_MISSING when unknown */
    const char *type;      /* SNP DNP TNP ONP INS DEL, or NULL */
} maf_site_t;

static const char *variant_type(const char *ref, const char *alt)
{
    if (strcmp(ref, "-") == 0) return "INS";
    if (strcmp(alt, "-") == 0) return "DEL";
    size_t r = strlen(ref), a = strlen(alt);
    if (r != a) return r > a ? "DEL" : "INS";
    return r == 1 ? "SNP" : r == 2 ? "DNP" : r == 3 ? "TNP" : "ONP";
}

/* VCF-style alleles with a shared first base (ref AT, alt A at pos p) lose it, as vcf2maf does:
 * a deletion then starts at p+1, an insertion keeps p and p+1 around the inserted bases. The
 * alleles point into a's. */
static void maf_site(const onc_alt_t *a, maf_site_t *m)
{
    memset(m, 0, sizeof *m);
    m->start = m->end = ONC_POS_MISSING;
    if (!a->ref || !a->alt || !*a->ref || !*a->alt) return;
    const char *ref = a->ref, *alt = a->alt;
    int64_t pos = a->pos;
    bool vcf = strcmp(ref, "-") && strcmp(alt, "-");
    if (vcf && strlen(ref) != strlen(alt) && ref[0] == alt[0]) {
        ref = ref[1] ? ref + 1 : "-";
        alt = alt[1] ? alt + 1 : "-";
        if (pos != ONC_POS_MISSING && strcmp(ref, "-") != 0) pos++; /* a deletion starts after the anchor */
    }
    m->ref = ref, m->alt = alt, m->type = variant_type(ref, alt);
    if (pos == ONC_POS_MISSING) return;
    m->start = pos;
    m->end = strcmp(ref, "-") == 0 ? pos + 1 : pos + (int64_t)strlen(ref) - 1;
}

static void cell_pos(cbio_text_t *t, int64_t v)
{
    char buf[24];
    if (v == ONC_POS_MISSING) cbio_cell(t, NULL, false);
    else snprintf(buf, sizeof buf, "%lld", (long long)v), cbio_cell(t, buf, false);
}

static void cell_count(cbio_text_t *t, int32_t v)
{
    char buf[16];
    if (v == ONC_INT_MISSING) cbio_cell(t, NULL, false);
    else snprintf(buf, sizeof buf, "%d", (int)v), cbio_cell(t, buf, false);
}

/* HGVSp_Short: p. and the normalised protein change (L858R, X1010_splice, E746_A750del); a
 * change named by its class ("exon 19 in-frame deletion") keeps the HGVS given, if any. */
static void cell_hgvsp(cbio_text_t *t, const onc_alt_t *a)
{
    if (a->alteration && !strchr(a->alteration, ' ')) {
        cbio_cell(t, "p.", false);
        cbio_puts(t, a->alteration);
    } else {
        cbio_cell(t, a->hgvsp, false);
    }
}

static const char *const maf_columns[] = {
    "Hugo_Symbol", "NCBI_Build", "Chromosome", "Start_Position", "End_Position", "Strand",
    "Variant_Classification", "Variant_Type", "Reference_Allele", "Tumor_Seq_Allele2", "Tumor_Sample_Barcode",
    "HGVSp_Short", "HGVSc", "Transcript_ID", "t_alt_count", "t_ref_count",
};

static void maf_row(cbio_text_t *t, const cbio_study_t *st, const onc_alt_t *a)
{
    maf_site_t m;
    maf_site(a, &m);
    const char *chrom = a->chrom && strncmp(a->chrom, "chr", 3) == 0 ? a->chrom + 3 : a->chrom;
    const char *vc = match_maf_classification(a);
    cbio_cell(t, cbio_gene(st, a->gene), true);
    cbio_cell(t, a->genome ? a->genome : st->genome, false);
    cbio_cell(t, chrom, false);
    cell_pos(t, m.start);
    cell_pos(t, m.end);
    cbio_cell(t, m.start != ONC_POS_MISSING ? "+" : NULL, false);
    cbio_cell(t, vc ? vc : "Unknown", false);
    cbio_cell(t, m.type, false);
    cbio_cell(t, m.ref, false);
    cbio_cell(t, m.alt, false);
    cbio_cell(t, a->sample, false);
    cell_hgvsp(t, a);
    cbio_cell(t, a->hgvsc, false);
    cbio_cell(t, a->transcript, false);
    cell_count(t, a->alt_count);
    bool ref_known = a->depth != ONC_INT_MISSING && a->alt_count != ONC_INT_MISSING && a->depth >= a->alt_count;
    cell_count(t, ref_known ? a->depth - a->alt_count : ONC_INT_MISSING);
    cbio_puts(t, "\n");
}

/* A table of one row per alteration of the profile: the MAF and the SV file. */
static int write_rows(const cbio_study_t *st, const char *name, const char *const *columns, size_t n_columns,
                      int profile, void (*row)(cbio_text_t *, const cbio_study_t *, const onc_alt_t *))
{
    cbio_text_t t = {ONC_STRBUF_INIT, ONC_OK};
    for (size_t i = 0; i < n_columns; i++) cbio_cell(&t, columns[i], i == 0);
    cbio_puts(&t, "\n");
    for (size_t i = 0; i < st->n_patients; i++) {
        const onc_store_export_t *x = st->patients[i].x;
        for (size_t k = 0; k < x->n_alts; k++)
            if (cbio_profile_of(x->alts[k].alt.kind) == profile) row(&t, st, &x->alts[k].alt);
    }
    return cbio_write(st, name, &t);
}

static int write_mutations(const cbio_study_t *st)
{
    return write_rows(st, "data_mutations_extended.txt", maf_columns, sizeof maf_columns / sizeof *maf_columns,
                      CBIO_MUT, maf_row);
}

/* ---- copy number ---- */

static const char *cna_value(onc_alt_kind k)
{
    switch (k) {
    case ONC_KIND_AMPLIFICATION: return "2";
    case ONC_KIND_GAIN: return "1";
    case ONC_KIND_LOSS: return "-1";
    case ONC_KIND_DELETION: return "-2";
    default: return NULL;
    }
}

/* The call for gene in sample sm (the first, when several), or NULL. */
static const char *cna_call(const cbio_study_t *st, const cbio_sample_t *sm, const char *gene)
{
    const onc_store_export_t *x = st->patients[sm->patient].x;
    for (size_t k = 0; k < x->n_alts; k++) {
        const onc_alt_t *a = &x->alts[k].alt;
        if (cbio_profile_of(a->kind) == CBIO_CNA && a->sample && strcmp(a->sample, sm->id) == 0 && a->gene &&
            strcmp(cbio_gene(st, a->gene), gene) == 0)
            return cna_value(a->kind);
    }
    return NULL;
}

static bool panel_has(const cbio_panel_t *p, const char *gene)
{
    return p && bsearch(&gene, p->genes, p->n_genes, sizeof *p->genes, cmp_gene) != NULL;
}

/* The matrix's genes: every gene called or tested for copy number in a profiled sample. */
static int cna_genes(const cbio_study_t *st, const char ***out, size_t *n)
{
    size_t cap = 0;
    *out = NULL, *n = 0;
    for (size_t i = 0; i < st->n_samples; i++) {
        const cbio_sample_t *sm = &st->samples[i];
        const cbio_panel_t *p = sm->panel[CBIO_CNA];
        const onc_store_export_t *x = st->patients[sm->patient].x;
        size_t extra = (p ? p->n_genes : 0) + x->n_alts;
        if (!sm->profiled[CBIO_CNA] || !extra) continue;
        const char **bigger = realloc(*out, (cap + extra) * sizeof *bigger);
        if (!bigger) return cli_error(CMD, "out of memory"), CLI_INTERNAL;
        *out = bigger, cap += extra;
        for (size_t k = 0; p && k < p->n_genes; k++) (*out)[(*n)++] = p->genes[k];
        for (size_t k = 0; k < x->n_alts; k++) {
            const onc_alt_t *a = &x->alts[k].alt;
            if (cbio_profile_of(a->kind) == CBIO_CNA && a->gene && a->sample && !strcmp(a->sample, sm->id))
                (*out)[(*n)++] = cbio_gene(st, a->gene);
        }
    }
    if (*n) qsort(*out, *n, sizeof **out, cmp_gene);
    size_t u = 0;
    for (size_t i = 0; i < *n; i++)
        if (u == 0 || strcmp((*out)[u - 1], (*out)[i]) != 0) (*out)[u++] = (*out)[i];
    *n = u;
    return CLI_OK;
}

static int write_cna(const cbio_study_t *st)
{
    const char **genes = NULL;
    size_t n = 0;
    int status = cna_genes(st, &genes, &n);
    if (status != CLI_OK) return status;
    cbio_text_t t = {ONC_STRBUF_INIT, ONC_OK};
    cbio_puts(&t, "Hugo_Symbol");
    for (size_t i = 0; i < st->n_samples; i++)
        if (st->samples[i].profiled[CBIO_CNA]) cbio_cell(&t, st->samples[i].id, false);
    cbio_puts(&t, "\n");
    for (size_t g = 0; g < n; g++) {
        cbio_cell(&t, genes[g], true);
        for (size_t i = 0; i < st->n_samples; i++) {
            const cbio_sample_t *sm = &st->samples[i];
            if (!sm->profiled[CBIO_CNA]) continue;
            const char *v = cna_call(st, sm, genes[g]);
            cbio_cell(&t, v ? v : panel_has(sm->panel[CBIO_CNA], genes[g]) ? "0" : "NA", false);
        }
        cbio_puts(&t, "\n");
    }
    free(genes);
    return cbio_write(st, "data_cna.txt", &t);
}

/* ---- structural variants ---- */

static const char *const sv_columns[] = {
    "Sample_Id", "SV_Status", "Site1_Hugo_Symbol", "Site1_Chromosome", "Site1_Position", "Site2_Hugo_Symbol",
    "NCBI_Build", "Event_Info",
};

/* SV_Status is required (SOMATIC or GERMLINE); the registry does not record a rearrangement's
 * origin, and the tumor assays it holds report somatic events: SOMATIC. */
static void sv_row(cbio_text_t *t, const cbio_study_t *st, const onc_alt_t *a)
{
    const char *chrom = a->chrom && strncmp(a->chrom, "chr", 3) == 0 ? a->chrom + 3 : a->chrom;
    cbio_cell(t, a->sample, true);
    cbio_cell(t, "SOMATIC", false);
    cbio_cell(t, cbio_gene(st, a->gene), false);
    cbio_cell(t, chrom, false);
    cell_pos(t, a->chrom ? a->pos : ONC_POS_MISSING);
    cbio_cell(t, cbio_gene(st, a->partner), false);
    cbio_cell(t, a->genome ? a->genome : st->genome, false);
    cbio_cell(t, a->alteration, false);
    cbio_puts(t, "\n");
}

static int write_sv(const cbio_study_t *st)
{
    return write_rows(st, "data_sv.txt", sv_columns, sizeof sv_columns / sizeof *sv_columns, CBIO_SV, sv_row);
}

/* ---- all of them ---- */

int cbio_write_molecular(const cbio_study_t *st)
{
    int (*const writers[CBIO_N_PROFILES])(const cbio_study_t *) = {write_mutations, write_cna, write_sv};
    int status = CLI_OK;
    for (int p = 0; status == CLI_OK && p < CBIO_N_PROFILES; p++) {
        if (!profile_has_samples(st, p)) continue;
        status = writers[p](st);
        if (status == CLI_OK) status = write_profile_meta(st, p);
    }
    return status == CLI_OK ? write_panel_matrix(st) : status;
}
