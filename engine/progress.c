/*
 * engine/progress.c -- the progress bar (see progress.h).  One line on
 * stderr, redrawn in place with '\r' and erased at the end, so that it
 * leaves nothing behind in the terminal's scroll-back.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "progress.h"
#include "xalloc.h"

#define PROGRESS_MIN_TOTAL 20 /* fewer items finish too fast for a bar */
#define PROGRESS_WIDTH 30

struct progress {
    const char *label;
    size_t total, done;
    size_t drawn; /* the `done` value last drawn */
    pthread_mutex_t lock;
};

struct progress *progress_new(const char *label, size_t total, bool enabled)
{
    struct progress *bar;

    if (!enabled || total < PROGRESS_MIN_TOTAL)
        return NULL;
    bar = xcalloc(1, sizeof *bar);
    bar->label = label;
    bar->total = total;
    pthread_mutex_init(&bar->lock, NULL);
    return bar;
}

static void draw(const struct progress *bar)
{
    size_t fill = bar->done * PROGRESS_WIDTH / bar->total, i;
    char line[PROGRESS_WIDTH + 1];

    for (i = 0; i < PROGRESS_WIDTH; i++)
        line[i] = i < fill ? '#' : '.';
    line[PROGRESS_WIDTH] = '\0';
    fprintf(stderr, "\r%s [%s] %zu/%zu", bar->label, line, bar->done, bar->total);
    fflush(stderr);
}

void progress_add(struct progress *bar, size_t n)
{
    if (!bar)
        return;
    pthread_mutex_lock(&bar->lock);
    bar->done += n;
    if (bar->done > bar->total)
        bar->done = bar->total;
    if ((bar->done - bar->drawn) * 100 >= bar->total || bar->done == bar->total) {
        draw(bar);
        bar->drawn = bar->done;
    }
    pthread_mutex_unlock(&bar->lock);
}

void progress_free(struct progress *bar)
{
    if (!bar)
        return;
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
    pthread_mutex_destroy(&bar->lock);
    free(bar);
}
