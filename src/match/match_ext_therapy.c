/* match_ext_therapy.c: the extension keys on the treatment history: prior_lines,
 * line_of_therapy, prior_therapy and washout (docs/ctml-extensions.md).
 *
 * They read the case's `therapies` (case.h): each entry is one regimen of systemic therapy with
 * the line the clinician gave it, its agents (lower-case INNs), dates and whether the disease
 * progressed on it. A case without therapies is unknown for every key here: the case format
 * cannot tell "no prior therapy" from "not recorded" (an absent and an empty list are the same),
 * and missing is unknown. When therapies are listed, the list is taken as the whole history.
 *
 * Agent classes ("EGFR TKI") come from kb/agent_classes.tsv, read when a criterion is compiled
 * (the built-in copy, or $ONCOBOARD_KB's): the condition keeps the agents of its class, so that
 * evaluation never touches the file and needs no global state.
 */
#include "match_ext_int.h"

#include "oncoboard/kbfile.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_CLASS_AGENTS 256 /* agents in one class */
#define MAX_LINE_NUMBER 128  /* line numbers above this are treated as unnumbered */
#define MAX_WASHOUT_DAYS 3650

/* ---- agents and classes ---- */

void ext_agents_free(ext_agents_t *a)
{
    for (size_t i = 0; i < a->n; i++) free(a->names[i]);
    free(a->names);
    free(a->label);
    memset(a, 0, sizeof *a);
}

static onc_rc add_agent(ext_agents_t *a, const char *name)
{
    if (a->n == MAX_CLASS_AGENTS) return ONC_ELIMIT;
    char **grown = realloc(a->names, (a->n + 1) * sizeof *grown);
    if (!grown) return ONC_ENOMEM;
    a->names = grown;
    char *copy = strdup(name);
    if (!copy) return ONC_ENOMEM;
    for (char *p = copy; *p; p++) *p = (char)tolower((unsigned char)*p);
    a->names[a->n++] = copy;
    return ONC_OK;
}

/* Appends cls to the "; "-separated list of known classes unless it is there already. */
static void note_class(onc_strbuf_t *known, const char *cls)
{
    const char *p = onc_strbuf_str(known);
    size_t n = strlen(cls);
    for (const char *q = p; (q = strstr(q, cls)); q += n)
        if ((q == p || q[-1] == ' ') && (q[n] == ';' || !q[n])) return;
    ext_say(known, "%s%s", *p ? "; " : "", cls);
}

/* Reads the rows of kb/agent_classes.tsv whose class is cls into a. */
static onc_rc read_class(ext_agents_t *a, const char *cls, onc_strbuf_t *known, onc_err_t *err)
{
    onc_kb_text_t t = {0};
    onc_kb_rows_t r;
    static const char *const want[] = {"agent", "class", NULL};
    int col[2], ret = 0;
    onc_rc rc = onc_kb_text_load(&t, NULL, "agent_classes.tsv", err);
    if (!rc) rc = onc_kb_rows_open(&r, &t, err);
    if (!rc) rc = onc_kb_rows_columns(&r, want, col);
    while (!rc && (ret = onc_kb_rows_next(&r)) > 0) {
        if (strcasecmp(onc_kb_rows_cell(&r, col[1]), cls)) note_class(known, onc_kb_rows_cell(&r, col[1]));
        else if ((rc = add_agent(a, onc_kb_rows_cell(&r, col[0]))))
            rc = rc == ONC_ELIMIT ? onc_kb_rows_fail(&r, rc, "agent", "more than %d agents in class %s", MAX_CLASS_AGENTS, cls)
                                  : onc_err_set(err, rc, "out of memory");
    }
    if (!rc && ret < 0) rc = r.rc;
    onc_kb_text_free(&t);
    return rc;
}

/* The `agent` or `class` member of obj into c->agents; a leading '!' sets c->negated where
 * allow_negation. Neither member: an error when required, else every therapy counts. */
static onc_rc compile_agents(match_ext_cond_t *c, const json_t *obj, const ext_src_t *s, bool allow_negation,
                             bool required)
{
    const json_t *agent = json_object_get(obj, "agent"), *cls = json_object_get(obj, "class");
    if (agent && cls) return ext_fail(s, obj, "class", "give agent or class, not both");
    if (!agent && !cls) return required ? ext_fail(s, NULL, NULL, "expected an agent or a class") : ONC_OK;
    const char *member = agent ? "agent" : "class";
    const json_t *v = agent ? agent : cls;
    const char *str = json_is_string(v) ? json_string_value(v) : NULL;
    if (str && str[0] == '!') {
        if (!allow_negation) return ext_fail(s, obj, member, "'!' is not allowed here");
        c->negated = true;
        str++;
    }
    if (!str || !*str || strlen(str) > EXT_MAX_NAME)
        return ext_fail(s, obj, member, "expected %s name of at most %d bytes",
                        agent ? "an agent's (INN)" : "a class", EXT_MAX_NAME);
    if (!(c->agents.label = strdup(str))) return ONC_ENOMEM;
    c->agents.is_class = cls != NULL;
    if (agent) return add_agent(&c->agents, str);
    onc_strbuf_t known = ONC_STRBUF_INIT;
    onc_rc rc = read_class(&c->agents, str, &known, s->err);
    if (!rc && c->agents.n == 0)
        rc = ext_fail(s, obj, member, "unknown class \"%s\" (kb/agent_classes.tsv has: %s)", str, onc_strbuf_str(&known));
    onc_strbuf_free(&known);
    return rc;
}

/* The first agent of t that the criterion looks for, or NULL. */
static const char *therapy_agent(const onc_therapy_t *t, const ext_agents_t *a)
{
    for (size_t i = 0; i < t->n_agents; i++)
        for (size_t j = 0; j < a->n; j++)
            if (t->agents[i] && !strcasecmp(t->agents[i], a->names[j])) return t->agents[i];
    return NULL;
}

/* "osimertinib (line 2)" or "osimertinib". */
static void say_therapy(onc_strbuf_t *b, const char *agent, const onc_therapy_t *t)
{
    if (t->line != ONC_INT_MISSING) ext_say(b, "%s (line %d)", agent, (int)t->line);
    else ext_say(b, "%s", agent);
}

/* ---- prior_lines, line_of_therapy ---- */

onc_rc ext_compile_lines(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    return ext_compile_int_cmp(c, v, s, 0, 50);
}

/* How many prior lines the case's therapies make: lo..hi. The distinct line numbers count, and
 * a line number N says N lines were given even when earlier ones are not listed; an entry
 * without a line number may be a line of its own or part of another. */
static void count_lines(const onc_case_t *c, int *lo, int *hi)
{
    unsigned char seen[MAX_LINE_NUMBER + 1] = {0};
    int distinct = 0, max_line = 0, unnumbered = 0;
    for (size_t i = 0; i < c->n_therapies; i++) {
        int32_t l = c->therapies[i].line;
        if (l == ONC_INT_MISSING || l < 1 || l > MAX_LINE_NUMBER) {
            unnumbered++;
            continue;
        }
        if (!seen[l]) seen[l] = 1, distinct++;
        if (l > max_line) max_line = l;
    }
    *lo = distinct > max_line ? distinct : max_line;
    if (*lo == 0 && unnumbered) *lo = 1;
    *hi = distinct + unnumbered > max_line ? distinct + unnumbered : max_line;
}

/* The comparison over every count in lo..hi: met when it holds for all, not met for none. */
static onc_tri cmp_span(const ext_cmp_t *k, int lo, int hi)
{
    int yes = 0, no = 0;
    for (int v = lo; v <= hi; v++) ext_cmp_holds(k, v) ? yes++ : no++;
    return no == 0 ? ONC_TRI_TRUE : yes == 0 ? ONC_TRI_FALSE : ONC_TRI_UNKNOWN;
}

static onc_tri eval_lines(const match_ext_cond_t *c, const match_ext_env_t *env, int offset, onc_strbuf_t *text)
{
    if (env->c->n_therapies == 0) return ext_say(text, "%s", c->def->missing), ONC_TRI_UNKNOWN;
    int lo, hi;
    count_lines(env->c, &lo, &hi);
    lo += offset, hi += offset;
    onc_tri t = cmp_span(&c->cmp[0], lo, hi);
    char num[32];
    const char *what = offset ? "line " : "", *unit = offset ? "" : hi == 1 ? " prior line" : " prior lines";
    if (lo == hi) ext_say(text, "%s%d%s", what, lo, unit);
    else ext_say(text, "%s%d-%d%s", what, lo, hi, unit);
    if (t == ONC_TRI_FALSE) ext_say(text, " %s %s", ext_op_text(c->cmp[0].op, true), ext_num(c->cmp[0].v, num));
    if (t == ONC_TRI_UNKNOWN) ext_say(text, " (therapies without a line number)");
    return t;
}

onc_tri ext_eval_prior_lines(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    return eval_lines(c, env, 0, text);
}

onc_tri ext_eval_line_of_therapy(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    return eval_lines(c, env, 1, text);
}

/* ---- prior_therapy ---- */

onc_rc ext_compile_prior_therapy(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    static const char *const allowed[] = {"agent", "class", "progression", NULL};
    if (!json_is_object(v))
        return ext_fail(s, NULL, NULL, "expected {agent: INN} or {class: NAME}, with optional progression: true|false");
    onc_rc rc = ext_check_members(v, s, allowed, "agent, class or progression");
    if (!rc) rc = compile_agents(c, v, s, true, true);
    if (rc) return rc;
    const json_t *p = json_object_get(v, "progression");
    if (p && !json_is_boolean(p)) return ext_fail(s, v, "progression", "expected true or false");
    c->progression = !p ? ONC_TRI_UNKNOWN : json_is_true(p) ? ONC_TRI_TRUE : ONC_TRI_FALSE;
    return ONC_OK;
}

/* Did the disease progress on t? The `progression` field when given; else a progression date or
 * a best response of PD (progressive disease) says it did; else unknown. */
static onc_tri progressed_on(const onc_therapy_t *t)
{
    if (t->progression != ONC_TRI_UNKNOWN) return t->progression;
    if (!onc_date_is_missing(t->progression_date) || t->best_response == ONC_RECIST_PD) return ONC_TRI_TRUE;
    return ONC_TRI_UNKNOWN;
}

/* Was the agent (class) given, with the progression asked for? The text says what was found. */
static onc_tri had_therapy(const match_ext_cond_t *c, const onc_case_t *cs, onc_strbuf_t *text)
{
    const onc_therapy_t *first = NULL, *unsure = NULL;
    const char *first_agent = NULL, *unsure_agent = NULL;
    for (size_t i = 0; i < cs->n_therapies; i++) {
        const onc_therapy_t *t = &cs->therapies[i];
        const char *agent = therapy_agent(t, &c->agents);
        if (!agent) continue;
        if (!first) first = t, first_agent = agent;
        onc_tri prog = progressed_on(t);
        if (c->progression == ONC_TRI_UNKNOWN || prog == c->progression) {
            ext_say(text, "prior ");
            say_therapy(text, agent, t);
            if (c->progression != ONC_TRI_UNKNOWN)
                ext_say(text, c->progression == ONC_TRI_TRUE ? ", progressed" : ", without progression");
            return ONC_TRI_TRUE;
        }
        if (prog == ONC_TRI_UNKNOWN && !unsure) unsure = t, unsure_agent = agent;
    }
    if (unsure) {
        say_therapy(text, unsure_agent, unsure);
        ext_say(text, ": progression not recorded");
        return ONC_TRI_UNKNOWN;
    }
    if (first) {
        say_therapy(text, first_agent, first);
        ext_say(text, c->progression == ONC_TRI_TRUE ? " without progression" : ", progressed");
        return ONC_TRI_FALSE;
    }
    ext_say(text, "no prior %s", c->agents.label);
    return ONC_TRI_FALSE;
}

onc_tri ext_eval_prior_therapy(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    if (env->c->n_therapies == 0) return ext_say(text, "%s", c->def->missing), ONC_TRI_UNKNOWN;
    onc_tri t = had_therapy(c, env->c, text);
    return c->negated ? ext_not(t) : t;
}

/* ---- washout ---- */

onc_rc ext_compile_washout(match_ext_cond_t *c, const json_t *v, const ext_src_t *s)
{
    static const char *const allowed[] = {"days", "agent", "class", NULL};
    if (!json_is_object(v)) return ext_fail(s, NULL, NULL, "expected {days: N}, with optional class or agent");
    onc_rc rc = ext_check_members(v, s, allowed, "days, class or agent");
    if (rc) return rc;
    const json_t *d = json_object_get(v, "days");
    if (!json_is_integer(d) || json_integer_value(d) < 0 || json_integer_value(d) > MAX_WASHOUT_DAYS)
        return ext_fail(s, d ? v : NULL, d ? "days" : NULL, "expected days: an integer from 0 to %d", MAX_WASHOUT_DAYS);
    c->days = (int32_t)json_integer_value(d);
    return compile_agents(c, v, s, false, false);
}

onc_tri ext_eval_washout(const match_ext_cond_t *c, const match_ext_env_t *env, onc_strbuf_t *text)
{
    const onc_case_t *cs = env->c;
    if (cs->n_therapies == 0) return ext_say(text, "%s", c->def->missing), ONC_TRI_UNKNOWN;
    int32_t today = onc_date_days(env->today);
    if (today == ONC_INT_MISSING) return ext_say(text, "no comparison date"), ONC_TRI_UNKNOWN;
    const onc_therapy_t *last = NULL, *open = NULL;
    const char *open_agent = NULL;
    for (size_t i = 0; i < cs->n_therapies; i++) {
        const onc_therapy_t *t = &cs->therapies[i];
        const char *agent = c->agents.n ? therapy_agent(t, &c->agents) : t->n_agents ? t->agents[0] : "therapy";
        if (!agent) continue;
        if (onc_date_is_missing(t->end)) {
            if (!open) open = t, open_agent = agent;
        } else if (!last || onc_date_days(t->end) > onc_date_days(last->end)) {
            last = t;
        }
    }
    const char *what = c->agents.n ? c->agents.label : "systemic therapy";
    char date[11];
    if (last) {
        int32_t gap = today - onc_date_days(last->end);
        if (gap < c->days) {
            ext_say(text, "last %s ended %s (%d days < %d)", what, onc_date_format(last->end, date), (int)gap,
                    (int)c->days);
            return ONC_TRI_FALSE;
        }
    }
    if (open) {
        ext_say(text, "end date of ");
        say_therapy(text, open_agent, open);
        ext_say(text, " not recorded");
        return ONC_TRI_UNKNOWN;
    }
    if (!last) return ext_say(text, "no prior %s", what), ONC_TRI_TRUE;
    ext_say(text, "last %s ended %s (%d days >= %d)", what, onc_date_format(last->end, date),
            (int)(today - onc_date_days(last->end)), (int)c->days);
    return ONC_TRI_TRUE;
}
