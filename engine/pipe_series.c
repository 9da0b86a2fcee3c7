/*
 * engine/pipe_series.c -- the pipe itself: the options' defaults, finding a
 * region or a series, keeping the series in order, their notes, and
 * freeing it all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "pipe_int.h"
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

void pipe_note_add(struct pipe_series *s, const char *en, const char *zh, ...)
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

/* ---- lookups ------------------------------------------------------------ */

/* Index of region `id` (regions are ordered by id), n_regions if unknown. */
size_t pipe_region_index(const struct pipe *p, int64_t id)
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
int64_t pipe_find_series_in(const struct pipe *p, size_t n, int64_t region_id, int64_t indicator_id)
{
    size_t k = db_key_find(p->series, n, sizeof *p->series, offsetof(struct pipe_series, region_id),
                           offsetof(struct pipe_series, indicator_id), region_id, indicator_id);

    return k < n ? (int64_t)k : -1;
}

int64_t pipe_find_series(const struct pipe *p, int64_t region_id, int64_t indicator_id)
{
    return pipe_find_series_in(p, p->n_series, region_id, indicator_id);
}

bool pipe_history_nonneg(const struct pipe_series *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (s->y[i] < 0.0)
            return false;
    return true;
}

/*
 * Order series (and their inputs) by region id, then indicator id, as
 * db_series_list does: what series_cmp orders by, and where the series was.
 */
struct series_key {
    int64_t region_id, indicator_id;
    bool is_remainder;
    size_t from;
};

static int series_cmp(const void *a, const void *b)
{
    const struct series_key *x = a, *y = b;

    if (x->region_id != y->region_id)
        return x->region_id < y->region_id ? -1 : 1;
    if (x->indicator_id != y->indicator_id)
        return x->indicator_id < y->indicator_id ? -1 : 1;
    if (x->is_remainder != y->is_remainder)
        return (int)x->is_remainder - (int)y->is_remainder; /* a remainder after its series */
    return (x->from > y->from) - (x->from < y->from);
}

/*
 * Put the series (and their inputs, index for index) back in series_cmp
 * order after new ones were appended.  The keys are sorted, not the series
 * (3.4 kB each: a copy of them all, and the sort's own, cost more memory at
 * national scale than the paths of the largest tree), and the series are
 * then moved into place along the permutation's cycles.
 */
void pipe_sort_series(struct pipe *p, struct series_in *ins)
{
    struct series_key *keys = xcalloc(p->n_series ? p->n_series : 1, sizeof *keys);
    size_t k;

    for (k = 0; k < p->n_series; k++) {
        keys[k].region_id = p->series[k].region_id;
        keys[k].indicator_id = p->series[k].indicator_id;
        keys[k].is_remainder = p->series[k].is_remainder;
        keys[k].from = k;
    }
    qsort(keys, p->n_series, sizeof *keys, series_cmp);
    /* Position k takes series keys[k].from; each cycle is walked once (from = k marks it done). */
    for (k = 0; k < p->n_series; k++) {
        struct pipe_series s;
        struct series_in in;
        size_t at = k;
        if (keys[k].from == k)
            continue;
        s = p->series[k];
        in = ins[k];
        while (keys[at].from != k) {
            size_t next = keys[at].from;
            p->series[at] = p->series[next];
            ins[at] = ins[next];
            keys[at].from = at;
            at = next;
        }
        p->series[at] = s;
        ins[at] = in;
        keys[at].from = at;
    }
    free(keys);
}

struct target_series pipe_target_series(const struct pipe_series *s, size_t npaths)
{
    struct target_series ts;

    ts.t = s->t;
    ts.y = s->y;
    ts.n = s->n;
    ts.paths = s->paths;
    ts.npaths = npaths;
    ts.h = s->h;
    ts.stride = s->h;
    ts.is_count = s->is_count;
    return ts;
}

void pipe_target_release(struct pipe_target *t)
{
    free(t->region_code);
    free(t->region_name);
    free(t->indicator_code);
    free(t->indicator_name);
    free(t->indicator_name_en);
    free(t->unit);
    free(t->lead_unit);
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
        free(s->indicator_name_en);
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
    for (i = 0; i < p->n_targets; i++)
        pipe_target_release(&p->targets[i]);
    free(p->targets);
    for (i = 0; i < p->n_regions; i++) {
        free(p->region_codes ? p->region_codes[i] : NULL);
        free(p->region_names ? p->region_names[i] : NULL);
    }
    free(p->region_codes);
    free(p->region_names);
    free(p->region_ids);
    free(p->region_parents);
    free(p->vres);
    free(p);
}
