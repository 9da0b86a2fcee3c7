/*
 * engine/pipeline.c -- series -> fitted model -> simulated, reconciled paths
 * -> quantiles and target probabilities (see pipeline.h for the contract).
 *
 * Reproducibility: every series draws from its own gsl_rng (mt19937) seeded
 * by pipe_series_seed(--seed, region code, indicator code), and the random
 * numbers of a series are drawn in one fixed order (model simulation, then
 * the year-to-date projection).  Threads only decide which series is worked
 * on when; reconciliation, quantiles and targets run afterwards in series
 * order on one thread.  So the output is byte-identical whatever --threads.
 *
 * Memory: a batch's paths are held until its targets are evaluated
 * (npaths * h doubles per series: 2000 x 16 x 8 bytes = 256 kB), so the
 * bound is the largest reconciliation tree (one indicator of a country:
 * ~0.75 GB for 2,900 counties at 2,000 paths), not the number of series.
 */
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "ctx.h"
#include "commands.h"
#include "db.h"
#include "err.h"
#include "pipeline.h"
#include "names.h"
#include "progress.h"
#include "xalloc.h"

const double pipe_quantiles[PIPE_NQ] = {0.025, 0.10, 0.25, 0.50, 0.75, 0.90, 0.975};

void pipe_opts_init(struct pipe_opts *o, const struct att_ctx *ctx)
{
    memset(o, 0, sizeof *o);
    o->choice = PIPE_AUTO;
    o->model = MODEL_DAMPED;
    o->horizon = 5;
    o->seed = ctx ? ctx->seed : 1;
    o->npaths = ctx && ctx->paths ? ctx->paths : 2000;
    o->threads = ctx && ctx->threads ? ctx->threads : 1;
}

/* The FNV-1a seed of pipe_series_seed, with `tag` (after a separator) when not NULL. */
static unsigned long seed_hash(unsigned long seed, const char *region_code,
                               const char *indicator_code, const char *tag)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    unsigned char buf[8];
    size_t i;

    for (i = 0; i < 8; i++)
        buf[i] = (unsigned char)((uint64_t)seed >> (8 * i));
    for (i = 0; i < 8; i++)
        h = (h ^ buf[i]) * 0x100000001b3ULL;
    for (; *region_code; region_code++)
        h = (h ^ (unsigned char)*region_code) * 0x100000001b3ULL;
    h = (h ^ 0xff) * 0x100000001b3ULL; /* separator: ("ab","c") != ("a","bc") */
    for (; *indicator_code; indicator_code++)
        h = (h ^ (unsigned char)*indicator_code) * 0x100000001b3ULL;
    if (tag) {
        h = (h ^ 0xff) * 0x100000001b3ULL;
        for (; *tag; tag++)
            h = (h ^ (unsigned char)*tag) * 0x100000001b3ULL;
    }
    return (unsigned long)((h ^ (h >> 32)) & 0xffffffffUL);
}

unsigned long pipe_series_seed(unsigned long seed, const char *region_code,
                               const char *indicator_code)
{
    return seed_hash(seed, region_code, indicator_code, NULL);
}

/* The seed of a series' stream: a remainder has its own, tagged "remainder". */
static unsigned long series_seed(unsigned long seed, const struct pipe_series *s)
{
    return seed_hash(seed, s->region_code, s->indicator_code, s->is_remainder ? "remainder" : NULL);
}

/* The seed of a series' reach_year stream (reach_pass), tagged "reach". */
static unsigned long reach_seed(unsigned long seed, const struct pipe_series *s)
{
    return seed_hash(seed, s->region_code, s->indicator_code,
                     s->is_remainder ? "remainder/reach" : "reach");
}

/* ---- reading a series ---------------------------------------------------- */

static int64_t find_series(const struct pipe *p, int64_t region_id, int64_t indicator_id);
static size_t region_index(const struct pipe *p, int64_t id);

/* Per-series input that only the pipeline needs. */
#define PROFILE_MAX_YEARS 64 /* earlier years a monthly profile looks back */

struct series_in {
    struct db_obs *obs; /* freed once the histories are built */
    size_t n_obs;
    struct ytd_input ytd_in; /* points into hist */
    double *hist;            /* [3 * PROFILE_MAX_YEARS] at month, year end, previous end */
    bool lone;               /* in no hierarchy, no targets, no year to date: see closed_form */
    bool closed;             /* mean and quantiles from the closed form, no paths */
    size_t h_full;           /* years the fit covers (>= h): with targets, reach_year's search */
    bool auto_sim;           /* paths from model_auto_simulate, else model_simulate of member 0 */
    /* The reach pass (reach_pass): the main paths, put back after it. */
    bool reach;      /* s->paths, s->h, s->floor hold the reach paths */
    bool reach_skip; /* its tree's reach paths could not all be drawn: keep the main answer */
    double *main_paths, *main_floor;
    size_t main_h;
};

/* Append text to the "; "-separated note *note. */
static void note_append(char **note, const char *sep, const char *text)
{
    char *joined;

    if (!*note || !**note) {
        free(*note);
        *note = xstrdup(text);
        return;
    }
    joined = xasprintf("%s%s%s", *note, sep, text);
    free(*note);
    *note = joined;
}

/*
 * Add a note to series s in English (s->note, also csv/json) and Chinese
 * (s->note_zh, for --lang zh tables).  Both formats take the same arguments
 * in the same order; a format that does not show one uses "%.0s" for it.
 */
static void note_add(struct pipe_series *s, const char *en, const char *zh, ...)
    __attribute__((format(printf, 2, 4)));

static void note_add(struct pipe_series *s, const char *en, const char *zh, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, zh);
    vsnprintf(buf, sizeof buf, en, ap);
    va_end(ap);
    note_append(&s->note, "; ", buf);
    va_start(ap, zh);
    vsnprintf(buf, sizeof buf, zh, ap);
    va_end(ap);
    note_append(&s->note_zh, "; ", buf);
}

/* The annual value of year `year` in obs, or the December year-to-date one; false if neither. */
static bool year_end_of(const struct db_obs *obs, size_t n, int year, double *out)
{
    size_t i;
    bool dec = false;

    for (i = 0; i < n; i++) {
        if (obs[i].year != year)
            continue;
        if (obs[i].month == 0) {
            *out = obs[i].value;
            return true;
        }
        if (obs[i].month == 12) {
            *out = obs[i].value;
            dec = true;
        }
    }
    return dec;
}

static bool month_value(const struct db_obs *obs, size_t n, int year, int month, double *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (obs[i].year == year && obs[i].month == month) {
            *out = obs[i].value;
            return true;
        }
    }
    return false;
}

/*
 * The earlier years (before `year`) with a figure at `month` and a year end
 * (and, for a stock, the year end before), into in->hist_*; their number.
 */
static size_t profile_years(const struct db_obs *obs, size_t n, bool is_stock, int year, int month,
                            struct series_in *in)
{
    size_t k = 0;
    int yy;

    if (!in->hist)
        in->hist = xcalloc(3 * PROFILE_MAX_YEARS, sizeof *in->hist);
    in->ytd_in.hist_at_month = in->hist;
    in->ytd_in.hist_year_end = in->hist + PROFILE_MAX_YEARS;
    in->ytd_in.hist_prev_end = in->hist + 2 * PROFILE_MAX_YEARS;
    for (yy = year - 1; yy >= year - PROFILE_MAX_YEARS && k < PROFILE_MAX_YEARS; yy--) {
        double at, end, prev = 0.0;
        if (!month_value(obs, n, yy, month, &at) || !year_end_of(obs, n, yy, &end))
            continue;
        if (is_stock && !year_end_of(obs, n, yy - 1, &prev))
            continue;
        in->hist[k] = at;
        in->hist[PROFILE_MAX_YEARS + k] = end;
        in->hist[2 * PROFILE_MAX_YEARS + k] = prev;
        k++;
    }
    return k;
}

/*
 * History from the observations: every year with an annual figure (or,
 * failing that, a December year-to-date one) and, after the last of them,
 * the latest year-to-date figure of a later year.
 */
static void build_history(struct pipe_series *s, struct series_in *in)
{
    const struct db_obs *obs = in->obs;
    size_t i, n = in->n_obs, k = 0;
    int last_year = 0;

    s->t = xcalloc(n ? n : 1, sizeof *s->t);
    s->y = xcalloc(n ? n : 1, sizeof *s->y);
    for (i = 0; i < n; i++) {
        double v;
        if (obs[i].year == last_year)
            continue;
        if (!year_end_of(obs, n, obs[i].year, &v))
            continue;
        s->t[k] = obs[i].year;
        s->y[k] = v;
        last_year = obs[i].year;
        k++;
    }
    s->n = k;
    /* The latest monthly figure of a year after the history. */
    for (i = n; i-- > 0;) {
        if (obs[i].month == 0 || (k > 0 && obs[i].year <= (int)s->t[k - 1]))
            continue;
        s->has_ytd = true;
        s->ytd_year = obs[i].year;
        s->ytd_month = obs[i].month;
        s->ytd_value = obs[i].value;
        break;
    }
    if (s->has_ytd) {
        struct ytd_input *yi = &in->ytd_in;
        memset(yi, 0, sizeof *yi);
        yi->is_stock = !s->is_flow;
        yi->month = s->ytd_month;
        yi->ytd = s->ytd_value;
        if (yi->is_stock && !year_end_of(obs, n, s->ytd_year - 1, &yi->prev_end)) {
            /* No level at last year's end: the series cannot be read as a stock increment. */
            yi->prev_end = k > 0 ? s->y[k - 1] : 0.0;
        }
        s->ytd_prev_end = yi->prev_end;
        yi->n_years = profile_years(obs, n, yi->is_stock, s->ytd_year, s->ytd_month, in);
    }
}

/*
 * A series with a year-to-date figure but no monthly history of its own
 * borrows the profile of the nearest ancestor region's series of the same
 * indicator: shares are free of scale, and the city's months say more about
 * a district's year than a flat line does.
 */
static void borrow_profiles(struct pipe *p, struct series_in *ins)
{
    size_t i;

    for (i = 0; i < p->n_series; i++) {
        struct pipe_series *s = &p->series[i];
        int64_t region = s->region_id;
        s->ytd_profile_from = -1;
        if (!s->has_ytd || ins[i].ytd_in.n_years > 0)
            continue;
        if (s->is_remainder) {
            /* The part not allocated to the districts fills up as its region does. */
            int64_t j = find_series(p, region, s->indicator_id);
            ins[i].ytd_in.n_years = profile_years(ins[j].obs, ins[j].n_obs, !s->is_flow,
                                                  s->ytd_year, s->ytd_month, &ins[i]);
            if (ins[i].ytd_in.n_years > 0) {
                s->ytd_profile_from = j;
                continue;
            }
        }
        for (;;) {
            int64_t parent = 0, j;
            size_t k = region_index(p, region); /* bisection: a scan was regions x series */
            if (k < p->n_regions)
                parent = p->region_parents[k];
            if (parent == 0)
                break;
            region = parent;
            j = find_series(p, region, s->indicator_id);
            if (j < 0)
                continue;
            ins[i].ytd_in.n_years = profile_years(ins[j].obs, ins[j].n_obs, !s->is_flow,
                                                  s->ytd_year, s->ytd_month, &ins[i]);
            if (ins[i].ytd_in.n_years > 0) {
                s->ytd_profile_from = j;
                break;
            }
        }
    }
}

/* ---- fitting and simulating one series ----------------------------------- */

/*
 * Years reconciled by one job: a path's years are contiguous, and 8 doubles
 * fill a cache line, so fewer would waste most of each line read; more would
 * leave a 15-year tree with one job for two threads (build_trees takes
 * fewer when a batch is one tree with too few years to share).
 */
#define RECON_CHUNK 8

/* One reconciliation tree of a group: its nodes over the years all its series cover. */
struct recon_tree {
    struct recon_node *nodes;
    size_t n_nodes;
    size_t years;
    size_t root; /* series index, for messages */
};

/*
 * The work on one group, in three phases run on --threads threads each:
 * fit and simulate every series; reconcile each (tree, year); summarise
 * every series and judge its targets; then, with targets, the reach pass
 * (reach_pass) draws, reconciles and judges again the trees it needs.  Items
 * are independent within a phase, so which thread does which never changes
 * a number.
 */
enum run_phase {
    PHASE_FIT,
    PHASE_RECONCILE,
    PHASE_FINISH,
    PHASE_REACH_SIM,  /* reach_pass: draw the reach paths of a series */
    PHASE_REACH_EVAL, /* reach_pass: reach_year of its targets from them */
};

struct run {
    const struct pipe_opts *o;
    struct pipe *p;
    struct series_in *in;
    size_t npaths; /* paths of the pass: o->npaths, or reach_npaths in the reach pass */
    enum run_phase phase;
    const size_t *todo; /* series indices of the group being worked on (ascending) */
    size_t n_todo;      /* PHASE_FIT, PHASE_FINISH */
    struct recon_tree *trees;
    size_t n_trees;
    size_t n_jobs;        /* PHASE_RECONCILE: (tree, first year of a chunk) pairs */
    size_t chunk;         /* years per job */
    size_t *job_tree;     /* [n_jobs] */
    size_t *job_year;     /* [n_jobs] */
    const size_t *tstart; /* targets of series i: tlist[tstart[i] .. tstart[i+1]-1] */
    const size_t *tlist;
    size_t next; /* next item, under lock */
    size_t done; /* items finished, under lock */
    int status;  /* first GSL error of PHASE_RECONCILE, under lock */
    size_t failed_tree;
    pthread_mutex_t lock;
    struct progress *bar;
};
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
                     size_t npaths, gsl_rng *r, double *paths)
{
    struct model_fit *f = &s->fit.members[0];
    int status;

    if (d->n < model_min_points(kind))
        return GSL_EINVAL;
    status = model_fit(kind, d, NULL, f);
    if (status)
        return status;
    status = model_simulate(f, s->h, npaths, r, paths);
    if (status)
        return status;
    memset(&s->fit.weights, 0, sizeof s->fit.weights);
    s->fit.n_members = 1;
    s->fit.weights[0] = 1.0;
    s->fit.combo = false;
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
static bool closed_form(struct pipe_series *s)
{
    double *mean = xcalloc(s->nq, sizeof *mean), *q = xcalloc(s->nq * PIPE_NQ, sizeof *q);

    if (model_auto_quantiles(&s->fit, s->nq, pipe_quantiles, PIPE_NQ, mean, q) != GSL_SUCCESS) {
        free(mean);
        free(q);
        return false;
    }
    s->mean = mean;
    s->q = q;
    return true;
}

/*
 * Put the year-to-date projection's draws[p] into year ytd_year of each path
 * (rows of h years): a flow's year takes the draw, a stock's later years move
 * with it (never below zero for a series that never was).
 */
static void ytd_apply(const struct pipe_series *s, bool nonneg, double *paths, size_t h,
                      size_t npaths, const double *draws)
{
    size_t k = (size_t)(s->ytd_year - s->first_year), p, j;

    for (p = 0; p < npaths; p++) {
        double *row = paths + p * h;
        if (s->is_flow) {
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

/* The simpler models tried, in order, when the chosen one fails. */
static const enum model_kind fallbacks[] = {MODEL_DAMPED, MODEL_DRIFT, MODEL_NAIVE};

static void fit_one(struct run *run, size_t idx, gsl_rng *r)
{
    const struct pipe_opts *o = run->o;
    struct pipe_series *s = &run->p->series[idx];
    struct series_in *in = &run->in[idx];
    size_t npaths = o->npaths, i, j, p;
    struct model_data d = {s->t, s->y, s->n, true, true};
    double *paths;
    int status = GSL_EINVAL;
    const char *tried = NULL;

    gsl_rng_set(r, series_seed(o->seed, s));
    for (i = 0; i < s->n; i++) {
        if (s->y[i] != floor(s->y[i]))
            d.is_count = false;
        if (s->y[i] < 0.0)
            d.nonneg = false;
    }
    if (s->n == 0) {
        note_add(s, "no annual figure before the year-to-date one: not forecast",
                 "年内累计之前没有年度数据, 未预测");
        return;
    }
    if (s->aggregate) {
        /* Paths: filled by reconciliation with the sum of its children; fitted: at the end. */
        s->paths = xcalloc(npaths * s->h, sizeof *s->paths);
        s->fitted = xcalloc(s->n, sizeof *s->fitted);
        snprintf(s->model, sizeof s->model, "sum");
        s->ok = true;
        return;
    }
    paths = xmalloc(npaths * s->h * sizeof *paths);
    memset(&s->fit, 0, sizeof s->fit);
    if (o->choice == PIPE_NAMED) {
        tried = model_kind_name(o->model);
        status = try_named(o->model, &d, s, npaths, r, paths);
    } else {
        struct model_auto_opts ao;
        memset(&ao, 0, sizeof ao);
        ao.horizon = in->h_full;
        ao.combo = o->choice == PIPE_COMBO;
        tried = ao.combo ? "combo" : "auto";
        status = model_auto_fit(&d, &ao, &s->fit);
        if (!status && in->lone)
            in->closed = closed_form(s);
        if (!status && !in->closed)
            status = model_auto_simulate(&s->fit, s->h, npaths, r, paths);
        in->auto_sim = !status;
        if (!status)
            snprintf(s->model, sizeof s->model, "%s",
                     s->fit.combo ? "combo" : model_kind_name(s->fit.members[0].kind));
    }
    for (i = 0; status && i < sizeof fallbacks / sizeof fallbacks[0]; i++) {
        const char *why = status_text(status);
        if (o->choice == PIPE_NAMED && fallbacks[i] == o->model)
            continue;
        /* A fresh stream for the fallback, so its paths do not depend on what failed. */
        gsl_rng_set(r, series_seed(o->seed, s));
        status = try_named(fallbacks[i], &d, s, npaths, r, paths);
        in->auto_sim = false;
        note_add(s, "%s: %s; fell back to %s", "%s 无法使用 (%s), 改用 %s", tried, why,
                 model_kind_name(fallbacks[i]));
        tried = model_kind_name(fallbacks[i]);
    }
    if (status) {
        note_add(s, "%s: %s; not forecast", "%s 无法使用 (%s), 未预测", tried, status_text(status));
        free(paths);
        return;
    }
    /* Fitted values (weighted over the members of a combination). */
    s->fitted = xcalloc(s->n, sizeof *s->fitted);
    {
        double *tmp = xmalloc(s->n * sizeof *tmp);
        for (i = 0; i < s->fit.n_members; i++) {
            if (model_fitted(&s->fit.members[i], &d, tmp)) {
                /* Fitted values are for display only: use the data where unknown. */
                memcpy(tmp, s->y, s->n * sizeof *tmp);
            }
            for (j = 0; j < s->n; j++)
                s->fitted[j] += s->fit.weights[i] * tmp[j];
        }
        free(tmp);
    }
    /* The year with a year-to-date figure takes its value from the projection. */
    if (s->has_ytd) {
        size_t k = (size_t)(s->ytd_year - s->first_year);
        double *draws = xmalloc(npaths * sizeof *draws);
        for (p = 0; p < npaths; p++)
            draws[p] = paths[p * s->h + k];
        in->ytd_in.model_end = gsl_stats_mean(draws, 1, npaths);
        if (model_ytd_project(&in->ytd_in, &s->ytd) ||
            model_ytd_simulate(&in->ytd_in, &s->ytd, r, npaths, draws)) {
            note_add(s, "%d-%02d year to date could not be projected; ignored",
                     "%d-%02d 的年内累计无法外推到年末, 未采用", s->ytd_year, s->ytd_month);
            s->has_ytd = false;
        } else {
            if (s->is_flow && d.nonneg) {
                /* Reconciliation must not take the year below what it already holds. */
                s->floor = xcalloc(s->h, sizeof *s->floor);
                s->floor[k] = s->ytd_value > 0.0 ? s->ytd_value : 0.0;
            }
            ytd_apply(s, d.nonneg, paths, s->h, npaths, draws);
            if (s->ytd.flat)
                note_add(s,
                         "%d-%02d year to date projected to year end with a flat profile "
                         "(no earlier monthly figures)",
                         "%d-%02d 的年内累计按均匀进度外推到年末 (无往年月度数据)", s->ytd_year,
                         s->ytd_month);
            else if (s->ytd_profile_from >= 0)
                note_add(s,
                         "%d-%02d year to date projected to year end with the monthly "
                         "profile of %s%.0s (%zu earlier year%s)",
                         "%d-%02d 的年内累计按%.0s%s往年 %zu 年的月度进度外推到年末%.0s",
                         s->ytd_year, s->ytd_month, run->p->series[s->ytd_profile_from].region_code,
                         run->p->series[s->ytd_profile_from].region_name, s->ytd.n_used,
                         s->ytd.n_used == 1 ? "" : "s");
            else
                note_add(s,
                         "%d-%02d year to date projected to year end with the monthly "
                         "profile of %zu earlier year%s",
                         "%d-%02d 的年内累计按往年 %zu 年的月度进度外推到年末%.0s", s->ytd_year,
                         s->ytd_month, s->ytd.n_used, s->ytd.n_used == 1 ? "" : "s");
        }
        free(draws);
    }
    if (in->closed) {
        free(paths);
        paths = NULL;
    }
    s->paths = paths;
    s->ok = true;
}

static void summarise(struct pipe_series *s, size_t npaths, double *col);
static void eval_target(struct pipe *p, struct pipe_target *t, size_t npaths, double *work);

static void reconcile_job(struct run *run, size_t k)
{
    const struct recon_tree *t = &run->trees[run->job_tree[k]];
    struct recon_node *nodes = xmalloc(t->n_nodes * sizeof *nodes);
    size_t j = run->job_year[k], i;
    size_t years = t->years - j < run->chunk ? t->years - j : run->chunk;
    int status;

    /*
     * Years j .. j + years - 1 of the tree: model_reconcile treats every
     * year apart, so chunks give the same numbers as one call.
     */
    for (i = 0; i < t->n_nodes; i++) {
        nodes[i] = t->nodes[i];
        nodes[i].paths += j;
        if (nodes[i].lower)
            nodes[i].lower += j;
    }
    status = model_reconcile(nodes, t->n_nodes, run->npaths, years);
    free(nodes);
    if (status) {
        pthread_mutex_lock(&run->lock);
        if (!run->status) {
            run->status = status;
            run->failed_tree = t->root;
        }
        pthread_mutex_unlock(&run->lock);
    }
}

/*
 * An aggregate's fitted values: the sum of its children's at its years.  A
 * child aggregate is summed first (recursion down the tree, which the loader
 * keeps free of cycles); done[] marks the finished ones among members.
 */
static void aggregate_fitted(struct pipe *p, const size_t *members, size_t n, size_t m, bool *done)
{
    struct pipe_series *a = &p->series[members[m]];
    size_t k, j, q;

    if (done[m])
        return;
    done[m] = true;
    for (j = 0; j < a->n; j++)
        a->fitted[j] = 0.0;
    for (k = 0; k < n; k++) {
        const struct pipe_series *c = &p->series[members[k]];
        if (c->parent != (int64_t)members[m] || !c->fitted)
            continue;
        if (c->aggregate)
            aggregate_fitted(p, members, n, k, done);
        for (j = 0; j < a->n; j++)
            for (q = 0; q < c->n; q++)
                if (c->t[q] == a->t[j])
                    a->fitted[j] += c->fitted[q];
    }
}

static void aggregates_fitted(struct pipe *p, const size_t *members, size_t n)
{
    bool *done = xcalloc(n ? n : 1, sizeof *done);
    size_t m;

    for (m = 0; m < n; m++)
        if (p->series[members[m]].aggregate && p->series[members[m]].ok)
            aggregate_fitted(p, members, n, m, done);
    free(done);
}

static void finish_one(struct run *run, size_t idx, double *work)
{
    struct pipe_series *s = &run->p->series[idx];
    size_t t;

    if (s->ok && !run->in[idx].closed && !run->o->no_summaries)
        summarise(s, run->o->npaths, work);
    for (t = run->tstart[idx]; t < run->tstart[idx + 1]; t++)
        eval_target(run->p, &run->p->targets[run->tlist[t]], run->o->npaths, work);
    if (!run->o->keep_paths) {
        free(s->paths);
        s->paths = NULL;
    }
}

static void reach_sim_one(struct run *run, size_t idx, gsl_rng *r);
static void reach_eval_one(struct run *run, size_t idx, double *work);

static size_t phase_items(const struct run *run)
{
    return run->phase == PHASE_RECONCILE ? run->n_jobs : run->n_todo;
}

static void *worker(void *arg)
{
    struct run *run = arg;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *work = malloc(run->o->npaths * sizeof *work);

    if (!r || !work) {
        gsl_rng_free(r);
        free(work);
        return NULL; /* the items stay unclaimed; run_phase sees them not done */
    }
    for (;;) {
        size_t k;
        pthread_mutex_lock(&run->lock);
        k = run->next++;
        pthread_mutex_unlock(&run->lock);
        if (k >= phase_items(run))
            break;
        switch (run->phase) {
        case PHASE_FIT:
            fit_one(run, run->todo[k], r);
            progress_add(run->bar, 1);
            break;
        case PHASE_RECONCILE:
            reconcile_job(run, k);
            break;
        case PHASE_FINISH:
            finish_one(run, run->todo[k], work);
            break;
        case PHASE_REACH_SIM:
            reach_sim_one(run, run->todo[k], r);
            break;
        case PHASE_REACH_EVAL:
            reach_eval_one(run, run->todo[k], work);
            break;
        }
        pthread_mutex_lock(&run->lock);
        run->done++;
        pthread_mutex_unlock(&run->lock);
    }
    free(work);
    gsl_rng_free(r);
    return NULL;
}

/* Run one phase on o->threads threads; false if some items could not be done (no memory). */
static bool run_phase(struct run *run, enum run_phase phase)
{
    size_t n, nthreads, i, started = 0;
    pthread_t *tids;

    run->phase = phase;
    run->next = run->done = 0;
    n = phase_items(run);
    nthreads = run->o->threads < n ? run->o->threads : n;
    if (nthreads <= 1) {
        worker(run);
        return run->done == n;
    }
    tids = xcalloc(nthreads, sizeof *tids);
    for (i = 0; i < nthreads; i++) {
        if (pthread_create(&tids[i], NULL, worker, run) != 0)
            break;
        started++;
    }
    if (started == 0)
        worker(run);
    for (i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    free(tids);
    return run->done == n;
}

/* ---- reconciliation ----------------------------------------------------- */

/* Index of region `id` (regions are ordered by id), n_regions if unknown. */
static size_t region_index(const struct pipe *p, int64_t id)
{
    size_t lo = 0, hi = p->n_regions;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->region_ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n_regions && p->region_ids[lo] == id ? lo : p->n_regions;
}

/* The series of (region, indicator), -1 if none (series are ordered by region id, indicator id). */
static int64_t find_series_in(const struct pipe *p, size_t n, int64_t region_id,
                              int64_t indicator_id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct pipe_series *s = &p->series[mid];
        if (s->region_id < region_id ||
            (s->region_id == region_id && s->indicator_id < indicator_id))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && p->series[lo].region_id == region_id &&
        p->series[lo].indicator_id == indicator_id)
        return (int64_t)lo;
    return -1;
}

static int64_t find_series(const struct pipe *p, int64_t region_id, int64_t indicator_id)
{
    return find_series_in(p, p->n_series, region_id, indicator_id);
}

/* The region tree, indexed: children lists and each region's root. */
struct regtree {
    size_t *cstart, *clist; /* children of region i: clist[cstart[i] .. cstart[i+1]-1] */
    size_t *root;           /* index of the top ancestor */
};

static void regtree_init(struct regtree *rt, const struct pipe *p)
{
    size_t n = p->n_regions, i, *fill = xcalloc(n + 1, sizeof *fill);

    rt->cstart = xcalloc(n + 1, sizeof *rt->cstart);
    rt->clist = xcalloc(n ? n : 1, sizeof *rt->clist);
    rt->root = xcalloc(n ? n : 1, sizeof *rt->root);
    for (i = 0; i < n; i++) {
        size_t par = region_index(p, p->region_parents[i]);
        if (p->region_parents[i] != 0 && par < n)
            rt->cstart[par + 1]++;
    }
    for (i = 0; i < n; i++)
        rt->cstart[i + 1] += rt->cstart[i];
    for (i = 0; i < n; i++) {
        size_t par = region_index(p, p->region_parents[i]);
        if (p->region_parents[i] != 0 && par < n)
            rt->clist[rt->cstart[par] + fill[par]++] = i;
    }
    for (i = 0; i < n; i++) {
        size_t at = i, steps = 0;
        /* The loader refuses cycles; the step limit only guards against a broken file. */
        while (p->region_parents[at] != 0 && steps++ < n) {
            size_t par = region_index(p, p->region_parents[at]);
            if (par >= n)
                break;
            at = par;
        }
        rt->root[i] = at;
    }
    free(fill);
}

static void regtree_release(struct regtree *rt)
{
    free(rt->cstart);
    free(rt->clist);
    free(rt->root);
}

/*
 * Parents for reconciliation, among the members of one group: the series of
 * the parent region, when every child region of that parent has a forecast
 * series of the same indicator, and so has its remainder if it has one (it
 * is then linked as one more child).
 */
static void link_parents(struct pipe *p, const struct regtree *rt, const size_t *members, size_t n)
{
    size_t i, k;

    for (i = 0; i < n; i++)
        p->series[members[i]].parent = -1;
    for (i = 0; i < n; i++) {
        struct pipe_series *s = &p->series[members[i]];
        size_t ri = region_index(p, s->region_id), pi;
        int64_t par;
        bool all = true;
        if (s->is_remainder || !s->ok || ri >= p->n_regions || p->region_parents[ri] == 0)
            continue;
        pi = region_index(p, p->region_parents[ri]);
        par = find_series(p, p->region_parents[ri], s->indicator_id);
        if (pi >= p->n_regions || par < 0 || !p->series[par].ok)
            continue;
        for (k = rt->cstart[pi]; k < rt->cstart[pi + 1] && all; k++) {
            int64_t c = find_series(p, p->region_ids[rt->clist[k]], s->indicator_id);
            all = c >= 0 && p->series[c].ok;
        }
        if (all && p->series[par].remainder >= 0 && !p->series[p->series[par].remainder].ok) {
            /* Without it the whole difference would be pushed into the districts. */
            if (!strstr(p->series[par].note, "not reconciled"))
                note_add(&p->series[par], "%s%.0s", "%.0s%s",
                         "not reconciled with its districts: the part not allocated to them "
                         "could not be forecast",
                         "未与所辖县区协调: 未分配到所列县区的部分无法预测");
        } else if (all) {
            s->parent = par;
        } else if (!strstr(p->series[par].note, "not reconciled")) {
            note_add(&p->series[par], "%s%.0s", "%.0s%s",
                     "not reconciled with its districts: not every district has this series",
                     "未与所辖县区协调: 并非每个县区都有该指标的数据");
        }
    }
    for (i = 0; i < n; i++) {
        struct pipe_series *s = &p->series[members[i]];
        int64_t owner;
        if (!s->is_remainder || !s->ok)
            continue;
        owner = find_series(p, s->region_id, s->indicator_id);
        for (k = 0; k < n && s->parent < 0; k++)
            if (p->series[members[k]].parent == owner)
                s->parent = owner;
        if (s->parent >= 0)
            note_add(&p->series[owner],
                     "includes a part not allocated to the listed districts, forecast with %s as "
                     "one more district",
                     "含未分配到所列县区的部分, 以 %s 作为一个县区单独预测", s->model);
    }
}

/* Where series idx is in the ascending members[0..n-1] (a parent is in its child's group). */
static size_t member_index(const size_t *members, size_t n, size_t idx)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (members[mid] < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * An aggregate is its children's sum: if they could not all be forecast
 * (so none was linked to it), it has nothing to add up.
 */
static void drop_lonely_aggregates(struct pipe *p, const size_t *members, size_t n)
{
    bool changed = true;
    size_t i, k;

    while (changed) {
        changed = false;
        for (i = 0; i < n; i++) {
            struct pipe_series *a = &p->series[members[i]];
            int64_t par = a->parent;
            bool linked = false;
            if (!a->aggregate || !a->ok)
                continue;
            for (k = 0; k < n && !linked; k++)
                linked = p->series[members[k]].parent == (int64_t)members[i];
            if (linked)
                continue;
            a->ok = false;
            a->parent = -1;
            free(a->paths);
            a->paths = NULL;
            note_add(a, "%s%.0s", "%.0s%s", "a district could not be forecast; not forecast",
                     "有县区无法预测, 本级未预测");
            /* Its parent no longer has every child: it stands alone, as link_parents would do. */
            if (par >= 0)
                for (k = 0; k < n; k++)
                    if (p->series[members[k]].parent == par)
                        p->series[members[k]].parent = -1;
            changed = true;
        }
    }
}

static int64_t root_of(const struct pipe *p, int64_t i)
{
    while (p->series[i].parent >= 0)
        i = p->series[i].parent;
    return i;
}

/* The reconciliation trees among the members of one group, and their (tree, year) jobs. */
static void build_trees(struct run *run, const size_t *members, size_t n)
{
    struct pipe *p = run->p;
    size_t i, k, n_nodes, n_jobs = 0, years_total = 0;
    size_t *tree = xmalloc((n ? n : 1) * sizeof *tree);
    int64_t *root = xmalloc((n ? n : 1) * sizeof *root);
    size_t *pos = xmalloc((n ? n : 1) * sizeof *pos);

    run->trees = xcalloc(n ? n : 1, sizeof *run->trees);
    run->n_trees = 0;
    for (i = 0; i < n; i++)
        root[i] = p->series[members[i]].ok ? root_of(p, (int64_t)members[i]) : -1;
    for (i = 0; i < n; i++) {
        size_t r = members[i];
        int first = 0, end = 0;
        bool has_child = false;
        struct recon_tree *t;
        if (!p->series[r].ok || p->series[r].parent >= 0)
            continue; /* each tree once, from its root */
        n_nodes = 0;
        for (k = 0; k < n; k++) {
            if (root[k] == (int64_t)r) {
                pos[k] = n_nodes;
                tree[n_nodes++] = members[k];
                if (p->series[members[k]].parent >= 0)
                    has_child = true;
            }
        }
        if (!has_child)
            continue;
        for (k = 0; k < n_nodes; k++) {
            const struct pipe_series *s = &p->series[tree[k]];
            int e = s->first_year + (int)s->h;
            if (k == 0 || s->first_year > first)
                first = s->first_year;
            if (k == 0 || e < end)
                end = e;
        }
        if (end <= first)
            continue;
        t = &run->trees[run->n_trees++];
        t->nodes = xcalloc(n_nodes, sizeof *t->nodes);
        t->n_nodes = n_nodes;
        t->years = (size_t)(end - first);
        t->root = r;
        years_total += t->years;
        for (k = 0; k < n_nodes; k++) {
            struct pipe_series *s = &p->series[tree[k]];
            size_t j;
            t->nodes[k].parent =
                s->parent >= 0 ? pos[member_index(members, n, (size_t)s->parent)] : RECON_ROOT;
            t->nodes[k].has_base = !s->aggregate;
            t->nodes[k].nonneg = true;
            for (j = 0; j < s->n; j++)
                if (s->y[j] < 0.0)
                    t->nodes[k].nonneg = false;
            t->nodes[k].paths = s->paths + (first - s->first_year);
            t->nodes[k].stride = s->h;
            t->nodes[k].lower = s->floor ? s->floor + (first - s->first_year) : NULL;
        }
    }
    /*
     * Years per job: RECON_CHUNK, or fewer so that one tree still gives every
     * thread a share (5 years on 2 threads: 3 + 2).
     */
    run->chunk = RECON_CHUNK;
    if (run->n_trees == 1 && run->o->threads > 1) {
        size_t c = (run->trees[0].years + run->o->threads - 1) / run->o->threads;
        run->chunk = c < 1 ? 1 : c < RECON_CHUNK ? c : RECON_CHUNK;
    }
    run->job_tree = xcalloc(years_total ? years_total : 1, sizeof *run->job_tree);
    run->job_year = xcalloc(years_total ? years_total : 1, sizeof *run->job_year);
    for (i = 0; i < run->n_trees; i++)
        for (k = 0; k < run->trees[i].years; k += run->chunk) {
            run->job_tree[n_jobs] = i;
            run->job_year[n_jobs++] = k;
        }
    run->n_jobs = n_jobs;
    free(pos);
    free(root);
    free(tree);
}

static void free_trees(struct run *run)
{
    size_t i;

    for (i = 0; i < run->n_trees; i++)
        free(run->trees[i].nodes);
    free(run->trees);
    free(run->job_tree);
    free(run->job_year);
    run->trees = NULL;
    run->job_tree = run->job_year = NULL;
    run->n_trees = run->n_jobs = 0;
}

/* ---- reach_year beyond the main paths ------------------------------------ */

#define REACH_FULL_TREE 64 /* trees up to this many series: the reach pass uses all paths */

/*
 * Paths of the reach pass for a larger tree: max(200, npaths / 8), at most
 * npaths.  Only a
 * median is taken from them, and only to find the year it crosses the
 * target: the median of n paths has a standard error of about 1.25 sd / sqrt(n)
 * (0.079 sd at 250), so the crossing year moves by 0.079 sd / (the median's
 * yearly change): under half a year while the paths' spread at that year is
 * under 6 years' change of the median, and a crossing that close to even is
 * a coin toss at any number of paths (2,000 paths: 0.028 sd).
 */
static size_t reach_npaths(size_t npaths)
{
    size_t n = npaths / 8 > 200 ? npaths / 8 : 200;

    return n < npaths ? n : npaths;
}

/*
 * Whether target t of series s, judged on main paths of h years, has its
 * reach_year still open: not met by the median within them, and its search
 * (to the later of t_last + TARGET_REACH_YEARS and the deadline) goes on
 * past them into years the reach pass simulates (h_full).
 */
static bool needs_reach(const struct pipe_target *t, const struct pipe_series *s, size_t h,
                        size_t h_full)
{
    int t_last, last;

    if (!t->has_result || t->res.has_reach_year || s->n == 0 || h_full <= h)
        return false;
    t_last = (int)s->t[s->n - 1];
    last = t_last + TARGET_REACH_YEARS;
    if (t->spec.deadline > last)
        last = t->spec.deadline;
    return t_last + (int)h < last;
}

/* Draw series idx's reach paths (h_full years, run->npaths) in place of its main paths. */
static void reach_sim_one(struct run *run, size_t idx, gsl_rng *r)
{
    struct pipe_series *s = &run->p->series[idx];
    struct series_in *in = &run->in[idx];
    size_t h = in->h_full, np = run->npaths, i;
    double *paths = xcalloc(np * h, sizeof *paths), *low = NULL;
    int status = GSL_SUCCESS;

    in->main_paths = s->paths;
    in->main_floor = s->floor;
    in->main_h = s->h;
    in->reach_skip = false;
    if (!s->aggregate) {
        /* The fitted model of the main pass, from its own stream. */
        gsl_rng_set(r, reach_seed(run->o->seed, s));
        status = in->auto_sim ? model_auto_simulate(&s->fit, h, np, r, paths)
                              : model_simulate(&s->fit.members[0], h, np, r, paths);
        if (!status && s->has_ytd) {
            size_t k = (size_t)(s->ytd_year - s->first_year);
            bool nonneg = true;
            double *draws = xmalloc(np * sizeof *draws);
            for (i = 0; i < s->n; i++)
                if (s->y[i] < 0.0)
                    nonneg = false;
            for (i = 0; i < np; i++)
                draws[i] = paths[i * h + k];
            status = model_ytd_simulate(&in->ytd_in, &s->ytd, r, np, draws);
            if (!status)
                ytd_apply(s, nonneg, paths, h, np, draws);
            free(draws);
            if (!status && s->floor) {
                low = xcalloc(h, sizeof *low);
                low[k] = s->floor[k];
            }
        }
    }
    in->reach_skip = status != GSL_SUCCESS;
    s->paths = paths;
    s->floor = low;
    s->h = h;
    in->reach = true;
}

/* reach_year of series idx's open targets, from its reconciled reach paths. */
static void reach_eval_one(struct run *run, size_t idx, double *work)
{
    struct pipe *p = run->p;
    const struct pipe_series *s = &p->series[idx];
    const struct series_in *in = &run->in[idx];
    struct target_series ts;
    size_t t;

    if (!in->reach || in->reach_skip)
        return;
    ts.t = s->t;
    ts.y = s->y;
    ts.n = s->n;
    ts.paths = s->paths;
    ts.npaths = run->npaths;
    ts.h = s->h;
    ts.stride = s->h;
    for (t = run->tstart[idx]; t < run->tstart[idx + 1]; t++) {
        struct pipe_target *tg = &p->targets[run->tlist[t]];
        if (needs_reach(tg, s, in->main_h, in->h_full))
            (void)model_target_reach(&tg->spec, &ts, (int)s->t[s->n - 1] + (int)in->main_h + 1,
                                     work, &tg->res);
    }
}

/*
 * One round of the reach pass: the series todo[0..n_todo-1] (whole trees of
 * the batch members[0..n-1]) simulated again with npaths paths, reconciled,
 * and their open reach years judged; then their main paths are put back.
 */
static int reach_round(struct run *run, const size_t *members, size_t n, size_t *todo,
                       size_t n_todo, size_t npaths)
{
    struct pipe *p = run->p;
    bool *skip = xcalloc(n ? n : 1, sizeof *skip);
    size_t m;
    int rc = 0;

    run->todo = todo;
    run->n_todo = n_todo;
    run->npaths = npaths;
    if (!run_phase(run, PHASE_REACH_SIM)) {
        rc = -1;
        goto restore;
    }
    /* A tree with a series whose reach paths failed keeps the main answer. */
    for (m = 0; m < n_todo; m++)
        if (run->in[todo[m]].reach_skip)
            skip[member_index(members, n, (size_t)root_of(p, (int64_t)todo[m]))] = true;
    for (m = 0; m < n_todo; m++)
        if (skip[member_index(members, n, (size_t)root_of(p, (int64_t)todo[m]))])
            run->in[todo[m]].reach_skip = true;
    build_trees(run, todo, n_todo);
    run->status = 0;
    if (!run_phase(run, PHASE_RECONCILE))
        rc = -1;
    free_trees(run);
    if (!rc && run->status)
        rc = run->status;
    if (!rc && !run_phase(run, PHASE_REACH_EVAL))
        rc = -1;
restore:
    for (m = 0; m < n_todo; m++) {
        struct pipe_series *s = &p->series[todo[m]];
        struct series_in *in = &run->in[todo[m]];
        if (!in->reach)
            continue;
        free(s->paths);
        free(s->floor);
        s->paths = in->main_paths;
        s->floor = in->main_floor;
        s->h = in->main_h;
        in->reach = false;
    }
    run->npaths = run->o->npaths;
    run->todo = members;
    run->n_todo = n;
    free(skip);
    return rc;
}

/*
 * The reach pass over a batch whose main paths are judged: the trees with a
 * target whose reach_year is still open (needs_reach) are simulated again
 * to h_full years from the same fitted models, from each series' reach
 * stream, reconciled like the main paths, and those targets take the first
 * later year their median meets.  Trees of up to REACH_FULL_TREE series (a
 * city and its districts) get all --paths paths, which costs little; larger
 * ones (a country) get reach_npaths, so that national runs stay fast.  A
 * tree's size does not depend on --region or --threads, so neither does the
 * answer.  0, -1 when a worker had no memory, or a reconciliation status
 * (run->failed_tree says where).
 */
static int reach_pass(struct run *run, const size_t *members, size_t n)
{
    struct pipe *p = run->p;
    bool *mark = xcalloc(n ? n : 1, sizeof *mark);
    size_t *size = xcalloc(n ? n : 1, sizeof *size);
    size_t *todo = xmalloc((n ? n : 1) * sizeof *todo), n_todo, m, t, round;
    int rc = 0;

    for (m = 0; m < n; m++) {
        size_t idx = members[m], root = member_index(members, n, (size_t)root_of(p, (int64_t)idx));
        const struct pipe_series *s = &p->series[idx];
        if (!s->ok)
            continue;
        size[root]++;
        for (t = run->tstart[idx]; t < run->tstart[idx + 1]; t++)
            if (needs_reach(&p->targets[run->tlist[t]], s, s->h, run->in[idx].h_full))
                mark[root] = true;
    }
    for (round = 0; round < 2 && rc == 0; round++) {
        n_todo = 0;
        for (m = 0; m < n; m++) {
            size_t root = member_index(members, n, (size_t)root_of(p, (int64_t)members[m]));
            bool small = size[root] <= REACH_FULL_TREE;
            if (p->series[members[m]].ok && mark[root] && small == (round == 0))
                todo[n_todo++] = members[m];
        }
        if (n_todo)
            rc = reach_round(run, members, n, todo, n_todo,
                             round == 0 ? run->o->npaths : reach_npaths(run->o->npaths));
    }
    free(todo);
    free(size);
    free(mark);
    return rc;
}

/* ---- summaries ----------------------------------------------------------- */

static void summarise(struct pipe_series *s, size_t npaths, double *col)
{
    size_t j, p;

    s->mean = xcalloc(s->nq, sizeof *s->mean);
    s->q = xcalloc(s->nq * PIPE_NQ, sizeof *s->q);
    for (j = 0; j < s->nq; j++) {
        double sum = 0.0;
        for (p = 0; p < npaths; p++) {
            col[p] = s->paths[p * s->h + j];
            sum += col[p];
        }
        s->mean[j] = sum / (double)npaths;
        (void)model_quantiles(col, npaths, pipe_quantiles, PIPE_NQ, s->q + j * PIPE_NQ);
    }
}

static void eval_target(struct pipe *p, struct pipe_target *t, size_t npaths, double *work)
{
    const struct pipe_series *s;
    struct target_series ts;

    t->has_result = false;
    if (t->series < 0)
        return;
    s = &p->series[t->series];
    if (s->n == 0)
        return;
    ts.t = s->t;
    ts.y = s->y;
    ts.n = s->n;
    ts.paths = s->ok ? s->paths : NULL;
    ts.npaths = s->ok ? npaths : 0;
    ts.h = s->ok ? s->h : 0;
    ts.stride = ts.h;
    t->spec.is_flow = s->is_flow;
    if (model_target_eval(&t->spec, &ts, work, &t->res) == GSL_SUCCESS)
        t->has_result = true;
}

/* ---- the run ------------------------------------------------------------- */

/* The indicator with this id in inds[0..n-1] (ordered by id), NULL if none. */
static const struct db_indicator *indicator_by_id(const struct db_indicator *inds, size_t n,
                                                  int64_t id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (inds[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && inds[lo].id == id ? &inds[lo] : NULL;
}

/*
 * Everything the run reads, in one read transaction (one snapshot, which
 * the inputs digest describes): regions, the series and their observations
 * (one query for all, into *set, which the series_in point into), targets.
 */
static int read_inputs(struct sqlite3 *db, const struct pipe_opts *o, struct pipe *p,
                       struct series_in **ins, struct db_obs_set *set, struct att_err *err)
{
    struct db_region *regions = NULL;
    struct db_indicator *inds = NULL;
    struct db_target *targets = NULL;
    struct db_digest dg;
    size_t n_regions = 0, n_inds = 0, n_targets = 0, i, k;
    int rc;

    db_digest_init(&dg);
    rc = db_begin_read(db, err);
    if (rc)
        return rc;
    rc = db_regions(db, &regions, &n_regions, err);
    if (rc)
        goto out;
    p->n_regions = n_regions;
    p->region_ids = xcalloc(n_regions ? n_regions : 1, sizeof *p->region_ids);
    p->region_parents = xcalloc(n_regions ? n_regions : 1, sizeof *p->region_parents);
    p->region_codes = xcalloc(n_regions ? n_regions : 1, sizeof *p->region_codes);
    p->region_names = xcalloc(n_regions ? n_regions : 1, sizeof *p->region_names);
    for (i = 0; i < n_regions; i++) {
        p->region_ids[i] = regions[i].id;
        p->region_parents[i] = regions[i].parent_id;
        p->region_codes[i] = xstrdup(regions[i].code);
        p->region_names[i] = xstrdup(regions[i].name);
    }
    rc = db_indicators(db, &inds, &n_inds, err);
    if (rc)
        goto out;
    rc = db_observations_all(db, 0, o->indicator_id, o->as_of, set, err);
    if (rc)
        goto out;
    p->series = xcalloc(set->n_series ? set->n_series : 1, sizeof *p->series);
    *ins = xcalloc(set->n_series ? set->n_series : 1, sizeof **ins);
    /*
     * The series are those with observations known as of then, ordered by
     * region id, then indicator id; names come from the regions and
     * indicators (both ordered by id).  (A GROUP BY over every observation
     * for the same list cost more than reading the observations.)
     */
    for (k = 0; k < set->n_series; k++) {
        struct pipe_series *s = &p->series[p->n_series];
        struct series_in *in = &(*ins)[p->n_series];
        const struct db_indicator *ind = indicator_by_id(inds, n_inds, set->series[k].indicator_id);
        size_t ri = region_index(p, set->series[k].region_id);
        if (!ind || ri >= n_regions)
            continue; /* the schema's foreign keys rule this out */
        in->obs = set->series[k].obs;
        in->n_obs = set->series[k].n;
        db_digest_obs(&dg, regions[ri].code, ind->code, in->obs, in->n_obs);
        s->region_id = set->series[k].region_id;
        s->indicator_id = set->series[k].indicator_id;
        s->region_code = xstrdup(regions[ri].code);
        s->region_name = xstrdup(regions[ri].name);
        s->indicator_code = xstrdup(ind->code);
        s->indicator_name = xstrdup(ind->name);
        s->unit = xstrdup(ind->unit ? ind->unit : "");
        s->is_flow = ind->is_flow;
        s->reported = o->region_id == 0 || o->region_id == s->region_id;
        s->note = xstrdup("");
        s->note_zh = xstrdup("");
        build_history(s, in);
        p->n_series++;
        if (s->reported)
            p->n_reported++;
    }
    if (o->targets) {
        rc = db_targets(db, o->region_id, o->indicator_id, &targets, &n_targets, err);
        if (rc)
            goto out;
        db_digest_targets(&dg, targets, n_targets);
        p->targets = xcalloc(n_targets ? n_targets : 1, sizeof *p->targets);
        p->n_targets = n_targets;
        for (i = 0; i < n_targets; i++) {
            struct pipe_target *t = &p->targets[i];
            t->id = targets[i].id;
            t->region_id = targets[i].region_id;
            t->indicator_id = targets[i].indicator_id;
            t->region_code = xstrdup(targets[i].region_code);
            t->region_name = xstrdup(targets[i].region_name);
            t->indicator_code = xstrdup(targets[i].indicator_code);
            t->indicator_name = xstrdup(targets[i].indicator_name);
            t->unit = xstrdup(targets[i].unit);
            t->lead_unit = targets[i].lead_unit ? xstrdup(targets[i].lead_unit) : NULL;
            t->spec.is_flow = targets[i].is_flow;
            t->spec.is_increment = strcmp(targets[i].kind, "increment") == 0;
            t->spec.start = t->spec.is_increment ? targets[i].start : targets[i].deadline;
            t->spec.deadline = targets[i].deadline;
            t->spec.value = targets[i].value;
            t->series = -1;
        }
    }
    db_digest_hex(&dg, p->digest);
out:
    if (rc)
        db_rollback(db);
    else
        rc = db_commit(db, err);
    db_regions_free(regions, n_regions);
    db_indicators_free(inds, n_inds);
    db_targets_free(targets, n_targets);
    return rc;
}

/* Series ordered by group: indicator, then the root of the region, then series order. */
struct group_key {
    int64_t indicator_id;
    size_t root;
    size_t series;
};

/*
 * The last year each series must reach: the horizon, --until, and, with
 * targets, the latest deadline of its group (indicator x top region: its
 * trees are reconciled to it) -- the main paths, s->h years; and the fit's
 * horizon h_full, which with targets goes on to t_last + TARGET_REACH_YEARS
 * for reach_year (reach_pass).  The deadlines are those of every target
 * (all[0..n_all-1]), whatever --region reads, so a region's numbers do not
 * depend on the filter.  keys: the series in group order.
 */
static void set_horizons(struct pipe *p, struct series_in *ins, const struct pipe_opts *o,
                         const struct group_key *keys, const struct db_target *all, size_t n_all)
{
    int *deadline = xcalloc(p->n_series ? p->n_series : 1, sizeof *deadline);
    size_t i, g, e;

    for (i = 0; i < p->n_targets; i++) {
        struct pipe_target *t = &p->targets[i];
        t->series = find_series(p, t->region_id, t->indicator_id);
    }
    for (i = 0; i < n_all; i++) {
        int64_t si = find_series(p, all[i].region_id, all[i].indicator_id);
        if (si >= 0 && all[i].deadline > deadline[si])
            deadline[si] = all[i].deadline;
    }
    for (g = 0; g < p->n_series; g = e) {
        int latest = 0;
        for (e = g; e < p->n_series && keys[e].indicator_id == keys[g].indicator_id &&
                    keys[e].root == keys[g].root;
             e++)
            if (deadline[keys[e].series] > latest)
                latest = deadline[keys[e].series];
        for (i = g; i < e; i++)
            deadline[keys[i].series] = latest;
    }
    for (i = 0; i < p->n_series; i++) {
        struct pipe_series *s = &p->series[i];
        int t_last = s->n ? (int)s->t[s->n - 1] : 0;
        int end = t_last + (int)o->horizon, reported, full;
        if (o->until > end)
            end = o->until;
        if (s->has_ytd && s->ytd_year > end)
            end = s->ytd_year;
        reported = end;
        if (o->targets && deadline[i] > end)
            end = deadline[i];
        full = end;
        if (o->targets && t_last + TARGET_REACH_YEARS > full)
            full = t_last + TARGET_REACH_YEARS;
        if (end - t_last > MODEL_MAX_HORIZON) {
            end = t_last + MODEL_MAX_HORIZON;
            note_add(s, "simulated only to %d (%d years)", "只模拟到 %d 年 (%d 年)", end,
                     MODEL_MAX_HORIZON);
        }
        if (full - t_last > MODEL_MAX_HORIZON)
            full = t_last + MODEL_MAX_HORIZON;
        if (end <= t_last)
            end = t_last + 1;
        if (full < end)
            full = end;
        s->first_year = t_last + 1;
        s->h = (size_t)(end - t_last);
        ins[i].h_full = (size_t)(full - t_last);
        s->nq = reported > t_last ? (size_t)(reported - t_last) : 1;
        if (s->nq > s->h)
            s->nq = s->h;
    }
    free(deadline);
}

static int group_cmp(const void *a, const void *b)
{
    const struct group_key *x = a, *y = b;

    if (x->indicator_id != y->indicator_id)
        return x->indicator_id < y->indicator_id ? -1 : 1;
    if (x->root != y->root)
        return x->root < y->root ? -1 : 1;
    return (x->series > y->series) - (x->series < y->series);
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    return (x > y) - (x < y);
}

/* A batch closes at this many series or bytes of paths (after a whole group). */
#define BATCH_SERIES 64
#define BATCH_BYTES ((size_t)64 << 20)

/* Order series (and their inputs) by region id, then indicator id, as db_series_list does. */
struct series_pair {
    struct pipe_series s;
    struct series_in in;
};

static int series_cmp(const void *a, const void *b)
{
    const struct pipe_series *x = &((const struct series_pair *)a)->s;
    const struct pipe_series *y = &((const struct series_pair *)b)->s;

    if (x->region_id != y->region_id)
        return x->region_id < y->region_id ? -1 : 1;
    if (x->indicator_id != y->indicator_id)
        return x->indicator_id < y->indicator_id ? -1 : 1;
    return (int)x->is_remainder - (int)y->is_remainder; /* a remainder after its series */
}

/*
 * Put the series (and their inputs, index for index) back in series_cmp
 * order after new ones were appended.
 */
static void sort_series(struct pipe *p, struct series_in *ins)
{
    struct series_pair *pairs = xcalloc(p->n_series, sizeof *pairs);
    size_t k;

    for (k = 0; k < p->n_series; k++) {
        pairs[k].s = p->series[k];
        pairs[k].in = ins[k];
    }
    qsort(pairs, p->n_series, sizeof *pairs, series_cmp);
    for (k = 0; k < p->n_series; k++) {
        p->series[k] = pairs[k].s;
        ins[k] = pairs[k].in;
    }
    free(pairs);
}

/*
 * A region with no figures of its own for an indicator that each of its
 * child regions has, all up to the same last year, gets an aggregate series:
 * its paths are the sum of its children's reconciled paths (a node without a
 * base forecast in models/reconcile.c), its history their sum over the years
 * they all have.  Deeper regions first, so a province made of counties can
 * itself add up to the country.
 */
static void add_aggregates(struct pipe *p, struct series_in **ins, const struct regtree *rt,
                           const struct pipe_opts *o)
{
    size_t nr = p->n_regions, i, k, d, maxd = 0, cap = p->n_series;
    size_t *depth = xcalloc(nr ? nr : 1, sizeof *depth);

    for (i = 0; i < nr; i++) {
        size_t at = i, steps = 0;
        while (p->region_parents[at] != 0 && steps < nr) {
            size_t par = region_index(p, p->region_parents[at]);
            if (par >= nr)
                break;
            at = par;
            steps++;
        }
        depth[i] = steps;
        if (steps > maxd)
            maxd = steps;
    }
    for (d = maxd + 1; d-- > 0;) {
        size_t n_before = p->n_series, n_new = 0;
        for (i = 0; i < nr; i++) {
            size_t c0 = rt->cstart[i], c1 = rt->cstart[i + 1], si;
            if (depth[i] != d || c0 == c1)
                continue;
            /* The indicators of its first child are the candidates. */
            for (si = 0; si < n_before; si++) {
                const struct pipe_series *first = &p->series[si];
                struct pipe_series *a;
                struct series_in *ain;
                double t_last;
                size_t j, m;
                bool ok = true;
                if (first->region_id != p->region_ids[rt->clist[c0]] || first->n == 0)
                    continue;
                if (find_series_in(p, n_before, p->region_ids[i], first->indicator_id) >= 0)
                    continue;
                t_last = first->t[first->n - 1];
                for (k = c0; k < c1 && ok; k++) {
                    int64_t c = find_series_in(p, n_before, p->region_ids[rt->clist[k]],
                                               first->indicator_id);
                    ok = c >= 0 && p->series[c].n > 0 &&
                         p->series[c].t[p->series[c].n - 1] == t_last;
                }
                if (!ok)
                    continue;
                if (p->n_series + 1 > cap) {
                    cap = 2 * cap + 8;
                    p->series = xrealloc(p->series, cap * sizeof *p->series);
                    *ins = xrealloc(*ins, cap * sizeof **ins);
                }
                a = &p->series[p->n_series];
                ain = &(*ins)[p->n_series];
                first = &p->series[si]; /* the array may have moved */
                memset(a, 0, sizeof *a);
                memset(ain, 0, sizeof *ain);
                a->region_id = p->region_ids[i];
                a->indicator_id = first->indicator_id;
                a->region_code = xstrdup(p->region_codes[i]);
                a->region_name = xstrdup(p->region_names[i]);
                a->indicator_code = xstrdup(first->indicator_code);
                a->indicator_name = xstrdup(first->indicator_name);
                a->unit = xstrdup(first->unit);
                a->is_flow = first->is_flow;
                a->aggregate = true;
                a->reported = o->region_id == 0 || o->region_id == a->region_id;
                a->note = xstrdup("no figures of its own: the sum of its districts' forecasts");
                a->note_zh = xstrdup("本级无数据: 为所辖县区预测之和");
                a->ytd_profile_from = -1;
                /* History: the years every child has, summed. */
                a->t = xcalloc(first->n, sizeof *a->t);
                a->y = xcalloc(first->n, sizeof *a->y);
                for (j = 0, m = 0; j < first->n; j++) {
                    double year = first->t[j], sum = 0.0;
                    bool all = true;
                    for (k = c0; k < c1 && all; k++) {
                        const struct pipe_series *c = &p->series[find_series_in(
                            p, n_before, p->region_ids[rt->clist[k]], a->indicator_id)];
                        size_t q;
                        all = false;
                        for (q = 0; q < c->n; q++)
                            if (c->t[q] == year) {
                                sum += c->y[q];
                                all = true;
                            }
                    }
                    if (all) {
                        a->t[m] = year;
                        a->y[m++] = sum;
                    }
                }
                a->n = m;
                p->n_series++;
                n_new++;
                if (a->reported)
                    p->n_reported++;
            }
        }
        if (n_new)
            sort_series(p, *ins);
    }
    free(depth);
}

/* The value of `year` in a series' history (annual or December figures); false if none. */
static bool history_value(const struct pipe_series *s, int year, double *out)
{
    size_t lo = 0, hi = s->n;

    while (lo < hi) { /* years are increasing */
        size_t mid = lo + (hi - lo) / 2;
        if ((int)s->t[mid] < year)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->n && (int)s->t[lo] == year) {
        *out = s->y[lo];
        return true;
    }
    return false;
}

/*
 * month_value by bisection: the store gives a year's months in order, then
 * its year end, so the key is year * 16 + month (13 for the year end).
 * A parent compares each of its figures with every child's.
 */
static bool month_value_sorted(const struct db_obs *obs, size_t n, int year, int month, double *out)
{
    size_t lo = 0, hi = n;
    long key = (long)year * 16 + month;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((long)obs[mid].year * 16 + (obs[mid].month ? obs[mid].month : 13) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && obs[lo].year == year && obs[lo].month == month) {
        *out = obs[lo].value;
        return true;
    }
    return false;
}

#define REMAINDER_MAX_LISTED 6 /* periods named in a note before "..." */

/*
 * A region with figures of its own whose child regions all have the series
 * gets a remainder series when its figures are not their sum (beyond 1e-9
 * of its level): firms registered at city level, or in districts the user
 * did not list.  Its observations are the region's minus the children's sum
 * at every period all of them have -- the years of their histories and the
 * months with a year-to-date figure in each -- so it is fitted, simulated
 * and projected from a year to date like any series.  It needs at least one
 * common year; it is never reported.  A negative remainder means the
 * districts' figures exceed the region's: the region's note says so, and
 * the remainder is reconciled without a floor at zero (build_trees takes
 * the floor from the history's sign).  Run after add_aggregates (an
 * aggregate child counts with its summed history); sets every series'
 * `remainder` index.
 */
static void add_remainders(struct pipe *p, struct series_in **ins, const struct regtree *rt)
{
    size_t n_before = p->n_series, cap = p->n_series, i, j, k;
    int64_t *cidx = NULL;

    for (i = 0; i < n_before; i++) {
        const struct pipe_series *s = &p->series[i];
        const struct series_in *in = &(*ins)[i];
        size_t ri = region_index(p, s->region_id), c0, c1, m = 0, n_years = 0, n_neg = 0;
        struct db_obs *rest;
        struct pipe_series *a;
        struct series_in *ain;
        bool differs = false, all = true;
        char *neg = NULL;

        if (s->aggregate || s->n == 0 || !in->obs || ri >= p->n_regions)
            continue;
        c0 = rt->cstart[ri];
        c1 = rt->cstart[ri + 1];
        if (c0 == c1)
            continue;
        cidx = xrealloc(cidx, (c1 - c0) * sizeof *cidx);
        for (k = c0; k < c1 && all; k++) {
            cidx[k - c0] =
                find_series_in(p, n_before, p->region_ids[rt->clist[k]], s->indicator_id);
            all = cidx[k - c0] >= 0;
        }
        if (!all)
            continue;
        /* Chronological as the store gives them: a year's months, then its year end. */
        rest = xcalloc(in->n_obs + s->n, sizeof *rest);
        for (j = 0; j < in->n_obs; j++) {
            const struct db_obs *o = &in->obs[j];
            bool year_end = j + 1 == in->n_obs || in->obs[j + 1].year != o->year;
            int pass;
            for (pass = 0; pass < 2; pass++) {
                double v, sum = 0.0, cv, tol;
                int month = pass == 0 ? o->month : 0;
                if (pass == 0 && o->month == 0)
                    continue; /* year ends come from the histories, below */
                if (pass == 1 && (!year_end || !history_value(s, o->year, &v)))
                    continue;
                if (pass == 0)
                    v = o->value;
                for (k = c0, all = true; k < c1 && all; k++) {
                    const struct pipe_series *c = &p->series[cidx[k - c0]];
                    const struct series_in *cin = &(*ins)[cidx[k - c0]];
                    all = month == 0 ? history_value(c, o->year, &cv)
                                     : cin->obs && month_value_sorted(cin->obs, cin->n_obs, o->year,
                                                                      month, &cv);
                    sum += cv;
                }
                if (!all)
                    continue;
                rest[m].year = o->year;
                rest[m].month = month;
                if (month)
                    snprintf(rest[m].period, sizeof rest[m].period, "%04d-%02d", o->year, month);
                else
                    snprintf(rest[m].period, sizeof rest[m].period, "%04d", o->year);
                /* Within rounding of the sum, it is nothing (and not negative). */
                tol = 1e-9 * fmax(1.0, fabs(v));
                rest[m].value = fabs(v - sum) <= tol ? 0.0 : v - sum;
                if (rest[m].value != 0.0)
                    differs = true;
                if (rest[m].value < 0.0 && n_neg++ < REMAINDER_MAX_LISTED) {
                    char *next =
                        xasprintf("%s%s%s", neg ? neg : "", neg ? ", " : "", rest[m].period);
                    free(neg);
                    neg = next;
                }
                n_years += month == 0;
                m++;
            }
        }
        if (!differs || n_years == 0) {
            free(rest);
            free(neg);
            continue;
        }
        if (neg)
            note_add(&p->series[i],
                     "its listed districts add up to more than its own figures in %s%s "
                     "(inconsistent data): the part not allocated to them is negative and "
                     "is not held at zero",
                     "所列县区之和在 %s%s 年超过本级数据 (数据不一致): 未分配部分为负, 不按零截断",
                     neg, n_neg > REMAINDER_MAX_LISTED ? ", ..." : "");
        free(neg);
        if (p->n_series + 1 > cap) {
            cap = 2 * cap + 8;
            p->series = xrealloc(p->series, cap * sizeof *p->series);
            *ins = xrealloc(*ins, cap * sizeof **ins);
        }
        s = &p->series[i]; /* the array may have moved */
        a = &p->series[p->n_series];
        ain = &(*ins)[p->n_series];
        memset(a, 0, sizeof *a);
        memset(ain, 0, sizeof *ain);
        a->region_id = s->region_id;
        a->indicator_id = s->indicator_id;
        a->region_code = xstrdup(s->region_code);
        a->region_name = xstrdup(s->region_name);
        a->indicator_code = xstrdup(s->indicator_code);
        a->indicator_name = xstrdup(s->indicator_name);
        a->unit = xstrdup(s->unit);
        a->is_flow = s->is_flow;
        a->is_remainder = true;
        a->reported = false;
        a->note = xstrdup("");
        a->note_zh = xstrdup("");
        a->ytd_profile_from = -1;
        ain->obs = rest;
        ain->n_obs = m;
        build_history(a, ain);
        free(rest);
        ain->obs = NULL;
        ain->n_obs = 0;
        p->n_series++;
    }
    free(cidx);
    if (p->n_series > n_before)
        sort_series(p, *ins);
    for (k = 0; k < p->n_series; k++)
        p->series[k].remainder = -1;
    for (k = 1; k < p->n_series; k++)
        if (p->series[k].is_remainder)
            p->series[k - 1].remainder = (int64_t)k;
}

/* An aggregate's years: those all its children simulate (set after their horizons). */
static void aggregate_horizons(struct pipe *p, struct series_in *ins, const struct regtree *rt)
{
    size_t i, k;

    for (i = 0; i < p->n_series; i++) {
        struct pipe_series *a = &p->series[i];
        size_t ri = region_index(p, a->region_id);
        if (!a->aggregate || ri >= p->n_regions)
            continue;
        for (k = rt->cstart[ri]; k < rt->cstart[ri + 1]; k++) {
            int64_t c = find_series(p, p->region_ids[rt->clist[k]], a->indicator_id);
            if (c >= 0 && p->series[c].h < a->h)
                a->h = p->series[c].h;
            if (c >= 0 && ins[c].h_full < ins[i].h_full)
                ins[i].h_full = ins[c].h_full;
        }
        if (a->nq > a->h)
            a->nq = a->h;
    }
}

int pipe_run(struct sqlite3 *db, const struct pipe_opts *o, struct pipe **out, struct att_err *err)
{
    struct pipe *p = xcalloc(1, sizeof *p);
    struct series_in *ins = NULL;
    struct db_obs_set set = {NULL, 0, NULL, 0};
    struct regtree rt = {NULL, NULL, NULL};
    struct group_key *keys = NULL;
    size_t *order = NULL, *tstart = NULL, *tlist = NULL;
    struct run run;
    size_t i, g, k;
    int rc;

    *out = NULL;
    memset(&run, 0, sizeof run);
    if (o->npaths == 0 || o->threads == 0) {
        rc = att_errf(err, ATT_EINTERNAL, "pipeline: paths and threads must be >= 1");
        goto fail;
    }
    p->npaths = o->npaths;
    rc = read_inputs(db, o, p, &ins, &set, err);
    if (rc)
        goto fail;
    regtree_init(&rt, p);
    add_aggregates(p, &ins, &rt, o);
    add_remainders(p, &ins, &rt);
    /*
     * One group per indicator and top region: a reconciliation tree lies in
     * one group, so only one group's paths are held at a time (the memory
     * bound is the largest tree, not the whole country).
     */
    keys = xcalloc(p->n_series ? p->n_series : 1, sizeof *keys);
    order = xcalloc(p->n_series ? p->n_series : 1, sizeof *order);
    for (i = 0; i < p->n_series; i++) {
        size_t ri = region_index(p, p->series[i].region_id);
        keys[i].indicator_id = p->series[i].indicator_id;
        keys[i].root = ri < p->n_regions ? rt.root[ri] : p->n_regions;
        keys[i].series = i;
    }
    qsort(keys, p->n_series, sizeof *keys, group_cmp);
    for (i = 0; i < p->n_series; i++)
        order[i] = keys[i].series;
    if (o->targets && o->region_id != 0) {
        /* Every target's deadline sets the years simulated, not only the region's. */
        struct db_target *all = NULL;
        size_t n_all = 0;
        rc = db_targets(db, 0, o->indicator_id, &all, &n_all, err);
        if (rc)
            goto fail;
        set_horizons(p, ins, o, keys, all, n_all);
        db_targets_free(all, n_all);
    } else {
        struct db_target *all = xcalloc(p->n_targets ? p->n_targets : 1, sizeof *all);
        for (i = 0; i < p->n_targets; i++) {
            all[i].region_id = p->targets[i].region_id;
            all[i].indicator_id = p->targets[i].indicator_id;
            all[i].deadline = p->targets[i].spec.deadline;
        }
        set_horizons(p, ins, o, keys, all, p->n_targets);
        free(all);
    }
    aggregate_horizons(p, ins, &rt);
    borrow_profiles(p, ins);
    for (i = 0; i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        size_t ri = region_index(p, s->region_id);
        ins[i].obs = NULL;
        ins[i].n_obs = 0;
        /* Alone: a region without parent or districts, and nothing that needs paths. */
        ins[i].lone = o->choice != PIPE_NAMED && !o->targets && !o->keep_paths && !s->has_ytd &&
                      !s->aggregate && ri < p->n_regions && p->region_parents[ri] == 0 &&
                      rt.cstart[ri] == rt.cstart[ri + 1];
    }
    db_obs_set_release(&set);

    /* The targets of each series. */
    tstart = xcalloc(p->n_series + 1, sizeof *tstart);
    tlist = xcalloc(p->n_targets ? p->n_targets : 1, sizeof *tlist);
    for (i = 0; i < p->n_targets; i++)
        if (p->targets[i].series >= 0)
            tstart[p->targets[i].series + 1]++;
    for (i = 0; i < p->n_series; i++)
        tstart[i + 1] += tstart[i];
    {
        size_t *fill = xcalloc(p->n_series ? p->n_series : 1, sizeof *fill);
        for (i = 0; i < p->n_targets; i++) {
            int64_t si = p->targets[i].series;
            if (si >= 0)
                tlist[tstart[si] + fill[si]++] = i;
        }
        free(fill);
    }

    run.o = o;
    run.p = p;
    run.npaths = o->npaths;
    run.in = ins;
    run.tstart = tstart;
    run.tlist = tlist;
    pthread_mutex_init(&run.lock, NULL);
    run.bar = progress_new("forecast", p->n_series, o->progress);
    for (g = 0; g < p->n_series && rc == ATT_OK; g = k) {
        size_t *members, bytes = 0;
        /*
         * A batch of whole groups: one group, and more while the batch is
         * small, so that threads have items to share when every series is its
         * own tree (M3: 645 indicators of one region).  Groups never share a
         * tree, so a batch gives the same numbers as its groups one by one.
         */
        k = g;
        do {
            size_t e;
            for (e = k + 1; e < p->n_series && keys[e].indicator_id == keys[k].indicator_id &&
                            keys[e].root == keys[k].root;
                 e++)
                ;
            for (; k < e; k++)
                bytes += p->series[order[k]].h * o->npaths * sizeof(double);
        } while (k < p->n_series && k - g < BATCH_SERIES && bytes < BATCH_BYTES);
        members = order + g;
        qsort(members, k - g, sizeof *members, size_cmp); /* ascending, as the phases want */
        run.todo = members;
        run.n_todo = k - g;
        if (!run_phase(&run, PHASE_FIT)) {
            rc = att_errf(err, ATT_EINTERNAL, "pipeline: out of memory for a worker");
            break;
        }
        link_parents(p, &rt, members, k - g);
        drop_lonely_aggregates(p, members, k - g);
        aggregates_fitted(p, members, k - g);
        build_trees(&run, members, k - g);
        run.status = 0;
        if (!run_phase(&run, PHASE_RECONCILE)) {
            free_trees(&run);
            rc = att_errf(err, ATT_EINTERNAL, "pipeline: out of memory for a worker");
            break;
        }
        free_trees(&run);
        if (run.status) {
            rc = att_errf(err, ATT_EINTERNAL, "cannot reconcile the '%s' series of '%s': %s",
                          p->series[run.failed_tree].indicator_code,
                          p->series[run.failed_tree].region_code, gsl_strerror(run.status));
            break;
        }
        if (!run_phase(&run, PHASE_FINISH)) {
            rc = att_errf(err, ATT_EINTERNAL, "pipeline: out of memory for a worker");
            break;
        }
        if (o->targets) {
            int st = reach_pass(&run, members, k - g);
            if (st < 0) {
                rc = att_errf(err, ATT_EINTERNAL, "pipeline: out of memory for a worker");
                break;
            }
            if (st) {
                rc = att_errf(err, ATT_EINTERNAL, "cannot reconcile the '%s' series of '%s': %s",
                              p->series[run.failed_tree].indicator_code,
                              p->series[run.failed_tree].region_code, gsl_strerror(st));
                break;
            }
        }
    }
    progress_free(run.bar);
    pthread_mutex_destroy(&run.lock);
    if (rc)
        goto fail;
    /* Targets of a region/indicator without a series. */
    for (i = 0; i < p->n_targets; i++)
        if (p->targets[i].series < 0)
            p->targets[i].has_result = false;
    free(tlist);
    free(tstart);
    free(order);
    free(keys);
    regtree_release(&rt);
    for (i = 0; i < p->n_series; i++)
        free(ins[i].hist);
    free(ins);
    *out = p;
    return ATT_OK;
fail:
    db_obs_set_release(&set);
    if (ins) {
        for (i = 0; i < p->n_series; i++)
            free(ins[i].hist);
        free(ins);
    }
    free(tlist);
    free(tstart);
    free(order);
    free(keys);
    regtree_release(&rt);
    pipe_free(p);
    return rc;
}

void pipe_free(struct pipe *p)
{
    size_t i;

    if (!p)
        return;
    for (i = 0; i < p->n_series; i++) {
        struct pipe_series *s = &p->series[i];
        free(s->region_code);
        free(s->region_name);
        free(s->indicator_code);
        free(s->indicator_name);
        free(s->unit);
        free(s->t);
        free(s->y);
        free(s->fitted);
        free(s->note);
        free(s->note_zh);
        free(s->mean);
        free(s->q);
        free(s->paths);
        free(s->floor);
    }
    free(p->series);
    for (i = 0; i < p->n_targets; i++) {
        struct pipe_target *t = &p->targets[i];
        free(t->region_code);
        free(t->region_name);
        free(t->indicator_code);
        free(t->indicator_name);
        free(t->unit);
        free(t->lead_unit);
    }
    free(p->targets);
    for (i = 0; i < p->n_regions; i++) {
        free(p->region_codes ? p->region_codes[i] : NULL);
        free(p->region_names ? p->region_names[i] : NULL);
    }
    free(p->region_codes);
    free(p->region_names);
    free(p->region_ids);
    free(p->region_parents);
    free(p);
}

char *pipe_models_json(const struct pipe *p)
{
    /* Names in the order of first appearance, counts of reported series. */
    const char *names[MODEL_KIND_COUNT + 2];
    size_t counts[MODEL_KIND_COUNT + 2], nn = 0, i, k;
    char *out = xstrdup("{"), *next;

    for (i = 0; i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        if (!s->ok || !s->reported)
            continue;
        for (k = 0; k < nn && strcmp(names[k], s->model) != 0; k++)
            ;
        if (k == nn && nn < sizeof names / sizeof names[0]) {
            names[nn] = s->model;
            counts[nn++] = 0;
        }
        if (k < nn)
            counts[k]++;
    }
    for (k = 0; k < nn; k++) {
        next = xasprintf("%s%s\"%s\":%zu", out, k ? "," : "", names[k], counts[k]);
        free(out);
        out = next;
    }
    next = xasprintf("%s}", out);
    free(out);
    return next;
}

int pipe_record_run(struct sqlite3 *db, const char *command, int argc, char **argv,
                    const struct pipe_opts *o, const struct pipe *p, struct att_err *err)
{
    struct db_run run;
    char *args = xstrdup(""), *models = pipe_models_json(p);
    int i, rc;

    for (i = 1; i < argc; i++) {
        char *next = xasprintf("%s%s%s", args, i > 1 ? " " : "", argv[i]);
        free(args);
        args = next;
    }
    memset(&run, 0, sizeof run);
    run.command = (char *)command;
    run.seed = (int64_t)o->seed;
    run.paths = (int64_t)o->npaths;
    run.args = args;
    run.inputs_digest = (char *)p->digest;
    run.series = (int64_t)p->n_reported;
    run.models = models;
    rc = db_run_insert(db, &run, err);
    free(args);
    free(models);
    return rc;
}

/* ---- command-line options ----------------------------------------------- */

int pipe_cli_parse(int argc, char **argv, struct att_ctx *ctx, unsigned flags, struct pipe_cli *cli)
{
    /* The horizon options last, so that a command without them stops the array early. */
    static const struct option all[] = {
        {"region", required_argument, NULL, 'r'},   {"indicator", required_argument, NULL, 'i'},
        {"as-of", required_argument, NULL, 'a'},    {"model", required_argument, NULL, 'm'},
        {"scenario", required_argument, NULL, 's'}, {NULL, 0, NULL, 0},
    };
    static const struct option with_horizon[] = {
        {"region", required_argument, NULL, 'r'},   {"indicator", required_argument, NULL, 'i'},
        {"as-of", required_argument, NULL, 'a'},    {"model", required_argument, NULL, 'm'},
        {"scenario", required_argument, NULL, 's'}, {"until", required_argument, NULL, 'u'},
        {"horizon", required_argument, NULL, 'H'},  {NULL, 0, NULL, 0},
    };
    const struct option *longopts = (flags & PIPE_CLI_HORIZON) ? with_horizon : all;
    bool has_until = false, has_horizon = false;
    long v;
    int c, rc;

    memset(cli, 0, sizeof *cli);
    cli->cmd = argv[0];
    cli->horizon = 5;
    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'r':
            cli->region = optarg;
            break;
        case 'i':
            cli->indicator = optarg;
            break;
        case 'a':
            if (!db_parse_period(optarg, NULL, NULL))
                return cmd_usage_errorf(ctx, cli->cmd,
                                        "option '--as-of' wants YYYY or YYYY-MM, not '%s'", optarg);
            cli->as_of = optarg;
            break;
        case 'm': {
            enum model_kind kind;
            if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "combo") != 0 &&
                model_kind_parse(optarg, &kind) != GSL_SUCCESS)
                return cmd_usage_errorf(ctx, cli->cmd,
                                        "unknown model '%s' (auto, combo, naive, drift, linear, "
                                        "exp, logistic, gompertz, damped, theta, poisson, negbin)",
                                        optarg);
            cli->model = optarg;
            break;
        }
        case 's':
            return cmd_usage_errorf(ctx, cli->cmd, "option '--scenario' is not supported yet");
        case 'u':
        case 'H':
            if (c == 'u') {
                rc = cmd_parse_long(ctx, cli->cmd, "until", optarg, 1000, 9999, &v);
                if (rc)
                    return rc;
                cli->until = (int)v;
                has_until = true;
            } else {
                rc = cmd_parse_long(ctx, cli->cmd, "horizon", optarg, 1, MODEL_MAX_HORIZON, &v);
                if (rc)
                    return rc;
                cli->horizon = (size_t)v;
                has_horizon = true;
            }
            break;
        default:
            return cmd_option_error(ctx, argc, argv, c);
        }
    }
    if (optind < argc)
        return cmd_usage_errorf(ctx, cli->cmd, "unexpected argument '%s'", argv[optind]);
    if (has_until && has_horizon)
        return cmd_usage_errorf(ctx, cli->cmd,
                                "options '--until' and '--horizon' cannot be used together");
    return ATT_OK;
}

int pipe_cli_apply(const struct pipe_cli *cli, struct att_ctx *ctx, struct pipe_opts *o)
{
    int rc;

    if (cli->region) {
        rc = names_resolve(ctx->db, NAMES_REGION, cli->region, &o->region_id, &ctx->err);
        if (rc)
            return rc;
    }
    if (cli->indicator) {
        rc = names_resolve(ctx->db, NAMES_INDICATOR, cli->indicator, &o->indicator_id, &ctx->err);
        if (rc)
            return rc;
    }
    o->as_of = cli->as_of;
    if (!cli->model || strcmp(cli->model, "auto") == 0) {
        o->choice = PIPE_AUTO;
    } else if (strcmp(cli->model, "combo") == 0) {
        o->choice = PIPE_COMBO;
    } else {
        o->choice = PIPE_NAMED;
        if (model_kind_parse(cli->model, &o->model) != GSL_SUCCESS)
            return cmd_usage_errorf(ctx, cli->cmd, "unknown model '%s'", cli->model);
    }
    o->until = cli->until;
    o->horizon = cli->horizon;
    return ATT_OK;
}
