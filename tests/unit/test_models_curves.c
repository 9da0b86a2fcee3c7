/*
 * tests/unit/test_models_curves.c -- the trend curves (linear, exp, logistic,
 * gompertz) and count models (poisson, negbin) of models/curve.c and
 * models/count.c, through the public model.h API, plus the shared helpers of
 * models/internal.h (mvn.c).
 *
 * Every reference number below was computed independently of the C code by
 * tests/unit/curves_reference.py (python3, standard library only): closed
 * form OLS for linear/exp, a hand-written damped Gauss-Newton for the growth
 * curves, Newton-Raphson on the log-likelihood for Poisson, and a golden
 * section search over alpha with Newton inner fits for the negative binomial.
 * Run it to reprint them.  Interval checks use analytic quantiles (normal,
 * and Student t via GSL's cdf module) with tolerances of 4.5 standard errors
 * of a sample quantile, sqrt(p (1 - p) / N) / density.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "internal.h"
#include "model.h"
#include "test_assert.h"

#define NPATHS 20000

static int fit(enum model_kind kind, const double *t, const double *y, size_t n, double capacity,
               struct model_fit *f)
{
    struct model_data d = {t, y, n, false, false};
    struct model_opts o;

    memset(&o, 0, sizeof o);
    o.capacity = capacity;
    return model_fit(kind, &d, &o, f);
}

static double *paths_alloc(size_t h)
{
    double *p = malloc(NPATHS * h * sizeof *p);
    assert_non_null(p);
    return p;
}

/* The q-quantile of column j of the paths (sorted copy into col). */
static double column_quantile(const double *paths, size_t h, size_t j, double *col, double q)
{
    size_t p;

    for (p = 0; p < NPATHS; p++)
        col[p] = paths[p * h + j];
    gsl_sort(col, 1, NPATHS);
    return gsl_stats_quantile_from_sorted_data(col, 1, NPATHS, q);
}

/* Data shared by the OLS tests (gaps in t). */
static const double lin_t[] = {2013, 2014, 2016, 2017, 2018, 2020};
static const double lin_y[] = {12.385, 14.02, 17.77, 19.13, 21.6, 24.91};
static const double exp_y[] = {3.1, 3.9, 6.2, 7.7, 10.4, 15.8};

static void test_models_curves__linear_closed_form(void **state)
{
    struct model_fit f;
    double mean[2], fitted[6];

    (void)state;
    assert_int_equal(fit(MODEL_LINEAR, lin_t, lin_y, 6, 0.0, &f), GSL_SUCCESS);
    assert_int_equal(f.n_params, 2);
    assert_string_equal(f.param_names[0], "a");
    assert_string_equal(f.param_names[1], "b");
    assert_rel(f.params[0], 18.302499999999998, 1e-12);
    assert_rel(f.params[1], 1.8050999999999999, 1e-12);
    assert_rel(f.tbar, 2016.3333333333333, 1e-14);
    assert_rel(f.sigma, 0.24729562268669536, 1e-10);
    assert_rel(f.se[0], 0.10095801520103988, 1e-10);
    assert_rel(f.se[1], 0.042832858298273907, 1e-10);
    assert_abs(f.cov[1], 0.0, 1e-15); /* centred: a and b uncorrelated */
    assert_rel(f.loglik, 1.0857889552713613, 1e-9);
    assert_rel(f.aicc, 15.828422089457277, 1e-10);
    assert_int_equal(model_forecast(&f, 2, mean), GSL_SUCCESS);
    assert_rel(mean[1], 28.531400000000133, 1e-12);
    {
        struct model_data d = {lin_t, lin_y, 6, false, false};
        assert_int_equal(model_fitted(&f, &d, fitted), GSL_SUCCESS);
        assert_rel(fitted[0], 18.302499999999998 + 1.8050999999999999 * (2013 - 2016.3333333333333),
                   1e-12);
    }
}

static void test_models_curves__exp_closed_form(void **state)
{
    struct model_fit f;
    double mean[1];
    static const double bad[] = {3.1, 3.9, 0.0, 7.7, 10.4, 15.8};

    (void)state;
    assert_int_equal(fit(MODEL_EXP, lin_t, exp_y, 6, 0.0, &f), GSL_SUCCESS);
    assert_rel(f.params[0], 1.9099940052862723, 1e-12);
    assert_rel(f.params[1], 0.23486172749906783, 1e-12);
    assert_rel(f.sigma, 0.024836797763288322, 1e-9);
    assert_rel(f.se[0], 0.010139580227459154, 1e-9);
    assert_rel(f.se[1], 0.0043018595623328425, 1e-9);
    assert_rel(f.loglik, 3.4153737618695494, 1e-9);
    /* The log-normal mean at the estimates, exp(a + b d + sigma^2 / 2). */
    assert_int_equal(model_forecast(&f, 1, mean), GSL_SUCCESS);
    assert_rel(mean[0], 20.212956982307546, 1e-12);
    assert_int_equal(fit(MODEL_EXP, lin_t, bad, 6, 0.0, &f), GSL_EINVAL);
}

/* Data from K = 812.5, r = 0.43, t0 = 2014.7 plus 6 sin(1.7 i + 0.3) (curves_reference.py). */
static const double grow_t[] = {2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014,
                                2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022};
static const double logi_y[] = {20.607102,  34.052329,  39.965410,  59.847843,  99.449012,
                                141.019644, 188.491398, 261.893074, 351.398893, 433.063370,
                                510.931020, 593.122679, 659.976966, 699.622506, 731.885058,
                                765.476959, 782.954831};
/* Data from K = 812.5, r = 0.31, t0 = 2013.2 plus the same wiggle. */
static const double gomp_y[] = {1.846043,   6.329939,   2.225792,   15.926001,  59.163041,
                                115.934519, 185.189584, 278.232795, 378.152891, 459.056205,
                                527.963860, 598.081310, 654.027054, 686.094548, 714.404387,
                                746.950980, 765.296430};

static void test_models_curves__logistic_recovers_parameters(void **state)
{
    struct model_fit f;

    (void)state;
    assert_int_equal(fit(MODEL_LOGISTIC, grow_t, logi_y, 17, 0.0, &f), GSL_SUCCESS);
    assert_string_equal(f.param_names[0], "K");
    assert_string_equal(f.param_names[1], "r");
    assert_string_equal(f.param_names[2], "t0");
    /* Near the generating values (the wiggle moves them by about one standard error)... */
    assert_rel(f.params[0], 812.5, 0.01);
    assert_rel(f.params[1], 0.43, 0.01);
    assert_abs(f.params[2], 2014.7, 0.05);
    /* ...and equal to the least-squares solution found by an independent Gauss-Newton. */
    assert_rel(f.params[0], 815.33777854305958, 1e-7);
    assert_rel(f.params[1], 0.42754841245020186, 1e-7);
    assert_rel(f.params[2], 2014.721532916825, 1e-10);
    assert_rel(f.se[0], 4.3789800153126874, 1e-5);
    assert_rel(f.se[1], 0.0053160728261671649, 1e-5);
    assert_rel(f.se[2], 0.041155413428831431, 1e-5);
    assert_rel(f.sigma * f.sigma * 14.0, 287.69710529010342, 1e-8);
}

static void test_models_curves__gompertz_recovers_parameters(void **state)
{
    struct model_fit f;

    (void)state;
    assert_int_equal(fit(MODEL_GOMPERTZ, grow_t, gomp_y, 17, 0.0, &f), GSL_SUCCESS);
    assert_rel(f.params[0], 812.5, 0.01);
    assert_rel(f.params[1], 0.31, 0.01);
    assert_abs(f.params[2], 2013.2, 0.05);
    assert_rel(f.params[0], 815.46527214906291, 1e-7);
    assert_rel(f.params[1], 0.30799957412896051, 1e-7);
    assert_rel(f.params[2], 2013.214779929634, 1e-10);
    assert_rel(f.se[0], 5.2554418794310607, 1e-5);
    assert_rel(f.se[1], 0.0049241710226309264, 1e-5);
    assert_rel(f.se[2], 0.033780767189187023, 1e-5);
    assert_rel(f.sigma * f.sigma * 14.0, 289.2682443095344, 1e-8);
}

static void test_models_curves__logistic_fixed_capacity(void **state)
{
    struct model_fit f;

    (void)state;
    assert_int_equal(fit(MODEL_LOGISTIC, grow_t, logi_y, 17, 850.0, &f), GSL_SUCCESS);
    assert_int_equal(f.n_params, 3);
    assert_rel(f.params[0], 850.0, 0.0);
    assert_abs(f.se[0], 0.0, 0.0);
    assert_rel(f.params[1], 0.39754041289760916, 1e-7);
    assert_rel(f.params[2], 2015.0068624697731, 1e-10);
    assert_rel(f.se[1], 0.0064111874767743262, 1e-5);
    assert_rel(f.se[2], 0.044217583851359571, 1e-5);
    /* A capacity below the data cannot be fitted. */
    assert_int_equal(fit(MODEL_LOGISTIC, grow_t, logi_y, 17, 500.0, &f), GSL_EINVAL);
}

/* Degenerate data: a status or a sensible fit, never NaN or Inf. */
static void test_models_curves__degenerate_data(void **state)
{
    static const double t[] = {2015, 2016, 2017, 2018, 2019, 2020};
    static const double flat[] = {7.25, 7.25, 7.25, 7.25, 7.25, 7.25};
    static const double zeros[] = {0, 0, 0, 0, 0, 0};
    static const double jump[] = {1, 1, 1, 1, 1, 1000};
    static const double falling[] = {90.5, 81.25, 70.0, 62.5, 50.75, 41.0};
    static const enum model_kind curves[] = {MODEL_LOGISTIC, MODEL_GOMPERTZ};
    struct model_fit f;
    double mean[3];
    size_t k;

    (void)state;
    /* One point, too few points. */
    assert_int_equal(fit(MODEL_LINEAR, t, flat, 1, 0.0, &f), GSL_EINVAL);
    assert_int_equal(fit(MODEL_LOGISTIC, t, logi_y, 4, 0.0, &f), GSL_EINVAL);
    /* A constant: the trends fit it exactly with zero spread. */
    assert_int_equal(fit(MODEL_LINEAR, t, flat, 6, 0.0, &f), GSL_SUCCESS);
    assert_abs(f.params[1], 0.0, 1e-12);
    assert_abs(f.sigma, 0.0, 1e-12);
    assert_true(isfinite(f.aicc));
    assert_int_equal(model_forecast(&f, 3, mean), GSL_SUCCESS);
    assert_rel(mean[2], 7.25, 1e-12);
    assert_int_equal(fit(MODEL_EXP, t, flat, 6, 0.0, &f), GSL_SUCCESS);
    assert_abs(f.params[1], 0.0, 1e-12);
    for (k = 0; k < 2; k++) {
        /* A constant, all zeros, one huge jump and a falling line are no growth curves. */
        assert_int_not_equal(fit(curves[k], t, flat, 6, 0.0, &f), GSL_SUCCESS);
        assert_int_equal(fit(curves[k], t, zeros, 6, 0.0, &f), GSL_EINVAL);
        assert_int_not_equal(fit(curves[k], t, jump, 6, 0.0, &f), GSL_SUCCESS);
        assert_int_not_equal(fit(curves[k], t, falling, 6, 0.0, &f), GSL_SUCCESS);
    }
    /* Bad arguments. */
    assert_int_equal(model_fit(MODEL_LINEAR, NULL, NULL, &f), GSL_EINVAL);
    {
        static const double back[] = {2016, 2015, 2017};
        assert_int_equal(fit(MODEL_LINEAR, back, flat, 3, 0.0, &f), GSL_EINVAL);
    }
}

/*
 * Linear trend, noise only: step-j paths are N(a + b d, sigma^2), so their
 * 10% and 90% quantiles are the mean -/+ 1.2816 sigma.
 */
static void test_models_curves__linear_paths_noise_only(void **state)
{
    const size_t h = 3;
    struct model_data d = {lin_t, lin_y, 6, false, false};
    struct model_opts o;
    struct model_fit f;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *paths = paths_alloc(h), *col = paths_alloc(1), mean[3];
    /* se of a sample quantile at p = 0.1: sqrt(0.09 / N) / phi(1.2816), in units of sigma */
    double tol = 4.5 * sqrt(0.09 / NPATHS) / gsl_ran_gaussian_pdf(1.2815515655446004, 1.0);
    size_t j;

    (void)state;
    memset(&o, 0, sizeof o);
    o.no_param_uncert = true;
    gsl_rng_set(r, 20240611);
    assert_int_equal(model_fit(MODEL_LINEAR, &d, &o, &f), GSL_SUCCESS);
    assert_int_equal(model_forecast(&f, h, mean), GSL_SUCCESS);
    assert_int_equal(model_simulate(&f, h, NPATHS, r, paths), GSL_SUCCESS);
    for (j = 0; j < h; j++) {
        double q10 = column_quantile(paths, h, j, col, 0.10);
        double q90 = column_quantile(paths, h, j, col, 0.90);
        assert_abs((q10 - mean[j]) / f.sigma, -1.2815515655446004, tol);
        assert_abs((q90 - mean[j]) / f.sigma, 1.2815515655446004, tol);
    }
    free(col);
    free(paths);
    gsl_rng_free(r);
}

/*
 * Linear trend with parameter uncertainty: the paths' quantiles are the OLS
 * prediction interval a + b d -/+ t_{n-2}(q) s sqrt(1 + 1/n + d^2 / Sxx).
 * Eight points (dof 6) so the sigma-factor cap touches < 0.1% of the draws.
 */
static void test_models_curves__linear_paths_prediction_interval(void **state)
{
    static const double t[] = {2011, 2012, 2013, 2015, 2016, 2017, 2018, 2020};
    static const double y[] = {40.25, 43.9, 44.1, 51.3, 50.2, 55.85, 56.1, 61.7};
    const size_t h = 4, n = 8;
    static const double q[] = {0.05, 0.10, 0.90, 0.95};
    struct model_data d = {t, y, n, false, false};
    struct model_fit f;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *paths = paths_alloc(h), *col = paths_alloc(1), mean[4], sxx = 0.0, tbar = 0.0;
    size_t i, j, k;

    (void)state;
    gsl_rng_set(r, 7713);
    for (i = 0; i < n; i++)
        tbar += t[i] / (double)n;
    for (i = 0; i < n; i++)
        sxx += (t[i] - tbar) * (t[i] - tbar);
    assert_int_equal(model_fit(MODEL_LINEAR, &d, NULL, &f), GSL_SUCCESS);
    assert_int_equal(model_forecast(&f, h, mean), GSL_SUCCESS);
    assert_int_equal(model_simulate(&f, h, NPATHS, r, paths), GSL_SUCCESS);
    for (j = 0; j < h; j++) {
        double dd = 2020.0 + (double)(j + 1) - tbar;
        double scale = f.sigma * sqrt(1.0 + 1.0 / (double)n + dd * dd / sxx);
        for (k = 0; k < sizeof q / sizeof q[0]; k++) {
            double tq = gsl_cdf_tdist_Pinv(q[k], (double)(n - 2));
            double tol =
                4.5 * sqrt(q[k] * (1.0 - q[k]) / NPATHS) / gsl_ran_tdist_pdf(tq, (double)(n - 2));
            double got = column_quantile(paths, h, j, col, q[k]);
            assert_abs((got - mean[j]) / scale, tq, tol);
        }
    }
    free(col);
    free(paths);
    gsl_rng_free(r);
}

/* Exp paths are log-normal: the median of log paths is the fitted line. */
static void test_models_curves__exp_paths_lognormal(void **state)
{
    const size_t h = 2;
    struct model_data d = {lin_t, exp_y, 6, false, true};
    struct model_opts o;
    struct model_fit f;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *paths = paths_alloc(h), *col = paths_alloc(1);
    double tol = 4.5 * sqrt(0.09 / NPATHS) / gsl_ran_gaussian_pdf(1.2815515655446004, 1.0);
    size_t j;

    (void)state;
    memset(&o, 0, sizeof o);
    o.no_param_uncert = true;
    gsl_rng_set(r, 99);
    assert_int_equal(model_fit(MODEL_EXP, &d, &o, &f), GSL_SUCCESS);
    assert_int_equal(model_simulate(&f, h, NPATHS, r, paths), GSL_SUCCESS);
    for (j = 0; j < h; j++) {
        double mu = f.params[0] + f.params[1] * (2020.0 + (double)(j + 1) - f.tbar);
        assert_abs((log(column_quantile(paths, h, j, col, 0.9)) - mu) / f.sigma, 1.2815515655446004,
                   tol);
        assert_true(column_quantile(paths, h, j, col, 0.0) > 0.0);
    }
    free(col);
    free(paths);
    gsl_rng_free(r);
}

/* Logistic paths: the median follows the curve; nonneg counts stay integer and >= 0. */
static void test_models_curves__curve_paths(void **state)
{
    const size_t h = 5;
    struct model_data d = {grow_t, logi_y, 17, true, true};
    struct model_fit f;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *paths = paths_alloc(h), *col = paths_alloc(1), mean[5];
    size_t j, i;

    (void)state;
    gsl_rng_set(r, 4242);
    assert_int_equal(model_fit(MODEL_LOGISTIC, &d, NULL, &f), GSL_SUCCESS);
    assert_int_equal(model_forecast(&f, h, mean), GSL_SUCCESS);
    assert_int_equal(model_simulate(&f, h, NPATHS, r, paths), GSL_SUCCESS);
    for (j = 0; j < h; j++) {
        double med = column_quantile(paths, h, j, col, 0.5);
        /* The median within a quarter of sigma of the curve (sampling error ~0.01 sigma). */
        assert_abs(med, mean[j], 0.25 * f.sigma + 1.0);
    }
    for (i = 0; i < NPATHS * h; i++) {
        assert_true(paths[i] >= 0.0);
        assert_abs(paths[i], nearbyint(paths[i]), 0.0);
    }
    free(col);
    free(paths);
    gsl_rng_free(r);
}

/* The same seed gives the same paths, for every model here; another seed differs. */
static void test_models_curves__same_seed_same_paths(void **state)
{
    static const enum model_kind kinds[] = {MODEL_LINEAR,   MODEL_EXP,     MODEL_LOGISTIC,
                                            MODEL_GOMPERTZ, MODEL_POISSON, MODEL_NEGBIN};
    static const double cnt[] = {3, 12, 5, 20, 8, 30, 11, 2, 40, 25, 22, 31, 28, 35, 33, 41, 38};
    const size_t h = 6, np = 200;
    double a[200 * 6], b[200 * 6];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t k;

    (void)state;
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const double *y = kinds[k] == MODEL_GOMPERTZ ? gomp_y : logi_y;
        struct model_fit f;
        if (kinds[k] == MODEL_POISSON || kinds[k] == MODEL_NEGBIN)
            y = cnt;
        assert_int_equal(fit(kinds[k], grow_t, y, 17, 0.0, &f), GSL_SUCCESS);
        gsl_rng_set(r, 1234);
        assert_int_equal(model_simulate(&f, h, np, r, a), GSL_SUCCESS);
        gsl_rng_set(r, 1234);
        assert_int_equal(model_simulate(&f, h, np, r, b), GSL_SUCCESS);
        assert_memory_equal(a, b, sizeof a);
        gsl_rng_set(r, 1235);
        assert_int_equal(model_simulate(&f, h, np, r, b), GSL_SUCCESS);
        assert_memory_not_equal(a, b, sizeof a);
    }
    gsl_rng_free(r);
}

static const double cnt_t[] = {2012, 2013, 2014, 2015, 2017, 2018, 2019};
static const double cnt_y[] = {4, 7, 5, 9, 14, 12, 19};

static void test_models_curves__poisson_irls(void **state)
{
    struct model_fit f;
    double mu[7], sum_y = 0.0, sum_mu = 0.0, sum_uy = 0.0, sum_umu = 0.0;
    struct model_data d = {cnt_t, cnt_y, 7, true, true};
    size_t i;

    (void)state;
    assert_int_equal(model_fit(MODEL_POISSON, &d, NULL, &f), GSL_SUCCESS);
    assert_rel(f.params[0], 2.1898855379073163, 1e-8);
    assert_rel(f.params[1], 0.19578768350019543, 1e-8);
    assert_rel(f.se[0], 0.13316033658043128, 1e-6);
    assert_rel(f.se[1], 0.052014703200361508, 1e-6);
    assert_rel(f.loglik, -15.051639629848001, 1e-9);
    /* The score equations hold: sum of fitted = sum of data, and the same weighted by t - tbar. */
    assert_int_equal(model_fitted(&f, &d, mu), GSL_SUCCESS);
    for (i = 0; i < 7; i++) {
        sum_y += cnt_y[i];
        sum_mu += mu[i];
        sum_uy += (cnt_t[i] - f.tbar) * cnt_y[i];
        sum_umu += (cnt_t[i] - f.tbar) * mu[i];
    }
    assert_rel(sum_mu, sum_y, 1e-8);
    assert_abs(sum_umu, sum_uy, 1e-6);
}

static void test_models_curves__negbin_profile_ml(void **state)
{
    static const double t[] = {2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019};
    static const double y[] = {3, 12, 5, 20, 8, 30, 11, 2, 40, 25};
    struct model_data d = {t, y, 10, true, true};
    struct model_fit f, fp;

    (void)state;
    assert_int_equal(model_fit(MODEL_NEGBIN, &d, NULL, &f), GSL_SUCCESS);
    assert_string_equal(f.param_names[2], "alpha");
    assert_rel(f.params[0], 2.6508901046876359, 1e-5);
    assert_rel(f.params[1], 0.15919378295935244, 1e-4);
    assert_rel(f.params[2], 0.42545552003151021, 1e-4);
    assert_rel(f.loglik, -35.593032874371737, 1e-8);
    assert_true(f.se[2] > 0.0);
    /* Over-dispersed data: the NB likelihood beats the Poisson one by far. */
    assert_int_equal(model_fit(MODEL_POISSON, &d, NULL, &fp), GSL_SUCCESS);
    assert_true(f.loglik > fp.loglik + 10.0);
    assert_true(f.aicc < fp.aicc);
}

/* Count paths: integers, never negative; Poisson path variance ~ mean with no_param_uncert. */
static void test_models_curves__count_paths(void **state)
{
    const size_t h = 2;
    struct model_data d = {cnt_t, cnt_y, 7, true, true};
    struct model_opts o;
    struct model_fit f;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *paths = paths_alloc(h), *col = paths_alloc(1), mean[2];
    size_t i, j;

    (void)state;
    memset(&o, 0, sizeof o);
    o.no_param_uncert = true;
    gsl_rng_set(r, 5);
    assert_int_equal(model_fit(MODEL_POISSON, &d, &o, &f), GSL_SUCCESS);
    assert_int_equal(model_forecast(&f, h, mean), GSL_SUCCESS);
    assert_int_equal(model_simulate(&f, h, NPATHS, r, paths), GSL_SUCCESS);
    for (i = 0; i < NPATHS * h; i++) {
        assert_true(paths[i] >= 0.0);
        assert_abs(paths[i], nearbyint(paths[i]), 0.0);
    }
    for (j = 0; j < h; j++) {
        double m, v;
        for (i = 0; i < NPATHS; i++)
            col[i] = paths[i * h + j];
        m = gsl_stats_mean(col, 1, NPATHS);
        v = gsl_stats_variance(col, 1, NPATHS);
        /* se of the mean sqrt(mu / N); of the variance about mu sqrt(2 / N) */
        assert_abs(m, mean[j], 4.5 * sqrt(mean[j] / NPATHS));
        assert_abs(v, mean[j], 4.5 * mean[j] * sqrt(2.0 / NPATHS) + 0.5);
    }
    free(col);
    free(paths);
    gsl_rng_free(r);
}

/*
 * Poisson paths at a large mean (the transformed-rejection sampler, mu >= 10):
 * the empirical CDF at mu - 25, mu and mu + 25 against gsl_cdf_poisson_P.
 */
static void test_models_curves__poisson_large_mean_cdf(void **state)
{
    static const double t[] = {2014, 2015, 2016, 2017, 2018, 2019, 2020};
    static const double y[] = {291, 305, 288, 312, 299, 317, 302};
    struct model_data d = {t, y, 7, true, true};
    struct model_opts o;
    struct model_fit f;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *paths = paths_alloc(1), mean[1];
    static const double off[] = {-25.0, 0.0, 25.0};
    size_t i, k;

    (void)state;
    memset(&o, 0, sizeof o);
    o.no_param_uncert = true;
    gsl_rng_set(r, 31337);
    assert_int_equal(model_fit(MODEL_POISSON, &d, &o, &f), GSL_SUCCESS);
    assert_int_equal(model_forecast(&f, 1, mean), GSL_SUCCESS);
    assert_true(mean[0] > 250.0 && mean[0] < 350.0);
    assert_int_equal(model_simulate(&f, 1, NPATHS, r, paths), GSL_SUCCESS);
    for (k = 0; k < 3; k++) {
        double x = floor(mean[0] + off[k]), want = gsl_cdf_poisson_P((unsigned)x, mean[0]);
        size_t below = 0;
        for (i = 0; i < NPATHS; i++)
            below += paths[i] <= x;
        assert_abs((double)below / NPATHS, want, 4.5 * sqrt(want * (1.0 - want) / NPATHS));
    }
    free(paths);
    gsl_rng_free(r);
}

/*
 * model_draw_poisson on its own, with and without its log k! memory (the
 * year-to-date projection draws without): the empirical CDF at mu - 2 sd,
 * mu and mu + 2 sd against gsl_cdf_poisson_P, below the transformed
 * rejection (mu 4), just above its threshold (12) and far above (900).
 */
static void test_models_curves__draw_poisson_cdf(void **state)
{
    static const double mus[] = {4.0, 12.0, 900.0};
    enum { N = 40000 };
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    double *memo = malloc(MODEL_LOG_FACT_N * sizeof *memo), *x = malloc(N * sizeof *x);
    size_t m, k, i, with;

    (void)state;
    assert_non_null(memo);
    assert_non_null(x);
    gsl_rng_set(r, 2718);
    for (with = 0; with < 2; with++)
        for (m = 0; m < 3; m++) {
            double mu = mus[m], sd = sqrt(mu);
            for (i = 0; i < MODEL_LOG_FACT_N; i++)
                memo[i] = NAN;
            for (i = 0; i < N; i++) {
                x[i] = model_draw_poisson(r, mu, with ? memo : NULL);
                assert_true(x[i] >= 0.0 && x[i] == floor(x[i]));
            }
            for (k = 0; k < 3; k++) {
                double at = floor(mu + ((double)k - 1.0) * 2.0 * sd);
                double want = gsl_cdf_poisson_P((unsigned)at, mu);
                size_t below = 0;
                for (i = 0; i < N; i++)
                    below += x[i] <= at;
                assert_abs((double)below / N, want, 4.5 * sqrt(want * (1.0 - want) / N));
            }
        }
    free(x);
    free(memo);
    gsl_rng_free(r);
}

static void test_models_curves__count_bad_data(void **state)
{
    static const double t[] = {2015, 2016, 2017, 2018, 2019};
    static const double frac[] = {3, 4.5, 6, 7, 9};
    static const double neg[] = {3, -1, 6, 7, 9};
    static const double zeros[] = {0, 0, 0, 0, 0};
    static const double late[] = {0, 0, 0, 0, 5};
    struct model_fit f;
    struct model_data d = {t, frac, 5, true, true};

    (void)state;
    assert_int_equal(model_fit(MODEL_POISSON, &d, NULL, &f), GSL_EINVAL);
    assert_int_equal(model_fit(MODEL_NEGBIN, &d, NULL, &f), GSL_EINVAL);
    d.y = neg;
    assert_int_equal(model_fit(MODEL_POISSON, &d, NULL, &f), GSL_EINVAL);
    assert_int_equal(model_fit(MODEL_NEGBIN, &d, NULL, &f), GSL_EINVAL);
    d.y = zeros;
    assert_int_equal(model_fit(MODEL_POISSON, &d, NULL, &f), GSL_EDOM);
    assert_int_equal(model_fit(MODEL_NEGBIN, &d, NULL, &f), GSL_EDOM);
    /* Zeros then a count: the slope's maximum likelihood is infinite. */
    d.y = late;
    assert_int_equal(model_fit(MODEL_POISSON, &d, NULL, &f), GSL_EDOM);
    assert_int_equal(model_fit(MODEL_NEGBIN, &d, NULL, &f), GSL_EDOM);
    d.n = 2;
    assert_int_equal(model_fit(MODEL_POISSON, &d, NULL, &f), GSL_EINVAL);
}

/*
 * mvn.c: a positive definite covariance gets its Cholesky factor; a singular
 * one (rank 1) and one made slightly indefinite by round-off get the
 * eigen-decomposition fallback with A A' equal to the matrix (its PSD part).
 */
static void test_models_curves__mvn_factor(void **state)
{
    static const double pd[4] = {4.0, 1.2, 1.2, 0.81};
    static const double rank1[4] = {1.0, 2.0, 2.0, 4.0};
    static const double indef[4] = {1.0, 2.0000001, 2.0000001, 4.0};
    struct mvn_factor fa;
    const double *mats[] = {pd, rank1, indef};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double mean[2] = {10.0, -3.0}, x[2];
    size_t m, i, j, k;

    (void)state;
    for (m = 0; m < 3; m++) {
        assert_int_equal(mvn_factor_init(&fa, mats[m], 2), GSL_SUCCESS);
        for (i = 0; i < 2; i++)
            for (j = 0; j < 2; j++) {
                double s = 0.0;
                for (k = 0; k < 2; k++)
                    s += fa.a[i * 2 + k] * fa.a[j * 2 + k];
                assert_abs(s, mats[m][i * 2 + j], 1e-6);
            }
    }
    /* Draws from the rank-1 matrix lie on the line x2 - mean2 = 2 (x1 - mean1). */
    assert_int_equal(mvn_factor_init(&fa, rank1, 2), GSL_SUCCESS);
    for (i = 0; i < 100; i++) {
        mvn_draw(&fa, mean, r, x);
        assert_abs(x[1] - mean[1], 2.0 * (x[0] - mean[0]), 1e-9);
    }
    {
        double bad[4] = {1.0, NAN, NAN, 1.0};
        assert_int_equal(mvn_factor_init(&fa, bad, 2), GSL_EINVAL);
        assert_int_equal(mvn_factor_init(&fa, pd, MODEL_MAX_PARAMS + 1), GSL_EINVAL);
    }
    /* AICc and the penalty when n <= k + 1 (finite, large). */
    assert_rel(model_aicc(-10.0, 3, 10), 20.0 + 6.0 + 24.0 / 6.0, 1e-15);
    assert_true(isfinite(model_aicc(-10.0, 3, 4)) && model_aicc(-10.0, 3, 4) > 1e5);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_models_curves__linear_closed_form),
        cmocka_unit_test(test_models_curves__exp_closed_form),
        cmocka_unit_test(test_models_curves__logistic_recovers_parameters),
        cmocka_unit_test(test_models_curves__gompertz_recovers_parameters),
        cmocka_unit_test(test_models_curves__logistic_fixed_capacity),
        cmocka_unit_test(test_models_curves__degenerate_data),
        cmocka_unit_test(test_models_curves__linear_paths_noise_only),
        cmocka_unit_test(test_models_curves__linear_paths_prediction_interval),
        cmocka_unit_test(test_models_curves__exp_paths_lognormal),
        cmocka_unit_test(test_models_curves__curve_paths),
        cmocka_unit_test(test_models_curves__same_seed_same_paths),
        cmocka_unit_test(test_models_curves__poisson_irls),
        cmocka_unit_test(test_models_curves__draw_poisson_cdf),
        cmocka_unit_test(test_models_curves__negbin_profile_ml),
        cmocka_unit_test(test_models_curves__count_paths),
        cmocka_unit_test(test_models_curves__poisson_large_mean_cdf),
        cmocka_unit_test(test_models_curves__count_bad_data),
        cmocka_unit_test(test_models_curves__mvn_factor),
    };

    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
