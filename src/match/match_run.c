/* match_run.c: patients x trials x clauses (onc_match_run).
 *
 * Each worker thread takes a contiguous block of patients and has its own scratch and arena,
 * so rows never depend on the number of threads; blocks are joined in patient order. For each
 * patient the clauses worth evaluating are found through the portfolio's gene index: a clause
 * whose necessary genes (match_tree.c) the patient has no event of cannot be eligible or
 * potential, so it is skipped unless ineligible rows are asked for. The tree is evaluated once
 * without texts (short-circuiting) and again with texts only for the rows that are written.
 *
 * Rows of a patient are ranked: eligible, potential, ineligible; open before closed; then
 * MatchMiner's sort dimensions; then trial id and clause order (docs/matching.md).
 */
#include "match_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64

struct onc_match_result {
    onc_arena_t **arenas;
    size_t n_arenas;
    onc_match_row_t *rows;
    size_t n_rows;
    onc_match_record_t *records;
    size_t n_records;
};

const char *onc_match_status_name(onc_match_status s)
{
    switch (s) {
    case ONC_MATCH_ELIGIBLE: return "eligible";
    case ONC_MATCH_POTENTIAL: return "potential";
    case ONC_MATCH_INELIGIBLE: return "ineligible";
    }
    return "ineligible";
}

void onc_match_opts_init(onc_match_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->semantics = ONC_MATCH_SEM_ONCOBOARD;
}

/* ---- per-thread work ---- */

typedef struct worker {
    const onc_trials_t *t;
    const onc_match_patient_t *const *patients;
    size_t from, to;
    const onc_match_opts_t *opts;
    const onc_match_ctx_t *ctx;
    const onc_trial_t *only;
    mm_paths_t **paths;        /* per clause: MatchMiner's graph (its semantics, records) or NULL */
    const size_t *extra;       /* clauses evaluated for everyone under MatchMiner's semantics */
    size_t n_extra;
    onc_date_t today;
    onc_arena_t *arena;
    match_scratch_t s;
    size_t *stamp;             /* per clause: patient number + 1 when a candidate */
    size_t *cand;
    onc_match_row_t *rows;
    size_t n_rows, cap_rows;
    onc_match_record_t *records;
    size_t n_records, cap_records;
    onc_rc rc;
    onc_err_t err;
} worker_t;

static int grow(void **p, size_t *cap, size_t elem)
{
    size_t c = *cap ? 2 * *cap : 64;
    void *q = realloc(*p, c * elem);
    if (!q) return -1;
    *p = q, *cap = c;
    return 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static void mark_gene(worker_t *w, const char *gene, size_t stamp, size_t *n)
{
    const onc_trials_t *t = w->t;
    size_t lo = 0, hi = t->n_index;
    while (lo < hi) { /* first entry >= gene */
        size_t mid = (lo + hi) / 2;
        if (strcmp(t->index[mid].gene, gene) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (; lo < t->n_index && !strcmp(t->index[lo].gene, gene); lo++) {
        size_t c = t->index[lo].clause;
        if (w->stamp[c] != stamp) w->stamp[c] = stamp, w->cand[(*n)++] = c;
    }
}

/* The clauses to evaluate for patient number i, in portfolio order. */
static size_t candidates(worker_t *w, const onc_match_patient_t *p, size_t i)
{
    const onc_trials_t *t = w->t;
    size_t n = 0, stamp = i + 1;
    if (w->opts->include_ineligible) {
        for (size_t c = 0; c < t->n_clauses; c++) w->cand[n++] = c;
        return n;
    }
    for (size_t k = 0; k < t->n_always; k++)
        if (w->stamp[t->always[k]] != stamp) w->stamp[t->always[k]] = stamp, w->cand[n++] = t->always[k];
    for (size_t k = 0; k < w->n_extra; k++)
        if (w->stamp[w->extra[k]] != stamp) w->stamp[w->extra[k]] = stamp, w->cand[n++] = w->extra[k];
    for (size_t e = 0; e < p->n_events; e++) {
        const match_event_t *ev = &p->events[e];
        if (ev->gene) mark_gene(w, ev->gene, stamp, &n);
    }
    qsort(w->cand, n, sizeof *w->cand, cmp_size);
    return n;
}

/* ---- rows ---- */

/* Texts of kind k from the scratch, de-duplicated, in the row's arena. */
static const char **collect(worker_t *w, text_kind k, size_t *n_out)
{
    size_t n = 0;
    for (size_t i = 0; i < w->s.n_texts; i++) n += w->s.texts[i].kind == k;
    *n_out = 0;
    if (!n) return NULL;
    const char **v = onc_arena_alloc(w->arena, n * sizeof *v);
    if (!v) return w->rc = ONC_ENOMEM, NULL;
    for (size_t i = 0; i < w->s.n_texts; i++) {
        if (w->s.texts[i].kind != k) continue;
        const char *s = w->s.pool.s + w->s.texts[i].off;
        bool dup = false;
        for (size_t j = 0; j < *n_out && !dup; j++) dup = !strcmp(v[j], s);
        if (dup) continue;
        if (!(v[(*n_out)++] = onc_arena_strdup(w->arena, s))) return w->rc = ONC_ENOMEM, NULL;
    }
    return v;
}

static int event_sort_value(const match_event_t *e)
{
    static const int tiers[] = {99, 50, 60, 80, 90};
    int best = 99;
    if (e->tier >= 1 && e->tier <= 4) best = tiers[e->tier];
    if (e->cnv_call) {
        static const struct { const char *s; int v; } cnv[] = {{"Homozygous deletion", 70},
            {"High level amplification", 71}, {"Gain", 72}, {"Heterozygous deletion", 73}};
        for (size_t i = 0; i < 4; i++)
            if (!strcmp(e->cnv_call, cnv[i].s) && cnv[i].v < best) best = cnv[i].v;
    }
    for (int i = 0; i < MATCH_SIG_COUNT; i++)
        if (e->signature[i] && !strcmp(e->signature[i], "Yes") && best > 40) best = 40;
    if (e->wildtype != ONC_TRI_UNKNOWN && best > 100) best = 100;
    return best;
}

static void min_into(int *d, int v) { if (v < *d) *d = v; }

/* MatchMiner's sort dimensions 1-3 of the met genomic and TMB criteria. */
static void sort_dims(const match_node_t *n, match_env_t *env, int *so)
{
    if (n->kind != NODE_LEAF) {
        for (size_t i = 0; i < n->n_kids; i++) sort_dims(n->kids[i], env, so);
        return;
    }
    const match_crit_t *c = n->crit;
    if (c->kind == CRIT_TMB) {
        if (match_eval_node(n, env).v == ONC_TRI_TRUE) min_into(&so[1], 30);
        return;
    }
    if (c->kind != CRIT_GENOMIC) return;
    const gen_crit_t *g = &c->u.gen;
    if (g->exclusion) {
        if (match_eval_node(n, env).v == ONC_TRI_TRUE) min_into(&so[2], g->protein_change ? 0 : 1);
        return;
    }
    for (size_t i = 0; i < env->p->n_events; i++) {
        const match_event_t *e = &env->p->events[i];
        if (!match_event_satisfies(g, e, env->p, env->sem, env->ctx)) continue;
        if (g->mmr_status) min_into(&so[1], 20);
        else if (e->category == MATCH_CAT_SIGNATURE) min_into(&so[1], 40 + (event_sort_value(e) != 40) * 59);
        else min_into(&so[1], event_sort_value(e));
        bool variant = (g->protein_change || g->wildcard) && e->protein_change;
        if (g->category == GCAT_SV) variant = g->left_kind == PARTNER_GENE && g->right_kind == PARTNER_GENE;
        if (!g->mmr_status && e->category != MATCH_CAT_SIGNATURE) min_into(&so[2], variant ? 0 : 1);
        if (e->category == MATCH_CAT_SV) min_into(&so[3], 0);
        /* MatchMiner hides matches made through the free-text comment (show_in_ui false: -1) */
        if (g->category == GCAT_SV && !e->structured_sv && env->sem == ONC_MATCH_SEM_MATCHMINER) so[0] = -1;
    }
}

static bool clause_open(const onc_trial_t *tr, const match_clause_t *cl) { return tr->open && !cl->suspended; }

static void fill_sort(const onc_trial_t *tr, const match_clause_t *cl, match_env_t *env, int *so)
{
    for (int i = 0; i < 7; i++) so[i] = 99;
    match_env_t quiet = *env;
    quiet.s = NULL;
    sort_dims(cl->root, &quiet, so);
    if (so[0] != -1) so[0] = clause_open(tr, cl) ? 1 : -1;
    if (tr->coordinating_center && !strcmp(tr->coordinating_center, "Dana-Farber Cancer Institute")) so[5] = 0;
    so[6] = tr->protocol_digits < 0 ? 0 : (int)(tr->protocol_digits % 1000000000L);
}

static onc_rc add_row(worker_t *w, const onc_match_patient_t *p, const onc_trial_t *tr, const match_clause_t *cl,
                      onc_match_status st, match_env_t *env)
{
    if (w->n_rows == w->cap_rows && grow((void **)&w->rows, &w->cap_rows, sizeof *w->rows)) return ONC_ENOMEM;
    onc_match_row_t *r = &w->rows[w->n_rows];
    memset(r, 0, sizeof *r);
    r->patient = p;
    r->case_id = p->id;
    r->trial = tr;
    r->level = cl->level;
    r->internal_id = cl->internal_id;
    r->code = cl->code;
    r->arm = cl->arm;
    r->match_path = cl->match_path;
    r->status = st;
    r->open = clause_open(tr, cl);
    r->cancer_type_match = cl->has_solid ? "all_solid" : cl->has_liquid ? "all_liquid" : "specific";
    r->reasons = collect(w, TEXT_REASON, &r->n_reasons);
    r->unknown = collect(w, TEXT_UNKNOWN, &r->n_unknown);
    r->failed = collect(w, TEXT_FAILED, &r->n_failed);
    fill_sort(tr, cl, env, r->sort_order);
    if (w->rc != ONC_OK) return w->rc;
    w->n_rows++;
    return ONC_OK;
}

/* ---- MatchMiner's records ---- */

static bool same_query(const match_crit_t *a, const match_crit_t *b)
{
    if (a == b) return true;
    if (a->kind != b->kind) return false;
    if (a->kind == CRIT_GENOMIC) return json_equal((json_t *)a->src, (json_t *)b->src);
    return !strcmp(a->key, b->key) &&
           json_equal(json_object_get(a->src, a->key), json_object_get(b->src, b->key));
}

typedef struct path_crit {
    const match_crit_t *c;
    int depth;
} path_crit_t;

/* A path's criteria in MatchMiner's order, duplicates dropped; returns how many. */
static size_t path_criteria(const match_clause_t *cl, const mm_path_t *path, path_crit_t *out, size_t max)
{
    size_t n = 0;
    for (size_t gi = 0; gi < path->n; gi++) {
        const mm_group_t *g = &path->groups[gi];
        for (size_t k = 0; k < g->n; k++) {
            const mm_criterion_t *mc = &g->crit[k];
            const char *kinds[64];
            const json_t *vals[64];
            size_t nk = 0;
            if (mc->label) kinds[nk] = mc->label, vals[nk++] = mc->value;
            else {
                const char *key;
                json_t *v;
                json_object_foreach((json_t *)mc->value, key, v) {
                    if (nk < 64 && strncmp(key, "and", 3) && strncmp(key, "or", 2)) kinds[nk] = key, vals[nk++] = v;
                }
            }
            for (size_t j = 0; j < nk; j++) {
                const char *key;
                json_t *v;
                const match_crit_t *found[64];
                size_t nf = 0;
                if (!strcmp(kinds[j], "clinical")) {
                    json_object_foreach((json_t *)vals[j], key, v) {
                        const match_crit_t *c = match_clause_find_crit(cl, vals[j], key);
                        if (c && nf < 64) found[nf++] = c;
                    }
                } else {
                    const match_crit_t *c = match_clause_find_crit(cl, vals[j], NULL);
                    if (c) found[nf++] = c;
                }
                for (size_t f = 0; f < nf; f++) {
                    bool dup = false;
                    for (size_t q = 0; q < n && !dup; q++) dup = same_query(out[q].c, found[f]);
                    if (!dup && n < max) out[n++] = (path_crit_t){found[f], g->depth};
                }
            }
        }
    }
    return n;
}

static onc_rc add_record(worker_t *w, size_t row, size_t path, const char *incl, const char *type,
                         const char *alteration, const char *match_type, const char *gid, int depth, int width)
{
    if (w->n_records == w->cap_records && grow((void **)&w->records, &w->cap_records, sizeof *w->records))
        return ONC_ENOMEM;
    onc_match_record_t *r = &w->records[w->n_records++];
    memset(r, 0, sizeof *r);
    r->row = (const onc_match_row_t *)(uintptr_t)row; /* an index until the rows are joined */
    r->inclusion = incl;
    r->reason_type = type;
    r->genomic_alteration = alteration ? onc_arena_strdup(w->arena, alteration) : NULL;
    r->match_type = match_type;
    r->genomic_id = gid;
    r->q_depth = depth;
    r->q_width = width;
    r->path_index = path;
    memcpy(r->sort_order, w->rows[row].sort_order, sizeof r->sort_order);
    return alteration && !r->genomic_alteration ? ONC_ENOMEM : ONC_OK;
}

/* v2.2.3's text of a satisfied exclusion: "!GENE", or the structural-variant forms. */
static void exclusion_alteration(const gen_crit_t *g, const onc_match_patient_t *p, match_env_t *env,
                                 onc_strbuf_t *b)
{
    onc_strbuf_clear(b);
    onc_rc rc;
    if (g->category == GCAT_SV) {
        static const onc_date_t cut = {2018, 12, 1};
        bool structured = env->sem == ONC_MATCH_SEM_MATCHMINER
                              ? !onc_date_is_missing(p->report_date) &&
                                    (p->report_date.year * 10000 + p->report_date.month * 100 + p->report_date.day >=
                                     cut.year * 10000 + cut.month * 100 + cut.day)
                              : g->partner != NULL;
        if (structured) {
            const char *l = g->gene ? g->gene : "", *r = g->partner ? g->partner : "";
            rc = onc_strbuf_printf(b, "!%s%s%s Structural Variation", l, *l && *r ? "-" : "", r);
        } else rc = onc_strbuf_printf(b, "!%s Structural Variation", g->gene ? g->gene : "None");
    } else rc = onc_strbuf_printf(b, "!%s", g->gene && !g->gene_ignored ? g->gene : "");
    (void)rc;
}

static onc_rc path_records(worker_t *w, const match_clause_t *cl, size_t row, size_t pi, const mm_path_t *path,
                           match_env_t *env)
{
    path_crit_t pc[256];
    size_t n = path_criteria(cl, path, pc, 256);
    match_env_t quiet = *env;
    quiet.s = NULL;
    for (size_t i = 0; i < n; i++) {
        match_node_t leaf = {.kind = NODE_LEAF, .crit = (match_crit_t *)pc[i].c};
        if (match_eval_node(&leaf, &quiet).v != ONC_TRI_TRUE) return ONC_OK; /* the path does not match */
    }
    size_t before = w->n_records;
    onc_rc rc = ONC_OK;
    onc_strbuf_t *b = &w->s.tmp;
    for (size_t i = 0; i < n && rc == ONC_OK; i++) {
        const match_crit_t *c = pc[i].c;
        if (c->kind == CRIT_TMB) {
            char buf[64], text[80];
            match_py_float(env->p->tmb, buf, sizeof buf);
            snprintf(text, sizeof text, "TMB = %s", buf);
            rc = add_record(w, row, pi, "incl", "clinical", text, "tmb", NULL, pc[i].depth, 1);
            continue;
        }
        if (c->kind != CRIT_GENOMIC) continue;
        const gen_crit_t *g = &c->u.gen;
        if (g->exclusion) {
            exclusion_alteration(g, env->p, env, b);
            rc = add_record(w, row, pi, "excl", "genomic", onc_strbuf_str(b), g->protein_change ? "variant" : "gene",
                            NULL, pc[i].depth, -1);
            continue;
        }
        int width = 0;
        for (size_t e = 0; e < env->p->n_events; e++)
            width += match_event_satisfies(g, &env->p->events[e], env->p, env->sem, env->ctx);
        for (size_t e = 0; e < env->p->n_events && rc == ONC_OK; e++) {
            const match_event_t *ev = &env->p->events[e];
            if (!match_event_satisfies(g, ev, env->p, env->sem, env->ctx)) continue;
            const char *mt;
            onc_strbuf_clear(b);
            if ((rc = match_event_alteration(g, ev, env->sem == ONC_MATCH_SEM_MATCHMINER, b, &mt)) != ONC_OK) break;
            rc = add_record(w, row, pi, "incl", "genomic", onc_strbuf_str(b), mt, ev->id, pc[i].depth, width);
        }
    }
    if (rc == ONC_OK && w->n_records == before)
        rc = add_record(w, row, pi, "generic_only", "clinical", NULL, "generic_clinical", NULL, 0, 1);
    return rc;
}

static onc_rc clause_records(worker_t *w, const match_clause_t *cl, match_env_t *env)
{
    const mm_paths_t *paths = w->paths[cl->index];
    size_t row = w->n_rows - 1;
    for (size_t i = 0; i < mm_paths_count(paths); i++) {
        onc_rc rc = path_records(w, cl, row, i, mm_paths_at(paths, i), env);
        if (rc != ONC_OK) return rc;
    }
    return ONC_OK;
}

/* ---- one patient ---- */

static onc_match_status status_of(match_val_t v, onc_match_semantics sem)
{
    if (v.v == ONC_TRI_TRUE) return ONC_MATCH_ELIGIBLE;
    if (sem == ONC_MATCH_SEM_ONCOBOARD && v.v == ONC_TRI_UNKNOWN && v.opt) return ONC_MATCH_POTENTIAL;
    return ONC_MATCH_INELIGIBLE;
}

static int cmp_rows(const void *a, const void *b)
{
    const onc_match_row_t *x = a, *y = b;
    if (x->status != y->status) return x->status < y->status ? -1 : 1;
    if (x->sort_order[0] != y->sort_order[0]) return x->sort_order[0] > y->sort_order[0] ? -1 : 1;
    for (int i = 1; i < 6; i++)
        if (x->sort_order[i] != y->sort_order[i]) return x->sort_order[i] < y->sort_order[i] ? -1 : 1;
    if (x->trial->id_rank != y->trial->id_rank) return x->trial->id_rank < y->trial->id_rank ? -1 : 1;
    return strcmp(x->match_path, y->match_path) < 0 ? -1 : x->match_path == y->match_path ? 0 : 1;
}

/* Ranks a patient's rows; records follow their rows (their row numbers are remapped). */
static onc_rc rank_rows(worker_t *w, size_t first_row, size_t first_record)
{
    size_t n = w->n_rows - first_row;
    if (n < 2) return ONC_OK;
    if (w->n_records == first_record) {
        qsort(w->rows + first_row, n, sizeof *w->rows, cmp_rows);
        return ONC_OK;
    }
    /* remember each row's old number in its patient field's neighbour: sort copies */
    onc_match_row_t *copy = malloc(n * sizeof *copy);
    size_t *old_to_new = malloc(n * sizeof *old_to_new);
    size_t *order = malloc(n * sizeof *order);
    if (!copy || !old_to_new || !order) return free(copy), free(old_to_new), free(order), ONC_ENOMEM;
    memcpy(copy, w->rows + first_row, n * sizeof *copy);
    for (size_t i = 0; i < n; i++) order[i] = i;
    for (size_t i = 1; i < n; i++) /* insertion sort by cmp_rows: a patient has few rows */
        for (size_t j = i; j > 0 && cmp_rows(&copy[order[j - 1]], &copy[order[j]]) > 0; j--) {
            size_t t = order[j];
            order[j] = order[j - 1], order[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) w->rows[first_row + i] = copy[order[i]], old_to_new[order[i]] = i;
    for (size_t r = first_record; r < w->n_records; r++) {
        size_t old = (size_t)(uintptr_t)w->records[r].row - first_row;
        w->records[r].row = (const onc_match_row_t *)(uintptr_t)(first_row + old_to_new[old]);
    }
    /* records stay grouped by row: stable re-ordering by their new row number */
    size_t nr = w->n_records - first_record;
    onc_match_record_t *rc = malloc(nr * sizeof *rc);
    if (!rc) return free(copy), free(old_to_new), free(order), ONC_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t r = first_record; r < w->n_records; r++)
            if ((size_t)(uintptr_t)w->records[r].row == first_row + i) rc[k++] = w->records[r];
    memcpy(w->records + first_record, rc, nr * sizeof *rc);
    free(rc), free(copy), free(old_to_new), free(order);
    return ONC_OK;
}

static onc_rc match_patient(worker_t *w, size_t i)
{
    const onc_match_patient_t *p = w->patients[i];
    const onc_match_opts_t *o = w->opts;
    if (p->deceased == ONC_TRI_TRUE && !o->match_on_deceased) return ONC_OK;
    size_t n = candidates(w, p, i);
    size_t first_row = w->n_rows, first_record = w->n_records;
    match_env_t env = {.p = p, .sem = o->semantics, .today = w->today, .ctx = w->ctx};
    for (size_t k = 0; k < n; k++) {
        const match_clause_t *cl = w->t->clause_at[w->cand[k]];
        const onc_trial_t *tr = cl->trial;
        if (w->only && tr != w->only) continue;
        if (!o->match_on_closed && !clause_open(tr, cl)) continue;
        env.s = NULL;
        match_val_t v;
        if (o->semantics == ONC_MATCH_SEM_MATCHMINER) /* MatchMiner decides on its graph */
            v.v = mm_paths_met(w->paths[cl->index], &env) ? ONC_TRI_TRUE : ONC_TRI_FALSE, v.opt = false;
        else v = match_eval_node(cl->root, &env);
        onc_match_status st = status_of(v, o->semantics);
        if (st == ONC_MATCH_INELIGIBLE && !o->include_ineligible) continue;
        w->s.n_texts = 0;
        onc_strbuf_clear(&w->s.pool);
        env.s = &w->s;
        env.rc = ONC_OK;
        (void)match_eval_node(cl->root, &env);
        if (env.rc != ONC_OK) return env.rc;
        onc_rc rc = add_row(w, p, tr, cl, st, &env);
        if (rc == ONC_OK && o->records && st == ONC_MATCH_ELIGIBLE) rc = clause_records(w, cl, &env);
        if (rc != ONC_OK) return rc;
    }
    return rank_rows(w, first_row, first_record);
}

static void *work(void *arg)
{
    worker_t *w = arg;
    for (size_t i = w->from; i < w->to && w->rc == ONC_OK; i++) w->rc = match_patient(w, i);
    return NULL;
}

/* ---- the run ---- */

static onc_date_t today_utc(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return (onc_date_t){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

static unsigned thread_count(const onc_match_opts_t *o, size_t n)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned t = o->threads ? o->threads : (unsigned)(cores > 0 ? cores : 1);
    if (t > MAX_THREADS) t = MAX_THREADS;
    if (t > n) t = n ? (unsigned)n : 1;
    return t;
}

static void free_paths(mm_paths_t **paths, size_t n)
{
    if (!paths) return;
    for (size_t i = 0; i < n; i++) mm_paths_free(paths[i]);
    free(paths);
}

static onc_rc build_paths(const onc_trials_t *t, const onc_trial_t *only, size_t max, mm_paths_t ***out,
                          onc_err_t *err)
{
    mm_paths_t **paths = calloc(t->n_clauses ? t->n_clauses : 1, sizeof *paths);
    if (!paths) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    for (size_t c = 0; c < t->n_clauses; c++) {
        const match_clause_t *cl = t->clause_at[c];
        if (only && cl->trial != only) continue;
        onc_err_t e = {0};
        if (mm_paths_build(cl->match, max, &paths[c], &e) != ONC_OK ||
            (e.code = mm_paths_resolve(paths[c], cl)) != ONC_OK) {
            if (e.code == ONC_ENOMEM) snprintf(e.msg, sizeof e.msg, "out of memory");
            onc_rc rc = onc_err_set(err, e.code, "%s: field %s: %s", onc_trial_source(cl->trial), cl->match_path, e.msg);
            free_paths(paths, t->n_clauses);
            return rc;
        }
    }
    *out = paths;
    return ONC_OK;
}

static void worker_free(worker_t *w)
{
    match_scratch_free(&w->s);
    free(w->stamp);
    free(w->cand);
    free(w->rows);
    free(w->records);
    onc_arena_free(w->arena);
}

/* Joins the workers' rows and records in patient order into r. */
static onc_rc join(worker_t *w, unsigned n, onc_match_result_t *r)
{
    size_t rows = 0, recs = 0;
    for (unsigned i = 0; i < n; i++) rows += w[i].n_rows, recs += w[i].n_records;
    r->rows = calloc(rows ? rows : 1, sizeof *r->rows);
    r->records = calloc(recs ? recs : 1, sizeof *r->records);
    r->arenas = calloc(n, sizeof *r->arenas);
    if (!r->rows || !r->records || !r->arenas) return ONC_ENOMEM;
    for (unsigned i = 0; i < n; i++) {
        size_t base = r->n_rows;
        if (w[i].n_rows) memcpy(r->rows + base, w[i].rows, w[i].n_rows * sizeof *r->rows);
        r->n_rows += w[i].n_rows;
        for (size_t k = 0; k < w[i].n_records; k++) {
            onc_match_record_t rec = w[i].records[k];
            rec.row = &r->rows[base + (size_t)(uintptr_t)rec.row];
            r->records[r->n_records++] = rec;
        }
        r->arenas[r->n_arenas++] = w[i].arena;
        w[i].arena = NULL;
    }
    return ONC_OK;
}

static onc_rc run_workers(worker_t *w, unsigned nt)
{
    pthread_t th[MAX_THREADS];
    bool started[MAX_THREADS] = {0};
    for (unsigned i = 1; i < nt; i++) started[i] = pthread_create(&th[i], NULL, work, &w[i]) == 0;
    work(&w[0]);
    for (unsigned i = 1; i < nt; i++) {
        if (started[i]) pthread_join(th[i], NULL);
        else work(&w[i]); /* no thread: do it here */
    }
    for (unsigned i = 0; i < nt; i++)
        if (w[i].rc != ONC_OK) return w[i].rc;
    return ONC_OK;
}

onc_rc onc_match_run(const onc_trials_t *trials, const onc_match_patient_t *const *patients, size_t n,
                     const onc_match_opts_t *opts, const onc_match_ctx_t *ctx, onc_match_result_t **out,
                     onc_err_t *err)
{
    *out = NULL;
    onc_match_opts_t def;
    if (!opts) onc_match_opts_init(&def), opts = &def;
    const onc_trial_t *only = NULL;
    if (opts->trial_id && !(only = onc_trials_find(trials, opts->trial_id)))
        return onc_err_set(err, ONC_ENOTFOUND, "no trial %s in the portfolio", opts->trial_id);
    mm_paths_t **paths = NULL;
    bool mm = opts->semantics == ONC_MATCH_SEM_MATCHMINER;
    onc_rc rc = opts->records || mm ? build_paths(trials, only, opts->records ? MATCH_MAX_PATHS : 0, &paths, err)
                                    : ONC_OK;
    if (rc != ONC_OK) return rc;
    size_t *extra = calloc(trials->n_clauses + 1, sizeof *extra), n_extra = 0;
    if (!extra) rc = ONC_ENOMEM;
    for (size_t c = 0; mm && extra && c < trials->n_clauses; c++)
        if (paths[c] && !mm_paths_need_within(paths[c], &trials->clause_at[c]->need)) extra[n_extra++] = c;
    unsigned nt = thread_count(opts, n);
    worker_t *w = calloc(nt, sizeof *w);
    onc_match_result_t *r = calloc(1, sizeof *r);
    if (!w || !r) rc = ONC_ENOMEM;
    onc_date_t today = onc_date_is_missing(opts->comparison_date) ? today_utc() : opts->comparison_date;
    for (unsigned i = 0; rc == ONC_OK && i < nt; i++) {
        w[i] = (worker_t){.t = trials, .patients = patients, .from = n * i / nt, .to = n * (i + 1) / nt,
                          .opts = opts, .ctx = ctx, .only = only, .paths = paths, .today = today,
                          .extra = extra, .n_extra = n_extra};
        w[i].arena = onc_arena_new();
        w[i].stamp = calloc(trials->n_clauses + 1, sizeof *w[i].stamp);
        w[i].cand = calloc(trials->n_clauses + 1, sizeof *w[i].cand);
        if (!w[i].arena || !w[i].stamp || !w[i].cand) rc = ONC_ENOMEM;
    }
    if (rc == ONC_OK) rc = run_workers(w, nt);
    if (rc == ONC_OK) rc = join(w, nt, r);
    for (unsigned i = 0; w && i < nt; i++) worker_free(&w[i]);
    free(w);
    free(extra);
    free_paths(paths, trials->n_clauses);
    if (rc != ONC_OK) {
        onc_match_result_free(r);
        return onc_err_set(err, rc, "matching: %s", onc_strerror(rc));
    }
    *out = r;
    return ONC_OK;
}

size_t onc_match_result_rows(const onc_match_result_t *r) { return r ? r->n_rows : 0; }
const onc_match_row_t *onc_match_result_row(const onc_match_result_t *r, size_t i)
{
    return r && i < r->n_rows ? &r->rows[i] : NULL;
}
size_t onc_match_result_records(const onc_match_result_t *r) { return r ? r->n_records : 0; }
const onc_match_record_t *onc_match_result_record(const onc_match_result_t *r, size_t i)
{
    return r && i < r->n_records ? &r->records[i] : NULL;
}

void onc_match_result_free(onc_match_result_t *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_arenas; i++) onc_arena_free(r->arenas[i]);
    free(r->arenas);
    free(r->rows);
    free(r->records);
    free(r);
}

static const match_crit_t *find_crit(const match_node_t *n, const json_t *src, const char *key)
{
    if (n->kind == NODE_LEAF) {
        const match_crit_t *c = n->crit;
        if (c->src != src) return NULL;
        if (key ? (c->kind != CRIT_GENOMIC && !strcmp(c->key, key)) : true) return c;
        return NULL;
    }
    for (size_t i = 0; i < n->n_kids; i++) {
        const match_crit_t *c = find_crit(n->kids[i], src, key);
        if (c) return c;
    }
    return NULL;
}

const match_crit_t *match_clause_find_crit(const match_clause_t *cl, const json_t *src, const char *key)
{
    return cl->root ? find_crit(cl->root, src, key) : NULL;
}
