/* cli_kb.c: `oncoboard kb list|show|lookup|validate`: the knowledge base from the command line.
 *
 * list prints the evidence items (or, with --alterations, the curated alterations), show one
 * item with its sources written out, lookup what the matcher makes of one alteration in one
 * tumor type (what matched and why), validate every problem of a knowledge-base directory.
 * TSV or plain text by default, one JSON document with --format json. Front end only: all
 * the knowing is in src/kb.
 */
#include "cli.h"
#include "oncoboard/kb.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct kb_args {
    const char *kb_dir, *gene, *tumor_type, *output;
    int kind; /* -1: from the text */
    int alterations;
    cli_format format;
    int nargs;
    char **args;
} kb_args_t;

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   The knowledge base (kb/, docs/kb-format.md): list, show and look up entries,\n"
            "         validate a knowledge-base directory, and import CIViC or OncoKB files into one.\n"
            "Usage:   oncoboard kb list [--gene GENE] [--alterations] [options]\n"
            "         oncoboard kb show ID [options]\n"
            "         oncoboard kb lookup GENE ALTERATION [--tumor-type CODE] [--kind KIND] [options]\n"
            "         oncoboard kb validate [--kb DIR] [options]\n"
            "         oncoboard kb import civic|oncokb FILE -o DIR [options]  (see kb import --help)\n"
            "\n"
            "Options:\n"
            "    --kb DIR                 knowledge-base directory [built in, or $ONCOBOARD_KB]\n"
            "    --gene GENE              list: only this gene's entries []\n"
            "    --alterations            list: the curated alterations, not the evidence items\n"
            "    --tumor-type CODE        lookup: OncoTree code of the tumor [every tumor type]\n"
            "    --kind KIND              lookup: mutation|fusion|amplification|gain|loss|deletion|\n"
            "                             biomarker [from the alteration's text]\n"
            "    --format tsv|json        output format [tsv]; --json is --format json\n"
            "    -o, --output FILE        write to FILE, whole or not at all [stdout]\n"
            "    -h, --help               this help; --version the program version\n"
            "\n"
            "Exit status: 0 success (validate: no problem), 1 validate found problems (all listed),\n"
            "2 bad usage, an unknown id, or a knowledge base that cannot be read.\n"
            "\n");
}

enum { OPT_KB = 256, OPT_GENE, OPT_ALTERATIONS, OPT_TUMOR_TYPE, OPT_KIND, OPT_FORMAT, OPT_JSON, OPT_VERSION };

static const struct option long_options[] = {
    {"kb", required_argument, NULL, OPT_KB},
    {"gene", required_argument, NULL, OPT_GENE},
    {"alterations", no_argument, NULL, OPT_ALTERATIONS},
    {"tumor-type", required_argument, NULL, OPT_TUMOR_TYPE},
    {"kind", required_argument, NULL, OPT_KIND},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int parse_kind(const char *s)
{
    static const struct { const char *name; onc_alt_kind kind; } kinds[] = {
        {"mutation", ONC_KIND_MUTATION}, {"fusion", ONC_KIND_FUSION}, {"amplification", ONC_KIND_AMPLIFICATION},
        {"gain", ONC_KIND_GAIN}, {"loss", ONC_KIND_LOSS}, {"deletion", ONC_KIND_DELETION},
        {"biomarker", ONC_KIND_BIOMARKER}, {"structural_variant", ONC_KIND_STRUCTURAL}};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (!strcmp(kinds[i].name, s)) return (int)kinds[i].kind;
    return -2;
}

/* Parses the options after "kb SUB"; returns -1 to go on, or the exit status. */
static int parse_args(kb_args_t *a, const char *sub, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->kind = -1;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_KB: a->kb_dir = optarg; break;
        case OPT_GENE: a->gene = optarg; break;
        case OPT_ALTERATIONS: a->alterations = 1; break;
        case OPT_TUMOR_TYPE: a->tumor_type = optarg; break;
        case OPT_KIND:
            if ((a->kind = parse_kind(optarg)) == -2) return cli_usage_error("kb", "unknown --kind '%s'", optarg);
            break;
        case OPT_FORMAT:
            if (cli_parse_format("kb", optarg, &a->format)) return CLI_BAD_INPUT;
            break;
        case OPT_JSON: a->format = CLI_FMT_JSON; break;
        case 'o': a->output = optarg; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("kb", "invalid option");
        }
    }
    a->nargs = argc - optind;
    a->args = argv + optind;
    int want = !strcmp(sub, "show") ? 1 : !strcmp(sub, "lookup") ? 2 : 0;
    if (a->nargs != want)
        return cli_usage_error("kb", "%s takes %d argument%s, not %d", sub, want, want == 1 ? "" : "s", a->nargs);
    return -1;
}

/* ---- shared output helpers ---- */

static void tsv_text(FILE *fp, const char *s)
{
    if (s)
        for (; *s; s++) putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

static void tsv_cell(FILE *fp, const char *s, int last)
{
    tsv_text(fp, s);
    putc(last ? '\n' : '\t', fp);
}

static void tsv_list(FILE *fp, const char *const *v, size_t n, const char *sep, int last)
{
    for (size_t i = 0; i < n; i++) {
        if (i) fputs(sep, fp);
        tsv_text(fp, v[i]);
    }
    putc(last ? '\n' : '\t', fp);
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *jlist(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *jlevel(onc_level l) { return jstr(onc_level_name(l)); }

static int write_json(cli_output_t *o, json_t *doc)
{
    int rc = doc && json_dumpf(doc, o->fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 ? 0 : -1;
    if (!rc) putc('\n', o->fp);
    json_decref(doc);
    return rc;
}

static json_t *kb_header(const onc_kb_t *kb)
{
    return json_pack("{s:s, s:s, s:s}", "name", onc_kb_name(kb), "version", onc_kb_version(kb), "date", onc_kb_date(kb));
}

static json_t *source_json(const onc_kb_t *kb, const char *key)
{
    const onc_kb_source_t *s = onc_kb_source_find(kb, key);
    if (!s) return json_pack("{s:s}", "key", key);
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "key", s->key, "kind", s->kind, "citation", s->citation,
                     "pmid", jstr(s->pmid), "doi", jstr(s->doi), "url", jstr(s->url), "trial", jstr(s->trial),
                     "accessed", jstr(s->accessed));
}

static json_t *sources_json(const onc_kb_t *kb, const char *const *keys, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) json_array_append_new(a, source_json(kb, keys[i]));
    return a;
}

static json_t *approvals_json(const onc_kb_evidence_t *ev)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < ev->n_approvals; i++) {
        const onc_kb_approval_t *p = &ev->approvals[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o, s:o}", "agency", p->agency, "indication",
                                           p->indication, "assay", jstr(p->assay), "date", jstr(p->date), "source",
                                           jstr(p->source)));
    }
    return a;
}

static json_t *evidence_json(const onc_kb_t *kb, const onc_kb_evidence_t *ev, int full)
{
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:b, s:o, s:o, s:b, s:s, s:s, s:I}", "id", ev->id,
                          "gene", ev->gene, "alterations", jlist(ev->alterations, ev->n_alterations), "tumor_types",
                          jlist(ev->tumor_types, ev->n_tumor_types), "effect", onc_ev_effect_name(ev->effect), "agents",
                          jlist(ev->agents, ev->n_agents), "escat", jstr(ev->escat), "escat_verified",
                          ev->escat_verified, "level", jlevel(ev->level), "approvals", approvals_json(ev), "verified",
                          ev->verified, "reviewed", ev->reviewed, "file", ev->file, "line", (json_int_t)ev->line);
    if (o && full) {
        json_object_set_new(o, "setting", jstr(ev->setting));
        json_object_set_new(o, "escat_source", ev->escat_source ? source_json(kb, ev->escat_source) : json_null());
        json_object_set_new(o, "sources", sources_json(kb, ev->sources, ev->n_sources));
        json_object_set_new(o, "note", jstr(ev->note));
    } else if (o) {
        json_object_set_new(o, "sources", jlist(ev->sources, ev->n_sources));
    }
    return o;
}

static json_t *alteration_json(const onc_kb_alteration_t *a)
{
    return json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:I}", "gene", a->gene, "alteration", a->alteration, "name",
                     jstr(a->name), "oncogenicity", onc_oncogenicity_name(a->oncogenicity), "effect", jstr(a->effect),
                     "sources", jlist(a->sources, a->n_sources), "file", a->file, "line", (json_int_t)a->line);
}

static int gene_selected(const onc_kb_t *kb, const kb_args_t *a, const char *gene)
{
    return !a->gene || !strcmp(onc_kb_gene_symbol(kb, a->gene), gene);
}

/* ---- list ---- */

static int list_tsv(const onc_kb_t *kb, const kb_args_t *a, FILE *fp)
{
    fprintf(fp, "# knowledge base %s %s (%s)\n", onc_kb_name(kb), onc_kb_version(kb), onc_kb_date(kb));
    if (a->alterations) {
        fputs("gene\talteration\tname\toncogenicity\teffect\tsources\tsource\n", fp);
        for (size_t i = 0; i < onc_kb_n_alterations(kb); i++) {
            const onc_kb_alteration_t *x = onc_kb_alteration_at(kb, i);
            if (!gene_selected(kb, a, x->gene)) continue;
            tsv_cell(fp, x->gene, 0);
            tsv_cell(fp, x->alteration, 0);
            tsv_cell(fp, x->name, 0);
            tsv_cell(fp, onc_oncogenicity_name(x->oncogenicity), 0);
            tsv_cell(fp, x->effect, 0);
            tsv_list(fp, x->sources, x->n_sources, ",", 0);
            fprintf(fp, "%s:%llu\n", x->file, (unsigned long long)x->line);
        }
        return 0;
    }
    fputs("id\tgene\talterations\ttumor_types\teffect\tagents\tescat\tescat_verified\tlevel\tapprovals\tverified\t"
          "reviewed\tsource\n",
          fp);
    for (size_t i = 0; i < onc_kb_n_evidence(kb); i++) {
        const onc_kb_evidence_t *ev = onc_kb_evidence_at(kb, i);
        if (!gene_selected(kb, a, ev->gene)) continue;
        tsv_cell(fp, ev->id, 0);
        tsv_cell(fp, ev->gene, 0);
        tsv_list(fp, ev->alterations, ev->n_alterations, ",", 0);
        tsv_list(fp, ev->tumor_types, ev->n_tumor_types, ",", 0);
        tsv_cell(fp, onc_ev_effect_name(ev->effect), 0);
        tsv_list(fp, ev->agents, ev->n_agents, "+", 0);
        tsv_cell(fp, ev->escat, 0);
        tsv_cell(fp, ev->escat ? (ev->escat_verified ? "true" : "false") : NULL, 0);
        tsv_cell(fp, onc_level_name(ev->level), 0);
        for (size_t k = 0; k < ev->n_approvals; k++)
            fprintf(fp, "%s%s %s", k ? "," : "", ev->approvals[k].agency,
                    ev->approvals[k].date ? ev->approvals[k].date : "date-unknown");
        putc('\t', fp);
        tsv_cell(fp, ev->verified ? "true" : "false", 0);
        tsv_cell(fp, ev->reviewed, 0);
        fprintf(fp, "%s:%llu\n", ev->file, (unsigned long long)ev->line);
    }
    return 0;
}

static int list_json(const onc_kb_t *kb, const kb_args_t *a, cli_output_t *o)
{
    json_t *items = json_array();
    if (a->alterations) {
        for (size_t i = 0; i < onc_kb_n_alterations(kb); i++)
            if (gene_selected(kb, a, onc_kb_alteration_at(kb, i)->gene))
                json_array_append_new(items, alteration_json(onc_kb_alteration_at(kb, i)));
    } else {
        for (size_t i = 0; i < onc_kb_n_evidence(kb); i++)
            if (gene_selected(kb, a, onc_kb_evidence_at(kb, i)->gene))
                json_array_append_new(items, evidence_json(kb, onc_kb_evidence_at(kb, i), 0));
    }
    return write_json(o, json_pack("{s:o, s:o}", "kb", kb_header(kb), a->alterations ? "alterations" : "evidence", items));
}

/* ---- show ---- */

static void show_text(const onc_kb_t *kb, const onc_kb_evidence_t *ev, FILE *fp)
{
    fprintf(fp, "id:             %s\ngene:           %s\nalterations:    ", ev->id, ev->gene);
    tsv_list(fp, ev->alterations, ev->n_alterations, ", ", 1);
    fputs("tumor types:    ", fp);
    tsv_list(fp, ev->tumor_types, ev->n_tumor_types, ", ", 1);
    fprintf(fp, "effect:         %s\nagents:         ", onc_ev_effect_name(ev->effect));
    tsv_list(fp, ev->agents, ev->n_agents, " + ", 1);
    if (ev->setting) fprintf(fp, "setting:        %s\n", ev->setting);
    fprintf(fp, "level:          %s\n", onc_level_name(ev->level) ? onc_level_name(ev->level) : "-");
    fprintf(fp, "escat:          %s%s\n", ev->escat ? ev->escat : "-",
            ev->escat ? (ev->escat_verified ? " (verified)" : " (not verified)") : "");
    if (ev->escat_source) fprintf(fp, "escat source:   %s\n", ev->escat_source);
    for (size_t i = 0; i < ev->n_approvals; i++) {
        const onc_kb_approval_t *p = &ev->approvals[i];
        fprintf(fp, "approval:       %s %s: %s%s%s%s%s\n", p->agency, p->date ? p->date : "(date unknown)", p->indication, p->assay ? "; assay: " : "",
                p->assay ? p->assay : "", p->source ? "; source: " : "", p->source ? p->source : "");
    }
    fprintf(fp, "reviewed:       %s\nverified:       %s\n", ev->reviewed, ev->verified ? "true" : "false");
    if (ev->note) fprintf(fp, "note:           %s\n", ev->note);
    fprintf(fp, "curated in:     %s:%llu\n", ev->file, (unsigned long long)ev->line);
    for (size_t i = 0; i < ev->n_sources; i++) {
        const onc_kb_source_t *s = onc_kb_source_find(kb, ev->sources[i]);
        fprintf(fp, "source:         %s [%s] %s", s->key, s->kind, s->citation);
        if (s->pmid) fprintf(fp, "; PMID %s", s->pmid);
        if (s->doi) fprintf(fp, "; doi %s", s->doi);
        if (s->url) fprintf(fp, "; %s", s->url);
        if (s->trial) fprintf(fp, "; %s", s->trial);
        if (s->accessed) fprintf(fp, " (accessed %s)", s->accessed);
        putc('\n', fp);
    }
}

/* ---- lookup ---- */

static void lookup_text(const onc_kb_t *kb, const kb_args_t *a, const onc_kb_match_t *m, const onc_kb_group_t *group,
                        FILE *fp)
{
    fprintf(fp, "# knowledge base %s %s (%s)\n", onc_kb_name(kb), onc_kb_version(kb), onc_kb_date(kb));
    fprintf(fp, "gene:           %s (%s)\n", onc_kb_gene_symbol(kb, a->args[0]), onc_gene_role_name(m->role));
    fprintf(fp, "alteration:     %s\n", a->args[1]);
    fprintf(fp, "tumor type:     %s\n", a->tumor_type ? a->tumor_type : "any");
    fprintf(fp, "oncogenicity:   %s\n", onc_oncogenicity_name(m->oncogenicity));
    fprintf(fp, "effect:         %s\n", m->effect);
    fprintf(fp, "curated:        %s\nhotspot:        %s\n", m->curated ? "yes" : "no", m->hotspot ? "yes" : "no");
    fprintf(fp, "group:          %s\n", group ? group->id : "-");
    fputs("\n# relevant curated alterations, OncoKB priority order (an allele informs the oncogenicity only)\n"
          "alteration\toncogenicity\tallele\tsource\n",
          fp);
    for (size_t i = 0; i < m->n_relevant; i++)
        fprintf(fp, "%s\t%s\t%s\t%s:%llu\n", m->relevant[i]->alteration, onc_oncogenicity_name(m->relevant[i]->oncogenicity),
                m->relevant_is_allele[i] ? "yes" : "no", m->relevant[i]->file, (unsigned long long)m->relevant[i]->line);
    fputs("\n# evidence that applies\nid\teffect\tagents\tlevel\tcurated_level\tescat\tescat_verified\ttumor_types\t"
          "other_tumor_type\tmatched\n",
          fp);
    for (size_t i = 0; i < m->n_applied; i++) {
        const onc_kb_applied_t *ap = &m->applied[i];
        tsv_cell(fp, ap->ev->id, 0);
        tsv_cell(fp, onc_ev_effect_name(ap->ev->effect), 0);
        tsv_list(fp, ap->ev->agents, ap->ev->n_agents, "+", 0);
        tsv_cell(fp, onc_level_name(ap->level), 0);
        tsv_cell(fp, onc_level_name(ap->ev->level), 0);
        tsv_cell(fp, ap->escat, 0);
        tsv_cell(fp, ap->escat ? (ap->ev->escat_verified ? "true" : "false") : NULL, 0);
        tsv_list(fp, ap->ev->tumor_types, ap->ev->n_tumor_types, ",", 0);
        tsv_cell(fp, ap->other_tumor_type ? "yes" : "no", 0);
        tsv_cell(fp, ap->matched, 1);
    }
}

static json_t *lookup_json(const onc_kb_t *kb, const kb_args_t *a, const onc_kb_match_t *m, const onc_kb_group_t *group)
{
    json_t *rel = json_array(), *ev = json_array();
    for (size_t i = 0; i < m->n_relevant; i++) {
        json_t *o = alteration_json(m->relevant[i]);
        json_object_set_new(o, "allele", json_boolean(m->relevant_is_allele[i]));
        json_array_append_new(rel, o);
    }
    for (size_t i = 0; i < m->n_applied; i++) {
        const onc_kb_applied_t *ap = &m->applied[i];
        json_t *o = evidence_json(kb, ap->ev, 0);
        json_object_set_new(o, "curated_level", jlevel(ap->ev->level));
        json_object_set_new(o, "level", jlevel(ap->level));
        json_object_set_new(o, "curated_escat", jstr(ap->ev->escat));
        json_object_set_new(o, "escat", jstr(ap->escat));
        json_object_set_new(o, "other_tumor_type", json_boolean(ap->other_tumor_type));
        json_object_set_new(o, "matched", json_string(ap->matched));
        json_array_append_new(ev, o);
    }
    return json_pack("{s:o, s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o}", "kb", kb_header(kb), "gene",
                     onc_kb_gene_symbol(kb, a->args[0]), "alteration", a->args[1], "tumor_type", jstr(a->tumor_type),
                     "role", onc_gene_role_name(m->role), "oncogenicity", onc_oncogenicity_name(m->oncogenicity),
                     "mutation_effect", m->effect, "curated", m->curated, "hotspot", m->hotspot, "group",
                     jstr(group ? group->id : NULL), "relevant", rel, "evidence", ev);
}

/* ---- validate ---- */

typedef struct problems { json_t *list; FILE *fp; } problems_t;

static void report_problem(const char *msg, void *ctx)
{
    problems_t *p = ctx;
    if (p->list) json_array_append_new(p->list, json_string(msg));
    else fprintf(p->fp, "%s\n", msg);
}

static int cmd_validate(const kb_args_t *a, cli_output_t *o)
{
    problems_t p = {a->format == CLI_FMT_JSON ? json_array() : NULL, o->fp};
    onc_err_t err = {0};
    long n = onc_kb_validate(a->kb_dir, report_problem, &p, &err);
    if (n < 0) {
        json_decref(p.list);
        cli_error("kb", "%s", err.msg);
        return CLI_BAD_INPUT;
    }
    if (p.list && write_json(o, json_pack("{s:I, s:o}", "problems_found", (json_int_t)n, "problems", p.list)) != 0)
        return CLI_INTERNAL;
    if (n) cli_error("kb", "%ld problem%s found", n, n == 1 ? "" : "s");
    return n ? CLI_FOUND_PROBLEM : CLI_OK;
}

/* ---- dispatch ---- */

static int run(const char *sub, const kb_args_t *a, const onc_kb_t *kb, cli_output_t *o)
{
    int json = a->format == CLI_FMT_JSON;
    if (!strcmp(sub, "list")) {
        if (json) return list_json(kb, a, o) ? CLI_INTERNAL : CLI_OK;
        return list_tsv(kb, a, o->fp) ? CLI_INTERNAL : CLI_OK;
    }
    if (!strcmp(sub, "show")) {
        const onc_kb_evidence_t *ev = onc_kb_evidence_find(kb, a->args[0]);
        if (!ev) {
            cli_error("kb", "no evidence item with id '%s'", a->args[0]);
            return CLI_BAD_INPUT;
        }
        if (json) return write_json(o, evidence_json(kb, ev, 1)) ? CLI_INTERNAL : CLI_OK;
        show_text(kb, ev, o->fp);
        return CLI_OK;
    }
    onc_kb_match_t *m = malloc(sizeof *m);
    onc_err_t err = {0};
    if (!m) return CLI_INTERNAL;
    int status = CLI_OK;
    onc_alt_t alt;
    onc_alt_init(&alt);
    alt.gene = a->args[0];
    alt.alteration = a->args[1];
    alt.kind = a->kind < 0 ? onc_kb_alteration_kind(a->args[1]) : (onc_alt_kind)a->kind;
    if (onc_kb_match(kb, &alt, a->tumor_type, m, &err) != ONC_OK) {
        cli_error("kb", "%s", err.msg);
        status = CLI_BAD_INPUT;
    } else if (json) {
        status = write_json(o, lookup_json(kb, a, m, onc_kb_group_of(kb, &alt))) ? CLI_INTERNAL : CLI_OK;
    } else {
        lookup_text(kb, a, m, onc_kb_group_of(kb, &alt), o->fp);
    }
    free(m);
    return status;
}

int cmd_kb(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_BAD_INPUT;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(sub, "--version")) {
        printf("oncoboard %s\n", ONC_VERSION);
        return CLI_OK;
    }
    if (!strcmp(sub, "import")) return cmd_kb_import(argc - 1, argv + 1);
    if (strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "lookup") && strcmp(sub, "validate"))
        return cli_usage_error("kb", "unknown subcommand '%s' (list, show, lookup, validate, import)", sub);
    kb_args_t a;
    int status = parse_args(&a, sub, argc - 1, argv + 1);
    if (status >= 0) return status;
    cli_output_t o;
    if (cli_output_open(&o, a.output)) return CLI_BAD_INPUT;
    if (!strcmp(sub, "validate")) {
        status = cmd_validate(&a, &o);
    } else {
        onc_err_t err = {0};
        onc_kb_t *kb = onc_kb_load(a.kb_dir, &err);
        if (!kb) {
            cli_error("kb", "%s", err.msg);
            status = CLI_BAD_INPUT;
        } else {
            status = run(sub, &a, kb, &o);
        }
        onc_kb_free(kb);
    }
    if (status == CLI_OK || status == CLI_FOUND_PROBLEM) {
        if (cli_output_commit(&o)) status = CLI_INTERNAL;
    } else {
        cli_output_abort(&o);
    }
    return status;
}
