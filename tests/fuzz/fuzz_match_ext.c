/* fuzz_match_ext.c: the CTML extension keys (src/match/match_ext*.c) on arbitrary YAML: every
 * member of the document's root mapping that is an extension key is compiled, and a compiled
 * condition is evaluated against three cases (nothing recorded, a full one, none at all).
 * Oracle beyond "no crash": a refused value always says why, an outcome is one of the three,
 * and every evaluation writes a text. */
#include "match/match_ext.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static onc_oncotree_t *tree;
static onc_case_t *empty, *full;

static void add_lab(onc_case_t *c, onc_lab_t *l, const char *name, double v, const char *unit, double uln,
                    onc_date_t d)
{
    onc_lab_init(l);
    l->name = onc_case_strdup(c, name);
    l->unit = unit ? onc_case_strdup(c, unit) : NULL;
    l->value = v;
    l->uln = uln;
    l->date = d;
}

static onc_case_t *full_case(void)
{
    onc_case_t *c = onc_case_new();
    if (!c) abort();
    c->ecog = 1;
    c->diagnosis.oncotree_code = "LUAD";
    c->diagnosis.stage = "IVA";
    c->diagnosis.brain_metastases = ONC_BRAIN_METS_TREATED;
    c->diagnosis.measurable_disease = ONC_TRI_TRUE;
    c->biomarkers.pdl1_tps = 60;
    c->biomarkers.pdl1_clone = ONC_PDL1_CLONE_22C3;
    c->labs = onc_case_alloc(c, 4 * sizeof *c->labs);
    add_lab(c, &c->labs[0], "ALT", 50, "U/L", 40, (onc_date_t){2026, 2, 20});
    add_lab(c, &c->labs[1], "neutrophils", 1.2, "10^9/L", NAN, (onc_date_t){2026, 2, 27});
    add_lab(c, &c->labs[2], "creatinine", 90, "\xc2\xb5mol/L", 100, (onc_date_t){0, 0, 0});
    add_lab(c, &c->labs[3], "SGOT", 30, NULL, 35, (onc_date_t){2026, 3, 2});
    c->n_labs = 4;
    c->therapies = onc_case_alloc(c, 3 * sizeof *c->therapies);
    static const char *const agents[][2] = {{"osimertinib", NULL}, {"carboplatin", "pemetrexed"}, {"docetaxel", NULL}};
    for (size_t i = 0; i < 3; i++) {
        onc_therapy_t *t = &c->therapies[i];
        onc_therapy_init(t);
        t->line = i == 2 ? ONC_INT_MISSING : (int32_t)i + 1;
        t->agents = onc_case_alloc(c, 2 * sizeof *t->agents);
        t->agents[t->n_agents++] = agents[i][0];
        if (agents[i][1]) t->agents[t->n_agents++] = agents[i][1];
        t->end = i == 2 ? (onc_date_t){0, 0, 0} : (onc_date_t){2026, 1 + (int32_t)i, 10};
        t->progression = i == 0 ? ONC_TRI_TRUE : ONC_TRI_UNKNOWN;
    }
    c->n_therapies = 3;
    return c;
}

static void eval_on(const match_ext_cond_t *cond, const onc_case_t *c)
{
    match_ext_env_t env = {c, NULL, NULL, tree, {2026, 3, 1}};
    onc_strbuf_t text = ONC_STRBUF_INIT;
    onc_tri t = match_ext_eval(cond, &env, &text);
    if (t != ONC_TRI_UNKNOWN && t != ONC_TRI_FALSE && t != ONC_TRI_TRUE) abort();
    if (!onc_strbuf_str(&text)[0]) abort(); /* every outcome says something */
    onc_strbuf_free(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tree) {
        onc_err_t e = {0};
        if (!(tree = onc_oncotree_load(NULL, &e)) || !(empty = onc_case_new()) || !(full = full_case())) abort();
    }
    onc_err_t err = {0};
    onc_doc_t *d = onc_doc_parse((const char *)data, size, "fuzz.yaml", ONC_DOC_AUTO, NULL, &err);
    if (!d) return 0;
    const char *key;
    json_t *v;
    json_t *root = onc_doc_root(d);
    json_object_foreach(root, key, v) {
        if (!match_ext_is_key(key)) continue;
        match_ext_cond_t *c = NULL;
        memset(&err, 0, sizeof err);
        if (match_ext_compile(key, v, d, onc_doc_line(d, v), key, tree, &c, &err)) {
            if (c || !err.msg[0]) abort(); /* a refusal says why and leaves nothing behind */
            continue;
        }
        (void)match_ext_class_of(c);
        eval_on(c, empty);
        eval_on(c, full);
        eval_on(c, NULL);
        match_ext_free(c);
    }
    onc_doc_free(d);
    return 0;
}
