/*
 * engine/pipe_scenario.c -- a scenario's levers on a batch's paths (the
 * pipeline's step 2 and after step 3, pipe_int.h).  For each indicator
 * section of the scenario the series of the batch with that indicator form
 * a forest (their reconciliation parents); the lever acts on the top-most
 * series of the regions it names (or on every root) and, through
 * model_lever_apply_tree, in proportion on their districts and by as much
 * on their ancestors, before reconciliation.  Capacities bound the
 * reconciled paths (model_lever_bound_tree), which keeps the tree coherent.
 *
 * Comparing scenarios (pipe_opts.variants): the paths are simulated once
 * per batch from the fitted models; for each variant they are copied back,
 * levered, reconciled and judged, so every variant sees the same random
 * numbers and the differences are the levers' alone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "pipe_int.h"
#include "scenario.h"
#include "xalloc.h"

/* Whether every figure of s's history is a whole number (its paths are then counts). */
static bool history_whole(const struct pipe_series *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (s->y[i] != floor(s->y[i]))
            return false;
    return true;
}

/* Whether region id is `anc` or lies under it. */
static bool region_within(const struct pipe *p, int64_t id, int64_t anc)
{
    size_t steps = 0;

    while (id && steps++ <= p->n_regions) {
        if (id == anc)
            return true;
        size_t ri = pipe_region_index(p, id);
        id = ri < p->n_regions ? p->region_parents[ri] : 0;
    }
    return false;
}

static bool lever_reaches(const struct pipe *p, const struct scen_lever *l, int64_t region)
{
    size_t j;

    if (l->all_regions)
        return true;
    for (j = 0; j < l->n_regions; j++)
        if (region_within(p, region, l->region_ids[j]))
            return true;
    return false;
}

/*
 * The forest of the batch's series of one indicator that can take levers
 * (forecast, with paths or an aggregate), as lever_series; idx[k] is the
 * series of node k.  Returns the number of nodes.
 */
static size_t forest_of(struct pipe *p, const size_t *members, size_t n, int64_t indicator,
                        struct lever_series *nodes, size_t *idx, size_t *local)
{
    size_t m, k = 0;

    for (m = 0; m < n; m++) {
        struct pipe_series *s = &p->series[members[m]];
        local[m] = (size_t)-1;
        if (s->indicator_id != indicator || !s->ok || s->n == 0 || (!s->paths && !s->aggregate))
            continue;
        local[m] = k;
        idx[k++] = members[m];
    }
    for (m = 0; m < k; m++) {
        struct pipe_series *s = &p->series[idx[m]];
        struct lever_series *ls = &nodes[m];
        size_t pm = s->parent >= 0 ? pipe_member_index(members, n, (size_t)s->parent) : n;
        memset(ls, 0, sizeof *ls);
        ls->parent = pm < n && local[pm] != (size_t)-1 ? local[pm] : RECON_ROOT;
        ls->has_paths = s->paths != NULL;
        ls->is_flow = s->is_flow;
        ls->is_count = history_whole(s);
        ls->nonneg = pipe_history_nonneg(s);
        ls->first_year = s->first_year;
        ls->h = s->h;
        ls->y_last = s->y[s->n - 1];
        ls->paths = s->paths;
        ls->stride = s->h;
    }
    return k;
}

/* Apply (bound false) or bound (true) every lever of sc on the batch. */
static int levers_on(struct pipe *p, const size_t *members, size_t n, const struct scenario *sc,
                     size_t npaths, bool bound)
{
    struct lever_series *nodes = xcalloc(n ? n : 1, sizeof *nodes);
    size_t *idx = xcalloc(n ? n : 1, sizeof *idx), *local = xcalloc(n ? n : 1, sizeof *local);
    size_t l, k, nn;
    int status = GSL_SUCCESS;

    for (l = 0; sc && l < sc->n_levers && status == GSL_SUCCESS; l++) {
        const struct scen_lever *lv = &sc->levers[l];
        if (bound && !(lv->lever.flags & LEVER_CAPACITY))
            continue;
        nn = forest_of(p, members, n, lv->indicator_id, nodes, idx, local);
        for (k = 0; k < nn && status == GSL_SUCCESS; k++) {
            const struct pipe_series *s = &p->series[idx[k]];
            size_t par = nodes[k].parent;
            /* The lever's top-most series: reached, and its parent is not. */
            if (!lever_reaches(p, lv, s->region_id) ||
                (par != RECON_ROOT && lever_reaches(p, lv, p->series[idx[par]].region_id)))
                continue;
            if (bound)
                status = model_lever_bound_tree(&lv->lever, nodes, nn, k, npaths);
            else
                status = model_lever_apply_tree(&lv->lever, nodes, nn, k, npaths);
        }
    }
    free(local);
    free(idx);
    free(nodes);
    return status;
}

int pipe_scenario_apply(struct pipe *p, const size_t *members, size_t n, const struct scenario *sc,
                        size_t npaths)
{
    return levers_on(p, members, n, sc, npaths, false);
}

int pipe_scenario_bound(struct pipe *p, const size_t *members, size_t n, const struct scenario *sc,
                        size_t npaths)
{
    return levers_on(p, members, n, sc, npaths, true);
}

bool pipe_scenario_moves(const struct scenario *sc, const struct pipe_series *s)
{
    size_t l;

    for (l = 0; sc && l < sc->n_levers; l++)
        if (sc->levers[l].indicator_id == s->indicator_id)
            return true;
    return false;
}

/*
 * One variant on the members sub[0..nsub-1] (whole trees): their paths put
 * back (where kept: a series no variant before moved still has them),
 * levered, reconciled, bounded and judged, the results kept as variant v's.
 */
static int variant_round(struct run *run, double *const *base, const size_t *members, size_t n,
                         const size_t *sub, size_t nsub, size_t v)
{
    struct pipe *p = run->p;
    const struct pipe_opts *o = run->o;
    const struct scenario *sc = o->variants[v];
    size_t m, t;
    int status;

    for (m = 0; m < nsub; m++) {
        struct pipe_series *s = &p->series[sub[m]];
        const double *b = base[pipe_member_index(members, n, sub[m])];
        if (!b)
            continue;
        if (!s->paths)
            s->paths = xmalloc(o->npaths * s->h * sizeof *s->paths);
        memcpy(s->paths, b, o->npaths * s->h * sizeof *s->paths);
    }
    status = pipe_scenario_apply(p, sub, nsub, sc, o->npaths);
    if (!status)
        status = pipe_reconcile(run, sub, nsub);
    if (!status)
        status = pipe_scenario_bound(p, sub, nsub, sc, o->npaths);
    for (m = 0; m < nsub && !status; m++) {
        struct pipe_series *s = &p->series[sub[m]];
        /* The summaries of the variant before are replaced, not kept. */
        free(s->mean);
        free(s->q);
        s->mean = s->q = NULL;
        for (t = run->tstart[sub[m]]; t < run->tstart[sub[m] + 1]; t++)
            p->targets[run->tlist[t]].has_result = false;
    }
    run->todo = sub;
    run->n_todo = nsub;
    if (!status && !pipe_run_phase(run, PHASE_FINISH))
        status = -1;
    run->todo = members;
    run->n_todo = n;
    for (m = 0; m < nsub && !status; m++)
        for (t = run->tstart[sub[m]]; t < run->tstart[sub[m] + 1]; t++) {
            const struct pipe_target *tg = &p->targets[run->tlist[t]];
            struct pipe_vresult *r = &p->vres[v * p->n_targets + run->tlist[t]];
            r->has_result = tg->has_result;
            r->res = tg->res;
        }
    return status;
}

/*
 * Each variant runs on the trees it moves: those of an indicator it has a
 * lever on (levers act within their indicator's forest, and nothing else of
 * a variant differs from the baseline).  Every other tree's paths would be
 * the baseline's, reconciled and judged the same way, so its targets take
 * the baseline's results, computed last over the whole batch.
 */
int pipe_scenario_variants(struct run *run, const size_t *members, size_t n)
{
    struct pipe *p = run->p;
    const struct pipe_opts *o = run->o;
    double **base = xcalloc(n ? n : 1, sizeof *base);
    size_t *sub = xcalloc(n ? n : 1, sizeof *sub);
    bool *moved = xcalloc((n ? n : 1) * o->n_variants, sizeof *moved);
    size_t m, v, t, nsub;
    int status = 0;

    for (v = 0; v < o->n_variants; v++)
        for (m = 0; m < n; m++)
            moved[v * n + m] =
                v == 0 || pipe_scenario_moves(o->variants[v], &p->series[members[m]]);
    /*
     * The paths as simulated, kept for the series some variant other than
     * the baseline moves: the others' paths are first changed by the
     * baseline, which comes last.
     */
    for (m = 0; m < n; m++) {
        const struct pipe_series *s = &p->series[members[m]];
        bool keep = false;
        for (v = 1; v < o->n_variants && !keep; v++)
            keep = moved[v * n + m];
        if (s->paths && keep) {
            base[m] = xmalloc(o->npaths * s->h * sizeof **base);
            memcpy(base[m], s->paths, o->npaths * s->h * sizeof **base);
        }
    }
    /* Variant 0 last, so that the pipe's own results are the baseline's. */
    for (size_t round = 1; round <= o->n_variants && status == 0; round++) {
        v = round % o->n_variants;
        nsub = 0;
        for (m = 0; m < n; m++)
            if (moved[v * n + m])
                sub[nsub++] = members[m];
        if (nsub)
            status = variant_round(run, base, members, n, sub, nsub, v);
    }
    /* The trees a variant left as they were: the baseline's results. */
    for (v = 1; v < o->n_variants && !status; v++)
        for (m = 0; m < n; m++)
            if (!moved[v * n + m])
                for (t = run->tstart[members[m]]; t < run->tstart[members[m] + 1]; t++)
                    p->vres[v * p->n_targets + run->tlist[t]] = p->vres[run->tlist[t]];
    for (m = 0; m < n; m++)
        free(base[m]);
    free(moved);
    free(sub);
    free(base);
    return status;
}
