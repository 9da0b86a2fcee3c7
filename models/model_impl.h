/*
 * models/model_impl.h -- internal to models/: the table each model fills in.
 * model.c dispatches the public model_* calls through it.
 */
#ifndef ATTAIN_MODELS_MODEL_IMPL_H
#define ATTAIN_MODELS_MODEL_IMPL_H

#include "model.h"

struct model_ops {
    size_t min_points;
    int (*fit)(const struct model_data *d, const struct model_opts *o, struct model_fit *f);
    int (*forecast)(const struct model_fit *f, size_t h, double *mean);
    int (*fitted)(const struct model_fit *f, const struct model_data *d, double *out);
    int (*simulate)(const struct model_fit *f, size_t h, size_t npaths, gsl_rng *r, double *paths);
    bool paired; /* simulate draws antithetic pairs (model_paths_paired) */
};

/* Curves and counts (curve.c, count.c). */
extern const struct model_ops model_linear_ops;
extern const struct model_ops model_exp_ops;
extern const struct model_ops model_logistic_ops;
extern const struct model_ops model_gompertz_ops;
extern const struct model_ops model_poisson_ops;
extern const struct model_ops model_negbin_ops;

/* Random walks and smoothing (naive.c, damped.c, theta.c). */
extern const struct model_ops model_naive_ops;
extern const struct model_ops model_drift_ops;
extern const struct model_ops model_damped_ops;
extern const struct model_ops model_theta_ops;

#endif /* ATTAIN_MODELS_MODEL_IMPL_H */
