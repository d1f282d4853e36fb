/* kb_import_oncokb.c: a user's own OncoKB export (allActionableVariants.txt) -> entries.
 *
 * OncoKB's content is licensed: this turns a file the user downloaded under their own licence
 * into a separate directory for their own use; none of it enters kb/ or the tests (the test
 * fixture is invented). Columns as OncoKB's server writes them (oncokb/oncokb
 * UtilsController utilsAllActionableVariantsTxtGet, docs/kb-import.md): older files name the
 * gene column "Gene" and have one "Isoform"/"RefSeq" pair, newer ones "Hugo Symbol" and a pair
 * per genome; both are read by header name. One row is one variant, cancer type and level; its
 * "Drugs(s)" cell lists treatments separated by ", ", a combination's drugs joined by " + ".
 * "Protein Change" holds OncoKB's alteration (729_761del), "Alteration" its display name (Exon
 * 19 in-frame deletions): the former is our pattern, the latter the fallback.
 */
#include "kb_import_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { O_GENE, O_ALT, O_CANCER, O_LEVEL, O_DRUGS, O_PROTEIN, O_PMIDS, O_ABSTRACTS, N_COLS };

typedef struct oncokb_ctx {
    kbi_import_t *im;
    kbi_table_t *t;
    onc_err_t *err;
    int col[N_COLS];
    size_t n_abstracts;
} oncokb_ctx_t;

/* OncoKB's levels (LevelOfEvidence.java); v1 files' 2A and 2B became 2 and 3B in v2. */
static const struct level_rule { const char *level, *ours, *effect, *note; } level_rules[] = {
    {"1", "1", "sensitive", NULL},   {"2", "2", "sensitive", NULL},   {"3A", "3A", "sensitive", NULL},
    {"3B", "3B", "sensitive", NULL}, {"4", "4", "sensitive", NULL},   {"R1", "R1", "resistant", NULL},
    {"R2", "R2", "resistant", NULL},
    {"2A", "2", "sensitive", "OncoKB v1 level 2A, level 2 since OncoKB's v2 levels"},
    {"2B", "3B", "sensitive", "OncoKB v1 level 2B, level 3B since OncoKB's v2 levels"},
    {"Dx1", NULL, "diagnostic", NULL}, {"Dx2", NULL, "diagnostic", NULL},
    {"Dx3", NULL, "diagnostic", NULL}, {"Px1", NULL, "prognostic", NULL},
    {"Px2", NULL, "prognostic", NULL}, {"Px3", NULL, "prognostic", NULL},
};

static onc_rc find_columns(oncokb_ctx_t *c)
{
    kbi_table_t *t = c->t;
    static const char *const required[] = {"Alteration", "Cancer Type", "Level", "Drugs(s)", NULL};
    int idx[4];
    c->col[O_GENE] = kbi_table_col(t, "Hugo Symbol") >= 0 ? kbi_table_col(t, "Hugo Symbol") : kbi_table_col(t, "Gene");
    if (c->col[O_GENE] < 0)
        return onc_err_at(c->err, ONC_EPARSE, kbi_table_path(t), kbi_table_header_line(t), NULL,
                          "header lacks the column Hugo Symbol (or Gene): not an OncoKB allActionableVariants.txt");
    onc_rc rc = kbi_table_cols(t, required, idx, c->err);
    if (rc) return rc;
    c->col[O_ALT] = idx[0];
    c->col[O_CANCER] = idx[1];
    c->col[O_LEVEL] = idx[2];
    c->col[O_DRUGS] = idx[3];
    c->col[O_PROTEIN] = kbi_table_col(t, "Protein Change");
    c->col[O_PMIDS] = kbi_table_col(t, "PMIDs for drug");
    c->col[O_ABSTRACTS] = kbi_table_col(t, "Abstracts for drug");
    kbi_set_layout(c->im, kbi_table_col(t, "GRCh38 Isoform") >= 0 ? "OncoKB allActionableVariants.txt (GRCh37 and GRCh38 columns)"
                                                                   : "OncoKB allActionableVariants.txt (one isoform column)");
    return ONC_OK;
}

/* Next item of a list separated by sep (", " or "; "), trimmed; NULL at the end. */
static char *next_item(char **p, const char *sep)
{
    while (**p == ' ') (*p)++;
    if (!**p) return NULL;
    char *item = *p, *end = strstr(*p, sep);
    if (end) {
        *end = '\0';
        *p = end + strlen(sep);
    } else *p += strlen(*p);
    for (char *q = item + strlen(item); q > item && q[-1] == ' ';) *--q = '\0';
    return item;
}

/* "PMIDs for drug": "12345, 67890" -> sources, keys appended to e. */
static onc_rc add_pmids(oncokb_ctx_t *c, kbi_entry_t *e, char keys[][40])
{
    char buf[8192], cite[128];
    if (snprintf(buf, sizeof buf, "%s", kbi_table_cell(c->t, c->col[O_PMIDS])) >= (int)sizeof buf)
        return kbi_table_fail(c->t, c->col[O_PMIDS], "longer than %zu bytes", sizeof buf - 1);
    char *p = buf, *pmid;
    while ((pmid = next_item(&p, ","))) {
        if (!kbi_is_digits(pmid)) return kbi_table_fail(c->t, c->col[O_PMIDS], "'%s' is not a PubMed id", pmid);
        if (e->n_sources == KBI_ITEMS_MAX - 1) return kbi_table_fail(c->t, c->col[O_PMIDS], "too many PMIDs");
        snprintf(keys[e->n_sources], 40, "ONCOKB_PMID_%s", pmid);
        snprintf(cite, sizeof cite, "PMID %s, as cited by the OncoKB export of %s", pmid, kbi_date(c->im));
        kbi_source_t src = {.key = keys[e->n_sources], .kind = "article", .citation = cite, .pmid = pmid};
        onc_rc rc = kbi_add_source(c->im, &src, c->err);
        if (rc) return rc;
        e->sources[e->n_sources] = keys[e->n_sources];
        e->n_sources++;
    }
    return ONC_OK;
}

/* "Abstracts for drug": "Text of the abstract http://link; Other abstract http://link2". */
static onc_rc add_abstracts(oncokb_ctx_t *c, kbi_entry_t *e, char keys[][40])
{
    char buf[16384];
    if (snprintf(buf, sizeof buf, "%s", kbi_table_cell(c->t, c->col[O_ABSTRACTS])) >= (int)sizeof buf)
        return kbi_table_fail(c->t, c->col[O_ABSTRACTS], "longer than %zu bytes", sizeof buf - 1);
    char *p = buf, *item;
    while ((item = next_item(&p, "; "))) {
        char *space = strrchr(item, ' ');
        const char *url = space ? space + 1 : item;
        if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
            return kbi_table_fail(c->t, c->col[O_ABSTRACTS], "abstract '%s' does not end with its link", item);
        if (space) *space = '\0';
        if (e->n_sources == KBI_ITEMS_MAX - 1) return kbi_table_fail(c->t, c->col[O_ABSTRACTS], "too many abstracts");
        snprintf(keys[e->n_sources], 40, "ONCOKB_ABSTRACT_%zu", ++c->n_abstracts);
        kbi_source_t src = {.key = keys[e->n_sources], .kind = "article", .citation = space ? item : url, .url = url};
        onc_rc rc = kbi_add_source(c->im, &src, c->err);
        if (rc) return rc;
        e->sources[e->n_sources] = keys[e->n_sources];
        e->n_sources++;
    }
    return ONC_OK;
}

/* One entry per treatment of the Drugs(s) cell (all entries when the effect has no drugs). */
static onc_rc add_treatments(oncokb_ctx_t *c, kbi_entry_t *e)
{
    char buf[4096], id[64];
    const char *cell = kbi_table_cell(c->t, c->col[O_DRUGS]);
    int therapeutic = strcmp(e->effect, "sensitive") == 0 || strcmp(e->effect, "resistant") == 0;
    snprintf(id, sizeof id, "ONCOKB-L%llu", (unsigned long long)kbi_table_line(c->t));
    e->id = id;
    if (!therapeutic) return kbi_add_entry(c->im, e, c->err);
    if (kbi_lower(cell, buf, sizeof buf)) return kbi_table_fail(c->t, c->col[O_DRUGS], "too long");
    char *p = buf, *treatment;
    size_t k = 0;
    while ((treatment = next_item(&p, ", "))) {
        e->n_agents = 0;
        char *q = treatment, *drug;
        while ((drug = next_item(&q, " + "))) {
            if (e->n_agents == KBI_ITEMS_MAX) return kbi_table_fail(c->t, c->col[O_DRUGS], "too many drugs");
            e->agents[e->n_agents++] = drug;
        }
        if (!e->n_agents) continue;
        snprintf(id, sizeof id, "ONCOKB-L%llu-%zu", (unsigned long long)kbi_table_line(c->t), ++k);
        onc_rc rc = kbi_add_entry(c->im, e, c->err);
        if (rc) return rc;
    }
    if (!k) {
        onc_rc rc = kbi_skip(c->im, "therapeutic level without a drug", NULL);
        return rc ? onc_err_set(c->err, rc, "out of memory") : ONC_OK;
    }
    return ONC_OK;
}

/* OncoKB's "All Solid Tumors" / "All Liquid Tumors" (SpecialTumorType): the solid or the
 * liquid OncoTree tissues, whose descendants are those tumors. */
static size_t tissues(const onc_oncotree_t *tree, int liquid, const char **codes)
{
    size_t n = 0;
    for (size_t i = 0; i < onc_oncotree_size(tree) && n < KBI_ITEMS_MAX; i++) {
        const onc_tumor_type_t *node = onc_oncotree_at(tree, i);
        if (onc_tumor_type_level(node) == 1 &&
            (liquid ? onc_tumor_type_is_liquid(node) : onc_tumor_type_is_solid(node)))
            codes[n++] = onc_tumor_type_code(node);
    }
    return n;
}

/* Tumor types of a "Cancer Type" cell: OncoKB's "All Tumors" is the root TISSUE (the curated
 * kb's tumor-agnostic entries say so too), its solid and liquid ones the tissues of that class;
 * else an OncoTree name or code, else a main type (the nodes of that main type whose parent has
 * another). */
static size_t cancer_codes(oncokb_ctx_t *c, const char *cancer, const char **codes)
{
    const onc_oncotree_t *tree = kbi_tree(c->im);
    if (strcmp(cancer, "All Tumors") == 0) {
        codes[0] = "TISSUE";
        return 1;
    }
    if (strcmp(cancer, "All Solid Tumors") == 0) return tissues(tree, 0, codes);
    if (strcmp(cancer, "All Liquid Tumors") == 0) return tissues(tree, 1, codes);
    const char *code = kbi_tumor_code_by_name(c->im, cancer);
    if (code) {
        codes[0] = code;
        return 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < onc_oncotree_size(tree) && n < KBI_ITEMS_MAX; i++) {
        const onc_tumor_type_t *node = onc_oncotree_at(tree, i), *parent = onc_tumor_type_parent(node);
        const char *mt = onc_tumor_type_main_type(node), *pmt = parent ? onc_tumor_type_main_type(parent) : NULL;
        if (mt && strcasecmp(mt, cancer) == 0 && !(pmt && strcasecmp(pmt, cancer) == 0))
            codes[n++] = onc_tumor_type_code(node);
    }
    return n;
}

static onc_rc skip(oncokb_ctx_t *c, const char *reason, const char *what)
{
    char detail[600];
    if (what && snprintf(detail, sizeof detail, "%s: line %llu %s", reason, (unsigned long long)kbi_table_line(c->t),
                         what) >= (int)sizeof detail)
        memcpy(detail + sizeof detail - 4, "...", 4);
    onc_rc rc = kbi_skip(c->im, reason, what ? detail : NULL);
    return rc ? onc_err_set(c->err, rc, "out of memory") : ONC_OK;
}

static onc_rc do_row(oncokb_ctx_t *c, onc_strbuf_t *note)
{
    kbi_table_t *t = c->t;
    const char *gene = kbi_table_cell(t, c->col[O_GENE]), *level = kbi_table_cell(t, c->col[O_LEVEL]);
    const char *alt = kbi_table_cell(t, c->col[O_PROTEIN]), *cancer = kbi_table_cell(t, c->col[O_CANCER]);
    if (!*alt) alt = kbi_table_cell(t, c->col[O_ALT]);
    if (!kbi_is_gene_symbol(gene)) return kbi_table_fail(t, c->col[O_GENE], "'%s' is not a gene symbol", gene);
    if (!*alt) return kbi_table_fail(t, c->col[O_ALT], "empty");
    if (!*cancer) return kbi_table_fail(t, c->col[O_CANCER], "empty");
    const struct level_rule *rule = NULL;
    for (size_t i = 0; i < sizeof level_rules / sizeof *level_rules; i++)
        if (strcmp(level, level_rules[i].level) == 0) rule = &level_rules[i];
    if (!rule) return kbi_table_fail(t, c->col[O_LEVEL], "'%s' is not an OncoKB level (1, 2, 3A, 3B, 4, R1, R2, Dx1-3, Px1-3)", level);
    kbi_entry_t e = {.gene = onc_genes_canonical(kbi_genes(c->im), gene), .alterations = {alt}, .n_alterations = 1,
                     .effect = rule->effect, .level = rule->ours, .reviewed = kbi_date(c->im)};
    char what[400];
    snprintf(what, sizeof what, "%s %s in '%s'", gene, alt, cancer);
    if (!kbi_gene_known(c->im, e.gene)) return skip(c, "gene not in the knowledge base's genes.tsv", what);
    if (strstr(cancer, "excluding")) return skip(c, "cancer type with exclusions (not expressible)", what);
    if (!(e.n_tumor_types = cancer_codes(c, cancer, e.tumor_types)))
        return skip(c, "cancer type not mapped to an OncoTree code", what);
    char keys[KBI_ITEMS_MAX][40];
    onc_rc rc = add_pmids(c, &e, keys);
    if (!rc) rc = add_abstracts(c, &e, keys);
    if (rc) return rc;
    e.sources[e.n_sources++] = kbi_db_source(c->im);
    onc_strbuf_clear(note);
    if (onc_strbuf_printf(note, "OncoKB export %s, line %llu: %s %s (%s), %s, level %s%s%s", kbi_date(c->im),
                          (unsigned long long)kbi_table_line(t), gene, kbi_table_cell(t, c->col[O_ALT]), alt, cancer,
                          level, rule->note ? "; " : "", rule->note ? rule->note : ""))
        return onc_err_set(c->err, ONC_ENOMEM, "out of memory");
    e.note = note->s;
    return add_treatments(c, &e);
}

onc_rc kbi_import_oncokb(kbi_import_t *im, kbi_table_t *t, onc_err_t *err)
{
    oncokb_ctx_t c = {.im = im, .t = t, .err = err};
    onc_strbuf_t note = ONC_STRBUF_INIT;
    char cite[200];
    note.cap = KBI_NOTE_MAX;
    snprintf(cite, sizeof cite,
             "OncoKB allActionableVariants.txt exported on %s: the user's own licensed copy, not for redistribution",
             kbi_date(im));
    onc_rc rc = find_columns(&c);
    kbi_source_t db = {.key = kbi_db_source(im), .kind = "database", .citation = cite, .url = "https://www.oncokb.org"};
    if (!rc) rc = kbi_add_source(im, &db, err);
    int ret = 1;
    while (!rc && (ret = kbi_table_next(t, err)) > 0) {
        kbi_count_row(im);
        rc = do_row(&c, &note);
    }
    if (!rc && ret < 0) rc = err->code;
    onc_strbuf_free(&note);
    return rc;
}
