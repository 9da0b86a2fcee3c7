/*
 * models/curve.c -- the trend curves: linear and exponential trends by
 * ordinary least squares, and the logistic and Gompertz growth curves by
 * nonlinear least squares (nlls.c).
 *
 *   linear    y = a + b (t - tbar)                       OLS
 *   exp       log y = a + b (t - tbar)                   OLS on logs (y > 0)
 *   logistic  y = K / (1 + exp(-r (t - t0)))             NLLS, K > 0, r > 0
 *   gompertz  y = K exp(-exp(-r (t - t0)))               NLLS, K > 0, r > 0
 *
 * tbar is the mean year, so a and b are uncorrelated.  The noise is i.i.d.
 * Gaussian around the curve (log-normal for exp).  Simulated paths draw a
 * sigma factor s ~ sqrt(dof / chi^2_dof) (internal.h, model_sigma_factor),
 * then the parameters from N(estimate, s^2 cov), then the noise with sd
 * s sigma: for the linear trend this reproduces exactly the Student-t OLS
 * prediction interval, and the curves get the same small-sample honesty.
 * With no_param_uncert the paths carry the noise alone at sigma.
 *
 * The growth curves are fitted from several data-driven starts: K from the
 * curvature of the series (a regression of the relative growth on the level,
 * or on its log for Gompertz) and from multiples of the largest value; r and
 * t0 from the linearised curve (logit or log-log of y / K against t).  The
 * lowest sum of squares among converged, admissible fits wins.  A fit whose
 * capacity is absurd (above CURVE_MAX_K_RATIO times the largest value, or
 * below half of it), whose rate is not in (0, CURVE_MAX_RATE], whose t0 is
 * far outside the data, or whose K, r or t0 the data do not determine (a
 * standard error above K, above r, or above CURVE_MAX_T0_SPAN years, or a
 * singular covariance), returns GSL_EDOM,
 * and no convergence returns the solver's status: the engine falls back.
 * Internally the solver works on (K, r, t0 - tbar).
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "internal.h"
#include "model_impl.h"

#define CURVE_MAX_K_RATIO 10.0  /* capacity at most this times the largest observation */
#define CURVE_MAX_RATE 5.0      /* r per year: e^5 ~ 150-fold a year is a jump, not a trend */
#define CURVE_MAX_T0_SPAN 100.0 /* |t0 - tbar| in years */
#define CURVE_MAX_ITER 200      /* per solver stage */
#define CURVE_ABORT_K_RATIO                                                                        \
    50.0                          /* the solver stops when K exceeds this times the largest value  \
                                   */
#define CURVE_ABORT_T0_SPAN 500.0 /* ... or when |t0 - tbar| exceeds this many years */
#define CURVE_MAX_STARTS 12
#define CURVE_GOOD_STARTS 3 /* starts solved from, unless none of them gives a fit */
#define CURVE_MAX_DRAWS 32  /* attempts to draw admissible curve parameters per path */

/* state[] layout, shared by all four models */
enum {
    ST_SXX = 0,  /* sum of (t - tbar)^2 (linear, exp) */
    ST_DOF = 1,  /* residual degrees of freedom n - p */
    ST_FIXK = 2, /* 1 if the capacity was fixed by the caller (curves) */
};

/* ---- linear and exp: OLS on (t - tbar) ------------------------------------- */

struct ols {
    double a, b, rss, sxx, tbar;
};

/* The regressed value: y itself, or log y for the exponential trend. */
static double ols_z(const double *y, size_t i, bool log_y)
{
    return log_y ? log(y[i]) : y[i];
}

/* OLS of z = y (or log y) on t - tbar; no buffer, so no allocation in the fit. */
static void ols_fit(const double *t, const double *y, size_t n, bool log_y, struct ols *o)
{
    double zbar = 0.0, sxy = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        zbar += ols_z(y, i, log_y);
    zbar /= (double)n;
    o->tbar = model_mean(t, n);
    o->sxx = 0.0;
    for (i = 0; i < n; i++) {
        double d = t[i] - o->tbar;
        o->sxx += d * d;
        sxy += d * (ols_z(y, i, log_y) - zbar);
    }
    o->a = zbar;
    o->b = sxy / o->sxx; /* sxx > 0: t strictly increasing and n >= 2 */
    o->rss = 0.0;
    for (i = 0; i < n; i++) {
        double e = ols_z(y, i, log_y) - o->a - o->b * (t[i] - o->tbar);
        o->rss += e * e;
    }
}

/* Fill the common OLS fields. */
static void ols_store(const struct ols *o, size_t n, struct model_fit *f)
{
    double s2 = o->rss / (double)(n - 2);

    f->tbar = o->tbar;
    f->n_params = 2;
    f->param_names[0] = "a";
    f->param_names[1] = "b";
    f->params[0] = o->a;
    f->params[1] = o->b;
    f->cov[0] = s2 / (double)n;
    f->cov[MODEL_MAX_PARAMS + 1] = s2 / o->sxx;
    f->se[0] = sqrt(f->cov[0]);
    f->se[1] = sqrt(f->cov[MODEL_MAX_PARAMS + 1]);
    f->sigma = sqrt(s2);
    f->state[ST_SXX] = o->sxx;
    f->state[ST_DOF] = (double)(n - 2);
}

static double mean_square(const double *v, size_t n)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        s += v[i] * v[i];
    return s / (double)n;
}

static int linear_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    struct ols ols;

    (void)o;
    ols_fit(d->t, d->y, d->n, false, &ols);
    ols_store(&ols, d->n, f);
    f->loglik = model_gauss_loglik(ols.rss, d->n, mean_square(d->y, d->n));
    f->aicc = model_aicc(f->loglik, 3, d->n);
    return GSL_SUCCESS;
}

static int exp_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    double sumlog = 0.0;
    struct ols ols;
    size_t i;

    (void)o;
    for (i = 0; i < d->n; i++) {
        if (!(d->y[i] > 0.0))
            return GSL_EINVAL;
        sumlog += log(d->y[i]);
    }
    ols_fit(d->t, d->y, d->n, true, &ols);
    ols_store(&ols, d->n, f);
    /* The likelihood of y, not of log y (Jacobian of the log), so AICc compares across models. */
    f->loglik = model_gauss_loglik(ols.rss, d->n, 1.0) - sumlog;
    f->aicc = model_aicc(f->loglik, 3, d->n);
    return GSL_SUCCESS;
}

static int linear_forecast(const struct model_fit *f, size_t h, double *mean)
{
    size_t j;

    for (j = 0; j < h; j++)
        mean[j] = f->params[0] + f->params[1] * (f->t_last + (double)(j + 1) - f->tbar);
    return GSL_SUCCESS;
}

/*
 * The log-normal mean at the estimates, exp(a + b d + sigma^2 / 2).  The
 * parameters' own uncertainty is left out, as for the count models: it
 * belongs to the paths, and backtests score this forecast as a point.
 */
static int exp_forecast(const struct model_fit *f, size_t h, double *mean)
{
    size_t j;

    for (j = 0; j < h; j++) {
        double d = f->t_last + (double)(j + 1) - f->tbar;
        mean[j] = exp(f->params[0] + f->params[1] * d + 0.5 * f->sigma * f->sigma);
    }
    return GSL_SUCCESS;
}

static int linear_fitted(const struct model_fit *f, const struct model_data *d, double *out)
{
    size_t i;

    for (i = 0; i < d->n; i++)
        out[i] = f->params[0] + f->params[1] * (d->t[i] - f->tbar);
    return GSL_SUCCESS;
}

/* The fitted median exp(a + b d) at the observed years. */
static int exp_fitted(const struct model_fit *f, const struct model_data *d, double *out)
{
    size_t i;

    for (i = 0; i < d->n; i++)
        out[i] = exp(f->params[0] + f->params[1] * (d->t[i] - f->tbar));
    return GSL_SUCCESS;
}

static int ols_simulate(const struct model_fit *f, size_t h, size_t npaths, gsl_rng *r,
                        double *paths, bool log_scale)
{
    struct mvn_factor fac;
    double cov[4], beta[2];
    size_t p, j;
    int status;

    model_cov_pack(f->cov, 2, cov);
    status = mvn_factor_init(&fac, cov, f->no_param_uncert ? 0 : 2);
    if (status)
        return status;
    for (p = 0; p < npaths; p++) {
        double s = f->no_param_uncert ? 1.0 : model_sigma_factor(r, f->state[ST_DOF]);
        double *row = paths + p * h;
        size_t k;

        mvn_draw(&fac, f->params, r, beta);
        if (fac.p == 0) {
            beta[0] = f->params[0];
            beta[1] = f->params[1];
        } else {
            for (k = 0; k < 2; k++)
                beta[k] = f->params[k] + s * (beta[k] - f->params[k]);
        }
        for (j = 0; j < h; j++) {
            double d = f->t_last + (double)(j + 1) - f->tbar;
            double v = beta[0] + beta[1] * d + gsl_ran_gaussian_ziggurat(r, s * f->sigma);
            row[j] = log_scale ? exp(v) : v;
        }
    }
    model_paths_constrain(paths, npaths * h, f->nonneg, f->is_count);
    return GSL_SUCCESS;
}

static int linear_simulate(const struct model_fit *f, size_t h, size_t npaths, gsl_rng *r,
                           double *paths)
{
    return ols_simulate(f, h, npaths, r, paths, false);
}

static int exp_simulate(const struct model_fit *f, size_t h, size_t npaths, gsl_rng *r,
                        double *paths)
{
    return ols_simulate(f, h, npaths, r, paths, true);
}

/* ---- logistic and Gompertz ------------------------------------------------- */

enum curve_shape { SHAPE_LOGISTIC, SHAPE_GOMPERTZ };

/*
 * The curve and its derivatives at time offset u = t - t0 for (K, r):
 * d[0] = dy/dK, d[1] = dy/dr, d[2] = dy/dt0.  Written so that no overflow
 * turns into NaN: the logistic through a stable sigmoid, the Gompertz
 * through exp(-z - exp(-z)).
 */
static double curve_eval(enum curve_shape shape, double K, double r, double u, double *d)
{
    double z = r * u;

    if (shape == SHAPE_LOGISTIC) {
        double s = z >= 0.0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
        double ds = s * (1.0 - s);
        if (d) {
            d[0] = s;
            d[1] = K * u * ds;
            d[2] = -K * r * ds;
        }
        return K * s;
    } else {
        double e = exp(-z);                       /* may be +inf */
        double g = exp(-e);                       /* the curve / K */
        double eg = isinf(e) ? 0.0 : exp(-z - e); /* e * g without inf * 0 */
        if (d) {
            d[0] = g;
            d[1] = K * u * eg;
            d[2] = -K * r * eg;
        }
        return K * g;
    }
}

/* The solver's view: x = (K, r, c) with t0 = tbar + c, or (r, c) with K fixed. */
struct curve_problem {
    enum curve_shape shape;
    const double *t, *y;
    size_t n;
    double tbar;
    double fixed_k; /* > 0: K is not a parameter */
    double ymax;    /* largest observation */
};

static void unpack(const struct curve_problem *cp, const double *x, double *K, double *r, double *c)
{
    if (cp->fixed_k > 0.0) {
        *K = cp->fixed_k;
        *r = x[0];
        *c = x[1];
    } else {
        *K = x[0];
        *r = x[1];
        *c = x[2];
    }
}

static int curve_f(const double *x, void *params, double *res)
{
    const struct curve_problem *cp = params;
    double K, r, c;
    size_t i;

    unpack(cp, x, &K, &r, &c);
    /*
     * Far outside anything admissible (see admissible()) the solver is
     * following the curve off to an exponential or a straight line (K and t0
     * running to infinity, r to zero), which takes it hundreds of iterations:
     * stop it there, the fit is rejected anyway.
     */
    if (!(K <= CURVE_ABORT_K_RATIO * cp->ymax) || !(K > 0.0) || !(fabs(c) <= CURVE_ABORT_T0_SPAN))
        return GSL_EDOM;
    for (i = 0; i < cp->n; i++)
        res[i] = curve_eval(cp->shape, K, r, cp->t[i] - cp->tbar - c, NULL) - cp->y[i];
    return GSL_SUCCESS;
}

static int curve_df(const double *x, void *params, double *J)
{
    const struct curve_problem *cp = params;
    double K, r, c, d[3];
    size_t i, p = cp->fixed_k > 0.0 ? 2 : 3;

    unpack(cp, x, &K, &r, &c);
    for (i = 0; i < cp->n; i++) {
        (void)curve_eval(cp->shape, K, r, cp->t[i] - cp->tbar - c, d);
        if (p == 3) {
            J[i * 3 + 0] = d[0];
            J[i * 3 + 1] = d[1];
            J[i * 3 + 2] = d[2];
        } else {
            J[i * 2 + 0] = d[1];
            J[i * 2 + 1] = d[2];
        }
    }
    return GSL_SUCCESS;
}

/* The sum of squares at x, without a residual buffer (a start's quality). */
static double curve_rss(const struct curve_problem *cp, const double *x)
{
    double K, r, c, s = 0.0;
    size_t i;

    unpack(cp, x, &K, &r, &c);
    for (i = 0; i < cp->n; i++) {
        double e = curve_eval(cp->shape, K, r, cp->t[i] - cp->tbar - c, NULL) - cp->y[i];
        s += e * e;
    }
    return isfinite(s) ? s : HUGE_VAL;
}

/* Running sums of a least-squares line y = a + b x. */
struct line_sums {
    double m, sx, sy, sxx, sxy; /* points, sums of x, y, x^2, x y */
};

static void line_add(struct line_sums *l, double x, double y)
{
    l->sx += x;
    l->sy += y;
    l->sxx += x * x;
    l->sxy += x * y;
    l->m += 1.0;
}

/* The slope *b and intercept *a; false with fewer than two points or no spread in x. */
static bool line_solve(const struct line_sums *l, double *b, double *a)
{
    double d = l->m * l->sxx - l->sx * l->sx;

    if (l->m < 2.0 || !(d > 0.0))
        return false;
    *b = (l->m * l->sxy - l->sx * l->sy) / d;
    *a = (l->sy - *b * l->sx) / l->m;
    return true;
}

/*
 * r and c (t0 - tbar) for a given K from the linearised curve:
 * logistic log(y / (K - y)) = r (t - t0); Gompertz -log(-log(y / K)) = r (t - t0).
 * Uses the points with 0 < y < K; returns false if fewer than two, or r <= 0.
 */
static bool linearise(const struct curve_problem *cp, double K, double *r, double *c)
{
    struct line_sums l = {0};
    double icpt;
    size_t i;

    for (i = 0; i < cp->n; i++) {
        double y = cp->y[i], u = cp->t[i] - cp->tbar;
        if (!(y > 0.0) || !(y < K))
            continue;
        line_add(&l, u, cp->shape == SHAPE_LOGISTIC ? log(y / (K - y)) : -log(-log(y / K)));
    }
    if (!line_solve(&l, r, &icpt) || !(*r > 0.0) || !isfinite(*r))
        return false;
    /* z = r u - r c  =>  c = -(intercept) / r */
    *c = -icpt / *r;
    return isfinite(*c);
}

/*
 * The capacity implied by the curvature: regress the relative growth
 * g = (y_{i+1} - y_i) / (dt * ybar_i) on ybar (logistic: g = r - (r/K) y) or
 * on log ybar (Gompertz: g = r log K - r log y).  0 if it does not decelerate.
 */
static double curvature_k(const struct curve_problem *cp)
{
    struct line_sums l = {0};
    double slope, icpt;
    size_t i;

    for (i = 0; i + 1 < cp->n; i++) {
        double ym = 0.5 * (cp->y[i] + cp->y[i + 1]), dt = cp->t[i + 1] - cp->t[i];
        if (!(cp->y[i] > 0.0) || !(cp->y[i + 1] > 0.0))
            continue;
        line_add(&l, cp->shape == SHAPE_LOGISTIC ? ym : log(ym),
                 (cp->y[i + 1] - cp->y[i]) / (dt * ym));
    }
    if (!line_solve(&l, &slope, &icpt) || !(slope < 0.0) || !(icpt > 0.0))
        return 0.0;
    if (cp->shape == SHAPE_LOGISTIC)
        return -icpt / slope;
    return exp(icpt / -slope) < HUGE_VAL ? exp(icpt / -slope) : 0.0;
}

static double max_of(const double *v, size_t n)
{
    double m = v[0];
    size_t i;

    for (i = 1; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

/* Is (K, r, c) a curve the engine should use? */
static bool admissible(double K, double r, double c, double ymax)
{
    return K > 0.5 * ymax && K <= CURVE_MAX_K_RATIO * ymax && r > 0.0 && r <= CURVE_MAX_RATE &&
           fabs(c) <= CURVE_MAX_T0_SPAN;
}

static int curve_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f,
                     enum curve_shape shape)
{
    static const double k_mult[] = {1.02, 1.1, 1.3, 1.7, 2.5, 4.0};
    struct curve_problem cp;
    struct nlls_result res, best;
    double starts[CURVE_MAX_STARTS][3], kcand[1 + sizeof k_mult / sizeof k_mult[0]];
    double start_rss[CURVE_MAX_STARTS];
    size_t order[CURVE_MAX_STARTS];
    double ymax = max_of(d->y, d->n);
    size_t nk = 0, ns = 0, i, p;
    bool have = false;
    int status, last = GSL_EDOM;

    if (!(ymax > 0.0))
        return GSL_EINVAL; /* a growth curve needs a positive level */
    if (o->capacity > 0.0 && !(o->capacity >= ymax))
        return GSL_EINVAL; /* a fixed capacity below the data cannot be fitted */
    cp.shape = shape;
    cp.t = d->t;
    cp.y = d->y;
    cp.n = d->n;
    cp.tbar = model_mean(d->t, d->n);
    cp.fixed_k = o->capacity > 0.0 ? o->capacity : 0.0;
    cp.ymax = ymax;
    p = cp.fixed_k > 0.0 ? 2 : 3;

    /* Candidate capacities: the given one, or the curvature's and multiples of the maximum. */
    if (cp.fixed_k > 0.0) {
        kcand[nk++] = cp.fixed_k;
    } else {
        double kc = curvature_k(&cp);
        if (kc > 1.01 * ymax && kc <= CURVE_MAX_K_RATIO * ymax)
            kcand[nk++] = kc;
        for (i = 0; i < sizeof k_mult / sizeof k_mult[0]; i++)
            kcand[nk++] = k_mult[i] * ymax;
    }
    for (i = 0; i < nk && ns < CURVE_MAX_STARTS; i++) {
        double r, c;
        if (!linearise(&cp, kcand[i], &r, &c))
            continue;
        if (r > CURVE_MAX_RATE)
            r = CURVE_MAX_RATE;
        if (p == 3) {
            starts[ns][0] = kcand[i];
            starts[ns][1] = r;
            starts[ns][2] = c;
        } else {
            starts[ns][0] = r;
            starts[ns][1] = c;
        }
        ns++;
    }
    if (ns == 0)
        return GSL_EDOM; /* no start: e.g. a flat or falling series */

    /*
     * Solve from the starts in order of their own sum of squares: the best
     * CURVE_GOOD_STARTS of them, and the others only if none of those gave
     * an admissible fit.
     */
    for (i = 0; i < ns; i++) {
        start_rss[i] = curve_rss(&cp, starts[i]);
        order[i] = i;
    }
    for (i = 1; i < ns; i++) { /* insertion sort, ns is tiny */
        size_t j = i, v = order[i];
        for (; j > 0 && start_rss[order[j - 1]] > start_rss[v]; j--)
            order[j] = order[j - 1];
        order[j] = v;
    }
    memset(&best, 0, sizeof best);
    for (i = 0; i < ns; i++) {
        struct nlls_problem prob = {d->n, p, curve_f, curve_df, &cp};
        double K, r, c;
        size_t k;
        bool ok = true;

        if (i == CURVE_GOOD_STARTS && have)
            break;

        status = nlls_solve(&prob, starts[order[i]], CURVE_MAX_ITER, &res);
        if (status) {
            last = status;
            continue;
        }
        unpack(&cp, res.x, &K, &r, &c);
        for (k = 0; k < p; k++)
            if (!(res.se[k] > 0.0) || !isfinite(res.se[k]))
                ok = false; /* a direction the data do not determine */
        /*
         * A capacity or rate whose standard error exceeds the estimate itself, or
         * a t0 uncertain by more than CURVE_MAX_T0_SPAN years, is not determined
         * by the data (e.g. a step fitted to one huge jump).
         */
        if (p == 3 && !(res.se[0] <= K))
            ok = false;
        if (!(res.se[p - 2] <= r) || !(res.se[p - 1] <= CURVE_MAX_T0_SPAN))
            ok = false;
        if (!admissible(K, r, c, ymax) || !ok) {
            last = GSL_EDOM;
            continue;
        }
        if (!have || res.rss < best.rss) {
            best = res;
            have = true;
        }
    }
    if (!have)
        return last;

    /* Report (K, r, t0): t0 = tbar + c has the same covariance as c. */
    {
        double K, r, c, s2;
        size_t a, b;
        size_t map[3]; /* model parameter index of each solver parameter */

        unpack(&cp, best.x, &K, &r, &c);
        f->tbar = cp.tbar;
        f->n_params = 3;
        f->param_names[0] = "K";
        f->param_names[1] = "r";
        f->param_names[2] = "t0";
        f->params[0] = K;
        f->params[1] = r;
        f->params[2] = cp.tbar + c;
        map[0] = p == 3 ? 0 : 1;
        map[1] = p == 3 ? 1 : 2;
        map[2] = 2;
        for (a = 0; a < p; a++)
            for (b = 0; b < p; b++)
                f->cov[map[a] * MODEL_MAX_PARAMS + map[b]] = best.cov[a * p + b];
        for (a = 0; a < 3; a++) {
            double v = f->cov[a * MODEL_MAX_PARAMS + a];
            f->se[a] = v > 0.0 ? sqrt(v) : 0.0;
        }
        s2 = d->n > p ? best.rss / (double)(d->n - p) : 0.0;
        f->sigma = sqrt(s2);
        f->loglik = model_gauss_loglik(best.rss, d->n, mean_square(d->y, d->n));
        f->aicc = model_aicc(f->loglik, p + 1, d->n);
        f->state[ST_DOF] = (double)(d->n - p);
        f->state[ST_FIXK] = cp.fixed_k > 0.0 ? 1.0 : 0.0;
    }
    return GSL_SUCCESS;
}

static enum curve_shape shape_of(const struct model_fit *f)
{
    return f->kind == MODEL_GOMPERTZ ? SHAPE_GOMPERTZ : SHAPE_LOGISTIC;
}

static int logistic_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    return curve_fit(d, o, f, SHAPE_LOGISTIC);
}

static int gompertz_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    return curve_fit(d, o, f, SHAPE_GOMPERTZ);
}

static int curve_forecast(const struct model_fit *f, size_t h, double *mean)
{
    size_t j;

    for (j = 0; j < h; j++)
        mean[j] = curve_eval(shape_of(f), f->params[0], f->params[1],
                             f->t_last + (double)(j + 1) - f->params[2], NULL);
    return GSL_SUCCESS;
}

static int curve_fitted(const struct model_fit *f, const struct model_data *d, double *out)
{
    size_t i;

    for (i = 0; i < d->n; i++)
        out[i] = curve_eval(shape_of(f), f->params[0], f->params[1], d->t[i] - f->params[2], NULL);
    return GSL_SUCCESS;
}

/*
 * Paths: per path a sigma factor s, then (K, r, t0) from N(estimate, s^2 cov)
 * redrawn until admissible (K > 0, r > 0; after CURVE_MAX_DRAWS failures the
 * estimate itself), then the curve plus N(0, (s sigma)^2) noise each year.
 */
static int curve_simulate(const struct model_fit *f, size_t h, size_t npaths, gsl_rng *r,
                          double *paths)
{
    struct mvn_factor fac;
    double cov[9], sub[9], mean[3], x[3];
    size_t first = f->state[ST_FIXK] > 0.0 ? 1 : 0, q = 3 - first, a, b, p, j;
    int status;

    model_cov_pack(f->cov, 3, cov);
    for (a = 0; a < q; a++) {
        mean[a] = f->params[first + a];
        for (b = 0; b < q; b++)
            sub[a * q + b] = cov[(first + a) * 3 + first + b];
    }
    status = mvn_factor_init(&fac, sub, f->no_param_uncert ? 0 : q);
    if (status)
        return status;
    for (p = 0; p < npaths; p++) {
        double s = f->no_param_uncert ? 1.0 : model_sigma_factor(r, f->state[ST_DOF]);
        double K = f->params[0], rate = f->params[1], t0 = f->params[2];
        double *row = paths + p * h;
        size_t tries;

        for (tries = 0; fac.p > 0 && tries < CURVE_MAX_DRAWS; tries++) {
            mvn_draw(&fac, mean, r, x);
            for (a = 0; a < q; a++)
                x[a] = mean[a] + s * (x[a] - mean[a]);
            if (first == 0 && !(x[0] > 0.0))
                continue;
            if (!(x[1 - first] > 0.0))
                continue;
            if (first == 0)
                K = x[0];
            rate = x[1 - first];
            t0 = x[2 - first];
            break;
        }
        for (j = 0; j < h; j++) {
            double u = f->t_last + (double)(j + 1) - t0;
            row[j] = curve_eval(shape_of(f), K, rate, u, NULL) +
                     gsl_ran_gaussian_ziggurat(r, s * f->sigma);
        }
    }
    model_paths_constrain(paths, npaths * h, f->nonneg, f->is_count);
    return GSL_SUCCESS;
}

const struct model_ops model_linear_ops = {
    3, linear_fit, linear_forecast, linear_fitted, linear_simulate, false,
};

const struct model_ops model_exp_ops = {
    3, exp_fit, exp_forecast, exp_fitted, exp_simulate, false,
};

const struct model_ops model_logistic_ops = {
    5, logistic_fit, curve_forecast, curve_fitted, curve_simulate, false,
};

const struct model_ops model_gompertz_ops = {
    5, gompertz_fit, curve_forecast, curve_fitted, curve_simulate, false,
};
