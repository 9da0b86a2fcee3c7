/*
 * models/nlls.c -- the generic nonlinear least-squares core (model.h,
 * nlls_solve) under the logistic and Gompertz curves.
 *
 * It drives GSL's trust-region solver (gsl_multifit_nlinear) with More's
 * parameter scaling and tight tolerances, in stages:
 *   1. from x0: Levenberg-Marquardt with geodesic acceleration; unless it
 *      converged at a full-rank Jacobian, also plain Levenberg-Marquardt
 *      and double dogleg (and, if none of them converged, dogleg and 2-D
 *      subspace), keeping the best end point;
 *   2. from that point, "polish" restarts with a fresh trust region
 *      (double dogleg, whose steps near a minimum are Gauss-Newton steps)
 *      until the sum of squares stops falling, because a trust region that
 *      has shrunk on a long curved valley, or LM's damping where residuals
 *      are at round-off level (Lanczos1), stops a few digits short of the
 *      minimum, and a restart recovers them.
 * Covariance is s^2 (J'J)^-1 at the solution with s^2 = RSS / (n - p).
 * A stage that ends in GSL_ENOPROG counts as converged only if the scaled
 * gradient there is negligible; otherwise the status is passed on.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

#include "internal.h"
#include "model.h"

/* A residual that overflows counts as a very bad point, so the step is rejected. */
#define NLLS_BAD_RESIDUAL 1e100

/*
 * Below this reciprocal condition number of the Jacobian at a converged
 * point (or if it is NaN), the point may be a plateau rather than a minimum,
 * and the other methods are tried too.  StRD minima go down to ~1e-9.
 */
#define NLLS_MIN_RCOND 1e-13

#define NLLS_MAX_NOPROG 3 /* consecutive iterations without an acceptable step */

enum nlls_method { NLLS_LMACCEL, NLLS_LM, NLLS_DDOGLEG, NLLS_DOGLEG, NLLS_SUBSPACE2D };

/*
 * What the GSL callbacks get: the problem, and scratch room for n residuals,
 * because GSL's finite-difference Jacobian evaluates f into a column of J,
 * a vector whose stride is p, while the problem writes contiguous arrays.
 */
struct nlls_ctx {
    const struct nlls_problem *prob;
    double *r; /* n doubles */
};

/* The problem's f or df at GSL's x, into out (contiguous). */
static int call_problem(int (*fn)(const double *x, void *params, double *out), const gsl_vector *x,
                        const struct nlls_problem *prob, double *out)
{
    double xs[NLLS_MAX_PARAMS];
    size_t k;

    for (k = 0; k < x->size; k++)
        xs[k] = gsl_vector_get(x, k);
    return fn(xs, prob->params, out);
}

static int wrap_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    const struct nlls_ctx *ctx = params;
    int status = call_problem(ctx->prob->f, x, ctx->prob, ctx->r);
    size_t i;

    if (status)
        return status;
    for (i = 0; i < ctx->prob->n; i++) {
        double v = ctx->r[i];
        gsl_vector_set(f, i, isfinite(v) ? v : NLLS_BAD_RESIDUAL);
    }
    return GSL_SUCCESS;
}

static int wrap_df(const gsl_vector *x, void *params, gsl_matrix *J)
{
    const struct nlls_problem *prob = ((const struct nlls_ctx *)params)->prob;
    size_t i;
    int status;

    /* The workspace allocates J as n x p, so its rows are contiguous. */
    if (J->tda != prob->p)
        return GSL_EBADLEN;
    status = call_problem(prob->df, x, prob, J->data);
    if (status)
        return status;
    for (i = 0; i < prob->n * prob->p; i++)
        if (!isfinite(J->data[i]))
            return GSL_EDOM;
    return GSL_SUCCESS;
}

/* One driver run; x holds the start on entry and the end point on return. */
struct stage {
    double x[NLLS_MAX_PARAMS];
    double rss;
    size_t iterations;
    int status;
    int info;
    double rcond; /* reciprocal condition number of the scaled Jacobian at the end */
};

static double sum_squares(const gsl_vector *f)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < f->size; i++) {
        double v = gsl_vector_get(f, i);
        s += v * v;
    }
    return s;
}

/*
 * True if the gradient J'f is negligible at the current point, measured
 * scale-free: |g_k| * max(|x_k|, 1e-300) <= tol * max(||f||^2, tiny) for every k,
 * i.e. a relative change of x_k changes the sum of squares by nothing.
 */
static bool gradient_negligible(gsl_multifit_nlinear_workspace *w, double tol)
{
    gsl_matrix *J = gsl_multifit_nlinear_jac(w);
    gsl_vector *f = gsl_multifit_nlinear_residual(w);
    gsl_vector *x = gsl_multifit_nlinear_position(w);
    double ss = sum_squares(f);
    size_t k, i;

    if (!(ss > 0.0))
        return true;
    for (k = 0; k < J->size2; k++) {
        double g = 0.0;
        for (i = 0; i < J->size1; i++)
            g += gsl_matrix_get(J, i, k) * gsl_vector_get(f, i);
        if (fabs(g) * fabs(gsl_vector_get(x, k)) > tol * ss && fabs(g) > tol * ss)
            return false;
    }
    return true;
}

/*
 * The iterate / test loop of gsl_multifit_nlinear_driver, except that an
 * error from the problem's functions (e.g. a curve leaving its admissible
 * region, GSL_EDOM) stops the run at once with that status: the GSL driver
 * ignores iterate's status and would retry the same failing step until
 * max_iter.  GSL_ENOPROG (no acceptable step) is tolerated as the driver
 * does, but NLLS_MAX_NOPROG of them in a row end the run with it.
 */
static int drive(gsl_multifit_nlinear_workspace *w, size_t max_iter, double xtol, double gtol,
                 double ftol, int *info)
{
    size_t iter, noprog = 0;
    int status;

    *info = 0;
    for (iter = 0; iter < max_iter; iter++) {
        status = gsl_multifit_nlinear_iterate(w);
        if (status == GSL_ENOPROG) {
            if (++noprog >= NLLS_MAX_NOPROG)
                return GSL_ENOPROG;
        } else if (status) {
            return status;
        } else {
            noprog = 0;
        }
        status = gsl_multifit_nlinear_test(xtol, gtol, ftol, info, w);
        if (status != GSL_CONTINUE)
            return status;
    }
    return GSL_EMAXITER;
}

static int run_stage(const struct nlls_problem *prob, enum nlls_method method, size_t max_iter,
                     struct stage *st)
{
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w = NULL;
    gsl_multifit_nlinear_fdf fdf;
    gsl_vector_view xv = gsl_vector_view_array(st->x, prob->p);
    struct nlls_ctx ctx = {prob, NULL};
    /* As GSL's own NIST tests: tolerances near machine precision, no ftol. */
    const double xtol = pow(GSL_DBL_EPSILON, 0.9);
    const double gtol = pow(GSL_DBL_EPSILON, 0.9);
    const double ftol = 0.0;
    int status, info = 0;

    fp.scale = gsl_multifit_nlinear_scale_more;
    fp.solver = gsl_multifit_nlinear_solver_qr;
    switch (method) {
    case NLLS_LMACCEL:
        fp.trs = gsl_multifit_nlinear_trs_lmaccel;
        break;
    case NLLS_LM:
        fp.trs = gsl_multifit_nlinear_trs_lm;
        break;
    case NLLS_DDOGLEG:
        fp.trs = gsl_multifit_nlinear_trs_ddogleg;
        break;
    case NLLS_DOGLEG:
        fp.trs = gsl_multifit_nlinear_trs_dogleg;
        break;
    case NLLS_SUBSPACE2D:
        fp.trs = gsl_multifit_nlinear_trs_subspace2D;
        break;
    }
    fdf.f = wrap_f;
    fdf.df = prob->df ? wrap_df : NULL;
    fdf.fvv = NULL;
    fdf.n = prob->n;
    fdf.p = prob->p;
    fdf.params = &ctx;

    ctx.r = malloc(prob->n * sizeof *ctx.r);
    w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, prob->n, prob->p);
    if (!w || !ctx.r) {
        gsl_multifit_nlinear_free(w);
        free(ctx.r);
        return GSL_ENOMEM;
    }
    status = gsl_multifit_nlinear_init(&xv.vector, &fdf, w);
    if (status == GSL_SUCCESS) {
        status = drive(w, max_iter, xtol, gtol, ftol, &info);
        if (status == GSL_ENOPROG && gradient_negligible(w, 1e-10))
            status = GSL_SUCCESS;
        memcpy(st->x, gsl_multifit_nlinear_position(w)->data, prob->p * sizeof *st->x);
        st->rss = sum_squares(gsl_multifit_nlinear_residual(w));
        if (gsl_multifit_nlinear_rcond(&st->rcond, w) != GSL_SUCCESS)
            st->rcond = 0.0;
        st->iterations += gsl_multifit_nlinear_niter(w);
    }
    gsl_multifit_nlinear_free(w);
    free(ctx.r);
    st->status = status;
    st->info = info;
    return status;
}

/* A converged end point beats an unconverged one; then the lower RSS wins. */
static bool better(const struct stage *a, const struct stage *b)
{
    bool ca = a->status == GSL_SUCCESS, cb = b->status == GSL_SUCCESS;

    if (ca != cb)
        return ca;
    return a->rss < b->rss;
}

static bool is_usable(const struct stage *st, size_t p)
{
    return (st->status == GSL_SUCCESS || st->status == GSL_EMAXITER || st->status == GSL_ENOPROG) &&
           model_all_finite(st->x, p) && isfinite(st->rss) && st->rss < NLLS_BAD_RESIDUAL;
}

/* The residual vector and Jacobian at x, for the covariance. */
static int covariance(const struct nlls_problem *prob, const double *x, double rss,
                      struct nlls_result *res)
{
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w = NULL;
    gsl_multifit_nlinear_fdf fdf;
    gsl_matrix *cov = NULL;
    struct nlls_ctx ctx = {prob, NULL};
    double xs[NLLS_MAX_PARAMS];
    gsl_vector_view xv;
    size_t p = prob->p, n = prob->n, i, j;
    double s2;
    int status;

    memcpy(xs, x, p * sizeof *xs);
    xv = gsl_vector_view_array(xs, p);
    fdf.f = wrap_f;
    fdf.df = prob->df ? wrap_df : NULL;
    fdf.fvv = NULL;
    fdf.n = n;
    fdf.p = p;
    fdf.params = &ctx;
    ctx.r = malloc(n * sizeof *ctx.r);
    w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, n, p);
    cov = gsl_matrix_alloc(p, p);
    if (!w || !cov || !ctx.r) {
        status = GSL_ENOMEM;
        goto out;
    }
    status = gsl_multifit_nlinear_init(&xv.vector, &fdf, w);
    if (status)
        goto out;
    status = gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, cov);
    if (status)
        goto out;
    s2 = n > p ? rss / (double)(n - p) : 0.0;
    for (i = 0; i < p; i++)
        for (j = 0; j < p; j++)
            res->cov[i * p + j] = s2 * gsl_matrix_get(cov, i, j);
    for (i = 0; i < p; i++) {
        double v = res->cov[i * p + i];
        res->se[i] = v > 0.0 ? sqrt(v) : 0.0;
    }
    if (!model_all_finite(res->cov, p * p) || !model_all_finite(res->se, p))
        status = GSL_EDOM;
out:
    gsl_matrix_free(cov);
    gsl_multifit_nlinear_free(w);
    free(ctx.r);
    return status;
}

int nlls_solve(const struct nlls_problem *prob, const double *x0, size_t max_iter,
               struct nlls_result *res)
{
    static const enum nlls_method first[] = {NLLS_LMACCEL, NLLS_LM, NLLS_DDOGLEG, NLLS_DOGLEG,
                                             NLLS_SUBSPACE2D};
    struct stage best, st;
    bool have_best = false, converged = false;
    size_t k, polish, total_iter = 0;
    int status;

    if (!prob || !prob->f || !x0 || !res || prob->p == 0 || prob->p > NLLS_MAX_PARAMS ||
        prob->n < prob->p || max_iter == 0)
        return GSL_EINVAL;
    if (!model_all_finite(x0, prob->p))
        return GSL_EINVAL;
    memset(res, 0, sizeof *res);
    memset(&best, 0, sizeof best);

    /*
     * LM with geodesic acceleration first.  If it converges where the
     * Jacobian has full rank, that is the answer (all but two of the 54 NIST
     * StRD runs).  Otherwise every other first-stage method from x0, keeping
     * the best end point: each method alone fails somewhere in StRD (LM with
     * geodesic acceleration stalls on Rat43's plateau from start 1 -- a
     * singular Jacobian -- plain LM on BoxBOD, both LM variants on MGH10 from
     * start 1, the doglegs on MGH09).  Dogleg and the 2-D subspace method run
     * only if none of the first three converged.
     */
    for (k = 0; k < sizeof first / sizeof first[0]; k++) {
        if (k == 1 && have_best && best.status == GSL_SUCCESS && best.rcond > NLLS_MIN_RCOND)
            break; /* the usual case: converged where the Jacobian has full rank */
        if (k == 3 && have_best && best.status == GSL_SUCCESS)
            break;
        memset(&st, 0, sizeof st);
        memcpy(st.x, x0, prob->p * sizeof *x0);
        status = run_stage(prob, first[k], max_iter, &st);
        total_iter += st.iterations;
        if (status == GSL_ENOMEM)
            return status;
        if (is_usable(&st, prob->p) && (!have_best || better(&st, &best))) {
            best = st;
            have_best = true;
        }
    }
    if (!have_best)
        return st.status ? st.status : GSL_EFAILED;
    converged = best.status == GSL_SUCCESS;

    /* Polish: fresh trust regions from the best point while the RSS keeps falling. */
    for (polish = 0; polish < 4; polish++) {
        memset(&st, 0, sizeof st);
        memcpy(st.x, best.x, prob->p * sizeof *st.x);
        status = run_stage(prob, NLLS_DDOGLEG, max_iter, &st);
        total_iter += st.iterations;
        if (status == GSL_ENOMEM)
            return status;
        if (!is_usable(&st, prob->p))
            break;
        if (status == GSL_SUCCESS)
            converged = true;
        if (!(st.rss < best.rss * (1.0 - 1e-14))) {
            break;
        }
        best = st;
    }

    memcpy(res->x, best.x, prob->p * sizeof *res->x);
    res->rss = best.rss;
    res->iterations = total_iter;
    res->info = best.info;
    status = covariance(prob, res->x, res->rss, res);
    if (status)
        return status;
    if (!converged)
        return best.status ? best.status : GSL_EMAXITER;
    return GSL_SUCCESS;
}
