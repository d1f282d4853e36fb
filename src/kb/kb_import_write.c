/* kb_import_write.c: writing an import as knowledge-base files (docs/kb-format.md).
 *
 * The output is a directory: kb.yaml (the manifest: name, version, date, description and the
 * evidence files), sources.yaml, evidence/GENE.yaml, one per gene, and genes.tsv (the genes'
 * roles, which a knowledge-base directory must have for `kb validate --kb DIR`). It is built in
 * DIR.tmp.PID and renamed to DIR only when every file was written and closed without error,
 * so a reader never sees half an import; an existing DIR is replaced only with force, by
 * renaming it aside first and removing it after the new one is in place.
 *
 * YAML: every string is written double-quoted with escapes (kbi_yaml_quoted), so that no
 * value can be read as another type ("1", "no", "2026-01-01", "null") or break the syntax;
 * only values this file checked are written plain (dates, PMIDs, the effect words, booleans).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "kb_import_int.h"

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_CAP 4096

/* Decodes the UTF-8 sequence at s (already validated); returns its length, *cp the code point. */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
{
    if (s[0] < 0x80) { *cp = s[0]; return 1; }
    size_t len = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : 4;
    unsigned v = s[0] & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < len && s[k]; k++) v = (v << 6) | (s[k] & 0x3F);
    *cp = v;
    return len;
}

/* YAML 1.1's printable set, less the line breaks NEL, LS and PS (folded when read). */
static int yaml_printable(unsigned cp)
{
    return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF && cp != 0x2028 && cp != 0x2029) ||
           (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

int kbi_yaml_quoted(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (fputc('"', fp) == EOF) return -1;
    while (*p) {
        unsigned cp;
        size_t len = utf8_next(p, &cp);
        int ok;
        if (cp == '"' || cp == '\\') ok = fprintf(fp, "\\%c", (char)cp) > 0;
        else if (cp == '\n') ok = fputs("\\n", fp) != EOF;
        else if (cp == '\t') ok = fputs("\\t", fp) != EOF;
        else if (yaml_printable(cp)) ok = fwrite(p, 1, len, fp) == len;
        else if (cp <= 0xFF) ok = fprintf(fp, "\\x%02X", cp) > 0;
        else if (cp <= 0xFFFF) ok = fprintf(fp, "\\u%04X", cp) > 0;
        else ok = fprintf(fp, "\\U%08X", cp) > 0;
        if (!ok) return -1;
        p += len;
    }
    return fputc('"', fp) == EOF ? -1 : 0;
}

static int write_list(FILE *fp, const char *key, const kbi_list_t *l)
{
    if (fprintf(fp, "    %s: [", key) < 0) return -1;
    for (size_t i = 0; i < l->n; i++)
        if ((i && fputs(", ", fp) == EOF) || kbi_yaml_quoted(fp, l->v[i])) return -1;
    return fputs("]\n", fp) == EOF ? -1 : 0;
}

static int write_entry(FILE *fp, const kbi_stored_entry_t *e)
{
    if (fputs("  - id: ", fp) == EOF || kbi_yaml_quoted(fp, e->id) || fputc('\n', fp) == EOF ||
        write_list(fp, "alterations", &e->alterations) || write_list(fp, "tumor_types", &e->tumor_types) ||
        fprintf(fp, "    effect: %s\n", e->effect) < 0 ||
        (e->agents.n && write_list(fp, "agents", &e->agents)))
        return -1;
    if (e->level && (fputs("    level: ", fp) == EOF || kbi_yaml_quoted(fp, e->level) || fputc('\n', fp) == EOF))
        return -1;
    if (write_list(fp, "sources", &e->sources) || fprintf(fp, "    reviewed: %s\n", e->reviewed) < 0 ||
        fputs("    verified: false\n", fp) == EOF)
        return -1;
    if (e->note.len && (fputs("    note: ", fp) == EOF || kbi_yaml_quoted(fp, e->note.s) || fputc('\n', fp) == EOF))
        return -1;
    return 0;
}

/* Closes fp and reports a write error on path. */
static onc_rc close_file(FILE *fp, int failed, const char *path, onc_err_t *err)
{
    int e = errno;
    if (fclose(fp) != 0 && !failed) { failed = 1; e = errno; }
    if (failed) return onc_err_set(err, ONC_EIO, "%s: cannot write: %s", path, strerror(e ? e : EIO));
    return ONC_OK;
}

static onc_rc open_file(const char *dir, const char *name, char *path, FILE **fp, onc_err_t *err)
{
    if (snprintf(path, PATH_CAP, "%s/%s", dir, name) >= PATH_CAP)
        return onc_err_set(err, ONC_ELIMIT, "%s/%s: path too long", dir, name);
    if (!(*fp = fopen(path, "w")))
        return onc_err_set(err, ONC_EIO, "%s: cannot create: %s", path, strerror(errno));
    return ONC_OK;
}

/* entries[first, last) are one gene's, in input order. */
static onc_rc write_gene(const kbi_output_t *out, size_t first, size_t last, const char *dir,
                         onc_err_t *err)
{
    char name[64], path[PATH_CAP];
    FILE *fp;
    snprintf(name, sizeof name, "evidence/%s.yaml", out->entries[first].gene);
    onc_rc rc = open_file(dir, name, path, &fp, err);
    if (rc) return rc;
    int failed = fputs(out->header_comment, fp) == EOF || fputs("gene: ", fp) == EOF ||
                 kbi_yaml_quoted(fp, out->entries[first].gene) || fputs("\nevidence:\n", fp) == EOF;
    for (size_t i = first; i < last && !failed; i++) failed = write_entry(fp, &out->entries[i]) != 0;
    return close_file(fp, failed, path, err);
}

static int write_source(FILE *fp, const kbi_stored_source_t *s)
{
    if (kbi_yaml_quoted(fp, s->key) || fprintf(fp, ":\n  kind: %s\n  citation: ", s->kind) < 0 ||
        kbi_yaml_quoted(fp, s->citation) || fputc('\n', fp) == EOF)
        return -1;
    if (s->pmid && fprintf(fp, "  pmid: %s\n", s->pmid) < 0) return -1;
    if (s->url && (fputs("  url: ", fp) == EOF || kbi_yaml_quoted(fp, s->url) || fputc('\n', fp) == EOF))
        return -1;
    if (s->trial && (fputs("  trial: ", fp) == EOF || kbi_yaml_quoted(fp, s->trial) || fputc('\n', fp) == EOF))
        return -1;
    if (s->doi && (fputs("  doi: ", fp) == EOF || kbi_yaml_quoted(fp, s->doi) || fputc('\n', fp) == EOF)) return -1;
    if (s->accessed && kbi_is_date(s->accessed) && fprintf(fp, "  accessed: %s\n", s->accessed) < 0) return -1;
    if (s->accessed && !kbi_is_date(s->accessed) &&
        (fputs("  accessed: ", fp) == EOF || kbi_yaml_quoted(fp, s->accessed) || fputc('\n', fp) == EOF))
        return -1;
    return 0;
}

static onc_rc write_sources(const kbi_output_t *out, const char *dir, onc_err_t *err)
{
    char path[PATH_CAP];
    FILE *fp;
    onc_rc rc = open_file(dir, "sources.yaml", path, &fp, err);
    if (rc) return rc;
    int failed = fputs(out->header_comment, fp) == EOF;
    if (!out->n_sources && !failed) failed = fputs("{}\n", fp) == EOF;
    for (size_t i = 0; i < out->n_sources && !failed; i++) failed = write_source(fp, &out->sources[i]) != 0;
    return close_file(fp, failed, path, err);
}

/* genes.tsv: one row per gene with evidence (entries are sorted by gene by now). */
static onc_rc write_genes(const kbi_output_t *out, const char *dir, onc_err_t *err)
{
    char path[PATH_CAP];
    FILE *fp;
    onc_rc rc = open_file(dir, "genes.tsv", path, &fp, err);
    if (rc) return rc;
    int failed = fputs(out->header_comment, fp) == EOF || fputs("gene\trole\tsources\n", fp) == EOF;
    for (size_t i = 0; i < out->n_entries && !failed; i++) {
        const char *gene = out->entries[i].gene, *sources = NULL, *role = out->gene_role(out->role_ctx, gene, &sources);
        if (i && strcmp(gene, out->entries[i - 1].gene) == 0) continue;
        if (!role) {
            fclose(fp);
            return onc_err_set(err, ONC_EINTERNAL, "%s: no role for %s", path, gene);
        }
        failed = fprintf(fp, "%s\t%s\t%s\n", gene, role, sources) < 0;
    }
    return close_file(fp, failed, path, err);
}

static onc_rc write_manifest(const kbi_output_t *out, const char *dir, onc_err_t *err)
{
    char path[PATH_CAP], version[32];
    FILE *fp;
    onc_rc rc = open_file(dir, "kb.yaml", path, &fp, err);
    if (rc) return rc;
    /* the version is the release date, as the curated kb's year.month.release */
    const char *d = out->date; /* checked YYYY-MM-DD */
    snprintf(version, sizeof version, "%.4s.%d.%d", d, (d[5] - '0') * 10 + (d[6] - '0'),
             (d[8] - '0') * 10 + (d[9] - '0'));
    int failed = fputs(out->header_comment, fp) == EOF || fputs("name: ", fp) == EOF ||
                 kbi_yaml_quoted(fp, out->label) || fputs("\nversion: ", fp) == EOF ||
                 kbi_yaml_quoted(fp, version) || fprintf(fp, "\ndate: %s\ndescription: ", out->date) < 0 ||
                 kbi_yaml_quoted(fp, out->description) || fputs("\nevidence:", fp) == EOF;
    if (!failed && !out->n_entries) failed = fputs(" []", fp) == EOF;
    for (size_t i = 0; i < out->n_entries && !failed; i++) {
        if (i && strcmp(out->entries[i].gene, out->entries[i - 1].gene) == 0) continue;
        char name[64];
        snprintf(name, sizeof name, "evidence/%s.yaml", out->entries[i].gene);
        failed = fputs("\n  - ", fp) == EOF || kbi_yaml_quoted(fp, name);
    }
    if (!failed) failed = fputc('\n', fp) == EOF;
    return close_file(fp, failed, path, err);
}

static int by_gene(const void *a, const void *b)
{
    const kbi_stored_entry_t *x = a, *y = b;
    int c = strcmp(x->gene, y->gene);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const kbi_stored_source_t *)a)->key, ((const kbi_stored_source_t *)b)->key);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tree(const char *dir) { nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS); }

static onc_rc fill_dir(kbi_output_t *out, const char *tmp, size_t *n_genes, onc_err_t *err)
{
    char ev[PATH_CAP];
    if (snprintf(ev, sizeof ev, "%s/evidence", tmp) >= (int)sizeof ev)
        return onc_err_set(err, ONC_ELIMIT, "%s: path too long", tmp);
    if (mkdir(ev, 0777) != 0) return onc_err_set(err, ONC_EIO, "%s: cannot create: %s", ev, strerror(errno));
    qsort(out->entries, out->n_entries, sizeof *out->entries, by_gene);
    qsort(out->sources, out->n_sources, sizeof *out->sources, by_key);
    *n_genes = 0;
    for (size_t first = 0, i = 1; first < out->n_entries; i++) {
        if (i < out->n_entries && strcmp(out->entries[i].gene, out->entries[first].gene) == 0) continue;
        onc_rc rc = write_gene(out, first, i, tmp, err);
        if (rc) return rc;
        (*n_genes)++;
        first = i;
    }
    onc_rc rc = write_sources(out, tmp, err);
    if (!rc && out->gene_role) rc = write_genes(out, tmp, err);
    return rc ? rc : write_manifest(out, tmp, err);
}

/* Moves tmp to dir; an existing dir (force) is renamed aside and removed afterwards. */
static onc_rc put_in_place(const char *tmp, const char *dir, int force, onc_err_t *err)
{
    char old[PATH_CAP];
    int had_old = 0;
    snprintf(old, sizeof old, "%s.old.%ld", dir, (long)getpid());
    if (force && access(dir, F_OK) == 0) {
        if (rename(dir, old) != 0)
            return onc_err_set(err, ONC_EIO, "%s: cannot move the old import aside: %s", dir, strerror(errno));
        had_old = 1;
    }
    if (rename(tmp, dir) != 0) {
        int e = errno;
        if (had_old && rename(old, dir) != 0) {} /* best effort: put the old one back */
        return onc_err_set(err, ONC_EIO, "%s: cannot create: %s", dir, strerror(e));
    }
    if (had_old) remove_tree(old);
    return ONC_OK;
}

onc_rc kbi_write_dir(kbi_output_t *out, const char *dir, int force, size_t *n_genes, onc_err_t *err)
{
    char tmp[PATH_CAP];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", dir, (long)getpid()) >= (int)sizeof tmp - 64)
        return onc_err_set(err, ONC_ELIMIT, "%s: path too long", dir);
    if (mkdir(tmp, 0777) != 0) return onc_err_set(err, ONC_EIO, "%s: cannot create: %s", tmp, strerror(errno));
    onc_rc rc = fill_dir(out, tmp, n_genes, err);
    if (!rc) rc = put_in_place(tmp, dir, force, err);
    if (rc) remove_tree(tmp);
    return rc;
}
