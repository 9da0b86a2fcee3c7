/*
 * engine/arena.h -- scratch memory freed all at once: the loader's headers
 * and rows, the chart builders' strings and arrays.  Blocks come from
 * 64 KiB chunks (larger requests get a chunk of their own) and are never
 * freed one by one; arena_release() frees every chunk.
 *
 *     struct arena a = {0};
 *     char *s = arena_printf(&a, "%s-%d", code, year);
 *     arena_release(&a);
 *
 * Out of memory exits 70, as xmalloc does.
 */
#ifndef ATTAIN_ENGINE_ARENA_H
#define ATTAIN_ENGINE_ARENA_H

#include <stddef.h>

struct arena_chunk;

/* A zeroed struct arena is an empty arena. */
struct arena {
    struct arena_chunk *head; /* the chunk handed out from, then older ones */
};

/* n zeroed bytes, 8-byte aligned, valid until arena_release(). */
void *arena_alloc(struct arena *a, size_t n);

/* A '\0'-terminated copy of the first n bytes of s (s may be NULL when n is 0). */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* A formatted string. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Free every block; the arena is empty again and can be reused. */
void arena_release(struct arena *a);

#endif /* ATTAIN_ENGINE_ARENA_H */
