/* io_case.c: the case reader: a case file's alterations through the common reader interface.
 *
 * The case is loaded and validated whole (onc_case_load, io_case_json.c); the reader then
 * walks its samples in order and, for each, yields the typed variants, the fusions and the
 * copy-number calls, then every alteration of each referenced lab file, read with the same
 * readers as `oncoboard profile` (the format forced when the case gives the file's type).
 *
 * Every alteration carries the case's sample id (the case id, or samples[].id): a tumor
 * board compares samples of the case (before treatment, at progression), not the lab's
 * barcodes. A file holding several samples is read as the one case sample, with a warning.
 * Typed entries point at the case file and the line of their entry; file alterations keep
 * their own file and line.
 */
#include "io_annot.h"
#include "io_int.h"
#include "oncoboard/case.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum section { SEC_VARIANTS, SEC_FUSIONS, SEC_COPY_NUMBER, SEC_FILES, SEC_DONE };

typedef struct case_state {
    onc_case_t *owned;        /* loaded by open_case(); NULL when the case is borrowed */
    const onc_case_t *c;
    size_t sample, item;      /* where the walk is */
    enum section section;
    onc_reader_t *sub;        /* the referenced file being read */
    char *file_sample;        /* the first sample name seen in that file */
    int mixed_warned;
    char alteration[160];     /* "EML4-ALK Fusion" */
    onc_hotspot_hit_t hit;    /* the last coordinate lookup (its strings may live here) */
    io_annot_t kb;            /* gene tables (loaded at open), driver events (at first need) */
} case_state_t;

/* ---- typed entries ---- */

static const onc_molecular_t *molecular(const case_state_t *st) { return &st->c->samples[st->sample].molecular; }

/* "samples[1].molecular.variants[0]" */
static void entry_field(const case_state_t *st, const char *list, size_t i, const char *suffix, char *buf, size_t n)
{
    const onc_sample_t *s = &st->c->samples[st->sample];
    snprintf(buf, n, "%s%s.%s[%zu]%s", s->path, st->c->from_samples ? ".molecular" : "", list, i, suffix);
}

/* Resolves aliases (HER2 -> ERBB2); NULL stays NULL. */
static const char *canonical(const case_state_t *st, const char *gene)
{
    return gene ? onc_genes_canonical(st->kb.genes, gene) : NULL;
}

static void start_alt(onc_reader_t *r, const case_state_t *st, onc_alt_t *a, uint64_t line)
{
    onc_alt_init(a);
    a->sample = st->c->samples[st->sample].id;
    a->genome = molecular(st)->genome ? molecular(st)->genome : r->opts.genome;
    a->source = st->c->name;
    a->line = line;
}

/* A variant given only by coordinates: named from the knowledge base's driver events, or kept
 * unannotated. With a protein change as well, a disagreeing event is worth a warning. */
static int name_by_coordinates(onc_reader_t *r, case_state_t *st, const onc_case_variant_t *v, onc_alt_t *a)
{
    char field[160];
    entry_field(st, "variants", st->item - 1, "", field, sizeof field);
    if (!a->genome) {
        if (!a->alteration) a->flags |= ONC_ALT_UNANNOTATED;
        io_warn(r, "variants given by coordinates without a genome (molecular.genome, or --genome) are not looked up");
        return 0;
    }
    onc_hotspot_hit_t *hit = &st->hit;
    int found = io_annot_hotspot(&st->kb, r, v->line, a->genome, v->chrom, v->pos, v->ref, v->alt, hit);
    if (found < 0) return -2;
    if (a->alteration) {
        if (found && (strcmp(hit->gene, a->gene) != 0 || strcmp(hit->alteration, a->alteration) != 0))
            io_warn(r, "%s: the coordinates are %s %s, the entry says %s %s (kept as the entry says)", field,
                    hit->gene, hit->alteration, a->gene, a->alteration);
        return 0;
    }
    if (!found) {
        a->flags |= ONC_ALT_UNANNOTATED;
        io_warn(r, "variants given by coordinates that are not among the knowledge base's driver events are kept unannotated");
        return 0;
    }
    if (a->gene && strcmp(canonical(st, a->gene), hit->gene) != 0)
        io_warn(r, "%s: gene %s, but the coordinates are %s %s (named by the coordinates)", field, a->gene, hit->gene,
                hit->alteration);
    onc_hotspot_hit_apply(hit, a);
    return 0;
}

static int variant_alt(onc_reader_t *r, case_state_t *st, const onc_case_variant_t *v, onc_alt_t *a)
{
    start_alt(r, st, a, v->line);
    a->kind = ONC_KIND_MUTATION;
    a->gene = canonical(st, v->gene);
    a->alteration = v->alteration;
    a->hgvsp = v->hgvsp;
    a->hgvsc = v->hgvsc;
    a->consequence = v->consequence;
    a->chrom = v->chrom;
    a->pos = v->pos;
    a->ref = v->ref;
    a->alt = v->alt;
    a->vaf = v->vaf;
    a->depth = v->depth;
    if (a->gene && (v->protein_change || v->coding_change)) {
        /* HGVS in a case is on the gene's canonical transcript (docs/case-format.md). */
        a->transcript = onc_genes_transcript(st->kb.genes, a->gene);
        if (v->aa_pos != ONC_INT_MISSING) a->exon = onc_genes_exon_of(st->kb.genes, a->gene, v->aa_pos);
    }
    if (v->chrom) return name_by_coordinates(r, st, v, a);
    if (!a->alteration) a->flags |= ONC_ALT_UNANNOTATED;
    return 0;
}

/* Named as the fusion-table reader names them (io_fusion_fill): two genes "EML4-ALK Fusion",
 * the same gene twice "ALK-intragenic", one gene alone "ALK rearrangement". */
static int fusion_alt(onc_reader_t *r, case_state_t *st, const onc_case_fusion_t *f, onc_alt_t *a)
{
    start_alt(r, st, a, f->line);
    int ret = io_fusion_fill(a, canonical(st, f->gene_a), canonical(st, f->gene_b), st->alteration,
                             sizeof st->alteration);
    if (ret < 0) return io_fail(r, ONC_ELIMIT, f->line, NULL, "fusion name too long");
    if (ret == 1) io_warn(r, "fusions with one partner missing: kept as a rearrangement of the other gene");
    return 0;
}

static int cna_alt(onc_reader_t *r, case_state_t *st, const onc_case_cna_t *cn, onc_alt_t *a)
{
    start_alt(r, st, a, cn->line);
    a->kind = cn->call;
    a->gene = canonical(st, cn->gene);
    a->alteration = io_cna_alteration(cn->call);
    a->copies = cn->copies;
    return 0;
}

/* ---- referenced files ---- */

static void file_field(const case_state_t *st, size_t i, char *buf, size_t n)
{
    entry_field(st, "files", i, ".path", buf, n);
}

static int open_file(onc_reader_t *r, case_state_t *st)
{
    const onc_case_file_t *f = &molecular(st)->files[st->item];
    onc_read_opts_t o = r->opts;
    o.format = f->type;
    if (molecular(st)->genome) o.genome = molecular(st)->genome;
    char field[160];
    file_field(st, st->item, field, sizeof field);
    onc_err_t e = {0};
    st->sub = onc_reader_open(f->resolved, &o, &e);
    if (!st->sub) return io_fail(r, e.code, f->line, field, "%s", e.msg);
    if (onc_reader_format(st->sub) == ONC_FMT_CASE)
        return io_fail(r, ONC_EFORMAT, f->line, field, "\"%s\" is a case file: a case cannot include another case", f->path);
    free(st->file_sample);
    st->file_sample = NULL;
    st->mixed_warned = 0;
    return 0;
}

/* Passes the file's warnings on under the case's reader, keeping their counts. */
static void forward_warnings(onc_reader_t *r, const onc_reader_t *sub, const char *path)
{
    char msg[ONC_ERR_MSG_MAX];
    for (size_t i = 0; i < onc_reader_n_warnings(sub); i++) {
        snprintf(msg, sizeof msg, "%s: %s", path, onc_reader_warning(sub, i));
        io_warn(r, "%s", msg);
        for (size_t k = 0; k < r->n_warnings; k++)
            if (strcmp(r->warnings[k].msg, msg) == 0) r->warnings[k].count += onc_reader_warning_count(sub, i) - 1;
    }
}

static void close_file(onc_reader_t *r, case_state_t *st)
{
    forward_warnings(r, st->sub, molecular(st)->files[st->item].path);
    onc_reader_close(st->sub);
    st->sub = NULL;
}

/* The file's sample name becomes the case sample; a second name in one file is worth saying. */
static int rename_sample(onc_reader_t *r, case_state_t *st, onc_alt_t *a)
{
    const char *name = a->sample;
    a->sample = st->c->samples[st->sample].id;
    if (!name) return 0;
    if (!st->file_sample) {
        if (!(st->file_sample = strdup(name))) return io_fail(r, ONC_ENOMEM, 0, NULL, "out of memory");
    } else if (!st->mixed_warned && strcmp(st->file_sample, name) != 0) {
        io_warn(r, "%s: holds several samples (%s, %s, ...): all are read as sample %s",
                molecular(st)->files[st->item].path, st->file_sample, name, a->sample);
        st->mixed_warned = 1;
    }
    return 0;
}

/* 0 with *a from the current file, 1 when the file is finished, < -1 on error. */
static int next_from_file(onc_reader_t *r, case_state_t *st, onc_alt_t *a)
{
    if (!st->sub && open_file(r, st) < 0) return -2;
    int ret = onc_reader_next(st->sub, a);
    if (ret == 0) return rename_sample(r, st, a);
    if (ret < -1) {
        char field[160];
        file_field(st, st->item, field, sizeof field);
        return io_fail(r, ONC_EPARSE, molecular(st)->files[st->item].line, field, "%s", onc_reader_errmsg(st->sub));
    }
    close_file(r, st);
    return 1;
}

/* ---- the walk ---- */

static size_t section_size(const case_state_t *st)
{
    const onc_molecular_t *m = molecular(st);
    switch (st->section) {
    case SEC_VARIANTS: return m->n_variants;
    case SEC_FUSIONS: return m->n_fusions;
    case SEC_COPY_NUMBER: return m->n_copy_number;
    case SEC_FILES: return m->n_files;
    case SEC_DONE: break;
    }
    return 0;
}

static int next_case(onc_reader_t *r, onc_alt_t *out)
{
    case_state_t *st = r->state;
    while (st->sample < st->c->n_samples) {
        if (st->section == SEC_DONE || st->item >= section_size(st)) {
            if (st->section == SEC_DONE) st->sample++, st->section = SEC_VARIANTS;
            else st->section++;
            st->item = 0;
            continue;
        }
        const onc_molecular_t *m = molecular(st);
        switch (st->section) {
        case SEC_VARIANTS: return variant_alt(r, st, &m->variants[st->item++], out);
        case SEC_FUSIONS: return fusion_alt(r, st, &m->fusions[st->item++], out);
        case SEC_COPY_NUMBER: return cna_alt(r, st, &m->copy_number[st->item++], out);
        case SEC_FILES: {
            int ret = next_from_file(r, st, out);
            if (ret != 1) return ret;
            st->item++;
            break;
        }
        case SEC_DONE: break;
        }
    }
    return -1;
}

/* The case's own warnings (unknown fields ...) without the file name that the caller adds:
 * "P001.json:5: field x: ..." becomes "line 5: field x: ...". */
static void forward_case_warnings(onc_reader_t *r, const onc_case_t *c)
{
    size_t n = strlen(c->name);
    for (size_t i = 0; i < c->n_warnings; i++) {
        const char *w = c->warnings[i];
        if (strncmp(w, c->name, n) == 0 && w[n] == ':' && w[n + 1] >= '0' && w[n + 1] <= '9') io_warn(r, "line %s", w + n + 1);
        else if (strncmp(w, c->name, n) == 0 && w[n] == ':') io_warn(r, "%s", w + n + 2);
        else io_warn(r, "%s", w);
    }
}

static onc_rc start(onc_reader_t *r, case_state_t *st, const onc_case_t *c)
{
    st->c = c;
    r->state = st;
    forward_case_warnings(r, c);
    /* Nothing reported is not "nothing found": say so, so that no reader of the output takes
     * an empty list for a negative result. */
    if (c->n_samples == 0) io_warn(r, "no molecular results (neither \"molecular\" nor \"samples\"): nothing was tested");
    for (size_t i = 0; i < c->n_samples; i++)
        if (!c->samples[i].has_molecular)
            io_warn(r, "%s (%s): no molecular results for this sample", c->samples[i].path, c->samples[i].id);
    return io_annot_open(&st->kb, r);
}

static onc_rc open_case(onc_reader_t *r)
{
    case_state_t *st = calloc(1, sizeof *st);
    if (!st) return io_fail(r, ONC_ENOMEM, 0, NULL, "out of memory"), ONC_ENOMEM;
    r->state = st;
    onc_rc rc = onc_case_load(r->path, NULL, &st->owned, &r->err);
    if (rc != ONC_OK) return rc;
    return start(r, st, st->owned);
}

static void close_case(onc_reader_t *r)
{
    case_state_t *st = r->state;
    if (!st) return;
    onc_reader_close(st->sub);
    free(st->file_sample);
    io_annot_close(&st->kb);
    onc_case_free(st->owned);
    free(st);
    r->state = NULL;
}

const onc_format_ops onc_case_ops = {ONC_FMT_CASE, NULL, open_case, next_case, close_case};

onc_reader_t *onc_case_reader_open(const onc_case_t *c, const onc_read_opts_t *opts, onc_err_t *err)
{
    onc_reader_t *r = calloc(1, sizeof *r);
    case_state_t *st = calloc(1, sizeof *st);
    if (!r || !st || !(r->path = strdup(c->name))) {
        free(r);
        free(st);
        onc_err_set(err, ONC_ENOMEM, "%s: out of memory", c->name);
        return NULL;
    }
    r->ops = &onc_case_ops;
    if (opts) r->opts = *opts;
    else onc_read_opts_init(&r->opts);
    r->opts.format = ONC_FMT_CASE;
    if (start(r, st, c) != ONC_OK) {
        if (err) *err = r->err;
        onc_reader_close(r);
        return NULL;
    }
    return r;
}
