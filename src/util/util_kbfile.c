/* util_kbfile.c: access to the kb/ files, built in or from a directory (see kbfile.h). A text
 * is always a private, writable copy, which util_kbrows.c cuts into rows in place. */
#include "oncoboard/kbfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KB_LIMIT ((long)64 << 20) /* no knowledge-base file is anywhere near this */

/* The symbols util_kbdata.S defines, one line per file. */
#define KB_BUILTIN(X)                                                                              \
    X(gene_aliases, "gene_aliases.tsv")                                                            \
    X(gene_exons, "gene_exons.tsv")                                                                \
    X(genomic_events, "genomic_events.tsv")                                                        \
    X(oncotree, "oncotree.tsv")                                                                    \
    X(oncotree_former_names, "oncotree_former_names.tsv")                                          \
    X(gene_loci, "gene_loci.tsv")                                                                  \
    X(doid_oncotree, "doid_oncotree.tsv")                                                          \
    X(agent_classes, "agent_classes.tsv")                                                          \
    X(kb_manifest, "kb.yaml")                                                                      \
    X(sources, "sources.yaml")                                                                     \
    X(genes, "genes.tsv")                                                                          \
    X(hotspots, "hotspots.tsv")                                                                    \
    X(groups, "groups.yaml")                                                                       \
    X(immunotherapy, "immunotherapy.yaml")                                                         \
    X(evidence_EGFR, "evidence/EGFR.yaml")                                                         \
    X(evidence_ALK, "evidence/ALK.yaml")                                                           \
    X(evidence_ROS1, "evidence/ROS1.yaml")                                                         \
    X(evidence_BRAF, "evidence/BRAF.yaml")                                                         \
    X(evidence_KRAS, "evidence/KRAS.yaml")                                                         \
    X(evidence_MET, "evidence/MET.yaml")                                                           \
    X(evidence_RET, "evidence/RET.yaml")                                                           \
    X(evidence_NTRK1, "evidence/NTRK1.yaml")                                                       \
    X(evidence_NTRK2, "evidence/NTRK2.yaml")                                                       \
    X(evidence_NTRK3, "evidence/NTRK3.yaml")                                                       \
    X(evidence_ERBB2, "evidence/ERBB2.yaml")                                                       \
    X(evidence_NRG1, "evidence/NRG1.yaml")                                                         \
    X(evidence_STK11, "evidence/STK11.yaml")                                                       \
    X(evidence_KEAP1, "evidence/KEAP1.yaml")                                                       \
    X(evidence_SMARCA4, "evidence/SMARCA4.yaml")                                                   \
    X(evidence_TP53, "evidence/TP53.yaml")                                                         \
    X(evidence_biomarkers, "evidence/biomarkers.yaml")                                             \
    X(fhir_codes, "fhir_codes.tsv")                                                                \
    X(response_models, "response_models.tsv")

#define DECLARE(sym, name) extern const char onc_kb_##sym[], onc_kb_##sym##_end[];
KB_BUILTIN(DECLARE)
#undef DECLARE

static const struct builtin { const char *name; const char *start, *end; } builtins[] = {
#define ENTRY(sym, name) {name, onc_kb_##sym, onc_kb_##sym##_end},
    KB_BUILTIN(ENTRY)
#undef ENTRY
};

static const char *const builtin_names[] = {
#define NAME(sym, name) name,
    KB_BUILTIN(NAME)
#undef NAME
    NULL};

const char *const *onc_kb_file_names(void) { return builtin_names; }

/* Names t (a copy of name) and refuses a text with a NUL byte: the readers take the text
 * for a C string. */
static onc_rc name_text(onc_kb_text_t *t, const char *name, onc_err_t *err)
{
    if (memchr(t->data, '\0', t->len))
        return onc_err_set(err, ONC_EPARSE, "%s: holds a NUL byte: not a text file", name);
    if (!(t->name = strdup(name))) return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", name);
    return ONC_OK;
}

onc_rc onc_kb_text_copy(onc_kb_text_t *t, const char *data, size_t len, const char *name,
                        onc_err_t *err)
{
    memset(t, 0, sizeof *t);
    if (!(t->data = malloc(len + 1))) return onc_err_set(err, ONC_ENOMEM, "%s: out of memory", name);
    memcpy(t->data, data, len);
    t->data[len] = '\0';
    t->len = len;
    onc_rc rc = name_text(t, name, err);
    if (rc) onc_kb_text_free(t);
    return rc;
}

static onc_rc read_file(onc_kb_text_t *t, const char *dir, const char *name, onc_err_t *err)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return onc_err_set(err, ONC_ELIMIT, "%s/%s: path too long", dir, name);
    FILE *fp = fopen(path, "rb");
    if (!fp) return onc_err_set(err, ONC_EIO, "%s: cannot open: %s", path, strerror(errno));
    onc_rc rc = ONC_OK;
    long n = -1;
    if (fseek(fp, 0, SEEK_END) == 0) n = ftell(fp);
    if (n < 0 || n > KB_LIMIT || fseek(fp, 0, SEEK_SET) != 0) {
        rc = onc_err_set(err, ONC_EIO, "%s: cannot read, or larger than %ld bytes", path, KB_LIMIT);
    } else if (!(t->data = malloc((size_t)n + 1))) {
        rc = onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
    } else if (fread(t->data, 1, (size_t)n, fp) != (size_t)n) {
        rc = onc_err_set(err, ONC_EIO, "%s: read error", path);
    } else {
        t->data[n] = '\0';
        t->len = (size_t)n;
        rc = name_text(t, path, err);
    }
    fclose(fp);
    if (rc) onc_kb_text_free(t);
    return rc;
}

onc_rc onc_kb_text_load(onc_kb_text_t *t, const char *kb_dir, const char *name, onc_err_t *err)
{
    memset(t, 0, sizeof *t);
    if (!kb_dir) kb_dir = getenv("ONCOBOARD_KB");
    if (kb_dir && *kb_dir) return read_file(t, kb_dir, name, err);
    char shipped[256]; /* "kb/NAME", the name messages give the built-in copy */
    if ((size_t)snprintf(shipped, sizeof shipped, "kb/%s", name) >= sizeof shipped)
        return onc_err_set(err, ONC_ENOTFOUND, "kb/%s: no such knowledge-base file", name);
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (strcmp(builtins[i].name, name) == 0) {
            size_t len = (size_t)(builtins[i].end - builtins[i].start);
            return onc_kb_text_copy(t, builtins[i].start, len, shipped, err);
        }
    return onc_err_set(err, ONC_ENOTFOUND, "kb/%s: no such knowledge-base file", name);
}

void onc_kb_text_free(onc_kb_text_t *t)
{
    if (!t) return;
    free(t->data);
    free(t->name);
    memset(t, 0, sizeof *t);
}
