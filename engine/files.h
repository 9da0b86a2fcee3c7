/*
 * engine/files.h -- the file-system chores of writing a bulletin.
 */
#ifndef ATTAIN_ENGINE_FILES_H
#define ATTAIN_ENGINE_FILES_H

#include <stdbool.h>

#include "err.h"
#include "status.h"

/*
 * Create directory `dir` (not its parents: a typo should not build a tree);
 * an existing directory is fine.  Returns ATT_OK or ATT_ECANTCREAT with the
 * message in err.
 */
int files_make_dir(const char *dir, struct att_err *err) ATT_MUST_CHECK;
/* The same, and *made says whether this call created it (for a clean-up on failure). */
int files_make_dir_made(const char *dir, bool *made, struct att_err *err) ATT_MUST_CHECK;

/*
 * The whole file at path as a '\0'-terminated heap buffer (caller frees),
 * or NULL with errno set when it cannot be read.
 */
char *files_slurp(const char *path);

/*
 * Outputs are written atomically: to files_temp_path(final), checked, then
 * files_commit()ed, so a failed or interrupted run leaves the previous file
 * (or nothing), never half of one.
 *
 * files_temp_path: "DIR/.NAME.attain-PID.EXT" for "DIR/NAME.EXT" -- the same
 * directory (rename stays on one file system) and the same extension (it
 * picks gnuplot's terminal).  The caller frees it.
 */
char *files_temp_path(const char *final);

/* Is the chart at path complete: a PNG ending in IEND, an SVG in </svg>, a PDF in %%EOF? */
bool files_chart_complete(const char *path);

/* Has the file system holding path (almost: < 256 kB) no space left for us? */
bool files_disk_full(const char *path);

/* Rename tmp to final; the status of att_status_errno and a message on failure. */
int files_commit(const char *tmp, const char *final, struct att_err *err) ATT_MUST_CHECK;

#endif /* ATTAIN_ENGINE_FILES_H */
