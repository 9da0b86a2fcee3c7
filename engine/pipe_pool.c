/*
 * engine/pipe_pool.c -- the thread pool: one phase of a batch, its items
 * handed out one at a time to --threads workers, each with its own gsl_rng
 * (reseeded per series, so which worker takes an item changes nothing) and
 * work column.
 */
#include <stdlib.h>

#include "pipe_int.h"
#include "progress.h"
#include "xalloc.h"

static size_t phase_items(const struct run *run)
{
    return run->phase == PHASE_RECONCILE || run->phase == PHASE_RECON_NODES ? run->n_jobs
           : run->phase == PHASE_RECON_PLAN                                 ? run->n_trees
                                                                            : run->n_todo;
}

/*
 * The generator is L'Ecuyer's maximally equidistributed combined Tausworthe
 * (taus2, period 2^88), which GSL's manual counts among the fastest
 * simulation-quality generators: a uniform in less than half mt19937's time,
 * where random numbers were a fifth of a run's CPU.
 */
static void *worker(void *arg)
{
    struct run *run = arg;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    /* A column of paths, or one series' yearly points (summarise: up to the horizon). */
    size_t n_work = run->o->npaths > MODEL_MAX_HORIZON ? run->o->npaths : MODEL_MAX_HORIZON;
    double *work = malloc(n_work * sizeof *work);

    if (!r || !work) {
        gsl_rng_free(r);
        free(work);
        return NULL; /* the items stay unclaimed; pipe_run_phase sees them not done */
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
            pipe_fit_one(run, run->todo[k], r);
            progress_add(run->bar, 1);
            break;
        case PHASE_RECON_PLAN:
            pipe_reconcile_plan(run, k);
            break;
        case PHASE_RECON_NODES:
            pipe_reconcile_nodes(run, k);
            break;
        case PHASE_RECONCILE:
            pipe_reconcile_job(run, k);
            break;
        case PHASE_FINISH:
            pipe_finish_one(run, run->todo[k], work); /* the simulation: the long part */
            progress_add(run->bar, 1);
            break;
        case PHASE_REACH_SIM:
            pipe_reach_sim_one(run, run->todo[k], r);
            break;
        case PHASE_REACH_EVAL:
            pipe_reach_eval_one(run, run->todo[k], work);
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
bool pipe_run_phase(struct run *run, enum run_phase phase)
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
