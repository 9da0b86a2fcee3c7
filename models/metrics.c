/*
 * models/metrics.c -- forecast accuracy measures, scored as in the M3
 * competition: sMAPE in percent, the MASE scale (mean
 * absolute one-step change of the training part), and interval coverage.
 */
#include <math.h>

#include "model.h"

double model_smape(const double *y, const double *f, size_t n)
{
    double sum = 0.0;
    size_t i;

    if (n == 0)
        return 0.0;
    for (i = 0; i < n; i++) {
        double den = fabs(y[i]) + fabs(f[i]);
        /* 0/0 (both zero) is a perfect forecast, not a NaN. */
        if (den > 0.0)
            sum += 200.0 * fabs(y[i] - f[i]) / den;
    }
    return sum / (double)n;
}

double model_mase_scale(const double *y, size_t n)
{
    double sum = 0.0;
    size_t i;

    if (n < 2)
        return 0.0;
    for (i = 1; i < n; i++)
        sum += fabs(y[i] - y[i - 1]);
    return sum / (double)(n - 1);
}
