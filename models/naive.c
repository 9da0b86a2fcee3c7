/*
 * models/naive.c -- the random walk (naive) and the random walk with drift.
 *
 * Both take gaps in t exactly: a step of g years is a sum of g yearly
 * shocks, so d_i = y_i - y_{i-1} ~ N(drift g_i, sigma^2 g_i).  Hence
 *   naive: sigma^2 = sum d_i^2 / g_i / m                    (m = n - 1 steps)
 *   drift: drift = (y_n - y_1) / T,  T = t_n - t_1 (the weighted LS estimate),
 *          sigma^2 = sum (d_i - drift g_i)^2 / g_i / (m - 1), se(drift) = sigma / sqrt(T)
 * and the h-year forecast variance is sigma^2 h (naive) or sigma^2 (h + h^2/T)
 * (drift, the second term being the drift's own uncertainty), the textbook
 * intervals (Hyndman & Athanasopoulos, FPP 5.5).  Paths for drift draw the
 * drift from N(drift, sigma^2 / T) first, so their quantiles match exactly.
 */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "internal.h"
#include "model_impl.h"
#include "smooth.h"

/* state[] layout */
enum { ST_SPAN = 0 }; /* T = t_n - t_1, years */

static int rw_fit(const struct model_data *d, struct model_fit *f, bool with_drift)
{
    double span = d->t[d->n - 1] - d->t[0];
    double drift = with_drift ? (d->y[d->n - 1] - d->y[0]) / span : 0.0;
    double rss = 0.0, sumlog = 0.0, scale2 = 0.0, s2;
    size_t i, m = d->n - 1;
    size_t k = with_drift ? 2 : 1; /* sigma (+ drift) */

    for (i = 1; i < d->n; i++) {
        double g = d->t[i] - d->t[i - 1];
        double r = d->y[i] - d->y[i - 1] - drift * g;
        rss += r * r / g;
        sumlog += log(g);
        scale2 += d->y[i] * d->y[i];
    }
    scale2 /= (double)m;
    s2 = rss / (double)(with_drift ? m - 1 : m);
    f->sigma = sqrt(s2);
    f->loglik = model_gauss_loglik(rss, m, scale2 > 0.0 ? scale2 : 1.0) - 0.5 * sumlog;
    f->aicc = model_aicc(f->loglik, k, m);
    f->state[ST_SPAN] = span;
    if (with_drift) {
        f->n_params = 1;
        f->param_names[0] = "drift";
        f->params[0] = drift;
        f->se[0] = f->sigma / sqrt(span);
        f->cov[0] = f->se[0] * f->se[0];
    }
    return GSL_SUCCESS;
}

static int naive_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    (void)o;
    return rw_fit(d, f, false);
}

static int drift_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    (void)o;
    return rw_fit(d, f, true);
}

static double drift_of(const struct model_fit *f)
{
    return f->kind == MODEL_DRIFT ? f->params[0] : 0.0;
}

static int rw_forecast(const struct model_fit *f, size_t h, double *mean)
{
    size_t j;

    for (j = 0; j < h; j++)
        mean[j] = f->y_last + drift_of(f) * (double)(j + 1);
    return GSL_SUCCESS;
}

/* One-step-ahead fits: the previous value (plus the drift over the gap). */
static int rw_fitted(const struct model_fit *f, const struct model_data *d, double *out)
{
    size_t i;

    out[0] = d->y[0];
    for (i = 1; i < d->n; i++)
        out[i] = d->y[i - 1] + drift_of(f) * (d->t[i] - d->t[i - 1]);
    return GSL_SUCCESS;
}

static int rw_simulate(const struct model_fit *f, size_t h, size_t npaths, gsl_rng *r,
                       double *paths)
{
    size_t p, j;

    /* Antithetic pairs (model_simulate): path p + 1 takes path p's draws negated. */
    for (p = 0; p < npaths; p += 2) {
        double *mirror = p + 1 < npaths ? paths + (p + 1) * h : NULL;
        double d = 0, y = f->y_last, ym = f->y_last;
        if (f->kind == MODEL_DRIFT && !f->no_param_uncert)
            d = gsl_ran_gaussian_ziggurat(r, f->se[0]);
        for (j = 0; j < h; j++) {
            double e = gsl_ran_gaussian_ziggurat(r, f->sigma);
            y += drift_of(f) + d + e;
            ym += drift_of(f) - d - e;
            paths[p * h + j] = y;
            if (mirror)
                mirror[j] = ym;
        }
    }
    model_paths_constrain(paths, npaths * h, f->nonneg, f->is_count);
    return GSL_SUCCESS;
}

int model_rw_sd(const struct model_fit *f, size_t h, double *sd)
{
    size_t j;

    if (f->kind != MODEL_NAIVE && f->kind != MODEL_DRIFT)
        return GSL_EINVAL;
    for (j = 1; j <= h; j++) {
        double v = (double)j;
        if (f->kind == MODEL_DRIFT && !f->no_param_uncert)
            v += (double)j * (double)j / f->state[ST_SPAN];
        sd[j - 1] = f->sigma * sqrt(v);
    }
    return GSL_SUCCESS;
}

const struct model_ops model_naive_ops = {
    2, naive_fit, rw_forecast, rw_fitted, rw_simulate, true,
};

const struct model_ops model_drift_ops = {
    3, drift_fit, rw_forecast, rw_fitted, rw_simulate, true,
};
