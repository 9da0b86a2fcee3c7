/*
 * models/paths.c -- summaries of simulated paths: the mean and quantiles of
 * each year across the paths.
 */
#include <gsl/gsl_errno.h>

#include "model.h"

int model_path_summary(const double *paths, size_t npaths, size_t stride, size_t nyears,
                       const double *probs, size_t np, double *col, double *mean, double *q)
{
    size_t j, p;
    int status = GSL_SUCCESS;

    if (npaths == 0 || nyears > stride || np > MODEL_MAX_QUANTILES)
        return GSL_EINVAL;
    for (j = 0; j < nyears; j++) {
        double sum = 0.0;
        for (p = 0; p < npaths; p++) {
            col[p] = paths[p * stride + j];
            sum += col[p];
        }
        mean[j] = sum / (double)npaths;
        if (model_quantiles(col, npaths, probs, np, q + j * np) != GSL_SUCCESS)
            status = GSL_EINVAL;
    }
    return status;
}
