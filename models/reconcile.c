/*
 * models/reconcile.c -- make district forecasts add up to the city's, path by
 * path (SPEC.md "What the answers must mean").
 *
 * For each simulated year the base forecasts of every node (city, districts,
 * ...) are projected onto the coherent subspace (every parent = the sum of
 * its children) by weighted least squares with a diagonal weight matrix W =
 * diag(v_i), v_i the variance of node i's base paths in that year (MinT with
 * a diagonal covariance, Wickramasuriya, Athanasopoulos & Hyndman 2019):
 *     x = argmin sum_i (x_i - b_i)^2 / v_i  subject to x_N = sum_{c in N} x_c.
 * On a tree this projection is computed exactly in two passes (Gaussian
 * message passing on the tree of constraints):
 *   up:   each node combines its own base b_N (variance v_N) with the sum of
 *         its children's combined values S (variance V): precision-weighted
 *         c_N = (b_N / v_N + S / V) / (1/v_N + 1/V), variance (1/v_N + 1/V)^-1;
 *         a node without its own forecast is just S (variance V);
 *   down: a root keeps c_N; a node fixed at x_N hands the gap x_N - S to its
 *         children in proportion to their combined variances:
 *         x_c = c_c + (var_c / V) (x_N - S).
 * For one level this is the textbook x_c = b_c + v_c (b_P - sum b) / (v_P + sum v).
 * The map is the same for every path of a year, hence linear across paths:
 * the path means add up as well as every path.
 *
 * Floors: a linear projection can push a small district below zero, or a
 * flow below what its year to date already holds.  Where every child of a
 * node has a floor (0 for a non-negative series, or the caller's `lower`)
 * and the node's reconciled value leaves room for them all, children below
 * their floor are lifted to it and the deficit is taken from the others in
 * proportion to their room above their floors, which keeps the sum, so the
 * identity still holds exactly on every path (only those rare paths are
 * changed, so means still add up: they are means of sums).  A root below
 * its floor is lifted to it.
 * Variances get a floor of 1e-12 max(1, mean^2) so that a node whose paths
 * are all equal is held (almost) fixed rather than dividing by zero; with a
 * single path every node gets weight 1.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "model.h"

struct recon_work {
    size_t *order; /* nodes by increasing depth (stable) */
    size_t *depth;
    size_t *cstart; /* children of i: clist[cstart[i] .. cstart[i+1]-1] */
    size_t *clist;
    double *var;          /* variance of the base paths this year */
    double *cval, *cvar;  /* combined value/variance of the subtree */
    double *sum, *sumvar; /* sum of the children's combined values/variances */
};

static void work_free(struct recon_work *w)
{
    free(w->order);
    free(w->depth);
    free(w->cstart);
    free(w->clist);
    free(w->var);
    free(w->cval);
    free(w->cvar);
    free(w->sum);
    free(w->sumvar);
}

static int work_alloc(struct recon_work *w, size_t n)
{
    w->order = malloc(n * sizeof *w->order);
    w->depth = malloc(n * sizeof *w->depth);
    w->cstart = calloc(n + 1, sizeof *w->cstart);
    w->clist = malloc(n * sizeof *w->clist);
    w->var = malloc(n * sizeof *w->var);
    w->cval = malloc(n * sizeof *w->cval);
    w->cvar = malloc(n * sizeof *w->cvar);
    w->sum = malloc(n * sizeof *w->sum);
    w->sumvar = malloc(n * sizeof *w->sumvar);
    if (!w->order || !w->depth || !w->cstart || !w->clist || !w->var || !w->cval || !w->cvar ||
        !w->sum || !w->sumvar)
        return GSL_ENOMEM;
    return GSL_SUCCESS;
}

static size_t nchild(const struct recon_work *w, size_t i)
{
    return w->cstart[i + 1] - w->cstart[i];
}

/*
 * Depth of every node (0 for a root), the children lists, and the nodes in
 * order of depth; GSL_EINVAL on a bad parent or a cycle.  Depths are found
 * by walking up with memoisation, so a deep chain costs O(n) overall.
 */
static int structure(const struct recon_node *nodes, size_t n, struct recon_work *w)
{
    size_t i, k, d, maxd = 0;

    for (i = 0; i < n; i++)
        w->depth[i] = (size_t)-1;
    for (i = 0; i < n; i++) {
        size_t at = i, steps = 0, base;
        while (w->depth[at] == (size_t)-1 && nodes[at].parent != RECON_ROOT) {
            if (nodes[at].parent >= n || ++steps > n)
                return GSL_EINVAL;
            at = nodes[at].parent;
        }
        base = w->depth[at] == (size_t)-1 ? 0 : w->depth[at];
        w->depth[at] = base;
        /* Walk again, writing depths from the top: base + steps - r for the r-th node. */
        for (at = i, k = 0; k < steps; k++, at = nodes[at].parent)
            w->depth[at] = base + steps - k;
        if (w->depth[i] > maxd)
            maxd = w->depth[i];
    }
    for (i = 0; i < n; i++)
        if (nodes[i].parent != RECON_ROOT)
            w->cstart[nodes[i].parent + 1]++;
    for (i = 0; i < n; i++)
        w->cstart[i + 1] += w->cstart[i];
    for (i = 0; i < n; i++)
        w->sum[i] = 0.0; /* used as a fill counter below */
    for (i = 0; i < n; i++) {
        size_t par = nodes[i].parent;
        if (par != RECON_ROOT)
            w->clist[w->cstart[par] + (size_t)w->sum[par]++] = i;
    }
    k = 0;
    for (d = 0; d <= maxd; d++)
        for (i = 0; i < n; i++)
            if (w->depth[i] == d)
                w->order[k++] = i;
    return k == n ? GSL_SUCCESS : GSL_EINVAL;
}

static double *at(const struct recon_node *node, size_t p, size_t j)
{
    return node->paths + p * node->stride + j;
}

/* The floor of node c in year j; false if it has none. */
static bool floor_of(const struct recon_node *c, size_t j, double *lb)
{
    if (c->lower) {
        *lb = c->lower[j];
        return true;
    }
    *lb = 0.0;
    return c->nonneg;
}

/*
 * Lift the children of `parent` that fell below their floors up to them,
 * taking the deficit from the others in proportion to their room above
 * their floors (so the sum, the parent, is unchanged).  Only when every
 * child has a floor and the parent leaves room for all of them.
 */
static void repair(struct recon_node *nodes, const struct recon_work *w, size_t parent, size_t p,
                   size_t j)
{
    double room = 0.0, deficit = 0.0, f, lb;
    size_t k;

    for (k = w->cstart[parent]; k < w->cstart[parent + 1]; k++) {
        const struct recon_node *c = &nodes[w->clist[k]];
        double x;
        if (!floor_of(c, j, &lb))
            return;
        x = *at(c, p, j) - lb;
        if (x < 0.0)
            deficit -= x;
        else
            room += x;
    }
    if (deficit == 0.0 || room <= 0.0)
        return;
    f = (room - deficit) / room;
    if (f < 0.0)
        return; /* the parent is below the children's floors: nothing coherent meets them */
    for (k = w->cstart[parent]; k < w->cstart[parent + 1]; k++) {
        const struct recon_node *c = &nodes[w->clist[k]];
        double *x = at(c, p, j);
        (void)floor_of(c, j, &lb);
        *x = *x < lb ? lb : lb + (*x - lb) * f;
    }
}

static void reconcile_path(struct recon_node *nodes, size_t n, struct recon_work *w, size_t p,
                           size_t j)
{
    size_t k, i;

    for (i = 0; i < n; i++)
        w->sum[i] = w->sumvar[i] = 0.0;
    /* Up: deepest first. */
    for (k = n; k-- > 0;) {
        i = w->order[k];
        if (nchild(w, i) == 0) {
            w->cval[i] = *at(&nodes[i], p, j);
            w->cvar[i] = w->var[i];
        } else if (nodes[i].has_base) {
            double b = *at(&nodes[i], p, j), prec = 1.0 / w->var[i] + 1.0 / w->sumvar[i];
            w->cvar[i] = 1.0 / prec;
            w->cval[i] = (b / w->var[i] + w->sum[i] / w->sumvar[i]) / prec;
        } else {
            w->cval[i] = w->sum[i];
            w->cvar[i] = w->sumvar[i];
        }
        if (nodes[i].parent != RECON_ROOT) {
            w->sum[nodes[i].parent] += w->cval[i];
            w->sumvar[nodes[i].parent] += w->cvar[i];
        }
    }
    /*
     * Down, in depth order: a node is computed from its final parent; right
     * after a parent's children are all written, it repairs them, so a
     * repaired node is final before its own children are computed.  The
     * children of a node are written in order of depth, all at depth d + 1,
     * and the repair is run at its last child.
     */
    for (k = 0; k < n; k++) {
        size_t par;
        i = w->order[k];
        par = nodes[i].parent;
        if (par == RECON_ROOT) {
            double x = w->cval[i], lb;
            if (floor_of(&nodes[i], j, &lb) && x < lb)
                x = lb;
            *at(&nodes[i], p, j) = x;
        } else {
            double gap = *at(&nodes[par], p, j) - w->sum[par];
            *at(&nodes[i], p, j) = w->cval[i] + w->cvar[i] / w->sumvar[par] * gap;
            if (w->clist[w->cstart[par + 1] - 1] == i)
                repair(nodes, w, par, p, j);
        }
    }
}

int model_reconcile(struct recon_node *nodes, size_t n_nodes, size_t npaths, size_t h)
{
    struct recon_work w = {0};
    size_t i, j, p;
    int status;

    if (!nodes || n_nodes == 0 || npaths == 0 || h == 0)
        return GSL_EINVAL;
    for (i = 0; i < n_nodes; i++)
        if (!nodes[i].paths || nodes[i].stride < h)
            return GSL_EINVAL;
    status = work_alloc(&w, n_nodes);
    if (status)
        goto out;
    status = structure(nodes, n_nodes, &w);
    if (status)
        goto out;
    for (i = 0; i < n_nodes; i++) {
        if (nchild(&w, i) == 0 && !nodes[i].has_base) {
            status = GSL_EINVAL;
            goto out;
        }
    }
    for (j = 0; j < h; j++) {
        for (i = 0; i < n_nodes; i++) {
            double mean, var = 1.0;
            if (!nodes[i].has_base)
                continue;
            /* Two plain passes (gsl_stats_mean divides per element: slow on long strides). */
            mean = 0.0;
            for (p = 0; p < npaths; p++)
                mean += nodes[i].paths[p * nodes[i].stride + j];
            mean /= (double)npaths;
            if (npaths > 1) {
                double ss = 0.0;
                for (p = 0; p < npaths; p++) {
                    double dev = nodes[i].paths[p * nodes[i].stride + j] - mean;
                    ss += dev * dev;
                }
                var = ss / (double)(npaths - 1);
            }
            if (!isfinite(mean) || !isfinite(var)) {
                status = GSL_EINVAL;
                goto out;
            }
            if (npaths > 1)
                var = fmax(var, 1e-12 * fmax(1.0, mean * mean));
            w.var[i] = var;
        }
        for (p = 0; p < npaths; p++)
            reconcile_path(nodes, n_nodes, &w, p, j);
    }
out:
    work_free(&w);
    return status;
}
