/*
 * tests/unit/test_models_smooth.c -- the random walks (naive, drift), damped
 * trend smoothing and the theta method (models/naive.c, damped.c, theta.c)
 * and the accuracy measures of models/metrics.c, through model.h.
 *
 * Where the numbers come from:
 *  - naive/drift: the closed forms (sums worked in python3, printed with
 *    %.17g; the one-liner is in the comment of each test);
 *  - damped: one-step fits for fixed parameters and the brute-force grid
 *    minimum of the concentrated SSE from tests/unit/smooth_reference.py
 *    (plain-Python recursions written from Hyndman et al. 2008, not from
 *    damped.c); the simulated spread against the textbook variance formula;
 *  - theta: the classical two-line construction (OLS line, theta line, SES
 *    of the theta line, then the weighted average), computed here with GSL's
 *    gsl_fit_linear, against the SES-with-drift recursion theta.c uses;
 *  - interval checks use tolerances of 4.5 standard errors of the sample
 *    statistic, so they fail by chance less than once in 10^5 runs (and the
 *    seeds are fixed anyway).
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
#include <gsl/gsl_fit.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "model.h"
#include "test_assert.h"

#define NPATHS 20000

/* smooth_reference.py's Y (fixed-parameter fits) and Y2 (ML data). */
static const double Y1[] = {12.385, 13.912, 15.027, 15.889, 17.431, 18.102, 19.664,
                            20.318, 21.975, 22.406, 23.817, 24.933, 25.268, 26.741};
static const double Y2[] = {52.795, 54.606, 57.116, 61.983, 61.707, 64.728, 67.002, 65.595, 68.154,
                            71.49,  67.933, 69.796, 70.383, 69.422, 71.227, 70.944, 68.599, 71.262};
static double T[64];

static struct model_data data_of(const double *y, size_t n)
{
    struct model_data d = {T, y, n, false, false};
    size_t i;

    for (i = 0; i < n; i++)
        T[i] = 2006.0 + (double)i;
    return d;
}

/* Column j of the paths, sorted. */
static void column(const double *paths, size_t npaths, size_t h, size_t j, double *col)
{
    size_t p;

    for (p = 0; p < npaths; p++)
        col[p] = paths[p * h + j];
    gsl_sort(col, 1, npaths);
}

/* The sample p-quantile is within 4.5 SE of the normal quantile mean + sd z_p. */
static void assert_normal_quantile(const double *sorted, size_t n, double p, double mean, double sd)
{
    double z = gsl_cdf_ugaussian_Pinv(p), want = mean + sd * z;
    double dens = exp(-0.5 * z * z) / sqrt(2 * M_PI) / sd;
    double se = sqrt(p * (1 - p) / (double)n) / dens;

    assert_abs(gsl_stats_quantile_from_sorted_data(sorted, 1, n, p), want, 4.5 * se);
}

static void test_models_smooth__metrics(void **state)
{
    const double y[] = {100, 50, 0, 7}, f[] = {110, 40, 0, 7};
    const double tr[] = {3, 5, 4, 8};

    (void)state;
    /* (200*10/210 + 200*10/90 + 0 + 0) / 4; 0/0 counts as a perfect forecast */
    assert_rel(model_smape(y, f, 4), (2000.0 / 210 + 2000.0 / 90) / 4, 1e-14);
    assert_abs(model_smape(y, f, 0), 0, 0);
    /* (|5-3| + |4-5| + |8-4|) / 3 */
    assert_rel(model_mase_scale(tr, 4), 7.0 / 3, 1e-14);
    assert_abs(model_mase_scale(tr, 1), 0, 0);
}

/*
 * y over 2010-2016 without 2013.  python3:
 *   d = diffs, g = gaps; drift = (18.25-10.3)/6; sigma^2 = sum (d - drift g)^2 / g / (m-1)
 */
static const double GT[] = {2010, 2011, 2012, 2014, 2015, 2016};
static const double GY[] = {10.3, 11.9, 12.4, 15.8, 16.1, 18.25};

static void test_models_smooth__naive_drift_closed_form(void **state)
{
    struct model_data d = {GT, GY, 6, false, false};
    struct model_fit f;
    double mean[4], fitted[6];

    (void)state;
    assert_int_equal(model_fit(MODEL_NAIVE, &d, NULL, &f), GSL_SUCCESS);
    assert_rel(f.sigma, 1.6311039206623221, 1e-13);
    assert_rel(f.loglik, -9.8875514439390511, 1e-13);
    assert_rel(f.aicc, 23.108436221211434, 1e-13);
    assert_int_equal(model_forecast(&f, 4, mean), GSL_SUCCESS);
    assert_abs(mean[3], 18.25, 0);

    assert_int_equal(model_fit(MODEL_DRIFT, &d, NULL, &f), GSL_SUCCESS);
    assert_string_equal(f.param_names[0], "drift");
    assert_rel(f.params[0], 1.325, 1e-14);
    assert_rel(f.sigma, 0.83197806461468626, 1e-13);
    assert_rel(f.se[0], 0.33965362258237908, 1e-13);
    assert_int_equal(model_forecast(&f, 4, mean), GSL_SUCCESS);
    assert_rel(mean[0], 18.25 + 1.325, 1e-14);
    assert_rel(mean[3], 18.25 + 4 * 1.325, 1e-14);
    /* One-step fits span the gap: 12.4 + 2 * 1.325 for 2014. */
    assert_int_equal(model_fitted(&f, &d, fitted), GSL_SUCCESS);
    assert_rel(fitted[3], 12.4 + 2 * 1.325, 1e-14);
}

/* Drift paths carry the drift's uncertainty: var = sigma^2 (h + h^2 / T). */
static void test_models_smooth__drift_paths_match_analytic(void **state)
{
    struct model_data d = {GT, GY, 6, false, false};
    struct model_fit f;
    double *paths = malloc(NPATHS * 4 * sizeof *paths), *col = malloc(NPATHS * sizeof *col);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t j;

    (void)state;
    gsl_rng_set(r, 2385);
    assert_int_equal(model_fit(MODEL_DRIFT, &d, NULL, &f), GSL_SUCCESS);
    assert_int_equal(model_simulate(&f, 4, NPATHS, r, paths), GSL_SUCCESS);
    for (j = 0; j < 4; j++) {
        double h = (double)(j + 1), sd = f.sigma * sqrt(h + h * h / 6.0);
        column(paths, NPATHS, 4, j, col);
        assert_normal_quantile(col, NPATHS, 0.10, 18.25 + h * 1.325, sd);
        assert_normal_quantile(col, NPATHS, 0.90, 18.25 + h * 1.325, sd);
        assert_normal_quantile(col, NPATHS, 0.975, 18.25 + h * 1.325, sd);
    }
    /* Noise only: var = sigma^2 h (naive's formula plus the drift). */
    f.no_param_uncert = true;
    assert_int_equal(model_simulate(&f, 4, NPATHS, r, paths), GSL_SUCCESS);
    column(paths, NPATHS, 4, 3, col);
    assert_normal_quantile(col, NPATHS, 0.90, 18.25 + 4 * 1.325, f.sigma * 2.0);
    gsl_rng_free(r);
    free(col);
    free(paths);
}

/* smooth_reference.py: additive fits (alpha .6, beta .2, phi .9, l0 11, b0 1.4). */
static const double ADD_FITS[] = {12.26,         13.4915,       14.86034,      15.9952208,
                                  16.843764896,  18.1228571955, 18.9406646964, 20.2521558696,
                                  21.0932552832, 22.5024498042, 23.2193518787, 24.3828121747,
                                  25.5363429593, 26.0681117315};
/* smooth_reference.py: multiplicative fits (alpha .5, beta .1, phi .95, l0 11, b0 1.2). */
static const double MUL_FITS[] = {12.14,         13.368775,     14.742955125,  15.9594010694,
                                  16.9382147646, 18.1947354981, 19.0991795868, 20.3385189784,
                                  21.2353929121, 22.5372358811, 23.3445879857, 24.4549946771,
                                  25.5698984942, 26.2223749881};

static void test_models_smooth__damped_recursions_fixed_params(void **state)
{
    struct model_data d = data_of(Y1, 14);
    struct model_opts mo = {0, true, false};
    struct model_fit f;
    double fitted[14];
    size_t i;

    (void)state;
    assert_int_equal(model_fit(MODEL_DAMPED, &d, NULL, &f), GSL_SUCCESS);
    assert_int_equal((int)f.n_params, 5);
    assert_string_equal(f.param_names[0], "alpha");
    assert_string_equal(f.param_names[1], "beta");
    assert_string_equal(f.param_names[2], "phi");
    assert_string_equal(f.param_names[3], "l0");
    assert_string_equal(f.param_names[4], "b0");
    f.params[0] = 0.6, f.params[1] = 0.2, f.params[2] = 0.9, f.params[3] = 11, f.params[4] = 1.4;
    assert_int_equal(model_fitted(&f, &d, fitted), GSL_SUCCESS);
    for (i = 0; i < 14; i++)
        assert_rel(fitted[i], ADD_FITS[i], 1e-11);

    assert_int_equal(model_fit(MODEL_DAMPED, &d, &mo, &f), GSL_SUCCESS);
    assert_true(f.multiplicative);
    f.params[0] = 0.5, f.params[1] = 0.1, f.params[2] = 0.95, f.params[3] = 11, f.params[4] = 1.2;
    assert_int_equal(model_fitted(&f, &d, fitted), GSL_SUCCESS);
    for (i = 0; i < 14; i++)
        assert_rel(fitted[i], MUL_FITS[i], 1e-11);
}

static double sse_of(const struct model_fit *f, const struct model_data *d)
{
    double fitted[64], s = 0;
    size_t i;

    assert_int_equal(model_fitted(f, d, fitted), GSL_SUCCESS);
    for (i = 0; i < d->n; i++)
        s += (d->y[i] - fitted[i]) * (d->y[i] - fitted[i]);
    return s;
}

/*
 * Maximum likelihood: smooth_reference.py's grid over (alpha, beta, phi)
 * with (l0, b0) by least squares finds SSE 26.42777646 (alpha and beta at
 * their lower bound, phi 0.81).  Nelder-Mead must do at least as well, up
 * to its tolerance, and (l0, b0) must be the least-squares optimum.
 */
static void test_models_smooth__damped_ml_vs_grid(void **state)
{
    struct model_data d = data_of(Y2, 18);
    struct model_fit f, g;
    double sse, n = 18;
    size_t k;

    (void)state;
    assert_int_equal(model_fit(MODEL_DAMPED, &d, NULL, &f), GSL_SUCCESS);
    sse = sse_of(&f, &d);
    assert_true(sse <= 26.42777646 * 1.002);
    assert_true(sse >= 26.42777646 * 0.97);
    assert_rel(f.loglik, -n / 2 * (log(2 * M_PI * sse / n) + 1), 1e-10);
    /* AICc with 6 parameters (alpha, beta, phi, l0, b0, sigma) */
    assert_rel(f.aicc, -2 * f.loglik + 12 + 2.0 * 6 * 7 / (n - 7), 1e-12);
    assert_true(f.params[2] >= 0.8 && f.params[2] <= 0.98);
    assert_true(f.params[1] > 0 && f.params[1] <= f.params[0] && f.params[0] < 1);
    for (k = 3; k < 5; k++) {
        g = f;
        g.params[k] += 1e-3;
        assert_true(sse_of(&g, &d) > sse);
        g.params[k] -= 2e-3;
        assert_true(sse_of(&g, &d) > sse);
    }
}

/* -loglik of ETS(M,Ad,N) up to a constant: n/2 log(sum e^2) + sum log yhat, e relative. */
static double mult_nll(const struct model_fit *f, const struct model_data *d)
{
    double fitted[64], see = 0, sl = 0;
    size_t i;

    assert_int_equal(model_fitted(f, d, fitted), GSL_SUCCESS);
    for (i = 0; i < d->n; i++) {
        double e = (d->y[i] - fitted[i]) / fitted[i];
        see += e * e;
        sl += log(fitted[i]);
    }
    return 0.5 * (double)d->n * log(see) + sl;
}

/*
 * The multiplicative-error form: its log-likelihood is the Gaussian one of
 * the relative errors plus the Jacobian term -sum log yhat (Hyndman et al.
 * 2008, eq. 5.3), and no small step of any parameter improves it.
 */
static void test_models_smooth__damped_multiplicative_ml(void **state)
{
    struct model_data d = data_of(Y2, 18);
    struct model_opts mo = {0, true, false};
    struct model_fit f, g;
    double fitted[18], see = 0, sl = 0, n = 18, best;
    size_t i, k;

    (void)state;
    assert_int_equal(model_fit(MODEL_DAMPED, &d, &mo, &f), GSL_SUCCESS);
    assert_true(f.multiplicative);
    assert_int_equal(model_fitted(&f, &d, fitted), GSL_SUCCESS);
    for (i = 0; i < 18; i++) {
        double e = (Y2[i] - fitted[i]) / fitted[i];
        see += e * e;
        sl += log(fitted[i]);
    }
    assert_rel(f.loglik, -n / 2 * (log(2 * M_PI * see / n) + 1) - sl, 1e-10);
    best = mult_nll(&f, &d);
    for (k = 0; k < 5; k++) {
        double step = k < 3 ? 2e-3 : 2e-3 * fabs(f.params[k]);
        g = f;
        g.params[k] += step;
        if (k >= 3 || (g.params[k] <= (k == 2 ? 0.98 : 0.9999) && g.params[1] <= g.params[0]))
            assert_true(mult_nll(&g, &d) >= best - 1e-6);
        g.params[k] -= 2 * step;
        if (k >= 3 || (g.params[k] >= (k == 2 ? 0.8 : 1e-4) && g.params[1] <= g.params[0]))
            assert_true(mult_nll(&g, &d) >= best - 1e-6);
    }
}

/*
 * Noise-only paths against the ETS(A,Ad,N) forecast variance
 * sigma^2 (1 + sum_{j<h} (alpha + beta phi_j)^2), phi_j = phi + ... + phi^j
 * (Hyndman et al. 2008, Table 6.1), and their mean against the forecast.
 */
static void test_models_smooth__damped_paths_match_analytic(void **state)
{
    struct model_data d = data_of(Y2, 18);
    struct model_opts mo = {0, false, true};
    struct model_fit f;
    double *paths = malloc(NPATHS * 6 * sizeof *paths), *col = malloc(NPATHS * sizeof *col);
    double mean[6], acc = 1, phij = 0;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t j;

    (void)state;
    gsl_rng_set(r, 4711);
    assert_int_equal(model_fit(MODEL_DAMPED, &d, &mo, &f), GSL_SUCCESS);
    assert_int_equal(model_forecast(&f, 6, mean), GSL_SUCCESS);
    assert_int_equal(model_simulate(&f, 6, NPATHS, r, paths), GSL_SUCCESS);
    for (j = 0; j < 6; j++) {
        double sd = f.sigma * sqrt(acc), c;
        column(paths, NPATHS, 6, j, col);
        assert_abs(gsl_stats_mean(col, 1, NPATHS), mean[j], 4.5 * sd / sqrt(NPATHS));
        assert_rel(gsl_stats_sd(col, 1, NPATHS), sd, 4.5 / sqrt(2.0 * NPATHS));
        assert_normal_quantile(col, NPATHS, 0.95, mean[j], sd);
        phij += pow(f.params[2], (double)(j + 1));
        c = f.params[0] + f.params[1] * phij;
        acc += c * c;
    }
    /* With parameter uncertainty the spread can only grow. */
    f.no_param_uncert = false;
    assert_int_equal(model_simulate(&f, 6, NPATHS, r, paths), GSL_SUCCESS);
    column(paths, NPATHS, 6, 5, col);
    assert_true(gsl_stats_sd(col, 1, NPATHS) > f.sigma * sqrt(acc) * 0.98);
    gsl_rng_free(r);
    free(col);
    free(paths);
}

/*
 * The classical theta method from origin s (points 1..s): OLS line A + B i,
 * theta line Z_i = theta y_i + (1 - theta)(A + B i), SES of Z with
 * alpha started at theta l0 + (1 - theta) A, forecast
 * (1 - 1/theta)(A + B (s + h)) + (1/theta) SES_s(Z).  For s = 1 the line is
 * flat at y_1.
 */
static double classical_theta(const double *y, size_t s, double theta, double alpha, double l0,
                              size_t h)
{
    double x[64], A = y[0], B = 0, c00, c01, c11, ss, lz;
    size_t i;

    if (s >= 2) {
        for (i = 0; i < s; i++)
            x[i] = (double)(i + 1);
        assert_int_equal(gsl_fit_linear(x, 1, y, 1, s, &A, &B, &c00, &c01, &c11, &ss), 0);
    }
    lz = theta * l0 + (1 - theta) * A;
    for (i = 0; i < s; i++) {
        double z = theta * y[i] + (1 - theta) * (A + B * (double)(i + 1));
        lz = alpha * z + (1 - alpha) * lz;
    }
    return (1 - 1 / theta) * (A + B * (double)(s + h)) + lz / theta;
}

static void test_models_smooth__theta_closed_form(void **state)
{
    struct model_data d = data_of(Y2, 18);
    struct model_fit f;
    double mean[5], fitted[18];
    size_t s, h;

    (void)state;
    assert_int_equal(model_fit(MODEL_THETA, &d, NULL, &f), GSL_SUCCESS);
    assert_string_equal(f.param_names[0], "theta");
    assert_string_equal(f.param_names[1], "alpha");
    assert_true(f.params[0] >= 1 && f.params[0] <= 10);
    assert_true(f.params[1] >= 0.01 && f.params[1] <= 0.99);
    assert_int_equal(model_forecast(&f, 5, mean), GSL_SUCCESS);
    for (h = 1; h <= 5; h++)
        assert_rel(mean[h - 1], classical_theta(Y2, 18, f.params[0], f.params[1], f.params[2], h),
                   1e-10);
    /* The one-step fits are the classical forecasts from every earlier origin. */
    assert_int_equal(model_fitted(&f, &d, fitted), GSL_SUCCESS);
    for (s = 1; s < 18; s++)
        assert_rel(fitted[s], classical_theta(Y2, s, f.params[0], f.params[1], f.params[2], 1),
                   1e-10);
    /* The standard theta = 2 (SES with drift B/2) on the same footing. */
    f.params[0] = 2.0;
    assert_int_equal(model_fitted(&f, &d, fitted), GSL_SUCCESS);
    assert_rel(fitted[17], classical_theta(Y2, 17, 2.0, f.params[1], f.params[2], 1), 1e-10);
}

/* theta and alpha minimise the one-step SSE: no point of a fine grid beats them. */
static void test_models_smooth__theta_optimum_vs_grid(void **state)
{
    struct model_data d = data_of(Y2, 18);
    struct model_fit f, g;
    double best, sse;
    size_t i, j;

    (void)state;
    assert_int_equal(model_fit(MODEL_THETA, &d, NULL, &f), GSL_SUCCESS);
    best = sse_of(&f, &d);
    g = f;
    for (i = 1; i <= 98; i++) {
        for (j = 0; j <= 45; j++) {
            g.params[1] = 0.01 * (double)i;
            g.params[0] = 1.0 / (1.0 - 0.02 * (double)j); /* w = 0 .. 0.9 */
            sse = sse_of(&g, &d);
            /* l0 held at the fit's value: the grid can only do worse or equal */
            assert_true(sse >= best * (1 - 1e-6));
        }
    }
}

static void test_models_smooth__seeds_give_identical_paths(void **state)
{
    static const enum model_kind kinds[] = {MODEL_NAIVE, MODEL_DRIFT, MODEL_DAMPED, MODEL_THETA};
    struct model_data d = data_of(Y2, 18);
    double a[200 * 6], b[200 * 6];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t k;

    (void)state;
    for (k = 0; k < 4; k++) {
        struct model_fit f;
        assert_int_equal(model_fit(kinds[k], &d, NULL, &f), GSL_SUCCESS);
        gsl_rng_set(r, 99);
        assert_int_equal(model_simulate(&f, 6, 200, r, a), GSL_SUCCESS);
        gsl_rng_set(r, 99);
        assert_int_equal(model_simulate(&f, 6, 200, r, b), GSL_SUCCESS);
        assert_memory_equal(a, b, sizeof a);
        gsl_rng_set(r, 100);
        assert_int_equal(model_simulate(&f, 6, 200, r, b), GSL_SUCCESS);
        assert_true(memcmp(a, b, sizeof a) != 0);
    }
    gsl_rng_free(r);
}

/*
 * Antithetic pairs: paths 2k and 2k + 1 of a model linear in its draws
 * mirror each other about the mean forecast; an odd last path is drawn
 * alone.  The curves and the count models draw every path on its own.
 */
static void test_models_smooth__paths_in_antithetic_pairs(void **state)
{
    static const enum model_kind kinds[] = {MODEL_NAIVE, MODEL_DRIFT, MODEL_DAMPED, MODEL_THETA};
    enum { NP = 7, H = 6 };
    struct model_data d = data_of(Y2, 18);
    double paths[NP * H], mean[H];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t k, p, j;

    (void)state;
    for (k = 0; k < 4; k++) {
        struct model_fit f;
        assert_int_equal(model_fit(kinds[k], &d, NULL, &f), GSL_SUCCESS);
        assert_false(f.multiplicative);
        assert_true(model_paths_paired(&f));
        assert_int_equal(model_simulate(&f, H, NP, r, paths), GSL_SUCCESS);
        assert_int_equal(model_forecast(&f, H, mean), GSL_SUCCESS);
        for (j = 0; j < H; j++) {
            for (p = 0; p + 1 < NP; p += 2) {
                assert_abs(paths[p * H + j] + paths[(p + 1) * H + j], 2 * mean[j], 1e-9);
                assert_true(fabs(paths[p * H + j] - mean[j]) > 1e-9);
            }
            assert_true(fabs(paths[5 * H + j] + paths[6 * H + j] - 2 * mean[j]) > 1e-9);
        }
    }
    {
        struct model_fit f;
        assert_int_equal(model_fit(MODEL_LINEAR, &d, NULL, &f), GSL_SUCCESS);
        assert_false(model_paths_paired(&f));
    }
    gsl_rng_free(r);
}

/* A missing year is the straight line between its neighbours. */
static void test_models_smooth__gaps_are_interpolated(void **state)
{
    double tg[17], yg[17], yfull[18], mg[4], mf[4];
    struct model_data dg = {tg, yg, 17, false, false}, df;
    struct model_fit fg, ff;
    size_t i, k, j = 0;

    (void)state;
    memcpy(yfull, Y2, sizeof yfull);
    yfull[7] = 0.5 * (Y2[6] + Y2[8]);
    df = data_of(yfull, 18);
    for (i = 0; i < 18; i++) {
        if (i == 7)
            continue;
        tg[j] = 2006.0 + (double)i;
        yg[j++] = Y2[i];
    }
    for (k = MODEL_DAMPED; k <= MODEL_THETA; k++) {
        assert_int_equal(model_fit((enum model_kind)k, &dg, NULL, &fg), GSL_SUCCESS);
        assert_int_equal(model_fit((enum model_kind)k, &df, NULL, &ff), GSL_SUCCESS);
        assert_int_equal(model_forecast(&fg, 4, mg), GSL_SUCCESS);
        assert_int_equal(model_forecast(&ff, 4, mf), GSL_SUCCESS);
        for (i = 0; i < 4; i++)
            assert_rel(mg[i], mf[i], 1e-12);
        assert_rel(fg.params[0], ff.params[0], 1e-12);
    }
}

static void test_models_smooth__degenerate_series_give_status(void **state)
{
    const double flat[] = {5, 5, 5, 5, 5, 5, 5};
    const double neg[] = {3.1, 2.4, -0.5, 1.9, 2.8, 3.3};
    const double bad[] = {1, 2, NAN, 4, 5};
    struct model_data d = data_of(flat, 7);
    struct model_opts mo = {0, true, false};
    struct model_fit f;
    double mean[3];

    (void)state;
    assert_int_equal(model_fit(MODEL_DAMPED, &d, NULL, &f), GSL_EDOM);
    assert_int_equal(model_fit(MODEL_THETA, &d, NULL, &f), GSL_EDOM);
    /* naive takes a constant: no spread, finite criteria */
    assert_int_equal(model_fit(MODEL_NAIVE, &d, NULL, &f), GSL_SUCCESS);
    assert_abs(f.sigma, 0, 0);
    assert_true(isfinite(f.aicc));
    assert_int_equal(model_forecast(&f, 3, mean), GSL_SUCCESS);
    assert_abs(mean[2], 5, 0);

    d = data_of(Y1, 3);
    assert_int_equal(model_fit(MODEL_DAMPED, &d, NULL, &f), GSL_EINVAL);
    assert_int_equal(model_fit(MODEL_THETA, &d, NULL, &f), GSL_EINVAL);
    d = data_of(Y1, 2);
    assert_int_equal(model_fit(MODEL_DRIFT, &d, NULL, &f), GSL_EINVAL);
    d = data_of(Y1, 1);
    assert_int_equal(model_fit(MODEL_NAIVE, &d, NULL, &f), GSL_EINVAL);
    d = data_of(neg, 6);
    assert_int_equal(model_fit(MODEL_DAMPED, &d, &mo, &f), GSL_EINVAL);
    d = data_of(bad, 5);
    assert_int_equal(model_fit(MODEL_THETA, &d, NULL, &f), GSL_EINVAL);
}

/* Counts: integer paths, never below zero, even for a falling series. */
static void test_models_smooth__count_paths_are_nonneg_integers(void **state)
{
    const double y[] = {9, 7, 8, 5, 4, 4, 2, 3, 1};
    struct model_data d = data_of(y, 9);
    double paths[500 * 5];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t k, i;

    (void)state;
    d.is_count = true;
    d.nonneg = true;
    gsl_rng_set(r, 31);
    for (k = MODEL_NAIVE; k <= MODEL_THETA; k++) {
        struct model_fit f;
        if (k != MODEL_NAIVE && k != MODEL_DRIFT && k != MODEL_DAMPED && k != MODEL_THETA)
            continue;
        assert_int_equal(model_fit((enum model_kind)k, &d, NULL, &f), GSL_SUCCESS);
        assert_int_equal(model_simulate(&f, 5, 500, r, paths), GSL_SUCCESS);
        for (i = 0; i < 500 * 5; i++) {
            assert_true(paths[i] >= 0);
            assert_abs(paths[i], nearbyint(paths[i]), 0);
        }
    }
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_models_smooth__metrics),
        cmocka_unit_test(test_models_smooth__naive_drift_closed_form),
        cmocka_unit_test(test_models_smooth__drift_paths_match_analytic),
        cmocka_unit_test(test_models_smooth__damped_recursions_fixed_params),
        cmocka_unit_test(test_models_smooth__damped_ml_vs_grid),
        cmocka_unit_test(test_models_smooth__damped_multiplicative_ml),
        cmocka_unit_test(test_models_smooth__damped_paths_match_analytic),
        cmocka_unit_test(test_models_smooth__theta_closed_form),
        cmocka_unit_test(test_models_smooth__theta_optimum_vs_grid),
        cmocka_unit_test(test_models_smooth__seeds_give_identical_paths),
        cmocka_unit_test(test_models_smooth__paths_in_antithetic_pairs),
        cmocka_unit_test(test_models_smooth__gaps_are_interpolated),
        cmocka_unit_test(test_models_smooth__degenerate_series_give_status),
        cmocka_unit_test(test_models_smooth__count_paths_are_nonneg_integers),
    };

    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
