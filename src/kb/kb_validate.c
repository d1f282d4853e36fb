/* kb_validate.c: the whole-base checks and `kb validate`'s collecting mode.
 *
 * Loading stops at the first problem; validation reads the same files with the same checks
 * but reports every problem and goes on. Then come the checks over the whole base: two
 * evidence items saying the same thing (same alterations, tumor types, agents and effect)
 * are duplicates; one saying sensitive and one resistant for the same alterations, tumor
 * types and agents contradict each other, unless both carry a note explaining it.
 */
#include "kb_read.h"

#include <stdlib.h>
#include <string.h>

int kb_load_all(kb_ctx_t *c);

/* Same set of strings, in any order. */
static int same_set(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    if (na != nb) return 0;
    for (size_t i = 0; i < na; i++) {
        size_t j = 0;
        while (j < nb && strcmp(a[i], b[j]) != 0) j++;
        if (j == nb) return 0;
    }
    return 1;
}

static int same_claim(const onc_kb_evidence_t *a, const onc_kb_evidence_t *b)
{
    return !strcmp(a->gene, b->gene) && same_set(a->alterations, a->n_alterations, b->alterations, b->n_alterations) &&
           same_set(a->tumor_types, a->n_tumor_types, b->tumor_types, b->n_tumor_types) &&
           same_set(a->agents, a->n_agents, b->agents, b->n_agents);
}

int kb_check_overlaps(kb_ctx_t *c)
{
    const onc_kb_t *kb = c->kb;
    for (size_t i = 0; i < kb->n_evidence; i++)
        for (size_t j = i + 1; j < kb->n_evidence; j++) {
            const onc_kb_evidence_t *a = &kb->evidence[i], *b = &kb->evidence[j];
            if (!same_claim(a, b)) continue;
            if (a->effect == b->effect && kb_problem(c, b->file, b->line, "id", "%s duplicates %s (%s:%llu)", b->id,
                                                     a->id, a->file, (unsigned long long)a->line))
                return 1;
            int opposite = (a->effect == ONC_EV_SENSITIVE && b->effect == ONC_EV_RESISTANT) ||
                           (a->effect == ONC_EV_RESISTANT && b->effect == ONC_EV_SENSITIVE);
            if (opposite && !(a->note && b->note) &&
                kb_problem(c, b->file, b->line, "effect", "%s contradicts %s (%s:%llu); a note on both must explain it",
                           b->id, a->id, a->file, (unsigned long long)a->line))
                return 1;
        }
    return 0;
}

long onc_kb_validate(const char *kb_dir, void (*report)(const char *msg, void *ctx), void *ctx, onc_err_t *err)
{
    onc_kb_t *kb = calloc(1, sizeof *kb);
    if (!kb) {
        onc_err_set(err, ONC_ENOMEM, "out of memory");
        return -1;
    }
    kb_ctx_t c = {0};
    onc_err_t stop = {0};
    c.kb = kb;
    c.dir = kb_dir;
    c.err = &stop;
    c.collect = 1;
    c.report = report;
    c.report_ctx = ctx;
    int stopped = kb_load_all(&c);
    long problems = c.problems;
    onc_kb_free(kb);
    if (stopped && stop.code) { /* the base could not be read at all */
        if (err) *err = stop;
        return -1;
    }
    return problems;
}
