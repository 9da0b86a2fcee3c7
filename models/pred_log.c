/*
 * models/pred_log.c -- the log-scale predictive distribution of a short
 * positive series: its parameters from the data (model_pred_log) and its
 * paths (model_pred_log_simulate), a member of the short rule's paths
 * (models/select.c).
 */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>

#include "internal.h"

/*
 * Predictive distribution of a short positive series.  A series that grows
 * by a rate is a random walk with drift on the log scale; with 3-10 points
 * its drift is uncertain, and how much of it to believe depends on how
 * steady it was.  Empirical Bayes on the drift: the yearly log changes have
 * mean dbar and variance s^2, s^2 shrunk toward PRED_S0^2 with PRED_NU0
 * pseudo-degrees of freedom, since 2-9 changes say little about it.  The
 * shrinkage is on the log scale (a weighted geometric mean of the two):
 * noise levels of real series span two orders of magnitude, from a
 * population that moves by a tenth of a percent a year to a firm count that
 * jumps by a third, and an arithmetic mean would give every smooth series
 * the prior's noise (fans five to twenty times too wide).  A series with no
 * noise at all is held at PRED_S2_FLOOR s0^2 before the shrinkage.  A
 * prior mu ~ N(0, PRED_TAU^2) across series gives the posterior
 *     w = tau^2 / (tau^2 + s^2 / span),  mu = w dbar,  V = w s^2 / span,
 * a steady rise (small s) keeping most of its rate, a noisy one little.  The
 * future drift may also move away from the past one: PRED_OMEGA^2 more
 * variance on it, scaled by s^2 / s0^2 when the series is steadier than the
 * prior (its rate wanders as little as its level does), and, as for the
 * level members, a rate seen over a few years may halve or double:
 * (kappa dbar)^2 more (model_short_kappa, the level rule's own uncertainty
 * of a short trend, less for a smooth series).  The innovation
 * sd is s times PRED_GAIN (the same optimism of in-sample noise that
 * AUTO_GAIN corrects).
 *
 * The share of paths from this member is P(rate) w: w as above (how much of
 * the rate to believe), P(rate) the chance that the series grows by a rate
 * rather than by a level.  The two leave different marks on the yearly log
 * changes d_i: steady in rate, they stay flat; steady in level (a constant
 * yearly change c), d = c / y falls by about dbar^2 a year.  The slope b of
 * the d_i on time (variance s^2 / Sxx) weighs the two: prior odds
 * PRED_MIX / (1 - PRED_MIX), likelihood ratio
 *     exp(((b + dbar^2)^2 - b^2) / (2 s^2 / Sxx)),
 * so a series whose rate holds keeps its share, one that grows by a steady
 * amount or saturates (its rate falls as fast or faster) hands its paths to
 * the level members, and with 3 points (2 changes) or a small dbar the data
 * cannot tell and the prior stays.  The constants were chosen on training
 * windows (M3 yearly windows scored on training years, synthetic count
 * series from gen_synth.py seed 1, and earlier cuts of Gapminder population
 * and GDP series), and checked once on the M3 test years, synthetic seed 2
 * and the last six Gapminder years (tests/bench/calibration/README.md).
 */
#ifndef PRED_TAU
#define PRED_TAU 0.08
#endif
#ifndef PRED_OMEGA
#define PRED_OMEGA 0.015
#endif
#ifndef PRED_GAIN
#define PRED_GAIN 0.8
#endif
#ifndef PRED_S0
#define PRED_S0 0.08
#endif
#ifndef PRED_NU0
#define PRED_NU0 3.0
#endif
#ifndef PRED_MU0
#define PRED_MU0 0.0
#endif
#ifndef PRED_MIX
#define PRED_MIX 0.75
#endif
#ifndef PRED_OBS
#define PRED_OBS 0.5
#endif
#ifndef PRED_PHI
#define PRED_PHI 1.0
#endif
#ifndef PRED_S2_FLOOR
#define PRED_S2_FLOOR 1e-4
#endif
#define PRED_MIN_N 3
#define PRED_MAX_N SHORT_MAX_N

const struct model_pred_prior model_pred_default = {
    PRED_TAU, PRED_OMEGA, PRED_GAIN, PRED_S0, PRED_NU0, PRED_MU0, PRED_MIX, PRED_OBS, PRED_PHI,
};

/*
 * P(the series grows by a rate rather than by a level | the slope of its
 * yearly log changes), prior p; p itself when there are fewer than 3 changes.
 */
static double rate_chance(const struct model_data *d, double dbar, double s2, double p)
{
    double tb = 0, mb = 0, sxx = 0, sxy = 0, b, v, lr, level_slope = -dbar * dbar;
    size_t i, m = d->n - 1;

    if (m < 3)
        return p;
    for (i = 1; i < d->n; i++) {
        tb += 0.5 * (d->t[i] + d->t[i - 1]) / (double)m;
        mb += log(d->y[i] / d->y[i - 1]) / (d->t[i] - d->t[i - 1]) / (double)m;
    }
    for (i = 1; i < d->n; i++) {
        double x = 0.5 * (d->t[i] + d->t[i - 1]) - tb;
        sxx += x * x;
        sxy += x * (log(d->y[i] / d->y[i - 1]) / (d->t[i] - d->t[i - 1]) - mb);
    }
    if (!(sxx > 0) || !(s2 > 0))
        return p;
    b = sxy / sxx;
    v = s2 / sxx;
    lr = ((b - level_slope) * (b - level_slope) - b * b) / (2 * v);
    return 1 / (1 + exp(-fmax(fmin(log(p / (1 - p)) + lr, 30.0), -30.0)));
}

bool model_pred_log(const struct model_data *d, const struct model_pred_prior *pr,
                    struct model_auto *out)
{
    double span, dbar, ss = 0, s02, s2, w, kd, tau2 = pr->tau * pr->tau;
    size_t i, m;

    out->log_pred = false;
    if (!d || d->n < PRED_MIN_N || d->n > PRED_MAX_N)
        return false;
    span = d->t[d->n - 1] - d->t[0];
    m = d->n - 1;
    if (!(span > 0))
        return false;
    for (i = 0; i < d->n; i++)
        if (!(d->y[i] > 0))
            return false;
    dbar = (log(d->y[d->n - 1]) - log(d->y[0])) / span;
    for (i = 1; i < d->n; i++) {
        double g = d->t[i] - d->t[i - 1], e = log(d->y[i] / d->y[i - 1]) - g * dbar;
        ss += e * e / g;
    }
    s02 = pr->s0 * pr->s0;
    s2 = s02;
    if (m > 1) {
        double v = fmax(ss / (double)(m - 1), PRED_S2_FLOOR * s02);
        s2 = exp((pr->nu0 * log(s02) + (double)(m - 1) * log(v)) / (pr->nu0 + (double)(m - 1)));
    }
    w = tau2 / (tau2 + s2 / span);
    kd = model_short_kappa(d) * dbar;
    out->log_pred = true;
    out->log_y0 = log(d->y[d->n - 1]);
    out->log_mu = pr->mu0 + w * (dbar - pr->mu0);
    out->log_vdrift = w * s2 / span + pr->omega * pr->omega * fmin(1.0, s2 / s02) + kd * kd;
    out->log_sigma = pr->gain * sqrt((1 - pr->obs) * s2);
    out->log_obs = pr->gain * sqrt(pr->obs * s2);
    out->log_phi = pr->phi;
    out->log_share = fmin(1.0, pr->mix * w);
    if (pr->mix < 0) { /* full drift in the member, its share by the weight */
        out->log_share = fmin(1.0, -pr->mix * w);
        out->log_mu = dbar;
        out->log_vdrift = s2 / span + pr->omega * pr->omega + kd * kd;
    } else if (pr->mix > 0 && pr->mix < 1) {
        out->log_share = w * rate_chance(d, dbar, s2, pr->mix);
    }
    return true;
}

/*
 * Paths of the log-scale predictive distribution (see model_pred_log).  A
 * path's logs are Gaussian: with the drift mu ~ N(m, V), innovations of
 * sd sigma and observation noise of sd o, year j's log is
 *     log y0 + mu D_j + e_1 + ... + e_j + o_j,   D_j = 1 + phi + ... + phi^(j-1),
 * so the h years of a path are one draw of N(log y0 + m D, C) with
 *     C_ij = V D_i D_j + sigma^2 min(i, j) + o^2 [i = j].
 * Drawn through the Cholesky factor of C, a path takes h normal draws
 * instead of 2h + 1 (the drift, then each year's innovation and noise),
 * which were most of the cost of a national run; the distribution is the
 * same.  o > 0 always (model_pred_log floors the noise), so C is positive
 * definite; should round-off say otherwise, the years are drawn one by one.
 *
 * Paths come in antithetic pairs (Hammersley and Morton 1956): paths 2k
 * and 2k + 1 take the deviations L z and -L z from the mean of the logs, so
 * a pair costs one draw of z, one product with the factor and one exp (the
 * mirror is exp(2 mean_j) / exp(mean_j + dev_j)).  Each path is still a draw
 * of N(mean, C); a pair's two paths are negatively correlated, and the
 * share of paths above a level, a monotone function of z, is estimated
 * with no more variance than from independent paths.  An odd last path is
 * drawn alone.
 */
int model_pred_log_simulate(const struct model_auto *a, size_t h, size_t npaths, gsl_rng *r,
                            double *paths)
{
    double sv = sqrt(a->log_vdrift), dd[MODEL_MAX_HORIZON], mean[MODEL_MAX_HORIZON];
    double e2[MODEL_MAX_HORIZON];
    double s2 = a->log_sigma * a->log_sigma, o2 = a->log_obs * a->log_obs, damp = 1, cum = 0;
    gsl_matrix *c = h > 0 && h <= MODEL_MAX_HORIZON ? gsl_matrix_alloc(h, h) : NULL;
    size_t p, i, j;
    int status;

    if (!c)
        return h > MODEL_MAX_HORIZON ? GSL_EINVAL : GSL_ENOMEM;
    for (j = 0; j < h; j++) {
        cum += damp;
        damp *= a->log_phi;
        dd[j] = cum;
        mean[j] = a->log_y0 + a->log_mu * cum;
        e2[j] = fabs(mean[j]) < 350.0 ? exp(2.0 * mean[j]) : 0; /* the mirror's numerator */
    }
    for (i = 0; i < h; i++)
        for (j = 0; j <= i; j++)
            gsl_matrix_set(
                c, i, j, a->log_vdrift * dd[i] * dd[j] + s2 * (double)(j + 1) + (i == j ? o2 : 0));
    status = gsl_linalg_cholesky_decomp1(c); /* the caller has GSL's handler off */
    for (p = 0; p < npaths; p++) {
        double *row = paths + p * h;
        if (status == GSL_SUCCESS) {
            double z[MODEL_MAX_HORIZON];
            double *mirror = p + 1 < npaths ? row + h : NULL;
            for (j = 0; j < h; j++) {
                const double *lj = c->data + j * c->tda; /* row j of the factor */
                double dev = 0;
                z[j] = gsl_ran_gaussian_ziggurat(r, 1.0);
                for (i = 0; i <= j; i++)
                    dev += lj[i] * z[i];
                row[j] = exp(fmin(mean[j] + dev, 700.0));
                /* Far from exp's limits (logs beyond 350) the mirror is a division. */
                if (mirror)
                    mirror[j] = fabs(mean[j]) + fabs(dev) < 350.0 ? e2[j] / row[j]
                                                                  : exp(fmin(mean[j] - dev, 700.0));
            }
            if (mirror)
                p++;
        } else {
            double mu = a->log_mu + gsl_ran_gaussian_ziggurat(r, sv), x = a->log_y0;
            damp = 1;
            for (j = 0; j < h; j++) {
                x += mu * damp + gsl_ran_gaussian_ziggurat(r, a->log_sigma);
                damp *= a->log_phi;
                row[j] = exp(fmin(x + gsl_ran_gaussian_ziggurat(r, a->log_obs), 700.0));
            }
        }
    }
    gsl_matrix_free(c);
    model_paths_constrain(paths, npaths * h, true, a->members[0].is_count);
    return GSL_SUCCESS;
}
