/*
 * tests/unit/test_models_select.c -- automatic choice, combination and
 * calibration (models/select.c) through model.h: model_auto_fit,
 * model_auto_forecast, model_auto_simulate.
 *
 * The expected behaviours are derived from the definitions, not from a run:
 * a straight line is forecast exactly only by drift, so drift must take
 * (nearly) all the weight; the combined mean is the weighted mean of the
 * members' forecasts; combo weights are equal; series too short to backtest
 * get the fixed robust choice (0.65 of a rising drift, 0.3 of a falling
 * one), keep growing when they grew, and get wider intervals than long
 * ones; paths are reproducible from the seed; and on
 * series simulated from a known model the calibrated intervals hold their
 * nominal share within sampling error.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "model.h"
#include "test_assert.h"

static const double Y2[] = {52.795, 54.606, 57.116, 61.983, 61.707, 64.728, 67.002, 65.595, 68.154,
                            71.49,  67.933, 69.796, 70.383, 69.422, 71.227, 70.944, 68.599, 71.262};
static double T[64];

static struct model_data data_of(const double *y, size_t n)
{
    struct model_data d = {T, y, n, false, true};
    size_t i;

    for (i = 0; i < n; i++)
        T[i] = 2001.0 + (double)i;
    return d;
}

static struct model_auto_opts auto_opts(size_t h, bool combo)
{
    struct model_auto_opts o;

    memset(&o, 0, sizeof o);
    o.horizon = h;
    o.combo = combo;
    return o;
}

static void test_models_select__line_goes_to_drift(void **state)
{
    double y[12], mean[3];
    struct model_data d;
    struct model_auto_opts o = auto_opts(3, false);
    struct model_auto a;
    size_t i;

    (void)state;
    for (i = 0; i < 12; i++)
        y[i] = 3.85 + 2.375 * (double)i;
    d = data_of(y, 12);
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal(a.members[0].kind, MODEL_DRIFT);
    assert_true(a.weights[0] > 0.99);
    assert_int_equal(model_auto_forecast(&a, 3, mean), GSL_SUCCESS);
    assert_rel(mean[2], 3.85 + 2.375 * 14, 1e-3);
}

static void test_models_select__mean_is_weighted_members(void **state)
{
    struct model_data d = data_of(Y2, 18);
    struct model_auto_opts o = auto_opts(6, false);
    struct model_auto a;
    double mean[6], m[6], want[6] = {0}, wsum = 0;
    size_t i, j;

    (void)state;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_true(a.n_members >= 2 && a.n_members <= MODEL_AUTO_MAX);
    assert_true(a.combo);
    assert_int_equal((int)a.failed, 0);
    for (i = 0; i < a.n_members; i++) {
        assert_true(a.weights[i] > 0);
        if (i > 0) /* best first: weights are 1/score, so they fall */
            assert_true(a.weights[i] <= a.weights[i - 1]);
        wsum += a.weights[i];
        assert_int_equal(model_forecast(&a.members[i], 6, m), GSL_SUCCESS);
        for (j = 0; j < 6; j++)
            want[j] += a.weights[i] * m[j];
    }
    assert_rel(wsum, 1.0, 1e-12);
    assert_int_equal(model_auto_forecast(&a, 6, mean), GSL_SUCCESS);
    for (j = 0; j < 6; j++) {
        assert_rel(mean[j], want[j], 1e-12);
        assert_true(a.sd[j] > 0 && isfinite(a.sd[j]));
        if (j > 0)
            assert_true(a.sd[j] >= a.sd[j - 1]);
    }
    assert_int_equal(model_auto_forecast(&a, 7, mean), GSL_EINVAL);
}

static void test_models_select__combo_is_equal_weights_of_three(void **state)
{
    struct model_data d = data_of(Y2, 18);
    struct model_auto_opts o = auto_opts(6, true);
    struct model_auto a;
    size_t i, j;

    (void)state;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal((int)a.n_members, 3);
    assert_true(a.combo);
    for (i = 0; i < 3; i++) {
        assert_rel(a.weights[i], 1.0 / 3, 1e-15);
        for (j = 0; j < i; j++)
            assert_true(a.members[i].kind != a.members[j].kind);
    }
}

static void test_models_select__short_series_fixed_choice(void **state)
{
    static const double y[] = {120, 131, 129, 142, 150};
    struct model_auto_opts o = auto_opts(4, false);
    struct model_auto a;
    struct model_data d;
    double mean[4];

    (void)state;
    /* One point: naive with a prior spread, never zero. */
    d = data_of(y, 1);
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal((int)a.n_members, 1);
    assert_int_equal(a.members[0].kind, MODEL_NAIVE);
    assert_false(a.combo);
    assert_int_equal(model_auto_forecast(&a, 4, mean), GSL_SUCCESS);
    assert_rel(mean[3], 120, 0);
    assert_true(a.sd[0] > 0 && a.sd[3] > a.sd[0]);
    /* Two points: still naive alone (drift needs three). */
    d = data_of(y, 2);
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal((int)a.n_members, 1);
    /* Five rising points: naive and drift, the drift weighted 0.65. */
    d = data_of(y, 5);
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal((int)a.n_members, 2);
    assert_int_equal(a.members[0].kind, MODEL_NAIVE);
    assert_int_equal(a.members[1].kind, MODEL_DRIFT);
    assert_rel(a.weights[1], 0.65, 1e-15);
    assert_int_equal(model_auto_forecast(&a, 4, mean), GSL_SUCCESS);
    assert_rel(mean[0], 150 + 0.65 * 30.0 / 4, 1e-14);
    /* Seven points are still too few to backtest: the same rule. */
    {
        static const double y7[] = {120, 131, 129, 142, 150, 149, 158};
        d = data_of(y7, 7);
        assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
        assert_int_equal((int)a.n_members, 2);
        assert_rel(a.weights[1], 0.65, 1e-15);
    }
}

/*
 * A falling short series keeps only 0.3 of its drift (falls revert more
 * often than rises on the short M3 windows), and its paths stay >= 0.
 */
static void test_models_select__short_falling_series_damps_the_fall(void **state)
{
    static const double y[] = {60, 52, 47, 41, 36};
    struct model_data d = data_of(y, 5);
    struct model_auto_opts o = auto_opts(5, false);
    struct model_auto a;
    double mean[5];
    size_t j;

    (void)state;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal((int)a.n_members, 2);
    assert_int_equal(a.members[1].kind, MODEL_DRIFT);
    assert_rel(a.weights[1], 0.3, 1e-15);
    assert_int_equal(model_auto_forecast(&a, 5, mean), GSL_SUCCESS);
    /* drift = (36 - 60) / 4 = -6 a year; 0.3 of it is -1.8. */
    for (j = 0; j < 5; j++)
        assert_rel(mean[j], 36 - 1.8 * (double)(j + 1), 1e-14);
}

/*
 * A steadily growing stock of 5 years (38, 47, 60, 74, 88: +12.5 a year on
 * average) is forecast to keep growing, by 0.65 x 12.5 = 8.125 a year; its
 * paths five years out are centred on that growth (median near the mean),
 * wide enough that the full trend 88 + 5 x 12.5 is a real chance (the
 * trend itself is uncertain) and ending below today's level the exception.
 */
static void test_models_select__growing_short_stock_keeps_growing(void **state)
{
    enum { NP = 2000, H = 5 };
    static const double y[] = {38, 47, 60, 74, 88};
    struct model_data d = data_of(y, 5);
    struct model_auto_opts o = auto_opts(H, false);
    struct model_auto a;
    double mean[H], *paths = malloc(NP * H * sizeof *paths), above = 0, below = 0, col[NP], med;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t j, p;

    (void)state;
    d.is_count = true;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal(model_auto_forecast(&a, H, mean), GSL_SUCCESS);
    for (j = 0; j < H; j++)
        assert_rel(mean[j], 88 + 8.125 * (double)(j + 1), 1e-14);
    gsl_rng_set(r, 11);
    assert_int_equal(model_auto_simulate(&a, H, NP, r, paths), GSL_SUCCESS);
    for (p = 0; p < NP; p++) {
        col[p] = paths[p * H + H - 1];
        above += col[p] >= 88 + 5 * 12.5;
        below += col[p] < 88;
    }
    gsl_sort(col, 1, NP);
    /*
     * The paths mix the members' (centred on the point forecast) with the
     * log-scale member's (a steady 21%-a-year rise, mostly believed): their
     * median lies between the point and that member's median.
     */
    assert_true(a.log_pred && a.log_share > 0.5 && a.log_share < 0.9);
    med = gsl_stats_median_from_sorted_data(col, 1, NP);
    assert_true(med > mean[H - 1] && med < exp(a.log_y0 + H * a.log_mu));
    above /= NP;
    below /= NP;
    print_message(
        "5-point stock, year 5: median %.1f, P(>= full trend) = %.3f, P(< today) = %.3f\n", med,
        above, below);
    assert_true(above > 0.15);
    assert_true(below < 0.2 && below < above);
    /* The spread grows with the horizon and carries the trend's own uncertainty. */
    for (j = 1; j < H; j++)
        assert_true(a.sd[j] > a.sd[j - 1]);
    assert_true(a.sd[H - 1] > 0.35 * 12.5 * H);
    gsl_rng_free(r);
    free(paths);
}

/*
 * The same noise, a short and a long history: a random walk with drift 1.5
 * and sd 2 over 30 years, and its last 5 years alone.  The short series
 * knows its trend and its noise far less well, so its intervals must be
 * wider at every step.
 */
static void test_models_select__short_series_intervals_are_wider(void **state)
{
    enum { N = 30, H = 5 };
    double y[N];
    struct model_auto_opts o = auto_opts(H, false);
    struct model_auto along, ashort;
    struct model_data d;
    gsl_rng *rs = gsl_rng_alloc(gsl_rng_mt19937);
    size_t i, j, k, wider = 0;

    (void)state;
    for (k = 0; k < 20; k++) {
        gsl_rng_set(rs, 1000 + k);
        y[0] = 50;
        for (i = 1; i < N; i++)
            y[i] = y[i - 1] + 1.5 + gsl_ran_gaussian(rs, 2.0);
        d = data_of(y, N);
        assert_int_equal(model_auto_fit(&d, &o, &along), GSL_SUCCESS);
        d = data_of(y + N - 5, 5);
        assert_int_equal(model_auto_fit(&d, &o, &ashort), GSL_SUCCESS);
        for (j = 0; j < H; j++)
            wider += ashort.sd[j] > along.sd[j];
    }
    /* Five points can by chance look smoother than thirty: most, not all. */
    print_message("short wider than long at %zu of %d steps\n", wider, 20 * H);
    assert_true(wider >= 80);
    gsl_rng_free(rs);
}

/*
 * Coverage on simulated short series: 5 years of a random walk whose drift
 * itself wanders (local linear trend: drift starts at 1.5 and moves by
 * N(0, 1) a year, noise sd 2 -- trends change, as in real annual data),
 * 400 series x 5 steps.  The 80% and 95% intervals must hold their share
 * within 4 binomial standard errors.  On a random walk with a fixed drift
 * (the members' own model) they must not be narrower than nominal: the
 * short-series spread is there for trend changes, so it errs wide.  Both
 * are checked on the members' paths alone (log_pred off); with the
 * log-scale member of a positive short series mixed in
 * (models/pred_log.c), a different model of growth, the wandering
 * linear trend must still be covered within the same 4 standard errors.
 */
static void test_models_select__short_series_coverage(void **state)
{
    enum { NS = 400, NP = 400, H = 5, N = 5 };
    double y[N + H], paths[NP * H], col[NP];
    struct model_auto_opts o = auto_opts(H, false);
    struct model_auto a;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937), *rs = gsl_rng_alloc(gsl_rng_mt19937);
    size_t s, i, j, p, m;

    (void)state;
    for (m = 0; m < 3; m++) {
        double in80 = 0, in95 = 0, tot = 0, slope_sd = m != 1 ? 1.0 : 0.0;
        bool mix = m == 2;
        gsl_rng_set(rs, 424242);
        for (s = 0; s < NS; s++) {
            struct model_data d;
            double b = 1.5;
            y[0] = 50;
            for (i = 1; i < N + H; i++) {
                b += gsl_ran_gaussian(rs, slope_sd);
                y[i] = y[i - 1] + b + gsl_ran_gaussian(rs, 2.0);
            }
            d = data_of(y, N);
            d.nonneg = false;
            assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
            a.log_pred = mix;
            gsl_rng_set(r, s + 1);
            assert_int_equal(model_auto_simulate(&a, H, NP, r, paths), GSL_SUCCESS);
            for (j = 0; j < H; j++) {
                double v = y[N + j];
                for (p = 0; p < NP; p++)
                    col[p] = paths[p * H + j];
                gsl_sort(col, 1, NP);
                in80 += v >= gsl_stats_quantile_from_sorted_data(col, 1, NP, 0.10) &&
                        v <= gsl_stats_quantile_from_sorted_data(col, 1, NP, 0.90);
                in95 += v >= gsl_stats_quantile_from_sorted_data(col, 1, NP, 0.025) &&
                        v <= gsl_stats_quantile_from_sorted_data(col, 1, NP, 0.975);
                tot += 1;
            }
        }
        in80 /= tot;
        in95 /= tot;
        print_message("5-point series, %s drift%s: 80%% -> %.3f, 95%% -> %.3f\n",
                      m != 1 ? "wandering" : "fixed", mix ? ", with the log-scale member" : "",
                      in80, in95);
        if (m != 1) {
            assert_true(fabs(in80 - 0.80) <= 4 * sqrt(0.8 * 0.2 / tot));
            assert_true(fabs(in95 - 0.95) <= 4 * sqrt(0.95 * 0.05 / tot));
        } else {
            assert_true(in80 >= 0.80 && in95 >= 0.95);
        }
    }
    gsl_rng_free(r);
    gsl_rng_free(rs);
}

static void test_models_select__bad_arguments(void **state)
{
    double t[] = {2001, 2002, 2002, 2004, 2005, 2006, 2007};
    double y[] = {1, 2, 3, 4, 5, 6, NAN};
    struct model_data d = data_of(Y2, 18), bad = {t, Y2, 7, false, false};
    struct model_auto_opts o = auto_opts(6, false);
    struct model_auto a;
    double paths[12];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

    (void)state;
    o.horizon = 0;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_EINVAL);
    o.horizon = MODEL_MAX_HORIZON + 1;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_EINVAL);
    o.horizon = 6;
    assert_int_equal(model_auto_fit(NULL, &o, &a), GSL_EINVAL);
    assert_int_equal(model_auto_fit(&d, NULL, &a), GSL_EINVAL);
    assert_int_equal(model_auto_fit(&bad, &o, &a), GSL_EINVAL); /* t not increasing */
    bad = data_of(y, 7);
    assert_int_equal(model_auto_fit(&bad, &o, &a), GSL_EINVAL); /* NaN */
    o.candidates = 1u << MODEL_KIND_COUNT;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_EINVAL);
    /* Only a model that cannot take three points. */
    o.candidates = 1u << MODEL_LOGISTIC;
    d.n = 3;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_EINVAL);
    d.n = 18;
    o.candidates = 0;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal(model_auto_simulate(&a, 7, 2, r, paths), GSL_EINVAL);
    assert_int_equal(model_auto_simulate(&a, 6, 0, r, paths), GSL_EINVAL);
    assert_int_equal(model_auto_simulate(&a, 6, 2, NULL, paths), GSL_EINVAL);
    gsl_rng_free(r);
}

static void test_models_select__seeded_paths_are_identical(void **state)
{
    struct model_data d = data_of(Y2, 18);
    struct model_auto_opts o = auto_opts(6, false);
    struct model_auto a;
    double p1[300 * 6], p2[300 * 6];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t i;

    (void)state;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    gsl_rng_set(r, 20210526);
    assert_int_equal(model_auto_simulate(&a, 6, 300, r, p1), GSL_SUCCESS);
    gsl_rng_set(r, 20210526);
    assert_int_equal(model_auto_simulate(&a, 6, 300, r, p2), GSL_SUCCESS);
    assert_memory_equal(p1, p2, sizeof p1);
    for (i = 0; i < 300 * 6; i++)
        assert_true(isfinite(p1[i]) && p1[i] >= 0);
    gsl_rng_free(r);
}

/* The path spread is the calibrated sd, step by step. */
static void test_models_select__paths_have_calibrated_spread(void **state)
{
    enum { NP = 4000 };
    struct model_data d = data_of(Y2, 18);
    struct model_auto_opts o = auto_opts(6, false);
    struct model_auto a;
    double *paths = malloc(NP * 6 * sizeof *paths), col[NP], mean[6];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t j, p;

    (void)state;
    d.nonneg = false;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal(model_auto_forecast(&a, 6, mean), GSL_SUCCESS);
    gsl_rng_set(r, 7);
    assert_int_equal(model_auto_simulate(&a, 6, NP, r, paths), GSL_SUCCESS);
    for (j = 0; j < 6; j++) {
        for (p = 0; p < NP; p++)
            col[p] = paths[p * 6 + j];
        /* Student-t(3) factors make the sample sd noisy: 15% is ~5 of its SEs. */
        assert_rel(gsl_stats_sd(col, 1, NP), a.sd[j], 0.15);
        gsl_sort(col, 1, NP);
        assert_rel(gsl_stats_median_from_sorted_data(col, 1, NP), mean[j], 0.01);
    }
    gsl_rng_free(r);
    free(paths);
}

static void test_models_select__counts_stay_integer(void **state)
{
    static const double y[] = {3, 5, 4, 6, 8, 7, 9, 12, 11, 13};
    struct model_data d = data_of(y, 10);
    struct model_auto_opts o = auto_opts(5, false);
    struct model_auto a;
    double paths[500 * 5];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t i;

    (void)state;
    d.is_count = true;
    gsl_rng_set(r, 5);
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal(model_auto_simulate(&a, 5, 500, r, paths), GSL_SUCCESS);
    for (i = 0; i < 500 * 5; i++) {
        assert_true(paths[i] >= 0);
        assert_true(paths[i] == nearbyint(paths[i]));
    }
    gsl_rng_free(r);
}

/*
 * A non-negative series with a wide spread near zero: the paths stay >= 0
 * and still average to the forecast mean (the engine reports the path mean
 * as the point forecast; clamping alone would raise it).
 */
static void test_models_select__nonneg_paths_keep_the_mean(void **state)
{
    enum { NP = 1000 };
    static const double y[] = {1748.1, 2717,    4428.6,  5533.8, 7271.95, 6490.95, 1152.85,
                               979,    1102.15, 1194.85, 1123.5, 1374.25, 1266.25, 1404.1};
    struct model_data d = data_of(y, 14);
    struct model_auto_opts o = auto_opts(6, false);
    struct model_auto a;
    double *paths = malloc(NP * 6 * sizeof *paths), mean[6];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t j, p, zeros = 0;

    (void)state;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_int_equal(model_auto_forecast(&a, 6, mean), GSL_SUCCESS);
    gsl_rng_set(r, 3);
    assert_int_equal(model_auto_simulate(&a, 6, NP, r, paths), GSL_SUCCESS);
    for (j = 0; j < 6; j++) {
        double m = 0;
        for (p = 0; p < NP; p++) {
            assert_true(paths[p * 6 + j] >= 0);
            zeros += paths[p * 6 + j] == 0;
            m += paths[p * 6 + j] / NP;
        }
        assert_rel(m, mean[j], 1e-9);
    }
    assert_true(zeros > 0); /* the case this test is about did occur */
    gsl_rng_free(r);
    free(paths);
}

/*
 * Calibration adapts: a series whose recent years jump around far more than
 * its own history (so its backtest errors are large against the models'
 * own sd) gets a larger multiplier than a quiet one.
 */
static void test_models_select__scale_follows_backtest_errors(void **state)
{
    double quiet[20], wild[20];
    struct model_data dq, dw;
    struct model_auto_opts o = auto_opts(3, false);
    struct model_auto aq, aw;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t i;

    (void)state;
    gsl_rng_set(r, 11);
    for (i = 0; i < 20; i++) {
        double e = gsl_ran_gaussian(r, 1.0);
        quiet[i] = 100 + 2.0 * (double)i + e;
        wild[i] = quiet[i] + (i >= 12 ? (i % 2 ? 12.0 : -12.0) : 0.0);
    }
    dq = data_of(quiet, 20);
    assert_int_equal(model_auto_fit(&dq, &o, &aq), GSL_SUCCESS);
    dw = data_of(wild, 20);
    assert_int_equal(model_auto_fit(&dw, &o, &aw), GSL_SUCCESS);
    assert_true(aw.scale[0] > 1.5 * aq.scale[0]);
    gsl_rng_free(r);
}

/*
 * Series from a known model (random walk with drift 1.5, sd 2, 20 years):
 * the 80% and 95% intervals, as path quantiles, must hold their nominal
 * share of the next 6 values within 4 binomial standard errors (the 6 steps
 * of one series are correlated, so the margin is generous rather than
 * tight).  300 series x 6 steps; 400 paths each.
 */
static void test_models_select__coverage_on_known_model(void **state)
{
    enum { NS = 300, NP = 400, H = 6, N = 20 };
    double y[N + H], paths[NP * H], col[NP], in80 = 0, in95 = 0, tot = 0;
    struct model_auto_opts o = auto_opts(H, false);
    struct model_auto a;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937), *rs = gsl_rng_alloc(gsl_rng_mt19937);
    size_t s, i, j, p;

    (void)state;
    gsl_rng_set(rs, 424242);
    for (s = 0; s < NS; s++) {
        struct model_data d;
        y[0] = 50;
        for (i = 1; i < N + H; i++)
            y[i] = y[i - 1] + 1.5 + gsl_ran_gaussian(rs, 2.0);
        d = data_of(y, N);
        d.nonneg = false;
        assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
        gsl_rng_set(r, s + 1);
        assert_int_equal(model_auto_simulate(&a, H, NP, r, paths), GSL_SUCCESS);
        for (j = 0; j < H; j++) {
            double v = y[N + j];
            for (p = 0; p < NP; p++)
                col[p] = paths[p * H + j];
            gsl_sort(col, 1, NP);
            in80 += v >= gsl_stats_quantile_from_sorted_data(col, 1, NP, 0.10) &&
                    v <= gsl_stats_quantile_from_sorted_data(col, 1, NP, 0.90);
            in95 += v >= gsl_stats_quantile_from_sorted_data(col, 1, NP, 0.025) &&
                    v <= gsl_stats_quantile_from_sorted_data(col, 1, NP, 0.975);
            tot += 1;
        }
    }
    in80 /= tot;
    in95 /= tot;
    print_message("coverage on a known model: 80%% -> %.3f, 95%% -> %.3f\n", in80, in95);
    assert_true(fabs(in80 - 0.80) <= 4 * sqrt(0.8 * 0.2 / tot));
    assert_true(fabs(in95 - 0.95) <= 4 * sqrt(0.95 * 0.05 / tot));
    gsl_rng_free(r);
    gsl_rng_free(rs);
}

/* model_auto_fitted: the members' fitted values weighted (naive: y[i-1]; drift: y[i-1] + 7/3). */
static void test_models_select__fitted_weighted_over_members(void **state)
{
    static const double t[] = {1, 2, 3, 4}, y[] = {1, 3, 4, 8};
    struct model_data d = {t, y, 4, false, true};
    struct model_auto a;
    double work[4], out[4];

    (void)state;
    memset(&a, 0, sizeof a);
    assert_int_equal(model_fit(MODEL_NAIVE, &d, NULL, &a.members[0]), GSL_SUCCESS);
    assert_int_equal(model_fit(MODEL_DRIFT, &d, NULL, &a.members[1]), GSL_SUCCESS);
    a.n_members = 2;
    a.weights[0] = 0.25;
    a.weights[1] = 0.75;
    model_auto_fitted(&a, &d, work, out);
    assert_rel(out[0], 1.0, 1e-15);
    assert_rel(out[1], 2.75, 1e-15);
    assert_rel(out[2], 4.75, 1e-15);
    assert_rel(out[3], 5.75, 1e-15);
    /* One member alone, weight 1: its own fitted values. */
    a.n_members = 1;
    a.weights[0] = 1.0;
    model_auto_fitted(&a, &d, work, out);
    assert_rel(out[1], 1.0, 1e-15);
    assert_rel(out[3], 4.0, 1e-15);
}

/*
 * The models' table: every kind has a row whose name parses back to it, a
 * family and a summary; auto's default candidates are the rows that join
 * it: naive, drift, damped, theta always, poisson and negbin for small counts.
 */
static void test_models_select__traits_table(void **state)
{
    unsigned always = 0, counts = 0;
    size_t k;

    (void)state;
    for (k = 0; k < MODEL_KIND_COUNT; k++) {
        const struct model_info *mi = model_kind_info((enum model_kind)k);
        enum model_kind back;
        assert_non_null(mi);
        assert_int_equal(model_kind_parse(mi->name, &back), GSL_SUCCESS);
        assert_int_equal(back, k);
        assert_string_equal(model_kind_name((enum model_kind)k), mi->name);
        assert_true(mi->family[0] != '\0' && mi->summary[0] != '\0');
        if (mi->join == MODEL_JOIN_ALWAYS)
            always |= 1u << k;
        if (mi->join == MODEL_JOIN_SMALL_COUNTS)
            counts |= 1u << k;
    }
    assert_int_equal(always, 1u << MODEL_NAIVE | 1u << MODEL_DRIFT | 1u << MODEL_DAMPED |
                                 1u << MODEL_THETA);
    assert_int_equal(counts, 1u << MODEL_POISSON | 1u << MODEL_NEGBIN);
    assert_null(model_kind_info(MODEL_KIND_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_models_select__line_goes_to_drift),
        cmocka_unit_test(test_models_select__mean_is_weighted_members),
        cmocka_unit_test(test_models_select__combo_is_equal_weights_of_three),
        cmocka_unit_test(test_models_select__short_series_fixed_choice),
        cmocka_unit_test(test_models_select__short_falling_series_damps_the_fall),
        cmocka_unit_test(test_models_select__growing_short_stock_keeps_growing),
        cmocka_unit_test(test_models_select__short_series_intervals_are_wider),
        cmocka_unit_test(test_models_select__short_series_coverage),
        cmocka_unit_test(test_models_select__bad_arguments),
        cmocka_unit_test(test_models_select__seeded_paths_are_identical),
        cmocka_unit_test(test_models_select__paths_have_calibrated_spread),
        cmocka_unit_test(test_models_select__counts_stay_integer),
        cmocka_unit_test(test_models_select__nonneg_paths_keep_the_mean),
        cmocka_unit_test(test_models_select__scale_follows_backtest_errors),
        cmocka_unit_test(test_models_select__coverage_on_known_model),
        cmocka_unit_test(test_models_select__fitted_weighted_over_members),
        cmocka_unit_test(test_models_select__traits_table),
    };

    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
