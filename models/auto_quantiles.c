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
#include <gsl/gsl_math.h>

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

/*
 * The t_3 density, upper tail and quantile in closed form (GSL's general-nu
 * routines cost thousands of instructions a call, the most of a series'
 * summary).  With u = t / sqrt(3) and phi = 2 atan(u):
 *     f(t) = 6 sqrt(3) / (pi (3 + t^2)^2),
 *     F(t) = 1/2 + (atan(u) + u / (1 + u^2)) / pi = 1/2 + (phi + sin phi) / (2 pi).
 */
static double t3_pdf(double t)
{
    double d = 3.0 + t * t;

    return 6.0 * sqrt(3.0) / (M_PI * d * d);
}

static double t3_q(double t)
{
    double u = t / sqrt(3.0);

    if (t > 8.0)
        return gsl_cdf_tdist_Q(t, TAIL_DF); /* the closed form cancels far out */
    return 0.5 - (atan(u) + u / (1.0 + u * u)) / M_PI;
}

/*
 * The p-quantile: phi + sin phi = c = 2 pi (p - 1/2), solved for |c| by
 * Newton's method from |c| / 2, where phi + sin phi - |c| is negative,
 * rising and concave, so the iterates climb to the root without passing it.
 */
static double t3_pinv(double p)
{
    double c = 2.0 * M_PI * (p - 0.5), a = fabs(c), phi = a / 2.0;
    int it;

    for (it = 0; it < 100; it++) {
        double g = phi + sin(phi) - a, step;
        if (!(g < 0.0))
            break;
        step = -g / (1.0 + cos(phi));
        phi += step;
        if (step <= 1e-16 * phi)
            break;
    }
    return (c < 0.0 ? -1.0 : 1.0) * sqrt(3.0) * tan(phi / 2.0);
}

/* E max(0, T - a) for T ~ t_3: (nu + a^2) / (nu - 1) f(a) - a (1 - F(a)). */
static double tail_excess(double a)
{
    return (TAIL_DF + a * a) / (TAIL_DF - 1.0) * t3_pdf(a) - a * t3_q(a);
}

/* The c >= 0 with sigma G((c - m) / sigma) = m (m > 0, sigma > 0). */
static double zero_shift(double m, double sigma)
{
    double a = -m / sigma, target = m / sigma;
    int it;

    for (it = 0; it < 100; it++) {
        double g = tail_excess(a) - target, q = t3_q(a), step;
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
    if (a->rare || a->log_pred)
        return GSL_EINVAL; /* Poisson or log-scale paths: simulate */
    for (i = 0; i < a->n_members; i++)
        if (a->weights[i] > 0.0 && !gaussian_member(&a->members[i]))
            return GSL_EINVAL;
    for (k = 0; k < np; k++) {
        if (!(probs[k] > 0.0 && probs[k] < 1.0))
            return GSL_EINVAL;
        tq[k] = t3_pinv(probs[k]) / sqrt(TAIL_DF);
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
