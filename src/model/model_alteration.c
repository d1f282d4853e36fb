/* model_alteration.c: the canonical alteration record (see alteration.h). */
#include "oncoboard/alteration.h"

#include <stdlib.h>
#include <string.h>

void onc_alt_init(onc_alt_t *a)
{
    memset(a, 0, sizeof *a);
    a->kind = ONC_KIND_MUTATION;
    a->pos = ONC_POS_MISSING;
    a->exon = ONC_INT_MISSING;
    a->vaf = ONC_NUM_MISSING;
    a->depth = ONC_INT_MISSING;
    a->alt_count = ONC_INT_MISSING;
    a->copies = ONC_NUM_MISSING;
}

const char *onc_alt_kind_name(onc_alt_kind kind)
{
    switch (kind) {
    case ONC_KIND_MUTATION: return "mutation";
    case ONC_KIND_FUSION: return "fusion";
    case ONC_KIND_AMPLIFICATION: return "amplification";
    case ONC_KIND_GAIN: return "gain";
    case ONC_KIND_LOSS: return "loss";
    case ONC_KIND_DELETION: return "deletion";
    case ONC_KIND_STRUCTURAL: return "structural_variant";
    case ONC_KIND_BIOMARKER: return "biomarker";
    }
    return "unknown";
}

/* The string fields, so that copy and free walk the same list. */
#define ALT_STRINGS(X)                                                                             \
    X(sample) X(gene) X(partner) X(alteration) X(hgvsp) X(hgvsc) X(transcript) X(consequence)     \
    X(chrom) X(ref) X(alt) X(genome) X(filter) X(source)

static int dup_field(const char **dst, const char *src)
{
    if (!src) {
        *dst = NULL;
        return 0;
    }
    char *s = strdup(src);
    *dst = s;
    return s ? 0 : -1;
}

onc_rc onc_alt_copy(onc_alt_t *dst, const onc_alt_t *src)
{
    *dst = *src;
    int bad = 0;
#define DUP(f) bad |= dup_field(&dst->f, src->f);
    ALT_STRINGS(DUP)
#undef DUP
    if (bad) {
        onc_alt_free(dst);
        return ONC_ENOMEM;
    }
    return ONC_OK;
}

void onc_alt_free(onc_alt_t *a)
{
    if (!a) return;
#define FREE(f) free((char *)a->f); a->f = NULL;
    ALT_STRINGS(FREE)
#undef FREE
}
