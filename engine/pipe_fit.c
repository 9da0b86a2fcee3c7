/*
 * engine/pipe_fit.c -- one series from its history to its simulated paths:
 * the model chosen (auto, combo or named) is fitted, and a fit that fails
 * falls back along damped -> drift -> naive with a note saying why; its
 * fitted values are kept for display; npaths futures are simulated from the
 * series' own stream, and a year-to-date figure replaces the model's value
 * of its year (models/ytd.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "pipe_int.h"
#include "xalloc.h"

static const char *status_text(int status)
{
    switch (status) {
    case GSL_EINVAL:
        return "cannot take this data";
    case GSL_EMAXITER:
    case GSL_ENOPROG:
    case GSL_ENOPROGJ:
        return "did not converge";
    case GSL_EDOM:
        return "degenerate fit";
    default:
        return gsl_strerror(status);
    }
}

/* Fit `kind` and simulate; 0 on success. */
static int try_named(enum model_kind kind, const struct model_data *d, struct pipe_series *s,
                     struct model_auto *fit, size_t npaths, gsl_rng *r, double *paths)
{
    struct model_fit *f = &fit->members[0];
    int status;

    if (d->n < model_min_points(kind))
        return GSL_EINVAL;
    status = model_fit(kind, d, NULL, f);
    if (status)
        return status;
    status = model_simulate(f, s->h, npaths, r, paths);
    if (status)
        return status;
    memset(&fit->weights, 0, sizeof fit->weights);
    fit->n_members = 1;
    fit->weights[0] = 1.0;
    fit->combo = false;
    fit->rule = MODEL_RULE_NAMED;
    snprintf(s->model, sizeof s->model, "%s", model_kind_name(kind));
    return GSL_SUCCESS;
}

/*
 * A series that no reconciliation, target or year-to-date figure will touch
 * (its region has neither a parent nor districts) needs only the mean and
 * quantiles of its paths; when their distribution is known in closed form
 * (models/auto_quantiles.c: the limits of the path estimates), take them
 * from it and simulate nothing.  False: simulate as usual.
 */
static bool closed_form(struct pipe_series *s, const struct model_auto *fit)
{
    double *mean = xcalloc(s->nq, sizeof *mean), *q = xcalloc(s->nq * PIPE_NQ, sizeof *q);

    if (model_auto_quantiles(fit, s->nq, pipe_quantiles, PIPE_NQ, mean, q) != GSL_SUCCESS) {
        free(mean);
        free(q);
        return false;
    }
    s->mean = mean;
    s->q = q;
    return true;
}

int pipe_ytd_paths(struct pipe_series *s, struct series_in *in, bool project, gsl_rng *r,
                   double *paths, size_t h, size_t npaths)
{
    size_t k = (size_t)(s->ytd_year - s->first_year), p;
    double *draws = xmalloc(npaths * sizeof *draws);
    int status = GSL_SUCCESS;

    for (p = 0; p < npaths; p++)
        draws[p] = paths[p * h + k];
    if (project) {
        in->ytd_in.model_end = model_mean(draws, npaths);
        status = model_ytd_project(&in->ytd_in, &s->ytd);
    }
    if (!status)
        status = model_ytd_simulate(&in->ytd_in, &s->ytd, r, npaths, draws);
    if (!status)
        model_ytd_apply(s->is_flow, pipe_history_nonneg(s), k, draws, npaths, h, paths);
    free(draws);
    return status;
}

/* What reports read of the fitted models, kept after the models are freed. */
static void keep_fit(struct pipe_fit *out, const struct model_auto *fit)
{
    const struct model_fit *f = &fit->members[0];
    size_t i;

    memset(out, 0, sizeof *out);
    out->n_members = fit->n_members;
    for (i = 0; i < fit->n_members && i < MODEL_AUTO_MAX; i++) {
        out->kinds[i] = fit->members[i].kind;
        out->weights[i] = fit->weights[i];
    }
    out->combo = fit->combo;
    out->rule = fit->rule;
    out->steady = fit->rare && fit->rare_trials > 0;
    out->horizon = fit->horizon;
    out->n_params = f->n_params;
    for (i = 0; i < f->n_params && i < MODEL_MAX_PARAMS; i++) {
        out->param_names[i] = f->param_names[i];
        out->params[i] = f->params[i];
        out->se[i] = f->se[i];
    }
}

/* The simpler models tried, in order, when the chosen one fails. */
static const enum model_kind fallbacks[] = {MODEL_DAMPED, MODEL_DRIFT, MODEL_NAIVE};

void pipe_fit_one(struct run *run, size_t idx, gsl_rng *r)
{
    const struct pipe_opts *o = run->o;
    struct pipe_series *s = &run->p->series[idx];
    struct series_in *in = &run->in[idx];
    size_t npaths = o->npaths, i;
    struct model_data d = {s->t, s->y, s->n, true, true};
    double *paths;
    struct model_auto *fit;
    int status = GSL_EINVAL;
    const char *tried = NULL;

    gsl_rng_set(r, pipe_stream_seed(o->seed, s));
    d.nonneg = pipe_history_nonneg(s);
    for (i = 0; i < s->n; i++)
        if (s->y[i] != floor(s->y[i]))
            d.is_count = false;
    s->is_count = d.is_count;
    in->ytd_in.is_count = d.is_count && d.nonneg && (!s->has_ytd || s->ytd_value >= 0.0);
    if (s->n == 0) {
        pipe_note_add(s, "no annual figure before the year-to-date one: not forecast",
                      "年内累计之前没有年度数据, 未预测");
        return;
    }
    if (s->aggregate) {
        /* Paths: filled by reconciliation with the sum of its children; fitted: at the end. */
        s->paths = pipe_paths_new(in->slab_paths, npaths * s->h, true);
        s->fitted = xcalloc(s->n, sizeof *s->fitted);
        snprintf(s->model, sizeof s->model, "sum");
        s->ok = true;
        return;
    }
    paths = pipe_paths_new(in->slab_paths, npaths * s->h, false);
    fit = in->fit = xcalloc(1, sizeof *in->fit);
    if (o->choice == PIPE_NAMED) {
        tried = model_kind_name(o->model);
        status = try_named(o->model, &d, s, fit, npaths, r, paths);
    } else {
        struct model_auto_opts ao;
        memset(&ao, 0, sizeof ao);
        ao.horizon = in->h_full;
        ao.combo = o->choice == PIPE_COMBO;
        ao.measure = s->is_flow ? MODEL_MEASURE_FLOW : MODEL_MEASURE_STOCK;
        tried = ao.combo ? "combo" : "auto";
        status = model_auto_fit(&d, &ao, fit);
        if (!status && in->lone)
            in->closed = closed_form(s, fit);
        if (!status && !in->closed)
            status = model_auto_simulate(fit, s->h, npaths, r, paths);
        in->auto_sim = !status;
        in->ytd_in.steady = !status && fit->rare && fit->rare_trials > 0;
        if (!status)
            (void)model_auto_name(fit, s->model, sizeof s->model);
        if (!status && fit->rare && fit->rare_trials > 0)
            pipe_note_add(
                s,
                "steady rare events: %g in %g years, at most %g a year, varying less "
                "than Poisson; each year binomial with a chance from Jeffreys' prior, or "
                "Gamma-Poisson if the pattern breaks "
                "(mean %.2g a year)",
                "均匀的稀有事件: 共 %g 次 (%g 年内), 每年至多 %g 次, 波动小于泊松; "
                "每年按二项分布, 概率带 Jeffreys 先验, 规律打破时为伽马-泊松 (平均每年 %.2g 次)",
                fit->rare_events, fit->rare_years, fit->rare_trials,
                (1 - fit->rare_break) * fit->rare_trials * fit->rare_shape /
                        (fit->rare_shape + fit->rare_beta) +
                    fit->rare_break * fit->rare_shape / fit->rare_rate);
        else if (!status && fit->rare)
            pipe_note_add(s,
                          "rare events: %g in %g years; chance from a Poisson rate with Jeffreys' "
                          "prior (Gamma-Poisson, mean %.2g a year)",
                          "稀有事件: 共 %g 次 (%g 年内); 概率来自带 Jeffreys 先验的泊松发生率 "
                          "(伽马-泊松, 平均每年 %.2g 次)",
                          fit->rare_events, fit->rare_years, fit->rare_shape / fit->rare_rate);
    }
    for (i = 0; status && i < sizeof fallbacks / sizeof fallbacks[0]; i++) {
        const char *why = status_text(status);
        if (o->choice == PIPE_NAMED && fallbacks[i] == o->model)
            continue;
        /* A fresh stream for the fallback, so its paths do not depend on what failed. */
        gsl_rng_set(r, pipe_stream_seed(o->seed, s));
        status = try_named(fallbacks[i], &d, s, fit, npaths, r, paths);
        in->auto_sim = false;
        pipe_note_add(s, "%s: %s; fell back to %s", "%s 无法使用 (%s), 改用 %s", tried, why,
                      model_kind_name(fallbacks[i]));
        tried = model_kind_name(fallbacks[i]);
    }
    if (status) {
        pipe_note_add(s, "%s: %s; not forecast", "%s 无法使用 (%s), 未预测", tried,
                      status_text(status));
        pipe_paths_free(run, paths);
        return;
    }
    keep_fit(&s->fit, fit);
    /* Fitted values (weighted over the members of a combination), for display. */
    s->fitted = xcalloc(s->n, sizeof *s->fitted);
    {
        double *work = xmalloc(s->n * sizeof *work);
        model_auto_fitted(fit, &d, work, s->fitted);
        free(work);
    }
    /* The year with a year-to-date figure takes its value from the projection. */
    if (s->has_ytd) {
        size_t k = (size_t)(s->ytd_year - s->first_year);
        if (pipe_ytd_paths(s, in, true, r, paths, s->h, npaths)) {
            pipe_note_add(s, "%d-%02d year to date could not be projected; ignored",
                          "%d-%02d 的年内累计无法外推到年末, 未采用", s->ytd_year, s->ytd_month);
            s->has_ytd = false;
        } else {
            if (s->is_flow && d.nonneg) {
                /* Reconciliation must not take the year below what it already holds. */
                s->floor = xcalloc(s->h, sizeof *s->floor);
                s->floor[k] = s->ytd_value > 0.0 ? s->ytd_value : 0.0;
            }
            if (s->ytd.flat)
                pipe_note_add(s,
                              "%d-%02d year to date projected to year end with a flat profile "
                              "(no earlier monthly figures)",
                              "%d-%02d 的年内累计按均匀进度外推到年末 (无往年月度数据)",
                              s->ytd_year, s->ytd_month);
            else if (s->ytd_profile_from >= 0)
                pipe_note_add(s,
                              "%d-%02d year to date projected to year end with the monthly "
                              "profile of %s%.0s (%zu earlier year%s)",
                              "%d-%02d 的年内累计按%.0s%s往年 %zu 年的月度进度外推到年末%.0s",
                              s->ytd_year, s->ytd_month,
                              run->p->series[s->ytd_profile_from].region_code,
                              run->p->series[s->ytd_profile_from].region_name, s->ytd.n_used,
                              s->ytd.n_used == 1 ? "" : "s");
            else
                pipe_note_add(s,
                              "%d-%02d year to date projected to year end with the monthly "
                              "profile of %zu earlier year%s",
                              "%d-%02d 的年内累计按往年 %zu 年的月度进度外推到年末%.0s",
                              s->ytd_year, s->ytd_month, s->ytd.n_used,
                              s->ytd.n_used == 1 ? "" : "s");
        }
    }
    if (in->closed) {
        pipe_paths_free(run, paths);
        paths = NULL;
    }
    s->paths = paths;
    s->ok = true;
}
