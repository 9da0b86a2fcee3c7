/*
 * models/allocate.c -- splitting a city target over its districts, and
 * judging a split, from the districts' outcomes over the same paths.
 *
 * Both methods share one shape: share i is clamp(g_i(theta), min_i, max_i)
 * for a scalar theta and non-decreasing g_i, so the sum S(theta) is
 * continuous and non-decreasing and bisection finds the theta where it
 * reaches the total.  Equal-risk: theta is the quantile level 1 - p* and
 * g_i its quantile of district i's outcomes; the smallest theta with
 * S(theta) >= T is the largest p*.  Past the extreme paths (theta < 0 or
 * > 1, a total no path delivers) g_i goes on linearly at one standard
 * deviation of the district per unit of theta (one unit when the district
 * has no spread), so every total within the bounds still splits, at p* = 0
 * (or 1).  Proportional: g_i(lambda) = lambda max(E X_i, 0) (all ones when
 * no district expects anything).
 *
 * Rounding: every share is floored to whole units and the units still
 * missing (or, through floating point, in excess) go one at a time to the
 * district that suffers least: for equal-risk the one whose probability of
 * meeting share + unit is highest (ties: the larger remainder, then the
 * first), for proportional the largest remainder.  That keeps the sum exact
 * and the probabilities as even as whole units let them be.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "model.h"

#define ALLOC_BISECT_ITER 200  /* halvings of the bracket: far below any unit */
#define ALLOC_EXPAND_ITER 1000 /* doublings while bracketing: below DBL_MAX */

size_t model_alloc_work_size(size_t n, size_t npaths)
{
    return n * npaths + 3 * n;
}

/* The view of the problem the bisection works on. */
struct split_state {
    const struct alloc_problem *pb;
    const double *sorted; /* [n * npaths] each district's outcomes, ascending */
    double *lo, *hi;      /* [n] bounds in units of pb->unit, whole numbers (may be infinite) */
    double *aux;          /* [n] equal-risk: spread per unit of theta; proportional: weight */
};

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

/* Share i, in units, at theta before clamping. */
static double g_of(const struct split_state *st, size_t i, double theta)
{
    const struct alloc_problem *pb = st->pb;
    const double *x = st->sorted + i * pb->npaths;
    size_t n = pb->npaths;
    double v;

    if (pb->method == ALLOC_PROPORTIONAL)
        return theta * st->aux[i] / pb->unit;
    if (theta <= 0.0)
        v = x[0] + theta * st->aux[i];
    else if (theta >= 1.0)
        v = x[n - 1] + (theta - 1.0) * st->aux[i];
    else
        v = gsl_stats_quantile_from_sorted_data(x, 1, n, theta);
    return v / pb->unit;
}

static double sum_at(const struct split_state *st, double theta, double *shares)
{
    double sum = 0.0;
    size_t i;

    for (i = 0; i < st->pb->n; i++) {
        double s = clamp(g_of(st, i, theta), st->lo[i], st->hi[i]);
        if (shares)
            shares[i] = s;
        sum += s;
    }
    return sum;
}

/*
 * The smallest theta with S(theta) >= t (in units), by bracketing then
 * bisection.  The caller has checked sum(lo) <= t <= sum(hi).  Returns 0 or
 * GSL_EDOM when S never reaches t (proportional with the weighted districts
 * full).
 */
static int solve_theta(const struct split_state *st, double t, double *theta)
{
    double a, b, tol = 1e-9 * fmax(1.0, fabs(t));
    size_t it;

    if (st->pb->method == ALLOC_EQUAL_RISK) {
        a = 0.0;
        b = 1.0;
    } else {
        a = -1.0;
        b = 1.0;
    }
    for (it = 0; it < ALLOC_EXPAND_ITER && sum_at(st, b, NULL) < t - tol; it++)
        b = b > 0.0 ? 2.0 * b : 1.0;
    if (sum_at(st, b, NULL) < t - tol)
        return GSL_EDOM;
    for (it = 0; it < ALLOC_EXPAND_ITER && sum_at(st, a, NULL) >= t - tol; it++)
        a = a < 0.0 ? 2.0 * a : -1.0;
    if (sum_at(st, a, NULL) >= t - tol) {
        *theta = a; /* the minimums alone reach it (t == sum of lo) */
        return GSL_SUCCESS;
    }
    /* Invariant: S(a) < t - tol <= S(b). */
    for (it = 0; it < ALLOC_BISECT_ITER && b - a > 1e-15 * fmax(1.0, fabs(b)); it++) {
        double mid = 0.5 * (a + b);
        if (sum_at(st, mid, NULL) >= t - tol)
            b = mid;
        else
            a = mid;
    }
    *theta = b;
    return GSL_SUCCESS;
}

/* P(outcome >= v) over district i's sorted outcomes, counted as the targets count it. */
static double prob_at_least(const double *x, size_t n, double v)
{
    size_t a = 0, b = n;

    while (a < b) { /* the first index with model_target_meets(x, v) */
        size_t m = a + (b - a) / 2;
        if (model_target_meets(x[m], v))
            b = m;
        else
            a = m + 1;
    }
    return (double)(n - a) / (double)n;
}

/*
 * Floor the shares (in units) and hand out the k = total - sum units left,
 * one by one, to the district the method prefers (see the file comment), at
 * most one each, so no share moves a whole unit from its unrounded value;
 * k < n because the unrounded shares add up to the total.  A negative k
 * (floating point only) takes units back from the least preferred.  shares are in
 * units on entry and whole numbers on return.
 */
static void round_shares(const struct split_state *st, double t, double *shares, double *frac)
{
    const struct alloc_problem *pb = st->pb;
    size_t n = pb->n, i;
    double sum = 0.0, k;

    for (i = 0; i < n; i++) {
        double f = floor(shares[i] + 1e-9);
        f = clamp(f, st->lo[i], st->hi[i]);
        frac[i] = shares[i] - f;
        shares[i] = f;
        sum += f;
    }
    for (k = t - sum; k > 0.5; k -= 1.0) {
        size_t best = n;
        double best_p = -1.0;
        for (i = 0; i < n; i++) {
            double p;
            if (shares[i] + 1.0 > st->hi[i] || frac[i] < 0.0)
                continue; /* full, or given its unit already */
            p = pb->method == ALLOC_EQUAL_RISK
                    ? prob_at_least(st->sorted + i * pb->npaths, pb->npaths,
                                    (shares[i] + 1.0) * pb->unit)
                    : frac[i];
            if (best == n || p > best_p ||
                (p == best_p && pb->method == ALLOC_EQUAL_RISK && frac[i] > frac[best])) {
                best = i;
                best_p = p;
            }
        }
        if (best == n)
            break; /* cannot happen: sum(hi) >= t was checked */
        shares[best] += 1.0;
        frac[best] -= 1.0;
    }
    for (; k < -0.5; k += 1.0) {
        size_t worst = n;
        double worst_p = 2.0;
        for (i = 0; i < n; i++) {
            double p;
            if (shares[i] - 1.0 < st->lo[i] || frac[i] > 0.5)
                continue; /* at its floor, or a unit taken already */
            p = pb->method == ALLOC_EQUAL_RISK
                    ? prob_at_least(st->sorted + i * pb->npaths, pb->npaths, shares[i] * pb->unit)
                    : frac[i];
            if (worst == n || p < worst_p) {
                worst = i;
                worst_p = p;
            }
        }
        if (worst == n)
            break;
        shares[worst] -= 1.0;
        frac[worst] += 1.0;
    }
}

/* Bounds in whole units, rounded inward; checks that they can hold the total. */
static int set_bounds(const struct split_state *st, struct alloc_result *res)
{
    const struct alloc_problem *pb = st->pb;
    size_t i;

    res->sum_min = 0.0;
    res->sum_max = 0.0;
    for (i = 0; i < pb->n; i++) {
        double lo = pb->min ? pb->min[i] : -HUGE_VAL, hi = pb->max ? pb->max[i] : HUGE_VAL;
        if (isnan(lo) || isnan(hi))
            return GSL_EINVAL;
        st->lo[i] = isfinite(lo) ? ceil(lo / pb->unit - 1e-9) : lo;
        st->hi[i] = isfinite(hi) ? floor(hi / pb->unit + 1e-9) : hi;
        if (st->lo[i] > st->hi[i]) {
            res->why = ALLOC_E_MIN_OVER_MAX;
            res->district = i;
            return GSL_EDOM;
        }
        res->sum_min += isfinite(st->lo[i]) ? st->lo[i] * pb->unit : 0.0;
        res->sum_max += st->hi[i] * pb->unit;
    }
    for (i = 0; i < pb->n && isfinite(st->lo[i]); i++)
        ;
    if (i == pb->n && res->sum_min > pb->total + 1e-9 * fmax(1.0, fabs(pb->total))) {
        res->why = ALLOC_E_MINS_EXCEED;
        return GSL_EDOM;
    }
    if (res->sum_max < pb->total - 1e-9 * fmax(1.0, fabs(pb->total))) {
        res->why = ALLOC_E_MAXES_SHORT;
        return GSL_EDOM;
    }
    return GSL_SUCCESS;
}

int model_alloc_split(const struct alloc_problem *pb, double *work, double *shares,
                      struct alloc_result *res)
{
    struct split_state st;
    size_t n, np, i, p;
    double t, theta = 0.0;
    int status;

    if (!pb || !work || !shares || !res || !pb->outcomes || pb->n == 0 || pb->npaths == 0)
        return GSL_EINVAL;
    if (!(pb->unit > 0.0) || !isfinite(pb->unit) || !isfinite(pb->total))
        return GSL_EINVAL;
    if (pb->method != ALLOC_PROPORTIONAL && pb->method != ALLOC_EQUAL_RISK)
        return GSL_EINVAL;
    memset(res, 0, sizeof *res);
    n = pb->n;
    np = pb->npaths;
    for (i = 0; i < n * np; i++)
        if (!isfinite(pb->outcomes[i]))
            return GSL_EINVAL;
    t = round(pb->total / pb->unit);
    if (fabs(pb->total / pb->unit - t) > 1e-6) {
        res->why = ALLOC_E_TOTAL_UNIT;
        return GSL_EDOM;
    }
    st.pb = pb;
    st.sorted = work;
    st.lo = work + n * np;
    st.hi = st.lo + n;
    st.aux = st.hi + n;
    status = set_bounds(&st, res);
    if (status)
        return status;
    memcpy(work, pb->outcomes, n * np * sizeof *work);
    for (i = 0; i < n; i++) {
        double *x = work + i * np, sd;
        gsl_sort(x, 1, np);
        if (pb->method == ALLOC_EQUAL_RISK) {
            sd = np > 1 ? gsl_stats_sd(x, 1, np) : 0.0;
            st.aux[i] = sd > 0.0 ? sd : pb->unit;
        } else {
            double mean = model_mean(x, np);
            st.aux[i] = mean > 0.0 ? mean : 0.0;
        }
    }
    if (pb->method == ALLOC_PROPORTIONAL) {
        for (i = 0; i < n && st.aux[i] == 0.0; i++)
            ;
        if (i == n)
            for (p = 0; p < n; p++)
                st.aux[p] = 1.0;
    }
    status = solve_theta(&st, t, &theta);
    if (status) {
        res->why = ALLOC_E_NO_ROOM;
        return status;
    }
    (void)sum_at(&st, theta, shares);
    if (pb->method == ALLOC_EQUAL_RISK) {
        res->p_star = clamp(1.0 - theta, 0.0, 1.0);
        res->beyond_paths = theta > 1.0 || theta < 0.0;
    }
    /* The bounds are no longer needed once clamped: frac reuses the aux space. */
    round_shares(&st, t, shares, st.aux);
    for (i = 0; i < n; i++)
        shares[i] *= pb->unit;
    return GSL_SUCCESS;
}

int model_alloc_eval(const double *outcomes, size_t n, size_t npaths, const double *shares,
                     const double *city, double total, struct alloc_district_eval *per,
                     struct alloc_eval *out)
{
    size_t i, p, all = 0, city_hits = 0, misses = 0;

    if (!outcomes || !shares || !per || !out || n == 0 || npaths == 0 || !isfinite(total))
        return GSL_EINVAL;
    memset(out, 0, sizeof *out);
    for (i = 0; i < n; i++) {
        if (!isfinite(shares[i]))
            return GSL_EINVAL;
        memset(&per[i], 0, sizeof per[i]);
        out->sum_shares += shares[i];
    }
    for (p = 0; p < npaths; p++) {
        double sum = 0.0;
        size_t miss = 0;
        for (i = 0; i < n; i++) {
            double x = outcomes[i * npaths + p];
            if (!isfinite(x))
                return GSL_EINVAL;
            sum += x;
            per[i].expected += x;
            if (model_target_meets(x, shares[i]))
                per[i].probability += 1.0;
            else
                miss++;
            if (shares[i] > x)
                per[i].shortfall += shares[i] - x;
        }
        if (city) {
            if (!isfinite(city[p]))
                return GSL_EINVAL;
            sum = city[p];
        }
        city_hits += model_target_meets(sum, total);
        all += miss == 0;
        misses += miss;
    }
    for (i = 0; i < n; i++) {
        per[i].probability /= (double)npaths;
        per[i].shortfall /= (double)npaths;
        per[i].expected /= (double)npaths;
    }
    out->p_city = (double)city_hits / (double)npaths;
    out->p_all = (double)all / (double)npaths;
    out->expected_misses = (double)misses / (double)npaths;
    out->sum_mismatch = fabs(out->sum_shares - total) > 1e-9 * fmax(1.0, fabs(total));
    return GSL_SUCCESS;
}
