/*
 * models/lever.c -- a planner's levers (growth, additions, a shock, a
 * capacity) applied to simulated paths, for scenarios (model.h, "scenario
 * levers", says exactly what each lever means).
 *
 * Levers act on every path of a series alike, so a baseline and a scenario
 * that start from the same simulated paths (the same random numbers) differ
 * only by the levers.  In a region tree the growth, additions and shock act
 * before reconciliation: the lever's region takes it in full, its districts
 * in proportion, and its ancestors take the same change as the region, so
 * the change is coherent and a linear reconciliation carries it through
 * unchanged.  A capacity is not linear (it depends on where each path ends
 * up after reconciliation), so it is applied to the reconciled paths, again
 * coherently: the excess over the capacity leaves the region, its districts
 * in proportion, and its ancestors.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "model.h"

/* Every lever it holds is a finite number, and a growth factor is > 0. */
static bool lever_valid(const struct lever *lv)
{
    if (!lv)
        return false;
    if ((lv->flags & LEVER_GROWTH) && !(isfinite(lv->growth) && lv->growth > 0.0))
        return false;
    if ((lv->flags & LEVER_ADDITIONS) && !isfinite(lv->additions))
        return false;
    if ((lv->flags & LEVER_SHOCK) && !isfinite(lv->shock))
        return false;
    if ((lv->flags & LEVER_CAPACITY) && !isfinite(lv->capacity))
        return false;
    return true;
}

/* Index of the first simulated year the lever acts in: `year` - first_year, at least 0. */
static size_t year_index(int year, int first_year, size_t h)
{
    if (year <= first_year)
        return 0;
    return (size_t)(year - first_year) < h ? (size_t)(year - first_year) : h;
}

/*
 * Growth on one path x[0..h-1]: from index j0 on, each yearly change is g
 * times what it was.  For a stock the levels from j0 on are base + g (x -
 * base), base the level just before j0: the changes telescope, so every
 * yearly change is exactly g times the old one and no rounding builds up.
 */
static void path_growth(double *x, size_t h, size_t j0, bool is_flow, double y_last, double g)
{
    size_t j;

    if (is_flow) {
        for (j = j0; j < h; j++)
            x[j] *= g;
        return;
    }
    double base = j0 == 0 ? y_last : x[j0 - 1];
    for (j = j0; j < h; j++)
        x[j] = base + g * (x[j] - base);
}

/* u units in year j: a stock keeps them in every later year, a flow has them that year. */
static void path_units(double *x, size_t h, size_t j, bool is_flow, double u)
{
    if (is_flow) {
        x[j] += u;
        return;
    }
    for (; j < h; j++)
        x[j] += u;
}

/*
 * Counts rounded from index j0 on (the years a lever changed: the others keep
 * their values, a year-to-date projection's fraction included), and values
 * below zero lifted to it where the series cannot be negative.
 */
static void path_finish(double *x, size_t j0, size_t h, bool is_count, bool nonneg)
{
    size_t j;

    for (j = 0; j < h; j++) {
        if (j < j0) {
            if (nonneg && x[j] < 0.0)
                x[j] = 0.0;
            continue;
        }
        if (is_count)
            x[j] = round(x[j]);
        if (nonneg && x[j] < 0.0)
            x[j] = 0.0;
    }
}

/* Index of `year` in node i's paths, or h (not held). */
static size_t at(const struct lever_series *s, int year)
{
    if (year < s->first_year || (size_t)(year - s->first_year) >= s->h)
        return s->h;
    return (size_t)(year - s->first_year);
}

/* The capacity of a count is a whole number. */
static double cap_of(const struct lever *lv, bool is_count)
{
    return is_count ? floor(lv->capacity) : lv->capacity;
}

int model_lever_apply(const struct lever *lv, struct lever_series *s, size_t npaths)
{
    size_t p, j, h;

    if (!lever_valid(lv) || !s)
        return GSL_EINVAL;
    h = s->h;
    if (npaths > 0 && h > 0 && (!s->paths || s->stride < h))
        return GSL_EINVAL;
    size_t j0 = h;
    if (lv->flags & (LEVER_GROWTH | LEVER_ADDITIONS))
        j0 = year_index(lv->from, s->first_year, h);
    if ((lv->flags & LEVER_SHOCK) && at(s, lv->shock_year) < j0)
        j0 = at(s, lv->shock_year);
    for (p = 0; p < npaths && h > 0; p++) {
        double *x = s->paths + p * s->stride;
        if (lv->flags & LEVER_GROWTH)
            path_growth(x, h, year_index(lv->from, s->first_year, h), s->is_flow, s->y_last,
                        lv->growth);
        if (lv->flags & LEVER_ADDITIONS)
            for (j = year_index(lv->from, s->first_year, h); j < h; j++)
                path_units(x, h, j, s->is_flow, lv->additions);
        if ((lv->flags & LEVER_SHOCK) && lv->shock_year >= s->first_year &&
            (size_t)(lv->shock_year - s->first_year) < h) {
            j = (size_t)(lv->shock_year - s->first_year);
            double u = lv->shock_relative ? lv->shock * x[j] : lv->shock;
            path_units(x, h, j, s->is_flow, s->is_count ? round(u) : u);
        }
        path_finish(x, j0, h, s->is_count, s->nonneg);
        if (lv->flags & LEVER_CAPACITY) {
            double c = cap_of(lv, s->is_count);
            for (j = 0; j < h; j++)
                if (x[j] > c)
                    x[j] = c;
        }
    }
    return GSL_SUCCESS;
}

/* ---- trees ---------------------------------------------------------------- */

struct lever_tree {
    struct lever_series *nodes;
    size_t n;
    size_t *cstart; /* children of i: clist[cstart[i] .. cstart[i+1]-1] */
    size_t *clist;
    size_t *sub; /* the root's subtree, parents before children */
    size_t n_sub;
    double *w; /* scratch: one value per node (the shares of a split) */
};

static void tree_release(struct lever_tree *t)
{
    free(t->cstart);
    free(t->clist);
    free(t->sub);
    free(t->w);
}

/* Children lists and the root's subtree; GSL_EINVAL on a bad parent or a cycle. */
static int tree_init(struct lever_tree *t, struct lever_series *nodes, size_t n, size_t root)
{
    size_t i, k, *fill = NULL;

    memset(t, 0, sizeof *t);
    t->nodes = nodes;
    t->n = n;
    if (!nodes || root >= n)
        return GSL_EINVAL;
    for (i = 0; i < n; i++) {
        size_t up = nodes[i].parent, steps = 0;
        while (up != RECON_ROOT) {
            if (up >= n || ++steps > n)
                return GSL_EINVAL;
            up = nodes[up].parent;
        }
    }
    t->cstart = calloc(n + 1, sizeof *t->cstart);
    t->clist = malloc(n * sizeof *t->clist);
    t->sub = malloc(n * sizeof *t->sub);
    t->w = malloc(n * sizeof *t->w);
    fill = calloc(n, sizeof *fill);
    if (!t->cstart || !t->clist || !t->sub || !t->w || !fill) {
        free(fill);
        return GSL_ENOMEM;
    }
    for (i = 0; i < n; i++)
        if (nodes[i].parent != RECON_ROOT)
            t->cstart[nodes[i].parent + 1]++;
    for (i = 0; i < n; i++)
        t->cstart[i + 1] += t->cstart[i];
    for (i = 0; i < n; i++)
        if (nodes[i].parent != RECON_ROOT) {
            size_t par = nodes[i].parent;
            t->clist[t->cstart[par] + fill[par]++] = i;
        }
    free(fill);
    /* Breadth first from the root: parents before children. */
    t->sub[0] = root;
    t->n_sub = 1;
    for (i = 0; i < t->n_sub; i++)
        for (k = t->cstart[t->sub[i]]; k < t->cstart[t->sub[i] + 1]; k++)
            t->sub[t->n_sub++] = t->clist[k];
    return GSL_SUCCESS;
}

/* A node's value in path p and `year`: its own, or (no paths) the sum of its children's. */
static double node_value(const struct lever_tree *t, size_t i, size_t p, int year)
{
    const struct lever_series *s = &t->nodes[i];
    double v = 0.0;
    size_t k, j;

    if (s->has_paths) {
        j = at(s, year);
        return j < s->h ? s->paths[p * s->stride + j] : 0.0;
    }
    for (k = t->cstart[i]; k < t->cstart[i + 1]; k++)
        v += node_value(t, t->clist[k], p, year);
    return v;
}

/*
 * Split `total` between the children of node i in proportion to w[child]
 * (negative weights count as 0; all zero: equal parts) into w[child]
 * (overwritten).  For counts the parts are whole numbers adding up to the
 * (whole) total: floors, then one more for the largest remainders, ties to
 * the earlier child.
 */
static void split(struct lever_tree *t, size_t i, double total, bool is_count)
{
    size_t a = t->cstart[i], b = t->cstart[i + 1], k, m = b - a;
    double sum = 0.0, left;

    if (m == 0)
        return;
    for (k = a; k < b; k++) {
        double *wk = &t->w[t->clist[k]];
        *wk = *wk > 0.0 ? *wk : 0.0;
        sum += *wk;
    }
    for (k = a; k < b; k++) {
        double *wk = &t->w[t->clist[k]];
        *wk = sum > 0.0 ? total * (*wk / sum) : total / (double)m;
    }
    if (!is_count)
        return;
    /* Largest remainder: floors first, then hand out what is left one by one. */
    left = total;
    for (k = a; k < b; k++)
        left -= floor(t->w[t->clist[k]]);
    for (; left >= 0.5; left -= 1.0) {
        size_t best = a;
        double best_frac = -1.0;
        for (k = a; k < b; k++) {
            double v = t->w[t->clist[k]], frac = v - floor(v);
            if (frac > best_frac) {
                best_frac = frac;
                best = k;
            }
        }
        double *wb = &t->w[t->clist[best]];
        *wb = floor(*wb) + 1.0; /* its remainder is now 0: it gets no second unit */
    }
    for (k = a; k < b; k++)
        t->w[t->clist[k]] = floor(t->w[t->clist[k]] + 1e-9);
}

/*
 * The children's shares of `total` (split by their values in path p and
 * `year`, or equally with `equal`) into sh[0..m-1]; sh is the caller's
 * (m doubles), because the recursion reuses w.
 */
static void shares_of(struct lever_tree *t, size_t i, size_t p, int year, double total, bool equal,
                      double *sh)
{
    size_t a = t->cstart[i], m = t->cstart[i + 1] - a, k;

    for (k = 0; k < m; k++)
        t->w[t->clist[a + k]] = equal ? 1.0 : node_value(t, t->clist[a + k], p, year);
    split(t, i, total, t->nodes[i].is_count);
    for (k = 0; k < m; k++)
        sh[k] = t->w[t->clist[a + k]];
}

/* u units in path p and `year` to node i, and in proportion down its subtree. */
static int units_down(struct lever_tree *t, size_t i, size_t p, int year, double u)
{
    struct lever_series *s = &t->nodes[i];
    size_t a = t->cstart[i], m = t->cstart[i + 1] - a, k, j = at(s, year);
    double shares[64], *sh;
    int rc = GSL_SUCCESS;

    if (s->has_paths && j < s->h)
        path_units(s->paths + p * s->stride, s->h, j, s->is_flow, u);
    if (m == 0)
        return GSL_SUCCESS;
    sh = m <= 64 ? shares : malloc(m * sizeof *sh);
    if (!sh)
        return GSL_ENOMEM;
    shares_of(t, i, p, year, u, false, sh);
    for (k = 0; k < m && rc == GSL_SUCCESS; k++)
        rc = units_down(t, t->clist[a + k], p, year, sh[k]);
    if (sh != shares)
        free(sh);
    return rc;
}

/* Every node with paths covers the years its h says, in a stride that holds them. */
static bool sizes_ok(const struct lever_series *nodes, size_t n, size_t npaths, bool need_paths)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (need_paths && !nodes[i].has_paths)
            return false;
        if (nodes[i].has_paths && npaths > 0 && nodes[i].h > 0 &&
            (!nodes[i].paths || nodes[i].stride < nodes[i].h))
            return false;
    }
    return true;
}

int model_lever_apply_tree(const struct lever *lv, struct lever_series *nodes, size_t n_nodes,
                           size_t root, size_t npaths)
{
    struct lever_tree t;
    double *old = NULL;
    size_t i, p, j, h;
    int rc, first;

    if (!lever_valid(lv))
        return GSL_EINVAL;
    rc = tree_init(&t, nodes, n_nodes, root);
    if (rc)
        goto out;
    if (!sizes_ok(nodes, n_nodes, npaths, false)) {
        rc = GSL_EINVAL;
        goto out;
    }
    h = nodes[root].h;
    first = nodes[root].first_year;
    if (npaths == 0 || h == 0)
        goto out;
    /* The root's value before the levers, to hand its change to the ancestors. */
    old = malloc(npaths * h * sizeof *old);
    if (!old) {
        rc = GSL_ENOMEM;
        goto out;
    }
    for (p = 0; p < npaths; p++)
        for (j = 0; j < h; j++)
            old[p * h + j] = node_value(&t, root, p, first + (int)j);

    /* Growth and a relative shock: every node of the subtree alike, in its own years. */
    for (i = 0; i < t.n_sub; i++) {
        struct lever_series *s = &nodes[t.sub[i]];
        size_t j_from = year_index(lv->from, s->first_year, s->h), j_shock = at(s, lv->shock_year);
        if (!s->has_paths)
            continue;
        for (p = 0; p < npaths; p++) {
            double *x = s->paths + p * s->stride;
            if (lv->flags & LEVER_GROWTH)
                path_growth(x, s->h, j_from, s->is_flow, s->y_last, lv->growth);
            if ((lv->flags & LEVER_SHOCK) && lv->shock_relative && j_shock < s->h) {
                double u = lv->shock * x[j_shock];
                path_units(x, s->h, j_shock, s->is_flow, s->is_count ? round(u) : u);
            }
            if (s->is_count && (lv->flags & LEVER_GROWTH))
                path_finish(x, j_from, s->h, true, false);
        }
    }
    /* Units: the root's in full, split down the tree year by year. */
    for (p = 0; p < npaths && rc == GSL_SUCCESS; p++)
        for (j = 0; j < h && rc == GSL_SUCCESS; j++) {
            int year = first + (int)j;
            double u = 0.0;
            if ((lv->flags & LEVER_ADDITIONS) && year >= lv->from)
                u += lv->additions;
            if ((lv->flags & LEVER_SHOCK) && !lv->shock_relative && year == lv->shock_year)
                u += lv->shock;
            if (u != 0.0)
                rc = units_down(&t, root, p, year, nodes[root].is_count ? round(u) : u);
        }
    for (i = 0; i < t.n_sub; i++) {
        struct lever_series *s = &nodes[t.sub[i]];
        if (s->has_paths)
            for (p = 0; p < npaths; p++)
                path_finish(s->paths + p * s->stride, 0, s->h, false, s->nonneg);
    }
    /* The ancestors move with the root. */
    for (p = 0; p < npaths && rc == GSL_SUCCESS; p++)
        for (i = nodes[root].parent; i != RECON_ROOT; i = nodes[i].parent) {
            struct lever_series *a = &nodes[i];
            if (!a->has_paths)
                continue;
            double *x = a->paths + p * a->stride;
            for (j = 0; j < h; j++) {
                int year = first + (int)j;
                size_t ja = at(a, year);
                if (ja < a->h)
                    x[ja] += node_value(&t, root, p, year) - old[p * h + j];
            }
            path_finish(x, 0, a->h, false, a->nonneg);
        }
out:
    free(old);
    tree_release(&t);
    return rc;
}

/* Set node i to b in path p and `year`, and scale its subtree to add up to it. */
static int bound_down(struct lever_tree *t, size_t i, size_t p, int year, double b)
{
    struct lever_series *s = &t->nodes[i];
    size_t a = t->cstart[i], m = t->cstart[i + 1] - a, k, j = at(s, year);
    double shares[64], *sh, sum = 0.0;
    int rc = GSL_SUCCESS;

    if (j < s->h)
        s->paths[p * s->stride + j] = b;
    if (m == 0)
        return GSL_SUCCESS;
    sh = m <= 64 ? shares : malloc(m * sizeof *sh);
    if (!sh)
        return GSL_ENOMEM;
    for (k = 0; k < m; k++)
        sum += node_value(t, t->clist[a + k], p, year);
    shares_of(t, i, p, year, b, !(sum > 0.0), sh);
    for (k = 0; k < m && rc == GSL_SUCCESS; k++)
        rc = bound_down(t, t->clist[a + k], p, year, sh[k]);
    if (sh != shares)
        free(sh);
    return rc;
}

int model_lever_bound_tree(const struct lever *lv, struct lever_series *nodes, size_t n_nodes,
                           size_t root, size_t npaths)
{
    struct lever_tree t;
    size_t i, p, j;
    int rc;

    if (!lever_valid(lv))
        return GSL_EINVAL;
    rc = tree_init(&t, nodes, n_nodes, root);
    if (rc)
        goto out;
    if (!sizes_ok(nodes, n_nodes, npaths, true)) {
        rc = GSL_EINVAL;
        goto out;
    }
    if (!(lv->flags & LEVER_CAPACITY))
        goto out;
    const struct lever_series *r = &nodes[root];
    double c = cap_of(lv, r->is_count);
    for (p = 0; p < npaths && rc == GSL_SUCCESS; p++)
        for (j = 0; j < r->h && rc == GSL_SUCCESS; j++) {
            double v = r->paths[p * r->stride + j];
            int year = r->first_year + (int)j;
            if (!(v > c))
                continue;
            rc = bound_down(&t, root, p, year, c);
            for (i = r->parent; i != RECON_ROOT; i = nodes[i].parent) {
                size_t ja = at(&nodes[i], year);
                if (ja < nodes[i].h)
                    nodes[i].paths[p * nodes[i].stride + ja] -= v - c;
            }
        }
out:
    tree_release(&t);
    return rc;
}
