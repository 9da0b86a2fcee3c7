/*
 * models/model.c -- the public entry points: checks common to every model,
 * then dispatch through the ops table of model_impl.h.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "internal.h"
#include "model_impl.h"

static const struct model_ops *const ops_table[MODEL_KIND_COUNT] = {
    [MODEL_NAIVE] = &model_naive_ops,       [MODEL_DRIFT] = &model_drift_ops,
    [MODEL_LINEAR] = &model_linear_ops,     [MODEL_EXP] = &model_exp_ops,
    [MODEL_LOGISTIC] = &model_logistic_ops, [MODEL_GOMPERTZ] = &model_gompertz_ops,
    [MODEL_DAMPED] = &model_damped_ops,     [MODEL_THETA] = &model_theta_ops,
    [MODEL_POISSON] = &model_poisson_ops,   [MODEL_NEGBIN] = &model_negbin_ops,
};

static const struct model_ops *ops_of(enum model_kind kind)
{
    if ((int)kind < 0 || kind >= MODEL_KIND_COUNT)
        return NULL;
    return ops_table[kind];
}

const char *model_kind_name(enum model_kind kind)
{
    const struct model_ops *ops = ops_of(kind);
    return ops ? ops->info.name : NULL;
}

const struct model_info *model_kind_info(enum model_kind kind)
{
    const struct model_ops *ops = ops_of(kind);
    return ops ? &ops->info : NULL;
}

int model_kind_parse(const char *name, enum model_kind *out)
{
    size_t k;

    if (!name)
        return GSL_EINVAL;
    for (k = 0; k < MODEL_KIND_COUNT; k++) {
        if (strcmp(ops_table[k]->info.name, name) == 0) {
            *out = (enum model_kind)k;
            return GSL_SUCCESS;
        }
    }
    return GSL_EINVAL;
}

size_t model_min_points(enum model_kind kind)
{
    const struct model_ops *ops = ops_of(kind);
    return ops ? ops->min_points : 0;
}

static bool all_finite(const double *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

void model_fit_header(enum model_kind kind, const struct model_data *d, const struct model_opts *o,
                      struct model_fit *f)
{
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->n = d->n;
    f->t_last = d->t[d->n - 1];
    f->y_last = d->y[d->n - 1];
    f->is_count = d->is_count;
    f->nonneg = d->nonneg;
    f->multiplicative = o->multiplicative;
    f->no_param_uncert = o->no_param_uncert;
}

int model_fit(enum model_kind kind, const struct model_data *data, const struct model_opts *opts,
              struct model_fit *fit)
{
    static const struct model_opts defaults;
    const struct model_ops *ops = ops_of(kind);
    size_t i;
    int status;

    if (!ops || !data || !fit || !data->t || !data->y)
        return GSL_EINVAL;
    if (data->n < ops->min_points || data->n < 1)
        return GSL_EINVAL;
    if (!all_finite(data->t, data->n) || !all_finite(data->y, data->n))
        return GSL_EINVAL;
    for (i = 1; i < data->n; i++)
        if (!(data->t[i] > data->t[i - 1]))
            return GSL_EINVAL;
    if (!opts)
        opts = &defaults;

    model_fit_header(kind, data, opts, fit);
    status = ops->fit(data, opts, fit);
    if (status)
        return status;
    if (!all_finite(fit->params, fit->n_params) || !all_finite(fit->se, fit->n_params) ||
        !isfinite(fit->sigma) || !isfinite(fit->aicc))
        return GSL_EDOM;
    return GSL_SUCCESS;
}

int model_forecast(const struct model_fit *fit, size_t h, double *mean)
{
    const struct model_ops *ops = fit ? ops_of(fit->kind) : NULL;
    int status;

    if (!ops || !mean || h == 0)
        return GSL_EINVAL;
    status = ops->forecast(fit, h, mean);
    if (status)
        return status;
    return all_finite(mean, h) ? GSL_SUCCESS : GSL_EDOM;
}

int model_fitted(const struct model_fit *fit, const struct model_data *data, double *out)
{
    const struct model_ops *ops = fit ? ops_of(fit->kind) : NULL;
    int status;

    if (!ops || !data || !out || data->n == 0)
        return GSL_EINVAL;
    status = ops->fitted(fit, data, out);
    if (status)
        return status;
    return all_finite(out, data->n) ? GSL_SUCCESS : GSL_EDOM;
}

int model_simulate(const struct model_fit *fit, size_t h, size_t npaths, gsl_rng *r, double *paths)
{
    const struct model_ops *ops = fit ? ops_of(fit->kind) : NULL;
    int status;

    if (!ops || !paths || !r || h == 0 || npaths == 0)
        return GSL_EINVAL;
    status = ops->simulate(fit, h, npaths, r, paths);
    if (status)
        return status;
    return all_finite(paths, h * npaths) ? GSL_SUCCESS : GSL_EDOM;
}
