/*
 * models/select.c -- automatic choice, combination and calibration:
 * model_auto_fit/forecast/simulate.
 *
 * Choice.  Every candidate is fitted to the whole series and refitted at
 * rolling origins (the last AUTO_W_ORIGINS years held out one at a time,
 * forecasting every held-out year from each origin).  Damped and theta keep
 * the smoothing parameters of the full fit at the origins and re-estimate
 * their states only (a "fixed-parameter" rolling origin, Tashman 2000): that
 * costs a filter pass instead of an optimisation and changes the ranking
 * little.  A candidate that cannot be fitted at an origin is scored as the
 * naive forecast there, which is what the engine would fall back to.
 * The score is the mean absolute backtest error scaled by the series' mean
 * absolute yearly change (MASE's scale), AICc breaking ties.
 *
 *   auto:  the best MODEL_AUTO_MAX candidates weighted by 1 / score: a soft
 *          choice -- a model that backtests clearly best dominates, close
 *          calls are averaged, which is what wins on annual data (the M3
 *          and M4 competitions; Petropoulos & Svetunkov 2020);
 *   combo: the equal-weight mean of the best AUTO_COMBO_BEST candidates.
 * Very short series (fewer than AUTO_MIN_BACKTEST points) get a fixed robust
 * choice: naive and drift mixed, the drift weighted 0.65 when the series
 * rose and 0.3 when it fell (SHORT_W_UP/DOWN), or naive alone (1-2 points).
 *
 * Calibration.  The paths of the chosen members are re-centred on the
 * combined mean and their spread set to sd[h] = scale[h] * ref[h], where
 * ref[h] is the members' own predictive sd (weighted) and
 *   scale[h] = c[h] * s,   s^2 = (nu + sum z^2 / c^2) / (nu + N),
 * z the backtest errors of the combination divided by their own predictive
 * sd (all origins up to AUTO_CAL_ORIGINS, every horizon seen), c[h] a
 * global prior of how much too narrow model intervals are on annual data
 * at horizon h, and nu the weight of that prior in pseudo-errors: one
 * series has too few errors to estimate its own spread, so its estimate is
 * shrunk toward the pooled one (empirical Bayes).  Series of at most
 * SHORT_MAX_N points take a flatter horizon profile c_s(h) in place of c(h)
 * (SHORT_C0, SHORT_C1 below).
 * Series of at most SHORT_MAX_N points also carry an uncertain trend: sd[h]
 * has (kappa(n) b h)^2 more variance, b the mean yearly change -- a trend
 * seen over a few years may halve or double, which neither the members'
 * parameter errors nor a handful of backtest errors show.  Both the shares
 * and kappa(n) were set on short windows of the M3 training parts
 * (tests/bench/m3/README.md, "Short series").
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "internal.h"
#include "smooth.h"

#define AUTO_W_ORIGINS 4    /* rolling origins that score the candidates */
#define AUTO_CAL_ORIGINS 10 /* rolling origins that calibrate the spread */
#define AUTO_BT_STEPS 10    /* longest backtest horizon kept */
#define AUTO_MIN_TRAIN 3    /* shortest prefix a backtest refits */
/*
 * Fewer points: the fixed robust choice.  On M3 windows it beat the
 * rolling-origin choice at 6 and 7 points, not at 8 (tests/bench/m3/README.md).
 */
#define AUTO_MIN_BACKTEST 8
#define AUTO_COMBO_BEST 3 /* members of combo */
#define AUTO_MAX_CAND MODEL_KIND_COUNT
#ifndef PRIOR_NU
#define PRIOR_NU 6.0 /* prior weight of the global calibration, in errors */
#endif
#define Z_CAP 5.0             /* winsorise standardised backtest errors (one break year) */
#define REL_SD_PRIOR 0.10     /* prior yearly sd relative to the level, for 1-2 points */
#define SD_FLOOR_REL 1e-3     /* smallest yearly sd relative to the level */
#define AUTO_COUNT_LEVEL 1000 /* count models are candidates up to this mean count */

/*
 * Global prior c(h) = PRIOR_C0 + PRIOR_C1 (h - 1), capped at PRIOR_CMAX: how
 * many times wider than the models' own predictive sd the errors of annual
 * series are at horizon h (model intervals ignore that the model itself may
 * be wrong, which matters more the further out).  Set once from the M3
 * yearly *training* parts (the last 6 training years held out), then checked
 * on the official test years and on each half of the series list: a
 * hyper-parameter of the method, not a per-series setting.
 */
#ifndef PRIOR_C0
#define PRIOR_C0 1.0
#endif
#ifndef PRIOR_C1
#define PRIOR_C1 0.25
#endif
#define PRIOR_CMAX 3.0
/*
 * The backtests at the rolling origins reuse smoothing parameters estimated
 * on the whole series and choose the weights on the same errors, so their
 * errors understate what the future holds; AUTO_GAIN is that optimism,
 * measured once like c(h).
 */
#ifndef AUTO_GAIN
#define AUTO_GAIN 1.45
#endif
/*
 * Errors of annual series are heavy-tailed: the 95% quantile of the
 * standardised errors is about 2 times the 80% one, not 1.53 as for a
 * normal.  Each path's deviation is therefore scaled by one draw of
 * sqrt((nu - 2) / chi2_nu), nu = AUTO_TAIL_DF = 3, which makes it Student-t with
 * unit variance: some futures are wilder than others in every year.
 */
#ifndef AUTO_TAIL_DF
#define AUTO_TAIL_DF 3 /* an integer: chi2 as a sum of squared normals */
#endif

static double prior_at(size_t h) /* h counted from 1 */
{
    return fmin(PRIOR_C0 + PRIOR_C1 * (double)(h - 1), PRIOR_CMAX);
}

struct cand {
    struct model_fit fit; /* on the whole series */
    double err;           /* mean scaled absolute backtest error */
    size_t n_err;
};

/* Refit ref's model to the prefix d: cheaply for the smoothers, else fully. */
static int refit(const struct model_fit *ref, const struct model_data *d,
                 const struct model_opts *o, struct model_fit *f)
{
    int status;

    if (ref->kind == MODEL_DAMPED || ref->kind == MODEL_THETA) {
        if (d->n < model_min_points(ref->kind))
            return GSL_EINVAL;
        model_fit_header(ref->kind, d, o, f);
        status = ref->kind == MODEL_DAMPED ? model_damped_refit(d, o, ref, f)
                                           : model_theta_refit(d, o, ref, f);
        if (!status && !(isfinite(f->sigma) && isfinite(f->state[0]) && isfinite(f->state[1])))
            status = GSL_EDOM;
        return status;
    }
    return model_fit(ref->kind, d, o, f);
}

/*
 * The model's own predictive sd by step: closed forms for the smoothers,
 * else the root mean square in-sample residual growing like sqrt(h) (a
 * deliberately plain reference: the calibration rescales it anyway).
 */
static void own_sd(const struct model_fit *f, const struct model_data *d, size_t h, double *sd)
{
    double fitted[SMOOTH_MAX_N], ss = 0, s = f->sigma;
    size_t i, j, cnt = 0;
    int status;

    switch (f->kind) {
    case MODEL_NAIVE:
    case MODEL_DRIFT:
        status = model_rw_sd(f, h, sd);
        break;
    case MODEL_DAMPED:
        status = model_damped_sd(f, h, sd);
        break;
    case MODEL_THETA:
        status = model_theta_sd(f, h, sd);
        break;
    default:
        status = GSL_EINVAL;
        break;
    }
    if (status == GSL_SUCCESS)
        return;
    if (d->n <= SMOOTH_MAX_N && model_fitted(f, d, fitted) == GSL_SUCCESS) {
        for (i = 0; i < d->n; i++, cnt++)
            ss += (d->y[i] - fitted[i]) * (d->y[i] - fitted[i]);
        s = cnt > 0 ? sqrt(ss / (double)cnt) : f->sigma;
    }
    for (j = 0; j < h; j++)
        sd[j] = s * sqrt((double)(j + 1));
}

/*
 * The horizon profile of a short series' spread: c_s(h) = SHORT_C0 +
 * SHORT_C1 (h - 1) in place of c(h).  The global c(h) grows by 0.25 a year,
 * which on windows of 3-10 points left h = 1 too narrow and h = 5 too wide
 * (80% intervals holding 78.5 / 81.0 / 82.8% at h = 1 / 3 / 5 on the M3
 * training windows, 74.8 / 83.5 / 84.0% on the synthetic counts of seed 1):
 * a few points carry measurement noise that does not accumulate, which a
 * random walk's sqrt(h) growth does not know.  c_s = 1.25 + 0.1 (h - 1) was
 * chosen on those training windows (81.2 / 80.6 / 80.6% and 78.6 / 83.0 /
 * 82.0%; tests/bench/calibration/README.md).
 */
#ifndef SHORT_C0
#define SHORT_C0 1.25
#endif
#ifndef SHORT_C1
#define SHORT_C1 0.1
#endif
/*
 * The drift's share beside naive for a series too short to backtest, by the
 * sign of its trend.  On windows of 3-5 points cut from the M3 yearly
 * training parts (ending 6 years before the end of training, scored on
 * those 6 years; tests/bench/m3/README.md) a rising trend is best
 * extrapolated at about two thirds (shares 0.5 / 0.65 / 0.8: MASE 3.096 /
 * 3.055 / 3.069 on the rising 5-point windows) and a falling one at about
 * a third or less (falls revert; 0.5 / 0.3 / 0: MASE 2.889 / 2.856 / 2.866
 * on all 5-point windows).  A share from the drift's t statistic did worse
 * than any fixed share: five points say little about how real a trend is.
 */
#ifndef SHORT_W_UP
#define SHORT_W_UP 0.65
#endif
#define SHORT_W_DOWN 0.3
/*
 * A flow's yearly value is the count of that year's events: its noise does
 * not carry over to the next year as a level's does, so the last value is a
 * noisy anchor.  A short flow of at least SHORT_LINEAR_MIN_N points also
 * takes a straight line through all its points (a smoothed level and trend)
 * as a third member, sharing SHORT_W_LINEAR of the weight.  Chosen on
 * synthetic count series read as flows and synthetic monthly reports
 * (gen_synth.py and gen_ytd.py, seed 1; checked on seed 2; README.md in
 * tests/bench/calibration): Brier skill rose from 0.230 to 0.254 on five to
 * seven points, ECE fell from 0.047 to 0.043; on three or four points the
 * line did worse than the pair.  Stocks are not touched.
 */
#define SHORT_W_LINEAR (1.0 / 3.0)
#define SHORT_LINEAR_MIN_N 5
/*
 * How uncertain the trend of a short series is: its future yearly change
 * may differ from the observed mean change by kappa(n) times that change
 * (one sd).  Set on the M3 yearly training parts (windows of n points
 * ending 6 years before the end of training, scored on those 6 years), to
 * bring 80% coverage of h = 1..5 near nominal for each n; checked on
 * windows ending at the end of training, scored on the test years.
 */
static const double trend_kappa_n[SHORT_MAX_N + 1] = {
    1.0, 1.0, 1.0, 0.7, 0.45, 0.35, 0.3, 0.25, 0.3, 0.25, 0.2, /* n = 0..10 */
};

/*
 * A smooth series' trend is less uncertain: kappa(n) was set on M3, whose
 * yearly log changes move by 5-30%, and a population or a stock of
 * registered firms whose changes vary by a few tenths of a percent does not
 * halve or double its rise in a few years as often.  kappa(n) is scaled by
 * min(1, sd / TREND_SMOOTH_SD), sd that of the yearly log changes (positive
 * series of 3 points or more): noisier series keep it whole.  Chosen on the
 * training sets of tests/bench/calibration (0.005 / 0.01 / 0.02 / 0.04:
 * Gapminder training cuts ECE 0.010 / 0.009 / 0.008 / 0.007, M3 training
 * years 80% in 77.8 / 77.7 / 77.5 / 76.8, from 0.014 and 78.0 without).
 */
#define TREND_SMOOTH_SD 0.01

/* The factor on kappa(n) for series d: 1, or less for a smooth positive series. */
static double trend_smooth(const struct model_data *d)
{
    double sum = 0, ss = 0, mean, v;
    size_t i, m = d->n - 1;

    if (d->n < 3)
        return 1.0;
    for (i = 0; i < d->n; i++)
        if (!(d->y[i] > 0))
            return 1.0;
    for (i = 1; i < d->n; i++) {
        double c = log(d->y[i] / d->y[i - 1]) / (d->t[i] - d->t[i - 1]);
        sum += c;
        ss += c * c;
    }
    mean = sum / (double)m;
    v = fmax((ss - sum * mean) / (double)(m - 1), 0.0);
    return fmin(1.0, sqrt(v) / TREND_SMOOTH_SD);
}

double model_short_kappa(const struct model_data *d)
{
    return trend_kappa_n[d->n] * trend_smooth(d);
}

/* kappa times the mean yearly change (0 for series longer than SHORT_MAX_N). */
static double trend_sd(const struct model_data *d)
{
    double span = d->t[d->n - 1] - d->t[0];

    if (d->n < 2 || d->n > SHORT_MAX_N || !(span > 0))
        return 0.0;
    return model_short_kappa(d) * fabs(d->y[d->n - 1] - d->y[0]) / span;
}

/* A naive fit for 1 or 2 points, its sigma shrunk toward a relative prior. */
static void short_naive(const struct model_data *d, const struct model_opts *o, struct model_fit *f)
{
    double level = fabs(d->y[d->n - 1]), s0 = REL_SD_PRIOR * level, s2 = s0 * s0;

    model_fit_header(MODEL_NAIVE, d, o, f);
    if (d->is_count && s0 < 1)
        s2 = 1; /* a count of zero still varies by about one */
    if (d->n == 2) {
        double g = d->t[1] - d->t[0], dy = d->y[1] - d->y[0];
        s2 = (2 * s2 + dy * dy / g) / 3; /* the prior counts as two differences */
    }
    f->sigma = sqrt(s2);
    f->loglik = 0;
    f->aicc = 0;
}

/*
 * The default candidates, from each model's row (model_info.join): the
 * random walks and smoothers always; the count models for small counts,
 * where Poisson-type noise and integer paths matter.  The growth curves (linear, exp, logistic,
 * gompertz) are not in the default set: on the 645 M3 yearly series adding linear or exp to it made
 * auto worse (sMAPE 15.79 -> 15.89 / 16.05) and the S-curves fit about 150 series/s; ask for them
 * with candidates or a named model.
 */
static unsigned default_candidates(const struct model_data *d)
{
    bool small_counts = d->is_count && model_mean(d->y, d->n) <= AUTO_COUNT_LEVEL;
    unsigned m = 0;
    size_t k;

    for (k = 0; k < MODEL_KIND_COUNT; k++) {
        enum model_join join = model_kind_info((enum model_kind)k)->join;
        if (join == MODEL_JOIN_ALWAYS || (join == MODEL_JOIN_SMALL_COUNTS && small_counts))
            m |= 1u << k;
    }
    return m;
}

static bool valid_data(const struct model_data *d)
{
    size_t i;

    if (!d || !d->t || !d->y || d->n == 0)
        return false;
    for (i = 0; i < d->n; i++) {
        if (!isfinite(d->t[i]) || !isfinite(d->y[i]))
            return false;
        if (i > 0 && !(d->t[i] > d->t[i - 1]))
            return false;
    }
    return true;
}

/* The weighted member sd by step into ref[0..h-1]. */
static void combo_ref_sd(const struct model_auto *a, const struct model_data *d, size_t h,
                         double *ref)
{
    double sd[MODEL_MAX_HORIZON];
    size_t i, j;

    for (j = 0; j < h; j++)
        ref[j] = 0;
    for (i = 0; i < a->n_members; i++) {
        own_sd(&a->members[i], d, h, sd);
        for (j = 0; j < h; j++)
            ref[j] += a->weights[i] * sd[j];
    }
}

/*
 * sd[] = scale[] * ref[], floored; scale[] from the series' own s.  trend_sd
 * (0 for series long enough to backtest) adds an uncertain trend: the
 * future yearly change may differ from the observed one by trend_sd, so
 * step j + 1 has (trend_sd (j + 1))^2 more variance.
 */
static void set_spread(struct model_auto *a, const struct model_data *d, double s, double trend_sd)
{
    double ref[MODEL_MAX_HORIZON], level = 0, mean[MODEL_MAX_HORIZON];
    size_t i, j;

    combo_ref_sd(a, d, a->horizon, ref);
    model_auto_forecast(a, a->horizon, mean);
    for (i = 0; i < d->n; i++)
        level += fabs(d->y[i]) / (double)d->n;
    for (j = 0; j < a->horizon; j++) {
        double floor = SD_FLOOR_REL * fmax(level, fabs(mean[j])) * sqrt((double)(j + 1));
        double tr = trend_sd * (double)(j + 1), sd;
        a->scale[j] = AUTO_GAIN * s *
                      (d->n <= SHORT_MAX_N ? SHORT_C0 + SHORT_C1 * (double)j : prior_at(j + 1));
        sd = sqrt(a->scale[j] * ref[j] * a->scale[j] * ref[j] + tr * tr);
        if (ref[j] > 0)
            a->scale[j] = sd / ref[j];
        a->sd[j] = fmax(sd, floor);
    }
}

int model_auto_fit(const struct model_data *data, const struct model_auto_opts *opts,
                   struct model_auto *out)
{
    const struct model_opts *fo;
    struct cand cand[AUTO_MAX_CAND];
    size_t nc = 0, i, j, k, o, n_orig, order[AUTO_MAX_CAND], steps;
    unsigned mask;
    double scale, zsum = 0, zcnt = 0;
    /* backtest forecasts and sds: [origin][candidate][step] */
    static const size_t NO = AUTO_CAL_ORIGINS, NS = AUTO_BT_STEPS;
    double bt_f[AUTO_CAL_ORIGINS][AUTO_MAX_CAND][AUTO_BT_STEPS];
    double bt_sd[AUTO_CAL_ORIGINS][AUTO_MAX_CAND][AUTO_BT_STEPS];
    double bt_y[AUTO_CAL_ORIGINS][AUTO_BT_STEPS];
    bool bt_ok[AUTO_CAL_ORIGINS][AUTO_BT_STEPS];

    if (!valid_data(data) || !opts || !out || opts->horizon == 0 ||
        opts->horizon > MODEL_MAX_HORIZON)
        return GSL_EINVAL;
    fo = &opts->fit;
    memset(out, 0, sizeof *out);
    out->horizon = opts->horizon;
    mask = opts->candidates ? opts->candidates : default_candidates(data);
    if (mask >> MODEL_KIND_COUNT)
        return GSL_EINVAL;

    /* Fit every candidate to the whole series. */
    for (k = 0; k < MODEL_KIND_COUNT; k++) {
        if (!(mask & 1u << k))
            continue;
        if (data->n >= model_min_points((enum model_kind)k) &&
            model_fit((enum model_kind)k, data, fo, &cand[nc].fit) == GSL_SUCCESS) {
            cand[nc].err = 0;
            cand[nc].n_err = 0;
            nc++;
        } else {
            out->failed |= 1u << k;
        }
    }

    /* Very short series: a fixed robust choice, calibrated by the prior alone. */
    if (!opts->candidates)
        (void)model_rare_fit(data, opts->measure, out);
    if (data->n < AUTO_MIN_BACKTEST || out->rare) {
        bool want_naive = mask & 1u << MODEL_NAIVE, want_drift = mask & 1u << MODEL_DRIFT;
        if (!opts->candidates)
            want_naive = want_drift = true;
        if (want_naive) {
            if (data->n <= 2)
                short_naive(data, fo, &out->members[out->n_members++]);
            else if (model_fit(MODEL_NAIVE, data, fo, &out->members[out->n_members]) == 0)
                out->n_members++;
        }
        if (want_drift && data->n >= model_min_points(MODEL_DRIFT) &&
            model_fit(MODEL_DRIFT, data, fo, &out->members[out->n_members]) == 0)
            out->n_members++;
        if (out->n_members == 0) {
            /* Only the caller's own candidates: the first that fitted. */
            if (nc == 0)
                return GSL_EINVAL;
            out->members[out->n_members++] = cand[0].fit;
        }
        for (i = 0; i < out->n_members; i++)
            out->weights[i] = 1.0 / (double)out->n_members;
        if (out->n_members == 2 && out->members[1].kind == MODEL_DRIFT) {
            double w = out->members[1].params[0] > 0 ? SHORT_W_UP : SHORT_W_DOWN;
            out->weights[0] = 1 - w;
            out->weights[1] = w;
            if (!opts->candidates && !out->rare && opts->measure == MODEL_MEASURE_FLOW &&
                data->n >= SHORT_LINEAR_MIN_N &&
                model_fit(MODEL_LINEAR, data, fo, &out->members[2]) == GSL_SUCCESS) {
                out->weights[0] *= 1 - SHORT_W_LINEAR;
                out->weights[1] *= 1 - SHORT_W_LINEAR;
                out->weights[2] = SHORT_W_LINEAR;
                out->n_members = 3;
            }
        }
        out->combo = out->n_members > 1;
        out->rule = out->rare ? MODEL_RULE_RARE : MODEL_RULE_SHORT;
        set_spread(out, data, 1.0, trend_sd(data));
        if (!opts->candidates && !out->rare)
            (void)model_pred_log(data, &model_pred_default, out);
        return GSL_SUCCESS;
    }
    if (nc == 0)
        return GSL_EINVAL;

    /* Rolling origins: refit on y[0..L-1], forecast the held-out years. */
    scale = model_mase_scale(data->y, data->n);
    if (!(scale > 0))
        scale = 1;
    n_orig = 0;
    for (o = 1; o <= NO && data->n - o >= AUTO_MIN_TRAIN; o++) {
        struct model_data pre = *data;
        struct model_fit f, fb;
        double fc[AUTO_BT_STEPS], sd[AUTO_BT_STEPS], fbc[AUTO_BT_STEPS], fbsd[AUTO_BT_STEPS];
        bool have_fb = false;
        size_t L = data->n - o;

        pre.n = L;
        for (j = 0; j < NS; j++)
            bt_ok[o - 1][j] = false;
        for (j = L; j < data->n; j++) {
            double st = nearbyint(data->t[j] - data->t[L - 1]);
            if (st >= 1 && st <= (double)NS) {
                bt_ok[o - 1][(size_t)st - 1] = true;
                bt_y[o - 1][(size_t)st - 1] = data->y[j];
            }
        }
        for (i = 0; i < nc; i++) {
            const struct model_fit *use = &f;
            if (refit(&cand[i].fit, &pre, fo, &f) || model_forecast(&f, NS, fc)) {
                if (!have_fb) {
                    if (model_fit(MODEL_NAIVE, &pre, fo, &fb) || model_forecast(&fb, NS, fbc))
                        return GSL_EINVAL; /* cannot happen for L >= 2 */
                    own_sd(&fb, &pre, NS, fbsd);
                    have_fb = true;
                }
                use = &fb;
                memcpy(fc, fbc, sizeof fc);
                memcpy(sd, fbsd, sizeof sd);
            } else {
                own_sd(use, &pre, NS, sd);
            }
            for (j = 0; j < NS; j++) {
                bt_f[o - 1][i][j] = fc[j];
                bt_sd[o - 1][i][j] = sd[j];
                if (o <= AUTO_W_ORIGINS && bt_ok[o - 1][j]) {
                    cand[i].err += fabs(bt_y[o - 1][j] - fc[j]) / scale;
                    cand[i].n_err++;
                }
            }
        }
        n_orig = o;
    }

    /* Rank: backtest score, then AICc. */
    for (i = 0; i < nc; i++) {
        cand[i].err = cand[i].n_err ? cand[i].err / (double)cand[i].n_err : 0;
        order[i] = i;
    }
    for (i = 1; i < nc; i++) {
        size_t v = order[i];
        for (j = i; j > 0; j--) {
            const struct cand *a = &cand[order[j - 1]], *b = &cand[v];
            if (a->err < b->err || (a->err == b->err && a->fit.aicc <= b->fit.aicc))
                break;
            order[j] = order[j - 1];
        }
        order[j] = v;
    }
    {
        size_t want = opts->combo ? AUTO_COMBO_BEST : MODEL_AUTO_MAX;
        double tot = 0, floor = 1e-6;
        if (want > MODEL_AUTO_MAX)
            want = MODEL_AUTO_MAX;
        if (want > nc)
            want = nc;
        for (i = 0; i < want; i++) {
            out->members[i] = cand[order[i]].fit;
            out->weights[i] = opts->combo ? 1.0 : 1.0 / fmax(cand[order[i]].err, floor);
            tot += out->weights[i];
        }
        for (i = 0; i < want; i++)
            out->weights[i] /= tot;
        out->n_members = want;
        out->combo = want > 1;
        out->rule = opts->combo ? MODEL_RULE_COMBO : MODEL_RULE_AUTO;
    }

    /* Calibration from the combination's own backtest errors. */
    steps = opts->horizon < NS ? opts->horizon : NS;
    for (o = 0; o < n_orig; o++) {
        for (j = 0; j < steps; j++) {
            double f = 0, sd = 0, z;
            if (!bt_ok[o][j])
                continue;
            for (i = 0; i < out->n_members; i++) {
                size_t c = order[i];
                f += out->weights[i] * bt_f[o][c][j];
                sd += out->weights[i] * bt_sd[o][c][j];
            }
            if (!(sd > 0))
                continue;
            z = (bt_y[o][j] - f) / sd / prior_at(j + 1);
            z = fmin(fabs(z), Z_CAP);
            zsum += z * z;
            zcnt += 1;
        }
    }
    set_spread(out, data, sqrt((PRIOR_NU + zsum) / (PRIOR_NU + zcnt)), trend_sd(data));
    if (!opts->candidates)
        (void)model_pred_log(data, &model_pred_default, out);
    return GSL_SUCCESS;
}

const char *model_auto_name(const struct model_auto *a, char *buf, size_t n)
{
    const char *base, *tail;
    size_t lb, lt;

    switch (a->rule) {
    case MODEL_RULE_RARE:
        base = "rare";
        break;
    case MODEL_RULE_SHORT:
        base = a->n_members > 1 ? "short" : model_kind_name(a->members[0].kind);
        break;
    default:
        base = a->n_members > 1 ? (a->rule == MODEL_RULE_COMBO ? "combo" : "auto")
                                : model_kind_name(a->members[0].kind);
        break;
    }
    tail = a->log_pred && a->log_share > 0 ? "+log" : "";
    if (!base)
        base = "?";
    lb = strlen(base);
    lt = strlen(tail);
    if (n == 0)
        return buf;
    if (lb + lt >= n)
        lb = lt = 0;
    memcpy(buf, base, lb);
    memcpy(buf + lb, tail, lt);
    buf[lb + lt] = '\0';
    return buf;
}

int model_auto_forecast(const struct model_auto *a, size_t h, double *mean)
{
    double m[MODEL_MAX_HORIZON];
    size_t i, j;
    int status;

    if (!a || !mean || h == 0 || h > a->horizon || a->n_members == 0 ||
        a->n_members > MODEL_AUTO_MAX)
        return GSL_EINVAL;
    if (a->rare) {
        double rate = a->rare_shape / a->rare_rate, y0 = a->members[0].y_last;
        if (a->rare_trials > 0)
            rate = (1 - a->rare_break) * a->rare_trials * a->rare_shape /
                       (a->rare_shape + a->rare_beta) +
                   a->rare_break * rate;
        for (j = 0; j < h; j++)
            mean[j] = a->rare_stock ? y0 + (double)(j + 1) * rate : rate;
        return GSL_SUCCESS;
    }
#ifdef POINT_FROM_PRED
    if (a->log_pred) {
        for (j = 0; j < h; j++)
            mean[j] = exp(fmin(a->log_y0 + (double)(j + 1) * a->log_mu, 700.0));
        return GSL_SUCCESS;
    }
#endif
    for (j = 0; j < h; j++)
        mean[j] = 0;
    for (i = 0; i < a->n_members; i++) {
        status = model_forecast(&a->members[i], h, m);
        if (status)
            return status;
        for (j = 0; j < h; j++)
            mean[j] += a->weights[i] * m[j];
    }
    return GSL_SUCCESS;
}

/*
 * For a quantity that cannot be negative, clamping the paths at 0 would
 * raise their mean above the forecast (a lot, for a wide spread), and the
 * engine reports the path mean as the point forecast.  Instead shift the
 * paths of one step down by the c >= 0 that makes mean(max(0, x - c)) equal
 * the forecast mean: positive paths, the same mean, more mass at zero.
 * x holds npaths rows of h steps, target[j] the mean of step j; every step
 * is solved at once, row by row.  f(c) = mean(max(0, x - c)) is convex, piecewise linear
 * and falling, so Newton's method from c = 0 climbs to the root without
 * overshooting and lands on it exactly after a few pieces.
 */
static void keep_mean_above_zero(double *x, size_t npaths, size_t h, const double *target)
{
    double c[MODEL_MAX_HORIZON], sum[MODEL_MAX_HORIZON];
    size_t above[MODEL_MAX_HORIZON], p, j, it, active = 0;
    bool run[MODEL_MAX_HORIZON];

    for (j = 0; j < h; j++) {
        c[j] = 0;
        run[j] = false;
    }
    for (p = 0; p < npaths; p++)
        for (j = 0; j < h; j++)
            if (x[p * h + j] < 0)
                run[j] = true; /* clamping this step would move its mean */
    for (j = 0; j < h; j++) {
        run[j] = run[j] && target[j] > 0;
        active += run[j];
    }
    for (it = 0; it < 50 && active > 0; it++) {
        for (j = 0; j < h; j++) {
            sum[j] = 0;
            above[j] = 0;
        }
        for (p = 0; p < npaths; p++) {
            const double *row = x + p * h;
            for (j = 0; j < h; j++) {
                double v = row[j] - c[j];
                if (run[j] && v > 0) {
                    sum[j] += v;
                    above[j]++;
                }
            }
        }
        for (j = 0; j < h; j++) {
            double step;
            if (!run[j])
                continue;
            step = (sum[j] - target[j] * (double)npaths) / (double)above[j];
            if (step > 1e-12 * target[j]) {
                c[j] += step;
            } else {
                run[j] = false;
                active--;
            }
        }
    }
    for (p = 0; p < npaths; p++)
        for (j = 0; j < h; j++)
            if (c[j] > 0 || x[p * h + j] < 0)
                x[p * h + j] = x[p * h + j] > c[j] ? x[p * h + j] - c[j] : 0;
}

void model_auto_fitted(const struct model_auto *a, const struct model_data *d, double *work,
                       double *out)
{
    size_t m, j;

    for (j = 0; j < d->n; j++)
        out[j] = 0.0;
    for (m = 0; m < a->n_members; m++) {
        if (model_fitted(&a->members[m], d, work))
            memcpy(work, d->y, d->n * sizeof *work);
        for (j = 0; j < d->n; j++)
            out[j] += a->weights[m] * work[j];
    }
}

int model_auto_simulate(const struct model_auto *a, size_t h, size_t npaths, gsl_rng *r,
                        double *paths)
{
    double mean[MODEL_MAX_HORIZON], mm[MODEL_MAX_HORIZON], share[MODEL_AUTO_MAX];
    double ss[MODEL_MAX_HORIZON], fac[MODEL_MAX_HORIZON], md[MODEL_MAX_HORIZON];
    size_t count[MODEL_AUTO_MAX], given = 0, i, j, p, p0 = 0;
    int status;

    if (!a || !paths || !r || npaths == 0 || h == 0 || h > a->horizon)
        return GSL_EINVAL;
    if (a->rare)
        return model_rare_simulate(a, h, npaths, r, paths);
    if (a->log_pred) {
        size_t nl = (size_t)nearbyint(a->log_share * (double)npaths);
        struct model_auto b = *a;
        if (nl > npaths)
            nl = npaths;
        b.log_pred = false;
        if (nl < npaths) {
            status = model_auto_simulate(&b, h, npaths - nl, r, paths);
            if (status)
                return status;
        }
        return nl > 0 ? model_pred_log_simulate(a, h, nl, r, paths + (npaths - nl) * h)
                      : GSL_SUCCESS;
    }
    status = model_auto_forecast(a, h, mean);
    if (status)
        return status;
    /* Paths per member by weight, largest remainder first (ties: best member). */
    for (i = 0; i < a->n_members; i++) {
        share[i] = a->weights[i] * (double)npaths;
        count[i] = (size_t)floor(share[i]);
        share[i] -= (double)count[i];
        given += count[i];
    }
    while (given < npaths) {
        size_t best = 0;
        for (i = 1; i < a->n_members; i++)
            if (share[i] > share[best])
                best = i;
        count[best]++;
        share[best] = -1;
        given++;
    }
    for (i = 0; i < a->n_members; i++) {
        struct model_fit f = a->members[i];
        double *blk = paths + p0 * h, tail, chi2;
        size_t df;
        bool paired;
        if (count[i] == 0)
            continue;
        /* Raw paths: constraints come after the re-scaling. */
        f.nonneg = false;
        f.is_count = false;
        status = model_simulate(&f, h, count[i], r, blk);
        if (!status)
            status = model_forecast(&f, h, mm);
        if (status)
            return status;
        /*
         * Rescale each step to the calibrated sd and apply the tail factors.
         * The loops run along the paths (rows) for the cache, in the same
         * order of operations and of random draws as column by column.
         */
        for (j = 0; j < h; j++)
            ss[j] = 0;
        for (p = 0; p < count[i]; p++)
            for (j = 0; j < h; j++) {
                double dv = blk[p * h + j] - mm[j];
                ss[j] += dv * dv;
            }
        for (j = 0; j < h; j++) {
            ss[j] = sqrt(ss[j] / (double)count[i]);
            fac[j] = ss[j] > 0 ? a->sd[j] / ss[j] : 0;
            if (!(ss[j] > 0)) {
                /* A member without spread (a constant series): Gaussian paths. */
                for (p = 0; p < count[i]; p++)
                    blk[p * h + j] = gsl_ran_gaussian_ziggurat(r, a->sd[j]) + mm[j];
                fac[j] = 1;
            }
        }
        /*
         * Heavy tails: one unit-variance Student-t factor per path, the same
         * for both paths of an antithetic pair (model_paths_paired), which
         * keeps them mirrored.
         */
        paired = model_paths_paired(&f);
        tail = 1;
        for (p = 0; p < count[i]; p++) {
            double *row = blk + p * h;
            if (!paired || p % 2 == 0) {
                chi2 = 0;
                for (df = 0; df < AUTO_TAIL_DF; df++) {
                    double z = gsl_ran_gaussian_ziggurat(r, 1.0);
                    chi2 += z * z;
                }
                tail = sqrt((double)(AUTO_TAIL_DF - 2) / chi2);
            }
            for (j = 0; j < h; j++)
                row[j] = fac[j] * (row[j] - mm[j]) * tail;
        }
        p0 += count[i];
    }
    /*
     * Centre the deviations so the paths average exactly to the combined
     * mean: Student-t(3) draws make a sample mean noisy, and the engine
     * reports the path mean as the point forecast.
     */
    for (j = 0; j < h; j++)
        md[j] = 0;
    for (p = 0; p < npaths; p++)
        for (j = 0; j < h; j++)
            md[j] += paths[p * h + j];
    for (j = 0; j < h; j++)
        md[j] = mean[j] - md[j] / (double)npaths;
    for (p = 0; p < npaths; p++)
        for (j = 0; j < h; j++)
            paths[p * h + j] += md[j];
    if (a->members[0].nonneg)
        keep_mean_above_zero(paths, npaths, h, mean);
    model_paths_constrain(paths, npaths * h, a->members[0].nonneg, a->members[0].is_count);
    return GSL_SUCCESS;
}
