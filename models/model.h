/*
 * models/model.h -- the one public header of the model library.
 *
 * Pure numerics (no I/O, no SQLite; tests/lint/boundaries.sh): a model fits a short annual series
 * (t in years, gaps allowed), gives its mean forecast for the h years after
 * the last observation, and simulates sample paths that carry both the noise
 * and the uncertainty of the fitted parameters.  Errors come back GSL's way
 * (GSL_EINVAL, GSL_EMAXITER, GSL_ENOMEM, ...); nothing here prints, exits or
 * reads the clock, and no function ever returns NaN or Inf in an output
 * array: a model that would produce them returns an error status instead.
 */
#ifndef ATTAIN_MODELS_MODEL_H
#define ATTAIN_MODELS_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#define MODEL_MAX_PARAMS 6 /* the most parameters any model has */

/* Every model, in the order used for tables and tie-breaking. */
enum model_kind {
    MODEL_NAIVE,    /* random walk: y(t+h) = y(t) */
    MODEL_DRIFT,    /* random walk with drift */
    MODEL_LINEAR,   /* y = a + b (t - tbar), OLS */
    MODEL_EXP,      /* log y = a + b (t - tbar), OLS on logs (y > 0) */
    MODEL_LOGISTIC, /* K / (1 + exp(-r (t - t0))), nonlinear least squares */
    MODEL_GOMPERTZ, /* K exp(-exp(-r (t - t0))), nonlinear least squares */
    MODEL_DAMPED,   /* damped-trend exponential smoothing, ML (additive or multiplicative error) */
    MODEL_THETA,    /* Theta method, theta optimised */
    MODEL_POISSON,  /* log-linear Poisson regression on time (counts) */
    MODEL_NEGBIN,   /* log-linear negative binomial regression on time (counts) */
    MODEL_KIND_COUNT
};

/* What the caller knows about the series.  Borrowed; t strictly increasing. */
struct model_data {
    const double *t; /* years (e.g. 2016, 2017, 2019: gaps allowed) */
    const double *y; /* values, finite */
    size_t n;        /* number of points, >= 1 */
    bool is_count;   /* integer counts: simulated paths are rounded integers */
    bool nonneg;     /* the quantity can never be negative: paths are kept >= 0 */
};

/* Options for fitting; zero-initialise for the defaults. */
struct model_opts {
    double capacity;      /* logistic/gompertz: fixed K if > 0, else estimated */
    bool multiplicative;  /* damped: multiplicative error form if true, else additive */
    bool no_param_uncert; /* simulate noise only (for tests against analytic intervals) */
};

/*
 * A fitted model.  Plain data: copy it freely, no heap pointers inside.
 * params/se/cov are in the model's natural parametrisation, named by
 * param_names (static strings), e.g. logistic: "K", "r", "t0" (t0 a year).
 */
struct model_fit {
    enum model_kind kind;
    size_t n;                                        /* points the fit used */
    size_t n_params;                                 /* entries used in params/se */
    const char *param_names[MODEL_MAX_PARAMS];       /* static strings */
    double params[MODEL_MAX_PARAMS];                 /* estimates */
    double se[MODEL_MAX_PARAMS];                     /* standard errors (0 if unknown) */
    double cov[MODEL_MAX_PARAMS * MODEL_MAX_PARAMS]; /* row-major covariance of params */
    double sigma;        /* residual scale (sd of one-step errors, or of log errors) */
    double loglik;       /* maximised log-likelihood */
    double aicc;         /* small-sample corrected AIC */
    double t_last;       /* year of the last observation; forecasts are t_last + 1..h */
    double y_last;       /* last observed value */
    double tbar;         /* centring year for the trend models */
    double state[8];     /* model-private state (levels, trends, phi, ...) */
    bool is_count;       /* copied from model_data */
    bool nonneg;         /* copied from model_data */
    bool multiplicative; /* copied from model_opts */
    bool no_param_uncert;
};

/* The model's short lowercase name ("logistic"), or NULL for a bad kind. */
const char *model_kind_name(enum model_kind kind);

/* Whether a model is among model_auto_fit's default candidates. */
enum model_join {
    MODEL_JOIN_NO,           /* only when named (or asked for as a candidate) */
    MODEL_JOIN_ALWAYS,       /* for every series */
    MODEL_JOIN_SMALL_COUNTS, /* for integer series of small counts */
};

/*
 * What a model is, from its row in the model table (models/model.c):
 * --model, the "unknown model" message, help listings and the default
 * candidates of auto are all made from these.
 */
struct model_info {
    const char *name;    /* "damped": --model, tables, runs */
    const char *family;  /* "random walk", "smoothing", "growth curve", "count regression" */
    const char *summary; /* one line, for help listings */
    enum model_join join;
};

/* The traits of kind; NULL if kind is not a model. */
const struct model_info *model_kind_info(enum model_kind kind);

/* Parse a model name; 0 on success, GSL_EINVAL if unknown. */
int model_kind_parse(const char *name, enum model_kind *out);

/* Smallest number of points the model can be fitted to. */
size_t model_min_points(enum model_kind kind);

/*
 * Fit `kind` to the data.  opts may be NULL.  Returns 0 (GSL_SUCCESS) and
 * fills *fit, or a GSL error code: GSL_EINVAL for data the model cannot take
 * (too few points, non-positive values for exp, non-integer for counts),
 * GSL_EMAXITER/GSL_ENOPROG for a fit that did not converge, GSL_EDOM for a
 * degenerate fit (e.g. an unbounded capacity).  On error *fit is unspecified.
 */
int model_fit(enum model_kind kind, const struct model_data *data, const struct model_opts *opts,
              struct model_fit *fit);

/* The mean forecast for years t_last+1 .. t_last+h into mean[0..h-1]. */
int model_forecast(const struct model_fit *fit, size_t h, double *mean);

/*
 * The fitted values at the observed times (one-step-ahead for smoothing
 * models, the curve for regression models) into out[0..data->n-1].
 */
int model_fitted(const struct model_fit *fit, const struct model_data *data, double *out);

/*
 * Simulate npaths futures of h years: paths[p * h + j] is path p at year
 * t_last + 1 + j.  Each path first draws parameters from their estimated
 * distribution (unless no_param_uncert), then the noise.  Count models give
 * integers; nonneg series never go below zero.  Uses only r for randomness.
 */
int model_simulate(const struct model_fit *fit, size_t h, size_t npaths, gsl_rng *r, double *paths);

/*
 * Whether model_simulate draws fit's paths in antithetic pairs (the naive,
 * drift, theta and damped trend models): path 2k + 1 takes path 2k's normal
 * draws negated, so each path is a draw of the model and a pair's two are
 * negatively correlated (an odd last path is drawn alone).  For a model
 * linear in its draws the pair mirrors about the mean path.
 */
bool model_paths_paired(const struct model_fit *fit);

/* ---- generic nonlinear least squares (models/nlls.c) ---------------------- */

/*
 * A nonlinear least-squares problem: residuals r_i(x) = model_i(x) - y_i.
 * f fills r[0..n-1]; df fills the n-by-p Jacobian row-major (J[i*p+k] =
 * d r_i / d x_k), or is NULL for finite differences.  Not a callback into the
 * caller's I/O: both are pure functions of their arguments.  Both return 0,
 * or a GSL status to refuse x (e.g. GSL_EDOM outside the region where the
 * model makes sense): that stops the current run of the solver at once.
 */
#define NLLS_MAX_PARAMS 9 /* the most parameters nlls_solve takes (NIST StRD ENSO has 9) */

struct nlls_problem {
    size_t n, p;
    int (*f)(const double *x, void *params, double *r);
    int (*df)(const double *x, void *params, double *J);
    void *params;
};

struct nlls_result {
    double x[NLLS_MAX_PARAMS];                     /* solution */
    double cov[NLLS_MAX_PARAMS * NLLS_MAX_PARAMS]; /* s^2 (J'J)^-1, row-major p x p */
    double se[NLLS_MAX_PARAMS];
    double rss; /* residual sum of squares */
    size_t iterations;
    int info; /* GSL convergence reason */
};

/*
 * Solve min ||r(x)||^2 from x0 (p entries) with gsl_multifit_nlinear (trust
 * region, Levenberg-Marquardt with geodesic acceleration, scaled parameters;
 * other trust-region methods and restarts when that fails, see nlls.c).
 * max_iter bounds each run of the solver.  Fills *res (covariance s^2 (J'J)^-1
 * with s^2 = rss / (n - p), 0 when n == p) and returns 0; or GSL_EMAXITER /
 * GSL_ENOPROG with *res holding the best point reached; GSL_EINVAL for bad
 * arguments (1 <= p <= NLLS_MAX_PARAMS, n >= p, x0 finite, max_iter > 0);
 * or the status f/df refused every run with.
 */
int nlls_solve(const struct nlls_problem *prob, const double *x0, size_t max_iter,
               struct nlls_result *res);

/* ---- accuracy metrics (models/metrics.c) ---------------------------------- */

/* sMAPE in percent over n points: mean of 200 |y - f| / (|y| + |f|). */
double model_smape(const double *y, const double *f, size_t n);

/* Mean absolute one-step change of a training series (the MASE scale), 0 if n < 2. */
double model_mase_scale(const double *y, size_t n);

/* ---- automatic choice, combination, calibration (models/select.c) --------- */
/* Owned by the selection module; the engine pipeline uses exactly this API. */

#define MODEL_AUTO_MAX 4     /* the most members a combination has */
#define MODEL_MAX_HORIZON 40 /* the longest horizon simulated, in years */

struct model_auto_opts {
    size_t horizon; /* the longest horizon the caller will ask for (1..MODEL_MAX_HORIZON) */
    unsigned
        candidates; /* bit mask of (1u << kind) to consider; 0 = the default set for the data */
    bool combo;     /* combine the best few instead of choosing one */
    struct model_opts fit; /* passed to every member's fit */
    enum model_measure {
        MODEL_MEASURE_UNKNOWN, /* zero-initialised: inferred where it matters (select.c) */
        MODEL_MEASURE_STOCK,   /* a level: this year's value carries over */
        MODEL_MEASURE_FLOW,    /* added per year */
    } measure;
};

/* The outcome of automatic choice: one model or a weighted combination, with calibration. */
struct model_auto {
    size_t n_members;                         /* >= 1 */
    struct model_fit members[MODEL_AUTO_MAX]; /* fitted members, best first */
    double weights[MODEL_AUTO_MAX];           /* sum to 1 */
    double scale[MODEL_MAX_HORIZON]; /* calibration: multiplier of the path spread by step */
    double sd[MODEL_MAX_HORIZON];    /* calibrated sd of the paths around the mean, by step */
    size_t horizon;                  /* steps covered by scale[] */
    bool combo;                      /* reported as "combo" rather than members[0]'s name */
    unsigned failed;                 /* bit mask of candidate kinds that failed to fit */
    /*
     * The predictive distribution of a short positive series
     * (pred_log.c): when log_pred, the paths are
     *     log y(t_last + j) = log_y0 + D_j (log_mu + e) + u_1 + ... + u_j,
     * (+ v_j), e ~ N(0, log_vdrift) once per path, u_i ~ N(0, log_sigma^2),
     * v_j ~ N(0, log_obs^2) a measurement noise of year j alone, so
     * log y(t_last + j) ~ N(log_y0 + D_j log_mu,
     *                       log_obs^2 + j log_sigma^2 + D_j^2 log_vdrift),
     * D_j = 1 + log_phi + ... + log_phi^(j-1) (j without damping),
     * and the members give the point forecast only.
     */
    bool log_pred;
    double log_y0, log_mu, log_sigma, log_vdrift;
    double log_obs;   /* sd of a measurement noise on each year, not accumulated */
    double log_phi;   /* damping: year k ahead grows by (log_mu + e) log_phi^(k-1) */
    double log_share; /* share of the paths drawn from it; the rest as without it */
    /*
     * Rare events (select.c, "Rare events"): a count with few events so far
     * (a flow's yearly values, or a stock's rises) gets events ~ Poisson(lambda)
     * a year, lambda ~ Gamma(rare_shape, rare_rate) -- Jeffreys' prior
     * updated by rare_events events in rare_years years.  rare_stock: the
     * events accumulate on y_last; else each year is its own count.
     * Events steadier than Poisson (rare_trials > 0: the yearly counts vary
     * significantly less than their mean) are instead Binomial(rare_trials,
     * p) a year, p ~ Beta(rare_shape, rare_beta), except that each year
     * breaks the pattern with chance rare_break (then Gamma-Poisson).
     */
    bool rare, rare_stock;
    double rare_shape, rare_rate, rare_events, rare_years;
    double rare_trials, rare_beta, rare_break;
    enum model_rule {
        MODEL_RULE_AUTO,  /* rolling-origin choice, members weighted by backtest score */
        MODEL_RULE_COMBO, /* rolling-origin choice, the best few with equal weights */
        MODEL_RULE_SHORT, /* too short to backtest: naive and drift with fixed shares */
        MODEL_RULE_RARE,  /* rare events: the Gamma-Poisson member */
        MODEL_RULE_NAMED, /* not model_auto_fit's: one named model (the caller sets it) */
    } rule;
};

/*
 * Choose (or combine) models for the series by rolling-origin backtests on its
 * own history and AICc, and calibrate the spread of its paths from the
 * backtest errors.  Returns 0, or GSL_EINVAL when no candidate can be fitted
 * (then the caller falls back, e.g. to MODEL_NAIVE via model_fit).
 */
int model_auto_fit(const struct model_data *data, const struct model_auto_opts *opts,
                   struct model_auto *out);

/*
 * The prior of the log-scale predictive distribution of short positive
 * series (select.c): drift ~ N(mu0, tau^2) across series, the yearly log
 * noise s^2 shrunk toward s0^2 with nu0 pseudo-degrees of freedom, omega the
 * sd of a change of drift, gain the inflation of the in-sample noise.
 */
struct model_pred_prior {
    double tau, omega, gain, s0, nu0, mu0;
    /*
     * prior chance that the series grows by a rate; the log-scale member gets
     * P(rate | the slope of the log changes) w of the paths (w the drift's weight)
     */
    double mix;
    double obs; /* share of the yearly log noise that does not accumulate (measurement) */
    double phi; /* damping of the drift: year k ahead grows by drift phi^(k-1) */
};
extern const struct model_pred_prior model_pred_default;

/*
 * Set out->log_pred and log_* from the data under the prior; false (and
 * log_pred false) when the series does not qualify: 3..10 points, all > 0.
 */
bool model_pred_log(const struct model_data *d, const struct model_pred_prior *prior,
                    struct model_auto *out);

/* Mean forecast (weighted over members) for t_last+1..t_last+h; h <= out->horizon. */
int model_auto_forecast(const struct model_auto *a, size_t h, double *mean);

/*
 * Fitted values of a choice or combination at the data's points:
 * out[i] = sum over members of weights[m] x the member's model_fitted; a
 * member whose fitted values are unknown counts with the data there (they
 * are for display).  work: n doubles.
 */
void model_auto_fitted(const struct model_auto *a, const struct model_data *d, double *work,
                       double *out);

/*
 * What ran, as a short name for the model column: "rare" (Gamma-Poisson),
 * "short" (the short-series rule), "auto" or "combo" (an ensemble), or the
 * one member's model name; "+log" when the log-scale member is among the
 * paths.  Written into buf (n bytes, 24 are enough); returns buf.
 */
const char *model_auto_name(const struct model_auto *a, char *buf, size_t n);

/* Calibrated sample paths, laid out as in model_simulate. */
int model_auto_simulate(const struct model_auto *a, size_t h, size_t npaths, gsl_rng *r,
                        double *paths);

/*
 * The limits, as paths grow many, of the per-step path mean and quantiles of
 * model_auto_simulate, in closed form (models/auto_quantiles.c): mean[j] and
 * q[j * np + k] for probs[k] in (0, 1), j < h.  GSL_EINVAL when a member's
 * paths are not Gaussian (multiplicative damped, count models): simulate.
 */
int model_auto_quantiles(const struct model_auto *a, size_t h, const double *probs, size_t np,
                         double *mean, double *q);

/* ---- targets, reconciliation, year-to-date (models/target.c, reconcile.c, ytd.c) */
/* Owned by the targets module. */

#define TARGET_REACH_YEARS 15 /* reach_year looks this many years past the last observation */

/* One target of the plan, as the engine read it (a row of a targets file). */
struct target_spec {
    bool is_flow;      /* the indicator's measure: flow (added per year) or stock (a level) */
    bool is_increment; /* kind: increment (add value in start..deadline) or level */
    int start;         /* first year of an increment (= deadline for a level) */
    int deadline;      /* year */
    double value;      /* the target */
};

/*
 * The observed annual history of the series (years strictly increasing, the
 * last one is the last observation) and its simulated futures:
 * paths[p * stride + j] is path p in year t[n-1] + 1 + j, j < h.
 */
struct target_series {
    const double *t;
    const double *y;
    size_t n;            /* >= 1 */
    const double *paths; /* may be NULL when h == 0 */
    size_t npaths;
    size_t h;      /* simulated years */
    size_t stride; /* >= h */
    bool is_count; /* a count: the 80% interval's ends are whole (rounded outward) */
};

enum target_status { TARGET_ON_TRACK, TARGET_AT_RISK, TARGET_OFF_TRACK };

/* Flags on a target's result (bit set). */
enum target_flags {
    TARGET_F_DECIDED = 1 << 0,     /* every year the target needs is observed: no uncertainty */
    TARGET_F_UNREACHABLE = 1 << 1, /* required_growth exceeds every historical yearly growth */
    TARGET_F_NO_GROWTH = 1 << 2,   /* no constant growth reaches it (e.g. from a zero level) */
    TARGET_F_MET = 1 << 3,         /* already met whatever happens (required_growth = -1) */
};

struct target_result {
    double compared_obs; /* the compared quantity if TARGET_F_DECIDED */
    double probability;  /* share of paths meeting the target, in [0, 1] */
    double expected;     /* mean of the compared quantity over paths */
    double lo80, hi80;   /* its 10% and 90% quantiles */
    double baseline;     /* the same quantity measured at the last observation */
    enum target_status status;
    bool has_required_growth;
    double required_growth; /* constant yearly growth rate (0.12 = 12%/year), see target.c */
    double max_hist_growth; /* largest historical yearly growth rate (0 if unknown) */
    bool has_reach_year;
    int reach_year; /* first simulated year (>= start) the median path meets it */
    unsigned flags; /* enum target_flags */
};

/*
 * Evaluate one target against a series' history and paths.  The quantity
 * compared per path: a level on a stock is the stock at the deadline; an
 * increment on a stock is level(deadline) - level(start - 1); a level on a
 * flow is the flow in the deadline year; an increment on a flow is the sum
 * of the flows in start..deadline.  Observed years are taken from the
 * history (linearly interpolated across gaps), later years from the path.
 * reach_year needs paths up to the later of the deadline and
 * t_last + TARGET_REACH_YEARS; fewer years give a shorter search.
 * work holds at least npaths doubles.  Returns 0, or GSL_EINVAL for bad
 * arguments, a year before the first observation, or a deadline beyond the
 * paths.
 */
int model_target_eval(const struct target_spec *spec, const struct target_series *s, double *work,
                      struct target_result *out);

/*
 * reach_year alone, as model_target_eval finds it, but searching only the
 * years >= from (the earlier ones are decided elsewhere, e.g. from other
 * paths): sets out->has_reach_year and out->reach_year, nothing else.
 * Returns 0 or GSL_EINVAL for bad arguments.
 */
int model_target_reach(const struct target_spec *spec, const struct target_series *s, int from,
                       double *work, struct target_result *out);

/*
 * Per-path outcomes of a target: out[p] is the quantity the target compares
 * (model_target_eval's X) on path p, in the order of the paths, so that the
 * outcomes of several series stay path by path comparable (an allocation
 * judges districts jointly).  A target decided by the history gives its
 * observed X on every path.  out holds s->npaths doubles (at least 1).
 * Returns 0, or GSL_EINVAL as model_target_eval does.
 */
int model_target_outcomes(const struct target_spec *spec, const struct target_series *s,
                          double *out);

/*
 * Whether an outcome x meets a target v, as model_target_eval counts it:
 * x >= v less 1e-9 of max(1, |v|) (reconciled paths carry rounding of order
 * 1e-12).
 */
bool model_target_meets(double x, double v);

#define MODEL_MAX_QUANTILES 16 /* the most quantiles model_quantiles takes at once */

/*
 * Quantiles of w[0..n-1] as gsl_stats_quantile_from_sorted_data defines
 * them ((1 - d) x[i] + d x[i+1] of the sorted data, i + d = (n - 1) p), by
 * selection in O(n log np) instead of a sort: probs[0..np-1] in [0, 1], any
 * order, np <= MODEL_MAX_QUANTILES; out[k] for probs[k].  w is rearranged.
 * Returns 0 or GSL_EINVAL.
 */
int model_quantiles(double *w, size_t n, const double *probs, size_t np, double *out);

/* The status of a probability: on_track >= 0.8, at_risk >= 0.5, else off_track. */
enum target_status model_target_status(double probability);

/* "on_track", "at_risk", "off_track". */
const char *model_target_status_name(enum target_status status);

/*
 * A forest of series to reconcile (district forecasts add up to their city).
 * Node i's parent is nodes[i].parent (RECON_ROOT for a root).  A node
 * without its own forecast (has_base false) becomes exactly the sum of its
 * children; a leaf must have one.  paths[p * stride + j], p < npaths, j < h,
 * all nodes covering the same years.  Reconciled in place.
 */
#define RECON_ROOT ((size_t)-1)

struct recon_node {
    size_t parent;
    bool has_base;
    bool nonneg;   /* the series cannot be negative: reconciled paths stay >= 0 */
    double *paths; /* in: base paths (if has_base); out: reconciled paths */
    size_t stride;
    const double *lower; /* [h] per-year floor (e.g. a flow's year to date), or NULL: 0 if
                            nonneg, else none */
    bool is_count;       /* a count: when every node with a forecast is one, the reconciled paths
                            are whole numbers */
};

/*
 * Reconcile each year and path by the weighted least-squares (MinT with a
 * diagonal covariance) projection onto the coherent subspace, the variances
 * being those of each node's base paths in that year: the same linear map for
 * every path, so every parent equals the sum of its children path by path and
 * the path means add up too.  Nodes with a floor (non-negative, or `lower`)
 * whose reconciled values fall below it are then repaired per path without
 * changing any sum (reconcile.c).
 * Returns 0, GSL_EINVAL (not a forest, a leaf without a forecast, sizes), or
 * GSL_ENOMEM.
 */
int model_reconcile(struct recon_node *nodes, size_t n_nodes, size_t npaths, size_t h);

/*
 * model_reconcile in two steps, for threads: the plan (the tree and each
 * node's variances by year, from all npaths paths; the same errors), then
 * any ranges of paths [p0, p1), each on its own thread if wanted: every
 * path is reconciled on its own, so the ranges give model_reconcile's
 * numbers however they are cut.  The nodes passed to each range are those
 * the plan was made from.  model_reconcile_paths: 0, GSL_EINVAL (a range
 * past npaths) or GSL_ENOMEM.
 */
struct recon_plan;
int model_reconcile_plan(const struct recon_node *nodes, size_t n_nodes, size_t npaths, size_t h,
                         struct recon_plan **plan);
/*
 * model_reconcile_plan in three steps, for threads on one large tree: begin
 * (the tree; the same errors but for the variances), the variances of any
 * ranges of nodes [i0, i1) (each on its own thread if wanted; GSL_EINVAL for
 * paths that are not finite), then end, once every node's are in.  A plan
 * whose nodes step failed is to be freed, not used.
 */
int model_reconcile_plan_begin(const struct recon_node *nodes, size_t n_nodes, size_t npaths,
                               size_t h, struct recon_plan **plan);
int model_reconcile_plan_nodes(struct recon_plan *plan, const struct recon_node *nodes, size_t i0,
                               size_t i1);
void model_reconcile_plan_end(struct recon_plan *plan, const struct recon_node *nodes);
int model_reconcile_paths(const struct recon_plan *plan, struct recon_node *nodes, size_t p0,
                          size_t p1);
void model_reconcile_plan_free(struct recon_plan *plan);

/*
 * A year-to-date figure projected to the year's end.  For a flow the figure
 * is the total since January; for a stock, the level at the end of `month`
 * and the projection works on the increment since the previous year end.
 * Earlier years tell how much of the year's total (or increment) was reached
 * by `month` (the share s); the model's own forecast of the year says how big
 * the year is without the figure (M, as an increment for a stock).  The year
 * end is (ytd.c explains why)
 *     ytd + (1 - s) (ytd + (1 - s) M)      (flow; for a stock on increments)
 * which is the figure itself in December, the model's forecast when nothing
 * is done yet, and M exactly when the year runs at the model's pace.
 */
struct ytd_input {
    bool is_stock;
    int month;                   /* 1..12 */
    double ytd;                  /* this year's figure at `month` */
    double prev_end;             /* stock: level at the end of last year */
    double model_end;            /* the model's mean forecast of this year-end figure */
    size_t n_years;              /* earlier years with a figure at `month` */
    const double *hist_at_month; /* [n_years] their figure at `month` */
    const double *hist_year_end; /* [n_years] their year-end figure */
    const double *hist_prev_end; /* [n_years] stock: their previous year-end level */
    bool is_count;               /* a flow of whole events: the rest of the year is a count */
    bool steady;                 /* events steadier than Poisson (a yearly count, not a rate) */
};

struct ytd_projection {
    double share_mean; /* share of the year's total/increment reached by `month` */
    double share_sd;   /* its spread (standard deviation) */
    size_t n_used;     /* earlier years used (a year with no increment is skipped) */
    bool flat;         /* no usable history: the flat profile month/12 */
    double mean;       /* projected year-end figure (at share_mean and model_end) */
    double lo80, hi80; /* the same at the 10% and 90% share quantiles */
    /*
     * A flow of few events: the simulated share is Beta(beta_a, beta_b), the
     * Jeffreys posterior of the events by the month (0: normal as above).
     */
    double beta_a, beta_b;
};

/*
 * Project the year end.  Returns 0 or GSL_EINVAL (month out of range,
 * non-finite inputs).  With no usable earlier year the profile is flat
 * (share month/12) with spread 0.25 (12 - month)/12, and flat is set.
 */
int model_ytd_project(const struct ytd_input *in, struct ytd_projection *out);

/*
 * Turn n simulated year-end figures of the model (paths[i], in) into
 * year-end figures given the year to date (paths[i], out): each draws its
 * share from normal(share_mean, share_sd) kept in [0, 1] (in antithetic
 * pairs: figure 2k + 1 takes figure 2k's draw negated), or from the Beta
 * of a flow of few events.  A flow never ends below its year-to-date
 * figure; a flow of whole events (in->is_count) adds a whole number of
 * events for the rest of the year, weighing the year to date's pace by how
 * many events were due by now (models/ytd.c).
 */
int model_ytd_simulate(const struct ytd_input *in, const struct ytd_projection *proj, gsl_rng *r,
                       size_t n, double *paths);

/*
 * Put year-end draws into year k of npaths paths (rows of h values): a
 * flow's year k takes draws[p]; a stock's years k..h-1 move by draws[p] -
 * paths[p * h + k] (so its later years move with it), held at or above zero
 * with nonneg.
 */
void model_ytd_apply(bool is_flow, bool nonneg, size_t k, const double *draws, size_t npaths,
                     size_t h, double *paths);

/* ---- summaries of paths (models/paths.c) ---------------------------------- */

/*
 * Mean of v[0..n-1], n >= 1 (models/mvn.c): a sum, then one division (gsl_stats_mean
 * divides at every element, a chain of divisions that cost 4% of a
 * national run's time in its two calls per series).
 */
double model_mean(const double *v, size_t n);

/*
 * For each year j < nyears of npaths paths (path p's year j at
 * paths[p * stride + j]): mean[j], their mean, and q[j * np + k], their
 * probs[k] quantile (model_quantiles).  col: work of npaths doubles.
 * Returns 0, or GSL_EINVAL (no paths, nyears > stride, np too large, a
 * probability outside [0, 1]).
 */
int model_path_summary(const double *paths, size_t npaths, size_t stride, size_t nyears,
                       const double *probs, size_t np, double *col, double *mean, double *q);

/* ---- allocation of a city target over its districts (models/allocate.c) --- */

/*
 * The outcomes are what each district's share is compared with, path by path
 * over the same (reconciled) paths: outcomes[i * npaths + p] is district i on
 * path p.  For a level target they are levels and the shares are levels; for
 * an increment target the caller passes the increment (outcome minus the
 * baseline, as model_target_outcomes gives it) and the shares are increments.
 */
enum alloc_method {
    ALLOC_PROPORTIONAL, /* shares in proportion to each district's expected outcome */
    ALLOC_EQUAL_RISK,   /* every share met with the same probability p*, the largest possible */
};

struct alloc_problem {
    const double *outcomes; /* [n * npaths], finite */
    size_t n;               /* districts, >= 1 */
    size_t npaths;          /* paths, >= 1 */
    double total;           /* the city target T; a whole number of units */
    double unit;            /* shares are whole multiples of it: 1 (counts), 0.01 (yuan), ... */
    const double *min;      /* [n] lower bounds, or NULL; -HUGE_VAL for none */
    const double *max;      /* [n] upper bounds, or NULL; HUGE_VAL for none */
    enum alloc_method method;
};

/* Why a split could not be made (alloc_result.why). */
enum alloc_error {
    ALLOC_OK,
    ALLOC_E_TOTAL_UNIT,   /* the total is not a whole number of units */
    ALLOC_E_MIN_OVER_MAX, /* district `district`'s minimum is above its maximum (in units) */
    ALLOC_E_MINS_EXCEED,  /* the minimums add up to more than the total (sum_min) */
    ALLOC_E_MAXES_SHORT,  /* the maximums add up to less than the total (sum_max) */
    ALLOC_E_NO_ROOM,      /* proportional: the districts with expected outcome > 0 are full */
};

struct alloc_result {
    double p_star;     /* equal-risk: the common probability before rounding; proportional: 0 */
    bool beyond_paths; /* equal-risk: T exceeds (or falls below) what any path delivers */
    enum alloc_error why;
    size_t district; /* the district ALLOC_E_MIN_OVER_MAX names */
    double sum_min;  /* the minimums, rounded up to units, added up */
    double sum_max;  /* the maximums, rounded down to units, added up (HUGE_VAL if unbounded) */
};

/* Doubles of workspace model_alloc_split needs for n districts and npaths paths. */
size_t model_alloc_work_size(size_t n, size_t npaths);

/*
 * Split the total over the districts: shares[0..n-1] (out) are whole
 * multiples of unit within [min, max] (rounded inward to units) and add up
 * to the total exactly (in units: sum of round(share / unit) is round(total /
 * unit)).  Equal-risk takes share i = Q_i(1 - p*), Q_i the quantile of
 * district i's outcomes (as gsl_stats_quantile_from_sorted_data, continued
 * past the extreme paths at one standard deviation per unit of level so a
 * total beyond every path still splits), clamped to its bounds, with p* found
 * by bisection; rounding then floors every share and hands the missing units
 * one at a time to the district whose probability of meeting its share
 * stays highest, so the probabilities stay as equal as whole units allow.
 * Proportional takes lambda * max(E X_i, 0) clamped (bisection on lambda)
 * and rounds by largest remainder.  work holds model_alloc_work_size(n,
 * npaths) doubles.  Returns 0; GSL_EDOM when the constraints cannot be met
 * together (res->why says which, with the figures); GSL_EINVAL for bad
 * arguments (sizes, NULL, unit <= 0, a non-finite outcome or total).
 */
int model_alloc_split(const struct alloc_problem *pb, double *work, double *shares,
                      struct alloc_result *res);

/* One district's figures for a given share. */
struct alloc_district_eval {
    double probability; /* P(outcome >= share), counted as model_target_meets does */
    double shortfall;   /* E[max(0, share - outcome)] */
    double expected;    /* E[outcome] */
};

/* The split judged as a whole, over the same paths. */
struct alloc_eval {
    double p_city;          /* P(city outcome >= total) */
    double p_all;           /* P(every district meets its share) */
    double expected_misses; /* E[number of districts that miss] */
    double sum_shares;      /* the shares added up */
    bool sum_mismatch;      /* the shares do not add up to the total */
};

/*
 * Judge shares[0..n-1] against outcomes (laid out as in alloc_problem):
 * per[i] (out) for each district, *out for the whole.  city[0..npaths-1] is
 * the city's own outcome per path (which may exceed the districts' sum when
 * the city has a remainder), or NULL for the districts' sum.  The shares add
 * up to the total when they agree to 1e-9 of max(1, |total|).  Returns 0, or
 * GSL_EINVAL for bad arguments.
 */
int model_alloc_eval(const double *outcomes, size_t n, size_t npaths, const double *shares,
                     const double *city, double total, struct alloc_district_eval *per,
                     struct alloc_eval *out);

/* ---- scenario levers (models/lever.c) ------------------------------------- */

/* Which levers a struct lever holds (bit set). */
enum lever_flags {
    LEVER_GROWTH = 1 << 0,    /* scale each yearly change from `from` on */
    LEVER_ADDITIONS = 1 << 1, /* add units each year from `from` on */
    LEVER_SHOCK = 1 << 2,     /* a one-off change of level in shock_year */
    LEVER_CAPACITY = 1 << 3,  /* a ceiling no path exceeds */
};

/*
 * A planner's levers on one series (a scenario file's section, resolved).
 * Meaning, on a simulated path whose years are first_year, first_year + 1, ...:
 *  - growth g: from `from` on, each year's change is g times what it was: for
 *    a stock the change from the year before (level(j) - level(j-1), the
 *    level before the first simulated year being the last observation), for
 *    a flow the year's amount;
 *  - additions a: from `from` on, a more units each year (a stock keeps
 *    them: its level rises by a, 2a, 3a, ...; a flow's yearly amount by a);
 *  - shock s in shock_year: the level changes once by s units (or by the
 *    fraction s of that year's value when shock_relative: -0.08 is -8%); a
 *    stock keeps the change in every later year, a flow only that year;
 *  - capacity c: no value exceeds c.
 * Counts stay whole numbers and non-negative series stay >= 0.
 */
struct lever {
    unsigned flags;      /* enum lever_flags */
    int from;            /* first year growth and additions act */
    double growth;       /* LEVER_GROWTH: factor > 0 (1.2 = 20% faster) */
    double additions;    /* LEVER_ADDITIONS: units per year */
    int shock_year;      /* LEVER_SHOCK */
    double shock;        /* units, or a fraction of the level when shock_relative */
    bool shock_relative; /* shock is a fraction (-0.08), not units */
    double capacity;     /* LEVER_CAPACITY: the ceiling */
};

/*
 * One series' simulated paths as levers see them: paths[p * stride + j] is
 * path p in year first_year + j, j < h.  In a tree (model_lever_apply_tree)
 * parent is the index of the parent region's series (RECON_ROOT for a root),
 * nodes are matched by year (they need not cover the same years), and a node
 * with has_paths false holds no paths of its own (an aggregate: the sum of
 * its children); paths is then not read.
 */
struct lever_series {
    size_t parent;
    bool has_paths;
    bool is_flow;  /* flow (a yearly amount) or stock (a level) */
    bool is_count; /* whole numbers */
    bool nonneg;   /* never below zero */
    int first_year;
    size_t h;      /* years held */
    double y_last; /* the last observation (a stock's level before first_year) */
    double *paths;
    size_t stride; /* >= h */
};

/*
 * Apply every lever of lv to the npaths paths of one series, in place:
 * growth, additions, shock, then capacity; then counts are rounded and
 * non-negative series kept >= 0.  Returns 0, or GSL_EINVAL for bad
 * arguments (growth <= 0 or not finite, stride < h, a NULL pointer).
 */
int model_lever_apply(const struct lever *lv, struct lever_series *s, size_t npaths);

/*
 * Apply lv to the series nodes[root] of a forest of series of one indicator
 * (a city and its districts), keeping the tree as coherent as it was: the
 * root takes the lever in full; its descendants take it in proportion (the
 * same growth factor and relative shock; units -- additions and a shock in
 * units -- split between the children of a node in proportion to their
 * values in that path and year, whole numbers by the largest remainder for
 * counts, equal parts when those values are all 0); and the change of the
 * root's paths is added to every ancestor's, so that a lever on a district
 * moves its city by as much.  Capacity is not applied here (see
 * model_lever_bound_tree, after reconciliation).  Returns 0, GSL_EINVAL (bad
 * arguments, not a forest, sizes) or GSL_ENOMEM.
 */
int model_lever_apply_tree(const struct lever *lv, struct lever_series *nodes, size_t n_nodes,
                           size_t root, size_t npaths);

/*
 * Bound the reconciled (coherent: each parent the sum of its children)
 * paths of nodes[root] by lv->capacity, keeping them coherent: where the
 * root exceeds it, the root is set to the capacity, its descendants are
 * scaled down in proportion (whole numbers by the largest remainder for
 * counts) so that they still add up to it, and every ancestor loses the
 * same excess.  Does nothing without LEVER_CAPACITY.  Every node must have
 * paths.  Returns 0, GSL_EINVAL or GSL_ENOMEM.
 */
int model_lever_bound_tree(const struct lever *lv, struct lever_series *nodes, size_t n_nodes,
                           size_t root, size_t npaths);

#endif /* ATTAIN_MODELS_MODEL_H */
