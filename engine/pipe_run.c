/*
 * engine/pipe_run.c -- pipe_run: read the inputs, add the series the store
 * does not hold, set how many years each series needs, and work through the
 * series one batch of whole groups (indicator x top region) at a time, in
 * the phases of pipe_int.h; then the summaries (means, quantiles) and the
 * targets of each series.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <gsl/gsl_errno.h>

#include "db.h"
#include "err.h"
#include "messages.h"
#include "pipe_int.h"
#include "progress.h"
#include "xalloc.h"

/* ---- summaries ----------------------------------------------------------- */

/*
 * The point forecast and quantiles of series s, years first_year .. first_year
 * + nq - 1.  The quantiles are those of its paths (the predictive
 * distribution), whole numbers for a count (rounded outward: down below the
 * median, up above it, the median to the nearest).  The point is the
 * model's own forecast (model_auto_forecast: for short series the shrunk
 * trend, more accurate than the paths' mean) unless the series was
 * reconciled with others or has a year to date, where it is the mean of its
 * final paths so that districts add up to the city.
 */
static void summarise(struct pipe_series *s, const struct series_in *in, size_t npaths, double *col)
{
    size_t j, k;

    s->mean = xcalloc(s->nq, sizeof *s->mean);
    s->q = xcalloc(s->nq * PIPE_NQ, sizeof *s->q);
    /* Cannot fail: npaths >= 1, nq <= h, and the quantiles are fixed. */
    (void)model_path_summary(s->paths, npaths, s->h, s->nq, pipe_quantiles, PIPE_NQ, col, s->mean,
                             s->q);
    if (in->auto_sim && !in->in_tree && !s->has_ytd && s->nq > 0 &&
        model_auto_forecast(in->fit, s->nq, col) == GSL_SUCCESS)
        memcpy(s->mean, col, s->nq * sizeof *s->mean);
    if (s->is_count)
        for (j = 0; j < s->nq; j++)
            for (k = 0; k < PIPE_NQ; k++) {
                double *x = &s->q[j * PIPE_NQ + k];
                *x = (pipe_quantiles[k] < 0.5   ? floor(*x)
                      : pipe_quantiles[k] > 0.5 ? ceil(*x)
                                                : nearbyint(*x)) +
                     0.0;
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
    ts = pipe_target_series(s, npaths);
    if (!s->ok) { /* its figures only */
        ts.paths = NULL;
        ts.npaths = 0;
        ts.h = ts.stride = 0;
    }
    t->spec.is_flow = s->is_flow;
    if (model_target_eval(&t->spec, &ts, work, &t->res) == GSL_SUCCESS)
        t->has_result = true;
}

void pipe_finish_one(struct run *run, size_t idx, double *work)
{
    struct pipe_series *s = &run->p->series[idx];
    size_t t;

    if (s->ok && !run->in[idx].closed && !run->o->no_summaries)
        summarise(s, &run->in[idx], run->o->npaths, work);
    for (t = run->tstart[idx]; t < run->tstart[idx + 1]; t++)
        eval_target(run->p, &run->p->targets[run->tlist[t]], run->o->npaths, work);
    if (!run->o->keep_paths) {
        pipe_paths_free(run, s->paths);
        s->paths = NULL;
    }
}

/* ---- the run ------------------------------------------------------------- */

/* Series ordered by group: indicator, then the root of the region, then series order. */
struct group_key {
    int64_t indicator_id;
    size_t root;
    size_t series;
};

/* The end of the group keys[k] is in (keys[0..n-1] in group order): the next group's first key. */
static size_t group_end(const struct group_key *keys, size_t n, size_t k)
{
    size_t e = k + 1;

    while (e < n && keys[e].indicator_id == keys[k].indicator_id && keys[e].root == keys[k].root)
        e++;
    return e;
}

/*
 * The last year each series must reach: the horizon, --until, and, with
 * targets, the latest deadline of its group (indicator x top region: its
 * trees are reconciled to it) -- the main paths, s->h years; and the fit's
 * horizon h_full, which with targets goes on to t_last + TARGET_REACH_YEARS
 * for reach_year (pipe_reach_pass).  The deadlines are those of every target
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
        t->series = pipe_find_series(p, t->region_id, t->indicator_id);
    }
    for (i = 0; i < n_all; i++) {
        int64_t si = pipe_find_series(p, all[i].region_id, all[i].indicator_id);
        if (si >= 0 && all[i].deadline > deadline[si])
            deadline[si] = all[i].deadline;
    }
    for (g = 0; g < p->n_series; g = e) {
        int latest = 0;
        e = group_end(keys, p->n_series, g);
        for (i = g; i < e; i++)
            if (deadline[keys[i].series] > latest)
                latest = deadline[keys[i].series];
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
            pipe_note_add(s, "simulated only to %d (%d years)", "只模拟到 %d 年 (%d 年)", end,
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

/*
 * Hand the memory freed so far back to the system: the inputs once read,
 * and what a batch's work allocated besides its paths (which stay in the
 * run's slab, pipe_slab.c), since the C library keeps freed memory below
 * what is still in use, and each worker thread's pool its own.  No effect
 * on any number.
 */
static void release_freed(void)
{
#if defined(__GLIBC__)
    (void)malloc_trim(0);
#endif
}

/*
 * What only the batch of a series needed: its fitted models (s->fit keeps
 * what reports read) and its monthly profile (the year to date is applied).
 * At national scale the models alone were 3.1 kB a series, 0.18 GB.
 */
static void batch_release(struct series_in *in)
{
    free(in->fit);
    in->fit = NULL;
    free(in->hist);
    in->hist = NULL;
    in->ytd_in.hist_at_month = in->ytd_in.hist_year_end = in->ytd_in.hist_prev_end = NULL;
    in->ytd_in.n_years = 0;
}

/* A batch closes at this many series or bytes of paths (after a whole group). */
#define BATCH_SERIES 64
#define BATCH_BYTES ((size_t)64 << 20)

/* The out-of-memory message of a phase, or the reconciliation error of tree run->failed_tree. */
static int batch_error(const struct run *run, int status, struct att_err *err)
{
    const struct pipe_series *s = &run->p->series[run->failed_tree];

    if (status < 0)
        return att_errf(err, ATT_EINTERNAL, tr("pipeline: out of memory for a worker"));
    return att_errf(err, ATT_EINTERNAL, tr("cannot reconcile the '%s' series of '%s': %s"),
                    s->indicator_code, s->region_code, gsl_strerror(status));
}

/*
 * One batch (members: ascending series indices of whole groups) from
 * histories to answers; the steps are those of pipe_int.h.
 */
static int run_batch(struct run *run, const struct regtree *rt, const size_t *members, size_t n,
                     struct att_err *err)
{
    struct pipe *p = run->p;
    int status;

    run->todo = members;
    run->n_todo = n;
    pipe_slab_cut(run, members, n, run->o->npaths, false);
    if (!pipe_run_phase(run, PHASE_FIT))
        return batch_error(run, -1, err);
    /* Here the simulated paths exist, not reconciled yet (pipe_int.h, step 2). */
    pipe_link_parents(p, rt, members, n);
    pipe_drop_lonely_aggregates(run, members, n);
    pipe_aggregates_fitted(p, members, n);
    if (run->o->n_variants) {
        status = pipe_scenario_variants(run, members, n);
        return status ? batch_error(run, status, err) : ATT_OK;
    }
    status = pipe_scenario_apply(p, members, n, run->o->scenario, run->o->npaths);
    if (!status)
        status = pipe_reconcile(run, members, n);
    if (!status)
        status = pipe_scenario_bound(p, members, n, run->o->scenario, run->o->npaths);
    if (status)
        return batch_error(run, status, err);
    if (!pipe_run_phase(run, PHASE_FINISH))
        return batch_error(run, -1, err);
    if (run->o->targets && !run->o->no_reach) {
        status = pipe_reach_pass(run, members, n);
        if (status)
            return batch_error(run, status, err);
    }
    return ATT_OK;
}

/*
 * The batches in group order (keys, order: the series sorted by group_cmp).
 * A batch holds whole groups: one, and more while it is small, so that
 * threads have items to share when every series is its own tree (M3: 645
 * indicators of one region).  Groups never share a tree, so a batch gives
 * the same numbers as its groups one by one.
 */
static int run_batches(struct run *run, const struct regtree *rt, const struct group_key *keys,
                       size_t *order, struct att_err *err)
{
    struct pipe *p = run->p;
    size_t g, k, e;
    int rc = ATT_OK;

    for (g = 0, k = 0; g < p->n_series; g++)
        k += !run->in[g].skip;
    pthread_mutex_init(&run->lock, NULL);
    /* Each series computed counts twice: fitted, then simulated and summarised. */
    run->bar = progress_new("forecast", 2 * k, run->o->progress);
    for (g = 0; g < p->n_series && rc == ATT_OK; g = k) {
        size_t bytes = 0, n = 0;
        k = g;
        do {
            e = group_end(keys, p->n_series, k);
            if (run->in[order[k]].skip) { /* a group not computed (select_groups) */
                k = e;
                continue;
            }
            /* The batch's series move up over the skipped ones: order[g .. g + n - 1]. */
            for (; k < e; k++) {
                order[g + n++] = order[k];
                bytes += p->series[order[k]].h * run->o->npaths * sizeof(double);
            }
        } while (k < p->n_series && n < BATCH_SERIES && bytes < BATCH_BYTES);
        qsort(order + g, n, sizeof *order, size_cmp); /* ascending, as the phases want */
        if (n)
            rc = run_batch(run, rt, order + g, n, err);
        for (e = 0; e < n; e++)
            batch_release(&run->in[order[g + e]]);
        release_freed();
    }
    progress_free(run->bar);
    pthread_mutex_destroy(&run->lock);
    return rc;
}

/*
 * The years simulated: the deadlines of every target, whatever --region
 * reads (a region's numbers do not depend on the filter), into set_horizons.
 */
static int plan_horizons(struct sqlite3 *db, const struct pipe_opts *o, struct pipe *p,
                         struct series_in *ins, const struct group_key *keys, struct att_err *err)
{
    struct db_target *all = NULL;
    size_t n_all = 0, i;
    int rc;

    if (o->targets && o->region_id != 0) {
        rc = db_targets(db, 0, o->indicator_id, &all, &n_all, err);
        if (rc)
            return rc;
        set_horizons(p, ins, o, keys, all, n_all);
        db_targets_free(all, n_all);
        return ATT_OK;
    }
    all = xcalloc(p->n_targets ? p->n_targets : 1, sizeof *all);
    for (i = 0; i < p->n_targets; i++) {
        all[i].region_id = p->targets[i].region_id;
        all[i].indicator_id = p->targets[i].indicator_id;
        all[i].deadline = p->targets[i].spec.deadline;
    }
    set_horizons(p, ins, o, keys, all, p->n_targets);
    free(all);
    return ATT_OK;
}

/*
 * One group per indicator and top region: a reconciliation tree lies in one
 * group, so only one group's paths are held at a time (the memory bound is
 * the largest tree, not the whole country).  *order: the series in group order.
 */
static struct group_key *group_series(const struct pipe *p, const struct regtree *rt,
                                      size_t **order)
{
    struct group_key *keys = xcalloc(p->n_series ? p->n_series : 1, sizeof *keys);
    size_t i;

    *order = xcalloc(p->n_series ? p->n_series : 1, sizeof **order);
    for (i = 0; i < p->n_series; i++) {
        size_t ri = pipe_region_index(p, p->series[i].region_id);
        keys[i].indicator_id = p->series[i].indicator_id;
        keys[i].root = ri < p->n_regions ? rt->root[ri] : p->n_regions;
        keys[i].series = i;
    }
    qsort(keys, p->n_series, sizeof *keys, group_cmp);
    for (i = 0; i < p->n_series; i++)
        (*order)[i] = keys[i].series;
    return keys;
}

/*
 * --shard K/N: the parts of the groups, as even as whole groups allow.
 * Groups are taken largest first (by series, the work they cost), ties by
 * pipe_group_hash and then by their codes, and each goes to the part with
 * the fewest series so far, the lowest-numbered of those tied (the longest
 * processing time first rule: no part exceeds the best split by more than a
 * third).  The order depends only on the groups the run reads, so every
 * process of a run given the same store, filters and --as-of draws the same
 * parts; a hash of the group alone (mod N) left some parts with three
 * groups and others with none.
 */
struct shard_group {
    size_t first, end; /* its series: keys[first .. end - 1] */
    size_t size;
    unsigned long hash;
    const char *root_code, *indicator_code;
};

static int shard_group_cmp(const void *a, const void *b)
{
    const struct shard_group *x = a, *y = b;
    int c;

    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    c = strcmp(x->root_code, y->root_code);
    return c ? c : strcmp(x->indicator_code, y->indicator_code);
}

/* A min-heap of parts by (series so far, part number). */
struct part_heap {
    size_t *load, *part, n;
};

static bool part_before(const struct part_heap *hp, size_t a, size_t b)
{
    return hp->load[a] < hp->load[b] || (hp->load[a] == hp->load[b] && hp->part[a] < hp->part[b]);
}

/* The root of the heap took `size` more series: sift it down. */
static void part_heap_add_top(struct part_heap *hp, size_t size)
{
    size_t i = 0;

    hp->load[0] += size;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i, t;
        if (l < hp->n && part_before(hp, l, m))
            m = l;
        if (r < hp->n && part_before(hp, r, m))
            m = r;
        if (m == i)
            return;
        t = hp->load[i], hp->load[i] = hp->load[m], hp->load[m] = t;
        t = hp->part[i], hp->part[i] = hp->part[m], hp->part[m] = t;
        i = m;
    }
}

/* The part (0 .. n_shards - 1) of every series, into part[series]. */
static void shard_parts(const struct pipe *p, const struct group_key *keys, size_t n_shards,
                        size_t *part)
{
    struct shard_group *g = xcalloc(p->n_series ? p->n_series : 1, sizeof *g);
    struct part_heap hp;
    size_t ng = 0, k, e, i;

    for (k = 0; k < p->n_series; k = e) {
        const struct pipe_series *s = &p->series[keys[k].series];
        e = group_end(keys, p->n_series, k);
        g[ng].first = k;
        g[ng].end = e;
        g[ng].size = e - k;
        g[ng].root_code =
            keys[k].root < p->n_regions ? p->region_codes[keys[k].root] : s->region_code;
        g[ng].indicator_code = s->indicator_code;
        g[ng].hash = pipe_group_hash(g[ng].root_code, g[ng].indicator_code);
        ng++;
    }
    qsort(g, ng, sizeof *g, shard_group_cmp);
    /* Parts beyond the groups would stay empty: the heap holds at most ng of them. */
    hp.n = n_shards < ng ? n_shards : ng;
    hp.load = xcalloc(hp.n ? hp.n : 1, sizeof *hp.load);
    hp.part = xcalloc(hp.n ? hp.n : 1, sizeof *hp.part);
    for (i = 0; i < hp.n; i++)
        hp.part[i] = i;
    for (i = 0; i < ng; i++) {
        for (k = g[i].first; k < g[i].end; k++)
            part[keys[k].series] = hp.part[0];
        part_heap_add_top(&hp, g[i].size);
    }
    free(hp.load);
    free(hp.part);
    free(g);
}

/*
 * The groups this run computes: --region R the groups under R's top region,
 * --shard K/N those of part K - 1 (shard_parts).  The series of the others
 * are skipped and not reported, and their targets dropped (a target with no
 * series is kept by the part its group's hash names).  A group is computed
 * whole, so what is computed gives the numbers a run of everything would.
 */
static void select_groups(struct pipe *p, struct series_in *ins, const struct pipe_opts *o,
                          const struct regtree *rt, const struct group_key *keys)
{
    size_t want_root = p->n_regions, i, k, *part = NULL;

    if (o->region_id == 0 && o->n_shards == 0)
        return;
    if (o->region_id != 0) {
        size_t ri = pipe_region_index(p, o->region_id);
        want_root = ri < p->n_regions ? rt->root[ri] : p->n_regions + 1;
    }
    if (o->n_shards != 0) {
        part = xcalloc(p->n_series ? p->n_series : 1, sizeof *part);
        shard_parts(p, keys, o->n_shards, part);
    }
    p->n_reported = 0;
    for (i = 0; i < p->n_series; i++) {
        struct pipe_series *s = &p->series[i];
        size_t ri = pipe_region_index(p, s->region_id);
        size_t root = ri < p->n_regions ? rt->root[ri] : p->n_regions;
        ins[i].skip = (o->region_id != 0 && root != want_root) || (part && part[i] != o->shard - 1);
        if (ins[i].skip)
            s->reported = false;
        p->n_reported += s->reported;
    }
    for (i = 0, k = 0; i < p->n_targets; i++) {
        struct pipe_target *t = &p->targets[i];
        size_t ri = pipe_region_index(p, t->region_id);
        size_t root = ri < p->n_regions ? rt->root[ri] : p->n_regions;
        const char *code = root < p->n_regions ? p->region_codes[root] : t->region_code;
        bool want = o->region_id == 0 || root == want_root;
        if (want && part)
            want = t->series >= 0
                       ? part[t->series] == o->shard - 1
                       : pipe_group_hash(code, t->indicator_code) % o->n_shards == o->shard - 1;
        if (want)
            p->targets[k++] = *t;
        else
            pipe_target_release(t);
    }
    p->n_targets = k;
    free(part);
}

/* The targets of each series: tlist[tstart[i] .. tstart[i + 1] - 1]. */
static void index_targets(const struct pipe *p, size_t **tstart, size_t **tlist)
{
    size_t *fill = xcalloc(p->n_series ? p->n_series : 1, sizeof *fill), i;

    *tstart = xcalloc(p->n_series + 1, sizeof **tstart);
    *tlist = xcalloc(p->n_targets ? p->n_targets : 1, sizeof **tlist);
    for (i = 0; i < p->n_targets; i++)
        if (p->targets[i].series >= 0)
            (*tstart)[p->targets[i].series + 1]++;
    for (i = 0; i < p->n_series; i++)
        (*tstart)[i + 1] += (*tstart)[i];
    for (i = 0; i < p->n_targets; i++) {
        int64_t si = p->targets[i].series;
        if (si >= 0)
            (*tlist)[(*tstart)[si] + fill[si]++] = i;
    }
    free(fill);
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
    size_t i;
    int rc;

    *out = NULL;
    memset(&run, 0, sizeof run);
    if (o->npaths == 0 || o->threads == 0) {
        rc = att_errf(err, ATT_EINTERNAL, tr("pipeline: paths and threads must be >= 1"));
        goto out;
    }
    p->npaths = o->npaths;
    rc = pipe_read_inputs(db, o, p, &ins, &set, err);
    if (rc)
        goto out;
    pipe_regtree_init(&rt, p);
    pipe_add_aggregates(p, &ins, &rt, o);
    pipe_add_remainders(p, &ins, &rt);
    keys = group_series(p, &rt, &order);
    rc = plan_horizons(db, o, p, ins, keys, err);
    if (rc)
        goto out;
    pipe_aggregate_horizons(p, ins, &rt);
    select_groups(p, ins, o, &rt, keys);
    pipe_borrow_profiles(p, ins);
    for (i = 0; i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        size_t ri = pipe_region_index(p, s->region_id);
        ins[i].obs = NULL;
        ins[i].n_obs = 0;
        /* Alone: a region without parent or districts, and nothing that needs paths. */
        ins[i].lone = o->choice != PIPE_NAMED && !o->targets && !o->keep_paths && !s->has_ytd &&
                      !o->scenario && !o->n_variants && !s->aggregate && ri < p->n_regions &&
                      p->region_parents[ri] == 0 && rt.cstart[ri] == rt.cstart[ri + 1];
    }
    db_obs_set_release(&set);
    release_freed();
    index_targets(p, &tstart, &tlist);

    run.o = o;
    run.p = p;
    run.npaths = o->npaths;
    run.in = ins;
    run.tstart = tstart;
    run.tlist = tlist;
    if (o->n_variants) {
        p->n_variants = o->n_variants;
        p->vres = xcalloc(o->n_variants * p->n_targets + 1, sizeof *p->vres);
    }
    rc = run_batches(&run, &rt, keys, order, err);
    pipe_slab_release(&run);
    /* Targets of a region/indicator without a series. */
    for (i = 0; rc == ATT_OK && i < p->n_targets; i++)
        if (p->targets[i].series < 0)
            p->targets[i].has_result = false;
out:
    db_obs_set_release(&set);
    for (i = 0; ins && i < p->n_series; i++) {
        free(ins[i].hist);
        free(ins[i].fit);
    }
    free(ins);
    free(tlist);
    free(tstart);
    free(order);
    free(keys);
    pipe_regtree_release(&rt);
    if (rc)
        pipe_free(p);
    else
        *out = p;
    return rc;
}
