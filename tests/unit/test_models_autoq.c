/*
 * tests/unit/test_models_autoq.c -- model_auto_quantiles (the closed form of
 * the calibrated paths' mean and quantiles, models/auto_quantiles.c) against
 * the paths model_auto_simulate draws.
 *
 * The expected values are the simulation's own: 200,000 paths per series,
 * their per-step mean and quantiles (model_quantiles, GSL's definition).
 * With that many paths the Monte Carlo error of a 2.5% quantile of the
 * Student-t(3) spread is about 0.015 sd (sqrt(p (1 - p) / n) / density), of a
 * central one about 0.005 sd, so the tolerances (0.06 / 0.03 / 0.02 sd) are
 * four standard errors or more, and a wrong distribution (a normal instead
 * of t_3 moves the 2.5% quantile by 0.1 sd; a missing zero shift moves low
 * quantiles of a series near zero by far more) fails them.  This also
 * guards the closed form against later changes to model_auto_simulate.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "model.h"

#define NPATHS 200000
#define H 6
#define NQ 7

static const double probs[NQ] = {0.025, 0.10, 0.25, 0.50, 0.75, 0.90, 0.975};

/* Fit auto to (t, y) and compare the closed form with NPATHS simulated paths. */
static void check_series(const double *y, size_t n, bool is_count, bool nonneg, unsigned long seed,
                         bool combo)
{
    double t[64], mean[H], q[H * NQ], sq[NQ];
    double *paths = malloc(NPATHS * H * sizeof *paths), *col = malloc(NPATHS * sizeof *col);
    struct model_data d = {t, y, n, is_count, nonneg};
    struct model_auto_opts o;
    struct model_auto a;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t i, j, k;

    assert_non_null(paths);
    assert_non_null(col);
    for (i = 0; i < n; i++)
        t[i] = 2000.0 + (double)i;
    memset(&o, 0, sizeof o);
    o.horizon = H;
    o.combo = combo;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    if (a.log_pred) {
        /* Log-scale paths have no closed form here: simulated; the members' part is checked. */
        assert_int_equal(model_auto_quantiles(&a, H, probs, NQ, mean, q), GSL_EINVAL);
        a.log_pred = false;
    }
    assert_int_equal(model_auto_quantiles(&a, H, probs, NQ, mean, q), GSL_SUCCESS);
    gsl_rng_set(r, seed);
    assert_int_equal(model_auto_simulate(&a, H, NPATHS, r, paths), GSL_SUCCESS);
    for (j = 0; j < H; j++) {
        double s = a.sd[j], sum = 0.0;
        for (i = 0; i < NPATHS; i++) {
            col[i] = paths[i * H + j];
            sum += col[i];
        }
        assert_int_equal(model_quantiles(col, NPATHS, probs, NQ, sq), GSL_SUCCESS);
        if (fabs(mean[j] - sum / NPATHS) > 0.02 * s)
            fail_msg("step %zu: mean %.6g, paths %.6g (sd %.4g)", j, mean[j], sum / NPATHS, s);
        for (k = 0; k < NQ; k++) {
            double tol = (k == 0 || k == NQ - 1) ? 0.06 : (k == 1 || k == NQ - 2) ? 0.03 : 0.02;
            if (fabs(q[j * NQ + k] - sq[k]) > tol * s + (is_count ? 1.0 : 0.0))
                fail_msg("step %zu, p %.3f: closed form %.6g, paths %.6g (sd %.4g)", j, probs[k],
                         q[j * NQ + k], sq[k], s);
            if (is_count)
                assert_true(q[j * NQ + k] == nearbyint(q[j * NQ + k]));
            if (nonneg)
                assert_true(q[j * NQ + k] >= 0.0);
        }
    }
    gsl_rng_free(r);
    free(col);
    free(paths);
}

static void test_models_autoq__far_from_zero(void **state)
{
    /* A rising, noisy level near 5000 (not integers): the zero shift is nil. */
    static const double y[] = {4012.5, 4120.1, 4388.9, 4302.7, 4551.2, 4710.4, 4650.3,
                               4890.8, 5102.6, 5011.9, 5230.4, 5411.1, 5388.0, 5590.7,
                               5702.3, 5650.9, 5880.2, 6010.6, 6122.4, 6090.3};

    (void)state;
    check_series(y, sizeof y / sizeof y[0], false, true, 11, false);
    check_series(y, sizeof y / sizeof y[0], false, true, 12, true); /* combo */
}

static void test_models_autoq__near_zero(void **state)
{
    /* Small, volatile, non-negative: clamping matters, so the shift does. */
    static const double y[] = {3.2, 0.5, 6.1, 1.0, 4.4, 0.2, 2.9,
                               5.5, 0.8, 3.7, 1.9, 0.4, 4.8, 2.2};

    (void)state;
    check_series(y, sizeof y / sizeof y[0], false, true, 21, false);
}

static void test_models_autoq__falling_below_zero(void **state)
{
    /* A falling series whose mean forecast reaches zero: the mean is E max(0, X) there. */
    static const double y[] = {100.5, 91.2, 80.4, 71.9, 62.3, 52.8, 41.6, 33.1, 22.7, 13.4};

    (void)state;
    check_series(y, sizeof y / sizeof y[0], false, true, 31, false);
}

static void test_models_autoq__counts(void **state)
{
    /* Integers above the count models' range (mean > 1000): rounded quantiles. */
    static const double y[] = {3021, 3155, 3090, 3320, 3412, 3388, 3560, 3711,
                               3650, 3902, 4033, 3987, 4150, 4302, 4288, 4455};

    (void)state;
    check_series(y, sizeof y / sizeof y[0], true, true, 41, false);
}

static void test_models_autoq__not_gaussian(void **state)
{
    /* Paths that are not Gaussian have no closed form here: the caller simulates. */
    static const double y[] = {12, 15, 11, 18, 20, 17, 22, 25, 21, 27};
    double t[10], mean[H], q[H * NQ];
    struct model_data d = {t, y, 10, true, true};
    struct model_auto_opts o;
    struct model_auto a;
    size_t i;

    (void)state;
    for (i = 0; i < 10; i++)
        t[i] = 2010.0 + (double)i;
    memset(&o, 0, sizeof o);
    o.horizon = H;
    o.candidates = 1u << MODEL_POISSON;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal(a.members[0].kind, MODEL_POISSON);
    assert_int_equal(model_auto_quantiles(&a, H, probs, NQ, mean, q), GSL_EINVAL);
    /* A multiplicative damped trend among the weighted members. */
    o.candidates = 1u << MODEL_NAIVE;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    if (a.log_pred) {
        /* Log-scale paths have no closed form here: simulated; the members' part is checked. */
        assert_int_equal(model_auto_quantiles(&a, H, probs, NQ, mean, q), GSL_EINVAL);
        a.log_pred = false;
    }
    assert_int_equal(model_auto_quantiles(&a, H, probs, NQ, mean, q), GSL_SUCCESS);
    a.members[0].kind = MODEL_DAMPED;
    a.members[0].multiplicative = true;
    assert_int_equal(model_auto_quantiles(&a, H, probs, NQ, mean, q), GSL_EINVAL);
    /* Bad arguments. */
    a.members[0].multiplicative = false;
    assert_int_equal(model_auto_quantiles(&a, MODEL_MAX_HORIZON + 1, probs, NQ, mean, q),
                     GSL_EINVAL);
    {
        static const double edge[1] = {1.0};
        assert_int_equal(model_auto_quantiles(&a, H, edge, 1, mean, q), GSL_EINVAL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_models_autoq__far_from_zero),
        cmocka_unit_test(test_models_autoq__near_zero),
        cmocka_unit_test(test_models_autoq__falling_below_zero),
        cmocka_unit_test(test_models_autoq__counts),
        cmocka_unit_test(test_models_autoq__not_gaussian),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
