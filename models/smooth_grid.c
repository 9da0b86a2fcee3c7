/*
 * models/smooth_grid.c -- the regular yearly grid the smoothing models
 * (damped, theta) run on: missing years filled by linear interpolation.
 */
#include <math.h>

#include <gsl/gsl_errno.h>

#include "smooth.h"

/* true when every step between observations is a whole number of years >= 1. */
static bool has_integer_gaps(const struct model_data *d)
{
    size_t i;

    for (i = 1; i < d->n; i++) {
        double g = d->t[i] - d->t[i - 1];
        if (g < 0.5 || fabs(g - nearbyint(g)) > 1e-9 || g > 1e6)
            return false;
    }
    return true;
}

int smooth_grid(const struct model_data *d, double *y, size_t *m, size_t *n_obs)
{
    size_t i, total, first, k, nobs = 0;

    if (!d || d->n == 0)
        return GSL_EINVAL;
    if (!has_integer_gaps(d)) {
        first = d->n > SMOOTH_MAX_N ? d->n - SMOOTH_MAX_N : 0;
        for (i = first; i < d->n; i++)
            y[i - first] = d->y[i];
        *m = d->n - first;
        if (n_obs)
            *n_obs = *m;
        return GSL_SUCCESS;
    }
    total = (size_t)nearbyint(d->t[d->n - 1] - d->t[0]) + 1;
    first = total > SMOOTH_MAX_N ? total - SMOOTH_MAX_N : 0;
    /* Walk the observations once, filling each gap by interpolation. */
    for (i = 0; i < d->n; i++) {
        size_t gi = (size_t)nearbyint(d->t[i] - d->t[0]);
        if (gi >= first) {
            y[gi - first] = d->y[i];
            nobs++;
        }
        if (i + 1 < d->n) {
            size_t gj = (size_t)nearbyint(d->t[i + 1] - d->t[0]);
            for (k = gi + 1; k < gj; k++) {
                double w = (double)(k - gi) / (double)(gj - gi);
                if (k >= first)
                    y[k - first] = (1.0 - w) * d->y[i] + w * d->y[i + 1];
            }
        }
    }
    *m = total - first;
    if (n_obs)
        *n_obs = nobs;
    return GSL_SUCCESS;
}

int smooth_grid_trended(const struct model_data *d, double *y, size_t *m, double *mean, double *var)
{
    double ymean = 0, yvar = 0;
    size_t i;
    int status = smooth_grid(d, y, m, NULL);

    if (status)
        return status;
    if (*m < 4)
        return GSL_EINVAL;
    for (i = 0; i < *m; i++)
        ymean += y[i] / (double)*m;
    for (i = 0; i < *m; i++)
        yvar += (y[i] - ymean) * (y[i] - ymean) / (double)*m;
    if (!(yvar > 1e-24 * (1 + ymean * ymean)))
        return GSL_EDOM;
    *mean = ymean;
    *var = yvar;
    return GSL_SUCCESS;
}

size_t smooth_grid_pos(const struct model_data *d, size_t m, size_t i)
{
    size_t total, gi;

    if (!has_integer_gaps(d)) {
        total = d->n;
        gi = i;
    } else {
        total = (size_t)nearbyint(d->t[d->n - 1] - d->t[0]) + 1;
        gi = (size_t)nearbyint(d->t[i] - d->t[0]);
    }
    return gi >= total - m ? gi - (total - m) : (size_t)-1;
}

void smooth_grid_fitted(const struct model_data *d, size_t m, const double *grid, double *out)
{
    size_t i;

    for (i = 0; i < d->n; i++) {
        size_t g = smooth_grid_pos(d, m, i);
        out[i] = g == (size_t)-1 ? d->y[i] : grid[g];
    }
}
