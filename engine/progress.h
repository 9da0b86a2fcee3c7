/*
 * engine/progress.h -- a progress bar on stderr for long runs.  Drawn only
 * when asked to (the caller passes isatty(STDERR_FILENO)), so pipes, files
 * and tests never see it; stdout is never touched.
 */
#ifndef ATTAIN_ENGINE_PROGRESS_H
#define ATTAIN_ENGINE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

struct progress;

/*
 * A bar labelled `label` counting to `total`.  With enabled false (or a
 * total too small to be worth a bar) every call is a no-op.  Returns NULL in
 * that case; all functions accept NULL.  Free with progress_free.
 */
struct progress *progress_new(const char *label, size_t total, bool enabled);

/* Count n more done; thread-safe.  Redraws at most every 1% of the total. */
void progress_add(struct progress *bar, size_t n);

/* Erase the bar and free it. */
void progress_free(struct progress *bar);

#endif /* ATTAIN_ENGINE_PROGRESS_H */
