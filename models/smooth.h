/*
 * models/smooth.h -- internal to models/: what the random-walk and smoothing
 * models (naive.c, damped.c, theta.c) and the automatic choice (select.c)
 * share.  Not part of the public API in model.h.
 */
#ifndef ATTAIN_MODELS_SMOOTH_H
#define ATTAIN_MODELS_SMOOTH_H

#include <stddef.h>

#include "model.h"

/*
 * The longest yearly grid a smoothing model runs its recursions on.  Longer
 * series keep their last SMOOTH_MAX_N years: after that many steps the
 * start-up values no longer matter, and fixed buffers keep malloc out of the
 * fits.
 */
#define SMOOTH_MAX_N 256

/*
 * Put the series on a regular yearly grid for the smoothing recursions.
 * When every gap t[i] - t[i-1] is a whole number of years, missing years are
 * filled by linear interpolation between their neighbours (a straight line
 * carries no information a smoother could over-react to); otherwise each
 * observation counts as one step.  Writes y[0..*m-1] (the last SMOOTH_MAX_N
 * grid points at most) and returns the number of grid points that are real
 * observations in *n_obs.  Returns 0 or GSL_EINVAL (n == 0).
 */
int smooth_grid(const struct model_data *d, double *y, size_t *m, size_t *n_obs);

/*
 * smooth_grid for a trended smoothing model (damped, theta): the grid into
 * y[0..*m-1] and its mean and (population) variance.  Returns GSL_EINVAL for
 * fewer than 4 years and GSL_EDOM for a constant series, which has no trend.
 */
int smooth_grid_trended(const struct model_data *d, double *y, size_t *m, double *mean,
                        double *var);

/*
 * Map the grid back to the observations: the grid index observation i sits
 * at on a grid of m points made by smooth_grid, or (size_t)-1 when the grid
 * dropped it (series longer than SMOOTH_MAX_N years).
 */
size_t smooth_grid_pos(const struct model_data *d, size_t m, size_t i);

/*
 * Fitted values at the observations from fitted values grid[0..m) on the
 * grid: out[i] (d->n of them) is the grid value where observation i sits,
 * or the observation itself where the grid dropped it.
 */
void smooth_grid_fitted(const struct model_data *d, size_t m, const double *grid, double *out);

/*
 * Cheap refits for the rolling origins of select.c: fit ref's model to d
 * (a prefix of the series ref was fitted to) keeping ref's smoothing
 * parameters (damped: alpha, beta, phi; theta: theta, alpha) and
 * re-estimating only the initial states, sigma and the final state.  f must
 * already carry the common fields model_fit sets (kind, n, t_last, ...).
 * Return 0 or a GSL status as model_fit does.
 */
int model_damped_refit(const struct model_data *d, const struct model_opts *o,
                       const struct model_fit *ref, struct model_fit *f);
int model_theta_refit(const struct model_data *d, const struct model_opts *o,
                      const struct model_fit *ref, struct model_fit *f);

/*
 * The model's own h-step predictive standard deviations sd[0..h-1] (noise
 * plus the parameter uncertainty its paths carry), in closed form:
 *   naive sigma sqrt(j); drift sigma sqrt(j + j^2/T);
 *   damped sigma^2 (1 + sum_{i<j} (alpha + beta phi_i)^2) + var(l_n + phi_j b_n)
 *     (Hyndman et al. 2008, Table 6.1; the multiplicative form scaled by the mean);
 *   theta sigma^2 (1 + (j-1) alpha^2) + (w se(B) (j - 1 + k))^2.
 * Only for those four kinds; returns GSL_EINVAL for any other.
 */
int model_rw_sd(const struct model_fit *f, size_t h, double *sd);
int model_damped_sd(const struct model_fit *f, size_t h, double *sd);
int model_theta_sd(const struct model_fit *f, size_t h, double *sd);

#endif /* ATTAIN_MODELS_SMOOTH_H */
