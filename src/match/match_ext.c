/* match_ext.c: the CTML extension keys (match_ext.h).
 *
 * Placeholder until the extension keys land: no key is an extension key, so a trial that uses
 * one is refused by the loader as an unknown key (never a silent non-match).
 */
#include "match_ext.h"

#include <stdlib.h>

struct match_ext_cond {
    int unused;
};

bool match_ext_is_key(const char *key)
{
    (void)key;
    return false;
}

onc_rc match_ext_compile(const char *key, const json_t *value, const onc_doc_t *doc, uint64_t line,
                         const char *field, const onc_oncotree_t *oncotree, match_ext_cond_t **out,
                         onc_err_t *err)
{
    (void)key, (void)value, (void)oncotree;
    *out = NULL;
    return onc_doc_fail(doc, err, ONC_EPARSE, line, field, "unknown key");
}

onc_tri match_ext_eval(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    (void)c, (void)env, (void)text;
    return ONC_TRI_UNKNOWN;
}

match_ext_class match_ext_class_of(const match_ext_cond_t *c)
{
    (void)c;
    return MATCH_EXT_CLINICAL_DETAIL;
}

void match_ext_free(match_ext_cond_t *c) { free(c); }
