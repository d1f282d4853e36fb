/* match_ctml.c: CTML trial files into a portfolio (onc_trials_load, onc_trials_validate).
 *
 * A path is a file or a directory whose *.json, *.yaml and *.yml files are read in name order.
 * A file holds one trial, a JSON array of trials, or newline-delimited JSON (mongoexport's
 * format, one trial per line), as MatchMiner's loader accepts. Each trial's
 * treatment_list.step[].arm[].dose_level[] members with a `match` list become clauses, each
 * matched on its own; suspension follows MatchMiner (arm_suspended / level_suspended "Y"; a step
 * is suspended when all its arms are) and so does the trial's open status
 * (_summary.status[0].value "open to accrual", research 2.9).
 *
 * Loading stops at the first problem (ONC_EPARSE "FILE:LINE: field F: ..."); validation runs the
 * same code with a report function and goes on, so both see exactly the same problems.
 */
#include "match_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_FILES 100000
#define NDJSON_PAD_MAX_LINE 20000 /* lines are exact in messages up to here (see parse_ndjson) */

static onc_rc oom(onc_err_t *err) { return onc_err_set(err, ONC_ENOMEM, "out of memory"); }

/* ---- metadata ---- */

/* A scalar member as text ("111" for 111), or NULL. */
static const char *member_text(onc_arena_t *a, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (json_is_string(v)) return onc_arena_strdup(a, json_string_value(v));
    if (json_is_integer(v)) return match_fmt(a, "%lld", (long long)json_integer_value(v));
    if (json_is_real(v)) return match_fmt(a, "%g", json_real_value(v));
    return NULL;
}

static bool is_yes(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    if (!s) return false;
    while (isspace((unsigned char)*s)) s++;
    return (s[0] == 'y' || s[0] == 'Y') && (s[1] == '\0' || isspace((unsigned char)s[1]));
}

static bool status_is_open(const char *s)
{
    return !strcasecmp(s, "open to accrual") || !strcasecmp(s, "open") || !strcasecmp(s, "recruiting");
}

/* MatchMiner: _summary.status[0].value, "open to accrual" when absent. */
static void trial_status(onc_arena_t *a, const json_t *root, onc_trial_t *tr)
{
    const json_t *summary = json_object_get(root, "_summary");
    const json_t *st = json_object_get(summary, "status");
    const char *s = json_string_value(json_object_get(json_array_get(st, 0), "value"));
    if (!s) s = json_string_value(json_object_get(root, "status"));
    tr->status = s ? onc_arena_strdup(a, s) : NULL;
    tr->open = !s || status_is_open(s);
    const char *cc = json_string_value(json_object_get(summary, "coordinating_center"));
    tr->coordinating_center = cc ? onc_arena_strdup(a, cc) : NULL;
}

static long protocol_digits(const char *p)
{
    if (!p) return -1;
    long v = 0;
    bool any = false;
    for (; *p; p++)
        if (isdigit((unsigned char)*p) && v < 100000000000L) v = v * 10 + (*p - '0'), any = true;
    return any ? v : -1;
}

/* ---- clauses ---- */

typedef struct clause_list {
    match_clause_t *v;
    size_t n, cap;
} clause_list_t;

static onc_rc add_clause(match_load_t *ld, clause_list_t *cl, const json_t *owner, const char *level,
                         const char *field, const char *arm, bool suspended)
{
    onc_arena_t *a = ld->t->arena;
    const json_t *match = json_object_get(owner, "match");
    if (!match || (json_is_array(match) && json_array_size(match) == 0)) return ONC_OK; /* no paths: no clause */
    if (cl->n == MATCH_MAX_CLAUSES)
        return onc_doc_fail(ld->doc, ld->err, ONC_ELIMIT, onc_doc_line(ld->doc, owner), field,
                            "more than %d clauses in one trial", MATCH_MAX_CLAUSES);
    if (cl->n == cl->cap) {
        size_t cap = cl->cap ? 2 * cl->cap : 8;
        match_clause_t *v = realloc(cl->v, cap * sizeof *v);
        if (!v) return oom(ld->err);
        cl->v = v, cl->cap = cap;
    }
    match_clause_t *c = &cl->v[cl->n];
    memset(c, 0, sizeof *c);
    static const char *const id_key[] = {"step_internal_id", "arm_internal_id", "level_internal_id"};
    static const char *const code_key[] = {"step_code", "arm_code", "level_code"};
    int k = level[0] == 's' ? 0 : level[0] == 'a' ? 1 : 2;
    c->level = level;
    c->internal_id = member_text(a, owner, id_key[k]);
    c->code = member_text(a, owner, code_key[k]);
    c->arm = arm;
    c->suspended = suspended;
    c->match_path = match_fmt(a, "%s.match", field);
    c->match = match;
    char *f = match_fmt(a, "%s.match", field);
    if (!f || !c->match_path) return oom(ld->err);
    onc_rc rc = match_tree_build(ld, match, f, c);
    if (rc != ONC_OK) return rc;
    if (!c->root) return ONC_OK; /* reported problem (validate) */
    if (json_array_append((json_t *)ld->t->keep, (json_t *)match)) return oom(ld->err);
    cl->n++;
    return ONC_OK;
}

static const char *arm_name(onc_arena_t *a, const json_t *arm)
{
    const char *s = member_text(a, arm, "arm_code");
    return s ? s : member_text(a, arm, "arm_description");
}

static onc_rc arm_clauses(match_load_t *ld, clause_list_t *cl, const json_t *arm, const char *field)
{
    onc_arena_t *a = ld->t->arena;
    const char *name = arm_name(a, arm);
    bool arm_susp = is_yes(arm, "arm_suspended");
    onc_rc rc = add_clause(ld, cl, arm, "arm", field, name, arm_susp);
    if (rc != ONC_OK) return rc;
    const json_t *levels = json_object_get(arm, "dose_level");
    for (size_t k = 0; k < json_array_size(levels); k++) {
        const json_t *lv = json_array_get(levels, k);
        char *f = match_fmt(a, "%s.dose_level[%zu]", field, k);
        if (!f) return oom(ld->err);
        if (!json_is_object(lv)) {
            if ((rc = match_problem(ld, onc_doc_line(ld->doc, lv), f, "expected a mapping"))) return rc;
            continue;
        }
        if ((rc = add_clause(ld, cl, lv, "dose", f, name, is_yes(lv, "level_suspended")))) return rc;
    }
    return ONC_OK;
}

static onc_rc step_clauses(match_load_t *ld, clause_list_t *cl, const json_t *step, const char *field)
{
    onc_arena_t *a = ld->t->arena;
    const json_t *arms = json_object_get(step, "arm");
    size_t n_arms = json_array_size(arms), n_susp = 0;
    for (size_t j = 0; j < n_arms; j++) n_susp += is_yes(json_array_get(arms, j), "arm_suspended");
    /* MatchMiner: suspended iff all arms are; a step without arms is not (docs/matching.md) */
    onc_rc rc = add_clause(ld, cl, step, "step", field, NULL, n_arms > 0 && n_susp == n_arms);
    if (rc != ONC_OK) return rc;
    for (size_t j = 0; j < n_arms; j++) {
        const json_t *arm = json_array_get(arms, j);
        char *f = match_fmt(a, "%s.arm[%zu]", field, j);
        if (!f) return oom(ld->err);
        if (!json_is_object(arm)) {
            if ((rc = match_problem(ld, onc_doc_line(ld->doc, arm), f, "expected a mapping"))) return rc;
            continue;
        }
        if ((rc = arm_clauses(ld, cl, arm, f))) return rc;
    }
    return ONC_OK;
}

static onc_rc trial_clauses(match_load_t *ld, const json_t *root, const char *prefix, clause_list_t *cl)
{
    onc_arena_t *a = ld->t->arena;
    const json_t *tl = json_object_get(root, "treatment_list");
    const json_t *steps = json_object_get(tl, "step");
    char *f = match_fmt(a, "%streatment_list.step", prefix);
    if (!f) return oom(ld->err);
    if (tl && !json_is_array(steps))
        return match_problem(ld, onc_doc_line(ld->doc, tl), f, "expected a list of steps");
    for (size_t i = 0; i < json_array_size(steps); i++) {
        const json_t *step = json_array_get(steps, i);
        char *sf = match_fmt(a, "%s[%zu]", f, i);
        if (!sf) return oom(ld->err);
        onc_rc rc;
        if (!json_is_object(step)) {
            if ((rc = match_problem(ld, onc_doc_line(ld->doc, step), sf, "expected a mapping"))) return rc;
            continue;
        }
        if ((rc = step_clauses(ld, cl, step, sf))) return rc;
    }
    return ONC_OK;
}

/* The trial-level `match` is informational in MatchMiner's curations (disease_status only); it
 * is checked like any clause so that its keys are validated, but never matched. */
static onc_rc check_trial_match(match_load_t *ld, const json_t *root, const char *prefix)
{
    const json_t *match = json_object_get(root, "match");
    if (!match) return ONC_OK;
    match_clause_t tmp;
    memset(&tmp, 0, sizeof tmp);
    char *f = match_fmt(ld->t->arena, "%smatch", prefix);
    if (!f) return oom(ld->err);
    return match_tree_build(ld, match, f, &tmp);
}

/* ---- trials ---- */

static onc_rc add_trial(match_load_t *ld, onc_trial_t *tr)
{
    onc_trials_t *t = ld->t;
    if (t->n == MATCH_MAX_TRIALS) return onc_err_set(ld->err, ONC_ELIMIT, "more than %d trials", MATCH_MAX_TRIALS);
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        onc_trial_t **v = realloc(t->trials, cap * sizeof *v);
        if (!v) return oom(ld->err);
        t->trials = v, t->cap = cap;
    }
    t->trials[t->n++] = tr;
    return ONC_OK;
}

static onc_rc load_trial(match_load_t *ld, const json_t *root, const char *prefix)
{
    onc_arena_t *a = ld->t->arena;
    uint64_t line = onc_doc_line(ld->doc, root);
    if (!json_is_object(root)) return match_problem(ld, line, prefix[0] ? prefix : NULL, "expected a trial mapping");
    onc_trial_t *tr = onc_arena_alloc(a, sizeof *tr);
    if (!tr) return oom(ld->err);
    tr->protocol_no = member_text(a, root, "protocol_no");
    tr->nct_id = member_text(a, root, "nct_id");
    tr->title = member_text(a, root, "short_title");
    if (!tr->title) tr->title = member_text(a, root, "long_title");
    tr->phase = member_text(a, root, "phase");
    tr->source = onc_arena_strdup(a, onc_doc_name(ld->doc));
    tr->protocol_digits = protocol_digits(tr->protocol_no);
    trial_status(a, root, tr);
    const char *id = tr->nct_id ? tr->nct_id : tr->protocol_no;
    onc_rc rc;
    if (!id) return match_problem(ld, line, prefix[0] ? prefix : NULL, "a trial needs protocol_no or nct_id");
    if (onc_trials_find(ld->t, id) &&
        (rc = match_problem(ld, line, prefix[0] ? prefix : NULL, "trial %s appears twice (also in %s)", id,
                            onc_trial_source(onc_trials_find(ld->t, id)))))
        return rc;
    if ((rc = check_trial_match(ld, root, prefix))) return rc;
    clause_list_t cl = {0};
    rc = trial_clauses(ld, root, prefix, &cl);
    if (rc == ONC_OK && cl.n) {
        tr->clauses = onc_arena_alloc(a, cl.n * sizeof *tr->clauses);
        if (!tr->clauses) rc = oom(ld->err);
        else memcpy(tr->clauses, cl.v, cl.n * sizeof *cl.v), tr->n_clauses = cl.n;
    }
    free(cl.v);
    return rc == ONC_OK ? add_trial(ld, tr) : rc;
}

static onc_rc load_root(match_load_t *ld, const json_t *root)
{
    if (!json_is_array(root)) return load_trial(ld, root, "");
    for (size_t i = 0; i < json_array_size(root); i++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "[%zu].", i);
        onc_rc rc = load_trial(ld, json_array_get(root, i), prefix);
        if (rc != ONC_OK) return rc;
    }
    return ONC_OK;
}

/* ---- files ---- */

static onc_rc load_doc(match_load_t *ld, onc_doc_t *doc)
{
    ld->doc = doc;
    onc_rc rc = load_root(ld, onc_doc_root(doc));
    ld->doc = NULL;
    return rc;
}

/* Newline-delimited JSON: every non-blank line starts with '{'. */
static bool looks_ndjson(const char *text, size_t len)
{
    size_t lines = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && text[j] != '\n') j++;
        size_t k = i;
        while (k < j && isspace((unsigned char)text[k])) k++;
        if (k < j) {
            if (text[k] != '{') return false;
            lines++;
        }
        i = j + 1;
    }
    return lines > 1;
}

/* Each line on its own, preceded by as many newlines as lines before it so that messages give
 * the file's line numbers (past NDJSON_PAD_MAX_LINE they count from the trial's own line). */
static onc_rc parse_ndjson(match_load_t *ld, const char *path, const char *text, size_t len)
{
    size_t line = 1;
    onc_rc rc = ONC_OK;
    for (size_t i = 0; i < len && rc == ONC_OK; line++) {
        size_t j = i;
        while (j < len && text[j] != '\n') j++;
        size_t k = i;
        while (k < j && isspace((unsigned char)text[k])) k++;
        if (k < j) {
            size_t pad = line <= NDJSON_PAD_MAX_LINE ? line - 1 : 0;
            char *buf = malloc(pad + (j - i) + 1);
            if (!buf) return oom(ld->err);
            memset(buf, '\n', pad);
            memcpy(buf + pad, text + i, j - i);
            onc_doc_t *doc = onc_doc_parse(buf, pad + (j - i), path, ONC_DOC_JSON, NULL, ld->err);
            free(buf);
            if (!doc) return ld->err ? ld->err->code : ONC_EPARSE;
            rc = load_doc(ld, doc);
            onc_doc_free(doc);
        }
        i = j + 1;
    }
    return rc;
}

static onc_rc read_all(const char *path, char **text, size_t *len, onc_err_t *err)
{
    onc_strbuf_t b = ONC_STRBUF_INIT;
    b.cap = ONC_DOC_MAX_BYTES;
    onc_rc rc = onc_strbuf_read_file(&b, path, err);
    if (rc != ONC_OK) return onc_strbuf_free(&b), rc;
    *len = b.len;
    *text = b.s ? b.s : calloc(1, 1);
    return *text ? ONC_OK : oom(err);
}

static bool ext_is(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* The trials of one document's text; name (a path, or what stands for one) gives the format by
 * its extension and names the document in messages. */
static onc_rc load_text(match_load_t *ld, const char *name, const char *text, size_t len)
{
    onc_doc_format fmt = ext_is(name, ".json") ? ONC_DOC_JSON
                         : (ext_is(name, ".yaml") || ext_is(name, ".yml")) ? ONC_DOC_YAML
                                                                           : ONC_DOC_AUTO;
    if (fmt != ONC_DOC_YAML && looks_ndjson(text, len)) return parse_ndjson(ld, name, text, len);
    onc_doc_t *doc = onc_doc_parse(text, len, name, fmt, NULL, ld->err);
    if (!doc) return ld->err && ld->err->code ? ld->err->code : ONC_EPARSE;
    onc_rc rc = load_doc(ld, doc);
    onc_doc_free(doc);
    return rc;
}

static onc_rc load_file(match_load_t *ld, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    onc_rc rc = read_all(path, &text, &len, ld->err);
    if (rc != ONC_OK) return rc;
    rc = load_text(ld, path, text, len);
    free(text);
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static onc_rc load_dir(match_load_t *ld, const char *path)
{
    DIR *d = opendir(path);
    if (!d) return onc_err_set(ld->err, ONC_EIO, "%s: %s", path, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    onc_rc rc = ONC_OK;
    struct dirent *e;
    while (rc == ONC_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (!ext_is(e->d_name, ".json") && !ext_is(e->d_name, ".yaml") && !ext_is(e->d_name, ".yml")) continue;
        if (n == MAX_FILES) rc = onc_err_set(ld->err, ONC_ELIMIT, "%s: more than %d trial files", path, MAX_FILES);
        else if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) rc = oom(ld->err);
            else names = v;
        }
        if (rc == ONC_OK) {
            size_t len = strlen(path) + strlen(e->d_name) + 2;
            if (!(names[n] = malloc(len))) rc = oom(ld->err);
            else snprintf(names[n++], len, "%s/%s", path, e->d_name);
        }
    }
    closedir(d);
    if (names) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && rc == ONC_OK; i++) rc = load_file(ld, names[i]);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return rc;
}

static onc_rc load_path(match_load_t *ld, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return onc_err_set(ld->err, ONC_EIO, "%s: %s", path, strerror(errno));
    return S_ISDIR(st.st_mode) ? load_dir(ld, path) : load_file(ld, path);
}

/* ---- the portfolio's clause index ---- */

static int cmp_gene_clause(const void *a, const void *b)
{
    const struct gene_clause *x = a, *y = b;
    int c = strcmp(x->gene, y->gene);
    return c ? c : (x->clause > y->clause) - (x->clause < y->clause);
}

static int cmp_trial_id(const void *a, const void *b)
{
    return strcmp(onc_trial_id(*(onc_trial_t *const *)a), onc_trial_id(*(onc_trial_t *const *)b));
}

static onc_rc build_index(onc_trials_t *t, onc_err_t *err)
{
    onc_trial_t **by_id = malloc((t->n ? t->n : 1) * sizeof *by_id); /* rows rank by id without strcmp */
    if (!by_id) return oom(err);
    if (t->n) memcpy(by_id, t->trials, t->n * sizeof *by_id);
    qsort(by_id, t->n, sizeof *by_id, cmp_trial_id);
    for (size_t i = 0; i < t->n; i++) by_id[i]->id_rank = i;
    free(by_id);
    size_t n = 0, n_genes = 0;
    for (size_t i = 0; i < t->n; i++) n += t->trials[i]->n_clauses;
    t->n_clauses = n;
    t->clause_at = onc_arena_alloc(t->arena, (n ? n : 1) * sizeof *t->clause_at);
    t->always = onc_arena_alloc(t->arena, (n ? n : 1) * sizeof *t->always);
    if (!t->clause_at || !t->always) return oom(err);
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++)
        for (size_t j = 0; j < t->trials[i]->n_clauses; j++) {
            match_clause_t *c = &t->trials[i]->clauses[j];
            c->index = k;
            c->trial = t->trials[i];
            c->open = t->trials[i]->open && !c->suspended;
            t->clause_at[k++] = c;
            if (c->need.any) t->always[t->n_always++] = c->index;
            else n_genes += c->need.n;
        }
    t->index = onc_arena_alloc(t->arena, (n_genes ? n_genes : 1) * sizeof *t->index);
    if (!t->index) return oom(err);
    for (size_t c = 0; c < n; c++)
        for (size_t g = 0; !t->clause_at[c]->need.any && g < t->clause_at[c]->need.n; g++)
            t->index[t->n_index++] = (struct gene_clause){t->clause_at[c]->need.genes[g], c};
    qsort(t->index, t->n_index, sizeof *t->index, cmp_gene_clause);
    return ONC_OK;
}

static onc_trials_t *trials_new(void)
{
    onc_trials_t *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->arena = onc_arena_new();
    t->keep = json_array();
    if (!t->arena || !t->keep) return onc_trials_free(t), NULL;
    return t;
}

onc_rc match_trials_load_ex(const char *path, const onc_match_ctx_t *ctx, bool generic, onc_trials_t **out,
                            onc_err_t *err)
{
    *out = NULL;
    onc_trials_t *t = trials_new();
    if (!t) return oom(err);
    match_load_t ld = {.ctx = ctx, .t = t, .generic_leaves = generic, .err = err};
    onc_rc rc = load_path(&ld, path);
    if (rc == ONC_OK) rc = build_index(t, err);
    if (rc != ONC_OK) return onc_trials_free(t), rc;
    *out = t;
    return ONC_OK;
}

onc_rc onc_trials_load(const char *path, const onc_match_ctx_t *ctx, onc_trials_t **out, onc_err_t *err)
{
    return match_trials_load_ex(path, ctx, false, out, err);
}

/* The documents of a request or of the registry: texts[i] read as a file named names[i]. */
typedef struct text_set {
    const char *const *names, *const *texts;
    size_t n;
} text_set_t;

static onc_rc load_text_set(match_load_t *ld, const text_set_t *s)
{
    onc_rc rc = ONC_OK;
    for (size_t i = 0; i < s->n && rc == ONC_OK; i++) {
        size_t len = strlen(s->texts[i]);
        rc = len > ONC_DOC_MAX_BYTES ? onc_err_set(ld->err, ONC_ELIMIT, "%s: larger than %zu bytes", s->names[i],
                                                   (size_t)ONC_DOC_MAX_BYTES)
                                     : load_text(ld, s->names[i], s->texts[i], len);
    }
    return rc;
}

onc_rc onc_trials_load_texts(const char *const *names, const char *const *texts, size_t n,
                             const onc_match_ctx_t *ctx, onc_trials_t **out, onc_err_t *err)
{
    *out = NULL;
    onc_trials_t *t = trials_new();
    if (!t) return oom(err);
    match_load_t ld = {.ctx = ctx, .t = t, .err = err};
    text_set_t set = {names, texts, n};
    onc_rc rc = load_text_set(&ld, &set);
    if (rc == ONC_OK) rc = build_index(t, err);
    if (rc != ONC_OK) return onc_trials_free(t), rc;
    *out = t;
    return ONC_OK;
}

/* Loads path (set NULL) or the texts of set with every problem reported: their count, or -1. */
static long validate_source(const char *path, const text_set_t *set, const onc_match_ctx_t *ctx,
                            void (*report)(const char *msg, void *rctx), void *rctx, onc_err_t *err)
{
    onc_trials_t *t = trials_new();
    if (!t) return oom(err), -1;
    match_load_t ld = {.ctx = ctx, .t = t, .report = report, .rctx = rctx, .err = err};
    onc_rc rc = set ? load_text_set(&ld, set) : load_path(&ld, path);
    long problems = ld.problems;
    onc_trials_free(t);
    return rc == ONC_OK ? problems : -1;
}

long onc_trials_validate(const char *path, const onc_match_ctx_t *ctx,
                         void (*report)(const char *msg, void *rctx), void *rctx, onc_err_t *err)
{
    return validate_source(path, NULL, ctx, report, rctx, err);
}

long onc_trials_validate_texts(const char *const *names, const char *const *texts, size_t n,
                               const onc_match_ctx_t *ctx, void (*report)(const char *msg, void *rctx), void *rctx,
                               onc_err_t *err)
{
    text_set_t set = {names, texts, n};
    return validate_source(NULL, &set, ctx, report, rctx, err);
}

void onc_trials_free(onc_trials_t *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n_ext; i++) match_ext_free(t->ext[i]);
    free(t->ext);
    free(t->trials);
    json_decref(t->keep);
    onc_arena_free(t->arena);
    free(t);
}

size_t onc_trials_count(const onc_trials_t *t) { return t ? t->n : 0; }
const onc_trial_t *onc_trials_at(const onc_trials_t *t, size_t i) { return t && i < t->n ? t->trials[i] : NULL; }

const onc_trial_t *onc_trials_find(const onc_trials_t *t, const char *id)
{
    if (!t || !id) return NULL;
    for (size_t i = 0; i < t->n; i++) {
        const onc_trial_t *tr = t->trials[i];
        if ((tr->nct_id && !strcmp(tr->nct_id, id)) || (tr->protocol_no && !strcmp(tr->protocol_no, id))) return tr;
    }
    return NULL;
}

const char *onc_trial_id(const onc_trial_t *tr) { return tr->nct_id ? tr->nct_id : tr->protocol_no; }
const char *onc_trial_protocol_no(const onc_trial_t *tr) { return tr->protocol_no; }
const char *onc_trial_nct_id(const onc_trial_t *tr) { return tr->nct_id; }
const char *onc_trial_title(const onc_trial_t *tr) { return tr->title; }
const char *onc_trial_phase(const onc_trial_t *tr) { return tr->phase; }
bool onc_trial_is_open(const onc_trial_t *tr) { return tr->open; }
const char *onc_trial_source(const onc_trial_t *tr) { return tr->source; }
