/*
 * models/mvn.c -- small shared helpers of the model library (internal.h):
 * multivariate-normal parameter draws for simulated paths (Cholesky, with an
 * eigen-decomposition fallback for covariance matrices that round-off made
 * semi-definite or slightly indefinite), the Gaussian log-likelihood and
 * AICc, and the non-negative / integer clean-up of paths.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_vector.h>

#include "internal.h"

/* Eigen fallback: A = V diag(sqrt(max(lambda, 0))). */
static int factor_eigen(struct mvn_factor *f, const double *sym, size_t p)
{
    double work[MODEL_MAX_PARAMS * MODEL_MAX_PARAMS];
    double vec[MODEL_MAX_PARAMS * MODEL_MAX_PARAMS];
    double val[MODEL_MAX_PARAMS];
    gsl_matrix_view m = gsl_matrix_view_array(work, p, p);
    gsl_matrix_view v = gsl_matrix_view_array(vec, p, p);
    gsl_vector_view e = gsl_vector_view_array(val, p);
    gsl_eigen_symmv_workspace *w = NULL;
    double top = 0.0;
    size_t i, j;
    int status;

    memcpy(work, sym, p * p * sizeof *work);
    w = gsl_eigen_symmv_alloc(p);
    if (!w)
        return GSL_ENOMEM;
    status = gsl_eigen_symmv(&m.matrix, &e.vector, &v.matrix, w);
    gsl_eigen_symmv_free(w);
    if (status)
        return status;
    for (j = 0; j < p; j++)
        if (val[j] > top)
            top = val[j];
    if (!(top > 0.0)) {
        /* A zero (or negative semi-definite) matrix: no spread, draws return the mean. */
        memset(f->a, 0, p * p * sizeof *f->a);
        return GSL_SUCCESS;
    }
    for (i = 0; i < p; i++)
        for (j = 0; j < p; j++) {
            double lam = val[j] > 0.0 ? val[j] : 0.0;
            f->a[i * p + j] = vec[i * p + j] * sqrt(lam);
        }
    return GSL_SUCCESS;
}

int mvn_factor_init(struct mvn_factor *f, const double *cov, size_t p)
{
    double sym[MODEL_MAX_PARAMS * MODEL_MAX_PARAMS];
    gsl_matrix_view m;
    size_t i, j;
    int status;

    memset(f, 0, sizeof *f);
    if (p > MODEL_MAX_PARAMS)
        return GSL_EINVAL;
    if (p == 0)
        return GSL_SUCCESS;
    for (i = 0; i < p; i++)
        for (j = 0; j < p; j++) {
            double c = 0.5 * (cov[i * p + j] + cov[j * p + i]);
            if (!isfinite(c))
                return GSL_EINVAL;
            sym[i * p + j] = c;
        }
    f->p = p;

    /* Cholesky first: the usual, positive definite case. */
    memcpy(f->a, sym, p * p * sizeof *sym);
    m = gsl_matrix_view_array(f->a, p, p);
    /* The caller (engine main, each test) has turned GSL's abort handler off. */
    status = gsl_linalg_cholesky_decomp1(&m.matrix);
    if (status == GSL_SUCCESS) {
        bool ok = true;
        for (i = 0; i < p; i++) {
            for (j = i + 1; j < p; j++)
                f->a[i * p + j] = 0.0; /* keep only the lower triangle */
            if (!(f->a[i * p + i] > 0.0) || !isfinite(f->a[i * p + i]))
                ok = false;
        }
        if (ok)
            return GSL_SUCCESS;
    }
    status = factor_eigen(f, sym, p);
    if (status)
        f->p = 0;
    return status;
}

void mvn_draw(const struct mvn_factor *f, const double *mean, gsl_rng *r, double *out)
{
    double z[MODEL_MAX_PARAMS];
    size_t p = f->p, i, j;

    for (j = 0; j < p; j++)
        z[j] = gsl_ran_gaussian_ziggurat(r, 1.0);
    for (i = 0; i < p; i++) {
        double s = mean[i];
        for (j = 0; j < p; j++)
            s += f->a[i * p + j] * z[j];
        out[i] = s;
    }
}

double model_sigma_factor(gsl_rng *r, double dof)
{
    double c, f;

    if (!(dof >= 1.0))
        return 1.0;
    c = gsl_ran_chisq(r, dof);
    if (!(c > 0.0))
        return 4.0;
    f = sqrt(dof / c);
    return f < 4.0 ? f : 4.0;
}

void model_cov_pack(const double *cov, size_t p, double *out)
{
    size_t i, j;

    for (i = 0; i < p; i++)
        for (j = 0; j < p; j++)
            out[i * p + j] = cov[i * MODEL_MAX_PARAMS + j];
}

double model_gauss_loglik(double rss, size_t n, double scale2)
{
    double floor_ = 1e-20 * (scale2 > 0.0 ? scale2 : 1.0) * (double)n;
    double s2;

    if (!(rss > floor_))
        rss = floor_;
    s2 = rss / (double)n;
    return -0.5 * (double)n * (log(2.0 * M_PI * s2) + 1.0);
}

double model_aicc(double loglik, size_t k, size_t n)
{
    double aic = -2.0 * loglik + 2.0 * (double)k;

    if (n <= k + 1)
        return aic + 1e6 * (double)(k + 2 - n);
    return aic + 2.0 * (double)k * (double)(k + 1) / (double)(n - k - 1);
}

/*
 * nearbyint(x) in the default rounding mode, without the call into libm
 * (2.6% of a national run's samples were that call): below 2^52, adding
 * and taking away 2^52 rounds to the nearest whole number, ties to even, as
 * nearbyint does; beyond, every double is whole (NaN and infinities pass).
 * A zero comes out +0 where nearbyint gives -0; the caller adds 0.0 anyway.
 * Written as one select and two additions (the sign by copysign), so that
 * the loops below run on vectors.
 */
static double round_whole(double x)
{
    double big = fabs(x) < 0x1p52 ? copysign(0x1p52, x) : 0.0; /* 0: x is whole, x + 0 - 0 = x */

    return (x + big) - big;
}

/* Each loop on its own, so that each is a plain select per element. */
void model_paths_constrain(double *v, size_t len, bool nonneg, bool is_count)
{
    size_t i;

    if (is_count)
        for (i = 0; i < len; i++)
            v[i] = round_whole(v[i]);
    if (nonneg)
        for (i = 0; i < len; i++)
            v[i] = v[i] < 0.0 ? 0.0 : v[i];
    for (i = 0; i < len; i++)
        v[i] += 0.0; /* turns a rounded -0.0 into +0.0, so no "-0" is ever printed */
}

bool model_is_count_data(const double *y, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!isfinite(y[i]) || y[i] < 0.0 || fabs(y[i] - nearbyint(y[i])) > 1e-9)
            return false;
    return true;
}

double model_mean(const double *v, size_t n)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        s += v[i];
    return s / (double)n;
}

bool model_all_finite(const double *v, size_t n)
{
    while (n > 0 && isfinite(v[n - 1]))
        n--;
    return n == 0;
}
