/*
 * models/damped.c -- damped-trend exponential smoothing, ETS(A,Ad,N) and
 * ETS(M,Ad,N) (Hyndman, Koehler, Ord & Snyder 2008, ch. 2 and 7):
 *
 *   yhat_t = l_{t-1} + phi b_{t-1}
 *   additive error:        e_t = y_t - yhat_t
 *                          l_t = yhat_t + alpha e_t,      b_t = phi b_{t-1} + beta e_t
 *   multiplicative error:  e_t = (y_t - yhat_t) / yhat_t
 *                          l_t = yhat_t (1 + alpha e_t),  b_t = phi b_{t-1} + beta yhat_t e_t
 *
 * Parameters by maximum likelihood, bounds as in R forecast's ets():
 * 1e-4 <= alpha <= 0.9999, 1e-4 <= beta <= alpha, 0.8 <= phi <= 0.98.
 *
 * In the additive form the one-step errors are affine in the initial states
 * (l0, b0) once (alpha, beta, phi) are fixed, so (l0, b0) are profiled out
 * exactly by a 2x2 least-squares solve and Nelder-Mead (gsl_multimin) only
 * searches the three smoothing parameters, on sine-transformed scales
 * that keep them inside their bounds.  The multiplicative form starts from
 * the additive optimum and searches all five.
 *
 * Parameter uncertainty in the paths: conditional on the smoothing
 * parameters the model is linear-Gaussian, so the final state (l_n, b_n) is
 * an affine function of (l0, b0), whose LS covariance is sigma^2 (C'C)^-1;
 * the paths start from (l_n, b_n) drawn with that covariance.  The
 * uncertainty of alpha, beta, phi themselves is left to the calibration of
 * select.c (it matters little next to the state and noise, and a numerical
 * Hessian at a bound is unreliable); their standard errors are reported from
 * a numerical Hessian where it is positive definite, else 0.
 *
 * Missing years are filled by linear interpolation (smooth_grid.c).
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>

#include "internal.h"
#include "model_impl.h"
#include "smooth.h"

#define ALPHA_LO 1e-4
#define ALPHA_HI 0.9999
#define PHI_LO 0.8
#define PHI_HI 0.98
#define MAX_ITER 60 /* Nelder-Mead iterations per 3 parameters */

enum { P_ALPHA, P_BETA, P_PHI, P_L0, P_B0, N_PAR };
enum { ST_L, ST_B, ST_VLL, ST_VLB, ST_VBB }; /* state[] layout */

static const char *const par_names[N_PAR] = {"alpha", "beta", "phi", "l0", "b0"};

/*
 * Bounded parameters on an unbounded scale for Nelder-Mead: p = (1 + sin u) / 2
 * maps every real u into [0, 1] and reaches both ends at finite u, so an
 * optimum on a bound (common: alpha -> 1e-4 for a nearly deterministic
 * trend) is found exactly instead of being chased towards infinity.
 */
static double unit_of(double u)
{
    return 0.5 * (1.0 + sin(u));
}

static double arg_of(double p)
{
    return asin(fmin(fmax(2.0 * p - 1.0, -1.0), 1.0));
}

/* Transformed (u1,u2,u3) -> (alpha, beta, phi) inside the bounds. */
static void untransform(const double *u, double *alpha, double *beta, double *phi)
{
    *alpha = ALPHA_LO + (ALPHA_HI - ALPHA_LO) * unit_of(u[0]);
    *beta = ALPHA_LO + (*alpha - ALPHA_LO) * unit_of(u[1]);
    *phi = PHI_LO + (PHI_HI - PHI_LO) * unit_of(u[2]);
}

static void transform(double alpha, double beta, double phi, double *u)
{
    double pa = (alpha - ALPHA_LO) / (ALPHA_HI - ALPHA_LO);
    double pb = (beta - ALPHA_LO) / (alpha - ALPHA_LO);
    double pp = (phi - PHI_LO) / (PHI_HI - PHI_LO);

    u[0] = arg_of(pa);
    u[1] = arg_of(pb);
    u[2] = arg_of(pp);
}

/* The additive filter's sufficient statistics for profiling (l0, b0). */
struct afilter {
    double s_ee, s_11, s_22, s_12, s_1e, s_2e; /* sums over t of e0^2, c1^2, ... */
    double l0n, b0n;                           /* final state from (l0,b0) = (0,0) */
    double d[4];                               /* d(l_n, b_n) / d(l0, b0), row-major */
};

/*
 * Run the additive recursion three ways at once: from (0,0), and the
 * sensitivities to l0 and b0.  e_t = e0_t - c1_t l0 - c2_t b0.
 */
static void afilter_run(const double *y, size_t m, double alpha, double beta, double phi,
                        struct afilter *a)
{
    double l = 0, b = 0, l1 = 1, b1 = 0, l2 = 0, b2 = 1;
    size_t t;

    memset(a, 0, sizeof *a);
    for (t = 0; t < m; t++) {
        double yh = l + phi * b, e = y[t] - yh;
        double c1 = l1 + phi * b1, c2 = l2 + phi * b2;
        a->s_ee += e * e;
        a->s_11 += c1 * c1;
        a->s_22 += c2 * c2;
        a->s_12 += c1 * c2;
        a->s_1e += c1 * e;
        a->s_2e += c2 * e;
        l = yh + alpha * e;
        b = phi * b + beta * e;
        /* sensitivities: e_s = -c_s */
        l1 = (1 - alpha) * c1;
        b1 = phi * b1 - beta * c1;
        l2 = (1 - alpha) * c2;
        b2 = phi * b2 - beta * c2;
    }
    a->l0n = l;
    a->b0n = b;
    a->d[0] = l1;
    a->d[1] = l2;
    a->d[2] = b1;
    a->d[3] = b2;
}

/* Profile (l0, b0): the 2x2 normal equations, with a tiny ridge for safety. */
static double afilter_solve(const struct afilter *a, double *l0, double *b0, double *inv)
{
    double ridge = 1e-10 * (a->s_11 + a->s_22);
    double p = a->s_11 + ridge, q = a->s_12, r = a->s_22 + ridge;
    double det = p * r - q * q, sse;

    if (!(det > 0)) {
        *l0 = *b0 = 0;
        if (inv)
            inv[0] = inv[1] = inv[2] = inv[3] = 0;
        return a->s_ee;
    }
    *l0 = (r * a->s_1e - q * a->s_2e) / det;
    *b0 = (p * a->s_2e - q * a->s_1e) / det;
    if (inv) {
        inv[0] = r / det;
        inv[1] = inv[2] = -q / det;
        inv[3] = p / det;
    }
    sse = a->s_ee - (*l0 * a->s_1e + *b0 * a->s_2e);
    return sse > 0 ? sse : 0;
}

static double additive_direct_sse(const double *y, size_t m, double alpha, double beta, double phi,
                                  double l, double b)
{
    double sse = 0;
    size_t t;

    for (t = 0; t < m; t++) {
        double yh = l + phi * b, e = y[t] - yh;
        sse += e * e;
        l = yh + alpha * e;
        b = phi * b + beta * e;
    }
    return sse;
}

struct dparams {
    const double *y;
    size_t m;
    double floor; /* smallest SSE considered, keeps log() finite */
};

static double additive_objective(const gsl_vector *v, void *params)
{
    const struct dparams *dp = params;
    double alpha, beta, phi, l0, b0;
    struct afilter a;

    untransform(v->data, &alpha, &beta, &phi);
    afilter_run(dp->y, dp->m, alpha, beta, phi, &a);
    return log(fmax(afilter_solve(&a, &l0, &b0, NULL), dp->floor));
}

/* Additive concentrated SSE at natural (alpha,beta,phi); used for the Hessian. */
static double additive_sse(const struct dparams *dp, double alpha, double beta, double phi)
{
    struct afilter a;
    double l0, b0;

    afilter_run(dp->y, dp->m, alpha, beta, phi, &a);
    return fmax(afilter_solve(&a, &l0, &b0, NULL), dp->floor);
}

/* Multiplicative: -loglik up to constants, parameters (u1,u2,u3,l0/s,b0/s). */
struct mparams {
    const double *y;
    size_t m;
    double scale;
};

static double mult_run(const double *y, size_t m, double alpha, double beta, double phi, double l,
                       double b, double *sum_log, double *l_end, double *b_end)
{
    double see = 0;
    size_t t;

    *sum_log = 0;
    for (t = 0; t < m; t++) {
        double yh = l + phi * b, e;
        if (!(yh > 0))
            return -1;
        e = (y[t] - yh) / yh;
        see += e * e;
        *sum_log += log(yh);
        l = yh * (1 + alpha * e);
        b = phi * b + beta * yh * e;
    }
    if (l_end) {
        *l_end = l;
        *b_end = b;
    }
    return see;
}

static double mult_objective(const gsl_vector *v, void *params)
{
    const struct mparams *mp = params;
    double alpha, beta, phi, sl, see;

    untransform(v->data, &alpha, &beta, &phi);
    see = mult_run(mp->y, mp->m, alpha, beta, phi, v->data[3] * mp->scale, v->data[4] * mp->scale,
                   &sl, NULL, NULL);
    if (see < 0 || !isfinite(see))
        return 1e300;
    return 0.5 * (double)mp->m * log(fmax(see, 1e-300)) + sl;
}

static int nm_minimise(gsl_multimin_function *fn, double *x, const double *step, size_t dim)
{
    const gsl_multimin_fminimizer_type *T = gsl_multimin_fminimizer_nmsimplex2;
    gsl_multimin_fminimizer *s = NULL;
    gsl_vector_view xv = gsl_vector_view_array(x, dim);
    gsl_vector_const_view sv = gsl_vector_const_view_array(step, dim);
    size_t iter = 0;
    int status;

    s = gsl_multimin_fminimizer_alloc(T, dim);
    if (!s)
        return GSL_ENOMEM;
    status = gsl_multimin_fminimizer_set(s, fn, &xv.vector, &sv.vector);
    while (status == GSL_SUCCESS && iter++ < MAX_ITER * dim / 3) {
        status = gsl_multimin_fminimizer_iterate(s);
        if (status)
            break;
        status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-3);
        if (status == GSL_SUCCESS)
            break;
        status = GSL_SUCCESS;
    }
    /* Not converged within MAX_ITER still leaves the best vertex: use it. */
    if (status == GSL_CONTINUE)
        status = GSL_SUCCESS;
    if (status == GSL_SUCCESS)
        memcpy(x, s->x->data, dim * sizeof *x);
    gsl_multimin_fminimizer_free(s);
    return status;
}

/*
 * Standard errors of alpha, beta, phi from a central-difference Hessian of
 * the concentrated negative log-likelihood (m/2) log SSE.  Left at 0 when a
 * parameter sits at a bound or the Hessian is not positive definite.
 */
static void smoothing_se(const struct dparams *dp, const double *par, double *se)
{
    double h[3] = {1e-4, 1e-4, 1e-4}, H[9], f0, x[3];
    double lo[3] = {ALPHA_LO, ALPHA_LO, PHI_LO}, hi[3] = {ALPHA_HI, par[P_ALPHA], PHI_HI};
    size_t i, j;

#define NLL(a, b, p) (0.5 * (double)dp->m * log(additive_sse(dp, (a), (b), (p))))
    se[0] = se[1] = se[2] = 0;
    for (i = 0; i < 3; i++)
        if (par[i] - 2 * h[i] < lo[i] || par[i] + 2 * h[i] > hi[i])
            return;
    f0 = NLL(par[0], par[1], par[2]);
    for (i = 0; i < 3; i++) {
        for (j = i; j < 3; j++) {
            double fpp, fpm, fmp, fmm;
            memcpy(x, par, sizeof x);
            if (i == j) {
                x[i] = par[i] + h[i];
                fpp = NLL(x[0], x[1], x[2]);
                x[i] = par[i] - h[i];
                fmm = NLL(x[0], x[1], x[2]);
                H[i * 3 + i] = (fpp - 2 * f0 + fmm) / (h[i] * h[i]);
                continue;
            }
            x[i] = par[i] + h[i], x[j] = par[j] + h[j];
            fpp = NLL(x[0], x[1], x[2]);
            x[j] = par[j] - h[j];
            fpm = NLL(x[0], x[1], x[2]);
            x[i] = par[i] - h[i];
            fmm = NLL(x[0], x[1], x[2]);
            x[j] = par[j] + h[j];
            fmp = NLL(x[0], x[1], x[2]);
            H[i * 3 + j] = H[j * 3 + i] = (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j]);
        }
    }
#undef NLL
    {
        /* Invert the symmetric 3x3 by cofactors; require positive definiteness. */
        double a = H[0], b = H[1], c = H[2], d = H[4], e = H[5], f = H[8];
        double c00 = d * f - e * e, c11 = a * f - c * c, c22 = a * d - b * b;
        double det = a * c00 - b * (b * f - c * e) + c * (b * e - c * d);
        if (!(a > 0 && c22 > 0 && det > 0))
            return;
        se[0] = sqrt(c00 / det);
        se[1] = sqrt(c11 / det);
        se[2] = sqrt(c22 / det);
    }
}

/*
 * The fit proper.  fixed == NULL: estimate everything.  Otherwise fixed
 * holds (alpha, beta, phi), kept as they are, and only the initial states,
 * sigma and the final state are re-estimated (the cheap refit at the
 * rolling origins of select.c).
 */
static int damped_fit_core(const struct model_data *d, const struct model_opts *o,
                           const double *fixed, struct model_fit *f)
{
    double y[SMOOTH_MAX_N], u[5], step[5] = {1.0, 1.0, 1.0, 0.1, 0.1};
    double alpha, beta, phi, l0, b0, inv[4], sse, s2, ymean = 0, yvar = 0;
    double se3[3], dof;
    struct dparams dp;
    struct afilter a;
    size_t m, i, k = N_PAR + 1;
    gsl_multimin_function fn;
    int status;

    status = smooth_grid_trended(d, y, &m, &ymean, &yvar);
    if (status)
        return status; /* e.g. a constant series has no trend to damp */
    dp.y = y;
    dp.m = m;
    dp.floor = 1e-20 * (yvar + ymean * ymean) * (double)m;

    if (fixed) {
        alpha = fixed[0];
        beta = fixed[1];
        phi = fixed[2];
    } else {
        transform(0.5, 0.05, 0.9, u);
        fn.n = 3;
        fn.f = additive_objective;
        fn.params = &dp;
        status = nm_minimise(&fn, u, step, 3);
        if (status)
            return status;
        untransform(u, &alpha, &beta, &phi);
    }
    afilter_run(y, m, alpha, beta, phi, &a);
    afilter_solve(&a, &l0, &b0, inv);
    /* The SSE again by a direct pass: the profiled formula cancels digits. */
    sse = additive_direct_sse(y, m, alpha, beta, phi, l0, b0);
    dof = m > N_PAR + 1 ? (double)(m - N_PAR) : (double)m;
    s2 = sse / dof;

    f->n_params = N_PAR;
    for (i = 0; i < N_PAR; i++)
        f->param_names[i] = par_names[i];
    f->params[P_ALPHA] = alpha;
    f->params[P_BETA] = beta;
    f->params[P_PHI] = phi;
    f->params[P_L0] = l0;
    f->params[P_B0] = b0;
    f->sigma = sqrt(s2);
    f->loglik = model_gauss_loglik(sse, m, yvar + ymean * ymean);
    f->aicc = model_aicc(f->loglik, k, m);
    f->se[P_L0] = sqrt(s2 * inv[0]);
    f->se[P_B0] = sqrt(s2 * inv[3]);
    f->cov[P_L0 * MODEL_MAX_PARAMS + P_L0] = s2 * inv[0];
    f->cov[P_L0 * MODEL_MAX_PARAMS + P_B0] = s2 * inv[1];
    f->cov[P_B0 * MODEL_MAX_PARAMS + P_L0] = s2 * inv[2];
    f->cov[P_B0 * MODEL_MAX_PARAMS + P_B0] = s2 * inv[3];
    se3[0] = se3[1] = se3[2] = 0;
    if (!fixed)
        smoothing_se(&dp, f->params, se3);
    for (i = 0; i < 3; i++) {
        f->se[i] = se3[i];
        f->cov[i * MODEL_MAX_PARAMS + i] = se3[i] * se3[i];
    }
    /* Final state and its covariance D (s2 inv) D'. */
    {
        const double *D = a.d;
        double C[4] = {s2 * inv[0], s2 * inv[1], s2 * inv[2], s2 * inv[3]};
        double DC[4] = {D[0] * C[0] + D[1] * C[2], D[0] * C[1] + D[1] * C[3],
                        D[2] * C[0] + D[3] * C[2], D[2] * C[1] + D[3] * C[3]};
        f->state[ST_L] = a.l0n + D[0] * l0 + D[1] * b0;
        f->state[ST_B] = a.b0n + D[2] * l0 + D[3] * b0;
        f->state[ST_VLL] = DC[0] * D[0] + DC[1] * D[1];
        f->state[ST_VLB] = DC[0] * D[2] + DC[1] * D[3];
        f->state[ST_VBB] = DC[2] * D[2] + DC[3] * D[3];
    }

    if (o->multiplicative && fixed) {
        /* Keep the smoothing parameters; start from the additive states. */
        double sl, see, lend, bend;
        see = mult_run(y, m, alpha, beta, phi, l0, b0, &sl, &lend, &bend);
        if (see < 0 || !isfinite(see))
            return GSL_EDOM;
        f->sigma = sqrt(see / dof);
        f->loglik = model_gauss_loglik(see, m, 1.0) - sl;
        f->aicc = model_aicc(f->loglik, k, m);
        f->state[ST_L] = lend;
        f->state[ST_B] = bend;
    } else if (o->multiplicative) {
        struct mparams mp = {y, m, 0};
        double sl, see, lend, bend, scale = fabs(ymean) > 0 ? fabs(ymean) : 1.0;
        for (i = 0; i < m; i++)
            if (!(y[i] > 0))
                return GSL_EINVAL;
        mp.scale = scale;
        u[3] = l0 / scale;
        u[4] = b0 / scale;
        if (mult_run(y, m, alpha, beta, phi, l0, b0, &sl, NULL, NULL) < 0) {
            u[3] = y[0] / scale; /* additive start not admissible: start flat */
            u[4] = 0;
        }
        fn.n = 5;
        fn.f = mult_objective;
        fn.params = &mp;
        status = nm_minimise(&fn, u, step, 5);
        if (status)
            return status;
        untransform(u, &alpha, &beta, &phi);
        l0 = u[3] * scale;
        b0 = u[4] * scale;
        see = mult_run(y, m, alpha, beta, phi, l0, b0, &sl, &lend, &bend);
        if (see < 0 || !isfinite(see))
            return GSL_EDOM;
        f->params[P_ALPHA] = alpha;
        f->params[P_BETA] = beta;
        f->params[P_PHI] = phi;
        f->params[P_L0] = l0;
        f->params[P_B0] = b0;
        f->sigma = sqrt(see / dof);
        /* loglik of y: Gaussian in relative errors plus the Jacobian log|yhat|. */
        f->loglik = model_gauss_loglik(see, m, 1.0) - sl;
        f->aicc = model_aicc(f->loglik, k, m);
        /*
         * The state covariance stays the additive one, rescaled to the final
         * level: an approximation (documented above) that the calibration of
         * select.c corrects on average.
         */
        f->state[ST_L] = lend;
        f->state[ST_B] = bend;
        for (i = 0; i < 3; i++)
            f->se[i] = 0, f->cov[i * MODEL_MAX_PARAMS + i] = 0;
    }
    return GSL_SUCCESS;
}

static int damped_fit(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    return damped_fit_core(d, o, NULL, f);
}

int model_damped_refit(const struct model_data *d, const struct model_opts *o,
                       const struct model_fit *ref, struct model_fit *f)
{
    return damped_fit_core(d, o, ref->params, f);
}

static int damped_forecast(const struct model_fit *f, size_t h, double *mean)
{
    double phi = f->params[P_PHI], l = f->state[ST_L], b = f->state[ST_B], cum = 0, pk = 1;
    size_t j;

    for (j = 0; j < h; j++) {
        pk *= phi;
        cum += pk;
        mean[j] = l + cum * b;
    }
    return GSL_SUCCESS;
}

static int damped_fitted(const struct model_fit *f, const struct model_data *d, double *out)
{
    double y[SMOOTH_MAX_N], yh_grid[SMOOTH_MAX_N];
    double alpha = f->params[P_ALPHA], beta = f->params[P_BETA], phi = f->params[P_PHI];
    double l = f->params[P_L0], b = f->params[P_B0];
    size_t m, t;
    int status = smooth_grid(d, y, &m, NULL);

    if (status)
        return status;
    for (t = 0; t < m; t++) {
        double yh = l + phi * b, e;
        yh_grid[t] = yh;
        if (f->multiplicative) {
            e = yh != 0 ? (y[t] - yh) / yh : 0;
            l = yh * (1 + alpha * e);
            b = phi * b + beta * yh * e;
        } else {
            e = y[t] - yh;
            l = yh + alpha * e;
            b = phi * b + beta * e;
        }
    }
    /* Observations the grid dropped (very long series) get their own value. */
    smooth_grid_fitted(d, m, yh_grid, out);
    return GSL_SUCCESS;
}

static int damped_simulate(const struct model_fit *f, size_t h, size_t npaths, gsl_rng *r,
                           double *paths)
{
    double alpha = f->params[P_ALPHA], beta = f->params[P_BETA], phi = f->params[P_PHI];
    double a11 = 0, a21 = 0, a22 = 0;
    size_t p, j;

    /* Cholesky factor of the 2x2 state covariance (semi-definite tolerated). */
    if (!f->no_param_uncert && f->state[ST_VLL] > 0) {
        a11 = sqrt(f->state[ST_VLL]);
        a21 = f->state[ST_VLB] / a11;
        a22 = sqrt(fmax(f->state[ST_VBB] - a21 * a21, 0));
    }
    /* Antithetic pairs (model_simulate): path p + 1 takes path p's draws negated. */
    for (p = 0; p < npaths; p += 2) {
        double z1 = 0, z2 = 0, l[2], b[2], e[2];
        size_t m, nm = p + 1 < npaths ? 2 : 1;
        if (a11 > 0) {
            z1 = gsl_ran_gaussian_ziggurat(r, 1.0);
            z2 = gsl_ran_gaussian_ziggurat(r, 1.0);
        }
        l[0] = f->state[ST_L] + a11 * z1;
        b[0] = f->state[ST_B] + a21 * z1 + a22 * z2;
        l[1] = f->state[ST_L] - a11 * z1;
        b[1] = f->state[ST_B] - a21 * z1 - a22 * z2;
        for (j = 0; j < h; j++) {
            e[0] = gsl_ran_gaussian_ziggurat(r, f->sigma);
            e[1] = -e[0];
            for (m = 0; m < nm; m++) {
                double mu = l[m] + phi * b[m];
                if (f->multiplicative) {
                    paths[(p + m) * h + j] = mu * (1 + e[m]);
                    l[m] = mu * (1 + alpha * e[m]);
                    b[m] = phi * b[m] + beta * mu * e[m];
                } else {
                    paths[(p + m) * h + j] = mu + e[m];
                    l[m] = mu + alpha * e[m];
                    b[m] = phi * b[m] + beta * e[m];
                }
            }
        }
    }
    model_paths_constrain(paths, npaths * h, f->nonneg, f->is_count);
    return GSL_SUCCESS;
}

int model_damped_sd(const struct model_fit *f, size_t h, double *sd)
{
    double alpha = f->params[P_ALPHA], beta = f->params[P_BETA], phi = f->params[P_PHI];
    double acc = 1, phis = 0, pk = 1, mean[MODEL_MAX_HORIZON];
    size_t j;

    if (f->kind != MODEL_DAMPED || h > MODEL_MAX_HORIZON)
        return GSL_EINVAL;
    damped_forecast(f, h, mean);
    for (j = 1; j <= h; j++) {
        double v, cj;
        pk *= phi;
        phis += pk; /* phi_j = phi + ... + phi^j */
        v = f->sigma * f->sigma * acc;
        if (f->multiplicative)
            v *= mean[j - 1] * mean[j - 1];
        if (!f->no_param_uncert)
            v += f->state[ST_VLL] + 2 * phis * f->state[ST_VLB] + phis * phis * f->state[ST_VBB];
        sd[j - 1] = sqrt(fmax(v, 0));
        cj = alpha + beta * phis;
        acc += cj * cj;
    }
    return GSL_SUCCESS;
}

const struct model_ops model_damped_ops = {
    4, damped_fit, damped_forecast, damped_fitted, damped_simulate, true,
};
