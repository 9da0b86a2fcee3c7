/*
 * models/ytd.c -- a year-to-date figure (a monthly progress report's
 * "YYYY-MM" value) projected to the end of the year, from how earlier years
 * filled up month by month.
 *
 * The share of a year reached by month m in an earlier year is
 *   flow:  at_month / year_end               (the cumulative total since January)
 *   stock: (at_month - prev_end) / (year_end - prev_end)   (the year's increment)
 * An earlier year whose total (or increment) is not positive says nothing
 * about how the year fills up and is skipped; shares outside [0, 1.5] too.
 * Their mean is the profile; their spread is the uncertainty: the sample
 * variance of k years, shrunk toward the flat-profile spread below as by one
 * more year ((f^2 + (k - 1) var) / k, so one usable year gives the flat
 * spread and two years that happen to agree do not give a certain share),
 * inflated by sqrt(1 + 1/k) as for predicting one new year.  For a flow of
 * whole events the share is also a proportion of a few events, drawn from
 * its Jeffreys posterior when that is wider (see rest_events below).  With
 * none the profile is flat, m/12, with spread
 * 0.25 (12 - m)/12: a quarter of what is still to come, so that a figure in
 * January is very uncertain and one in December not at all.
 *
 * The year end.  The textbook ytd / s explodes when s is small, and many
 * plan indicators fill up in the last months (high-tech certifications come
 * in November): a June share of 0.05 turns 1 into 20, and a June figure of 0
 * into a certain 0.  Instead the rest of the year, (1 - s) of it, is run at a
 * pace that mixes what the year to date shows (ytd / s, trusted in
 * proportion to s) with what the model expected (M, trusted as 1 - s):
 *     rest = (1 - s) (s (ytd / s) + (1 - s) M) = (1 - s) (ytd + (1 - s) M)
 *     year end = ytd + rest.
 * In December (s = 1) it is the figure; with nothing known (s = 0, ytd = 0)
 * it is the model; when the year runs exactly at the model's pace
 * (ytd = s M) it is M; there is no division, so nothing explodes.  For a
 * stock all of it is on the increment since the previous year end.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "internal.h"
#include "model.h"

static double flat_sd(int month)
{
    return 0.25 * (12.0 - month) / 12.0;
}

/* The year end at share s, with model_end the model's year-end figure. */
static double year_end(const struct ytd_input *in, double share, double model_end)
{
    double base = in->is_stock ? in->prev_end : 0.0;
    double done = in->ytd - base, m = model_end - base, rest;

    if (share < 0.0)
        share = 0.0;
    if (share > 1.0)
        share = 1.0;
    rest = (1.0 - share) * (done + (1.0 - share) * m);
    return base + done + rest;
}

/*
 * A flow of whole events (is_count).  The weight s on the year to date's
 * pace assumes that pace is measured well, which it is not when only a few
 * events were due by now: "none by June" of a flow of two a year, most of
 * them usually in spring, says little about this year's rate.  The weight
 * is therefore s d / (d + YTD_DUE_EVENTS), d = s m the events the model
 * expected by now (m its mean year end): the same as before where many
 * events were due, small where a handful were.  The rest of the year is a
 * count, Poisson with the mean that gives.  Steady events (in->steady: a
 * count like one centre a year, steadier than Poisson) are a count for the
 * year rather than a process in time, so what is not done yet of the
 * year's total is still to come, rounded up or down at random.
 */
#define YTD_DUE_EVENTS 2.0

static double rest_events(const struct ytd_input *in, double share, double model_end, double m,
                          gsl_rng *r, double *memo)
{
    double s = fmin(fmax(share, 0.0), 1.0), d = s * m, w, mu, fl, pace;

    w = s * d / (d + YTD_DUE_EVENTS);
    pace = s > 0.0 ? in->ytd / s : 0.0;
    if (in->steady)
        mu = (1.0 - w) * fmax(model_end, 0.0) + w * pace - in->ytd;
    else
        mu = (1.0 - s) * ((1.0 - w) * fmax(model_end, 0.0) + w * pace);
    if (!(mu > 0.0))
        return 0.0;
    if (!in->steady)
        return model_draw_poisson(r, mu, memo);
    fl = floor(mu);
    return fl + (gsl_rng_uniform(r) < mu - fl ? 1.0 : 0.0);
}

int model_ytd_project(const struct ytd_input *in, struct ytd_projection *out)
{
    double sum = 0.0, sumsq = 0.0, z90, ev_by = 0.0, ev_after = 0.0;
    size_t i, k = 0;

    if (!in || !out || in->month < 1 || in->month > 12 || !isfinite(in->ytd))
        return GSL_EINVAL;
    if ((in->is_stock && !isfinite(in->prev_end)) || !isfinite(in->model_end))
        return GSL_EINVAL;
    if (in->n_years > 0 &&
        (!in->hist_at_month || !in->hist_year_end || (in->is_stock && !in->hist_prev_end)))
        return GSL_EINVAL;
    for (i = 0; i < in->n_years; i++) {
        double num = in->hist_at_month[i], den = in->hist_year_end[i], share;
        if (in->is_stock) {
            num -= in->hist_prev_end[i];
            den -= in->hist_prev_end[i];
        }
        if (!isfinite(num) || !isfinite(den))
            return GSL_EINVAL;
        if (!(den > 0.0))
            continue;
        share = num / den;
        if (share < 0.0 || share > 1.5)
            continue;
        sum += share;
        sumsq += share * share;
        ev_by += num;
        ev_after += den - num;
        k++;
    }
    out->n_used = k;
    out->flat = k == 0;
    out->beta_a = out->beta_b = 0.0;
    if (in->month == 12) {
        /* The December figure is the year end. */
        out->share_mean = 1.0;
        out->share_sd = 0.0;
    } else if (k == 0) {
        out->share_mean = in->month / 12.0;
        out->share_sd = flat_sd(in->month);
    } else {
        double mean = sum / (double)k, f0 = flat_sd(in->month);
        double var = k > 1 ? fmax((sumsq - (double)k * mean * mean) / (double)(k - 1), 0.0) : 0.0;
        /* The years' spread, shrunk toward the flat one as by one more year. */
        var = (f0 * f0 + (double)(k - 1) * var) / (double)k;
        out->share_mean = mean;
        out->share_sd = sqrt(var * (1.0 + 1.0 / (double)k));
        if (in->is_count && !in->is_stock && ev_after >= 0.0) {
            /*
             * Few events: the profile is a proportion of them, at least as
             * uncertain as its Jeffreys posterior Beta(1/2 + events by the
             * month, 1/2 + events after it) says -- two years whose three
             * events all came by June do not make June certain to end the year.
             */
            double a = ev_by + 0.5, b = ev_after + 0.5, pm = a / (a + b);
            if (sqrt(pm * (1.0 - pm) / (a + b + 1.0)) > out->share_sd) {
                out->beta_a = a;
                out->beta_b = b;
            }
        }
    }
    z90 = gsl_cdf_ugaussian_Pinv(0.9);
    out->mean = year_end(in, out->share_mean, in->model_end);
    {
        double a = year_end(in, out->share_mean + z90 * out->share_sd, in->model_end);
        double b = year_end(in, out->share_mean - z90 * out->share_sd, in->model_end);
        out->lo80 = fmin(a, b);
        out->hi80 = fmax(a, b);
    }
    if (!isfinite(out->mean) || !isfinite(out->lo80) || !isfinite(out->hi80))
        return GSL_EDOM;
    return GSL_SUCCESS;
}

int model_ytd_simulate(const struct ytd_input *in, const struct ytd_projection *proj, gsl_rng *r,
                       size_t n, double *paths)
{
    double m = 0.0, *memo = NULL, e = 0.0;
    bool events = in && in->is_count && !in->is_stock && in->month < 12;
    size_t i;

    if (!in || !proj || !r || (n > 0 && !paths) || in->month < 1 || in->month > 12)
        return GSL_EINVAL;
    if (events) {
        for (i = 0; i < n; i++)
            m += paths[i] / (double)n;
        events = m > 0.0;
    }
    /* log k! for the draws, each computed once (without memory: every time, the same values). */
    if (events)
        memo = model_log_fact_memo();
    /*
     * A normal share is drawn in antithetic pairs, as the model's paths are
     * (path 2k + 1 takes path 2k's draw negated): each path's share is still
     * a draw of its own, independent of the path's model value.
     */
    for (i = 0; i < n; i++) {
        double share = proj->share_mean;
        if (proj->beta_a > 0.0) {
            share = gsl_ran_beta(r, proj->beta_a, proj->beta_b);
        } else if (proj->share_sd > 0.0) {
            if (i % 2 == 0)
                e = gsl_ran_gaussian_ziggurat(r, proj->share_sd);
            share += i % 2 == 0 ? e : -e;
        }
        if (events) {
            paths[i] = in->ytd + rest_events(in, share, paths[i], m, r, memo);
            continue;
        }
        paths[i] = year_end(in, share, paths[i]);
        if (!in->is_stock && paths[i] < in->ytd)
            paths[i] = in->ytd;
        if (!isfinite(paths[i]))
            return GSL_EDOM;
    }
    free(memo);
    return GSL_SUCCESS;
}

void model_ytd_apply(bool is_flow, bool nonneg, size_t k, const double *draws, size_t npaths,
                     size_t h, double *paths)
{
    size_t p, j;

    for (p = 0; p < npaths; p++) {
        double *row = paths + p * h;
        if (is_flow) {
            row[k] = draws[p];
        } else {
            double delta = draws[p] - row[k];
            for (j = k; j < h; j++) {
                row[j] += delta;
                if (nonneg && row[j] < 0.0)
                    row[j] = 0.0;
            }
        }
    }
}
