/*
 * engine/pipe_int.h -- what the files of the pipeline share (pipeline.h is
 * the public interface; nothing outside engine/pipe_*.c includes this).
 *
 *   pipe_series.c   the pipe itself: options' defaults, lookups by region and
 *                   (region, indicator), series order, notes, pipe_free
 *   pipe_seed.c     the random stream of each series (pipe_series_seed)
 *   pipe_input.c    the one read transaction: regions, series histories,
 *                   targets, inputs digest; year-to-date profiles
 *   pipe_aggregate.c series the store does not hold: aggregates (a region's
 *                   districts summed) and remainders (its part not allocated
 *                   to them); their horizons and fitted values
 *   pipe_fit.c      fitting one series with fallbacks and simulating its paths,
 *                   the year-to-date figure applied to them
 *   pipe_tree.c     region trees, reconciliation parents and trees, and the
 *                   reconciliation of a batch
 *   pipe_reach.c    the reach pass (reach_year past the main paths)
 *   pipe_pool.c     the thread pool that runs one phase over a batch
 *   pipe_slab.c     the block a pass's paths are cut from, kept across batches
 *   pipe_run.c      pipe_run: horizons, groups and batches, summaries, targets
 *   pipe_record.c   recording a run in the `runs` table
 *   pipe_cli.c      the options forecast-like commands share (getopt, names)
 *
 * Reproducibility: every series draws from its own gsl_rng (taus2) seeded
 * by pipe_series_seed(--seed, region code, indicator code), and the random
 * numbers of a series are drawn in one fixed order (model simulation, then
 * the year-to-date projection).  Threads only decide which series is worked
 * on when; every item of a phase is independent of the others.  So the
 * output is byte-identical whatever --threads.
 *
 * Memory: a batch's paths are held until its targets are evaluated
 * (npaths * h doubles per series: 2000 x 16 x 8 bytes = 256 kB), so the
 * bound is the largest reconciliation tree (one indicator of a country:
 * ~0.75 GB for 2,900 counties at 2,000 paths), not the number of series.
 *
 * The life of a batch's paths (pipe_run.c, run_batch):
 *  1. PHASE_FIT (pipe_fit_one): s->paths[p * s->h + j], p < npaths, is path p
 *     in year s->first_year + j, simulated from the fitted model, with the
 *     year-to-date figure applied (pipe_ytd_paths) and s->floor set; an
 *     aggregate's paths are zeros, a closed-form series has none.
 *  2. HERE the simulated paths of every member of the batch exist and are
 *     not reconciled yet: the one place to transform them (a scenario)
 *     before they are added up.  The reach pass has the same point after
 *     PHASE_REACH_SIM in reach_round (pipe_reach.c), on its own paths.
 *  3. pipe_reconcile: parents linked, trees built, each tree's plan made
 *     from all its paths, then each (tree, range of paths) job reconciled in
 *     place (models/reconcile.c): parent = sum of children.
 *  4. PHASE_FINISH (pipe_finish_one): means, quantiles and targets from the
 *     reconciled paths; they are freed unless o->keep_paths, which leaves
 *     them in s->paths for the caller (pipeline.h).
 *  5. With targets, the reach pass; then the batch's fitted models
 *     (in->fit) are freed.
 */
#ifndef ATTAIN_ENGINE_PIPE_INT_H
#define ATTAIN_ENGINE_PIPE_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "db.h"
#include "pipeline.h"

struct progress;
struct att_err;

/* Per-series input that only the pipeline needs. */
#define PROFILE_MAX_YEARS 64 /* earlier years a monthly profile looks back */

struct series_in {
    struct db_obs *obs; /* freed once the histories are built */
    size_t n_obs;
    struct ytd_input ytd_in; /* points into hist */
    double *hist;            /* [3 * ytd_in.n_years] at month, year end, previous end */
    bool skip;               /* its group is not computed (--region elsewhere, another --shard) */
    bool lone;               /* in no hierarchy, no targets, no year to date: see closed_form */
    bool closed;             /* mean and quantiles from the closed form, no paths */
    size_t h_full;           /* years the fit covers (>= h): with targets, reach_year's search */
    bool auto_sim;           /* paths from model_auto_simulate, else model_simulate of member 0 */
    bool in_tree;            /* reconciled with other series: its point is its paths' mean */
    /*
     * The fitted models (a named model is members[0] with n_members 1):
     * from PHASE_FIT to the end of the batch (the summaries and the reach
     * pass draw from them), then freed; s->fit keeps what reports read.
     */
    struct model_auto *fit;
    /* The reach pass (pipe_reach_pass): the main paths, put back after it. */
    bool reach;      /* s->paths, s->h, s->floor hold the reach paths */
    bool reach_skip; /* its tree's reach paths could not all be drawn: keep the main answer */
    double *main_paths, *main_floor;
    size_t main_h;
    /* Its paths' place in the pass's slab (pipe_slab.c), NULL: an allocation of their own. */
    double *slab_paths, *slab_reach;
};

/* One block the paths of a pass are cut from (pipe_slab.c). */
struct path_slab {
    double *base;
    size_t cap; /* doubles */
};

/* One reconciliation tree of a group: its nodes over the years all its series cover. */
struct recon_tree {
    struct recon_node *nodes;
    size_t n_nodes;
    size_t years;
    size_t root;             /* series index, for messages */
    struct recon_plan *plan; /* PHASE_RECON_PLAN's; NULL until then, or when it failed */
};

/*
 * The work on one batch, in phases run on --threads threads each: fit and
 * simulate every series; reconcile each (tree, years) job; summarise every
 * series and judge its targets; then, with targets, the reach pass
 * (pipe_reach_pass) draws, reconciles and judges again the trees it needs.
 * Items are independent within a phase, so which thread does which never
 * changes a number.
 */
enum run_phase {
    PHASE_FIT,
    PHASE_RECON_PLAN,  /* reconciliation: each tree's plan (its structure) */
    PHASE_RECON_NODES, /* reconciliation: each (tree, range of nodes) job: their variances */
    PHASE_RECONCILE,   /* reconciliation: each (tree, range of paths) job */
    PHASE_FINISH,
    PHASE_REACH_SIM,  /* reach pass: draw the reach paths of a series */
    PHASE_REACH_EVAL, /* reach pass: reach_year of its targets from them */
};

struct run {
    struct path_slab slab; /* the main paths of a batch, then its reach rounds' */
    const struct pipe_opts *o;
    struct pipe *p;
    struct series_in *in;
    size_t npaths; /* paths of the pass: o->npaths, or fewer in the reach pass */
    enum run_phase phase;
    const size_t *todo; /* series indices of the batch being worked on (ascending) */
    size_t n_todo;      /* PHASE_FIT, PHASE_FINISH, PHASE_REACH_* */
    struct recon_tree *trees;
    size_t n_trees;
    size_t n_jobs;        /* PHASE_RECONCILE: (tree, range of paths) jobs */
    size_t *job_tree;     /* [n_jobs] */
    size_t *job_from;     /* [n_jobs] first path */
    size_t *job_to;       /* [n_jobs] one past the last */
    int *job_status;      /* [n_jobs] PHASE_RECON_NODES: each job's (written by its thread) */
    const size_t *tstart; /* targets of series i: tlist[tstart[i] .. tstart[i+1]-1] */
    const size_t *tlist;
    size_t next; /* next item, under lock */
    size_t done; /* items finished, under lock */
    int status;  /* first GSL error of PHASE_RECONCILE, under lock */
    size_t failed_tree;
    pthread_mutex_t lock;
    struct progress *bar;
};

/* The region tree, indexed: children lists and each region's root. */
struct regtree {
    size_t *cstart, *clist; /* children of region i: clist[cstart[i] .. cstart[i+1]-1] */
    size_t *root;           /* index of the top ancestor */
};

/* ---- pipe_series.c ---- */

/* Index of region `id` in p->region_ids (ordered by id), n_regions if unknown. */
size_t pipe_region_index(const struct pipe *p, int64_t id);
/* The series of (region, indicator) among p->series[0..n-1], -1 if none. */
int64_t pipe_find_series_in(const struct pipe *p, size_t n, int64_t region_id,
                            int64_t indicator_id);
int64_t pipe_find_series(const struct pipe *p, int64_t region_id, int64_t indicator_id);
/* Put the series (and ins, index for index) back in order after some were appended. */
void pipe_sort_series(struct pipe *p, struct series_in *ins);
/* Free what target t owns (not t itself). */
void pipe_target_release(struct pipe_target *t);
/* Whether no value of s's history is below zero (its paths are then held at or above it). */
bool pipe_history_nonneg(const struct pipe_series *s);
/*
 * Add a note to series s in English (s->note, also csv/json) and Chinese
 * (s->note_zh, for --lang zh tables).  Both formats take the same arguments
 * in the same order; a format that does not show one uses "%.0s" for it.
 */
void pipe_note_add(struct pipe_series *s, const char *en, const char *zh, ...)
    __attribute__((format(printf, 2, 4)));

/* ---- pipe_seed.c ---- */

/* The seed of a series' stream (a remainder's is tagged), and of its reach stream. */
unsigned long pipe_stream_seed(unsigned long seed, const struct pipe_series *s);
unsigned long pipe_reach_seed(unsigned long seed, const struct pipe_series *s);
/* The hash of the group of indicator_code under root region root_code (--shard's order). */
unsigned long pipe_group_hash(const char *root_code, const char *indicator_code);

/* ---- pipe_input.c ---- */

int pipe_read_inputs(struct sqlite3 *db, const struct pipe_opts *o, struct pipe *p,
                     struct series_in **ins, struct db_obs_set *set,
                     struct att_err *err) ATT_MUST_CHECK;
/* s's history t, y, n and year-to-date figure from in->obs. */
void pipe_build_history(struct pipe_series *s, struct series_in *in);
/* Monthly profiles for series with a year-to-date figure but none of their own. */
void pipe_borrow_profiles(struct pipe *p, struct series_in *ins);

/* ---- pipe_aggregate.c ---- */

void pipe_add_aggregates(struct pipe *p, struct series_in **ins, const struct regtree *rt,
                         const struct pipe_opts *o);
void pipe_add_remainders(struct pipe *p, struct series_in **ins, const struct regtree *rt);
void pipe_aggregate_horizons(struct pipe *p, struct series_in *ins, const struct regtree *rt);
void pipe_aggregates_fitted(struct pipe *p, const size_t *members, size_t n);

/* ---- pipe_fit.c ---- */

/* PHASE_FIT: fit series idx (with fallbacks), simulate its paths, apply its year to date. */
void pipe_fit_one(struct run *run, size_t idx, gsl_rng *r);
/*
 * Year ytd_year of each of the npaths paths (rows of h years) from s's
 * year-to-date figure: the paths' values that year are the model's draws;
 * with `project`, the year-end projection is made first (s->ytd).  0, or
 * the GSL status of a projection that failed (the paths are then as they
 * were).
 */
int pipe_ytd_paths(struct pipe_series *s, struct series_in *in, bool project, gsl_rng *r,
                   double *paths, size_t h, size_t npaths);

/* ---- pipe_tree.c ---- */

void pipe_regtree_init(struct regtree *rt, const struct pipe *p);
void pipe_regtree_release(struct regtree *rt);
/* Where series idx is in the ascending members[0..n-1]. */
size_t pipe_member_index(const size_t *members, size_t n, size_t idx);
/* The root of series i's reconciliation tree. */
int64_t pipe_root_of(const struct pipe *p, int64_t i);
void pipe_link_parents(struct pipe *p, const struct regtree *rt, const size_t *members, size_t n);
void pipe_drop_lonely_aggregates(struct run *run, const size_t *members, size_t n);
/* PHASE_RECON_PLAN: the plan of tree k; PHASE_RECON_NODES and PHASE_RECONCILE: job k. */
void pipe_reconcile_plan(struct run *run, size_t k);
void pipe_reconcile_nodes(struct run *run, size_t k);
void pipe_reconcile_job(struct run *run, size_t k);
/*
 * Reconcile, path by path, the trees among members[0..n-1] (parents linked):
 * 0, -1 when a worker had no memory, or a GSL status (run->failed_tree).
 */
int pipe_reconcile(struct run *run, const size_t *members, size_t n);

/* ---- pipe_reach.c ---- */

int pipe_reach_pass(struct run *run, const size_t *members, size_t n);
void pipe_reach_sim_one(struct run *run, size_t idx, gsl_rng *r);    /* PHASE_REACH_SIM */
void pipe_reach_eval_one(struct run *run, size_t idx, double *work); /* PHASE_REACH_EVAL */
/* The first year series idx's reach paths are read from (INT_MAX: none). */
int pipe_reach_first_year(const struct run *run, size_t idx);

/* ---- pipe_slab.c ---- */

/*
 * The places of the paths (npaths x s->h, or x h_full with reach) of series
 * members[0..n-1] in the run's slab, grown to hold them: in->slab_paths or
 * in->slab_reach; NULL each when the run keeps no slab.  A cut reuses the
 * slab: the paths of the cut before are dead (a batch's main paths are
 * freed once judged, before its reach rounds).
 */
void pipe_slab_cut(struct run *run, const size_t *members, size_t n, size_t npaths, bool reach);
/* count doubles at slab_place (zeroed if asked), or allocated when it is NULL. */
double *pipe_paths_new(double *slab_place, size_t count, bool zero);
/* Free paths from pipe_paths_new (those in a slab stay). */
void pipe_paths_free(const struct run *run, double *p);
/* At the end of the run: no series points into the slab any more, and it is freed. */
void pipe_slab_release(struct run *run);

/* ---- pipe_scenario.c ---- */

struct scenario;
/* A scenario's growth, additions and shocks on the batch's unreconciled paths. */
int pipe_scenario_apply(struct pipe *p, const size_t *members, size_t n, const struct scenario *sc,
                        size_t npaths);
/* Its capacities on the reconciled paths. */
int pipe_scenario_bound(struct pipe *p, const size_t *members, size_t n, const struct scenario *sc,
                        size_t npaths);
/* Whether sc has a lever on the indicator of series s (else it leaves s's tree as it is). */
bool pipe_scenario_moves(const struct scenario *sc, const struct pipe_series *s);
/*
 * With o->variants: after PHASE_FIT, every variant on copies of the same
 * paths (levers, reconciliation, capacities, targets into p->vres); the
 * baseline (variant 0) last, so that p's own results are its.  0, -1 (no
 * memory in a worker) or a GSL status.
 */
int pipe_scenario_variants(struct run *run, const size_t *members, size_t n);

/* ---- pipe_pool.c ---- */

/* Run one phase over run->todo (or the jobs) on o->threads threads; false: out of memory. */
bool pipe_run_phase(struct run *run, enum run_phase phase);

/* ---- pipe_run.c ---- */

void pipe_finish_one(struct run *run, size_t idx, double *work); /* PHASE_FINISH */

#endif /* ATTAIN_ENGINE_PIPE_INT_H */
