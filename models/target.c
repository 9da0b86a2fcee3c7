/*
 * models/target.c -- will a target be met?  The arithmetic that turns a
 * series' history and simulated futures into the quantity a target is about,
 * the share of futures that meet it, and what growth it would take.
 *
 * The compared quantity X:
 *   stock, level      X = level(deadline)
 *   stock, increment  X = level(deadline) - level(start - 1)
 *   flow,  level      X = flow(deadline), the deadline year's total
 *   flow,  increment  X = flow(start) + ... + flow(deadline)
 * Years up to the last observation come from the history (linear
 * interpolation across gaps, so a missing 2019 between 2018 and 2020 is the
 * mid-point), later years from the path.
 *
 * required_growth is the constant yearly rate g at which the series, growing
 * from its last observed value y_last as y_last (1 + g)^(year - t_last) (the
 * level for a stock, the yearly flow for a flow), makes X exactly equal to the
 * target.  In closed form: stock level (v / y_last)^(1/k) - 1 with
 * k = deadline - t_last; flow level the same with the flow.  For increments
 * (and flow sums) X(g) has no closed form and is solved by bisection; X(g) is
 * increasing for g >= 0, which is where every positive increment's solution
 * lies.  g = -1 (everything stops) that still meets the target sets
 * TARGET_F_MET.  The target is "unreachable at any historical growth rate"
 * when g exceeds the largest yearly growth the series ever showed.
 */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>

#include "model.h"

#define GROWTH_HI 10.0 /* the largest rate searched: +1000% a year */

enum target_status model_target_status(double probability)
{
    if (probability >= 0.8)
        return TARGET_ON_TRACK;
    if (probability >= 0.5)
        return TARGET_AT_RISK;
    return TARGET_OFF_TRACK;
}

const char *model_target_status_name(enum target_status status)
{
    static const char *const names[] = {[TARGET_ON_TRACK] = "on_track",
                                        [TARGET_AT_RISK] = "at_risk",
                                        [TARGET_OFF_TRACK] = "off_track"};

    return (size_t)status < sizeof names / sizeof names[0] ? names[status] : "off_track";
}

/* The observed value in year `year` (t[0] <= year <= t[n-1]), interpolating across gaps. */
static double observed_at(const struct target_series *s, double year)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        if (s->t[i] >= year) {
            double w;
            if (i == 0 || s->t[i] == year)
                return s->y[i];
            w = (year - s->t[i - 1]) / (s->t[i] - s->t[i - 1]);
            return s->y[i - 1] + w * (s->y[i] - s->y[i - 1]);
        }
    }
    return s->y[s->n - 1];
}

/*
 * Where the value of each year comes from: the history, a path of the
 * simulation, or a deterministic future (the growth path or the median).
 */
struct source {
    const struct target_series *s;
    const double *future; /* future[j] = year t_last + 1 + j, or NULL */
    size_t h;             /* entries in future */
};

static int value_at(const struct source *src, int year, double *out)
{
    const struct target_series *s = src->s;
    double t_last = s->t[s->n - 1];

    if ((double)year <= t_last) {
        if ((double)year < s->t[0])
            return GSL_EINVAL;
        *out = observed_at(s, year);
        return GSL_SUCCESS;
    } else {
        size_t j = (size_t)((double)year - t_last - 1.0);
        if (j >= src->h || !src->future)
            return GSL_EINVAL;
        *out = src->future[j];
        return GSL_SUCCESS;
    }
}

/* The compared quantity for the target with the given deadline. */
static int compared(const struct target_spec *spec, int deadline, const struct source *src,
                    double *out)
{
    double a, b, sum = 0.0;
    int status, y;

    if (!spec->is_increment)
        return value_at(src, deadline, out);
    if (!spec->is_flow) {
        status = value_at(src, deadline, &a);
        if (!status)
            status = value_at(src, spec->start - 1, &b);
        if (status)
            return status;
        *out = a - b;
        return GSL_SUCCESS;
    }
    for (y = spec->start; y <= deadline; y++) {
        status = value_at(src, y, &a);
        if (status)
            return status;
        sum += a;
    }
    *out = sum;
    return GSL_SUCCESS;
}

/* The least X that meets the target: reconciled paths carry rounding of order 1e-12. */
static double meets_from(double target)
{
    return target - 1e-9 * fmax(1.0, fabs(target));
}

bool model_target_meets(double x, double v)
{
    return x >= meets_from(v);
}

static bool meets(double x, double target)
{
    return model_target_meets(x, target);
}

/* The comparable quantity over the L = deadline - start + 1 years ending at the last observation.
 */
static double baseline_of(const struct target_spec *spec, const struct target_series *s)
{
    double t0 = s->t[0], t_last = s->t[s->n - 1], y_last = s->y[s->n - 1];
    int len = spec->is_increment ? spec->deadline - spec->start + 1 : 1;
    int y;

    if (!spec->is_increment)
        return y_last;
    if (!spec->is_flow) {
        if (t_last - len >= t0)
            return y_last - observed_at(s, t_last - len);
        if (s->n < 2)
            return 0.0;
        return (y_last - s->y[0]) / (t_last - t0) * len;
    }
    if (t_last - len + 1 >= t0) {
        double sum = 0.0;
        for (y = 0; y < len; y++)
            sum += observed_at(s, t_last - y);
        return sum;
    }
    return gsl_stats_mean(s->y, 1, s->n) * len;
}

/* X(g) for the growth path y_last (1 + g)^k, into buf[0..h-1]. */
static int growth_compared(const struct target_spec *spec, const struct target_series *s, double g,
                           double *buf, size_t h, double *out)
{
    struct source src = {s, buf, h};
    double y_last = s->y[s->n - 1];
    size_t j;

    for (j = 0; j < h; j++)
        buf[j] = y_last * pow(1.0 + g, (double)(j + 1));
    return compared(spec, spec->deadline, &src, out);
}

static double max_growth(const struct target_series *s, bool *found)
{
    double best = 0.0;
    size_t i;

    *found = false;
    for (i = 1; i < s->n; i++) {
        double g;
        if (!(s->y[i - 1] > 0.0) || s->y[i] < 0.0)
            continue;
        g = pow(s->y[i] / s->y[i - 1], 1.0 / (s->t[i] - s->t[i - 1])) - 1.0;
        if (!*found || g > best)
            best = g;
        *found = true;
    }
    return best;
}

static void required_growth(const struct target_spec *spec, const struct target_series *s,
                            struct target_result *out)
{
    double buf[MODEL_MAX_HORIZON + 1];
    double t_last = s->t[s->n - 1], lo, hi, xlo, xhi, x0;
    size_t h = (size_t)((double)spec->deadline - t_last), it;
    bool found;

    out->has_required_growth = false;
    out->max_hist_growth = max_growth(s, &found);
    if ((double)spec->deadline <= t_last || h > MODEL_MAX_HORIZON + 1)
        return;
    if (!(s->y[s->n - 1] > 0.0)) {
        /* Nothing grows from zero: met only if the history already meets it. */
        if (!growth_compared(spec, s, 0.0, buf, h, &x0) && meets(x0, spec->value)) {
            out->flags |= TARGET_F_MET;
            out->has_required_growth = true;
            out->required_growth = -1.0;
        } else {
            out->flags |= TARGET_F_NO_GROWTH;
        }
        return;
    }
    if (growth_compared(spec, s, -1.0, buf, h, &xlo) ||
        growth_compared(spec, s, 0.0, buf, h, &x0) ||
        growth_compared(spec, s, GROWTH_HI, buf, h, &xhi))
        return;
    if (xlo >= spec->value) {
        out->flags |= TARGET_F_MET;
        out->has_required_growth = true;
        out->required_growth = -1.0;
        return;
    }
    if (x0 >= spec->value) {
        lo = -1.0;
        hi = 0.0;
    } else if (xhi >= spec->value) {
        lo = 0.0;
        hi = GROWTH_HI;
    } else {
        out->flags |= TARGET_F_NO_GROWTH | TARGET_F_UNREACHABLE;
        return;
    }
    /* Invariant: X(lo) < value <= X(hi).  60 halvings: below 1e-15 of the bracket. */
    for (it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi), xm;
        if (growth_compared(spec, s, mid, buf, h, &xm))
            return;
        if (xm >= spec->value)
            hi = mid;
        else
            lo = mid;
    }
    if (fabs(hi) < 1e-12)
        hi = 0.0; /* the target is the last value itself: not -1e-17 */
    out->has_required_growth = true;
    out->required_growth = hi;
    if (found && hi > out->max_hist_growth + 1e-12)
        out->flags |= TARGET_F_UNREACHABLE;
}

/* Insertion sort of w[lo..hi] (a few elements). */
static void sort_small(double *w, ptrdiff_t lo, ptrdiff_t hi)
{
    ptrdiff_t i, j;

    for (i = lo + 1; i <= hi; i++) {
        double v = w[i];
        for (j = i; j > lo && w[j - 1] > v; j--)
            w[j] = w[j - 1];
        w[j] = v;
    }
}

static double median3(double a, double b, double c)
{
    double lo = a < b ? a : b, hi = a < b ? b : a;

    return c < lo ? lo : (c > hi ? hi : c);
}

/*
 * Selection: afterwards w[k] is the k-th smallest of w[lo..hi] and
 * w[lo..k-1] <= w[k] <= w[k+1..hi], which lets several order statistics be
 * found in ever smaller ranges.  Each step splits the range around the
 * median of three of its values by a branch-free Lomuto pass (the swap is
 * unconditional, the split point moves by the comparison: no mispredicted
 * branches on random data, twice as fast as Hoare's scans here).  When
 * nothing is below the pivot (ties: a flow's many zeros, rounded counts), a
 * second pass splits off the values equal to it, so ties cannot stall it.
 * Order statistics are unique values, so the result does not depend on how
 * they are found.
 */
static void select_k(double *w, ptrdiff_t lo, ptrdiff_t hi, ptrdiff_t k)
{
    while (hi - lo > 8) {
        ptrdiff_t n = hi - lo + 1, i, m = lo;
        double x = median3(w[lo + n / 4], w[lo + n / 2], w[lo + 3 * n / 4]);
        for (i = lo; i <= hi; i++) {
            double v = w[i];
            w[i] = w[m];
            w[m] = v;
            m += v < x;
        }
        if (k < m) {
            hi = m - 1;
            continue;
        }
        if (m > lo) {
            lo = m;
            continue;
        }
        /* Nothing below x: [lo, m) takes the values equal to it. */
        for (i = lo; i <= hi; i++) {
            double v = w[i];
            w[i] = w[m];
            w[m] = v;
            m += !(x < v);
        }
        if (k < m)
            return; /* w[k] == x */
        lo = m;
    }
    sort_small(w, lo, hi);
}

/* Put the order statistics idx[0..m-1] (ascending, distinct) in place within w[lo..hi]. */
static void multiselect(double *w, ptrdiff_t lo, ptrdiff_t hi, const ptrdiff_t *idx, size_t m)
{
    size_t mid;

    if (m == 0 || lo > hi)
        return;
    mid = m / 2;
    select_k(w, lo, hi, idx[mid]);
    multiselect(w, lo, idx[mid] - 1, idx, mid);
    multiselect(w, idx[mid] + 1, hi, idx + mid + 1, m - mid - 1);
}

int model_quantiles(double *w, size_t n, const double *probs, size_t np, double *out)
{
    ptrdiff_t idx[2 * MODEL_MAX_QUANTILES] = {0};
    size_t m = 0, i, k;

    if (!w || !probs || !out || n == 0 || np > MODEL_MAX_QUANTILES)
        return GSL_EINVAL;
    for (i = 0; i < np; i++)
        if (!(probs[i] >= 0.0 && probs[i] <= 1.0))
            return GSL_EINVAL;
    /* The indices either side of every quantile, sorted and distinct. */
    for (i = 0; i < np; i++) {
        double pos = (double)(n - 1) * probs[i];
        ptrdiff_t lo = (ptrdiff_t)floor(pos), c;
        for (c = lo; c <= lo + 1 && c < (ptrdiff_t)n; c++) {
            for (k = 0; k < m && idx[k] != c; k++)
                ;
            if (k == m)
                idx[m++] = c;
        }
    }
    for (i = 1; i < m; i++) /* insertion sort: m <= 2 * MODEL_MAX_QUANTILES */
        for (k = i; k > 0 && idx[k - 1] > idx[k]; k--) {
            ptrdiff_t t = idx[k];
            idx[k] = idx[k - 1];
            idx[k - 1] = t;
        }
    multiselect(w, 0, (ptrdiff_t)n - 1, idx, m);
    /* As gsl_stats_quantile_from_sorted_data: (1 - d) x[i] + d x[i + 1]. */
    for (i = 0; i < np; i++) {
        double pos = (double)(n - 1) * probs[i], d;
        size_t lo = (size_t)floor(pos);
        d = pos - (double)lo;
        if (lo + 1 >= n || d == 0.0)
            out[i] = w[lo];
        else
            out[i] = (1.0 - d) * w[lo] + d * w[lo + 1];
    }
    return GSL_SUCCESS;
}

/* The median of year j over the paths (work holds npaths doubles). */
static double median_of_year(const struct target_series *s, double *work, size_t j)
{
    static const double half = 0.5;
    double med = 0.0;
    size_t p;

    for (p = 0; p < s->npaths; p++)
        work[p] = s->paths[p * s->stride + j];
    (void)model_quantiles(work, s->npaths, &half, 1, &med);
    return med;
}

/*
 * Whether the median of year j over the paths meets a level target
 * (median >= thr), decided by counting instead of selecting: the median is
 * (1 - d) w[lo] + d w[lo + 1] of the sorted values (model_quantiles at 0.5),
 * and with c values >= thr, w[lo] >= thr exactly when c >= n - lo.  Only
 * when thr falls between w[lo] and w[lo + 1] are their values needed: the
 * largest value below thr and the smallest at or above it.  The same
 * answer as computing the median, for a pass through the paths.
 */
static bool median_meets(const struct target_series *s, size_t j, double thr)
{
    size_t n = s->npaths, c = 0, p, lo;
    double pos = (double)(n - 1) * 0.5, d, below = -HUGE_VAL, above = HUGE_VAL;

    for (p = 0; p < n; p++) {
        double x = s->paths[p * s->stride + j];
        bool ge = x >= thr;
        c += ge;
        below = !ge && x > below ? x : below;
        above = ge && x < above ? x : above;
    }
    lo = (size_t)floor(pos);
    d = pos - (double)lo;
    if (c >= n - lo)
        return true; /* w[lo] >= thr, and w[lo + 1] >= w[lo] */
    if (lo + 1 >= n || d == 0.0 || c < n - lo - 1)
        return false; /* the median is w[lo] < thr, or both are below thr */
    return (1.0 - d) * below + d * above >= thr;
}

static void reach_year(const struct target_spec *spec, const struct target_series *s, int from,
                       double *work, struct target_result *out)
{
    double med[MODEL_MAX_HORIZON];
    int t_last = (int)s->t[s->n - 1], first, last, y;
    size_t h = s->h < MODEL_MAX_HORIZON ? s->h : MODEL_MAX_HORIZON, known = 0;
    struct source src = {s, med, 0};

    out->has_reach_year = false;
    if (s->npaths == 0)
        h = 0;
    /* The first simulated year, or an increment's first year if later. */
    first = t_last + 1;
    if (spec->is_increment && spec->start > first)
        first = spec->start;
    if (from > first)
        first = from;
    last = t_last + TARGET_REACH_YEARS;
    if (spec->deadline > last)
        last = spec->deadline;
    for (y = first; y <= last; y++) {
        struct target_spec at = *spec;
        double x;
        if (y < spec->start && spec->is_increment)
            continue;
        if (!spec->is_increment && y > t_last) {
            /* A level: X is that year's median; only whether it meets matters. */
            size_t j = (size_t)(y - t_last - 1);
            if (j >= h)
                break; /* beyond the simulated years */
            if (median_meets(s, j, meets_from(spec->value))) {
                out->has_reach_year = true;
                out->reach_year = y;
                return;
            }
            continue;
        }
        at.deadline = y;
        /* The median path is computed year by year, only as far as the search goes. */
        while (y > t_last && known < h && (int)known < y - t_last)
            med[known] = median_of_year(s, work, known), known++;
        src.h = known;
        if (compared(&at, y, &src, &x))
            break; /* beyond the simulated years or before the history */
        if (meets(x, spec->value)) {
            out->has_reach_year = true;
            out->reach_year = y;
            return;
        }
    }
}

int model_target_eval(const struct target_spec *spec, const struct target_series *s, double *work,
                      struct target_result *out)
{
    double t_last;
    size_t p, hits = 0;
    int status;

    if (!spec || !s || !out || !s->t || !s->y || s->n == 0 || !isfinite(spec->value))
        return GSL_EINVAL;
    if (spec->start > spec->deadline || (!spec->is_increment && spec->start != spec->deadline))
        return GSL_EINVAL;
    if (s->h > 0 && (!s->paths || s->npaths == 0 || s->stride < s->h || !work))
        return GSL_EINVAL;
    memset(out, 0, sizeof *out);
    t_last = s->t[s->n - 1];
    out->baseline = baseline_of(spec, s);

    if ((double)spec->deadline <= t_last) {
        struct source src = {s, NULL, 0};
        double x;
        status = compared(spec, spec->deadline, &src, &x);
        if (status)
            return status;
        out->flags |= TARGET_F_DECIDED;
        out->compared_obs = x;
        out->probability = meets(x, spec->value) ? 1.0 : 0.0;
        out->expected = out->lo80 = out->hi80 = x;
    } else {
        if (s->h == 0)
            return GSL_EINVAL;
        for (p = 0; p < s->npaths; p++) {
            struct source src = {s, s->paths + p * s->stride, s->h};
            status = compared(spec, spec->deadline, &src, &work[p]);
            if (status)
                return status;
            if (meets(work[p], spec->value))
                hits++;
        }
        out->probability = (double)hits / (double)s->npaths;
        out->expected = model_mean(work, s->npaths);
        {
            static const double p80[2] = {0.1, 0.9};
            double q[2];
            (void)model_quantiles(work, s->npaths, p80, 2, q);
            /* A count's interval has whole ends: rounded outward, it holds at least 80%. */
            out->lo80 = s->is_count ? floor(q[0]) + 0.0 : q[0];
            out->hi80 = s->is_count ? ceil(q[1]) + 0.0 : q[1];
        }
    }
    out->status = model_target_status(out->probability);
    required_growth(spec, s, out);
    reach_year(spec, s, INT_MIN, work, out);
    if (!isfinite(out->expected) || !isfinite(out->lo80) || !isfinite(out->hi80) ||
        !isfinite(out->baseline) || (out->has_required_growth && !isfinite(out->required_growth)))
        return GSL_EDOM;
    return GSL_SUCCESS;
}

int model_target_reach(const struct target_spec *spec, const struct target_series *s, int from,
                       double *work, struct target_result *out)
{
    if (!spec || !s || !out || !s->t || !s->y || s->n == 0 || !isfinite(spec->value))
        return GSL_EINVAL;
    if (s->h > 0 && (!s->paths || s->npaths == 0 || s->stride < s->h || !work))
        return GSL_EINVAL;
    reach_year(spec, s, from, work, out);
    return GSL_SUCCESS;
}

int model_target_outcomes(const struct target_spec *spec, const struct target_series *s,
                          double *out)
{
    size_t p;
    int status;

    if (!spec || !s || !out || !s->t || !s->y || s->n == 0 || s->npaths == 0)
        return GSL_EINVAL;
    if (spec->start > spec->deadline || (!spec->is_increment && spec->start != spec->deadline))
        return GSL_EINVAL;
    if ((double)spec->deadline <= s->t[s->n - 1]) {
        struct source src = {s, NULL, 0};
        double x;
        status = compared(spec, spec->deadline, &src, &x);
        if (status)
            return status;
        for (p = 0; p < s->npaths; p++)
            out[p] = x;
        return GSL_SUCCESS;
    }
    if (s->h == 0 || !s->paths || s->stride < s->h)
        return GSL_EINVAL;
    for (p = 0; p < s->npaths; p++) {
        struct source src = {s, s->paths + p * s->stride, s->h};
        status = compared(spec, spec->deadline, &src, &out[p]);
        if (status)
            return status;
    }
    return GSL_SUCCESS;
}
