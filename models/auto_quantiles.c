/*
 * models/auto_quantiles.c -- the per-year mean and quantiles of the paths
 * model_auto_simulate draws, from their distribution instead of from paths,
 * when that distribution is known in closed form.
 *
 * What model_auto_simulate does (models/select.c), step j:
 *   1. each member's raw paths, re-scaled to the calibrated sd s_j about the
 *      member's own mean (a member without spread draws N(0, s_j^2));
 *   2. times one factor sqrt((nu - 2) / chi2_nu) per path, nu = 3;
 *   3. re-centred on the combined mean m_j;
 *   4. for a series that cannot be negative: shifted down by the c_j >= 0
 *      that makes mean(max(0, x - c_j)) = m_j (when m_j > 0), then clamped at
 *      0; a count is rounded.
 * When every member's raw paths are Gaussian (naive, drift, theta and the
 * additive damped trend are linear in Gaussian draws; the multiplicative
 * damped trend and the count models are not), step 1 gives N(0, s_j^2) for
 * every member, and Z sqrt(1 / chi2_3) = T_3 / sqrt(3), so the path value at
 * step j is
 *     X_j = m_j + s_j T_3 / sqrt(3)    (Student-t, 3 df, variance s_j^2),
 * and step 4 is monotone: the p-quantile is max(0, m_j - c_j + s_j t_p /
 * sqrt(3)), rounded for a count, and the mean is m_j (or E max(0, X_j) when
 * m_j <= 0).  c_j solves sigma G((c - m) / sigma) = m, sigma = s_j / sqrt(3),
 * with G(a) = E max(0, T - a) = (nu + a^2) / (nu - 1) f(a) - a (1 - F(a)),
 * f and F the t_3 density and distribution function; G is convex and
 * falling (G' = F - 1), so Newton's method from a = -m / sigma climbs to
 * the root without overshooting.
 *
 * These are the limits of the path estimates as the number of paths grows
 * (the paths' quantiles scatter around them by Monte Carlo error).
 * tests/unit/test_models_autoq.c checks them against 200,000 simulated
 * paths, which also guards this file against changes to model_auto_simulate.
 */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "model.h"

/* The degrees of freedom of the tail factor: AUTO_TAIL_DF in select.c. */
#define TAIL_DF 3.0

/* A member whose raw paths are Gaussian at every step. */
static bool gaussian_member(const struct model_fit *f)
{
    switch (f->kind) {
    case MODEL_NAIVE:
    case MODEL_DRIFT:
    case MODEL_THETA:
        return true;
    case MODEL_DAMPED:
        return !f->multiplicative;
    default:
        return false;
    }
}

/* E max(0, T - a) for T ~ t_nu. */
static double tail_excess(double a)
{
    return (TAIL_DF + a * a) / (TAIL_DF - 1.0) * gsl_ran_tdist_pdf(a, TAIL_DF) -
           a * gsl_cdf_tdist_Q(a, TAIL_DF);
}

/* The c >= 0 with sigma G((c - m) / sigma) = m (m > 0, sigma > 0). */
static double zero_shift(double m, double sigma)
{
    double a = -m / sigma, target = m / sigma;
    int it;

    for (it = 0; it < 100; it++) {
        double g = tail_excess(a) - target, q = gsl_cdf_tdist_Q(a, TAIL_DF), step;
        if (!(g > 0.0) || !(q > 0.0))
            break;
        step = g / q;
        a += step;
        if (step <= 1e-13 * (1.0 + fabs(a)))
            break;
    }
    return a * sigma + m > 0.0 ? a * sigma + m : 0.0;
}

int model_auto_quantiles(const struct model_auto *a, size_t h, const double *probs, size_t np,
                         double *mean, double *q)
{
    double m[MODEL_MAX_HORIZON], tq[MODEL_MAX_QUANTILES];
    bool nonneg, is_count;
    size_t i, j, k;
    int status;

    if (!a || !probs || !mean || !q || h == 0 || h > a->horizon || h > MODEL_MAX_HORIZON ||
        np > MODEL_MAX_QUANTILES || a->n_members == 0)
        return GSL_EINVAL;
    for (i = 0; i < a->n_members; i++)
        if (a->weights[i] > 0.0 && !gaussian_member(&a->members[i]))
            return GSL_EINVAL;
    for (k = 0; k < np; k++) {
        if (!(probs[k] > 0.0 && probs[k] < 1.0))
            return GSL_EINVAL;
        tq[k] = gsl_cdf_tdist_Pinv(probs[k], TAIL_DF) / sqrt(TAIL_DF);
    }
    status = model_auto_forecast(a, h, m);
    if (status)
        return status;
    nonneg = a->members[0].nonneg;
    is_count = a->members[0].is_count;
    for (j = 0; j < h; j++) {
        double s = a->sd[j], sigma = s / sqrt(TAIL_DF), c = 0.0;
        if (!isfinite(m[j]) || !isfinite(s) || s < 0.0)
            return GSL_EDOM;
        mean[j] = m[j];
        if (nonneg && s > 0.0) {
            if (m[j] > 0.0)
                c = zero_shift(m[j], sigma);
            else
                mean[j] = sigma * tail_excess(-m[j] / sigma); /* clamped, not shifted */
        }
        for (k = 0; k < np; k++) {
            double x = m[j] - c + s * tq[k];
            if (s == 0.0)
                x = m[j];
            if (is_count)
                x = nearbyint(x);
            if (nonneg && x < 0.0)
                x = 0.0;
            q[j * np + k] = x + 0.0; /* no -0 */
        }
        if (is_count && s == 0.0)
            mean[j] = nearbyint(mean[j]);
        if (nonneg && mean[j] < 0.0)
            mean[j] = 0.0;
        mean[j] += 0.0;
    }
    return GSL_SUCCESS;
}
