/*
 * models/internal.h -- helpers shared inside models/ (not part of the public
 * API in model.h): multivariate-normal parameter draws, information criteria,
 * and the clean-up every simulated path gets (non-negative, integer).
 *
 * Everything here is pure: no I/O, no globals, no allocation inside the
 * draw functions (the factor lives in a caller-owned struct mvn_factor).
 */
#ifndef ATTAIN_MODELS_INTERNAL_H
#define ATTAIN_MODELS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "model.h"

/*
 * A factor A of a covariance matrix C (p x p) with A A' = C, used to draw
 * x = mean + A z, z ~ N(0, I).  Row-major, p <= MODEL_MAX_PARAMS.  When C is
 * positive definite A is its lower Cholesky factor; when it is only
 * semi-definite or slightly indefinite (round-off in s^2 (J'J)^-1), A comes
 * from its eigen-decomposition with negative eigenvalues set to zero.
 * Plain data: zero-initialise, copy freely.
 */
struct mvn_factor {
    size_t p;                                      /* dimension, 0 = no uncertainty */
    double a[MODEL_MAX_PARAMS * MODEL_MAX_PARAMS]; /* row-major factor, A A' = C */
};

/*
 * Factor the p x p row-major covariance cov (only its symmetric part is used)
 * into *f.  p may be 0 (then draws return the mean).  Returns 0, or
 * GSL_EINVAL for p > MODEL_MAX_PARAMS or a non-finite entry, GSL_EDOM if no
 * eigen-decomposition fails.  A zero matrix gives a zero factor (draws
 * return the mean).  Never allocates
 * more than a small GSL eigen workspace on the fallback path.
 */
int mvn_factor_init(struct mvn_factor *f, const double *cov, size_t p);

/*
 * One draw out[k] = mean[k] + sum_j A[k][j] z_j with z_j ~ N(0,1) from r.
 * Uses exactly p Gaussian variates, so streams are reproducible.
 */
void mvn_draw(const struct mvn_factor *f, const double *mean, gsl_rng *r, double *out);

/*
 * The factor s/sigma-hat by which one simulated path scales its noise and
 * parameter spread, drawn so that s^2 = sigma-hat^2 dof / chi^2_dof (the
 * posterior of sigma under the usual flat prior): with it, Gaussian paths
 * of a linear regression have exactly the Student-t prediction interval.
 * Capped at 4 so that a tiny dof cannot give absurd paths (the cap touches
 * about 2% of draws at dof = 3, under 0.1% at dof >= 6).  dof < 1 returns 1.
 */
double model_sigma_factor(gsl_rng *r, double dof);

/*
 * The Gaussian log-likelihood at the ML variance rss/n:
 * -n/2 (log(2 pi rss / n) + 1).  A zero rss is floored at a tiny positive
 * value relative to scale2 (e.g. the data's mean square) so the result stays
 * finite; n must be >= 1.
 */
double model_gauss_loglik(double rss, size_t n, double scale2);

/*
 * AICc = -2 loglik + 2k + 2k(k+1)/(n-k-1).  When n <= k + 1 the correction
 * is undefined; a large finite penalty (1e6 per missing point) is returned
 * instead so such fits rank last but the value stays finite.
 */
double model_aicc(double loglik, size_t k, size_t n);

/*
 * Pack the leading p x p block of a model_fit's covariance (stored with row
 * stride MODEL_MAX_PARAMS, as every model writes it) into out[p * p].
 */
void model_cov_pack(const double *cov, size_t p, double *out);

/* Paths clean-up: if nonneg, clamp every value at 0; if is_count, round to an integer. */
void model_paths_constrain(double *v, size_t len, bool nonneg, bool is_count);

/* true if every y[i] is a finite non-negative integer (within 1e-9). */
bool model_is_count_data(const double *y, size_t n);

/*
 * A Poisson draw of mean mu >= 0 (models/count.c: Hormann's PTRS from mu = 10,
 * gsl_ran_poisson below, the normal approximation for huge means).  memo:
 * NULL, or MODEL_LOG_FACT_N doubles set to NAN that remember log k! between
 * draws of one simulation.
 */
#define MODEL_LOG_FACT_N 4096
double model_draw_poisson(gsl_rng *r, double mu, double *memo);
/* A new memo for model_draw_poisson (every entry NAN; free() it), or NULL without memory. */
double *model_log_fact_memo(void);

/* Series up to this long are short (select.c): an uncertain-trend term, the log member. */
#define SHORT_MAX_N 10

/*
 * How uncertain the trend of short series d (2..SHORT_MAX_N points) is, as a
 * multiple of its mean yearly change: kappa(n), less for a smooth series
 * (select.c).
 */
double model_short_kappa(const struct model_data *d);

/* Paths of the log-scale predictive distribution set by model_pred_log (pred_log.c). */
int model_pred_log_simulate(const struct model_auto *a, size_t h, size_t npaths, gsl_rng *r,
                            double *paths);

/* Whether every one of v[0..n) is finite (no NaN, no infinity). */
bool model_all_finite(const double *v, size_t n);

/*
 * The common part of every fit, written before a model's own fit: zero f,
 * then the model kind, the data's length, last point, count and
 * non-negativity flags, and the options that change simulation.  d->n >= 1.
 */
void model_fit_header(enum model_kind kind, const struct model_data *d, const struct model_opts *o,
                      struct model_fit *f);

/*
 * The rare-event member (models/rare.c): true when d is a count with few
 * events so far, its rate (and steadiness) then set in out; its paths.
 */
bool model_rare_fit(const struct model_data *d, enum model_measure measure, struct model_auto *out);
int model_rare_simulate(const struct model_auto *a, size_t h, size_t npaths, gsl_rng *r,
                        double *paths);

#endif /* ATTAIN_MODELS_INTERNAL_H */
