/*
 * models/rare.c -- the rare-event member of auto: counts with few events
 * so far, forecast with an uncertain rate (and, when steadier than
 * Poisson, as binomial counts) so that none so far is a small chance,
 * never zero.  Fitted and simulated from models/select.c.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "internal.h"
#include "smooth.h"

/*
 * Rare events.  A count with few events so far -- a flow averaging at most
 * RARE_MAX_MEAN a year, or a stock that never fell and rose by at most that
 * much a year (its rises are the events) -- is forecast as Poisson events
 * with an uncertain rate: lambda ~ Gamma(1/2 + events, years) (Jeffreys'
 * prior 1/sqrt(lambda), updated by the events seen), so that "none in five
 * years" reads as a small chance, not zero: P(no event in the next h years)
 * = (years / (years + h))^(1/2 + events).  A count taking off (more than
 * one event more in the later half of its years than in the earlier) is
 * left to the growth models.  A series of unknown measure is taken as a
 * stock when it never fell, else as a flow.
 */
#define RARE_MAX_MEAN 1.0
#define RARE_PRIOR_SHAPE 0.5
/*
 * Steadier than Poisson.  Poisson events vary about as much as their mean
 * from year to year; a count like 1, 1, 1, 1, 1 (one new centre a year, as
 * a quota or a yearly call gives) varies far less, and a Poisson rate would
 * give it a 37% chance of a year with none.  When the dispersion statistic
 * sum (c - mean)^2 / mean of the k yearly counts is below the RARE_UNDER_P
 * quantile of chi^2 with k - 1 degrees of freedom (the classical test of
 * under-dispersion), each year is instead Binomial(m, p), m the largest
 * yearly count seen and p ~ Beta(1/2 + events, 1/2 + m k - events)
 * (Jeffreys' prior).  The pattern may break: each year, with the chance
 * (1/2) / (k + 1) of a break never seen in k years (Jeffreys' rule of
 * succession), the year is Gamma-Poisson as above instead, so more than m
 * stays possible.  Five years of exactly one give a year with at least one
 * (11/12) (5.5/6) + (1/12) (1 - (5/6)^5.5) = 89%, not 1 - (5/6)^5.5 = 63%;
 * at least two 2.6%, not 0.
 */
#define RARE_UNDER_P 0.05
#define RARE_UNDER_MIN_YEARS 3

/* The yearly counts of a rare series (a flow's values, a stock's yearly rises): k, or 0. */
static size_t rare_counts(const struct model_data *d, bool stock, double *c)
{
    size_t i, k = 0;

    if (!stock) {
        for (i = 0; i < d->n; i++)
            c[k++] = d->y[i];
        return k;
    }
    for (i = 1; i < d->n; i++) {
        if (fabs(d->t[i] - d->t[i - 1] - 1.0) > 1e-9)
            return 0; /* a gap: the rises are not yearly counts */
        c[k++] = d->y[i] - d->y[i - 1];
    }
    return k;
}

static void rare_under_dispersed(const struct model_data *d, struct model_auto *out)
{
    double c[SMOOTH_MAX_N], mean = 0, x2 = 0, m = 0;
    size_t i, k;

    if (d->n > SMOOTH_MAX_N)
        return;
    k = rare_counts(d, out->rare_stock, c);
    if (k < RARE_UNDER_MIN_YEARS)
        return;
    for (i = 0; i < k; i++) {
        mean += c[i] / (double)k;
        m = fmax(m, c[i]);
    }
    if (!(mean > 0))
        return;
    for (i = 0; i < k; i++)
        x2 += (c[i] - mean) * (c[i] - mean) / mean;
    if (!(gsl_cdf_chisq_P(x2, (double)(k - 1)) < RARE_UNDER_P))
        return;
    out->rare_trials = m;
    out->rare_shape = RARE_PRIOR_SHAPE + out->rare_events;
    out->rare_beta = RARE_PRIOR_SHAPE + m * (double)k - out->rare_events;
    out->rare_break = RARE_PRIOR_SHAPE / ((double)k + 1.0);
}

bool model_rare_fit(const struct model_data *d, enum model_measure measure, struct model_auto *out)
{
    double ev = 0, years, span = d->t[d->n - 1] - d->t[0];
    bool stock = measure == MODEL_MEASURE_STOCK, fell = false;
    size_t i;

    if (!d->is_count || !d->nonneg)
        return false;
    for (i = 1; i < d->n; i++)
        fell = fell || d->y[i] < d->y[i - 1];
    if (measure == MODEL_MEASURE_UNKNOWN)
        stock = !fell;
    if (stock) {
        if (fell || d->n < 2 || !(span > 0))
            return false;
        ev = d->y[d->n - 1] - d->y[0];
        years = span;
    } else {
        for (i = 0; i < d->n; i++)
            ev += d->y[i];
        years = (double)d->n;
    }
    if (ev > RARE_MAX_MEAN * years)
        return false;
    {
        /* A count taking off (more events in the later half) is growth, not a steady rate. */
        double early = 0, late = 0;
        size_t half = d->n / 2;
        for (i = 1; i < d->n; i++) {
            double e = stock ? d->y[i] - d->y[i - 1] : d->y[i];
            if (i <= half)
                early += e;
            else
                late += e;
        }
        if (!stock)
            early += d->y[0];
        if (late > early + 1)
            return false;
    }
    out->rare = true;
    out->rare_stock = stock;
    out->rare_events = ev;
    out->rare_years = years;
    out->rare_shape = RARE_PRIOR_SHAPE + ev;
    out->rare_rate = years;
    rare_under_dispersed(d, out);
    return true;
}

/* Paths of the rare-event member (see model_rare_fit): integers, never below zero. */
int model_rare_simulate(const struct model_auto *a, size_t h, size_t npaths, gsl_rng *r,
                        double *paths)
{
    size_t p, j;

    for (p = 0; p < npaths; p++) {
        double lam = gsl_ran_gamma(r, a->rare_shape, 1.0 / a->rare_rate), pr = 0;
        double x = a->rare_stock ? a->members[0].y_last : 0;
        if (a->rare_trials > 0)
            pr = gsl_ran_beta(r, a->rare_shape, a->rare_beta);
        for (j = 0; j < h; j++) {
            bool steady = a->rare_trials > 0 && gsl_rng_uniform(r) >= a->rare_break;
            double e = steady ? (double)gsl_ran_binomial(r, pr, (unsigned)a->rare_trials)
                              : (double)gsl_ran_poisson(r, lam);
            x = a->rare_stock ? x + e : e;
            paths[p * h + j] = x;
        }
    }
    return GSL_SUCCESS;
}
