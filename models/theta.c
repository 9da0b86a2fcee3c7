/*
 * models/theta.c -- the Theta method with the theta coefficient optimised,
 * in the dynamic form of Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler
 * (2016, IJF 32, "Models for optimising the theta method and their
 * relationship to state space models", DOTM).
 *
 * The forecast of the theta method from origin s, with the linear trend
 * A_s + B_s i fitted by OLS to y_1..y_s and SES on the series itself, is
 *
 *   yhat_s(h) = l_s + w B_s (h - 1 + (1 - q^(s+1)) / alpha),  w = 1 - 1/theta, q = 1 - alpha,
 *   l_s = alpha y_s + q l_{s-1},                             (l_0 a parameter)
 *
 * (derived from yhat = w LRL + (1 - w) SES(Z), Z = theta y + (1 - theta) LRL,
 * with the SES of Z started at theta l_0 + (1 - theta) A_s; for theta = 2,
 * w = 1/2, this is SES with drift B/2, Hyndman & Billah 2003).  "Dynamic":
 * the one-step fits use the trend of the data up to each origin, updated
 * online.  theta (>= 1), alpha and l_0 minimise the in-sample one-step sum
 * of squares.  For fixed alpha the errors are affine in (l_0, w), so those
 * two come from a 2x2 least-squares solve (w clamped to [0, W_MAX]) and only
 * alpha is searched (grid, then golden section).
 *
 * Paths run the same recursion forward with the slope B_n drawn from its OLS
 * sampling distribution, N(B_n, s^2 / Sxx) (the parameter uncertainty that
 * drives the long-horizon spread), plus the Gaussian one-step noise.
 * Missing years are filled by linear interpolation (smooth_grid.c).
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "internal.h"
#include "model_impl.h"
#include "smooth.h"

#define ALPHA_LO 0.01
#define ALPHA_HI 0.99
#define W_MAX 0.9 /* theta <= 10 */

enum { P_THETA, P_ALPHA, P_L0, P_SLOPE, N_PAR };
enum { ST_L, ST_B, ST_S, ST_SEB }; /* state[]: l_n, B_n, steps seen n, se(B_n) */

static const char *const par_names[N_PAR] = {"theta", "alpha", "l0", "slope"};

/* Online OLS slope and mean of y_1..y_t (t counted from 1). */
struct trend {
    double mean, slope;
    size_t t;
};

static void trend_push(struct trend *tr, double y)
{
    double t = (double)(tr->t + 1), prev_mean = tr->mean;

    tr->t++;
    if (tr->t == 1) {
        tr->mean = y;
        tr->slope = 0;
        return;
    }
    /* B_t = ((t - 2) B_{t-1} + 6 (y_t - ybar_{t-1}) / t) / (t + 1) */
    tr->slope = ((t - 2) * tr->slope + 6.0 * (y - prev_mean) / t) / (t + 1);
    tr->mean = prev_mean + (y - prev_mean) / t;
}

/* Sums for the 2x2 solve in (l0, w): e_t = r_t - a_t l0 - g_t w. */
struct tsums {
    double rr, aa, gg, ag, ar, gr;
};

/* The online slopes: slope[t] = B after y_1..y_t (slope[0] = 0), t = 0..m-1. */
static void trend_slopes(const double *y, size_t m, double *slope)
{
    struct trend tr = {0, 0, 0};
    size_t t;

    for (t = 0; t < m; t++) {
        slope[t] = tr.slope;
        trend_push(&tr, y[t]);
    }
}

static void theta_sums(const double *y, const double *slope, size_t m, double alpha,
                       struct tsums *s)
{
    double q = 1 - alpha, l = 0, qt = 1; /* l: SES from l0 = 0; qt = q^(t-1) */
    size_t t;

    memset(s, 0, sizeof *s);
    for (t = 0; t < m; t++) {
        /* origin s = t (0-based count of points seen) */
        double k = (1 - qt * q) / alpha; /* (1 - q^(s+1)) / alpha */
        double g = slope[t] * k, r = y[t] - l;
        s->rr += r * r;
        s->aa += qt * qt;
        s->gg += g * g;
        s->ag += qt * g;
        s->ar += qt * r;
        s->gr += g * r;
        l = alpha * y[t] + q * l;
        qt *= q;
    }
}

/* Minimise over (l0, w in [0, W_MAX]); returns the SSE. */
static double theta_solve(const struct tsums *s, double *l0, double *w)
{
    double det = s->aa * s->gg - s->ag * s->ag, sse, cand[3];
    size_t i;

    *w = -1;
    if (det > 1e-12 * s->aa * s->gg && s->gg > 0) {
        *l0 = (s->gg * s->ar - s->ag * s->gr) / det;
        *w = (s->aa * s->gr - s->ag * s->ar) / det;
    }
    if (!(*w >= 0 && *w <= W_MAX)) {
        /* The optimum is on an edge: best of w = 0 and w = W_MAX. */
        double best = INFINITY;
        cand[0] = 0;
        cand[1] = W_MAX;
        cand[2] = *w;
        for (i = 0; i < 2; i++) {
            double wl = cand[i], l = s->aa > 0 ? (s->ar - wl * s->ag) / s->aa : 0;
            double v = s->rr + l * l * s->aa + wl * wl * s->gg - 2 * l * s->ar - 2 * wl * s->gr +
                       2 * l * wl * s->ag;
            if (v < best) {
                best = v;
                *l0 = l;
                *w = wl;
            }
        }
        return best > 0 ? best : 0;
    }
    sse = s->rr - (*l0 * s->ar + *w * s->gr);
    return sse > 0 ? sse : 0;
}

static double sse_at(const double *y, const double *slope, size_t m, double alpha, double *l0,
                     double *w)
{
    struct tsums s;

    theta_sums(y, slope, m, alpha, &s);
    return theta_solve(&s, l0, w);
}

/*
 * The fit proper.  fixed == NULL: estimate everything.  Otherwise fixed
 * holds (theta, alpha), kept as they are, and only l0, sigma and the final
 * state are re-estimated (the cheap refit at the rolling origins of select.c).
 */
static int theta_fit_core(const struct model_data *d, const double *fixed, struct model_fit *f)
{
    double y[SMOOTH_MAX_N], slope[SMOOTH_MAX_N], best_a = 0.5, best = INFINITY, l0, w, sse, a, b, c,
                                                 x1, x2, f1, f2;
    double ymean = 0, yvar = 0, sxx = 0, sres = 0, s2;
    const double gr = 0.6180339887498949;
    struct trend tr = {0, 0, 0};
    size_t m, i, g;
    int status;

    status = smooth_grid_trended(d, y, &m, &ymean, &yvar);
    if (status)
        return status;
    trend_slopes(y, m, slope);

    if (fixed) {
        struct tsums ts;
        c = fixed[1];
        w = 1.0 - 1.0 / fixed[0];
        theta_sums(y, slope, m, c, &ts);
        l0 = ts.aa > 0 ? (ts.ar - w * ts.ag) / ts.aa : 0;
        sse = ts.rr + l0 * l0 * ts.aa + w * w * ts.gg - 2 * l0 * ts.ar - 2 * w * ts.gr +
              2 * l0 * w * ts.ag;
        sse = sse > 0 ? sse : 0;
        goto estimated;
    }
    /* Coarse grid on alpha, then golden section around the best point. */
    for (g = 0; g <= 10; g++) {
        double al = ALPHA_LO + (ALPHA_HI - ALPHA_LO) * (double)g / 10.0;
        double v = sse_at(y, slope, m, al, &l0, &w);
        if (v < best) {
            best = v;
            best_a = al;
        }
    }
    a = fmax(ALPHA_LO, best_a - 0.098);
    b = fmin(ALPHA_HI, best_a + 0.098);
    x1 = b - gr * (b - a);
    x2 = a + gr * (b - a);
    f1 = sse_at(y, slope, m, x1, &l0, &w);
    f2 = sse_at(y, slope, m, x2, &l0, &w);
    for (g = 0; g < 25; g++) {
        if (f1 < f2) {
            b = x2, x2 = x1, f2 = f1;
            x1 = b - gr * (b - a);
            f1 = sse_at(y, slope, m, x1, &l0, &w);
        } else {
            a = x1, x1 = x2, f1 = f2;
            x2 = a + gr * (b - a);
            f2 = sse_at(y, slope, m, x2, &l0, &w);
        }
    }
    c = f1 < f2 ? x1 : x2;
    if (fmin(f1, f2) > best)
        c = best_a;
    sse = sse_at(y, slope, m, c, &l0, &w);

estimated:
    /* Final state: the SES level and the OLS slope of the whole grid. */
    {
        double l = l0, q = 1 - c;
        for (i = 0; i < m; i++) {
            l = c * y[i] + q * l;
            trend_push(&tr, y[i]);
        }
        f->state[ST_L] = l;
        f->state[ST_B] = tr.slope;
        f->state[ST_S] = (double)m;
    }
    for (i = 0; i < m; i++) {
        double x = (double)i - (double)(m - 1) / 2.0;
        double r = y[i] - (tr.mean + tr.slope * x);
        sxx += x * x;
        sres += r * r;
    }
    f->state[ST_SEB] = m > 2 ? sqrt(sres / (double)(m - 2) / sxx) : 0;

    s2 = sse / (double)(m > 4 ? m - 3 : m);
    f->n_params = N_PAR;
    for (i = 0; i < N_PAR; i++)
        f->param_names[i] = par_names[i];
    f->params[P_THETA] = 1.0 / (1.0 - w);
    f->params[P_ALPHA] = c;
    f->params[P_L0] = l0;
    f->params[P_SLOPE] = tr.slope;
    f->se[P_SLOPE] = f->state[ST_SEB];
    f->cov[P_SLOPE * MODEL_MAX_PARAMS + P_SLOPE] = f->se[P_SLOPE] * f->se[P_SLOPE];
    f->sigma = sqrt(s2);
    f->loglik = model_gauss_loglik(sse, m, yvar + ymean * ymean);
    f->aicc = model_aicc(f->loglik, 4, m);
    return GSL_SUCCESS;
}

static int theta_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    (void)o;
    return theta_fit_core(d, NULL, f);
}

int model_theta_refit(const struct model_data *d, const struct model_opts *o,
                      const struct model_fit *ref, struct model_fit *f)
{
    (void)o;
    return theta_fit_core(d, ref->params, f);
}

static double weight_of(const struct model_fit *f)
{
    return 1.0 - 1.0 / f->params[P_THETA];
}

static int theta_forecast(const struct model_fit *f, size_t h, double *mean)
{
    double alpha = f->params[P_ALPHA], q = 1 - alpha, w = weight_of(f);
    double k = (1 - pow(q, f->state[ST_S] + 1)) / alpha;
    size_t j;

    for (j = 0; j < h; j++)
        mean[j] = f->state[ST_L] + w * f->state[ST_B] * ((double)j + k);
    return GSL_SUCCESS;
}

static int theta_fitted(const struct model_fit *f, const struct model_data *d, double *out)
{
    double y[SMOOTH_MAX_N], yh[SMOOTH_MAX_N];
    double alpha = f->params[P_ALPHA], q = 1 - alpha, w = weight_of(f), l = f->params[P_L0];
    double qt = 1;
    struct trend tr = {0, 0, 0};
    size_t m, t;
    int status = smooth_grid(d, y, &m, NULL);

    if (status)
        return status;
    for (t = 0; t < m; t++) {
        yh[t] = l + w * tr.slope * (1 - qt * q) / alpha;
        l = alpha * y[t] + q * l;
        qt *= q;
        trend_push(&tr, y[t]);
    }
    smooth_grid_fitted(d, m, yh, out);
    return GSL_SUCCESS;
}

static int theta_simulate(const struct model_fit *f, size_t h, size_t npaths, gsl_rng *r,
                          double *paths)
{
    double alpha = f->params[P_ALPHA], q = 1 - alpha, w = weight_of(f);
    double k0 = (1 - pow(q, f->state[ST_S] + 1)) / alpha;
    size_t p, j;

    /* Antithetic pairs (model_simulate): path p + 1 takes path p's draws negated. */
    for (p = 0; p < npaths; p += 2) {
        double *mirror = p + 1 < npaths ? paths + (p + 1) * h : NULL;
        double db = 0, b, bm, l = f->state[ST_L], lm = f->state[ST_L], k = k0;
        if (!f->no_param_uncert)
            db = gsl_ran_gaussian_ziggurat(r, f->state[ST_SEB]);
        b = f->state[ST_B] + db;
        bm = f->state[ST_B] - db;
        for (j = 0; j < h; j++) {
            double e = gsl_ran_gaussian_ziggurat(r, f->sigma);
            double yv = l + w * b * k + e, ym = lm + w * bm * k - e;
            paths[p * h + j] = yv;
            l = alpha * yv + q * l;
            if (mirror) {
                mirror[j] = ym;
                lm = alpha * ym + q * lm;
            }
            k = 1 + q * k; /* (1 - q^(s+2)) / alpha from (1 - q^(s+1)) / alpha */
        }
    }
    model_paths_constrain(paths, npaths * h, f->nonneg, f->is_count);
    return GSL_SUCCESS;
}

int model_theta_sd(const struct model_fit *f, size_t h, double *sd)
{
    double alpha, q, w, k;
    size_t j;

    if (f->kind != MODEL_THETA)
        return GSL_EINVAL;
    alpha = f->params[P_ALPHA];
    q = 1 - alpha;
    w = weight_of(f);
    k = (1 - pow(q, f->state[ST_S] + 1)) / alpha;
    for (j = 1; j <= h; j++) {
        double v = f->sigma * f->sigma * (1 + (double)(j - 1) * alpha * alpha);
        if (!f->no_param_uncert) {
            double sb = w * f->state[ST_SEB] * ((double)j - 1 + k);
            v += sb * sb;
        }
        sd[j - 1] = sqrt(v);
    }
    return GSL_SUCCESS;
}

const struct model_ops model_theta_ops = {
    4, theta_fit, theta_forecast, theta_fitted, theta_simulate, true,
};
