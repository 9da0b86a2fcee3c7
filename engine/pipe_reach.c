/*
 * engine/pipe_reach.c -- reach_year beyond the main paths: the trees of a
 * batch with a target whose median has not met it within the years the
 * command needs are simulated again, to t_last + TARGET_REACH_YEARS, from the
 * same fitted models and each series' reach stream, reconciled like the
 * main paths, and those targets take the first later year the median meets.
 */
#include <limits.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "pipe_int.h"
#include "xalloc.h"

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

/* The first year a level's reach_year search reads from the reach paths: after the main ones. */
static int search_from(const struct pipe_series *s, const struct series_in *in)
{
    return (int)s->t[s->n - 1] + (int)in->main_h + 1;
}

/*
 * The first year series idx's reach paths are read from, while they hold
 * them: its open targets' searches read the median of each year they pass
 * (a level) from t_last + main_h + 1 on, or the median path from the first
 * simulated year (an increment).  INT_MAX: no open target.  The earlier
 * years are drawn (the later ones follow from them) but need not be
 * reconciled, each year being reconciled on its own.
 */
int pipe_reach_first_year(const struct run *run, size_t idx)
{
    const struct pipe_series *s = &run->p->series[idx];
    const struct series_in *in = &run->in[idx];
    int first = INT_MAX;
    size_t t;

    for (t = run->tstart[idx]; t < run->tstart[idx + 1]; t++) {
        const struct pipe_target *tg = &run->p->targets[run->tlist[t]];
        int y;
        if (!needs_reach(tg, s, in->main_h, in->h_full))
            continue;
        y = tg->spec.is_increment ? s->first_year : search_from(s, in);
        if (y < first)
            first = y;
    }
    return first;
}

/* Draw series idx's reach paths (h_full years, run->npaths) in place of its main paths. */
void pipe_reach_sim_one(struct run *run, size_t idx, gsl_rng *r)
{
    struct pipe_series *s = &run->p->series[idx];
    struct series_in *in = &run->in[idx];
    size_t h = in->h_full, np = run->npaths;
    double *paths = pipe_paths_new(in->slab_reach, np * h, true), *low = NULL;
    int status = GSL_SUCCESS;

    in->main_paths = s->paths;
    in->main_floor = s->floor;
    in->main_h = s->h;
    in->reach_skip = false;
    if (!s->aggregate) {
        /* The fitted model of the main pass, from its own stream. */
        gsl_rng_set(r, pipe_reach_seed(run->o->seed, s));
        status = in->auto_sim ? model_auto_simulate(in->fit, h, np, r, paths)
                              : model_simulate(&in->fit->members[0], h, np, r, paths);
        if (!status && s->has_ytd) {
            size_t k = (size_t)(s->ytd_year - s->first_year);
            status = pipe_ytd_paths(s, in, false, r, paths, h, np);
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
void pipe_reach_eval_one(struct run *run, size_t idx, double *work)
{
    struct pipe *p = run->p;
    const struct pipe_series *s = &p->series[idx];
    const struct series_in *in = &run->in[idx];
    struct target_series ts;
    size_t t;

    if (!in->reach || in->reach_skip)
        return;
    ts = pipe_target_series(s, run->npaths);
    for (t = run->tstart[idx]; t < run->tstart[idx + 1]; t++) {
        struct pipe_target *tg = &p->targets[run->tlist[t]];
        if (needs_reach(tg, s, in->main_h, in->h_full))
            (void)model_target_reach(&tg->spec, &ts, search_from(s, in), work, &tg->res);
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
    pipe_slab_cut(run, todo, n_todo, npaths, true);
    if (!pipe_run_phase(run, PHASE_REACH_SIM)) {
        rc = -1;
        goto restore;
    }
    /* A tree with a series whose reach paths failed keeps the main answer. */
    for (m = 0; m < n_todo; m++)
        if (run->in[todo[m]].reach_skip)
            skip[pipe_member_index(members, n, (size_t)pipe_root_of(p, (int64_t)todo[m]))] = true;
    for (m = 0; m < n_todo; m++)
        if (skip[pipe_member_index(members, n, (size_t)pipe_root_of(p, (int64_t)todo[m]))])
            run->in[todo[m]].reach_skip = true;
    /* Here the reach paths exist, not reconciled yet (pipe_int.h, step 2). */
    rc = pipe_scenario_apply(p, todo, n_todo, run->o->scenario, npaths);
    if (!rc)
        rc = pipe_reconcile(run, todo, n_todo);
    if (!rc)
        rc = pipe_scenario_bound(p, todo, n_todo, run->o->scenario, npaths);
    if (!rc && !pipe_run_phase(run, PHASE_REACH_EVAL))
        rc = -1;
restore:
    for (m = 0; m < n_todo; m++) {
        struct pipe_series *s = &p->series[todo[m]];
        struct series_in *in = &run->in[todo[m]];
        if (!in->reach)
            continue;
        pipe_paths_free(run, s->paths);
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
int pipe_reach_pass(struct run *run, const size_t *members, size_t n)
{
    struct pipe *p = run->p;
    bool *mark = xcalloc(n ? n : 1, sizeof *mark);
    size_t *size = xcalloc(n ? n : 1, sizeof *size);
    size_t *todo = xmalloc((n ? n : 1) * sizeof *todo), n_todo, m, t, round;
    int rc = 0;

    for (m = 0; m < n; m++) {
        size_t idx = members[m],
               root = pipe_member_index(members, n, (size_t)pipe_root_of(p, (int64_t)idx));
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
            size_t root =
                pipe_member_index(members, n, (size_t)pipe_root_of(p, (int64_t)members[m]));
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
