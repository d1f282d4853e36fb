/* test_tmb.c: TMB rules (model_tmb.c) on alterations built here, each rule with a count
 * worked out by hand, and on the GDC LUSC MAF against an independent awk count. */
#include "check.h"
#include "io/io_int.h"
#include "oncoboard/tmb.h"

static onc_alt_t mut(const char *sample, const char *consequence)
{
    onc_alt_t a;
    onc_alt_init(&a);
    a.sample = sample;
    a.consequence = consequence;
    a.chrom = "chr1";
    a.pos = 1500;
    a.filter = "PASS";
    return a;
}

static onc_tmb_opts_t opts_with(const char *preset, double panel_mb)
{
    onc_tmb_opts_t o;
    onc_tmb_opts_init(&o);
    onc_err_t e = {0};
    if (preset && onc_tmb_opts_preset(&o, preset, &e)) fprintf(stderr, "%s\n", e.msg);
    o.panel_size_mb = panel_mb;
    return o;
}

/* Every term of the documented mapping is found (the table is binary-searched, so an
 * unsorted entry would be missed), in any letter case. */
static void every_term_maps_to_its_class(void)
{
    static const struct { onc_tmb_class cls; const char *terms; } spec[] = {
        {ONC_TMB_C_MISSENSE, "missense_variant missense Missense_Mutation"},
        {ONC_TMB_C_NONSENSE, "stop_gained Nonsense_Mutation"},
        {ONC_TMB_C_FRAMESHIFT, "frameshift_variant frameshift Frame_Shift_Del Frame_Shift_Ins"},
        {ONC_TMB_C_INFRAME, "inframe_insertion inframe_deletion disruptive_inframe_insertion disruptive_inframe_deletion conservative_inframe_insertion conservative_inframe_deletion inframe_altering In_Frame_Del In_Frame_Ins"},
        {ONC_TMB_C_SPLICE_SITE, "splice_acceptor_variant splice_donor_variant splice_acceptor splice_donor Splice_Site"},
        {ONC_TMB_C_START_LOST, "start_lost Translation_Start_Site"},
        {ONC_TMB_C_STOP_LOST, "stop_lost Nonstop_Mutation"},
        {ONC_TMB_C_PROTEIN_ALTERING, "protein_altering_variant"},
        {ONC_TMB_C_SYNONYMOUS, "synonymous_variant synonymous stop_retained_variant stop_retained start_retained_variant start_retained Silent"},
        {ONC_TMB_C_SPLICE_REGION, "splice_region_variant splice_region Splice_Region splice_donor_5th_base_variant splice_donor_region_variant splice_polypyrimidine_tract_variant"},
        {ONC_TMB_C_CODING_OTHER, "coding_sequence_variant coding_sequence incomplete_terminal_codon_variant initiator_codon_variant exon_loss_variant transcript_ablation transcript_amplification feature_elongation feature_truncation"},
        {ONC_TMB_C_NONCODING, "5_prime_UTR_variant 3_prime_UTR_variant 5_prime_utr 3_prime_utr 5_prime_UTR_premature_start_codon_gain_variant non_coding_transcript_exon_variant non_coding_exon_variant non_coding_transcript_variant non_coding intron_variant intron Intron NMD_transcript_variant upstream_gene_variant downstream_gene_variant TFBS_ablation TFBS_amplification TF_binding_site_variant regulatory_region_ablation regulatory_region_amplification regulatory_region_variant intergenic_variant intergenic_region intergenic intragenic_variant mature_miRNA_variant coding_transcript_variant conserved_intron_variant conserved_intergenic_variant 3'UTR 5'UTR 3'Flank 5'Flank IGR RNA lincRNA De_novo_Start_InFrame De_novo_Start_OutOfFrame"},
    };
    int n = 0;
    for (size_t i = 0; i < sizeof spec / sizeof *spec; i++) {
        char buf[2048];
        snprintf(buf, sizeof buf, "%s", spec[i].terms);
        for (char *t = buf, *sp; t && *t; t = sp ? sp + 1 : NULL) {
            if ((sp = strchr(t, ' '))) *sp = '\0';
            int unknown = -1;
            unsigned got = onc_tmb_consequence_classes(t, &unknown);
            if (got != ONC_TMB_BIT(spec[i].cls) || unknown != 0) {
                fprintf(stderr, "term '%s': classes 0x%x, expected 0x%x\n", t, got, ONC_TMB_BIT(spec[i].cls));
                check_failed = 1;
            }
            for (char *c = t; *c; c++) *c = (char)((*c >= 'a' && *c <= 'z') ? *c - 32 : *c);
            CHECK(onc_tmb_consequence_classes(t, NULL) == ONC_TMB_BIT(spec[i].cls));
            n++;
        }
    }
    CHECK_INT(n, 88); /* 86 table entries + "Intron" and "Splice_Region" matched case-blind */
}

static void consequence_lists_and_markers(void)
{
    int unknown;
    CHECK(onc_tmb_consequence_classes("missense_variant&splice_region_variant", &unknown) ==
          (ONC_TMB_BIT(ONC_TMB_C_MISSENSE) | ONC_TMB_BIT(ONC_TMB_C_SPLICE_REGION)));
    CHECK_INT(unknown, 0);
    CHECK(onc_tmb_consequence_classes("splice_region_variant;intron_variant", NULL) ==
          (ONC_TMB_BIT(ONC_TMB_C_SPLICE_REGION) | ONC_TMB_BIT(ONC_TMB_C_NONCODING)));
    CHECK(onc_tmb_consequence_classes("*missense", NULL) == ONC_TMB_BIT(ONC_TMB_C_MISSENSE));
    CHECK(onc_tmb_consequence_classes("@stop_gained", NULL) == ONC_TMB_BIT(ONC_TMB_C_NONSENSE));
    CHECK(onc_tmb_consequence_classes("foo_variant,missense_variant", &unknown) == ONC_TMB_BIT(ONC_TMB_C_MISSENSE));
    CHECK_INT(unknown, 1);
    CHECK(onc_tmb_consequence_classes("", &unknown) == 0);
    CHECK_INT(unknown, 0);
    CHECK(onc_tmb_consequence_classes(NULL, &unknown) == 0);
    /* a 70-character term is unrecognised, not truncated into "missense_variant" */
    CHECK(onc_tmb_consequence_classes("missense_variantxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", &unknown) == 0);
    CHECK_INT(unknown, 1);
}

static void options_are_checked(void)
{
    onc_err_t e = {0};
    onc_tmb_opts_t o = opts_with(NULL, NAN);
    CHECK_STR(o.preset, "nonsynonymous");
    CHECK_INT(onc_tmb_opts_check(&o, &e), ONC_EINVAL); /* panel size never defaulted */
    CHECK(strstr(e.msg, "panel size") != NULL);
    o.panel_size_mb = 0;
    CHECK_INT(onc_tmb_opts_check(&o, &e), ONC_EINVAL);
    o.panel_size_mb = -1;
    CHECK_INT(onc_tmb_opts_check(&o, &e), ONC_EINVAL);
    o.panel_size_mb = INFINITY;
    CHECK_INT(onc_tmb_opts_check(&o, &e), ONC_EINVAL);
    o.panel_size_mb = 1.1;
    CHECK_INT(onc_tmb_opts_check(&o, &e), ONC_OK);
    o.min_vaf = 1.5;
    CHECK_INT(onc_tmb_opts_check(&o, &e), ONC_EINVAL);
    o.min_vaf = 0;
    o.min_depth = -1;
    CHECK_INT(onc_tmb_opts_check(&o, &e), ONC_EINVAL);
    o.min_depth = 0;
    o.classes = ONC_TMB_BIT(ONC_TMB_C_NONCODING);
    CHECK_INT(onc_tmb_opts_check(&o, &e), ONC_EINVAL);
    CHECK(onc_tmb_acc_new(&o, &e) == NULL);
    CHECK_INT(onc_tmb_opts_preset(&o, "bogus", &e), ONC_ENOTFOUND);
    CHECK_INT(onc_tmb_opts_preset(&o, "default", &e), ONC_OK);
    CHECK_STR(o.preset, "nonsynonymous");
    CHECK(onc_tmb_preset_source("cbioportal") != NULL);
    CHECK(onc_tmb_preset_source("bogus") == NULL);
    for (const char *const *p = onc_tmb_preset_names(); *p; p++) CHECK(onc_tmb_preset_source(*p) != NULL);
}

static void class_lists_parse(void)
{
    onc_err_t e = {0};
    unsigned c = 0;
    CHECK_INT(onc_tmb_classes_parse("missense,nonsense", &c, &e), ONC_OK);
    CHECK(c == (ONC_TMB_BIT(ONC_TMB_C_MISSENSE) | ONC_TMB_BIT(ONC_TMB_C_NONSENSE)));
    CHECK_INT(onc_tmb_classes_parse("Synonymous", &c, &e), ONC_OK);
    CHECK(c == ONC_TMB_BIT(ONC_TMB_C_SYNONYMOUS));
    CHECK_INT(onc_tmb_classes_parse("missense,bogus", &c, &e), ONC_EINVAL);
    CHECK(strstr(e.msg, "bogus") != NULL);
    CHECK_INT(onc_tmb_classes_parse("", &c, &e), ONC_EINVAL);
    CHECK_INT(onc_tmb_classes_parse("noncoding", &c, &e), ONC_EINVAL);
}

/* Ten alterations of S1 and one of S2 under the default (nonsynonymous) rules on 2 Mb:
 * counted a (missense), g (missense&splice_region), i (Frame_Shift_Del) = 3 -> 1.5/Mb. */
static void each_rule_counted_once(void)
{
    onc_tmb_opts_t o = opts_with("default", 2.0);
    onc_err_t e = {0};
    onc_tmb_acc_t *acc = onc_tmb_acc_new(&o, &e);
    CHECK(acc != NULL);
    if (!acc) return;
    onc_alt_t a = mut("S1", "missense_variant");
    onc_alt_t b = mut("S1", "synonymous_variant");                   /* not counted */
    onc_alt_t c = mut("S1", "intron_variant");                       /* non-coding */
    onc_alt_t d = mut("S1", NULL);                                   /* coding unknown */
    onc_alt_t f = mut("S1", "stop_gained");
    f.filter = "panel_of_normals";                                   /* not PASS */
    onc_alt_t g = mut("S1", "missense_variant&splice_region_variant");
    onc_alt_t h = mut("S1", "splice_region_variant&intron_variant"); /* not counted */
    onc_alt_t i = mut("S1", "Frame_Shift_Del");
    onc_alt_t j = mut("S1", "foo_variant");                          /* coding unknown */
    onc_alt_t k = mut("S1", NULL);
    k.kind = ONC_KIND_FUSION;                                        /* not a mutation */
    onc_alt_t s2 = mut("S2", "Missense_Mutation");
    const onc_alt_t *all[] = {&a, &b, &c, &d, &f, &g, &h, &i, &j, &k, &s2};
    for (size_t n = 0; n < sizeof all / sizeof *all; n++) CHECK_INT(onc_tmb_add(acc, all[n]), ONC_OK);
    CHECK_INT(onc_tmb_n_samples(acc), 2);
    onc_tmb_result_t r;
    CHECK_INT(onc_tmb_get(acc, 0, &r), ONC_OK);
    CHECK_STR(r.sample, "S1");
    CHECK_INT(r.seen, 10);
    CHECK_INT(r.mutations, 3);
    CHECK_NEAR(r.tmb, 1.5, 1e-12);
    CHECK_NEAR(r.panel_size_mb, 2.0, 0);
    CHECK_INT(r.excluded[ONC_TMB_EX_NOT_MUTATION], 1);
    CHECK_INT(r.excluded[ONC_TMB_EX_NOT_PASS], 1);
    CHECK_INT(r.excluded[ONC_TMB_EX_NON_CODING], 1);
    CHECK_INT(r.excluded[ONC_TMB_EX_CODING_UNKNOWN], 2);
    CHECK_INT(r.excluded[ONC_TMB_EX_NOT_COUNTED], 2);
    CHECK_INT(r.excluded[ONC_TMB_EX_CONSEQUENCE_UNKNOWN], 0);
    CHECK_INT(r.complete, 0); /* d and j could not be placed: 1.5 is a lower bound */
    CHECK_INT(onc_tmb_get(acc, 1, &r), ONC_OK);
    CHECK_STR(r.sample, "S2");
    CHECK_INT(r.complete, 1);
    CHECK_INT(r.mutations, 1);
    CHECK_NEAR(r.tmb, 0.5, 1e-12);
    CHECK_INT(onc_tmb_get(acc, 2, &r), ONC_EINVAL);
    CHECK_INT(onc_tmb_n_unrecognised(acc), 1);
    CHECK_STR(onc_tmb_unrecognised(acc, 0), "foo_variant");
    onc_tmb_acc_free(acc);
}

static void presets_differ_where_published_schemes_do(void)
{
    onc_tmb_opts_t nonsyn = opts_with("nonsynonymous", 1), silent = opts_with("coding-and-silent", 1),
                   cbio = opts_with("cbioportal", 1), missense = opts_with("missense-only", 1);
    onc_alt_t syn = mut("S", "synonymous_variant"), region = mut("S", "Splice_Region"),
              start = mut("S", "Translation_Start_Site"), stop = mut("S", "stop_gained"),
              retained = mut("S", "stop_retained_variant");
    CHECK_INT(onc_tmb_classify(&nonsyn, &syn), ONC_TMB_EX_NOT_COUNTED);
    CHECK_INT(onc_tmb_classify(&silent, &syn), ONC_TMB_COUNTED);
    CHECK_INT(onc_tmb_classify(&silent, &retained), ONC_TMB_COUNTED);
    CHECK_INT(onc_tmb_classify(&cbio, &syn), ONC_TMB_EX_NOT_COUNTED);
    CHECK_INT(onc_tmb_classify(&cbio, &region), ONC_TMB_COUNTED); /* cBioPortal counts Splice_Region */
    CHECK_INT(onc_tmb_classify(&nonsyn, &region), ONC_TMB_EX_NOT_COUNTED);
    CHECK_INT(onc_tmb_classify(&cbio, &start), ONC_TMB_EX_NOT_COUNTED); /* not in its list */
    CHECK_INT(onc_tmb_classify(&nonsyn, &start), ONC_TMB_COUNTED);
    CHECK_INT(onc_tmb_classify(&missense, &stop), ONC_TMB_EX_NOT_COUNTED);
    CHECK_INT(onc_tmb_classify(&nonsyn, &stop), ONC_TMB_COUNTED);
}

static void pass_rule_is_selectable(void)
{
    onc_tmb_opts_t o = opts_with(NULL, 1);
    onc_alt_t flagged = mut("S", "missense_variant"), dot = mut("S", "missense_variant"),
              unset = mut("S", "missense_variant");
    flagged.flags |= ONC_ALT_NOT_PASS;
    flagged.filter = NULL;
    dot.filter = ".";
    unset.filter = NULL;
    CHECK_INT(onc_tmb_classify(&o, &flagged), ONC_TMB_EX_NOT_PASS);
    CHECK_INT(onc_tmb_classify(&o, &dot), ONC_TMB_COUNTED);
    CHECK_INT(onc_tmb_classify(&o, &unset), ONC_TMB_COUNTED);
    o.pass_only = 0;
    CHECK_INT(onc_tmb_classify(&o, &flagged), ONC_TMB_COUNTED);
}

/* min_depth 100, min_vaf 0.10. */
static void depth_and_vaf_thresholds(void)
{
    onc_tmb_opts_t o = opts_with(NULL, 1);
    o.min_depth = 100;
    o.min_vaf = 0.10;
    onc_alt_t shallow = mut("S", "missense_variant"), no_depth = mut("S", "missense_variant"),
              low = mut("S", "missense_variant"), from_counts = mut("S", "missense_variant"),
              no_vaf = mut("S", "missense_variant"), edge = mut("S", "missense_variant");
    shallow.depth = 99, shallow.vaf = 0.5;
    no_depth.vaf = 0.5;
    low.depth = 200, low.vaf = 0.05;
    from_counts.depth = 200, from_counts.alt_count = 30; /* 0.15 */
    no_vaf.depth = 200;
    edge.depth = 100, edge.vaf = 0.10;                    /* thresholds are inclusive */
    CHECK_INT(onc_tmb_classify(&o, &shallow), ONC_TMB_EX_BELOW_DEPTH);
    CHECK_INT(onc_tmb_classify(&o, &no_depth), ONC_TMB_EX_DEPTH_UNKNOWN);
    CHECK_INT(onc_tmb_classify(&o, &low), ONC_TMB_EX_BELOW_VAF);
    CHECK_INT(onc_tmb_classify(&o, &from_counts), ONC_TMB_COUNTED);
    CHECK_INT(onc_tmb_classify(&o, &no_vaf), ONC_TMB_EX_VAF_UNKNOWN);
    CHECK_INT(onc_tmb_classify(&o, &edge), ONC_TMB_COUNTED);
    o.min_depth = 0, o.min_vaf = 0; /* no thresholds: missing values do not matter */
    CHECK_INT(onc_tmb_classify(&o, &no_depth), ONC_TMB_COUNTED);
    CHECK_INT(onc_tmb_classify(&o, &no_vaf), ONC_TMB_COUNTED);
}

/* tests/data/tmb/panel.bed holds chr1 [1000,2000): 1-based 1001..2000. */
static void coding_status_from_a_bed(void)
{
    onc_err_t e = {0};
    onc_bed_t *bed = onc_bed_load("tests/data/tmb/panel.bed", &e);
    CHECK(bed != NULL);
    if (!bed) return;
    onc_tmb_opts_t nonsyn = opts_with(NULL, 1), silent = opts_with("coding-and-silent", 1);
    nonsyn.coding_bed = silent.coding_bed = bed;
    onc_alt_t bare = mut("S", NULL), outside = mut("S", "missense_variant"),
              syn = mut("S", "synonymous_variant"), nopos = mut("S", "missense_variant"),
              first = mut("S", NULL), intronic = mut("S", "intron_variant");
    bare.chrom = "1";               /* other naming than the BED's chr1 */
    outside.pos = 2001;
    syn.pos = 1001;
    nopos.pos = ONC_POS_MISSING;
    first.pos = 1001;
    CHECK_INT(onc_tmb_classify(&nonsyn, &bare), ONC_TMB_EX_CONSEQUENCE_UNKNOWN);
    CHECK_INT(onc_tmb_classify(&silent, &bare), ONC_TMB_COUNTED); /* every coding class counts */
    CHECK_INT(onc_tmb_classify(&silent, &first), ONC_TMB_COUNTED);
    CHECK_INT(onc_tmb_classify(&nonsyn, &outside), ONC_TMB_EX_NON_CODING);
    CHECK_INT(onc_tmb_classify(&nonsyn, &syn), ONC_TMB_EX_NOT_COUNTED);
    CHECK_INT(onc_tmb_classify(&silent, &syn), ONC_TMB_COUNTED);
    CHECK_INT(onc_tmb_classify(&nonsyn, &nopos), ONC_TMB_EX_CODING_UNKNOWN);
    CHECK_INT(onc_tmb_classify(&silent, &intronic), ONC_TMB_EX_NOT_COUNTED);
    onc_bed_free(bed);
}

static void many_samples_keep_their_order(void)
{
    onc_tmb_opts_t o = opts_with(NULL, 1);
    onc_err_t e = {0};
    onc_tmb_acc_t *acc = onc_tmb_acc_new(&o, &e);
    CHECK(acc != NULL);
    if (!acc) return;
    char name[32];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5000; i++) {
            snprintf(name, sizeof name, "T%d", i);
            onc_alt_t a = mut(name, i % 2 ? "missense_variant" : "intron_variant");
            CHECK_INT(onc_tmb_add(acc, &a), ONC_OK);
        }
    CHECK_INT(onc_tmb_n_samples(acc), 5000);
    onc_tmb_result_t r;
    CHECK_INT(onc_tmb_get(acc, 4321, &r), ONC_OK);
    CHECK_STR(r.sample, "T4321");
    CHECK_INT(r.seen, 2);
    CHECK_INT(r.mutations, 2);
    CHECK_INT(onc_tmb_get(acc, 4320, &r), ONC_OK);
    CHECK_INT(r.excluded[ONC_TMB_EX_NON_CODING], 2);
    onc_alt_t unnamed = mut(NULL, "missense_variant");
    CHECK_INT(onc_tmb_add(acc, &unnamed), ONC_OK);
    CHECK_INT(onc_tmb_get(acc, 5000, &r), ONC_OK);
    CHECK_STR(r.sample, "");
    onc_tmb_acc_free(acc);
}

/* The GDC LUSC MAF read with the project's table reader, columns taken by name, against
 * the awk count in docs/tmb.md (FILTER == PASS and Variant_Classification in the
 * nonsynonymous list): 66, 134 and 180 for the three tumours; the SO Consequence column
 * gives the same counts. */
static void lusc_maf_matches_awk(void)
{
    const char *path = shared_data("test-inputs/musicatk/public_TCGA.LUSC.maf");
    if (!path) SKIP("shared data absent");
    for (int use_so = 0; use_so < 2; use_so++) {
        onc_err_t e = {0};
        io_table_t *t = io_table_open(path, &e);
        CHECK(t != NULL);
        if (!t) return;
        static const char *const sample_col[] = {"Tumor_Sample_Barcode", NULL};
        static const char *const filter_col[] = {"FILTER", NULL};
        static const char *const vc_col[] = {"Variant_Classification", NULL};
        static const char *const so_col[] = {"Consequence", NULL};
        int cs = io_table_find(t, sample_col), cf = io_table_find(t, filter_col),
            cc = io_table_find(t, use_so ? so_col : vc_col);
        onc_tmb_opts_t o = opts_with(NULL, 30.0);
        onc_tmb_acc_t *acc = onc_tmb_acc_new(&o, &e);
        while (acc && io_table_next(t, &e) == 0) {
            onc_alt_t a = mut(io_table_cell(t, cs), io_table_cell(t, cc));
            a.filter = io_table_cell(t, cf);
            CHECK_INT(onc_tmb_add(acc, &a), ONC_OK);
        }
        CHECK_INT(onc_tmb_n_samples(acc), 3);
        static const struct { const char *sample; uint64_t n, not_pass, not_counted, noncoding; } want[] = {
            {"TCGA-94-7557-01A-11D-2122-08", 66, 5, 32, 17}, /* the file's order */
            {"TCGA-56-7582-01A-11D-2042-08", 134, 7, 37, 21},
            {"TCGA-77-7335-01A-11D-2042-08", 180, 16, 62, 25},
        };
        for (size_t i = 0; i < 3; i++) {
            onc_tmb_result_t r;
            CHECK_INT(onc_tmb_get(acc, i, &r), ONC_OK);
            CHECK_STR(r.sample, want[i].sample);
            CHECK_INT(r.mutations, want[i].n);
            CHECK_NEAR(r.tmb, want[i].n / 30.0, 1e-12);
            CHECK_INT(r.excluded[ONC_TMB_EX_NOT_PASS], want[i].not_pass);
            if (!use_so) { /* the MAF classes split "not counted" and "non-coding" as awk did */
                CHECK_INT(r.excluded[ONC_TMB_EX_NOT_COUNTED], want[i].not_counted);
                CHECK_INT(r.excluded[ONC_TMB_EX_NON_CODING], want[i].noncoding);
            }
        }
        onc_tmb_acc_free(acc);
        io_table_close(t);
    }
}

/* Feeds every alteration of path (read with the project's reader) to a new accumulator. */
static onc_tmb_acc_t *tmb_of_file(const char *path, const char *tumor, const onc_tmb_opts_t *o)
{
    onc_read_opts_t ro;
    onc_read_opts_init(&ro);
    ro.tumor_sample = tumor;
    onc_err_t e = {0};
    onc_reader_t *r = onc_reader_open(path, &ro, &e);
    if (!r) fprintf(stderr, "%s\n", e.msg);
    onc_tmb_acc_t *acc = r ? onc_tmb_acc_new(o, &e) : NULL;
    onc_alt_t a;
    while (acc && onc_reader_next(r, &a) == 0)
        if (onc_tmb_add(acc, &a)) check_failed = 1;
    onc_reader_close(r);
    return acc;
}

/* The TCGA LUAD VCF is unannotated: without a BED nothing can be placed (121 PASS records
 * coding_unknown, 5 panel_of_normals); with tests/data/tmb/luad_coding.bed the awk count in
 * docs/tmb.md gives 5 inside and PASS, 5 not PASS, 116 outside. */
static void luad_vcf_with_and_without_bed(void)
{
    const char *path = shared_data("test-inputs/musicatk/public_LUAD_TCGA-97-7938.vcf");
    if (!path) SKIP("shared data absent");
    const char *tumor = "TCGA-97-7938-01A-11D-2167-08";
    onc_tmb_opts_t o = opts_with("coding-and-silent", 1.5);
    onc_tmb_result_t r;
    onc_tmb_acc_t *acc = tmb_of_file(path, tumor, &o);
    CHECK(acc != NULL);
    if (acc && onc_tmb_get(acc, 0, &r) == ONC_OK) {
        CHECK_STR(r.sample, tumor);
        CHECK_INT(r.seen, 126);
        CHECK_INT(r.mutations, 0);
        CHECK_INT(r.excluded[ONC_TMB_EX_NOT_PASS], 5);
        CHECK_INT(r.excluded[ONC_TMB_EX_CODING_UNKNOWN], 121);
        CHECK_INT(r.complete, 0);
    }
    onc_tmb_acc_free(acc);
    onc_err_t e = {0};
    onc_bed_t *bed = onc_bed_load("tests/data/tmb/luad_coding.bed", &e);
    CHECK(bed != NULL);
    o.coding_bed = bed;
    acc = bed ? tmb_of_file(path, tumor, &o) : NULL;
    if (acc && onc_tmb_get(acc, 0, &r) == ONC_OK) {
        CHECK_INT(r.mutations, 5);
        CHECK_NEAR(r.tmb, 5 / 1.5, 1e-12);
        CHECK_INT(r.excluded[ONC_TMB_EX_NOT_PASS], 5);
        CHECK_INT(r.excluded[ONC_TMB_EX_NON_CODING], 116);
        CHECK_INT(r.complete, 1);
    }
    onc_tmb_acc_free(acc);
    onc_bed_free(bed);
}

/* The same LUSC counts through the project's MAF reader (what `profile --tmb` feeds). */
static void lusc_maf_through_the_reader(void)
{
    const char *path = shared_data("test-inputs/musicatk/public_TCGA.LUSC.maf");
    if (!path) SKIP("shared data absent");
    onc_tmb_opts_t o = opts_with(NULL, 30.0);
    onc_tmb_acc_t *acc = tmb_of_file(path, NULL, &o);
    CHECK(acc != NULL);
    CHECK_INT(onc_tmb_n_samples(acc), 3);
    static const uint64_t want[] = {66, 134, 180};
    onc_tmb_result_t r;
    for (size_t i = 0; acc && i < 3; i++)
        if (onc_tmb_get(acc, i, &r) == ONC_OK) {
            CHECK_INT(r.mutations, want[i]);
            CHECK_INT(r.complete, 1);
        }
    onc_tmb_acc_free(acc);
}

int main(void)
{
    RUN(every_term_maps_to_its_class);
    RUN(consequence_lists_and_markers);
    RUN(options_are_checked);
    RUN(class_lists_parse);
    RUN(each_rule_counted_once);
    RUN(presets_differ_where_published_schemes_do);
    RUN(pass_rule_is_selectable);
    RUN(depth_and_vaf_thresholds);
    RUN(coding_status_from_a_bed);
    RUN(many_samples_keep_their_order);
    RUN(lusc_maf_matches_awk);
    RUN(lusc_maf_through_the_reader);
    RUN(luad_vcf_with_and_without_bed);
    CHECK_EXIT();
}
