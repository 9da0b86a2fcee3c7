/*
 * tests/unit/test_models_pred.c -- the predictive distribution of short
 * series (models/pred_log.c: model_pred_log, the log-scale member of
 * model_auto_simulate), rare events (the Gamma-Poisson member), whole-number
 * reconciliation of counts (models/reconcile.c), whole interval ends of a
 * count's target (models/target.c) and the names of what ran.
 *
 * Expected values come from the definitions: the posterior of the drift
 * written out by hand, the lognormal moments of the paths, the negative
 * binomial chance of no event, P(no event in h years | e events in T years)
 * = (T / (T + h))^(1/2 + e) under Jeffreys' prior.
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
#include "test_assert.h"

static double T[16];

static struct model_data data_of(const double *y, size_t n, bool is_count)
{
    struct model_data d = {T, y, n, is_count, true};
    size_t i;

    for (i = 0; i < n; i++)
        T[i] = 2016.0 + (double)i;
    return d;
}

static struct model_auto_opts opts_of(size_t h, enum model_measure m)
{
    struct model_auto_opts o;

    memset(&o, 0, sizeof o);
    o.horizon = h;
    o.measure = m;
    return o;
}

/* The posterior written out: y grows 10% a year, then one year of 20%. */
static void test_models_pred__posterior_by_hand(void **state)
{
    const double y[5] = {100, 110, 121, 133.1, 159.72};
    const struct model_pred_prior pr = {0.08, 0.015, 1.2, 0.08, 3.0, 0.01, 0.75, 0.5, 0.9};
    struct model_data d = data_of(y, 5, false);
    struct model_auto a;
    double dbar = log(159.72 / 100) / 4, ss = 0, s2, w, b, lr, chance;
    size_t i;

    (void)state;
    for (i = 1; i < 5; i++)
        ss += pow(log(y[i] / y[i - 1]) - dbar, 2);
    /* the noise shrunk toward s0^2 on the log scale: 3 prior, 3 observed */
    s2 = sqrt(0.0064 * (ss / 3.0));
    w = 0.0064 / (0.0064 + s2 / 4);
    /*
     * Rate or level: the four log changes are ln 1.1 three times, then ln 1.2,
     * at mid-years x = -1.5, -0.5, 0.5, 1.5 (Sxx = 5); sum x d = 1.5 (ln 1.2 -
     * ln 1.1), so the slope is that over 5.
     */
    b = 1.5 * (log(1.2) - log(1.1)) / 5.0;
    lr = (pow(b + dbar * dbar, 2) - b * b) / (2 * s2 / 5.0);
    chance = 1 / (1 + exp(-(log(0.75 / 0.25) + lr)));
    assert_true(model_pred_log(&d, &pr, &a));
    assert_true(a.log_pred);
    assert_rel(a.log_y0, log(159.72), 1e-14);
    assert_rel(a.log_mu, 0.01 + w * (dbar - 0.01), 1e-12);
    /*
     * 0.35 dbar: the level rule's uncertainty of a 5-point trend; the drift's
     * own wander scaled by the series' noise against the prior's (s2 < s0^2)
     */
    assert_true(s2 < 0.0064);
    assert_rel(a.log_vdrift, w * s2 / 4 + 0.015 * 0.015 * (s2 / 0.0064) + pow(0.35 * dbar, 2),
               1e-12);
    assert_rel(a.log_sigma, 1.2 * sqrt(0.5 * s2), 1e-12);
    assert_rel(a.log_obs, 1.2 * sqrt(0.5 * s2), 1e-12);
    assert_rel(a.log_share, chance * w, 1e-12);
    assert_true(chance > 0.75); /* the rate rose: more rate-like than the prior */
    assert_rel(a.log_phi, 0.9, 0);
}

/*
 * Rate or level: two 8-point series from 100 to 220, one rising by 20 a
 * year, one by the same 11.9% a year.  Same mean log change, same prior
 * (0.75); the steady rate keeps more than the prior's share of the
 * log-scale paths, the steady level much less (its log changes fall from
 * ln 1.2 to ln 1.1, about dbar^2 a year).  With 3 points (2 changes) the
 * data cannot tell: the prior stays.
 */
static void test_models_pred__rate_or_level(void **state)
{
    const double lin[8] = {100, 120, 140, 160, 180, 200, 220, 240};
    double geo[8], chance_lin, chance_geo, s2, w, dbar = log(2.4) / 7;
    struct model_auto a;
    struct model_data d;
    size_t i;

    (void)state;
    for (i = 0; i < 8; i++)
        geo[i] = 100 * exp(dbar * (double)i);
    /*
     * the geometric series: no noise, so the floor 1e-4 s0^2 (s0 = 0.08)
     * shrunk toward s0^2 with nu0 = 3 against 6 observed
     */
    s2 = 0.0064 * pow(1e-4, 6.0 / 9.0);
    w = 0.0064 / (0.0064 + s2 / 7);
    d = data_of(geo, 8, false);
    assert_true(model_pred_log(&d, &model_pred_default, &a));
    chance_geo = a.log_share / w;
    /* slope 0 against a level's -dbar^2: Sxx = 28 for 7 changes */
    assert_rel(chance_geo, 1 / (1 + exp(-(log(3.0) + pow(dbar, 4) / (2 * s2 / 28)))), 1e-9);
    d = data_of(lin, 8, false);
    assert_true(model_pred_log(&d, &model_pred_default, &a));
    {
        double ss = 0;
        for (i = 1; i < 8; i++)
            ss += pow(log(lin[i] / lin[i - 1]) - dbar, 2);
        s2 = exp((3.0 * log(0.0064) + 6.0 * log(ss / 6.0)) / 9.0);
        w = 0.0064 / (0.0064 + s2 / 7);
    }
    chance_lin = a.log_share / w;
    assert_true(chance_geo > 0.75 && chance_lin < 0.5);
    d = data_of(lin, 3, false);
    assert_true(model_pred_log(&d, &model_pred_default, &a));
    {
        double m = log(1.4) / 2, ss = pow(log(1.2) - m, 2) + pow(log(140.0 / 120) - m, 2);
        s2 = exp((3.0 * log(0.0064) + log(ss)) / 4.0);
        w = 0.0064 / (0.0064 + s2 / 2);
    }
    assert_rel(a.log_share, 0.75 * w, 1e-12);
}

/* Who qualifies: 3..10 positive points. */
static void test_models_pred__who_qualifies(void **state)
{
    const double pos[12] = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    const double zero[5] = {5, 0, 7, 8, 9};
    struct model_auto a;
    struct model_data d;

    (void)state;
    d = data_of(pos, 2, false);
    assert_false(model_pred_log(&d, &model_pred_default, &a));
    assert_false(a.log_pred);
    d = data_of(pos, 3, false);
    assert_true(model_pred_log(&d, &model_pred_default, &a));
    d = data_of(pos, 10, false);
    assert_true(model_pred_log(&d, &model_pred_default, &a));
    d = data_of(pos, 11, false);
    assert_false(model_pred_log(&d, &model_pred_default, &a));
    d = data_of(zero, 5, false);
    assert_false(model_pred_log(&d, &model_pred_default, &a));
}

/*
 * The log-scale paths: the logs of a path's years are jointly normal, year
 * i's mean log_y0 + mu D_i and the covariance of years i and j
 *     vdrift D_i D_j + sigma^2 min(i, j) + obs^2 [i = j],
 * D_i = 1 + phi + ... + phi^(i-1) (i with phi = 1): a drift drawn once a
 * path, innovations that accumulate, observation noise that does not.
 * Checked on 200,000 paths of the member alone, undamped and damped, every
 * pair of years.
 */
static void check_log_moments(const struct model_auto *a, const double *paths, size_t np, size_t h)
{
    double m[8], dd[8], cum = 0, damp = 1;
    size_t i, j, p;

    assert_true(h <= 8);
    for (j = 0; j < h; j++) {
        cum += damp;
        damp *= a->log_phi;
        dd[j] = cum;
        m[j] = 0;
        for (p = 0; p < np; p++)
            m[j] += log(paths[p * h + j]) / (double)np;
    }
    for (i = 0; i < h; i++) {
        double vi = a->log_obs * a->log_obs + (double)(i + 1) * a->log_sigma * a->log_sigma +
                    dd[i] * dd[i] * a->log_vdrift;
        assert_abs(m[i], a->log_y0 + dd[i] * a->log_mu, 4 * sqrt(vi / (double)np));
        for (j = 0; j <= i; j++) {
            double vj = a->log_obs * a->log_obs + (double)(j + 1) * a->log_sigma * a->log_sigma +
                        dd[j] * dd[j] * a->log_vdrift;
            double want = a->log_vdrift * dd[i] * dd[j] +
                          a->log_sigma * a->log_sigma * (double)(j + 1) +
                          (i == j ? a->log_obs * a->log_obs : 0.0);
            double c = 0;
            for (p = 0; p < np; p++)
                c += (log(paths[p * h + i]) - m[i]) * (log(paths[p * h + j]) - m[j]) /
                     (double)(np - 1);
            /* the sample covariance's standard error is sqrt((vi vj + want^2) / np) */
            assert_abs(c, want, 5 * sqrt((vi * vj + want * want) / (double)np));
        }
    }
}

static void test_models_pred__log_paths_moments(void **state)
{
    const double y[6] = {40, 44, 47, 53, 57, 64};
    enum { NP = 200000, H = 5 };
    struct model_data d = data_of(y, 6, false);
    struct model_auto_opts o = opts_of(H, MODEL_MEASURE_UNKNOWN);
    struct model_auto a;
    double *paths = malloc(NP * H * sizeof *paths);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

    (void)state;
    assert_non_null(paths);
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_true(a.log_pred);
    assert_true(a.log_share > 0 && a.log_share < 1);
    assert_true(a.log_phi == 1.0);
    a.log_share = 1.0;
    assert_int_equal(model_auto_simulate(&a, H, NP, r, paths), GSL_SUCCESS);
    check_log_moments(&a, paths, NP, H);
    a.log_phi = 0.7;
    assert_int_equal(model_auto_simulate(&a, H, NP, r, paths), GSL_SUCCESS);
    check_log_moments(&a, paths, NP, H);
    /* No spread at all: no Cholesky factor; the years drawn one by one are the mean path. */
    a.log_vdrift = a.log_sigma = a.log_obs = 0;
    assert_int_equal(model_auto_simulate(&a, H, 3, r, paths), GSL_SUCCESS);
    assert_rel(paths[2 * H + 2], exp(a.log_y0 + a.log_mu * (1 + 0.7 + 0.49)), 1e-12);
    gsl_rng_free(r);
    free(paths);
}

/*
 * Antithetic pairs: paths 2k and 2k + 1 of the member mirror each other
 * about the mean of the logs (log a + log b = 2 mean, every year), and an
 * odd last path is a draw of its own, not the mirror of the one before.
 */
static void test_models_pred__log_paths_antithetic(void **state)
{
    const double y[6] = {40.5, 44.2, 47.9, 53.1, 57.3, 64.8};
    enum { NP = 7, H = 4 };
    struct model_data d = data_of(y, 6, false);
    struct model_auto_opts o = opts_of(H, MODEL_MEASURE_UNKNOWN);
    struct model_auto a;
    double paths[NP * H];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t k, j;

    (void)state;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_true(a.log_pred);
    a.log_share = 1.0;
    assert_int_equal(model_auto_simulate(&a, H, NP, r, paths), GSL_SUCCESS);
    for (j = 0; j < H; j++) {
        double mean = a.log_y0 + a.log_mu * (double)(j + 1);
        for (k = 0; k + 1 < NP; k += 2) {
            assert_abs(log(paths[k * H + j]) + log(paths[(k + 1) * H + j]), 2 * mean, 1e-12);
            assert_true(fabs(log(paths[k * H + j]) - mean) > 1e-9); /* not the mean itself */
        }
        assert_true(fabs(log(paths[5 * H + j]) + log(paths[6 * H + j]) - 2 * mean) > 1e-9);
    }
    gsl_rng_free(r);
}

/*
 * The mixture: log_share of the paths come from the log-scale member, the
 * rest as without it, and the point forecast is the members' (unchanged by
 * the member).
 */
static void test_models_pred__mixture_and_point(void **state)
{
    const double y[5] = {20, 24, 29, 35, 42};
    enum { NP = 4000, H = 3 };
    struct model_data d = data_of(y, 5, false);
    struct model_auto_opts o = opts_of(H, MODEL_MEASURE_UNKNOWN);
    struct model_auto a, b;
    double mean_a[H], mean_b[H], *pa = malloc(NP * H * sizeof *pa),
                                 *pb = malloc(NP * H * sizeof *pb);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t nl, p, same = 0;

    (void)state;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    b = a;
    b.log_pred = false;
    assert_int_equal(model_auto_forecast(&a, H, mean_a), GSL_SUCCESS);
    assert_int_equal(model_auto_forecast(&b, H, mean_b), GSL_SUCCESS);
    assert_rel(mean_a[2], mean_b[2], 1e-15);
    /* 0.65 of the 3-year rise of 22 a year ... */
    assert_rel(mean_a[0], 42 + 0.65 * 22.0 / 4, 1e-12);
    nl = (size_t)nearbyint(a.log_share * NP);
    gsl_rng_set(r, 7);
    assert_int_equal(model_auto_simulate(&a, H, NP, r, pa), GSL_SUCCESS);
    gsl_rng_set(r, 7);
    assert_int_equal(model_auto_simulate(&b, H, NP - nl, r, pb), GSL_SUCCESS);
    /* ... and the first NP - nl paths are those drawn without the member. */
    for (p = 0; p < (NP - nl) * H; p++)
        same += pa[p] == pb[p];
    assert_int_equal(same, (NP - nl) * H);
    gsl_rng_free(r);
    free(pa);
    free(pb);
}

/*
 * A short flow (5-7 points) also weighs a straight line through its years
 * by a third; a stock of the same figures, and a flow of 4 points, keep the
 * naive-drift pair.  By hand: y = 12 9 15 11 16 14 rises, so drift weighs
 * 0.65 of the pair; naive 14, drift 14 + 2/5, the OLS line at the next year
 * 15.5333..., so the point is 2/3 (0.35 * 14 + 0.65 * 14.4) + 15.5333.../3.
 */
static void test_models_pred__short_flow_line(void **state)
{
    const double y[6] = {12, 9, 15, 11, 16, 14};
    struct model_data d = data_of(y, 6, true);
    struct model_auto_opts flow = opts_of(1, MODEL_MEASURE_FLOW);
    struct model_auto_opts stock = opts_of(1, MODEL_MEASURE_STOCK);
    struct model_auto a;
    double mean[1];

    (void)state;
    assert_int_equal(model_auto_fit(&d, &flow, &a), GSL_SUCCESS);
    assert_int_equal(a.rule, MODEL_RULE_SHORT);
    assert_int_equal(a.n_members, 3);
    assert_int_equal(a.members[0].kind, MODEL_NAIVE);
    assert_int_equal(a.members[1].kind, MODEL_DRIFT);
    assert_int_equal(a.members[2].kind, MODEL_LINEAR);
    assert_rel(a.weights[0], 0.35 * 2 / 3, 1e-12);
    assert_rel(a.weights[1], 0.65 * 2 / 3, 1e-12);
    assert_rel(a.weights[2], 1.0 / 3, 1e-12);
    assert_int_equal(model_auto_forecast(&a, 1, mean), GSL_SUCCESS);
    assert_rel(mean[0], 14.684444444444445, 1e-12);

    assert_int_equal(model_auto_fit(&d, &stock, &a), GSL_SUCCESS);
    assert_int_equal(a.n_members, 2);
    assert_int_equal(model_auto_forecast(&a, 1, mean), GSL_SUCCESS);
    assert_rel(mean[0], 14.26, 1e-12);

    d.n = 4;
    assert_int_equal(model_auto_fit(&d, &flow, &a), GSL_SUCCESS);
    assert_int_equal(a.n_members, 2);
}

/* Share of paths with y at step j at least v. */
static double share_at_least(const double *paths, size_t np, size_t h, size_t j, double v)
{
    size_t p, k = 0;

    for (p = 0; p < np; p++)
        k += paths[p * h + j] >= v;
    return (double)k / (double)np;
}

/*
 * Rare events: a stock at zero for five years (four years of rises, none)
 * meets "at least one by the fifth year" with 1 - (4 / 9)^(1/2) = 1/3 --
 * not 0 -- and its paths are whole numbers that never fall.
 */
static void test_models_pred__rare_stock_of_zeros(void **state)
{
    const double y[5] = {0, 0, 0, 0, 0};
    enum { NP = 200000, H = 5 };
    struct model_data d = data_of(y, 5, true);
    struct model_auto_opts o = opts_of(H, MODEL_MEASURE_UNKNOWN);
    struct model_auto a;
    double *paths = malloc(NP * H * sizeof *paths), mean[H], se = sqrt(0.25 / NP);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t p, j;

    (void)state;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_true(a.rare);
    assert_true(a.rare_stock);
    assert_rel(a.rare_shape, 0.5, 1e-15);
    assert_rel(a.rare_rate, 4, 1e-15);
    assert_int_equal(model_auto_forecast(&a, H, mean), GSL_SUCCESS);
    assert_rel(mean[4], 5 * 0.5 / 4, 1e-15);
    assert_int_equal(model_auto_quantiles(&a, H, (const double[]){0.5}, 1, mean, mean), GSL_EINVAL);
    assert_int_equal(model_auto_simulate(&a, H, NP, r, paths), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        for (j = 0; j < H; j++) {
            double v = paths[p * H + j];
            assert_true(v == floor(v) && v >= (j ? paths[p * H + j - 1] : 0));
        }
    assert_abs(share_at_least(paths, NP, H, 4, 1), 1 - sqrt(4.0 / 9.0), 4 * se);
    assert_abs(share_at_least(paths, NP, H, 0, 1), 1 - sqrt(4.0 / 5.0), 4 * se);
    gsl_rng_free(r);
    free(paths);
}

/*
 * 2026-12-02: a flow of exactly one event a year for five years (one new
 * centre a year) read 61%, the Gamma-Poisson chance of at least one; its
 * counts vary far less than Poisson (dispersion statistic 0).  Steady: each
 * year Binomial(1, p), p ~ Beta(5.5, 0.5), except a break of the pattern
 * (chance 0.5 / 6) that is Gamma-Poisson(5.5, 5):
 *   P(>= 1) = (11/12) (5.5/6) + (1/12) (1 - (5/6)^5.5),
 *   P(>= 2) = (1/12) (1 - (5/6)^5.5 (1 + 5.5/6)).
 */
static void test_models_pred__rare_flow_steady(void **state)
{
    const double y[5] = {1, 1, 1, 1, 1};
    enum { NP = 200000, H = 2 };
    struct model_data d = data_of(y, 5, true);
    struct model_auto_opts o = opts_of(H, MODEL_MEASURE_FLOW);
    struct model_auto a;
    double *paths = malloc(NP * H * sizeof *paths), mean[H], se = 4 * sqrt(0.25 / NP);
    double q = pow(5.0 / 6.0, 5.5), brk = 0.5 / 6;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t p;

    (void)state;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_true(a.rare);
    assert_rel(a.rare_trials, 1, 1e-15);
    assert_rel(a.rare_shape, 5.5, 1e-15);
    assert_rel(a.rare_beta, 0.5, 1e-15);
    assert_rel(a.rare_break, brk, 1e-15);
    assert_int_equal(model_auto_forecast(&a, H, mean), GSL_SUCCESS);
    assert_rel(mean[0], (1 - brk) * 5.5 / 6 + brk * 5.5 / 5, 1e-14);
    assert_int_equal(model_auto_simulate(&a, H, NP, r, paths), GSL_SUCCESS);
    for (p = 0; p < NP; p++)
        assert_true(paths[p * H] == floor(paths[p * H]) && paths[p * H] >= 0);
    assert_abs(share_at_least(paths, NP, H, 0, 1), (1 - brk) * 5.5 / 6 + brk * (1 - q), se);
    assert_abs(share_at_least(paths, NP, H, 0, 2), brk * (1 - q * (1 + 5.5 / 6)), se);
    gsl_rng_free(r);
    free(paths);
}

/*
 * A flow of 1, 1, 1, 1, 0 events (it fell, so a flow when the measure is not
 * given; or told so): lambda ~ Gamma(4.5, 5), P(at least one next year) =
 * 1 - (5 / 6)^4.5.  Told it is a stock, the same values do not qualify (it
 * fell) and the usual members run.
 */
static void test_models_pred__rare_flow(void **state)
{
    const double y[5] = {1, 1, 1, 1, 0};
    enum { NP = 200000, H = 2 };
    struct model_data d = data_of(y, 5, true);
    struct model_auto_opts o = opts_of(H, MODEL_MEASURE_UNKNOWN);
    struct model_auto a;
    double *paths = malloc(NP * H * sizeof *paths);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

    (void)state;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_true(a.rare);
    assert_false(a.rare_stock);
    assert_rel(a.rare_shape, 4.5, 1e-15);
    assert_rel(a.rare_rate, 5, 1e-15);
    /* Dispersion statistic 1.0, above chi^2_4's 5% point 0.711: Poisson, not steady. */
    assert_true(a.rare_trials == 0);
    assert_int_equal(model_auto_simulate(&a, H, NP, r, paths), GSL_SUCCESS);
    assert_abs(share_at_least(paths, NP, H, 0, 1), 1 - pow(5.0 / 6.0, 4.5), 4 * sqrt(0.25 / NP));
    o.measure = MODEL_MEASURE_FLOW;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_true(a.rare);
    o.measure = MODEL_MEASURE_STOCK;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_false(a.rare);
    /* Many events a year, or values that are not counts: not rare. */
    {
        const double many[5] = {3, 4, 2, 5, 3};
        const double frac[5] = {0, 0.5, 0, 0, 0};
        struct model_data dm = data_of(many, 5, true), df = data_of(frac, 5, false);
        o.measure = MODEL_MEASURE_FLOW;
        assert_int_equal(model_auto_fit(&dm, &o, &a), GSL_SUCCESS);
        assert_false(a.rare);
        assert_int_equal(model_auto_fit(&df, &o, &a), GSL_SUCCESS);
        assert_false(a.rare);
    }
    gsl_rng_free(r);
    free(paths);
}

/*
 * Counts reconciled stay whole and add up: a city with its own forecast and
 * two districts, all counts, whole-number paths whose sums disagree.  Every reconciled
 * value is whole, the city is the sum of its districts on every path, and
 * each district moved by less than 1 from the real-valued projection.
 */
static void test_models_pred__reconcile_counts_whole(void **state)
{
    enum { NP = 3, H = 2 };
    double city[NP * H] = {10, 12, 7, 9, 0, 1}, d1[NP * H] = {3, 4, 2, 2, 0, 0};
    double d2[NP * H] = {4, 5, 1, 3, 0, 0};
    double rc[NP * H], r1[NP * H], r2[NP * H];
    struct recon_node nodes[3], real[3];
    size_t k;

    (void)state;
    memset(nodes, 0, sizeof nodes);
    nodes[0] = (struct recon_node){RECON_ROOT, true, true, city, H, NULL, true};
    nodes[1] = (struct recon_node){0, true, true, d1, H, NULL, true};
    nodes[2] = (struct recon_node){0, true, true, d2, H, NULL, true};
    memcpy(rc, city, sizeof rc);
    memcpy(r1, d1, sizeof r1);
    memcpy(r2, d2, sizeof r2);
    real[0] = nodes[0];
    real[1] = nodes[1];
    real[2] = nodes[2];
    for (k = 0; k < 3; k++)
        real[k].is_count = false;
    real[0].paths = rc;
    real[1].paths = r1;
    real[2].paths = r2;
    /* The real-valued projection, for comparison: the same, made fractional. */
    for (k = 0; k < NP * H; k++)
        rc[k] += 1e-3;
    assert_int_equal(model_reconcile(real, 3, NP, H), GSL_SUCCESS);
    assert_int_equal(model_reconcile(nodes, 3, NP, H), GSL_SUCCESS);
    for (k = 0; k < NP * H; k++) {
        assert_true(city[k] == floor(city[k]));
        assert_true(d1[k] == floor(d1[k]) && d1[k] >= 0);
        assert_true(d2[k] == floor(d2[k]) && d2[k] >= 0);
        assert_true(city[k] == d1[k] + d2[k]);
        assert_true(fabs(d1[k] - r1[k]) < 1 && fabs(d2[k] - r2[k]) < 1);
    }
    /* No node a count: left as projected (fractional). */
    for (k = 0; k < NP * H; k++)
        if (rc[k] != floor(rc[k]))
            break;
    assert_true(k < NP * H);
}

/* Fractional base paths of counts (a projected year to date) are made whole too. */
static void test_models_pred__reconcile_is_count_flag(void **state)
{
    enum { NP = 2, H = 1 };
    double city[NP] = {10.4, 3.2}, d1[NP] = {3.3, 1.7}, d2[NP] = {6.6, 0.9};
    struct recon_node nodes[3];
    size_t k;

    (void)state;
    nodes[0] = (struct recon_node){RECON_ROOT, true, true, city, H, NULL, true};
    nodes[1] = (struct recon_node){0, true, true, d1, H, NULL, true};
    nodes[2] = (struct recon_node){0, true, true, d2, H, NULL, true};
    assert_int_equal(model_reconcile(nodes, 3, NP, H), GSL_SUCCESS);
    for (k = 0; k < NP; k++) {
        assert_true(city[k] == floor(city[k]) && d1[k] == floor(d1[k]) && d2[k] == floor(d2[k]));
        assert_true(city[k] == d1[k] + d2[k]);
    }
}

/*
 * The largest-remainder rule on a wide tree, against the rule written out
 * directly: a city without its own forecast is the sum of its districts
 * (rounded to a whole number), each district keeps its whole part, and the
 * units left go one each to the largest fractional parts, the earlier
 * district first among equal ones.  Quarters keep every sum exact.
 */
static void test_models_pred__reconcile_largest_remainder(void **state)
{
    enum { NC = 40, NP = 6, H = 1 };
    double city[NP], d[NC][NP], want[NC][NP];
    struct recon_node nodes[NC + 1];
    size_t c, p, u;
    unsigned r = 12345u;

    (void)state;
    nodes[0] = (struct recon_node){RECON_ROOT, false, true, city, H, NULL, true};
    for (c = 0; c < NC; c++) {
        nodes[c + 1] = (struct recon_node){0, true, true, d[c], H, NULL, true};
        for (p = 0; p < NP; p++) {
            r = r * 1103515245u + 12345u;
            d[c][p] = (double)((r >> 16) % 7) + 0.25 * (double)((r >> 8) % 4);
        }
    }
    for (p = 0; p < NP; p++) {
        double sum = 0, whole = 0;
        bool given[NC] = {false};
        for (c = 0; c < NC; c++) {
            sum += d[c][p];
            want[c][p] = floor(d[c][p]);
            whole += want[c][p];
        }
        for (u = (size_t)(nearbyint(sum) - whole); u > 0; u--) {
            size_t best = NC;
            for (c = 0; c < NC; c++)
                if (!given[c] && (best == NC || d[c][p] - want[c][p] > d[best][p] - want[best][p]))
                    best = c;
            given[best] = true;
            want[best][p] += 1;
        }
    }
    assert_int_equal(model_reconcile(nodes, NC + 1, NP, H), GSL_SUCCESS);
    for (p = 0; p < NP; p++) {
        double sum = 0;
        for (c = 0; c < NC; c++) {
            assert_rel(d[c][p], want[c][p], 0);
            sum += d[c][p];
        }
        assert_rel(city[p], sum, 0);
    }
}

/* A count's 80% interval of a target has whole ends, rounded outward; other series' do not. */
static void test_models_pred__target_interval_whole(void **state)
{
    enum { NP = 10, H = 1 };
    const double t[3] = {2018, 2019, 2020}, y[3] = {1, 1, 1};
    const double paths[NP] = {0, 1, 1, 1, 1, 1, 1, 1, 2, 2};
    struct target_spec spec = {false, false, 2021, 2021, 1};
    struct target_series s = {t, y, 3, paths, NP, H, H, true};
    struct target_result r;
    double work[NP];

    (void)state;
    assert_int_equal(model_target_eval(&spec, &s, work, &r), GSL_SUCCESS);
    /* Interpolated 0.1 and 0.9 quantiles: 0.9 and 2; outward: 0 and 2. */
    assert_rel(r.lo80, 0, 0);
    assert_rel(r.hi80, 2, 0);
    assert_rel(r.probability, 0.9, 1e-15);
    s.is_count = false;
    assert_int_equal(model_target_eval(&spec, &s, work, &r), GSL_SUCCESS);
    assert_rel(r.lo80, 0.9, 1e-12);
}

/* The model column's names: what ran. */
static void test_models_pred__names(void **state)
{
    const double up[5] = {20, 24, 29, 35, 42}, zeros[5] = {0, 0, 0, 0, 0};
    double y[12];
    struct model_auto_opts o = opts_of(3, MODEL_MEASURE_UNKNOWN);
    struct model_auto a;
    struct model_data d;
    char buf[24];
    size_t i;

    (void)state;
    d = data_of(up, 5, false);
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_string_equal(model_auto_name(&a, buf, sizeof buf), "short+log");
    d = data_of(zeros, 5, true);
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_string_equal(model_auto_name(&a, buf, sizeof buf), "rare");
    for (i = 0; i < 12; i++)
        y[i] = 50 + 3.0 * (double)i + (i % 3 ? 1.5 : -2.0);
    d = data_of(y, 12, false);
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_string_equal(model_auto_name(&a, buf, sizeof buf),
                        a.n_members > 1 ? "auto" : model_kind_name(a.members[0].kind));
    o.combo = true;
    assert_int_equal(model_auto_fit(&d, &o, &a), GSL_SUCCESS);
    assert_string_equal(model_auto_name(&a, buf, sizeof buf), "combo");
    assert_string_equal(model_auto_name(&a, buf, 4), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_models_pred__posterior_by_hand),
        cmocka_unit_test(test_models_pred__rate_or_level),
        cmocka_unit_test(test_models_pred__who_qualifies),
        cmocka_unit_test(test_models_pred__log_paths_moments),
        cmocka_unit_test(test_models_pred__log_paths_antithetic),
        cmocka_unit_test(test_models_pred__mixture_and_point),
        cmocka_unit_test(test_models_pred__rare_stock_of_zeros),
        cmocka_unit_test(test_models_pred__rare_flow),
        cmocka_unit_test(test_models_pred__rare_flow_steady),
        cmocka_unit_test(test_models_pred__reconcile_counts_whole),
        cmocka_unit_test(test_models_pred__reconcile_is_count_flag),
        cmocka_unit_test(test_models_pred__reconcile_largest_remainder),
        cmocka_unit_test(test_models_pred__target_interval_whole),
        cmocka_unit_test(test_models_pred__short_flow_line),
        cmocka_unit_test(test_models_pred__names),
    };
    gsl_set_error_handler_off(); /* as the product: a failed factor is a status, not an abort */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
