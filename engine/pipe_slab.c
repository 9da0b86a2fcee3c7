/*
 * engine/pipe_slab.c -- where the paths of a pass are kept: a batch's main
 * paths, and then each of its reach rounds' (the main paths are freed once
 * judged, before the reach pass), are cut from one block that lives from
 * batch to batch.  Freed and allocated again, a country's tree (0.23 GB of
 * paths) came back on fresh pages every batch, and their page faults cost
 * more than the system time of the rest of the run; the block holds the
 * largest pass's bytes, which were the peak before as well.  With
 * keep_paths (the paths outlive the run) or scenario variants (which copy
 * and swap paths) every series keeps its own allocation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pipe_int.h"
#include "xalloc.h"

static bool slab_used(const struct run *run)
{
    return !run->o->keep_paths && run->o->n_variants == 0;
}

/* Whether p lies in slab sl (compared as addresses: p may be any allocation). */
static bool in_slab(const struct path_slab *sl, const double *p)
{
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)sl->base;

    return p && sl->base && a >= b && a - b < sl->cap * sizeof *sl->base;
}

/* Series idx's paths in the pass: npaths x its years (h_full in a reach round). */
static size_t pass_count(const struct run *run, size_t idx, size_t npaths, bool reach)
{
    return npaths * (reach ? run->in[idx].h_full : run->p->series[idx].h);
}

void pipe_slab_cut(struct run *run, const size_t *members, size_t n, size_t npaths, bool reach)
{
    struct path_slab *sl = &run->slab;
    size_t m, total = 0;

    if (slab_used(run)) {
        for (m = 0; m < n; m++)
            total += pass_count(run, members[m], npaths, reach);
        if (total > sl->cap) {
            free(sl->base);
            sl->base = xmalloc(total * sizeof *sl->base);
            sl->cap = total;
        }
    }
    total = 0;
    for (m = 0; m < n; m++) {
        struct series_in *in = &run->in[members[m]];
        size_t count = slab_used(run) ? pass_count(run, members[m], npaths, reach) : 0;
        double *place = count ? sl->base + total : NULL; /* none: an allocation of its own */
        *(reach ? &in->slab_reach : &in->slab_paths) = place;
        total += count;
    }
}

double *pipe_paths_new(double *slab_place, size_t count, bool zero)
{
    if (slab_place) {
        if (zero)
            memset(slab_place, 0, count * sizeof *slab_place);
        return slab_place;
    }
    return zero ? xcalloc(count, sizeof(double)) : xmalloc(count * sizeof(double));
}

void pipe_paths_free(const struct run *run, double *p)
{
    if (!in_slab(&run->slab, p))
        free(p);
}

void pipe_slab_release(struct run *run)
{
    size_t i;

    for (i = 0; i < run->p->n_series; i++) {
        struct pipe_series *s = &run->p->series[i];
        struct series_in *in = &run->in[i];
        if (in_slab(&run->slab, s->paths))
            s->paths = NULL;
        if (in_slab(&run->slab, in->main_paths))
            in->main_paths = NULL;
        in->slab_paths = in->slab_reach = NULL;
    }
    free(run->slab.base);
    run->slab.base = NULL;
    run->slab.cap = 0;
}
