/*
 * tests/unit/test_models_allocate.c -- splitting a total over districts and
 * judging a split (models/allocate.c), and the per-path outcomes of a target
 * (model_target_outcomes).  Districts are constructed with known
 * distributions (independent Poisson or normal paths from a fixed gsl_rng);
 * the equal-risk probability of normal districts is checked against its
 * closed form, the evaluation figures against a hand computation and the
 * joint probabilities against a direct count written here.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "model.h"
#include "test_assert.h"

#define NPATHS 4000
#define NDIST 6

static const double poisson_means[NDIST] = {3.2, 7.5, 12.1, 4.4, 20.3, 1.7};

/* outcomes[i * NPATHS + p]: independent Poisson districts, seed 2385. */
static double *poisson_paths(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *x = malloc(NDIST * NPATHS * sizeof *x);
    size_t i, p;

    assert_non_null(r);
    assert_non_null(x);
    gsl_rng_set(r, 2385);
    for (i = 0; i < NDIST; i++)
        for (p = 0; p < NPATHS; p++)
            x[i * NPATHS + p] = (double)gsl_ran_poisson(r, poisson_means[i]);
    gsl_rng_free(r);
    return x;
}

/* P(x >= v) over district i by a plain count. */
static double count_at_least(const double *x, size_t i, double v)
{
    size_t p, c = 0;

    for (p = 0; p < NPATHS; p++)
        c += x[i * NPATHS + p] >= v - 1e-9;
    return (double)c / NPATHS;
}

static int split(const double *x, size_t n, double total, double unit, const double *mn,
                 const double *mx, enum alloc_method m, double *shares, struct alloc_result *res)
{
    struct alloc_problem pb = {x, n, NPATHS, total, unit, mn, mx, m};
    double *work = malloc(model_alloc_work_size(n, NPATHS) * sizeof *work);
    int status;

    assert_non_null(work);
    status = model_alloc_split(&pb, work, shares, res);
    free(work);
    return status;
}

static void assert_whole_sum(const double *shares, size_t n, double unit, double total)
{
    double units = 0.0;
    size_t i;

    for (i = 0; i < n; i++) {
        assert_abs(shares[i] / unit, round(shares[i] / unit), 1e-9);
        units += round(shares[i] / unit);
    }
    assert_abs(units, round(total / unit), 0.0);
}

/*
 * Equal risk on counts: every share is within one unit of the district's
 * quantile at 1 - p* (P(x >= share + 1) <= p* <= P(x >= share - 1)), so
 * each district's probability is as close to p* as whole counts allow.
 */
static void test_models_allocate__equal_risk_counts(void **state)
{
    double *x = poisson_paths(), shares[NDIST], lo = 1.0, hi = 0.0, step = 0.0;
    struct alloc_result res;
    size_t i;

    (void)state;
    assert_int_equal(split(x, NDIST, 40, 1.0, NULL, NULL, ALLOC_EQUAL_RISK, shares, &res), 0);
    assert_whole_sum(shares, NDIST, 1.0, 40);
    assert_false(res.beyond_paths);
    /* 40 against means adding up to 49.2: better than even odds. */
    assert_true(res.p_star > 0.6 && res.p_star < 0.95);
    for (i = 0; i < NDIST; i++) {
        double p = count_at_least(x, i, shares[i]);
        /* 1 / NPATHS: the quantile interpolates between neighbouring paths. */
        assert_true(count_at_least(x, i, shares[i] + 1.0) <= res.p_star + 1.0 / NPATHS);
        assert_true(count_at_least(x, i, shares[i] - 1.0) >= res.p_star - 1.0 / NPATHS);
        lo = fmin(lo, p);
        hi = fmax(hi, p);
        step = fmax(step, count_at_least(x, i, shares[i] - 1.0) - count_at_least(x, i, shares[i]));
        step = fmax(step, p - count_at_least(x, i, shares[i] + 1.0));
    }
    /* The spread is no wider than one unit's worth of probability. */
    assert_true(hi - lo <= step + 1e-12);
    free(x);
}

/* Equal risk on normal amounts (2 decimals): p* is 1 - Phi((T - sum mu) / sum sigma). */
static void test_models_allocate__equal_risk_normal(void **state)
{
    static const double mu[4] = {120.5, 80.25, 310.0, 45.75}, sigma[4] = {12.0, 20.5, 35.0, 4.25};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *x = malloc(4 * NPATHS * sizeof *x), shares[4], total = 520.37, z, want;
    struct alloc_result res;
    size_t i, p;

    (void)state;
    assert_non_null(x);
    gsl_rng_set(r, 2385);
    for (i = 0; i < 4; i++)
        for (p = 0; p < NPATHS; p++)
            x[i * NPATHS + p] = mu[i] + gsl_ran_gaussian(r, sigma[i]);
    gsl_rng_free(r);
    assert_int_equal(split(x, 4, total, 0.01, NULL, NULL, ALLOC_EQUAL_RISK, shares, &res), 0);
    assert_whole_sum(shares, 4, 0.01, total);
    z = (total - (120.5 + 80.25 + 310.0 + 45.75)) / (12.0 + 20.5 + 35.0 + 4.25);
    want = gsl_cdf_ugaussian_Q(z);
    assert_abs(res.p_star, want, 0.02); /* Monte Carlo error of 4000 paths */
    for (i = 0; i < 4; i++) {
        /* Continuous outcomes: a cent moves the probability by at most a path or two. */
        assert_abs(count_at_least(x, i, shares[i]), res.p_star, 2.5 / NPATHS);
        assert_abs(shares[i], mu[i] + gsl_cdf_ugaussian_Qinv(want) * sigma[i], 0.1 * sigma[i]);
    }
    free(x);
}

/* Bounds: a capped district sits at its cap, a floored one at its floor; the sum stays exact. */
static void test_models_allocate__bounds_honoured(void **state)
{
    double *x = poisson_paths(), free_s[NDIST], s[NDIST], mn[NDIST], mx[NDIST];
    struct alloc_result res, res_free;
    size_t i;

    (void)state;
    for (i = 0; i < NDIST; i++) {
        mn[i] = -HUGE_VAL;
        mx[i] = HUGE_VAL;
    }
    assert_int_equal(split(x, NDIST, 40, 1.0, NULL, NULL, ALLOC_EQUAL_RISK, free_s, &res_free), 0);
    mx[4] = free_s[4] - 4.0; /* the largest district capped well below its free share */
    mn[5] = free_s[5] + 3.0; /* the smallest asked for more */
    assert_int_equal(split(x, NDIST, 40, 1.0, mn, mx, ALLOC_EQUAL_RISK, s, &res), 0);
    assert_whole_sum(s, NDIST, 1.0, 40);
    assert_abs(s[4], mx[4], 0.0);
    assert_abs(s[5], mn[5], 0.0);
    /* One unit more on the others: the rest of them carry it at a lower p*. */
    assert_true(res.p_star <= res_free.p_star);
    for (i = 0; i < 4; i++)
        assert_true(s[i] >= free_s[i]);
    /* Proportional honours them too; fractional bounds are rounded inward. */
    mx[4] = 7.6;
    mn[5] = 2.2;
    assert_int_equal(split(x, NDIST, 40, 1.0, mn, mx, ALLOC_PROPORTIONAL, s, &res), 0);
    assert_whole_sum(s, NDIST, 1.0, 40);
    assert_true(s[4] <= 7.0 && s[5] >= 3.0);
    free(x);
}

/* Proportional: T m_i / sum m with the sample means, then largest remainder (by hand here). */
static void test_models_allocate__proportional(void **state)
{
    double *x = poisson_paths(), s[NDIST], m[NDIST], msum = 0.0, q[NDIST], want[NDIST];
    double given = 0.0;
    struct alloc_result res;
    size_t i, k;

    (void)state;
    for (i = 0; i < NDIST; i++) {
        m[i] = gsl_stats_mean(x + i * NPATHS, 1, NPATHS);
        msum += m[i];
    }
    for (i = 0; i < NDIST; i++) {
        q[i] = 37.0 * m[i] / msum;
        want[i] = floor(q[i]);
        given += want[i];
    }
    for (k = 0; k < (size_t)(37.0 - given); k++) {
        size_t best = 0;
        for (i = 1; i < NDIST; i++)
            if (q[i] - want[i] > q[best] - want[best])
                best = i;
        want[best] += 1.0;
    }
    assert_int_equal(split(x, NDIST, 37, 1.0, NULL, NULL, ALLOC_PROPORTIONAL, s, &res), 0);
    for (i = 0; i < NDIST; i++)
        assert_abs(s[i], want[i], 0.0);
    free(x);
}

/* Constraints that cannot hold together are refused with the reason and the figures. */
static void test_models_allocate__infeasible(void **state)
{
    double *x = poisson_paths(), s[NDIST], mn[NDIST], mx[NDIST];
    struct alloc_result res;
    size_t i;

    (void)state;
    for (i = 0; i < NDIST; i++) {
        mn[i] = 7.0;
        mx[i] = 9.0;
    }
    /* Six minimums of 7 are 42 > 40. */
    assert_int_equal(split(x, NDIST, 40, 1.0, mn, NULL, ALLOC_EQUAL_RISK, s, &res), GSL_EDOM);
    assert_int_equal(res.why, ALLOC_E_MINS_EXCEED);
    assert_abs(res.sum_min, 42.0, 0.0);
    /* Six maximums of 9 are 54 < 60. */
    assert_int_equal(split(x, NDIST, 60, 1.0, NULL, mx, ALLOC_PROPORTIONAL, s, &res), GSL_EDOM);
    assert_int_equal(res.why, ALLOC_E_MAXES_SHORT);
    assert_abs(res.sum_max, 54.0, 0.0);
    /* A minimum of 8.5 and a maximum of 8.9 leave no whole count. */
    for (i = 0; i < NDIST; i++) {
        mn[i] = -HUGE_VAL;
        mx[i] = HUGE_VAL;
    }
    mn[2] = 8.5;
    mx[2] = 8.9;
    assert_int_equal(split(x, NDIST, 40, 1.0, mn, mx, ALLOC_EQUAL_RISK, s, &res), GSL_EDOM);
    assert_int_equal(res.why, ALLOC_E_MIN_OVER_MAX);
    assert_int_equal(res.district, 2);
    /* 40.5 is no whole number of counts. */
    assert_int_equal(split(x, NDIST, 40.5, 1.0, NULL, NULL, ALLOC_EQUAL_RISK, s, &res), GSL_EDOM);
    assert_int_equal(res.why, ALLOC_E_TOTAL_UNIT);
    free(x);
}

/* A total no path delivers still splits exactly, at p* = 0 and flagged. */
static void test_models_allocate__beyond_paths(void **state)
{
    double *x = poisson_paths(), s[NDIST];
    struct alloc_result res;

    (void)state;
    assert_int_equal(split(x, NDIST, 400, 1.0, NULL, NULL, ALLOC_EQUAL_RISK, s, &res), 0);
    assert_whole_sum(s, NDIST, 1.0, 400);
    assert_true(res.beyond_paths);
    assert_abs(res.p_star, 0.0, 0.0);
    free(x);
}

static void test_models_allocate__bad_arguments(void **state)
{
    double x[4] = {1, 2, 3, 4}, s[2], work[64];
    struct alloc_problem pb = {x, 2, 2, 3.0, 1.0, NULL, NULL, ALLOC_EQUAL_RISK};
    struct alloc_result res;
    struct alloc_district_eval per[2];
    struct alloc_eval ev;

    (void)state;
    assert_int_equal(model_alloc_split(NULL, work, s, &res), GSL_EINVAL);
    assert_int_equal(model_alloc_split(&pb, NULL, s, &res), GSL_EINVAL);
    pb.unit = 0.0;
    assert_int_equal(model_alloc_split(&pb, work, s, &res), GSL_EINVAL);
    pb.unit = 1.0;
    pb.n = 0;
    assert_int_equal(model_alloc_split(&pb, work, s, &res), GSL_EINVAL);
    pb.n = 2;
    x[1] = NAN;
    assert_int_equal(model_alloc_split(&pb, work, s, &res), GSL_EINVAL);
    x[1] = 2.0;
    pb.total = HUGE_VAL;
    assert_int_equal(model_alloc_split(&pb, work, s, &res), GSL_EINVAL);
    pb.total = 3.0;
    pb.method = (enum alloc_method)7;
    assert_int_equal(model_alloc_split(&pb, work, s, &res), GSL_EINVAL);
    s[0] = s[1] = 1.0;
    assert_int_equal(model_alloc_eval(x, 2, 0, s, NULL, 2.0, per, &ev), GSL_EINVAL);
    assert_int_equal(model_alloc_eval(x, 2, 2, s, NULL, NAN, per, &ev), GSL_EINVAL);
    s[1] = HUGE_VAL;
    assert_int_equal(model_alloc_eval(x, 2, 2, s, NULL, 2.0, per, &ev), GSL_EINVAL);
}

/*
 * Two districts, four paths, by hand:
 *   d0: 3 5 2 6, share 4: meets on paths 1, 3 (0.5); shortfall (1+0+2+0)/4 = 0.75
 *   d1: 4 1 7 3, share 3: meets on 0, 2, 3 (0.75); shortfall (0+2+0+0)/4 = 0.5
 *   sums 7 6 9 9: total 7 met on 3 of 4; every district on path 3 only (0.25);
 *   misses 1 1 1 0 (0.75).  With the city's own paths 8 6 9 10 and total 8: 0.75.
 */
static void test_models_allocate__eval_by_hand(void **state)
{
    static const double x[8] = {3, 5, 2, 6, 4, 1, 7, 3}, s[2] = {4, 3}, city[4] = {8, 6, 9, 10};
    struct alloc_district_eval per[2];
    struct alloc_eval ev;

    (void)state;
    assert_int_equal(model_alloc_eval(x, 2, 4, s, NULL, 7.0, per, &ev), 0);
    assert_abs(per[0].probability, 0.5, 1e-15);
    assert_abs(per[0].shortfall, 0.75, 1e-15);
    assert_abs(per[0].expected, 4.0, 1e-15);
    assert_abs(per[1].probability, 0.75, 1e-15);
    assert_abs(per[1].shortfall, 0.5, 1e-15);
    assert_abs(per[1].expected, 3.75, 1e-15);
    assert_abs(ev.p_city, 0.75, 1e-15);
    assert_abs(ev.p_all, 0.25, 1e-15);
    assert_abs(ev.expected_misses, 0.75, 1e-15);
    assert_abs(ev.sum_shares, 7.0, 1e-15);
    assert_false(ev.sum_mismatch);
    assert_int_equal(model_alloc_eval(x, 2, 4, s, NULL, 8.0, per, &ev), 0);
    assert_abs(ev.p_city, 0.5, 1e-15);
    assert_true(ev.sum_mismatch);
    assert_int_equal(model_alloc_eval(x, 2, 4, s, city, 8.0, per, &ev), 0);
    assert_abs(ev.p_city, 0.75, 1e-15);
}

/* Joint figures of an equal-risk split against a direct count over the paths. */
static void test_models_allocate__joint_direct_count(void **state)
{
    double *x = poisson_paths(), s[NDIST];
    struct alloc_result res;
    struct alloc_district_eval per[NDIST];
    struct alloc_eval ev;
    size_t p, i, all = 0, city = 0, misses = 0;

    (void)state;
    assert_int_equal(split(x, NDIST, 45, 1.0, NULL, NULL, ALLOC_EQUAL_RISK, s, &res), 0);
    assert_int_equal(model_alloc_eval(x, NDIST, NPATHS, s, NULL, 45.0, per, &ev), 0);
    for (p = 0; p < NPATHS; p++) {
        long sum = 0;
        int ok = 1;
        for (i = 0; i < NDIST; i++) {
            long v = lround(x[i * NPATHS + p]), need = lround(s[i]);
            sum += v;
            if (v < need) {
                ok = 0;
                misses++;
            }
        }
        all += (size_t)ok;
        city += sum >= 45;
    }
    assert_abs(ev.p_all, (double)all / NPATHS, 1e-15);
    assert_abs(ev.p_city, (double)city / NPATHS, 1e-15);
    assert_abs(ev.expected_misses, (double)misses / NPATHS, 1e-12);
    for (i = 0; i < NDIST; i++)
        assert_abs(per[i].probability, count_at_least(x, i, s[i]), 1e-15);
    /* Independent districts: every one meeting its share is far less likely than each. */
    assert_true(ev.p_all < res.p_star);
    free(x);
}

/*
 * model_target_outcomes gives, path by path, the X that model_target_eval
 * counts: a flow increment 2021..2022 is the sum of the two path years.
 */
static void test_models_allocate__target_outcomes(void **state)
{
    static const double t[3] = {2018, 2019, 2020}, y[3] = {20, 25, 30};
    static const double paths[3 * 2] = {31, 33, 29, 30, 36, 40};
    struct target_spec spec = {true, true, 2021, 2022, 62};
    struct target_series ser = {t, y, 3, paths, 3, 2, 2};
    struct target_result r;
    double out[3], work[3];

    (void)state;
    assert_int_equal(model_target_outcomes(&spec, &ser, out), 0);
    assert_abs(out[0], 64, 0.0);
    assert_abs(out[1], 59, 0.0);
    assert_abs(out[2], 76, 0.0);
    assert_int_equal(model_target_eval(&spec, &ser, work, &r), 0);
    assert_abs(r.probability, 2.0 / 3.0, 1e-15);
    /* Decided by the history: the observed X on every path. */
    spec.start = 2019;
    spec.deadline = 2020;
    assert_int_equal(model_target_outcomes(&spec, &ser, out), 0);
    assert_abs(out[0], 55, 0.0);
    assert_abs(out[2], 55, 0.0);
    spec.start = 2021; /* start after the deadline */
    assert_int_equal(model_target_outcomes(&spec, &ser, out), GSL_EINVAL);
    assert_true(model_target_meets(62.0 - 1e-12, 62.0));
    assert_false(model_target_meets(61.99, 62.0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_models_allocate__equal_risk_counts),
        cmocka_unit_test(test_models_allocate__equal_risk_normal),
        cmocka_unit_test(test_models_allocate__bounds_honoured),
        cmocka_unit_test(test_models_allocate__proportional),
        cmocka_unit_test(test_models_allocate__infeasible),
        cmocka_unit_test(test_models_allocate__beyond_paths),
        cmocka_unit_test(test_models_allocate__bad_arguments),
        cmocka_unit_test(test_models_allocate__eval_by_hand),
        cmocka_unit_test(test_models_allocate__joint_direct_count),
        cmocka_unit_test(test_models_allocate__target_outcomes),
    };

    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
