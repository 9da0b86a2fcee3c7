/*
 * models/reconcile.c -- make district forecasts add up to the city's, path by
 * path.
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
 * changed, so means still add up: they are means of sums).  Where some
 * children have no floor (a series that can be negative, such as the
 * remainder of a city whose districts report more than it does), those
 * take the deficit in equal parts.  A root below its floor is lifted to it.
 * Variances get a floor of 1e-12 max(1, mean^2) so that a node whose paths
 * are all equal is held (almost) fixed rather than dividing by zero; with a
 * single path every node gets weight 1.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "model.h"

/*
 * The largest-remainder rule needs the u-th largest fractional part: a
 * fraction f in [0, 1) falls in bucket floor(f * RECON_BUCKETS) (exact: the
 * factor is a power of two), so every fraction in a higher bucket is larger,
 * and the selection runs over one bucket's few members instead of every
 * child (a count of each bucket first).
 */
#define RECON_BUCKETS 32

struct recon_work {
    size_t *order; /* nodes by increasing depth (stable) */
    size_t *depth;
    size_t *cstart; /* children of i: clist[cstart[i] .. cstart[i+1]-1] */
    size_t *clist;
    size_t h, bs; /* years, paths per block */
    /* Per year j and node i, at [j * n + i]: */
    double *var;    /* variance of the base paths */
    double *cvar;   /* combined variance of the subtree */
    double *sumvar; /* sum of the children's combined variances */
    double *prec;   /* 1/var + 1/sumvar of a node with base and children */
    /* A block of paths, path q of node i in year j at [(j * n + i) * bs + q]: */
    double *x, *cv, *sm; /* values, combined values, children's sums */
    bool whole;          /* make the reconciled values whole numbers (all_counts) */
    /* make_whole's scratch: child c of the parent at hand, path q at [c * bs + q] */
    double *frac;      /* [n * bs] fractional parts */
    unsigned char *bk; /* [n * bs] their buckets (RECON_BUCKETS: none) */
    double *sel;       /* [n] one path's fractions of one bucket */
    size_t *selc;      /* [n] the children they belong to, in the children's order */
    /* and per path q of the block, at [q] ([q * RECON_BUCKETS + b] for qcnt): */
    double *qsum, *qt; /* sum of the children's whole parts; the threshold */
    size_t *qneg;      /* fractions < 0 (a hair below a whole number) */
    unsigned *qcnt;    /* fractions >= 0 per bucket */
};

/*
 * Paths are reconciled a block at a time, node by node: each path's years
 * are read once, in one sweep (they are contiguous in the caller's array),
 * into node-major rows, where a node's values for the block sit side by
 * side.  That is far kinder to the cache than visiting every node for one
 * path and year.  The arithmetic per path and year is the same, in the same
 * order, whatever the block.  A block holds about RECON_BLOCK_DOUBLES values.
 */
#define RECON_BLOCK_DOUBLES 262144

/* The plan's arrays (shared by every range of paths). */
static void plan_arrays_free(struct recon_work *w)
{
    free(w->order);
    free(w->depth);
    free(w->cstart);
    free(w->clist);
    free(w->var);
    free(w->cvar);
    free(w->sumvar);
    free(w->prec);
}

static int plan_arrays_alloc(struct recon_work *w, size_t n, size_t h)
{
    size_t bs = RECON_BLOCK_DOUBLES / (n * h);

    w->h = h;
    w->bs = bs < 8 ? 8 : bs > 256 ? 256 : bs;
    w->order = malloc(n * sizeof *w->order);
    w->depth = malloc(n * sizeof *w->depth);
    w->cstart = calloc(n + 1, sizeof *w->cstart);
    w->clist = malloc(n * sizeof *w->clist);
    w->var = malloc(n * h * sizeof *w->var);
    w->cvar = malloc(n * h * sizeof *w->cvar);
    w->sumvar = malloc(n * h * sizeof *w->sumvar);
    w->prec = malloc(n * h * sizeof *w->prec);
    if (!w->order || !w->depth || !w->cstart || !w->clist || !w->var || !w->cvar || !w->sumvar ||
        !w->prec)
        return GSL_ENOMEM;
    return GSL_SUCCESS;
}

/* A range's own block of paths and scratch. */
static void block_free(struct recon_work *w)
{
    free(w->x);
    free(w->cv);
    free(w->sm);
    free(w->frac);
    free(w->bk);
    free(w->sel);
    free(w->selc);
    free(w->qsum);
    free(w->qt);
    free(w->qneg);
    free(w->qcnt);
}

static int block_alloc(struct recon_work *w, size_t n)
{
    size_t h = w->h;

    w->x = malloc(n * h * w->bs * sizeof *w->x);
    w->cv = malloc(n * h * w->bs * sizeof *w->cv);
    w->sm = malloc(n * h * w->bs * sizeof *w->sm);
    w->frac = malloc(n * w->bs * sizeof *w->frac);
    w->bk = malloc(n * w->bs);
    w->sel = malloc(n * sizeof *w->sel);
    w->selc = malloc(n * sizeof *w->selc);
    w->qsum = malloc(w->bs * sizeof *w->qsum);
    w->qt = malloc(w->bs * sizeof *w->qt);
    w->qneg = malloc(w->bs * sizeof *w->qneg);
    w->qcnt = malloc(w->bs * RECON_BUCKETS * sizeof *w->qcnt);
    if (!w->x || !w->cv || !w->sm || !w->frac || !w->bk || !w->sel || !w->selc || !w->qsum ||
        !w->qt || !w->qneg || !w->qcnt)
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
        w->sumvar[i] = 0.0; /* used as a fill counter below */
    for (i = 0; i < n; i++) {
        size_t par = nodes[i].parent;
        if (par != RECON_ROOT)
            w->clist[w->cstart[par] + (size_t)w->sumvar[par]++] = i;
    }
    k = 0;
    for (d = 0; d <= maxd; d++)
        for (i = 0; i < n; i++)
            if (w->depth[i] == d)
                w->order[k++] = i;
    return k == n ? GSL_SUCCESS : GSL_EINVAL;
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
 * their floors (so the sum, the parent, is unchanged), when every child has
 * a floor and the parent leaves room for all of them.  When some children
 * have no floor (e.g. the remainder of a city whose districts' figures
 * exceed its own, which may be negative), they take the deficit in equal
 * parts instead.  X holds the year's block, path q of node i at
 * X[i * bs + q].
 */
static void repair(const struct recon_node *nodes, const struct recon_work *w, size_t parent,
                   size_t q, size_t j, double *X)
{
    double room = 0.0, deficit = 0.0, f, lb;
    size_t k, n_free = 0;

    for (k = w->cstart[parent]; k < w->cstart[parent + 1]; k++) {
        const struct recon_node *c = &nodes[w->clist[k]];
        double x;
        if (!floor_of(c, j, &lb)) {
            n_free++;
            continue;
        }
        x = X[w->clist[k] * w->bs + q] - lb;
        if (x < 0.0)
            deficit -= x;
        else
            room += x;
    }
    if (deficit == 0.0)
        return;
    if (n_free > 0) {
        for (k = w->cstart[parent]; k < w->cstart[parent + 1]; k++) {
            double *x = &X[w->clist[k] * w->bs + q];
            if (!floor_of(&nodes[w->clist[k]], j, &lb))
                *x -= deficit / (double)n_free;
            else if (*x < lb)
                *x = lb;
        }
        return;
    }
    if (room <= 0.0)
        return;
    f = (room - deficit) / room;
    if (f < 0.0)
        return; /* the parent is below the children's floors: nothing coherent meets them */
    for (k = w->cstart[parent]; k < w->cstart[parent + 1]; k++) {
        const struct recon_node *c = &nodes[w->clist[k]];
        double *x = &X[w->clist[k] * w->bs + q];
        (void)floor_of(c, j, &lb);
        *x = *x < lb ? lb : lb + (*x - lb) * f;
    }
}

/*
 * Whether some child of `parent` with a floor is below it on some path of
 * the block: repair changes nothing on a path where none is (its deficit is
 * 0), and usually none is, so one pass over the block's values, node by
 * node, spares the path-by-path repair.
 */
static bool below_floor(const struct recon_node *nodes, const struct recon_work *w, size_t parent,
                        size_t nb, size_t j, const double *X)
{
    size_t k, q;
    double lb;

    for (k = w->cstart[parent]; k < w->cstart[parent + 1]; k++) {
        const double *x = X + w->clist[k] * w->bs;
        double lo = HUGE_VAL;
        if (!floor_of(&nodes[w->clist[k]], j, &lb))
            continue;
        for (q = 0; q < nb; q++)
            lo = x[q] < lo ? x[q] : lo;
        if (lo < lb)
            return true;
    }
    return false;
}

/* Year j's combined variances, the same for every path (deepest first). */
static void year_variances(const struct recon_node *nodes, size_t n, struct recon_work *w, size_t j)
{
    double *var = w->var + j * n, *cvar = w->cvar + j * n, *sumvar = w->sumvar + j * n;
    double *prec = w->prec + j * n;
    size_t k, i;

    for (i = 0; i < n; i++)
        sumvar[i] = 0.0;
    for (k = n; k-- > 0;) {
        i = w->order[k];
        if (nchild(w, i) == 0) {
            cvar[i] = var[i];
        } else if (nodes[i].has_base) {
            prec[i] = 1.0 / var[i] + 1.0 / sumvar[i];
            cvar[i] = 1.0 / prec[i];
        } else {
            cvar[i] = sumvar[i];
        }
        if (nodes[i].parent != RECON_ROOT)
            sumvar[nodes[i].parent] += cvar[i];
    }
}

/* Reconcile year j of the block already in w->x (nb paths). */
static void reconcile_year(const struct recon_node *nodes, size_t n, struct recon_work *w,
                           size_t nb, size_t j)
{
    size_t bs = w->bs, k, i, q;
    double *X = w->x + j * n * bs, *CV = w->cv + j * n * bs, *SM = w->sm + j * n * bs;
    const double *var = w->var + j * n, *cvar = w->cvar + j * n, *sumvar = w->sumvar + j * n;
    const double *prec = w->prec + j * n;

    for (i = 0; i < n; i++)
        for (q = 0; q < nb; q++)
            SM[i * bs + q] = 0.0;
    /* Up: deepest first. */
    for (k = n; k-- > 0;) {
        double *xi, *ci, *si, *sp;
        i = w->order[k];
        xi = X + i * bs;
        ci = CV + i * bs;
        si = SM + i * bs;
        if (nchild(w, i) == 0) {
            for (q = 0; q < nb; q++)
                ci[q] = xi[q];
        } else if (nodes[i].has_base) {
            double v = var[i], sv = sumvar[i], pr = prec[i];
            for (q = 0; q < nb; q++)
                ci[q] = (xi[q] / v + si[q] / sv) / pr;
        } else {
            for (q = 0; q < nb; q++)
                ci[q] = si[q];
        }
        if (nodes[i].parent != RECON_ROOT) {
            sp = SM + nodes[i].parent * bs;
            for (q = 0; q < nb; q++)
                sp[q] += ci[q];
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
        double *xi, *ci;
        i = w->order[k];
        par = nodes[i].parent;
        xi = X + i * bs;
        ci = CV + i * bs;
        if (par == RECON_ROOT) {
            double lb;
            bool has_floor = floor_of(&nodes[i], j, &lb);
            for (q = 0; q < nb; q++)
                xi[q] = has_floor && ci[q] < lb ? lb : ci[q];
        } else {
            const double *xp = X + par * bs, *sp = SM + par * bs;
            double share = cvar[i] / sumvar[par];
            for (q = 0; q < nb; q++)
                xi[q] = ci[q] + share * (xp[q] - sp[q]);
            if (w->clist[w->cstart[par + 1] - 1] == i && below_floor(nodes, w, par, nb, j, X))
                for (q = 0; q < nb; q++)
                    repair(nodes, w, par, q, j, X);
        }
    }
}

/*
 * Counts stay counts.  When every node with a forecast is a count (is_count),
 * the reconciled
 * values are made whole again without breaking any sum: top-down, a root is
 * rounded, and each parent's whole value is shared among its children as
 * their integer parts plus one each to the largest fractional parts (the
 * largest-remainder rule), so every child moves by less than 1 and keeps its
 * whole-number floor (a fractional floor, such as a projected year to date,
 * may be crossed by less than 1).  The means still add up, being means of
 * sums.
 */
static bool all_counts(const struct recon_node *nodes, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (nodes[i].has_base && !nodes[i].is_count)
            return false;
    return true;
}

/*
 * The k-th largest (0-based) of v[0..m-1], k < m; v is reordered.  Hoare's
 * selection with a middle pivot: O(m) on average, where sorting every
 * parent's children on every path and year cost more than the rest of the
 * reconciliation.
 */
static double kth_largest(double *v, size_t m, size_t k)
{
    size_t lo = 0, hi = m - 1;

    while (lo < hi) {
        double pivot = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] > pivot)
                i++;
            while (v[j] < pivot)
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j-- == 0)
                    break;
            }
        }
        if (k <= j && j != (size_t)-1)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

/*
 * floor(x) without the library call or the long sequence a compiler emits
 * for it on plain x86-64: below 2^52 in magnitude the truncation to a whole
 * number is exact, above it every double is whole.  The one difference,
 * floor(-0.0) = +0.0 here, changes nothing where it is used (x + 1e-9 is
 * never -0.0, and a zero's sign is lost in x - fl and fl + 0.0).
 */
static double floor_exact(double x)
{
    double t;

    if (!(fabs(x) < 0x1p52))
        return x; /* whole, infinite or NaN */
    t = (double)(long long)x;
    if (t > x)
        t -= 1.0;
    return t;
}

static size_t bucket_of(double f)
{
    size_t b = (size_t)(f * RECON_BUCKETS);

    return b < RECON_BUCKETS ? b : RECON_BUCKETS - 1;
}

/*
 * The threshold of path q's largest remainders among nc children: the units
 * d = xi - sum of whole parts go one each to the largest fractions, those
 * above the u-th largest t first (u: the fewest that bring the sum of whole
 * numbers to xi, at most the m fractions >= 0), then to the earliest of
 * those equal to t.  t lies in the highest bucket b that brings the count
 * from the top to u, and is found among that bucket's members alone, every
 * higher bucket's being larger.  Sets w->qt[q] (+inf: no unit to give) and
 * gives the units left for fractions equal to it to the earliest of them
 * among the children cl[] (X: the year's block), all in bucket b.  Those
 * are whole numbers, so whether their unit comes before or after the
 * others' makes no difference.
 */
static void path_threshold(const struct recon_work *w, size_t nc, double xi, size_t q, double *X,
                           const size_t *cl)
{
    size_t bs = w->bs, m = nc - w->qneg[q], u, above = 0, b, nsel = 0, c;
    const unsigned *cnt = w->qcnt + q * RECON_BUCKETS;
    double d = xi - w->qsum[q], t;

    u = !(d > 0) ? 0 : d >= (double)m ? m : (size_t)ceil(d);
    w->qt[q] = HUGE_VAL;
    if (u == 0)
        return;
    for (b = RECON_BUCKETS; b-- > 0 && above + cnt[b] < u;)
        above += cnt[b];
    for (c = 0; c < nc; c++)
        if (w->bk[c * bs + q] == b) {
            w->selc[nsel] = c;
            w->sel[nsel++] = w->frac[c * bs + q];
        }
    t = kth_largest(w->sel, nsel, u - above - 1);
    u -= above;
    for (c = 0; c < nsel; c++)
        if (w->sel[c] > t)
            u--;
    w->qt[q] = t;
    for (c = 0; c < nsel && u > 0; c++)
        if (w->frac[w->selc[c] * bs + q] == t) {
            X[cl[w->selc[c]] * bs + q] += 1;
            u--;
        }
}

/*
 * Year j of the block in w->x (nb paths) made whole.  Each path and year is
 * its own problem; the loops over a parent's children take the block's
 * paths innermost, where a node's values sit side by side, and give the
 * same numbers as one path at a time (each path's sum adds its children in
 * the same order).
 */
static void make_whole(const struct recon_node *nodes, size_t n, const struct recon_work *w,
                       size_t nb, size_t j)
{
    size_t bs = w->bs, q, k, c;
    double *X = w->x + j * n * bs, *frac = w->frac;
    unsigned char *bk = w->bk;

    for (k = 0; k < n; k++) {
        size_t i = w->order[k], nc = nchild(w, i);
        const size_t *cl = w->clist + w->cstart[i];
        const double *xi = X + i * bs;
        if (nodes[i].parent == RECON_ROOT)
            for (q = 0; q < nb; q++)
                X[i * bs + q] = nearbyint(X[i * bs + q]) + 0.0;
        if (nc == 0)
            continue;
        for (q = 0; q < nb; q++) {
            w->qsum[q] = 0;
            w->qneg[q] = 0;
        }
        memset(w->qcnt, 0, nb * RECON_BUCKETS * sizeof *w->qcnt);
        /* Each child's whole part stays, its fraction is kept (a hair below a whole number: < 0).
         */
        for (c = 0; c < nc; c++) {
            double *x = X + cl[c] * bs, *f = frac + c * bs;
            unsigned char *kb = bk + c * bs;
            for (q = 0; q < nb; q++) {
                double fl = floor_exact(x[q] + 1e-9);
                f[q] = x[q] - fl;
                kb[q] = RECON_BUCKETS;
                if (f[q] >= 0) {
                    kb[q] = (unsigned char)bucket_of(f[q]);
                    w->qcnt[q * RECON_BUCKETS + kb[q]]++;
                } else {
                    w->qneg[q]++;
                }
                x[q] = fl + 0.0;
                w->qsum[q] += fl;
            }
        }
        for (q = 0; q < nb; q++)
            path_threshold(w, nc, xi[q], q, X, cl);
        /*
         * Every fraction above its path's threshold takes a unit (an add of
         * 0 or 1: no predictor guesses which).
         */
        for (c = 0; c < nc; c++) {
            double *x = X + cl[c] * bs;
            const double *f = frac + c * bs;
            for (q = 0; q < nb; q++)
                x[q] += (double)(f[q] > w->qt[q]);
        }
    }
}

/* Reconcile paths p0 .. p0 + nb - 1, every year: read, reconcile, write back. */
static void reconcile_block(struct recon_node *nodes, size_t n, struct recon_work *w, size_t p0,
                            size_t nb)
{
    size_t bs = w->bs, h = w->h, i, q, j;

    for (i = 0; i < n; i++) {
        if (!nodes[i].has_base)
            continue;
        for (q = 0; q < nb; q++) {
            const double *row = nodes[i].paths + (p0 + q) * nodes[i].stride;
            for (j = 0; j < h; j++)
                w->x[(j * n + i) * bs + q] = row[j];
        }
    }
    for (j = 0; j < h; j++) {
        reconcile_year(nodes, n, w, nb, j);
        if (w->whole)
            make_whole(nodes, n, w, nb, j);
    }
    for (i = 0; i < n; i++)
        for (q = 0; q < nb; q++) {
            double *row = nodes[i].paths + (p0 + q) * nodes[i].stride;
            for (j = 0; j < h; j++)
                row[j] = w->x[(j * n + i) * bs + q];
        }
}

struct recon_plan {
    struct recon_work w; /* without a block: each range allocates its own */
    size_t n_nodes, npaths;
};

void model_reconcile_plan_free(struct recon_plan *plan)
{
    if (!plan)
        return;
    plan_arrays_free(&plan->w);
    free(plan);
}

int model_reconcile_plan_begin(const struct recon_node *nodes, size_t n_nodes, size_t npaths,
                               size_t h, struct recon_plan **out)
{
    struct recon_plan *plan;
    struct recon_work *w;
    size_t i;
    int status;

    *out = NULL;
    if (!nodes || n_nodes == 0 || npaths == 0 || h == 0)
        return GSL_EINVAL;
    for (i = 0; i < n_nodes; i++)
        if (!nodes[i].paths || nodes[i].stride < h)
            return GSL_EINVAL;
    plan = calloc(1, sizeof *plan);
    if (!plan)
        return GSL_ENOMEM;
    plan->n_nodes = n_nodes;
    plan->npaths = npaths;
    w = &plan->w;
    status = plan_arrays_alloc(w, n_nodes, h);
    if (!status)
        status = structure(nodes, n_nodes, w);
    for (i = 0; i < n_nodes && !status; i++)
        if (nchild(w, i) == 0 && !nodes[i].has_base)
            status = GSL_EINVAL;
    if (status)
        model_reconcile_plan_free(plan);
    else
        *out = plan;
    return status;
}

int model_reconcile_plan_nodes(struct recon_plan *plan, const struct recon_node *nodes, size_t i0,
                               size_t i1)
{
    struct recon_work *w = &plan->w;
    size_t h = w->h, n_nodes = plan->n_nodes, npaths = plan->npaths, i, j, p;
    double *mean, *ss;
    int status = GSL_SUCCESS;

    if (i1 > n_nodes || i0 > i1)
        return GSL_EINVAL;
    mean = malloc(2 * h * sizeof *mean);
    if (!mean)
        return GSL_ENOMEM;
    ss = mean + h;
    /*
     * Each node's mean and variance by year, two sweeps through its paths in
     * memory order (gsl_stats_mean divides per element and reads one year at
     * a time).
     */
    for (i = i0; i < i1 && !status; i++) {
        if (!nodes[i].has_base)
            continue;
        for (j = 0; j < h; j++)
            mean[j] = ss[j] = 0.0;
        for (p = 0; p < npaths; p++)
            for (j = 0; j < h; j++)
                mean[j] += nodes[i].paths[p * nodes[i].stride + j];
        for (j = 0; j < h; j++)
            mean[j] /= (double)npaths;
        if (npaths > 1)
            for (p = 0; p < npaths; p++)
                for (j = 0; j < h; j++) {
                    double dev = nodes[i].paths[p * nodes[i].stride + j] - mean[j];
                    ss[j] += dev * dev;
                }
        for (j = 0; j < h; j++) {
            double var = npaths > 1 ? ss[j] / (double)(npaths - 1) : 1.0;
            if (!isfinite(mean[j]) || !isfinite(var)) {
                status = GSL_EINVAL;
                break;
            }
            if (npaths > 1)
                var = fmax(var, 1e-12 * fmax(1.0, mean[j] * mean[j]));
            w->var[j * n_nodes + i] = var;
        }
    }
    free(mean);
    return status;
}

void model_reconcile_plan_end(struct recon_plan *plan, const struct recon_node *nodes)
{
    size_t j;

    for (j = 0; j < plan->w.h; j++)
        year_variances(nodes, plan->n_nodes, &plan->w, j);
    plan->w.whole = all_counts(nodes, plan->n_nodes);
}

int model_reconcile_plan(const struct recon_node *nodes, size_t n_nodes, size_t npaths, size_t h,
                         struct recon_plan **out)
{
    int status = model_reconcile_plan_begin(nodes, n_nodes, npaths, h, out);

    if (!status)
        status = model_reconcile_plan_nodes(*out, nodes, 0, n_nodes);
    if (status) {
        model_reconcile_plan_free(*out);
        *out = NULL;
        return status;
    }
    model_reconcile_plan_end(*out, nodes);
    return GSL_SUCCESS;
}

int model_reconcile_paths(const struct recon_plan *plan, struct recon_node *nodes, size_t p0,
                          size_t p1)
{
    struct recon_work w;
    size_t p;
    int status;

    if (!plan || p0 > p1 || p1 > plan->npaths)
        return GSL_EINVAL;
    w = plan->w;
    status = block_alloc(&w, plan->n_nodes);
    if (!status)
        for (p = p0; p < p1; p += w.bs)
            reconcile_block(nodes, plan->n_nodes, &w, p, p1 - p < w.bs ? p1 - p : w.bs);
    block_free(&w);
    return status;
}

int model_reconcile(struct recon_node *nodes, size_t n_nodes, size_t npaths, size_t h)
{
    struct recon_plan *plan;
    int status = model_reconcile_plan(nodes, n_nodes, npaths, h, &plan);

    if (!status)
        status = model_reconcile_paths(plan, nodes, 0, npaths);
    model_reconcile_plan_free(plan);
    return status;
}
