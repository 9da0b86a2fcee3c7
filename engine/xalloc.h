/*
 * engine/xalloc.h -- allocation that cannot fail: on out-of-memory these
 * print "attain: out of memory" and exit 70.  engine/ only.
 */
#ifndef ATTAIN_ENGINE_XALLOC_H
#define ATTAIN_ENGINE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Grow an array of n elements of `size` bytes to at least `need`, doubling; updates *cap. */
void *xgrow(void *p, size_t size, size_t need, size_t *cap);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* ATTAIN_ENGINE_XALLOC_H */
