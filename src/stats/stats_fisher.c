/* stats_fisher.c: Fisher's exact test, 2x2 and r x c, as R's fisher.test.
 *
 * 2x2: with the margins fixed, the count a follows Fisher's noncentral hypergeometric law with
 * the odds ratio as parameter. The two-sided p sums the central probabilities no larger than the
 * observed one (times 1 + 1e-7, R's tolerance against rounding). The conditional MLE solves
 * E[a; psi] = a and the interval ends solve the tail probabilities = alpha/2, all by GSL's Brent
 * solver on psi in (0, 1] or on 1/psi in (0, 1], as R does, but to full precision (R's uniroot
 * stops at 1.2e-4; docs/stats.md).
 *
 * r x c: the network algorithm (below, before rxc_network): the tables with the observed margins
 * are built column by column, equal partial tables merged and whole sets of completions counted
 * or dropped at once by bounds on their probability; a cap on the steps makes a table too large
 * fail clearly instead of running for hours.
 */
#include "oncoboard/stats_assoc.h"
#include "stats_assoc_int.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sf_gamma.h>

#define FISHER_REL_ERR (1 + 1e-7)

/* The noncentral hypergeometric law of a on lo..hi. */
typedef struct nhyper {
    int64_t lo, hi, x;
    double *logdc; /* log central density on the support */
    double *d;     /* scratch: the density at the current psi */
    double target; /* what the root finder aims at */
    bool upper;    /* tail probability: upper (a >= x) or lower (a <= x) */
} nhyper_t;

static void nh_density(nhyper_t *h, double psi)
{
    size_t k = (size_t)(h->hi - h->lo + 1);
    if (psi == 0 || isinf(psi)) {
        for (size_t i = 0; i < k; i++) h->d[i] = 0;
        h->d[psi == 0 ? 0 : k - 1] = 1;
        return;
    }
    double lp = log(psi), mx = -INFINITY, s = 0;
    for (size_t i = 0; i < k; i++) {
        h->d[i] = h->logdc[i] + lp * (double)(h->lo + (int64_t)i);
        if (h->d[i] > mx) mx = h->d[i];
    }
    for (size_t i = 0; i < k; i++) s += h->d[i] = exp(h->d[i] - mx);
    for (size_t i = 0; i < k; i++) h->d[i] /= s;
}

static double nh_mean(nhyper_t *h, double psi)
{
    nh_density(h, psi);
    double m = 0;
    for (int64_t a = h->lo; a <= h->hi; a++) m += (double)a * h->d[a - h->lo];
    return m;
}

static double nh_tail(nhyper_t *h, double psi, bool upper)
{
    nh_density(h, psi);
    double s = 0;
    for (int64_t a = h->lo; a <= h->hi; a++)
        if (upper ? a >= h->x : a <= h->x) s += h->d[a - h->lo];
    return s;
}

/* The functions whose roots are wanted, of t = psi or of t = 1/psi. */
static double f_mean(double t, void *v) { nhyper_t *h = v; return nh_mean(h, t) - h->target; }
static double f_mean_inv(double t, void *v) { nhyper_t *h = v; return nh_mean(h, 1 / t) - h->target; }
static double f_tail(double t, void *v) { nhyper_t *h = v; return nh_tail(h, t, h->upper) - h->target; }
static double f_tail_inv(double t, void *v) { nhyper_t *h = v; return nh_tail(h, 1 / t, h->upper) - h->target; }

/* The psi where fn (of psi) or fn_inv (of 1/psi) is zero: R searches psi in (0, 1) when the root
 * is below 1 and 1/psi in [eps, 1] when it is above. */
static onc_rc solve_psi(nhyper_t *h, double (*fn)(double, void *), double (*fn_inv)(double, void *), double at1,
                        bool below_one, double *psi, onc_err_t *err)
{
    double t;
    onc_rc rc;
    if (at1 == 0) {
        *psi = 1;
        return ONC_OK;
    }
    if (below_one) {
        rc = onc_assoc_root(fn, h, 0, 1, &t, err);
        *psi = t;
    } else {
        rc = onc_assoc_root(fn_inv, h, DBL_EPSILON, 1, &t, err);
        *psi = 1 / t;
    }
    return rc;
}

static onc_rc fisher_mle(nhyper_t *h, double *psi, onc_err_t *err)
{
    if (h->x == h->lo) return *psi = 0, ONC_OK;
    if (h->x == h->hi) return *psi = INFINITY, ONC_OK;
    h->target = (double)h->x;
    double at1 = nh_mean(h, 1) - h->target;
    return solve_psi(h, f_mean, f_mean_inv, at1, at1 > 0, psi, err);
}

/* The upper end: the psi whose lower tail at x is alpha. */
static onc_rc fisher_upper(nhyper_t *h, double alpha, double *psi, onc_err_t *err)
{
    if (h->x == h->hi) return *psi = INFINITY, ONC_OK;
    h->target = alpha;
    h->upper = false;
    /* the lower tail falls as psi grows: below alpha at 1 means the root is below 1 */
    double at1 = nh_tail(h, 1, false) - alpha;
    return solve_psi(h, f_tail, f_tail_inv, at1, at1 < 0, psi, err);
}

static onc_rc fisher_lower(nhyper_t *h, double alpha, double *psi, onc_err_t *err)
{
    if (h->x == h->lo) return *psi = 0, ONC_OK;
    h->target = alpha;
    h->upper = true;
    double at1 = nh_tail(h, 1, true) - alpha;
    return solve_psi(h, f_tail, f_tail_inv, at1, at1 > 0, psi, err);
}

static double log_choose(int64_t n, int64_t k) { return gsl_sf_lnchoose((unsigned)n, (unsigned)k); }

onc_rc onc_fisher_2x2(const int64_t t[4], double conf, onc_fisher2_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    onc_assoc_gsl_quiet();
    for (int i = 0; i < 4; i++)
        if (t[i] < 0 || t[i] > ONC_ASSOC_MAX_COUNT)
            return onc_err_set(err, ONC_EINVAL, "Fisher's test: the counts must be 0 to %lld",
                               (long long)ONC_ASSOC_MAX_COUNT);
    if (!(conf > 0 && conf < 1)) return onc_err_set(err, ONC_EINVAL, "Fisher's test: the level must be in (0, 1)");
    /* R: m = first column, n = second column, k = first row, x = a */
    int64_t m = t[0] + t[2], n = t[1] + t[3], k = t[0] + t[1];
    if (m + n == 0) return onc_err_set(err, ONC_EINVAL, "Fisher's test: the table is empty");
    nhyper_t h = {.lo = k - n > 0 ? k - n : 0, .hi = k < m ? k : m, .x = t[0]};
    size_t len = (size_t)(h.hi - h.lo + 1);
    h.logdc = malloc(len * sizeof *h.logdc);
    h.d = malloc(len * sizeof *h.d);
    if (!h.logdc || !h.d) {
        free(h.logdc), free(h.d);
        return onc_err_set(err, ONC_ENOMEM, "Fisher's test: out of memory");
    }
    for (int64_t a = h.lo; a <= h.hi; a++)
        h.logdc[a - h.lo] = log_choose(m, a) + log_choose(n, k - a) - log_choose(m + n, k);
    nh_density(&h, 1);
    double pobs = h.d[h.x - h.lo] * FISHER_REL_ERR, p = 0;
    for (size_t i = 0; i < len; i++)
        if (h.d[i] <= pobs) p += h.d[i];
    out->p = p > 1 ? 1 : p;
    double alpha = (1 - conf) / 2;
    onc_rc rc = fisher_mle(&h, &out->or_mle, err);
    if (rc == ONC_OK) rc = fisher_lower(&h, alpha, &out->or_lower, err);
    if (rc == ONC_OK) rc = fisher_upper(&h, alpha, &out->or_upper, err);
    free(h.logdc), free(h.d);
    double ad = (double)t[0] * (double)t[3], bc = (double)t[1] * (double)t[2];
    out->or_sample = bc > 0 ? ad / bc : ad > 0 ? INFINITY : NAN;
    return rc;
}

/* ---- r x c ---- */

/* A table's probability is K * prod_j (C_j! / prod_i n_ij!), K = prod_i R_i! / N!; write
 * g = -sum log n_ij! so that log P = log K + sum_j log C_j! + g. The columns are filled one by
 * one (smallest first). After column j what matters for the rest is the multiset of the rows'
 * remaining totals: a node of the network (Mehta and Patel's network algorithm). Each node keeps
 * the distinct values of g so far with their multiplicities, merged when equal. At a node the
 * rest of g lies between the sums over the remaining columns of each column's most concentrated
 * and most even split under the rows' caps (the multinomial coefficient is Schur-concave), and
 * the completions of a node sum to M! / (prod r_i! prod C_j!) (the multinomial identity): a
 * past value whose every completion is at most the observed probability is added in closed
 * form, one whose every completion is above it is dropped, and only the others go on. The last
 * column is forced; there the past values, sorted with their prefix sums, are counted by binary
 * search. */

typedef struct past {
    double g, w; /* g so far; w how many paths reach it */
} past_t;

typedef struct node {
    size_t rows; /* offset of its remaining row totals in the level's store */
    past_t *v;
    size_t n, cap;
} node_t;

typedef struct level {
    size_t r;
    node_t *node;
    size_t n, cap;
    int64_t *store; /* r totals per node */
    size_t *slot, n_slot; /* hash: node index + 1, 0 empty */
} level_t;

typedef struct rxc {
    size_t r, c;
    int64_t *col;          /* column totals, sorted ascending */
    int64_t *cap;          /* scratch */
    const double *lfact;
    double log_const, log_pobs, p, steps;
    onc_rc rc;
} rxc_t;

static void level_free(level_t *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->node[i].v);
    free(l->node), free(l->store), free(l->slot);
    memset(l, 0, sizeof *l);
}

static uint64_t rows_hash(const int64_t *v, size_t r)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < r; i++) h = (h ^ (uint64_t)v[i]) * 1099511628211u;
    return h;
}

static bool level_grow(level_t *l)
{
    if (l->n < l->cap) return true;
    size_t m = l->cap ? 2 * l->cap : 256;
    node_t *nn = realloc(l->node, m * sizeof *nn);
    if (!nn) return false;
    l->node = nn;
    int64_t *ns = realloc(l->store, m * l->r * sizeof *ns);
    if (!ns) return false;
    l->store = ns;
    size_t *slot = calloc(2 * m, sizeof *slot);
    if (!slot) return false;
    free(l->slot);
    l->slot = slot, l->n_slot = 2 * m, l->cap = m;
    for (size_t i = 0; i < l->n; i++) { /* rehash */
        size_t k = rows_hash(l->store + l->node[i].rows, l->r) & (l->n_slot - 1);
        while (l->slot[k]) k = (k + 1) & (l->n_slot - 1);
        l->slot[k] = i + 1;
    }
    return true;
}

/* The node with these (sorted) totals, made when new; NULL when out of memory. */
static node_t *level_node(level_t *l, const int64_t *rows)
{
    if (!level_grow(l)) return NULL;
    size_t k = rows_hash(rows, l->r) & (l->n_slot - 1);
    for (; l->slot[k]; k = (k + 1) & (l->n_slot - 1)) {
        node_t *nd = &l->node[l->slot[k] - 1];
        if (memcmp(l->store + nd->rows, rows, l->r * sizeof *rows) == 0) return nd;
    }
    node_t *nd = &l->node[l->n];
    memset(nd, 0, sizeof *nd);
    nd->rows = l->n * l->r;
    memcpy(l->store + nd->rows, rows, l->r * sizeof *rows);
    l->slot[k] = ++l->n;
    return nd;
}

static bool node_add(node_t *nd, double g, double w)
{
    if (nd->n == nd->cap) {
        size_t m = nd->cap ? 2 * nd->cap : 8;
        past_t *v = realloc(nd->v, m * sizeof *v);
        if (!v) return false;
        nd->v = v, nd->cap = m;
    }
    nd->v[nd->n++] = (past_t){g, w};
    return true;
}

static int cmp_past(const void *a, const void *b)
{
    double x = ((const past_t *)a)->g, y = ((const past_t *)b)->g;
    return x < y ? -1 : x > y;
}

/* Sorts the past values and merges equal ones (to rounding). */
static void node_merge(node_t *nd)
{
    qsort(nd->v, nd->n, sizeof *nd->v, cmp_past);
    size_t k = 0;
    for (size_t i = 0; i < nd->n; i++) {
        if (k > 0 && nd->v[i].g - nd->v[k - 1].g <= 1e-12 * fmax(1, fabs(nd->v[i].g))) nd->v[k - 1].w += nd->v[i].w;
        else nd->v[k++] = nd->v[i];
    }
    nd->n = k;
}

/* The largest (even) or smallest (concentrated) -sum log n_i! of a column of C under the caps
 * (sorted in decreasing order, as a node's totals are). Even: water-filling from the smallest
 * cap; concentrated: the largest caps filled first. */
static double column_bound(rxc_t *e, const int64_t *cap, int64_t C, bool even)
{
    double g = 0;
    int64_t left = C;
    if (!even) {
        for (size_t i = 0; i < e->r && left > 0; i++) {
            int64_t take = cap[i] < left ? cap[i] : left;
            g -= e->lfact[take], left -= take;
        }
        return g;
    }
    size_t k = e->r; /* rows not yet at their cap, from the smallest */
    for (size_t i = e->r; i-- > 0;) {
        if (cap[i] * (int64_t)k > left) break;
        g -= e->lfact[cap[i]], left -= cap[i], k--;
    }
    if (k > 0) { /* the k largest caps share the rest evenly */
        int64_t share = left / (int64_t)k, extra = left % (int64_t)k;
        g -= (double)extra * e->lfact[share + 1] + (double)((int64_t)k - extra) * e->lfact[share];
    }
    return g;
}

/* Settles what the bounds decide at a node before column j; the rest stay in nd. */
static void node_settle(rxc_t *e, node_t *nd, const int64_t *rows, size_t j)
{
    double gmax = 0, gmin = 0, cols = 0, all;
    int64_t M = 0;
    for (size_t k = j; k < e->c; k++) {
        gmax += column_bound(e, rows, e->col[k], true);
        gmin += column_bound(e, rows, e->col[k], false);
        cols += e->lfact[e->col[k]];
        M += e->col[k];
    }
    all = e->lfact[M] - cols;
    for (size_t i = 0; i < e->r; i++) all -= e->lfact[rows[i]];
    size_t k = 0;
    for (size_t i = 0; i < nd->n; i++) {
        double here = e->log_const + nd->v[i].g;
        if (here + gmin > e->log_pobs) continue;
        if (here + gmax <= e->log_pobs) e->p += nd->v[i].w * exp(here + all);
        else nd->v[k++] = nd->v[i];
    }
    nd->n = k;
}

/* Calls visit for every split of C over the rows under their caps (n filled from row i). */
typedef void (*split_fn)(rxc_t *e, const int64_t *n, void *ctx);
static void splits(rxc_t *e, const int64_t *cap, int64_t *n, size_t i, int64_t left, split_fn visit, void *ctx)
{
    if (e->rc != ONC_OK) return;
    if (i == e->r - 1) {
        if (left > cap[i]) return;
        n[i] = left;
        visit(e, n, ctx);
        return;
    }
    int64_t room = 0;
    for (size_t k = i + 1; k < e->r; k++) room += cap[k];
    int64_t lo = left - room > 0 ? left - room : 0, hi = left < cap[i] ? left : cap[i];
    for (int64_t v = lo; v <= hi; v++) {
        n[i] = v;
        splits(e, cap, n, i + 1, left - v, visit, ctx);
    }
}

static int cmp_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x > y ? -1 : x < y;
}

typedef struct step_ctx {
    node_t *from;
    const int64_t *rows;
    level_t *next;
    double *prefix; /* last column: prefix sums of w e^(g - gtop) */
    double gtop;
} step_ctx_t;

/* A split of the next-to-last column: the last is forced; count the past values that qualify. */
static void visit_last(rxc_t *e, const int64_t *n, void *v)
{
    step_ctx_t *s = v;
    double g = 0;
    for (size_t i = 0; i < e->r; i++) g -= e->lfact[n[i]] + e->lfact[s->rows[i] - n[i]];
    double limit = e->log_pobs - e->log_const - g; /* past values up to limit qualify */
    size_t lo = 0, hi = s->from->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->from->v[mid].g <= limit) lo = mid + 1;
        else hi = mid;
    }
    if (lo > 0) e->p += s->prefix[lo - 1] * exp(e->log_const + g + s->gtop);
    e->steps += 1;
    if (e->steps > ONC_FISHER_MAX_STEPS) e->rc = ONC_ELIMIT;
}

/* A split of an inner column: its past values move to the node of the remaining totals. */
static void visit_inner(rxc_t *e, const int64_t *n, void *v)
{
    step_ctx_t *s = v;
    int64_t *rest = e->cap;
    double g = 0;
    for (size_t i = 0; i < e->r; i++) rest[i] = s->rows[i] - n[i], g -= e->lfact[n[i]];
    qsort(rest, e->r, sizeof *rest, cmp_desc);
    node_t *to = level_node(s->next, rest);
    if (!to) {
        e->rc = ONC_ENOMEM;
        return;
    }
    for (size_t k = 0; k < s->from->n; k++)
        if (!node_add(to, s->from->v[k].g + g, s->from->v[k].w)) {
            e->rc = ONC_ENOMEM;
            return;
        }
    e->steps += (double)s->from->n + (double)e->r; /* the values moved and the node found */
    if (e->steps > ONC_FISHER_MAX_STEPS) e->rc = ONC_ELIMIT;
}

static void rxc_last(rxc_t *e, node_t *nd, const int64_t *rows, size_t j, int64_t *n)
{
    double *prefix = malloc((nd->n + 1) * sizeof *prefix), acc = 0, top = nd->v[nd->n - 1].g;
    if (!prefix) {
        e->rc = ONC_ENOMEM;
        return;
    }
    for (size_t i = 0; i < nd->n; i++) prefix[i] = acc += nd->v[i].w * exp(nd->v[i].g - top);
    step_ctx_t s = {.from = nd, .rows = rows, .prefix = prefix, .gtop = top};
    splits(e, rows, n, 0, e->col[j], visit_last, &s);
    free(prefix);
}

static onc_rc rxc_network(rxc_t *e, const int64_t *row_totals)
{
    level_t cur = {.r = e->r}, next = {.r = e->r};
    int64_t *rows0 = malloc(2 * e->r * sizeof *rows0), *n = rows0 + e->r;
    if (!rows0) return ONC_ENOMEM;
    memcpy(rows0, row_totals, e->r * sizeof *rows0);
    qsort(rows0, e->r, sizeof *rows0, cmp_desc);
    node_t *start = level_node(&cur, rows0);
    if (!start || !node_add(start, 0, 1)) e->rc = ONC_ENOMEM;
    for (size_t j = 0; j + 1 < e->c && e->rc == ONC_OK; j++) {
        for (size_t k = 0; k < cur.n && e->rc == ONC_OK; k++) {
            node_t *nd = &cur.node[k];
            const int64_t *rows = cur.store + nd->rows;
            node_merge(nd);
            node_settle(e, nd, rows, j);
            if (nd->n == 0) continue;
            if (j + 2 == e->c) {
                rxc_last(e, nd, rows, j, n);
            } else {
                step_ctx_t s = {.from = nd, .rows = rows, .next = &next};
                splits(e, rows, n, 0, e->col[j], visit_inner, &s);
            }
            free(nd->v), nd->v = NULL, nd->n = nd->cap = 0;
        }
        level_free(&cur);
        cur = next;
        memset(&next, 0, sizeof next);
        next.r = e->r;
    }
    level_free(&cur), level_free(&next);
    free(rows0);
    return e->rc;
}

onc_rc onc_fisher_rxc(const int64_t *t, size_t r, size_t c, double *p, onc_err_t *err)
{
    *p = NAN;
    onc_assoc_margins_t mg;
    onc_rc rc = onc_assoc_margins(t, r, c, "Fisher's test", &mg, err);
    if (rc != ONC_OK) return rc;
    if (mg.total > ONC_FISHER_MAX_N) {
        onc_assoc_margins_free(&mg);
        return onc_err_set(err, ONC_ELIMIT, "Fisher's test: more than %d observations in an r x c table; use the chi-square test",
                           ONC_FISHER_MAX_N);
    }
    double *lfact = malloc((size_t)(mg.total + 1) * sizeof *lfact);
    int64_t *buf = malloc((c + r) * sizeof *buf);
    if (!lfact || !buf) {
        free(lfact), free(buf), onc_assoc_margins_free(&mg);
        return onc_err_set(err, ONC_ENOMEM, "Fisher's test: out of memory");
    }
    for (int64_t v = 0; v <= mg.total; v++) lfact[v] = gsl_sf_lnfact((unsigned)v);
    rxc_t e = {.r = r, .c = c, .col = buf, .cap = buf + c, .lfact = lfact, .rc = ONC_OK};
    memcpy(e.col, mg.col, c * sizeof *e.col);
    qsort(e.col, c, sizeof *e.col, cmp_desc);
    for (size_t j = 0; j < c / 2; j++) { /* ascending: the largest column is the forced last one */
        int64_t tmp = e.col[j];
        e.col[j] = e.col[c - 1 - j], e.col[c - 1 - j] = tmp;
    }
    e.log_const = -lfact[mg.total];
    for (size_t i = 0; i < r; i++) e.log_const += lfact[mg.row[i]];
    for (size_t j = 0; j < c; j++) e.log_const += lfact[mg.col[j]];
    /* log P of the observed table, less the same constant as the network's g */
    double lobs = e.log_const;
    for (size_t k = 0; k < r * c; k++) lobs -= lfact[t[k]];
    e.log_pobs = lobs + log(FISHER_REL_ERR);
    rc = rxc_network(&e, mg.row);
    free(lfact), free(buf), onc_assoc_margins_free(&mg);
    if (rc == ONC_ELIMIT)
        return onc_err_set(err, ONC_ELIMIT, "Fisher's test: the %zu x %zu table needs more than %.0f steps of the network "
                           "algorithm; use the chi-square test", r, c, ONC_FISHER_MAX_STEPS);
    if (rc != ONC_OK) return onc_err_set(err, rc, "Fisher's test: out of memory");
    *p = e.p > 1 ? 1 : e.p;
    return ONC_OK;
}
