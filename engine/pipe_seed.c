/*
 * engine/pipe_seed.c -- the random stream of each series: FNV-1a of
 * (--seed, region code, indicator code[, tag]), so that a series' numbers
 * depend on nothing else (not --threads, not which series were selected).
 */
#include <stdint.h>

#include "pipe_int.h"

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
unsigned long pipe_stream_seed(unsigned long seed, const struct pipe_series *s)
{
    return seed_hash(seed, s->region_code, s->indicator_code, s->is_remainder ? "remainder" : NULL);
}

/* The seed of a series' reach_year stream (pipe_reach_pass), tagged "reach". */
unsigned long pipe_reach_seed(unsigned long seed, const struct pipe_series *s)
{
    return seed_hash(seed, s->region_code, s->indicator_code,
                     s->is_remainder ? "remainder/reach" : "reach");
}

/*
 * The hash of a reconciliation group (the tree of `indicator_code` under
 * root region `root_code`): FNV-1a of the two codes only, so that it
 * depends on neither --seed nor what else is in the store.  --shard orders
 * groups of the same size by it (pipe_run.c).
 */
unsigned long pipe_group_hash(const char *root_code, const char *indicator_code)
{
    return seed_hash(0, root_code, indicator_code, "shard");
}
