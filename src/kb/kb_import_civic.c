/* kb_import_civic.c: CIViC's clinical evidence TSV -> knowledge-base entries.
 *
 * Two layouts (docs/kb-import.md): the current one (griffithlab/civic-v2
 * server/app/tsv_formatters/evidence_item_tsv_formatter.rb), keyed by molecular profiles
 * ("EGFR L858R", "EGFR L858R AND EGFR T790M"), and the legacy v1 one with gene and variant
 * columns. A profile becomes a gene and OncoKB-grammar alterations: from VariantSummaries.tsv
 * when given (single_variant_molecular_profile_id -> gene, variant), else from its name.
 * Profiles joined by AND, NOT or nesting say "these together", which our entries cannot: they
 * are skipped and listed. Words come from civic-v2 server/app/models/constants.rb; a word that
 * is not CIViC's is an error (the file is not what we think it is), a word we have no effect
 * for is a counted skip.
 */
#include "kb_import_int.h"
#include "oncoboard/hgvs.h"

#include <htslib/khash.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

KHASH_MAP_INIT_STR(civic_mp, size_t)

#define VARIANT_CAP 256
#define GENE_CAP 64
#define ALT_CAP 128
#define DETAIL_CAP 600

/* The columns, by role; the layouts name them differently. */
enum { C_EID, C_STATUS, C_TYPE, C_DIR, C_LEVEL, C_SIG, C_DISEASE, C_DOID, C_THER, C_INTER,
       C_CIT_ID, C_SRC_TYPE, C_PROFILE, C_PROFILE2, N_REQUIRED,
       C_FLAGGED = N_REQUIRED, C_CITATION, C_REVIEW, C_URL, C_ORIGIN, C_RATING, C_NCT, N_COLS };

static const char *const v2_required[] = {
    "evidence_id", "evidence_status", "evidence_type", "evidence_direction", "evidence_level",
    "significance", "disease", "doid", "therapies", "therapy_interaction_type", "citation_id",
    "source_type", "molecular_profile", "molecular_profile_id", NULL};
static const char *const v1_required[] = {
    "evidence_id", "evidence_status", "evidence_type", "evidence_direction", "evidence_level",
    "clinical_significance", "disease", "doid", "drugs", "drug_interaction_type", "citation_id",
    "source_type", "gene", "variant", NULL};
static const char *const optional[] = {"is_flagged", "citation", "last_review_date",
                                       "evidence_civic_url", "variant_origin", "rating", "nct_ids", NULL};

/* The single-variant profiles of VariantSummaries.tsv. */
typedef struct civic_variant { char *gene, *variant; } civic_variant_t;

typedef struct civic_ctx {
    kbi_import_t *im;
    kbi_table_t *t;
    onc_err_t *err;
    int col[N_COLS];
    int v1;
    khash_t(civic_mp) *by_mp;
    civic_variant_t *variants;
    size_t n_variants;
} civic_ctx_t;

/* A row's molecular profile, mapped. */
typedef struct mapped {
    char gene[GENE_CAP];
    char alts[KBI_ITEMS_MAX][ALT_CAP];
    size_t n;
    onc_strbuf_t note;
} mapped_t;

/* ---- vocabulary (civic-v2 server/app/models/constants.rb; "Sensitivity" and "Resistance or
 * Non-Response" are the legacy v1 words for the first two) ---- */

static const char *const significances[] = {
    "Sensitivity/Response", "Resistance", "Better Outcome", "Poor Outcome", "Positive", "Negative",
    "N/A", "Adverse Response", "Pathogenic", "Likely Pathogenic", "Benign", "Likely Benign",
    "Uncertain Significance", "Reduced Sensitivity", "Gain of Function", "Loss of Function",
    "Unaltered Function", "Neomorphic", "Unknown", "Dominant Negative", "Oncogenic",
    "Likely Oncogenic", "Predisposition", "Protectiveness", "Oncogenicity", "Sensitivity",
    "Resistance or Non-Response", NULL};

static const struct effect_rule {
    const char *type, *significance, *effect, *note;
} effect_rules[] = {
    {"Predictive", "Sensitivity/Response", "sensitive", NULL},
    {"Predictive", "Sensitivity", "sensitive", NULL},
    {"Predictive", "Resistance", "resistant", NULL},
    {"Predictive", "Resistance or Non-Response", "resistant", NULL},
    {"Predictive", "Reduced Sensitivity", "resistant", "CIViC says reduced sensitivity, not resistance"},
    {"Prognostic", "Better Outcome", "prognostic", NULL},
    {"Prognostic", "Poor Outcome", "prognostic", NULL},
    {"Diagnostic", "Positive", "diagnostic", "supports the diagnosis"},
    {"Diagnostic", "Negative", "diagnostic", "argues against the diagnosis"},
};

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0) return 1;
    return 0;
}

/* ---- VariantSummaries.tsv ---- */

static onc_rc load_variants(civic_ctx_t *c, const char *path)
{
    onc_err_t *err = c->err;
    kbi_table_t *t = kbi_table_open(path, 1, err);
    if (!t) return err->code;
    kbi_table_set_err(t, err);
    onc_rc rc = ONC_OK;
    int mp = kbi_table_col(t, "single_variant_molecular_profile_id");
    int gene = kbi_table_col(t, "gene") >= 0 ? kbi_table_col(t, "gene") : kbi_table_col(t, "feature_name");
    int var = kbi_table_col(t, "variant");
    if (mp < 0 || gene < 0 || var < 0) {
        rc = onc_err_at(err, ONC_EPARSE, path, kbi_table_header_line(t), NULL,
                        "header lacks %s: not a CIViC VariantSummaries.tsv",
                        mp < 0 ? "single_variant_molecular_profile_id" : gene < 0 ? "gene (or feature_name)" : "variant");
        goto done;
    }
    int ret, absent;
    while ((ret = kbi_table_next(t, err)) > 0) {
        const char *id = kbi_table_cell(t, mp);
        if (!*id) continue;
        if (!kbi_is_digits(id)) { rc = kbi_table_fail(t, mp, "'%s' is not a molecular profile id", id); goto done; }
        civic_variant_t *v = realloc(c->variants, (c->n_variants + 1) * sizeof *v);
        if (!v) goto nomem;
        c->variants = v;
        v += c->n_variants;
        v->gene = strdup(kbi_table_cell(t, gene));
        v->variant = strdup(kbi_table_cell(t, var));
        char *key = strdup(id);
        if (!v->gene || !v->variant || !key) {
            free(v->gene);
            free(v->variant);
            free(key);
            goto nomem;
        }
        c->n_variants++;
        khiter_t k = kh_put(civic_mp, c->by_mp, key, &absent);
        if (absent < 0) { free(key); goto nomem; }
        if (!absent) {
            free(key);
            rc = kbi_table_fail(t, mp, "molecular profile %s is listed twice", id);
            goto done;
        }
        kh_val(c->by_mp, k) = c->n_variants - 1;
    }
    if (ret < 0) rc = err->code;
    goto done;
nomem:
    rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
done:
    kbi_table_close(t);
    return rc;
}

static void ctx_free(civic_ctx_t *c)
{
    for (size_t i = 0; i < c->n_variants; i++) {
        free(c->variants[i].gene);
        free(c->variants[i].variant);
    }
    free(c->variants);
    if (c->by_mp) {
        for (khiter_t k = kh_begin(c->by_mp); k != kh_end(c->by_mp); k++)
            if (kh_exist(c->by_mp, k)) free((char *)kh_key(c->by_mp, k));
        kh_destroy(civic_mp, c->by_mp);
    }
}

/* ---- variant names -> OncoKB's grammar ---- */

/* Adds a remark on how the profile was mapped; a note that does not fit is cut, not an error. */
static void note_add(mapped_t *m, const char *fmt, ...) ONC_PRINTF(2, 3);
static void note_add(mapped_t *m, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if ((m->note.len && onc_strbuf_puts(&m->note, "; ")) || onc_strbuf_puts(&m->note, buf)) {}
}

static int unknown_partner(const char *g) { return !*g || strcmp(g, "?") == 0 || strcasecmp(g, "v") == 0; }

/* "A::B" fusion features: the entry goes under the 3' partner, the usual kinase (ALK, ROS1,
 * RET, NTRK1-3, NRG1); an unknown partner ("v::ALK") makes it the gene's Fusions. */
static const char *map_fusion_feature(mapped_t *m, const char *gene, const char *variant, char *alt)
{
    const char *sep = strstr(gene, "::");
    char a[GENE_CAP], b[GENE_CAP];
    snprintf(a, sizeof a, "%.*s", (int)(sep - gene), gene);
    snprintf(b, sizeof b, "%s", sep + 2);
    if (unknown_partner(a) == unknown_partner(b) && unknown_partner(a)) return "fusion without a known partner";
    const char *known = unknown_partner(b) ? a : b;
    if (!kbi_is_gene_symbol(known) || (!unknown_partner(a) && !kbi_is_gene_symbol(a)))
        return "gene symbol not usable";
    snprintf(m->gene, sizeof m->gene, "%s", known);
    if (unknown_partner(a) || unknown_partner(b)) snprintf(alt, ALT_CAP, "Fusions");
    else {
        if (snprintf(alt, ALT_CAP, "%s-%s Fusion", a, b) >= ALT_CAP) return "gene symbol not usable";
        note_add(m, "%s::%s filed under its 3' partner %s", a, b, b);
    }
    if (strcasecmp(variant, "Fusion") != 0 && *variant)
        note_add(m, "CIViC variant '%s': the exon detail is not kept", variant);
    return NULL;
}

static const struct { const char *name, *pattern; int noted; } keywords[] = {
    {"Amplification", "Amplification", 0},
    {"Deletion", "Deletion", 0},
    {"Fusion", "Fusions", 0},
    {"Fusions", "Fusions", 0},
    {"Mutation", "Oncogenic Mutations", 1},
    {"Mutations", "Oncogenic Mutations", 1},
    {"Truncating Mutation", "Truncating Mutations", 0},
    {"Truncating Mutations", "Truncating Mutations", 0},
};

static const struct { const char *words, *kind; } exon_kinds[] = {
    {"Deletion", "del"}, {"In-frame Deletion", "del"}, {"Insertion", "ins"}, {"In-frame Insertion", "ins"},
    {"Skipping Mutation", "splice"}, {"Skipping", "splice"}, {"Mutation", "mut"},
};

/* "Exon 19 Deletion" -> 729_761del through kb/gene_exons.tsv: 1 done, 0 not an exon name,
 * -1 an exon name the table cannot place. */
static int map_exon(civic_ctx_t *c, const char *gene, const char *v, char *alt)
{
    if (strncasecmp(v, "Exon ", 5) != 0) return 0;
    char *end;
    long exon = strtol(v + 5, &end, 10);
    if (end == v + 5 || *end != ' ' || exon < 1 || exon > 999) return 0;
    for (size_t i = 0; i < sizeof exon_kinds / sizeof *exon_kinds; i++) {
        if (strcasecmp(end + 1, exon_kinds[i].words) != 0) continue;
        int32_t first, last;
        if (onc_genes_exon_codons(kbi_genes(c->im), gene, (int32_t)exon, &first, &last)) return -1;
        snprintf(alt, ALT_CAP, "%d_%d%s", (int)first, (int)last, exon_kinds[i].kind);
        return 1;
    }
    return 0;
}

/* "EML4-ALK" (v1's fusion names), one side being the gene. */
static int is_pair_fusion(const char *gene, const char *v)
{
    const char *dash = strchr(v, '-');
    if (!dash || strchr(dash + 1, '-')) return 0;
    char a[GENE_CAP];
    snprintf(a, sizeof a, "%.*s", (int)(dash - v), v);
    return kbi_is_gene_symbol(a) && kbi_is_gene_symbol(dash + 1) &&
           (strcasecmp(a, gene) == 0 || strcasecmp(dash + 1, gene) == 0) && strchr(a, '_') == NULL;
}

static int is_residue(const char *v)
{
    return v[0] >= 'A' && v[0] <= 'Z' && v[1] && strspn(v + 1, "0123456789") == strlen(v + 1);
}

/* Maps one (gene, variant) into m->gene and alt; returns NULL or the reason to skip. */
static const char *map_variant(civic_ctx_t *c, mapped_t *m, const char *gene_in, const char *variant_in, char *alt)
{
    char v[VARIANT_CAP];
    snprintf(v, sizeof v, "%s", variant_in);
    size_t n = strlen(v);
    char *paren = strstr(v, " (");
    if (paren && n && v[n - 1] == ')') *paren = '\0'; /* "G12C (c.34G>T)": the protein change */
    if (strstr(gene_in, "::")) return map_fusion_feature(m, gene_in, v, alt);
    if (!kbi_is_gene_symbol(gene_in)) return "gene symbol not usable";
    snprintf(m->gene, sizeof m->gene, "%s", onc_genes_canonical(kbi_genes(c->im), gene_in));
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (strcasecmp(v, keywords[i].name) == 0) {
            snprintf(alt, ALT_CAP, "%s", keywords[i].pattern);
            if (keywords[i].noted) note_add(m, "CIViC '%s' read as Oncogenic Mutations", v);
            return NULL;
        }
    int ex = map_exon(c, m->gene, v, alt);
    if (ex) return ex > 0 ? NULL : "exon not in kb/gene_exons.tsv";
    if (is_pair_fusion(m->gene, v)) return snprintf(alt, ALT_CAP, "%s Fusion", v) < ALT_CAP ? NULL : "variant name too long";
    if (is_residue(v)) return snprintf(alt, ALT_CAP, "%s", v) < ALT_CAP ? NULL : "variant name too long";
    onc_pchange_t p;
    onc_err_t ignored = {0};
    if (onc_pchange_parse(v, &p, &ignored) == ONC_OK && p.type != ONC_P_UNKNOWN && p.type != ONC_P_SYNONYMOUS &&
        onc_pchange_format(&p, alt, ALT_CAP) > 0)
        return NULL;
    return "variant name not expressible in OncoKB's grammar";
}

/* A profile name "GENE VARIANT" or "GENE VARIANT OR GENE VARIANT": the alterations of one gene. */
static const char *map_profile_name(civic_ctx_t *c, mapped_t *m, const char *name)
{
    if (strstr(name, " AND ")) return "complex molecular profile (AND)";
    if (strncmp(name, "NOT ", 4) == 0 || strstr(name, " NOT ") || strstr(name, "( "))
        return "complex molecular profile (NOT, nesting)";
    char first_gene[GENE_CAP] = "";
    const char *p = name;
    while (*p) {
        const char *or = strstr(p, " OR "), *end = or ? or : p + strlen(p);
        const char *space = memchr(p, ' ', (size_t)(end - p));
        if (!space) return "molecular profile name without a variant";
        if (m->n == KBI_ITEMS_MAX) return "molecular profile with too many variants";
        char gene[GENE_CAP], variant[VARIANT_CAP];
        snprintf(gene, sizeof gene, "%.*s", (int)(space - p), p);
        snprintf(variant, sizeof variant, "%.*s", (int)(end - space - 1), space + 1);
        const char *why = map_variant(c, m, gene, variant, m->alts[m->n]);
        if (why) return why;
        if (*first_gene && strcmp(first_gene, m->gene) != 0) return "molecular profile (OR) across genes";
        snprintf(first_gene, sizeof first_gene, "%s", m->gene);
        m->n++;
        p = or ? or + 4 : end;
    }
    return m->n ? NULL : "empty molecular profile";
}

static const char *map_profile(civic_ctx_t *c, mapped_t *m)
{
    const char *a = kbi_table_cell(c->t, c->col[C_PROFILE]), *b = kbi_table_cell(c->t, c->col[C_PROFILE2]);
    if (c->v1) {
        const char *why = map_variant(c, m, a, b, m->alts[0]);
        if (!why) m->n = 1;
        return why;
    }
    if (c->by_mp) {
        khiter_t k = kh_get(civic_mp, c->by_mp, b);
        if (k != kh_end(c->by_mp)) {
            const civic_variant_t *v = &c->variants[kh_val(c->by_mp, k)];
            const char *why = map_variant(c, m, v->gene, v->variant, m->alts[0]);
            if (!why) m->n = 1;
            return why;
        }
    }
    return map_profile_name(c, m, a);
}

/* ---- one row ---- */

static onc_rc check_words(civic_ctx_t *c, const char **effect, const char **effect_note, const char **skip)
{
    kbi_table_t *t = c->t;
    const char *status = kbi_table_cell(t, c->col[C_STATUS]), *flag = kbi_table_cell(t, c->col[C_FLAGGED]);
    const char *type = kbi_table_cell(t, c->col[C_TYPE]), *dir = kbi_table_cell(t, c->col[C_DIR]);
    const char *level = kbi_table_cell(t, c->col[C_LEVEL]), *sig = kbi_table_cell(t, c->col[C_SIG]);
    static const char *const statuses[] = {"accepted", "submitted", "rejected", NULL};
    static const char *const types[] = {"Predictive", "Prognostic", "Diagnostic", "Predisposing", "Oncogenic", "Functional", NULL};
    static const char *const dirs[] = {"Supports", "Does Not Support", "N/A", NULL};
    static const char *const levels[] = {"A", "B", "C", "D", "E", NULL};
    static const char *const flags[] = {"", "true", "false", NULL};
    if (!in_list(status, statuses)) return kbi_table_fail(t, c->col[C_STATUS], "'%s' is not a CIViC evidence status", status);
    if (!in_list(flag, flags)) return kbi_table_fail(t, c->col[C_FLAGGED], "'%s' is not true or false", flag);
    if (!in_list(type, types)) return kbi_table_fail(t, c->col[C_TYPE], "'%s' is not a CIViC evidence type", type);
    if (!in_list(dir, dirs)) return kbi_table_fail(t, c->col[C_DIR], "'%s' is not a CIViC evidence direction", dir);
    if (!in_list(level, levels)) return kbi_table_fail(t, c->col[C_LEVEL], "'%s' is not a CIViC evidence level (A-E)", level);
    if (!in_list(sig, significances)) return kbi_table_fail(t, c->col[C_SIG], "'%s' is not a CIViC significance", sig);
    *skip = NULL;
    if (strcmp(status, "accepted") != 0) *skip = "evidence status not accepted";
    else if (strcmp(flag, "true") == 0) *skip = "flagged in CIViC";
    else if (strcmp(type, "Predisposing") == 0 || strcmp(type, "Oncogenic") == 0 || strcmp(type, "Functional") == 0)
        *skip = "evidence type Predisposing, Oncogenic or Functional (no treatment, prognosis or diagnosis)";
    else if (strcmp(dir, "Does Not Support") == 0) *skip = "direction Does Not Support (our effects cannot say 'not')";
    else if (strcmp(dir, "N/A") == 0) *skip = "direction N/A";
    if (*skip) return ONC_OK;
    for (size_t i = 0; i < sizeof effect_rules / sizeof *effect_rules; i++)
        if (strcmp(type, effect_rules[i].type) == 0 && strcmp(sig, effect_rules[i].significance) == 0) {
            *effect = effect_rules[i].effect;
            *effect_note = effect_rules[i].note;
            return ONC_OK;
        }
    *skip = strcmp(sig, "Adverse Response") == 0 ? "significance Adverse Response (toxicity, not efficacy)"
                                                  : "significance without an effect in our format for its evidence type";
    return ONC_OK;
}

/* The trial of a citation: nct_ids when it names exactly one NCT number (a source has one
 * trial), else "". */
static const char *one_trial(civic_ctx_t *c, char out[12])
{
    const char *ids = kbi_table_cell(c->t, c->col[C_NCT]);
    out[0] = '\0';
    if (strncmp(ids, "NCT", 3) == 0 && strlen(ids) == 11 && strspn(ids + 3, "0123456789") == 8) memcpy(out, ids, 12);
    return out;
}

/* The citation as a source; *key gets its key. */
static onc_rc add_citation(civic_ctx_t *c, const char *eid, char *key, size_t cap)
{
    kbi_table_t *t = c->t;
    char trial_buf[12];
    const char *trial = one_trial(c, trial_buf);
    const char *id = kbi_table_cell(t, c->col[C_CIT_ID]), *type = kbi_table_cell(t, c->col[C_SRC_TYPE]);
    const char *text = kbi_table_cell(t, c->col[C_CITATION]), *url = kbi_table_cell(t, c->col[C_URL]);
    char fallback[160], cite[600];
    if (strcasecmp(type, "PubMed") == 0) {
        if (!kbi_is_digits(id)) return kbi_table_fail(t, c->col[C_CIT_ID], "'%s' is not a PubMed id", id);
        snprintf(key, cap, "CIVIC_PMID_%s", id);
        snprintf(cite, sizeof cite, "%s%sPMID %s", text, *text ? ", " : "", id);
        kbi_source_t src = {.key = key, .kind = "article", .citation = cite, .pmid = id, .trial = trial};
        return kbi_add_source(c->im, &src, c->err);
    }
    if (strcasecmp(type, "ASCO") != 0 && strcasecmp(type, "ASH") != 0)
        return kbi_table_fail(t, c->col[C_SRC_TYPE], "'%s' is not a CIViC source type (PubMed, ASCO, ASH)", type);
    if (!*id || strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") != strlen(id) || strlen(id) > 40)
        return kbi_table_fail(t, c->col[C_CIT_ID], "'%s' is not an abstract id", id);
    snprintf(key, cap, "CIVIC_%s_%s", strcasecmp(type, "ASCO") == 0 ? "ASCO" : "ASH", id);
    snprintf(cite, sizeof cite, "%s abstract %s%s%s", strcasecmp(type, "ASCO") == 0 ? "ASCO" : "ASH", id,
             *text ? ": " : "", text);
    snprintf(fallback, sizeof fallback, "https://civicdb.org/links/evidence/%s", eid);
    kbi_source_t src = {.key = key, .kind = "article", .citation = cite, .url = *url ? url : fallback, .trial = trial};
    return kbi_add_source(c->im, &src, c->err);
}

static const char *tumor_code(civic_ctx_t *c)
{
    const char *doid = kbi_table_cell(c->t, c->col[C_DOID]);
    const char *code = *doid ? kbi_doid_code(c->im, doid) : NULL;
    return code ? code : kbi_tumor_code_by_name(c->im, kbi_table_cell(c->t, c->col[C_DISEASE]));
}

/* Splits the therapies cell at commas into lower-case agents (buf holds them). */
static onc_rc split_agents(civic_ctx_t *c, char *buf, size_t cap, const char **agents, size_t *n)
{
    const char *cell = kbi_table_cell(c->t, c->col[C_THER]);
    *n = 0;
    if (kbi_lower(cell, buf, cap)) return kbi_table_fail(c->t, c->col[C_THER], "too long");
    for (char *p = buf; *p;) {
        char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
        if (comma) *comma = '\0';
        while (*p == ' ') p++;
        for (char *q = end; q > p && q[-1] == ' ';) *--q = '\0';
        if (*p) {
            if (*n == KBI_ITEMS_MAX) return kbi_table_fail(c->t, c->col[C_THER], "more than %d therapies", KBI_ITEMS_MAX);
            agents[(*n)++] = p;
        }
        p = comma ? comma + 1 : end;
    }
    return ONC_OK;
}

static onc_rc note_text(civic_ctx_t *c, const char *eid, const char *effect_note, const mapped_t *m, onc_strbuf_t *note)
{
    kbi_table_t *t = c->t;
    const char *rating = kbi_table_cell(t, c->col[C_RATING]), *origin = kbi_table_cell(t, c->col[C_ORIGIN]);
    onc_rc rc = onc_strbuf_printf(note, "CIViC EID%s: level %s, %s, %s, %s", eid, kbi_table_cell(t, c->col[C_LEVEL]),
                                  kbi_table_cell(t, c->col[C_TYPE]), kbi_table_cell(t, c->col[C_DIR]),
                                  kbi_table_cell(t, c->col[C_SIG]));
    if (!rc && effect_note) rc = onc_strbuf_printf(note, " (%s)", effect_note);
    if (!rc && *rating) rc = onc_strbuf_printf(note, ", rating %s", rating);
    if (!rc && *origin) rc = onc_strbuf_printf(note, ", origin %s", origin);
    if (!rc) rc = onc_strbuf_printf(note, ", %s '%s%s%s', disease '%s' (DOID %s)", c->v1 ? "variant" : "molecular profile",
                                    kbi_table_cell(t, c->col[C_PROFILE]), c->v1 ? " " : "",
                                    c->v1 ? kbi_table_cell(t, c->col[C_PROFILE2]) : "",
                                    kbi_table_cell(t, c->col[C_DISEASE]), kbi_table_cell(t, c->col[C_DOID]));
    if (!rc && m->note.len) rc = onc_strbuf_printf(note, "; %s", m->note.s);
    return rc ? onc_err_set(c->err, rc, "out of memory") : ONC_OK;
}

/* Adds the row's entries: one, or one per agent when the therapies are substitutes. */
static onc_rc add_entries(civic_ctx_t *c, kbi_entry_t *e, const char *eid, const char **agents, size_t n_agents)
{
    const char *inter = kbi_table_cell(c->t, c->col[C_INTER]);
    char id[64];
    if (strcmp(e->effect, "sensitive") != 0 && strcmp(e->effect, "resistant") != 0) n_agents = 0;
    if (n_agents > 1 && strcmp(inter, "Substitutes") == 0) {
        for (size_t i = 0; i < n_agents; i++) {
            snprintf(id, sizeof id, "CIVIC-EID%s-%zu", eid, i + 1);
            e->id = id;
            e->agents[0] = agents[i];
            e->n_agents = 1;
            onc_rc rc = kbi_add_entry(c->im, e, c->err);
            if (rc) return rc;
        }
        return ONC_OK;
    }
    snprintf(id, sizeof id, "CIVIC-EID%s", eid);
    e->id = id;
    for (size_t i = 0; i < n_agents; i++) e->agents[i] = agents[i];
    e->n_agents = n_agents;
    return kbi_add_entry(c->im, e, c->err);
}

static onc_rc interaction_ok(civic_ctx_t *c, size_t n_agents, const char **skip)
{
    const char *inter = kbi_table_cell(c->t, c->col[C_INTER]);
    static const char *const kinds[] = {"", "Combination", "Sequential", "Substitutes", NULL};
    if (!in_list(inter, kinds))
        return kbi_table_fail(c->t, c->col[C_INTER], "'%s' is not Combination, Sequential or Substitutes", inter);
    if (n_agents > 1 && !*inter) *skip = "several therapies without an interaction type";
    if (n_agents == 0) *skip = "predictive evidence without a therapy";
    return ONC_OK;
}

static onc_rc skip_row(civic_ctx_t *c, const char *reason, const char *eid, const char *what)
{
    char detail[DETAIL_CAP];
    /* a long detail is cut: it only lists what was skipped */
    if (what && snprintf(detail, sizeof detail, "%s: EID%s %s", reason, eid, what) >= (int)sizeof detail)
        memcpy(detail + sizeof detail - 4, "...", 4);
    onc_rc rc = kbi_skip(c->im, reason, what ? detail : NULL);
    return rc ? onc_err_set(c->err, rc, "out of memory") : ONC_OK;
}

static onc_rc do_row(civic_ctx_t *c, mapped_t *m, onc_strbuf_t *note)
{
    kbi_table_t *t = c->t;
    const char *eid = kbi_table_cell(t, c->col[C_EID]), *effect = NULL, *effect_note = NULL, *skip = NULL;
    if (!kbi_is_digits(eid)) return kbi_table_fail(t, c->col[C_EID], "'%s' is not an evidence id", eid);
    onc_rc rc = check_words(c, &effect, &effect_note, &skip);
    if (rc || skip) return rc ? rc : skip_row(c, skip, eid, NULL);
    char agent_buf[4096], what[DETAIL_CAP];
    const char *agents[KBI_ITEMS_MAX];
    size_t n_agents = 0;
    int predictive = strcmp(effect, "sensitive") == 0 || strcmp(effect, "resistant") == 0;
    if (predictive && ((rc = split_agents(c, agent_buf, sizeof agent_buf, agents, &n_agents)) ||
                       (rc = interaction_ok(c, n_agents, &skip)) || skip))
        return rc ? rc : skip_row(c, skip, eid, NULL);
    m->n = 0;
    onc_strbuf_clear(&m->note);
    if ((skip = map_profile(c, m))) {
        snprintf(what, sizeof what, "'%s%s%s'", kbi_table_cell(t, c->col[C_PROFILE]), c->v1 ? " " : "",
                 c->v1 ? kbi_table_cell(t, c->col[C_PROFILE2]) : "");
        return skip_row(c, skip, eid, what);
    }
    if (!kbi_gene_known(c->im, m->gene)) {
        snprintf(what, sizeof what, "%s", m->gene);
        return skip_row(c, "gene not in the knowledge base's genes.tsv", eid, what);
    }
    const char *code = tumor_code(c);
    if (!code) {
        snprintf(what, sizeof what, "'%s' (DOID %s)", kbi_table_cell(t, c->col[C_DISEASE]), kbi_table_cell(t, c->col[C_DOID]));
        return skip_row(c, "disease not mapped to an OncoTree code", eid, what);
    }
    char cite_key[96];
    if ((rc = add_citation(c, eid, cite_key, sizeof cite_key))) return rc;
    const char *review = kbi_table_cell(t, c->col[C_REVIEW]);
    char reviewed[11];
    snprintf(reviewed, sizeof reviewed, "%.10s", review);
    onc_strbuf_clear(note);
    if ((rc = note_text(c, eid, effect_note, m, note))) return rc;
    if (predictive && strcmp(kbi_table_cell(t, c->col[C_INTER]), "Sequential") == 0 &&
        onc_strbuf_puts(note, "; the therapies are given in sequence, not together"))
        return onc_err_set(c->err, ONC_ENOMEM, "out of memory");
    kbi_entry_t e = {.gene = m->gene, .n_alterations = m->n, .tumor_types = {code}, .n_tumor_types = 1,
                     .effect = effect, .sources = {cite_key, kbi_db_source(c->im)}, .n_sources = 2,
                     .reviewed = kbi_is_date(reviewed) ? reviewed : kbi_date(c->im), .note = note->s};
    for (size_t i = 0; i < m->n; i++) e.alterations[i] = m->alts[i];
    return add_entries(c, &e, eid, agents, n_agents);
}

static onc_rc find_columns(civic_ctx_t *c)
{
    kbi_table_t *t = c->t;
    c->v1 = kbi_table_col(t, "molecular_profile") < 0 && kbi_table_col(t, "gene") >= 0;
    if (kbi_table_col(t, "molecular_profile") < 0 && kbi_table_col(t, "gene") < 0)
        return onc_err_at(c->err, ONC_EPARSE, kbi_table_path(t), kbi_table_header_line(t), NULL,
                          "header has neither molecular_profile (CIViC's current layout) nor gene and "
                          "variant (the legacy v1 layout): not a CIViC evidence summary TSV");
    onc_rc rc = kbi_table_cols(t, c->v1 ? v1_required : v2_required, c->col, c->err);
    for (size_t i = 0; !rc && optional[i]; i++) c->col[N_REQUIRED + i] = kbi_table_col(t, optional[i]);
    kbi_set_layout(c->im, c->v1 ? "CIViC legacy v1 ClinicalEvidenceSummaries (gene, variant)"
                                : "CIViC ClinicalEvidenceSummaries (molecular profiles)");
    return rc;
}

onc_rc kbi_import_civic(kbi_import_t *im, kbi_table_t *t, onc_err_t *err)
{
    civic_ctx_t c = {.im = im, .t = t, .err = err};
    mapped_t m = {.note = ONC_STRBUF_INIT};
    onc_strbuf_t note = ONC_STRBUF_INIT;
    char cite[160];
    m.note.cap = note.cap = KBI_NOTE_MAX;
    snprintf(cite, sizeof cite, "CIViC clinical evidence summaries, release %s (public domain, CC0)", kbi_date(im));
    onc_rc rc = find_columns(&c);
    kbi_source_t db = {.key = kbi_db_source(im), .kind = "database", .citation = cite, .url = "https://civicdb.org"};
    if (!rc) rc = kbi_add_source(im, &db, err);
    if (!rc && kbi_variants_path(im)) {
        if (c.v1) rc = onc_err_set(err, ONC_EINVAL, "--variants is for CIViC's current layout; %s is the legacy v1 one",
                                   kbi_table_path(t));
        else if (!(c.by_mp = kh_init(civic_mp))) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        else rc = load_variants(&c, kbi_variants_path(im));
    }
    int ret = 1;
    while (!rc && (ret = kbi_table_next(t, err)) > 0) {
        kbi_count_row(im);
        rc = do_row(&c, &m, &note);
    }
    if (!rc && ret < 0) rc = err->code;
    onc_strbuf_free(&m.note);
    onc_strbuf_free(&note);
    ctx_free(&c);
    return rc;
}
