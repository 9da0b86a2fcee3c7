/*
 * engine/pipe_tree.c -- reconciliation: the region tree, which series is
 * whose parent (every child region must have the series), the trees of a
 * batch as models/reconcile.c nodes, each tree's plan, and their (tree,
 * range of paths) jobs, reconciled path by path so that a parent is its
 * children's sum.
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pipe_int.h"
#include "xalloc.h"

/*
 * Paths per job, at least: a job reads each of its paths' years once, so
 * jobs much smaller than a block of the reconciliation (models/reconcile.c)
 * only add overhead.
 */
#define RECON_MIN_PATHS 64

static void recon_error(struct run *run, const struct recon_tree *t, int status)
{
    pthread_mutex_lock(&run->lock);
    if (!run->status) {
        run->status = status;
        run->failed_tree = t->root;
    }
    pthread_mutex_unlock(&run->lock);
}

void pipe_reconcile_plan(struct run *run, size_t k)
{
    struct recon_tree *t = &run->trees[k];
    int status = model_reconcile_plan_begin(t->nodes, t->n_nodes, run->npaths, t->years, &t->plan);

    if (status)
        recon_error(run, t, status);
}

/*
 * The variances of a range of a tree's nodes: a country's one tree is cut
 * like its paths, job k being part k % parts of its tree (build_trees).
 */
void pipe_reconcile_nodes(struct run *run, size_t k)
{
    const struct recon_tree *t = &run->trees[run->job_tree[k]];
    size_t parts = run->n_jobs / run->n_trees, part = k % parts;

    run->job_status[k] =
        t->plan ? model_reconcile_plan_nodes(t->plan, t->nodes, t->n_nodes * part / parts,
                                             t->n_nodes * (part + 1) / parts)
                : 0;
}

/* Each plan finished once its nodes' variances are in; a plan whose nodes failed is dropped. */
static void plans_end(struct run *run)
{
    size_t k, i;

    for (k = 0; k < run->n_jobs; k++) {
        struct recon_tree *t = &run->trees[run->job_tree[k]];
        if (t->plan && run->job_status[k]) {
            recon_error(run, t, run->job_status[k]);
            model_reconcile_plan_free(t->plan);
            t->plan = NULL;
        }
    }
    for (i = 0; i < run->n_trees; i++)
        if (run->trees[i].plan)
            model_reconcile_plan_end(run->trees[i].plan, run->trees[i].nodes);
}

/*
 * Paths job_from .. job_to - 1 of a tree: every path is reconciled on its
 * own, so the jobs give the numbers of one call over all paths; cutting by
 * paths rather than years keeps two threads off each other's cache lines
 * (a path's years are contiguous).
 */
void pipe_reconcile_job(struct run *run, size_t k)
{
    const struct recon_tree *t = &run->trees[run->job_tree[k]];
    int status;

    if (!t->plan)
        return; /* its plan failed: the error is recorded */
    status = model_reconcile_paths(t->plan, t->nodes, run->job_from[k], run->job_to[k]);
    if (status)
        recon_error(run, t, status);
}

void pipe_regtree_init(struct regtree *rt, const struct pipe *p)
{
    size_t n = p->n_regions, i, *fill = xcalloc(n + 1, sizeof *fill);

    rt->cstart = xcalloc(n + 1, sizeof *rt->cstart);
    rt->clist = xcalloc(n ? n : 1, sizeof *rt->clist);
    rt->root = xcalloc(n ? n : 1, sizeof *rt->root);
    for (i = 0; i < n; i++) {
        size_t par = pipe_region_index(p, p->region_parents[i]);
        if (p->region_parents[i] != 0 && par < n)
            rt->cstart[par + 1]++;
    }
    for (i = 0; i < n; i++)
        rt->cstart[i + 1] += rt->cstart[i];
    for (i = 0; i < n; i++) {
        size_t par = pipe_region_index(p, p->region_parents[i]);
        if (p->region_parents[i] != 0 && par < n)
            rt->clist[rt->cstart[par] + fill[par]++] = i;
    }
    for (i = 0; i < n; i++) {
        size_t at = i, steps = 0;
        /* The loader refuses cycles; the step limit only guards against a broken file. */
        while (p->region_parents[at] != 0 && steps++ < n) {
            size_t par = pipe_region_index(p, p->region_parents[at]);
            if (par >= n)
                break;
            at = par;
        }
        rt->root[i] = at;
    }
    free(fill);
}

void pipe_regtree_release(struct regtree *rt)
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
void pipe_link_parents(struct pipe *p, const struct regtree *rt, const size_t *members, size_t n)
{
    size_t i, k;

    for (i = 0; i < n; i++)
        p->series[members[i]].parent = -1;
    for (i = 0; i < n; i++) {
        struct pipe_series *s = &p->series[members[i]];
        size_t ri = pipe_region_index(p, s->region_id), pi;
        int64_t par;
        bool all = true;
        if (s->is_remainder || !s->ok || ri >= p->n_regions || p->region_parents[ri] == 0)
            continue;
        pi = pipe_region_index(p, p->region_parents[ri]);
        par = pipe_find_series(p, p->region_parents[ri], s->indicator_id);
        if (pi >= p->n_regions || par < 0 || !p->series[par].ok)
            continue;
        for (k = rt->cstart[pi]; k < rt->cstart[pi + 1] && all; k++) {
            int64_t c = pipe_find_series(p, p->region_ids[rt->clist[k]], s->indicator_id);
            all = c >= 0 && p->series[c].ok;
        }
        if (all && p->series[par].remainder >= 0 && !p->series[p->series[par].remainder].ok) {
            /* Without it the whole difference would be pushed into the districts. */
            if (!strstr(p->series[par].note, "not reconciled"))
                pipe_note_add(&p->series[par], "%s%.0s", "%.0s%s",
                              "not reconciled with its districts: the part not allocated to them "
                              "could not be forecast",
                              "未与所辖县区协调: 未分配到所列县区的部分无法预测");
        } else if (all) {
            s->parent = par;
        } else if (!strstr(p->series[par].note, "not reconciled")) {
            pipe_note_add(&p->series[par], "%s%.0s", "%.0s%s",
                          "not reconciled with its districts: not every district has this series",
                          "未与所辖县区协调: 并非每个县区都有该指标的数据");
        }
    }
    for (i = 0; i < n; i++) {
        struct pipe_series *s = &p->series[members[i]];
        int64_t owner;
        if (!s->is_remainder || !s->ok)
            continue;
        owner = pipe_find_series(p, s->region_id, s->indicator_id);
        for (k = 0; k < n && s->parent < 0; k++)
            if (p->series[members[k]].parent == owner)
                s->parent = owner;
        if (s->parent >= 0)
            pipe_note_add(
                &p->series[owner],
                "includes a part not allocated to the listed districts, forecast with %s as "
                "one more district",
                "含未分配到所列县区的部分, 以 %s 作为一个县区单独预测", s->model);
    }
}

/* Where series idx is in the ascending members[0..n-1] (a parent is in its child's group). */
size_t pipe_member_index(const size_t *members, size_t n, size_t idx)
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
void pipe_drop_lonely_aggregates(struct run *run, const size_t *members, size_t n)
{
    struct pipe *p = run->p;
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
            pipe_paths_free(run, a->paths);
            a->paths = NULL;
            pipe_note_add(a, "%s%.0s", "%.0s%s", "a district could not be forecast; not forecast",
                          "有县区无法预测, 本级未预测");
            /* Its parent no longer has every child: it stands alone, as pipe_link_parents would do.
             */
            if (par >= 0)
                for (k = 0; k < n; k++)
                    if (p->series[members[k]].parent == par)
                        p->series[members[k]].parent = -1;
            changed = true;
        }
    }
}

int64_t pipe_root_of(const struct pipe *p, int64_t i)
{
    while (p->series[i].parent >= 0)
        i = p->series[i].parent;
    return i;
}

/* The reconciliation trees among the members of one group, and their (tree, paths) jobs. */
static void build_trees(struct run *run, const size_t *members, size_t n)
{
    struct pipe *p = run->p;
    size_t i, k, n_nodes, n_jobs = 0, parts;
    size_t *tree = xmalloc((n ? n : 1) * sizeof *tree);
    int64_t *root = xmalloc((n ? n : 1) * sizeof *root);
    size_t *pos = xmalloc((n ? n : 1) * sizeof *pos);

    run->trees = xcalloc(n ? n : 1, sizeof *run->trees);
    run->n_trees = 0;
    for (i = 0; i < n; i++)
        root[i] = p->series[members[i]].ok ? pipe_root_of(p, (int64_t)members[i]) : -1;
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
        /*
         * Reach paths without a lever on them are reconciled only from the
         * first year their open targets read (a lever's bound may carry a
         * year into the next).
         */
        if (run->in[tree[0]].reach && !pipe_scenario_moves(run->o->scenario, &p->series[r])) {
            int need = INT_MAX;
            for (k = 0; k < n_nodes; k++) {
                int y = pipe_reach_first_year(run, tree[k]);
                need = y < need ? y : need;
            }
            first = need > first ? need : first;
        }
        if (end <= first)
            continue;
        t = &run->trees[run->n_trees++];
        t->nodes = xcalloc(n_nodes, sizeof *t->nodes);
        t->n_nodes = n_nodes;
        t->years = (size_t)(end - first);
        t->root = r;
        for (k = 0; k < n_nodes; k++) {
            struct pipe_series *s = &p->series[tree[k]];
            t->nodes[k].parent =
                s->parent >= 0 ? pos[pipe_member_index(members, n, (size_t)s->parent)] : RECON_ROOT;
            t->nodes[k].has_base = !s->aggregate;
            t->nodes[k].nonneg = pipe_history_nonneg(s);
            t->nodes[k].is_count = s->is_count;
            run->in[tree[k]].in_tree = true;
            t->nodes[k].paths = s->paths + (first - s->first_year);
            t->nodes[k].stride = s->h;
            t->nodes[k].lower = s->floor ? s->floor + (first - s->first_year) : NULL;
        }
    }
    /*
     * Jobs: a tree whole, or, when the batch has fewer trees than threads
     * (a country's one tree), cut into one range of paths per thread.
     */
    parts = run->n_trees < run->o->threads ? run->o->threads : 1;
    if (parts > run->npaths / RECON_MIN_PATHS)
        parts = run->npaths / RECON_MIN_PATHS > 1 ? run->npaths / RECON_MIN_PATHS : 1;
    run->job_tree = xcalloc(run->n_trees * parts + 1, sizeof *run->job_tree);
    run->job_from = xcalloc(run->n_trees * parts + 1, sizeof *run->job_from);
    run->job_to = xcalloc(run->n_trees * parts + 1, sizeof *run->job_to);
    run->job_status = xcalloc(run->n_trees * parts + 1, sizeof *run->job_status);
    for (i = 0; i < run->n_trees; i++)
        for (k = 0; k < parts; k++) {
            run->job_tree[n_jobs] = i;
            run->job_from[n_jobs] = run->npaths * k / parts;
            run->job_to[n_jobs++] = run->npaths * (k + 1) / parts;
        }
    run->n_jobs = n_jobs;
    free(pos);
    free(root);
    free(tree);
}

static void free_trees(struct run *run)
{
    size_t i;

    for (i = 0; i < run->n_trees; i++) {
        free(run->trees[i].nodes);
        model_reconcile_plan_free(run->trees[i].plan);
    }
    free(run->trees);
    free(run->job_tree);
    free(run->job_from);
    free(run->job_to);
    free(run->job_status);
    run->trees = NULL;
    run->job_tree = run->job_from = run->job_to = NULL;
    run->job_status = NULL;
    run->n_trees = run->n_jobs = 0;
}

int pipe_reconcile(struct run *run, const size_t *members, size_t n)
{
    int rc = 0;

    build_trees(run, members, n);
    run->status = 0;
    if (!pipe_run_phase(run, PHASE_RECON_PLAN) || !pipe_run_phase(run, PHASE_RECON_NODES))
        rc = -1;
    if (!rc)
        plans_end(run);
    if (!rc && !pipe_run_phase(run, PHASE_RECONCILE))
        rc = -1;
    free_trees(run);
    return rc ? rc : run->status;
}
