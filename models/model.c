/*
 * models/model.c -- the public entry points: checks common to every model,
 * then dispatch through the ops table of model_impl.h.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "internal.h"
#include "model_impl.h"

/*
 * Every model, one row each: its functions (in its own file) and its
 * traits.  Adding a model is its file, its enum entry in model.h and its
 * row here.
 */
static const struct model_row {
    const struct model_ops *ops;
    struct model_info info;
} rows[MODEL_KIND_COUNT] = {
    [MODEL_NAIVE] = {&model_naive_ops,
                     {"naive", "random walk", "the last value carried forward", MODEL_JOIN_ALWAYS}},
    [MODEL_DRIFT] = {&model_drift_ops,
                     {"drift", "random walk", "the last value plus the average yearly change",
                      MODEL_JOIN_ALWAYS}},
    [MODEL_LINEAR] = {&model_linear_ops,
                      {"linear", "growth curve", "straight-line trend by least squares",
                       MODEL_JOIN_NO}},
    [MODEL_EXP] = {&model_exp_ops,
                   {"exp", "growth curve", "constant growth rate (a straight line on the logs)",
                    MODEL_JOIN_NO}},
    [MODEL_LOGISTIC] = {&model_logistic_ops,
                        {"logistic", "growth curve", "S-curve levelling off at a fitted ceiling",
                         MODEL_JOIN_NO}},
    [MODEL_GOMPERTZ] = {&model_gompertz_ops,
                        {"gompertz", "growth curve",
                         "asymmetric S-curve levelling off at a fitted ceiling", MODEL_JOIN_NO}},
    [MODEL_DAMPED] = {&model_damped_ops,
                      {"damped", "smoothing", "damped-trend exponential smoothing",
                       MODEL_JOIN_ALWAYS}},
    [MODEL_THETA] = {&model_theta_ops,
                     {"theta", "smoothing",
                      "Theta method: a drift line and a smoothed level, combined",
                      MODEL_JOIN_ALWAYS}},
    [MODEL_POISSON] = {&model_poisson_ops,
                       {"poisson", "count regression",
                        "log-linear Poisson regression on time, for counts",
                        MODEL_JOIN_SMALL_COUNTS}},
    [MODEL_NEGBIN] = {&model_negbin_ops,
                      {"negbin", "count regression",
                       "log-linear negative binomial regression on time, for overdispersed counts",
                       MODEL_JOIN_SMALL_COUNTS}},
};

static const struct model_row *row_of(enum model_kind kind)
{
    if ((int)kind < 0 || kind >= MODEL_KIND_COUNT)
        return NULL;
    return &rows[kind];
}

static const struct model_ops *ops_of(enum model_kind kind)
{
    const struct model_row *row = row_of(kind);
    return row ? row->ops : NULL;
}

const char *model_kind_name(enum model_kind kind)
{
    const struct model_row *row = row_of(kind);
    return row ? row->info.name : NULL;
}

const struct model_info *model_kind_info(enum model_kind kind)
{
    const struct model_row *row = row_of(kind);
    return row ? &row->info : NULL;
}

int model_kind_parse(const char *name, enum model_kind *out)
{
    size_t k;

    if (!name)
        return GSL_EINVAL;
    for (k = 0; k < MODEL_KIND_COUNT; k++) {
        if (strcmp(rows[k].info.name, name) == 0) {
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
    if (!model_all_finite(data->t, data->n) || !model_all_finite(data->y, data->n))
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
    if (!model_all_finite(fit->params, fit->n_params) ||
        !model_all_finite(fit->se, fit->n_params) || !isfinite(fit->sigma) || !isfinite(fit->aicc))
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
    return model_all_finite(mean, h) ? GSL_SUCCESS : GSL_EDOM;
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
    return model_all_finite(out, data->n) ? GSL_SUCCESS : GSL_EDOM;
}

bool model_paths_paired(const struct model_fit *fit)
{
    const struct model_ops *ops = fit ? ops_of(fit->kind) : NULL;

    return ops && ops->paired;
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
    return model_all_finite(paths, h * npaths) ? GSL_SUCCESS : GSL_EDOM;
}
