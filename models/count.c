/*
 * models/count.c -- count regression on time for flow indicators:
 *
 *   poisson  y ~ Poisson(mu),        log mu = a + b (t - tbar)
 *   negbin   y ~ NegBin(mu, alpha),  log mu = a + b (t - tbar),
 *            Var y = mu + alpha mu^2
 *
 * (a, b) come from iteratively reweighted least squares (Fisher scoring,
 * each step a weighted least-squares solve, in closed form for the two
 * parameters, with weights mu / (1 + alpha mu) and working response
 * eta + (y - mu) / mu); their covariance is the inverse Fisher information
 * (X'WX)^-1 at the final weights.  For negbin,
 * alpha maximises the profile likelihood: a grid over log alpha, then Brent's
 * method (gsl_min) around the best grid point; alpha's standard error comes
 * from the curvature of the profile (delta method from log alpha).  When the
 * best alpha is the grid's lower end the data show no over-dispersion and
 * the model is the Poisson one (alpha = exp(COUNT_LOG_ALPHA_MIN), se 0).
 *
 * Paths draw (a, b) from N(estimate, cov), then Poisson (or gamma-Poisson,
 * i.e. negative binomial) counts: integers, never negative.  Data that are
 * not non-negative integers are GSL_EINVAL; all zeros, or a series whose
 * slope runs off to infinity (e.g. zeros then one count), are GSL_EDOM.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#include "internal.h"
#include "model_impl.h"

#define COUNT_MAX_ITER 100        /* IRLS steps */
#define COUNT_MAX_SLOPE 3.0       /* |b| per year: e^3 = 20-fold a year is not a trend */
#define COUNT_MAX_ETA 34.5        /* log mu kept below log(1e15) */
#define COUNT_LOG_ALPHA_MIN -12.0 /* alpha grid for negbin, log scale */
#define COUNT_LOG_ALPHA_MAX 4.0
#define COUNT_ALPHA_GRID 9
#define COUNT_POISSON_NORMAL 1e7 /* above this mean, Poisson draws use the normal approximation */

enum { ST_ALPHA = 0 }; /* state[]: the dispersion used by the simulation (0 = Poisson) */

struct irls {
    const struct model_data *d;
    double tbar;
    double *wt, *z; /* [n] IRLS weights and working response */
    double *lgy;    /* [n] lngamma(y + 1), the same at every step */
    double *lnp;    /* [n] lnpoch(1 / alpha, y) for alpha == lnp_alpha */
    double lnp_alpha;
    size_t *first;    /* [n] at i: the first k with y[k] == y[i] (k <= i); same terms */
    double *eta, *mu; /* [n] the linear predictor and mean at beta (irls_means) */
    double beta[2];   /* current (a, b) */
    double cov2[4];   /* (X'WX)^-1 at the last solve */
    double loglik;
};

static void irls_release(struct irls *s)
{
    free(s->wt); /* the one block every [n] array lives in (irls_init) */
    memset(s, 0, sizeof *s);
}

static int irls_init(struct irls *s, const struct model_data *d)
{
    size_t i, n = d->n, m = n ? n : 1;
    double *block;

    memset(s, 0, sizeof *s);
    s->d = d;
    s->tbar = model_mean(d->t, n);
    /* Six double arrays, then the size_t one (its alignment is no stricter). */
    block = malloc(6 * m * sizeof *block + m * sizeof *s->first);
    if (!block)
        return GSL_ENOMEM;
    s->wt = block;
    s->z = block + m;
    s->lgy = block + 2 * m;
    s->lnp = block + 3 * m;
    s->eta = block + 4 * m;
    s->mu = block + 5 * m;
    s->first = (size_t *)(void *)(block + 6 * m);
    for (i = 0; i < n; i++) {
        size_t k;
        for (k = 0; k < i && !(d->y[k] == d->y[i]); k++)
            ;
        s->first[i] = k;
        s->lgy[i] = k < i ? s->lgy[k] : gsl_sf_lngamma(d->y[i] + 1.0);
    }
    s->lnp_alpha = NAN; /* none yet */
    return GSL_SUCCESS;
}

static double clamp_eta(double eta)
{
    return eta < COUNT_MAX_ETA ? eta : COUNT_MAX_ETA;
}

/* s->eta and s->mu at s->beta. */
static void irls_means(struct irls *s)
{
    size_t i;

    for (i = 0; i < s->d->n; i++) {
        s->eta[i] = clamp_eta(s->beta[0] + s->beta[1] * (s->d->t[i] - s->tbar));
        s->mu[i] = exp(s->eta[i]);
    }
}

/*
 * lnpoch(theta, y) = log(theta (theta + 1) ... (theta + y - 1)) for a whole
 * count y >= 0.  Up to LNPOCH_PRODUCT terms the product is formed and its
 * log taken once (exact but for rounding: y ulps at most, under 1e-14 in
 * the log; the product stays below 1e170 for theta up to the grid's
 * 1 / alpha of 1.6e5); gsl_sf_lnpoch above, where a product would not fit.
 * The profile's nine grid points take it for every distinct count of the
 * series, and gsl_sf_lnpoch was 4% of a national run.
 */
#define LNPOCH_PRODUCT 32

static double lnpoch_count(double theta, double y)
{
    double prod = 1.0;
    size_t k, m;

    if (!(y <= LNPOCH_PRODUCT) || !(theta < 2e5))
        return gsl_sf_lnpoch(theta, y);
    m = (size_t)y;
    for (k = 0; k < m; k++)
        prod *= theta + (double)k;
    return log(prod);
}

/*
 * The log-likelihood of the data at the means of irls_means, Poisson if
 * alpha == 0.  The terms that depend only on y (and alpha) are remembered:
 * IRLS evaluates this at every step with the same data and alpha (and a
 * count series repeats its values: a repeated y takes its first's term).
 */
static double count_loglik(struct irls *s, double alpha)
{
    double ll = 0.0;
    size_t i;

    if (alpha > 0.0 && !(s->lnp_alpha == alpha)) {
        /* lgamma(y + theta) - lgamma(theta) = lnpoch(theta, y), accurate for large theta */
        for (i = 0; i < s->d->n; i++)
            s->lnp[i] =
                s->first[i] < i ? s->lnp[s->first[i]] : lnpoch_count(1.0 / alpha, s->d->y[i]);
        s->lnp_alpha = alpha;
    }
    for (i = 0; i < s->d->n; i++) {
        double y = s->d->y[i], eta = s->eta[i], mu = s->mu[i];
        if (alpha <= 0.0) {
            ll += y * eta - mu - s->lgy[i];
        } else {
            double theta = 1.0 / alpha;
            ll += s->lnp[i] - s->lgy[i] - theta * log1p(mu / theta) + y * (eta - log(theta + mu));
        }
    }
    return ll;
}

/*
 * Weighted least squares of z on (1, u), u = t - tbar, weights wt[]:
 * s->beta and s->cov2 = (X'WX)^-1, in closed form (two parameters: the
 * normal equations with the weighted mean of u taken out first, which keeps
 * them well conditioned; an SVD per IRLS step was a sixth of a national
 * run).  GSL_EDOM if the weighted design is degenerate.
 */
static int wls2(struct irls *s, const double *wt, const double *z)
{
    const struct model_data *d = s->d;
    double sw = 0.0, su = 0.0, sz = 0.0, ubar, zbar, suu = 0.0, suz = 0.0, b;
    size_t i;

    for (i = 0; i < d->n; i++) {
        double u = d->t[i] - s->tbar;
        sw += wt[i];
        su += wt[i] * u;
        sz += wt[i] * z[i];
    }
    if (!(sw > 0.0) || !isfinite(sw))
        return GSL_EDOM;
    ubar = su / sw;
    zbar = sz / sw;
    for (i = 0; i < d->n; i++) {
        double du = d->t[i] - s->tbar - ubar;
        suu += wt[i] * du * du;
        suz += wt[i] * du * (z[i] - zbar);
    }
    if (!(suu > 0.0) || !isfinite(suu))
        return GSL_EDOM;
    b = suz / suu;
    s->beta[0] = zbar - b * ubar;
    s->beta[1] = b;
    /* [sw su; su suu + su ubar]^-1 with det = sw * suu. */
    s->cov2[0] = 1.0 / sw + ubar * ubar / suu;
    s->cov2[1] = s->cov2[2] = -ubar / suu;
    s->cov2[3] = 1.0 / suu;
    return GSL_SUCCESS;
}

/*
 * Fisher scoring for (a, b) at a fixed alpha, from s->beta (which must be set).
 * Returns 0, GSL_EDOM when the slope runs away, GSL_EMAXITER, or a GSL error.
 */
static int irls_run(struct irls *s, double alpha)
{
    const struct model_data *d = s->d;
    double old = -HUGE_VAL;
    double *wt = s->wt, *z = s->z;
    size_t it, i;
    int status;

    /* The means at the start; then those the log-likelihood took, at the same beta. */
    irls_means(s);
    for (it = 0; it < COUNT_MAX_ITER; it++) {
        for (i = 0; i < d->n; i++) {
            double eta = s->eta[i], mu = s->mu[i];
            wt[i] = mu / (1.0 + alpha * mu);
            z[i] = eta + (d->y[i] - mu) / mu;
        }
        status = wls2(s, wt, z);
        if (status)
            return status;
        if (!isfinite(s->beta[0]) || !isfinite(s->beta[1]) || fabs(s->beta[1]) > COUNT_MAX_SLOPE)
            return GSL_EDOM;
        irls_means(s);
        s->loglik = count_loglik(s, alpha);
        if (fabs(s->loglik - old) <= 1e-10 * (fabs(s->loglik) + 0.1)) {
            /* Converged: the covariance at the final weights (the estimates stay). */
            double beta[2] = {s->beta[0], s->beta[1]};
            for (i = 0; i < d->n; i++) {
                double mu = s->mu[i];
                wt[i] = mu / (1.0 + alpha * mu);
                z[i] = s->eta[i];
            }
            status = wls2(s, wt, z);
            s->beta[0] = beta[0];
            s->beta[1] = beta[1];
            return status;
        }
        old = s->loglik;
    }
    return GSL_EMAXITER;
}

/* Start (a, b) from the OLS line through log(y + 0.5). */
static void irls_start(struct irls *s)
{
    const struct model_data *d = s->d;
    double zbar = 0.0, sxx = 0.0, sxz = 0.0;
    size_t i;

    for (i = 0; i < d->n; i++)
        zbar += log(d->y[i] + 0.5);
    zbar /= (double)d->n;
    for (i = 0; i < d->n; i++) {
        double u = d->t[i] - s->tbar;
        sxx += u * u;
        sxz += u * (log(d->y[i] + 0.5) - zbar);
    }
    s->beta[0] = zbar;
    s->beta[1] = sxx > 0.0 ? sxz / sxx : 0.0;
}

/* Store (a, b), their covariance, sigma (Pearson), loglik and AICc. */
static void count_store(const struct irls *s, double alpha, double se_alpha, struct model_fit *f,
                        bool negbin)
{
    const struct model_data *d = s->d;
    double pearson = 0.0;
    size_t i, k = negbin ? 3 : 2;

    f->tbar = s->tbar;
    f->n_params = k;
    f->param_names[0] = "a";
    f->param_names[1] = "b";
    f->params[0] = s->beta[0];
    f->params[1] = s->beta[1];
    f->cov[0] = s->cov2[0];
    f->cov[1] = s->cov2[1];
    f->cov[MODEL_MAX_PARAMS] = s->cov2[2];
    f->cov[MODEL_MAX_PARAMS + 1] = s->cov2[3];
    f->se[0] = sqrt(s->cov2[0] > 0.0 ? s->cov2[0] : 0.0);
    f->se[1] = sqrt(s->cov2[3] > 0.0 ? s->cov2[3] : 0.0);
    if (negbin) {
        f->param_names[2] = "alpha";
        f->params[2] = alpha;
        f->se[2] = se_alpha;
        f->cov[2 * MODEL_MAX_PARAMS + 2] = se_alpha * se_alpha;
    }
    for (i = 0; i < d->n; i++) {
        double mu = exp(clamp_eta(s->beta[0] + s->beta[1] * (d->t[i] - s->tbar)));
        double e = d->y[i] - mu;
        pearson += e * e / (mu * (1.0 + alpha * mu));
    }
    f->sigma = d->n > k ? sqrt(pearson / (double)(d->n - k)) : 0.0;
    f->loglik = s->loglik;
    f->aicc = model_aicc(s->loglik, k, d->n);
    f->state[ST_ALPHA] = alpha;
}

static int check_counts(const struct model_data *d)
{
    size_t i;

    if (!model_is_count_data(d->y, d->n))
        return GSL_EINVAL;
    for (i = 0; i < d->n; i++)
        if (d->y[i] > 0.0)
            return GSL_SUCCESS;
    return GSL_EDOM; /* all zeros: log mu = -inf */
}

/*
 * The Poisson fit of d into s (check_counts, irls_init, irls_start,
 * irls_run): what the Poisson model stores and the negative binomial's
 * warm start.  s is released by the caller whatever the status (it is
 * zeroed first, so releasing it is always safe).
 */
static int irls_poisson(struct irls *s, const struct model_data *d)
{
    int status;

    memset(s, 0, sizeof *s);
    status = check_counts(d);
    if (status)
        return status;
    status = irls_init(s, d);
    if (status)
        return status;
    irls_start(s);
    return irls_run(s, 0.0);
}

static int poisson_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    struct irls s;
    int status;

    (void)o;
    status = irls_poisson(&s, d);
    if (status == GSL_SUCCESS)
        count_store(&s, 0.0, 0.0, f, false);
    irls_release(&s);
    return status;
}

/* The profile log-likelihood at log alpha (for gsl_min: its negative). */
struct profile {
    struct irls *s;
    double start[2];
    int status;
};

static double neg_profile(double log_alpha, void *params)
{
    struct profile *pr = params;
    int status;

    pr->s->beta[0] = pr->start[0];
    pr->s->beta[1] = pr->start[1];
    status = irls_run(pr->s, exp(log_alpha));
    if (status) {
        pr->status = status;
        return GSL_POSINF;
    }
    return -pr->s->loglik;
}

static int negbin_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    const double step = (COUNT_LOG_ALPHA_MAX - COUNT_LOG_ALPHA_MIN) / (COUNT_ALPHA_GRID - 1);
    gsl_min_fminimizer *m = NULL;
    struct profile pr;
    struct irls s;
    double grid[COUNT_ALPHA_GRID], la, se_alpha = 0.0;
    size_t i, best = 0;
    int status;

    (void)o;
    /* The Poisson fit is the warm start of every profile evaluation. */
    status = irls_poisson(&s, d);
    if (status)
        goto out;
    pr.s = &s;
    pr.start[0] = s.beta[0];
    pr.start[1] = s.beta[1];
    pr.status = GSL_SUCCESS;
    for (i = 0; i < COUNT_ALPHA_GRID; i++) {
        grid[i] = neg_profile(COUNT_LOG_ALPHA_MIN + step * (double)i, &pr);
        if (grid[i] < grid[best])
            best = i;
    }
    if (!isfinite(grid[best])) {
        status = pr.status ? pr.status : GSL_EDOM;
        goto out;
    }
    la = COUNT_LOG_ALPHA_MIN + step * (double)best;
    if (best == COUNT_ALPHA_GRID - 1) {
        status = GSL_EDOM; /* dispersion beyond any sensible bound */
        goto out;
    }
    if (best > 0 && isfinite(grid[best - 1]) && isfinite(grid[best + 1])) {
        bool bracketed;
        size_t it;
        m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
        if (!m) {
            status = GSL_ENOMEM;
            goto out;
        }
        {
            gsl_function fn = {neg_profile, &pr};
            /* GSL_EINVAL here means a flat profile (a tie on the grid): keep the grid point. */
            bracketed = gsl_min_fminimizer_set_with_values(m, &fn, la, grid[best], la - step,
                                                           grid[best - 1], la + step,
                                                           grid[best + 1]) == GSL_SUCCESS;
            status = GSL_SUCCESS;
            it = bracketed ? 0 : 100;
        }
        for (; it < 100; it++) {
            status = gsl_min_fminimizer_iterate(m);
            if (status)
                break;
            status = gsl_min_test_interval(gsl_min_fminimizer_x_lower(m),
                                           gsl_min_fminimizer_x_upper(m), 1e-6, 0.0);
            if (status == GSL_SUCCESS)
                break;
            status = GSL_SUCCESS;
            if (it == 99)
                status = GSL_EMAXITER;
        }
        if (status)
            goto out;
        if (bracketed && isfinite(gsl_min_fminimizer_f_minimum(m)) &&
            gsl_min_fminimizer_f_minimum(m) <= grid[best])
            la = gsl_min_fminimizer_x_minimum(m);
        /* se of log alpha from the profile's curvature, then alpha's by the delta method. */
        {
            double hh = 1e-3, f0 = neg_profile(la, &pr), fp = neg_profile(la + hh, &pr);
            double fm = neg_profile(la - hh, &pr), curv = (fp - 2.0 * f0 + fm) / (hh * hh);
            se_alpha = curv > 0.0 && isfinite(curv) ? exp(la) / sqrt(curv) : 0.0;
        }
    }
    /* Refit at the chosen alpha so s holds its (a, b), covariance and loglik. */
    s.beta[0] = pr.start[0];
    s.beta[1] = pr.start[1];
    status = irls_run(&s, exp(la));
    if (status)
        goto out;
    count_store(&s, exp(la), se_alpha, f, true);
out:
    gsl_min_fminimizer_free(m);
    irls_release(&s);
    return status;
}

/*
 * The mean at the estimates, exp(a + b u).  Not the mean over parameter
 * draws, exp(a + b u + var(a + b u) / 2): with a few small counts the
 * slope is so uncertain that this factor reaches 10 within five years of a
 * flat series of ones, and backtests score this forecast as a point.
 */
static int count_forecast(const struct model_fit *f, size_t h, double *mean)
{
    size_t j;

    for (j = 0; j < h; j++) {
        double u = f->t_last + (double)(j + 1) - f->tbar;
        mean[j] = exp(clamp_eta(f->params[0] + f->params[1] * u));
    }
    return GSL_SUCCESS;
}

static int count_fitted(const struct model_fit *f, const struct model_data *d, double *out)
{
    size_t i;

    for (i = 0; i < d->n; i++)
        out[i] = exp(clamp_eta(f->params[0] + f->params[1] * (d->t[i] - f->tbar)));
    return GSL_SUCCESS;
}

/*
 * A Poisson draw.  For mu >= 10, Hormann's transformed rejection with
 * squeeze (PTRS; W. Hormann, "The transformed rejection method for generating
 * Poisson random variables", Insurance: Mathematics and Economics 12, 1993):
 * about 1.1 pairs of uniforms a draw, several times faster than
 * gsl_ran_poisson's gamma-based method there, which dominated the cost of
 * count paths.  Small means use gsl_ran_poisson, huge ones the normal
 * approximation.
 */
/*
 * log(k!) for the PTRS acceptance test, remembered per simulation for
 * k < LOG_FACT_N (the same gsl_sf_lngamma values, computed once each).
 */
#define LOG_FACT_N MODEL_LOG_FACT_N

static double log_fact(double *memo, double k)
{
    size_t i;

    if (!memo || !(k < LOG_FACT_N))
        return gsl_sf_lngamma(k + 1.0);
    i = (size_t)k;
    if (isnan(memo[i]))
        memo[i] = gsl_sf_lngamma(k + 1.0);
    return memo[i];
}

double *model_log_fact_memo(void)
{
    double *memo = malloc(LOG_FACT_N * sizeof *memo);
    size_t i;

    if (memo)
        for (i = 0; i < LOG_FACT_N; i++)
            memo[i] = NAN;
    return memo;
}

double model_draw_poisson(gsl_rng *r, double mu, double *memo)
{
    double slam, loglam, b, a, invalpha, vr;

    if (mu < 10.0)
        return (double)gsl_ran_poisson(r, mu);
    if (mu > COUNT_POISSON_NORMAL) {
        double k = nearbyint(mu + gsl_ran_gaussian_ziggurat(r, sqrt(mu)));
        return k > 0.0 ? k : 0.0; /* as model_paths_constrain would: no -0 */
    }
    slam = sqrt(mu);
    loglam = NAN; /* needed only past the squeeze (about 1 draw in 7): taken then */
    b = 0.931 + 2.53 * slam;
    a = -0.059 + 0.02483 * b;
    invalpha = 1.1239 + 1.1328 / (b - 3.4);
    vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double u = gsl_rng_uniform(r) - 0.5, v = gsl_rng_uniform(r);
        double us = 0.5 - fabs(u), k = floor((2.0 * a / us + b) * u + mu + 0.43);
        if (us >= 0.07 && v <= vr)
            return k;
        if (k < 0.0 || (us < 0.013 && v > us))
            continue;
        if (isnan(loglam))
            loglam = log(mu);
        /* log(v) + log(invalpha) - log(a / us^2 + b), in one logarithm */
        if (log(v * invalpha / (a / (us * us) + b)) <= -mu + k * loglam - log_fact(memo, k))
            return k;
    }
}

static double draw_count(gsl_rng *r, double mu, double alpha, double *memo)
{
    if (alpha > 0.0) {
        double theta = 1.0 / alpha;
        mu = gsl_ran_gamma(r, theta, mu / theta);
    }
    return model_draw_poisson(r, mu, memo);
}

static int count_simulate(const struct model_fit *f, size_t h, size_t npaths, gsl_rng *r,
                          double *paths)
{
    struct mvn_factor fac;
    double cov[4], beta[2], *memo;
    double alpha = f->state[ST_ALPHA];
    size_t p, j;
    int status;

    /* log k! as the draws need them; without memory, computed every time (the same values). */
    memo = model_log_fact_memo();
    model_cov_pack(f->cov, 2, cov);
    status = mvn_factor_init(&fac, cov, f->no_param_uncert ? 0 : 2);
    if (status) {
        free(memo);
        return status;
    }
    /* A dispersion at the grid's floor is the Poisson model. */
    if (alpha <= exp(COUNT_LOG_ALPHA_MIN) * 1.0000001)
        alpha = 0.0;
    for (p = 0; p < npaths; p++) {
        double *row = paths + p * h, mu = 0.0, growth;
        bool was_clamped = false;

        beta[0] = f->params[0];
        beta[1] = f->params[1];
        if (fac.p > 0)
            mvn_draw(&fac, f->params, r, beta);
        /*
         * mu_j = exp(a + b u_j) grows by e^b a year: one exp a path rather
         * than one a draw (exp was a tenth of count paths).  The product
         * differs from exp(eta) in the last bit or two, which moves a draw
         * only if it falls that close to a boundary of the sampler.
         */
        growth = exp(beta[1]);
        for (j = 0; j < h; j++) {
            double u = f->t_last + (double)(j + 1) - f->tbar, eta = beta[0] + beta[1] * u;
            bool clamped = !(eta < COUNT_MAX_ETA);
            /* exp itself in the first year and at or after the clamp */
            if (j == 0 || clamped || was_clamped || !isfinite(growth) || !(mu > 0.0))
                mu = exp(clamp_eta(eta));
            else
                mu *= growth;
            was_clamped = clamped;
            row[j] = draw_count(r, mu, alpha, memo);
        }
    }
    /* Every draw is already a whole number >= 0 (not -0): nothing to constrain. */
    free(memo);
    return GSL_SUCCESS;
}

const struct model_ops model_poisson_ops = {
    3, poisson_fit, count_forecast, count_fitted, count_simulate, false,
};

const struct model_ops model_negbin_ops = {
    4, negbin_fit, count_forecast, count_fitted, count_simulate, false,
};
